//! `broadsheet stats`: the owner's inventory.

use crate::cli::OutputArgs;
use crate::error::CliError;
use crate::loaded;
use broadsheet::formats::Stats;
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command.
pub fn run(paths: &[PathBuf], output: OutputArgs, quiet: bool) -> Result<ExitCode, CliError> {
    let loaded = loaded::load(paths, quiet)?;
    let stats = Stats::compute(
        loaded.snapshot.as_ref(),
        &loaded.opened.report(),
        &loaded.opened.format,
    );
    if output.json {
        super::emit_json(&stats)?;
    } else {
        super::emit_out(print_table(&stats))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn print_table(stats: &Stats) -> super::Out {
    let mut out = super::Out::default();
    out.line(format_args!("format    {}", stats.format));
    out.line(format_args!("items"));
    for (kind, statuses) in &stats.items {
        let parts: Vec<String> = statuses
            .iter()
            .map(|(status, n)| format!("{status} {n}"))
            .collect();
        out.line(format_args!("  {kind:<20} {}", parts.join(", ")));
    }
    out.line(format_args!("authors   {}", stats.authors));
    out.line(format_args!("terms"));
    for (taxonomy, n) in &stats.terms {
        out.line(format_args!("  {taxonomy:<20} {n}"));
    }
    let by_status: Vec<String> = stats
        .comments
        .by_status
        .iter()
        .map(|(status, n)| format!("{status} {n}"))
        .collect();
    out.line(format_args!(
        "comments  {} ({}), deepest thread {}",
        stats.comments.total,
        by_status.join(", "),
        stats.comments.max_depth
    ));
    out.line(format_args!("sticky    {}", stats.sticky));
    out.line(format_args!("warnings  {}", stats.warnings));
    out.line(format_args!("errors    {}", stats.errors));
    out
}
