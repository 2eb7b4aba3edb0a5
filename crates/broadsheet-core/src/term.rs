//! Terms: tags, categories and terms of any other taxonomy.

use crate::ids::TermId;
use crate::meta::Meta;
use crate::names::named_enum;
use crate::values::Slug;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The vocabulary a term belongs to. Names follow WordPress (`post_tag`, `category`); any other
/// taxonomy (`post_format`, `nav_menu`, a plugin's) is kept by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Taxonomy {
    /// Flat tags (`post_tag`).
    Tag,
    /// Hierarchical categories (`category`).
    Category,
    /// Any other taxonomy, by its source name.
    Other(String),
}
named_enum!(Taxonomy { Tag => "post_tag", Category => "category" });

impl Taxonomy {
    /// Whether terms of this taxonomy may have parents. Categories are hierarchical; tags are
    /// flat; other taxonomies may be either, so parents are allowed.
    pub fn is_hierarchical(&self) -> bool {
        !matches!(self, Self::Tag)
    }
}

/// A tag, a category or a term of another taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term {
    /// Unique among the site's terms of every taxonomy.
    pub id: TermId,
    /// The identifier the source format gave, kept for export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// The taxonomy.
    pub taxonomy: Taxonomy,
    /// Display name.
    pub name: String,
    /// URL slug, unique within the taxonomy.
    pub slug: Slug,
    /// Description (HTML allowed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Parent term, for hierarchical taxonomies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<TermId>,
    /// Ordered term meta, verbatim.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

impl Term {
    /// A term with an id, taxonomy, name and slug, and everything else empty.
    pub fn new(id: TermId, taxonomy: Taxonomy, name: impl Into<String>, slug: Slug) -> Self {
        Self {
            id,
            source_id: None,
            taxonomy,
            name: name.into(),
            slug,
            description: String::new(),
            parent: None,
            meta: Meta::new(),
        }
    }
}

/// A term as results show it: shares the archive's copy and shows no meta.
#[derive(Clone, PartialEq, Eq)]
pub struct TermView {
    term: Arc<Term>,
}

impl TermView {
    pub(crate) fn new(term: &Arc<Term>) -> Self {
        Self {
            term: Arc::clone(term),
        }
    }

    /// The id.
    pub fn id(&self) -> TermId {
        self.term.id
    }

    /// The taxonomy.
    pub fn taxonomy(&self) -> &Taxonomy {
        &self.term.taxonomy
    }

    /// Display name.
    pub fn name(&self) -> &str {
        &self.term.name
    }

    /// URL slug.
    pub fn slug(&self) -> &str {
        self.term.slug.as_str()
    }

    /// Description.
    pub fn description(&self) -> &str {
        &self.term.description
    }

    /// Parent term.
    pub fn parent(&self) -> Option<TermId> {
        self.term.parent
    }

    fn fields(&self) -> TermFields<'_> {
        TermFields {
            id: self.id(),
            taxonomy: self.taxonomy(),
            name: self.name(),
            slug: self.slug(),
            description: self.description(),
            parent: self.parent(),
        }
    }
}

/// The public fields of a [`TermView`].
#[derive(Debug, Serialize)]
struct TermFields<'a> {
    id: TermId,
    taxonomy: &'a Taxonomy,
    name: &'a str,
    slug: &'a str,
    description: &'a str,
    parent: Option<TermId>,
}

impl Serialize for TermView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fields().serialize(serializer)
    }
}

impl std::fmt::Debug for TermView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.fields(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn taxonomy_names_follow_wordpress() {
        assert_eq!(Taxonomy::Tag.as_str(), "post_tag");
        assert_eq!(Taxonomy::from("category"), Taxonomy::Category);
        assert_eq!(
            Taxonomy::from("post_tax"),
            Taxonomy::Other("post_tax".into())
        );
        assert!(!Taxonomy::Tag.is_hierarchical());
        assert!(Taxonomy::Category.is_hierarchical());
    }
}
