//! `broadsheet cloud`: the tag cloud.

use super::listing::{self, ListArgs, Listing, Row};
use crate::error::CliError;
use crate::loaded;
use broadsheet::cloud::{CloudOptions, CloudOrder};
use broadsheet::{Query, Viewer};
use std::path::PathBuf;
use std::process::ExitCode;

/// The options of the command.
pub struct CloudArgs {
    /// Taxonomy name.
    pub taxonomy: String,
    /// WordPress's options.
    pub options: CloudOptions,
}

impl CloudArgs {
    /// From the command line; the order takes its default direction (names A to Z, counts
    /// largest first).
    pub fn new(
        taxonomy: String,
        number: usize,
        smallest: f64,
        largest: f64,
        unit: String,
        order: CloudOrder,
    ) -> Self {
        Self {
            taxonomy,
            options: CloudOptions::default()
                .with_smallest(smallest)
                .with_largest(largest)
                .with_unit(unit)
                .with_number(number)
                .with_order_by(order)
                .with_descending(order.default_descending()),
        }
    }
}

/// The fields of a cloud row: the library's `CloudEntry` (`term`, `slug`, `name`, `count`,
/// `size`) plus `font_size` (the size with its unit, as CSS writes it).
pub const FIELDS: &[&str] = &["term", "slug", "name", "count", "size", "font_size"];

/// Runs the command.
pub fn run(
    paths: &[PathBuf],
    args: &CloudArgs,
    output: &ListArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    // Bad sizes and fields are refused before the file is read.
    args.options
        .check()
        .map_err(|error| CliError::Usage(format!("--{error}")))?;
    listing::check_fields(output, FIELDS)?;
    let loaded = loaded::load(paths, quiet)?;
    let taxonomy = loaded.snapshot.taxonomy_named(&args.taxonomy)?;
    let cloud =
        loaded
            .snapshot
            .tag_cloud(&Query::new(), &taxonomy, &args.options, Viewer::Anonymous)?;
    let rows = cloud
        .iter()
        .map(|entry| Row::of(entry).with("font_size", entry.css_font_size(&args.options.unit)))
        .collect();
    let listing = Listing {
        id_field: Some("term"),
        ..Listing::of_names(
            rows,
            FIELDS,
            &["name", "count", "font_size"],
            ("term", "terms"),
        )
    };
    listing.emit_values(output, &cloud)?;
    Ok(ExitCode::SUCCESS)
}
