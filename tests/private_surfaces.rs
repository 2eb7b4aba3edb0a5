//! Private data through the Rust API: `tests/private/markers.json` holds the marker `privmark` in
//! every piece of private data (hidden posts of every status with their slugs, excerpts and a
//! tag and a category only they use, a password, protected content and its comments, pending,
//! spam and trashed comments, comments on hidden posts, e-mails; IPs are `203.0.113.x`). Every
//! public result the anonymous viewer gets — query pages (orders, search, hidden statuses and
//! kinds asked for, dates, an author with only hidden posts), summaries and their excerpts,
//! cursors (decoded), term and author counts, clouds, date archives, adjacent and related
//! posts, post views, comments and threads, feed items — is printed whole (`{:?}`) and must
//! hold no marker.

use broadsheet::archive::{DateGranularity, Snapshot};
use broadsheet::cloud::CloudOptions;
use broadsheet::formats::feed::{FeedContent, query_items};
use broadsheet::formats::{ImportOptions, open_path};
use broadsheet::thread::ThreadOptions;
use broadsheet::{PostId, PostKind, PostStatus, Query, Taxonomy, Viewer};
use std::fmt::Debug;
use std::sync::Arc;

fn snapshot() -> Arc<Snapshot> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/private/markers.json");
    open_path(path, ImportOptions::default())
        .expect("the fixture opens")
        .archive
        .snapshot()
}

const MARKERS: [&str; 2] = ["privmark", "203.0.113."];

fn leaks(label: &str, text: &str, problems: &mut Vec<String>) {
    let lower = text.to_lowercase();
    for marker in MARKERS {
        if let Some(at) = lower.find(marker) {
            let context: String = text[at.saturating_sub(60)..].chars().take(140).collect();
            problems.push(format!("{label}: ...{context}..."));
        }
    }
}

fn check(label: &str, value: &impl Debug, problems: &mut Vec<String>) {
    leaks(label, &format!("{value:?}"), problems);
}

/// The queries an anonymous visitor's front end could run.
fn queries() -> Vec<(&'static str, Query)> {
    let hidden = [
        PostStatus::Draft,
        PostStatus::Pending,
        PostStatus::Private,
        PostStatus::Scheduled,
        PostStatus::Trash,
    ];
    vec![
        ("all", Query::new()),
        ("search kyrgyzstan", Query::new().search("kyrgyzstan")),
        ("search content words", Query::new().search("content words")),
        ("hidden statuses", Query::new().statuses(hidden.clone())),
        ("pages", Query::new().kinds([PostKind::Page])),
        (
            "any kind",
            Query::new()
                .kinds([PostKind::Post, PostKind::Page])
                .statuses(hidden),
        ),
        ("author bob", Query::new().authors(&["bob"])),
        ("january 2013", Query::new().year(2013).month(1)),
        ("2099", Query::new().year(2099)),
        ("public tag", Query::new().tag("public-tag")),
        ("sticky", Query::new().sticky_first()),
    ]
}

#[test]
fn the_fixture_holds_markers_the_owner_sees() {
    let snapshot = snapshot();
    let mut found = Vec::new();
    let editor = snapshot
        .query(&Query::new().statuses([PostStatus::Draft]), Viewer::Editor)
        .unwrap();
    check("editor", &editor.posts, &mut found);
    check(
        "editor comments",
        &snapshot.post_comments(PostId(1), Viewer::Editor),
        &mut found,
    );
    assert!(found.len() >= 2, "{found:?}");
}

#[test]
fn no_public_result_of_the_rust_api_holds_private_data() {
    let snapshot = snapshot();
    let viewer = Viewer::Anonymous;
    let mut problems = Vec::new();
    let p = &mut problems;
    for (label, query) in queries() {
        let Ok(page) = snapshot.query(&query, viewer) else {
            continue;
        };
        check(label, &page, p);
        check(
            &format!("{label} summaries"),
            &snapshot.summaries(&page.posts),
            p,
        );
        for (taxonomy, name) in [(Taxonomy::Tag, "tags"), (Taxonomy::Category, "categories")] {
            if let Ok(counts) = snapshot.term_counts(&taxonomy, &query, viewer) {
                check(&format!("{label} {name} counts"), &counts, p);
            }
            let options = CloudOptions::default().with_number(0);
            if let Ok(cloud) = snapshot.tag_cloud(&query, &taxonomy, &options, viewer) {
                check(&format!("{label} {name} cloud"), &cloud, p);
            }
        }
        for granularity in [
            DateGranularity::Year,
            DateGranularity::Month,
            DateGranularity::Day,
        ] {
            if let Ok(dates) = snapshot.date_archive(granularity, &query, viewer) {
                check(&format!("{label} dates"), &dates, p);
            }
        }
        if let Ok(counts) = snapshot.author_counts(&query, viewer) {
            check(&format!("{label} author counts"), &counts, p);
        }
        if let Ok(items) = query_items(&snapshot, &query.clone().page(1, 100), FeedContent::Full) {
            check(&format!("{label} feed items"), &items, p);
        }
    }
    for id in 1..=10 {
        let id = PostId(id);
        check("post view", &snapshot.post_view(id, viewer), p);
        check("comments", &snapshot.post_comments(id, viewer), p);
        check(
            "thread",
            &snapshot.comment_thread(id, &ThreadOptions::default()),
            p,
        );
        for taxonomy in [None, Some(Taxonomy::Tag), Some(Taxonomy::Category)] {
            check(
                "adjacent",
                &snapshot.adjacent(id, &Query::new(), taxonomy.as_ref(), viewer),
                p,
            );
        }
        check(
            "related",
            &snapshot.related(id, &Query::new(), 10, viewer),
            p,
        );
    }
    // The public part is really there.
    let page = snapshot.query(&Query::new(), viewer).unwrap();
    assert_eq!(page.total, 4);
    assert_eq!(snapshot.post_comments(PostId(1), viewer).len(), 2);
    assert!(
        problems.is_empty(),
        "{} leaks:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn cursors_hold_no_private_data_and_page_through_public_posts_only() {
    use base64::Engine;
    let snapshot = snapshot();
    let mut problems = Vec::new();
    for order in ["-published", "title", "comment_count", "published:asc"] {
        let order = order.parse().expect("an order");
        let mut cursor = None;
        let mut seen = Vec::new();
        loop {
            let mut query = Query::new().after_cursor(cursor.clone(), 1);
            query.order = order;
            let page = snapshot.query(&query, Viewer::Anonymous).expect("a page");
            check("cursor page", &page.posts, &mut problems);
            seen.extend(page.posts.iter().map(broadsheet::archive::PostView::id));
            let Some(next) = page.next_cursor else { break };
            let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(&next)
                .unwrap();
            leaks("cursor", &String::from_utf8_lossy(&bytes), &mut problems);
            cursor = Some(next);
            assert!(seen.len() <= 4);
        }
        seen.sort();
        assert_eq!(seen, [PostId(1), PostId(4), PostId(8), PostId(9)]);
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
