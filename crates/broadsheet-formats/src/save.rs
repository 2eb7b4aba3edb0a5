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
///
/// An existing path that is not a regular file is never replaced: a FIFO, a character device
/// or a socket (or a symlink to one) is written through, as `cat > path` would; a symlink to a
/// regular file keeps the link and atomically replaces the file it points to; a directory is
/// an error.
pub fn save(
    site: &dyn SiteData,
    path: impl AsRef<Path>,
    format: Format,
) -> Result<(), ExportError> {
    #[cfg(feature = "store")]
    if format == Format::Store {
        let path = path.as_ref();
        return crate::store::create(site, path).map_err(|source| ExportError::Io {
            path: path.display().to_string(),
            source,
        });
    }
    save_through(site, path.as_ref(), format, &|file| Box::new(file))
}

/// What [`save`] writes the file through: the file itself, or (in tests) a writer that fails
/// part way, to check that a failed save leaves the earlier file as it was.
type Through<'x> = &'x dyn for<'f> Fn(&'f mut fs::File) -> Box<dyn Write + 'f>;

/// [`save`], writing the bytes through `through`.
fn save_through(
    site: &dyn SiteData,
    path: &Path,
    format: Format,
    through: Through<'_>,
) -> Result<(), ExportError> {
    check_enabled(format)?;
    save_with(path, |file: &mut fs::File| {
        let mut sink = through(file);
        let mut out = io::BufWriter::with_capacity(64 * 1024, &mut sink);
        write_to(site, format, &mut out)?;
        out.flush()
    })
}

/// Saves bytes already written (a converted document, one part of a split export) to `path`,
/// as [`save`] saves a site: atomically, FIFOs written through, symlinks kept.
///
/// The bytes of a store ([`Format::Store`]) replacing a store first fold the old store's
/// write-ahead log into it, so that no log of the old file is left beside the new one.
pub fn save_bytes(path: impl AsRef<Path>, bytes: &[u8]) -> Result<(), ExportError> {
    #[cfg(feature = "store")]
    if crate::store::is_sqlite(bytes) {
        let target = fs::canonicalize(path.as_ref()).unwrap_or_else(|_| path.as_ref().to_owned());
        crate::store::fold_log(&target);
    }
    save_with(path.as_ref(), |file: &mut fs::File| file.write_all(bytes))
}

fn save_with(
    path: &Path,
    write: impl Fn(&mut fs::File) -> io::Result<()>,
) -> Result<(), ExportError> {
    let io_error = |source: io::Error| ExportError::Io {
        path: path.display().to_string(),
        source,
    };
    match fs::metadata(path) {
        // A FIFO, a device or a socket: write through it; renaming over it would replace it.
        Ok(meta) if !meta.is_file() && !meta.is_dir() => {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(io_error)?;
            write(&mut file).map_err(io_error)
        }
        Ok(meta) if meta.is_dir() => Err(io_error(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        ))),
        // A regular file, possibly behind symlinks: replace the file, keep the links.
        Ok(_) => {
            let target = fs::canonicalize(path).map_err(io_error)?;
            write_atomically(&target, write).map_err(|error| match error {
                ExportError::Io { source, .. } => io_error(source),
                other => other,
            })
        }
        Err(_) => write_atomically(path, write),
    }
}

/// Writes the site in `format` to any writer (standard output, a socket, a buffer): the bytes
/// [`save`] would write to a file.
pub fn write(site: &dyn SiteData, format: Format, out: &mut dyn Write) -> Result<(), ExportError> {
    check_enabled(format)?;
    #[cfg(feature = "store")]
    if format == Format::Store {
        let bytes = crate::store::to_bytes(site).map_err(|source| ExportError::Io {
            path: "(temporary store)".into(),
            source,
        })?;
        return out.write_all(&bytes).map_err(|source| ExportError::Io {
            path: "(output)".into(),
            source,
        });
    }
    write_to(site, format, out).map_err(|source| ExportError::Io {
        path: "(output)".into(),
        source,
    })
}

/// The site in `format`, in memory: the bytes [`save`] would write.
pub fn to_bytes(site: &dyn SiteData, format: Format) -> Result<Vec<u8>, ExportError> {
    check_enabled(format)?;
    #[cfg(feature = "store")]
    if format == Format::Store {
        return crate::store::to_bytes(site).map_err(|source| ExportError::Io {
            path: "(temporary store)".into(),
            source,
        });
    }
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
        assert_eq!(json::load(&path).unwrap().settings.title, "old");
    }

    /// A writer that takes `left` bytes and then fails, as a full disk would.
    struct FailAfter<'f> {
        file: &'f mut fs::File,
        left: usize,
    }

    impl Write for FailAfter<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.left == 0 {
                return Err(io::Error::other("injected failure: no space left"));
            }
            let n = buf.len().min(self.left);
            self.left -= n;
            self.file.write(&buf[..n])
        }
        fn flush(&mut self) -> io::Result<()> {
            self.file.flush()
        }
    }

    /// A site whose every format is well over the save path's 64 KiB buffer.
    fn big_site(title: &str) -> Site {
        let mut site = Site::new(title);
        for id in 1..=300 {
            let mut post = broadsheet_core::Post::new(
                broadsheet_core::PostId(id),
                format!("Post {id}"),
                broadsheet_core::Slug::parse(&format!("post-{id}")).unwrap(),
            );
            post.content = "<p>Words and more words.</p>".repeat(40);
            site.posts.push(post);
        }
        site
    }

    #[test]
    fn a_save_that_fails_halfway_through_the_save_path_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        for format in Format::ALL.into_iter().filter(|f| f.is_enabled()) {
            let path = dir.path().join(format!("site.{}", format.name()));
            let old = big_site("Old");
            save(&old, &path, format).unwrap();
            let before = fs::read(&path).unwrap();
            let new = big_site("New");
            let size = to_bytes(&new, format).unwrap().len();
            assert!(size > 3 * 64 * 1024, "{format}: {size} bytes");
            // Fail before the first byte, at the first buffer, half way, one byte short.
            for fail_at in [0, 1, 64 * 1024 + 7, size / 2, size - 1] {
                let error = save_through(&new, &path, format, &|file| {
                    Box::new(FailAfter {
                        file,
                        left: fail_at,
                    })
                })
                .unwrap_err();
                assert!(
                    error.to_string().contains("injected failure"),
                    "{format} at {fail_at}: {error}"
                );
                assert_eq!(error.path(), Some(path.display().to_string().as_str()));
                assert_eq!(
                    fs::read(&path).unwrap(),
                    before,
                    "{format}: failing after {fail_at} of {size} bytes changed the file"
                );
                assert_eq!(
                    fs::read_dir(dir.path())
                        .unwrap()
                        .filter(|e| e
                            .as_ref()
                            .unwrap()
                            .file_name()
                            .to_string_lossy()
                            .ends_with(".tmp"))
                        .count(),
                    0,
                    "{format}: a temporary file was left"
                );
            }
            // Enough room: the new file replaces the old one whole.
            save_through(&new, &path, format, &|file| {
                Box::new(FailAfter { file, left: size })
            })
            .unwrap();
            assert_eq!(fs::read(&path).unwrap(), to_bytes(&new, format).unwrap());
        }
    }

    #[cfg(unix)]
    fn mkfifo(path: &Path) {
        let status = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(status.success(), "mkfifo {}", path.display());
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_written_through_never_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("out.fifo");
        mkfifo(&fifo);
        let link = dir.path().join("stdout-like");
        std::os::unix::fs::symlink(&fifo, &link).unwrap();
        for target in [&fifo, &link] {
            let reader_path = fifo.clone();
            let reader = std::thread::spawn(move || fs::read(reader_path).unwrap());
            save(&Site::new("Through a pipe"), target, Format::Json).unwrap();
            let bytes = reader.join().unwrap();
            assert_eq!(
                bytes,
                to_bytes(&Site::new("Through a pipe"), Format::Json).unwrap()
            );
            assert!(
                fs::metadata(&fifo).unwrap().file_type().is_fifo(),
                "still a FIFO"
            );
        }
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            2,
            "no temporary file"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_to_a_file_keeps_the_link_and_replaces_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("site.json");
        fs::write(&file, "old").unwrap();
        let link = dir.path().join("current.json");
        std::os::unix::fs::symlink(&file, &link).unwrap();
        save(&Site::new("New"), &link, Format::Json).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(json::load(&file).unwrap().settings.title, "New");
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let error = save(&Site::new("t"), dir.path(), Format::Json).unwrap_err();
        assert!(error.to_string().contains("is a directory"), "{error}");
        assert!(dir.path().is_dir());
    }

    #[test]
    fn write_gives_the_bytes_save_writes() {
        let site = Site::new("Out");
        let mut out = Vec::new();
        write(&site, Format::Wxr, &mut out).unwrap();
        assert_eq!(out, to_bytes(&site, Format::Wxr).unwrap());
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
        site.settings.description = "tagline".into();
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
