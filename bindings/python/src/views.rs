//! Viewer-safe results: `PostView`, `Page`, `CommentView`, threads, date buckets, cloud entries,
//! adjacent and related posts, and the site's settings. Built from the engine's values; none
//! holds private data (e-mails, IPs, passwords).

use crate::convert::timestamp;
use crate::engine;
use broadsheet::archive::{CommentView, PostSummary, PostView};
use broadsheet::{Snapshot, Timestamp};
use pyo3::prelude::*;
use pyo3::types::PyList;
use std::sync::{Arc, OnceLock};

/// A post as a viewer may see it: public-safe fields only; `content` is `None` where the viewer
/// may not read it (a password-protected post).
///
/// It holds the engine's view (which shares the archive's data) and the snapshot it came from;
/// the summary fields (authors, terms, excerpt, permalink, reading time) are computed by the
/// engine on first access, so a page of results costs no copy of post content.
#[pyclass(module = "broadsheet", name = "PostView", frozen)]
pub struct PyPostView {
    snapshot: Arc<Snapshot>,
    view: PostView,
    summary: OnceLock<PostSummary>,
}

impl PyPostView {
    /// Wraps an engine view of `snapshot`.
    pub fn new(snapshot: &Arc<Snapshot>, view: &PostView) -> Self {
        Self {
            snapshot: snapshot.clone(),
            view: view.clone(),
            summary: OnceLock::new(),
        }
    }

    /// The post's id.
    pub fn post_id(&self) -> u64 {
        self.view.id().0
    }

    fn summary(&self) -> &PostSummary {
        self.summary
            .get_or_init(|| engine::summary(&self.snapshot, &self.view))
    }
}

#[pymethods]
impl PyPostView {
    /// The post's id.
    #[getter]
    fn id(&self) -> u64 {
        self.view.id().0
    }

    /// Its kind (`post`, `page`, ...).
    #[getter]
    fn kind(&self) -> String {
        self.view.kind().to_string()
    }

    /// Its status (`published`, ...).
    #[getter]
    fn status(&self) -> String {
        self.view.status().to_string()
    }

    /// Its slug, if any.
    #[getter]
    fn slug(&self) -> Option<&str> {
        self.view.slug()
    }

    /// Its title.
    #[getter]
    fn title(&self) -> &str {
        self.view.title()
    }

    /// The full content, when the viewer may read it.
    #[getter]
    fn content(&self) -> Option<&str> {
        self.view.content()
    }

    /// Approved comments the viewer may see.
    #[getter]
    fn comment_count(&self) -> u64 {
        self.view.comment_count()
    }

    /// Whether the post is sticky.
    #[getter]
    fn sticky(&self) -> bool {
        self.view.sticky()
    }

    /// Whether a password protects the content.
    #[getter]
    fn password_protected(&self) -> bool {
        self.view.password_protected()
    }

    /// The excerpt a listing shows (explicit, or trimmed from the content).
    #[getter]
    fn excerpt(&self) -> &str {
        &self.summary().excerpt
    }

    /// Author slugs, the primary author first.
    #[getter]
    fn authors(&self) -> Vec<String> {
        self.summary().authors.clone()
    }

    /// Author display names, in the order of `authors`.
    #[getter]
    fn author_names(&self) -> Vec<String> {
        self.summary().author_names.clone()
    }

    /// Tag slugs.
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.summary().tags.clone()
    }

    /// Tag names, in the order of `tags`.
    #[getter]
    fn tag_names(&self) -> Vec<String> {
        self.summary().tag_names.clone()
    }

    /// Category slugs.
    #[getter]
    fn categories(&self) -> Vec<String> {
        self.summary().categories.clone()
    }

    /// Category names, in the order of `categories`.
    #[getter]
    fn category_names(&self) -> Vec<String> {
        self.summary().category_names.clone()
    }

    /// The post's permalink under the site's permalink structure.
    #[getter]
    fn permalink(&self) -> &str {
        &self.summary().permalink
    }

    /// Estimated reading time in minutes (0 when the viewer may not read the content).
    #[getter]
    fn reading_minutes(&self) -> u64 {
        self.summary().reading_minutes
    }

    /// Publication time, timezone-aware in the site's local offset (None for undated drafts).
    #[getter]
    fn published<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp(py, self.view.published())
    }

    /// Last modification time, timezone-aware in the site's local offset.
    #[getter]
    fn modified<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp(py, self.view.modified())
    }

    fn __repr__(&self) -> String {
        format!(
            "PostView(id={}, slug={:?}, title={:?})",
            self.view.id().0,
            self.view.slug().unwrap_or(""),
            self.view.title()
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyPostView>().is_ok_and(|other| {
            let (a, b) = (&self.view, &other.get().view);
            a.id() == b.id()
                && a.title() == b.title()
                && a.content() == b.content()
                && a.published() == b.published()
                && a.modified() == b.modified()
                && a.status() == b.status()
                && a.comment_count() == b.comment_count()
        })
    }

    fn __hash__(&self) -> u64 {
        self.view.id().0
    }
}

/// One page of a query's results. Iterating it gives its posts.
#[pyclass(module = "broadsheet", name = "Page", frozen, get_all)]
pub struct PyPage {
    /// The posts on this page.
    pub posts: Py<PyList>,
    /// How many posts the query matches in all.
    pub total: u64,
    /// How many pages there are at this page size.
    pub total_pages: u64,
    /// This page's number (1-based; 0 for a cursor page).
    pub page: u64,
    /// Posts per page.
    pub per_page: u64,
    /// The cursor of the next page, or None on the last one.
    pub next_cursor: Option<String>,
}

#[pymethods]
impl PyPage {
    fn __len__(&self, py: Python<'_>) -> usize {
        self.posts.bind(py).len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.posts.bind(py).try_iter()?.into_any())
    }

    fn __getitem__<'py>(&self, py: Python<'py>, index: isize) -> PyResult<Bound<'py, PyAny>> {
        let list = self.posts.bind(py);
        let len = list.len() as isize;
        let i = if index < 0 { index + len } else { index };
        if i < 0 || i >= len {
            return Err(pyo3::exceptions::PyIndexError::new_err(
                "page index out of range",
            ));
        }
        list.get_item(i as usize)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "Page(page={}, per_page={}, total={}, total_pages={}, posts={})",
            self.page,
            self.per_page,
            self.total,
            self.total_pages,
            self.posts.bind(py).len()
        )
    }
}

/// A comment as a viewer may see it (no e-mail, no IP).
#[pyclass(module = "broadsheet", name = "CommentView", frozen)]
pub struct PyCommentView {
    /// The comment's id.
    #[pyo3(get)]
    pub id: u64,
    /// The post it is on.
    #[pyo3(get)]
    pub post: u64,
    /// The comment it replies to.
    #[pyo3(get)]
    pub parent: Option<u64>,
    /// The commenter's name.
    #[pyo3(get)]
    pub author_name: String,
    /// The commenter's site.
    #[pyo3(get)]
    pub author_url: Option<String>,
    /// The registered author who wrote it, if any.
    #[pyo3(get)]
    pub user: Option<u64>,
    /// The text.
    #[pyo3(get)]
    pub content: String,
    /// `approved` for the public; editors see other statuses too.
    #[pyo3(get)]
    pub status: String,
    /// `comment`, `pingback` or `trackback`.
    #[pyo3(get)]
    pub kind: String,
    date_at: Option<Timestamp>,
}

impl From<&CommentView> for PyCommentView {
    fn from(view: &CommentView) -> Self {
        Self {
            id: view.id().0,
            post: view.post().0,
            parent: view.parent().map(|p| p.0),
            author_name: view.author_name().to_owned(),
            author_url: view.author_url().map(ToString::to_string),
            user: view.user().map(|u| u.0),
            content: view.content().to_owned(),
            status: view.status().as_str().to_owned(),
            kind: view.kind().as_str().to_owned(),
            date_at: view.date(),
        }
    }
}

#[pymethods]
impl PyCommentView {
    /// When it was written, timezone-aware in the site's local offset.
    #[getter]
    fn date<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp(py, self.date_at)
    }

    fn __repr__(&self) -> String {
        format!(
            "CommentView(id={}, post={}, author_name={:?})",
            self.id, self.post, self.author_name
        )
    }
}

/// A comment in a thread, with its replies.
#[pyclass(module = "broadsheet", name = "CommentNode", frozen, get_all)]
pub struct PyCommentNode {
    /// The comment.
    pub comment: Py<PyCommentView>,
    /// 0 for a top-level comment, 1 for a reply to it, and so on.
    pub depth: usize,
    /// Replies, oldest first.
    pub replies: Py<PyList>,
}

#[pymethods]
impl PyCommentNode {
    fn __repr__(&self, py: Python<'_>) -> String {
        format!(
            "CommentNode(id={}, depth={}, replies={})",
            self.comment.get().id,
            self.depth,
            self.replies.bind(py).len()
        )
    }
}

/// A post's comment thread as a viewer sees it.
#[pyclass(module = "broadsheet", name = "Thread", frozen, get_all)]
pub struct PyThread {
    /// Top-level comments on this page, each with its replies.
    pub nodes: Py<PyList>,
    /// Top-level threads in all (every page).
    pub top_level_total: usize,
    /// Visible comments in all.
    pub total: usize,
    /// Pages of top-level threads.
    pub pages: usize,
}

#[pymethods]
impl PyThread {
    fn __len__(&self, py: Python<'_>) -> usize {
        self.nodes.bind(py).len()
    }

    fn __iter__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(self.nodes.bind(py).try_iter()?.into_any())
    }

    fn __repr__(&self) -> String {
        format!(
            "Thread(total={}, top_level_total={}, pages={})",
            self.total, self.top_level_total, self.pages
        )
    }
}

/// Converts a thread's nodes.
pub fn thread_nodes<'py>(
    py: Python<'py>,
    nodes: &[broadsheet::thread::CommentNode],
) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for node in nodes {
        let replies = thread_nodes(py, &node.replies)?;
        list.append(PyCommentNode {
            comment: Py::new(py, PyCommentView::from(&node.comment))?,
            depth: node.depth,
            replies: replies.unbind(),
        })?;
    }
    Ok(list)
}

/// The number of posts in one year, month or day of the local calendar.
#[pyclass(module = "broadsheet", name = "DateCount", frozen, get_all, eq)]
#[derive(PartialEq)]
pub struct PyDateCount {
    /// The year.
    pub year: i32,
    /// The month (1-12), unless counted by year.
    pub month: Option<u32>,
    /// The day of the month, when counted by day.
    pub day: Option<u32>,
    /// Posts in it.
    pub count: u64,
}

#[pymethods]
impl PyDateCount {
    fn __repr__(&self) -> String {
        format!(
            "DateCount(year={}, month={:?}, day={:?}, count={})",
            self.year, self.month, self.day, self.count
        )
    }
}

/// A term in a tag cloud, with its font size.
#[pyclass(module = "broadsheet", name = "CloudEntry", frozen, get_all)]
pub struct PyCloudEntry {
    /// The term's id.
    pub term: u64,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Published posts with the term.
    pub count: u64,
    /// Font size in the cloud's unit.
    pub size: f64,
    /// The CSS font size (`14.3pt`).
    pub font_size: String,
}

#[pymethods]
impl PyCloudEntry {
    fn __repr__(&self) -> String {
        format!(
            "CloudEntry(slug={:?}, count={}, size={})",
            self.slug, self.count, self.size
        )
    }
}

/// The posts published just before and after a post.
#[pyclass(module = "broadsheet", name = "Adjacent", frozen, get_all)]
pub struct PyAdjacent {
    /// The post published just before, if any.
    pub previous: Option<Py<PyPostView>>,
    /// The post published just after, if any.
    pub next: Option<Py<PyPostView>>,
}

/// A post sharing tags with another.
#[pyclass(module = "broadsheet", name = "RelatedPost", frozen, get_all)]
pub struct PyRelatedPost {
    /// The related post.
    pub post: Py<PyPostView>,
    /// How many terms it shares.
    pub shared_terms: u64,
}

/// The site's settings.
#[pyclass(module = "broadsheet", name = "SiteSettings", frozen, get_all)]
pub struct PySiteSettings {
    /// The site's title.
    pub title: String,
    /// Its home URL.
    pub url: Option<String>,
    /// Its tagline.
    pub description: String,
    /// Its language (BCP 47), if known.
    pub language: Option<String>,
    /// Its time zone: an IANA name or a fixed offset (`+06:00`).
    pub time_zone: String,
}

#[pymethods]
impl PySiteSettings {
    fn __repr__(&self) -> String {
        format!(
            "SiteSettings(title={:?}, url={:?})",
            self.title,
            self.url.as_deref().unwrap_or("")
        )
    }
}
