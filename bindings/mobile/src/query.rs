//! The query record: the one query model as a Kotlin data class and a Swift struct. Every
//! field has a default, so `Query(filter = "tag:kyrgyzstan")` is a complete query.

use crate::error::{BroadsheetError, Result};
use broadsheet::query as q;
use broadsheet::{PostKind, PostStatus};

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
    {
        match viewer.unwrap_or(Viewer::Anonymous) {
            Viewer::Anonymous => broadsheet::Viewer::Anonymous,
            Viewer::Author { id } => broadsheet::Viewer::Author {
                id: broadsheet::AuthorId(id),
            },
            Viewer::Editor => broadsheet::Viewer::Editor,
        }
    }
}

/// What to order by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum OrderKey {
    /// Publication date.
    Published,
    /// Last modification date.
    Modified,
    /// Title (case- and accent-insensitive).
    Title,
    /// Slug.
    Slug,
    /// Number of approved comments.
    CommentCount,
    /// Search relevance (needs a search text; otherwise publication date).
    Relevance,
    /// A seeded shuffle: the same seed gives the same order.
    Random {
        /// The seed.
        seed: u64,
    },
}

/// An order: a key and a direction. Ties are broken by post id, so the order is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct Order {
    /// The key.
    pub key: OrderKey,
    /// Largest (newest, Z) first.
    #[uniffi(default = true)]
    pub descending: bool,
}

/// Which slice of the result to return.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Pagination {
    /// Page `page` (1-based) of `per_page` posts.
    Page {
        /// 1-based page number.
        page: u64,
        /// Posts per page (at least 1).
        per_page: u64,
    },
    /// `limit` posts after skipping `offset`.
    Offset {
        /// Posts to skip.
        offset: u64,
        /// Posts to return.
        limit: u64,
    },
    /// `limit` posts after the position a cursor from an earlier page names (from the start
    /// when `after` is none). Stays correct when posts are added or removed between calls.
    Cursor {
        /// `next_cursor` of the previous page.
        after: Option<String>,
        /// Posts to return.
        limit: u64,
    },
}

/// A query: which posts (a filter string and/or fields), a text search, an order, a slice,
/// and who is asking. The conditions of every field and of the filter string all apply.
///
/// When nothing names a kind, only kind `post` is returned; when nothing names a status, the
/// viewer's default applies (published for the public).
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct Query {
    /// A filter string (`tag:kyrgyzstan+published_at:>'2013-01-01'`, see docs/queries.md);
    /// empty for no condition.
    #[uniffi(default = "")]
    pub filter: String,
    /// Tagged with any of these tag slugs.
    #[uniffi(default)]
    pub tags: Vec<String>,
    /// Tagged with every one of these tag slugs.
    #[uniffi(default)]
    pub all_tags: Vec<String>,
    /// Tagged with none of these tag slugs.
    #[uniffi(default)]
    pub without_tags: Vec<String>,
    /// In any of these categories (by slug) or their descendants.
    #[uniffi(default)]
    pub categories: Vec<String>,
    /// By any of these authors (by slug).
    #[uniffi(default)]
    pub authors: Vec<String>,
    /// By none of these authors (by slug).
    #[uniffi(default)]
    pub without_authors: Vec<String>,
    /// With any of these statuses (`published`, `draft`...); empty for the viewer's default.
    #[uniffi(default)]
    pub statuses: Vec<String>,
    /// Of any of these kinds (`post`, `page`...); empty for posts only.
    #[uniffi(default)]
    pub kinds: Vec<String>,
    /// Published in this year (site's local calendar).
    #[uniffi(default)]
    pub year: Option<i32>,
    /// Published in this month, 1-12 (site's local calendar).
    #[uniffi(default)]
    pub month: Option<u32>,
    /// Published on this day of the month, 1-31 (site's local calendar).
    #[uniffi(default)]
    pub day: Option<u32>,
    /// Text search: every word, `-excluded`, `"a phrase"`; case- and accent-insensitive.
    #[uniffi(default)]
    pub search: Option<String>,
    /// The order; none for newest first.
    #[uniffi(default)]
    pub order: Option<Order>,
    /// The slice; none for page 1 of 10.
    #[uniffi(default)]
    pub pagination: Option<Pagination>,
    /// Sticky posts first, on the first page only (WordPress's home page).
    #[uniffi(default)]
    pub sticky_first: bool,
    /// Who is asking; none for the public.
    #[uniffi(default)]
    pub viewer: Option<Viewer>,
    /// The instant relative dates (`now-30d`) count from, in seconds since the epoch; none
    /// for the clock.
    #[uniffi(default)]
    pub now_epoch_seconds: Option<i64>,
}

fn strs(values: &[String]) -> Vec<&str> {
    values.iter().map(String::as_str).collect()
}

impl Query {
    /// The engine's query and context.
    pub(crate) fn to_engine(&self) -> Result<(q::Query, broadsheet::QueryContext)> {
        let mut query = q::Query::new();
        if !self.tags.is_empty() {
            query = query.any_tags(&strs(&self.tags));
        }
        if !self.all_tags.is_empty() {
            query = query.all_tags(&strs(&self.all_tags));
        }
        if !self.without_tags.is_empty() {
            query = query.without_tags(&strs(&self.without_tags));
        }
        if !self.categories.is_empty() {
            query = query.filter(q::Predicate::Terms {
                taxonomy: broadsheet::Taxonomy::Category,
                terms: self
                    .categories
                    .iter()
                    .cloned()
                    .map(q::TermRef::Slug)
                    .collect(),
                mode: q::Match::Any,
                descendants: true,
            });
        }
        if !self.authors.is_empty() {
            query = query.authors(&strs(&self.authors));
        }
        if !self.without_authors.is_empty() {
            query = query.without_authors(&strs(&self.without_authors));
        }
        if !self.statuses.is_empty() {
            query = query.statuses(self.statuses.iter().map(|s| PostStatus::from_user(s)));
        }
        if !self.kinds.is_empty() {
            query = query.kinds(self.kinds.iter().map(|k| PostKind::from(k.as_str())));
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
        if !self.filter.is_empty() {
            query = query.with_filter_string(&self.filter)?;
        }
        if let Some(order) = self.order {
            let key = match order.key {
                OrderKey::Published => q::OrderKey::Published,
                OrderKey::Modified => q::OrderKey::Modified,
                OrderKey::Title => q::OrderKey::Title,
                OrderKey::Slug => q::OrderKey::Slug,
                OrderKey::CommentCount => q::OrderKey::CommentCount,
                OrderKey::Relevance => q::OrderKey::Relevance,
                OrderKey::Random { seed } => q::OrderKey::Random { seed },
            };
            query = query.order(key, order.descending);
        }
        query.pagination = match self.pagination.clone() {
            None => q::Pagination::default(),
            Some(Pagination::Page { page, per_page }) => q::Pagination::Page { page, per_page },
            Some(Pagination::Offset { offset, limit }) => q::Pagination::Offset { offset, limit },
            Some(Pagination::Cursor { after, limit }) => q::Pagination::Cursor { after, limit },
        };
        if self.sticky_first {
            query = query.sticky_first();
        }
        let mut context = broadsheet::QueryContext::new(engine_viewer(self.viewer));
        if let Some(seconds) = self.now_epoch_seconds {
            let now = chrono::DateTime::from_timestamp(seconds, 0)
                .ok_or_else(|| BroadsheetError::value("query.now_epoch_seconds", "out of range"))?;
            context = context.at(now);
        }
        Ok((query, context))
    }
}
