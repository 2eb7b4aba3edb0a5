//! Feeds parse back with an independent parser (feed-rs) and say what they were given.

use broadsheet_core::permalink::{PermalinkStructure, permalink};
use broadsheet_core::{
    Author, AuthorId, Comment, CommentId, Email, Post, PostId, PostStatus, Site, SiteTimeZone,
    Taxonomy, Term, TermId, Timestamp, Url,
};
use broadsheet_formats::feed::{
    FeedChannel, FeedContent, FeedFormat, FeedItem, feed_item, query_items, render_feed,
};
use feed_rs::model::{Entry, Feed};
use proptest::prelude::*;
use support::{slug, time};

mod support;

/// Private strings planted in the site; none may appear in any feed.
const PRIVATE: [&str; 7] = [
    "aida@private.example",
    "guest@private.example",
    "ann@private.example",
    "hunter2-secret",
    "192.0.2.44",
    "secret body text",
    "secret excerpt text",
];

fn site() -> Site {
    let mut site = Site::new("Жіночий блог & <Friends>");
    site.settings.url = Some(Url::parse("https://blog.example.org").unwrap());
    site.settings.description = "Women's rights in Central Asia".into();
    site.settings.language = Some("en-US".into());
    site.settings.time_zone = SiteTimeZone::parse("America/New_York").unwrap();

    let mut aida = Author::new(AuthorId(1), slug("aida"), "Aida Жумабаевa");
    aida.email = Some(Email::parse("aida@private.example").unwrap());
    aida.url = Some(Url::parse("https://aida.example/about").unwrap());
    aida.login = Some("aida-login".into());
    let mut guest = Author::new(AuthorId(2), slug("guest-writer"), "Guest Writer");
    guest.guest = true;
    guest.email = Some(Email::parse("guest@private.example").unwrap());
    let mut ann = Author::new(AuthorId(3), slug("ann"), "Ann O'Neil");
    ann.url = Some(Url::parse("mailto:ann@private.example").unwrap());
    site.authors = vec![aida, guest, ann];

    let mut asia = Term::new(TermId(4), Taxonomy::Category, "Asia", slug("asia"));
    asia.parent = Some(TermId(3));
    site.terms = vec![
        Term::new(TermId(1), Taxonomy::Tag, "Kyrgyzstan", slug("kyrgyzstan")),
        Term::new(
            TermId(2),
            Taxonomy::Tag,
            "Права женщин",
            slug("%d0%bf%d1%80%d0%b0%d0%b2%d0%b0"),
        ),
        Term::new(TermId(3), Taxonomy::Category, "News & Views", slug("news")),
        asia,
    ];

    let mut day = Post::new(
        PostId(1),
        "Day of Action — «Кыргызстан» & <friends>",
        slug("day-of-action"),
    );
    day.published = Some(Timestamp::from_utc(
        time("2013-05-31T02:00:00Z").utc(),
        &site.settings.time_zone,
    ));
    day.authors = vec![AuthorId(1), AuthorId(2)];
    day.terms = vec![TermId(1), TermId(4), TermId(2)];
    day.content = "<p>Women <em>marched</em> in Bishkek.</p>\n<pre>if a < b && c > d</pre>\
                   <p>A CDATA end ]]> inside, and a bell \u{7} and a form feed \u{c}.</p>"
        .into();

    let mut secret = Post::new(PostId(2), "Members only", slug("members-only"));
    secret.published = Some(time("2013-06-01T09:30:00+06:00"));
    secret.authors = vec![AuthorId(1)];
    secret.terms = vec![TermId(1)];
    secret.password = Some("hunter2-secret".into());
    secret.content = "<p>secret body text</p>".into();
    secret.excerpt = Some("secret excerpt text".into());

    let mut west = Post::new(PostId(3), "Report from the west coast", slug("west"));
    west.published = Some(time("2014-01-18T18:26:00-08:00"));
    west.modified = Some(time("2014-02-01T12:00:00+05:45"));
    west.authors = vec![AuthorId(3)];
    west.terms = vec![TermId(3)];
    west.excerpt = Some("<p>An <em>explicit</em> excerpt</p>".into());
    west.content = "<p>Full text of the report.</p>".into();

    let mut bare = Post::new(PostId(4), "No author, no terms", slug("bare"));
    bare.published = Some(time("2015-03-03T03:03:03+00:00"));
    bare.guid = Some("http://old.example.org/?p=4".into());
    bare.content = "Plain text body".into();

    site.posts = vec![day, secret, west, bare];

    let mut comment = Comment::new(CommentId(1), PostId(1), "Reader", "Great!");
    comment.author_email = Some(Email::parse("aida@private.example").unwrap());
    comment.author_ip = Some("192.0.2.44".into());
    site.comments.push(comment);
    site
}

fn items(site: &Site, content: FeedContent) -> Vec<FeedItem> {
    site.posts
        .iter()
        .map(|post| feed_item(site, post, content))
        .collect()
}

fn parse(format: FeedFormat, text: &str) -> Feed {
    feed_rs::parser::parse(text.as_bytes())
        .unwrap_or_else(|error| panic!("{format} feed does not parse: {error}\n{text}"))
}

fn entry_link(entry: &Entry) -> Option<&str> {
    entry.links.first().map(|link| link.href.as_str())
}

/// Compares what feed-rs read with what the feed was given.
fn compare(format: FeedFormat, channel: &FeedChannel, items: &[FeedItem], feed: &Feed) {
    assert_eq!(
        feed.title.as_ref().map(|t| t.content.trim()),
        Some(channel.title.trim()),
        "{format} feed title"
    );
    assert!(
        feed.links.iter().any(|link| link.href == channel.link),
        "{format} feed link {:?} in {:?}",
        channel.link,
        feed.links
    );
    if let Some(self_link) = &channel.self_link {
        assert!(
            feed.links.iter().any(|link| &link.href == self_link),
            "{format} self link"
        );
    }
    // feed-rs lower-cases language tags (they are case-insensitive).
    assert_eq!(
        feed.language.as_ref().map(|l| l.to_ascii_lowercase()),
        channel.language.as_ref().map(|l| l.to_ascii_lowercase()),
        "{format} language"
    );
    assert_eq!(feed.entries.len(), items.len(), "{format} entry count");
    for (entry, item) in feed.entries.iter().zip(items) {
        let what = format!("{format} entry {:?}", item.title);
        assert_eq!(
            entry.title.as_ref().map(|t| t.content.trim()),
            Some(item.title.trim()),
            "{what}: title"
        );
        assert_eq!(entry_link(entry), Some(item.link.as_str()), "{what}: link");
        if format != FeedFormat::Atom || item.id.contains("://") {
            assert_eq!(entry.id, item.id, "{what}: id");
        }
        assert_eq!(
            entry.published,
            item.published.map(|t| t.utc()),
            "{what}: published"
        );
        match format {
            FeedFormat::Atom => {
                assert_eq!(entry.updated, item.updated().map(|t| t.utc()), "{what}");
            }
            FeedFormat::JsonFeed => {
                assert_eq!(entry.updated, item.modified.map(|t| t.utc()), "{what}");
            }
            FeedFormat::Rss => {}
        }
        // Authors: names everywhere; URLs where the format has them.
        let names: Vec<Option<&str>> = entry
            .authors
            .iter()
            .map(|person| person.name.as_deref().map(str::trim))
            .collect();
        let expected: Vec<Option<&str>> = item
            .authors
            .iter()
            .map(|person| Some(person.name.trim()))
            .collect();
        if format == FeedFormat::Atom && item.authors.is_empty() {
            // Atom entries without authors inherit the feed's author.
            assert!(entry.authors.is_empty() || names == [Some(channel.title.trim())]);
        } else {
            assert_eq!(names, expected, "{what}: authors");
        }
        if format != FeedFormat::Rss {
            let uris: Vec<Option<&str>> = entry.authors.iter().map(|p| p.uri.as_deref()).collect();
            let expected: Vec<Option<&str>> =
                item.authors.iter().map(|p| p.url.as_deref()).collect();
            if !item.authors.is_empty() {
                assert_eq!(uris, expected, "{what}: author URLs");
            }
        }
        assert!(
            entry.authors.iter().all(|person| person.email.is_none()),
            "{what}: no e-mail"
        );
        // Categories.
        let categories: Vec<(String, Option<String>, Option<String>)> = entry
            .categories
            .iter()
            .map(|c| (c.term.trim().to_owned(), c.label.clone(), c.scheme.clone()))
            .collect();
        let expected: Vec<(String, Option<String>, Option<String>)> = match format {
            FeedFormat::Rss => item
                .categories
                .iter()
                .map(|c| (c.display().trim().to_owned(), None, c.domain.clone()))
                .collect(),
            FeedFormat::Atom => item
                .categories
                .iter()
                .map(|c| {
                    let label = (!c.label.trim().is_empty()).then(|| c.label.clone());
                    (c.term.clone(), label, c.domain.clone())
                })
                .collect(),
            FeedFormat::JsonFeed => {
                let mut seen = std::collections::HashSet::new();
                item.categories
                    .iter()
                    .map(|c| c.display().to_owned())
                    .filter(|tag| seen.insert(tag.clone()))
                    .map(|tag| (tag.trim().to_owned(), None, None))
                    .collect()
            }
        };
        assert_eq!(categories, expected, "{what}: categories");
        // Summary and content.
        assert_eq!(
            entry.summary.is_some(),
            item.summary.is_some(),
            "{what}: summary presence"
        );
        let html_content = entry
            .content
            .as_ref()
            .filter(|c| c.content_type.to_string() == "text/html")
            .and_then(|c| c.body.as_deref());
        match &item.content {
            Some(content) => {
                // XML cannot carry control characters; JSON can.
                let expected = if format == FeedFormat::JsonFeed {
                    content.clone()
                } else {
                    xml_clean(content)
                };
                assert_eq!(
                    html_content.map(str::trim),
                    Some(expected.trim()),
                    "{what}: content"
                );
            }
            None => assert_eq!(html_content, None, "{what}: no HTML content"),
        }
        if let (Some(summary), Some(read), false) = (
            &item.summary,
            &entry.summary,
            format == FeedFormat::JsonFeed,
        ) {
            assert_eq!(read.content.trim(), xml_clean(summary).trim(), "{what}");
        }
    }
}

/// What XML can carry of a text: without control characters.
fn xml_clean(text: &str) -> String {
    text.chars()
        .filter(|c| matches!(c, '\t' | '\n' | '\r') || !c.is_control())
        .collect()
}

fn assert_public(format: FeedFormat, text: &str) {
    for private in PRIVATE {
        assert!(
            !text.contains(private),
            "{format} feed leaks {private:?}:\n{text}"
        );
    }
    assert!(!text.contains("aida-login"), "{format} feed leaks a login");
}

#[test]
fn every_format_parses_back_with_what_it_was_given() {
    let site = site();
    for content in [FeedContent::Excerpt, FeedContent::Full] {
        let items = items(&site, content);
        for format in FeedFormat::ALL {
            let channel = FeedChannel::for_site(&site, format).with_updated_from(&items);
            let text = render_feed(format, &channel, &items);
            assert_public(format, &text);
            let feed = parse(format, &text);
            compare(format, &channel, &items, &feed);
        }
    }
}

#[test]
fn built_items_say_what_the_site_says() {
    let site = site();
    let items = items(&site, FeedContent::Full);
    let day = &items[0];
    assert_eq!(
        day.link,
        "https://blog.example.org/2013/05/30/day-of-action/"
    );
    assert_eq!(day.link, permalink(&site, &site.posts[0]));
    assert_eq!(
        day.authors
            .iter()
            .map(|a| (a.name.as_str(), a.url.as_deref()))
            .collect::<Vec<_>>(),
        [
            ("Aida Жумабаевa", Some("https://aida.example/about")),
            (
                "Guest Writer",
                Some("https://blog.example.org/author/guest-writer/")
            ),
        ]
    );
    assert_eq!(
        day.categories
            .iter()
            .map(|c| (c.term.as_str(), c.label.as_str(), c.domain.as_deref()))
            .collect::<Vec<_>>(),
        [
            ("kyrgyzstan", "Kyrgyzstan", Some("post_tag")),
            ("asia", "Asia", Some("category")),
            (
                "%d0%bf%d1%80%d0%b0%d0%b2%d0%b0",
                "Права женщин",
                Some("post_tag")
            ),
        ]
    );
    assert!(day.summary.as_deref().unwrap().starts_with("Women marched"));
    // The protected post keeps its title and link, and nothing else of its text.
    let secret = &items[1];
    assert_eq!(secret.title, "Members only");
    // Dates are taken in the timestamp's own offset (+06:00 here): 1 June.
    assert_eq!(
        secret.link,
        "https://blog.example.org/2013/06/01/members-only/"
    );
    assert!(secret.summary.is_none() && secret.content.is_none());
    // An author whose website is a mailto: link is credited with the archive instead.
    assert_eq!(
        items[2].authors[0].url.as_deref(),
        Some("https://blog.example.org/author/ann/")
    );
    assert_eq!(
        items[2].summary.as_deref(),
        Some("<p>An <em>explicit</em> excerpt</p>")
    );
    assert_eq!(items[3].id, "http://old.example.org/?p=4");
}

#[test]
fn specific_elements_of_each_format() {
    let site = site();
    let items = items(&site, FeedContent::Full);

    let rss = render_feed(
        FeedFormat::Rss,
        &FeedChannel::for_site(&site, FeedFormat::Rss),
        &items,
    );
    assert!(rss.contains(
        "<atom:link href=\"https://blog.example.org/feed/\" rel=\"self\" type=\"application/rss+xml\"/>"
    ));
    assert!(rss.contains(
        "<guid isPermaLink=\"true\">https://blog.example.org/2013/05/30/day-of-action/</guid>"
    ));
    assert!(rss.contains("<guid isPermaLink=\"false\">http://old.example.org/?p=4</guid>"));
    // RFC 2822 in the post's own offset: 22:00 on the 30th in New York.
    assert!(rss.contains("<pubDate>Thu, 30 May 2013 22:00:00 -0400</pubDate>"));
    assert!(rss.contains("<dc:creator>Guest Writer</dc:creator>"));
    assert!(rss.contains("<category domain=\"category\">Asia</category>"));
    // The sanitiser writes the text's `>` as `&gt;`, which XML escapes again: no raw `]]>`.
    assert!(rss.contains("]]&amp;gt;"), "{rss}");
    assert!(!rss.contains('\u{7}') && !rss.contains('\u{c}'));

    let atom = render_feed(
        FeedFormat::Atom,
        &FeedChannel::for_site(&site, FeedFormat::Atom),
        &items,
    );
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en-US\">"));
    assert!(atom.contains("<id>https://blog.example.org/feed/atom/</id>"));
    // No updated date given: the latest item date.
    assert!(atom.contains("<updated>2015-03-03T03:03:03+00:00</updated>"));
    assert!(atom.contains("<category term=\"asia\" scheme=\"category\" label=\"Asia\"/>"));
    assert!(atom.contains("<summary type=\"html\">"));
    assert!(atom.contains("<content type=\"html\">&lt;p&gt;Women"));

    let json = render_feed(
        FeedFormat::JsonFeed,
        &FeedChannel::for_site(&site, FeedFormat::JsonFeed),
        &items,
    );
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(value["feed_url"], "https://blog.example.org/feed/json/");
    let first = &value["items"][0];
    assert_eq!(first["date_published"], "2013-05-30T22:00:00-04:00");
    assert_eq!(first["tags"][2], "Права женщин");
    assert_eq!(first["authors"][1]["name"], "Guest Writer");
    // JSON Feed summaries are plain text.
    assert_eq!(
        value["items"][2]["summary"], "An explicit excerpt",
        "{json}"
    );
    // Every item has content_html or content_text, even a protected one.
    for item in value["items"].as_array().unwrap() {
        assert!(item.get("content_html").is_some() || item.get("content_text").is_some());
    }
    assert_eq!(value["items"][1]["content_text"], "");
}

#[test]
fn tag_and_author_feeds_include_only_the_items_given() {
    let site = site();
    let tag = site.term(TermId(1)).unwrap();
    let chosen: Vec<FeedItem> = site
        .posts
        .iter()
        .filter(|post| post.terms.contains(&tag.id) && !post.is_password_protected())
        .map(|post| feed_item(&site, post, FeedContent::Excerpt))
        .collect();
    assert_eq!(chosen.len(), 1);
    for format in FeedFormat::ALL {
        let channel = FeedChannel::for_term(&site, tag, format);
        let text = render_feed(format, &channel, &chosen);
        let feed = parse(format, &text);
        compare(format, &channel, &chosen, &feed);
        assert!(!text.contains("Members only"));
        let author = site.author(AuthorId(3)).unwrap();
        let channel = FeedChannel::for_author(&site, author, format);
        let feed = parse(format, &render_feed(format, &channel, &[]));
        assert!(feed.entries.is_empty());
        assert_eq!(
            feed.title.map(|t| t.content),
            Some("Жіночий блог & <Friends> » Ann O'Neil".to_owned())
        );
    }
}

#[test]
fn plain_permalinks_and_sites_without_a_url() {
    let mut site = site();
    site.set_permalink_structure(&PermalinkStructure::plain());
    let items = items(&site, FeedContent::Full);
    assert_eq!(items[0].link, "https://blog.example.org/?p=1");
    site.settings.url = None;
    let items = items_without_url(&site);
    assert_eq!(items[0].link, "/?p=1");
    for format in FeedFormat::ALL {
        let channel = FeedChannel::for_site(&site, format);
        let text = render_feed(format, &channel, &items);
        let feed = parse(format, &text);
        assert_eq!(feed.entries.len(), items.len());
        if format == FeedFormat::Atom {
            // Atom ids must be absolute: relative permalinks become URNs.
            assert_eq!(feed.entries[0].id, "urn:broadsheet:entry:/?p=1");
        }
    }
}

fn items_without_url(site: &Site) -> Vec<FeedItem> {
    items(site, FeedContent::Full)
}

#[test]
fn drafts_handed_in_are_written_too() {
    // The writers never filter: choosing posts is the caller's work.
    let mut site = site();
    site.posts[0].status = PostStatus::Draft;
    let items = items(&site, FeedContent::Excerpt);
    let text = render_feed(
        FeedFormat::Rss,
        &FeedChannel::for_site(&site, FeedFormat::Rss),
        &items,
    );
    assert_eq!(parse(FeedFormat::Rss, &text).entries.len(), 4);
    assert_eq!(items[0].link, "https://blog.example.org/?p=1");
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(48))]

    #[test]
    fn every_generated_feed_parses_with_one_entry_per_item(
        site in broadsheet_core::testing::valid_site(),
        full in any::<bool>(),
    ) {
        let content = if full { FeedContent::Full } else { FeedContent::Excerpt };
        let items = items(&site, content);
        for format in FeedFormat::ALL {
            let channel = FeedChannel::for_site(&site, format).with_updated_from(&items);
            let text = render_feed(format, &channel, &items);
            prop_assert!(!text.contains("@example.org"), "{} feed leaks an e-mail", format);
            for post in site.posts.iter().filter(|p| p.is_password_protected()) {
                let password = post.password.as_deref().unwrap_or_default();
                // Generated passwords are short; only check those unlikely to occur by chance.
                if password.len() >= 6 {
                    let marked = format!(">{password}<");
                    prop_assert!(!text.contains(&marked), "{} feed leaks a password", format);
                }
            }
            let feed = feed_rs::parser::parse(text.as_bytes());
            prop_assert!(feed.is_ok(), "{} feed does not parse: {:?}\n{}", format, feed.err(), text);
            let feed = feed.unwrap();
            prop_assert_eq!(feed.entries.len(), items.len());
            for (entry, item) in feed.entries.iter().zip(&items) {
                prop_assert_eq!(
                    entry.title.as_ref().map(|t| t.content.trim().to_owned()),
                    Some(item.title.trim().to_owned())
                );
                prop_assert_eq!(entry.published, item.published.map(|t| t.utc()));
                prop_assert_eq!(entry_link(entry), Some(item.link.as_str()));
            }
        }
    }
}

#[test]
fn a_query_feed_is_the_public_view_of_the_query() {
    let mut site = site();
    // A draft with the tag: an editor would see it, a feed never does.
    let mut draft = Post::new(PostId(50), "Unpublished plans", slug("plans"));
    draft.status = PostStatus::Draft;
    draft.terms.push(TermId(1));
    draft.published = Some(time("2013-06-02T10:00:00+00:00"));
    site.posts.push(draft);
    let snapshot = broadsheet_core::Snapshot::from_site(site.clone());
    let query = broadsheet_core::Query::new()
        .tag("kyrgyzstan")
        .statuses([PostStatus::Published, PostStatus::Draft]);
    let items = query_items(&snapshot, &query, FeedContent::Full).unwrap();
    let expected: Vec<String> = snapshot
        .query(&query, broadsheet_core::Viewer::Anonymous)
        .unwrap()
        .posts
        .iter()
        // Feed titles are the titles made plain text (`<friends>` reads as a tag, as in `render`).
        .map(|post| broadsheet_core::text::strip_html(post.title()))
        .collect();
    assert!(!expected.is_empty());
    let titles: Vec<String> = items.iter().map(|item| item.title.clone()).collect();
    assert_eq!(titles, expected);
    assert!(!titles.iter().any(|title| title == "Unpublished plans"));
    for format in FeedFormat::ALL {
        let channel = FeedChannel::for_site(&site, format).with_updated_from(&items);
        let text = render_feed(format, &channel, &items);
        assert_eq!(parse(format, &text).entries.len(), items.len(), "{format}");
        assert_public(format, &text);
    }
}

#[test]
fn feeds_publish_no_active_markup() {
    use broadsheet_core::{Post, PostId, Query, Site, Slug, Snapshot};
    use broadsheet_formats::feed::{
        FeedChannel, FeedContent, FeedFormat, query_items, render_feed,
    };
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "<svg onload=alert(3)>",
        "<a href=\"javascript:alert(4)\">x</a>",
        "<a href=\"data:text/html,<script>alert(5)</script>\">y</a>",
        "<iframe src=\"https://evil.example\"></iframe>",
        "<p style=\"background:url(javascript:alert(6))\">z</p>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(7)>",
    ];
    let mut site = Site::new("Blog");
    for (i, payload) in payloads.iter().enumerate() {
        let id = i as u64 + 1;
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}"),
            Slug::parse(&format!("p{id}")).unwrap(),
        );
        post.published = Some(
            broadsheet_core::Timestamp::parse_rfc3339(&format!("2020-01-{id:02}T10:00:00Z"))
                .unwrap(),
        );
        post.content = format!("<p>Kept text {id}</p>{payload}");
        post.excerpt = Some(format!("<em>Lead {id}</em>{payload}"));
        site.posts.push(post);
    }
    let snapshot = Snapshot::from_site(site);
    let items = query_items(&snapshot, &Query::new().page(1, 20), FeedContent::Full).unwrap();
    assert_eq!(items.len(), payloads.len());
    for format in FeedFormat::ALL {
        let channel = FeedChannel::for_site(&snapshot, format).with_updated_from(&items);
        let feed = render_feed(format, &channel, &items);
        // Whatever the escaping of the format, the decoded HTML holds no active markup.
        let decoded = feed
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("\\u003c", "<")
            .replace("\\\"", "\"")
            .to_ascii_lowercase();
        for needle in [
            "<script",
            "onerror",
            "onload",
            "javascript:",
            "data:text",
            "<iframe",
            "<svg",
            "<math",
            "alert(",
        ] {
            assert!(
                !decoded.contains(needle),
                "{format}: {needle} survived in {feed}"
            );
        }
        assert!(
            decoded.contains("kept text 1") && decoded.contains("lead 1"),
            "{format}: the safe part is kept"
        );
    }
}
