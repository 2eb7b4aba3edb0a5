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
    #[must_use]
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

mod lexer;
mod parser;
mod predicates;
mod printer;

use lexer::*;
use parser::*;
use predicates::*;
use printer::*;
