//! The cost of a tag page through the bindings' Rust layer (the query record turned into the
//! engine's query, the page turned into records) against the same Rust calls. The JVM side
//! (JNA and the generated Kotlin on top of this) is measured by `QueryBenchmark.kt`; the figures
//! are in docs/benchmarks.md.

use broadsheet::formats::{ImportOptions, open_path};
use broadsheet::{Query as EngineQuery, Viewer as EngineViewer};
use broadsheet_mobile::{Archive, OpenOptions, Query};
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

fn example() -> String {
    format!(
        "{}/../../examples/data/wlp-kyrgyzstan.json",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn tag_page(c: &mut Criterion) {
    let opened = open_path(example(), ImportOptions::default()).unwrap();
    let snapshot = opened.archive.snapshot();
    let engine_query = EngineQuery::new().tag("kyrgyzstan").page(1, 10);
    c.bench_function("rust_tag_page_10", |b| {
        b.iter(|| {
            black_box(
                snapshot
                    .query(black_box(&engine_query), EngineViewer::Anonymous)
                    .unwrap(),
            )
        })
    });
    c.bench_function("rust_tag_page_10_with_summaries", |b| {
        b.iter(|| {
            let page = snapshot
                .query(black_box(&engine_query), EngineViewer::Anonymous)
                .unwrap();
            black_box(snapshot.summaries(&page.posts))
        })
    });

    let options = OpenOptions {
        format: None,
        strict: false,
        kinds: vec![],
        max_bytes: None,
        author_slugs_from_names: false,
    };
    let archive = Archive::open(example(), options).unwrap();
    let query = Query {
        tag: Some("kyrgyzstan".into()),
        per_page: Some(10),
        ..Query::default()
    };
    c.bench_function("bindings_tag_page_10", |b| {
        b.iter(|| black_box(archive.query(black_box(query.clone())).unwrap()))
    });
    c.bench_function("bindings_count", |b| {
        b.iter(|| black_box(archive.count(black_box(query.clone())).unwrap()))
    });
}

criterion_group!(benches, tag_page);
criterion_main!(benches);
