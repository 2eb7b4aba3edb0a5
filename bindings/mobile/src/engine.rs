//! Small adapters over today's engine API, each marked `ENGINE(#8)`: when the engine issue's
//! calls land (see /work/notes/ENGINE-API.md), each body becomes one call into the engine.

use crate::error::{BroadsheetError, Result};
use broadsheet::formats::{self, Format, ImportOptions};
use broadsheet::{Archive, BuildMode, PostKind, Report, Snapshot, ValidationOptions};
use std::io::Write;
use std::path::Path;

/// An opened archive and what opening it found.
pub(crate) struct Opened {
    /// The archive.
    pub archive: Archive,
    /// Issues found while importing (recoveries, kinds left out).
    pub import_report: Report,
    /// Issues found while building (validation).
    pub build_report: Report,
    /// The source format (`wxr-1.2`).
    pub format: String,
}

/// How to open an input.
pub(crate) struct OpenSettings {
    /// A forced format; detected when none.
    pub format: Option<Format>,
    /// Strict or lenient.
    pub mode: BuildMode,
    /// Kinds to keep (all when none).
    pub kinds: Option<Vec<PostKind>>,
    /// Size limit in bytes.
    pub max_bytes: Option<u64>,
}

/// Parses a format name (`wxr`, `ghost`, `json`, `jsonl`).
// ENGINE(#8): replace with `Format::from_str`.
pub(crate) fn parse_format(name: &str) -> Result<Format> {
    Format::ALL
        .into_iter()
        .find(|format| format.name() == name)
        .ok_or_else(|| BroadsheetError::UnknownFormat {
            reason: format!("unknown format {name:?} (wxr, ghost, json or jsonl)"),
        })
}

/// Opens a file.
// ENGINE(#8): replace with `formats::open_path(path, options)`.
pub(crate) fn open_path(path: &Path, settings: OpenSettings) -> Result<Opened> {
    let mode = settings.mode;
    let options = ImportOptions {
        mode,
        kinds: settings.kinds,
        max_bytes: settings.max_bytes,
        progress: None,
    };
    let imported = match settings.format {
        None => formats::load(path, options)?,
        Some(Format::Wxr) => formats::wxr::import_file(path, options)?,
        Some(Format::Ghost) => formats::ghost::import_file(path, options)?,
        Some(native) => {
            let imported = formats::load(path, options)?;
            let family = match native {
                Format::JsonLines => "broadsheet-jsonl",
                _ => "broadsheet-json",
            };
            if imported.format.family != family {
                return Err(BroadsheetError::UnknownFormat {
                    reason: format!(
                        "{}: asked to read {}, but the file is {}",
                        path.display(),
                        native.name(),
                        imported.format
                    ),
                });
            }
            imported
        }
    };
    let (archive, build_report) =
        Archive::build(imported.site, mode, &ValidationOptions::default())?;
    Ok(Opened {
        archive,
        import_report: imported.report,
        build_report,
        format: imported.format.to_string(),
    })
}

/// Opens bytes.
// ENGINE(#8): replace with `formats::open_bytes(bytes, options)`; until then the bytes go
// through a temporary file so that every format and the detection are the file path's.
pub(crate) fn open_bytes(bytes: &[u8], settings: OpenSettings) -> Result<Opened> {
    if let Some(limit) = settings.max_bytes
        && bytes.len() as u64 > limit
    {
        return Err(BroadsheetError::TooLarge {
            file: None,
            size: bytes.len() as u64,
            limit,
        });
    }
    let mut file = tempfile::NamedTempFile::new().map_err(|e| BroadsheetError::Io {
        path: "temporary file".into(),
        reason: e.to_string(),
    })?;
    file.write_all(bytes)
        .and_then(|()| file.flush())
        .map_err(|e| BroadsheetError::Io {
            path: file.path().display().to_string(),
            reason: e.to_string(),
        })?;
    let name = file.path().display().to_string();
    open_path(file.path(), settings).map_err(|error| forget_file(error, &name))
}

/// Removes a temporary file's name from an error about bytes.
fn forget_file(error: BroadsheetError, name: &str) -> BroadsheetError {
    let clean = |text: String| {
        text.replace(&format!("{name}: "), "")
            .replace(name, "input")
    };
    match error {
        BroadsheetError::Syntax {
            reason,
            file,
            line,
            column,
            json_path,
        } => BroadsheetError::Syntax {
            reason: clean(reason),
            file: file.filter(|f| f != name),
            line,
            column,
            json_path,
        },
        BroadsheetError::UnknownFormat { reason } => BroadsheetError::UnknownFormat {
            reason: clean(reason),
        },
        BroadsheetError::Invalid { reason, issues } => BroadsheetError::Invalid {
            reason: clean(reason),
            issues: issues
                .into_iter()
                .map(|mut issue| {
                    issue.file = issue.file.filter(|f| f != name);
                    issue
                })
                .collect(),
        },
        other => other,
    }
}

/// Saves a snapshot.
// ENGINE(#8): replace with `formats::save_snapshot(snapshot, path, format)` (no copy).
pub(crate) fn save(snapshot: &Snapshot, path: &Path, format: Format) -> Result<()> {
    formats::save(&snapshot.to_site(), path, format).map_err(|e| BroadsheetError::Export {
        reason: e.to_string(),
    })
}

/// Exports a snapshot as bytes.
// ENGINE(#8): replace with `formats::to_bytes(snapshot, format)` (no copy, no file).
pub(crate) fn to_bytes(snapshot: &Snapshot, format: Format) -> Result<Vec<u8>> {
    let dir = tempfile::tempdir().map_err(|e| BroadsheetError::Export {
        reason: e.to_string(),
    })?;
    let path = dir.path().join(format!("export.{}", format.name()));
    save(snapshot, &path, format)?;
    std::fs::read(&path).map_err(|e| BroadsheetError::Export {
        reason: e.to_string(),
    })
}

/// Validates a snapshot.
// ENGINE(#8): replace with validation over the snapshot (no copy).
pub(crate) fn validate(snapshot: &Snapshot) -> Report {
    broadsheet::validate(&snapshot.to_site(), &ValidationOptions::default())
}

/// A feed of a query's posts.
// ENGINE(#8): replace with the feed calls over a snapshot (no copy).
pub(crate) fn feed(
    snapshot: &Snapshot,
    query: &broadsheet::Query,
    format: formats::feed::FeedFormat,
    content: formats::feed::FeedContent,
) -> Result<String> {
    use formats::feed::{FeedChannel, query_items, render_feed};
    let site = snapshot.to_site();
    let items = query_items(&site, snapshot, query, content)?;
    let channel = FeedChannel::for_site(&site, format).with_updated_from(&items);
    Ok(render_feed(format, &channel, &items))
}

/// The statistics of `broadsheet stats`.
// ENGINE(#8): replace with `formats::Stats::compute(snapshot, reports, format)`; this copies
// the command's computation until the library has it.
pub(crate) fn stats(
    snapshot: &Snapshot,
    import_report: &Report,
    format: &str,
) -> crate::records::Stats {
    use crate::records::{KindStatusCount, NamedCount, Stats};
    use broadsheet::CommentStatus;
    use std::collections::{HashMap, HashSet};
    let site = snapshot.to_site();
    let counts = formats::ImportCounts::of(&site);
    let mut report = import_report.clone();
    report.extend(broadsheet::validate(&site, &ValidationOptions::default()));
    let parents: HashMap<_, _> = site.comments.iter().map(|c| (c.id, c.parent)).collect();
    let mut deepest = 0u64;
    for comment in &site.comments {
        let mut depth = 1u64;
        let mut seen = HashSet::from([comment.id]);
        let mut current = comment.parent;
        while let Some(parent) = current {
            if !parents.contains_key(&parent) || !seen.insert(parent) {
                break;
            }
            depth += 1;
            current = parents[&parent];
        }
        deepest = deepest.max(depth);
    }
    Stats {
        format: format.to_owned(),
        items: counts
            .posts
            .iter()
            .flat_map(|(kind, statuses)| {
                statuses.iter().map(move |(status, count)| KindStatusCount {
                    kind: kind.clone(),
                    status: status.clone(),
                    count: *count as u64,
                })
            })
            .collect(),
        authors: site.authors.len() as u64,
        terms: counts
            .terms
            .iter()
            .map(|(name, count)| NamedCount {
                name: name.clone(),
                count: *count as u64,
            })
            .collect(),
        comments: site.comments.len() as u64,
        comments_by_status: [
            CommentStatus::Approved,
            CommentStatus::Pending,
            CommentStatus::Spam,
            CommentStatus::Trash,
        ]
        .into_iter()
        .map(|status| NamedCount {
            name: status.as_str().to_owned(),
            count: counts
                .comments_by_status
                .get(status.as_str())
                .copied()
                .unwrap_or(0) as u64,
        })
        .collect(),
        max_comment_depth: deepest,
        sticky: site.posts.iter().filter(|p| p.sticky).count() as u64,
        warnings: report.warnings().count() as u64,
        errors: report.errors().count() as u64,
    }
}

/// Replaces the site settings: a new archive built from the current one with new settings.
// ENGINE(#8): replace with the settings edit (`archive.edit(|e| e.set_settings(..))`).
pub(crate) fn with_settings(
    snapshot: &Snapshot,
    settings: crate::records::SiteSettings,
) -> Result<Archive> {
    let mut site = snapshot.to_site();
    settings.apply(&mut site)?;
    Ok(Archive::from_snapshot(Snapshot::from_site(site)))
}

/// Inserts or replaces a media item, refusing a duplicate on insert and an unknown id on update.
// ENGINE(#8): replace with `Editor::insert_media` / `update_media`.
pub(crate) fn edit_media(archive: &Archive, media: broadsheet::Media, insert: bool) -> Result<()> {
    use broadsheet::archive::{EditError, EntityKind};
    archive
        .edit(|editor| {
            let exists = editor.snapshot().media_item(media.id).is_some();
            let id = media.id.0;
            match (insert, exists) {
                (true, true) => Err(EditError::Duplicate {
                    kind: EntityKind::Media,
                    id,
                }),
                (false, false) => Err(EditError::NotFound {
                    kind: EntityKind::Media,
                    id,
                }),
                _ => {
                    editor.upsert_media(media);
                    Ok(())
                }
            }
        })
        .map_err(BroadsheetError::from)
}
