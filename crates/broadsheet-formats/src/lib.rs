//! Broadsheet's formats: reading and writing sites.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod feed;
pub mod import;

pub use import::{ImportError, ImportOptions, Imported, ProgressCallback, SourceFormat};
