//! [`QueryParams`]: a query as keyword arguments — what the command's options, Python's
//! `archive.query(...)` keywords, Kotlin and Swift records and the shared query corpus all
//! fill in, turned into the one [`Query`] model in one place.

use crate::archive::{QueryError, Snapshot};
use crate::filter_string::{FilterError, parse_filter};
use crate::names::UnknownName;
use crate::post::{PostKind, PostStatus};
use crate::query::{Order, Query, Viewer};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// A query spelled as named parameters. Every field is optional; together they are joined with
/// AND. The serde form uses these names (`tags_all`, `per_page`...), as do the bindings.
///
/// ```
/// use broadsheet_core::QueryParams;
/// let params = QueryParams {
///     filter: Some("published_at:>'2013-01-01'".into()),
///     tag: Some("kyrgyzstan".into()),
///     per_page: Some(5),
///     ..QueryParams::default()
/// };
/// let query = params.to_query().unwrap();
/// assert_eq!(query.pagination.per_page(), 5);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueryParams {
    /// A filter string (`tag:kyrgyzstan+published_at:>'2013-01-01'`, see `docs/queries.md`).
    pub filter: Option<String>,
    /// Posts with this tag (slug).
    pub tag: Option<String>,
    /// Posts with any of these tags.
    pub tags_any: Vec<String>,
    /// Posts with all of these tags.
    pub tags_all: Vec<String>,
    /// Posts with none of these tags.
    pub exclude_tags: Vec<String>,
    /// Posts in this category or one of its descendants (slug).
    pub category: Option<String>,
    /// Posts by this author (slug).
    pub author: Option<String>,
    /// Local-calendar year.
    pub year: Option<i32>,
    /// Local-calendar month (1-12; checked when the query runs).
    pub month: Option<u32>,
    /// Local-calendar day of the month (1-31; checked when the query runs).
    pub day: Option<u32>,
    /// Text search (every word required, `-word` excluded, `"a phrase"`).
    pub search: Option<String>,
    /// Kind (`post`, `page`, `attachment` or any other name); none means the engine's default
    /// (posts, unless the filter names a kind).
    pub kind: Option<String>,
    /// Status (`published`, `draft`..., or WordPress's `publish` and `future`); none means what
    /// the viewer sees by default.
    pub status: Option<String>,
    /// Order (`-published`, `title`, `comment_count:desc`...; see [`Order`]'s `FromStr`);
    /// newest first when none.
    pub order: Option<String>,
    /// Sticky posts first, on the first page.
    pub sticky_first: bool,
    /// Page number (1-based; default 1). Ignored when `cursor` is set.
    pub page: Option<u64>,
    /// Posts per page (default 10).
    pub per_page: Option<u64>,
    /// Continue after this cursor (a previous page's `next_cursor`) instead of a page number.
    pub cursor: Option<String>,
}

/// Why parameters do not make a query.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ParamsError {
    /// The filter string does not parse: the error says where; the message shows the text
    /// with a caret under the offending character.
    #[error("filter: {}", .error.render(.text))]
    Filter {
        /// The filter string given.
        text: String,
        /// Where and why it does not parse.
        error: FilterError,
    },
    /// A name (the order) is not known.
    #[error(transparent)]
    Name(#[from] UnknownName),
}

/// The posts per page when none is given.
pub const DEFAULT_PER_PAGE: u64 = 10;

impl QueryParams {
    /// The query these parameters describe. Ranges (month, day, page, per page) are checked
    /// by the archive when the query runs, as for any query.
    pub fn to_query(&self) -> Result<Query, ParamsError> {
        let mut query = match &self.filter {
            Some(text) => Query::new().filter_expr(parse_filter(text).map_err(|error| {
                ParamsError::Filter {
                    text: text.clone(),
                    error,
                }
            })?),
            None => Query::new(),
        };
        if let Some(tag) = &self.tag {
            query = query.tag(tag);
        }
        if !self.tags_any.is_empty() {
            query = query.any_tags(&strs(&self.tags_any));
        }
        if !self.tags_all.is_empty() {
            query = query.all_tags(&strs(&self.tags_all));
        }
        if !self.exclude_tags.is_empty() {
            query = query.without_tags(&strs(&self.exclude_tags));
        }
        if let Some(category) = &self.category {
            query = query.category(category);
        }
        if let Some(author) = &self.author {
            query = query.authors(&[author]);
        }
        if let Some(year) = self.year {
            query = query.year(year);
        }
        if let Some(month) = self.month {
            query = query.month(month);
        }
        if let Some(day) = self.day {
            query = query.day(day);
        }
        if let Some(search) = &self.search {
            query = query.search(search);
        }
        if let Some(kind) = &self.kind {
            query = query.kinds([PostKind::from(kind.as_str())]);
        }
        if let Some(status) = &self.status {
            query = query.statuses([PostStatus::from_user(status)]);
        }
        if let Some(order) = &self.order {
            query.order = order.parse::<Order>()?;
        }
        if self.sticky_first {
            query = query.sticky_first();
        }
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        Ok(match &self.cursor {
            Some(cursor) => query.after_cursor(Some(cursor.clone()), per_page),
            None => query.page(self.page.unwrap_or(1), per_page),
        })
    }
}

fn strs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

impl Snapshot {
    /// Runs a query given as parameters for a viewer given by name (`anonymous`, `editor`,
    /// `author:<id or slug>`): what a binding's `query(...)` does.
    pub fn query_params(
        &self,
        params: &QueryParams,
        viewer: &str,
    ) -> Result<crate::archive::Page, ParamsOrQueryError> {
        let viewer: Viewer = self.viewer(viewer)?;
        Ok(self.query(&params.to_query()?, viewer)?)
    }
}

/// A failure of [`Snapshot::query_params`]: the parameters, or the query itself.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum ParamsOrQueryError {
    /// The parameters do not make a query.
    #[error(transparent)]
    Params(#[from] ParamsError),
    /// The archive cannot answer the query (a bad cursor, a month out of range...).
    #[error(transparent)]
    Query(#[from] QueryError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Direction, OrderKey, Pagination, StickyPlacement};

    #[test]
    fn every_parameter_reaches_the_query() {
        let params: QueryParams = serde_json::from_str(
            r#"{"filter": "kind:page", "tag": "a", "tags_any": ["b", "c"], "tags_all": ["d"],
                "exclude_tags": ["e"], "category": "news", "author": "wlp", "year": 2013,
                "month": 5, "day": 30, "search": "women", "status": "publish",
                "order": "title", "sticky_first": true, "page": 2, "per_page": 3}"#,
        )
        .unwrap();
        let query = params.to_query().unwrap();
        let expected = Query::new()
            .filter_expr(parse_filter("kind:page").unwrap())
            .tag("a")
            .any_tags(&["b", "c"])
            .all_tags(&["d"])
            .without_tags(&["e"])
            .category("news")
            .authors(&["wlp"])
            .year(2013)
            .month(5)
            .day(30)
            .search("women")
            .statuses([PostStatus::Published])
            .order(OrderKey::Title, Direction::Ascending)
            .sticky_first()
            .page(2, 3);
        assert_eq!(query, expected);
        assert_eq!(query.sticky, StickyPlacement::FirstOnFirstPage);
    }

    #[test]
    fn defaults_cursors_and_errors() {
        let query = QueryParams::default().to_query().unwrap();
        assert_eq!(query, Query::new().page(1, DEFAULT_PER_PAGE));
        let cursor = QueryParams {
            cursor: Some("abc".into()),
            per_page: Some(4),
            page: Some(9),
            ..QueryParams::default()
        };
        assert_eq!(
            cursor.to_query().unwrap().pagination,
            Pagination::Cursor {
                after: Some("abc".into()),
                limit: 4
            }
        );
        let bad_filter = QueryParams {
            filter: Some("tag:[".into()),
            ..QueryParams::default()
        };
        let error = bad_filter.to_query().unwrap_err();
        let ParamsError::Filter { text, error: at } = &error else {
            panic!("{error:?}")
        };
        assert_eq!(text, "tag:[");
        assert!(
            error
                .to_string()
                .starts_with(&format!("filter: tag:[\n{}^", " ".repeat(at.position))),
            "{error}"
        );
        let bad_order = QueryParams {
            order: Some("sideways".into()),
            ..QueryParams::default()
        };
        assert!(matches!(bad_order.to_query(), Err(ParamsError::Name(_))));
        assert!(serde_json::from_str::<QueryParams>(r#"{"tags": ["a"]}"#).is_err());
    }
}
