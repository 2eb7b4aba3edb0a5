//! The `broadsheet` binary, run for real on the conformance data and the example data: every
//! command's JSON checked field by field, exit codes, messages, help and completions.

mod common;

use chrono::DateTime;
use common::{array, broadsheet, conformance, example, int, json, native_site, wlp};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// What the example file says, read directly from its JSON.

/// The example site's posts, by id.
fn example_posts(site: &Value) -> BTreeMap<u64, &Value> {
    array(&site["posts"], "posts")
        .iter()
        .map(|post| (int(&post["id"], "post id"), post))
        .collect()
}

/// Term slug and taxonomy by id.
fn example_terms(site: &Value) -> HashMap<u64, (String, String)> {
    array(&site["terms"], "terms")
        .iter()
        .map(|term| {
            (
                int(&term["id"], "term id"),
                (
                    term["taxonomy"].as_str().unwrap().to_owned(),
                    term["slug"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect()
}

/// The slugs of one taxonomy's terms of a post.
fn post_term_slugs(site: &Value, post: &Value, taxonomy: &str) -> BTreeSet<String> {
    let terms = example_terms(site);
    array(&post["terms"], "post terms")
        .iter()
        .filter_map(|id| terms.get(&int(id, "term ref")))
        .filter(|(t, _)| t == taxonomy)
        .map(|(_, slug)| slug.clone())
        .collect()
}

/// Ids of the published posts with a tag.
fn posts_tagged(site: &Value, tag: &str) -> BTreeSet<u64> {
    example_posts(site)
        .into_iter()
        .filter(|(_, post)| post["kind"] == "post" && post["status"] == "published")
        .filter(|(_, post)| post_term_slugs(site, post, "post_tag").contains(tag))
        .map(|(id, _)| id)
        .collect()
}

fn strings(value: &Value) -> BTreeSet<String> {
    array(value, "list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}

fn ids(page: &Value) -> Vec<u64> {
    array(&page["posts"], "posts")
        .iter()
        .map(|post| int(&post["id"], "id"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// stats

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn stats_small_export_matches_the_importers_own_expectations() {
    let Some(file) = conformance("wxr/wordpress-importer/small-export.xml") else {
        return;
    };
    let stats = json(["stats".as_ref(), file.as_os_str()]);
    assert!(
        stats["format"].as_str().unwrap().starts_with("wxr-1."),
        "{}",
        stats["format"]
    );
    assert_eq!(stats["items"]["post"]["published"], 5);
    assert_eq!(stats["items"]["post"]["private"], 1);
    assert_eq!(stats["items"]["page"]["published"], 4);
    assert_eq!(stats["items"]["page"]["draft"], 1);
    assert_eq!(stats["authors"], 3);
    assert_eq!(stats["terms"]["category"], 30);
    assert_eq!(stats["terms"]["post_tag"], 3);
    assert_eq!(stats["comments"]["total"], 1);
    assert_eq!(
        stats["comments"]["by_status"],
        json!({"approved": 1, "pending": 0, "spam": 0, "trash": 0})
    );
    assert_eq!(stats["comments"]["max_depth"], 1);
    assert_eq!(stats["sticky"], 0);
    assert_eq!(stats["errors"], 0);
    int(&stats["warnings"], "warnings");
    // 11 items in all.
    let items: u64 = stats["items"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|statuses| statuses.as_object().unwrap().values())
        .map(|n| int(n, "count"))
        .sum();
    assert_eq!(items, 11);

    // The table says the same.
    let table = broadsheet(["stats".as_ref(), file.as_os_str()]);
    table.expect_code(0);
    table.expect_stdout_contains("authors   3");
    table.expect_stdout_contains("published 5");
    assert!(table.stderr.is_empty(), "no progress bar off a terminal");
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn stats_of_other_conformance_files() {
    let Some(file) = conformance("ghost/default_export.ghost-2.9.0.json") else {
        return;
    };
    let stats = json(["stats".as_ref(), file.as_os_str()]);
    assert!(stats["format"].as_str().unwrap().starts_with("ghost"));
    assert_eq!(stats["items"], json!({"post": {"published": 7}}));
    assert_eq!(stats["terms"]["post_tag"], 1);
    assert_eq!(stats["authors"], 2);
    assert_eq!(stats["comments"]["total"], 0);
    assert_eq!(stats["comments"]["max_depth"], 0);

    let total = |stats: &Value, kind: &str| -> u64 {
        stats["items"][kind].as_object().map_or(0, |statuses| {
            statuses.values().map(|n| int(n, "count")).sum()
        })
    };

    let file = conformance("wxr/wordpress-importer/valid-wxr-1.0.xml").unwrap();
    let stats = json(["stats".as_ref(), file.as_os_str()]);
    assert_eq!((total(&stats, "post"), total(&stats, "page")), (3, 3));

    let file = conformance("wxr/wordpress-importer/term-formats.xml").unwrap();
    let stats = json(["stats".as_ref(), file.as_os_str()]);
    assert_eq!(stats["terms"]["category"], 2);
    assert_eq!(stats["terms"]["post_tag"], 3);
    let other: u64 = stats["terms"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(taxonomy, _)| *taxonomy != "category" && *taxonomy != "post_tag")
        .map(|(_, n)| int(n, "count"))
        .sum();
    assert_eq!(other, 2);
    assert_eq!(stats["items"], json!({}));

    let file = conformance("wxr/wordpress-importer/large-authors.xml").unwrap();
    assert_eq!(json(["stats".as_ref(), file.as_os_str()])["authors"], 300);

    let file = conformance("wxr/tryghost-migrate/sample.xml").unwrap();
    let stats = json(["stats".as_ref(), file.as_os_str()]);
    assert_eq!(total(&stats, "post"), 3);
    assert_eq!(total(&stats, "page"), 1);
    assert_eq!(total(&stats, "customcpt"), 1);

    let file = conformance("ghost/valid.ghost-1.20.0.json").unwrap();
    let stats = json(["stats".as_ref(), file.as_os_str()]);
    assert_eq!(total(&stats, "post"), 2);
    assert_eq!(stats["authors"], 1);
    assert_eq!(stats["terms"]["post_tag"], 1);

    let file = conformance("ghost/lts-export-003-duplicate-tags.json").unwrap();
    let stats = json(["stats".as_ref(), file.as_os_str()]);
    assert_eq!(stats["terms"]["post_tag"], 1, "the duplicate tags collapse");
    assert!(
        int(&stats["warnings"], "warnings") >= 1,
        "the duplicate is reported"
    );
}

#[test]
fn stats_of_the_example_data_count_what_the_file_holds() {
    let site = native_site(&wlp());
    let stats = json(["stats".as_ref(), wlp().as_os_str()]);
    assert_eq!(stats["format"].as_str().unwrap(), "broadsheet-json-1");

    let mut items: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    for post in array(&site["posts"], "posts") {
        *items
            .entry(post["kind"].as_str().unwrap().into())
            .or_default()
            .entry(post["status"].as_str().unwrap().into())
            .or_default() += 1;
    }
    assert_eq!(stats["items"], serde_json::to_value(&items).unwrap());
    assert_eq!(stats["items"]["post"]["published"], 12);
    assert_eq!(
        int(&stats["authors"], "authors") as usize,
        array(&site["authors"], "authors").len()
    );
    let mut terms: BTreeMap<String, u64> = BTreeMap::new();
    for term in array(&site["terms"], "terms") {
        *terms
            .entry(term["taxonomy"].as_str().unwrap().into())
            .or_default() += 1;
    }
    assert_eq!(stats["terms"], serde_json::to_value(&terms).unwrap());

    let comments = array(&site["comments"], "comments");
    assert_eq!(
        int(&stats["comments"]["total"], "total") as usize,
        comments.len()
    );
    for status in ["approved", "pending", "spam", "trash"] {
        let expected = comments.iter().filter(|c| c["status"] == status).count();
        assert_eq!(
            int(&stats["comments"]["by_status"][status], status) as usize,
            expected,
            "{status}"
        );
    }
    // No comment of the example replies to another: every thread is one deep.
    assert!(
        comments
            .iter()
            .all(|c| c.get("parent").is_none_or(Value::is_null))
    );
    assert_eq!(stats["comments"]["max_depth"], 1);
    assert_eq!(stats["errors"], 0);

    let defective = json([
        "stats".as_ref(),
        example("wlp-kyrgyzstan-defective.json").as_os_str(),
    ]);
    assert_eq!(defective["authors"], 0);
    assert!(int(&defective["errors"], "errors") > 0);
}

#[test]
fn stats_max_depth_follows_reply_chains() {
    let dir = tempfile::tempdir().unwrap();
    let file = with_replies(dir.path());
    let stats = json(["stats".as_ref(), file.as_os_str()]);
    assert_eq!(stats["comments"]["max_depth"], 3);
    assert_eq!(stats["comments"]["by_status"]["pending"], 1);
}

// ---------------------------------------------------------------------------------------------
// validate

fn assert_issue_shape(issue: &Value) {
    for key in ["code", "path", "message", "location"] {
        assert!(issue.get(key).is_some(), "issue without {key}: {issue}");
    }
    assert!(!issue["code"].as_str().unwrap().is_empty());
    assert!(!issue["message"].as_str().unwrap().is_empty());
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn validate_strict_rejects_malformed_files_with_a_location() {
    for name in [
        "malformed.xml",
        "malformed-simple.xml",
        "missing-version-tag.xml",
        "invalid-version-tag.xml",
    ] {
        let Some(file) = conformance(&format!("wxr/wordpress-importer/{name}")) else {
            return;
        };
        for strict in [true, false] {
            let mut args = vec!["validate".as_ref(), file.as_os_str(), "--json".as_ref()];
            if strict {
                args.push("--strict".as_ref());
            }
            let run = broadsheet(&args);
            run.expect_code(1);
            let report = run.json();
            let errors = array(&report["errors"], "errors");
            assert!(!errors.is_empty(), "{name}: no error");
            array(&report["warnings"], "warnings");
            let error = &errors[0];
            assert_issue_shape(error);
            let location = &error["location"];
            assert!(
                location["file"].as_str().unwrap().ends_with(name),
                "{name}: {location}"
            );
            assert!(int(&location["line"], "line") > 0);
            assert!(int(&location["column"], "column") > 0);
            if name.contains("version") {
                assert!(
                    error["message"].as_str().unwrap().contains("WXR version"),
                    "{error}"
                );
            }
        }
    }
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn validate_crazy_cdata_strict_versus_lenient() {
    let Some(file) = conformance("wxr/wordpress-importer/crazy-cdata.xml") else {
        return;
    };
    let strict = broadsheet(["validate", file.to_str().unwrap(), "--strict", "--json"]);
    strict.expect_code(1);
    let report = strict.json();
    let error = &report["errors"][0];
    assert_issue_shape(error);
    assert!(
        error["message"].as_str().unwrap().contains("]]>"),
        "{error}"
    );
    assert!(int(&error["location"]["line"], "line") > 0);

    let lenient = broadsheet(["validate", file.to_str().unwrap(), "--json"]);
    lenient.expect_code(0);
    let report = lenient.json();
    assert_eq!(report["errors"], json!([]));
    let warnings = array(&report["warnings"], "warnings");
    assert!(warnings.iter().all(|w| {
        assert_issue_shape(w);
        true
    }));
    assert!(
        warnings
            .iter()
            .any(|w| w["code"] == "wxr.xml.recovered" && w["location"]["line"].is_u64()),
        "{warnings:?}"
    );

    // The text report says the same.
    let text = broadsheet(["validate", file.to_str().unwrap(), "--strict"]);
    text.expect_code(1);
    text.expect_stdout_contains("1 error(s)");
    text.expect_stdout_contains("crazy-cdata.xml, line ");
}

#[test]
fn validate_the_example_data() {
    let good = broadsheet(["validate".as_ref(), wlp().as_os_str(), "--json".as_ref()]);
    good.expect_code(0);
    assert_eq!(good.json()["errors"], json!([]));

    let file = example("wlp-kyrgyzstan-defective.json");
    let site = native_site(&file);
    let run = broadsheet(["validate".as_ref(), file.as_os_str(), "--json".as_ref()]);
    run.expect_code(1);
    let report = run.json();
    let errors = array(&report["errors"], "errors");
    errors.iter().for_each(assert_issue_shape);
    let count = |code: &str| errors.iter().filter(|e| e["code"] == code).count();
    let tags = array(&site["terms"], "terms")
        .iter()
        .filter(|t| t["taxonomy"] == "post_tag")
        .count();
    assert_eq!(count("term.name.empty"), tags);
    assert_eq!(count("post.author.missing"), 12);
    assert!(
        errors
            .iter()
            .any(|e| e["path"].as_str().unwrap().starts_with("terms["))
    );

    let text = broadsheet(["validate".as_ref(), file.as_os_str()]);
    text.expect_code(1);
    text.expect_stdout_contains("term.name.empty");
}

// ---------------------------------------------------------------------------------------------
// query

const POST_KEYS: [&str; 10] = [
    "id",
    "slug",
    "title",
    "published",
    "authors",
    "tags",
    "categories",
    "comment_count",
    "excerpt",
    "permalink",
];

fn query(file: &Path, extra: &[&str]) -> Value {
    let mut args: Vec<&std::ffi::OsStr> = vec!["query".as_ref(), file.as_os_str()];
    args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
    json(args)
}

#[test]
fn query_tag_pages_and_cursor_on_the_example_data() {
    let site = native_site(&wlp());
    let posts = example_posts(&site);
    let tagged = posts_tagged(&site, "kyrgyzstan");
    assert_eq!(tagged.len(), 12);

    let first = query(&wlp(), &["--tag", "kyrgyzstan"]);
    assert_eq!(first["total"], 12);
    assert_eq!(first["page"], 1);
    assert_eq!(first["per_page"], 10);
    assert_eq!(first["total_pages"], 2);
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a next_cursor on page 1 of 2");
    let page_one = array(&first["posts"], "posts");
    assert_eq!(page_one.len(), 10);

    // Every post, field by field, against the file.
    let mut previous: Option<DateTime<chrono::FixedOffset>> = None;
    for shown in page_one {
        for key in POST_KEYS {
            assert!(shown.get(key).is_some(), "post without {key}: {shown}");
        }
        let id = int(&shown["id"], "id");
        let post = posts[&id];
        assert_eq!(shown["title"], post["title"]);
        assert_eq!(shown["slug"], post["slug"]);
        let published = DateTime::parse_from_rfc3339(shown["published"].as_str().unwrap()).unwrap();
        let stored = DateTime::parse_from_rfc3339(post["published"].as_str().unwrap()).unwrap();
        assert_eq!(published, stored);
        assert_eq!(
            published.offset().local_minus_utc(),
            -4 * 3600,
            "New York summer time"
        );
        if let Some(previous) = previous {
            assert!(previous >= published, "newest first");
        }
        previous = Some(published);
        assert_eq!(
            strings(&shown["tags"]),
            post_term_slugs(&site, post, "post_tag")
        );
        assert!(strings(&shown["tags"]).contains("kyrgyzstan"));
        assert_eq!(
            strings(&shown["categories"]),
            post_term_slugs(&site, post, "category")
        );
        let author_slugs: HashMap<u64, &str> = array(&site["authors"], "authors")
            .iter()
            .map(|a| (int(&a["id"], "id"), a["slug"].as_str().unwrap()))
            .collect();
        let expected_authors: Vec<&str> = array(&post["authors"], "authors")
            .iter()
            .map(|id| author_slugs[&int(id, "author")])
            .collect();
        assert_eq!(shown["authors"], json!(expected_authors));
        let approved = array(&site["comments"], "comments")
            .iter()
            .filter(|c| c["post"] == id && c["status"] == "approved")
            .count();
        assert_eq!(
            int(&shown["comment_count"], "comment_count") as usize,
            approved
        );
        assert!(!shown["excerpt"].as_str().unwrap().is_empty());
        let link = shown["permalink"].as_str().unwrap();
        assert!(
            link.starts_with("https://blog.example.org/")
                && link.contains(post["slug"].as_str().unwrap()),
            "{link}"
        );
    }

    // The cursor gives the remaining two, with no overlap.
    let next = query(&wlp(), &["--tag", "kyrgyzstan", "--cursor", cursor]);
    assert_eq!(next["total"], 12);
    assert_eq!(next["next_cursor"], Value::Null);
    let rest = ids(&next);
    assert_eq!(rest.len(), 2);
    let mut all: BTreeSet<u64> = ids(&first).into_iter().collect();
    for id in &rest {
        assert!(all.insert(*id), "post {id} on both pages");
    }
    assert_eq!(all, tagged);
    // Page 2 by number is the same two.
    let page_two = query(&wlp(), &["--tag", "kyrgyzstan", "--page", "2"]);
    assert_eq!(page_two["page"], 2);
    assert_eq!(ids(&page_two), rest);

    // The filter string says the same as --tag.
    let filtered = query(&wlp(), &["--filter", "tag:kyrgyzstan"]);
    assert_eq!(ids(&filtered), ids(&first));

    // A smaller tag.
    let osh = query(&wlp(), &["--tag", "osh", "--per-page", "100"]);
    assert_eq!(
        ids(&osh).into_iter().collect::<BTreeSet<_>>(),
        posts_tagged(&site, "osh")
    );
    assert_eq!(osh["next_cursor"], Value::Null);

    // The table.
    let table = broadsheet([
        "query".as_ref(),
        wlp().as_os_str(),
        "--tag".as_ref(),
        "kyrgyzstan".as_ref(),
    ]);
    table.expect_code(0);
    table.expect_stdout_contains("page 1 of 2, 12 posts in all");
    table.expect_stdout_contains("next: --cursor ");
}

#[test]
fn query_options_on_the_example_data() {
    let site = native_site(&wlp());
    let posts = example_posts(&site);

    let by_year = query(&wlp(), &["--year", "2010", "--per-page", "50"]);
    let expected: BTreeSet<u64> = posts
        .iter()
        .filter(|(_, p)| p["published"].as_str().unwrap().starts_with("2010-"))
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(ids(&by_year).into_iter().collect::<BTreeSet<_>>(), expected);

    let july = query(&wlp(), &["--year", "2010", "--month", "7"]);
    let expected = posts
        .values()
        .filter(|p| p["published"].as_str().unwrap().starts_with("2010-07-"))
        .count();
    assert_eq!(int(&july["total"], "total") as usize, expected);

    let by_title = query(&wlp(), &["--order", "title", "--per-page", "50"]);
    let titles: Vec<&str> = array(&by_title["posts"], "posts")
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 12);
    let mut sorted = titles.clone();
    sorted.sort_by_key(|t| t.to_lowercase());
    assert_eq!(titles, sorted);

    let oldest = query(&wlp(), &["--order", "published:asc", "--per-page", "1"]);
    assert_eq!(ids(&oldest), vec![1]);
    assert_eq!(oldest["total_pages"], 12);

    let by_author = query(&wlp(), &["--author", "tolekan-ismailova"]);
    let ismailova = array(&site["authors"], "authors")
        .iter()
        .find(|a| a["slug"] == "tolekan-ismailova")
        .map(|a| a["id"].clone())
        .unwrap();
    let expected: BTreeSet<u64> = posts
        .iter()
        .filter(|(_, p)| array(&p["authors"], "authors").contains(&ismailova))
        .map(|(id, _)| *id)
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(
        ids(&by_author).into_iter().collect::<BTreeSet<_>>(),
        expected
    );

    let search = query(&wlp(), &["--search", "Ismailova"]);
    assert!(int(&search["total"], "total") > 0);
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn query_viewer_editor_sees_drafts_and_private_posts() {
    let Some(file) = conformance("wxr/wordpress-importer/small-export.xml") else {
        return;
    };
    let slugs = |page: &Value| -> Vec<Value> {
        array(&page["posts"], "posts")
            .iter()
            .map(|p| p["slug"].clone())
            .collect()
    };
    let anonymous = query(&file, &[]);
    assert_eq!(anonymous["total"], 5);
    assert!(!slugs(&anonymous).contains(&json!("private-post")));
    let explicit = query(&file, &["--viewer", "anonymous"]);
    assert_eq!(ids(&explicit), ids(&anonymous), "anonymous is the default");

    let editor = query(&file, &["--viewer", "editor"]);
    assert_eq!(editor["total"], 6);
    assert!(slugs(&editor).contains(&json!("private-post")));

    let pages = query(&file, &["--kind", "page"]);
    assert_eq!(pages["total"], 4);
    let editor_pages = query(&file, &["--kind", "page", "--viewer", "editor"]);
    assert_eq!(editor_pages["total"], 5);
    let drafts = query(
        &file,
        &["--kind", "page", "--viewer", "editor", "--status", "draft"],
    );
    assert_eq!(drafts["total"], 1);
    assert_eq!(
        drafts["posts"][0]["slug"],
        Value::Null,
        "the draft's slug is empty"
    );
    let hidden = query(&file, &["--kind", "page", "--status", "draft"]);
    assert_eq!(hidden["total"], 0);
    assert_eq!(hidden["posts"], json!([]));
    assert_eq!(hidden["total_pages"], 0);
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn query_on_wxr_and_ghost_conformance_files() {
    let Some(file) = conformance("wxr/tryghost-migrate/sample.xml") else {
        return;
    };
    // Ghost's migrator (which counts every status): after 2013-05-01, 2 posts, newest first;
    // one of them is a draft, which the public does not see.
    let public = query(&file, &["--filter", "published_at:>'2013-05-01'"]);
    assert_eq!(public["total"], 1);
    let after = query(
        &file,
        &[
            "--filter",
            "published_at:>'2013-05-01'",
            "--viewer",
            "editor",
        ],
    );
    assert_eq!(after["total"], 2);
    let dates: Vec<i64> = array(&after["posts"], "posts")
        .iter()
        .map(|p| {
            DateTime::parse_from_rfc3339(p["published"].as_str().unwrap())
                .unwrap()
                .timestamp()
        })
        .collect();
    assert_eq!(
        dates,
        vec![
            DateTime::parse_from_rfc3339("2013-11-02T23:02:32Z")
                .unwrap()
                .timestamp(),
            DateTime::parse_from_rfc3339("2013-06-07T03:00:44Z")
                .unwrap()
                .timestamp()
        ]
    );
    let before = query(
        &file,
        &[
            "--filter",
            "published_at:<'2013-05-01'",
            "--viewer",
            "editor",
        ],
    );
    assert_eq!(before["total"], 1);
    let all = query(&file, &["--viewer", "editor"]);
    let basic = array(&all["posts"], "posts")
        .iter()
        .find(|p| p["title"] == "Basic Post")
        .expect("Basic Post");
    // The file's own categories of the post (Ghost's migrator adds internal tags of its own to
    // reach its 5).
    assert_eq!(basic["tags"], json!(["has-images", "programming"]));
    assert_eq!(basic["categories"], json!(["company-news"]));

    let ghost = conformance("ghost/default_export.ghost-2.9.0.json").unwrap();
    let page = query(&ghost, &["--tag", "getting-started"]);
    assert_eq!(page["total"], 7);
    assert_eq!(array(&page["posts"], "posts").len(), 7);
    assert_eq!(page["next_cursor"], Value::Null);
}

// ---------------------------------------------------------------------------------------------
// Errors and exit codes

#[test]
fn usage_errors_exit_2() {
    let file = wlp();
    let f = file.to_str().unwrap();

    let run = broadsheet(["query", f, "--bogus"]);
    run.expect_code(2);
    run.expect_stderr_contains("--bogus");

    let run = broadsheet(["query", f, "--filter", "tag:["]);
    run.expect_code(2);
    run.expect_stderr_contains("--filter");
    assert!(
        run.stderr.contains('^'),
        "a caret under the error: {}",
        run.stderr
    );
    run.expect_stderr_contains("tag:[");

    let run = broadsheet(["query", f, "--order", "bogus"]);
    run.expect_code(2);
    run.expect_stderr_contains("bogus")
        .expect_stderr_contains("expected");

    let run = broadsheet(["query", f, "--order", "title:sideways"]);
    run.expect_code(2);

    let run = broadsheet(["query", f, "--page", "0"]);
    run.expect_code(2);
    run.expect_stderr_contains("page 0");

    let run = broadsheet(["query", f, "--month", "13"]);
    run.expect_code(2);
    run.expect_stderr_contains("month 13");

    let run = broadsheet(["query", f, "--cursor", "garbage"]);
    run.expect_code(2);
    run.expect_stderr_contains("cursor");
    let osh = broadsheet(["query", f, "--tag", "osh", "--per-page", "1", "--json"]).json();
    let cursor = osh["next_cursor"].as_str().expect("osh has 2 posts");
    let run = broadsheet(["query", f, "--tag", "kyrgyzstan", "--cursor", cursor]);
    run.expect_code(2);
    run.expect_stderr_contains("different query");

    let run = broadsheet(["query", f, "--viewer", "admin"]);
    run.expect_code(2);

    broadsheet(["stats"]).expect_code(2);
    broadsheet(["frobnicate"]).expect_code(2);
    broadsheet(["dates", f, "--filter", "tag:"]).expect_code(2);
    broadsheet(["dates", f, "--by", "week"]).expect_code(2);
    broadsheet(["cloud", f, "--order", "size"]).expect_code(2);
    let run = broadsheet(["cloud", f, "--smallest", "NaN"]);
    run.expect_code(2);
    run.expect_stderr_contains("--smallest");
    broadsheet(["cloud", f, "--largest", "inf"]).expect_code(2);
    broadsheet(["feed", f, "--format", "pdf"]).expect_code(2);
    broadsheet(["feed", f, "--filter", "tag:["]).expect_code(2);

    let run = broadsheet(["thread", f, "no-such-post"]);
    run.expect_code(2);
    run.expect_stderr_contains("no-such-post");

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.txt");
    let run = broadsheet(["convert", f, out.to_str().unwrap()]);
    run.expect_code(2);
    run.expect_stderr_contains("out.txt")
        .expect_stderr_contains("--to");
    assert!(!out.exists());
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn unreadable_input_exits_3_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.xml");
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "hello, world\n").unwrap();
    let other_json = dir.path().join("other.json");
    std::fs::write(&other_json, "{\"a\": 1}\n").unwrap();
    let empty = dir.path().join("empty.json");
    std::fs::write(&empty, "").unwrap();
    let truncated = dir.path().join("truncated.json");
    let good = std::fs::read_to_string(wlp()).unwrap();
    std::fs::write(&truncated, &good[..2000]).unwrap();

    for file in [&missing, &text, &other_json, &empty, &truncated] {
        let name = file.file_name().unwrap().to_str().unwrap();
        for command in ["stats", "query", "dates", "cloud", "feed"] {
            let run = broadsheet([command.as_ref(), file.as_os_str()]);
            run.expect_code(3);
            assert!(
                run.stderr.contains(name),
                "{command} {name}: {}",
                run.stderr
            );
            assert!(run.stdout.is_empty());
        }
        broadsheet(["thread".as_ref(), file.as_os_str(), "1".as_ref()]).expect_code(3);
        let out = dir.path().join("out.json");
        broadsheet(["convert".as_ref(), file.as_os_str(), out.as_os_str()]).expect_code(3);
        assert!(!out.exists());
    }
    // Validate reports what it cannot read with 3 too, but a refusal of readable input is a
    // finding (1).
    broadsheet(["validate".as_ref(), missing.as_os_str()]).expect_code(3);
    broadsheet(["validate".as_ref(), text.as_os_str()]).expect_code(3);

    let run = broadsheet(["stats".as_ref(), truncated.as_os_str()]);
    run.expect_stderr_contains("line ")
        .expect_stderr_contains("column ");
    let run = broadsheet(["stats".as_ref(), text.as_os_str()]);
    run.expect_stderr_contains("expected");

    // A wrong type in a native JSON file names the JSON path.
    let mut value: Value = serde_json::from_str(&good).unwrap();
    value["site"]["posts"][2]["title"] = json!(5);
    let wrong = dir.path().join("wrong.json");
    std::fs::write(&wrong, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let run = broadsheet(["stats".as_ref(), wrong.as_os_str()]);
    run.expect_code(3);
    run.expect_stderr_contains("site.posts[2].title");
    run.expect_stderr_contains("expected a string");

    if let Some(malformed) = conformance("wxr/wordpress-importer/malformed.xml") {
        let run = broadsheet(["stats".as_ref(), malformed.as_os_str()]);
        run.expect_code(3);
        run.expect_stderr_contains("malformed.xml, line ");
    }
}

// ---------------------------------------------------------------------------------------------
// dates

#[test]
fn dates_by_month_year_and_day_newest_first() {
    let site = native_site(&wlp());
    let posts = example_posts(&site);
    // The file's dates carry the site's offset, so their date part is the local date.
    let local = |post: &Value| post["published"].as_str().unwrap()[..10].to_owned();
    let mut by_month: BTreeMap<(i64, i64), u64> = BTreeMap::new();
    for post in posts.values() {
        let date = local(post);
        *by_month
            .entry((date[..4].parse().unwrap(), date[5..7].parse().unwrap()))
            .or_default() += 1;
    }

    let months = json([
        "dates".as_ref(),
        wlp().as_os_str(),
        "--by".as_ref(),
        "month".as_ref(),
    ]);
    let rows = array(&months, "dates");
    let got: Vec<((i64, i64), u64)> = rows
        .iter()
        .map(|row| {
            assert!(row.get("day").is_none(), "no day by month: {row}");
            (
                (
                    row["year"].as_i64().unwrap(),
                    row["month"].as_i64().unwrap(),
                ),
                int(&row["count"], "count"),
            )
        })
        .collect();
    let expected: Vec<((i64, i64), u64)> = by_month.into_iter().rev().collect();
    assert_eq!(got, expected, "newest first, counts from the file");
    // Month is the default grouping.
    assert_eq!(json(["dates".as_ref(), wlp().as_os_str()]), months);

    let years = json([
        "dates".as_ref(),
        wlp().as_os_str(),
        "--by".as_ref(),
        "year".as_ref(),
    ]);
    let rows = array(&years, "years");
    assert!(
        rows.iter()
            .all(|r| r.get("month").is_none() && r.get("day").is_none())
    );
    let got: Vec<(i64, u64)> = rows
        .iter()
        .map(|r| (r["year"].as_i64().unwrap(), int(&r["count"], "count")))
        .collect();
    assert_eq!(got, vec![(2013, 4), (2010, 8)]);

    let days = json([
        "dates".as_ref(),
        wlp().as_os_str(),
        "--by".as_ref(),
        "day".as_ref(),
    ]);
    let rows = array(&days, "days");
    let got: Vec<String> = rows
        .iter()
        .map(|r| {
            format!(
                "{:04}-{:02}-{:02}",
                r["year"].as_i64().unwrap(),
                r["month"].as_i64().unwrap(),
                r["day"].as_i64().unwrap()
            )
        })
        .collect();
    let mut expected: Vec<String> = posts.values().map(|post| local(post)).collect();
    expected.sort();
    expected.dedup();
    expected.reverse();
    assert_eq!(got, expected);
    // The newest post is on 30 May locally, though 31 May in UTC.
    assert_eq!(got[0], "2013-05-30");

    let osh = json([
        "dates".as_ref(),
        wlp().as_os_str(),
        "--filter".as_ref(),
        "tag:osh".as_ref(),
    ]);
    let total: u64 = array(&osh, "dates")
        .iter()
        .map(|r| int(&r["count"], "count"))
        .sum();
    assert_eq!(total as usize, posts_tagged(&site, "osh").len());

    let table = broadsheet(["dates".as_ref(), wlp().as_os_str()]);
    table.expect_code(0);
    // A header line, then the newest period.
    let lines: Vec<&str> = table.stdout.lines().collect();
    assert!(
        lines[0].starts_with("period") && lines[0].ends_with("count"),
        "{}",
        table.stdout
    );
    assert!(lines[1].starts_with("May 2013"), "{}", table.stdout);
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn dates_count_published_posts_only() {
    let Some(file) = conformance("wxr/wordpress-importer/small-export.xml") else {
        return;
    };
    let years = json([
        "dates".as_ref(),
        file.as_os_str(),
        "--by".as_ref(),
        "year".as_ref(),
    ]);
    assert_eq!(years, json!([{"year": 2011, "count": 5}]));
}

// ---------------------------------------------------------------------------------------------
// cloud

/// WordPress's wp_generate_tag_cloud with default_topic_count_scale (round(log10(n + 1) * 100)).
fn wordpress_sizes(counts: &[u64], smallest: f64, largest: f64) -> Vec<f64> {
    let scaled: Vec<f64> = counts
        .iter()
        .map(|&n| ((n as f64 + 1.0).log10() * 100.0).round())
        .collect();
    let min = scaled.iter().copied().fold(f64::INFINITY, f64::min);
    let max = scaled.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = if max - min <= 0.0 { 1.0 } else { max - min };
    let step = if largest - smallest < 0.0 {
        1.0
    } else {
        (largest - smallest) / spread
    };
    scaled.iter().map(|s| smallest + (s - min) * step).collect()
}

#[test]
fn cloud_counts_sizes_and_order() {
    let site = native_site(&wlp());
    let names: HashMap<String, String> = array(&site["terms"], "terms")
        .iter()
        .map(|t| {
            (
                t["slug"].as_str().unwrap().into(),
                t["name"].as_str().unwrap().into(),
            )
        })
        .collect();

    let cloud = json(["cloud".as_ref(), wlp().as_os_str()]);
    let entries = array(&cloud, "cloud");
    let tags = array(&site["terms"], "terms")
        .iter()
        .filter(|t| t["taxonomy"] == "post_tag")
        .count();
    assert_eq!(entries.len(), tags, "45 is more than there are tags");
    let mut counts = Vec::new();
    for entry in entries {
        for key in ["slug", "name", "count", "size"] {
            assert!(entry.get(key).is_some(), "{entry}");
        }
        let slug = entry["slug"].as_str().unwrap();
        assert_eq!(entry["name"].as_str().unwrap(), names[slug]);
        assert_eq!(
            int(&entry["count"], "count") as usize,
            posts_tagged(&site, slug).len()
        );
        counts.push(int(&entry["count"], "count"));
    }
    let shown: Vec<&str> = entries
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    let mut sorted = shown.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(shown, sorted, "ordered by name");
    let expected = wordpress_sizes(&counts, 8.0, 22.0);
    for (entry, size) in entries.iter().zip(expected) {
        let got = entry["size"].as_f64().unwrap();
        assert!((got - size).abs() < 1e-9, "{entry}: expected {size}");
    }
    let kyrgyzstan = entries.iter().find(|e| e["slug"] == "kyrgyzstan").unwrap();
    assert_eq!(kyrgyzstan["count"], 12);
    assert_eq!(kyrgyzstan["size"], 22.0);
    assert!(entries.iter().any(|e| e["size"] == 8.0));

    // The top five by count, largest first, sized among themselves.
    let top = json([
        "cloud".as_ref(),
        wlp().as_os_str(),
        "--order".as_ref(),
        "count".as_ref(),
        "--number".as_ref(),
        "5".as_ref(),
        "--smallest".as_ref(),
        "10".as_ref(),
        "--largest".as_ref(),
        "30".as_ref(),
    ]);
    let top = array(&top, "cloud");
    assert_eq!(top.len(), 5);
    let top_counts: Vec<u64> = top.iter().map(|e| int(&e["count"], "count")).collect();
    let mut all = counts.clone();
    all.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(top_counts, all[..5].to_vec());
    let expected = wordpress_sizes(&top_counts, 10.0, 30.0);
    for (entry, size) in top.iter().zip(expected) {
        assert!(
            (entry["size"].as_f64().unwrap() - size).abs() < 1e-9,
            "{entry}"
        );
    }
    assert_eq!(top[0]["size"], 30.0);

    let categories = json([
        "cloud".as_ref(),
        wlp().as_os_str(),
        "--taxonomy".as_ref(),
        "category".as_ref(),
    ]);
    assert_eq!(categories.as_array().unwrap().len(), 1);
    assert_eq!(categories[0]["slug"], "blog");
    assert_eq!(categories[0]["count"], 12);

    let table = broadsheet(["cloud", wlp().to_str().unwrap(), "--unit", "px"]);
    table.expect_code(0);
    table.expect_stdout_contains(" 22px\n");
}

// ---------------------------------------------------------------------------------------------
// thread

/// The example data with a reply chain on post 5 (comment 3 ← 100 ← 101), a pending reply and a
/// second top-level comment.
fn with_replies(dir: &Path) -> std::path::PathBuf {
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(wlp()).unwrap()).unwrap();
    let comments = value["site"]["comments"].as_array_mut().unwrap();
    let add = |id: u64, parent: Option<u64>, date: &str, status: &str, who: &str| {
        let mut c = json!({
            "id": id, "post": 5, "author_name": who, "author_email": "r@example.org",
            "content": format!("<p>Reply {id}</p>"), "date": date, "status": status,
            "kind": "comment"
        });
        if let Some(parent) = parent {
            c["parent"] = json!(parent);
        }
        c
    };
    comments.push(add(
        100,
        Some(3),
        "2010-07-17T10:00:00-04:00",
        "approved",
        "Reader A",
    ));
    comments.push(add(
        101,
        Some(100),
        "2010-07-18T10:00:00-04:00",
        "approved",
        "Reader B",
    ));
    comments.push(add(
        102,
        Some(3),
        "2010-07-19T10:00:00-04:00",
        "pending",
        "Reader C",
    ));
    comments.push(add(
        103,
        None,
        "2010-07-20T10:00:00-04:00",
        "approved",
        "Reader D",
    ));
    let file = dir.join("replies.json");
    std::fs::write(&file, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    file
}

fn assert_node_shape(node: &Value) {
    for key in ["id", "author", "date", "content", "replies"] {
        assert!(node.get(key).is_some(), "comment without {key}: {node}");
    }
    for reply in array(&node["replies"], "replies") {
        assert_node_shape(reply);
    }
}

#[test]
fn thread_is_a_tree_of_what_the_viewer_may_see() {
    let site = native_site(&wlp());
    let thread = json(["thread".as_ref(), wlp().as_os_str(), "5".as_ref()]);
    let nodes = array(&thread, "thread");
    assert_eq!(nodes.len(), 1);
    assert_node_shape(&nodes[0]);
    let stored = array(&site["comments"], "comments")
        .iter()
        .find(|c| c["post"] == 5)
        .unwrap();
    assert_eq!(nodes[0]["id"], stored["id"]);
    assert_eq!(nodes[0]["author"], stored["author_name"]);
    assert_eq!(nodes[0]["content"], stored["content"]);
    assert_eq!(
        DateTime::parse_from_rfc3339(nodes[0]["date"].as_str().unwrap()).unwrap(),
        DateTime::parse_from_rfc3339(stored["date"].as_str().unwrap()).unwrap()
    );
    assert_eq!(nodes[0]["replies"], json!([]));

    // By slug, the same.
    let slug = example_posts(&site)[&5]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        json(["thread".as_ref(), wlp().as_os_str(), slug.as_ref()]),
        thread
    );

    // Post 12's only comment is spam: the public sees none, an editor sees it.
    assert_eq!(
        json(["thread".as_ref(), wlp().as_os_str(), "12".as_ref()]),
        json!([])
    );
    let editor = json([
        "thread".as_ref(),
        wlp().as_os_str(),
        "12".as_ref(),
        "--viewer".as_ref(),
        "editor".as_ref(),
    ]);
    assert_eq!(array(&editor, "thread").len(), 1);

    // Replies nest.
    let dir = tempfile::tempdir().unwrap();
    let file = with_replies(dir.path());
    let tree = json(["thread".as_ref(), file.as_os_str(), "5".as_ref()]);
    let nodes = array(&tree, "thread");
    nodes.iter().for_each(assert_node_shape);
    let top: Vec<u64> = nodes.iter().map(|n| int(&n["id"], "id")).collect();
    assert_eq!(top, vec![3, 103]);
    let replies = array(&nodes[0]["replies"], "replies");
    assert_eq!(replies.len(), 1, "the pending reply is hidden: {replies:?}");
    assert_eq!(replies[0]["id"], 100);
    assert_eq!(replies[0]["author"], "Reader A");
    assert_eq!(replies[0]["replies"][0]["id"], 101);
    assert_eq!(replies[0]["replies"][0]["replies"], json!([]));
    assert_eq!(nodes[1]["replies"], json!([]));

    let editor = json([
        "thread".as_ref(),
        file.as_os_str(),
        "5".as_ref(),
        "--viewer".as_ref(),
        "editor".as_ref(),
    ]);
    let replies: Vec<u64> = array(&editor[0]["replies"], "replies")
        .iter()
        .map(|n| int(&n["id"], "id"))
        .collect();
    assert_eq!(replies, vec![100, 102]);

    let text = broadsheet(["thread".as_ref(), file.as_os_str(), "5".as_ref()]);
    text.expect_code(0);
    text.expect_stdout_contains("    - Reader A");
    text.expect_stdout_contains("      - Reader B");
}

// ---------------------------------------------------------------------------------------------
// convert

fn titles(file: &Path) -> BTreeSet<String> {
    let page = query(file, &["--per-page", "1000", "--viewer", "editor"]);
    array(&page["posts"], "posts")
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn convert_between_every_pair_of_formats() {
    let dir = tempfile::tempdir().unwrap();
    let original = titles(&wlp());
    assert_eq!(original.len(), 12);
    let names = ["a.xml", "a.ghost.json", "a.json", "a.jsonl"];
    let formats = ["wxr-", "ghost-", "broadsheet-json-", "broadsheet-jsonl-"];

    // From the example data to each format.
    for (name, format) in names.iter().zip(formats) {
        let out = dir.path().join(name);
        let run = broadsheet(["convert".as_ref(), wlp().as_os_str(), out.as_os_str()]);
        run.expect_code(0);
        assert!(run.stdout.is_empty());
        run.expect_stderr_contains("converted");
        let stats = json(["stats".as_ref(), out.as_os_str()]);
        assert!(
            stats["format"].as_str().unwrap().starts_with(format),
            "{name}: {stats}"
        );
        assert_eq!(stats["items"]["post"]["published"], 12, "{name}");
        assert_eq!(titles(&out), original, "{name}");
    }
    // From each to each, with --to overriding the extension.
    for from in names {
        for (to, format) in ["wxr", "ghost", "json", "jsonl"].iter().zip(formats) {
            let input = dir.path().join(from);
            let out = dir.path().join(format!("from-{from}-to-{to}.out"));
            let run = broadsheet([
                "convert".as_ref(),
                input.as_os_str(),
                out.as_os_str(),
                "--to".as_ref(),
                to.as_ref(),
            ]);
            run.expect_code(0);
            let stats = json(["stats".as_ref(), out.as_os_str()]);
            assert!(
                stats["format"].as_str().unwrap().starts_with(format),
                "{from} → {to}"
            );
            assert_eq!(titles(&out), original, "{from} → {to}");
        }
    }
    // Native JSON → WXR → JSON keeps titles, authors and comments.
    let back = dir.path().join("back.json");
    broadsheet([
        "convert".as_ref(),
        dir.path().join("a.xml").as_os_str(),
        back.as_os_str(),
    ])
    .expect_code(0);
    let again = json(["stats".as_ref(), back.as_os_str()]);
    let before = json(["stats".as_ref(), wlp().as_os_str()]);
    assert_eq!(again["authors"], before["authors"]);
    assert_eq!(again["comments"], before["comments"]);
    assert_eq!(again["terms"], before["terms"]);
    assert_eq!(titles(&back), original);

    // Ghost has no comments: convert says so.
    let run = broadsheet([
        "convert".as_ref(),
        wlp().as_os_str(),
        dir.path().join("b.ghost.json").as_os_str(),
    ]);
    run.expect_stderr_contains("comment");

    // --quiet silences the summary.
    let run = broadsheet([
        "--quiet".as_ref(),
        "convert".as_ref(),
        wlp().as_os_str(),
        dir.path().join("q.json").as_os_str(),
    ]);
    run.expect_code(0);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn convert_prints_the_import_report_on_stderr() {
    let Some(file) = conformance("wxr/wordpress-importer/small-export.xml") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small.json");
    let run = broadsheet(["convert".as_ref(), file.as_os_str(), out.as_os_str()]);
    run.expect_code(0);
    assert!(run.stdout.is_empty());
    run.expect_stderr_contains("warning[");
    run.expect_stderr_contains("small-export.xml, line ");
    let stats = json(["stats".as_ref(), out.as_os_str()]);
    assert_eq!(stats["items"]["post"]["published"], 5);
    assert_eq!(stats["items"]["page"]["draft"], 1);
    assert_eq!(stats["authors"], 3);

    for name in ["default_export.ghost-2.9.0.json", "valid.ghost-1.20.0.json"] {
        let file = conformance(&format!("ghost/{name}")).unwrap();
        let out = dir.path().join(format!("{name}.xml"));
        broadsheet(["convert".as_ref(), file.as_os_str(), out.as_os_str()]).expect_code(0);
        assert_eq!(titles(&out), titles(&file), "{name}");
    }
}

#[test]
fn convert_to_a_missing_directory_exits_3_naming_the_file_once() {
    let example = example("wlp-kyrgyzstan.json");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("absent").join("site.json");
    let run = broadsheet(["convert".as_ref(), example.as_os_str(), out.as_os_str()]);
    run.expect_code(3);
    let shown = out.display().to_string();
    assert!(
        run.stderr
            .starts_with(&format!("broadsheet: cannot write {shown}: ")),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches(&shown).count(), 1, "{}", run.stderr);
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------------------------
// feed

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn feeds_parse_and_hold_the_selected_posts() {
    let site = native_site(&wlp());
    let newest = query(&wlp(), &[]);
    let newest_titles: Vec<&str> = array(&newest["posts"], "posts")
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    for format in ["rss", "atom", "json"] {
        let run = broadsheet(["feed", wlp().to_str().unwrap(), "--format", format]);
        run.expect_code(0);
        let feed = feed_rs::parser::parse(run.stdout.as_bytes())
            .unwrap_or_else(|e| panic!("{format}: {e}\n{}", run.stdout));
        assert_eq!(feed.entries.len(), 10, "{format}");
        let got: Vec<String> = feed
            .entries
            .iter()
            .map(|e| e.title.as_ref().unwrap().content.clone())
            .collect();
        assert_eq!(got, newest_titles, "{format}: newest first");
        let title = feed.title.map(|t| t.content).unwrap_or_default();
        assert_eq!(title, site["title"].as_str().unwrap(), "{format}");
    }
    // The default is RSS.
    let run = broadsheet(["feed", wlp().to_str().unwrap()]);
    run.expect_stdout_contains("<rss");

    let osh = broadsheet(["feed", wlp().to_str().unwrap(), "--filter", "tag:osh"]);
    osh.expect_code(0);
    let feed = feed_rs::parser::parse(osh.stdout.as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), posts_tagged(&site, "osh").len());

    let all = broadsheet(["feed", wlp().to_str().unwrap(), "--number", "50", "--full"]);
    all.expect_code(0);
    let feed = feed_rs::parser::parse(all.stdout.as_bytes()).unwrap();
    assert_eq!(feed.entries.len(), 12);
    assert!(
        feed.entries.iter().all(|e| e.content.is_some()),
        "--full gives content"
    );
    all.expect_stdout_contains("content:encoded");

    if let Some(ghost) = conformance("ghost/default_export.ghost-2.9.0.json") {
        // The export names no site URL: a feed of relative links is refused, naming the option.
        let run = broadsheet([
            "feed".as_ref(),
            ghost.as_os_str(),
            "--format".as_ref(),
            "atom".as_ref(),
        ]);
        run.expect_code(2);
        run.expect_stderr_contains("--site-url");
        assert!(run.stdout.is_empty());
        let run = broadsheet([
            "feed".as_ref(),
            ghost.as_os_str(),
            "--format".as_ref(),
            "atom".as_ref(),
            "--site-url".as_ref(),
            "https://ghost.example.org".as_ref(),
        ]);
        run.expect_code(0);
        let feed = feed_rs::parser::parse(run.stdout.as_bytes()).unwrap();
        assert_eq!(feed.entries.len(), 7);
        // Ghost's posts live at /slug/.
        for entry in &feed.entries {
            let link = &entry.links[0].href;
            assert!(link.starts_with("https://ghost.example.org/"), "{link}");
            assert_eq!(link.matches('/').count(), 4, "{link}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// help, completions, progress, pipes

#[test]
fn every_command_has_help_with_an_example() {
    for command in [
        None,
        Some("stats"),
        Some("validate"),
        Some("convert"),
        Some("query"),
        Some("dates"),
        Some("cloud"),
        Some("thread"),
        Some("feed"),
        Some("completions"),
    ] {
        let mut args: Vec<&str> = command.into_iter().collect();
        args.push("--help");
        let run = broadsheet(&args);
        run.expect_code(0);
        assert!(
            run.stdout.contains("Example"),
            "{command:?}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("Usage: broadsheet"), "{command:?}");
    }
}

#[test]
fn completions_for_shells() {
    let bash = broadsheet(["completions", "bash"]);
    bash.expect_code(0);
    bash.expect_stdout_contains("_broadsheet()");
    bash.expect_stdout_contains("complete -F _broadsheet");
    bash.expect_stdout_contains("query");
    let zsh = broadsheet(["completions", "zsh"]);
    zsh.expect_code(0);
    assert!(zsh.stdout.starts_with("#compdef broadsheet"));
    broadsheet(["completions", "tcsh"]).expect_code(2);
}

#[test]
fn no_progress_bar_off_a_terminal() {
    for args in [
        vec!["stats", wlp().to_str().unwrap(), "--json"],
        vec!["query", wlp().to_str().unwrap()],
        vec!["--quiet", "dates", wlp().to_str().unwrap()],
        vec!["cloud", "-q", wlp().to_str().unwrap()],
    ] {
        let run = broadsheet(&args);
        run.expect_code(0);
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
        assert!(!run.stdout.is_empty());
    }
}

#[test]
fn a_closed_pipe_is_not_a_panic() {
    use std::process::{Command, Stdio};
    for args in [
        vec!["feed", "--number", "50", "--full"],
        vec!["query", "--per-page", "50", "--json"],
        vec!["dates", "--by", "day"],
        vec!["completions", "zsh"],
    ] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
        command.arg(args[0]);
        if args[0] != "completions" {
            command.arg(wlp());
        }
        let mut child = command
            .args(&args[1..])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before the command writes anything.
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn a_closed_stderr_is_not_a_panic() {
    use std::process::{Command, Stdio};
    let dir = tempfile::tempdir().unwrap();
    let defective = example("wlp-kyrgyzstan-defective.json");
    let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .arg("convert")
        .arg(&defective)
        .arg(dir.path().join("out.json"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Close the reading end of stderr before the command reports anything there.
    drop(child.stderr.take());
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(dir.path().join("out.json").is_file());
}

#[test]
fn dash_is_standard_input_and_standard_output() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // convert FILE - --to json writes the document to stdout, the summary to stderr.
    let run = broadsheet([
        "convert".as_ref(),
        wlp().as_os_str(),
        "-".as_ref(),
        "--to".as_ref(),
        "json".as_ref(),
    ]);
    run.expect_code(0);
    let document: Value = serde_json::from_str(&run.stdout).expect("stdout is the document");
    assert_eq!(document["format"], "broadsheet");
    run.expect_stderr_contains("converted");
    // Without --to, - has no extension: a usage error that says so.
    let run = broadsheet(["convert".as_ref(), wlp().as_os_str(), "-".as_ref()]);
    run.expect_code(2);
    run.expect_stderr_contains("needs --to");

    // stats - reads standard input, any format (WXR here, from the pipe).
    let wxr = broadsheet([
        "convert".as_ref(),
        wlp().as_os_str(),
        "-".as_ref(),
        "--to".as_ref(),
        "wxr".as_ref(),
    ]);
    let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["stats", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(wxr.stdout.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stats: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["format"], "wxr-1.2");
    assert_eq!(stats["items"]["post"]["published"], 12);
}

#[cfg(unix)]
#[test]
fn convert_writes_through_a_fifo_and_never_replaces_it() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read(reader_path).unwrap());
    let run = broadsheet([
        "convert".as_ref(),
        wlp().as_os_str(),
        fifo.as_os_str(),
        "--to".as_ref(),
        "json".as_ref(),
    ]);
    run.expect_code(0);
    let bytes = reader.join().unwrap();
    let document: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(document["format"], "broadsheet");
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
}

#[test]
fn tables_writes_one_hive_partitioned_parquet_dataset_for_many_sites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dataset");
    let copy = dir.path().join("second-blog.json");
    std::fs::copy(wlp(), &copy).unwrap();
    let run = broadsheet([
        "tables".as_ref(),
        wlp().as_os_str(),
        copy.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    run.expect_code(0);
    for table in [
        "posts",
        "authors",
        "terms",
        "post_terms",
        "post_authors",
        "comments",
        "media",
    ] {
        for site in ["wlp-kyrgyzstan", "second-blog"] {
            let file = out.join(format!("table={table}/site={site}/part-0.parquet"));
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            assert!(
                bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"),
                "{}",
                file.display()
            );
        }
    }
    // Two files that would be the same site are refused before anything is written.
    let run = broadsheet([
        "tables".as_ref(),
        wlp().as_os_str(),
        wlp().as_os_str(),
        "--out".as_ref(),
        dir.path().join("other").as_os_str(),
    ]);
    run.expect_code(2);
    run.expect_stderr_contains("also site");
    assert!(!dir.path().join("other").exists());
}
