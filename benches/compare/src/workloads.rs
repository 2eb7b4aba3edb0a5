//! The workloads, each written once for Broadsheet and once for SQLite, with the answer both
//! must give.

use crate::generate::{TAGS, Targets};
use crate::sqlite::{self, NEWEST, PUBLIC, term_ids};
use broadsheet::archive::DateGranularity;
use broadsheet::cloud::CloudOptions;
use broadsheet::formats::{Format, ImportOptions};
use broadsheet::thread::ThreadOptions;
use broadsheet::{Archive, AuthorId, Post, PostId, Query, Slug, Taxonomy, TermId, Viewer};
use rusqlite::Connection;
use rusqlite::types::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a workload answered: post (or comment) ids in order, a total, and named numbers
/// (months, tags). Two sides agree when their answers are equal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answer {
    /// Ids in the order given.
    pub ids: Vec<u64>,
    /// The total (found posts, comments, posts in the archive...).
    pub total: u64,
    /// Named counts (`2015-06` → 1200, `tag-1` → 5000), in the order given.
    pub pairs: Vec<(String, u64)>,
}

impl Answer {
    /// The whole answer, for an error message.
    pub fn describe(&self) -> String {
        format!(
            "total {}, ids {:?}, pairs {:?}",
            self.total, self.ids, self.pairs
        )
    }

    /// A short summary, for the log.
    pub fn describe_short(&self) -> String {
        format!(
            "total {}, {} ids, {} pairs",
            self.total,
            self.ids.len(),
            self.pairs.len()
        )
    }
}

/// Broadsheet's side: the archive opened from the native JSON Lines file.
pub struct Bs {
    archive: Archive,
}

impl Bs {
    /// Opens (parses, validates and indexes) a Broadsheet file.
    pub fn open(path: &Path) -> Result<Bs, String> {
        let opened = broadsheet::formats::open_path(path, ImportOptions::default())
            .map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(Bs {
            archive: opened.archive,
        })
    }

    fn page(&self, query: Query) -> Result<Outcome, String> {
        let page = self
            .archive
            .snapshot()
            .query(&query, Viewer::Anonymous)
            .map_err(|e| e.to_string())?;
        Ok(Outcome::later(move || Answer {
            ids: page.posts.iter().map(|p| p.id().0).collect(),
            total: page.total,
            pairs: Vec::new(),
        }))
    }
}

/// SQLite's side: a connection to the database file.
pub struct Sq {
    /// The connection.
    pub conn: Connection,
}

impl Sq {
    fn page(&self, page_sql: &str, total_sql: &str, values: &[Value]) -> Result<Answer, String> {
        Ok(Answer {
            ids: sqlite::ids(&self.conn, page_sql, values)?,
            total: sqlite::number(&self.conn, total_sql, values)?,
            pairs: Vec::new(),
        })
    }

    fn pairs(&self, sql: &str, values: &[Value]) -> Result<Vec<(String, u64)>, String> {
        let fail = |e: rusqlite::Error| format!("SQLite: {e}\nin: {sql}");
        let mut statement = self.conn.prepare_cached(sql).map_err(fail)?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(values.iter()), |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64))
            })
            .map_err(fail)?;
        rows.map(|r| r.map_err(fail)).collect()
    }
}

/// SQLite's side of a workload: its answer is its result, the rows read out of the statement
/// into Rust values (as rusqlite must before the statement is reset).
pub type SqSide = Box<dyn Fn(&Sq) -> Result<Answer, String>>;

/// Broadsheet's side of a workload: its result as the library gives it, with the conversion
/// to the compared [`Answer`] made only when the answers are compared.
pub type BsSide = Box<dyn Fn(&Bs) -> Result<Outcome, String>>;

/// What one call of Broadsheet's side gives: the library's result, and how to make an
/// [`Answer`] of it. The clock stops when the result is made; converting it (copying a tag
/// cloud's 45 slugs into strings, listing a thread's ids) is not the library's work and is
/// left out of the time, while dropping the result stays in it. SQLite's side is timed up to
/// its rows read into Rust values, which is its own result.
pub struct Outcome(Box<dyn FnOnce() -> Answer>);

impl Outcome {
    /// A result to convert when compared.
    pub fn later(convert: impl FnOnce() -> Answer + 'static) -> Self {
        Self(Box::new(convert))
    }

    /// A result that is already the answer (the heavy workloads: a count of posts).
    pub fn ready(answer: Answer) -> Self {
        Self::later(move || answer)
    }

    /// The answer, to compare.
    pub fn answer(self) -> Answer {
        (self.0)()
    }
}

/// A workload: its name in the table, both sides, and how answers are made comparable.
pub struct Workload {
    /// The row's name.
    pub name: &'static str,
    /// Broadsheet's side.
    pub broadsheet: BsSide,
    /// SQLite's side.
    pub sqlite: SqSide,
    /// Applied to both answers before comparing (the identity for most workloads).
    pub normalise: fn(Answer) -> Answer,
}

fn same(answer: Answer) -> Answer {
    answer
}

/// The tag cloud's top 45 may cut through a group of tags with the same count, and neither
/// side promises which of them it keeps: compare the counts, and the tags above the cut.
fn cloud_normalise(answer: Answer) -> Answer {
    let cut = answer.pairs.iter().map(|(_, c)| *c).min().unwrap_or(0);
    let mut counts: Vec<u64> = answer.pairs.iter().map(|(_, c)| *c).collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let mut above: Vec<(String, u64)> =
        answer.pairs.into_iter().filter(|(_, c)| *c > cut).collect();
    above.sort();
    Answer {
        ids: counts,
        total: answer.total,
        pairs: above,
    }
}

fn text(values: &[&str]) -> Vec<Value> {
    values
        .iter()
        .map(|v| Value::Text((*v).to_owned()))
        .collect()
}

/// SQL for a page of public posts of one tag joined through the relationships, and the
/// same page's total by `COUNT(*)`, with an extra condition on `p`.
fn tag_join(extra: &str, offset: u64) -> (String, String) {
    let from = format!(
        "FROM wp_posts p JOIN wp_term_relationships tr ON tr.object_id = p.ID WHERE tr.term_taxonomy_id = ({}) AND {PUBLIC} {extra}",
        term_ids(&Taxonomy::Tag, 1, 1)
    );
    (
        format!("SELECT p.ID {from} {NEWEST} LIMIT 10 OFFSET {offset}"),
        format!("SELECT COUNT(*) {from}"),
    )
}

/// The maintained count of a tag (what WordPress shows as the tag's total).
const TAG_COUNT: &str = "SELECT tt.count FROM wp_terms t JOIN wp_term_taxonomy tt ON tt.term_id = t.term_id WHERE t.slug = ?1 AND tt.taxonomy = 'post_tag'";

fn posts_where(condition: &str) -> (String, String) {
    (
        format!("SELECT p.ID FROM wp_posts p WHERE {PUBLIC} AND {condition} {NEWEST} LIMIT 10"),
        format!("SELECT COUNT(*) FROM wp_posts p WHERE {PUBLIC} AND {condition}"),
    )
}

fn page_workload(
    name: &'static str,
    query: Query,
    (page_sql, total_sql): (String, String),
    values: Vec<Value>,
) -> Workload {
    Workload {
        name,
        broadsheet: Box::new(move |bs| bs.page(query.clone())),
        sqlite: Box::new(move |sq| sq.page(&page_sql, &total_sql, &values)),
        normalise: same,
    }
}

fn search_workload(name: &'static str, search: &'static str) -> Workload {
    let from = format!(
        "FROM wp_posts_fts f JOIN wp_posts p ON p.ID = f.rowid WHERE wp_posts_fts MATCH ?1 AND {PUBLIC}"
    );
    page_workload(
        name,
        Query::new().search(search).page(1, 10),
        (
            format!("SELECT p.ID {from} {NEWEST} LIMIT 10"),
            format!("SELECT COUNT(*) {from}"),
        ),
        text(&[search]),
    )
}

/// The read workloads.
pub fn reads(targets: &Targets) -> Vec<Workload> {
    let mut list = vec![
        {
            let (page, _) = tag_join("", 0);
            page_workload(
                "tag page 1 + total",
                Query::new().tag("tag-1").page(1, 10),
                (page, TAG_COUNT.to_owned()),
                text(&["tag-1"]),
            )
        },
        {
            let (page, _) = tag_join("", 490);
            page_workload(
                "tag page 50 + total",
                Query::new().tag("tag-1").page(50, 10),
                (page, TAG_COUNT.to_owned()),
                text(&["tag-1"]),
            )
        },
        Workload {
            name: "tag total alone",
            broadsheet: Box::new(|bs| {
                let total = bs
                    .archive
                    .snapshot()
                    .count(&Query::new().tag("tag-1"), Viewer::Anonymous)
                    .map_err(|e| e.to_string())?;
                Ok(Outcome::later(move || Answer {
                    total,
                    ..Answer::default()
                }))
            }),
            sqlite: Box::new(|sq| {
                Ok(Answer {
                    total: sqlite::number(&sq.conn, TAG_COUNT, &text(&["tag-1"]))?,
                    ..Answer::default()
                })
            }),
            normalise: same,
        },
        page_workload(
            "tag + year, page 1 + total",
            Query::new().tag("tag-2").year(2015).page(1, 10),
            tag_join(
                "AND p.post_date >= '2015-01-01 00:00:00' AND p.post_date < '2016-01-01 00:00:00'",
                0,
            ),
            text(&["tag-2"]),
        ),
        page_workload(
            "tag + month, page 1 + total",
            Query::new().tag("tag-1").year(2015).month(6).page(1, 10),
            tag_join(
                "AND p.post_date >= '2015-06-01 00:00:00' AND p.post_date < '2015-07-01 00:00:00'",
                0,
            ),
            text(&["tag-1"]),
        ),
        page_workload(
            "author page 1 + total",
            Query::new().authors(&["author-7"]).page(1, 10),
            posts_where("p.post_author = (SELECT ID FROM wp_users WHERE user_nicename = ?1)"),
            text(&["author-7"]),
        ),
        page_workload(
            "category with descendants, page 1 + total",
            Query::new().category("cat-1").page(1, 10),
            {
                let tree = "p.ID IN (SELECT object_id FROM wp_term_relationships WHERE term_taxonomy_id IN (
                    WITH RECURSIVE d(id) AS (
                      SELECT tt.term_taxonomy_id FROM wp_terms t JOIN wp_term_taxonomy tt ON tt.term_id = t.term_id
                        WHERE t.slug = ?1 AND tt.taxonomy = 'category'
                      UNION ALL
                      SELECT tt.term_taxonomy_id FROM wp_term_taxonomy tt JOIN d ON tt.parent = d.id
                        WHERE tt.taxonomy = 'category')
                    SELECT id FROM d))";
                posts_where(tree)
            },
            text(&["cat-1"]),
        ),
    ];
    let and = |slugs: usize| {
        posts_where(&format!(
            "p.ID IN (SELECT object_id FROM wp_term_relationships WHERE term_taxonomy_id IN ({}) GROUP BY object_id HAVING COUNT(*) = {slugs})",
            term_ids(&Taxonomy::Tag, 1, slugs)
        ))
    };
    let or = |slugs: usize| {
        posts_where(&format!(
            "p.ID IN (SELECT object_id FROM wp_term_relationships WHERE term_taxonomy_id IN ({}))",
            term_ids(&Taxonomy::Tag, 1, slugs)
        ))
    };
    list.push(page_workload(
        "two tags AND, page 1 + total",
        Query::new().all_tags(&["tag-2", "tag-3"]).page(1, 10),
        and(2),
        text(&["tag-2", "tag-3"]),
    ));
    list.push(page_workload(
        "three tags AND, page 1 + total",
        Query::new()
            .all_tags(&["tag-1", "tag-2", "tag-3"])
            .page(1, 10),
        and(3),
        text(&["tag-1", "tag-2", "tag-3"]),
    ));
    list.push(page_workload(
        "two tags OR, page 1 + total",
        Query::new().any_tags(&["tag-20", "tag-30"]).page(1, 10),
        or(2),
        text(&["tag-20", "tag-30"]),
    ));
    list.push(page_workload(
        "three tags OR, page 1 + total",
        Query::new()
            .any_tags(&["tag-20", "tag-30", "tag-40"])
            .page(1, 10),
        or(3),
        text(&["tag-20", "tag-30", "tag-40"]),
    ));
    list.push(Workload {
        name: "monthly archive (posts per month)",
        broadsheet: Box::new(|bs| {
            let months = bs
                .archive
                .snapshot()
                .date_archive(DateGranularity::Month, &Query::new(), Viewer::Anonymous)
                .map_err(|e| e.to_string())?;
            Ok(Outcome::later(move || Answer {
                pairs: months
                    .iter()
                    .map(|m| (format!("{:04}-{:02}", m.year, m.month.unwrap_or(0)), m.count))
                    .collect(),
                ..Answer::default()
            }))
        }),
        sqlite: Box::new(|sq| {
            Ok(Answer {
                pairs: sq.pairs(
                    &format!("SELECT substr(p.post_date, 1, 7) AS m, COUNT(*) FROM wp_posts p WHERE {PUBLIC} GROUP BY m ORDER BY m DESC"),
                    &[],
                )?,
                ..Answer::default()
            })
        }),
        normalise: same,
    });
    list.push(Workload {
        name: "tag cloud (top 45)",
        broadsheet: Box::new(|bs| {
            let cloud = bs
                .archive
                .snapshot()
                .tag_cloud(
                    &Query::new(),
                    &Taxonomy::Tag,
                    &CloudOptions::default(),
                    Viewer::Anonymous,
                )
                .map_err(|e| e.to_string())?;
            Ok(Outcome::later(move || Answer {
                pairs: cloud.iter().map(|e| (e.term.slug().to_owned(), e.count)).collect(),
                ..Answer::default()
            }))
        }),
        sqlite: Box::new(|sq| {
            let mut pairs = sq.pairs(
                "SELECT t.slug, tt.count FROM wp_term_taxonomy tt JOIN wp_terms t ON t.term_id = tt.term_id WHERE tt.taxonomy = 'post_tag' AND tt.count > 0 ORDER BY tt.count DESC LIMIT 45",
                &[],
            )?;
            // WordPress orders the chosen tags by name for display.
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(Answer {
                pairs,
                ..Answer::default()
            })
        }),
        normalise: cloud_normalise,
    });
    list.push(search_workload("search one word, page 1 + total", "WYVERN"));
    list.push(search_workload(
        "search two words, page 1 + total",
        "wyvern Quixote",
    ));
    list.push(search_workload(
        "search phrase, page 1 + total",
        "\"quixote xylem\"",
    ));
    let thread_post = targets.thread_post;
    list.push(Workload {
        name: "thread of 500 comments",
        broadsheet: Box::new(move |bs| {
            let options = ThreadOptions::default().with_max_depth(None);
            let thread = bs.archive.snapshot().comment_thread(thread_post, &options);
            Ok(Outcome::later(move || Answer {
                ids: thread.flatten().iter().map(|n| n.comment.id().0).collect(),
                total: thread.total as u64,
                pairs: Vec::new(),
            }))
        }),
        sqlite: Box::new(move |sq| sqlite_thread(&sq.conn, thread_post)),
        normalise: same,
    });
    let middle = targets.middle_post;
    list.push(Workload {
        name: "adjacent posts (previous and next)",
        broadsheet: Box::new(move |bs| {
            let adjacent = bs
                .archive
                .snapshot()
                .adjacent(middle, &Query::new(), None, Viewer::Anonymous)
                .map_err(|e| e.to_string())?;
            Ok(Outcome::later(move || Answer {
                ids: [adjacent.previous, adjacent.next]
                    .iter()
                    .map(|p| p.as_ref().map_or(0, |p| p.id().0))
                    .collect(),
                ..Answer::default()
            }))
        }),
        sqlite: Box::new(move |sq| {
            let key = "(SELECT post_date_gmt FROM wp_posts WHERE ID = ?1)";
            let values = [Value::Integer(middle.0 as i64)];
            let previous = sqlite::number(
                &sq.conn,
                &format!("SELECT p.ID FROM wp_posts p WHERE {PUBLIC} AND (p.post_date_gmt, p.ID) < ({key}, ?1) {NEWEST} LIMIT 1"),
                &values,
            )?;
            let next = sqlite::number(
                &sq.conn,
                &format!("SELECT p.ID FROM wp_posts p WHERE {PUBLIC} AND (p.post_date_gmt, p.ID) > ({key}, ?1) ORDER BY p.post_date_gmt, p.ID LIMIT 1"),
                &values,
            )?;
            Ok(Answer {
                ids: vec![previous, next],
                ..Answer::default()
            })
        }),
        normalise: same,
    });
    list
}

/// The approved comments of a post as WordPress reads them (oldest first), threaded without
/// a depth limit, depth first: what the page shows, in its order.
fn sqlite_thread(conn: &Connection, post: PostId) -> Result<Answer, String> {
    let sql = "SELECT comment_ID, comment_parent, comment_author, comment_content, comment_date FROM wp_comments WHERE comment_post_ID = ?1 AND comment_approved = '1' ORDER BY comment_date_gmt, comment_ID";
    let fail = |e: rusqlite::Error| format!("SQLite: {e}\nin: {sql}");
    let mut statement = conn.prepare_cached(sql).map_err(fail)?;
    let rows = statement
        .query_map([post.0 as i64], |row| {
            Ok((
                row.get::<_, i64>(0)? as u64,
                row.get::<_, i64>(1)? as u64,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
            ))
        })
        .map_err(fail)?;
    let comments: Vec<(u64, u64, String, String, String)> =
        rows.collect::<Result<_, _>>().map_err(fail)?;
    let position: HashMap<u64, usize> =
        comments.iter().enumerate().map(|(i, c)| (c.0, i)).collect();
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); comments.len()];
    let mut roots = Vec::new();
    for (i, c) in comments.iter().enumerate() {
        match position.get(&c.1) {
            Some(&parent) if c.1 != 0 => children[parent].push(i),
            _ => roots.push(i),
        }
    }
    let mut order = Vec::with_capacity(comments.len());
    let mut stack: Vec<usize> = roots.into_iter().rev().collect();
    while let Some(i) = stack.pop() {
        order.push(comments[i].0);
        stack.extend(children[i].iter().rev());
    }
    Ok(Answer {
        ids: order,
        total: comments.len() as u64,
        pairs: Vec::new(),
    })
}

/// Where one size's files live.
pub struct Paths {
    /// The Broadsheet JSON Lines file.
    pub jsonl: PathBuf,
    /// The WXR export of the same site.
    pub wxr: PathBuf,
    /// The SQLite database.
    pub db: PathBuf,
    /// Broadsheet's durable store of the same site (`.broadsheet`).
    pub store: PathBuf,
    /// The directory (for rebuilt databases and the edited file).
    pub dir: PathBuf,
}

impl Paths {
    /// The files of one run in `dir`.
    pub fn in_dir(dir: &Path) -> Paths {
        Paths {
            jsonl: dir.join("site.jsonl"),
            wxr: dir.join("site.xml"),
            db: dir.join("site.sqlite"),
            store: dir.join("site.broadsheet"),
            dir: dir.to_owned(),
        }
    }
}

fn first_page_bs(path: &Path) -> Result<Outcome, String> {
    let bs = Bs::open(path)?;
    bs.page(Query::new().tag("tag-1").page(1, 10))
}

fn rebuilt_db(dir: &Path) -> Result<PathBuf, String> {
    let path = dir.join("rebuilt.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            std::fs::remove_file(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        }
    }
    Ok(path)
}

fn posts_in(conn: &Connection) -> Result<Answer, String> {
    Ok(Answer {
        total: sqlite::number(conn, "SELECT COUNT(*) FROM wp_posts", &[])?,
        ..Answer::default()
    })
}

/// The workload that reads the WXR file (which is written only when it is chosen).
pub const BUILD_FROM_WXR: &str = "build from WXR";

/// Opening and building: open + first page (Broadsheet opens its durable store, reading every
/// row and rebuilding the index), build from JSON Lines, build from WXR.
pub fn builds(paths: &Paths) -> Vec<Workload> {
    let store = paths.store.clone();
    let db = paths.db.clone();
    let (page_sql, _) = tag_join("", 0);
    let mut list = vec![Workload {
        name: "open the store + first tag page",
        broadsheet: Box::new(move |_| first_page_bs(&store)),
        sqlite: Box::new(move |_| {
            let conn = sqlite::open(&db).map_err(|e| format!("{}: {e}", db.display()))?;
            Sq { conn }.page(&page_sql, TAG_COUNT, &text(&["tag-1"]))
        }),
        normalise: same,
    }];
    for (name, path, format) in [
        (
            "build from JSON Lines",
            paths.jsonl.clone(),
            Format::JsonLines,
        ),
        (BUILD_FROM_WXR, paths.wxr.clone(), Format::Wxr),
    ] {
        let bs_path = path.clone();
        let dir = paths.dir.clone();
        list.push(Workload {
            name,
            broadsheet: Box::new(move |_| {
                let bs = Bs::open(&bs_path)?;
                Ok(Outcome::ready(Answer {
                    total: bs.archive.snapshot().post_count() as u64,
                    ..Answer::default()
                }))
            }),
            sqlite: Box::new(move |_| {
                let options = ImportOptions::default().with_format(Some(format));
                let imported = broadsheet::formats::load(&path, options)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let db = rebuilt_db(&dir)?;
                let conn = sqlite::build(&imported.site, &db)
                    .map_err(|e| format!("{}: {e}", db.display()))?;
                posts_in(&conn)
            }),
            normalise: same,
        });
    }
    list
}

/// The post the edit workloads insert, update and delete (a unique word marks its text).
fn edited_post(id: u64, updated: bool) -> Post {
    let mut post = Post::new(
        PostId(id),
        format!("Edited post {id}"),
        Slug::parse(&format!("edited-{id}")).expect("a valid slug"),
    );
    let when = chrono::DateTime::from_timestamp(1_717_200_000, 0).expect("in range");
    post.published = Some(broadsheet::Timestamp::new(
        when.with_timezone(&crate::generate::offset()),
    ));
    post.modified = post.published;
    post.authors.push(AuthorId(1));
    if updated {
        post.content = "The quokka replaced the zyzzyva.".to_owned();
        post.terms = vec![TermId(6), TermId(8), TermId(TAGS + 2)];
    } else {
        post.content = "A zyzzyva in the text.".to_owned();
        post.terms = vec![TermId(5), TermId(7), TermId(TAGS + 1)];
    }
    post
}

/// After an edit: which posts the two marker words find, and the totals of the tags the edit
/// moves the post between.
fn edit_answer_bs(archive: &Archive) -> Result<Answer, String> {
    let snapshot = archive.snapshot();
    let count = |q: Query| {
        snapshot
            .count(&q, Viewer::Anonymous)
            .map_err(|e| e.to_string())
    };
    let ids = |word: &str| -> Result<Vec<u64>, String> {
        let page = snapshot
            .query(&Query::new().search(word).page(1, 10), Viewer::Anonymous)
            .map_err(|e| e.to_string())?;
        Ok(page.posts.iter().map(|p| p.id().0).collect())
    };
    let mut found = ids("zyzzyva")?;
    found.push(0);
    found.extend(ids("quokka")?);
    Ok(Answer {
        ids: found,
        total: count(Query::new())?,
        pairs: vec![
            ("tag-5".to_owned(), count(Query::new().tag("tag-5"))?),
            ("tag-6".to_owned(), count(Query::new().tag("tag-6"))?),
        ],
    })
}

fn edit_answer_sq(conn: &Connection) -> Result<Answer, String> {
    let search = format!(
        "SELECT p.ID FROM wp_posts_fts f JOIN wp_posts p ON p.ID = f.rowid WHERE wp_posts_fts MATCH ?1 AND {PUBLIC} {NEWEST} LIMIT 10"
    );
    let mut found = sqlite::ids(conn, &search, &text(&["zyzzyva"]))?;
    found.push(0);
    found.extend(sqlite::ids(conn, &search, &text(&["quokka"]))?);
    Ok(Answer {
        ids: found,
        total: sqlite::number(
            conn,
            &format!("SELECT COUNT(*) FROM wp_posts p WHERE {PUBLIC}"),
            &[],
        )?,
        pairs: vec![
            (
                "tag-5".to_owned(),
                sqlite::number(conn, TAG_COUNT, &text(&["tag-5"]))?,
            ),
            (
                "tag-6".to_owned(),
                sqlite::number(conn, TAG_COUNT, &text(&["tag-6"]))?,
            ),
        ],
    })
}

/// Insert, update and delete a post, each committed durably: Broadsheet edits an archive
/// opened from its store, which commits the changed rows in one SQLite transaction (WAL,
/// `synchronous=FULL`) before the edit is published; SQLite commits a transaction (WAL,
/// `synchronous=FULL`) that also maintains its indexes, counts and FTS. After each step both
/// sides' answers are compared; the steps are interleaved (Broadsheet insert, SQLite insert,
/// Broadsheet update...).
pub fn edits(
    mut sq: Sq,
    paths: &Paths,
    reps: usize,
    size: u64,
    rows: &mut Vec<Row>,
) -> Result<Sq, String> {
    let archive = Bs::open(&paths.store)?.archive;
    if !archive.is_durable() {
        return Err(format!("{}: not opened as a store", paths.store.display()));
    }
    let mut times: [(Vec<Duration>, Vec<Duration>); 3] = Default::default();
    let names = [
        "insert a post + durable commit",
        "update a post + durable commit",
        "delete a post + durable commit",
    ];
    let check = |step: usize, archive: &Archive, conn: &Connection| -> Result<(), String> {
        let (a, b) = (edit_answer_bs(archive)?, edit_answer_sq(conn)?);
        if a != b {
            return Err(format!(
                "answers differ after {} ({size} posts)\n  Broadsheet: {}\n  SQLite:     {}",
                names[step],
                a.describe(),
                b.describe()
            ));
        }
        Ok(())
    };
    for rep in 0..reps {
        let id = 50_000_000 + rep as u64;
        let (old, new) = (edited_post(id, false), edited_post(id, true));
        let started = Instant::now();
        archive
            .edit(|e| e.insert_post(old.clone()))
            .map_err(|e| e.to_string())?;
        times[0].0.push(started.elapsed());
        let started = Instant::now();
        sqlite::insert_post(&mut sq.conn, &old).map_err(|e| e.to_string())?;
        times[0].1.push(started.elapsed());
        check(0, &archive, &sq.conn)?;

        let started = Instant::now();
        archive
            .edit(|e| e.update_post(new.clone()))
            .map_err(|e| e.to_string())?;
        times[1].0.push(started.elapsed());
        let started = Instant::now();
        sqlite::update_post(&mut sq.conn, &old, &new).map_err(|e| e.to_string())?;
        times[1].1.push(started.elapsed());
        check(1, &archive, &sq.conn)?;

        let started = Instant::now();
        archive
            .edit(|e| e.delete_post(PostId(id)).map(drop))
            .map_err(|e| e.to_string())?;
        times[2].0.push(started.elapsed());
        let started = Instant::now();
        sqlite::delete_post(&mut sq.conn, &new).map_err(|e| e.to_string())?;
        times[2].1.push(started.elapsed());
        check(2, &archive, &sq.conn)?;
    }
    eprintln!("  edits: answers agree after every step");
    for (name, (a, b)) in names.into_iter().zip(times) {
        rows.push(Row {
            name,
            measured: Measured::Time {
                broadsheet: crate::median(a),
                sqlite: crate::median(b),
            },
        });
    }
    Ok(sq)
}

/// Resident set size of this process, in bytes (`/proc/self/statm`).
fn resident_bytes() -> Result<u64, String> {
    let statm = std::fs::read_to_string("/proc/self/statm")
        .map_err(|e| format!("/proc/self/statm: {e}"))?;
    let pages: u64 = statm
        .split_whitespace()
        .nth(1)
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| format!("/proc/self/statm: unexpected content {statm:?}"))?;
    Ok(pages * 4096)
}

/// The child process that measures one side's memory: opens the file, prints the resident
/// size, runs every read workload three times, prints it again (`open after` in bytes).
pub fn memory_child(args: &[String]) -> Result<(), String> {
    let [side, path, thread, middle] = args else {
        return Err(format!("--memory needs 4 arguments, got {args:?}"));
    };
    let number = |text: &str| {
        text.parse::<u64>()
            .map_err(|e| format!("--memory: {text:?} is not a post id ({e})"))
    };
    let targets = Targets {
        thread_post: PostId(number(thread)?),
        middle_post: PostId(number(middle)?),
    };
    let path = Path::new(path);
    let before;
    match side.as_str() {
        "broadsheet" => {
            let bs = Bs::open(path)?;
            before = resident_bytes()?;
            for _ in 0..3 {
                for workload in reads(&targets) {
                    (workload.broadsheet)(&bs)?;
                }
            }
        }
        "sqlite" => {
            let sq = Sq {
                conn: sqlite::open(path).map_err(|e| format!("{}: {e}", path.display()))?,
            };
            sqlite::number(&sq.conn, "SELECT COUNT(*) FROM wp_users", &[])?;
            before = resident_bytes()?;
            for _ in 0..3 {
                for workload in reads(&targets) {
                    (workload.sqlite)(&sq)?;
                }
            }
        }
        other => return Err(format!("--memory: unknown side {other:?}")),
    }
    println!("{before} {}", resident_bytes()?);
    Ok(())
}

fn child_memory(side: &str, path: &Path, targets: &Targets) -> Result<(u64, u64), String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let output = std::process::Command::new(exe)
        .arg("--memory")
        .arg(side)
        .arg(path)
        .arg(targets.thread_post.0.to_string())
        .arg(targets.middle_post.0.to_string())
        .output()
        .map_err(|e| format!("cannot run the memory child: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the memory child for {side} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let numbers: Vec<u64> = stdout
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    match numbers[..] {
        [open, after] => Ok((open, after)),
        _ => Err(format!("the memory child for {side} printed {stdout:?}")),
    }
}

fn file_size(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(format!("{}{suffix}", path.display())).ok())
        .map(|m| m.len())
        .sum()
}

/// Resident memory of each side after opening its durable file (Broadsheet's store, SQLite's
/// database) and after a query mix (a child process each), and the size of the files.
pub fn memory(paths: &Paths, targets: &Targets) -> Result<Vec<Row>, String> {
    // The database's size is that of its pages: a write-ahead log left by the build is
    // checkpointed into it first (before this, a run without the durable-commit workloads
    // counted the log too, about 0.6x more).
    sqlite::open(&paths.db)
        .and_then(|conn| conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);"))
        .map_err(|e| format!("{}: {e}", paths.db.display()))?;
    let (bs_open, bs_after) = child_memory("broadsheet", &paths.store, targets)?;
    let (sq_open, sq_after) = child_memory("sqlite", &paths.db, targets)?;
    Ok(vec![
        Row {
            name: "resident memory after open",
            measured: Measured::Bytes {
                broadsheet: bs_open,
                sqlite: sq_open,
            },
        },
        Row {
            name: "resident memory after a query mix",
            measured: Measured::Bytes {
                broadsheet: bs_after,
                sqlite: sq_after,
            },
        },
        Row {
            name: "file on disk (Broadsheet store with its text index; SQLite with FTS5)",
            measured: Measured::Bytes {
                broadsheet: file_size(&paths.store),
                sqlite: file_size(&paths.db),
            },
        },
    ])
}

/// What a row measured.
pub enum Measured {
    /// Median times.
    Time {
        /// Broadsheet's median.
        broadsheet: Duration,
        /// SQLite's median.
        sqlite: Duration,
    },
    /// Sizes in bytes.
    Bytes {
        /// Broadsheet's size.
        broadsheet: u64,
        /// SQLite's size.
        sqlite: u64,
    },
}

/// One row of the table for one size.
pub struct Row {
    /// The workload.
    pub name: &'static str,
    /// What was measured.
    pub measured: Measured,
}

fn show_time(d: Duration) -> String {
    let ns = d.as_nanos() as f64;
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.1} µs", ns / 1e3)
    } else if ns < 1_000_000_000.0 {
        format!("{:.1} ms", ns / 1e6)
    } else {
        format!("{:.2} s", ns / 1e9)
    }
}

fn show_bytes(b: u64) -> String {
    format!("{:.1} MB", b as f64 / 1e6)
}

fn ratio(sqlite: f64, broadsheet: f64) -> String {
    if broadsheet <= 0.0 {
        return "n/a".to_owned();
    }
    let r = sqlite / broadsheet;
    if r >= 10.0 {
        format!("{r:.0}")
    } else if r >= 0.1 {
        format!("{r:.2}")
    } else {
        format!("{r:.4}")
    }
}

/// The Markdown table: one row per workload, for each size Broadsheet's median, SQLite's and
/// their ratio (SQLite ÷ Broadsheet: above 1, Broadsheet is faster or smaller).
pub fn table(columns: &[(u64, Vec<Row>)]) -> String {
    let mut out = String::from("| workload |");
    let mut rule = String::from("| --- |");
    for (size, _) in columns {
        out.push_str(&format!(
            " Broadsheet, {size} | SQLite, {size} | ratio, {size} |"
        ));
        rule.push_str(" --- | --- | --- |");
    }
    out.push('\n');
    out.push_str(&rule);
    out.push('\n');
    let Some((_, first)) = columns.first() else {
        return out;
    };
    for (i, row) in first.iter().enumerate() {
        out.push_str(&format!("| {} |", row.name));
        for (_, rows) in columns {
            let Some(row) = rows.get(i) else { continue };
            let cells = match row.measured {
                Measured::Time { broadsheet, sqlite } => (
                    show_time(broadsheet),
                    show_time(sqlite),
                    ratio(sqlite.as_secs_f64(), broadsheet.as_secs_f64()),
                ),
                Measured::Bytes { broadsheet, sqlite } => (
                    show_bytes(broadsheet),
                    show_bytes(sqlite),
                    ratio(sqlite as f64, broadsheet as f64),
                ),
            };
            out.push_str(&format!(" {} | {} | {} |", cells.0, cells.1, cells.2));
        }
        out.push('\n');
    }
    out
}
