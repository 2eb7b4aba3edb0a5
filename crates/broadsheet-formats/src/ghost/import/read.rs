//! Parsing the export (with progress and located syntax errors) and the order of the passes.

use super::{Importer, Object};
use crate::codes;
use crate::ghost::keys::{self};
use crate::import::{ImportError, ImportOptions, Imported, ProgressCallback, SourceFormat};
use broadsheet_core::{BuildMode, Location, Site, SiteTimeZone};
use serde_json::Value;
use std::io::{self, BufReader, Read};

/// Tables the importer reads; any other non-empty table is reported as ignored.
pub(super) const KNOWN_TABLES: &[&str] = &[
    "posts",
    "tags",
    "users",
    "posts_tags",
    "posts_authors",
    "posts_meta",
    "settings",
    "roles",
    "roles_users",
];

/// How often (in bytes) the progress callback hears about parsing.
pub(super) const PROGRESS_STEP: u64 = 64 * 1024;

pub(crate) fn run(
    text: &str,
    mut options: ImportOptions<'_>,
    file: Option<&str>,
) -> Result<Imported, ImportError> {
    let total = text.len() as u64;
    if let Some(limit) = options.max_bytes
        && total > limit
    {
        return Err(ImportError::TooLarge {
            file: file.map(str::to_owned),
            size: total,
            limit,
        });
    }
    // A byte-order mark (files saved by some Windows editors) is not JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = parse(text, options.progress.as_mut(), file)?;
    let Value::Object(top) = &value else {
        return Err(ImportError::UnknownFormat(
            "not a Ghost export: the top level is not a JSON object".into(),
        ));
    };
    let (root, base) = if let Some(db) = top.get("db") {
        let Some(Value::Object(first)) = db.as_array().and_then(|list| list.first()) else {
            return Err(syntax(
                file,
                "db",
                "expected `db` to be a non-empty array of export objects",
            ));
        };
        (first, "db[0]")
    } else if top.contains_key("data") {
        (top, "")
    } else {
        return Err(ImportError::UnknownFormat(
            "not a Ghost export: the top level has neither `db` (Ghost 1.x and later) nor `data` (legacy 003)"
                .into(),
        ));
    };
    let join = |field: &str| {
        if base.is_empty() {
            field.to_owned()
        } else {
            format!("{base}.{field}")
        }
    };
    let Some(Value::Object(data)) = root.get("data") else {
        return Err(syntax(
            file,
            &join("data"),
            "expected an object `data` holding the export's tables",
        ));
    };
    let mut importer = Importer {
        report: crate::import::IssueLog::new(options.limits.max_issues_per_code),
        file: file.map(str::to_owned),
        zone: SiteTimeZone::utc(),
        base: join("data"),
        secrets: 0,
    };
    if let Some(Value::Array(list)) = top.get("db")
        && list.len() > 1
    {
        importer.push(
            &codes::GHOST_DB_EXTRA,
            "site",
            "db".into(),
            format!("`db` holds {} exports; only the first is read", list.len()),
        );
    }
    let meta = root.get("meta").and_then(Value::as_object);
    let version = match meta.and_then(|meta| meta.get("version")) {
        Some(Value::String(version)) if !version.is_empty() => version.clone(),
        Some(Value::Number(version)) => version.to_string(),
        _ => {
            importer.push(
                &codes::GHOST_VERSION_MISSING,
                "site",
                join("meta.version"),
                "the export has no `meta.version`".into(),
            );
            "unknown".into()
        }
    };

    let mut site = Site::new("");
    importer.settings(data, &mut site);
    let roles = importer.roles(data);
    let users = importer.users(data, &mut site, &roles);
    let (tags, duplicates) = importer.tags(data, &mut site);
    let posts = importer.posts(data, &mut site, &options);
    importer.posts_meta(data, &mut site, &posts);
    let extras = posts.extras;
    for (index, extra) in extras.iter().enumerate() {
        site.posts[index]
            .meta
            .0
            .extend(extra.ext_meta.0.iter().cloned());
        if let Some(parent) = &extra.parent {
            match posts.by_id.get(parent) {
                Some(&found) => site.posts[index].parent = Some(site.posts[found].id),
                None => importer.push(
                    &codes::GHOST_POST_PARENT_MISSING,
                    format!("posts[{index}].parent"),
                    format!("{}.broadsheet.parent", extra.json_path),
                    format!("{}: parent {parent:?} names no post", extra.what),
                ),
            }
        }
    }
    importer.posts_authors(
        data,
        &mut site,
        &posts.by_id,
        &posts.skipped_ids,
        &extras,
        &users,
    );
    let repointed = importer.posts_tags(data, &mut site, &posts.by_id, &posts.skipped_ids, &tags);
    for duplicate in duplicates {
        let links = repointed.get(&duplicate.ghost_id).copied().unwrap_or(0);
        importer.push(
            &codes::GHOST_TAG_DUPLICATE,
            duplicate.site_path,
            duplicate.json_path,
            format!("{}; {links} link(s) re-pointed", duplicate.message),
        );
    }
    for (kind, count) in &posts.skipped {
        importer.push(
            &codes::GHOST_KIND_SKIPPED,
            "posts",
            join("data.posts"),
            format!("{count} item(s) of kind {kind} left out by the kinds option"),
        );
    }
    importer.ignored_tables(data);
    if importer.secrets > 0 {
        importer.push(
            &codes::GHOST_SECRET_DROPPED,
            "site",
            join("data"),
            format!(
                "{} password hash(es), access token(s) and secret setting(s) were not imported",
                importer.secrets
            ),
        );
    }
    if let Some(ext) = meta.and_then(|meta| meta.get(keys::EXT)) {
        importer.site_ext(ext, &join("meta.broadsheet"), &mut site);
    }
    super::settings::adopt_permalinks(&mut site);

    let report = importer.report.finish();
    if options.mode == BuildMode::Strict && report.has_errors() {
        return Err(ImportError::Invalid { report });
    }
    Ok(Imported {
        site,
        report,
        format: SourceFormat {
            family: crate::ghost::FAMILY.into(),
            version,
        },
    })
}

pub(super) fn syntax(file: Option<&str>, json_path: &str, message: &str) -> ImportError {
    ImportError::Syntax {
        location: Location {
            file: file.map(str::to_owned),
            line: None,
            column: None,
            json_path: Some(json_path.to_owned()),
        },
        message: message.to_owned(),
    }
}

/// Counts bytes as serde_json reads them and tells the progress callback every
/// [`PROGRESS_STEP`] bytes.
/// A callback that cancels makes the next read fail, and leaves its error in `cancelled`.
pub(super) struct ProgressReader<'r, 'a> {
    inner: &'r [u8],
    read: u64,
    total: u64,
    reported: u64,
    progress: Option<&'r mut ProgressCallback<'a>>,
    file: Option<&'r str>,
    cancelled: &'r std::cell::RefCell<Option<ImportError>>,
}

impl Read for ProgressReader<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let count = self.inner.read(buf)?;
        self.read += count as u64;
        if self.read >= self.reported + PROGRESS_STEP || (count == 0 && self.read > self.reported) {
            self.reported = self.read;
            if let Err(error) = crate::import::report_progress(
                self.progress.as_deref_mut(),
                self.read,
                Some(self.total),
                self.file,
            ) {
                *self.cancelled.borrow_mut() = Some(error);
                return Err(io::Error::other("the import was cancelled"));
            }
        }
        Ok(count)
    }
}

pub(super) fn parse(
    text: &str,
    mut progress: Option<&mut ProgressCallback<'_>>,
    file: Option<&str>,
) -> Result<Value, ImportError> {
    let total = text.len() as u64;
    crate::import::report_progress(progress.as_deref_mut(), 0, Some(total), file)?;
    let cancelled = std::cell::RefCell::new(None);
    let reader = ProgressReader {
        inner: text.as_bytes(),
        read: 0,
        total,
        reported: 0,
        progress,
        file,
        cancelled: &cancelled,
    };
    let mut deserializer = serde_json::Deserializer::from_reader(BufReader::new(reader));
    let located = |error: &serde_json::Error, path: String| {
        let message = error.to_string();
        let message = match message.rfind(" at line ") {
            Some(at) => message[..at].to_owned(),
            None => message,
        };
        ImportError::Syntax {
            location: Location {
                file: file.map(str::to_owned),
                line: Some(error.line() as u64),
                column: Some(error.column() as u64),
                json_path: Some(path),
            },
            message,
        }
    };
    let parsed: Result<Value, _> = serde_path_to_error::deserialize(&mut deserializer);
    if let Some(error) = cancelled.borrow_mut().take() {
        return Err(error);
    }
    let value: Value = parsed.map_err(|error| {
        // `?` stands for a map key that could not be read: the object is the location.
        let path = error.path().to_string();
        let path = match path.strip_suffix(".?") {
            Some(object) => object.to_owned(),
            None if path == "?" => ".".to_owned(),
            None => path,
        };
        located(error.inner(), path)
    })?;
    deserializer
        .end()
        .map_err(|error| located(&error, ".".into()))?;
    Ok(value)
}

impl Importer {
    pub(super) fn ignored_tables(&mut self, data: &Object) {
        let ignored: Vec<String> = data
            .iter()
            .filter(|(name, _)| !KNOWN_TABLES.contains(&name.as_str()))
            .filter_map(|(name, rows)| match rows {
                Value::Array(rows) if rows.is_empty() => None,
                Value::Array(rows) => Some(format!("{name} ({} rows)", rows.len())),
                Value::Null => None,
                _ => Some(name.clone()),
            })
            .collect();
        if !ignored.is_empty() {
            self.push(
                &codes::GHOST_TABLE_IGNORED,
                "site",
                self.base.clone(),
                format!(
                    "tables with no place in the model were not imported: {}",
                    ignored.join(", ")
                ),
            );
        }
    }
}
