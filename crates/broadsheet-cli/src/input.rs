//! Reading the input file, with a progress bar on a terminal.

use crate::error::CliError;
use broadsheet::BuildMode;
use broadsheet::formats::{ImportOptions, Imported, Opened};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::Path;

/// Whether a file argument is `-`: standard input where a file is read, standard output where
/// one is written, as Unix tools take it.
pub fn is_standard_stream(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Opens any format `broadsheet::formats::open_path` recognises into an archive; `-` reads
/// standard input.
pub fn open(path: &Path, mode: BuildMode, quiet: bool) -> Result<Opened, CliError> {
    with_progress(mode, quiet, |options| {
        if is_standard_stream(path) {
            broadsheet::formats::open_reader(std::io::stdin().lock(), options)
        } else {
            broadsheet::formats::open_path(path, options)
        }
    })
}

/// Loads any format into a plain site (for `convert`, which indexes nothing); `-` reads
/// standard input.
pub fn load(path: &Path, mode: BuildMode, quiet: bool) -> Result<Imported, CliError> {
    with_progress(mode, quiet, |options| {
        if is_standard_stream(path) {
            broadsheet::formats::load_reader(std::io::stdin().lock(), options)
        } else {
            broadsheet::formats::load(path, options)
        }
    })
}

/// Runs a read with import options for `mode`, and a progress bar on stderr when it is a
/// terminal and `quiet` is off.
fn with_progress<T>(
    mode: BuildMode,
    quiet: bool,
    read: impl FnOnce(ImportOptions<'_>) -> Result<T, broadsheet::formats::ImportError>,
) -> Result<T, CliError> {
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
            ControlFlow::Continue(())
        }));
    }
    let result = read(options);
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
