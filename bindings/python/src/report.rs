//! Validation and import reports: `Report` and `Issue`.

use broadsheet::{Issue, Report, Severity};
use pyo3::prelude::*;
use pyo3::types::PyList;

/// One problem: a stable code, a severity, the path of the offending value, a message, and
/// where in the source file it was found when it came from an import.
#[pyclass(module = "broadsheet", name = "Issue", frozen, get_all)]
#[derive(Clone)]
pub struct PyIssue {
    /// `"error"` or `"warning"`.
    pub severity: String,
    /// The stable machine-readable code (`post.author.missing`).
    pub code: String,
    /// The path of the offending value in the site (`posts[0].authors`).
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
    /// The source file, when known.
    pub file: Option<String>,
    /// The 1-based line in the source, when known.
    pub line: Option<u64>,
    /// The 1-based column in the source, when known.
    pub column: Option<u64>,
}

impl From<Issue> for PyIssue {
    fn from(issue: Issue) -> Self {
        let location = issue.location.unwrap_or_default();
        Self {
            severity: match issue.severity {
                Severity::Error => "error".to_owned(),
                Severity::Warning => "warning".to_owned(),
            },
            code: issue.code,
            path: issue.path,
            message: issue.message,
            file: location.file,
            line: location.line,
            column: location.column,
        }
    }
}

#[pymethods]
impl PyIssue {
    fn __repr__(&self) -> String {
        format!(
            "Issue(severity={:?}, code={:?}, path={:?}, message={:?})",
            self.severity, self.code, self.path, self.message
        )
    }

    fn __str__(&self) -> String {
        let place = match (&self.line, &self.column) {
            (Some(line), Some(column)) => format!(" (line {line}, column {column})"),
            (Some(line), None) => format!(" (line {line})"),
            _ => String::new(),
        };
        format!(
            "{} {} at {}: {}{place}",
            self.severity, self.code, self.path, self.message
        )
    }
}

/// Every issue found by an import and a validation, errors and warnings alike.
#[pyclass(module = "broadsheet", name = "Report", frozen)]
pub struct PyReport {
    issues: Vec<PyIssue>,
}

impl From<Report> for PyReport {
    fn from(report: Report) -> Self {
        Self {
            issues: report.issues.into_iter().map(PyIssue::from).collect(),
        }
    }
}

impl PyReport {
    fn of_severity<'py>(&self, py: Python<'py>, severity: &str) -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            self.issues
                .iter()
                .filter(|issue| issue.severity == severity)
                .cloned(),
        )
    }
}

#[pymethods]
impl PyReport {
    /// Every issue, in the order found.
    #[getter]
    fn issues<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, self.issues.iter().cloned())
    }

    /// The errors.
    #[getter]
    fn errors<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.of_severity(py, "error")
    }

    /// The warnings.
    #[getter]
    fn warnings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        self.of_severity(py, "warning")
    }

    /// Whether there is at least one error.
    #[getter]
    fn has_errors(&self) -> bool {
        self.issues.iter().any(|issue| issue.severity == "error")
    }

    fn __len__(&self) -> usize {
        self.issues.len()
    }

    fn __bool__(&self) -> bool {
        !self.issues.is_empty()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(PyList::new(py, self.issues.iter().cloned())?
            .try_iter()?
            .into_any())
    }

    fn __repr__(&self) -> String {
        let errors = self.issues.iter().filter(|i| i.severity == "error").count();
        format!(
            "Report(errors={errors}, warnings={})",
            self.issues.len() - errors
        )
    }
}
