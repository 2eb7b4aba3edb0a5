//! Slugs made from titles, the way WordPress and Ghost make them: [`slugify`], [`SlugStyle`] and
//! [`unique_slug`] (also at the crate root), and the building blocks each style is made of.
//!
//! Two styles:
//!
//! - [`SlugStyle::WordPress`]: WordPress 6.8's `sanitize_title()` — [`remove_accents`], then
//!   [`sanitize_title_with_dashes`] in the `save` context. Letters WordPress cannot fold to ASCII
//!   stay, percent-encoded in lower case (`жумабаева` becomes `%d0%b6%d1%83...`), and the result
//!   is at most 200 bytes.
//! - [`SlugStyle::Ascii`]: Ghost's slugify (`@tryghost/string` 0.3.x with `unidecode` 1.1):
//!   every letter is transliterated to ASCII (`Жумабаева` becomes `zhumabaeva`), see
//!   [`ghost_slugify`].
//!
//! [`unique_slug`] then picks the first free slug among `base`, `base-2`, `base-3`...
//!
//! Each WordPress function follows the PHP one step by step, so that slugs made here are the
//! slugs WordPress would have made; the test vectors in the conformance data come from
//! WordPress's and Ghost's own test suites.

use crate::values::Slug;
use unicode_normalization::UnicodeNormalization;

/// WordPress's slug column is 200 bytes wide; `sanitize_title_with_dashes` and
/// [`unique_slug`] keep slugs within it.
pub const MAX_SLUG_BYTES: usize = 200;

/// How [`slugify`] makes a slug.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlugStyle {
    /// WordPress's `sanitize_title()`: accents removed with [`remove_accents`], other
    /// non-ASCII letters kept percent-encoded (`%d0%b6`), at most 200 bytes.
    WordPress,
    /// Ghost's slugify: everything transliterated to ASCII (`zhumabaeva`), see
    /// [`ghost_slugify`].
    Ascii,
}

/// The `$context` argument of WordPress's `sanitize_title_with_dashes()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordPressContext {
    /// `'save'`: what WordPress does when it stores a slug. Non-breaking spaces, dashes and
    /// slashes become hyphens; quotes, symbols and invisible characters are dropped.
    Save,
    /// `'display'` (WordPress's default): only the basic clean-up.
    Display,
}

/// Makes a slug from a title in the given style. Returns `""` when nothing is left (a title of
/// only punctuation or emoji).
///
/// ```
/// use broadsheet_core::{slugify, SlugStyle};
///
/// // Ghost style transliterates every script to ASCII.
/// assert_eq!(slugify("Жумабаева", SlugStyle::Ascii), "zhumabaeva");
/// assert_eq!(slugify("Day of Action: Kyrgyzstan!", SlugStyle::Ascii), "day-of-action-kyrgyzstan");
///
/// // WordPress style removes accents and keeps other letters percent-encoded.
/// assert_eq!(slugify("Día de Acción — 8 March", SlugStyle::WordPress), "dia-de-accion-8-march");
/// assert_eq!(slugify("Жумабаева", SlugStyle::WordPress), "%d0%b6%d1%83%d0%bc%d0%b0%d0%b1%d0%b0%d0%b5%d0%b2%d0%b0");
///
/// assert_eq!(slugify("!!!", SlugStyle::Ascii), "");
/// ```
pub fn slugify(text: &str, style: SlugStyle) -> String {
    match style {
        SlugStyle::WordPress => sanitize_title(text, ""),
        SlugStyle::Ascii => ghost_slugify(text, false),
    }
}

impl Slug {
    /// Makes a slug from a title with [`slugify`]; `None` when nothing is left of the title.
    ///
    /// ```
    /// use broadsheet_core::{Slug, SlugStyle};
    /// let slug = Slug::from_title("Women's Learning Partnership", SlugStyle::WordPress).unwrap();
    /// assert_eq!(slug.as_str(), "womens-learning-partnership");
    /// assert!(Slug::from_title("<b></b>", SlugStyle::WordPress).is_none());
    /// ```
    pub fn from_title(title: &str, style: SlugStyle) -> Option<Slug> {
        let text = slugify(title, style);
        if text.is_empty() {
            return None;
        }
        Slug::parse(&text).ok()
    }
}

// ---------------------------------------------------------------------------------------------
// WordPress
// ---------------------------------------------------------------------------------------------

/// WordPress's `sanitize_title($title, $fallback_title)` in the `save` context:
/// [`remove_accents`] (no locale), then [`sanitize_title_with_dashes`]; when that leaves
/// nothing, the fallback is returned **as given**, not sanitised (as WordPress does).
///
/// ```
/// use broadsheet_core::slug::sanitize_title;
/// assert_eq!(sanitize_title("Captain <strong>Awesome</strong>", ""), "captain-awesome");
/// assert_eq!(sanitize_title("<strong></strong>", "Captain Awesome"), "Captain Awesome");
/// ```
pub fn sanitize_title(title: &str, fallback: &str) -> String {
    let title = sanitize_title_with_dashes(&remove_accents(title, None), WordPressContext::Save);
    if title.is_empty() {
        fallback.to_owned()
    } else {
        title
    }
}

/// WordPress's `sanitize_title_with_dashes()`: strips HTML tags, keeps `%xx` octets and drops
/// other `%`, lower-cases, percent-encodes non-ASCII (at most 200 bytes), drops HTML entities,
/// turns `.` and whitespace into hyphens, keeps only `[%a-z0-9_-]`, collapses hyphens and trims
/// them from both ends. The `Save` context also turns non-breaking spaces, en and em dashes,
/// `/` and wide invisible spaces into hyphens, `×` into `x`, and drops quotes, symbols, soft
/// hyphens, combining accents and zero-width characters.
///
/// Lower-casing is Unicode's (as PHP 8.3 and later do it: a word-final `Σ` becomes `ς`; PHP
/// before 8.3 made it `σ`).
///
/// ```
/// use broadsheet_core::slug::{sanitize_title_with_dashes, WordPressContext};
/// assert_eq!(sanitize_title_with_dashes("Do – the Dash", WordPressContext::Save), "do-the-dash");
/// assert_eq!(sanitize_title_with_dashes("fran%c3%a7%ois", WordPressContext::Display), "fran%c3%a7ois");
/// ```
///
/// In the `Save` context the result is a fixed point (sanitising it again gives it back):
/// where a dropped character joined the pieces of a sequence `Save` replaces, that sequence
/// is replaced too (WordPress would keep it).
pub fn sanitize_title_with_dashes(text: &str, context: WordPressContext) -> String {
    let mut slug = sanitize_once(text, context);
    // Characters the last step drops can join the pieces of a sequence the `Save` context
    // replaces (`%ef` U+0001 `%bf%bc` becomes U+FFFC's `%ef%bf%bc`), which WordPress would
    // then keep; repeating until nothing changes makes the slug what its own slug is (each
    // pass only removes or replaces, so it ends; ordinary titles take one more pass).
    if context == WordPressContext::Save {
        loop {
            let again = sanitize_once(&slug, context);
            if again == slug {
                break;
            }
            slug = again;
        }
    }
    slug
}

/// One pass of [`sanitize_title_with_dashes`], as WordPress runs it.
fn sanitize_once(text: &str, context: WordPressContext) -> String {
    let title = strip_tags(text);
    let title = keep_octets_only(&title);
    // A Rust string is always UTF-8, so WordPress's `seems_utf8()` branch always runs.
    let title = utf8_uri_encode(&title.to_lowercase(), MAX_SLUG_BYTES);
    let mut title = title.to_ascii_lowercase();

    if context == WordPressContext::Save {
        for from in ["%c2%a0", "%e2%80%93", "%e2%80%94"] {
            title = title.replace(from, "-");
        }
        for from in [
            "&nbsp;", "&#160;", "&ndash;", "&#8211;", "&mdash;", "&#8212;",
        ] {
            title = title.replace(from, "-");
        }
        title = title.replace('/', "-");
        for from in WP_SAVE_STRIPPED {
            title = title.replace(from, "");
        }
        for from in WP_SAVE_WIDE_SPACES {
            title = title.replace(from, "-");
        }
        title = title.replace("%c3%97", "x");
    }

    let title = remove_html_entities(&title).replace('.', "-");
    let title: String = title
        .chars()
        .filter(|&c| matches!(c, '%' | 'a'..='z' | '0'..='9' | ' ' | '_' | '-'))
        .collect();
    // Only spaces are left of the whitespace; `\s+` then `-+` both become one hyphen.
    let mut out = String::with_capacity(title.len());
    for c in title.chars() {
        let c = if c == ' ' { '-' } else { c };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    out.trim_matches('-').to_owned()
}

/// Percent-encoded characters that `sanitize_title_with_dashes` drops in the `save` context.
const WP_SAVE_STRIPPED: &[&str] = &[
    // Soft hyphen.
    "%c2%ad",
    // Inverted exclamation and question marks.
    "%c2%a1",
    "%c2%bf",
    // Angle quotes.
    "%c2%ab",
    "%c2%bb",
    "%e2%80%b9",
    "%e2%80%ba",
    // Curly quotes.
    "%e2%80%98",
    "%e2%80%99",
    "%e2%80%9c",
    "%e2%80%9d",
    "%e2%80%9a",
    "%e2%80%9b",
    "%e2%80%9e",
    "%e2%80%9f",
    // Bullet.
    "%e2%80%a2",
    // Copyright, registered, degree, ellipsis, trade mark.
    "%c2%a9",
    "%c2%ae",
    "%c2%b0",
    "%e2%80%a6",
    "%e2%84%a2",
    // Acute accents.
    "%c2%b4",
    "%cb%8a",
    "%cc%81",
    "%cd%81",
    // Combining grave accent, macron, caron.
    "%cc%80",
    "%cc%84",
    "%cc%8c",
    // Zero-width space, non-joiner and joiner; left-to-right and right-to-left marks,
    // embeddings, pop and overrides; byte order mark; object replacement character.
    "%e2%80%8b",
    "%e2%80%8c",
    "%e2%80%8d",
    "%e2%80%8e",
    "%e2%80%8f",
    "%e2%80%aa",
    "%e2%80%ab",
    "%e2%80%ac",
    "%e2%80%ad",
    "%e2%80%ae",
    "%ef%bb%bf",
    "%ef%bf%bc",
];

/// Invisible characters with a width (en quad to hair space, line and paragraph separators,
/// narrow no-break space) that become hyphens in the `save` context.
const WP_SAVE_WIDE_SPACES: &[&str] = &[
    "%e2%80%80",
    "%e2%80%81",
    "%e2%80%82",
    "%e2%80%83",
    "%e2%80%84",
    "%e2%80%85",
    "%e2%80%86",
    "%e2%80%87",
    "%e2%80%88",
    "%e2%80%89",
    "%e2%80%8a",
    "%e2%80%a8",
    "%e2%80%a9",
    "%e2%80%af",
];

/// WordPress's three steps: `%xx` becomes `---xx---`, every other `%` goes, `---xx---` becomes
/// `%xx` again (including a `---xx---` that was in the text from the start, as in WordPress).
fn keep_octets_only(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut marked = String::with_capacity(text.len() + 8);
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && is_hex_pair(bytes, i + 1) {
            marked.push_str("---");
            marked.push_str(&text[i + 1..i + 3]);
            marked.push_str("---");
            i += 3;
        } else {
            // `i` is on a char boundary: the branch above only skips ASCII.
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            if c != '%' {
                marked.push(c);
            }
            i += c.len_utf8();
        }
    }
    let bytes = marked.as_bytes();
    let mut out = String::with_capacity(marked.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"---")
            && is_hex_pair(bytes, i + 3)
            && bytes.get(i + 5..i + 8) == Some(b"---".as_slice())
        {
            out.push('%');
            out.push_str(&marked[i + 3..i + 5]);
            i += 8;
        } else {
            let Some(c) = marked[i..].chars().next() else {
                break;
            };
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn is_hex_pair(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at..at + 2), Some([a, b]) if a.is_ascii_hexdigit() && b.is_ascii_hexdigit())
}

/// PHP's `preg_replace('/&.+?;/', '', $text)`: from an `&` to the first `;` at least two bytes
/// further, with no newline in between.
fn remove_html_entities(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'&' {
            // `.+?` takes at least one byte, and `.` is never a newline.
            let mut end = None;
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'\n' {
                if bytes[j] == b';' && j >= i + 2 {
                    end = Some(j);
                    break;
                }
                j += 1;
            }
            if let Some(end) = end {
                i = end + 1;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    // Only whole `&...;` runs (ASCII delimiters) are removed, so the rest is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into())
}

/// WordPress's `utf8_uri_encode($text, $max_len)`: percent-encodes every non-ASCII character
/// in lower-case hex and keeps ASCII as it is. With `max_len > 0` the result is at most
/// `max_len` bytes: it stops before the first character that would not fit, so it never cuts
/// inside a `%xx%xx` sequence.
///
/// ```
/// use broadsheet_core::slug::utf8_uri_encode;
/// assert_eq!(utf8_uri_encode("François", 0), "Fran%c3%a7ois");
/// assert_eq!(utf8_uri_encode("章子怡", 20), "%e7%ab%a0%e5%ad%90");
/// ```
pub fn utf8_uri_encode(text: &str, max_len: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let width = if c.is_ascii() { 1 } else { 3 * c.len_utf8() };
        if max_len > 0 && out.len() + width > max_len {
            break;
        }
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                out.push('%');
                out.push(hex_digit(byte >> 4));
                out.push(hex_digit(byte & 0x0f));
            }
        }
    }
    out
}

fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(nibble & 0x0f)])
}

/// PHP's `strip_tags()` with no allowed tags: removes HTML and PHP tags and comments with
/// PHP's own state machine (so `a < b` keeps its `<`, and an unclosed `<b` runs to the end).
fn strip_tags(text: &str) -> String {
    let bytes = text.as_bytes();
    if !bytes.contains(&b'<') && !bytes.contains(&b'>') && !bytes.contains(&0) {
        return text.to_owned();
    }
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    let before = |i: usize, back: usize| if i >= back { bytes[i - back] } else { 0 };
    let mut out = Vec::with_capacity(bytes.len());
    let mut state = 0u8;
    let mut depth = 0usize;
    let mut in_quote = 0u8;
    let mut last = 0u8;
    let mut parens = 0i64;
    let mut is_xml = false;
    for (i, &c) in bytes.iter().enumerate() {
        match state {
            0 => match c {
                0 => {}
                b'<' => {
                    if at(i + 1).is_ascii_whitespace() || at(i + 1) == 0x0b {
                        out.push(c);
                    } else {
                        last = b'<';
                        state = 1;
                    }
                }
                b'>' if depth > 0 => depth -= 1,
                _ => out.push(c),
            },
            1 => match c {
                b'<' => {
                    let next = at(i + 1);
                    if in_quote == 0 && !(next.is_ascii_whitespace() || next == 0x0b) {
                        depth += 1;
                    }
                }
                b'>' => {
                    if depth > 0 {
                        depth -= 1;
                    } else if in_quote == 0 {
                        last = b'>';
                        if !(is_xml && before(i, 1) == b'-') {
                            in_quote = 0;
                            state = 0;
                            is_xml = false;
                        }
                    }
                }
                b'"' | b'\'' if i > 0 && (in_quote == 0 || c == in_quote) => {
                    in_quote = if in_quote != 0 { 0 } else { c };
                }
                b'!' if before(i, 1) == b'<' => {
                    state = 3;
                    last = c;
                }
                b'?' if before(i, 1) == b'<' => {
                    parens = 0;
                    state = 2;
                }
                _ => {}
            },
            2 => match c {
                b'(' if last != b'"' && last != b'\'' => {
                    last = b'(';
                    parens += 1;
                }
                b')' if last != b'"' && last != b'\'' => {
                    last = b')';
                    parens -= 1;
                }
                b'>' => {
                    if depth > 0 {
                        depth -= 1;
                    } else if in_quote == 0 && parens == 0 && last != b'"' && before(i, 1) == b'?' {
                        in_quote = 0;
                        state = 0;
                    }
                }
                b'"' | b'\'' if i > 0 && before(i, 1) != b'\\' => {
                    if last == c {
                        last = 0;
                    } else if last != b'\\' {
                        last = c;
                    }
                    if in_quote == 0 || c == in_quote {
                        in_quote = if in_quote != 0 { 0 } else { c };
                    }
                }
                b'l' | b'L'
                    if i > 4
                        && before(i, 1).eq_ignore_ascii_case(&b'm')
                        && before(i, 2).eq_ignore_ascii_case(&b'x')
                        && before(i, 3) == b'?'
                        && before(i, 4) == b'<' =>
                {
                    state = 1;
                    is_xml = true;
                }
                _ => {}
            },
            3 => match c {
                b'>' => {
                    if depth > 0 {
                        depth -= 1;
                    } else if in_quote == 0 {
                        state = 0;
                    }
                }
                b'"' | b'\''
                    if i > 0 && before(i, 1) != b'\\' && (in_quote == 0 || c == in_quote) =>
                {
                    in_quote = if in_quote != 0 { 0 } else { c };
                }
                b'-' if before(i, 1) == b'-' && before(i, 2) == b'!' => state = 4,
                b'e' | b'E' if i > 6 && bytes[i - 6..i].eq_ignore_ascii_case(b"doctyp") => {
                    state = 1;
                }
                _ => {}
            },
            _ => {
                if c == b'>' && in_quote == 0 && before(i, 1) == b'-' && before(i, 2) == b'-' {
                    state = 0;
                }
            }
        }
    }
    // Tags start and end at ASCII bytes, so what is kept is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into())
}

/// WordPress 6.8's `remove_accents($text, $locale)` for UTF-8 text: normalises to NFC (as
/// WordPress does when PHP's `intl` extension is present), then replaces accented Latin letters
/// (Latin-1 Supplement, Latin Extended-A, some of Extended-B, Vietnamese and Hanyu Pinyin
/// vowels) with ASCII, `€` with `E`, and removes `£`. Other characters are kept.
///
/// `locale` is WordPress's locale name; `None` means WordPress's default `en_US`. Locales
/// starting with `de` write `ä` as `ae` and `ß` as `ss`; `da_DK` writes `æ ø å` as `ae oe aa`;
/// `ca` turns `l·l` into `ll`; `sr_RS` and `bs_BA` write `đ` as `dj`.
///
/// ```
/// use broadsheet_core::slug::remove_accents;
/// assert_eq!(remove_accents("Ærøskøbing", None), "AEroskobing");
/// assert_eq!(remove_accents("Grüße", Some("de_DE")), "Gruesse");
/// assert_eq!(remove_accents("Жумабаева", None), "Жумабаева");
/// ```
pub fn remove_accents(text: &str, locale: Option<&str>) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    let text: String = text.nfc().collect();
    let locale = locale.unwrap_or("en_US");
    let rules = if locale.starts_with("de") {
        LocaleRules::German
    } else if locale == "da_DK" {
        LocaleRules::Danish
    } else if locale == "ca" {
        LocaleRules::Catalan
    } else if locale == "sr_RS" || locale == "bs_BA" {
        LocaleRules::Serbian
    } else {
        LocaleRules::None
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(c) = rest.chars().next() {
        if rules == LocaleRules::Catalan && rest.starts_with("l·l") {
            out.push_str("ll");
            rest = &rest["l·l".len()..];
            continue;
        }
        match rules.replace(c).or_else(|| accent_replacement(c)) {
            Some(replacement) => out.push_str(replacement),
            None => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LocaleRules {
    None,
    German,
    Danish,
    Catalan,
    Serbian,
}

impl LocaleRules {
    fn replace(self, c: char) -> Option<&'static str> {
        match (self, c) {
            (Self::German, 'Ä') => Some("Ae"),
            (Self::German, 'ä') => Some("ae"),
            (Self::German, 'Ö') => Some("Oe"),
            (Self::German, 'ö') => Some("oe"),
            (Self::German, 'Ü') => Some("Ue"),
            (Self::German, 'ü') => Some("ue"),
            (Self::German, 'ß') => Some("ss"),
            (Self::Danish, 'Æ') => Some("Ae"),
            (Self::Danish, 'æ') => Some("ae"),
            (Self::Danish, 'Ø') => Some("Oe"),
            (Self::Danish, 'ø') => Some("oe"),
            (Self::Danish, 'Å') => Some("Aa"),
            (Self::Danish, 'å') => Some("aa"),
            (Self::Serbian, 'Đ') => Some("DJ"),
            (Self::Serbian, 'đ') => Some("dj"),
            _ => None,
        }
    }
}

/// WordPress's `remove_accents` table (UTF-8 branch, no locale).
fn accent_replacement(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' | 'Ǎ' | 'Ạ' | 'Ả' | 'Ấ' | 'Ầ' | 'Ẩ'
        | 'Ẫ' | 'Ậ' | 'Ắ' | 'Ằ' | 'Ẳ' | 'Ẵ' | 'Ặ' => "A",
        'ª' | 'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ǎ' | 'ɑ' | 'ạ' | 'ả' | 'ấ'
        | 'ầ' | 'ẩ' | 'ẫ' | 'ậ' | 'ắ' | 'ằ' | 'ẳ' | 'ẵ' | 'ặ' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ð' | 'Ď' | 'Đ' => "D",
        'ð' | 'ď' | 'đ' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' | 'Ə' | '€' | 'Ẹ' | 'Ẻ' | 'Ẽ' | 'Ế'
        | 'Ề' | 'Ể' | 'Ễ' | 'Ệ' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'ǝ' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề'
        | 'ể' | 'ễ' | 'ệ' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' | 'Ǐ' | 'Ỉ' | 'Ị' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'ǐ' | 'ỉ' | 'ị' => "i",
        'Ĳ' => "IJ",
        'ĳ' => "ij",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' | 'ĸ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' | 'Ŋ' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'ŉ' | 'ŋ' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' | 'Ơ' | 'Ǒ' | 'Ọ' | 'Ỏ' | 'Ố' | 'Ồ'
        | 'Ổ' | 'Ỗ' | 'Ộ' | 'Ớ' | 'Ờ' | 'Ở' | 'Ỡ' | 'Ợ' => "O",
        'º' | 'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'ơ' | 'ǒ' | 'ọ' | 'ỏ' | 'ố'
        | 'ồ' | 'ổ' | 'ỗ' | 'ộ' | 'ớ' | 'ờ' | 'ở' | 'ỡ' | 'ợ' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ß' | 'ś' | 'ŝ' | 'ş' | 'š' | 'ſ' | 'ș' => "s",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' | 'Ư' | 'Ǔ' | 'Ǖ' | 'Ǘ' | 'Ǚ'
        | 'Ǜ' | 'Ụ' | 'Ủ' | 'Ứ' | 'Ừ' | 'Ử' | 'Ữ' | 'Ự' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'ư' | 'ǔ' | 'ǖ' | 'ǘ' | 'ǚ'
        | 'ǜ' | 'ụ' | 'ủ' | 'ứ' | 'ừ' | 'ử' | 'ữ' | 'ự' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ŷ' | 'Ÿ' | 'Ỳ' | 'Ỵ' | 'Ỷ' | 'Ỹ' => "Y",
        'ý' | 'ÿ' | 'ŷ' | 'ỳ' | 'ỵ' | 'ỷ' | 'ỹ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        '£' => "",
        _ => return None,
    })
}

/// WordPress's `remove_accents` for text that is not UTF-8: WordPress then assumes ISO-8859-1,
/// and its table also folds the Windows-1252 letters in bytes 0x80–0x9F (`€ ƒ Š Ž š ž Ÿ Œ œ`).
/// Valid UTF-8 goes to [`remove_accents`] (no locale) instead, as in WordPress. Bytes left
/// unchanged are decoded as Windows-1252.
///
/// ```
/// use broadsheet_core::slug::remove_accents_latin1;
/// assert_eq!(remove_accents_latin1(b"Caf\xe9 \x8aibenik \xdf"), "Cafe Sibenik ss");
/// assert_eq!(remove_accents_latin1("Café".as_bytes()), "Cafe");
/// ```
pub fn remove_accents_latin1(bytes: &[u8]) -> String {
    if let Ok(text) = std::str::from_utf8(bytes) {
        return remove_accents(text, None);
    }
    let mut out = String::with_capacity(bytes.len() + 8);
    for &byte in bytes {
        match latin1_replacement(byte) {
            Some(replacement) => out.push_str(replacement),
            None => out.push(windows_1252(byte)),
        }
    }
    out
}

/// WordPress's ISO-8859-1 tables (`strtr` of single bytes, then the double letters).
fn latin1_replacement(byte: u8) -> Option<&'static str> {
    Some(match byte {
        0x80 | 0xc8..=0xcb => "E",
        0x83 => "f",
        0x8a => "S",
        0x8e => "Z",
        0x9a => "s",
        0x9e => "z",
        0x9f | 0xa5 | 0xdd => "Y",
        0xa2 | 0xe7 => "c",
        0xb5 | 0xf9..=0xfc => "u",
        0xc0..=0xc5 => "A",
        0xc7 => "C",
        0xcc..=0xcf => "I",
        0xd1 => "N",
        0xd2..=0xd6 | 0xd8 => "O",
        0xd9..=0xdc => "U",
        0xe0..=0xe5 => "a",
        0xe8..=0xeb => "e",
        0xec..=0xef => "i",
        0xf1 => "n",
        0xf2..=0xf6 | 0xf8 => "o",
        0xfd | 0xff => "y",
        0x8c => "OE",
        0x9c => "oe",
        0xc6 => "AE",
        0xd0 => "DH",
        0xde => "TH",
        0xdf => "ss",
        0xe6 => "ae",
        0xf0 => "dh",
        0xfe => "th",
        _ => return None,
    })
}

/// Decodes one Windows-1252 byte (the five undefined bytes map to the C1 controls, as browsers
/// do).
fn windows_1252(byte: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9f => HIGH[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

// ---------------------------------------------------------------------------------------------
// Ghost
// ---------------------------------------------------------------------------------------------

/// Ghost's slugify (`@tryghost/string` 0.3.x, `unidecode` 1.1): removes invisible and control
/// characters, turns `£` into a hyphen, transliterates everything else to ASCII, turns
/// whitespace and URL-reserved characters (``. @ : / ? # [ ] ! $ & ( ) * + , ; = \ % < > | ^ ~ " { } ` ``)
/// into hyphens, removes apostrophes and lower-cases. Unless `required_changes_only` (Ghost's
/// `requiredChangesOnly`, used when importing), runs of hyphens then become one and a leading
/// and a trailing hyphen are removed.
///
/// Transliteration uses the `deunicode` crate, whose tables come from the same source as
/// `unidecode`'s, with a small table for the differences: the characters `unidecode` 1.1 has no
/// transliteration for (symbols, dingbats, CJK Extension A, Arabic presentation forms...) are
/// dropped, a few Chinese readings follow `unidecode`, and characters outside the Basic
/// Multilingual Plane (emoji) are dropped as Ghost drops them.
///
/// ```
/// use broadsheet_core::slug::ghost_slugify;
/// assert_eq!(ghost_slugify("WHOOPS! I spent all my £ again!", false), "whoops-i-spent-all-my-again");
/// assert_eq!(ghost_slugify("-keep--my-dashes-", true), "-keep--my-dashes-");
/// ```
pub fn ghost_slugify(text: &str, required_changes_only: bool) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if is_ghost_invisible(c) {
            continue;
        }
        let ascii: &str = if c == '£' {
            "-"
        } else if c.is_ascii() {
            slug.push(c);
            continue;
        } else {
            ghost_transliterate(c)
        };
        slug.push_str(ascii);
    }
    let mut out = String::with_capacity(slug.len());
    for c in slug.chars() {
        if c == '\'' {
            continue;
        }
        let c = if c.is_whitespace() || GHOST_RESERVED.contains(c) {
            '-'
        } else {
            c.to_ascii_lowercase()
        };
        if !required_changes_only && c == '-' && out.ends_with('-') {
            continue;
        }
        out.push(c);
    }
    if !required_changes_only {
        if out.ends_with('-') {
            out.pop();
        }
        if out.starts_with('-') {
            out.remove(0);
        }
    }
    out.trim().to_owned()
}

/// The characters Ghost turns into hyphens (besides whitespace).
const GHOST_RESERVED: &str = ".@:/?#[]!$&()*+,;=\\%<>|^~\"{}`–—";

/// Ghost's `stripInvisibleChars`: control and format characters, private use, and (because
/// JavaScript sees them as surrogate pairs, which the pattern includes) everything outside the
/// Basic Multilingual Plane.
fn is_ghost_invisible(c: char) -> bool {
    matches!(u32::from(c),
        0x00..=0x1f
        | 0x7f..=0x9f
        | 0xad
        | 0x600..=0x605
        | 0x61c
        | 0x6dd
        | 0x70f
        | 0x8e2
        | 0x180e
        | 0x200b..=0x200f
        | 0x202a..=0x202e
        | 0x2060..=0x206f
        | 0xd7fc..=0xf8ff
        | 0xfeff
        | 0xfff9..=0xfffb
        | 0xfffe..=0xffff
        | 0x10000..)
}

/// Transliterates one non-ASCII character the way `unidecode` 1.1 does.
fn ghost_transliterate(c: char) -> &'static str {
    let code = u32::from(c);
    if let Some(&(_, reading)) = UNIDECODE_READINGS.iter().find(|(from, _)| *from == c) {
        return reading;
    }
    if UNIDECODE_UNKNOWN
        .iter()
        .any(|&(first, last)| (first..=last).contains(&code))
    {
        return "";
    }
    deunicode::deunicode_char(c).unwrap_or("")
}

/// Chinese characters for which `unidecode` 1.1 gives another reading than `deunicode`.
const UNIDECODE_READINGS: &[(char, &str)] = &[
    ('么', "Yao "),
    ('什', "Shi "),
    ('价', "Jie "),
    ('旅', "Lu "),
    ('术', "Zhu "),
];

/// Code point ranges `unidecode` 1.1 has no transliteration for (it gives nothing) but
/// `deunicode` has: symbols and dingbats, letterlike and enclosed characters, blocks added to
/// Unicode after its tables were made, CJK Extension A and Arabic presentation forms.
const UNIDECODE_UNKNOWN: &[(u32, u32)] = &[
    (0x037A, 0x037A),
    (0x0385, 0x0385),
    (0x0483, 0x0483),
    (0x05BE, 0x05BE),
    (0x05C1, 0x05C1),
    (0x05C4, 0x05C4),
    (0x0653, 0x0653),
    (0x0670, 0x0670),
    (0x0674, 0x0674),
    (0x06D0, 0x06D1),
    (0x070F, 0x070F),
    (0x0801, 0x08FE),
    (0x09FA, 0x09FA),
    (0x0B35, 0x0B35),
    (0x0B70, 0x0B70),
    (0x0EAE, 0x0EAE),
    (0x0EB1, 0x0EB1),
    (0x0F01, 0x0F07),
    (0x0F0A, 0x0F0A),
    (0x0F15, 0x0F1F),
    (0x0F38, 0x0F38),
    (0x0F82, 0x0F89),
    (0x0FC4, 0x0FCF),
    (0x1120, 0x1120),
    (0x113C, 0x113F),
    (0x114E, 0x1151),
    (0x1154, 0x1155),
    (0x11EE, 0x11EE),
    (0x17CB, 0x17CB),
    (0x17D0, 0x17D0),
    (0x1806, 0x1806),
    (0x180A, 0x180E),
    (0x1901, 0x1DF4),
    (0x2071, 0x2071),
    (0x2100, 0x2121),
    (0x2123, 0x213F),
    (0x2400, 0x24EA),
    (0x2600, 0x27BE),
    (0x2900, 0x2DFF),
    (0x3035, 0x3035),
    (0x303E, 0x303F),
    (0x309A, 0x309C),
    (0x30FB, 0x30FB),
    (0x3173, 0x3173),
    (0x3190, 0x319F),
    (0x3400, 0x4CFF),
    (0xA500, 0xABF9),
    (0xFB52, 0xFDC7),
    (0xFE49, 0xFE4F),
    (0xFE70, 0xFEFC),
    (0xFFFC, 0xFFFD),
];

// ---------------------------------------------------------------------------------------------
// Unique slugs
// ---------------------------------------------------------------------------------------------

/// Picks a free slug the way WordPress's `wp_unique_post_slug()` does: `base` itself when
/// `is_taken` says it is free, otherwise `base-2`, `base-3`, ... The result is at most
/// [`MAX_SLUG_BYTES`] (200) bytes: the base is shortened to make room for the suffix, never
/// inside a UTF-8 character or inside a percent-encoded character (`%d0%b6` is cut whole), and
/// hyphens left at its end are removed before the suffix is added.
///
/// `is_taken` is asked once per candidate, in order; the function returns the first candidate
/// it calls free (so it runs as long as every candidate is taken).
///
/// ```
/// use broadsheet_core::{unique_slug, Slug};
/// let taken = ["kyrgyzstan", "kyrgyzstan-2"];
/// let base = Slug::parse("kyrgyzstan").unwrap();
/// assert_eq!(unique_slug(&base, |s| taken.contains(&s)).as_str(), "kyrgyzstan-3");
/// ```
pub fn unique_slug(base: &Slug, mut is_taken: impl FnMut(&str) -> bool) -> Slug {
    let text = base.as_str();
    let first = truncate_slug(text, MAX_SLUG_BYTES);
    if let Ok(slug) = Slug::parse(first)
        && !is_taken(slug.as_str())
    {
        return slug;
    }
    let mut number: u64 = 2;
    loop {
        let suffix = format!("-{number}");
        let stem = truncate_slug(text, MAX_SLUG_BYTES.saturating_sub(suffix.len()));
        let candidate = format!("{}{suffix}", stem.trim_end_matches('-'));
        if let Ok(slug) = Slug::parse(&candidate)
            && !is_taken(slug.as_str())
        {
            return slug;
        }
        number = number.saturating_add(1);
    }
}

/// The longest prefix of `text` of at most `max` bytes that does not end inside a UTF-8
/// character, a `%xx` escape or a percent-encoded multi-byte character.
fn truncate_slug(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let bytes = text.as_bytes();
    let mut safe = 0;
    let mut i = 0;
    // Bytes still expected of a percent-encoded UTF-8 sequence.
    let mut pending = 0u8;
    while i < bytes.len() {
        let (width, byte) = if bytes[i] == b'%' && is_hex_pair(bytes, i + 1) {
            (3, hex_value(bytes[i + 1]) << 4 | hex_value(bytes[i + 2]))
        } else {
            let width = text[i..].chars().next().map_or(1, char::len_utf8);
            (width, 0)
        };
        if i + width > max {
            break;
        }
        let encoded = width == 3 && bytes[i] == b'%';
        pending = match (encoded, byte) {
            (true, 0x80..=0xbf) => pending.saturating_sub(1),
            (true, 0xc0..=0xdf) => 1,
            (true, 0xe0..=0xef) => 2,
            (true, 0xf0..=0xff) => 3,
            _ => 0,
        };
        i += width;
        if pending == 0 {
            safe = i;
        }
    }
    &text[..safe]
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        b'A'..=b'F' => digit - b'A' + 10,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `slugify` fuzz target (`tests/fuzz-regressions/slugify/`): a control
    /// character between the octets of U+FFFC hid them from the `Save` replacements, so the
    /// slug `%ef%bf%bc` became `""` when slugified again.
    #[test]
    fn a_dropped_character_cannot_join_a_sequence_save_replaces() {
        for (title, slug) in [
            ("%ef\u{1}%bf%bc", ""),
            ("a%c2\u{1}%a0b", "a-b"),
            ("%c3\u{7f}%97", "x"),
            ("x%e2%80\u{1}%8by", "xy"),
        ] {
            let once = sanitize_title_with_dashes(title, WordPressContext::Save);
            assert_eq!(once, slug, "{title:?}");
            assert_eq!(
                sanitize_title_with_dashes(&once, WordPressContext::Save),
                once
            );
            assert_eq!(slugify(title, SlugStyle::WordPress), slug, "{title:?}");
        }
    }

    fn slug(text: &str) -> Slug {
        Slug::parse(text).unwrap()
    }

    #[test]
    fn strip_tags_follows_php() {
        assert_eq!(
            strip_tags("Captain <strong>Awesome</strong>"),
            "Captain Awesome"
        );
        assert_eq!(strip_tags("a < b"), "a < b");
        assert_eq!(strip_tags("a <b"), "a ");
        assert_eq!(strip_tags("x<!-- <b>c</b> -->y"), "xy");
        assert_eq!(strip_tags("x<?php echo '>'; ?>y"), "xy");
        assert_eq!(strip_tags("<a title=\"1 > 0\">one</a>"), "one");
        assert_eq!(strip_tags("1 > 0"), "1 > 0");
    }

    #[test]
    fn octets_are_kept_and_stray_percent_signs_dropped() {
        assert_eq!(keep_octets_only("fran%c3%a7%ois"), "fran%c3%a7ois");
        assert_eq!(keep_octets_only("100%"), "100");
        assert_eq!(keep_octets_only("%%41"), "%41");
        // WordPress turns a literal `---ab---` into `%ab` as well.
        assert_eq!(keep_octets_only("x---ab---y"), "x%aby");
    }

    #[test]
    fn entities_are_removed_lazily_and_not_across_lines() {
        assert_eq!(remove_html_entities("one &amp; two"), "one  two");
        assert_eq!(remove_html_entities("one &&amp; two;"), "one  two;");
        assert_eq!(remove_html_entities("a &;; b"), "a  b");
        assert_eq!(remove_html_entities("a &\n; b"), "a &\n; b");
        assert_eq!(remove_html_entities("penn & teller"), "penn & teller");
    }

    #[test]
    fn utf8_uri_encode_stops_before_a_character_that_does_not_fit() {
        assert_eq!(utf8_uri_encode("aé", 0), "a%c3%a9");
        assert_eq!(utf8_uri_encode("aé", 6), "a");
        assert_eq!(utf8_uri_encode("aé", 7), "a%c3%a9");
        assert_eq!(utf8_uri_encode("abc", 2), "ab");
    }

    #[test]
    fn wordpress_slugs_are_at_most_200_bytes() {
        let long = "ж".repeat(100);
        let slug = slugify(&long, SlugStyle::WordPress);
        assert_eq!(slug.len(), 198);
        assert_eq!(slug, "%d0%b6".repeat(33));
        assert_eq!(slugify(&"a".repeat(300), SlugStyle::WordPress).len(), 200);
    }

    #[test]
    fn remove_accents_locales() {
        assert_eq!(remove_accents("Ääß", Some("de_CH_informal")), "Aeaess");
        assert_eq!(remove_accents("Ääß", None), "Aas");
        assert_eq!(remove_accents("đ", Some("bs_BA")), "dj");
        assert_eq!(remove_accents("øå", Some("da_DK")), "oeaa");
        assert_eq!(remove_accents("øå", Some("nb_NO")), "oa");
        assert_eq!(remove_accents("col·lecció", Some("ca")), "colleccio");
    }

    #[test]
    fn remove_accents_normalises_decomposed_text() {
        assert_eq!(remove_accents("Cafe\u{301}", None), "Cafe");
    }

    #[test]
    fn latin1_bytes_use_the_windows_1252_table() {
        assert_eq!(remove_accents_latin1(b"\x80\x8c\xe6"), "EOEae");
        // Bytes WordPress leaves alone are decoded, not lost.
        assert_eq!(remove_accents_latin1(b"\x85\xa9"), "…©");
    }

    #[test]
    fn ghost_transliterates_and_drops() {
        assert_eq!(ghost_slugify("Жумабаева", false), "zhumabaeva");
        assert_eq!(ghost_slugify("Jumabaevа", false), "jumabaeva");
        assert_eq!(ghost_slugify("I ❤ Bishkek ☀", false), "i-bishkek");
        assert_eq!(ghost_slugify("什么", false), "shi-yao");
        assert_eq!(ghost_slugify("tab\there", false), "tabhere");
        assert_eq!(ghost_slugify("", false), "");
        assert_eq!(ghost_slugify("--", true), "--");
    }

    #[test]
    fn every_ghost_slug_of_one_character_is_a_valid_slug() {
        for code in 0..=0x0010_ffff_u32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("a{c}b");
            let out = ghost_slugify(&text, false);
            assert!(out.is_ascii(), "{c:?} gave {out:?}");
            assert!(Slug::parse(&out).is_ok(), "{c:?} gave {out:?}");
        }
    }

    #[test]
    fn from_title() {
        assert_eq!(
            Slug::from_title("Жумабаева", SlugStyle::Ascii)
                .unwrap()
                .as_str(),
            "zhumabaeva"
        );
        assert_eq!(Slug::from_title("  ", SlugStyle::Ascii), None);
        assert_eq!(Slug::from_title("&amp;", SlugStyle::WordPress), None);
    }

    #[test]
    fn unique_slug_returns_the_base_when_free() {
        let mut asked = Vec::new();
        let found = unique_slug(&slug("news"), |s| {
            asked.push(s.to_owned());
            false
        });
        assert_eq!(found.as_str(), "news");
        assert_eq!(asked, ["news"]);
    }

    #[test]
    fn unique_slug_counts_from_two() {
        let taken = ["news", "news-2", "news-3"];
        let mut asked = Vec::new();
        let found = unique_slug(&slug("news"), |s| {
            asked.push(s.to_owned());
            taken.contains(&s)
        });
        assert_eq!(found.as_str(), "news-4");
        assert_eq!(asked, ["news", "news-2", "news-3", "news-4"]);
    }

    #[test]
    fn unique_slug_trims_the_base_to_fit_200_bytes() {
        let base = "a".repeat(200);
        let found = unique_slug(&slug(&base), |s| s == base);
        assert_eq!(found.as_str(), format!("{}-2", "a".repeat(198)));

        let taken: Vec<String> = (2..=10)
            .map(|n| format!("{}-{n}", "a".repeat(200 - format!("-{n}").len())))
            .chain([base.clone()])
            .collect();
        let found = unique_slug(&slug(&base), |s| taken.iter().any(|t| t == s));
        assert_eq!(found.as_str(), format!("{}-11", "a".repeat(197)));
        assert_eq!(found.as_str().len(), 200);
    }

    #[test]
    fn unique_slug_never_cuts_a_percent_encoded_character() {
        // 33 encoded characters (198 bytes) then "ab": "-2" leaves room for 198 bytes.
        let base = format!("{}ab", "%d0%b6".repeat(33));
        let found = unique_slug(&slug(&base), |s| s == base);
        assert_eq!(found.as_str(), format!("{}-2", "%d0%b6".repeat(33)));

        // 34 encoded characters are 204 bytes: the first candidate is cut to 33 (198 bytes)
        // rather than to 200 bytes that end in the middle of `%d0%b6`.
        let base = "%d0%b6".repeat(34);
        let found = unique_slug(&slug(&base), |_| false);
        assert_eq!(found.as_str(), "%d0%b6".repeat(33));

        // `-10` leaves 197 bytes: 32 whole characters (192 bytes), not a dangling `%d0`.
        let base = "%d0%b6".repeat(40);
        let found = unique_slug(&slug(&base), |s| !s.ends_with("-10"));
        assert_eq!(found.as_str(), format!("{}-10", "%d0%b6".repeat(32)));
    }

    #[test]
    fn unique_slug_never_cuts_a_utf8_character() {
        // Raw (not percent-encoded) Cyrillic: two bytes a letter.
        let base = format!("a{}", "ж".repeat(100)); // 201 bytes
        let found = unique_slug(&slug(&base), |_| false);
        assert_eq!(found.as_str(), format!("a{}", "ж".repeat(99)));
        let found = unique_slug(&slug(&base), |s| s.len() > 190 && !s.ends_with("-2"));
        assert_eq!(found.as_str(), format!("a{}-2", "ж".repeat(98)));
    }

    #[test]
    fn unique_slug_drops_hyphens_before_the_suffix() {
        let base = format!("{}-b", "a".repeat(197)); // 199 bytes
        let found = unique_slug(&slug(&base), |s| s == base);
        assert_eq!(found.as_str(), format!("{}-2", "a".repeat(197)));
    }
}
