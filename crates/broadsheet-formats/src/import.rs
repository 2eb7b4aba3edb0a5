//! What every importer shares: options, the result with its report, and errors.

use crate::format::Format;
use broadsheet_core::{BuildMode, Location, PostKind, Report, Site};
use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::ops::ControlFlow;
use std::path::Path;
use thiserror::Error;

/// Called with (bytes read so far, total bytes when known) as an import advances; returning
/// [`ControlFlow::Break`] cancels the import, which then fails with [`ImportError::Cancelled`]
/// and returns nothing half-built. Importers call it every few hundred kilobytes, so a
/// cancel button (or Python's Ctrl-C) is heard promptly.
pub type ProgressCallback<'a> = Box<dyn FnMut(u64, Option<u64>) -> ControlFlow<()> + Send + 'a>;

/// A step of opening an input after its bytes are read, for front ends that show what is
/// happening while no byte count moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ImportPhase {
    /// Reading the whole document's syntax into the model (native JSON and JSON Lines; WXR
    /// and Ghost parse while they read, under byte progress).
    Parsing,
    /// Validating the whole site (every check of `docs/validation.md`).
    Validating,
    /// Building the archive's indexes.
    Indexing,
}

impl ImportPhase {
    /// `parsing`, `validating` or `indexing`.
    pub fn name(self) -> &'static str {
        match self {
            ImportPhase::Parsing => "parsing",
            ImportPhase::Validating => "validating",
            ImportPhase::Indexing => "indexing",
        }
    }
}

/// Called when an import enters a phase ([`ImportPhase`]); it may be called from the thread
/// that imports only, but is shared (an `Arc`) between the steps that report phases.
pub type PhaseCallback<'a> = std::sync::Arc<dyn Fn(ImportPhase) + Send + Sync + 'a>;

/// How to import.
///
/// Build it from [`ImportOptions::default`] with the `with_*` methods
/// (`ImportOptions::default().with_mode(BuildMode::Strict)`) or by setting fields on a mutable
/// value. It is `#[non_exhaustive]`: fields added later break neither way.
#[non_exhaustive]
pub struct ImportOptions<'a> {
    /// Strict refuses malformed input and invalid data; lenient (the default) recovers what can
    /// be recovered and reports every recovery.
    pub mode: BuildMode,
    /// Keep only items of these kinds (`None` keeps every kind). Items left out are counted in
    /// the report, never dropped silently.
    pub kinds: Option<Vec<PostKind>>,
    /// Refuse input larger than this many bytes ([`ImportError::TooLarge`]);
    /// [`DEFAULT_MAX_BYTES`] (4 GiB) by default, `None` for no limit.
    pub max_bytes: Option<u64>,
    /// The other limits: field size, nesting depth, items, terms per post, comments per
    /// thread, issues kept per code ([`Limits`], with safe defaults).
    pub limits: Limits,
    /// Progress reports, for front ends; the callback can cancel the import.
    pub progress: Option<ProgressCallback<'a>>,
    /// Phase reports, for front ends: after the bytes are read, what the import is doing.
    pub phase: Option<PhaseCallback<'a>>,
    /// Where imported authors' public slugs come from when the source gives none (WXR carries
    /// logins, which some sites keep secret).
    pub author_slugs: AuthorSlugs,
    /// The input's format; `None` recognises it from the first bytes ([`Format::detect`]).
    /// Used by [`crate::load()`] and [`crate::open`]; the per-format importers ignore it.
    pub format: Option<Format>,
    /// A site URL and permalink structure that override what the input says
    /// ([`Site::override_addresses`](broadsheet_core::Site::override_addresses)); applied by
    /// [`crate::load()`], [`crate::load_bytes`] and [`crate::open`].
    pub addresses: broadsheet_core::permalink::AddressOverrides,
}

/// The default [`ImportOptions::max_bytes`]: 4 GiB.
pub const DEFAULT_MAX_BYTES: u64 = 4 << 30;

impl Default for ImportOptions<'_> {
    /// Lenient, every kind, at most [`DEFAULT_MAX_BYTES`] of input, the default [`Limits`], no
    /// progress, author slugs from logins, the format recognised from the content.
    fn default() -> Self {
        Self {
            mode: BuildMode::default(),
            kinds: None,
            max_bytes: Some(DEFAULT_MAX_BYTES),
            limits: Limits::default(),
            progress: None,
            phase: None,
            author_slugs: AuthorSlugs::default(),
            format: None,
            addresses: Default::default(),
        }
    }
}

impl<'a> ImportOptions<'a> {
    /// These options with [`ImportOptions::kinds`] replaced.
    #[must_use]
    pub fn with_kinds(mut self, kinds: Option<Vec<PostKind>>) -> Self {
        self.kinds = kinds;
        self
    }

    /// These options with [`ImportOptions::progress`] replaced.
    #[must_use]
    pub fn with_progress(mut self, progress: Option<ProgressCallback<'a>>) -> Self {
        self.progress = progress;
        self
    }

    /// These options with [`ImportOptions::phase`] replaced.
    #[must_use]
    pub fn with_phase(mut self, phase: Option<PhaseCallback<'a>>) -> Self {
        self.phase = phase;
        self
    }

    /// These options with [`ImportOptions::author_slugs`] replaced.
    #[must_use]
    pub fn with_author_slugs(mut self, author_slugs: AuthorSlugs) -> Self {
        self.author_slugs = author_slugs;
        self
    }

    /// These options with [`ImportOptions::format`] replaced.
    #[must_use]
    pub fn with_format(mut self, format: Option<Format>) -> Self {
        self.format = format;
        self
    }

    /// These options with [`ImportOptions::addresses`] replaced.
    #[must_use]
    pub fn with_addresses(
        mut self,
        addresses: broadsheet_core::permalink::AddressOverrides,
    ) -> Self {
        self.addresses = addresses;
        self
    }

    /// The options with `mode` (strict or lenient).
    #[must_use]
    pub fn with_mode(mut self, mode: BuildMode) -> Self {
        self.mode = mode;
        self
    }

    /// The options with an input size limit (`None`: no limit).
    #[must_use]
    pub fn with_max_bytes(mut self, max_bytes: Option<u64>) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The options with these [`Limits`].
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// What an import accepts before it stops, each with a safe default. Reaching one of the
/// first five fails the import with [`ImportError::LimitExceeded`], which names the limit, the
/// value and where it was reached; issues beyond `max_issues_per_code` are counted instead of
/// kept. Marked `#[non_exhaustive]`: start from [`Limits::default`] and change fields or use
/// the `with_*` methods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Limits {
    /// The longest text field (a title, a post's content, a comment's body, a meta value), in
    /// bytes. Default: 64 MiB.
    pub max_field_bytes: usize,
    /// The deepest nesting of XML elements (WXR). Default: 1,000. (JSON readers stop at 128
    /// levels, serde_json's own limit, which is deeper than any export.)
    pub max_depth: usize,
    /// The most entities (posts, comments, terms, authors and media together). Default:
    /// 50,000,000.
    pub max_items: usize,
    /// The most terms on one post. Default: 1,000,000.
    pub max_terms_per_post: usize,
    /// The most comments on one post. Default: 10,000,000.
    pub max_comments_per_thread: usize,
    /// The most issues of one code an import report keeps. Identical issues (same code, path
    /// and message, like two million `&#x110000;` in one post) are kept once with their count;
    /// past the limit, further issues of the code are counted in one
    /// `import.issues.truncated` warning, so a report's size is bounded by its causes, not by
    /// the number of occurrences. Default: 100; at least 1 is kept.
    pub max_issues_per_code: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_field_bytes: 64 << 20,
            max_depth: 1_000,
            max_items: 50_000_000,
            max_terms_per_post: 1_000_000,
            max_comments_per_thread: 10_000_000,
            max_issues_per_code: 100,
        }
    }
}

impl Limits {
    /// These limits with `max_field_bytes`.
    #[must_use]
    pub fn with_max_field_bytes(mut self, value: usize) -> Self {
        self.max_field_bytes = value;
        self
    }
    /// These limits with `max_depth`.
    #[must_use]
    pub fn with_max_depth(mut self, value: usize) -> Self {
        self.max_depth = value;
        self
    }
    /// These limits with `max_items`.
    #[must_use]
    pub fn with_max_items(mut self, value: usize) -> Self {
        self.max_items = value;
        self
    }
    /// These limits with `max_terms_per_post`.
    #[must_use]
    pub fn with_max_terms_per_post(mut self, value: usize) -> Self {
        self.max_terms_per_post = value;
        self
    }
    /// These limits with `max_comments_per_thread`.
    #[must_use]
    pub fn with_max_comments_per_thread(mut self, value: usize) -> Self {
        self.max_comments_per_thread = value;
        self
    }
    /// These limits with `max_issues_per_code`.
    #[must_use]
    pub fn with_max_issues_per_code(mut self, value: usize) -> Self {
        self.max_issues_per_code = value;
        self
    }
}

impl fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportOptions")
            .field("mode", &self.mode)
            .field("kinds", &self.kinds)
            .field("max_bytes", &self.max_bytes)
            .field("limits", &self.limits)
            .field("progress", &self.progress.is_some())
            .field("phase", &self.phase.is_some())
            .field("author_slugs", &self.author_slugs)
            .field("format", &self.format)
            .field("addresses", &self.addresses)
            .finish()
    }
}

/// Where an imported author's public slug (the one in author archive URLs and feeds) comes
/// from when the source has no slug of its own. A WXR export names authors by login only,
/// unless Broadsheet wrote it (it writes the slug as `wp:author_nicename`, WordPress's name for
/// it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum AuthorSlugs {
    /// The login, as WordPress's `user_nicename` usually is.
    #[default]
    Login,
    /// The display name, made a slug (WordPress style, unique among the authors), for sites
    /// that keep logins secret: the login then appears in no public URL.
    DisplayName,
}

impl AuthorSlugs {
    /// The name `FromStr` reads and `Display` writes: `login` or `display-name`.
    pub fn name(self) -> &'static str {
        match self {
            AuthorSlugs::Login => "login",
            AuthorSlugs::DisplayName => "display-name",
        }
    }
}

impl fmt::Display for AuthorSlugs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for AuthorSlugs {
    type Err = String;

    /// `login` or `display-name` (`display_name` too), in any case.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "login" => Ok(AuthorSlugs::Login),
            "display-name" | "display_name" => Ok(AuthorSlugs::DisplayName),
            other => Err(format!(
                "unknown author slug source {other:?}: expected login or display-name"
            )),
        }
    }
}

/// The format a file was read from, with its version (`wxr-1.2`, `ghost-2.9.0`, `broadsheet-json-1`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SourceFormat {
    /// Format family: `wxr`, `ghost`, `broadsheet-json`, `broadsheet-jsonl`.
    pub family: String,
    /// Version as the file states it.
    pub version: String,
}

impl fmt::Display for SourceFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.family, self.version)
    }
}

/// A successful import: the site and everything noticed on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The site.
    pub site: Site,
    /// Every recovery, warning and error, with its location in the source.
    pub report: Report,
    /// What the file was.
    pub format: SourceFormat,
}

/// Why an import failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ImportError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's error.
        source: std::io::Error,
    },
    /// The input is malformed (bad XML or JSON, a missing version...).
    #[error("{location}: {message}")]
    Syntax {
        /// Where.
        location: Location,
        /// What was wrong and what was expected.
        message: String,
    },
    /// Strict mode found errors in the data.
    #[error("the data has {} error(s); first: {}", .report.errors().count(), .report.errors().next().map(std::string::ToString::to_string).unwrap_or_default())]
    Invalid {
        /// Every issue found.
        report: Report,
    },
    /// The input is larger than `max_bytes`.
    #[error(
        "{prefix}input is {size} bytes, more than the limit of {limit}",
        prefix = .file.as_ref().map(|file| format!("{file}: ")).unwrap_or_default()
    )]
    TooLarge {
        /// The file, when the input is one.
        file: Option<String>,
        /// Input size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The input reached one of the [`Limits`].
    #[error("{0}")]
    LimitExceeded(Box<LimitReached>),
    /// The input is not in a format this crate reads.
    #[error("{0}")]
    UnknownFormat(String),
    /// The progress callback asked to stop; nothing was built.
    #[error("{prefix}the import was cancelled", prefix = .file.as_ref().map(|file| format!("{file}: ")).unwrap_or_default())]
    Cancelled {
        /// The file, when the input is one.
        file: Option<String>,
    },
}

/// Which of the [`Limits`] an import reached, the value, and where
/// ([`ImportError::LimitExceeded`]).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{}", describe_limit(.location, .path, .what, *.value, *.max, .limit))]
pub struct LimitReached {
    /// The limit's field in [`Limits`] (`max_terms_per_post`).
    pub limit: &'static str,
    /// What was counted or measured, for a person ("the number of terms on post 7").
    pub what: String,
    /// The value found (the first one past the limit when counting).
    pub value: u64,
    /// The limit.
    pub max: u64,
    /// Where in the site (`posts[3].terms`, `comments[120]`); empty for the whole input.
    pub path: String,
    /// Where in the source (the file; the line and column when the reader knows them).
    pub location: Location,
}

/// The message of [`LimitReached`]: where, what, and which limit to raise.
fn describe_limit(
    location: &Location,
    path: &str,
    what: &str,
    value: u64,
    max: u64,
    limit: &str,
) -> String {
    let place = [location.to_string(), path.to_owned()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let place = if place.is_empty() {
        String::new()
    } else {
        format!("{place}: ")
    };
    format!(
        "{place}{what} is {value}, more than the limit of {max} (raise Limits::{limit} to accept it)"
    )
}

/// Calls the phase callback, if any.
pub(crate) fn report_phase(phase: Option<&PhaseCallback<'_>>, now: ImportPhase) {
    if let Some(phase) = phase {
        phase(now);
    }
}

/// Reads `reader` to its end in chunks, reporting the bytes read so far (of `total`, when
/// known) to the progress callback after each chunk, so that reading a large JSON document
/// shows progress and can be cancelled. At most `limit` bytes plus one are read.
pub(crate) fn read_with_progress(
    reader: &mut dyn std::io::Read,
    total: Option<u64>,
    limit: Option<u64>,
    progress: &mut Option<ProgressCallback<'_>>,
    file: Option<&str>,
) -> Result<std::io::Result<Vec<u8>>, ImportError> {
    const CHUNK: usize = 256 * 1024;
    let mut bytes = Vec::with_capacity(total.and_then(|t| usize::try_from(t).ok()).unwrap_or(0));
    let mut chunk = vec![0; CHUNK];
    let cap = limit.map(|limit| limit.saturating_add(1));
    loop {
        if cap.is_some_and(|cap| bytes.len() as u64 >= cap) {
            break;
        }
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Ok(Err(error)),
        };
        bytes.extend_from_slice(&chunk[..n]);
        report_progress(progress.as_mut(), bytes.len() as u64, total, file)?;
    }
    Ok(Ok(bytes))
}

/// Calls the progress callback, if any; a [`ControlFlow::Break`] becomes
/// [`ImportError::Cancelled`] naming `file`.
pub(crate) fn report_progress(
    progress: Option<&mut ProgressCallback<'_>>,
    done: u64,
    total: Option<u64>,
    file: Option<&str>,
) -> Result<(), ImportError> {
    match progress.map(|progress| progress(done, total)) {
        Some(ControlFlow::Break(())) => Err(ImportError::Cancelled {
            file: file.map(str::to_owned),
        }),
        _ => Ok(()),
    }
}

/// A stand-in slug for an entity whose own slug is missing or unusable: `{prefix}-{number}`
/// (`term-3`, `ghost-user-7`). Importers pass constant prefixes of lowercase ASCII letters and
/// `-`, which with the digits after them always make a valid slug.
#[cfg(any(feature = "wxr", feature = "ghost"))]
pub(crate) fn fallback_slug(prefix: &str, number: u64) -> broadsheet_core::Slug {
    broadsheet_core::Slug::parse(&format!("{prefix}-{number}")).expect("a generated slug is valid")
}

/// A file opened for import, its size checked against [`ImportOptions::max_bytes`].
pub(crate) struct InputFile {
    /// The path as locations and errors show it.
    pub name: String,
    /// The open file.
    pub file: File,
    /// Its size in bytes.
    pub size: u64,
}

impl InputFile {
    /// Opens `path`; an unreadable file is [`ImportError::Io`] naming it, a file larger than
    /// `max_bytes` is [`ImportError::TooLarge`].
    pub(crate) fn open(path: &Path, max_bytes: Option<u64>) -> Result<Self, ImportError> {
        let name = path.display().to_string();
        let file = File::open(path).map_err(|source| io_error(&name, source))?;
        let size = file
            .metadata()
            .map_err(|source| io_error(&name, source))?
            .len();
        if let Some(limit) = max_bytes
            && size > limit
        {
            return Err(ImportError::TooLarge {
                file: Some(name),
                size,
                limit,
            });
        }
        Ok(Self { name, file, size })
    }

    /// An I/O error while reading this file.
    pub(crate) fn io_error(&self, source: std::io::Error) -> ImportError {
        io_error(&self.name, source)
    }
}

fn io_error(name: &str, source: std::io::Error) -> ImportError {
    ImportError::Io {
        path: name.to_owned(),
        source,
    }
}

/// An import report whose size is bounded by the causes of its issues, not by how often they
/// occur (see [`Limits::max_issues_per_code`]).
#[cfg(any(feature = "wxr", feature = "ghost"))]
#[derive(Debug)]
pub(crate) struct IssueLog {
    report: Report,
    limit: usize,
    /// (code, path, message) of each kept issue -> its index in `report.issues`.
    kept_at: HashMap<(String, String, String), usize>,
    /// How many more times each kept issue occurred (parallel to `report.issues`).
    repeats: Vec<u64>,
    /// Issues kept per code.
    kept: HashMap<String, usize>,
    /// Issues not kept, per code, in the order codes were first dropped.
    dropped: Vec<(String, u64)>,
    dropped_at: HashMap<String, usize>,
}

#[cfg(any(feature = "wxr", feature = "ghost"))]
impl IssueLog {
    /// An empty log keeping at most `limit` (at least 1) different issues per code.
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            report: Report::new(),
            limit: limit.max(1),
            kept_at: HashMap::new(),
            repeats: Vec::new(),
            kept: HashMap::new(),
            dropped: Vec::new(),
            dropped_at: HashMap::new(),
        }
    }

    /// Records an issue: kept, counted as a repeat of a kept one, or counted as dropped.
    pub(crate) fn push(&mut self, issue: broadsheet_core::Issue) {
        let key = (
            issue.code.clone(),
            issue.path.clone(),
            issue.message.clone(),
        );
        if let Some(&at) = self.kept_at.get(&key) {
            self.repeats[at] += 1;
            return;
        }
        let kept = self.kept.entry(issue.code.clone()).or_default();
        if *kept >= self.limit {
            let at = *self
                .dropped_at
                .entry(issue.code.clone())
                .or_insert_with(|| {
                    self.dropped.push((issue.code.clone(), 0));
                    self.dropped.len() - 1
                });
            self.dropped[at].1 += 1;
            return;
        }
        *kept += 1;
        self.kept_at.insert(key, self.report.issues.len());
        self.repeats.push(0);
        self.report.issues.push(issue);
    }

    /// The report: repeated issues say how often they occurred, and each code with issues
    /// left out has one `import.issues.truncated` warning with their number.
    pub(crate) fn finish(self) -> Report {
        let mut report = self.report;
        for (issue, repeats) in report.issues.iter_mut().zip(&self.repeats) {
            if *repeats > 0 {
                issue.message = format!(
                    "{} ({} times in all; the first is located here)",
                    issue.message,
                    repeats + 1
                );
            }
        }
        for (code, count) in self.dropped {
            report.push(
                &crate::codes::IMPORT_ISSUES_TRUNCATED,
                "",
                format!(
                    "{count} more issue(s) with code {code} were found and not listed: a report \
                     keeps {} different issues of each code (Limits::max_issues_per_code)",
                    self.limit
                ),
            );
        }
        report
    }
}

/// Fails with [`ImportError::LimitExceeded`] when the imported site reaches one of `limits`'
/// counts (items, terms per post, comments per post) or sizes (text fields); `file` names the
/// input in the error.
pub(crate) fn check_limits(
    site: &Site,
    limits: &Limits,
    file: Option<&str>,
) -> Result<(), ImportError> {
    let location = Location {
        file: file.map(str::to_owned),
        ..Location::default()
    };
    let exceeded = |limit: &'static str, what: String, value: usize, max: usize, path: String| {
        ImportError::LimitExceeded(Box::new(LimitReached {
            limit,
            what,
            value: value as u64,
            max: max as u64,
            path,
            location: location.clone(),
        }))
    };
    let items = site.posts.len()
        + site.comments.len()
        + site.terms.len()
        + site.authors.len()
        + site.media.len();
    if items > limits.max_items {
        return Err(exceeded(
            "max_items",
            "the number of posts, comments, terms, authors and media".into(),
            items,
            limits.max_items,
            String::new(),
        ));
    }
    // The path is only written out for a field over the limit.
    let field = |text: &str, path: &dyn Fn() -> String| {
        if text.len() > limits.max_field_bytes {
            Err(exceeded(
                "max_field_bytes",
                "the size of this field in bytes".into(),
                text.len(),
                limits.max_field_bytes,
                path(),
            ))
        } else {
            Ok(())
        }
    };
    let meta = |meta: &broadsheet_core::Meta, path: &dyn Fn() -> String| {
        meta.0.iter().enumerate().try_for_each(|(i, entry)| {
            field(&entry.value, &|| format!("{}.meta[{i}].value", path()))
        })
    };
    for (i, post) in site.posts.iter().enumerate() {
        field(&post.title, &|| format!("posts[{i}].title"))?;
        field(&post.content, &|| format!("posts[{i}].content"))?;
        if let Some(excerpt) = &post.excerpt {
            field(excerpt, &|| format!("posts[{i}].excerpt"))?;
        }
        meta(&post.meta, &|| format!("posts[{i}]"))?;
        if post.terms.len() > limits.max_terms_per_post {
            return Err(exceeded(
                "max_terms_per_post",
                format!("the number of terms on post {}", post.id.get()),
                post.terms.len(),
                limits.max_terms_per_post,
                format!("posts[{i}].terms"),
            ));
        }
    }
    let mut per_post: HashMap<broadsheet_core::PostId, usize> = HashMap::new();
    for (i, comment) in site.comments.iter().enumerate() {
        field(&comment.content, &|| format!("comments[{i}].content"))?;
        meta(&comment.meta, &|| format!("comments[{i}]"))?;
        let count = per_post.entry(comment.post).or_default();
        *count += 1;
        if *count > limits.max_comments_per_thread {
            return Err(exceeded(
                "max_comments_per_thread",
                format!("the number of comments on post {}", comment.post.get()),
                *count,
                limits.max_comments_per_thread,
                format!("comments[{i}]"),
            ));
        }
    }
    for (i, term) in site.terms.iter().enumerate() {
        field(&term.name, &|| format!("terms[{i}].name"))?;
        field(&term.description, &|| format!("terms[{i}].description"))?;
    }
    for (i, author) in site.authors.iter().enumerate() {
        field(&author.display_name, &|| {
            format!("authors[{i}].display_name")
        })?;
        field(&author.bio, &|| format!("authors[{i}].bio"))?;
    }
    Ok(())
}
