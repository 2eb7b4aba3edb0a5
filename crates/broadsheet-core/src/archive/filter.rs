//! Filters resolved against a snapshot: slugs become ids (with category descendants), dates
//! become instants, titles are folded; then each post is tested in constant time.

use super::index::Entry;
use super::{QueryError, Snapshot};
use crate::ids::{AuthorId, PostId, TermId};
use crate::post::{PostKind, PostStatus};
use crate::query::{
    AuthorRef, Comparison, DateField, DateValue, Filter, Match, Predicate, TermRef, TextMatch,
    TimeUnit,
};
use crate::term::Taxonomy;
use crate::text::fold;
use crate::time::{SiteTimeZone, Timestamp};
use chrono::{DateTime, Datelike, Months, NaiveDate, TimeDelta, TimeZone, Utc};
use std::collections::BTreeSet;

/// A resolved filter.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cond {
    And(Vec<Cond>),
    Or(Vec<Cond>),
    Not(Box<Cond>),
    /// Has at least one of these terms.
    AnyTerm(BTreeSet<TermId>),
    /// Has at least one term of every group.
    AllTerms(Vec<BTreeSet<TermId>>),
    Authors(BTreeSet<AuthorId>),
    Status(Vec<PostStatus>),
    Kind(Vec<PostKind>),
    Year(i32),
    Month(u32),
    Day(u32),
    /// The date's local calendar day equals this day.
    SameDay(DateField, NaiveDate),
    /// The date compared with an instant.
    Instant(DateField, Comparison, DateTime<Utc>),
    Sticky(bool),
    Comments(Comparison, u64),
    Protected(bool),
    /// Folded title test.
    Title(TextMatch, String),
    Slugs(Vec<String>),
    Ids(BTreeSet<PostId>),
}

impl Cond {
    /// Resolves a filter against a snapshot.
    /// `now` is asked for only when a relative date needs it.
    pub(crate) fn resolve(
        filter: &Filter,
        snapshot: &Snapshot,
        now: &dyn Fn() -> DateTime<Utc>,
    ) -> Result<Cond, QueryError> {
        Ok(match filter {
            Filter::And(parts) => Cond::And(
                parts
                    .iter()
                    .map(|p| Cond::resolve(p, snapshot, now))
                    .collect::<Result<_, _>>()?,
            ),
            Filter::Or(parts) => Cond::Or(
                parts
                    .iter()
                    .map(|p| Cond::resolve(p, snapshot, now))
                    .collect::<Result<_, _>>()?,
            ),
            Filter::Not(inner) => Cond::Not(Box::new(Cond::resolve(inner, snapshot, now)?)),
            Filter::Predicate(predicate) => resolve_predicate(predicate, snapshot, now)?,
        })
    }

    /// Whether a post satisfies the condition.
    pub(crate) fn matches(&self, entry: &Entry) -> bool {
        let post = &entry.post;
        match self {
            Cond::And(parts) => parts.iter().all(|p| p.matches(entry)),
            Cond::Or(parts) => parts.iter().any(|p| p.matches(entry)),
            Cond::Not(inner) => !inner.matches(entry),
            Cond::AnyTerm(ids) => post.terms.iter().any(|t| ids.contains(t)),
            Cond::AllTerms(groups) => groups
                .iter()
                .all(|ids| post.terms.iter().any(|t| ids.contains(t))),
            Cond::Authors(ids) => post.authors.iter().any(|a| ids.contains(a)),
            Cond::Status(statuses) => statuses.contains(&post.status),
            Cond::Kind(kinds) => kinds.contains(&post.kind),
            Cond::Year(year) => entry.local_date().is_some_and(|d| d.year() == *year),
            Cond::Month(month) => entry.local_date().is_some_and(|d| d.month() == *month),
            Cond::Day(day) => entry.local_date().is_some_and(|d| d.day() == *day),
            Cond::SameDay(field, day) => {
                date_of(entry, *field).is_some_and(|t| t.local_date() == *day)
            }
            Cond::Instant(field, comparison, at) => {
                date_of(entry, *field).is_some_and(|t| compare(t.utc(), *comparison, *at))
            }
            Cond::Sticky(sticky) => post.sticky == *sticky,
            Cond::Comments(comparison, count) => {
                compare(entry.approved_comments, *comparison, *count)
            }
            Cond::Protected(protected) => post.is_password_protected() == *protected,
            Cond::Title(matching, text) => {
                let title = fold(&post.title);
                match matching {
                    TextMatch::Contains => title.contains(text.as_str()),
                    TextMatch::StartsWith => title.starts_with(text.as_str()),
                    TextMatch::EndsWith => title.ends_with(text.as_str()),
                    TextMatch::Equals => title == *text,
                }
            }
            Cond::Slugs(slugs) => post
                .slug
                .as_ref()
                .is_some_and(|s| slugs.iter().any(|x| x == s.as_str())),
            Cond::Ids(ids) => ids.contains(&post.id),
        }
    }

    /// The conditions joined by the top-level AND (the condition itself otherwise).
    pub(crate) fn conjuncts(&self) -> Vec<&Cond> {
        let mut out = Vec::new();
        self.push_conjuncts(&mut out);
        out
    }

    /// The conjunct at this index of [`Cond::conjuncts`], mutably.
    pub(crate) fn conjunct_mut(&mut self, index: usize) -> Option<&mut Cond> {
        fn find<'c>(cond: &'c mut Cond, index: &mut usize) -> Option<&'c mut Cond> {
            match cond {
                Cond::And(parts) => parts.iter_mut().find_map(|part| find(part, index)),
                other => {
                    if *index == 0 {
                        Some(other)
                    } else {
                        *index -= 1;
                        None
                    }
                }
            }
        }
        let mut index = index;
        find(self, &mut index)
    }

    /// Appends the conditions joined by the top-level AND to `out` (one vector for all levels).
    fn push_conjuncts<'c>(&'c self, out: &mut Vec<&'c Cond>) {
        match self {
            Cond::And(parts) => {
                for part in parts {
                    part.push_conjuncts(out);
                }
            }
            other => out.push(other),
        }
    }
}

fn date_of(entry: &Entry, field: DateField) -> Option<&Timestamp> {
    match field {
        DateField::Published => entry.post.published.as_ref(),
        DateField::Modified => entry.post.modified.as_ref(),
    }
}

/// `value <comparison> bound`.
pub(crate) fn compare<T: Ord>(value: T, comparison: Comparison, bound: T) -> bool {
    match comparison {
        Comparison::Eq => value == bound,
        Comparison::Lt => value < bound,
        Comparison::Le => value <= bound,
        Comparison::Gt => value > bound,
        Comparison::Ge => value >= bound,
    }
}

fn resolve_predicate(
    predicate: &Predicate,
    snapshot: &Snapshot,
    now: &dyn Fn() -> DateTime<Utc>,
) -> Result<Cond, QueryError> {
    Ok(match predicate {
        Predicate::Terms {
            taxonomy,
            terms,
            mode,
            descendants,
        } => {
            let expand = *descendants && taxonomy.is_hierarchical();
            match mode {
                Match::Any => {
                    // The union of every reference's ids, built in one set.
                    let mut ids = BTreeSet::new();
                    for term in terms {
                        resolve_term(snapshot, taxonomy, term, expand, &mut ids);
                    }
                    Cond::AnyTerm(ids)
                }
                Match::All => Cond::AllTerms(
                    terms
                        .iter()
                        .map(|term| {
                            let mut ids = BTreeSet::new();
                            resolve_term(snapshot, taxonomy, term, expand, &mut ids);
                            ids
                        })
                        .collect(),
                ),
            }
        }
        Predicate::Authors { authors } => Cond::Authors(
            authors
                .iter()
                .flat_map(|author| match author {
                    AuthorRef::Id(id) => vec![*id],
                    AuthorRef::Slug(slug) => snapshot
                        .author_slugs
                        .get(slug.as_str())
                        .map(|ids| ids.iter().copied().collect())
                        .unwrap_or_default(),
                })
                .collect(),
        ),
        Predicate::Status { statuses } => Cond::Status(statuses.clone()),
        Predicate::Kind { kinds } => Cond::Kind(kinds.clone()),
        Predicate::Year { year } => Cond::Year(*year),
        Predicate::Month { month } => Cond::Month(*month),
        Predicate::Day { day } => Cond::Day(*day),
        Predicate::Date {
            field,
            comparison,
            value,
        } => match (value, comparison) {
            (DateValue::Date(day), Comparison::Eq) => Cond::SameDay(*field, *day),
            _ => {
                // Only a relative date reads the clock; the others ignore `now`.
                let now = match value {
                    DateValue::Relative { .. } => now(),
                    _ => DateTime::UNIX_EPOCH,
                };
                Cond::Instant(
                    *field,
                    *comparison,
                    instant(value, &snapshot.settings.time_zone, now)?,
                )
            }
        },
        Predicate::Sticky { sticky } => Cond::Sticky(*sticky),
        Predicate::CommentCount { comparison, count } => Cond::Comments(*comparison, *count),
        Predicate::PasswordProtected { protected } => Cond::Protected(*protected),
        Predicate::Title { matching, text } => Cond::Title(*matching, fold(text)),
        Predicate::Slug { slugs } => Cond::Slugs(slugs.clone()),
        Predicate::Id { ids } => Cond::Ids(ids.iter().copied().collect()),
    })
}

/// A borrowed `(taxonomy, slug)` key: looks a slug up without building a `String`. It hashes
/// as the owned tuple does (the taxonomy, then the text).
#[derive(Hash)]
struct SlugKey<'a>(&'a Taxonomy, &'a str);

impl equivalent::Equivalent<(Taxonomy, String)> for SlugKey<'_> {
    fn equivalent(&self, key: &(Taxonomy, String)) -> bool {
        *self.0 == key.0 && self.1 == key.1
    }
}

/// Adds the ids a term reference names to `ids`, with descendants when asked.
fn resolve_term(
    snapshot: &Snapshot,
    taxonomy: &Taxonomy,
    term: &TermRef,
    descendants: bool,
    ids: &mut BTreeSet<TermId>,
) {
    // Every id already in the set came with its descendants (when asked), so only the ids
    // this reference adds are expanded.
    let mut pending: Vec<TermId> = Vec::new();
    let mut add = |id: TermId, pending: &mut Vec<TermId>| {
        if ids.insert(id) && descendants {
            pending.push(id);
        }
    };
    match term {
        TermRef::Id(id) => add(*id, &mut pending),
        TermRef::Slug(slug) => {
            if let Some(found) = snapshot.term_slugs.get(&SlugKey(taxonomy, slug.as_str())) {
                for id in found {
                    add(*id, &mut pending);
                }
            }
        }
    }
    while let Some(id) = pending.pop() {
        if let Some(children) = snapshot.children.get(&id) {
            for child in children {
                if ids.insert(*child) {
                    pending.push(*child);
                }
            }
        }
    }
}

/// The instant a date value names.
pub(crate) fn instant(
    value: &DateValue,
    zone: &SiteTimeZone,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, QueryError> {
    match value {
        DateValue::Date(day) => {
            start_of_day(*day, zone).ok_or_else(|| QueryError::DateOutOfRange {
                value: day.to_string(),
            })
        }
        DateValue::LocalDateTime(local) => match zone.offset_of_local(*local) {
            None => Err(QueryError::NonexistentLocalTime(*local)),
            Some(offset) => offset
                .from_local_datetime(local)
                .single()
                .map(|t| t.to_utc())
                .ok_or_else(|| QueryError::DateOutOfRange {
                    value: local.to_string(),
                }),
        },
        DateValue::Instant(time) => Ok(time.utc()),
        DateValue::Relative { amount, unit } => {
            relative(now, *amount, *unit).ok_or_else(|| QueryError::DateOutOfRange {
                value: format!("now{amount:+} {}", format!("{unit:?}").to_lowercase()),
            })
        }
    }
}

/// The first instant of a local day (the first existing hour when midnight was skipped);
/// `None` at the edges of the representable range.
pub(crate) fn start_of_day(day: NaiveDate, zone: &SiteTimeZone) -> Option<DateTime<Utc>> {
    (0..24)
        .filter_map(|hour| day.and_hms_opt(hour, 0, 0))
        .find_map(|local| {
            let offset = zone.offset_of_local(local)?;
            offset.from_local_datetime(&local).single()
        })
        .map(|t| t.to_utc())
}

fn relative(now: DateTime<Utc>, amount: i64, unit: TimeUnit) -> Option<DateTime<Utc>> {
    let seconds = |per: i64| {
        amount
            .checked_mul(per)
            .and_then(TimeDelta::try_seconds)
            .and_then(|delta| now.checked_add_signed(delta))
    };
    let months = |months: i64| {
        let count = Months::new(u32::try_from(months.unsigned_abs()).ok()?);
        if months >= 0 {
            now.checked_add_months(count)
        } else {
            now.checked_sub_months(count)
        }
    };
    match unit {
        TimeUnit::Seconds => seconds(1),
        TimeUnit::Minutes => seconds(60),
        TimeUnit::Hours => seconds(3600),
        TimeUnit::Days => seconds(86_400),
        TimeUnit::Weeks => seconds(7 * 86_400),
        TimeUnit::Months => months(amount),
        TimeUnit::Years => months(amount.checked_mul(12)?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn relative_dates_count_from_now() {
        let now = Utc.with_ymd_and_hms(2013, 5, 30, 12, 0, 0).unwrap();
        let zone = SiteTimeZone::utc();
        let back =
            |amount, unit| instant(&DateValue::Relative { amount, unit }, &zone, now).unwrap();
        assert_eq!(
            back(-30, TimeUnit::Days),
            Utc.with_ymd_and_hms(2013, 4, 30, 12, 0, 0).unwrap()
        );
        assert_eq!(
            back(-1, TimeUnit::Years),
            Utc.with_ymd_and_hms(2012, 5, 30, 12, 0, 0).unwrap()
        );
        assert_eq!(
            back(2, TimeUnit::Months),
            Utc.with_ymd_and_hms(2013, 7, 30, 12, 0, 0).unwrap()
        );
        assert!(
            instant(
                &DateValue::Relative {
                    amount: i64::MAX,
                    unit: TimeUnit::Weeks
                },
                &zone,
                now
            )
            .is_err()
        );
    }

    #[test]
    fn a_date_is_the_start_of_the_local_day() {
        let zone = SiteTimeZone::parse("Asia/Bishkek").unwrap();
        let day = NaiveDate::from_ymd_opt(2013, 5, 30).unwrap();
        assert_eq!(
            start_of_day(day, &zone),
            Some(Utc.with_ymd_and_hms(2013, 5, 29, 18, 0, 0).unwrap())
        );
        let far = SiteTimeZone::parse("-08:00").unwrap();
        let end = chrono::NaiveDateTime::MAX;
        assert!(matches!(
            instant(&DateValue::LocalDateTime(end), &far, Utc::now()),
            Err(QueryError::DateOutOfRange { .. })
        ));
        // The edges of the calendar give an instant or an error, never a panic.
        for day in [NaiveDate::MIN, NaiveDate::MAX] {
            for zone in ["-14:00", "+14:00"] {
                let zone = SiteTimeZone::parse(zone).unwrap();
                let _ = instant(&DateValue::Date(day), &zone, Utc::now());
                let local = DateValue::LocalDateTime(day.and_hms_opt(12, 0, 0).unwrap());
                let _ = instant(&local, &zone, Utc::now());
            }
        }
    }
}
