//! `broadsheet redirects FROM TO`: the old site's URLs mapped to the new site's.

use crate::error::CliError;
use crate::input;
use broadsheet::BuildMode;
use broadsheet::formats::redirects::{RedirectFormat, redirect_map};
use std::path::Path;
use std::process::ExitCode;

/// The two sites and how their addresses are overridden.
pub struct RedirectArgs<'a> {
    /// The old site's file.
    pub from: &'a Path,
    /// The new site's file.
    pub to: &'a Path,
    /// The output format.
    pub format: RedirectFormat,
    /// `--from-site-url`, `--from-permalink-structure`.
    pub from_overrides: (Option<&'a str>, Option<&'a str>),
    /// `--to-site-url`, `--to-permalink-structure`.
    pub to_overrides: (Option<&'a str>, Option<&'a str>),
}

/// Runs the command: the map on stdout, a count of unmatched URLs on stderr.
pub fn run(args: &RedirectArgs<'_>, quiet: bool) -> Result<ExitCode, CliError> {
    let from_overrides = input::overrides(args.from_overrides.0, args.from_overrides.1, "from-")?;
    let to_overrides = input::overrides(args.to_overrides.0, args.to_overrides.1, "to-")?;
    let old = input::load(
        &[args.from.to_path_buf()],
        BuildMode::Lenient,
        quiet,
        &from_overrides,
    )?;
    let new = input::load(
        &[args.to.to_path_buf()],
        BuildMode::Lenient,
        quiet,
        &to_overrides,
    )?;
    let map = redirect_map(&old.site, &new.site);
    super::emit(map.render(args.format).into_bytes())?;
    if !map.unmatched.is_empty() {
        super::note(format_args!(
            "warning: {} old URL(s) have no counterpart in {}, first: {}",
            map.unmatched.len(),
            args.to.display(),
            map.unmatched[0]
        ));
    }
    if !quiet {
        super::note(format_args!("{} redirect(s)", map.redirects.len()));
    }
    Ok(ExitCode::SUCCESS)
}
