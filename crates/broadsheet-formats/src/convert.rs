//! Converting a site for another platform: what the target accepts, chosen and split the way
//! migrators expect.
//!
//! [`convert`] takes an imported site and writes it in a target format:
//!
//! - **Selection** ([`Selection`]): items of some kinds and statuses, matching a filter,
//!   published in a date range, as `wp export` chooses them.
//! - **To Ghost** ([`for_ghost`]): only posts and pages, in statuses Ghost knows (pending and
//!   private items become drafts, trashed and other statuses are left out); categories become
//!   tags, and a post's first category is its primary tag (first in its tag list); a category
//!   and a tag of one slug become one tag; menu (`nav_menu`), post-format (`post_format`) and
//!   other taxonomies are left out; authors without an e-mail get a placeholder
//!   (`<slug>@example.com`, Ghost requires one). Rows carry only Ghost's own fields (no
//!   `broadsheet` extension objects). Every item, term and comment left out is counted.
//! - **To WXR from Ghost** ([`for_wxr`]): WordPress ids are integers: every entity gets a
//!   sequential integer id, the Ghost id is kept in meta (`_ghost_id`); `ghost:` meta (fields
//!   only Ghost has) is left out unless [`ConvertOptions::keep_source_meta`].
//! - **Splitting** ([`ConvertOptions::max_file_size`]): the output is split into files of at
//!   most that many bytes, each a complete document with the site's settings, authors and
//!   terms and some of the items, as WordPress.com splits its exports (`.000.xml`,
//!   `.001.xml`; see [`part_name`]).

use crate::format::Format;
use crate::import::SourceFormat;
use crate::save::ExportError;
use broadsheet_core::{
    Email, PostId, PostKind, PostStatus, QueryError, Selection, Site, Taxonomy, TermId,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The meta key holding an entity's Ghost id in a WXR written from a Ghost export.
pub const GHOST_ID_KEY: &str = "_ghost_id";

/// How to convert.
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// Which items to write (default: all).
    pub selection: Selection,
    /// Keep meta only the source platform understands (`ghost:` fields in a WXR, `wxr:` keys
    /// in a Ghost export).
    pub keep_source_meta: bool,
    /// Split the output into files of at most this many bytes (a single item larger than
    /// that gets a file of its own).
    pub max_file_size: Option<u64>,
}

/// Something a conversion did not write, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// How many.
    pub count: usize,
    /// What (`attachments`, `menu items (nav_menu_item)`, `comments`, `terms of taxonomy
    /// nav_menu`).
    pub what: String,
    /// Why, in a few words.
    pub why: String,
}

impl LeftOut {
    /// `count` of `what` left out for the reason `why`; `None` when `count` is 0.
    fn of(count: usize, what: impl Into<String>, why: impl Into<String>) -> Option<Self> {
        (count > 0).then(|| LeftOut {
            count,
            what: what.into(),
            why: why.into(),
        })
    }
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} not written ({})", self.count, self.what, self.why)
    }
}

/// Something a conversion changed so that the target accepts it, counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Adjusted {
    /// How many entities.
    pub count: usize,
    /// What was done (`pending items written as drafts`).
    pub what: String,
}

impl fmt::Display for Adjusted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.count, self.what)
    }
}

/// What a conversion wrote.
#[derive(Debug, Clone)]
pub struct Converted {
    /// The output documents, in order (one unless the output was split).
    pub files: Vec<Vec<u8>>,
    /// Items written.
    pub items: usize,
    /// What was left out, counted by kind.
    pub left_out: Vec<LeftOut>,
    /// What was changed for the target, counted.
    pub adjusted: Vec<Adjusted>,
}

/// Why a conversion failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// The selection's filter cannot run.
    #[error("--filter: {0}")]
    Filter(#[from] QueryError),
    /// The target format cannot be written.
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// Converts `site` (read from `source`) to `target` (see the module's description).
pub fn convert(
    site: Site,
    source: &SourceFormat,
    target: Format,
    options: &ConvertOptions,
) -> Result<Converted, ConvertError> {
    let (site, unselected) = options.selection.apply(site)?;
    let mut left_out = Vec::new();
    let mut adjusted = Vec::new();
    let mut count = |n: usize, what: &str, why: &str| left_out.extend(LeftOut::of(n, what, why));
    count(unselected.posts, "items", "not selected");
    count(
        unselected.comments,
        "comments on items not selected",
        "not selected",
    );
    count(
        unselected.media,
        "media of items not selected",
        "not selected",
    );
    let site = match target {
        Format::Ghost => {
            let (site, mut lost, mut changed) = for_ghost(site, options.keep_source_meta);
            left_out.append(&mut lost);
            adjusted.append(&mut changed);
            site
        }
        Format::Wxr => {
            let (site, mut changed) = for_wxr(site, source, options.keep_source_meta);
            adjusted.append(&mut changed);
            site
        }
        _ => site,
    };
    let items = site.posts.len();
    let files = match options.max_file_size {
        Some(limit) => split(&site, target, limit)?,
        None => vec![write(&site, target)?],
    };
    Ok(Converted {
        files,
        items,
        left_out,
        adjusted,
    })
}

fn write(site: &Site, target: Format) -> Result<Vec<u8>, ExportError> {
    if target == Format::Ghost {
        let mut value = crate::ghost::export(site);
        strip_extensions(&mut value);
        let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
        text.push('\n');
        return Ok(text.into_bytes());
    }
    crate::save::to_bytes(site, target)
}

/// Removes Broadsheet's extension objects from a Ghost export: Ghost's importer knows only
/// its own fields.
fn strip_extensions(value: &mut serde_json::Value) {
    use serde_json::Value;
    let ext = crate::ghost::keys::EXT;
    if let Some(db) = value.get_mut("db").and_then(Value::as_array_mut) {
        for entry in db {
            if let Some(meta) = entry.get_mut("meta").and_then(Value::as_object_mut) {
                meta.remove(ext);
            }
            if let Some(data) = entry.get_mut("data").and_then(Value::as_object_mut) {
                for rows in data.values_mut() {
                    if let Some(rows) = rows.as_array_mut() {
                        for row in rows {
                            if let Some(row) = row.as_object_mut() {
                                row.remove(ext);
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The site as Ghost's importer accepts it (see the module's description), with what was
/// left out and what was changed.
pub fn for_ghost(mut site: Site, keep_source_meta: bool) -> (Site, Vec<LeftOut>, Vec<Adjusted>) {
    let mut left_out = Vec::new();
    let mut adjusted = Vec::new();

    // Items: posts and pages in Ghost's statuses.
    let mut dropped_kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut dropped_statuses: BTreeMap<String, usize> = BTreeMap::new();
    let (mut pending, mut private) = (0, 0);
    site.posts.retain_mut(|post| {
        if !matches!(post.kind, PostKind::Post | PostKind::Page) {
            *dropped_kinds.entry(kind_label(&post.kind)).or_default() += 1;
            return false;
        }
        match post.status {
            PostStatus::Published | PostStatus::Draft | PostStatus::Scheduled => true,
            PostStatus::Pending => {
                pending += 1;
                post.status = PostStatus::Draft;
                true
            }
            PostStatus::Private => {
                private += 1;
                post.status = PostStatus::Draft;
                true
            }
            ref other => {
                *dropped_statuses
                    .entry(other.as_str().to_owned())
                    .or_default() += 1;
                false
            }
        }
    });
    for (kind, count) in dropped_kinds {
        left_out.extend(LeftOut::of(count, kind, "Ghost has only posts and pages"));
    }
    for (status, count) in dropped_statuses {
        left_out.extend(LeftOut::of(
            count,
            format!("{status} posts and pages"),
            "Ghost has no such status",
        ));
    }
    if pending > 0 {
        adjusted.push(Adjusted {
            count: pending,
            what: "pending posts and pages written as drafts".into(),
        });
    }
    if private > 0 {
        adjusted.push(Adjusted {
            count: private,
            what: "private posts and pages written as drafts".into(),
        });
    }
    let kept: HashSet<PostId> = site.posts.iter().map(|p| p.id).collect();
    for post in &mut site.posts {
        if post.parent.is_some_and(|parent| !kept.contains(&parent)) {
            post.parent = None;
        }
    }
    left_out.extend(LeftOut::of(
        std::mem::take(&mut site.comments).len(),
        "comments",
        "Ghost exports hold no comments",
    ));
    left_out.extend(LeftOut::of(
        std::mem::take(&mut site.media).len(),
        "media items",
        "Ghost exports hold no media library; images stay in the content",
    ));

    // Terms: tags, and categories as tags; other taxonomies are left out.
    let mut dropped_taxonomies: BTreeMap<String, usize> = BTreeMap::new();
    let mut tag_by_slug: HashMap<String, TermId> = HashMap::new();
    let mut replaced: HashMap<TermId, TermId> = HashMap::new();
    let mut categories = HashSet::new();
    let mut merged = 0;
    // Tags first, so that a category of a tag's slug joins the tag.
    let (tags, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut site.terms)
        .into_iter()
        .partition(|term| term.taxonomy == Taxonomy::Tag);
    for mut term in tags.into_iter().chain(rest) {
        match &term.taxonomy {
            Taxonomy::Tag | Taxonomy::Category => {}
            Taxonomy::Other(name) => {
                *dropped_taxonomies.entry(name.clone()).or_default() += 1;
                continue;
            }
        }
        if term.taxonomy == Taxonomy::Category {
            categories.insert(term.id);
        }
        let slug = term.slug.as_str().to_lowercase();
        if let Some(&existing) = tag_by_slug.get(&slug) {
            replaced.insert(term.id, existing);
            merged += 1;
            continue;
        }
        tag_by_slug.insert(slug, term.id);
        term.taxonomy = Taxonomy::Tag;
        term.parent = None;
        site.terms.push(term);
    }
    for (taxonomy, count) in dropped_taxonomies {
        let what = match taxonomy.as_str() {
            "nav_menu" => "menus (nav_menu terms)".to_owned(),
            "post_format" => "post formats (post_format terms)".to_owned(),
            other => format!("terms of taxonomy {other}"),
        };
        left_out.extend(LeftOut::of(count, what, "Ghost has only tags"));
    }
    let categories_count = categories.len();
    if categories_count > 0 {
        adjusted.push(Adjusted {
            count: categories_count,
            what: format!(
                "categories written as tags (a post's first category is its primary tag){}",
                if merged > 0 {
                    format!("; {merged} joined a tag of the same slug")
                } else {
                    String::new()
                }
            ),
        });
    }
    let term_ids: HashSet<TermId> = site.terms.iter().map(|t| t.id).collect();
    for post in &mut site.posts {
        let primary = post
            .terms
            .iter()
            .find(|id| categories.contains(*id))
            .map(|id| replaced.get(id).copied().unwrap_or(*id));
        let mut terms: Vec<TermId> = Vec::with_capacity(post.terms.len());
        for id in primary.iter().chain(post.terms.iter()) {
            let id = replaced.get(id).copied().unwrap_or(*id);
            if term_ids.contains(&id) && !terms.contains(&id) {
                terms.push(id);
            }
        }
        post.terms = terms;
    }

    // Authors: Ghost requires an e-mail.
    let mut placeholders = 0;
    for author in &mut site.authors {
        if author.email.is_none()
            && let Ok(email) = Email::parse(&format!("{}@example.com", author.slug))
        {
            author.email = Some(email);
            placeholders += 1;
        }
    }
    if placeholders > 0 {
        adjusted.push(Adjusted {
            count: placeholders,
            what: "authors without an e-mail given a placeholder (<slug>@example.com)".into(),
        });
    }

    if !keep_source_meta {
        drop_meta(&mut site, &["wxr:"]);
    }
    (site, left_out, adjusted)
}

fn kind_label(kind: &PostKind) -> String {
    match kind {
        PostKind::Attachment => "attachments".to_owned(),
        PostKind::Other(name) if name == "nav_menu_item" => "menu items (nav_menu_item)".to_owned(),
        PostKind::Other(name) if name == "revision" => "revisions".to_owned(),
        other => format!("items of kind {other}"),
    }
}

/// Removes meta whose key starts with one of `prefixes` from every entity and the site.
fn drop_meta(site: &mut Site, prefixes: &[&str]) {
    let keep = |key: &str| !prefixes.iter().any(|prefix| key.starts_with(prefix));
    site.settings.meta.0.retain(|e| keep(&e.key));
    for post in &mut site.posts {
        post.meta.0.retain(|e| keep(&e.key));
    }
    for term in &mut site.terms {
        term.meta.0.retain(|e| keep(&e.key));
    }
    for author in &mut site.authors {
        author.meta.0.retain(|e| keep(&e.key));
    }
    for comment in &mut site.comments {
        comment.meta.0.retain(|e| keep(&e.key));
    }
    for media in &mut site.media {
        media.meta.0.retain(|e| keep(&e.key));
    }
}

/// The site as a WXR for WordPress: from a Ghost source, every entity's id becomes a
/// sequential integer (the Ghost id kept under [`GHOST_ID_KEY`]) and `ghost:` meta is left
/// out unless `keep_source_meta`.
pub fn for_wxr(
    mut site: Site,
    source: &SourceFormat,
    keep_source_meta: bool,
) -> (Site, Vec<Adjusted>) {
    let mut adjusted = Vec::new();
    if source.family != crate::ghost::FAMILY {
        return (site, adjusted);
    }
    let mut renumbered = 0;
    // Model ids are unique per entity; integer source ids could collide with them, so the
    // model id (sequential on Ghost import) is what WordPress gets.
    // WXR has no author meta: an author's Ghost id is not kept.
    fn take(source: &mut Option<String>, meta: &mut broadsheet_core::Meta, id: u64) -> usize {
        let ghost = source.replace(id.to_string());
        match ghost {
            Some(ghost) => {
                meta.push(GHOST_ID_KEY, ghost);
                1
            }
            None => 0,
        }
    }
    for post in &mut site.posts {
        renumbered += take(&mut post.source_id, &mut post.meta, post.id.get());
    }
    for term in &mut site.terms {
        renumbered += take(&mut term.source_id, &mut term.meta, term.id.get());
    }
    for author in &mut site.authors {
        let mut unused = broadsheet_core::Meta::new();
        renumbered += take(&mut author.source_id, &mut unused, author.id.get());
    }
    for comment in &mut site.comments {
        renumbered += take(&mut comment.source_id, &mut comment.meta, comment.id.get());
    }
    if renumbered > 0 {
        adjusted.push(Adjusted {
            count: renumbered,
            what: format!("Ghost ids replaced by WordPress integer ids (kept as {GHOST_ID_KEY})"),
        });
    }
    if !keep_source_meta {
        let before: usize = site.posts.iter().map(|p| p.meta.0.len()).sum();
        drop_meta(&mut site, &["ghost:", "broadsheet:invalid:"]);
        let after: usize = site.posts.iter().map(|p| p.meta.0.len()).sum();
        if before > after {
            adjusted.push(Adjusted {
                count: before - after,
                what: "Ghost-only post fields left out (--keep-source-meta keeps them)".into(),
            });
        }
    }
    (site, adjusted)
}

/// Writes `site` as several documents of at most `limit` bytes each (see the module's
/// description). Items go in order; an item's comments go with it.
pub fn split(site: &Site, target: Format, limit: u64) -> Result<Vec<Vec<u8>>, ExportError> {
    let whole = write(site, target)?;
    if whole.len() as u64 <= limit || site.posts.len() <= 1 {
        return Ok(vec![whole]);
    }
    // WXR writes media as attachment items numbered after the document's items: number them
    // once for all parts, apart from every item's id in every part (a media item keeps its own
    // integer source id only when no item and no other media item has it), so that no two
    // parts give one id to different items.
    let numbered;
    let site = if target == Format::Wxr && !site.media.is_empty() {
        let mut copy = site.clone();
        let integer = |source: Option<&str>| source.and_then(|s| s.trim().parse::<i64>().ok());
        let mut taken: HashSet<i64> = copy
            .posts
            .iter()
            .map(|p| match integer(p.source_id.as_deref()) {
                Some(id) => id,
                None => i64::try_from(p.id.get()).unwrap_or(i64::MAX),
            })
            .collect();
        let mut next = taken
            .iter()
            .copied()
            .chain(
                copy.media
                    .iter()
                    .filter_map(|m| integer(m.source_id.as_deref())),
            )
            .max()
            .unwrap_or(0)
            .max(0)
            + 1;
        for media in &mut copy.media {
            match integer(media.source_id.as_deref()) {
                Some(id) if id > 0 && taken.insert(id) => {}
                _ => {
                    while !taken.insert(next) {
                        next += 1;
                    }
                    media.source_id = Some(next.to_string());
                }
            }
        }
        numbered = copy;
        &numbered
    } else {
        site
    };
    let mut shell = site.clone();
    shell.posts.clear();
    shell.comments.clear();
    shell.media.clear();
    let base = write(&shell, target)?.len() as u64;
    // Each item's share: the document with it alone, less the empty document.
    let mut comments: HashMap<PostId, Vec<usize>> = HashMap::new();
    for (i, comment) in site.comments.iter().enumerate() {
        comments.entry(comment.post).or_default().push(i);
    }
    let mut media: HashMap<PostId, Vec<usize>> = HashMap::new();
    let mut loose_media = Vec::new();
    for (i, item) in site.media.iter().enumerate() {
        match item.attached_to {
            Some(post) => media.entry(post).or_default().push(i),
            None => loose_media.push(i),
        }
    }
    let written_ids: HashMap<PostId, String> = site
        .posts
        .iter()
        .map(|p| {
            let id = match p.source_id.as_deref().map(str::trim) {
                Some(s) if s.parse::<i64>().is_ok() => s.to_owned(),
                _ => p.id.get().to_string(),
            };
            (p.id, id)
        })
        .collect();
    let part_of = |posts: &[usize], with_loose: bool| -> Site {
        let mut part = shell.clone();
        let inside: HashSet<PostId> = posts.iter().map(|&i| site.posts[i].id).collect();
        for &i in posts {
            let post = &site.posts[i];
            let mut post = post.clone();
            // A parent in another part: WXR names it by its WordPress id, which reading the
            // parts together resolves.
            if target == Format::Wxr
                && let Some(parent) = post.parent.filter(|p| !inside.contains(p))
                && let Some(id) = written_ids.get(&parent)
            {
                post.meta.push(crate::wxr::keys::POST_PARENT, id.clone());
            }
            part.posts.push(post.clone());
            let post = &site.posts[i];
            for &c in comments.get(&post.id).into_iter().flatten() {
                part.comments.push(site.comments[c].clone());
            }
            for &m in media.get(&post.id).into_iter().flatten() {
                part.media.push(site.media[m].clone());
            }
        }
        if with_loose {
            part.media
                .extend(loose_media.iter().map(|&m| site.media[m].clone()));
        }
        part
    };
    let budget = limit.saturating_sub(base);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut used = 0u64;
    for i in 0..site.posts.len() {
        let size = (write(&part_of(&[i], false), target)?.len() as u64).saturating_sub(base);
        if !current.is_empty() && used + size > budget {
            groups.push(std::mem::take(&mut current));
            used = 0;
        }
        current.push(i);
        used += size;
    }
    if !current.is_empty() {
        groups.push(current);
    }
    // Estimates can be off by a little (shared indentation, ids): halve any part that is over.
    let mut files = Vec::new();
    let mut queue: std::collections::VecDeque<Vec<usize>> = groups.into();
    let mut first = true;
    while let Some(group) = queue.pop_front() {
        let bytes = write(&part_of(&group, first), target)?;
        if bytes.len() as u64 > limit && group.len() > 1 {
            let half = group.len() / 2;
            queue.push_front(group[half..].to_vec());
            queue.push_front(group[..half].to_vec());
            continue;
        }
        first = false;
        files.push(bytes);
    }
    Ok(files)
}

/// The name of part `index` of a split output: `export.xml` -> `export.000.xml`,
/// `site.ghost.json` -> `site.000.ghost.json` (WordPress.com's pattern: the number before the
/// format's extension).
pub fn part_name(path: &Path, index: usize) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let lower = name.to_lowercase();
    let extension_at = [".ghost.json", ".jsonl", ".json", ".xml", ".wxr"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map(|ext| name.len() - ext.len())
        .or_else(|| name.rfind('.'))
        .unwrap_or(name.len());
    let numbered = format!(
        "{}.{index:03}{}",
        &name[..extension_at],
        &name[extension_at..]
    );
    path.with_file_name(numbered)
}

/// The whole a file is part of, when its name is a part's name ([`part_name`]'s pattern, and
/// WordPress.com's: three digits before the format's extension): `site.001.xml` ->
/// (`site.xml`, 1), `blog.wordpress.2024-01-01.000.xml` -> (`blog.wordpress.2024-01-01.xml`,
/// 0). `None` for any other name.
pub fn part_of(path: &Path) -> Option<(PathBuf, usize)> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let lower = name.to_lowercase();
    let extension_at = [".ghost.json", ".jsonl", ".ndjson", ".json", ".xml", ".wxr"]
        .iter()
        .find(|ext| lower.ends_with(*ext))
        .map(|ext| name.len() - ext.len())?;
    let (stem, extension) = name.split_at(extension_at);
    let (whole, digits) = stem.rsplit_once('.')?;
    if whole.is_empty() || digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let index = digits.parse().ok()?;
    Some((path.with_file_name(format!("{whole}{extension}")), index))
}
