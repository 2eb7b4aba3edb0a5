//! Arrow record batches of a Broadsheet archive's tables, and Parquet datasets of many sites.
//!
//! The tables are `posts`, `authors`, `terms`, `post_terms`, `post_authors`, `comments` and
//! `media` ([`Table`]), built from one [`Snapshot`] as Arrow [`RecordBatch`]es ([`table`]) and
//! written as a Hive-partitioned Parquet dataset ([`write_dataset`]):
//! `DIR/table=<table>/site=<site>/part-0.parquet`, so that the exports of many blogs land in
//! one dataset that DuckDB, Polars or Spark read together (the `site` column comes from the
//! path, not the files).
//!
//! **Rows and columns.** Every table holds every row of the archive (every kind and status of
//! post, every comment whatever its moderation status): it is the owner's dataset. Private
//! columns (author e-mails and logins, commenter e-mails and IPs, post passwords) are left out
//! unless [`TableOptions::private`] asks for them; the content of a password-protected post is
//! null unless it does. The columns of each table are listed in `docs/python.md` and by
//! [`schema`].

mod build;
mod dataset;

pub use build::{schema, table};
pub use dataset::{DatasetError, check_site_name, write_dataset, write_parquet};

use std::fmt;
use std::str::FromStr;

pub use arrow_array::RecordBatch;
pub use arrow_schema::{ArrowError, SchemaRef};
pub use broadsheet_core::Snapshot;

/// One of the archive's tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Table {
    /// One row per post, page, attachment or other item.
    Posts,
    /// One row per author.
    Authors,
    /// One row per term of every taxonomy.
    Terms,
    /// One row per (post, term) link, in the post's order.
    PostTerms,
    /// One row per (post, author) link; position 0 is the primary author.
    PostAuthors,
    /// One row per comment, pingback or trackback, whatever its status.
    Comments,
    /// One row per media item.
    Media,
}

impl Table {
    /// Every table, in the order datasets are written.
    pub const ALL: [Table; 7] = [
        Table::Posts,
        Table::Authors,
        Table::Terms,
        Table::PostTerms,
        Table::PostAuthors,
        Table::Comments,
        Table::Media,
    ];

    /// The table's name (`posts`, `post_terms`...), as in dataset paths.
    pub fn name(self) -> &'static str {
        match self {
            Table::Posts => "posts",
            Table::Authors => "authors",
            Table::Terms => "terms",
            Table::PostTerms => "post_terms",
            Table::PostAuthors => "post_authors",
            Table::Comments => "comments",
            Table::Media => "media",
        }
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A table name that is not one of [`Table::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown table {0:?}: expected posts, authors, terms, post_terms, post_authors, comments or media"
)]
pub struct UnknownTable(pub String);

impl FromStr for Table {
    type Err = UnknownTable;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Table::ALL
            .into_iter()
            .find(|table| table.name() == name)
            .ok_or_else(|| UnknownTable(name.to_owned()))
    }
}

/// What the tables include.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableOptions {
    /// Include the private columns (`authors.email`, `authors.login`, `comments.author_email`,
    /// `comments.author_ip`, `posts.password`) and the content of password-protected posts.
    /// Off by default: a dataset is meant to be shared with analysts.
    pub private: bool,
}

impl TableOptions {
    /// These options with [`TableOptions::private`] replaced.
    #[must_use]
    pub fn with_private(mut self, private: bool) -> Self {
        self.private = private;
        self
    }
}
