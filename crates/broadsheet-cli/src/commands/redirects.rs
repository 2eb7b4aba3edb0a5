//! `broadsheet redirects FROM... TO` (or `FROM... --to TO...`): the old site's URLs mapped to
//! the new site's; each site may be several files read as one.

use crate::error::CliError;
use crate::input;
use broadsheet::BuildMode;
use broadsheet::formats::redirects::{RedirectFormat, redirect_map};
use std::path::PathBuf;
use std::process::ExitCode;

/// The two sites and how their addresses are overridden.
pub struct RedirectArgs<'a> {
    /// The positional files: the old site's, then (without `--to`) the new site's.
    pub sites: &'a [PathBuf],
    /// `--to` files: the new site's, when it is given that way.
    pub to_files: &'a [PathBuf],
    /// The output format.
    pub format: RedirectFormat,
    /// `--from-site-url`, `--from-permalink-structure`.
    pub from_overrides: (Option<&'a str>, Option<&'a str>),
    /// `--to-site-url`, `--to-permalink-structure`.
    pub to_overrides: (Option<&'a str>, Option<&'a str>),
}

impl RedirectArgs<'_> {
    /// The old site's files and the new site's: with `--to`, every positional file is the old
    /// site's; without it, the last positional file is the new site's.
    fn split(&self) -> Result<(&[PathBuf], &[PathBuf]), CliError> {
        if !self.to_files.is_empty() {
            return Ok((self.sites, self.to_files));
        }
        match self.sites.split_last() {
            Some((to, from)) if !from.is_empty() => Ok((from, std::slice::from_ref(to))),
            _ => Err(CliError::Usage(
                "redirects needs the old site's files and the new site's (FROM... TO, or FROM... --to TO...)"
                    .into(),
            )),
        }
    }
}

/// Runs the command: the map on stdout, a count of unmatched URLs on stderr.
pub fn run(args: &RedirectArgs<'_>, quiet: bool) -> Result<ExitCode, CliError> {
    let from_overrides = input::overrides(args.from_overrides.0, args.from_overrides.1, "from-")?;
    let to_overrides = input::overrides(args.to_overrides.0, args.to_overrides.1, "to-")?;
    let (from, to) = args.split()?;
    let old = input::load(from, BuildMode::Lenient, quiet, &from_overrides)?;
    let new = input::load(to, BuildMode::Lenient, quiet, &to_overrides)?;
    let map = redirect_map(&old.site, &new.site);
    super::emit(map.render(args.format).into_bytes())?;
    if !map.unmatched.is_empty() {
        super::note(format_args!(
            "warning: {} old URL(s) have no counterpart in {}, first: {}",
            map.unmatched.len(),
            input::names(to),
            map.unmatched[0]
        ));
    }
    if !quiet {
        super::note(format_args!("{} redirect(s)", map.redirects.len()));
    }
    Ok(ExitCode::SUCCESS)
}
