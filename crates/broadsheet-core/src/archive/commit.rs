//! Durable commits: which entities an edit changed ([`Changes`]), and the [`CommitSink`] an
//! archive hands them to before it publishes the edit.
//!
//! The core does no I/O: a sink (the durable store of `broadsheet-formats`, a test double)
//! is attached with [`super::Archive::with_commit_sink`]. [`super::Archive::edit`] calls it
//! with the edited snapshot and its changes after the edits succeed and before any reader
//! sees them; when the sink fails, the edit fails with [`super::EditError::Commit`] and the
//! archive keeps its previous snapshot, so a file and the memory never disagree.

use super::Snapshot;
use crate::ids::{AuthorId, CommentId, MediaId, PostId, TermId};
use std::collections::BTreeSet;
use std::fmt;

/// The entities one edit inserted, replaced or deleted, by id, and whether it changed the
/// site's settings.
///
/// An id says "this entity changed"; whether it was written or deleted is what the edited
/// snapshot holds for it (present: write its value; absent: delete it). Recording costs
/// O(log k) per changed entity (k the entities changed so far), so a commit is proportional
/// to the edit, never to the archive. Entities an edit changes as a consequence are listed too:
/// deleting a post lists its comments, deleting a term lists the posts that lose it and the
/// children that get its parent, deleting an author lists the posts that lose them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Changes {
    /// Posts inserted, replaced or deleted.
    pub posts: BTreeSet<PostId>,
    /// Authors inserted, replaced or deleted.
    pub authors: BTreeSet<AuthorId>,
    /// Terms inserted, replaced or deleted.
    pub terms: BTreeSet<TermId>,
    /// Comments inserted, replaced or deleted.
    pub comments: BTreeSet<CommentId>,
    /// Media items inserted, replaced or deleted.
    pub media: BTreeSet<MediaId>,
    /// Whether the site's settings (title, URL, tagline, language, time zone, meta) were set.
    pub settings: bool,
}

impl Changes {
    /// Whether the edit changed nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The number of entities changed, counting the settings as one.
    pub fn len(&self) -> usize {
        self.posts.len()
            + self.authors.len()
            + self.terms.len()
            + self.comments.len()
            + self.media.len()
            + usize::from(self.settings)
    }
}

/// Where an archive makes its edits durable (a file, a database, a log).
///
/// [`CommitSink::commit`] receives the edited snapshot (not yet visible to readers) and what
/// the edit changed; it writes the change in one atomic step and returns `Ok` only once the
/// change is durable. It is called under the archive's writer lock, one edit at a time.
pub trait CommitSink: Send + Sync + fmt::Debug {
    /// Makes one edit durable: for each id in `changes`, the value `snapshot` holds for it
    /// (or its absence). On error nothing of the edit may remain written.
    fn commit(&self, snapshot: &Snapshot, changes: &Changes) -> Result<(), CommitError>;
}

/// Why a sink could not make an edit durable: a message that names the file or store and
/// the cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitError {
    /// What failed, and where (`site.broadsheet: attempt to write a readonly database`).
    pub message: String,
}

impl CommitError {
    /// A commit error with a message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for CommitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CommitError {}
