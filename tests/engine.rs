//! The engine every surface shares: opening any input into an archive, saving a snapshot in
//! every format without copying it into a `Site`, statistics, summaries, look-ups, parsing and
//! edits.

use broadsheet::formats::{
    Format, ImportError, ImportOptions, Opened, Stats, open_bytes, open_path, open_reader, to_bytes,
};
use broadsheet::query::{Order, OrderKey};
use broadsheet::testing::{conformance_data, valid_site};
use broadsheet::{
    AuthorId, BuildMode, Comment, CommentId, Media, MediaId, Post, PostId, Query, QueryError, Site,
    SiteData, Slug, Snapshot, TermId, Url, Viewer,
};
use proptest::prelude::*;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

/// Every input the tests open: the example data, and the conformance exports when present.
fn inputs() -> Vec<PathBuf> {
    let mut files = vec![
        PathBuf::from(format!("{DATA}/wlp-kyrgyzstan.json")),
        PathBuf::from(format!("{DATA}/wlp-kyrgyzstan-defective.json")),
    ];
    if let Some(dir) = conformance_data() {
        for sub in ["wxr/wordpress-importer", "wxr/tryghost-migrate", "ghost"] {
            // Data that is there but lacks a folder is incomplete: fail, never skip silently.
            let entries = std::fs::read_dir(dir.join(sub)).unwrap_or_else(|error| {
                panic!(
                    "the conformance data at {} lacks {sub}: {error}",
                    dir.display()
                )
            });
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "xml" || e == "json"))
                .collect();
            found.sort();
            files.extend(found);
        }
    }
    files
}

fn open(path: &Path) -> Result<Opened, ImportError> {
    open_path(path, ImportOptions::default())
}

#[test]
fn opening_bytes_or_a_reader_equals_opening_the_path() {
    let mut opened_any = 0;
    for path in inputs() {
        let Ok(from_path) = open(&path) else {
            // Files that do not import at all are the format tests' business.
            continue;
        };
        let bytes = std::fs::read(&path).unwrap();
        let from_bytes = open_bytes(&bytes, ImportOptions::default()).unwrap();
        let from_reader = open_reader(bytes.as_slice(), ImportOptions::default()).unwrap();
        let site = from_path.archive.snapshot().to_site();
        assert_eq!(
            from_bytes.archive.snapshot().to_site(),
            site,
            "{}",
            path.display()
        );
        assert_eq!(
            from_reader.archive.snapshot().to_site(),
            site,
            "{}",
            path.display()
        );
        assert_eq!(from_bytes.format, from_path.format);
        assert_eq!(
            from_bytes.build_report,
            from_path.build_report,
            "{}",
            path.display()
        );
        opened_any += 1;
    }
    assert!(opened_any >= 2, "at least the example data opens");
}

#[test]
fn a_forced_format_is_used_and_a_wrong_one_fails_cleanly() {
    let path = format!("{DATA}/wlp-kyrgyzstan.json");
    let forced = open_path(
        &path,
        ImportOptions::default().with_format(Some(Format::Json)),
    )
    .unwrap();
    assert_eq!(forced.format.family, "broadsheet-json");
    let wrong = open_path(
        &path,
        ImportOptions::default().with_format(Some(Format::Wxr)),
    );
    assert!(
        matches!(wrong, Err(ImportError::Syntax { .. })),
        "{wrong:?}"
    );
    assert_eq!("jsonl".parse::<Format>(), Ok(Format::JsonLines));
    assert!(
        "csv"
            .parse::<Format>()
            .unwrap_err()
            .contains("expected wxr")
    );
}

#[test]
fn strict_opening_refuses_the_defective_twin_with_every_issue() {
    let path = format!("{DATA}/wlp-kyrgyzstan-defective.json");
    let lenient = open(Path::new(&path)).unwrap();
    assert!(lenient.report().has_errors());
    let strict = open_path(&path, ImportOptions::default().with_mode(BuildMode::Strict));
    let Err(ImportError::Invalid { report }) = strict else {
        panic!("strict opening must refuse: {strict:?}")
    };
    assert_eq!(
        report.errors().count(),
        lenient.report().errors().count(),
        "strict lists every error lenient reports"
    );
}

/// A WXR export of `posts` posts with a paragraph each, built through the library.
fn large_wxr(posts: u64) -> Vec<u8> {
    let mut site = Site::new("Large");
    for id in 1..=posts {
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}"),
            Slug::parse(&format!("post-{id}")).unwrap(),
        );
        post.content = "Words of a post in a large export. ".repeat(20);
        site.posts.push(post);
    }
    to_bytes(&site, Format::Wxr).unwrap()
}

#[test]
fn a_progress_callback_cancels_a_long_import_early() {
    let bytes = large_wxr(8_000);
    let total = bytes.len() as u64;
    let calls = Arc::new(AtomicU64::new(0));
    let furthest = Arc::new(AtomicU64::new(0));
    let (seen, reached) = (Arc::clone(&calls), Arc::clone(&furthest));
    let options = ImportOptions::default().with_progress(Some(Box::new(move |done, _total| {
        seen.fetch_add(1, Ordering::SeqCst);
        reached.fetch_max(done, Ordering::SeqCst);
        if done > 0 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })));
    let result = open_bytes(&bytes, options);
    assert!(
        matches!(result, Err(ImportError::Cancelled { .. })),
        "{:?}",
        result.map(|o| o.format)
    );
    let stopped_at = furthest.load(Ordering::SeqCst);
    assert!(
        stopped_at < total / 4,
        "stopped at byte {stopped_at} of {total}: the import went on after the cancel"
    );
    assert!(calls.load(Ordering::SeqCst) <= 3);
    // Without the cancel the same input opens.
    let opened = open_bytes(&bytes, ImportOptions::default()).unwrap();
    assert_eq!(opened.archive.snapshot().post_count(), 8_000);
}

#[test]
fn cancelling_works_for_every_format() {
    let site = open(Path::new(&format!("{DATA}/wlp-kyrgyzstan.json")))
        .unwrap()
        .archive
        .snapshot();
    for format in Format::ALL {
        let bytes = to_bytes(site.as_ref(), format).unwrap();
        let options =
            ImportOptions::default().with_progress(Some(Box::new(|_, _| ControlFlow::Break(()))));
        let result = open_bytes(&bytes, options);
        assert!(
            matches!(result, Err(ImportError::Cancelled { .. })),
            "{format}: {:?}",
            result.map(|o| o.format)
        );
    }
}

/// Every exporter over a snapshot writes exactly what it writes over the snapshot's `Site`.
fn exporters_agree(snapshot: &Snapshot) {
    let site = snapshot.to_site();
    for format in Format::ALL {
        assert_eq!(
            to_bytes(snapshot, format).unwrap(),
            to_bytes(&site, format).unwrap(),
            "{format}"
        );
    }
}

#[test]
fn exporters_over_a_snapshot_equal_exporters_over_to_site() {
    for path in inputs() {
        if let Ok(opened) = open(&path) {
            exporters_agree(&opened.archive.snapshot());
        }
    }
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(48))]

    #[test]
    fn exporters_over_generated_snapshots_equal_exporters_over_to_site(site in valid_site()) {
        exporters_agree(&Snapshot::from_site(site));
    }

    #[test]
    fn stats_of_a_snapshot_equal_stats_of_its_site(site in valid_site()) {
        let snapshot = Snapshot::from_site(site);
        let format = broadsheet::formats::json::source_format();
        let report = broadsheet::Report::new();
        prop_assert_eq!(
            Stats::compute(&snapshot, &report, &format),
            Stats::compute(&snapshot.to_site(), &report, &format)
        );
    }
}

#[test]
fn stats_of_the_example_data() {
    let opened = open(Path::new(&format!("{DATA}/wlp-kyrgyzstan.json"))).unwrap();
    let snapshot = opened.archive.snapshot();
    let stats = Stats::compute(snapshot.as_ref(), &opened.report(), &opened.format);
    assert_eq!(stats.format, "broadsheet-json-1");
    assert_eq!(stats.items["post"]["published"], snapshot.posts().count());
    assert_eq!(stats.authors, snapshot.authors().count());
    for status in ["approved", "pending", "spam", "trash"] {
        assert!(stats.comments.by_status.contains_key(status), "{status}");
    }
    assert_eq!(stats.errors, 0);
    let json = serde_json::to_value(&stats).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "authors", "comments", "errors", "format", "items", "sticky", "terms", "warnings"
        ]
    );
}

#[test]
fn summaries_show_what_a_list_page_shows_and_nothing_private() {
    let opened = open(Path::new(&format!("{DATA}/wlp-kyrgyzstan.json"))).unwrap();
    let snapshot = opened.archive.snapshot();
    let page = snapshot
        .query(
            &Query::new().tag("kyrgyzstan").page(1, 12),
            Viewer::Anonymous,
        )
        .unwrap();
    let summaries = snapshot.summaries(&page.posts);
    assert_eq!(summaries.len(), 12);
    for (summary, view) in summaries.iter().zip(&page.posts) {
        assert_eq!(summary, &snapshot.summary(view));
        let post = snapshot.post(view.id()).unwrap();
        assert_eq!(summary.title, post.title);
        assert!(summary.tags.contains(&"kyrgyzstan".to_owned()));
        assert_eq!(summary.tags.len(), summary.tag_names.len());
        assert_eq!(
            summary.authors,
            post.authors
                .iter()
                .filter_map(|id| snapshot.author(*id))
                .map(|a| a.slug.to_string())
                .collect::<Vec<_>>()
        );
        assert!(
            summary.permalink.starts_with("http"),
            "{}",
            summary.permalink
        );
        assert!(summary.reading_minutes >= 1);
        assert_eq!(summary.comment_count, view.comment_count());
    }

    // A protected post: no excerpt and no reading time for the public, both for an editor.
    let mut site = snapshot.to_site();
    let protected = site
        .posts
        .iter_mut()
        .find(|p| p.id == page.posts[0].id())
        .unwrap();
    protected.password = Some("hunter2".into());
    let id = protected.id;
    let snapshot = Snapshot::from_site(site);
    let public = snapshot.summary(&snapshot.post_view(id, Viewer::Anonymous).unwrap());
    assert!(public.password_protected);
    assert_eq!((public.excerpt.as_str(), public.reading_minutes), ("", 0));
    assert!(!serde_json::to_string(&public).unwrap().contains("hunter2"));
    let editor = snapshot.summary(&snapshot.post_view(id, Viewer::Editor).unwrap());
    assert!(!editor.excerpt.is_empty());
}

#[test]
fn look_ups_by_id_or_slug_and_viewers_by_name() {
    let opened = open(Path::new(&format!("{DATA}/wlp-kyrgyzstan.json"))).unwrap();
    let snapshot = opened.archive.snapshot();
    let first = snapshot.posts().next().unwrap();
    let slug = first.slug.as_ref().unwrap().as_str();
    assert_eq!(snapshot.post_by_slug(slug).map(|p| p.id), Some(first.id));
    assert_eq!(snapshot.find_post(slug).map(|p| p.id), Some(first.id));
    assert_eq!(
        snapshot.find_post(&first.id.0.to_string()).map(|p| p.id),
        Some(first.id)
    );
    assert!(snapshot.find_post("no-such-post").is_none());
    let ids: Vec<PostId> = snapshot.posts().map(|p| p.id).collect();
    assert!(
        ids.windows(2).all(|w| w[0] < w[1]),
        "posts() is in id order"
    );
    assert_eq!(ids.len(), snapshot.post_count());
    let tags = snapshot.terms_of(&broadsheet::Taxonomy::Tag).count();
    assert!(tags > 0 && tags < snapshot.terms().count());

    let author = snapshot.authors().next().unwrap();
    assert_eq!(
        snapshot.viewer(&format!("author:{}", author.slug)),
        Ok(Viewer::Author { id: author.id })
    );
    assert_eq!(
        snapshot.viewer(&format!("author:{}", author.id.0)),
        Ok(Viewer::Author { id: author.id })
    );
    assert_eq!(snapshot.viewer("editor"), Ok(Viewer::Editor));
    assert!(matches!(
        snapshot.viewer("author:nobody"),
        Err(QueryError::UnknownName(_))
    ));
    let order: Order = "-published".parse().unwrap();
    assert_eq!(order.key, OrderKey::Published);
}

#[test]
fn range_checks_live_in_the_query_model() {
    let snapshot = Snapshot::from_site(Site::new("t"));
    let cases = [
        (Query::new().month(13), "month 13"),
        (Query::new().day(0), "day 0"),
        (Query::new().page(0, 10), "page 0"),
        (Query::new().page(1, 0), "at least 1"),
    ];
    for (query, message) in cases {
        let error = snapshot.query(&query, Viewer::Anonymous).unwrap_err();
        assert!(error.to_string().contains(message), "{error}");
    }
    assert!(matches!(
        snapshot.count(&Query::new().month(0), Viewer::Anonymous),
        Err(QueryError::OutOfRange { field: "month", .. })
    ));
}

#[test]
fn edits_check_references_unless_lenient_and_cover_media_and_settings() {
    let opened = open(Path::new(&format!("{DATA}/wlp-kyrgyzstan.json"))).unwrap();
    let archive = opened.archive;
    let mut post = Post::new(PostId(9_001), "New", Slug::parse("new").unwrap());
    post.authors.push(AuthorId(777));
    let refused = archive.edit(|e| e.insert_post(post.clone()));
    assert!(
        matches!(&refused, Err(broadsheet::archive::EditError::DanglingReference { code, .. }) if *code == "post.author.dangling"),
        "{refused:?}"
    );
    assert!(archive.snapshot().post(PostId(9_001)).is_none());
    let ((), report) = archive.edit_lenient(|e| e.insert_post(post)).unwrap();
    assert_eq!(report.errors().count(), 1);
    assert!(archive.snapshot().post(PostId(9_001)).is_some());

    let mut reply = Comment::new(CommentId(9_001), PostId(9_001), "Ann", "Hi");
    reply.parent = Some(CommentId(123_456));
    assert!(archive.edit(|e| e.insert_comment(reply.clone())).is_err());
    reply.parent = None;
    archive.edit(|e| e.insert_comment(reply)).unwrap();

    let mut media = Media::new(MediaId(5), Url::parse("https://example.org/a.jpg").unwrap());
    media.attached_to = Some(PostId(424_242));
    assert!(archive.edit(|e| e.insert_media(media.clone())).is_err());
    media.attached_to = Some(PostId(9_001));
    archive.edit(|e| e.insert_media(media.clone())).unwrap();
    media.alt_text = "A photo".into();
    archive.edit(|e| e.update_media(media)).unwrap();
    assert_eq!(
        archive.snapshot().media_item(MediaId(5)).unwrap().alt_text,
        "A photo"
    );

    let mut info = archive.snapshot().settings().clone();
    info.title = "Renamed".into();
    archive
        .edit(|e| {
            e.set_settings(info);
            Ok(())
        })
        .unwrap();
    assert_eq!(archive.snapshot().title(), "Renamed");

    let mut term = archive.snapshot().terms().next().unwrap().clone();
    term.parent = Some(TermId(999_999));
    assert!(archive.edit(|e| e.update_term(term)).is_err());
}

#[test]
fn comments_of_a_password_protected_post_are_private_like_its_content() {
    let opened = open(Path::new(&format!("{DATA}/wlp-kyrgyzstan.json"))).unwrap();
    let mut site = opened.archive.snapshot().to_site();
    let commented = site.comments[0].post;
    let author = site.post(commented).unwrap().authors.first().copied();
    site.posts
        .iter_mut()
        .find(|p| p.id == commented)
        .unwrap()
        .password = Some("secret".into());
    let snapshot = Snapshot::from_site(site);
    let thread = |viewer| {
        snapshot.comment_thread(
            commented,
            &broadsheet::thread::ThreadOptions::default().with_viewer(viewer),
        )
    };
    assert_eq!(thread(Viewer::Anonymous).total, 0);
    assert!(
        snapshot
            .post_comments(commented, Viewer::Anonymous)
            .is_empty()
    );
    assert!(thread(Viewer::Editor).total > 0);
    assert!(!snapshot.post_comments(commented, Viewer::Editor).is_empty());
    if let Some(id) = author {
        assert!(
            thread(Viewer::Author { id }).total > 0,
            "the post's own author may read it"
        );
        assert_eq!(
            thread(Viewer::Author {
                id: AuthorId(id.0 + 1000)
            })
            .total,
            0
        );
    }
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(48))]

    #[test]
    fn validating_a_snapshot_equals_validating_its_site(site in broadsheet::testing::any_site()) {
        let snapshot = Snapshot::from_site(site);
        let options = broadsheet::ValidationOptions::default();
        prop_assert_eq!(
            broadsheet::validate(&snapshot, &options),
            broadsheet::validate(&snapshot.to_site(), &options)
        );
    }
}
