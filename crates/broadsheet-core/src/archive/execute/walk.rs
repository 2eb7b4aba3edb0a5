//! Walking a plan: merging posting lists in publication order, testing what the lists do not
//! guarantee, and counting.

use super::*;

/// A scan of an ordered source: one iterator per posting list.
pub(super) enum KeyIter<'s> {
    /// A list's range, oldest first.
    Up(Copied<RangedIter<'s, DateKey, DefaultSharedPtr>>),
    /// A list's range, newest first.
    Down(Rev<Copied<RangedIter<'s, DateKey, DefaultSharedPtr>>>),
    /// A range of a list not built yet (its sorted keys), oldest first.
    SliceUp(Copied<std::slice::Iter<'s, DateKey>>),
    /// A range of a list not built yet, newest first.
    SliceDown(Rev<Copied<std::slice::Iter<'s, DateKey>>>),
    /// Collected keys, oldest first.
    KeysUp(std::vec::IntoIter<DateKey>),
    /// Collected keys, newest first.
    KeysDown(Rev<std::vec::IntoIter<DateKey>>),
}

impl Iterator for KeyIter<'_> {
    type Item = DateKey;

    fn next(&mut self) -> Option<DateKey> {
        match self {
            KeyIter::Up(iter) => iter.next(),
            KeyIter::Down(iter) => iter.next(),
            KeyIter::SliceUp(iter) => iter.next(),
            KeyIter::SliceDown(iter) => iter.next(),
            KeyIter::KeysUp(iter) => iter.next(),
            KeyIter::KeysDown(iter) => iter.next(),
        }
    }
}

/// The keys a walk reads: nothing, one list, or several merged.
pub(super) enum Keys<'s> {
    Empty,
    One(KeyIter<'s>),
    Merged(Merge<'s>),
}

impl Iterator for Keys<'_> {
    type Item = DateKey;

    fn next(&mut self) -> Option<DateKey> {
        match self {
            Keys::Empty => None,
            Keys::One(iter) => iter.next(),
            Keys::Merged(merge) => merge.next(),
        }
    }
}

/// Several ordered lists merged into one, without duplicates: a k-way merge through a heap
/// of the lists' next keys, so that each key read costs O(log k) whatever the number of lists
/// (a post carrying thousands of terms that share one slug is in thousands of lists).
pub(super) struct Merge<'s> {
    lists: Vec<KeyIter<'s>>,
    heads: BinaryHeap<Head>,
    last: Option<DateKey>,
}

/// The next key of one list in a [`Merge`], ordered so that the heap's top is the key the
/// walk takes next (the newest when descending, the oldest otherwise).
#[derive(PartialEq, Eq)]
struct Head {
    key: DateKey,
    list: usize,
    descending: bool,
}

impl Ord for Head {
    fn cmp(&self, other: &Self) -> Ordering {
        let by_key = if self.descending {
            self.key.cmp(&other.key)
        } else {
            other.key.cmp(&self.key)
        };
        by_key.then_with(|| other.list.cmp(&self.list))
    }
}

impl PartialOrd for Head {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl<'s> Merge<'s> {
    /// Merges `lists`, each already in the walk's order.
    pub(super) fn new(mut lists: Vec<KeyIter<'s>>, descending: bool) -> Self {
        let heads = lists
            .iter_mut()
            .enumerate()
            .filter_map(|(list, iter)| {
                iter.next().map(|key| Head {
                    key,
                    list,
                    descending,
                })
            })
            .collect();
        Merge {
            lists,
            heads,
            last: None,
        }
    }
}

impl Iterator for Merge<'_> {
    type Item = DateKey;

    fn next(&mut self) -> Option<DateKey> {
        loop {
            let Head {
                key,
                list,
                descending,
            } = self.heads.pop()?;
            if let Some(next) = self.lists[list].next() {
                self.heads.push(Head {
                    key: next,
                    list,
                    descending,
                });
            }
            if self.last != Some(key) {
                self.last = Some(key);
                return Some(key);
            }
        }
    }
}

/// Where candidates come from.
pub(super) enum Source<'s> {
    /// The union of these posting lists (read without being built where that is enough:
    /// their lengths, membership, counts of a date range).
    Lists(Vec<&'s Posting>),
    /// These keys (sorted).
    Keys(Vec<DateKey>),
}

impl Source<'_> {
    pub(super) fn size(&self) -> usize {
        match self {
            Source::Lists(lists) => lists.iter().map(|l| l.len()).sum(),
            Source::Keys(keys) => keys.len(),
        }
    }

    /// Whether a post is in the source.
    pub(super) fn contains(&self, key: &DateKey) -> bool {
        match self {
            Source::Lists(lists) => lists.iter().any(|list| list.contains(key)),
            Source::Keys(keys) => keys.binary_search(key).is_ok(),
        }
    }
}

/// One term of a search as the text index answers it.
pub(super) struct TermFilter<'s> {
    /// The posts that may contain the term (exactly those when `exact`).
    pub(super) posts: Source<'s>,
    /// A term of several words as the forward index checks a member (before its text).
    pub(super) phrase: Option<Phrase>,
    /// Whether membership decides (otherwise a member is checked against the forward index,
    /// and against its text when that cannot decide).
    pub(super) exact: bool,
    /// An excluded term (`-word`).
    pub(super) exclude: bool,
    /// The plan's source is this term's posts (moved out of `posts`): every walked post is
    /// a member.
    pub(super) is_source: bool,
}

/// The conjuncts a source satisfies by itself (at most two), by index.
#[derive(Debug, Clone, Copy)]
pub(super) struct Consumed(pub(super) [Option<usize>; 2]);

impl Consumed {
    pub(super) const NONE: Consumed = Consumed([None, None]);

    pub(super) fn one(index: usize) -> Self {
        Consumed([Some(index), None])
    }

    pub(super) fn contains(&self, index: usize) -> bool {
        self.0.contains(&Some(index))
    }
}

/// The keys of a list from `low` to `high` (both included, `low <= high`), in either
/// direction: a list not built yet as a range of its sorted keys, without building it; with
/// no bound at all, from an end of the list without seeking a key.
fn scan(list: &Posting, low: DateKey, high: DateKey, descending: bool) -> KeyIter<'_> {
    let whole = low == DateKey::lowest_at(i64::MIN) && high == DateKey::highest_at(i64::MAX);
    if let Some(keys) = list.sorted_keys() {
        let keys = if whole {
            keys
        } else {
            slice_between(keys, &low, &high)
        };
        let keys = keys.iter().copied();
        return if descending {
            KeyIter::SliceDown(keys.rev())
        } else {
            KeyIter::SliceUp(keys)
        };
    }
    let set = list.set();
    let range = if whole {
        set.range::<_, DateKey>(..)
    } else {
        set.range(low..=high)
    }
    .copied();
    if descending {
        KeyIter::Down(range.rev())
    } else {
        KeyIter::Up(range)
    }
}

impl<'s> Plan<'s> {
    /// The number of admitted posts.
    pub(crate) fn count(&self) -> u64 {
        if let Some(total) = self.known_total() {
            return total;
        }
        match (&self.source, self.certain) {
            (Source::Lists(lists), Some((from, to))) if lists.len() == 1 => {
                let list = lists[0];
                let (low, high) = (self.low, self.high);
                let (from, to) = (from.max(low), to.min(high));
                if from > to {
                    return self.walk(false, None).count() as u64;
                }
                let admitted = |key: &DateKey| {
                    self.snapshot
                        .posts
                        .get(&key.id)
                        .is_some_and(|entry| self.admits(entry))
                };
                let inside = list.count_between(&from, &to) as u64;
                let before = if from > low {
                    scan(list, low, previous(from), false)
                        .filter(|k| admitted(k))
                        .count() as u64
                } else {
                    0
                };
                let after = if to < high {
                    scan(list, next(to), high, false)
                        .filter(|k| admitted(k))
                        .count() as u64
                } else {
                    0
                };
                inside + before + after
            }
            _ => self.walk(false, None).count() as u64,
        }
    }

    /// Whether the plan admits the post: visibility, the conditions its lists do not
    /// guarantee, and the search (from the text index; the post's text is read only when the
    /// index cannot decide).
    pub(crate) fn admits(&self, entry: &Entry) -> bool {
        (!self.check_visibility || self.viewer.can_see_post(&entry.post))
            && self.residual.matches(entry)
            && (self.search.is_none() || self.search_admits(entry))
    }

    /// Whether the search admits a post. Membership in a term's lists decides for a term of
    /// one word; a term of several words is decided by the post's word sequence in the
    /// forward index (and by the text when that cannot decide); any term on a protected post
    /// whose text the viewer may not read (only its title is searched) is checked against the
    /// text.
    fn search_admits(&self, entry: &Entry) -> bool {
        let post = &entry.post;
        let title_only = !self.viewer.can_read_content(post);
        let key = DateKey::of(post);
        let mut check_text = title_only;
        for term in &self.terms {
            let member = term.is_source || term.posts.contains(&key);
            match (term.exclude, member) {
                (false, false) => return false,
                (true, false) => {}
                (_, true) if title_only => check_text = true,
                (_, true) if !term.exact => {
                    let occurs = term
                        .phrase
                        .as_ref()
                        .and_then(|phrase| self.snapshot.words.occurs(post.id, phrase));
                    match occurs {
                        Some(occurs) if occurs == term.exclude => return false,
                        Some(_) => {}
                        None => check_text = true,
                    }
                }
                (true, true) => return false,
                (false, true) => {}
            }
        }
        if !check_text {
            return true;
        }
        super::super::words::note_examined();
        self.matches_text(entry)
    }

    /// Whether a post matches the query's search over what the viewer may read (what
    /// [`Self::relevance`] being `Some` says, without scoring).
    fn matches_text(&self, entry: &Entry) -> bool {
        let Some(search) = self.search.as_ref() else {
            return true;
        };
        let (title, excerpt, content) = self.searched_fields(entry);
        search.matches(title, excerpt, content)
    }

    /// A post's search relevance (`None` when the query does not search, or the post does not
    /// match it): the score of [`SearchQuery::score`] over what the viewer may read.
    pub(crate) fn relevance(&self, entry: &Entry) -> Option<u32> {
        let search = self.search.as_ref()?;
        let (title, excerpt, content) = self.searched_fields(entry);
        search.score(title, excerpt, content)
    }

    /// The relevance a view of a post shown on a page carries: scored when first read, as
    /// only an order by relevance needs every match's score.
    pub(crate) fn view_relevance(&self) -> Relevance {
        match &self.search {
            Some(search) => Relevance::deferred(Arc::clone(search)),
            None => Relevance::Known(None),
        }
    }

    /// The title, excerpt and content a search reads of a post (see [`searched_fields`]).
    fn searched_fields<'e>(&self, entry: &'e Entry) -> (&'e str, &'e str, &'e str) {
        searched_fields(&entry.post, self.viewer.can_read_content(&entry.post))
    }

    /// The admitted posts in publication order, strictly after `after` in that direction.
    pub(crate) fn walk<'p>(
        &'p self,
        descending: bool,
        after: Option<DateKey>,
    ) -> impl Iterator<Item = &'s Arc<Entry>> + 'p {
        let (mut low, mut high) = (self.low, self.high);
        let mut empty = low > high;
        if let Some(after) = after {
            // Keys are unique, so "strictly after" is "from the next possible key".
            if descending {
                if after <= low {
                    empty = true;
                } else if after <= high {
                    high = previous(after);
                }
            } else if after >= high {
                empty = true;
            } else if after >= low {
                low = next(after);
            }
        }
        let keys = if empty {
            Keys::Empty
        } else {
            match &self.source {
                // One list needs no merging.
                Source::Lists(lists) if lists.len() == 1 => {
                    Keys::One(scan(lists[0], low, high, descending))
                }
                Source::Lists(lists) if lists.is_empty() => Keys::Empty,
                Source::Lists(lists) => Keys::Merged(Merge::new(
                    lists
                        .iter()
                        .map(|list| scan(list, low, high, descending))
                        .collect(),
                    descending,
                )),
                Source::Keys(keys) => {
                    let keys: Vec<DateKey> = keys
                        .iter()
                        .copied()
                        .filter(|k| *k >= low && *k <= high)
                        .collect();
                    Keys::One(if descending {
                        KeyIter::KeysDown(keys.into_iter().rev())
                    } else {
                        KeyIter::KeysUp(keys.into_iter())
                    })
                }
            }
        };
        let posts = &self.snapshot.posts;
        keys.filter_map(move |key| {
            let entry = posts.get(&key.id)?;
            self.admits(entry).then_some(entry)
        })
    }
}
