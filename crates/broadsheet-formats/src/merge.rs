//! Several inputs read as one site: a WordPress.com export split into
//! `site.wordpress.2024-01-01.000.xml`, `.001.xml`... (each part repeats the site's settings,
//! authors and terms and holds some of the items), or the files of a zip archive.
//!
//! Parts are joined in the order given: the first part's settings stand. An entity a later part
//! holds under an id the joined site already has is either a copy of that entity (an author of
//! the same slug, a term of the same taxonomy and slug, an item of the same kind and slug, a
//! media item of the same URL, a comment on the same item by the same person at the same time),
//! kept once (the first), with `import.merge.conflict` when the copies differ; or a different
//! entity, kept under a new id (its source id unchanged) with every reference to it in its part,
//! and reported as `import.merge.id.collision` with its file. Nothing is dropped silently.

use crate::codes;
use crate::import::Imported;
use broadsheet_core::{
    AuthorId, CommentId, Issue, Location, MediaId, PostId, Report, Site, TermId,
};
use std::collections::HashMap;

/// Joins imports into one site (see the module's description); `None` when there are none.
/// The format is the first part's.
pub fn merge(parts: Vec<Part>) -> Option<Imported> {
    let mut parts = parts.into_iter();
    let first = parts.next()?.imported;
    let mut site = first.site;
    let mut report = first.report;
    let format = first.format;
    let mut joined = Joined::new(&site);
    let mut several = false;
    for part in parts {
        several = true;
        report.extend(part.imported.report);
        joined.add(
            &mut site,
            part.imported.site,
            part.name.as_deref(),
            &mut report,
        );
    }
    if several {
        resolve_parents(&mut site, &mut report);
    }
    Some(Imported {
        site,
        report,
        format,
    })
}

/// A WXR part names a parent in another part by its WordPress id, which the importer of
/// that part could not resolve and kept (`wxr:post_parent`): the joined site resolves it, and
/// the part's "unknown parent" warning goes.
fn resolve_parents(site: &mut Site, report: &mut Report) {
    #[cfg(feature = "wxr")]
    {
        let key = crate::wxr::keys::POST_PARENT;
        // Two items an id collision kept apart share a source id: the first one stands.
        let mut by_source: HashMap<String, broadsheet_core::PostId> = HashMap::new();
        for post in &site.posts {
            if let Some(source) = &post.source_id {
                by_source.entry(source.clone()).or_insert(post.id);
            }
        }
        let mut resolved = Vec::new();
        for post in &mut site.posts {
            let Some(raw) = post.meta.get(key).map(str::to_owned) else {
                continue;
            };
            if post.parent.is_none()
                && let Some(&parent) = by_source.get(raw.trim())
                && parent != post.id
            {
                post.parent = Some(parent);
                post.meta.0.retain(|e| e.key != key);
                resolved.push(format!("post_parent {} is not an item", raw.trim()));
            }
        }
        if !resolved.is_empty() {
            report.issues.retain(|issue| {
                issue.code != codes::WXR_ITEM_PARENT_UNKNOWN.id
                    || !resolved
                        .iter()
                        .any(|start| issue.message.starts_with(start.as_str()))
            });
        }
    }
    #[cfg(not(feature = "wxr"))]
    let _ = (site, report);
}

/// One input of [`merge`]: what was imported, and the file it came from (for the report).
#[derive(Debug)]
pub struct Part {
    /// The import of this part.
    pub imported: Imported,
    /// The file's name as the user gave it; `None` for input without a name.
    pub name: Option<String>,
}

/// What a part's entity is to the joined site.
#[derive(Clone, Copy)]
enum Fate {
    /// Its id is free: it joins under it.
    New,
    /// A copy of the entity at this index of the joined site (kept once).
    Copy(usize),
    /// A different entity whose id (`old`) is taken: it joins under the `new` id.
    Renumbered {
        /// Its id in its part.
        old: u64,
        /// Its id in the joined site.
        new: u64,
    },
}

/// The ids already in the joined site, per entity, with the index of the entity holding each.
struct Joined {
    authors: HashMap<u64, usize>,
    terms: HashMap<u64, usize>,
    posts: HashMap<u64, usize>,
    comments: HashMap<u64, usize>,
    media: HashMap<u64, usize>,
}

fn index<T>(items: &[T], id: impl Fn(&T) -> u64) -> HashMap<u64, usize> {
    let mut map = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        map.entry(id(item)).or_insert(i);
    }
    map
}

/// Decides the fate of each of a part's entities: a copy when the joined site holds an entity
/// of the same id that `same` says is the same one, renumbered (above every id of the joined
/// site and of the part) when the id is taken by another entity, new otherwise.
fn fates<T>(
    seen: &HashMap<u64, usize>,
    into: &[T],
    items: &[T],
    id: impl Fn(&T) -> u64,
    same: impl Fn(&T, &T) -> bool,
) -> Vec<Fate> {
    let mut next = seen
        .keys()
        .copied()
        .chain(items.iter().map(&id))
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    items
        .iter()
        .map(|item| match seen.get(&id(item)) {
            None => Fate::New,
            Some(&at) if same(&into[at], item) => Fate::Copy(at),
            Some(_) => {
                next += 1;
                Fate::Renumbered {
                    old: id(item),
                    new: next - 1,
                }
            }
        })
        .collect()
}

/// The new id of each renumbered entity, by its id in its part.
fn renumbering(fates: &[Fate]) -> HashMap<u64, u64> {
    fates
        .iter()
        .filter_map(|fate| match *fate {
            Fate::Renumbered { old, new } => Some((old, new)),
            _ => None,
        })
        .collect()
}

/// An id as the part's references become: the new id of a renumbered entity, else itself.
fn mapped(map: &HashMap<u64, u64>, id: u64) -> u64 {
    map.get(&id).copied().unwrap_or(id)
}

impl Joined {
    fn new(site: &Site) -> Self {
        Self {
            authors: index(&site.authors, |a| a.id.get()),
            terms: index(&site.terms, |t| t.id.get()),
            posts: index(&site.posts, |p| p.id.get()),
            comments: index(&site.comments, |c| c.id.get()),
            media: index(&site.media, |m| m.id.get()),
        }
    }

    /// Joins a part: decides what each entity is (the same one again, or another under a taken
    /// id), renumbers the others and every reference to them within the part, then adds what is
    /// new and reports what differs.
    fn add(&mut self, site: &mut Site, part: Site, file: Option<&str>, report: &mut Report) {
        let Site {
            mut authors,
            mut terms,
            mut posts,
            mut comments,
            mut media,
            ..
        } = part;
        let author_fates = fates(
            &self.authors,
            &site.authors,
            &authors,
            |a| a.id.get(),
            |a, b| a.slug == b.slug,
        );
        let term_fates = fates(
            &self.terms,
            &site.terms,
            &terms,
            |t| t.id.get(),
            |a, b| a.taxonomy == b.taxonomy && a.slug == b.slug,
        );
        let post_fates = fates(
            &self.posts,
            &site.posts,
            &posts,
            |p| p.id.get(),
            |a, b| a.kind == b.kind && a.slug == b.slug && (a.slug.is_some() || a.title == b.title),
        );
        let media_fates = fates(
            &self.media,
            &site.media,
            &media,
            |m| m.id.get(),
            |a, b| a.url == b.url,
        );
        let author_map = renumbering(&author_fates);
        let term_map = renumbering(&term_fates);
        let post_map = renumbering(&post_fates);
        let media_map = renumbering(&media_fates);
        // A comment is the same one when it is on the same item, by the same person, at the
        // same time.
        let comment_fates = fates(
            &self.comments,
            &site.comments,
            &comments,
            |c| c.id.get(),
            |a, b| {
                a.post.get() == mapped(&post_map, b.post.get())
                    && a.author_name == b.author_name
                    && a.date == b.date
            },
        );
        let comment_map = renumbering(&comment_fates);

        for (author, fate) in authors.iter_mut().zip(&author_fates) {
            if let Fate::Renumbered { new, .. } = fate {
                author.id = AuthorId(*new);
            }
        }
        for (term, fate) in terms.iter_mut().zip(&term_fates) {
            if let Fate::Renumbered { new, .. } = fate {
                term.id = TermId(*new);
            }
            term.parent = term.parent.map(|p| TermId(mapped(&term_map, p.get())));
        }
        for (post, fate) in posts.iter_mut().zip(&post_fates) {
            if let Fate::Renumbered { new, .. } = fate {
                post.id = PostId(*new);
            }
            for author in &mut post.authors {
                *author = AuthorId(mapped(&author_map, author.get()));
            }
            for term in &mut post.terms {
                *term = TermId(mapped(&term_map, term.get()));
            }
            post.parent = post.parent.map(|p| PostId(mapped(&post_map, p.get())));
            post.featured_media = post
                .featured_media
                .map(|m| MediaId(mapped(&media_map, m.get())));
        }
        for (comment, fate) in comments.iter_mut().zip(&comment_fates) {
            if let Fate::Renumbered { new, .. } = fate {
                comment.id = CommentId(*new);
            }
            comment.post = PostId(mapped(&post_map, comment.post.get()));
            comment.parent = comment
                .parent
                .map(|p| CommentId(mapped(&comment_map, p.get())));
            comment.user = comment.user.map(|u| AuthorId(mapped(&author_map, u.get())));
        }
        for (item, fate) in media.iter_mut().zip(&media_fates) {
            if let Fate::Renumbered { new, .. } = fate {
                item.id = MediaId(*new);
            }
            item.attached_to = item.attached_to.map(|p| PostId(mapped(&post_map, p.get())));
        }

        let mut join = Join { file, report };
        join.entities(
            &mut self.authors,
            &mut site.authors,
            authors,
            &author_fates,
            "author",
            |a| a.id.get(),
        );
        join.entities(
            &mut self.terms,
            &mut site.terms,
            terms,
            &term_fates,
            "term",
            |t| t.id.get(),
        );
        join.entities(
            &mut self.posts,
            &mut site.posts,
            posts,
            &post_fates,
            "item",
            |p| p.id.get(),
        );
        join.entities(
            &mut self.comments,
            &mut site.comments,
            comments,
            &comment_fates,
            "comment",
            |c| c.id.get(),
        );
        join.entities(
            &mut self.media,
            &mut site.media,
            media,
            &media_fates,
            "media item",
            |m| m.id.get(),
        );
    }
}

/// Adds a part's entities of one kind to the joined site and reports, with the part's file,
/// copies that differ and ids that collide.
struct Join<'a> {
    file: Option<&'a str>,
    report: &'a mut Report,
}

impl Join<'_> {
    fn issue(&mut self, code: &'static broadsheet_core::IssueCode, path: String, message: String) {
        let mut issue = Issue::new(code, path, message);
        if let Some(file) = self.file {
            issue = issue.at(Location {
                file: Some(file.to_owned()),
                ..Location::default()
            });
        }
        self.report.issues.push(issue);
    }

    fn entities<T: PartialEq>(
        &mut self,
        seen: &mut HashMap<u64, usize>,
        into: &mut Vec<T>,
        items: Vec<T>,
        fates: &[Fate],
        entity: &str,
        id: impl Fn(&T) -> u64,
    ) {
        let collection = match entity {
            "author" => "authors",
            "term" => "terms",
            "item" => "posts",
            "comment" => "comments",
            _ => "media",
        };
        for (position, (item, fate)) in items.into_iter().zip(fates).enumerate() {
            match *fate {
                Fate::Copy(at) => {
                    if into[at] != item {
                        self.issue(
                            &codes::IMPORT_MERGE_CONFLICT,
                            format!("{collection}[{at}]"),
                            format!(
                                "{entity} {} is in several input files with different content; \
                                 the first file's copy is kept",
                                id(&item)
                            ),
                        );
                    }
                }
                Fate::Renumbered { old, new } => {
                    self.issue(
                        &codes::IMPORT_MERGE_ID_COLLISION,
                        format!("{collection}[{}]", into.len()),
                        format!(
                            "{entity} {old} ({entity} number {} of this file) is not the {entity} \
                             {old} of an earlier file; it was kept with the new id {new}",
                            position + 1
                        ),
                    );
                    seen.insert(new, into.len());
                    into.push(item);
                }
                Fate::New => {
                    seen.insert(id(&item), into.len());
                    into.push(item);
                }
            }
        }
    }
}
