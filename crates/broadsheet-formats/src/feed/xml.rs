//! What the XML feeds share: text cleaned of characters XML 1.0 cannot hold, and a small
//! wrapper over quick-xml's writer that escapes every text and attribute value.

use crate::xml_chars::is_xml_char;
use quick_xml::Writer;
use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::name::QName;
use std::borrow::Cow;
use std::io::{self, Write};

/// The text without the characters XML 1.0 cannot hold (control characters, U+FFFE, U+FFFF).
pub(crate) fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|c| is_xml_char(*c)).collect())
    }
}

/// Escapes an attribute value: `&`, `<`, `>`, `"`, `'`, and the whitespace characters that
/// attribute normalisation would turn into spaces.
fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars().filter(|c| is_xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            _ => out.push(c),
        }
    }
    out
}

/// An XML document being written, indented by two spaces.
pub(crate) struct XmlOut<W: Write> {
    writer: Writer<W>,
}

impl<W: Write> XmlOut<W> {
    /// Starts a document with its XML declaration.
    pub(crate) fn new(out: W) -> io::Result<Self> {
        let mut writer = Writer::new_with_indent(out, b' ', 2);
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        Ok(Self { writer })
    }

    fn start_tag<'a>(name: &'a str, attributes: &[(&'a str, &str)]) -> BytesStart<'a> {
        let mut start = BytesStart::new(name);
        for (key, value) in attributes {
            start.push_attribute(Attribute {
                key: QName(key),
                value: Cow::Owned(escape_attribute(value)),
            });
        }
        start
    }

    /// Opens an element.
    pub(crate) fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer
            .write_event(Event::Start(Self::start_tag(name, attributes)))
    }

    /// Closes an element.
    pub(crate) fn close(&mut self, name: &str) -> io::Result<()> {
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Writes `<name attributes>text</name>`, the text cleaned and escaped.
    pub(crate) fn text(
        &mut self,
        name: &str,
        attributes: &[(&str, &str)],
        text: &str,
    ) -> io::Result<()> {
        let cleaned = clean(text);
        self.writer
            .write_event(Event::Start(Self::start_tag(name, attributes)))?;
        self.writer
            .write_event(Event::Text(BytesText::new(&cleaned)))?;
        self.writer.write_event(Event::End(BytesEnd::new(name)))
    }

    /// Writes an empty element `<name attributes/>`.
    pub(crate) fn empty(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        self.writer
            .write_event(Event::Empty(Self::start_tag(name, attributes)))
    }

    /// Ends the document with a line break.
    pub(crate) fn finish(self) -> io::Result<()> {
        let mut out = self.writer.into_inner();
        out.write_all(b"\n")?;
        out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_removed() {
        assert_eq!(clean("a\u{0}b\u{1b}c\td\u{FFFE}"), "abc\td");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
        assert!(is_xml_char('🌍') && is_xml_char('\u{E000}') && !is_xml_char('\u{FFFF}'));
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut out = Vec::new();
        let mut xml = XmlOut::new(&mut out).unwrap();
        xml.text("t", &[("a", "x\"y'<&>\n")], "1 < 2 & 3 > 2 ]]> \"'\u{7}")
            .unwrap();
        xml.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.contains(
                "<t a=\"x&quot;y&apos;&lt;&amp;&gt;&#10;\">1 &lt; 2 &amp; 3 &gt; 2 ]]&gt; &quot;&apos;</t>"
            ),
            "{text}"
        );
    }
}
