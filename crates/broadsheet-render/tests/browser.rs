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

#[path = "support/chromium.rs"]
mod support_chromium;
use support_chromium::chromium_for_test;

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a valid slug")
}

/// A site whose content tries every way to push the layout wider than a phone.
fn hostile_layout_site() -> Site {
    let mut site = Site::new("Broadsheet theme check");
    site.settings.description = "A site whose posts try to break out of their column".into();
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

/// Opens `page` in a frame `width` pixels wide (headless Chromium's windows are at least 500
/// pixels wide, so a phone's width needs a frame): the screenshot, and how much wider than the
/// frame the document is (a script in the page measures it and writes it into the frame's
/// parent, whose DOM Chromium prints). The example's image URLs point at a local SVG so that
/// images have their real widths.
fn overflow(browser: &Path, page: &Path, width: u32, shot: &Path, image: &Path) -> i64 {
    let html = std::fs::read_to_string(page).expect("a rendered page");
    let probe = html
        .replace("https://example.invalid/wide.png", &format!("file://{}", image.display()))
        .replace(
            "https:&#x2f;&#x2f;example.invalid&#x2f;wide.png",
            &format!("file://{}", image.display()),
        )
        .replace(
            "</body>",
            "<script>parent.document.body.setAttribute('data-overflow', String(document.documentElement.scrollWidth - window.innerWidth) + ' ' + window.innerWidth);</script></body>",
        );
    let probe_path = page.with_file_name("probe.html");
    std::fs::write(&probe_path, probe).expect("written");
    let frame_path = page.with_file_name(format!("frame-{width}.html"));
    std::fs::write(
        &frame_path,
        format!("<!DOCTYPE html><html><body style=\"margin:0\"><iframe src=\"probe.html\" width=\"{width}\" height=\"1600\" style=\"border:0;display:block\"></iframe></body></html>"),
    )
    .expect("written");
    let url = format!("file://{}", frame_path.display());
    let window = format!("--window-size={},1600", width.max(500));
    let common = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--allow-file-access-from-files",
        "--virtual-time-budget=5000",
    ];
    let dom = Command::new(browser)
        .args(common)
        .arg(&window)
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .expect("chromium runs");
    let dom = String::from_utf8_lossy(&dom.stdout);
    let measured = dom
        .split("data-overflow=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no measurement from {}: {dom:.300}", page.display()))
        .to_owned();
    let mut numbers = measured.split(' ').filter_map(|n| n.parse::<i64>().ok());
    let (overflow, inner) = (
        numbers.next().unwrap_or(i64::MAX),
        numbers.next().unwrap_or(0),
    );
    assert_eq!(
        inner,
        i64::from(width),
        "the frame is {inner}px wide, not {width}px"
    );
    let status = Command::new(browser)
        .args(common)
        .arg(&window)
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .expect("chromium runs");
    assert!(
        shot.is_file(),
        "no screenshot: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    eprintln!(
        "{} at {width}px: {overflow}px wider than the viewport",
        page.display()
    );
    overflow
}

#[test]
fn the_default_theme_holds_from_a_phone_to_a_wide_screen() {
    let Some(browser) = chromium_for_test() else {
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
    let image = root.join("wide.svg");
    std::fs::write(
        &image,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3000\" height=\"300\"><rect width=\"3000\" height=\"300\" fill=\"#8fb3d9\"/><circle cx=\"150\" cy=\"150\" r=\"120\" fill=\"#f4a261\"/></svg>",
    )
    .expect("written");
    // The check can fail: a page with a 2000-pixel block overflows a phone's frame.
    let wide = out.join("wide-check.html");
    std::fs::write(
        &wide,
        "<html><body><div style=\"width:2000px\">x</div></body></html>",
    )
    .expect("written");
    assert!(overflow(&browser, &wide, 375, &root.join("wide-check.png"), &image) > 1000);

    let mut overflowing = Vec::new();
    for (name, page) in pages {
        for width in [375, 1280] {
            let shot = root.join(format!("{name}-{width}.png"));
            if overflow(&browser, &out.join(page), width, &shot, &image) > 0 {
                overflowing.push(format!("{page} at {width}px"));
            }
        }
    }
    assert!(
        overflowing.is_empty(),
        "wider than the viewport: {overflowing:?}"
    );
}
