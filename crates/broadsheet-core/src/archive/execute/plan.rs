//! Planning: which posting lists a query reads (the narrowest its conditions imply), which
//! conditions the lists guarantee and which must still be tested, and the date bounds.

use super::*;

/// A query resolved against a snapshot.
pub(crate) struct Plan<'s> {
    pub(super) snapshot: &'s Snapshot,
    /// What the source does not guarantee by itself (every condition when in doubt).
    pub(super) residual: Cond,
    /// Whether visibility must be tested (the public family is visible to everyone).
    pub(super) check_visibility: bool,
    pub(super) viewer: Viewer,
    pub(super) search: Option<Arc<SearchQuery>>,
    /// The search's terms as the text index answers them, in the search's order.
    pub(super) terms: Vec<TermFilter<'s>>,
    pub(super) source: Source<'s>,
    pub(super) low: DateKey,
    pub(super) high: DateKey,
    /// Every post of the (single) source list, or of the source's keys, is admitted: its
    /// length is the total.
    pub(super) exact: bool,
    /// The family whose posts are exactly the admitted posts (its counts are exact).
    pub(super) whole_family: Option<&'s Family>,
    /// Keys (inclusive) within which every post of the single source list is admitted.
    pub(super) certain: Option<(DateKey, DateKey)>,
    /// When the source is the union of the lists of an "any of these terms" condition (one
    /// list per term that has posts; the condition is not retested): its terms.
    pub(super) any_term: Option<BTreeSet<crate::ids::TermId>>,
    /// When every condition the scope does not imply is a condition on lists (terms,
    /// authors, or their negation) and nothing else is tested: those lists, whose bitmaps
    /// give the total without a walk.
    pub(super) algebra: Option<ListAlgebra<'s>>,
}

/// A conjunction of list conditions: the posts in at least one list of every required group
/// and in no excluded list.
pub(super) struct ListAlgebra<'s> {
    required: Vec<Vec<&'s Posting>>,
    excluded: Vec<&'s Posting>,
}

impl<'s> ListAlgebra<'s> {
    /// The lists of a conjunction within a family, when every conjunct the scope does not
    /// imply is a term, author or negated term or author condition (`None` otherwise), and
    /// of the searched words (each a union of lists, `true` when excluded). Word lists may
    /// hold posts outside the family: the family's own list is then required too.
    fn of(
        conjuncts: &[&Cond],
        scope: Scope,
        family: &'s Family,
        words: Vec<(Vec<&'s Posting>, bool)>,
    ) -> Option<Self> {
        let terms = |ids: &BTreeSet<crate::ids::TermId>| -> Vec<&'s Posting> {
            ids.iter().filter_map(|id| family.by_term.get(id)).collect()
        };
        let authors = |ids: &BTreeSet<crate::ids::AuthorId>| -> Vec<&'s Posting> {
            ids.iter()
                .filter_map(|id| family.by_author.get(id))
                .collect()
        };
        let mut algebra = ListAlgebra {
            required: Vec::new(),
            excluded: Vec::new(),
        };
        for cond in conjuncts {
            if scope.implies(cond) {
                continue;
            }
            match cond {
                Cond::AnyTerm(ids) => algebra.required.push(terms(ids)),
                Cond::AllTerms(groups) => algebra.required.extend(groups.iter().map(terms)),
                Cond::Authors(ids) => algebra.required.push(authors(ids)),
                Cond::Not(inner) => match inner.as_ref() {
                    Cond::AnyTerm(ids) => algebra.excluded.extend(terms(ids)),
                    Cond::Authors(ids) => algebra.excluded.extend(authors(ids)),
                    _ => return None,
                },
                _ => return None,
            }
        }
        if algebra.required.is_empty() || !words.is_empty() {
            algebra.required.push(vec![&family.by_date]);
        }
        for (lists, excluded) in words {
            if excluded {
                algebra.excluded.extend(lists);
            } else {
                algebra.required.push(lists);
            }
        }
        Some(algebra)
    }

    /// The number of posts: unions, then intersections from the smallest group, then
    /// differences, all on bitmaps of post ids.
    fn total(&self) -> u64 {
        let mut groups: Vec<_> = self
            .required
            .iter()
            .map(|group| union_bits(group))
            .collect();
        groups.sort_by_key(|group| group.len());
        match (groups.as_slice(), self.excluded.is_empty()) {
            ([], _) => 0,
            ([one], true) => one.len(),
            ([one, two], true) => one.intersection_len(two),
            ([first, rest @ ..], _) => {
                let mut result = first.as_ref().clone();
                for group in rest {
                    result &= group.as_ref();
                }
                for list in &self.excluded {
                    result -= list.bits();
                }
                result.len()
            }
        }
    }
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
            .filter(|s| !s.is_empty())
            .map(Arc::new);
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
        let (mut source, mut consumed) =
            best.unwrap_or_else(|| (Source::Lists(vec![&family.by_date]), Consumed::NONE));
        // A searched word is a list like a tag's: the narrowest of the required terms' lists
        // may be the source, and the others are tested by membership.
        let word_scope = if scope == Scope::Public {
            WordScope::Public
        } else {
            WordScope::All
        };
        // The lists of every term of one word (a union each), while every term is one.
        let mut word_lists: Option<Vec<(Vec<&'s Posting>, bool)>> = Some(Vec::new());
        let mut terms: Vec<TermFilter<'s>> = search
            .iter()
            .flat_map(|search| search.terms())
            .map(|term| {
                let found = snapshot.words.lookup(term, word_scope);
                match (&mut word_lists, &found.candidates) {
                    (Some(lists), None) if found.exact => {
                        lists.push((found.lists.clone(), term.exclude));
                    }
                    _ => word_lists = None,
                }
                let phrase = found.phrase;
                let posts = match found.candidates {
                    Some(keys) => Source::Keys(keys),
                    // A union of many lists is merged once rather than at every step.
                    None if found.lists.len() > MAX_MERGED_LISTS => {
                        Source::Keys(merge(&found.lists))
                    }
                    None => Source::Lists(found.lists),
                };
                TermFilter {
                    posts,
                    phrase,
                    exact: found.exact,
                    exclude: term.exclude,
                    is_source: false,
                }
            })
            .collect();
        let narrowest_term = terms
            .iter()
            .enumerate()
            .filter(|(_, term)| !term.exclude)
            .min_by_key(|(_, term)| term.posts.size())
            .map(|(index, term)| (index, term.posts.size()));
        let mut word_source = false;
        if let Some((index, size)) = narrowest_term
            && size < source.size()
        {
            source = std::mem::replace(&mut terms[index].posts, Source::Keys(Vec::new()));
            terms[index].is_source = true;
            consumed = Consumed::NONE;
            word_source = true;
        }
        // Outside the public scope, word lists hold posts of every kind and status: the
        // scope's own conditions are then tested too.
        let unscoped = word_source && scope != Scope::Public;
        let implied = |c: &Cond| !unscoped && scope.implies(c);
        // Whether the index alone decides the search: one exact term, the source, and no
        // protected post whose text the viewer may not read.
        let search_settled = terms.iter().all(|term| term.is_source && term.exact)
            && (viewer == Viewer::Editor || snapshot.words.protected(word_scope) == 0);
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
        let exact = search_settled
            && !check_visibility
            && !bounded
            && match &source {
                Source::Lists(lists) => lists.len() <= 1,
                // A term's keys (distinct): the posts that hold it, as the index decided.
                Source::Keys(_) => word_source,
            }
            && conjuncts
                .iter()
                .enumerate()
                .all(|(i, c)| consumed.contains(i) || implied(c));
        // Conditions the source's membership guarantees need no test.
        let residual = Cond::And(
            conjuncts
                .iter()
                .enumerate()
                .filter(|(i, c)| !consumed.contains(*i) && !implied(c))
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
        // Words decide by their lists alone unless a protected post the viewer may not read
        // is in the scope (its title alone is searched, which the walk checks).
        let words_decide = viewer == Viewer::Editor || snapshot.words.protected(word_scope) == 0;
        let word_lists = match (&search, word_lists) {
            (None, _) => Some(Vec::new()),
            (Some(_), Some(lists)) if words_decide => Some(lists),
            _ => None,
        };
        let algebra = match word_lists {
            Some(words) if !check_visibility && !bounded => {
                ListAlgebra::of(&conjuncts, scope, family, words)
            }
            _ => None,
        };
        let mut cond = cond;
        let any_term = any_term_index.and_then(|index| match cond.conjunct_mut(index) {
            Some(Cond::AnyTerm(ids)) => Some(std::mem::take(ids)),
            _ => None,
        });
        Ok(Plan {
            snapshot,
            residual,
            check_visibility,
            viewer,
            search,
            terms,
            source,
            low,
            high,
            exact,
            whole_family,
            certain,
            any_term,
            algebra,
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
    ) -> Option<Vec<&'s OrdSet<DateKey>>> {
        match &self.source {
            Source::Lists(lists) if self.any_term.as_ref() == Some(terms) => {
                Some(lists.iter().map(|list| list.set()).collect())
            }
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

    /// The total when it is known without walking: the length of the one exact list, or the
    /// cardinality of the lists' bitmaps combined.
    pub(crate) fn known_total(&self) -> Option<u64> {
        self.exact_length()
            .or_else(|| self.algebra.as_ref().map(ListAlgebra::total))
    }

    /// The length of the one source list (or the source's keys) when every post of it is
    /// admitted.
    fn exact_length(&self) -> Option<u64> {
        match &self.source {
            Source::Lists(lists) if self.exact => {
                Some(lists.first().map_or(0, |list| list.len() as u64))
            }
            Source::Keys(keys) if self.exact => Some(keys.len() as u64),
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
        self.exact_length().is_some() || self.algebra.is_some() || self.certain.is_some()
    }
}

/// Which family of lists a plan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    /// Kind `post`, status `published`.
    Public,
    /// Kind `post`, any status but trash (what an editor sees by default).
    Editorial,
    /// Every post.
    All,
}

impl Scope {
    /// Whether every post of the family satisfies the condition.
    pub(super) fn implies(self, cond: &Cond) -> bool {
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

/// Above this many lists, a term's union is merged into one sorted vector when planned.
const MAX_MERGED_LISTS: usize = 4;

pub(super) fn only<T: PartialEq>(values: &[T], value: &T) -> bool {
    !values.is_empty() && values.iter().all(|v| v == value)
}

/// Whether every post of the public family satisfies the condition.
pub(super) fn implied_by_public(cond: &Cond) -> bool {
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

pub(super) fn term_lists(
    family: &Family,
    ids: impl Iterator<Item = crate::ids::TermId>,
) -> Source<'_> {
    Source::Lists(ids.filter_map(|id| family.by_term.get(&id)).collect())
}

pub(super) fn next(key: DateKey) -> DateKey {
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

pub(super) fn previous(key: DateKey) -> DateKey {
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

pub(super) const SLACK: i64 = 2 * 86_400;

/// A local date is less than a day away from the UTC date (offsets are under 24 hours).
pub(super) const DAY: i64 = 86_400;

/// The keys within which every conjunct of a condition certainly holds, when each of them is
/// a condition on the publication date that holds on an interval of instants (`None`
/// otherwise). Conservative: the bounds are whole seconds inside the exact interval.
pub(super) fn certain_interval(cond: &Cond) -> Option<(DateKey, DateKey)> {
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
pub(super) fn date_bounds(conjuncts: &[&Cond], snapshot: &Snapshot) -> (DateKey, DateKey) {
    let mut low = i64::MIN;
    let mut high = i64::MAX;
    let zone = &snapshot.settings.time_zone;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AuthorId, PostId, TermId};
    use crate::post::Post;
    use crate::term::{Taxonomy, Term};
    use crate::time::Timestamp;
    use crate::{Author, Site, Slug};

    /// 600 posts: post `n` has tag `t{k}` when `k` divides `n` (k = 2, 3, 5, 7), author `a{n % 3}`,
    /// the word "alpha" in its text when 4 divides `n` ("beta" otherwise); every tenth post is
    /// a draft; `protect` is password-protected.
    fn snapshot_with(protect: Option<u64>) -> Snapshot {
        let slug = |s: &str| Slug::parse(s).unwrap();
        let mut site = Site::new("Blog");
        for a in 0..3 {
            site.authors
                .push(Author::new(AuthorId(a), slug(&format!("a{a}")), "A"));
        }
        for k in [2, 3, 5, 7] {
            site.terms.push(Term::new(
                TermId(k),
                Taxonomy::Tag,
                "T",
                slug(&format!("t{k}")),
            ));
        }
        for n in 1..=600u64 {
            let mut post = Post::new(PostId(n), "P", slug(&format!("p{n}")));
            post.published = Some(
                Timestamp::parse_rfc3339(&format!("2020-01-01T00:00:{:02}+00:00", n % 60)).unwrap(),
            );
            post.authors.push(AuthorId(n % 3));
            post.terms
                .extend([2, 3, 5, 7].into_iter().filter(|k| n % k == 0).map(TermId));
            post.content = if n.is_multiple_of(4) {
                "alpha words"
            } else {
                "beta words"
            }
            .into();
            if n.is_multiple_of(10) {
                post.status = PostStatus::Draft;
            }
            if protect == Some(n) {
                post.password = Some("secret".into());
            }
            site.posts.push(post);
        }
        Snapshot::from_site(site)
    }

    fn snapshot() -> Snapshot {
        snapshot_with(None)
    }

    /// What the walk counts (every admitted post read).
    fn walked(plan: &Plan) -> u64 {
        plan.walk(false, None).count() as u64
    }

    #[test]
    fn totals_of_and_or_and_not_of_lists_come_from_bitmaps_and_equal_the_walk() {
        let snapshot = snapshot();
        let public = |n: u64| !n.is_multiple_of(10);
        let cases: Vec<(Query, Viewer, u64)> = vec![
            (
                Query::new().all_tags(&["t2", "t3"]),
                Viewer::Anonymous,
                (1..=600).filter(|n| n % 6 == 0 && public(*n)).count() as u64,
            ),
            (
                Query::new().all_tags(&["t2", "t3", "t7"]),
                Viewer::Anonymous,
                (1..=600).filter(|n| n % 42 == 0 && public(*n)).count() as u64,
            ),
            (
                Query::new().any_tags(&["t5", "t7"]),
                Viewer::Editor,
                (1..=600).filter(|n| n % 5 == 0 || n % 7 == 0).count() as u64,
            ),
            (
                Query::new().tag("t2").without_tags(&["t3", "t5"]),
                Viewer::Anonymous,
                (1..=600)
                    .filter(|n| n % 2 == 0 && n % 3 != 0 && n % 5 != 0 && public(*n))
                    .count() as u64,
            ),
            (
                Query::new().authors(&["a1"]).any_tags(&["t7"]),
                Viewer::Anonymous,
                (1..=600)
                    .filter(|n| n % 3 == 1 && n % 7 == 0 && public(*n))
                    .count() as u64,
            ),
            (
                Query::new().without_authors(&["a0"]),
                Viewer::Anonymous,
                (1..=600).filter(|n| n % 3 != 0 && public(*n)).count() as u64,
            ),
            (
                Query::new().tag("t3").search("ALPHA"),
                Viewer::Anonymous,
                (1..=600).filter(|n| n % 12 == 0 && public(*n)).count() as u64,
            ),
            (
                Query::new().search("words -alpha"),
                Viewer::Editor,
                (1..=600).filter(|n| n % 4 != 0).count() as u64,
            ),
        ];
        for (query, viewer, expected) in cases {
            let plan = Plan::new(&snapshot, &query, &QueryContext::new(viewer), None).unwrap();
            assert!(plan.algebra.is_some(), "{query:?} is counted from bitmaps");
            assert!(plan.counts_fast());
            assert_eq!(plan.count(), expected, "{query:?}");
            assert_eq!(walked(&plan), expected, "{query:?}");
        }
    }

    #[test]
    fn a_condition_the_lists_do_not_decide_is_counted_by_the_walk() {
        let snapshot = snapshot();
        for (query, viewer) in [
            (
                Query::new().all_tags(&["t2", "t3"]).year(2020),
                Viewer::Anonymous,
            ),
            // A phrase is checked against the text.
            (
                Query::new()
                    .all_tags(&["t2", "t3"])
                    .search("\"alpha words\""),
                Viewer::Anonymous,
            ),
            // Drafts are tested one by one.
            (
                Query::new()
                    .all_tags(&["t2", "t3"])
                    .statuses([PostStatus::Draft]),
                Viewer::Editor,
            ),
        ] {
            let plan = Plan::new(&snapshot, &query, &QueryContext::new(viewer), None).unwrap();
            assert!(plan.algebra.is_none(), "{query:?}");
            assert_eq!(plan.count(), walked(&plan), "{query:?}");
        }
    }

    #[test]
    fn words_do_not_decide_where_a_protected_post_hides_its_text() {
        // Post 24 has "alpha" in its protected content: the public may find it by its title
        // only, so a search is checked post by post, and it is not counted.
        let snapshot = snapshot_with(Some(24));
        let query = Query::new().search("alpha");
        let plan = Plan::new(
            &snapshot,
            &query,
            &QueryContext::new(Viewer::Anonymous),
            None,
        )
        .unwrap();
        assert!(plan.algebra.is_none());
        let expected = (1..=600)
            .filter(|n| n % 4 == 0 && n % 10 != 0 && *n != 24)
            .count() as u64;
        assert_eq!(plan.count(), expected);
        // The editor reads every text: the lists decide.
        let plan = Plan::new(&snapshot, &query, &QueryContext::new(Viewer::Editor), None).unwrap();
        assert!(plan.algebra.is_some());
        assert_eq!(plan.count(), 150);
        assert_eq!(walked(&plan), 150);
    }

    #[test]
    fn pages_and_totals_of_lists_not_built_yet_leave_them_unbuilt() {
        let snapshot = snapshot();
        for query in [
            Query::new().tag("t2"),
            Query::new().tag("t2").page(3, 10),
            Query::new().all_tags(&["t2", "t7"]),
            Query::new().any_tags(&["t3", "t5"]),
            Query::new().tag("t3").year(2020),
            Query::new().authors(&["a1"]),
        ] {
            let page = snapshot.query(&query, Viewer::Anonymous).unwrap();
            let expected = snapshot.query(&query, Viewer::Editor).unwrap();
            assert!(
                page.total <= expected.total && !page.posts.is_empty(),
                "{query:?}"
            );
        }
        let family = &snapshot.public;
        for term in [2, 3, 5, 7] {
            assert!(!family.by_term[&TermId(term)].is_built(), "tag t{term}");
        }
        assert!(!family.by_author[&AuthorId(1)].is_built());
        assert!(!family.by_date.is_built());
    }
}
