//! Adopting a source's links (what every WXR import does: inferring the permalink structure
//! and keeping the links it does not reproduce) grows linearly with the site: 8x the pages
//! cost about 8x, not 64x. Each page's link depends on its parent's slug, so every link looks
//! a post up by id; a lookup that scans the site's list makes the whole quadratic. Measured
//! as a ratio of the best of five alternating runs inside this one test (never a wall-clock
//! threshold), with a bound that a quadratic step cannot meet.

use broadsheet_core::permalink::{OWN_LINK_KEY, PermalinkStructure};
use broadsheet_core::testing::assert_linear_growth;
use broadsheet_core::{Post, PostId, PostKind, PostStatus, Site, Slug, Timestamp, Url};
use std::time::{Duration, Instant};

/// A site of `n` published pages under one parent page (listed last, so that a scan of the
/// list for it is as long as can be), and each page's link as WordPress gives it
/// (`/parent/child/`); every tenth link is one no structure can give.
fn site(n: u64) -> (Site, Vec<(PostId, String)>) {
    let mut site = Site::new("Pages");
    site.settings.url = Some(Url::parse("https://example.org").unwrap());
    let published = Timestamp::parse_rfc3339("2020-01-01T10:00:00Z").unwrap();
    let mut links = Vec::new();
    for id in 1..=n {
        let slug = format!("page-{id}");
        let mut page = Post::new(PostId(id), slug.clone(), Slug::parse(&slug).unwrap());
        page.kind = PostKind::Page;
        page.status = PostStatus::Published;
        page.published = Some(published);
        let link = if id == n {
            format!("https://example.org/{slug}/")
        } else if id % 10 == 0 {
            format!("https://example.org/elsewhere/{slug}.html")
        } else {
            page.parent = Some(PostId(n));
            format!("https://example.org/page-{n}/{slug}/")
        };
        links.push((PostId(id), link));
        site.posts.push(page);
    }
    (site, links)
}

/// One timed `adopt_links` on a site of `n` pages (building the site is not timed).
fn timed(n: u64) -> Duration {
    let (mut site, links) = site(n);
    let start = Instant::now();
    let structure = site.adopt_links(&links);
    let elapsed = start.elapsed();
    assert!(structure.is_some());
    // Every tenth page but the parent keeps its own link; the others are the structure's.
    let own = site
        .posts
        .iter()
        .filter(|post| post.meta.get(OWN_LINK_KEY).is_some())
        .count() as u64;
    assert_eq!(own, (n - 1) / 10);
    elapsed
}

#[test]
fn adopting_links_costs_linear_time() {
    // Both sizes below the 2,000 links inference scores, so that its share grows with them.
    // Linear work gives about 8; quadratic about 64. 20 leaves room for a noisy machine.
    assert_linear_growth("adopting pages' links", 250, 8, 20.0, timed);
}

#[test]
fn the_adopted_structure_gives_every_page_its_source_link() {
    let (mut site, links) = site(50);
    let structure = site.adopt_links(&links).unwrap();
    assert_eq!(structure, PermalinkStructure::of(&site));
    for (id, link) in &links {
        let post = site.post(*id).unwrap();
        assert_eq!(&broadsheet_core::permalink::permalink(&site, post), link);
    }
}
