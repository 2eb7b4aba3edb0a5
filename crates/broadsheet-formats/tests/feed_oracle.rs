//! Feeds against an expectation computed without the query engine: which posts a feed of a
//! query holds (published posts of kind `post`, newest first, the first page), what each item
//! shows of a protected post, and that no private value reaches any feed format, whatever the
//! length of a post's password (none, empty, one character, long). Also `write_feed` to a
//! writer, and the WXR exporter writing a file through `save`.

use broadsheet_core::{
    Author, AuthorId, Email, Post, PostId, PostKind, PostStatus, Query, Site, Slug, Snapshot,
    Taxonomy, Term, TermId, Timestamp,
};
use broadsheet_formats::feed::{
    FeedChannel, FeedContent, FeedFormat, query_items, render_feed, write_feed,
};
use chrono::{TimeZone, Utc};
use proptest::prelude::*;

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

/// The password of post `id`: none, empty (WordPress's "no password": not protected), one
/// character, or long.
fn password(kind: u8, id: u64) -> Option<String> {
    match kind {
        0 => None,
        1 => Some(String::new()),
        2 => Some("Q".to_owned()),
        _ => Some(format!("pw-secret-{id}-long-enough")),
    }
}

/// A post whose content and excerpt carry markers naming it, so that a feed shows whether it
/// carries them.
fn post(id: u64, kind: bool, status: u8, day: i64, tagged: bool, password_kind: u8) -> Post {
    let mut post = Post::new(PostId(id), format!("Title {id}"), slug(&format!("p{id}")));
    post.kind = if kind { PostKind::Post } else { PostKind::Page };
    post.status = match status {
        0 => PostStatus::Draft,
        1 => PostStatus::Private,
        2 => PostStatus::Trash,
        _ => PostStatus::Published,
    };
    post.content = format!("<p>body-marker-{id}-end</p>");
    post.excerpt = Some(format!("excerpt-marker-{id}-end"));
    post.published = Some(Timestamp::new(
        (Utc.with_ymd_and_hms(2013, 1, 1, 0, 0, 0).unwrap() + chrono::TimeDelta::hours(day * 7))
            .fixed_offset(),
    ));
    post.authors = vec![AuthorId(1)];
    if tagged {
        post.terms.push(TermId(1));
    }
    post.password = password(password_kind, id);
    post
}

fn site() -> impl Strategy<Value = Site> {
    prop::collection::vec(
        (
            prop::bool::weighted(0.8),
            0u8..6,
            0i64..20,
            prop::bool::ANY,
            0u8..4,
        ),
        0..25,
    )
    .prop_map(|posts| {
        let mut site = Site::new("Feeds");
        site.settings.url = Some(broadsheet_core::Url::parse("https://blog.example.org").unwrap());
        let mut author = Author::new(AuthorId(1), slug("ann"), "Ann");
        author.email = Some(Email::parse("ann@private.example").unwrap());
        author.login = Some("ann-login-secret".into());
        site.authors.push(author);
        site.terms
            .push(Term::new(TermId(1), Taxonomy::Tag, "Tag", slug("tag")));
        for (index, (kind, status, day, tagged, password)) in posts.into_iter().enumerate() {
            site.posts
                .push(post(index as u64 + 1, kind, status, day, tagged, password));
        }
        site
    })
}

/// The posts a public feed of the query holds, by the documented rules alone: kind `post`,
/// status published, the tag when the query names it, newest first (ties: higher id first),
/// the first ten.
fn expected(site: &Site, tagged: bool) -> Vec<PostId> {
    let mut posts: Vec<&Post> = site
        .posts
        .iter()
        .filter(|p| p.kind == PostKind::Post && p.status == PostStatus::Published)
        .filter(|p| !tagged || p.terms.contains(&TermId(1)))
        .collect();
    posts.sort_by_key(|p| std::cmp::Reverse((p.published.map(|t| t.utc()), p.id)));
    posts.into_iter().take(10).map(|p| p.id).collect()
}

fn protected(post: &Post) -> bool {
    post.password.as_deref().is_some_and(|p| !p.is_empty())
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(96))]

    #[test]
    fn feeds_hold_the_public_posts_and_no_private_data(site in site(), tagged in prop::bool::ANY, full in prop::bool::ANY) {
        let snapshot = Snapshot::from_site(site.clone());
        let query = if tagged { Query::new().tag("tag") } else { Query::new() };
        let content = if full { FeedContent::Full } else { FeedContent::Excerpt };
        let items = query_items(&snapshot, &query, content);
        prop_assert!(items.is_ok(), "a valid query fails: {:?}", items.err());
        let items = items.unwrap();
        let wanted = expected(&site, tagged);
        let titles: Vec<String> = items.iter().map(|i| i.title.clone()).collect();
        let wanted_titles: Vec<String> = wanted.iter().map(|id| format!("Title {}", id.0)).collect();
        prop_assert_eq!(titles, wanted_titles);
        for format in FeedFormat::ALL {
            let channel = FeedChannel::for_site(&snapshot, format).with_updated_from(&items);
            let text = render_feed(format, &channel, &items);
            let mut written = Vec::new();
            write_feed(format, &channel, &items, &mut written).unwrap();
            prop_assert_eq!(String::from_utf8(written).unwrap(), text.clone());
            for secret in ["ann@private.example", "ann-login-secret", "pw-secret-"] {
                prop_assert!(!text.contains(secret), "{} feed leaks {}", format, secret);
            }
            for post in &site.posts {
                let id = post.id.0;
                let listed = wanted.contains(&post.id);
                let body = format!("body-marker-{id}-end");
                let excerpt = format!("excerpt-marker-{id}-end");
                if listed && !protected(post) {
                    // An empty password protects nothing: the text is there.
                    prop_assert!(text.contains(&excerpt), "{} feed lacks the excerpt of {}", format, id);
                    if full {
                        prop_assert!(text.contains(&body), "{} feed lacks the body of {}", format, id);
                    }
                } else {
                    prop_assert!(!text.contains(&body) && !text.contains(&excerpt), "{} feed shows the text of post {}", format, id);
                }
                if post.password.as_deref() == Some("Q") {
                    for marked in [">Q<", "\"Q\""] {
                        prop_assert!(!text.contains(marked), "{} feed shows a one-letter password", format);
                    }
                }
            }
        }
    }
}

/// `write_feed` passes a writer's failure back as an error (no panic, nothing swallowed).
#[test]
fn write_feed_reports_a_failing_writer() {
    struct Broken;
    impl std::io::Write for Broken {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk full"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Err(std::io::Error::other("disk full"))
        }
    }
    let mut site = Site::new("Broken");
    site.posts.push(post(1, true, 3, 1, false, 0));
    let snapshot = Snapshot::from_site(site);
    let items = query_items(&snapshot, &Query::new(), FeedContent::Full).unwrap();
    for format in FeedFormat::ALL {
        let channel = FeedChannel::for_site(&snapshot, format);
        let error = write_feed(format, &channel, &items, Broken).unwrap_err();
        assert!(error.to_string().contains("disk full"), "{format}: {error}");
    }
}

/// The WXR exporter writes a file (through `save`) that imports back to the same site.
#[test]
fn wxr_saved_to_a_file_imports_back() {
    let mut site = Site::new("Saved");
    site.authors
        .push(Author::new(AuthorId(1), slug("ann"), "Ann"));
    site.terms
        .push(Term::new(TermId(1), Taxonomy::Tag, "Tag", slug("tag")));
    for id in 1..4 {
        site.posts
            .push(post(id, true, 3, id as i64, id % 2 == 0, 0));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.xml");
    broadsheet_formats::save(&site, &path, broadsheet_formats::Format::Wxr).unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text, broadsheet_formats::wxr::export_string(&site));
    let back = broadsheet_formats::wxr::import_file(&path, Default::default()).unwrap();
    assert_eq!(back.site.posts.len(), 3);
    let titles: Vec<&str> = back.site.posts.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(titles, ["Title 1", "Title 2", "Title 3"]);
    assert_eq!(back.site.posts[1].terms.len(), 1);
}
