//! The characters of a filter string: what ends a value, what a key is made of, and how an
//! error shows a character or a text.

/// Characters that end an unquoted value.
pub(super) fn is_delimiter(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\'' | '"' | '+' | ',' | '(' | ')' | '[' | ']' | '<' | '>' | '='
        )
}

/// Characters of an unquoted key segment.
pub(super) fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

pub(super) fn describe_char(c: char) -> String {
    match c {
        '\'' => "a quote (')".to_owned(),
        c => format!("'{}'", c.escape_debug()),
    }
}

pub(super) fn describe_text(text: &str) -> String {
    format!("'{}'", text.escape_debug())
}
