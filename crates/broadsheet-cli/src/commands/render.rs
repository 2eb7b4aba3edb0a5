//! `broadsheet render`: a static site of the archive's public pages, from the
//! `broadsheet-render` library; the command reads the file, shows progress and maps errors.

use crate::error::CliError;
use crate::input;
use crate::loaded;
use broadsheet_render::{RenderError, RenderOptions, Renderer};
use std::path::PathBuf;
use std::process::ExitCode;

/// The command's arguments.
pub struct RenderArgs {
    /// The input files, read as one site (empty only with `dump_templates`).
    pub files: Vec<PathBuf>,
    /// The output directory (absent only with `dump_templates`).
    pub out: Option<PathBuf>,
    /// `--tag` slugs.
    pub tags: Vec<String>,
    /// `--templates DIR`.
    pub templates: Option<PathBuf>,
    /// `--per-page N`.
    pub per_page: u64,
    /// `--mode OCTAL`: permissions of every file written.
    pub mode: Option<u32>,
    /// `--dump-templates DIR`.
    pub dump_templates: Option<PathBuf>,
    /// `--site-url` and `--permalink-structure`, overriding the file's.
    pub addresses: crate::cli::AddressArgs,
    /// No progress bar.
    pub quiet: bool,
}

/// Runs the command.
pub fn run(args: RenderArgs) -> Result<ExitCode, CliError> {
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
    let loaded = loaded::load_with(&args.files, args.quiet, &overrides)?;
    let mut options = RenderOptions::default();
    options.tags = args.tags.clone();
    options.templates = args.templates.clone();
    options.per_page = args.per_page;
    options.mode = args.mode;
    let renderer = Renderer::new(&loaded.snapshot, &options).map_err(cli_error)?;
    let bar = input::progress_bar(
        args.quiet,
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
