//! The one rule for characters XML 1.0 cannot carry.
//!
//! XML 1.0 allows tab, line feed, carriage return, U+0020–U+D7FF, U+E000–U+FFFD and
//! U+10000–U+10FFFF. Everything else — NUL and the other C0 controls, U+FFFE, U+FFFF, and the
//! surrogates a character reference may name (`&#xD800;`) — cannot be in a well-formed document,
//! literally or by reference. The WXR reader applies one rule wherever it takes text (element
//! text, CDATA, attribute values, character references, element names): strict imports refuse
//! the document with a located error, lenient imports put U+FFFD ([`REPLACEMENT`]) in its place
//! and report `wxr.xml.char.replaced` with the location. The WXR writer writes U+FFFD for any such
//! character a site holds (a site built in code or read from JSON can hold one), so it never
//! writes a document its reader would refuse. Feeds, which are never read back, drop them.

use std::borrow::Cow;

/// What a character XML cannot carry becomes.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// Whether XML 1.0 allows the character in a document.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Whether a code point (from a character reference) is a character XML 1.0 allows: surrogates,
/// which no `char` can hold, are not.
pub(crate) fn is_xml_code_point(code: u32) -> bool {
    char::from_u32(code).is_some_and(is_xml_char)
}

/// Whether UTF-8 text holds a character XML 1.0 forbids: a C0 control other than tab, line feed
/// and carriage return, or U+FFFE / U+FFFF (surrogates cannot occur in a `str`).
pub(crate) fn has_forbidden(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A control byte is looked for 32 bytes at a time with bitwise operations only (no
    // branch per byte), which the compiler turns into vector compares; the tail byte by byte.
    fn control(b: u8) -> u8 {
        u8::from(b < 0x20) & u8::from(b != b'\t') & u8::from(b != b'\n') & u8::from(b != b'\r')
    }
    let mut chunks = bytes.chunks_exact(32);
    let found = chunks
        .by_ref()
        .any(|chunk| chunk.iter().fold(0u8, |found, &b| found | control(b)) != 0)
        || chunks.remainder().iter().any(|&b| control(b) != 0);
    found
        || memchr::memchr_iter(0xEF, bytes).any(|i| {
            bytes.get(i + 1) == Some(&0xBF) && matches!(bytes.get(i + 2), Some(0xBE | 0xBF))
        })
}

/// The text with every character XML 1.0 forbids replaced by [`REPLACEMENT`]; borrowed when
/// there is none.
pub(crate) fn replace_forbidden(text: &str) -> Cow<'_, str> {
    if !has_forbidden(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_xml_char(c) { c } else { REPLACEMENT })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forbidden_set_is_xml_1_0s() {
        for c in [
            '\0', '\u{1}', '\u{8}', '\u{B}', '\u{C}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert!(!is_xml_char(c), "{c:?}");
            assert!(has_forbidden(&format!("a{c}b")), "{c:?}");
            assert_eq!(replace_forbidden(&format!("a{c}")), "a\u{FFFD}");
        }
        for c in [
            '\t', '\n', '\r', ' ', '\u{7F}', '\u{85}', '\u{D7FF}', '\u{E000}', '\u{FFFD}',
        ] {
            assert!(is_xml_char(c), "{c:?}");
            assert!(!has_forbidden(&format!("a{c}b")), "{c:?}");
        }
        assert!(is_xml_char('\u{10FFFF}') && is_xml_char('🌍'));
        // U+FFEF and U+FE0F share bytes with U+FFFE / U+FFFF; they are allowed.
        assert!(!has_forbidden("\u{FFEF}\u{FE0F}\u{EFBF}"));
        assert!(matches!(replace_forbidden("plain"), Cow::Borrowed("plain")));
        for code in [0, 1, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF, 0x11_0000] {
            assert!(!is_xml_code_point(code), "{code:#x}");
        }
        for code in [9, 10, 13, 0x20, 0xD7FF, 0xE000, 0x10_FFFF] {
            assert!(is_xml_code_point(code), "{code:#x}");
        }
    }

    #[test]
    fn forbidden_bytes_are_found_in_every_chunk_position() {
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 200] {
            let mut text = "x".repeat(len);
            assert!(!has_forbidden(&text));
            text.push('\0');
            assert!(has_forbidden(&text), "{len}");
            text.push_str("yyyyyyy");
            assert!(has_forbidden(&text), "{len}");
        }
        // Every position of a 100-byte text, in the vector part and in the tail, against
        // the definition by characters.
        for c in [
            '\0', '\u{1}', '\u{1F}', '\t', '\n', '\r', ' ', '\u{7F}', '\u{FFFE}', '\u{FFFF}',
            '\u{FFEF}',
        ] {
            for at in 0..100 {
                let text: String = (0..100).map(|i| if i == at { c } else { 'a' }).collect();
                let expected = text.chars().any(|c| !is_xml_char(c));
                assert_eq!(has_forbidden(&text), expected, "{c:?} at {at}");
            }
        }
    }
}
