//! WordPress's own PHPUnit cases for `wpautop`, `wp_trim_words` and the shortcode API
//! (`../shared/data/vectors/`, see its README): every case runs, and any mismatch fails with
//! the case's name, input, expected and actual output.

use broadsheet_render::content::{Shortcodes, core_shortcodes, wp_trim_words, wpautop};
use serde_json::Value;
use std::collections::HashMap;

fn vectors(name: &str) -> Option<Vec<Value>> {
    let dir = broadsheet_core::testing::conformance_data()?;
    let path = dir.join("vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let file: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    Some(file["cases"].as_array().cloned().unwrap_or_default())
}

fn php_trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B'])
}

/// Runs every case, collecting mismatches; fails listing them all.
fn check(name: &str, cases: &[Value], run: impl Fn(&Value) -> String) -> usize {
    let mut failures = Vec::new();
    for case in cases {
        let input = case["input"].as_str().unwrap_or_default();
        let expected = case["expected"].as_str().unwrap_or_default();
        let actual = run(case);
        let (a, e) = if case["compare"] == "trim" {
            (php_trim(&actual), php_trim(expected))
        } else {
            (actual.as_str(), expected)
        };
        if a != e {
            failures.push(format!(
                "{}\n  input:    {:?}\n  expected: {:?}\n  actual:   {:?}",
                case["name"],
                truncate(input),
                truncate(e),
                truncate(a)
            ));
        }
    }
    let passed = cases.len() - failures.len();
    eprintln!("{name}: {passed}/{} cases pass", cases.len());
    assert!(
        failures.is_empty(),
        "{name}: {} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
    passed
}

fn truncate(text: &str) -> String {
    if text.len() <= 600 {
        return text.to_owned();
    }
    let mut end = 600;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}...", &text[..end])
}

#[test]
fn every_wpautop_case_of_wordpress_passes() {
    let Some(cases) = vectors("wordpress-wpautop.json") else {
        return;
    };
    assert_eq!(cases.len(), 34, "the README lists 34 cases");
    let passed = check("wpautop", &cases, |case| {
        let br = case["args"]["br"].as_bool().unwrap_or(true);
        wpautop(case["input"].as_str().unwrap_or_default(), br)
    });
    assert_eq!(passed, 34);
}

/// PHP's `(int)` of the `num_words` argument: numbers, numeric strings; anything else is 0.
fn num_words(value: &Value) -> usize {
    match value {
        Value::Null => 0,
        Value::Number(n) => n.as_u64().unwrap_or(0) as usize,
        Value::String(s) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

#[test]
fn every_wp_trim_words_case_of_wordpress_passes() {
    let Some(cases) = vectors("wordpress-trim-words.json") else {
        return;
    };
    assert_eq!(cases.len(), 13, "the README lists 13 cases");
    let passed = check("wp_trim_words", &cases, |case| {
        let args = &case["args"];
        let words = match args.get("num_words") {
            Some(value) => num_words(value),
            None => 55,
        };
        let more = args["more"].as_str().unwrap_or("&hellip;");
        let by_characters = args["locale"] == "ja_JP";
        wp_trim_words(
            case["input"].as_str().unwrap_or_default(),
            words,
            more,
            by_characters,
        )
    });
    assert_eq!(passed, 13);
}

/// The shortcodes WordPress's `tests/shortcode.php` registers (see the vectors' notes), with
/// WordPress's core ones (captions as a theme without HTML5 support shows them; galleries with
/// no attachments give nothing).
fn test_shortcodes() -> Shortcodes {
    let mut codes = core_shortcodes(false, HashMap::new());
    codes.register("test-shortcode-tag", |_, _, _, _| String::new());
    codes.register("footag", |atts, _, _, _| {
        format!("foo = {}", atts.get("foo").unwrap_or(""))
    });
    codes.register("bartag", |atts, _, _, _| {
        format!("foo = {}", atts.get("foo").unwrap_or("no foo"))
    });
    codes.register("baztag", |_, content, _, codes| {
        format!(
            "content = {}",
            codes.do_shortcode(content.unwrap_or(""), false)
        )
    });
    codes.register("dumptag", |atts, _, _, _| {
        atts.iter().map(|(k, v)| format!("{k} = {v}\n")).collect()
    });
    codes.register("hyphen", |_, _, _, _| "shortcode_hyphen".into());
    codes.register("hyphen-foo", |_, _, _, _| "shortcode_hyphen_foo".into());
    codes.register("hyphen-foo-bar", |_, _, _, _| {
        "shortcode_hyphen_foo_bar".into()
    });
    codes.register("url", |_, _, _, _| "http://www.wordpress.org/".into());
    codes.register("img", |atts, _, _, _| {
        let mut out = String::from("<img");
        for (k, v) in atts.iter() {
            out.push_str(&format!(" {k}=\"{v}\""));
        }
        out + " />"
    });
    codes
}

#[test]
fn every_shortcode_case_of_wordpress_passes() {
    let Some(cases) = vectors("wordpress-shortcodes.json") else {
        return;
    };
    assert_eq!(cases.len(), 66, "the README lists 66 cases");
    let codes = test_shortcodes();
    let passed = check("shortcodes", &cases, |case| {
        let input = case["input"].as_str().unwrap_or_default();
        match case["args"]["function"].as_str() {
            Some("do_shortcode") => codes.do_shortcode(input, false),
            Some("strip_shortcodes") => codes.strip_shortcodes(input),
            Some("shortcode_unautop") => codes.shortcode_unautop(input),
            other => panic!("{}: unknown function {other:?}", case["name"]),
        }
    });
    assert_eq!(passed, 66);
}
