//! The store's schema: its tables, its identity (`PRAGMA application_id`), its format version
//! (`PRAGMA user_version`) and the connection settings every connection uses.
//!
//! Every entity table has the entity's id as its `INTEGER PRIMARY KEY`, a few readable columns
//! for SQL tools (slugs, kinds, statuses, dates, references), and `value`: the entity's full
//! value as the JSON object the native JSON format writes for it (`docs/formats/json.md`). The
//! archive is built from `value` alone; the other columns are kept equal to it on every write.
//! See `docs/formats/store.md`.

use rusqlite::Connection;

/// The format version this library writes and reads (`PRAGMA user_version`).
pub const VERSION: i64 = 1;

/// `PRAGMA application_id` of every Broadsheet store: the ASCII bytes `BSHT`, so that `file(1)`
/// and this library tell a store from any other SQLite database.
pub const APPLICATION_ID: i64 = 0x4253_4854;

/// The tables of format version 1.
pub(crate) const CREATE: &str = "
CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    title TEXT NOT NULL,
    url TEXT,
    value TEXT NOT NULL
);
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL,
    display_name TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE TABLE terms (
    id INTEGER PRIMARY KEY,
    taxonomy TEXT NOT NULL,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    parent INTEGER,
    value TEXT NOT NULL
);
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    slug TEXT,
    title TEXT NOT NULL,
    published TEXT,
    value TEXT NOT NULL
);
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    post INTEGER NOT NULL,
    parent INTEGER,
    status TEXT NOT NULL,
    date TEXT,
    value TEXT NOT NULL
);
CREATE TABLE media (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    attached_to INTEGER,
    value TEXT NOT NULL
);
";

/// The text index (`docs/formats/store.md`): written with every new store, and when opening
/// finds it missing or out of date. `text_index` has one row: the image's encoding version and
/// the fingerprint of each indexed post (16 bytes per post: the id and the fingerprint, each a
/// little-endian 64-bit number, in id order); `text_words` one row per word and group, its
/// posts encoded as `broadsheet_core::archive::ImageList::posts` describes. A store without
/// these tables (written before they existed) is indexed from its text when opened.
/// `text_vocabulary` numbers every word of the posts' transliterated forms, and
/// `text_sequences` holds each post's words in order as those numbers (what decides a phrase
/// without the post's text; `broadsheet_core::archive::TextIndexImage::sequences` describes
/// the encoding). The archive never reads them for anything but the index: the entity rows are
/// the truth.
pub(crate) const CREATE_TEXT_INDEX: &str = "
CREATE TABLE IF NOT EXISTS text_index (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    posts BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS text_words (
    public INTEGER NOT NULL,
    transliterated INTEGER NOT NULL,
    word TEXT NOT NULL,
    posts BLOB NOT NULL,
    PRIMARY KEY (public, transliterated, word)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS text_vocabulary (
    id INTEGER PRIMARY KEY,
    word TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS text_sequences (
    post INTEGER PRIMARY KEY,
    words BLOB NOT NULL
);
";

/// The validation report of the rows (`docs/formats/store.md`): which library version made
/// it, with default options, for rows of which hash. Opening reuses it instead of validating
/// again when the version and the rows' hash are the same; any change to a row (an edit, or
/// SQL by hand) changes the hash, and the next open validates and records the new report.
pub(crate) const CREATE_VALIDATED: &str = "
CREATE TABLE IF NOT EXISTS validated (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    library TEXT NOT NULL,
    rows INTEGER NOT NULL,
    report TEXT NOT NULL
);
";

/// The settings of every connection: WAL journal (readers never block the writer, and a
/// commit is one append to the log), `synchronous = FULL` (a commit is on disk when it returns:
/// it survives a killed process and a power cut), foreign keys off (the archive carries
/// dangling references, reported by validation), a 5 s wait for a lock held by another
/// connection.
pub(crate) fn configure(connection: &Connection) -> rusqlite::Result<()> {
    connection.busy_timeout(std::time::Duration::from_secs(5))?;
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Creates the tables of the current version in an empty database and marks it as a store.
pub(crate) fn create(connection: &Connection) -> rusqlite::Result<()> {
    connection.execute_batch(CREATE)?;
    connection.execute_batch(CREATE_TEXT_INDEX)?;
    connection.pragma_update(None, "application_id", APPLICATION_ID)?;
    connection.pragma_update(None, "user_version", VERSION)?;
    Ok(())
}

/// Why a SQLite database is not a store this library opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Mismatch {
    /// Another application's database (or a plain SQLite file).
    NotAStore,
    /// A store of a version this library does not read.
    Version(i64),
}

/// Checks that a database is a store of the version this library reads.
pub(crate) fn check(connection: &Connection) -> rusqlite::Result<Result<(), Mismatch>> {
    let application: i64 = connection.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if application != APPLICATION_ID {
        return Ok(Err(Mismatch::NotAStore));
    }
    let version: i64 = connection.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version != VERSION {
        return Ok(Err(Mismatch::Version(version)));
    }
    Ok(Ok(()))
}
