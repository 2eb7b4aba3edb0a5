//! One error type for every call: the engine's errors, mapped with their details.

use crate::records::Issue;
use broadsheet::archive::EditError;
use broadsheet::formats::{ExportError, ImportError};
use broadsheet::{FilterError, InvalidSite, QueryError, TimeError, ValueError};

/// Why a call failed. Every failure of the library arrives as one of these; a panic inside
/// the library becomes [`BroadsheetError::Internal`] rather than crossing into the app.
///
/// Kotlin sees `BroadsheetException` with one subclass per variant; Swift an `enum
/// BroadsheetError: Error`.
#[derive(Debug, Clone, PartialEq, thiserror::Error, uniffi::Error)]
pub enum BroadsheetError {
    /// A file could not be read or written.
    #[error("cannot read {path}: {reason}")]
    Io {
        /// The file.
        path: String,
        /// The operating system's message.
        reason: String,
    },
    /// The input is malformed (bad XML or JSON, a missing version...), with where.
    #[error("{reason}")]
    Syntax {
        /// The full message, location included.
        reason: String,
        /// The file, when the input is one.
        file: Option<String>,
        /// 1-based line, when known.
        line: Option<u64>,
        /// 1-based column, when known.
        column: Option<u64>,
        /// The JSON path of the offending value, for JSON inputs.
        json_path: Option<String>,
    },
    /// Strict opening (or a strict build) found errors in the data: every issue found.
    #[error("{reason}")]
    Invalid {
        /// A summary.
        reason: String,
        /// Every issue (errors and warnings), each with its code and path.
        issues: Vec<Issue>,
    },
    /// The input is larger than the limit asked for.
    #[error("input is {size} bytes, more than the limit of {limit}")]
    TooLarge {
        /// The file, when the input is one.
        file: Option<String>,
        /// Input size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The input is in no format Broadsheet reads, or a format name is unknown.
    #[error("{reason}")]
    UnknownFormat {
        /// What was found.
        reason: String,
    },
    /// A filter string does not parse.
    #[error("{reason}")]
    Filter {
        /// The full message (`at character 14: expected ..., found ...`).
        reason: String,
        /// 0-based index of the offending character, in Unicode scalar values.
        position: u64,
        /// 1-based column of the same character.
        column: u64,
        /// What was expected there.
        expected: String,
        /// What was found there.
        found: String,
    },
    /// A query cannot be answered (page 0, a cursor from another query, an unknown post...).
    #[error("{reason}")]
    Query {
        /// What is wrong.
        reason: String,
    },
    /// An edit was refused: an id that exists on insert, or does not on update or delete, or
    /// (unless the edit is lenient) a reference to an author, term, post or comment that does
    /// not exist.
    #[error("{reason}")]
    Edit {
        /// What is wrong.
        reason: String,
        /// The entity kind edited (`post`, `comment`, `term`, `author`, `media item`).
        entity: String,
        /// The id edited.
        id: u64,
        /// For a dangling reference: the field that holds it (`authors`, `parent`...).
        field: Option<String>,
        /// For a dangling reference: the validation code it would be (`post.author.missing`).
        code: Option<String>,
    },
    /// A name the archive does not hold: a tag, category, author, kind, status or taxonomy
    /// in a query (its fields or its filter string), or an order. The engine's suggestions
    /// come with it (`Query(tag = "Content")` on a site with the tag `content`: `what` "tag",
    /// `found` "Content", `suggestions` ["content"]), as the command and Python give them.
    #[error("{reason}")]
    UnknownName {
        /// The full message (`there is no tag "Content"; did you mean "content"?`).
        reason: String,
        /// What was looked for: `tag`, `category`, `author`, `kind`, `status`, `taxonomy`,
        /// `order`...
        what: String,
        /// The name given.
        found: String,
        /// The closest names the archive holds, best first (at most three; empty when none
        /// is close).
        suggestions: Vec<String>,
    },
    /// A value given to the library does not parse (a slug, an e-mail, a URL, a time zone,
    /// a status...).
    #[error("{field}: {reason}")]
    InvalidValue {
        /// Which field (`post.slug`, `query.order`).
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// Saving or exporting failed, or this build leaves the format out.
    #[error("{reason}")]
    Export {
        /// What went wrong.
        reason: String,
        /// The file being written, when there is one.
        path: Option<String>,
    },
    /// The caller's progress callback cancelled opening; nothing was opened.
    #[error("cancelled")]
    Cancelled {
        /// The file, when the input is one.
        file: Option<String>,
    },
    /// A bug in the library (a panic, caught at the boundary). Please report it.
    #[error("internal error: {reason}")]
    Internal {
        /// The panic's message.
        reason: String,
    },
}

/// Shorthand for results of the bindings.
pub type Result<T, E = BroadsheetError> = std::result::Result<T, E>;

impl BroadsheetError {
    /// An [`BroadsheetError::InvalidValue`] for `field`.
    pub(crate) fn value(field: &str, reason: impl ToString) -> Self {
        Self::InvalidValue {
            field: field.to_owned(),
            reason: reason.to_string(),
        }
    }
}

impl From<ImportError> for BroadsheetError {
    fn from(error: ImportError) -> Self {
        let reason = error.to_string();
        match error {
            ImportError::Io { path, source } => Self::Io {
                path,
                reason: source.to_string(),
            },
            ImportError::Syntax { location, .. } => Self::Syntax {
                reason,
                file: location.file,
                line: location.line,
                column: location.column,
                json_path: location.json_path,
            },
            ImportError::Invalid { report } => Self::Invalid {
                reason,
                issues: report.issues.iter().map(Issue::from).collect(),
            },
            ImportError::TooLarge { file, size, limit } => Self::TooLarge { file, size, limit },
            ImportError::UnknownFormat(reason) => Self::UnknownFormat { reason },
            ImportError::Cancelled { file } => Self::Cancelled { file },
            // A kind of failure newer than these bindings: its message, as an internal error.
            _ => Self::Internal { reason },
        }
    }
}

impl From<InvalidSite> for BroadsheetError {
    fn from(error: InvalidSite) -> Self {
        Self::Invalid {
            reason: error.to_string(),
            issues: error.report.issues.iter().map(Issue::from).collect(),
        }
    }
}

impl From<FilterError> for BroadsheetError {
    fn from(error: FilterError) -> Self {
        Self::Filter {
            reason: error.to_string(),
            position: error.position as u64,
            column: error.column as u64,
            expected: error.expected,
            found: error.found,
        }
    }
}

impl From<QueryError> for BroadsheetError {
    fn from(error: QueryError) -> Self {
        match error {
            QueryError::UnknownName(name) => Self::from(name),
            other => Self::Query {
                reason: other.to_string(),
            },
        }
    }
}

impl From<EditError> for BroadsheetError {
    fn from(error: EditError) -> Self {
        let reason = error.to_string();
        match error {
            EditError::Duplicate { kind, id } | EditError::NotFound { kind, id } => Self::Edit {
                reason,
                entity: kind.to_string(),
                id,
                field: None,
                code: None,
            },
            EditError::DanglingReference {
                kind,
                id,
                field,
                code,
                ..
            } => Self::Edit {
                reason,
                entity: kind.to_string(),
                id,
                field: Some(field.to_owned()),
                code: Some(code.to_owned()),
            },
            _ => Self::Edit {
                reason,
                entity: String::new(),
                id: 0,
                field: None,
                code: None,
            },
        }
    }
}

impl From<ExportError> for BroadsheetError {
    fn from(error: ExportError) -> Self {
        Self::Export {
            reason: error.to_string(),
            path: error.path().map(str::to_owned),
        }
    }
}

impl From<broadsheet::UnknownName> for BroadsheetError {
    fn from(error: broadsheet::UnknownName) -> Self {
        Self::UnknownName {
            reason: error.to_string(),
            what: error.what.to_owned(),
            found: error.found.clone(),
            suggestions: error.suggestions,
        }
    }
}

impl From<TimeError> for BroadsheetError {
    fn from(error: TimeError) -> Self {
        Self::value("time", error)
    }
}

impl From<ValueError> for BroadsheetError {
    fn from(error: ValueError) -> Self {
        Self::value("value", error)
    }
}

/// Runs `call`, turning a panic into [`BroadsheetError::Internal`] so that no panic crosses
/// the boundary into the app.
pub(crate) fn guard<T>(call: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)) {
        Ok(result) => result,
        Err(payload) => {
            let reason = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic with a non-text payload".to_owned());
            Err(BroadsheetError::Internal { reason })
        }
    }
}
