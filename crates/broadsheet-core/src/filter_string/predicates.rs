//! From parsed keys and values to [`Predicate`]s: key names, numbers, booleans, dates and
//! relative dates, with the errors that say what a key accepts.

use super::*;

pub(super) fn resolve_key(segments: &[Segment]) -> Result<Key, FilterError> {
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

pub(super) fn unsupported(
    key_text: &str,
    op_pos: usize,
    op_text: &str,
    allowed: &str,
) -> FilterError {
    let shown = if op_text.is_empty() { ":" } else { op_text };
    FilterError::new(
        op_pos,
        format!("{allowed} after '{key_text}:'"),
        format!("'{shown}', which '{key_text}' does not support"),
    )
}

pub(super) fn parse_u64(value: &Value, what: &str) -> Result<u64, FilterError> {
    value
        .text
        .parse::<u64>()
        .map_err(|_| FilterError::new(value.pos, what, describe_text(&value.text)))
}

pub(super) fn parse_bool(value: &Value) -> Result<bool, FilterError> {
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

pub(super) fn build_predicate(
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

pub(super) fn unit_of(c: char) -> Option<TimeUnit> {
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

pub(super) fn unit_char(unit: TimeUnit) -> char {
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

pub(super) const DATE_FORMS: &str = "a date (2013-01-01), a local date and time (2013-01-01T10:00:00), \
                          an instant (2013-01-01T10:00:00+06:00) or a relative time (now-30d; \
                          units s, m, h, d, w, M, y)";

pub(super) fn parse_date_value(value: &Value) -> Result<DateValue, FilterError> {
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
