//! `broadsheet dates`: the date archive (anonymous view, kind post, local calendar).

use crate::archive;
use crate::cli::{DatesBy, OutputArgs};
use crate::error::CliError;
use broadsheet::Viewer;
use broadsheet::archive::DateGranularity;
use serde_json::{Map, Value};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    path: &Path,
    by: DatesBy,
    filter: Option<&str>,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let query = archive::query_with_filter(filter)?;
    let loaded = archive::load(path, quiet)?;
    let granularity = match by {
        DatesBy::Year => DateGranularity::Year,
        DatesBy::Month => DateGranularity::Month,
        DatesBy::Day => DateGranularity::Day,
    };
    let dates = loaded
        .snapshot
        .date_archive(granularity, &query, Viewer::Anonymous)
        .map_err(archive::query_error)?;
    if output.json {
        let rows: Vec<Value> = dates
            .iter()
            .map(|date| {
                let mut row = Map::new();
                row.insert("year".into(), date.year.into());
                if let Some(month) = date.month {
                    row.insert("month".into(), month.into());
                }
                if let Some(day) = date.day {
                    row.insert("day".into(), day.into());
                }
                row.insert("count".into(), date.count.into());
                Value::Object(row)
            })
            .collect();
        super::emit_json(&rows)?;
    } else {
        let mut out = super::Out::default();
        for date in &dates {
            let label = match (date.month, date.day) {
                (Some(month), Some(day)) => format!("{}-{month:02}-{day:02}", date.year),
                (Some(month), None) => archive::month_name(date.year, month),
                _ => date.year.to_string(),
            };
            out.line(format_args!("{label:<20} {}", date.count));
        }
        super::emit_out(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
