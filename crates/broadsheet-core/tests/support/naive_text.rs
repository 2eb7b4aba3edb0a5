// A plainly written text matcher for the property tests' oracles, written from the documented
// rules (docs/queries.md, `text` module docs) without calling the code under test: folding,
// HTML stripping, the search syntax and the relevance score. It covers the vocabulary the
// generators use (Latin with and without accents, Cyrillic, apostrophes, hyphens, inline and
// block HTML); it is shared by `src/archive/properties.rs` (through `include!`) and the
// crate's integration tests (through `#[path]`), so it has no inner doc comment.

use unicode_normalization::UnicodeNormalization;

/// Case- and accent-insensitive form: canonical decomposition, the combining diacritics of
/// U+0300..U+036F dropped, lower case.
pub fn naive_fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{0300}'..='\u{036F}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Plain text of the small HTML the generators write: a `<p>`, `</p>` or `<br>` tag is a
/// space, any other tag disappears; `&amp;` is `&`.
pub fn naive_strip_html(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            rest = "";
            break;
        };
        let name = rest[open + 1..open + close]
            .trim_start_matches('/')
            .to_ascii_lowercase();
        if name == "p" || name == "br" {
            out.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
}

/// The words of a text as search compares them: folded, apostrophes removed, every other
/// character that is not a letter or digit a separator, one space between words.
pub fn naive_words(text: &str) -> String {
    let folded: String = naive_fold(&naive_strip_html(text))
        .chars()
        .filter(|c| !matches!(c, '\'' | '’'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One term of a search: its words, whether it was a quoted phrase, whether it excludes.
#[derive(Debug, Clone)]
pub struct NaiveTerm {
    pub words: String,
    pub phrase: bool,
    pub exclude: bool,
}

/// Splits a search the way a search box does: `"a phrase"`, `-word`, `-"a phrase"`, words;
/// terms without a letter or digit are dropped.
pub fn naive_search_terms(search: &str) -> Vec<NaiveTerm> {
    let chars: Vec<char> = search.chars().collect();
    let mut terms = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let exclude = chars[i] == '-';
        if exclude {
            i += 1;
        }
        let phrase = i < chars.len() && chars[i] == '"';
        let mut text = String::new();
        if phrase {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                text.push(chars[i]);
                i += 1;
            }
            i += 1;
        } else {
            while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '"' {
                text.push(chars[i]);
                i += 1;
            }
        }
        let words = naive_words(&text);
        if !words.is_empty() {
            terms.push(NaiveTerm {
                words,
                phrase,
                exclude,
            });
        }
    }
    terms
}

/// Non-overlapping occurrences of `needle` in `haystack`, and those bounded by a space or an
/// end on both sides.
pub fn naive_occurrences(haystack: &str, needle: &str) -> (u32, u32) {
    let (mut all, mut whole) = (0, 0);
    let mut from = 0;
    while let Some(found) = haystack[from..].find(needle) {
        let at = from + found;
        let end = at + needle.len();
        all += 1;
        if (at == 0 || haystack[..at].ends_with(' '))
            && (end == haystack.len() || haystack[end..].starts_with(' '))
        {
            whole += 1;
        }
        from = end;
    }
    (all, whole)
}

/// The documented score: `None` when a required term is missing from all three fields or an
/// excluded term is in one; otherwise the sum over required terms and fields of
/// `weight × (occurrences + whole-word occurrences)`, weights 10 (title), 4 (excerpt) and
/// 1 (content), doubled for phrases. A search without terms gives `Some(0)`.
pub fn naive_score(terms: &[NaiveTerm], title: &str, excerpt: &str, content: &str) -> Option<u32> {
    let fields = [
        (naive_words(title), 10),
        (naive_words(excerpt), 4),
        (naive_words(content), 1),
    ];
    let mut score = 0;
    for term in terms {
        let mut term_score = 0;
        let mut found = false;
        for (field, weight) in &fields {
            let (all, whole) = naive_occurrences(field, &term.words);
            found |= all > 0;
            term_score += weight * (all + whole);
        }
        if found == term.exclude {
            return None;
        }
        if !term.exclude {
            score += if term.phrase {
                2 * term_score
            } else {
                term_score
            };
        }
    }
    Some(score)
}
