//! Reading Ghost exports into a [`Site`]: `read` parses the file and drives the passes, one
//! file per table family (settings, users, tags, posts, the link tables); `fields` reads the
//! values every table shares.

mod fields;
mod links;
mod posts;
mod read;
mod settings;
mod tags;
mod users;

use broadsheet_core::{Meta, Report, SiteTimeZone};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) use read::run;

type Object = Map<String, Value>;

/// A tag collapsed into an earlier one, reported once its links are counted.
pub(super) struct Duplicate {
    ghost_id: String,
    site_path: String,
    json_path: String,
    message: String,
}

/// What the post pass leaves for the link passes.
pub(super) struct Posts {
    by_id: HashMap<String, usize>,
    skipped_ids: HashSet<String>,
    skipped: BTreeMap<String, usize>,
    extras: Vec<PostExtra>,
}

/// Per imported post: what is resolved after every post is read.
pub(super) struct PostExtra {
    what: String,
    json_path: String,
    author_id: Option<String>,
    created_by: Option<String>,
    parent: Option<String>,
    ext_meta: Meta,
}

pub(super) struct Importer {
    report: Report,
    file: Option<String>,
    zone: SiteTimeZone,
    /// JSON path of the `data` object.
    base: String,
    secrets: usize,
}
