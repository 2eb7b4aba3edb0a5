//! Walking a plan: merging posting lists in publication order, testing what the lists do not
//! guarantee, and counting.

use super::*;

/// A scan of an ordered source: one iterator per posting list.
pub(super) enum KeyIter<'s> {
    /// A list's range, oldest first.
    Up(Copied<RangedIter<'s, DateKey, DefaultSharedPtr>>),
    /// A list's range, newest first.
    Down(Rev<Copied<RangedIter<'s, DateKey, DefaultSharedPtr>>>),
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

/// Several ordered lists merged into one, without duplicates.
pub(super) struct Merge<'s> {
    pub(super) lists: Vec<Peekable<KeyIter<'s>>>,
    pub(super) descending: bool,
    pub(super) last: Option<DateKey>,
}

impl Iterator for Merge<'_> {
    type Item = DateKey;

    fn next(&mut self) -> Option<DateKey> {
        loop {
            let mut best: Option<(usize, DateKey)> = None;
            for (index, list) in self.lists.iter_mut().enumerate() {
                if let Some(key) = list.peek() {
                    let better = match best {
                        None => true,
                        Some((_, current)) if self.descending => *key > current,
                        Some((_, current)) => *key < current,
                    };
                    if better {
                        best = Some((index, *key));
                    }
                }
            }
            let (index, key) = best?;
            self.lists[index].next();
            if self.last != Some(key) {
                self.last = Some(key);
                return Some(key);
            }
        }
    }
}

/// Where candidates come from.
pub(super) enum Source<'s> {
    /// The union of these posting lists.
    Lists(Vec<&'s OrdSet<DateKey>>),
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

/// A post a plan admits.
pub(crate) struct Admitted {
    /// Its search relevance, when the query searches (`None` otherwise).
    pub(crate) relevance: Option<u32>,
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
                        .is_some_and(|entry| self.admits(entry).is_some())
                };
                let inside = list.range(from..=to).count() as u64;
                let before = if from > low {
                    list.range(low..=previous(from))
                        .filter(|k| admitted(k))
                        .count() as u64
                } else {
                    0
                };
                let after = if to < high {
                    list.range(next(to)..=high).filter(|k| admitted(k)).count() as u64
                } else {
                    0
                };
                inside + before + after
            }
            _ => self.walk(false, None).count() as u64,
        }
    }

    /// Whether the plan admits the post (visibility, the conditions its lists do not
    /// guarantee, the search), and with which relevance.
    pub(crate) fn admits(&self, entry: &Entry) -> Option<Admitted> {
        if (self.check_visibility && !self.viewer.can_see_post(&entry.post))
            || !self.residual.matches(entry)
        {
            return None;
        }
        let relevance = match &self.search {
            None => None,
            Some(search) => {
                let post = &entry.post;
                let (excerpt, content) = if self.viewer.can_read_content(post) {
                    (post.excerpt.as_deref().unwrap_or(""), post.content.as_str())
                } else {
                    ("", "")
                };
                Some(search.score(&post.title, excerpt, content)?)
            }
        };
        Some(Admitted { relevance })
    }

    /// The admitted posts in publication order, strictly after `after` in that direction.
    pub(crate) fn walk<'p>(
        &'p self,
        descending: bool,
        after: Option<DateKey>,
    ) -> impl Iterator<Item = (&'s Arc<Entry>, Option<u32>)> + 'p {
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
        // With no bound at all, the walk starts at an end of the list without seeking a key.
        let whole = low == DateKey::lowest_at(i64::MIN) && high == DateKey::highest_at(i64::MAX);
        let range = |list: &'s OrdSet<DateKey>| {
            let range = if whole {
                list.range::<_, DateKey>(..)
            } else {
                list.range(low..=high)
            }
            .copied();
            if descending {
                KeyIter::Down(range.rev())
            } else {
                KeyIter::Up(range)
            }
        };
        let keys = if empty {
            Keys::Empty
        } else {
            match &self.source {
                // One list needs no merging.
                Source::Lists(lists) if lists.len() == 1 => Keys::One(range(lists[0])),
                Source::Lists(lists) if lists.is_empty() => Keys::Empty,
                Source::Lists(lists) => Keys::Merged(Merge {
                    lists: lists.iter().map(|list| range(list).peekable()).collect(),
                    descending,
                    last: None,
                }),
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
            self.admits(entry)
                .map(|admitted| (entry, admitted.relevance))
        })
    }
}
