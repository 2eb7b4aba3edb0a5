//! The cost of a query through the bindings' Rust layer (the query record converted, the page
//! converted to records) against the same engine call. The JVM side (JNA and the generated
//! Kotlin on top of this) is measured by `QueryBenchmark.kt` (see docs/benchmarks.md).

use broadsheet::formats::{ImportOptions, load};
use broadsheet::query::Pagination as EnginePagination;
use broadsheet::{
    BuildMode, Query as EngineQuery, Snapshot, ValidationOptions, Viewer as EngineViewer,
};
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
    let imported = load(example(), ImportOptions::default()).unwrap();
    let (engine, _) = broadsheet::Archive::build(
        imported.site,
        BuildMode::Lenient,
        &ValidationOptions::default(),
    )
    .unwrap();
    let snapshot: std::sync::Arc<Snapshot> = engine.snapshot();
    let mut engine_query = EngineQuery::new().tag("kyrgyzstan");
    engine_query.pagination = EnginePagination::Page {
        page: 1,
        per_page: 10,
    };
    c.bench_function("engine_tag_page_10", |b| {
        b.iter(|| {
            black_box(
                snapshot
                    .query(black_box(&engine_query), EngineViewer::Anonymous)
                    .unwrap(),
            )
        })
    });

    let archive = Archive::open(
        example(),
        OpenOptions {
            format: None,
            strict: false,
            kinds: vec![],
            max_bytes: None,
        },
    )
    .unwrap();
    let query = Query {
        tags: vec!["kyrgyzstan".into()],
        pagination: Some(Pagination::Page {
            page: 1,
            per_page: 10,
        }),
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
