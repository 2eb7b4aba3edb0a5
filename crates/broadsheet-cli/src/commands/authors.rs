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
    let listing = Listing {
        rows: authors.iter().map(Row::of).collect(),
        fields: FIELDS,
        default_fields: &["id", "slug", "name", "count"],
        id_field: Some("id"),
        noun: ("author", "authors"),
        count: None,
        summary: None,
        text_fields: &["name"],
    };
    listing.emit(output, |fields| match fields {
        None => super::emit_json(&authors),
        Some(rows) => super::emit_json(&rows),
    })?;
    Ok(ExitCode::SUCCESS)
}
