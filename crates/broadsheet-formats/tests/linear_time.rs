//! Every input dimension costs linear time (issue 15): long reply chains (native JSON and WXR,
//! oldest first and deepest first), many replies to one comment, deep page hierarchies, posts
//! with many tags (native and Ghost), and many tags and authors sharing one slug, each taken
//! from the bytes of a generated file through what the commands do with it (open, `thread`,
//! `thread --json`, `feed`, `query`).
//!
//! Each test times the whole path at N and at 4N (best of five alternating runs) and compares the two as
//! a ratio inside the one test: linear work gives about 4, quadratic about 16; the bound of 9
//! leaves room for a noisy machine and fails any quadratic step. No wall-clock threshold.

use broadsheet_core::SiteData;
use broadsheet_core::testing::assert_linear_growth;
use broadsheet_core::thread::ThreadOptions;
use broadsheet_core::{PostId, PostKind, Query, Snapshot, Viewer};
use broadsheet_formats::feed::{FeedChannel, FeedContent, FeedFormat, query_items, render_feed};
use broadsheet_formats::{ImportOptions, open};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Times `run` on the input `make(n)` builds (building is not timed).
fn timed(n: usize, make: &dyn Fn(usize) -> Vec<u8>, run: &dyn Fn(&[u8])) -> Duration {
    let input = make(n);
    let start = Instant::now();
    run(&input);
    start.elapsed()
}

/// One measurement at a time: tests of this file running side by side would skew each
/// other's ratios.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Fails unless `run` on `make(4n)` costs less than 9 times `run` on `make(n)`.
fn assert_linear(what: &str, n: usize, make: &dyn Fn(usize) -> Vec<u8>, run: &dyn Fn(&[u8])) {
    let _alone = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Linear work gives about 4; quadratic about 16. 9 leaves room for a noisy machine.
    assert_linear_growth(what, n as u64, 4, 9.0, |n| timed(n as usize, make, run));
}

fn opened(bytes: &[u8]) -> std::sync::Arc<Snapshot> {
    open::open_bytes(bytes, ImportOptions::default())
        .unwrap_or_else(|error| panic!("{error}"))
        .archive
        .snapshot()
}

/// What `thread` and `thread --json` do with post 1.
fn thread_command(snapshot: &Snapshot, expected: usize) {
    let thread = snapshot.comment_thread(PostId(1), &ThreadOptions::default());
    assert_eq!(thread.total, expected);
    let mut text = String::new();
    for node in thread.flatten() {
        let _ = writeln!(
            text,
            "{}{}",
            "  ".repeat(node.depth + 1),
            node.comment.content()
        );
    }
    let json = serde_json::to_string(&thread.nodes).expect("a thread serialises");
    assert!(json.len() > expected);
    // Nesting without a limit is built and dropped without recursion.
    let deep = snapshot.comment_thread(PostId(1), &ThreadOptions::default().with_max_depth(None));
    assert_eq!(deep.flatten().len(), expected);
}

/// What `feed --full` does (every format).
fn feed_command(snapshot: &Snapshot) {
    let items = query_items(snapshot, &Query::new().page(1, 10), FeedContent::Full)
        .expect("the feed query runs");
    assert!(!items.is_empty());
    for format in [FeedFormat::Rss, FeedFormat::Atom, FeedFormat::JsonFeed] {
        let channel = FeedChannel::for_site(snapshot, format).with_updated_from(&items);
        assert!(!render_feed(format, &channel, &items).is_empty());
    }
}

/// What `query` and `query --json` do: one page of posts (of `kind`), with summaries.
fn query_command(snapshot: &Snapshot, kind: PostKind) {
    let query = Query::new().kinds([kind]).page(1, 10);
    let page = snapshot
        .query(&query, Viewer::Anonymous)
        .expect("the query runs");
    assert!(page.total > 0);
    let summaries = snapshot.summaries(&page.posts);
    assert!(serde_json::to_string(&summaries).is_ok());
}

const JSON_HEAD: &str = r#"{"format":"broadsheet","version":1,"site":{"title":"Scale","url":"https://example.org","time_zone":"UTC""#;

fn json_post(id: usize, kind: &str, extra: &str) -> String {
    format!(
        r#"{{"id":{id},"kind":"{kind}","status":"published","title":"P{id}","slug":"p{id}","content":"<p>Text</p>","published":"2020-01-01T10:00:00Z"{extra}}}"#
    )
}

fn json_comment(id: usize, parent: Option<usize>) -> String {
    let parent = parent
        .map(|p| format!(r#","parent":{p}"#))
        .unwrap_or_default();
    format!(
        r#"{{"id":{id},"post":1,"author_name":"Ann","content":"A reply.","date":"2020-01-02T10:00:00Z","status":"approved","kind":"comment"{parent}}}"#
    )
}

/// One post whose `n` comments each reply to the one before, listed oldest or deepest first.
fn json_chain(n: usize, deepest_first: bool) -> Vec<u8> {
    let mut comments: Vec<String> = (1..=n)
        .map(|id| json_comment(id, (id > 1).then(|| id - 1)))
        .collect();
    if deepest_first {
        comments.reverse();
    }
    format!(
        r#"{JSON_HEAD},"posts":[{}],"comments":[{}]}}}}"#,
        json_post(1, "post", ""),
        comments.join(",")
    )
    .into_bytes()
}

/// One comment and `n` replies to it.
fn json_star(n: usize) -> Vec<u8> {
    let comments: Vec<String> = (1..=n + 1)
        .map(|id| json_comment(id, (id > 1).then_some(1)))
        .collect();
    format!(
        r#"{JSON_HEAD},"posts":[{}],"comments":[{}]}}}}"#,
        json_post(1, "post", ""),
        comments.join(",")
    )
    .into_bytes()
}

const WXR_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Scale</title><link>https://example.org</link><wp:wxr_version>1.2</wp:wxr_version>
"#;

/// The WXR form of [`json_chain`].
fn wxr_chain(n: usize, deepest_first: bool) -> Vec<u8> {
    let mut comments: Vec<String> = (1..=n)
        .map(|id| {
            format!(
                "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author>Ann</wp:comment_author>\
                 <wp:comment_date>2020-01-02 10:00:00</wp:comment_date><wp:comment_date_gmt>2020-01-02 10:00:00</wp:comment_date_gmt>\
                 <wp:comment_content>A reply.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>\
                 <wp:comment_parent>{}</wp:comment_parent></wp:comment>",
                id.saturating_sub(1)
            )
        })
        .collect();
    if deepest_first {
        comments.reverse();
    }
    format!(
        "{WXR_HEAD}<item><title>P</title><wp:post_id>1</wp:post_id><wp:post_name>p1</wp:post_name>\
         <wp:post_type>post</wp:post_type><wp:status>publish</wp:status>\
         <wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>\
         <content:encoded><![CDATA[<p>Text</p>]]></content:encoded>\n{}\n</item></channel></rss>\n",
        comments.join("\n")
    )
    .into_bytes()
}

fn chain_case(what: &str, make: &dyn Fn(usize) -> Vec<u8>) {
    assert_linear(what, 5_000, make, &|bytes| {
        let snapshot = opened(bytes);
        thread_command(&snapshot, bytes_count(&snapshot));
        feed_command(&snapshot);
        query_command(&snapshot, PostKind::Post);
    });
}

/// How many comments the site holds (all approved, all on post 1).
fn bytes_count(snapshot: &Snapshot) -> usize {
    snapshot.comments().count()
}

#[test]
fn a_reply_chain_in_native_json_oldest_first_is_linear() {
    chain_case("native JSON chain, oldest first", &|n| json_chain(n, false));
}

#[test]
fn a_reply_chain_in_native_json_deepest_first_is_linear() {
    chain_case("native JSON chain, deepest first", &|n| json_chain(n, true));
}

#[test]
fn a_reply_chain_in_wxr_oldest_first_is_linear() {
    chain_case("WXR chain, oldest first", &|n| wxr_chain(n, false));
}

#[test]
fn a_reply_chain_in_wxr_deepest_first_is_linear() {
    chain_case("WXR chain, deepest first", &|n| wxr_chain(n, true));
}

#[test]
fn many_replies_to_one_comment_are_linear() {
    assert_linear("replies to one comment", 5_000, &json_star, &|bytes| {
        let snapshot = opened(bytes);
        thread_command(&snapshot, bytes_count(&snapshot));
    });
}

/// `n` pages, each the child of the one before (permalinks nest every ancestor).
fn json_page_tower(n: usize) -> Vec<u8> {
    let pages: Vec<String> = (1..=n)
        .map(|id| {
            let parent = if id > 1 {
                format!(r#","parent":{}"#, id - 1)
            } else {
                String::new()
            };
            json_post(id, "page", &parent)
        })
        .collect();
    format!(r#"{JSON_HEAD},"posts":[{}]}}}}"#, pages.join(",")).into_bytes()
}

#[test]
fn a_deep_page_hierarchy_is_linear() {
    assert_linear("page hierarchy", 2_000, &json_page_tower, &|bytes| {
        let snapshot = opened(bytes);
        query_command(&snapshot, PostKind::Page);
        // The deepest page's link names every ancestor once.
        let deepest = snapshot
            .post(PostId(bytes_pages(&snapshot)))
            .expect("deepest page");
        let link = broadsheet_core::permalink::permalink(&*snapshot, deepest);
        assert!(
            link.ends_with(&format!("/p{}/", deepest.id.get())),
            "{link}"
        );
    });
}

fn bytes_pages(snapshot: &Snapshot) -> u64 {
    snapshot.posts().count() as u64
}

/// `20 n` tags, `n` of them on the one post.
fn json_many_tags(n: usize) -> Vec<u8> {
    let terms: Vec<String> = (1..=20 * n)
        .map(|id| {
            format!(r#"{{"id":{id},"taxonomy":"post_tag","name":"Tag {id}","slug":"t{id}"}}"#)
        })
        .collect();
    let on_post: Vec<String> = (1..=n).map(|id| id.to_string()).collect();
    format!(
        r#"{JSON_HEAD},"terms":[{}],"posts":[{}]}}}}"#,
        terms.join(","),
        json_post(1, "post", &format!(r#","terms":[{}]"#, on_post.join(",")))
    )
    .into_bytes()
}

#[test]
fn a_post_with_many_of_many_tags_is_linear() {
    assert_linear("many tags, native JSON", 1_000, &json_many_tags, &|bytes| {
        let snapshot = opened(bytes);
        feed_command(&snapshot);
        query_command(&snapshot, PostKind::Post);
    });
}

/// A Ghost export with `2 n` tags, `n` of them on its one post.
fn ghost_many_tags(n: usize) -> Vec<u8> {
    let tags: Vec<String> = (1..=2 * n)
        .map(|id| format!(r#"{{"id":"{id}","name":"Tag {id}","slug":"t{id}"}}"#))
        .collect();
    let links: Vec<String> = (1..=n)
        .map(|id| format!(r#"{{"post_id":"1","tag_id":"{id}","sort_order":{id}}}"#))
        .collect();
    format!(
        r#"{{"db":[{{"meta":{{"exported_on":0,"version":"5.0.0"}},"data":{{"posts":[{{"id":"1","title":"P","slug":"p","status":"published","type":"post","html":"<p>Text</p>","published_at":"2020-01-01T10:00:00.000Z"}}],"tags":[{}],"posts_tags":[{}]}}}}]}}"#,
        tags.join(","),
        links.join(",")
    )
    .into_bytes()
}

#[test]
fn a_ghost_post_with_many_tags_is_linear() {
    assert_linear("many tags, Ghost", 5_000, &ghost_many_tags, &|bytes| {
        let snapshot = opened(bytes);
        assert_eq!(
            snapshot.post(PostId(1)).map(|p| p.terms.len()),
            Some(bytes_tags(&snapshot) / 2)
        );
        feed_command(&snapshot);
    });
}

fn bytes_tags(snapshot: &Snapshot) -> usize {
    snapshot.terms().count()
}

/// `n` tags and `n` authors sharing one slug, all on one post.
fn json_one_slug(n: usize) -> Vec<u8> {
    let terms: Vec<String> = (1..=n)
        .map(|id| format!(r#"{{"id":{id},"taxonomy":"post_tag","name":"Tag {id}","slug":"same"}}"#))
        .collect();
    let authors: Vec<String> = (1..=n)
        .map(|id| format!(r#"{{"id":{id},"login":"u{id}","slug":"same","display_name":"Same"}}"#))
        .collect();
    let ids: Vec<String> = (1..=n).map(|id| id.to_string()).collect();
    let ids = ids.join(",");
    format!(
        r#"{JSON_HEAD},"authors":[{}],"terms":[{}],"posts":[{}]}}}}"#,
        authors.join(","),
        terms.join(","),
        json_post(1, "post", &format!(r#","terms":[{ids}],"authors":[{ids}]"#))
    )
    .into_bytes()
}

#[test]
fn many_tags_and_authors_sharing_one_slug_are_linear() {
    assert_linear("one slug", 2_000, &json_one_slug, &|bytes| {
        let snapshot = opened(bytes);
        feed_command(&snapshot);
        query_command(&snapshot, PostKind::Post);
        let page = snapshot
            .query(&Query::new().tag("same"), Viewer::Anonymous)
            .expect("a tag query runs");
        assert_eq!(page.total, 1);
    });
}
