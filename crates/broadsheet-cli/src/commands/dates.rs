//! `broadsheet dates`: the date archive (anonymous view, kind post, local calendar).

use crate::cli::OutputArgs;
use crate::error::CliError;
use crate::loaded;
use broadsheet::Viewer;
use broadsheet::archive::DateGranularity;
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    path: &Path,
    granularity: DateGranularity,
    filter: Option<&str>,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let query = loaded::query_with_filter(filter)?;
    let loaded = loaded::load(path, quiet)?;
    let dates = loaded
        .snapshot
        .date_archive(granularity, &query, Viewer::Anonymous)?;
    if output.json {
        super::emit_json(&dates)?;
    } else {
        let mut out = super::Out::default();
        for date in &dates {
            let label = match (date.month, date.day) {
                (Some(month), Some(day)) => format!("{}-{month:02}-{day:02}", date.year),
                (Some(month), None) => loaded::month_name(date.year, month),
                _ => date.year.to_string(),
            };
            out.line(format_args!("{label:<20} {}", date.count));
        }
        super::emit_out(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
