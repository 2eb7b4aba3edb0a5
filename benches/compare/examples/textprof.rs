//! Temporary text-preparation timing driver.
use broadsheet::formats::ImportOptions;
use broadsheet::text::{SearchDocument, fold, strip_html};
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let site = broadsheet::formats::load(&path, ImportOptions::default())
        .unwrap()
        .site;
    let contents: Vec<&str> = site
        .posts
        .iter()
        .take(3000)
        .map(|p| p.content.as_str())
        .collect();
    let bytes: usize = contents.iter().map(|c| c.len()).sum();
    let ascii = contents.iter().filter(|c| c.is_ascii()).count();
    eprintln!("{} posts, {} bytes, {} ascii", contents.len(), bytes, ascii);
    let plains: Vec<String> = contents.iter().map(|c| strip_html(c)).collect();
    let rounds: usize = std::env::args().nth(2).map_or(3, |r| r.parse().unwrap());
    for round in 0..rounds {
        let t = Instant::now();
        let mut n = 0;
        for c in &contents {
            n += strip_html(c).len();
        }
        let strip = t.elapsed();
        let t = Instant::now();
        for p in &plains {
            n += fold(p).len();
        }
        let folded = t.elapsed();
        let t = Instant::now();
        for c in &contents {
            n += std::hint::black_box(SearchDocument::new("", "", c)).eq(&SearchDocument::default())
                as usize;
        }
        let doc = t.elapsed();
        let per = |d: std::time::Duration| d.as_nanos() as f64 / contents.len() as f64 / 1000.0;
        eprintln!(
            "round {round}: strip {:.1} µs/post, fold {:.1}, document {:.1} ({n})",
            per(strip),
            per(folded),
            per(doc)
        );
    }
}
