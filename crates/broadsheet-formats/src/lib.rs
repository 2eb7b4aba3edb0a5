//! Broadsheet's formats: reading and writing sites.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod import;
pub mod wxr;

pub use import::{
    ImportCounts, ImportError, ImportOptions, Imported, ProgressCallback, SourceFormat,
};
