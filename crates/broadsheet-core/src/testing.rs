//! Proptest strategies for generated sites (feature `testing`).
//!
//! [`valid_site`] generates sites that validate without errors; [`invalid_site`] takes a valid
//! site and breaks it in one or more known ways; [`any_site`] generates sites with arbitrary
//! references, duplicates and cycles, for "never panics" properties. Every crate's property
//! tests draw from these, so that all of them test the same space of sites.
//!
//! [`assert_linear_growth`] is the check every crate's scale tests make: that work grows
//! linearly with its input, as a ratio measured inside the test, never a wall-clock bound.

use crate::{
    Author, AuthorId, Comment, CommentId, CommentKind, CommentStatus, Email, Media, MediaId, Meta,
    Post, PostId, PostKind, PostStatus, Site, SiteTimeZone, Slug, Taxonomy, Term, TermId,
    Timestamp, Url,
};
use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::Index;

/// The `now` that generated scheduled posts lie after (pass it to validation as `now`).
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 0, 0, 0).unwrap()
}

/// An instant between 2000 and 2024 with an offset between -14:00 and +14:00 (quarter hours).
pub fn past_timestamp() -> impl Strategy<Value = Timestamp> {
    timestamp_between(946_684_800, 1_704_067_200)
}

/// An instant between 2026 and 2030 (after [`now`]), with an offset.
pub fn future_timestamp() -> impl Strategy<Value = Timestamp> {
    timestamp_between(1_767_225_600, 1_893_456_000)
}

fn timestamp_between(from: i64, to: i64) -> impl Strategy<Value = Timestamp> {
    (from..to, -56i32..=56).prop_map(|(seconds, quarters)| {
        let offset = FixedOffset::east_opt(quarters * 900).expect("within ±14h");
        let instant = DateTime::from_timestamp(seconds, 0).expect("in range");
        Timestamp::new(instant.with_timezone(&offset))
    })
}

/// A site time zone: UTC, a fixed offset or an IANA zone.
pub fn time_zone() -> impl Strategy<Value = SiteTimeZone> {
    prop_oneof![
        Just("UTC"),
        Just("+06:00"),
        Just("-08:00"),
        Just("Asia/Bishkek"),
        Just("America/New_York"),
        Just("Europe/London"),
    ]
    .prop_map(|name| SiteTimeZone::parse(name).expect("known zone"))
}

/// A non-blank title or name, sometimes with accents, Cyrillic, HTML-special characters or
/// emoji.
pub fn title() -> impl Strategy<Value = String> {
    "[A-Za-zÀ-ÿЖжа-я][A-Za-z0-9 À-ÿа-я'&<>\"🌍]{0,24}"
}

/// Body text: printable characters and line breaks.
pub fn content() -> impl Strategy<Value = String> {
    "[ -~À-ÿа-я\n]{0,80}"
}

fn meta() -> impl Strategy<Value = Meta> {
    vec(("[a-z_]{1,8}", "[ -~]{0,12}"), 0..3).prop_map(|pairs| pairs.into_iter().collect())
}

#[derive(Debug, Clone)]
struct RawPost {
    kind: PostKind,
    status: PostStatus,
    title: String,
    content: String,
    excerpt: Option<String>,
    authors: Vec<Index>,
    terms: Vec<Index>,
    parent: Option<Index>,
    media: Option<Index>,
    sticky: bool,
    password: Option<String>,
    past: Timestamp,
    future: Timestamp,
    modified_after_seconds: i64,
    draft_has_date: bool,
    format: Option<String>,
    meta: Meta,
}

fn raw_post() -> impl Strategy<Value = RawPost> {
    let kind = prop_oneof![
        4 => Just(PostKind::Post),
        1 => Just(PostKind::Page),
        1 => Just(PostKind::Attachment),
        1 => Just(PostKind::Other("customcpt".into())),
    ];
    let status = prop_oneof![
        6 => Just(PostStatus::Published),
        1 => Just(PostStatus::Draft),
        1 => Just(PostStatus::Pending),
        1 => Just(PostStatus::Private),
        1 => Just(PostStatus::Scheduled),
        1 => Just(PostStatus::Trash),
    ];
    (
        (
            kind,
            status,
            title(),
            content(),
            proptest::option::of(content()),
        ),
        (vec(any::<Index>(), 1..3), vec(any::<Index>(), 0..5)),
        (
            proptest::option::of(any::<Index>()),
            proptest::option::of(any::<Index>()),
        ),
        (any::<bool>(), proptest::option::of("[a-z0-9]{1,8}")),
        (
            past_timestamp(),
            future_timestamp(),
            0i64..10_000_000,
            any::<bool>(),
        ),
        (
            proptest::option::of(prop_oneof![
                Just("aside".to_owned()),
                Just("gallery".to_owned())
            ]),
            meta(),
        ),
    )
        .prop_map(
            |(
                (kind, status, title, content, excerpt),
                (authors, terms),
                (parent, media),
                (sticky, password),
                (past, future, modified_after_seconds, draft_has_date),
                (format, meta),
            )| RawPost {
                kind,
                status,
                title,
                content,
                excerpt,
                authors,
                terms,
                parent,
                media,
                sticky,
                password,
                past,
                future,
                modified_after_seconds,
                draft_has_date,
                format,
                meta,
            },
        )
}

#[derive(Debug, Clone)]
struct RawComment {
    post: Index,
    parent: Option<Index>,
    author_name: String,
    content: String,
    after_post_seconds: i64,
    status: CommentStatus,
    kind: CommentKind,
    with_email: bool,
    meta: Meta,
}

fn raw_comment() -> impl Strategy<Value = RawComment> {
    let status = prop_oneof![
        5 => Just(CommentStatus::Approved),
        1 => Just(CommentStatus::Pending),
        1 => Just(CommentStatus::Spam),
        1 => Just(CommentStatus::Trash),
    ];
    let kind = prop_oneof![
        5 => Just(CommentKind::Comment),
        1 => Just(CommentKind::Pingback),
        1 => Just(CommentKind::Trackback),
    ];
    (
        any::<Index>(),
        proptest::option::of(any::<Index>()),
        title(),
        content(),
        0i64..100_000_000,
        status,
        kind,
        any::<bool>(),
        meta(),
    )
        .prop_map(
            |(
                post,
                parent,
                author_name,
                content,
                after_post_seconds,
                status,
                kind,
                with_email,
                meta,
            )| {
                RawComment {
                    post,
                    parent,
                    author_name,
                    content,
                    after_post_seconds,
                    status,
                    kind,
                    with_email,
                    meta,
                }
            },
        )
}

#[derive(Debug, Clone)]
struct RawTerm {
    taxonomy: Taxonomy,
    name: String,
    parent: Option<Index>,
    description: String,
}

fn raw_term() -> impl Strategy<Value = RawTerm> {
    let taxonomy = prop_oneof![
        3 => Just(Taxonomy::Tag),
        2 => Just(Taxonomy::Category),
        1 => Just(Taxonomy::Other("genre".into())),
    ];
    (
        taxonomy,
        title(),
        proptest::option::of(any::<Index>()),
        content(),
    )
        .prop_map(|(taxonomy, name, parent, description)| RawTerm {
            taxonomy,
            name,
            parent,
            description,
        })
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("generated slugs are valid")
}

fn shift(time: Timestamp, seconds: i64) -> Timestamp {
    Timestamp::new(time.local() + chrono::Duration::seconds(seconds))
}

/// Sites that validate without errors (with `now` = [`now`]): unique ids and slugs, every
/// reference resolves, parents form trees, published posts have a title and an author, dates
/// are ordered, scheduled posts lie in the future.
pub fn valid_site() -> impl Strategy<Value = Site> {
    (
        (
            title(),
            time_zone(),
            proptest::option::of(Just("en-US".to_owned())),
        ),
        vec(
            (title(), content(), any::<bool>(), any::<bool>(), meta()),
            1..5,
        ),
        vec(raw_term(), 0..8),
        vec(raw_post(), 0..12),
        vec(raw_comment(), 0..15),
        0usize..3,
    )
        .prop_map(
            |(
                (site_title, zone, language),
                raw_authors,
                raw_terms,
                raw_posts,
                raw_comments,
                media_count,
            )| {
                let mut site = Site::new(site_title);
                site.settings.time_zone = zone;
                site.settings.language = language;
                site.settings.url = Some(Url::parse("https://blog.example.org").expect("valid"));
                for (i, (name, bio, guest, with_email, meta)) in raw_authors.into_iter().enumerate()
                {
                    let id = AuthorId(i as u64 + 1);
                    let mut author = Author::new(id, slug(&format!("author-{}", id.0)), name);
                    author.bio = bio;
                    author.guest = guest;
                    author.login = (!guest).then(|| format!("user{}", id.0));
                    if with_email {
                        author.email = Some(
                            Email::parse(&format!("user{}@example.org", id.0)).expect("valid"),
                        );
                    }
                    author.meta = meta;
                    site.authors.push(author);
                }
                for i in 0..media_count {
                    let mut media = Media::new(
                        MediaId(i as u64 + 1),
                        Url::parse(&format!("https://blog.example.org/m/{i}.jpg")).expect("valid"),
                    );
                    media.mime_type = Some("image/jpeg".into());
                    site.media.push(media);
                }
                for (i, raw) in raw_terms.into_iter().enumerate() {
                    let id = TermId(i as u64 + 1);
                    let mut term = Term::new(
                        id,
                        raw.taxonomy.clone(),
                        raw.name,
                        slug(&format!("term-{}", id.0)),
                    );
                    term.description = raw.description;
                    // Parents only among earlier terms of the same hierarchical taxonomy: a forest.
                    if raw.taxonomy.is_hierarchical() {
                        let earlier: Vec<TermId> = site
                            .terms
                            .iter()
                            .filter(|t| t.taxonomy == raw.taxonomy)
                            .map(|t| t.id)
                            .collect();
                        if let (Some(index), false) = (raw.parent, earlier.is_empty()) {
                            term.parent = Some(earlier[index.index(earlier.len())]);
                        }
                    }
                    site.terms.push(term);
                }
                for (i, raw) in raw_posts.into_iter().enumerate() {
                    let id = PostId(i as u64 + 1);
                    let mut post = Post::new(id, raw.title, slug(&format!("post-{}", id.0)));
                    post.kind = raw.kind;
                    post.content = raw.content;
                    post.excerpt = raw.excerpt;
                    let mut authors: Vec<AuthorId> = raw
                        .authors
                        .iter()
                        .map(|index| site.authors[index.index(site.authors.len())].id)
                        .collect();
                    authors.dedup();
                    post.authors = authors;
                    if !site.terms.is_empty() {
                        let mut terms: Vec<TermId> = raw
                            .terms
                            .iter()
                            .map(|index| site.terms[index.index(site.terms.len())].id)
                            .collect();
                        terms.sort();
                        terms.dedup();
                        post.terms = terms;
                    }
                    if i > 0 {
                        post.parent = raw.parent.map(|index| PostId(index.index(i) as u64 + 1));
                    }
                    if !site.media.is_empty() {
                        post.featured_media = raw
                            .media
                            .map(|index| site.media[index.index(site.media.len())].id);
                    }
                    post.sticky = raw.sticky;
                    post.password = raw.password;
                    post.format = raw.format;
                    post.published = match raw.status {
                        PostStatus::Scheduled => Some(raw.future),
                        PostStatus::Draft | PostStatus::Pending if !raw.draft_has_date => None,
                        _ => Some(raw.past),
                    };
                    post.modified = post.published.map(|p| shift(p, raw.modified_after_seconds));
                    post.status = raw.status;
                    post.meta = raw.meta;
                    site.posts.push(post);
                }
                if !site.posts.is_empty() {
                    for (i, raw) in raw_comments.into_iter().enumerate() {
                        let id = CommentId(i as u64 + 1);
                        let post = &site.posts[raw.post.index(site.posts.len())];
                        let mut comment = Comment::new(id, post.id, raw.author_name, raw.content);
                        let earlier: Vec<CommentId> = site
                            .comments
                            .iter()
                            .filter(|c| c.post == post.id)
                            .map(|c| c.id)
                            .collect();
                        if let (Some(index), false) = (raw.parent, earlier.is_empty()) {
                            comment.parent = Some(earlier[index.index(earlier.len())]);
                        }
                        let base = post
                            .published
                            .unwrap_or_else(|| Timestamp::from_utc(now(), &SiteTimeZone::utc()));
                        comment.date = Some(shift(base, raw.after_post_seconds));
                        comment.status = raw.status;
                        comment.kind = raw.kind;
                        if raw.with_email {
                            comment.author_email =
                                Some(Email::parse("reader@example.org").expect("valid"));
                            comment.author_ip = Some("192.0.2.1".into());
                        }
                        comment.meta = raw.meta;
                        site.comments.push(comment);
                    }
                }
                site
            },
        )
}

/// A way [`invalid_site`] breaks a valid site, with the validation code it must produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakage {
    /// A published post loses its authors: `post.author.missing`.
    PublishedPostWithoutAuthor,
    /// A term's name becomes empty: `term.name.empty`.
    EmptyTermName,
    /// A published post's title becomes blank: `post.title.empty` (a warning).
    BlankPublishedTitle,
    /// A post names an author that does not exist.
    DanglingAuthor,
    /// A post names a term that does not exist.
    DanglingTerm,
    /// Two posts of one kind share a slug.
    DuplicatePostSlug,
    /// Two categories are each other's parent.
    CategoryCycle,
    /// Two comments are each other's parent.
    CommentCycle,
    /// A comment replies to a comment on another post: `comment.parent.other_post`.
    CommentParentOnOtherPost,
    /// A comment names a post that does not exist.
    DanglingCommentPost,
}

impl Breakage {
    /// Every breakage.
    pub const ALL: [Breakage; 10] = [
        Breakage::PublishedPostWithoutAuthor,
        Breakage::EmptyTermName,
        Breakage::BlankPublishedTitle,
        Breakage::DanglingAuthor,
        Breakage::DanglingTerm,
        Breakage::DuplicatePostSlug,
        Breakage::CategoryCycle,
        Breakage::CommentCycle,
        Breakage::CommentParentOnOtherPost,
        Breakage::DanglingCommentPost,
    ];

    /// Applies the breakage to `site`, adding whatever entities it needs.
    pub fn apply(self, site: &mut Site) {
        let author = site.authors.first().map_or(AuthorId(1), |a| a.id);
        if site.authors.is_empty() {
            site.authors
                .push(Author::new(author, slug("fallback-author"), "Fallback"));
        }
        let fresh_post = |site: &mut Site, suffix: &str| -> usize {
            let id = PostId(site.posts.iter().map(|p| p.id.0).max().unwrap_or(0) + 1);
            let mut post = Post::new(id, "Fresh", slug(&format!("fresh-{}-{suffix}", id.0)));
            post.authors.push(author);
            post.published = site.posts.first().and_then(|p| p.published);
            site.posts.push(post);
            site.posts.len() - 1
        };
        let fresh_comment = |site: &mut Site, post: PostId| -> usize {
            let id = CommentId(site.comments.iter().map(|c| c.id.0).max().unwrap_or(0) + 1);
            let mut comment = Comment::new(id, post, "Reader", "Hello");
            comment.date = site.post(post).and_then(|p| p.modified.or(p.published));
            site.comments.push(comment);
            site.comments.len() - 1
        };
        let fresh_term = |site: &mut Site, taxonomy: Taxonomy| -> usize {
            let id = TermId(site.terms.iter().map(|t| t.id.0).max().unwrap_or(0) + 1);
            site.terms.push(Term::new(
                id,
                taxonomy,
                "Fresh",
                slug(&format!("fresh-term-{}", id.0)),
            ));
            site.terms.len() - 1
        };
        match self {
            Breakage::PublishedPostWithoutAuthor => {
                let i = fresh_post(site, "no-author");
                site.posts[i].authors.clear();
            }
            Breakage::EmptyTermName => {
                let i = fresh_term(site, Taxonomy::Tag);
                site.terms[i].name.clear();
            }
            Breakage::BlankPublishedTitle => {
                let i = fresh_post(site, "blank");
                site.posts[i].title = "   ".into();
            }
            Breakage::DanglingAuthor => {
                let i = fresh_post(site, "dangling-author");
                site.posts[i].authors.push(AuthorId(9_999_999));
            }
            Breakage::DanglingTerm => {
                let i = fresh_post(site, "dangling-term");
                site.posts[i].terms.push(TermId(9_999_999));
            }
            Breakage::DuplicatePostSlug => {
                let a = fresh_post(site, "dup-a");
                let b = fresh_post(site, "dup-b");
                site.posts[b].slug = site.posts[a].slug.clone();
            }
            Breakage::CategoryCycle => {
                let a = fresh_term(site, Taxonomy::Category);
                let b = fresh_term(site, Taxonomy::Category);
                site.terms[a].parent = Some(site.terms[b].id);
                site.terms[b].parent = Some(site.terms[a].id);
            }
            Breakage::CommentCycle => {
                let p = fresh_post(site, "comment-cycle");
                let post = site.posts[p].id;
                let a = fresh_comment(site, post);
                let b = fresh_comment(site, post);
                site.comments[a].parent = Some(site.comments[b].id);
                site.comments[b].parent = Some(site.comments[a].id);
            }
            Breakage::CommentParentOnOtherPost => {
                let p = fresh_post(site, "thread-a");
                let q = fresh_post(site, "thread-b");
                let (post_p, post_q) = (site.posts[p].id, site.posts[q].id);
                let a = fresh_comment(site, post_p);
                let b = fresh_comment(site, post_q);
                site.comments[b].parent = Some(site.comments[a].id);
            }
            Breakage::DanglingCommentPost => {
                let p = fresh_post(site, "comment-post");
                let post = site.posts[p].id;
                let c = fresh_comment(site, post);
                site.comments[c].post = PostId(9_999_999);
            }
        }
    }
}

/// A valid site broken in one to three known ways; the breakages come with it.
pub fn invalid_site() -> impl Strategy<Value = (Site, Vec<Breakage>)> {
    (
        valid_site(),
        vec(proptest::sample::select(Breakage::ALL.to_vec()), 1..4),
    )
        .prop_map(|(mut site, breakages)| {
            for breakage in &breakages {
                breakage.apply(&mut site);
            }
            (site, breakages)
        })
}

/// Sites with arbitrary ids and references: duplicates, dangling references, self-parents and
/// cycles, empty strings and control characters. For properties that must hold whatever the
/// input (validation and queries never panic).
pub fn any_site() -> impl Strategy<Value = Site> {
    let small_id = 0u64..6;
    let text = "[\\PC\u{0}-\u{1f}]{0,12}";
    let author = (small_id.clone(), "[a-z]{1,3}", text)
        .prop_map(|(id, s, name)| Author::new(AuthorId(id), slug(&s), name));
    let term = (
        small_id.clone(),
        prop_oneof![
            Just(Taxonomy::Tag),
            Just(Taxonomy::Category),
            Just(Taxonomy::Other("x".into()))
        ],
        text,
        "[a-z]{1,3}",
        proptest::option::of(small_id.clone()),
    )
        .prop_map(|(id, taxonomy, name, s, parent)| {
            let mut term = Term::new(TermId(id), taxonomy, name, slug(&s));
            term.parent = parent.map(TermId);
            term
        });
    let post = (
        small_id.clone(),
        text,
        "[a-z]{1,3}",
        vec(small_id.clone(), 0..3),
        vec(small_id.clone(), 0..3),
        proptest::option::of(small_id.clone()),
        proptest::option::of(past_timestamp()),
        proptest::option::of(past_timestamp()),
        prop_oneof![
            Just(PostStatus::Published),
            Just(PostStatus::Scheduled),
            Just(PostStatus::Draft)
        ],
    )
        .prop_map(
            |(id, title, s, authors, terms, parent, published, modified, status)| {
                let mut post = Post::new(PostId(id), title, slug(&s));
                post.authors = authors.into_iter().map(AuthorId).collect();
                post.terms = terms.into_iter().map(TermId).collect();
                post.parent = parent.map(PostId);
                post.featured_media = parent.map(MediaId);
                post.published = published;
                post.modified = modified;
                post.status = status;
                post
            },
        );
    let comment = (
        small_id.clone(),
        small_id.clone(),
        proptest::option::of(small_id),
        proptest::option::of(past_timestamp()),
        text,
    )
        .prop_map(|(id, post, parent, date, content)| {
            let mut comment = Comment::new(CommentId(id), PostId(post), "x", content);
            comment.parent = parent.map(CommentId);
            comment.date = date;
            comment
        });
    (
        vec(author, 0..4),
        vec(term, 0..6),
        vec(post, 0..8),
        vec(comment, 0..8),
    )
        .prop_map(|(authors, terms, posts, comments)| Site {
            authors,
            terms,
            posts,
            comments,
            ..Site::default()
        })
}

/// The conformance data directory (real exports and slug vectors from other projects):
/// `$BROADSHEET_CONFORMANCE_DATA`, or `../shared/data` beside the workspace.
///
/// `None`, with the reason printed, when it is absent, so that a test can skip; when `CI=true`,
/// absence is a failure (this panics), so that CI never passes by skipping.
pub fn conformance_data() -> Option<std::path::PathBuf> {
    let dir = std::env::var_os("BROADSHEET_CONFORMANCE_DATA").map_or_else(
        || std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
        std::path::PathBuf::from,
    );
    if dir.is_dir() {
        return Some(dir);
    }
    let reason = format!(
        "conformance data not found at {} (set BROADSHEET_CONFORMANCE_DATA)",
        dir.display()
    );
    assert!(std::env::var("CI").as_deref() != Ok("true"), "{reason}");
    eprintln!("skipping: {reason}");
    None
}

/// The seed every property test uses when `CI=true` (see [`proptest_config`]).
pub const CI_SEED: u64 = 0x0b10_ad5e_ed16;

/// How many times more cases `scripts/test --explore` runs when `BROADSHEET_PROPTEST_EXPLORE`
/// does not say.
pub const EXPLORE_FACTOR: u32 = 16;

/// What the environment asks of property tests (see [`proptest_config`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProptestEnv {
    /// `PROPTEST_CASES`: an exact number of cases for every test, overriding the scaling.
    pub cases: Option<u32>,
    /// `PROPTEST_RNG_SEED`: a seed chosen by hand; it wins over the CI seed.
    pub seed: Option<u64>,
    /// `CI=true`.
    pub ci: bool,
    /// `BROADSHEET_PROPTEST_EXPLORE=N` (`N` ≥ 1): N times the cases, random seeds even in CI.
    pub explore: Option<u32>,
}

impl ProptestEnv {
    /// Reads the environment. A variable that does not parse is a panic with its name, never a
    /// silent fallback (a typo must not turn a long run into a short one).
    pub fn from_env() -> Self {
        fn number<T: std::str::FromStr>(name: &str) -> Option<T> {
            let value = std::env::var(name).ok()?;
            Some(
                value
                    .trim()
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
            )
        }
        let explore = std::env::var("BROADSHEET_PROPTEST_EXPLORE")
            .ok()
            .map(|value| match value.trim() {
                "" | "1" | "true" => EXPLORE_FACTOR,
                other => other
                    .parse::<u32>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .unwrap_or_else(|| {
                        panic!("BROADSHEET_PROPTEST_EXPLORE={value:?} is not a factor (1 or more)")
                    }),
            });
        ProptestEnv {
            cases: number("PROPTEST_CASES"),
            seed: number("PROPTEST_RNG_SEED"),
            ci: std::env::var("CI").as_deref() == Ok("true"),
            explore,
        }
    }

    /// The configuration for a test that asks for `cases` cases.
    pub fn config(&self, cases: u32) -> ProptestConfig {
        // `default()` carries proptest's own reading of the environment and its failure
        // persistence: every recorded regression (`*.proptest-regressions`,
        // `proptest-regressions/*.txt`) runs first, whatever the seed.
        let cases = match (self.cases, self.explore) {
            (Some(exact), _) => exact,
            (None, Some(factor)) => cases.saturating_mul(factor),
            (None, None) => cases,
        };
        let rng_seed = match (self.seed, self.ci && self.explore.is_none()) {
            (Some(seed), _) => proptest::test_runner::RngSeed::Fixed(seed),
            (None, true) => proptest::test_runner::RngSeed::Fixed(CI_SEED),
            (None, false) => proptest::test_runner::RngSeed::Random,
        };
        ProptestConfig {
            cases,
            rng_seed,
            ..ProptestConfig::default()
        }
    }
}

/// The proptest configuration every property test of the workspace uses (write
/// `#![proptest_config(broadsheet_core::testing::proptest_config(N))]`, never
/// `ProptestConfig::with_cases(N)`, which would ignore the environment):
///
/// - `N` cases by default; `BROADSHEET_PROPTEST_EXPLORE=F` runs `F × N` (`scripts/test
///   --explore` sets it, [`EXPLORE_FACTOR`] by default); `PROPTEST_CASES` sets an exact number.
/// - Under `CI=true` the seed is fixed ([`CI_SEED`]), so that CI passes or fails by the code,
///   not by luck; otherwise (and when exploring) it is random. `PROPTEST_RNG_SEED` wins over both.
/// - Every recorded regression runs before the new cases, in every mode.
pub fn proptest_config(cases: u32) -> ProptestConfig {
    ProptestEnv::from_env().config(cases)
}

/// Fails unless the work `timed` measures grows linearly: `timed(factor * n)` must take less
/// than `bound` times `timed(n)` (linear work gives about `factor`, quadratic about
/// `factor * factor`; the bound lies between, with room for a noisy machine). The two sizes
/// alternate, five runs each, so that a burst of load elsewhere on a shared machine slows
/// both; the fastest of each is the least disturbed. `timed` returns the time of the work
/// alone (building its input is not timed). `what` names the work in the failure.
pub fn assert_linear_growth(
    what: &str,
    n: u64,
    factor: u64,
    bound: f64,
    mut timed: impl FnMut(u64) -> std::time::Duration,
) {
    let (mut small, mut large) = (std::time::Duration::MAX, std::time::Duration::MAX);
    for _ in 0..5 {
        small = small.min(timed(n));
        large = large.min(timed(factor * n));
    }
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    assert!(
        ratio < bound,
        "{what}: {} took {large:?}, {n} took {small:?}: {ratio:.1}x for {factor}x the input",
        factor * n
    );
}

#[cfg(test)]
mod proptest_config_tests {
    use super::*;
    use proptest::test_runner::RngSeed;

    fn env(cases: Option<u32>, seed: Option<u64>, ci: bool, explore: Option<u32>) -> ProptestEnv {
        ProptestEnv {
            cases,
            seed,
            ci,
            explore,
        }
    }

    #[test]
    fn ci_fixes_the_seed_and_explore_scales_the_cases() {
        let local = env(None, None, false, None).config(100);
        assert_eq!((local.cases, local.rng_seed), (100, RngSeed::Random));
        let ci = env(None, None, true, None).config(100);
        assert_eq!((ci.cases, ci.rng_seed), (100, RngSeed::Fixed(CI_SEED)));
        let explore = env(None, None, true, Some(16)).config(100);
        assert_eq!((explore.cases, explore.rng_seed), (1600, RngSeed::Random));
        let exact = env(Some(7), Some(42), true, Some(16)).config(100);
        assert_eq!((exact.cases, exact.rng_seed), (7, RngSeed::Fixed(42)));
        // Recorded regressions keep running whatever the mode.
        assert!(ci.failure_persistence.is_some() && explore.failure_persistence.is_some());
    }

    #[test]
    fn the_ci_seed_makes_runs_repeat() {
        use proptest::strategy::ValueTree;
        use proptest::test_runner::TestRunner;
        let draw = |config: &ProptestConfig| {
            let mut runner = TestRunner::new(config.clone());
            (0..8)
                .map(|_| any::<u64>().new_tree(&mut runner).unwrap().current())
                .collect::<Vec<u64>>()
        };
        let ci = env(None, None, true, None).config(1);
        assert_eq!(draw(&ci), draw(&ci));
        let local = env(None, None, false, None).config(1);
        assert_ne!(draw(&local), draw(&local));
    }
}
