//! Broadsheet's formats: reading and writing sites.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod counts;
pub mod ghost;
pub mod import;

pub use counts::ImportCounts;
pub use import::{ImportError, ImportOptions, Imported, ProgressCallback, SourceFormat};
