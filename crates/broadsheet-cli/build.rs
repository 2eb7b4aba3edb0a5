//! Sets the `conformance_data` cfg when the conformance data directory exists
//! (`$BROADSHEET_CONFORMANCE_DATA`, or `../shared/data` beside the workspace), so that the
//! tests that read it are reported as *ignored*, never as passed, when it is absent (they
//! carry `#[cfg_attr(not(conformance_data), ignore = "...")]`). Under `CI=true` its absence
//! is a failure: `testing::conformance_data` panics in the test that checks for it.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(conformance_data)");
    println!("cargo::rerun-if-env-changed=BROADSHEET_CONFORMANCE_DATA");
    println!("cargo::rerun-if-changed=build.rs");
    let dir = std::env::var_os("BROADSHEET_CONFORMANCE_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
            PathBuf::from(manifest).join("../../../shared/data")
        });
    // Rerun when the directory appears or goes (a missing path always reruns).
    println!("cargo::rerun-if-changed={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=conformance_data");
    }
}
