//! Concurrent readers and a writer stay consistent (issue 15): while one thread commits edits
//! that each change several entities (a new tagged post, a new approved comment, and a counter
//! post's title), reader threads take snapshots and check that each is whole: the tag index
//! agrees with the posts, the comment count with the comments, the counter with both, every
//! snapshot is at least as new as the one the reader took before, and a snapshot held across
//! later edits never changes. Bounded: a fixed number of edits and readers, joined at the end.

use broadsheet_core::{
    Archive, Comment, CommentId, CommentStatus, Post, PostId, Query, SiteData, Slug, Snapshot,
    Taxonomy, Term, TermId, Timestamp, Viewer,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;

const EDITS: u64 = 300;
const READERS: usize = 4;
const COUNTER: PostId = PostId(1);

fn published(id: u64, title: String) -> Post {
    let mut post = Post::new(
        PostId(id),
        title,
        Slug::parse(&format!("post-{id}")).unwrap(),
    );
    post.published = Some(Timestamp::parse_rfc3339("2020-01-01T10:00:00Z").unwrap());
    post
}

/// What one snapshot says, checked for consistency within itself; returns the number of edits
/// it holds.
fn check(snapshot: &Snapshot) -> u64 {
    let total = snapshot
        .query(&Query::new().tag("t"), Viewer::Anonymous)
        .unwrap()
        .total;
    let tagged = snapshot
        .posts()
        .filter(|post| post.terms.contains(&TermId(1)))
        .count() as u64;
    assert_eq!(total, tagged, "the tag index agrees with the posts");
    let comments = snapshot
        .post_view(COUNTER, Viewer::Anonymous)
        .unwrap()
        .comment_count();
    assert_eq!(comments, snapshot.comments().count() as u64);
    assert_eq!(comments, tagged, "one comment per edit");
    let counter = &snapshot.post(COUNTER).unwrap().title;
    assert_eq!(
        counter,
        &format!("n={tagged}"),
        "the counter moved with the edit"
    );
    tagged
}

#[test]
fn readers_see_whole_edits_while_a_writer_commits() {
    let archive = Arc::new(Archive::default());
    archive
        .edit(|e| {
            e.insert_term(Term::new(
                TermId(1),
                Taxonomy::Tag,
                "t",
                Slug::parse("t").unwrap(),
            ))?;
            e.insert_post(published(COUNTER.0, "n=0".into()))
        })
        .unwrap();
    let first = archive.snapshot();
    let done = Arc::new(AtomicBool::new(false));

    let readers: Vec<_> = (0..READERS)
        .map(|_| {
            let archive = Arc::clone(&archive);
            let done = Arc::clone(&done);
            thread::spawn(move || {
                let mut last = 0;
                let mut looks = 0u64;
                let mut held: Option<(Arc<Snapshot>, u64)> = None;
                while !done.load(Ordering::Acquire) || looks < 10 {
                    let snapshot = archive.snapshot();
                    let seen = check(&snapshot);
                    assert!(
                        seen >= last,
                        "a snapshot went back from {last} to {seen} edits"
                    );
                    last = seen;
                    looks += 1;
                    // Keep one snapshot across later edits; it must not change.
                    match &held {
                        Some((old, count)) => assert_eq!(check(old), *count),
                        None if seen > EDITS / 4 => held = Some((snapshot, seen)),
                        None => {}
                    }
                }
                (last, looks)
            })
        })
        .collect();

    let writer = {
        let archive = Arc::clone(&archive);
        thread::spawn(move || {
            for n in 1..=EDITS {
                archive
                    .edit(|e| {
                        let mut post = published(n + 1, format!("Post {n}"));
                        post.terms.push(TermId(1));
                        e.insert_post(post)?;
                        let mut comment = Comment::new(CommentId(n), COUNTER, "Ann", "Hi");
                        comment.status = CommentStatus::Approved;
                        e.insert_comment(comment)?;
                        e.update_post(published(COUNTER.0, format!("n={n}")))
                    })
                    .unwrap();
            }
        })
    };
    writer.join().unwrap();
    done.store(true, Ordering::Release);
    for reader in readers {
        let (last, looks) = reader.join().unwrap();
        assert!(looks >= 10);
        assert!(last <= EDITS);
    }
    assert_eq!(check(&archive.snapshot()), EDITS);
    // The first snapshot is still the archive before any edit.
    assert_eq!(check(&first), 0);
}
