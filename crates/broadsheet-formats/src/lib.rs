//! Broadsheet's formats: reading and writing sites.
//!
//! - [`open_path`], [`open_bytes`], [`open_reader`]: any supported input into an indexed
//!   [`Archive`](broadsheet_core::Archive) with its import and build reports ([`Opened`]) — the
//!   one way in for front ends.
//! - [`load()`], [`load_bytes`], [`load_reader`] and [`save()`], [`to_bytes`]: a plain `Site` in
//!   and any [`SiteData`](broadsheet_core::SiteData) out, in every format ([`Format`]).
//! - [`wxr`]: WordPress eXtended RSS 1.0 to 1.2, imported (streamed) and exported.
//! - [`ghost`]: Ghost JSON exports, imported and exported.
//! - [`json`]: the native JSON format, a whole site in one versioned document.
//! - [`jsonl`]: the same schema as JSON Lines, one entity per line, streamed both ways.
//! - [`feed`]: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for any list of posts or query, their HTML
//!   through [`sanitise`], the one policy for public HTML (feeds and rendered pages).
//! - `store` (feature `store`): the durable archive file (`.broadsheet`, SQLite), opened by
//!   [`open_path`] into an archive whose edits are written back to it.
//! - [`import`]: what every importer shares (options, result, errors); [`counts`]: what an
//!   imported site holds; [`stats`]: the owner's inventory of an archive.
//!
//! Cargo features (all on by default) leave out what an embedder does not read: `wxr`,
//! `ghost`, `jsonl`, `feeds` and `store`. Without a format's feature, [`Format`] still recognises it,
//! and loading or saving it is an error that names the feature.

pub mod codes;
#[cfg(all(feature = "ghost", feature = "wxr"))]
pub mod convert;
pub mod counts;
#[cfg(feature = "feeds")]
pub mod feed;
mod format;
#[cfg(feature = "ghost")]
pub mod ghost;
pub mod import;
pub mod json;
#[cfg(feature = "jsonl")]
pub mod jsonl;
pub mod load;
pub mod merge;
pub mod open;
pub mod packed;
pub mod redirects;
#[cfg(feature = "feeds")]
pub mod sanitise;
pub mod save;
pub mod stats;
#[cfg(feature = "store")]
pub mod store;
#[cfg(feature = "wxr")]
pub mod wxr;
#[cfg(any(feature = "wxr", feature = "feeds"))]
#[cfg_attr(not(feature = "wxr"), allow(dead_code))]
mod xml_chars;

pub use counts::ImportCounts;
pub use format::Format;
pub use import::{
    AuthorSlugs, DEFAULT_MAX_BYTES, ImportError, ImportOptions, ImportPhase, Imported,
    LimitReached, Limits, PhaseCallback, ProgressCallback, SourceFormat,
};
pub use json::JsonError;
pub use load::load_many;
pub use load::{load, load_bytes, load_reader};
pub use open::{Opened, combine_reports, open_bytes, open_path, open_paths, open_reader};
pub use save::{ExportError, save, save_bytes, to_bytes, write};
pub use stats::{CommentStats, Stats};
