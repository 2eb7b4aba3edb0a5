//! The durable store through the binary: `convert` writes a `.broadsheet` file, and every read
//! command opens it and answers what it answers for the JSON it came from.

mod common;

use common::{broadsheet, json, wlp};

#[test]
fn convert_writes_a_store_that_every_read_command_opens() {
    let dir = tempfile::tempdir().unwrap();
    let store = dir.path().join("site.broadsheet");
    broadsheet([
        std::ffi::OsStr::new("convert"),
        wlp().as_os_str(),
        store.as_os_str(),
    ])
    .expect_code(0);
    assert_eq!(
        &std::fs::read(&store).unwrap()[..16],
        b"SQLite format 3\0",
        "convert wrote a SQLite file"
    );
    for args in [
        vec!["query", "--tag", "kyrgyzstan"],
        vec!["authors"],
        vec!["terms", "--taxonomy", "post_tag"],
        vec!["dates"],
        vec!["cloud"],
    ] {
        let mut from_json = vec![args[0].to_owned(), wlp().display().to_string()];
        let mut from_store = vec![args[0].to_owned(), store.display().to_string()];
        from_json.extend(args[1..].iter().map(std::string::ToString::to_string));
        from_store.extend(args[1..].iter().map(std::string::ToString::to_string));
        assert_eq!(json(&from_store), json(&from_json), "{args:?}");
    }
    let validated = broadsheet(["validate", store.to_str().unwrap()]);
    validated.expect_code(0);
    let stats = json(["stats", store.to_str().unwrap()]);
    assert_eq!(stats["format"], "broadsheet-store-1", "{stats}");
}

#[test]
fn a_file_that_is_not_a_store_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.broadsheet");
    std::fs::write(&other, b"SQLite format 3\0 but nothing else").unwrap();
    let run = broadsheet(["query", other.to_str().unwrap()]);
    run.expect_code(3);
    run.expect_stderr_contains("other.broadsheet");
}
