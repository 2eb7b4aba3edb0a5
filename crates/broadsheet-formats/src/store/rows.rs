//! Entities to rows and back: one `INSERT OR REPLACE` or `DELETE` per changed entity, and every
//! row read back into a [`Site`].
//!
//! Ids are `u64` in the model and `INTEGER` (a signed 64-bit value) in SQLite: they are stored
//! bit for bit (`id as i64`), so ids above `i64::MAX` read as negative numbers in SQL tools
//! and come back unchanged.

use super::schema;
use broadsheet_core::archive::{ImageList, TextIndexImage};
use broadsheet_core::{
    Author, Comment, Location, Media, Post, PostId, Site, SiteData, SiteSettings, Term, Timestamp,
};
use rusqlite::{Connection, params};
use serde::Serialize;

/// An id as SQLite stores it (the same 64 bits).
pub(crate) fn sql_id(id: u64) -> i64 {
    id as i64
}

fn json(value: &impl Serialize) -> rusqlite::Result<String> {
    serde_json::to_string(value)
        .map_err(|error| rusqlite::Error::ToSqlConversionFailure(error.into()))
}

fn date(timestamp: Option<&Timestamp>) -> Option<String> {
    timestamp.map(Timestamp::to_rfc3339)
}

/// Writes (or replaces) the settings row.
pub(crate) fn write_settings(db: &Connection, site: &dyn SiteData) -> rusqlite::Result<usize> {
    // The settings are written as the JSON Lines header writes them.
    let value = json(site.settings())?;
    db.prepare_cached(
        "INSERT OR REPLACE INTO settings (id, title, url, value) VALUES (1, ?1, ?2, ?3)",
    )?
    .execute(params![
        site.title(),
        site.url().map(broadsheet_core::Url::as_str),
        value
    ])
}

/// Writes (or replaces) a post's row.
pub(crate) fn write_post(db: &Connection, post: &Post) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO posts (id, kind, status, slug, title, published, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        sql_id(post.id.0),
        post.kind.as_str(),
        post.status.as_str(),
        post.slug.as_ref().map(broadsheet_core::Slug::as_str),
        post.title,
        date(post.published.as_ref()),
        json(post)?,
    ])
}

/// Writes (or replaces) an author's row.
pub(crate) fn write_author(db: &Connection, author: &Author) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO authors (id, slug, display_name, value) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        sql_id(author.id.0),
        author.slug.as_str(),
        author.display_name,
        json(author)?,
    ])
}

/// Writes (or replaces) a term's row.
pub(crate) fn write_term(db: &Connection, term: &Term) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO terms (id, taxonomy, slug, name, parent, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        sql_id(term.id.0),
        term.taxonomy.as_str(),
        term.slug.as_str(),
        term.name,
        term.parent.map(|p| sql_id(p.0)),
        json(term)?,
    ])
}

/// Writes (or replaces) a comment's row.
pub(crate) fn write_comment(db: &Connection, comment: &Comment) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO comments (id, post, parent, status, date, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        sql_id(comment.id.0),
        sql_id(comment.post.0),
        comment.parent.map(|p| sql_id(p.0)),
        comment.status.as_str(),
        date(comment.date.as_ref()),
        json(comment)?,
    ])
}

/// Writes (or replaces) a media item's row.
pub(crate) fn write_media(db: &Connection, media: &Media) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO media (id, url, attached_to, value) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        sql_id(media.id.0),
        media.url.as_str(),
        media.attached_to.map(|p| sql_id(p.0)),
        json(media)?,
    ])
}

/// The tables that hold entities, as [`delete`] names them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Posts,
    Authors,
    Terms,
    Comments,
    Media,
}

impl Table {
    fn name(self) -> &'static str {
        match self {
            Table::Posts => "posts",
            Table::Authors => "authors",
            Table::Terms => "terms",
            Table::Comments => "comments",
            Table::Media => "media",
        }
    }
}

/// Deletes an entity's row (none when it was never written).
pub(crate) fn delete(db: &Connection, table: Table, id: u64) -> rusqlite::Result<usize> {
    db.prepare_cached(&format!("DELETE FROM {} WHERE id = ?1", table.name()))?
        .execute([sql_id(id)])
}

/// Replaces the store's text index with `image` (creating its tables if the store has none).
pub(crate) fn write_text_index(db: &Connection, image: &TextIndexImage) -> rusqlite::Result<()> {
    db.execute_batch(schema::CREATE_TEXT_INDEX)?;
    db.execute_batch("DELETE FROM text_words; DELETE FROM text_index;")?;
    let mut posts = Vec::with_capacity(image.posts.len() * 16);
    for (id, fingerprint) in &image.posts {
        posts.extend_from_slice(&id.0.to_le_bytes());
        posts.extend_from_slice(&fingerprint.to_le_bytes());
    }
    db.execute(
        "INSERT INTO text_index (id, version, posts) VALUES (1, ?1, ?2)",
        params![TextIndexImage::VERSION, posts],
    )?;
    let mut insert = db.prepare_cached(
        "INSERT OR REPLACE INTO text_words (public, transliterated, word, posts) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for list in &image.lists {
        insert.execute(params![
            list.public,
            list.transliterated,
            list.word,
            list.posts
        ])?;
    }
    Ok(())
}

/// Reads the store's text index: `None` when it has none, or one of another encoding version,
/// or one whose fingerprints are not a whole number of entries (the archive then indexes every
/// post from its text).
pub(crate) fn read_text_index(db: &Connection) -> rusqlite::Result<Option<TextIndexImage>> {
    let exists: i64 = db.query_row(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('text_index', 'text_words')",
        [],
        |row| row.get(0),
    )?;
    if exists != 2 {
        return Ok(None);
    }
    let head: Option<(i64, Vec<u8>)> = db
        .query_row(
            "SELECT version, posts FROM text_index WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map(Some)
        .or_else(|error| match error {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    let Some((version, posts)) = head else {
        return Ok(None);
    };
    if version != TextIndexImage::VERSION || posts.len() % 16 != 0 {
        return Ok(None);
    }
    let number = |bytes: &[u8]| {
        let mut word = [0u8; 8];
        word.copy_from_slice(bytes);
        u64::from_le_bytes(word)
    };
    let mut image = TextIndexImage {
        posts: posts
            .chunks_exact(16)
            .map(|entry| (PostId(number(&entry[..8])), number(&entry[8..])))
            .collect(),
        lists: Vec::new(),
    };
    let mut statement = db.prepare("SELECT public, transliterated, word, posts FROM text_words")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        // A row of the wrong types (edited by hand) makes the whole index unusable.
        let (Ok(public), Ok(transliterated), Ok(word), Ok(posts)) = (
            row.get::<_, bool>(0),
            row.get::<_, bool>(1),
            row.get::<_, String>(2),
            row.get::<_, Vec<u8>>(3),
        ) else {
            return Ok(None);
        };
        image.lists.push(ImageList {
            public,
            transliterated,
            word,
            posts,
        });
    }
    Ok(Some(image))
}

/// Writes a whole site into an empty store (every row, and the text index; used to create
/// one).
pub(crate) fn write_site(db: &Connection, site: &dyn SiteData) -> rusqlite::Result<()> {
    schema::create(db)?;
    write_text_index(db, &TextIndexImage::build(site.posts()))?;
    write_settings(db, site)?;
    for author in site.authors() {
        write_author(db, author)?;
    }
    for term in site.terms() {
        write_term(db, term)?;
    }
    for post in site.posts() {
        write_post(db, post)?;
    }
    for comment in site.comments() {
        write_comment(db, comment)?;
    }
    for media in site.media() {
        write_media(db, media)?;
    }
    Ok(())
}

/// Why reading the rows failed: SQLite's error, or a row whose value does not parse (with the
/// table and id, as a location).
pub(crate) enum ReadError {
    Sqlite(rusqlite::Error),
    Row { location: Location, message: String },
}

impl From<rusqlite::Error> for ReadError {
    fn from(error: rusqlite::Error) -> Self {
        ReadError::Sqlite(error)
    }
}

/// Reads every row of one table (in id order) and parses its `value`.
fn read_table<T: serde::de::DeserializeOwned>(
    db: &Connection,
    table: Table,
    file: &str,
    into: &mut Vec<T>,
) -> Result<(), ReadError> {
    let mut statement = db.prepare(&format!(
        "SELECT id, value FROM {} ORDER BY id",
        table.name()
    ))?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let value = row.get_ref(1)?;
        let bytes = match value {
            rusqlite::types::ValueRef::Text(bytes) | rusqlite::types::ValueRef::Blob(bytes) => {
                bytes
            }
            _ => &[][..],
        };
        let entity = serde_json::from_slice(bytes).map_err(|error| ReadError::Row {
            location: Location {
                file: Some(file.to_owned()),
                json_path: Some(format!("{}[id={}].value", table.name(), id as u64)),
                ..Location::default()
            },
            message: format!("the row's value is not a valid {} ({error})", table.name()),
        })?;
        into.push(entity);
    }
    Ok(())
}

/// Reads the whole store into a site: the settings row, then every entity in id order.
pub(crate) fn read_site(db: &Connection, file: &str) -> Result<Site, ReadError> {
    let settings: Option<String> = db
        .query_row("SELECT value FROM settings WHERE id = 1", [], |row| {
            row.get(0)
        })
        .map(Some)
        .or_else(|error| match error {
            rusqlite::Error::QueryReturnedNoRows => Ok(None),
            other => Err(other),
        })?;
    let row_error = |message: String| ReadError::Row {
        location: Location {
            file: Some(file.to_owned()),
            json_path: Some("settings[id=1].value".into()),
            ..Location::default()
        },
        message,
    };
    let settings = settings.ok_or_else(|| row_error("the store has no settings row".into()))?;
    let settings: SiteSettings = serde_json::from_str(&settings)
        .map_err(|error| row_error(format!("the settings are not valid ({error})")))?;
    let mut site = Site {
        settings,
        ..Site::default()
    };
    read_table(db, Table::Authors, file, &mut site.authors)?;
    read_table(db, Table::Terms, file, &mut site.terms)?;
    read_table(db, Table::Posts, file, &mut site.posts)?;
    read_table(db, Table::Comments, file, &mut site.comments)?;
    read_table(db, Table::Media, file, &mut site.media)?;
    Ok(site)
}
