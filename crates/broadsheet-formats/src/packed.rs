//! Compressed and packed input: a gzip file (`export.xml.gz`) is read through, a zip archive
//! (the download WordPress.com gives, holding `site.wordpress.2024-01-01.000.xml`,
//! `.001.xml`...) is read as one site made of every file in it.

use crate::import::ImportError;
use broadsheet_core::Location;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// How an input is packed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// gzip (`1f 8b`).
    Gzip,
    /// A zip archive (`PK\x03\x04`, or `PK\x05\x06` when empty).
    Zip,
}

impl Packing {
    /// The packing the first bytes show, if any.
    pub fn of_bytes(head: &[u8]) -> Option<Packing> {
        if head.starts_with(&[0x1f, 0x8b]) {
            Some(Packing::Gzip)
        } else if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
            Some(Packing::Zip)
        } else {
            None
        }
    }

    /// The packing of a file, read from its first bytes.
    pub fn of_file(path: &Path) -> Result<Option<Packing>, ImportError> {
        let mut head = [0u8; 4];
        let mut file = File::open(path).map_err(|source| io_error(path, source))?;
        let mut read = 0;
        while read < head.len() {
            match file.read(&mut head[read..]) {
                Ok(0) => break,
                Ok(n) => read += n,
                Err(source) => return Err(io_error(path, source)),
            }
        }
        Ok(Self::of_bytes(&head[..read]))
    }
}

fn io_error(path: &Path, source: std::io::Error) -> ImportError {
    ImportError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// What a packed input holds: one document (gzip) or named files (a zip archive, sorted by
/// name, hidden files left out).
pub(crate) enum Unpacked {
    /// The document a gzip stream holds.
    One(Vec<u8>),
    /// The files of a zip archive, each with its name (`archive.zip:site.000.xml`).
    Files(Vec<(String, Vec<u8>)>),
}

/// The bytes of a packed file, read whole (at most `max_bytes` of them are unpacked later).
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, ImportError> {
    let mut bytes = Vec::new();
    File::open(path)
        .and_then(|mut file| file.read_to_end(&mut bytes))
        .map_err(|source| io_error(path, source))?;
    Ok(bytes)
}

/// Unpacks `bytes` in memory, never more than `max_bytes` of any one document; `name` names
/// the input in errors.
pub(crate) fn unpack(
    bytes: &[u8],
    name: Option<&str>,
    packing: Packing,
    max_bytes: Option<u64>,
) -> Result<Unpacked, ImportError> {
    let label = name.unwrap_or("(input)");
    match packing {
        Packing::Gzip => {
            let decoder = flate2::read::MultiGzDecoder::new(bytes);
            Ok(Unpacked::One(read_limited(decoder, max_bytes, label)?))
        }
        Packing::Zip => {
            let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
                .map_err(|error| syntax(format!("{label}: not a readable zip archive: {error}")))?;
            let mut parts = Vec::new();
            for index in 0..archive.len() {
                let mut entry = archive
                    .by_index(index)
                    .map_err(|error| syntax(format!("{label}: zip entry {index}: {error}")))?;
                if entry.is_dir() || is_hidden(entry.name()) {
                    continue;
                }
                let entry_name = format!("{label}:{}", entry.name());
                let inner = read_limited(&mut entry, max_bytes, &entry_name)?;
                parts.push((entry_name, inner));
            }
            if parts.is_empty() {
                return Err(syntax(format!("{label}: the zip archive holds no file")));
            }
            parts.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(Unpacked::Files(parts))
        }
    }
}

/// Mac archivers' `__MACOSX/` folders and dot files are not part of an export.
fn is_hidden(name: &str) -> bool {
    name.starts_with("__MACOSX/")
        || name
            .rsplit('/')
            .next()
            .is_some_and(|file| file.starts_with('.'))
}

fn syntax(message: String) -> ImportError {
    ImportError::Syntax {
        location: Location::default(),
        message,
    }
}

/// Reads to the end, refusing more than `limit` bytes (a zip bomb stops at the limit).
fn read_limited(reader: impl Read, limit: Option<u64>, name: &str) -> Result<Vec<u8>, ImportError> {
    let mut bytes = Vec::new();
    let cap = limit.map_or(u64::MAX, |limit| limit.saturating_add(1));
    reader
        .take(cap)
        .read_to_end(&mut bytes)
        .map_err(|error| syntax(format!("{name}: cannot unpack: {error}")))?;
    if let Some(limit) = limit
        && bytes.len() as u64 > limit
    {
        return Err(ImportError::TooLarge {
            file: Some(name.to_owned()),
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}
