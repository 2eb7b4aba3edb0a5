//! `broadsheet query`: one page of posts.

use super::listing::{self, ListArgs, ListFormat, Listing, Row};
use crate::cli::{AddressArgs, QueryArgs};
use crate::error::CliError;
use crate::loaded;
use broadsheet::{Page, Query, QueryParams};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// The fields of a post row: the library's `PostSummary`, plus `date` (the local calendar date).
pub const FIELDS: &[&str] = &[
    "id",
    "date",
    "title",
    "slug",
    "published",
    "modified",
    "authors",
    "author_names",
    "tags",
    "tag_names",
    "categories",
    "category_names",
    "comment_count",
    "excerpt",
    "permalink",
    "reading_minutes",
    "password_protected",
    "sticky",
];

/// Runs the command.
pub fn run(
    paths: &[PathBuf],
    args: &QueryArgs,
    addresses: &AddressArgs,
    output: &ListArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    listing::check_fields(output, FIELDS)?;
    let query = build_query(args)?;
    let overrides = crate::input::address_overrides(addresses)?;
    let loaded = loaded::load_with(paths, quiet, &overrides)?;
    let viewer = loaded.snapshot.viewer(&args.viewer)?;
    let query = loaded.snapshot.resolve_names(&query)?;
    let page = loaded.snapshot.query(&query, viewer)?;
    let summaries = loaded.snapshot.summaries(&page.posts);
    let past_end = page.total > 0 && page.posts.is_empty() && page.page > page.total_pages;
    if page.total == 0
        && let Some(why) = query.hidden_from(viewer)
    {
        super::note(format_args!("broadsheet: no posts: {why}"));
    } else if past_end && output.format() != ListFormat::Table {
        super::note(format_args!("broadsheet: {}", past_the_end(&page)));
    }
    let rows = summaries
        .iter()
        .map(|post| {
            let date = post
                .published
                .map(|time| time.local_date().to_string())
                .unwrap_or_default();
            Row::of(post).with("date", date)
        })
        .collect();
    let listing = Listing {
        rows,
        fields: FIELDS,
        default_fields: &["id", "date", "title", "author_names", "comment_count"],
        id_field: Some("id"),
        noun: ("post", "posts"),
        count: Some(page.total),
        summary: Some(summary_line(&page, past_end)),
        text_fields: &["title", "author_names", "tag_names", "category_names"],
    };
    listing.emit(output, |fields| match fields {
        None => super::emit_json(&PageJson::new(&page, &summaries)),
        Some(posts) => super::emit_json(&PageJson::new(&page, &posts)),
    })?;
    Ok(ExitCode::SUCCESS)
}

fn past_the_end(page: &Page) -> String {
    format!(
        "page {} is past the end: {} in all, on {}",
        page.page,
        listing::count(page.total, ("post", "posts")),
        listing::count(page.total_pages, ("page", "pages"))
    )
}

/// The line under a table: where this page is, and how many posts match.
fn summary_line(page: &Page, past_end: bool) -> String {
    let all = listing::count(page.total, ("post", "posts"));
    let mut line = if page.total == 0 {
        "no posts".to_owned()
    } else if past_end {
        past_the_end(page)
    } else if page.page == 0 {
        // Reached with a cursor: the position is not a page number.
        format!(
            "{} after the cursor, {all} in all",
            listing::count(page.posts.len() as u64, ("post", "posts"))
        )
    } else {
        format!("page {} of {}, {all} in all", page.page, page.total_pages)
    };
    if let Some(cursor) = &page.next_cursor {
        line.push_str(&format!("\nnext: --cursor {cursor}"));
    }
    line
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

/// A page as `query --format json` prints it: the page's totals and each post (the library's
/// `PostSummary`, or the fields `--fields` names).
#[derive(Serialize)]
struct PageJson<'a, T> {
    total: u64,
    page: u64,
    per_page: u64,
    total_pages: u64,
    next_cursor: Option<&'a str>,
    posts: &'a [T],
}

impl<'a, T> PageJson<'a, T> {
    fn new(page: &'a Page, posts: &'a [T]) -> Self {
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
