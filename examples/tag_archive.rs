//! The seed page, rebuilt: prints the "kyrgyzstan" tag archive of the example data as the page
//! shows it (title, "Posted on <local date> by <author>", tags, "Comments (N)"), then shows how
//! the defective copy, which keeps the page's defects, renders and what validation says of it.
//!
//! Run with `cargo run --example tag_archive`. The data is described in `examples/data/README.md`.

use broadsheet::formats::json;
use broadsheet::{Post, Site, Taxonomy, ValidationOptions};
use std::error::Error;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data");

fn main() -> Result<(), Box<dyn Error>> {
    let site = json::load(format!("{DATA}/wlp-kyrgyzstan.json"))?;
    print!("{}", tag_archive(&site, "kyrgyzstan", usize::MAX));

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

/// The archive of the tag with this slug: published posts, newest first, at most `limit`.
fn tag_archive(site: &Site, slug: &str, limit: usize) -> String {
    let Some(tag) = site.term_by_slug(&Taxonomy::Tag, slug) else {
        return format!("No tag {slug:?} on this site.\n");
    };
    let mut posts: Vec<&Post> = site
        .posts
        .iter()
        .filter(|post| post.kind == broadsheet::PostKind::Post)
        .filter(|post| post.status == broadsheet::PostStatus::Published)
        .filter(|post| post.terms.contains(&tag.id))
        .collect();
    // Newest first; equal dates by id, so the order is the same on every run.
    posts.sort_by(|a, b| b.published.cmp(&a.published).then(a.id.cmp(&b.id)));

    let mut out = format!("Tag Archive | {:?}\n\n", tag.name);
    for post in posts.into_iter().take(limit) {
        out.push_str(&post.title);
        out.push('\n');
        let date = post
            .published
            .map(|time| time.local_date().format("%d %B %Y").to_string())
            .unwrap_or_default();
        let authors: Vec<&str> = post
            .authors
            .iter()
            .filter_map(|id| site.author(*id))
            .map(|author| author.display_name.as_str())
            .collect();
        out.push_str(format!("Posted on {date} by {}", authors.join(", ")).trim_end());
        out.push('\n');
        let tags: Vec<&str> = post
            .terms
            .iter()
            .filter_map(|id| site.term(*id))
            .filter(|term| term.taxonomy == Taxonomy::Tag)
            .map(|term| term.name.as_str())
            .collect();
        out.push_str(format!("Tags: {}", tags.join(", ")).trim_end());
        out.push('\n');
        out.push_str(&format!(
            "Comments ({})\n\n",
            site.approved_comment_count(post.id)
        ));
    }
    out
}
