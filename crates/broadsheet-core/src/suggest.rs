//! "Did you mean": the one rule for suggesting known names in place of an unknown one
//! ([`suggest`]), and [`UnknownName::suggesting`], which every unknown-name error uses.

use crate::names::{MAX_SUGGESTIONS, UnknownName};

impl UnknownName {
    /// The same error with the closest of `candidates` as suggestions (see [`suggest`]):
    /// pairs of (the name to suggest, a text it is known by).
    #[must_use]
    pub fn suggesting<'a>(
        mut self,
        candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        self.suggestions = suggest(&self.found, candidates);
        self
    }
}

/// The names among `candidates` closest to `found`, best first, at most [`MAX_SUGGESTIONS`].
///
/// Each candidate is a pair (the name to suggest, a text it is known by): an author can be
/// given twice, as (slug, slug) and (slug, display name), so `Saida` finds
/// `saida-arifkhanova`. Texts are compared folded (case and accents ignored, see
/// [`crate::text::fold`]) with spaces, `_` and `-` alike. A candidate is close when:
///
/// 1. its text is the same folded (`Content` for `content`, `Gender Based Violence` for the
///    tag named so): the best match;
/// 2. its text starts with what was given, or what was given starts with it (three characters
///    at least: `kyrg` for `kyrgyzstan`);
/// 3. the two are within a Damerau-Levenshtein distance of a third of the shorter one's length
///    (at least 1: `kyrgystan` for `kyrgyzstan`, `drafts` for `draft`).
///
/// Ties keep the candidates' order. Nothing is suggested for an empty text.
///
/// ```
/// use broadsheet_core::suggest;
/// let tags = [("content", "content"), ("kyrgyzstan", "Kyrgyzstan"), ("osh", "Osh")];
/// assert_eq!(suggest("Content", tags), ["content"]);
/// assert_eq!(suggest("kyrgystan", tags), ["kyrgyzstan"]);
/// assert!(suggest("zzz", tags).is_empty());
/// ```
pub fn suggest<'a>(
    found: &str,
    candidates: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Vec<String> {
    let wanted = comparable(found);
    if wanted.is_empty() {
        return Vec::new();
    }
    let wanted_chars = wanted.chars().count();
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for (order, (name, text)) in candidates.into_iter().enumerate() {
        let text = comparable(text);
        if text.is_empty() {
            continue;
        }
        let shorter = wanted_chars.min(text.chars().count());
        let score = if text == wanted {
            0
        } else if shorter >= 3 && (text.starts_with(&wanted) || wanted.starts_with(&text)) {
            1
        } else {
            let distance = strsim::damerau_levenshtein(&wanted, &text);
            if distance <= (shorter / 3).max(1) {
                1 + distance
            } else {
                continue;
            }
        };
        scored.push((score, order, name));
    }
    scored.sort_by_key(|&(score, order, _)| (score, order));
    let mut out: Vec<String> = Vec::new();
    for (_, _, name) in scored {
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
        if !out.iter().any(|known| known == name) {
            out.push(name.to_owned());
        }
    }
    out
}

/// Folded text with spaces, `_` and `-` alike (runs of them as one `-`), trimmed of them.
fn comparable(text: &str) -> String {
    let folded = crate::text::fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_whitespace() || c == '_' || c == '-' {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push(c);
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(pairs: &[&'static str]) -> Vec<(&'static str, &'static str)> {
        pairs.iter().map(|name| (*name, *name)).collect()
    }

    #[test]
    fn case_and_accents_are_the_best_match() {
        let tags = same(&["contents", "content", "context"]);
        assert_eq!(
            suggest("Content", tags.clone()),
            ["content", "contents", "context"]
        );
        assert_eq!(suggest("CRÈME", same(&["cream", "creme"])), ["creme"]);
        assert_eq!(
            suggest("post tag", same(&["post_tag", "category"])),
            ["post_tag"]
        );
    }

    #[test]
    fn typos_prefixes_and_display_names() {
        let tags = same(&["kyrgyzstan", "kazakhstan", "osh"]);
        assert_eq!(suggest("kyrgystan", tags.clone()), ["kyrgyzstan"]);
        assert_eq!(suggest("kyrg", tags.clone()), ["kyrgyzstan"]);
        // Two characters are too few for a prefix, and too far for a typo.
        assert!(suggest("ky", tags.clone()).is_empty());
        assert!(suggest("violence", tags.clone()).is_empty());
        let authors = [
            ("saida-arifkhanova", "saida-arifkhanova"),
            ("saida-arifkhanova", "Saida Arifkhanova"),
            ("wlp", "wlp"),
            ("wlp", "Women's Learning Partnership"),
        ];
        assert_eq!(suggest("Saida Arifkhanova", authors), ["saida-arifkhanova"]);
        assert_eq!(suggest("saida", authors), ["saida-arifkhanova"]);
        assert_eq!(suggest("WLP", authors), ["wlp"]);
    }

    #[test]
    fn at_most_three_distinct_best_first_and_nothing_for_nothing() {
        let names = same(&["draft", "drafts", "drafty", "draftz", "trash"]);
        let found = suggest("draft_", names.clone());
        assert_eq!(found, ["draft", "drafts", "drafty"]);
        assert!(suggest("", names.clone()).is_empty());
        assert!(suggest(" - ", names).is_empty());
    }

    #[test]
    fn messages_say_what_was_not_found_and_offer_the_closest() {
        let plain = UnknownName::new("viewer", "root", "anonymous, editor or author:<id or slug>");
        assert_eq!(
            plain.to_string(),
            r#"there is no viewer "root": expected anonymous, editor or author:<id or slug>"#
        );
        let one = UnknownName::new("tag", "Content", "").suggesting(same(&["content", "osh"]));
        assert_eq!(
            one.to_string(),
            r#"there is no tag "Content"; did you mean "content"?"#
        );
        let two = UnknownName::new("status", "draf", "draft, pending or published")
            .suggesting(same(&["draft", "drafts"]));
        assert_eq!(
            two.to_string(),
            r#"there is no status "draf"; did you mean "draft" or "drafts"? (expected draft, pending or published)"#
        );
        let three =
            UnknownName::new("kind", "pag", "").suggesting(same(&["page", "pages", "pager"]));
        assert_eq!(
            three.to_string(),
            r#"there is no kind "pag"; did you mean "page", "pages" or "pager"?"#
        );
    }
}
