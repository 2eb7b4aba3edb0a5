//! What the archive commands share: opening the input file into one archive snapshot, and
//! parsing filter strings into the query model.

use crate::error::CliError;
use crate::input;
use broadsheet::formats::Opened;
use broadsheet::permalink::AddressOverrides;
use broadsheet::query::Filter;
use broadsheet::{BuildMode, Query, Snapshot, parse_filter};
use std::path::PathBuf;
use std::sync::Arc;

/// An opened input (one file, or several read as one site): the archive with its reports, and its current snapshot.
pub struct Loaded {
    /// The archive, the import and build reports, and the input's format.
    pub opened: Opened,
    /// The archive's snapshot: what every query of the command reads.
    pub snapshot: Arc<Snapshot>,
}

/// Opens the input leniently (what it holds is shown as it is): one file, or several files
/// read as one site (the parts of a split export).
pub fn load(paths: &[PathBuf], quiet: bool) -> Result<Loaded, CliError> {
    load_with(paths, quiet, &AddressOverrides::default())
}

/// [`load`] with the site URL and permalink structure overridden (`--site-url`,
/// `--permalink-structure`).
pub fn load_with(
    paths: &[PathBuf],
    quiet: bool,
    addresses: &AddressOverrides,
) -> Result<Loaded, CliError> {
    let opened = input::open_with(paths, BuildMode::Lenient, quiet, addresses)?;
    let snapshot = opened.archive.snapshot();
    Ok(Loaded { opened, snapshot })
}

/// Parses a filter string; a syntax error is a usage error that shows where it is.
pub fn filter(text: &str) -> Result<Filter, CliError> {
    parse_filter(text).map_err(|error| CliError::Usage(format!("--filter: {}", error.render(text))))
}

/// `Query::new()` with an optional filter string.
pub fn query_with_filter(text: Option<&str>) -> Result<Query, CliError> {
    Ok(match text {
        Some(text) => Query::new().filter_expr(filter(text)?),
        None => Query::new(),
    })
}

/// A month's name in English: "May 2013" (`2013-05` if there is no such month).
pub fn month_name(year: i32, month: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
        || format!("{year:04}-{month:02}"),
        |date| date.format("%B %Y").to_string(),
    )
}
