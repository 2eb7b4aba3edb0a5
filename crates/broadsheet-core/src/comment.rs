//! Comments, pingbacks and trackbacks, threaded through a parent.

use crate::ids::{AuthorId, CommentId, PostId};
use crate::meta::Meta;
use crate::names::named_enum;
use crate::time::Timestamp;
use crate::values::{Email, Url};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

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

/// A comment as results show it: shares the archive's copy (making one copies no text) and
/// shows no e-mail, no IP address and no meta, in its accessors, its serde form and its
/// `Debug` output alike.
///
/// [`Snapshot::post_comments`](crate::Snapshot::post_comments) lists these, and the nodes of a
/// [`Thread`](crate::thread::Thread) hold them. The serde form has the fields `id`, `post`,
/// `parent`, `author` (the name), `author_url`, `user`, `content`, `date`, `status` and `kind`.
#[derive(Clone, PartialEq, Eq)]
pub struct CommentView {
    comment: Arc<Comment>,
    parent: Option<CommentId>,
}

impl CommentView {
    /// A view of `comment`, replying to the comment it names.
    pub(crate) fn new(comment: &Arc<Comment>) -> Self {
        Self {
            comment: Arc::clone(comment),
            parent: comment.parent,
        }
    }

    /// The same view shown as a reply to `parent` instead (a thread's repaired parent).
    pub(crate) fn shown_under(mut self, parent: Option<CommentId>) -> Self {
        self.parent = parent;
        self
    }

    /// The id.
    pub fn id(&self) -> CommentId {
        self.comment.id
    }

    /// The post commented on.
    pub fn post(&self) -> PostId {
        self.comment.post
    }

    /// The comment replied to. In a [`Thread`](crate::thread::Thread), the comment it is shown
    /// as a reply to: `None` at top level, including a reply whose parent is hidden, missing or
    /// on a cycle.
    pub fn parent(&self) -> Option<CommentId> {
        self.parent
    }

    /// Name the commenter gave (`author` in the serde form).
    pub fn author_name(&self) -> &str {
        &self.comment.author_name
    }

    /// Commenter's website.
    pub fn author_url(&self) -> Option<&Url> {
        self.comment.author_url.as_ref()
    }

    /// The commenter's account, when they were logged in (to mark replies by the post's author).
    pub fn user(&self) -> Option<AuthorId> {
        self.comment.user
    }

    /// The text (HTML, as stored).
    pub fn content(&self) -> &str {
        &self.comment.content
    }

    /// When it was written.
    pub fn date(&self) -> Option<Timestamp> {
        self.comment.date
    }

    /// Moderation status: always approved for the public; editors see others too.
    pub fn status(&self) -> CommentStatus {
        self.comment.status
    }

    /// Comment, pingback, trackback or another type.
    pub fn kind(&self) -> &CommentKind {
        &self.comment.kind
    }

    fn fields(&self) -> CommentFields<'_> {
        CommentFields {
            id: self.id(),
            post: self.post(),
            parent: self.parent(),
            author: self.author_name(),
            author_url: self.author_url(),
            user: self.user(),
            content: self.content(),
            date: self.date(),
            status: self.status(),
            kind: self.kind(),
        }
    }
}

/// The public fields of a [`CommentView`], borrowed: its serde form and its `Debug` output.
#[derive(Debug, Serialize)]
struct CommentFields<'a> {
    id: CommentId,
    post: PostId,
    parent: Option<CommentId>,
    author: &'a str,
    author_url: Option<&'a Url>,
    user: Option<AuthorId>,
    content: &'a str,
    date: Option<Timestamp>,
    status: CommentStatus,
    kind: &'a CommentKind,
}

impl Serialize for CommentView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fields().serialize(serializer)
    }
}

impl std::fmt::Debug for CommentView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.fields(), f)
    }
}
