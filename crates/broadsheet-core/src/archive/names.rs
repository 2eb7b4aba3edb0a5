//! Names a user gives (a tag, an author, a kind, a status, a taxonomy) resolved against one
//! snapshot. A name the archive does not hold is an [`UnknownName`] with the closest names it
//! does hold as suggestions, so `--tag Content`, `tag:Content` in a filter string and
//! Python's `tag="Content"` all answer "there is no tag "Content"; did you mean "content"?".
//!
//! The query engine itself treats an unknown slug as a term no post has (an empty result, as
//! WordPress does); [`Snapshot::resolve_names`] is the check a front end runs first.

use super::Snapshot;
use crate::author::Author;
use crate::names::UnknownName;
use crate::post::{PostKind, PostStatus};
use crate::query::{AuthorRef, Filter, Predicate, Query, TermRef};
use crate::term::{Taxonomy, Term};
use std::collections::BTreeSet;

/// The word that stands for every kind or every status (`--kind any`, `status:any`), as in
/// wp-cli.
pub const ANY: &str = "any";

/// The spellings of the built-in statuses a user may write, with the status each means.
const STATUS_SPELLINGS: [(&str, &str); 9] = [
    ("published", "published"),
    ("publish", "published"),
    ("draft", "draft"),
    ("pending", "pending"),
    ("private", "private"),
    ("scheduled", "scheduled"),
    ("future", "scheduled"),
    ("trash", "trash"),
    (ANY, ANY),
];

impl Snapshot {
    /// The taxonomy a user names: `post_tag` (also `tag`, `tags`), `category` (also
    /// `categories`), or any other taxonomy that at least one term of this archive belongs
    /// to. Any other name is an [`UnknownName`] suggesting the closest taxonomies.
    pub fn taxonomy_named(&self, name: &str) -> Result<Taxonomy, UnknownName> {
        let name = name.trim();
        match name {
            "post_tag" | "tag" | "tags" => return Ok(Taxonomy::Tag),
            "category" | "categories" => return Ok(Taxonomy::Category),
            _ => {}
        }
        let present = self.taxonomies();
        if let Some(found) = present.iter().find(|taxonomy| taxonomy.as_str() == name) {
            return Ok(found.clone());
        }
        let mut candidates: Vec<(&str, &str)> = vec![
            ("post_tag", "post_tag"),
            ("post_tag", "tag"),
            ("category", "category"),
        ];
        candidates.extend(present.iter().map(|t| (t.as_str(), t.as_str())));
        let listed: Vec<&str> = ["post_tag (or tag)", "category"]
            .into_iter()
            .chain(
                present
                    .iter()
                    .filter(|t| !matches!(t, Taxonomy::Tag | Taxonomy::Category))
                    .map(Taxonomy::as_str),
            )
            .collect();
        Err(UnknownName::new("taxonomy", name, listed.join(", ")).suggesting(candidates))
    }

    /// Every taxonomy at least one term belongs to, in name order.
    pub fn taxonomies(&self) -> BTreeSet<Taxonomy> {
        self.terms
            .values()
            .map(|term| term.taxonomy.clone())
            .collect()
    }

    /// The term of `taxonomy` with this slug; otherwise an [`UnknownName`] suggesting the
    /// slugs of the taxonomy's terms whose slug or name is closest (`Content` finds
    /// `content`, `Gender-Based Violence` finds `gender-based-violence`).
    pub fn term_named(&self, taxonomy: &Taxonomy, slug: &str) -> Result<&Term, UnknownName> {
        if let Some(term) = self.term_by_slug(taxonomy, slug) {
            return Ok(term);
        }
        let mut terms: Vec<&Term> = self.terms_of(taxonomy).collect();
        terms.sort_by_key(|term| term.id);
        let what = match taxonomy {
            Taxonomy::Tag => "tag",
            Taxonomy::Category => "category",
            Taxonomy::Other(_) => "term",
        };
        let expected = match taxonomy {
            Taxonomy::Other(name) => format!("the slug of a {name} term"),
            _ => String::new(),
        };
        Err(
            UnknownName::new(what, slug, expected).suggesting(terms.iter().flat_map(|t| {
                [
                    (t.slug.as_str(), t.slug.as_str()),
                    (t.slug.as_str(), t.name.as_str()),
                ]
            })),
        )
    }

    /// The author with this slug; otherwise an [`UnknownName`] suggesting the slugs of the
    /// authors whose slug or display name is closest (`Saida` finds `saida-arifkhanova`).
    pub fn author_named(&self, slug: &str) -> Result<&Author, UnknownName> {
        if let Some(author) = self.author_by_slug(slug) {
            return Ok(author);
        }
        Err(
            UnknownName::new("author", slug, "").suggesting(self.authors.values().flat_map(|a| {
                [
                    (a.slug.as_str(), a.slug.as_str()),
                    (a.slug.as_str(), a.display_name.as_str()),
                ]
            })),
        )
    }

    /// The kind a user names: `None` for [`ANY`] (every kind), otherwise `post`, `page`,
    /// `attachment` or a kind at least one item of this archive has. Any other name is an
    /// [`UnknownName`] suggesting the closest kinds.
    pub fn kind_named(&self, name: &str) -> Result<Option<PostKind>, UnknownName> {
        let name = name.trim();
        if name == ANY {
            return Ok(None);
        }
        let kind = PostKind::from(name);
        let present = self.kinds();
        if !matches!(kind, PostKind::Other(_)) || present.contains(&kind) {
            return Ok(Some(kind));
        }
        let mut names: Vec<&str> = vec!["post", "page", "attachment"];
        names.extend(
            present
                .iter()
                .map(PostKind::as_str)
                .filter(|name| !["post", "page", "attachment"].contains(name)),
        );
        let expected = format!("{} or {ANY}", names.join(", "));
        names.push(ANY);
        Err(UnknownName::new("kind", name, expected).suggesting(names.iter().map(|n| (*n, *n))))
    }

    /// Every kind at least one item of this archive has, in name order.
    pub fn kinds(&self) -> BTreeSet<PostKind> {
        self.posts
            .values()
            .map(|entry| entry.post.kind.clone())
            .collect()
    }

    /// The status a user names: `None` for [`ANY`] (every status but trash, within what the
    /// viewer may see), otherwise a status as [`PostStatus::from_user`] reads it (WordPress's
    /// `publish` and `future` included), or a status at least one item of this archive has
    /// (`inherit`). Any other name is an [`UnknownName`] suggesting the closest statuses.
    pub fn status_named(&self, name: &str) -> Result<Option<PostStatus>, UnknownName> {
        let name = name.trim();
        if name == ANY {
            return Ok(None);
        }
        let status = PostStatus::from_user(name);
        let present = self.statuses();
        if !matches!(status, PostStatus::Other(_)) || present.contains(&status) {
            return Ok(Some(status));
        }
        Err(self.unknown_status(name, &present))
    }

    fn unknown_status(&self, name: &str, present: &BTreeSet<PostStatus>) -> UnknownName {
        let mut candidates: Vec<(&str, &str)> = STATUS_SPELLINGS
            .iter()
            .map(|(spelling, status)| (*status, *spelling))
            .collect();
        let others: Vec<&str> = present
            .iter()
            .filter(|status| matches!(status, PostStatus::Other(_)))
            .map(PostStatus::as_str)
            .collect();
        candidates.extend(others.iter().map(|name| (*name, *name)));
        let mut expected =
            "published (or publish), draft, pending, private, scheduled (or future), trash"
                .to_owned();
        for other in &others {
            expected.push_str(", ");
            expected.push_str(other);
        }
        expected.push_str(" or any");
        UnknownName::new("status", name, expected).suggesting(candidates)
    }

    /// Every status at least one item of this archive has, in name order.
    pub fn statuses(&self) -> BTreeSet<PostStatus> {
        self.posts
            .values()
            .map(|entry| entry.post.status.clone())
            .collect()
    }

    /// Checks every name a query gives against this archive and resolves [`ANY`]: the query
    /// to run, or the first name the archive does not hold, with suggestions.
    ///
    /// - terms named by slug must exist in their taxonomy, and a taxonomy other than tags and
    ///   categories must have terms ([`Snapshot::term_named`], [`Snapshot::taxonomy_named`]);
    /// - authors named by slug must exist ([`Snapshot::author_named`]);
    /// - kinds and statuses other than the built-in ones must occur in the archive
    ///   ([`Snapshot::kind_named`], [`Snapshot::status_named`]); kind `any` becomes every
    ///   kind of the archive, status `any` every status but trash (what a viewer sees when no
    ///   status is named, said explicitly).
    ///
    /// Names inside `OR` and `NOT` are checked too: a misspelt name is an error wherever it
    /// is. Terms and authors given by id are left as they are.
    ///
    /// ```
    /// # use broadsheet_core::{Query, Snapshot, Site, Slug, Term, TermId, Taxonomy};
    /// let mut site = Site::new("Blog");
    /// site.terms.push(Term::new(TermId(1), Taxonomy::Tag, "Content", Slug::parse("content").unwrap()));
    /// let snapshot = Snapshot::from_site(site);
    /// let error = snapshot.resolve_names(&Query::new().tag("Content")).unwrap_err();
    /// assert_eq!(error.to_string(), r#"there is no tag "Content"; did you mean "content"?"#);
    /// assert!(snapshot.resolve_names(&Query::new().tag("content")).is_ok());
    /// ```
    pub fn resolve_names(&self, query: &Query) -> Result<Query, UnknownName> {
        let mut resolved = query.clone();
        resolved.filter = self.resolve_filter(&query.filter)?;
        Ok(resolved)
    }

    fn resolve_filter(&self, filter: &Filter) -> Result<Filter, UnknownName> {
        Ok(match filter {
            Filter::And(parts) => Filter::And(
                parts
                    .iter()
                    .map(|part| self.resolve_filter(part))
                    .collect::<Result<_, _>>()?,
            ),
            Filter::Or(parts) => Filter::Or(
                parts
                    .iter()
                    .map(|part| self.resolve_filter(part))
                    .collect::<Result<_, _>>()?,
            ),
            Filter::Not(inner) => Filter::Not(Box::new(self.resolve_filter(inner)?)),
            Filter::Predicate(predicate) => self.resolve_predicate(predicate)?,
        })
    }

    fn resolve_predicate(&self, predicate: &Predicate) -> Result<Filter, UnknownName> {
        match predicate {
            Predicate::Terms {
                taxonomy, terms, ..
            } => {
                if let Taxonomy::Other(name) = taxonomy {
                    self.taxonomy_named(name)?;
                }
                for term in terms {
                    if let TermRef::Slug(slug) = term {
                        self.term_named(taxonomy, slug)?;
                    }
                }
            }
            Predicate::Authors { authors } => {
                for author in authors {
                    if let AuthorRef::Slug(slug) = author {
                        self.author_named(slug)?;
                    }
                }
            }
            Predicate::Kind { kinds } => {
                let mut resolved = Vec::with_capacity(kinds.len());
                for kind in kinds {
                    match self.kind_named(kind.as_str())? {
                        Some(kind) => resolved.push(kind),
                        None => {
                            let mut every: BTreeSet<PostKind> = self.kinds();
                            every.extend([PostKind::Post, PostKind::Page, PostKind::Attachment]);
                            return Ok(Filter::Predicate(Predicate::Kind {
                                kinds: every.into_iter().collect(),
                            }));
                        }
                    }
                }
                return Ok(Filter::Predicate(Predicate::Kind { kinds: resolved }));
            }
            Predicate::Status { statuses } => {
                let present = self.statuses();
                for status in statuses {
                    if status.as_str() == ANY {
                        return Ok(Filter::Not(Box::new(Filter::Predicate(
                            Predicate::Status {
                                statuses: vec![PostStatus::Trash],
                            },
                        ))));
                    }
                    if matches!(status, PostStatus::Other(_)) && !present.contains(status) {
                        return Err(self.unknown_status(status.as_str(), &present));
                    }
                }
            }
            _ => {}
        }
        Ok(Filter::Predicate(predicate.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter_string::parse_filter;
    use crate::{AuthorId, Post, PostId, Site, Slug, Viewer};

    fn snapshot() -> Snapshot {
        let mut site = Site::new("Blog");
        let slug = |s: &str| Slug::parse(s).unwrap();
        site.authors.push(Author::new(
            AuthorId(1),
            slug("saida-arifkhanova"),
            "Saida Arifkhanova",
        ));
        site.authors.push(Author::new(
            AuthorId(2),
            slug("wlp"),
            "Women's Learning Partnership",
        ));
        site.terms.push(Term::new(
            crate::TermId(1),
            Taxonomy::Tag,
            "Content",
            slug("content"),
        ));
        site.terms.push(Term::new(
            crate::TermId(2),
            Taxonomy::Tag,
            "Kyrgyzstan",
            slug("kyrgyzstan"),
        ));
        site.terms.push(Term::new(
            crate::TermId(3),
            Taxonomy::Category,
            "Blog",
            slug("blog"),
        ));
        site.terms.push(Term::new(
            crate::TermId(4),
            Taxonomy::Other("post_format".into()),
            "Aside",
            slug("post-format-aside"),
        ));
        let mut post = Post::new(PostId(1), "One", slug("one"));
        post.authors.push(AuthorId(1));
        post.terms.push(crate::TermId(1));
        site.posts.push(post);
        let mut menu = Post::new(PostId(2), "Menu", slug("menu"));
        menu.kind = PostKind::Other("nav_menu_item".into());
        menu.status = PostStatus::Other("inherit".into());
        site.posts.push(menu);
        let mut draft = Post::new(PostId(3), "Draft", slug("draft"));
        draft.status = PostStatus::Draft;
        site.posts.push(draft);
        Snapshot::from_site(site)
    }

    #[test]
    fn taxonomies_have_aliases_and_suggestions() {
        let snapshot = snapshot();
        assert_eq!(snapshot.taxonomy_named("tag"), Ok(Taxonomy::Tag));
        assert_eq!(snapshot.taxonomy_named("post_tag"), Ok(Taxonomy::Tag));
        assert_eq!(
            snapshot.taxonomy_named("categories"),
            Ok(Taxonomy::Category)
        );
        assert_eq!(
            snapshot.taxonomy_named("post_format"),
            Ok(Taxonomy::Other("post_format".into()))
        );
        let error = snapshot.taxonomy_named("post_formats").unwrap_err();
        assert_eq!(error.what, "taxonomy");
        assert_eq!(error.suggestions, ["post_format"]);
        assert!(
            error
                .expected
                .contains("post_tag (or tag), category, post_format")
        );
        assert_eq!(
            snapshot.taxonomy_named("Tag").unwrap_err().suggestions,
            ["post_tag"]
        );
    }

    #[test]
    fn terms_and_authors_suggest_by_slug_or_name() {
        let snapshot = snapshot();
        assert_eq!(
            snapshot.term_named(&Taxonomy::Tag, "content").unwrap().id.0,
            1
        );
        let error = snapshot.term_named(&Taxonomy::Tag, "Content").unwrap_err();
        assert_eq!(
            (error.what, error.suggestions.as_slice()),
            ("tag", &["content".to_owned()][..])
        );
        // Categories are not tags: `blog` is not suggested for a tag.
        assert!(
            snapshot
                .term_named(&Taxonomy::Tag, "blogs")
                .unwrap_err()
                .suggestions
                .is_empty()
        );
        assert_eq!(
            snapshot
                .term_named(&Taxonomy::Category, "Blogs")
                .unwrap_err()
                .suggestions,
            ["blog"]
        );
        let format = Taxonomy::Other("post_format".into());
        let error = snapshot.term_named(&format, "aside").unwrap_err();
        assert_eq!(error.suggestions, ["post-format-aside"]);
        assert!(error.to_string().contains("a post_format term"), "{error}");
        assert_eq!(snapshot.author_named("wlp").unwrap().id, AuthorId(2));
        assert_eq!(
            snapshot
                .author_named("Saida Arifkhanova")
                .unwrap_err()
                .suggestions,
            ["saida-arifkhanova"]
        );
        assert_eq!(
            snapshot
                .author_named("women's learning partnership")
                .unwrap_err()
                .suggestions,
            ["wlp"]
        );
        assert!(
            snapshot
                .author_named("nobody")
                .unwrap_err()
                .suggestions
                .is_empty()
        );
    }

    #[test]
    fn kinds_and_statuses_accept_any_builtins_and_what_the_archive_has() {
        let snapshot = snapshot();
        assert_eq!(snapshot.kind_named("any"), Ok(None));
        assert_eq!(snapshot.kind_named("page"), Ok(Some(PostKind::Page)));
        assert_eq!(
            snapshot.kind_named("nav_menu_item"),
            Ok(Some(PostKind::Other("nav_menu_item".into())))
        );
        let error = snapshot.kind_named("pots").unwrap_err();
        assert_eq!(error.suggestions, ["post"]);
        assert!(error.expected.contains("nav_menu_item"), "{error}");
        assert_eq!(
            snapshot.kind_named("Page").unwrap_err().suggestions,
            ["page"]
        );
        assert_eq!(snapshot.status_named("any"), Ok(None));
        assert_eq!(
            snapshot.status_named("publish"),
            Ok(Some(PostStatus::Published))
        );
        assert_eq!(
            snapshot.status_named("inherit"),
            Ok(Some(PostStatus::Other("inherit".into())))
        );
        assert_eq!(
            snapshot.status_named("drafts").unwrap_err().suggestions,
            ["draft"]
        );
        assert_eq!(
            snapshot.status_named("futur").unwrap_err().suggestions,
            ["scheduled"]
        );
        assert_eq!(
            snapshot.status_named("Published").unwrap_err().suggestions,
            ["published"]
        );
    }

    #[test]
    fn queries_are_checked_everywhere_and_any_is_resolved() {
        let snapshot = snapshot();
        let check = |text: &str| {
            snapshot.resolve_names(&Query::new().filter_expr(parse_filter(text).unwrap()))
        };
        assert!(check("tag:content+author:wlp+kind:page+status:draft").is_ok());
        for (text, what, suggestion) in [
            ("tag:Content", "tag", "content"),
            ("tag:content,tag:kyrgystan", "tag", "kyrgyzstan"),
            ("-author:Saida", "author", "saida-arifkhanova"),
            ("(tag:content+kind:pag)", "kind", "page"),
            ("status:[draft,pubished]", "status", "published"),
            ("taxonomy.post_formats:aside", "taxonomy", "post_format"),
            ("category:blogg", "category", "blog"),
        ] {
            let error = check(text).unwrap_err();
            assert_eq!(
                (error.what, error.suggestions.first().map(String::as_str)),
                (what, Some(suggestion)),
                "{text}"
            );
        }
        // Ids are not names.
        assert!(check("tag.id:99").is_ok());
        // kind:any lists every kind; status:any is "not trash".
        let any = snapshot
            .resolve_names(&Query::new().kinds([PostKind::from("any")]))
            .unwrap();
        let page = snapshot
            .query(
                &any.clone().statuses([PostStatus::from("any")]),
                Viewer::Editor,
            )
            .unwrap();
        assert_eq!(
            page.total, 0,
            "status any given as a plain status matches nothing unresolved"
        );
        let both = snapshot
            .resolve_names(
                &Query::new()
                    .kinds([PostKind::from("any")])
                    .statuses([PostStatus::from("any")]),
            )
            .unwrap();
        assert_eq!(snapshot.query(&both, Viewer::Editor).unwrap().total, 3);
        assert_eq!(snapshot.query(&both, Viewer::Anonymous).unwrap().total, 1);
        assert_eq!(snapshot.query(&any, Viewer::Editor).unwrap().total, 3);
    }
}
