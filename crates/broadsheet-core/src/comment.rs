//! Comments, pingbacks and trackbacks, threaded through a parent.

use crate::ids::{AuthorId, CommentId, PostId};
use crate::meta::Meta;
use crate::names::named_enum;
use crate::time::Timestamp;
use crate::values::{Email, Url};
use serde::{Deserialize, Serialize};

/// Moderation status of a comment. Only approved comments are public and counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CommentStatus {
    /// Awaiting moderation.
    Pending,
    /// Approved and public.
    Approved,
    /// Marked as spam.
    Spam,
    /// Deleted, recoverable.
    Trash,
}

impl CommentStatus {
    /// The status name (`pending`, `approved`, `spam`, `trash`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Spam => "spam",
            Self::Trash => "trash",
        }
    }
}

/// What kind of response a comment is. Other types (a plugin's `review`) are kept by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CommentKind {
    /// A reader's comment.
    Comment,
    /// A pingback from another blog.
    Pingback,
    /// A trackback from another blog.
    Trackback,
    /// Any other type, by its source name.
    Other(String),
}
named_enum!(CommentKind { Comment => "comment", Pingback => "pingback", Trackback => "trackback" });

/// A comment on a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    /// Unique among the site's comments.
    pub id: CommentId,
    /// The identifier the source format gave, kept for export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// The post commented on.
    pub post: PostId,
    /// The comment replied to; `None` for a top-level comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<CommentId>,
    /// Name the commenter gave.
    #[serde(default)]
    pub author_name: String,
    /// Commenter's e-mail (private data: never in public output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_email: Option<Email>,
    /// Commenter's website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_url: Option<Url>,
    /// Commenter's IP address (private data: never in public output).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author_ip: Option<String>,
    /// The commenter's account, when they were logged in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<AuthorId>,
    /// The text (HTML).
    #[serde(default)]
    pub content: String,
    /// When it was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<Timestamp>,
    /// Moderation status.
    pub status: CommentStatus,
    /// Comment, pingback, trackback or another type.
    #[serde(default = "comment_kind")]
    pub kind: CommentKind,
    /// Ordered comment meta, verbatim.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

fn comment_kind() -> CommentKind {
    CommentKind::Comment
}

impl Comment {
    /// An approved top-level comment by `author_name` on `post`, with everything else empty.
    pub fn new(
        id: CommentId,
        post: PostId,
        author_name: impl Into<String>,
        content: impl Into<String>,
    ) -> Self {
        Self {
            id,
            source_id: None,
            post,
            parent: None,
            author_name: author_name.into(),
            author_email: None,
            author_url: None,
            author_ip: None,
            user: None,
            content: content.into(),
            date: None,
            status: CommentStatus::Approved,
            kind: CommentKind::Comment,
            meta: Meta::new(),
        }
    }
}

/// A comment as results show it: no e-mail, no IP address, no meta.
///
/// [`Snapshot::post_comments`](crate::Snapshot::post_comments) lists these, and the nodes of a
/// [`Thread`](crate::thread::Thread) hold them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    /// The id.
    pub id: CommentId,
    /// The post commented on.
    pub post: PostId,
    /// The comment replied to. In a [`Thread`](crate::thread::Thread), the comment it is shown
    /// as a reply to: `None` at top level, including a reply whose parent is hidden, missing or
    /// on a cycle.
    pub parent: Option<CommentId>,
    /// Name the commenter gave (`author` in the serde form).
    #[serde(rename = "author")]
    pub author_name: String,
    /// Commenter's website.
    pub author_url: Option<Url>,
    /// The commenter's account, when they were logged in (to mark replies by the post's author).
    pub user: Option<AuthorId>,
    /// The text (HTML, as stored).
    pub content: String,
    /// When it was written.
    pub date: Option<Timestamp>,
    /// Moderation status: always approved for the public; editors see others too.
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
