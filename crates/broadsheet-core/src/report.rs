//! Reports: every problem found in a site or an import, with a stable code and a location.

use serde::{Deserialize, Serialize};
use std::fmt;

/// How a site or an import treats errors.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BuildMode {
    /// Refuse anything with an error.
    Strict,
    /// Keep the data, recover what can be recovered, and report every problem (the default for
    /// imports).
    #[default]
    Lenient,
}

/// How serious an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something is wrong: strict building refuses it.
    Error,
    /// Something is suspicious but usable.
    Warning,
}

/// Where in a source file an issue was found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Location {
    /// The file, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// 1-based column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    /// JSON path (`db[0].data.posts[3].title`), for JSON sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub json_path: Option<String>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(file) = &self.file {
            parts.push(file.clone());
        }
        match (self.line, self.column) {
            (Some(line), Some(column)) => parts.push(format!("line {line}, column {column}")),
            (Some(line), None) => parts.push(format!("line {line}")),
            _ => {}
        }
        if let Some(path) = &self.json_path {
            parts.push(format!("at {path}"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// One problem.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable code (`post.author.missing`), documented in `docs/validation.md`.
    pub code: String,
    /// Path of the offending value in the site (`posts[12].terms[3]`).
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
    /// Where in the source file, for issues found while importing (`null` in the serde form
    /// for issues about the data as a whole).
    #[serde(default)]
    pub location: Option<Location>,
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}] ", self.code)?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)?;
        if let Some(location) = &self.location {
            write!(f, " ({location})")?;
        }
        Ok(())
    }
}

/// Every issue found, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The issues.
    pub issues: Vec<Issue>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an error.
    pub fn error(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Error, code, path, message);
    }

    /// Adds a warning.
    pub fn warning(&mut self, code: &str, path: impl Into<String>, message: impl Into<String>) {
        self.push(Severity::Warning, code, path, message);
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.issues.push(Issue {
            severity,
            code: code.to_owned(),
            path: path.into(),
            message: message.into(),
            location: None,
        });
    }

    /// The errors.
    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues.iter().filter(|i| i.severity == Severity::Error)
    }

    /// The warnings.
    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity == Severity::Warning)
    }

    /// Whether any issue is an error.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// Whether there are no issues at all.
    pub fn is_empty(&self) -> bool {
        self.issues.is_empty()
    }

    /// Appends every issue of another report.
    pub fn extend(&mut self, other: Report) {
        self.issues.extend(other.issues);
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.issues.is_empty() {
            return f.write_str("no issues");
        }
        for issue in &self.issues {
            writeln!(f, "{issue}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_errors_from_warnings() {
        let mut report = Report::new();
        report.warning(
            "comment.date.before_post",
            "comments[0].date",
            "older than its post",
        );
        assert!(!report.has_errors());
        report.error("post.author.missing", "posts[1].authors", "no author");
        assert!(report.has_errors());
        assert_eq!(report.errors().count(), 1);
        assert_eq!(report.warnings().count(), 1);
        assert_eq!(
            report.issues[1].to_string(),
            "error[post.author.missing] posts[1].authors: no author"
        );
        report.issues[0].path.clear();
        assert_eq!(
            report.issues[0].to_string(),
            "warning[comment.date.before_post] older than its post"
        );
    }
}
