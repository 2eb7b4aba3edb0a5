//! Identifier newtypes.
//!
//! Every entity has a numeric identifier that is unique within its kind in one [`crate::Site`].
//! Identifiers a source format gave (a WXR `post_id`, a Ghost ObjectId) are kept beside them in
//! the entity's `source_id` so that export gives them back.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_newtype {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl $name {
            /// The raw numeric value.
            pub fn get(self) -> u64 {
                self.0
            }
        }

        impl From<u64> for $name {
            fn from(value: u64) -> Self {
                Self(value)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "#{}"), self.0)
            }
        }
    };
}

id_newtype!(
    /// Identifies a [`crate::Post`] (any kind: post, page, attachment, ...).
    PostId,
    "post"
);
id_newtype!(
    /// Identifies an [`crate::Author`].
    AuthorId,
    "author"
);
id_newtype!(
    /// Identifies a [`crate::Term`] (a tag, a category or a term of another taxonomy).
    TermId,
    "term"
);
id_newtype!(
    /// Identifies a [`crate::Comment`].
    CommentId,
    "comment"
);
id_newtype!(
    /// Identifies a [`crate::Media`] item.
    MediaId,
    "media"
);

/// Hashing of numeric ids for the archive's hash maps: a SplitMix64 finaliser, much cheaper
/// than SipHash. Ids are not secret and collisions only lengthen a trie's collision node.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct IdHash;

/// The hasher [`IdHash`] builds.
#[derive(Debug, Default)]
pub(crate) struct IdHasher(u64);

impl std::hash::BuildHasher for IdHash {
    type Hasher = IdHasher;
    fn build_hasher(&self) -> IdHasher {
        IdHasher(0)
    }
}

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        let mut z = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*byte);
        }
    }
    fn write_u64(&mut self, value: u64) {
        self.0 = self.0.rotate_left(29) ^ value;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_display_with_their_kind() {
        assert_eq!(PostId(12).to_string(), "post#12");
        assert_eq!(TermId(3).to_string(), "term#3");
    }

    #[test]
    fn ids_serialise_as_plain_numbers() {
        assert_eq!(serde_json::to_string(&AuthorId(7)).unwrap(), "7");
        let id: CommentId = serde_json::from_str("42").unwrap();
        assert_eq!(id, CommentId(42));
    }
}
