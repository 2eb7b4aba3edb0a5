//! Names: the error for a name that is not known ([`UnknownName`]), and the helper for enums
//! that have well-known names and keep any other name a source uses.

use std::borrow::Cow;
use thiserror::Error;

/// Implements `as_str`, `From<String>`, `From<&str>`, `Display` and string serde for an enum with
/// named variants and an `Other(String)` variant that keeps unknown names.
macro_rules! named_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            /// The name used in Broadsheet's formats.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(name) => name,
                }
            }
        }

        impl From<&str> for $name {
            fn from(name: &str) -> Self {
                match name {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(name: String) -> Self {
                match name.as_str() {
                    $($text => Self::$variant,)+
                    _ => Self::Other(name),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let name = <String as serde::Deserialize>::deserialize(deserializer)?;
                if name.is_empty() {
                    return Err(serde::de::Error::custom(concat!(stringify!($name), " cannot be empty")));
                }
                Ok(Self::from(name))
            }
        }
    };
}

pub(crate) use named_enum;

/// A value that is not one of the names a type accepts, or a name an archive does not hold
/// (a tag, an author, a kind, a status, a taxonomy), with the known names that come closest.
///
/// Every surface shows this one error: the command prints it, Python raises it and Kotlin
/// and Swift receive it, so a misspelt name gets the same "did you mean" everywhere.
///
/// ```
/// use broadsheet_core::query::Order;
/// let error = "titel".parse::<Order>().unwrap_err();
/// assert_eq!(error.suggestions, ["title"]);
/// assert!(error.to_string().starts_with(r#"there is no order "titel"; did you mean "title"?"#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
#[error("{}", self.message())]
pub struct UnknownName {
    /// What was being read (`order`, `viewer`, `tag`, `author`, `kind`...).
    pub what: &'static str,
    /// The text given.
    pub found: String,
    /// The accepted spellings, for the message; empty when the suggestions say enough.
    pub expected: Cow<'static, str>,
    /// The known names closest to `found`, best first (at most [`MAX_SUGGESTIONS`]); empty
    /// when none is close.
    pub suggestions: Vec<String>,
}

/// How many names an [`UnknownName`] suggests at most.
pub const MAX_SUGGESTIONS: usize = 3;

impl UnknownName {
    /// An error for `found`, which is not a `what` (`tag`, `field`...); `expected` lists what
    /// is accepted, for the message (empty to list nothing).
    pub fn new(what: &'static str, found: &str, expected: impl Into<Cow<'static, str>>) -> Self {
        Self {
            what,
            found: found.to_owned(),
            expected: expected.into(),
            suggestions: Vec::new(),
        }
    }

    /// The same error with the closest of `candidates` as suggestions (see [`suggest`]):
    /// pairs of (the name to suggest, a text it is known by).
    pub fn suggesting<'a>(
        mut self,
        candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        self.suggestions = suggest(&self.found, candidates);
        self
    }

    fn message(&self) -> String {
        let mut out = format!("there is no {} {:?}", self.what, self.found);
        if let Some((last, first)) = self.suggestions.split_last() {
            out.push_str("; did you mean ");
            for (i, name) in first.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&format!("{name:?}"));
            }
            if !first.is_empty() {
                out.push_str(" or ");
            }
            out.push_str(&format!("{last:?}?"));
        }
        if !self.expected.is_empty() {
            out.push_str(if self.suggestions.is_empty() {
                ": expected "
            } else {
                " (expected "
            });
            out.push_str(&self.expected);
            if !self.suggestions.is_empty() {
                out.push(')');
            }
        }
        out
    }
}

/// The names among `candidates` closest to `found`, best first, at most [`MAX_SUGGESTIONS`].
///
/// Each candidate is a pair (the name to suggest, a text it is known by): an author can be
/// given twice, as (slug, slug) and (slug, display name), so `Saida` finds
/// `saida-arifkhanova`. Texts are compared folded (case and accents ignored, see
/// [`crate::text::fold`]) with spaces, `_` and `-` alike. A candidate is close when:
///
/// 1. its text is the same folded (`Content` for `content`, `Gender Based Violence` for the
///    tag named so): the best match;
/// 2. its text starts with what was given, or what was given starts with it (three characters
///    at least: `kyrg` for `kyrgyzstan`);
/// 3. the two are within a Damerau-Levenshtein distance of a third of the shorter one's length
///    (at least 1: `kyrgystan` for `kyrgyzstan`, `drafts` for `draft`).
///
/// Ties keep the candidates' order. Nothing is suggested for an empty text.
///
/// ```
/// use broadsheet_core::suggest;
/// let tags = [("content", "content"), ("kyrgyzstan", "Kyrgyzstan"), ("osh", "Osh")];
/// assert_eq!(suggest("Content", tags), ["content"]);
/// assert_eq!(suggest("kyrgystan", tags), ["kyrgyzstan"]);
/// assert!(suggest("zzz", tags).is_empty());
/// ```
pub fn suggest<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    let wanted = comparable(found);
    if wanted.is_empty() {
        return Vec::new();
    }
    let wanted_chars = wanted.chars().count();
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for (order, (name, text)) in candidates.into_iter().enumerate() {
        let text = comparable(text);
        if text.is_empty() {
            continue;
        }
        let shorter = wanted_chars.min(text.chars().count());
        let score = if text == wanted {
            0
        } else if shorter >= 3 && (text.starts_with(&wanted) || wanted.starts_with(&text)) {
            1
        } else {
            let distance = strsim::damerau_levenshtein(&wanted, &text);
            if distance <= (shorter / 3).max(1) {
                1 + distance
            } else {
                continue;
            }
        };
        scored.push((score, order, name));
    }
    scored.sort_by_key(|&(score, order, _)| (score, order));
    let mut out: Vec<String> = Vec::new();
    for (_, _, name) in scored {
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
        if !out.iter().any(|known| known == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// Folded text with spaces, `_` and `-` alike (runs of them as one `-`), trimmed of them.
fn comparable(text: &str) -> String {
    let folded = crate::text::fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_whitespace() || c == '_' || c == '-' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(pairs: &[&'static str]) -> Vec<(&'static str, &'static str)> {
        pairs.iter().map(|name| (*name, *name)).collect()
    }

    #[test]
    fn case_and_accents_are_the_best_match() {
        let tags = same(&["contents", "content", "context"]);
        assert_eq!(
            suggest("Content", tags.clone()),
            ["content", "contents", "context"]
        );
        assert_eq!(suggest("CRÈME", same(&["cream", "creme"])), ["creme"]);
        assert_eq!(
            suggest("post tag", same(&["post_tag", "category"])),
            ["post_tag"]
        );
    }

    #[test]
    fn typos_prefixes_and_display_names() {
        let tags = same(&["kyrgyzstan", "kazakhstan", "osh"]);
        assert_eq!(suggest("kyrgystan", tags.clone()), ["kyrgyzstan"]);
        assert_eq!(suggest("kyrg", tags.clone()), ["kyrgyzstan"]);
        // Two characters are too few for a prefix, and too far for a typo.
        assert!(suggest("ky", tags.clone()).is_empty());
        assert!(suggest("violence", tags.clone()).is_empty());
        let authors = [
            ("saida-arifkhanova", "saida-arifkhanova"),
            ("saida-arifkhanova", "Saida Arifkhanova"),
            ("wlp", "wlp"),
            ("wlp", "Women's Learning Partnership"),
        ];
        assert_eq!(suggest("Saida Arifkhanova", authors), ["saida-arifkhanova"]);
        assert_eq!(suggest("saida", authors), ["saida-arifkhanova"]);
        assert_eq!(suggest("WLP", authors), ["wlp"]);
    }

    #[test]
    fn at_most_three_distinct_best_first_and_nothing_for_nothing() {
        let names = same(&["draft", "drafts", "drafty", "draftz", "trash"]);
        let found = suggest("draft_", names.clone());
        assert_eq!(found, ["draft", "drafts", "drafty"]);
        assert!(suggest("", names.clone()).is_empty());
        assert!(suggest(" - ", names).is_empty());
    }

    #[test]
    fn messages_say_what_was_not_found_and_offer_the_closest() {
        let plain = UnknownName::new("viewer", "root", "anonymous, editor or author:<id or slug>");
        assert_eq!(
            plain.to_string(),
            r#"there is no viewer "root": expected anonymous, editor or author:<id or slug>"#
        );
        let one = UnknownName::new("tag", "Content", "").suggesting(same(&["content", "osh"]));
        assert_eq!(
            one.to_string(),
            r#"there is no tag "Content"; did you mean "content"?"#
        );
        let two = UnknownName::new("status", "draf", "draft, pending or published")
            .suggesting(same(&["draft", "drafts"]));
        assert_eq!(
            two.to_string(),
            r#"there is no status "draf"; did you mean "draft" or "drafts"? (expected draft, pending or published)"#
        );
        let three =
            UnknownName::new("kind", "pag", "").suggesting(same(&["page", "pages", "pager"]));
        assert_eq!(
            three.to_string(),
            r#"there is no kind "pag"; did you mean "page", "pages" or "pager"?"#
        );
    }
}
