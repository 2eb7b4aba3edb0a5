//! The durable archive file (`.broadsheet`): a SQLite database, one table per entity kind,
//! opened into an archive and written back edit by edit (`docs/formats/store.md`).
//!
//! - [`create`] writes a whole site as a new store, atomically (a temporary file beside the
//!   target, renamed over it); `save(site, path, Format::Store)` and
//!   `broadsheet convert site.xml site.broadsheet` call it.
//! - `open::open_store` reads every row, validates the site (or reuses the validation report
//!   recorded for these rows), indexes it (loading the text index the store keeps), and
//!   attaches a [`Store`] to the archive as its
//!   [`CommitSink`](broadsheet_core::archive::CommitSink): from then on each
//!   [`Archive::edit`](broadsheet_core::Archive::edit) writes only the rows it changed, in one
//!   transaction, before readers see the edit. `open_path` opens a store this way
//!   when the file starts with SQLite's header, so the command and both bindings get it.
//! - [`read`] reads a store into a plain `Site` (what `load` gives for a store).
//!
//! ```
//! use broadsheet_formats::{Format, ImportOptions, open_path, save};
//! use broadsheet_core::Post;
//!
//! let dir = tempfile::tempdir()?;
//! let path = dir.path().join("site.broadsheet");
//! let json = open_path("../../examples/data/wlp-kyrgyzstan.json", ImportOptions::default())?;
//! save(&*json.archive.snapshot(), &path, Format::Store)?;
//!
//! let opened = open_path(&path, ImportOptions::default())?;
//! assert!(opened.archive.is_durable());
//! let mut post: Post = opened.archive.snapshot().posts().next().unwrap().clone();
//! post.title = "Renamed".into();
//! opened.archive.edit(|e| e.update_post(post.clone()))?;
//! drop(opened);
//!
//! let again = open_path(&path, ImportOptions::default())?;
//! assert_eq!(again.archive.snapshot().post(post.id).unwrap().title, "Renamed");
//! # use broadsheet_core::SiteData;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod rows;
mod schema;
mod sink;

pub use schema::{APPLICATION_ID, VERSION};
pub use sink::Store;

use crate::import::{ImportError, ImportOptions, ImportPhase, Imported, SourceFormat};
use broadsheet_core::{Location, Site, SiteData};
use std::fs;
use std::io;
use std::path::Path;

/// The first 16 bytes of every SQLite database file (and so of every store).
pub const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The family name of the store in [`SourceFormat`] (`broadsheet-store`, version [`VERSION`]).
pub const FAMILY: &str = "broadsheet-store";

/// Whether bytes start like a SQLite database (a store, or another application's database,
/// which `open_path` refuses by name).
pub fn is_sqlite(head: &[u8]) -> bool {
    head.starts_with(SQLITE_HEADER)
}

/// What a store is read as.
pub fn source_format() -> SourceFormat {
    SourceFormat {
        family: FAMILY.into(),
        version: VERSION.to_string(),
    }
}

/// An error about the store file itself (not SQLite, not a store, an unreadable row), located
/// at the file.
fn file_error(file: &str, message: String) -> ImportError {
    ImportError::Syntax {
        location: Location {
            file: Some(file.to_owned()),
            ..Location::default()
        },
        message,
    }
}

fn sqlite_error(file: &str, error: rusqlite::Error) -> ImportError {
    let text = error.to_string();
    if text.contains("not a database") {
        return file_error(
            file,
            format!("not a Broadsheet store: SQLite says the file is not a database ({text})"),
        );
    }
    file_error(file, format!("cannot read the store: {text}"))
}

/// Opens a store file: checks that it is a store of this version, reads every row and
/// returns the connection and the site (not yet validated or indexed).
///
/// Errors name the file: a file that is not SQLite or not a store, a store of another format
/// version (with both versions), a row whose value does not parse (with its table and id).
pub fn open_store(path: impl AsRef<Path>) -> Result<(Store, Site), ImportError> {
    let path = path.as_ref();
    let file = path.display().to_string();
    if let Err(source) = fs::metadata(path) {
        return Err(ImportError::Io { path: file, source });
    }
    let store = Store::connect(path).map_err(|error| sqlite_error(&file, error))?;
    let (site, rows_hash) = store.with_connection(|connection| {
        match sink::check(connection).map_err(|error| sqlite_error(&file, error))? {
            Ok(()) => {}
            Err(schema::Mismatch::NotAStore) => {
                return Err(file_error(
                    &file,
                    "a SQLite database, but not a Broadsheet store (its application_id is not Broadsheet's)".into(),
                ));
            }
            Err(schema::Mismatch::Version(version)) if version > VERSION => {
                return Err(ImportError::UnknownFormat(format!(
                    "{file}: a Broadsheet store of format version {version}, newer than this library reads (version {VERSION}); open it with a newer Broadsheet"
                )));
            }
            Err(schema::Mismatch::Version(version)) => {
                return Err(ImportError::UnknownFormat(format!(
                    "{file}: a Broadsheet store of format version {version}, which this library does not read (it reads version {VERSION})"
                )));
            }
        }
        // Only a store of ours is configured (the journal mode is written into the file).
        if let Err(error) = schema::configure(connection)
            && !connection.is_readonly(rusqlite::MAIN_DB).unwrap_or(false)
        {
            return Err(sqlite_error(&file, error));
        }
        rows::read_site(connection, &file).map_err(|error| match error {
            rows::ReadError::Sqlite(error) => sqlite_error(&file, error),
            rows::ReadError::Row { location, message } => ImportError::Syntax { location, message },
        })
    })?;
    store.set_rows_hash(rows_hash);
    Ok((store, site))
}

/// Reads a store into a plain site (no archive, no connection kept): what `load`
/// gives for a store.
pub fn read(path: impl AsRef<Path>, options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    let path = path.as_ref();
    let file = path.display().to_string();
    let mut options = options;
    crate::import::report_phase(options.phase.as_ref(), ImportPhase::Parsing);
    crate::import::report_progress(options.progress.as_mut(), 0, None, Some(&file))?;
    let (_, site) = open_store(path)?;
    crate::import::check_limits(&site, &options.limits, Some(&file))?;
    Ok(Imported {
        site,
        report: broadsheet_core::Report::new(),
        format: source_format(),
    })
}

/// Writes a site as a new store at `path`, atomically: the store is built in a temporary
/// file in the same directory, synced, and renamed over `path`, so a failure leaves any
/// earlier file as it was. A replaced file keeps its permissions; a new one is readable by
/// its owner only (a site holds e-mails, IPs and passwords).
///
/// A store already at `path` must not be open for writing elsewhere: its log is folded into
/// it first, then the file is replaced.
pub fn create(site: &dyn SiteData, path: impl AsRef<Path>) -> io::Result<()> {
    let path = path.as_ref();
    let io_error = |source: io::Error| source;
    let sql_error = |error: rusqlite::Error| io::Error::other(error.to_string());
    if fs::metadata(path).is_ok_and(|meta| meta.is_dir()) {
        return Err(io_error(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    // A symlink keeps pointing at the file it names; that file is replaced.
    let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let directory = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => Path::new(".").to_owned(),
    };
    let name = target
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(&directory)
        .map_err(io_error)?;
    {
        let mut connection = rusqlite::Connection::open(temporary.path()).map_err(sql_error)?;
        // Building: no journal, no syncs (the file is synced once, before the rename).
        connection
            .execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")
            .map_err(sql_error)?;
        let transaction = connection.transaction().map_err(sql_error)?;
        rows::write_site(&transaction, site).map_err(sql_error)?;
        transaction.commit().map_err(sql_error)?;
        // Recorded in the file: every later connection uses the write-ahead log.
        connection
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(sql_error)?;
        connection.close().map_err(|(_, error)| sql_error(error))?;
    }
    if let Ok(existing) = fs::metadata(&target) {
        temporary
            .as_file()
            .set_permissions(existing.permissions())
            .map_err(io_error)?;
    }
    temporary.as_file().sync_all().map_err(io_error)?;
    fold_log(&target);
    temporary
        .persist(&target)
        .map_err(|error| io_error(error.error))?;
    Ok(())
}

/// Before a store is replaced: folds its write-ahead log into it (opening and closing a
/// connection checkpoints the log and deletes it), so that no log of the old file is left
/// beside the new one, where SQLite would apply it.
pub(crate) fn fold_log(target: &Path) {
    let log = |suffix: &str| {
        let mut name = target.as_os_str().to_owned();
        name.push(suffix);
        std::path::PathBuf::from(name)
    };
    if !log("-wal").exists() {
        return;
    }
    if let Ok(connection) = rusqlite::Connection::open(target) {
        let _ = connection.pragma_update(None, "wal_checkpoint", "TRUNCATE");
        let _ = connection.close();
    }
    let _ = fs::remove_file(log("-wal"));
    let _ = fs::remove_file(log("-shm"));
}

/// A store's bytes (the file [`create`] writes), built in a temporary directory.
pub fn to_bytes(site: &dyn SiteData) -> io::Result<Vec<u8>> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("site.broadsheet");
    create(site, &path)?;
    fs::read(&path)
}

/// Reads a store held in memory (copied to a temporary file, since SQLite reads files).
pub fn read_bytes(bytes: &[u8], options: ImportOptions<'_>) -> Result<Imported, ImportError> {
    let dir = tempfile::tempdir().map_err(|source| ImportError::Io {
        path: "(temporary directory)".into(),
        source,
    })?;
    let path = dir.path().join("input.broadsheet");
    fs::write(&path, bytes).map_err(|source| ImportError::Io {
        path: path.display().to_string(),
        source,
    })?;
    read(&path, options)
}
