//! Identifiers and slugs as a WXR file gives them: the file's own ids where usable, fresh
//! ones after the largest otherwise; text made into a slug.

use broadsheet_core::Slug;
use std::collections::HashSet;

/// Assigns numeric ids: the file's own when they are positive and unused, fresh ones after the
/// largest otherwise.
pub(super) struct IdPool {
    used: HashSet<u64>,
    next: u64,
}

pub(super) enum IdOutcome {
    Kept(u64),
    Missing,
    Duplicate,
    Invalid,
}

impl IdPool {
    pub(super) fn new() -> Self {
        Self {
            used: HashSet::new(),
            next: 1,
        }
    }

    pub(super) fn claim(&mut self, raw: Option<&str>) -> IdOutcome {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return IdOutcome::Missing;
        };
        match raw.parse::<u64>() {
            Ok(0) | Err(_) => IdOutcome::Invalid,
            Ok(n) => {
                if self.used.insert(n) {
                    self.next = self.next.max(n.saturating_add(1));
                    IdOutcome::Kept(n)
                } else {
                    IdOutcome::Duplicate
                }
            }
        }
    }

    pub(super) fn fresh(&mut self) -> u64 {
        while self.used.contains(&self.next) {
            self.next += 1;
        }
        let id = self.next;
        self.used.insert(id);
        self.next += 1;
        id
    }
}

pub(super) fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

/// Whether an identifier is one WXR can hold: a positive integer.
pub(super) fn is_wxr_id(raw: &str) -> bool {
    matches!(raw.parse::<u64>(), Ok(n) if n > 0)
}

/// An id as read split by what WXR can hold: (`source_id`, raw text kept under
/// `keys::INVALID_ID`). An id that is not a positive integer is no source id, but its text is
/// kept so that export writes it back.
pub(super) fn split_id(raw: &Option<String>) -> (Option<String>, Option<String>) {
    match source_id(raw) {
        Some(id) if is_wxr_id(&id) => (Some(id), None),
        Some(id) => (None, Some(id)),
        None => (None, None),
    }
}

pub(super) fn source_id(raw: &Option<String>) -> Option<String> {
    raw.as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
}

/// Makes a slug out of text that is not one: lower case, whitespace runs to `-`, characters
/// slugs never hold dropped.
pub(crate) fn sanitise_slug(text: &str) -> Option<Slug> {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || matches!(c, '/' | '?' | '#') {
            if !dash && !out.is_empty() {
                out.push('-');
                dash = true;
            }
        } else if !c.is_control() {
            out.extend(c.to_lowercase());
            dash = false;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    Slug::parse(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_safe() {
        assert_eq!(
            sanitise_slug("Company News").unwrap().as_str(),
            "company-news"
        );
        assert_eq!(sanitise_slug("  a / b?c  ").unwrap().as_str(), "a-b-c");
        assert!(sanitise_slug(" \t ").is_none());
    }

    #[test]
    fn id_pool_keeps_file_ids_and_fills_after_the_largest() {
        let mut pool = IdPool::new();
        assert!(matches!(pool.claim(Some(" 7 ")), IdOutcome::Kept(7)));
        assert!(matches!(pool.claim(Some("7")), IdOutcome::Duplicate));
        assert!(matches!(pool.claim(Some("-3")), IdOutcome::Invalid));
        assert!(matches!(pool.claim(Some("0")), IdOutcome::Invalid));
        assert!(matches!(pool.claim(None), IdOutcome::Missing));
        assert!(matches!(pool.claim(Some("2")), IdOutcome::Kept(2)));
        assert_eq!(pool.fresh(), 8);
        assert_eq!(pool.fresh(), 9);
    }
}
