//! Ghost exports from Ghost's own test suite (see `shared/data/README.md`): what Ghost expects
//! of them, and round trips through export.

mod support;

use broadsheet_core::{
    AuthorId, BuildMode, PostKind, PostStatus, Severity, SiteTimeZone, Taxonomy, TermId,
};
use broadsheet_formats::{ImportOptions, Imported, ghost};
use chrono::{TimeZone, Utc};
use support::{
    assert_updated_and_created, data_dir, epoch_millis, files_under, first_issue, ghost_file,
    issues_with, options, reported,
};

fn import(name: &str) -> Option<Imported> {
    let path = ghost_file(name)?;
    Some(ghost::import_file(&path, ImportOptions::default()).expect("imports"))
}

fn author_named(imported: &Imported, name: &str) -> AuthorId {
    imported
        .site
        .authors
        .iter()
        .find(|author| author.display_name == name)
        .unwrap_or_else(|| panic!("no author {name}"))
        .id
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn default_export_2_9_0() {
    let Some(imported) = import("default_export.ghost-2.9.0.json") else {
        return;
    };
    assert_eq!(imported.format.family, "ghost");
    assert_eq!(imported.format.version, "2.9.0");
    assert_eq!(imported.report.errors().count(), 0, "{}", imported.report);
    let site = &imported.site;
    assert_eq!(site.settings.title, "Ghost");
    assert_eq!(
        site.settings.description,
        "The professional publishing platform"
    );
    assert_eq!(
        site.settings.time_zone,
        SiteTimeZone::parse("Etc/UTC").unwrap()
    );

    // 7 published posts.
    let counts = imported.counts();
    assert_eq!(site.posts.len(), 7);
    assert_eq!(counts.posts_with("post", "published"), 7);
    assert!(
        site.posts
            .iter()
            .all(|p| p.kind == PostKind::Post && p.status == PostStatus::Published)
    );

    // 1 tag, getting-started, on all 7.
    assert_eq!(site.terms.len(), 1);
    let tag = &site.terms[0];
    assert_eq!(tag.taxonomy, Taxonomy::Tag);
    assert_eq!(tag.slug.as_str(), "getting-started");
    assert_eq!(tag.name, "Getting Started");
    assert_eq!(tag.source_id.as_deref(), Some("5c2ca6dfe015a676161822f3"));
    assert_eq!(tag.meta.get("ghost:visibility"), Some("public"));
    assert!(site.posts.iter().all(|p| p.terms == vec![tag.id]));

    // 2 users; every post authored by "Ghost".
    assert_eq!(site.authors.len(), 2);
    let ghost_author = author_named(&imported, "Ghost");
    assert!(site.posts.iter().all(|p| p.authors == vec![ghost_author]));
    let author = site.author(ghost_author).unwrap();
    assert_eq!(author.slug.as_str(), "ghost");
    assert_eq!(
        author.source_id.as_deref(),
        Some("5951f5fca366002ebd5dbef7")
    );
    assert_eq!(author.url.as_ref().unwrap().as_str(), "https://ghost.org");
    assert_eq!(
        author.avatar.as_ref().unwrap().as_str(),
        "https://static.ghost.org/v2.0.0/images/ghost.png"
    );
    assert_eq!(author.meta.get("ghost:role"), Some("Author"));
    let owner = site.author(author_named(&imported, "Joe Bloggs")).unwrap();
    assert_eq!(owner.meta.get("ghost:role"), Some("Owner"));
    assert_eq!(
        owner.email.as_ref().unwrap().as_str(),
        "jbloggs@example.com"
    );

    // One post field by field.
    let themes = site
        .posts
        .iter()
        .find(|p| p.slug.as_ref().is_some_and(|s| s.as_str() == "themes"))
        .unwrap();
    assert_eq!(
        themes.source_id.as_deref(),
        Some("5c2ca6dfe015a6761618233f")
    );
    assert_eq!(themes.title, "Creating a custom theme");
    assert!(
        themes
            .content
            .starts_with("<p>Ghost comes with a beautiful default theme")
    );
    assert!(
        themes
            .excerpt
            .as_deref()
            .unwrap()
            .starts_with("Ghost comes with a beautiful default theme")
    );
    assert!(!themes.sticky);
    assert_eq!(
        themes.published.unwrap().utc(),
        Utc.with_ymd_and_hms(2019, 1, 2, 11, 56, 15).unwrap()
    );
    assert_eq!(themes.published.unwrap().offset_seconds(), 0);
    assert!(
        themes
            .meta
            .get("ghost:mobiledoc")
            .unwrap()
            .starts_with("{\"version\":\"0.3.1\"")
    );
    assert!(themes.meta.get("ghost:plaintext").is_some());
    assert_eq!(
        themes.meta.get("ghost:feature_image"),
        Some("https://static.ghost.org/v2.0.0/images/creating-a-custom-theme.jpg")
    );
    assert_eq!(themes.meta.get("ghost:visibility"), Some("public"));
    assert_eq!(
        themes.meta.get("ghost:created_at"),
        Some("2019-01-02T11:56:15.000Z")
    );

    // Secrets are not carried, and their dropping is reported.
    assert!(
        site.settings
            .meta
            .iter()
            .all(|e| !e.key.contains("members_private_key") && !e.key.contains("session_secret"))
    );
    assert!(
        site.authors
            .iter()
            .all(|a| a.meta.iter().all(|e| !e.key.contains("password")))
    );
    assert!(reported(&imported, "ghost.secret.dropped"));
    let ignored = first_issue(&imported, "ghost.table.ignored");
    assert!(
        ignored.message.contains("permissions (64 rows)"),
        "{}",
        ignored.message
    );
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn valid_1_20_0() {
    let Some(imported) = import("valid.ghost-1.20.0.json") else {
        return;
    };
    assert_eq!(imported.format.version, "1.20.0");
    assert_eq!(imported.report.errors().count(), 0, "{}", imported.report);
    let site = &imported.site;
    assert_eq!(site.settings.title, "a test blog");
    // 2 posts, 1 tag, 1 user, 1 post-tag link.
    assert_eq!(site.posts.len(), 2);
    assert_eq!(site.terms.len(), 1);
    assert_eq!(site.authors.len(), 1);
    let links: usize = site.posts.iter().map(|p| p.terms.len()).sum();
    assert_eq!(links, 1);
    let tagged = site.posts.iter().find(|p| !p.terms.is_empty()).unwrap();
    assert_eq!(
        tagged.source_id.as_deref(),
        Some("59a952be7d79ed06b0d21127")
    );
    assert_eq!(site.term(tagged.terms[0]).unwrap().slug.as_str(), "tag1");
    // posts_authors is empty in 1.x: authors come from author_id.
    let user = &site.authors[0];
    assert_eq!(user.display_name, "Joe Blogg's Brother");
    assert!(site.posts.iter().all(|p| p.authors == vec![user.id]));
    // A relative profile image is not an absolute URL: kept in meta, not an error.
    assert_eq!(user.avatar, None);
    assert_eq!(
        user.meta.get("ghost:profile_image"),
        Some("/content/images/2017/05/authorlogo.jpeg")
    );
    assert_eq!(
        user.url.as_ref().unwrap().as_str(),
        "http://joebloggsbrother.com"
    );
    assert_eq!(site.posts[0].meta.get("ghost:amp"), Some("1"));
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn legacy_003_duplicate_tags_collapse() {
    let Some(imported) = import("lts-export-003-duplicate-tags.json") else {
        return;
    };
    assert_eq!(imported.format.version, "003");
    assert_eq!(imported.report.errors().count(), 0, "{}", imported.report);
    let site = &imported.site;
    assert_eq!(site.posts.len(), 1);
    // Two identical tags collapse to 1.
    assert_eq!(site.terms.len(), 1);
    let tag = &site.terms[0];
    assert_eq!(tag.slug.as_str(), "getting-started");
    assert_eq!(tag.source_id.as_deref(), Some("1"));
    // Links re-pointed: the post links to the kept tag once.
    let post = &site.posts[0];
    assert_eq!(post.terms, vec![tag.id]);
    // The duplicate is reported, at the duplicate's JSON path.
    let duplicate = issues_with(&imported, "ghost.tag.duplicate");
    assert_eq!(duplicate.len(), 1);
    assert_eq!(duplicate[0].severity, Severity::Warning);
    let location = duplicate[0].location.as_ref().unwrap();
    assert_eq!(location.json_path.as_deref(), Some("data.tags[1]"));
    assert!(
        location
            .file
            .as_deref()
            .unwrap()
            .ends_with("lts-export-003-duplicate-tags.json")
    );
    assert!(
        duplicate[0].message.contains("tag \"2\""),
        "{}",
        duplicate[0].message
    );
    assert!(
        duplicate[0].message.contains("1 link(s) re-pointed"),
        "{}",
        duplicate[0].message
    );
    assert!(
        duplicate[0].message.contains("`uuid`"),
        "{}",
        duplicate[0].message
    );

    // Integer ids and epoch-millisecond dates.
    assert_eq!(post.source_id.as_deref(), Some("1"));
    assert_eq!(post.title, "Welcome to Ghost");
    assert_eq!(post.content, "<p>You're live! Nice.</p>");
    assert_eq!(post.meta.get("ghost:markdown"), Some("You're live! Nice."));
    assert_eq!(
        post.published.unwrap().utc(),
        epoch_millis(1_388_318_310_783)
    );
    assert_updated_and_created(post, 1_388_318_310_782, "2013-12-29T11:58:30.782Z");
    assert_eq!(post.authors, vec![site.authors[0].id]);
    assert_eq!(site.authors[0].slug.as_str(), "joe-bloggs");
    assert_eq!(
        site.authors[0].meta.get("ghost:role"),
        Some("Administrator")
    );
    assert_eq!(site.terms[0].id, TermId(1));
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn every_file_round_trips_through_export() {
    let Some(dir) = data_dir() else {
        return;
    };
    let files: Vec<_> = files_under(&dir, "ghost", "json")
        .into_iter()
        .map(|name| dir.join("ghost").join(name))
        .collect();
    assert!(files.len() >= 3);
    for path in files {
        let first = ghost::import_file(&path, ImportOptions::default()).unwrap();
        let exported = ghost::export(&first.site);
        let second =
            ghost::import_str(&ghost::export_string(&first.site), ImportOptions::default())
                .unwrap();
        assert_eq!(second.site, first.site, "{}", path.display());
        assert_eq!(second.format.version, ghost::EXPORT_VERSION);
        assert_eq!(second.report.errors().count(), 0, "{}", second.report);
        // Export is stable: exporting the re-imported site gives the same JSON.
        assert_eq!(ghost::export(&second.site), exported, "{}", path.display());
        // Ghost ids come back.
        let data = &exported["db"][0]["data"];
        for (post, row) in first
            .site
            .posts
            .iter()
            .zip(data["posts"].as_array().unwrap())
        {
            assert_eq!(row["id"].as_str(), post.source_id.as_deref());
        }
        for (tag, row) in first
            .site
            .terms
            .iter()
            .zip(data["tags"].as_array().unwrap())
        {
            assert_eq!(row["id"].as_str(), tag.source_id.as_deref());
        }
        for (user, row) in first
            .site
            .authors
            .iter()
            .zip(data["users"].as_array().unwrap())
        {
            assert_eq!(row["id"].as_str(), user.source_id.as_deref());
        }
    }
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn conformance_files_pass_strict_import() {
    for name in [
        "default_export.ghost-2.9.0.json",
        "valid.ghost-1.20.0.json",
        "lts-export-003-duplicate-tags.json",
    ] {
        let Some(path) = ghost_file(name) else {
            return;
        };
        let imported = ghost::import_file(&path, options(BuildMode::Strict)).unwrap();
        assert!(!imported.site.posts.is_empty());
    }
}
