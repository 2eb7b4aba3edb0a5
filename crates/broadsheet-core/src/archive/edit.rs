//! Edits: insert, update and delete posts, comments, terms, authors and media, keeping every
//! index exact. Each edit touches only the lists of the entities it changes.

use super::Snapshot;
use super::commit::Changes;
use super::index::{Entry, Family, SlugPosts, is_editorial_default, is_public_default};
use crate::author::Author;
use crate::comment::Comment;
use crate::ids::{AuthorId, CommentId, MediaId, PostId, TermId};
use crate::media::Media;
use crate::post::Post;
use crate::report::IssueCode;
use crate::site::SiteSettings;
use crate::term::Term;
use crate::validate::codes;
use std::fmt;
use std::sync::Arc;
use thiserror::Error;

/// Which kind of entity an edit named.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntityKind {
    /// A post.
    Post,
    /// A comment.
    Comment,
    /// A term.
    Term,
    /// An author.
    Author,
    /// A media item.
    Media,
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Post => "post",
            Self::Comment => "comment",
            Self::Term => "term",
            Self::Author => "author",
            Self::Media => "media item",
        })
    }
}

/// Why an edit was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum EditError {
    /// Insert of an id that exists.
    #[error("cannot insert {kind} {id}: a {kind} with this id already exists (use update)")]
    Duplicate {
        /// The entity kind.
        kind: EntityKind,
        /// The raw id.
        id: u64,
    },
    /// Update or delete of an id that does not exist.
    #[error("no {kind} with id {id}")]
    NotFound {
        /// The entity kind.
        kind: EntityKind,
        /// The raw id.
        id: u64,
    },
    /// A strict edit named an entity that does not exist (an author, a term, a parent post or
    /// comment...). A lenient edit keeps the value and reports it instead.
    #[error("{kind} {id}: {field} names {missing} {missing_id}, which does not exist ({code})")]
    DanglingReference {
        /// The kind of entity edited.
        kind: EntityKind,
        /// Its raw id.
        id: u64,
        /// The field holding the reference (`authors`, `parent`...).
        field: &'static str,
        /// The kind of entity named.
        missing: EntityKind,
        /// The raw id named.
        missing_id: u64,
        /// The validation code of the problem (`post.author.dangling`...).
        code: &'static str,
    },
    /// The archive's [`CommitSink`](super::CommitSink) could not make the edit durable (the
    /// file is read-only, the disk is full...). Nothing of the edit was applied, in memory or
    /// in the store.
    #[error("the edit was not committed, and the archive is unchanged: {message}")]
    Commit {
        /// What failed, and where (from [`CommitError`](super::CommitError)).
        message: String,
    },
}

/// Whether an edit may leave references to entities that do not exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EditMode {
    /// Refuse an insert or update that names a missing entity ([`EditError::DanglingReference`]).
    #[default]
    Strict,
    /// Keep the value and report each missing entity in the edit's report (what imports of
    /// partial exports need).
    Lenient,
}

/// Edits one snapshot in place (see [`super::Archive::edit`]).
///
/// `insert_*` and `update_*` check the references they store (see [`EditMode`]); the
/// `upsert_*` calls store what they are given, for bulk loading.
pub struct Editor<'a> {
    snapshot: &'a mut Snapshot,
    mode: EditMode,
    report: crate::report::Report,
    /// What the edit changed, when someone will commit it (not while a site is bulk loaded).
    changes: Option<Changes>,
}

impl<'a> Editor<'a> {
    pub(crate) fn new(snapshot: &'a mut Snapshot) -> Self {
        Self::with_mode(snapshot, EditMode::Strict)
    }

    pub(crate) fn with_mode(snapshot: &'a mut Snapshot, mode: EditMode) -> Self {
        Self {
            snapshot,
            mode,
            report: crate::report::Report::new(),
            changes: None,
        }
    }

    /// An editor that records what it changes ([`Editor::changes`]).
    pub(crate) fn tracking(snapshot: &'a mut Snapshot, mode: EditMode) -> Self {
        let mut editor = Self::with_mode(snapshot, mode);
        editor.changes = Some(Changes::default());
        editor
    }

    /// The entities changed so far by this editor (empty while a site is bulk loaded, when
    /// nothing is recorded).
    pub fn changes(&self) -> Option<&Changes> {
        self.changes.as_ref()
    }

    /// The report and the changes, once the edits are done.
    pub(crate) fn finish(self) -> (crate::report::Report, Changes) {
        (self.report, self.changes.unwrap_or_default())
    }

    fn changed(&mut self, record: impl FnOnce(&mut Changes)) {
        if let Some(changes) = self.changes.as_mut() {
            record(changes);
        }
    }

    /// What lenient edits reported so far (references to missing entities).
    pub fn report(&self) -> &crate::report::Report {
        &self.report
    }

    /// Refuses (strict) or reports (lenient) a reference to a missing entity.
    #[allow(clippy::too_many_arguments)]
    fn reference(
        &mut self,
        exists: bool,
        kind: EntityKind,
        id: u64,
        field: &'static str,
        missing: EntityKind,
        missing_id: u64,
        code: &'static IssueCode,
    ) -> Result<(), EditError> {
        if exists {
            return Ok(());
        }
        let error = EditError::DanglingReference {
            kind,
            id,
            field,
            missing,
            missing_id,
            code: code.id,
        };
        match self.mode {
            EditMode::Strict => Err(error),
            EditMode::Lenient => {
                self.report
                    .push(code, format!("{kind}({id}).{field}"), error.to_string());
                Ok(())
            }
        }
    }

    fn check_post(&mut self, post: &Post) -> Result<(), EditError> {
        let id = post.id.0;
        for author in &post.authors {
            let exists = self.snapshot.authors.contains_key(author);
            self.reference(
                exists,
                EntityKind::Post,
                id,
                "authors",
                EntityKind::Author,
                author.0,
                &codes::POST_AUTHOR_DANGLING,
            )?;
        }
        for term in &post.terms {
            let exists = self.snapshot.terms.contains_key(term);
            self.reference(
                exists,
                EntityKind::Post,
                id,
                "terms",
                EntityKind::Term,
                term.0,
                &codes::POST_TERM_DANGLING,
            )?;
        }
        if let Some(parent) = post.parent {
            let exists = parent != post.id && self.snapshot.posts.contains_key(&parent);
            self.reference(
                exists,
                EntityKind::Post,
                id,
                "parent",
                EntityKind::Post,
                parent.0,
                &codes::POST_PARENT_DANGLING,
            )?;
        }
        Ok(())
    }

    fn check_term(&mut self, term: &Term) -> Result<(), EditError> {
        if let Some(parent) = term.parent {
            let exists = parent != term.id && self.snapshot.terms.contains_key(&parent);
            self.reference(
                exists,
                EntityKind::Term,
                term.id.0,
                "parent",
                EntityKind::Term,
                parent.0,
                &codes::TERM_PARENT_DANGLING,
            )?;
        }
        Ok(())
    }

    fn check_comment(&mut self, comment: &Comment) -> Result<(), EditError> {
        let id = comment.id.0;
        let exists = self.snapshot.posts.contains_key(&comment.post);
        self.reference(
            exists,
            EntityKind::Comment,
            id,
            "post",
            EntityKind::Post,
            comment.post.0,
            &codes::COMMENT_POST_DANGLING,
        )?;
        if let Some(parent) = comment.parent {
            let exists = parent != comment.id && self.snapshot.comments.contains_key(&parent);
            self.reference(
                exists,
                EntityKind::Comment,
                id,
                "parent",
                EntityKind::Comment,
                parent.0,
                &codes::COMMENT_PARENT_DANGLING,
            )?;
        }
        if let Some(user) = comment.user {
            let exists = self.snapshot.authors.contains_key(&user);
            self.reference(
                exists,
                EntityKind::Comment,
                id,
                "user",
                EntityKind::Author,
                user.0,
                &codes::COMMENT_USER_DANGLING,
            )?;
        }
        Ok(())
    }

    /// The snapshot as edited so far.
    pub fn snapshot(&self) -> &Snapshot {
        self.snapshot
    }

    fn families(&mut self, post: &Post) -> impl Iterator<Item = &mut Family> {
        let public = is_public_default(post);
        let editorial = is_editorial_default(post);
        let Snapshot {
            public: public_family,
            editorial: editorial_family,
            all,
            ..
        } = &mut *self.snapshot;
        std::iter::once(all)
            .chain(public.then_some(public_family))
            .chain(editorial.then_some(editorial_family))
    }

    fn index(&mut self, post: &Post) {
        for family in self.families(post) {
            family.add(post);
        }
        if let Some(slug) = &post.slug {
            SlugPosts::add_to(&mut self.snapshot.post_slugs, slug.as_str(), post.id);
        }
    }

    fn unindex(&mut self, post: &Post) {
        for family in self.families(post) {
            family.remove(post);
        }
        if let Some(slug) = &post.slug {
            let slug = slug.as_str();
            if let Some(ids) = self.snapshot.post_slugs.get_mut(slug)
                && !ids.remove(post.id)
            {
                self.snapshot.post_slugs.remove(slug);
            }
        }
    }

    /// Inserts or replaces a post.
    pub fn upsert_post(&mut self, post: Post) {
        self.changed(|c| {
            c.posts.insert(post.id);
        });
        let old = self.snapshot.posts.remove(&post.id);
        if let Some(old) = &old {
            self.unindex(&old.post);
        }
        self.index(&post);
        let old = old.as_ref().map(|entry| entry.post.as_ref());
        self.snapshot.words.replace(old, Some(&post));
        let approved_comments = self.snapshot.approved_count(post.id);
        self.snapshot.posts.insert(
            post.id,
            Arc::new(Entry {
                post: Arc::new(post),
                approved_comments,
            }),
        );
    }

    /// Inserts a post (its id must be new).
    pub fn insert_post(&mut self, post: Post) -> Result<(), EditError> {
        if self.snapshot.posts.contains_key(&post.id) {
            return Err(duplicate(EntityKind::Post, post.id.0));
        }
        self.check_post(&post)?;
        self.upsert_post(post);
        Ok(())
    }

    /// Replaces a post (its id must exist).
    pub fn update_post(&mut self, post: Post) -> Result<(), EditError> {
        if !self.snapshot.posts.contains_key(&post.id) {
            return Err(not_found(EntityKind::Post, post.id.0));
        }
        self.check_post(&post)?;
        self.upsert_post(post);
        Ok(())
    }

    /// Deletes a post and its comments; returns the post.
    pub fn delete_post(&mut self, id: PostId) -> Result<Post, EditError> {
        let old = self
            .snapshot
            .posts
            .remove(&id)
            .ok_or_else(|| not_found(EntityKind::Post, id.0))?;
        self.changed(|c| {
            c.posts.insert(id);
        });
        self.unindex(&old.post);
        self.snapshot.words.replace(Some(&old.post), None);
        if let Some(comments) = self.snapshot.post_comments.remove(&id) {
            for comment in comments {
                self.snapshot.comments.remove(&comment);
                self.changed(|c| {
                    c.comments.insert(comment);
                });
            }
        }
        Ok(old.post.as_ref().clone())
    }

    /// Moves a post's maintained approved-comment count by one comment (constant time, so a
    /// post with many comments loads and edits in linear time). A post that is not there yet
    /// counts its comments when it is inserted.
    fn count_approved(&mut self, comment: &Comment, added: bool) {
        if comment.status != crate::comment::CommentStatus::Approved {
            return;
        }
        if let Some(entry) = self.snapshot.posts.get_mut(&comment.post) {
            let entry = Arc::make_mut(entry);
            entry.approved_comments = if added {
                entry.approved_comments + 1
            } else {
                entry.approved_comments.saturating_sub(1)
            };
        }
    }

    /// Inserts or replaces a comment.
    pub fn upsert_comment(&mut self, comment: Comment) {
        let id = comment.id;
        self.changed(|c| {
            c.comments.insert(id);
        });
        let post = comment.post;
        if let Some(old) = self.snapshot.comments.remove(&id) {
            self.unlink_comment(&old);
        }
        self.snapshot
            .post_comments
            .entry(post)
            .or_default()
            .insert(id);
        self.count_approved(&comment, true);
        self.snapshot.comments.insert(id, Arc::new(comment));
    }

    fn unlink_comment(&mut self, old: &Comment) {
        if let Some(ids) = self.snapshot.post_comments.get_mut(&old.post) {
            ids.remove(&old.id);
            if ids.is_empty() {
                self.snapshot.post_comments.remove(&old.post);
            }
        }
        self.count_approved(old, false);
    }

    /// Inserts a comment (its id must be new).
    pub fn insert_comment(&mut self, comment: Comment) -> Result<(), EditError> {
        if self.snapshot.comments.contains_key(&comment.id) {
            return Err(duplicate(EntityKind::Comment, comment.id.0));
        }
        self.check_comment(&comment)?;
        self.upsert_comment(comment);
        Ok(())
    }

    /// Replaces a comment (its id must exist).
    pub fn update_comment(&mut self, comment: Comment) -> Result<(), EditError> {
        if !self.snapshot.comments.contains_key(&comment.id) {
            return Err(not_found(EntityKind::Comment, comment.id.0));
        }
        self.check_comment(&comment)?;
        self.upsert_comment(comment);
        Ok(())
    }

    /// Deletes a comment; returns it. Replies keep their (now dangling) parent.
    pub fn delete_comment(&mut self, id: CommentId) -> Result<Comment, EditError> {
        let old = self
            .snapshot
            .comments
            .remove(&id)
            .ok_or_else(|| not_found(EntityKind::Comment, id.0))?;
        self.changed(|c| {
            c.comments.insert(id);
        });
        self.unlink_comment(&old);
        Ok(old.as_ref().clone())
    }

    /// Inserts or replaces a term.
    pub fn upsert_term(&mut self, term: Term) {
        let id = term.id;
        self.changed(|c| {
            c.terms.insert(id);
        });
        self.snapshot.name_order.forget();
        if let Some(old) = self.snapshot.terms.remove(&id) {
            self.unlink_term(&old);
        }
        self.snapshot
            .term_slugs
            .entry((term.taxonomy.clone(), term.slug.as_str().to_owned()))
            .or_default()
            .insert(id);
        if let Some(parent) = term.parent {
            self.snapshot.children.entry(parent).or_default().insert(id);
        }
        self.snapshot.terms.insert(id, Arc::new(term));
    }

    fn unlink_term(&mut self, old: &Term) {
        let key = (old.taxonomy.clone(), old.slug.as_str().to_owned());
        if let Some(ids) = self.snapshot.term_slugs.get_mut(&key) {
            ids.remove(&old.id);
            if ids.is_empty() {
                self.snapshot.term_slugs.remove(&key);
            }
        }
        if let Some(parent) = old.parent
            && let Some(ids) = self.snapshot.children.get_mut(&parent)
        {
            ids.remove(&old.id);
            if ids.is_empty() {
                self.snapshot.children.remove(&parent);
            }
        }
    }

    /// Inserts a term (its id must be new).
    pub fn insert_term(&mut self, term: Term) -> Result<(), EditError> {
        if self.snapshot.terms.contains_key(&term.id) {
            return Err(duplicate(EntityKind::Term, term.id.0));
        }
        self.check_term(&term)?;
        self.upsert_term(term);
        Ok(())
    }

    /// Replaces a term (its id must exist).
    pub fn update_term(&mut self, term: Term) -> Result<(), EditError> {
        if !self.snapshot.terms.contains_key(&term.id) {
            return Err(not_found(EntityKind::Term, term.id.0));
        }
        self.check_term(&term)?;
        self.upsert_term(term);
        Ok(())
    }

    /// Deletes a term, removes it from every post that has it and gives its children its
    /// parent (as WordPress does). Costs in proportion to the term's posts and children.
    pub fn delete_term(&mut self, id: TermId) -> Result<Term, EditError> {
        let old = self
            .snapshot
            .terms
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(EntityKind::Term, id.0))?;
        let children: Vec<TermId> = self
            .snapshot
            .children
            .get(&id)
            .map(|ids| ids.iter().copied().collect())
            .unwrap_or_default();
        for child in children.into_iter().filter(|child| *child != id) {
            if let Some(term) = self.snapshot.terms.get(&child) {
                let mut term = term.as_ref().clone();
                term.parent = old.parent.filter(|parent| *parent != child);
                self.upsert_term(term);
            }
        }
        self.snapshot.terms.remove(&id);
        self.snapshot.name_order.forget();
        self.changed(|c| {
            c.terms.insert(id);
        });
        self.unlink_term(&old);
        let posts: Vec<PostId> = self
            .snapshot
            .all
            .term(id)
            .map(|list| list.iter().map(|key| key.id).collect())
            .unwrap_or_default();
        for post in posts {
            if let Some(entry) = self.snapshot.posts.get(&post) {
                let mut post = entry.post.as_ref().clone();
                post.terms.retain(|term| *term != id);
                self.upsert_post(post);
            }
        }
        Ok(old.as_ref().clone())
    }

    /// Inserts or replaces an author.
    pub fn upsert_author(&mut self, author: Author) {
        let id = author.id;
        self.changed(|c| {
            c.authors.insert(id);
        });
        if let Some(old) = self.snapshot.authors.remove(&id) {
            self.unlink_author(&old);
        }
        self.snapshot
            .author_slugs
            .entry(author.slug.as_str().to_owned())
            .or_default()
            .insert(id);
        self.snapshot.authors.insert(id, Arc::new(author));
    }

    fn unlink_author(&mut self, old: &Author) {
        let slug = old.slug.as_str();
        if let Some(ids) = self.snapshot.author_slugs.get_mut(slug) {
            ids.remove(&old.id);
            if ids.is_empty() {
                self.snapshot.author_slugs.remove(slug);
            }
        }
    }

    /// Inserts an author (its id must be new).
    pub fn insert_author(&mut self, author: Author) -> Result<(), EditError> {
        if self.snapshot.authors.contains_key(&author.id) {
            return Err(duplicate(EntityKind::Author, author.id.0));
        }
        self.upsert_author(author);
        Ok(())
    }

    /// Replaces an author (its id must exist).
    pub fn update_author(&mut self, author: Author) -> Result<(), EditError> {
        if !self.snapshot.authors.contains_key(&author.id) {
            return Err(not_found(EntityKind::Author, author.id.0));
        }
        self.upsert_author(author);
        Ok(())
    }

    /// Deletes an author and removes them from every post's author list. Costs in proportion
    /// to the author's posts.
    pub fn delete_author(&mut self, id: AuthorId) -> Result<Author, EditError> {
        let old = self
            .snapshot
            .authors
            .remove(&id)
            .ok_or_else(|| not_found(EntityKind::Author, id.0))?;
        self.changed(|c| {
            c.authors.insert(id);
        });
        self.unlink_author(&old);
        let posts: Vec<PostId> = self
            .snapshot
            .all
            .by_author
            .get(&id)
            .map(|list| list.keys().iter().map(|key| key.id).collect())
            .unwrap_or_default();
        for post in posts {
            if let Some(entry) = self.snapshot.posts.get(&post) {
                let mut post = entry.post.as_ref().clone();
                post.authors.retain(|author| *author != id);
                self.upsert_post(post);
            }
        }
        Ok(old.as_ref().clone())
    }

    /// Inserts or replaces a media item.
    pub fn upsert_media(&mut self, media: Media) {
        self.changed(|c| {
            c.media.insert(media.id);
        });
        self.snapshot.media.insert(media.id, Arc::new(media));
    }

    fn check_media(&mut self, media: &Media) -> Result<(), EditError> {
        if let Some(post) = media.attached_to {
            let exists = self.snapshot.posts.contains_key(&post);
            self.reference(
                exists,
                EntityKind::Media,
                media.id.0,
                "attached_to",
                EntityKind::Post,
                post.0,
                &codes::MEDIA_ATTACHED_TO_DANGLING,
            )?;
        }
        Ok(())
    }

    /// Inserts a media item (its id must be new).
    pub fn insert_media(&mut self, media: Media) -> Result<(), EditError> {
        if self.snapshot.media.contains_key(&media.id) {
            return Err(duplicate(EntityKind::Media, media.id.0));
        }
        self.check_media(&media)?;
        self.upsert_media(media);
        Ok(())
    }

    /// Replaces a media item (its id must exist).
    pub fn update_media(&mut self, media: Media) -> Result<(), EditError> {
        if !self.snapshot.media.contains_key(&media.id) {
            return Err(not_found(EntityKind::Media, media.id.0));
        }
        self.check_media(&media)?;
        self.upsert_media(media);
        Ok(())
    }

    /// Replaces the site's settings (title, URL, tagline, language, time zone, site meta).
    ///
    /// Posts keep their timestamps (instant and offset as stored): a new time zone applies to
    /// dates given from now on.
    pub fn set_settings(&mut self, settings: SiteSettings) {
        self.changed(|c| c.settings = true);
        self.snapshot.settings = Arc::new(settings);
    }

    /// Deletes a media item; returns it.
    pub fn delete_media(&mut self, id: MediaId) -> Result<Media, EditError> {
        let old = self
            .snapshot
            .media
            .remove(&id)
            .map(|m| m.as_ref().clone())
            .ok_or_else(|| not_found(EntityKind::Media, id.0))?;
        self.changed(|c| {
            c.media.insert(id);
        });
        Ok(old)
    }
}

fn duplicate(kind: EntityKind, id: u64) -> EditError {
    EditError::Duplicate { kind, id }
}

fn not_found(kind: EntityKind, id: u64) -> EditError {
    EditError::NotFound { kind, id }
}
