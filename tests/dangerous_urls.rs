//! URLs that can run script (`javascript:`, `vbscript:`, `data:`) are reported when a site is
//! opened and never written as links: not in permalinks, summaries or any feed.

use broadsheet::formats::feed::{FeedChannel, FeedContent, FeedFormat, query_items, render_feed};
use broadsheet::formats::{Format, ImportOptions, open_bytes, to_bytes};
use broadsheet::{
    Author, AuthorId, Comment, CommentId, Media, MediaId, Post, PostId, Query, Site, Slug, Url,
    Viewer,
};

const SCHEMES: [&str; 3] = [
    "javascript:alert(document.cookie)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
];

fn hostile_site(bad: &str) -> Site {
    let mut site = Site::new("Blog");
    site.settings.url = Some(Url::parse(bad).unwrap());
    let mut author = Author::new(AuthorId(1), Slug::parse("ann").unwrap(), "Ann");
    author.url = Some(Url::parse(bad).unwrap());
    site.authors.push(author);
    let mut post = Post::new(PostId(1), "Hello", Slug::parse("hello").unwrap());
    post.authors.push(AuthorId(1));
    post.published = Some(broadsheet::Timestamp::parse_rfc3339("2020-01-01T10:00:00Z").unwrap());
    post.content = "<p>Body</p>".into();
    site.posts.push(post);
    let mut comment = Comment::new(CommentId(1), PostId(1), "Eve", "Hi");
    comment.author_url = Some(Url::parse(bad).unwrap());
    site.comments.push(comment);
    let mut media = Media::new(MediaId(1), Url::parse(bad).unwrap());
    media.attached_to = Some(PostId(1));
    site.media.push(media);
    site
}

#[test]
fn script_urls_are_reported_on_opening() {
    for bad in SCHEMES {
        let bytes = to_bytes(&hostile_site(bad), Format::Json).unwrap();
        let opened = open_bytes(&bytes, ImportOptions::default()).unwrap();
        let report = opened.report();
        let paths: Vec<&str> = report
            .errors()
            .filter(|issue| issue.code == "value.url.script_scheme")
            .map(|issue| issue.path.as_str())
            .collect();
        for path in [
            "url",
            "authors[0].url",
            "comments[0].author_url",
            "media[0].url",
        ] {
            assert!(
                paths.contains(&path),
                "{bad}: {path} not reported in {paths:?}"
            );
        }
    }
}

#[test]
fn script_urls_never_become_links() {
    for bad in SCHEMES {
        let scheme = bad.split(':').next().unwrap();
        let bytes = to_bytes(&hostile_site(bad), Format::Json).unwrap();
        let opened = open_bytes(&bytes, ImportOptions::default()).unwrap();
        let snapshot = opened.archive.snapshot();
        let page = snapshot.query(&Query::new(), Viewer::Anonymous).unwrap();
        let summaries = serde_json::to_string(&snapshot.summaries(&page.posts)).unwrap();
        assert!(!summaries.contains(scheme), "{summaries}");
        assert!(
            snapshot.summaries(&page.posts)[0]
                .permalink
                .starts_with('/')
        );
        for format in FeedFormat::ALL {
            let items = query_items(&snapshot, &Query::new(), FeedContent::Full).unwrap();
            let channel =
                FeedChannel::for_site(snapshot.as_ref(), format).with_updated_from(&items);
            let feed = render_feed(format, &channel, &items);
            assert!(!feed.contains(&format!("{scheme}:")), "{format}: {feed}");
        }
    }
}
