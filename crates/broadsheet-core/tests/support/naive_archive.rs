// The archive oracle shared by the property tests: every post tested one by one against a
// `Site`'s plain vectors, written from the documented rules (docs/queries.md) without calling
// the code under test. It is shared by `src/archive/properties.rs` (through `include!`) and
// `tests/oracle.rs` (through `#[path]`), so it has no inner doc comment, and it takes every
// name it uses from the module that includes it (`super::`), where the crate's own types are
// named `crate::…` in one and `broadsheet_core::…` in the other. Each includer brings its own
// reading of the site's clock (fixed offsets, or real IANA zones computed from chrono-tz).

use super::naive_text::{NaiveTerm, naive_fold, naive_score, naive_search_terms};
use super::{AuthorRef, CommentStatus, Datelike, Taxonomy};
use super::{
    Comparison, DateField, DateTime, DateValue, Filter, Match, NaiveDate, NaiveDateTime, OrderKey,
    Post, PostId, PostKind, PostStatus, Predicate, Query, Site, StickyPlacement, TermId, TermRef,
    TextMatch, TimeDelta, TimeUnit, Timestamp, Utc, Viewer,
};
use std::cmp::Ordering;
use std::collections::BTreeSet;

/// How the oracle reads wall-clock values in the site's time zone.
pub trait SiteClock {
    /// The instant that relative dates ("3 days ago") count from.
    fn now(&self) -> DateTime<Utc>;
    /// The instant a local calendar day starts (its first existing wall-clock time).
    fn start_of_day(&self, day: NaiveDate) -> Option<DateTime<Utc>>;
    /// The earlier instant of a wall-clock time, `None` where the clocks skipped it.
    fn earliest_at(&self, local: NaiveDateTime) -> Option<DateTime<Utc>>;
}

/// The local calendar date of a timestamp: its instant moved by its own offset.
pub fn local_date(time: &Timestamp) -> NaiveDate {
    (time.utc().naive_utc() + TimeDelta::seconds(i64::from(time.offset_seconds()))).date()
}

/// "Protected" means a non-empty password (docs/queries.md#visibility): an empty one is what
/// WordPress stores for "no password".
pub fn protected(post: &Post) -> bool {
    post.password.as_ref().is_some_and(|p| !p.is_empty())
}

/// Whether a predicate anywhere in the filter (under AND, OR or NOT) passes `test`.
pub fn names(filter: &Filter, test: &dyn Fn(&Predicate) -> bool) -> bool {
    match filter {
        Filter::And(parts) | Filter::Or(parts) => parts.iter().any(|p| names(p, test)),
        Filter::Not(inner) => names(inner, test),
        Filter::Predicate(p) => test(p),
    }
}

/// A post's place in an order: sticky group, value, id.
pub type NaiveKey = (u8, (i128, String), PostId);

/// Compares two places; `descending` reverses the value and id but never the sticky group.
pub fn naive_cmp(a: &NaiveKey, b: &NaiveKey, descending: bool) -> Ordering {
    a.0.cmp(&b.0).then_with(|| {
        let o = (&a.1, a.2).cmp(&(&b.1, b.2));
        if descending { o.reverse() } else { o }
    })
}

/// A timestamp as a sortable number (nanoseconds), no timestamp first.
pub fn naive_time(t: Option<Timestamp>) -> i128 {
    t.map_or(i128::MIN, |t| {
        i128::from(t.utc().timestamp_nanos_opt().unwrap())
    })
}

/// The oracle over one site, for one viewer, with the site's clock.
pub struct NaiveArchive<'a, C> {
    pub site: &'a Site,
    pub viewer: Viewer,
    pub clock: C,
}

impl<C: SiteClock> NaiveArchive<'_, C> {
    /// Approved comments of a post.
    pub fn approved(&self, post: PostId) -> u64 {
        self.site
            .comments
            .iter()
            .filter(|c| c.post == post && c.status == CommentStatus::Approved)
            .count() as u64
    }

    /// The terms a reference names, with their descendants in a hierarchical taxonomy.
    pub fn expand(
        &self,
        taxonomy: &Taxonomy,
        term: &TermRef,
        descendants: bool,
    ) -> BTreeSet<TermId> {
        let mut ids: BTreeSet<TermId> = match term {
            TermRef::Id(id) => [*id].into(),
            TermRef::Slug(slug) => self
                .site
                .terms
                .iter()
                .filter(|t| &t.taxonomy == taxonomy && t.slug.as_str() == slug)
                .map(|t| t.id)
                .collect(),
        };
        if descendants && *taxonomy != Taxonomy::Tag {
            loop {
                let more: Vec<TermId> = self
                    .site
                    .terms
                    .iter()
                    .filter(|t| t.parent.is_some_and(|p| ids.contains(&p)) && !ids.contains(&t.id))
                    .map(|t| t.id)
                    .collect();
                if more.is_empty() {
                    break;
                }
                ids.extend(more);
            }
        }
        ids
    }

    /// The instant a date value stands for; `None` for a wall-clock time the clocks skipped.
    pub fn instant(&self, value: &DateValue) -> Option<DateTime<Utc>> {
        match value {
            DateValue::Date(d) => self.clock.start_of_day(*d),
            DateValue::LocalDateTime(l) => self.clock.earliest_at(*l),
            DateValue::Instant(t) => Some(t.utc()),
            DateValue::Relative {
                amount,
                unit: TimeUnit::Days,
            } => Some(self.clock.now() + TimeDelta::days(*amount)),
            DateValue::Relative { .. } => unreachable!("not generated"),
        }
    }

    /// Whether one predicate holds for a post.
    pub fn predicate(&self, post: &Post, predicate: &Predicate) -> bool {
        let cmp = |ordering: Ordering, comparison: &Comparison| match comparison {
            Comparison::Eq => ordering == Ordering::Equal,
            Comparison::Lt => ordering == Ordering::Less,
            Comparison::Le => ordering != Ordering::Greater,
            Comparison::Gt => ordering == Ordering::Greater,
            Comparison::Ge => ordering != Ordering::Less,
        };
        let local = post.published.as_ref().map(local_date);
        match predicate {
            Predicate::Terms {
                taxonomy,
                terms,
                mode,
                descendants,
            } => {
                let has = |term: &TermRef| {
                    let ids = self.expand(taxonomy, term, *descendants);
                    post.terms.iter().any(|t| ids.contains(t))
                };
                match mode {
                    Match::Any => terms.iter().any(has),
                    Match::All => terms.iter().all(has),
                }
            }
            Predicate::Authors { authors } => authors.iter().any(|a| match a {
                AuthorRef::Id(id) => post.authors.contains(id),
                AuthorRef::Slug(slug) => self
                    .site
                    .authors
                    .iter()
                    .any(|x| x.slug.as_str() == slug && post.authors.contains(&x.id)),
            }),
            Predicate::Status { statuses } => statuses.contains(&post.status),
            Predicate::Kind { kinds } => kinds.contains(&post.kind),
            Predicate::Year { year } => local.is_some_and(|d| d.year() == *year),
            Predicate::Month { month } => local.is_some_and(|d| d.month() == *month),
            Predicate::Day { day } => local.is_some_and(|d| d.day() == *day),
            Predicate::Date {
                field,
                comparison,
                value,
            } => {
                let date = match field {
                    DateField::Published => post.published,
                    DateField::Modified => post.modified,
                };
                let Some(date) = date else { return false };
                match (value, comparison) {
                    (DateValue::Date(d), Comparison::Eq) => local_date(&date) == *d,
                    _ => self
                        .instant(value)
                        .is_some_and(|at| cmp(date.utc().cmp(&at), comparison)),
                }
            }
            Predicate::Sticky { sticky } => post.sticky == *sticky,
            Predicate::CommentCount { comparison, count } => {
                cmp(self.approved(post.id).cmp(count), comparison)
            }
            Predicate::PasswordProtected { protected: p } => protected(post) == *p,
            Predicate::Title { matching, text } => {
                let (title, text) = (naive_fold(&post.title), naive_fold(text));
                match matching {
                    TextMatch::Contains => title.contains(&text),
                    TextMatch::StartsWith => title.starts_with(&text),
                    TextMatch::EndsWith => title.ends_with(&text),
                    TextMatch::Equals => title == text,
                }
            }
            Predicate::Slug { slugs } => post
                .slug
                .as_ref()
                .is_some_and(|s| slugs.iter().any(|x| x == s.as_str())),
            Predicate::Id { ids } => ids.contains(&post.id),
        }
    }

    /// Whether a filter holds for a post.
    pub fn filter(&self, post: &Post, filter: &Filter) -> bool {
        match filter {
            Filter::And(parts) => parts.iter().all(|f| self.filter(post, f)),
            Filter::Or(parts) => parts.iter().any(|f| self.filter(post, f)),
            Filter::Not(inner) => !self.filter(post, inner),
            Filter::Predicate(p) => self.predicate(post, p),
        }
    }

    /// The visibility table of docs/queries.md.
    pub fn visible(&self, post: &Post) -> bool {
        match self.viewer {
            Viewer::Anonymous => post.status == PostStatus::Published,
            Viewer::Author { id } => {
                post.status == PostStatus::Published || post.authors.contains(&id)
            }
            Viewer::Editor => true,
        }
    }

    /// Whether the viewer may read a post's text (not only its title).
    pub fn readable(&self, post: &Post) -> bool {
        !protected(post)
            || match self.viewer {
                Viewer::Anonymous => false,
                Viewer::Author { id } => post.authors.contains(&id),
                Viewer::Editor => true,
            }
    }

    /// The words of the query's search, `None` when it searches for nothing.
    pub fn search(query: &Query) -> Option<Vec<NaiveTerm>> {
        query
            .search
            .as_deref()
            .map(naive_search_terms)
            .filter(|terms| !terms.is_empty())
    }

    /// `Some(relevance)` for a post the query matches: kind `post` unless the filter names a
    /// kind; unless it names a status, `default_status` (when given) or anything but trash;
    /// visible to the viewer; the filter; and the search (title only for protected text the
    /// viewer may not read).
    pub fn matches(
        &self,
        post: &Post,
        query: &Query,
        default_status: Option<&[PostStatus]>,
    ) -> Option<u32> {
        if !names(&query.filter, &|p| matches!(p, Predicate::Kind { .. }))
            && post.kind != PostKind::Post
        {
            return None;
        }
        if !names(&query.filter, &|p| matches!(p, Predicate::Status { .. })) {
            let ok = match default_status {
                Some(statuses) => statuses.contains(&post.status),
                None => post.status != PostStatus::Trash,
            };
            if !ok {
                return None;
            }
        }
        if !self.visible(post) || !self.filter(post, &query.filter) {
            return None;
        }
        match Self::search(query) {
            None => Some(0),
            Some(terms) if self.readable(post) => naive_score(
                &terms,
                &post.title,
                post.excerpt.as_deref().unwrap_or(""),
                &post.content,
            ),
            Some(terms) => naive_score(&terms, &post.title, "", ""),
        }
    }

    /// Every matching post in order with its place; a random order sorts by id here (callers
    /// compare the answer as a set: the shuffle itself is tested on its own).
    pub fn keyed(&self, query: &Query) -> Vec<(NaiveKey, PostId)> {
        let key = match query.order.key {
            OrderKey::Relevance if Self::search(query).is_none() => OrderKey::Published,
            key => key,
        };
        let mut found: Vec<(NaiveKey, PostId)> = self
            .site
            .posts
            .iter()
            .filter_map(|post| {
                let relevance = self.matches(post, query, None)?;
                let group =
                    u8::from(query.sticky == StickyPlacement::FirstOnFirstPage && !post.sticky);
                let value = match key {
                    OrderKey::Published => (naive_time(post.published), String::new()),
                    OrderKey::Modified => (naive_time(post.modified), String::new()),
                    OrderKey::Title => (0, naive_fold(&post.title)),
                    OrderKey::Slug => (
                        0,
                        post.slug
                            .as_ref()
                            .map(|s| s.as_str().to_owned())
                            .unwrap_or_default(),
                    ),
                    OrderKey::CommentCount => (i128::from(self.approved(post.id)), String::new()),
                    OrderKey::Relevance => (i128::from(relevance), String::new()),
                    OrderKey::Random { .. } => (0, String::new()),
                };
                Some(((group, value, post.id), post.id))
            })
            .collect();
        let descending = query.order.descending;
        found.sort_by(|a, b| naive_cmp(&a.0, &b.0, descending));
        found
    }
}
