//! Value types that parse on construction: [`Slug`], [`Email`] and [`Url`].
//!
//! Each keeps the exact text it was built from (so that a round trip through any format gives
//! back the same bytes) and refuses text that can never be valid. Deserialising goes through the
//! same parser, so a file with a malformed value is rejected with the value's path.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Why a value could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A slug was empty.
    #[error("a slug cannot be empty")]
    EmptySlug,
    /// A slug contained a character slugs never contain.
    #[error(
        "a slug cannot contain {found:?} (at byte {at}): slugs have no whitespace, control characters, '/', '?' or '#'"
    )]
    SlugCharacter {
        /// The offending character.
        found: char,
        /// Its byte offset.
        at: usize,
    },
    /// An e-mail address was malformed.
    #[error("{value:?} is not an e-mail address: {reason}")]
    Email {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A URL was malformed.
    #[error("{value:?} is not an absolute URL: {reason}")]
    Url {
        /// The text given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
}

macro_rules! string_value {
    ($name:ident) => {
        impl $name {
            /// The text exactly as given.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Consumes the value, returning its text.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl FromStr for $name {
            type Err = ValueError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ValueError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = ValueError;
            fn try_from(value: &str) -> Result<Self, Self::Error> {
                Self::parse(value)
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                Self::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A URL path segment naming a post, an author or a term.
///
/// A slug is never empty and has no whitespace, no control characters and none of `/`, `?`, `#`.
/// Anything else is kept as given, including upper case, percent-encoded UTF-8 (WordPress) and
/// raw non-ASCII letters, because imports must give back the slugs they read. Slugs longer than
/// WordPress's 200-byte column are representable; [`crate::validate`] reports them.
/// To make a slug from a title, use [`crate::slugify`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);
string_value!(Slug);

impl Slug {
    /// Parses a slug.
    ///
    /// ```
    /// use broadsheet_core::Slug;
    /// assert_eq!(Slug::parse("kyrgyzstan").unwrap().as_str(), "kyrgyzstan");
    /// assert!(Slug::parse("").is_err());
    /// assert!(Slug::parse("two words").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        if text.is_empty() {
            return Err(ValueError::EmptySlug);
        }
        if let Some((at, found)) = text
            .char_indices()
            .find(|&(_, c)| c.is_whitespace() || c.is_control() || matches!(c, '/' | '?' | '#'))
        {
            return Err(ValueError::SlugCharacter { found, at });
        }
        Ok(Self(text.to_owned()))
    }
}

/// An e-mail address: `local@domain`, with no whitespace or control characters, a local part of
/// at most 64 bytes, a domain of dot-separated non-empty labels and at most 254 bytes in all.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Email(String);
string_value!(Email);

impl Email {
    /// Parses an e-mail address.
    ///
    /// ```
    /// use broadsheet_core::Email;
    /// assert!(Email::parse("editor@example.org").is_ok());
    /// assert!(Email::parse("editor@").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let fail = |reason| ValueError::Email {
            value: text.to_owned(),
            reason,
        };
        if text.len() > 254 {
            return Err(fail("longer than 254 bytes"));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(fail("contains whitespace or a control character"));
        }
        let Some((local, domain)) = text.rsplit_once('@') else {
            return Err(fail("has no '@'"));
        };
        if local.is_empty() {
            return Err(fail("nothing before the '@'"));
        }
        if local.len() > 64 {
            return Err(fail("the part before the '@' is longer than 64 bytes"));
        }
        if local.contains('@') && !(local.starts_with('"') && local.ends_with('"')) {
            return Err(fail("more than one '@'"));
        }
        if domain.is_empty() {
            return Err(fail("nothing after the '@'"));
        }
        let label_ok = |label: &str| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || (c == '[' || c == ']' || c == ':'))
        };
        if !domain.split('.').all(label_ok) {
            return Err(fail("the domain is not a host name"));
        }
        Ok(Self(text.to_owned()))
    }
}

/// An absolute URL (`https://example.org/a`), kept exactly as written: no normalisation, so
/// that `http://example.org` does not come back as `http://example.org/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Url(String);
string_value!(Url);

impl Url {
    /// Parses an absolute URL.
    ///
    /// ```
    /// use broadsheet_core::Url;
    /// assert_eq!(Url::parse("http://example.org").unwrap().as_str(), "http://example.org");
    /// assert!(Url::parse("/relative/path").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, ValueError> {
        let fail = |reason: String| ValueError::Url {
            value: text.to_owned(),
            reason,
        };
        if text.trim() != text || text.is_empty() {
            return Err(fail("empty, or leading or trailing whitespace".into()));
        }
        if text.chars().any(char::is_control) {
            return Err(fail("contains a control character".into()));
        }
        url::Url::parse(text).map_err(|error| fail(error.to_string()))?;
        Ok(Self(text.to_owned()))
    }

    /// The scheme in lower case (`https`, `mailto`, ...).
    pub fn scheme(&self) -> String {
        self.0
            .split_once(':')
            .map(|(scheme, _)| scheme.to_ascii_lowercase())
            .unwrap_or_default()
    }

    /// Whether following the URL from a page could run script (`javascript:`, `vbscript:`,
    /// `data:`).
    pub fn is_script_scheme(&self) -> bool {
        matches!(self.scheme().as_str(), "javascript" | "vbscript" | "data")
    }

    /// Whether the URL is a web address (`http` or `https`): the only URLs Broadsheet writes as
    /// links in feeds and pages. Others (`javascript:`, `data:`, `mailto:`, `ftp:`) are kept as
    /// data and round-trip through exports, but never become a link.
    pub fn is_web(&self) -> bool {
        matches!(self.scheme().as_str(), "http" | "https")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_refuse_separators_and_whitespace() {
        for bad in [
            "",
            "a b",
            "a/b",
            "a?b",
            "a#b",
            "tab\there",
            "nl\n",
            "\u{7f}",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad:?} should be refused");
        }
        for good in ["a", "Mixed-Case", "%d0%b6", "жумабаева", "a_b-c.d"] {
            assert_eq!(Slug::parse(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn slug_error_names_the_character_and_offset() {
        let error = Slug::parse("ab c").unwrap_err();
        assert_eq!(error, ValueError::SlugCharacter { found: ' ', at: 2 });
    }

    #[test]
    fn emails() {
        for good in [
            "a@b",
            "first.last@example.co.uk",
            "x+tag@sub.example.org",
            "имя@пример.рф",
        ] {
            assert!(Email::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "plain",
            "@example.org",
            "a@",
            "a b@c.d",
            "a@b..c",
            "a@-b.c",
            "a@b@c",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn urls_keep_their_text() {
        let url = Url::parse("HTTP://Example.org").unwrap();
        assert_eq!(url.as_str(), "HTTP://Example.org");
        assert_eq!(url.scheme(), "http");
        assert!(Url::parse(" http://a.b").is_err());
        assert!(Url::parse("no-scheme.example").is_err());
        assert!(
            Url::parse("javascript:alert(1)")
                .unwrap()
                .is_script_scheme()
        );
    }

    #[test]
    fn only_http_and_https_are_web_addresses() {
        for (text, web) in [
            ("https://example.org/", true),
            ("HTTP://example.org", true),
            ("javascript:alert(1)", false),
            ("JavaScript:alert(1)", false),
            ("data:text/html,<script>alert(1)</script>", false),
            ("vbscript:msgbox", false),
            ("mailto:ann@example.org", false),
            ("ftp://example.org/file", false),
        ] {
            assert_eq!(Url::parse(text).unwrap().is_web(), web, "{text}");
        }
    }

    #[test]
    fn deserialising_validates() {
        assert!(serde_json::from_str::<Slug>("\"a b\"").is_err());
        assert!(serde_json::from_str::<Email>("\"a@b.c\"").is_ok());
    }
}
