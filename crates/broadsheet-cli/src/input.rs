//! Reading the input file, with a progress bar on a terminal.

use crate::cli::{AddressArgs, LimitArgs};
use crate::error::CliError;
use broadsheet::formats::{ImportOptions, ImportPhase, Imported, Opened};
use broadsheet::permalink::{AddressOverrides, PermalinkStructure};
use broadsheet::{BuildMode, Url};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Whether a file argument is `-`: standard input where a file is read, standard output where
/// one is written, as Unix tools take it.
pub fn is_standard_stream(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The import limits the command line set (once, before any command runs).
static LIMITS: OnceLock<LimitArgs> = OnceLock::new();

/// Records the limits the command line gives; every later read uses them.
pub fn set_limits(limits: LimitArgs) {
    let _ = LIMITS.set(limits);
}

/// `options` with the limits the command line changed.
fn with_limits(options: ImportOptions<'_>) -> ImportOptions<'_> {
    let Some(args) = LIMITS.get() else {
        return options;
    };
    let mut limits = options.limits;
    let set = |value: Option<usize>, default: usize| value.unwrap_or(default);
    limits = limits
        .with_max_field_bytes(set(args.max_field_bytes, limits.max_field_bytes))
        .with_max_depth(set(args.max_depth, limits.max_depth))
        .with_max_items(set(args.max_items, limits.max_items))
        .with_max_terms_per_post(set(args.max_terms_per_post, limits.max_terms_per_post))
        .with_max_comments_per_thread(set(
            args.max_comments_per_thread,
            limits.max_comments_per_thread,
        ))
        .with_max_issues_per_code(set(args.max_issues_per_code, limits.max_issues_per_code));
    let max_bytes = match args.max_bytes {
        Some(0) => None,
        Some(bytes) => Some(bytes),
        None => options.max_bytes,
    };
    options.with_limits(limits).with_max_bytes(max_bytes)
}

/// Opens the input into an archive: one file or several read as one site (the parts of a split
/// export), each in any format `broadsheet::formats::open_paths` recognises; `-` alone reads
/// standard input.
pub fn open(paths: &[PathBuf], mode: BuildMode, quiet: bool) -> Result<Opened, CliError> {
    open_with(paths, mode, quiet, &AddressOverrides::default())
}

/// [`open`] with the site URL and permalink structure overridden.
pub fn open_with(
    paths: &[PathBuf],
    mode: BuildMode,
    quiet: bool,
    addresses: &AddressOverrides,
) -> Result<Opened, CliError> {
    check_inputs(paths)?;
    with_progress(mode, quiet, |mut options| {
        options.addresses = addresses.clone();
        match paths {
            [one] if is_standard_stream(one) => {
                broadsheet::formats::open_reader(std::io::stdin().lock(), options)
            }
            _ => broadsheet::formats::open_paths(paths, options),
        }
    })
}

/// The input files as messages name them: `a.xml`, or `a.000.xml, a.001.xml` for the parts of
/// one site.
pub fn names(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(", ")
}

/// Standard input is one whole input: `-` among several files is a usage error (its parts
/// could not be told apart), as is no file at all.
fn check_inputs(paths: &[PathBuf]) -> Result<(), CliError> {
    if paths.is_empty() {
        return Err(CliError::Usage("no input file was given".into()));
    }
    if paths.len() > 1 && paths.iter().any(|path| is_standard_stream(path)) {
        return Err(CliError::Usage(
            "- (standard input) cannot be one of several input files: give the parts as files"
                .into(),
        ));
    }
    Ok(())
}

/// Loads any format into a plain site (for `convert` and `redirects`, which index nothing);
/// `-` alone reads standard input; several files are one site.
pub fn load(
    paths: &[PathBuf],
    mode: BuildMode,
    quiet: bool,
    addresses: &AddressOverrides,
) -> Result<Imported, CliError> {
    check_inputs(paths)?;
    with_progress(mode, quiet, |mut options| {
        options.addresses = addresses.clone();
        match paths {
            [one] if is_standard_stream(one) => {
                broadsheet::formats::load_reader(std::io::stdin().lock(), options)
            }
            _ => broadsheet::formats::load_many(paths, options),
        }
    })
}

/// The overrides `--site-url` and `--permalink-structure` give; a URL or structure that does
/// not parse is a usage error naming the option.
pub fn address_overrides(args: &AddressArgs) -> Result<AddressOverrides, CliError> {
    overrides(
        args.site_url.as_deref(),
        args.permalink_structure.as_deref(),
        "",
    )
}

/// The overrides of a URL and a structure given as options `--{prefix}site-url` and
/// `--{prefix}permalink-structure`.
pub fn overrides(
    site_url: Option<&str>,
    structure: Option<&str>,
    prefix: &str,
) -> Result<AddressOverrides, CliError> {
    let site_url = match site_url {
        Some(text) => {
            let url = Url::parse(text).map_err(|error| {
                CliError::Usage(format!("--{prefix}site-url {text:?}: {error}"))
            })?;
            if !url.is_web() {
                return Err(CliError::Usage(format!(
                    "--{prefix}site-url {text:?}: a site URL starts with http:// or https://"
                )));
            }
            Some(url)
        }
        None => None,
    };
    let permalink_structure = match structure {
        Some(text) => Some(PermalinkStructure::parse(text).map_err(|error| {
            CliError::Usage(format!("--{prefix}permalink-structure {text:?}: {error}"))
        })?),
        None => None,
    };
    Ok(AddressOverrides {
        site_url,
        permalink_structure,
    })
}

/// Runs a read with import options for `mode`, and progress on stderr when it is a terminal
/// and `quiet` is off: a bar of the bytes read (WXR, Ghost, JSON and JSON Lines alike), then
/// a spinner naming each phase ("parsing", "validating", "indexing") that keeps turning
/// while the phase runs.
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
    let mut options = with_limits(ImportOptions::default().with_mode(mode));
    if let Some(bar) = bar.clone() {
        let reading = bar.clone();
        options.progress = Some(Box::new(move |done, total| {
            match total {
                Some(total) => reading.set_length(total),
                // Standard input: the size is unknown until the end.
                None => reading.set_length(done),
            }
            reading.set_position(done);
            ControlFlow::Continue(())
        }));
        options.phase = Some(Arc::new(move |phase: ImportPhase| {
            Phases::switch(&bar, phase.name());
        }));
    }
    let result = read(options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(result?)
}

/// A spinner on stderr that names what the command is doing ("writing site.json") and keeps
/// turning while it does it; nothing when quiet or off a terminal.
pub struct Phases(Option<ProgressBar>);

impl Phases {
    /// Starts a spinner (drawn only on a terminal, and not when `quiet`).
    pub fn start(quiet: bool) -> Self {
        Self(progress_bar(quiet, 0, "{spinner} {msg} {elapsed}"))
    }

    /// Names the current phase.
    pub fn phase(&self, name: &str) {
        if let Some(bar) = &self.0 {
            Self::switch(bar, name);
        }
    }

    /// Turns a bar into a spinner naming `phase`, ticking on its own.
    fn switch(bar: &ProgressBar, phase: &str) {
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(phase.to_owned());
        bar.reset_elapsed();
        bar.enable_steady_tick(Duration::from_millis(100));
    }

    /// Clears the spinner.
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}

/// A progress bar on stderr drawn with `template` (an indicatif template), or `None` when
/// `quiet` is on or stderr is not a terminal.
pub fn progress_bar(quiet: bool, total: u64, template: &str) -> Option<ProgressBar> {
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new(total);
    let style = ProgressStyle::with_template(template).map_or_else(
        |_| ProgressStyle::default_bar(),
        |style| style.progress_chars("=> "),
    );
    bar.set_style(style);
    Some(bar)
}
