//! `broadsheet query`: one page of posts.

use crate::archive::{self, Loaded};
use crate::cli::{OutputArgs, QueryArgs};
use crate::error::CliError;
use broadsheet::excerpt::{EXCERPT_WORDS, excerpt_of};
use broadsheet::permalink::permalink;
use broadsheet::query::OrderKey;
use broadsheet::{Page, PostKind, PostStatus, Query, Taxonomy, archive::PostView};
use serde_json::{Value, json};
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
    let loaded = archive::load(path, quiet)?;
    let page = loaded
        .snapshot
        .query(&query, archive::viewer(args.viewer))
        .map_err(archive::query_error)?;
    if output.json {
        super::emit_json(&page_json(&loaded, &page))?;
    } else {
        super::emit_out(print_table(&loaded, &page))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The query the options describe.
pub fn build_query(args: &QueryArgs) -> Result<Query, CliError> {
    let mut query = archive::query_with_filter(args.filter.as_deref())?;
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
        if !(1..=12).contains(&month) {
            return Err(CliError::Usage(format!(
                "--month {month}: a month is 1 to 12"
            )));
        }
        query = query.month(month);
    }
    if let Some(day) = args.day {
        if !(1..=31).contains(&day) {
            return Err(CliError::Usage(format!("--day {day}: a day is 1 to 31")));
        }
        query = query.day(day);
    }
    if let Some(search) = &args.search {
        query = query.search(search);
    }
    if let Some(kind) = &args.kind {
        query = query.kinds([PostKind::from(kind.as_str())]);
    }
    if let Some(status) = &args.status {
        let status = match status.as_str() {
            "publish" => PostStatus::Published,
            "future" => PostStatus::Scheduled,
            other => PostStatus::from(other),
        };
        query = query.statuses([status]);
    }
    let (key, descending) = parse_order(&args.order)?;
    query = query.order(key, descending);
    if args.per_page == 0 {
        return Err(CliError::Usage("--per-page must be at least 1".into()));
    }
    Ok(match &args.cursor {
        Some(cursor) => query.after_cursor(Some(cursor.clone()), args.per_page),
        None => query.page(args.page.max(1), args.per_page),
    })
}

/// `KEY[:asc|:desc]`.
fn parse_order(text: &str) -> Result<(OrderKey, bool), CliError> {
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
            return Err(CliError::Usage(format!(
                "--order {other:?}: expected published, modified, title, slug, comment_count, relevance or random, optionally with :asc or :desc"
            )));
        }
    };
    let descending = match direction {
        Some("asc") => false,
        Some("desc") => true,
        None => !matches!(
            key,
            OrderKey::Title | OrderKey::Slug | OrderKey::Random { .. }
        ),
        Some(other) => {
            return Err(CliError::Usage(format!(
                "--order: direction {other:?} is neither asc nor desc"
            )));
        }
    };
    Ok((key, descending))
}

/// The slugs of a post's terms of one taxonomy.
fn term_slugs(loaded: &Loaded, post: &PostView, taxonomy: &Taxonomy) -> Vec<String> {
    post.terms()
        .iter()
        .filter_map(|id| loaded.snapshot.term(*id))
        .filter(|term| &term.taxonomy == taxonomy)
        .map(|term| term.slug.to_string())
        .collect()
}

/// One post as the JSON output shows it.
pub fn post_json(loaded: &Loaded, post: &PostView) -> Value {
    let authors: Vec<String> = post
        .authors()
        .iter()
        .filter_map(|id| loaded.snapshot.author(*id))
        .map(|author| author.slug.to_string())
        .collect();
    let excerpt = post
        .content()
        .map(|content| excerpt_of(post.excerpt(), content, EXCERPT_WORDS))
        .unwrap_or_default();
    let link = loaded
        .snapshot
        .post(post.id())
        .map(|full| permalink(loaded.site(), full));
    json!({
        "id": post.id().0,
        "slug": post.slug(),
        "title": post.title(),
        "published": post.published().map(|time| time.to_rfc3339()),
        "authors": authors,
        "tags": term_slugs(loaded, post, &Taxonomy::Tag),
        "categories": term_slugs(loaded, post, &Taxonomy::Category),
        "comment_count": post.comment_count(),
        "excerpt": excerpt,
        "permalink": link,
    })
}

fn page_json(loaded: &Loaded, page: &Page) -> Value {
    json!({
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "total_pages": page.total_pages,
        "next_cursor": page.next_cursor,
        "posts": page.posts.iter().map(|post| post_json(loaded, post)).collect::<Vec<_>>(),
    })
}

fn print_table(loaded: &Loaded, page: &Page) -> super::Out {
    let mut out = super::Out::default();
    if page.posts.is_empty() {
        out.line(format_args!("no posts"));
    }
    for post in &page.posts {
        let date = post
            .published()
            .map(|time| time.local_date().to_string())
            .unwrap_or_else(|| "(no date)".into());
        let authors: Vec<&str> = post
            .authors()
            .iter()
            .filter_map(|id| loaded.snapshot.author(*id))
            .map(|author| author.display_name.as_str())
            .collect();
        out.line(format_args!(
            "{date}  {:>5}  {}  [{}] ({} comments)",
            post.id().0,
            post.title(),
            authors.join(", "),
            post.comment_count()
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
