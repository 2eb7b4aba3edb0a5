//! `broadsheet validate`: the import report and the validation report together.

use crate::cli::{OutputArgs, ReportArgs};
use crate::error::CliError;
use crate::input;
use broadsheet::formats::ImportError;
use broadsheet::{BuildMode, Issue, Report, ReportFilter};
use serde_json::json;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command: exit 1 when there are errors.
pub fn run(
    paths: &[PathBuf],
    strict: bool,
    view: &ReportArgs,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let mode = if strict {
        BuildMode::Strict
    } else {
        BuildMode::Lenient
    };
    let report = match input::open(paths, mode, quiet) {
        Ok(opened) => opened.report(),
        Err(error) => report_of_refusal(error)?,
    };
    let filter = ReportFilter {
        errors_only: view.errors_only,
        codes: view.codes.clone(),
    };
    let shown = report.filtered(&filter);
    if view.summary {
        let summary = shown.summary();
        if output.json {
            super::emit_json(&json!({
                "errors": report.errors().count(),
                "warnings": report.warnings().count(),
                "codes": summary,
            }))?;
        } else {
            let mut out = super::Out::default();
            for line in &summary {
                out.line(format_args!(
                    "{:>7}  {:<7}  {}",
                    line.count,
                    line.severity.to_string(),
                    line.code
                ));
            }
            totals(&mut out, &report, &shown);
            super::emit_out(out)?;
        }
    } else if output.json {
        let value = json!({
            "errors": shown.errors().collect::<Vec<_>>(),
            "warnings": shown.warnings().collect::<Vec<_>>(),
        });
        super::emit_json(&value)?;
    } else {
        let mut out = super::Out::default();
        if !shown.is_empty() {
            out.line(format_args!("{shown}"));
        }
        totals(&mut out, &report, &shown);
        super::emit_out(out)?;
    }
    Ok(if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The closing line: every error and warning, and how many of them are shown when a filter
/// hides some.
fn totals(out: &mut super::Out, report: &Report, shown: &Report) {
    let all = report.issues.len();
    if shown.issues.len() == all {
        out.line(format_args!(
            "{} error(s), {} warning(s)",
            report.errors().count(),
            report.warnings().count()
        ));
    } else {
        out.line(format_args!(
            "{} error(s), {} warning(s); {} of {all} issue(s) shown",
            report.errors().count(),
            report.warnings().count(),
            shown.issues.len()
        ));
    }
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
