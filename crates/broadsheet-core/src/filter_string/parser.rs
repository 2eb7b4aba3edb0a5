//! The parser: expressions, groups, keys, operators and values, read character by character
//! into segments that [`predicates`](super::predicates) turns into predicates.

use super::*;

pub(super) const KEYS: &str = "tag, tags, category, categories, taxonomy.<name>, author, authors, status, \
                    type, kind, published_at, updated_at, year, month, day, featured, sticky, \
                    comment_count, protected, title, slug or id";

pub(super) struct Parser {
    pub(super) chars: Vec<char>,
    pub(super) pos: usize,
    pub(super) depth: usize,
}

/// One segment of a key (`tag`, `id`, a quoted taxonomy name).
pub(super) struct Segment {
    pub(super) text: String,
    pub(super) pos: usize,
}

/// A value as written, with where it starts.
pub(super) struct Value {
    pub(super) text: String,
    pub(super) pos: usize,
}

/// The operator after `key:`.
pub(super) enum Op {
    Eq(Value),
    Compare(Comparison, Value),
    Text(TextMatch, Value),
    List(Vec<Value>),
}

/// What a key names.
pub(super) enum Key {
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
    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    pub(super) fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos + offset).copied()
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    pub(super) fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    pub(super) fn found_here(&self) -> String {
        self.peek()
            .map_or_else(|| "end of input".to_owned(), describe_char)
    }

    pub(super) fn error_here(&self, expected: impl Into<String>) -> FilterError {
        FilterError::new(self.pos, expected, self.found_here())
    }

    pub(super) fn enter(&mut self) -> Result<(), FilterError> {
        if self.depth >= MAX_NESTING {
            return Err(
                self.error_here(format!("at most {MAX_NESTING} nested groups and negations"))
            );
        }
        self.depth += 1;
        Ok(())
    }

    /// expression = and_expr { "," and_expr }
    pub(super) fn expression(&mut self) -> Result<Filter, FilterError> {
        self.joined(',', Self::and_expr, Filter::Or)
    }

    /// and_expr = unary { "+" unary }
    pub(super) fn and_expr(&mut self) -> Result<Filter, FilterError> {
        self.joined('+', Self::unary, Filter::And)
    }

    /// `part { separator part }`: one part as it is, several combined.
    pub(super) fn joined(
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
    pub(super) fn unary(&mut self) -> Result<Filter, FilterError> {
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

    /// `condition = key ":" [ "-" ] operation`
    pub(super) fn condition(&mut self) -> Result<Filter, FilterError> {
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

    pub(super) fn key_segment(&mut self) -> Result<Segment, FilterError> {
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
    pub(super) fn list(&mut self) -> Result<Vec<Value>, FilterError> {
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
    pub(super) fn value(&mut self, after: &str) -> Result<Value, FilterError> {
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
            Some('-' | '~') => Err(self.error_here(format!(
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
    pub(super) fn quoted(&mut self) -> Result<String, FilterError> {
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
    pub(super) fn literal(&mut self) -> Result<String, FilterError> {
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
