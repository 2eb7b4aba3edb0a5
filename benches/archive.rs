//! Archive queries on a seeded, generated archive of one million posts: the tag page, the
//! total of a popular tag, the monthly archive and the tag cloud (anonymous viewer), plus other
//! queries: an editor's tag page, a tag page within a year (which must test each post of the
//! tag in that year for its total), and an edit (insert then delete a post).
//!
//! The archive is generated once per process: 1,000,000 published posts over 20 years,
//! 10,000 tags drawn from a Zipf distribution (exponent 1), 3 to 8 distinct tags per post,
//! 50 authors. Run with `cargo bench --bench archive`.

use broadsheet_core::archive::{Archive, DateGranularity, Snapshot};
use broadsheet_core::cloud::CloudOptions;
use broadsheet_core::query::Query;
use broadsheet_core::{
    Author, AuthorId, Post, PostId, Site, Slug, Taxonomy, Term, TermId, Timestamp, Viewer,
};
use chrono::{DateTime, Datelike, FixedOffset};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

const POSTS: u64 = 1_000_000;
const TAGS: u64 = 10_000;
const AUTHORS: u64 = 50;

/// SplitMix64: a small seeded generator, so the archive is the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Zipf over ranks 1..=n with exponent 1, by inverse CDF.
struct Zipf(Vec<f64>);

impl Zipf {
    fn new(n: u64) -> Self {
        let mut total = 0.0;
        let mut cdf = Vec::with_capacity(n as usize);
        for rank in 1..=n {
            total += 1.0 / rank as f64;
            cdf.push(total);
        }
        Zipf(cdf.into_iter().map(|c| c / total).collect())
    }

    fn sample(&self, rng: &mut Rng) -> u64 {
        let u = rng.unit();
        self.0.partition_point(|c| *c < u).min(self.0.len() - 1) as u64 + 1
    }
}

fn generate() -> Snapshot {
    let started = Instant::now();
    let mut rng = Rng(0xB0AD_5EE7);
    let zipf = Zipf::new(TAGS);
    let mut site = Site::new("Generated");
    let offset = FixedOffset::east_opt(6 * 3600).expect("valid offset");
    for id in 1..=AUTHORS {
        let slug = Slug::parse(&format!("author-{id}")).expect("valid slug");
        site.authors
            .push(Author::new(AuthorId(id), slug, format!("Author {id}")));
    }
    for id in 1..=TAGS {
        let slug = Slug::parse(&format!("tag-{id}")).expect("valid slug");
        site.terms.push(Term::new(
            TermId(id),
            Taxonomy::Tag,
            format!("Tag {id}"),
            slug,
        ));
    }
    let start = 1_104_537_600i64; // 2005-01-01
    let span = 20 * 365 * 86_400i64;
    for id in 1..=POSTS {
        let slug = Slug::parse(&format!("post-{id}")).expect("valid slug");
        let mut post = Post::new(PostId(id), format!("Post {id}"), slug);
        let secs = start + (rng.next() % span as u64) as i64;
        let utc = DateTime::from_timestamp(secs, 0).expect("in range");
        post.published = Some(Timestamp::new(utc.with_timezone(&offset)));
        post.authors.push(AuthorId(rng.next() % AUTHORS + 1));
        let wanted = 3 + (rng.next() % 6) as usize;
        while post.terms.len() < wanted {
            let tag = TermId(zipf.sample(&mut rng));
            if !post.terms.contains(&tag) {
                post.terms.push(tag);
            }
        }
        site.posts.push(post);
    }
    let generated = started.elapsed();
    let snapshot = Snapshot::from_site(site);
    assert_shape(&snapshot);
    eprintln!(
        "generated {POSTS} posts in {:.1?}, indexed in {:.1?}",
        generated,
        started.elapsed().checked_sub(generated).unwrap()
    );
    snapshot
}

/// The archive is what the module documentation says it is: a million published posts with
/// 3 to 8 distinct tags each and one author, 10,000 tags, 50 authors, dates within the 20
/// years. A bench over a different archive would measure something else.
fn assert_shape(snapshot: &Snapshot) {
    assert_eq!(snapshot.post_count() as u64, POSTS, "posts");
    use broadsheet_core::SiteData;
    assert_eq!(snapshot.authors().count() as u64, AUTHORS, "authors");
    assert_eq!(snapshot.terms().count() as u64, TAGS, "tags");
    let public = snapshot
        .count(&Query::new(), Viewer::Anonymous)
        .expect("query runs");
    assert_eq!(public, POSTS, "every post is public");
    for id in [1, POSTS / 2, POSTS] {
        let post = snapshot.post(PostId(id)).expect("every id is there");
        let mut tags = post.terms.clone();
        tags.sort_unstable();
        tags.dedup();
        assert_eq!(tags.len(), post.terms.len(), "post {id}: distinct tags");
        assert!((3..=8).contains(&tags.len()), "post {id}: 3 to 8 tags");
        assert_eq!(post.authors.len(), 1, "post {id}: one author");
        let year = post.published.expect("dated").local_date().year();
        assert!((2005..2025).contains(&year), "post {id}: year {year}");
    }
}

fn archive() -> &'static Snapshot {
    static ARCHIVE: OnceLock<Snapshot> = OnceLock::new();
    ARCHIVE.get_or_init(generate)
}

fn queries(c: &mut Criterion) {
    let snapshot = archive();
    let popular = Query::new().tag("tag-1").page(1, 10);
    let total = snapshot
        .count(&popular, Viewer::Anonymous)
        .expect("query runs");
    eprintln!("tag-1 has {total} public posts");
    let mid = snapshot
        .count(&Query::new().tag("tag-500"), Viewer::Anonymous)
        .expect("query runs");
    eprintln!("tag-500 has {mid} public posts");
    if let Some(post) = snapshot.post(PostId(1)) {
        let sizes: Vec<u64> = post
            .terms
            .iter()
            .map(|t| {
                snapshot
                    .count(
                        &Query::new().filter(broadsheet_core::query::Predicate::Terms {
                            taxonomy: Taxonomy::Tag,
                            terms: vec![broadsheet_core::query::TermRef::Id(*t)],
                            mode: broadsheet_core::query::Match::Any,
                            descendants: false,
                        }),
                        Viewer::Anonymous,
                    )
                    .unwrap_or(0)
            })
            .collect();
        eprintln!("post 1 has tags {:?} with {sizes:?} posts", post.terms);
    }
    let mut group = c.benchmark_group("archive_1m");
    group.sample_size(30);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(2));
    group.bench_function("tag_page", |b| {
        b.iter(|| snapshot.query(black_box(&popular), Viewer::Anonymous));
    });
    group.bench_function("tag_page_mid_tag", |b| {
        let query = Query::new().tag("tag-500").page(1, 10);
        b.iter(|| snapshot.query(black_box(&query), Viewer::Anonymous));
    });
    group.bench_function("popular_tag_total", |b| {
        b.iter(|| snapshot.count(black_box(&popular), Viewer::Anonymous));
    });
    group.bench_function("monthly_archive", |b| {
        b.iter(|| {
            snapshot.date_archive(
                DateGranularity::Month,
                black_box(&Query::new()),
                Viewer::Anonymous,
            )
        });
    });
    group.bench_function("tag_cloud", |b| {
        let options = CloudOptions::default();
        b.iter(|| {
            snapshot.tag_cloud(
                black_box(&Query::new()),
                &Taxonomy::Tag,
                &options,
                Viewer::Anonymous,
            )
        });
    });
    group.bench_function("tag_page_editor", |b| {
        b.iter(|| snapshot.query(black_box(&popular), Viewer::Editor));
    });
    group.bench_function("tag_page_in_year", |b| {
        let query = Query::new().tag("tag-1").year(2015).page(1, 10);
        b.iter(|| snapshot.query(black_box(&query), Viewer::Anonymous));
    });
    group.bench_function("related_posts", |b| {
        b.iter(|| snapshot.related(black_box(PostId(1)), &Query::new(), 5, Viewer::Anonymous));
    });
    group.bench_function("adjacent_in_same_tag", |b| {
        let tag = Taxonomy::Tag;
        b.iter(|| {
            snapshot.adjacent(
                black_box(PostId(1)),
                &Query::new(),
                Some(&tag),
                Viewer::Anonymous,
            )
        });
    });
    group.bench_function("insert_and_delete_post", |b| {
        // An edit copies no more than the paths to the lists the post is in.
        let archive = Archive::from_snapshot(snapshot.clone());
        let mut post = Post::new(
            PostId(POSTS + 1),
            "New",
            Slug::parse("new").expect("valid slug"),
        );
        post.published = snapshot.post(PostId(1)).and_then(|p| p.published);
        post.terms = vec![TermId(1), TermId(2), TermId(3), TermId(4), TermId(5)];
        post.authors = vec![AuthorId(1)];
        b.iter(|| {
            archive
                .edit(|e| e.insert_post(post.clone()))
                .expect("new id");
            archive.edit(|e| e.delete_post(post.id)).expect("inserted")
        });
    });
    group.finish();
}

criterion_group!(benches, queries);
criterion_main!(benches);
