//! The public-safe views results are made of (who sees what is [`Viewer`]'s rules).
//!
//! Views never carry private fields: no post password, no e-mail address, no IP address, no
//! login, no meta (meta may hold anything a plugin stored).

use super::index::Entry;
use crate::author::Author;
use crate::ids::{AuthorId, MediaId, PostId, TermId};
use crate::post::{Post, PostKind, PostStatus};
use crate::query::Viewer;
use crate::text::SearchQuery;
use crate::time::Timestamp;
use crate::values::Url;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};

/// A post as a result shows it.
///
/// A view shares the archive's copy of the post (building one allocates nothing) and shows
/// only public-safe fields through its methods: never the password or the meta, and no
/// content or excerpt when the post is password protected and the viewer may not read it. It
/// serialises as an object with exactly those fields (`content` and `excerpt` are `null` when
/// withheld).
#[derive(Clone)]
pub struct PostView {
    entry: Arc<Entry>,
    readable: bool,
    relevance: Relevance,
}

/// Views are equal when they show the same post, the same way, with the same relevance.
impl PartialEq for PostView {
    fn eq(&self, other: &Self) -> bool {
        self.entry == other.entry
            && self.readable == other.readable
            && self.relevance() == other.relevance()
    }
}

impl Eq for PostView {}

/// A view's search relevance: known when the page was made (no search, or an order by
/// relevance, which scores every match), or scored from the view's post on first read (a
/// page in another order shows a score only to a caller that asks for it).
#[derive(Debug, Clone)]
pub(crate) enum Relevance {
    /// Computed when the page was made (`None` when the page did not search).
    Known(Option<u32>),
    /// The page's search, and the score once read.
    Deferred {
        search: Arc<SearchQuery>,
        score: OnceLock<Option<u32>>,
    },
}

impl Relevance {
    /// The relevance of `search`, scored on first read.
    pub(crate) fn deferred(search: Arc<SearchQuery>) -> Self {
        Relevance::Deferred {
            search,
            score: OnceLock::new(),
        }
    }

    /// The relevance for an entry read with or without its content (see
    /// [`searched_fields`]), scored once.
    pub(crate) fn score(&self, entry: &Entry, readable: bool) -> Option<u32> {
        match self {
            Relevance::Known(relevance) => *relevance,
            Relevance::Deferred { search, score } => *score.get_or_init(|| {
                let (title, excerpt, content) = searched_fields(&entry.post, readable);
                search.score(title, excerpt, content)
            }),
        }
    }
}

/// The title, excerpt and content a search reads of a post: the excerpt and content only when
/// the reader may read them (a protected post is searched by its title alone).
pub(crate) fn searched_fields(post: &Post, readable: bool) -> (&str, &str, &str) {
    if readable {
        (
            &post.title,
            post.excerpt.as_deref().unwrap_or(""),
            &post.content,
        )
    } else {
        (&post.title, "", "")
    }
}

impl PostView {
    pub(crate) fn new(entry: &Arc<Entry>, viewer: Viewer, relevance: Relevance) -> Self {
        Self {
            readable: viewer.can_read_content(&entry.post),
            entry: Arc::clone(entry),
            relevance,
        }
    }

    fn post(&self) -> &Post {
        &self.entry.post
    }

    /// The id.
    pub fn id(&self) -> PostId {
        self.post().id
    }

    /// Post, page, attachment or another kind.
    pub fn kind(&self) -> &PostKind {
        &self.post().kind
    }

    /// Life-cycle status.
    pub fn status(&self) -> &PostStatus {
        &self.post().status
    }

    /// The title (always shown, also for protected posts).
    pub fn title(&self) -> &str {
        &self.post().title
    }

    /// URL slug.
    pub fn slug(&self) -> Option<&str> {
        self.post().slug.as_ref().map(crate::values::Slug::as_str)
    }

    /// The body, unless protected from this viewer.
    pub fn content(&self) -> Option<&str> {
        self.readable.then(|| self.post().content.as_str())
    }

    /// The explicit excerpt, unless protected from this viewer or absent.
    pub fn excerpt(&self) -> Option<&str> {
        if self.readable {
            self.post().excerpt.as_deref()
        } else {
            None
        }
    }

    /// Whether the post is password protected (the password itself is never shown).
    pub fn password_protected(&self) -> bool {
        self.post().is_password_protected()
    }

    /// Authors in order; the first is the primary author.
    pub fn authors(&self) -> &[AuthorId] {
        &self.post().authors
    }

    /// Terms of every taxonomy, in source order.
    pub fn terms(&self) -> &[TermId] {
        &self.post().terms
    }

    /// Pinned to the front page.
    pub fn sticky(&self) -> bool {
        self.post().sticky
    }

    /// Parent item.
    pub fn parent(&self) -> Option<PostId> {
        self.post().parent
    }

    /// Position among siblings.
    pub fn menu_order(&self) -> i64 {
        self.post().menu_order
    }

    /// Post format.
    pub fn format(&self) -> Option<&str> {
        self.post().format.as_deref()
    }

    /// Featured image.
    pub fn featured_media(&self) -> Option<MediaId> {
        self.post().featured_media
    }

    /// Whether comments are open.
    pub fn comments_open(&self) -> bool {
        self.post().comments_open
    }

    /// Publication time.
    pub fn published(&self) -> Option<Timestamp> {
        self.post().published
    }

    /// Last modification time.
    pub fn modified(&self) -> Option<Timestamp> {
        self.post().modified
    }

    /// Number of approved comments ("Comments (N)").
    pub fn comment_count(&self) -> u64 {
        self.entry.approved_comments
    }

    /// Search relevance, when the query searched: the score of
    /// [`SearchQuery::score`] over what the viewer may read. A page in
    /// relevance order knows it already; in any other order it is computed on the first call
    /// (each post's text prepared once), so a page whose scores are not read costs nothing for
    /// them.
    pub fn relevance(&self) -> Option<u32> {
        self.relevance.score(&self.entry, self.readable)
    }

    fn fields(&self) -> PostFields<'_> {
        PostFields {
            id: self.id(),
            kind: self.kind(),
            status: self.status(),
            title: self.title(),
            slug: self.slug(),
            content: self.content(),
            excerpt: self.excerpt(),
            password_protected: self.password_protected(),
            authors: self.authors(),
            terms: self.terms(),
            sticky: self.sticky(),
            parent: self.parent(),
            menu_order: self.menu_order(),
            format: self.format(),
            featured_media: self.featured_media(),
            comments_open: self.comments_open(),
            published: self.published(),
            modified: self.modified(),
            comment_count: self.comment_count(),
            relevance: self.relevance(),
        }
    }
}

/// The public fields of a [`PostView`], for serialisation and debugging.
#[derive(Debug, Serialize)]
struct PostFields<'a> {
    id: PostId,
    kind: &'a PostKind,
    status: &'a PostStatus,
    title: &'a str,
    slug: Option<&'a str>,
    content: Option<&'a str>,
    excerpt: Option<&'a str>,
    password_protected: bool,
    authors: &'a [AuthorId],
    terms: &'a [TermId],
    sticky: bool,
    parent: Option<PostId>,
    menu_order: i64,
    format: Option<&'a str>,
    featured_media: Option<MediaId>,
    comments_open: bool,
    published: Option<Timestamp>,
    modified: Option<Timestamp>,
    comment_count: u64,
    relevance: Option<u32>,
}

impl Serialize for PostView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fields().serialize(serializer)
    }
}

impl std::fmt::Debug for PostView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.fields(), f)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Slug;

    #[test]
    fn protected_content_is_hidden_from_anonymous_and_other_authors() {
        let mut post = Post::new(PostId(1), "Secret", Slug::parse("s").unwrap());
        post.content = "body".into();
        post.excerpt = Some("short".into());
        post.password = Some("hunter2".into());
        post.authors = vec![AuthorId(7)];
        let entry = Arc::new(Entry {
            post: Arc::new(post),
            approved_comments: 2,
        });
        let anonymous = PostView::new(&entry, Viewer::Anonymous, Relevance::Known(None));
        assert_eq!(anonymous.title(), "Secret");
        assert_eq!(anonymous.content(), None);
        assert_eq!(anonymous.excerpt(), None);
        assert!(anonymous.password_protected());
        assert_eq!(anonymous.comment_count(), 2);
        let other = PostView::new(
            &entry,
            Viewer::Author { id: AuthorId(8) },
            Relevance::Known(None),
        );
        assert_eq!(other.content(), None);
        let own = PostView::new(
            &entry,
            Viewer::Author { id: AuthorId(7) },
            Relevance::Known(None),
        );
        assert_eq!(own.content(), Some("body"));
        assert_eq!(own.excerpt(), Some("short"));
        let json = serde_json::to_string(&anonymous).unwrap();
        assert!(json.contains("\"title\":\"Secret\"") && json.contains("\"content\":null"));
        assert!(!json.contains("hunter2") && !json.contains("body"));
        assert!(!format!("{anonymous:?}").contains("hunter2"));
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
            assert!(!Viewer::Anonymous.can_see_post(&post));
            assert!(Viewer::Author { id: AuthorId(3) }.can_see_post(&post));
            assert!(!Viewer::Author { id: AuthorId(4) }.can_see_post(&post));
            assert!(Viewer::Editor.can_see_post(&post));
        }
    }
}
