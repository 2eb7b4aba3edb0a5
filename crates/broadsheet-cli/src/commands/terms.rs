//! `broadsheet terms`: the terms of one or every taxonomy with their post counts (like
//! `wp term list`).

use super::listing::{self, ListArgs, Listing, Row};
use crate::error::CliError;
use crate::loaded;
use std::path::PathBuf;
use std::process::ExitCode;

/// The fields of a term row: the library's `TermEntry`.
pub const FIELDS: &[&str] = &["id", "taxonomy", "slug", "name", "count", "parent"];

/// Runs the command.
pub fn run(
    paths: &[PathBuf],
    taxonomy: Option<&str>,
    viewer: &str,
    output: &ListArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    listing::check_fields(output, FIELDS)?;
    let loaded = loaded::load(paths, quiet)?;
    let viewer = loaded.snapshot.viewer(viewer)?;
    let taxonomy = taxonomy
        .map(|name| loaded.snapshot.taxonomy_named(name))
        .transpose()?;
    let terms = loaded.snapshot.term_list(taxonomy.as_ref(), viewer)?;
    Listing::of_names(
        terms.iter().map(Row::of).collect(),
        FIELDS,
        &["id", "taxonomy", "slug", "name", "count"],
        ("term", "terms"),
    )
    .emit_values(output, &terms)?;
    Ok(ExitCode::SUCCESS)
}
