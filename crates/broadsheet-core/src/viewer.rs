//! Who is asking, and what they may see: every visibility rule of the model in one place.
//!
//! - An anonymous reader sees published posts only (no drafts, pending, private, scheduled or
//!   trashed posts), approved comments only, and for a password-protected post the title but
//!   never the content or the excerpt.
//! - An author sees that, plus their own unpublished posts (and their own protected content).
//! - An editor sees everything (comments in the trash excepted); a query shows trashed posts
//!   only when a status predicate asks for them.

use crate::comment::CommentStatus;
use crate::ids::AuthorId;
use crate::post::{Post, PostStatus};
use serde::{Deserialize, Serialize};

/// Who is asking. Every query and aggregation takes one, so nothing leaks through a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum Viewer {
    /// The public: published posts only, approved comments only, no protected content.
    #[default]
    Anonymous,
    /// A logged-in author: the public view plus their own unpublished posts.
    Author {
        /// The author.
        id: AuthorId,
    },
    /// An editor: everything, but trash only when a status predicate asks for it.
    Editor,
}

impl Viewer {
    /// Whether the viewer may see the post at all (status and authorship; the default
    /// exclusion of trash is applied by the query, see [`crate::query::Query`]).
    pub fn can_see_post(&self, post: &Post) -> bool {
        match self {
            Viewer::Anonymous => post.status == PostStatus::Published,
            Viewer::Author { id } => {
                post.status == PostStatus::Published || post.authors.contains(id)
            }
            Viewer::Editor => true,
        }
    }

    /// Whether the viewer may read a post's content and excerpt (password protection).
    pub fn can_read_content(&self, post: &Post) -> bool {
        if !post.is_password_protected() {
            return true;
        }
        match self {
            Viewer::Anonymous => false,
            Viewer::Author { id } => post.authors.contains(id),
            Viewer::Editor => true,
        }
    }

    /// Whether the viewer may see a comment with `status`: approved only, except for editors,
    /// who see everything but the trash.
    pub fn can_see_comment(&self, status: CommentStatus) -> bool {
        match self {
            Viewer::Anonymous | Viewer::Author { .. } => status == CommentStatus::Approved,
            Viewer::Editor => status != CommentStatus::Trash,
        }
    }
}
