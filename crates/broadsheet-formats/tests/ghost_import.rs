//! Ghost import on small hand-written exports: every shape, every recovery and every option.

use broadsheet_core::{BuildMode, PostKind, PostStatus, Severity, Taxonomy};
use broadsheet_formats::{ImportError, ImportOptions, Imported, ghost};
use chrono::{TimeZone, Utc};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use support::{
    assert_reported, assert_syntax_error_in_file, assert_updated_and_created, codes, first_issue,
    issues_with, options, post_statuses, syntax_error,
};

mod support;

fn wrap(data: Value) -> String {
    json!({"db": [{"meta": {"version": "5.80.0"}, "data": data}]}).to_string()
}

fn lenient(text: &str) -> Imported {
    lenient_result(text).expect("lenient import succeeds")
}

fn strict(text: &str) -> Result<Imported, ImportError> {
    ghost::import_str(text, options(BuildMode::Strict))
}

fn round_trips(imported: &Imported) {
    let again = lenient(&ghost::export_string(&imported.site));
    assert_eq!(again.site, imported.site);
}

#[test]
fn malformed_json_is_a_located_syntax_error() {
    let text = "{\"db\": [{\"meta\": {\"version\": \"2.0.0\"},\n \"data\": {\"posts\": [{\"title\": \"a\",, }]}}]}";
    for result in [lenient_result(text), strict(text)] {
        let (location, message) = syntax_error(result);
        assert_eq!(location.line, Some(2));
        assert_eq!(location.column, Some(35));
        assert_eq!(location.json_path.as_deref(), Some("db[0].data.posts[0]"));
        assert_eq!(message, "key must be a string");
        assert!(!message.contains("at line"), "{message}");
    }
    let (location, _) = syntax_error(lenient_result("{\"data\": {}} trailing"));
    assert_eq!(location.line, Some(1));
}

fn lenient_result(text: &str) -> Result<Imported, ImportError> {
    ghost::import_str(text, ImportOptions::default())
}

#[test]
fn shapes_that_are_not_ghost_exports() {
    assert!(matches!(
        lenient_result("[1, 2]"),
        Err(ImportError::UnknownFormat(_))
    ));
    assert!(matches!(
        lenient_result("{\"posts\": []}"),
        Err(ImportError::UnknownFormat(_))
    ));
    let (location, _) = syntax_error(lenient_result("{\"db\": []}"));
    assert_eq!(location.json_path.as_deref(), Some("db"));
    let (location, _) = syntax_error(lenient_result(
        "{\"db\": [{\"meta\": {\"version\": \"1\"}}]}",
    ));
    assert_eq!(location.json_path.as_deref(), Some("db[0].data"));
}

#[test]
fn missing_version_is_an_error_that_strict_refuses() {
    let text = json!({"db": [{"meta": {}, "data": {}}]}).to_string();
    let imported = lenient(&text);
    assert_eq!(imported.format.version, "unknown");
    assert_eq!(codes(&imported), ["ghost.version.missing"]);
    match strict(&text) {
        Err(ImportError::Invalid { report }) => {
            assert_eq!(report.issues[0].code, "ghost.version.missing");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn mixed_and_invalid_date_encodings() {
    let text = wrap(json!({
        "posts": [
            {"id": "a", "title": "RFC 2822", "slug": "a", "status": "published",
             "published_at": "Sun, 29 Dec 2013 11:58:30 +0000",
             "created_at": 1_388_318_310_782_i64, "updated_at": "1388318310782"},
            {"id": "b", "title": "SQL", "slug": "b", "status": "published",
             "published_at": "2013-12-29 11:58:30", "updated_at": "not a date",
             "created_at": true},
        ]
    }));
    let imported = lenient(&text);
    let [a, b] = &imported.site.posts[..] else {
        panic!()
    };
    let instant = Utc.with_ymd_and_hms(2013, 12, 29, 11, 58, 30).unwrap();
    assert_eq!(a.published.unwrap().utc(), instant);
    assert_eq!(b.published.unwrap().utc(), instant);
    assert_updated_and_created(a, 1_388_318_310_782, "2013-12-29T11:58:30.782Z");

    // Invalid: reported with the JSON path and the post id, raw text kept.
    assert_eq!(b.modified, None);
    assert_eq!(
        b.meta.get("broadsheet:invalid:updated_at"),
        Some("not a date")
    );
    assert_eq!(b.meta.get("broadsheet:invalid:created_at"), Some("true"));
    let invalid = issues_with(&imported, "ghost.date.invalid");
    assert_eq!(invalid.len(), 2);
    let paths: Vec<_> = invalid
        .iter()
        .map(|i| i.location.as_ref().unwrap().json_path.as_deref().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "db[0].data.posts[1].created_at",
            "db[0].data.posts[1].updated_at"
        ]
    );
    assert!(invalid.iter().all(|i| i.severity == Severity::Error));
    assert!(invalid.iter().all(|i| i.message.contains("post \"b\"")));
    assert_eq!(invalid[1].path, "posts[1].updated_at");
    assert!(matches!(strict(&text), Err(ImportError::Invalid { .. })));

    // The raw values go back where they came from.
    let exported = ghost::export(&imported.site);
    let row = &exported["db"][0]["data"]["posts"][1];
    assert_eq!(row["updated_at"], "not a date");
    assert_eq!(row["created_at"], "true");
    assert_eq!(
        exported["db"][0]["data"]["posts"][0]["created_at"],
        "2013-12-29T11:58:30.782Z"
    );
    round_trips(&imported);
}

#[test]
fn dates_take_the_site_time_zone() {
    let text = wrap(json!({
        "settings": [{"key": "active_timezone", "value": "Asia/Bishkek"}],
        "posts": [{"id": "a", "title": "T", "slug": "a", "status": "published",
                   "published_at": "2013-05-29T20:00:00.000Z"}]
    }));
    let imported = lenient(&text);
    let published = imported.site.posts[0].published.unwrap();
    assert_eq!(published.offset_seconds(), 6 * 3600);
    assert_eq!(published.to_rfc3339(), "2013-05-30T02:00:00+06:00");
    round_trips(&imported);

    let bad = wrap(json!({"settings": [{"key": "active_timezone", "value": "Mars/Olympus"}]}));
    let imported = lenient(&bad);
    assert_eq!(codes(&imported), ["ghost.setting.timezone.invalid"]);
    assert_eq!(
        imported
            .site
            .settings
            .meta
            .get("broadsheet:invalid:active_timezone"),
        Some("Mars/Olympus")
    );
    round_trips(&imported);
}

#[test]
fn pages_kinds_statuses_and_featured() {
    let legacy = json!({"meta": {"version": "003"}, "data": {"posts": [
        {"id": 1, "title": "About", "slug": "about", "page": 1, "status": "published", "featured": 1},
        {"id": 2, "title": "Draft", "slug": "draft", "page": false, "status": "draft"},
    ]}})
    .to_string();
    let imported = lenient(&legacy);
    let [about, draft] = &imported.site.posts[..] else {
        panic!()
    };
    assert_eq!(about.kind, PostKind::Page);
    assert!(about.sticky);
    assert_eq!(draft.kind, PostKind::Post);
    assert_eq!(draft.status, PostStatus::Draft);
    assert!(!draft.sticky);

    let modern = wrap(json!({"posts": [
        {"id": "x", "title": "S", "slug": "s", "type": "page", "status": "scheduled", "featured": true},
        {"id": "y", "title": "N", "slug": "n", "type": "post", "status": "sent"},
        {"id": "z", "title": "Q", "slug": "q", "type": "post"},
    ]}));
    let imported = lenient(&modern);
    assert_eq!(
        post_statuses(&imported.site),
        [
            PostStatus::Scheduled,
            PostStatus::Other("sent".into()),
            PostStatus::Draft
        ]
    );
    assert_eq!(imported.site.posts[0].kind, PostKind::Page);
    assert!(imported.site.posts[0].sticky);
    assert_eq!(
        codes(&imported),
        [
            "ghost.post.status.missing",
            "ghost.post.author.missing",
            "ghost.post.author.missing",
            "ghost.post.author.missing",
        ]
    );
    let counts = imported.counts();
    assert_eq!(counts.posts_with("page", "scheduled"), 1);
    assert_eq!(counts.posts_with("post", "sent"), 1);
    assert_eq!(counts.posts_with("post", "draft"), 1);
    round_trips(&imported);
}

#[test]
fn tags_in_sort_order_primary_first_and_internal_tags() {
    let text = wrap(json!({
        "tags": [
            {"id": "t1", "name": "News", "slug": "news", "visibility": "public"},
            {"id": "t2", "name": "#feature", "slug": "hash-feature"},
            {"id": "t3", "name": "#hidden", "slug": "hash-hidden", "visibility": "internal"},
            {"id": "t4", "name": "Kyrgyzstan", "slug": "kyrgyzstan"},
        ],
        "posts": [{"id": "p", "title": "T", "slug": "t", "status": "published", "type": "post"}],
        "posts_tags": [
            {"id": "l1", "post_id": "p", "tag_id": "t1", "sort_order": 2},
            {"id": "l2", "post_id": "p", "tag_id": "t4", "sort_order": 0},
            {"id": "l3", "post_id": "p", "tag_id": "t2", "sort_order": 1},
            {"id": "l4", "post_id": "p", "tag_id": "t3", "sort_order": 3},
        ],
        "users": [{"id": "u", "name": "U", "slug": "u"}],
        "posts_authors": [{"post_id": "p", "author_id": "u", "sort_order": 0}],
    }));
    let imported = lenient(&text);
    assert!(imported.report.is_empty(), "{}", imported.report);
    let site = &imported.site;
    let slugs: Vec<_> = site.posts[0]
        .terms
        .iter()
        .map(|id| site.term(*id).unwrap().slug.as_str())
        .collect();
    assert_eq!(slugs, ["kyrgyzstan", "hash-feature", "news", "hash-hidden"]);
    let visibility: Vec<_> = site
        .terms
        .iter()
        .map(|t| t.meta.get("ghost:visibility"))
        .collect();
    assert_eq!(
        visibility,
        [Some("public"), Some("internal"), Some("internal"), None]
    );
    assert!(site.terms.iter().all(|t| t.taxonomy == Taxonomy::Tag));
    round_trips(&imported);
    // Export writes the order back as sort_order.
    let exported = ghost::export(site);
    let orders: Vec<_> = exported["db"][0]["data"]["posts_tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["tag_id"].as_str().unwrap(),
                row["sort_order"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(orders, [("t4", 0), ("t2", 1), ("t1", 2), ("t3", 3)]);
}

#[test]
fn authors_in_sort_order_with_fallbacks() {
    let text = wrap(json!({
        "users": [
            {"id": "u1", "name": "Ann", "slug": "ann", "email": "ann@example.org",
             "website": "https://ann.example", "bio": "Writes.",
             "profile_image": "https://img.example/ann.png", "password": "$2a$10$hash"},
            {"id": "u2", "name": "Bo", "slug": "bo", "email": "not an address",
             "website": "ann.example", "profile_image": "__GHOST_URL__/content/bo.png"},
            {"id": "u3", "name": "Cy", "slug": "cy"},
        ],
        "roles": [{"id": "r1", "name": "Editor"}],
        "roles_users": [{"role_id": "r1", "user_id": "u2"}, {"role_id": "r1", "user_id": "nobody"}],
        "posts": [
            {"id": "p1", "title": "Two", "slug": "two", "status": "published", "author_id": "u1"},
            {"id": "p2", "title": "Legacy", "slug": "legacy", "status": "published", "author_id": "u3"},
            {"id": "p3", "title": "Creator", "slug": "creator", "status": "draft", "created_by": "u2"},
            {"id": "p4", "title": "Orphan", "slug": "orphan", "status": "draft"},
        ],
        "posts_authors": [
            {"post_id": "p1", "author_id": "u3", "sort_order": 1},
            {"post_id": "p1", "author_id": "u2", "sort_order": 0},
            {"post_id": "p1", "author_id": "u2", "sort_order": 2},
            {"post_id": "p9", "author_id": "u1", "sort_order": 0},
            {"post_id": "p2", "author_id": "u404", "sort_order": 0},
        ],
    }));
    let imported = lenient(&text);
    let site = &imported.site;
    let [ann, bo, cy] = &site.authors[..] else {
        panic!()
    };
    let authors: Vec<_> = site.posts.iter().map(|p| p.authors.clone()).collect();
    assert_eq!(
        authors,
        [vec![bo.id, cy.id], vec![cy.id], vec![bo.id], vec![]]
    );

    assert_eq!(ann.email.as_ref().unwrap().as_str(), "ann@example.org");
    assert_eq!(ann.url.as_ref().unwrap().as_str(), "https://ann.example");
    assert_eq!(
        ann.avatar.as_ref().unwrap().as_str(),
        "https://img.example/ann.png"
    );
    assert_eq!(ann.bio, "Writes.");
    assert!(ann.meta.iter().all(|e| !e.value.contains("$2a$")));
    assert_eq!(bo.email, None);
    assert_eq!(
        bo.meta.get("broadsheet:invalid:email"),
        Some("not an address")
    );
    assert_eq!(
        bo.meta.get("broadsheet:invalid:website"),
        Some("ann.example")
    );
    assert_eq!(
        bo.meta.get("ghost:profile_image"),
        Some("__GHOST_URL__/content/bo.png")
    );
    assert_eq!(bo.meta.get("ghost:role"), Some("Editor"));

    assert_reported(
        &imported,
        &[
            "ghost.user.email.invalid",
            "ghost.user.website.invalid",
            "ghost.link.role.missing",
            "ghost.link.duplicate",
            "ghost.link.post.missing",
            "ghost.link.author.missing",
            "ghost.post.author_id.mismatch",
            "ghost.post.author.missing",
            "ghost.secret.dropped",
        ],
    );
    let email = first_issue(&imported, "ghost.user.email.invalid");
    assert_eq!(
        email.location.as_ref().unwrap().json_path.as_deref(),
        Some("db[0].data.users[1].email")
    );
    assert!(email.message.contains("user \"u2\""));
    round_trips(&imported);
    let exported = ghost::export(site);
    let users = &exported["db"][0]["data"]["users"];
    assert_eq!(users[1]["email"], "not an address");
    assert_eq!(users[1]["website"], "ann.example");
    assert_eq!(users[1]["profile_image"], "__GHOST_URL__/content/bo.png");
    assert!(users[0].get("password").is_none());
}

#[test]
fn kinds_option_leaves_items_out_and_counts_them() {
    let text = wrap(json!({
        "tags": [{"id": "t", "name": "T", "slug": "t"}],
        "posts": [
            {"id": "p1", "title": "Post", "slug": "p1", "status": "published", "type": "post"},
            {"id": "p2", "title": "Page", "slug": "p2", "status": "published", "type": "page"},
            {"id": "p3", "title": "Post", "slug": "p3", "status": "draft", "type": "post"},
        ],
        "posts_tags": [{"post_id": "p1", "tag_id": "t"}, {"post_id": "p2", "tag_id": "t"}],
    }));
    let options = ImportOptions::default().with_kinds(Some(vec![PostKind::Page]));
    let imported = ghost::import_str(&text, options).unwrap();
    assert_eq!(imported.site.posts.len(), 1);
    assert_eq!(imported.site.posts[0].title, "Page");
    assert_eq!(imported.site.posts[0].terms.len(), 1);
    let skipped = issues_with(&imported, "ghost.kind.skipped");
    assert_eq!(skipped.len(), 1);
    assert!(
        skipped[0].message.starts_with("2 item(s) of kind post"),
        "{}",
        skipped[0].message
    );
    // The link to a left-out post is not reported as dangling.
    assert!(!codes(&imported).contains(&"ghost.link.post.missing"));
}

#[test]
fn size_limit() {
    let text = wrap(json!({}));
    let options = ImportOptions::default().with_max_bytes(Some(10));
    match ghost::import_str(&text, options) {
        Err(ImportError::TooLarge { file, size, limit }) => {
            assert_eq!(file, None);
            assert_eq!(size, text.len() as u64);
            assert_eq!(limit, 10);
        }
        other => panic!("{other:?}"),
    }
    let options = ImportOptions::default().with_max_bytes(Some(text.len() as u64));
    assert!(ghost::import_str(&text, options).is_ok());
}

#[test]
fn progress_reaches_the_total() {
    let posts: Vec<Value> = (0..3000)
        .map(|n| {
            json!({"id": format!("p{n}"), "title": "A title", "slug": format!("s{n}"),
                        "status": "draft", "html": "<p>Some text to make the file longer.</p>"})
        })
        .collect();
    let text = wrap(json!({"posts": posts}));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&seen);
    let options = ImportOptions::default().with_progress(Some(Box::new(move |done, total| {
        sink.lock().unwrap().push((done, total));
        std::ops::ControlFlow::Continue(())
    })));
    let imported = ghost::import_str(&text, options).unwrap();
    assert_eq!(imported.site.posts.len(), 3000);
    let seen = seen.lock().unwrap();
    let total = text.len() as u64;
    assert!(seen.len() > 3, "{seen:?}");
    assert_eq!(seen.first(), Some(&(0, Some(total))));
    assert_eq!(seen.last(), Some(&(total, Some(total))));
    assert!(seen.windows(2).all(|pair| pair[0].0 < pair[1].0));
}

#[test]
fn import_file_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, "{\"data\": [}").unwrap();
    assert_syntax_error_in_file(
        ghost::import_file(&path, ImportOptions::default()),
        &path,
        1,
    );
    let missing = dir.path().join("missing.json");
    assert!(matches!(
        ghost::import_file(&missing, ImportOptions::default()),
        Err(ImportError::Io { .. })
    ));
    let options = ImportOptions::default().with_max_bytes(Some(3));
    let error = ghost::import_file(&path, options).unwrap_err();
    assert!(
        matches!(&error, ImportError::TooLarge { file: Some(file), size: 11, limit: 3 } if *file == path.display().to_string()),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}: input is 11 bytes", path.display())),
        "{error}"
    );
}

#[test]
fn lexical_posts_meta_and_html_fallback() {
    let text = wrap(json!({
        "posts": [{"id": "p", "title": "T", "slug": "t", "status": "draft", "type": "post",
                   "lexical": "{\"root\":{}}", "html": null, "visibility": "paid",
                   "email_recipient_filter": "all", "reading_time": 3}],
        "posts_meta": [{"id": "m", "post_id": "p", "og_title": "OG", "email_only": false,
                        "meta_description": null}],
        "members": [{"id": "mem", "email": "reader@example.org"}],
    }));
    let imported = lenient(&text);
    let post = &imported.site.posts[0];
    assert_eq!(post.content, "");
    assert_eq!(post.meta.get("ghost:lexical"), Some("{\"root\":{}}"));
    assert_eq!(post.meta.get("ghost:visibility"), Some("paid"));
    assert_eq!(post.meta.get("ghost:json:reading_time"), Some("3"));
    assert_eq!(post.meta.get("ghost:meta:og_title"), Some("OG"));
    assert_eq!(post.meta.get("ghost:meta:json:email_only"), Some("false"));
    let found = codes(&imported);
    assert!(found.contains(&"ghost.post.html.missing"));
    let ignored = first_issue(&imported, "ghost.table.ignored");
    assert!(ignored.message.contains("members (1 rows)"));
    round_trips(&imported);
    let exported = ghost::export(&imported.site);
    let data = &exported["db"][0]["data"];
    assert_eq!(data["posts"][0]["reading_time"], 3);
    assert_eq!(data["posts_meta"][0]["og_title"], "OG");
    assert_eq!(data["posts_meta"][0]["email_only"], false);
    assert_eq!(data["posts_meta"][0]["post_id"], "p");
}

#[test]
fn broken_rows_and_ids_are_reported() {
    let text = wrap(json!({
        "posts": [
            {"id": "p", "title": 7, "slug": "has space", "status": "published"},
            {"id": "p", "title": "Twin", "slug": "twin", "status": "published"},
            {"title": "No id", "slug": "", "status": "draft"},
            "not an object",
        ],
        "tags": [{"id": "t", "name": "No slug"}, {"id": "t", "name": "Bad", "slug": "a/b"}],
        "posts_tags": [{"post_id": "p", "tag_id": "nope"}],
        "settings": {"title": "not an array"},
    }));
    let imported = lenient(&text);
    let site = &imported.site;
    assert_eq!(site.posts.len(), 3);
    assert_eq!(site.posts[0].title, "7");
    assert_eq!(site.posts[0].slug, None);
    assert_eq!(
        site.posts[0].meta.get("broadsheet:invalid:slug"),
        Some("has space")
    );
    assert_eq!(site.terms.len(), 2);
    assert_eq!(site.terms[0].slug.as_str(), "ghost-tag-1");
    assert_eq!(site.terms[1].slug.as_str(), "ghost-tag-2");
    assert_eq!(
        site.terms[1].meta.get("broadsheet:invalid:slug"),
        Some("a/b")
    );
    assert_reported(
        &imported,
        &[
            "ghost.field.type",
            "ghost.post.slug.invalid",
            "ghost.post.slug.missing",
            "ghost.post.id.duplicate",
            "ghost.post.id.missing",
            "ghost.table.invalid",
            "ghost.tag.slug.invalid",
            "ghost.tag.id.duplicate",
            "ghost.link.tag.missing",
        ],
    );
    let table = imported
        .report
        .issues
        .iter()
        .filter(|i| i.code == "ghost.table.invalid")
        .map(|i| i.location.as_ref().unwrap().json_path.clone().unwrap())
        .collect::<Vec<_>>();
    assert_eq!(table, ["db[0].data.settings", "db[0].data.posts[3]"]);
    assert!(matches!(strict(&text), Err(ImportError::Invalid { .. })));
    let exported = ghost::export(site);
    assert_eq!(exported["db"][0]["data"]["tags"][1]["slug"], "a/b");
    assert_eq!(exported["db"][0]["data"]["posts"][0]["slug"], "has space");
}

#[test]
fn a_byte_order_mark_is_skipped() {
    let text = format!(
        "\u{feff}{}",
        wrap(json!({"tags": [{"id": "t", "name": "T", "slug": "t"}]}))
    );
    let imported = lenient(&text);
    assert_eq!(imported.site.terms.len(), 1);
    assert!(imported.report.is_empty(), "{}", imported.report);
}

#[test]
fn a_hash_tag_without_visibility_round_trips_without_becoming_internal() {
    let mut site = broadsheet_core::Site::new("s");
    site.terms.push(broadsheet_core::Term::new(
        broadsheet_core::TermId(1),
        Taxonomy::Tag,
        "#plain",
        broadsheet_core::Slug::parse("plain").unwrap(),
    ));
    let again = lenient(&ghost::export_string(&site));
    assert_eq!(again.site.terms[0].meta.get("ghost:visibility"), None);
}
