//! `broadsheet authors`: the authors with their post counts (like `wp user list`).

use super::listing::{self, ListArgs, Listing, Row};
use crate::error::CliError;
use crate::loaded;
use std::path::PathBuf;
use std::process::ExitCode;

/// The fields of an author row: the library's `AuthorEntry`.
pub const FIELDS: &[&str] = &["id", "slug", "name", "count", "guest", "url"];

/// Runs the command.
pub fn run(
    paths: &[PathBuf],
    viewer: &str,
    output: &ListArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    listing::check_fields(output, FIELDS)?;
    let loaded = loaded::load(paths, quiet)?;
    let viewer = loaded.snapshot.viewer(viewer)?;
    let authors = loaded.snapshot.author_list(viewer)?;
    Listing::of_names(
        authors.iter().map(Row::of).collect(),
        FIELDS,
        &["id", "slug", "name", "count"],
        ("author", "authors"),
    )
    .emit_values(output, &authors)?;
    Ok(ExitCode::SUCCESS)
}
