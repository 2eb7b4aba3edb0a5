//! Query execution: choose the narrowest posting lists the filter implies, walk them in
//! publication order (or collect and sort for other orders), and slice a page.
//!
//! The anonymous tag page is a walk of the last entries of the tag's public list, and its
//! total is that list's length: no post outside the page is read.

mod plan;
mod walk;

pub(crate) use plan::Plan;
use plan::*;
use walk::*;

use super::cursor;
use super::filter::{Cond, start_of_day};
use super::forward::Phrase;
use super::index::{DateKey, Entry, Family, Posting, slice_between, union_bits};
use super::order::{SortKey, Sorter, Value};
use super::visibility::{PostView, Relevance, searched_fields};
use super::words::{WordScope, merge};
use super::{QueryContext, QueryError, Snapshot};
use crate::post::{PostKind, PostStatus};
use crate::query::{Comparison, DateField, OrderKey, Pagination, Predicate, Query, Viewer};
use crate::text::SearchQuery;
use chrono::NaiveDate;
use imbl::OrdSet;
use imbl::ordset::RangedIter;
use imbl::shared_ptr::DefaultSharedPtr;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeSet, BinaryHeap};
use std::iter::{Copied, Rev};
use std::sync::Arc;

/// One page of a query's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Page {
    /// The posts of the page, in order, as the viewer may see them.
    pub posts: Vec<PostView>,
    /// Number of posts the whole query matches (WordPress `found_posts`, Ghost
    /// `meta.pagination.total`).
    pub total: u64,
    /// Number of pages of `per_page` posts (WordPress `max_num_pages`, Ghost `pages`): 0 when
    /// nothing matches.
    pub total_pages: u64,
    /// The 1-based page number (for offsets: `offset / limit + 1`; 0 for cursor pagination,
    /// whose position is not a page number).
    pub page: u64,
    /// Posts per page (the limit).
    pub per_page: u64,
    /// A cursor for the posts after this page, when there are more.
    pub next_cursor: Option<String>,
}

/// Refuses a month outside 1-12 or a day outside 1-31 anywhere in a filter: such a predicate
/// can never match, and is almost always a mistake the user should hear about.
fn check_ranges(filter: &crate::query::Filter) -> Result<(), QueryError> {
    let mut bad = None;
    filter.mentions(&mut |predicate| {
        bad = match predicate {
            Predicate::Month { month } if !(1..=12).contains(month) => {
                Some(("month", i64::from(*month), "1 to 12"))
            }
            Predicate::Day { day } if !(1..=31).contains(day) => {
                Some(("day", i64::from(*day), "1 to 31"))
            }
            _ => None,
        };
        bad.is_some()
    });
    match bad {
        Some((field, value, expected)) => Err(QueryError::OutOfRange {
            field,
            value,
            expected,
        }),
        None => Ok(()),
    }
}

impl Snapshot {
    /// The number of posts a query matches for a viewer (its pagination is ignored). Without
    /// a residual filter or search this reads a maintained count.
    pub fn count(
        &self,
        query: &Query,
        context: impl Into<QueryContext>,
    ) -> Result<u64, QueryError> {
        let plan = Plan::new(self, query, &context.into(), None)?;
        Ok(plan.count())
    }

    /// Answers a query for a viewer (a bare [`Viewer`] or a [`QueryContext`] with a fixed
    /// `now` for relative dates).
    pub fn query(
        &self,
        query: &Query,
        context: impl Into<QueryContext>,
    ) -> Result<Page, QueryError> {
        let context = context.into();
        let (page, per_page, skip, after) = match &query.pagination {
            Pagination::Page { page, per_page } => {
                if *page == 0 {
                    return Err(QueryError::ZeroPage);
                }
                (*page, *per_page, (page - 1).saturating_mul(*per_page), None)
            }
            Pagination::Offset { offset, limit } => {
                (offset / (*limit).max(1) + 1, *limit, *offset, None)
            }
            Pagination::Cursor { after, limit } => (0, *limit, 0, after.as_deref()),
        };
        if per_page == 0 {
            return Err(QueryError::ZeroPerPage);
        }
        let plan = Plan::new(self, query, &context, None)?;
        let sorter = Sorter::new(query.order, query.sticky, plan.searching());
        let hash = cursor::query_hash(query);
        let after = after.map(|c| cursor::decode(c, hash)).transpose()?;
        let viewer = plan.viewer();
        // A page holds at most `per_page` posts (a large limit is not reserved up front).
        let mut posts = Vec::with_capacity(usize::try_from(per_page.min(64)).unwrap_or(64));
        let mut last_key: Option<SortKey> = None;
        let more;
        let total;
        if sorter.is_list_order() {
            let after_key = match &after {
                Some(SortKey {
                    value: Value::Time(secs, nanos),
                    id,
                    ..
                }) => Some(DateKey {
                    secs: *secs,
                    nanos: *nanos,
                    id: *id,
                }),
                Some(_) => {
                    return Err(QueryError::CursorFromAnotherQuery(
                        query_cursor(&query.pagination).to_owned(),
                    ));
                }
                None => None,
            };
            let can_stop = plan.counts_fast() || after.is_some();
            let mut matched: u64 = 0;
            let mut found_more = false;
            // The last post of the page: its key is made once, for the cursor.
            let mut last = None;
            for entry in plan.walk(sorter.descending, after_key) {
                if matched >= skip && (posts.len() as u64) < per_page {
                    // A shown post's score is computed when the view is asked for it.
                    posts.push(PostView::new(entry, viewer, plan.view_relevance()));
                    last = Some(entry);
                } else if matched >= skip {
                    found_more = true;
                    if can_stop {
                        break;
                    }
                }
                matched += 1;
            }
            // A list order is by date, which no score changes.
            last_key = last.map(|entry| sorter.key(entry, None));
            more = found_more;
            total = if can_stop { plan.count() } else { matched };
        } else {
            // Relevance order scores every match; other orders score the posts shown.
            let by_relevance = sorter.key == OrderKey::Relevance;
            let mut items: Vec<(SortKey, &Arc<Entry>, Option<u32>)> = plan
                .walk(false, None)
                .map(|entry| {
                    let relevance = if by_relevance {
                        plan.relevance(entry)
                    } else {
                        None
                    };
                    (sorter.key(entry, relevance), entry, relevance)
                })
                .collect();
            items.sort_by(|a, b| sorter.compare(&a.0, &b.0));
            let start = match &after {
                Some(key) => {
                    items.partition_point(|item| sorter.compare(&item.0, key) != Ordering::Greater)
                }
                None => usize::try_from(skip).unwrap_or(usize::MAX).min(items.len()),
            };
            let end = start
                .saturating_add(usize::try_from(per_page).unwrap_or(usize::MAX))
                .min(items.len());
            for (key, entry, relevance) in &items[start..end] {
                let relevance = if by_relevance {
                    Relevance::Known(*relevance)
                } else {
                    plan.view_relevance()
                };
                posts.push(PostView::new(entry, viewer, relevance));
                last_key = Some(key.clone());
            }
            more = end < items.len();
            total = items.len() as u64;
        }
        Ok(Page {
            posts,
            total,
            total_pages: total.div_ceil(per_page),
            page,
            per_page,
            next_cursor: if more {
                last_key.map(|key| cursor::encode(hash, &key))
            } else {
                None
            },
        })
    }
}

fn query_cursor(pagination: &Pagination) -> &str {
    match pagination {
        Pagination::Cursor { after: Some(c), .. } => c,
        _ => "",
    }
}
