//! The exception hierarchy and the mapping of every engine error onto it.
//!
//! `BroadsheetError` (a `ValueError`) is the base of every error about data or arguments; files
//! that cannot be read or written raise `OSError` (its errno subclass: `FileNotFoundError`,
//! `PermissionError`...). A Rust panic becomes `InternalError`, never an abort.

use broadsheet::archive::EditError as EngineEditError;
use broadsheet::formats::{ExportError, ImportError};
use broadsheet::{FilterError, QueryError as EngineQueryError, Report, UnknownName};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyList, PyString};
use std::panic::{AssertUnwindSafe, catch_unwind};

pyo3::create_exception!(
    broadsheet,
    BroadsheetError,
    PyValueError,
    "Base of every Broadsheet error about data or arguments (a ValueError)."
);
pyo3::create_exception!(
    broadsheet,
    ParseError,
    BroadsheetError,
    "The input is malformed or in no supported format; `.line`, `.column`, `.path` say where."
);
pyo3::create_exception!(
    broadsheet,
    ValidationError,
    BroadsheetError,
    "Strict loading found errors in the data; `.issues` lists every one."
);
pyo3::create_exception!(
    broadsheet,
    FilterSyntaxError,
    BroadsheetError,
    "A filter string does not parse; `.position`, `.expected`, `.found` say where and why."
);
pyo3::create_exception!(
    broadsheet,
    QueryError,
    BroadsheetError,
    "A query cannot be answered (bad page, cursor, order, viewer, date or unknown post)."
);
pyo3::create_exception!(
    broadsheet,
    UnknownNameError,
    QueryError,
    "A name the archive does not hold (a tag, category, author, kind, status, taxonomy, order or viewer); `.what`, `.found` and `.suggestions` (the closest names it holds, best first) say which."
);
pyo3::create_exception!(
    broadsheet,
    EditError,
    BroadsheetError,
    "An edit was refused (unknown or duplicate id, broken reference)."
);
pyo3::create_exception!(
    broadsheet,
    InternalError,
    BroadsheetError,
    "A bug in Broadsheet (a Rust panic was caught); the interpreter and other archives are unaffected."
);

/// Runs engine code, turning a panic into `InternalError` so that none crosses into Python.
pub fn guarded<T>(what: &str, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result,
        Err(payload) => {
            let detail = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned());
            Err(InternalError::new_err(format!(
                "internal error in {what}: {detail} (please report this as a bug)"
            )))
        }
    }
}

/// An exception of class `E` with extra attributes set on the instance.
fn with_attrs<'py>(py: Python<'py>, err: PyErr, attrs: &[(&str, Bound<'py, PyAny>)]) -> PyErr {
    let value = err.value(py);
    for (name, attr) in attrs {
        // Exception instances have a __dict__: setting an attribute cannot fail.
        let _ = value.setattr(*name, attr);
    }
    err
}

/// An `OSError` of the right errno subclass naming the file.
pub fn os_error(path: &str, source: &std::io::Error) -> PyErr {
    let message = source.to_string();
    match source.raw_os_error() {
        // OSError(errno, strerror, filename) picks the subclass (FileNotFoundError...) itself.
        Some(errno) => PyOSError::new_err((errno, message, path.to_owned())),
        None => PyErr::from(std::io::Error::new(
            source.kind(),
            format!("{path}: {message}"),
        )),
    }
}

/// Maps an import error: I/O to `OSError`, syntax and unknown formats to `ParseError`,
/// strict-mode data errors to `ValidationError`, a size over the limit to `BroadsheetError`.
pub fn import_error(py: Python<'_>, error: ImportError) -> PyErr {
    let message = error.to_string();
    match error {
        ImportError::Io { path, source } => os_error(&path, &source),
        ImportError::Syntax { location, .. } => {
            let none = || py.None().into_bound(py);
            let opt = |v: Option<u64>| {
                v.and_then(|v| v.into_pyobject(py).map(|o| o.into_any()).ok())
                    .unwrap_or_else(none)
            };
            let text = |v: Option<String>| {
                v.and_then(|v| v.into_pyobject(py).map(|o| o.into_any()).ok())
                    .unwrap_or_else(none)
            };
            with_attrs(
                py,
                ParseError::new_err(message),
                &[
                    ("line", opt(location.line)),
                    ("column", opt(location.column)),
                    ("path", text(location.json_path.clone())),
                    ("file", text(location.file.clone())),
                ],
            )
        }
        ImportError::UnknownFormat(_) => {
            let none = py.None().into_bound(py);
            with_attrs(
                py,
                ParseError::new_err(message),
                &[
                    ("line", none.clone()),
                    ("column", none.clone()),
                    ("path", none.clone()),
                    ("file", none),
                ],
            )
        }
        ImportError::Invalid { report } => validation_error(py, message, report),
        // The progress callback raised (Ctrl-C): that error is raised, not this one.
        ImportError::Cancelled { .. } => BroadsheetError::new_err(message),
        other => BroadsheetError::new_err(other.to_string()),
    }
}

/// `ValidationError` carrying every issue of a report as `.issues`.
pub fn validation_error(py: Python<'_>, message: String, report: Report) -> PyErr {
    let issues: Vec<crate::report::PyIssue> = report
        .issues
        .into_iter()
        .map(crate::report::PyIssue::from)
        .collect();
    match PyList::new(py, issues) {
        Ok(list) => with_attrs(
            py,
            ValidationError::new_err(message),
            &[("issues", list.into_any())],
        ),
        Err(err) => err,
    }
}

/// `FilterSyntaxError` with the position (0-based character), what was expected and found.
pub fn filter_error(py: Python<'_>, input: &str, error: &FilterError) -> PyErr {
    let attr = |v: usize| v.into_pyobject(py).map(|o| o.into_any()).ok();
    let s = |v: &str| v.into_pyobject(py).map(|o| o.into_any()).ok();
    let mut attrs = Vec::new();
    if let (Some(position), Some(column), Some(expected), Some(found)) = (
        attr(error.position),
        attr(error.column),
        s(&error.expected),
        s(&error.found),
    ) {
        attrs.push(("position", position));
        attrs.push(("column", column));
        attrs.push(("expected", expected));
        attrs.push(("found", found));
    }
    with_attrs(py, FilterSyntaxError::new_err(error.render(input)), &attrs)
}

/// `QueryError` with the engine's message; an unknown name is an `UnknownNameError`.
pub fn query_error(error: EngineQueryError) -> PyErr {
    match error {
        EngineQueryError::UnknownName(name) => Python::attach(|py| unknown_name_error(py, name)),
        other => QueryError::new_err(other.to_string()),
    }
}

/// `UnknownNameError` naming what was looked for (`.what`: `tag`, `author`...), the text given
/// (`.found`) and the engine's suggestions (`.suggestions`, best first; empty when none is
/// close), with the engine's message ("there is no tag "Content"; did you mean "content"?").
pub fn unknown_name_error(py: Python<'_>, name: UnknownName) -> PyErr {
    let message = name.to_string();
    let what = PyString::new(py, name.what).into_any();
    let found = PyString::new(py, &name.found).into_any();
    match PyList::new(py, name.suggestions) {
        Ok(suggestions) => with_attrs(
            py,
            UnknownNameError::new_err(message),
            &[
                ("what", what),
                ("found", found),
                ("suggestions", suggestions.into_any()),
            ],
        ),
        Err(err) => err,
    }
}

/// `EditError` with the engine's message.
pub fn edit_error(error: EngineEditError) -> PyErr {
    EditError::new_err(error.to_string())
}

/// Maps an export error: a file that cannot be written is an `OSError` naming it.
pub fn export_error(error: ExportError) -> PyErr {
    match error {
        ExportError::Io { path, source } => os_error(&path, &source),
        other => BroadsheetError::new_err(other.to_string()),
    }
}
