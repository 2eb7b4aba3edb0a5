//! Property: every site Ghost JSON can represent survives export → import unchanged, and export
//! is stable. Sites are generated with ids in order, Ghost source ids, millisecond-precision
//! times in the site's zone, and meta in the canonical order import produces (Ghost fields by
//! name, then `posts_meta` fields, then roles, then other entries).

use broadsheet_core::{
    Author, AuthorId, Email, Meta, Post, PostId, PostKind, PostStatus, Site, SiteTimeZone, Slug,
    Taxonomy, Term, TermId, Timestamp, Url,
};
use broadsheet_formats::{ImportOptions, ghost};
use chrono::DateTime;
use proptest::collection::vec;
use proptest::option;
use proptest::prelude::*;

mod support;

fn text() -> impl Strategy<Value = String> {
    ".{0,16}"
}

fn slug() -> impl Strategy<Value = Slug> {
    "[a-z0-9][a-z0-9-]{0,9}".prop_map(|s| Slug::parse(&s).unwrap())
}

fn url() -> impl Strategy<Value = Url> {
    "[a-z]{1,8}".prop_map(|host| Url::parse(&format!("https://{host}.example/p")).unwrap())
}

fn zone() -> impl Strategy<Value = SiteTimeZone> {
    prop::sample::select(vec![
        "UTC",
        "Etc/UTC",
        "Asia/Bishkek",
        "America/Los_Angeles",
        "+05:30",
    ])
    .prop_map(|name| SiteTimeZone::parse(name).unwrap())
}

fn millis() -> impl Strategy<Value = i64> {
    -2_000_000_000_000_i64..4_000_000_000_000
}

fn stamp(ms: i64, zone: &SiteTimeZone) -> Timestamp {
    Timestamp::from_utc(DateTime::from_timestamp_millis(ms).unwrap(), zone)
}

/// Meta in canonical order: optional Ghost fields (sorted), then the given tail.
fn meta(fields: Vec<(&str, Option<String>)>, tail: Vec<(String, String)>) -> Meta {
    let mut meta = Meta::new();
    for (key, value) in fields {
        if let Some(value) = value {
            meta.push(key, value);
        }
    }
    for (key, value) in tail {
        meta.push(key, value);
    }
    meta
}

fn extra_meta() -> impl Strategy<Value = Vec<(String, String)>> {
    vec(("[a-z_]{1,8}", text()), 0..3)
}

fn author(index: usize) -> impl Strategy<Value = Author> {
    (
        (
            slug(),
            text(),
            option::of("[a-z]{1,8}@[a-z]{1,8}\\.org"),
            option::of(url()),
        ),
        (
            text(),
            option::of(url()),
            option::of(text()),
            option::of(text()),
        ),
        (option::of(text()), any::<bool>(), option::of(text())),
        (
            option::of(prop::sample::select(vec!["Editor", "Author"])),
            extra_meta(),
        ),
    )
        .prop_map(
            move |(
                (slug, name, email, website),
                (bio, avatar, login, first),
                (last, guest, location),
                (role, tail),
            )| {
                let mut author = Author::new(AuthorId(index as u64 + 1), slug, name);
                author.source_id = Some(format!("user{index}"));
                author.email = email.map(|e| Email::parse(&e).unwrap());
                author.url = website;
                author.bio = bio;
                author.avatar = avatar;
                author.login = login;
                author.first_name = first;
                author.last_name = last;
                author.guest = guest;
                let mut tail_entries = Vec::new();
                if let Some(role) = role {
                    tail_entries.push(("ghost:role".to_owned(), role.to_owned()));
                }
                tail_entries.extend(tail);
                author.meta = meta(vec![("ghost:location", location)], tail_entries);
                author
            },
        )
}

fn term(index: usize, count: usize) -> impl Strategy<Value = Term> {
    (
        slug(),
        text(),
        text(),
        prop::sample::select(vec!["post_tag", "category", "post_tax"]),
        option::of(0..count),
        option::of(prop::sample::select(vec!["public", "internal"])),
        extra_meta(),
    )
        .prop_map(
            move |(slug, name, description, taxonomy, parent, visibility, tail)| {
                let slug = Slug::parse(&format!("{slug}-{index}")).unwrap();
                let mut term = Term::new(
                    TermId(index as u64 + 1),
                    Taxonomy::from(taxonomy),
                    name,
                    slug,
                );
                term.source_id = Some(index.to_string());
                term.description = description;
                term.parent = parent.map(|p| TermId(p as u64 + 1));
                term.meta = meta(
                    vec![("ghost:visibility", visibility.map(str::to_owned))],
                    tail,
                );
                term
            },
        )
}

/// A post, with its times as epoch milliseconds (placed in the site zone later).
fn post(
    index: usize,
    authors: usize,
    terms: usize,
    posts: usize,
) -> impl Strategy<Value = (Post, Option<i64>, Option<i64>)> {
    let kinds = prop::sample::select(vec!["post", "page", "attachment", "custom"]);
    let statuses = prop::sample::select(vec![
        "published",
        "draft",
        "scheduled",
        "private",
        "pending",
        "trash",
        "sent",
    ]);
    (
        (
            kinds,
            statuses,
            text(),
            option::of(slug()),
            text(),
            option::of(text()),
        ),
        (
            vec(0..authors.max(1), if authors == 0 { 0..1 } else { 0..4 }),
            vec(0..terms.max(1), if terms == 0 { 0..1 } else { 0..5 }),
            any::<bool>(),
            option::of(millis()),
            option::of(millis()),
        ),
        (
            option::of(text()),
            option::of(0..posts),
            -3_i64..3,
            option::of(text()),
            any::<(bool, bool)>(),
            option::of(text()),
        ),
        (
            option::of(url()),
            option::of(0_u32..100),
            option::of(prop::sample::select(vec!["public", "members", "paid"])),
            option::of(text()),
            any::<bool>(),
            extra_meta(),
        ),
    )
        .prop_map(
            move |(
                (kind, status, title, slug, content, excerpt),
                (author_picks, term_picks, sticky, published, modified),
                (password, parent, menu_order, format, (comments, pings), guid),
                (image, reading, visibility, og_title, bad_date, tail),
            )| {
                let mut post =
                    Post::new(PostId(index as u64 + 1), title, Slug::parse("x").unwrap());
                post.slug = slug;
                post.source_id = Some(format!("post{index}"));
                post.kind = PostKind::from(kind);
                post.status = PostStatus::from(status);
                post.content = content;
                post.excerpt = excerpt;
                for pick in author_picks {
                    let id = AuthorId(pick as u64 + 1);
                    if authors > 0 && !post.authors.contains(&id) {
                        post.authors.push(id);
                    }
                }
                for pick in term_picks {
                    let id = TermId(pick as u64 + 1);
                    if terms > 0 && !post.terms.contains(&id) {
                        post.terms.push(id);
                    }
                }
                post.sticky = sticky;
                post.password = password;
                post.parent = parent.map(|p| PostId(p as u64 + 1));
                post.menu_order = menu_order;
                post.format = format;
                post.comments_open = comments;
                post.pings_open = pings;
                post.guid = guid;
                let bad_published =
                    (bad_date && published.is_none()).then(|| "not a date".to_owned());
                let mut tail_entries = Vec::new();
                if let Some(og) = og_title {
                    tail_entries.push(("ghost:meta:og_title".to_owned(), og));
                }
                tail_entries.extend(tail);
                post.meta = meta(
                    vec![
                        ("ghost:feature_image", image.map(|u| u.to_string())),
                        ("broadsheet:invalid:published_at", bad_published),
                        ("ghost:json:reading_time", reading.map(|n| n.to_string())),
                        ("ghost:visibility", visibility.map(str::to_owned)),
                    ],
                    tail_entries,
                );
                (post, published, modified)
            },
        )
}

fn site() -> impl Strategy<Value = Site> {
    (0usize..4, 0usize..5, 0usize..6)
        .prop_flat_map(|(authors, terms, posts)| {
            (
                (
                    text(),
                    text(),
                    option::of(text()),
                    zone(),
                    option::of(url()),
                ),
                vec(("[a-z_]{1,8}", text()), 0..3),
                extra_meta(),
                (0..authors).map(author).collect::<Vec<_>>(),
                (0..terms).map(|i| term(i, terms)).collect::<Vec<_>>(),
                (0..posts)
                    .map(|i| post(i, authors, terms, posts))
                    .collect::<Vec<_>>(),
            )
        })
        .prop_map(
            |((title, description, language, zone, url), settings, tail, authors, terms, posts)| {
                let mut site = Site::new(title);
                site.settings.description = description;
                site.settings.language = language;
                site.settings.time_zone = zone;
                site.settings.url = url;
                site.authors = authors;
                site.terms = terms;
                site.posts = posts
                    .into_iter()
                    .map(|(mut post, published, modified)| {
                        post.published = published.map(|ms| stamp(ms, &zone));
                        post.modified = modified.map(|ms| stamp(ms, &zone));
                        post
                    })
                    .collect();
                for (key, value) in settings {
                    site.settings
                        .meta
                        .push(format!("ghost:setting:{key}"), value);
                }
                for (key, value) in tail {
                    site.settings.meta.push(key, value);
                }
                // A Ghost site's posts live at /slug/ (Ghost's default), which import records.
                site.settings
                    .meta
                    .push("permalink_structure", "/%postname%/");
                site
            },
        )
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(128))]

    #[test]
    fn export_then_import_gives_the_site_back(site in site()) {
        let text = ghost::export_string(&site);
        let imported = ghost::import_str(&text, ImportOptions::default()).unwrap();
        prop_assert_eq!(&imported.site, &site);
        prop_assert_eq!(ghost::export(&imported.site), ghost::export(&site));
    }

    /// Ghost JSON can carry every character: NUL and the other control characters in any
    /// string survive export → import unchanged, and the import reports nothing it would not
    /// report without them.
    #[test]
    fn control_characters_in_any_string_survive(site in site(), seed in any::<u64>()) {
        let (spiced, changed) = support::with_controls(&site, seed);
        prop_assert!(changed >= 1, "no string changed");
        let import = |site: &Site| {
            ghost::import_str(&ghost::export_string(site), ImportOptions::default()).unwrap()
        };
        let (plain, imported) = (import(&site), import(&spiced));
        prop_assert_eq!(support::codes(&imported), support::codes(&plain));
        // A spiced key is no structure: import records Ghost's default one.
        let mut spiced = spiced;
        if spiced.settings.meta.get("permalink_structure").is_none() {
            spiced.settings.meta.push("permalink_structure", "/%postname%/");
        }
        prop_assert!(imported.site == spiced, "{:?}", support::first_difference(&imported.site, &spiced));
    }
}

/// Sites Ghost cannot represent exactly (no source ids, meta out of canonical order) settle
/// after one round trip: from then on, export → import is the identity.
#[test]
fn any_site_settles_after_one_round_trip() {
    let mut site = Site::new("Blog");
    let mut post = Post::new(PostId(7), "T", Slug::parse("t").unwrap());
    post.meta.push("custom", "1");
    post.meta.push("ghost:feature_image", "/img.png");
    post.meta.push("ghost:title", "shadowed by the typed title");
    site.posts.push(post);
    let once = ghost::import_str(&ghost::export_string(&site), ImportOptions::default())
        .unwrap()
        .site;
    assert_eq!(once.posts[0].id, PostId(1));
    assert!(once.posts[0].source_id.is_some());
    assert_eq!(once.posts[0].title, "T");
    let keys: Vec<_> = once.posts[0].meta.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["ghost:feature_image", "custom", "ghost:title"]);
    let twice = ghost::import_str(&ghost::export_string(&once), ImportOptions::default())
        .unwrap()
        .site;
    assert_eq!(twice, once);
}
