//! The forward index: each post's words in order, so that a term of several words (a phrase,
//! or `gender-based`) is decided without preparing the post's text again.
//!
//! Every word of the transliterated forms ([`crate::text::index_forms`]) has a number in one
//! [`Vocabulary`], and each post keeps, for its title, excerpt and content, the numbers of
//! that field's words in order (LEB128 varints: one or two bytes a word for the common ones,
//! which come first). A field's transliterated form is its words joined by single spaces, and
//! so is a term's; the term occurs in the field exactly when there is a run of the field's
//! words whose first ends with the term's first word, whose middle ones are the term's middle
//! words and whose last starts with the term's last word ([`Phrase`]). Folded (non-ASCII)
//! forms are not kept: an ASCII term that occurs in a field's search form also occurs in its
//! transliterated form, so the sequences decide every ASCII term; a term that is not ASCII is
//! decided by them when they hold it, and otherwise by the text (see [`Forward::occurs`]).

use super::index;
use crate::ids::PostId;
use hashbrown::{DefaultHashBuilder, HashTable};
use std::hash::BuildHasher;
use std::sync::Arc;

/// Words to numbers, numbers to words, built in bulk (one buffer of words, a table of
/// numbers hashed by their words: some 10 bytes a word besides its letters).
#[derive(Default)]
struct FrozenVocabulary {
    /// The words one after another, in number order.
    text: String,
    /// Where word `n` starts in `text`, and `text.len()` last.
    starts: Vec<u32>,
    /// The numbers, found by their words' hashes.
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl FrozenVocabulary {
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    fn word(&self, number: u32) -> Option<&str> {
        let n = number as usize;
        let (start, end) = (*self.starts.get(n)?, *self.starts.get(n + 1)?);
        self.text.get(start as usize..end as usize)
    }

    fn number(&self, word: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(word);
        self.table
            .find(hash, |&n| self.word(n) == Some(word))
            .copied()
    }

    /// The number of `word`, given the next number if it is new.
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(n) = self.number(word) {
            return n;
        }
        self.push(word)
    }

    /// Gives `word` the next number (findable unless an earlier word is the same).
    fn push(&mut self, word: &str) -> u32 {
        if self.starts.is_empty() {
            self.starts.push(0);
        }
        let findable = self.number(word).is_none();
        let number = u32::try_from(self.len()).unwrap_or(u32::MAX);
        self.text.push_str(word);
        self.starts
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        if findable {
            let hash = self.hasher.hash_one(word);
            let (text, starts, hasher) = (&self.text, &self.starts, &self.hasher);
            self.table.insert_unique(hash, number, |&n| {
                let n = n as usize;
                hasher.hash_one(&text[starts[n] as usize..starts[n + 1] as usize])
            });
        }
        number
    }
}

/// The vocabulary of the sequences: a bulk table shared by every snapshot, and the words
/// edits brought since, numbered after it.
#[derive(Clone, Default)]
struct Vocabulary {
    base: Arc<FrozenVocabulary>,
    added: imbl::HashMap<Arc<str>, u32>,
    added_words: imbl::Vector<Arc<str>>,
}

impl Vocabulary {
    /// How many words are numbered (the next word's number).
    fn len(&self) -> usize {
        self.base.len() + self.added_words.len()
    }

    fn number(&self, word: &str) -> Option<u32> {
        self.base
            .number(word)
            .or_else(|| self.added.get(word).copied())
    }

    fn word(&self, number: u32) -> Option<&str> {
        match (number as usize).checked_sub(self.base.len()) {
            None => self.base.word(number),
            Some(i) => self.added_words.get(i).map(AsRef::as_ref),
        }
    }

    /// The number of `word`, numbering it after every other if it is new.
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(n) = self.number(word) {
            return n;
        }
        let number = u32::try_from(self.len()).unwrap_or(u32::MAX);
        let word: Arc<str> = Arc::from(word);
        self.added.insert(word.clone(), number);
        self.added_words.push_back(word);
        number
    }
}

/// Appends a word number (or [`FIELD_END`]) as a LEB128 varint.
fn push_varint(out: &mut Vec<u8>, value: u32) {
    index::push_varint(out, u64::from(value));
}

/// Reads the varints of a sequence one by one; a malformed end (a varint cut short or
/// longer than five bytes) ends it, and a number too large for a word is one no word has.
struct Varints<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Iterator for Varints<'_> {
    type Item = u32;

    fn next(&mut self) -> Option<u32> {
        let value = index::read_varint(self.bytes, &mut self.at, 5)?;
        Some(u32::try_from(value).unwrap_or(u32::MAX))
    }
}

/// What ends a field in a sequence (words are written as their number plus one).
const FIELD_END: u32 = 0;

/// A post's sequence: the words of the title, the excerpt and the content, each as its
/// number plus one, each field ended by a 0. LEB128 is self-synchronising (the last byte of
/// every number, and only it, is below 0x80), so the bytes of a run of words are found by a
/// byte search wherever the byte before them is below 0x80; and no run of words spans two
/// fields, since a run holds no 0.
fn encode(vocabulary: &mut impl FnMut(&str) -> u32, fields: [&str; 3], out: &mut Vec<u8>) {
    for field in fields {
        for word in field.split(' ').filter(|w| !w.is_empty()) {
            push_varint(out, vocabulary(word).saturating_add(1));
        }
        push_varint(out, FIELD_END);
    }
}

/// The fields of a sequence, each as its word numbers (a malformed sequence gives what it
/// holds up to its fault).
fn fields(bytes: &[u8]) -> Vec<Vec<u32>> {
    let mut fields = Vec::new();
    let mut field = Vec::new();
    for value in (Varints { bytes, at: 0 }) {
        match value.checked_sub(1) {
            Some(number) => field.push(number),
            None => fields.push(std::mem::take(&mut field)),
        }
    }
    if !field.is_empty() {
        fields.push(field);
    }
    fields
}

/// Sequences loaded in bulk: one buffer, the posts in id order.
#[derive(Default)]
struct FrozenSequences {
    posts: Vec<PostId>,
    /// When the ids are dense (their range at most [`DENSE`] times their number): for each id
    /// from the first, its index in `posts` (`u32::MAX` for none), so that a post is found
    /// in one step instead of a binary search.
    slots: Option<(u64, Vec<u32>)>,
    /// Where each post's sequence ends in `bytes` (it starts where the previous one ends).
    ends: Vec<usize>,
    bytes: Box<[u8]>,
}

impl FrozenSequences {
    /// From `(post, start, end)` spans of `bytes` in any order (for a post given twice, the
    /// last). Spans that already follow each other in id order keep `bytes` as it is.
    fn new(mut spans: Vec<(PostId, usize, usize)>, bytes: Vec<u8>) -> FrozenSequences {
        let in_order = spans.first().is_none_or(|first| first.1 == 0)
            && spans.last().is_none_or(|last| last.2 == bytes.len())
            && spans
                .windows(2)
                .all(|w| w[0].0 < w[1].0 && w[0].2 == w[1].1);
        if in_order {
            let posts: Vec<PostId> = spans.iter().map(|span| span.0).collect();
            return FrozenSequences {
                slots: dense_slots(&posts),
                posts,
                ends: spans.iter().map(|span| span.2).collect(),
                bytes: bytes.into_boxed_slice(),
            };
        }
        spans.sort_by_key(|span| span.0);
        let mut kept: Vec<(PostId, usize, usize)> = Vec::with_capacity(spans.len());
        for span in spans {
            match kept.last_mut() {
                Some(last) if last.0 == span.0 => *last = span,
                _ => kept.push(span),
            }
        }
        let mut out = Vec::with_capacity(kept.iter().map(|(_, s, e)| e - s).sum());
        let mut posts = Vec::with_capacity(kept.len());
        let mut ends = Vec::with_capacity(kept.len());
        for (post, start, end) in kept {
            out.extend_from_slice(&bytes[start..end]);
            posts.push(post);
            ends.push(out.len());
        }
        FrozenSequences {
            slots: dense_slots(&posts),
            posts,
            ends,
            bytes: out.into_boxed_slice(),
        }
    }

    /// A post's sequence, if it has one.
    fn get(&self, post: PostId) -> Option<&[u8]> {
        self.at(self.index(post)?)
    }

    /// Where a post's sequence is listed, when it has one.
    fn index(&self, post: PostId) -> Option<usize> {
        match &self.slots {
            Some((first, slots)) => {
                let slot = usize::try_from(post.0.checked_sub(*first)?).ok()?;
                match *slots.get(slot)? {
                    u32::MAX => None,
                    i => Some(i as usize),
                }
            }
            None => self.posts.binary_search(&post).ok(),
        }
    }

    /// The sequence listed at `i`.
    fn at(&self, i: usize) -> Option<&[u8]> {
        let start = if i == 0 { 0 } else { *self.ends.get(i - 1)? };
        self.bytes.get(start..*self.ends.get(i)?)
    }
}

/// How much wider than their number the ids' range may be for [`FrozenSequences`] to keep a
/// slot per id (4 bytes a slot: at most 16 bytes a post).
const DENSE: u64 = 4;

/// A slot per id from the first to the last of `posts` (sorted), each holding the id's index,
/// when the range is dense enough.
fn dense_slots(posts: &[PostId]) -> Option<(u64, Vec<u32>)> {
    let (first, last) = (posts.first()?.0, posts.last()?.0);
    let range = last.checked_sub(first)?.checked_add(1)?;
    if range > (posts.len() as u64).saturating_mul(DENSE) || u32::try_from(posts.len()).is_err() {
        return None;
    }
    let mut slots = vec![u32::MAX; usize::try_from(range).ok()?];
    for (i, post) in posts.iter().enumerate() {
        slots[(post.0 - first) as usize] = i as u32;
    }
    Some((first, slots))
}

/// The sequences of a persisted text index
/// ([`TextIndexImage::sequences`](super::TextIndexImage::sequences)): each post's id and its
/// words in order (the encoding the image documents), one after another in one buffer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageSequences {
    /// Each post's id and where its sequence ends in `bytes` (it starts where the previous
    /// one ends).
    posts: Vec<(PostId, usize)>,
    bytes: Vec<u8>,
}

impl ImageSequences {
    /// Appends a post's sequence.
    pub fn push(&mut self, post: PostId, sequence: &[u8]) {
        self.bytes.extend_from_slice(sequence);
        self.posts.push((post, self.bytes.len()));
    }

    /// Each post's id and sequence, in the order they were pushed.
    pub fn iter(&self) -> impl Iterator<Item = (PostId, &[u8])> {
        let mut start = 0;
        self.posts.iter().map(move |&(post, end)| {
            let sequence = self.bytes.get(start..end).unwrap_or_default();
            start = end;
            (post, sequence)
        })
    }

    /// How many posts have a sequence here.
    pub fn len(&self) -> usize {
        self.posts.len()
    }

    /// Whether no post has a sequence here.
    pub fn is_empty(&self) -> bool {
        self.posts.is_empty()
    }

    /// The same sequences in id order, each post once (the last of a post given twice).
    pub(crate) fn into_sorted(self) -> ImageSequences {
        if self.posts.windows(2).all(|w| w[0].0 < w[1].0) {
            return self;
        }
        let mut all: Vec<(PostId, &[u8])> = self.iter().collect();
        all.sort_by_key(|(post, _)| *post);
        let mut sorted = ImageSequences::default();
        for (i, (post, sequence)) in all.iter().enumerate() {
            if all.get(i + 1).is_none_or(|next| next.0 != *post) {
                sorted.push(*post, sequence);
            }
        }
        sorted
    }

    /// Whether a post has a sequence (the sequences in id order: [`Self::into_sorted`]).
    pub(crate) fn contains(&self, post: PostId) -> bool {
        self.posts
            .binary_search_by_key(&post, |(id, _)| *id)
            .is_ok()
    }
}

/// Every post's words in order (see the [module documentation](self)): a bulk table shared by
/// every snapshot, and the sequences edits changed since (`None` for a post removed).
#[derive(Clone, Default)]
pub(crate) struct Forward {
    vocabulary: Vocabulary,
    base: Arc<FrozenSequences>,
    edited: imbl::OrdMap<PostId, Option<Arc<[u8]>>>,
}

impl std::fmt::Debug for Forward {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Forward({} words, {} posts, {} edited)",
            self.vocabulary.len(),
            self.base.posts.len(),
            self.edited.len()
        )
    }
}

impl PartialEq for Forward {
    /// Equal as indexes: the same posts with the same words, however numbered.
    fn eq(&self, other: &Self) -> bool {
        self.words() == other.words()
    }
}

impl Eq for Forward {}

/// Collects the sequences of posts given one by one (what a bulk build and a persisted image
/// load make a [`Forward`] from).
#[derive(Default)]
pub(crate) struct ForwardBuilder {
    vocabulary: FrozenVocabulary,
    bytes: Vec<u8>,
    spans: Vec<(PostId, usize, usize)>,
}

impl ForwardBuilder {
    /// Adds a post's fields (title, excerpt, content), each in its transliterated form.
    pub(crate) fn add(&mut self, post: PostId, fields: [&str; 3]) {
        let start = self.bytes.len();
        let vocabulary = &mut self.vocabulary;
        encode(&mut |word| vocabulary.intern(word), fields, &mut self.bytes);
        self.spans.push((post, start, self.bytes.len()));
    }

    /// Appends the posts of another builder, made from other posts, with its words numbered
    /// in this vocabulary (words new to it are numbered after its own): what joins the parts
    /// of a build made on several threads.
    pub(crate) fn append(&mut self, other: ForwardBuilder) {
        let numbers: Vec<u32> = (0..other.vocabulary.len())
            .map(|n| {
                let word = u32::try_from(n)
                    .ok()
                    .and_then(|n| other.vocabulary.word(n))
                    .unwrap_or_default();
                self.vocabulary.intern(word)
            })
            .collect();
        self.bytes.reserve(other.bytes.len());
        for (post, start, end) in other.spans {
            let at = self.bytes.len();
            let sequence = other.bytes.get(start..end).unwrap_or_default();
            for value in (Varints {
                bytes: sequence,
                at: 0,
            }) {
                let renumbered = match value.checked_sub(1) {
                    Some(n) => numbers
                        .get(n as usize)
                        .map_or(u32::MAX, |n| n.saturating_add(1)),
                    None => FIELD_END,
                };
                push_varint(&mut self.bytes, renumbered);
            }
            self.spans.push((post, at, self.bytes.len()));
        }
    }

    /// Starts from a persisted vocabulary (its words numbered in the order given), with room
    /// for `bytes` of sequences.
    pub(crate) fn with_vocabulary(words: &[String], bytes: usize) -> ForwardBuilder {
        let mut builder = ForwardBuilder {
            bytes: Vec::with_capacity(bytes),
            ..ForwardBuilder::default()
        };
        for word in words {
            builder.vocabulary.push(word);
        }
        builder
    }

    /// Adds a post's persisted sequence as it is (numbers of the vocabulary given to
    /// [`Self::with_vocabulary`]; a number outside it is a word that matches nothing).
    pub(crate) fn add_encoded(&mut self, post: PostId, sequence: &[u8]) {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(sequence);
        self.spans.push((post, start, self.bytes.len()));
    }

    /// The index of a persisted vocabulary and the sequences (in id order) of the posts
    /// `keep` names (sorted): when it names every post, the sequences' buffer is taken as
    /// it is, not copied.
    pub(crate) fn from_image(
        words: &[String],
        sequences: ImageSequences,
        keep: &[PostId],
    ) -> Forward {
        let every = keep.len() == sequences.len()
            && keep.iter().zip(&sequences.posts).all(|(a, b)| *a == b.0);
        if every {
            let mut builder = ForwardBuilder::with_vocabulary(words, 0);
            let mut start = 0;
            for &(post, end) in &sequences.posts {
                builder.spans.push((post, start, end));
                start = end;
            }
            builder.bytes = sequences.bytes;
            return builder.build();
        }
        let size = sequences.bytes.len();
        let mut builder = ForwardBuilder::with_vocabulary(words, size);
        let mut keep = keep.iter().peekable();
        for (post, sequence) in sequences.iter() {
            while keep.next_if(|id| **id < post).is_some() {}
            if keep.next_if(|id| **id == post).is_some() {
                builder.add_encoded(post, sequence);
            }
        }
        builder.build()
    }

    /// The index of the posts added (for a post added twice, the last sequence).
    pub(crate) fn build(self) -> Forward {
        Forward {
            base: Arc::new(FrozenSequences::new(self.spans, self.bytes)),
            vocabulary: Vocabulary {
                base: Arc::new(self.vocabulary),
                ..Vocabulary::default()
            },
            edited: imbl::OrdMap::new(),
        }
    }

    /// The vocabulary in number order and each post's sequence, in id order: what an image
    /// persists.
    pub(crate) fn into_image(self) -> (Vec<String>, ImageSequences) {
        self.build().image()
    }
}

impl Forward {
    /// A post's sequence, if it is indexed.
    fn sequence(&self, post: PostId) -> Option<&[u8]> {
        self.bytes_at(self.place(post))
    }

    /// Where a post's sequence is (the first of the two steps of [`Forward::sequence`]).
    fn place(&self, post: PostId) -> Place<'_> {
        match self.edited.get(&post) {
            Some(edited) => Place::Edited(edited.as_deref()),
            None => Place::Base(self.base.index(post)),
        }
    }

    /// The sequence at a place (the second step of [`Forward::sequence`]).
    fn bytes_at<'s>(&'s self, place: Place<'s>) -> Option<&'s [u8]> {
        match place {
            Place::Edited(sequence) => sequence,
            Place::Base(index) => self.base.at(index?),
        }
    }

    /// Sets a post's fields (title, excerpt, content, each in its transliterated form).
    pub(crate) fn insert(&mut self, post: PostId, fields: [&str; 3]) {
        let mut bytes = Vec::new();
        let vocabulary = &mut self.vocabulary;
        encode(&mut |word| vocabulary.intern(word), fields, &mut bytes);
        self.edited.insert(post, Some(Arc::from(bytes)));
    }

    /// Forgets a post.
    pub(crate) fn remove(&mut self, post: PostId) {
        if self.base.get(post).is_some() {
            self.edited.insert(post, None);
        } else {
            self.edited.remove(&post);
        }
    }

    /// The indexed posts in id order.
    fn posts(&self) -> Vec<PostId> {
        let mut posts: Vec<PostId> = self
            .base
            .posts
            .iter()
            .copied()
            .filter(|post| !self.edited.contains_key(post))
            .chain(
                self.edited
                    .iter()
                    .filter(|(_, sequence)| sequence.is_some())
                    .map(|(post, _)| *post),
            )
            .collect();
        posts.sort_unstable();
        posts
    }

    /// Every indexed post with its fields' words (`?` for a number outside the vocabulary).
    fn words(&self) -> Vec<(PostId, Vec<Vec<&str>>)> {
        self.posts()
            .into_iter()
            .map(|post| {
                let sequence = self.sequence(post).unwrap_or_default();
                let words = fields(sequence)
                    .into_iter()
                    .map(|field| {
                        field
                            .into_iter()
                            .map(|n| self.vocabulary.word(n).unwrap_or("?"))
                            .collect()
                    })
                    .collect();
                (post, words)
            })
            .collect()
    }

    /// The vocabulary in number order and every indexed post's sequence, in id order (words
    /// edits added are numbered after the bulk table's, as they are here).
    pub(crate) fn image(&self) -> (Vec<String>, ImageSequences) {
        let vocabulary = (0..self.vocabulary.len())
            .map(|n| {
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                self.vocabulary.word(n).unwrap_or_default().to_owned()
            })
            .collect();
        let mut sequences = ImageSequences::default();
        for post in self.posts() {
            sequences.push(post, self.sequence(post).unwrap_or_default());
        }
        (vocabulary, sequences)
    }

    /// What the sequences say about a term in a post: `Some(true)` when its transliterated
    /// form occurs in one of the post's fields, `Some(false)` when it occurs in none and the
    /// term is ASCII (so that it cannot occur in a search form either), `None` when the text
    /// must decide (a term that is not ASCII and is not found here, or a post not indexed).
    pub(crate) fn occurs(&self, post: PostId, phrase: &Phrase) -> Option<bool> {
        phrase.decide(self.sequence(post))
    }

    /// [`Forward::occurs`] for each of `posts`, in order. The sequences of a batch of
    /// [`BATCH`] posts are located, and the first byte of each read, before any is searched,
    /// so that their memory is fetched together rather than one miss after another (a phrase
    /// at 1,000,000 posts checks about 11,500 sequences scattered over hundreds of megabytes).
    pub(crate) fn occurs_each(
        &self,
        posts: impl Iterator<Item = PostId>,
        phrase: &Phrase,
    ) -> Vec<Option<bool>> {
        let mut posts = posts.peekable();
        let mut decided = Vec::with_capacity(posts.size_hint().0);
        let mut places: Vec<Place<'_>> = Vec::with_capacity(BATCH);
        let mut batch: Vec<Option<&[u8]>> = Vec::with_capacity(BATCH);
        while posts.peek().is_some() {
            // In stages, each a run of loads that do not wait for each other: where each
            // post's sequence is listed, then where each sequence lies, then its first byte.
            places.clear();
            places.extend(posts.by_ref().take(BATCH).map(|post| self.place(post)));
            batch.clear();
            batch.extend(places.iter().map(|&place| self.bytes_at(place)));
            // Independent loads, which the processor issues without waiting for each other.
            let first_bytes = batch.iter().flatten().fold(0u8, |acc, sequence| {
                acc ^ sequence.first().copied().unwrap_or(0)
            });
            std::hint::black_box(first_bytes);
            decided.extend(batch.iter().map(|sequence| phrase.decide(*sequence)));
        }
        decided
    }

    /// The numbers of a term's words (its transliterated form, of two words or more) as a
    /// field must hold them in a row: `containing` calls its function with every vocabulary
    /// word (at least) that contains the given word, as the text index finds them.
    pub(crate) fn phrase(
        &self,
        words: &[&str],
        ascii: bool,
        containing: impl Fn(&str, &mut dyn FnMut(&str)),
    ) -> Phrase {
        let [head, middle @ .., tail] = words else {
            return Phrase::never(ascii);
        };
        let size = self.vocabulary.len();
        let mut first = WordSet::new(size);
        let mut last = WordSet::new(size);
        containing(head, &mut |word| {
            if word.ends_with(head)
                && let Some(n) = self.vocabulary.number(word)
            {
                first.insert(n);
            }
        });
        containing(tail, &mut |word| {
            if word.starts_with(tail)
                && let Some(n) = self.vocabulary.number(word)
            {
                last.insert(n);
            }
        });
        let middle: Option<Vec<u32>> = middle
            .iter()
            .map(|word| self.vocabulary.number(word))
            .collect();
        let Some(middle) = middle else {
            return Phrase::never(ascii);
        };
        if first.numbers.is_empty() || last.numbers.is_empty() {
            return Phrase::never(ascii);
        }
        let runs = first.numbers.len().saturating_mul(last.numbers.len());
        let finders = (runs <= MAX_FINDERS).then(|| {
            let mut middle_bytes = Vec::new();
            for &n in &middle {
                push_varint(&mut middle_bytes, n.saturating_add(1));
            }
            let mut finders = Vec::with_capacity(runs);
            for &a in &first.numbers {
                for &c in &last.numbers {
                    let mut pattern = Vec::new();
                    push_varint(&mut pattern, a.saturating_add(1));
                    pattern.extend_from_slice(&middle_bytes);
                    push_varint(&mut pattern, c.saturating_add(1));
                    finders.push(memchr::memmem::Finder::new(&pattern).into_owned());
                }
            }
            finders
        });
        Phrase {
            first,
            middle,
            last,
            finders,
            ascii,
        }
    }
}

/// The most runs of words (first word times last word) a [`Phrase`] looks for as byte
/// patterns; a term with more is checked by decoding each sequence.
const MAX_FINDERS: usize = 16;

/// How many posts' sequences [`Forward::occurs_each`] locates before it searches them.
const BATCH: usize = 16;

/// Where a post's sequence is: an edit's own (`None` for a post the edits forgot), or its
/// index in the frozen base (`None` for a post not indexed there).
#[derive(Debug, Clone, Copy)]
enum Place<'s> {
    Edited(Option<&'s [u8]>),
    Base(Option<usize>),
}

/// A set of word numbers: a bitmap for membership, and the numbers as inserted.
#[derive(Debug, Clone, Default)]
struct WordSet {
    bits: Vec<u64>,
    numbers: Vec<u32>,
}

impl WordSet {
    fn new(size: usize) -> WordSet {
        WordSet {
            bits: vec![0; size.div_ceil(64)],
            numbers: Vec::new(),
        }
    }

    fn insert(&mut self, n: u32) {
        if let Some(word) = self.bits.get_mut(n as usize / 64)
            && *word & (1 << (n % 64)) == 0
        {
            *word |= 1 << (n % 64);
            self.numbers.push(n);
        }
    }

    fn contains(&self, n: u32) -> bool {
        self.bits
            .get(n as usize / 64)
            .is_some_and(|word| word & (1 << (n % 64)) != 0)
    }
}

/// A term of several words as word numbers: a field holds it when some run of its words has
/// a word of `first`, then `middle` word by word, then a word of `last`.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    /// The words that end with the term's first word.
    first: WordSet,
    /// The term's middle words.
    middle: Vec<u32>,
    /// The words that start with the term's last word.
    last: WordSet,
    /// The bytes of every run of words that is the term, when there are few of them (see
    /// [`encode`] for why a byte search finds them).
    finders: Option<Vec<memchr::memmem::Finder<'static>>>,
    /// Whether the term's search form is ASCII: then a field that does not hold it in its
    /// transliterated form does not hold it at all.
    ascii: bool,
}

impl Phrase {
    fn never(ascii: bool) -> Phrase {
        Phrase {
            first: WordSet::default(),
            middle: Vec::new(),
            last: WordSet::default(),
            finders: None,
            ascii,
        }
    }

    /// What a post's sequence (`None`: the post is not indexed) says about the term: see
    /// [`Forward::occurs`].
    fn decide(&self, sequence: Option<&[u8]>) -> Option<bool> {
        if self.in_sequence(sequence?) {
            return Some(true);
        }
        self.ascii.then_some(false)
    }

    /// Whether a sequence holds the term in one of its fields (never when no run of words
    /// can: a middle word, or any word ending or starting as it must, is in no post, and
    /// [`Forward::phrase`] left the sets empty).
    fn in_sequence(&self, bytes: &[u8]) -> bool {
        if self.first.numbers.is_empty() || self.last.numbers.is_empty() {
            return false;
        }
        if let Some(finders) = &self.finders {
            // A match counts where a number starts: at the start, or after a number's end.
            // Matches may overlap (a misplaced one can hide a true one that starts inside it),
            // so each search resumes one byte after the last match.
            return finders.iter().any(|finder| {
                let mut from = 0;
                while let Some(found) = bytes.get(from..).and_then(|rest| finder.find(rest)) {
                    let at = from + found;
                    if at == 0 || bytes[at - 1] < 0x80 {
                        return true;
                    }
                    from = at + 1;
                }
                false
            });
        }
        fields(bytes).iter().any(|field| self.in_field(field))
    }

    /// Whether a field's word numbers hold a run that is the term.
    fn in_field(&self, words: &[u32]) -> bool {
        let length = self.middle.len() + 2;
        words.windows(length).any(|run| {
            self.first.contains(run[0])
                && self.last.contains(run[length - 1])
                && run[1..length - 1] == self.middle[..]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forward(posts: &[(u64, [&str; 3])]) -> Forward {
        let mut builder = ForwardBuilder::default();
        for (id, fields) in posts {
            builder.add(PostId(*id), *fields);
        }
        builder.build()
    }

    /// Every word of the forward index's vocabulary that contains `needle` (what the text
    /// index's lookups give in the archive).
    fn phrase(forward: &Forward, term: &str) -> Phrase {
        let words: Vec<&str> = term.split(' ').collect();
        forward.phrase(&words, term.is_ascii(), |needle, found| {
            for n in 0..forward.vocabulary.len() {
                let word = forward.vocabulary.word(n as u32).unwrap();
                if word.contains(needle) {
                    found(word);
                }
            }
        })
    }

    #[test]
    fn posts_checked_in_batches_get_each_post_s_own_answer() {
        // 50 posts (more than three batches), every third holding the phrase, every
        // seventh id not indexed at all.
        let texts: Vec<(u64, [String; 3])> = (1..=50u64)
            .filter(|id| id % 7 != 0)
            .map(|id| {
                let content = if id % 3 == 0 {
                    format!("w{id} quixote xylem end")
                } else {
                    format!("xylem w{id} quixote")
                };
                (id, [format!("title {id}"), String::new(), content])
            })
            .collect();
        let posts: Vec<(u64, [&str; 3])> = texts
            .iter()
            .map(|(id, [a, b, c])| (*id, [a.as_str(), b.as_str(), c.as_str()]))
            .collect();
        let index = forward(&posts);
        let term = phrase(&index, "quixote xylem");
        // In an order that is not the ids' (as a search's candidates, newest first).
        let ids: Vec<PostId> = (1..=50u64).rev().map(PostId).collect();
        let each = index.occurs_each(ids.iter().copied(), &term);
        let one_by_one: Vec<Option<bool>> = ids.iter().map(|&id| index.occurs(id, &term)).collect();
        assert_eq!(each, one_by_one);
        assert_eq!(each[50 - 3], Some(true));
        assert_eq!(each[50 - 4], Some(false));
        assert_eq!(each[50 - 7], None);
        assert!(index.occurs_each(std::iter::empty(), &term).is_empty());
        // With edits (sequences outside the frozen base): an edited post, a new one, a
        // forgotten one.
        let mut index = index;
        index.insert(PostId(4), ["", "", "quixote xylem"]);
        index.insert(PostId(7), ["", "", "quixote xylem"]);
        index.remove(PostId(3));
        let term = phrase(&index, "quixote xylem");
        let each = index.occurs_each(ids.iter().copied(), &term);
        let one_by_one: Vec<Option<bool>> = ids.iter().map(|&id| index.occurs(id, &term)).collect();
        assert_eq!(each, one_by_one);
        assert_eq!(
            [each[50 - 4], each[50 - 7], each[50 - 3]],
            [Some(true), Some(true), None]
        );
    }

    #[test]
    fn a_term_occurs_where_a_run_of_words_holds_it() {
        let index = forward(&[
            (1, ["quixote xylem", "", "alpha beta gamma"]),
            (2, ["xylem quixote", "", "alphabet agamma"]),
            (3, ["", "lets go", "a la mode"]),
        ]);
        let occurs = |post: u64, term: &str| index.occurs(PostId(post), &phrase(&index, term));
        assert_eq!(occurs(1, "quixote xylem"), Some(true));
        assert_eq!(occurs(2, "quixote xylem"), Some(false));
        // The first word ends a word, the last starts one, the middle ones are whole.
        assert_eq!(occurs(1, "pha beta gam"), Some(true));
        assert_eq!(occurs(1, "pha bet gam"), Some(false));
        assert_eq!(occurs(2, "bet agam"), Some(true));
        assert_eq!(occurs(2, "alpha bet"), Some(false));
        assert_eq!(occurs(3, "a la mod"), Some(true));
        assert_eq!(occurs(3, "lets go"), Some(true));
        // Not across fields.
        assert_eq!(occurs(1, "xylem alpha"), Some(false));
        // A post not indexed, and a term that is not ASCII, leave it to the text.
        assert_eq!(occurs(9, "lets go"), None);
        let words = ["жу", "ма"];
        let cyrillic = index.phrase(&words, false, |_, _| {});
        assert_eq!(index.occurs(PostId(1), &cyrillic), None);
    }

    #[test]
    fn a_misplaced_match_does_not_hide_a_true_one() {
        // `y` is number 0 (byte 0x01), `x` number 128 (bytes 0x81 0x01): in `x y y` the bytes
        // of `y y` first match across the end of `x`, then, overlapping, where they are.
        let mut words: Vec<String> = vec!["y".to_owned()];
        words.extend((1..128).map(|n| format!("w{n}")));
        words.push("x".to_owned());
        let mut builder = ForwardBuilder::with_vocabulary(&words, 0);
        builder.add(PostId(1), ["x y y", "", ""]);
        builder.add(PostId(2), ["x y", "", ""]);
        let index = builder.build();
        let term = phrase(&index, "y y");
        assert!(term.finders.is_some());
        assert_eq!(index.occurs(PostId(1), &term), Some(true));
        assert_eq!(index.occurs(PostId(2), &term), Some(false));
    }

    #[test]
    fn posts_are_found_whether_their_ids_are_dense_or_sparse() {
        for ids in [[5, 6, 8], [5, 6, 1 << 40]] {
            let index = forward(&ids.map(|id| (id, ["lets go", "", ""])));
            assert_eq!(index.base.slots.is_some(), ids[2] == 8);
            let term = phrase(&index, "lets go");
            for id in [4, 7, 9, 1 << 41] {
                assert_eq!(index.occurs(PostId(id), &term), None, "{id}");
            }
            for id in ids {
                assert_eq!(index.occurs(PostId(id), &term), Some(true), "{id}");
            }
        }
    }

    fn rebuilt_without(index: &Forward, post: PostId) -> Forward {
        let mut index = index.clone();
        index.remove(post);
        index
    }

    #[test]
    fn edits_and_images_keep_the_words_whatever_their_numbers() {
        let mut edited = forward(&[(1, ["one two", "", "three"]), (2, ["four", "", ""])]);
        edited.insert(PostId(3), ["five one", "six", ""]);
        edited.insert(PostId(1), ["two", "", "seven"]);
        edited.remove(PostId(2));
        let rebuilt = forward(&[(3, ["five one", "six", ""]), (1, ["two", "", "seven"])]);
        assert_eq!(edited, rebuilt);
        assert_ne!(edited, forward(&[(3, ["five one", "six", ""])]));
        let (vocabulary, sequences) = edited.image();
        let mut loaded = ForwardBuilder::with_vocabulary(&vocabulary, 0);
        for (post, sequence) in sequences.iter() {
            loaded.add_encoded(post, sequence);
        }
        assert_eq!(loaded.build(), edited);
        // Taken whole, or only some posts of it.
        let posts: Vec<PostId> = sequences.iter().map(|(post, _)| post).collect();
        let whole = ForwardBuilder::from_image(&vocabulary, sequences.clone(), &posts);
        assert_eq!(whole, edited);
        let mut shuffled = ImageSequences::default();
        for (post, sequence) in sequences.iter().collect::<Vec<_>>().into_iter().rev() {
            shuffled.push(post, sequence);
        }
        shuffled.push(PostId(3), &[0, 0, 0]);
        let shuffled = shuffled.into_sorted();
        assert_eq!(shuffled.len(), 2);
        assert!(shuffled.contains(PostId(1)) && !shuffled.contains(PostId(2)));
        let some = ForwardBuilder::from_image(&vocabulary, shuffled, &[PostId(1)]);
        assert_eq!(some, rebuilt_without(&edited, PostId(3)));
    }

    #[test]
    fn malformed_sequences_and_numbers_match_nothing_and_never_panic() {
        let mut builder =
            ForwardBuilder::with_vocabulary(&["alpha".to_owned(), "beta".to_owned()], 0);
        builder.add_encoded(PostId(1), &[1, 2, 0]);
        builder.add_encoded(PostId(2), &[1, 0x7f, 0]);
        builder.add_encoded(PostId(3), &[0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2]);
        builder.add_encoded(PostId(4), &[0xff]);
        builder.add_encoded(PostId(5), &[1, 0, 2]);
        let index = builder.build();
        let term = phrase(&index, "alpha beta");
        let mut decoded = term.clone();
        decoded.finders = None;
        for term in [&term, &decoded] {
            assert_eq!(index.occurs(PostId(1), term), Some(true));
            for post in 2..=5 {
                assert_eq!(index.occurs(PostId(post), term), Some(false), "{post}");
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(crate::testing::proptest_config(512))]

        /// A term occurs in a post as the fields' text says, whether the runs are found as
        /// bytes or by decoding (words of few letters, so that many words end or start
        /// alike, and numbers above 127 take two bytes).
        #[test]
        fn a_term_occurs_as_the_text_says(
            early in proptest::collection::vec("[abc]{1,3}", 0..6),
            extra in proptest::collection::vec("[a-z]{6}", 0..200),
            fields in proptest::collection::vec(
                proptest::collection::vec("[abc]{1,3}", 0..12), 3),
            term in proptest::collection::vec("[abc]{1,2}", 2..4),
        ) {
            let fields: Vec<String> = fields.iter().map(|words| words.join(" ")).collect();
            let mut builder = ForwardBuilder::default();
            // Some words numbered first (one byte), then words that push the others past
            // one byte (so that a one-byte number can equal the end of a two-byte one).
            builder.add(PostId(1), [&early.join(" "), &extra.join(" "), ""]);
            builder.add(PostId(2), [&fields[0], &fields[1], &fields[2]]);
            let index = builder.build();
            let term = term.join(" ");
            let expected = fields.iter().any(|field| field.contains(&term));
            let found = phrase(&index, &term);
            let mut decoded = found.clone();
            decoded.finders = None;
            proptest::prop_assert_eq!(index.occurs(PostId(2), &found), Some(expected));
            proptest::prop_assert_eq!(index.occurs(PostId(2), &decoded), Some(expected));
        }
    }
}
