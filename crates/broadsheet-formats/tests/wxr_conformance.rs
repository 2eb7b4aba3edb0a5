//! The expectations of `shared/data/README.md` for `wxr/wordpress-importer` and
//! `wxr/tryghost-migrate`, one assertion each.

mod support;

use broadsheet_core::{
    AuthorId, BuildMode, CommentStatus, PostKind, PostStatus, Severity, Taxonomy, Timestamp,
};
use broadsheet_formats::{ImportError, wxr};
use support::*;

macro_rules! data {
    () => {
        match wxr_data_dir() {
            Some(dir) => dir,
            None => return,
        }
    };
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn small_export_counts_hierarchy_and_statuses() {
    let dir = data!();
    let imported = strict(&dir, "wordpress-importer/small-export.xml");
    assert_eq!(imported.format.to_string(), "wxr-1.1");
    let site = &imported.site;
    let logins: Vec<_> = site
        .authors
        .iter()
        .map(|a| a.login.as_deref().unwrap())
        .collect();
    assert_eq!(logins, ["admin", "editor", "author"]);
    let counts = imported.counts();
    assert_eq!(counts.terms["category"], 30);
    assert_eq!(counts.terms["post_tag"], 3);
    assert_eq!(counts.posts_with("post", "published"), 5);
    assert_eq!(counts.posts_with("post", "private"), 1);
    assert_eq!(counts.posts_with("page", "published"), 4);
    assert_eq!(counts.posts_with("page", "draft"), 1);
    assert_eq!(site.posts.len(), 11);
    assert_eq!(site.comments.len(), 1);
    let bar = term(site, &Taxonomy::Category, "bar");
    let foo_bar = term(site, &Taxonomy::Category, "foo-bar");
    assert_eq!(foo_bar.parent, Some(bar.id));
    assert_eq!(term(site, &Taxonomy::Category, "foo").parent, None);
    // The draft page has an empty slug: no slug, nothing invented.
    let draft = post(site, "Draft Page");
    assert_eq!(draft.status, PostStatus::Draft);
    assert_eq!(draft.kind, PostKind::Page);
    assert_eq!(draft.slug, None);
    // The child page names its parent, which comes later in the file.
    let child = post(site, "Child Page");
    assert_eq!(child.parent, Some(post(site, "Parent Page").id));
    // Post formats keep the term and set the format.
    let aside = post(site, "Non-standard post format");
    assert_eq!(aside.format.as_deref(), Some("aside"));
    assert!(post_terms(site, aside).contains(&("post_format".into(), "post-format-aside".into())));
    // Importing twice gives the same counts (and the same site).
    let again = strict(&dir, "wordpress-importer/small-export.xml");
    assert_eq!(again.counts(), counts);
    assert_eq!(again.site, imported.site);
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn wxr_1_0_bare_categories_and_tag_domain() {
    let dir = data!();
    let imported = strict(&dir, "wordpress-importer/valid-wxr-1.0.xml");
    assert_eq!(imported.format.version, "1.0");
    let site = &imported.site;
    assert_eq!(site.posts.len(), 6);
    let counts = imported.counts();
    assert_eq!(counts.posts_of_kind("post"), 3);
    assert_eq!(counts.posts_of_kind("page"), 3);
    // No wp:author is declared; the one referenced by posts is created and reported.
    let declared = site
        .authors
        .iter()
        .filter(|a| a.meta.get(wxr::keys::UNDECLARED).is_none())
        .count();
    assert_eq!(declared, 0);
    assert_eq!(site.authors.len(), 1);
    assert_eq!(site.authors[0].login.as_deref(), Some("admin"));
    assert!(
        imported
            .report
            .issues
            .iter()
            .any(|i| i.code == "wxr.author.unknown"
                && i.location.as_ref().and_then(|l| l.line).is_some())
    );
    assert_eq!(
        sorted_terms_of(site, "Alpha post"),
        [
            ("category".to_owned(), "alpha".to_owned()),
            ("post_tag".into(), "news".into()),
            ("post_tag".into(), "roar".into())
        ]
    );
    assert_eq!(
        sorted_terms_of(site, "Child post"),
        [
            ("category".to_owned(), "child".to_owned()),
            ("post_tag".into(), "chicken".into()),
            ("post_tag".into(), "face".into())
        ]
    );
    assert_eq!(
        term(site, &Taxonomy::Category, "child").parent,
        Some(term(site, &Taxonomy::Category, "parent").id)
    );
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn wxr_1_1_custom_taxonomy_and_ids() {
    let dir = data!();
    let imported = strict(&dir, "wordpress-importer/valid-wxr-1.1.xml");
    let site = &imported.site;
    assert_eq!(site.posts.len(), 2);
    assert_eq!(site.authors.len(), 1);
    let john = &site.authors[0];
    assert_eq!(john.login.as_deref(), Some("john"));
    assert_eq!(john.id, AuthorId(2));
    assert_eq!(john.display_name, "John Doe");
    let alpha = term(site, &Taxonomy::Category, "alpha");
    assert_eq!(alpha.id.0, 3);
    let clippable = term(site, &Taxonomy::Tag, "clippable");
    assert_eq!(clippable.id.0, 22);
    let bieup = term(site, &Taxonomy::Other("post_tax".into()), "bieup");
    assert_eq!(bieup.id.0, 40);
    let page = site
        .posts
        .iter()
        .find(|p| p.kind == PostKind::Page)
        .unwrap();
    assert_eq!(page.meta.get("_wp_page_template"), Some("default"));
    let hello = post(site, "Hello world!");
    assert!(hello.terms.contains(&bieup.id));
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn slashes_survive() {
    let dir = data!();
    let site = strict(&dir, "wordpress-importer/slashes.xml").site;
    assert_eq!(
        term(&site, &Taxonomy::Category, "alpha").name,
        r#"a \"great\" category"#
    );
    assert_eq!(term(&site, &Taxonomy::Tag, "tag1").name, r"foo\'bar");
    assert_eq!(site.posts[0].content, r#"Slashes aren\'t \"cool\""#);
    assert_eq!(site.comments[0].content, r"\o/ ¯\_(ツ)_/¯");
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn utf8_challenges_survive_byte_for_byte() {
    let dir = data!();
    let name = "wordpress-importer/wxr-utf-8-challenges.xml";
    let raw = raw(&dir, name);
    let site = strict(&dir, name).site;
    assert_eq!(site.posts.len(), 1);
    assert_eq!(site.authors.len(), 1);
    let post = &site.posts[0];
    let item = &raw[raw.find("<item>").unwrap()..];
    assert_eq!(post.title, raw_cdata(item, "<title>"));
    assert_eq!(
        post.slug.as_ref().unwrap().as_str(),
        raw_cdata(&raw, "<wp:post_name>")
    );
    assert_eq!(post.content, raw_cdata(&raw, "<content:encoded>"));
    assert_eq!(
        post.excerpt.as_deref(),
        Some(raw_cdata(&raw, "<excerpt:encoded>"))
    );
    let author = &site.authors[0];
    assert_eq!(
        author.login.as_deref(),
        Some(raw_cdata(&raw, "<wp:author_login>"))
    );
    assert_eq!(
        author.display_name,
        raw_cdata(&raw, "<wp:author_display_name>")
    );
    assert_eq!(
        author.last_name.as_deref(),
        Some(raw_cdata(&raw, "<wp:author_last_name>"))
    );
    assert_eq!(post.authors, [author.id]);
    assert_eq!(post.meta.0[0].key, raw_cdata(item, "<wp:meta_key>"));
    assert_eq!(post.meta.0[0].value, raw_cdata(item, "<wp:meta_value>"));
    assert!(post.meta.0[0].key.starts_with("_pingme\u{200c}"));
    assert_eq!(
        post.meta.get("_special_chars"),
        Some("&#x202E;&#x202D;&#x200B;&#x200C;&#x200D;&#x2060;&#xFEFF;&#xFFFD;")
    );
    // The guid is escaped text: its entity is expanded.
    assert!(post.guid.as_deref().unwrap().contains("?p=1&test=💫"));
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn namespaces_are_matched_by_uri_not_prefix() {
    let dir = data!();
    let imported = strict(&dir, "wordpress-importer/namespace-edge-cases.xml");
    let site = &imported.site;
    let sources: Vec<Option<&str>> = site.posts.iter().map(|p| p.source_id.as_deref()).collect();
    assert_eq!(
        sources,
        [
            Some("999"),
            Some("2"),
            Some("3"),
            Some("4"),
            None,
            Some("6")
        ]
    );
    let logins: Vec<_> = site
        .authors
        .iter()
        .map(|a| a.login.as_deref().unwrap())
        .collect();
    assert_eq!(logins, ["real_user", "version_conflict"]);
    let ids: Vec<u64> = site.terms.iter().map(|t| t.id.0).collect();
    assert_eq!(ids, [100, 102]);
    // The post meta under a hijacked prefix is not WXR; the normal one is.
    let first = &site.posts[0];
    assert_eq!(first.meta.get("normal_key"), Some("normal_value"));
    assert_eq!(first.meta.get("malicious_key"), None);
    // The entity-like text inside CDATA is not expanded.
    assert!(site.posts[5].content.starts_with("&lol1;&lol1;"));
    // The item without an id is reported with its line.
    let missing = first_issue(&imported, "wxr.item.id.missing");
    assert_eq!(missing.location.as_ref().unwrap().line, Some(94));
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn escaped_cdata_terminators() {
    let dir = data!();
    let site = strict(&dir, "wordpress-importer/crazy-cdata-escaped.xml").site;
    let post = &site.posts[0];
    assert_eq!(post.content, "Content with nested <![CDATA[ tags ]]> :)");
    assert_eq!(post.meta.get("Closing CDATA"), Some("]]>"));
    assert_eq!(
        post.meta.get("Alot of CDATA"),
        Some("This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>")
    );
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn raw_cdata_terminator_is_rejected_strictly_and_recovered_leniently() {
    let dir = data!();
    let name = "wordpress-importer/crazy-cdata.xml";
    let (location, message) = syntax_error(import(&dir, name, BuildMode::Strict));
    assert_eq!((location.line, location.column), (Some(18), Some(67)));
    assert!(location.file.unwrap().ends_with("crazy-cdata.xml"));
    assert!(message.contains("]]>"), "{message}");
    let imported = lenient(&dir, name);
    let post = &imported.site.posts[0];
    assert_eq!(post.content, "Content with nested <![CDATA[ tags ]]> :)");
    assert_eq!(post.meta.get("Closing CDATA"), Some("]]>"));
    assert!(codes(&imported).contains(&"wxr.xml.recovered"));
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn malformed_files_fail_with_a_location() {
    let dir = data!();
    for (name, line) in [
        ("wordpress-importer/malformed.xml", 90),
        ("wordpress-importer/malformed-simple.xml", 14),
    ] {
        for mode in [BuildMode::Strict, BuildMode::Lenient] {
            match import(&dir, name, mode) {
                Err(ImportError::Syntax { location, message }) => {
                    assert_eq!(location.line, Some(line), "{name}: {message}");
                    assert!(location.column.is_some());
                    assert!(message.contains("malformed XML"), "{message}");
                }
                other => panic!("{name}: expected a syntax error, got {other:?}"),
            }
        }
    }
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn missing_and_invalid_versions_are_rejected() {
    let dir = data!();
    for mode in [BuildMode::Strict, BuildMode::Lenient] {
        let (location, message) = syntax_error(import(
            &dir,
            "wordpress-importer/missing-version-tag.xml",
            mode,
        ));
        assert!(message.contains("missing WXR version"), "{message}");
        assert!(location.line.is_some());
        let (location, message) = syntax_error(import(
            &dir,
            "wordpress-importer/invalid-version-tag.xml",
            mode,
        ));
        assert!(message.contains("invalid WXR version"), "{message}");
        assert_eq!((location.line, location.column), (Some(33), Some(21)));
    }
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn term_formats_trim_whitespace() {
    let dir = data!();
    let imported = strict(&dir, "wordpress-importer/term-formats.xml");
    let counts = imported.counts();
    assert_eq!(imported.site.posts.len(), 0);
    assert_eq!(counts.authors, 0);
    assert_eq!(counts.terms["category"], 2);
    assert_eq!(counts.terms["post_tag"], 3);
    let others: usize = counts
        .terms
        .iter()
        .filter(|(t, _)| *t != "category" && *t != "post_tag")
        .map(|(_, n)| n)
        .sum();
    assert_eq!(others, 2);
    assert_eq!(
        term(
            &imported.site,
            &Taxonomy::Other("custom-taxonomy".into()),
            "custom-taxonomy-item"
        )
        .id
        .0,
        6
    );
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn large_authors() {
    let dir = data!();
    assert_eq!(
        strict(&dir, "wordpress-importer/large-authors.xml")
            .site
            .authors
            .len(),
        300
    );
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn multiline_author_fields_are_trimmed() {
    let dir = data!();
    let site = strict(&dir, "wordpress-importer/authors-multiline.xml").site;
    let logins: Vec<_> = site
        .authors
        .iter()
        .map(|a| a.login.as_deref().unwrap())
        .collect();
    assert_eq!(logins, ["alice", "bob", "carol"]);
    let ids: Vec<u64> = site.authors.iter().map(|a| a.id.0).collect();
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(
        site.authors[0].email.as_ref().unwrap().as_str(),
        "alice@example.com"
    );
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn blank_lines_backslashes_and_cdata_pieces() {
    let dir = data!();
    let content = |name: &str| strict(&dir, name).site.posts[0].content.clone();
    assert_eq!(
        content("wordpress-importer/blank-lines.xml"),
        "first paragraph\n\nsecond paragraph"
    );
    assert!(content("wordpress-importer/post-content-blank-lines.xml").contains("\n\n"));
    assert!(content("wordpress-importer/backslashes.xml").contains(r"C:\xampp\htdocs"));
    assert_eq!(
        content("wordpress-importer/multiple-cdata.xml"),
        "line oneline twoline three"
    );
    assert!(content("wordpress-importer/cdata-edge.xml").ends_with("]] >"));
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn term_comment_and_post_meta_are_kept_verbatim() {
    let dir = data!();
    let site = strict(&dir, "wordpress-importer/term-meta.xml").site;
    assert_eq!(site.terms.len(), 1);
    assert_eq!(site.terms[0].meta.get("legacy_id"), Some("42"));

    let site = strict(&dir, "wordpress-importer/wxr-with-sub-data.xml").site;
    let custom = term(&site, &Taxonomy::Other("custom_tax".into()), "custom-term");
    assert_eq!(custom.meta.get("term_meta_key"), Some("term_meta_value"));
    assert_eq!(
        site.posts[0].meta.get("_test_meta_key"),
        Some("test_meta_value")
    );
    let comment = &site.comments[0];
    assert_eq!(comment.source_id.as_deref(), Some("201"));
    assert_eq!(comment.meta.len(), 1);
    assert_eq!(
        comment.meta.get("_comment_meta_key"),
        Some("comment_meta_value")
    );

    // PHP-serialised values are not decoded; 2 termmeta per term.
    let name = "wordpress-importer/test-serialized-term-meta.xml";
    let raw = raw(&dir, name);
    let site = strict(&dir, name).site;
    let declared: Vec<_> = site
        .terms
        .iter()
        .filter(|t| t.meta.get(wxr::keys::UNDECLARED).is_none())
        .collect();
    assert_eq!(declared.len(), 3);
    for term in &declared {
        let keys: Vec<_> = term.meta.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, ["string", "array"], "{}", term.name);
    }
    for term in &site.terms {
        for entry in term.meta.iter() {
            assert!(raw.contains(&entry.value), "{:?} not verbatim", entry.value);
        }
    }
    assert!(
        site.terms
            .iter()
            .any(|t| t.meta.iter().any(|e| e.value.starts_with("a:")))
    );
    for name in [
        "wordpress-importer/test-serialized-postmeta-no-cdata.xml",
        "wordpress-importer/test-serialized-postmeta-with-cdata.xml",
        "wordpress-importer/test-serialized-comment-meta.xml",
    ] {
        let imported = strict(&dir, name);
        let serialised = imported
            .site
            .posts
            .iter()
            .flat_map(|p| p.meta.iter())
            .chain(imported.site.comments.iter().flat_map(|c| c.meta.iter()))
            .filter(|e| !e.key.starts_with("wxr:"))
            .any(|e| e.value.starts_with("a:") || e.value.starts_with("s:"));
        assert!(serialised, "{name}: a serialised value is kept");
    }
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn flat_attachments() {
    let dir = data!();
    for name in [
        "wordpress-importer/wxr-flat-attachment-different-site.xml",
        "wordpress-importer/wxr-flat-attachment-same-site.xml",
    ] {
        let site = strict(&dir, name).site;
        let attachments: Vec<_> = site
            .posts
            .iter()
            .filter(|p| p.kind == PostKind::Attachment)
            .collect();
        assert_eq!(attachments.len(), 1, "{name}");
        assert_eq!(
            site.posts
                .iter()
                .filter(|p| p.kind == PostKind::Post)
                .count(),
            1
        );
        let url = attachments[0].meta.get(wxr::keys::ATTACHMENT_URL).unwrap();
        assert!(url.starts_with("http"), "{name}: {url}");
    }
    for name in [
        "wordpress-importer/wxr-simple.xml",
        "wordpress-importer/e2e-wxr-simple.xml",
        "wordpress-importer/e2e-wxr-comprehensive.xml",
        "wordpress-importer/e2e-wxr-base-url-rewriting.xml",
        "wordpress-importer/e2e-wxr-css-urls.xml",
    ] {
        let imported = strict(&dir, name);
        assert!(!imported.site.posts.is_empty(), "{name}");
    }
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn sample_xml_is_rejected_strictly_and_recovered_leniently() {
    let dir = data!();
    for name in [
        "tryghost-migrate/sample.xml",
        "tryghost-migrate/sample-no-slug.xml",
        "tryghost-migrate/multiple/attachments-only.xml",
    ] {
        match import(&dir, name, BuildMode::Strict) {
            Err(ImportError::Syntax { location, message }) => {
                assert!(location.line.is_some() && location.column.is_some());
                assert!(message.contains("malformed XML"), "{message}");
            }
            other => panic!("{name}: expected a syntax error, got {other:?}"),
        }
        let imported = lenient(&dir, name);
        let recovered = issues_with(&imported, "wxr.xml.recovered");
        assert!(!recovered.is_empty(), "{name}");
        assert!(
            recovered
                .iter()
                .all(|i| i.severity == Severity::Warning && i.location.is_some())
        );
        let attachment = imported
            .site
            .posts
            .iter()
            .find(|p| p.kind == PostKind::Attachment)
            .unwrap();
        assert!(
            attachment
                .meta
                .get(wxr::keys::ATTACHMENT_URL)
                .unwrap()
                .contains("&ixid=eyJhcHBfaWQiOjEyMDd9&auto=format")
        );
    }

    let imported = lenient(&dir, "tryghost-migrate/sample.xml");
    let site = &imported.site;
    let counts = imported.counts();
    assert_eq!(counts.posts_of_kind("post"), 3);
    assert_eq!(counts.posts_of_kind("page"), 1);
    assert_eq!(counts.posts_of_kind("customcpt"), 1);
    let date = |text: &str| Timestamp::parse_rfc3339(text).unwrap();
    let cut = date("2013-05-01T00:00:00Z");
    let mut posts: Vec<_> = site
        .posts
        .iter()
        .filter(|p| p.kind == PostKind::Post)
        .filter_map(|p| p.published)
        .collect();
    posts.sort_by(|a, b| b.cmp(a));
    let before: Vec<_> = posts.iter().filter(|d| **d < cut).collect();
    assert_eq!(before, [&date("2012-06-07T03:00:44Z")]);
    let after: Vec<_> = posts.iter().filter(|d| **d > cut).collect();
    assert_eq!(
        after,
        [&date("2013-11-02T23:02:32Z"), &date("2013-06-07T03:00:44Z")]
    );
    let between = posts
        .iter()
        .filter(|d| **d > date("2012-05-01T00:00:00Z") && **d < cut)
        .count();
    assert_eq!(between, 1);
    // "Basic Post" carries 3 WordPress terms; Ghost's migrator counts 5 because it adds two
    // internal tags of its own to every imported post.
    let basic = site
        .posts
        .iter()
        .find(|p| {
            p.slug
                .as_ref()
                .is_some_and(|s| s.as_str() == "basic-post.html")
        })
        .unwrap();
    assert_eq!(basic.title, "Basic Post");
    assert_eq!(
        post_terms(site, basic),
        [
            ("post_tag".to_owned(), "has-images".to_owned()),
            ("post_tag".into(), "programming".into()),
            ("category".into(), "company-news".into())
        ]
    );
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn co_authors_plus_authors_in_order_deduplicated() {
    let dir = data!();
    let site = strict(&dir, "tryghost-migrate/co-authors-plus.xml").site;
    let counts: Vec<usize> = site.posts.iter().map(|p| p.authors.len()).collect();
    assert_eq!(counts, [2, 3, 1, 2]);
    let login = |id: AuthorId| site.author(id).unwrap().login.clone().unwrap();
    let three: Vec<_> = site.posts[1].authors.iter().map(|a| login(*a)).collect();
    assert_eq!(three, ["alice-smith", "bob-jones", "carol-white"]);
    // Co-author terms resolved to authors are not turned into terms.
    assert!(site.terms.iter().all(|t| t.taxonomy.as_str() != "author"));
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn comments_keep_status_and_dates() {
    let dir = data!();
    let site = strict(&dir, "wordpress-importer/small-export.xml").site;
    let comment = &site.comments[0];
    assert_eq!(comment.status, CommentStatus::Approved);
    assert_eq!(comment.author_name, "Mr WordPress");
    assert_eq!(
        comment.author_url.as_ref().unwrap().as_str(),
        "http://wordpress.org/"
    );
    assert_eq!(comment.author_email, None);
    assert_eq!(
        comment.date.unwrap(),
        Timestamp::parse_rfc3339("2011-01-18T07:40:14+00:00").unwrap()
    );
    assert_eq!(comment.post, post(&site, "Hello world!").id);
    // Entities in CDATA are text: WordPress wrote `&#039;` and it stays.
    assert!(comment.content.contains("post&#039;s"));
}
