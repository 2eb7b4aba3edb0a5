//! Round trips: import → export → import gives the same site, for every importable
//! conformance file and for generated sites.

mod support;

use broadsheet_core::{
    Author, AuthorId, BuildMode, Comment, CommentId, CommentKind, CommentStatus, Email, Meta, Post,
    PostId, PostKind, PostStatus, Site, Slug, Taxonomy, Term, TermId, Timestamp, Url,
};
use broadsheet_formats::{ImportError, ImportOptions, wxr};
use chrono::{DateTime, FixedOffset};
use proptest::prelude::*;
use support::*;

/// Files that are not WXR or not well-formed: import refuses them in either mode.
const REJECTED: &[&str] = &[
    "wordpress-importer/malformed.xml",
    "wordpress-importer/malformed-simple.xml",
    "wordpress-importer/missing-version-tag.xml",
    "wordpress-importer/invalid-version-tag.xml",
];

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn every_importable_file_round_trips() {
    let Some(dir) = wxr_data_dir() else { return };
    let files = all_files(&dir);
    assert!(files.len() >= 45, "found only {} files", files.len());
    for name in files {
        let imported = match import(&dir, &name, BuildMode::Lenient) {
            Ok(imported) => imported,
            Err(ImportError::Syntax { .. }) if REJECTED.contains(&name.as_str()) => continue,
            Err(error) => panic!("{name}: {error}"),
        };
        assert!(
            !REJECTED.contains(&name.as_str()),
            "{name} should be refused"
        );
        let exported = wxr::export_string(&imported.site);
        let again = wxr::import_str(&exported, ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name}: the export does not import: {e}\n{exported}"));
        assert_eq!(again.format.version, "1.2");
        assert_eq!(again.site, imported.site, "{name}: the site changed");
        // Exporting the re-imported site gives the same bytes.
        assert_eq!(
            wxr::export_string(&again.site),
            exported,
            "{name}: export is not stable"
        );
        // A strict re-import of our own export finds nothing malformed.
        let strict = wxr::import_str(&exported, options(BuildMode::Strict));
        match strict {
            Ok(strict) => assert_eq!(strict.site, imported.site, "{name}"),
            Err(ImportError::Invalid { report }) => {
                // Only data errors the source already had (invalid values kept as text).
                assert!(
                    imported.report.has_errors(),
                    "{name}: strict re-import failed: {report}"
                );
            }
            Err(error) => panic!("{name}: strict re-import failed: {error}"),
        }
    }
}

fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([a-zA-Z0-9 <>&\"'\\\\\\]\\[\t\n\r/€жя😀\u{200b}\u{202e}]|]]>|&amp;|<!\\[CDATA\\[|\r\n){0,12}",
    )
    .expect("valid regex")
}

fn trimmed_text() -> impl Strategy<Value = String> {
    "[A-Za-zж😀][A-Za-z0-9 жé&<>'\"]{0,10}[A-Za-z0-9ж]".prop_map(|s| s)
}

fn meta() -> impl Strategy<Value = Meta> {
    proptest::collection::vec(("_?[a-z][a-z_ ]{0,8}", text()), 0..3).prop_map(|entries| {
        let mut meta = Meta::new();
        for (key, value) in entries {
            meta.push(key, value);
        }
        meta
    })
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..4_000_000_000, -56i32..=56).prop_map(|(seconds, quarters)| {
        let offset = FixedOffset::east_opt(quarters * 900).expect("offset in range");
        let utc = DateTime::from_timestamp(seconds, 0).expect("in range");
        Timestamp::new(utc.with_timezone(&offset))
    })
}

fn post_status() -> impl Strategy<Value = PostStatus> {
    prop_oneof![
        Just(PostStatus::Draft),
        Just(PostStatus::Pending),
        Just(PostStatus::Private),
        Just(PostStatus::Published),
        Just(PostStatus::Scheduled),
        Just(PostStatus::Trash),
        Just(PostStatus::Other("inherit".into())),
    ]
}

fn post_kind() -> impl Strategy<Value = PostKind> {
    prop_oneof![
        Just(PostKind::Post),
        Just(PostKind::Page),
        Just(PostKind::Attachment),
        Just(PostKind::Other("nav_menu_item".into())),
    ]
}

#[derive(Debug, Clone)]
struct Shape {
    authors: usize,
    terms: usize,
    posts: usize,
    comments: usize,
}

fn site() -> impl Strategy<Value = Site> {
    (0usize..4, 0usize..6, 0usize..5, 0usize..6)
        .prop_map(|(authors, terms, posts, comments)| Shape {
            authors,
            terms,
            posts,
            comments,
        })
        .prop_flat_map(site_of)
}

fn site_of(shape: Shape) -> impl Strategy<Value = Site> {
    let authors = proptest::collection::vec(
        (
            trimmed_text(),
            proptest::option::of(trimmed_text()),
            proptest::option::of(trimmed_text()),
            proptest::option::of("[a-z]{1,6}@example\\.(org|net)"),
        ),
        shape.authors,
    );
    let terms = proptest::collection::vec(
        (
            0usize..3,
            text(),
            text(),
            proptest::option::of(0usize..8),
            meta(),
        ),
        shape.terms,
    );
    let posts = proptest::collection::vec(
        (
            (
                post_kind(),
                post_status(),
                text(),
                proptest::option::of("[a-z0-9%-]{1,8}"),
                text(),
            ),
            (
                proptest::option::of(text().prop_filter("non-empty", |s| !s.is_empty())),
                proptest::collection::vec(0usize..8, 0..3),
                proptest::collection::vec(0usize..8, 0..4),
                any::<bool>(),
                proptest::option::of("[a-z0-9 ]{1,6}"),
                proptest::option::of(0usize..8),
            ),
            (
                any::<i64>(),
                any::<bool>(),
                any::<bool>(),
                proptest::option::of(timestamp()),
                proptest::option::of(timestamp()),
                proptest::option::of("https?://example\\.org/\\?p=[0-9]{1,3}"),
                meta(),
            ),
        ),
        shape.posts,
    );
    let comments = proptest::collection::vec(
        (
            (0usize..8, proptest::option::of(0usize..8), text(), text()),
            (
                proptest::option::of("[a-z]{1,5}@example\\.com"),
                proptest::option::of("https://[a-z]{1,5}\\.example/"),
                proptest::option::of("192\\.0\\.2\\.[0-9]{1,3}"),
                proptest::option::of(0usize..4),
                proptest::option::of(timestamp()),
                0usize..4,
                0usize..4,
                meta(),
            ),
        ),
        shape.comments,
    );
    (
        (text(), text(), proptest::option::of("[a-z]{2}(-[A-Z]{2})?")),
        authors,
        terms,
        posts,
        comments,
    )
        .prop_map(
            |((title, description, language), authors, terms, posts, comments)| {
                let mut site = Site::new(title);
                site.settings.url = Some(Url::parse("https://example.org").expect("valid"));
                site.settings.description = description;
                site.settings.language = language;
                for (i, (display, first, last, email)) in authors.into_iter().enumerate() {
                    let id = AuthorId(i as u64 + 1);
                    let login = format!("user{i}");
                    let mut author = Author::new(id, Slug::parse(&login).expect("valid"), display);
                    author.source_id = Some(id.0.to_string());
                    author.login = Some(login);
                    author.first_name = first;
                    author.last_name = last;
                    author.email = email.map(|e| Email::parse(&e).expect("valid"));
                    site.authors.push(author);
                }
                let mut term_ids = Vec::new();
                for (i, (taxonomy, name, description, parent, meta)) in
                    terms.into_iter().enumerate()
                {
                    let id = TermId(i as u64 + 10);
                    let taxonomy = match taxonomy {
                        0 => Taxonomy::Category,
                        1 => Taxonomy::Tag,
                        _ => Taxonomy::Other("genre".into()),
                    };
                    let mut term = Term::new(
                        id,
                        taxonomy.clone(),
                        name,
                        Slug::parse(&format!("t{i}")).expect("valid"),
                    );
                    term.source_id = Some(id.0.to_string());
                    term.description = description;
                    term.meta = meta;
                    // A parent among the earlier terms of the same hierarchical taxonomy.
                    if taxonomy.is_hierarchical()
                        && let Some(parent) = parent
                        && let Some(candidate) = site
                            .terms
                            .iter()
                            .filter(|t| t.taxonomy == taxonomy)
                            .nth(parent)
                    {
                        term.parent = Some(candidate.id);
                    }
                    term_ids.push(id);
                    site.terms.push(term);
                }
                for (i, ((kind, status, title, slug, content), rest, more)) in
                    posts.into_iter().enumerate()
                {
                    let (excerpt, authors, terms, sticky, password, parent) = rest;
                    let (menu_order, comments_open, pings_open, published, modified, guid, meta) =
                        more;
                    let id = PostId(i as u64 + 100);
                    let mut post = Post::new(id, title, Slug::parse("x").expect("valid"));
                    post.source_id = Some(id.0.to_string());
                    post.kind = kind;
                    post.status = status;
                    post.slug = slug.map(|s| Slug::parse(&s).expect("valid"));
                    post.content = content;
                    post.excerpt = excerpt;
                    for a in authors {
                        if let Some(author) = site.authors.get(a).map(|a| a.id)
                            && !post.authors.contains(&author)
                        {
                            post.authors.push(author);
                        }
                    }
                    for t in terms {
                        if let Some(&term) = term_ids.get(t)
                            && !post.terms.contains(&term)
                        {
                            post.terms.push(term);
                        }
                    }
                    post.sticky = sticky;
                    post.password = password;
                    post.parent = parent.and_then(|p| site.posts.get(p)).map(|p| p.id);
                    post.menu_order = menu_order;
                    post.comments_open = comments_open;
                    post.pings_open = pings_open;
                    post.published = published;
                    post.modified = modified;
                    post.guid = guid;
                    post.meta = meta;
                    site.posts.push(post);
                }
                let mut generated = Vec::new();
                for (i, ((post, parent, author_name, content), rest)) in
                    comments.into_iter().enumerate()
                {
                    let Some(post_index) =
                        (!site.posts.is_empty()).then(|| post % site.posts.len())
                    else {
                        break;
                    };
                    let (email, url, ip, user, date, status, kind, meta) = rest;
                    let id = CommentId(i as u64 + 1000);
                    let mut comment =
                        Comment::new(id, site.posts[post_index].id, author_name, content);
                    comment.source_id = Some(id.0.to_string());
                    comment.parent = parent
                        .filter(|&p| p < i)
                        .map(|p| CommentId(p as u64 + 1000));
                    comment.author_email = email.map(|e| Email::parse(&e).expect("valid"));
                    comment.author_url = url.map(|u| Url::parse(&u).expect("valid"));
                    comment.author_ip = ip;
                    comment.user = user.and_then(|u| site.authors.get(u)).map(|a| a.id);
                    comment.date = date;
                    comment.status = [
                        CommentStatus::Approved,
                        CommentStatus::Pending,
                        CommentStatus::Spam,
                        CommentStatus::Trash,
                    ][status];
                    comment.kind = [
                        CommentKind::Comment,
                        CommentKind::Pingback,
                        CommentKind::Trackback,
                        CommentKind::Other("review".into()),
                    ][kind]
                        .clone();
                    comment.meta = meta;
                    generated.push((post_index, comment));
                }
                // WXR nests comments in their post: the file order is the posts' order.
                generated.sort_by_key(|(post, _)| *post);
                site.comments = generated.into_iter().map(|(_, c)| c).collect();
                site
            },
        )
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(200))]

    #[test]
    fn generated_sites_round_trip(site in site()) {
        let exported = wxr::export_string(&site);
        let imported = wxr::import_str(&exported, ImportOptions::default().with_mode(BuildMode::Strict));
        let imported = match imported {
            Ok(imported) => imported,
            Err(error) => return Err(TestCaseError::fail(format!("{error}\n{exported}"))),
        };
        prop_assert!(imported.report.is_empty(), "{}", imported.report);
        prop_assert_eq!(&imported.site, &site, "{}", exported);
    }

    /// NUL and the other control characters in any string meet the one documented rule: export
    /// writes each character XML 1.0 cannot carry as U+FFFD (never the character, so a strict
    /// import accepts the file and reports nothing), and keeps every other one.
    #[test]
    fn control_characters_in_any_string_meet_one_rule(site in site(), seed in any::<u64>()) {
        let (spiced, changed) = with_controls(&site, seed);
        prop_assert!(changed >= 1, "no string changed");
        let exported = wxr::export_string(&spiced);
        prop_assert!(!exported.chars().any(|c| !xml_allows(c)), "export wrote a character XML forbids");
        let imported = match wxr::import_str(&exported, ImportOptions::default().with_mode(BuildMode::Strict)) {
            Ok(imported) => imported,
            Err(error) => return Err(TestCaseError::fail(format!("{error}\n{exported}"))),
        };
        prop_assert!(imported.report.is_empty(), "{}", imported.report);
        let expected = xml_replaced(&spiced);
        prop_assert!(imported.site == expected, "{:?}\n{}", first_difference(&imported.site, &expected), exported);
    }
}

#[test]
fn carriage_returns_and_cdata_terminators_survive() {
    let mut site = Site::new("CR\r\nLF and ]]> and \r alone");
    let mut post = Post::new(PostId(1), "a]]>b\r", Slug::parse("a").unwrap());
    post.source_id = Some("1".into());
    post.content = "<![CDATA[ nested ]]> \r\n".into();
    site.posts.push(post);
    let exported = wxr::export_string(&site);
    assert!(exported.contains("&#13;"));
    let again = wxr::import_str(&exported, ImportOptions::default()).unwrap();
    assert_eq!(again.site, site);
}

#[test]
fn an_authors_public_slug_survives_a_round_trip_and_logins_can_stay_private() {
    use broadsheet_core::{Author, AuthorId, Post, PostId, Site, Slug};
    use broadsheet_formats::{AuthorSlugs, ImportOptions, wxr};
    let mut site = Site::new("Blog");
    let mut author = Author::new(AuthorId(1), Slug::parse("ann-lee").unwrap(), "Ann Lée");
    author.login = Some("admin42".into());
    site.authors.push(author);
    let mut post = Post::new(PostId(1), "Hi", Slug::parse("hi").unwrap());
    post.authors.push(AuthorId(1));
    site.posts.push(post);
    let xml = wxr::export_string(&site);
    assert!(
        xml.contains("<wp:author_nicename><![CDATA[ann-lee]]></wp:author_nicename>"),
        "{xml}"
    );
    let back = wxr::import_str(&xml, ImportOptions::default())
        .unwrap()
        .site;
    assert_eq!(back.authors[0].slug.as_str(), "ann-lee");
    assert_eq!(back.authors[0].login.as_deref(), Some("admin42"));
    assert_eq!(back.posts[0].authors, vec![back.authors[0].id]);

    // An export without nicenames (as WordPress writes them): the login is the slug, unless
    // the import asks for slugs from display names.
    let wordpress = xml.replace(
        "<wp:author_nicename><![CDATA[ann-lee]]></wp:author_nicename>",
        "",
    );
    let by_login = wxr::import_str(&wordpress, ImportOptions::default())
        .unwrap()
        .site;
    assert_eq!(by_login.authors[0].slug.as_str(), "admin42");
    let options = ImportOptions::default().with_author_slugs(AuthorSlugs::DisplayName);
    let by_name = wxr::import_str(&wordpress, options).unwrap().site;
    assert_eq!(by_name.authors[0].slug.as_str(), "ann-lee");
    assert_eq!(
        by_name.posts[0].authors,
        vec![by_name.authors[0].id],
        "posts still name the author by login"
    );
}

#[test]
fn slugs_from_display_names_are_unique() {
    use broadsheet_formats::{AuthorSlugs, ImportOptions, wxr};
    let xml = r#"<?xml version="1.0"?><rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>a1</wp:author_login><wp:author_display_name>Same Name</wp:author_display_name></wp:author>
<wp:author><wp:author_login>a2</wp:author_login><wp:author_display_name>Same Name</wp:author_display_name></wp:author>
</channel></rss>"#;
    let options = ImportOptions::default().with_author_slugs(AuthorSlugs::DisplayName);
    let site = wxr::import_str(xml, options).unwrap().site;
    let slugs: Vec<&str> = site.authors.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, ["same-name", "same-name-2"]);
}
