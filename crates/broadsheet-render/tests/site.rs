//! The whole site through the library: archives of every kind, pages, sticky posts, closed
//! comments, featured images, feeds linked from every archive, content as WordPress shows it.

use broadsheet::{
    Author, AuthorId, Media, MediaId, Post, PostId, PostKind, Site, Slug, Snapshot, Taxonomy, Term,
    TermId, Timestamp, Url,
};
use broadsheet_render::{RenderOptions, Renderer};

fn slug(text: &str) -> Slug {
    Slug::parse(text).expect("a valid slug")
}

fn when(day: u32) -> Timestamp {
    Timestamp::parse_rfc3339(&format!("2021-06-{day:02}T08:00:00+00:00")).expect("a date")
}

fn site() -> Site {
    let mut site = Site::new("Field notes");
    site.authors
        .push(Author::new(AuthorId(1), slug("ann"), "Ann"));
    site.terms.push(Term::new(
        TermId(1),
        Taxonomy::Category,
        "World",
        slug("world"),
    ));
    let mut asia = Term::new(TermId(2), Taxonomy::Category, "Asia", slug("asia"));
    asia.parent = Some(TermId(1));
    site.terms.push(asia);
    site.media.push(Media::new(
        MediaId(9),
        Url::parse("https://example.org/cover.jpg").expect("a URL"),
    ));
    let mut posts = Vec::new();
    for id in 1..=4u64 {
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}"),
            slug(&format!("post-{id}")),
        );
        post.authors = vec![AuthorId(1)];
        post.published = Some(when(id as u32));
        post.content = format!("First line of {id}\nsecond line\n\nNext paragraph.");
        posts.push(post);
    }
    // The oldest post is sticky; the second has a caption, a more tag and inline title markup;
    // the third an explicit excerpt, closed comments and a featured image; the fourth is in
    // the child category.
    posts[0].sticky = true;
    posts[1].title = "H<sub>2</sub>O <em>today</em><script>x()</script>".into();
    posts[1].content = "[caption id=\"attachment_9\" align=\"aligncenter\" width=\"300\"]<img src=\"https://example.org/cover.jpg\" alt=\"\" /> The cover[/caption]\n\nTeaser words.\n<!--more-->\nHidden rest.".into();
    posts[1].terms = vec![TermId(1)];
    posts[2].excerpt = Some("A defined excerpt.".into());
    posts[2].comments_open = false;
    posts[2].featured_media = Some(MediaId(9));
    posts[3].terms = vec![TermId(2)];
    let mut about = Post::new(PostId(10), "About", slug("about"));
    about.kind = PostKind::Page;
    about.content = "About us.".into();
    about.published = Some(when(1));
    let mut team = Post::new(PostId(11), "Team", slug("team"));
    team.kind = PostKind::Page;
    team.parent = Some(PostId(10));
    team.content = "The team.".into();
    team.published = Some(when(1));
    posts.push(about);
    posts.push(team);
    site.posts = posts;
    site
}

#[test]
fn every_kind_of_page_is_rendered_and_linked() {
    let snapshot = Snapshot::from_site(site());
    let renderer = Renderer::new(&snapshot, &RenderOptions::default()).expect("planned");
    let page = |path: &str| {
        renderer
            .render_page(path)
            .expect("renders")
            .unwrap_or_else(|| panic!("{path} is not a page of the site: {:?}", renderer.pages()))
    };
    let home = page("index.html");
    // Sticky first, then newest first.
    let order: Vec<usize> = ["Post 1", "Post 4", "Post 3"]
        .iter()
        .map(|t| home.find(t).unwrap_or_else(|| panic!("{t} missing")))
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{order:?}");
    assert!(home.contains("class=\"post sticky\""));
    // The defined excerpt in place of the content, the teaser before <!--more-->.
    assert!(home.contains("A defined excerpt."));
    assert!(home.contains("Teaser words."));
    assert!(!home.contains("Hidden rest."));
    assert_eq!(home.matches("Continue reading").count(), 2, "{home}");
    // Classic content gets paragraphs and line breaks; captions become figures.
    assert!(
        home.contains("<p>First line of 4<br>\nsecond line</p>"),
        "{home}"
    );
    assert!(
        home.contains("<figure class=\"wp-caption aligncenter\">"),
        "{home}"
    );
    assert!(home.contains("<figcaption class=\"wp-caption-text\">The cover</figcaption>"));
    // Titles keep safe inline markup only.
    assert!(home.contains("H<sub>2</sub>O <em>today</em></a>"), "{home}");
    assert!(!home.contains("<script"));
    // No empty "Tags:" line; the feed linked; the pages menu.
    assert!(!home.contains("Tags:"));
    assert!(home.contains("<link rel=\"alternate\" type=\"application/rss+xml\""));
    assert!(home.contains("href=\"feed.xml\""));
    assert!(home.contains("href=\"about/index.html\""));

    // Nested categories: the parent lists its child's post too.
    let world = page("category/world/index.html");
    assert!(
        world.contains("id=\"post-2\"") && world.contains("id=\"post-4\""),
        "{world}"
    );
    assert!(
        world.contains("href=\"../../category/world/feed.xml\""),
        "{world}"
    );
    let asia = page("category/world/asia/index.html");
    assert!(asia.contains("id=\"post-4\"") && !asia.contains("id=\"post-2\""));

    // Author, year and month archives, each with its feed.
    for archive in [
        "author/ann/index.html",
        "2021/index.html",
        "2021/06/index.html",
    ] {
        let html = page(archive);
        assert!(html.contains("Post 4"), "{archive}");
        assert!(html.contains("<link rel=\"alternate\""), "{archive}");
        let feed = archive.replace("index.html", "feed.xml");
        let rss = page(&feed);
        assert!(rss.starts_with("<?xml") && rss.contains("<rss"), "{feed}");
    }

    // Closed comments are said as such; the featured image is shown.
    let third = page("2021/06/03/post-3/index.html");
    assert!(third.contains("Comments are closed."));
    assert!(
        third.contains("<img src=\"https:&#x2f;&#x2f;example.org&#x2f;cover.jpg\""),
        "{third}"
    );
    let first = page("2021/06/01/post-1/index.html");
    assert!(!first.contains("Comments are closed."));
    // A post's page shows the whole content, without the more tag.
    let second = page("2021/06/02/post-2/index.html");
    assert!(
        second.contains("Teaser words.")
            && second.contains("Hidden rest.")
            && !second.contains("more--")
    );

    // Pages nest under their parents, with breadcrumbs and children.
    let about = page("about/index.html");
    assert!(
        about.contains("href=\"../about/team/index.html\""),
        "{about}"
    );
    let team = page("about/team/index.html");
    assert!(
        team.contains("class=\"breadcrumbs\"><a href=\"../../about/index.html\">About</a>"),
        "{team}"
    );
    // The sidebar lists categories parents first.
    let world_at = team.find(">World</a></li>").expect("World listed");
    let asia_at = team.find(">Asia</a></li>").expect("Asia listed");
    assert!(world_at < asia_at);
    assert!(page("style.css").contains(".alignleft"));
}

/// A WXR item whose `<link>` is on another host (first published elsewhere, or a site that
/// moved) keeps that link as its own ([`broadsheet::permalink::OWN_LINK_KEY`]). WordPress
/// serves every post of a site from the site itself: the page is rendered here, where the
/// structure puts its slug, every listing links to it locally, and the original link is the
/// page's canonical address.
#[test]
fn a_post_whose_own_link_is_on_another_host_is_rendered_here_with_that_link_as_canonical() {
    use broadsheet::permalink::{OWN_LINK_KEY, PermalinkStructure};
    let mut site = site();
    site.settings.url = Some(Url::parse("https://example.org").expect("a URL"));
    site.set_permalink_structure(&PermalinkStructure::parse("/%postname%/").expect("a structure"));
    let elsewhere = "https://old.example.com/2019/05/post-3/";
    site.posts[2].meta.push(OWN_LINK_KEY, elsewhere);
    // A link no browser should follow is no canonical address.
    site.posts[3].meta.push(OWN_LINK_KEY, "javascript:alert(1)");
    let snapshot = Snapshot::from_site(site);
    let renderer = Renderer::new(&snapshot, &RenderOptions::default()).expect("a renderer");
    let pages: Vec<String> = renderer.pages().iter().map(ToString::to_string).collect();
    for local in [
        "post-1/index.html",
        "post-3/index.html",
        "post-4/index.html",
    ] {
        assert!(pages.contains(&local.to_owned()), "{local} in {pages:?}");
    }
    assert!(
        pages
            .iter()
            .all(|p| !p.contains("http") && !p.contains("javascript")),
        "{pages:?}"
    );

    let moved = renderer
        .render_post(PostId(3))
        .expect("renders")
        .expect("the public sees it");
    assert!(
        moved.contains(&format!(r#"<link rel="canonical" href="{elsewhere}">"#)),
        "{moved}"
    );
    let home = renderer
        .render_page("index.html")
        .expect("renders")
        .expect("a home page");
    assert!(home.contains(r#"href="post-3/index.html""#), "{home}");
    assert!(!home.contains("old.example.com"), "{home}");

    let here = renderer
        .render_post(PostId(1))
        .expect("renders")
        .expect("public");
    assert!(
        here.contains(r#"<link rel="canonical" href="https://example.org/post-1/">"#),
        "{here}"
    );
    let hostile = renderer
        .render_post(PostId(4))
        .expect("renders")
        .expect("public");
    assert!(!hostile.contains("rel=\"canonical\""), "{hostile}");
    assert!(!hostile.contains("javascript"), "{hostile}");
}

/// A render killed before it cleaned up leaves its staging directory beside the output; the
/// next render into the same place removes it (its process is gone) and leaves the staging
/// directory of a render still running, and anything else, alone.
#[cfg(target_os = "linux")]
#[test]
fn a_render_removes_what_a_killed_render_left_beside_the_output() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    // No process has this id: it is above Linux's largest (2^22).
    let abandoned = dir.path().join(".site.render-4194305-0");
    let running = dir
        .path()
        .join(format!(".site.render-{}-999", std::process::id()));
    let unrelated = dir.path().join(".site.render-notes");
    for kept in [&abandoned, &running, &unrelated] {
        std::fs::create_dir_all(kept.join("tag")).expect("created");
        std::fs::write(kept.join("tag/index.html"), "partial").expect("written");
    }
    let snapshot = Snapshot::from_site(site());
    let renderer = Renderer::new(&snapshot, &RenderOptions::default()).expect("renders");
    renderer
        .write_to(&dir.path().join("site"), &mut |_, _| {})
        .expect("renders");
    assert!(!abandoned.exists(), "the killed render's directory is left");
    assert!(running.join("tag/index.html").is_file());
    assert!(unrelated.join("tag/index.html").is_file());
    assert!(dir.path().join("site/index.html").is_file());
}
