//! Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for any list of posts (the site feed, a tag
//! feed, an author feed).
//!
//! Writing a feed takes two steps:
//!
//! 1. Build a [`FeedChannel`] (the feed's title, links and language) and one [`FeedItem`] per
//!    post. [`FeedChannel::for_site`], [`FeedChannel::for_term`] and
//!    [`FeedChannel::for_author`] build channels from the model; [`feed_item`] builds an
//!    item from a post, with links from the site's permalink structure and only the data an
//!    anonymous reader may see (no e-mail addresses, IP addresses or passwords; a
//!    password-protected post keeps its title and link but loses its text).
//! 2. Write them with [`write_feed`] or [`render_feed`] in a [`FeedFormat`].
//!
//! The writers include exactly the items they are given, in the order given. [`query_items`]
//! chooses them for a query: the anonymous view of the query's page, so a feed never shows
//! what the public may not see.
//!
//! ```
//! use broadsheet_formats::feed::{FeedChannel, FeedContent, FeedFormat, feed_item, render_feed};
//! use broadsheet_core::{Author, AuthorId, Post, PostId, Site, Slug, Timestamp, Url};
//!
//! let mut site = Site::new("Women's Learning Partnership");
//! site.settings.url = Some(Url::parse("https://blog.example.org").unwrap());
//! site.authors.push(Author::new(AuthorId(1), Slug::parse("wlp").unwrap(), "WLP"));
//! let mut post = Post::new(PostId(1), "Day of Action", Slug::parse("day-of-action").unwrap());
//! post.authors.push(AuthorId(1));
//! post.published = Some(Timestamp::parse_rfc3339("2013-05-30T10:00:00+06:00").unwrap());
//! post.content = "<p>Full text</p>".into();
//! site.posts.push(post);
//!
//! let items: Vec<_> = site.posts.iter().map(|p| feed_item(&site, p, FeedContent::Excerpt)).collect();
//! let channel = FeedChannel::for_site(&site, FeedFormat::Atom).with_updated_from(&items);
//! let atom = render_feed(FeedFormat::Atom, &channel, &items);
//! assert!(atom.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://blog.example.org/2013/05/30/day-of-action/\"/>"));
//! ```

mod atom;
mod build;
mod json;
mod rss;
mod xml;

pub use build::{FeedContent, feed_item, query_items};

use broadsheet_core::Timestamp;
use std::fmt;
use std::io::{self, Write};

/// A feed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FeedFormat {
    /// RSS 2.0, with the `content`, `dc` and `atom` namespaces.
    Rss,
    /// Atom 1.0 (RFC 4287).
    Atom,
    /// JSON Feed 1.1.
    JsonFeed,
}

impl FeedFormat {
    /// Every format.
    pub const ALL: [FeedFormat; 3] = [Self::Rss, Self::Atom, Self::JsonFeed];

    /// The format's media type (`application/rss+xml`, `application/atom+xml`,
    /// `application/feed+json`).
    pub fn media_type(self) -> &'static str {
        match self {
            Self::Rss => "application/rss+xml",
            Self::Atom => "application/atom+xml",
            Self::JsonFeed => "application/feed+json",
        }
    }

    /// The usual file extension, without the dot (`xml`, `atom`, `json`).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Rss => "xml",
            Self::Atom => "atom",
            Self::JsonFeed => "json",
        }
    }

    /// WordPress's name for the feed (`rss2`, `atom`, `json`), as in `?feed=rss2` and
    /// `/feed/atom/`.
    pub fn wordpress_name(self) -> &'static str {
        match self {
            Self::Rss => "rss2",
            Self::Atom => "atom",
            Self::JsonFeed => "json",
        }
    }
}

impl std::str::FromStr for FeedFormat {
    type Err = String;

    /// `rss`/`rss2`, `atom` or `json`/`jsonfeed` (any case).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "rss" | "rss2" => Ok(Self::Rss),
            "atom" => Ok(Self::Atom),
            "json" | "jsonfeed" | "json-feed" => Ok(Self::JsonFeed),
            other => Err(format!(
                "unknown feed format {other:?}: expected rss, atom or json"
            )),
        }
    }
}

impl fmt::Display for FeedFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Rss => "rss",
            Self::Atom => "atom",
            Self::JsonFeed => "json",
        })
    }
}

/// The feed as a whole: what it is about and where it lives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedChannel {
    /// Title (plain text).
    pub title: String,
    /// The page the feed follows: the site's home, a tag archive, an author archive.
    pub link: String,
    /// The feed's own URL (RSS `atom:link rel="self"`, Atom `link rel="self"`, JSON Feed
    /// `feed_url`).
    pub self_link: Option<String>,
    /// Description or tagline (plain text).
    pub description: String,
    /// Language as a BCP 47 tag (`en-US`).
    pub language: Option<String>,
    /// When the feed last changed. Atom requires it: when `None`, the latest date among the
    /// items is written, or the Unix epoch for a feed without dated items.
    pub updated: Option<Timestamp>,
    /// A permanent identifier (Atom `id`). When `None`, the self link, then the link, is used.
    pub id: Option<String>,
}

/// A person credited on an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedPerson {
    /// The name shown.
    pub name: String,
    /// A page about the person.
    pub url: Option<String>,
}

/// A category or tag of an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedCategory {
    /// Machine-readable term (the slug).
    pub term: String,
    /// Human-readable label (the name); the term is shown when it is empty.
    pub label: String,
    /// The vocabulary (RSS `domain`, Atom `scheme`): the taxonomy (`post_tag`, `category`).
    pub domain: Option<String>,
}

impl FeedCategory {
    /// The label, or the term when the label is blank.
    pub fn display(&self) -> &str {
        if self.label.trim().is_empty() {
            &self.term
        } else {
            &self.label
        }
    }
}

/// One entry of a feed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedItem {
    /// A permanent identifier (RSS `guid`, Atom `id`, JSON Feed `id`).
    pub id: String,
    /// Title (plain text).
    pub title: String,
    /// The item's permalink.
    pub link: String,
    /// When it was published.
    pub published: Option<Timestamp>,
    /// When it last changed.
    pub modified: Option<Timestamp>,
    /// Authors in order.
    pub authors: Vec<FeedPerson>,
    /// Categories and tags.
    pub categories: Vec<FeedCategory>,
    /// A summary or excerpt (HTML).
    pub summary: Option<String>,
    /// The full content (HTML).
    pub content: Option<String>,
}

impl FeedItem {
    /// The date Atom's required `updated` takes: the modification date, else the
    /// publication date.
    pub fn updated(&self) -> Option<Timestamp> {
        self.modified.or(self.published)
    }
}

/// Writes a feed of `items` (exactly these, in this order) to `out`.
pub fn write_feed(
    format: FeedFormat,
    channel: &FeedChannel,
    items: &[FeedItem],
    out: impl Write,
) -> io::Result<()> {
    match format {
        FeedFormat::Rss => rss::write(channel, items, out),
        FeedFormat::Atom => atom::write(channel, items, out),
        FeedFormat::JsonFeed => json::write(channel, items, out),
    }
}

/// Renders a feed of `items` (exactly these, in this order) as a string.
pub fn render_feed(format: FeedFormat, channel: &FeedChannel, items: &[FeedItem]) -> String {
    let mut out = Vec::new();
    write_feed(format, channel, items, &mut out).expect("writing to a Vec cannot fail");
    // Every writer writes UTF-8 text; a lossy conversion never changes it.
    String::from_utf8_lossy(&out).into_owned()
}

/// Why a site cannot have a feed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FeedError {
    /// The site has no web URL, so its links would be relative, which feed readers cannot
    /// follow.
    #[error("the site has no URL (http:// or https://), and a feed's links must be absolute")]
    NoSiteUrl,
}

/// Checks that a site can have a feed: it needs a web URL, since a feed never holds a relative
/// link (readers fetch it from elsewhere).
pub fn require_site_url(site: &dyn broadsheet_core::SiteData) -> Result<(), FeedError> {
    match site.url() {
        Some(url) if url.is_web() => Ok(()),
        _ => Err(FeedError::NoSiteUrl),
    }
}

/// The latest date among the items (modification, else publication).
/// The latest date of the items that a feed can write ([`Timestamp::is_writable`]).
fn latest(items: &[FeedItem]) -> Option<Timestamp> {
    items
        .iter()
        .filter_map(FeedItem::updated)
        .filter(Timestamp::is_writable)
        .max_by_key(broadsheet_core::Timestamp::utc)
}

/// `docs/formats/feeds.md`'s example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../../docs/formats/feeds.md")]
struct FeedDocs;
