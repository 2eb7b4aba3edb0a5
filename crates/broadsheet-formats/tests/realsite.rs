//! Real sites as their owners know them (issue 13): packed and split input, conversions the
//! target accepts, selections, split output, redirects.

mod support;

use broadsheet_core::{BuildMode, PostKind, PostStatus, Selection, Site, Taxonomy};
use broadsheet_formats::convert::{self, ConvertOptions, GHOST_ID_KEY};
use broadsheet_formats::{Format, ImportOptions, SourceFormat, load, load_bytes, load_many, wxr};
use serde_json::Value;
use std::collections::HashSet;
use std::io::Write;
use support::*;

fn wxr_source() -> SourceFormat {
    SourceFormat {
        family: "wxr".into(),
        version: "1.2".into(),
    }
}

fn small_export() -> Option<Site> {
    let dir = wxr_data_dir()?;
    Some(lenient(&dir, "wordpress-importer/small-export.xml").site)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        writer
            .start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn gzip_and_zip_exports_are_read_directly() {
    let Some(site) = small_export() else { return };
    let xml = broadsheet_formats::to_bytes(&site, Format::Wxr).unwrap();
    let dir = tempfile::tempdir().unwrap();

    let gz = dir.path().join("export.xml.gz");
    std::fs::write(&gz, gzip(&xml)).unwrap();
    let from_gz = load(&gz, ImportOptions::default()).unwrap();
    assert_eq!(from_gz.site.posts, site.posts);
    assert_eq!(from_gz.format.family, "wxr");
    let from_gz_bytes = load_bytes(&gzip(&xml), ImportOptions::default()).unwrap();
    assert_eq!(from_gz_bytes.site.posts.len(), site.posts.len());

    // WordPress.com's download: a zip of the split export's parts.
    let parts = convert::split(&site, Format::Wxr, xml.len() as u64 / 2).unwrap();
    assert!(parts.len() >= 2, "{} parts", parts.len());
    let named: Vec<(String, Vec<u8>)> = parts
        .iter()
        .enumerate()
        .map(|(i, bytes)| {
            (
                format!("blog.wordpress.2024-01-01.{i:03}.xml"),
                bytes.clone(),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = named
        .iter()
        .map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
        .collect();
    let zip_path = dir.path().join("export.zip");
    std::fs::write(&zip_path, zip_of(&refs)).unwrap();
    let from_zip = load(&zip_path, ImportOptions::default()).unwrap();
    assert_eq!(from_zip.site.posts, site.posts);
    assert_eq!(from_zip.site.terms, site.terms);
    assert_eq!(from_zip.site.authors, site.authors);
    assert!(
        !reported(&from_zip, "import.merge.conflict"),
        "{:?}",
        from_zip.report
    );

    // A zip bomb stops at the size limit.
    let big = gzip(&vec![b' '; 1 << 20]);
    let limited = load_bytes(&big, ImportOptions::default().with_max_bytes(Some(1000)));
    assert!(
        matches!(
            limited,
            Err(broadsheet_formats::ImportError::TooLarge { .. })
        ),
        "{limited:?}"
    );
}

#[test]
fn a_split_export_is_one_site_and_parts_stay_under_the_limit() {
    let Some(site) = small_export() else { return };
    let whole = broadsheet_formats::to_bytes(&site, Format::Wxr).unwrap();
    let limit = whole.len() as u64 / 3;
    let parts = convert::split(&site, Format::Wxr, limit).unwrap();
    assert!(parts.len() >= 3, "{} parts", parts.len());
    let declarations = |bytes: &[u8]| {
        let text = std::str::from_utf8(bytes).unwrap();
        ["<wp:category>", "<wp:tag>", "<wp:term>", "<wp:author>"]
            .map(|element| text.matches(element).count())
    };
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (i, part) in parts.iter().enumerate() {
        // Each part is a complete WXR document: settings, authors, terms and some items.
        let alone = wxr::import_reader(part.as_slice(), options(BuildMode::Lenient)).unwrap();
        assert_eq!(alone.site.authors.len(), site.authors.len());
        assert_eq!(declarations(part), declarations(&whole), "part {i}");
        let items_alone = alone.site.posts.len();
        assert!(
            part.len() as u64 <= limit || items_alone == 1,
            "part {i} is {} bytes with {items_alone} items",
            part.len()
        );
        let path = convert::part_name(&dir.path().join("blog.xml"), i);
        std::fs::write(&path, part).unwrap();
        paths.push(path);
    }
    assert!(paths[1].ends_with("blog.001.xml"), "{:?}", paths[1]);
    let joined = load_many(&paths, ImportOptions::default()).unwrap();
    assert_eq!(joined.site.posts, site.posts);
    assert_eq!(joined.site.comments, site.comments);

    // Parts that disagree are reported, the first copy kept.
    let mut other = site.clone();
    other.posts[0].title = "Changed".into();
    let changed = dir.path().join("changed.json");
    broadsheet_formats::save(&other, &changed, Format::Json).unwrap();
    let original = dir.path().join("original.json");
    broadsheet_formats::save(&site, &original, Format::Json).unwrap();
    let joined = load_many(&[&original, &changed], ImportOptions::default()).unwrap();
    assert_eq!(joined.site.posts[0].title, site.posts[0].title);
    let conflicts = codes(&joined)
        .into_iter()
        .filter(|c| *c == "import.merge.conflict")
        .count();
    assert_eq!(conflicts, 1, "{:?}", joined.report);
}

#[test]
fn part_names_follow_wordpress_com() {
    use std::path::Path;
    assert_eq!(
        convert::part_name(Path::new("out/site.xml"), 0),
        Path::new("out/site.000.xml")
    );
    assert_eq!(
        convert::part_name(Path::new("site.ghost.json"), 12),
        Path::new("site.012.ghost.json")
    );
    assert_eq!(
        convert::part_name(Path::new("site"), 1),
        Path::new("site.001")
    );
    // And back: the whole a part belongs to.
    for index in [0, 7, 999] {
        for whole in ["out/site.xml", "site.ghost.json", "a.b.jsonl"] {
            let part = convert::part_name(Path::new(whole), index);
            assert_eq!(
                convert::part_of(&part),
                Some((Path::new(whole).to_path_buf(), index)),
                "{}",
                part.display()
            );
        }
    }
    assert_eq!(
        convert::part_of(Path::new("blog.wordpress.2024-01-01.001.xml")),
        Some((Path::new("blog.wordpress.2024-01-01.xml").to_path_buf(), 1))
    );
    for other in [
        "site.xml",
        "export.2024.xml",
        "site.01.xml",
        ".000.xml",
        "site.000",
    ] {
        assert_eq!(convert::part_of(Path::new(other)), None, "{other}");
    }
}

/// Ghost 5's import format (its schema's `posts`, `tags` and `users` columns), as Ghost's
/// importer reads a `db[0].data` export.
const GHOST_POST_FIELDS: &[&str] = &[
    "id",
    "uuid",
    "title",
    "slug",
    "mobiledoc",
    "lexical",
    "html",
    "comment_id",
    "plaintext",
    "feature_image",
    "featured",
    "type",
    "status",
    "locale",
    "visibility",
    "email_recipient_filter",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "published_at",
    "published_by",
    "custom_excerpt",
    "codeinjection_head",
    "codeinjection_foot",
    "custom_template",
    "canonical_url",
    "newsletter_id",
    "show_title_and_feature_image",
    "author_id",
    "page",
    "meta_title",
    "meta_description",
    "og_image",
    "og_title",
    "og_description",
    "twitter_image",
    "twitter_title",
    "twitter_description",
];
const GHOST_TAG_FIELDS: &[&str] = &[
    "id",
    "name",
    "slug",
    "description",
    "feature_image",
    "parent_id",
    "visibility",
    "og_image",
    "og_title",
    "og_description",
    "twitter_image",
    "twitter_title",
    "twitter_description",
    "meta_title",
    "meta_description",
    "codeinjection_head",
    "codeinjection_foot",
    "canonical_url",
    "accent_color",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];
const GHOST_USER_FIELDS: &[&str] = &[
    "id",
    "name",
    "slug",
    "password",
    "email",
    "profile_image",
    "cover_image",
    "bio",
    "website",
    "location",
    "facebook",
    "twitter",
    "accessibility",
    "status",
    "locale",
    "visibility",
    "meta_title",
    "meta_description",
    "tour",
    "last_seen",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
];
const GHOST_STATUSES: &[&str] = &["published", "draft", "scheduled", "sent"];
const GHOST_TYPES: &[&str] = &["post", "page"];

/// Every row of a Ghost export's table, checked against the fields Ghost accepts.
fn check_rows(data: &Value, table: &str, fields: &[&str], real: &HashSet<String>) -> usize {
    let rows = data[table]
        .as_array()
        .unwrap_or_else(|| panic!("no {table}"));
    for row in rows {
        let row = row.as_object().unwrap();
        for key in row.keys() {
            assert!(
                fields.contains(&key.as_str()) || real.contains(key),
                "{table} row has a field Ghost does not know: {key} in {row:?}"
            );
        }
        assert!(row["id"].is_string(), "{table}: {row:?}");
    }
    rows.len()
}

/// The fields of the real Ghost exports in the shared data, per table.
fn real_ghost_fields(table: &str) -> HashSet<String> {
    let mut fields = HashSet::new();
    if let Some(path) = ghost_file("default_export.ghost-2.9.0.json")
        && let Ok(text) = std::fs::read_to_string(path)
    {
        let value: Value = serde_json::from_str(&text).unwrap();
        for row in value["db"][0]["data"][table]
            .as_array()
            .into_iter()
            .flatten()
        {
            fields.extend(row.as_object().unwrap().keys().cloned());
        }
    }
    fields
}

#[test]
fn to_ghost_writes_only_what_ghost_imports_and_counts_the_rest() {
    let Some(mut site) = small_export() else {
        return;
    };
    // Menus, post formats, an attachment and a trashed post, as real WordPress sites have.
    let mut menu_item = site.posts[0].clone();
    menu_item.id = broadsheet_core::PostId(9001);
    menu_item.kind = PostKind::Other("nav_menu_item".into());
    site.posts.push(menu_item);
    let mut trashed = site.posts[0].clone();
    trashed.id = broadsheet_core::PostId(9002);
    trashed.status = PostStatus::Trash;
    site.posts.push(trashed);
    site.terms.push(broadsheet_core::Term::new(
        broadsheet_core::TermId(9001),
        Taxonomy::Other("nav_menu".into()),
        "Main",
        slug("main"),
    ));
    let categories: HashSet<_> = site
        .terms
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Category)
        .map(|t| t.id)
        .collect();
    let first_category_of = |site: &Site, title: &str| {
        let post = site.posts.iter().find(|p| p.title == title).unwrap();
        let id = post.terms.iter().find(|t| categories.contains(t)).copied();
        id.and_then(|id| site.term(id)).map(|t| t.slug.to_string())
    };
    let with_categories = site
        .posts
        .iter()
        .find(|p| {
            p.kind == PostKind::Post
                && p.terms.iter().filter(|t| categories.contains(t)).count() > 0
                && p.terms.len() > 1
        })
        .map(|p| p.title.clone())
        .expect("small-export has a post with categories and tags");
    let primary_expected = first_category_of(&site, &with_categories).unwrap();

    let converted = convert::convert(
        site.clone(),
        &wxr_source(),
        Format::Ghost,
        &ConvertOptions::default(),
    )
    .unwrap();
    assert_eq!(converted.files.len(), 1);
    let value: Value = serde_json::from_slice(&converted.files[0]).unwrap();
    let data = &value["db"][0]["data"];
    let posts = check_rows(
        data,
        "posts",
        GHOST_POST_FIELDS,
        &real_ghost_fields("posts"),
    );
    check_rows(data, "tags", GHOST_TAG_FIELDS, &real_ghost_fields("tags"));
    let users = check_rows(
        data,
        "users",
        GHOST_USER_FIELDS,
        &real_ghost_fields("users"),
    );
    assert_eq!(users, site.authors.len());
    for post in data["posts"].as_array().unwrap() {
        assert!(
            GHOST_TYPES.contains(&post["type"].as_str().unwrap()),
            "{post}"
        );
        assert!(
            GHOST_STATUSES.contains(&post["status"].as_str().unwrap()),
            "{post}"
        );
    }
    for user in data["users"].as_array().unwrap() {
        assert!(
            user["email"].as_str().is_some_and(|e| e.contains('@')),
            "{user}"
        );
    }
    let expected_posts = site
        .posts
        .iter()
        .filter(|p| matches!(p.kind, PostKind::Post | PostKind::Page))
        .filter(|p| p.status != PostStatus::Trash)
        .count();
    assert_eq!(posts, expected_posts);
    // No menu or post-format tag; categories are tags.
    let tag_slugs: Vec<&str> = data["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["slug"].as_str().unwrap())
        .collect();
    assert!(!tag_slugs.contains(&"main"));
    assert!(tag_slugs.contains(&primary_expected.as_str()));
    // The first category is the primary tag: first in the post's tag links.
    let ghost_post = data["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["title"] == with_categories.as_str())
        .unwrap();
    let first_link = data["posts_tags"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["post_id"] == ghost_post["id"])
        .min_by_key(|l| l["sort_order"].as_u64().unwrap())
        .unwrap();
    let primary = data["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == first_link["tag_id"])
        .unwrap();
    assert_eq!(primary["slug"], primary_expected.as_str());
    // Every dropped kind is counted.
    let left: Vec<String> = converted
        .left_out
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert!(
        left.iter()
            .any(|l| l.starts_with("1 menu items (nav_menu_item)")),
        "{left:?}"
    );
    assert!(
        left.iter()
            .any(|l| l.starts_with("1 trash posts and pages")),
        "{left:?}"
    );
    assert!(
        left.iter()
            .any(|l| l.starts_with("1 menus (nav_menu terms)")),
        "{left:?}"
    );
    assert!(left.iter().any(|l| l.contains("comments")), "{left:?}");
    // What Broadsheet wrote, Broadsheet reads back.
    let back = broadsheet_formats::ghost::import_str(
        std::str::from_utf8(&converted.files[0]).unwrap(),
        options(BuildMode::Lenient),
    )
    .unwrap();
    assert_eq!(back.site.posts.len(), expected_posts);
}

#[test]
fn wxr_from_ghost_has_sequential_integer_ids_and_keeps_ghost_ids_in_meta() {
    let Some(path) = ghost_file("default_export.ghost-2.9.0.json") else {
        return;
    };
    let imported = load(&path, ImportOptions::default()).unwrap();
    let ghost_ids: Vec<String> = imported
        .site
        .posts
        .iter()
        .map(|p| p.source_id.clone().unwrap())
        .collect();
    let has_ghost_meta = imported
        .site
        .posts
        .iter()
        .any(|p| p.meta.iter().any(|e| e.key.starts_with("ghost:")));
    assert!(has_ghost_meta, "the Ghost export carries Ghost-only fields");
    let converted = convert::convert(
        imported.site.clone(),
        &imported.format,
        Format::Wxr,
        &ConvertOptions::default(),
    )
    .unwrap();
    let back = wxr::import_reader(converted.files[0].as_slice(), options(BuildMode::Strict))
        .unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<u64> = back
        .site
        .posts
        .iter()
        .map(|p| p.source_id.as_deref().unwrap().parse().unwrap())
        .collect();
    let unique: HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(ids, (1..=ids.len() as u64).collect::<Vec<_>>());
    let kept: Vec<String> = back
        .site
        .posts
        .iter()
        .map(|p| p.meta.get(GHOST_ID_KEY).unwrap().to_owned())
        .collect();
    assert_eq!(kept, ghost_ids);
    assert!(
        back.site
            .posts
            .iter()
            .all(|p| p.meta.iter().all(|e| !e.key.starts_with("ghost:"))),
        "Ghost-only meta is left out"
    );
    for author in &back.site.authors {
        assert!(author.source_id.as_deref().unwrap().parse::<u64>().is_ok());
    }
    // --keep-source-meta keeps it.
    let kept = convert::convert(
        imported.site,
        &imported.format,
        Format::Wxr,
        &ConvertOptions {
            keep_source_meta: true,
            ..ConvertOptions::default()
        },
    )
    .unwrap();
    let back = wxr::import_reader(kept.files[0].as_slice(), options(BuildMode::Lenient)).unwrap();
    assert!(
        back.site
            .posts
            .iter()
            .any(|p| p.meta.iter().any(|e| e.key.starts_with("ghost:")))
    );
}

#[test]
fn selection_keeps_kinds_statuses_filters_and_dates() {
    let Some(site) = small_export() else { return };
    let published_posts = site
        .posts
        .iter()
        .filter(|p| p.kind == PostKind::Post && p.status == PostStatus::Published)
        .count();
    let selection = Selection {
        kinds: vec![PostKind::Post],
        statuses: vec![PostStatus::Published],
        ..Selection::default()
    };
    let (kept, unselected) = selection.apply(site.clone()).unwrap();
    assert_eq!(kept.posts.len(), published_posts);
    assert_eq!(unselected.posts, site.posts.len() - published_posts);
    assert_eq!(kept.terms, site.terms);
    assert!(kept.comments.iter().all(|c| kept.post(c.post).is_some()));

    // A filter string, as `--filter`.
    let filter = broadsheet_core::parse_filter("kind:page").unwrap();
    let (pages, _) = Selection {
        filter: Some(filter),
        ..Selection::default()
    }
    .apply(site.clone())
    .unwrap();
    assert!(!pages.posts.is_empty());
    assert!(pages.posts.iter().all(|p| p.kind == PostKind::Page));
    assert_eq!(
        pages.posts.len(),
        site.posts
            .iter()
            .filter(|p| p.kind == PostKind::Page)
            .count()
    );

    // Dates: inclusive, in the local calendar.
    let mut dates: Vec<_> = site
        .posts
        .iter()
        .filter_map(|p| p.published.map(|t| t.local_date()))
        .collect();
    dates.sort();
    let middle = dates[dates.len() / 2];
    let (since, _) = Selection {
        since: Some(middle),
        ..Selection::default()
    }
    .apply(site.clone())
    .unwrap();
    let (until, _) = Selection {
        until: Some(middle),
        ..Selection::default()
    }
    .apply(site.clone())
    .unwrap();
    assert_eq!(
        since.posts.len(),
        dates.iter().filter(|d| **d >= middle).count()
    );
    assert_eq!(
        until.posts.len(),
        dates.iter().filter(|d| **d <= middle).count()
    );
}

/// One `<item>` of a WordPress export.
#[allow(clippy::too_many_arguments)]
fn item(
    id: u64,
    title: &str,
    link: &str,
    date: &str,
    name: &str,
    status: &str,
    kind: &str,
    parent: u64,
    categories: &str,
) -> String {
    format!(
        r#"	<item>
		<title><![CDATA[{title}]]></title>
		<link>{link}</link>
		<pubDate>Mon, 01 May 2023 10:00:00 +0000</pubDate>
		<dc:creator><![CDATA[admin]]></dc:creator>
		<guid isPermaLink="false">https://example.com/?p={id}</guid>
		<description></description>
		<content:encoded><![CDATA[<!-- wp:paragraph --><p>Text {id}</p><!-- /wp:paragraph -->]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>{id}</wp:post_id>
		<wp:post_date><![CDATA[{date}]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[{date}]]></wp:post_date_gmt>
		<wp:post_modified><![CDATA[{date}]]></wp:post_modified>
		<wp:post_modified_gmt><![CDATA[{date}]]></wp:post_modified_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[{name}]]></wp:post_name>
		<wp:status><![CDATA[{status}]]></wp:status>
		<wp:post_parent>{parent}</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[{kind}]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
{categories}	</item>
"#
    )
}

/// A WordPress 6.x export as WordPress writes it (`wp export`, Tools > Export): categories and
/// tags declared twice (`wp:category`/`wp:tag` and `wp:term`), menus, the theme's global
/// styles, navigation and templates, an untitled post, a draft, an attachment, all with the
/// links WordPress gives them under `structure`.
fn wordpress_export(home: &str, structure: &str, extra_kinds: &[&str]) -> String {
    let post_link = |year: &str, month: &str, day: &str, name: &str| {
        let path = structure
            .replace("%year%", year)
            .replace("%monthnum%", month)
            .replace("%day%", day)
            .replace("%postname%", name);
        format!("{home}{path}")
    };
    let cat = |slug: &str, name: &str| {
        format!(
            "\t\t<category domain=\"category\" nicename=\"{slug}\"><![CDATA[{name}]]></category>\n"
        )
    };
    let tag = |slug: &str, name: &str| {
        format!(
            "\t\t<category domain=\"post_tag\" nicename=\"{slug}\"><![CDATA[{name}]]></category>\n"
        )
    };
    let mut items = String::new();
    items += &item(
        10,
        "Hello world!",
        &post_link("2023", "05", "01", "hello-world"),
        "2023-05-01 10:00:00",
        "hello-world",
        "publish",
        "post",
        0,
        &(cat("news", "News") + &tag("kyrgyzstan", "Kyrgyzstan")),
    );
    items += &item(
        11,
        "Second post",
        &post_link("2023", "06", "02", "second-post"),
        "2023-06-02 09:30:00",
        "second-post",
        "publish",
        "post",
        0,
        &cat("uncategorized", "Uncategorized"),
    );
    // WordPress allows an untitled post; its slug is its id.
    items += &item(
        12,
        "",
        &post_link("2023", "07", "03", "12"),
        "2023-07-03 08:00:00",
        "12",
        "publish",
        "post",
        0,
        &cat("uncategorized", "Uncategorized"),
    );
    items += &item(
        13,
        "A draft",
        &format!("{home}/?p=13"),
        "2023-08-01 08:00:00",
        "",
        "draft",
        "post",
        0,
        "",
    );
    items += &item(
        20,
        "About",
        &format!("{home}/about/"),
        "2023-01-01 08:00:00",
        "about",
        "publish",
        "page",
        0,
        "",
    );
    items += &item(
        21,
        "Team",
        &format!("{home}/about/team/"),
        "2023-01-01 08:00:00",
        "team",
        "publish",
        "page",
        20,
        "",
    );
    items += &item(
        30,
        "photo",
        &format!("{}photo/", post_link("2023", "05", "01", "hello-world")),
        "2023-05-01 10:00:00",
        "photo",
        "inherit",
        "attachment",
        10,
        "",
    );
    // Menu items: their slugs repeat across menus; they have no address of their own.
    for (id, name) in [(40, "home"), (41, "home"), (42, "about")] {
        items += &item(
            id,
            "",
            &format!("{home}/?p={id}"),
            "2023-01-01 08:00:00",
            name,
            "publish",
            "nav_menu_item",
            0,
            "\t\t<category domain=\"nav_menu\" nicename=\"main\"><![CDATA[Main]]></category>\n",
        );
    }
    for (id, kind, name) in [
        (50, "wp_global_styles", "wp-global-styles-twentytwentyfour"),
        (51, "wp_global_styles", "wp-global-styles-twentytwentyfour"),
        (52, "wp_navigation", "navigation"),
        (53, "wp_navigation", "navigation"),
        (54, "wp_template", "home"),
    ] {
        items += &item(
            id,
            "Custom Styles",
            &format!("{home}/?p={id}"),
            "2023-01-01 08:00:00",
            name,
            "publish",
            kind,
            0,
            "\t\t<category domain=\"wp_theme\" nicename=\"twentytwentyfour\"><![CDATA[twentytwentyfour]]></category>\n",
        );
    }
    for (n, kind) in extra_kinds.iter().enumerate() {
        for copy in 0..2 {
            let id = 60 + n as u64 * 2 + copy;
            items += &item(
                id,
                "Entry",
                &format!("{home}/?post_type={kind}&amp;p={id}"),
                "2023-01-01 08:00:00",
                "entry",
                "publish",
                kind,
                0,
                "",
            );
        }
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" ?>
<!-- generator="WordPress/6.4.2" created="2024-01-01 10:00" -->
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>A real site</title>
	<link>{home}</link>
	<description>Just another WordPress site</description>
	<pubDate>Mon, 01 Jan 2024 10:00:00 +0000</pubDate>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>{home}</wp:base_site_url>
	<wp:base_blog_url>{home}</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[admin]]></wp:author_login><wp:author_email><![CDATA[admin@example.com]]></wp:author_email><wp:author_display_name><![CDATA[admin]]></wp:author_display_name><wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>
	<wp:category>
		<wp:term_id>1</wp:term_id>
		<wp:category_nicename><![CDATA[uncategorized]]></wp:category_nicename>
		<wp:category_parent><![CDATA[]]></wp:category_parent>
		<wp:cat_name><![CDATA[Uncategorized]]></wp:cat_name>
	</wp:category>
	<wp:category>
		<wp:term_id>2</wp:term_id>
		<wp:category_nicename><![CDATA[news]]></wp:category_nicename>
		<wp:category_parent><![CDATA[]]></wp:category_parent>
		<wp:cat_name><![CDATA[News]]></wp:cat_name>
	</wp:category>
	<wp:tag>
		<wp:term_id>3</wp:term_id>
		<wp:tag_slug><![CDATA[kyrgyzstan]]></wp:tag_slug>
		<wp:tag_name><![CDATA[Kyrgyzstan]]></wp:tag_name>
	</wp:tag>
	<wp:term><wp:term_id>1</wp:term_id><wp:term_taxonomy><![CDATA[category]]></wp:term_taxonomy><wp:term_slug><![CDATA[uncategorized]]></wp:term_slug><wp:term_parent><![CDATA[]]></wp:term_parent><wp:term_name><![CDATA[Uncategorized]]></wp:term_name></wp:term>
	<wp:term><wp:term_id>2</wp:term_id><wp:term_taxonomy><![CDATA[category]]></wp:term_taxonomy><wp:term_slug><![CDATA[news]]></wp:term_slug><wp:term_parent><![CDATA[]]></wp:term_parent><wp:term_name><![CDATA[News]]></wp:term_name></wp:term>
	<wp:term><wp:term_id>3</wp:term_id><wp:term_taxonomy><![CDATA[post_tag]]></wp:term_taxonomy><wp:term_slug><![CDATA[kyrgyzstan]]></wp:term_slug><wp:term_parent><![CDATA[]]></wp:term_parent><wp:term_name><![CDATA[Kyrgyzstan]]></wp:term_name></wp:term>
	<wp:term><wp:term_id>4</wp:term_id><wp:term_taxonomy><![CDATA[nav_menu]]></wp:term_taxonomy><wp:term_slug><![CDATA[main]]></wp:term_slug><wp:term_parent><![CDATA[]]></wp:term_parent><wp:term_name><![CDATA[Main]]></wp:term_name></wp:term>
	<wp:term><wp:term_id>5</wp:term_id><wp:term_taxonomy><![CDATA[wp_theme]]></wp:term_taxonomy><wp:term_slug><![CDATA[twentytwentyfour]]></wp:term_slug><wp:term_parent><![CDATA[]]></wp:term_parent><wp:term_name><![CDATA[twentytwentyfour]]></wp:term_name></wp:term>

	<generator>https://wordpress.org/?v=6.4.2</generator>
{items}</channel>
</rss>
"#
    )
}

/// The generated WordPress 6 site and a WordPress.com one (day-and-name links, Jetpack's
/// feedback entries).
fn genuine_exports() -> Vec<(&'static str, String)> {
    vec![
        (
            "wordpress-6",
            wordpress_export("https://example.com", "/%year%/%monthnum%/%postname%/", &[]),
        ),
        (
            "wordpress-com",
            wordpress_export(
                "https://example.wordpress.com",
                "/%year%/%monthnum%/%day%/%postname%/",
                &["feedback"],
            ),
        ),
    ]
}

#[test]
fn genuine_wordpress_exports_validate_clean_and_build_strictly() {
    for (name, text) in genuine_exports() {
        let opened = broadsheet_formats::open_bytes(text.as_bytes(), options(BuildMode::Strict))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let report = opened.report();
        assert!(!report.has_errors(), "{name}:\n{report}");
        // The category declared twice is one term, without a word.
        let terms = opened.archive.snapshot().to_site().terms;
        assert_eq!(
            terms
                .iter()
                .filter(|t| t.slug.as_str() == "uncategorized")
                .count(),
            1,
            "{name}"
        );
        assert_eq!(terms.len(), 5, "{name}: {terms:?}");
        let codes: Vec<&str> = report.issues.iter().map(|i| i.code.as_str()).collect();
        assert!(
            !codes.iter().any(|c| c.contains("duplicate")),
            "{name}: {codes:?}"
        );
        // The untitled post is a warning, once.
        assert_eq!(codes, ["post.title.empty"], "{name}:\n{report}");
    }
}

#[test]
fn every_permalink_of_an_imported_item_is_its_link() {
    use broadsheet_core::permalink::{PermalinkStructure, permalink};
    for (name, text) in genuine_exports() {
        let imported = wxr::import_str(&text, options(BuildMode::Strict)).unwrap();
        let site = &imported.site;
        for post in &site.posts {
            let link = post.meta.get(wxr::keys::LINK).unwrap();
            assert_eq!(permalink(site, post), link, "{name}: {}", post.id);
        }
        let structure = PermalinkStructure::of(site);
        let expected = if name == "wordpress-6" {
            "/%year%/%monthnum%/%postname%/"
        } else {
            "/%year%/%monthnum%/%day%/%postname%/"
        };
        assert_eq!(structure.as_str(), expected, "{name}");
        // Posts, pages and the attachment follow the structure; only the kinds without an
        // address keep their own (query) links.
        let own: Vec<&str> = site
            .posts
            .iter()
            .filter(|p| {
                p.meta
                    .get(broadsheet_core::permalink::OWN_LINK_KEY)
                    .is_some()
            })
            .map(|p| p.kind.as_str())
            .collect();
        assert!(
            own.iter()
                .all(|k| !matches!(*k, "post" | "page" | "attachment")),
            "{name}: {own:?}"
        );
        // The archive's summaries print the same links.
        let snapshot = broadsheet_core::Snapshot::from_site(site.clone());
        let page = snapshot
            .query(
                &broadsheet_core::Query::new().page(1, 100),
                broadsheet_core::Viewer::Anonymous,
            )
            .unwrap();
        for summary in snapshot.summaries(&page.posts) {
            let post = site.post(summary.id).unwrap();
            assert_eq!(summary.permalink, post.meta.get(wxr::keys::LINK).unwrap());
        }
    }
    // The shared data: every item whose link a structure or its own link gives.
    let Some(dir) = wxr_data_dir() else { return };
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("wxr/wordpress-importer")).unwrap() {
        let path = entry.unwrap().path();
        let Ok(imported) = wxr::import_file(&path, options(BuildMode::Lenient)) else {
            continue;
        };
        let site = &imported.site;
        for post in &site.posts {
            if let Some(link) = post.meta.get(wxr::keys::LINK)
                && !link.trim().is_empty()
            {
                assert_eq!(
                    permalink(site, post),
                    link.trim(),
                    "{}: {}",
                    path.display(),
                    post.id
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 30, "{checked}");
}

#[test]
fn one_root_cause_gives_one_issue() {
    let Some(dir) = wxr_data_dir() else { return };
    let path = wxr_path(&dir, "tryghost-migrate/has-meta.xml");
    let opened = broadsheet_formats::open_path(&path, options(BuildMode::Lenient)).unwrap();
    let report = opened.report();
    let at_slug: Vec<_> = report
        .issues
        .iter()
        .filter(|i| i.path == "terms[0].slug")
        .collect();
    assert_eq!(at_slug.len(), 1, "{report}");
    assert_eq!(at_slug[0].code, "term.slug.invalid");
    assert!(
        at_slug[0]
            .location
            .as_ref()
            .is_some_and(|l| l.line.is_some())
    );
}
