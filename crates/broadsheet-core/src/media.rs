//! Media: images and other files that posts show or feature.

use crate::ids::{MediaId, PostId};
use crate::meta::Meta;
use crate::values::Url;
use serde::{Deserialize, Serialize};

/// An image or other file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Media {
    /// Unique among the site's media.
    pub id: MediaId,
    /// The identifier the source format gave, kept for export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// Where the file is.
    pub url: Url,
    /// Title.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    /// Alternative text for images.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub alt_text: String,
    /// Caption (HTML allowed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
    /// MIME type (`image/jpeg`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mime_type: Option<String>,
    /// Width in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    /// Height in pixels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    /// The post the file was uploaded to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<PostId>,
    /// Ordered media meta, verbatim.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

impl Media {
    /// A media item with an id and URL, and everything else empty.
    pub fn new(id: MediaId, url: Url) -> Self {
        Self {
            id,
            source_id: None,
            url,
            title: String::new(),
            alt_text: String::new(),
            caption: String::new(),
            mime_type: None,
            width: None,
            height: None,
            attached_to: None,
            meta: Meta::new(),
        }
    }
}
