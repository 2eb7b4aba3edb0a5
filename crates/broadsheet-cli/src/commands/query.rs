//! `broadsheet query`: one page of posts.

use crate::cli::{AddressArgs, OutputArgs, QueryArgs};
use crate::error::CliError;
use crate::loaded;
use broadsheet::{Page, PostSummary, Query, QueryParams};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    path: &Path,
    args: &QueryArgs,
    addresses: &AddressArgs,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let query = build_query(args)?;
    let overrides = crate::input::address_overrides(addresses)?;
    let loaded = loaded::load_with(path, quiet, &overrides)?;
    let viewer = loaded.snapshot.viewer(&args.viewer)?;
    let page = loaded.snapshot.query(&query, viewer)?;
    let summaries = loaded.snapshot.summaries(&page.posts);
    if output.json {
        super::emit_json(&PageJson::new(&page, &summaries))?;
    } else {
        super::emit_out(print_table(&page, &summaries))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The query the options describe (the library turns the parameters into a query; range
/// checks are the query model's: `--month 13` is a usage error when the query runs).
pub fn build_query(args: &QueryArgs) -> Result<Query, CliError> {
    let params = QueryParams {
        filter: args.filter.clone(),
        tags_all: args.tags.clone(),
        author: args.author.clone(),
        year: args.year,
        month: args.month,
        day: args.day,
        search: args.search.clone(),
        kind: args.kind.clone(),
        status: args.status.clone(),
        page: Some(args.page),
        per_page: Some(args.per_page),
        cursor: args.cursor.clone(),
        ..QueryParams::default()
    };
    let mut query = params.to_query()?;
    query.order = args.order;
    Ok(query)
}

/// A page as `query --json` prints it: the page's totals and each post's summary.
#[derive(Serialize)]
struct PageJson<'a> {
    total: u64,
    page: u64,
    per_page: u64,
    total_pages: u64,
    next_cursor: Option<&'a str>,
    posts: &'a [PostSummary],
}

impl<'a> PageJson<'a> {
    fn new(page: &'a Page, posts: &'a [PostSummary]) -> Self {
        Self {
            total: page.total,
            page: page.page,
            per_page: page.per_page,
            total_pages: page.total_pages,
            next_cursor: page.next_cursor.as_deref(),
            posts,
        }
    }
}

fn print_table(page: &Page, summaries: &[PostSummary]) -> super::Out {
    let mut out = super::Out::default();
    if summaries.is_empty() {
        out.line(format_args!("no posts"));
    }
    for post in summaries {
        let date = post
            .published
            .map(|time| time.local_date().to_string())
            .unwrap_or_else(|| "(no date)".into());
        out.line(format_args!(
            "{date}  {:>5}  {}  [{}] ({} comments)",
            post.id.0,
            post.title,
            post.author_names.join(", "),
            post.comment_count
        ));
    }
    out.line("");
    out.line(format_args!(
        "page {} of {}, {} posts in all",
        page.page, page.total_pages, page.total
    ));
    if let Some(cursor) = &page.next_cursor {
        out.line(format_args!("next: --cursor {cursor}"));
    }
    out
}
