//! The site: its settings and every entity it holds.

use crate::author::Author;
use crate::comment::{Comment, CommentStatus};
use crate::ids::{AuthorId, CommentId, MediaId, PostId, TermId};
use crate::media::Media;
use crate::meta::Meta;
use crate::post::Post;
use crate::term::{Taxonomy, Term};
use crate::time::SiteTimeZone;
use crate::values::Url;
use serde::{Deserialize, Serialize};

/// One blog: settings plus every author, term, post, comment and media item.
///
/// A `Site` is plain data and may hold anything its types allow, including dangling references
/// or duplicate slugs; [`crate::validate()`] reports those, and [`crate::build`] refuses or
/// accepts them (strict or lenient).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Site {
    /// Site title.
    pub title: String,
    /// Home URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// Tagline.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Language as a BCP 47 tag (`en-US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The time zone of the site's calendar.
    #[serde(default)]
    pub time_zone: SiteTimeZone,
    /// Authors, in source order.
    #[serde(default)]
    pub authors: Vec<Author>,
    /// Terms of every taxonomy, in source order.
    #[serde(default)]
    pub terms: Vec<Term>,
    /// Posts of every kind, in source order.
    #[serde(default)]
    pub posts: Vec<Post>,
    /// Comments, in source order.
    #[serde(default)]
    pub comments: Vec<Comment>,
    /// Media items, in source order.
    #[serde(default)]
    pub media: Vec<Media>,
    /// Site-level meta (source settings that have no field), verbatim.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

impl Site {
    /// An empty site with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }

    /// The post with this id (a linear scan; an archive indexes this).
    pub fn post(&self, id: PostId) -> Option<&Post> {
        self.posts.iter().find(|post| post.id == id)
    }

    /// The author with this id.
    pub fn author(&self, id: AuthorId) -> Option<&Author> {
        self.authors.iter().find(|author| author.id == id)
    }

    /// The term with this id.
    pub fn term(&self, id: TermId) -> Option<&Term> {
        self.terms.iter().find(|term| term.id == id)
    }

    /// The comment with this id.
    pub fn comment(&self, id: CommentId) -> Option<&Comment> {
        self.comments.iter().find(|comment| comment.id == id)
    }

    /// The media item with this id.
    pub fn media_item(&self, id: MediaId) -> Option<&Media> {
        self.media.iter().find(|media| media.id == id)
    }

    /// The term of `taxonomy` whose slug is `slug`.
    pub fn term_by_slug(&self, taxonomy: &Taxonomy, slug: &str) -> Option<&Term> {
        self.terms
            .iter()
            .find(|term| &term.taxonomy == taxonomy && term.slug.as_str() == slug)
    }

    /// The number of approved comments on a post (the number "Comments (N)" shows).
    pub fn approved_comment_count(&self, post: PostId) -> usize {
        self.comments
            .iter()
            .filter(|comment| comment.post == post && comment.status == CommentStatus::Approved)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Slug;

    #[test]
    fn lookups_and_comment_counts() {
        let mut site = Site::new("Blog");
        site.posts
            .push(Post::new(PostId(1), "A", Slug::parse("a").unwrap()));
        site.terms.push(Term::new(
            TermId(5),
            Taxonomy::Tag,
            "K",
            Slug::parse("k").unwrap(),
        ));
        let mut spam = Comment::new(CommentId(2), PostId(1), "x", "buy");
        spam.status = CommentStatus::Spam;
        site.comments
            .push(Comment::new(CommentId(1), PostId(1), "Ann", "Hi"));
        site.comments.push(spam);
        assert_eq!(site.post(PostId(1)).unwrap().title, "A");
        assert!(site.term_by_slug(&Taxonomy::Tag, "k").is_some());
        assert!(site.term_by_slug(&Taxonomy::Category, "k").is_none());
        assert_eq!(site.approved_comment_count(PostId(1)), 1);
    }
}
