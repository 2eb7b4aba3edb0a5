//! Errors and exit codes: 0 success, 1 validation errors found, 2 usage error, 3 input
//! unreadable or not a supported format.

use std::fmt;
use std::process::ExitCode;

/// A failure the command reports on stderr.
#[derive(Debug)]
pub enum CliError {
    /// The arguments make no sense together (exit 2).
    Usage(String),
    /// The input could not be read, is malformed or is not a supported format (exit 3).
    Import(broadsheet::formats::ImportError),
    /// Writing output failed (exit 3).
    Output(String),
}

impl CliError {
    /// The process exit code.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::from(2),
            CliError::Import(_) | CliError::Output(_) => ExitCode::from(3),
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) | CliError::Output(message) => f.write_str(message),
            CliError::Import(error) => write!(f, "{error}"),
        }
    }
}

impl From<broadsheet::formats::ImportError> for CliError {
    fn from(error: broadsheet::formats::ImportError) -> Self {
        CliError::Import(error)
    }
}

/// A query the archive cannot answer (a cursor from elsewhere, a month out of range, an
/// unknown viewer) is a usage error.
impl From<broadsheet::QueryError> for CliError {
    fn from(error: broadsheet::QueryError) -> Self {
        CliError::Usage(error.to_string())
    }
}

/// A file that cannot be written is an output error; the message names it.
impl From<broadsheet::formats::ExportError> for CliError {
    fn from(error: broadsheet::formats::ExportError) -> Self {
        CliError::Output(format!("cannot write {error}"))
    }
}

/// Parameters that do not make a query are a usage error; a filter string's error shows where
/// it is, under the text.
impl From<broadsheet::ParamsError> for CliError {
    fn from(error: broadsheet::ParamsError) -> Self {
        CliError::Usage(format!("--{error}"))
    }
}

/// A name the archive does not hold (a tag, an author, a taxonomy...) is a usage error; the
/// message offers the closest names.
impl From<broadsheet::UnknownName> for CliError {
    fn from(error: broadsheet::UnknownName) -> Self {
        CliError::Usage(error.to_string())
    }
}
