//! `broadsheet tables`: the archives' tables as one Hive-partitioned Parquet dataset.

use crate::error::CliError;
use crate::loaded;
use broadsheet_arrow::{TableOptions, write_dataset};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs the command: one site per file, named after the file; the parts of a split export
/// (`site.000.xml`, `site.001.xml`: `broadsheet_formats::convert::part_of`) are one site,
/// named after the whole (`site`).
pub fn run(
    files: &[std::path::PathBuf],
    out: &Path,
    mode: Option<u32>,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    // Every name is checked before anything is written.
    let mut sites: Vec<(String, Option<PathBuf>, Vec<PathBuf>)> = Vec::with_capacity(files.len());
    for file in files {
        let whole = broadsheet::formats::convert::part_of(file).map(|(whole, _)| whole);
        let site = site_name(whole.as_deref().unwrap_or(file))?;
        match sites.iter_mut().find(|(name, _, _)| *name == site) {
            Some((_, Some(same), parts)) if whole.as_ref() == Some(same) => {
                parts.push(file.clone());
            }
            Some(_) => {
                return Err(CliError::Usage(format!(
                    "{}: another file is also site {site:?}; rename one (sites are named after their files)",
                    file.display()
                )));
            }
            None => sites.push((site, whole, vec![file.clone()])),
        }
    }
    for (site, _, parts) in sites {
        let loaded = loaded::load(&parts, quiet)?;
        let written = write_dataset(&loaded.snapshot, out, &site, &TableOptions::default())
            .map_err(|error| CliError::Output(format!("cannot write the dataset: {error}")))?;
        for path in &written {
            crate::files::apply_mode(path, mode)?;
        }
        if !quiet {
            super::note(format_args!(
                "{}: site {site:?}, {} tables written under {}",
                crate::input::names(&parts),
                written.len(),
                out.display()
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The site name of a file: its name without the format's extensions (`blog.ghost.json` ->
/// `blog`), which must be a valid partition value (letters, digits, `.`, `_`, `-`).
fn site_name(file: &Path) -> Result<String, CliError> {
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_ascii_lowercase();
    let stem_len = [".ghost.json", ".jsonl", ".ndjson", ".json", ".xml", ".wxr"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map_or(name.len(), |ext| name.len() - ext.len());
    let site = name[..stem_len].to_owned();
    broadsheet_arrow::check_site_name(&site).map_err(|error| {
        CliError::Usage(format!(
            "{}: {error} (sites are named after their files: rename the file)",
            file.display()
        ))
    })?;
    Ok(site)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sites_are_named_after_their_files() {
        for (file, site) in [
            ("a/wlp-kyrgyzstan.json", "wlp-kyrgyzstan"),
            ("blog.ghost.json", "blog"),
            ("export.2024.XML", "export.2024"),
            ("site.jsonl", "site"),
        ] {
            assert_eq!(site_name(Path::new(file)).unwrap(), site, "{file}");
        }
        assert!(site_name(Path::new("my blog.xml")).is_err());
        assert!(site_name(Path::new("-")).is_ok());
    }
}
