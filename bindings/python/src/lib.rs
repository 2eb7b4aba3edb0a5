//! The compiled half of the Python package `broadsheet`: `broadsheet._native`.
//!
//! Thin by design: it converts arguments and results and maps errors; every rule (parsing,
//! validation, visibility, counting) lives in the engine crates. Calls that do real work release
//! the GIL, and no Rust panic crosses into Python (it becomes `broadsheet.InternalError`).

mod archive;
mod convert;
mod engine;
mod errors;
mod model;
mod render;
mod report;
mod tables;
mod views;

use archive::PyArchive;
use broadsheet::formats::{AuthorSlugs, ImportOptions};
use broadsheet::{PostKind, SlugStyle};
use errors::{BroadsheetError, guarded};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How often, at most, a load calls back into Python (progress and Ctrl-C checks).
const PROGRESS_INTERVAL: Duration = Duration::from_millis(50);

/// Where `load` reads from: a path, several paths read as one site, or the bytes of a file.
#[derive(FromPyObject)]
enum LoadSource<'py> {
    Bytes(Bound<'py, PyBytes>),
    Path(PathBuf),
    Paths(Vec<PathBuf>),
}

/// Loads an export (WXR, Ghost JSON, Broadsheet JSON or JSON Lines) into an archive: from a
/// path, from several paths read as one site (the parts of a split export), or from bytes.
#[pyfunction]
#[allow(clippy::too_many_arguments)] // one parameter per Python keyword argument
#[pyo3(signature = (source, *, format=None, strict=false, kinds=None, max_bytes=None, author_slugs="login", progress=None))]
fn load(
    py: Python<'_>,
    source: LoadSource<'_>,
    format: Option<&str>,
    strict: bool,
    kinds: Option<Vec<String>>,
    max_bytes: Option<u64>,
    author_slugs: &str,
    progress: Option<Py<PyAny>>,
) -> PyResult<PyArchive> {
    let author_slugs = author_slugs
        .parse::<AuthorSlugs>()
        .map_err(BroadsheetError::new_err)?;
    let source = match source {
        LoadSource::Bytes(bytes) => engine::Source::Bytes(bytes.as_bytes().to_vec()),
        LoadSource::Path(path) => engine::Source::Path(path),
        LoadSource::Paths(paths) if paths.is_empty() => {
            return Err(BroadsheetError::new_err(
                "load needs a path, a list of paths or bytes; the list is empty",
            ));
        }
        LoadSource::Paths(paths) => engine::Source::Paths(paths),
    };
    let forced = format
        .map(|name| engine::parse_format(name).map_err(BroadsheetError::new_err))
        .transpose()?;
    // An error raised in the callback (KeyboardInterrupt from Ctrl-C, or the callback's own)
    // is kept here and raised when the load returns.
    let failure: Arc<Mutex<Option<PyErr>>> = Arc::new(Mutex::new(None));
    let callback_failure = failure.clone();
    // The first report goes through at once; later ones at most every PROGRESS_INTERVAL.
    let mut last = Instant::now()
        .checked_sub(PROGRESS_INTERVAL)
        .unwrap_or_else(Instant::now);
    let callback = move |done: u64, total: Option<u64>| {
        let finished = total.is_some_and(|t| done >= t);
        if !finished && last.elapsed() < PROGRESS_INTERVAL {
            return ControlFlow::Continue(());
        }
        last = Instant::now();
        let mut slot = callback_failure
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if slot.is_some() {
            return ControlFlow::Break(());
        }
        Python::attach(|py| {
            let outcome = py.check_signals().and_then(|()| match &progress {
                Some(progress) => progress.call1(py, (done, total)).map(drop),
                None => Ok(()),
            });
            if let Err(err) = outcome {
                *slot = Some(err);
            }
        });
        // An error (Ctrl-C) cancels the import: the engine stops and returns nothing half-built.
        if slot.is_some() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let options = ImportOptions::default()
        .with_mode(engine::mode(strict))
        .with_kinds(kinds.map(|kinds| kinds.iter().map(|k| PostKind::from(k.as_str())).collect()))
        .with_max_bytes(max_bytes)
        .with_progress(Some(Box::new(callback)))
        .with_format(forced)
        .with_author_slugs(author_slugs);
    let opened = py.detach(|| guarded("load", || Ok(engine::open(&source, options))))?;
    if let Some(err) = failure
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
    {
        return Err(err);
    }
    // Signals that arrived after the last callback (a short load) are raised here too.
    py.check_signals()?;
    let opened = opened.map_err(|error| errors::import_error(py, error))?;
    Ok(PyArchive::new(opened))
}

/// A slug from a title: `wordpress` (WordPress's sanitize_title, accents removed) or `ascii`
/// (Ghost-compatible transliteration).
#[pyfunction]
#[pyo3(signature = (text, style="wordpress"))]
fn slugify(text: &str, style: &str) -> PyResult<String> {
    let style = match style {
        "wordpress" => SlugStyle::WordPress,
        "ascii" => SlugStyle::Ascii,
        other => {
            return Err(BroadsheetError::new_err(format!(
                "style={other:?}: expected wordpress or ascii"
            )));
        }
    };
    guarded("slugify", || Ok(broadsheet::slugify(text, style)))
}

/// Parses a filter string and gives it back in canonical form.
#[pyfunction]
fn parse_filter(py: Python<'_>, text: &str) -> PyResult<String> {
    guarded("parse_filter", || {
        let filter =
            broadsheet::parse_filter(text).map_err(|e| errors::filter_error(py, text, &e))?;
        Ok(broadsheet::filter_string::to_filter_string(&filter))
    })
}

/// A test hook: panics inside `guarded`, as a bug in the engine would, so that the tests can
/// check that the panic becomes `InternalError` and the interpreter carries on.
#[pyfunction]
fn _panic_for_tests(message: &str) -> PyResult<()> {
    guarded("_panic_for_tests", || panic!("{message}"))
}

/// The compiled module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(slugify, m)?)?;
    m.add_function(wrap_pyfunction!(parse_filter, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_tests, m)?)?;
    m.add_class::<PyArchive>()?;
    m.add_class::<report::PyReport>()?;
    m.add_class::<report::PyIssue>()?;
    m.add_class::<model::PyPost>()?;
    m.add_class::<model::PyAuthor>()?;
    m.add_class::<model::PyTerm>()?;
    m.add_class::<model::PyComment>()?;
    m.add_class::<model::PyMedia>()?;
    m.add_class::<views::PyPostView>()?;
    m.add_class::<views::PyPage>()?;
    m.add_class::<views::PyCommentView>()?;
    m.add_class::<views::PyCommentNode>()?;
    m.add_class::<views::PyThread>()?;
    m.add_class::<views::PyDateCount>()?;
    m.add_class::<views::PyCloudEntry>()?;
    m.add_class::<views::PyAdjacent>()?;
    m.add_class::<views::PyRelatedPost>()?;
    m.add_class::<views::PySiteSettings>()?;
    m.add_class::<tables::PyTableStream>()?;
    m.add("BroadsheetError", py.get_type::<errors::BroadsheetError>())?;
    m.add("ParseError", py.get_type::<errors::ParseError>())?;
    m.add("ValidationError", py.get_type::<errors::ValidationError>())?;
    m.add(
        "FilterSyntaxError",
        py.get_type::<errors::FilterSyntaxError>(),
    )?;
    m.add("QueryError", py.get_type::<errors::QueryError>())?;
    m.add(
        "UnknownNameError",
        py.get_type::<errors::UnknownNameError>(),
    )?;
    m.add("EditError", py.get_type::<errors::EditError>())?;
    m.add("InternalError", py.get_type::<errors::InternalError>())?;
    Ok(())
}
