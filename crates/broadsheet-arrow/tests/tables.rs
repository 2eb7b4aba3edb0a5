//! The tables of the example site, and a dataset written and read back.

use broadsheet_arrow::{Table, TableOptions, check_site_name, schema, table, write_dataset};
use broadsheet_core::Snapshot;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use std::path::Path;

fn example() -> Snapshot {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/data/wlp-kyrgyzstan.json");
    let site = broadsheet_formats::json::load(&path).expect("example data loads");
    Snapshot::from_site(site)
}

#[test]
fn row_counts_follow_the_site() {
    let snapshot = example();
    let site = snapshot.to_site();
    let rows = |t: Table| {
        table(&snapshot, t, &TableOptions::default())
            .unwrap()
            .num_rows()
    };
    assert_eq!(rows(Table::Posts), site.posts.len());
    assert_eq!(rows(Table::Authors), site.authors.len());
    assert_eq!(rows(Table::Terms), site.terms.len());
    assert_eq!(rows(Table::Comments), site.comments.len());
    assert_eq!(rows(Table::Media), site.media.len());
    assert_eq!(
        rows(Table::PostTerms),
        site.posts.iter().map(|p| p.terms.len()).sum::<usize>()
    );
    assert_eq!(
        rows(Table::PostAuthors),
        site.posts.iter().map(|p| p.authors.len()).sum::<usize>()
    );
}

#[test]
fn private_columns_only_when_asked() {
    let public = TableOptions::default();
    let private = TableOptions::default().with_private(true);
    for t in Table::ALL {
        let names: Vec<String> = schema(t, &public)
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        for secret in ["email", "author_email", "author_ip", "password", "login"] {
            assert!(!names.iter().any(|n| n == secret), "{t} has {secret}");
        }
    }
    assert!(
        schema(Table::Comments, &private)
            .field_with_name("author_ip")
            .is_ok()
    );
    let snapshot = example();
    let comments = table(&snapshot, Table::Comments, &private).unwrap();
    assert!(comments.column_by_name("author_email").is_some());
}

#[test]
fn table_names_parse_and_print() {
    for t in Table::ALL {
        assert_eq!(t.name().parse::<Table>().unwrap(), t);
    }
    let error = "post".parse::<Table>().unwrap_err();
    assert!(error.to_string().contains("posts, authors"));
}

#[test]
fn site_names_that_cannot_be_partitions_are_refused() {
    for bad in ["", ".", "..", "a/b", "a b", "é", "site=x"] {
        assert!(check_site_name(bad).is_err(), "{bad:?}");
    }
    for good in ["wlp", "blog.example.org", "site_2", "a-b"] {
        check_site_name(good).unwrap();
    }
}

#[test]
fn dataset_is_hive_partitioned_and_reads_back() {
    let snapshot = example();
    let dir = tempfile::tempdir().unwrap();
    let files = write_dataset(&snapshot, dir.path(), "wlp", &TableOptions::default()).unwrap();
    assert_eq!(files.len(), Table::ALL.len());
    let posts = dir.path().join("table=posts/site=wlp/part-0.parquet");
    assert!(files.contains(&posts));
    let reader = ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(&posts).unwrap())
        .unwrap()
        .build()
        .unwrap();
    let rows: usize = reader.map(|batch| batch.unwrap().num_rows()).sum();
    assert_eq!(rows, snapshot.post_count());
    // No temporary file is left behind.
    let leftovers: Vec<_> = walk(dir.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}
