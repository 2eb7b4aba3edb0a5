//! Several inputs read as one site: a WordPress.com export split into
//! `site.wordpress.2024-01-01.000.xml`, `.001.xml`... (each part repeats the site's settings,
//! authors and terms and holds some of the items), or the files of a zip archive.
//!
//! Parts are joined in the order given: the first part's settings stand; an author, term,
//! post, comment or media item that several parts hold is kept once (the first), and when the
//! copies differ, `import.merge.conflict` says so. Nothing is dropped silently.

use crate::codes;
use crate::import::Imported;
use broadsheet_core::{Report, Site};
use std::collections::HashMap;
use std::hash::Hash;

/// Joins imports into one site (see the module's description); `None` when there are none.
/// The format is the first part's.
pub fn merge(parts: Vec<Imported>) -> Option<Imported> {
    let mut parts = parts.into_iter();
    let first = parts.next()?;
    let mut site = first.site;
    let mut report = first.report;
    let format = first.format;
    let mut joined = Joined::new(&site);
    let mut several = false;
    for part in parts {
        several = true;
        report.extend(part.report);
        joined.add(&mut site, part.site, &mut report);
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
        let by_source: HashMap<String, broadsheet_core::PostId> = site
            .posts
            .iter()
            .filter_map(|p| p.source_id.clone().map(|s| (s, p.id)))
            .collect();
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

/// The ids already in the joined site, per entity.
struct Joined {
    authors: HashMap<u64, usize>,
    terms: HashMap<u64, usize>,
    posts: HashMap<u64, usize>,
    comments: HashMap<u64, usize>,
    media: HashMap<u64, usize>,
}

impl Joined {
    fn new(site: &Site) -> Self {
        fn index<T>(items: &[T], id: impl Fn(&T) -> u64) -> HashMap<u64, usize> {
            let mut map = HashMap::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                map.entry(id(item)).or_insert(i);
            }
            map
        }
        Self {
            authors: index(&site.authors, |a| a.id.get()),
            terms: index(&site.terms, |t| t.id.get()),
            posts: index(&site.posts, |p| p.id.get()),
            comments: index(&site.comments, |c| c.id.get()),
            media: index(&site.media, |m| m.id.get()),
        }
    }

    fn add(&mut self, site: &mut Site, part: Site, report: &mut Report) {
        join(
            &mut self.authors,
            &mut site.authors,
            part.authors,
            |a| a.id.get(),
            "author",
            report,
        );
        join(
            &mut self.terms,
            &mut site.terms,
            part.terms,
            |t| t.id.get(),
            "term",
            report,
        );
        join(
            &mut self.posts,
            &mut site.posts,
            part.posts,
            |p| p.id.get(),
            "post",
            report,
        );
        join(
            &mut self.comments,
            &mut site.comments,
            part.comments,
            |c| c.id.get(),
            "comment",
            report,
        );
        join(
            &mut self.media,
            &mut site.media,
            part.media,
            |m| m.id.get(),
            "media",
            report,
        );
    }
}

fn join<T: PartialEq, K: Eq + Hash + std::fmt::Display + Copy>(
    seen: &mut HashMap<K, usize>,
    into: &mut Vec<T>,
    items: Vec<T>,
    id: impl Fn(&T) -> K,
    entity: &str,
    report: &mut Report,
) {
    for item in items {
        let key = id(&item);
        if let Some(&at) = seen.get(&key) {
            if into[at] != item {
                report.push(
                    &codes::IMPORT_MERGE_CONFLICT,
                    "",
                    format!(
                        "{entity} {key} is in several input files with different content; \
                         the first file's copy is kept"
                    ),
                );
            }
        } else {
            seen.insert(key, into.len());
            into.push(item);
        }
    }
}
