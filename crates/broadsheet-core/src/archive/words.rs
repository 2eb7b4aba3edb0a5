//! The text index: every word of every post's title, excerpt and content (HTML stripped,
//! folded as search folds it) to the posting list of the posts that contain it.
//!
//! Lists are ordered sets of [`DateKey`]s like the term lists (publication order, so a
//! newest-first page walks the end of a list and a one-word total is its length), persistent
//! (`imbl`: a snapshot shares every untouched list with the previous one, and an edit touches
//! only the lists of the edited post's words). Each post is in exactly one of two
//! dictionaries: the public one (kind `post`, status `published`: what the public family of
//! term lists holds) and the other one (every other post), so each occurrence of a word in a
//! post costs one list entry, and the public's searches read the public lists alone.
//!
//! A dictionary keeps two maps, both filled from [`crate::text::index_forms`], the one
//! preparation the matcher uses too: the non-ASCII words of the folded search forms, and the
//! words of the transliterated forms. Search matches *substrings*, so a one-word term finds the
//! posts of every dictionary word that contains it (found through a trigram index of the
//! dictionary's words, [`Grams`], not by reading the posts); a term of several words (a
//! phrase, or `gender-based`) finds candidates (the posts that contain a word matching each
//! of its words), which the forward index ([`super::forward`]: each post's words in order)
//! decides without the post's text. See [`Words::lookup`].

use super::forward::{Forward, ForwardBuilder, ImageSequences, Phrase};
use super::index::{
    DateKey, KeyTable, Pending, Posting, decode_keys, encode_ids, is_public_default, union_bits,
};
use crate::ids::PostId;
use crate::post::Post;
use crate::text::{SearchTerm, index_forms};
use imbl::{OrdMap, OrdSet};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Words to the posts that contain them.
type Lists = OrdMap<Arc<str>, Posting>;

/// The words of a dictionary as loaded in bulk (from text or from a persisted image), in one
/// table: the words sorted in one buffer, their lists in another, and a word's [`Posting`]
/// made only when a search or an edit reads it. A word costs some 30 bytes here instead of a
/// map slot, its own string and a list header (about 300 bytes); most words of a large
/// archive are rare and never read.
#[derive(Default)]
struct Frozen {
    /// The words in order, each followed by a newline (the buffer a needle of fewer than
    /// three bytes is searched in).
    text: String,
    /// Where each word starts in `text`, and `text.len()` last.
    starts: Vec<u32>,
    /// The words' lists.
    lists: FrozenLists,
    /// Each word's list once read, shared by every snapshot holding this table.
    made: Box<[OnceLock<Box<Posting>>]>,
    /// The words of each trigram, made on the first lookup of a needle of three bytes or
    /// more, shared like the table.
    grams: OnceLock<Grams>,
}

/// The lists of a [`Frozen`] table, word by word.
enum FrozenLists {
    /// Sorted keys (a dictionary built from text): word `i`'s are `keys[ends[i - 1]..ends[i]]`.
    Sorted {
        keys: Box<[DateKey]>,
        ends: Vec<u32>,
    },
    /// Encoded post ids (a persisted image), read through the keys of the posts the lists may
    /// admit: word `i`'s bytes are `bytes[ends[i - 1]..ends[i]]`.
    Encoded {
        bytes: Box<[u8]>,
        ends: Vec<u32>,
        keys: Arc<KeyTable>,
    },
}

impl Default for FrozenLists {
    fn default() -> Self {
        FrozenLists::Sorted {
            keys: Box::default(),
            ends: Vec::new(),
        }
    }
}

impl std::fmt::Debug for Frozen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Frozen({} words)", self.len())
    }
}

/// A position in `ends`-delimited storage: item `i` runs from `ends[i - 1]` (0 for the
/// first) to `ends[i]`.
fn span(ends: &[u32], i: usize) -> std::ops::Range<usize> {
    let start = if i == 0 { 0 } else { ends[i - 1] as usize };
    start..ends[i] as usize
}

/// Lists one after another in one buffer, with where each ends (see [`span`]).
fn concatenate<T>(lists: Vec<Vec<T>>) -> (Box<[T]>, Vec<u32>) {
    let mut all = Vec::with_capacity(lists.iter().map(Vec::len).sum());
    let mut ends = Vec::with_capacity(lists.len());
    for list in lists {
        all.extend(list);
        ends.push(offset(all.len()));
    }
    (all.into_boxed_slice(), ends)
}

/// Lengths to `u32` offsets: a table's buffers stay under 4 GiB (a dictionary's words and
/// lists are a fraction of the archive's text, which the limits bound far below that).
fn offset(length: usize) -> u32 {
    u32::try_from(length).unwrap_or(u32::MAX)
}

impl Frozen {
    /// A table of words (in any order; for a word given twice, the last list) and their
    /// lists.
    fn new<L>(mut words: Vec<(String, L)>, lists: impl FnOnce(Vec<L>) -> FrozenLists) -> Frozen {
        // Stable, so that of equal words the last given is last; then keep that one.
        words.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kept: Vec<(String, L)> = Vec::with_capacity(words.len());
        for (word, list) in words {
            match kept.last_mut() {
                Some(last) if last.0 == word => last.1 = list,
                _ => kept.push((word, list)),
            }
        }
        let mut text = String::with_capacity(kept.iter().map(|(w, _)| w.len() + 1).sum());
        let mut starts = Vec::with_capacity(kept.len() + 1);
        let mut payloads = Vec::with_capacity(kept.len());
        for (word, list) in kept {
            starts.push(offset(text.len()));
            text.push_str(&word);
            text.push('\n');
            payloads.push(list);
        }
        starts.push(offset(text.len()));
        let count = payloads.len();
        Frozen {
            text,
            starts,
            lists: lists(payloads),
            made: (0..count).map(|_| OnceLock::new()).collect(),
            grams: OnceLock::new(),
        }
    }

    /// A table of sorted keys per word.
    fn sorted(words: Vec<(String, Vec<DateKey>)>) -> Frozen {
        Frozen::new(words, |lists| {
            let (keys, ends) = concatenate(lists);
            FrozenLists::Sorted { keys, ends }
        })
    }

    /// A table of encoded lists, read through `keys`.
    fn encoded(words: Vec<(String, Vec<u8>)>, keys: Arc<KeyTable>) -> Frozen {
        Frozen::new(words, |lists| {
            let (bytes, ends) = concatenate(lists);
            FrozenLists::Encoded { bytes, ends, keys }
        })
    }

    fn len(&self) -> usize {
        self.made.len()
    }

    /// Word `i`.
    fn word(&self, i: usize) -> &str {
        &self.text[self.starts[i] as usize..self.starts[i + 1] as usize - 1]
    }

    /// The index of a word.
    fn find(&self, word: &str) -> Option<usize> {
        let mut low = 0;
        let mut high = self.len();
        while low < high {
            let middle = usize::midpoint(low, high);
            match self.word(middle).cmp(word) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some(middle),
            }
        }
        None
    }

    /// Word `i`'s list, made on first read.
    fn list(&self, i: usize) -> &Posting {
        self.made[i].get_or_init(|| {
            Box::new(match &self.lists {
                FrozenLists::Sorted { keys, ends } => Posting::sorted(keys[span(ends, i)].to_vec()),
                FrozenLists::Encoded { bytes, ends, keys } => Posting::deferred(Pending::Encoded {
                    bytes: bytes[span(ends, i)].into(),
                    keys: keys.clone(),
                }),
            })
        })
    }

    /// Calls `found` with the index of each word that contains `needle`, in word order, each
    /// once. A needle of three bytes or more is looked up in the trigram index (the words
    /// holding all its trigrams, each then checked); a shorter one is found by one vectorised
    /// scan of the words' buffer.
    fn containing(&self, needle: &str, mut found: impl FnMut(usize)) {
        if needle.is_empty() {
            return;
        }
        if needle.len() >= GRAM {
            let grams = self.grams.get_or_init(|| Grams::of(self));
            for i in grams.candidates(needle.as_bytes()) {
                if self.word(i).contains(needle) {
                    found(i);
                }
            }
            return;
        }
        let mut last = None;
        for at in memchr::memmem::find_iter(self.text.as_bytes(), needle.as_bytes()) {
            let index = self.starts.partition_point(|&start| start as usize <= at) - 1;
            // A match across a word's end (a needle with a newline) is no match.
            let inside = at + needle.len() < self.starts[index + 1] as usize;
            if inside && last != Some(index) {
                last = Some(index);
                found(index);
            }
        }
    }

    /// Word `i`'s keys, read without making its list (for an image or a comparison).
    fn keys(&self, i: usize) -> Vec<DateKey> {
        if let Some(made) = self.made[i].get() {
            return made.keys().into_owned();
        }
        match &self.lists {
            FrozenLists::Sorted { keys, ends } => keys[span(ends, i)].to_vec(),
            FrozenLists::Encoded { bytes, ends, keys } => decode_keys(&bytes[span(ends, i)], keys),
        }
    }
}

/// Words to their lists: a bulk-loaded table ([`Frozen`], shared by every snapshot, with its
/// trigram index) and the words edits changed since (which hide the table's; an emptied word
/// stays there, empty). Substring lookups read the table through its trigram index and the
/// edited words one by one, so an edit never makes a lookup rebuild anything.
#[derive(Debug, Clone, Default)]
struct WordMap {
    base: Arc<Frozen>,
    edited: Lists,
}

impl WordMap {
    /// A word's list, when the word has posts (or had, for a list of the table whose posts
    /// have all changed since it was persisted).
    #[cfg(test)]
    fn get(&self, word: &str) -> Option<&Posting> {
        match self.edited.get(word) {
            Some(list) => (!list.is_empty()).then_some(list),
            None => self.base.find(word).map(|i| self.base.list(i)),
        }
    }

    /// Adds a post's key to a word's list.
    fn add(&mut self, word: &str, key: DateKey) {
        if let Some(list) = self.edited.get_mut(word) {
            list.insert(key);
            return;
        }
        match self.base.find(word) {
            Some(i) => {
                let mut list = self.base.list(i).clone();
                list.insert(key);
                self.edited.insert(Arc::from(word), list);
            }
            None => {
                self.edited
                    .insert(Arc::from(word), Posting::built(OrdSet::unit(key)));
            }
        }
    }

    /// Removes a post's key from a word's list (a word left with no post is gone from
    /// lookups).
    fn remove(&mut self, word: &str, key: &DateKey) {
        if self.edited.get(word).is_none() {
            let Some(i) = self.base.find(word) else {
                return;
            };
            self.edited
                .insert(Arc::from(word), self.base.list(i).clone());
        }
        if let Some(list) = self.edited.get_mut(word) {
            list.remove(key);
        }
    }

    /// Every word of the table and of the edits, in word order, each once: an edited word
    /// as its edit says (empty when an edit emptied it), any other as the table holds it.
    fn merged(&self) -> Vec<(&str, WordList<'_>)> {
        let mut merged = Vec::with_capacity(self.base.len() + self.edited.len());
        let mut edited = self.edited.iter().peekable();
        for i in 0..self.base.len() {
            let word = self.base.word(i);
            while let Some((changed, list)) = edited.next_if(|(w, _)| w.as_ref() < word) {
                merged.push((changed.as_ref(), WordList::Edited(list)));
            }
            match edited.next_if(|(w, _)| w.as_ref() == word) {
                Some((_, list)) => merged.push((word, WordList::Edited(list))),
                None => merged.push((word, WordList::Table(i))),
            }
        }
        merged.extend(edited.map(|(word, list)| (word.as_ref(), WordList::Edited(list))));
        merged
    }

    /// Every word with its keys, in word order, skipping empty lists (lists not read yet
    /// are read without being made).
    fn entries(&self) -> Vec<(String, Vec<DateKey>)> {
        self.merged()
            .into_iter()
            .map(|(word, list)| {
                let keys = match list {
                    WordList::Table(i) => self.base.keys(i),
                    WordList::Edited(list) => list.keys().into_owned(),
                };
                (word.to_owned(), keys)
            })
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }

    /// Pushes the lists of the words that contain `needle`, each word once: the table's words
    /// that no edit changed, then the edited words that have posts.
    fn containing<'s>(&'s self, needle: &str, out: &mut Vec<&'s Posting>) {
        if needle.is_empty() {
            return;
        }
        self.base.containing(needle, |i| {
            if !self.edited.contains_key(self.base.word(i)) {
                out.push(self.base.list(i));
            }
        });
        out.extend(
            self.edited
                .iter()
                .filter(|(word, list)| !list.is_empty() && word.contains(needle))
                .map(|(_, list)| list),
        );
    }

    /// Calls `found` with every word that contains `needle`: the table's (even those edits
    /// emptied since) and the edited ones.
    fn each_containing(&self, needle: &str, mut found: impl FnMut(&str)) {
        if needle.is_empty() {
            return;
        }
        self.base.containing(needle, |i| found(self.base.word(i)));
        for word in self.edited.keys() {
            if word.contains(needle) {
                found(word);
            }
        }
    }

    /// The words lookups find, in order: the table's (unless an edit emptied them) and the
    /// edited ones with posts.
    #[cfg(test)]
    fn words(&self) -> Vec<&str> {
        self.merged()
            .into_iter()
            .filter(|(_, list)| match list {
                WordList::Table(_) => true,
                WordList::Edited(list) => !list.is_empty(),
            })
            .map(|(word, _)| word)
            .collect()
    }
}

/// Where [`WordMap::merged`] found a word's list.
enum WordList<'a> {
    /// Word `i` of the table.
    Table(usize),
    /// A list an edit changed.
    Edited(&'a Posting),
}

/// Lists equal as indexes: the same words with the same non-empty lists (a decoded list may
/// be empty when every post it named has changed since it was persisted).
fn same_lists(a: &WordMap, b: &WordMap) -> bool {
    a.entries() == b.entries()
}

/// The words of one group of posts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Dictionary {
    /// The words of the folded search forms that are not ASCII (`жумабаева`, `女性`).
    folded: WordMap,
    /// The words of the transliterated forms (`zhumabaeva`, `nu`, `xing`, and every ASCII
    /// word as it is).
    ascii: WordMap,
    /// How many of the posts have a non-empty password (their text is searched for readers
    /// of their content only, so the walk checks them against their title).
    protected: u64,
}

/// The length of the byte sequences [`Grams`] indexes.
const GRAM: usize = 3;

/// A trigram index of a [`Frozen`] table: for each sequence of three bytes found in its words,
/// the words that contain it. A word containing a needle contains every trigram of it, so the
/// words holding all of a needle's trigrams are a superset of those containing it, found
/// without reading the other words (bytes of UTF-8, so this holds for any script).
#[derive(Debug, Default)]
struct Grams {
    /// The trigrams, ascending (three bytes in the low 24 bits).
    keys: Vec<u32>,
    /// Where each trigram's words end in `words` (see [`span`]).
    ends: Vec<u32>,
    /// The indexes of the words of each trigram, ascending.
    words: Vec<u32>,
}

/// Three bytes as one number.
fn gram(bytes: &[u8]) -> u32 {
    u32::from(bytes[0]) << 16 | u32::from(bytes[1]) << 8 | u32::from(bytes[2])
}

impl Grams {
    /// The trigram index of a table's words: every (trigram, word) pair, sorted once.
    fn of(table: &Frozen) -> Grams {
        let mut pairs: Vec<u64> = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        for i in 0..table.len() {
            seen.clear();
            seen.extend(table.word(i).as_bytes().windows(GRAM).map(gram));
            seen.sort_unstable();
            seen.dedup();
            pairs.extend(seen.iter().map(|&g| u64::from(g) << 32 | i as u64));
        }
        pairs.sort_unstable();
        let mut grams = Grams {
            words: Vec::with_capacity(pairs.len()),
            ..Grams::default()
        };
        // One run of pairs per trigram, its words ascending.
        for run in pairs.chunk_by(|a, b| a >> 32 == b >> 32) {
            grams.keys.push((run[0] >> 32) as u32);
            grams.words.extend(run.iter().map(|&pair| pair as u32));
            grams.ends.push(offset(grams.words.len()));
        }
        grams
    }

    /// The words that contain a trigram, ascending.
    fn of_gram(&self, key: u32) -> &[u32] {
        match self.keys.binary_search(&key) {
            Ok(i) => &self.words[span(&self.ends, i)],
            Err(_) => &[],
        }
    }

    /// The words that contain every trigram of `needle` (at least three bytes), ascending:
    /// the rarest trigram's words, kept when each other trigram has them too.
    fn candidates(&self, needle: &[u8]) -> Vec<usize> {
        let mut lists: Vec<&[u32]> = needle
            .windows(GRAM)
            .map(|bytes| self.of_gram(gram(bytes)))
            .collect();
        lists.sort_unstable_by_key(|list| list.len());
        let Some((rarest, others)) = lists.split_first() else {
            return Vec::new();
        };
        rarest
            .iter()
            .filter(|word| others.iter().all(|list| list.binary_search(word).is_ok()))
            .map(|&word| word as usize)
            .collect()
    }
}

/// Which dictionaries a query reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordScope {
    /// The public dictionary alone: every post the query can admit is public.
    Public,
    /// Both dictionaries.
    All,
}

/// The text index of a snapshot.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Words {
    /// Kind `post`, status `published`.
    public: Dictionary,
    /// Every other post.
    other: Dictionary,
    /// Every post's words in order, which decide terms of several words.
    forward: Forward,
}

/// The index forms of a post's title, excerpt and content (each its folded form when that
/// is not ASCII, and its transliterated form: see `text::index_forms`).
fn post_forms(post: &Post) -> [(Option<String>, String); 3] {
    [
        index_forms(&post.title),
        index_forms(post.excerpt.as_deref().unwrap_or("")),
        index_forms(&post.content),
    ]
}

/// The indexed words of a post's forms, each once or more: its non-ASCII folded words and its
/// transliterated words.
fn form_words(
    forms: &[(Option<String>, String); 3],
) -> (impl Iterator<Item = &str>, impl Iterator<Item = &str>) {
    let folded = forms
        .iter()
        .filter_map(|(folded, _)| folded.as_deref())
        .flat_map(|text| text.split(' '))
        .filter(|word| !word.is_ascii());
    let ascii = forms
        .iter()
        .flat_map(|(_, ascii)| ascii.split(' '))
        .filter(|word| !word.is_empty());
    (folded, ascii)
}

/// The transliterated forms of a post's title, excerpt and content (what the forward index
/// keeps).
fn form_fields(forms: &[(Option<String>, String); 3]) -> [&str; 3] {
    [&forms[0].1, &forms[1].1, &forms[2].1].map(String::as_str)
}

/// Calls `f` with the distinct indexed words of a post (its non-ASCII folded words and its
/// transliterated words, each sorted) and the transliterated forms of its title, excerpt and
/// content (what the forward index keeps).
fn with_post_words<R>(post: &Post, f: impl FnOnce(&[&str], &[&str], [&str; 3]) -> R) -> R {
    let forms = post_forms(post);
    let (folded, ascii) = form_words(&forms);
    let mut folded: Vec<&str> = folded.collect();
    let mut ascii: Vec<&str> = ascii.collect();
    for words in [&mut folded, &mut ascii] {
        words.sort_unstable();
        words.dedup();
    }
    f(&folded, &ascii, form_fields(&forms))
}

/// Whether two versions of a post are indexed alike (same text, key and dictionary).
fn indexed_alike(a: &Post, b: &Post) -> bool {
    a.title == b.title
        && a.excerpt == b.excerpt
        && a.content == b.content
        && DateKey::of(a) == DateKey::of(b)
        && is_public_default(a) == is_public_default(b)
        && a.is_password_protected() == b.is_password_protected()
}

impl PartialEq for Dictionary {
    fn eq(&self, other: &Self) -> bool {
        self.protected == other.protected
            && same_lists(&self.folded, &other.folded)
            && same_lists(&self.ascii, &other.ascii)
    }
}

impl Eq for Dictionary {}

impl Dictionary {
    /// Adds a post's words (from [`with_post_words`]) under its key.
    fn add_words(&mut self, key: DateKey, folded: &[&str], ascii: &[&str]) {
        for (map, words) in [(&mut self.folded, folded), (&mut self.ascii, ascii)] {
            for word in words {
                map.add(word, key);
            }
        }
    }

    fn remove(&mut self, post: &Post) {
        let key = DateKey::of(post);
        with_post_words(post, |folded, ascii, _| {
            for (map, words) in [(&mut self.folded, folded), (&mut self.ascii, ascii)] {
                for word in words {
                    map.remove(word, &key);
                }
            }
        });
        if post.is_password_protected() {
            self.protected = self.protected.saturating_sub(1);
        }
    }

    /// A dictionary of the words of a group of posts (lists sorted, then loaded in order).
    fn load(group: Group) -> Dictionary {
        fn load(map: HashMap<String, Vec<DateKey>>) -> WordMap {
            WordMap {
                base: Arc::new(Frozen::sorted(map.into_iter().collect())),
                ..WordMap::default()
            }
        }
        Dictionary {
            folded: load(group.folded),
            ascii: load(group.ascii),
            protected: group.protected,
        }
    }
}

/// Every word of a group of posts (the public's, or the others) with the keys of the posts
/// that contain it, and how many of them a password protects.
#[derive(Default)]
struct Group {
    folded: HashMap<String, Vec<DateKey>>,
    ascii: HashMap<String, Vec<DateKey>>,
    protected: u64,
}

impl Group {
    /// Adds a post's words (from [`form_words`], repeated or not) under its key. The posts of
    /// a group are added one after the other, so a word already listed for this post has its
    /// key last.
    fn add<'w>(
        &mut self,
        key: DateKey,
        folded: impl Iterator<Item = &'w str>,
        ascii: impl Iterator<Item = &'w str>,
    ) {
        fn add_to<'w>(
            map: &mut HashMap<String, Vec<DateKey>>,
            key: DateKey,
            words: impl Iterator<Item = &'w str>,
        ) {
            for word in words {
                match map.get_mut(word) {
                    Some(keys) => {
                        if keys.last() != Some(&key) {
                            keys.push(key);
                        }
                    }
                    None => {
                        map.insert(word.to_owned(), vec![key]);
                    }
                }
            }
        }
        add_to(&mut self.folded, key, folded);
        add_to(&mut self.ascii, key, ascii);
    }

    /// Adds the words of another group (of other posts).
    fn append(&mut self, other: Group) {
        for (map, more) in [
            (&mut self.folded, other.folded),
            (&mut self.ascii, other.ascii),
        ] {
            for (word, keys) in more {
                map.entry(word).or_default().extend(keys);
            }
        }
        self.protected += other.protected;
    }

    /// Sorts each word's keys.
    fn sort(&mut self) {
        for map in [&mut self.folded, &mut self.ascii] {
            for keys in map.values_mut() {
                keys.sort_unstable();
            }
        }
    }
}

/// Every word of a set of posts in two groups, the public's and the others', each word with
/// the sorted keys of the posts that contain it, and the posts' sequences: what
/// [`Words::bulk`] loads and what [`TextIndexImage::build`] encodes, from one preparation of
/// each post's text.
///
/// Preparing the text is most of the cost of a build, so a large set is split into up to
/// [`Grouped::PARTS`] runs of posts grouped on threads of their own, then joined in order.
/// The split depends only on the number of posts, so the result (the words' numbers
/// included) is the same on every machine.
struct Grouped {
    public: Group,
    other: Group,
    forward: ForwardBuilder,
}

impl Grouped {
    /// How many runs a large set of posts is split into.
    const PARTS: usize = 4;
    /// The fewest posts a run holds (a smaller set is grouped on the calling thread).
    const MIN_PART: usize = 2048;

    fn of(posts: &[&Post]) -> Grouped {
        let parts = (posts.len() / Self::MIN_PART).clamp(1, Self::PARTS);
        let mut grouped = if parts == 1 {
            Grouped::run(posts)
        } else {
            let runs: Vec<Grouped> = std::thread::scope(|scope| {
                let threads: Vec<_> = posts
                    .chunks(posts.len().div_ceil(parts))
                    .map(|run| scope.spawn(move || Grouped::run(run)))
                    .collect();
                threads
                    .into_iter()
                    .map(|thread| {
                        thread
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                    })
                    .collect()
            });
            let mut runs = runs.into_iter();
            let mut first = runs.next().unwrap_or_else(|| Grouped::run(&[]));
            for run in runs {
                first.public.append(run.public);
                first.other.append(run.other);
                first.forward.append(run.forward);
            }
            first
        };
        grouped.public.sort();
        grouped.other.sort();
        grouped
    }

    /// Groups a run of posts (keys not yet sorted).
    fn run(posts: &[&Post]) -> Grouped {
        let mut grouped = Grouped {
            public: Group::default(),
            other: Group::default(),
            forward: ForwardBuilder::default(),
        };
        for post in posts {
            let key = DateKey::of(post);
            let group = if is_public_default(post) {
                &mut grouped.public
            } else {
                &mut grouped.other
            };
            let forms = post_forms(post);
            grouped.forward.add(post.id, form_fields(&forms));
            let (folded, ascii) = form_words(&forms);
            group.add(key, folded, ascii);
            if post.is_password_protected() {
                group.protected += 1;
            }
        }
        grouped
    }
}

impl Dictionary {
    /// The lists of the words that contain `needle` (a word, without spaces).
    fn containing<'s>(&'s self, needle: &str, out: &mut Vec<&'s Posting>) {
        if needle.is_empty() {
            return;
        }
        // A non-ASCII needle can only be inside a non-ASCII folded word; an ASCII one is inside
        // a transliterated word whenever it is inside a folded one.
        if needle.is_ascii() {
            self.ascii.containing(needle, out);
        } else {
            self.folded.containing(needle, out);
        }
    }

    /// The lists of the transliterated words that contain `needle`.
    fn containing_ascii<'s>(&'s self, needle: &str, out: &mut Vec<&'s Posting>) {
        if needle.is_empty() {
            return;
        }
        self.ascii.containing(needle, out);
    }
}

/// What the index says about one search term.
pub(crate) struct TermPosts<'s> {
    /// The posts' lists (their union), when the term is one word in both its forms.
    pub(crate) lists: Vec<&'s Posting>,
    /// The posts that hold the term (sorted, distinct keys), when it has several words: those
    /// the forward index found it in, and those it leaves to the text.
    pub(crate) candidates: Option<Vec<DateKey>>,
    /// The term as the forward index checks it, when some candidates are left to the text.
    pub(crate) phrase: Option<Phrase>,
    /// Whether membership decides the match (true for one word, and for several when the
    /// forward index decided every candidate; otherwise candidates are checked against the
    /// text).
    pub(crate) exact: bool,
}

impl Words {
    /// Builds the index of every post at once (the same index as adding them one by one).
    pub(crate) fn bulk<'p>(posts: impl Iterator<Item = &'p Post>) -> Words {
        let posts: Vec<&Post> = posts.collect();
        let Grouped {
            public,
            other,
            forward,
        } = Grouped::of(&posts);
        Words {
            public: Dictionary::load(public),
            other: Dictionary::load(other),
            forward: forward.build(),
        }
    }

    /// Adds a post (one preparation of its text for its lists and its sequence).
    fn add(&mut self, post: &Post) {
        let key = DateKey::of(post);
        let dictionary = if is_public_default(post) {
            &mut self.public
        } else {
            &mut self.other
        };
        let forward = &mut self.forward;
        with_post_words(post, |folded, ascii, fields| {
            dictionary.add_words(key, folded, ascii);
            forward.insert(post.id, fields);
        });
        if post.is_password_protected() {
            dictionary.protected += 1;
        }
    }

    /// Loads the index of `posts` from an image persisted with them: the lists are kept
    /// encoded (each is decoded when a search or an edit first reads it), and the posts whose
    /// fingerprint differs from the image's (changed since it was written, by Broadsheet or by
    /// hand), or that it does not know, are indexed from their text, their old entries being
    /// dropped as the lists are decoded. When more than a quarter of the posts need that, the
    /// whole index is built from the text instead. Returns the index and how many posts were
    /// indexed from their text.
    pub(crate) fn from_image(posts: &[&Post], image: TextIndexImage) -> (Words, usize) {
        let fingerprints: HashMap<PostId, u64, super::index::IdHash> =
            image.posts.into_iter().collect();
        let sequences = image.sequences.into_sorted();
        let mut fresh = Vec::with_capacity(posts.len());
        let mut public_keys = KeyTable::default();
        let mut other_keys = KeyTable::default();
        let mut stale = Vec::new();
        let mut words = Words::default();
        for post in posts {
            if fingerprints.get(&post.id) != Some(&text_fingerprint(post))
                || !sequences.contains(post.id)
            {
                stale.push(*post);
                continue;
            }
            fresh.push(post.id);
            let public = is_public_default(post);
            let (keys, dictionary) = if public {
                (&mut public_keys, &mut words.public)
            } else {
                (&mut other_keys, &mut words.other)
            };
            keys.insert(post.id, DateKey::of(post));
            if post.is_password_protected() {
                dictionary.protected += 1;
            }
        }
        if stale.len() * 4 > posts.len() {
            return (Words::bulk(posts.iter().copied()), posts.len());
        }
        let (public_keys, other_keys) = (Arc::new(public_keys), Arc::new(other_keys));
        // [public ascii, public folded, other ascii, other folded]
        let mut groups: [Vec<(String, Vec<u8>)>; 4] = Default::default();
        for list in image.lists {
            let group = usize::from(!list.public) * 2 + usize::from(!list.transliterated);
            groups[group].push((list.word, list.posts));
        }
        let [public_ascii, public_folded, other_ascii, other_folded] = groups;
        let table = |lists, keys: &Arc<KeyTable>| WordMap {
            base: Arc::new(Frozen::encoded(lists, keys.clone())),
            ..WordMap::default()
        };
        words.public.ascii = table(public_ascii, &public_keys);
        words.public.folded = table(public_folded, &public_keys);
        words.other.ascii = table(other_ascii, &other_keys);
        words.other.folded = table(other_folded, &other_keys);
        fresh.sort_unstable();
        words.forward = ForwardBuilder::from_image(&image.vocabulary, sequences, &fresh);
        for post in &stale {
            words.add(post);
        }
        (words, stale.len())
    }

    /// The image of this index (every list encoded; lists still encoded are decoded first).
    pub(crate) fn image<'p>(&self, posts: impl Iterator<Item = &'p Post>) -> TextIndexImage {
        let (vocabulary, sequences) = self.forward.image();
        let mut image = TextIndexImage {
            posts: fingerprints(posts),
            lists: Vec::new(),
            vocabulary,
            sequences,
        };
        for (public, dictionary) in [(true, &self.public), (false, &self.other)] {
            for (transliterated, map) in [(true, &dictionary.ascii), (false, &dictionary.folded)] {
                for (word, keys) in map.entries() {
                    image.lists.push(ImageList {
                        public,
                        transliterated,
                        word,
                        posts: encode_ids(keys.iter().map(|key| key.id)),
                    });
                }
            }
        }
        image
    }

    /// Replaces a post's entries: `old` as it was indexed (if it was), `new` as it is now (if
    /// it stays). Costs in proportion to the two versions' words; nothing when the indexed
    /// text, date and group are unchanged.
    pub(crate) fn replace(&mut self, old: Option<&Post>, new: Option<&Post>) {
        if let (Some(old), Some(new)) = (old, new)
            && indexed_alike(old, new)
        {
            return;
        }
        if let Some(old) = old {
            let dictionary = if is_public_default(old) {
                &mut self.public
            } else {
                &mut self.other
            };
            dictionary.remove(old);
            self.forward.remove(old.id);
        }
        if let Some(new) = new {
            self.add(new);
        }
    }

    fn dictionaries(&self, scope: WordScope) -> impl Iterator<Item = &Dictionary> {
        std::iter::once(&self.public).chain((scope == WordScope::All).then_some(&self.other))
    }

    /// Number of password-protected posts in the scope.
    pub(crate) fn protected(&self, scope: WordScope) -> u64 {
        self.dictionaries(scope).map(|d| d.protected).sum()
    }

    /// The posts a search term can match among the scope's posts.
    ///
    /// A term of one word (in its folded and its transliterated form) matches exactly the
    /// posts of the dictionary words that contain it: the union of their lists. A term of
    /// several words can only occur where a word containing each of its words occurs (the
    /// first word ends a text word, the middle ones are text words, the last starts one), so
    /// the candidates are the intersection of those unions, for either form; the forward
    /// index decides each (see [`Forward::occurs`]), and the text those it cannot.
    /// A password-protected post the viewer may not read is matched on its title only, which
    /// the walk checks on the post itself (its lists hold every field).
    pub(crate) fn lookup(&self, term: &SearchTerm, scope: WordScope) -> TermPosts<'_> {
        let (folded, ascii) = term.forms();
        let single = !folded.contains(' ') && !ascii.contains(' ');
        if single {
            let mut lists = Vec::new();
            for dictionary in self.dictionaries(scope) {
                if !folded.is_ascii() {
                    dictionary.containing(folded, &mut lists);
                }
                dictionary.containing_ascii(ascii, &mut lists);
            }
            return TermPosts {
                lists,
                candidates: None,
                phrase: None,
                exact: true,
            };
        }
        let mut candidates = self.all_words(folded, scope, false);
        if ascii != folded {
            candidates = union(candidates, self.all_words(ascii, scope, true));
        }
        // The forward index decides each candidate; those it leaves to the text stay
        // candidates, and the walk checks them.
        let phrase = self.phrase(term);
        let mut exact = phrase.is_some();
        if let Some(phrase) = &phrase {
            let decided = self
                .forward
                .occurs_each(candidates.iter().map(|key| key.id), phrase);
            let mut decided = decided.into_iter();
            candidates.retain(|_| match decided.next() {
                Some(Some(occurs)) => occurs,
                _ => {
                    exact = false;
                    true
                }
            });
        }
        TermPosts {
            lists: Vec::new(),
            candidates: Some(candidates),
            phrase: if exact { None } else { phrase },
            exact,
        }
    }

    /// A term of several words as the forward index checks it (`None` for a term of one
    /// word in its transliterated form, which the lists decide).
    pub(crate) fn phrase(&self, term: &SearchTerm) -> Option<Phrase> {
        let (folded, ascii) = term.forms();
        let words: Vec<&str> = ascii.split(' ').collect();
        if words.len() < 2 {
            return None;
        }
        Some(
            self.forward
                .phrase(&words, folded.is_ascii(), |needle, found| {
                    for dictionary in [&self.public, &self.other] {
                        dictionary.ascii.each_containing(needle, |word| found(word));
                    }
                }),
        )
    }

    /// Whether a term of several words occurs in a post, as its sequence says (`None` when
    /// the text must decide: see [`Forward::occurs`]).
    pub(crate) fn occurs(&self, post: PostId, phrase: &Phrase) -> Option<bool> {
        self.forward.occurs(post, phrase)
    }

    /// The posts that contain, for each word of `text`, a dictionary word containing it.
    fn all_words(&self, text: &str, scope: WordScope, ascii: bool) -> Vec<DateKey> {
        if text.is_empty() {
            return Vec::new();
        }
        let mut per_word: Vec<Vec<&Posting>> = text
            .split(' ')
            .map(|word| {
                let mut lists = Vec::new();
                for dictionary in self.dictionaries(scope) {
                    if ascii {
                        dictionary.containing_ascii(word, &mut lists);
                    } else {
                        dictionary.containing(word, &mut lists);
                    }
                }
                lists
            })
            .collect();
        // Start from the smallest union; keep what every other union holds.
        per_word.sort_by_key(|lists| lists.iter().map(|l| l.len()).sum::<usize>());
        // A single list is read as it is stored, without a copy.
        let mut keys: std::borrow::Cow<'_, [DateKey]> = match per_word[0].as_slice() {
            [one] => one.keys(),
            lists => std::borrow::Cow::Owned(merge(lists)),
        };
        for lists in &per_word[1..] {
            if keys.is_empty() {
                break;
            }
            match lists.as_slice() {
                // One list: its keys are merged with these in order (cheaper than a bitmap
                // test per key).
                [one] => keys = std::borrow::Cow::Owned(intersection(&keys, &one.keys())),
                _ => {
                    let bits = union_bits(lists);
                    keys.to_mut().retain(|key| bits.contains(key.id.0));
                }
            }
        }
        keys.into_owned()
    }
}

thread_local! {
    /// Posts whose text a search examined on this thread to decide whether they match.
    static EXAMINED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts one post whose text a search examined to decide whether it matches (the walk calls
/// it; the scores of the posts shown are not counted).
pub(crate) fn note_examined() {
    EXAMINED.with(|count| count.set(count.get() + 1));
}

/// The number of posts whose text searches on this thread have examined to decide whether
/// they match: the operation count the tests of the text index read.
#[cfg(test)]
fn examined() -> u64 {
    EXAMINED.with(std::cell::Cell::get)
}

/// The union of lists as sorted, distinct keys (lists not built yet are read without being
/// built).
pub(crate) fn merge(lists: &[&Posting]) -> Vec<DateKey> {
    match lists {
        [] => Vec::new(),
        [one] => one.keys().into_owned(),
        _ => {
            let mut keys: Vec<DateKey> = Vec::with_capacity(lists.iter().map(|l| l.len()).sum());
            for list in lists {
                keys.extend_from_slice(&list.keys());
            }
            keys.sort_unstable();
            keys.dedup();
            keys
        }
    }
}

/// The text index of a site in a compact form, persisted beside the site (the store keeps it,
/// `docs/formats/store.md`) and loaded instead of reading every post's text again
/// ([`Snapshot::from_site_with_text_index`](super::Snapshot::from_site_with_text_index)).
///
/// It holds the [`text_fingerprint`] of every post it indexes and, for each word, the ids of
/// the posts that contain it in publication order. Loading trusts no list blindly: a post
/// whose fingerprint no longer matches is indexed again from its text, and a list can only
/// admit the posts of its own group (the public's, or every other) whose fingerprint matches,
/// whatever its bytes say. The encoding is version [`TextIndexImage::VERSION`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextIndexImage {
    /// Each indexed post's id and fingerprint, in id order.
    pub posts: Vec<(PostId, u64)>,
    /// One list per word and group (the words of each group in no particular order).
    pub lists: Vec<ImageList>,
    /// The words of the sequences, in number order (word `n` is the `n`th, from 0): every
    /// word of the posts' transliterated forms.
    pub vocabulary: Vec<String>,
    /// Each indexed post's words in order, in id order: the words of its title, its excerpt
    /// and its content (each transliterated as search does it), each written as its number
    /// in `vocabulary` plus one, each field followed by a 0, every number a LEB128 varint (7
    /// bits a byte, low bits first). What decides a phrase without the post's text; a post
    /// without one is indexed from its text when the image is loaded.
    pub sequences: ImageSequences,
}

/// One word's list in a [`TextIndexImage`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageList {
    /// Whether the list holds the posts the public sees by default (kind `post`, status
    /// `published`); otherwise every other post.
    pub public: bool,
    /// Whether `word` is a transliterated (ASCII) form; otherwise a folded word that is not
    /// ASCII. Search looks a term up among both, as the built index does.
    pub transliterated: bool,
    /// The folded word.
    pub word: String,
    /// The ids of the posts that contain the word, in publication order, encoded: each id as
    /// the difference from the previous id (the first from 0), zigzag-mapped to an unsigned
    /// number and written as a LEB128 varint (7 bits a byte, low bits first).
    pub posts: Vec<u8>,
}

impl TextIndexImage {
    /// The version of the image's encoding (what a store records beside it; an image of
    /// another version is not loaded).
    pub const VERSION: i64 = 2;

    /// The image of the index of these posts, built from their text (what a new store holds).
    /// Posts with the same id are indexed once, the last one winning, as
    /// [`Snapshot::from_site`](super::Snapshot::from_site) keeps them.
    pub fn build<'p>(posts: impl Iterator<Item = &'p Post>) -> TextIndexImage {
        let mut unique: HashMap<PostId, &Post, super::index::IdHash> = HashMap::default();
        for post in posts {
            unique.insert(post.id, post);
        }
        let mut image = TextIndexImage {
            posts: fingerprints(unique.values().copied()),
            ..TextIndexImage::default()
        };
        let posts: Vec<&Post> = unique.values().copied().collect();
        let Grouped {
            public,
            other,
            forward,
        } = Grouped::of(&posts);
        for (public, group) in [(true, public), (false, other)] {
            for (transliterated, map) in [(true, group.ascii), (false, group.folded)] {
                for (word, keys) in map {
                    image.lists.push(ImageList {
                        public,
                        transliterated,
                        word,
                        posts: encode_ids(keys.iter().map(|key| key.id)),
                    });
                }
            }
        }
        (image.vocabulary, image.sequences) = forward.into_image();
        image
    }
}

/// The fingerprints of posts, in id order.
fn fingerprints<'p>(posts: impl Iterator<Item = &'p Post>) -> Vec<(PostId, u64)> {
    let mut out: Vec<(PostId, u64)> = posts.map(|p| (p.id, text_fingerprint(p))).collect();
    out.sort_unstable();
    out
}

/// A 64-bit fingerprint of everything a post's entries in the text index depend on: its
/// title, excerpt and content, its publication instant, whether the public sees it by default
/// and whether a password protects it. Stable across versions and machines (a store keeps
/// it): the fields are hashed in that order, each text preceded by its length, 8 bytes at a
/// time (little-endian, the last chunk padded with zeros) with the step
/// `h = (h.rotate_left(5) ^ chunk) * 0x517c_c1b7_2722_0a95`. Each step is a bijection of the
/// state, so changing any one chunk of the input always changes the fingerprint.
pub fn text_fingerprint(post: &Post) -> u64 {
    let mut h = Fingerprint(0);
    h.text(&post.title);
    match &post.excerpt {
        Some(excerpt) => h.text(excerpt),
        None => h.word(u64::MAX),
    }
    h.text(&post.content);
    let key = DateKey::of(post);
    h.word(key.secs as u64);
    h.word(u64::from(key.nanos));
    h.word(u64::from(is_public_default(post)) | u64::from(post.is_password_protected()) << 1);
    h.0
}

struct Fingerprint(u64);

impl Fingerprint {
    fn word(&mut self, chunk: u64) {
        self.0 = (self.0.rotate_left(5) ^ chunk).wrapping_mul(0x517c_c1b7_2722_0a95);
    }

    fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        self.word(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.word(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.word(u64::from_le_bytes(word));
        }
    }
}

/// The keys two sorted, distinct key slices share, in order (one walk of both).
fn intersection(a: &[DateKey], b: &[DateKey]) -> Vec<DateKey> {
    let mut shared = Vec::with_capacity(a.len().min(b.len()));
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared.push(*x);
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// The union of two sorted, distinct key vectors.
fn union(a: Vec<DateKey>, b: Vec<DateKey>) -> Vec<DateKey> {
    if b.is_empty() {
        return a;
    }
    let mut keys = a;
    keys.extend(b);
    keys.sort_unstable();
    keys.dedup();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::index::decode_ids;
    use crate::ids::PostId;
    use crate::post::PostStatus;
    use crate::text::SearchQuery;
    use crate::time::Timestamp;
    use crate::values::Slug;

    fn post(id: u64, title: &str, content: &str) -> Post {
        let mut post = Post::new(PostId(id), title, Slug::parse("p").unwrap());
        post.content = content.to_owned();
        post.published = Some(Timestamp::parse_rfc3339("2013-05-30T10:00:00+06:00").unwrap());
        post
    }

    fn ids(words: &Words, search: &str, scope: WordScope) -> (Vec<u64>, bool) {
        let query = SearchQuery::parse(search);
        let found = words.lookup(&query.terms()[0], scope);
        let keys = found.candidates.unwrap_or_else(|| merge(&found.lists));
        (keys.iter().map(|k| k.id.0).collect(), found.exact)
    }

    #[test]
    fn intersection_keeps_the_shared_keys_in_order() {
        let key = |n: u64| DateKey::of(&post(n, "", ""));
        let keys = |ids: &[u64]| {
            let mut keys: Vec<DateKey> = ids.iter().map(|&n| key(n)).collect();
            keys.sort_unstable();
            keys
        };
        assert_eq!(
            intersection(&keys(&[1, 2, 3, 5, 8, 13]), &keys(&[2, 3, 4, 13, 21])),
            keys(&[2, 3, 13])
        );
        assert_eq!(intersection(&keys(&[1, 2]), &keys(&[3, 4])), keys(&[]));
        assert_eq!(intersection(&keys(&[]), &keys(&[3, 4])), keys(&[]));
        assert_eq!(intersection(&keys(&[7]), &keys(&[7])), keys(&[7]));
    }

    #[test]
    fn words_are_found_by_substrings_in_either_script() {
        let mut draft = post(3, "Draft", "Жумабаева <b>W</b>yvérn");
        draft.status = PostStatus::Draft;
        let posts = [
            post(1, "Kyrgyzstan", "<p>Gulbarchyn Jumabaevа</p>"),
            post(2, "女性", "gender-based violence"),
            draft,
        ];
        let words = Words::bulk(posts.iter());
        assert_eq!(ids(&words, "kyrgyz", WordScope::Public), (vec![1], true));
        assert_eq!(ids(&words, "JUMABAEVA", WordScope::Public), (vec![1], true));
        assert_eq!(ids(&words, "wyvern", WordScope::Public), (vec![], true));
        assert_eq!(ids(&words, "wyvern", WordScope::All), (vec![3], true));
        assert_eq!(ids(&words, "zhumabaeva", WordScope::All), (vec![3], true));
        assert_eq!(ids(&words, "Жумабаева", WordScope::All), (vec![3], true));
        // Several words: candidates, decided by the forward index.
        assert_eq!(
            ids(&words, "\"based viol\"", WordScope::All),
            (vec![2], true)
        );
        assert_eq!(
            ids(&words, "\"viol based\"", WordScope::All),
            (vec![], true)
        );
        // `女性` is `nu xing` transliterated: found in the sequences.
        assert_eq!(ids(&words, "女性", WordScope::All), (vec![2], true));
        assert_eq!(
            ids(&words, "\"жумабаева w\"", WordScope::All),
            (vec![3], true)
        );
        // A term that is not ASCII and that the transliterated sequences do not hold is left
        // to the text: its candidates stay (post 3 holds both words, not together).
        assert_eq!(
            ids(&words, "\"wyvérn жумабаева\"", WordScope::All),
            (vec![3], false)
        );
    }

    #[test]
    fn a_table_finds_every_word_containing_a_needle_once() {
        let key = DateKey::of(&post(1, "", ""));
        let table = Frozen::sorted(
            ["zzz", "bca", "abcab", "cab", "жумабаева", "ab"]
                .into_iter()
                .map(|w| (w.to_owned(), vec![key]))
                .collect(),
        );
        let found = |needle: &str| {
            let mut words = Vec::new();
            table.containing(needle, |i| words.push(table.word(i).to_owned()));
            words
        };
        // At a word's start, middle and end, in word order; "abcab" holds "ab" twice and is
        // listed once. Short needles are scanned, longer ones looked up by trigram.
        assert_eq!(found("ab"), ["ab", "abcab", "cab"]);
        assert_eq!(found("ca"), ["abcab", "bca", "cab"]);
        assert_eq!(found("cab"), ["abcab", "cab"]);
        assert_eq!(found("bcab"), ["abcab"]);
        assert_eq!(found("zzz"), ["zzz"]);
        assert_eq!(found("баев"), ["жумабаева"]);
        assert_eq!(found("а"), ["жумабаева"]);
        // All of a needle's trigrams in a word, but not in a row: no match.
        assert!(found("abca b").is_empty());
        assert!(found("cabc").is_empty());
        // Nothing across the end of one word and the start of the next.
        assert!(found("ab\nbc").is_empty());
        assert!(found("a\nb").is_empty());
        assert!(found("abcabb").is_empty());
        assert!(found("").is_empty());
    }

    #[test]
    fn a_table_with_edits_answers_as_its_words_say() {
        let key = |id| DateKey::of(&post(id, "", ""));
        let mut map = WordMap {
            base: Arc::new(Frozen::sorted(vec![
                ("beta".to_owned(), vec![key(1), key(2)]),
                ("alpha".to_owned(), vec![key(1)]),
                // A word given twice keeps its last list.
                ("beta".to_owned(), vec![key(3)]),
            ])),
            ..WordMap::default()
        };
        let keys = |map: &WordMap, word: &str| map.get(word).map(|list| list.keys().into_owned());
        assert_eq!(keys(&map, "beta"), Some(vec![key(3)]));
        assert_eq!(map.words(), ["alpha", "beta"]);
        // Emptying a word of the table hides it; adding it back shows it again.
        map.remove("alpha", &key(1));
        assert_eq!(keys(&map, "alpha"), None);
        assert_eq!(map.words(), ["beta"]);
        let mut found = Vec::new();
        map.containing("lph", &mut found);
        assert!(found.is_empty());
        map.add("alpha", key(4));
        map.add("beta", key(5));
        map.add("gamma", key(6));
        assert_eq!(keys(&map, "alpha"), Some(vec![key(4)]));
        assert_eq!(keys(&map, "beta"), Some(vec![key(3), key(5)]));
        assert_eq!(
            map.entries(),
            [
                ("alpha".to_owned(), vec![key(4)]),
                ("beta".to_owned(), vec![key(3), key(5)]),
                ("gamma".to_owned(), vec![key(6)]),
            ]
        );
        // Removing a word nobody has changes nothing.
        map.remove("delta", &key(1));
        assert_eq!(map.words(), ["alpha", "beta", "gamma"]);
    }

    #[test]
    fn words_edits_add_or_remove_are_found_or_not_found_at_once() {
        let mut words = Words::bulk([post(1, "One", "wyvern")].iter());
        assert_eq!(ids(&words, "yve", WordScope::Public).0, vec![1]);
        // A new word after the trigram index was made is found; a removed one is not.
        words.add(&post(2, "Two", "wyverns quixote"));
        assert_eq!(ids(&words, "yve", WordScope::Public).0, vec![1, 2]);
        assert_eq!(ids(&words, "ixo", WordScope::Public).0, vec![2]);
        words.replace(Some(&post(2, "Two", "wyverns quixote")), None);
        assert_eq!(ids(&words, "ixo", WordScope::Public).0, Vec::<u64>::new());
        assert_eq!(ids(&words, "yve", WordScope::Public).0, vec![1]);
    }

    /// A site of `n` public posts: every 10th says `wyvern`, every 4th `quixote`, every 6th
    /// `xylem`, and every 12th has the phrase `quixote xylem`; post 7 is protected.
    fn site(n: u64) -> crate::site::Site {
        let mut site = crate::site::Site::new("Blog");
        for id in 1..=n {
            let mut words = vec!["plain", "text"];
            if id % 10 == 0 {
                words.push("Wyvérn");
            }
            if id % 4 == 0 {
                words.push("quixote");
            }
            if id % 6 == 0 {
                words.push("xylem");
            }
            if id % 12 == 0 {
                words.push("quixote xylem");
            }
            let mut p = post(id, "Title", &format!("<p>{}</p>", words.join(" filler ")));
            p.published = Some(
                Timestamp::parse_rfc3339(&format!("2013-05-{:02}T10:00:00+06:00", id % 28 + 1))
                    .unwrap(),
            );
            if id == 7 {
                p.password = Some("secret".to_owned());
            }
            site.posts.push(p);
        }
        site
    }

    fn search(
        snapshot: &super::super::Snapshot,
        text: &str,
        viewer: crate::query::Viewer,
    ) -> (u64, Vec<Option<u32>>, u64) {
        let before = examined();
        let page = snapshot
            .query(&crate::query::Query::new().search(text).page(1, 5), viewer)
            .unwrap();
        let examined = examined() - before;
        let scores = page
            .posts
            .iter()
            .map(super::super::visibility::PostView::relevance)
            .collect();
        (page.total, scores, examined)
    }

    #[test]
    fn word_searches_read_no_text_and_phrases_read_only_candidates() {
        use crate::query::Viewer;
        let snapshot = super::super::Snapshot::from_site(site(600));
        // Words: the index decides; only the shown posts are scored.
        let (total, scores, examined) = search(&snapshot, "WYVERN", Viewer::Editor);
        assert_eq!((total, examined), (60, 0));
        assert!(
            scores.iter().all(|s| s.is_some_and(|s| s > 0)),
            "{scores:?}"
        );
        let (total, _, examined) = search(&snapshot, "wyvern quixote", Viewer::Editor);
        assert_eq!((total, examined), (30, 0));
        let (total, _, examined) = search(&snapshot, "quixote -wyvern", Viewer::Editor);
        assert_eq!((total, examined), (120, 0));
        // A phrase: the posts with both words are candidates (every 12th post), each decided
        // by its word sequence in the forward index, none by its text.
        let (total, _, examined) = search(&snapshot, "\"quixote xylem\"", Viewer::Editor);
        assert_eq!((total, examined), (50, 0));
        // A phrase whose words are all there but never together: 50 candidates, no match.
        let (total, _, examined) = search(&snapshot, "\"xylem quixote\"", Viewer::Editor);
        assert_eq!((total, examined), (0, 0));
        let (total, _, examined) = search(&snapshot, "-\"quixote xylem\" xylem", Viewer::Editor);
        assert_eq!((total, examined), (50, 0));
        // The anonymous reader may not read post 7: it is the one post read for its title.
        let (total, _, examined) = search(&snapshot, "plain", Viewer::Anonymous);
        assert_eq!((total, examined), (599, 1));
        let (total, _, examined) = search(&snapshot, "title", Viewer::Anonymous);
        assert_eq!((total, examined), (600, 1));
        // Twice the posts, the same text examined: the cost follows the candidates.
        let bigger = super::super::Snapshot::from_site(site(1200));
        let (total, _, examined) = search(&bigger, "wyvern quixote", Viewer::Editor);
        assert_eq!((total, examined), (60, 0));
    }

    /// Text from a small vocabulary, so that searches hit words, parts of words, phrases whose
    /// words are all there but apart, other scripts and markup.
    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = prop::sample::select(vec![
            "ab",
            "abc",
            "Bc",
            "cab",
            "é",
            "e",
            "Жу",
            "zhu",
            "女性",
            "nu",
            "let's",
            "gender-based",
            "<b>a</b>b",
            "<p>",
            "x&amp;y",
            "ΟΔΟΣ",
        ]);
        prop::collection::vec(word, 0..8).prop_map(|words| words.join(" "))
    }

    fn searches() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let term = prop::sample::select(vec![
            "ab",
            "b",
            "c",
            "abc",
            "ab c",
            "\"ab abc\"",
            "\"abc ab\"",
            "\"b c\"",
            "-ab",
            "-\"ab c\"",
            "e",
            "É",
            "zhu",
            "жу",
            "nu xing",
            "女",
            "lets",
            "gender",
            "\"gender based\"",
            "a b",
            "x y",
            "οδοσ",
            "odos",
            "-e",
            "ca",
            "ba",
        ]);
        prop::collection::vec(term, 1..4).prop_map(|terms| terms.join(" "))
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::proptest_config(256))]

        /// A table with edits finds, for any needle, exactly the lists of the words that
        /// contain it and have posts: the table's unless an edit changed them, and the edited
        /// ones (few letters, some of two bytes, so trigrams are shared and needles of every
        /// length match).
        #[test]
        fn lookups_find_the_words_that_contain_the_needle(
            table in proptest::collection::vec("[abé]{1,6}", 0..40),
            added in proptest::collection::vec(("[abé]{1,6}", 0usize..40), 0..12),
            removed in proptest::collection::vec(0usize..40, 0..12),
            needle in "[abé]{0,5}",
        ) {
            let key = |n: usize| DateKey::of(&post(n as u64 + 1, "", ""));
            let mut map = WordMap {
                base: Arc::new(Frozen::sorted(
                    table.iter().enumerate().map(|(i, w)| (w.clone(), vec![key(i)])).collect(),
                )),
                ..WordMap::default()
            };
            for (word, post) in &added {
                map.add(word, key(100 + post));
            }
            for &i in &removed {
                if let Some(word) = table.get(i) {
                    map.remove(word, &key(i));
                }
            }
            let mut found: Vec<Vec<DateKey>> = Vec::new();
            let mut lists = Vec::new();
            map.containing(&needle, &mut lists);
            found.extend(lists.iter().map(|list| list.keys().into_owned()));
            found.sort();
            let mut expected: Vec<Vec<DateKey>> = map
                .words()
                .into_iter()
                .filter(|word| !needle.is_empty() && word.contains(needle.as_str()))
                .filter_map(|word| map.get(word).map(|list| list.keys().into_owned()))
                .collect();
            expected.sort();
            proptest::prop_assert_eq!(found, expected);
        }

        /// The index's answer (every page and total, for every viewer) is the scan's: every
        /// post the viewer may see, scored with `SearchQuery::score` on what it may read.
        #[test]
        fn index_search_equals_scanning_every_post(
            posts in proptest::collection::vec((text(), text(), text(), 0u8..6), 1..12),
            search in searches(),
            edits in proptest::collection::vec((0usize..12, text()), 0..3),
        ) {
            use crate::query::{Query, Viewer};
            use crate::ids::AuthorId;
            let mut site = crate::site::Site::new("Blog");
            for id in 0..2 {
                let slug = Slug::parse(&format!("a{id}")).unwrap();
                site.authors.push(crate::author::Author::new(AuthorId(id), slug, "A"));
            }
            for (i, (title, excerpt, content, flags)) in posts.iter().enumerate() {
                let mut p = post(i as u64 + 1, title, content);
                p.excerpt = (!excerpt.is_empty()).then(|| excerpt.clone());
                p.authors = vec![AuthorId(u64::from(flags % 2))];
                p.status = if flags % 3 == 2 { PostStatus::Draft } else { PostStatus::Published };
                p.password = (*flags >= 4).then(|| "pw".to_owned());
                site.posts.push(p);
            }
            let archive = crate::archive::Archive::from_snapshot(crate::archive::Snapshot::from_site(site));
            for (index, content) in edits {
                let snapshot = archive.snapshot();
                let Some(mut p) = snapshot.post(PostId(index as u64 + 1)).cloned() else { continue };
                p.content = content;
                archive.edit(|e| e.update_post(p)).unwrap();
            }
            let snapshot = archive.snapshot();
            let query = SearchQuery::parse(&search);
            for viewer in [Viewer::Anonymous, Viewer::Author { id: AuthorId(1) }, Viewer::Editor] {
                let mut expected: Vec<(DateKey, u32)> = snapshot
                    .posts
                    .values()
                    .filter(|e| viewer.can_see_post(&e.post) && e.post.status != PostStatus::Trash)
                    .filter_map(|e| {
                        let p = &e.post;
                        let readable = viewer.can_read_content(p);
                        let excerpt = if readable { p.excerpt.as_deref().unwrap_or("") } else { "" };
                        let content = if readable { p.content.as_str() } else { "" };
                        query.score(&p.title, excerpt, content).map(|s| (DateKey::of(p), s))
                    })
                    .collect();
                expected.sort_by_key(|item| std::cmp::Reverse(item.0));
                let page = snapshot.query(&Query::new().search(&search).page(1, 100), viewer).unwrap();
                let found: Vec<(DateKey, u32)> = page
                    .posts
                    .iter()
                    .map(|v| (DateKey::of(snapshot.post(v.id()).unwrap()), v.relevance().unwrap()))
                    .collect();
                proptest::prop_assert_eq!(&found, &expected, "{:?} for {:?}", search, viewer);
                proptest::prop_assert_eq!(page.total, expected.len() as u64);
                let count = snapshot.count(&Query::new().search(&search), viewer).unwrap();
                proptest::prop_assert_eq!(count, expected.len() as u64);
            }
        }
    }

    #[test]
    fn edits_give_the_index_a_rebuild_gives() {
        let a = post(1, "Alpha", "one two");
        let b = post(2, "Beta", "two three");
        let mut words = Words::default();
        words.replace(None, Some(&a));
        words.replace(None, Some(&b));
        let mut b2 = b.clone();
        b2.content = "four".to_owned();
        words.replace(Some(&b), Some(&b2));
        assert_eq!(words, Words::bulk([a.clone(), b2.clone()].iter()));
        let mut hidden = a.clone();
        hidden.status = PostStatus::Private;
        hidden.password = Some("x".to_owned());
        words.replace(Some(&a), Some(&hidden));
        assert_eq!(words.protected(WordScope::All), 1);
        assert_eq!(words.protected(WordScope::Public), 0);
        words.replace(Some(&hidden), None);
        words.replace(Some(&b2), None);
        assert_eq!(words, Words::default());
    }

    /// Posts whose words, dates, groups and passwords vary with `seed`.
    fn varied(id: u64, seed: u64) -> Post {
        let words = [
            "alpha",
            "Жумабаева",
            "wyvérn",
            "女性",
            "beta",
            "gamma delta",
        ];
        let pick = |k: u64| words[((id * 7 + seed * 3 + k) % words.len() as u64) as usize];
        let mut p = post(id, pick(0), &format!("<p>{} {}</p>", pick(1), pick(2)));
        p.excerpt = id.is_multiple_of(3).then(|| pick(4).to_owned());
        p.published = Some(
            Timestamp::parse_rfc3339(&format!(
                "2013-05-{:02}T10:00:00+06:00",
                (id + seed) % 28 + 1
            ))
            .unwrap(),
        );
        p.status = match (id + seed) % 5 {
            0 => PostStatus::Draft,
            1 => PostStatus::Private,
            _ => PostStatus::Published,
        };
        p.password = (id + seed).is_multiple_of(7).then(|| "pw".to_owned());
        p
    }

    #[test]
    fn a_build_split_over_threads_is_the_index_of_the_posts_added_one_by_one() {
        // Three runs of posts, each with words the others number differently.
        let count = 3 * Grouped::MIN_PART as u64 + 5;
        let posts: Vec<Post> = (1..=count)
            .map(|id| {
                let mut p = varied(id, id % 5);
                p.content
                    .push_str(&format!(" w{:03} z{:02} жук{}", id % 997, id % 13, id % 11));
                p
            })
            .collect();
        let bulk = Words::bulk(posts.iter());
        let mut added = Words::default();
        for p in &posts {
            added.replace(None, Some(p));
        }
        assert_eq!(bulk, added);
        // Phrases are decided by the joined sequences, in every run.
        for (a, b) in [1, 2100, 4200, count].map(|id| (id % 997, id % 13)) {
            let (found, exact) = ids(&bulk, &format!("\"w{a:03} z{b:02}\""), WordScope::All);
            let mut found = found;
            found.sort_unstable();
            let expected: Vec<u64> = (1..=count)
                .filter(|id| id % 997 == a && id % 13 == b)
                .collect();
            assert!(!expected.is_empty());
            assert_eq!((found, exact), (expected, true), "w{a:03} z{b:02}");
        }
        // The image of a split build loads as the same index.
        let refs: Vec<&Post> = posts.iter().collect();
        let (loaded, from_text) = Words::from_image(&refs, TextIndexImage::build(posts.iter()));
        assert_eq!(from_text, 0);
        assert_eq!(loaded, bulk);
    }

    #[test]
    fn an_image_loads_the_index_the_text_gives_even_for_posts_changed_since() {
        let before: Vec<Post> = (1..=40).map(|id| varied(id, 0)).collect();
        let image = TextIndexImage::build(before.iter());
        // Unchanged: nothing is read from the text, and the lists equal a build from it.
        let refs: Vec<&Post> = before.iter().collect();
        let (loaded, from_text) = Words::from_image(&refs, image.clone());
        assert_eq!(from_text, 0);
        assert_eq!(loaded, Words::bulk(before.iter()));
        // Changed since: new text, new date, another group, a password, a deleted post and a
        // new one. Only those are indexed from their text; the answer is still the text's.
        let mut after = before.clone();
        after[0].content = "<p>zyzzyva</p>".to_owned();
        after[1].published = Some(Timestamp::parse_rfc3339("2020-01-01T00:00:00Z").unwrap());
        assert!(
            [2, 3]
                .iter()
                .all(|&i| after[i].status == PostStatus::Published)
        );
        assert!(after[4].password.is_none());
        after[2].status = PostStatus::Draft;
        after[3].status = PostStatus::Private;
        after[4].password = Some("secret".to_owned());
        after.remove(5);
        after.push(varied(99, 1));
        // Terms and authors are not part of the text index: no post indexed again for them.
        after[6].terms.push(crate::ids::TermId(3));
        let refs: Vec<&Post> = after.iter().collect();
        let (loaded, from_text) = Words::from_image(&refs, image.clone());
        assert_eq!(from_text, 6, "five changed posts and the new one");
        assert_eq!(loaded, Words::bulk(after.iter()));
        // Edits on the loaded index give what edits on a built one give.
        let mut edited = loaded.clone();
        let mut built = Words::bulk(after.iter());
        let mut p = after[10].clone();
        p.content = "<p>quokka</p>".to_owned();
        for words in [&mut edited, &mut built] {
            words.replace(Some(&after[10]), Some(&p));
            words.replace(Some(&after[11]), None);
        }
        assert_eq!(edited, built);
        // The snapshot the edits started from still answers as before (its lists are shared,
        // not changed).
        assert_eq!(loaded, Words::bulk(after.iter()));
        // Too many changed posts: everything is indexed from the text.
        let changed: Vec<Post> = (1..=40).map(|id| varied(id, 1)).collect();
        let refs: Vec<&Post> = changed.iter().collect();
        let (loaded, from_text) = Words::from_image(&refs, image);
        assert_eq!(from_text, 40);
        assert_eq!(loaded, Words::bulk(changed.iter()));
    }

    #[test]
    fn a_tampered_image_admits_no_post_outside_its_group_and_never_panics() {
        let posts: Vec<Post> = (1..=20).map(|id| varied(id, 0)).collect();
        let drafts: Vec<PostId> = posts
            .iter()
            .filter(|p| !is_public_default(p))
            .map(|p| p.id)
            .collect();
        assert!(!drafts.is_empty());
        let mut image = TextIndexImage::build(posts.iter());
        let public_list = image
            .lists
            .iter_mut()
            .find(|l| l.public && l.word == "alpha")
            .unwrap();
        // A public list that names drafts, an unknown post and itself twice, out of order.
        let mut ids: Vec<PostId> = drafts.clone();
        ids.extend([PostId(12345), PostId(1), PostId(1)]);
        public_list.posts = encode_ids(ids.into_iter());
        // Garbage: a varint that never ends.
        image.lists.push(ImageList {
            public: true,
            transliterated: true,
            word: "garbage".into(),
            posts: vec![0xff; 40],
        });
        let refs: Vec<&Post> = posts.iter().collect();
        let (words, _) = Words::from_image(&refs, image);
        let alpha = words.public.ascii.get("alpha").unwrap().set();
        assert!(
            alpha
                .iter()
                .all(|key| !drafts.contains(&key.id) && key.id.0 != 12345)
        );
        assert!(words.public.ascii.get("garbage").unwrap().set().is_empty());
    }

    #[test]
    fn ids_round_trip_through_their_encoding() {
        let ids = [5u64, 3, 1_000_000, 0, u64::MAX, 7, 7];
        let bytes = encode_ids(ids.iter().map(|id| PostId(*id)));
        let back: Vec<u64> = decode_ids(&bytes).map(|id| id.0).collect();
        assert_eq!(back, ids);
        // Close ids take one byte each.
        assert_eq!(encode_ids((1..=100).map(PostId)).len(), 100);
        // A cut varint ends the ids.
        let cut: Vec<u64> = decode_ids(&bytes[..bytes.len() - 1])
            .map(|id| id.0)
            .collect();
        assert_eq!(cut, ids[..6]);
    }

    #[test]
    fn the_fingerprint_changes_with_what_the_index_reads_and_nothing_else() {
        let p = varied(1, 0);
        let base = text_fingerprint(&p);
        let changes: [fn(&mut Post); 6] = [
            |p| p.title.push('x'),
            |p| p.excerpt = Some(String::new()),
            |p| p.content.push(' '),
            |p| p.published = None,
            |p| p.status = PostStatus::Draft,
            |p| p.password = Some("pw".to_owned()),
        ];
        for change in changes {
            let mut q = p.clone();
            q.status = PostStatus::Published;
            q.password = None;
            let before = text_fingerprint(&q);
            change(&mut q);
            assert_ne!(text_fingerprint(&q), before, "{q:?}");
        }
        let mut q = p.clone();
        q.terms.push(crate::ids::TermId(1));
        q.slug = None;
        assert_eq!(text_fingerprint(&q), base);
    }
}
