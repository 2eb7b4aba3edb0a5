//! The fuzz targets' stable replay: every committed seed (`fuzz/seeds/TARGET/`), every crash
//! input the fuzzer found (`tests/fuzz-regressions/TARGET/`), the XSS payloads and the
//! conformance data run through the same entry points the cargo-fuzz targets call
//! (`fuzz/entry.rs`). CI runs this; `scripts/fuzz` runs the long, nightly-only searches.

#[path = "../fuzz/entry.rs"]
mod entry;

use std::fs;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of a directory (none when it does not exist), sorted for a stable order.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Runs `target` over each input, returning one line per input that panicked.
fn replay(name: &str, target: fn(&[u8]), inputs: &[(String, Vec<u8>)]) -> Vec<String> {
    let mut failures = Vec::new();
    for (label, bytes) in inputs {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| target(bytes))) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| {
                    panic
                        .downcast_ref::<&str>()
                        .map(std::string::ToString::to_string)
                })
                .unwrap_or_default();
            failures.push(format!("{name} on {label}: {message}"));
        }
    }
    failures
}

fn read_all(files: &[PathBuf]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|path| {
            let bytes =
                fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            (path.display().to_string(), bytes)
        })
        .collect()
}

#[test]
fn every_target_has_a_cargo_fuzz_binary_and_back() {
    let declared = fs::read_to_string(root().join("fuzz/Cargo.toml")).unwrap();
    let mut binaries: Vec<String> = files_in(&root().join("fuzz/fuzz_targets"))
        .iter()
        .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    binaries.sort();
    let mut names: Vec<String> = entry::TARGETS
        .iter()
        .map(|(name, _)| name.to_string())
        .collect();
    names.sort();
    assert_eq!(
        binaries, names,
        "fuzz/fuzz_targets/ and entry::TARGETS differ"
    );
    for name in &names {
        assert!(
            declared.contains(&format!("path = \"fuzz_targets/{name}.rs\"")),
            "fuzz/Cargo.toml declares no [[bin]] for {name}"
        );
    }
}

#[test]
fn seeds_and_crash_inputs_replay_cleanly() {
    let mut failures = Vec::new();
    let mut replayed = 0;
    for (name, target) in entry::TARGETS {
        let mut files = files_in(&root().join("fuzz/seeds").join(name));
        files.extend(files_in(&root().join("tests/fuzz-regressions").join(name)));
        replayed += files.len();
        failures.extend(replay(name, *target, &read_all(&files)));
    }
    // The directories hold something: a replay of nothing would pass whatever the code does.
    assert!(
        replayed >= 20,
        "only {replayed} seed and regression files found"
    );
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn xss_payloads_replay_through_the_sanitiser_and_the_text_code() {
    let text = fs::read_to_string(root().join("tests/xss/payloads.txt")).unwrap();
    let inputs: Vec<(String, Vec<u8>)> = text
        .lines()
        .enumerate()
        .map(|(n, line)| (format!("payloads.txt:{}", n + 1), line.as_bytes().to_vec()))
        .collect();
    assert!(inputs.len() >= 100);
    let mut failures = replay("sanitise", entry::sanitise, &inputs);
    failures.extend(replay("text", entry::text, &inputs));
    failures.extend(replay("slugify", entry::slugify_target, &inputs));
    failures.extend(replay("filter", entry::filter, &inputs));
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_active_markup_check_finds_what_it_must() {
    // The sanitiser target's check is only worth something if it rejects live markup.
    for live in [
        "<script>x</script>",
        "<p onclick=\"x()\">a</p>",
        "<a href=\"javascript:x()\">a</a>",
        "<img src='data:image/svg+xml,x'>",
        "<svg></svg>",
        "<a title=x href=' java\tscript:x()'>a</a>",
        "<img src=\"\u{1} jav\ras\ncript:x()\">",
        "<img src=data:image/png,x>",
        "<form><button formaction=javascript:x()>b</button></form>",
        "<a title=\"t\"href=\"javascript:x()\">a</a>",
    ] {
        assert!(entry::active_markup(live).is_some(), "{live} passed");
    }
    for safe in [
        "<p>onclick=x</p>",
        "<a href=\"https://a.example/\">javascript: a talk</a>",
        "&lt;script&gt;",
        // Found by the sanitise target: a handler's name inside a quoted value is text.
        "<a href=\"j src=x onerror=alert(1)\" rel=\"noopener noreferrer\">click</a>",
        // Found by the sanitise target: a scheme inside a value that starts otherwise (a
        // relative URL) is text.
        "<a href=\"j='data:avascript:alert(1)\" rel=\"noopener noreferrer\">x</a>",
        // Found by the sanitise target: a control character other than a tab or newline
        // inside the scheme makes it no scheme (a relative URL).
        "<img src=\"jav\ras\u{1}\u{1b}cript:alert('XSS');\">",
        // Found by the sanitise target: a title is text, not a URL.
        "<a href=\"%1$s\" title=\"javascript:&quot;Subscribe\" rel=\"noopener\">x</a>",
    ] {
        assert_eq!(entry::active_markup(safe), None, "{safe}");
    }
}

#[test]
fn conformance_files_replay_through_their_readers() {
    let data = std::env::var_os("BROADSHEET_CONFORMANCE_DATA")
        .map_or_else(|| root().join("../shared/data"), PathBuf::from);
    if !data.is_dir() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "conformance data missing at {}",
            data.display()
        );
        eprintln!("skipped: no conformance data at {}", data.display());
        return;
    }
    let mut wxr_files = Vec::new();
    let mut stack = vec![data.join("wxr")];
    while let Some(dir) = stack.pop() {
        for path in fs::read_dir(&dir)
            .map(|r| {
                r.filter_map(|e| e.ok().map(|e| e.path()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
        {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "xml") {
                wxr_files.push(path);
            }
        }
    }
    wxr_files.sort();
    let ghost_files = files_in(&data.join("ghost"));
    assert!(!wxr_files.is_empty() && !ghost_files.is_empty());
    let mut failures = replay("wxr", entry::wxr, &read_all(&wxr_files));
    failures.extend(replay("ghost", entry::ghost, &read_all(&ghost_files)));
    let examples = files_in(&root().join("examples/data"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect::<Vec<_>>();
    failures.extend(replay("json", entry::json, &read_all(&examples)));
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
