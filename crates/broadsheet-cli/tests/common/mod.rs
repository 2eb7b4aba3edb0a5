//! Running the real `broadsheet` binary and reading what it prints.

#![allow(dead_code)]

use serde_json::Value;
use std::ffi::OsStr;
use std::path::PathBuf;

/// What one run of the binary gave.
#[derive(Debug)]
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output, as text.
    pub stdout: String,
    /// Standard error, as text.
    pub stderr: String,
}

impl Run {
    /// Standard output parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| {
            panic!(
                "stdout is not JSON ({error}):\n{}\nstderr:\n{}",
                self.stdout, self.stderr
            )
        })
    }

    /// Asserts the exit code, showing the output when it differs.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code {} instead of {code}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }

    /// Asserts that standard error contains `needle`, showing all of it when it does not.
    #[track_caller]
    pub fn expect_stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "{needle:?} not in stderr:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts that standard output contains `needle`, showing all of it when it does not.
    #[track_caller]
    pub fn expect_stdout_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "{needle:?} not in stdout:\n{}",
            self.stdout
        );
        self
    }
}

/// Runs `broadsheet ARGS...`; never a panic on stderr, always an exit code.
pub fn broadsheet<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = assert_cmd::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(args)
        .output()
        .expect("the binary runs");
    let run = Run {
        code: output.status.code().expect("exited, not killed"),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "the binary panicked:\n{}",
        run.stderr
    );
    run
}

/// `broadsheet ARGS... --json`, expecting exit 0, parsed.
pub fn json<I, S>(args: I) -> Value
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut all: Vec<std::ffi::OsString> =
        args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    all.push("--json".into());
    broadsheet(all).expect_code(0).json()
}

/// A file of the conformance data (`None`, with a reason printed, when the data is absent).
pub fn conformance(relative: &str) -> Option<PathBuf> {
    let path = broadsheet_core::testing::conformance_data()?.join(relative);
    assert!(path.is_file(), "{} is missing", path.display());
    Some(path)
}

/// The `broadsheet` binary as an `assert_cmd` command, for tests that check what it does with
/// `assert()` and predicates ([`broadsheet`] runs it and collects a [`Run`] instead).
pub fn command() -> assert_cmd::Command {
    assert_cmd::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
}

/// The good example file ([`wlp`]) as text, for argument lists.
pub const WLP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/data/wlp-kyrgyzstan.json"
);

/// A file of the example data.
pub fn example(name: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/data")).join(name)
}

/// The good example file.
pub fn wlp() -> PathBuf {
    PathBuf::from(WLP)
}

/// The `site` object of a native JSON file, read directly (not through the binary).
pub fn native_site(path: &std::path::Path) -> Value {
    let text = std::fs::read_to_string(path).expect("example data reads");
    let mut value: Value = serde_json::from_str(&text).expect("example data is JSON");
    value["site"].take()
}

/// An array field as a slice.
pub fn array<'a>(value: &'a Value, what: &str) -> &'a Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("{what} is not an array: {value}"))
}

/// A non-negative integer field.
pub fn int(value: &Value, what: &str) -> u64 {
    value
        .as_u64()
        .unwrap_or_else(|| panic!("{what} is not a count: {value}"))
}
