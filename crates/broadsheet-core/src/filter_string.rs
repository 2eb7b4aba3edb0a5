//! Filter strings modelled on Ghost's NQL: `tag:kyrgyzstan+published_at:>'2013-01-01'`.
//!
//! [`parse_filter`] turns a filter string into the [`Filter`] of a [`Query`]; a filter prints
//! back (through [`fmt::Display`]) as a canonical filter string that parses to the same filter.
//! The grammar, every key and every operator are described in `docs/queries.md`, section
//! "Filter strings".
//!
//! ```
//! use broadsheet_core::filter_string::parse_filter;
//! use broadsheet_core::query::{Comparison, DateField, DateValue, Filter, Match, Predicate, TermRef};
//! use broadsheet_core::Taxonomy;
//! use chrono::NaiveDate;
//!
//! let filter = parse_filter("tag:kyrgyzstan+published_at:>'2013-01-01'").unwrap();
//! assert_eq!(
//!     filter,
//!     Filter::And(vec![
//!         Filter::Predicate(Predicate::Terms {
//!             taxonomy: Taxonomy::Tag,
//!             terms: vec![TermRef::Slug("kyrgyzstan".into())],
//!             mode: Match::Any,
//!             descendants: true,
//!         }),
//!         Filter::Predicate(Predicate::Date {
//!             field: DateField::Published,
//!             comparison: Comparison::Gt,
//!             value: DateValue::Date(NaiveDate::from_ymd_opt(2013, 1, 1).unwrap()),
//!         }),
//!     ])
//! );
//! assert_eq!(filter.to_string(), "tag:kyrgyzstan+published_at:>'2013-01-01'");
//!
//! let error = parse_filter("published_at:").unwrap_err();
//! assert_eq!(error.to_string(), "at character 14: expected a value after ':', found end of input");
//! ```
//!
//! # Canonical form
//!
//! Parsing always gives a *normalised* filter ([`Filter::normalized`]): nested `And`s and `Or`s
//! are flattened, a one-part `And` or `Or` is its part, an empty `Or` (which matches nothing) is
//! `Not(And([]))` (written `-()`), synonyms are resolved (`status:publish` is
//! [`PostStatus::Published`]) and a list mixing slugs and ids is split into one predicate for
//! the slugs and one for the ids. Printing normalises first, so for every filter `f`,
//! `parse_filter(&f.to_string()) == Ok(f.normalized())`, and a parsed filter prints to a string
//! that parses back to an equal filter.

use crate::ids::{AuthorId, PostId, TermId};
use crate::post::{PostKind, PostStatus};
use crate::query::{
    AuthorRef, Comparison, DateField, DateValue, Filter, Match, Predicate, Query, TermRef,
    TextMatch, TimeUnit,
};
use crate::term::Taxonomy;
use crate::time::Timestamp;
use chrono::{NaiveDate, NaiveDateTime};
use std::fmt::{self, Write as _};
use std::str::FromStr;
use thiserror::Error;

/// How deeply groups (`(`) and negations (`-`) may nest in one filter string.
pub const MAX_NESTING: usize = 64;

/// Why a filter string could not be parsed: where, what was expected there, and what was found.
///
/// ```
/// use broadsheet_core::filter_string::parse_filter;
/// let input = "tag:a+(author:b";
/// let error = parse_filter(input).unwrap_err();
/// assert_eq!(error.position, 15);
/// assert_eq!(error.column, 16);
/// assert_eq!(error.found, "end of input");
/// println!("{}", error.render(input));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
#[error("at character {column}: expected {expected}, found {found}")]
pub struct FilterError {
    /// 0-based index, in characters (Unicode scalar values), of the offending character; the
    /// length of the input in characters when the input ended too early.
    pub position: usize,
    /// 1-based column of the same character (`position + 1`).
    pub column: usize,
    /// What was expected there, in words (`a value after ':'`).
    pub expected: String,
    /// What was found there (`end of input`, `'x'`, a key or value in quotes).
    pub found: String,
}

impl FilterError {
    fn new(position: usize, expected: impl Into<String>, found: impl Into<String>) -> Self {
        Self {
            position,
            column: position + 1,
            expected: expected.into(),
            found: found.into(),
        }
    }

    /// The input on one line, a `^` under the offending character on the next, and the message
    /// on the third. Control characters (tabs, newlines) in the input are shown as spaces so
    /// that the caret stays under its character.
    ///
    /// ```
    /// use broadsheet_core::filter_string::parse_filter;
    /// let input = "tag:'kyrgyzstan";
    /// let error = parse_filter(input).unwrap_err();
    /// assert_eq!(
    ///     error.render(input),
    ///     "tag:'kyrgyzstan\n               ^\nat character 16: expected a closing ' for the text that starts at character 5, found end of input"
    /// );
    /// ```
    pub fn render(&self, input: &str) -> String {
        let line: String = input
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        format!("{line}\n{}^\n{self}", " ".repeat(self.position))
    }
}

/// Parses a filter string into a (normalised, see the module documentation) [`Filter`].
///
/// An empty or all-whitespace string is the filter that matches everything,
/// `Filter::And(vec![])`. Never panics.
pub fn parse_filter(input: &str) -> Result<Filter, FilterError> {
    let mut parser = Parser {
        chars: input.chars().collect(),
        pos: 0,
        depth: 0,
    };
    parser.skip_ws();
    if parser.at_end() {
        return Ok(Filter::And(Vec::new()));
    }
    let filter = parser.expression()?;
    parser.skip_ws();
    match parser.peek() {
        None => Ok(filter.normalized()),
        Some(')') => Err(FilterError::new(
            parser.pos,
            "'+', ',' or the end of the filter",
            "')' with no matching '('",
        )),
        Some(c) => Err(FilterError::new(
            parser.pos,
            "'+', ',' or the end of the filter",
            describe_char(c),
        )),
    }
}

/// Prints [`to_filter_string`] of the filter.
impl fmt::Display for Filter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&to_filter_string(self))
    }
}

impl FromStr for Filter {
    type Err = FilterError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_filter(s)
    }
}

/// The canonical filter string of a filter: it parses back to `filter.normalized()`.
/// The filter that matches everything (`Filter::And(vec![])`) prints as the empty string.
pub fn to_filter_string(filter: &Filter) -> String {
    let normal = filter.normalized();
    let mut out = String::new();
    match &normal {
        Filter::And(parts) if parts.is_empty() => {}
        other => write_expr(other, &mut out),
    }
    out
}

impl Query {
    /// Adds (AND) the filter a filter string describes.
    ///
    /// ```
    /// use broadsheet_core::Query;
    /// let query = Query::new().with_filter_string("tag:kyrgyzstan+year:2013").unwrap();
    /// assert_eq!(query, Query::new().tag("kyrgyzstan").year(2013));
    /// assert!(Query::new().with_filter_string("tag:").is_err());
    /// ```
    pub fn with_filter_string(self, filter: &str) -> Result<Self, FilterError> {
        Ok(self.filter_expr(parse_filter(filter)?))
    }

    /// The query's filter as a canonical filter string.
    pub fn filter_string(&self) -> String {
        to_filter_string(&self.filter)
    }
}

impl Filter {
    /// The canonical form of this filter, which means the same and is what filter strings
    /// parse to: `And`s inside `And`s and `Or`s inside `Or`s are flattened; an `And` or `Or` of
    /// one part is that part; an empty `Or` is `Not(And([]))`; status, kind and taxonomy names
    /// are resolved as filter strings resolve them (`Other("publish")` is `Published`); a term
    /// or author list that mixes slugs and ids becomes one predicate for the slugs and one for
    /// the ids, joined by OR (by AND for a term list in [`Match::All`] mode).
    pub fn normalized(&self) -> Filter {
        match self {
            Filter::And(parts) => {
                let mut out = Vec::with_capacity(parts.len());
                for part in parts {
                    match part.normalized() {
                        Filter::And(inner) => out.extend(inner),
                        other => out.push(other),
                    }
                }
                if out.len() == 1 {
                    out.pop().unwrap_or_default()
                } else {
                    Filter::And(out)
                }
            }
            Filter::Or(parts) => {
                let mut out = Vec::with_capacity(parts.len());
                for part in parts {
                    if matches!(part, Filter::Or(inner) if inner.is_empty()) {
                        continue;
                    }
                    match part.normalized() {
                        Filter::Or(inner) => out.extend(inner),
                        other => out.push(other),
                    }
                }
                match out.len() {
                    0 => Filter::Not(Box::new(Filter::And(Vec::new()))),
                    1 => out.pop().unwrap_or_default(),
                    _ => Filter::Or(out),
                }
            }
            Filter::Not(inner) => Filter::Not(Box::new(inner.normalized())),
            Filter::Predicate(predicate) => normalize_predicate(predicate),
        }
    }
}

fn normalize_predicate(predicate: &Predicate) -> Filter {
    match predicate {
        Predicate::Terms {
            taxonomy,
            terms,
            mode,
            descendants,
        } => {
            let taxonomy = Taxonomy::from(taxonomy.as_str());
            let make = |terms: Vec<TermRef>| {
                Filter::Predicate(Predicate::Terms {
                    taxonomy: taxonomy.clone(),
                    terms,
                    mode: *mode,
                    descendants: *descendants,
                })
            };
            let (ids, slugs): (Vec<TermRef>, Vec<TermRef>) = terms
                .iter()
                .cloned()
                .partition(|t| matches!(t, TermRef::Id(_)));
            if ids.is_empty() || slugs.is_empty() {
                make(terms.clone())
            } else if *mode == Match::All {
                Filter::And(vec![make(slugs), make(ids)])
            } else {
                Filter::Or(vec![make(slugs), make(ids)])
            }
        }
        Predicate::Authors { authors } => {
            let (ids, slugs): (Vec<AuthorRef>, Vec<AuthorRef>) = authors
                .iter()
                .cloned()
                .partition(|a| matches!(a, AuthorRef::Id(_)));
            if ids.is_empty() || slugs.is_empty() {
                Filter::Predicate(predicate.clone())
            } else {
                Filter::Or(vec![
                    Filter::Predicate(Predicate::Authors { authors: slugs }),
                    Filter::Predicate(Predicate::Authors { authors: ids }),
                ])
            }
        }
        Predicate::Status { statuses } => Filter::Predicate(Predicate::Status {
            statuses: statuses
                .iter()
                .map(|s| PostStatus::from_user(s.as_str()))
                .collect(),
        }),
        Predicate::Kind { kinds } => Filter::Predicate(Predicate::Kind {
            kinds: kinds.iter().map(|k| PostKind::from(k.as_str())).collect(),
        }),
        other => Filter::Predicate(other.clone()),
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing

/// Characters that end an unquoted value.
fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\'' | '"' | '+' | ',' | '(' | ')' | '[' | ']' | '<' | '>' | '='
        )
}

/// Characters of an unquoted key segment.
fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn describe_char(c: char) -> String {
    match c {
        '\'' => "a quote (')".to_owned(),
        c => format!("'{}'", c.escape_debug()),
    }
}

fn describe_text(text: &str) -> String {
    format!("'{}'", text.escape_debug())
}

const KEYS: &str = "tag, tags, category, categories, taxonomy.<name>, author, authors, status, \
                    type, kind, published_at, updated_at, year, month, day, featured, sticky, \
                    comment_count, protected, title, slug or id";

struct Parser {
    chars: Vec<char>,
    pos: usize,
    depth: usize,
}

/// One segment of a key (`tag`, `id`, a quoted taxonomy name).
struct Segment {
    text: String,
    pos: usize,
}

/// A value as written, with where it starts.
struct Value {
    text: String,
    pos: usize,
}

/// The operator after `key:`.
enum Op {
    Eq(Value),
    Compare(Comparison, Value),
    Text(TextMatch, Value),
    List(Vec<Value>),
}

/// What a key names.
enum Key {
    Terms {
        taxonomy: Taxonomy,
        by_id: bool,
        exact: bool,
        all: bool,
    },
    Authors {
        by_id: bool,
    },
    Status,
    Kind,
    Date(DateField),
    Year,
    Month,
    Day,
    Sticky,
    CommentCount,
    Protected,
    Title,
    Slug,
    Id,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn found_here(&self) -> String {
        self.peek()
            .map_or_else(|| "end of input".to_owned(), describe_char)
    }

    fn error_here(&self, expected: impl Into<String>) -> FilterError {
        FilterError::new(self.pos, expected, self.found_here())
    }

    fn enter(&mut self) -> Result<(), FilterError> {
        if self.depth >= MAX_NESTING {
            return Err(
                self.error_here(format!("at most {MAX_NESTING} nested groups and negations"))
            );
        }
        self.depth += 1;
        Ok(())
    }

    /// expression = and_expr { "," and_expr }
    fn expression(&mut self) -> Result<Filter, FilterError> {
        self.joined(',', Self::and_expr, Filter::Or)
    }

    /// and_expr = unary { "+" unary }
    fn and_expr(&mut self) -> Result<Filter, FilterError> {
        self.joined('+', Self::unary, Filter::And)
    }

    /// `part { separator part }`: one part as it is, several combined.
    fn joined(
        &mut self,
        separator: char,
        part: fn(&mut Self) -> Result<Filter, FilterError>,
        combine: fn(Vec<Filter>) -> Filter,
    ) -> Result<Filter, FilterError> {
        let mut parts = vec![part(self)?];
        loop {
            self.skip_ws();
            if self.peek() == Some(separator) {
                self.pos += 1;
                parts.push(part(self)?);
            } else {
                break;
            }
        }
        Ok(if parts.len() == 1 {
            parts.pop().unwrap_or_default()
        } else {
            combine(parts)
        })
    }

    /// unary = "-" unary | "(" [ expression ] ")" | condition
    fn unary(&mut self) -> Result<Filter, FilterError> {
        self.skip_ws();
        match self.peek() {
            Some('-') => {
                self.enter()?;
                self.pos += 1;
                let inner = self.unary()?;
                self.depth -= 1;
                Ok(Filter::Not(Box::new(inner)))
            }
            Some('(') => {
                self.enter()?;
                let open = self.pos;
                self.pos += 1;
                self.skip_ws();
                let inner = if self.peek() == Some(')') {
                    Filter::And(Vec::new())
                } else {
                    self.expression()?
                };
                self.skip_ws();
                if self.peek() != Some(')') {
                    let expected = if self.at_end() {
                        format!("')' to close the '(' at character {}", open + 1)
                    } else {
                        format!("'+', ',' or ')' to close the '(' at character {}", open + 1)
                    };
                    return Err(self.error_here(expected));
                }
                self.pos += 1;
                self.depth -= 1;
                Ok(inner)
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => self.condition(),
            _ => Err(self.error_here("a condition (like tag:news), '(' or '-'")),
        }
    }

    /// condition = key ":" [ "-" ] operation
    fn condition(&mut self) -> Result<Filter, FilterError> {
        let mut segments = vec![self.key_segment()?];
        while self.peek() == Some('.') {
            self.pos += 1;
            segments.push(self.key_segment()?);
        }
        let key = resolve_key(&segments)?;
        let key_text = segments
            .iter()
            .map(|s| s.text.as_str())
            .collect::<Vec<_>>()
            .join(".");
        self.skip_ws();
        if self.peek() != Some(':') {
            return Err(self.error_here(format!("':' after the key '{key_text}'")));
        }
        self.pos += 1;
        self.skip_ws();
        let negated = if self.peek() == Some('-') {
            self.pos += 1;
            self.skip_ws();
            true
        } else {
            false
        };
        let op_pos = self.pos;
        let (op, op_text) = match (self.peek(), self.peek_at(1)) {
            (Some('['), _) => (Op::List(self.list()?), "["),
            (Some('>'), Some('=')) => {
                self.pos += 2;
                (Op::Compare(Comparison::Ge, self.value("'>='")?), ">=")
            }
            (Some('>'), _) => {
                self.pos += 1;
                (Op::Compare(Comparison::Gt, self.value("'>'")?), ">")
            }
            (Some('<'), Some('=')) => {
                self.pos += 2;
                (Op::Compare(Comparison::Le, self.value("'<='")?), "<=")
            }
            (Some('<'), _) => {
                self.pos += 1;
                (Op::Compare(Comparison::Lt, self.value("'<'")?), "<")
            }
            (Some('~'), Some('^')) => {
                self.pos += 2;
                (Op::Text(TextMatch::StartsWith, self.value("'~^'")?), "~^")
            }
            (Some('~'), Some('$')) => {
                self.pos += 2;
                (Op::Text(TextMatch::EndsWith, self.value("'~$'")?), "~$")
            }
            (Some('~'), _) => {
                self.pos += 1;
                (Op::Text(TextMatch::Contains, self.value("'~'")?), "~")
            }
            _ => {
                let what = if negated { "':-'" } else { "':'" };
                (Op::Eq(self.value(what)?), "")
            }
        };
        let predicate = build_predicate(&key, &key_text, op, op_pos, op_text)?;
        let filter = Filter::Predicate(predicate);
        Ok(if negated {
            Filter::Not(Box::new(filter))
        } else {
            filter
        })
    }

    fn key_segment(&mut self) -> Result<Segment, FilterError> {
        let pos = self.pos;
        if self.peek() == Some('\'') {
            let text = self.quoted()?;
            return Ok(Segment { text, pos });
        }
        let mut text = String::new();
        while let Some(c) = self.peek().filter(|&c| is_key_char(c)) {
            text.push(c);
            self.pos += 1;
        }
        if text.is_empty() {
            return Err(self.error_here("a name after '.'"));
        }
        Ok(Segment { text, pos })
    }

    /// list = "[" [ value { "," value } ] "]"
    fn list(&mut self) -> Result<Vec<Value>, FilterError> {
        let open = self.pos;
        self.pos += 1;
        self.skip_ws();
        let mut values = Vec::new();
        if self.peek() == Some(']') {
            self.pos += 1;
            return Ok(values);
        }
        loop {
            values.push(self.value("a value in the list")?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.pos += 1;
                    return Ok(values);
                }
                _ => {
                    return Err(self.error_here(format!(
                        "',' or ']' to close the '[' at character {}",
                        open + 1
                    )));
                }
            }
        }
    }

    /// value = quoted | literal
    fn value(&mut self, after: &str) -> Result<Value, FilterError> {
        self.skip_ws();
        let pos = self.pos;
        let expected = if after.starts_with('\'') {
            format!("a value after {after}")
        } else {
            after.to_owned()
        };
        match self.peek() {
            Some('\'') => Ok(Value {
                text: self.quoted()?,
                pos,
            }),
            Some('-') | Some('~') => Err(self.error_here(format!(
                "{expected} (put text that starts with '-' or '~' in quotes, like '-x')"
            ))),
            Some('"') => Err(self.error_here(format!(
                "{expected} (text goes in single quotes, like 'women')"
            ))),
            Some(c) if c == '\\' || !is_delimiter(c) => Ok(Value {
                text: self.literal()?,
                pos,
            }),
            _ => Err(self.error_here(expected)),
        }
    }

    /// Text in single quotes; a backslash takes the next character as it is.
    fn quoted(&mut self) -> Result<String, FilterError> {
        let open = self.pos;
        self.pos += 1;
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(self.error_here(format!(
                        "a closing ' for the text that starts at character {}",
                        open + 1
                    )));
                }
                Some('\\') => {
                    self.pos += 1;
                    match self.peek() {
                        Some(c) => {
                            text.push(c);
                            self.pos += 1;
                        }
                        None => {
                            return Err(self.error_here(format!(
                                "a character after '\\' and a closing ' for the text that starts at character {}",
                                open + 1
                            )));
                        }
                    }
                }
                Some('\'') => {
                    self.pos += 1;
                    return Ok(text);
                }
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
    }

    /// Unquoted text up to a delimiter; a backslash takes the next character as it is. As in
    /// NQL, `now+5d` is one value although `+` otherwise ends a value.
    fn literal(&mut self) -> Result<String, FilterError> {
        let mut text = String::new();
        while let Some(c) = self.peek() {
            if c == '\\' {
                self.pos += 1;
                match self.peek() {
                    Some(next) => {
                        text.push(next);
                        self.pos += 1;
                    }
                    None => return Err(self.error_here("a character after '\\'")),
                }
            } else if c == '+' && text == "now" {
                let mut end = self.pos + 1;
                while self.chars.get(end).is_some_and(char::is_ascii_digit) {
                    end += 1;
                }
                let has_digits = end > self.pos + 1;
                let has_unit = self.chars.get(end).is_some_and(|&u| unit_of(u).is_some());
                let then_ends = self
                    .chars
                    .get(end + 1)
                    .is_none_or(|&after| is_delimiter(after));
                if has_digits && has_unit && then_ends {
                    text.extend(&self.chars[self.pos..=end]);
                    self.pos = end + 1;
                } else {
                    break;
                }
            } else if is_delimiter(c) {
                break;
            } else {
                text.push(c);
                self.pos += 1;
            }
        }
        Ok(text)
    }
}

fn resolve_key(segments: &[Segment]) -> Result<Key, FilterError> {
    let Some(base) = segments.first() else {
        return Err(FilterError::new(0, "a key", "nothing"));
    };
    let mut rest = &segments[1..];
    let key = match base.text.as_str() {
        "tag" | "tags" => Some(Taxonomy::Tag),
        "category" | "categories" => Some(Taxonomy::Category),
        "taxonomy" => {
            let Some((name, tail)) = rest.split_first() else {
                let end = base.pos + base.text.chars().count();
                return Err(FilterError::new(
                    end,
                    "'.' and a taxonomy name after 'taxonomy' (like taxonomy.genre:jazz)",
                    "'taxonomy' without a name",
                ));
            };
            rest = tail;
            Some(Taxonomy::from(name.text.as_str()))
        }
        _ => None,
    };
    if let Some(taxonomy) = key {
        let (mut by_id, mut by_slug, mut exact, mut all) = (false, false, false, false);
        for segment in rest {
            let flag = match segment.text.as_str() {
                "id" if !by_slug => &mut by_id,
                "slug" if !by_id => &mut by_slug,
                "exact" => &mut exact,
                "all" => &mut all,
                _ => {
                    return Err(FilterError::new(
                        segment.pos,
                        "one of the modifiers id, slug, exact or all (each once; not both id and slug)",
                        describe_text(&segment.text),
                    ));
                }
            };
            if *flag {
                return Err(FilterError::new(
                    segment.pos,
                    "one of the modifiers id, slug, exact or all (each once; not both id and slug)",
                    describe_text(&segment.text),
                ));
            }
            *flag = true;
        }
        return Ok(Key::Terms {
            taxonomy,
            by_id,
            exact,
            all,
        });
    }
    if matches!(base.text.as_str(), "author" | "authors") {
        let (mut by_id, mut by_slug) = (false, false);
        for segment in rest {
            let flag = match segment.text.as_str() {
                "id" if !by_id && !by_slug => &mut by_id,
                "slug" if !by_id && !by_slug => &mut by_slug,
                _ => {
                    return Err(FilterError::new(
                        segment.pos,
                        "the modifier id or slug (once)",
                        describe_text(&segment.text),
                    ));
                }
            };
            *flag = true;
        }
        return Ok(Key::Authors { by_id });
    }
    let key = match base.text.as_str() {
        "status" => Key::Status,
        "type" | "kind" => Key::Kind,
        "published_at" => Key::Date(DateField::Published),
        "updated_at" => Key::Date(DateField::Modified),
        "year" => Key::Year,
        "month" => Key::Month,
        "day" => Key::Day,
        "featured" | "sticky" => Key::Sticky,
        "comment_count" => Key::CommentCount,
        "protected" | "password_protected" | "password" => Key::Protected,
        "title" => Key::Title,
        "slug" => Key::Slug,
        "id" => Key::Id,
        other => {
            return Err(FilterError::new(
                base.pos,
                format!("a key ({KEYS})"),
                format!("unknown key {}", describe_text(other)),
            ));
        }
    };
    if let Some(segment) = rest.first() {
        return Err(FilterError::new(
            segment.pos.saturating_sub(1),
            format!("':' after '{}' (it takes no modifiers)", base.text),
            "'.'",
        ));
    }
    Ok(key)
}

fn unsupported(key_text: &str, op_pos: usize, op_text: &str, allowed: &str) -> FilterError {
    let shown = if op_text.is_empty() { ":" } else { op_text };
    FilterError::new(
        op_pos,
        format!("{allowed} after '{key_text}:'"),
        format!("'{shown}', which '{key_text}' does not support"),
    )
}

fn parse_u64(value: &Value, what: &str) -> Result<u64, FilterError> {
    value
        .text
        .parse::<u64>()
        .map_err(|_| FilterError::new(value.pos, what, describe_text(&value.text)))
}

fn parse_bool(value: &Value) -> Result<bool, FilterError> {
    if value.text.eq_ignore_ascii_case("true") {
        Ok(true)
    } else if value.text.eq_ignore_ascii_case("false") {
        Ok(false)
    } else {
        Err(FilterError::new(
            value.pos,
            "true or false",
            describe_text(&value.text),
        ))
    }
}

fn build_predicate(
    key: &Key,
    key_text: &str,
    op: Op,
    op_pos: usize,
    op_text: &str,
) -> Result<Predicate, FilterError> {
    const ONE_OR_LIST: &str = "a value or a list like [a,b]";
    const ONE_OR_COMPARISON: &str = "a value, or '>', '>=', '<' or '<=' and a value";
    let values_of = |op: Op| -> Result<Vec<Value>, FilterError> {
        match op {
            Op::Eq(value) => Ok(vec![value]),
            Op::List(values) => Ok(values),
            _ => Err(unsupported(key_text, op_pos, op_text, ONE_OR_LIST)),
        }
    };
    let single = |op: Op, allowed: &str| -> Result<Value, FilterError> {
        match op {
            Op::Eq(value) => Ok(value),
            _ => Err(unsupported(key_text, op_pos, op_text, allowed)),
        }
    };
    let compared = |op: Op| -> Result<(Comparison, Value), FilterError> {
        match op {
            Op::Eq(value) => Ok((Comparison::Eq, value)),
            Op::Compare(comparison, value) => Ok((comparison, value)),
            _ => Err(unsupported(key_text, op_pos, op_text, ONE_OR_COMPARISON)),
        }
    };
    Ok(match key {
        Key::Terms {
            taxonomy,
            by_id,
            exact,
            all,
        } => {
            let terms = values_of(op)?
                .into_iter()
                .map(|v| {
                    if *by_id {
                        parse_u64(&v, "a term id (a whole number)").map(|n| TermRef::Id(TermId(n)))
                    } else {
                        Ok(TermRef::Slug(v.text))
                    }
                })
                .collect::<Result<_, _>>()?;
            Predicate::Terms {
                taxonomy: taxonomy.clone(),
                terms,
                mode: if *all { Match::All } else { Match::Any },
                descendants: !exact,
            }
        }
        Key::Authors { by_id } => Predicate::Authors {
            authors: values_of(op)?
                .into_iter()
                .map(|v| {
                    if *by_id {
                        parse_u64(&v, "an author id (a whole number)")
                            .map(|n| AuthorRef::Id(AuthorId(n)))
                    } else {
                        Ok(AuthorRef::Slug(v.text))
                    }
                })
                .collect::<Result<_, _>>()?,
        },
        Key::Status => Predicate::Status {
            statuses: values_of(op)?
                .iter()
                .map(|v| PostStatus::from_user(&v.text))
                .collect(),
        },
        Key::Kind => Predicate::Kind {
            kinds: values_of(op)?
                .iter()
                .map(|v| PostKind::from(v.text.as_str()))
                .collect(),
        },
        Key::Date(field) => {
            let (comparison, value) = compared(op)?;
            Predicate::Date {
                field: *field,
                comparison,
                value: parse_date_value(&value)?,
            }
        }
        Key::Year => {
            let value = single(op, "a year")?;
            let year = value.text.parse::<i32>().map_err(|_| {
                FilterError::new(
                    value.pos,
                    "a year (a whole number like 2013)",
                    describe_text(&value.text),
                )
            })?;
            Predicate::Year { year }
        }
        Key::Month => {
            let value = single(op, "a month")?;
            let month = value
                .text
                .parse::<u32>()
                .ok()
                .filter(|m| (1..=12).contains(m))
                .ok_or_else(|| {
                    FilterError::new(
                        value.pos,
                        "a month from 1 to 12",
                        describe_text(&value.text),
                    )
                })?;
            Predicate::Month { month }
        }
        Key::Day => {
            let value = single(op, "a day of the month")?;
            let day = value
                .text
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=31).contains(d))
                .ok_or_else(|| {
                    FilterError::new(
                        value.pos,
                        "a day of the month from 1 to 31",
                        describe_text(&value.text),
                    )
                })?;
            Predicate::Day { day }
        }
        Key::Sticky => Predicate::Sticky {
            sticky: parse_bool(&single(op, "true or false")?)?,
        },
        Key::Protected => Predicate::PasswordProtected {
            protected: parse_bool(&single(op, "true or false")?)?,
        },
        Key::CommentCount => {
            let (comparison, value) = compared(op)?;
            Predicate::CommentCount {
                comparison,
                count: parse_u64(&value, "a number of comments (a whole number)")?,
            }
        }
        Key::Title => match op {
            Op::Eq(value) => Predicate::Title {
                matching: TextMatch::Equals,
                text: value.text,
            },
            Op::Text(matching, value) => Predicate::Title {
                matching,
                text: value.text,
            },
            _ => {
                return Err(unsupported(
                    key_text,
                    op_pos,
                    op_text,
                    "a text, or '~', '~^' or '~$' and a text",
                ));
            }
        },
        Key::Slug => Predicate::Slug {
            slugs: values_of(op)?.into_iter().map(|v| v.text).collect(),
        },
        Key::Id => Predicate::Id {
            ids: values_of(op)?
                .iter()
                .map(|v| parse_u64(v, "a post id (a whole number)").map(PostId))
                .collect::<Result<_, _>>()?,
        },
    })
}

fn unit_of(c: char) -> Option<TimeUnit> {
    Some(match c {
        's' => TimeUnit::Seconds,
        'm' => TimeUnit::Minutes,
        'h' => TimeUnit::Hours,
        'd' => TimeUnit::Days,
        'w' => TimeUnit::Weeks,
        'M' => TimeUnit::Months,
        'y' => TimeUnit::Years,
        _ => return None,
    })
}

fn unit_char(unit: TimeUnit) -> char {
    match unit {
        TimeUnit::Seconds => 's',
        TimeUnit::Minutes => 'm',
        TimeUnit::Hours => 'h',
        TimeUnit::Days => 'd',
        TimeUnit::Weeks => 'w',
        TimeUnit::Months => 'M',
        TimeUnit::Years => 'y',
    }
}

const DATE_FORMS: &str = "a date (2013-01-01), a local date and time (2013-01-01T10:00:00), \
                          an instant (2013-01-01T10:00:00+06:00) or a relative time (now-30d; \
                          units s, m, h, d, w, M, y)";

fn parse_date_value(value: &Value) -> Result<DateValue, FilterError> {
    let text = value.text.trim();
    let bad = || FilterError::new(value.pos, DATE_FORMS, describe_text(&value.text));
    if text == "now" {
        return Ok(DateValue::Relative {
            amount: 0,
            unit: TimeUnit::Seconds,
        });
    }
    if let Some(rest) = text.strip_prefix("now") {
        let mut chars = rest.chars();
        let negative = match chars.next() {
            Some('-') => true,
            Some('+') => false,
            _ => return Err(bad()),
        };
        let body = chars.as_str();
        let unit = body.chars().last().and_then(unit_of).ok_or_else(bad)?;
        let digits = &body[..body.len() - 1];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let magnitude: i128 = digits.parse().map_err(|_| bad())?;
        let amount =
            i64::try_from(if negative { -magnitude } else { magnitude }).map_err(|_| bad())?;
        return Ok(DateValue::Relative { amount, unit });
    }
    if let Ok(instant) = Timestamp::parse_rfc3339(text) {
        return Ok(DateValue::Instant(instant));
    }
    for format in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(DateValue::LocalDateTime(local));
        }
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map(DateValue::Date)
        .map_err(|_| bad())
}

// ---------------------------------------------------------------------------------------------
// Printing

fn write_expr(filter: &Filter, out: &mut String) {
    match filter {
        Filter::And(parts) if parts.is_empty() => out.push_str("()"),
        Filter::And(parts) | Filter::Or(parts) => {
            let separator = if matches!(filter, Filter::And(_)) {
                '+'
            } else {
                ','
            };
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    out.push(separator);
                }
                write_operand(part, out);
            }
        }
        Filter::Not(inner) => {
            out.push('-');
            write_operand(inner, out);
        }
        Filter::Predicate(predicate) => write_predicate(predicate, out),
    }
}

fn write_operand(filter: &Filter, out: &mut String) {
    match filter {
        Filter::And(parts) | Filter::Or(parts) if !parts.is_empty() => {
            out.push('(');
            write_expr(filter, out);
            out.push(')');
        }
        _ => write_expr(filter, out),
    }
}

/// Whether text can be written without quotes and read back the same.
fn is_plain(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        None | Some('-') | Some('~') => false,
        Some(first) => std::iter::once(first)
            .chain(chars)
            .all(|c| !is_delimiter(c) && !c.is_control() && c != '\\'),
    }
}

fn write_quoted(text: &str, out: &mut String) {
    out.push('\'');
    for c in text.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
}

fn write_text(text: &str, out: &mut String) {
    if is_plain(text) {
        out.push_str(text);
    } else {
        write_quoted(text, out);
    }
}

fn write_segment(text: &str, out: &mut String) {
    if !text.is_empty() && text.chars().all(is_key_char) {
        out.push_str(text);
    } else {
        write_quoted(text, out);
    }
}

fn write_list<T>(items: &[T], out: &mut String, mut write_item: impl FnMut(&T, &mut String)) {
    if let [item] = items {
        write_item(item, out);
        return;
    }
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_item(item, out);
    }
    out.push(']');
}

fn comparison_text(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::Eq => "",
        Comparison::Lt => "<",
        Comparison::Le => "<=",
        Comparison::Gt => ">",
        Comparison::Ge => ">=",
    }
}

fn write_date_value(value: &DateValue, out: &mut String) {
    match value {
        DateValue::Date(date) => write_quoted(&date.format("%Y-%m-%d").to_string(), out),
        DateValue::LocalDateTime(local) => {
            write_quoted(&local.format("%Y-%m-%dT%H:%M:%S%.f").to_string(), out)
        }
        DateValue::Instant(instant) => write_quoted(&instant.to_rfc3339(), out),
        DateValue::Relative {
            amount: 0,
            unit: TimeUnit::Seconds,
        } => out.push_str("now"),
        DateValue::Relative { amount, unit } => {
            let sign = if *amount < 0 { '-' } else { '+' };
            let _ = write!(
                out,
                "now{sign}{}{}",
                amount.unsigned_abs(),
                unit_char(*unit)
            );
        }
    }
}

fn write_predicate(predicate: &Predicate, out: &mut String) {
    match predicate {
        Predicate::Terms {
            taxonomy,
            terms,
            mode,
            descendants,
        } => {
            let plural = terms.len() != 1;
            match taxonomy {
                Taxonomy::Tag => out.push_str(if plural { "tags" } else { "tag" }),
                Taxonomy::Category => out.push_str(if plural { "categories" } else { "category" }),
                Taxonomy::Other(name) => {
                    out.push_str("taxonomy.");
                    write_segment(name, out);
                }
            }
            // Normalised term lists are all slugs or all ids.
            if terms.first().is_some_and(|t| matches!(t, TermRef::Id(_))) {
                out.push_str(".id");
            }
            if !descendants {
                out.push_str(".exact");
            }
            if *mode == Match::All {
                out.push_str(".all");
            }
            out.push(':');
            write_list(terms, out, |term, out| match term {
                TermRef::Slug(slug) => write_text(slug, out),
                TermRef::Id(id) => {
                    let _ = write!(out, "{}", id.0);
                }
            });
        }
        Predicate::Authors { authors } => {
            out.push_str(if authors.len() == 1 {
                "author"
            } else {
                "authors"
            });
            if authors
                .first()
                .is_some_and(|a| matches!(a, AuthorRef::Id(_)))
            {
                out.push_str(".id");
            }
            out.push(':');
            write_list(authors, out, |author, out| match author {
                AuthorRef::Slug(slug) => write_text(slug, out),
                AuthorRef::Id(id) => {
                    let _ = write!(out, "{}", id.0);
                }
            });
        }
        Predicate::Status { statuses } => {
            out.push_str("status:");
            write_list(statuses, out, |s, out| write_text(s.as_str(), out));
        }
        Predicate::Kind { kinds } => {
            out.push_str("type:");
            write_list(kinds, out, |k, out| write_text(k.as_str(), out));
        }
        Predicate::Year { year } => {
            out.push_str("year:");
            write_text(&year.to_string(), out);
        }
        Predicate::Month { month } => {
            let _ = write!(out, "month:{month}");
        }
        Predicate::Day { day } => {
            let _ = write!(out, "day:{day}");
        }
        Predicate::Date {
            field,
            comparison,
            value,
        } => {
            out.push_str(match field {
                DateField::Published => "published_at:",
                DateField::Modified => "updated_at:",
            });
            out.push_str(comparison_text(*comparison));
            write_date_value(value, out);
        }
        Predicate::Sticky { sticky } => {
            let _ = write!(out, "featured:{sticky}");
        }
        Predicate::CommentCount { comparison, count } => {
            let _ = write!(out, "comment_count:{}{count}", comparison_text(*comparison));
        }
        Predicate::PasswordProtected { protected } => {
            let _ = write!(out, "protected:{protected}");
        }
        Predicate::Title { matching, text } => {
            out.push_str(match matching {
                TextMatch::Contains => "title:~",
                TextMatch::StartsWith => "title:~^",
                TextMatch::EndsWith => "title:~$",
                TextMatch::Equals => "title:",
            });
            write_quoted(text, out);
        }
        Predicate::Slug { slugs } => {
            out.push_str("slug:");
            write_list(slugs, out, |s, out| write_text(s, out));
        }
        Predicate::Id { ids } => {
            out.push_str("id:");
            write_list(ids, out, |id, out| {
                let _ = write!(out, "{}", id.0);
            });
        }
    }
}

#[cfg(test)]
#[path = "filter_string_tests.rs"]
mod tests;
