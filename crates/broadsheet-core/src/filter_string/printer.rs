//! Printing a [`Filter`] back as a filter string, in the one spelling `parse_filter` reads
//! back to the same filter.

use super::*;

pub(super) fn write_expr(filter: &Filter, out: &mut String) {
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

pub(super) fn write_operand(filter: &Filter, out: &mut String) {
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
pub(super) fn is_plain(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        None | Some('-' | '~') => false,
        Some(first) => std::iter::once(first)
            .chain(chars)
            .all(|c| !is_delimiter(c) && !c.is_control() && c != '\\'),
    }
}

pub(super) fn write_quoted(text: &str, out: &mut String) {
    out.push('\'');
    for c in text.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
}

pub(super) fn write_text(text: &str, out: &mut String) {
    if is_plain(text) {
        out.push_str(text);
    } else {
        write_quoted(text, out);
    }
}

pub(super) fn write_segment(text: &str, out: &mut String) {
    if !text.is_empty() && text.chars().all(is_key_char) {
        out.push_str(text);
    } else {
        write_quoted(text, out);
    }
}

pub(super) fn write_list<T>(
    items: &[T],
    out: &mut String,
    mut write_item: impl FnMut(&T, &mut String),
) {
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

pub(super) fn comparison_text(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::Eq => "",
        Comparison::Lt => "<",
        Comparison::Le => "<=",
        Comparison::Gt => ">",
        Comparison::Ge => ">=",
    }
}

pub(super) fn write_date_value(value: &DateValue, out: &mut String) {
    match value {
        DateValue::Date(date) => write_quoted(&date.format("%Y-%m-%d").to_string(), out),
        DateValue::LocalDateTime(local) => {
            write_quoted(&local.format("%Y-%m-%dT%H:%M:%S%.f").to_string(), out);
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

pub(super) fn write_predicate(predicate: &Predicate, out: &mut String) {
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
