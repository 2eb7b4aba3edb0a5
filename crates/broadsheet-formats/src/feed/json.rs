//! JSON Feed 1.1.

use super::{FeedChannel, FeedItem};
use broadsheet_core::Timestamp;
use broadsheet_core::text::strip_html;
use serde::Serialize;
use std::collections::HashSet;
use std::io::{self, Write};

const VERSION: &str = "https://jsonfeed.org/version/1.1";

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    home_page_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feed_url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'a str>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    authors: Vec<JsonAuthor<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

fn item(item: &FeedItem) -> JsonItem<'_> {
    // JSON Feed's summary is plain text; ours is HTML.
    let summary = item.summary.as_deref().map(strip_html);
    // Every item needs content_html or content_text: an item without content carries its
    // summary as text, or an empty text (a password-protected post).
    let content_text = match &item.content {
        Some(_) => None,
        None => Some(summary.clone().unwrap_or_default()),
    };
    let mut seen = HashSet::new();
    JsonItem {
        id: &item.id,
        url: non_empty(&item.link),
        title: &item.title,
        content_html: item.content.as_deref(),
        content_text,
        summary,
        date_published: item
            .published
            .filter(Timestamp::is_writable)
            .map(|t| t.to_rfc3339()),
        date_modified: item
            .modified
            .filter(Timestamp::is_writable)
            .map(|t| t.to_rfc3339()),
        authors: item
            .authors
            .iter()
            .map(|person| JsonAuthor {
                name: &person.name,
                url: person.url.as_deref(),
            })
            .collect(),
        tags: item
            .categories
            .iter()
            .map(super::FeedCategory::display)
            .filter(|tag| seen.insert(*tag))
            .collect(),
    }
}

pub(super) fn write(
    channel: &FeedChannel,
    items: &[FeedItem],
    mut out: impl Write,
) -> io::Result<()> {
    let feed = JsonFeed {
        version: VERSION,
        title: &channel.title,
        home_page_url: non_empty(&channel.link),
        feed_url: channel.self_link.as_deref(),
        description: non_empty(&channel.description),
        language: channel.language.as_deref().filter(|l| !l.is_empty()),
        items: items.iter().map(item).collect(),
    };
    serde_json::to_writer_pretty(&mut out, &feed)?;
    out.write_all(b"\n")?;
    out.flush()
}
