//! Progress while opening: byte counts while native JSON and JSON Lines are read (as WXR and
//! Ghost report them while they parse), and the phases after the bytes (`parsing`,
//! `validating`, `indexing`), so a front end never looks frozen.

use broadsheet_core::{Author, AuthorId, Post, PostId, Site, Slug};
use broadsheet_formats::{
    Format, ImportError, ImportOptions, ImportPhase, load, load_reader, open_path, save,
};
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex};

/// A site whose native JSON is a little over 1 MiB.
fn big_site() -> Site {
    let mut site = Site::new("Big");
    site.authors
        .push(Author::new(AuthorId(1), Slug::parse("a").unwrap(), "A"));
    for id in 1..=2_000 {
        let mut post = Post::new(
            PostId(id),
            format!("Post {id}"),
            Slug::parse(&format!("post-{id}")).unwrap(),
        );
        post.authors.push(AuthorId(1));
        post.content = format!("<p>{}</p>", "words of a post ".repeat(32));
        site.posts.push(post);
    }
    site
}

type Calls = Arc<Mutex<Vec<(u64, Option<u64>)>>>;

fn recording(calls: &Calls) -> ImportOptions<'static> {
    let calls = Arc::clone(calls);
    ImportOptions::default().with_progress(Some(Box::new(move |done, total| {
        calls.lock().unwrap().push((done, total));
        ControlFlow::Continue(())
    })))
}

#[test]
fn native_json_and_json_lines_report_bytes_as_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    for format in [Format::Json, Format::JsonLines] {
        let path = dir.path().join(format!("big.{}", format.name()));
        save(&big_site(), &path, format).unwrap();
        let size = std::fs::metadata(&path).unwrap().len();
        assert!(size > 1 << 20, "{size}");
        let calls: Calls = Arc::default();
        load(&path, recording(&calls)).unwrap();
        let calls = calls.lock().unwrap().clone();
        // One report per 256 KiB read at least (then the start and the end of parsing).
        let reading: Vec<u64> = calls
            .iter()
            .map(|(done, total)| {
                assert_eq!(*total, Some(size), "{format:?}");
                *done
            })
            .collect();
        assert!(
            reading.len() as u64 >= size / (256 * 1024),
            "{format:?}: {calls:?}"
        );
        let first_full = reading.iter().position(|done| *done == size).unwrap();
        assert!(
            first_full >= 4,
            "several reports before the end: {reading:?}"
        );
        assert!(
            reading[..=first_full].windows(2).all(|w| w[0] < w[1]),
            "{reading:?}"
        );
    }
}

#[test]
fn a_reader_of_unknown_size_reports_bytes_and_can_be_cancelled() {
    let bytes = broadsheet_formats::to_bytes(&big_site(), Format::Json).unwrap();
    let calls: Calls = Arc::default();
    load_reader(bytes.as_slice(), recording(&calls)).unwrap();
    let calls = calls.lock().unwrap().clone();
    let unknown: Vec<u64> = calls
        .iter()
        .filter(|(_, total)| total.is_none())
        .map(|(done, _)| *done)
        .collect();
    assert!(unknown.len() >= 4, "{calls:?}");
    assert_eq!(*unknown.last().unwrap(), bytes.len() as u64);

    let mut seen = 0;
    let options = ImportOptions::default().with_progress(Some(Box::new(move |_, _| {
        seen += 1;
        if seen == 2 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })));
    assert!(matches!(
        load_reader(bytes.as_slice(), options),
        Err(ImportError::Cancelled { .. })
    ));
}

#[test]
fn opening_names_its_phases_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let example = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/data/wlp-kyrgyzstan.json"
    );
    let wxr = dir.path().join("site.xml");
    let site = load(example, ImportOptions::default()).unwrap().site;
    save(&site, &wxr, Format::Wxr).unwrap();
    for (path, expected) in [
        (
            std::path::PathBuf::from(example),
            vec![
                ImportPhase::Parsing,
                ImportPhase::Validating,
                ImportPhase::Indexing,
            ],
        ),
        // WXR parses while it reads, under byte progress.
        (wxr, vec![ImportPhase::Validating, ImportPhase::Indexing]),
    ] {
        let phases: Arc<Mutex<Vec<ImportPhase>>> = Arc::default();
        let seen = Arc::clone(&phases);
        let options = ImportOptions::default().with_phase(Some(Arc::new(move |phase| {
            seen.lock().unwrap().push(phase);
        })));
        open_path(&path, options).unwrap();
        assert_eq!(*phases.lock().unwrap(), expected, "{}", path.display());
    }
    let names: Vec<&str> = [
        ImportPhase::Parsing,
        ImportPhase::Validating,
        ImportPhase::Indexing,
    ]
    .map(ImportPhase::name)
    .to_vec();
    assert_eq!(names, ["parsing", "validating", "indexing"]);
}
