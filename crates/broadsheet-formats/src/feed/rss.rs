//! RSS 2.0, with the `atom` (self link), `content` (full text) and `dc` (authors) namespaces.

use super::xml::XmlOut;
use super::{FeedChannel, FeedItem, latest};
use broadsheet_core::Timestamp;
use std::io::{self, Write};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";
const CONTENT_NS: &str = "http://purl.org/rss/1.0/modules/content/";
const DC_NS: &str = "http://purl.org/dc/elements/1.1/";

pub(super) fn write(channel: &FeedChannel, items: &[FeedItem], out: impl Write) -> io::Result<()> {
    let mut xml = XmlOut::new(out)?;
    xml.open(
        "rss",
        &[
            ("version", "2.0"),
            ("xmlns:atom", ATOM_NS),
            ("xmlns:content", CONTENT_NS),
            ("xmlns:dc", DC_NS),
        ],
    )?;
    xml.open("channel", &[])?;
    xml.text("title", &[], &channel.title)?;
    xml.text("link", &[], &channel.link)?;
    xml.text("description", &[], &channel.description)?;
    if let Some(self_link) = &channel.self_link {
        xml.empty(
            "atom:link",
            &[
                ("href", self_link),
                ("rel", "self"),
                ("type", "application/rss+xml"),
            ],
        )?;
    }
    if let Some(language) = channel.language.as_deref().filter(|l| !l.is_empty()) {
        xml.text("language", &[], language)?;
    }
    if let Some(updated) = channel
        .updated
        .filter(Timestamp::is_writable)
        .or_else(|| latest(items))
    {
        xml.text("lastBuildDate", &[], &updated.local().to_rfc2822())?;
    }
    for item in items {
        write_item(&mut xml, item)?;
    }
    xml.close("channel")?;
    xml.close("rss")?;
    xml.finish()
}

fn write_item<W: Write>(xml: &mut XmlOut<W>, item: &FeedItem) -> io::Result<()> {
    xml.open("item", &[])?;
    xml.text("title", &[], &item.title)?;
    if !item.link.is_empty() {
        xml.text("link", &[], &item.link)?;
    }
    if !item.id.is_empty() {
        let is_permalink = if item.id == item.link {
            "true"
        } else {
            "false"
        };
        xml.text("guid", &[("isPermaLink", is_permalink)], &item.id)?;
    }
    if let Some(published) = item.published.filter(Timestamp::is_writable) {
        xml.text("pubDate", &[], &published.local().to_rfc2822())?;
    }
    for author in &item.authors {
        xml.text("dc:creator", &[], &author.name)?;
    }
    for category in &item.categories {
        match &category.domain {
            Some(domain) => xml.text("category", &[("domain", domain)], category.display())?,
            None => xml.text("category", &[], category.display())?,
        }
    }
    if let Some(summary) = &item.summary {
        xml.text("description", &[], summary)?;
    }
    if let Some(content) = &item.content {
        xml.text("content:encoded", &[], content)?;
    }
    xml.close("item")
}
