//! `broadsheet feed`: RSS, Atom or JSON Feed of the posts a filter selects (public view).

use crate::error::CliError;
use crate::loaded;
use broadsheet::formats::feed::{FeedChannel, FeedContent, FeedFormat, query_items, render_feed};
use std::path::PathBuf;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    paths: &[PathBuf],
    filter: Option<&str>,
    format: FeedFormat,
    full: bool,
    number: u64,
    addresses: &crate::cli::AddressArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let query = loaded::query_with_filter(filter)?.page(1, number);
    let overrides = crate::input::address_overrides(addresses)?;
    let loaded = loaded::load_with(paths, quiet, &overrides)?;
    // A feed is read elsewhere: every link in it must be absolute.
    broadsheet::formats::feed::require_site_url(loaded.snapshot.as_ref()).map_err(|error| {
        CliError::Usage(format!(
            "{}: {error}; give one with --site-url https://example.org",
            crate::input::names(paths)
        ))
    })?;
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
