//! The query record: the engine's `QueryParams` (the same named parameters as Python's
//! keywords, the command's options and the shared query corpus) as a Kotlin data class and a
//! Swift struct, plus who is asking. Every field has a default, so `Query(tag = "kyrgyzstan")`
//! is a complete query; the engine turns the parameters into its query model.

use crate::error::{BroadsheetError, Result};
use broadsheet::{ParamsError, QueryParams};

/// Who is asking: decides what a query, a count or an aggregate may show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Viewer {
    /// The public: published posts, approved comments, no protected content.
    Anonymous,
    /// A logged-in author: the public view plus their own unpublished posts.
    Author {
        /// The author's id.
        id: u64,
    },
    /// An editor: everything (trash only when a status filter asks for it).
    Editor,
}

/// The engine's viewer; none is the public.
pub(crate) fn engine_viewer(viewer: Option<Viewer>) -> broadsheet::Viewer {
    match viewer.unwrap_or(Viewer::Anonymous) {
        Viewer::Anonymous => broadsheet::Viewer::Anonymous,
        Viewer::Author { id } => broadsheet::Viewer::Author {
            id: broadsheet::AuthorId(id),
        },
        Viewer::Editor => broadsheet::Viewer::Editor,
    }
}

/// A query: which posts, in what order, which page, and who is asking. The conditions of the
/// filter string and of the other fields all apply (AND).
///
/// When nothing names a kind, only kind `post` is returned; when nothing names a status, the
/// viewer's default applies (published for the public). Every page carries `next_cursor`:
/// pass it back as `cursor` (with the same other fields) to walk the result without gaps or
/// repeats, even while the archive is edited.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct Query {
    /// A filter string (`tag:kyrgyzstan+published_at:>'2013-01-01'`, see docs/queries.md).
    #[uniffi(default)]
    pub filter: Option<String>,
    /// Posts with this tag (slug).
    #[uniffi(default)]
    pub tag: Option<String>,
    /// Posts with any of these tags.
    #[uniffi(default)]
    pub tags_any: Vec<String>,
    /// Posts with all of these tags.
    #[uniffi(default)]
    pub tags_all: Vec<String>,
    /// Posts with none of these tags.
    #[uniffi(default)]
    pub exclude_tags: Vec<String>,
    /// Posts in this category or one of its descendants (slug).
    #[uniffi(default)]
    pub category: Option<String>,
    /// Posts by this author (slug).
    #[uniffi(default)]
    pub author: Option<String>,
    /// Published in this year (the site's local calendar).
    #[uniffi(default)]
    pub year: Option<i32>,
    /// Published in this month, 1-12 (the site's local calendar).
    #[uniffi(default)]
    pub month: Option<u32>,
    /// Published on this day of the month, 1-31 (the site's local calendar).
    #[uniffi(default)]
    pub day: Option<u32>,
    /// Text search: every word, `-excluded`, `"a phrase"`; case- and accent-insensitive.
    #[uniffi(default)]
    pub search: Option<String>,
    /// Kind (`post`, `page`, `attachment` or another name); posts when none.
    #[uniffi(default)]
    pub kind: Option<String>,
    /// Status (`published`, `draft`..., or WordPress's `publish` and `future`); the viewer's
    /// default when none.
    #[uniffi(default)]
    pub status: Option<String>,
    /// Order (`-published`, `title`, `comment_count:desc`, `random:7`...); newest first when
    /// none.
    #[uniffi(default)]
    pub order: Option<String>,
    /// Sticky posts first, on the first page (WordPress's home page).
    #[uniffi(default)]
    pub sticky_first: bool,
    /// Page number, from 1 (default 1); ignored when `cursor` is set.
    #[uniffi(default)]
    pub page: Option<u64>,
    /// Posts per page (default 10).
    #[uniffi(default)]
    pub per_page: Option<u64>,
    /// Continue after this cursor (a previous page's `next_cursor`).
    #[uniffi(default)]
    pub cursor: Option<String>,
    /// Who is asking; the public when none.
    #[uniffi(default)]
    pub viewer: Option<Viewer>,
    /// The instant relative dates (`now-30d`) count from, in seconds since the epoch; the
    /// clock when none.
    #[uniffi(default)]
    pub now_epoch_seconds: Option<i64>,
}

impl Query {
    /// The engine's query and context, its names checked against `snapshot`
    /// (`Snapshot::resolve_names`, as the command and Python check them): an unknown tag,
    /// category, author, kind, status or taxonomy is [`BroadsheetError::UnknownName`] with the
    /// engine's suggestions, never an empty page.
    pub(crate) fn to_engine_on(
        &self,
        snapshot: &broadsheet::Snapshot,
    ) -> Result<(broadsheet::Query, broadsheet::QueryContext)> {
        let (query, context) = self.to_engine()?;
        Ok((snapshot.resolve_names(&query)?, context))
    }

    /// The engine's query and context.
    pub(crate) fn to_engine(&self) -> Result<(broadsheet::Query, broadsheet::QueryContext)> {
        let params = QueryParams {
            filter: self.filter.clone(),
            tag: self.tag.clone(),
            tags_any: self.tags_any.clone(),
            tags_all: self.tags_all.clone(),
            exclude_tags: self.exclude_tags.clone(),
            category: self.category.clone(),
            author: self.author.clone(),
            year: self.year,
            month: self.month,
            day: self.day,
            search: self.search.clone(),
            kind: self.kind.clone(),
            status: self.status.clone(),
            order: self.order.clone(),
            sticky_first: self.sticky_first,
            page: self.page,
            per_page: self.per_page,
            cursor: self.cursor.clone(),
        };
        let query = params.to_query().map_err(|error| match error {
            ParamsError::Filter { error, .. } => BroadsheetError::from(error),
            ParamsError::Name(name) => BroadsheetError::from(name),
            other => BroadsheetError::value("query", other),
        })?;
        let mut context = broadsheet::QueryContext::new(engine_viewer(self.viewer));
        if let Some(seconds) = self.now_epoch_seconds {
            let now = chrono::DateTime::from_timestamp(seconds, 0)
                .ok_or_else(|| BroadsheetError::value("query.now_epoch_seconds", "out of range"))?;
            context = context.at(now);
        }
        Ok((query, context))
    }
}
