//! Headless Chromium for the browser tests: this crate's `browser.rs` and `search.rs`, and the
//! command's `tests/xss.rs` (which includes this file by `#[path]`).
// Each test file uses a part of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Chromium binary: `$CHROMIUM`, else the first of `chromium`, `chromium-browser` and
/// `google-chrome` on the `PATH`; `None` when there is none.
pub fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| {
            let found = Command::new("which").arg(name).output().ok()?;
            found
                .status
                .success()
                .then(|| PathBuf::from(String::from_utf8_lossy(&found.stdout).trim()))
        })
}

/// [`chromium`] for a test that needs it. Without one the test is skipped with a message,
/// except in CI (`CI=true`), where a missing browser fails the test unless
/// `BROADSHEET_SKIP_BROWSER=1` says it was left out on purpose (`.ci/run` sets it when the
/// machine cannot install Chromium).
pub fn chromium_for_test() -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        let reason = "no Chromium found (set CHROMIUM, or apt-get install -y chromium)";
        if std::env::var("CI").as_deref() == Ok("true")
            && std::env::var("BROADSHEET_SKIP_BROWSER").as_deref() != Ok("1")
        {
            panic!("{reason}");
        }
        eprintln!("skipping: {reason}");
    }
    found
}

/// The DOM of a page (a path or a `file://` URL with a query) after its scripts ran for three
/// seconds of virtual time, as headless Chromium prints it.
pub fn dump_dom(browser: &Path, page: impl AsRef<OsStr>) -> String {
    let output = Command::new(browser)
        .args([
            "--headless",
            "--disable-gpu",
            "--no-sandbox",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(page)
        .output()
        .expect("chromium runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}
