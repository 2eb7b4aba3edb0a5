//! Public calls that no other test reached: the query builders `any_tags`, `without_authors`,
//! `sticky_only` and `filter_expr`, `Post::primary_author`, `PermalinkTag::from_name`, term
//! and author paths, `Snapshot::media_item`, `term_view` and `info`. Each test states the
//! expected answer by hand on a small site.

use broadsheet_core::SiteSettings;
use broadsheet_core::permalink::{
    CATEGORY_BASE_KEY, PermalinkStructure, PermalinkTag, TAG_BASE_KEY,
};
use broadsheet_core::query::{Filter, Predicate};
use broadsheet_core::{
    Author, AuthorId, Media, MediaId, Post, PostId, Query, Site, SiteTimeZone, Slug, Snapshot,
    Taxonomy, Term, TermId, Timestamp, Url, Viewer,
};

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

/// Five posts: tags t1/t2, authors a1/a2, one sticky post.
fn site() -> Site {
    let mut site = Site::new("Builders");
    site.settings.url = Some(Url::parse("https://blog.example.org").unwrap());
    site.settings.language = Some("ky".into());
    site.settings.time_zone = SiteTimeZone::parse("Asia/Bishkek").unwrap();
    site.authors = vec![
        Author::new(AuthorId(1), slug("a1"), "One"),
        Author::new(AuthorId(2), slug("a2"), "Two"),
    ];
    let mut news = Term::new(TermId(10), Taxonomy::Category, "News", slug("news"));
    news.meta.push("private-note", "not for views");
    let mut asia = Term::new(TermId(11), Taxonomy::Category, "Asia", slug("asia"));
    asia.parent = Some(TermId(10));
    site.terms = vec![
        Term::new(TermId(1), Taxonomy::Tag, "T1", slug("t1")),
        Term::new(TermId(2), Taxonomy::Tag, "T2", slug("t2")),
        news,
        asia,
    ];
    // (id, tags, authors, sticky)
    let posts: [(u64, &[u64], &[u64], bool); 5] = [
        (1, &[1], &[1], false),
        (2, &[2], &[2, 1], true),
        (3, &[1, 2], &[2], false),
        (4, &[], &[], false),
        (5, &[11], &[1], true),
    ];
    for (id, terms, authors, sticky) in posts {
        let mut post = Post::new(PostId(id), format!("P{id}"), slug(&format!("p{id}")));
        post.published =
            Some(Timestamp::parse_rfc3339(&format!("2013-05-{id:02}T10:00:00+06:00")).unwrap());
        post.terms = terms.iter().copied().map(TermId).collect();
        post.authors = authors.iter().copied().map(AuthorId).collect();
        post.sticky = sticky;
        site.posts.push(post);
    }
    site.media.push(Media::new(
        MediaId(7),
        Url::parse("https://blog.example.org/m.jpg").unwrap(),
    ));
    site
}

fn ids(snapshot: &Snapshot, query: Query) -> Vec<u64> {
    let mut ids: Vec<u64> = snapshot
        .query(&query.page(1, 100), Viewer::Anonymous)
        .unwrap()
        .posts
        .iter()
        .map(|p| p.id().0)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn query_builders_select_what_they_name() {
    let snapshot = Snapshot::from_site(site());
    assert_eq!(
        ids(&snapshot, Query::new().any_tags(&["t1", "t2"])),
        [1, 2, 3]
    );
    assert_eq!(ids(&snapshot, Query::new().any_tags(&["t2"])), [2, 3]);
    assert_eq!(
        ids(&snapshot, Query::new().any_tags(&[])),
        Vec::<u64>::new()
    );
    assert_eq!(
        ids(&snapshot, Query::new().without_authors(&["a1"])),
        [3, 4]
    );
    assert_eq!(
        ids(&snapshot, Query::new().without_authors(&["a2"])),
        [1, 4, 5]
    );
    assert_eq!(
        ids(&snapshot, Query::new().without_authors(&["nobody"])),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(ids(&snapshot, Query::new().sticky_only()), [2, 5]);
    // A whole expression joins with AND: (t1 OR no author) AND sticky-free.
    let expression = Filter::Or(vec![
        Filter::Predicate(Predicate::Authors { authors: vec![] }),
        Filter::Predicate(Predicate::Id {
            ids: vec![PostId(4), PostId(1), PostId(2)],
        }),
    ]);
    let query = Query::new()
        .filter_expr(expression)
        .filter(Predicate::Sticky { sticky: false });
    assert_eq!(ids(&snapshot, query), [1, 4]);
    // filter_expr after filter keeps both (AND), in either order.
    let query = Query::new()
        .sticky_only()
        .filter_expr(Filter::Not(Box::new(Filter::Predicate(Predicate::Id {
            ids: vec![PostId(2)],
        }))));
    assert_eq!(ids(&snapshot, query), [5]);
}

#[test]
fn primary_author_is_the_first_one() {
    let site = site();
    assert_eq!(
        site.post(PostId(2)).unwrap().primary_author(),
        Some(AuthorId(2))
    );
    assert_eq!(
        site.post(PostId(1)).unwrap().primary_author(),
        Some(AuthorId(1))
    );
    assert_eq!(site.post(PostId(4)).unwrap().primary_author(), None);
}

#[test]
fn permalink_tags_come_back_from_their_names() {
    let names = [
        "year", "monthnum", "day", "hour", "minute", "second", "post_id", "postname", "category",
        "author",
    ];
    assert_eq!(PermalinkTag::ALL.len(), names.len());
    for (tag, name) in PermalinkTag::ALL.into_iter().zip(names) {
        assert_eq!(tag.name(), name);
        assert_eq!(PermalinkTag::from_name(name), Some(tag));
    }
    for unknown in ["", "Year", "%year%", "postid", "tag"] {
        assert_eq!(PermalinkTag::from_name(unknown), None, "{unknown:?}");
    }
}

#[test]
fn term_and_author_paths_follow_the_structure_and_bases() {
    let mut site = site();
    let tag = site.term(TermId(1)).unwrap().clone();
    let child = site.term(TermId(11)).unwrap().clone();
    let author = site.authors[1].clone();
    let default = PermalinkStructure::default();
    assert_eq!(default.term_path(&site, &tag), "/tag/t1/");
    assert_eq!(default.term_path(&site, &child), "/category/news/asia/");
    assert_eq!(default.author_path(&author), "/author/a2/");
    assert_eq!(
        default.term_link(&site, &tag),
        "https://blog.example.org/tag/t1/"
    );
    assert_eq!(
        default.author_link(&site, &author),
        "https://blog.example.org/author/a2/"
    );
    // Under a front (`/blog/`), without a trailing slash.
    let blog = PermalinkStructure::parse("/blog/%postname%").unwrap();
    assert_eq!(blog.term_path(&site, &tag), "/blog/tag/t1");
    assert_eq!(blog.author_path(&author), "/blog/author/a2");
    // Plain links.
    let plain = PermalinkStructure::plain();
    assert_eq!(plain.term_path(&site, &tag), "/?tag=t1");
    assert_eq!(plain.term_path(&site, &child), "/?cat=11");
    assert_eq!(plain.author_path(&author), "/?author=2");
    // Other taxonomies use their name; the bases change tags and categories.
    let mut series = Term::new(TermId(20), Taxonomy::Other("series".into()), "S", slug("s"));
    series.parent = None;
    assert_eq!(default.term_path(&site, &series), "/series/s/");
    site.settings.meta.push(TAG_BASE_KEY, "topic");
    site.settings.meta.push(CATEGORY_BASE_KEY, "section");
    assert_eq!(default.term_path(&site, &tag), "/topic/t1/");
    assert_eq!(default.term_path(&site, &child), "/section/news/asia/");
}

#[test]
fn snapshot_lookups_media_term_views_and_info() {
    let site = site();
    let snapshot = Snapshot::from_site(site.clone());
    assert_eq!(snapshot.media_item(MediaId(7)), site.media.first());
    assert_eq!(snapshot.media_item(MediaId(8)), None);
    let view = snapshot.term_view(TermId(10)).unwrap();
    assert_eq!(
        (view.id(), view.taxonomy(), view.name(), view.slug()),
        (TermId(10), &Taxonomy::Category, "News", "news")
    );
    assert_eq!(view.parent(), None);
    assert_eq!(
        snapshot.term_view(TermId(11)).unwrap().parent(),
        Some(TermId(10))
    );
    let json = serde_json::to_string(&view).unwrap();
    assert!(
        !json.contains("private-note"),
        "a term view carries no meta: {json}"
    );
    assert!(snapshot.term_view(TermId(99)).is_none());
    let info: &SiteSettings = snapshot.settings();
    assert_eq!(info.title, "Builders");
    assert_eq!(info.url, site.settings.url);
    assert_eq!(info.language.as_deref(), Some("ky"));
    assert_eq!(info.time_zone, SiteTimeZone::parse("Asia/Bishkek").unwrap());
}
