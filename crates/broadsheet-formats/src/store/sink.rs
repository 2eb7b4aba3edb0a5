//! [`Store`]: an open store file, and the [`CommitSink`] that writes each edit of an archive
//! to it in one transaction.

use super::rows::{self, Table};
use super::schema;
use broadsheet_core::archive::{Changes, CommitError, CommitSink, TextIndexImage};
use broadsheet_core::{SiteData, Snapshot};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

/// An open store file: a connection to it (WAL journal, `synchronous = FULL`), and the
/// [`CommitSink`] that makes an archive's edits durable in it.
///
/// A commit writes the rows of the entities the edit changed (`INSERT OR REPLACE` for those
/// the edited snapshot holds, `DELETE` for those it no longer holds) and the settings row when
/// they changed, in one `BEGIN IMMEDIATE` transaction: after a crash at any point the file
/// holds either the whole edit or none of it. One process should write a store at a time; a
/// second writer waits up to 5 s for the lock, then its edit fails.
#[derive(Debug)]
pub struct Store {
    path: PathBuf,
    connection: Mutex<Connection>,
    rows_written: AtomicU64,
    commits: AtomicU64,
    indexed_from_text: AtomicU64,
    text_index_written: AtomicU64,
    rows_hash: AtomicU64,
    validated: AtomicU64,
}

impl Store {
    /// Opens a store file for reading and writing (or for reading only, when the file or its
    /// directory is read-only: edits then fail with the reason), without checking what it
    /// holds; see [`open_store`](super::open_store).
    pub(crate) fn connect(path: &Path) -> rusqlite::Result<Store> {
        let connection = match Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        ) {
            Ok(connection) => connection,
            Err(_) => Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?,
        };
        Ok(Store {
            path: path.to_owned(),
            connection: Mutex::new(connection),
            rows_written: AtomicU64::new(0),
            commits: AtomicU64::new(0),
            indexed_from_text: AtomicU64::new(0),
            text_index_written: AtomicU64::new(0),
            rows_hash: AtomicU64::new(0),
            validated: AtomicU64::new(0),
        })
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Rows inserted, replaced or deleted by this store's commits so far (SQLite's own count
    /// of changed rows): an edit of k entities writes k rows, whatever the archive's size.
    pub fn rows_written(&self) -> u64 {
        self.rows_written.load(Ordering::SeqCst)
    }

    /// The number of edits committed through this store.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }

    /// How many posts opening this store indexed from their text rather than from the text
    /// index persisted in it: 0 when the index described every post as it is; the posts
    /// changed since it was written (by edits, or by hand); every post when it had none.
    pub fn posts_indexed_from_text(&self) -> u64 {
        self.indexed_from_text.load(Ordering::SeqCst)
    }

    /// How many times this store's persisted text index was rewritten (when opening found it
    /// missing or describing too few posts as they are).
    pub fn text_index_writes(&self) -> u64 {
        self.text_index_written.load(Ordering::SeqCst)
    }

    /// How many times opening this store validated its rows (0 when the report recorded in
    /// it described the rows as they are, and was reused).
    pub fn validations(&self) -> u64 {
        self.validated.load(Ordering::SeqCst)
    }

    pub(crate) fn set_rows_hash(&self, hash: rows::RowsHash) {
        self.rows_hash.store(hash.0, Ordering::SeqCst);
    }

    /// The validation report recorded for the rows as they were read, if there is one.
    pub(crate) fn recorded_report(&self) -> Option<broadsheet_core::Report> {
        let hash = rows::RowsHash(self.rows_hash.load(Ordering::SeqCst));
        self.with_connection(|connection| rows::read_validation(connection, hash))
            .ok()
            .flatten()
    }

    /// Records the report of a validation of the rows as they were read (a read-only file
    /// records nothing: the next open validates again).
    pub(crate) fn record_report(&self, report: &broadsheet_core::Report) {
        self.validated.fetch_add(1, Ordering::SeqCst);
        let hash = rows::RowsHash(self.rows_hash.load(Ordering::SeqCst));
        let _ = self.with_connection(|connection| rows::write_validation(connection, hash, report));
    }

    pub(crate) fn set_indexed_from_text(&self, posts: u64) {
        self.indexed_from_text.store(posts, Ordering::SeqCst);
    }

    /// Runs `read` on the connection (to check its schema and read its rows).
    pub(crate) fn with_connection<T>(&self, read: impl FnOnce(&mut Connection) -> T) -> T {
        let mut connection = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        read(&mut connection)
    }

    /// The text index persisted in the store, if it has a usable one.
    pub(crate) fn read_text_index(&self) -> rusqlite::Result<Option<TextIndexImage>> {
        self.with_connection(|connection| rows::read_text_index(connection))
    }

    /// Replaces the persisted text index, in one transaction.
    pub(crate) fn write_text_index(&self, image: &TextIndexImage) -> rusqlite::Result<()> {
        self.with_connection(|connection| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            rows::write_text_index(&transaction, image)?;
            transaction.commit()?;
            self.text_index_written.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
    }

    /// Writes one edit in one transaction; returns the rows changed.
    fn write(&self, snapshot: &Snapshot, changes: &Changes) -> rusqlite::Result<u64> {
        self.with_connection(|connection| {
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let db: &Connection = &transaction;
            let mut rows = 0;
            if changes.settings {
                rows += rows::write_settings(db, snapshot)?;
            }
            for id in &changes.authors {
                rows += match snapshot.author(*id) {
                    Some(author) => rows::write_author(db, author)?,
                    None => rows::delete(db, Table::Authors, id.0)?,
                };
            }
            for id in &changes.terms {
                rows += match snapshot.term(*id) {
                    Some(term) => rows::write_term(db, term)?,
                    None => rows::delete(db, Table::Terms, id.0)?,
                };
            }
            for id in &changes.posts {
                rows += match snapshot.post(*id) {
                    Some(post) => rows::write_post(db, post)?,
                    None => rows::delete(db, Table::Posts, id.0)?,
                };
            }
            for id in &changes.comments {
                rows += match snapshot.comment(*id) {
                    Some(comment) => rows::write_comment(db, comment)?,
                    None => rows::delete(db, Table::Comments, id.0)?,
                };
            }
            for id in &changes.media {
                rows += match SiteData::media_item(snapshot, *id) {
                    Some(media) => rows::write_media(db, media)?,
                    None => rows::delete(db, Table::Media, id.0)?,
                };
            }
            transaction.commit()?;
            Ok(rows as u64)
        })
    }
}

impl CommitSink for Store {
    fn commit(&self, snapshot: &Snapshot, changes: &Changes) -> Result<(), CommitError> {
        let rows = self
            .write(snapshot, changes)
            .map_err(|error| CommitError::new(format!("{}: {error}", self.path.display())))?;
        self.rows_written.fetch_add(rows, Ordering::SeqCst);
        self.commits.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

/// Checks the schema of a connection: `Ok` for a store of this version.
pub(crate) fn check(connection: &Connection) -> rusqlite::Result<Result<(), schema::Mismatch>> {
    schema::check(connection)
}
