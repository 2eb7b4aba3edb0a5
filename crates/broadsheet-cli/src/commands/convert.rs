//! `broadsheet convert`: any readable format to any writable one.

use crate::error::CliError;
use crate::input;
use broadsheet::BuildMode;
use broadsheet::formats::Format;
use std::path::Path;
use std::process::ExitCode;

/// Runs the command; the import report goes to stderr.
pub fn run(
    input_path: &Path,
    output_path: &Path,
    to: Option<Format>,
    mode: Option<u32>,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let format = match to {
        Some(format) => format,
        None => Format::from_extension(output_path).ok_or_else(|| {
            CliError::Usage(format!(
                "cannot tell the output format from {}: use --to wxr|ghost|json|jsonl or an extension .xml, .ghost.json, .json or .jsonl (standard output, -, needs --to)",
                output_path.display()
            ))
        })?,
    };
    let imported = input::load(input_path, BuildMode::Lenient, quiet)?;
    for issue in &imported.report.issues {
        super::note(format_args!("{issue}"));
    }
    if input::is_standard_stream(output_path) {
        let mut bytes = Vec::new();
        broadsheet::formats::write(&imported.site, format, &mut bytes)?;
        super::emit(bytes)?;
    } else {
        // `save`'s errors start with the file's name.
        let spinner = input::Phases::start(quiet);
        spinner.phase(&format!("writing {}", output_path.display()));
        let saved = broadsheet::formats::save(&imported.site, output_path, format);
        spinner.finish();
        saved?;
        crate::files::apply_mode(output_path, mode)?;
    }
    if format == Format::Ghost && !imported.site.comments.is_empty() {
        super::note(format_args!(
            "warning: Ghost exports hold no comments: {} comment(s) were not written to {}",
            imported.site.comments.len(),
            output_path.display()
        ));
    }
    if !quiet {
        super::note(format_args!(
            "converted {} ({}) to {} ({}): {} items, {} issue(s)",
            input_path.display(),
            imported.format,
            output_path.display(),
            format.name(),
            imported.site.posts.len(),
            imported.report.issues.len()
        ));
    }
    Ok(ExitCode::SUCCESS)
}
