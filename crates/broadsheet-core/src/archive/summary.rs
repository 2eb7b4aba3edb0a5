//! [`PostSummary`]: what a list page shows for each post, computed once for every surface.

use super::Snapshot;
use super::visibility::PostView;
use crate::excerpt::{EXCERPT_WORDS, excerpt_of, reading_minutes};
use crate::ids::PostId;
use crate::permalink::PermalinkStructure;
use crate::term::Taxonomy;
use crate::time::Timestamp;
use serde::Serialize;

/// A post as a list page shows it: title, dates, authors and terms by slug and name, excerpt,
/// reading time, permalink and the comment count the viewer may see.
///
/// Built from a [`PostView`], so it holds only what that viewer may see: no excerpt or reading
/// time for a password-protected post the viewer may not read, never a password, an e-mail or
/// an IP. `broadsheet query --json`, feeds, the renderer and the bindings all show this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PostSummary {
    /// The post's id.
    pub id: PostId,
    /// Its slug, when it has one.
    pub slug: Option<String>,
    /// Its title (HTML as stored).
    pub title: String,
    /// Publication time on the site's local calendar (RFC 3339 with the site's offset).
    pub published: Option<Timestamp>,
    /// Last modification time, when known.
    pub modified: Option<Timestamp>,
    /// The authors' slugs, primary author first (authors that do not exist are left out).
    pub authors: Vec<String>,
    /// The authors' display names, in the order of `authors`.
    pub author_names: Vec<String>,
    /// The slugs of its tags, in the post's order.
    pub tags: Vec<String>,
    /// The names of its tags, in the order of `tags`.
    pub tag_names: Vec<String>,
    /// The slugs of its categories, in the post's order.
    pub categories: Vec<String>,
    /// The names of its categories, in the order of `categories`.
    pub category_names: Vec<String>,
    /// Approved comments (what "Comments (N)" shows).
    pub comment_count: u64,
    /// The excerpt as plain text: the explicit excerpt, or the first
    /// [`EXCERPT_WORDS`] words of the content; empty when the viewer may not read the post.
    pub excerpt: String,
    /// Minutes to read the content (at least 1 for any text; 0 when withheld or empty).
    pub reading_minutes: u64,
    /// The post's absolute URL under the site's permalink structure (relative when the site
    /// has no URL).
    pub permalink: String,
    /// Whether a password protects the post's content.
    pub password_protected: bool,
    /// Whether the post is sticky.
    pub sticky: bool,
}

impl Snapshot {
    /// The summary of a post a query returned (see [`PostSummary`]).
    pub fn summary(&self, view: &PostView) -> PostSummary {
        self.summary_with(view, &PermalinkStructure::of(self))
    }

    /// The summaries of a list of posts, in order, reading the permalink structure once.
    pub fn summaries(&self, views: &[PostView]) -> Vec<PostSummary> {
        let structure = PermalinkStructure::of(self);
        views
            .iter()
            .map(|view| self.summary_with(view, &structure))
            .collect()
    }

    fn summary_with(&self, view: &PostView, structure: &PermalinkStructure) -> PostSummary {
        let authors: Vec<_> = view
            .authors()
            .iter()
            .filter_map(|id| self.author(*id))
            .collect();
        let terms = |taxonomy: &Taxonomy| -> (Vec<String>, Vec<String>) {
            view.terms()
                .iter()
                .filter_map(|id| self.term(*id))
                .filter(|term| &term.taxonomy == taxonomy)
                .map(|term| (term.slug.to_string(), term.name.clone()))
                .unzip()
        };
        let (tags, tag_names) = terms(&Taxonomy::Tag);
        let (categories, category_names) = terms(&Taxonomy::Category);
        let (excerpt, reading_minutes) = match view.content() {
            Some(content) => (
                excerpt_of(view.excerpt(), content, EXCERPT_WORDS),
                reading_minutes(content),
            ),
            None => (String::new(), 0),
        };
        let permalink = self
            .post(view.id())
            .map(|post| structure.permalink(self, post))
            .unwrap_or_default();
        PostSummary {
            id: view.id(),
            slug: view.slug().map(str::to_owned),
            title: view.title().to_owned(),
            published: view.published(),
            modified: view.modified(),
            authors: authors.iter().map(|a| a.slug.to_string()).collect(),
            author_names: authors.iter().map(|a| a.display_name.clone()).collect(),
            tags,
            tag_names,
            categories,
            category_names,
            comment_count: view.comment_count(),
            excerpt,
            reading_minutes,
            permalink,
            password_protected: view.password_protected(),
            sticky: view.sticky(),
        }
    }
}
