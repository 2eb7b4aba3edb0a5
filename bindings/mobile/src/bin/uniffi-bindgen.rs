//! The UniFFI binding generator, built from this workspace so that its version always matches
//! the `uniffi` the library is built with (`cargo run -p broadsheet-mobile --features bindgen
//! --bin uniffi-bindgen -- generate --library <lib> --language kotlin --out-dir <dir>`).

fn main() {
    uniffi::uniffi_bindgen_main()
}
