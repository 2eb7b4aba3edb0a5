//! The seed page, rebuilt: prints the "kyrgyzstan" tag archive of the example data as the page
//! shows it (title, "Posted on <local date> by <author>", tags, "Comments (N)"), answered by the
//! indexed archive for an anonymous reader, then shows how the defective copy, which keeps the
//! page's defects, renders and what validation says of it.
//!
//! Run with `cargo run --example tag_archive`. The data is described in `examples/data/README.md`.

use broadsheet::formats::json;
use broadsheet::query::Query;
use broadsheet::{Archive, BuildMode, Site, Taxonomy, ValidationOptions, Viewer};
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

/// The archive of the tag with this slug: what an anonymous reader sees, newest first, at most
/// `limit` posts, answered by the indexed archive.
fn tag_archive(site: &Site, slug: &str, limit: usize) -> String {
    // Lenient: the defective copy is kept as it is, and `main` prints its report.
    let archive = match Archive::build(site.clone(), BuildMode::Lenient, &Default::default()) {
        Ok((archive, _report)) => archive,
        Err(refused) => return format!("{refused}\n"),
    };
    let snapshot = archive.snapshot();
    let Some(tag) = snapshot.term_by_slug(&Taxonomy::Tag, slug) else {
        return format!("No tag {slug:?} on this site.\n");
    };
    let query = Query::new().tag(slug).offset(0, limit as u64);
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
    out
}
