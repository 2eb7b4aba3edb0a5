//! Values every table shares: reporting, table rows, text, dates, the `broadsheet` extension
//! object, and the small conversions Ghost's loose JSON needs.

use super::{Importer, Object};
use crate::codes;
use crate::ghost::date;
use crate::ghost::keys::{self};
use broadsheet_core::{Issue, IssueCode, Location, Meta, Post, PostId, PostStatus};
use chrono::{DateTime, Utc};
use serde_json::Value;

impl Importer {
    /// Reports `code` (with its table's severity) at `path`, located by `json_path`.
    pub(super) fn push(
        &mut self,
        code: &IssueCode,
        path: impl Into<String>,
        json_path: String,
        message: String,
    ) {
        self.report
            .push(Issue::new(code, path, message).at(Location {
                file: self.file.clone(),
                line: None,
                column: None,
                json_path: Some(json_path),
            }));
    }

    /// The rows of a table that are objects, with their index; anything else is reported.
    pub(super) fn table<'v>(&mut self, data: &'v Object, name: &str) -> Vec<(usize, &'v Object)> {
        let json_path = format!("{}.{name}", self.base);
        match data.get(name) {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(rows)) => {
                let mut objects = Vec::with_capacity(rows.len());
                for (index, row) in rows.iter().enumerate() {
                    match row {
                        Value::Object(object) => objects.push((index, object)),
                        _ => self.push(
                            &codes::GHOST_TABLE_INVALID,
                            name,
                            format!("{json_path}[{index}]"),
                            format!("a row of `{name}` is not an object"),
                        ),
                    }
                }
                objects
            }
            Some(_) => {
                self.push(
                    &codes::GHOST_TABLE_INVALID,
                    name,
                    json_path,
                    format!("`{name}` is not an array"),
                );
                Vec::new()
            }
        }
    }

    /// A text field: strings as they are, `null` as `None`, anything else as its JSON text
    /// (reported).
    pub(super) fn text(
        &mut self,
        value: &Value,
        path: &str,
        json_path: &str,
        what: &str,
    ) -> Option<String> {
        match value {
            Value::Null => None,
            Value::String(text) => Some(text.clone()),
            other => {
                self.push(
                    &codes::GHOST_FIELD_TYPE,
                    path,
                    json_path.to_owned(),
                    format!("{what}: expected a string, found {other}; its JSON text is used"),
                );
                Some(other.to_string())
            }
        }
    }

    /// A date: parsed, or kept raw in meta and reported.
    pub(super) fn date(
        &mut self,
        value: &Value,
        field: &str,
        meta: &mut Meta,
        path: &str,
        json_path: &str,
        what: &str,
    ) -> Option<DateTime<Utc>> {
        match date::parse_value(value) {
            Ok(instant) => instant,
            Err(error) => {
                self.push(
                    &codes::GHOST_DATE_INVALID,
                    path,
                    json_path.to_owned(),
                    format!(
                        "{what}: `{field}` {:?} is not a date: {}",
                        error.raw, error.reason
                    ),
                );
                meta.push_invalid(field, error.raw);
                None
            }
        }
    }

    /// A date field without a typed home: kept canonical under `ghost:<field>`.
    pub(super) fn carry_date(
        &mut self,
        value: &Value,
        field: &str,
        meta: &mut Meta,
        path: &str,
        json_path: &str,
        what: &str,
    ) {
        if let Some(instant) = self.date(value, field, meta, path, json_path, what) {
            meta.push(format!("{}{field}", keys::GHOST), date::format(instant));
        }
    }

    /// A `broadsheet` extension object's fields, each handed to `field`; its `meta` list is
    /// returned. Malformed parts are reported.
    pub(super) fn ext(
        &mut self,
        ext: &Value,
        path: &str,
        json_path: &str,
        mut field: impl FnMut(&str, &Value) -> bool,
    ) -> Meta {
        let mut meta = Meta::new();
        let Value::Object(object) = ext else {
            self.push(
                &codes::GHOST_BROADSHEET_INVALID,
                path,
                json_path.to_owned(),
                "the `broadsheet` extension is not an object".into(),
            );
            return meta;
        };
        for (key, value) in object {
            let at = format!("{json_path}.{key}");
            if key == "meta" {
                let entries = value.as_array().map(Vec::as_slice).unwrap_or_default();
                if !value.is_array() {
                    self.push(
                        &codes::GHOST_BROADSHEET_INVALID,
                        path,
                        at.clone(),
                        "`meta` is not an array".into(),
                    );
                }
                for (index, entry) in entries.iter().enumerate() {
                    match (
                        entry.get("key").and_then(Value::as_str),
                        entry.get("value").and_then(Value::as_str),
                    ) {
                        (Some(key), Some(value)) => meta.push(key, value),
                        _ => self.push(
                            &codes::GHOST_BROADSHEET_INVALID,
                            path,
                            format!("{at}[{index}]"),
                            "a meta entry needs string `key` and `value`".into(),
                        ),
                    }
                }
            } else if !field(key, value) {
                self.push(
                    &codes::GHOST_BROADSHEET_INVALID,
                    path,
                    at,
                    format!("unknown or mistyped extension field `{key}`: {value}"),
                );
            }
        }
        meta
    }
}

/// A row's fields in key order, whatever order the JSON map keeps: meta built from them has
/// one order however the file was written.
pub(super) fn sorted(row: &Object) -> Vec<(&str, &Value)> {
    let mut fields: Vec<(&str, &Value)> = row
        .iter()
        .map(|(key, value)| (key.as_str(), value))
        .collect();
    fields.sort_by_key(|(key, _)| *key);
    fields
}

/// A Ghost id as text: strings as they are (non-empty), integers in decimal.
pub(super) fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Ghost's booleans: `true`/`false`, `1`/`0`, and their string forms.
pub(super) fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => matches!(text.as_str(), "1" | "true"),
        _ => false,
    }
}

/// A link row's `sort_order` (`0` when absent: the legacy format has none, and rows keep their
/// table order).
pub(super) fn sort_order(row: &Object) -> f64 {
    row.get("sort_order")
        .and_then(|value| match value {
            Value::Number(number) => number.as_f64(),
            Value::String(text) => text.parse().ok(),
            _ => None,
        })
        .unwrap_or(0.0)
}

pub(super) fn blank_post(id: PostId) -> Post {
    let mut post = Post::untitled(id);
    post.status = PostStatus::Draft;
    post
}
