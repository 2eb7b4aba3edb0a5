//! Authors: people who write posts, with or without an account.

use crate::ids::AuthorId;
use crate::meta::Meta;
use crate::values::{Email, Slug, Url};
use serde::{Deserialize, Serialize};

/// A person who writes posts. Guest authors (`guest: true`) have no account and usually no
/// login; they are credited by name, often with a bio.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Author {
    /// Unique among the site's authors.
    pub id: AuthorId,
    /// The identifier the source format gave, kept for export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// Account login (WordPress `author_login`); guests have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub login: Option<String>,
    /// URL slug of the author archive.
    pub slug: Slug,
    /// Name shown on posts.
    pub display_name: String,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_name: Option<String>,
    /// E-mail address (private data: never in public output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<Email>,
    /// Personal website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Biography (HTML allowed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub bio: String,
    /// Avatar image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<Url>,
    /// A guest author without an account.
    #[serde(default)]
    pub guest: bool,
    /// Ordered author meta, verbatim.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

impl Author {
    /// An author with an id, slug and display name, and everything else empty.
    pub fn new(id: AuthorId, slug: Slug, display_name: impl Into<String>) -> Self {
        Self {
            id,
            source_id: None,
            login: None,
            slug,
            display_name: display_name.into(),
            first_name: None,
            last_name: None,
            email: None,
            url: None,
            bio: String::new(),
            avatar: None,
            guest: false,
            meta: Meta::new(),
        }
    }
}
