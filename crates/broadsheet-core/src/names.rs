//! Names: the error for a name that is not known ([`UnknownName`]), and the helper for enums
//! that have well-known names and keep any other name a source uses.

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

/// A value that is not one of the names a type accepts.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{what} {found:?} is not known: expected {expected}")]
pub struct UnknownName {
    /// What was being read (`order`, `viewer`...).
    pub what: &'static str,
    /// The text given.
    pub found: String,
    /// The accepted spellings, for the message.
    pub expected: &'static str,
}

impl UnknownName {
    pub(crate) fn new(what: &'static str, found: &str, expected: &'static str) -> Self {
        Self {
            what,
            found: found.to_owned(),
            expected,
        }
    }
}
