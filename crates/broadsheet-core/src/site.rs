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

/// A site's settings: everything about a site that is not one of its entities.
///
/// One type serves every surface: a [`Site`] holds one, an archive's
/// [`Snapshot`](crate::Snapshot) shares one behind an `Arc` ([`SiteData::settings`](crate::SiteData::settings)), an
/// [`Editor`](crate::archive::Editor) replaces it whole, and the JSON Lines header writes it as
/// its `site` object. Unknown fields are refused when it is read on its own.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteSettings {
    /// The site's name as its header shows it (may be empty).
    pub title: String,
    /// The home URL every permalink is built on; without it links are relative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// The tagline (WordPress's `blogdescription`; may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Language as a BCP 47 tag (`en-US`), when the source names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The time zone of the site's calendar: what date archives and "Posted on" use.
    #[serde(default)]
    pub time_zone: SiteTimeZone,
    /// Source settings that have no field of their own (the permalink structure among them),
    /// verbatim.
    #[serde(default, skip_serializing_if = "Meta::is_empty")]
    pub meta: Meta,
}

impl SiteSettings {
    /// Settings with a title and every other setting at its default.
    pub fn titled(title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            ..Self::default()
        }
    }
}

/// One blog: settings plus every author, term, post, comment and media item.
///
/// A `Site` is plain data and may hold anything its types allow, including dangling references
/// or duplicate slugs; [`crate::validate()`] reports those, and [`crate::build`] refuses or
/// accepts them (strict or lenient).
///
/// Serialised, the settings' fields sit at the top level beside the entity lists (`title`,
/// `url`, ..., `authors`, ..., `meta`), as the native JSON format has always written them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(from = "wire::SiteIn")]
pub struct Site {
    /// Title, address, tagline, language, time zone and site meta.
    pub settings: SiteSettings,
    /// Authors, in source order.
    pub authors: Vec<Author>,
    /// Terms of every taxonomy, in source order.
    pub terms: Vec<Term>,
    /// Posts of every kind, in source order.
    pub posts: Vec<Post>,
    /// Comments, in source order.
    pub comments: Vec<Comment>,
    /// Media items, in source order.
    pub media: Vec<Media>,
}

impl Serialize for Site {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        wire::SiteOut::from(self).serialize(serializer)
    }
}

/// The serialised shape of a [`Site`]: settings and entity lists side by side in one object.
mod wire {
    use super::*;

    /// A site as read: every field at the top level.
    #[derive(Deserialize)]
    pub(super) struct SiteIn {
        title: String,
        #[serde(default)]
        url: Option<Url>,
        #[serde(default)]
        description: String,
        #[serde(default)]
        language: Option<String>,
        #[serde(default)]
        time_zone: SiteTimeZone,
        #[serde(default)]
        authors: Vec<Author>,
        #[serde(default)]
        terms: Vec<Term>,
        #[serde(default)]
        posts: Vec<Post>,
        #[serde(default)]
        comments: Vec<Comment>,
        #[serde(default)]
        media: Vec<Media>,
        #[serde(default)]
        meta: Meta,
    }

    impl From<SiteIn> for Site {
        fn from(site: SiteIn) -> Self {
            Site {
                settings: SiteSettings {
                    title: site.title,
                    url: site.url,
                    description: site.description,
                    language: site.language,
                    time_zone: site.time_zone,
                    meta: site.meta,
                },
                authors: site.authors,
                terms: site.terms,
                posts: site.posts,
                comments: site.comments,
                media: site.media,
            }
        }
    }

    /// A site as written, borrowed: the same fields in the same order as [`SiteIn`].
    #[derive(Serialize)]
    pub(super) struct SiteOut<'a> {
        title: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<&'a Url>,
        #[serde(skip_serializing_if = "is_empty_text")]
        description: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        language: Option<&'a str>,
        time_zone: &'a SiteTimeZone,
        authors: &'a [Author],
        terms: &'a [Term],
        posts: &'a [Post],
        comments: &'a [Comment],
        media: &'a [Media],
        #[serde(skip_serializing_if = "is_empty_meta")]
        meta: &'a Meta,
    }

    fn is_empty_text(text: &&str) -> bool {
        text.is_empty()
    }

    fn is_empty_meta(meta: &&Meta) -> bool {
        meta.is_empty()
    }

    impl<'a> From<&'a Site> for SiteOut<'a> {
        fn from(site: &'a Site) -> Self {
            let settings = &site.settings;
            SiteOut {
                title: &settings.title,
                url: settings.url.as_ref(),
                description: &settings.description,
                language: settings.language.as_deref(),
                time_zone: &settings.time_zone,
                authors: &site.authors,
                terms: &site.terms,
                posts: &site.posts,
                comments: &site.comments,
                media: &site.media,
                meta: &settings.meta,
            }
        }
    }
}

impl Site {
    /// An empty site with a title.
    pub fn new(title: impl Into<String>) -> Self {
        Self {
            settings: SiteSettings::titled(title),
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
