//! Tag clouds, sized as WordPress's `wp_tag_cloud` / `wp_generate_tag_cloud` size them.
//!
//! 1. Terms with no posts are left out.
//! 2. The `number` most used terms are kept (WordPress's default is 45; 0 keeps all): the
//!    terms are ranked by count, most used first, equal counts by term id.
//! 3. The kept terms are ordered by name (case- and accent-insensitive, numbers in names
//!    compared by value, as PHP's `strnatcasecmp`) or by count, ascending or descending; equal
//!    keys are always ordered by term id, ascending, so that the result is deterministic.
//! 4. Each count is scaled as `round(log10(count + 1) × 100)`; with `min` and `max` the
//!    smallest and largest scaled counts, `spread = max − min` (at least 1), the font size is
//!    `smallest + (scaled − min) × (largest − smallest) / spread`. So the least used term gets
//!    `smallest`, the most used `largest`, and sizes grow with the logarithm of the count.
//!    As in WordPress, a `largest` below `smallest` makes a font spread of 1.
//!
//! ```
//! use broadsheet_core::cloud::{CloudOptions, tag_cloud};
//! use broadsheet_core::{Slug, Taxonomy, Term, TermId};
//! use std::sync::Arc;
//!
//! let tag = |id, name: &str| {
//!     Arc::new(Term::new(TermId(id), Taxonomy::Tag, name, Slug::parse(&name.to_lowercase()).unwrap()))
//! };
//! let (wlp, kyrgyzstan, women) = (tag(1, "WLP"), tag(2, "Kyrgyzstan"), tag(3, "women"));
//! let cloud = tag_cloud([(&wlp, 1), (&kyrgyzstan, 10), (&women, 3)], &CloudOptions::default());
//! let names: Vec<_> = cloud.iter().map(|e| e.term.name()).collect();
//! assert_eq!(names, ["Kyrgyzstan", "WLP", "women"]);
//! assert_eq!(cloud[0].size, 22.0); // 10 posts
//! assert_eq!(cloud[1].size, 8.0); // 1 post
//! assert_eq!(cloud[2].css_font_size("pt"), "13.676pt"); // 3 posts
//! ```

use crate::ids::{IdHash, TermId};
use crate::term::{Term, TermView};
use crate::text::fold_into;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

/// What a tag cloud is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CloudOrder {
    /// By name, case- and accent-insensitively, numbers by value (WordPress's default).
    #[default]
    Name,
    /// By post count.
    Count,
}

/// How to build a tag cloud. The default is WordPress's `wp_tag_cloud` default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CloudOptions {
    /// Font size of the least used term (default 8).
    pub smallest: f64,
    /// Font size of the most used term (default 22).
    pub largest: f64,
    /// CSS unit of the sizes (default `pt`); see [`CloudEntry::css_font_size`].
    pub unit: String,
    /// How many of the most used terms to show (default 45); 0 shows all.
    pub number: usize,
    /// Order of the terms shown (default by name).
    pub order_by: CloudOrder,
    /// Descending order (default ascending).
    pub descending: bool,
}

impl CloudOptions {
    /// These options with [`CloudOptions::smallest`] replaced.
    #[must_use]
    pub fn with_smallest(mut self, smallest: f64) -> Self {
        self.smallest = smallest;
        self
    }

    /// These options with [`CloudOptions::largest`] replaced.
    #[must_use]
    pub fn with_largest(mut self, largest: f64) -> Self {
        self.largest = largest;
        self
    }

    /// These options with [`CloudOptions::unit`] replaced.
    #[must_use]
    pub fn with_unit(mut self, unit: String) -> Self {
        self.unit = unit;
        self
    }

    /// These options with [`CloudOptions::number`] replaced.
    #[must_use]
    pub fn with_number(mut self, number: usize) -> Self {
        self.number = number;
        self
    }

    /// These options with [`CloudOptions::order_by`] replaced.
    #[must_use]
    pub fn with_order_by(mut self, order_by: CloudOrder) -> Self {
        self.order_by = order_by;
        self
    }

    /// These options with [`CloudOptions::descending`] replaced.
    #[must_use]
    pub fn with_descending(mut self, descending: bool) -> Self {
        self.descending = descending;
        self
    }

    /// Refuses sizes a cloud cannot be drawn with: not finite, negative, or `smallest` above
    /// `largest`.
    pub fn check(&self) -> Result<(), crate::QueryError> {
        for (name, size) in [("smallest", self.smallest), ("largest", self.largest)] {
            if !size.is_finite() || size < 0.0 {
                return Err(crate::QueryError::InvalidOption(format!(
                    "{name} {size}: expected a font size of 0 or more"
                )));
            }
        }
        if self.smallest > self.largest {
            return Err(crate::QueryError::InvalidOption(format!(
                "smallest {} is above largest {}: the least used term cannot be drawn larger than the most used",
                self.smallest, self.largest
            )));
        }
        Ok(())
    }
}

impl Default for CloudOptions {
    fn default() -> Self {
        Self {
            smallest: 8.0,
            largest: 22.0,
            unit: "pt".to_owned(),
            number: 45,
            order_by: CloudOrder::Name,
            descending: false,
        }
    }
}

/// A term in a tag cloud, with its size. The term shares the archive's copy (an entry
/// copies no text). Its serde form is flat: `term` (the id), `slug`, `name`, `count`, `size`.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudEntry {
    /// The term: [`TermView::name`] and [`TermView::slug`] are what a cloud shows and links.
    pub term: TermView,
    /// Number of posts it is on, as given.
    pub count: u64,
    /// Font size, between the options' `smallest` and `largest`, not rounded.
    pub size: f64,
}

/// The serde form of a [`CloudEntry`], borrowed.
#[derive(Serialize)]
struct CloudEntryFields<'a> {
    term: TermId,
    slug: &'a str,
    name: &'a str,
    count: u64,
    size: f64,
}

impl Serialize for CloudEntry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        CloudEntryFields {
            term: self.term.id(),
            slug: self.term.slug(),
            name: self.term.name(),
            count: self.count,
            size: self.size,
        }
        .serialize(serializer)
    }
}

impl CloudEntry {
    /// The size as a CSS length in `unit`: at most three decimals, trailing zeros removed,
    /// a `.` as decimal separator whatever the locale (`13.676pt`, `8pt`).
    pub fn css_font_size(&self, unit: &str) -> String {
        let mut number = format!("{:.3}", self.size);
        if number.contains('.') {
            let trimmed = number.trim_end_matches('0').trim_end_matches('.').len();
            number.truncate(trimmed);
        }
        if number == "-0" {
            number = "0".to_owned();
        }
        number + unit
    }
}

/// WordPress's `default_topic_count_scale`: `round(log10(count + 1) × 100)`.
pub fn scaled_count(count: u64) -> f64 {
    // `count as f64` loses precision only above 2^53 posts, where the logarithm does not care.
    (((count as f64) + 1.0).log10() * 100.0).round()
}

/// Builds a tag cloud from terms and their post counts. See the [module docs](self).
///
/// A term given more than once (same id) appears once, with its first count. The entries
/// share the terms given, which is why they are given in an [`Arc`].
pub fn tag_cloud<'a>(
    counts: impl IntoIterator<Item = (&'a Arc<Term>, u64)>,
    options: &CloudOptions,
) -> Vec<CloudEntry> {
    let mut seen = HashSet::new();
    let mut terms: Vec<(&Arc<Term>, u64)> = counts
        .into_iter()
        .filter(|&(term, count)| count > 0 && seen.insert(term.id))
        .collect();

    // The most used terms first; keep the top `number`.
    terms.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.id.cmp(&b.0.id)));
    if options.number > 0 {
        terms.truncate(options.number);
    }
    cloud_of_top(terms, options, None)
}

/// The cloud of terms already chosen: distinct, each used (a count above 0), at most
/// `options.number` of them (unless it is 0). What [`tag_cloud`] does after choosing, and
/// what an archive does with the top of its maintained ranking, giving the ranks by name of
/// all its terms (`name_ranks`, from [`NameOrder`]) so that the chosen names are not folded
/// and compared again.
pub(crate) fn cloud_of_top(
    mut terms: Vec<(&Arc<Term>, u64)>,
    options: &CloudOptions,
    name_ranks: Option<&NamedTerms>,
) -> Vec<CloudEntry> {
    match options.order_by {
        CloudOrder::Name => {
            let known = name_ranks.and_then(|ranks| {
                terms
                    .iter()
                    .map(|(term, _)| ranks.get(&term.id).map(|(rank, _)| *rank))
                    .collect::<Option<Vec<usize>>>()
            });
            let ranks = known.unwrap_or_else(|| {
                let chosen: Vec<&Term> = terms.iter().map(|(term, _)| term.as_ref()).collect();
                ranks_by_name(&chosen)
            });
            let mut ranked: Vec<(usize, &Arc<Term>, u64)> = ranks
                .into_iter()
                .zip(terms)
                .map(|(rank, (term, count))| (rank, term, count))
                .collect();
            ranked.sort_by(|a, b| {
                let by_name = if options.descending {
                    b.0.cmp(&a.0)
                } else {
                    a.0.cmp(&b.0)
                };
                by_name.then(a.1.id.cmp(&b.1.id))
            });
            terms = ranked
                .into_iter()
                .map(|(_, term, count)| (term, count))
                .collect();
        }
        CloudOrder::Count => terms.sort_by(|a, b| {
            let by_count = if options.descending {
                b.1.cmp(&a.1)
            } else {
                a.1.cmp(&b.1)
            };
            by_count.then(a.0.id.cmp(&b.0.id))
        }),
    }

    let scaled: Vec<f64> = terms
        .iter()
        .map(|&(_, count)| scaled_count(count))
        .collect();
    let min = scaled.iter().copied().fold(f64::INFINITY, f64::min);
    let max = scaled.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let spread = if max - min <= 0.0 { 1.0 } else { max - min };
    let font_spread = if options.largest - options.smallest < 0.0 {
        1.0
    } else {
        options.largest - options.smallest
    };
    let step = font_spread / spread;

    terms
        .into_iter()
        .zip(scaled)
        .map(|((term, count), scaled)| CloudEntry {
            term: TermView::new(term),
            count,
            size: options.smallest + (scaled - min) * step,
        })
        .collect()
}

/// Each term's rank in WordPress's order by name (folded, numbers by value), in the order
/// the terms are given: 0 for the first name, and terms whose names compare equal share a
/// rank. The folded names share one buffer.
fn ranks_by_name(terms: &[&Term]) -> Vec<usize> {
    let mut folded = String::new();
    let names: Vec<std::ops::Range<usize>> = terms
        .iter()
        .map(|term| {
            let start = folded.len();
            fold_into(&term.name, &mut folded);
            start..folded.len()
        })
        .collect();
    let name = |at: usize| &folded[names[at].clone()];
    let mut order: Vec<usize> = (0..terms.len()).collect();
    order.sort_by(|&a, &b| natural_cmp(name(a), name(b)));
    let mut ranks = vec![0; terms.len()];
    let mut rank = 0;
    for (i, &at) in order.iter().enumerate() {
        if i > 0 && natural_cmp(name(order[i - 1]), name(at)) != Ordering::Equal {
            rank += 1;
        }
        ranks[at] = rank;
    }
    ranks
}

/// A snapshot's terms by id, each with its rank by name ([`ranks_by_name`]), in a flat hash
/// table (one probe, where the snapshot's persistent map walks a trie).
pub(crate) type NamedTerms = HashMap<TermId, (usize, Arc<Term>), IdHash>;

/// The ranks by name of all of a snapshot's terms, made when a tag cloud first needs them
/// and shared by the snapshot's clones until a term changes ([`NameOrder::forget`]): a cloud
/// then sorts its terms by a number instead of folding and comparing their names, and finds
/// its terms here.
#[derive(Debug, Clone, Default)]
pub(crate) struct NameOrder(Arc<OnceLock<NamedTerms>>);

impl NameOrder {
    /// The terms with their ranks, made from `terms` (all the snapshot's terms) if they are
    /// not made yet.
    pub(crate) fn ranks<'a>(&self, terms: impl FnOnce() -> Vec<&'a Arc<Term>>) -> &NamedTerms {
        self.0.get_or_init(|| {
            let terms = terms();
            let plain: Vec<&Term> = terms.iter().copied().map(Arc::as_ref).collect();
            let ranks = ranks_by_name(&plain);
            terms
                .into_iter()
                .zip(ranks)
                .map(|(term, rank)| (term.id, (rank, Arc::clone(term))))
                .collect()
        })
    }

    /// Called when a term is added, changed or deleted: later ranks are made from the terms
    /// as they are then. Other snapshots sharing the ranks keep them. Nothing is allocated
    /// when the ranks are neither made nor shared.
    pub(crate) fn forget(&mut self) {
        if Arc::get_mut(&mut self.0).is_none_or(|ranks| ranks.get().is_some()) {
            *self = Self::default();
        }
    }
}

/// Natural order of already folded text: runs of ASCII digits compare by value, everything
/// else character by character.
///
/// Works on bytes without allocating: UTF-8 orders byte sequences as their characters' code
/// points, and an ASCII digit byte is never part of a longer character, so a byte-wise walk
/// decides as a walk over characters would.
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (left, right) = (a.as_bytes(), b.as_bytes());
    let (mut at_left, mut at_right) = (0, 0);
    loop {
        match (left.get(at_left), right.get(at_right)) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(l), Some(r)) if l.is_ascii_digit() && r.is_ascii_digit() => {
                let left_end = digits_end(left, at_left);
                let right_end = digits_end(right, at_right);
                let left_number = trim_zeros(&left[at_left..left_end]);
                let right_number = trim_zeros(&right[at_right..right_end]);
                let by_value = left_number
                    .len()
                    .cmp(&right_number.len())
                    .then_with(|| left_number.cmp(right_number));
                if by_value != Ordering::Equal {
                    return by_value;
                }
                (at_left, at_right) = (left_end, right_end);
            }
            (Some(l), Some(r)) => {
                if l != r {
                    return l.cmp(r);
                }
                at_left += 1;
                at_right += 1;
            }
        }
    }
}

/// The end of the run of ASCII digits that starts at `from`.
fn digits_end(text: &[u8], from: usize) -> usize {
    text[from..]
        .iter()
        .position(|c| !c.is_ascii_digit())
        .map_or(text.len(), |n| from + n)
}

/// A run of digits without its leading zeros.
fn trim_zeros(digits: &[u8]) -> &[u8] {
    let zeros = digits.iter().take_while(|&&c| c == b'0').count();
    &digits[zeros..]
}

#[cfg(test)]
mod tests {

    /// The definition [`natural_cmp`] must agree with: characters one by one, runs of
    /// ASCII digits by value.
    fn natural_cmp_by_chars(a: &str, b: &str) -> Ordering {
        let mut a = a.chars().peekable();
        let mut b = b.chars().peekable();
        let run = |chars: &mut std::iter::Peekable<std::str::Chars<'_>>| {
            let mut run = String::new();
            while let Some(c) = chars.next_if(char::is_ascii_digit) {
                run.push(c);
            }
            run
        };
        loop {
            match (a.peek().copied(), b.peek().copied()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(x), Some(y)) if x.is_ascii_digit() && y.is_ascii_digit() => {
                    let (x, y) = (run(&mut a), run(&mut b));
                    let (x, y) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                    let by_value = x.len().cmp(&y.len()).then_with(|| x.cmp(y));
                    if by_value != Ordering::Equal {
                        return by_value;
                    }
                }
                (Some(x), Some(y)) => {
                    if x != y {
                        return x.cmp(&y);
                    }
                    a.next();
                    b.next();
                }
            }
        }
    }
    use super::*;
    use crate::{Slug, Taxonomy};
    use proptest::prelude::*;

    fn term(id: u64, name: &str) -> Arc<Term> {
        Arc::new(Term::new(
            TermId(id),
            Taxonomy::Tag,
            name,
            Slug::parse(&format!("t{id}")).unwrap(),
        ))
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn sizes_follow_wordpress_by_hand() {
        // log10(2)*100 = 30.10 -> 30; log10(4)*100 = 60.21 -> 60; log10(11)*100 = 104.14 -> 104.
        assert_eq!([1, 3, 10].map(scaled_count), [30.0, 60.0, 104.0]);
        let (a, b, c) = (term(1, "a"), term(2, "b"), term(3, "c"));
        let cloud = tag_cloud([(&a, 1), (&b, 3), (&c, 10)], &CloudOptions::default());
        let sizes: Vec<f64> = cloud.iter().map(|e| e.size).collect();
        // spread 104 - 30 = 74; step 14 / 74; b: 8 + 30 * 14 / 74.
        assert!(close(sizes[0], 8.0));
        assert!(close(sizes[1], 8.0 + 30.0 * 14.0 / 74.0), "{sizes:?}");
        assert!(close(sizes[2], 22.0));
        assert_eq!(cloud[1].css_font_size("pt"), "13.676pt");
        assert_eq!(cloud[0].css_font_size("em"), "8em");
    }

    #[test]
    fn an_entry_serialises_flat_with_the_term_s_id_slug_and_name() {
        let cloud = tag_cloud([(&term(3, "Cats"), 10)], &CloudOptions::default());
        let json = serde_json::to_value(&cloud).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{"term": 3, "slug": "t3", "name": "Cats", "count": 10, "size": 8.0}])
        );
    }

    #[test]
    fn equal_counts_and_a_single_term_get_the_smallest_size() {
        let (a, b) = (term(1, "a"), term(2, "b"));
        let cloud = tag_cloud([(&a, 4), (&b, 4)], &CloudOptions::default());
        assert!(cloud.iter().all(|e| close(e.size, 8.0)));
        let cloud = tag_cloud([(&a, 7)], &CloudOptions::default());
        assert!(close(cloud[0].size, 8.0));
        assert!(tag_cloud([], &CloudOptions::default()).is_empty());
    }

    #[test]
    fn unused_terms_are_left_out_and_the_top_n_are_kept() {
        let terms: Vec<Arc<Term>> = (1..=6).map(|i| term(i, &format!("tag {i}"))).collect();
        let counts = [0u64, 5, 1, 5, 9, 2];
        let options = CloudOptions {
            number: 3,
            ..CloudOptions::default()
        };
        let cloud = tag_cloud(terms.iter().zip(counts), &options);
        let ids: Vec<u64> = cloud.iter().map(|e| e.term.id().0).collect();
        // Top 3 by count: 5 (9), 2 and 4 (5 each); then by name.
        assert_eq!(ids, [2, 4, 5]);
        // Sizes are spread over the kept terms only.
        assert!(close(cloud[0].size, 8.0));
        assert!(close(cloud[2].size, 22.0));
        let all = tag_cloud(
            terms.iter().zip(counts),
            &CloudOptions {
                number: 0,
                ..CloudOptions::default()
            },
        );
        assert_eq!(all.len(), 5);
        // On a tie at the cut, the lower id is kept.
        let ties = tag_cloud(
            terms.iter().zip([3u64, 3, 3, 3, 3, 3]),
            &CloudOptions {
                number: 2,
                ..CloudOptions::default()
            },
        );
        assert_eq!(
            ties.iter().map(|e| e.term.id().0).collect::<Vec<_>>(),
            [1, 2]
        );
    }

    #[test]
    fn names_order_case_and_accent_insensitively_and_numbers_by_value() {
        let names = [
            "Zebra", "élan", "Apple", "tag 10", "tag 9", "apple", "Ёж", "ель",
        ];
        let terms: Vec<Arc<Term>> = names
            .iter()
            .enumerate()
            .map(|(i, n)| term(i as u64 + 1, n))
            .collect();
        let cloud = tag_cloud(terms.iter().map(|t| (t, 1)), &CloudOptions::default());
        let order: Vec<&str> = cloud.iter().map(|e| e.term.name()).collect();
        assert_eq!(
            order,
            [
                "Apple", "apple", "élan", "tag 9", "tag 10", "Zebra", "Ёж", "ель"
            ]
        );
        let descending = tag_cloud(
            terms.iter().map(|t| (t, 1)),
            &CloudOptions {
                descending: true,
                ..CloudOptions::default()
            },
        );
        let order: Vec<&str> = descending.iter().map(|e| e.term.name()).collect();
        // Reversed by name; equal names ("Apple", "apple") still by id.
        assert_eq!(
            order,
            [
                "ель", "Ёж", "Zebra", "tag 10", "tag 9", "élan", "Apple", "apple"
            ]
        );
    }

    #[test]
    fn order_by_count_both_ways() {
        let terms: Vec<Arc<Term>> = (1..=4).map(|i| term(i, "x")).collect();
        let counts = [2u64, 7, 2, 1];
        let by_count = |descending| {
            let options = CloudOptions {
                order_by: CloudOrder::Count,
                descending,
                ..CloudOptions::default()
            };
            tag_cloud(terms.iter().zip(counts), &options)
                .iter()
                .map(|e| e.term.id().0)
                .collect::<Vec<_>>()
        };
        assert_eq!(by_count(false), [4, 1, 3, 2]);
        assert_eq!(by_count(true), [2, 1, 3, 4]);
    }

    #[test]
    fn duplicates_and_inverted_size_ranges() {
        let a = term(1, "a");
        let b = term(2, "b");
        let cloud = tag_cloud([(&a, 1), (&a, 50), (&b, 10)], &CloudOptions::default());
        assert_eq!(cloud.len(), 2);
        assert_eq!(cloud[0].count, 1);
        // The first count wins wherever the repeat is; a zero count is no entry at all.
        let c = term(3, "c");
        let cloud = tag_cloud(
            [(&c, 0), (&b, 10), (&a, 4), (&c, 7), (&b, 99), (&a, 50)],
            &CloudOptions::default(),
        );
        let counts: Vec<(u64, u64)> = cloud.iter().map(|e| (e.term.id().0, e.count)).collect();
        assert_eq!(counts, [(1, 4), (2, 10), (3, 7)]);
        let inverted = CloudOptions {
            smallest: 20.0,
            largest: 10.0,
            ..CloudOptions::default()
        };
        let cloud = tag_cloud([(&a, 1), (&b, 10)], &inverted);
        // WordPress: a negative font spread becomes 1.
        assert!(close(cloud[0].size, 20.0));
        assert!(close(cloud[1].size, 21.0));
    }

    proptest! {
        #![proptest_config(crate::testing::proptest_config(256))]
        #[test]
        fn sizes_stay_in_range_and_grow_with_count(
            counts in prop::collection::vec(0u64..100_000, 0..60),
            number in 0usize..50,
        ) {
            let terms: Vec<Arc<Term>> = (0..counts.len()).map(|i| term(i as u64, &format!("n{i}"))).collect();
            let options = CloudOptions { number, ..CloudOptions::default() };
            let cloud = tag_cloud(terms.iter().zip(counts.iter().copied()), &options);
            let used = counts.iter().filter(|&&c| c > 0).count();
            prop_assert_eq!(cloud.len(), if number == 0 { used } else { used.min(number) });
            for e in &cloud {
                prop_assert!(e.count > 0);
                prop_assert!(e.size >= 8.0 - 1e-9 && e.size <= 22.0 + 1e-9);
            }
            for x in &cloud {
                for y in &cloud {
                    if x.count < y.count {
                        prop_assert!(x.size <= y.size);
                    }
                }
            }
            // Every term left out is used no more than every term kept.
            if let Some(least_kept) = cloud.iter().map(|e| e.count).min() {
                let kept: HashSet<TermId> = cloud.iter().map(|e| e.term.id()).collect();
                for (t, &c) in terms.iter().zip(&counts) {
                    if !kept.contains(&t.id) {
                        prop_assert!(c <= least_kept);
                    }
                }
            }
        }

        #[test]
        fn natural_order_is_a_total_order(a in "[a-c0-9]{0,6}", b in "[a-c0-9]{0,6}", c in "[a-c0-9]{0,6}") {
            prop_assert_eq!(natural_cmp(&a, &b), natural_cmp(&b, &a).reverse());
            if natural_cmp(&a, &b) != Ordering::Greater && natural_cmp(&b, &c) != Ordering::Greater {
                prop_assert!(natural_cmp(&a, &c) != Ordering::Greater);
            }
        }

        #[test]
        fn natural_order_on_bytes_is_the_order_by_characters(
            a in "[a0-9é中\u{10348}]{0,8}",
            b in "[a0-9é中\u{10348}]{0,8}",
        ) {
            prop_assert_eq!(natural_cmp(&a, &b), natural_cmp_by_chars(&a, &b));
            let prefixed = format!("{a}{b}");
            prop_assert_eq!(natural_cmp(&prefixed, &a), natural_cmp_by_chars(&prefixed, &a));
        }
    }
}
