//! The engine calls the binding makes, in one place: opening, saving, statistics, parsing of
//! names, look-ups and summaries all come from the engine crates (issue 8); this module only
//! turns their errors into messages and keeps the call sites short.

use broadsheet::archive::{DateGranularity, PostView};
use broadsheet::cloud::CloudOrder;
use broadsheet::formats::{
    ExportError, Format, ImportError, ImportOptions, Opened, SourceFormat, Stats,
};
use broadsheet::{
    BuildMode, PostId, Query, QueryError, Report, SiteData, Snapshot, UnknownName, Viewer,
};
use std::path::Path;

/// Where to read from.
pub enum Source {
    /// A file.
    Path(std::path::PathBuf),
    /// Several files read as one site (the parts of a split export).
    Paths(Vec<std::path::PathBuf>),
    /// The bytes of a file.
    Bytes(Vec<u8>),
}

/// Opens a file or bytes into an archive.
pub fn open(source: &Source, options: ImportOptions<'_>) -> Result<Opened, ImportError> {
    match source {
        Source::Path(path) => broadsheet::formats::open_path(path, options),
        Source::Paths(paths) => broadsheet::formats::open_paths(paths, options),
        Source::Bytes(bytes) => broadsheet::formats::open_bytes(bytes, options),
    }
}

/// A query with its names checked against the snapshot (tags, categories, authors, kinds,
/// statuses, taxonomies), as the command checks them: an unknown one is an error with the
/// closest names the snapshot holds.
pub fn resolve_names(snapshot: &Snapshot, query: &Query) -> Result<Query, UnknownName> {
    snapshot.resolve_names(query)
}

/// The format a name gives (`wxr`, `ghost`, `json`, `jsonl`).
pub fn parse_format(name: &str) -> Result<Format, String> {
    name.parse::<Format>().map_err(|e| e.to_string())
}

/// Saves a snapshot in a format, atomically.
pub fn save(snapshot: &Snapshot, path: &Path, format: Format) -> Result<(), ExportError> {
    broadsheet::formats::save(snapshot, path, format)
}

/// A snapshot in a format, as bytes.
pub fn to_bytes(snapshot: &Snapshot, format: Format) -> Result<Vec<u8>, ExportError> {
    broadsheet::formats::to_bytes(snapshot, format)
}

/// Validates the archive's current content (the snapshot itself; nothing is copied).
pub fn validate(snapshot: &Snapshot) -> Report {
    broadsheet::validate(snapshot, &broadsheet::ValidationOptions::default())
}

/// Exactly the JSON of `broadsheet stats --json`.
pub fn stats(snapshot: &Snapshot, report: &Report, format: &SourceFormat) -> serde_json::Value {
    serde_json::to_value(Stats::compute(snapshot, report, format)).unwrap_or_default()
}

/// `anonymous`, `editor` or `author:<id or slug>`.
pub fn parse_viewer(text: &str, snapshot: &Snapshot) -> Result<Viewer, QueryError> {
    snapshot.viewer(text)
}

/// `year`, `month` or `day`.
pub fn parse_granularity(text: &str) -> Result<DateGranularity, QueryError> {
    text.parse().map_err(QueryError::from)
}

/// `name` or `count`.
pub fn parse_cloud_order(text: &str) -> Result<CloudOrder, QueryError> {
    text.parse().map_err(QueryError::from)
}

/// The post an id (`12`) or a slug names.
pub fn find_post(snapshot: &Snapshot, id_or_slug: &str) -> Option<PostId> {
    snapshot.find_post(id_or_slug).map(|post| post.id)
}

/// What a page shows of a post beside its view.
pub fn summary(snapshot: &Snapshot, view: &PostView) -> broadsheet::archive::PostSummary {
    snapshot.summary(view)
}

/// The build mode for `strict`.
pub fn mode(strict: bool) -> BuildMode {
    if strict {
        BuildMode::Strict
    } else {
        BuildMode::Lenient
    }
}

/// Every post, in id order (the owner's full records).
pub fn posts(snapshot: &Snapshot) -> Vec<broadsheet::Post> {
    SiteData::posts(snapshot).cloned().collect()
}
