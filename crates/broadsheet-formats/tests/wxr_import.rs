//! Import behaviour on small inline documents: options, recovery, dates, identifiers, reports.

use broadsheet_core::{BuildMode, PostKind, PostStatus, Severity, Timestamp};
use broadsheet_formats::{ImportError, ImportOptions, Imported, wxr};
use std::sync::{Arc, Mutex};
use support::{
    assert_reported, assert_syntax_error_in_file, codes, first_issue, issues_with, options,
    post_statuses, reported, syntax_error, wxr_doc,
};

mod support;

fn lenient(xml: &str) -> Imported {
    wxr::import_str(xml, ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn strict(xml: &str) -> Result<Imported, ImportError> {
    wxr::import_str(xml, options(BuildMode::Strict))
}

fn item(id: &str, kind: &str, status: &str, extra: &str) -> String {
    format!(
        "<item><title>Item {id}</title><wp:post_id>{id}</wp:post_id><wp:post_type>{kind}</wp:post_type><wp:status>{status}</wp:status>{extra}</item>\n"
    )
}

#[test]
fn statuses_kinds_and_counts() {
    let body = [
        item("1", "post", "publish", ""),
        item("2", "post", "future", ""),
        item("3", "post", "auto-draft", ""),
        item(
            "4",
            "attachment",
            "inherit",
            "<wp:attachment_url>https://e.org/a.jpg</wp:attachment_url>",
        ),
        item("5", "nav_menu_item", "publish", ""),
        item("6", "page", "trash", ""),
        item("7", "post", "pending", ""),
    ]
    .concat();
    let imported = lenient(&wxr_doc(&body));
    assert_eq!(
        post_statuses(&imported.site),
        [
            PostStatus::Published,
            PostStatus::Scheduled,
            PostStatus::Other("auto-draft".into()),
            PostStatus::Other("inherit".into()),
            PostStatus::Published,
            PostStatus::Trash,
            PostStatus::Pending,
        ]
    );
    assert_eq!(
        imported.site.posts[4].kind,
        PostKind::Other("nav_menu_item".into())
    );
    let counts = imported.counts();
    assert_eq!(counts.posts_of_kind("post"), 4);
    assert_eq!(counts.posts_with("nav_menu_item", "published"), 1);
    assert_eq!(counts.posts_with("attachment", "inherit"), 1);
}

#[test]
fn kinds_option_filters_and_reports() {
    let body = [
        item(
            "1",
            "post",
            "publish",
            "<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>",
        ),
        item("2", "page", "publish", ""),
        item(
            "3",
            "attachment",
            "inherit",
            "<wp:comment><wp:comment_id>2</wp:comment_id></wp:comment>",
        ),
        item("4", "attachment", "inherit", ""),
    ]
    .concat();
    let imported = wxr::import_str(
        &wxr_doc(&body),
        ImportOptions::default().with_kinds(Some(vec![PostKind::Post, PostKind::Page])),
    )
    .unwrap();
    assert_eq!(imported.site.posts.len(), 2);
    assert_eq!(imported.site.comments.len(), 1);
    let filtered = issues_with(&imported, "wxr.item.filtered");
    assert_eq!(filtered.len(), 1);
    assert!(
        filtered[0]
            .message
            .starts_with("2 item(s) of kind \"attachment\"")
    );
}

#[test]
fn size_limit() {
    let xml = wxr_doc(&item("1", "post", "publish", ""));
    let limit = 100;
    match wxr::import_str(&xml, ImportOptions::default().with_max_bytes(Some(limit))) {
        Err(ImportError::TooLarge {
            file: None,
            size,
            limit: l,
        }) => {
            assert_eq!(size, xml.len() as u64);
            assert_eq!(l, limit);
        }
        other => panic!("expected TooLarge, got {other:?}"),
    }
    // A streaming reader stops once it has read past the limit.
    match wxr::import_reader(
        xml.as_bytes(),
        ImportOptions::default().with_max_bytes(Some(limit)),
    ) {
        Err(ImportError::TooLarge { size, .. }) => assert!(size > limit),
        other => panic!("expected TooLarge, got {other:?}"),
    }
    assert!(
        wxr::import_str(
            &xml,
            ImportOptions::default().with_max_bytes(Some(xml.len() as u64))
        )
        .is_ok()
    );
}

#[test]
fn progress_reports_bytes_read_of_total() {
    let body: String = (1..=4000)
        .map(|i| {
            item(
                &i.to_string(),
                "post",
                "publish",
                "<content:encoded><![CDATA[some content here]]></content:encoded>",
            )
        })
        .collect();
    let xml = wxr_doc(&body);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let imported = wxr::import_str(
        &xml,
        ImportOptions::default().with_progress(Some(Box::new(move |read, total| {
            sink.lock().unwrap().push((read, total));
            std::ops::ControlFlow::Continue(())
        }))),
    )
    .unwrap();
    assert_eq!(imported.site.posts.len(), 4000);
    let seen = seen.lock().unwrap();
    assert!(seen.len() >= 2, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0));
    assert!(
        seen.iter()
            .all(|(_, total)| *total == Some(xml.len() as u64))
    );
    assert_eq!(seen.last().unwrap().0, xml.len() as u64);
}

#[test]
fn streaming_reader_matches_in_memory_import() {
    let body: String = (1..=50)
        .map(|i| {
            item(
                &i.to_string(),
                "post",
                "publish",
                "<content:encoded><![CDATA[x\ny]]></content:encoded>",
            )
        })
        .collect();
    let xml = wxr_doc(&body);
    // A reader that hands out 7 bytes at a time.
    let reader = std::io::BufReader::with_capacity(7, xml.as_bytes());
    let streamed = wxr::import_reader(reader, ImportOptions::default()).unwrap();
    assert_eq!(streamed.site, lenient(&xml).site);
}

#[test]
fn bare_ampersand_and_undefined_entities() {
    let xml =
        wxr_doc("<item><title>Fish & chips &nbsp;</title><wp:post_id>1</wp:post_id></item>\n");
    let (location, message) = syntax_error(strict(&xml));
    assert_eq!(location.line, Some(8));
    assert_eq!(location.column, Some(19));
    assert!(message.contains("malformed XML"), "{message}");
    let imported = lenient(&xml);
    assert_eq!(imported.site.posts[0].title, "Fish & chips &nbsp;");
    let recovered = issues_with(&imported, "wxr.xml.recovered");
    assert_eq!(recovered.len(), 2);
    assert!(
        recovered
            .iter()
            .all(|i| i.location.as_ref().unwrap().line == Some(8))
    );

    // Only an undefined entity.
    let xml = wxr_doc(
        "<item><title>a&nbsp;b &#169; &amp; &lt;i&gt;</title><wp:post_id>1</wp:post_id></item>\n",
    );
    let (_, message) = syntax_error(strict(&xml));
    assert!(message.contains("&nbsp;"), "{message}");
    assert_eq!(lenient(&xml).site.posts[0].title, "a&nbsp;b © & <i>");
}

#[test]
fn no_dtd_and_no_external_entities() {
    let xml = format!(
        r#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol">]>
{}"#,
        wxr_doc("<item><title>&xxe;&lol;</title><wp:post_id>1</wp:post_id></item>")
            .trim_start_matches(r#"<?xml version="1.0" encoding="UTF-8" ?>"#)
    );
    assert!(matches!(strict(&xml), Err(ImportError::Syntax { .. })));
    let imported = lenient(&xml);
    assert_eq!(imported.site.posts[0].title, "&xxe;&lol;");
    assert!(reported(&imported, "wxr.xml.doctype.ignored"));
}

#[test]
fn https_namespaces_any_prefix_and_wrapped_authors() {
    let xml = r#"<rss xmlns:x="https://wordpress.org/export/1.2/" xmlns:d="http://purl.org/dc/elements/1.1/"
 xmlns:c="http://purl.org/rss/1.0/modules/content/"><channel>
<x:wxr_version>1.2</x:wxr_version>
<x:wp_author><x:author_id> 4 </x:author_id><x:author_login>
 ann </x:author_login><x:author_display_name>Ann</x:author_display_name></x:wp_author>
<item><title>Hi</title><d:creator>ann</d:creator><x:post_id>9</x:post_id>
<c:encoded>Body</c:encoded></item>
</channel></rss>"#;
    let site = strict(xml).unwrap().site;
    assert_eq!(site.authors.len(), 1);
    assert_eq!(site.authors[0].id.0, 4);
    assert_eq!(site.authors[0].login.as_deref(), Some("ann"));
    assert_eq!(site.posts[0].authors, [site.authors[0].id]);
    assert_eq!(site.posts[0].content, "Body");
}

#[test]
fn duplicate_ids_are_reported_and_nothing_is_lost() {
    let body = [
        item(
            "5",
            "post",
            "publish",
            "<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>",
        ),
        item(
            "5",
            "post",
            "publish",
            "<wp:comment><wp:comment_id>1</wp:comment_id></wp:comment>",
        ),
        item("6", "post", "publish", ""),
    ]
    .concat();
    let imported = lenient(&wxr_doc(&body));
    let site = &imported.site;
    assert_eq!(site.posts.len(), 3);
    let ids: Vec<u64> = site.posts.iter().map(|p| p.id.0).collect();
    assert_eq!(ids, [5, 7, 6]);
    assert_eq!(site.posts[1].source_id.as_deref(), Some("5"));
    assert_eq!(site.comments.len(), 2);
    assert_ne!(site.comments[0].id, site.comments[1].id);
    assert_eq!(site.comments[1].post, site.posts[1].id);
    let duplicate = first_issue(&imported, "wxr.item.id.duplicate");
    assert_eq!(duplicate.location.as_ref().unwrap().line, Some(9));
    assert!(duplicate.path.contains("post_id=5"));
    assert!(reported(&imported, "wxr.comment.id.duplicate"));
    // The duplicate comes back the same after a round trip.
    let again = lenient(&wxr::export_string(site));
    assert_eq!(&again.site, site);
}

#[test]
fn ids_that_are_not_numbers_are_reported_and_written_back() {
    let body = [
        item("&gt;3", "post", "publish", ""),
        item(
            "4",
            "post",
            "publish",
            "<wp:post_parent>&gt;3</wp:post_parent>",
        ),
    ]
    .concat();
    let imported = lenient(&wxr_doc(&body));
    let site = &imported.site;
    assert!(reported(&imported, "wxr.item.id.invalid"));
    // A fresh id, no WXR source id, and the text kept to be written back.
    assert_eq!(site.posts[0].source_id, None);
    assert_eq!(
        site.posts[0].meta.get(wxr::keys::INVALID_POST_ID),
        Some(">3")
    );
    assert_eq!(site.posts[1].parent, Some(site.posts[0].id));
    let exported = wxr::export_string(site);
    assert!(
        exported.contains("<wp:post_id>&gt;3</wp:post_id>"),
        "{exported}"
    );
    assert_eq!(&lenient(&exported).site, site);
}

#[test]
fn dates_local_gmt_zero_and_invalid() {
    let body = [
        item("1", "post", "publish", "<wp:post_date>2013-01-18 18:26:00</wp:post_date><wp:post_date_gmt>2013-01-19 02:26:00</wp:post_date_gmt>"),
        item("2", "post", "draft", "<wp:post_date>2013-01-18 18:26:00</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"),
        item("3", "post", "draft", "<wp:post_date>0000-00-00 00:00:00</wp:post_date><wp:post_date_gmt>0000-00-00 00:00:00</wp:post_date_gmt>"),
        item("4", "post", "publish", "<wp:post_date>yesterday</wp:post_date><wp:post_date_gmt>2013-01-19 02:26:00</wp:post_date_gmt>"),
    ]
    .concat();
    let xml = wxr_doc(&body);
    let imported = lenient(&xml);
    let posts = &imported.site.posts;
    let first = posts[0].published.unwrap();
    assert_eq!(
        first,
        Timestamp::parse_rfc3339("2013-01-18T18:26:00-08:00").unwrap()
    );
    assert_eq!(first.local_date().to_string(), "2013-01-18");
    // No GMT date: the local time is kept (in the site's zone) and the zero GMT date too.
    let second = posts[1].published.unwrap();
    assert_eq!(second.naive_local().to_string(), "2013-01-18 18:26:00");
    assert_eq!(
        posts[1].meta.get(wxr::keys::POST_DATE_GMT),
        Some("0000-00-00 00:00:00")
    );
    assert_eq!(posts[2].published, None);
    assert_eq!(posts[3].published, None);
    assert_eq!(
        posts[3].meta.get("broadsheet:invalid:post_date"),
        Some("yesterday")
    );
    let invalid = first_issue(&imported, "wxr.date.invalid");
    assert_eq!(invalid.severity, Severity::Error);
    assert!(invalid.path.contains("post_id=4"));
    // Strict mode refuses invalid data.
    assert!(matches!(strict(&xml), Err(ImportError::Invalid { .. })));
    // Every form survives a round trip.
    let exported = wxr::export_string(&imported.site);
    assert!(
        exported.contains("<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>")
    );
    assert!(exported.contains("<wp:post_date><![CDATA[yesterday]]></wp:post_date>"));
    assert_eq!(lenient(&exported).site, imported.site);
}

#[test]
fn invalid_values_are_kept_and_reported() {
    let body = r#"<wp:author><wp:author_id>1</wp:author_id><wp:author_login>a</wp:author_login><wp:author_email>not an address</wp:author_email></wp:author>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename>Two Words</wp:category_nicename><wp:cat_name>Two Words</wp:cat_name></wp:category>
<item><title>T</title><wp:post_id>1</wp:post_id><wp:post_name>has space</wp:post_name>
<category domain="category" nicename="two-words">Two Words</category>
<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author_email>x@</wp:comment_author_email><wp:comment_author_url>not a url</wp:comment_author_url></wp:comment></item>
"#;
    let xml = wxr_doc(body);
    let imported = lenient(&xml);
    let site = &imported.site;
    assert_eq!(site.authors[0].email, None);
    assert_eq!(
        site.authors[0].meta.get("broadsheet:invalid:email"),
        Some("not an address")
    );
    assert_eq!(site.terms[0].slug.as_str(), "two-words");
    assert_eq!(
        site.terms[0].meta.get("broadsheet:invalid:slug"),
        Some("Two Words")
    );
    assert_eq!(site.posts[0].terms, [site.terms[0].id]);
    assert_eq!(site.posts[0].slug, None);
    assert_eq!(
        site.posts[0].meta.get("broadsheet:invalid:slug"),
        Some("has space")
    );
    assert_eq!(
        site.comments[0].meta.get("broadsheet:invalid:author_email"),
        Some("x@")
    );
    assert_eq!(
        site.comments[0].meta.get("broadsheet:invalid:author_url"),
        Some("not a url")
    );
    assert_reported(
        &imported,
        &[
            "wxr.author.email.invalid",
            "wxr.term.slug.invalid",
            "wxr.item.slug.invalid",
            "wxr.comment.email.invalid",
            "wxr.comment.url.invalid",
        ],
    );
    match strict(&xml) {
        Err(ImportError::Invalid { report }) => assert_eq!(report.errors().count(), 3),
        other => panic!("expected Invalid, got {other:?}"),
    }
    let exported = wxr::export_string(site);
    assert!(
        exported.contains("<wp:category_nicename><![CDATA[Two Words]]></wp:category_nicename>")
    );
    assert!(exported.contains("<wp:post_name><![CDATA[has space]]></wp:post_name>"));
    assert_eq!(&lenient(&exported).site, site);
}

#[test]
fn comments_thread_and_link_to_users() {
    let body = r"<wp:author><wp:author_id>7</wp:author_id><wp:author_login>ed</wp:author_login></wp:author>
<item><title>T</title><wp:post_id>1</wp:post_id>
<wp:comment><wp:comment_id>11</wp:comment_id><wp:comment_approved>spam</wp:comment_approved><wp:comment_type>pingback</wp:comment_type></wp:comment>
<wp:comment><wp:comment_id>10</wp:comment_id><wp:comment_parent>12</wp:comment_parent><wp:comment_user_id>7</wp:comment_user_id><wp:comment_approved>0</wp:comment_approved></wp:comment>
<wp:comment><wp:comment_id>12</wp:comment_id><wp:comment_approved>trash</wp:comment_approved><wp:comment_parent>99</wp:comment_parent>
<wp:commentmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value></wp:commentmeta></wp:comment>
</item>";
    let imported = lenient(&wxr_doc(body));
    let comments = &imported.site.comments;
    assert_eq!(comments.len(), 3);
    assert_eq!(comments[0].status, broadsheet_core::CommentStatus::Spam);
    assert_eq!(comments[0].kind, broadsheet_core::CommentKind::Pingback);
    assert_eq!(comments[1].parent, Some(comments[2].id));
    assert_eq!(comments[1].user, Some(imported.site.authors[0].id));
    assert_eq!(comments[1].status, broadsheet_core::CommentStatus::Pending);
    assert_eq!(comments[2].parent, None);
    assert_eq!(comments[2].meta.get("k"), Some("v"));
    assert_eq!(comments[2].meta.get(wxr::keys::COMMENT_PARENT), Some("99"));
    assert!(reported(&imported, "wxr.comment.parent.unknown"));
    assert_eq!(
        lenient(&wxr::export_string(&imported.site)).site,
        imported.site
    );
}

#[test]
fn sticky_password_format_and_flags() {
    let body = r#"<wp:term><wp:term_id>3</wp:term_id><wp:term_taxonomy>post_format</wp:term_taxonomy><wp:term_slug>post-format-gallery</wp:term_slug><wp:term_name>Gallery</wp:term_name></wp:term>
<item><title><![CDATA[<em>HTML</em> &amp; title]]></title><wp:post_id>1</wp:post_id><wp:is_sticky>1</wp:is_sticky><wp:post_password>s3cret</wp:post_password>
<wp:comment_status>closed</wp:comment_status><wp:ping_status>registered_only</wp:ping_status><wp:menu_order>-3</wp:menu_order>
<category domain="post_format" nicename="post-format-gallery"><![CDATA[Gallery]]></category></item>"#;
    let imported = strict(&wxr_doc(body)).unwrap();
    let post = &imported.site.posts[0];
    assert_eq!(post.title, "<em>HTML</em> &amp; title");
    assert!(post.sticky);
    assert_eq!(post.password.as_deref(), Some("s3cret"));
    assert_eq!(post.format.as_deref(), Some("gallery"));
    assert_eq!(post.terms, [imported.site.terms[0].id]);
    assert!(!post.comments_open);
    assert!(!post.pings_open);
    assert_eq!(
        post.meta.get(wxr::keys::PING_STATUS),
        Some("registered_only")
    );
    assert_eq!(post.menu_order, -3);
    assert_eq!(
        lenient(&wxr::export_string(&imported.site)).site,
        imported.site
    );
}

#[test]
fn undeclared_terms_and_unknown_authors_are_created_once() {
    let body = r#"<item><title>A</title><wp:post_id>1</wp:post_id><dc:creator>zed</dc:creator>
<category domain="post_tag" nicename="new"><![CDATA[New]]></category></item>
<item><title>B</title><wp:post_id>2</wp:post_id><dc:creator>zed</dc:creator>
<category domain="post_tag" nicename="new"><![CDATA[New]]></category></item>"#;
    let imported = lenient(&wxr_doc(body));
    let site = &imported.site;
    assert_eq!(site.terms.len(), 1);
    assert_eq!(site.authors.len(), 1);
    assert_eq!(site.posts[0].terms, site.posts[1].terms);
    assert_eq!(site.posts[0].authors, site.posts[1].authors);
    let count = |code: &str| issues_with(&imported, code).len();
    assert_eq!(count("wxr.term.undeclared"), 1);
    assert_eq!(count("wxr.author.unknown"), 1);
    let issue = first_issue(&imported, "wxr.term.undeclared");
    assert_eq!(issue.location.as_ref().unwrap().line, Some(9));
    assert!(issue.path.contains("post_id=1"));
}

#[test]
fn file_import_names_the_file_and_io_errors_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.xml");
    std::fs::write(&path, wxr_doc("<item><title>x</item>")).unwrap();
    assert_syntax_error_in_file(wxr::import_file(&path, ImportOptions::default()), &path, 8);
    assert!(matches!(
        wxr::import_file(dir.path().join("absent.xml"), ImportOptions::default()),
        Err(ImportError::Io { .. })
    ));
}

#[test]
fn in_memory_and_streaming_imports_report_the_same_locations() {
    let body = "<item><title>A & B</title><wp:post_id>3</wp:post_id>\n<dc:creator>nobody</dc:creator>\n<wp:odd>1</wp:odd></item>\n<item><title>C</title><wp:post_id>3</wp:post_id></item>\n";
    let xml = wxr_doc(body);
    let in_memory = lenient(&xml);
    let reader = std::io::BufReader::with_capacity(5, xml.as_bytes());
    let streamed = wxr::import_reader(reader, ImportOptions::default()).unwrap();
    assert_eq!(in_memory.report, streamed.report);
    let lines: Vec<_> = in_memory
        .report
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.location.as_ref().unwrap().line.unwrap()))
        .collect();
    assert_eq!(
        lines,
        [
            ("wxr.xml.recovered", 8),
            ("wxr.element.ignored", 10),
            ("wxr.item.id.duplicate", 11),
            ("wxr.author.unknown", 9),
        ]
    );
}

#[test]
fn media_and_featured_images_are_exported_as_attachments() {
    use broadsheet_core::{Media, MediaId, Post, PostId, Site, Slug, Url};
    let mut site = Site::new("M");
    let mut post = Post::new(PostId(3), "P", Slug::parse("p").unwrap());
    post.featured_media = Some(MediaId(1));
    site.posts.push(post);
    let mut media = Media::new(MediaId(1), Url::parse("https://e.org/i.jpg").unwrap());
    media.alt_text = "A pumpkin".into();
    media.attached_to = Some(PostId(3));
    site.media.push(media);
    let imported = lenient(&wxr::export_string(&site));
    let posts = &imported.site.posts;
    assert_eq!(posts.len(), 2);
    let attachment = &posts[1];
    assert_eq!(attachment.kind, PostKind::Attachment);
    assert_eq!(attachment.id, PostId(4));
    assert_eq!(attachment.parent, Some(PostId(3)));
    assert_eq!(
        attachment.meta.get(wxr::keys::ATTACHMENT_URL),
        Some("https://e.org/i.jpg")
    );
    assert_eq!(
        attachment.meta.get("_wp_attachment_image_alt"),
        Some("A pumpkin")
    );
    assert_eq!(posts[0].meta.get("_thumbnail_id"), Some("4"));
}

#[test]
fn co_authors_are_exported_for_wordpress() {
    use broadsheet_core::{Author, AuthorId, Post, PostId, Site, Slug};
    let mut site = Site::new("C");
    for (id, login) in [(1, "ann"), (2, "bob")] {
        let mut author = Author::new(
            AuthorId(id),
            Slug::parse(login).unwrap(),
            login.to_uppercase(),
        );
        author.login = Some(login.into());
        author.source_id = Some(id.to_string());
        site.authors.push(author);
    }
    let mut post = Post::new(PostId(1), "P", Slug::parse("p").unwrap());
    post.source_id = Some("1".into());
    post.authors = vec![AuthorId(2), AuthorId(1)];
    site.posts.push(post);
    let exported = wxr::export_string(&site);
    assert!(exported.contains("<dc:creator><![CDATA[bob]]></dc:creator>"));
    assert!(
        exported.contains(r#"<category domain="author" nicename="ann"><![CDATA[ANN]]></category>"#)
    );
    assert_eq!(lenient(&exported).site, site);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// The sample with `cut` bytes from `at` replaced by `insert` (both moved to character
    /// boundaries), as the property below mutates it.
    pub(super) fn mutate(at: usize, cut: usize, insert: &str) -> String {
        let source = sample();
        let at = source
            .char_indices()
            .map(|(i, _)| i)
            .chain([source.len()])
            .find(|&i| i >= at.min(source.len()))
            .unwrap_or(0);
        let end = source[at..]
            .char_indices()
            .map(|(i, _)| at + i)
            .chain([source.len()])
            .find(|&i| i >= at + cut)
            .unwrap_or(source.len());
        format!("{}{}{}", &source[..at], insert, &source[end..])
    }

    pub(super) fn sample() -> String {
        wxr_doc(
            r#"<wp:author><wp:author_id>1</wp:author_id><wp:author_login>a</wp:author_login></wp:author>
<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename>c</wp:category_nicename><wp:category_parent>p</wp:category_parent><wp:cat_name>C</wp:cat_name></wp:category>
<item><title>T &amp; <![CDATA[x]]></title><dc:creator>a</dc:creator><wp:post_id>3</wp:post_id>
<wp:post_date>2013-01-18 18:26:00</wp:post_date><wp:post_date_gmt>2013-01-19 02:26:00</wp:post_date_gmt>
<category domain="category" nicename="c">C</category>
<wp:postmeta><wp:meta_key>k</wp:meta_key><wp:meta_value>v</wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>4</wp:comment_id><wp:comment_parent>4</wp:comment_parent></wp:comment></item>
"#,
        )
    }

    proptest! {
        #![proptest_config(broadsheet_core::testing::proptest_config(300))]

        /// Cutting, inserting or replacing text anywhere gives a result or an error, never a panic,
        /// and every issue and syntax error carries a location.
        #[test]
        fn mutated_documents(at in 0usize..1200, cut in 0usize..40, insert in "(<|>|&|]]>|<!\\[CDATA\\[|</item>|<item>|&#x0;|&#55296;|\"|[a-z ]|\u{0}|é){0,4}", strict_mode in any::<bool>()) {
            let mutated = mutate(at, cut, &insert);
            let mode = if strict_mode { BuildMode::Strict } else { BuildMode::Lenient };
            let result = wxr::import_str(&mutated, ImportOptions::default().with_mode(mode));
            match result {
                Ok(imported) => {
                    prop_assert!(imported.report.issues.iter().all(|i| i.code == "wxr.item.filtered" || i.location.is_some()));
                    // Whatever was imported exports and imports back the same.
                    let again = wxr::import_str(&wxr::export_string(&imported.site), ImportOptions::default());
                    prop_assert!(again.is_ok());
                    prop_assert_eq!(again.unwrap().site, imported.site);
                }
                Err(ImportError::Syntax { location, .. }) => {
                    prop_assert!(location.line.is_some() && location.column.is_some());
                }
                Err(ImportError::Invalid { report }) => prop_assert!(strict_mode && report.has_errors()),
                Err(other) => prop_assert!(false, "unexpected error {other}"),
            }
        }
    }
}

#[test]
fn non_utf8_input_is_a_located_syntax_error() {
    // "café" in Latin-1: the é is the single byte 0xE9.
    let xml = wxr_doc("<item><title>caf\u{FFFD}</title><wp:post_id>1</wp:post_id></item>\n");
    let bytes = xml.replace('\u{FFFD}', "\u{1}").into_bytes();
    let bytes: Vec<u8> = bytes
        .into_iter()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect();
    let (location, message) =
        syntax_error(wxr::import_reader(&bytes[..], ImportOptions::default()));
    assert_eq!(location.line, Some(8), "{message}");
    assert!(message.contains("malformed XML"), "{message}");
}

#[test]
fn a_comment_without_id_round_trips() {
    let body = "<item><title>T</title><wp:post_id>1</wp:post_id><wp:comment><wp:comment_content>hi</wp:comment_content></wp:comment></item>";
    let imported = lenient(&wxr_doc(body));
    let comment = &imported.site.comments[0];
    assert_eq!(comment.source_id, None);
    assert_eq!(comment.meta.get(wxr::keys::NO_COMMENT_ID), Some("1"));
    let exported = wxr::export_string(&imported.site);
    assert!(!exported.contains("<wp:comment_id>"));
    assert_eq!(lenient(&exported).site, imported.site);
}

#[test]
fn characters_xml_forbids_are_refused_or_replaced() {
    let xml = wxr_doc("<item><title>a\u{1}b\u{FFFF}</title><wp:post_id>1</wp:post_id></item>\n");
    let (location, message) = syntax_error(strict(&xml));
    assert_eq!(location.line, Some(8));
    assert!(message.contains("does not allow"), "{message}");
    let imported = lenient(&xml);
    assert_eq!(imported.site.posts[0].title, "a\u{FFFD}b\u{FFFD}");
    assert_eq!(codes(&imported), ["wxr.xml.char.replaced"]);
    // Allowed neighbours are untouched.
    let xml = wxr_doc(
        "<item><title><![CDATA[tab\tnl\n\u{FFFD}\u{FE0F}\u{FFEF}]]></title><wp:post_id>1</wp:post_id></item>\n",
    );
    let title = &strict(&xml).unwrap().site.posts[0].title;
    assert_eq!(title, "tab\tnl\n\u{FFFD}\u{FE0F}\u{FFEF}");
}

/// Issue 16's shrunk case (`at = 806, cut = 0, insert = "\0&"`): a NUL and a bare `&` inserted at
/// the start of a `<category>`'s `domain` attribute. The lenient import used to keep the raw
/// attribute text, NUL and all ("\0&category"), which export then wrote as U+FFFD: the round trip
/// changed the taxonomy's name.
#[test]
fn a_nul_in_an_attribute_meets_the_same_rule_as_in_text() {
    let xml = never_panics::mutate(806, 0, "\0&");
    assert!(xml.contains("<category domain=\"\0&category\" nicename=\"c\">C</category>"));
    let imported = lenient(&xml);
    let post = &imported.site.posts[0];
    let taxonomies: Vec<&str> = post
        .terms
        .iter()
        .map(|id| imported.site.term(*id).unwrap().taxonomy.as_str())
        .collect();
    assert_eq!(taxonomies, ["\u{FFFD}&category"]);
    let located: Vec<(&str, Option<u64>)> = imported
        .report
        .issues
        .iter()
        .filter(|i| i.code.starts_with("wxr.xml."))
        .map(|i| (i.code.as_str(), i.location.as_ref().and_then(|l| l.line)))
        .collect();
    assert_eq!(
        located,
        [
            ("wxr.xml.char.replaced", Some(12)),
            ("wxr.xml.recovered", Some(12))
        ]
    );
    // The model holds no character XML forbids, so the round trip is exact.
    let again = lenient(&wxr::export_string(&imported.site));
    assert_eq!(again.site, imported.site);
    assert!(!codes(&again).contains(&"wxr.xml.char.replaced"));
    // Strict refuses the document, located at the element.
    let (location, message) = syntax_error(strict(&xml));
    assert_eq!(
        (location.line, location.column),
        (Some(12), Some(1)),
        "{message}"
    );
    assert!(message.contains("an attribute value"), "{message}");
}

/// Every place the reader takes text from meets one rule: element text, CDATA, attribute values
/// (literal or by reference), character references in text, element names.
#[test]
fn every_place_text_comes_from_meets_one_rule() {
    let item = |extra: &str| wxr_doc(&format!("<item><wp:post_id>1</wp:post_id>{extra}</item>\n"));
    let cases = [
        ("<title>a\u{1}b</title>", "element text"),
        ("<title><![CDATA[a\u{B}b]]></title>", "element text"),
        ("<title>a&#0;b</title>", "a character or entity reference"),
        (
            "<title>a&#xD800;b</title>",
            "a character or entity reference",
        ),
        (
            "<title>a&#xFFFE;b</title>",
            "a character or entity reference",
        ),
        (
            "<category domain=\"a&#x1F;b\">N</category>",
            "a character or entity reference",
        ),
        (
            "<category domain=\"a&#55296;b\">N</category>",
            "a character or entity reference",
        ),
        (
            "<category domain=\"a\u{FFFF}b\">N</category>",
            "an attribute value",
        ),
        ("<wp:odd\u{1}>x</wp:odd\u{1}>", "an element name"),
    ];
    for (extra, place) in cases {
        let xml = item(extra);
        match strict(&xml) {
            Err(ImportError::Syntax { location, message }) => {
                assert_eq!(location.line, Some(8), "{extra}: {message}");
                assert!(
                    message.contains(place) && message.contains("does not allow"),
                    "{extra}: {message}"
                );
            }
            other => panic!("{extra}: expected a syntax error, got {other:?}"),
        }
        let imported = lenient(&xml);
        assert!(
            codes(&imported).contains(&"wxr.xml.char.replaced"),
            "{extra}: {:?}",
            imported.report
        );
        let post = &imported.site.posts[0];
        let taken: Vec<String> = Some(post.title.clone())
            .filter(|t| !t.is_empty())
            .into_iter()
            .chain(post.terms.iter().map(|id| {
                imported
                    .site
                    .term(*id)
                    .unwrap()
                    .taxonomy
                    .as_str()
                    .to_owned()
            }))
            .collect();
        if !extra.starts_with("<wp:odd") {
            assert_eq!(taken, ["a\u{FFFD}b"], "{extra}");
        }
        let again = lenient(&wxr::export_string(&imported.site));
        assert_eq!(again.site, imported.site, "{extra}");
    }
    // A skipped element's text and comments need not be read, but strict imports still refuse
    // them: they are not well-formed XML.
    for extra in ["<wp:odd>a\u{1}</wp:odd>", "<!-- \u{0} -->"] {
        assert!(
            matches!(strict(&item(extra)), Err(ImportError::Syntax { .. })),
            "{extra}"
        );
        assert!(!codes(&lenient(&item(extra))).contains(&"wxr.xml.char.replaced"));
    }
    // Found by exploring (`at = 604, cut = 0, insert = "\0"`): a NUL inside `&amp;` made an
    // undefined entity, kept as written, NUL and all. A reference's name meets the rule too.
    let xml = item("<title>a&\u{0}amp;b</title>");
    let (_, message) = syntax_error(strict(&xml));
    assert!(message.contains("entity reference"), "{message}");
    let imported = lenient(&xml);
    assert_eq!(imported.site.posts[0].title, "a&\u{FFFD}amp;b");
    assert_eq!(
        codes(&imported),
        ["wxr.xml.char.replaced", "wxr.xml.recovered"]
    );
    assert_eq!(
        lenient(&wxr::export_string(&imported.site)).site,
        imported.site
    );
    // References to allowed characters, and ones that name no code point, are unchanged.
    let imported = lenient(&item("<title>&#9;&#x10FFFF;&#xE000;</title>"));
    assert!(!codes(&imported).contains(&"wxr.xml.char.replaced"));
    let imported = lenient(&item("<category domain=\"&#x110000;\">N</category>"));
    assert_eq!(
        codes(&imported),
        ["wxr.xml.recovered", "wxr.term.undeclared"]
    );
}

/// Found by `scripts/test --explore` (`at = 442, cut = 0, insert = ">"`): a `wp:term_id` that is
/// not a number (`>2`) was kept as the term's source id, which export cannot write (it wrote the
/// model id), so the round trip changed the term. Authors and comments had the same loss.
#[test]
fn ids_that_are_not_numbers_are_kept_for_export() {
    let xml = never_panics::mutate(442, 0, ">");
    assert!(xml.contains("<wp:term_id>>2</wp:term_id>"));
    let imported = lenient(&xml);
    let term = &imported.site.terms[0];
    assert_eq!(term.source_id, None);
    assert_eq!(term.meta.get(wxr::keys::INVALID_ID), Some(">2"));
    assert!(codes(&imported).contains(&"wxr.term.id.invalid"));
    let again = lenient(&wxr::export_string(&imported.site));
    assert_eq!(again.site, imported.site);

    // Authors and comments, with the references that name them.
    let body = r"<wp:author><wp:author_id>u1</wp:author_id><wp:author_login>a</wp:author_login></wp:author>
<item><title>T</title><wp:post_id>3</wp:post_id>
<wp:comment><wp:comment_id>c4</wp:comment_id><wp:comment_user_id>u1</wp:comment_user_id></wp:comment>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_parent>c4</wp:comment_parent></wp:comment></item>
";
    let imported = lenient(&wxr_doc(body));
    let site = &imported.site;
    assert_eq!(site.authors[0].meta.get(wxr::keys::INVALID_ID), Some("u1"));
    assert_eq!(site.comments[0].meta.get(wxr::keys::INVALID_ID), Some("c4"));
    assert_eq!(site.comments[0].user, Some(site.authors[0].id));
    assert_eq!(site.comments[1].parent, Some(site.comments[0].id));
    let found = codes(&imported);
    assert!(found.contains(&"wxr.author.id.invalid") && found.contains(&"wxr.comment.id.invalid"));
    let exported = wxr::export_string(site);
    assert!(
        exported.contains("<wp:author_id>u1</wp:author_id>"),
        "{exported}"
    );
    assert!(
        exported.contains("<wp:comment_id>c4</wp:comment_id>"),
        "{exported}"
    );
    assert_eq!(lenient(&exported).site, imported.site);
}

/// Found by the "any string" property (`wxr_roundtrip.rs`): fields WXR trims lost a leading or
/// trailing NEL or no-break space, which Rust's `trim` counts as white space. Only XML white
/// space (what PHP's `trim` removes for WordPress) is trimmed now.
#[test]
fn only_xml_white_space_is_trimmed() {
    let body = "<wp:author><wp:author_id>1</wp:author_id><wp:author_login>\n a \t</wp:author_login><wp:author_first_name>\u{85}A\u{A0}</wp:author_first_name></wp:author>\n";
    let imported = lenient(&wxr_doc(body));
    let author = &imported.site.authors[0];
    assert_eq!(author.login.as_deref(), Some("a"));
    assert_eq!(author.first_name.as_deref(), Some("\u{85}A\u{A0}"));
    assert_eq!(
        lenient(&wxr::export_string(&imported.site)).site,
        imported.site
    );
}

#[test]
fn an_error_about_the_whole_file_is_at_line_1_column_1() {
    for xml in [r#"<rss version="2.0"></rss>"#, "<rss/>"] {
        let error =
            broadsheet_formats::wxr::import_str(xml, broadsheet_formats::ImportOptions::default())
                .unwrap_err();
        let broadsheet_formats::ImportError::Syntax { location, message } = &error else {
            panic!("{error}")
        };
        assert!(message.contains("missing WXR version"), "{message}");
        assert_eq!(
            (location.line, location.column),
            (Some(1), Some(1)),
            "{xml}"
        );
    }
}
