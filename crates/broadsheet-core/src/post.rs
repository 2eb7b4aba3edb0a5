//! Posts: every item of a blog (posts, pages, attachments and any other kind a source uses).

use crate::ids::{AuthorId, MediaId, PostId, TermId};
use crate::meta::Meta;
use crate::names::named_enum;
use crate::time::Timestamp;
use crate::values::Slug;
use serde::{Deserialize, Serialize};

/// What kind of item a post is. Unknown kinds (`nav_menu_item`, a plugin's custom post type) are
/// kept by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PostKind {
    /// A blog post (`post`).
    Post,
    /// A static page (`page`).
    Page,
    /// An uploaded file (`attachment`).
    Attachment,
    /// Any other kind, by its source name.
    Other(String),
}
named_enum!(PostKind { Post => "post", Page => "page", Attachment => "attachment" });

/// WordPress's built-in post types that are never published at an address of their own:
/// revisions, menu items, the block editor's reusable blocks, templates, global styles,
/// navigation menus and fonts, customizer data, oEmbed caches and privacy requests; and the
/// private types of common plugins.
pub const KINDS_WITHOUT_ADDRESS: &[&str] = &[
    "revision",
    "nav_menu_item",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_global_styles",
    "wp_navigation",
    "wp_font_family",
    "wp_font_face",
    // Plugins' private types: Jetpack's contact-form entries (on every WordPress.com site),
    // payments and migrations, Action Scheduler's actions.
    "feedback",
    "jp_pay_order",
    "jp_pay_product",
    "jetpack_migration",
    "scheduled-action",
];

impl PostKind {
    /// Whether items of this kind are published at a URL of their own, so that two of them
    /// with one slug would share an address. Posts, pages, attachments and custom kinds are;
    /// the kinds in `KINDS_WITHOUT_ADDRESS` (and any kind whose name starts with `wp_`,
    /// WordPress's prefix for its internal types) are not.
    pub fn has_public_address(&self) -> bool {
        match self {
            PostKind::Post | PostKind::Page | PostKind::Attachment => true,
            PostKind::Other(name) => {
                !KINDS_WITHOUT_ADDRESS.contains(&name.as_str()) && !name.starts_with("wp_")
            }
        }
    }
}

/// Where a post is in its life. WordPress's `publish` and `future` are `published` and
/// `scheduled`; any other status (`inherit`, `auto-draft`) is kept by name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PostStatus {
    /// Being written.
    Draft,
    /// Waiting for review.
    Pending,
    /// Published, visible only to editors and its authors.
    Private,
    /// Public.
    Published,
    /// To be published at its date.
    Scheduled,
    /// Deleted, recoverable.
    Trash,
    /// Any other status, by its source name.
    Other(String),
}
named_enum!(PostStatus {
    Draft => "draft",
    Pending => "pending",
    Private => "private",
    Published => "published",
    Scheduled => "scheduled",
    Trash => "trash",
});

/// A post, page, attachment or item of another kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Post {
    /// Unique among the site's posts of every kind.
    pub id: PostId,
    /// The identifier the source format gave (WXR `post_id`, Ghost ObjectId), kept for export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_id: Option<String>,
    /// Post, page, attachment or another kind.
    pub kind: PostKind,
    /// Life-cycle status.
    pub status: PostStatus,
    /// The title as authored (may contain HTML entities or markup, as WordPress allows).
    pub title: String,
    /// URL slug; drafts may have none yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<Slug>,
    /// The body as authored (HTML).
    #[serde(default)]
    pub content: String,
    /// An explicit excerpt, when the author wrote one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    /// Authors in order; the first is the primary author.
    #[serde(default)]
    pub authors: Vec<AuthorId>,
    /// Terms of every taxonomy, in the order the source gave them (Ghost's primary tag first).
    #[serde(default)]
    pub terms: Vec<TermId>,
    /// Pinned to the front page.
    #[serde(default)]
    pub sticky: bool,
    /// Password protecting the content (private data: never in public output). Only a
    /// non-empty password protects: `Some("")` is what WordPress stores for "no password"
    /// (see [`Post::is_password_protected`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
    /// Parent item (a page's parent page, an attachment's post).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<PostId>,
    /// Position among siblings (WordPress `menu_order`).
    #[serde(default)]
    pub menu_order: i64,
    /// Post format (`aside`, `gallery`, ...); `None` is the standard format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// The featured image.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub featured_media: Option<MediaId>,
    /// Whether new comments are accepted.
    #[serde(default = "yes")]
    pub comments_open: bool,
    /// Whether pingbacks and trackbacks are accepted.
    #[serde(default = "yes")]
    pub pings_open: bool,
    /// When it was (or will be) published; drafts may have no date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<Timestamp>,
    /// When it was last modified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<Timestamp>,
    /// The globally unique identifier WordPress gives items (often a URL).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    /// Ordered post meta, verbatim.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

fn yes() -> bool {
    true
}

impl Post {
    /// A published blog post with the given id, title and slug, and every other field empty
    /// or at its default.
    ///
    /// ```
    /// use broadsheet_core::{Post, PostId, PostKind, PostStatus, Slug};
    /// let post = Post::new(PostId(1), "Hello", Slug::parse("hello").unwrap());
    /// assert_eq!(post.kind, PostKind::Post);
    /// assert_eq!(post.status, PostStatus::Published);
    /// ```
    pub fn new(id: PostId, title: impl Into<String>, slug: Slug) -> Self {
        let mut post = Self::untitled(id);
        post.title = title.into();
        post.slug = Some(slug);
        post
    }

    /// A published blog post with the given id and nothing else: no title, no slug, every
    /// other field empty or at its default. Importers start from it and fill in what the
    /// source holds (a source post may have no slug at all).
    ///
    /// ```
    /// use broadsheet_core::{Post, PostId};
    /// let post = Post::untitled(PostId(7));
    /// assert!(post.title.is_empty() && post.slug.is_none());
    /// ```
    pub fn untitled(id: PostId) -> Self {
        Self {
            id,
            source_id: None,
            kind: PostKind::Post,
            status: PostStatus::Published,
            title: String::new(),
            slug: None,
            content: String::new(),
            excerpt: None,
            authors: Vec::new(),
            terms: Vec::new(),
            sticky: false,
            password: None,
            parent: None,
            menu_order: 0,
            format: None,
            featured_media: None,
            comments_open: true,
            pings_open: true,
            published: None,
            modified: None,
            guid: None,
            meta: Meta::new(),
        }
    }

    /// The primary (first) author.
    pub fn primary_author(&self) -> Option<AuthorId> {
        self.authors.first().copied()
    }

    /// Whether the post is password protected: it has a password and the password is not
    /// empty. This is the one meaning of "protected" everywhere (queries' `protected`
    /// condition, views, excerpts, feeds, comments, tables); an empty password protects
    /// nothing.
    pub fn is_password_protected(&self) -> bool {
        self.password.as_deref().is_some_and(|p| !p.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_kinds_and_statuses_are_kept_by_name() {
        assert_eq!(
            PostKind::from("nav_menu_item"),
            PostKind::Other("nav_menu_item".into())
        );
        assert_eq!(PostKind::from("page"), PostKind::Page);
        assert_eq!(PostStatus::from("inherit").as_str(), "inherit");
        assert_eq!(PostStatus::from("scheduled"), PostStatus::Scheduled);
        let json = serde_json::to_string(&PostKind::Other("customcpt".into())).unwrap();
        assert_eq!(json, "\"customcpt\"");
        assert!(serde_json::from_str::<PostStatus>("\"\"").is_err());
    }

    #[test]
    fn minimal_json_fills_defaults() {
        let post: Post =
            serde_json::from_str(r#"{"id": 1, "kind": "post", "status": "draft", "title": "T"}"#)
                .unwrap();
        assert!(post.comments_open && post.pings_open);
        assert!(post.authors.is_empty() && post.slug.is_none());
    }
}
