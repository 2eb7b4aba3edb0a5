//! The seeded generator: one blog of N posts, the same on every run for the same N and seed.
//!
//! Shape: 200 authors; 10,000 tags drawn from a Zipf distribution (exponent 1), 3 to 8
//! distinct tags per post; a category tree of 260 categories (10 roots, 5 children each, 4
//! grandchildren each), one category per post; posts spread uniformly over 20 years
//! (2005-2025) on a site at UTC+06:00; 90 % published, the rest drafts, pending, private,
//! scheduled and trashed posts, and 2 % pages; 100 to 300 words of text per post in paragraphs,
//! drawn with a Zipf distribution from a vocabulary of made-up Latin words plus accented,
//! Cyrillic, Greek and CJK words; about 0.75 comments per post (90 % approved), threaded; and
//! one post carrying a thread of 500 approved comments.
//!
//! The search workloads look for four marker words that are planted in the text at known
//! rates: `wyvérn` (3 % of posts, written with an accent), `quixote` (5 %), `xylem` (3 %) and
//! the phrase `quixote xylem` (1 %). The made-up words use no `q`, `w`, `x` or `y`, and no
//! accented or non-Latin word contains a marker, so no other word contains one: a search
//! matches the same posts whether it matches whole words (SQLite's FTS5) or parts of words
//! (Broadsheet).

use broadsheet::{
    Author, AuthorId, Comment, CommentId, CommentStatus, Post, PostId, PostKind, PostStatus, Site,
    SiteTimeZone, Slug, Taxonomy, Term, TermId, Timestamp,
};
use chrono::{DateTime, FixedOffset};

/// Number of authors.
pub const AUTHORS: u64 = 200;
/// Number of tags (ids 1 to 10,000, slugs `tag-1`... by popularity rank).
pub const TAGS: u64 = 10_000;
/// Number of categories (ids after the tags, slugs `cat-1`... `cat-1` to `cat-10` are roots).
pub const CATEGORIES: u64 = 260;
/// Comments in the long thread.
pub const THREAD_COMMENTS: u64 = 500;
/// The site's offset from UTC, in seconds.
pub const OFFSET_SECONDS: i32 = 6 * 3600;

/// SplitMix64: a small seeded generator, so the site is the same on every run.
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A number in [0, n).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// Zipf over ranks 1..=n with exponent 1, by inverse CDF.
pub struct Zipf(Vec<f64>);

impl Zipf {
    /// The distribution over `n` ranks.
    pub fn new(n: u64) -> Self {
        let mut total = 0.0;
        let mut cdf = Vec::with_capacity(n as usize);
        for rank in 1..=n {
            total += 1.0 / rank as f64;
            cdf.push(total);
        }
        Zipf(cdf.into_iter().map(|c| c / total).collect())
    }

    /// A rank in 1..=n.
    pub fn sample(&self, rng: &mut Rng) -> u64 {
        let u = rng.unit();
        self.0.partition_point(|c| *c < u).min(self.0.len() - 1) as u64 + 1
    }
}

/// Words that are not plain ASCII: accented Latin, Cyrillic, Greek and CJK. None contains a
/// marker word, folded or transliterated.
const WORLD_WORDS: &[&str] = &[
    "café",
    "naïve",
    "élan",
    "crème",
    "brûlée",
    "façade",
    "señora",
    "über",
    "smörgåsbord",
    "jalapeño",
    "déjà",
    "rôle",
    "fiancée",
    "Ångström",
    "Dvořák",
    "Łódź",
    "Kraków",
    "İstanbul",
    "право",
    "женщина",
    "свобода",
    "город",
    "новости",
    "Бишкек",
    "Жумабаева",
    "история",
    "σοφία",
    "αλήθεια",
    "θάλασσα",
    "δημοκρατία",
    "東京",
    "新聞",
    "自由",
    "ソウル",
    "한국어",
    "Zürich",
    "Málaga",
    "Cádiz",
    "Gdańsk",
    "Tromsø",
];

/// The marker words and how often each is planted (probability per post).
pub const MARKERS: [(&str, f64); 4] = [
    ("wyvérn", 0.03),
    ("quixote", 0.05),
    ("xylem", 0.03),
    ("quixote xylem", 0.01),
];

/// The vocabulary: made-up words from consonant-vowel syllables without q, w, x or y, then
/// the world words, in a fixed order (rank 1 is the most frequent).
pub fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const CONSONANTS: &[u8] = b"bcdfghklmnprstvz";
    const VOWELS: &[u8] = b"aeiou";
    let mut words = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while words.len() < 4000 {
        let syllables = 1 + rng.below(3) as usize + usize::from(words.len() > 200);
        let mut word = String::new();
        for _ in 0..syllables {
            word.push(CONSONANTS[rng.below(CONSONANTS.len() as u64) as usize] as char);
            word.push(VOWELS[rng.below(VOWELS.len() as u64) as usize] as char);
        }
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    // The world words take ranks spread through the vocabulary, not only the tail.
    for (i, word) in WORLD_WORDS.iter().enumerate() {
        words.insert(20 + i * 37, (*word).to_owned());
    }
    words
}

/// What the workloads need to know about the generated site.
#[derive(Debug, Clone, Copy)]
pub struct Targets {
    /// The public post that carries the 500-comment thread.
    pub thread_post: PostId,
    /// A public post in the middle of the archive (for adjacent posts).
    pub middle_post: PostId,
}

/// The site's offset.
pub fn offset() -> FixedOffset {
    FixedOffset::east_opt(OFFSET_SECONDS).expect("a valid offset")
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("generated slugs are valid")
}

fn timestamp(secs: i64) -> Timestamp {
    let utc = DateTime::from_timestamp(secs, 0).expect("generated dates are in range");
    Timestamp::new(utc.with_timezone(&offset()))
}

/// Generates the site of `posts` posts from `seed`.
pub fn generate(posts: u64, seed: u64) -> (Site, Targets) {
    let mut rng = Rng::new(seed);
    let tag_zipf = Zipf::new(TAGS);
    let words = vocabulary(&mut rng);
    let word_zipf = Zipf::new(words.len() as u64);
    let mut site = Site::new("Generated blog");
    site.settings.time_zone = SiteTimeZone::Fixed(offset());
    for id in 1..=AUTHORS {
        site.authors.push(Author::new(
            AuthorId(id),
            slug(&format!("author-{id}")),
            format!("Author {id}"),
        ));
    }
    for id in 1..=TAGS {
        site.terms.push(Term::new(
            TermId(id),
            Taxonomy::Tag,
            format!("Tag {id}"),
            slug(&format!("tag-{id}")),
        ));
    }
    for n in 1..=CATEGORIES {
        let mut term = Term::new(
            TermId(TAGS + n),
            Taxonomy::Category,
            format!("Category {n}"),
            slug(&format!("cat-{n}")),
        );
        term.parent = match n {
            1..=10 => None,
            11..=60 => Some(TermId(TAGS + (n - 11) / 5 + 1)),
            _ => Some(TermId(TAGS + 11 + (n - 61) / 4)),
        };
        site.terms.push(term);
    }
    let start = 1_104_537_600i64; // 2005-01-01T00:00:00Z
    let span = 20 * 365 * 86_400i64;
    let thread_post = PostId(posts / 2 + 1);
    let middle_post = PostId(posts / 3 + 1);
    let mut comment_id = 0u64;
    let mut text = String::new();
    for id in 1..=posts {
        let forced_public = id == thread_post.0 || id == middle_post.0;
        let title_words = 3 + rng.below(4);
        let mut title = format!("Post {id}:");
        for _ in 0..title_words {
            title.push(' ');
            title.push_str(&words[word_zipf.sample(&mut rng) as usize - 1]);
        }
        let mut post = Post::new(PostId(id), title, slug(&format!("post-{id}")));
        let secs = start + rng.below(span as u64) as i64;
        let roll = rng.unit();
        post.status = match roll {
            _ if forced_public => PostStatus::Published,
            r if r < 0.90 => PostStatus::Published,
            r if r < 0.94 => PostStatus::Draft,
            r if r < 0.96 => PostStatus::Pending,
            r if r < 0.98 => PostStatus::Private,
            r if r < 0.99 => PostStatus::Scheduled,
            _ => PostStatus::Trash,
        };
        let secs = if post.status == PostStatus::Scheduled {
            start + span + 400 * 86_400 + rng.below(365 * 86_400) as i64
        } else {
            secs
        };
        post.published = Some(timestamp(secs));
        post.modified = post.published;
        post.authors.push(AuthorId(rng.below(AUTHORS) + 1));
        let page = !forced_public && rng.unit() < 0.02;
        if page {
            post.kind = PostKind::Page;
        } else {
            let wanted = 3 + rng.below(6) as usize;
            while post.terms.len() < wanted {
                let tag = TermId(tag_zipf.sample(&mut rng));
                if !post.terms.contains(&tag) {
                    post.terms.push(tag);
                }
            }
            post.terms.push(TermId(TAGS + 1 + rng.below(CATEGORIES)));
        }
        // Text: 100 to 300 words in paragraphs of about 60, separated by blank lines.
        text.clear();
        let count = 100 + rng.below(201);
        let mut planted: Vec<(u64, &str)> = Vec::new();
        for (marker, rate) in MARKERS {
            if rng.unit() < rate {
                planted.push((rng.below(count), marker));
            }
        }
        for i in 0..count {
            if i > 0 {
                text.push_str(if i % 60 == 0 { "\n\n" } else { " " });
            }
            if let Some((_, marker)) = planted.iter().find(|(at, _)| *at == i) {
                text.push_str(marker);
                text.push(' ');
            }
            text.push_str(&words[word_zipf.sample(&mut rng) as usize - 1]);
        }
        post.content = text.clone();
        // Comments: 0 to 3 (about 0.75 on average), threaded, mostly approved.
        let comments = if id == thread_post.0 {
            THREAD_COMMENTS
        } else {
            match rng.unit() {
                r if r < 0.5 => 0,
                r if r < 0.8 => 1,
                r if r < 0.95 => 2,
                _ => 3,
            }
        };
        let first = comment_id + 1;
        for k in 0..comments {
            comment_id += 1;
            let words_in = 5 + rng.below(30);
            let mut body = String::new();
            for _ in 0..words_in {
                if !body.is_empty() {
                    body.push(' ');
                }
                body.push_str(&words[word_zipf.sample(&mut rng) as usize - 1]);
            }
            let mut comment = Comment::new(
                CommentId(comment_id),
                PostId(id),
                format!("Reader {}", rng.below(5000)),
                body,
            );
            comment.date = Some(timestamp(secs + 600 * (k as i64 + 1)));
            if id != thread_post.0 {
                comment.status = match rng.unit() {
                    r if r < 0.90 => CommentStatus::Approved,
                    r if r < 0.97 => CommentStatus::Pending,
                    _ => CommentStatus::Spam,
                };
            }
            if k > 0 && rng.unit() < 0.6 {
                comment.parent = Some(CommentId(first + rng.below(k)));
            }
            site.comments.push(comment);
        }
        site.posts.push(post);
    }
    (
        site,
        Targets {
            thread_post,
            middle_post,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The searches compare substring matching with token matching: that is fair only if no
    /// generated word contains a marker word, or a letter of one that other words never use.
    #[test]
    fn no_vocabulary_word_contains_a_marker() {
        let words = vocabulary(&mut Rng::new(7));
        for word in &words {
            let folded = broadsheet::text::fold(word);
            for (marker, _) in MARKERS {
                for part in marker.split(' ') {
                    let part = broadsheet::text::fold(part);
                    assert!(!folded.contains(&part), "{word} contains {part}");
                }
            }
            if word.is_ascii() {
                assert!(
                    !folded.contains(['q', 'w', 'x', 'y']),
                    "the made-up word {word} uses a marker's letter"
                );
            }
        }
    }

    /// The same seed gives the same site; another seed another one.
    #[test]
    fn generation_is_seeded() {
        let (a, ta) = generate(1000, 42);
        let (b, tb) = generate(1000, 42);
        let (c, _) = generate(1000, 43);
        assert_eq!(a.posts, b.posts);
        assert_eq!(a.comments, b.comments);
        assert_eq!(
            (ta.thread_post, ta.middle_post),
            (tb.thread_post, tb.middle_post)
        );
        assert_ne!(a.posts, c.posts);
        let thread: Vec<_> = a
            .comments
            .iter()
            .filter(|c| c.post == ta.thread_post)
            .collect();
        assert_eq!(thread.len() as u64, THREAD_COMMENTS);
        assert!(thread.iter().all(|c| c.status == CommentStatus::Approved));
    }
}
