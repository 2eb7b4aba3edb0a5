//! Entities to rows and back: one `INSERT OR REPLACE` or `DELETE` per changed entity, and every
//! row read back into a [`Site`].
//!
//! Ids are `u64` in the model and `INTEGER` (a signed 64-bit value) in SQLite: they are stored
//! bit for bit (`id as i64`), so ids above `i64::MAX` read as negative numbers in SQL tools
//! and come back unchanged.

use super::schema;
use broadsheet_core::archive::{ImageList, TextIndexImage};
use broadsheet_core::{
    Author, AuthorId, Comment, CommentId, Entities, Location, Media, MediaId, Post, PostId, Report,
    Site, SiteData, SiteSettings, Term, TermId, Timestamp, ValidationOptions,
};
use rusqlite::{Connection, params};
use serde::Serialize;
use std::collections::BTreeMap;

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
    write_settings_value(db, site, &json(site.settings())?)
}

fn write_settings_value(
    db: &Connection,
    site: &dyn SiteData,
    value: &str,
) -> rusqlite::Result<usize> {
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
    write_post_value(db, post, &json(post)?)
}

fn write_post_value(db: &Connection, post: &Post, value: &str) -> rusqlite::Result<usize> {
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
        value,
    ])
}

/// Writes (or replaces) an author's row.
pub(crate) fn write_author(db: &Connection, author: &Author) -> rusqlite::Result<usize> {
    write_author_value(db, author, &json(author)?)
}

fn write_author_value(db: &Connection, author: &Author, value: &str) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO authors (id, slug, display_name, value) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        sql_id(author.id.0),
        author.slug.as_str(),
        author.display_name,
        value,
    ])
}

/// Writes (or replaces) a term's row.
pub(crate) fn write_term(db: &Connection, term: &Term) -> rusqlite::Result<usize> {
    write_term_value(db, term, &json(term)?)
}

fn write_term_value(db: &Connection, term: &Term, value: &str) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO terms (id, taxonomy, slug, name, parent, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        sql_id(term.id.0),
        term.taxonomy.as_str(),
        term.slug.as_str(),
        term.name,
        term.parent.map(|p| sql_id(p.0)),
        value,
    ])
}

/// Writes (or replaces) a comment's row.
pub(crate) fn write_comment(db: &Connection, comment: &Comment) -> rusqlite::Result<usize> {
    write_comment_value(db, comment, &json(comment)?)
}

fn write_comment_value(db: &Connection, comment: &Comment, value: &str) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO comments (id, post, parent, status, date, value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        sql_id(comment.id.0),
        sql_id(comment.post.0),
        comment.parent.map(|p| sql_id(p.0)),
        comment.status.as_str(),
        date(comment.date.as_ref()),
        value,
    ])
}

/// Writes (or replaces) a media item's row.
pub(crate) fn write_media(db: &Connection, media: &Media) -> rusqlite::Result<usize> {
    write_media_value(db, media, &json(media)?)
}

fn write_media_value(db: &Connection, media: &Media, value: &str) -> rusqlite::Result<usize> {
    db.prepare_cached(
        "INSERT OR REPLACE INTO media (id, url, attached_to, value) VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![
        sql_id(media.id.0),
        media.url.as_str(),
        media.attached_to.map(|p| sql_id(p.0)),
        value,
    ])
}

/// The tables that hold entities, as [`delete`] names them.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Table {
    Settings,
    Posts,
    Authors,
    Terms,
    Comments,
    Media,
}

impl Table {
    /// The table's number in [`RowsHash`].
    fn tag(self) -> u64 {
        match self {
            Table::Settings => 0,
            Table::Authors => 1,
            Table::Terms => 2,
            Table::Posts => 3,
            Table::Comments => 4,
            Table::Media => 5,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Table::Settings => "settings",
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
    db.execute_batch(
        "DELETE FROM text_words; DELETE FROM text_index; DELETE FROM text_vocabulary; DELETE FROM text_sequences;",
    )?;
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
    let mut insert =
        db.prepare_cached("INSERT OR REPLACE INTO text_vocabulary (id, word) VALUES (?1, ?2)")?;
    for (number, word) in image.vocabulary.iter().enumerate() {
        insert.execute(params![number as i64, word])?;
    }
    let mut insert =
        db.prepare_cached("INSERT OR REPLACE INTO text_sequences (post, words) VALUES (?1, ?2)")?;
    for (post, words) in image.sequences.iter() {
        insert.execute(params![sql_id(post.0), words])?;
    }
    Ok(())
}

/// Whether the store has every one of these tables (older stores lack the later ones).
fn has_tables(db: &Connection, names: &[&str]) -> rusqlite::Result<bool> {
    let mut query =
        db.prepare_cached("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1")?;
    for name in names {
        let found: i64 = query.query_row([name], |row| row.get(0))?;
        if found == 0 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Reads the store's text index: `None` when it has none, or one of another encoding version,
/// or one whose fingerprints are not a whole number of entries (the archive then indexes every
/// post from its text).
pub(crate) fn read_text_index(db: &Connection) -> rusqlite::Result<Option<TextIndexImage>> {
    if !has_tables(
        db,
        &[
            "text_index",
            "text_words",
            "text_vocabulary",
            "text_sequences",
        ],
    )? {
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
        ..TextIndexImage::default()
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
    // Numbered from 0 without a gap: anything else was edited by hand.
    let mut statement = db.prepare("SELECT id, word FROM text_vocabulary ORDER BY id")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let (Ok(id), Ok(word)) = (row.get::<_, i64>(0), row.get::<_, String>(1)) else {
            return Ok(None);
        };
        if usize::try_from(id).ok() != Some(image.vocabulary.len()) {
            return Ok(None);
        }
        image.vocabulary.push(word);
    }
    let mut statement = db.prepare("SELECT post, words FROM text_sequences ORDER BY post")?;
    let mut rows = statement.query([])?;
    while let Some(row) = rows.next()? {
        let (Ok(post), Ok(words)) = (row.get::<_, i64>(0), row.get_ref(1)?.as_blob()) else {
            return Ok(None);
        };
        image.sequences.push(PostId(post as u64), words);
    }
    Ok(Some(image))
}

/// A hash of every entity row of a store (the settings row included), independent of the
/// order the rows are read or written in: the wrapping sum, over the rows, of a 64-bit hash
/// of the row's table, id and `value` bytes. It tells whether the rows are the ones a cached
/// validation report describes ([`write_validation`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RowsHash(pub(crate) u64);

impl RowsHash {
    /// Adds one row.
    pub(crate) fn add(&mut self, table: Table, id: i64, value: &[u8]) {
        let step =
            |h: u64, chunk: u64| (h.rotate_left(5) ^ chunk).wrapping_mul(0x517c_c1b7_2722_0a95);
        let mut h = step(step(0, table.tag()), id as u64);
        h = step(h, value.len() as u64);
        let mut chunks = value.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            h = step(h, u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            h = step(h, u64::from_le_bytes(word));
        }
        // SplitMix64's finaliser, so that sums of row hashes do not cancel out.
        h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        self.0 = self.0.wrapping_add(h ^ (h >> 31));
    }
}

/// A site as a store holds it: one entity per id (the last one listed wins, as `INSERT OR
/// REPLACE` keeps it), in id order. What opening the store reads back, so what validation
/// at creation must see for its report to be the one opening would make.
pub(crate) struct AsStored<'a> {
    settings: &'a SiteSettings,
    posts: BTreeMap<PostId, &'a Post>,
    authors: BTreeMap<AuthorId, &'a Author>,
    terms: BTreeMap<TermId, &'a Term>,
    comments: BTreeMap<CommentId, &'a Comment>,
    media: BTreeMap<MediaId, &'a Media>,
}

impl<'a> AsStored<'a> {
    pub(crate) fn of(site: &'a dyn SiteData) -> Self {
        AsStored {
            settings: site.settings(),
            posts: site.posts().map(|e| (e.id, e)).collect(),
            authors: site.authors().map(|e| (e.id, e)).collect(),
            terms: site.terms().map(|e| (e.id, e)).collect(),
            comments: site.comments().map(|e| (e.id, e)).collect(),
            media: site.media().map(|e| (e.id, e)).collect(),
        }
    }
}

impl SiteData for AsStored<'_> {
    fn settings(&self) -> &SiteSettings {
        self.settings
    }
    fn post(&self, id: PostId) -> Option<&Post> {
        self.posts.get(&id).copied()
    }
    fn author(&self, id: AuthorId) -> Option<&Author> {
        self.authors.get(&id).copied()
    }
    fn term(&self, id: TermId) -> Option<&Term> {
        self.terms.get(&id).copied()
    }
    fn comment(&self, id: CommentId) -> Option<&Comment> {
        self.comments.get(&id).copied()
    }
    fn media_item(&self, id: MediaId) -> Option<&Media> {
        self.media.get(&id).copied()
    }
    fn posts(&self) -> Entities<'_, Post> {
        Box::new(self.posts.values().copied())
    }
    fn authors(&self) -> Entities<'_, Author> {
        Box::new(self.authors.values().copied())
    }
    fn terms(&self) -> Entities<'_, Term> {
        Box::new(self.terms.values().copied())
    }
    fn comments(&self) -> Entities<'_, Comment> {
        Box::new(self.comments.values().copied())
    }
    fn media(&self) -> Entities<'_, Media> {
        Box::new(self.media.values().copied())
    }
}

/// Writes a whole site into an empty store (every row, the text index and the validation
/// report of what was written; used to create one).
pub(crate) fn write_site(db: &Connection, site: &dyn SiteData) -> rusqlite::Result<()> {
    let site = AsStored::of(site);
    schema::create(db)?;
    write_text_index(db, &TextIndexImage::build(site.posts()))?;
    let mut hash = RowsHash::default();
    let value = json(site.settings())?;
    hash.add(Table::Settings, 1, value.as_bytes());
    write_settings_value(db, &site, &value)?;
    for author in site.authors() {
        let value = json(author)?;
        hash.add(Table::Authors, sql_id(author.id.0), value.as_bytes());
        write_author_value(db, author, &value)?;
    }
    for term in site.terms() {
        let value = json(term)?;
        hash.add(Table::Terms, sql_id(term.id.0), value.as_bytes());
        write_term_value(db, term, &value)?;
    }
    for post in site.posts() {
        let value = json(post)?;
        hash.add(Table::Posts, sql_id(post.id.0), value.as_bytes());
        write_post_value(db, post, &value)?;
    }
    for comment in site.comments() {
        let value = json(comment)?;
        hash.add(Table::Comments, sql_id(comment.id.0), value.as_bytes());
        write_comment_value(db, comment, &value)?;
    }
    for media in site.media() {
        let value = json(media)?;
        hash.add(Table::Media, sql_id(media.id.0), value.as_bytes());
        write_media_value(db, media, &value)?;
    }
    let report = broadsheet_core::validate(&site, &ValidationOptions::default());
    write_validation(db, hash, &report)?;
    Ok(())
}

/// The version of the library, which a cached validation report names: a report made by
/// another version is not reused (its rules may differ).
pub(crate) const LIBRARY: &str = env!("CARGO_PKG_VERSION");

/// Records the validation report (default options) of rows whose hash is `rows`.
pub(crate) fn write_validation(
    db: &Connection,
    rows: RowsHash,
    report: &Report,
) -> rusqlite::Result<()> {
    db.execute_batch(schema::CREATE_VALIDATED)?;
    db.execute(
        "INSERT OR REPLACE INTO validated (id, library, rows, report) VALUES (1, ?1, ?2, ?3)",
        params![LIBRARY, rows.0 as i64, json(report)?],
    )?;
    Ok(())
}

/// The recorded validation report, when it was made by this version of the library for rows
/// of this hash (the rows have not changed since, by Broadsheet or by hand).
pub(crate) fn read_validation(db: &Connection, rows: RowsHash) -> rusqlite::Result<Option<Report>> {
    if !has_tables(db, &["validated"])? {
        return Ok(None);
    }
    let found: Option<(String, i64, String)> = db
        .query_row(
            "SELECT library, rows, report FROM validated WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .map(Some)
        .or_else(|error| match error {
            rusqlite::Error::QueryReturnedNoRows | rusqlite::Error::InvalidColumnType(..) => {
                Ok(None)
            }
            other => Err(other),
        })?;
    Ok(found.and_then(|(library, hash, report)| {
        (library == LIBRARY && hash as u64 == rows.0)
            .then(|| serde_json::from_str(&report).ok())
            .flatten()
    }))
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
    hash: &mut RowsHash,
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
        hash.add(table, id, bytes);
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

/// Reads the whole store into a site: the settings row, then every entity in id order; with
/// the hash of the rows read.
pub(crate) fn read_site(db: &Connection, file: &str) -> Result<(Site, RowsHash), ReadError> {
    let mut hash = RowsHash::default();
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
    hash.add(Table::Settings, 1, settings.as_bytes());
    let settings: SiteSettings = serde_json::from_str(&settings)
        .map_err(|error| row_error(format!("the settings are not valid ({error})")))?;
    let mut site = Site {
        settings,
        ..Site::default()
    };
    read_table(db, Table::Authors, file, &mut site.authors, &mut hash)?;
    read_table(db, Table::Terms, file, &mut site.terms, &mut hash)?;
    read_table(db, Table::Posts, file, &mut site.posts, &mut hash)?;
    read_table(db, Table::Comments, file, &mut site.comments, &mut hash)?;
    read_table(db, Table::Media, file, &mut site.media, &mut hash)?;
    Ok((site, hash))
}
