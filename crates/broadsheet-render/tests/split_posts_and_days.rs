//! WordPress's day archives (`/2021/06/02/`, paginated as months are, linked from posts'
//! dates) and posts split by `<!--nextpage-->` (`/slug/2/`, "Pages: 1 2 3", the first page on
//! lists, in excerpts and in feeds, as WordPress shows them), and every link of such a site
//! resolving to a file that was written.

use broadsheet::{
    Author, AuthorId, Comment, CommentId, Post, PostId, PostKind, Site, Slug, Snapshot, Taxonomy,
    Term, TermId, Timestamp,
};
use broadsheet_render::{RenderOptions, Renderer};
#[path = "support/files.rs"]
mod support_files;
use support_files::files;

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a valid slug")
}

fn at(day: u32, hour: u32) -> Timestamp {
    Timestamp::parse_rfc3339(&format!("2021-06-{day:02}T{hour:02}:00:00+00:00")).expect("a date")
}

/// Three posts on 2 June, one on 3 June; post 1 is split into three pages (WordPress's
/// line breaks around the tags), page 10 into two.
fn site() -> Site {
    let mut site = Site::new("Split");
    site.authors
        .push(Author::new(AuthorId(1), slug("ann"), "Ann"));
    site.terms
        .push(Term::new(TermId(1), Taxonomy::Tag, "notes", slug("notes")));
    let mut posts = Vec::new();
    for (id, day, hour) in [(1u64, 2, 8), (2, 2, 9), (3, 2, 10), (4, 3, 8)] {
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}"),
            slug(&format!("post-{id}")),
        );
        post.authors = vec![AuthorId(1)];
        post.terms = vec![TermId(1)];
        post.published = Some(at(day, hour));
        post.content = format!("Body of post {id}.");
        posts.push(post);
    }
    posts[0].content =
        "First page words.\n<!--nextpage-->\nSecond page words.\n<!--nextpage-->\nThird page words."
            .into();
    let mut page = Post::new(PostId(10), "Guide", slug("guide"));
    page.kind = PostKind::Page;
    page.published = Some(at(1, 8));
    page.content = "<!--nextpage-->Guide one<!--nextpage-->Guide two".into();
    posts.push(page);
    site.posts = posts;
    site.comments.push(Comment::new(
        CommentId(1),
        PostId(1),
        "Reader",
        "A kind comment.",
    ));
    site
}

fn page(renderer: &Renderer, path: &str) -> String {
    renderer
        .render_page(path)
        .expect("renders")
        .unwrap_or_else(|| panic!("{path} is not a page: {:?}", renderer.pages()))
}

#[test]
fn a_post_split_by_nextpage_gets_a_page_for_each_part() {
    let snapshot = Snapshot::from_site(site());
    let renderer = Renderer::new(&snapshot, &RenderOptions::default()).expect("planned");
    let first = page(&renderer, "2021/06/02/post-1/index.html");
    let second = page(&renderer, "2021/06/02/post-1/2/index.html");
    let third = page(&renderer, "2021/06/02/post-1/3/index.html");
    assert!(
        renderer
            .render_page("2021/06/02/post-1/4/index.html")
            .expect("renders")
            .is_none()
    );
    // Each page shows its part only.
    assert!(first.contains("First page words.") && !first.contains("Second page words."));
    assert!(second.contains("Second page words.") && !second.contains("First page words."));
    assert!(third.contains("Third page words."));
    // wp_link_pages: the current page as a span, the others linked.
    assert!(
        first.contains("<p class=\"post-nav-links\">Pages: <span class=\"post-page-numbers current\" aria-current=\"page\">1</span> <a href=\"../../../../2021/06/02/post-1/2/index.html\" class=\"post-page-numbers\">2</a> <a href=\"../../../../2021/06/02/post-1/3/index.html\" class=\"post-page-numbers\">3</a></p>"),
        "{first}"
    );
    assert!(
        second.contains("<a href=\"../../../../../2021/06/02/post-1/index.html\" class=\"post-page-numbers\">1</a> <span class=\"post-page-numbers current\" aria-current=\"page\">2</span>"),
        "{second}"
    );
    assert!(
        second.contains("<title>Post 1 – Page 2 | Split</title>"),
        "{second}"
    );
    // The thread is on the first page; the others link to it.
    assert!(first.contains("A kind comment."));
    assert!(!second.contains("A kind comment."));
    assert!(
        second.contains("post-1/index.html#comments\">Comments (1)</a>"),
        "{second}"
    );
    // An unsplit post has no page links.
    assert!(!page(&renderer, "2021/06/02/post-2/index.html").contains("post-nav-links"));
    // A page that starts with the tag: WordPress ignores it, two pages.
    let guide = page(&renderer, "guide/index.html");
    assert!(
        guide.contains("Guide one") && !guide.contains("Guide two"),
        "{guide}"
    );
    assert!(page(&renderer, "guide/2/index.html").contains("Guide two"));
    assert!(
        renderer
            .render_page("guide/3/index.html")
            .expect("renders")
            .is_none()
    );

    // Lists, the excerpt and the feed show the first page.
    let home = page(&renderer, "index.html");
    assert!(home.contains("First page words.") && !home.contains("Second page words."));
    assert!(home.contains("Continue reading<span class=\"screen-reader-text\"> &ldquo;Post 1"));
    let feed = page(&renderer, "feed.xml");
    assert!(
        feed.contains("First page words.") && !feed.contains("Second page words."),
        "{feed}"
    );
    let index = page(&renderer, "search/index.json");
    assert!(index.contains("First page words.") && !index.contains("Second page words."));
}

#[test]
fn day_archives_list_a_days_posts_paginated_and_dates_link_to_them() {
    let snapshot = Snapshot::from_site(site());
    let mut options = RenderOptions::default();
    options.per_page = 2;
    let renderer = Renderer::new(&snapshot, &options).expect("planned");
    let day = page(&renderer, "2021/06/02/index.html");
    assert!(day.contains("Daily Archive | 2 June 2021"), "{day}");
    // Newest first, two a page; the third on page 2; 3 June's post on neither.
    assert!(day.contains("id=\"post-3\"") && day.contains("id=\"post-2\""));
    assert!(!day.contains("id=\"post-1\"") && !day.contains("id=\"post-4\""));
    assert!(
        day.contains("href=\"../../../2021/06/02/page/2/index.html\""),
        "{day}"
    );
    let second = page(&renderer, "2021/06/02/page/2/index.html");
    assert!(second.contains("id=\"post-1\"") && second.contains("Page 2 of 2"));
    assert!(day.contains("href=\"../../../2021/06/02/feed.xml\""));
    assert!(page(&renderer, "2021/06/02/feed.xml").contains("<rss"));
    assert!(day.contains("All of June 2021"));
    // Dates link to their day.
    let post = page(&renderer, "2021/06/03/post-4/index.html");
    assert!(
        post.contains("<a href=\"../../../../2021/06/03/index.html\" rel=\"archives\"><time"),
        "{post}"
    );
    assert!(
        renderer
            .render_page("2021/06/05/index.html")
            .expect("renders")
            .is_none()
    );
}

/// Every `href`, `src` and `action` of a relative URL (no scheme, not a fragment) in a page,
/// with its fragment and query removed and percent-encoding decoded.
fn relative_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attribute in ["href=\"", "src=\"", "action=\""] {
        for piece in html.split(attribute).skip(1) {
            let Some(end) = piece.find('"') else { continue };
            let link = &piece[..end];
            if link.is_empty()
                || link.starts_with('#')
                || link.contains(':')
                || link.contains("&#x")
            {
                continue;
            }
            let link = link.split(['#', '?']).next().unwrap_or_default();
            let bytes = link.as_bytes();
            let mut decoded = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' && bytes.len() >= i + 3 {
                    let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("zz");
                    decoded.push(u8::from_str_radix(hex, 16).expect("percent-encoded"));
                    i += 3;
                } else {
                    decoded.push(bytes[i]);
                    i += 1;
                }
            }
            links.push(String::from_utf8(decoded).expect("UTF-8"));
        }
    }
    links
}

#[test]
fn every_link_of_every_page_resolves() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("site");
    let snapshot = Snapshot::from_site(site());
    let mut options = RenderOptions::default();
    options.per_page = 1;
    Renderer::new(&snapshot, &options)
        .expect("planned")
        .write_to(&out, &mut |_, _| {})
        .expect("written");
    let mut checked = 0;
    let mut broken = Vec::new();
    for file in files(&out) {
        if file.extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&file).expect("read");
        let base = file.parent().expect("a directory");
        for link in relative_links(&html) {
            checked += 1;
            if !base.join(&link).is_file() {
                broken.push(format!(
                    "{}: {link}",
                    file.strip_prefix(&out).unwrap().display()
                ));
            }
        }
    }
    // Search results link from `search/`, relative to the index.
    let index: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("search/index.json")).unwrap())
            .expect("JSON");
    for entry in index["entries"].as_array().expect("entries") {
        let url = entry["url"].as_str().expect("a url");
        checked += 1;
        if !out.join("search").join(url).is_file() {
            broken.push(format!("search/index.json: {url}"));
        }
    }
    assert!(checked > 200, "only {checked} links");
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    // The pages this test is about were among them.
    for path in [
        "2021/06/02/page/3/index.html",
        "2021/06/02/post-1/3/index.html",
        "search/index.html",
    ] {
        assert!(out.join(path).is_file(), "{path}");
    }
}
