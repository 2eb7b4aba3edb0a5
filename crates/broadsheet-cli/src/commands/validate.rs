//! `broadsheet validate`: the import report and the validation report together.

use crate::cli::OutputArgs;
use crate::error::CliError;
use crate::input;
use broadsheet::formats::ImportError;
use broadsheet::{BuildMode, Issue, Report};
use serde_json::json;
use std::path::Path;
use std::process::ExitCode;

/// Runs the command: exit 1 when there are errors.
pub fn run(
    path: &Path,
    strict: bool,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let mode = if strict {
        BuildMode::Strict
    } else {
        BuildMode::Lenient
    };
    let report = match input::open(path, mode, quiet) {
        Ok(opened) => opened.report(),
        Err(error) => report_of_refusal(error)?,
    };
    if output.json {
        let value = json!({
            "errors": report.errors().collect::<Vec<_>>(),
            "warnings": report.warnings().collect::<Vec<_>>(),
        });
        super::emit_json(&value)?;
    } else {
        let mut out = super::Out::default();
        if !report.is_empty() {
            out.line(format_args!("{report}"));
        }
        out.line(format_args!(
            "{} error(s), {} warning(s)",
            report.errors().count(),
            report.warnings().count()
        ));
        super::emit_out(out)?;
    }
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A strict import that refuses the input is a finding of `validate`, not a failure of it;
/// unreadable or unrecognised input still is.
fn report_of_refusal(error: CliError) -> Result<Report, CliError> {
    match error {
        CliError::Import(ImportError::Invalid { report }) => Ok(report),
        CliError::Import(ImportError::Syntax { location, message }) => {
            let mut report = Report::new();
            report.issues.push(
                Issue::new(
                    &broadsheet::formats::codes::INPUT_SYNTAX_INVALID,
                    "",
                    message,
                )
                .at(location),
            );
            Ok(report)
        }
        other => Err(other),
    }
}
