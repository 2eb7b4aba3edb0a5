//! The archive: an in-memory, indexed store of one site, and the queries a blog is made of.
//!
//! An [`Archive`] holds the current [`Snapshot`]. Readers take a snapshot
//! ([`Archive::snapshot`]) and query it for as long as they like: it never changes, so a reader
//! never sees half an edit. A writer builds the next snapshot by path-copying persistent
//! structures (an edit costs in proportion to the change, not to the archive) and swaps it in;
//! many threads can read while one writes. `Archive` and `Snapshot` are `Send + Sync`.
//!
//! ```
//! use broadsheet_core::archive::Archive;
//! use broadsheet_core::query::Query;
//! use broadsheet_core::{Author, AuthorId, BuildMode, Post, PostId, Site, Slug, Taxonomy, Term, TermId, Timestamp, Viewer};
//!
//! let mut site = Site::new("Blog");
//! site.authors.push(Author::new(AuthorId(1), Slug::parse("wlp").unwrap(), "WLP"));
//! site.terms.push(Term::new(TermId(1), Taxonomy::Tag, "Kyrgyzstan", Slug::parse("kyrgyzstan").unwrap()));
//! let mut post = Post::new(PostId(1), "Day of Action", Slug::parse("day-of-action").unwrap());
//! post.authors.push(AuthorId(1));
//! post.terms.push(TermId(1));
//! post.published = Some(Timestamp::parse_rfc3339("2013-05-30T10:00:00+06:00").unwrap());
//! site.posts.push(post);
//! let (archive, report) = Archive::build(site, BuildMode::Lenient, &Default::default()).unwrap();
//! assert!(!report.has_errors(), "{report}");
//! let page = archive.snapshot().query(&Query::new().tag("kyrgyzstan"), Viewer::Anonymous).unwrap();
//! assert_eq!(page.total, 1);
//! assert_eq!(page.posts[0].title(), "Day of Action");
//! ```

mod aggregate;
mod commit;
mod cursor;
mod edit;
mod execute;
mod filter;
mod forward;
mod index;
mod lists;
mod names;
mod order;
mod summary;
mod visibility;
mod words;

pub use crate::comment::CommentView;
pub use crate::query::QueryError;
pub use crate::term::TermView;
pub use aggregate::{
    AdjacentPosts, AuthorCount, DateCount, DateGranularity, RelatedPost, TermCount,
};
pub use commit::{Changes, CommitError, CommitSink};
pub use edit::{EditError, EditMode, Editor, EntityKind};
pub use execute::Page;
pub use forward::ImageSequences;
pub use lists::{AuthorEntry, TermEntry};
pub use names::ANY;
pub use summary::PostSummary;
pub use visibility::{AuthorView, PostView};
pub use words::{ImageList, TextIndexImage, text_fingerprint};

use crate::author::Author;
use crate::comment::Comment;
use crate::ids::{AuthorId, CommentId, MediaId, PostId, TermId};
use crate::media::Media;
use crate::query::Viewer;
use crate::report::{BuildMode, Report};
use crate::site::{Site, SiteSettings};
use crate::site_data::{Entities, SiteData};
use crate::term::{Taxonomy, Term};
use crate::validate::{Built, InvalidSite, ValidationOptions};
use chrono::{DateTime, Utc};
use imbl::{HashMap, OrdMap, OrdSet};
use index::{Entry, Family, IdMap};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// How many posts a site needs for [`Snapshot::from_site`] to build its text index on a second
/// thread (below it, starting a thread costs more than the overlap saves).
const SECOND_THREAD_FROM: usize = 256;

/// Who asks, and when: the context of a query or an aggregation.
///
/// `now` is the instant relative dates (`now-30d`) count from; when `None`, the clock is read
/// at the call. Every method that takes a context also takes a bare [`Viewer`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueryContext {
    /// Who asks.
    pub viewer: Viewer,
    /// The instant relative dates are relative to (the clock when `None`).
    pub now: Option<DateTime<Utc>>,
}

impl QueryContext {
    /// A context for a viewer, with the clock as `now`.
    pub fn new(viewer: Viewer) -> Self {
        Self { viewer, now: None }
    }

    /// The same context with a fixed `now`.
    #[must_use]
    pub fn at(mut self, now: DateTime<Utc>) -> Self {
        self.now = Some(now);
        self
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        self.now.unwrap_or_else(Utc::now)
    }
}

impl From<Viewer> for QueryContext {
    fn from(viewer: Viewer) -> Self {
        Self::new(viewer)
    }
}

/// One immutable version of the archive. Cloning is cheap (structures are shared).
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub(crate) settings: Arc<SiteSettings>,
    pub(crate) posts: IdMap<PostId, Arc<Entry>>,
    pub(crate) authors: OrdMap<AuthorId, Arc<Author>>,
    pub(crate) author_slugs: HashMap<String, OrdSet<AuthorId>>,
    pub(crate) terms: IdMap<TermId, Arc<Term>>,
    pub(crate) term_slugs: HashMap<(Taxonomy, String), OrdSet<TermId>>,
    pub(crate) children: HashMap<TermId, OrdSet<TermId>>,
    /// Posts by slug (any kind and status; the smallest id first), for [`Snapshot::post_by_slug`].
    pub(crate) post_slugs: OrdMap<String, index::SlugPosts>,
    pub(crate) comments: OrdMap<CommentId, Arc<Comment>>,
    pub(crate) post_comments: OrdMap<PostId, OrdSet<CommentId>>,
    pub(crate) media: OrdMap<MediaId, Arc<Media>>,
    /// Kind `post`, status `published`: what the public sees by default.
    pub(crate) public: Family,
    /// Kind `post`, any status but trash: what an editor sees by default.
    pub(crate) editorial: Family,
    /// Every post.
    pub(crate) all: Family,
    /// The text index: words to the posts that contain them.
    pub(crate) words: words::Words,
    /// The terms' ranks by name for tag clouds, made on first use.
    pub(crate) name_order: crate::cloud::NameOrder,
}

impl Snapshot {
    /// Builds a snapshot from a site without validating it. Entities with a duplicate id
    /// replace the earlier one.
    pub fn from_site(site: Site) -> Snapshot {
        Snapshot::from_site_indexing(site, |posts| {
            (words::Words::bulk(posts.iter().copied()), posts.len())
        })
        .0
    }

    /// [`Snapshot::from_site`] with the text index loaded from an image persisted with the
    /// site ([`TextIndexImage`]) instead of built from every post's text: the same snapshot,
    /// answering every search alike, at a fraction of the cost. The image's lists stay encoded
    /// until a search or an edit reads them. Posts the image does not describe as they are now
    /// (their [`text_fingerprint`] differs or is missing) are indexed from their text; when
    /// they are more than a quarter of the posts, the whole index is built from the text.
    /// Returns the snapshot and the number of posts indexed from their text.
    pub fn from_site_with_text_index(site: Site, image: TextIndexImage) -> (Snapshot, usize) {
        Snapshot::from_site_indexing(site, |posts| words::Words::from_image(posts, image))
    }

    /// The image of this snapshot's text index, to persist beside its site (see
    /// [`TextIndexImage`]).
    pub fn text_index_image(&self) -> TextIndexImage {
        self.words
            .image(self.posts.values().map(|entry| entry.post.as_ref()))
    }

    /// Builds the snapshot of a site with its text index from `text_index`. From
    /// [`SECOND_THREAD_FROM`] posts, the text index is built on a second thread while this one
    /// loads the other entities and builds the families and maps: the two read the posts and
    /// nothing else.
    fn from_site_indexing(
        site: Site,
        text_index: impl FnOnce(&[&crate::post::Post]) -> (words::Words, usize) + Send,
    ) -> (Snapshot, usize) {
        let mut snapshot = Snapshot {
            settings: Arc::new(site.settings),
            ..Snapshot::default()
        };
        // Posts are loaded in bulk: later duplicates replace earlier ones, as upserts would.
        // Each post moves once, into the allocation its entry shares; the map holds pointers.
        let mut posts: std::collections::HashMap<PostId, Arc<crate::post::Post>, index::IdHash> =
            std::collections::HashMap::with_capacity_and_hasher(site.posts.len(), index::IdHash);
        for post in site.posts {
            posts.insert(post.id, Arc::new(post));
        }
        let (authors, terms, comments, media) =
            (site.authors, site.terms, site.comments, site.media);
        let post_list: Vec<&crate::post::Post> = posts.values().map(Arc::as_ref).collect();
        // Everything but the text index: the other entities, the slug map and the families.
        let load_the_rest = |snapshot: &mut Snapshot| {
            let mut editor = Editor::new(snapshot);
            for author in authors {
                editor.upsert_author(author);
            }
            for term in terms {
                editor.upsert_term(term);
            }
            for comment in comments {
                editor.upsert_comment(comment);
            }
            for media in media {
                editor.upsert_media(media);
            }
            for post in &post_list {
                if let Some(slug) = &post.slug {
                    index::SlugPosts::add_to(&mut snapshot.post_slugs, slug.as_str(), post.id);
                }
            }
            // In publication order, every list is loaded already sorted.
            let mut in_order: Vec<(index::DateKey, &crate::post::Post)> = post_list
                .iter()
                .map(|p| (index::DateKey::of(p), *p))
                .collect();
            in_order.sort_unstable_by_key(|(key, _)| *key);
            let [all, editorial, public] = Family::bulk_all(in_order.iter().map(|(_, p)| *p));
            (snapshot.all, snapshot.editorial, snapshot.public) = (all, editorial, public);
        };
        // The text index is built on a second thread beside the rest, unless the site is
        // too small for a thread to pay for itself.
        let (words, indexed_from_text) = if post_list.len() < SECOND_THREAD_FROM {
            load_the_rest(&mut snapshot);
            text_index(&post_list)
        } else {
            std::thread::scope(|scope| {
                let text = scope.spawn(|| text_index(&post_list));
                load_the_rest(&mut snapshot);
                text.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
        };
        drop(post_list);
        snapshot.words = words;
        // Approved comments per post, in one pass over the comments (what `approved_count`
        // says of each post).
        let mut approved: std::collections::HashMap<PostId, u64, index::IdHash> =
            std::collections::HashMap::with_hasher(index::IdHash);
        for comment in snapshot.comments.values() {
            if comment.status == crate::comment::CommentStatus::Approved {
                *approved.entry(comment.post).or_insert(0) += 1;
            }
        }
        let entries: IdMap<PostId, Arc<Entry>> = posts
            .into_iter()
            .map(|(id, post)| {
                let approved_comments = approved.get(&id).copied().unwrap_or(0);
                (
                    id,
                    Arc::new(Entry {
                        post,
                        approved_comments,
                    }),
                )
            })
            .collect();
        snapshot.posts = entries;
        (snapshot, indexed_from_text)
    }

    /// The number of approved comments on a post (what [`PostView::comment_count`] shows).
    pub(crate) fn approved_count(&self, post: PostId) -> u64 {
        self.post_comments.get(&post).map_or(0, |ids| {
            ids.iter()
                .filter_map(|id| self.comments.get(id))
                .filter(|c| c.status == crate::comment::CommentStatus::Approved)
                .count() as u64
        })
    }

    /// The site's settings, shared by every snapshot until an edit replaces them
    /// ([`Editor::set_settings`]).
    pub fn settings(&self) -> &SiteSettings {
        &self.settings
    }

    /// Number of posts of every kind and status.
    pub fn post_count(&self) -> usize {
        self.posts.len()
    }

    /// A post, whatever its status (private data included: not for public output; see
    /// [`Snapshot::post_view`]).
    pub fn post(&self, id: PostId) -> Option<&crate::post::Post> {
        self.posts.get(&id).map(|entry| entry.post.as_ref())
    }

    /// A post as the viewer may see it.
    pub fn post_view(&self, id: PostId, viewer: Viewer) -> Option<PostView> {
        let entry = self.posts.get(&id)?;
        viewer
            .can_see_post(&entry.post)
            .then(|| PostView::new(entry, viewer, visibility::Relevance::Known(None)))
    }

    /// An author (private data included).
    pub fn author(&self, id: AuthorId) -> Option<&Author> {
        self.authors.get(&id).map(Arc::as_ref)
    }

    /// An author as results show them.
    pub fn author_view(&self, id: AuthorId) -> Option<AuthorView> {
        self.author(id).map(AuthorView::from)
    }

    /// The author with this slug (the lowest id when several share it).
    pub fn author_by_slug(&self, slug: &str) -> Option<&Author> {
        let id = self.author_slugs.get(slug)?.get_min()?;
        self.author(*id)
    }

    /// A term.
    pub fn term(&self, id: TermId) -> Option<&Term> {
        self.terms.get(&id).map(Arc::as_ref)
    }

    /// A term as results show it.
    pub fn term_view(&self, id: TermId) -> Option<TermView> {
        self.terms.get(&id).map(TermView::new)
    }

    /// The term of a taxonomy with this slug (the lowest id when several share it).
    pub fn term_by_slug(&self, taxonomy: &Taxonomy, slug: &str) -> Option<&Term> {
        let id = self
            .term_slugs
            .get(&(taxonomy.clone(), slug.to_owned()))?
            .get_min()?;
        self.term(*id)
    }

    /// A comment (private data included).
    pub fn comment(&self, id: CommentId) -> Option<&Comment> {
        self.comments.get(&id).map(Arc::as_ref)
    }

    /// A media item.
    pub fn media_item(&self, id: MediaId) -> Option<&Media> {
        self.media.get(&id).map(Arc::as_ref)
    }

    /// Every comment on a post, whatever its status, when the viewer may see the post; none
    /// otherwise (also when the post does not exist).
    fn comments_on_visible_post(
        &self,
        post: PostId,
        viewer: Viewer,
    ) -> impl Iterator<Item = &Arc<Comment>> + '_ {
        // A password-protected post's comments are as private as its content (WordPress asks
        // for the password before showing either).
        let visible = self.posts.get(&post).is_some_and(|entry| {
            viewer.can_see_post(&entry.post) && viewer.can_read_content(&entry.post)
        });
        let ids = self.post_comments.get(&post).filter(|_| visible);
        // When the post's comment ids are dense (comments are mostly numbered as they come),
        // one walk of that range of the comment map reads them all; a lookup per id costs a
        // descent of the tree each. Both give exactly the comments whose post is this one.
        let range = ids.and_then(|ids| {
            let (first, last) = (*ids.get_min()?, *ids.get_max()?);
            let span = last.0.saturating_sub(first.0);
            (span / 2 < ids.len() as u64).then_some(first..=last)
        });
        let dense = range.is_some();
        let by_range = range.into_iter().flat_map(move |range| {
            self.comments
                .range(range)
                .map(|(_, comment)| comment)
                .filter(move |comment| comment.post == post)
        });
        let by_id = ids
            .filter(|_| !dense)
            .into_iter()
            .flat_map(|ids| ids.iter())
            .filter_map(|id| self.comments.get(id));
        by_range.chain(by_id)
    }

    /// The comments on a post the viewer may see, in a flat list ([`Viewer::can_see_comment`]:
    /// approved only, except for an editor, who sees everything but the trash, as in a thread),
    /// oldest first (date, then id); empty when the viewer may not see the post, or may not
    /// read it because a password protects it.
    pub fn post_comments(&self, post: PostId, viewer: impl Into<QueryContext>) -> Vec<CommentView> {
        let viewer = viewer.into().viewer;
        let mut comments: Vec<&Arc<Comment>> = self
            .comments_on_visible_post(post, viewer)
            .filter(|comment| viewer.can_see_comment(comment.status))
            .collect();
        comments.sort_by_key(|c| (c.date, c.id));
        comments.into_iter().map(CommentView::new).collect()
    }

    /// The comment thread of a post as the viewer in `options` may see it: a tree with
    /// WordPress's depth limit, ordering and pagination of top-level threads (see
    /// [`crate::thread::build_thread`]). Empty when the viewer may not see the post, or may not read it (a password protects it).
    pub fn comment_thread(
        &self,
        post: PostId,
        options: &crate::thread::ThreadOptions,
    ) -> crate::thread::Thread {
        crate::thread::build_thread(self.comments_on_visible_post(post, options.viewer), options)
    }

    /// The post (of any kind) with this slug: the lowest id when several share it. Private
    /// data included: for an owner's tools, not for public output.
    pub fn post_by_slug(&self, slug: &str) -> Option<&crate::post::Post> {
        let id = self.post_slugs.get(slug)?.lowest()?;
        self.post(id)
    }

    /// The post a user names: by id when the text is a number (`12`) and such a post exists,
    /// otherwise by slug (`day-of-action`). What a command line or a binding accepts wherever
    /// it asks for "a post".
    pub fn find_post(&self, id_or_slug: &str) -> Option<&crate::post::Post> {
        id_or_slug
            .parse::<u64>()
            .ok()
            .and_then(|id| self.post(PostId(id)))
            .or_else(|| self.post_by_slug(id_or_slug))
    }

    /// The viewer a user names: `anonymous`, `editor`, `author:<id>` or `author:<slug>` (the
    /// slug of an author of this archive).
    pub fn viewer(&self, text: &str) -> Result<Viewer, QueryError> {
        match text.parse::<Viewer>() {
            Ok(viewer) => Ok(viewer),
            Err(error) => match text.trim().strip_prefix("author:") {
                // An author by slug: unknown slugs suggest the closest authors.
                Some(slug) => self
                    .author_named(slug.trim())
                    .map(|author| Viewer::Author { id: author.id })
                    .map_err(QueryError::UnknownName),
                None => Err(QueryError::UnknownName(error)),
            },
        }
    }

    /// The terms of one taxonomy, in id order.
    pub fn terms_of<'a>(&'a self, taxonomy: &'a Taxonomy) -> impl Iterator<Item = &'a Term> + 'a {
        self.terms().filter(move |term| &term.taxonomy == taxonomy)
    }

    /// The whole site as plain data (entities ordered by id).
    pub fn to_site(&self) -> Site {
        // The `SiteData` iterators give every list in id order.
        Site {
            settings: self.settings.as_ref().clone(),
            authors: self.authors().cloned().collect(),
            terms: self.terms().cloned().collect(),
            posts: self.posts().cloned().collect(),
            comments: self.comments().cloned().collect(),
            media: self.media().cloned().collect(),
        }
    }
}

impl SiteData for Snapshot {
    fn settings(&self) -> &SiteSettings {
        Snapshot::settings(self)
    }
    fn post(&self, id: PostId) -> Option<&crate::post::Post> {
        Snapshot::post(self, id)
    }
    fn author(&self, id: AuthorId) -> Option<&Author> {
        Snapshot::author(self, id)
    }
    fn term(&self, id: TermId) -> Option<&Term> {
        Snapshot::term(self, id)
    }
    fn comment(&self, id: CommentId) -> Option<&Comment> {
        Snapshot::comment(self, id)
    }
    fn media_item(&self, id: MediaId) -> Option<&Media> {
        Snapshot::media_item(self, id)
    }
    /// In id order (the posts are hashed by id, so this sorts references, not posts).
    fn posts(&self) -> Entities<'_, crate::post::Post> {
        let mut posts: Vec<&crate::post::Post> = self
            .posts
            .values()
            .map(|entry| entry.post.as_ref())
            .collect();
        posts.sort_unstable_by_key(|post| post.id);
        Box::new(posts.into_iter())
    }
    fn authors(&self) -> Entities<'_, Author> {
        Box::new(self.authors.values().map(Arc::as_ref))
    }
    /// In id order (the terms are hashed by id, so this sorts references, not terms).
    fn terms(&self) -> Entities<'_, Term> {
        let mut terms: Vec<&Term> = self.terms.values().map(Arc::as_ref).collect();
        terms.sort_unstable_by_key(|term| term.id);
        Box::new(terms.into_iter())
    }
    fn comments(&self) -> Entities<'_, Comment> {
        Box::new(self.comments.values().map(Arc::as_ref))
    }
    fn media(&self) -> Entities<'_, Media> {
        Box::new(self.media.values().map(Arc::as_ref))
    }
}

/// An in-memory, indexed, concurrently readable store of one site, optionally made durable
/// by a [`CommitSink`] (see [`Archive::with_commit_sink`]).
#[derive(Debug, Default)]
pub struct Archive {
    current: RwLock<Arc<Snapshot>>,
    writer: Mutex<()>,
    sink: Option<Arc<dyn CommitSink>>,
}

impl Archive {
    /// Validates a site ([`crate::validate()`]) and builds an archive from it: strictly
    /// (a site whose report has errors is refused) or leniently (the data is kept and the
    /// report returned beside the archive).
    pub fn build(
        site: Site,
        mode: BuildMode,
        options: &ValidationOptions,
    ) -> Result<(Archive, Report), InvalidSite> {
        let Built { site, report } = crate::validate::build(site, mode, options)?;
        Ok((Archive::from_snapshot(Snapshot::from_site(site)), report))
    }

    /// An archive holding a snapshot.
    pub fn from_snapshot(snapshot: Snapshot) -> Archive {
        Archive {
            current: RwLock::new(Arc::new(snapshot)),
            writer: Mutex::new(()),
            sink: None,
        }
    }

    /// The same archive, making every edit durable through `sink` from now on: each edit is
    /// handed to the sink (with [`Changes`], what it changed) before readers see it, and an
    /// edit the sink refuses fails with [`EditError::Commit`], leaving the archive at its
    /// previous snapshot. The current snapshot is not written: the sink is expected to hold it
    /// already (the store it was opened from).
    #[must_use]
    pub fn with_commit_sink(mut self, sink: Arc<dyn CommitSink>) -> Archive {
        self.sink = Some(sink);
        self
    }

    /// Whether edits are made durable by a [`CommitSink`] (an archive opened from a store).
    pub fn is_durable(&self) -> bool {
        self.sink.is_some()
    }

    /// The current version. It never changes; later edits make new versions.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Applies several edits at once: readers see all of them or none. When `edits` returns
    /// an error nothing is applied. Inserts and updates that name a missing author, term,
    /// parent post or parent comment are refused ([`EditError::DanglingReference`]); see
    /// [`Archive::edit_lenient`] to keep and report them instead.
    ///
    /// When the archive has a [`CommitSink`] (it was opened from a store), the edit is
    /// committed to it before readers see it; a failed commit is [`EditError::Commit`] and
    /// leaves the archive unchanged.
    ///
    /// ```
    /// use broadsheet_core::{Archive, Post, PostId, Slug, AuthorId};
    /// let archive = Archive::default();
    /// let mut post = Post::new(PostId(1), "Hello", Slug::parse("hello").unwrap());
    /// archive.edit(|e| e.insert_post(post.clone()))?;
    /// post.authors.push(AuthorId(9)); // no such author
    /// assert!(archive.edit(|e| e.update_post(post.clone())).is_err());
    /// let report = archive.edit_lenient(|e| e.update_post(post))?.1;
    /// assert_eq!(report.errors().next().unwrap().code, "post.author.dangling");
    /// # Ok::<(), broadsheet_core::archive::EditError>(())
    /// ```
    pub fn edit<T>(
        &self,
        edits: impl FnOnce(&mut Editor<'_>) -> Result<T, EditError>,
    ) -> Result<T, EditError> {
        self.edit_with(EditMode::Strict, edits)
            .map(|(result, _)| result)
    }

    /// [`Archive::edit`] that keeps references to missing entities and reports each one.
    pub fn edit_lenient<T>(
        &self,
        edits: impl FnOnce(&mut Editor<'_>) -> Result<T, EditError>,
    ) -> Result<(T, Report), EditError> {
        self.edit_with(EditMode::Lenient, edits)
    }

    fn edit_with<T>(
        &self,
        mode: EditMode,
        edits: impl FnOnce(&mut Editor<'_>) -> Result<T, EditError>,
    ) -> Result<(T, Report), EditError> {
        let _writing = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let mut next = self.snapshot().as_ref().clone();
        let mut editor = Editor::tracking(&mut next, mode);
        let result = edits(&mut editor)?;
        let (report, changes) = editor.finish();
        if let Some(sink) = &self.sink
            && !changes.is_empty()
        {
            sink.commit(&next, &changes)
                .map_err(|error| EditError::Commit {
                    message: error.message,
                })?;
        }
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
        Ok((result, report))
    }
}

#[cfg(test)]
mod properties;
