//! What every importer shares: options, the result with its report, and errors.

use crate::format::Format;
use broadsheet_core::{BuildMode, Location, PostKind, Report, Site};
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

/// How to import.
#[derive(Default)]
pub struct ImportOptions<'a> {
    /// Strict refuses malformed input and invalid data; lenient (the default) recovers what can
    /// be recovered and reports every recovery.
    pub mode: BuildMode,
    /// Keep only items of these kinds (`None` keeps every kind). Items left out are counted in
    /// the report, never dropped silently.
    pub kinds: Option<Vec<PostKind>>,
    /// Refuse input larger than this many bytes.
    pub max_bytes: Option<u64>,
    /// Progress reports, for front ends; the callback can cancel the import.
    pub progress: Option<ProgressCallback<'a>>,
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

impl fmt::Debug for ImportOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImportOptions")
            .field("mode", &self.mode)
            .field("kinds", &self.kinds)
            .field("max_bytes", &self.max_bytes)
            .field("progress", &self.progress.is_some())
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
    #[error("the data has {} error(s); first: {}", .report.errors().count(), .report.errors().next().map(|i| i.to_string()).unwrap_or_default())]
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
