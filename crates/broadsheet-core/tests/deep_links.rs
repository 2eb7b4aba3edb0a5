//! Links that nest every ancestor (issue 15): a page hierarchy or a chain of attachments
//! 100,000 deep gets its link without recursion (an attachment chain once overflowed the
//! stack) and in time linear in its depth (N vs 4N, a ratio inside the test).

use broadsheet_core::permalink::permalink;
use broadsheet_core::{Post, PostId, PostKind, Site, Slug, Snapshot, Timestamp};
use std::time::Instant;

/// `n` posts of `kind`, each the child of the one before.
fn tower(n: u64, kind: PostKind) -> Snapshot {
    let mut site = Site::new("Deep");
    for id in 1..=n {
        let mut post = Post::new(
            PostId(id),
            format!("P{id}"),
            Slug::parse(&format!("p{id}")).unwrap(),
        );
        post.kind = kind.clone();
        post.published = Some(Timestamp::parse_rfc3339("2020-01-01T10:00:00Z").unwrap());
        if id > 1 {
            post.parent = Some(PostId(id - 1));
        }
        site.posts.push(post);
    }
    Snapshot::from_site(site)
}

fn expected(n: u64) -> String {
    let mut path: String = (1..=n).map(|id| format!("/p{id}")).collect();
    path.push('/');
    path
}

#[test]
fn deep_attachment_chains_and_page_hierarchies_get_their_links() {
    const N: u64 = 100_000;
    for kind in [PostKind::Attachment, PostKind::Page] {
        let snapshot = tower(N, kind.clone());
        let deepest = snapshot.post(PostId(N)).unwrap();
        assert_eq!(permalink(&snapshot, deepest), expected(N), "{kind:?}");
    }
}

#[test]
fn an_attachment_chain_costs_linear_time_in_its_depth() {
    const N: u64 = 20_000;
    let time = |n: u64| {
        let snapshot = tower(n, PostKind::Attachment);
        let deepest = snapshot.post(PostId(n)).unwrap();
        (0..3)
            .map(|_| {
                let start = Instant::now();
                assert_eq!(permalink(&snapshot, deepest).len(), expected(n).len());
                start.elapsed()
            })
            .min()
            .unwrap()
    };
    let small = time(N);
    let large = time(4 * N);
    let ratio = large.as_secs_f64() / small.as_secs_f64().max(1e-9);
    assert!(
        ratio < 9.0,
        "{small:?} at {N}, {large:?} at 4x: {ratio:.1}x"
    );
}

#[test]
fn a_loop_of_attachments_stops_where_it_closes() {
    let mut site = Site::new("Loop");
    for id in 1..=3 {
        let mut post = Post::new(PostId(id), "A", Slug::parse(&format!("a{id}")).unwrap());
        post.kind = PostKind::Attachment;
        post.parent = Some(PostId(id % 3 + 1));
        site.posts.push(post);
    }
    let snapshot = Snapshot::from_site(site);
    let link = permalink(&snapshot, snapshot.post(PostId(1)).unwrap());
    assert_eq!(link, "/a3/a2/a1/");
}
