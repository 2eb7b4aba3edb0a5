//! `broadsheet feed`: RSS, Atom or JSON Feed of the posts a filter selects (public view).

use crate::archive;
use crate::cli::FeedFormatArg;
use crate::error::CliError;
use broadsheet::formats::feed::{FeedChannel, FeedContent, FeedFormat, query_items, render_feed};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    path: &Path,
    filter: Option<&str>,
    format: FeedFormatArg,
    full: bool,
    number: u64,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    if number == 0 {
        return Err(CliError::Usage("--number must be at least 1".into()));
    }
    let query = archive::query_with_filter(filter)?.page(1, number);
    let loaded = archive::load(path, quiet)?;
    let format = match format {
        FeedFormatArg::Rss => FeedFormat::Rss,
        FeedFormatArg::Atom => FeedFormat::Atom,
        FeedFormatArg::Json => FeedFormat::JsonFeed,
    };
    let content = if full {
        FeedContent::Full
    } else {
        FeedContent::Excerpt
    };
    let items = query_items(loaded.site(), &loaded.snapshot, &query, content)
        .map_err(archive::query_error)?;
    let channel = FeedChannel::for_site(loaded.site(), format).with_updated_from(&items);
    super::emit(render_feed(format, &channel, &items))?;
    Ok(ExitCode::SUCCESS)
}
