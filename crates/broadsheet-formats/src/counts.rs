//! Counts of what a site holds: per entity, per post kind and status, per taxonomy. Importers'
//! callers use them to summarise an import ([`crate::Imported::counts`]).

use crate::import::Imported;
use broadsheet_core::SiteData;
use serde::Serialize;
use std::collections::BTreeMap;

/// How many of each entity a site holds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Posts by kind (`post`, `page`, ...), then by status (`published`, `draft`, ...).
    pub posts: BTreeMap<String, BTreeMap<String, usize>>,
    /// Authors.
    pub authors: usize,
    /// Terms by taxonomy (`post_tag`, `category`, ...).
    pub terms: BTreeMap<String, usize>,
    /// Comments.
    pub comments: usize,
    /// Comments by status (`approved`, `pending`, `spam`, `trash`).
    pub comments_by_status: BTreeMap<String, usize>,
    /// Media items.
    pub media: usize,
}

impl ImportCounts {
    /// Counts a site's entities.
    pub fn of(site: &dyn SiteData) -> Self {
        let mut counts = Self {
            authors: site.authors().count(),
            media: site.media().count(),
            ..Self::default()
        };
        for post in site.posts() {
            *counts
                .posts
                .entry(post.kind.to_string())
                .or_default()
                .entry(post.status.to_string())
                .or_default() += 1;
        }
        for term in site.terms() {
            *counts.terms.entry(term.taxonomy.to_string()).or_default() += 1;
        }
        for comment in site.comments() {
            counts.comments += 1;
            *counts
                .comments_by_status
                .entry(comment.status.as_str().to_owned())
                .or_default() += 1;
        }
        counts
    }

    /// Posts of `kind` with `status`.
    pub fn posts_with(&self, kind: &str, status: &str) -> usize {
        self.posts
            .get(kind)
            .and_then(|statuses| statuses.get(status))
            .copied()
            .unwrap_or(0)
    }

    /// Posts of `kind`, any status.
    pub fn posts_of_kind(&self, kind: &str) -> usize {
        self.posts
            .get(kind)
            .map_or(0, |statuses| statuses.values().sum())
    }
}

impl Imported {
    /// How many of each entity the imported site holds, per post kind and status and per
    /// taxonomy. Items left out by [`crate::ImportOptions::kinds`] are counted in the report
    /// instead.
    pub fn counts(&self) -> ImportCounts {
        ImportCounts::of(&self.site)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_core::{Post, PostId, PostKind, PostStatus, Site, Slug, Taxonomy, Term, TermId};

    #[test]
    fn counts_by_kind_status_and_taxonomy() {
        let mut site = Site::new("s");
        let slug = |s: &str| Slug::parse(s).unwrap();
        site.posts.push(Post::new(PostId(1), "a", slug("a")));
        let mut page = Post::new(PostId(2), "b", slug("b"));
        page.kind = PostKind::Page;
        page.status = PostStatus::Draft;
        site.posts.push(page);
        site.posts.push(Post::new(PostId(3), "c", slug("c")));
        site.terms
            .push(Term::new(TermId(1), Taxonomy::Tag, "t", slug("t")));
        let counts = ImportCounts::of(&site);
        assert_eq!(counts.posts_with("post", "published"), 2);
        assert_eq!(counts.posts_with("page", "draft"), 1);
        assert_eq!(counts.posts_with("page", "published"), 0);
        assert_eq!(counts.posts_of_kind("post"), 2);
        assert_eq!(counts.terms.get("post_tag"), Some(&1));
        assert_eq!(counts.authors, 0);
    }
}
