//! The durable archive file (`store`): every example, conformance file and generated site
//! round trips through it; edits are there after reopening; a refused commit leaves memory
//! and file at the previous state; other files and other versions are refused by name; an
//! edit writes the rows it changes and no others.

#![cfg(feature = "store")]

mod support;

use broadsheet_core::testing::valid_site;
use broadsheet_core::{
    Archive, Author, AuthorId, BuildMode, Comment, CommentId, Media, MediaId, Post, PostId,
    SiteData, Taxonomy, Term, TermId,
};
use broadsheet_formats::{
    Format, ImportError, ImportOptions, load, open_path, open_paths, save, store,
};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use support::*;

const EXAMPLES: &str = "../../examples/data";

/// Writes an archive's snapshot as a store, reopens it through `open_path`, and checks that
/// the reopened site is the same site, and that `load` reads the same.
fn round_trip(archive: &Archive, dir: &Path, name: &str) {
    let path = dir.join(format!("{}.broadsheet", name.replace('/', "_")));
    let snapshot = archive.snapshot();
    save(&*snapshot, &path, Format::Store).unwrap_or_else(|e| panic!("{name}: {e}"));
    let reopened = open_path(&path, options(BuildMode::Lenient))
        .unwrap_or_else(|e| panic!("{name}: the store does not open: {e}"));
    assert_eq!(reopened.format.family, "broadsheet-store", "{name}");
    assert!(reopened.archive.is_durable(), "{name}");
    let expected = snapshot.to_site();
    let again = reopened.archive.snapshot().to_site();
    if let Some(difference) = first_difference(&expected, &again) {
        panic!("{name}: the site changed: {difference}");
    }
    assert_eq!(again, expected, "{name}");
    let loaded = load(&path, ImportOptions::default()).unwrap();
    assert_eq!(loaded.site, expected, "{name}: load reads the same site");
}

#[test]
fn every_example_round_trips_through_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let mut count = 0;
    for entry in std::fs::read_dir(EXAMPLES).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let opened = open_path(&path, options(BuildMode::Lenient)).unwrap();
            round_trip(&opened.archive, dir.path(), &path.display().to_string());
            count += 1;
        }
    }
    assert!(count >= 2, "found {count} examples");
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn every_conformance_file_round_trips_through_a_store() {
    let Some(data) = wxr_data_dir() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut files: Vec<PathBuf> = all_files(&data)
        .iter()
        .map(|name| wxr_path(&data, name))
        .collect();
    files.extend(
        files_under(&data, "ghost", "json")
            .iter()
            .map(|name| data.join("ghost").join(name)),
    );
    let mut opened_count = 0;
    for path in &files {
        // Files the readers refuse (malformed on purpose) have nothing to round trip.
        let Ok(opened) = open_path(path, options(BuildMode::Lenient)) else {
            continue;
        };
        round_trip(&opened.archive, dir.path(), &path.display().to_string());
        opened_count += 1;
    }
    assert!(opened_count >= 40, "only {opened_count} files opened");
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(16))]

    #[test]
    fn generated_sites_round_trip_through_a_store(site in valid_site()) {
        let dir = tempfile::tempdir().unwrap();
        let (archive, _) = Archive::build(site, BuildMode::Lenient, &Default::default()).unwrap();
        round_trip(&archive, dir.path(), "generated");
    }
}

fn example_store(dir: &Path) -> PathBuf {
    let path = dir.join("site.broadsheet");
    let opened = open_path(
        format!("{EXAMPLES}/wlp-kyrgyzstan.json"),
        ImportOptions::default(),
    )
    .unwrap();
    save(&*opened.archive.snapshot(), &path, Format::Store).unwrap();
    path
}

#[test]
fn edits_of_every_kind_are_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_store(dir.path());
    let opened = open_path(&path, ImportOptions::default()).unwrap();
    let archive = &opened.archive;
    let first = archive.snapshot().posts().next().unwrap().clone();
    let some_author = archive.snapshot().authors().next().unwrap().id;
    archive
        .edit(|e| {
            e.insert_author(Author::new(AuthorId(9001), slug("new-author"), "New"))?;
            e.insert_term(Term::new(
                TermId(9001),
                Taxonomy::Tag,
                "New tag",
                slug("new-tag"),
            ))?;
            let mut post = Post::new(PostId(9001), "A new post", slug("a-new-post"));
            post.authors.push(AuthorId(9001));
            post.terms.push(TermId(9001));
            post.published = Some(time("2024-02-03T04:05:06+06:00"));
            e.insert_post(post)?;
            e.insert_comment(Comment::new(
                CommentId(9001),
                PostId(9001),
                "Reader",
                "Thanks",
            ))?;
            e.insert_media(Media::new(MediaId(9001), url("https://example.org/a.jpg")))?;
            let mut renamed = first.clone();
            renamed.title = "Renamed".into();
            e.update_post(renamed)
        })
        .unwrap();
    archive.edit(|e| e.delete_author(some_author)).unwrap();
    let mut info = archive.snapshot().settings().clone();
    info.title = "A new title".into();
    archive
        .edit(|e| {
            e.set_settings(info);
            Ok(())
        })
        .unwrap();
    let expected = archive.snapshot().to_site();
    drop(opened);

    let again = open_path(&path, ImportOptions::default()).unwrap();
    let snapshot = again.archive.snapshot();
    assert_eq!(snapshot.title(), "A new title");
    assert_eq!(snapshot.post(first.id).unwrap().title, "Renamed");
    assert_eq!(snapshot.post(PostId(9001)).unwrap().terms, [TermId(9001)]);
    assert!(snapshot.author(some_author).is_none());
    assert!(
        snapshot.posts().all(|p| !p.authors.contains(&some_author)),
        "the posts that lost the deleted author were written too"
    );
    assert_eq!(snapshot.to_site(), expected);

    // Deleting is durable too.
    again.archive.edit(|e| e.delete_post(PostId(9001))).unwrap();
    drop((snapshot, again));
    let third = open_path(&path, ImportOptions::default()).unwrap();
    let snapshot = third.archive.snapshot();
    assert!(snapshot.post(PostId(9001)).is_none());
    assert!(
        snapshot.comment(CommentId(9001)).is_none(),
        "the deleted post's comment went with it"
    );
}

/// The rows of every table, as SQL sees them.
#[test]
fn one_store_among_open_paths_is_opened_as_open_path_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_store(dir.path());
    // Edits go back to the file, as they do for `open_path` (the command and the bindings
    // open their inputs with `open_paths`).
    let opened = open_paths(&[&path], ImportOptions::default()).unwrap();
    let mut post = opened.archive.snapshot().posts().next().unwrap().clone();
    post.title = "Written back".into();
    let id = post.id;
    opened.archive.edit(|e| e.update_post(post)).unwrap();
    drop(opened);
    let again = open_path(&path, ImportOptions::default()).unwrap();
    assert_eq!(
        again.archive.snapshot().post(id).unwrap().title,
        "Written back"
    );
    drop(again);

    // Overridden addresses apply to the opened archive.
    let mut options = ImportOptions::default();
    options.addresses.site_url = Some(url("https://moved.example/"));
    let moved = open_paths(&[&path], options).unwrap();
    assert_eq!(
        moved.archive.snapshot().settings().url,
        Some(url("https://moved.example/"))
    );
}

fn rows(path: &Path) -> Vec<(String, i64, String)> {
    let db = rusqlite::Connection::open(path).unwrap();
    let mut all = Vec::new();
    for table in ["settings", "authors", "terms", "posts", "comments", "media"] {
        let mut statement = db
            .prepare(&format!("SELECT id, value FROM {table} ORDER BY id"))
            .unwrap();
        let found = statement
            .query_map([], |row| Ok((table.to_owned(), row.get(0)?, row.get(1)?)))
            .unwrap();
        all.extend(found.map(Result::unwrap));
    }
    all
}

#[test]
fn a_commit_that_fails_halfway_leaves_memory_and_file_as_they_were() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_store(dir.path());
    let opened = open_path(&path, ImportOptions::default()).unwrap();
    let before_rows = rows(&path);
    let before = opened.archive.snapshot();
    // Another connection makes the comment row fail, after the post row is written in the
    // same transaction (posts are written before comments).
    let other = rusqlite::Connection::open(&path).unwrap();
    other
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON comments BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )
        .unwrap();
    let post = Post::new(PostId(7001), "Half", slug("half"));
    let error = opened
        .archive
        .edit(|e| {
            e.insert_post(post.clone())?;
            e.insert_comment(Comment::new(CommentId(7001), PostId(7001), "R", "hi"))
        })
        .unwrap_err();
    let message = error.to_string();
    assert!(message.contains("injected failure"), "{message}");
    assert!(message.contains("site.broadsheet"), "{message}");
    assert!(std::sync::Arc::ptr_eq(&before, &opened.archive.snapshot()));
    assert!(opened.archive.snapshot().post(PostId(7001)).is_none());
    assert_eq!(rows(&path), before_rows, "the post row was rolled back");

    other.execute_batch("DROP TRIGGER refuse;").unwrap();
    opened
        .archive
        .edit(|e| {
            e.insert_post(post.clone())?;
            e.insert_comment(Comment::new(CommentId(7001), PostId(7001), "R", "hi"))
        })
        .unwrap();
    drop(opened);
    let again = open_path(&path, ImportOptions::default()).unwrap();
    assert!(again.archive.snapshot().comment(CommentId(7001)).is_some());
}

#[test]
fn a_store_of_a_newer_version_is_refused_naming_both_versions() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_store(dir.path());
    rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", store::VERSION + 1)
        .unwrap();
    let error = open_path(&path, ImportOptions::default()).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, ImportError::UnknownFormat(_)), "{error:?}");
    assert!(message.contains(&path.display().to_string()), "{message}");
    assert!(message.contains("format version 2"), "{message}");
    assert!(message.contains("reads (version 1)"), "{message}");
}

#[test]
fn a_sqlite_database_of_another_application_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.sqlite");
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch("CREATE TABLE wp_posts (ID INTEGER PRIMARY KEY);")
        .unwrap();
    drop(db);
    let before = std::fs::read(&path).unwrap();
    let error = open_path(&path, ImportOptions::default()).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("other.sqlite"), "{message}");
    assert!(message.contains("not a Broadsheet store"), "{message}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "another application's database is not modified"
    );
}

#[test]
fn a_corrupted_store_is_refused_with_its_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = example_store(dir.path());
    let good = std::fs::read(&path).unwrap();
    // The header survives, everything after it is garbage; then a store cut short.
    let mut garbage = good.clone();
    for (i, byte) in garbage.iter_mut().enumerate().skip(16) {
        *byte = (i * 7 + 3) as u8;
    }
    for (name, bytes) in [
        ("garbage", garbage),
        ("truncated", good[..good.len() / 3].to_vec()),
    ] {
        let broken = dir.path().join(format!("{name}.broadsheet"));
        std::fs::write(&broken, bytes).unwrap();
        let error = open_path(&broken, ImportOptions::default()).unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains(&broken.display().to_string()),
            "{name}: {message}"
        );
    }
    // A row whose value is not an entity: located at its table and id.
    let db = rusqlite::Connection::open(&path).unwrap();
    let id: i64 = db
        .query_row("SELECT id FROM posts ORDER BY id LIMIT 1", [], |r| r.get(0))
        .unwrap();
    db.execute(
        "UPDATE posts SET value = '{\"title\": 3}' WHERE id = ?1",
        [id],
    )
    .unwrap();
    drop(db);
    let error = open_path(&path, ImportOptions::default()).unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, ImportError::Syntax { .. }), "{error:?}");
    assert!(
        message.contains(&format!("posts[id={id}].value")),
        "{message}"
    );
    assert!(message.contains("site.broadsheet"), "{message}");
}

/// A site of `n` published posts with a tag, an author and two comments each.
fn site_of(n: u64) -> broadsheet_core::Site {
    let mut site = broadsheet_core::Site::new("Big");
    site.authors.push(Author::new(AuthorId(1), slug("a"), "A"));
    site.terms
        .push(Term::new(TermId(1), Taxonomy::Tag, "T", slug("t")));
    for id in 1..=n {
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}"),
            slug(&format!("post-{id}")),
        );
        post.authors.push(AuthorId(1));
        post.terms.push(TermId(1));
        post.published = Some(time("2020-01-01T00:00:00Z"));
        post.content = "<p>Words.</p>".repeat(20);
        site.posts.push(post);
        for c in 0..2 {
            site.comments
                .push(Comment::new(CommentId(id * 2 + c), PostId(id), "R", "Nice"));
        }
    }
    site
}

/// Rows written by a fixed series of edits on a store of `n` posts.
fn rows_written_by_edits(n: u64) -> Vec<u64> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.broadsheet");
    save(&site_of(n), &path, Format::Store).unwrap();
    let (opened, store) =
        broadsheet_formats::open::open_store(&path, ImportOptions::default()).unwrap();
    let archive = &opened.archive;
    let mut counts = Vec::new();
    let mut step = |edit: &dyn Fn(&Archive)| {
        let before = store.rows_written();
        edit(archive);
        counts.push(store.rows_written() - before);
    };
    // Update one post: one row.
    step(&|a| {
        let mut post = a.snapshot().post(PostId(5)).unwrap().clone();
        post.title = "Changed".into();
        a.edit(|e| e.update_post(post)).unwrap();
    });
    // A new post and a comment on it: two rows.
    step(&|a| {
        a.edit(|e| {
            e.insert_post(Post::new(PostId(100_000), "New", slug("new")))?;
            e.insert_comment(Comment::new(
                CommentId(1_000_000),
                PostId(100_000),
                "R",
                "x",
            ))
        })
        .unwrap();
    });
    // Delete a post with two comments: three rows.
    step(&|a| {
        a.edit(|e| e.delete_post(PostId(7)).map(drop)).unwrap();
    });
    // Delete a term carried by every post: every post's row (the posts that lose it).
    step(&|a| {
        a.edit(|e| e.delete_term(TermId(1)).map(drop)).unwrap();
    });
    assert_eq!(store.commits(), 4);
    counts
}

#[test]
fn an_edit_writes_the_rows_it_changes_and_no_others() {
    let small = rows_written_by_edits(100);
    let large = rows_written_by_edits(400);
    // The same edits write the same rows whatever the size of the store...
    assert_eq!(small[..3], [1, 2, 3]);
    assert_eq!(large[..3], [1, 2, 3]);
    // ...and an edit that changes every tagged post writes each of them: the term row and
    // the posts that carried it (all but the deleted one; the new post has no tag), not the
    // comments, author or settings (about three rows per post in all).
    assert_eq!(small[3], 1 + 99);
    assert_eq!(large[3], 1 + 399);
}

/// A large store (12 MB of post rows) is read back whole and in id order, and of two bad
/// rows, the first in id order is the one named.
#[test]
fn a_large_store_comes_back_whole_and_names_its_first_bad_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("batches.broadsheet");
    let mut site = site_of(3_000);
    for post in &mut site.posts {
        // About 4 KB a post: 12 MB of post rows.
        post.content = format!("<p>Post {} says </p>", post.id.0) + &"words ".repeat(700);
    }
    let archive = Archive::build(site, BuildMode::Lenient, &Default::default())
        .unwrap()
        .0;
    save(&*archive.snapshot(), &path, Format::Store).unwrap();
    let opened = open_path(&path, ImportOptions::default()).unwrap();
    let reread = opened.archive.snapshot().to_site();
    assert_eq!(reread.posts.len(), 3_000);
    assert_eq!(reread.posts, archive.snapshot().to_site().posts);

    let db = rusqlite::Connection::open(&path).unwrap();
    for id in [2_900, 150] {
        db.execute("UPDATE posts SET value = '[]' WHERE id = ?1", [id])
            .unwrap();
    }
    drop(db);
    let message = open_path(&path, ImportOptions::default())
        .unwrap_err()
        .to_string();
    assert!(message.contains("posts[id=150].value"), "{message}");
}
