//! Adapters over today's engine API. Each is marked `ENGINE(#8)` with the engine call that
//! replaces it once issue 8 lands on main; the rest of the binding calls only these functions,
//! so each switch is a one-line change here.

use broadsheet::archive::DateGranularity;
use broadsheet::cloud::CloudOrder;
use broadsheet::formats::{Format, ImportCounts, ImportError, ImportOptions, SourceFormat};
use broadsheet::query::OrderKey;
use broadsheet::{
    Archive, AuthorId, BuildMode, CommentId, CommentStatus, PostId, PostStatus, Report, Site,
    Snapshot, ValidationOptions, Viewer,
};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// An opened input: the archive, every issue the import and the build found, and the format.
pub struct Opened {
    /// The indexed archive.
    pub archive: Archive,
    /// The import report followed by the build (validation) report.
    pub report: Report,
    /// The detected source format.
    pub format: SourceFormat,
}

/// Where to read from.
pub enum Source {
    /// A file.
    Path(std::path::PathBuf),
    /// The bytes of a file.
    Bytes(Vec<u8>),
}

/// Opens a file or bytes into an archive.
// ENGINE(#8): replace with formats::open_path / formats::open_bytes (which also build the
// archive, and cancel through the progress callback's ControlFlow).
pub fn open(source: &Source, options: ImportOptions<'_>) -> Result<Opened, ImportError> {
    let mode = options.mode;
    let imported = match source {
        Source::Path(path) => broadsheet::formats::load(path, options)?,
        Source::Bytes(bytes) => {
            let io = |source| ImportError::Io {
                path: "<bytes>".into(),
                source,
            };
            let dir = tempfile::tempdir().map_err(io)?;
            let path = dir.path().join("input");
            std::fs::write(&path, bytes).map_err(io)?;
            broadsheet::formats::load(&path, options)?
        }
    };
    let mut report = imported.report;
    let (archive, build_report) =
        Archive::build(imported.site, mode, &ValidationOptions::default()).map_err(|invalid| {
            let mut all = report.clone();
            all.extend(invalid.report);
            ImportError::Invalid { report: all }
        })?;
    report.extend(build_report);
    Ok(Opened {
        archive,
        report,
        format: imported.format,
    })
}

/// The format a name gives (`wxr`, `ghost`, `json`, `jsonl`).
// ENGINE(#8): replace with Format::from_str.
pub fn parse_format(name: &str) -> Result<Format, String> {
    Format::ALL
        .into_iter()
        .find(|format| format.name() == name.to_ascii_lowercase())
        .ok_or_else(|| format!("unknown format {name:?}: expected wxr, ghost, json or jsonl"))
}

/// The whole site as plain data, for the calls that still need a `Site`.
// ENGINE(#8): remove: permalinks, feeds, validation and exporters take the snapshot itself.
pub fn site_of(snapshot: &Snapshot) -> Site {
    snapshot.to_site()
}

/// Saves a snapshot in a format, atomically.
// ENGINE(#8): replace with formats::save_snapshot (typed ExportError).
pub fn save(site: &Site, path: &Path, format: Format) -> std::io::Result<()> {
    broadsheet::formats::save(site, path, format)
}

/// A snapshot in a format, as bytes.
// ENGINE(#8): replace with formats::to_bytes.
pub fn to_bytes(site: &Site, format: Format) -> std::io::Result<Vec<u8>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join(format!("out.{}", format.name()));
    broadsheet::formats::save(site, &path, format)?;
    std::fs::read(&path)
}

/// Validates the archive's current content.
// ENGINE(#8): replace with validation over the snapshot.
pub fn validate(site: &Site) -> Report {
    broadsheet::validate(site, &ValidationOptions::default())
}

/// Exactly the JSON of `broadsheet stats --json`.
// ENGINE(#8): replace with formats::Stats::compute(...) serialised (the command's struct).
pub fn stats(site: &Site, report: &Report, format: &SourceFormat) -> Value {
    let counts = ImportCounts::of(site);
    let mut by_status = Map::new();
    for status in [
        CommentStatus::Approved,
        CommentStatus::Pending,
        CommentStatus::Spam,
        CommentStatus::Trash,
    ] {
        let n = counts
            .comments_by_status
            .get(status.as_str())
            .copied()
            .unwrap_or(0);
        by_status.insert(status.as_str().to_owned(), n.into());
    }
    json!({
        "format": format.to_string(),
        "items": counts.posts,
        "authors": site.authors.len(),
        "terms": counts.terms,
        "comments": {
            "total": site.comments.len(),
            "by_status": by_status,
            "max_depth": max_comment_depth(site),
        },
        "sticky": site.posts.iter().filter(|p| p.sticky).count(),
        "warnings": report.warnings().count(),
        "errors": report.errors().count(),
    })
}

// ENGINE(#8): remove with `stats` (a copy of the command's walk, until the library has it).
fn max_comment_depth(site: &Site) -> usize {
    let parents: HashMap<CommentId, Option<CommentId>> =
        site.comments.iter().map(|c| (c.id, c.parent)).collect();
    let mut depth_of: HashMap<CommentId, usize> = HashMap::new();
    let mut deepest = 0;
    for comment in &site.comments {
        let mut chain = vec![comment.id];
        let mut on_chain: HashSet<CommentId> = HashSet::from([comment.id]);
        let mut base = 0;
        let mut current = comment.parent;
        while let Some(parent) = current {
            if let Some(&known) = depth_of.get(&parent) {
                base = known;
                break;
            }
            if on_chain.contains(&parent) || !parents.contains_key(&parent) {
                break;
            }
            chain.push(parent);
            on_chain.insert(parent);
            current = parents.get(&parent).copied().flatten();
        }
        for (steps, id) in chain.iter().rev().enumerate() {
            depth_of.entry(*id).or_insert(base + steps + 1);
        }
        deepest = deepest.max(depth_of[&comment.id]);
    }
    deepest
}

/// `KEY[:asc|:desc]` or `-KEY` (descending).
// ENGINE(#8): replace with Order::from_str.
pub fn parse_order(text: &str) -> Result<(OrderKey, bool), String> {
    let (text, minus) = match text.strip_prefix('-') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    let (name, direction) = match text.split_once(':') {
        Some((name, direction)) => (name, Some(direction)),
        None => (text, None),
    };
    let key = match name {
        "published" | "date" => OrderKey::Published,
        "modified" => OrderKey::Modified,
        "title" => OrderKey::Title,
        "slug" => OrderKey::Slug,
        "comment_count" | "comments" => OrderKey::CommentCount,
        "relevance" => OrderKey::Relevance,
        "random" => OrderKey::Random { seed: 0 },
        other => {
            return Err(format!(
                "order {other:?}: expected published, modified, title, slug, comment_count, relevance or random, with -KEY or KEY:asc / KEY:desc"
            ));
        }
    };
    let descending = match (minus, direction) {
        (true, None) => true,
        (true, Some(_)) => {
            return Err(format!(
                "order {text:?}: use -KEY or KEY:DIRECTION, not both"
            ));
        }
        (false, Some("asc")) => false,
        (false, Some("desc")) => true,
        (false, None) => !matches!(
            key,
            OrderKey::Title | OrderKey::Slug | OrderKey::Random { .. }
        ),
        (false, Some(other)) => {
            return Err(format!(
                "order: direction {other:?} is neither asc nor desc"
            ));
        }
    };
    Ok((key, descending))
}

/// `anonymous`, `editor` or `author:<id or slug>`.
// ENGINE(#8): replace with Viewer::from_str (and the snapshot's author-slug resolution).
pub fn parse_viewer(text: &str, snapshot: &Snapshot) -> Result<Viewer, String> {
    match text {
        "anonymous" => Ok(Viewer::Anonymous),
        "editor" => Ok(Viewer::Editor),
        other => {
            let Some(author) = other.strip_prefix("author:") else {
                return Err(format!(
                    "viewer {other:?}: expected anonymous, editor or author:<id or slug>"
                ));
            };
            let id = author
                .parse::<u64>()
                .ok()
                .map(AuthorId)
                .filter(|id| snapshot.author(*id).is_some())
                .or_else(|| snapshot.author_by_slug(author).map(|a| a.id));
            id.map(|id| Viewer::Author { id })
                .ok_or_else(|| format!("viewer {other:?}: no author with that id or slug"))
        }
    }
}

/// A status name, with WordPress's synonyms.
// ENGINE(#8): replace with PostStatus::from_str (synonyms shared with filter strings).
pub fn parse_status(text: &str) -> PostStatus {
    match text {
        "publish" => PostStatus::Published,
        "future" => PostStatus::Scheduled,
        other => PostStatus::from(other),
    }
}

/// `year`, `month` or `day`.
// ENGINE(#8): replace with DateGranularity::from_str.
pub fn parse_granularity(text: &str) -> Result<DateGranularity, String> {
    match text {
        "year" => Ok(DateGranularity::Year),
        "month" => Ok(DateGranularity::Month),
        "day" => Ok(DateGranularity::Day),
        other => Err(format!("by={other:?}: expected year, month or day")),
    }
}

/// `name` or `count`.
// ENGINE(#8): replace with CloudOrder::from_str.
pub fn parse_cloud_order(text: &str) -> Result<CloudOrder, String> {
    match text {
        "name" => Ok(CloudOrder::Name),
        "count" => Ok(CloudOrder::Count),
        other => Err(format!("order={other:?}: expected name or count")),
    }
}

/// Month and day range checks.
// ENGINE(#8): remove: the query model returns QueryError for these.
pub fn check_date_parts(month: Option<u32>, day: Option<u32>) -> Result<(), String> {
    if let Some(month) = month.filter(|m| !(1..=12).contains(m)) {
        return Err(format!("month={month}: a month is 1 to 12"));
    }
    if let Some(day) = day.filter(|d| !(1..=31).contains(d)) {
        return Err(format!("day={day}: a day is 1 to 31"));
    }
    Ok(())
}

/// The post an id (`12`) or a slug names.
// ENGINE(#8): replace with Snapshot::find_post.
pub fn find_post(snapshot: &Snapshot, id_or_slug: &str) -> Option<PostId> {
    if let Ok(id) = id_or_slug.parse::<u64>()
        && snapshot.post(PostId(id)).is_some()
    {
        return Some(PostId(id));
    }
    snapshot
        .to_site()
        .posts
        .iter()
        .find(|post| post.slug.as_ref().is_some_and(|s| s.as_str() == id_or_slug))
        .map(|post| post.id)
}

/// Every post, in id order (full records).
// ENGINE(#8): replace with Snapshot::posts() (no copy of the site).
pub fn posts(snapshot: &Snapshot) -> Vec<broadsheet::Post> {
    snapshot.to_site().posts
}

/// What a page shows of a post beside its view: author slugs, tag and category slugs,
/// permalink, excerpt.
pub struct Summary {
    /// Author slugs, primary first.
    pub authors: Vec<String>,
    /// Tag slugs.
    pub tags: Vec<String>,
    /// Category slugs.
    pub categories: Vec<String>,
    /// The permalink under the site's structure.
    pub permalink: Option<String>,
    /// The excerpt (explicit or trimmed from the content) when the viewer may read the content.
    pub excerpt: String,
}

/// The summary of a post view.
// ENGINE(#8): replace with the core's PostView summary.
pub fn summary(snapshot: &Snapshot, site: &Site, post: &broadsheet::archive::PostView) -> Summary {
    use broadsheet::Taxonomy;
    use broadsheet::excerpt::{EXCERPT_WORDS, excerpt_of};
    let slugs = |taxonomy: &Taxonomy| {
        post.terms()
            .iter()
            .filter_map(|id| snapshot.term(*id))
            .filter(|term| &term.taxonomy == taxonomy)
            .map(|term| term.slug.to_string())
            .collect()
    };
    Summary {
        authors: post
            .authors()
            .iter()
            .filter_map(|id| snapshot.author(*id))
            .map(|author| author.slug.to_string())
            .collect(),
        tags: slugs(&Taxonomy::Tag),
        categories: slugs(&Taxonomy::Category),
        permalink: snapshot
            .post(post.id())
            .map(|full| broadsheet::permalink::permalink(site, full)),
        excerpt: post
            .content()
            .map(|content| excerpt_of(post.excerpt(), content, EXCERPT_WORDS))
            .unwrap_or_default(),
    }
}

/// Adds a media item (its id must be new).
// ENGINE(#8): replace with Editor::insert_media (reference checks included).
pub fn add_media(archive: &Archive, media: broadsheet::Media) -> Result<(), String> {
    let mut refused = None;
    let _ = archive.edit(|editor| {
        if editor.snapshot().media_item(media.id).is_some() {
            refused = Some(format!("media {} already exists", media.id.0));
        } else {
            editor.upsert_media(media);
        }
        Ok(())
    });
    refused.map_or(Ok(()), Err)
}

/// Replaces a media item (its id must exist).
// ENGINE(#8): replace with Editor::update_media.
pub fn update_media(archive: &Archive, media: broadsheet::Media) -> Result<(), String> {
    let mut refused = None;
    let _ = archive.edit(|editor| {
        if editor.snapshot().media_item(media.id).is_none() {
            refused = Some(format!("media {} does not exist", media.id.0));
        } else {
            editor.upsert_media(media);
        }
        Ok(())
    });
    refused.map_or(Ok(()), Err)
}

/// The build mode for `strict`.
pub fn mode(strict: bool) -> BuildMode {
    if strict {
        BuildMode::Strict
    } else {
        BuildMode::Lenient
    }
}
