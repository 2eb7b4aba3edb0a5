//! Dates outside the years 0000 to 9999 (issue 15): Ghost epochs beyond them are refused on
//! import with a located error (strict) or carried raw and reported (lenient); a site that
//! holds such a date (the UTC side of `9999-12-31T23:30:00-05:00`) never makes a feed or an
//! export panic, before or after a round trip through Ghost JSON.

use broadsheet_core::{BuildMode, Post, PostId, Query, Site, Slug, Snapshot, Timestamp};
use broadsheet_formats::feed::{FeedChannel, FeedContent, FeedFormat, query_items, render_feed};
use broadsheet_formats::{Format, ImportError, ImportOptions, ghost, to_bytes};
use support::issues_with;

mod support;

fn ghost_post(published_at: &str) -> String {
    format!(
        r#"{{"db":[{{"meta":{{"exported_on":0,"version":"5.0.0"}},"data":{{"posts":[{{"id":"1","title":"P","slug":"p","status":"published","type":"post","html":"<p>x</p>","published_at":{published_at}}}]}}}}]}}"#
    )
}

/// Every feed format of every post the public sees.
fn all_feeds(snapshot: &Snapshot) -> Vec<String> {
    let items = query_items(snapshot, &Query::new(), FeedContent::Full).unwrap();
    [FeedFormat::Rss, FeedFormat::Atom, FeedFormat::JsonFeed]
        .into_iter()
        .map(|format| {
            let channel = FeedChannel::for_site(snapshot, format).with_updated_from(&items);
            render_feed(format, &channel, &items)
        })
        .collect()
}

#[test]
fn ghost_epochs_outside_the_years_0000_to_9999_are_located_errors() {
    for raw in [
        "253402300800000",
        "-62167219200001",
        "\"253402300800000\"",
        "\"+10000-01-01T00:00:00.000Z\"",
    ] {
        let json = ghost_post(raw);
        let imported = ghost::import_str(&json, ImportOptions::default()).unwrap();
        let issue = imported
            .report
            .issues
            .iter()
            .find(|issue| issue.code == "ghost.date.invalid")
            .unwrap_or_else(|| panic!("{raw}: no ghost.date.invalid in {}", imported.report));
        assert_eq!(
            issue.location.as_ref().and_then(|l| l.json_path.as_deref()),
            Some("db[0].data.posts[0].published_at"),
            "{raw}"
        );
        let post = &imported.site.posts[0];
        assert_eq!(post.published, None, "{raw}");
        assert!(
            post.meta.get("broadsheet:invalid:published_at").is_some(),
            "{raw}: the raw value is carried"
        );
        // The site opens and every feed is written.
        let snapshot = Snapshot::from_site(imported.site);
        assert_eq!(all_feeds(&snapshot).len(), 3);

        let strict =
            ghost::import_str(&json, ImportOptions::default().with_mode(BuildMode::Strict));
        assert!(
            matches!(strict, Err(ImportError::Invalid { .. })),
            "{raw}: {strict:?}"
        );
    }
    // The edges themselves are dates.
    for raw in ["253402300799999", "-62167219200000"] {
        let imported = ghost::import_str(&ghost_post(raw), ImportOptions::default()).unwrap();
        assert!(imported.site.posts[0].published.is_some(), "{raw}");
    }
}

fn edge_site() -> Site {
    let mut site = Site::new("Edges");
    for (id, date) in [
        (1, "9999-12-31T23:30:00-05:00"),
        (2, "0000-01-01T00:30:00+05:00"),
        (3, "2020-01-01T00:00:00+00:00"),
    ] {
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}"),
            Slug::parse(&format!("p{id}")).unwrap(),
        );
        post.published = Some(Timestamp::parse_rfc3339(date).unwrap());
        post.modified = post.published;
        site.posts.push(post);
    }
    // Local years 10000 and -1, as a Ghost import placed them before it refused them.
    for (id, millis) in [(4, 253_402_300_800_000), (5, -62_167_219_200_001)] {
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}"),
            Slug::parse(&format!("p{id}")).unwrap(),
        );
        let instant = chrono::DateTime::from_timestamp_millis(millis).unwrap();
        post.published = Some(Timestamp::new(instant.fixed_offset()));
        site.posts.push(post);
    }
    site
}

#[test]
fn feeds_leave_out_dates_they_cannot_write_instead_of_panicking() {
    let site = edge_site();
    assert!(!site.posts[0].published.unwrap().is_writable());
    assert!(!site.posts[1].published.unwrap().is_writable());
    assert!(site.posts[2].published.unwrap().is_writable());
    assert!(!site.posts[3].published.unwrap().is_writable());
    assert!(!site.posts[4].published.unwrap().is_writable());
    let feeds = all_feeds(&Snapshot::from_site(site));
    let rss = &feeds[0];
    assert_eq!(rss.matches("<pubDate>").count(), 1, "{rss}");
    assert!(rss.contains("<lastBuildDate>Wed, 1 Jan 2020"), "{rss}");
    // No date of year 10000 or -1 is written (a permalink may still name the year).
    for feed in &feeds {
        assert!(
            !feed.contains("+10000-") && !feed.contains("-0001-"),
            "{feed}"
        );
    }
}

#[test]
fn a_ghost_round_trip_of_edge_dates_reports_instead_of_panicking() {
    let site = edge_site();
    let bytes = to_bytes(&site, Format::Ghost).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let imported = ghost::import_str(&text, ImportOptions::default()).unwrap();
    let invalid = issues_with(&imported, "ghost.date.invalid").len();
    assert!(invalid >= 2, "{}", imported.report);
    let snapshot = Snapshot::from_site(imported.site);
    for feed in all_feeds(&snapshot) {
        assert!(feed.contains("Post 3"), "{feed}");
    }
    // Every other format writes the site too.
    for format in Format::ALL.into_iter().filter(|f| f.is_enabled()) {
        assert!(to_bytes(&snapshot, format).is_ok(), "{format}");
    }
}
