//! The baseline: a tuned SQLite with WordPress's schema.
//!
//! Tables as WordPress names them (`wp_posts`, `wp_users`, `wp_terms`, `wp_term_taxonomy`
//! with its maintained `count`, `wp_term_relationships`, `wp_comments`), with the columns the
//! workloads read; covering indexes for every workload (WordPress's own `type_status_date`,
//! extended with the GMT date and the id so that "newest first" is an index walk); an FTS5
//! index (external content over `wp_posts`, `unicode61` tokenizer with diacritics removed)
//! kept in step by triggers; WAL with `synchronous=FULL`, so that a commit is durable.
//! `term_taxonomy.count` counts published posts (`post_type = 'post'`), as WordPress's
//! `_update_post_term_count` does; edits keep it by incrementing and decrementing.

use broadsheet::{CommentStatus, PostKind, PostStatus, Site, Taxonomy};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

/// The schema, without secondary indexes (created after a bulk load).
const SCHEMA: &str = "
CREATE TABLE wp_users (
  ID INTEGER PRIMARY KEY,
  user_login TEXT NOT NULL,
  user_nicename TEXT NOT NULL,
  user_email TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL
);
CREATE TABLE wp_posts (
  ID INTEGER PRIMARY KEY,
  post_author INTEGER NOT NULL DEFAULT 0,
  post_date TEXT NOT NULL,
  post_date_gmt TEXT NOT NULL,
  post_content TEXT NOT NULL,
  post_title TEXT NOT NULL,
  post_excerpt TEXT NOT NULL DEFAULT '',
  post_status TEXT NOT NULL,
  comment_status TEXT NOT NULL DEFAULT 'open',
  post_password TEXT NOT NULL DEFAULT '',
  post_name TEXT NOT NULL,
  post_modified TEXT NOT NULL,
  post_modified_gmt TEXT NOT NULL,
  post_parent INTEGER NOT NULL DEFAULT 0,
  menu_order INTEGER NOT NULL DEFAULT 0,
  post_type TEXT NOT NULL,
  comment_count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE wp_terms (
  term_id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  slug TEXT NOT NULL
);
CREATE TABLE wp_term_taxonomy (
  term_taxonomy_id INTEGER PRIMARY KEY,
  term_id INTEGER NOT NULL,
  taxonomy TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  parent INTEGER NOT NULL DEFAULT 0,
  count INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE wp_term_relationships (
  object_id INTEGER NOT NULL,
  term_taxonomy_id INTEGER NOT NULL,
  term_order INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (object_id, term_taxonomy_id)
) WITHOUT ROWID;
CREATE TABLE wp_comments (
  comment_ID INTEGER PRIMARY KEY,
  comment_post_ID INTEGER NOT NULL,
  comment_author TEXT NOT NULL,
  comment_date TEXT NOT NULL,
  comment_date_gmt TEXT NOT NULL,
  comment_content TEXT NOT NULL,
  comment_approved TEXT NOT NULL,
  comment_type TEXT NOT NULL DEFAULT 'comment',
  comment_parent INTEGER NOT NULL DEFAULT 0,
  user_id INTEGER NOT NULL DEFAULT 0
);
";

/// Secondary indexes, FTS5 and its triggers, created after the bulk load.
const INDEXES: &str = "
CREATE INDEX type_status_date ON wp_posts (post_type, post_status, post_date_gmt, ID);
CREATE INDEX type_status_localdate ON wp_posts (post_type, post_status, post_date, ID);
CREATE INDEX post_author ON wp_posts (post_author, post_type, post_status, post_date_gmt, ID);
CREATE INDEX post_name ON wp_posts (post_name);
CREATE UNIQUE INDEX slug_taxonomy ON wp_terms (slug, term_id);
CREATE UNIQUE INDEX term_id_taxonomy ON wp_term_taxonomy (term_id, taxonomy);
CREATE INDEX taxonomy_count ON wp_term_taxonomy (taxonomy, count DESC, term_taxonomy_id);
CREATE INDEX taxonomy_parent ON wp_term_taxonomy (parent, taxonomy);
CREATE INDEX term_taxonomy_id ON wp_term_relationships (term_taxonomy_id, object_id);
CREATE INDEX comment_post_approved_date ON wp_comments (comment_post_ID, comment_approved, comment_date_gmt, comment_ID);
CREATE INDEX comment_parent ON wp_comments (comment_parent);
CREATE VIRTUAL TABLE wp_posts_fts USING fts5(
  post_title, post_excerpt, post_content,
  content='wp_posts', content_rowid='ID',
  tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO wp_posts_fts(wp_posts_fts) VALUES ('rebuild');
CREATE TRIGGER wp_posts_fts_insert AFTER INSERT ON wp_posts BEGIN
  INSERT INTO wp_posts_fts(rowid, post_title, post_excerpt, post_content)
  VALUES (new.ID, new.post_title, new.post_excerpt, new.post_content);
END;
CREATE TRIGGER wp_posts_fts_delete AFTER DELETE ON wp_posts BEGIN
  INSERT INTO wp_posts_fts(wp_posts_fts, rowid, post_title, post_excerpt, post_content)
  VALUES ('delete', old.ID, old.post_title, old.post_excerpt, old.post_content);
END;
CREATE TRIGGER wp_posts_fts_update AFTER UPDATE OF post_title, post_excerpt, post_content ON wp_posts BEGIN
  INSERT INTO wp_posts_fts(wp_posts_fts, rowid, post_title, post_excerpt, post_content)
  VALUES ('delete', old.ID, old.post_title, old.post_excerpt, old.post_content);
  INSERT INTO wp_posts_fts(rowid, post_title, post_excerpt, post_content)
  VALUES (new.ID, new.post_title, new.post_excerpt, new.post_content);
END;
UPDATE wp_term_taxonomy SET count = c.n FROM (
  SELECT tr.term_taxonomy_id AS id, COUNT(*) AS n
  FROM wp_term_relationships tr JOIN wp_posts p ON p.ID = tr.object_id
  WHERE p.post_type = 'post' AND p.post_status = 'publish'
  GROUP BY tr.term_taxonomy_id) AS c
WHERE c.id = wp_term_taxonomy.term_taxonomy_id;
UPDATE wp_posts SET comment_count = c.n FROM (
  SELECT comment_post_ID AS id, COUNT(*) AS n FROM wp_comments
  WHERE comment_approved = '1' GROUP BY comment_post_ID) AS c
WHERE c.id = wp_posts.ID;
ANALYZE;
";

/// Opens a database file with the settings every connection uses: WAL, durable commits, a
/// 64 MiB page cache.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |row| {
        row.get::<_, String>(0)
    })?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;",
    )?;
    Ok(conn)
}

/// WordPress's name of a post status.
pub fn status_name(status: &PostStatus) -> &str {
    match status {
        PostStatus::Draft => "draft",
        PostStatus::Pending => "pending",
        PostStatus::Private => "private",
        PostStatus::Published => "publish",
        PostStatus::Scheduled => "future",
        PostStatus::Trash => "trash",
        PostStatus::Other(name) => name,
    }
}

/// WordPress's name of a post type.
pub fn kind_name(kind: &PostKind) -> &str {
    match kind {
        PostKind::Post => "post",
        PostKind::Page => "page",
        PostKind::Attachment => "attachment",
        PostKind::Other(name) => name,
    }
}

fn comment_status_name(status: CommentStatus) -> &'static str {
    match status {
        CommentStatus::Approved => "1",
        CommentStatus::Pending => "0",
        CommentStatus::Spam => "spam",
        CommentStatus::Trash => "trash",
    }
}

/// `YYYY-MM-DD HH:MM:SS` local and GMT, as WordPress stores dates.
pub fn dates(timestamp: Option<&broadsheet::Timestamp>) -> (String, String) {
    match timestamp {
        Some(t) => (
            t.local().format("%Y-%m-%d %H:%M:%S").to_string(),
            t.utc().format("%Y-%m-%d %H:%M:%S").to_string(),
        ),
        None => (
            "0000-00-00 00:00:00".to_owned(),
            "0000-00-00 00:00:00".to_owned(),
        ),
    }
}

/// Builds a database at `path` (which must not exist) from a site: bulk insert in one
/// transaction, then indexes, FTS5, counts and statistics.
pub fn build(site: &Site, path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = open(path)?;
    conn.execute_batch(SCHEMA)?;
    let tx = conn.transaction()?;
    {
        let mut user = tx.prepare(
            "INSERT INTO wp_users (ID, user_login, user_nicename, display_name) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for author in &site.authors {
            let login = author.login.as_deref().unwrap_or(author.slug.as_str());
            user.execute(params![
                author.id.0 as i64,
                login,
                author.slug.as_str(),
                author.display_name
            ])?;
        }
        let mut term =
            tx.prepare("INSERT INTO wp_terms (term_id, name, slug) VALUES (?1, ?2, ?3)")?;
        let mut taxonomy = tx.prepare(
            "INSERT INTO wp_term_taxonomy (term_taxonomy_id, term_id, taxonomy, parent) VALUES (?1, ?1, ?2, ?3)",
        )?;
        for t in &site.terms {
            term.execute(params![t.id.0 as i64, t.name, t.slug.as_str()])?;
            taxonomy.execute(params![
                t.id.0 as i64,
                t.taxonomy.as_str(),
                t.parent.map_or(0, |p| p.0 as i64)
            ])?;
        }
        let mut post = tx.prepare(INSERT_POST)?;
        let mut relationship = tx.prepare(INSERT_RELATIONSHIP)?;
        for p in &site.posts {
            insert_post_row(&mut post, p)?;
            for t in &p.terms {
                relationship.execute(params![p.id.0 as i64, t.0 as i64])?;
            }
        }
        let mut comment = tx.prepare(
            "INSERT INTO wp_comments (comment_ID, comment_post_ID, comment_author, comment_date, comment_date_gmt, comment_content, comment_approved, comment_parent) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?;
        for c in &site.comments {
            let (local, gmt) = dates(c.date.as_ref());
            comment.execute(params![
                c.id.0 as i64,
                c.post.0 as i64,
                c.author_name,
                local,
                gmt,
                c.content,
                comment_status_name(c.status),
                c.parent.map_or(0, |p| p.0 as i64)
            ])?;
        }
    }
    tx.commit()?;
    conn.execute_batch(INDEXES)?;
    Ok(conn)
}

const INSERT_POST: &str = "INSERT INTO wp_posts (ID, post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, post_name, post_modified, post_modified_gmt, post_type) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
const INSERT_RELATIONSHIP: &str =
    "INSERT INTO wp_term_relationships (object_id, term_taxonomy_id) VALUES (?1, ?2)";

fn insert_post_row(
    statement: &mut rusqlite::Statement<'_>,
    p: &broadsheet::Post,
) -> rusqlite::Result<()> {
    let (local, gmt) = dates(p.published.as_ref());
    let (modified_local, modified_gmt) = dates(p.modified.as_ref());
    statement.execute(params![
        p.id.0 as i64,
        p.authors.first().map_or(0, |a| a.0 as i64),
        local,
        gmt,
        p.content,
        p.title,
        p.excerpt.as_deref().unwrap_or(""),
        status_name(&p.status),
        p.slug.as_ref().map_or("", |s| s.as_str()),
        modified_local,
        modified_gmt,
        kind_name(&p.kind)
    ])?;
    Ok(())
}

fn is_counted(p: &broadsheet::Post) -> bool {
    p.kind == PostKind::Post && p.status == PostStatus::Published
}

fn adjust_counts(conn: &Connection, p: &broadsheet::Post, delta: i64) -> rusqlite::Result<()> {
    if !is_counted(p) {
        return Ok(());
    }
    let mut statement = conn.prepare_cached(
        "UPDATE wp_term_taxonomy SET count = count + ?2 WHERE term_taxonomy_id = ?1",
    )?;
    for t in &p.terms {
        statement.execute(params![t.0 as i64, delta])?;
    }
    Ok(())
}

/// Inserts a post with its term relationships and counts, in one durable transaction.
pub fn insert_post(conn: &mut Connection, p: &broadsheet::Post) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut post = tx.prepare_cached(INSERT_POST)?;
        insert_post_row(&mut post, p)?;
        let mut relationship = tx.prepare_cached(INSERT_RELATIONSHIP)?;
        for t in &p.terms {
            relationship.execute(params![p.id.0 as i64, t.0 as i64])?;
        }
        adjust_counts(&tx, p, 1)?;
    }
    tx.commit()
}

/// Replaces a post (`old` is its current version), its relationships and counts, in one
/// durable transaction.
pub fn update_post(
    conn: &mut Connection,
    old: &broadsheet::Post,
    new: &broadsheet::Post,
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        adjust_counts(&tx, old, -1)?;
        let (local, gmt) = dates(new.published.as_ref());
        tx.prepare_cached(
            "UPDATE wp_posts SET post_title = ?2, post_content = ?3, post_status = ?4, post_date = ?5, post_date_gmt = ?6 WHERE ID = ?1",
        )?
        .execute(params![
            new.id.0 as i64,
            new.title,
            new.content,
            status_name(&new.status),
            local,
            gmt
        ])?;
        tx.prepare_cached("DELETE FROM wp_term_relationships WHERE object_id = ?1")?
            .execute(params![new.id.0 as i64])?;
        let mut relationship = tx.prepare_cached(INSERT_RELATIONSHIP)?;
        for t in &new.terms {
            relationship.execute(params![new.id.0 as i64, t.0 as i64])?;
        }
        adjust_counts(&tx, new, 1)?;
    }
    tx.commit()
}

/// Deletes a post, its relationships, comments and counts, in one durable transaction.
pub fn delete_post(conn: &mut Connection, p: &broadsheet::Post) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    {
        adjust_counts(&tx, p, -1)?;
        let id = p.id.0 as i64;
        tx.prepare_cached("DELETE FROM wp_term_relationships WHERE object_id = ?1")?
            .execute(params![id])?;
        tx.prepare_cached("DELETE FROM wp_comments WHERE comment_post_ID = ?1")?
            .execute(params![id])?;
        tx.prepare_cached("DELETE FROM wp_posts WHERE ID = ?1")?
            .execute(params![id])?;
    }
    tx.commit()
}

/// The public's condition on `wp_posts p` (an anonymous visitor: published posts).
pub const PUBLIC: &str = "p.post_type = 'post' AND p.post_status = 'publish'";
/// Newest first, ties by id (Broadsheet's order).
pub const NEWEST: &str = "ORDER BY p.post_date_gmt DESC, p.ID DESC";

/// The term-taxonomy ids of slugs in a taxonomy, as an SQL subquery over `?1...?n`.
pub fn term_ids(taxonomy: &Taxonomy, first_param: usize, slugs: usize) -> String {
    let placeholders: Vec<String> = (0..slugs)
        .map(|i| format!("?{}", first_param + i))
        .collect();
    format!(
        "SELECT tt.term_taxonomy_id FROM wp_terms t JOIN wp_term_taxonomy tt ON tt.term_id = t.term_id WHERE tt.taxonomy = '{}' AND t.slug IN ({})",
        taxonomy.as_str(),
        placeholders.join(", ")
    )
}

/// Runs a statement returning ids (the first column of each row).
pub fn ids(conn: &Connection, sql: &str, values: &[Value]) -> Result<Vec<u64>, String> {
    let fail = |e: rusqlite::Error| format!("SQLite: {e}\nin: {sql}");
    let mut statement = conn.prepare_cached(sql).map_err(fail)?;
    let rows = statement
        .query_map(rusqlite::params_from_iter(values.iter()), |row| {
            row.get::<_, i64>(0)
        })
        .map_err(fail)?;
    rows.map(|r| r.map(|id| id as u64).map_err(fail)).collect()
}

/// Runs a statement returning one number (0 when it returns no row).
pub fn number(conn: &Connection, sql: &str, values: &[Value]) -> Result<u64, String> {
    let fail = |e: rusqlite::Error| format!("SQLite: {e}\nin: {sql}");
    let mut statement = conn.prepare_cached(sql).map_err(fail)?;
    let found = statement
        .query_row(rusqlite::params_from_iter(values.iter()), |row| {
            row.get::<_, i64>(0)
        })
        .optional()
        .map_err(fail)?;
    Ok(found.unwrap_or(0) as u64)
}
