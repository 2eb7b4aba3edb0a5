//! Fuzz target `text`: see `fuzz/entry.rs` for what it runs and asserts.
#![no_main]

#[path = "../entry.rs"]
mod entry;

libfuzzer_sys::fuzz_target!(|data: &[u8]| entry::text(data));
