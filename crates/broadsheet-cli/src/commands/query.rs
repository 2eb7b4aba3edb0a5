//! `broadsheet query`: one page of posts.

use crate::cli::{OutputArgs, QueryArgs};
use crate::error::CliError;
use crate::loaded;
use broadsheet::{Page, PostKind, PostStatus, PostSummary, Query};
use serde::Serialize;
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    path: &Path,
    args: &QueryArgs,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let query = build_query(args)?;
    let loaded = loaded::load(path, quiet)?;
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

/// The query the options describe (range checks are the query model's: `--month 13` is a
/// usage error when the query runs).
pub fn build_query(args: &QueryArgs) -> Result<Query, CliError> {
    let mut query = loaded::query_with_filter(args.filter.as_deref())?;
    for tag in &args.tags {
        query = query.tag(tag);
    }
    if let Some(author) = &args.author {
        query = query.authors(&[author]);
    }
    if let Some(year) = args.year {
        query = query.year(year);
    }
    if let Some(month) = args.month {
        query = query.month(month);
    }
    if let Some(day) = args.day {
        query = query.day(day);
    }
    if let Some(search) = &args.search {
        query = query.search(search);
    }
    if let Some(kind) = &args.kind {
        query = query.kinds([PostKind::from(kind.as_str())]);
    }
    if let Some(status) = &args.status {
        query = query.statuses([PostStatus::from_user(status)]);
    }
    query.order = args.order;
    Ok(match &args.cursor {
        Some(cursor) => query.after_cursor(Some(cursor.clone()), args.per_page),
        None => query.page(args.page, args.per_page),
    })
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
