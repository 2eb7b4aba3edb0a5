//! Broadsheet's formats: reading and writing sites.
//!
//! - [`json`]: the native JSON format, a whole site in one versioned document.
//! - [`jsonl`]: the same schema as JSON Lines, one entity per line, streamed both ways.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod counts;
pub mod feed;
pub mod ghost;
pub mod import;
pub mod json;
pub mod jsonl;
pub mod load;
pub mod wxr;

pub use counts::ImportCounts;
pub use import::{ImportError, ImportOptions, Imported, ProgressCallback, SourceFormat};
pub use json::JsonError;
pub use load::{Format, load, save};
