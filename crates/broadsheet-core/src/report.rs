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

impl fmt::Display for Severity {
    /// `error` or `warning`, as reports print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A stable, machine-readable issue code, declared once with its severity and meaning.
///
/// Every crate declares its codes in one table (`broadsheet_core::codes::ALL` for validation,
/// `broadsheet_formats::codes::ALL` for imports), and each table is checked against its
/// documentation. Codes follow one grammar, `<entity>.<field>.<problem>` (lower case, `_`
/// inside words): `post.author.missing`, `comment.parent.other_post`. A report entry takes its
/// severity from its code ([`Report::push`]); [`Issue::code`] holds the id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IssueCode {
    /// The code as reports and documentation write it (`post.author.missing`).
    pub id: &'static str,
    /// How serious an issue with this code is.
    pub severity: Severity,
    /// One line saying what the code means, for tables and `--help`.
    pub meaning: &'static str,
}

impl IssueCode {
    /// Whether `id` follows the grammar `<entity>.<field>.<problem>`: three or more dot-separated
    /// parts of lower-case ASCII letters and digits, with `_` inside words.
    pub fn is_well_formed(id: &str) -> bool {
        let parts: Vec<&str> = id.split('.').collect();
        parts.len() >= 3
            && parts.iter().all(|part| {
                !part.is_empty()
                    && !part.starts_with('_')
                    && !part.ends_with('_')
                    && !part.contains("__")
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
            })
    }
}

impl Issue {
    /// An issue with `code`, taking its severity from the code, at no source location.
    pub fn new(code: &IssueCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: code.severity,
            code: code.id.to_owned(),
            path: path.into(),
            message: message.into(),
            location: None,
        }
    }

    /// The issue, found at `location` in the source.
    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

impl fmt::Display for IssueCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl PartialEq<IssueCode> for String {
    fn eq(&self, code: &IssueCode) -> bool {
        self == code.id
    }
}

impl PartialEq<IssueCode> for str {
    fn eq(&self, code: &IssueCode) -> bool {
        self == code.id
    }
}

impl PartialEq<IssueCode> for &str {
    fn eq(&self, code: &IssueCode) -> bool {
        *self == code.id
    }
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

    /// Adds an issue with `code`, whose severity it takes.
    pub fn push(&mut self, code: &IssueCode, path: impl Into<String>, message: impl Into<String>) {
        self.issues.push(Issue::new(code, path, message));
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

    /// How many issues each code has, most frequent first (ties by code), with the code's
    /// severity: what `validate --summary` prints, so that a file with thousands of issues
    /// reads as a few lines.
    pub fn summary(&self) -> Vec<CodeCount> {
        let mut counts: Vec<CodeCount> = Vec::new();
        let mut index: std::collections::HashMap<(&str, Severity), usize> =
            std::collections::HashMap::new();
        for issue in &self.issues {
            match index.entry((issue.code.as_str(), issue.severity)) {
                std::collections::hash_map::Entry::Occupied(slot) => counts[*slot.get()].count += 1,
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(counts.len());
                    counts.push(CodeCount {
                        code: issue.code.clone(),
                        severity: issue.severity,
                        count: 1,
                    });
                }
            }
        }
        counts.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.code.cmp(&b.code))
                .then_with(|| a.severity.cmp(&b.severity))
        });
        counts
    }

    /// The issues a [`ReportFilter`] keeps, in order.
    #[must_use]
    pub fn filtered(&self, filter: &ReportFilter) -> Report {
        Report {
            issues: self
                .issues
                .iter()
                .filter(|issue| filter.keeps(issue))
                .cloned()
                .collect(),
        }
    }
}

/// One line of [`Report::summary`]: a code, its severity and how many issues have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeCount {
    /// The issue code (`post.slug.duplicate`).
    pub code: String,
    /// The severity of those issues.
    pub severity: Severity,
    /// How many issues have this code and severity.
    pub count: usize,
}

/// Which issues of a report to show: only errors, only some codes. The default keeps every
/// issue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportFilter {
    /// Keep errors only.
    pub errors_only: bool,
    /// Keep only issues with one of these codes (empty: any code). A code ending in `.`
    /// or `*` selects every code under it (`post.` or `post.*` keeps `post.slug.duplicate`).
    pub codes: Vec<String>,
}

impl ReportFilter {
    /// Whether the filter keeps this issue.
    pub fn keeps(&self, issue: &Issue) -> bool {
        if self.errors_only && issue.severity != Severity::Error {
            return false;
        }
        self.codes.is_empty()
            || self.codes.iter().any(|code| {
                let prefix = code.strip_suffix('*').unwrap_or(code);
                if prefix.ends_with('.') {
                    issue.code.starts_with(prefix)
                } else {
                    issue.code == *code
                }
            })
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

    const BEFORE_POST: IssueCode = IssueCode {
        id: "comment.date.before_post",
        severity: Severity::Warning,
        meaning: "older than its post",
    };
    const SLUG_DUPLICATE: IssueCode = IssueCode {
        id: "post.slug.duplicate",
        severity: Severity::Error,
        meaning: "two posts share a slug",
    };
    const TITLE_EMPTY: IssueCode = IssueCode {
        id: "post.title.empty",
        severity: Severity::Warning,
        meaning: "an untitled post",
    };
    const NAME_EMPTY: IssueCode = IssueCode {
        id: "term.name.empty",
        severity: Severity::Error,
        meaning: "a term without a name",
    };
    const AUTHOR_MISSING: IssueCode = IssueCode {
        id: "post.author.missing",
        severity: Severity::Error,
        meaning: "no author",
    };

    #[test]
    fn separates_errors_from_warnings() {
        let mut report = Report::new();
        report.push(&BEFORE_POST, "comments[0].date", "older than its post");
        assert!(!report.has_errors());
        report.push(&AUTHOR_MISSING, "posts[1].authors", "no author");
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

    #[test]
    fn summary_counts_by_code_and_filter_selects() {
        let mut report = Report::new();
        for i in 0..3 {
            report.push(&SLUG_DUPLICATE, format!("posts[{i}].slug"), "same slug");
        }
        report.push(&TITLE_EMPTY, "posts[9].title", "untitled");
        report.push(&NAME_EMPTY, "terms[0].name", "no name");
        let summary = report.summary();
        assert_eq!(summary.len(), 3);
        assert_eq!(summary[0].code, "post.slug.duplicate");
        assert_eq!(summary[0].count, 3);
        assert_eq!(summary[0].severity, Severity::Error);
        assert_eq!(summary[1].code, "post.title.empty");
        assert_eq!(summary.iter().map(|c| c.count).sum::<usize>(), 5);

        let errors = report.filtered(&ReportFilter {
            errors_only: true,
            ..ReportFilter::default()
        });
        assert_eq!(errors.issues.len(), 4);
        let posts = report.filtered(&ReportFilter {
            codes: vec!["post.*".into()],
            ..ReportFilter::default()
        });
        assert_eq!(posts.issues.len(), 4);
        let exact = report.filtered(&ReportFilter {
            codes: vec!["post.title.empty".into()],
            errors_only: true,
        });
        assert!(exact.is_empty());
        assert_eq!(report.filtered(&ReportFilter::default()), report);
    }
}
