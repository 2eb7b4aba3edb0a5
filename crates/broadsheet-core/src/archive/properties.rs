//! Property tests: the indexed answer equals a naive filter-and-sort over every post; pages and
//! cursors partition the result (also across edits); anonymous answers leak nothing; edits
//! agree with rebuilding from scratch.

use super::*;
use crate::comment::{Comment, CommentStatus};
use crate::post::{Post, PostKind, PostStatus};
use crate::query::{
    AuthorRef, Comparison, DateField, DateValue, Filter, Match, Order, OrderKey, Pagination,
    Predicate, Query, StickyPlacement, TermRef, TextMatch, TimeUnit,
};
// The oracle and its text matcher are written independently of the archive and `crate::text`
// (shared with the crate's integration tests).
mod naive_text {
    include!("../../tests/support/naive_text.rs");
}
mod naive_archive {
    include!("../../tests/support/naive_archive.rs");
}
mod strategies {
    include!("../../tests/support/query_strategies.rs");
}
use crate::time::{SiteTimeZone, Timestamp};
use crate::values::{Email, Slug};
use chrono::{Datelike, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, TimeZone};
use naive_archive::{NaiveArchive, SiteClock, naive_cmp};
use proptest::prelude::*;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use strategies::{comparison, filter, kind, predicate, status, viewer};

const WORDS: &[&str] = &["alpha", "Beta", "gamma", "ÉCOLE", "école", "delta kyrgyz"];
const OFFSETS: &[i32] = &[0, -8 * 3600, 6 * 3600, 14 * 3600];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2013, 6, 1, 0, 0, 0).unwrap()
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    // Two years around 2013, on a few offsets, with repeats so that ties happen.
    (0i64..40, 0usize..OFFSETS.len(), 0i64..3).prop_map(|(step, offset, jitter)| {
        let utc = Utc.with_ymd_and_hms(2012, 6, 1, 0, 0, 0).unwrap()
            + chrono::TimeDelta::hours(step * 431 + jitter * 7);
        let offset = FixedOffset::east_opt(OFFSETS[offset]).unwrap();
        Timestamp::new(utc.with_timezone(&offset))
    })
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..4).prop_map(|w| w.join(" "))
}

prop_compose! {
    fn post(id: u64)(
        kind in kind(),
        status in status(),
        title in text(),
        content in text(),
        excerpt in prop::option::of(text()),
        published in prop::option::weighted(0.9, timestamp()),
        modified in prop::option::of(timestamp()),
        terms in prop::collection::vec(prop_oneof![1u64..6, 10u64..15, Just(99u64)], 0..4),
        authors in prop::collection::vec(1u64..5, 0..3),
        sticky in prop::bool::weighted(0.2),
        password in prop_oneof![8 => Just(None), 1 => Just(Some(0usize)), 1 => Just(Some(1)), 2 => Just(Some(2))],
        slug in 0u32..6,
    ) -> Post {
        let mut post = Post::new(PostId(id), title, Slug::parse(&format!("s{slug}")).unwrap());
        post.kind = kind;
        post.status = status;
        post.content = content;
        post.excerpt = excerpt;
        post.published = published;
        post.modified = modified;
        post.terms = terms.into_iter().map(TermId).collect();
        post.authors = authors.into_iter().map(AuthorId).collect();
        post.sticky = sticky;
        // Every password length that matters: empty (not protecting), one character, long.
        post.password = password.map(|length| match length {
            0 => String::new(),
            1 => "x".to_owned(),
            _ => format!("pw-secret-{id}"),
        });
        post
    }
}

fn posts() -> impl Strategy<Value = Vec<Post>> {
    prop::collection::btree_set(1u64..60, 0..30)
        .prop_flat_map(|ids| ids.into_iter().map(post).collect::<Vec<_>>())
}

fn site() -> impl Strategy<Value = Site> {
    (
        posts(),
        prop::collection::vec(prop::option::of(10u64..15), 5),
        prop::collection::vec(
            (1u64..60, prop::sample::select(&[0u8, 1, 1, 1, 2][..])),
            0..20,
        ),
        0usize..OFFSETS.len(),
    )
        .prop_map(|(posts, parents, comments, offset)| {
            let mut site = Site::new("Generated");
            site.settings.time_zone =
                SiteTimeZone::Fixed(FixedOffset::east_opt(OFFSETS[offset]).unwrap());
            for id in 1..5u64 {
                let mut author =
                    Author::new(AuthorId(id), Slug::parse(&format!("a{id}")).unwrap(), "A");
                author.email = Some(Email::parse(&format!("secret{id}@example.org")).unwrap());
                site.authors.push(author);
            }
            for id in 1..6u64 {
                site.terms.push(Term::new(
                    TermId(id),
                    Taxonomy::Tag,
                    WORDS[id as usize % WORDS.len()],
                    Slug::parse(&format!("t{id}")).unwrap(),
                ));
            }
            for (index, id) in (10..15u64).enumerate() {
                let mut term = Term::new(
                    TermId(id),
                    Taxonomy::Category,
                    "C",
                    Slug::parse(&format!("c{id}")).unwrap(),
                );
                term.parent = parents[index].map(TermId);
                site.terms.push(term);
            }
            for (index, (post, status)) in comments.into_iter().enumerate() {
                let mut comment = Comment::new(CommentId(index as u64 + 1), PostId(post), "N", "c");
                comment.status = match status {
                    0 => CommentStatus::Pending,
                    1 => CommentStatus::Approved,
                    _ => CommentStatus::Spam,
                };
                comment.author_email = Some(Email::parse("commenter-secret@example.org").unwrap());
                comment.author_ip = Some("192.0.2.77".into());
                site.comments.push(comment);
            }
            site.posts = posts;
            site
        })
}

fn date_value() -> impl Strategy<Value = DateValue> {
    prop_oneof![
        (0i64..800).prop_map(|d| DateValue::Date(
            NaiveDate::from_ymd_opt(2012, 6, 1).unwrap() + chrono::TimeDelta::days(d)
        )),
        timestamp().prop_map(DateValue::Instant),
        (-500i64..10).prop_map(|amount| DateValue::Relative {
            amount,
            unit: TimeUnit::Days
        }),
        (0i64..800, 0u32..24).prop_map(|(d, h)| DateValue::LocalDateTime(
            (NaiveDate::from_ymd_opt(2012, 6, 1).unwrap() + chrono::TimeDelta::days(d))
                .and_hms_opt(h, 0, 0)
                .unwrap()
        )),
    ]
}

fn query() -> impl Strategy<Value = Query> {
    let search = prop::option::weighted(
        0.3,
        prop_oneof![
            prop::sample::select(WORDS).prop_map(str::to_owned),
            Just("-alpha".to_owned()),
            Just("\"delta kyrgyz\"".to_owned()),
            Just("ecole gamma".to_owned()),
        ],
    );
    strategies::query(filter(predicate(date_value(), WORDS)), search)
}

// ---------------------------------------------------------------------------------------
// The naive oracle: every post, tested one by one against the site's plain data.

/// The site's fixed offset as the oracle's clock (these sites use no IANA zone: the
/// integration test `tests/oracle.rs` reads real zones).
struct FixedClock(FixedOffset);

impl SiteClock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        now()
    }

    fn start_of_day(&self, day: NaiveDate) -> Option<DateTime<Utc>> {
        self.earliest_at(day.and_hms_opt(0, 0, 0)?)
    }

    fn earliest_at(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        Some(self.0.from_local_datetime(&local).single()?.to_utc())
    }
}

/// The shared oracle over a generated site (whose zone is always a fixed offset).
fn naive(site: &Site, viewer: Viewer) -> NaiveArchive<'_, FixedClock> {
    let SiteTimeZone::Fixed(offset) = site.settings.time_zone else {
        unreachable!("the generator makes fixed offsets only")
    };
    NaiveArchive {
        site,
        viewer,
        clock: FixedClock(offset),
    }
}

/// The ids of an answer as the oracle can state them: in order, except for a random order,
/// where the posts of each sticky group are sorted by id (the order itself is checked by
/// `random_order_is_a_seeded_shuffle_not_a_fixed_order` and the partition properties).
fn comparable(query: &Query, site: &Site, ids: Vec<PostId>) -> Vec<PostId> {
    if !matches!(query.order.key, OrderKey::Random { .. }) {
        return ids;
    }
    let mut keyed: Vec<(bool, PostId)> = ids
        .into_iter()
        .map(|id| {
            let sticky = site.post(id).is_some_and(|p| p.sticky);
            (
                query.sticky == StickyPlacement::FirstOnFirstPage && !sticky,
                id,
            )
        })
        .collect();
    let grouped = keyed.windows(2).all(|w| w[0].0 <= w[1].0);
    keyed.sort();
    // A broken grouping shows as an impossible id.
    let mut out: Vec<PostId> = keyed.into_iter().map(|(_, id)| id).collect();
    if !grouped {
        out.push(PostId(u64::MAX));
    }
    out
}

fn run_all(snapshot: &Snapshot, query: &Query, viewer: Viewer) -> Result<Page, QueryError> {
    snapshot.query(query, QueryContext::new(viewer).at(now()))
}

fn page_ids(page: &Page) -> Vec<PostId> {
    page.posts
        .iter()
        .map(super::visibility::PostView::id)
        .collect()
}

proptest! {
    #![proptest_config(crate::testing::proptest_config(192))]

    #[test]
    fn indexed_answers_equal_the_naive_oracle(site in site(), query in query(), viewer in viewer()) {
        let snapshot = Snapshot::from_site(site.clone());
        let naive = naive(&site, viewer);
        let expected: Vec<PostId> = naive.keyed(&query).into_iter().map(|(_, id)| id).collect();
        // Every generated query is valid (fixed offsets skip no local time): an error fails.
        match run_all(&snapshot, &query, viewer) {
            Ok(page) => {
                prop_assert_eq!(
                    comparable(&query, &site, page_ids(&page)),
                    comparable(&query, &site, expected.clone())
                );
                prop_assert_eq!(page.total, expected.len() as u64);
            }
            Err(error) => prop_assert!(false, "unexpected error {}", error),
        }
        // Related posts: the matching posts sharing most terms, then newest.
        if let Some(target) = expected.first().and_then(|id| site.post(*id)) {
            let target_terms: BTreeSet<TermId> = target.terms.iter().copied().collect();
            let mut naive_related: Vec<(u64, i128, PostId)> = site
                .posts
                .iter()
                .filter(|p| p.id != target.id && naive.matches(p, &query, None).is_some())
                .map(|p| {
                    let terms: BTreeSet<TermId> = p.terms.iter().copied().collect();
                    let time = p.published.map_or(i128::MIN, |t| i128::from(t.utc().timestamp_nanos_opt().unwrap()));
                    (terms.intersection(&target_terms).count() as u64, time, p.id)
                })
                .filter(|(shared, _, _)| *shared > 0)
                .collect();
            naive_related.sort_by(|a, b| b.cmp(a));
            let naive_related: Vec<(PostId, u64)> = naive_related.into_iter().take(3).map(|(s, _, id)| (id, s)).collect();
            let related: Vec<(PostId, u64)> = snapshot
                .related(target.id, &query, 3, QueryContext::new(viewer).at(now()))
                .unwrap()
                .iter()
                .map(|r| (r.post.id(), r.shared_terms))
                .collect();
            prop_assert_eq!(related, naive_related);
        }
        // Aggregates count exactly what the query matches.
        let terms = snapshot.term_counts(&Taxonomy::Tag, &query, QueryContext::new(viewer).at(now()));
        prop_assert!(terms.is_ok(), "unexpected error {:?}", terms);
        let terms = terms.unwrap();
        let mut naive_terms: BTreeMap<TermId, u64> = BTreeMap::new();
        let mut naive_months: BTreeMap<(i32, u32), u64> = BTreeMap::new();
        let mut naive_authors: BTreeMap<AuthorId, u64> = BTreeMap::new();
        for id in &expected {
            let post = site.post(*id).unwrap();
            for term in post.terms.iter().collect::<BTreeSet<_>>() {
                if site.term(*term).is_some_and(|t| t.taxonomy == Taxonomy::Tag) {
                    *naive_terms.entry(*term).or_default() += 1;
                }
            }
            for author in post.authors.iter().collect::<BTreeSet<_>>() {
                *naive_authors.entry(*author).or_default() += 1;
            }
            if let Some(date) = post.published.map(|t| t.local_date()) {
                *naive_months.entry((date.year(), date.month())).or_default() += 1;
            }
        }
        let terms: BTreeMap<TermId, u64> = terms.iter().map(|c| (c.term.id(), c.count)).collect();
        prop_assert_eq!(terms, naive_terms);
        let months: BTreeMap<(i32, u32), u64> = snapshot
            .date_archive(DateGranularity::Month, &query, QueryContext::new(viewer).at(now()))
            .unwrap()
            .iter()
            .map(|d| ((d.year, d.month.unwrap()), d.count))
            .collect();
        prop_assert_eq!(months, naive_months);
        let authors: BTreeMap<AuthorId, u64> = snapshot
            .author_counts(&query, QueryContext::new(viewer).at(now()))
            .unwrap()
            .iter()
            .map(|c| (c.author, c.count))
            .collect();
        prop_assert_eq!(authors, naive_authors);
    }

    #[test]
    fn unfiltered_aggregates_from_maintained_counts_equal_the_oracle(site in site(), viewer in viewer()) {
        let snapshot = Snapshot::from_site(site.clone());
        let naive = naive(&site, viewer);
        let mut published = Query::new();
        published.filter = Filter::all();
        // The cloud counts published posts whatever the viewer.
        let mut expected: BTreeMap<TermId, u64> = BTreeMap::new();
        for post in &site.posts {
            if naive.matches(post, &published, Some(&[PostStatus::Published])).is_some() {
                for term in post.terms.iter().collect::<BTreeSet<_>>() {
                    if site.term(*term).is_some_and(|t| t.taxonomy == Taxonomy::Tag) {
                        *expected.entry(*term).or_default() += 1;
                    }
                }
            }
        }
        let options = crate::cloud::CloudOptions { number: 0, ..Default::default() };
        let cloud: BTreeMap<TermId, u64> = snapshot
            .tag_cloud(&published, &Taxonomy::Tag, &options, viewer)
            .unwrap()
            .iter()
            .map(|e| (e.term.id(), e.count))
            .collect();
        prop_assert_eq!(cloud, expected);
        for granularity in [DateGranularity::Year, DateGranularity::Month, DateGranularity::Day] {
            let mut expected: Vec<DateCount> = Vec::new();
            let mut dates: Vec<NaiveDate> = naive
                .keyed(&published)
                .iter()
                .filter_map(|(_, id)| site.post(*id).unwrap().published.map(|t| t.local_date()))
                .collect();
            dates.sort_unstable_by(|a, b| b.cmp(a));
            for date in dates {
                let month = (granularity != DateGranularity::Year).then_some(date.month());
                let day = (granularity == DateGranularity::Day).then_some(date.day());
                match expected.last_mut() {
                    Some(last) if (last.year, last.month, last.day) == (date.year(), month, day) => last.count += 1,
                    _ => expected.push(DateCount { year: date.year(), month, day, count: 1 }),
                }
            }
            prop_assert_eq!(snapshot.date_archive(granularity, &published, viewer).unwrap(), expected);
        }
    }

    #[test]
    fn pages_and_cursors_partition_the_result(site in site(), query in query(), viewer in viewer(), per_page in 1u64..5) {
        let snapshot = Snapshot::from_site(site.clone());
        let all = run_all(&snapshot, &query, viewer);
        prop_assert!(all.is_ok(), "unexpected error {:?}", all);
        let all = all.unwrap();
        let all = page_ids(&all);
        let mut by_page = Vec::new();
        let mut by_cursor = Vec::new();
        let mut by_offset = Vec::new();
        let mut cursor: Option<String> = None;
        for page in 1..=(all.len() as u64 / per_page + 1) {
            let paged = run_all(&snapshot, &Query { pagination: Pagination::Page { page, per_page }, ..query.clone() }, viewer).unwrap();
            prop_assert_eq!(paged.total, all.len() as u64);
            prop_assert_eq!(paged.total_pages, (all.len() as u64).div_ceil(per_page));
            by_page.extend(page_ids(&paged));
            let offset = run_all(&snapshot, &Query { pagination: Pagination::Offset { offset: (page - 1) * per_page, limit: per_page }, ..query.clone() }, viewer).unwrap();
            by_offset.extend(page_ids(&offset));
            let next = run_all(&snapshot, &Query { pagination: Pagination::Cursor { after: cursor.clone(), limit: per_page }, ..query.clone() }, viewer).unwrap();
            by_cursor.extend(page_ids(&next));
            prop_assert_eq!(next.next_cursor.is_some(), by_cursor.len() < all.len());
            cursor = next.next_cursor;
            if cursor.is_none() { break; }
        }
        prop_assert_eq!(&by_page, &all);
        prop_assert_eq!(&by_offset, &all);
        prop_assert_eq!(&by_cursor, &all);
    }

    #[test]
    fn cursors_stay_correct_when_posts_come_and_go(
        site in site(),
        query in query(),
        viewer in viewer(),
        per_page in 1u64..4,
        removed in prop::collection::vec(1u64..60, 0..6),
        added in prop::collection::vec((60u64..80).prop_flat_map(post), 0..6),
    ) {
        // The oracle does not know the shuffle; random orders' cursors are checked against the
        // archive's own full answer by `pages_and_cursors_partition_the_result`.
        prop_assume!(!matches!(query.order.key, OrderKey::Random { .. }));
        let (archive, _) = Archive::build(site.clone(), BuildMode::Lenient, &Default::default()).unwrap();
        let first_query = Query { pagination: Pagination::Cursor { after: None, limit: per_page }, ..query.clone() };
        let first = archive.snapshot().query(&first_query, QueryContext::new(viewer).at(now()));
        prop_assert!(first.is_ok(), "unexpected error {:?}", first);
        let first = first.unwrap();
        let Some(cursor) = first.next_cursor.clone() else { return Ok(()) };
        let last = *page_ids(&first).last().unwrap();
        let old_keys = naive(&site, viewer).keyed(&query);
        let last_key = old_keys.iter().find(|(_, id)| *id == last).unwrap().0.clone();
        archive.edit(|e| {
            for id in &removed {
                let _ = e.delete_post(PostId(*id));
            }
            for post in &added {
                let _ = e.insert_post(post.clone());
            }
            Ok(())
        }).unwrap();
        let snapshot = archive.snapshot();
        let next_query = Query { pagination: Pagination::Cursor { after: Some(cursor), limit: per_page }, ..query.clone() };
        let second = snapshot.query(&next_query, QueryContext::new(viewer).at(now())).unwrap();
        let new_site = snapshot.to_site();
        let expected: Vec<PostId> = naive(&new_site, viewer)
            .keyed(&query)
            .into_iter()
            .filter(|(key, _)| naive_cmp(key, &last_key, query.order.descending) == Ordering::Greater)
            .map(|(_, id)| id)
            .take(per_page as usize)
            .collect();
        prop_assert_eq!(page_ids(&second), expected);
    }

    #[test]
    fn anonymous_answers_leak_nothing(site in site(), query in query()) {
        let snapshot = Snapshot::from_site(site.clone());
        let context = QueryContext::new(Viewer::Anonymous).at(now());
        let page = snapshot.query(&query, context);
        prop_assert!(page.is_ok(), "unexpected error {:?}", page);
        let page = page.unwrap();
        for post in &page.posts {
            prop_assert_eq!(post.status(), &PostStatus::Published);
            if post.password_protected() {
                prop_assert!(post.content().is_none() && post.excerpt().is_none());
            }
        }
        let mut json = serde_json::to_string(&page).unwrap();
        for post in &page.posts {
            json.push_str(&serde_json::to_string(&snapshot.post_comments(post.id(), context)).unwrap());
            for author in post.authors() {
                json.push_str(&serde_json::to_string(&snapshot.author_view(*author)).unwrap());
            }
            let related = snapshot.related(post.id(), &Query::new(), 5, context).unwrap();
            json.push_str(&serde_json::to_string(&related).unwrap());
            let adjacent = snapshot.adjacent(post.id(), &Query::new(), Some(&Taxonomy::Tag), context).unwrap();
            for other in adjacent.previous.iter().chain(adjacent.next.iter()).chain(related.iter().map(|r| &r.post)) {
                prop_assert_eq!(other.status(), &PostStatus::Published);
            }
            json.push_str(&serde_json::to_string(&adjacent).unwrap());
        }
        for secret in ["pw-secret", "@example.org", "192.0.2.77"] {
            prop_assert!(!json.contains(secret), "{} leaked", secret);
        }
        // Nothing unpublished is counted either.
        let total: u64 = snapshot.date_archive(DateGranularity::Year, &query, context).unwrap().iter().map(|d| d.count).sum();
        let public_dated = site.posts.iter().filter(|p| p.status == PostStatus::Published && p.published.is_some()).count() as u64;
        prop_assert!(total <= public_dated);
    }

    #[test]
    fn edits_agree_with_rebuilding(
        site in site(),
        edits in prop::collection::vec((0u8..8, 1u64..70, (1u64..70).prop_flat_map(post)), 0..25),
        queries in prop::collection::vec((query(), viewer()), 3),
    ) {
        let (archive, _) = Archive::build(site, BuildMode::Lenient, &Default::default()).unwrap();
        for (what, id, post) in edits {
            let _ = archive.edit(|e| match what {
                0 => e.insert_post(post),
                1 => e.update_post(post),
                2 => e.delete_post(PostId(id)).map(drop),
                3 => e.insert_comment(Comment::new(CommentId(id + 100), PostId(id), "n", "c")),
                4 => e.delete_comment(CommentId(id % 20 + 1)).map(drop),
                5 => e.delete_term(TermId(id % 15)).map(drop),
                6 => e.delete_author(AuthorId(id % 5)).map(drop),
                _ => {
                    let parent = (id % 3 == 0).then_some(TermId(10 + id % 5));
                    let mut term = Term::new(TermId(10 + id % 5), Taxonomy::Category, "C", Slug::parse(&format!("c{}", id % 7)).unwrap());
                    term.parent = parent;
                    e.update_term(term).or(Ok(()))
                }
            });
            // Answers between edits read (and so make) lists' sets and bitmaps, which the
            // next edits must keep true.
            let snapshot = archive.snapshot();
            let rebuilt = Snapshot::from_site(snapshot.to_site());
            for (query, viewer) in &queries {
                prop_assert_eq!(run_all(&snapshot, query, *viewer), run_all(&rebuilt, query, *viewer));
            }
        }
        let edited = archive.snapshot();
        let rebuilt = Snapshot::from_site(edited.to_site());
        prop_assert_eq!(&edited.public, &rebuilt.public);
        prop_assert_eq!(&edited.editorial, &rebuilt.editorial);
        prop_assert_eq!(&edited.all, &rebuilt.all);
        prop_assert_eq!(&edited.term_slugs, &rebuilt.term_slugs);
        prop_assert_eq!(&edited.children, &rebuilt.children);
        prop_assert_eq!(&edited.author_slugs, &rebuilt.author_slugs);
        prop_assert_eq!(&edited.post_slugs, &rebuilt.post_slugs);
        prop_assert_eq!(&edited.post_comments, &rebuilt.post_comments);
        prop_assert_eq!(&edited.posts, &rebuilt.posts);
        prop_assert_eq!(&edited.words, &rebuilt.words);
        for (query, viewer) in &queries {
            prop_assert_eq!(run_all(&edited, query, *viewer), run_all(&rebuilt, query, *viewer));
        }
    }
}

proptest! {
    #![proptest_config(crate::testing::proptest_config(256))]

    /// Dense overlaps, so that the threshold algorithm of related posts stops early.
    #[test]
    fn related_posts_equal_the_naive_ranking(
        posts in prop::collection::vec(
            (prop::collection::btree_set(1u64..5, 0..5), 0i64..30, prop::bool::weighted(0.8)),
            1..40,
        ),
        target in 0usize..40,
        limit in 0usize..6,
    ) {
        let mut site = Site::new("Dense");
        for id in 1..5u64 {
            site.terms.push(Term::new(TermId(id), Taxonomy::Tag, "T", Slug::parse(&format!("t{id}")).unwrap()));
        }
        for (index, (terms, day, published)) in posts.iter().enumerate() {
            let mut post = Post::new(PostId(index as u64 + 1), "P", Slug::parse("p").unwrap());
            post.terms = terms.iter().copied().map(TermId).collect();
            post.published = Some(Timestamp::new(
                (Utc.with_ymd_and_hms(2013, 1, 1, 0, 0, 0).unwrap() + chrono::TimeDelta::days(*day)).fixed_offset(),
            ));
            if !published {
                post.status = PostStatus::Draft;
            }
            site.posts.push(post);
        }
        let target = &site.posts[target % site.posts.len()];
        let snapshot = Snapshot::from_site(site.clone());
        let result = snapshot.related(target.id, &Query::new(), limit, Viewer::Anonymous);
        if target.status != PostStatus::Published {
            prop_assert!(matches!(result, Err(QueryError::UnknownPost(_))));
            return Ok(());
        }
        let wanted: BTreeSet<TermId> = target.terms.iter().copied().collect();
        let mut naive: Vec<(u64, Timestamp, PostId)> = site
            .posts
            .iter()
            .filter(|p| p.id != target.id && p.status == PostStatus::Published)
            .map(|p| {
                let terms: BTreeSet<TermId> = p.terms.iter().copied().collect();
                (terms.intersection(&wanted).count() as u64, p.published.unwrap(), p.id)
            })
            .filter(|(shared, _, _)| *shared > 0)
            .collect();
        naive.sort_by(|a, b| b.cmp(a));
        let naive: Vec<(PostId, u64)> = naive.into_iter().take(limit).map(|(s, _, id)| (id, s)).collect();
        let related: Vec<(PostId, u64)> = result.unwrap().iter().map(|r| (r.post.id(), r.shared_terms)).collect();
        prop_assert_eq!(related, naive);
    }
}

proptest! {
    #![proptest_config(crate::testing::proptest_config(256))]

    /// Posts crowd around New Year on several offsets, so that year and date conditions
    /// decide at the edges of the ranges the archive counts without reading posts.
    #[test]
    fn totals_near_date_edges_equal_the_naive_count(
        posts in prop::collection::vec((-40i64..40, 0usize..OFFSETS.len(), prop::bool::ANY), 0..40),
        year in 2012i32..2015,
        at in -40i64..40,
        comparison in comparison(),
        tagged in prop::bool::ANY,
        use_date in prop::bool::ANY,
        viewer in prop_oneof![Just(Viewer::Anonymous), Just(Viewer::Editor)],
    ) {
        let new_year = Utc.with_ymd_and_hms(2013, 1, 1, 0, 0, 0).unwrap();
        let mut site = Site::new("Edges");
        site.terms.push(Term::new(TermId(1), Taxonomy::Tag, "T", Slug::parse("t").unwrap()));
        for (index, (hours, offset, tag)) in posts.iter().enumerate() {
            let mut post = Post::new(PostId(index as u64 + 1), "P", Slug::parse("p").unwrap());
            let offset = FixedOffset::east_opt(OFFSETS[*offset]).unwrap();
            post.published = Some(Timestamp::new((new_year + chrono::TimeDelta::hours(*hours)).with_timezone(&offset)));
            if *tag {
                post.terms.push(TermId(1));
            }
            site.posts.push(post);
        }
        let mut query = if tagged { Query::new().tag("t") } else { Query::new() };
        query = query.year(year);
        if use_date {
            query = query.filter(Predicate::Date {
                field: DateField::Published,
                comparison,
                value: DateValue::Instant(Timestamp::new((new_year + chrono::TimeDelta::hours(at)).fixed_offset())),
            });
        }
        let snapshot = Snapshot::from_site(site.clone());
        let naive = naive(&site, viewer);
        let expected = naive.keyed(&query).len() as u64;
        prop_assert_eq!(snapshot.count(&query, viewer).unwrap(), expected);
        let page = snapshot.query(&query.clone().page(1, 2), viewer).unwrap();
        prop_assert_eq!(page.total, expected);
    }
}
