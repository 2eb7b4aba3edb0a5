//! Finding headless Chromium for the browser tests of this crate (`browser.rs`, `search.rs`).

use std::path::PathBuf;
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
