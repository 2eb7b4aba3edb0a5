//! One entry point for every format: recognise a file by its content and load it, or save a site
//! in a chosen format.

use crate::import::{ImportError, ImportOptions, Imported, InputFile};
use crate::{ghost, json, jsonl, wxr};
use broadsheet_core::{Location, PostKind, Report, Site};
use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;

/// The formats Broadsheet reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// WordPress eXtended RSS (WXR) 1.0 to 1.2.
    Wxr,
    /// A Ghost JSON export.
    Ghost,
    /// Broadsheet's native JSON.
    Json,
    /// Broadsheet's native JSON Lines.
    JsonLines,
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 4] = [Format::Wxr, Format::Ghost, Format::Json, Format::JsonLines];

    /// The short name (`wxr`, `ghost`, `json`, `jsonl`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Wxr => "wxr",
            Format::Ghost => "ghost",
            Format::Json => "json",
            Format::JsonLines => "jsonl",
        }
    }

    /// The format a file name asks for: `.xml`/`.wxr` WXR, `.ghost.json` Ghost, `.json` native
    /// JSON, `.jsonl`/`.ndjson` JSON Lines.
    pub fn from_extension(path: &Path) -> Option<Format> {
        let name = path.file_name()?.to_str()?.to_ascii_lowercase();
        if name.ends_with(".ghost.json") {
            Some(Format::Ghost)
        } else if name.ends_with(".xml") || name.ends_with(".wxr") {
            Some(Format::Wxr)
        } else if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
            Some(Format::JsonLines)
        } else if name.ends_with(".json") {
            Some(Format::Json)
        } else {
            None
        }
    }

    /// Recognises a format from the first bytes of a file (64 KiB are plenty), or says why not.
    pub fn detect(head: &[u8]) -> Result<Format, String> {
        let text = String::from_utf8_lossy(head);
        let text = text.trim_start_matches('\u{feff}').trim_start();
        if text.is_empty() {
            return Err("the file is empty".into());
        }
        if text.starts_with('<') {
            if text.contains("<rss") || text.contains("wordpress.org/export") {
                return Ok(Format::Wxr);
            }
            return Err(
                "XML, but not a WordPress export (no <rss> element in its first 64 KiB)".into(),
            );
        }
        if !text.starts_with('{') {
            let start: String = text.chars().take(20).collect();
            return Err(format!(
                "not a supported format: expected WXR (XML), a Ghost JSON export, Broadsheet JSON or JSON Lines, but the file starts with {start:?}"
            ));
        }
        let first_line = text.lines().next().unwrap_or_default();
        if let Ok(serde_json::Value::Object(header)) = serde_json::from_str(first_line)
            && header.get("format").and_then(|f| f.as_str()) == Some(jsonl::FORMAT)
        {
            return Ok(Format::JsonLines);
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        if compact.contains(&format!("\"format\":\"{}\"", json::FORMAT)) {
            return Ok(Format::Json);
        }
        if compact.starts_with("{\"db\":")
            || compact.contains("\"db\":[")
            || (compact.contains("\"meta\":") && compact.contains("\"data\":"))
        {
            return Ok(Format::Ghost);
        }
        Err("JSON, but neither Broadsheet JSON (\"format\": \"broadsheet\"), Broadsheet JSON Lines, nor a Ghost export (\"db\" or \"meta\" and \"data\")".into())
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Loads a file in any format Broadsheet reads, recognised by its content.
///
/// `options` apply whatever the format: strict or lenient, kinds to keep, size limit and
/// progress. Unreadable files are [`ImportError::Io`]; files in no supported format are
/// [`ImportError::UnknownFormat`], naming the file and saying what was found.
pub fn load(path: impl AsRef<Path>, options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let io_error = |source| ImportError::Io {
        path: name.clone(),
        source,
    };
    let mut head = Vec::with_capacity(64 * 1024);
    File::open(path)
        .map_err(io_error)?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(io_error)?;
    let format = Format::detect(&head)
        .map_err(|why| ImportError::UnknownFormat(format!("{name}: {why}")))?;
    match format {
        Format::Wxr => wxr::import_file(path, options),
        Format::Ghost => ghost::import_file(path, options),
        Format::Json | Format::JsonLines => load_native(path, format, options),
    }
}

fn load_native(
    path: &Path,
    format: Format,
    mut options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    // The native readers open the file themselves; this checks it and learns its size.
    let InputFile { name, size, .. } = InputFile::open(path, options.max_bytes)?;
    if let Some(progress) = options.progress.as_mut() {
        progress(0, Some(size));
    }
    let (site, source_format) = match format {
        Format::JsonLines => (
            jsonl::load(path)?,
            crate::SourceFormat {
                family: jsonl::FORMAT.into(),
                version: json::VERSION.to_string(),
            },
        ),
        _ => (json::load(path)?, json::source_format()),
    };
    if let Some(progress) = options.progress.as_mut() {
        progress(size, Some(size));
    }
    let mut report = Report::new();
    let site = keep_kinds(site, options.kinds.as_deref(), &mut report, &name);
    if options.mode == broadsheet_core::BuildMode::Strict {
        let validation =
            broadsheet_core::validate(&site, &broadsheet_core::ValidationOptions::default());
        if validation.has_errors() {
            report.extend(validation);
            return Err(ImportError::Invalid { report });
        }
    }
    Ok(Imported {
        site,
        report,
        format: source_format,
    })
}

/// Keeps only posts of `kinds` (and the comments on them); what is left out is reported.
fn keep_kinds(mut site: Site, kinds: Option<&[PostKind]>, report: &mut Report, file: &str) -> Site {
    let Some(kinds) = kinds else { return site };
    let before = site.posts.len();
    site.posts.retain(|post| kinds.contains(&post.kind));
    let left_out = before - site.posts.len();
    if left_out > 0 {
        let kept: std::collections::HashSet<_> = site.posts.iter().map(|p| p.id).collect();
        let comments_before = site.comments.len();
        site.comments.retain(|comment| kept.contains(&comment.post));
        report.warning(
            "import.kind.skipped",
            "posts",
            format!(
                "{left_out} item(s) of other kinds and {} comment(s) on them were left out, as the import options asked",
                comments_before - site.comments.len()
            ),
        );
        if let Some(issue) = report.issues.last_mut() {
            issue.location = Some(Location {
                file: Some(file.to_owned()),
                ..Location::default()
            });
        }
    }
    site
}

/// Saves a site in `format`, atomically (a temporary file in the same directory, then a rename),
/// so that a failed save never leaves a half-written file. Errors start with the file's name
/// (`out/site.json: No such file or directory ...`).
pub fn save(site: &Site, path: impl AsRef<Path>, format: Format) -> io::Result<()> {
    let path = path.as_ref();
    let to_io = |error: json::JsonError| io::Error::other(error.to_string());
    match format {
        Format::Json => json::save(path, site).map_err(to_io),
        Format::JsonLines => jsonl::save(path, site).map_err(to_io),
        Format::Wxr => json::write_atomically(path, |file| {
            let mut out = io::BufWriter::new(file);
            wxr::export(site, &mut out)
                .and_then(|()| out.flush())
                .map_err(json::JsonError::io)
        })
        .map_err(to_io),
        Format::Ghost => json::write_atomically(path, |file| {
            file.write_all(ghost::export_string(site).as_bytes())
                .map_err(json::JsonError::io)
        })
        .map_err(to_io),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format_from_its_start() {
        let cases: [(&str, Format); 5] = [
            (
                "<?xml version=\"1.0\"?>\n<rss version=\"2.0\" xmlns:wp=\"http://wordpress.org/export/1.2/\">",
                Format::Wxr,
            ),
            ("\u{feff}  {\"db\":[{\"meta\":{}}]}", Format::Ghost),
            (
                "{\"meta\": {\"version\": \"003\"}, \"data\": {}}",
                Format::Ghost,
            ),
            (
                "{\n  \"format\": \"broadsheet\",\n  \"version\": 1",
                Format::Json,
            ),
            (
                "{\"format\":\"broadsheet-jsonl\",\"version\":1,\"site\":{}}\n{\"type\":\"post\"}",
                Format::JsonLines,
            ),
        ];
        for (head, expected) in cases {
            assert_eq!(Format::detect(head.as_bytes()), Ok(expected), "{head:?}");
        }
    }

    #[test]
    fn refuses_other_content_saying_what_it_found() {
        assert!(Format::detect(b"").unwrap_err().contains("empty"));
        assert!(
            Format::detect(b"<html><body>")
                .unwrap_err()
                .contains("not a WordPress export")
        );
        assert!(
            Format::detect(b"{\"name\": 1}")
                .unwrap_err()
                .contains("neither")
        );
        assert!(
            Format::detect(b"title,date\n")
                .unwrap_err()
                .contains("starts with \"title,date")
        );
    }

    #[test]
    fn extensions_name_formats() {
        assert_eq!(
            Format::from_extension(Path::new("a/b.ghost.json")),
            Some(Format::Ghost)
        );
        assert_eq!(
            Format::from_extension(Path::new("b.JSON")),
            Some(Format::Json)
        );
        assert_eq!(
            Format::from_extension(Path::new("b.ndjson")),
            Some(Format::JsonLines)
        );
        assert_eq!(
            Format::from_extension(Path::new("export.xml")),
            Some(Format::Wxr)
        );
        assert_eq!(Format::from_extension(Path::new("notes.txt")), None);
    }
}
