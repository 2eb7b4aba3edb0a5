//! One module per command.

pub mod authors;
pub mod cloud;
pub mod convert;
pub mod dates;
pub mod feed;
pub mod listing;
pub mod query;
pub mod redirects;
pub mod render;
pub mod stats;
pub mod tables;
pub mod terms;
pub mod thread;
pub mod validate;

use crate::error::CliError;
use std::fmt::{self, Write as _};
use std::io::Write as _;

/// Text a command prints, built in memory and written at once with [`emit`].
#[derive(Debug, Default)]
pub struct Out(String);

impl Out {
    /// Adds a line.
    pub fn line(&mut self, text: impl fmt::Display) {
        // Writing to a String cannot fail.
        let _ = writeln!(self.0, "{text}");
    }
}

/// Writes to standard output. A reader that closes the pipe early (`| head`) ends the output
/// quietly instead of panicking; any other failure is an output error.
pub fn emit(bytes: impl AsRef<[u8]>) -> Result<(), CliError> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(bytes.as_ref())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => Err(CliError::Output(
            format!("cannot write to standard output: {error}"),
        )),
        _ => Ok(()),
    }
}

/// A line on standard error (warnings, reports, summaries). A closed or failing stderr
/// (`2>&1 | head -2`) is ignored: the message is lost, the command goes on, nothing panics.
pub fn note(text: impl fmt::Display) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "{text}");
}

/// Writes built text with [`emit`].
pub fn emit_out(out: Out) -> Result<(), CliError> {
    emit(out.0)
}

/// Writes a JSON value, pretty-printed, with [`emit`].
pub fn emit_json(value: &impl serde::Serialize) -> Result<(), CliError> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|error| CliError::Output(format!("cannot print JSON: {error}")))?;
    text.push('\n');
    emit(text)
}
