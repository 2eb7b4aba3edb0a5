//! `broadsheet feed`: RSS, Atom or JSON Feed of the posts a filter selects (public view).

use crate::error::CliError;
use crate::loaded;
use broadsheet::formats::feed::{FeedChannel, FeedContent, FeedFormat, query_items, render_feed};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    path: &Path,
    filter: Option<&str>,
    format: FeedFormat,
    full: bool,
    number: u64,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let query = loaded::query_with_filter(filter)?.page(1, number);
    let loaded = loaded::load(path, quiet)?;
    let query = loaded.snapshot.resolve_names(&query)?;
    let content = if full {
        FeedContent::Full
    } else {
        FeedContent::Excerpt
    };
    let items = query_items(&loaded.snapshot, &query, content)?;
    let channel = FeedChannel::for_site(loaded.snapshot.as_ref(), format).with_updated_from(&items);
    super::emit(render_feed(format, &channel, &items))?;
    Ok(ExitCode::SUCCESS)
}
