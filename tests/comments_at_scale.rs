//! Per-post comment work grows linearly: opening, querying, date archives, clouds, threads and
//! feeds of a post with N comments (flat, or one reply chain) cost about four times as much at
//! 4N, not sixteen. Measured as a ratio of the best of five alternating runs inside this one test (never a
//! wall-clock threshold), with a bound that a quadratic step cannot meet.

use broadsheet::cloud::CloudOptions;
use broadsheet::formats::feed::{FeedContent, query_items};
use broadsheet::thread::ThreadOptions;
use broadsheet::{
    Comment, CommentId, CommentStatus, Post, PostId, Query, Site, Slug, Snapshot, Taxonomy, Term,
    TermId, Timestamp, Viewer,
};
use broadsheet_core::testing::assert_linear_growth;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One post with `n` comments: all top level, or each replying to the one before.
fn site(n: u64, chain: bool) -> Site {
    let mut site = Site::new("Scale");
    site.terms.push(Term::new(
        TermId(1),
        Taxonomy::Tag,
        "t",
        Slug::parse("t").unwrap(),
    ));
    let mut post = Post::new(PostId(1), "Busy post", Slug::parse("busy").unwrap());
    post.published = Some(Timestamp::parse_rfc3339("2020-01-01T10:00:00Z").unwrap());
    post.terms.push(TermId(1));
    site.posts.push(post);
    for id in 1..=n {
        let mut comment = Comment::new(CommentId(id), PostId(1), "Ann", "A reply.");
        comment.date = Some(Timestamp::parse_rfc3339("2020-01-02T10:00:00Z").unwrap());
        comment.status = if id % 10 == 0 {
            CommentStatus::Pending
        } else {
            CommentStatus::Approved
        };
        if chain && id > 1 {
            comment.parent = Some(CommentId(id - 1));
        }
        site.comments.push(comment);
    }
    site
}

/// Everything an archive command does with one busy post.
fn work(site: Site) {
    let snapshot = Snapshot::from_site(site);
    let page = snapshot
        .query(&Query::new().tag("t"), Viewer::Anonymous)
        .unwrap();
    assert_eq!(page.total, 1);
    let _ = snapshot.summaries(&page.posts);
    let _ = snapshot
        .date_archive(
            broadsheet::archive::DateGranularity::Month,
            &Query::new(),
            Viewer::Anonymous,
        )
        .unwrap();
    let _ = snapshot
        .tag_cloud(
            &Query::new(),
            &Taxonomy::Tag,
            &CloudOptions::default(),
            Viewer::Anonymous,
        )
        .unwrap();
    for viewer in [Viewer::Anonymous, Viewer::Editor] {
        let thread =
            snapshot.comment_thread(PostId(1), &ThreadOptions::default().with_viewer(viewer));
        assert!(thread.total > 0);
        let _ = snapshot.post_comments(PostId(1), viewer);
    }
    let _ = query_items(&snapshot, &Query::new(), FeedContent::Full).unwrap();
}

/// One timed run of [`work`] on `site(n, chain)` (building the site is not timed).
fn timed(n: u64, chain: bool) -> Duration {
    let site = site(n, chain);
    let start = Instant::now();
    work(site);
    start.elapsed()
}

/// One measurement at a time: the two tests of this file side by side would skew each
/// other's ratios.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn assert_linear(chain: bool) {
    let _alone = ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    // Linear work gives about 4; quadratic about 16. 9 leaves room for a noisy machine.
    let what = if chain {
        "a reply chain"
    } else {
        "comments on one post"
    };
    assert_linear_growth(what, 5_000, 4, 9.0, |n| timed(n, chain));
}

#[test]
fn many_comments_on_one_post_cost_linear_time() {
    assert_linear(false);
}

#[test]
fn a_long_reply_chain_costs_linear_time() {
    assert_linear(true);
}

#[test]
fn approved_counts_follow_every_comment_edit() {
    let snapshot = Snapshot::from_site(site(50, false));
    let approved = 45;
    let view = snapshot.post_view(PostId(1), Viewer::Anonymous).unwrap();
    assert_eq!(view.comment_count(), approved);
    let archive = broadsheet::Archive::from_snapshot(snapshot);
    // Approve a pending one, spam an approved one, delete an approved one, move one away.
    let mut pending = archive.snapshot().comment(CommentId(10)).unwrap().clone();
    pending.status = CommentStatus::Approved;
    archive.edit(|e| e.update_comment(pending)).unwrap();
    let mut spam = archive.snapshot().comment(CommentId(1)).unwrap().clone();
    spam.status = CommentStatus::Spam;
    archive.edit(|e| e.update_comment(spam)).unwrap();
    archive.edit(|e| e.delete_comment(CommentId(2))).unwrap();
    let count = |archive: &broadsheet::Archive| {
        archive
            .snapshot()
            .post_view(PostId(1), Viewer::Anonymous)
            .unwrap()
            .comment_count()
    };
    assert_eq!(count(&archive), approved + 1 - 1 - 1);
    let mut other = Post::new(PostId(2), "Other", Slug::parse("other").unwrap());
    other.published = Some(Timestamp::parse_rfc3339("2020-02-01T10:00:00Z").unwrap());
    archive.edit(|e| e.insert_post(other)).unwrap();
    let mut moved = archive.snapshot().comment(CommentId(3)).unwrap().clone();
    moved.post = PostId(2);
    archive.edit(|e| e.update_comment(moved)).unwrap();
    assert_eq!(count(&archive), approved - 2);
    assert_eq!(
        archive
            .snapshot()
            .post_view(PostId(2), Viewer::Anonymous)
            .unwrap()
            .comment_count(),
        1
    );
    // The counts equal a rebuild's.
    let rebuilt = Snapshot::from_site(archive.snapshot().to_site());
    for id in [PostId(1), PostId(2)] {
        assert_eq!(
            rebuilt
                .post_view(id, Viewer::Editor)
                .unwrap()
                .comment_count(),
            archive
                .snapshot()
                .post_view(id, Viewer::Editor)
                .unwrap()
                .comment_count()
        );
    }
}
