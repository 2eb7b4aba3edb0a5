//! `broadsheet render`: a static site of the archive's public pages.

use crate::error::CliError;
use crate::loaded;
use crate::render::{self, RenderOptions};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command; `addresses` override the file's site URL and permalink structure.
pub fn run(
    path: &Path,
    options: &RenderOptions,
    addresses: &crate::cli::AddressArgs,
) -> Result<ExitCode, CliError> {
    if options.per_page == 0 {
        return Err(CliError::Usage("--per-page must be at least 1".into()));
    }
    let overrides = crate::input::address_overrides(addresses)?;
    let loaded = loaded::load_with(path, options.quiet, &overrides)?;
    let rendered = render::render(&loaded, options)?;
    super::emit(format!(
        "rendered {} pages into {}\n",
        rendered.pages,
        options.out.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
