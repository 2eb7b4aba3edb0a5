//! WordPress eXtended RSS (WXR): import of versions 1.0, 1.1 and 1.2, export of 1.2.
//!
//! Import streams the file through [`quick_xml`]: memory grows with the site it builds, never
//! with a document tree. Elements are matched by namespace URI (`http://` or `https://
//! wordpress.org/export/1.x/`), whatever their prefix. No DTD is read and no entity other than
//! XML's five and character references is expanded.
//!
//! ```
//! use broadsheet_formats::{ImportOptions, wxr};
//!
//! let xml = r#"<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"
//!     xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
//!   <title>Blog</title><wp:wxr_version>1.2</wp:wxr_version>
//!   <wp:author><wp:author_id>1</wp:author_id><wp:author_login>ann</wp:author_login></wp:author>
//!   <item><title>Hello</title><dc:creator>ann</dc:creator><wp:post_id>7</wp:post_id>
//!     <wp:post_name>hello</wp:post_name><wp:status>publish</wp:status></item>
//! </channel></rss>"#;
//! let imported = wxr::import_str(xml, ImportOptions::default()).unwrap();
//! assert_eq!(imported.site.posts[0].title, "Hello");
//! assert_eq!(imported.format.to_string(), "wxr-1.2");
//!
//! let again = wxr::import_str(&wxr::export_string(&imported.site), ImportOptions::default()).unwrap();
//! assert_eq!(again.site, imported.site);
//! ```
//!
//! The mapping between WXR and the model, field by field, and every report code are in
//! `docs/formats/wxr.md`.

mod build;
mod position;
mod reader;
mod writer;

use crate::import::{ImportError, ImportOptions, Imported, InputFile, SourceFormat};
use broadsheet_core::{BuildMode, SiteData};
use std::io::{BufRead, BufReader};
use std::path::Path;

pub use writer::export;

/// Reserved meta keys under which the importer keeps what the model has no field for, so that
/// export writes it back. Real meta keys starting with `wxr:` are not supported.
pub mod keys {
    /// Prefix of every reserved key.
    pub const PREFIX: &str = "wxr:";
    /// Channel `pubDate` (site meta), or an item `pubDate` that differs from its GMT date.
    pub const PUB_DATE: &str = "wxr:pub_date";
    /// Channel `generator` (site meta).
    pub const GENERATOR: &str = "wxr:generator";
    /// Channel `wp:base_site_url` (site meta).
    pub const BASE_SITE_URL: &str = "wxr:base_site_url";
    /// Channel `wp:base_blog_url` (site meta).
    pub const BASE_BLOG_URL: &str = "wxr:base_blog_url";
    /// An author or term created because an item used it without a declaration (value `1`).
    pub const UNDECLARED: &str = "wxr:undeclared";
    /// An author whose `wp:author_display_name` was empty (value `1`).
    pub const NO_DISPLAY_NAME: &str = "wxr:no_display_name";
    /// A term created from a WXR 1.0 `<category>` that had no `nicename` (value `1`).
    pub const NO_NICENAME: &str = "wxr:no_nicename";
    /// A term parent slug that names no declared term.
    pub const TERM_PARENT: &str = "wxr:parent";
    /// An author without `wp:author_login` (value `1`): export writes the login empty again.
    pub const NO_LOGIN: &str = "wxr:no_login";
    /// An item without `wp:post_id` (value `1`).
    pub const NO_POST_ID: &str = "wxr:no_post_id";
    /// A `wp:post_id` that is not a positive integer (reported as `wxr.item.id.invalid`): the
    /// item gets a new id, and export writes this text back as its `wp:post_id`.
    pub const INVALID_POST_ID: &str = "wxr:invalid_post_id";
    /// An author's `wp:author_id`, a term's `wp:term_id` or a comment's `wp:comment_id` that is
    /// not a positive integer (reported as `wxr.author.id.invalid`, `wxr.term.id.invalid`,
    /// `wxr.comment.id.invalid`): the entity gets a new id and no `source_id`, and export writes
    /// this text back as its id (and where other elements name it).
    pub const INVALID_ID: &str = "wxr:invalid_id";
    /// A comment without `wp:comment_id` (value `1`).
    pub const NO_COMMENT_ID: &str = "wxr:no_comment_id";
    /// The item's RSS `link`.
    pub const LINK: &str = "wxr:link";
    /// A non-empty item RSS `description`.
    pub const DESCRIPTION: &str = "wxr:description";
    /// The `isPermaLink` attribute of `guid`, when not `false`.
    pub const GUID_IS_PERMALINK: &str = "wxr:guid_is_permalink";
    /// `wp:post_date_gmt` when it was missing or `0000-00-00 00:00:00` (the local date is kept
    /// in the site's time zone).
    pub const POST_DATE_GMT: &str = "wxr:post_date_gmt";
    /// `wp:post_date` when it was missing or zero but the GMT date was not.
    pub const POST_DATE: &str = "wxr:post_date";
    /// `wp:post_modified_gmt` when it was missing or zero.
    pub const POST_MODIFIED_GMT: &str = "wxr:post_modified_gmt";
    /// `wp:post_modified` when it was missing or zero but the GMT date was not.
    pub const POST_MODIFIED: &str = "wxr:post_modified";
    /// `wp:post_modified` was present but empty or zero (value `1`).
    pub const HAS_MODIFIED: &str = "wxr:has_modified";
    /// `wp:comment_status` other than `open` or `closed`.
    pub const COMMENT_STATUS: &str = "wxr:comment_status";
    /// `wp:ping_status` other than `open` or `closed`.
    pub const PING_STATUS: &str = "wxr:ping_status";
    /// A `wp:post_parent` that names no item of the file.
    pub const POST_PARENT: &str = "wxr:post_parent";
    /// An attachment's `wp:attachment_url`.
    pub const ATTACHMENT_URL: &str = "wxr:attachment_url";
    /// `wp:comment_date_gmt` when it was missing or zero.
    pub const COMMENT_DATE_GMT: &str = "wxr:comment_date_gmt";
    /// `wp:comment_date` when it was missing or zero but the GMT date was not.
    pub const COMMENT_DATE: &str = "wxr:comment_date";
    /// `wp:comment_approved` other than `1`, `0`, `spam` or `trash`.
    pub const COMMENT_APPROVED: &str = "wxr:comment_approved";
    /// A `wp:comment_parent` that names no comment of the file.
    pub const COMMENT_PARENT: &str = "wxr:comment_parent";
    /// A `wp:comment_user_id` that names no declared author.
    pub const COMMENT_USER_ID: &str = "wxr:comment_user_id";
}

/// The WXR version export writes.
pub const EXPORT_VERSION: &str = "1.2";

/// Imports a WXR document held in memory.
pub fn import_str(xml: &str, options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    let size = xml.len() as u64;
    if let Some(limit) = options.max_bytes
        && size > limit
    {
        return Err(ImportError::TooLarge {
            file: None,
            size,
            limit,
        });
    }
    let author_slugs = options.author_slugs;
    let (settings, mode) = settings(Some(size), None, options);
    finish(reader::parse_str(xml, settings)?, mode, author_slugs)
}

/// Imports a WXR document from a reader, streaming.
pub fn import_reader(
    input: impl BufRead,
    options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    import_from(input, None, None, options)
}

/// Imports a WXR file; issues and errors name the file.
pub fn import_file(
    path: impl AsRef<Path>,
    options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    let input = InputFile::open(path.as_ref(), options.max_bytes)?;
    import_from(
        BufReader::with_capacity(256 * 1024, input.file),
        Some(input.size),
        Some(input.name),
        options,
    )
}

fn import_from(
    input: impl BufRead,
    total: Option<u64>,
    file: Option<String>,
    options: ImportOptions<'_>,
) -> Result<Imported, ImportError> {
    let author_slugs = options.author_slugs;
    let (settings, mode) = settings(total, file, options);
    finish(reader::parse(input, settings)?, mode, author_slugs)
}

fn settings(
    total: Option<u64>,
    file: Option<String>,
    options: ImportOptions<'_>,
) -> (reader::ParseSettings<'_>, BuildMode) {
    let ImportOptions {
        mode,
        kinds,
        max_bytes,
        limits,
        progress,
        phase: _,
        author_slugs: _,
        format: _,
        addresses: _,
    } = options;
    let settings = reader::ParseSettings {
        mode,
        file,
        kinds: kinds.map(|kinds| kinds.iter().map(|k| k.as_str().to_owned()).collect()),
        max_bytes,
        limits,
        total,
        progress,
    };
    (settings, mode)
}

fn finish(
    (document, issues): (reader::RawDocument, reader::Issues),
    mode: BuildMode,
    author_slugs: crate::AuthorSlugs,
) -> Result<Imported, ImportError> {
    let version = document.version.clone();
    let (site, issues) = build::build(document, issues, author_slugs);
    let report = issues.log.finish();
    if mode == BuildMode::Strict && report.has_errors() {
        return Err(ImportError::Invalid { report });
    }
    Ok(Imported {
        site,
        report,
        format: SourceFormat {
            family: "wxr".into(),
            version,
        },
    })
}

/// Writes a site as WXR 1.2 into a string.
pub fn export_string(site: &dyn SiteData) -> String {
    let mut out = Vec::with_capacity(4096);
    // Writing into a Vec cannot fail.
    let _ = export(site, &mut out);
    String::from_utf8(out).unwrap_or_default()
}
