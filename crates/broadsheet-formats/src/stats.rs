//! [`Stats`]: the owner's inventory of an archive — what `broadsheet stats --json` prints and
//! what the bindings return.

use crate::counts::ImportCounts;
use crate::import::SourceFormat;
use broadsheet_core::thread::max_comment_depth;
use broadsheet_core::{CommentStatus, Report, SiteData};
use serde::Serialize;
use std::collections::BTreeMap;

/// What a site holds, and how many problems its import and validation found.
///
/// Serialises as the JSON object of `broadsheet stats --json` (see `docs/cli.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// The format the site was read from (`wxr-1.2`, `broadsheet-json-1`...).
    pub format: String,
    /// Items by kind (`post`, `page`, `attachment`...), then by status.
    pub items: BTreeMap<String, BTreeMap<String, usize>>,
    /// Number of authors.
    pub authors: usize,
    /// Terms by taxonomy (`post_tag`, `category`...).
    pub terms: BTreeMap<String, usize>,
    /// Comments of every status.
    pub comments: CommentStats,
    /// Posts marked sticky (of any kind and status).
    pub sticky: usize,
    /// Warnings in the report given to [`Stats::compute`].
    pub warnings: usize,
    /// Errors in the report given to [`Stats::compute`].
    pub errors: usize,
}

/// The comment part of [`Stats`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentStats {
    /// Every comment, whatever its status.
    pub total: usize,
    /// Comments by status: every known status (`approved`, `pending`, `spam`, `trash`) is
    /// present, with 0 when none has it; other statuses a source used appear as they are.
    pub by_status: BTreeMap<String, usize>,
    /// The deepest reply chain (a comment without a parent has depth 1; 0 without comments).
    pub max_depth: usize,
}

impl Stats {
    /// Counts `site` (a `Site` or a `Snapshot`); `report` is what its import and validation
    /// found (see [`crate::Opened::report`]), `format` what it was read from.
    pub fn compute(site: &dyn SiteData, report: &Report, format: &SourceFormat) -> Self {
        let counts = ImportCounts::of(site);
        let mut by_status = counts.comments_by_status;
        for status in [
            CommentStatus::Approved,
            CommentStatus::Pending,
            CommentStatus::Spam,
            CommentStatus::Trash,
        ] {
            by_status.entry(status.as_str().to_owned()).or_insert(0);
        }
        Self {
            format: format.to_string(),
            items: counts.posts,
            authors: counts.authors,
            terms: counts.terms,
            comments: CommentStats {
                total: counts.comments,
                by_status,
                max_depth: max_comment_depth(site.comments()),
            },
            sticky: site.posts().filter(|post| post.sticky).count(),
            warnings: report.warnings().count(),
            errors: report.errors().count(),
        }
    }
}
