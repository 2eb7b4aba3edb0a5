//! Shared by the integration tests of this crate (each test file uses some of it): finding the
//! conformance data, importing its files, and reading what an import reported.

#![allow(dead_code)]

use broadsheet_core::{
    BuildMode, Issue, Location, Post, PostStatus, Site, Slug, Taxonomy, Term, Timestamp, Url,
};
use broadsheet_formats::{ImportError, ImportOptions, Imported, wxr};
use chrono::{DateTime, TimeZone, Utc};
use std::path::PathBuf;

/// A slug the test knows is valid.
pub fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// A URL the test knows is valid.
pub fn url(text: &str) -> Url {
    Url::parse(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// An RFC 3339 time the test knows is valid.
pub fn time(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap_or_else(|e| panic!("{text:?}: {e}"))
}

/// The conformance data directory (see `broadsheet_core::testing::conformance_data`).
pub fn data_dir() -> Option<PathBuf> {
    broadsheet_core::testing::conformance_data()
}

/// The conformance data directory, which must hold a `wxr/` folder: data without it is
/// incomplete, and a test that skipped silently would pass by luck (`None` only when the
/// whole directory is absent, which `conformance_data` reports, and fails under `CI=true`).
pub fn wxr_data_dir() -> Option<PathBuf> {
    let dir = data_dir()?;
    assert!(
        dir.join("wxr").is_dir(),
        "the conformance data at {} has no wxr/ folder",
        dir.display()
    );
    Some(dir)
}

/// A file under `ghost/` in the conformance data.
pub fn ghost_file(name: &str) -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("ghost").join(name))
}

/// Default import options in `mode`.
pub fn options(mode: BuildMode) -> ImportOptions<'static> {
    ImportOptions::default().with_mode(mode)
}

/// The codes of the issues an import reported, in order.
pub fn codes(imported: &Imported) -> Vec<&str> {
    imported
        .report
        .issues
        .iter()
        .map(|i| i.code.as_str())
        .collect()
}

/// The issues an import reported with `code`, in report order (empty when there are none).
pub fn issues_with<'a>(imported: &'a Imported, code: &str) -> Vec<&'a Issue> {
    imported
        .report
        .issues
        .iter()
        .filter(|i| i.code == code)
        .collect()
}

/// Whether an import reported at least one issue with `code`.
pub fn reported(imported: &Imported, code: &str) -> bool {
    imported.report.issues.iter().any(|i| i.code == code)
}

/// The first issue an import reported with `code`; fails the test, showing the whole report,
/// when there is none.
#[track_caller]
pub fn first_issue<'a>(imported: &'a Imported, code: &str) -> &'a Issue {
    issues_with(imported, code)
        .first()
        .copied()
        .unwrap_or_else(|| panic!("no {code} issue in the report:\n{}", imported.report))
}

/// Asserts that an import reported every one of `expected` (among any others), naming the
/// first missing code and the codes that were reported.
#[track_caller]
pub fn assert_reported(imported: &Imported, expected: &[&str]) {
    let found = codes(imported);
    for code in expected {
        assert!(found.contains(code), "{code} missing from {found:?}");
    }
}

/// The location and message of the syntax error an import must have failed with; fails the
/// test, showing what it gave instead, for any other result.
#[track_caller]
pub fn syntax_error(result: Result<Imported, ImportError>) -> (Location, String) {
    match result {
        Err(ImportError::Syntax { location, message }) => (location, message),
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

/// Asserts that importing the file at `path` failed with a syntax error located in that file
/// (by its displayed path) at `line`.
#[track_caller]
pub fn assert_syntax_error_in_file(
    result: Result<Imported, ImportError>,
    path: &std::path::Path,
    line: u64,
) {
    let (location, _) = syntax_error(result);
    assert_eq!(
        location.file.as_deref(),
        Some(path.display().to_string().as_str())
    );
    assert_eq!(location.line, Some(line));
}

/// The start of a small WXR 1.2 document: the XML declaration, `<rss>` with the four namespaces
/// the importer reads, a channel titled `T` and its WXR version. Seven lines, so the first
/// element of a body starts on line 8 (tests that check reported lines count on it).
pub const WXR_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>T</title>
<wp:wxr_version>1.2</wp:wxr_version>
"#;

/// What closes a document opened by [`WXR_HEAD`].
pub const WXR_TAIL: &str = "</channel>\n</rss>\n";

/// A WXR document whose channel holds `body` after [`WXR_HEAD`] (items, authors, terms).
pub fn wxr_doc(body: &str) -> String {
    format!("{WXR_HEAD}{body}{WXR_TAIL}")
}

/// Path of a WXR conformance file (`wordpress-importer/small-export.xml`).
pub fn wxr_path(dir: &std::path::Path, name: &str) -> PathBuf {
    dir.join("wxr").join(name)
}

/// Imports a conformance file.
pub fn import(dir: &std::path::Path, name: &str, mode: BuildMode) -> Result<Imported, ImportError> {
    wxr::import_file(wxr_path(dir, name), options(mode))
}

/// Imports a conformance file leniently, failing the test on error.
pub fn lenient(dir: &std::path::Path, name: &str) -> Imported {
    import(dir, name, BuildMode::Lenient).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Imports a conformance file strictly, failing the test on error.
pub fn strict(dir: &std::path::Path, name: &str) -> Imported {
    import(dir, name, BuildMode::Strict).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The raw text of a conformance file.
pub fn raw(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(wxr_path(dir, name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every WXR conformance file, relative to `wxr/`.
pub fn all_files(dir: &std::path::Path) -> Vec<String> {
    files_under(dir, "wxr", "xml")
}

/// Every file ending in `.{extension}` under `folder` of the conformance data, at any depth,
/// relative to `folder` (with `/`), sorted.
pub fn files_under(dir: &std::path::Path, folder: &str, extension: &str) -> Vec<String> {
    let mut files = Vec::new();
    let root = dir.join(folder);
    let mut stack = vec![root.clone()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).expect("readable data directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == extension) {
                let relative = path.strip_prefix(&root).expect("under root");
                files.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    files.sort();
    files
}

/// The status of every post of a site, in the site's order.
pub fn post_statuses(site: &Site) -> Vec<PostStatus> {
    site.posts.iter().map(|p| p.status.clone()).collect()
}

/// An instant given in milliseconds since the Unix epoch, as Ghost exports write dates.
pub fn epoch_millis(millis: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(millis)
        .single()
        .unwrap_or_else(|| panic!("{millis} ms is out of chrono's range"))
}

/// Asserts how a Ghost post's two bookkeeping dates were imported: `updated_at` as the post's
/// `modified` time (`updated_millis`, epoch milliseconds) and `created_at`, which the model
/// has no field for, kept as RFC 3339 text in the `ghost:created_at` meta entry.
#[track_caller]
pub fn assert_updated_and_created(post: &Post, updated_millis: i64, created_at: &str) {
    assert_eq!(
        post.modified.map(|t| t.utc()),
        Some(epoch_millis(updated_millis))
    );
    assert_eq!(post.meta.get("ghost:created_at"), Some(created_at));
}

/// The post titled `title`.
pub fn post<'a>(site: &'a Site, title: &str) -> &'a Post {
    site.posts
        .iter()
        .find(|p| p.title == title)
        .unwrap_or_else(|| panic!("no post titled {title:?}"))
}

/// The terms of a post, as (taxonomy name, slug).
pub fn post_terms(site: &Site, post: &Post) -> Vec<(String, String)> {
    post.terms
        .iter()
        .map(|id| {
            let term = site.term(*id).expect("post terms exist");
            (
                term.taxonomy.as_str().to_owned(),
                term.slug.as_str().to_owned(),
            )
        })
        .collect()
}

/// The terms of the post titled `title`, as (taxonomy name, slug), sorted: for checks of which
/// terms a post has, not of their order.
pub fn sorted_terms_of(site: &Site, title: &str) -> Vec<(String, String)> {
    let mut terms = post_terms(site, post(site, title));
    terms.sort();
    terms
}

/// The term of `taxonomy` with `slug`.
pub fn term<'a>(site: &'a Site, taxonomy: &Taxonomy, slug: &str) -> &'a Term {
    site.term_by_slug(taxonomy, slug)
        .unwrap_or_else(|| panic!("no {} {slug:?}", taxonomy.as_str()))
}

/// The text between `<![CDATA[` and `]]>` of the first `open` tag (as written) in `raw`.
pub fn raw_cdata<'a>(raw: &'a str, open: &str) -> &'a str {
    let start = raw
        .find(open)
        .unwrap_or_else(|| panic!("{open} not in file"))
        + open.len();
    let rest = &raw[start..];
    let rest = rest
        .strip_prefix("<![CDATA[")
        .unwrap_or_else(|| panic!("{open} holds no CDATA"));
    &rest[..rest.find("]]>").expect("CDATA closes")]
}

/// Control characters for the "any string" properties: the ones XML 1.0 cannot carry (NUL,
/// other C0 controls, U+FFFE, U+FFFF) and ones it can that are easy to lose (DEL, the C1 NEL,
/// which `char::is_whitespace` counts as whitespace, vertical tab and form feed, which it counts
/// too).
pub const CONTROLS: &[char] = &[
    '\0', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1B}', '\u{1F}', '\u{7F}', '\u{85}', '\u{FFFE}',
    '\u{FFFF}',
];

/// Whether XML 1.0 can carry the character (the rule `docs/formats/wxr.md` documents).
pub fn xml_allows(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Fields that name rather than say: identifiers, kinds, statuses, taxonomies, logins (authors'
/// slugs derive from them), GUIDs, formats, languages. A control character there makes a
/// different value (an invalid id, an unknown status), which other tests cover; the "any
/// string" properties are about text.
const NAMING_FIELDS: &[&str] = &[
    "source_id",
    "kind",
    "status",
    "taxonomy",
    "login",
    "slug",
    "guid",
    "format",
    "language",
    "time_zone",
];

/// Meta entries the formats interpret (`ghost:`, `wxr:`, `broadsheet:` keys) are not text either.
const RESERVED_META: &[&str] = &["ghost:", "wxr:", "broadsheet:"];

/// The site with one of [`CONTROLS`] inserted into every text string it holds (every string
/// but [`NAMING_FIELDS`] and reserved meta; a string whose change the model refuses, such as a
/// slug, a URL or a date, is left alone), chosen and placed by `seed`; with the number of
/// strings changed.
pub fn with_controls(site: &Site, seed: u64) -> (Site, usize) {
    let mut value = serde_json::to_value(site).expect("sites serialise");
    let mut pointers = Vec::new();
    string_leaves(&value, String::new(), true, &mut pointers);
    let mut changed = 0;
    for (k, pointer) in pointers.iter().enumerate() {
        let mix = seed
            .wrapping_add(k as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let control = CONTROLS[(mix % CONTROLS.len() as u64) as usize];
        let leaf = value.pointer_mut(pointer).expect("leaf exists");
        let old = leaf.as_str().expect("string leaf").to_owned();
        let boundaries: Vec<usize> = old
            .char_indices()
            .map(|(i, _)| i)
            .chain([old.len()])
            .collect();
        let at = boundaries[((mix >> 32) % boundaries.len() as u64) as usize];
        let mut new = old.clone();
        new.insert(at, control);
        *leaf = serde_json::Value::String(new);
        if serde_json::from_value::<Site>(value.clone()).is_ok() {
            changed += 1;
        } else {
            *value.pointer_mut(pointer).expect("leaf exists") = serde_json::Value::String(old);
        }
    }
    let site = serde_json::from_value(value).expect("every kept change deserialises");
    (site, changed)
}

/// The site with every character XML 1.0 cannot carry replaced by U+FFFD, in every string.
pub fn xml_replaced(site: &Site) -> Site {
    let mut value = serde_json::to_value(site).expect("sites serialise");
    let mut pointers = Vec::new();
    string_leaves(&value, String::new(), false, &mut pointers);
    for pointer in pointers {
        let leaf = value.pointer_mut(&pointer).expect("leaf exists");
        let text: String = leaf
            .as_str()
            .expect("string leaf")
            .chars()
            .map(|c| if xml_allows(c) { c } else { '\u{FFFD}' })
            .collect();
        *leaf = serde_json::Value::String(text);
    }
    serde_json::from_value(value).expect("replacement keeps the site valid")
}

/// JSON pointers of every string in a value, in document order; only text when `text_only`.
fn string_leaves(value: &serde_json::Value, at: String, text_only: bool, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(_) => out.push(at),
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                string_leaves(item, format!("{at}/{i}"), text_only, out);
            }
        }
        serde_json::Value::Object(map) => {
            let reserved = map
                .get("key")
                .and_then(|k| k.as_str())
                .is_some_and(|k| RESERVED_META.iter().any(|p| k.starts_with(p)));
            if text_only && reserved {
                return;
            }
            for (key, item) in map {
                if text_only && NAMING_FIELDS.contains(&key.as_str()) {
                    continue;
                }
                let escaped = key.replace('~', "~0").replace('/', "~1");
                string_leaves(item, format!("{at}/{escaped}"), text_only, out);
            }
        }
        _ => {}
    }
}

/// The first string, number or other leaf where two sites differ (a JSON pointer with both
/// values), for readable failures.
pub fn first_difference(left: &Site, right: &Site) -> Option<String> {
    fn walk(a: &serde_json::Value, b: &serde_json::Value, at: String) -> Option<String> {
        use serde_json::Value::{Array, Object};
        match (a, b) {
            (Array(x), Array(y)) if x.len() == y.len() => x
                .iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (x, y))| walk(x, y, format!("{at}/{i}"))),
            (Object(x), Object(y)) if x.keys().eq(y.keys()) => x
                .iter()
                .find_map(|(k, v)| walk(v, &y[k], format!("{at}/{k}"))),
            _ if a == b => None,
            _ => Some(format!("{at}: {a} != {b}")),
        }
    }
    let left = serde_json::to_value(left).expect("sites serialise");
    let right = serde_json::to_value(right).expect("sites serialise");
    walk(&left, &right, String::new())
}

/// A site written as a store (`Format::Store`) in a new temporary directory, which is removed
/// when the returned guard is dropped: keep it alive while the store is used.
#[cfg(feature = "store")]
pub fn stored(site: &dyn broadsheet_core::SiteData) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.broadsheet");
    broadsheet_formats::save(site, &path, broadsheet_formats::Format::Store).unwrap();
    (dir, path)
}
