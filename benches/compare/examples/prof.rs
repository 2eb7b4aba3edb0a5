//! Temporary profiling driver.
use broadsheet::cloud::CloudOptions;
use broadsheet::formats::ImportOptions;
use broadsheet::thread::ThreadOptions;
use broadsheet::{Query, SiteData, Taxonomy, Viewer};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args[2].as_str();
    let n: u32 = args[3].parse().unwrap();
    let t = Instant::now();
    let opened = broadsheet::formats::open_path(&args[1], ImportOptions::default()).unwrap();
    eprintln!("open {:?}", t.elapsed());
    let snap = opened.archive.snapshot();
    let thread_post = {
        let mut counts = std::collections::HashMap::new();
        for c in snap.comments() {
            *counts.entry(c.post).or_insert(0usize) += 1;
        }
        counts.into_iter().max_by_key(|(_, c)| *c).unwrap().0
    };
    let t = Instant::now();
    let mut sink = 0usize;
    for _ in 0..n {
        match what {
            "cloud" => {
                sink += snap
                    .tag_cloud(
                        &Query::new(),
                        &Taxonomy::Tag,
                        &CloudOptions::default(),
                        Viewer::Anonymous,
                    )
                    .unwrap()
                    .len()
            }
            "thread" => {
                sink += snap
                    .comment_thread(thread_post, &ThreadOptions::default().with_max_depth(None))
                    .total
            }
            "two" => {
                sink += snap
                    .query(
                        &Query::new().search("wyvern Quixote").page(1, 10),
                        Viewer::Anonymous,
                    )
                    .unwrap()
                    .total as usize
            }
            "phrase" => {
                sink += snap
                    .query(
                        &Query::new().search("\"quixote xylem\"").page(1, 10),
                        Viewer::Anonymous,
                    )
                    .unwrap()
                    .total as usize
            }
            "one" => {
                sink += snap
                    .query(
                        &Query::new().search("WYVERN").page(1, 10),
                        Viewer::Anonymous,
                    )
                    .unwrap()
                    .total as usize
            }
            _ => panic!(),
        }
    }
    eprintln!("{what}: {:?} per call ({sink})", t.elapsed() / n);
}
