//! Shared by the integration tests of this crate (each test file uses some of it): finding the
//! conformance data, importing its files, and reading what an import reported.

#![allow(dead_code)]

use broadsheet_core::{BuildMode, Post, Site, Slug, Taxonomy, Term, Timestamp, Url};
use broadsheet_formats::{ImportError, ImportOptions, Imported, wxr};
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

/// The conformance data directory, when it holds WXR files.
pub fn wxr_data_dir() -> Option<PathBuf> {
    data_dir().filter(|dir| dir.join("wxr").is_dir())
}

/// A file under `ghost/` in the conformance data.
pub fn ghost_file(name: &str) -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("ghost").join(name))
}

/// Default import options in `mode`.
pub fn options(mode: BuildMode) -> ImportOptions<'static> {
    ImportOptions {
        mode,
        ..ImportOptions::default()
    }
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
