//! Ghost JSON: import of every export shape Ghost has written, and export in Ghost 5.x's shape.
//!
//! Reads the legacy "003" format (`{"meta":..., "data":...}`, integer ids, epoch-millisecond
//! dates), Ghost 1.x and 2.x+ (`{"db":[{"meta":..., "data":...}]}`, ObjectId ids, ISO dates),
//! up to Ghost 5.x (`posts_meta`, `lexical`). Writes `{"db":[{"meta":..., "data":{posts, tags,
//! users, roles, roles_users, posts_tags, posts_authors, posts_meta, settings}}]}`.
//!
//! The mapping between Ghost's tables and Broadsheet's model is documented field by field in
//! `docs/formats/ghost.md`, with every report code (all prefixed `ghost.`). In short:
//! - posts and pages become [`broadsheet_core::Post`]s, tags [`broadsheet_core::Term`]s of
//!   taxonomy tag (internal `#tags` keep `ghost:visibility = internal`), users
//!   [`broadsheet_core::Author`]s; ids are sequential and the Ghost id is kept as `source_id`;
//! - every Ghost field without a typed home is kept in the entity's meta under `ghost:<field>`
//!   (strings) or `ghost:json:<field>` (other JSON values, as JSON text), so export writes it back;
//! - Broadsheet data Ghost has no field for is written in a `broadsheet` object on each row (and
//!   in `db[0].meta.broadsheet` for the site), which import reads back.
//!
//! ```
//! use broadsheet_formats::{ImportOptions, ghost};
//!
//! let json = r#"{"db":[{"meta":{"version":"5.0.0"},"data":{
//!   "posts":[{"id":"p1","title":"Hello","slug":"hello","html":"<p>Hi</p>","status":"published",
//!             "type":"post","published_at":"2024-01-02T03:04:05.000Z"}],
//!   "tags":[{"id":"t1","name":"News","slug":"news"}],
//!   "posts_tags":[{"post_id":"p1","tag_id":"t1","sort_order":0}]}}]}"#;
//! let imported = ghost::import_str(json, ImportOptions::default()).unwrap();
//! assert_eq!(imported.format.to_string(), "ghost-5.0.0");
//! let post = &imported.site.posts[0];
//! assert_eq!(post.source_id.as_deref(), Some("p1"));
//! assert_eq!(imported.site.term(post.terms[0]).unwrap().slug.as_str(), "news");
//!
//! let again = ghost::import_str(&ghost::export_string(&imported.site), ImportOptions::default());
//! assert_eq!(again.unwrap().site, imported.site);
//! ```

mod date;
mod export;
mod import;

use crate::import::{ImportError, ImportOptions, Imported, InputFile};
use broadsheet_core::SiteData;
use serde_json::Value;
use std::io::Read;
use std::path::Path;

/// The `family` of every [`crate::SourceFormat`] this module reports.
pub const FAMILY: &str = "ghost";

/// The version export writes in `db[0].meta.version`.
pub const EXPORT_VERSION: &str = "5.0.0";

/// Imports a Ghost export from text.
///
/// Malformed JSON is an [`ImportError::Syntax`] with the line, column and JSON path. Problems in
/// the data are reported in [`Imported::report`]; in strict mode any error refuses the import
/// with [`ImportError::Invalid`].
pub fn import_str(text: &str, options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    import::run(text, options, None)
}

/// Imports a Ghost export from a file (see [`import_str`]). Locations in the report and in
/// errors name the file.
pub fn import_file(
    path: impl AsRef<Path>,
    options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    let mut input = InputFile::open(path.as_ref(), options.max_bytes)?;
    let mut bytes = Vec::new();
    input
        .file
        .read_to_end(&mut bytes)
        .map_err(|source| input.io_error(source))?;
    let shown = input.name;
    let text = String::from_utf8(bytes).map_err(|error| ImportError::Syntax {
        location: broadsheet_core::Location {
            file: Some(shown.clone()),
            ..Default::default()
        },
        message: format!(
            "not UTF-8 (invalid byte at offset {})",
            error.utf8_error().valid_up_to()
        ),
    })?;
    import::run(&text, options, Some(&shown))
}

/// Exports a site as a Ghost 5.x-style JSON export (`{"db":[{"meta":..., "data":...}]}`).
///
/// Comments and media have no Ghost table and are not written; everything else is, either in
/// Ghost's own fields or in `broadsheet` extension objects (see `docs/formats/ghost.md`).
/// Private data (e-mails) is written because a Ghost export is a full backup.
pub fn export(site: &dyn SiteData) -> Value {
    export::run(site)
}

/// [`export`] as pretty-printed JSON text.
pub fn export_string(site: &dyn SiteData) -> String {
    // Serialising a `Value` cannot fail.
    serde_json::to_string_pretty(&export(site)).unwrap_or_default()
}

/// Meta keys and field names shared by import and export.
pub(crate) mod keys {
    use broadsheet_core::Meta;
    use serde_json::Value;

    /// Prefix of meta keys holding Ghost fields with no typed home.
    pub const GHOST: &str = "ghost:";
    /// After [`GHOST`] (or another prefix): the value is JSON text, not a string.
    pub const JSON: &str = "json:";
    /// Prefix of post meta keys holding fields of Ghost 4+'s `posts_meta` table.
    pub const POSTS_META: &str = "ghost:meta:";
    /// Prefix of site meta keys holding Ghost settings with no typed home.
    pub const SETTING: &str = "ghost:setting:";
    /// User meta key holding a role name (from `roles_users`), once per role.
    pub const ROLE: &str = "ghost:role";
    /// The extension object on rows and in `db[0].meta`.
    pub const EXT: &str = "broadsheet";
    /// Fields holding dates (canonicalised on import).
    pub const DATE_FIELDS: &[&str] = &[
        "created_at",
        "updated_at",
        "published_at",
        "last_seen",
        "last_login",
    ];
    /// Settings never imported (secrets and hashes).
    pub const SECRET_SETTINGS: &[&str] = &[
        "db_hash",
        "dbHash",
        "session_secret",
        "theme_session_secret",
        "admin_session_secret",
        "public_hash",
        "password",
        "members_private_key",
        "members_public_key",
        "members_session_secret",
        "members_email_auth_secret",
        "ghost_private_key",
        "ghost_public_key",
        "email_verification_key",
    ];
    /// User fields never imported (password hashes and tokens).
    pub const SECRET_USER_FIELDS: &[&str] = &["password", "ghost_auth_access_token"];

    /// Keeps a Ghost field with no typed home: strings under `prefix + field`, other non-null
    /// values as JSON text under `prefix + "json:" + field`; `null` is not kept.
    pub fn carry(meta: &mut Meta, prefix: &str, field: &str, value: &Value) {
        match value {
            Value::Null => {}
            Value::String(text) => meta.push(format!("{prefix}{field}"), text.clone()),
            other => meta.push(format!("{prefix}{JSON}{field}"), other.to_string()),
        }
    }

    /// The inverse of [`carry`]: the field and its JSON value for a meta entry under `prefix`.
    /// `None` when the key is not under `prefix` or JSON text does not parse.
    pub fn uncarry(prefix: &str, key: &str, value: &str) -> Option<(String, Value)> {
        let field = key.strip_prefix(prefix)?;
        if let Some(field) = field.strip_prefix(JSON) {
            let parsed: Value = serde_json::from_str(value).ok()?;
            if parsed.is_null() || parsed.is_string() || !is_field_name(field) {
                return None;
            }
            Some((field.to_owned(), parsed))
        } else if !is_field_name(field) {
            None
        } else {
            Some((field.to_owned(), Value::String(value.to_owned())))
        }
    }

    /// Ghost field names are non-empty and have no `:` (which separates meta key prefixes).
    fn is_field_name(field: &str) -> bool {
        !field.is_empty() && !field.contains(':')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carry_and_uncarry_are_inverse() {
        use broadsheet_core::Meta;
        use serde_json::json;
        let mut meta = Meta::new();
        for (field, value) in [
            ("a", json!("text")),
            ("b", json!(3)),
            ("c", json!({"x": [1, true]})),
            ("d", json!(null)),
        ] {
            keys::carry(&mut meta, keys::GHOST, field, &value);
        }
        let back: Vec<_> = meta
            .iter()
            .map(|e| keys::uncarry(keys::GHOST, &e.key, &e.value).unwrap())
            .collect();
        assert_eq!(
            back,
            [
                ("a".to_owned(), json!("text")),
                ("b".to_owned(), json!(3)),
                ("c".to_owned(), json!({"x": [1, true]})),
            ]
        );
        assert_eq!(keys::uncarry(keys::GHOST, "ghost:meta:og", "x"), None);
        assert_eq!(keys::uncarry(keys::GHOST, "ghost:json:n", "not json"), None);
        assert_eq!(keys::uncarry(keys::GHOST, "other", "x"), None);
    }
}
