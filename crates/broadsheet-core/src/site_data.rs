//! [`SiteData`]: reading a site's settings and entities, whether they sit in a plain [`Site`] or
//! in an archive's [`Snapshot`](crate::Snapshot).
//!
//! Permalinks, feeds, validation and every exporter take `&impl SiteData` (or
//! `&dyn SiteData`), so a front end that holds an archive never copies it into a `Site` to
//! print a link or save a file.

use crate::author::Author;
use crate::comment::Comment;
use crate::ids::{AuthorId, CommentId, MediaId, PostId, TermId};
use crate::media::Media;
use crate::meta::Meta;
use crate::post::Post;
use crate::site::{Site, SiteSettings};
use crate::term::Term;
use crate::time::SiteTimeZone;
use crate::values::Url;

/// An iterator over borrowed entities, boxed so that [`SiteData`] stays object-safe.
pub type Entities<'a, T> = Box<dyn Iterator<Item = &'a T> + 'a>;

/// Read access to one site: its settings, each entity by id, and every entity in turn.
///
/// [`Site`] iterates in source order and looks ids up by scanning; a
/// [`Snapshot`](crate::Snapshot) iterates in id order and looks ids up in its indexes. Code
/// written against this trait gives the same answer for a snapshot and for its
/// [`to_site`](crate::Snapshot::to_site) copy (which lists entities in id order).
pub trait SiteData {
    /// The site's settings (title, address, tagline, language, time zone, site meta).
    fn settings(&self) -> &SiteSettings;

    /// The site's title (may be empty); short for `settings().title`.
    fn title(&self) -> &str {
        &self.settings().title
    }
    /// The site's home URL, when it has one (links are relative without it).
    fn url(&self) -> Option<&Url> {
        self.settings().url.as_ref()
    }
    /// The tagline (may be empty).
    fn description(&self) -> &str {
        &self.settings().description
    }
    /// The language as a BCP 47 tag (`en-US`), when known.
    fn language(&self) -> Option<&str> {
        self.settings().language.as_deref()
    }
    /// The time zone of the site's calendar (what date archives and "Posted on" use).
    fn time_zone(&self) -> &SiteTimeZone {
        &self.settings().time_zone
    }
    /// Site-level meta: source settings without a field of their own, verbatim.
    fn site_meta(&self) -> &Meta {
        &self.settings().meta
    }

    /// The post (of any kind and status) with this id.
    fn post(&self, id: PostId) -> Option<&Post>;
    /// The author with this id.
    fn author(&self, id: AuthorId) -> Option<&Author>;
    /// The term (of any taxonomy) with this id.
    fn term(&self, id: TermId) -> Option<&Term>;
    /// The comment (of any status) with this id.
    fn comment(&self, id: CommentId) -> Option<&Comment>;
    /// The media item with this id.
    fn media_item(&self, id: MediaId) -> Option<&Media>;

    /// Every post of every kind and status.
    fn posts(&self) -> Entities<'_, Post>;
    /// Every author.
    fn authors(&self) -> Entities<'_, Author>;
    /// Every term of every taxonomy.
    fn terms(&self) -> Entities<'_, Term>;
    /// Every comment of every status.
    fn comments(&self) -> Entities<'_, Comment>;
    /// Every media item.
    fn media(&self) -> Entities<'_, Media>;
}

impl SiteData for Site {
    fn settings(&self) -> &SiteSettings {
        &self.settings
    }
    fn post(&self, id: PostId) -> Option<&Post> {
        Site::post(self, id)
    }
    fn author(&self, id: AuthorId) -> Option<&Author> {
        Site::author(self, id)
    }
    fn term(&self, id: TermId) -> Option<&Term> {
        Site::term(self, id)
    }
    fn comment(&self, id: CommentId) -> Option<&Comment> {
        Site::comment(self, id)
    }
    fn media_item(&self, id: MediaId) -> Option<&Media> {
        Site::media_item(self, id)
    }
    fn posts(&self) -> Entities<'_, Post> {
        Box::new(self.posts.iter())
    }
    fn authors(&self) -> Entities<'_, Author> {
        Box::new(self.authors.iter())
    }
    fn terms(&self) -> Entities<'_, Term> {
        Box::new(self.terms.iter())
    }
    fn comments(&self) -> Entities<'_, Comment> {
        Box::new(self.comments.iter())
    }
    fn media(&self) -> Entities<'_, Media> {
        Box::new(self.media.iter())
    }
}

/// A plain [`Site`] with its posts, authors and terms indexed by id, for code that looks up
/// many ids in it (permalink inference and the own links of an import): each lookup is a
/// hash probe where [`Site`]'s own is a scan of its list, so that such code stays linear in
/// the site's size. Answers as the site does: the first entity listed with an id, and every
/// entity in the site's order.
pub(crate) struct IndexedSite<'a> {
    site: &'a Site,
    posts: std::collections::HashMap<PostId, &'a Post>,
    authors: std::collections::HashMap<AuthorId, &'a Author>,
    terms: std::collections::HashMap<TermId, &'a Term>,
}

impl<'a> IndexedSite<'a> {
    /// Indexes a site (one pass over its posts, authors and terms).
    pub(crate) fn new(site: &'a Site) -> Self {
        fn first_by_id<K: std::hash::Hash + Eq, T>(
            items: &[T],
            id: impl Fn(&T) -> K,
        ) -> std::collections::HashMap<K, &T> {
            let mut map = std::collections::HashMap::with_capacity(items.len());
            for item in items {
                map.entry(id(item)).or_insert(item);
            }
            map
        }
        IndexedSite {
            site,
            posts: first_by_id(&site.posts, |post| post.id),
            authors: first_by_id(&site.authors, |author| author.id),
            terms: first_by_id(&site.terms, |term| term.id),
        }
    }
}

impl SiteData for IndexedSite<'_> {
    fn settings(&self) -> &SiteSettings {
        &self.site.settings
    }
    fn post(&self, id: PostId) -> Option<&Post> {
        self.posts.get(&id).copied()
    }
    fn author(&self, id: AuthorId) -> Option<&Author> {
        self.authors.get(&id).copied()
    }
    fn term(&self, id: TermId) -> Option<&Term> {
        self.terms.get(&id).copied()
    }
    fn comment(&self, id: CommentId) -> Option<&Comment> {
        self.site.comment(id)
    }
    fn media_item(&self, id: MediaId) -> Option<&Media> {
        self.site.media_item(id)
    }
    fn posts(&self) -> Entities<'_, Post> {
        self.site.posts()
    }
    fn authors(&self) -> Entities<'_, Author> {
        self.site.authors()
    }
    fn terms(&self) -> Entities<'_, Term> {
        self.site.terms()
    }
    fn comments(&self) -> Entities<'_, Comment> {
        SiteData::comments(self.site)
    }
    fn media(&self) -> Entities<'_, Media> {
        SiteData::media(self.site)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Slug;

    #[test]
    fn an_indexed_site_answers_as_the_site_does_first_entity_of_an_id_first() {
        let mut site = Site::new("Blog");
        for (id, title) in [(3, "three"), (1, "one"), (3, "three again")] {
            site.posts.push(Post::new(
                PostId(id),
                title,
                Slug::parse(&format!("p{id}")).unwrap(),
            ));
        }
        site.authors
            .push(Author::new(AuthorId(7), Slug::parse("a").unwrap(), "A"));
        let indexed = IndexedSite::new(&site);
        for id in [1, 2, 3] {
            assert_eq!(
                indexed.post(PostId(id)).map(|post| &post.title),
                site.post(PostId(id)).map(|post| &post.title)
            );
        }
        assert_eq!(indexed.post(PostId(3)).unwrap().title, "three");
        assert_eq!(indexed.author(AuthorId(7)).unwrap().display_name, "A");
        assert!(indexed.term(TermId(7)).is_none());
        let titles: Vec<&str> = indexed.posts().map(|post| post.title.as_str()).collect();
        assert_eq!(titles, ["three", "one", "three again"]);
    }
}
