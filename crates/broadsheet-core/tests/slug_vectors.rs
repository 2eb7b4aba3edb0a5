//! Every slug test vector from WordPress's and Ghost's own test suites (conformance data,
//! `vectors/`), and property tests of `slugify`.

use broadsheet_core::slug::{
    WordPressContext, ghost_slugify, remove_accents, remove_accents_latin1, sanitize_title,
    sanitize_title_with_dashes, utf8_uri_encode,
};
use broadsheet_core::{Slug, SlugStyle, slugify};
use proptest::prelude::*;
use serde_json::Value;
use std::path::PathBuf;

/// The slug vectors folder of the conformance data (see
/// `broadsheet_core::testing::conformance_data`).
fn vectors_dir() -> Option<PathBuf> {
    broadsheet_core::testing::conformance_data().map(|dir| dir.join("vectors"))
}

fn load(file: &str) -> Option<Vec<Value>> {
    let path = vectors_dir()?.join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let cases: Vec<Value> = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{} is not a JSON array: {error}", path.display()));
    assert!(!cases.is_empty(), "{} has no cases", path.display());
    Some(cases)
}

fn text<'a>(case: &'a Value, field: &str) -> &'a str {
    case[field]
        .as_str()
        .unwrap_or_else(|| panic!("case {} has no string {field:?}", case["name"]))
}

/// The build script (`conformance_data` cfg, which decides whether the tests above run or are
/// reported as ignored) and the test-time locator agree; under `CI=true` the locator panics
/// when the data is absent, so CI never passes with the conformance tests ignored.
#[test]
fn the_conformance_data_is_found_where_the_build_looked() {
    let found = broadsheet_core::testing::conformance_data();
    assert_eq!(
        found.is_some(),
        cfg!(conformance_data),
        "the build script and the test disagree about {found:?}"
    );
}

/// Collects failures so that one run reports every failing case.
#[derive(Default)]
struct Failures {
    checked: usize,
    lines: Vec<String>,
}

impl Failures {
    fn check(&mut self, case: &Value, input: &str, expected: &str, got: &str) {
        self.checked += 1;
        if expected != got {
            self.lines.push(format!(
                "  {}\n    input:    {input:?}\n    expected: {expected:?}\n    got:      {got:?}",
                case["name"].as_str().unwrap_or("(unnamed)")
            ));
        }
    }

    fn fail_if_any(self, file: &str, expected_count: usize) {
        assert_eq!(
            self.checked, expected_count,
            "{file}: checked {} cases, the file has {expected_count}",
            self.checked
        );
        assert!(
            self.lines.is_empty(),
            "{file}: {} of {} cases fail:\n{}",
            self.lines.len(),
            self.checked,
            self.lines.join("\n")
        );
    }
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn wordpress_sanitize_title_with_dashes() {
    let file = "wordpress-sanitize-title-with-dashes.json";
    let Some(cases) = load(file) else { return };
    let mut failures = Failures::default();
    for case in &cases {
        let input = text(case, "input");
        let context = match text(case, "context") {
            "save" => WordPressContext::Save,
            "display" => WordPressContext::Display,
            other => panic!("unknown context {other:?} in {}", case["name"]),
        };
        let got = sanitize_title_with_dashes(input, context);
        failures.check(case, input, text(case, "expected"), &got);
    }
    failures.fail_if_any(file, cases.len());
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn wordpress_sanitize_title() {
    let file = "wordpress-sanitize-title.json";
    let Some(cases) = load(file) else { return };
    let mut failures = Failures::default();
    for case in &cases {
        assert_eq!(text(case, "context"), "save", "{}", case["name"]);
        let input = text(case, "input");
        let got = sanitize_title(input, text(case, "fallback"));
        failures.check(case, input, text(case, "expected"), &got);
    }
    failures.fail_if_any(file, cases.len());
}

fn hex_bytes(hex: &str) -> Vec<u8> {
    assert!(hex.len().is_multiple_of(2), "odd-length hex {hex:?}");
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            u8::from_str_radix(&hex[i..i + 2], 16)
                .unwrap_or_else(|error| panic!("bad hex {hex:?}: {error}"))
        })
        .collect()
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn wordpress_remove_accents() {
    let file = "wordpress-remove-accents.json";
    let Some(cases) = load(file) else { return };
    let mut failures = Failures::default();
    let mut latin1_cases = 0;
    for case in &cases {
        let expected = text(case, "expected");
        let locale = case["locale"].as_str();
        if let Some(hex) = case["input_bytes_hex"].as_str() {
            latin1_cases += 1;
            assert_eq!(locale, None, "{}", case["name"]);
            let got = remove_accents_latin1(&hex_bytes(hex));
            failures.check(case, &format!("bytes {hex}"), expected, &got);
        } else {
            let input = text(case, "input");
            // `requires: intl` (the NFD case): Broadsheet always normalises, as WordPress does
            // when the extension is present.
            let got = remove_accents(input, locale);
            failures.check(case, input, expected, &got);
        }
    }
    assert_eq!(latin1_cases, 1, "{file}: expected one Latin-1 case");
    failures.fail_if_any(file, cases.len());
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn wordpress_utf8_uri_encode() {
    let file = "wordpress-utf8-uri-encode.json";
    let Some(cases) = load(file) else { return };
    let mut failures = Failures::default();
    for case in &cases {
        let input = text(case, "input");
        let length = case["length"]
            .as_u64()
            .unwrap_or_else(|| panic!("case {} has no length", case["name"]));
        let length = usize::try_from(length).expect("length fits in usize");
        let got = utf8_uri_encode(input, length);
        match text(case, "check") {
            "same" => failures.check(case, input, text(case, "expected"), &got),
            "max_strlen" => {
                let max = case["max_strlen"].as_u64().expect("max_strlen is a number");
                let max = usize::try_from(max).expect("max_strlen fits in usize");
                let verdict = if got.len() <= max {
                    "ok".to_owned()
                } else {
                    format!("{} bytes", got.len())
                };
                failures.check(case, input, "ok", &verdict);
                // The cut result is a prefix of the full encoding, ending between characters.
                let full = utf8_uri_encode(input, 0);
                assert!(full.starts_with(&got), "{}: {got:?}", case["name"]);
                assert!(
                    got.len() == full.len() || full[got.len()..].starts_with('%'),
                    "{}: cut inside a character: {got:?}",
                    case["name"]
                );
            }
            other => panic!("unknown check {other:?}"),
        }
    }
    failures.fail_if_any(file, cases.len());
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn ghost_slugify_vectors() {
    let file = "ghost-slugify.json";
    let Some(cases) = load(file) else { return };
    let mut failures = Failures::default();
    for case in &cases {
        // A null input is Ghost's `slugify(null)`: treated as the empty string.
        let input = case["input"].as_str().unwrap_or("");
        let required_changes_only = case["options"]["requiredChangesOnly"]
            .as_bool()
            .unwrap_or(false);
        let got = ghost_slugify(input, required_changes_only);
        failures.check(case, input, text(case, "expected"), &got);
    }
    failures.fail_if_any(file, cases.len());
}

fn title() -> impl Strategy<Value = String> {
    prop_oneof![
        // Anything at all.
        any::<String>(),
        // Titles made of the characters slugs are made of, with markup, entities and escapes.
        proptest::collection::vec(
            prop_oneof![
                "[A-Za-z0-9 ]{1,6}",
                Just("<b>".to_owned()),
                Just("</b>".to_owned()),
                Just("&amp;".to_owned()),
                Just("&".to_owned()),
                Just(";".to_owned()),
                Just("%".to_owned()),
                Just("%c3%a9".to_owned()),
                Just("%E2%80%94".to_owned()),
                Just("---".to_owned()),
                Just(".".to_owned()),
                Just("'".to_owned()),
                Just("£".to_owned()),
                Just("\u{a0}".to_owned()),
                "[\\u{80}-\\u{2fff}]{1,3}",
                "[жумабаеваÄÖÜßçœ]{1,4}",
            ],
            0..24,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(256))]
    #[test]
    fn slugify_is_idempotent_and_gives_valid_slugs(title in title()) {
        for style in [SlugStyle::WordPress, SlugStyle::Ascii] {
            let once = slugify(&title, style);
            let twice = slugify(&once, style);
            prop_assert_eq!(&twice, &once, "{:?} on {:?}", style, title);
            if once.is_empty() {
                prop_assert_eq!(Slug::from_title(&title, style), None);
            } else {
                prop_assert!(Slug::parse(&once).is_ok(), "{:?} gave {:?}", style, once);
                prop_assert_eq!(
                    Slug::from_title(&title, style).map(Slug::into_string),
                    Some(once.clone())
                );
            }
            if style == SlugStyle::WordPress {
                prop_assert!(once.len() <= 200, "{} bytes", once.len());
            } else {
                prop_assert!(once.is_ascii(), "{:?}", once);
            }
        }
    }
}
