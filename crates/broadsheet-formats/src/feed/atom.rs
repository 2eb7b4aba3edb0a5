//! Atom 1.0 (RFC 4287).

use super::xml::XmlOut;
use super::{FeedChannel, FeedItem, latest};
use broadsheet_core::Timestamp;
use std::io::{self, Write};

const ATOM_NS: &str = "http://www.w3.org/2005/Atom";

/// `updated` for a feed without any date.
const EPOCH: &str = "1970-01-01T00:00:00Z";

pub(super) fn write(channel: &FeedChannel, items: &[FeedItem], out: impl Write) -> io::Result<()> {
    let mut xml = XmlOut::new(out)?;
    let mut attributes = vec![("xmlns", ATOM_NS)];
    if let Some(language) = channel.language.as_deref().filter(|l| !l.is_empty()) {
        attributes.push(("xml:lang", language));
    }
    xml.open("feed", &attributes)?;
    let feed_updated = channel
        .updated
        .filter(Timestamp::is_writable)
        .or_else(|| latest(items))
        .map_or_else(|| EPOCH.to_owned(), |t| t.to_rfc3339());
    let id = [
        channel.id.as_deref(),
        channel.self_link.as_deref(),
        Some(channel.link.as_str()),
    ]
    .into_iter()
    .flatten()
    .find(|candidate| is_absolute_iri(candidate))
    .map_or_else(
        || {
            let fallback = channel
                .id
                .as_deref()
                .or(channel.self_link.as_deref())
                .unwrap_or(&channel.link);
            urn("feed", fallback)
        },
        str::to_owned,
    );
    xml.text("id", &[], &id)?;
    xml.text("title", &[("type", "text")], &channel.title)?;
    if !channel.description.is_empty() {
        xml.text("subtitle", &[("type", "text")], &channel.description)?;
    }
    xml.text("updated", &[], &feed_updated)?;
    if !channel.link.is_empty() {
        xml.empty(
            "link",
            &[
                ("rel", "alternate"),
                ("type", "text/html"),
                ("href", &channel.link),
            ],
        )?;
    }
    if let Some(self_link) = &channel.self_link {
        xml.empty(
            "link",
            &[
                ("rel", "self"),
                ("type", "application/atom+xml"),
                ("href", self_link),
            ],
        )?;
    }
    // Atom requires an author on every entry: entries without one inherit the feed's.
    if items.iter().any(|item| item.authors.is_empty()) {
        xml.open("author", &[])?;
        xml.text("name", &[], &channel.title)?;
        xml.close("author")?;
    }
    for item in items {
        write_entry(&mut xml, item, &feed_updated)?;
    }
    xml.close("feed")?;
    xml.finish()
}

fn write_entry<W: Write>(
    xml: &mut XmlOut<W>,
    item: &FeedItem,
    feed_updated: &str,
) -> io::Result<()> {
    xml.open("entry", &[])?;
    let id = if is_absolute_iri(&item.id) {
        item.id.clone()
    } else if is_absolute_iri(&item.link) {
        item.link.clone()
    } else {
        urn(
            "entry",
            if item.id.is_empty() {
                &item.link
            } else {
                &item.id
            },
        )
    };
    xml.text("id", &[], &id)?;
    xml.text("title", &[("type", "text")], &item.title)?;
    let updated = item
        .updated()
        .filter(Timestamp::is_writable)
        .map_or_else(|| feed_updated.to_owned(), |t| t.to_rfc3339());
    xml.text("updated", &[], &updated)?;
    if let Some(published) = item.published.filter(Timestamp::is_writable) {
        xml.text("published", &[], &published.to_rfc3339())?;
    }
    for author in &item.authors {
        xml.open("author", &[])?;
        xml.text("name", &[], &author.name)?;
        if let Some(url) = &author.url {
            xml.text("uri", &[], url)?;
        }
        xml.close("author")?;
    }
    for category in &item.categories {
        let mut attributes = vec![("term", category.term.as_str())];
        if let Some(domain) = &category.domain {
            attributes.push(("scheme", domain));
        }
        if !category.label.trim().is_empty() {
            attributes.push(("label", &category.label));
        }
        xml.empty("category", &attributes)?;
    }
    if !item.link.is_empty() {
        xml.empty(
            "link",
            &[
                ("rel", "alternate"),
                ("type", "text/html"),
                ("href", &item.link),
            ],
        )?;
    }
    if let Some(summary) = &item.summary {
        xml.text("summary", &[("type", "html")], summary)?;
    }
    if let Some(content) = &item.content {
        xml.text("content", &[("type", "html")], content)?;
    }
    xml.close("entry")
}

/// Whether the text starts with a URI scheme (`https:`, `urn:`, `tag:`).
fn is_absolute_iri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !text.chars().any(char::is_whitespace)
}

/// What a URN keeps as it is (RFC 8141's characters); every other byte is percent-encoded.
const URN_KEEPS: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/')
    .remove(b'?')
    .remove(b'=')
    .remove(b'&')
    .remove(b';')
    .remove(b':')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',');

/// A URN for an identifier that is not an absolute IRI (a relative permalink on a site
/// without a URL): `urn:broadsheet:<kind>:<text>`, percent-encoding what a URN cannot hold.
fn urn(kind: &str, text: &str) -> String {
    format!(
        "urn:broadsheet:{kind}:{}",
        percent_encoding::utf8_percent_encode(text, URN_KEEPS)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_iris() {
        assert!(is_absolute_iri("https://example.org/a"));
        assert!(is_absolute_iri("urn:uuid:1234"));
        assert!(is_absolute_iri("tag:example.org,2005:1"));
        assert!(!is_absolute_iri("/2013/05/30/a/"));
        assert!(!is_absolute_iri("/?p=1"));
        assert!(!is_absolute_iri("1:"));
        assert!(!is_absolute_iri(""));
    }

    #[test]
    fn urns_encode_what_they_cannot_hold() {
        assert_eq!(urn("entry", "/?p=1"), "urn:broadsheet:entry:/?p=1");
        assert_eq!(urn("entry", "a b%ж"), "urn:broadsheet:entry:a%20b%25%D0%B6");
    }
}
