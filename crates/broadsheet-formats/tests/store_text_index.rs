//! The text index persisted in a store: a reopened store answers every search as the site it
//! was written from, without reading its posts' text; posts changed since the index was
//! written (by edits, or by hand in SQL) are indexed from their text and answer as they are
//! now; a tampered or missing index is never trusted beyond what the rows say.

#![cfg(feature = "store")]

mod support;

use broadsheet_core::archive::TextIndexImage;
use broadsheet_core::{
    Archive, Author, AuthorId, BuildMode, Post, PostId, PostStatus, Query, Site, Snapshot, Viewer,
};
use broadsheet_formats::{ImportOptions, open};
use proptest::prelude::*;
use std::path::Path;
use support::*;

const SEARCHES: &[&str] = &[
    "wyvern",
    "WYVÉRN",
    "wyv",
    "quixote xylem",
    "\"quixote xylem\"",
    "жумабаева",
    "zhumabaeva",
    "女性",
    "zyzzyva",
    "quokka",
    "plain -quixote",
    "secret",
];

/// A site with public posts, drafts, private and protected posts, accented, Cyrillic and CJK
/// words.
fn site(n: u64) -> Site {
    let mut site = Site::new("Blog");
    site.authors.push(Author::new(AuthorId(1), slug("a"), "A"));
    let words = [
        "plain",
        "Wyvérn",
        "quixote",
        "xylem",
        "quixote xylem",
        "Жумабаева",
        "女性",
    ];
    for id in 1..=n {
        let mut post = Post::new(PostId(id), format!("Post {id}"), slug(&format!("p-{id}")));
        post.authors.push(AuthorId(1));
        post.published = Some(time(&format!(
            "2013-{:02}-{:02}T10:00:00+06:00",
            id % 12 + 1,
            id % 28 + 1
        )));
        let chosen: Vec<&str> = words
            .iter()
            .enumerate()
            .filter(|(i, _)| id % (*i as u64 + 2) == 0)
            .map(|(_, w)| *w)
            .collect();
        post.content = format!("<p>plain {} text</p>", chosen.join(" and "));
        post.status = match id % 9 {
            0 => PostStatus::Draft,
            1 => PostStatus::Private,
            _ => PostStatus::Published,
        };
        if id % 11 == 0 {
            post.password = Some("secret".into());
        }
        site.posts.push(post);
    }
    site
}

/// Every search's answer (ids of the first page and the total) for three viewers.
fn answers(snapshot: &Snapshot) -> Vec<(String, Vec<u64>, u64)> {
    let mut out = Vec::new();
    for search in SEARCHES {
        for viewer in [
            Viewer::Anonymous,
            Viewer::Author { id: AuthorId(1) },
            Viewer::Editor,
        ] {
            let page = snapshot
                .query(&Query::new().search(search).page(1, 50), viewer)
                .unwrap();
            let ids = page.posts.iter().map(|p| p.id().0).collect();
            out.push((format!("{search} as {viewer:?}"), ids, page.total));
        }
    }
    out
}

/// Each post's fields as words.
type Sequences = Vec<(PostId, Vec<Vec<String>>)>;

/// An image's lists in word order, and its sequences as the words they number (the numbers
/// depend on the order the words were met, which differs between a build and a load with
/// edits): what two images of the same index share.
fn sorted(mut image: TextIndexImage) -> (TextIndexImage, Sequences) {
    image.lists.sort_by(|a, b| {
        (a.public, a.transliterated, &a.word).cmp(&(b.public, b.transliterated, &b.word))
    });
    let sequences = std::mem::take(&mut image.sequences)
        .iter()
        .map(|(post, bytes)| (post, sequence_words(bytes, &image.vocabulary)))
        .collect();
    image.vocabulary.clear();
    (image, sequences)
}

/// A sequence's fields as words, decoded as `TextIndexImage::sequences` documents it: LEB128
/// numbers, each a word's number plus one, each field ended by a 0.
fn sequence_words(bytes: &[u8], vocabulary: &[String]) -> Vec<Vec<String>> {
    let mut fields = vec![Vec::new()];
    let (mut value, mut shift) = (0usize, 0);
    for byte in bytes {
        value |= usize::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            match value.checked_sub(1) {
                Some(n) => fields.last_mut().unwrap().push(vocabulary[n].clone()),
                None => fields.push(Vec::new()),
            }
            (value, shift) = (0, 0);
        }
    }
    assert_eq!(fields.pop(), Some(Vec::new()), "the last field is ended");
    assert_eq!(fields.len(), 3, "title, excerpt and content");
    fields
}

fn reopen(
    path: &Path,
) -> (
    broadsheet_formats::Opened,
    std::sync::Arc<broadsheet_formats::store::Store>,
) {
    open::open_store(path, ImportOptions::default()).unwrap()
}

#[test]
fn a_reopened_store_answers_every_search_as_its_site_without_reading_text() {
    let source = site(300);
    let (_dir, path) = stored(&source);
    let expected = answers(&Snapshot::from_site(source.clone()));
    assert!(expected.iter().any(|(_, ids, _)| !ids.is_empty()));
    let (opened, store) = reopen(&path);
    assert_eq!(store.posts_indexed_from_text(), 0);
    assert_eq!(store.text_index_writes(), 0, "nothing to rewrite");
    assert_eq!(answers(&opened.archive.snapshot()), expected);
    assert_eq!(
        sorted(opened.archive.snapshot().text_index_image()),
        sorted(TextIndexImage::build(source.posts.iter()))
    );
}

#[test]
fn edits_keep_the_persisted_index_right_and_cost_only_their_posts_at_the_next_open() {
    let (_dir, path) = stored(&site(300));
    let (opened, _) = reopen(&path);
    let archive = &opened.archive;
    let mut changed = archive.snapshot().post(PostId(10)).unwrap().clone();
    changed.content = "<p>The zyzzyva</p>".into();
    let mut moved = archive.snapshot().post(PostId(12)).unwrap().clone();
    moved.status = PostStatus::Draft;
    let mut new = Post::new(PostId(1000), "Quokka", slug("quokka"));
    new.authors.push(AuthorId(1));
    new.published = Some(time("2020-01-01T00:00:00Z"));
    archive
        .edit(|e| {
            e.update_post(changed)?;
            e.update_post(moved)?;
            e.insert_post(new)?;
            e.delete_post(PostId(20)).map(drop)
        })
        .unwrap();
    let expected = answers(&archive.snapshot());
    let rebuilt = Snapshot::from_site(archive.snapshot().to_site());
    assert_eq!(answers(&rebuilt), expected);
    drop(opened);

    let (again, store) = reopen(&path);
    assert_eq!(
        store.posts_indexed_from_text(),
        3,
        "the two updated posts and the new one; the deleted one is dropped from the lists"
    );
    assert_eq!(answers(&again.archive.snapshot()), expected);
    assert_eq!(
        sorted(again.archive.snapshot().text_index_image()),
        sorted(rebuilt.text_index_image())
    );
    // Three posts of 300 (1 %) are indexed from their text at each open until more change.
    assert_eq!(store.text_index_writes(), 0);
}

#[test]
fn many_posts_changed_since_the_index_was_written_get_it_rewritten() {
    let (_dir, path) = stored(&site(300));
    let (opened, _) = reopen(&path);
    opened
        .archive
        .edit(|e| {
            for id in 1..=30 {
                let mut post = e.snapshot().post(PostId(id)).unwrap().clone();
                post.title = format!("Zyzzyva {id}");
                e.update_post(post)?;
            }
            Ok(())
        })
        .unwrap();
    let expected = answers(&opened.archive.snapshot());
    drop(opened);
    let (again, store) = reopen(&path);
    assert_eq!(store.posts_indexed_from_text(), 30);
    assert_eq!(store.text_index_writes(), 1, "30 of 300 is more than 1 %");
    assert_eq!(answers(&again.archive.snapshot()), expected);
    drop(again);
    let (third, store) = reopen(&path);
    assert_eq!(store.posts_indexed_from_text(), 0);
    assert_eq!(answers(&third.archive.snapshot()), expected);
}

fn sql(path: &Path, statement: &str) {
    let db = rusqlite::Connection::open(path).unwrap();
    db.execute_batch(statement).unwrap();
}

#[test]
fn a_post_edited_by_hand_in_sql_is_indexed_as_it_is_now() {
    let (_dir, path) = stored(&site(300));
    // Post 6 says "quixote"; now it says "zyzzyva" instead.
    sql(
        &path,
        "UPDATE posts SET value = json_set(value, '$.content', '<p>zyzzyva</p>') WHERE id = 6",
    );
    let (opened, store) = reopen(&path);
    assert_eq!(store.posts_indexed_from_text(), 1);
    let snapshot = opened.archive.snapshot();
    let find = |search: &str| -> Vec<u64> {
        let page = snapshot
            .query(&Query::new().search(search).page(1, 500), Viewer::Editor)
            .unwrap();
        page.posts.iter().map(|p| p.id().0).collect()
    };
    assert_eq!(find("zyzzyva"), [6]);
    assert!(!find("quixote").contains(&6));
    assert_eq!(
        answers(&snapshot),
        answers(&Snapshot::from_site(snapshot.to_site()))
    );
}

#[test]
fn a_tampered_index_never_shows_the_public_a_post_it_may_not_see() {
    let source = site(300);
    let (_dir, path) = stored(&source);
    // The public list of "plain" (every post) rewritten to name every post, drafts and private
    // posts included: ids 1 to 300, each one byte (a difference of 1).
    let every_id = "x'".to_owned() + &"02".repeat(300) + "'";
    sql(
        &path,
        &format!(
            "UPDATE text_words SET posts = {every_id} WHERE public = 1 AND transliterated = 1 AND word = 'plain';
             UPDATE text_words SET posts = x'ffffffffffffffffffffff' WHERE public = 1 AND word = 'quixote';
             UPDATE text_sequences SET words = x'ff' WHERE post % 3 = 0;
             UPDATE text_sequences SET words = x'0102030405060708090a000000' WHERE post % 3 = 1;"
        ),
    );
    let (opened, store) = reopen(&path);
    assert_eq!(
        store.posts_indexed_from_text(),
        0,
        "the posts did not change"
    );
    let snapshot = opened.archive.snapshot();
    let page = snapshot
        .query(
            &Query::new().search("plain").page(1, 500),
            Viewer::Anonymous,
        )
        .unwrap();
    let public = source
        .posts
        .iter()
        .filter(|p| p.status == PostStatus::Published && p.password.is_none())
        .count() as u64;
    assert!(page.total <= public);
    assert!(
        page.posts
            .iter()
            .all(|p| { snapshot.post(p.id()).unwrap().status == PostStatus::Published }),
        "no draft or private post reaches the public"
    );
    // Sequences rewritten (cut short, or other words) can only change which of the posts the
    // viewer may see hold a phrase.
    let page = snapshot
        .query(
            &Query::new().search("\"quixote xylem\" plain").page(1, 500),
            Viewer::Anonymous,
        )
        .unwrap();
    assert!(
        page.posts
            .iter()
            .all(|p| { snapshot.post(p.id()).unwrap().status == PostStatus::Published }),
        "no draft or private post reaches the public"
    );
    // The cut list gives no posts (it names none), and no search panics.
    let _ = answers(&snapshot);
}

#[test]
fn a_store_without_an_index_or_with_another_version_is_indexed_from_text_and_gets_one() {
    let source = site(100);
    let (_dir, path) = stored(&source);
    let expected = answers(&Snapshot::from_site(source));
    for damage in [
        "DROP TABLE text_words; DROP TABLE text_index;",
        "UPDATE text_index SET version = 99",
        "UPDATE text_index SET posts = x'0102'",
        "DROP TABLE text_sequences",
        "DELETE FROM text_vocabulary WHERE id = 0",
    ] {
        sql(&path, damage);
        let (opened, store) = reopen(&path);
        assert_eq!(store.posts_indexed_from_text(), 100, "{damage}");
        assert_eq!(store.text_index_writes(), 1, "{damage}");
        assert_eq!(answers(&opened.archive.snapshot()), expected, "{damage}");
        drop(opened);
        let (opened, store) = reopen(&path);
        assert_eq!(store.posts_indexed_from_text(), 0, "{damage}: written back");
        assert_eq!(answers(&opened.archive.snapshot()), expected, "{damage}");
    }
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(16))]

    /// Any valid site: the store's persisted index, reopened, is the index its text gives.
    #[test]
    fn generated_sites_reopen_with_the_index_their_text_gives(site in broadsheet_core::testing::valid_site()) {
        let (archive, _) = Archive::build(site, BuildMode::Lenient, &Default::default()).unwrap();
        let (_dir, path) = stored(&*archive.snapshot());
        let (opened, store) = reopen(&path);
        prop_assert_eq!(store.posts_indexed_from_text(), 0);
        prop_assert_eq!(
            sorted(opened.archive.snapshot().text_index_image()),
            sorted(archive.snapshot().text_index_image())
        );
        prop_assert_eq!(answers(&opened.archive.snapshot()), answers(&archive.snapshot()));
    }
}
