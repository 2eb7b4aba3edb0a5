//! The link tables (`posts_authors`, `posts_tags`) and the post fields that name another row.

use super::fields::{id_text, sort_order};
use super::{Importer, Object, PostExtra};
use crate::codes;
use broadsheet_core::{AuthorId, Site, TermId};
use std::collections::{BTreeMap, HashMap, HashSet};

impl Importer {
    /// Resolves a link row's `post_id`; reports rows naming no post (unless the post was left
    /// out by the kinds option).
    pub(super) fn link_post(
        &mut self,
        row: &Object,
        table: &str,
        json_path: &str,
        posts: &HashMap<String, usize>,
        skipped: &HashSet<String>,
    ) -> Option<usize> {
        let id = row.get("post_id").and_then(id_text);
        if let Some(&at) = id.as_ref().and_then(|id| posts.get(id)) {
            Some(at)
        } else {
            if !id.as_ref().is_some_and(|id| skipped.contains(id)) {
                self.push(
                    &codes::GHOST_LINK_POST_MISSING,
                    table,
                    format!("{json_path}.post_id"),
                    format!("a `{table}` row names post {id:?}, which does not exist"),
                );
            }
            None
        }
    }

    pub(super) fn posts_authors(
        &mut self,
        data: &Object,
        site: &mut Site,
        posts: &HashMap<String, usize>,
        skipped: &HashSet<String>,
        extras: &[PostExtra],
        users: &HashMap<String, AuthorId>,
    ) {
        let mut links: BTreeMap<usize, Vec<(f64, usize, AuthorId, String)>> = BTreeMap::new();
        for (index, row) in self.table(data, "posts_authors") {
            let json_path = format!("{}.posts_authors[{index}]", self.base);
            let Some(at) = self.link_post(row, "posts_authors", &json_path, posts, skipped) else {
                continue;
            };
            let author = row.get("author_id").and_then(id_text);
            let Some(&found) = author.as_ref().and_then(|id| users.get(id)) else {
                self.push(
                    &codes::GHOST_LINK_AUTHOR_MISSING,
                    format!("posts[{at}].authors"),
                    format!("{json_path}.author_id"),
                    format!("a `posts_authors` row names user {author:?}, which does not exist"),
                );
                continue;
            };
            links
                .entry(at)
                .or_default()
                .push((sort_order(row), index, found, json_path));
        }
        for (at, extra) in extras.iter().enumerate() {
            let path = format!("posts[{at}].authors");
            let lookup = |id: &Option<String>| id.as_ref().and_then(|id| users.get(id)).copied();
            if let Some(mut rows) = links.remove(&at) {
                sort_links(&mut rows);
                let mut linked: HashSet<AuthorId> =
                    site.posts[at].authors.iter().copied().collect();
                for (_, _, author, json_path) in rows {
                    let authors = &mut site.posts[at].authors;
                    self.add_link(authors, &mut linked, author, &path, json_path);
                }
                let primary = site.posts[at].authors.first().copied();
                if let Some(legacy) = &extra.author_id
                    && lookup(&extra.author_id) != primary
                {
                    self.push(
&codes::GHOST_POST_AUTHOR_ID_MISMATCH,
                        path,
                        format!("{}.author_id", extra.json_path),
                        format!(
                            "{}: `author_id` {legacy:?} is not the primary author in `posts_authors`, which wins",
                            extra.what
                        ),
                    );
                }
            } else if let Some(author) = lookup(&extra.author_id) {
                site.posts[at].authors.push(author);
            } else if extra.author_id.is_some() {
                self.push(
                    &codes::GHOST_LINK_AUTHOR_MISSING,
                    path,
                    format!("{}.author_id", extra.json_path),
                    format!(
                        "{}: `author_id` {:?} names no user",
                        extra.what,
                        extra.author_id.as_deref().unwrap_or_default()
                    ),
                );
            } else if let Some(author) = lookup(&extra.created_by) {
                site.posts[at].authors.push(author);
            } else {
                self.push(
                    &codes::GHOST_POST_AUTHOR_MISSING,
                    path,
                    extra.json_path.clone(),
                    format!(
                        "{} has no author in `posts_authors`, `author_id` or `created_by`",
                        extra.what
                    ),
                );
            }
        }
    }

    /// Pushes a link unless the post already has it (reported). `linked` holds the list's
    /// items, so that a post with N links costs N look-ups, not N² comparisons.
    pub(super) fn add_link<T: Eq + std::hash::Hash + Copy + std::fmt::Display>(
        &mut self,
        list: &mut Vec<T>,
        linked: &mut HashSet<T>,
        item: T,
        path: &str,
        json_path: String,
    ) {
        if linked.insert(item) {
            list.push(item);
        } else {
            self.push(
                &codes::GHOST_LINK_DUPLICATE,
                path,
                json_path,
                format!("{item} is already linked to this post; the later link is dropped"),
            );
        }
    }

    /// Links posts to tags in `sort_order`; returns how many links of each collapsed tag id
    /// were re-pointed.
    pub(super) fn posts_tags(
        &mut self,
        data: &Object,
        site: &mut Site,
        posts: &HashMap<String, usize>,
        skipped: &HashSet<String>,
        tags: &HashMap<String, TermId>,
    ) -> HashMap<String, usize> {
        let owners: HashMap<TermId, Option<&str>> = site
            .terms
            .iter()
            .map(|term| (term.id, term.source_id.as_deref()))
            .collect();
        let mut repointed: HashMap<String, usize> = HashMap::new();
        let mut links: BTreeMap<usize, Vec<(f64, usize, TermId, String)>> = BTreeMap::new();
        for (index, row) in self.table(data, "posts_tags") {
            let json_path = format!("{}.posts_tags[{index}]", self.base);
            let Some(at) = self.link_post(row, "posts_tags", &json_path, posts, skipped) else {
                continue;
            };
            let tag = row.get("tag_id").and_then(id_text);
            let Some(&found) = tag.as_ref().and_then(|id| tags.get(id)) else {
                self.push(
                    &codes::GHOST_LINK_TAG_MISSING,
                    format!("posts[{at}].terms"),
                    format!("{json_path}.tag_id"),
                    format!("a `posts_tags` row names tag {tag:?}, which does not exist"),
                );
                continue;
            };
            if let Some(tag) = &tag
                && owners.get(&found).copied().flatten() != Some(tag.as_str())
            {
                *repointed.entry(tag.clone()).or_default() += 1;
            }
            links
                .entry(at)
                .or_default()
                .push((sort_order(row), index, found, json_path));
        }
        for (at, mut rows) in links {
            sort_links(&mut rows);
            let path = format!("posts[{at}].terms");
            let mut linked: HashSet<TermId> = site.posts[at].terms.iter().copied().collect();
            for (_, _, term, json_path) in rows {
                let terms = &mut site.posts[at].terms;
                self.add_link(terms, &mut linked, term, &path, json_path);
            }
        }
        repointed
    }
}

/// Puts a post's link rows (sort order, row index, target, JSON path) in Ghost's order:
/// `sort_order`, then the order of the rows in the file.
pub(super) fn sort_links<T>(rows: &mut [(f64, usize, T, String)]) {
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
}
