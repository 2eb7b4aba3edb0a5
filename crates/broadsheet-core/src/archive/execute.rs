//! Query execution: choose the narrowest posting lists the filter implies, walk them in
//! publication order (or collect and sort for other orders), and slice a page.
//!
//! The anonymous tag page is a walk of the last entries of the tag's public list, and its
//! total is that list's length: no post outside the page is read.

use super::cursor;
use super::filter::{Cond, start_of_day};
use super::index::{DateKey, Entry, Family};
use super::order::{SortKey, Sorter, Value};
use super::visibility::PostView;
use super::{QueryContext, QueryError, Snapshot};
use crate::post::{PostKind, PostStatus};
use crate::query::{Comparison, DateField, Pagination, Predicate, Query, Viewer};
use crate::text::SearchQuery;
use chrono::NaiveDate;
use imbl::OrdSet;
use imbl::ordset::RangedIter;
use imbl::shared_ptr::DefaultSharedPtr;
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::iter::{Copied, Peekable, Rev};
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

/// A scan of an ordered source: one iterator per posting list.
enum KeyIter<'s> {
    /// A list's range, oldest first.
    Up(Copied<RangedIter<'s, DateKey, DefaultSharedPtr>>),
    /// A list's range, newest first.
    Down(Rev<Copied<RangedIter<'s, DateKey, DefaultSharedPtr>>>),
    /// Collected keys, oldest first.
    KeysUp(std::vec::IntoIter<DateKey>),
    /// Collected keys, newest first.
    KeysDown(Rev<std::vec::IntoIter<DateKey>>),
}

impl Iterator for KeyIter<'_> {
    type Item = DateKey;

    fn next(&mut self) -> Option<DateKey> {
        match self {
            KeyIter::Up(iter) => iter.next(),
            KeyIter::Down(iter) => iter.next(),
            KeyIter::KeysUp(iter) => iter.next(),
            KeyIter::KeysDown(iter) => iter.next(),
        }
    }
}

/// The keys a walk reads: nothing, one list, or several merged.
enum Keys<'s> {
    Empty,
    One(KeyIter<'s>),
    Merged(Merge<'s>),
}

impl Iterator for Keys<'_> {
    type Item = DateKey;

    fn next(&mut self) -> Option<DateKey> {
        match self {
            Keys::Empty => None,
            Keys::One(iter) => iter.next(),
            Keys::Merged(merge) => merge.next(),
        }
    }
}

/// Several ordered lists merged into one, without duplicates.
struct Merge<'s> {
    lists: Vec<Peekable<KeyIter<'s>>>,
    descending: bool,
    last: Option<DateKey>,
}

impl Iterator for Merge<'_> {
    type Item = DateKey;

    fn next(&mut self) -> Option<DateKey> {
        loop {
            let mut best: Option<(usize, DateKey)> = None;
            for (index, list) in self.lists.iter_mut().enumerate() {
                if let Some(key) = list.peek() {
                    let better = match best {
                        None => true,
                        Some((_, current)) if self.descending => *key > current,
                        Some((_, current)) => *key < current,
                    };
                    if better {
                        best = Some((index, *key));
                    }
                }
            }
            let (index, key) = best?;
            self.lists[index].next();
            if self.last != Some(key) {
                self.last = Some(key);
                return Some(key);
            }
        }
    }
}

/// Where candidates come from.
enum Source<'s> {
    /// The union of these posting lists.
    Lists(Vec<&'s OrdSet<DateKey>>),
    /// These keys (sorted).
    Keys(Vec<DateKey>),
}

impl Source<'_> {
    fn size(&self) -> usize {
        match self {
            Source::Lists(lists) => lists.iter().map(|l| l.len()).sum(),
            Source::Keys(keys) => keys.len(),
        }
    }
}

/// The conjuncts a source satisfies by itself (at most two), by index.
#[derive(Debug, Clone, Copy)]
struct Consumed([Option<usize>; 2]);

impl Consumed {
    const NONE: Consumed = Consumed([None, None]);

    fn one(index: usize) -> Self {
        Consumed([Some(index), None])
    }

    fn contains(&self, index: usize) -> bool {
        self.0.contains(&Some(index))
    }
}

/// A query resolved against a snapshot.
pub(crate) struct Plan<'s> {
    snapshot: &'s Snapshot,
    /// What the source does not guarantee by itself (every condition when in doubt).
    residual: Cond,
    /// Whether visibility must be tested (the public family is visible to everyone).
    check_visibility: bool,
    viewer: Viewer,
    search: Option<SearchQuery>,
    source: Source<'s>,
    low: DateKey,
    high: DateKey,
    /// Every post of the (single) source list is admitted: its length is the total.
    exact: bool,
    /// The family whose posts are exactly the admitted posts (its counts are exact).
    whole_family: Option<&'s Family>,
    /// Keys (inclusive) within which every post of the single source list is admitted.
    certain: Option<(DateKey, DateKey)>,
    /// When the source is the union of the lists of an "any of these terms" condition (one
    /// list per term that has posts; the condition is not retested): its terms.
    any_term: Option<BTreeSet<crate::ids::TermId>>,
}

impl<'s> Plan<'s> {
    /// Resolves a query. `default_status` replaces the viewer's default (everything but
    /// trash, within visibility) when the filter names no status.
    pub(crate) fn new(
        snapshot: &'s Snapshot,
        query: &Query,
        context: &QueryContext,
        default_status: Option<Vec<PostStatus>>,
    ) -> Result<Plan<'s>, QueryError> {
        check_ranges(&query.filter)?;
        let now = || context.now();
        let mut parts = Vec::with_capacity(3);
        parts.push(Cond::resolve(&query.filter, snapshot, &now)?);
        if !query
            .filter
            .mentions(&mut |p| matches!(p, Predicate::Kind { .. }))
        {
            parts.push(Cond::Kind(vec![PostKind::Post]));
        }
        if !query
            .filter
            .mentions(&mut |p| matches!(p, Predicate::Status { .. }))
        {
            parts.push(match default_status {
                Some(statuses) => Cond::Status(statuses),
                None => Cond::Not(Box::new(Cond::Status(vec![PostStatus::Trash]))),
            });
        }
        let cond = Cond::And(parts);
        let search = query
            .search
            .as_deref()
            .map(SearchQuery::parse)
            .filter(|s| !s.is_empty());
        let viewer = context.viewer;
        let conjuncts = cond.conjuncts();

        let kind_post = conjuncts
            .iter()
            .any(|c| matches!(c, Cond::Kind(k) if only(k, &PostKind::Post)));
        let scope = if kind_post
            && (viewer == Viewer::Anonymous
                || conjuncts
                    .iter()
                    .any(|c| matches!(c, Cond::Status(s) if only(s, &PostStatus::Published))))
        {
            Scope::Public
        } else if kind_post
            && conjuncts.iter().any(|c| match c {
                Cond::Not(inner) => {
                    matches!(inner.as_ref(), Cond::Status(s) if s.contains(&PostStatus::Trash))
                }
                Cond::Status(s) => !s.contains(&PostStatus::Trash),
                _ => false,
            })
        {
            Scope::Editorial
        } else {
            Scope::All
        };
        let family = match scope {
            Scope::Public => &snapshot.public,
            Scope::Editorial => &snapshot.editorial,
            Scope::All => &snapshot.all,
        };

        let (low, high) = date_bounds(&conjuncts, snapshot);
        let bounded = low != DateKey::lowest_at(i64::MIN) || high != DateKey::highest_at(i64::MAX);

        // The narrowest source, and which conjuncts it satisfies by itself.
        let mut best: Option<(Source<'s>, Consumed)> = None;
        let mut consider = |source: Source<'s>, consumed: Consumed| {
            if best.as_ref().is_none_or(|(b, _)| source.size() < b.size()) {
                best = Some((source, consumed));
            }
        };
        let year = conjuncts.iter().enumerate().find_map(|(i, c)| match c {
            Cond::Year(y) => Some((i, *y)),
            _ => None,
        });
        for (index, conjunct) in conjuncts.iter().enumerate() {
            match conjunct {
                Cond::AnyTerm(ids) => {
                    consider(
                        term_lists(family, ids.iter().copied()),
                        Consumed::one(index),
                    );
                }
                Cond::AllTerms(groups) => {
                    for group in groups {
                        let consumed = if groups.len() == 1 {
                            Consumed::one(index)
                        } else {
                            Consumed::NONE
                        };
                        consider(term_lists(family, group.iter().copied()), consumed);
                    }
                }
                Cond::Authors(ids) => consider(
                    Source::Lists(ids.iter().filter_map(|a| family.by_author.get(a)).collect()),
                    Consumed::one(index),
                ),
                Cond::Month(month) => {
                    if let Some((year_index, year)) = year {
                        consider(
                            Source::Lists(
                                family.by_month.get(&(year, *month)).into_iter().collect(),
                            ),
                            Consumed([Some(index), Some(year_index)]),
                        );
                    }
                }
                Cond::Ids(ids) => {
                    let mut keys: Vec<DateKey> = ids
                        .iter()
                        .filter_map(|id| snapshot.posts.get(id))
                        .map(|entry| DateKey::of(&entry.post))
                        .filter(|key| family.by_date.contains(key))
                        .collect();
                    keys.sort_unstable();
                    consider(Source::Keys(keys), Consumed::NONE);
                }
                _ => {}
            }
        }
        let (source, consumed) =
            best.unwrap_or_else(|| (Source::Lists(vec![&family.by_date]), Consumed::NONE));
        // The conjunct whose "any of these terms" the source's lists are (its set is moved
        // out of the condition below, once the conjuncts are no longer read).
        let any_term_index = match (&source, consumed.0) {
            (Source::Lists(_), [Some(index), None]) => {
                matches!(conjuncts[index], Cond::AnyTerm(_)).then_some(index)
            }
            _ => None,
        };
        // Everyone sees the public family; editors see everything.
        let check_visibility = !(scope == Scope::Public || viewer == Viewer::Editor);
        let whole_family = (search.is_none()
            && !check_visibility
            && !bounded
            && conjuncts.iter().all(|c| scope.implies(c)))
        .then_some(family);
        let exact = search.is_none()
            && !check_visibility
            && !bounded
            && matches!(&source, Source::Lists(lists) if lists.len() <= 1)
            && conjuncts
                .iter()
                .enumerate()
                .all(|(i, c)| consumed.contains(i) || scope.implies(c));
        // Conditions the source's membership guarantees need no test.
        let residual = Cond::And(
            conjuncts
                .iter()
                .enumerate()
                .filter(|(i, c)| !consumed.contains(*i) && !scope.implies(c))
                .map(|(_, c)| (*c).clone())
                .collect(),
        );
        // Where every remaining condition is certainly true, when each of them is a condition
        // on the publication date: posts there are counted without being read.
        let certain = if search.is_none()
            && !check_visibility
            && matches!(&source, Source::Lists(lists) if lists.len() == 1)
        {
            certain_interval(&residual)
        } else {
            None
        };
        let mut cond = cond;
        let any_term = any_term_index.and_then(|index| match cond.conjunct_mut(index) {
            Some(Cond::AnyTerm(ids)) => Some(std::mem::take(ids)),
            _ => None,
        });
        Ok(Plan {
            snapshot,
            certain,
            residual,
            check_visibility,
            viewer,
            search,
            source,
            low,
            high,
            exact,
            whole_family,
            any_term,
        })
    }

    /// The family whose maintained counts are exactly the admitted posts, if there is one.
    pub(crate) fn whole_family(&self) -> Option<&'s Family> {
        self.whole_family
    }

    /// The lists the plan reads, one per term that has posts, when its source is the
    /// condition "any of exactly these terms".
    pub(crate) fn any_term_lists(
        &self,
        terms: &BTreeSet<crate::ids::TermId>,
    ) -> Option<&[&'s OrdSet<DateKey>]> {
        match &self.source {
            Source::Lists(lists) if self.any_term.as_ref() == Some(terms) => Some(lists),
            _ => None,
        }
    }

    /// Whether a text search applies.
    pub(crate) fn searching(&self) -> bool {
        self.search.is_some()
    }

    /// The viewer.
    pub(crate) fn viewer(&self) -> Viewer {
        self.viewer
    }

    /// The total when it is known without walking.
    pub(crate) fn known_total(&self) -> Option<u64> {
        match &self.source {
            Source::Lists(lists) if self.exact => {
                Some(lists.first().map_or(0, |list| list.len() as u64))
            }
            _ => None,
        }
    }

    /// Whether every post of the source lists is admitted (no post needs to be read to know).
    pub(crate) fn admits_everything(&self) -> bool {
        !self.check_visibility
            && self.search.is_none()
            && matches!(&self.residual, Cond::And(parts) if parts.is_empty())
    }

    /// Whether [`Plan::count`] is fast (reads no post, or only those near the edges of a date
    /// range).
    pub(crate) fn counts_fast(&self) -> bool {
        self.known_total().is_some() || self.certain.is_some()
    }

    /// The number of admitted posts.
    pub(crate) fn count(&self) -> u64 {
        if let Some(total) = self.known_total() {
            return total;
        }
        match (&self.source, self.certain) {
            (Source::Lists(lists), Some((from, to))) if lists.len() == 1 => {
                let list = lists[0];
                let (low, high) = (self.low, self.high);
                let (from, to) = (from.max(low), to.min(high));
                if from > to {
                    return self.walk(false, None).count() as u64;
                }
                let admitted = |key: &DateKey| {
                    self.snapshot
                        .posts
                        .get(&key.id)
                        .is_some_and(|entry| self.admits(entry).is_some())
                };
                let inside = list.range(from..=to).count() as u64;
                let before = if from > low {
                    list.range(low..=previous(from))
                        .filter(|k| admitted(k))
                        .count() as u64
                } else {
                    0
                };
                let after = if to < high {
                    list.range(next(to)..=high).filter(|k| admitted(k)).count() as u64
                } else {
                    0
                };
                inside + before + after
            }
            _ => self.walk(false, None).count() as u64,
        }
    }

    /// `Some(relevance)` when the post is admitted.
    pub(crate) fn admits(&self, entry: &Entry) -> Option<Option<u32>> {
        if (self.check_visibility && !self.viewer.can_see_post(&entry.post))
            || !self.residual.matches(entry)
        {
            return None;
        }
        match &self.search {
            None => Some(None),
            Some(search) => {
                let post = &entry.post;
                let (excerpt, content) = if self.viewer.can_read_content(post) {
                    (post.excerpt.as_deref().unwrap_or(""), post.content.as_str())
                } else {
                    ("", "")
                };
                search.score(&post.title, excerpt, content).map(Some)
            }
        }
    }

    /// The admitted posts in publication order, strictly after `after` in that direction.
    pub(crate) fn walk<'p>(
        &'p self,
        descending: bool,
        after: Option<DateKey>,
    ) -> impl Iterator<Item = (&'s Arc<Entry>, Option<u32>)> + 'p {
        let (mut low, mut high) = (self.low, self.high);
        let mut empty = low > high;
        if let Some(after) = after {
            // Keys are unique, so "strictly after" is "from the next possible key".
            if descending {
                if after <= low {
                    empty = true;
                } else if after <= high {
                    high = previous(after);
                }
            } else if after >= high {
                empty = true;
            } else if after >= low {
                low = next(after);
            }
        }
        // With no bound at all, the walk starts at an end of the list without seeking a key.
        let whole = low == DateKey::lowest_at(i64::MIN) && high == DateKey::highest_at(i64::MAX);
        let range = |list: &'s OrdSet<DateKey>| {
            let range = if whole {
                list.range::<_, DateKey>(..)
            } else {
                list.range(low..=high)
            }
            .copied();
            if descending {
                KeyIter::Down(range.rev())
            } else {
                KeyIter::Up(range)
            }
        };
        let keys = if empty {
            Keys::Empty
        } else {
            match &self.source {
                // One list needs no merging.
                Source::Lists(lists) if lists.len() == 1 => Keys::One(range(lists[0])),
                Source::Lists(lists) if lists.is_empty() => Keys::Empty,
                Source::Lists(lists) => Keys::Merged(Merge {
                    lists: lists.iter().map(|list| range(list).peekable()).collect(),
                    descending,
                    last: None,
                }),
                Source::Keys(keys) => {
                    let keys: Vec<DateKey> = keys
                        .iter()
                        .copied()
                        .filter(|k| *k >= low && *k <= high)
                        .collect();
                    Keys::One(if descending {
                        KeyIter::KeysDown(keys.into_iter().rev())
                    } else {
                        KeyIter::KeysUp(keys.into_iter())
                    })
                }
            }
        };
        let posts = &self.snapshot.posts;
        keys.filter_map(move |key| {
            let entry = posts.get(&key.id)?;
            self.admits(entry).map(|relevance| (entry, relevance))
        })
    }
}

/// Which family of lists a plan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// Kind `post`, status `published`.
    Public,
    /// Kind `post`, any status but trash (what an editor sees by default).
    Editorial,
    /// Every post.
    All,
}

impl Scope {
    /// Whether every post of the family satisfies the condition.
    fn implies(self, cond: &Cond) -> bool {
        match (self, cond) {
            (_, Cond::And(parts)) => parts.iter().all(|c| self.implies(c)),
            (Scope::Public, c) => implied_by_public(c),
            (Scope::Editorial, Cond::Kind(kinds)) => kinds.contains(&PostKind::Post),
            (Scope::Editorial, Cond::Not(inner)) => matches!(
                inner.as_ref(),
                Cond::Status(s) if s.iter().all(|status| *status == PostStatus::Trash)
            ),
            _ => false,
        }
    }
}

fn only<T: PartialEq>(values: &[T], value: &T) -> bool {
    !values.is_empty() && values.iter().all(|v| v == value)
}

/// Whether every post of the public family satisfies the condition.
fn implied_by_public(cond: &Cond) -> bool {
    match cond {
        Cond::Kind(kinds) => kinds.contains(&PostKind::Post),
        Cond::Status(statuses) => statuses.contains(&PostStatus::Published),
        Cond::Not(inner) => {
            matches!(inner.as_ref(), Cond::Status(s) if !s.contains(&PostStatus::Published))
        }
        Cond::And(parts) => parts.iter().all(implied_by_public),
        _ => false,
    }
}

fn term_lists<'s>(family: &'s Family, ids: impl Iterator<Item = crate::ids::TermId>) -> Source<'s> {
    Source::Lists(ids.filter_map(|id| family.term(id)).collect())
}

fn next(key: DateKey) -> DateKey {
    if key.id.0 < u64::MAX {
        DateKey {
            id: crate::ids::PostId(key.id.0 + 1),
            ..key
        }
    } else if key.nanos < u32::MAX {
        DateKey {
            nanos: key.nanos + 1,
            id: crate::ids::PostId(0),
            ..key
        }
    } else {
        DateKey::lowest_at(key.secs.saturating_add(1))
    }
}

fn previous(key: DateKey) -> DateKey {
    if key.id.0 > 0 {
        DateKey {
            id: crate::ids::PostId(key.id.0 - 1),
            ..key
        }
    } else if key.nanos > 0 {
        DateKey {
            nanos: key.nanos - 1,
            id: crate::ids::PostId(u64::MAX),
            ..key
        }
    } else {
        DateKey::highest_at(key.secs.saturating_sub(1))
    }
}

const SLACK: i64 = 2 * 86_400;

/// A local date is less than a day away from the UTC date (offsets are under 24 hours).
const DAY: i64 = 86_400;

/// The keys within which every conjunct of a condition certainly holds, when each of them is
/// a condition on the publication date that holds on an interval of instants (`None`
/// otherwise). Conservative: the bounds are whole seconds inside the exact interval.
fn certain_interval(cond: &Cond) -> Option<(DateKey, DateKey)> {
    let mut low = i64::MIN + 1;
    let mut high = i64::MAX;
    for conjunct in cond.conjuncts() {
        match conjunct {
            Cond::And(parts) if parts.is_empty() => {}
            Cond::Year(year) => {
                let start = |y: i32| {
                    NaiveDate::from_ymd_opt(y, 1, 1)
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|t| t.and_utc().timestamp())
                };
                let (first, next) = (start(*year)?, start(year.checked_add(1)?)?);
                low = low.max(first + DAY);
                high = high.min(next - DAY - 1);
            }
            Cond::Instant(DateField::Published, comparison, at) => {
                let secs = at.timestamp();
                match comparison {
                    Comparison::Lt | Comparison::Le => high = high.min(secs.checked_sub(1)?),
                    Comparison::Gt | Comparison::Ge => low = low.max(secs.checked_add(1)?),
                    Comparison::Eq => return None,
                }
            }
            _ => return None,
        }
    }
    Some((DateKey::lowest_at(low), DateKey::highest_at(high)))
}

/// Bounds on publication keys implied by top-level date conditions (local dates are within a
/// day of UTC, so calendar conditions get two days of slack; the exact test follows).
fn date_bounds(conjuncts: &[&Cond], snapshot: &Snapshot) -> (DateKey, DateKey) {
    let mut low = i64::MIN;
    let mut high = i64::MAX;
    let zone = &snapshot.info.time_zone;
    let day_secs = |day: NaiveDate| start_of_day(day, zone).map(|t| t.timestamp());
    for conjunct in conjuncts {
        match conjunct {
            Cond::Year(year) => {
                let first = NaiveDate::from_ymd_opt(*year, 1, 1).and_then(day_secs);
                let next = year
                    .checked_add(1)
                    .and_then(|y| NaiveDate::from_ymd_opt(y, 1, 1))
                    .and_then(day_secs);
                if let (Some(first), Some(next)) = (first, next) {
                    low = low.max(first.saturating_sub(SLACK));
                    high = high.min(next.saturating_add(SLACK));
                }
            }
            Cond::SameDay(DateField::Published, day) => {
                if let Some(start) = day_secs(*day) {
                    low = low.max(start.saturating_sub(SLACK));
                    high = high.min(start.saturating_add(SLACK + 86_400));
                }
            }
            Cond::Instant(DateField::Published, comparison, at) => {
                let secs = at.timestamp();
                match comparison {
                    Comparison::Lt | Comparison::Le => high = high.min(secs),
                    Comparison::Gt | Comparison::Ge => low = low.max(secs),
                    Comparison::Eq => {
                        low = low.max(secs);
                        high = high.min(secs);
                    }
                }
            }
            _ => {}
        }
    }
    // An undated post has the smallest key: any date condition excludes it.
    if low == i64::MIN && high != i64::MAX {
        low = i64::MIN + 1;
    }
    (DateKey::lowest_at(low), DateKey::highest_at(high))
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
            for (entry, relevance) in plan.walk(sorter.descending, after_key) {
                if matched >= skip && (posts.len() as u64) < per_page {
                    posts.push(PostView::new(entry, viewer, relevance));
                    last = Some((entry, relevance));
                } else if matched >= skip {
                    found_more = true;
                    if can_stop {
                        break;
                    }
                }
                matched += 1;
            }
            last_key = last.map(|(entry, relevance)| sorter.key(entry, relevance));
            more = found_more;
            total = if can_stop { plan.count() } else { matched };
        } else {
            let mut items: Vec<(SortKey, &Arc<Entry>, Option<u32>)> = plan
                .walk(false, None)
                .map(|(entry, relevance)| (sorter.key(entry, relevance), entry, relevance))
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
                posts.push(PostView::new(entry, viewer, *relevance));
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
