//! Example-based tests of the archive through its public API; property tests are in
//! `src/archive/properties.rs`.

use broadsheet_core::archive::{AuthorCount, DateCount, DateGranularity, EditError, EntityKind};
use broadsheet_core::cloud::{CloudOptions, CloudOrder};
use broadsheet_core::query::{Bound, DateValue, Direction, OrderKey, Predicate, TermRef};
use broadsheet_core::*;
use chrono::{NaiveDate, TimeZone, Utc};
use std::sync::Arc;

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

fn at(text: &str) -> Option<Timestamp> {
    Some(Timestamp::parse_rfc3339(text).unwrap())
}

fn post(id: u64, date: &str, terms: &[u64], authors: &[u64]) -> Post {
    let mut post = Post::new(
        PostId(id),
        format!("Post {id}"),
        slug(&format!("post-{id}")),
    );
    post.published = at(date);
    post.terms = terms.iter().map(|t| TermId(*t)).collect();
    post.authors = authors.iter().map(|a| AuthorId(*a)).collect();
    post.content = format!("content of post {id}");
    post
}

/// Tags 1 kyrgyzstan, 2 women; categories 10 news > 11 asia > 12 bishkek; authors 1, 2.
fn site() -> Site {
    let mut site = Site::new("WLP");
    site.settings.time_zone = SiteTimeZone::parse("-08:00").unwrap();
    site.authors
        .push(Author::new(AuthorId(1), slug("ann"), "Ann"));
    site.authors
        .push(Author::new(AuthorId(2), slug("bob"), "Bob"));
    site.terms.push(Term::new(
        TermId(1),
        Taxonomy::Tag,
        "Kyrgyzstan",
        slug("kyrgyzstan"),
    ));
    site.terms
        .push(Term::new(TermId(2), Taxonomy::Tag, "Women", slug("women")));
    site.terms.push(Term::new(
        TermId(10),
        Taxonomy::Category,
        "News",
        slug("news"),
    ));
    let mut asia = Term::new(TermId(11), Taxonomy::Category, "Asia", slug("asia"));
    asia.parent = Some(TermId(10));
    site.terms.push(asia);
    let mut bishkek = Term::new(TermId(12), Taxonomy::Category, "Bishkek", slug("bishkek"));
    bishkek.parent = Some(TermId(11));
    site.terms.push(bishkek);
    // 02:26 UTC on 19 January is 18 January at UTC-8.
    site.posts
        .push(post(1, "2013-01-18T18:26:00-08:00", &[1, 10], &[1]));
    site.posts
        .push(post(2, "2013-02-01T10:00:00-08:00", &[1, 2, 12], &[1]));
    site.posts
        .push(post(3, "2013-03-01T10:00:00-08:00", &[2, 11], &[2]));
    site.posts
        .push(post(4, "2013-04-01T10:00:00-08:00", &[1], &[2]));
    let mut draft = post(5, "2013-05-01T10:00:00-08:00", &[1], &[2]);
    draft.status = PostStatus::Draft;
    site.posts.push(draft);
    let mut trash = post(6, "2013-05-02T10:00:00-08:00", &[1], &[1]);
    trash.status = PostStatus::Trash;
    site.posts.push(trash);
    let mut page = post(7, "2013-05-03T10:00:00-08:00", &[1], &[1]);
    page.kind = PostKind::Page;
    site.posts.push(page);
    let mut protected = post(8, "2013-05-04T10:00:00-08:00", &[2], &[1]);
    protected.password = Some("secret".into());
    protected.excerpt = Some("hidden excerpt".into());
    protected.content = "zanzibar".into();
    site.posts.push(protected);
    let mut sticky = post(9, "2012-12-01T10:00:00-08:00", &[2], &[2]);
    sticky.sticky = true;
    site.posts.push(sticky);
    let mut comment = Comment::new(CommentId(1), PostId(2), "Cy", "Hi");
    comment.author_email = Some(Email::parse("cy@example.org").unwrap());
    comment.author_ip = Some("10.0.0.1".into());
    site.comments.push(comment);
    let mut spam = Comment::new(CommentId(2), PostId(2), "Spammer", "Buy");
    spam.status = CommentStatus::Spam;
    site.comments.push(spam);
    site
}

fn ids(page: &Page) -> Vec<u64> {
    page.posts.iter().map(|p| p.id().0).collect()
}

fn snapshot() -> Arc<Snapshot> {
    Archive::build(site(), BuildMode::Lenient, &Default::default())
        .unwrap()
        .0
        .snapshot()
}

#[test]
fn archive_and_snapshot_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Archive>();
    check::<Snapshot>();
}

#[test]
fn tag_page_is_newest_first_with_wordpress_totals() {
    let snapshot = snapshot();
    let page = snapshot
        .query(
            &Query::new().tag("kyrgyzstan").page(1, 2),
            Viewer::Anonymous,
        )
        .unwrap();
    assert_eq!(ids(&page), vec![4, 2]);
    assert_eq!(
        (page.total, page.total_pages, page.page, page.per_page),
        (3, 2, 1, 2)
    );
    assert!(page.next_cursor.is_some());
    let second = snapshot
        .query(
            &Query::new().tag("kyrgyzstan").page(2, 2),
            Viewer::Anonymous,
        )
        .unwrap();
    assert_eq!(ids(&second), vec![1]);
    assert_eq!(second.next_cursor, None);
    let empty = snapshot
        .query(&Query::new().tag("nope"), Viewer::Anonymous)
        .unwrap();
    assert_eq!((empty.total, empty.total_pages), (0, 0));
}

#[test]
fn viewers_see_what_they_may() {
    let snapshot = snapshot();
    let tag = Query::new().tag("kyrgyzstan");
    let editor = snapshot.query(&tag, Viewer::Editor).unwrap();
    assert_eq!(
        ids(&editor),
        vec![5, 4, 2, 1],
        "drafts yes, trash and pages no"
    );
    let bob = snapshot
        .query(&tag, Viewer::Author { id: AuthorId(2) })
        .unwrap();
    assert_eq!(ids(&bob), vec![5, 4, 2, 1], "bob wrote the draft");
    let ann = snapshot
        .query(&tag, Viewer::Author { id: AuthorId(1) })
        .unwrap();
    assert_eq!(ids(&ann), vec![4, 2, 1]);
    let trash = tag.clone().statuses([PostStatus::Trash]);
    assert_eq!(
        ids(&snapshot.query(&trash, Viewer::Editor).unwrap()),
        vec![6]
    );
    assert!(ids(&snapshot.query(&trash, Viewer::Anonymous).unwrap()).is_empty());
    let pages = tag.kinds([PostKind::Page]);
    assert_eq!(
        ids(&snapshot.query(&pages, Viewer::Anonymous).unwrap()),
        vec![7]
    );
}

#[test]
fn protected_posts_show_their_title_only_and_are_not_searchable_by_content() {
    let snapshot = snapshot();
    let page = snapshot
        .query(&Query::new().tag("women"), Viewer::Anonymous)
        .unwrap();
    let protected = page.posts.iter().find(|p| p.id() == PostId(8)).unwrap();
    assert_eq!(protected.title(), "Post 8");
    assert_eq!((protected.content(), protected.excerpt()), (None, None));
    let json = serde_json::to_string(&page).unwrap();
    assert!(!json.contains("secret") && !json.contains("zanzibar"));
    let search = Query::new().search("zanzibar");
    assert!(ids(&snapshot.query(&search, Viewer::Anonymous).unwrap()).is_empty());
    assert_eq!(
        ids(&snapshot.query(&search, Viewer::Editor).unwrap()),
        vec![8]
    );
    let only = Query::new().filter(Predicate::PasswordProtected { protected: true });
    assert_eq!(
        ids(&snapshot.query(&only, Viewer::Anonymous).unwrap()),
        vec![8]
    );
}

#[test]
fn search_relevance_is_the_score_of_what_the_viewer_may_read_in_every_order() {
    // The protected post's content and excerpt hold the searched word too.
    let mut site = site();
    let protected = site.posts.iter_mut().find(|p| p.id == PostId(8)).unwrap();
    protected.content = "zanzibar, a post behind a password".into();
    protected.excerpt = Some("hidden post excerpt".into());
    let snapshot = Archive::build(site, BuildMode::Lenient, &Default::default())
        .unwrap()
        .0
        .snapshot();
    let search = text::SearchQuery::parse("post");
    for viewer in [Viewer::Anonymous, Viewer::Editor] {
        let by_relevance = snapshot
            .query(
                &Query::new()
                    .search("post")
                    .order(OrderKey::Relevance, Direction::Descending),
                viewer,
            )
            .unwrap();
        let in_relevance_order: Vec<(u64, Option<u32>)> = by_relevance
            .posts
            .iter()
            .map(|p| (p.id().0, p.relevance()))
            .collect();
        for (key, direction) in [
            (OrderKey::Published, Direction::Descending),
            (OrderKey::Title, Direction::Ascending),
            (OrderKey::Relevance, Direction::Descending),
        ] {
            let page = snapshot
                .query(&Query::new().search("post").order(key, direction), viewer)
                .unwrap();
            assert!(page.posts.len() >= 5, "{viewer:?}: {:?}", ids(&page));
            for view in &page.posts {
                let post = snapshot.post(view.id()).unwrap();
                // What the viewer may read: a protected post's title alone for the public.
                let expected = if view.content().is_some() {
                    search.score(
                        &post.title,
                        post.excerpt.as_deref().unwrap_or(""),
                        &post.content,
                    )
                } else {
                    search.score(&post.title, "", "")
                };
                assert!(expected.is_some_and(|score| score > 0));
                assert_eq!(view.relevance(), expected, "{viewer:?} post {}", view.id());
                // Asked twice, the same answer; and the same as in relevance order.
                assert_eq!(view.relevance(), expected);
                assert!(in_relevance_order.contains(&(view.id().0, expected)));
            }
        }
    }
    // The protected post's score counts its content for the editor only.
    let score_of = |viewer| {
        let page = snapshot
            .query(&Query::new().search("post"), viewer)
            .unwrap();
        page.posts
            .iter()
            .find(|p| p.id() == PostId(8))
            .and_then(archive::PostView::relevance)
    };
    assert_eq!(score_of(Viewer::Anonymous), search.score("Post 8", "", ""));
    assert_eq!(
        score_of(Viewer::Editor),
        search.score(
            "Post 8",
            "hidden post excerpt",
            "zanzibar, a post behind a password"
        )
    );
    assert!(score_of(Viewer::Editor) > score_of(Viewer::Anonymous));
    // No search, no relevance.
    let page = snapshot.query(&Query::new(), Viewer::Anonymous).unwrap();
    assert!(page.posts.iter().all(|p| p.relevance().is_none()));
}

#[test]
fn categories_include_descendants_unless_asked_otherwise() {
    let snapshot = snapshot();
    let news = snapshot
        .query(&Query::new().category("news"), Viewer::Anonymous)
        .unwrap();
    assert_eq!(ids(&news), vec![3, 2, 1]);
    let exact = Query::new().filter(Predicate::Terms {
        taxonomy: Taxonomy::Category,
        terms: vec![TermRef::Slug("news".into())],
        mode: broadsheet_core::query::Match::Any,
        descendants: false,
    });
    assert_eq!(
        ids(&snapshot.query(&exact, Viewer::Anonymous).unwrap()),
        vec![1]
    );
    let all = Query::new().all_tags(&["kyrgyzstan", "women"]);
    assert_eq!(
        ids(&snapshot.query(&all, Viewer::Anonymous).unwrap()),
        vec![2]
    );
    let none = Query::new().without_tags(&["kyrgyzstan"]);
    assert_eq!(
        ids(&snapshot.query(&none, Viewer::Anonymous).unwrap()),
        vec![8, 3, 9]
    );
}

#[test]
fn dates_use_the_local_calendar() {
    let snapshot = snapshot();
    let jan18 = Query::new().year(2013).month(1).day(18);
    assert_eq!(
        ids(&snapshot.query(&jan18, Viewer::Anonymous).unwrap()),
        vec![1]
    );
    let on = Query::new().filter(Predicate::Date {
        field: broadsheet_core::query::DateField::Published,
        comparison: broadsheet_core::query::Comparison::Eq,
        value: DateValue::Date(NaiveDate::from_ymd_opt(2013, 1, 18).unwrap()),
    });
    assert_eq!(
        ids(&snapshot.query(&on, Viewer::Anonymous).unwrap()),
        vec![1]
    );
    let feb = DateValue::Date(NaiveDate::from_ymd_opt(2013, 2, 1).unwrap());
    let before = Query::new().published_before(feb.clone(), Bound::Exclusive);
    assert_eq!(
        ids(&snapshot.query(&before, Viewer::Anonymous).unwrap()),
        vec![1, 9]
    );
    let after = Query::new()
        .published_after(feb, Bound::Inclusive)
        .published_before(
            DateValue::Instant(at("2013-03-01T10:00:00-08:00").unwrap()),
            Bound::Inclusive,
        );
    assert_eq!(
        ids(&snapshot.query(&after, Viewer::Anonymous).unwrap()),
        vec![3, 2]
    );
    let now = Utc.with_ymd_and_hms(2013, 5, 10, 0, 0, 0).unwrap();
    let recent = Query::new().published_after(
        DateValue::Relative {
            amount: -10,
            unit: broadsheet_core::query::TimeUnit::Days,
        },
        Bound::Exclusive,
    );
    let context = QueryContext::new(Viewer::Anonymous).at(now);
    assert_eq!(ids(&snapshot.query(&recent, context).unwrap()), vec![8]);
}

#[test]
fn orders_are_total_and_sticky_posts_come_first() {
    let snapshot = snapshot();
    let title = Query::new()
        .order(OrderKey::Title, Direction::Ascending)
        .page(1, 20);
    assert_eq!(
        ids(&snapshot.query(&title, Viewer::Anonymous).unwrap()),
        vec![1, 2, 3, 4, 8, 9]
    );
    let comments = Query::new().order(OrderKey::CommentCount, Direction::Descending);
    assert_eq!(
        ids(&snapshot.query(&comments, Viewer::Anonymous).unwrap())[0],
        2
    );
    let sticky = Query::new().sticky_first().page(1, 3);
    assert_eq!(
        ids(&snapshot.query(&sticky, Viewer::Anonymous).unwrap()),
        vec![9, 8, 4]
    );
    let sticky2 = Query::new().sticky_first().page(2, 3);
    assert_eq!(
        ids(&snapshot.query(&sticky2, Viewer::Anonymous).unwrap()),
        vec![3, 2, 1]
    );
    let random = |seed| {
        ids(&snapshot
            .query(
                &Query::new().order(OrderKey::Random { seed }, Direction::Ascending),
                Viewer::Anonymous,
            )
            .unwrap())
    };
    assert_eq!(random(1), random(1));
    let mut sorted = random(1);
    sorted.sort_unstable();
    assert_eq!(sorted, vec![1, 2, 3, 4, 8, 9]);
}

#[test]
fn cursors_page_through_and_reject_other_queries() {
    let snapshot = snapshot();
    let query = Query::new().after_cursor(None, 2);
    let first = snapshot.query(&query, Viewer::Anonymous).unwrap();
    assert_eq!(ids(&first), vec![8, 4]);
    assert_eq!(first.total, 6);
    let next = Query::new().after_cursor(first.next_cursor.clone(), 2);
    assert_eq!(
        ids(&snapshot.query(&next, Viewer::Anonymous).unwrap()),
        vec![3, 2]
    );
    let other = Query::new().tag("women").after_cursor(first.next_cursor, 2);
    let error = snapshot.query(&other, Viewer::Anonymous).unwrap_err();
    assert!(
        matches!(error, QueryError::CursorFromAnotherQuery(_)),
        "{error}"
    );
    let garbage = Query::new().after_cursor(Some("%%%".into()), 2);
    assert!(matches!(
        snapshot.query(&garbage, Viewer::Anonymous),
        Err(QueryError::MalformedCursor { .. })
    ));
    assert_eq!(
        snapshot.query(&Query::new().page(0, 10), Viewer::Anonymous),
        Err(QueryError::ZeroPage)
    );
}

#[test]
fn comments_count_approved_only_and_hide_private_fields() {
    let snapshot = snapshot();
    assert_eq!(
        snapshot
            .post_view(PostId(2), Viewer::Anonymous)
            .unwrap()
            .comment_count(),
        1
    );
    let public = snapshot.post_comments(PostId(2), Viewer::Anonymous);
    assert_eq!(public.len(), 1);
    let json = serde_json::to_string(&public).unwrap();
    assert!(!json.contains("cy@example.org") && !json.contains("10.0.0.1"));
    assert_eq!(snapshot.post_comments(PostId(2), Viewer::Editor).len(), 2);
    // Trash is out of an editor's list, as it is out of an editor's thread.
    let mut site = site();
    let mut trashed = Comment::new(CommentId(9), PostId(2), "Old", "Removed");
    trashed.status = CommentStatus::Trash;
    site.comments.push(trashed);
    let snapshot = Snapshot::from_site(site);
    assert_eq!(snapshot.post_comments(PostId(2), Viewer::Editor).len(), 2);
    assert!(
        snapshot
            .post_comments(PostId(5), Viewer::Anonymous)
            .is_empty()
    );
}

#[test]
fn comment_threads_follow_visibility() {
    use broadsheet_core::thread::ThreadOptions;
    let mut site = site();
    // An approved comment on draft post 5.
    site.comments
        .push(Comment::new(CommentId(3), PostId(5), "Dee", "Early"));
    let snapshot = Snapshot::from_site(site);
    let public = snapshot.comment_thread(PostId(2), &ThreadOptions::default());
    assert_eq!(public.total, 1);
    assert_eq!(public.nodes[0].comment.author_name(), "Cy");
    let editor = ThreadOptions::default().with_viewer(Viewer::Editor);
    assert_eq!(snapshot.comment_thread(PostId(2), &editor).total, 2);
    // Post 5 is a draft: its thread is empty for the public, whatever it holds.
    assert_eq!(
        snapshot
            .comment_thread(PostId(5), &ThreadOptions::default())
            .total,
        0
    );
    assert_eq!(snapshot.comment_thread(PostId(5), &editor).total, 1);
    assert_eq!(
        snapshot
            .comment_thread(PostId(999), &ThreadOptions::default())
            .total,
        0
    );
}

#[test]
fn a_posts_comments_are_the_same_whether_their_ids_are_dense_or_scattered() {
    use broadsheet_core::thread::ThreadOptions;
    let mut site = site();
    site.comments.clear();
    // Post 1: ids 100-139, every fourth one on post 3 instead (dense, interleaved).
    // Post 2: ids 1,000, 2,000, ... (scattered). Post 4: one comment.
    for id in 100..140 {
        let on = if id % 4 == 0 { 3 } else { 1 };
        site.comments
            .push(Comment::new(CommentId(id), PostId(on), "A", "x"));
    }
    for k in 1..=10 {
        site.comments
            .push(Comment::new(CommentId(k * 1000), PostId(2), "B", "y"));
    }
    site.comments
        .push(Comment::new(CommentId(5), PostId(4), "C", "z"));
    let expected = |post: u64| -> Vec<u64> {
        let mut ids: Vec<u64> = site
            .comments
            .iter()
            .filter(|c| c.post == PostId(post))
            .map(|c| c.id.0)
            .collect();
        ids.sort_unstable();
        ids
    };
    let expected: Vec<Vec<u64>> = [1, 2, 3, 4].map(expected).to_vec();
    let snapshot = Snapshot::from_site(site);
    for (post, expected) in [1, 2, 3, 4].into_iter().zip(expected) {
        let listed: Vec<u64> = snapshot
            .post_comments(PostId(post), Viewer::Editor)
            .iter()
            .map(|c| c.id().0)
            .collect();
        assert_eq!(listed, expected, "post {post}");
        let thread = snapshot.comment_thread(
            PostId(post),
            &ThreadOptions::default().with_viewer(Viewer::Editor),
        );
        assert_eq!(thread.total, expected.len(), "post {post}");
    }
    assert_eq!(snapshot.post_comments(PostId(1), Viewer::Editor).len(), 30);
}

#[test]
fn tag_cloud_follows_wordpress() {
    let mut site = site();
    // Tag 1: 3 public posts; tag 2: 4 (2, 3, 8, 9); add tag 3 with 9 posts and tag 4 with 1.
    site.terms.push(Term::new(
        TermId(3),
        Taxonomy::Tag,
        "Asia",
        slug("asia-tag"),
    ));
    site.terms
        .push(Term::new(TermId(4), Taxonomy::Tag, "zebra", slug("zebra")));
    for id in 100..109 {
        site.posts
            .push(post(id, "2014-01-01T00:00:00+00:00", &[3], &[1]));
    }
    site.posts
        .push(post(200, "2014-01-01T00:00:00+00:00", &[4], &[1]));
    let snapshot = Archive::build(site, BuildMode::Lenient, &Default::default())
        .unwrap()
        .0
        .snapshot();
    let tags = Taxonomy::Tag;
    let cloud = snapshot
        .tag_cloud(
            &Query::new(),
            &tags,
            &CloudOptions::default(),
            Viewer::Anonymous,
        )
        .unwrap();
    let names: Vec<(&str, u64, f64)> = cloud
        .iter()
        .map(|e| (e.term.name(), e.count, (e.size * 1e6).round() / 1e6))
        .collect();
    // scaled: 1 -> 30, 3 -> 60, 4 -> 70, 9 -> 100; step = 14 / 70 = 0.2.
    assert_eq!(
        names,
        vec![
            ("Asia", 9, 22.0),
            ("Kyrgyzstan", 3, 14.0),
            ("Women", 4, 16.0),
            ("zebra", 1, 8.0)
        ]
    );
    let top2 = CloudOptions::default()
        .with_number(2)
        .with_order_by(CloudOrder::Count)
        .with_descending(true);
    let cloud = snapshot
        .tag_cloud(&Query::new(), &tags, &top2, Viewer::Editor)
        .unwrap();
    let names: Vec<_> = cloud.iter().map(|e| (e.term.id().0, e.count)).collect();
    assert_eq!(
        names,
        vec![(3, 9), (2, 4)],
        "editors' clouds count published posts only"
    );
    // A filtered cloud walks the matching posts.
    let filtered = snapshot
        .tag_cloud(
            &Query::new().year(2013),
            &tags,
            &CloudOptions::default(),
            Viewer::Anonymous,
        )
        .unwrap();
    let names: Vec<_> = filtered.iter().map(|e| (e.term.id().0, e.count)).collect();
    assert_eq!(names, vec![(1, 3), (2, 3)]);
    let categories = snapshot
        .tag_cloud(
            &Query::new(),
            &Taxonomy::Category,
            &CloudOptions::default(),
            Viewer::Anonymous,
        )
        .unwrap();
    let names: Vec<_> = categories
        .iter()
        .map(|e| (e.term.id().0, e.count))
        .collect();
    assert_eq!(
        names,
        vec![(11, 1), (12, 1), (10, 1)],
        "Asia, Bishkek, News"
    );
}

/// A site whose tags' names need folding and natural order, each tag on `id` posts.
fn named_tags_site() -> Site {
    let mut site = Site::new("Names");
    let names = ["tag 10", "tag 9", "Élan", "apple", "Zebra", "Apple"];
    for (i, name) in names.iter().enumerate() {
        let id = i as u64 + 1;
        site.terms.push(Term::new(
            TermId(id),
            Taxonomy::Tag,
            *name,
            slug(&format!("t{id}")),
        ));
        for n in 0..id {
            site.posts
                .push(post(id * 100 + n, "2014-01-01T00:00:00+00:00", &[id], &[]));
        }
    }
    site
}

fn cloud_names(snapshot: &Snapshot, descending: bool) -> Vec<String> {
    snapshot
        .tag_cloud(
            &Query::new(),
            &Taxonomy::Tag,
            &CloudOptions::default().with_descending(descending),
            Viewer::Anonymous,
        )
        .unwrap()
        .iter()
        .map(|e| e.term.name().to_owned())
        .collect()
}

#[test]
fn a_cloud_s_name_order_follows_term_edits_and_old_snapshots_keep_theirs() {
    let site = named_tags_site();
    // The order the free function gives (it folds and compares the names itself).
    let terms: Vec<Arc<Term>> = site.terms.iter().cloned().map(Arc::new).collect();
    let free: Vec<String> =
        cloud::tag_cloud(terms.iter().map(|t| (t, t.id.0)), &CloudOptions::default())
            .iter()
            .map(|e| e.term.name().to_owned())
            .collect();
    assert_eq!(free, ["apple", "Apple", "Élan", "tag 9", "tag 10", "Zebra"]);
    let (archive, _) = Archive::build(site, BuildMode::Lenient, &Default::default()).unwrap();
    let first = archive.snapshot();
    assert_eq!(cloud_names(&first, false), free);
    // Descending: names reversed, equal names ("apple", "Apple") still by id.
    assert_eq!(
        cloud_names(&first, true),
        ["Zebra", "tag 10", "tag 9", "Élan", "apple", "Apple"]
    );

    // A rename: the new snapshot orders by the new name, the old one keeps its order.
    let mut zebra = first.term(TermId(5)).unwrap().clone();
    zebra.name = "Aardvark".into();
    archive.edit(|e| e.update_term(zebra)).unwrap();
    let renamed = archive.snapshot();
    assert_eq!(
        cloud_names(&renamed, false),
        ["Aardvark", "apple", "Apple", "Élan", "tag 9", "tag 10"]
    );
    assert_eq!(cloud_names(&first, false), free);

    // A snapshot whose order was never made, then an edit, and the edited snapshot asked
    // first: each orders by its own names.
    let mut tag9 = renamed.term(TermId(2)).unwrap().clone();
    tag9.name = "tag 11".into();
    archive.edit(|e| e.update_term(tag9)).unwrap();
    let unmade = archive.snapshot();
    let mut elan = unmade.term(TermId(3)).unwrap().clone();
    elan.name = "zz".into();
    archive.edit(|e| e.update_term(elan)).unwrap();
    assert_eq!(
        cloud_names(&archive.snapshot(), false),
        ["Aardvark", "apple", "Apple", "tag 10", "tag 11", "zz"]
    );
    assert_eq!(
        cloud_names(&unmade, false),
        ["Aardvark", "apple", "Apple", "Élan", "tag 10", "tag 11"]
    );

    // A deleted term leaves the order of the others as it was.
    archive
        .edit(|e| e.delete_term(TermId(1)).map(drop))
        .unwrap();
    assert_eq!(
        cloud_names(&archive.snapshot(), false),
        ["Aardvark", "apple", "Apple", "tag 11", "zz"]
    );
}

#[test]
fn term_date_and_author_counts_respect_visibility() {
    let snapshot = snapshot();
    let tags = snapshot
        .term_counts(&Taxonomy::Tag, &Query::new(), Viewer::Anonymous)
        .unwrap();
    let counts: Vec<_> = tags.iter().map(|c| (c.term.id().0, c.count)).collect();
    assert_eq!(counts, vec![(2, 4), (1, 3)]);
    let tags = snapshot
        .term_counts(&Taxonomy::Tag, &Query::new(), Viewer::Editor)
        .unwrap();
    let counts: Vec<_> = tags.iter().map(|c| (c.term.id().0, c.count)).collect();
    assert_eq!(counts, vec![(1, 4), (2, 4)]);
    let months = snapshot
        .date_archive(DateGranularity::Month, &Query::new(), Viewer::Anonymous)
        .unwrap();
    let months: Vec<_> = months
        .iter()
        .map(|d| (d.year, d.month.unwrap(), d.count))
        .collect();
    assert_eq!(
        months,
        vec![
            (2013, 5, 1),
            (2013, 4, 1),
            (2013, 3, 1),
            (2013, 2, 1),
            (2013, 1, 1),
            (2012, 12, 1)
        ]
    );
    let days = snapshot
        .date_archive(
            DateGranularity::Day,
            &Query::new().year(2013).month(1),
            Viewer::Anonymous,
        )
        .unwrap();
    assert_eq!(
        days,
        vec![DateCount {
            year: 2013,
            month: Some(1),
            day: Some(18),
            count: 1
        }]
    );
    let years = snapshot
        .date_archive(DateGranularity::Year, &Query::new(), Viewer::Editor)
        .unwrap();
    assert_eq!(
        years[0],
        DateCount {
            year: 2013,
            month: None,
            day: None,
            count: 6
        }
    );
    let authors = snapshot
        .author_counts(&Query::new(), Viewer::Anonymous)
        .unwrap();
    assert_eq!(
        authors,
        vec![
            AuthorCount {
                author: AuthorId(1),
                count: 3
            },
            AuthorCount {
                author: AuthorId(2),
                count: 3
            }
        ]
    );
}

#[test]
fn adjacent_and_related_posts() {
    let snapshot = snapshot();
    let around = snapshot
        .adjacent(PostId(3), &Query::new(), None, Viewer::Anonymous)
        .unwrap();
    assert_eq!(around.previous.map(|p| p.id()), Some(PostId(2)));
    assert_eq!(around.next.map(|p| p.id()), Some(PostId(4)));
    let same = snapshot
        .adjacent(
            PostId(3),
            &Query::new(),
            Some(&Taxonomy::Tag),
            Viewer::Anonymous,
        )
        .unwrap();
    assert_eq!(same.previous.map(|p| p.id()), Some(PostId(2)));
    assert_eq!(same.next.map(|p| p.id()), Some(PostId(8)));
    let newest = snapshot
        .adjacent(PostId(8), &Query::new(), None, Viewer::Anonymous)
        .unwrap();
    assert_eq!(newest.next, None, "the draft after it is not public");
    assert!(matches!(
        snapshot.adjacent(PostId(5), &Query::new(), None, Viewer::Anonymous),
        Err(QueryError::UnknownPost(_))
    ));
    let related = snapshot
        .related(PostId(2), &Query::new(), 3, Viewer::Anonymous)
        .unwrap();
    let related: Vec<_> = related
        .iter()
        .map(|r| (r.post.id().0, r.shared_terms))
        .collect();
    assert_eq!(related, vec![(8, 1), (4, 1), (3, 1)]);
}

#[test]
fn snapshots_do_not_change_when_the_archive_is_edited() {
    let (archive, _) = Archive::build(site(), BuildMode::Lenient, &Default::default()).unwrap();
    let before = archive.snapshot();
    archive
        .edit(|e| e.insert_post(post(50, "2020-01-01T00:00:00+00:00", &[1], &[1])))
        .unwrap();
    archive.edit(|e| e.delete_post(PostId(4))).unwrap();
    let after = archive.snapshot();
    let tag = Query::new().tag("kyrgyzstan");
    assert_eq!(
        ids(&before.query(&tag, Viewer::Anonymous).unwrap()),
        vec![4, 2, 1]
    );
    assert_eq!(
        ids(&after.query(&tag, Viewer::Anonymous).unwrap()),
        vec![50, 2, 1]
    );
    assert_eq!(
        archive.edit(|e| e.insert_post(post(50, "2020-01-01T00:00:00+00:00", &[], &[]))),
        Err(EditError::Duplicate {
            kind: EntityKind::Post,
            id: 50
        })
    );
    assert!(matches!(
        archive.edit(|e| e.delete_post(PostId(4))),
        Err(EditError::NotFound { .. })
    ));
    // A failed batch applies nothing.
    let result = archive.edit(|e| {
        e.delete_post(PostId(1))?;
        e.delete_post(PostId(999))
    });
    assert!(result.is_err());
    assert!(archive.snapshot().post(PostId(1)).is_some());
}

#[test]
fn deleting_a_term_removes_it_from_posts_and_reparents_children() {
    let (archive, _) = Archive::build(site(), BuildMode::Lenient, &Default::default()).unwrap();
    archive.edit(|e| e.delete_term(TermId(11))).unwrap();
    let snapshot = archive.snapshot();
    assert_eq!(snapshot.term(TermId(12)).unwrap().parent, Some(TermId(10)));
    assert!(
        !snapshot
            .post(PostId(3))
            .unwrap()
            .terms
            .contains(&TermId(11))
    );
    let news = snapshot
        .query(&Query::new().category("news"), Viewer::Anonymous)
        .unwrap();
    assert_eq!(ids(&news), vec![2, 1]);
    // The edited indexes answer as a fresh build of the edited site does.
    let rebuilt = Snapshot::from_site(snapshot.to_site());
    for viewer in [Viewer::Anonymous, Viewer::Editor] {
        for query in [
            Query::new(),
            Query::new().category("news"),
            Query::new().category("bishkek"),
            Query::new().tag("kyrgyzstan"),
        ] {
            let edited = snapshot.query(&query, viewer).unwrap();
            let fresh = rebuilt.query(&query, viewer).unwrap();
            assert_eq!(ids(&edited), ids(&fresh), "{query:?} as {viewer}");
            assert_eq!(edited.total, fresh.total, "{query:?} as {viewer}");
        }
    }
}

#[test]
fn readers_never_see_half_an_edit() {
    let (archive, _) =
        Archive::build(Site::new("Empty"), BuildMode::Lenient, &Default::default()).unwrap();
    let archive = Arc::new(archive);
    std::thread::scope(|scope| {
        let writer = archive.clone();
        scope.spawn(move || {
            for round in 0..200u64 {
                writer
                    .edit(|e| {
                        e.insert_post(post(2 * round, "2013-01-01T00:00:00+00:00", &[], &[]))?;
                        e.insert_post(post(2 * round + 1, "2013-01-02T00:00:00+00:00", &[], &[]))
                    })
                    .unwrap();
            }
        });
        for _ in 0..2 {
            let reader = archive.clone();
            scope.spawn(move || {
                for _ in 0..200 {
                    let snapshot = reader.snapshot();
                    let total = snapshot
                        .query(&Query::new().page(1, 1), Viewer::Anonymous)
                        .unwrap()
                        .total;
                    assert_eq!(total % 2, 0, "an edit of two posts was seen half done");
                    assert_eq!(total as usize, snapshot.post_count());
                }
            });
        }
    });
    assert_eq!(archive.snapshot().post_count(), 400);
}

#[test]
fn strict_building_refuses_errors_and_lenient_building_keeps_the_data() {
    let mut bad = site();
    bad.posts
        .push(post(60, "2013-06-01T10:00:00-08:00", &[1], &[77]));
    let refused = Archive::build(bad.clone(), BuildMode::Strict, &Default::default()).unwrap_err();
    assert!(refused.report.has_errors(), "{}", refused.report);
    let (archive, report) = Archive::build(bad, BuildMode::Lenient, &Default::default()).unwrap();
    assert!(report.has_errors());
    assert!(archive.snapshot().post(PostId(60)).is_some());
    assert!(Archive::build(site(), BuildMode::Strict, &Default::default()).is_ok());
}

#[test]
fn filter_strings_query_the_archive_like_the_builder() {
    let snapshot = snapshot();
    let from_string = Query::new()
        .with_filter_string("tag:kyrgyzstan+published_at:>'2013-01-19'")
        .unwrap();
    let built = Query::new().tag("kyrgyzstan").published_after(
        DateValue::Date(NaiveDate::from_ymd_opt(2013, 1, 19).unwrap()),
        Bound::Exclusive,
    );
    let page = snapshot.query(&from_string, Viewer::Anonymous).unwrap();
    assert_eq!(ids(&page), vec![4, 2]);
    assert_eq!(page, snapshot.query(&built, Viewer::Anonymous).unwrap());
    let negated = Query::new()
        .with_filter_string("-tag:kyrgyzstan+featured:false")
        .unwrap();
    assert_eq!(
        ids(&snapshot.query(&negated, Viewer::Anonymous).unwrap()),
        vec![8, 3]
    );
}

#[test]
fn posts_are_found_by_slug_through_edits() {
    let (archive, _) = Archive::build(site(), BuildMode::Lenient, &Default::default()).unwrap();
    let snapshot = archive.snapshot();
    assert_eq!(
        snapshot.post_by_slug("post-3").map(|p| p.id),
        Some(PostId(3))
    );
    assert!(snapshot.post_by_slug("no-such-post").is_none());
    // A second post with the same slug: the lowest id answers, until it goes.
    let mut twin = post(90, "2013-05-01T10:00:00Z", &[], &[1]);
    twin.slug = Some(slug("post-3"));
    archive.edit(|e| e.insert_post(twin)).unwrap();
    let found = |slug: &str| archive.snapshot().post_by_slug(slug).map(|p| p.id);
    assert_eq!(found("post-3"), Some(PostId(3)));
    archive.edit(|e| e.delete_post(PostId(3))).unwrap();
    assert_eq!(found("post-3"), Some(PostId(90)));
    // A slug change moves the post in the index.
    let mut renamed = archive.snapshot().post(PostId(90)).unwrap().clone();
    renamed.slug = Some(slug("renamed"));
    archive.edit(|e| e.update_post(renamed)).unwrap();
    assert_eq!(found("post-3"), None);
    assert_eq!(found("renamed"), Some(PostId(90)));
    assert_eq!(find_id(&archive, "90"), Some(PostId(90)));
    assert_eq!(find_id(&archive, "renamed"), Some(PostId(90)));
}

fn find_id(archive: &Archive, text: &str) -> Option<PostId> {
    archive.snapshot().find_post(text).map(|p| p.id)
}
