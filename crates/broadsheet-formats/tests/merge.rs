//! Several files read as one site (`load_many`, issue 13): every entity of every part keeps its
//! identity. Ids that collide across parts are told apart from copies of one entity: a copy is
//! kept once, a different entity under a taken id is kept with a new id and reported with its
//! file, never dropped or merged into the other.

use broadsheet_core::{
    Comment, CommentId, Media, MediaId, Post, PostId, PostKind, PostStatus, Site,
};
use broadsheet_formats::{Format, ImportOptions, convert, load_many};
use support::{first_issue, issues_with, slug, time, url, wxr_doc};

mod support;

/// A WXR export of the site at `https://example.org` whose channel holds `items`.
fn wxr_site(items: &str) -> String {
    wxr_doc(&format!("<link>https://example.org</link>\n{items}"))
}

fn codes(report: &broadsheet_core::Report) -> Vec<&str> {
    report.issues.iter().map(|i| i.code.as_ref()).collect()
}

/// A site whose media have source ids that are also its posts' ids (a Ghost or native export
/// numbers media and posts apart): post 1 is "post-1", media item 1 is a photo of post 6.
fn site_with_overlapping_ids() -> Site {
    let mut site = Site::new("Overlap");
    site.settings.url = Some(url("https://example.org"));
    for n in 1..=6u64 {
        let mut post = Post::new(PostId(n), format!("Post {n}"), slug(&format!("post-{n}")));
        post.status = PostStatus::Published;
        post.published = Some(time(&format!("2024-01-0{n}T10:00:00Z")));
        post.content = "word ".repeat(400);
        post.source_id = Some(n.to_string());
        site.posts.push(post);
    }
    for n in 1..=3u64 {
        let mut media = Media::new(
            MediaId(n),
            url(&format!("https://example.org/photo-{n}.jpg")),
        );
        media.source_id = Some(n.to_string());
        media.title = format!("Photo {n}");
        // Attached to the last posts, which a split puts in a later part than posts 1 to 3.
        media.attached_to = Some(PostId(n + 3));
        site.media.push(media);
    }
    site
}

#[test]
fn a_split_wxr_numbers_media_apart_from_the_items_of_every_part() {
    let site = site_with_overlapping_ids();
    let whole = broadsheet_formats::to_bytes(&site, Format::Wxr).unwrap();
    let parts = convert::split(&site, Format::Wxr, whole.len() as u64 / 3).unwrap();
    assert!(parts.len() >= 2, "{} parts", parts.len());
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            let path = convert::part_name(&dir.path().join("site.xml"), i);
            std::fs::write(&path, bytes).unwrap();
            path
        })
        .collect();
    let joined = load_many(&paths, ImportOptions::default()).unwrap();
    let kinds = |kind: PostKind| joined.site.posts.iter().filter(|p| p.kind == kind).count();
    assert_eq!(kinds(PostKind::Post), 6, "{:#?}", joined.report);
    assert_eq!(kinds(PostKind::Attachment), 3, "{:#?}", joined.report);
    assert!(
        !codes(&joined.report)
            .iter()
            .any(|c| c.starts_with("import.merge")),
        "{}",
        joined.report
    );
    // Each photo is still attached to its post.
    for n in 1..=3u64 {
        let photo = joined
            .site
            .posts
            .iter()
            .find(|p| p.title == format!("Photo {n}"))
            .unwrap();
        let parent = joined.site.post(photo.parent.unwrap()).unwrap();
        assert_eq!(parent.title, format!("Post {}", n + 3));
    }
}

fn item(id: u64, kind: &str, title: &str, extra: &str) -> String {
    format!(
        "<item><title>{title}</title><wp:post_id>{id}</wp:post_id><wp:post_name>{}</wp:post_name>\
         <wp:post_type>{kind}</wp:post_type><wp:status>publish</wp:status>\
         <wp:post_date>2024-01-02 10:00:00</wp:post_date><wp:post_date_gmt>2024-01-02 10:00:00</wp:post_date_gmt>\
         {extra}</item>\n",
        title.to_lowercase().replace(' ', "-")
    )
}

fn comment(id: u64, text: &str) -> String {
    format!(
        "<wp:comment><wp:comment_id>{id}</wp:comment_id><wp:comment_author>Reader</wp:comment_author>\
         <wp:comment_date>2024-01-03 10:00:00</wp:comment_date><wp:comment_date_gmt>2024-01-03 10:00:00</wp:comment_date_gmt>\
         <wp:comment_content>{text}</wp:comment_content><wp:comment_approved>1</wp:comment_approved>\
         <wp:comment_parent>0</wp:comment_parent></wp:comment>"
    )
}

#[test]
fn a_different_entity_under_an_id_another_part_uses_is_kept_with_a_new_id_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("site.000.xml");
    let second = dir.path().join("site.001.xml");
    // Part 0: post 5 with comment 1, and post 7. Part 1: post 7 again (a copy), and an
    // attachment that also says 5, with its own comment 1 (a different entity each).
    let post = item(5, "post", "Hello", &comment(1, "Nice post"));
    let other = item(7, "post", "Other", "");
    std::fs::write(&first, wxr_site(&format!("{post}{other}"))).unwrap();
    let photo = item(
        5,
        "attachment",
        "Photo",
        &format!(
            "<wp:attachment_url>https://example.org/photo.jpg</wp:attachment_url>{}",
            comment(1, "Nice photo")
        ),
    );
    std::fs::write(&second, wxr_site(&format!("{other}{photo}"))).unwrap();

    let joined = load_many(&[&first, &second], ImportOptions::default()).unwrap();
    let site = &joined.site;
    assert_eq!(site.posts.len(), 3, "{:#?}", site.posts);
    let hello = site.posts.iter().find(|p| p.title == "Hello").unwrap();
    let photo = site.posts.iter().find(|p| p.title == "Photo").unwrap();
    assert_eq!(hello.id, PostId(5));
    assert_ne!(photo.id, hello.id);
    assert_eq!(photo.kind, PostKind::Attachment);
    // The original id stays the source id, so that export can say where it came from.
    assert_eq!(photo.source_id.as_deref(), Some("5"));
    // Each comment stays on its own item, under its own id.
    let on = |post: PostId| -> Vec<&Comment> {
        site.comments.iter().filter(|c| c.post == post).collect()
    };
    assert_eq!(on(hello.id).len(), 1);
    assert_eq!(on(hello.id)[0].content, "Nice post");
    assert_eq!(on(photo.id).len(), 1);
    assert_eq!(on(photo.id)[0].content, "Nice photo");
    assert_ne!(on(photo.id)[0].id, CommentId(1));

    // The copy of post 5 is no conflict; the two collisions are reported, with their file.
    let collisions = issues_with(&joined, "import.merge.id.collision");
    assert_eq!(collisions.len(), 2, "{}", joined.report);
    for issue in &collisions {
        let file = issue.location.as_ref().and_then(|l| l.file.as_deref());
        assert_eq!(
            file,
            Some(second.display().to_string().as_str()),
            "{issue:?}"
        );
    }
    assert!(
        collisions[0].message.contains("item 5"),
        "{}",
        collisions[0].message
    );
    assert!(
        !codes(&joined.report).contains(&"import.merge.conflict"),
        "{}",
        joined.report
    );

    // Written back as one WXR, both items keep their source id 5, as a file with a duplicate
    // id round-trips; reading that file keeps both again (the second under a new id, with a
    // warning), each with its comment.
    let xml = broadsheet_formats::to_bytes(site, Format::Wxr).unwrap();
    let again = broadsheet_formats::load_bytes(&xml, ImportOptions::default()).unwrap();
    assert_eq!(again.site.posts.len(), 3);
    for title in ["Hello", "Photo"] {
        let post = again.site.posts.iter().find(|p| p.title == title).unwrap();
        assert_eq!(
            again
                .site
                .comments
                .iter()
                .filter(|c| c.post == post.id)
                .count(),
            1,
            "{title}"
        );
    }
}

#[test]
fn copies_of_one_entity_that_differ_are_one_conflict_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("a.xml");
    let second = dir.path().join("b.xml");
    std::fs::write(&first, wxr_site(&item(5, "post", "Hello", ""))).unwrap();
    let edited = item(
        5,
        "post",
        "Hello",
        "<content:encoded>Edited</content:encoded>",
    );
    std::fs::write(&second, wxr_site(&edited)).unwrap();
    let joined = load_many(&[&first, &second], ImportOptions::default()).unwrap();
    assert_eq!(joined.site.posts.len(), 1);
    assert_eq!(joined.site.posts[0].content, "");
    let conflict = first_issue(&joined, "import.merge.conflict");
    assert_eq!(
        conflict.location.as_ref().and_then(|l| l.file.as_deref()),
        Some(second.display().to_string().as_str())
    );
}

/// Ghost's migrator's split fixture (`tryghost-migrate/multiple/`): three files of one site whose
/// authors have ids WXR cannot hold, so each file numbers its own authors from 1. Harry Potter
/// is author 1 of `pages-only.xml` and Hermione Granger author 1 of `posts-only.xml`: the page
/// stays Harry's.
#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn the_parts_of_ghosts_split_fixture_keep_each_author() {
    let Some(dir) = support::wxr_data_dir() else {
        return;
    };
    let parts: Vec<_> = ["attachments-only.xml", "pages-only.xml", "posts-only.xml"]
        .iter()
        .map(|name| dir.join("wxr/tryghost-migrate/multiple").join(name))
        .collect();
    let joined = load_many(&parts, ImportOptions::default()).unwrap();
    let site = &joined.site;
    assert_eq!(site.posts.len(), 6, "{:#?}", site.posts);
    let author_of = |title: &str| {
        let post = site.posts.iter().find(|p| p.title == title).unwrap();
        let author = site.author(post.authors[0]).unwrap();
        author.slug.as_str().to_owned()
    };
    assert_eq!(author_of("Services"), "harry@example.com");
    assert_eq!(author_of("Draft Post"), "harry@example.com");
    assert_eq!(author_of("Basic Post"), "hermione@example.com");
    assert_eq!(site.authors.len(), 2, "{:#?}", site.authors);
    let collision = first_issue(&joined, "import.merge.id.collision");
    assert!(
        collision
            .location
            .as_ref()
            .and_then(|l| l.file.as_deref())
            .is_some_and(|f| f.ends_with("pages-only.xml")),
        "{collision:?}"
    );
}
