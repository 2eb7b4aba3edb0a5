//! Issue 15 through the binary, one cheap smoke test per command (the linear-time proofs are
//! library tests in broadsheet-formats/tests/linear_time.rs): a long reply chain through
//! `thread`, `thread --json`, `feed` and `query`; dates outside years 0000-9999 through `feed`;
//! many bad character references through `validate --json`; the limit flags.

mod common;

use common::broadsheet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// One post with a reply chain of `n` comments, listed deepest first.
fn chain(n: usize) -> String {
    let mut comments = String::new();
    for id in (1..=n).rev() {
        let parent = if id > 1 {
            format!(r#","parent":{}"#, id - 1)
        } else {
            String::new()
        };
        let _ = write!(
            comments,
            r#"{}{{"id":{id},"post":1,"author_name":"Ann","content":"reply {id}","date":"2020-01-02T10:00:00Z","status":"approved","kind":"comment"{parent}}}"#,
            if id == n { "" } else { "," }
        );
    }
    format!(
        r#"{{"format":"broadsheet","version":1,"site":{{"title":"T","url":"https://example.org","posts":[{{"id":1,"kind":"post","status":"published","title":"Busy","slug":"busy","content":"x","published":"2020-01-01T10:00:00Z","terms":[]}}],"comments":[{comments}]}}}}"#
    )
}

#[test]
fn a_long_reply_chain_through_every_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "chain.json", &chain(20_000));
    let text = broadsheet(["thread".as_ref(), file.as_os_str(), "busy".as_ref()]);
    text.expect_code(0);
    assert!(
        text.stdout.contains("(20000 comments)"),
        "{}",
        &text.stdout[..200]
    );
    assert_eq!(text.stdout.lines().count(), 20_001);
    let json = broadsheet([
        "thread".as_ref(),
        file.as_os_str(),
        "1".as_ref(),
        "--json".as_ref(),
    ]);
    json.expect_code(0);
    assert_eq!(json.json().as_array().unwrap().len(), 1);
    broadsheet(["feed".as_ref(), file.as_os_str()]).expect_code(0);
    let query = broadsheet(["query".as_ref(), file.as_os_str(), "--json".as_ref()]);
    assert_eq!(
        query.expect_code(0).json()["posts"][0]["comment_count"],
        20_000
    );
}

#[test]
fn feeds_of_dates_at_the_edges_of_the_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "edges.json",
        r#"{"format":"broadsheet","version":1,"site":{"title":"T","url":"https://example.org","time_zone":"+05:00","posts":[
        {"id":1,"kind":"post","status":"published","title":"Late","slug":"late","content":"x","published":"9999-12-31T23:30:00-05:00"},
        {"id":2,"kind":"post","status":"published","title":"Early","slug":"early","content":"x","published":"0000-01-01T00:30:00+05:00"}]}}"#,
    );
    for format in ["rss", "atom", "json"] {
        broadsheet([
            "feed".as_ref(),
            file.as_os_str(),
            "--format".as_ref(),
            format.as_ref(),
        ])
        .expect_code(0);
    }
    // Through Ghost JSON and back: the years -1 and 10000 are reported, not a panic.
    let ghost = dir.path().join("edges.ghost.json");
    broadsheet(["convert".as_ref(), file.as_os_str(), ghost.as_os_str()]).expect_code(0);
    // Ghost keeps its site URL in its configuration, not in the export: name it.
    broadsheet([
        "feed".as_ref(),
        ghost.as_os_str(),
        "--site-url".as_ref(),
        "https://example.org".as_ref(),
    ])
    .expect_code(0);
    let validate = broadsheet(["validate".as_ref(), ghost.as_os_str()]);
    validate.expect_stdout_contains("ghost.date.invalid");
}

#[test]
fn many_bad_character_references_make_one_issue() {
    let dir = tempfile::tempdir().unwrap();
    let xml = format!(
        r#"<?xml version="1.0"?><rss xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>P</title><wp:post_id>1</wp:post_id><wp:status>draft</wp:status><content:encoded>{}</content:encoded></item></channel></rss>"#,
        "&#x110000;".repeat(50_000)
    );
    let file = write(dir.path(), "refs.xml", &xml);
    let run = broadsheet(["validate".as_ref(), file.as_os_str(), "--json".as_ref()]);
    let report = run.json();
    let recovered: Vec<_> = report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|issue| issue["code"] == "wxr.xml.recovered")
        .collect();
    assert_eq!(recovered.len(), 1, "{report}");
    assert!(
        recovered[0]["message"]
            .as_str()
            .unwrap()
            .contains("50000 times in all")
    );
}

#[test]
fn limit_flags_reach_the_import() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(dir.path(), "chain.json", &chain(10));
    let run = broadsheet([
        "query".as_ref(),
        file.as_os_str(),
        "--max-comments-per-thread".as_ref(),
        "5".as_ref(),
    ]);
    run.expect_code(3);
    assert!(
        run.stderr
            .contains("chain.json, comments[5]: the number of comments on post 1 is 6")
            && run.stderr.contains("max_comments_per_thread"),
        "{}",
        run.stderr
    );
    let run = broadsheet([
        "stats".as_ref(),
        file.as_os_str(),
        "--max-bytes".as_ref(),
        "100".as_ref(),
    ]);
    run.expect_code(3);
    run.expect_stderr_contains("more than the limit of 100");
    broadsheet([
        "stats".as_ref(),
        file.as_os_str(),
        "--max-bytes".as_ref(),
        "0".as_ref(),
    ])
    .expect_code(0);
}
