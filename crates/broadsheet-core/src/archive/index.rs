//! Posting lists and maintained counts.
//!
//! Every list is an ordered set of [`DateKey`]s (publication instant, then post id), so a
//! newest-first page is a walk of the last entries and a total is the set's length. Two
//! families of lists are kept: one over every post, and one over the posts the public sees
//! by default (kind `post`, status `published`), so that the anonymous tag page, its total, the
//! monthly archive and the tag cloud read maintained structures and never scan posts.
//!
//! Lists are persistent (`imbl`) sets: a new snapshot shares every untouched node with the
//! previous one, and an edit costs in proportion to the lists it touches.

use crate::ids::{AuthorId, PostId, TermId};
use crate::post::{Post, PostKind, PostStatus};
use chrono::{Datelike, NaiveDate};
use imbl::{OrdMap, OrdSet};
use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::BTreeSet;
use std::sync::Arc;

pub(crate) use crate::ids::IdHash;

/// A persistent hash map keyed by ids.
pub(crate) type IdMap<K, V> =
    imbl::GenericHashMap<K, V, IdHash, imbl::shared_ptr::DefaultSharedPtr>;

/// The posts that share a slug: almost always one, kept without a set (a set per slug cost
/// about 160 bytes a post).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SlugPosts {
    /// The one post with the slug.
    One(PostId),
    /// Two or more posts with the slug.
    Many(OrdSet<PostId>),
}

impl SlugPosts {
    /// Adds a post to the posts of its slug in a map of slugs.
    pub(crate) fn add_to(slugs: &mut OrdMap<String, SlugPosts>, slug: &str, id: PostId) {
        match slugs.entry(slug.to_owned()) {
            imbl::ordmap::Entry::Occupied(mut posts) => posts.get_mut().insert(id),
            imbl::ordmap::Entry::Vacant(slot) => {
                slot.insert(SlugPosts::One(id));
            }
        }
    }

    /// Adds a post.
    pub(crate) fn insert(&mut self, id: PostId) {
        match self {
            SlugPosts::One(one) if *one == id => {}
            SlugPosts::One(one) => *self = SlugPosts::Many(OrdSet::from(vec![*one, id])),
            SlugPosts::Many(set) => {
                set.insert(id);
            }
        }
    }

    /// Removes a post; `false` when none is left (the entry is then to be removed).
    pub(crate) fn remove(&mut self, id: PostId) -> bool {
        match self {
            SlugPosts::One(one) => *one != id,
            SlugPosts::Many(set) => {
                set.remove(&id);
                let left = set.len();
                if left == 1
                    && let Some(&last) = set.get_min()
                {
                    *self = SlugPosts::One(last);
                }
                left > 0
            }
        }
    }

    /// The lowest id.
    pub(crate) fn lowest(&self) -> Option<PostId> {
        match self {
            SlugPosts::One(one) => Some(*one),
            SlugPosts::Many(set) => set.get_min().copied(),
        }
    }
}

/// The position of a post in publication order: instant (seconds and nanoseconds since the
/// Unix epoch in UTC; posts with no date first), then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct DateKey {
    pub(crate) secs: i64,
    pub(crate) nanos: u32,
    pub(crate) id: PostId,
}

impl DateKey {
    /// The key of a post.
    pub(crate) fn of(post: &Post) -> Self {
        match &post.published {
            Some(time) => {
                let utc = time.utc();
                Self {
                    secs: utc.timestamp(),
                    nanos: utc.timestamp_subsec_nanos(),
                    id: post.id,
                }
            }
            None => Self {
                secs: i64::MIN,
                nanos: 0,
                id: post.id,
            },
        }
    }

    /// The smallest key at `secs`.
    pub(crate) fn lowest_at(secs: i64) -> Self {
        Self {
            secs,
            nanos: 0,
            id: PostId(0),
        }
    }

    /// The largest key at `secs`.
    pub(crate) fn highest_at(secs: i64) -> Self {
        Self {
            secs,
            nanos: u32::MAX,
            id: PostId(u64::MAX),
        }
    }
}

/// A post as the archive holds it, with what is derived from it and its comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) post: Arc<Post>,
    /// Approved comments.
    pub(crate) approved_comments: u64,
}

impl Entry {
    /// The local calendar date of publication.
    pub(crate) fn local_date(&self) -> Option<NaiveDate> {
        self.post
            .published
            .as_ref()
            .map(crate::time::Timestamp::local_date)
    }
}

/// A posting list: built, or deferred (loaded as sorted keys, or as ids a persisted text
/// index encodes), or a deferred list with the edits made since (an immutable base plus a
/// small delta). Queries read a deferred list as its sorted keys (walks, binary searches,
/// range counts) and never build it; it is built into a set, once, only where a set is
/// needed (a patched list walked in a snapshot builds its base and applies the delta). A
/// deferred base is shared by every snapshot that holds it; an edit never builds it (it
/// costs O(log n): a search of the base's sorted keys and an insert into the delta).
/// Building changes no answer: snapshots stay immutable for their readers.
#[derive(Debug, Clone)]
pub(crate) enum Posting {
    /// A built list.
    Built(BuiltList),
    /// A list not built yet.
    Deferred(Arc<Deferred>),
    /// A list not built yet, and the edits made to it since it was loaded.
    Patched(Arc<Patched>),
}

/// The post ids of a list as a compressed bitmap (roaring): totals of AND, OR and NOT of
/// lists are the cardinality of bitmap operations, which cost in proportion to the
/// bitmaps' containers (a few words per 65,536 ids), not to the lists' lengths.
pub(crate) type IdBits = roaring::RoaringTreemap;

/// The bitmap of the ids of some keys.
fn bits_of(keys: impl Iterator<Item = DateKey>) -> IdBits {
    let mut ids: Vec<u64> = keys.map(|key| key.id.0).collect();
    ids.sort_unstable();
    ids.dedup();
    // Sorted and distinct, so this is the fast bulk load; the fallback is never taken.
    IdBits::from_sorted_iter(ids.iter().copied()).unwrap_or_else(|_| ids.into_iter().collect())
}

/// The bitmap of the union of lists (the one list's own bitmap when there is one).
pub(crate) fn union_bits<'a>(lists: &[&'a Posting]) -> std::borrow::Cow<'a, IdBits> {
    match lists {
        [one] => std::borrow::Cow::Borrowed(one.bits()),
        _ => {
            let mut union = IdBits::new();
            for list in lists {
                union |= list.bits();
            }
            std::borrow::Cow::Owned(union)
        }
    }
}

/// A built list, and its bitmap once a total asked for it (kept up to date by later edits
/// of this list, so a snapshot's edits never rebuild it).
#[derive(Debug, Clone, Default)]
pub(crate) struct BuiltList {
    set: OrdSet<DateKey>,
    bits: std::sync::OnceLock<Arc<IdBits>>,
}

impl BuiltList {
    fn new(set: OrdSet<DateKey>) -> Self {
        BuiltList {
            set,
            bits: std::sync::OnceLock::new(),
        }
    }

    /// Applies a change of membership to the bitmap when one was made (a copy when an older
    /// snapshot shares it: a few kilobytes per 65,536 ids).
    fn edit_bits(&mut self, edit: impl FnOnce(&mut IdBits)) {
        if let Some(bits) = self.bits.get_mut() {
            edit(Arc::make_mut(bits));
        }
    }
}

/// A list not built yet, and the forms made of it once a read needs them.
#[derive(Debug)]
pub(crate) struct Deferred {
    pending: Pending,
    /// Made on the first read that needs one of its forms. Most lists of a large archive
    /// (the rare words of its text index) are never read, so they pay one pointer for this
    /// instead of a slot for each form (40 bytes a list instead of 112).
    made: std::sync::OnceLock<Box<Made>>,
}

/// The forms of a [`Deferred`] list made as reads need them.
#[derive(Debug, Default)]
struct Made {
    /// The keys of an encoded list once decoded (sorted and distinct).
    decoded: std::sync::OnceLock<Box<[DateKey]>>,
    built: std::sync::OnceLock<OrdSet<DateKey>>,
    bits: std::sync::OnceLock<IdBits>,
}

/// A deferred list with edits: the base holds none of `added` and all of `removed`.
#[derive(Debug)]
pub(crate) struct Patched {
    base: Arc<Deferred>,
    added: OrdSet<DateKey>,
    removed: OrdSet<DateKey>,
    built: std::sync::OnceLock<OrdSet<DateKey>>,
    bits: std::sync::OnceLock<IdBits>,
}

/// Past this many edits, a patched list is built and edited as a set.
const MAX_DELTA: usize = 256;

/// What a deferred list is built from.
#[derive(Debug)]
pub(crate) enum Pending {
    /// The keys, sorted and distinct.
    Sorted(Box<[DateKey]>),
    /// Post ids as a persisted text index encodes them ([`encode_ids`]), with the keys of
    /// the posts the list may admit.
    Encoded {
        bytes: Box<[u8]>,
        keys: Arc<KeyTable>,
    },
    /// Positions in a table of keys in publication order, ascending (a family loaded in
    /// bulk: 4 bytes a post per list instead of a 24-byte key, the table shared by every
    /// list of the load).
    Positions {
        table: Arc<[DateKey]>,
        positions: Box<[u32]>,
    },
}

impl Deferred {
    fn made(&self) -> &Made {
        self.made.get_or_init(Box::default)
    }

    /// The set, when a read has built it.
    #[cfg(test)]
    fn built(&self) -> Option<&OrdSet<DateKey>> {
        self.made.get().and_then(|made| made.built.get())
    }

    /// The keys, sorted and distinct (an encoded list is decoded once, without a set).
    fn keys(&self) -> &[DateKey] {
        match &self.pending {
            Pending::Sorted(keys) => keys,
            Pending::Encoded { bytes, keys } => self
                .made()
                .decoded
                .get_or_init(|| decode_keys(bytes, keys).into_boxed_slice()),
            Pending::Positions { table, positions } => self
                .made()
                .decoded
                .get_or_init(|| positioned_keys(table, positions).collect()),
        }
    }

    fn contains(&self, key: &DateKey) -> bool {
        match self.positioned() {
            Some((table, positions)) => positions
                .binary_search_by(|&at| position_key(table, at).cmp(key))
                .is_ok(),
            None => self.keys().binary_search(key).is_ok(),
        }
    }

    /// A list of positions not decoded yet: its table and positions.
    fn positioned(&self) -> Option<(&[DateKey], &[u32])> {
        match &self.pending {
            Pending::Positions { table, positions }
                if self
                    .made
                    .get()
                    .is_none_or(|made| made.decoded.get().is_none()) =>
            {
                Some((table, positions))
            }
            _ => None,
        }
    }

    /// The number of keys (a list of positions is not decoded to count them).
    fn len(&self) -> usize {
        match &self.pending {
            Pending::Positions { positions, .. } => positions.len(),
            _ => self.keys().len(),
        }
    }

    /// The number of keys from `from` to `to`, both included (binary searches).
    fn count_between(&self, from: &DateKey, to: &DateKey) -> usize {
        match self.positioned() {
            Some((table, positions)) => {
                let start = positions.partition_point(|&at| position_key(table, at) < *from);
                let end = positions
                    .partition_point(|&at| position_key(table, at) <= *to)
                    .max(start);
                end - start
            }
            None => slice_between(self.keys(), from, to).len(),
        }
    }

    fn set(&self) -> &OrdSet<DateKey> {
        self.made()
            .built
            .get_or_init(|| self.keys().iter().copied().collect())
    }

    fn bits(&self) -> &IdBits {
        self.made().bits.get_or_init(|| match self.positioned() {
            Some((table, positions)) => bits_of(positioned_keys(table, positions)),
            None => bits_of(self.keys().iter().copied()),
        })
    }
}

impl Default for Posting {
    fn default() -> Self {
        Posting::Built(BuiltList::default())
    }
}

impl Posting {
    /// A list of keys already sorted and distinct, kept as they are (see [`Posting`]).
    pub(crate) fn sorted(keys: Vec<DateKey>) -> Posting {
        Posting::deferred(Pending::Sorted(keys.into_boxed_slice()))
    }

    /// A list kept in its loaded form until a set is needed (see [`Posting`]).
    pub(crate) fn deferred(pending: Pending) -> Posting {
        Posting::Deferred(Arc::new(Deferred {
            pending,
            made: std::sync::OnceLock::new(),
        }))
    }

    /// A built list of these keys.
    pub(crate) fn built(set: OrdSet<DateKey>) -> Posting {
        Posting::Built(BuiltList::new(set))
    }

    /// The post ids of the list as a bitmap, made on first use (from the base and the delta
    /// of a patched list; a deferred list is not built into a set to make it).
    pub(crate) fn bits(&self) -> &IdBits {
        match self {
            Posting::Built(list) => list
                .bits
                .get_or_init(|| Arc::new(bits_of(list.set.iter().copied()))),
            Posting::Deferred(deferred) => deferred.bits(),
            Posting::Patched(patched) => patched.bits.get_or_init(|| {
                let mut bits = patched.base.bits().clone();
                for key in &patched.removed {
                    bits.remove(key.id.0);
                }
                for key in &patched.added {
                    bits.insert(key.id.0);
                }
                bits
            }),
        }
    }

    /// The list (built on first use).
    pub(crate) fn set(&self) -> &OrdSet<DateKey> {
        match self {
            Posting::Built(list) => &list.set,
            Posting::Deferred(deferred) => deferred.set(),
            Posting::Patched(patched) => patched.built.get_or_init(|| {
                let mut set = patched.base.set().clone();
                for key in &patched.added {
                    set.insert(*key);
                }
                for key in &patched.removed {
                    set.remove(key);
                }
                set
            }),
        }
    }

    /// The base and delta of a list not built yet (a deferred list has an empty delta).
    fn delta(&self) -> Option<(&Arc<Deferred>, OrdSet<DateKey>, OrdSet<DateKey>)> {
        match self {
            Posting::Built(_) => None,
            Posting::Deferred(base) => Some((base, OrdSet::new(), OrdSet::new())),
            Posting::Patched(patched) => Some((
                &patched.base,
                patched.added.clone(),
                patched.removed.clone(),
            )),
        }
    }

    /// This list with `added` and `removed` as its delta on `base` (built when too long).
    fn patched(base: Arc<Deferred>, added: OrdSet<DateKey>, removed: OrdSet<DateKey>) -> Posting {
        let patched = Posting::Patched(Arc::new(Patched {
            base,
            added,
            removed,
            built: std::sync::OnceLock::new(),
            bits: std::sync::OnceLock::new(),
        }));
        match &patched {
            Posting::Patched(p) if p.added.len() + p.removed.len() > MAX_DELTA => {
                Posting::built(patched.set().clone())
            }
            _ => patched,
        }
    }

    /// Adds a key (nothing when the list holds it).
    pub(crate) fn insert(&mut self, key: DateKey) {
        let Some((base, mut added, mut removed)) = self.delta() else {
            if let Posting::Built(list) = self
                && list.set.insert(key).is_none()
            {
                list.edit_bits(|bits| {
                    bits.insert(key.id.0);
                });
            }
            return;
        };
        if removed.remove(&key).is_none() {
            if base.contains(&key) || added.contains(&key) {
                return;
            }
            added.insert(key);
        }
        *self = Posting::patched(base.clone(), added, removed);
    }

    /// Removes a key (nothing when the list does not hold it).
    pub(crate) fn remove(&mut self, key: &DateKey) {
        let Some((base, mut added, mut removed)) = self.delta() else {
            if let Posting::Built(list) = self
                && list.set.remove(key).is_some()
            {
                list.edit_bits(|bits| {
                    bits.remove(key.id.0);
                });
            }
            return;
        };
        if added.remove(key).is_none() {
            if !base.contains(key) || removed.contains(key) {
                return;
            }
            removed.insert(*key);
        }
        *self = Posting::patched(base.clone(), added, removed);
    }

    /// The keys of a list not built yet and not edited since it was loaded (sorted and
    /// distinct), which a walk reads as they are.
    pub(crate) fn sorted_keys(&self) -> Option<&[DateKey]> {
        match self {
            Posting::Deferred(base) => Some(base.keys()),
            _ => None,
        }
    }

    /// Whether the list's set has been built (a built list, or a deferred one read as a set).
    #[cfg(test)]
    pub(crate) fn is_built(&self) -> bool {
        match self {
            Posting::Built(_) => true,
            Posting::Deferred(base) => base.built().is_some(),
            Posting::Patched(p) => p.built.get().is_some(),
        }
    }

    /// Whether the list holds a key (a list not built yet is searched without being built).
    pub(crate) fn contains(&self, key: &DateKey) -> bool {
        match self {
            Posting::Built(list) => list.set.contains(key),
            Posting::Deferred(base) => base.contains(key),
            Posting::Patched(p) => {
                p.added.contains(key) || (!p.removed.contains(key) && p.base.contains(key))
            }
        }
    }

    /// The number of keys from `from` to `to`, both included: two binary searches of a list
    /// not built yet (and the delta's range of a patched one), a walk of the range of a built
    /// one.
    pub(crate) fn count_between(&self, from: &DateKey, to: &DateKey) -> usize {
        if from > to {
            return 0;
        }
        match self {
            Posting::Built(list) => list.set.range(*from..=*to).count(),
            Posting::Deferred(base) => base.count_between(from, to),
            Posting::Patched(p) => {
                p.base.count_between(from, to) + p.added.range(*from..=*to).count()
                    - p.removed.range(*from..=*to).count()
            }
        }
    }

    /// The number of posts (a list not built yet is not built to count them).
    pub(crate) fn len(&self) -> usize {
        match self {
            Posting::Built(list) => list.set.len(),
            Posting::Deferred(base) => base.len(),
            Posting::Patched(p) => p.base.len() + p.added.len() - p.removed.len(),
        }
    }

    /// Whether the list is empty.
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The keys in order: borrowed from a list not built yet (which is read without being
    /// built), copied out of a built or patched one.
    pub(crate) fn keys(&self) -> Cow<'_, [DateKey]> {
        match self {
            Posting::Built(list) => Cow::Owned(list.set.iter().copied().collect()),
            Posting::Deferred(base) => Cow::Borrowed(base.keys()),
            Posting::Patched(p) => {
                let mut keys: Vec<DateKey> = base_keys(&p.base)
                    .filter(|key| !p.removed.contains(key))
                    .chain(p.added.iter().copied())
                    .collect();
                keys.sort_unstable();
                Cow::Owned(keys)
            }
        }
    }
}

/// The keys of a sorted slice from `from` to `to`, both included (two binary searches).
pub(crate) fn slice_between<'k>(
    keys: &'k [DateKey],
    from: &DateKey,
    to: &DateKey,
) -> &'k [DateKey] {
    let start = keys.partition_point(|k| k < from);
    let end = keys.partition_point(|k| k <= to).max(start);
    &keys[start..end]
}

fn base_keys(base: &Deferred) -> impl Iterator<Item = DateKey> + '_ {
    base.keys().iter().copied()
}

impl PartialEq for Posting {
    fn eq(&self, other: &Self) -> bool {
        self.set() == other.set()
    }
}

impl Eq for Posting {}

/// Publication keys of the posts an image's lists may name, by id: the posts of the list's
/// group whose persisted entries are still true (their indexed text, date and group
/// unchanged). An id that is not here is dropped, so a list never admits a post outside its
/// group, whatever its bytes say.
pub(crate) type KeyTable = std::collections::HashMap<PostId, DateKey, IdHash>;

/// The keys at positions of a table, in the positions' order (a position past its end, which
/// none made from the table is, names no key).
fn positioned_keys<'t>(
    table: &'t [DateKey],
    positions: &'t [u32],
) -> impl Iterator<Item = DateKey> + 't {
    positions
        .iter()
        .filter_map(|&at| table.get(at as usize).copied())
}

/// The key at a position of a table (past its end, which no position made from the table
/// is, the highest key).
fn position_key(table: &[DateKey], at: u32) -> DateKey {
    table
        .get(at as usize)
        .copied()
        .unwrap_or(DateKey::highest_at(i64::MAX))
}

/// The keys of the posts an encoded list names that `keys` admits, sorted and distinct (as
/// they are unless the bytes were edited by hand).
pub(crate) fn decode_keys(bytes: &[u8], keys: &KeyTable) -> Vec<DateKey> {
    let mut found: Vec<DateKey> = decode_ids(bytes)
        .filter_map(|id| keys.get(&id).copied())
        .collect();
    if !found.is_sorted_by(|a, b| a < b) {
        found.sort_unstable();
        found.dedup();
    }
    found
}

/// Encodes post ids as a persisted text index keeps a word's list (`ImageList::posts`):
/// each id as the difference from the previous id (the first from 0), zigzag-mapped and
/// written as a LEB128 varint.
pub(crate) fn encode_ids(ids: impl Iterator<Item = PostId>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut previous = 0u64;
    for id in ids {
        let delta = id.0.wrapping_sub(previous) as i64;
        previous = id.0;
        push_varint(&mut out, ((delta << 1) ^ (delta >> 63)) as u64);
    }
    out
}

/// Appends `value` as a LEB128 varint (7 bits a byte, low bits first; every byte but the
/// last has its high bit set).
pub(crate) fn push_varint(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads the LEB128 varint at `*at` and moves past it. `None` at the end of `bytes`, and at
/// a malformed end (a varint cut short, or longer than `max_bytes`), after which `*at` is
/// the end.
pub(crate) fn read_varint(bytes: &[u8], at: &mut usize, max_bytes: usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in 0..max_bytes.min(10) {
        let Some(&byte) = bytes.get(*at) else {
            *at = bytes.len();
            return None;
        };
        *at += 1;
        value |= u64::from(byte & 0x7f) << (7 * shift);
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    *at = bytes.len();
    None
}

/// Decodes [`encode_ids`]' bytes; a malformed end (a varint cut short or longer than 10
/// bytes) ends the ids.
pub(crate) fn decode_ids(bytes: &[u8]) -> impl Iterator<Item = PostId> + '_ {
    let mut at = 0;
    let mut previous = 0u64;
    std::iter::from_fn(move || {
        let value = read_varint(bytes, &mut at, 10)?;
        let delta = ((value >> 1) as i64) ^ -((value & 1) as i64);
        previous = previous.wrapping_add(delta as u64);
        Some(PostId(previous))
    })
}

/// Whether a post belongs to the public family (what an anonymous reader sees by default).
pub(crate) fn is_public_default(post: &Post) -> bool {
    post.kind == PostKind::Post && post.status == PostStatus::Published
}

/// Whether a post belongs to the editorial family (what an editor sees by default).
pub(crate) fn is_editorial_default(post: &Post) -> bool {
    post.kind == PostKind::Post && post.status != PostStatus::Trash
}

/// One family of posting lists and counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Family {
    /// Every post of the family.
    pub(crate) by_date: Posting,
    /// Posts per term.
    pub(crate) by_term: IdMap<TermId, Posting>,
    /// Posts per author (every listed author, not only the primary).
    pub(crate) by_author: IdMap<AuthorId, Posting>,
    /// Posts per local (year, month).
    pub(crate) by_month: OrdMap<(i32, u32), Posting>,
    /// Number of posts per local day.
    pub(crate) day_counts: OrdMap<NaiveDate, u64>,
    /// Terms by number of posts, largest first (terms with no post are absent).
    pub(crate) ranked_terms: OrdSet<(Reverse<u64>, TermId)>,
}

impl Family {
    /// Builds the three families (every post, editorial, public) in one pass over the posts:
    /// each post's key, local date and distinct terms and authors are computed once, and every
    /// list is sorted (already, when the posts come in publication order) and built into a set
    /// the first time a query or an edit reads it, so opening an archive builds none. The
    /// result is the one adding the posts one by one gives.
    ///
    /// Every list of the three is kept as positions in one shared table of the posts' keys in
    /// publication order (4 bytes a post per list), decoded into keys when a walk first reads
    /// it; counts, membership and bitmaps read the positions. So an archive holds fewer than
    /// 2^32 posts (the import limits keep it far below).
    pub(crate) fn bulk_all<'p>(posts: impl Iterator<Item = &'p Post>) -> [Family; 3] {
        let mut derived: Vec<(Derived, &Post)> = posts.map(|p| (Derived::of(p), p)).collect();
        if !derived.is_sorted_by_key(|(d, _)| d.key) {
            derived.sort_unstable_by_key(|(d, _)| d.key);
        }
        let table: Arc<[DateKey]> = derived.iter().map(|(d, _)| d.key).collect();
        let mut builders: [FamilyBuilder; 3] = Default::default();
        for (at, (derived, post)) in derived.iter().enumerate() {
            let at = u32::try_from(at).unwrap_or(u32::MAX);
            builders[0].add(derived, at);
            if is_editorial_default(post) {
                builders[1].add(derived, at);
            }
            if is_public_default(post) {
                builders[2].add(derived, at);
            }
        }
        builders.map(|builder| builder.finish(&table))
    }
    /// Adds a post's entries.
    pub(crate) fn add(&mut self, post: &Post) {
        let key = DateKey::of(post);
        self.by_date.insert(key);
        for term in distinct(&post.terms) {
            let list = self.by_term.entry(term).or_default();
            let before = list.len() as u64;
            list.insert(key);
            let after = list.len() as u64;
            self.rerank(term, before, after);
        }
        for author in distinct(&post.authors) {
            self.by_author.entry(author).or_default().insert(key);
        }
        if let Some(date) = post
            .published
            .as_ref()
            .map(crate::time::Timestamp::local_date)
        {
            self.by_month
                .entry((date.year(), date.month()))
                .or_default()
                .insert(key);
            *self.day_counts.entry(date).or_insert(0) += 1;
        }
    }

    /// Removes a post's entries (the post as it was added).
    pub(crate) fn remove(&mut self, post: &Post) {
        let key = DateKey::of(post);
        self.by_date.remove(&key);
        for term in distinct(&post.terms) {
            if let Some(list) = self.by_term.get_mut(&term) {
                let before = list.len() as u64;
                list.remove(&key);
                let after = list.len() as u64;
                if after == 0 {
                    self.by_term.remove(&term);
                }
                self.rerank(term, before, after);
            }
        }
        for author in distinct(&post.authors) {
            if let Some(list) = self.by_author.get_mut(&author) {
                list.remove(&key);
                if list.is_empty() {
                    self.by_author.remove(&author);
                }
            }
        }
        if let Some(date) = post
            .published
            .as_ref()
            .map(crate::time::Timestamp::local_date)
        {
            let month = (date.year(), date.month());
            if let Some(list) = self.by_month.get_mut(&month) {
                list.remove(&key);
                if list.is_empty() {
                    self.by_month.remove(&month);
                }
            }
            if let Some(count) = self.day_counts.get_mut(&date) {
                *count -= 1;
                if *count == 0 {
                    self.day_counts.remove(&date);
                }
            }
        }
    }

    fn rerank(&mut self, term: TermId, before: u64, after: u64) {
        if before == after {
            return;
        }
        if before > 0 {
            self.ranked_terms.remove(&(Reverse(before), term));
        }
        if after > 0 {
            self.ranked_terms.insert((Reverse(after), term));
        }
    }

    /// The posts of a term.
    pub(crate) fn term(&self, term: TermId) -> Option<&OrdSet<DateKey>> {
        self.by_term.get(&term).map(Posting::set)
    }

    /// The number of posts of a term.
    #[cfg(test)]
    pub(crate) fn term_count(&self, term: TermId) -> u64 {
        self.by_term.get(&term).map_or(0, |list| list.len() as u64)
    }
}

/// What the families need of a post, computed once.
struct Derived {
    key: DateKey,
    date: Option<NaiveDate>,
    terms: Vec<TermId>,
    authors: Vec<AuthorId>,
}

impl Derived {
    fn of(post: &Post) -> Self {
        Derived {
            key: DateKey::of(post),
            date: post
                .published
                .as_ref()
                .map(crate::time::Timestamp::local_date),
            terms: distinct(&post.terms),
            authors: distinct(&post.authors),
        }
    }
}

/// The lists of one family being built (see [`Family::bulk_all`]).
#[derive(Default)]
struct FamilyBuilder {
    by_date: Vec<u32>,
    by_term: std::collections::HashMap<TermId, Vec<u32>, IdHash>,
    by_author: std::collections::HashMap<AuthorId, Vec<u32>, IdHash>,
    by_month: std::collections::BTreeMap<(i32, u32), Vec<u32>>,
    day_counts: std::collections::BTreeMap<NaiveDate, u64>,
}

impl FamilyBuilder {
    /// Adds a post at its position in the table (posts come in publication order, so every
    /// list stays ascending).
    fn add(&mut self, post: &Derived, key: u32) {
        self.by_date.push(key);
        for term in &post.terms {
            self.by_term.entry(*term).or_default().push(key);
        }
        for author in &post.authors {
            self.by_author.entry(*author).or_default().push(key);
        }
        if let Some(date) = post.date {
            self.by_month
                .entry((date.year(), date.month()))
                .or_default()
                .push(key);
            *self.day_counts.entry(date).or_insert(0) += 1;
        }
    }

    /// The family: every list as positions in `table`, decoded or built into a set when first
    /// read.
    fn finish(self, table: &Arc<[DateKey]>) -> Family {
        let FamilyBuilder {
            by_date,
            by_term,
            by_author,
            by_month,
            day_counts,
        } = self;
        let load = |positions: Vec<u32>| {
            Posting::deferred(Pending::Positions {
                table: table.clone(),
                positions: positions.into_boxed_slice(),
            })
        };
        let mut ranked: Vec<(Reverse<u64>, TermId)> = by_term
            .iter()
            .map(|(term, keys)| (Reverse(keys.len() as u64), *term))
            .collect();
        let by_term: IdMap<TermId, Posting> = by_term
            .into_iter()
            .map(|(term, keys)| (term, load(keys)))
            .collect();
        ranked.sort_unstable();
        Family {
            by_date: load(by_date),
            by_term,
            by_author: by_author
                .into_iter()
                .map(|(author, keys)| (author, load(keys)))
                .collect(),
            by_month: by_month
                .into_iter()
                .map(|(month, keys)| (month, load(keys)))
                .collect(),
            day_counts: day_counts.into_iter().collect(),
            ranked_terms: ranked.into_iter().collect(),
        }
    }
}

/// The distinct values of a list, in order of first appearance.
pub(crate) fn distinct<T: Copy + Ord>(values: &[T]) -> Vec<T> {
    // A post has a few terms and authors: comparing each with those kept is cheapest; a set
    // keeps a post with thousands of them linear.
    if values.len() <= 16 {
        let mut out: Vec<T> = Vec::with_capacity(values.len());
        for value in values {
            if !out.contains(value) {
                out.push(*value);
            }
        }
        return out;
    }
    let mut seen = BTreeSet::new();
    values.iter().copied().filter(|v| seen.insert(*v)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;
    use crate::values::Slug;

    fn post(id: u64, date: &str, terms: &[u64]) -> Post {
        let mut post = Post::new(PostId(id), "t", Slug::parse("t").unwrap());
        post.published = Some(Timestamp::parse_rfc3339(date).unwrap());
        post.terms = terms.iter().map(|t| TermId(*t)).collect();
        post
    }

    #[test]
    fn keys_order_by_instant_then_id_and_undated_first() {
        let a = DateKey::of(&post(9, "2013-01-01T00:00:00+00:00", &[]));
        let b = DateKey::of(&post(1, "2013-01-01T06:00:01+06:00", &[]));
        let mut undated = post(5, "2013-01-01T00:00:00+00:00", &[]);
        undated.published = None;
        let c = DateKey::of(&undated);
        // b is one second after a although its id is smaller.
        assert!(c < a && a < b, "{c:?} {a:?} {b:?}");
    }

    #[test]
    fn adding_and_removing_keeps_counts_and_ranks_exact() {
        let mut family = Family::default();
        let p1 = post(1, "2013-05-30T23:30:00-08:00", &[1, 2, 2]);
        let p2 = post(2, "2013-05-31T10:00:00+00:00", &[1]);
        family.add(&p1);
        family.add(&p2);
        assert_eq!(family.term_count(TermId(1)), 2);
        assert_eq!(family.term_count(TermId(2)), 1);
        let ranked: Vec<_> = family.ranked_terms.iter().map(|(_, t)| *t).collect();
        assert_eq!(ranked, vec![TermId(1), TermId(2)]);
        // p1 is on 30 May locally although it is 31 May in UTC.
        let may30 = NaiveDate::from_ymd_opt(2013, 5, 30).unwrap();
        assert_eq!(family.day_counts.get(&may30), Some(&1));
        family.remove(&p1);
        assert_eq!(family.term_count(TermId(2)), 0);
        assert!(family.by_term.get(&TermId(2)).is_none());
        assert_eq!(family.day_counts.get(&may30), None);
        let mut fresh = Family::default();
        fresh.add(&p2);
        assert_eq!(family, fresh);
    }

    fn key(n: u64) -> DateKey {
        DateKey {
            secs: (n / 3) as i64,
            nanos: 0,
            id: PostId(n),
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::proptest_config(64))]

        /// A deferred list (of sorted keys, or of positions in a table of keys) edited any way
        /// answers as a set edited the same way (its keys, its set and its bitmap), and edits
        /// do not build its base (until the delta grows past its bound) nor change what older
        /// clones hold.
        #[test]
        fn a_patched_list_is_the_set_its_edits_give(
            base in proptest::collection::btree_set(0u64..400, 0..200),
            edits in proptest::collection::vec((proptest::bool::ANY, 0u64..400), 0..400),
            positioned in proptest::bool::ANY,
        ) {
            let mut model: BTreeSet<DateKey> = base.iter().map(|n| key(*n)).collect();
            let mut list = if positioned {
                // `key` ascends with its number, so position `n` of this table is `key(n)`.
                Posting::deferred(Pending::Positions {
                    table: (0..400).map(key).collect(),
                    positions: base.iter().map(|n| *n as u32).collect(),
                })
            } else {
                Posting::sorted(model.iter().copied().collect())
            };
            let original = list.clone();
            let ids = |model: &BTreeSet<DateKey>| model.iter().map(|k| k.id.0).collect::<Vec<_>>();
            // Clones taken along the way (older snapshots), with the ids they must keep.
            let mut kept: Vec<(Posting, Vec<u64>)> = Vec::new();
            for (step, (insert, n)) in edits.iter().enumerate() {
                // The bitmap, once made, follows the edits (of a built list too).
                if step % 11 == 0 {
                    proptest::prop_assert_eq!(list.bits().iter().collect::<Vec<_>>(), ids(&model));
                }
                if step % 53 == 0 {
                    kept.push((list.clone(), ids(&model)));
                }
                if *insert {
                    list.insert(key(*n));
                    model.insert(key(*n));
                } else {
                    list.remove(&key(*n));
                    model.remove(&key(*n));
                }
                proptest::prop_assert_eq!(list.len(), model.len());
                if step % 37 == 0 {
                    // Counts of a range and membership, read without building the list.
                    for (a, b) in [(0u64, 400u64), (*n, n + 60), (n / 2, *n), (300, 100)] {
                        let expected = if a <= b { model.range(key(a)..=key(b)).count() } else { 0 };
                        proptest::prop_assert_eq!(list.count_between(&key(a), &key(b)), expected);
                    }
                    proptest::prop_assert_eq!(list.contains(&key(*n)), model.contains(&key(*n)));
                    let keys: Vec<DateKey> = model.iter().copied().collect();
                    proptest::prop_assert_eq!(list.keys(), keys.clone());
                    let built: Vec<DateKey> = list.set().iter().copied().collect();
                    proptest::prop_assert_eq!(built, keys);
                }
            }
            let keys: Vec<DateKey> = model.iter().copied().collect();
            proptest::prop_assert_eq!(list.keys(), keys.clone());
            proptest::prop_assert_eq!(list.set().iter().copied().collect::<Vec<_>>(), keys);
            proptest::prop_assert_eq!(list.bits().iter().collect::<Vec<_>>(), ids(&model));
            // The list it was cloned from is unchanged, and so are the bitmaps of older clones.
            proptest::prop_assert_eq!(original.keys(), base.iter().map(|n| key(*n)).collect::<Vec<_>>());
            proptest::prop_assert_eq!(original.bits().iter().collect::<Vec<_>>(), base.iter().copied().collect::<Vec<_>>());
            for (clone, expected) in kept {
                proptest::prop_assert_eq!(clone.bits().iter().collect::<Vec<_>>(), expected);
            }
        }
    }

    #[test]
    fn edits_of_a_deferred_list_do_not_build_it() {
        let mut list = Posting::sorted((0..1000).map(key).collect());
        let Posting::Deferred(base) = list.clone() else {
            panic!("a sorted list is deferred")
        };
        for n in 1000..1100 {
            list.insert(key(n));
            list.remove(&key(n - 1000));
        }
        assert_eq!(list.len(), 1000);
        assert!(base.built().is_none(), "no set was built by 200 edits");
        assert_eq!(list.set().len(), 1000);
        assert!(base.built().is_some(), "reading it built the base once");
    }
}
