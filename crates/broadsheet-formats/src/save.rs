//! Saving a site in any format: to a file atomically ([`save`]) or to memory ([`to_bytes`]).
//!
//! Both take `&dyn SiteData`, so an archive's [`Snapshot`](broadsheet_core::Snapshot) is written
//! as it is, without being copied into a `Site` first.

use crate::format::Format;
#[cfg(feature = "ghost")]
use crate::ghost;
use crate::json;
#[cfg(feature = "jsonl")]
use crate::jsonl;
#[cfg(feature = "wxr")]
use crate::wxr;
use broadsheet_core::SiteData;
use std::fs;
use std::io::{self, Write};
use std::path::Path;
use thiserror::Error;

/// Why a site could not be saved.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ExportError {
    /// Creating, writing, syncing or renaming the file failed; any earlier file at the path is
    /// left as it was.
    #[error("{path}: {source}")]
    Io {
        /// The file being written.
        path: String,
        /// The operating system's error.
        source: io::Error,
    },
    /// This build leaves the format out (see [`Format::feature`]).
    #[error(
        "{format} support is not built into this library (Cargo feature `{feature}` of broadsheet-formats)"
    )]
    Unsupported {
        /// The format asked for.
        format: Format,
        /// The feature that adds it.
        feature: &'static str,
    },
}

impl ExportError {
    /// The file the error is about.
    pub fn path(&self) -> Option<&str> {
        match self {
            Self::Io { path, .. } => Some(path),
            Self::Unsupported { .. } => None,
        }
    }
}

/// Saves a site in `format`, atomically: the text goes to a temporary file in the same
/// directory, which then replaces `path` in one rename, so a failed save never leaves a
/// half-written file and leaves any earlier file untouched. A replaced file keeps its
/// permissions; a new file is readable by its owner only, since a site holds private data
/// (e-mails, IPs, passwords). The error names the file (`out/site.json: No such file...`).
pub fn save(
    site: &dyn SiteData,
    path: impl AsRef<Path>,
    format: Format,
) -> Result<(), ExportError> {
    write_atomically(path.as_ref(), |file| {
        let mut out = io::BufWriter::with_capacity(64 * 1024, file);
        write_to(site, format, &mut out)?;
        out.flush()
    })
}

/// The site in `format`, in memory: the bytes [`save`] would write.
pub fn to_bytes(site: &dyn SiteData, format: Format) -> Result<Vec<u8>, ExportError> {
    check_enabled(format)?;
    let mut out = Vec::with_capacity(64 * 1024);
    // Writing into a Vec cannot fail, and every site serialises.
    let _ = write_to(site, format, &mut out);
    Ok(out)
}

fn check_enabled(format: Format) -> Result<(), ExportError> {
    match format.feature() {
        Some(feature) if !format.is_enabled() => Err(ExportError::Unsupported { format, feature }),
        _ => Ok(()),
    }
}

/// Writes the site in `format` to `out`.
fn write_to(site: &dyn SiteData, format: Format, out: &mut dyn Write) -> io::Result<()> {
    let json_to_io = |error: json::JsonError| match error {
        json::JsonError::Io { source, .. } => source,
        other => io::Error::other(other.to_string()),
    };
    match format {
        #[cfg(feature = "jsonl")]
        Format::JsonLines => jsonl::write(site, out).map_err(json_to_io),
        #[cfg(feature = "wxr")]
        Format::Wxr => wxr::export(site, out),
        #[cfg(feature = "ghost")]
        Format::Ghost => out.write_all(ghost::export_string(site).as_bytes()),
        // Native JSON, and formats left out of the build (refused before this is called).
        _ => json::to_writer(site, out).map_err(json_to_io),
    }
}

/// Writes a file through a temporary file in the same directory and a rename; see [`save`].
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> Result<(), ExportError> {
    let name = path.display().to_string();
    let io_error = |source: io::Error| ExportError::Io {
        path: name.clone(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{file_name}.");
    // Dropping `temporary` on any error path deletes the temporary file.
    let mut temporary = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(directory)
        .map_err(io_error)?;
    write(temporary.as_file_mut()).map_err(io_error)?;
    if let Ok(existing) = fs::metadata(path) {
        temporary
            .as_file()
            .set_permissions(existing.permissions())
            .map_err(io_error)?;
    }
    temporary.as_file().sync_all().map_err(io_error)?;
    temporary
        .persist(path)
        .map_err(|error| io_error(error.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_core::Site;

    #[test]
    fn a_save_that_fails_while_writing_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.json");
        save(&Site::new("old"), &path, Format::Json).unwrap();
        let before = fs::read(&path).unwrap();
        let error = write_atomically(&path, |file| {
            file.write_all(b"{\"format\": \"broad")?;
            Err(io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(error.path(), Some(path.display().to_string().as_str()));
        assert!(error.to_string().contains("disk full"), "{error}");
        assert_eq!(fs::read(&path).unwrap(), before);
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
        assert_eq!(json::load(&path).unwrap().title, "old");
    }

    #[test]
    fn an_unwritable_directory_is_an_error_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing").join("site.xml");
        let error = save(&Site::new("t"), &path, Format::Wxr).unwrap_err();
        assert_eq!(error.path(), Some(path.display().to_string().as_str()));
        assert!(matches!(error, ExportError::Io { .. }));
    }

    #[test]
    fn to_bytes_equals_what_save_writes() {
        let dir = tempfile::tempdir().unwrap();
        let mut site = Site::new("Blog");
        site.description = "tagline".into();
        for format in Format::ALL.into_iter().filter(|f| f.is_enabled()) {
            let path = dir.path().join(format!("site.{}", format.name()));
            save(&site, &path, format).unwrap();
            assert_eq!(
                fs::read(&path).unwrap(),
                to_bytes(&site, format).unwrap(),
                "{format}"
            );
        }
    }
}
