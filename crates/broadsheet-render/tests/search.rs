//! The search page and its index: only what the public sees, titles and excerpts folded as the
//! library folds them, JSON embedded so that no text can end its element; in headless Chromium
//! (when there is one) the page's script finds posts by folded words and runs nothing it reads.

use broadsheet::{
    Author, AuthorId, Post, PostId, PostStatus, Site, Slug, Snapshot, Taxonomy, Term, TermId,
    Timestamp,
};
use broadsheet_render::{RenderOptions, Renderer};

#[path = "support/chromium.rs"]
mod support_chromium;
use support_chromium::{chromium_for_test, dump_dom};

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a valid slug")
}

fn when(day: u32) -> Timestamp {
    Timestamp::parse_rfc3339(&format!("2022-02-{day:02}T08:00:00+00:00")).expect("a date")
}

/// Three public posts (one with accents, one whose title tries to end the script element),
/// and one post of each hidden kind whose title holds `secret`.
fn site() -> Site {
    let mut site = Site::new("Searchable");
    site.authors
        .push(Author::new(AuthorId(1), slug("ann"), "Ann"));
    site.terms.push(Term::new(
        TermId(1),
        Taxonomy::Tag,
        "Straße",
        slug("strasse"),
    ));
    let mut posts = Vec::new();
    let mut add = |id: u64, title: &str, content: &str| {
        let mut post = Post::new(PostId(id), title, slug(&format!("post-{id}")));
        post.authors = vec![AuthorId(1)];
        post.published = Some(when(id as u32));
        post.content = content.into();
        posts.push(post);
    };
    add(1, "Crème brûlée", "A recipe for <em>Crème</em> brûlée.");
    // The title is text once its entities are decoded: `</script><script>...`.
    add(
        2,
        "&lt;/script&gt;&lt;script&gt;document.title='XSS'+'-RAN'&lt;/script&gt;",
        "Words &amp; more <b>words</b>.",
    );
    add(3, "Plain words", "Nothing accented here.");
    add(4, "secret draft", "secret");
    add(5, "secret private", "secret");
    add(6, "secret scheduled", "secret");
    add(7, "secret protected", "secret content");
    add(8, "secret trash", "secret");
    add(9, "secret pending", "secret");
    posts[0].terms = vec![TermId(1)];
    posts[3].status = PostStatus::Draft;
    posts[4].status = PostStatus::Private;
    posts[5].status = PostStatus::Scheduled;
    posts[5].published =
        Some(Timestamp::parse_rfc3339("2099-01-01T08:00:00+00:00").expect("a date"));
    posts[6].password = Some("hunter2".into());
    posts[7].status = PostStatus::Trash;
    posts[8].status = PostStatus::Pending;
    site.posts = posts;
    site
}

fn render(out: &std::path::Path) {
    let snapshot = Snapshot::from_site(site());
    let renderer = Renderer::new(&snapshot, &RenderOptions::default()).expect("planned");
    renderer.write_to(out, &mut |_, _| {}).expect("written");
}

#[test]
fn the_index_lists_public_posts_only_with_folded_text() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("site");
    render(&out);
    let text = std::fs::read_to_string(out.join("search/index.json")).expect("the index");
    assert!(!text.to_lowercase().contains("secret"), "{text}");
    assert!(!text.contains("hunter2"));
    let index: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let entries = index["entries"].as_array().expect("entries");
    let titles: Vec<&str> = entries.iter().filter_map(|e| e["title"].as_str()).collect();
    assert_eq!(
        titles,
        [
            "Plain words",
            "</script><script>document.title='XSS'+'-RAN'</script>",
            "Crème brûlée"
        ],
        "newest first"
    );
    let creme = &entries[2];
    assert_eq!(creme["excerpt"], "A recipe for Crème brûlée.");
    assert_eq!(creme["tags"], serde_json::json!(["Straße"]));
    assert_eq!(creme["date"], "01 February 2022");
    let folded = creme["text"].as_str().expect("text");
    assert!(
        folded.contains("creme brulee") && folded.contains("strasse"),
        "{folded}"
    );
    // Links are relative to `search/` and resolve.
    for entry in entries {
        let url = entry["url"].as_str().expect("url");
        assert!(out.join("search").join(url).is_file(), "{url}");
    }
}

#[test]
fn the_page_embeds_the_index_so_that_no_text_ends_its_element() {
    let snapshot = Snapshot::from_site(site());
    let renderer = Renderer::new(&snapshot, &RenderOptions::default()).expect("planned");
    let page = renderer
        .render_page("search/index.html")
        .expect("renders")
        .expect("a search page");
    let start = page
        .find("<script type=\"application/json\" id=\"search-index\">")
        .expect("the embedded index");
    let rest = &page[start..];
    let body_start = rest.find('>').expect("tag end") + 1;
    let body_end = rest.find("</script>").expect("element end");
    let body = &rest[body_start..body_end];
    assert!(!body.contains(['<', '>', '&']), "{body}");
    let embedded: serde_json::Value = serde_json::from_str(body).expect("JSON");
    let dir = tempfile::tempdir().expect("a temporary directory");
    render(&dir.path().join("site"));
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("site/search/index.json")).expect("read"),
    )
    .expect("JSON");
    assert_eq!(embedded, file, "the page and index.json hold the same data");
    // Every page's header has the search form, pointing at the search page.
    let home = renderer
        .render_page("index.html")
        .expect("renders")
        .expect("home");
    assert!(home.contains("action=\"search/index.html\""), "{home}");
    let post = renderer
        .render_page("2022/02/01/post-1/index.html")
        .expect("renders")
        .expect("a post");
    assert!(post.contains("action=\"../../../../search/index.html\""));
    assert!(page.contains("<script src=\"../search.js\" defer>"));
}

/// The DOM of `page` with `?q=query`, after its script ran.
fn search_dom(browser: &std::path::Path, page: &std::path::Path, query: &str) -> String {
    let url = format!(
        "file://{}?q={}",
        page.display(),
        query
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            })
            .collect::<String>()
    );
    dump_dom(browser, &url)
}

/// The titles the page lists as results.
fn results(dom: &str) -> Vec<String> {
    dom.split("class=\"search-result-title\"")
        .skip(1)
        .filter_map(|rest| {
            let start = rest.find('>')? + 1;
            let end = rest.find("</a>")?;
            Some(rest[start..end].to_owned())
        })
        .collect()
}

#[test]
fn the_page_finds_posts_by_folded_words_in_chromium() {
    let Some(browser) = chromium_for_test() else {
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("site");
    render(&out);
    let page = out.join("search/index.html");
    // Accents and case folded on both sides; every word must match; tags are searched.
    assert_eq!(
        results(&search_dom(&browser, &page, "CREME")),
        ["Crème brûlée"]
    );
    assert_eq!(
        results(&search_dom(&browser, &page, "brûlée crème")),
        ["Crème brûlée"]
    );
    assert_eq!(
        results(&search_dom(&browser, &page, "STRASSE")),
        ["Crème brûlée"]
    );
    assert_eq!(
        results(&search_dom(&browser, &page, "crème plain")),
        Vec::<String>::new()
    );
    assert_eq!(
        results(&search_dom(&browser, &page, "secret")),
        Vec::<String>::new()
    );
    // Two results, newest first; the hostile title is shown as text and does not run.
    let dom = search_dom(&browser, &page, "words");
    assert_eq!(results(&dom).len(), 2, "{dom}");
    assert!(dom.contains("2 results for"), "{dom}");
    assert!(!dom.contains("XSS-RAN"), "a title ran as script");
    let dom = search_dom(&browser, &page, "script");
    assert_eq!(
        results(&dom),
        ["&lt;/script&gt;&lt;script&gt;document.title='XSS'+'-RAN'&lt;/script&gt;"]
    );
    assert!(!dom.contains("XSS-RAN"));
}
