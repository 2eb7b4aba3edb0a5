//! The validation report recorded in a store: a store written by Broadsheet opens without
//! validating again and reports what validation of its rows reports; a row changed since (by
//! an edit, or by hand in SQL), or a report recorded by another version of the library, makes
//! the next open validate and record the new report; strict opening still refuses a store
//! whose rows have errors.

#![cfg(feature = "store")]

mod support;

use broadsheet_core::{
    Author, AuthorId, BuildMode, Post, PostId, Report, Site, TermId, ValidationOptions, validate,
};
use broadsheet_formats::{ImportError, ImportOptions, load, open};
use proptest::prelude::*;
use std::path::Path;
use support::*;

/// A site with one error (a post with a term the site does not have), duplicate post ids
/// (the store keeps the last) and posts out of id order.
fn site() -> Site {
    let mut site = Site::new("Blog");
    site.authors.push(Author::new(AuthorId(1), slug("a"), "A"));
    for id in [5, 3, 9, 3] {
        let mut post = Post::new(PostId(id), format!("Post {id}"), slug(&format!("p-{id}")));
        post.authors.push(AuthorId(1));
        post.published = Some(time("2020-01-01T00:00:00Z"));
        site.posts.push(post);
    }
    site.posts[2].terms.push(TermId(77));
    site
}

/// What validation of the store's rows, read back as a plain site, reports.
fn fresh_report(path: &Path) -> Report {
    let site = load(path, ImportOptions::default()).unwrap().site;
    validate(&site, &ValidationOptions::default())
}

fn codes(report: &Report) -> Vec<&str> {
    report.issues.iter().map(|i| i.code.as_str()).collect()
}

fn sql(path: &Path, statement: &str) {
    rusqlite::Connection::open(path)
        .unwrap()
        .execute_batch(statement)
        .unwrap();
}

#[test]
fn a_store_written_by_broadsheet_opens_without_validating_and_reports_the_same() {
    let (_dir, path) = stored(&site());
    let expected = fresh_report(&path);
    assert_eq!(codes(&expected), ["post.term.dangling"]);
    let (opened, store) = open::open_store(&path, options(BuildMode::Lenient)).unwrap();
    assert_eq!(store.validations(), 0, "the recorded report was reused");
    assert_eq!(opened.build_report, expected);
    assert_eq!(opened.archive.snapshot().post_count(), 3);
    drop(opened);
    // Strict opening refuses it with the same errors.
    match open::open_store(&path, options(BuildMode::Strict)) {
        Err(ImportError::Invalid { report }) => assert_eq!(codes(&report), codes(&expected)),
        other => panic!(
            "expected the store to be refused, got {:?}",
            other.map(|_| ())
        ),
    }
}

#[test]
fn a_row_changed_by_hand_or_by_an_edit_is_validated_at_the_next_open() {
    let (_dir, path) = stored(&site());
    // By hand: post 5 loses its author (an error the recorded report does not have).
    sql(
        &path,
        "UPDATE posts SET value = json_set(value, '$.authors', json('[]')) WHERE id = 5",
    );
    let (opened, store) = open::open_store(&path, options(BuildMode::Lenient)).unwrap();
    assert_eq!(store.validations(), 1);
    assert!(codes(&opened.build_report).contains(&"post.author.missing"));
    assert_eq!(opened.build_report, fresh_report(&path));
    // The edit that fixes it is validated at the next open, whose report is then recorded.
    let mut post = opened.archive.snapshot().post(PostId(5)).unwrap().clone();
    post.authors.push(AuthorId(1));
    opened.archive.edit(|e| e.update_post(post)).unwrap();
    drop(opened);
    let (opened, store) = open::open_store(&path, options(BuildMode::Lenient)).unwrap();
    assert_eq!(store.validations(), 1);
    assert_eq!(codes(&opened.build_report), ["post.term.dangling"]);
    drop(opened);
    let (opened, store) = open::open_store(&path, options(BuildMode::Lenient)).unwrap();
    assert_eq!(store.validations(), 0);
    assert_eq!(opened.build_report, fresh_report(&path));
}

#[test]
fn a_report_recorded_by_another_version_or_damaged_is_not_trusted() {
    let (_dir, path) = stored(&site());
    for damage in [
        "UPDATE validated SET library = '0.0.1'",
        "UPDATE validated SET report = '{\"issues\": []}', rows = rows + 1",
        "UPDATE validated SET report = 'not json'",
        "DROP TABLE validated",
    ] {
        sql(&path, damage);
        let (opened, store) = open::open_store(&path, options(BuildMode::Lenient)).unwrap();
        assert_eq!(store.validations(), 1, "{damage}");
        assert_eq!(
            codes(&opened.build_report),
            ["post.term.dangling"],
            "{damage}"
        );
    }
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(16))]

    /// Any generated site: the report recorded at creation is the one validation of the
    /// store's rows gives, and opening reuses it.
    #[test]
    fn the_recorded_report_is_the_report_of_the_rows(site in broadsheet_core::testing::valid_site()) {
        let (_dir, path) = stored(&site);
        let (opened, store) = open::open_store(&path, options(BuildMode::Lenient)).unwrap();
        prop_assert_eq!(store.validations(), 0);
        prop_assert_eq!(&opened.build_report, &fresh_report(&path));
    }
}
