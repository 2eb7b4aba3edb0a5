//! One entry point for every format: recognise a file by its content and load it, or save a site
//! in a chosen format.

use crate::format::Format;
#[cfg(feature = "ghost")]
use crate::ghost;
use crate::import::{ImportError, ImportOptions, Imported, InputFile, ProgressCallback};
use crate::json;
#[cfg(feature = "jsonl")]
use crate::jsonl;
#[cfg(feature = "wxr")]
use crate::wxr;
use broadsheet_core::{Location, PostKind, Report, Site};
use std::fs::File;
use std::io::Read;
use std::path::Path;

impl Format {
    /// Recognises a format from the first bytes of a file (64 KiB are plenty), or says why not.
    pub fn detect(head: &[u8]) -> Result<Format, String> {
        if head.starts_with(b"SQLite format 3\0") {
            return Ok(Format::Store);
        }
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
                "not a supported format: expected WXR (XML), a Ghost JSON export, Broadsheet JSON, JSON Lines or a Broadsheet store, but the file starts with {start:?}"
            ));
        }
        let first_line = text.lines().next().unwrap_or_default();
        if let Ok(serde_json::Value::Object(header)) = serde_json::from_str(first_line)
            && header.get("format").and_then(|f| f.as_str()) == Some(json::JSONL_FORMAT)
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

    /// An [`ImportError::UnknownFormat`] naming the feature when the format is left out of
    /// this build.
    pub(crate) fn check_enabled(self) -> Result<(), ImportError> {
        match self.feature() {
            Some(feature) if !self.is_enabled() => Err(ImportError::UnknownFormat(format!(
                "{self} support is not built into this library (Cargo feature `{feature}` of broadsheet-formats)"
            ))),
            _ => Ok(()),
        }
    }
}

/// Loads a file in any format Broadsheet reads: the one `options.format` names, or the one
/// its first bytes show.
///
/// `options` apply whatever the format: strict or lenient, kinds to keep, size limit,
/// [`Limits`](crate::Limits) (reaching one is [`ImportError::LimitExceeded`]) and progress
/// (which can cancel). Unreadable files are [`ImportError::Io`]; files in no
/// supported format are [`ImportError::UnknownFormat`], naming the file and saying what was
/// found.
///
/// A gzip-compressed file (`export.xml.gz`) is read through; a zip archive (WordPress.com's
/// export download) is read as one site made of every file in it ([`crate::merge`]).
/// `options.addresses` override the site URL and permalink structure the file gives.
pub fn load(path: impl AsRef<Path>, options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    let addresses = options.addresses.clone();
    let mut imported = load_file(path.as_ref(), options)?;
    imported.site.override_addresses(&addresses);
    Ok(imported)
}

fn load_file(path: &Path, options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    if let Some(packed) = crate::packed::Packing::of_file(path)? {
        return load_packed(path, packed, options);
    }
    let name = path.display().to_string();
    let format = if let Some(format) = options.format {
        format
    } else {
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
        Format::detect(&head).map_err(|why| ImportError::UnknownFormat(format!("{name}: {why}")))?
    };
    format.check_enabled()?;
    let limits = options.limits;
    let imported = match format {
        #[cfg(feature = "wxr")]
        Format::Wxr => wxr::import_file(path, options),
        #[cfg(feature = "ghost")]
        Format::Ghost => ghost::import_file(path, options),
        #[cfg(feature = "store")]
        Format::Store => crate::store::read(path, options),
        _ => {
            // The native readers parse bytes; this checks the file and learns its size.
            let mut input = InputFile::open(path, options.max_bytes)?;
            let mut options = options;
            let bytes = crate::import::read_with_progress(
                &mut input.file,
                Some(input.size),
                None,
                &mut options.progress,
                Some(&input.name),
            )?
            .map_err(|source| input.io_error(source))?;
            load_native(&bytes, Some(&input.name), format, options)
        }
    }?;
    crate::import::check_limits(&imported.site, &limits, Some(&name))?;
    Ok(imported)
}

/// Loads a document held in memory, in the format `options.format` names or the one its first
/// bytes show (see [`load`]). Locations in errors and reports name no file.
///
/// Gzip and zip input is read through as [`load`] reads it.
pub fn load_bytes(bytes: &[u8], options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    let addresses = options.addresses.clone();
    let mut imported = match crate::packed::Packing::of_bytes(bytes) {
        Some(packed) => load_packed_bytes(bytes, None, packed, options)?,
        None => load_plain_bytes(bytes, options)?,
    };
    imported.site.override_addresses(&addresses);
    Ok(imported)
}

/// [`load_bytes`] for bytes that are not compressed, without the address overrides.
pub(crate) fn load_plain_bytes(
    bytes: &[u8],
    options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    if let Some(limit) = options.max_bytes
        && bytes.len() as u64 > limit
    {
        return Err(ImportError::TooLarge {
            file: None,
            size: bytes.len() as u64,
            limit,
        });
    }
    let format = match options.format {
        Some(format) => format,
        None => Format::detect(&bytes[..bytes.len().min(64 * 1024)])
            .map_err(ImportError::UnknownFormat)?,
    };
    format.check_enabled()?;
    let limits = options.limits;
    let imported = match format {
        #[cfg(feature = "wxr")]
        Format::Wxr => wxr::import_reader(bytes, options),
        #[cfg(feature = "ghost")]
        Format::Ghost => {
            let text = std::str::from_utf8(bytes).map_err(|error| ImportError::Syntax {
                location: Location::default(),
                message: format!("not UTF-8 (invalid byte at offset {})", error.valid_up_to()),
            })?;
            ghost::import_str(text, options)
        }
        #[cfg(feature = "store")]
        Format::Store => crate::store::read_bytes(bytes, options),
        _ => load_native(bytes, None, format, options),
    }?;
    crate::import::check_limits(&imported.site, &limits, None)?;
    Ok(imported)
}

/// Loads a document from a reader (read to its end, but never past `options.max_bytes`), like
/// [`load_bytes`].
///
/// The progress callback hears the bytes read so far as they arrive (the total is unknown).
pub fn load_reader(reader: impl Read, options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    let io_error = |source| ImportError::Io {
        path: "(input)".into(),
        source,
    };
    let mut options = options;
    let mut reader = reader;
    let bytes = crate::import::read_with_progress(
        &mut reader,
        None,
        options.max_bytes,
        &mut options.progress,
        None,
    )?
    .map_err(io_error)?;
    load_bytes(&bytes, options)
}

fn load_native(
    bytes: &[u8],
    file: Option<&str>,
    format: Format,
    mut options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    let size = bytes.len() as u64;
    crate::import::report_progress(options.progress.as_mut(), 0, Some(size), file)?;
    crate::import::report_phase(options.phase.as_ref(), crate::ImportPhase::Parsing);
    let named = |error: json::JsonError| match file {
        Some(file) => error.with_file(file),
        None => error,
    };
    let (site, source_format) = match format {
        #[cfg(feature = "jsonl")]
        Format::JsonLines => (
            jsonl::read(bytes).map_err(named)?,
            crate::SourceFormat {
                family: jsonl::FORMAT.into(),
                version: json::VERSION.to_string(),
            },
        ),
        _ => (
            json::from_slice(bytes).map_err(named)?,
            json::source_format(),
        ),
    };
    crate::import::report_progress(options.progress.as_mut(), size, Some(size), file)?;
    let mut report = Report::new();
    let site = keep_kinds(site, options.kinds.as_deref(), &mut report, file);
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
fn keep_kinds(
    mut site: Site,
    kinds: Option<&[PostKind]>,
    report: &mut Report,
    file: Option<&str>,
) -> Site {
    let Some(kinds) = kinds else { return site };
    let before = site.posts.len();
    site.posts.retain(|post| kinds.contains(&post.kind));
    let left_out = before - site.posts.len();
    if left_out > 0 {
        let kept: std::collections::HashSet<_> = site.posts.iter().map(|p| p.id).collect();
        let comments_before = site.comments.len();
        site.comments.retain(|comment| kept.contains(&comment.post));
        report.push(
            &crate::codes::IMPORT_KIND_SKIPPED,
            "posts",
            format!(
                "{left_out} item(s) of other kinds and {} comment(s) on them were left out, as the import options asked",
                comments_before - site.comments.len()
            ),
        );
        if let Some(issue) = report.issues.last_mut() {
            issue.location = Some(Location {
                file: file.map(str::to_owned),
                ..Location::default()
            });
        }
    }
    site
}

/// Reads a packed file: the bytes are unpacked in memory (never more than
/// `options.max_bytes` of them) and loaded as [`load_bytes`] loads them.
fn load_packed(
    path: &Path,
    packing: crate::packed::Packing,
    options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    let bytes = crate::packed::read_file(path)?;
    load_packed_bytes(&bytes, Some(&path.display().to_string()), packing, options)
}

/// Unpacks `bytes` and loads what they hold (a zip's files as one site); `name` names the
/// input in errors.
fn load_packed_bytes(
    bytes: &[u8],
    name: Option<&str>,
    packing: crate::packed::Packing,
    options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    match crate::packed::unpack(bytes, name, packing, options.max_bytes)? {
        crate::packed::Unpacked::One(inner) => load_plain_bytes(&inner, options),
        crate::packed::Unpacked::Files(parts) => load_parts(parts, options),
    }
}

/// Loads several files as one site (see the module's description); each may be in any format
/// [`crate::load()`] reads, gzip-compressed or zipped. `options.addresses` apply to the
/// joined site. Locations in the report name the file they come from.
pub fn load_many<P: AsRef<Path>>(
    paths: &[P],
    mut options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    let addresses = std::mem::take(&mut options.addresses);
    let mut parts = Vec::with_capacity(paths.len());
    for path in paths {
        let part_options = part_options(&mut options);
        parts.push(crate::merge::Part {
            imported: load(path.as_ref(), part_options)?,
            name: Some(path.as_ref().display().to_string()),
        });
    }
    let mut imported = crate::merge::merge(parts)
        .ok_or_else(|| ImportError::UnknownFormat("no input file was given".to_owned()))?;
    imported.site.override_addresses(&addresses);
    Ok(imported)
}

/// Loads named in-memory parts (the files of a zip archive) as one site.
pub(crate) fn load_parts(
    parts: Vec<(String, Vec<u8>)>,
    mut options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    let mut loaded = Vec::with_capacity(parts.len());
    for (name, bytes) in parts {
        let part_options = part_options(&mut options);
        let mut imported = load_plain_bytes(&bytes, part_options).map_err(|error| match error {
            ImportError::Syntax { location, message } => ImportError::Syntax {
                location,
                message: format!("{name}: {message}"),
            },
            ImportError::UnknownFormat(why) => ImportError::UnknownFormat(format!("{name}: {why}")),
            other => other,
        })?;
        for issue in &mut imported.report.issues {
            if issue.location.as_ref().is_none_or(|l| l.file.is_none()) {
                let mut location = issue.location.clone().unwrap_or_default();
                location.file = Some(name.clone());
                issue.location = Some(location);
            }
        }
        loaded.push(crate::merge::Part {
            imported,
            name: Some(name),
        });
    }
    crate::merge::merge(loaded)
        .ok_or_else(|| ImportError::UnknownFormat("the input holds no file".to_owned()))
}

/// The options for one part: the same mode, kinds, limits and slugs; progress goes to the
/// caller's callback; addresses are applied once, to the joined site.
fn part_options<'b>(options: &'b mut ImportOptions<'_>) -> ImportOptions<'b> {
    let progress: Option<ProgressCallback<'b>> = match options.progress.as_mut() {
        Some(callback) => Some(Box::new(callback)),
        None => None,
    };
    ImportOptions {
        mode: options.mode,
        kinds: options.kinds.clone(),
        max_bytes: options.max_bytes,
        limits: options.limits,
        progress,
        phase: options.phase.clone(),
        author_slugs: options.author_slugs,
        format: options.format,
        addresses: Default::default(),
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
