//! Broadsheet for Kotlin (Android, the JVM) and Swift (iOS, macOS), through UniFFI.
//!
//! This crate is thin: records mirroring the engine's value types where their shape must
//! differ across the boundary, conversions, and one error type. Every rule lives in the
//! engine (`broadsheet`). See `docs/mobile.md`.
//!
//! - [`Archive`] is the one object: open a file or bytes, query it (a [`Query`] record or a
//!   filter string, with cursors), aggregate (date archive, tag cloud, threads, adjacent and
//!   related posts), validate, export, and edit every entity. It is thread-safe and shared.
//! - Ids cross as `u64`, bytes as byte arrays, times as [`Timestamp`] records that carry the
//!   site's local calendar.
//! - Every failure is a [`BroadsheetError`]; a panic is caught at the boundary and becomes
//!   [`BroadsheetError::Internal`].

mod archive;
mod error;
mod query;
mod records;
mod render;

pub use archive::{
    AdjacentPosts, Archive, CloudOptions, DateGranularity, FeedFormat, OpenOptions, OpenProgress,
    RelatedPost, ThreadOptions,
};
pub use error::{BroadsheetError, Result};
pub use query::{Query, Viewer};
pub use records::{
    Author, AuthorSummary, CloudEntry, Comment, CommentNode, CommentThread, CommentView,
    DateBucket, Issue, KindStatusCount, Media, MetaEntry, NamedCount, Page, Post, PostView,
    Severity, SiteSettings, Stats, Term, TermSummary, Timestamp,
};
pub use render::RenderOptions;

uniffi::setup_scaffolding!();

/// A timestamp from RFC 3339 text with an offset (`2013-05-30T10:00:00+06:00`).
#[uniffi::export]
pub fn timestamp_from_rfc3339(text: String) -> Result<Timestamp> {
    error::guard(|| Ok(broadsheet::Timestamp::parse_rfc3339(&text)?.into()))
}

/// Checks a filter string: `Ok` when it parses, the error with its position when not. Gives
/// back the canonical form of the filter.
#[uniffi::export]
pub fn parse_filter(filter: String) -> Result<String> {
    error::guard(|| Ok(broadsheet::parse_filter(&filter)?.to_string()))
}

/// The slug WordPress would make of a title (`sanitize_title`).
#[uniffi::export]
pub fn slugify(title: String) -> String {
    broadsheet::slugify(&title, broadsheet::SlugStyle::WordPress)
}

/// The library's version.
#[uniffi::export]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

#[cfg(test)]
mod tests;
