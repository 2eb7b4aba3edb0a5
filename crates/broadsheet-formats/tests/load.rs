//! `load` recognises every format by its content, and `save` writes each one back.

use broadsheet_formats::{Format, ImportError, ImportOptions, load, save};
use std::path::Path;
use support::data_dir;

mod support;

const EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/data/wlp-kyrgyzstan.json"
);

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn recognises_the_conformance_exports() {
    let Some(data) = data_dir() else {
        return;
    };
    let cases = [
        ("wxr/wordpress-importer/small-export.xml", "wxr", "1.1"),
        ("wxr/wordpress-importer/valid-wxr-1.0.xml", "wxr", "1.0"),
        ("ghost/default_export.ghost-2.9.0.json", "ghost", "2.9.0"),
        ("ghost/lts-export-003-duplicate-tags.json", "ghost", "003"),
    ];
    for (file, family, version) in cases {
        let imported = load(data.join(file), ImportOptions::default())
            .unwrap_or_else(|error| panic!("{file}: {error}"));
        assert_eq!(imported.format.family, family, "{file}");
        assert_eq!(imported.format.version, version, "{file}");
        assert!(!imported.site.posts.is_empty(), "{file}");
    }
}

#[test]
fn every_format_saves_and_loads_back() {
    let original = load(EXAMPLE, ImportOptions::default()).expect("example data loads");
    assert_eq!(original.format.to_string(), "broadsheet-json-1");
    let dir = tempfile::tempdir().unwrap();
    for format in Format::ALL {
        let path = dir.path().join(format!("site.{}", format.name()));
        save(&original.site, &path, format).unwrap();
        let again = load(&path, ImportOptions::default())
            .unwrap_or_else(|error| panic!("{format}: {error}"));
        let expected_family = match format {
            Format::Wxr => "wxr",
            Format::Ghost => "ghost",
            Format::Json => "broadsheet-json",
            Format::JsonLines => "broadsheet-jsonl",
            Format::Store => "broadsheet-store",
        };
        assert_eq!(again.format.family, expected_family);
        // WXR writes media as attachment items, so compare the blog posts.
        let titles = |site: &broadsheet_core::Site| {
            let mut titles: Vec<String> = site
                .posts
                .iter()
                .filter(|p| p.kind == broadsheet_core::PostKind::Post)
                .map(|p| p.title.clone())
                .collect();
            titles.sort();
            titles
        };
        assert_eq!(titles(&again.site), titles(&original.site), "{format}");
        if matches!(format, Format::Json | Format::JsonLines) {
            assert_eq!(again.site, original.site, "{format} is lossless");
        }
    }
}

#[test]
fn kinds_option_leaves_items_out_and_says_so() {
    let imported = load(
        EXAMPLE,
        ImportOptions::default().with_kinds(Some(vec![broadsheet_core::PostKind::Page])),
    )
    .unwrap();
    assert!(imported.site.posts.is_empty());
    assert!(imported.site.comments.is_empty());
    let issue = imported.report.warnings().next().expect("a warning");
    assert_eq!(issue.code, "import.kind.skipped");
    assert!(issue.message.starts_with("12 item(s)"), "{}", issue.message);
}

#[test]
fn unknown_content_and_missing_files_are_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("posts.csv");
    std::fs::write(&csv, "title,date\nA,2013\n").unwrap();
    match load(&csv, ImportOptions::default()) {
        Err(ImportError::UnknownFormat(message)) => {
            assert!(message.contains("posts.csv"), "{message}");
            assert!(message.contains("title,date"), "{message}");
        }
        other => panic!("expected UnknownFormat, got {other:?}"),
    }
    match load(
        Path::new("/nonexistent/site.json"),
        ImportOptions::default(),
    ) {
        Err(ImportError::Io { path, .. }) => assert_eq!(path, "/nonexistent/site.json"),
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn size_limit_applies_to_native_files() {
    let result = load(EXAMPLE, ImportOptions::default().with_max_bytes(Some(100)));
    match result {
        Err(error @ ImportError::TooLarge { limit: 100, .. }) => {
            assert!(
                error.to_string().contains("wlp-kyrgyzstan.json: input is "),
                "{error}"
            );
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
}

#[test]
fn author_slug_sources_read_and_print_their_names() {
    use broadsheet_formats::AuthorSlugs;
    for source in [AuthorSlugs::Login, AuthorSlugs::DisplayName] {
        assert_eq!(source.to_string().parse::<AuthorSlugs>(), Ok(source));
    }
    assert_eq!(" Display_Name ".parse(), Ok(AuthorSlugs::DisplayName));
    let error = "nickname".parse::<AuthorSlugs>().unwrap_err();
    assert!(
        error.contains("\"nickname\"") && error.contains("display-name"),
        "{error}"
    );
}
