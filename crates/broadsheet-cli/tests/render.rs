//! `broadsheet render`: the static site of the example data, sanitising, visibility, template
//! overrides and errors.

use common::{WLP, command};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use support_files::files;

mod common;
#[path = "../../broadsheet-render/tests/support/files.rs"]
mod support_files;

fn example() -> Value {
    let text = std::fs::read_to_string(WLP).expect("example data is readable");
    serde_json::from_str(&text).expect("example data is JSON")
}

/// Renders `file` into a fresh directory, with extra arguments; asserts success.
fn render(file: &Path, extra: &[&str]) -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("a temporary directory");
    command()
        .arg("render")
        .arg(file)
        .arg("--out")
        .arg(out.path())
        .args(extra)
        .assert()
        .success();
    out
}

/// Runs `broadsheet render` on the example data into `out` with the templates of `templates`,
/// for the caller to assert the outcome (unlike [`render`], which expects success).
fn render_example_with_templates(out: &Path, templates: &Path) -> assert_cmd::assert::Assert {
    command()
        .args(["render", WLP, "--out"])
        .arg(out)
        .arg("--templates")
        .arg(templates)
        .assert()
}

/// Writes a JSON document to a temporary file.
fn write_json(dir: &Path, value: &Value) -> PathBuf {
    let path = dir.join("site.json");
    std::fs::write(
        &path,
        serde_json::to_string_pretty(value).expect("JSON prints"),
    )
    .expect("the copy is written");
    path
}

fn read(out: &Path, page: &str) -> String {
    std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"))
}

/// The text of an HTML page: tags removed, the entities minijinja and ammonia write decoded,
/// whitespace collapsed.
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let decoded = text
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under a directory, with its contents.
fn all_files(dir: &Path) -> Vec<(PathBuf, String)> {
    files(dir)
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("pages are UTF-8");
            (path, text)
        })
        .collect()
}

/// The posts of the example data with a tag, published, newest first.
fn titles_with_tag(data: &Value, slug: &str) -> Vec<String> {
    let site = &data["site"];
    let term = site["terms"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["slug"] == slug && t["taxonomy"] == "post_tag")
        .and_then(|t| t["id"].as_u64())
        .expect("the tag exists");
    let mut posts: Vec<(&str, &str)> = site["posts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|p| p["status"] == "published")
        .filter(|p| {
            p["terms"]
                .as_array()
                .is_some_and(|terms| terms.iter().any(|t| t.as_u64() == Some(term)))
        })
        .filter_map(|p| Some((p["published"].as_str()?, p["title"].as_str()?)))
        .collect();
    // The example's dates share one offset, so their text sorts as their instants do.
    posts.sort_unstable();
    posts.reverse();
    posts
        .into_iter()
        .map(|(_, title)| title.to_owned())
        .collect()
}

fn post_mut(data: &mut Value, id: u64) -> &mut Value {
    data["site"]["posts"]
        .as_array_mut()
        .and_then(|posts| posts.iter_mut().find(|p| p["id"] == id))
        .expect("the post exists")
}

#[test]
fn the_example_renders_the_pages_of_the_seed_site() {
    let out = render(Path::new(WLP), &["--quiet"]);
    let out = out.path();
    for page in [
        "index.html",
        "page/2/index.html",
        "tag/kyrgyzstan/index.html",
        "tag/kyrgyzstan/page/2/index.html",
        "tag/osh/index.html",
        "2013/05/index.html",
        "2010/07/index.html",
        "author/gulbarchyn-jumabaeva/index.html",
        "author/wlp/index.html",
        "2013/05/30/day-of-action-lets-stop-sexual-and-gender-based-violence-against-women-and-children/index.html",
    ] {
        assert!(out.join(page).is_file(), "{page} is missing");
    }

    let data = example();
    let titles = titles_with_tag(&data, "kyrgyzstan");
    assert_eq!(titles.len(), 12);
    let tag_page = text_of(&read(out, "tag/kyrgyzstan/index.html"));
    assert!(
        tag_page.contains("Tag Archive | \"kyrgyzstan\""),
        "{tag_page}"
    );
    // The ten newest, in order; the two oldest are on page 2.
    let mut from = 0;
    for title in &titles[..10] {
        let at = tag_page[from..]
            .find(title.as_str())
            .unwrap_or_else(|| panic!("{title:?} missing or out of order"));
        from += at + title.len();
    }
    for title in &titles[10..] {
        assert!(!tag_page.contains(title.as_str()), "{title:?} is on page 1");
        let second = text_of(&read(out, "tag/kyrgyzstan/page/2/index.html"));
        assert!(
            second.contains(title.as_str()),
            "{title:?} is not on page 2"
        );
    }
    assert!(
        tag_page.contains("Posted on 30 May 2013 by Gulbarchyn Jumabaevа"),
        "{tag_page}"
    );
    assert!(tag_page.contains("Comments (0)"));
    // The sidebar: the tag cloud and the monthly archive.
    assert!(tag_page.contains("Tag Cloud"));
    assert!(tag_page.contains("May 2013 (3)"), "{tag_page}");
    assert!(tag_page.contains("July 2010 (5)"), "{tag_page}");

    // The monthly page holds that month's posts only.
    let may = text_of(&read(out, "2013/05/index.html"));
    assert!(may.contains("Monthly Archive | May 2013"));
    assert!(may.contains(titles[0].as_str()));
    assert!(!may.contains("Following My Dreams"), "an April post");

    // The author page: her post and her bio.
    let author = text_of(&read(out, "author/gulbarchyn-jumabaeva/index.html"));
    assert!(author.contains("works with WLP Kyrgyzstan/Bir Duino Kyrgyzstan"));
    assert!(author.contains(titles[0].as_str()));
    assert!(!author.contains(titles[1].as_str()));
}

#[test]
fn a_post_page_shows_its_approved_comments_only() {
    let out = render(Path::new(WLP), &[]);
    let out = out.path();
    let commented = text_of(&read(
        out,
        "2010/07/15/peace-and-justice-in-kyrgyzstan-a-voice-from-uzbekistan/index.html",
    ));
    assert!(commented.contains("Comments (1)"), "{commented}");
    assert!(commented.contains("Dilnoza R."));
    assert!(
        commented.contains("People outside the region need to hear these voices."),
        "{commented}"
    );
    // The spam comment on "Day of Action" is not shown.
    let spammed = read(
        out,
        "2013/05/30/day-of-action-lets-stop-sexual-and-gender-based-violence-against-women-and-children/index.html",
    );
    assert!(!spammed.contains("Visit my shop"));
    assert!(!spammed.contains("Cheap Watches"));
    assert!(text_of(&spammed).contains("Comments (0)"));
}

#[test]
fn scripts_and_event_handlers_never_reach_the_output() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut data = example();
    let post = post_mut(&mut data, 12);
    post["content"] = json!(
        "<p onclick=\"steal()\">Kept paragraph</p><script>alert('content')</script><a href=\"javascript:alert(1)\">link</a>"
    );
    post["excerpt"] =
        json!("<img src=\"x.png\" onerror=\"alert(2)\">Lead text<script>alert('excerpt')</script>");
    post["title"] = json!("Title <script>alert('title')</script>");
    post_mut(&mut data, 11)["title"] = json!("Escaped &lt;script&gt;alert(4)&lt;/script&gt;");
    data["site"]["comments"][2]["content"] =
        json!("<p onmouseover=\"alert(3)\">Comment kept</p><script>alert('comment')</script>");
    data["site"]["authors"][1]["bio"] = json!("<p>Bio kept</p><script>alert('bio')</script>");
    data["site"]["terms"][15]["description"] =
        json!("<p onclick=\"x()\">About the tag</p><script>alert('term')</script>");
    let file = write_json(dir.path(), &data);
    let out = render(&file, &[]);

    let pages = all_files(out.path());
    assert!(pages.len() > 10);
    for (path, html) in &pages {
        // The search page's own two script elements: its index (JSON, `<` escaped) and the
        // theme's script; nothing else may hold one.
        let lower = html
            .replace("<script type=\"application/json\" id=\"search-index\">", "")
            .replace("<script src=\"../search.js\" defer>", "")
            .to_lowercase();
        for bad in [
            "<script",
            "onclick",
            "onerror",
            "onmouseover",
            "javascript:",
        ] {
            assert!(!lower.contains(bad), "{bad} in {}", path.display());
        }
    }
    let tag = read(out.path(), "tag/kyrgyzstan/index.html");
    // List pages show the defined excerpt in place of the content, as WordPress does; the
    // post's own page shows both.
    assert!(tag.contains("Lead text"));
    assert!(!tag.contains("Kept paragraph"));
    assert!(
        pages
            .iter()
            .any(|(_, html)| html.contains("Kept paragraph") && html.contains("Lead text")),
        "the post's page"
    );
    assert!(tag.contains("About the tag"));
    // Titles are HTML made plain text: the script element is gone, the words stay.
    assert!(tag.contains("rel=\"bookmark\">Title</a>"), "{tag}");
    // Text that decodes to markup is escaped by the templates.
    assert!(tag.contains("Escaped &lt;script&gt;alert(4)"), "{tag}");
    let author = read(out.path(), "author/gulbarchyn-jumabaeva/index.html");
    assert!(author.contains("Bio kept"));
    let commented = read(
        out.path(),
        "2010/07/15/peace-and-justice-in-kyrgyzstan-a-voice-from-uzbekistan/index.html",
    );
    assert!(commented.contains("Comment kept"));
}

#[test]
fn drafts_private_and_trashed_posts_never_render_and_protected_posts_show_no_content() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut data = example();
    let template = post_mut(&mut data, 11).clone();
    let posts = data["site"]["posts"].as_array_mut().expect("posts");
    for (id, status, title) in [
        (101, "draft", "Unpublished Draft About Osh"),
        (102, "private", "Private Notes About Osh"),
        (103, "trash", "Trashed Post About Osh"),
        (104, "pending", "Pending Post About Osh"),
    ] {
        let mut post = template.clone();
        post["id"] = json!(id);
        post["status"] = json!(status);
        post["title"] = json!(title);
        post["slug"] = json!(format!("hidden-{id}"));
        post["content"] = json!(format!("<p>Hidden body {id}</p>"));
        post["published"] = json!("2013-06-01T10:00:00-04:00");
        posts.push(post);
    }
    let mut protected = template.clone();
    protected["id"] = json!(105);
    protected["title"] = json!("Protected Post About Osh");
    protected["slug"] = json!("protected-post");
    protected["password"] = json!("hunter2");
    protected["content"] = json!("<p>Protected body text</p>");
    protected["excerpt"] = json!("Protected excerpt text");
    protected["published"] = json!("2013-06-02T10:00:00-04:00");
    posts.push(protected);
    let file = write_json(dir.path(), &data);
    let out = render(&file, &[]);

    for (path, html) in all_files(out.path()) {
        for hidden in [
            "Unpublished Draft",
            "Private Notes",
            "Trashed Post",
            "Pending Post",
        ] {
            assert!(!html.contains(hidden), "{hidden} in {}", path.display());
        }
        assert!(!html.contains("Hidden body"), "{}", path.display());
        assert!(!html.contains("Protected body text"), "{}", path.display());
        assert!(
            !html.contains("Protected excerpt text"),
            "{}",
            path.display()
        );
        assert!(!html.contains("hunter2"), "{}", path.display());
    }
    assert!(!out.path().join("2013/06/01").exists());
    let page = text_of(&read(out.path(), "2013/06/02/protected-post/index.html"));
    assert!(page.contains("Protected Post About Osh"));
    assert!(page.contains("This content is password protected."));
    let june = text_of(&read(out.path(), "2013/06/index.html"));
    assert!(june.contains("Protected Post About Osh"));
    assert!(june.contains("June 2013 (1)"), "{june}");
}

#[test]
fn a_template_in_the_templates_directory_replaces_the_built_in_one() {
    let templates = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(
        templates.path().join("tag.html"),
        "<h1>Custom tag page for {{ tag.name }}</h1>\
         {% for post in posts %}<p class=\"t\">{{ post.title }}</p>{% endfor %}\
         <p>{{ pagination.page }}/{{ pagination.total_pages }}</p>",
    )
    .expect("template written");
    std::fs::write(
        templates.path().join("sidebar.html"),
        "<p>My own sidebar with {{ cloud | length }} tags</p>",
    )
    .expect("template written");
    let templates_arg = templates.path().to_str().expect("UTF-8 path").to_owned();
    let out = render(Path::new(WLP), &["--templates", &templates_arg]);
    let tag = read(out.path(), "tag/kyrgyzstan/index.html");
    assert!(
        tag.starts_with("<h1>Custom tag page for kyrgyzstan</h1>"),
        "{tag}"
    );
    assert_eq!(tag.matches("<p class=\"t\">").count(), 10);
    assert!(tag.ends_with("<p>1/2</p>"), "{tag}");
    // Other pages keep the built-in templates, with the overridden sidebar included.
    let home = read(out.path(), "index.html");
    assert!(home.contains("<!DOCTYPE html>"));
    assert!(home.contains("My own sidebar with 35 tags"), "{home}");
    assert!(!home.contains("Tag Cloud"));
}

#[test]
fn a_broken_template_is_refused_before_anything_is_written() {
    let templates = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(templates.path().join("post.html"), "{% for x in %}").expect("written");
    let out = tempfile::tempdir().expect("a temporary directory");
    render_example_with_templates(&out.path().join("site"), templates.path())
        .code(3)
        .stderr(predicates::str::contains("post.html"));
    assert!(!out.path().join("site").exists());
}

#[test]
fn tag_limits_the_site_to_that_tags_posts() {
    let out = render(Path::new(WLP), &["--tag", "osh", "--per-page", "5"]);
    let out = out.path();
    assert!(out.join("tag/osh/index.html").is_file());
    assert!(!out.join("tag/kyrgyzstan").exists());
    let osh = titles_with_tag(&example(), "osh");
    assert_eq!(osh.len(), 2);
    let home = read(out, "index.html");
    assert_eq!(home.matches("<article class=\"post\"").count(), osh.len());
    for title in &osh {
        assert!(text_of(&home).contains(title.as_str()));
    }
    // Tags without a page of their own are shown, not linked.
    assert!(!home.contains("tag/kyrgyzstan/"));
    assert!(home.contains("tag/osh/index.html"));
    assert!(!out.join("author/gulbarchyn-jumabaeva").exists());
}

#[test]
fn per_page_paginates_every_archive() {
    let out = render(Path::new(WLP), &["--per-page", "5"]);
    let out = out.path();
    assert!(out.join("page/3/index.html").is_file());
    assert!(!out.join("page/4").exists());
    assert!(out.join("tag/kyrgyzstan/page/3/index.html").is_file());
    assert!(out.join("2010/07/index.html").is_file());
    assert!(
        !out.join("2010/07/page/2").exists(),
        "July 2010 has 5 posts"
    );
    let second = read(out, "page/2/index.html");
    assert!(second.contains("href=\"../../index.html\""), "newer link");
    assert!(
        second.contains("href=\"../../page/3/index.html\""),
        "older link"
    );
}

#[test]
fn hostile_and_percent_encoded_slugs_stay_inside_the_output_directory() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut data = example();
    let terms = data["site"]["terms"].as_array_mut().expect("terms");
    terms.push(json!({"id": 201, "taxonomy": "post_tag", "name": "dots", "slug": ".."}));
    terms.push(
        json!({"id": 202, "taxonomy": "post_tag", "name": "кыр", "slug": "%d0%ba%d1%8b%d1%80"}),
    );
    let post = post_mut(&mut data, 12);
    post["slug"] = json!("..");
    post["terms"]
        .as_array_mut()
        .expect("terms")
        .extend([json!(201), json!(202)]);
    let file = write_json(dir.path(), &data);
    let parent = tempfile::tempdir().expect("a temporary directory");
    let out = parent.path().join("site");
    command()
        .args(["render", file.to_str().expect("UTF-8 path"), "--out"])
        .arg(&out)
        .assert()
        .success();
    // Nothing beside the output directory.
    let beside: Vec<_> = std::fs::read_dir(parent.path())
        .expect("readable")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(beside, vec![std::ffi::OsString::from("site")]);
    assert!(out.join("tag/tag-201/index.html").is_file());
    assert!(out.join("tag/кыр/index.html").is_file());
    assert!(
        out.join("p/12/index.html").is_file(),
        "a post whose slug is '..'"
    );
    let page = read(&out, "p/12/index.html");
    assert!(
        page.contains("href=\"../../tag/%D0%BA%D1%8B%D1%80/index.html\""),
        "{page}"
    );
}

#[test]
fn an_unknown_tag_is_a_usage_error() {
    let out = tempfile::tempdir().expect("a temporary directory");
    command()
        .args(["render", WLP, "--tag", "no-such-tag", "--out"])
        .arg(out.path())
        .assert()
        .code(2)
        .stderr(predicates::str::contains("no-such-tag"));
}

#[test]
fn an_unwritable_output_directory_exits_3_naming_it() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "not a directory").expect("written");
    let out = file.join("site");
    command()
        .args(["render", WLP, "--out"])
        .arg(&out)
        .assert()
        .code(3)
        .stderr(predicates::str::contains(out.to_string_lossy().as_ref()));
}

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let out = tempfile::tempdir().expect("a temporary directory");
    command()
        .args(["render", WLP, "--out"])
        .arg(out.path())
        .assert()
        .success()
        .stderr("")
        .stdout(predicates::str::contains("rendered"));
}

#[test]
fn help_shows_an_example() {
    command()
        .args(["render", "--help"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "broadsheet render site.json --out public",
        ))
        .stdout(predicates::str::contains("--templates"));
}

#[test]
fn script_urls_of_the_site_authors_and_commenters_never_become_links() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let mut data = example();
    data["site"]["url"] = json!("javascript:alert('site')");
    data["site"]["authors"][1]["url"] = json!("vbscript:msgbox('author')");
    data["site"]["comments"][2]["author_url"] = json!("data:text/html,<script>alert(1)</script>");
    let file = write_json(dir.path(), &data);
    let out = render(&file, &[]);
    for (path, text) in all_files(out.path()) {
        let lower = text.to_ascii_lowercase();
        for scheme in ["javascript:", "vbscript:", "data:text"] {
            assert!(
                !lower.contains(scheme),
                "{}: {scheme} in the output",
                path.display()
            );
        }
    }
}

#[test]
fn a_template_failing_while_rendering_leaves_no_half_written_output() {
    let templates = tempfile::tempdir().expect("a temporary directory");
    // Compiles, but fails on the first post page, after every archive page has rendered.
    std::fs::write(
        templates.path().join("post.html"),
        "{{ post.title }}{{ nothing.at.all }}",
    )
    .expect("written");
    let parent = tempfile::tempdir().expect("a temporary directory");
    let out = parent.path().join("site");
    render_example_with_templates(&out, templates.path())
        .code(3)
        .stderr(predicates::str::contains("post.html"));
    let beside: Vec<_> = std::fs::read_dir(parent.path())
        .expect("readable")
        .collect();
    assert!(
        beside.is_empty(),
        "nothing written, no temporary left: {beside:?}"
    );

    // An existing site is left as it was.
    std::fs::create_dir_all(&out).expect("created");
    std::fs::write(out.join("index.html"), "the old home").expect("written");
    render_example_with_templates(&out, templates.path()).code(3);
    assert_eq!(read(&out, "index.html"), "the old home");
    assert_eq!(std::fs::read_dir(&out).expect("readable").count(), 1);
    assert_eq!(
        std::fs::read_dir(parent.path()).expect("readable").count(),
        1
    );
}

#[test]
fn dump_templates_writes_the_built_in_templates_that_templates_then_uses() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let templates = dir.path().join("theme");
    command()
        .args(["render", "--dump-templates"])
        .arg(&templates)
        .assert()
        .success()
        .stdout(predicates::str::contains("templates into"));
    for name in ["base.html", "post.html", "index.html", "post_summary.html"] {
        assert!(templates.join(name).is_file(), "{name}");
    }
    // Edited, they replace the built-in ones.
    let base = std::fs::read_to_string(templates.join("base.html")).expect("read");
    std::fs::write(
        templates.join("base.html"),
        base.replace("<body>", "<body><p>My edited theme</p>"),
    )
    .expect("written");
    let templates_arg = templates.to_str().expect("UTF-8 path").to_owned();
    let out = render(Path::new(WLP), &["--templates", &templates_arg]);
    assert!(read(out.path(), "index.html").contains("My edited theme"));
    // Without FILE and --out, render needs --dump-templates.
    command().arg("render").assert().code(2);
}
