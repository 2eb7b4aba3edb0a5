//! `broadsheet convert`: any readable format (several files as one site) to any writable one,
//! with a selection, for the target's importer, split when asked.

use crate::cli::{AddressArgs, ConvertArgs};
use crate::error::CliError;
use crate::input;
use broadsheet::formats::Format;
use broadsheet::formats::convert::{ConvertOptions, convert, part_name};
use broadsheet::{BuildMode, PostKind, PostStatus, Selection};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs the command; the import report and what was left out go to stderr.
pub fn run(
    paths: &[PathBuf],
    to: Option<Format>,
    args: &ConvertArgs,
    addresses: &AddressArgs,
    mode: Option<u32>,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let Some((output_path, inputs)) = paths.split_last() else {
        return Err(CliError::Usage(
            "convert needs an input and an output".into(),
        ));
    };
    let format = match to {
        Some(format) => format,
        None => Format::from_extension(output_path).ok_or_else(|| {
            CliError::Usage(format!(
                "cannot tell the output format from {}: use --to wxr|ghost|json|jsonl|store or an extension .xml, .ghost.json, .json, .jsonl or .broadsheet (standard output, -, needs --to)",
                output_path.display()
            ))
        })?,
    };
    let options = ConvertOptions {
        selection: selection(args)?,
        keep_source_meta: args.keep_source_meta,
        max_file_size: args.max_file_size.as_deref().map(parse_size).transpose()?,
    };
    let to_stdout = input::is_standard_stream(output_path);
    if to_stdout && options.max_file_size.is_some() {
        return Err(CliError::Usage(
            "--max-file-size writes several files: give an output file, not -".into(),
        ));
    }
    let overrides = input::address_overrides(addresses)?;
    let imported = input::load(inputs, BuildMode::Lenient, quiet, &overrides)?;
    for issue in &imported.report.issues {
        super::note(format_args!("{issue}"));
    }
    let issues = imported.report.issues.len();
    let converted = convert(imported.site, &imported.format, format, &options).map_err(
        |error| match error {
            broadsheet::formats::convert::ConvertError::Export(error) => CliError::from(error),
            other => CliError::Usage(other.to_string()),
        },
    )?;
    let spinner = input::Phases::start(quiet || to_stdout);
    spinner.phase(&format!("writing {}", output_path.display()));
    let written: Vec<PathBuf> = if to_stdout {
        for file in &converted.files {
            super::emit(file.clone())?;
        }
        vec![output_path.clone()]
    } else if converted.files.len() == 1 {
        save(output_path, &converted.files[0], mode)?;
        vec![output_path.clone()]
    } else {
        let mut written = Vec::new();
        for (index, file) in converted.files.iter().enumerate() {
            let path = part_name(output_path, index);
            save(&path, file, mode)?;
            written.push(path);
        }
        written
    };
    spinner.finish();
    for adjusted in &converted.adjusted {
        super::note(format_args!("note: {adjusted}"));
    }
    if !converted.left_out.is_empty() {
        let parts: Vec<String> = converted
            .left_out
            .iter()
            .map(|l| format!("{} {}", l.count, l.what))
            .collect();
        super::note(format_args!(
            "warning: {} not written to {} ({})",
            parts.join(", "),
            format.name(),
            converted
                .left_out
                .iter()
                .map(|l| format!("{}: {}", l.what, l.why))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if !quiet {
        let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
        super::note(format_args!(
            "converted {} ({}) to {} ({}): {} items, {} issue(s)",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            imported.format,
            names.join(", "),
            format.name(),
            converted.items,
            issues
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes one output file as `save` writes a site (atomically), with the permissions `--mode`
/// asks for.
fn save(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<(), CliError> {
    broadsheet::formats::save_bytes(path, bytes).map_err(CliError::from)?;
    crate::files::apply_mode(path, mode)
}

/// The selection the options describe.
fn selection(args: &ConvertArgs) -> Result<Selection, CliError> {
    let date = |option: &str, text: &Option<String>| {
        text.as_deref()
            .map(|text| {
                chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
                    CliError::Usage(format!("--{option} {text:?}: a date is YYYY-MM-DD"))
                })
            })
            .transpose()
    };
    Ok(Selection {
        kinds: args
            .kinds
            .iter()
            .map(|k| PostKind::from(k.as_str()))
            .collect(),
        statuses: args
            .statuses
            .iter()
            .map(|s| PostStatus::from(s.as_str()))
            .collect(),
        filter: args
            .filter
            .as_deref()
            .map(crate::loaded::filter)
            .transpose()?,
        since: date("since", &args.since)?,
        until: date("until", &args.until)?,
    })
}

/// Parses a size: bytes, or a number with KB, MB, GB (powers of 1024; KiB... accepted).
fn parse_size(text: &str) -> Result<u64, CliError> {
    let trimmed = text.trim();
    let split = trimmed
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(trimmed.len());
    let (number, unit) = trimmed.split_at(split);
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => 0,
    };
    let value: f64 = number.parse().unwrap_or(-1.0);
    if factor == 0 || value <= 0.0 {
        return Err(CliError::Usage(format!(
            "--max-file-size {text:?}: a size is a positive number of bytes, or with KB, MB or GB"
        )));
    }
    Ok((value * factor as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_units() {
        assert_eq!(parse_size("1000").unwrap(), 1000);
        assert_eq!(parse_size("5MB").unwrap(), 5 * 1024 * 1024);
        assert_eq!(parse_size("1.5 kb").unwrap(), 1536);
        assert!(parse_size("0").is_err());
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5TB").is_err());
    }
}
