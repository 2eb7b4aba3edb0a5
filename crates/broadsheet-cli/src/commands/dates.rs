//! `broadsheet dates`: the date archive (anonymous view, kind post, local calendar).

use super::listing::{self, ListArgs, Listing, Row};
use crate::error::CliError;
use crate::loaded;
use broadsheet::Viewer;
use broadsheet::archive::DateGranularity;
use std::path::PathBuf;
use std::process::ExitCode;

/// The fields of a date row: `period` (its name: `May 2013`, `2013`, `2013-05-30`), `year`,
/// `month`, `day` and `count`.
pub const FIELDS: &[&str] = &["period", "year", "month", "day", "count"];

/// Runs the command.
pub fn run(
    paths: &[PathBuf],
    granularity: DateGranularity,
    filter: Option<&str>,
    output: &ListArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    listing::check_fields(output, FIELDS)?;
    let query = loaded::query_with_filter(filter)?;
    let loaded = loaded::load(paths, quiet)?;
    let query = loaded.snapshot.resolve_names(&query)?;
    let dates = loaded
        .snapshot
        .date_archive(granularity, &query, Viewer::Anonymous)?;
    let rows = dates
        .iter()
        .map(|date| {
            let period = match (date.month, date.day) {
                (Some(month), Some(day)) => format!("{}-{month:02}-{day:02}", date.year),
                (Some(month), None) => loaded::month_name(date.year, month),
                _ => date.year.to_string(),
            };
            Row::of(date).with("period", period)
        })
        .collect();
    let total: u64 = dates.iter().map(|date| date.count).sum();
    let (one, many) = match granularity {
        DateGranularity::Year => ("year", "years"),
        DateGranularity::Month => ("month", "months"),
        DateGranularity::Day => ("day", "days"),
    };
    let listing = Listing {
        rows,
        fields: FIELDS,
        default_fields: &["period", "count"],
        id_field: None,
        noun: ("period", "periods"),
        count: None,
        summary: Some(format!(
            "{} in {}",
            listing::count(total, ("post", "posts")),
            listing::count(dates.len() as u64, (one, many))
        )),
        text_fields: &[],
    };
    listing.emit_values(output, &dates)?;
    Ok(ExitCode::SUCCESS)
}
