//! Aggregations: tag cloud, term counts, date archives, author counts, adjacent and related
//! posts. Each takes a query (its filter and search; order and pagination are ignored) and a
//! viewer, and counts only what that viewer may see, so nothing leaks through an aggregate.
//!
//! With no filter and no search, the counts come from maintained structures (per-term,
//! per-month, per-day and per-author counts of the public family) and no post is read.

use super::execute::Plan;
use super::index::{DateKey, distinct};
use super::visibility::{PostView, Relevance};
use super::{QueryContext, QueryError, Snapshot};
use crate::cloud::{CloudEntry, CloudOptions, CloudOrder};
use crate::ids::{AuthorId, PostId, TermId};
use crate::post::PostStatus;
use crate::query::{Match, Predicate, Query, TermRef};
use crate::term::{Taxonomy, Term, TermView};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// A term and its number of posts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TermCount {
    /// The term.
    pub term: TermView,
    /// Number of posts.
    pub count: u64,
}

/// Granularity of a date archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateGranularity {
    /// One entry per year.
    Year,
    /// One entry per month.
    Month,
    /// One entry per day.
    Day,
}

/// One entry of a date archive (local calendar).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DateCount {
    /// Year.
    pub year: i32,
    /// Month (1-12), for month and day archives (left out of the serde form otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<u32>,
    /// Day of the month, for day archives (left out of the serde form otherwise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub day: Option<u32>,
    /// Number of posts.
    pub count: u64,
}

/// An author and their number of posts (co-authored posts count for every author).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct AuthorCount {
    /// The author.
    pub author: AuthorId,
    /// Number of posts.
    pub count: u64,
}

/// The posts published just before and just after a post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdjacentPosts {
    /// The closest older post.
    pub previous: Option<PostView>,
    /// The closest newer post.
    pub next: Option<PostView>,
}

/// A post related to another, with the number of terms they share.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedPost {
    /// The post.
    pub post: PostView,
    /// Number of terms (of any taxonomy) both have.
    pub shared_terms: u64,
}

impl Snapshot {
    /// Counts per term of a taxonomy, largest first (ties by id), at most `limit` of them;
    /// terms with no post, and ids of no term, are left out. `default_status` pins the status
    /// when the filter names none. `term` finds a term by id (in the snapshot's map, or in a
    /// table that holds the same terms).
    fn counts<'s>(
        &'s self,
        taxonomy: &Taxonomy,
        query: &Query,
        context: &QueryContext,
        default_status: Option<Vec<PostStatus>>,
        limit: usize,
        term: impl Fn(&TermId) -> Option<&'s Arc<Term>>,
    ) -> Result<Vec<(&'s Arc<Term>, u64)>, QueryError> {
        let plan = Plan::new(self, query, context, default_status)?;
        let in_taxonomy = |id: &TermId| term(id).filter(|t| &t.taxonomy == taxonomy);
        if let Some(family) = plan.whole_family() {
            return Ok(family
                .ranked_terms
                .iter()
                .filter_map(|(Reverse(count), id)| in_taxonomy(id).map(|term| (term, *count)))
                .take(limit)
                .collect());
        }
        let mut counts: HashMap<TermId, u64> = HashMap::new();
        for entry in plan.walk(false, None) {
            for term in distinct(&entry.post.terms) {
                if in_taxonomy(&term).is_some() {
                    *counts.entry(term).or_insert(0) += 1;
                }
            }
        }
        let mut counts: Vec<(TermId, u64)> = counts.into_iter().collect();
        counts.sort_by_key(|(id, count)| (Reverse(*count), *id));
        counts.truncate(limit);
        Ok(counts
            .into_iter()
            .filter_map(|(id, count)| Some((term(&id)?, count)))
            .collect())
    }

    /// Number of posts per term of a taxonomy, largest first (ties by id). Terms with no
    /// visible post are left out.
    pub fn term_counts(
        &self,
        taxonomy: &Taxonomy,
        query: &Query,
        context: impl Into<QueryContext>,
    ) -> Result<Vec<TermCount>, QueryError> {
        let counts = self.counts(taxonomy, query, &context.into(), None, usize::MAX, |id| {
            self.terms.get(id)
        })?;
        Ok(counts
            .into_iter()
            .map(|(term, count)| TermCount {
                term: TermView::new(term),
                count,
            })
            .collect())
    }

    /// A tag cloud of a taxonomy's terms as WordPress's `wp_tag_cloud` makes it (see
    /// [`crate::cloud`]), from the number of posts each term has among those the query
    /// matches and the viewer may see. Counts are of published posts only, unless the filter
    /// names a status. With no filter and no search, only the top `options.number` terms of a
    /// maintained ranking are read.
    pub fn tag_cloud(
        &self,
        query: &Query,
        taxonomy: &Taxonomy,
        options: &CloudOptions,
        context: impl Into<QueryContext>,
    ) -> Result<Vec<CloudEntry>, QueryError> {
        options.check()?;
        let limit = if options.number == 0 {
            usize::MAX
        } else {
            options.number
        };
        // Ordered by name, the cloud reads its terms from the table that holds their ranks
        // (the same terms, one probe each).
        let name_ranks = (options.order_by == CloudOrder::Name)
            .then(|| self.name_order.ranks(|| self.terms.values().collect()));
        let counts = self.counts(
            taxonomy,
            query,
            &context.into(),
            Some(vec![PostStatus::Published]),
            limit,
            |id| match name_ranks {
                Some(named) => named.get(id).map(|(_, term)| term),
                None => self.terms.get(id),
            },
        )?;
        // The counts are already distinct, used and cut to the number asked for.
        Ok(crate::cloud::cloud_of_top(counts, options, name_ranks))
    }

    /// Posts per local year, month or day, newest first (the blog's Archives list).
    pub fn date_archive(
        &self,
        granularity: DateGranularity,
        query: &Query,
        context: impl Into<QueryContext>,
    ) -> Result<Vec<DateCount>, QueryError> {
        let plan = Plan::new(self, query, &context.into(), None)?;
        let entry = |(year, month, day): (i32, u32, u32), count: u64| DateCount {
            year,
            month: (granularity != DateGranularity::Year).then_some(month),
            day: (granularity == DateGranularity::Day).then_some(day),
            count,
        };
        let key = |date: chrono::NaiveDate| match granularity {
            DateGranularity::Year => (date.year(), 0, 0),
            DateGranularity::Month => (date.year(), date.month(), 0),
            DateGranularity::Day => (date.year(), date.month(), date.day()),
        };
        if let Some(family) = plan.whole_family() {
            // Maintained counts, newest first; years add up their months.
            let mut out: Vec<DateCount> = Vec::new();
            let mut push = |k: (i32, u32, u32), count: u64| match out.last_mut() {
                Some(last) if (last.year, last.month.unwrap_or(0), last.day.unwrap_or(0)) == k => {
                    last.count += count;
                }
                _ => out.push(entry(k, count)),
            };
            if granularity == DateGranularity::Day {
                for (date, count) in family.day_counts.iter().rev() {
                    push(key(*date), *count);
                }
            } else {
                for ((year, month), list) in family.by_month.iter().rev() {
                    let k = if granularity == DateGranularity::Year {
                        (*year, 0, 0)
                    } else {
                        (*year, *month, 0)
                    };
                    push(k, list.len() as u64);
                }
            }
            return Ok(out);
        }
        let mut counts: BTreeMap<(i32, u32, u32), u64> = BTreeMap::new();
        for post in plan.walk(false, None) {
            if let Some(date) = post.local_date() {
                *counts.entry(key(date)).or_insert(0) += 1;
            }
        }
        Ok(counts
            .into_iter()
            .rev()
            .map(|(k, count)| entry(k, count))
            .collect())
    }

    /// Posts per author, largest first (ties by id); authors with no visible post are left
    /// out.
    pub fn author_counts(
        &self,
        query: &Query,
        context: impl Into<QueryContext>,
    ) -> Result<Vec<AuthorCount>, QueryError> {
        let plan = Plan::new(self, query, &context.into(), None)?;
        let mut counts: Vec<AuthorCount> = if let Some(family) = plan.whole_family() {
            family
                .by_author
                .iter()
                .map(|(author, list)| AuthorCount {
                    author: *author,
                    count: list.len() as u64,
                })
                .collect()
        } else {
            let mut counts: HashMap<AuthorId, u64> = HashMap::new();
            for entry in plan.walk(false, None) {
                for author in distinct(&entry.post.authors) {
                    *counts.entry(author).or_insert(0) += 1;
                }
            }
            counts
                .into_iter()
                .map(|(author, count)| AuthorCount { author, count })
                .collect()
        };
        counts.sort_by_key(|c| (Reverse(c.count), c.author));
        Ok(counts)
    }

    fn visible_post(
        &self,
        id: PostId,
        context: &QueryContext,
    ) -> Result<&crate::post::Post, QueryError> {
        self.posts
            .get(&id)
            .map(|entry| entry.post.as_ref())
            .filter(|post| context.viewer.can_see_post(post))
            .ok_or(QueryError::UnknownPost(id))
    }

    /// The posts published just before and just after a post among those the query matches,
    /// optionally only those sharing a term of `same_term` with it (WordPress's
    /// `in_same_term`).
    pub fn adjacent(
        &self,
        id: PostId,
        query: &Query,
        same_term: Option<&Taxonomy>,
        context: impl Into<QueryContext>,
    ) -> Result<AdjacentPosts, QueryError> {
        let context = context.into();
        let post = self.visible_post(id, &context)?;
        let mut query = query.clone();
        if let Some(taxonomy) = same_term {
            let terms = post
                .terms
                .iter()
                .filter(|t| self.terms.get(*t).is_some_and(|t| &t.taxonomy == taxonomy))
                .map(|t| TermRef::Id(*t))
                .collect();
            query = query.filter(Predicate::Terms {
                taxonomy: taxonomy.clone(),
                terms,
                mode: Match::Any,
                descendants: false,
            });
        }
        let plan = Plan::new(self, &query, &context, None)?;
        let key = DateKey::of(post);
        let view = |found: Option<&std::sync::Arc<super::index::Entry>>| {
            found.map(|entry| PostView::new(entry, context.viewer, Relevance::Known(None)))
        };
        Ok(AdjacentPosts {
            previous: view(plan.walk(true, Some(key)).next()),
            next: view(plan.walk(false, Some(key)).next()),
        })
    }

    /// Up to `limit` posts sharing terms with a post, among those the query matches: most
    /// shared terms first, then newest, then highest id.
    pub fn related(
        &self,
        id: PostId,
        query: &Query,
        limit: usize,
        context: impl Into<QueryContext>,
    ) -> Result<Vec<RelatedPost>, QueryError> {
        let context = context.into();
        let post = self.visible_post(id, &context)?;
        let terms: BTreeSet<TermId> = post.terms.iter().copied().collect();
        let query = query.clone().filter(Predicate::Terms {
            taxonomy: Taxonomy::Tag,
            terms: terms.iter().map(|t| TermRef::Id(*t)).collect(),
            mode: Match::Any,
            descendants: false,
        });
        let plan = Plan::new(self, &query, &context, None)?;
        let mut found: Vec<(u64, DateKey)> = Vec::new();
        // When the lists' membership decides everything, no post is read until the end.
        let everything = plan.admits_everything();
        let admitted = |key: &DateKey| {
            key.id != id
                && (everything
                    || self
                        .posts
                        .get(&key.id)
                        .is_some_and(|entry| plan.admits(entry)))
        };
        if let Some(lists) = plan.any_term_lists(&terms) {
            // Threshold algorithm: scan the shortest lists first; a post not met yet is only
            // in the lists left, so it shares at most that many terms. Stop when `limit`
            // posts share more; the posts of the last list alone share one term, so only its
            // newest are needed.
            let mut lists = lists;
            lists.sort_by_key(|list| list.len());
            let count = lists.len();
            let mut seen: std::collections::HashSet<PostId> = std::collections::HashSet::new();
            for (index, list) in lists.iter().enumerate() {
                let bound = (count - index) as u64;
                if found.iter().filter(|f| f.0 > bound).count() >= limit {
                    break;
                }
                if index + 1 == count {
                    let mut taken = 0;
                    for key in list.iter().rev() {
                        if taken >= limit {
                            break;
                        }
                        if !seen.contains(&key.id) && admitted(key) {
                            found.push((1, *key));
                            taken += 1;
                        }
                    }
                    break;
                }
                for key in *list {
                    if seen.insert(key.id) && admitted(key) {
                        let others = lists[index + 1..]
                            .iter()
                            .filter(|other| other.contains(key))
                            .count();
                        found.push((1 + others as u64, *key));
                    }
                }
            }
        } else {
            found = plan
                .walk(false, None)
                .filter(|entry| entry.post.id != id)
                .map(|entry| {
                    let shared = distinct(&entry.post.terms)
                        .into_iter()
                        .filter(|t| terms.contains(t))
                        .count() as u64;
                    (shared, DateKey::of(&entry.post))
                })
                .collect();
        }
        found.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
        Ok(found
            .into_iter()
            .take(limit)
            .filter_map(|(shared, key)| {
                self.posts.get(&key.id).map(|entry| RelatedPost {
                    post: PostView::new(entry, context.viewer, Relevance::Known(None)),
                    shared_terms: shared,
                })
            })
            .collect())
    }
}
