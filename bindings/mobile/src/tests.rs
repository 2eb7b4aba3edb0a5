//! The crate's own tests: conversions and error mapping. The bindings as Kotlin sees them
//! are tested by the JUnit suite (`scripts/test-mobile`).

use crate::error::guard;
use crate::*;
use std::path::PathBuf;

fn example() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/data/wlp-kyrgyzstan.json")
        .display()
        .to_string()
}

fn open() -> std::sync::Arc<Archive> {
    Archive::open(
        example(),
        OpenOptions {
            format: None,
            strict: false,
            kinds: vec![],
            max_bytes: None,
            author_slugs_from_names: false,
        },
    )
    .unwrap()
}

#[test]
fn a_panic_becomes_an_internal_error() {
    let result: Result<()> = guard(|| panic!("boom {}", 42));
    assert_eq!(
        result,
        Err(BroadsheetError::Internal {
            reason: "boom 42".into()
        })
    );
    let result: Result<()> = guard(|| std::panic::panic_any(7u8));
    assert!(matches!(result, Err(BroadsheetError::Internal { .. })));
}

#[test]
fn filter_errors_keep_their_position() {
    let error = parse_filter("tags:[a,b".into()).unwrap_err();
    let BroadsheetError::Filter {
        position,
        column,
        found,
        ..
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!((position, column, found.as_str()), (9, 10, "end of input"));
}

#[test]
fn query_fields_mean_what_the_filter_string_means() {
    let archive = open();
    let fields = Query {
        category: Some("blog".into()),
        tags_any: vec!["osh".into(), "conflict".into()],
        exclude_tags: vec!["rwanda".into()],
        year: Some(2010),
        ..Query::default()
    };
    let string = Query {
        filter: Some("category:blog+tags:[osh,conflict]+-tag:rwanda+year:2010".into()),
        ..Query::default()
    };
    let by_fields = archive.query(fields).unwrap();
    assert!(by_fields.total > 0);
    assert_eq!(by_fields, archive.query(string).unwrap());
    let bad_order = Query {
        order: Some("sideways".into()),
        ..Query::default()
    };
    assert!(matches!(
        archive.query(bad_order),
        Err(BroadsheetError::UnknownName { ref what, .. }) if what == "order"
    ));
    // Names are checked against the archive, with the engine's suggestions.
    let unknown_tag = Query {
        tag: Some("Kyrgyzstan".into()),
        ..Query::default()
    };
    match archive.count(unknown_tag) {
        Err(BroadsheetError::UnknownName {
            what,
            found,
            suggestions,
            reason,
        }) => {
            assert_eq!((what.as_str(), found.as_str()), ("tag", "Kyrgyzstan"));
            assert_eq!(suggestions, ["kyrgyzstan"]);
            assert!(reason.contains("did you mean \"kyrgyzstan\""), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn timestamps_cross_and_come_back() {
    let time = timestamp_from_rfc3339("2013-05-30T21:30:00-04:00".into()).unwrap();
    assert_eq!((time.year, time.month, time.day), (2013, 5, 30));
    assert_eq!(time.local_date, "2013-05-30");
    let back = broadsheet::Timestamp::try_from(time.clone()).unwrap();
    assert_eq!(back.to_rfc3339(), time.rfc3339);
    assert!(matches!(
        timestamp_from_rfc3339("30 May 2013".into()),
        Err(BroadsheetError::InvalidValue { .. })
    ));
}

#[test]
fn records_round_trip_through_the_model() {
    let archive = open();
    let post = archive.post(12).unwrap().unwrap();
    let model = broadsheet::Post::try_from(post.clone()).unwrap();
    assert_eq!(Post::from(&model), post);
    let comment = archive.comment(1).unwrap().unwrap();
    let model = broadsheet::Comment::try_from(comment.clone()).unwrap();
    assert_eq!(Comment::from(&model), comment);
    let author = archive.author(2).unwrap().unwrap();
    assert_eq!(
        Author::from(&broadsheet::Author::try_from(author.clone()).unwrap()),
        author
    );
    let term = archive.term(16).unwrap().unwrap();
    assert_eq!(
        Term::from(&broadsheet::Term::try_from(term.clone()).unwrap()),
        term
    );
}

#[test]
fn edit_errors_name_the_entity_and_id() {
    let archive = open();
    let error = archive.delete_term(999).unwrap_err();
    assert_eq!(
        error,
        BroadsheetError::Edit {
            reason: "no term with id 999".into(),
            entity: "term".into(),
            id: 999,
            field: None,
            code: None,
        }
    );
    let mut post = archive.post(1).unwrap().unwrap();
    post.id = 500;
    post.slug = Some("a-copy".into());
    post.authors = vec![77];
    let BroadsheetError::Edit { field, code, .. } =
        archive.insert_post(post.clone(), false).unwrap_err()
    else {
        panic!("not an edit error")
    };
    assert_eq!(field.as_deref(), Some("authors"));
    assert!(code.is_some());
    let issues = archive.insert_post(post, true).unwrap();
    assert!(
        !issues.is_empty(),
        "a lenient edit reports the dangling author"
    );
    assert!(archive.post(500).unwrap().is_some());
}

#[cfg(feature = "store")]
#[test]
fn edits_of_an_opened_store_are_there_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.broadsheet").display().to_string();
    open().save(path.clone(), "store".into()).unwrap();
    let options = || OpenOptions {
        format: None,
        strict: false,
        kinds: vec![],
        max_bytes: None,
        author_slugs_from_names: false,
    };
    let archive = Archive::open(path.clone(), options()).unwrap();
    let mut post = archive.post(1).unwrap().unwrap();
    post.title = "Renamed offline".into();
    archive.update_post(post, false).unwrap();
    drop(archive);
    let again = Archive::open(path, options()).unwrap();
    assert_eq!(again.post(1).unwrap().unwrap().title, "Renamed offline");
}

#[test]
fn bytes_name_no_temporary_file() {
    let options = OpenOptions {
        format: None,
        strict: true,
        kinds: vec![],
        max_bytes: None,
        author_slugs_from_names: false,
    };
    let error = Archive::open_bytes(b"<?xml version=\"1.0\"?><rss><channel>".to_vec(), options)
        .unwrap_err();
    let text = error.to_string();
    assert!(!text.contains("/tmp"), "{text}");
    assert!(
        matches!(
            error,
            BroadsheetError::Syntax { .. } | BroadsheetError::UnknownFormat { .. }
        ),
        "{error:?}"
    );
}
