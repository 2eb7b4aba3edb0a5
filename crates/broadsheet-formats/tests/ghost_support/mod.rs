//! Shared by the Ghost integration tests: finding the conformance data.

use std::path::PathBuf;

/// `BROADSHEET_CONFORMANCE_DATA`, or `../shared/data` from the workspace root. `None` (with a
/// printed reason) when absent, unless `CI=true`, where absence fails the test.
pub fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("BROADSHEET_CONFORMANCE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data"))
        });
    if dir.is_dir() {
        return Some(dir);
    }
    let reason = format!(
        "conformance data not found at {} (set BROADSHEET_CONFORMANCE_DATA)",
        dir.display()
    );
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{reason}");
    }
    eprintln!("skipping: {reason}");
    None
}

/// A file under `ghost/` in the conformance data.
pub fn ghost_file(name: &str) -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("ghost").join(name))
}
