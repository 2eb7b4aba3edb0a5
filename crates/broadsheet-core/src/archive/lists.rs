//! The lists of authors and terms a front end shows (`broadsheet authors`, `broadsheet terms`,
//! like `wp user list` and `wp term list`): each with how many posts the viewer sees by it or
//! with it, and only what that viewer may know of.

use super::{QueryContext, QueryError, Snapshot};
use crate::ids::{AuthorId, TermId};
use crate::query::Query;
use crate::term::Taxonomy;
use crate::text::fold;
use crate::values::Url;
use crate::viewer::Viewer;
use serde::Serialize;
use std::collections::HashMap;

/// An author in a list: public fields only (never an e-mail or a login) and a post count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuthorEntry {
    /// The author's id.
    pub id: AuthorId,
    /// The public slug (author archive URLs).
    pub slug: String,
    /// The display name, as stored.
    pub name: String,
    /// Whether the author is a guest author (no account).
    pub guest: bool,
    /// The author's website, when given.
    pub url: Option<Url>,
    /// Posts (kind `post`) by this author that the viewer sees.
    pub count: u64,
}

/// A term in a list, with the number of posts the viewer sees with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermEntry {
    /// The term's id.
    pub id: TermId,
    /// Its taxonomy (`post_tag`, `category`...).
    pub taxonomy: Taxonomy,
    /// Its slug.
    pub slug: String,
    /// Its name, as stored.
    pub name: String,
    /// Its parent term, in hierarchical taxonomies.
    pub parent: Option<TermId>,
    /// Posts (kind `post`) with this term that the viewer sees (for the public: published
    /// posts, as WordPress counts them).
    pub count: u64,
}

impl Snapshot {
    /// The authors, in id order, each with the number of posts the viewer sees by them.
    /// An editor sees every author; anyone else sees only the authors of at least one post
    /// they may see, as a blog shows authors only through their posts (an author with drafts
    /// alone stays unknown to the public).
    pub fn author_list(
        &self,
        context: impl Into<QueryContext>,
    ) -> Result<Vec<AuthorEntry>, QueryError> {
        let context = context.into();
        let counts: HashMap<AuthorId, u64> = self
            .author_counts(&Query::new(), context)?
            .into_iter()
            .map(|count| (count.author, count.count))
            .collect();
        let everyone = context.viewer == Viewer::Editor;
        Ok(self
            .authors
            .values()
            .map(|author| AuthorEntry {
                id: author.id,
                slug: author.slug.to_string(),
                name: author.display_name.clone(),
                guest: author.guest,
                url: author.url.clone(),
                count: counts.get(&author.id).copied().unwrap_or(0),
            })
            .filter(|entry| everyone || entry.count > 0)
            .collect())
    }

    /// The terms of one taxonomy (every taxonomy for `None`), ordered by taxonomy, then by
    /// name (case- and accent-insensitive), then id; each with the number of posts the viewer
    /// sees with it. Terms are public (a term archive exists without posts), so terms without
    /// a post are listed with 0.
    pub fn term_list(
        &self,
        taxonomy: Option<&Taxonomy>,
        context: impl Into<QueryContext>,
    ) -> Result<Vec<TermEntry>, QueryError> {
        let context = context.into();
        let taxonomies: Vec<Taxonomy> = match taxonomy {
            Some(taxonomy) => vec![taxonomy.clone()],
            None => {
                // By name (`category` before `post_tag`), whatever order the enum declares.
                let mut all: Vec<Taxonomy> = self.taxonomies().into_iter().collect();
                all.sort_by(|a, b| a.as_str().cmp(b.as_str()));
                all
            }
        };
        let mut entries = Vec::new();
        for taxonomy in &taxonomies {
            let counts: HashMap<TermId, u64> = self
                .term_counts(taxonomy, &Query::new(), context)?
                .into_iter()
                .map(|count| (count.term.id(), count.count))
                .collect();
            let mut terms: Vec<(String, TermEntry)> = self
                .terms_of(taxonomy)
                .map(|term| {
                    (
                        fold(&term.name),
                        TermEntry {
                            id: term.id,
                            taxonomy: term.taxonomy.clone(),
                            slug: term.slug.to_string(),
                            name: term.name.clone(),
                            parent: term.parent,
                            count: counts.get(&term.id).copied().unwrap_or(0),
                        },
                    )
                })
                .collect();
            terms.sort_by(|(a, x), (b, y)| a.cmp(b).then(x.id.cmp(&y.id)));
            entries.extend(terms.into_iter().map(|(_, entry)| entry));
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::post::{Post, PostStatus};
    use crate::term::Term;
    use crate::{Author, PostId, Site, Slug};

    fn snapshot() -> Snapshot {
        let slug = |s: &str| Slug::parse(s).unwrap();
        let mut site = Site::new("Blog");
        site.authors
            .push(Author::new(AuthorId(1), slug("ann"), "Ann"));
        site.authors
            .push(Author::new(AuthorId(2), slug("bob"), "Bob"));
        site.terms
            .push(Term::new(TermId(1), Taxonomy::Tag, "zebra", slug("zebra")));
        site.terms
            .push(Term::new(TermId(2), Taxonomy::Tag, "Ápple", slug("apple")));
        site.terms.push(Term::new(
            TermId(3),
            Taxonomy::Category,
            "News",
            slug("news"),
        ));
        let mut published = Post::new(PostId(1), "One", slug("one"));
        published.authors.push(AuthorId(1));
        published.terms.extend([TermId(1), TermId(3)]);
        site.posts.push(published);
        // Bob has a draft only, with the tag apple.
        let mut draft = Post::new(PostId(2), "Two", slug("two"));
        draft.status = PostStatus::Draft;
        draft.authors.push(AuthorId(2));
        draft.terms.push(TermId(2));
        site.posts.push(draft);
        Snapshot::from_site(site)
    }

    #[test]
    fn the_public_sees_authors_of_published_posts_and_public_counts() {
        let snapshot = snapshot();
        let public = snapshot.author_list(Viewer::Anonymous).unwrap();
        let public: Vec<(&str, u64)> = public.iter().map(|a| (a.slug.as_str(), a.count)).collect();
        assert_eq!(public, [("ann", 1)]);
        let editor = snapshot.author_list(Viewer::Editor).unwrap();
        let editor: Vec<(&str, u64)> = editor.iter().map(|a| (a.slug.as_str(), a.count)).collect();
        assert_eq!(editor, [("ann", 1), ("bob", 1)]);
        let bob = snapshot
            .author_list(Viewer::Author { id: AuthorId(2) })
            .unwrap();
        assert_eq!(bob.iter().map(|a| a.count).collect::<Vec<_>>(), [1, 1]);
    }

    #[test]
    fn terms_are_all_listed_by_taxonomy_and_name_with_the_viewers_counts() {
        let snapshot = snapshot();
        let public = snapshot.term_list(None, Viewer::Anonymous).unwrap();
        let rows: Vec<(&str, &str, u64)> = public
            .iter()
            .map(|t| (t.taxonomy.as_str(), t.slug.as_str(), t.count))
            .collect();
        assert_eq!(
            rows,
            [
                ("category", "news", 1),
                ("post_tag", "apple", 0),
                ("post_tag", "zebra", 1)
            ]
        );
        let tags = snapshot
            .term_list(Some(&Taxonomy::Tag), Viewer::Editor)
            .unwrap();
        let rows: Vec<(&str, u64)> = tags.iter().map(|t| (t.slug.as_str(), t.count)).collect();
        assert_eq!(rows, [("apple", 1), ("zebra", 1)]);
    }
}
