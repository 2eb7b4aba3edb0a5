//! `Archive`: one site, indexed, queried from any thread while another edits.
//!
//! The class holds the engine's `Archive` (Send + Sync; readers take immutable snapshots), the
//! report of the load and the source format. Every call that does real work runs with the GIL
//! released (`py.detach`) and inside `guarded`, so a Rust panic becomes `InternalError`.

use crate::engine;
use crate::errors::{
    BroadsheetError, QueryError, edit_error, export_error, filter_error, guarded, query_error,
    unknown_name_error,
};
use crate::model::{PyAuthor, PyComment, PyMedia, PyPost, PyTerm};
use crate::report::PyReport;
use crate::views::{
    PyAdjacent, PyCloudEntry, PyCommentView, PyDateCount, PyPage, PyPostView, PyRelatedPost,
    PySiteSettings, PyThread, thread_nodes,
};
use broadsheet::cloud::CloudOptions;
use broadsheet::formats::feed::{FeedChannel, FeedContent, FeedFormat, query_items, render_feed};
use broadsheet::formats::{Opened, SourceFormat};
use broadsheet::thread::ThreadOptions;
use broadsheet::{
    Archive, AuthorId, CommentId, MediaId, PostId, Query, Report, SiteData, Snapshot, Taxonomy,
    TermId, Viewer,
};
use broadsheet::{ParamsError, QueryParams};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList};
use std::path::PathBuf;
use std::sync::Arc;

/// A post named by id, slug or `PostView`.
#[derive(FromPyObject)]
pub enum PostRef<'py> {
    /// A numeric id.
    Id(u64),
    /// A slug (or an id as text).
    Slug(String),
    /// A view from a query.
    View(Bound<'py, PyPostView>),
}

/// An indexed site: queries, aggregations, exports, tables and edits.
#[pyclass(module = "broadsheet", name = "Archive", frozen)]
pub struct PyArchive {
    pub(crate) inner: Arc<Archive>,
    report: Report,
    format: SourceFormat,
}

impl PyArchive {
    /// Runs one edit with the GIL released and panics caught (named `what` in an
    /// `InternalError`); an engine refusal becomes an `EditError`.
    fn edit<T: Send>(
        &self,
        py: Python<'_>,
        what: &str,
        edit: impl FnOnce(
            &mut broadsheet::archive::Editor<'_>,
        ) -> Result<T, broadsheet::archive::EditError>
        + Send,
    ) -> PyResult<T> {
        py.detach(|| guarded(what, || self.inner.edit(edit).map_err(edit_error)))
    }

    /// Wraps an opened input.
    pub fn new(opened: Opened) -> Self {
        Self {
            report: opened.report(),
            inner: Arc::new(opened.archive),
            format: opened.format,
        }
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.inner.snapshot()
    }

    fn viewer(&self, snapshot: &Snapshot, viewer: &str) -> PyResult<Viewer> {
        engine::parse_viewer(viewer, snapshot).map_err(query_error)
    }

    fn resolve_post(&self, snapshot: &Snapshot, post: PostRef<'_>) -> PyResult<PostId> {
        let found = match post {
            PostRef::Id(id) => Some(PostId(id)).filter(|id| snapshot.post(*id).is_some()),
            PostRef::Slug(text) => engine::find_post(snapshot, &text),
            PostRef::View(view) => Some(PostId(view.get().post_id())),
        };
        found.ok_or_else(|| QueryError::new_err("no post with that id or slug"))
    }

    fn views<'py>(
        py: Python<'py>,
        snapshot: &Arc<Snapshot>,
        views: &[broadsheet::archive::PostView],
    ) -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, views.iter().map(|view| PyPostView::new(snapshot, view)))
    }
}

/// The filtering keywords every query-like call takes, as the engine's `QueryParams`.
#[allow(clippy::too_many_arguments)]
fn params(
    filter: Option<String>,
    tag: Option<String>,
    tags_any: Option<Vec<String>>,
    tags_all: Option<Vec<String>>,
    exclude_tags: Option<Vec<String>>,
    category: Option<String>,
    author: Option<String>,
    year: Option<i32>,
    month: Option<u32>,
    day: Option<u32>,
    search: Option<String>,
    kind: Option<String>,
    status: Option<String>,
) -> QueryParams {
    QueryParams {
        filter,
        tag,
        tags_any: tags_any.unwrap_or_default(),
        tags_all: tags_all.unwrap_or_default(),
        exclude_tags: exclude_tags.unwrap_or_default(),
        category,
        author,
        year,
        month,
        day,
        search,
        kind,
        status,
        ..QueryParams::default()
    }
}

/// The engine's query for some parameters, its names checked against the snapshot
/// (`Snapshot::resolve_names`, as the command checks them): a filter that does not parse is a
/// `FilterSyntaxError`; an unknown order, tag, category, author, kind, status or taxonomy an
/// `UnknownNameError` with the engine's suggestions.
fn to_query(py: Python<'_>, snapshot: &Snapshot, params: &QueryParams) -> PyResult<Query> {
    let query = params.to_query().map_err(|error| params_error(py, error))?;
    engine::resolve_names(snapshot, &query).map_err(|name| unknown_name_error(py, name))
}

/// Maps a parameters error.
fn params_error(py: Python<'_>, error: ParamsError) -> PyErr {
    match error {
        ParamsError::Filter { text, error } => filter_error(py, &text, &error),
        ParamsError::Name(name) => unknown_name_error(py, name),
        other => QueryError::new_err(other.to_string()),
    }
}

#[pymethods]
impl PyArchive {
    /// Every issue the load found (import and build), errors and warnings.
    #[getter]
    fn report(&self) -> PyReport {
        PyReport::from(self.report.clone())
    }

    /// The format the archive was read from (`wxr-1.2`, `ghost-2.9.0`, `broadsheet-json-1`).
    #[getter]
    fn source_format(&self) -> String {
        self.format.to_string()
    }

    /// The site's settings (title, URL, tagline, language, time zone; the source's other
    /// settings, `meta`, stay in Rust: they may hold private values).
    #[getter]
    fn settings(&self) -> PySiteSettings {
        let snapshot = self.snapshot();
        let info = snapshot.settings();
        PySiteSettings {
            title: info.title.clone(),
            url: info.url.as_ref().map(|u| u.to_string()),
            description: info.description.clone(),
            language: info.language.clone(),
            time_zone: info.time_zone.to_string(),
        }
    }

    fn __len__(&self) -> usize {
        self.snapshot().post_count()
    }

    fn __repr__(&self) -> String {
        let snapshot = self.snapshot();
        format!(
            "Archive(title={:?}, items={}, source_format={:?})",
            snapshot.settings().title,
            snapshot.post_count(),
            self.format.to_string()
        )
    }

    /// Saves the archive (atomically) in a format, by default the one the file name implies.
    #[pyo3(signature = (path, format=None))]
    fn save(&self, py: Python<'_>, path: PathBuf, format: Option<&str>) -> PyResult<()> {
        let format = match format {
            Some(name) => engine::parse_format(name).map_err(BroadsheetError::new_err)?,
            None => broadsheet::formats::Format::from_extension(&path).ok_or_else(|| {
                BroadsheetError::new_err(format!(
                    "{}: cannot tell the format from the file name; pass format= (wxr, ghost, json or jsonl)",
                    path.display()
                ))
            })?,
        };
        let snapshot = self.snapshot();
        py.detach(|| {
            guarded("save", || {
                engine::save(&snapshot, &path, format).map_err(export_error)
            })
        })
    }

    /// The archive in a format (`wxr`, `ghost`, `json`, `jsonl`), as bytes.
    fn to_bytes<'py>(&self, py: Python<'py>, format: &str) -> PyResult<Bound<'py, PyBytes>> {
        let format = engine::parse_format(format).map_err(BroadsheetError::new_err)?;
        let snapshot = self.snapshot();
        let bytes = py.detach(|| {
            guarded("to_bytes", || {
                engine::to_bytes(&snapshot, format).map_err(export_error)
            })
        })?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Counts: exactly the keys and values of `broadsheet stats --json`.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let snapshot = self.snapshot();
        let value = py.detach(|| {
            guarded("stats", || {
                Ok(engine::stats(&snapshot, &self.report, &self.format))
            })
        })?;
        crate::convert::from_json(py, &value)
    }

    /// Validates the archive's current content.
    fn validate(&self, py: Python<'_>) -> PyResult<PyReport> {
        let snapshot = self.snapshot();
        py.detach(|| {
            guarded("validate", || {
                Ok(PyReport::from(engine::validate(&snapshot)))
            })
        })
    }

    /// One page of posts matching a filter string and keyword conditions, for a viewer.
    #[pyo3(signature = (filter=None, *, tag=None, tags_any=None, tags_all=None, exclude_tags=None,
        category=None, author=None, year=None, month=None, day=None, search=None, kind=None,
        status=None, order="-published", sticky_first=false, page=1, per_page=10, cursor=None,
        viewer="anonymous"))]
    #[allow(clippy::too_many_arguments)]
    fn query(
        &self,
        py: Python<'_>,
        filter: Option<String>,
        tag: Option<String>,
        tags_any: Option<Vec<String>>,
        tags_all: Option<Vec<String>>,
        exclude_tags: Option<Vec<String>>,
        category: Option<String>,
        author: Option<String>,
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        search: Option<String>,
        kind: Option<String>,
        status: Option<String>,
        order: Option<&str>,
        sticky_first: bool,
        page: u64,
        per_page: u64,
        cursor: Option<String>,
        viewer: &str,
    ) -> PyResult<PyPage> {
        let snapshot = self.snapshot();
        let viewer = self.viewer(&snapshot, viewer)?;
        let params = QueryParams {
            order: order.map(str::to_owned),
            sticky_first,
            page: Some(page),
            per_page: Some(per_page),
            cursor,
            ..params(
                filter,
                tag,
                tags_any,
                tags_all,
                exclude_tags,
                category,
                author,
                year,
                month,
                day,
                search,
                kind,
                status,
            )
        };
        let query = to_query(py, &snapshot, &params)?;
        let result = py.detach(|| {
            guarded("query", || {
                snapshot.query(&query, viewer).map_err(query_error)
            })
        })?;
        Ok(PyPage {
            posts: Self::views(py, &snapshot, &result.posts)?.unbind(),
            total: result.total,
            total_pages: result.total_pages,
            page: result.page,
            per_page: result.per_page,
            next_cursor: result.next_cursor,
        })
    }

    /// How many posts a query matches (the same keywords as `query`, without pagination).
    #[pyo3(signature = (filter=None, *, tag=None, tags_any=None, tags_all=None, exclude_tags=None,
        category=None, author=None, year=None, month=None, day=None, search=None, kind=None,
        status=None, viewer="anonymous"))]
    #[allow(clippy::too_many_arguments)]
    fn count(
        &self,
        py: Python<'_>,
        filter: Option<String>,
        tag: Option<String>,
        tags_any: Option<Vec<String>>,
        tags_all: Option<Vec<String>>,
        exclude_tags: Option<Vec<String>>,
        category: Option<String>,
        author: Option<String>,
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        search: Option<String>,
        kind: Option<String>,
        status: Option<String>,
        viewer: &str,
    ) -> PyResult<u64> {
        let snapshot = self.snapshot();
        let viewer = self.viewer(&snapshot, viewer)?;
        let params = params(
            filter,
            tag,
            tags_any,
            tags_all,
            exclude_tags,
            category,
            author,
            year,
            month,
            day,
            search,
            kind,
            status,
        );
        let query = to_query(py, &snapshot, &params)?;
        py.detach(|| {
            guarded("count", || {
                snapshot.count(&query, viewer).map_err(query_error)
            })
        })
    }

    /// Posts per year, month or day of the local calendar, newest first.
    /// The same filtering keywords as `count` choose the posts counted.
    #[pyo3(signature = (by="month", filter=None, *, tag=None, tags_any=None, tags_all=None,
        exclude_tags=None, category=None, author=None, year=None, month=None, day=None,
        search=None, kind=None, status=None, viewer="anonymous"))]
    #[allow(clippy::too_many_arguments)]
    fn dates(
        &self,
        py: Python<'_>,
        by: &str,
        filter: Option<String>,
        tag: Option<String>,
        tags_any: Option<Vec<String>>,
        tags_all: Option<Vec<String>>,
        exclude_tags: Option<Vec<String>>,
        category: Option<String>,
        author: Option<String>,
        year: Option<i32>,
        month: Option<u32>,
        day: Option<u32>,
        search: Option<String>,
        kind: Option<String>,
        status: Option<String>,
        viewer: &str,
    ) -> PyResult<Vec<PyDateCount>> {
        let snapshot = self.snapshot();
        let viewer = self.viewer(&snapshot, viewer)?;
        let granularity = engine::parse_granularity(by).map_err(query_error)?;
        let params = params(
            filter,
            tag,
            tags_any,
            tags_all,
            exclude_tags,
            category,
            author,
            year,
            month,
            day,
            search,
            kind,
            status,
        );
        let query = to_query(py, &snapshot, &params)?;
        let counts = py.detach(|| {
            guarded("dates", || {
                snapshot
                    .date_archive(granularity, &query, viewer)
                    .map_err(query_error)
            })
        })?;
        Ok(counts
            .into_iter()
            .map(|c| PyDateCount {
                year: c.year,
                month: c.month,
                day: c.day,
                count: c.count,
            })
            .collect())
    }

    /// WordPress's tag cloud: the most used terms of a taxonomy with their font sizes.
    #[pyo3(signature = (taxonomy="post_tag", number=45, smallest=8.0, largest=22.0, unit="pt",
        order="name", descending=None, filter=None, *, viewer="anonymous"))]
    #[allow(clippy::too_many_arguments)]
    fn tag_cloud(
        &self,
        py: Python<'_>,
        taxonomy: &str,
        number: usize,
        smallest: f64,
        largest: f64,
        unit: &str,
        order: &str,
        descending: Option<bool>,
        filter: Option<&str>,
        viewer: &str,
    ) -> PyResult<Vec<PyCloudEntry>> {
        let snapshot = self.snapshot();
        let viewer = self.viewer(&snapshot, viewer)?;
        let order_by = engine::parse_cloud_order(order).map_err(query_error)?;
        let options = CloudOptions::default()
            .with_smallest(smallest)
            .with_largest(largest)
            .with_unit(unit.to_owned())
            .with_number(number)
            .with_order_by(order_by)
            // Each order has its default direction (count: most used first).
            .with_descending(descending.unwrap_or_else(|| order_by.default_descending()));
        let taxonomy = Taxonomy::from(taxonomy);
        let query = query_of_filter(py, &snapshot, filter)?;
        let entries = py.detach(|| {
            guarded("tag_cloud", || {
                snapshot
                    .tag_cloud(&query, &taxonomy, &options, viewer)
                    .map_err(query_error)
            })
        })?;
        Ok(entries
            .into_iter()
            .map(|e| PyCloudEntry {
                term: e.term.id().0,
                font_size: e.css_font_size(&options.unit),
                slug: e.term.slug().to_owned(),
                name: e.term.name().to_owned(),
                count: e.count,
                size: e.size,
            })
            .collect())
    }

    /// A post's comment thread as a viewer sees it (WordPress's depth limit and paging).
    #[pyo3(signature = (post, *, viewer="anonymous", max_depth=5, newest_first=false, page=1, per_page=None))]
    #[allow(clippy::too_many_arguments)]
    fn thread(
        &self,
        py: Python<'_>,
        post: PostRef<'_>,
        viewer: &str,
        max_depth: Option<usize>,
        newest_first: bool,
        page: usize,
        per_page: Option<usize>,
    ) -> PyResult<PyThread> {
        let snapshot = self.snapshot();
        let viewer = self.viewer(&snapshot, viewer)?;
        let id = self.resolve_post(&snapshot, post)?;
        let options = ThreadOptions::default()
            .with_viewer(viewer)
            .with_max_depth(max_depth)
            .with_newest_first(newest_first)
            .with_page(page)
            .with_per_page(per_page);
        let thread =
            py.detach(|| guarded("thread", || Ok(snapshot.comment_thread(id, &options))))?;
        Ok(PyThread {
            nodes: thread_nodes(py, &thread.nodes)?.unbind(),
            top_level_total: thread.top_level_total,
            total: thread.total,
            pages: thread.pages,
        })
    }

    /// The comments on a post a viewer may see, oldest first, in a flat list.
    #[pyo3(signature = (post, *, viewer="anonymous"))]
    fn comments(
        &self,
        py: Python<'_>,
        post: PostRef<'_>,
        viewer: &str,
    ) -> PyResult<Vec<PyCommentView>> {
        let snapshot = self.snapshot();
        let viewer = self.viewer(&snapshot, viewer)?;
        let id = self.resolve_post(&snapshot, post)?;
        let comments =
            py.detach(|| guarded("comments", || Ok(snapshot.post_comments(id, viewer))))?;
        Ok(comments.iter().map(PyCommentView::from).collect())
    }

    /// The posts published just before and after a post (among those a filter matches,
    /// optionally sharing a term of `same_term`).
    #[pyo3(signature = (post, *, filter=None, same_term=None, viewer="anonymous"))]
    fn adjacent(
        &self,
        py: Python<'_>,
        post: PostRef<'_>,
        filter: Option<&str>,
        same_term: Option<&str>,
        viewer: &str,
    ) -> PyResult<PyAdjacent> {
        let snapshot = self.snapshot();
        let viewer = self.viewer(&snapshot, viewer)?;
        let id = self.resolve_post(&snapshot, post)?;
        let query = query_of_filter(py, &snapshot, filter)?;
        let taxonomy = same_term.map(Taxonomy::from);
        let found = py.detach(|| {
            guarded("adjacent", || {
                snapshot
                    .adjacent(id, &query, taxonomy.as_ref(), viewer)
                    .map_err(query_error)
            })
        })?;
        let view = |v: Option<broadsheet::archive::PostView>| -> PyResult<Option<Py<PyPostView>>> {
            v.map(|v| Py::new(py, PyPostView::new(&snapshot, &v)))
                .transpose()
        };
        Ok(PyAdjacent {
            previous: view(found.previous)?,
            next: view(found.next)?,
        })
    }

    /// Up to `limit` posts sharing tags with a post: most shared first, then newest.
    #[pyo3(signature = (post, limit=5, *, filter=None, viewer="anonymous"))]
    fn related(
        &self,
        py: Python<'_>,
        post: PostRef<'_>,
        limit: usize,
        filter: Option<&str>,
        viewer: &str,
    ) -> PyResult<Vec<PyRelatedPost>> {
        let snapshot = self.snapshot();
        let viewer = self.viewer(&snapshot, viewer)?;
        let id = self.resolve_post(&snapshot, post)?;
        let query = query_of_filter(py, &snapshot, filter)?;
        let found = py.detach(|| {
            guarded("related", || {
                snapshot
                    .related(id, &query, limit, viewer)
                    .map_err(query_error)
            })
        })?;
        found
            .into_iter()
            .map(|r| {
                Ok(PyRelatedPost {
                    post: Py::new(py, PyPostView::new(&snapshot, &r.post))?,
                    shared_terms: r.shared_terms,
                })
            })
            .collect()
    }

    /// A feed (`atom`, `rss` or `json`) of the newest public posts a filter matches.
    #[pyo3(signature = (format="atom", filter=None, number=10, full=false))]
    fn feed(
        &self,
        py: Python<'_>,
        format: &str,
        filter: Option<&str>,
        number: u64,
        full: bool,
    ) -> PyResult<String> {
        let format: FeedFormat = format
            .parse()
            .map_err(|e: String| BroadsheetError::new_err(e))?;
        let snapshot = self.snapshot();
        let query = query_of_filter(py, &snapshot, filter)?.page(1, number);
        let content = if full {
            FeedContent::Full
        } else {
            FeedContent::Excerpt
        };
        py.detach(|| {
            guarded("feed", || {
                let items = query_items(&snapshot, &query, content).map_err(query_error)?;
                let channel =
                    FeedChannel::for_site(snapshot.as_ref(), format).with_updated_from(&items);
                Ok(render_feed(format, &channel, &items))
            })
        })
    }

    /// One table (`posts`, `authors`, `terms`, `post_terms`, `post_authors`, `comments`,
    /// `media`) built in Rust, for any Arrow consumer. Private columns only with `private=True`.
    #[pyo3(signature = (name, *, private=false))]
    fn table(
        &self,
        py: Python<'_>,
        name: &str,
        private: bool,
    ) -> PyResult<crate::tables::PyTableStream> {
        let table = crate::tables::parse_table(name)?;
        let snapshot = self.snapshot();
        crate::tables::table_stream(py, &snapshot, table, private)
    }

    /// A table as a `pyarrow.Table` (needs pyarrow: `pip install broadsheet[arrow]`).
    #[pyo3(signature = (name, *, private=false))]
    fn to_arrow<'py>(
        slf: &Bound<'py, Self>,
        name: &str,
        private: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        frames(slf.py(), "to_arrow", slf, name, private)
    }

    /// A table as a pandas DataFrame (needs pandas and pyarrow: `pip install broadsheet[pandas]`).
    #[pyo3(signature = (name, *, private=false))]
    fn to_pandas<'py>(
        slf: &Bound<'py, Self>,
        name: &str,
        private: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        frames(slf.py(), "to_pandas", slf, name, private)
    }

    /// A table as a Polars DataFrame (needs polars).
    #[pyo3(signature = (name, *, private=false))]
    fn to_polars<'py>(
        slf: &Bound<'py, Self>,
        name: &str,
        private: bool,
    ) -> PyResult<Bound<'py, PyAny>> {
        frames(slf.py(), "to_polars", slf, name, private)
    }

    /// Writes every table as a Hive-partitioned Parquet dataset:
    /// `directory/table=<table>/site=<site>/part-0.parquet`. `site` defaults to the ASCII slug
    /// of the site's title. Returns the files written.
    #[pyo3(signature = (directory, *, site=None, private=false))]
    fn to_parquet(
        &self,
        py: Python<'_>,
        directory: PathBuf,
        site: Option<String>,
        private: bool,
    ) -> PyResult<Vec<PathBuf>> {
        let snapshot = self.snapshot();
        let site = match site {
            Some(site) => site,
            None => {
                let slug =
                    broadsheet::slugify(&snapshot.settings().title, broadsheet::SlugStyle::Ascii);
                if slug.is_empty() {
                    "site".to_owned()
                } else {
                    slug
                }
            }
        };
        let options = broadsheet_arrow::TableOptions::default().with_private(private);
        py.detach(|| {
            guarded("to_parquet", || {
                broadsheet_arrow::write_dataset(&snapshot, &directory, &site, &options)
                    .map_err(crate::tables::dataset_error)
            })
        })
    }

    /// Writes the static site the public sees into `out_dir` (as `broadsheet render`);
    /// returns the number of files written. See `broadsheet.render` in docs/python.md.
    #[pyo3(signature = (out_dir, *, tags=None, templates=None, per_page=10, mode=None))]
    fn render_site(
        &self,
        py: Python<'_>,
        out_dir: PathBuf,
        tags: Option<Vec<String>>,
        templates: Option<PathBuf>,
        per_page: u64,
        mode: Option<u32>,
    ) -> PyResult<usize> {
        let options = crate::render::options(tags, templates, per_page, mode);
        crate::render::render_site(py, self.snapshot(), out_dir, options)
    }

    /// One file of that site (`"index.html"`, `"tag/osh/index.html"`, a post's path) as
    /// text, or None when the site has no such page.
    #[pyo3(signature = (path, *, tags=None, templates=None, per_page=10))]
    fn render_page(
        &self,
        py: Python<'_>,
        path: String,
        tags: Option<Vec<String>>,
        templates: Option<PathBuf>,
        per_page: u64,
    ) -> PyResult<Option<String>> {
        let options = crate::render::options(tags, templates, per_page, None);
        crate::render::render_page(py, self.snapshot(), path, options)
    }

    /// Every post, page and other item, in id order: the owner's full records.
    fn posts(&self, py: Python<'_>) -> PyResult<Vec<PyPost>> {
        let snapshot = self.snapshot();
        let posts = py.detach(|| guarded("posts", || Ok(engine::posts(&snapshot))))?;
        Ok(posts.into_iter().map(|inner| PyPost { inner }).collect())
    }

    /// The post with an id or slug (the owner's full record), or None.
    fn post(&self, id_or_slug: PostRef<'_>) -> Option<PyPost> {
        let snapshot = self.snapshot();
        let id = self.resolve_post(&snapshot, id_or_slug).ok()?;
        snapshot.post(id).map(|post| PyPost {
            inner: post.clone(),
        })
    }

    /// Every author, in id order.
    fn authors(&self) -> Vec<PyAuthor> {
        let snapshot = self.snapshot();
        SiteData::authors(snapshot.as_ref())
            .map(|author| PyAuthor {
                inner: author.clone(),
            })
            .collect()
    }

    /// Every term, or those of one taxonomy, in id order.
    #[pyo3(signature = (taxonomy=None))]
    fn terms(&self, taxonomy: Option<&str>) -> Vec<PyTerm> {
        let snapshot = self.snapshot();
        let wrap = |term: &broadsheet::Term| PyTerm {
            inner: term.clone(),
        };
        match taxonomy.map(Taxonomy::from) {
            Some(taxonomy) => snapshot.terms_of(&taxonomy).map(wrap).collect(),
            None => SiteData::terms(snapshot.as_ref()).map(wrap).collect(),
        }
    }

    /// Every comment, whatever its status, in id order (the owner's full records).
    fn all_comments(&self) -> Vec<PyComment> {
        let snapshot = self.snapshot();
        SiteData::comments(snapshot.as_ref())
            .map(|comment| PyComment {
                inner: comment.clone(),
            })
            .collect()
    }

    /// Every media item, in id order.
    fn media(&self) -> Vec<PyMedia> {
        let snapshot = self.snapshot();
        SiteData::media(snapshot.as_ref())
            .map(|media| PyMedia {
                inner: media.clone(),
            })
            .collect()
    }

    /// Adds a post (its id must be new).
    fn add_post(&self, py: Python<'_>, post: &Bound<'_, PyPost>) -> PyResult<()> {
        let post = post.get().inner.clone();
        self.edit(py, "add_post", |e| e.insert_post(post))
    }

    /// Replaces a post (its id must exist).
    fn update_post(&self, py: Python<'_>, post: &Bound<'_, PyPost>) -> PyResult<()> {
        let post = post.get().inner.clone();
        self.edit(py, "update_post", |e| e.update_post(post))
    }

    /// Removes a post and its comments; returns the post.
    fn remove_post(&self, py: Python<'_>, id: u64) -> PyResult<PyPost> {
        self.edit(py, "remove_post", |e| e.delete_post(PostId(id)))
            .map(|inner| PyPost { inner })
    }

    /// Adds a comment (its id must be new).
    fn add_comment(&self, py: Python<'_>, comment: &Bound<'_, PyComment>) -> PyResult<()> {
        let comment = comment.get().inner.clone();
        self.edit(py, "add_comment", |e| e.insert_comment(comment))
    }

    /// Replaces a comment (its id must exist).
    fn update_comment(&self, py: Python<'_>, comment: &Bound<'_, PyComment>) -> PyResult<()> {
        let comment = comment.get().inner.clone();
        self.edit(py, "update_comment", |e| e.update_comment(comment))
    }

    /// Removes a comment; returns it.
    fn remove_comment(&self, py: Python<'_>, id: u64) -> PyResult<PyComment> {
        self.edit(py, "remove_comment", |e| e.delete_comment(CommentId(id)))
            .map(|inner| PyComment { inner })
    }

    /// Adds a term (its id must be new).
    fn add_term(&self, py: Python<'_>, term: &Bound<'_, PyTerm>) -> PyResult<()> {
        let term = term.get().inner.clone();
        self.edit(py, "add_term", |e| e.insert_term(term))
    }

    /// Replaces a term (its id must exist).
    fn update_term(&self, py: Python<'_>, term: &Bound<'_, PyTerm>) -> PyResult<()> {
        let term = term.get().inner.clone();
        self.edit(py, "update_term", |e| e.update_term(term))
    }

    /// Removes a term (from every post too; its children get its parent); returns it.
    fn remove_term(&self, py: Python<'_>, id: u64) -> PyResult<PyTerm> {
        self.edit(py, "remove_term", |e| e.delete_term(TermId(id)))
            .map(|inner| PyTerm { inner })
    }

    /// Adds an author (its id must be new).
    fn add_author(&self, py: Python<'_>, author: &Bound<'_, PyAuthor>) -> PyResult<()> {
        let author = author.get().inner.clone();
        self.edit(py, "add_author", |e| e.insert_author(author))
    }

    /// Replaces an author (its id must exist).
    fn update_author(&self, py: Python<'_>, author: &Bound<'_, PyAuthor>) -> PyResult<()> {
        let author = author.get().inner.clone();
        self.edit(py, "update_author", |e| e.update_author(author))
    }

    /// Removes an author (from every post's author list too); returns them.
    fn remove_author(&self, py: Python<'_>, id: u64) -> PyResult<PyAuthor> {
        self.edit(py, "remove_author", |e| e.delete_author(AuthorId(id)))
            .map(|inner| PyAuthor { inner })
    }

    /// Adds a media item (its id must be new).
    fn add_media(&self, py: Python<'_>, media: &Bound<'_, PyMedia>) -> PyResult<()> {
        let media = media.get().inner.clone();
        self.edit(py, "add_media", |e| e.insert_media(media))
    }

    /// Replaces a media item (its id must exist).
    fn update_media(&self, py: Python<'_>, media: &Bound<'_, PyMedia>) -> PyResult<()> {
        let media = media.get().inner.clone();
        self.edit(py, "update_media", |e| e.update_media(media))
    }

    /// Removes a media item; returns it.
    fn remove_media(&self, py: Python<'_>, id: u64) -> PyResult<PyMedia> {
        self.edit(py, "remove_media", |e| e.delete_media(MediaId(id)))
            .map(|inner| PyMedia { inner })
    }
}

/// A query holding only a filter string's conditions.
fn query_of_filter(py: Python<'_>, snapshot: &Snapshot, filter: Option<&str>) -> PyResult<Query> {
    let params = QueryParams {
        filter: filter.map(str::to_owned),
        ..QueryParams::default()
    };
    to_query(py, snapshot, &params)
}

/// Calls a function of `broadsheet.frames` (the pure-Python half of the tables).
fn frames<'py>(
    py: Python<'py>,
    function: &str,
    archive: &Bound<'py, PyArchive>,
    name: &str,
    private: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = pyo3::types::PyDict::new(py);
    kwargs.set_item("private", private)?;
    py.import("broadsheet.frames")?
        .getattr(function)?
        .call((archive, name), Some(&kwargs))
}
