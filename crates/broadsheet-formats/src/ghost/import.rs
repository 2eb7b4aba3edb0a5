//! Reading Ghost exports into a [`Site`].

use super::date;
use super::keys::{self, carry};
use crate::import::{
    ImportError, ImportOptions, Imported, ProgressCallback, SourceFormat, fallback_slug,
};
use broadsheet_core::{
    Author, AuthorId, BuildMode, Email, Issue, Location, Meta, Post, PostId, PostKind, PostStatus,
    Severity, Site, SiteTimeZone, Slug, Taxonomy, Term, TermId, Timestamp, Url,
};
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, BufReader, Read};

type Object = Map<String, Value>;

/// Tables the importer reads; any other non-empty table is reported as ignored.
const KNOWN_TABLES: &[&str] = &[
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
const PROGRESS_STEP: u64 = 64 * 1024;

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
        importer.warn(
            "ghost.db.extra",
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
            importer.error(
                "ghost.version.missing",
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
                None => importer.warn(
                    "ghost.post.parent.missing",
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
        importer.warn(
            "ghost.tag.duplicate",
            duplicate.site_path,
            duplicate.json_path,
            format!("{}; {links} link(s) re-pointed", duplicate.message),
        );
    }
    for (kind, count) in &posts.skipped {
        importer.warn(
            "ghost.kind.skipped",
            "posts",
            join("data.posts"),
            format!("{count} item(s) of kind {kind} left out by the kinds option"),
        );
    }
    importer.ignored_tables(data);
    if importer.secrets > 0 {
        importer.warn(
            "ghost.secret.dropped",
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

    let report = importer.report.finish();
    if options.mode == BuildMode::Strict && report.has_errors() {
        return Err(ImportError::Invalid { report });
    }
    Ok(Imported {
        site,
        report,
        format: SourceFormat {
            family: super::FAMILY.into(),
            version,
        },
    })
}

fn syntax(file: Option<&str>, json_path: &str, message: &str) -> ImportError {
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
struct ProgressReader<'r, 'a> {
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

fn parse(
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

/// A tag collapsed into an earlier one, reported once its links are counted.
struct Duplicate {
    ghost_id: String,
    site_path: String,
    json_path: String,
    message: String,
}

/// What the post pass leaves for the link passes.
struct Posts {
    by_id: HashMap<String, usize>,
    skipped_ids: HashSet<String>,
    skipped: BTreeMap<String, usize>,
    extras: Vec<PostExtra>,
}

/// Per imported post: what is resolved after every post is read.
struct PostExtra {
    what: String,
    json_path: String,
    author_id: Option<String>,
    created_by: Option<String>,
    parent: Option<String>,
    ext_meta: Meta,
}

struct Importer {
    report: crate::import::IssueLog,
    file: Option<String>,
    zone: SiteTimeZone,
    /// JSON path of the `data` object.
    base: String,
    secrets: usize,
}

impl Importer {
    fn push(
        &mut self,
        severity: Severity,
        code: &str,
        path: impl Into<String>,
        json_path: String,
        message: String,
    ) {
        self.report.push(Issue {
            severity,
            code: code.to_owned(),
            path: path.into(),
            message,
            location: Some(Location {
                file: self.file.clone(),
                line: None,
                column: None,
                json_path: Some(json_path),
            }),
        });
    }

    fn error(&mut self, code: &str, path: impl Into<String>, json_path: String, message: String) {
        self.push(Severity::Error, code, path, json_path, message);
    }

    fn warn(&mut self, code: &str, path: impl Into<String>, json_path: String, message: String) {
        self.push(Severity::Warning, code, path, json_path, message);
    }

    /// The rows of a table that are objects, with their index; anything else is reported.
    fn table<'v>(&mut self, data: &'v Object, name: &str) -> Vec<(usize, &'v Object)> {
        let json_path = format!("{}.{name}", self.base);
        match data.get(name) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(rows)) => {
                let mut objects = Vec::with_capacity(rows.len());
                for (index, row) in rows.iter().enumerate() {
                    match row {
                        Value::Object(object) => objects.push((index, object)),
                        _ => self.error(
                            "ghost.table.invalid",
                            name,
                            format!("{json_path}[{index}]"),
                            format!("a row of `{name}` is not an object"),
                        ),
                    }
                }
                objects
            }
            Some(_) => {
                self.error(
                    "ghost.table.invalid",
                    name,
                    json_path,
                    format!("`{name}` is not an array"),
                );
                Vec::new()
            }
        }
    }

    /// A text field: strings as they are, `null` as `None`, anything else as its JSON text
    /// (reported).
    fn text(&mut self, value: &Value, path: &str, json_path: &str, what: &str) -> Option<String> {
        match value {
            Value::Null => None,
            Value::String(text) => Some(text.clone()),
            other => {
                self.warn(
                    "ghost.field.type",
                    path,
                    json_path.to_owned(),
                    format!("{what}: expected a string, found {other}; its JSON text is used"),
                );
                Some(other.to_string())
            }
        }
    }

    /// A date: parsed, or kept raw in meta and reported.
    fn date(
        &mut self,
        value: &Value,
        field: &str,
        meta: &mut Meta,
        path: &str,
        json_path: &str,
        what: &str,
    ) -> Option<DateTime<Utc>> {
        match date::parse_value(value) {
            Ok(instant) => instant,
            Err(error) => {
                self.error(
                    "ghost.date.invalid",
                    path,
                    json_path.to_owned(),
                    format!(
                        "{what}: `{field}` {:?} is not a date: {}",
                        error.raw, error.reason
                    ),
                );
                meta.push_invalid(field, error.raw);
                None
            }
        }
    }

    /// A date field without a typed home: kept canonical under `ghost:<field>`.
    fn carry_date(
        &mut self,
        value: &Value,
        field: &str,
        meta: &mut Meta,
        path: &str,
        json_path: &str,
        what: &str,
    ) {
        if let Some(instant) = self.date(value, field, meta, path, json_path, what) {
            meta.push(format!("{}{field}", keys::GHOST), date::format(instant));
        }
    }

    /// A `broadsheet` extension object's fields, each handed to `field`; its `meta` list is
    /// returned. Malformed parts are reported.
    fn ext(
        &mut self,
        ext: &Value,
        path: &str,
        json_path: &str,
        mut field: impl FnMut(&str, &Value) -> bool,
    ) -> Meta {
        let mut meta = Meta::new();
        let Value::Object(object) = ext else {
            self.warn(
                "ghost.broadsheet.invalid",
                path,
                json_path.to_owned(),
                "the `broadsheet` extension is not an object".into(),
            );
            return meta;
        };
        for (key, value) in object {
            let at = format!("{json_path}.{key}");
            if key == "meta" {
                let entries = value.as_array().map(Vec::as_slice).unwrap_or_default();
                if !value.is_array() {
                    self.warn(
                        "ghost.broadsheet.invalid",
                        path,
                        at.clone(),
                        "`meta` is not an array".into(),
                    );
                }
                for (index, entry) in entries.iter().enumerate() {
                    match (
                        entry.get("key").and_then(Value::as_str),
                        entry.get("value").and_then(Value::as_str),
                    ) {
                        (Some(key), Some(value)) => meta.push(key, value),
                        _ => self.warn(
                            "ghost.broadsheet.invalid",
                            path,
                            format!("{at}[{index}]"),
                            "a meta entry needs string `key` and `value`".into(),
                        ),
                    }
                }
            } else if !field(key, value) {
                self.warn(
                    "ghost.broadsheet.invalid",
                    path,
                    at,
                    format!("unknown or mistyped extension field `{key}`: {value}"),
                );
            }
        }
        meta
    }

    fn settings(&mut self, data: &Object, site: &mut Site) {
        let (mut title, mut description, mut zone) = (false, false, false);
        let mut invalid_zone = None;
        for (index, row) in self.table(data, "settings") {
            let json_path = format!("{}.settings[{index}]", self.base);
            let Some(key) = row.get("key").and_then(Value::as_str) else {
                self.warn(
                    "ghost.setting.invalid",
                    "site",
                    json_path,
                    "a settings row has no string `key`".into(),
                );
                continue;
            };
            let value = row.get("value").unwrap_or(&Value::Null);
            let value_path = format!("{json_path}.value");
            match key {
                "title" if !title && !value.is_null() => {
                    title = true;
                    site.title = self
                        .text(value, "title", &value_path, "setting title")
                        .unwrap_or_default();
                }
                "description" if !description && !value.is_null() => {
                    description = true;
                    site.description = self
                        .text(value, "description", &value_path, "setting description")
                        .unwrap_or_default();
                }
                "active_timezone" if !zone && !value.is_null() => {
                    zone = true;
                    let text = self
                        .text(value, "time_zone", &value_path, "setting active_timezone")
                        .unwrap_or_default();
                    match SiteTimeZone::parse(&text) {
                        Ok(parsed) => site.time_zone = parsed,
                        Err(error) => {
                            self.error(
                                "ghost.setting.timezone.invalid",
                                "time_zone",
                                value_path,
                                format!("{error}; the site stays in UTC"),
                            );
                            invalid_zone = Some(text);
                        }
                    }
                }
                "locale" | "default_locale" if site.language.is_none() && !value.is_null() => {
                    site.language = self.text(value, "language", &value_path, "setting locale");
                }
                secret if keys::SECRET_SETTINGS.contains(&secret) => self.secrets += 1,
                _ => carry(&mut site.meta, keys::SETTING, key, value),
            }
        }
        self.zone = site.time_zone;
        if let Some(raw) = invalid_zone {
            site.meta.push_invalid("active_timezone", raw);
        }
    }

    fn site_ext(&mut self, ext: &Value, json_path: &str, site: &mut Site) {
        let mut url = None;
        let meta = self.ext(ext, "site", json_path, |key, value| match (key, value) {
            ("url", Value::String(text)) => {
                url = Url::parse(text).ok();
                url.is_some()
            }
            _ => false,
        });
        if url.is_some() {
            site.url = url;
        }
        site.meta.0.extend(meta.0);
    }

    /// Role names by Ghost role id.
    fn roles(&mut self, data: &Object) -> HashMap<String, String> {
        let mut roles = HashMap::new();
        for (_, row) in self.table(data, "roles") {
            if let (Some(id), Some(name)) = (
                row.get("id").and_then(id_text),
                row.get("name").and_then(Value::as_str),
            ) {
                roles.entry(id).or_insert_with(|| name.to_owned());
            }
        }
        roles
    }

    fn users(
        &mut self,
        data: &Object,
        site: &mut Site,
        roles: &HashMap<String, String>,
    ) -> HashMap<String, AuthorId> {
        // Role names per Ghost user id, in `roles_users` order.
        let mut user_roles: HashMap<String, Vec<String>> = HashMap::new();
        let mut role_rows = Vec::new();
        for (index, row) in self.table(data, "roles_users") {
            let json_path = format!("{}.roles_users[{index}]", self.base);
            let user = row.get("user_id").and_then(id_text);
            let role = row
                .get("role_id")
                .and_then(id_text)
                .and_then(|id| roles.get(&id));
            match (user, role) {
                (Some(user), Some(role)) => {
                    user_roles
                        .entry(user.clone())
                        .or_default()
                        .push(role.clone());
                    role_rows.push((user, json_path));
                }
                _ => self.warn(
                    "ghost.link.role.missing",
                    "authors",
                    json_path,
                    "a `roles_users` row names no known role or no user".into(),
                ),
            }
        }

        let mut by_id = HashMap::new();
        for (index, row) in self.table(data, "users") {
            let json_path = format!("{}.users[{index}]", self.base);
            let at = site.authors.len();
            let path = format!("authors[{at}]");
            let id = AuthorId(at as u64 + 1);
            let source_id = row.get("id").and_then(id_text);
            let what = match &source_id {
                Some(source) => format!("user {source:?}"),
                None => format!("user #{index}"),
            };
            let mut author = Author::new(id, fallback_slug("ghost-user", id.0), "");
            author.source_id = source_id.clone();
            let mut ext = None;
            for (key, value) in sorted(row) {
                let value_path = format!("{json_path}.{key}");
                let field_path = format!("{path}.{key}");
                match key {
                    "id" => {}
                    "name" => {
                        author.display_name = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "slug" => {
                        if let Some(slug) = self.slug(
                            value,
                            &mut author.meta,
                            "ghost.user.slug.invalid",
                            &field_path,
                            &value_path,
                            &what,
                        ) {
                            author.slug = slug;
                        }
                    }
                    "email" => {
                        let Some(text) = self.text(value, &field_path, &value_path, &what) else {
                            continue;
                        };
                        match Email::parse(&text) {
                            Ok(email) => author.email = Some(email),
                            Err(error) => {
                                self.error(
                                    "ghost.user.email.invalid",
                                    field_path,
                                    value_path,
                                    format!("{what}: {error}"),
                                );
                                author.meta.push_invalid("email", text);
                            }
                        }
                    }
                    "bio" => {
                        author.bio = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "website" => {
                        let Some(text) = self.text(value, &field_path, &value_path, &what) else {
                            continue;
                        };
                        if text.is_empty() {
                            continue;
                        }
                        match Url::parse(&text) {
                            Ok(url) => author.url = Some(url),
                            Err(error) => {
                                self.error(
                                    "ghost.user.website.invalid",
                                    field_path,
                                    value_path,
                                    format!("{what}: {error}"),
                                );
                                author.meta.push_invalid("website", text);
                            }
                        }
                    }
                    "profile_image" => match value.as_str().map(Url::parse) {
                        Some(Ok(url)) => author.avatar = Some(url),
                        // Relative (`/content/images/...`) and `__GHOST_URL__` images stay
                        // in meta: they are normal in Ghost, not errors.
                        _ => carry(&mut author.meta, keys::GHOST, key, value),
                    },
                    secret if keys::SECRET_USER_FIELDS.contains(&secret) => {
                        if !value.is_null() {
                            self.secrets += 1;
                        }
                    }
                    "broadsheet" => ext = Some((value, value_path)),
                    date_field if keys::DATE_FIELDS.contains(&date_field) => self.carry_date(
                        value,
                        key,
                        &mut author.meta,
                        &field_path,
                        &value_path,
                        &what,
                    ),
                    _ => carry(&mut author.meta, keys::GHOST, key, value),
                }
            }
            if let Some(source) = &source_id {
                if by_id.contains_key(source) {
                    self.error(
                        "ghost.user.id.duplicate",
                        path.clone(),
                        format!("{json_path}.id"),
                        format!("{what} appears twice; links go to the first"),
                    );
                } else {
                    by_id.insert(source.clone(), id);
                    for role in user_roles.get(source).into_iter().flatten() {
                        author.meta.push(keys::ROLE, role.clone());
                    }
                }
            } else {
                self.error(
                    "ghost.user.id.missing",
                    path.clone(),
                    json_path.clone(),
                    format!("{what} has no id; nothing can link to it"),
                );
            }
            if let Some((ext, ext_path)) = ext {
                let meta = self.ext(ext, &path, &ext_path, |key, value| {
                    match (key, value) {
                        ("login", Value::String(text)) => author.login = Some(text.clone()),
                        ("first_name", Value::String(text)) => {
                            author.first_name = Some(text.clone())
                        }
                        ("last_name", Value::String(text)) => author.last_name = Some(text.clone()),
                        ("guest", Value::Bool(guest)) => author.guest = *guest,
                        _ => return false,
                    }
                    true
                });
                author.meta.0.extend(meta.0);
            }
            site.authors.push(author);
        }
        for (user, json_path) in role_rows {
            if !by_id.contains_key(&user) {
                self.warn(
                    "ghost.link.role.missing",
                    "authors",
                    json_path,
                    format!("a `roles_users` row names user {user:?}, which does not exist"),
                );
            }
        }
        by_id
    }

    /// A required slug (tags and users): `None` keeps the stand-in slug, with the raw text in
    /// meta and an error.
    fn slug(
        &mut self,
        value: &Value,
        meta: &mut Meta,
        code: &str,
        path: &str,
        json_path: &str,
        what: &str,
    ) -> Option<Slug> {
        let text = self.text(value, path, json_path, what).unwrap_or_default();
        match Slug::parse(&text) {
            Ok(slug) => Some(slug),
            Err(error) => {
                self.error(
                    code,
                    path,
                    json_path.to_owned(),
                    format!("{what}: {error}; a stand-in slug is used"),
                );
                meta.push_invalid("slug", text);
                None
            }
        }
    }

    fn tags(
        &mut self,
        data: &Object,
        site: &mut Site,
    ) -> (HashMap<String, TermId>, Vec<Duplicate>) {
        let mut by_id = HashMap::new();
        let mut by_slug: HashMap<(Taxonomy, String), usize> = HashMap::new();
        let mut duplicates = Vec::new();
        let mut parents = Vec::new();
        for (index, row) in self.table(data, "tags") {
            let json_path = format!("{}.tags[{index}]", self.base);
            let at = site.terms.len();
            let path = format!("terms[{at}]");
            let id = TermId(at as u64 + 1);
            let source_id = row.get("id").and_then(id_text);
            let what = match &source_id {
                Some(source) => format!("tag {source:?}"),
                None => format!("tag #{index}"),
            };
            let mut term = Term::new(id, Taxonomy::Tag, "", fallback_slug("ghost-tag", id.0));
            term.source_id = source_id.clone();
            // Ghost marks `#tags` internal; old exports have no `visibility` field.
            let internal = row
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| name.starts_with('#'))
                && !row.contains_key("visibility");
            let mut fields = sorted(row);
            let internal_value = Value::String("internal".into());
            if internal {
                fields.push(("visibility", &internal_value));
                fields.sort_by_key(|(key, _)| *key);
            }
            let mut raw_slug = None;
            let mut ext = None;
            for (key, value) in fields {
                let value_path = format!("{json_path}.{key}");
                let field_path = format!("{path}.{key}");
                match key {
                    "id" => {}
                    "name" => {
                        term.name = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "slug" => {
                        raw_slug = value.as_str().map(str::to_owned);
                        if let Some(slug) = self.slug(
                            value,
                            &mut term.meta,
                            "ghost.tag.slug.invalid",
                            &field_path,
                            &value_path,
                            &what,
                        ) {
                            term.slug = slug;
                        }
                    }
                    "description" => {
                        term.description = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "broadsheet" => ext = Some((value, value_path)),
                    date_field if keys::DATE_FIELDS.contains(&date_field) => {
                        self.carry_date(value, key, &mut term.meta, &field_path, &value_path, &what)
                    }
                    _ => carry(&mut term.meta, keys::GHOST, key, value),
                }
            }
            if !row.contains_key("slug") {
                self.error(
                    "ghost.tag.slug.invalid",
                    format!("{path}.slug"),
                    json_path.clone(),
                    format!("{what} has no slug; a stand-in slug is used"),
                );
            }
            let mut parent = None;
            if let Some((ext, ext_path)) = ext {
                let meta = self.ext(ext, &path, &ext_path, |key, value| {
                    match (key, value) {
                        ("taxonomy", Value::String(name)) if !name.is_empty() => {
                            term.taxonomy = Taxonomy::from(name.as_str())
                        }
                        ("parent", value) if id_text(value).is_some() => parent = id_text(value),
                        _ => return false,
                    }
                    true
                });
                term.meta.0.extend(meta.0);
            }

            let slug_key = (
                term.taxonomy.clone(),
                raw_slug.unwrap_or_else(|| term.slug.as_str().to_owned()),
            );
            if let Some(&kept) = by_slug.get(&slug_key) {
                let kept_term: &Term = &site.terms[kept];
                let mut differences = Vec::new();
                if kept_term.name != term.name {
                    differences.push(format!("name {:?}", term.name));
                }
                if kept_term.description != term.description {
                    differences.push("description".to_owned());
                }
                for entry in term.meta.iter() {
                    if kept_term.meta.get(&entry.key) != Some(entry.value.as_str()) {
                        let field = entry.key.strip_prefix(keys::GHOST).unwrap_or(&entry.key);
                        let field = field.strip_prefix(keys::JSON).unwrap_or(field);
                        differences.push(format!("`{field}`"));
                    }
                }
                let differing = if differences.is_empty() {
                    String::new()
                } else {
                    format!(" (its differing {} dropped)", differences.join(", "))
                };
                let kept_what = kept_term
                    .source_id
                    .as_deref()
                    .map(|source| format!("tag {source:?}"))
                    .unwrap_or_else(|| format!("terms[{kept}]"));
                if let Some(source) = &source_id {
                    by_id.entry(source.clone()).or_insert(kept_term.id);
                }
                duplicates.push(Duplicate {
                    ghost_id: source_id.clone().unwrap_or_default(),
                    site_path: format!("terms[{kept}]"),
                    json_path,
                    message: format!(
                        "{what} has the same slug {:?} as {kept_what} and was collapsed into it{differing}",
                        slug_key.1
                    ),
                });
                continue;
            }
            by_slug.insert(slug_key, at);
            match &source_id {
                Some(source) if by_id.contains_key(source) => self.error(
                    "ghost.tag.id.duplicate",
                    path.clone(),
                    format!("{json_path}.id"),
                    format!("{what} appears twice; links go to the first"),
                ),
                Some(source) => {
                    by_id.insert(source.clone(), id);
                }
                None => self.error(
                    "ghost.tag.id.missing",
                    path.clone(),
                    json_path.clone(),
                    format!("{what} has no id; nothing can link to it"),
                ),
            }
            if let Some(parent) = parent {
                parents.push((at, parent, json_path));
            }
            site.terms.push(term);
        }
        for (at, parent, json_path) in parents {
            match by_id.get(&parent) {
                Some(&found) => site.terms[at].parent = Some(found),
                None => self.warn(
                    "ghost.tag.parent.missing",
                    format!("terms[{at}].parent"),
                    format!("{json_path}.broadsheet.parent"),
                    format!("parent {parent:?} names no tag"),
                ),
            }
        }
        (by_id, duplicates)
    }

    fn posts(&mut self, data: &Object, site: &mut Site, options: &ImportOptions<'_>) -> Posts {
        let mut posts = Posts {
            by_id: HashMap::new(),
            skipped_ids: HashSet::new(),
            skipped: BTreeMap::new(),
            extras: Vec::new(),
        };
        for (index, row) in self.table(data, "posts") {
            let json_path = format!("{}.posts[{index}]", self.base);
            let source_id = row.get("id").and_then(id_text);
            let kind = match row.get("type").and_then(Value::as_str) {
                Some(kind) if !kind.is_empty() => PostKind::from(kind),
                _ if row.get("page").is_some_and(truthy) => PostKind::Page,
                _ => PostKind::Post,
            };
            if let Some(kinds) = &options.kinds
                && !kinds.contains(&kind)
            {
                *posts.skipped.entry(kind.to_string()).or_default() += 1;
                if let Some(source) = source_id {
                    posts.skipped_ids.insert(source);
                }
                continue;
            }
            let at = site.posts.len();
            let path = format!("posts[{at}]");
            let what = match &source_id {
                Some(source) => format!("post {source:?}"),
                None => format!("post #{index}"),
            };
            let mut post = blank_post(PostId(at as u64 + 1));
            post.kind = kind;
            post.source_id = source_id.clone();
            let mut extra = PostExtra {
                what: what.clone(),
                json_path: json_path.clone(),
                author_id: None,
                created_by: None,
                parent: None,
                ext_meta: Meta::new(),
            };
            let mut status = None;
            let mut html_missing = true;
            let mut slug_reported = false;
            let mut ext = None;
            for (key, value) in sorted(row) {
                let value_path = format!("{json_path}.{key}");
                let field_path = format!("{path}.{key}");
                match key {
                    "id" | "type" | "page" => {}
                    "title" => {
                        post.title = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "slug" => {
                        let text = self.text(value, &field_path, &value_path, &what);
                        match text.as_deref() {
                            None | Some("") => {}
                            Some(text) => match Slug::parse(text) {
                                Ok(slug) => post.slug = Some(slug),
                                Err(error) => {
                                    self.error(
                                        "ghost.post.slug.invalid",
                                        field_path,
                                        value_path,
                                        format!("{what}: {error}"),
                                    );
                                    post.meta.push_invalid("slug", text);
                                    slug_reported = true;
                                }
                            },
                        }
                    }
                    "html" => {
                        html_missing = value.is_null();
                        post.content = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "custom_excerpt" => {
                        post.excerpt = self.text(value, &field_path, &value_path, &what);
                    }
                    "status" => {
                        status = self
                            .text(value, &field_path, &value_path, &what)
                            .filter(|status| !status.is_empty())
                            .map(PostStatus::from);
                    }
                    "featured" => post.sticky = truthy(value),
                    "published_at" => {
                        post.published = self
                            .date(value, key, &mut post.meta, &field_path, &value_path, &what)
                            .map(|instant| Timestamp::from_utc(instant, &self.zone));
                    }
                    "updated_at" => {
                        post.modified = self
                            .date(value, key, &mut post.meta, &field_path, &value_path, &what)
                            .map(|instant| Timestamp::from_utc(instant, &self.zone));
                    }
                    "author_id" => extra.author_id = id_text(value),
                    "broadsheet" => ext = Some((value, value_path)),
                    date_field if keys::DATE_FIELDS.contains(&date_field) => {
                        self.carry_date(value, key, &mut post.meta, &field_path, &value_path, &what)
                    }
                    _ => {
                        if key == "created_by" {
                            extra.created_by = id_text(value);
                        }
                        carry(&mut post.meta, keys::GHOST, key, value);
                    }
                }
            }
            match status {
                Some(status) => post.status = status,
                None => self.warn(
                    "ghost.post.status.missing",
                    format!("{path}.status"),
                    json_path.clone(),
                    format!("{what} has no status; imported as a draft"),
                ),
            }
            if post.slug.is_none() && !slug_reported {
                self.warn(
                    "ghost.post.slug.missing",
                    format!("{path}.slug"),
                    json_path.clone(),
                    format!("{what} has no slug"),
                );
            }
            let has_source = |name: &str| {
                post.meta
                    .get(&format!("{}{name}", keys::GHOST))
                    .is_some_and(|text| !text.is_empty())
            };
            if html_missing && (has_source("mobiledoc") || has_source("lexical")) {
                self.warn(
                    "ghost.post.html.missing",
                    format!("{path}.content"),
                    format!("{json_path}.html"),
                    format!("{what} has mobiledoc or lexical but no html; its content is empty"),
                );
            }
            if let Some((ext, ext_path)) = ext {
                let mut parent = None;
                extra.ext_meta = self.ext(ext, &path, &ext_path, |key, value| {
                    match (key, value) {
                        ("password", Value::String(text)) => post.password = Some(text.clone()),
                        ("menu_order", Value::Number(number)) if number.is_i64() => {
                            post.menu_order = number.as_i64().unwrap_or_default()
                        }
                        ("format", Value::String(text)) => post.format = Some(text.clone()),
                        ("comments_open", Value::Bool(open)) => post.comments_open = *open,
                        ("pings_open", Value::Bool(open)) => post.pings_open = *open,
                        ("guid", Value::String(text)) => post.guid = Some(text.clone()),
                        ("parent", value) if id_text(value).is_some() => parent = id_text(value),
                        _ => return false,
                    }
                    true
                });
                extra.parent = parent;
            }
            match &source_id {
                Some(source) if posts.by_id.contains_key(source) => self.error(
                    "ghost.post.id.duplicate",
                    path,
                    format!("{json_path}.id"),
                    format!("{what} appears twice; links go to the first"),
                ),
                Some(source) => {
                    posts.by_id.insert(source.clone(), at);
                }
                None => self.error(
                    "ghost.post.id.missing",
                    path,
                    json_path,
                    format!("{what} has no id; nothing can link to it"),
                ),
            }
            site.posts.push(post);
            posts.extras.push(extra);
        }
        posts
    }

    /// Resolves a link row's `post_id`; reports rows naming no post (unless the post was left
    /// out by the kinds option).
    fn link_post(
        &mut self,
        row: &Object,
        table: &str,
        json_path: &str,
        posts: &HashMap<String, usize>,
        skipped: &HashSet<String>,
    ) -> Option<usize> {
        let id = row.get("post_id").and_then(id_text);
        match id.as_ref().and_then(|id| posts.get(id)) {
            Some(&at) => Some(at),
            None => {
                if !id.as_ref().is_some_and(|id| skipped.contains(id)) {
                    self.warn(
                        "ghost.link.post.missing",
                        table,
                        format!("{json_path}.post_id"),
                        format!("a `{table}` row names post {id:?}, which does not exist"),
                    );
                }
                None
            }
        }
    }

    fn posts_meta(&mut self, data: &Object, site: &mut Site, posts: &Posts) {
        for (index, row) in self.table(data, "posts_meta") {
            let json_path = format!("{}.posts_meta[{index}]", self.base);
            let Some(at) = self.link_post(
                row,
                "posts_meta",
                &json_path,
                &posts.by_id,
                &posts.skipped_ids,
            ) else {
                continue;
            };
            for (key, value) in sorted(row) {
                if key != "id" && key != "post_id" {
                    carry(&mut site.posts[at].meta, keys::POSTS_META, key, value);
                }
            }
        }
    }

    fn posts_authors(
        &mut self,
        data: &Object,
        site: &mut Site,
        posts: &HashMap<String, usize>,
        skipped: &HashSet<String>,
        extras: &[PostExtra],
        users: &HashMap<String, AuthorId>,
    ) {
        let mut links: BTreeMap<usize, Vec<(f64, usize, AuthorId, String)>> = BTreeMap::new();
        for (index, row) in self.table(data, "posts_authors") {
            let json_path = format!("{}.posts_authors[{index}]", self.base);
            let Some(at) = self.link_post(row, "posts_authors", &json_path, posts, skipped) else {
                continue;
            };
            let author = row.get("author_id").and_then(id_text);
            let Some(&found) = author.as_ref().and_then(|id| users.get(id)) else {
                self.error(
                    "ghost.link.author.missing",
                    format!("posts[{at}].authors"),
                    format!("{json_path}.author_id"),
                    format!("a `posts_authors` row names user {author:?}, which does not exist"),
                );
                continue;
            };
            links
                .entry(at)
                .or_default()
                .push((sort_order(row), index, found, json_path));
        }
        for (at, extra) in extras.iter().enumerate() {
            let path = format!("posts[{at}].authors");
            let lookup = |id: &Option<String>| id.as_ref().and_then(|id| users.get(id)).copied();
            if let Some(mut rows) = links.remove(&at) {
                sort_links(&mut rows);
                let mut linked: HashSet<AuthorId> =
                    site.posts[at].authors.iter().copied().collect();
                for (_, _, author, json_path) in rows {
                    let authors = &mut site.posts[at].authors;
                    self.add_link(authors, &mut linked, author, &path, json_path);
                }
                let primary = site.posts[at].authors.first().copied();
                if let Some(legacy) = &extra.author_id
                    && lookup(&extra.author_id) != primary
                {
                    self.warn(
                        "ghost.post.author_id.mismatch",
                        path,
                        format!("{}.author_id", extra.json_path),
                        format!(
                            "{}: `author_id` {legacy:?} is not the primary author in `posts_authors`, which wins",
                            extra.what
                        ),
                    );
                }
            } else if let Some(author) = lookup(&extra.author_id) {
                site.posts[at].authors.push(author);
            } else if extra.author_id.is_some() {
                self.error(
                    "ghost.link.author.missing",
                    path,
                    format!("{}.author_id", extra.json_path),
                    format!(
                        "{}: `author_id` {:?} names no user",
                        extra.what,
                        extra.author_id.as_deref().unwrap_or_default()
                    ),
                );
            } else if let Some(author) = lookup(&extra.created_by) {
                site.posts[at].authors.push(author);
            } else {
                self.warn(
                    "ghost.post.author.missing",
                    path,
                    extra.json_path.clone(),
                    format!(
                        "{} has no author in `posts_authors`, `author_id` or `created_by`",
                        extra.what
                    ),
                );
            }
        }
    }

    /// Pushes a link unless the post already has it (reported). `linked` holds the list's
    /// items, so that a post with N links costs N look-ups, not N² comparisons.
    fn add_link<T: Eq + std::hash::Hash + Copy + std::fmt::Display>(
        &mut self,
        list: &mut Vec<T>,
        linked: &mut HashSet<T>,
        item: T,
        path: &str,
        json_path: String,
    ) {
        if !linked.insert(item) {
            self.warn(
                "ghost.link.duplicate",
                path,
                json_path,
                format!("{item} is already linked to this post; the later link is dropped"),
            );
        } else {
            list.push(item);
        }
    }

    /// Links posts to tags in `sort_order`; returns how many links of each collapsed tag id
    /// were re-pointed.
    fn posts_tags(
        &mut self,
        data: &Object,
        site: &mut Site,
        posts: &HashMap<String, usize>,
        skipped: &HashSet<String>,
        tags: &HashMap<String, TermId>,
    ) -> HashMap<String, usize> {
        let owners: HashMap<TermId, Option<&str>> = site
            .terms
            .iter()
            .map(|term| (term.id, term.source_id.as_deref()))
            .collect();
        let mut repointed: HashMap<String, usize> = HashMap::new();
        let mut links: BTreeMap<usize, Vec<(f64, usize, TermId, String)>> = BTreeMap::new();
        for (index, row) in self.table(data, "posts_tags") {
            let json_path = format!("{}.posts_tags[{index}]", self.base);
            let Some(at) = self.link_post(row, "posts_tags", &json_path, posts, skipped) else {
                continue;
            };
            let tag = row.get("tag_id").and_then(id_text);
            let Some(&found) = tag.as_ref().and_then(|id| tags.get(id)) else {
                self.error(
                    "ghost.link.tag.missing",
                    format!("posts[{at}].terms"),
                    format!("{json_path}.tag_id"),
                    format!("a `posts_tags` row names tag {tag:?}, which does not exist"),
                );
                continue;
            };
            if let Some(tag) = &tag
                && owners.get(&found).copied().flatten() != Some(tag.as_str())
            {
                *repointed.entry(tag.clone()).or_default() += 1;
            }
            links
                .entry(at)
                .or_default()
                .push((sort_order(row), index, found, json_path));
        }
        for (at, mut rows) in links {
            sort_links(&mut rows);
            let path = format!("posts[{at}].terms");
            let mut linked: HashSet<TermId> = site.posts[at].terms.iter().copied().collect();
            for (_, _, term, json_path) in rows {
                let terms = &mut site.posts[at].terms;
                self.add_link(terms, &mut linked, term, &path, json_path);
            }
        }
        repointed
    }

    fn ignored_tables(&mut self, data: &Object) {
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
            self.warn(
                "ghost.table.ignored",
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

/// Puts a post's link rows (sort order, row index, target, JSON path) in Ghost's order:
/// `sort_order`, then the order of the rows in the file.
fn sort_links<T>(rows: &mut [(f64, usize, T, String)]) {
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
}

/// A row's fields in key order, whatever order the JSON map keeps: meta built from them has
/// one order however the file was written.
fn sorted(row: &Object) -> Vec<(&str, &Value)> {
    let mut fields: Vec<(&str, &Value)> = row
        .iter()
        .map(|(key, value)| (key.as_str(), value))
        .collect();
    fields.sort_by_key(|(key, _)| *key);
    fields
}

/// A Ghost id as text: strings as they are (non-empty), integers in decimal.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Ghost's booleans: `true`/`false`, `1`/`0`, and their string forms.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => matches!(text.as_str(), "1" | "true"),
        _ => false,
    }
}

/// A link row's `sort_order` (`0` when absent: the legacy format has none, and rows keep their
/// table order).
fn sort_order(row: &Object) -> f64 {
    row.get("sort_order")
        .and_then(|value| match value {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => text.parse().ok(),
            _ => None,
        })
        .unwrap_or(0.0)
}

fn blank_slug() -> Slug {
    // "x" is a valid slug; parse cannot fail on it.
    Slug::parse("x").expect("\"x\" is a valid slug")
}

fn blank_post(id: PostId) -> Post {
    let mut post = Post::new(id, "", blank_slug());
    post.slug = None;
    post.status = PostStatus::Draft;
    post
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn import(value: Value) -> Imported {
        run(&value.to_string(), ImportOptions::default(), None).expect("imports")
    }

    fn slugs(site: &Site, post: usize) -> Vec<&str> {
        site.posts[post]
            .terms
            .iter()
            .map(|id| site.term(*id).expect("term exists").slug.as_str())
            .collect()
    }

    #[test]
    fn duplicate_tags_collapse_into_the_first_with_links_repointed() {
        let imported = import(json!({"meta": {"version": "003"}, "data": {
            "tags": [
                {"id": 1, "name": "News", "slug": "news"},
                {"id": 2, "name": "Other", "slug": "other"},
                {"id": 3, "name": "News!", "slug": "news", "description": "d"},
            ],
            "posts": [
                {"id": 10, "title": "A", "slug": "a", "status": "published"},
                {"id": 11, "title": "B", "slug": "b", "status": "published"},
            ],
            "posts_tags": [
                {"post_id": 10, "tag_id": 3},
                {"post_id": 10, "tag_id": 2},
                {"post_id": 11, "tag_id": 1},
                {"post_id": 11, "tag_id": 3},
            ],
        }}));
        let site = &imported.site;
        assert_eq!(site.terms.len(), 2);
        assert_eq!(site.terms[0].name, "News");
        assert_eq!(site.terms[0].description, "");
        // Post A's first tag was the duplicate: now the kept tag, still first.
        assert_eq!(slugs(site, 0), ["news", "other"]);
        // Post B had both: one link remains.
        assert_eq!(slugs(site, 1), ["news"]);

        let duplicate: Vec<&Issue> = imported
            .report
            .issues
            .iter()
            .filter(|issue| issue.code == "ghost.tag.duplicate")
            .collect();
        assert_eq!(duplicate.len(), 1);
        let issue = duplicate[0];
        assert_eq!(issue.path, "terms[0]");
        assert_eq!(
            issue.location.as_ref().and_then(|l| l.json_path.as_deref()),
            Some("data.tags[2]")
        );
        assert!(
            issue
                .message
                .starts_with("tag \"3\" has the same slug \"news\" as tag \"1\"")
        );
        assert!(
            issue.message.contains("name \"News!\""),
            "{}",
            issue.message
        );
        assert!(issue.message.contains("description"), "{}", issue.message);
        assert!(
            issue.message.ends_with("2 link(s) re-pointed"),
            "{}",
            issue.message
        );
        let dropped: Vec<&Issue> = imported
            .report
            .issues
            .iter()
            .filter(|issue| issue.code == "ghost.link.duplicate")
            .collect();
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].path, "posts[1].terms");
    }

    #[test]
    fn same_slug_in_different_taxonomies_is_not_a_duplicate() {
        let imported = import(json!({"db": [{"meta": {"version": "5.0.0"}, "data": {
            "tags": [
                {"id": "a", "name": "News", "slug": "news"},
                {"id": "b", "name": "News", "slug": "news", "broadsheet": {"taxonomy": "category"}},
            ],
        }}]}));
        assert_eq!(imported.site.terms.len(), 2);
        assert_eq!(imported.site.terms[1].taxonomy, Taxonomy::Category);
        assert!(imported.report.is_empty(), "{}", imported.report);
    }

    #[test]
    fn unique_tags_are_left_alone() {
        let imported = import(json!({"meta": {"version": "003"}, "data": {
            "tags": [{"id": 1, "name": "A", "slug": "a"}, {"id": 2, "name": "B", "slug": "b"}],
        }}));
        assert_eq!(imported.site.terms.len(), 2);
        assert!(imported.report.is_empty(), "{}", imported.report);
    }
}
