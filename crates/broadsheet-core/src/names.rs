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
