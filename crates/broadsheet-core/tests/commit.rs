//! Commit sinks: what an edit reports as changed, and an edit the sink refuses leaves the
//! archive at its previous snapshot.

use broadsheet_core::archive::{Changes, CommitError, CommitSink, EditError};
use broadsheet_core::{
    Archive, Author, AuthorId, Comment, CommentId, Post, PostId, Slug, Snapshot, Taxonomy, Term,
    TermId,
};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Records every commit; refuses them while `fail` is set.
#[derive(Debug, Default)]
struct Recorder {
    commits: Mutex<Vec<Changes>>,
    fail: AtomicBool,
}

impl CommitSink for Recorder {
    fn commit(&self, snapshot: &Snapshot, changes: &Changes) -> Result<(), CommitError> {
        // The sink sees the edited snapshot: every changed id is either there or deleted.
        for id in &changes.posts {
            let _ = snapshot.post(*id);
        }
        if self.fail.load(Ordering::SeqCst) {
            return Err(CommitError::new("site.broadsheet: disk full (injected)"));
        }
        self.commits.lock().unwrap().push(changes.clone());
        Ok(())
    }
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

fn setup() -> (Archive, Arc<Recorder>) {
    let recorder = Arc::new(Recorder::default());
    let archive = Archive::default().with_commit_sink(recorder.clone());
    archive
        .edit(|e| {
            e.insert_author(Author::new(AuthorId(1), slug("a"), "A"))?;
            e.insert_term(Term::new(TermId(1), Taxonomy::Tag, "T", slug("t")))?;
            e.insert_term(Term::new(TermId(2), Taxonomy::Category, "C", slug("c")))?;
            let mut child = Term::new(TermId(3), Taxonomy::Category, "D", slug("d"));
            child.parent = Some(TermId(2));
            e.insert_term(child)?;
            for id in 1..=3 {
                let mut post = Post::new(PostId(id), format!("P{id}"), slug(&format!("p{id}")));
                post.authors.push(AuthorId(1));
                post.terms.push(TermId(1));
                e.insert_post(post)?;
            }
            e.insert_comment(Comment::new(CommentId(1), PostId(1), "x", "hi"))?;
            e.insert_comment(Comment::new(CommentId(2), PostId(1), "y", "ho"))
        })
        .unwrap();
    (archive, recorder)
}

#[test]
fn each_edit_hands_the_sink_exactly_what_it_changed() {
    let (archive, recorder) = setup();
    let first = recorder.commits.lock().unwrap()[0].clone();
    assert_eq!(first.len(), 1 + 3 + 3 + 2);
    assert!(archive.is_durable());

    archive.edit(|e| e.delete_post(PostId(1))).unwrap();
    let last = recorder.commits.lock().unwrap().last().unwrap().clone();
    assert_eq!(last.posts.iter().copied().collect::<Vec<_>>(), [PostId(1)]);
    assert_eq!(
        last.comments.iter().copied().collect::<Vec<_>>(),
        [CommentId(1), CommentId(2)],
        "a deleted post's comments are deleted with it"
    );
    assert_eq!(last.len(), 3);

    archive.edit(|e| e.delete_term(TermId(1))).unwrap();
    let last = recorder.commits.lock().unwrap().last().unwrap().clone();
    assert_eq!(last.terms.iter().copied().collect::<Vec<_>>(), [TermId(1)]);
    assert_eq!(
        last.posts.iter().copied().collect::<Vec<_>>(),
        [PostId(2), PostId(3)],
        "the posts that lose the term are rewritten"
    );

    archive.edit(|e| e.delete_term(TermId(2))).unwrap();
    let last = recorder.commits.lock().unwrap().last().unwrap().clone();
    assert_eq!(
        last.terms.iter().copied().collect::<Vec<_>>(),
        [TermId(2), TermId(3)],
        "the child that gets a new parent is rewritten"
    );

    archive.edit(|e| e.delete_author(AuthorId(1))).unwrap();
    let last = recorder.commits.lock().unwrap().last().unwrap().clone();
    assert_eq!(last.authors.len(), 1);
    assert_eq!(last.posts.len(), 2);

    let mut info = archive.snapshot().settings().clone();
    info.title = "New".into();
    archive
        .edit(|e| {
            e.set_settings(info);
            Ok(())
        })
        .unwrap();
    let last = recorder.commits.lock().unwrap().last().unwrap().clone();
    assert!(last.settings);
    assert_eq!(last.len(), 1);

    // An edit that changes nothing commits nothing.
    let before = recorder.commits.lock().unwrap().len();
    archive.edit(|_| Ok(())).unwrap();
    assert_eq!(recorder.commits.lock().unwrap().len(), before);
}

#[test]
fn a_refused_commit_leaves_the_archive_at_its_previous_snapshot() {
    let (archive, recorder) = setup();
    let before = archive.snapshot();
    recorder.fail.store(true, Ordering::SeqCst);
    let error = archive
        .edit(|e| {
            e.delete_post(PostId(2))?;
            let mut post = e.snapshot().post(PostId(3)).unwrap().clone();
            post.title = "changed".into();
            e.update_post(post)
        })
        .unwrap_err();
    assert!(matches!(error, EditError::Commit { .. }), "{error:?}");
    assert!(error.to_string().contains("disk full"), "{error}");
    assert!(error.to_string().contains("unchanged"), "{error}");
    let after = archive.snapshot();
    assert!(
        Arc::ptr_eq(&before, &after),
        "no new snapshot was published"
    );
    assert_eq!(after.post(PostId(3)).unwrap().title, "P3");
    assert!(after.post(PostId(2)).is_some());

    recorder.fail.store(false, Ordering::SeqCst);
    archive.edit(|e| e.delete_post(PostId(2))).unwrap();
    assert!(archive.snapshot().post(PostId(2)).is_none());
}

#[test]
fn an_archive_without_a_sink_edits_as_before() {
    let archive = Archive::default();
    assert!(!archive.is_durable());
    archive
        .edit(|e| e.insert_post(Post::new(PostId(1), "P", slug("p"))))
        .unwrap();
    assert_eq!(archive.snapshot().post_count(), 1);
}
