//! How the listing commands (`query`, `authors`, `terms`, `dates`, `cloud`) print their rows,
//! as wp-cli users expect: `--format table|json|csv|ids|count` and `--fields a,b,c`.
//!
//! A command gives its rows: each row is the object its JSON output has always held (the
//! library's values, serialised as they are) plus derived fields for reading (a local `date`,
//! a `title` as text, a `font_size`...). `--format json` without `--fields` prints the
//! objects exactly as before; with `--fields` each object holds the fields named.

pub use crate::cli::{ListArgs, ListFormat};
use crate::error::CliError;
use serde_json::{Map, Value};
use unicode_width::UnicodeWidthStr;

/// One row: the fields of the object JSON shows, and fields derived for reading.
#[derive(Debug, Default)]
pub struct Row {
    /// The fields of the row's JSON object.
    pub json: Map<String, Value>,
    /// Fields that are not in the JSON object unless `--fields` names them.
    pub extra: Map<String, Value>,
}

impl Row {
    /// A row from a serialisable value (an object).
    pub fn of(value: &impl serde::Serialize) -> Self {
        let json = match serde_json::to_value(value) {
            Ok(Value::Object(map)) => map,
            _ => Map::new(),
        };
        Self {
            json,
            extra: Map::new(),
        }
    }

    /// Adds a derived field.
    pub fn with(mut self, field: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(field.to_owned(), value.into());
        self
    }

    /// A field: a derived one first, then the JSON object's.
    fn get(&self, field: &str) -> Option<&Value> {
        self.extra.get(field).or_else(|| self.json.get(field))
    }
}

/// A row's fields named by `--fields`, in that order (a JSON object when serialised).
#[derive(Debug)]
pub struct Fields(Vec<(String, Value)>);

impl serde::Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// What a listing is: its rows and how to name, count and identify them.
pub struct Listing {
    /// The rows, in order.
    pub rows: Vec<Row>,
    /// Every field a row may be asked for, in the order `--fields` help lists them.
    pub fields: &'static [&'static str],
    /// The fields a table shows when `--fields` is not given.
    pub default_fields: &'static [&'static str],
    /// The field `--format ids` prints (none: `ids` is a usage error).
    pub id_field: Option<&'static str>,
    /// What one row is, and many (`post`, `posts`), for counts.
    pub noun: (&'static str, &'static str),
    /// What `--format count` prints (the rows' number unless the command says otherwise).
    pub count: Option<u64>,
    /// The table's summary line (under the rows, after a blank line); `None` gives
    /// "N rows".
    pub summary: Option<String>,
    /// Fields shown as text in tables and CSV: HTML tags removed, entities decoded.
    pub text_fields: &'static [&'static str],
}

/// "1 post", "12 posts", "0 posts".
pub fn count(n: u64, (one, many): (&str, &str)) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl Listing {
    /// A listing of named things (authors, terms): identified by `id`, its `name` shown as
    /// text, counted by its rows, summed up as "N rows".
    pub fn of_names(
        rows: Vec<Row>,
        fields: &'static [&'static str],
        default_fields: &'static [&'static str],
        noun: (&'static str, &'static str),
    ) -> Self {
        Listing {
            rows,
            fields,
            default_fields,
            id_field: Some("id"),
            noun,
            count: None,
            summary: None,
            text_fields: &["name"],
        }
    }

    /// [`Listing::emit`] for a command whose JSON without `--fields` is `values` as they
    /// serialise.
    pub fn emit_values(
        self,
        args: &ListArgs,
        values: &impl serde::Serialize,
    ) -> Result<(), CliError> {
        self.emit(args, |fields| match fields {
            None => super::emit_json(values),
            Some(rows) => super::emit_json(&rows),
        })
    }

    /// Checks `--fields` and prints the listing. For JSON, `json` is called with `None`
    /// when no `--fields` are given (the command prints its values as they serialise), or
    /// with the rows holding the fields named, in that order.
    pub fn emit(
        self,
        args: &ListArgs,
        json: impl FnOnce(Option<Vec<Fields>>) -> Result<(), CliError>,
    ) -> Result<(), CliError> {
        check_fields(args, self.fields)?;
        let format = args.format();
        match format {
            ListFormat::Json if args.fields.is_empty() => json(None),
            ListFormat::Json => json(Some(
                self.rows
                    .iter()
                    .map(|row| {
                        Fields(
                            args.fields
                                .iter()
                                .map(|f| (f.clone(), row.get(f).cloned().unwrap_or(Value::Null)))
                                .collect(),
                        )
                    })
                    .collect(),
            )),
            ListFormat::Count => {
                let n = self.count.unwrap_or(self.rows.len() as u64);
                super::emit(format!("{n}\n"))
            }
            ListFormat::Ids => {
                let Some(id) = self.id_field else {
                    return Err(CliError::Usage(format!(
                        "--format ids: {} have no ids (use --format csv --fields ...)",
                        self.noun.1
                    )));
                };
                let ids: Vec<String> = self.rows.iter().map(|row| self.text(row, id)).collect();
                super::emit(format!("{}\n", ids.join(" ")))
            }
            ListFormat::Csv => {
                let fields = self.chosen(args);
                let mut writer = csv::Writer::from_writer(Vec::new());
                let cannot =
                    |error: csv::Error| CliError::Output(format!("cannot write CSV: {error}"));
                writer.write_record(&fields).map_err(cannot)?;
                for row in &self.rows {
                    writer
                        .write_record(fields.iter().map(|f| self.text(row, f)))
                        .map_err(cannot)?;
                }
                let bytes = writer
                    .into_inner()
                    .map_err(|error| CliError::Output(format!("cannot write CSV: {error}")))?;
                super::emit(bytes)
            }
            ListFormat::Table => {
                let fields = self.chosen(args);
                let cells: Vec<Vec<String>> = self
                    .rows
                    .iter()
                    .map(|row| fields.iter().map(|f| self.text(row, f)).collect())
                    .collect();
                let mut out = super::Out::default();
                if !self.rows.is_empty() {
                    let numeric: Vec<bool> = fields
                        .iter()
                        .map(|f| {
                            self.rows
                                .iter()
                                .all(|row| row.get(f).is_none_or(|v| v.is_number() || v.is_null()))
                        })
                        .collect();
                    let widths: Vec<usize> = fields
                        .iter()
                        .enumerate()
                        .map(|(i, f)| {
                            cells
                                .iter()
                                .map(|line| line[i].width())
                                .chain([f.width()])
                                .max()
                                .unwrap_or(0)
                        })
                        .collect();
                    let line = |values: Vec<&str>| {
                        let mut text = String::new();
                        for (i, value) in values.iter().enumerate() {
                            let pad = " ".repeat(widths[i].saturating_sub(value.width()));
                            if i > 0 {
                                text.push_str("  ");
                            }
                            let last = i + 1 == values.len();
                            if numeric[i] {
                                text.push_str(&pad);
                                text.push_str(value);
                            } else {
                                text.push_str(value);
                                if !last {
                                    text.push_str(&pad);
                                }
                            }
                        }
                        text
                    };
                    out.line(line(fields.iter().map(String::as_str).collect()));
                    for cells in &cells {
                        out.line(line(cells.iter().map(String::as_str).collect()));
                    }
                    out.line("");
                }
                out.line(
                    self.summary
                        .clone()
                        .unwrap_or_else(|| count(self.rows.len() as u64, self.noun)),
                );
                super::emit_out(out)
            }
        }
    }

    /// The fields `--fields` names, or the defaults.
    fn chosen(&self, args: &ListArgs) -> Vec<String> {
        if args.fields.is_empty() {
            self.default_fields
                .iter()
                .map(|f| (*f).to_owned())
                .collect()
        } else {
            args.fields.clone()
        }
    }

    /// A field as text: strings as they are (HTML made text for the text fields), lists
    /// joined with ", ", nothing for null.
    fn text(&self, row: &Row, field: &str) -> String {
        let as_text = self.text_fields.contains(&field);
        let one = |value: &Value| match value {
            Value::String(text) if as_text => broadsheet::text::strip_html(text),
            Value::String(text) => text.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        match row.get(field) {
            None | Some(Value::Null) => String::new(),
            Some(Value::Array(items)) => items.iter().map(one).collect::<Vec<_>>().join(", "),
            Some(value) => one(value),
        }
    }
}

/// Refuses a field the listing does not have, suggesting the closest ones (the library's
/// suggestions, as for any unknown name).
pub fn check_fields(args: &ListArgs, fields: &[&str]) -> Result<(), CliError> {
    for field in &args.fields {
        if !fields.contains(&field.as_str()) {
            let error = broadsheet::UnknownName::new("field", field, fields.join(", "))
                .suggesting(fields.iter().map(|f| (*f, *f)));
            return Err(CliError::Usage(format!("--fields: {error}")));
        }
    }
    Ok(())
}
