//! Import limits (issue 15): every limit of `Limits` and `max_bytes` has a safe default, is
//! configurable, and when reached fails the import with an error naming the limit, the value
//! and where; a report keeps one issue per cause with its count, and at most
//! `max_issues_per_code` different issues of a code, so its size follows the causes, not the
//! occurrences (two million `&#x110000;` in one post once made `validate --json` abort).

use broadsheet_formats::{DEFAULT_MAX_BYTES, ImportError, ImportOptions, Limits, load_bytes, wxr};
use support::issues_with;

mod support;

const WXR_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>T</title><wp:wxr_version>1.2</wp:wxr_version>
"#;

fn wxr_content(content: &str) -> String {
    format!(
        "{WXR_HEAD}<item><title>P</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>draft</wp:status><content:encoded>{content}</content:encoded></item></channel></rss>\n"
    )
}

fn with_limits(limits: Limits) -> ImportOptions<'static> {
    ImportOptions::default().with_limits(limits)
}

#[test]
fn defaults_are_safe_and_documented() {
    let options = ImportOptions::default();
    assert_eq!(options.max_bytes, Some(DEFAULT_MAX_BYTES));
    assert_eq!(DEFAULT_MAX_BYTES, 4 << 30);
    let limits = Limits::default();
    assert_eq!(limits.max_field_bytes, 64 << 20);
    assert_eq!(limits.max_depth, 1_000);
    assert_eq!(limits.max_items, 50_000_000);
    assert_eq!(limits.max_terms_per_post, 1_000_000);
    assert_eq!(limits.max_comments_per_thread, 10_000_000);
    assert_eq!(limits.max_issues_per_code, 100);
    // Struct update syntax keeps working on the options.
    let strict = ImportOptions::default().with_mode(broadsheet_core::BuildMode::Strict);
    assert_eq!(strict.limits, limits);
}

#[test]
fn one_issue_per_cause_with_its_count() {
    const N: usize = 200_000;
    let xml = wxr_content(&"&#x110000;".repeat(N));
    let imported = wxr::import_str(&xml, ImportOptions::default()).unwrap();
    let recovered = issues_with(&imported, "wxr.xml.recovered");
    assert_eq!(recovered.len(), 1, "{}", imported.report);
    assert!(
        recovered[0].message.contains(&format!("{N} times in all")),
        "{}",
        recovered[0].message
    );
    // The first occurrence keeps its location.
    let location = recovered[0].location.as_ref().unwrap();
    assert_eq!(location.line, Some(4));
    assert!(imported.report.issues.len() < 10, "{}", imported.report);
    // The text is kept as written.
    assert_eq!(imported.site.posts[0].content.len(), N * "&#x110000;".len());
}

#[test]
fn different_issues_past_the_limit_are_counted_not_kept() {
    // 5,000 different undefined entities: 5,000 different messages of one code.
    let content: String = (0..5_000).map(|i| format!("&e{i};")).collect();
    let xml = wxr_content(&content);
    for limit in [1, 100, 1_000] {
        let imported = wxr::import_str(
            &xml,
            with_limits(Limits::default().with_max_issues_per_code(limit)),
        )
        .unwrap();
        let kept = issues_with(&imported, "wxr.xml.recovered").len();
        assert_eq!(kept, limit);
        let truncated = issues_with(&imported, "import.issues.truncated");
        assert_eq!(truncated.len(), 1, "{}", imported.report);
        assert!(
            truncated[0].message.starts_with(&format!(
                "{} more issue(s) with code wxr.xml.recovered",
                5_000 - limit
            )),
            "{}",
            truncated[0].message
        );
    }
}

fn limit_error(
    result: Result<broadsheet_formats::Imported, ImportError>,
) -> (String, String, u64, u64, String) {
    match result {
        Err(ImportError::LimitExceeded(reached)) => (
            reached.limit.to_owned(),
            reached.what,
            reached.value,
            reached.max,
            reached.path,
        ),
        other => panic!("expected a limit error, got {other:?}"),
    }
}

#[test]
fn nesting_depth_is_limited_with_a_location() {
    let nested = format!("{}{}", "<x>".repeat(50), "</x>".repeat(50));
    let xml = format!("{WXR_HEAD}{nested}</channel></rss>");
    assert!(wxr::import_str(&xml, ImportOptions::default()).is_ok());
    let error =
        wxr::import_str(&xml, with_limits(Limits::default().with_max_depth(20))).unwrap_err();
    let text = error.to_string();
    assert!(text.starts_with("line 4, column "), "{text}");
    assert!(text.contains("max_depth"), "{text}");
    let (limit, _, value, max, _) = limit_error(Err(error));
    assert_eq!((limit.as_str(), value, max), ("max_depth", 21, 20));
    // 200,000 levels fail fast at the default limit, without recursion.
    let deep = format!("{WXR_HEAD}{}", "<x>".repeat(200_000));
    let (limit, ..) = limit_error(wxr::import_str(&deep, ImportOptions::default()));
    assert_eq!(limit, "max_depth");
}

const JSON_HEAD: &str = r#"{"format":"broadsheet","version":1,"site":{"title":"T""#;

fn json_site(posts: &str, terms: &str, comments: &str) -> Vec<u8> {
    format!(r#"{JSON_HEAD},"posts":[{posts}],"terms":[{terms}],"comments":[{comments}]}}}}"#)
        .into_bytes()
}

fn post(id: u64, terms: &str, content: &str) -> String {
    format!(
        r#"{{"id":{id},"kind":"post","status":"draft","title":"P","content":"{content}","terms":[{terms}]}}"#
    )
}

#[test]
fn counts_and_sizes_are_limited_with_the_path() {
    let terms: Vec<String> = (1..=5)
        .map(|id| format!(r#"{{"id":{id},"taxonomy":"post_tag","name":"t","slug":"t{id}"}}"#))
        .collect();
    let comments: Vec<String> = (1..=5)
        .map(|id| format!(r#"{{"id":{id},"post":2,"author_name":"A","content":"c","status":"approved","kind":"comment"}}"#))
        .collect();
    let bytes = json_site(
        &[post(1, "", "short"), post(2, "1,2,3,4,5", &"x".repeat(100))].join(","),
        &terms.join(","),
        &comments.join(","),
    );
    if let Err(error) = load_bytes(&bytes, ImportOptions::default()) {
        panic!("{error}");
    }

    let cases = [
        (
            Limits::default().with_max_items(11),
            "max_items",
            12,
            11,
            "",
        ),
        (
            Limits::default().with_max_terms_per_post(4),
            "max_terms_per_post",
            5,
            4,
            "posts[1].terms",
        ),
        (
            Limits::default().with_max_comments_per_thread(3),
            "max_comments_per_thread",
            4,
            3,
            "comments[3]",
        ),
        (
            Limits::default().with_max_field_bytes(99),
            "max_field_bytes",
            100,
            99,
            "posts[1].content",
        ),
    ];
    for (limits, name, value, max, path) in cases {
        let error = load_bytes(&bytes, with_limits(limits)).unwrap_err();
        let text = error.to_string();
        assert!(
            text.contains(name) && text.contains(&max.to_string()),
            "{text}"
        );
        let found = limit_error(Err(error));
        assert_eq!(
            (found.0.as_str(), found.2, found.3, found.4.as_str()),
            (name, value, max, path),
            "{text}"
        );
    }
    // The input size limit, configurable like the others.
    let error = load_bytes(&bytes, ImportOptions::default().with_max_bytes(Some(10))).unwrap_err();
    assert!(
        matches!(error, ImportError::TooLarge { limit: 10, .. }),
        "{error}"
    );
    assert!(load_bytes(&bytes, ImportOptions::default().with_max_bytes(None)).is_ok());
}
