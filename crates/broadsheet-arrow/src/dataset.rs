//! Parquet files and Hive-partitioned datasets.

use crate::{Table, TableOptions};
use arrow_array::RecordBatch;
use broadsheet_core::Snapshot;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

/// Why a dataset could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DatasetError {
    /// The site name cannot be a partition value.
    #[error(
        "site name {0:?} cannot name a partition: use letters, digits, '.', '_' and '-' (not only dots)"
    )]
    SiteName(String),
    /// A file or directory could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The operating system's error.
        source: io::Error,
    },
    /// Arrow or Parquet refused the data (a bug, or a disk error surfaced by the writer).
    #[error("cannot write {path} as Parquet: {message}")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The writer's message.
        message: String,
    },
}

/// Checks that a site name can be a Hive partition value as it is: ASCII letters, digits,
/// `.`, `_` and `-`, not empty and not only dots (so that no name escapes the directory or
/// needs escaping).
pub fn check_site_name(name: &str) -> Result<(), DatasetError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if name.is_empty() || name.chars().all(|c| c == '.') || !name.chars().all(allowed) {
        return Err(DatasetError::SiteName(name.to_owned()));
    }
    Ok(())
}

/// Writes one record batch as a Parquet file (Snappy-compressed), atomically: a temporary file
/// beside it, then a rename.
pub fn write_parquet(batch: &RecordBatch, path: &Path) -> Result<(), DatasetError> {
    let io_error = |source| DatasetError::Io {
        path: path.to_owned(),
        source,
    };
    let parquet_error = |error: ParquetError| DatasetError::Parquet {
        path: path.to_owned(),
        message: error.to_string(),
    };
    let temporary = path.with_extension("parquet.tmp");
    let file = File::create(&temporary).map_err(io_error)?;
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let result = (|| {
        let mut writer =
            ArrowWriter::try_new(file, batch.schema(), Some(properties)).map_err(parquet_error)?;
        writer.write(batch).map_err(parquet_error)?;
        let file = writer.into_inner().map_err(parquet_error)?;
        file.sync_all().map_err(io_error)
    })();
    if let Err(error) = result {
        let _ = fs::remove_file(&temporary);
        return Err(error);
    }
    fs::rename(&temporary, path).map_err(io_error)
}

/// Writes every table of a snapshot into a Hive-partitioned dataset under `dir`:
/// `dir/table=<table>/site=<site>/part-0.parquet`, replacing that site's earlier files and
/// leaving other sites' alone. Returns the files written, in [`Table::ALL`] order.
pub fn write_dataset(
    snapshot: &Snapshot,
    dir: &Path,
    site: &str,
    options: &TableOptions,
) -> Result<Vec<PathBuf>, DatasetError> {
    check_site_name(site)?;
    let mut written = Vec::with_capacity(Table::ALL.len());
    for table in Table::ALL {
        let batch = crate::table(snapshot, table, options).map_err(|e| DatasetError::Parquet {
            path: dir.to_owned(),
            message: e.to_string(),
        })?;
        let partition = dir
            .join(format!("table={}", table.name()))
            .join(format!("site={site}"));
        fs::create_dir_all(&partition).map_err(|source| DatasetError::Io {
            path: partition.clone(),
            source,
        })?;
        let path = partition.join("part-0.parquet");
        write_parquet(&batch, &path)?;
        written.push(path);
    }
    Ok(written)
}
