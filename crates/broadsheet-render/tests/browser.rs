//! The default theme in a real browser: pages with long words, wide images, a wide table, long
//! `pre` lines, captions and a gallery, opened in headless Chromium at 375 and 1280 pixels wide.
//! Nothing may be wider than the viewport (the page never scrolls sideways). Screenshots are
//! written to `target/render-screenshots/` to look at.
//!
//! Chromium is found as `$CHROMIUM`, `chromium`, `chromium-browser` or `google-chrome`. Without
//! one the test prints why and passes, except under `CI=true`, where it fails unless
//! `BROADSHEET_SKIP_BROWSER=1` says the browser was left out on purpose (see docs/cli.md).

use broadsheet::{
    Author, AuthorId, Media, MediaId, Post, PostId, Site, Slug, Snapshot, Taxonomy, Term, TermId,
    Timestamp, Url,
};
use broadsheet_render::{RenderOptions, Renderer};
use std::path::{Path, PathBuf};
use std::process::Command;

fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let found = Command::new("which").arg(name).output().ok()?;
            found
                .status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&found.stdout).trim()))
        })
}

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a valid slug")
}

/// A site whose content tries every way to push the layout wider than a phone.
fn hostile_layout_site() -> Site {
    let mut site = Site::new("Broadsheet theme check");
    site.description = "A site whose posts try to break out of their column".into();
    site.authors
        .push(Author::new(AuthorId(1), slug("ann"), "Ann Writer"));
    site.terms.push(Term::new(
        TermId(1),
        Taxonomy::Tag,
        "layout",
        slug("layout"),
    ));
    site.terms.push(Term::new(
        TermId(2),
        Taxonomy::Category,
        "News",
        slug("news"),
    ));
    let image = "https://example.invalid/wide.png";
    let mut media = Media::new(MediaId(50), Url::parse(image).expect("a URL"));
    media.alt_text = "A wide picture".into();
    site.media.push(media);
    let wide = format!(
        "Intro paragraph with a long word: {long}.\n\n\
         [caption id=\"attachment_50\" align=\"alignright\" width=\"2400\"]<img src=\"{image}\" width=\"2400\" height=\"300\" alt=\"wide\" /> A caption under a wide image[/caption]\n\n\
         <table><tr>{cells}</tr></table>\n\n\
         <pre>{code}</pre>\n\n\
         <img class=\"aligncenter size-full wp-image-50\" src=\"{image}\" width=\"3000\" height=\"200\" alt=\"\" />\n\n\
         [gallery ids=\"50,50,50\"]\n\n\
         A last paragraph.",
        long = "x".repeat(120),
        cells = (0..30)
            .map(|i| format!("<td>cell-number-{i}</td>"))
            .collect::<String>(),
        code = "let a_very_long_line_of_code = ".to_owned() + &"1 + ".repeat(80) + "1;",
    );
    let when = |day: u32| {
        Timestamp::parse_rfc3339(&format!("2024-03-{day:02}T09:00:00+00:00")).expect("a date")
    };
    for id in 1..=3u64 {
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}: <em>layout</em> check"),
            slug(&format!("post-{id}")),
        );
        post.content = wide.clone();
        post.authors = vec![AuthorId(1)];
        post.terms = if id == 1 {
            vec![TermId(2)]
        } else {
            vec![TermId(1), TermId(2)]
        };
        post.published = Some(when(id as u32));
        post.sticky = id == 1;
        post.featured_media = (id == 2).then_some(MediaId(50));
        post.comments_open = id != 3;
        site.posts.push(post);
    }
    site
}

/// Opens `page` at `width` pixels: the screenshot, and whether the document is wider than
/// the viewport (read back from the DOM after a script measured it).
fn check(browser: &Path, page: &Path, width: u32, shot: &Path) -> bool {
    let html = std::fs::read_to_string(page).expect("a rendered page");
    let probe = html.replace(
        "</body>",
        "<script>document.body.setAttribute('data-overflow', String(document.documentElement.scrollWidth - window.innerWidth));</script></body>",
    );
    let probe_path = page.with_file_name("probe.html");
    std::fs::write(&probe_path, probe).expect("written");
    let url = format!("file://{}", probe_path.display());
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
    ];
    let dom = Command::new(browser)
        .args(common)
        .arg(format!("--window-size={width},1200"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&dom.stdout);
    let overflow: i64 = dom
        .split("data-overflow=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no measurement from {}: {dom:.300}", page.display()));
    let status = Command::new(browser)
        .args(common)
        .arg(format!("--window-size={width},1600"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let _ = std::fs::remove_file(probe_path);
    eprintln!(
        "{} at {width}px: {overflow}px wider than the viewport",
        page.display()
    );
    overflow > 0
}

#[test]
fn the_default_theme_holds_from_a_phone_to_a_wide_screen() {
    let Some(browser) = chromium() else {
        let reason = "no Chromium found (set CHROMIUM, or apt-get install -y chromium)";
        if std::env::var("CI").as_deref() == Ok("true")
            && std::env::var("BROADSHEET_SKIP_BROWSER").as_deref() != Ok("1")
        {
            panic!("{reason}");
        }
        eprintln!("skipping: {reason}");
        return;
    };
    let root = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../target/render-screenshots"
    ));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).expect("created");
    let snapshot = Snapshot::from_site(hostile_layout_site());
    let renderer = Renderer::new(&snapshot, &RenderOptions::default()).expect("renders");
    let out = root.join("site");
    renderer.write_to(&out, &mut |_, _| {}).expect("written");
    let pages = [
        ("home", "index.html"),
        ("post", "2024/03/02/post-2/index.html"),
        ("category", "category/news/index.html"),
    ];
    let mut overflowing = Vec::new();
    for (name, page) in pages {
        for width in [375, 1280] {
            let shot = root.join(format!("{name}-{width}.png"));
            if check(&browser, &out.join(page), width, &shot) {
                overflowing.push(format!("{page} at {width}px"));
            }
        }
    }
    assert!(
        overflowing.is_empty(),
        "wider than the viewport: {overflowing:?}"
    );
}
