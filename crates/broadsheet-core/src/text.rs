//! Text search: case- and accent-insensitive folding, HTML stripping, a small search-query
//! language and a deterministic relevance score.
//!
//! # How text is compared
//!
//! Every field (title, excerpt, content) is first turned into plain text with [`strip_html`],
//! then [`fold`]ed (compatibility decomposition, diacritics removed, lower case), then reduced
//! to its *search form*: every character that is neither a letter, a digit nor a combining
//! mark becomes a space, apostrophes disappear (`Let’s` and `let's` both become `lets`), and
//! runs of spaces collapse. Query terms go through the same steps, so `gender-based` finds
//! "gender based" and "Gender—Based".
//!
//! Each text is also kept in a second, *transliterated* form: its search form passed through
//! [`deunicode`] (Cyrillic, Greek, CJK and other scripts to ASCII) and normalised again. A term
//! matches a field when its folded form occurs in the field's folded form, **or** its
//! transliterated form occurs in the field's transliterated form. So a search for
//! `zhumabaeva` finds "Жумабаева", a search for `jumabaeva` (all Latin) finds "Jumabaevа"
//! (whose last letter is a Cyrillic `а`), and a search typed in either script finds the other.
//!
//! # Substrings, not whole words
//!
//! Terms match as **substrings** of the search form, like WordPress's `LIKE '%term%'` search:
//! `kyrgyz` finds "Kyrgyzstan", and text in scripts written without spaces (Chinese, Japanese)
//! is searchable at all. Whole-word occurrences score higher than occurrences inside a longer
//! word (see [`SearchQuery::score`]).
//!
//! ```
//! use broadsheet_core::text::{SearchQuery, fold};
//!
//! assert_eq!(fold("Ÿoù ÀRE Ωmega"), "you are ωmega");
//! let query = SearchQuery::parse(r#"kyrgyzstan "day of action" -football"#);
//! let score = query.score("Day of Action", "", "<p>WLP Kyrgyzstan rallied today.</p>");
//! assert!(score.is_some());
//! assert_eq!(query.score("Day of Action", "", "Kyrgyzstan football"), None);
//! assert_eq!(query.to_string(), r#"kyrgyzstan "day of action" -football"#);
//! ```

use std::fmt;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for case- and accent-insensitive comparison.
///
/// Steps: Unicode compatibility decomposition (NFKD: `ﬁ` → `fi`, full-width `Ａ` → `A`,
/// `é` → `e` + accent), removal of diacritics (the generic combining diacritical marks used by
/// Latin, Greek and Cyrillic, Hebrew points and Arabic vowel marks), full Unicode lower case
/// character by character (Cyrillic and Greek included; final `ς` folds to `σ`, `ß` to `ss`),
/// and recomposition (NFC). Marks that change a letter in its own script (Japanese voicing
/// marks, Indic vowel signs) are kept. HTML is **not** stripped here: see [`strip_html`].
///
/// Folding is idempotent: `fold(&fold(s)) == fold(s)`.
///
/// ```
/// use broadsheet_core::text::fold;
/// assert_eq!(fold("Jumabaevа"), "jumabaevа"); // the final Cyrillic а stays Cyrillic
/// assert_eq!(fold("ЁЛКА Crème Brûlée"), "елка creme brulee");
/// assert_eq!(fold("ΟΔΟΣ Straße"), "οδοσ strasse");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(text, &mut out);
    out
}

/// [`fold`], appended to `out` (one buffer for many short texts, without an allocation for
/// each).
pub(crate) fn fold_into(text: &str, out: &mut String) {
    // Normalisation never reaches across an ASCII space: it is a starter that composes with
    // nothing, so no mark is reordered or composed across it. So each piece of the text that
    // starts at a space (or at the start) folds on its own, and an ASCII piece folds by
    // lower-casing (decomposition and composition leave ASCII as it is). Most text is mostly
    // ASCII words: a run of ASCII pieces is lower-cased at once, and only a piece with a
    // character beyond ASCII goes through the normalisation machinery.
    let bytes = text.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let Some(offset) = bytes[start..].iter().position(|b| !b.is_ascii()) else {
            push_lowercase_ascii(out, &text[start..]);
            break;
        };
        let beyond = start + offset;
        // The piece holding that character: from the last space before it (or from `start`,
        // which is the start of the text or a space) to the next space after it.
        let piece_start = bytes[start..beyond]
            .iter()
            .rposition(|&b| b == b' ')
            .map_or(start, |at| start + at);
        let piece_end = bytes[beyond..]
            .iter()
            .position(|&b| b == b' ')
            .map_or(bytes.len(), |at| beyond + at);
        push_lowercase_ascii(out, &text[start..piece_start]);
        out.push_str(&fold_piece(&text[piece_start..piece_end]));
        start = piece_end;
    }
}

/// Appends ASCII text lower-cased.
fn push_lowercase_ascii(out: &mut String, ascii: &str) {
    let from = out.len();
    out.push_str(ascii);
    out[from..].make_ascii_lowercase();
}

/// [`fold`] by the definition, without the shortcut for ASCII.
fn fold_piece(text: &str) -> String {
    let mut lowered = String::with_capacity(text.len());
    for c in text.nfkd() {
        if is_removable_mark(c) {
            continue;
        }
        match c {
            'ς' => lowered.push('σ'),
            'ß' | 'ẞ' => lowered.push_str("ss"),
            _ => lowered.extend(c.to_lowercase()),
        }
    }
    // Lower-casing can produce characters with decompositions of their own (`İ` → `i̇`), so
    // decompose and filter once more before recomposing.
    lowered
        .nfkd()
        .filter(|&c| !is_removable_mark(c))
        .nfc()
        .collect()
}

/// Whether a combining mark is a diacritic that readers treat as optional.
fn is_removable_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}' // Combining Diacritical Marks
        | '\u{1AB0}'..='\u{1AFF}' // Combining Diacritical Marks Extended
        | '\u{1DC0}'..='\u{1DFF}' // Combining Diacritical Marks Supplement
        | '\u{20D0}'..='\u{20FF}' // Combining Diacritical Marks for Symbols
        | '\u{FE20}'..='\u{FE2F}' // Combining Half Marks
        | '\u{0591}'..='\u{05C7}' // Hebrew cantillation marks and points
        | '\u{064B}'..='\u{065F}' // Arabic vowel marks (harakat)
        | '\u{0670}' // Arabic superscript alef
    ) && is_combining_mark(c)
}

/// Elements whose boundaries separate words (a `<p>` or `<br>` between two words must not glue
/// them together); the boundaries of every other element are removed without a trace.
const BLOCK_ELEMENTS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "img",
    "li",
    "main",
    "nav",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
];

/// Elements removed together with everything inside them.
const HIDDEN_ELEMENTS: &[&str] = &["script", "style", "template", "noscript"];

/// Turns HTML into plain text: tags removed, entities decoded, whitespace collapsed.
///
/// - Comments (`<!--more-->` included), processing instructions and doctype declarations
///   are removed; `script`, `style`, `template` and `noscript` elements are removed with their
///   content.
/// - A block-level tag (`p`, `br`, `div`, `li`, headings, table cells, `img`, ...) becomes a
///   space so that the words on either side stay apart; any other tag is removed without a trace
///   (`<b>W</b>ord` is `Word`).
/// - A `<` that does not open a tag (`a < b`) is text. An unclosed tag at the end is dropped.
/// - Character references are decoded after the tags are gone, with the full HTML5 table
///   (`&amp;`, `&hellip;`, `&#8217;`, `&#x416;`), so `&lt;b&gt;` stays the text `<b>`.
/// - Runs of whitespace (no-break spaces included) become one space; the result is trimmed.
///
/// ```
/// use broadsheet_core::text::strip_html;
/// assert_eq!(strip_html("<p>Let&#8217;s stop</p><p>violence&nbsp;&amp; abuse</p>"),
///            "Let’s stop violence & abuse");
/// assert_eq!(strip_html("a < b <!--more--> <script>x()</script>&lt;i&gt;"), "a < b <i>");
/// ```
pub fn strip_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let bytes = html.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while let Some(offset) = html[i..].find('<') {
        let lt = i + offset;
        let Some(tag) = scan_tag(html, lt) else {
            // Not markup: the `<` is text.
            i = lt + 1;
            continue;
        };
        out.push_str(&html[text_start..lt]);
        let mut end = tag.end;
        match tag.kind {
            TagKind::Element { name, closing } => {
                if !closing && HIDDEN_ELEMENTS.iter().any(|h| name.eq_ignore_ascii_case(h)) {
                    end = skip_hidden_element(html, tag.end, name);
                    out.push(' ');
                } else if BLOCK_ELEMENTS.iter().any(|b| name.eq_ignore_ascii_case(b)) {
                    out.push(' ');
                }
            }
            TagKind::Other => {}
        }
        i = end;
        text_start = end;
        if i >= bytes.len() {
            break;
        }
    }
    if text_start < html.len() {
        out.push_str(&html[text_start..]);
    }
    let decoded = html_escape::decode_html_entities(&out);
    collapse_whitespace(&decoded)
}

/// Collapses runs of whitespace (Unicode's, as `char::is_whitespace` says) into single
/// spaces and trims both ends.
fn collapse_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = SpacedText::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        // ASCII bytes above the space are never whitespace: the common case.
        let (white, width) = if byte > b' ' && byte.is_ascii() {
            (false, 1)
        } else if byte.is_ascii() {
            (byte.is_ascii_whitespace() || byte == 0x0B, 1)
        } else {
            let c = text[at..].chars().next().unwrap_or(' ');
            (c.is_whitespace(), c.len_utf8())
        };
        if white {
            out.separate();
        } else {
            out.push(&bytes[at..at + width]);
        }
        at += width;
    }
    out.finish()
}

/// Text built character by character with single spaces between runs: a separation asked
/// for becomes one space before the next character, and none at either end. Built byte by
/// byte (words are short: a copy call per word would cost more than the word); only whole
/// characters are pushed, so the bytes stay UTF-8.
struct SpacedText {
    bytes: Vec<u8>,
    pending_space: bool,
}

impl SpacedText {
    fn with_capacity(capacity: usize) -> Self {
        SpacedText {
            bytes: Vec::with_capacity(capacity),
            pending_space: false,
        }
    }

    /// Separates what comes next from what came before.
    fn separate(&mut self) {
        self.pending_space = true;
    }

    /// Pushes one whole character's bytes.
    fn push(&mut self, character: &[u8]) {
        if self.pending_space && !self.bytes.is_empty() {
            self.bytes.push(b' ');
        }
        self.pending_space = false;
        if let [byte] = character {
            self.bytes.push(*byte);
        } else {
            self.bytes.extend_from_slice(character);
        }
    }

    /// The text (never lossy: the replacement is only a guard).
    fn finish(self) -> String {
        String::from_utf8(self.bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
}

enum TagKind<'a> {
    Element { name: &'a str, closing: bool },
    Other,
}

struct Tag<'a> {
    kind: TagKind<'a>,
    /// Byte offset just past the tag.
    end: usize,
}

/// Recognises markup starting at the `<` at byte `lt`; `None` when the `<` is plain text.
fn scan_tag(html: &str, lt: usize) -> Option<Tag<'_>> {
    let rest = &html[lt + 1..];
    if let Some(comment) = rest.strip_prefix("!--") {
        let end = comment.find("-->").map_or(html.len(), |at| lt + 4 + at + 3);
        return Some(Tag {
            kind: TagKind::Other,
            end,
        });
    }
    let first = rest.chars().next()?;
    if first == '!' || first == '?' {
        let end = rest.find('>').map_or(html.len(), |at| lt + 1 + at + 1);
        return Some(Tag {
            kind: TagKind::Other,
            end,
        });
    }
    let (closing, name_start) = if first == '/' {
        (true, lt + 2)
    } else {
        (false, lt + 1)
    };
    let name_len = html[name_start..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':' || c == '_'))
        .unwrap_or(html.len() - name_start);
    let name = &html[name_start..name_start + name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    // Find the closing `>`, skipping quoted attribute values.
    let mut quote: Option<char> = None;
    let mut end = html.len();
    for (at, c) in html[name_start + name_len..].char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => {
                end = name_start + name_len + at + 1;
                break;
            }
            (None, _) => {}
        }
    }
    Some(Tag {
        kind: TagKind::Element { name, closing },
        end,
    })
}

/// Byte offset just past the end tag of a hidden element (`</script>`), or the end of the text.
fn skip_hidden_element(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    for (at, _) in html[from..].match_indices("</") {
        let start = from + at + 2;
        let candidate = bytes.get(start..start + name.len());
        let ends = bytes
            .get(start + name.len())
            .is_none_or(|b| !b.is_ascii_alphanumeric());
        if ends && candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes())) {
            let close = from + at;
            return html[close..]
                .find('>')
                .map_or(html.len(), |gt| close + gt + 1);
        }
    }
    html.len()
}

/// The search form of already plain text: folded, everything but letters, digits and marks
/// turned into spaces, apostrophes removed, spaces collapsed.
fn search_form(plain: &str) -> String {
    normalise_separators(&fold(plain))
}

fn normalise_separators(folded: &str) -> String {
    let bytes = folded.as_bytes();
    let mut out = SpacedText::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        // ASCII is decided without the Unicode tables (no ASCII character is a combining
        // mark, and ASCII letters and digits are its only alphanumerics).
        let (kept, width) = if byte.is_ascii() {
            if matches!(byte, b'\'' | b'`') {
                at += 1;
                continue;
            }
            (byte.is_ascii_alphanumeric(), 1)
        } else {
            let c = folded[at..].chars().next().unwrap_or(' ');
            if matches!(c, '’' | '‘' | 'ʼ' | '´') {
                at += c.len_utf8();
                continue;
            }
            (c.is_alphanumeric() || is_combining_mark(c), c.len_utf8())
        };
        if kept {
            out.push(&bytes[at..at + width]);
        } else {
            out.separate();
        }
        at += width;
    }
    out.finish()
}

/// The transliterated form of a search form, or `None` when it is ASCII already (and so its
/// own transliteration).
fn transliterated(search: &str) -> Option<String> {
    if search.is_ascii() {
        return None;
    }
    let ascii = deunicode::deunicode_with_tofu(search, " ");
    Some(normalise_separators(&ascii.to_ascii_lowercase()))
}

/// A text prepared for matching: its search form and its transliterated form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct Prepared {
    folded: String,
    ascii: Option<String>,
}

impl Prepared {
    fn from_plain(plain: &str) -> Self {
        let folded = search_form(plain);
        let ascii = transliterated(&folded);
        Self { folded, ascii }
    }

    fn ascii(&self) -> &str {
        self.ascii.as_deref().unwrap_or(&self.folded)
    }
}

/// One post's title, excerpt and content, stripped and folded once so that many queries can be
/// scored against it cheaply (see [`SearchQuery::score_document`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchDocument {
    fields: [Prepared; 3],
}

impl SearchDocument {
    /// Prepares a document from its title, excerpt and content, each of which may be HTML.
    pub fn new(title: &str, excerpt: &str, content: &str) -> Self {
        Self {
            fields: [
                Prepared::from_plain(&strip_html(title)),
                Prepared::from_plain(&strip_html(excerpt)),
                Prepared::from_plain(&strip_html(content)),
            ],
        }
    }
}

/// The forms the text index reads words from, for one field (title, excerpt or content, any
/// of which may be HTML): its search form when that is not ASCII (`None` otherwise), and its
/// transliterated form (the search form itself when that is ASCII). Words are separated by
/// single spaces.
///
/// The index and the matcher share this one preparation ([`SearchDocument::new`] makes the
/// same forms), so what the index finds is what the matcher would find. The index keeps the
/// non-ASCII words of the search form and every word of the transliterated form; why that is
/// enough: a term matches a field when its search form occurs in the field's search form or
/// its transliterated form occurs in the field's transliterated form, and an ASCII search form
/// that occurs in a field's search form also occurs in its transliterated form
/// (transliteration keeps ASCII letters, digits and spaces in place), so folded words that are
/// ASCII need no list of their own.
pub(crate) fn index_forms(html: &str) -> (Option<String>, String) {
    let prepared = Prepared::from_plain(&strip_html(html));
    match prepared.ascii {
        Some(ascii) => (Some(prepared.folded), ascii),
        None => (None, prepared.folded),
    }
}

/// One term of a [`SearchQuery`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SearchTerm {
    /// The term as typed, with runs of whitespace collapsed (phrases without their quotes,
    /// exclusions without their `-`).
    pub text: String,
    /// Written in double quotes: its words must appear together, in order.
    pub phrase: bool,
    /// Preceded by `-`: a post containing it does not match.
    pub exclude: bool,
    prepared: Prepared,
}

impl SearchTerm {
    fn new(text: &str, phrase: bool, exclude: bool) -> Option<Self> {
        let text = collapse_whitespace(text);
        let prepared = Prepared::from_plain(&text);
        if prepared.folded.is_empty() && prepared.ascii().is_empty() {
            return None;
        }
        Some(Self {
            text,
            phrase,
            exclude,
            prepared,
        })
    }

    /// The term's search form (folded, separators normalised) and its transliterated form
    /// (the same text when the search form is ASCII): what the text index looks up.
    pub(crate) fn forms(&self) -> (&str, &str) {
        (&self.prepared.folded, self.prepared.ascii())
    }

    /// Occurrences in a field: `(all, whole-word)`, the better of the folded and the
    /// transliterated comparison.
    fn occurrences(&self, field: &Prepared) -> (u32, u32) {
        let folded = count(&field.folded, &self.prepared.folded);
        let ascii = count(field.ascii(), self.prepared.ascii());
        folded.max(ascii)
    }
}

/// Whether `needle` occurs in `haystack` (what a non-zero [`count`] says).
fn contains(haystack: &str, needle: &str) -> bool {
    !needle.is_empty() && haystack.contains(needle)
}

/// A field of a post prepared as [`SearchQuery::matches`] needs it: its search form, then
/// its transliterated form, each made on first use.
struct LazyField<'a> {
    html: &'a str,
    folded: Option<String>,
    /// `Some(None)` when the search form is ASCII (its own transliteration).
    ascii: Option<Option<String>>,
}

impl<'a> LazyField<'a> {
    fn new(html: &'a str) -> Self {
        LazyField {
            html,
            folded: None,
            ascii: None,
        }
    }

    fn folded(&mut self) -> &str {
        let html = self.html;
        self.folded
            .get_or_insert_with(|| search_form(&strip_html(html)))
    }

    fn ascii(&mut self) -> &str {
        if self.ascii.is_none() {
            self.ascii = Some(transliterated(self.folded()));
        }
        match &self.ascii {
            Some(Some(ascii)) => ascii,
            _ => self.folded.as_deref().unwrap_or(""),
        }
    }
}

/// Non-overlapping occurrences of `needle` in `haystack`, and how many of them are whole words
/// (bounded by spaces or the ends of the text).
fn count(haystack: &str, needle: &str) -> (u32, u32) {
    if needle.is_empty() {
        return (0, 0);
    }
    let mut all = 0u32;
    let mut whole = 0u32;
    for (at, found) in haystack.match_indices(needle) {
        all = all.saturating_add(1);
        let before = haystack[..at].chars().next_back();
        let after = haystack[at + found.len()..].chars().next();
        if before.is_none_or(|c| c == ' ') && after.is_none_or(|c| c == ' ') {
            whole = whole.saturating_add(1);
        }
    }
    (all, whole)
}

/// Weight of an occurrence in the title, the excerpt and the content.
const FIELD_WEIGHTS: [u32; 3] = [10, 4, 1];
/// Multiplier for phrase terms.
const PHRASE_WEIGHT: u32 = 2;

/// A parsed search: required words and phrases, excluded words and phrases.
///
/// Syntax (as in WordPress and most search boxes):
/// - `word`: required (every required term must occur somewhere in the post);
/// - `-word`: excluded (a post where it occurs anywhere does not match);
/// - `"a phrase"`: required phrase; `-"a phrase"`: excluded phrase;
/// - a quote opens a phrase wherever it stands (`ab"cd ef"` is the word `ab` and the phrase
///   `cd ef`); an unbalanced quote runs to the end of the text;
/// - terms with no letter or digit (`-`, `""`, `!!!`) are ignored.
///
/// Matching is case- and accent-insensitive and script-insensitive; see the [module
/// documentation](self).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SearchQuery {
    terms: Vec<SearchTerm>,
}

impl SearchQuery {
    /// Parses a search string. Never fails: anything unparseable is ignored.
    ///
    /// ```
    /// use broadsheet_core::text::SearchQuery;
    /// let q = SearchQuery::parse(r#"  WLP   -"bride kidnapping" -spam "unclosed phrase"#);
    /// assert_eq!(q.to_string(), r#"WLP -"bride kidnapping" -spam "unclosed phrase""#);
    /// assert_eq!(q.terms().len(), 4);
    /// ```
    pub fn parse(text: &str) -> SearchQuery {
        let mut terms = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some(&(start, c)) = chars.peek() {
            if c.is_whitespace() {
                chars.next();
                continue;
            }
            let mut exclude = false;
            let mut body_start = start;
            if c == '-' {
                exclude = true;
                chars.next();
                body_start = start + 1;
            }
            match chars.peek() {
                Some(&(quote_at, '"')) => {
                    chars.next();
                    let phrase_start = quote_at + 1;
                    let mut phrase_end = text.len();
                    for (at, c) in chars.by_ref() {
                        if c == '"' {
                            phrase_end = at;
                            break;
                        }
                    }
                    terms.extend(SearchTerm::new(
                        &text[phrase_start..phrase_end],
                        true,
                        exclude,
                    ));
                }
                Some(_) => {
                    let mut word_end = text.len();
                    while let Some(&(at, c)) = chars.peek() {
                        if c.is_whitespace() || c == '"' {
                            word_end = at;
                            break;
                        }
                        chars.next();
                    }
                    terms.extend(SearchTerm::new(&text[body_start..word_end], false, exclude));
                }
                None => {}
            }
        }
        SearchQuery { terms }
    }

    /// Whether the query has no terms at all (it then matches every post with score 0).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The terms, in the order written.
    pub fn terms(&self) -> &[SearchTerm] {
        &self.terms
    }

    /// Scores a post given its title, excerpt and content (each may be HTML); `None` when it
    /// does not match.
    ///
    /// A post matches when every required term occurs in at least one of the three fields and
    /// no excluded term occurs in any. The score is the sum, over required terms and fields,
    /// of `weight × (occurrences + whole-word occurrences)`, where the weight is 10 for the
    /// title, 4 for the excerpt and 1 for the content, doubled for phrases. So a title match
    /// outranks an excerpt match, which outranks a content match; a whole word counts twice as
    /// much as a part of a word. An empty query, or one with only exclusions, gives `Some(0)`
    /// to every post it does not exclude. The score depends on nothing but its inputs, and
    /// saturates instead of overflowing.
    ///
    /// To score many queries against one post, or one query against many posts repeatedly,
    /// prepare the post once with [`SearchDocument::new`] and use [`Self::score_document`].
    pub fn score(&self, title: &str, excerpt: &str, content: &str) -> Option<u32> {
        if self.is_empty() {
            return Some(0);
        }
        self.score_document(&SearchDocument::new(title, excerpt, content))
    }

    /// Whether a post matches: the same answer as `self.score(title, excerpt, content).is_some()`,
    /// but each field is stripped and folded only when a term needs it, and its
    /// transliterated form only when its search form does not decide. A term found in the
    /// title never prepares the content.
    pub fn matches(&self, title: &str, excerpt: &str, content: &str) -> bool {
        let mut fields = [title, excerpt, content].map(LazyField::new);
        self.terms.iter().all(|term| {
            let (folded, ascii) = term.forms();
            let found = fields
                .iter_mut()
                .any(|field| contains(field.folded(), folded))
                || fields
                    .iter_mut()
                    .any(|field| contains(field.ascii(), ascii));
            found != term.exclude
        })
    }

    /// [`Self::score`] for a prepared document.
    pub fn score_document(&self, document: &SearchDocument) -> Option<u32> {
        let mut score = 0u32;
        for term in &self.terms {
            let mut found = false;
            let mut term_score = 0u32;
            for (field, weight) in document.fields.iter().zip(FIELD_WEIGHTS) {
                let (all, whole) = term.occurrences(field);
                if all > 0 {
                    found = true;
                    term_score =
                        term_score.saturating_add(weight.saturating_mul(all.saturating_add(whole)));
                }
            }
            match (term.exclude, found) {
                (true, true) | (false, false) => return None,
                (true, false) => {}
                (false, true) => {
                    let multiplier = if term.phrase { PHRASE_WEIGHT } else { 1 };
                    score = score.saturating_add(term_score.saturating_mul(multiplier));
                }
            }
        }
        Some(score)
    }
}

impl fmt::Display for SearchQuery {
    /// The canonical search string: terms in order, separated by one space, phrases in double
    /// quotes, exclusions with a leading `-`. Parsing it gives back an equal query.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, term) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" ")?;
            }
            if term.exclude {
                f.write_str("-")?;
            }
            if term.phrase {
                write!(f, "\"{}\"", term.text)?;
            } else {
                f.write_str(&term.text)?;
            }
        }
        Ok(())
    }
}

impl std::str::FromStr for SearchQuery {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fold_removes_case_and_accents_in_every_script() {
        assert_eq!(fold("Crème BRÛLÉE"), "creme brulee");
        assert_eq!(fold("ЖУМАБАЕВА"), "жумабаева");
        assert_eq!(fold("Ёлка й"), "елка и");
        assert_eq!(fold("ﬁne Ｆｕｌｌ"), "fine full");
        assert_eq!(fold("İstanbul"), "istanbul");
        assert_eq!(fold("ΣΟΦΟΣ σοφος"), "σοφοσ σοφοσ");
        assert_eq!(fold("Straße STRASSE"), "strasse strasse");
        // Marks that make a different letter in their own script are kept.
        assert_eq!(fold("が"), "が");
        assert_eq!(fold("हिन्दी"), "हिन्दी");
        assert_eq!(fold("שָׁלוֹם"), "שלום");
    }

    #[test]
    fn fold_is_idempotent_for_every_character() {
        // Every scalar value, followed by an acute accent when it is in the BMP.
        let mut text = String::new();
        for c in (0..=0x0010_FFFF_u32).filter_map(char::from_u32) {
            text.clear();
            text.push(c);
            if c <= '\u{FFFF}' {
                text.push('\u{301}');
            }
            let once = fold(&text);
            assert_eq!(fold(&once), once, "{text:?}");
            // Pieces split at spaces fold as the whole does, whatever stands beside a space.
            text.clear();
            text.extend(['a', c, ' ', c, '\u{301}', ' ', 'B']);
            assert_eq!(fold(&text), fold_piece(&text), "{text:?}");
        }
    }

    #[test]
    fn the_seed_pages_mixed_script_name_is_found_by_every_spelling() {
        // "Jumabaevа" ends in a Cyrillic а.
        let content = "Gulbarchyn Jumabaevа of WLP Kyrgyzstan shares photos";
        for search in [
            "jumabaevа",
            "Jumabaevа",
            "JUMABAEVA",
            "jumabaeva",
            &fold("Jumabaevа"),
        ] {
            assert!(
                SearchQuery::parse(search).score("", "", content).is_some(),
                "{search}"
            );
        }
        let cyrillic = "Гульбархын Жумабаева";
        assert!(
            SearchQuery::parse("zhumabaeva")
                .score("", "", cyrillic)
                .is_some()
        );
        assert!(
            SearchQuery::parse("Жумабаева")
                .score("", "", "Zhumabaeva")
                .is_some()
        );
        assert_eq!(
            SearchQuery::parse("zhumabaeva").score("", "", content),
            None
        );
    }

    #[test]
    fn strip_html_removes_markup_and_decodes_entities() {
        assert_eq!(
            strip_html("<p>One</p><p>two<br/>three</p>"),
            "One two three"
        );
        assert_eq!(strip_html("<b>W</b>ord"), "Word");
        assert_eq!(
            strip_html(r#"<a href="x" title="a > b">link</a> &amp; &hellip; &#x416;&#1078;"#),
            "link & … Жж"
        );
        assert_eq!(
            strip_html("x<style>p > a { }</style>y<SCRIPT>if (a<b) {}</SCRIPT>z"),
            "x y z"
        );
        assert_eq!(strip_html("<style>a</styles>b</STYLE >c"), "c");
        assert_eq!(strip_html("<script>never closed"), "");
        assert_eq!(strip_html("1 < 2 and 3<4"), "1 < 2 and 3<4");
        assert_eq!(strip_html("text <unclosed attr='"), "text");
        assert_eq!(strip_html("teaser<!--more-->rest"), "teaserrest");
        assert_eq!(strip_html("<!-- never closed"), "");
        assert_eq!(strip_html("&lt;script&gt;"), "<script>");
        assert_eq!(strip_html(""), "");
    }

    #[test]
    fn parse_handles_words_phrases_exclusions_and_unbalanced_quotes() {
        let q = SearchQuery::parse(r#"a -b "c  d" -"e f" "g"#);
        let shape: Vec<_> = q
            .terms()
            .iter()
            .map(|t| (t.text.as_str(), t.phrase, t.exclude))
            .collect();
        assert_eq!(
            shape,
            vec![
                ("a", false, false),
                ("b", false, true),
                ("c d", true, false),
                ("e f", true, true),
                ("g", true, false),
            ]
        );
        assert!(SearchQuery::parse(r#" - "" !!! -"" "#).is_empty());
        assert_eq!(
            SearchQuery::parse(r#"ab"cd ef"#).to_string(),
            r#"ab "cd ef""#
        );
    }

    #[test]
    fn exclusions_and_required_terms() {
        let q = SearchQuery::parse("women -violence");
        assert!(q.score("Women leaders", "", "").is_some());
        assert_eq!(q.score("Women leaders", "", "<p>Violence</p>"), None);
        assert_eq!(q.score("Leaders", "", ""), None);
        let only_excluding = SearchQuery::parse("-spam");
        assert_eq!(only_excluding.score("Hello", "", ""), Some(0));
        assert_eq!(only_excluding.score("SPAM", "", ""), None);
        assert_eq!(SearchQuery::parse("").score("x", "y", "z"), Some(0));
    }

    #[test]
    fn phrases_need_their_words_together() {
        let q = SearchQuery::parse(r#""gender-based violence""#);
        assert!(
            q.score("", "", "sexual and gender based violence")
                .is_some()
        );
        assert!(q.score("", "", "Gender—Based  VIOLENCE").is_some());
        assert_eq!(q.score("", "", "violence, gender based"), None);
        let q = SearchQuery::parse(r#""let's stop""#);
        assert!(q.score("Let&#8217;s stop violence", "", "").is_some());
    }

    #[test]
    fn title_outranks_excerpt_outranks_content_and_phrases_count_more() {
        let q = SearchQuery::parse("kyrgyzstan");
        let title = q.score("Kyrgyzstan", "", "").unwrap();
        let excerpt = q.score("", "Kyrgyzstan", "").unwrap();
        let content = q.score("", "", "Kyrgyzstan").unwrap();
        assert!(title > excerpt && excerpt > content && content > 0);
        // More occurrences score more; whole words more than parts of words.
        let twice = q.score("", "", "Kyrgyzstan and Kyrgyzstan").unwrap();
        assert!(twice > content);
        let part = SearchQuery::parse("kyrgyz")
            .score("", "", "Kyrgyzstan")
            .unwrap();
        let whole = SearchQuery::parse("kyrgyz")
            .score("", "", "Kyrgyz")
            .unwrap();
        assert!(whole > part);
        let word = SearchQuery::parse("action").score("Day of action", "", "");
        let phrase = SearchQuery::parse("\"action\"").score("Day of action", "", "");
        assert!(phrase > word);
    }

    #[test]
    fn cjk_text_is_searchable_without_spaces() {
        let q = SearchQuery::parse("女性");
        assert!(q.score("", "", "<p>支持女性的权利</p>").is_some());
        assert_eq!(q.score("", "", "男性"), None);
    }

    #[test]
    fn score_document_equals_score() {
        let doc = SearchDocument::new("Day of Action", "", "WLP Kyrgyzstan");
        let q = SearchQuery::parse("action kyrgyzstan");
        assert_eq!(
            q.score_document(&doc),
            q.score("Day of Action", "", "WLP Kyrgyzstan")
        );
    }

    fn word() -> impl Strategy<Value = String> {
        "[a-zA-Zà-öø-ÿА-я]{1,8}"
    }

    proptest! {
        #![proptest_config(crate::testing::proptest_config(256))]
        #[test]
        fn fold_is_idempotent(text in any::<String>()) {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn folding_piece_by_piece_equals_folding_the_whole(
            text in "([ a-zA-Z\u{0300}-\u{036F}\u{0483}-\u{0489}\u{0591}-\u{05C7}\u{064B}-\u{065F}\u{0900}-\u{0970}\u{3099}\u{309A}\u{1AB0}-\u{1AFF}\u{20D0}-\u{20FF}\u{FE20}-\u{FE2F}ΣςßẞİıﬁＡ-Ｚ¨´ǅ\\p{M}\\p{L}])*",
        ) {
            prop_assert_eq!(fold(&text), fold_piece(&text));
        }

        #[test]
        fn fold_equals_the_definition_on_any_text(text in any::<String>()) {
            prop_assert_eq!(fold(&text), fold_piece(&text));
        }

        /// `matches` answers as `score` does, preparing less.
        #[test]
        fn matches_is_whether_there_is_a_score(
            query in "(-?\"?[a-cé zhЖ]{0,6}\"? ?){0,3}",
            title in "[a-cé<>/ ]{0,12}",
            excerpt in "[a-cé ]{0,8}",
            content in "(<p>|</p>|[a-cé ]|Ж|&amp;){0,20}",
        ) {
            let query = SearchQuery::parse(&query);
            prop_assert_eq!(
                query.matches(&title, &excerpt, &content),
                query.score(&title, &excerpt, &content).is_some()
            );
        }

        /// The byte-wise walk of `collapse_whitespace` is `split_whitespace` joined by
        /// single spaces.
        #[test]
        fn whitespace_is_collapsed_as_split_whitespace_says(
            text in "([ -~\t\n\r\u{0B}\u{0C}\u{1C}-\u{1F}\u{85}\u{A0}\u{2000}-\u{200B}\u{3000}é中]|\\p{Z})*",
        ) {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            prop_assert_eq!(collapse_whitespace(&text), expected);
        }

        /// The ASCII shortcut of `normalise_separators` changes nothing.
        #[test]
        fn separators_are_normalised_as_the_definition_says(
            text in "([ -~]|[\u{80}-\u{2FF}’‘ʼ´\\p{M}\\p{L}\\p{N}\\p{P}\\p{Z}])*",
        ) {
            let mut expected = String::new();
            let mut pending_space = false;
            for c in text.chars() {
                if matches!(c, '\'' | '’' | '‘' | 'ʼ' | '`' | '´') {
                    continue;
                }
                if c.is_alphanumeric() || is_combining_mark(c) {
                    if pending_space && !expected.is_empty() {
                        expected.push(' ');
                    }
                    pending_space = false;
                    expected.push(c);
                } else {
                    pending_space = true;
                }
            }
            prop_assert_eq!(normalise_separators(&text), expected);
        }

        #[test]
        fn fold_is_idempotent_on_letters_and_marks(text in "[\\p{L}\\p{M}\\p{N} ]{0,40}") {
            let once = fold(&text);
            prop_assert_eq!(fold(&once), once);
        }

        #[test]
        fn score_never_panics(
            query in any::<String>(),
            title in any::<String>(),
            excerpt in any::<String>(),
            content in any::<String>(),
        ) {
            let _ = SearchQuery::parse(&query).score(&title, &excerpt, &content);
            let _ = strip_html(&content);
        }

        #[test]
        fn score_never_panics_on_html_like_input(
            query in "[-\" a-zé<>]{0,20}",
            content in "[<>/!\"'=a-z &;#x0-9-]{0,80}",
        ) {
            let _ = SearchQuery::parse(&query).score(&content, "", &content);
        }

        #[test]
        fn a_post_with_all_words_matches(
            words in prop::collection::vec(word(), 1..5),
            filler in prop::collection::vec(word(), 0..5),
            field in 0usize..3,
        ) {
            let mut text = filler.clone();
            text.extend(words.iter().map(|w| w.to_uppercase()));
            let text = text.join(" ");
            let mut fields = [String::new(), String::new(), String::new()];
            fields[field] = format!("<p>{text}</p>");
            let query = SearchQuery::parse(&words.join(" "));
            let score = query.score(&fields[0], &fields[1], &fields[2]);
            prop_assert!(score.is_some_and(|s| s > 0), "{:?} in {:?}", query.to_string(), fields);
        }

        #[test]
        fn an_excluded_word_prevents_a_match(
            words in prop::collection::vec(word(), 0..4),
            excluded in word(),
            field in 0usize..3,
        ) {
            let mut fields = [words.join(" "), String::new(), String::new()];
            fields[field].push(' ');
            fields[field].push_str(&excluded);
            let query = SearchQuery::parse(&format!("{} -{}", words.join(" "), excluded));
            prop_assert_eq!(query.score(&fields[0], &fields[1], &fields[2]), None);
        }

        #[test]
        fn display_round_trips(text in "[-\" a-zA-Zé]{0,30}") {
            let query = SearchQuery::parse(&text);
            let again = SearchQuery::parse(&query.to_string());
            prop_assert_eq!(again, query);
        }
    }
}
