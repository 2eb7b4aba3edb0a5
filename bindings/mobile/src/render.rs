//! Rendering the static site the public sees, from the `broadsheet-render` library (the same
//! pages as `broadsheet render`): `Archive.renderSite(outDir, options)` writes it,
//! `Archive.renderPage(path, options)` gives one file of it as text. Rendering is built with
//! the `render` feature (on by default); without it both calls fail with `Export` naming the
//! feature, and the API (so the generated bindings) stays the same.

use crate::archive::Archive;
use crate::error::{BroadsheetError, Result, guard};
#[cfg(feature = "render")]
use broadsheet_render::{RenderError, Renderer};
#[cfg(feature = "render")]
use std::path::{Path, PathBuf};

/// What to render; the defaults render the whole site, ten posts a page, with the built-in
/// templates, files created as the system creates them.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct RenderOptions {
    /// Only these tags' archives, and only posts with at least one of them (all when empty).
    #[uniffi(default)]
    pub tags: Vec<String>,
    /// A directory whose templates replace the built-in ones of the same name.
    #[uniffi(default)]
    pub templates: Option<String>,
    /// Posts per archive page (at least 1).
    #[uniffi(default = 10)]
    pub per_page: u64,
    /// Permission bits of every file written (`0o644`), on Unix; none leaves them as the
    /// system creates them.
    #[uniffi(default)]
    pub mode: Option<u32>,
}

#[cfg(feature = "render")]
impl RenderOptions {
    fn engine(&self) -> broadsheet_render::RenderOptions {
        let mut options = broadsheet_render::RenderOptions::default();
        options.tags = self.tags.clone();
        options.templates = self.templates.as_ref().map(PathBuf::from);
        options.per_page = self.per_page;
        options.mode = self.mode;
        options
    }
}

#[cfg(feature = "render")]
impl From<RenderError> for BroadsheetError {
    fn from(error: RenderError) -> Self {
        let reason = error.to_string();
        match error {
            RenderError::Query(error) => error.into(),
            RenderError::Io { path, .. } => Self::Export {
                reason,
                path: Some(path.display().to_string()),
            },
            RenderError::PerPage => Self::value("render.per_page", reason),
            RenderError::Mode(_) => Self::value("render.mode", reason),
            RenderError::UnknownTag(_) => Self::value("render.tags", reason),
            RenderError::TemplatesDir(_) | RenderError::Template { .. } => {
                Self::value("render.templates", reason)
            }
            // A case added to the engine later: still an error with its message.
            _ => Self::Export { reason, path: None },
        }
    }
}

#[uniffi::export]
impl Archive {
    /// Writes the static site the public sees into `out_dir` (created when missing): home,
    /// archives, posts and pages, feeds, the search page and its index. Pages are rendered
    /// beside `out_dir` and moved in when all have rendered. Returns the files written.
    pub fn render_site(&self, out_dir: String, options: RenderOptions) -> Result<u64> {
        guard(|| {
            #[cfg(feature = "render")]
            {
                let snapshot = self.snapshot();
                let renderer = Renderer::new(&snapshot, &options.engine())?;
                let rendered = renderer.write_to(Path::new(&out_dir), &mut |_, _| {})?;
                Ok(rendered.pages as u64)
            }
            #[cfg(not(feature = "render"))]
            {
                let _ = (out_dir, options);
                Err(left_out())
            }
        })
    }

    /// One file of that site as text (`index.html`, `tag/osh/index.html`, a post's path,
    /// `search/index.json`), or null when the site has no such file.
    pub fn render_page(&self, path: String, options: RenderOptions) -> Result<Option<String>> {
        guard(|| {
            #[cfg(feature = "render")]
            {
                let snapshot = self.snapshot();
                let renderer = Renderer::new(&snapshot, &options.engine())?;
                Ok(renderer.render_page(&path)?)
            }
            #[cfg(not(feature = "render"))]
            {
                let _ = (path, options);
                Err(left_out())
            }
        })
    }
}

/// Rendering is left out of this build.
#[cfg(not(feature = "render"))]
fn left_out() -> BroadsheetError {
    BroadsheetError::Export {
        reason:
            "rendering is not built into this library (Cargo feature `render` of broadsheet-mobile)"
                .into(),
        path: None,
    }
}
