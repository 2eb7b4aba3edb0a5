//! `render --mode`: every file the command writes gets the permissions asked for, and a bad
//! mode is a usage error that writes nothing.

use common::{WLP, command};
mod common;
#[path = "../../broadsheet-render/tests/support/files.rs"]
mod support_files;
use support_files::files;

#[cfg(unix)]
#[test]
fn mode_sets_the_permissions_of_every_file_rendered() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a temporary directory");
    for (mode, expected) in [("600", 0o600), ("0o640", 0o640)] {
        let out = dir.path().join(format!("site-{expected:o}"));
        command()
            .args(["render", WLP, "--quiet", "--mode", mode, "--out"])
            .arg(&out)
            .assert()
            .success();
        let written = files(&out);
        assert!(written.len() > 20, "only {} files", written.len());
        for file in written {
            let bits = std::fs::metadata(&file)
                .expect("metadata")
                .permissions()
                .mode()
                & 0o7777;
            assert_eq!(bits, expected, "{}", file.display());
        }
    }
    // Rendering again over an existing site gives the replaced files the new mode too.
    let out = dir.path().join("site-600");
    command()
        .args(["render", WLP, "--quiet", "--mode", "644", "--out"])
        .arg(&out)
        .assert()
        .success();
    let home = std::fs::metadata(out.join("index.html")).expect("metadata");
    assert_eq!(home.permissions().mode() & 0o7777, 0o644);
}

#[test]
fn a_bad_mode_is_a_usage_error_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let out = dir.path().join("site");
    for bad in ["999", "17777", "rw-r--r--"] {
        command()
            .args(["render", WLP, "--quiet", "--mode", bad, "--out"])
            .arg(&out)
            .assert()
            .code(2)
            .stderr(predicates::str::contains("--mode"));
        assert!(!out.exists(), "{bad}");
    }
}

#[test]
fn the_library_refuses_a_mode_above_7777() {
    let snapshot = broadsheet::Snapshot::from_site(broadsheet::Site::new("Empty"));
    let mut options = broadsheet_render::RenderOptions::default();
    options.mode = Some(0o17777);
    let error = broadsheet_render::Renderer::new(&snapshot, &options)
        .err()
        .expect("refused");
    assert!(error.is_usage());
    assert!(error.to_string().contains("17777"), "{error}");
}
