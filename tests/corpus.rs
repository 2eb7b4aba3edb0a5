//! The shared query corpus: `tests/corpus/queries.json` holds queries (as parameters and filter
//! strings, with a viewer and pagination) over the example data and a generated site, with their
//! expected answers (ids, totals, cursor walks, date archives, tag clouds). This test checks
//! every expectation twice — against the engine and against a naive filter-and-sort oracle
//! written here, apart from the engine — and the Python and Kotlin suites run the same file
//! through their bindings, so no surface can drift from another.
//!
//! `BROADSHEET_BLESS_CORPUS=1 cargo test --test corpus` rewrites the expectations from the
//! engine (the oracle still has to agree before anything is written); the generated site is
//! rewritten from its generator likewise.

use broadsheet::archive::DateGranularity;
use broadsheet::cloud::{CloudOptions, CloudOrder};
use broadsheet::formats::{ImportOptions, open_path};
use broadsheet::{
    Author, AuthorId, Post, PostId, PostKind, PostStatus, QueryParams, Site, SiteTimeZone, Slug,
    Snapshot, Taxonomy, Term, TermId, Timestamp, Viewer,
};
use chrono::{Datelike, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn corpus_path(name: &str) -> PathBuf {
    PathBuf::from(ROOT).join("tests/corpus").join(name)
}

/// The corpus file.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    /// What the file is, for a reader who finds it.
    about: String,
    /// Data sets by name: paths relative to the workspace root.
    datasets: BTreeMap<String, String>,
    /// The cases.
    cases: Vec<Case>,
}

/// One question and its answer.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    dataset: String,
    /// `query` (a page and a cursor walk), `dates` or `cloud`.
    kind: String,
    #[serde(default = "anonymous")]
    viewer: String,
    /// The query as parameters (a filter string goes in `params.filter`).
    #[serde(default)]
    params: QueryParams,
    /// For `dates`: `year`, `month` or `day`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<String>,
    /// For `cloud`: how many terms (0 for all).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    number: Option<usize>,
    /// For `cloud`: `name` or `count`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    order: Option<String>,
    /// For a filter-string case: the same question as plain parameters, which the oracle
    /// answers (the oracle does not parse filter strings).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    same_as: Option<QueryParams>,
    expect: Expect,
}

fn anonymous() -> String {
    "anonymous".into()
}

/// An answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// Query: the ids of the page asked for, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ids: Option<Vec<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    total_pages: Option<u64>,
    /// Query: the pages a cursor walk from the start gives (`per_page` posts each), in order;
    /// together they are the whole result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    walk: Option<Vec<Vec<u64>>>,
    /// Dates: `[year, month or 0, day or 0, count]` rows, newest first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dates: Option<Vec<[i64; 4]>>,
    /// Cloud: `[slug, count]` rows in the cloud's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    cloud: Option<Vec<(String, u64)>>,
}

// ---------------------------------------------------------------------------------------------
// The generated site: deterministic, in a zone with daylight saving, every status and kind.

fn generated_site() -> Site {
    let slug = |text: &str| Slug::parse(text).unwrap();
    let mut site = Site::new("Generated corpus blog");
    site.settings.url = Some(broadsheet::Url::parse("https://corpus.example.org").unwrap());
    site.settings.time_zone = SiteTimeZone::parse("America/New_York").unwrap();
    for (id, name) in [(1, "ada"), (2, "ben"), (3, "chen"), (4, "dina")] {
        site.authors
            .push(Author::new(AuthorId(id), slug(name), name.to_uppercase()));
    }
    let tags = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
    for (i, name) in tags.iter().enumerate() {
        site.terms.push(Term::new(
            TermId(i as u64 + 1),
            Taxonomy::Tag,
            *name,
            slug(name),
        ));
    }
    // Categories: news (10) > world (11) > asia (12); opinion (13).
    for (id, name, parent) in [
        (10, "news", None),
        (11, "world", Some(10)),
        (12, "asia", Some(11)),
        (13, "opinion", None),
    ] {
        let mut term = Term::new(TermId(id), Taxonomy::Category, name, slug(name));
        term.parent = parent.map(TermId);
        site.terms.push(term);
    }
    let statuses = [
        PostStatus::Published,
        PostStatus::Published,
        PostStatus::Published,
        PostStatus::Draft,
        PostStatus::Published,
        PostStatus::Private,
        PostStatus::Published,
        PostStatus::Trash,
        PostStatus::Published,
        PostStatus::Pending,
    ];
    // A simple linear congruential sequence: the site is the same on every machine.
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |bound: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    for id in 1..=80u64 {
        let title = format!("Post {:02} {}", id, tags[(id % 6) as usize]);
        let mut post = Post::new(PostId(id), title, slug(&format!("post-{id}")));
        post.status = statuses[(id % 10) as usize].clone();
        if id % 17 == 0 {
            post.kind = PostKind::Page;
        }
        // Around the 2020 and 2021 daylight-saving changes and new year, some near midnight.
        let base = Utc.with_ymd_and_hms(2019, 10, 1, 0, 0, 0).unwrap();
        let hours = next(24 * 500) as i64;
        let instant = base + chrono::Duration::hours(hours) + chrono::Duration::minutes(7);
        if post.status != PostStatus::Draft {
            post.published = Some(Timestamp::from_utc(instant, &site.settings.time_zone));
            post.modified = Some(Timestamp::from_utc(
                instant + chrono::Duration::days(next(40) as i64),
                &site.settings.time_zone,
            ));
        }
        let mut chosen: Vec<TermId> = Vec::new();
        for _ in 0..=next(3) {
            let tag = TermId(next(6) + 1);
            if !chosen.contains(&tag) {
                chosen.push(tag);
            }
        }
        chosen.push(TermId([10, 11, 12, 13][next(4) as usize]));
        post.terms = chosen;
        post.authors = vec![AuthorId(next(4) + 1)];
        if id % 9 == 0 {
            post.authors.push(AuthorId((id % 4) + 1));
            post.authors.dedup();
        }
        post.sticky = id % 23 == 0;
        post.content = format!(
            "<p>Body of post {id} about {}.</p>",
            tags[(id % 6) as usize]
        );
        site.posts.push(post);
    }
    site
}

// ---------------------------------------------------------------------------------------------
// The oracle: plain loops over the site, no index, no engine code.

fn term_ids(site: &Site, taxonomy: &Taxonomy, slug: &str, descendants: bool) -> HashSet<TermId> {
    let mut ids: HashSet<TermId> = site
        .terms
        .iter()
        .filter(|t| &t.taxonomy == taxonomy && t.slug.as_str() == slug)
        .map(|t| t.id)
        .collect();
    if descendants {
        loop {
            let before = ids.len();
            for term in &site.terms {
                if term.parent.is_some_and(|p| ids.contains(&p)) {
                    ids.insert(term.id);
                }
            }
            if ids.len() == before {
                break;
            }
        }
    }
    ids
}

fn has_any(
    site: &Site,
    post: &Post,
    taxonomy: &Taxonomy,
    slugs: &[String],
    descendants: bool,
) -> bool {
    slugs.iter().any(|slug| {
        let ids = term_ids(site, taxonomy, slug, descendants);
        post.terms.iter().any(|t| ids.contains(t))
    })
}

fn status_named(name: &str) -> PostStatus {
    match name {
        "publish" => PostStatus::Published,
        "future" => PostStatus::Scheduled,
        other => PostStatus::from(other),
    }
}

fn oracle_matches(site: &Site, post: &Post, params: &QueryParams, viewer: &str) -> bool {
    let tag = Taxonomy::Tag;
    let local = post.published.map(|p| p.local_date());
    let kind_ok = match &params.kind {
        Some(kind) => post.kind == PostKind::from(kind.as_str()),
        None => post.kind == PostKind::Post,
    };
    let status_ok = match (&params.status, viewer) {
        (Some(status), "anonymous") => {
            post.status == status_named(status) && post.status == PostStatus::Published
        }
        (Some(status), _) => post.status == status_named(status),
        (None, "anonymous") => post.status == PostStatus::Published,
        (None, _) => post.status != PostStatus::Trash,
    };
    let author_ok = params.author.as_ref().is_none_or(|slug| {
        site.authors
            .iter()
            .filter(|a| a.slug.as_str() == slug)
            .any(|a| post.authors.contains(&a.id))
    });
    kind_ok
        && status_ok
        && author_ok
        && params
            .tag
            .as_ref()
            .is_none_or(|t| has_any(site, post, &tag, std::slice::from_ref(t), true))
        && (params.tags_any.is_empty() || has_any(site, post, &tag, &params.tags_any, true))
        && params
            .tags_all
            .iter()
            .all(|t| has_any(site, post, &tag, std::slice::from_ref(t), true))
        && !has_any(site, post, &tag, &params.exclude_tags, true)
        && params.category.as_ref().is_none_or(|c| {
            has_any(
                site,
                post,
                &Taxonomy::Category,
                std::slice::from_ref(c),
                true,
            )
        })
        && params
            .year
            .is_none_or(|y| local.is_some_and(|d| d.year() == y))
        && params
            .month
            .is_none_or(|m| local.is_some_and(|d| d.month() == m))
        && params
            .day
            .is_none_or(|x| local.is_some_and(|d| d.day() == x))
}

/// The whole ordered result of a query, by the oracle.
fn oracle_result(site: &Site, params: &QueryParams, viewer: &str) -> Vec<u64> {
    let mut posts: Vec<&Post> = site
        .posts
        .iter()
        .filter(|p| oracle_matches(site, p, params, viewer))
        .collect();
    let key = |p: &Post| p.published.map(|t| t.utc());
    match params.order.as_deref().unwrap_or("-published") {
        "-published" | "published" => posts.sort_by_key(|p| std::cmp::Reverse((key(p), p.id))),
        "published:asc" => posts.sort_by_key(|p| (key(p), p.id)),
        "title" => posts.sort_by_key(|p| (p.title.to_lowercase(), p.id)),
        "-modified" => posts.sort_by(|a, b| {
            (b.modified.map(|t| t.utc()), b.id).cmp(&(a.modified.map(|t| t.utc()), a.id))
        }),
        other => panic!("the oracle does not know the order {other:?}"),
    }
    assert!(
        !params.sticky_first,
        "the oracle does not place sticky posts"
    );
    posts.into_iter().map(|p| p.id.0).collect()
}

fn oracle_dates(site: &Site, params: &QueryParams, by: DateGranularity) -> Vec<[i64; 4]> {
    let mut counts: BTreeMap<(i64, i64, i64), i64> = BTreeMap::new();
    for post in site
        .posts
        .iter()
        .filter(|p| oracle_matches(site, p, params, "anonymous"))
    {
        let Some(date) = post.published.map(|p| p.local_date()) else {
            continue;
        };
        let key = match by {
            DateGranularity::Year => (i64::from(date.year()), 0, 0),
            DateGranularity::Month => (i64::from(date.year()), i64::from(date.month()), 0),
            DateGranularity::Day => (
                i64::from(date.year()),
                i64::from(date.month()),
                i64::from(date.day()),
            ),
        };
        *counts.entry(key).or_default() += 1;
    }
    counts
        .into_iter()
        .rev()
        .map(|((y, m, d), n)| [y, m, d, n])
        .collect()
}

/// Tag counts over the public's published posts; the top `number` by count (ties by name),
/// then in the cloud's order.
fn oracle_cloud(site: &Site, number: usize, order: CloudOrder) -> Vec<(String, u64)> {
    let params = QueryParams::default();
    let mut rows: Vec<(String, u64)> = site
        .terms
        .iter()
        .filter(|t| t.taxonomy == Taxonomy::Tag)
        .map(|t| {
            let count = site
                .posts
                .iter()
                .filter(|p| {
                    oracle_matches(site, p, &params, "anonymous") && p.terms.contains(&t.id)
                })
                .count() as u64;
            (t.slug.to_string(), count)
        })
        .filter(|(_, count)| *count > 0)
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if number > 0 {
        rows.truncate(number);
    }
    match order {
        CloudOrder::Name => rows.sort_by(|a, b| a.0.cmp(&b.0)),
        CloudOrder::Count => rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0))),
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// The engine's answers.

fn engine_answer(snapshot: &Snapshot, case: &Case) -> Expect {
    let empty = Expect {
        ids: None,
        total: None,
        total_pages: None,
        walk: None,
        dates: None,
        cloud: None,
    };
    match case.kind.as_str() {
        "query" => {
            let page = snapshot
                .query_params(&case.params, &case.viewer)
                .unwrap_or_else(|e| panic!("{}: {e}", case.name));
            let mut walk = Vec::new();
            let mut cursor_params = case.params.clone();
            cursor_params.page = None;
            loop {
                let step = snapshot
                    .query_params(&cursor_params, &case.viewer)
                    .unwrap_or_else(|e| panic!("{}: {e}", case.name));
                if !step.posts.is_empty() {
                    walk.push(step.posts.iter().map(|p| p.id().0).collect());
                }
                match step.next_cursor {
                    Some(cursor) => cursor_params.cursor = Some(cursor),
                    None => break,
                }
                assert!(
                    walk.len() < 1000,
                    "{}: the cursor walk does not end",
                    case.name
                );
            }
            Expect {
                ids: Some(page.posts.iter().map(|p| p.id().0).collect()),
                total: Some(page.total),
                total_pages: Some(page.total_pages),
                walk: Some(walk),
                ..empty
            }
        }
        "dates" => {
            let by: DateGranularity = case.by.as_deref().unwrap_or("month").parse().unwrap();
            let query = case.params.to_query().unwrap();
            let viewer: Viewer = snapshot.viewer(&case.viewer).unwrap();
            let rows = snapshot
                .date_archive(by, &query, viewer)
                .unwrap()
                .into_iter()
                .map(|d| {
                    [
                        i64::from(d.year),
                        i64::from(d.month.unwrap_or(0)),
                        i64::from(d.day.unwrap_or(0)),
                        d.count as i64,
                    ]
                })
                .collect();
            Expect {
                dates: Some(rows),
                ..empty
            }
        }
        "cloud" => {
            let order: CloudOrder = case.order.as_deref().unwrap_or("name").parse().unwrap();
            let options = CloudOptions::default()
                .with_number(case.number.unwrap_or(45))
                .with_order_by(order)
                .with_descending(order.default_descending());
            let rows = snapshot
                .tag_cloud(
                    &case.params.to_query().unwrap(),
                    &Taxonomy::Tag,
                    &options,
                    Viewer::Anonymous,
                )
                .unwrap()
                .into_iter()
                .map(|e| (e.term.slug().to_owned(), e.count))
                .collect();
            Expect {
                cloud: Some(rows),
                ..empty
            }
        }
        other => panic!("{}: unknown case kind {other:?}", case.name),
    }
}

/// The oracle's answer to the same question (page ids, totals and walk from one full result).
fn oracle_answer(site: &Site, case: &Case) -> Expect {
    let params = case.same_as.as_ref().unwrap_or(&case.params);
    let empty = Expect {
        ids: None,
        total: None,
        total_pages: None,
        walk: None,
        dates: None,
        cloud: None,
    };
    match case.kind.as_str() {
        "query" => {
            let all = oracle_result(site, params, &case.viewer);
            let per_page = case.params.per_page.unwrap_or(10) as usize;
            let page = case.params.page.unwrap_or(1) as usize;
            Expect {
                ids: Some(
                    all.iter()
                        .skip((page - 1) * per_page)
                        .take(per_page)
                        .copied()
                        .collect(),
                ),
                total: Some(all.len() as u64),
                total_pages: Some(all.len().div_ceil(per_page) as u64),
                walk: Some(all.chunks(per_page).map(<[u64]>::to_vec).collect()),
                ..empty
            }
        }
        "dates" => Expect {
            dates: Some(oracle_dates(
                site,
                params,
                case.by.as_deref().unwrap_or("month").parse().unwrap(),
            )),
            ..empty
        },
        "cloud" => Expect {
            cloud: Some(oracle_cloud(
                site,
                case.number.unwrap_or(45),
                case.order.as_deref().unwrap_or("name").parse().unwrap(),
            )),
            ..empty
        },
        other => panic!("{}: unknown case kind {other:?}", case.name),
    }
}

#[test]
fn the_generated_site_is_what_its_generator_makes() {
    let path = corpus_path("generated-site.json");
    let site = generated_site();
    if std::env::var_os("BROADSHEET_BLESS_CORPUS").is_some() {
        broadsheet::formats::save(&site, &path, broadsheet::formats::Format::Json).unwrap();
    }
    let saved = broadsheet::formats::json::load(&path).unwrap();
    assert!(
        saved == site,
        "tests/corpus/generated-site.json is stale: bless the corpus"
    );
}

#[test]
fn every_corpus_answer_is_the_engines_and_the_oracles() {
    let path = corpus_path("queries.json");
    let mut corpus: Corpus = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let bless = std::env::var_os("BROADSHEET_BLESS_CORPUS").is_some();
    let mut opened = BTreeMap::new();
    for (name, file) in &corpus.datasets {
        let opened_file = open_path(PathBuf::from(ROOT).join(file), ImportOptions::default())
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let snapshot = opened_file.archive.snapshot();
        let site = snapshot.to_site();
        opened.insert(name.clone(), (snapshot, site));
    }
    assert!(corpus.cases.len() >= 20, "the corpus asks enough questions");
    let mut names = HashSet::new();
    for case in &mut corpus.cases {
        assert!(
            names.insert(case.name.clone()),
            "duplicate case {}",
            case.name
        );
        let (snapshot, site) = &opened[&case.dataset];
        let engine = engine_answer(snapshot, case);
        let oracle = oracle_answer(site, case);
        assert_eq!(
            engine, oracle,
            "{}: the engine and the oracle disagree",
            case.name
        );
        if bless {
            case.expect = engine;
        } else {
            assert_eq!(
                engine, case.expect,
                "{}: the engine's answer changed",
                case.name
            );
        }
        if let Some(walk) = &case.expect.walk {
            let flat: Vec<u64> = walk.iter().flatten().copied().collect();
            let unique: HashSet<u64> = flat.iter().copied().collect();
            assert_eq!(
                unique.len(),
                flat.len(),
                "{}: a walk repeats a post",
                case.name
            );
            assert_eq!(Some(flat.len() as u64), case.expect.total, "{}", case.name);
        }
    }
    if bless {
        let mut text = serde_json::to_string_pretty(&corpus).unwrap();
        text.push('\n');
        std::fs::write(&path, text).unwrap();
    }
    // Every case kind and both viewers are exercised, and answers are not all empty.
    let kinds: HashSet<&str> = corpus.cases.iter().map(|c| c.kind.as_str()).collect();
    assert_eq!(kinds, HashSet::from(["query", "dates", "cloud"]));
    assert!(corpus.cases.iter().any(|c| c.viewer == "editor"));
    assert!(corpus.cases.iter().any(|c| c.params.filter.is_some()));
    let non_empty = corpus
        .cases
        .iter()
        .filter(|c| c.expect.total.is_some_and(|t| t > 0))
        .count();
    assert!(non_empty >= 15, "only {non_empty} queries have answers");
}
