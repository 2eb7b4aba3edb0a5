//! The seed page, rebuilt: prints page 1 of the "kyrgyzstan" tag archive of the example data as
//! the page shows it (title, "Posted on <local date> by <author>", tags, "Comments (N)"), then
//! the page's sidebar (the tag cloud and the monthly archive) and a comment thread, all answered
//! by the indexed archive for an anonymous reader; then shows how the defective copy, which
//! keeps the page's defects, renders and what validation says of it.
//!
//! Run with `cargo run --example tag_archive`. The data is described in `examples/data/README.md`.

use broadsheet::archive::DateGranularity;
use broadsheet::cloud::CloudOptions;
use broadsheet::formats::json;
use broadsheet::query::Query;
use broadsheet::thread::{CommentNode, ThreadOptions};
use broadsheet::{Archive, BuildMode, Site, Snapshot, Taxonomy, ValidationOptions, Viewer};
use std::error::Error;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn main() -> Result<(), Box<dyn Error>> {
    let site = json::load(format!("{DATA}/wlp-kyrgyzstan.json"))?;
    print!("{}", tag_archive(&site, "kyrgyzstan", 10));

    let (archive, _report) = Archive::build(site, BuildMode::Strict, &Default::default())?;
    let snapshot = archive.snapshot();
    print!("{}", sidebar(&snapshot)?);
    print!("{}", first_thread(&snapshot)?);

    let defective_file = format!("{DATA}/wlp-kyrgyzstan-defective.json");
    let defective = json::load(&defective_file)?;
    println!("----------------------------------------------------------------");
    println!("The defective copy renders as the page did (first two posts):");
    println!();
    print!("{}", tag_archive(&defective, "kyrgyzstan", 2));
    println!("----------------------------------------------------------------");
    println!("Validation report of wlp-kyrgyzstan-defective.json:");
    println!();
    let report = broadsheet::validate(&defective, &ValidationOptions::default());
    print!("{report}");
    println!();
    Ok(())
}

/// Page 1 of the archive of the tag with this slug: what an anonymous reader sees, newest first,
/// `per_page` posts, answered by the indexed archive.
fn tag_archive(site: &Site, slug: &str, per_page: u64) -> String {
    // Lenient: the defective copy is kept as it is, and `main` prints its report.
    let archive = match Archive::build(site.clone(), BuildMode::Lenient, &Default::default()) {
        Ok((archive, _report)) => archive,
        Err(refused) => return format!("{refused}\n"),
    };
    let snapshot = archive.snapshot();
    let Some(tag) = snapshot.term_by_slug(&Taxonomy::Tag, slug) else {
        return format!("No tag {slug:?} on this site.\n");
    };
    let query = Query::new().tag(slug).page(1, per_page);
    let page = match snapshot.query(&query, Viewer::Anonymous) {
        Ok(page) => page,
        Err(error) => return format!("{error}\n"),
    };

    let mut out = format!("Tag Archive | {:?}\n\n", tag.name);
    for post in &page.posts {
        out.push_str(post.title());
        out.push('\n');
        let date = post
            .published()
            .map(|time| time.local_date().format("%d %B %Y").to_string())
            .unwrap_or_default();
        let authors: Vec<&str> = post
            .authors()
            .iter()
            .filter_map(|id| snapshot.author(*id))
            .map(|author| author.display_name.as_str())
            .collect();
        out.push_str(format!("Posted on {date} by {}", authors.join(", ")).trim_end());
        out.push('\n');
        let tags: Vec<&str> = post
            .terms()
            .iter()
            .filter_map(|id| snapshot.term(*id))
            .filter(|term| term.taxonomy == Taxonomy::Tag)
            .map(|term| term.name.as_str())
            .collect();
        out.push_str(format!("Tags: {}", tags.join(", ")).trim_end());
        out.push('\n');
        out.push_str(&format!("Comments ({})\n\n", post.comment_count()));
    }
    out.push_str(&format!(
        "Page {} of {} ({} posts)\n\n",
        page.page, page.total_pages, page.total
    ));
    out
}

/// The page's sidebar: the tag cloud (WordPress's sizes) and the monthly archive.
fn sidebar(snapshot: &Snapshot) -> Result<String, Box<dyn Error>> {
    let posts = Query::new();
    let mut out = String::from("Tag Cloud\n");
    let cloud = snapshot.tag_cloud(
        &posts,
        &Taxonomy::Tag,
        &CloudOptions::default().with_number(12),
        Viewer::Anonymous,
    )?;
    for entry in &cloud {
        out.push_str(&format!(
            "  {} ({}, {:.1}pt)\n",
            entry.term.name(),
            entry.count,
            entry.size
        ));
    }
    out.push_str("\nArchives\n");
    for month in snapshot.date_archive(DateGranularity::Month, &posts, Viewer::Anonymous)? {
        let name = chrono::NaiveDate::from_ymd_opt(month.year, month.month.unwrap_or(1), 1)
            .map(|date| date.format("%B %Y").to_string())
            .unwrap_or_default();
        out.push_str(&format!("  {name} ({})\n", month.count));
    }
    out.push('\n');
    Ok(out)
}

/// The comment thread of the newest post that has comments.
fn first_thread(snapshot: &Snapshot) -> Result<String, Box<dyn Error>> {
    let commented = Query::new()
        .with_filter_string("comment_count:>0")?
        .page(1, 1);
    let page = snapshot.query(&commented, Viewer::Anonymous)?;
    let Some(post) = page.posts.first() else {
        return Ok("No comments yet.\n\n".into());
    };
    let thread = snapshot.comment_thread(post.id(), &ThreadOptions::default());
    let mut out = format!("Comments on {:?} ({})\n", post.title(), thread.total);
    let mut stack: Vec<&CommentNode> = thread.nodes.iter().rev().collect();
    while let Some(node) = stack.pop() {
        let date = node
            .comment
            .date()
            .map(|time| time.local_date().format("%d %B %Y").to_string())
            .unwrap_or_default();
        let indent = "  ".repeat(node.depth + 1);
        out.push_str(&format!(
            "{indent}{} on {date}: {}\n",
            node.comment.author_name(),
            broadsheet::text::strip_html(node.comment.content())
        ));
        stack.extend(node.replies.iter().rev());
    }
    out.push('\n');
    Ok(out)
}
