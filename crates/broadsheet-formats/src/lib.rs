//! Broadsheet's formats: reading and writing sites.
//!
//! - [`load()`] and [`save()`]: one entry point for every format, recognised by content
//!   ([`Format`]).
//! - [`wxr`]: WordPress eXtended RSS 1.0 to 1.2, imported (streamed) and exported.
//! - [`ghost`]: Ghost JSON exports, imported and exported.
//! - [`json`]: the native JSON format, a whole site in one versioned document.
//! - [`jsonl`]: the same schema as JSON Lines, one entity per line, streamed both ways.
//! - [`feed`]: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for any list of posts or query.
//! - [`import`]: what every importer shares (options, result, errors); [`counts`]: what an
//!   imported site holds.

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
mod xml_chars;

pub use counts::ImportCounts;
pub use import::{ImportError, ImportOptions, Imported, ProgressCallback, SourceFormat};
pub use json::JsonError;
pub use load::{Format, load, save};
