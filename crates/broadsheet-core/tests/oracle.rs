//! Property tests of the archive against an oracle written independently of the code under
//! test: a plain filter-and-sort over a `Site`'s vectors, its own text matcher
//! (`support/naive_text.rs`), its own reading of local dates in real IANA time zones (computed
//! from chrono-tz, not through `SiteTimeZone`), the documented kind, status and visibility
//! defaults spelled out, and edits applied to a plain `Site` with vector operations.
//!
//! A property never passes on an unexpected error: when the generator made a query valid, the
//! archive must answer it.

#[path = "support/naive_archive.rs"]
mod naive_archive;
#[path = "support/naive_text.rs"]
mod naive_text;
#[path = "support/query_strategies.rs"]
mod strategies;

use broadsheet_core::CommentView;
use broadsheet_core::archive::{AdjacentPosts, EditError};
use broadsheet_core::query::{
    AuthorRef, Comparison, DateField, DateValue, Filter, Match, Order, OrderKey, Pagination,
    Predicate, StickyPlacement, TermRef, TextMatch, TimeUnit,
};
use broadsheet_core::thread::ThreadOptions;
use broadsheet_core::{
    Archive, Author, AuthorId, Comment, CommentId, CommentStatus, Email, Media, MediaId, Post,
    PostId, PostKind, PostStatus, Query, QueryContext, QueryError, Site, SiteTimeZone, Slug,
    Snapshot, Taxonomy, Term, TermId, Timestamp, Url, Viewer,
};
use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeDelta, TimeZone, Utc,
};
use naive_archive::{NaiveArchive, SiteClock, local_date, naive_time, protected};
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use strategies::{comparison, filter, kind, predicate, status, viewer};

// ---------------------------------------------------------------------------------------
// Generators.

/// Title and text words: accents, upper case, Cyrillic, an apostrophe, a hyphen.
const WORDS: &[&str] = &[
    "alpha",
    "Beta",
    "gamma",
    "ÉCOLE",
    "école",
    "delta kyrgyz",
    "Жумабаева",
    "Let’s",
    "gender-based",
];
/// Content adds HTML around words (inline tags join, block tags separate).
const CONTENT_WORDS: &[&str] = &["<b>al</b>pha", "<p>Beta</p>gamma", "AT&amp;T"];
/// Searches: words, exclusions, phrases, accents, a search with no word at all.
const SEARCHES: &[&str] = &[
    "alpha",
    "-alpha",
    "\"delta kyrgyz\"",
    "ecole gamma",
    "ÉCOLE -beta",
    "жумабаева",
    "lets",
    "gender based",
    "\"gender based\" -\"let’s\"",
    "!!!",
    "kyrg",
];
/// Fixed offsets of imported timestamps (a post's offset need not be the site's).
const OFFSETS: &[i32] = &[0, -8 * 3600, 6 * 3600, 14 * 3600, 5 * 3600 + 45 * 60];
/// Site time zones: fixed offsets, and IANA zones with daylight saving: zones whose clocks
/// skip midnight (Sao Paulo until 2019, Havana, Beirut), a 30-minute change (Lord Howe), the
/// southern hemisphere and the usual ones.
const ZONES: &[&str] = &[
    "UTC",
    "-08:00",
    "+14:00",
    "America/Sao_Paulo",
    "America/Havana",
    "Asia/Beirut",
    "Australia/Lord_Howe",
    "Europe/London",
    "America/New_York",
    "Asia/Kathmandu",
];

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2013, 6, 1, 0, 0, 0).unwrap()
}

/// The zone as the oracle reads it: chrono-tz directly, or a fixed offset.
#[derive(Debug, Clone, Copy)]
enum Zone {
    Fixed(i32),
    Tz(chrono_tz::Tz),
}

impl Zone {
    fn of(name: &str) -> Zone {
        match name {
            "UTC" => Zone::Fixed(0),
            "-08:00" => Zone::Fixed(-8 * 3600),
            "+14:00" => Zone::Fixed(14 * 3600),
            _ => Zone::Tz(name.parse().unwrap()),
        }
    }

    fn offset_seconds(self, utc: DateTime<Utc>) -> i32 {
        match self {
            Zone::Fixed(seconds) => seconds,
            Zone::Tz(tz) => tz
                .offset_from_utc_datetime(&utc.naive_utc())
                .fix()
                .local_minus_utc(),
        }
    }

    fn wall(self, utc: DateTime<Utc>) -> NaiveDateTime {
        utc.naive_utc() + TimeDelta::seconds(i64::from(self.offset_seconds(utc)))
    }

    /// The instants within 15 hours of `local` (read as UTC), in quarter hours: every
    /// instant a wall-clock time of these zones can name.
    fn nearby(local: NaiveDateTime) -> impl Iterator<Item = DateTime<Utc>> {
        let base = local.and_utc() - TimeDelta::hours(15);
        (0..=120).map(move |quarter| base + TimeDelta::minutes(15 * quarter))
    }

    /// The earliest instant whose wall clock reads `local`; `None` when the clocks skipped it.
    fn earliest_at(self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        Self::nearby(local).find(|t| self.wall(*t) == local)
    }

    /// The first instant of a local day: the earliest instant whose wall clock reads that day's
    /// midnight or later (after a gap over midnight, the end of the gap).
    fn start_of_day(self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_hms_opt(0, 0, 0).unwrap();
        Self::nearby(midnight)
            .find(|t| self.wall(*t) >= midnight)
            .unwrap()
    }

    /// The instants (2012 to 2014) at which the offset changes, found by stepping through the
    /// three years in quarter hours.
    fn transitions(self) -> Vec<DateTime<Utc>> {
        let start = Utc.with_ymd_and_hms(2012, 1, 1, 0, 0, 0).unwrap();
        let mut found = Vec::new();
        let mut previous = self.offset_seconds(start);
        for quarter in 1..(3 * 366 * 96) {
            let at = start + TimeDelta::minutes(15 * quarter);
            let offset = self.offset_seconds(at);
            if offset != previous {
                found.push(at);
                previous = offset;
            }
        }
        found
    }
}

/// For each zone, the instants posts crowd around: its offset changes, or New Year.
fn crowd_points(zone: usize) -> &'static [DateTime<Utc>] {
    static POINTS: OnceLock<Vec<Vec<DateTime<Utc>>>> = OnceLock::new();
    &POINTS.get_or_init(|| {
        ZONES
            .iter()
            .map(|name| {
                let mut points = Zone::of(name).transitions();
                points.push(Utc.with_ymd_and_hms(2013, 1, 1, 0, 0, 0).unwrap());
                points
            })
            .collect()
    })[zone]
}

/// A generated site's time zone: its index in [`ZONES`].
#[derive(Debug, Clone, Copy)]
struct ZoneChoice(usize);

impl ZoneChoice {
    fn zone(self) -> Zone {
        Zone::of(ZONES[self.0])
    }
    fn site_zone(self) -> SiteTimeZone {
        SiteTimeZone::parse(ZONES[self.0]).unwrap()
    }
}

/// An instant near one of the zone's offset changes (within two days or three hours, in
/// quarter hours), or anywhere in two years around 2013.
fn instant(zone: ZoneChoice) -> impl Strategy<Value = DateTime<Utc>> {
    let points = crowd_points(zone.0);
    prop_oneof![
        2 => (0..points.len(), -192i64..192).prop_map(move |(point, quarters)| points[point] + TimeDelta::minutes(15 * quarters)),
        // Within three hours of a change: in the skipped or repeated hour and beside it.
        2 => (0..points.len(), -12i64..12).prop_map(move |(point, quarters)| points[point] + TimeDelta::minutes(15 * quarters)),
        1 => (0i64..70, 0i64..3).prop_map(|(step, jitter)| Utc.with_ymd_and_hms(2012, 6, 1, 0, 0, 0).unwrap() + TimeDelta::hours(step * 251 + jitter * 7)),
    ]
}

/// A timestamp as a site in `zone` writes it (its offset at that instant, computed by
/// chrono-tz), or now and then with a foreign offset, as imports carry.
fn timestamp(zone: ZoneChoice) -> impl Strategy<Value = Timestamp> {
    (
        instant(zone),
        prop::option::weighted(0.15, 0..OFFSETS.len()),
    )
        .prop_map(move |(utc, foreign)| {
            let seconds = foreign.map_or_else(|| zone.zone().offset_seconds(utc), |i| OFFSETS[i]);
            Timestamp::new(utc.with_timezone(&FixedOffset::east_opt(seconds).unwrap()))
        })
}

fn words(vocabulary: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(vocabulary), 0..4).prop_map(|w| w.join(" "))
}

fn content() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            prop::sample::select(WORDS),
            prop::sample::select(CONTENT_WORDS)
        ],
        0..4,
    )
    .prop_map(|w| w.join(" "))
}

/// Passwords of every length that matters: none, empty (not protecting), short, long.
fn password(id: u64) -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        6 => Just(None),
        1 => Just(Some(String::new())),
        1 => Just(Some("x".to_owned())),
        2 => Just(Some(format!("pw-secret-{id}"))),
    ]
}

fn post(id: u64, zone: ZoneChoice) -> impl Strategy<Value = Post> {
    (
        (
            kind(),
            status(),
            words(WORDS),
            content(),
            prop::option::of(words(WORDS)),
        ),
        (
            prop::option::weighted(0.9, timestamp(zone)),
            prop::option::of(timestamp(zone)),
        ),
        (
            prop::collection::vec(prop_oneof![1u64..6, 10u64..15, Just(99u64)], 0..4),
            prop::collection::vec(1u64..5, 0..3),
            prop::bool::weighted(0.2),
            password(id),
            0u32..6,
        ),
    )
        .prop_map(
            move |(
                (kind, status, title, content, excerpt),
                (published, modified),
                (terms, authors, sticky, password, slug),
            )| {
                let mut post =
                    Post::new(PostId(id), title, Slug::parse(&format!("s{slug}")).unwrap());
                post.kind = kind;
                post.status = status;
                post.content = content;
                post.excerpt = excerpt;
                post.published = published;
                post.modified = modified;
                post.terms = terms.into_iter().map(TermId).collect();
                post.authors = authors.into_iter().map(AuthorId).collect();
                post.sticky = sticky;
                post.password = password;
                post
            },
        )
}

fn comment_status() -> impl Strategy<Value = CommentStatus> {
    prop_oneof![
        3 => Just(CommentStatus::Approved),
        1 => Just(CommentStatus::Pending),
        1 => Just(CommentStatus::Spam),
        1 => Just(CommentStatus::Trash),
    ]
}

/// A comment with generated text, status, date and parent (an earlier comment, so threads
/// have no cycles, or now and then a missing one); its e-mail and IP are private.
fn comment(id: u64, zone: ZoneChoice) -> impl Strategy<Value = Comment> {
    (
        1u64..60,
        comment_status(),
        words(WORDS),
        prop::option::of(timestamp(zone)),
        prop::option::weighted(0.4, prop_oneof![4 => 1..id.max(2), 1 => Just(999u64)]),
    )
        .prop_map(move |(post, status, text, date, parent)| {
            let mut comment = Comment::new(CommentId(id), PostId(post), format!("N{id}"), text);
            comment.status = status;
            comment.date = date;
            comment.parent = parent.filter(|p| *p < id || *p == 999).map(CommentId);
            comment.author_email = Some(Email::parse("commenter-secret@example.org").unwrap());
            comment.author_ip = Some("192.0.2.77".into());
            comment
        })
}

fn author(id: u64, slug: u64) -> Author {
    let mut author = Author::new(AuthorId(id), Slug::parse(&format!("a{slug}")).unwrap(), "A");
    author.email = Some(Email::parse(&format!("secret{id}@example.org")).unwrap());
    author.login = Some(format!("login-secret-{id}"));
    author
}

fn tag(id: u64) -> Term {
    Term::new(
        TermId(id),
        Taxonomy::Tag,
        WORDS[id as usize % WORDS.len()],
        Slug::parse(&format!("t{id}")).unwrap(),
    )
}

fn category(id: u64, slug: u64, parent: Option<u64>) -> Term {
    let mut term = Term::new(
        TermId(id),
        Taxonomy::Category,
        "C",
        Slug::parse(&format!("c{slug}")).unwrap(),
    );
    term.parent = parent.map(TermId);
    term
}

fn media(id: u64, attached: Option<u64>) -> Media {
    let mut media = Media::new(
        MediaId(id),
        Url::parse(&format!("https://example.org/m{id}.jpg")).unwrap(),
    );
    media.attached_to = attached.map(PostId);
    media
}

fn site() -> impl Strategy<Value = (Site, ZoneChoice)> {
    (0..ZONES.len()).prop_flat_map(|zone| {
        let zone = ZoneChoice(zone);
        (
            prop::collection::btree_set(1u64..60, 0..30).prop_flat_map(move |ids| {
                ids.into_iter().map(|id| post(id, zone)).collect::<Vec<_>>()
            }),
            prop::collection::vec(prop::option::of(10u64..15), 5),
            (0usize..20).prop_flat_map(move |n| {
                (1..=n as u64)
                    .map(|id| comment(id, zone))
                    .collect::<Vec<_>>()
            }),
            Just(zone),
        )
            .prop_map(|(posts, parents, comments, zone)| {
                let mut site = Site::new("Generated");
                site.settings.time_zone = zone.site_zone();
                site.authors = (1..5).map(|id| author(id, id)).collect();
                site.terms = (1..6).map(tag).collect();
                for (index, id) in (10..15u64).enumerate() {
                    site.terms.push(category(id, id, parents[index]));
                }
                site.media = vec![media(1, Some(1)), media(2, None)];
                site.posts = posts;
                site.comments = comments;
                (site, zone)
            })
    })
}

/// Dates and wall-clock times near the zone's changes (so that some are skipped or
/// repeated), instants, and relative dates.
fn date_value(zone: ZoneChoice) -> impl Strategy<Value = DateValue> {
    prop_oneof![
        instant(zone).prop_map(move |t| DateValue::Date(zone.zone().wall(t).date())),
        timestamp(zone).prop_map(DateValue::Instant),
        (-500i64..10).prop_map(|amount| DateValue::Relative {
            amount,
            unit: TimeUnit::Days
        }),
        (instant(zone), prop::bool::weighted(0.2)).prop_map(move |(t, half)| {
            let wall = zone.zone().wall(t);
            let hour = wall
                .date()
                .and_hms_opt(chrono::Timelike::hour(&wall), if half { 30 } else { 0 }, 0)
                .unwrap();
            DateValue::LocalDateTime(hour)
        }),
    ]
}

fn query(zone: ZoneChoice) -> impl Strategy<Value = Query> {
    let search =
        prop::option::weighted(0.35, prop::sample::select(SEARCHES).prop_map(str::to_owned));
    strategies::query(filter(predicate(date_value(zone), WORDS)), search)
}

/// A site, its zone, queries on it and a viewer.
fn site_and_query() -> impl Strategy<Value = (Site, ZoneChoice, Query, Viewer)> {
    site().prop_flat_map(|(site, zone)| (Just(site), Just(zone), query(zone), viewer()))
}

// ---------------------------------------------------------------------------------------
// The oracle.

/// Every wall-clock time a filter names, to find the skipped ones.
fn local_times(filter: &Filter, out: &mut Vec<NaiveDateTime>) {
    match filter {
        Filter::And(parts) | Filter::Or(parts) => parts.iter().for_each(|p| local_times(p, out)),
        Filter::Not(inner) => local_times(inner, out),
        Filter::Predicate(Predicate::Date {
            value: DateValue::LocalDateTime(l),
            ..
        }) => out.push(*l),
        Filter::Predicate(_) => {}
    }
}

impl SiteClock for Zone {
    fn now(&self) -> DateTime<Utc> {
        now()
    }

    fn start_of_day(&self, day: NaiveDate) -> Option<DateTime<Utc>> {
        Some(Zone::start_of_day(*self, day))
    }

    fn earliest_at(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        Zone::earliest_at(*self, local)
    }
}

/// The shared oracle (`support/naive_archive.rs`) reading dates in real IANA zones.
type Oracle<'a> = NaiveArchive<'a, Zone>;

/// What the oracle expects of a query.
#[derive(Debug, PartialEq)]
enum Expected {
    Posts(Vec<PostId>),
    /// The filter names a wall-clock time the site's clocks skipped.
    Skipped(NaiveDateTime),
}

/// Every matching post in order (random order: by id, the caller compares sets), or the
/// skipped wall-clock time that makes the query an error.
fn expectation(oracle: &Oracle<'_>, query: &Query) -> Expected {
    let mut times = Vec::new();
    local_times(&query.filter, &mut times);
    if let Some(skipped) = times
        .into_iter()
        .find(|l| oracle.clock.earliest_at(*l).is_none())
    {
        return Expected::Skipped(skipped);
    }
    Expected::Posts(oracle.keyed(query).into_iter().map(|(_, id)| id).collect())
}

fn context(viewer: Viewer) -> QueryContext {
    QueryContext::new(viewer).at(now())
}

fn ids(posts: &[broadsheet_core::archive::PostView]) -> Vec<PostId> {
    posts
        .iter()
        .map(broadsheet_core::archive::PostView::id)
        .collect()
}

/// The archive's answer against the oracle's: equal lists, or for a random order the same
/// posts in each sticky group. An error the oracle did not expect fails the property.
fn check_query(
    snapshot: &Snapshot,
    oracle: &Oracle<'_>,
    query: &Query,
) -> Result<(), TestCaseError> {
    let query = &Query {
        pagination: Pagination::Page {
            page: 1,
            per_page: 1000,
        },
        ..query.clone()
    };
    let answer = snapshot.query(query, context(oracle.viewer));
    match (expectation(oracle, query), answer) {
        (Expected::Skipped(local), Err(QueryError::NonexistentLocalTime(at))) => {
            prop_assert_eq!(at, local);
        }
        (Expected::Skipped(local), Ok(_)) => prop_assert!(
            false,
            "{} is skipped in {:?}, yet the query ran",
            local,
            oracle.clock
        ),
        (Expected::Skipped(local), Err(error)) => {
            prop_assert!(false, "{} is skipped, yet the error is {}", local, error);
        }
        (Expected::Posts(_), Err(error)) => {
            prop_assert!(false, "unexpected error on a valid query: {}", error);
        }
        (Expected::Posts(expected), Ok(page)) => {
            prop_assert_eq!(page.total, expected.len() as u64);
            let got = ids(&page.posts);
            if matches!(query.order.key, OrderKey::Random { .. }) {
                let sticky_first = query.sticky == StickyPlacement::FirstOnFirstPage;
                let group = |id: &PostId| sticky_first && !oracle.site.post(*id).unwrap().sticky;
                let sticky_count = got.iter().filter(|id| !group(id)).count();
                prop_assert!(
                    got.iter().skip(sticky_count).all(group),
                    "sticky posts first"
                );
                let as_set =
                    |v: &[PostId]| v.iter().map(|id| (group(id), *id)).collect::<BTreeSet<_>>();
                prop_assert_eq!(as_set(&got), as_set(&expected));
            } else {
                prop_assert_eq!(got, expected);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(192))]

    /// Every query, for every viewer, in every zone, equals the independent oracle.
    #[test]
    fn answers_equal_the_independent_oracle((site, zone, query, viewer) in site_and_query()) {
        let snapshot = Snapshot::from_site(site.clone());
        let oracle = Oracle { site: &site, clock: zone.zone(), viewer };
        check_query(&snapshot, &oracle, &query)?;
        // The count agrees too, and a random order is the reverse of itself descending.
        if let Expected::Posts(expected) = expectation(&oracle, &query) {
            prop_assert_eq!(snapshot.count(&query, context(viewer)).unwrap(), expected.len() as u64);
            if let OrderKey::Random { .. } = query.order.key {
                let mut flipped = query.clone();
                flipped.order.descending = !flipped.order.descending;
                flipped.sticky = StickyPlacement::InOrder;
                let mut plain = query.clone();
                plain.sticky = StickyPlacement::InOrder;
                let mut reversed = ids(&snapshot.query(&flipped, context(viewer)).unwrap().posts);
                reversed.reverse();
                prop_assert_eq!(ids(&snapshot.query(&plain, context(viewer)).unwrap().posts), reversed);
            }
        }
    }

    /// Posts and their local dates: year, month and day archives, read in the zone.
    #[test]
    fn date_archives_follow_each_posts_local_calendar((site, zone, _query, viewer) in site_and_query()) {
        let snapshot = Snapshot::from_site(site.clone());
        let oracle = Oracle { site: &site, clock: zone.zone(), viewer };
        let Expected::Posts(matched) = expectation(&oracle, &Query::new()) else { unreachable!() };
        let mut expected: BTreeMap<(i32, u32, u32), u64> = BTreeMap::new();
        for id in matched {
            if let Some(t) = site.post(id).unwrap().published {
                let d = local_date(&t);
                *expected.entry((d.year(), d.month(), d.day())).or_default() += 1;
            }
        }
        let days: BTreeMap<(i32, u32, u32), u64> = snapshot
            .date_archive(broadsheet_core::archive::DateGranularity::Day, &Query::new(), context(viewer))
            .unwrap()
            .iter()
            .map(|d| ((d.year, d.month.unwrap(), d.day.unwrap()), d.count))
            .collect();
        prop_assert_eq!(days, expected);
    }
}

/// A zone with offset changes, one of its changes, and quarter hours around it.
fn at_a_change() -> impl Strategy<Value = (ZoneChoice, DateTime<Utc>)> {
    (3..ZONES.len() - 1).prop_flat_map(|zone| {
        (
            Just(ZoneChoice(zone)),
            prop::sample::select(crowd_points(zone).to_vec()),
        )
    })
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(256))]

    /// Posts and a date condition crowd around one offset change (a skipped or repeated
    /// hour, or a skipped midnight): the condition decides inside the gap or the fold.
    #[test]
    fn date_conditions_at_the_clock_changes(
        (zone, change) in at_a_change(),
        posts in prop::collection::vec(-12i64..12, 1..30),
        value in -12i64..12,
        as_date in prop::bool::weighted(0.3),
        comparison in comparison(),
        viewer in prop_oneof![Just(Viewer::Anonymous), Just(Viewer::Editor)],
    ) {
        let mut site = Site::new("Changes");
        site.settings.time_zone = zone.site_zone();
        for (index, quarters) in posts.iter().enumerate() {
            let utc = change + TimeDelta::minutes(15 * quarters);
            let offset = FixedOffset::east_opt(zone.zone().offset_seconds(utc)).unwrap();
            let mut post = Post::new(PostId(index as u64 + 1), "P", Slug::parse("p").unwrap());
            post.published = Some(Timestamp::new(utc.with_timezone(&offset)));
            site.posts.push(post);
        }
        let wall = zone.zone().wall(change + TimeDelta::minutes(15 * value));
        let value = if as_date { DateValue::Date(wall.date()) } else { DateValue::LocalDateTime(wall) };
        let query = Query::new().filter(Predicate::Date { field: DateField::Published, comparison, value });
        let snapshot = Snapshot::from_site(site.clone());
        check_query(&snapshot, &Oracle { site: &site, clock: zone.zone(), viewer }, &query)?;
    }
}

// ---------------------------------------------------------------------------------------
// Random order.

/// A seeded shuffle must be a real shuffle: an identity, a reversal, publication order or
/// one permutation for every seed would each fail here.
#[test]
fn random_order_is_a_seeded_shuffle_not_a_fixed_order() {
    let mut site = Site::new("Shuffle");
    for id in 1..=40u64 {
        let mut post = Post::new(
            PostId(id),
            format!("P{id}"),
            Slug::parse(&format!("p{id}")).unwrap(),
        );
        // Publication order is neither id order nor its reverse.
        let day = (id * 17) % 40;
        post.published = Some(Timestamp::new(
            (Utc.with_ymd_and_hms(2013, 1, 1, 0, 0, 0).unwrap() + TimeDelta::days(day as i64))
                .fixed_offset(),
        ));
        site.posts.push(post);
    }
    let snapshot = Snapshot::from_site(site);
    let by = |key: OrderKey, descending: bool| {
        ids(&snapshot
            .query(
                &Query {
                    order: Order { key, descending },
                    pagination: Pagination::Page {
                        page: 1,
                        per_page: 100,
                    },
                    ..Query::new()
                },
                Viewer::Anonymous,
            )
            .unwrap()
            .posts)
    };
    let ascending_ids: Vec<PostId> = (1..=40).map(PostId).collect();
    let mut descending_ids = ascending_ids.clone();
    descending_ids.reverse();
    let fixed = [
        ascending_ids,
        descending_ids,
        by(OrderKey::Published, false),
        by(OrderKey::Published, true),
    ];
    let mut orders = BTreeSet::new();
    let mut firsts = BTreeSet::new();
    for seed in 0..8 {
        let order = by(OrderKey::Random { seed }, false);
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            (1..=40).map(PostId).collect::<Vec<_>>(),
            "seed {seed}: a permutation"
        );
        assert_eq!(
            order,
            by(OrderKey::Random { seed }, false),
            "seed {seed}: the same order every time"
        );
        for other in &fixed {
            assert_ne!(&order, other, "seed {seed} gave a fixed order");
        }
        // Not merely a rotation or a near-identity: many posts move.
        let moved = order
            .iter()
            .enumerate()
            .filter(|(i, id)| id.0 != *i as u64 + 1)
            .count();
        assert!(moved > 30, "seed {seed}: only {moved} of 40 posts moved");
        firsts.insert(order[0]);
        orders.insert(order);
    }
    assert_eq!(orders.len(), 8, "every seed gives its own order");
    assert!(
        firsts.len() >= 4,
        "the first post varies with the seed: {firsts:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Time zones: the zone's own answers, against transitions written out by hand.

fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    local(y, m, d, h, min).and_utc()
}

fn hours(h: i32, m: i32) -> FixedOffset {
    FixedOffset::east_opt(h * 3600 + h.signum() * m * 60).unwrap()
}

#[test]
fn offset_at_changes_at_the_published_transitions() {
    // (zone, the instant of the change, offset before, offset after), from the zones'
    // published rules, not from chrono-tz.
    let cases = [
        (
            "Europe/London",
            utc(2013, 3, 31, 1, 0),
            hours(0, 0),
            hours(1, 0),
        ),
        (
            "Europe/London",
            utc(2013, 10, 27, 1, 0),
            hours(1, 0),
            hours(0, 0),
        ),
        (
            "America/New_York",
            utc(2013, 3, 10, 7, 0),
            hours(-5, 0),
            hours(-4, 0),
        ),
        (
            "America/New_York",
            utc(2013, 11, 3, 6, 0),
            hours(-4, 0),
            hours(-5, 0),
        ),
        // Midnight skipped: 00:00 at -03 becomes 01:00 at -02.
        (
            "America/Sao_Paulo",
            utc(2012, 10, 21, 3, 0),
            hours(-3, 0),
            hours(-2, 0),
        ),
        // Back at midnight: 00:00 at -02 becomes 23:00 the day before at -03.
        (
            "America/Sao_Paulo",
            utc(2013, 2, 17, 2, 0),
            hours(-2, 0),
            hours(-3, 0),
        ),
        (
            "America/Havana",
            utc(2013, 3, 10, 5, 0),
            hours(-5, 0),
            hours(-4, 0),
        ),
        (
            "Asia/Beirut",
            utc(2013, 3, 30, 22, 0),
            hours(2, 0),
            hours(3, 0),
        ),
        // Half an hour: 02:00 at +10:30 becomes 02:30 at +11.
        (
            "Australia/Lord_Howe",
            utc(2012, 10, 6, 15, 30),
            hours(10, 30),
            hours(11, 0),
        ),
    ];
    for (name, at, before, after) in cases {
        let zone = SiteTimeZone::parse(name).unwrap();
        assert_eq!(
            zone.offset_at(at - TimeDelta::seconds(1)),
            before,
            "{name} just before {at}"
        );
        assert_eq!(zone.offset_at(at), after, "{name} at {at}");
        assert_eq!(
            zone.offset_at(at - TimeDelta::hours(12)),
            before,
            "{name} hours before {at}"
        );
        assert_eq!(
            zone.offset_at(at + TimeDelta::hours(12)),
            after,
            "{name} hours after {at}"
        );
    }
    let kathmandu = SiteTimeZone::parse("Asia/Kathmandu").unwrap();
    assert_eq!(kathmandu.offset_at(utc(2013, 6, 1, 0, 0)), hours(5, 45));
    let fixed = SiteTimeZone::parse("-08:00").unwrap();
    assert_eq!(fixed.offset_at(utc(2013, 3, 10, 10, 0)), hours(-8, 0));
}

#[test]
fn offset_of_local_refuses_gaps_and_takes_the_earlier_offset_in_folds() {
    // Gaps: wall-clock times that never happened.
    let gaps = [
        ("Europe/London", local(2013, 3, 31, 1, 30)),
        ("America/New_York", local(2013, 3, 10, 2, 0)),
        ("America/Sao_Paulo", local(2012, 10, 21, 0, 0)),
        ("America/Sao_Paulo", local(2012, 10, 21, 0, 59)),
        ("America/Havana", local(2013, 3, 10, 0, 0)),
        ("Asia/Beirut", local(2013, 3, 31, 0, 30)),
        ("Australia/Lord_Howe", local(2012, 10, 7, 2, 15)),
    ];
    for (name, at) in gaps {
        let zone = SiteTimeZone::parse(name).unwrap();
        assert_eq!(zone.offset_of_local(at), None, "{name} {at} was skipped");
        assert!(Timestamp::from_local(at, &zone).is_err(), "{name} {at}");
    }
    // Just outside the gaps the times exist, with the offsets of either side.
    let edges = [
        (
            "America/Sao_Paulo",
            local(2012, 10, 20, 23, 59),
            hours(-3, 0),
        ),
        ("America/Sao_Paulo", local(2012, 10, 21, 1, 0), hours(-2, 0)),
        ("America/Havana", local(2013, 3, 10, 1, 0), hours(-4, 0)),
        (
            "Australia/Lord_Howe",
            local(2012, 10, 7, 2, 30),
            hours(11, 0),
        ),
        (
            "Australia/Lord_Howe",
            local(2012, 10, 7, 1, 59),
            hours(10, 30),
        ),
    ];
    for (name, at, offset) in edges {
        let zone = SiteTimeZone::parse(name).unwrap();
        assert_eq!(zone.offset_of_local(at), Some(offset), "{name} {at}");
    }
    // Folds: the repeated hour takes the earlier instant (the offset before the change).
    let folds = [
        ("Europe/London", local(2013, 10, 27, 1, 30), hours(1, 0)),
        ("America/New_York", local(2013, 11, 3, 1, 0), hours(-4, 0)),
        (
            "America/Sao_Paulo",
            local(2013, 2, 16, 23, 30),
            hours(-2, 0),
        ),
        (
            "Australia/Lord_Howe",
            local(2013, 4, 7, 1, 45),
            hours(11, 0),
        ),
    ];
    for (name, at, offset) in folds {
        let zone = SiteTimeZone::parse(name).unwrap();
        assert_eq!(zone.offset_of_local(at), Some(offset), "{name} {at}");
        let time = Timestamp::from_local(at, &zone).unwrap();
        assert_eq!(time.naive_local(), at);
        assert_eq!(time.offset_seconds(), offset.local_minus_utc());
    }
}

#[test]
fn a_day_whose_midnight_was_skipped_starts_when_the_clocks_resume() {
    // On 21 October 2012 Sao Paulo went from 23:59:59 straight to 01:00: the day starts at
    // 01:00 -02 (03:00 UTC). "published >= 2012-10-21" includes a post at 03:00 UTC and
    // excludes one a second earlier; "= 2012-10-21" takes the posts of that local day.
    let zone = SiteTimeZone::parse("America/Sao_Paulo").unwrap();
    let mut site = Site::new("Sao Paulo");
    site.settings.time_zone = zone;
    for (id, at) in [
        (1u64, utc(2012, 10, 21, 2, 59)),
        (2, utc(2012, 10, 21, 3, 0)),
        (3, utc(2012, 10, 22, 2, 59)),
    ] {
        let mut post = Post::new(PostId(id), "P", Slug::parse("p").unwrap());
        post.published = Some(Timestamp::from_utc(at, &zone));
        site.posts.push(post);
    }
    let snapshot = Snapshot::from_site(site);
    let day = DateValue::Date(NaiveDate::from_ymd_opt(2012, 10, 21).unwrap());
    let run = |comparison| {
        let query = Query::new()
            .filter(Predicate::Date {
                field: DateField::Published,
                comparison,
                value: day.clone(),
            })
            .order(
                OrderKey::Published,
                broadsheet_core::query::Direction::Ascending,
            );
        ids(&snapshot.query(&query, Viewer::Anonymous).unwrap().posts)
    };
    assert_eq!(run(Comparison::Ge), [PostId(2), PostId(3)]);
    assert_eq!(run(Comparison::Lt), [PostId(1)]);
    assert_eq!(run(Comparison::Eq), [PostId(2)]);
    let skipped = Query::new().filter(Predicate::Date {
        field: DateField::Published,
        comparison: Comparison::Ge,
        value: DateValue::LocalDateTime(local(2012, 10, 21, 0, 30)),
    });
    assert!(matches!(
        snapshot.query(&skipped, Viewer::Anonymous),
        Err(QueryError::NonexistentLocalTime(_))
    ));
}

// ---------------------------------------------------------------------------------------
// Edits: the archive against a plain `Site` edited with vector operations.

#[derive(Debug, Clone)]
enum Edit {
    InsertPost(Post),
    UpdatePost(Post),
    DeletePost(u64),
    InsertComment(Comment),
    /// Changes a comment's status (and so approved counts).
    SetCommentStatus(u64, CommentStatus),
    DeleteComment(u64),
    InsertTerm(Term),
    UpdateTerm(Term),
    DeleteTerm(u64),
    InsertAuthor(u64, u64),
    /// A new slug for an author.
    UpdateAuthor(u64, u64),
    DeleteAuthor(u64),
    InsertMedia(u64, Option<u64>),
    UpdateMedia(u64, Option<u64>),
    DeleteMedia(u64),
}

fn edit(zone: ZoneChoice) -> impl Strategy<Value = Edit> {
    prop_oneof![
        (1u64..70)
            .prop_flat_map(move |id| post(id, zone))
            .prop_map(Edit::InsertPost),
        (1u64..70)
            .prop_flat_map(move |id| post(id, zone))
            .prop_map(Edit::UpdatePost),
        (1u64..70).prop_map(Edit::DeletePost),
        (15u64..30)
            .prop_flat_map(move |id| comment(id, zone))
            .prop_map(Edit::InsertComment),
        (1u64..30, comment_status()).prop_map(|(id, s)| Edit::SetCommentStatus(id, s)),
        (1u64..30).prop_map(Edit::DeleteComment),
        (1u64..8).prop_map(|id| Edit::InsertTerm(tag(id))),
        (10u64..17, 10u64..17, prop::option::of(9u64..17))
            .prop_map(|(id, slug, parent)| Edit::UpdateTerm(category(id, slug, parent))),
        (1u64..17).prop_map(Edit::DeleteTerm),
        (1u64..7, 1u64..7).prop_map(|(id, slug)| Edit::InsertAuthor(id, slug)),
        (1u64..7, 1u64..7).prop_map(|(id, slug)| Edit::UpdateAuthor(id, slug)),
        (1u64..7).prop_map(Edit::DeleteAuthor),
        (1u64..4, prop::option::of(1u64..60)).prop_map(|(id, a)| Edit::InsertMedia(id, a)),
        (1u64..4, prop::option::of(1u64..60)).prop_map(|(id, a)| Edit::UpdateMedia(id, a)),
        (1u64..4).prop_map(Edit::DeleteMedia),
    ]
}

/// Replaces or refuses, as the editor's insert and update document: `Err(())` for an insert
/// of an existing id or an update of a missing one.
fn put<T>(items: &mut Vec<T>, item: T, id: impl Fn(&T) -> u64, insert: bool) -> Result<(), ()> {
    match items.iter().position(|x| id(x) == id(&item)) {
        Some(_) if insert => Err(()),
        None if !insert => Err(()),
        Some(at) => {
            items[at] = item;
            Ok(())
        }
        None => {
            items.push(item);
            Ok(())
        }
    }
}

fn remove<T>(items: &mut Vec<T>, id: u64, of: impl Fn(&T) -> u64) -> Result<T, ()> {
    let at = items.iter().position(|x| of(x) == id).ok_or(())?;
    Ok(items.remove(at))
}

/// The edit on a plain site, by the documented rules: deleting a post deletes its comments;
/// deleting a term takes it off every post and gives its children its parent; deleting an
/// author takes them off every post's author list; replies to a deleted comment keep their
/// parent; media keep whatever they are attached to.
fn apply_plain(site: &mut Site, edit: &Edit) -> Result<(), ()> {
    match edit.clone() {
        Edit::InsertPost(p) => put(&mut site.posts, p, |x| x.id.0, true),
        Edit::UpdatePost(p) => put(&mut site.posts, p, |x| x.id.0, false),
        Edit::DeletePost(id) => {
            remove(&mut site.posts, id, |x| x.id.0)?;
            site.comments.retain(|c| c.post != PostId(id));
            Ok(())
        }
        Edit::InsertComment(c) => put(&mut site.comments, c, |x| x.id.0, true),
        Edit::SetCommentStatus(id, status) => {
            let mut c = site
                .comments
                .iter()
                .find(|c| c.id.0 == id)
                .ok_or(())?
                .clone();
            c.status = status;
            put(&mut site.comments, c, |x| x.id.0, false)
        }
        Edit::DeleteComment(id) => remove(&mut site.comments, id, |x| x.id.0).map(drop),
        Edit::InsertTerm(t) => put(&mut site.terms, t, |x| x.id.0, true),
        Edit::UpdateTerm(t) => put(&mut site.terms, t, |x| x.id.0, false),
        Edit::DeleteTerm(id) => {
            let old = remove(&mut site.terms, id, |x| x.id.0)?;
            for term in &mut site.terms {
                if term.parent == Some(TermId(id)) {
                    term.parent = old.parent.filter(|p| *p != term.id);
                }
            }
            for post in &mut site.posts {
                post.terms.retain(|t| *t != TermId(id));
            }
            Ok(())
        }
        Edit::InsertAuthor(id, slug) => put(&mut site.authors, author(id, slug), |x| x.id.0, true),
        Edit::UpdateAuthor(id, slug) => put(&mut site.authors, author(id, slug), |x| x.id.0, false),
        Edit::DeleteAuthor(id) => {
            remove(&mut site.authors, id, |x| x.id.0)?;
            for post in &mut site.posts {
                post.authors.retain(|a| *a != AuthorId(id));
            }
            Ok(())
        }
        Edit::InsertMedia(id, a) => put(&mut site.media, media(id, a), |x| x.id.0, true),
        Edit::UpdateMedia(id, a) => put(&mut site.media, media(id, a), |x| x.id.0, false),
        Edit::DeleteMedia(id) => remove(&mut site.media, id, |x| x.id.0).map(drop),
    }
}

/// The same edit through the archive's editor (lenient: dangling references are kept and
/// reported, as they are kept in the plain site).
fn apply_archive(archive: &Archive, edit: &Edit) -> Result<(), EditError> {
    archive
        .edit_lenient(|e| match edit.clone() {
            Edit::InsertPost(p) => e.insert_post(p),
            Edit::UpdatePost(p) => e.update_post(p),
            Edit::DeletePost(id) => e.delete_post(PostId(id)).map(drop),
            Edit::InsertComment(c) => e.insert_comment(c),
            Edit::SetCommentStatus(id, status) => {
                let mut c =
                    e.snapshot()
                        .comment(CommentId(id))
                        .cloned()
                        .ok_or(EditError::NotFound {
                            kind: broadsheet_core::archive::EntityKind::Comment,
                            id,
                        })?;
                c.status = status;
                e.update_comment(c)
            }
            Edit::DeleteComment(id) => e.delete_comment(CommentId(id)).map(drop),
            Edit::InsertTerm(t) => e.insert_term(t),
            Edit::UpdateTerm(t) => e.update_term(t),
            Edit::DeleteTerm(id) => e.delete_term(TermId(id)).map(drop),
            Edit::InsertAuthor(id, slug) => e.insert_author(author(id, slug)),
            Edit::UpdateAuthor(id, slug) => e.update_author(author(id, slug)),
            Edit::DeleteAuthor(id) => e.delete_author(AuthorId(id)).map(drop),
            Edit::InsertMedia(id, a) => e.insert_media(media(id, a)),
            Edit::UpdateMedia(id, a) => e.update_media(media(id, a)),
            Edit::DeleteMedia(id) => e.delete_media(MediaId(id)).map(drop),
        })
        .map(drop)
}

fn sorted(mut site: Site) -> Site {
    site.posts.sort_by_key(|x| x.id);
    site.comments.sort_by_key(|x| x.id);
    site.terms.sort_by_key(|x| x.id);
    site.authors.sort_by_key(|x| x.id);
    site.media.sort_by_key(|x| x.id);
    site
}

fn site_with_edits() -> impl Strategy<Value = (Site, ZoneChoice, Vec<Edit>, Vec<(Query, Viewer)>)> {
    site().prop_flat_map(|(site, zone)| {
        (
            Just(site),
            Just(zone),
            prop::collection::vec(edit(zone), 1..25),
            prop::collection::vec((query(zone), viewer()), 3),
        )
    })
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(128))]

    /// Every edit kind, applied to the archive and to a plain site: the same refusals, the
    /// same data, the same look-ups and the same answers to every query.
    #[test]
    fn edits_agree_with_a_plainly_edited_site((site, zone, edits, queries) in site_with_edits()) {
        let archive = Archive::from_snapshot(Snapshot::from_site(site.clone()));
        let mut plain = site;
        for edit in &edits {
            let expected = apply_plain(&mut plain, edit);
            let got = apply_archive(&archive, edit);
            match (&expected, &got) {
                (Ok(()), Ok(())) => {}
                (Err(()), Err(EditError::Duplicate { .. } | EditError::NotFound { .. })) => {}
                _ => prop_assert!(false, "{:?}: plain {:?}, archive {:?}", edit, expected, got),
            }
        }
        let snapshot = archive.snapshot();
        prop_assert_eq!(sorted(snapshot.to_site()), sorted(plain.clone()));
        // Look-ups through the indexes: slugs (after slug changes), comments, media.
        for slug in 1..8u64 {
            let name = format!("a{slug}");
            let expected = plain.authors.iter().filter(|a| a.slug.as_str() == name).map(|a| a.id).min();
            prop_assert_eq!(snapshot.author_by_slug(&name).map(|a| a.id), expected, "author_by_slug({})", name);
        }
        for slug in 1..18u64 {
            for (taxonomy, name) in [(Taxonomy::Tag, format!("t{slug}")), (Taxonomy::Category, format!("c{slug}"))] {
                let expected = plain.terms.iter().filter(|t| t.taxonomy == taxonomy && t.slug.as_str() == name).map(|t| t.id).min();
                prop_assert_eq!(snapshot.term_by_slug(&taxonomy, &name).map(|t| t.id), expected);
            }
        }
        for id in 1..5u64 {
            prop_assert_eq!(snapshot.media_item(MediaId(id)), plain.media.iter().find(|m| m.id.0 == id));
        }
        // Approved counts moved with every status change.
        for post in &plain.posts {
            let oracle = Oracle { site: &plain, clock: zone.zone(), viewer: Viewer::Editor };
            prop_assert_eq!(snapshot.post_view(post.id, Viewer::Editor).unwrap().comment_count(), oracle.approved(post.id));
        }
        for (query, viewer) in &queries {
            let oracle = Oracle { site: &plain, clock: zone.zone(), viewer: *viewer };
            check_query(&snapshot, &oracle, query)?;
            // A category query follows the parent index after term edits.
            for category in 10..17u64 {
                let query = Query::new().filter(Predicate::Terms { taxonomy: Taxonomy::Category, terms: vec![TermRef::Slug(format!("c{category}"))], mode: Match::Any, descendants: true });
                check_query(&snapshot, &oracle, &query)?;
            }
            for by in [OrderKey::CommentCount, OrderKey::Title] {
                check_query(&snapshot, &oracle, &Query { order: Order { key: by, descending: true }, ..Query::new() })?;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Every surface a viewer reads: comments, threads, adjacent and related posts.

/// The comments a viewer may read on a post: none unless the post is visible and readable
/// (a protected post's comments are as private as its content); approved only, except that
/// an editor sees all but the trash.
fn visible_comments<'a>(oracle: &Oracle<'a>, post: PostId) -> Vec<&'a Comment> {
    let Some(p) = oracle.site.post(post) else {
        return Vec::new();
    };
    if !oracle.visible(p) || !oracle.readable(p) {
        return Vec::new();
    }
    let mut comments: Vec<&Comment> = oracle
        .site
        .comments
        .iter()
        .filter(|c| c.post == post)
        .filter(|c| match oracle.viewer {
            Viewer::Editor => c.status != CommentStatus::Trash,
            _ => c.status == CommentStatus::Approved,
        })
        .collect();
    comments.sort_by_key(|c| (c.date, c.id));
    comments
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(128))]

    #[test]
    fn comments_and_threads_show_what_the_viewer_may_read((site, zone, _query, viewer) in site_and_query()) {
        let snapshot = Snapshot::from_site(site.clone());
        let oracle = Oracle { site: &site, clock: zone.zone(), viewer };
        for post in 1..60u64 {
            let expected = visible_comments(&oracle, PostId(post));
            let flat = snapshot.post_comments(PostId(post), context(viewer));
            prop_assert_eq!(flat.iter().map(CommentView::id).collect::<Vec<_>>(), expected.iter().map(|c| c.id).collect::<Vec<_>>());
            for (view, comment) in flat.iter().zip(&expected) {
                prop_assert_eq!(view.content(), comment.content.as_str());
                prop_assert_eq!(view.status(), comment.status);
            }
            // The thread without depth limit: each visible comment once, under its parent when
            // the parent is visible, at top level otherwise.
            let options = ThreadOptions::default().with_viewer(viewer).with_max_depth(None);
            let thread = snapshot.comment_thread(PostId(post), &options);
            prop_assert_eq!(thread.total, expected.len());
            let shown: BTreeSet<CommentId> = expected.iter().map(|c| c.id).collect();
            let mut depth: BTreeMap<CommentId, usize> = BTreeMap::new();
            let mut seen = BTreeSet::new();
            for node in thread.flatten() {
                let comment = expected.iter().find(|c| c.id == node.comment.id());
                prop_assert!(comment.is_some(), "comment {:?} is not visible", node.comment.id());
                prop_assert!(seen.insert(node.comment.id()), "comment {:?} twice", node.comment.id());
                let comment = comment.unwrap();
                let parent = comment.parent.filter(|p| shown.contains(p));
                prop_assert_eq!(node.comment.parent(), parent);
                let expected_depth = parent.map_or(0, |p| depth[&p] + 1);
                prop_assert_eq!(node.depth, expected_depth);
                depth.insert(comment.id, node.depth);
                for reply in &node.replies {
                    prop_assert_eq!(reply.comment.parent(), Some(comment.id));
                }
            }
            prop_assert_eq!(seen.len(), expected.len());
            prop_assert_eq!(thread.top_level_total, expected.iter().filter(|c| c.parent.is_none_or(|p| !shown.contains(&p))).count());
        }
    }

    #[test]
    fn adjacent_and_related_posts_equal_the_oracle((site, zone, query, viewer) in site_and_query(), target in 1u64..60, limit in 0usize..5) {
        let snapshot = Snapshot::from_site(site.clone());
        let oracle = Oracle { site: &site, clock: zone.zone(), viewer };
        let visible = site.post(PostId(target)).is_some_and(|p| oracle.visible(p));
        let adjacent = snapshot.adjacent(PostId(target), &query, None, context(viewer));
        let related = snapshot.related(PostId(target), &query, limit, context(viewer));
        if !visible {
            prop_assert!(matches!(adjacent, Err(QueryError::UnknownPost(_))), "{:?}", adjacent);
            prop_assert!(matches!(related, Err(QueryError::UnknownPost(_))));
            return Ok(());
        }
        if let Expected::Skipped(_) = expectation(&oracle, &query) {
            prop_assert!(matches!(adjacent, Err(QueryError::NonexistentLocalTime(_))), "{:?}", adjacent);
            prop_assert!(matches!(related, Err(QueryError::NonexistentLocalTime(_))));
            return Ok(());
        }
        let target = site.post(PostId(target)).unwrap();
        let key = |p: &Post| (naive_time(p.published), p.id);
        let candidates: Vec<&Post> = site.posts.iter().filter(|p| p.id != target.id && oracle.matches(p, &query, None).is_some()).collect();
        let previous = candidates.iter().filter(|p| key(p) < key(target)).max_by_key(|p| key(p)).map(|p| p.id);
        let next = candidates.iter().filter(|p| key(p) > key(target)).min_by_key(|p| key(p)).map(|p| p.id);
        let AdjacentPosts { previous: got_previous, next: got_next } = adjacent.expect("a visible post has neighbours or none");
        prop_assert_eq!(got_previous.map(|p| p.id()), previous);
        prop_assert_eq!(got_next.map(|p| p.id()), next);
        let wanted: BTreeSet<TermId> = target.terms.iter().copied().collect();
        let mut ranked: Vec<(u64, i128, PostId)> = candidates.iter().map(|p| {
            let terms: BTreeSet<TermId> = p.terms.iter().copied().collect();
            (terms.intersection(&wanted).count() as u64, naive_time(p.published), p.id)
        }).filter(|(shared, _, _)| *shared > 0).collect();
        ranked.sort_by(|a, b| b.cmp(a));
        let ranked: Vec<(PostId, u64)> = ranked.into_iter().take(limit).map(|(s, _, id)| (id, s)).collect();
        let related = related.expect("a visible post has related posts or none");
        prop_assert_eq!(related.iter().map(|r| (r.post.id(), r.shared_terms)).collect::<Vec<_>>(), ranked);
        for view in related.iter().map(|r| &r.post) {
            let post = site.post(view.id()).unwrap();
            prop_assert_eq!(view.content().is_some(), oracle.readable(post));
        }
    }

    /// Nothing private reaches an anonymous reader through any surface, whatever the length
    /// of the password (none, empty, one character, long).
    #[test]
    fn anonymous_surfaces_carry_no_private_data((site, zone, query, _viewer) in site_and_query()) {
        let snapshot = Snapshot::from_site(site.clone());
        let oracle = Oracle { site: &site, clock: zone.zone(), viewer: Viewer::Anonymous };
        let anonymous = context(Viewer::Anonymous);
        let page = match snapshot.query(&query, anonymous) {
            Ok(page) => page,
            Err(QueryError::NonexistentLocalTime(_)) if matches!(expectation(&oracle, &query), Expected::Skipped(_)) => return Ok(()),
            Err(error) => return Err(TestCaseError::fail(format!("unexpected error {error}"))),
        };
        let mut json = serde_json::to_string(&page).unwrap();
        for post in &site.posts {
            let id = post.id;
            json.push_str(&serde_json::to_string(&snapshot.post_comments(id, anonymous)).unwrap());
            json.push_str(&serde_json::to_string(&snapshot.comment_thread(id, &ThreadOptions::default())).unwrap());
            if let Some(view) = snapshot.post_view(id, Viewer::Anonymous) {
                prop_assert_eq!(view.content().is_some(), !protected(post));
                prop_assert_eq!(view.password_protected(), protected(post));
                json.push_str(&serde_json::to_string(&view).unwrap());
                json.push_str(&serde_json::to_string(&snapshot.summary(&view)).unwrap());
                json.push_str(&serde_json::to_string(&snapshot.related(id, &Query::new(), 5, anonymous).unwrap()).unwrap());
                json.push_str(&serde_json::to_string(&snapshot.adjacent(id, &Query::new(), Some(&Taxonomy::Tag), anonymous).unwrap()).unwrap());
            }
        }
        for author in 1..5 {
            json.push_str(&serde_json::to_string(&snapshot.author_view(AuthorId(author))).unwrap());
        }
        for secret in ["pw-secret", "\"x\"", "@example.org", "192.0.2.77", "login-secret"] {
            prop_assert!(!json.contains(secret), "{} leaked", secret);
        }
        for post in &page.posts {
            prop_assert_eq!(post.status(), &PostStatus::Published);
        }
    }
}
