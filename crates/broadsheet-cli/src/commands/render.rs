//! `broadsheet render`: a static site of the archive's public pages, from the
//! `broadsheet-render` library; the command reads the file, shows progress and maps errors.

use crate::cli::RenderArgs;
use crate::error::CliError;
use crate::input;
use crate::loaded;
use broadsheet_render::{RenderError, RenderOptions, Renderer};
use std::process::ExitCode;

/// Runs the command.
pub fn run(args: &RenderArgs, quiet: bool) -> Result<ExitCode, CliError> {
    if let Some(dir) = &args.dump_templates {
        let written = broadsheet_render::dump_templates(dir).map_err(cli_error)?;
        super::emit(format!(
            "wrote {} templates into {}\n",
            written.len(),
            dir.display()
        ))?;
        return Ok(ExitCode::SUCCESS);
    }
    let Some(out) = args.out.as_ref().filter(|_| !args.files.is_empty()) else {
        return Err(CliError::Usage("render needs FILE and --out DIR".into()));
    };
    if args.per_page == 0 {
        return Err(CliError::Usage("--per-page must be at least 1".into()));
    }
    let overrides = crate::input::address_overrides(&args.addresses)?;
    let loaded = loaded::load_with(&args.files, quiet, &overrides)?;
    let mut options = RenderOptions::default();
    options.tags = args.tags.clone();
    options.templates = args.templates.clone();
    options.per_page = args.per_page;
    options.mode = args.mode;
    let renderer = Renderer::new(&loaded.snapshot, &options).map_err(cli_error)?;
    let bar = input::progress_bar(
        quiet,
        0,
        "{spinner} rendering {pos}/{len} pages [{bar:30}] {eta} left",
    );
    let rendered = renderer
        .write_to(out, &mut |done, total| {
            if let Some(bar) = &bar {
                bar.set_length(total as u64);
                bar.set_position(done as u64);
            }
        })
        .map_err(cli_error)?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    super::emit(format!(
        "rendered {} pages into {}\n",
        rendered.pages,
        out.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// A usage mistake exits 2; templates and files that fail exit 3.
fn cli_error(error: RenderError) -> CliError {
    if error.is_usage() {
        CliError::Usage(error.to_string())
    } else {
        CliError::Output(error.to_string())
    }
}
