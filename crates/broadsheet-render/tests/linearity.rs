//! The renderer's cases of issue 15: hostile inputs that made `render` quadratic (or wrote
//! hundreds of megabytes). Each renders a site at size N and 4N in one run and compares the
//! work: the output's size (exactly proportional when it must be) or the time taken, as a
//! ratio with generous slack (linear work gives about 4, quadratic 16). No wall-clock
//! threshold: a slow machine slows both sizes alike.

use broadsheet::{
    Author, AuthorId, Comment, CommentId, Post, PostId, Site, Slug, Snapshot, Taxonomy, Term,
    TermId, Timestamp,
};
use broadsheet_render::{RenderOptions, Renderer};
use std::time::{Duration, Instant};

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a valid slug")
}

fn when(day: u32) -> Timestamp {
    Timestamp::parse_rfc3339(&format!("2020-01-{:02}T10:00:00+00:00", day % 28 + 1))
        .expect("a valid date")
}

/// A site with one author and the posts given.
fn site(posts: Vec<Post>) -> Site {
    let mut site = Site::new("Blog");
    site.authors
        .push(Author::new(AuthorId(1), slug("ann"), "Ann"));
    site.posts = posts
        .into_iter()
        .map(|mut post| {
            post.authors = vec![AuthorId(1)];
            post.published.get_or_insert(when(post.id.0 as u32));
            post
        })
        .collect();
    site
}

fn post(id: u64, content: String) -> Post {
    let mut post = Post::new(
        PostId(id),
        format!("Post {id}"),
        slug(&format!("post-{id}")),
    );
    post.content = content;
    post
}

/// Renders the whole site into a temporary directory: the time taken, the bytes written and
/// the files written.
fn render(site: Site) -> (Duration, u64, usize) {
    let snapshot = Snapshot::from_site(site);
    let out = tempfile::tempdir().expect("a temporary directory");
    let start = Instant::now();
    let renderer = Renderer::new(&snapshot, &RenderOptions::default()).expect("renders");
    let rendered = renderer
        .write_to(&out.path().join("site"), &mut |_, _| {})
        .expect("renders");
    let elapsed = start.elapsed();
    (elapsed, bytes_under(out.path()), rendered.pages)
}

fn bytes_under(dir: &std::path::Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let entry = entry.expect("an entry");
            let meta = entry.metadata().expect("metadata");
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                total += meta.len();
            }
        }
    }
    total
}

/// Renders `make(n)` and `make(4 * n)`; fails when the larger took more than `slack` times
/// four times as long, or wrote more than `slack` times four times as many bytes.
fn assert_linear(name: &str, n: usize, make: impl Fn(usize) -> Site) {
    // A first small run warms up the lazily built patterns and the allocator.
    render(make(n / 4));
    let (small_time, small_bytes, _) = render(make(n));
    let (large_time, large_bytes, _) = render(make(4 * n));
    let time_ratio = large_time.as_secs_f64() / small_time.as_secs_f64().max(1e-6);
    let byte_ratio = large_bytes as f64 / small_bytes as f64;
    eprintln!(
        "{name}: N={n}: {small_time:?}, {small_bytes} bytes; 4N: {large_time:?}, {large_bytes} bytes; time x{time_ratio:.1}, bytes x{byte_ratio:.1}"
    );
    assert!(
        byte_ratio < 6.0,
        "{name}: output grew x{byte_ratio:.1} for x4 input"
    );
    assert!(
        time_ratio < 9.0,
        "{name}: time grew x{time_ratio:.1} for x4 input (linear is about 4, quadratic 16)"
    );
}

#[test]
fn deeply_nested_divs_render_in_linear_time() {
    assert_linear("nested divs", 10_000, |n| {
        site(vec![post(
            1,
            "<div>".repeat(n) + "deep" + &"</div>".repeat(n),
        )])
    });
}

#[test]
fn a_million_entity_references_render_in_linear_time() {
    assert_linear("entities", 50_000, |n| {
        site(vec![post(1, "&amp;".repeat(n))])
    });
}

#[test]
fn one_huge_text_node_renders_in_linear_time() {
    // The 300 MB node, scaled down: 1 MB and 4 MB of one paragraph.
    assert_linear("text node", 1_000_000, |n| {
        site(vec![post(1, "a".repeat(n))])
    });
}

/// Renders `make(1_000)` and `make(4_000)` (a site of one post that has N of something, each
/// with its own archive page) and fails when a page grew with N, or the site more than
/// linearly.
fn assert_pages_do_not_grow(what: &str, make: impl Fn(usize) -> Site) {
    let (_, small, small_pages) = render(make(1_000));
    let (_, large, large_pages) = render(make(4_000));
    let per_page = |bytes: u64, pages: usize| bytes as f64 / pages as f64;
    eprintln!(
        "4,000 {what}: {large} bytes in {large_pages} files; 1,000: {small} bytes in {small_pages} files"
    );
    // One page per archive; each page's size does not grow with their number.
    assert!(large_pages >= 4_000);
    assert!(
        per_page(large, large_pages) < 1.5 * per_page(small, small_pages),
        "pages grew with the {what}: {} vs {} bytes a page",
        per_page(large, large_pages),
        per_page(small, small_pages)
    );
    assert!((large as f64) < 6.0 * small as f64);
}

#[test]
fn a_post_with_thousands_of_tags_writes_output_proportional_to_its_tags() {
    assert_pages_do_not_grow("tags", |n| {
        let mut post = post(1, "Tagged.".into());
        post.terms = (1..=n as u64).map(TermId).collect();
        let mut site = site(vec![post]);
        site.terms = (1..=n as u64)
            .map(|i| {
                Term::new(
                    TermId(i),
                    Taxonomy::Tag,
                    format!("tag {i}"),
                    slug(&format!("tag-{i}")),
                )
            })
            .collect();
        site
    });
}

/// Ten posts that all carry the same N tags and N authors, and nine times as many terms of a
/// taxonomy without archives: each of the N tag and N author pages lists the ten posts, so a
/// page that walked each listed post's terms or authors (to count the ones it does not name)
/// made the site cost pages x terms (a Ghost export with 100,000 tags on a post rendered 5
/// pages a second). The terms without archives make that walk, if it comes back, outweigh
/// the pages themselves.
#[test]
fn posts_sharing_thousands_of_tags_and_authors_render_in_linear_time() {
    assert_linear("shared tags and authors", 300, |n| {
        let n = n as u64;
        let posts = (1..=10)
            .map(|id| {
                let mut post = post(id, "Tagged.".into());
                post.terms = (1..=10 * n).map(TermId).collect();
                post
            })
            .collect();
        let mut site = site(posts);
        for post in &mut site.posts {
            post.authors = (1..=n).map(|i| AuthorId(i + 1)).collect();
        }
        site.authors
            .extend((1..=n).map(|i| Author::new(AuthorId(i + 1), slug(&format!("a{i}")), "A")));
        site.terms = (1..=10 * n)
            .map(|i| {
                let taxonomy = if i <= n {
                    Taxonomy::Tag
                } else {
                    Taxonomy::Other("genre".into())
                };
                Term::new(
                    TermId(i),
                    taxonomy,
                    format!("term {i}"),
                    slug(&format!("term-{i}")),
                )
            })
            .collect();
        site
    });
}

/// Issue 15's case: one post by thousands of authors, with as many tags, all sharing one slug
/// (every author archive listed the post with its whole byline, which made the site
/// quadratic: 750 MB for 2,000 of each).
#[test]
fn a_post_by_thousands_of_authors_sharing_a_slug_writes_output_proportional_to_them() {
    assert_pages_do_not_grow("authors and tags", |n| {
        let mut post = post(1, "Crowded.".into());
        post.terms = (1..=n as u64).map(TermId).collect();
        let mut site = site(vec![post]);
        site.posts[0].authors = (1..=n as u64).map(|i| AuthorId(i + 1)).collect();
        site.terms = (1..=n as u64)
            .map(|i| Term::new(TermId(i), Taxonomy::Tag, "Same", slug("same")))
            .collect();
        site.authors
            .extend((1..=n as u64).map(|i| Author::new(AuthorId(i + 1), slug("same"), "Same")));
        site
    });
}

fn comments(n: usize, chain: bool) -> Site {
    let mut site = site(vec![post(1, "Discussed.".into())]);
    site.comments = (1..=n as u64)
        .map(|i| {
            let mut comment = Comment::new(CommentId(i), PostId(1), "Reader", format!("Reply {i}"));
            comment.parent = match (chain, i) {
                (_, 1) => None,
                (true, i) => Some(CommentId(i - 1)),
                (false, _) => Some(CommentId(1)),
            };
            comment
        })
        .collect();
    site
}

#[test]
fn a_long_reply_chain_renders_in_linear_time() {
    assert_linear("reply chain", 10_000, |n| comments(n, true));
}

#[test]
fn many_replies_to_one_comment_render_in_linear_time() {
    assert_linear("replies to one comment", 10_000, |n| comments(n, false));
}

#[test]
fn tags_and_authors_sharing_one_slug_render_in_linear_time() {
    assert_linear("shared slug", 1_000, |n| {
        let mut posts = Vec::new();
        let mut site_terms = Vec::new();
        let mut authors = Vec::new();
        for i in 1..=n as u64 {
            let mut p = post(i, format!("Post {i}."));
            p.terms = vec![TermId(i)];
            posts.push(p);
            site_terms.push(Term::new(TermId(i), Taxonomy::Tag, "Same", slug("same")));
            authors.push(Author::new(AuthorId(i + 1), slug("same"), "Same"));
        }
        let mut site = site(posts);
        for (i, p) in site.posts.iter_mut().enumerate() {
            p.authors = vec![AuthorId(i as u64 + 2)];
        }
        site.terms = site_terms;
        site.authors.extend(authors);
        site
    });
}

/// A post split into thousands of pages by `<!--nextpage-->`, with comments: each page links a
/// bounded window of its pages and the thread is written once, so the site grows with the
/// number of pages, not with its square.
#[test]
fn a_post_split_into_thousands_of_pages_renders_in_linear_time() {
    assert_linear("nextpage", 500, |n| {
        let content = (0..n)
            .map(|i| format!("Part {i}."))
            .collect::<Vec<_>>()
            .join("<!--nextpage-->");
        let mut site = site(vec![post(1, content)]);
        site.comments = (0..n as u64)
            .map(|i| Comment::new(CommentId(i + 1), PostId(1), "Reader", "A comment."))
            .collect();
        site
    });
}
