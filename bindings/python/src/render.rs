//! `Archive.render_site` and `Archive.render_page`: the static site of an archive, as the
//! public sees it, from the `broadsheet-render` library (the same pages as `broadsheet
//! render`). Rendering runs with the GIL released and inside `guarded`.
//!
//! Errors: a bad argument (`per_page=0`, an unknown tag, a mode above 0o7777) and a template
//! that does not compile or fails raise `BroadsheetError`; a query the archive refuses raises
//! `QueryError`; a file that cannot be written raises `OSError` naming it.

use crate::errors::{BroadsheetError, guarded, os_error, query_error};
use broadsheet::Snapshot;
use broadsheet_render::{RenderError, RenderOptions, Renderer};
use pyo3::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

/// The options of both calls, from their keyword arguments.
pub fn options(
    tags: Option<Vec<String>>,
    templates: Option<PathBuf>,
    per_page: u64,
    mode: Option<u32>,
) -> RenderOptions {
    let mut options = RenderOptions::default();
    options.tags = tags.unwrap_or_default();
    options.templates = templates;
    options.per_page = per_page;
    options.mode = mode;
    options
}

/// Maps a render error onto the exception hierarchy.
pub fn render_error(error: RenderError) -> PyErr {
    match error {
        RenderError::Query(error) => query_error(error),
        RenderError::Io { path, error } => os_error(&path.display().to_string(), &error),
        other => BroadsheetError::new_err(other.to_string()),
    }
}

/// Writes the whole site into `out`; returns the number of files written.
pub fn render_site(
    py: Python<'_>,
    snapshot: Arc<Snapshot>,
    out: PathBuf,
    options: RenderOptions,
) -> PyResult<usize> {
    py.detach(|| {
        guarded("render_site", || {
            let renderer = Renderer::new(&snapshot, &options).map_err(render_error)?;
            let rendered = renderer
                .write_to(&out, &mut |_, _| {})
                .map_err(render_error)?;
            Ok(rendered.pages)
        })
    })
}

/// The HTML (or feed, stylesheet, search index) at `path` of the site, or `None`.
pub fn render_page(
    py: Python<'_>,
    snapshot: Arc<Snapshot>,
    path: String,
    options: RenderOptions,
) -> PyResult<Option<String>> {
    py.detach(|| {
        guarded("render_page", || {
            let renderer = Renderer::new(&snapshot, &options).map_err(render_error)?;
            renderer.render_page(&path).map_err(render_error)
        })
    })
}
