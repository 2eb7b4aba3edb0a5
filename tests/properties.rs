//! Property tests over generated sites: the model's invariants hold for every input.

use broadsheet::{Site, Slug, SlugStyle, ValidationOptions, slugify, validate};
use broadsheet_core::testing::{Breakage, any_site, invalid_site, now, valid_site};
use proptest::prelude::*;
use serde_json::Value;

fn options() -> ValidationOptions {
    ValidationOptions::default().with_now(Some(now()))
}

/// Resolves a report path such as `posts[3].terms[1]` in the site's JSON form. A path whose
/// last field is absent from an existing object (an optional field left empty) resolves too:
/// the value it names exists as that entity's field.
fn resolves(site: &Site, path: &str) -> bool {
    let mut value = serde_json::to_value(site).expect("sites serialise");
    let segments: Vec<&str> = path.split('.').collect();
    for (position, segment) in segments.iter().enumerate() {
        let last = position == segments.len() - 1;
        let (field, indexes) = match segment.find('[') {
            Some(open) => (&segment[..open], &segment[open..]),
            None => (*segment, ""),
        };
        let Value::Object(map) = &value else {
            return false;
        };
        value = match map.get(field) {
            Some(next) => next.clone(),
            None => return last && indexes.is_empty(),
        };
        for index in indexes.split('[').filter(|s| !s.is_empty()) {
            let Ok(index) = index.trim_end_matches(']').parse::<usize>() else {
                return false;
            };
            let Value::Array(items) = &value else {
                return false;
            };
            let Some(item) = items.get(index) else {
                return false;
            };
            value = item.clone();
        }
    }
    true
}

fn expected_code(breakage: Breakage) -> Option<&'static str> {
    match breakage {
        Breakage::PublishedPostWithoutAuthor => Some("post.author.missing"),
        Breakage::EmptyTermName => Some("term.name.empty"),
        Breakage::BlankPublishedTitle => Some("post.title.empty"),
        Breakage::CommentParentOnOtherPost => Some("comment.parent.other_post"),
        _ => None,
    }
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(128))]

    #[test]
    fn json_round_trip_is_the_identity(site in valid_site()) {
        let text = broadsheet::formats::json::to_string(&site);
        let back = broadsheet::formats::json::from_str(&text).expect("own output loads");
        prop_assert_eq!(back, site);
    }

    #[test]
    fn json_round_trip_keeps_broken_sites_too(site in any_site()) {
        let text = broadsheet::formats::json::to_string(&site);
        prop_assert_eq!(broadsheet::formats::json::from_str(&text).expect("own output loads"), site);
    }

    #[test]
    fn valid_sites_validate_without_errors(site in valid_site()) {
        let report = validate(&site, &options());
        prop_assert!(!report.has_errors(), "unexpected errors:\n{}", report);
    }

    #[test]
    fn every_breakage_is_reported_at_a_value_that_exists((site, breakages) in invalid_site()) {
        let report = validate(&site, &options());
        // An untitled post is a warning (WordPress allows it); every other breakage is an error.
        let only_warnings = breakages.iter().all(|b| *b == Breakage::BlankPublishedTitle);
        prop_assert!(report.has_errors() || only_warnings, "no error for {:?}", breakages);
        prop_assert!(!report.is_empty(), "no issue for {:?}", breakages);
        for issue in &report.issues {
            prop_assert!(resolves(&site, &issue.path), "path {} of {} does not exist", issue.path, issue);
            prop_assert!(!issue.message.trim().is_empty());
        }
        for breakage in breakages {
            if let Some(code) = expected_code(breakage) {
                prop_assert!(report.issues.iter().any(|i| i.code == code), "{:?} should give {}:\n{}", breakage, code, report);
            }
        }
    }

    #[test]
    fn validation_never_panics(site in any_site()) {
        let report = validate(&site, &options());
        for issue in &report.issues {
            prop_assert!(resolves(&site, &issue.path), "path {} of {} does not exist", issue.path, issue);
        }
    }

    #[test]
    fn slugify_is_idempotent_and_gives_slugs(text in "\\PC{0,40}") {
        for style in [SlugStyle::WordPress, SlugStyle::Ascii] {
            let once = slugify(&text, style);
            prop_assert_eq!(slugify(&once, style), once.clone());
            if !once.is_empty() {
                prop_assert!(Slug::parse(&once).is_ok(), "{:?} is not a slug", once);
            }
        }
    }
}

#[test]
fn path_resolution_rejects_what_is_not_there() {
    let mut site = Site::new("t");
    site.posts.push(broadsheet::Post::new(
        broadsheet::PostId(1),
        "A",
        Slug::parse("a").unwrap(),
    ));
    assert!(resolves(&site, "posts[0].authors"));
    assert!(
        resolves(&site, "posts[0].excerpt"),
        "an empty optional field of an existing post"
    );
    assert!(!resolves(&site, "posts[1].authors"));
    assert!(!resolves(&site, "posts[0].authors[0]"));
    assert!(!resolves(&site, "nothing[0]"));
}

/// Every property test of the workspace takes its configuration from
/// `broadsheet_core::testing::proptest_config`, so that `CI=true` fixes its seed and
/// `scripts/test --explore` scales its cases: a block without it, or with a literal
/// `ProptestConfig`, would run by luck in CI or ignore the explore run.
#[test]
fn every_property_test_uses_the_shared_config() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut stack = vec![
        root.join("crates"),
        root.join("tests"),
        root.join("bindings"),
    ];
    let mut blocks = 0;
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    stack.push(path);
                }
                continue;
            }
            // The helper itself is the one place that builds a `ProptestConfig`.
            if path.extension().is_none_or(|e| e != "rs")
                || path.ends_with("broadsheet-core/src/testing.rs")
            {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("readable source");
            let lines: Vec<&str> = source.lines().collect();
            for (at, line) in lines.iter().enumerate() {
                let name = path.display();
                assert!(
                    !line.contains(concat!("ProptestConfig", "::with_cases"))
                        && !line.contains(concat!("ProptestConfig", " {")),
                    "{name}:{}: use testing::proptest_config(N) instead of a literal ProptestConfig",
                    at + 1
                );
                if line.trim_end().ends_with(concat!("proptest", "! {")) {
                    blocks += 1;
                    let next = lines.get(at + 1).copied().unwrap_or_default().trim();
                    assert!(
                        next.starts_with("#![proptest_config(")
                            && next.contains("testing::proptest_config("),
                        "{name}:{}: a proptest! block must start with #![proptest_config(...testing::proptest_config(N))]",
                        at + 2
                    );
                }
            }
        }
    }
    assert!(blocks >= 16, "found only {blocks} proptest! blocks");
}
