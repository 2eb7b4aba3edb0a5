//! Viewer-safe results: `PostView`, `Page`, `CommentView`, threads, date buckets, cloud entries,
//! adjacent and related posts, and the site's settings. Built from the engine's values; none
//! holds private data (e-mails, IPs, passwords).

use crate::convert::timestamp;
use crate::engine;
use broadsheet::archive::{CommentView, PostView};
use broadsheet::{Snapshot, Timestamp};
use pyo3::prelude::*;
use pyo3::types::PyList;

/// A post as a viewer may see it: public-safe fields only; `content` is `None` where the viewer
/// may not read it (a password-protected post).
#[pyclass(module = "broadsheet", name = "PostView", frozen)]
pub struct PyPostView {
    /// The post's id.
    #[pyo3(get)]
    pub id: u64,
    /// Its kind (`post`, `page`, ...).
    #[pyo3(get)]
    pub kind: String,
    /// Its status (`published`, ...).
    #[pyo3(get)]
    pub status: String,
    /// Its slug, if any.
    #[pyo3(get)]
    pub slug: Option<String>,
    /// Its title.
    #[pyo3(get)]
    pub title: String,
    /// The excerpt a listing shows (explicit, or trimmed from the content).
    #[pyo3(get)]
    pub excerpt: String,
    /// The full content, when the viewer may read it.
    #[pyo3(get)]
    pub content: Option<String>,
    /// Author slugs, the primary author first.
    #[pyo3(get)]
    pub authors: Vec<String>,
    /// Tag slugs.
    #[pyo3(get)]
    pub tags: Vec<String>,
    /// Category slugs.
    #[pyo3(get)]
    pub categories: Vec<String>,
    /// The post's permalink under the site's permalink structure.
    #[pyo3(get)]
    pub permalink: String,
    /// Author display names, in the order of `authors`.
    #[pyo3(get)]
    pub author_names: Vec<String>,
    /// Tag names, in the order of `tags`.
    #[pyo3(get)]
    pub tag_names: Vec<String>,
    /// Category names, in the order of `categories`.
    #[pyo3(get)]
    pub category_names: Vec<String>,
    /// Estimated reading time in minutes (0 when the viewer may not read the content).
    #[pyo3(get)]
    pub reading_minutes: u64,
    /// Approved comments the viewer may see.
    #[pyo3(get)]
    pub comment_count: u64,
    /// Whether the post is sticky.
    #[pyo3(get)]
    pub sticky: bool,
    /// Whether a password protects the content.
    #[pyo3(get)]
    pub password_protected: bool,
    published_at: Option<Timestamp>,
    modified_at: Option<Timestamp>,
}

impl PyPostView {
    /// Converts an engine view.
    pub fn new(snapshot: &Snapshot, view: &PostView) -> Self {
        let summary = engine::summary(snapshot, view);
        Self {
            id: view.id().0,
            kind: view.kind().to_string(),
            status: view.status().to_string(),
            slug: view.slug().map(str::to_owned),
            title: view.title().to_owned(),
            excerpt: summary.excerpt,
            content: view.content().map(str::to_owned),
            authors: summary.authors,
            tags: summary.tags,
            categories: summary.categories,
            permalink: summary.permalink,
            author_names: summary.author_names,
            tag_names: summary.tag_names,
            category_names: summary.category_names,
            reading_minutes: summary.reading_minutes,
            comment_count: view.comment_count(),
            sticky: view.sticky(),
            password_protected: view.password_protected(),
            published_at: view.published(),
            modified_at: view.modified(),
        }
    }
}

#[pymethods]
impl PyPostView {
    /// Publication time, timezone-aware in the site's local offset (None for undated drafts).
    #[getter]
    fn published<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp(py, self.published_at)
    }

    /// Last modification time, timezone-aware in the site's local offset.
    #[getter]
    fn modified<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        timestamp(py, self.modified_at)
    }

    fn __repr__(&self) -> String {
        format!(
            "PostView(id={}, slug={:?}, title={:?})",
            self.id,
            self.slug.as_deref().unwrap_or(""),
            self.title
        )
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyPostView>().is_ok_and(|other| {
            let other = other.get();
            self.id == other.id
                && self.title == other.title
                && self.content == other.content
                && self.published_at == other.published_at
                && self.modified_at == other.modified_at
                && self.status == other.status
        })
    }

    fn __hash__(&self) -> u64 {
        self.id
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
            id: view.id.0,
            post: view.post.0,
            parent: view.parent.map(|p| p.0),
            author_name: view.author_name.clone(),
            author_url: view.author_url.as_ref().map(|u| u.to_string()),
            user: view.user.map(|u| u.0),
            content: view.content.clone(),
            status: view.status.as_str().to_owned(),
            kind: view.kind.as_str().to_owned(),
            date_at: view.date,
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
#[pyclass(module = "broadsheet", name = "SiteInfo", frozen, get_all)]
pub struct PySiteInfo {
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
impl PySiteInfo {
    fn __repr__(&self) -> String {
        format!(
            "SiteInfo(title={:?}, url={:?})",
            self.title,
            self.url.as_deref().unwrap_or("")
        )
    }
}
