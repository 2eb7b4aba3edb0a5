//! Temporary memory breakdown driver.
use broadsheet::formats::ImportOptions;
fn rss() -> u64 {
    let s = std::fs::read_to_string("/proc/self/statm").unwrap();
    s.split_whitespace().nth(1).unwrap().parse::<u64>().unwrap() * 4096 / 1_000_000
}
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let what = std::env::args().nth(2).unwrap();
    eprintln!("start {} MB", rss());
    if what == "load" {
        let site = broadsheet::formats::load(&path, ImportOptions::default())
            .unwrap()
            .site;
        eprintln!("site loaded {} MB ({} posts)", rss(), site.posts.len());
        let content: usize = site.posts.iter().map(|p| p.content.capacity()).sum();
        let meta: usize = site.posts.iter().map(|p| p.meta.0.len()).sum();
        eprintln!(
            "content {} MB, meta entries {meta}, comments {}",
            content / 1_000_000,
            site.comments.len()
        );
        let snap = broadsheet::Snapshot::from_site(site);
        eprintln!("snapshot (text index from text) {} MB", rss());
        drop(snap);
    } else {
        let opened = broadsheet::formats::open_path(&path, ImportOptions::default()).unwrap();
        eprintln!("opened {} MB", rss());
        drop(opened);
    }
}
