// The build script of broadsheet-core, broadsheet-formats and broadsheet-cli (each includes
// this file): one rule for the three crates whose tests read the conformance data.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(conformance_data)");
    println!("cargo::rerun-if-env-changed=BROADSHEET_CONFORMANCE_DATA");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=../broadsheet-core/conformance_cfg.rs");
    let dir = std::env::var_os("BROADSHEET_CONFORMANCE_DATA").map_or_else(|| {
            let manifest = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default();
            PathBuf::from(manifest).join("../../../shared/data")
        }, PathBuf::from);
    // Rerun when the directory appears or goes (a missing path always reruns).
    println!("cargo::rerun-if-changed={}", dir.display());
    if dir.is_dir() {
        println!("cargo::rustc-cfg=conformance_data");
    }
}
