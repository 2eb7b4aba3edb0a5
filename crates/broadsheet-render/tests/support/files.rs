//! Every file under a directory, for the tests that check what a render wrote (this crate's
//! `split_posts_and_days.rs` and the command's `tests/render_mode.rs`, by `#[path]`).

use std::path::{Path, PathBuf};

/// Every file below `dir`, at any depth, in no particular order.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found
}
