//! `broadsheet stats`: the owner's inventory.

use crate::cli::OutputArgs;
use crate::error::CliError;
use crate::input;
use broadsheet::formats::ImportCounts;
use broadsheet::{BuildMode, CommentId, CommentStatus, Site, ValidationOptions, validate};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(path: &Path, output: OutputArgs, quiet: bool) -> Result<ExitCode, CliError> {
    let imported = input::load(path, BuildMode::Lenient, quiet)?;
    let mut report = imported.report.clone();
    report.extend(validate(&imported.site, &ValidationOptions::default()));
    let stats = Stats::of(&imported.site);
    let value = json!({
        "format": imported.format.to_string(),
        "items": stats.items,
        "authors": imported.site.authors.len(),
        "terms": stats.terms,
        "comments": {
            "total": imported.site.comments.len(),
            "by_status": stats.comments_by_status,
            "max_depth": stats.max_depth,
        },
        "sticky": stats.sticky,
        "warnings": report.warnings().count(),
        "errors": report.errors().count(),
    });
    if output.json {
        super::emit_json(&value)?;
    } else {
        super::emit_out(print_table(&value))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Counts over a site: the library's [`ImportCounts`], plus what only `stats` shows.
struct Stats {
    items: BTreeMap<String, BTreeMap<String, usize>>,
    terms: BTreeMap<String, usize>,
    comments_by_status: Map<String, Value>,
    max_depth: usize,
    sticky: usize,
}

impl Stats {
    fn of(site: &Site) -> Self {
        let counts = ImportCounts::of(site);
        // Every status is listed, those that do not occur with 0.
        let mut comments_by_status = Map::new();
        for status in [
            CommentStatus::Approved,
            CommentStatus::Pending,
            CommentStatus::Spam,
            CommentStatus::Trash,
        ] {
            let count = counts
                .comments_by_status
                .get(status.as_str())
                .copied()
                .unwrap_or(0);
            comments_by_status.insert(status.as_str().to_owned(), count.into());
        }
        Self {
            items: counts.posts,
            terms: counts.terms,
            comments_by_status,
            max_depth: max_comment_depth(site),
            sticky: site.posts.iter().filter(|p| p.sticky).count(),
        }
    }
}

/// The depth of the deepest comment thread (a comment without a parent has depth 1). A parent
/// that is missing counts as the top; a cycle is cut where it closes.
pub fn max_comment_depth(site: &Site) -> usize {
    let parents: HashMap<CommentId, Option<CommentId>> =
        site.comments.iter().map(|c| (c.id, c.parent)).collect();
    let mut depth_of: HashMap<CommentId, usize> = HashMap::new();
    let mut deepest = 0;
    for comment in &site.comments {
        // Walk up until a known depth, the top, or a comment seen on this walk (a cycle).
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

fn print_table(value: &Value) -> super::Out {
    let mut out = super::Out::default();
    out.line(format_args!(
        "format    {}",
        value["format"].as_str().unwrap_or("")
    ));
    out.line(format_args!("items"));
    if let Some(kinds) = value["items"].as_object() {
        for (kind, statuses) in kinds {
            let parts: Vec<String> = statuses
                .as_object()
                .into_iter()
                .flatten()
                .map(|(status, n)| format!("{status} {n}"))
                .collect();
            out.line(format_args!("  {kind:<20} {}", parts.join(", ")));
        }
    }
    out.line(format_args!("authors   {}", value["authors"]));
    out.line(format_args!("terms"));
    if let Some(taxonomies) = value["terms"].as_object() {
        for (taxonomy, n) in taxonomies {
            out.line(format_args!("  {taxonomy:<20} {n}"));
        }
    }
    let comments = &value["comments"];
    let by_status: Vec<String> = comments["by_status"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, n)| format!("{status} {n}"))
        .collect();
    out.line(format_args!(
        "comments  {} ({}), deepest thread {}",
        comments["total"],
        by_status.join(", "),
        comments["max_depth"]
    ));
    out.line(format_args!("sticky    {}", value["sticky"]));
    out.line(format_args!("warnings  {}", value["warnings"]));
    out.line(format_args!("errors    {}", value["errors"]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet::{Comment, PostId};

    fn comment(id: u64, parent: Option<u64>) -> Comment {
        let mut c = Comment::new(CommentId(id), PostId(1), "a", "b");
        c.parent = parent.map(CommentId);
        c
    }

    #[test]
    fn depth_counts_levels_and_survives_cycles() {
        let mut site = Site::new("t");
        assert_eq!(max_comment_depth(&site), 0);
        site.comments = vec![comment(3, Some(2)), comment(1, None), comment(2, Some(1))];
        assert_eq!(max_comment_depth(&site), 3);
        site.comments.push(comment(8, Some(9)));
        site.comments.push(comment(9, Some(8)));
        site.comments.push(comment(10, Some(77)));
        assert_eq!(max_comment_depth(&site), 3);
    }

    #[test]
    fn depth_of_a_long_reply_chain() {
        let mut site = Site::new("t");
        site.comments = (1..=50_000)
            .map(|id| comment(id, (id > 1).then(|| id - 1)))
            .collect();
        // Newest first, so that every walk starts at the bottom of the chain.
        site.comments.reverse();
        assert_eq!(max_comment_depth(&site), 50_000);
    }
}
