//! Broadsheet: a content-model SDK for blogs and news archives.
//!
//! This facade re-exports [`broadsheet_core`] (the model, slugs and validation) at its root and
//! [`broadsheet_formats`] as [`formats`].

pub use broadsheet_core::*;
pub use broadsheet_formats as formats;

/// README's quick start, compiled and run as a doc test.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
/// The examples of `docs/guide.md`, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/guide.md")]
pub struct GuideExamples;

/// The examples of `docs/queries.md`, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../docs/queries.md")]
pub struct QueriesExamples;
