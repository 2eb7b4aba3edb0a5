// Proptest strategies for the queries the archive property tests ask, shared by
// `src/archive/properties.rs` (through `include!`) and `tests/oracle.rs` (through `#[path]`),
// so it has no inner doc comment; like `naive_archive.rs` it takes the names it uses from the
// including module. The sites they run against name tags `t1`..`t5`, categories `c10`..`c14`,
// authors `a1`..`a5`, posts `s0`..`s5` and ids below 60; each includer brings its own dates
// (fixed offsets or IANA zones) and title words.

use super::{
    AuthorId, AuthorRef, Comparison, DateField, DateValue, Filter, Match, Order, OrderKey,
    Pagination, PostId, PostKind, PostStatus, Predicate, Query, StickyPlacement, Taxonomy, TermId,
    TermRef, TextMatch, Viewer,
};
use proptest::prelude::*;

/// Every status, published four times as often as each other one.
pub fn status() -> impl Strategy<Value = PostStatus> {
    prop_oneof![
        4 => Just(PostStatus::Published),
        1 => Just(PostStatus::Draft),
        1 => Just(PostStatus::Pending),
        1 => Just(PostStatus::Private),
        1 => Just(PostStatus::Scheduled),
        1 => Just(PostStatus::Trash),
    ]
}

/// Posts four times as often as pages.
pub fn kind() -> impl Strategy<Value = PostKind> {
    prop_oneof![4 => Just(PostKind::Post), 1 => Just(PostKind::Page)]
}

/// Any comparison.
pub fn comparison() -> impl Strategy<Value = Comparison> {
    prop::sample::select(
        &[
            Comparison::Eq,
            Comparison::Lt,
            Comparison::Le,
            Comparison::Gt,
            Comparison::Ge,
        ][..],
    )
}

/// Tag and category slugs and ids that exist, a slug that does not, and id 99 (a term no
/// post carries).
pub fn term_ref() -> impl Strategy<Value = TermRef> {
    prop_oneof![
        (1u64..6).prop_map(|t| TermRef::Slug(format!("t{t}"))),
        (10u64..15).prop_map(|t| TermRef::Slug(format!("c{t}"))),
        Just(TermRef::Slug("missing".into())),
        prop_oneof![1u64..6, 10u64..15, Just(99u64)].prop_map(|t| TermRef::Id(TermId(t))),
    ]
}

/// Every kind of predicate; dates from `date_value`, titles matched against `words`.
pub fn predicate(
    date_value: impl Strategy<Value = DateValue> + 'static,
    words: &'static [&'static str],
) -> impl Strategy<Value = Predicate> {
    prop_oneof![
        4 => (prop::bool::ANY, prop::collection::vec(term_ref(), 0..3), prop::bool::ANY, prop::bool::ANY).prop_map(|(cat, terms, all, descendants)| Predicate::Terms {
            taxonomy: if cat { Taxonomy::Category } else { Taxonomy::Tag },
            terms,
            mode: if all { Match::All } else { Match::Any },
            descendants,
        }),
        2 => prop::collection::vec(prop_oneof![
            (1u64..6).prop_map(|a| AuthorRef::Slug(format!("a{a}"))),
            (1u64..6).prop_map(|a| AuthorRef::Id(AuthorId(a))),
        ], 0..3).prop_map(|authors| Predicate::Authors { authors }),
        1 => prop::collection::vec(status(), 0..3).prop_map(|statuses| Predicate::Status { statuses }),
        1 => prop::collection::vec(kind(), 0..2).prop_map(|kinds| Predicate::Kind { kinds }),
        2 => (2011i32..2015).prop_map(|year| Predicate::Year { year }),
        1 => (1u32..13).prop_map(|month| Predicate::Month { month }),
        1 => (1u32..32).prop_map(|day| Predicate::Day { day }),
        4 => (prop::bool::ANY, comparison(), date_value).prop_map(|(modified, comparison, value)| Predicate::Date {
            field: if modified { DateField::Modified } else { DateField::Published },
            comparison,
            value,
        }),
        1 => prop::bool::ANY.prop_map(|sticky| Predicate::Sticky { sticky }),
        1 => (comparison(), 0u64..3).prop_map(|(comparison, count)| Predicate::CommentCount { comparison, count }),
        1 => prop::bool::ANY.prop_map(|protected| Predicate::PasswordProtected { protected }),
        1 => (prop::sample::select(&[TextMatch::Contains, TextMatch::StartsWith, TextMatch::EndsWith, TextMatch::Equals][..]), prop::sample::select(words)).prop_map(|(matching, text)| Predicate::Title { matching, text: text.to_owned() }),
        1 => prop::collection::vec((0u32..6).prop_map(|s| format!("s{s}")), 0..3).prop_map(|slugs| Predicate::Slug { slugs }),
        1 => prop::collection::vec((1u64..60).prop_map(PostId), 0..4).prop_map(|ids| Predicate::Id { ids }),
    ]
}

/// Filters of predicates under AND, OR and NOT, two levels deep.
pub fn filter(
    predicate: impl Strategy<Value = Predicate> + 'static,
) -> impl Strategy<Value = Filter> {
    predicate
        .prop_map(Filter::Predicate)
        .prop_recursive(2, 8, 3, |inner| {
            prop_oneof![
                3 => prop::collection::vec(inner.clone(), 0..3).prop_map(Filter::And),
                1 => prop::collection::vec(inner.clone(), 0..3).prop_map(Filter::Or),
                1 => inner.prop_map(|f| Filter::Not(Box::new(f))),
            ]
        })
}

/// Every order key (newest first three times as often), either direction.
pub fn order() -> impl Strategy<Value = Order> {
    (
        prop_oneof![
            3 => Just(OrderKey::Published),
            1 => Just(OrderKey::Modified),
            1 => Just(OrderKey::Title),
            1 => Just(OrderKey::Slug),
            1 => Just(OrderKey::CommentCount),
            1 => Just(OrderKey::Relevance),
            1 => (0u64..4).prop_map(|seed| OrderKey::Random { seed }),
        ],
        prop::bool::ANY,
    )
        .prop_map(|(key, descending)| Order { key, descending })
}

/// A query of one page holding every answer (the properties compare whole answers), sticky
/// posts first one time in five.
pub fn query(
    filter: impl Strategy<Value = Filter>,
    search: impl Strategy<Value = Option<String>>,
) -> impl Strategy<Value = Query> {
    (filter, search, order(), prop::bool::weighted(0.2)).prop_map(
        |(filter, search, order, sticky)| Query {
            filter,
            search,
            order,
            pagination: Pagination::Page {
                page: 1,
                per_page: 1000,
            },
            sticky: if sticky {
                StickyPlacement::FirstOnFirstPage
            } else {
                StickyPlacement::InOrder
            },
        },
    )
}

/// Anonymous twice as often as an author (one of `a1`..`a4`) or an editor.
pub fn viewer() -> impl Strategy<Value = Viewer> {
    prop_oneof![
        2 => Just(Viewer::Anonymous),
        1 => (1u64..5).prop_map(|id| Viewer::Author { id: AuthorId(id) }),
        1 => Just(Viewer::Editor),
    ]
}
