//! Who sees what, and the public-safe views results are made of.
//!
//! - An anonymous reader sees published posts only (no drafts, pending, private, scheduled or
//!   trashed posts), approved comments only, and for a password-protected post the title but
//!   never the content or the excerpt.
//! - An author sees that, plus their own unpublished posts (and their own protected content).
//! - An editor sees everything, trash only when a status predicate asks for it.
//!
//! Views never carry private fields: no post password, no e-mail address, no IP address, no
//! login, no meta (meta may hold anything a plugin stored).

use super::index::Entry;
use crate::author::Author;
use crate::comment::{Comment, CommentKind, CommentStatus};
use crate::ids::{AuthorId, CommentId, MediaId, PostId, TermId};
use crate::post::{Post, PostKind, PostStatus};
use crate::query::Viewer;
use crate::term::{Taxonomy, Term};
use crate::time::Timestamp;
use crate::values::Url;
use serde::{Deserialize, Serialize};

/// Whether the viewer may see the post at all (status and authorship; the default exclusion of
/// trash is applied by the query, see [`crate::query::Query`]).
pub(crate) fn can_see(viewer: Viewer, post: &Post) -> bool {
    match viewer {
        Viewer::Anonymous => post.status == PostStatus::Published,
        Viewer::Author { id } => post.status == PostStatus::Published || post.authors.contains(&id),
        Viewer::Editor => true,
    }
}

/// Whether the viewer may read a post's content and excerpt (password protection).
pub(crate) fn can_read_content(viewer: Viewer, post: &Post) -> bool {
    if !post.is_password_protected() {
        return true;
    }
    match viewer {
        Viewer::Anonymous => false,
        Viewer::Author { id } => post.authors.contains(&id),
        Viewer::Editor => true,
    }
}

/// Whether the viewer may see a comment (on a post they can see).
pub(crate) fn can_see_comment(viewer: Viewer, comment: &Comment) -> bool {
    match viewer {
        Viewer::Editor => true,
        Viewer::Anonymous | Viewer::Author { .. } => comment.status == CommentStatus::Approved,
    }
}

/// A post as a result shows it: no password and no meta; content and excerpt are `None` when
/// the post is password protected and the viewer may not read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    /// The id.
    pub id: PostId,
    /// Post, page, attachment or another kind.
    pub kind: PostKind,
    /// Life-cycle status.
    pub status: PostStatus,
    /// The title (always shown, also for protected posts).
    pub title: String,
    /// URL slug.
    pub slug: Option<String>,
    /// The body, unless protected from this viewer.
    pub content: Option<String>,
    /// The explicit excerpt, unless protected from this viewer or absent.
    pub excerpt: Option<String>,
    /// Whether the post is password protected (the password itself is never shown).
    pub password_protected: bool,
    /// Authors in order; the first is the primary author.
    pub authors: Vec<AuthorId>,
    /// Terms of every taxonomy, in source order.
    pub terms: Vec<TermId>,
    /// Pinned to the front page.
    pub sticky: bool,
    /// Parent item.
    pub parent: Option<PostId>,
    /// Position among siblings.
    pub menu_order: i64,
    /// Post format.
    pub format: Option<String>,
    /// Featured image.
    pub featured_media: Option<MediaId>,
    /// Whether comments are open.
    pub comments_open: bool,
    /// Publication time.
    pub published: Option<Timestamp>,
    /// Last modification time.
    pub modified: Option<Timestamp>,
    /// Number of approved comments ("Comments (N)").
    pub comment_count: u64,
    /// Search relevance, when the query searched.
    pub relevance: Option<u32>,
}

impl PostView {
    pub(crate) fn new(entry: &Entry, viewer: Viewer, relevance: Option<u32>) -> Self {
        let post = &entry.post;
        let readable = can_read_content(viewer, post);
        Self {
            id: post.id,
            kind: post.kind.clone(),
            status: post.status.clone(),
            title: post.title.clone(),
            slug: post.slug.as_ref().map(|s| s.as_str().to_owned()),
            content: readable.then(|| post.content.clone()),
            excerpt: if readable { post.excerpt.clone() } else { None },
            password_protected: post.is_password_protected(),
            authors: post.authors.clone(),
            terms: post.terms.clone(),
            sticky: post.sticky,
            parent: post.parent,
            menu_order: post.menu_order,
            format: post.format.clone(),
            featured_media: post.featured_media,
            comments_open: post.comments_open,
            published: post.published,
            modified: post.modified,
            comment_count: entry.approved_comments,
            relevance,
        }
    }
}

/// An author as results show them: no e-mail, no login, no meta.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorView {
    /// The id.
    pub id: AuthorId,
    /// URL slug of the author archive.
    pub slug: String,
    /// Name shown on posts.
    pub display_name: String,
    /// Personal website.
    pub url: Option<Url>,
    /// Biography.
    pub bio: String,
    /// Avatar image.
    pub avatar: Option<Url>,
    /// A guest author without an account.
    pub guest: bool,
}

impl From<&Author> for AuthorView {
    fn from(author: &Author) -> Self {
        Self {
            id: author.id,
            slug: author.slug.as_str().to_owned(),
            display_name: author.display_name.clone(),
            url: author.url.clone(),
            bio: author.bio.clone(),
            avatar: author.avatar.clone(),
            guest: author.guest,
        }
    }
}

/// A term as results show it (no meta).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermView {
    /// The id.
    pub id: TermId,
    /// The taxonomy.
    pub taxonomy: Taxonomy,
    /// Display name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Description.
    pub description: String,
    /// Parent term.
    pub parent: Option<TermId>,
}

impl From<&Term> for TermView {
    fn from(term: &Term) -> Self {
        Self {
            id: term.id,
            taxonomy: term.taxonomy.clone(),
            name: term.name.clone(),
            slug: term.slug.as_str().to_owned(),
            description: term.description.clone(),
            parent: term.parent,
        }
    }
}

/// A comment as results show it: no e-mail, no IP address, no meta.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    /// The id.
    pub id: CommentId,
    /// The post commented on.
    pub post: PostId,
    /// The comment replied to.
    pub parent: Option<CommentId>,
    /// Name the commenter gave.
    pub author_name: String,
    /// Commenter's website.
    pub author_url: Option<Url>,
    /// The commenter's account.
    pub user: Option<AuthorId>,
    /// The text.
    pub content: String,
    /// When it was written.
    pub date: Option<Timestamp>,
    /// Moderation status (always approved for the public).
    pub status: CommentStatus,
    /// Comment, pingback, trackback or another type.
    pub kind: CommentKind,
}

impl From<&Comment> for CommentView {
    fn from(comment: &Comment) -> Self {
        Self {
            id: comment.id,
            post: comment.post,
            parent: comment.parent,
            author_name: comment.author_name.clone(),
            author_url: comment.author_url.clone(),
            user: comment.user,
            content: comment.content.clone(),
            date: comment.date,
            status: comment.status,
            kind: comment.kind.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Slug;
    use std::sync::Arc;

    #[test]
    fn protected_content_is_hidden_from_anonymous_and_other_authors() {
        let mut post = Post::new(PostId(1), "Secret", Slug::parse("s").unwrap());
        post.content = "body".into();
        post.excerpt = Some("short".into());
        post.password = Some("hunter2".into());
        post.authors = vec![AuthorId(7)];
        let entry = Entry {
            post: Arc::new(post),
            approved_comments: 2,
        };
        let anonymous = PostView::new(&entry, Viewer::Anonymous, None);
        assert_eq!(anonymous.title, "Secret");
        assert_eq!(anonymous.content, None);
        assert_eq!(anonymous.excerpt, None);
        assert!(anonymous.password_protected);
        let other = PostView::new(&entry, Viewer::Author { id: AuthorId(8) }, None);
        assert_eq!(other.content, None);
        let own = PostView::new(&entry, Viewer::Author { id: AuthorId(7) }, None);
        assert_eq!(own.content.as_deref(), Some("body"));
        let json = serde_json::to_string(&anonymous).unwrap();
        assert!(!json.contains("hunter2"));
    }

    #[test]
    fn only_published_posts_are_public() {
        let mut post = Post::new(PostId(1), "D", Slug::parse("d").unwrap());
        post.authors = vec![AuthorId(3)];
        for status in [
            PostStatus::Draft,
            PostStatus::Pending,
            PostStatus::Private,
            PostStatus::Scheduled,
            PostStatus::Trash,
        ] {
            post.status = status;
            assert!(!can_see(Viewer::Anonymous, &post));
            assert!(can_see(Viewer::Author { id: AuthorId(3) }, &post));
            assert!(!can_see(Viewer::Author { id: AuthorId(4) }, &post));
            assert!(can_see(Viewer::Editor, &post));
        }
    }
}
