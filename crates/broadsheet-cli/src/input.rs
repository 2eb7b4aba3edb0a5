//! Loading the input file, with a progress bar on a terminal.

use crate::error::CliError;
use broadsheet::BuildMode;
use broadsheet::formats::{ImportOptions, Imported};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::Path;

/// Loads any format `broadsheet::formats::load` recognises. Shows a progress bar on stderr when
/// it is a terminal and `quiet` is off.
pub fn load(path: &Path, mode: BuildMode, quiet: bool) -> Result<Imported, CliError> {
    let bar = progress_bar(
        quiet,
        0,
        "{spinner} reading {bytes}/{total_bytes} [{bar:30}] {bytes_per_sec}, {eta} left",
    );
    let mut options = ImportOptions {
        mode,
        ..ImportOptions::default()
    };
    if let Some(bar) = bar.clone() {
        options.progress = Some(Box::new(move |done, total| {
            if let Some(total) = total {
                bar.set_length(total);
            }
            bar.set_position(done);
        }));
    }
    let result = broadsheet::formats::load(path, options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(result?)
}

/// A progress bar on stderr drawn with `template` (an indicatif template), or `None` when
/// `quiet` is on or stderr is not a terminal.
pub fn progress_bar(quiet: bool, total: u64, template: &str) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template(template)
        .map(|style| style.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    Some(bar)
}
