//! The seed page through the archive: the example data's "kyrgyzstan" tag archive, paged,
//! counted and aggregated by `broadsheet::archive`, agrees with the plain data.

use broadsheet::archive::{Archive, DateGranularity};
use broadsheet::cloud::CloudOptions;
use broadsheet::formats::json;
use broadsheet::query::Query;
use broadsheet::{BuildMode, PostId, PostKind, PostStatus, Site, Taxonomy, Viewer};
use chrono::Datelike;
use std::collections::BTreeMap;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn load(name: &str) -> Site {
    json::load(format!("{DATA}/{name}")).unwrap_or_else(|error| panic!("{error}"))
}

/// The tag's published posts, newest first (ties by id, newest id first), from the plain data.
fn expected_tag_page(site: &Site, slug: &str) -> Vec<PostId> {
    let tag = site
        .term_by_slug(&Taxonomy::Tag, slug)
        .expect("the tag exists");
    let mut posts: Vec<_> = site
        .posts
        .iter()
        .filter(|p| p.kind == PostKind::Post && p.status == PostStatus::Published)
        .filter(|p| p.terms.contains(&tag.id))
        .collect();
    posts.sort_by(|a, b| b.published.cmp(&a.published).then(b.id.cmp(&a.id)));
    posts.into_iter().map(|p| p.id).collect()
}

#[test]
fn the_seed_tag_page_pages_and_counts_like_the_data() {
    let site = load("wlp-kyrgyzstan.json");
    let expected = expected_tag_page(&site, "kyrgyzstan");
    assert_eq!(expected.len(), 12, "the seed page lists twelve posts");
    let (archive, report) =
        Archive::build(site.clone(), BuildMode::Strict, &Default::default()).unwrap();
    assert!(!report.has_errors(), "{report}");
    let snapshot = archive.snapshot();

    let first = snapshot
        .query(
            &Query::new().tag("kyrgyzstan").page(1, 10),
            Viewer::Anonymous,
        )
        .unwrap();
    assert_eq!((first.total, first.total_pages), (12, 2));
    let second = snapshot
        .query(
            &Query::new().tag("kyrgyzstan").page(2, 10),
            Viewer::Anonymous,
        )
        .unwrap();
    let paged: Vec<PostId> = first
        .posts
        .iter()
        .chain(&second.posts)
        .map(broadsheet::archive::PostView::id)
        .collect();
    assert_eq!(paged, expected);

    let mut cursor = None;
    let mut walked = Vec::new();
    loop {
        let page = snapshot
            .query(
                &Query::new().tag("kyrgyzstan").after_cursor(cursor, 5),
                Viewer::Anonymous,
            )
            .unwrap();
        walked.extend(page.posts.iter().map(broadsheet::archive::PostView::id));
        cursor = page.next_cursor;
        if cursor.is_none() {
            break;
        }
    }
    assert_eq!(walked, expected);

    // "Comments (N)" counts approved comments.
    for post in &first.posts {
        assert_eq!(
            post.comment_count(),
            site.approved_comment_count(post.id()) as u64
        );
    }

    // The monthly archive groups the tag's posts by local month.
    let mut months: BTreeMap<(i32, u32), u64> = BTreeMap::new();
    for id in &expected {
        let date = site.post(*id).unwrap().published.unwrap().local_date();
        *months.entry((date.year(), date.month())).or_default() += 1;
    }
    let archive_months: BTreeMap<(i32, u32), u64> = snapshot
        .date_archive(
            DateGranularity::Month,
            &Query::new().tag("kyrgyzstan"),
            Viewer::Anonymous,
        )
        .unwrap()
        .iter()
        .map(|d| ((d.year, d.month.unwrap()), d.count))
        .collect();
    assert_eq!(archive_months, months);

    // Every post is on the tag, so the tag leads the cloud with all twelve.
    let cloud = snapshot
        .tag_cloud(
            &Query::new(),
            &Taxonomy::Tag,
            &CloudOptions::default(),
            Viewer::Anonymous,
        )
        .unwrap();
    let kyrgyzstan = cloud
        .iter()
        .find(|e| e.term.slug() == "kyrgyzstan")
        .unwrap();
    assert_eq!(kyrgyzstan.count, 12);
    assert_eq!(kyrgyzstan.size, 22.0);
}

#[test]
fn the_defective_copy_is_refused_strictly_and_kept_leniently() {
    let site = load("wlp-kyrgyzstan-defective.json");
    let refused = Archive::build(site.clone(), BuildMode::Strict, &Default::default()).unwrap_err();
    assert!(refused.report.has_errors());
    let (archive, report) =
        Archive::build(site.clone(), BuildMode::Lenient, &Default::default()).unwrap();
    assert_eq!(report, refused.report);
    let page = archive
        .snapshot()
        .query(
            &Query::new().tag("kyrgyzstan").page(1, 20),
            Viewer::Anonymous,
        )
        .unwrap();
    let ids: Vec<PostId> = page
        .posts
        .iter()
        .map(broadsheet::archive::PostView::id)
        .collect();
    assert_eq!(ids, expected_tag_page(&site, "kyrgyzstan"));
}
