//! What the archive commands share: loading a file into a snapshot, viewers and filters.

use crate::cli::ViewerArg;
use crate::error::CliError;
use crate::input;
use broadsheet::formats::Imported;
use broadsheet::query::Filter;
use broadsheet::{BuildMode, Post, Query, Site, Snapshot, Viewer, parse_filter};
use std::path::Path;

/// A loaded file and the indexed snapshot built from it.
pub struct Loaded {
    /// The import (site, report, format).
    pub imported: Imported,
    /// The archive's snapshot of the site.
    pub snapshot: Snapshot,
}

impl Loaded {
    /// The site.
    pub fn site(&self) -> &Site {
        &self.imported.site
    }

    /// The post named by an id (`12`) or a slug (`day-of-action`).
    pub fn find_post(&self, id_or_slug: &str) -> Option<&Post> {
        let site = self.site();
        id_or_slug
            .parse::<u64>()
            .ok()
            .and_then(|id| site.post(broadsheet::PostId(id)))
            .or_else(|| {
                site.posts
                    .iter()
                    .find(|post| post.slug.as_ref().is_some_and(|s| s.as_str() == id_or_slug))
            })
    }
}

/// Loads a file leniently (what it holds is shown as it is) and indexes it.
pub fn load(path: &Path, quiet: bool) -> Result<Loaded, CliError> {
    let imported = input::load(path, BuildMode::Lenient, quiet)?;
    let snapshot = Snapshot::from_site(imported.site.clone());
    Ok(Loaded { imported, snapshot })
}

/// The viewer an option names.
pub fn viewer(arg: ViewerArg) -> Viewer {
    match arg {
        ViewerArg::Anonymous => Viewer::Anonymous,
        ViewerArg::Editor => Viewer::Editor,
    }
}

/// Parses a filter string; a syntax error is a usage error that shows where it is.
pub fn filter(text: &str) -> Result<Filter, CliError> {
    parse_filter(text).map_err(|error| CliError::Usage(format!("--filter: {}", error.render(text))))
}

/// `Query::new()` with an optional filter string.
pub fn query_with_filter(text: Option<&str>) -> Result<Query, CliError> {
    Ok(match text {
        Some(text) => Query::new().filter_expr(filter(text)?),
        None => Query::new(),
    })
}

/// A query error (a cursor from another query, an unknown relative unit) is a usage error.
pub fn query_error(error: broadsheet::QueryError) -> CliError {
    CliError::Usage(error.to_string())
}

/// A month's name in English: "May 2013" (`2013-05` if there is no such
/// month).
pub fn month_name(year: i32, month: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, 1)
        .map(|date| date.format("%B %Y").to_string())
        .unwrap_or_else(|| format!("{year:04}-{month:02}"))
}
