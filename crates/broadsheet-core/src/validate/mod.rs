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
use crate::report::{BuildMode, IssueCode, Report};
use crate::site::Site;
use crate::site_data::SiteData;
use crate::term::{Taxonomy, Term};
use crate::time::SiteTimeZone;
use crate::values::{Slug, Url};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt;
use std::hash::Hash;
use thiserror::Error;

pub mod codes;
mod comments;
mod cycles;
mod describe;
mod entities;
mod posts;
mod validator;

use describe::*;
use validator::*;

/// What [`validate`] checks beyond the fixed rules: the clock and the length limits.
///
/// Limits are in bytes of UTF-8, so that they hold for any storage (WordPress's columns count
/// characters, which is never fewer than bytes would allow).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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

impl ValidationOptions {
    /// These options with [`ValidationOptions::now`] replaced.
    #[must_use]
    pub fn with_now(mut self, now: Option<DateTime<Utc>>) -> Self {
        self.now = now;
        self
    }

    /// These options with [`ValidationOptions::max_slug_bytes`] replaced.
    #[must_use]
    pub fn with_max_slug_bytes(mut self, max_slug_bytes: usize) -> Self {
        self.max_slug_bytes = max_slug_bytes;
        self
    }

    /// These options with [`ValidationOptions::max_title_bytes`] replaced.
    #[must_use]
    pub fn with_max_title_bytes(mut self, max_title_bytes: usize) -> Self {
        self.max_title_bytes = max_title_bytes;
        self
    }

    /// These options with [`ValidationOptions::max_name_bytes`] replaced.
    #[must_use]
    pub fn with_max_name_bytes(mut self, max_name_bytes: usize) -> Self {
        self.max_name_bytes = max_name_bytes;
        self
    }

    /// These options with [`ValidationOptions::max_text_bytes`] replaced.
    #[must_use]
    pub fn with_max_text_bytes(mut self, max_text_bytes: usize) -> Self {
        self.max_text_bytes = max_text_bytes;
        self
    }

    /// These options with [`ValidationOptions::max_url_bytes`] replaced.
    #[must_use]
    pub fn with_max_url_bytes(mut self, max_url_bytes: usize) -> Self {
        self.max_url_bytes = max_url_bytes;
        self
    }
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
/// `site` is a plain [`Site`] or an archive's [`Snapshot`](crate::Snapshot) (any
/// [`SiteData`]); paths index entities in the order the site lists them (source order for a
/// `Site`, id order for a snapshot, as in its [`to_site`](crate::Snapshot::to_site) copy).
///
/// Never panics; runs in expected O(n) plus the length of the texts scanned.
pub fn validate(site: &dyn SiteData, options: &ValidationOptions) -> Report {
    let site = SiteRefs::of(site);
    let site = &site;
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

/// A site's settings and entity lists as references, in the order the site gives them: what
/// the checks read, whatever holds the site.
pub(super) struct SiteRefs<'a> {
    pub(super) title: &'a str,
    pub(super) url: Option<&'a Url>,
    pub(super) description: &'a str,
    pub(super) language: Option<&'a str>,
    #[allow(dead_code)]
    pub(super) time_zone: &'a SiteTimeZone,
    pub(super) meta: &'a Meta,
    pub(super) authors: Vec<&'a Author>,
    pub(super) terms: Vec<&'a Term>,
    pub(super) posts: Vec<&'a Post>,
    pub(super) comments: Vec<&'a Comment>,
    pub(super) media: Vec<&'a Media>,
}

impl<'a> SiteRefs<'a> {
    fn of(site: &'a dyn SiteData) -> Self {
        Self {
            title: site.title(),
            url: site.url(),
            description: site.description(),
            language: site.language(),
            time_zone: site.time_zone(),
            meta: site.site_meta(),
            authors: site.authors().collect(),
            terms: site.terms().collect(),
            posts: site.posts().collect(),
            comments: site.comments().collect(),
            media: site.media().collect(),
        }
    }
}

/// `docs/validation.md`'s example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../../docs/validation.md")]
struct ValidationDocs;
