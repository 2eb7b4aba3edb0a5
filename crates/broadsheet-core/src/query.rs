//! The one query model: which posts, in which order, which page, for whom.
//!
//! A [`Query`] is plain data with a builder. Its [`Filter`] is a boolean expression over
//! [`Predicate`]s (so that filter strings such as `(tag:a,tag:b)+author:c` parse into it
//! without loss); the builder methods add predicates joined by AND. Every surface (Rust, filter
//! strings, Python, Kotlin, Swift, the CLI) builds this same value.
//!
//! ```
//! use broadsheet_core::query::{Query, Order, OrderKey};
//! let query = Query::new().tag("kyrgyzstan").year(2013).page(1, 10);
//! assert_eq!(query.pagination.per_page(), 10);
//! assert_eq!(query.order, Order::newest_first());
//! # let _ = OrderKey::Published;
//! ```

use crate::ids::{AuthorId, PostId, TermId};
use crate::post::{PostKind, PostStatus};
use crate::term::Taxonomy;
use crate::time::Timestamp;
pub use crate::viewer::Viewer;
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a query could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum QueryError {
    /// Page numbers start at 1.
    #[error("page 0 does not exist: pages are numbered from 1")]
    ZeroPage,
    /// A month or a day outside its range.
    #[error("{field} {value} is out of range: a {field} is {expected}")]
    OutOfRange {
        /// `month` or `day`.
        field: &'static str,
        /// The value given.
        value: i64,
        /// The range, for the message (`1 to 12`).
        expected: &'static str,
    },
    /// An option value the query cannot work with (a cloud's font sizes...).
    #[error("{0}")]
    InvalidOption(String),
    /// A name (an order, a viewer, an author slug) that is not known.
    #[error(transparent)]
    UnknownName(#[from] crate::names::UnknownName),
    /// A page holds at least one post.
    #[error("posts per page (or limit) must be at least 1, got 0")]
    ZeroPerPage,
    /// The cursor is not one this library made (or was damaged).
    #[error("cursor {cursor:?} is not a valid cursor: {reason}")]
    MalformedCursor {
        /// The cursor given.
        cursor: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The cursor was made by a query with another filter, search, order or sticky placement.
    #[error(
        "cursor {0:?} belongs to a different query (filter, search, order or sticky placement changed); start again without a cursor"
    )]
    CursorFromAnotherQuery(String),
    /// A date value names a local time the site's clocks skipped.
    #[error("local time {0} does not exist in the site's time zone (the clocks skipped it)")]
    NonexistentLocalTime(chrono::NaiveDateTime),
    /// A date value is out of the representable range.
    #[error("date {value} is out of the representable range")]
    DateOutOfRange {
        /// The value, as written.
        value: String,
    },
    /// The post named (for adjacent or related posts) does not exist or is not visible.
    #[error("{0} does not exist or is not visible to this viewer")]
    UnknownPost(PostId),
}

/// A term named by slug (within the predicate's taxonomy) or by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermRef {
    /// By slug.
    Slug(String),
    /// By id.
    Id(TermId),
}

/// An author named by slug or by id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorRef {
    /// By slug.
    Slug(String),
    /// By id.
    Id(AuthorId),
}

/// How a predicate's several values combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Match {
    /// At least one of them (`tags:[a,b]`).
    #[default]
    Any,
    /// Every one of them.
    All,
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// `=` (for dates: within the same local day when the value is a date).
    Eq,
    /// `<` (before; exclusive).
    Lt,
    /// `<=` (before; inclusive).
    Le,
    /// `>` (after; exclusive).
    Gt,
    /// `>=` (after; inclusive).
    Ge,
}

/// A unit of relative time (`now-30d`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Seconds.
    Seconds,
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
    /// Weeks.
    Weeks,
    /// Calendar months.
    Months,
    /// Calendar years.
    Years,
}

/// A point in time a date predicate compares with.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateValue {
    /// A local calendar date: the instant is the start of that day in the site's time zone.
    Date(NaiveDate),
    /// A local wall-clock time in the site's time zone.
    LocalDateTime(NaiveDateTime),
    /// An exact instant.
    Instant(Timestamp),
    /// `now` plus `amount` units (negative for the past), `now` being given at query time.
    Relative {
        /// Signed number of units.
        amount: i64,
        /// The unit.
        unit: TimeUnit,
    },
}

/// Which date of a post a predicate looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateField {
    /// `published_at`.
    Published,
    /// `updated_at`.
    Modified,
}

/// How a text predicate matches (case- and accent-insensitive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextMatch {
    /// `~'x'`: contains.
    Contains,
    /// `~^'x'`: starts with.
    StartsWith,
    /// `~$'x'`: ends with.
    EndsWith,
    /// `:'x'`: equal.
    Equals,
}

/// One condition on a post.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "on", rename_all = "snake_case")]
pub enum Predicate {
    /// Has any / all of these terms of a taxonomy. In hierarchical taxonomies a post in a
    /// descendant of a named term matches too unless `descendants` is false.
    Terms {
        /// The taxonomy the slugs belong to.
        taxonomy: Taxonomy,
        /// The terms.
        terms: Vec<TermRef>,
        /// Any or all.
        mode: Match,
        /// Include descendant terms (hierarchical taxonomies only).
        descendants: bool,
    },
    /// Written by any of these authors.
    Authors {
        /// The authors.
        authors: Vec<AuthorRef>,
    },
    /// In any of these statuses.
    Status {
        /// The statuses.
        statuses: Vec<PostStatus>,
    },
    /// Of any of these kinds.
    Kind {
        /// The kinds.
        kinds: Vec<PostKind>,
    },
    /// Published in this local-calendar year.
    Year {
        /// The year.
        year: i32,
    },
    /// Published in this local-calendar month (1-12).
    Month {
        /// The month.
        month: u32,
    },
    /// Published on this local-calendar day of the month (1-31).
    Day {
        /// The day.
        day: u32,
    },
    /// A date compared with a value.
    Date {
        /// Which date.
        field: DateField,
        /// The comparison.
        comparison: Comparison,
        /// The value.
        value: DateValue,
    },
    /// Sticky or not.
    Sticky {
        /// Whether sticky.
        sticky: bool,
    },
    /// Number of approved comments compared with a number.
    CommentCount {
        /// The comparison.
        comparison: Comparison,
        /// The number.
        count: u64,
    },
    /// Password protected or not.
    PasswordProtected {
        /// Whether protected.
        protected: bool,
    },
    /// The title matches a text (case- and accent-insensitive).
    Title {
        /// How.
        matching: TextMatch,
        /// The text.
        text: String,
    },
    /// The slug is one of these.
    Slug {
        /// The slugs.
        slugs: Vec<String>,
    },
    /// The id is one of these.
    Id {
        /// The ids.
        ids: Vec<PostId>,
    },
}

/// A boolean expression over predicates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "op", content = "of", rename_all = "snake_case")]
pub enum Filter {
    /// Every sub-filter holds (an empty `And` is true).
    And(Vec<Filter>),
    /// At least one sub-filter holds (an empty `Or` is false).
    Or(Vec<Filter>),
    /// The sub-filter does not hold.
    Not(Box<Filter>),
    /// One condition.
    Predicate(Predicate),
}

impl Default for Filter {
    fn default() -> Self {
        Filter::And(Vec::new())
    }
}

impl Filter {
    /// The filter that matches everything.
    pub fn all() -> Self {
        Self::default()
    }

    /// `self AND other`, flattening nested ANDs.
    #[must_use]
    pub fn and(self, other: Filter) -> Filter {
        match (self, other) {
            (Filter::And(mut left), Filter::And(right)) => {
                left.extend(right);
                Filter::And(left)
            }
            (Filter::And(mut left), right) => {
                left.push(right);
                Filter::And(left)
            }
            (left, Filter::And(mut right)) => {
                right.insert(0, left);
                Filter::And(right)
            }
            (left, right) => Filter::And(vec![left, right]),
        }
    }

    /// Whether any predicate anywhere in the expression satisfies `test`.
    pub fn mentions(&self, test: &mut impl FnMut(&Predicate) -> bool) -> bool {
        match self {
            Filter::And(parts) | Filter::Or(parts) => parts.iter().any(|p| p.mentions(test)),
            Filter::Not(inner) => inner.mentions(test),
            Filter::Predicate(predicate) => test(predicate),
        }
    }
}

/// What to order by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
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
    /// Search relevance (needs a search text; otherwise falls back to published).
    Relevance,
    /// A seeded shuffle: the same seed gives the same order.
    Random {
        /// The seed.
        seed: u64,
    },
}

/// An order: a key and a direction; ties are always broken by post id (in the same direction),
/// so the order is total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Order {
    /// The key.
    pub key: OrderKey,
    /// Descending (newest, largest, Z first) when true.
    pub descending: bool,
}

/// Which way an order runs, for [`Query::order`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Oldest, smallest, A first.
    Ascending,
    /// Newest, largest, Z first.
    Descending,
}

/// Whether a date bound includes the value itself, for [`Query::published_after`] and
/// [`Query::published_before`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bound {
    /// The value itself matches (`>=`, `<=`).
    Inclusive,
    /// Only values strictly after (or before) it match (`>`, `<`).
    Exclusive,
}

impl Order {
    /// Newest first by publication date (the default).
    pub fn newest_first() -> Self {
        Self {
            key: OrderKey::Published,
            descending: true,
        }
    }
}

impl Default for Order {
    fn default() -> Self {
        Self::newest_first()
    }
}

/// Which slice of the result to return.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Pagination {
    /// Page `page` (1-based) of `per_page` posts, with totals.
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
    /// `limit` posts after the position an opaque cursor from an earlier result names (from
    /// the start when `None`). Stays correct when posts are added or removed between calls.
    Cursor {
        /// The cursor from the previous result.
        after: Option<String>,
        /// Posts to return.
        limit: u64,
    },
}

impl Default for Pagination {
    fn default() -> Self {
        Pagination::Page {
            page: 1,
            per_page: 10,
        }
    }
}

impl Pagination {
    /// The number of posts a page holds.
    pub fn per_page(&self) -> u64 {
        match self {
            Pagination::Page { per_page, .. } => *per_page,
            Pagination::Offset { limit, .. } | Pagination::Cursor { limit, .. } => *limit,
        }
    }
}

/// Where sticky posts go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StickyPlacement {
    /// In their place in the order, like any post.
    #[default]
    InOrder,
    /// Before the other posts, on the first page only (WordPress's home page).
    FirstOnFirstPage,
}

/// A query: filter, text search, order, page and sticky placement.
///
/// When the filter names no kind, only kind `post` is returned. When it names no status, the
/// viewer's default applies (see [`Viewer`]); visibility always applies on top.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Query {
    /// Which posts.
    #[serde(default)]
    pub filter: Filter,
    /// Text search over title, excerpt and content: every word required, `-word` excluded,
    /// `"a phrase"` as a phrase; case- and accent-insensitive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search: Option<String>,
    /// The order.
    #[serde(default)]
    pub order: Order,
    /// The slice.
    #[serde(default)]
    pub pagination: Pagination,
    /// Where sticky posts go.
    #[serde(default)]
    pub sticky: StickyPlacement,
}

impl Query {
    /// Every post the viewer may see, newest first, page 1 of 10.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a predicate (AND).
    #[must_use]
    pub fn filter(mut self, predicate: Predicate) -> Self {
        self.filter = std::mem::take(&mut self.filter).and(Filter::Predicate(predicate));
        self
    }

    /// Adds a whole filter expression (AND).
    #[must_use]
    pub fn filter_expr(mut self, filter: Filter) -> Self {
        self.filter = std::mem::take(&mut self.filter).and(filter);
        self
    }

    fn term_predicate(taxonomy: Taxonomy, slugs: &[&str], mode: Match) -> Predicate {
        Predicate::Terms {
            taxonomy,
            terms: slugs
                .iter()
                .map(|s| TermRef::Slug((*s).to_owned()))
                .collect(),
            mode,
            descendants: true,
        }
    }

    /// Posts with this tag.
    #[must_use]
    pub fn tag(self, slug: &str) -> Self {
        self.filter(Self::term_predicate(Taxonomy::Tag, &[slug], Match::Any))
    }

    /// Posts with any of these tags.
    #[must_use]
    pub fn any_tags(self, slugs: &[&str]) -> Self {
        self.filter(Self::term_predicate(Taxonomy::Tag, slugs, Match::Any))
    }

    /// Posts with all of these tags.
    #[must_use]
    pub fn all_tags(self, slugs: &[&str]) -> Self {
        self.filter(Self::term_predicate(Taxonomy::Tag, slugs, Match::All))
    }

    /// Posts with none of these tags.
    #[must_use]
    pub fn without_tags(self, slugs: &[&str]) -> Self {
        let any = Filter::Predicate(Self::term_predicate(Taxonomy::Tag, slugs, Match::Any));
        self.filter_expr(Filter::Not(Box::new(any)))
    }

    /// Posts in this category or (unless [`Predicate::Terms::descendants`] is turned off) in
    /// one of its descendants.
    #[must_use]
    pub fn category(self, slug: &str) -> Self {
        self.filter(Self::term_predicate(
            Taxonomy::Category,
            &[slug],
            Match::Any,
        ))
    }

    /// Posts by any of these authors.
    #[must_use]
    pub fn authors(self, slugs: &[&str]) -> Self {
        self.filter(Predicate::Authors {
            authors: slugs
                .iter()
                .map(|s| AuthorRef::Slug((*s).to_owned()))
                .collect(),
        })
    }

    /// Posts by none of these authors.
    #[must_use]
    pub fn without_authors(self, slugs: &[&str]) -> Self {
        let any = Filter::Predicate(Predicate::Authors {
            authors: slugs
                .iter()
                .map(|s| AuthorRef::Slug((*s).to_owned()))
                .collect(),
        });
        self.filter_expr(Filter::Not(Box::new(any)))
    }

    /// Posts in any of these statuses.
    #[must_use]
    pub fn statuses(self, statuses: impl IntoIterator<Item = PostStatus>) -> Self {
        self.filter(Predicate::Status {
            statuses: statuses.into_iter().collect(),
        })
    }

    /// Why this query shows the viewer nothing whatever the archive holds, when its statuses
    /// say so: every status it asks for (in a status condition joined by the top-level AND)
    /// is one the viewer never sees. The public sees published posts only, so
    /// `status:draft` for the anonymous viewer is always empty; an author sees their own
    /// unpublished posts and an editor every status, so for them this is `None`.
    ///
    /// ```
    /// use broadsheet_core::{PostStatus, Query, Viewer};
    /// let drafts = Query::new().statuses([PostStatus::Draft]);
    /// assert!(drafts.hidden_from(Viewer::Anonymous).unwrap().contains("editor"));
    /// assert_eq!(drafts.hidden_from(Viewer::Editor), None);
    /// assert_eq!(Query::new().hidden_from(Viewer::Anonymous), None);
    /// ```
    pub fn hidden_from(&self, viewer: Viewer) -> Option<String> {
        if viewer != Viewer::Anonymous {
            return None;
        }
        let parts: &[Filter] = match &self.filter {
            Filter::And(parts) => parts,
            other => std::slice::from_ref(other),
        };
        parts.iter().find_map(|part| match part {
            Filter::Predicate(Predicate::Status { statuses })
                if !statuses.contains(&PostStatus::Published) =>
            {
                let names: Vec<&str> = statuses.iter().map(PostStatus::as_str).collect();
                Some(format!(
                    "the anonymous viewer sees published posts only, never {} posts: an editor sees every status, and an author their own unpublished posts",
                    if names.is_empty() { "these".to_owned() } else { names.join(" or ") }
                ))
            }
            _ => None,
        })
    }

    /// Posts of any of these kinds.
    #[must_use]
    pub fn kinds(self, kinds: impl IntoIterator<Item = PostKind>) -> Self {
        self.filter(Predicate::Kind {
            kinds: kinds.into_iter().collect(),
        })
    }

    /// Posts published in this local year.
    #[must_use]
    pub fn year(self, year: i32) -> Self {
        self.filter(Predicate::Year { year })
    }

    /// Posts published in this local month (1-12).
    #[must_use]
    pub fn month(self, month: u32) -> Self {
        self.filter(Predicate::Month { month })
    }

    /// Posts published on this local day of the month.
    #[must_use]
    pub fn day(self, day: u32) -> Self {
        self.filter(Predicate::Day { day })
    }

    /// Posts published after a value (`inclusive` for `>=`).
    #[must_use]
    pub fn published_after(self, value: DateValue, bound: Bound) -> Self {
        let comparison = match bound {
            Bound::Inclusive => Comparison::Ge,
            Bound::Exclusive => Comparison::Gt,
        };
        self.filter(Predicate::Date {
            field: DateField::Published,
            comparison,
            value,
        })
    }

    /// Posts published before a value (`inclusive` for `<=`).
    #[must_use]
    pub fn published_before(self, value: DateValue, bound: Bound) -> Self {
        let comparison = match bound {
            Bound::Inclusive => Comparison::Le,
            Bound::Exclusive => Comparison::Lt,
        };
        self.filter(Predicate::Date {
            field: DateField::Published,
            comparison,
            value,
        })
    }

    /// Text search (see [`Query::search`]).
    #[must_use]
    pub fn search(mut self, text: &str) -> Self {
        self.search = Some(text.to_owned());
        self
    }

    /// Sticky posts only.
    #[must_use]
    pub fn sticky_only(self) -> Self {
        self.filter(Predicate::Sticky { sticky: true })
    }

    /// Sticky posts first, on the first page only.
    #[must_use]
    pub fn sticky_first(mut self) -> Self {
        self.sticky = StickyPlacement::FirstOnFirstPage;
        self
    }

    /// The order.
    #[must_use]
    pub fn order(mut self, key: OrderKey, direction: Direction) -> Self {
        self.order = Order {
            key,
            descending: direction == Direction::Descending,
        };
        self
    }

    /// Page `page` (1-based) of `per_page`.
    #[must_use]
    pub fn page(mut self, page: u64, per_page: u64) -> Self {
        self.pagination = Pagination::Page { page, per_page };
        self
    }

    /// `limit` posts after `offset`.
    #[must_use]
    pub fn offset(mut self, offset: u64, limit: u64) -> Self {
        self.pagination = Pagination::Offset { offset, limit };
        self
    }

    /// `limit` posts after a cursor.
    #[must_use]
    pub fn after_cursor(mut self, cursor: Option<String>, limit: u64) -> Self {
        self.pagination = Pagination::Cursor {
            after: cursor,
            limit,
        };
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_joins_predicates_with_and() {
        let query = Query::new().tag("a").without_tags(&["x"]).year(2013);
        let Filter::And(parts) = &query.filter else {
            panic!("expected AND, got {:?}", query.filter)
        };
        assert_eq!(parts.len(), 3);
        assert!(matches!(parts[1], Filter::Not(_)));
        assert!(
            query
                .filter
                .mentions(&mut |p| matches!(p, Predicate::Year { year: 2013 }))
        );
        assert!(
            !query
                .filter
                .mentions(&mut |p| matches!(p, Predicate::Kind { .. }))
        );
    }

    #[test]
    fn queries_serialise_and_come_back() {
        let query = Query::new()
            .all_tags(&["a", "b"])
            .published_after(
                DateValue::Relative {
                    amount: -30,
                    unit: TimeUnit::Days,
                },
                Bound::Inclusive,
            )
            .order(OrderKey::Random { seed: 7 }, Direction::Ascending)
            .after_cursor(Some("abc".into()), 5);
        let json = serde_json::to_string(&query).unwrap();
        assert_eq!(serde_json::from_str::<Query>(&json).unwrap(), query);
    }
}
