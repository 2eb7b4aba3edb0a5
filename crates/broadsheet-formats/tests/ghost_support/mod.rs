//! Shared by the Ghost integration tests: finding the conformance data.

use std::path::PathBuf;

/// The conformance data directory (see `broadsheet_core::testing::conformance_data`).
pub fn data_dir() -> Option<PathBuf> {
    broadsheet_core::testing::conformance_data()
}

/// A file under `ghost/` in the conformance data.
pub fn ghost_file(name: &str) -> Option<PathBuf> {
    data_dir().map(|dir| dir.join("ghost").join(name))
}
