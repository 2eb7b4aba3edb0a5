//! Whole-site validation: every problem in a [`Site`], not the first.
//!
//! [`validate`] returns a [`Report`] whose issues each carry a [`Severity`], a stable code from
//! [`codes`], the path of the offending value (`posts[12].terms[3]`, `comments[4].parent`,
//! `authors[0].email`; site-level fields are bare: `title`, `url`) and a message naming the
//! entity by id and title or slug. [`build`] turns a report into a decision: strict building
//! refuses a site with errors, lenient building keeps the data and hands back the report.
//!
//! Validation never panics and runs in O(n) expected time (plus the lengths of the texts it
//! scans): lookups go through hash maps built once, and parent chains (comment threads, category
//! trees, page trees) are walked iteratively, so cycles, self-parents and chains of any depth are
//! safe.
//!
//! ```
//! use broadsheet_core::{
//!     build, codes, validate, BuildMode, Post, PostId, Severity, Site, Slug, ValidationOptions,
//! };
//!
//! let mut site = Site::new("Blog");
//! site.posts.push(Post::new(PostId(1), "Day of Action", Slug::parse("day-of-action").unwrap()));
//! let report = validate(&site, &ValidationOptions::default());
//! let issue = &report.issues[0];
//! assert_eq!(issue.code, codes::POST_AUTHOR_MISSING);
//! assert_eq!(issue.severity, Severity::Error);
//! assert_eq!(issue.path, "posts[0].authors");
//!
//! assert!(build(site.clone(), BuildMode::Strict, &ValidationOptions::default()).is_err());
//! let built = build(site, BuildMode::Lenient, &ValidationOptions::default()).unwrap();
//! assert!(built.report.has_errors());
//! ```

use crate::author::Author;
use crate::comment::Comment;
use crate::ids::{AuthorId, CommentId, MediaId, PostId, TermId};
use crate::media::Media;
use crate::meta::{INVALID_FIELD_PREFIX, Meta};
use crate::post::{Post, PostKind, PostStatus};
use crate::report::{BuildMode, IssueCode, Report, Severity};
use crate::site::Site;
use crate::term::{Taxonomy, Term};
use crate::values::{Slug, Url};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::hash::Hash;
use std::sync::OnceLock;
use thiserror::Error;

/// The stable codes [`validate`] reports, each documented in `docs/validation.md`.
///
/// Codes are `<entity>.<field>.<problem>` for checks particular to one field
/// (`post.author.missing`) and `<kind of value>.<problem>` for checks applied to every field of a
/// kind (`text.too_long`, `url.script_scheme`); the issue's path says which field.
pub mod codes {
    use crate::report::IssueCode;
    use crate::report::Severity::{self, Error, Warning};

    /// Two posts share an id.
    pub const POST_ID_DUPLICATE: IssueCode = IssueCode {
        id: "post.id.duplicate",
        severity: Error,
        meaning: "two posts share an id",
    };
    /// Two authors share an id.
    pub const AUTHOR_ID_DUPLICATE: IssueCode = IssueCode {
        id: "author.id.duplicate",
        severity: Error,
        meaning: "two authors share an id",
    };
    /// Two terms share an id.
    pub const TERM_ID_DUPLICATE: IssueCode = IssueCode {
        id: "term.id.duplicate",
        severity: Error,
        meaning: "two terms share an id",
    };
    /// Two comments share an id.
    pub const COMMENT_ID_DUPLICATE: IssueCode = IssueCode {
        id: "comment.id.duplicate",
        severity: Error,
        meaning: "two comments share an id",
    };
    /// Two media items share an id.
    pub const MEDIA_ID_DUPLICATE: IssueCode = IssueCode {
        id: "media.id.duplicate",
        severity: Error,
        meaning: "two media items share an id",
    };

    /// The site has no title.
    pub const SITE_TITLE_EMPTY: IssueCode = IssueCode {
        id: "site.title.empty",
        severity: Warning,
        meaning: "the site has no title",
    };
    /// A published post or page has an empty or blank title.
    pub const POST_TITLE_EMPTY: IssueCode = IssueCode {
        id: "post.title.empty",
        severity: Error,
        meaning: "a published, private or scheduled post or page has an empty or blank title",
    };
    /// A term has an empty or blank name.
    pub const TERM_NAME_EMPTY: IssueCode = IssueCode {
        id: "term.name.empty",
        severity: Error,
        meaning: "a term has an empty or blank name",
    };
    /// An author has an empty or blank display name.
    pub const AUTHOR_DISPLAY_NAME_EMPTY: IssueCode = IssueCode {
        id: "author.display_name.empty",
        severity: Error,
        meaning: "an author has an empty or blank display name",
    };

    /// A published post or page has no author.
    pub const POST_AUTHOR_MISSING: IssueCode = IssueCode {
        id: "post.author.missing",
        severity: Error,
        meaning: "a published, private or scheduled post or page has no author",
    };
    /// A published or scheduled post has no date.
    pub const POST_DATE_MISSING: IssueCode = IssueCode {
        id: "post.date.missing",
        severity: Error,
        meaning: "a published, private or scheduled post has no date",
    };
    /// A post lists the same author twice.
    pub const POST_AUTHOR_DUPLICATE: IssueCode = IssueCode {
        id: "post.author.duplicate",
        severity: Warning,
        meaning: "a post lists the same author twice",
    };
    /// A post lists the same term twice.
    pub const POST_TERM_DUPLICATE: IssueCode = IssueCode {
        id: "post.term.duplicate",
        severity: Warning,
        meaning: "a post lists the same term twice",
    };

    /// Two posts of one kind (pages: under one parent) share a slug.
    pub const POST_SLUG_DUPLICATE: IssueCode = IssueCode {
        id: "post.slug.duplicate",
        severity: Error,
        meaning: "two posts of one kind (pages: under one parent) share a slug",
    };
    /// Two terms of one taxonomy share a slug.
    pub const TERM_SLUG_DUPLICATE: IssueCode = IssueCode {
        id: "term.slug.duplicate",
        severity: Error,
        meaning: "two terms of one taxonomy share a slug",
    };
    /// Two authors share a slug.
    pub const AUTHOR_SLUG_DUPLICATE: IssueCode = IssueCode {
        id: "author.slug.duplicate",
        severity: Error,
        meaning: "two authors share a slug",
    };

    /// A post credits an author the site does not have.
    pub const POST_AUTHOR_DANGLING: IssueCode = IssueCode {
        id: "post.author.dangling",
        severity: Error,
        meaning: "a post credits an author the site does not have",
    };
    /// A post has a term the site does not have.
    pub const POST_TERM_DANGLING: IssueCode = IssueCode {
        id: "post.term.dangling",
        severity: Error,
        meaning: "a post has a term the site does not have",
    };
    /// A post's parent is not a post of the site.
    pub const POST_PARENT_DANGLING: IssueCode = IssueCode {
        id: "post.parent.dangling",
        severity: Error,
        meaning: "a post's parent is not a post of the site",
    };
    /// A post's featured media is not a media item of the site.
    pub const POST_FEATURED_MEDIA_DANGLING: IssueCode = IssueCode {
        id: "post.featured_media.dangling",
        severity: Error,
        meaning: "a post's featured media is not a media item of the site",
    };
    /// A post's parent chain comes back to the post.
    pub const POST_PARENT_CYCLE: IssueCode = IssueCode {
        id: "post.parent.cycle",
        severity: Error,
        meaning: "a post's parent chain comes back to the post",
    };
    /// A comment is on a post the site does not have.
    pub const COMMENT_POST_DANGLING: IssueCode = IssueCode {
        id: "comment.post.dangling",
        severity: Error,
        meaning: "a comment is on a post the site does not have",
    };
    /// A comment replies to a comment the site does not have.
    pub const COMMENT_PARENT_DANGLING: IssueCode = IssueCode {
        id: "comment.parent.dangling",
        severity: Error,
        meaning: "a comment replies to a comment the site does not have",
    };
    /// A comment's user is not an author of the site.
    pub const COMMENT_USER_DANGLING: IssueCode = IssueCode {
        id: "comment.user.dangling",
        severity: Error,
        meaning: "a comment's user is not an author of the site",
    };
    /// A comment replies to a comment on another post.
    pub const COMMENT_PARENT_OTHER_POST: IssueCode = IssueCode {
        id: "comment.parent.other_post",
        severity: Error,
        meaning: "a comment replies to a comment on another post",
    };
    /// A comment thread's parent chain comes back to the comment.
    pub const COMMENT_PARENT_CYCLE: IssueCode = IssueCode {
        id: "comment.parent.cycle",
        severity: Error,
        meaning: "a comment thread's parent chain comes back to the comment",
    };
    /// A term's parent is not a term of the site.
    pub const TERM_PARENT_DANGLING: IssueCode = IssueCode {
        id: "term.parent.dangling",
        severity: Error,
        meaning: "a term's parent is not a term of the site",
    };
    /// A term of a flat taxonomy (a tag) has a parent.
    pub const TERM_PARENT_FLAT_TAXONOMY: IssueCode = IssueCode {
        id: "term.parent.flat_taxonomy",
        severity: Error,
        meaning: "a term of a flat taxonomy (a tag) has a parent",
    };
    /// A term's parent belongs to another taxonomy.
    pub const TERM_PARENT_OTHER_TAXONOMY: IssueCode = IssueCode {
        id: "term.parent.other_taxonomy",
        severity: Error,
        meaning: "a term's parent belongs to another taxonomy",
    };
    /// A term's parent chain comes back to the term.
    pub const TERM_PARENT_CYCLE: IssueCode = IssueCode {
        id: "term.parent.cycle",
        severity: Error,
        meaning: "a term's parent chain comes back to the term",
    };
    /// A media item is attached to a post the site does not have.
    pub const MEDIA_ATTACHED_TO_DANGLING: IssueCode = IssueCode {
        id: "media.attached_to.dangling",
        severity: Error,
        meaning: "a media item is attached to a post the site does not have",
    };

    /// A scheduled post's date is not after the `now` given in the options.
    pub const POST_SCHEDULED_NOT_FUTURE: IssueCode = IssueCode {
        id: "post.scheduled.not_future",
        severity: Error,
        meaning: "a scheduled post's date is not after the `now` given in the options",
    };
    /// A post was modified before it was published.
    pub const POST_MODIFIED_BEFORE_PUBLISHED: IssueCode = IssueCode {
        id: "post.modified.before_published",
        severity: Warning,
        meaning: "a post was modified before it was published",
    };
    /// A comment is dated before its post was published.
    pub const COMMENT_DATE_BEFORE_POST: IssueCode = IssueCode {
        id: "comment.date.before_post",
        severity: Warning,
        meaning: "a comment is dated before its post was published",
    };
    /// A reply is dated before the comment it replies to.
    pub const COMMENT_DATE_BEFORE_PARENT: IssueCode = IssueCode {
        id: "comment.date.before_parent",
        severity: Warning,
        meaning: "a reply is dated before the comment it replies to",
    };

    /// The site's URL could not be parsed (raw value kept in meta).
    pub const SITE_URL_INVALID: IssueCode = IssueCode {
        id: "site.url.invalid",
        severity: Error,
        meaning: "the site's URL could not be parsed",
    };
    /// The site's time zone could not be parsed (raw value kept in meta).
    pub const SITE_TIME_ZONE_INVALID: IssueCode = IssueCode {
        id: "site.time_zone.invalid",
        severity: Error,
        meaning: "the site's time zone could not be parsed",
    };
    /// A post's slug could not be parsed (raw value kept in meta).
    pub const POST_SLUG_INVALID: IssueCode = IssueCode {
        id: "post.slug.invalid",
        severity: Error,
        meaning: "a post's slug could not be parsed",
    };
    /// A post's publication date could not be parsed (raw value kept in meta).
    pub const POST_PUBLISHED_INVALID: IssueCode = IssueCode {
        id: "post.published.invalid",
        severity: Error,
        meaning: "a post's publication date could not be parsed",
    };
    /// A post's modification date could not be parsed (raw value kept in meta).
    pub const POST_MODIFIED_INVALID: IssueCode = IssueCode {
        id: "post.modified.invalid",
        severity: Error,
        meaning: "a post's modification date could not be parsed",
    };
    /// An author's slug could not be parsed (raw value kept in meta).
    pub const AUTHOR_SLUG_INVALID: IssueCode = IssueCode {
        id: "author.slug.invalid",
        severity: Error,
        meaning: "an author's slug could not be parsed",
    };
    /// An author's e-mail address could not be parsed (raw value kept in meta).
    pub const AUTHOR_EMAIL_INVALID: IssueCode = IssueCode {
        id: "author.email.invalid",
        severity: Error,
        meaning: "an author's e-mail address could not be parsed",
    };
    /// An author's URL could not be parsed (raw value kept in meta).
    pub const AUTHOR_URL_INVALID: IssueCode = IssueCode {
        id: "author.url.invalid",
        severity: Error,
        meaning: "an author's URL could not be parsed",
    };
    /// An author's avatar URL could not be parsed (raw value kept in meta).
    pub const AUTHOR_AVATAR_INVALID: IssueCode = IssueCode {
        id: "author.avatar.invalid",
        severity: Error,
        meaning: "an author's avatar URL could not be parsed",
    };
    /// A term's slug could not be parsed (raw value kept in meta).
    pub const TERM_SLUG_INVALID: IssueCode = IssueCode {
        id: "term.slug.invalid",
        severity: Error,
        meaning: "a term's slug could not be parsed",
    };
    /// A commenter's e-mail address could not be parsed (raw value kept in meta).
    pub const COMMENT_AUTHOR_EMAIL_INVALID: IssueCode = IssueCode {
        id: "comment.author_email.invalid",
        severity: Error,
        meaning: "a commenter's e-mail address could not be parsed",
    };
    /// A commenter's URL could not be parsed (raw value kept in meta).
    pub const COMMENT_AUTHOR_URL_INVALID: IssueCode = IssueCode {
        id: "comment.author_url.invalid",
        severity: Error,
        meaning: "a commenter's URL could not be parsed",
    };
    /// A comment's date could not be parsed (raw value kept in meta).
    pub const COMMENT_DATE_INVALID: IssueCode = IssueCode {
        id: "comment.date.invalid",
        severity: Error,
        meaning: "a comment's date could not be parsed",
    };
    /// A media item's URL could not be parsed (raw value kept in meta).
    pub const MEDIA_URL_INVALID: IssueCode = IssueCode {
        id: "media.url.invalid",
        severity: Error,
        meaning: "a media item's URL could not be parsed",
    };
    /// A field without a specific code could not be parsed (raw value kept in meta).
    pub const FIELD_INVALID: IssueCode = IssueCode {
        id: "value.field.invalid",
        severity: Error,
        meaning: "a field without a specific code could not be parsed",
    };

    /// A URL whose scheme can run script (`javascript:`, `vbscript:`, `data:`).
    pub const URL_SCHEME_SCRIPT: IssueCode = IssueCode {
        id: "value.url.script_scheme",
        severity: Error,
        meaning: "a URL's scheme can run script (javascript:, vbscript:, data:)",
    };
    /// A text contains a C0 control character other than tab, line feed and carriage return.
    pub const TEXT_CONTROL_CHARACTER: IssueCode = IssueCode {
        id: "value.text.control_character",
        severity: Error,
        meaning: "a text contains a C0 control character other than tab, line feed and carriage return",
    };
    /// A text contains DEL or a C1 control character (U+007F to U+009F).
    pub const TEXT_C1_CONTROL: IssueCode = IssueCode {
        id: "value.text.c1_control",
        severity: Warning,
        meaning: "a text contains DEL or a C1 control character (U+007F to U+009F)",
    };
    /// A text is longer than its limit.
    pub const TEXT_TOO_LONG: IssueCode = IssueCode {
        id: "value.text.too_long",
        severity: Error,
        meaning: "a text is longer than its limit",
    };
    /// A slug is longer than `max_slug_bytes`.
    pub const SLUG_TOO_LONG: IssueCode = IssueCode {
        id: "value.slug.too_long",
        severity: Error,
        meaning: "a slug is longer than max_slug_bytes",
    };

    /// Every code of whole-site validation, in the order `docs/validation.md` lists them.
    pub const ALL: &[IssueCode] = &[
        POST_ID_DUPLICATE,
        AUTHOR_ID_DUPLICATE,
        TERM_ID_DUPLICATE,
        COMMENT_ID_DUPLICATE,
        MEDIA_ID_DUPLICATE,
        SITE_TITLE_EMPTY,
        POST_TITLE_EMPTY,
        TERM_NAME_EMPTY,
        AUTHOR_DISPLAY_NAME_EMPTY,
        POST_AUTHOR_MISSING,
        POST_DATE_MISSING,
        POST_AUTHOR_DUPLICATE,
        POST_TERM_DUPLICATE,
        POST_SLUG_DUPLICATE,
        TERM_SLUG_DUPLICATE,
        AUTHOR_SLUG_DUPLICATE,
        POST_AUTHOR_DANGLING,
        POST_TERM_DANGLING,
        POST_PARENT_DANGLING,
        POST_FEATURED_MEDIA_DANGLING,
        POST_PARENT_CYCLE,
        COMMENT_POST_DANGLING,
        COMMENT_PARENT_DANGLING,
        COMMENT_USER_DANGLING,
        COMMENT_PARENT_OTHER_POST,
        COMMENT_PARENT_CYCLE,
        TERM_PARENT_DANGLING,
        TERM_PARENT_FLAT_TAXONOMY,
        TERM_PARENT_OTHER_TAXONOMY,
        TERM_PARENT_CYCLE,
        MEDIA_ATTACHED_TO_DANGLING,
        POST_SCHEDULED_NOT_FUTURE,
        POST_MODIFIED_BEFORE_PUBLISHED,
        COMMENT_DATE_BEFORE_POST,
        COMMENT_DATE_BEFORE_PARENT,
        SITE_URL_INVALID,
        SITE_TIME_ZONE_INVALID,
        POST_SLUG_INVALID,
        POST_PUBLISHED_INVALID,
        POST_MODIFIED_INVALID,
        AUTHOR_SLUG_INVALID,
        AUTHOR_EMAIL_INVALID,
        AUTHOR_URL_INVALID,
        AUTHOR_AVATAR_INVALID,
        TERM_SLUG_INVALID,
        COMMENT_AUTHOR_EMAIL_INVALID,
        COMMENT_AUTHOR_URL_INVALID,
        COMMENT_DATE_INVALID,
        MEDIA_URL_INVALID,
        FIELD_INVALID,
        URL_SCHEME_SCRIPT,
        TEXT_CONTROL_CHARACTER,
        TEXT_C1_CONTROL,
        TEXT_TOO_LONG,
        SLUG_TOO_LONG,
    ];

    /// The severity of a code, `None` for a code not in [`ALL`].
    pub fn severity(code: &str) -> Option<Severity> {
        super::severities().get(code).copied()
    }
}

fn severities() -> &'static HashMap<&'static str, Severity> {
    static MAP: OnceLock<HashMap<&'static str, Severity>> = OnceLock::new();
    MAP.get_or_init(|| {
        codes::ALL
            .iter()
            .map(|code| (code.id, code.severity))
            .collect()
    })
}

/// What [`validate`] checks beyond the fixed rules: the clock and the length limits.
///
/// Limits are in bytes of UTF-8, so that they hold for any storage (WordPress's columns count
/// characters, which is never fewer than bytes would allow).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationOptions {
    /// The present, for the scheduled-post check ([`codes::POST_SCHEDULED_NOT_FUTURE`]): a
    /// scheduled post must be dated after it. `None` (the default) skips that check, so that
    /// validating the same site twice gives the same report whenever it runs.
    pub now: Option<DateTime<Utc>>,
    /// Longest slug (posts, terms, authors). Default 200, the width of WordPress's `post_name`
    /// and `slug` columns.
    pub max_slug_bytes: usize,
    /// Longest title (post titles, media titles and alt texts). Default 1,000.
    pub max_title_bytes: usize,
    /// Longest name or short field (term names, author display, first and last names and
    /// logins, commenter names and IPs, post formats, MIME types, the site's language).
    /// Default 250, WordPress's `display_name` width.
    pub max_name_bytes: usize,
    /// Longest long text (post content and excerpts, descriptions, bios, comment text,
    /// captions). Default 16 MiB.
    pub max_text_bytes: usize,
    /// Longest URL (site, author, avatar, commenter and media URLs, post GUIDs). Default 2,048.
    pub max_url_bytes: usize,
}

impl Default for ValidationOptions {
    fn default() -> Self {
        Self {
            now: None,
            max_slug_bytes: 200,
            max_title_bytes: 1_000,
            max_name_bytes: 250,
            max_text_bytes: 16 * 1024 * 1024,
            max_url_bytes: 2_048,
        }
    }
}

/// A site that passed [`build`], with every issue found (warnings, and errors when lenient).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Built {
    /// The site, unchanged.
    pub site: Site,
    /// Every issue found.
    pub report: Report,
}

/// A site refused by strict [`build`] because its report has errors.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub struct InvalidSite {
    /// Every issue found, errors and warnings.
    pub report: Report,
}

/// How many errors [`InvalidSite`]'s message lists before summarising the rest.
const ERRORS_SHOWN: usize = 5;

impl fmt::Display for InvalidSite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self.report.errors().count();
        let warnings = self.report.warnings().count();
        write!(
            f,
            "the site has {errors} error(s) and {warnings} warning(s); strict building refuses it"
        )?;
        for issue in self.report.errors().take(ERRORS_SHOWN) {
            write!(f, "\n  {issue}")?;
        }
        if errors > ERRORS_SHOWN {
            write!(f, "\n  ... and {} more error(s)", errors - ERRORS_SHOWN)?;
        }
        Ok(())
    }
}

/// Validates `site` and decides: strict building refuses a site whose report has errors
/// (warnings are fine); lenient building always keeps the site and returns the report.
pub fn build(
    site: Site,
    mode: BuildMode,
    options: &ValidationOptions,
) -> Result<Built, InvalidSite> {
    let report = validate(&site, options);
    match mode {
        BuildMode::Strict if report.has_errors() => Err(InvalidSite { report }),
        _ => Ok(Built { site, report }),
    }
}

/// Checks a whole site and reports every issue, in a stable order: duplicate ids, then the
/// site's fields, then authors, terms, posts, comments and media in their source order, then
/// parent cycles. Codes, paths and severities are listed in [`codes`] and `docs/validation.md`.
///
/// Never panics; runs in expected O(n) plus the length of the texts scanned.
pub fn validate(site: &Site, options: &ValidationOptions) -> Report {
    let mut validator = Validator {
        site,
        options,
        report: Report::new(),
        authors: HashMap::with_capacity(site.authors.len()),
        terms: HashMap::with_capacity(site.terms.len()),
        posts: HashMap::with_capacity(site.posts.len()),
        comments: HashMap::with_capacity(site.comments.len()),
        media: HashMap::with_capacity(site.media.len()),
    };
    validator.index();
    validator.check_site();
    validator.check_authors();
    validator.check_terms();
    validator.check_posts();
    validator.check_comments();
    validator.check_media();
    validator.check_cycles();
    validator.report
}

/// Which limit a text field has.
#[derive(Clone, Copy)]
enum Limit {
    Title,
    Name,
    Text,
}

struct Validator<'a> {
    site: &'a Site,
    options: &'a ValidationOptions,
    report: Report,
    /// Id to index of the first entity with that id.
    authors: HashMap<AuthorId, usize>,
    terms: HashMap<TermId, usize>,
    posts: HashMap<PostId, usize>,
    comments: HashMap<CommentId, usize>,
    media: HashMap<MediaId, usize>,
}

/// Builds the id index of one kind, reporting every id seen before.
fn index_ids<Id: Hash + Eq + Copy + fmt::Display, T>(
    report: &mut Report,
    items: &[T],
    id_of: impl Fn(&T) -> Id,
    describe: impl Fn(&T) -> String,
    collection: &str,
    code: IssueCode,
) -> HashMap<Id, usize> {
    let mut index = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        match index.entry(id_of(item)) {
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
            Entry::Occupied(first) => push(
                report,
                code,
                format!("{collection}[{i}].id"),
                format!(
                    "{} has the same id as {collection}[{}]; ids must be unique, so references to \
                     {} reach only the first; give one of them a new id",
                    describe(item),
                    first.get(),
                    id_of(item)
                ),
            ),
        }
    }
    index
}

fn push(report: &mut Report, code: IssueCode, path: String, message: String) {
    report.push(&code, path, message);
}

impl Validator<'_> {
    fn issue(&mut self, code: IssueCode, path: String, message: String) {
        push(&mut self.report, code, path, message);
    }

    fn index(&mut self) {
        let site = self.site;
        let report = &mut self.report;
        self.authors = index_ids(
            report,
            &site.authors,
            |a| a.id,
            describe_author,
            "authors",
            codes::AUTHOR_ID_DUPLICATE,
        );
        self.terms = index_ids(
            report,
            &site.terms,
            |t| t.id,
            describe_term,
            "terms",
            codes::TERM_ID_DUPLICATE,
        );
        self.posts = index_ids(
            report,
            &site.posts,
            |p| p.id,
            describe_post,
            "posts",
            codes::POST_ID_DUPLICATE,
        );
        self.comments = index_ids(
            report,
            &site.comments,
            |c| c.id,
            describe_comment,
            "comments",
            codes::COMMENT_ID_DUPLICATE,
        );
        self.media = index_ids(
            report,
            &site.media,
            |m| m.id,
            describe_media,
            "media",
            codes::MEDIA_ID_DUPLICATE,
        );
    }

    // ---- generic value checks -------------------------------------------------------------

    fn limit(&self, limit: Limit) -> usize {
        match limit {
            Limit::Title => self.options.max_title_bytes,
            Limit::Name => self.options.max_name_bytes,
            Limit::Text => self.options.max_text_bytes,
        }
    }

    /// Control characters and length of a text field. `path` is built only when reporting.
    fn check_text(
        &mut self,
        path: &dyn Fn() -> String,
        owner: &dyn Fn() -> String,
        text: &str,
        limit: Limit,
    ) {
        let max = self.limit(limit);
        if text.len() > max {
            self.issue(
                codes::TEXT_TOO_LONG,
                path(),
                format!(
                    "{}: this field is {} bytes, more than the limit of {max}; shorten it (or \
                     raise the limit in ValidationOptions)",
                    owner(),
                    text.len()
                ),
            );
        }
        let (c0, c1) = find_controls(text);
        if let Some(found) = c0 {
            self.issue(
                codes::TEXT_CONTROL_CHARACTER,
                path(),
                format!(
                    "{}: this field contains the control character {} at byte {} ({} in all); XML \
                     (WXR, RSS, Atom) cannot carry it: remove it",
                    owner(),
                    found.describe(),
                    found.at,
                    found.count
                ),
            );
        }
        if let Some(found) = c1 {
            self.issue(
                codes::TEXT_C1_CONTROL,
                path(),
                format!(
                    "{}: this field contains the invisible control character {} at byte {} ({} in \
                     all), usually text decoded as Latin-1 that was Windows-1252; re-decode or \
                     remove it",
                    owner(),
                    found.describe(),
                    found.at,
                    found.count
                ),
            );
        }
    }

    fn check_optional_text(
        &mut self,
        path: &dyn Fn() -> String,
        owner: &dyn Fn() -> String,
        text: Option<&str>,
        limit: Limit,
    ) {
        if let Some(text) = text {
            self.check_text(path, owner, text, limit);
        }
    }

    fn check_slug(&mut self, path: &dyn Fn() -> String, owner: &dyn Fn() -> String, slug: &Slug) {
        let max = self.options.max_slug_bytes;
        let len = slug.as_str().len();
        if len > max {
            self.issue(
                codes::SLUG_TOO_LONG,
                path(),
                format!(
                    "{}: the slug is {len} bytes, more than the limit of {max} (WordPress's slug \
                     columns hold 200); shorten it",
                    owner()
                ),
            );
        }
    }

    fn check_url(&mut self, path: &dyn Fn() -> String, owner: &dyn Fn() -> String, url: &Url) {
        if url.is_script_scheme() {
            self.issue(
                codes::URL_SCHEME_SCRIPT,
                path(),
                format!(
                    "{}: the URL {} uses the {}: scheme, which runs script when followed; replace \
                     it with an http(s) URL or remove it",
                    owner(),
                    quote(url.as_str()),
                    url.scheme()
                ),
            );
        }
        let max = self.options.max_url_bytes;
        let len = url.as_str().len();
        if len > max {
            self.issue(
                codes::TEXT_TOO_LONG,
                path(),
                format!(
                    "{}: the URL is {len} bytes, more than the limit of {max}; shorten it",
                    owner()
                ),
            );
        }
    }

    /// Raw values of typed fields that failed to parse, kept in meta by lenient imports.
    fn check_invalid_fields(
        &mut self,
        entity: &str,
        prefix: &dyn Fn() -> String,
        owner: &dyn Fn() -> String,
        meta: &Meta,
    ) {
        for (k, entry) in meta.iter().enumerate() {
            let Some(field) = entry.key.strip_prefix(INVALID_FIELD_PREFIX) else {
                continue;
            };
            let code = invalid_field_code(entity, field);
            let path = if code == codes::FIELD_INVALID {
                join_path(&prefix(), &format!("meta[{k}]"))
            } else {
                join_path(&prefix(), field)
            };
            self.issue(
                code,
                path,
                format!(
                    "{}: {} could not be parsed as the {}; the raw value is kept in meta under {}: \
                     correct it, set the field and remove that entry",
                    owner(),
                    quote(&entry.value),
                    field_label(field),
                    quote(&entry.key)
                ),
            );
        }
    }

    // ---- site ----------------------------------------------------------------------------

    fn check_site(&mut self) {
        let site = self.site;
        let owner = || "the site".to_owned();
        if is_blank(&site.title) {
            self.issue(
                codes::SITE_TITLE_EMPTY,
                "title".into(),
                "the site has no title; feeds and page titles will be empty: set one".into(),
            );
        }
        self.check_text(&|| "title".into(), &owner, &site.title, Limit::Title);
        self.check_text(
            &|| "description".into(),
            &owner,
            &site.description,
            Limit::Text,
        );
        self.check_optional_text(
            &|| "language".into(),
            &owner,
            site.language.as_deref(),
            Limit::Name,
        );
        if let Some(url) = &site.url {
            self.check_url(&|| "url".into(), &owner, url);
        }
        self.check_invalid_fields("site", &String::new, &owner, &site.meta);
    }

    // ---- authors -------------------------------------------------------------------------

    fn check_authors(&mut self) {
        let site = self.site;
        let mut slugs: HashMap<String, usize> = HashMap::with_capacity(site.authors.len());
        for (i, author) in site.authors.iter().enumerate() {
            let owner = || describe_author(author);
            if is_blank(&author.display_name) {
                self.issue(
                    codes::AUTHOR_DISPLAY_NAME_EMPTY,
                    format!("authors[{i}].display_name"),
                    format!(
                        "{} has no display name; bylines would read \"by\" and nothing: set one",
                        owner()
                    ),
                );
            }
            let field = |name: &'static str| move || format!("authors[{i}].{name}");
            self.check_text(
                &field("display_name"),
                &owner,
                &author.display_name,
                Limit::Name,
            );
            self.check_optional_text(
                &field("login"),
                &owner,
                author.login.as_deref(),
                Limit::Name,
            );
            self.check_optional_text(
                &field("first_name"),
                &owner,
                author.first_name.as_deref(),
                Limit::Name,
            );
            self.check_optional_text(
                &field("last_name"),
                &owner,
                author.last_name.as_deref(),
                Limit::Name,
            );
            self.check_text(&field("bio"), &owner, &author.bio, Limit::Text);
            self.check_slug(&field("slug"), &owner, &author.slug);
            if let Some(url) = &author.url {
                self.check_url(&field("url"), &owner, url);
            }
            if let Some(url) = &author.avatar {
                self.check_url(&field("avatar"), &owner, url);
            }
            match slugs.entry(author.slug.as_str().to_lowercase()) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(first) => {
                    let first = *first.get();
                    self.issue(
                        codes::AUTHOR_SLUG_DUPLICATE,
                        format!("authors[{i}].slug"),
                        format!(
                            "{} has the same slug as {} (authors[{first}]); author archives need \
                             distinct slugs: change one",
                            owner(),
                            site.authors
                                .get(first)
                                .map(describe_author)
                                .unwrap_or_default()
                        ),
                    );
                }
            }
            self.check_invalid_fields("author", &|| format!("authors[{i}]"), &owner, &author.meta);
        }
    }

    // ---- terms ---------------------------------------------------------------------------

    fn check_terms(&mut self) {
        let site = self.site;
        let mut slugs: HashMap<(&Taxonomy, String), usize> =
            HashMap::with_capacity(site.terms.len());
        for (i, term) in site.terms.iter().enumerate() {
            let owner = || describe_term(term);
            if is_blank(&term.name) {
                self.issue(
                    codes::TERM_NAME_EMPTY,
                    format!("terms[{i}].name"),
                    format!(
                        "{} has no name, so lists of its terms show an empty entry \
                         (\"Tags: , ,\"): name it or delete it",
                        owner()
                    ),
                );
            }
            let field = |name: &'static str| move || format!("terms[{i}].{name}");
            self.check_text(&field("name"), &owner, &term.name, Limit::Name);
            self.check_text(
                &field("description"),
                &owner,
                &term.description,
                Limit::Text,
            );
            self.check_slug(&field("slug"), &owner, &term.slug);
            match slugs.entry((&term.taxonomy, term.slug.as_str().to_lowercase())) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(first) => {
                    let first = *first.get();
                    self.issue(
                        codes::TERM_SLUG_DUPLICATE,
                        format!("terms[{i}].slug"),
                        format!(
                            "{} has the same slug as {} (terms[{first}]) in taxonomy {}; archives \
                             need distinct slugs: merge the terms or change one slug",
                            owner(),
                            site.terms.get(first).map(describe_term).unwrap_or_default(),
                            term.taxonomy
                        ),
                    );
                }
            }
            if let Some(parent) = term.parent {
                let path = format!("terms[{i}].parent");
                if !term.taxonomy.is_hierarchical() {
                    self.issue(
                        codes::TERM_PARENT_FLAT_TAXONOMY,
                        path.clone(),
                        format!(
                            "{} is in the flat taxonomy {} but has the parent {parent}; remove the \
                             parent",
                            owner(),
                            term.taxonomy
                        ),
                    );
                }
                match self.terms.get(&parent).and_then(|&p| site.terms.get(p)) {
                    None => self.issue(
                        codes::TERM_PARENT_DANGLING,
                        path,
                        format!(
                            "{} has the parent {parent}, which the site does not have; add that \
                             term or remove the parent",
                            owner()
                        ),
                    ),
                    Some(parent_term) if parent_term.taxonomy != term.taxonomy => self.issue(
                        codes::TERM_PARENT_OTHER_TAXONOMY,
                        path,
                        format!(
                            "{} has the parent {}, which is in taxonomy {}, not {}; pick a parent \
                             of the same taxonomy",
                            owner(),
                            describe_term(parent_term),
                            parent_term.taxonomy,
                            term.taxonomy
                        ),
                    ),
                    Some(_) => {}
                }
            }
            self.check_invalid_fields("term", &|| format!("terms[{i}]"), &owner, &term.meta);
        }
    }

    // ---- posts ---------------------------------------------------------------------------

    fn check_posts(&mut self) {
        let site = self.site;
        let mut slugs: HashMap<(&PostKind, Option<PostId>, String), usize> =
            HashMap::with_capacity(site.posts.len());
        for (i, post) in site.posts.iter().enumerate() {
            let owner = || describe_post(post);
            let field = |name: &'static str| move || format!("posts[{i}].{name}");
            let public = is_published_like(&post.status);
            let listed = matches!(post.kind, PostKind::Post | PostKind::Page);

            if public && listed && is_blank(&post.title) {
                self.issue(
                    codes::POST_TITLE_EMPTY,
                    format!("posts[{i}].title"),
                    format!(
                        "{} is {} but has no title; archives and feeds would show an empty \
                         heading: give it a title",
                        owner(),
                        post.status
                    ),
                );
            }
            if public && listed && post.authors.is_empty() {
                self.issue(
                    codes::POST_AUTHOR_MISSING,
                    format!("posts[{i}].authors"),
                    format!(
                        "{} is {} but has no author; it would read \"Posted on ... by\" and \
                         nothing: credit an author",
                        owner(),
                        post.status
                    ),
                );
            }
            if public && post.published.is_none() {
                self.issue(
                    codes::POST_DATE_MISSING,
                    format!("posts[{i}].published"),
                    format!(
                        "{} is {} but has no date; date archives and feeds cannot place it: set \
                         its date",
                        owner(),
                        post.status
                    ),
                );
            }

            self.check_post_references(i, post);
            self.check_post_dates(i, post);

            self.check_text(&field("title"), &owner, &post.title, Limit::Title);
            self.check_text(&field("content"), &owner, &post.content, Limit::Text);
            self.check_optional_text(
                &field("excerpt"),
                &owner,
                post.excerpt.as_deref(),
                Limit::Text,
            );
            self.check_optional_text(
                &field("format"),
                &owner,
                post.format.as_deref(),
                Limit::Name,
            );
            if let Some(guid) = &post.guid
                && guid.len() > self.options.max_url_bytes
            {
                let max = self.options.max_url_bytes;
                self.issue(
                    codes::TEXT_TOO_LONG,
                    format!("posts[{i}].guid"),
                    format!(
                        "{}: the GUID is {} bytes, more than the limit of {max}; shorten it",
                        owner(),
                        guid.len()
                    ),
                );
            }
            if let Some(slug) = &post.slug {
                self.check_slug(&field("slug"), &owner, slug);
                if has_address(&post.status) {
                    let scope = (post.kind == PostKind::Page)
                        .then_some(post.parent)
                        .flatten();
                    match slugs.entry((&post.kind, scope, slug.as_str().to_lowercase())) {
                        Entry::Vacant(slot) => {
                            slot.insert(i);
                        }
                        Entry::Occupied(first) => {
                            let first = *first.get();
                            self.issue(
                                codes::POST_SLUG_DUPLICATE,
                                format!("posts[{i}].slug"),
                                format!(
                                    "{} has the same slug as {} (posts[{first}]), both of kind {}; \
                                     they would share an address: change one slug",
                                    owner(),
                                    site.posts.get(first).map(describe_post).unwrap_or_default(),
                                    post.kind
                                ),
                            );
                        }
                    }
                }
            }
            self.check_invalid_fields("post", &|| format!("posts[{i}]"), &owner, &post.meta);
        }
    }

    fn check_post_references(&mut self, i: usize, post: &Post) {
        let owner = || describe_post(post);
        let mut seen_authors: HashMap<AuthorId, usize> = HashMap::new();
        for (k, author) in post.authors.iter().enumerate() {
            if !self.authors.contains_key(author) {
                self.issue(
                    codes::POST_AUTHOR_DANGLING,
                    format!("posts[{i}].authors[{k}]"),
                    format!(
                        "{} credits {author}, which the site does not have; add that author or \
                         remove the credit",
                        owner()
                    ),
                );
            }
            if let Some(first) = seen_authors.insert(*author, k) {
                self.issue(
                    codes::POST_AUTHOR_DUPLICATE,
                    format!("posts[{i}].authors[{k}]"),
                    format!(
                        "{} credits {author} twice (also at authors[{first}]); remove the repeat",
                        owner()
                    ),
                );
            }
        }
        let mut seen_terms: HashMap<TermId, usize> = HashMap::new();
        for (k, term) in post.terms.iter().enumerate() {
            if !self.terms.contains_key(term) {
                self.issue(
                    codes::POST_TERM_DANGLING,
                    format!("posts[{i}].terms[{k}]"),
                    format!(
                        "{} has {term}, which the site does not have; add that term or remove it \
                         from the post",
                        owner()
                    ),
                );
            }
            if let Some(first) = seen_terms.insert(*term, k) {
                self.issue(
                    codes::POST_TERM_DUPLICATE,
                    format!("posts[{i}].terms[{k}]"),
                    format!(
                        "{} lists {term} twice (also at terms[{first}]); remove the repeat",
                        owner()
                    ),
                );
            }
        }
        if let Some(parent) = post.parent
            && !self.posts.contains_key(&parent)
        {
            self.issue(
                codes::POST_PARENT_DANGLING,
                format!("posts[{i}].parent"),
                format!(
                    "{} has the parent {parent}, which the site does not have; add it or remove \
                     the parent",
                    owner()
                ),
            );
        }
        if let Some(media) = post.featured_media
            && !self.media.contains_key(&media)
        {
            self.issue(
                codes::POST_FEATURED_MEDIA_DANGLING,
                format!("posts[{i}].featured_media"),
                format!(
                    "{} features {media}, which the site does not have; add that media item or \
                     remove the featured image",
                    owner()
                ),
            );
        }
    }

    fn check_post_dates(&mut self, i: usize, post: &Post) {
        let owner = || describe_post(post);
        if post.status == PostStatus::Scheduled
            && let (Some(now), Some(published)) = (self.options.now, post.published)
            && published.utc() <= now
        {
            self.issue(
                codes::POST_SCHEDULED_NOT_FUTURE,
                format!("posts[{i}].published"),
                format!(
                    "{} is scheduled for {published}, which is not after now ({}); publish it \
                     (its schedule was missed) or move its date into the future",
                    owner(),
                    now.to_rfc3339()
                ),
            );
        }
        if post.status != PostStatus::Scheduled
            && let (Some(published), Some(modified)) = (post.published, post.modified)
            && modified.utc() < published.utc()
        {
            self.issue(
                codes::POST_MODIFIED_BEFORE_PUBLISHED,
                format!("posts[{i}].modified"),
                format!(
                    "{} was modified at {modified}, before it was published at {published}; \
                     harmless when the post was scheduled, otherwise correct one of the dates",
                    owner()
                ),
            );
        }
    }

    // ---- comments ------------------------------------------------------------------------

    fn check_comments(&mut self) {
        let site = self.site;
        for (i, comment) in site.comments.iter().enumerate() {
            let owner = || describe_comment(comment);
            let field = |name: &'static str| move || format!("comments[{i}].{name}");
            let post = self
                .posts
                .get(&comment.post)
                .and_then(|&p| site.posts.get(p));
            match post {
                None => self.issue(
                    codes::COMMENT_POST_DANGLING,
                    format!("comments[{i}].post"),
                    format!(
                        "{}: the site has no {}; add the post or delete the comment",
                        owner(),
                        comment.post
                    ),
                ),
                Some(post) => {
                    if let (Some(date), Some(published)) = (comment.date, post.published)
                        && date.utc() < published.utc()
                    {
                        self.issue(
                            codes::COMMENT_DATE_BEFORE_POST,
                            format!("comments[{i}].date"),
                            format!(
                                "{} is dated {date}, before {} was published at {published}; \
                                 check both dates",
                                owner(),
                                describe_post(post)
                            ),
                        );
                    }
                }
            }
            if let Some(parent_id) = comment.parent {
                let parent = self
                    .comments
                    .get(&parent_id)
                    .and_then(|&p| site.comments.get(p).map(|c| (p, c)));
                match parent {
                    None => self.issue(
                        codes::COMMENT_PARENT_DANGLING,
                        format!("comments[{i}].parent"),
                        format!(
                            "{} replies to {parent_id}, which the site does not have; add it or \
                             make the comment top-level",
                            owner()
                        ),
                    ),
                    // A comment that is its own parent is reported as a cycle.
                    Some((p, _)) if p == i => {}
                    Some((p, parent)) => {
                        if parent.post != comment.post {
                            self.issue(
                                codes::COMMENT_PARENT_OTHER_POST,
                                format!("comments[{i}].parent"),
                                format!(
                                    "{} replies to {} (comments[{p}]), which is on {}; a reply \
                                     must be on its parent's post: fix the post or the parent",
                                    owner(),
                                    parent.id,
                                    parent.post
                                ),
                            );
                        }
                        if let (Some(date), Some(parent_date)) = (comment.date, parent.date)
                            && date.utc() < parent_date.utc()
                        {
                            self.issue(
                                codes::COMMENT_DATE_BEFORE_PARENT,
                                format!("comments[{i}].date"),
                                format!(
                                    "{} is dated {date}, before the comment it replies to ({}, \
                                     {parent_date}); check both dates",
                                    owner(),
                                    parent.id
                                ),
                            );
                        }
                    }
                }
            }
            if let Some(user) = comment.user
                && !self.authors.contains_key(&user)
            {
                self.issue(
                    codes::COMMENT_USER_DANGLING,
                    format!("comments[{i}].user"),
                    format!(
                        "{} names the account {user}, which the site does not have; add that \
                         author or remove the user",
                        owner()
                    ),
                );
            }
            self.check_text(
                &field("author_name"),
                &owner,
                &comment.author_name,
                Limit::Name,
            );
            self.check_optional_text(
                &field("author_ip"),
                &owner,
                comment.author_ip.as_deref(),
                Limit::Name,
            );
            self.check_text(&field("content"), &owner, &comment.content, Limit::Text);
            if let Some(url) = &comment.author_url {
                self.check_url(&field("author_url"), &owner, url);
            }
            self.check_invalid_fields(
                "comment",
                &|| format!("comments[{i}]"),
                &owner,
                &comment.meta,
            );
        }
    }

    // ---- media ---------------------------------------------------------------------------

    fn check_media(&mut self) {
        let site = self.site;
        for (i, media) in site.media.iter().enumerate() {
            let owner = || describe_media(media);
            let field = |name: &'static str| move || format!("media[{i}].{name}");
            if let Some(post) = media.attached_to
                && !self.posts.contains_key(&post)
            {
                self.issue(
                    codes::MEDIA_ATTACHED_TO_DANGLING,
                    format!("media[{i}].attached_to"),
                    format!(
                        "{} is attached to {post}, which the site does not have; add the post or \
                         detach the file",
                        owner()
                    ),
                );
            }
            self.check_url(&field("url"), &owner, &media.url);
            self.check_text(&field("title"), &owner, &media.title, Limit::Title);
            self.check_text(&field("alt_text"), &owner, &media.alt_text, Limit::Title);
            self.check_text(&field("caption"), &owner, &media.caption, Limit::Text);
            self.check_optional_text(
                &field("mime_type"),
                &owner,
                media.mime_type.as_deref(),
                Limit::Name,
            );
            self.check_invalid_fields("media", &|| format!("media[{i}]"), &owner, &media.meta);
        }
    }

    // ---- cycles --------------------------------------------------------------------------

    fn check_cycles(&mut self) {
        let site = self.site;

        let parents: Vec<Option<usize>> = site
            .terms
            .iter()
            .map(|t| t.parent.and_then(|p| self.terms.get(&p).copied()))
            .collect();
        for cycle in find_cycles(&parents) {
            let ids: Vec<String> = cycle
                .iter()
                .filter_map(|&t| site.terms.get(t))
                .map(|t| t.id.to_string())
                .collect();
            let Some((at, term)) = first_of(&cycle, &site.terms) else {
                continue;
            };
            self.issue(
                codes::TERM_PARENT_CYCLE,
                format!("terms[{at}].parent"),
                format!(
                    "{} {}; a term cannot be its own ancestor: break the chain by clearing one \
                     parent",
                    describe_term(term),
                    cycle_text(&ids)
                ),
            );
        }

        let parents: Vec<Option<usize>> = site
            .posts
            .iter()
            .map(|p| p.parent.and_then(|p| self.posts.get(&p).copied()))
            .collect();
        for cycle in find_cycles(&parents) {
            let ids: Vec<String> = cycle
                .iter()
                .filter_map(|&p| site.posts.get(p))
                .map(|p| p.id.to_string())
                .collect();
            let Some((at, post)) = first_of(&cycle, &site.posts) else {
                continue;
            };
            self.issue(
                codes::POST_PARENT_CYCLE,
                format!("posts[{at}].parent"),
                format!(
                    "{} {}; a post cannot be its own ancestor: break the chain by clearing one \
                     parent",
                    describe_post(post),
                    cycle_text(&ids)
                ),
            );
        }

        let parents: Vec<Option<usize>> = site
            .comments
            .iter()
            .map(|c| c.parent.and_then(|p| self.comments.get(&p).copied()))
            .collect();
        for cycle in find_cycles(&parents) {
            let ids: Vec<String> = cycle
                .iter()
                .filter_map(|&c| site.comments.get(c))
                .map(|c| c.id.to_string())
                .collect();
            let Some((at, comment)) = first_of(&cycle, &site.comments) else {
                continue;
            };
            self.issue(
                codes::COMMENT_PARENT_CYCLE,
                format!("comments[{at}].parent"),
                format!(
                    "{} {}; a thread must end at a top-level comment: make one of them top-level",
                    describe_comment(comment),
                    cycle_text(&ids)
                ),
            );
        }
    }
}

/// Every cycle in a parent forest given as `parents[i] = Some(index of i's parent)`; each cycle
/// is listed once, its members in parent order starting where the walk entered it. Iterative
/// and O(n); out-of-range parents count as none.
fn find_cycles(parents: &[Option<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = parents.len();
    // `walk[i]` is the start index of the walk that first reached `i`.
    let mut walk = vec![UNSEEN; n];
    let mut cycles = Vec::new();
    let mut path = Vec::new();
    for start in 0..n {
        if walk[start] != UNSEEN {
            continue;
        }
        path.clear();
        let mut current = start;
        loop {
            match walk.get(current).copied() {
                Some(UNSEEN) => {
                    walk[current] = start;
                    path.push(current);
                    match parents.get(current).copied().flatten() {
                        Some(parent) if parent < n => current = parent,
                        _ => break,
                    }
                }
                Some(w) if w == start => {
                    if let Some(pos) = path.iter().position(|&x| x == current) {
                        cycles.push(path[pos..].to_vec());
                    }
                    break;
                }
                _ => break,
            }
        }
    }
    cycles
}

/// The member of a cycle with the smallest index (where the cycle is reported).
fn first_of<'a, T>(cycle: &[usize], items: &'a [T]) -> Option<(usize, &'a T)> {
    let at = cycle.iter().copied().min()?;
    items.get(at).map(|item| (at, item))
}

/// How many members of a cycle a message lists.
const CYCLE_SHOWN: usize = 10;

fn cycle_text(ids: &[String]) -> String {
    match ids {
        [only] => format!("is its own parent ({only} -> {only})"),
        _ => {
            let mut text = ids
                .iter()
                .take(CYCLE_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(" -> ");
            if ids.len() > CYCLE_SHOWN {
                text.push_str(&format!(" -> ... ({} in all)", ids.len()));
            }
            if let Some(first) = ids.first() {
                text.push_str(&format!(" -> {first}"));
            }
            format!("is in a parent cycle: {text}")
        }
    }
}

/// The code for a raw value kept under `INVALID_FIELD_PREFIX + field` on an entity.
fn invalid_field_code(entity: &str, field: &str) -> IssueCode {
    match (entity, field) {
        ("site", "url") => codes::SITE_URL_INVALID,
        ("site", "time_zone") => codes::SITE_TIME_ZONE_INVALID,
        ("post", "slug") => codes::POST_SLUG_INVALID,
        ("post", "published") => codes::POST_PUBLISHED_INVALID,
        ("post", "modified") => codes::POST_MODIFIED_INVALID,
        ("author", "slug") => codes::AUTHOR_SLUG_INVALID,
        ("author", "email") => codes::AUTHOR_EMAIL_INVALID,
        ("author", "url") => codes::AUTHOR_URL_INVALID,
        ("author", "avatar") => codes::AUTHOR_AVATAR_INVALID,
        ("term", "slug") => codes::TERM_SLUG_INVALID,
        ("comment", "author_email") => codes::COMMENT_AUTHOR_EMAIL_INVALID,
        ("comment", "author_url") => codes::COMMENT_AUTHOR_URL_INVALID,
        ("comment", "date") => codes::COMMENT_DATE_INVALID,
        ("media", "url") => codes::MEDIA_URL_INVALID,
        _ => codes::FIELD_INVALID,
    }
}

fn field_label(field: &str) -> String {
    match field {
        "email" | "author_email" => "e-mail address".into(),
        "url" | "author_url" => "URL".into(),
        "avatar" => "avatar URL".into(),
        "slug" => "slug".into(),
        "published" => "publication date".into(),
        "modified" => "modification date".into(),
        "date" => "date".into(),
        "time_zone" => "time zone".into(),
        other => format!("field {}", quote(other)),
    }
}

fn join_path(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else {
        format!("{prefix}.{field}")
    }
}

/// Published, privately published or scheduled: statuses whose items readers see (or will).
fn is_published_like(status: &PostStatus) -> bool {
    matches!(
        status,
        PostStatus::Published | PostStatus::Private | PostStatus::Scheduled
    )
}

/// Whether a post's slug is its address. WordPress gives drafts, pending posts, trashed posts
/// and auto-drafts no unique slug, so those may share slugs.
fn has_address(status: &PostStatus) -> bool {
    match status {
        PostStatus::Draft | PostStatus::Pending | PostStatus::Trash => false,
        PostStatus::Other(name) => name != "auto-draft",
        _ => true,
    }
}

fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// How many characters of a title or value a message quotes.
const QUOTED_CHARS: usize = 60;

/// A value quoted for a message: escaped, and cut at `QUOTED_CHARS` characters.
fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() {
        format!("{head:?}...")
    } else {
        format!("{head:?}")
    }
}

/// A value cut at `QUOTED_CHARS` characters, for text that needs no escaping (slugs).
fn short(text: &str) -> String {
    let mut chars = text.chars();
    let mut head: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() {
        head.push_str("...");
    }
    head
}

fn describe_post(post: &Post) -> String {
    let slug = post
        .slug
        .as_ref()
        .map_or_else(|| "no slug".to_owned(), |slug| short(slug.as_str()));
    let kind = match &post.kind {
        PostKind::Post => String::new(),
        other => format!("{other} "),
    };
    if is_blank(&post.title) {
        format!("{kind}{} ({slug})", post.id)
    } else {
        format!("{kind}{} {} ({slug})", post.id, quote(&post.title))
    }
}

fn describe_author(author: &Author) -> String {
    if is_blank(&author.display_name) {
        format!("{} ({})", author.id, short(author.slug.as_str()))
    } else {
        format!(
            "{} {} ({})",
            author.id,
            quote(&author.display_name),
            short(author.slug.as_str())
        )
    }
}

fn describe_term(term: &Term) -> String {
    let taxonomy = match &term.taxonomy {
        Taxonomy::Tag => "tag",
        Taxonomy::Category => "category",
        Taxonomy::Other(name) => name,
    };
    if is_blank(&term.name) {
        format!("{taxonomy} {} ({})", term.id, short(term.slug.as_str()))
    } else {
        format!(
            "{taxonomy} {} {} ({})",
            term.id,
            quote(&term.name),
            short(term.slug.as_str())
        )
    }
}

fn describe_comment(comment: &Comment) -> String {
    if is_blank(&comment.author_name) {
        format!("{} on {}", comment.id, comment.post)
    } else {
        format!(
            "{} by {} on {}",
            comment.id,
            quote(&comment.author_name),
            comment.post
        )
    }
}

fn describe_media(media: &Media) -> String {
    format!("{} ({})", media.id, quote(media.url.as_str()))
}

/// The first control character of one class found in a text, and how many there are.
struct Control {
    found: char,
    at: usize,
    count: usize,
}

impl Control {
    fn describe(&self) -> String {
        format!("U+{:04X}", u32::from(self.found))
    }
}

/// C0 controls other than tab, LF and CR; and DEL plus C1 controls.
fn find_controls(text: &str) -> (Option<Control>, Option<Control>) {
    let mut c0: Option<Control> = None;
    let mut c1: Option<Control> = None;
    // Fast path: every control character is in U+0000..=U+009F, whose UTF-8 starts with a byte
    // below 0x20, 0x7F or 0xC2.
    if !text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2)
    {
        return (None, None);
    }
    for (at, ch) in text.char_indices() {
        let slot = match ch {
            '\t' | '\n' | '\r' => continue,
            '\u{0}'..='\u{1f}' => &mut c0,
            '\u{7f}'..='\u{9f}' => &mut c1,
            _ => continue,
        };
        match slot {
            Some(control) => control.count += 1,
            None => {
                *slot = Some(Control {
                    found: ch,
                    at,
                    count: 1,
                })
            }
        }
    }
    (c0, c1)
}

/// `docs/validation.md`'s example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/validation.md")]
struct ValidationDocs;

#[cfg(test)]
mod tests;
