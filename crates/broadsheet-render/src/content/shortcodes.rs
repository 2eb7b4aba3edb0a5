//! A port of WordPress's shortcode API (wp-includes/shortcodes.php, 6.8): `do_shortcode`,
//! `strip_shortcodes`, `shortcode_unautop`, `shortcode_parse_atts`, with the handling of
//! shortcodes inside HTML attributes (`do_shortcodes_in_html_tags`, with the part of KSES it
//! calls) and the `[[tag]]` escape.
//!
//! WordPress finds shortcodes with one backtracking regular expression
//! (`get_shortcode_regex`); here the same match is found by a scanner that remembers, for each
//! tag name, where its next closing tag and the next `]` are, so a text full of unclosed
//! shortcodes costs one pass, not one pass per shortcode.

use super::html_split::split_html;
use regex::Regex;
use std::collections::HashMap;
use std::fmt;
use std::sync::LazyLock;

/// A shortcode's attributes as WordPress's `shortcode_parse_atts` gives them: named ones
/// (lower-cased names) and positional ones (keys `0`, `1`, ...), in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Atts {
    entries: Vec<(String, String)>,
}

impl Atts {
    /// The value of attribute `name` (lower case), or of the positional attribute `"0"`...
    pub fn get(&self, name: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every attribute, in order, as `(key, value)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }

    fn set(&mut self, key: String, value: String) {
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    fn push(&mut self, value: String) {
        let next = self
            .entries
            .iter()
            .filter_map(|(key, _)| key.parse::<usize>().ok())
            .max()
            .map_or(0, |max| max + 1);
        self.entries.push((next.to_string(), value));
    }
}

/// What a shortcode's handler is given: its attributes, the content between its opening and
/// closing tags (`None` when it has none), its tag name and the registry (to expand nested
/// shortcodes).
pub type Handler = Box<dyn Fn(&Atts, Option<&str>, &str, &Shortcodes) -> String + Send + Sync>;

/// A registry of shortcodes (WordPress's `$shortcode_tags`), in registration order.
#[derive(Default)]
pub struct Shortcodes {
    tags: Vec<(String, Handler)>,
}

impl fmt::Debug for Shortcodes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.tags.iter().map(|(name, _)| name))
            .finish()
    }
}

/// Where one shortcode was found.
struct Found {
    start: usize,
    end: usize,
    escape_open: bool,
    escape_close: bool,
    name: usize,
    atts: (usize, usize),
    content: Option<(usize, usize)>,
}

/// Remembers, while a scan moves forward, where the next `]` and each name's next closing tag
/// are (`None` once there is none left).
#[derive(Default)]
struct Ahead {
    bracket: Option<Option<usize>>,
    closing: HashMap<usize, Option<usize>>,
}

impl Ahead {
    fn next(
        cached: &mut Option<Option<usize>>,
        text: &str,
        from: usize,
        needle: &str,
    ) -> Option<usize> {
        match *cached {
            Some(Some(at)) if at >= from => Some(at),
            Some(None) => None,
            _ => {
                let found = text[from..].find(needle).map(|p| p + from);
                *cached = Some(found);
                found
            }
        }
    }

    fn bracket(&mut self, text: &str, from: usize) -> Option<usize> {
        Self::next(&mut self.bracket, text, from, "]")
    }

    fn closing(&mut self, text: &str, from: usize, name: usize, tag: &str) -> Option<usize> {
        let mut cached = self.closing.get(&name).copied();
        let found = Self::next(&mut cached, text, from, &format!("[/{tag}]"));
        if let Some(value) = cached {
            self.closing.insert(name, value);
        }
        found
    }
}

/// PCRE's `\w` without the `u` flag, or a hyphen.
fn is_word_or_hyphen(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-'
}

impl Shortcodes {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `name` (replacing a handler of the same name, keeping its place).
    pub fn register(
        &mut self,
        name: &str,
        handler: impl Fn(&Atts, Option<&str>, &str, &Shortcodes) -> String + Send + Sync + 'static,
    ) {
        let handler: Handler = Box::new(handler);
        match self.tags.iter_mut().find(|(tag, _)| tag == name) {
            Some(entry) => entry.1 = handler,
            None => self.tags.push((name.to_owned(), handler)),
        }
    }

    /// Whether `name` is registered.
    pub fn is_registered(&self, name: &str) -> bool {
        self.tags.iter().any(|(tag, _)| tag == name)
    }

    /// The registered names that `content` mentions (`\[([^<>&/\[\]\x00-\x20=]++)`), in
    /// registration order, as indexes.
    fn names_in(&self, content: &str) -> Vec<usize> {
        let mut mentioned = std::collections::HashSet::new();
        let bytes = content.as_bytes();
        let mut at = 0;
        while let Some(offset) = content[at..].find('[') {
            let start = at + offset + 1;
            let mut end = start;
            while end < bytes.len()
                && !matches!(
                    bytes[end],
                    b'<' | b'>' | b'&' | b'/' | b'[' | b']' | 0..=0x20 | b'='
                )
            {
                end += 1;
            }
            if end > start {
                mentioned.insert(&content[start..end]);
            }
            at = start;
        }
        (0..self.tags.len())
            .filter(|&i| mentioned.contains(self.tags[i].0.as_str()))
            .collect()
    }

    /// The first shortcode of `names` at or after `from` (`get_shortcode_regex`).
    fn find(&self, text: &str, from: usize, names: &[usize], ahead: &mut Ahead) -> Option<Found> {
        let bytes = text.as_bytes();
        let mut at = from;
        while let Some(offset) = text[at..].find('[') {
            let start = at + offset;
            at = start + 1;
            let escape_open = bytes.get(start + 1) == Some(&b'[');
            let name_at = start + 1 + usize::from(escape_open);
            let Some(&name) = names.iter().find(|&&i| {
                let tag = &self.tags[i].0;
                text[name_at..].starts_with(tag.as_str())
                    && !bytes
                        .get(name_at + tag.len())
                        .is_some_and(|&b| is_word_or_hyphen(b))
            }) else {
                continue;
            };
            let tag = &self.tags[name].0;
            let atts_start = name_at + tag.len();
            let Some(bracket) = ahead.bracket(text, atts_start) else {
                continue;
            };
            let self_closing = bracket > atts_start && bytes[bracket - 1] == b'/';
            let atts_end = if self_closing { bracket - 1 } else { bracket };
            let mut end = bracket + 1;
            let mut content = None;
            if !self_closing && let Some(close) = ahead.closing(text, end, name, tag) {
                content = Some((end, close));
                end = close + tag.len() + 3;
            }
            let escape_close = bytes.get(end) == Some(&b']');
            if escape_close {
                end += 1;
            }
            return Some(Found {
                start,
                end,
                escape_open,
                escape_close,
                name,
                atts: (atts_start, atts_end),
                content,
            });
        }
        None
    }

    /// Replaces every shortcode of `names` in `text` with `replace(found)`.
    fn replace(
        &self,
        text: &str,
        names: &[usize],
        mut replace: impl FnMut(&Found) -> String,
    ) -> (String, usize) {
        let mut out = String::with_capacity(text.len());
        let mut ahead = Ahead::default();
        let mut copied = 0;
        let mut count = 0;
        while let Some(found) = self.find(text, copied, names, &mut ahead) {
            out.push_str(&text[copied..found.start]);
            out.push_str(&replace(&found));
            copied = found.end;
            count += 1;
        }
        out.push_str(&text[copied..]);
        (out, count)
    }

    /// `do_shortcode_tag`: the handler's output, or the escaped shortcode's text.
    fn expand(&self, text: &str, found: &Found) -> String {
        if found.escape_open && found.escape_close {
            return text[found.start + 1..found.end - 1].to_owned();
        }
        let (name, handler) = &self.tags[found.name];
        let atts = parse_atts(&text[found.atts.0..found.atts.1]);
        let content = found.content.map(|(a, b)| &text[a..b]);
        let mut out = String::new();
        if found.escape_open {
            out.push('[');
        }
        out.push_str(&handler(&atts, content, name, self));
        if found.escape_close {
            out.push(']');
        }
        out
    }

    /// WordPress's `do_shortcode($content, $ignore_html)`: every registered shortcode replaced
    /// by its handler's output; `[[tag]]` gives `[tag]`; shortcodes inside HTML attributes are
    /// expanded only where WordPress would (and checked as KSES would), or, with
    /// `ignore_html`, left alone.
    pub fn do_shortcode(&self, content: &str, ignore_html: bool) -> String {
        if !content.contains('[') || self.tags.is_empty() {
            return content.to_owned();
        }
        let names = self.names_in(content);
        if names.is_empty() {
            return content.to_owned();
        }
        let content = self.in_html_tags(content, ignore_html, &names);
        let (content, _) = self.replace(&content, &names, |found| self.expand(&content, found));
        unescape_brackets(&content)
    }

    /// WordPress's `strip_shortcodes`: registered shortcodes (and their content) removed,
    /// escaped ones unescaped, everything else kept.
    pub fn strip_shortcodes(&self, content: &str) -> String {
        if !content.contains('[') || self.tags.is_empty() {
            return content.to_owned();
        }
        let names = self.names_in(content);
        if names.is_empty() {
            return content.to_owned();
        }
        let content = self.in_html_tags(content, true, &names);
        let (content, _) = self.replace(&content, &names, |found| {
            if found.escape_open && found.escape_close {
                content[found.start + 1..found.end - 1].to_owned()
            } else {
                let mut kept = String::new();
                if found.escape_open {
                    kept.push('[');
                }
                if found.escape_close {
                    kept.push(']');
                }
                kept
            }
        });
        unescape_brackets(&content)
    }

    /// WordPress's `shortcode_unautop`: a shortcode alone in a paragraph `wpautop` made (spaces
    /// and `&nbsp;` around it allowed) loses the `<p>` around it.
    pub fn shortcode_unautop(&self, text: &str) -> String {
        if self.tags.is_empty() {
            return text.to_owned();
        }
        let names: Vec<usize> = (0..self.tags.len()).collect();
        let bytes = text.as_bytes();
        let mut out = String::with_capacity(text.len());
        let mut ahead = Ahead::default();
        let mut copied = 0;
        let mut at = 0;
        while let Some(offset) = text[at..].find("<p>") {
            let start = at + offset;
            at = start + 1;
            let open = skip_spaces(text, start + 3);
            if bytes.get(open) != Some(&b'[') {
                continue;
            }
            let Some(&name) = names.iter().find(|&&i| {
                let tag = &self.tags[i].0;
                text[open + 1..].starts_with(tag.as_str())
                    && !bytes
                        .get(open + 1 + tag.len())
                        .is_some_and(|&b| is_word_or_hyphen(b))
            }) else {
                continue;
            };
            let tag = &self.tags[name].0;
            let Some(bracket) = ahead.bracket(text, open + 1 + tag.len()) else {
                continue;
            };
            let self_closing = bytes[bracket - 1] == b'/' && bracket > open + 1 + tag.len();
            let mut ends = Vec::with_capacity(2);
            if !self_closing && let Some(close) = ahead.closing(text, bracket + 1, name, tag) {
                ends.push(close + tag.len() + 3);
            }
            ends.push(bracket + 1);
            for end in ends {
                let after = skip_spaces(text, end);
                if text[after..].starts_with("</p>") {
                    out.push_str(&text[copied..start]);
                    out.push_str(&text[open..end]);
                    copied = after + 4;
                    at = copied;
                    break;
                }
            }
        }
        out.push_str(&text[copied..]);
        out
    }

    /// `do_shortcodes_in_html_tags`: shortcodes inside elements' attributes, and the escaping
    /// of every other bracket inside elements as `&#91;`/`&#93;` (undone at the end).
    fn in_html_tags(&self, content: &str, ignore_html: bool, names: &[usize]) -> String {
        let content = content
            .replace("&#91;", "&#091;")
            .replace("&#93;", "&#093;");
        let mut out = String::with_capacity(content.len());
        for (is_element, element) in split_html(&content) {
            if !is_element {
                out.push_str(element);
                continue;
            }
            let no_open = !element.contains('[');
            let no_close = !element.contains(']');
            if no_open || no_close {
                if no_open == no_close {
                    out.push_str(element);
                } else {
                    out.push_str(&escape_brackets(element));
                }
                continue;
            }
            if ignore_html || element.starts_with("<!--") || element.starts_with("<![CDATA[") {
                out.push_str(&escape_brackets(element));
                continue;
            }
            let Some(parts) = kses::attr_parse(element) else {
                static PLUGIN_STYLE: LazyLock<Regex> = LazyLock::new(|| {
                    Regex::new(r"^<[\t\n\x0B\x0C\r ]*\[\[?[^\[\]]+\]")
                        .unwrap_or_else(|e| unreachable!("{e}"))
                });
                let mut element = element.to_owned();
                if PLUGIN_STYLE.is_match(&element) {
                    element = self
                        .replace(&element, names, |found| self.expand(&element, found))
                        .0;
                }
                out.push_str(&escape_brackets(&element));
                continue;
            };
            let (front, attributes, back) = parts;
            let element_name: String = front
                .bytes()
                .skip_while(|b| !b.is_ascii_alphanumeric())
                .take_while(u8::is_ascii_alphanumeric)
                .map(char::from)
                .collect();
            let mut rebuilt = front.to_owned();
            for attribute in attributes {
                let (Some(open), Some(_)) = (attribute.find('['), attribute.find(']')) else {
                    rebuilt.push_str(attribute);
                    continue;
                };
                let double = attribute.find('"');
                let single = attribute.find('\'');
                if double.is_none_or(|d| open < d) && single.is_none_or(|s| open < s) {
                    rebuilt.push_str(
                        &self
                            .replace(attribute, names, |found| self.expand(attribute, found))
                            .0,
                    );
                } else {
                    let (new, count) =
                        self.replace(attribute, names, |found| self.expand(attribute, found));
                    let checked = if count > 0 {
                        kses::one_attr(&new, &element_name)
                    } else {
                        String::new()
                    };
                    if count > 0 && !checked.trim().is_empty() {
                        rebuilt.push_str(&checked);
                    } else {
                        rebuilt.push_str(attribute);
                    }
                }
            }
            rebuilt.push_str(back);
            out.push_str(&escape_brackets(&rebuilt));
        }
        out
    }
}

/// The position after `[\r\n\t ]`, U+00A0 and `&nbsp;` starting at `at` (`wp_spaces_regexp`).
fn skip_spaces(text: &str, mut at: usize) -> usize {
    loop {
        let rest = &text[at..];
        if rest.starts_with(['\r', '\n', '\t', ' ']) {
            at += 1;
        } else if rest.starts_with('\u{a0}') {
            at += 2;
        } else if rest.starts_with("&nbsp;") {
            at += 6;
        } else {
            return at;
        }
    }
}

fn escape_brackets(text: &str) -> String {
    text.replace('[', "&#91;").replace(']', "&#93;")
}

/// `unescape_invalid_shortcodes`.
fn unescape_brackets(text: &str) -> String {
    text.replace("&#91;", "[").replace("&#93;", "]")
}

/// WordPress's `shortcode_parse_atts` (with `get_shortcode_atts_regex`).
pub fn parse_atts(text: &str) -> Atts {
    static ATTS: LazyLock<Regex> = LazyLock::new(|| {
        let pattern = r#"([A-Za-z0-9_-]+)S*=S*"([^"]*)"(?:S|$)|([A-Za-z0-9_-]+)S*=S*'([^']*)'(?:S|$)|([A-Za-z0-9_-]+)S*=S*([^\t\n\x0B\x0C\r '"]+)(?:S|$)|"([^"]*)"(?:S|$)|'([^']*)'(?:S|$)|([^\t\n\x0B\x0C\r ]+)(?:S|$)"#
            .replace('S', r"[\t\n\x0B\x0C\r ]");
        Regex::new(&pattern).unwrap_or_else(|e| unreachable!("{e}"))
    });
    let text = text.replace(['\u{a0}', '\u{200b}'], " ");
    let mut atts = Atts::default();
    let mut any = false;
    for m in ATTS.captures_iter(&text) {
        any = true;
        let group = |i: usize| m.get(i).map(|g| g.as_str());
        let nonempty = |i: usize| group(i).filter(|g| !g.is_empty() && *g != "0");
        if let Some(name) = nonempty(1) {
            atts.set(
                name.to_ascii_lowercase(),
                stripcslashes(group(2).unwrap_or("")),
            );
        } else if let Some(name) = nonempty(3) {
            atts.set(
                name.to_ascii_lowercase(),
                stripcslashes(group(4).unwrap_or("")),
            );
        } else if let Some(name) = nonempty(5) {
            atts.set(
                name.to_ascii_lowercase(),
                stripcslashes(group(6).unwrap_or("")),
            );
        } else if let Some(value) = group(7).filter(|g| !g.is_empty()) {
            atts.push(stripcslashes(value));
        } else if let Some(value) = group(8).filter(|g| !g.is_empty()) {
            atts.push(stripcslashes(value));
        } else if let Some(value) = group(9) {
            atts.push(stripcslashes(value));
        }
    }
    if !any {
        return atts;
    }
    // Values with unclosed HTML elements are refused.
    static BALANCED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^<]*(?:<[^>]*>[^<]*)*$").unwrap_or_else(|e| unreachable!("{e}"))
    });
    for (_, value) in &mut atts.entries {
        if value.contains('<') && !BALANCED.is_match(value) {
            value.clear();
        }
    }
    atts
}

/// PHP's `stripcslashes`: C-style escapes (`\n`, `\t`, `\x41`, `\101`, `\\`) decoded, other
/// backslashes dropped.
fn stripcslashes(text: &str) -> String {
    if !text.contains('\\') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' || i + 1 == bytes.len() {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        i += 1;
        let c = bytes[i];
        i += 1;
        match c {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(0x07),
            b'v' => out.push(0x0B),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0C),
            b'x' if i < bytes.len() && bytes[i].is_ascii_hexdigit() => {
                let mut value = 0u32;
                let mut n = 0;
                while n < 2 && i < bytes.len() && bytes[i].is_ascii_hexdigit() {
                    value = value * 16 + (bytes[i] as char).to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                out.push(value as u8);
            }
            b'0'..=b'7' => {
                let mut value = u32::from(c - b'0');
                let mut n = 1;
                while n < 3 && i < bytes.len() && (b'0'..=b'7').contains(&bytes[i]) {
                    value = value * 8 + u32::from(bytes[i] - b'0');
                    i += 1;
                    n += 1;
                }
                out.push(value as u8);
            }
            other => out.push(other),
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The part of KSES `do_shortcodes_in_html_tags` relies on: splitting an element into its
/// attributes, and checking one attribute after a shortcode changed it.
mod kses {
    use regex::Regex;
    use std::sync::LazyLock;

    const S: &str = r"[\t\n\x0B\x0C\r ]";

    fn re(pattern: &str) -> Regex {
        Regex::new(&pattern.replace(r"\s", S)).unwrap_or_else(|e| unreachable!("{e}"))
    }

    static ATTR: LazyLock<String> = LazyLock::new(|| {
        r#"(?:[_a-zA-Z][-_a-zA-Z0-9:.]*|\[\[?[^\[\]]+\]\]?)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"']+(?:\s|$))|(?:\s|$))\s*"#
            .replace(r"[^\s", r"[^\t\n\x0B\x0C\r ")
    });
    static ELEMENT: LazyLock<Regex> =
        LazyLock::new(|| re(r"^(<\s*)(/\s*)?([a-zA-Z0-9]+\s*)([^>]*)(>?)$"));
    static XHTML_SLASH: LazyLock<Regex> = LazyLock::new(|| re(r"\s*/\s*$"));
    static HAIR_VALID: LazyLock<Regex> = LazyLock::new(|| re(&format!("^(?:{})+$", *ATTR)));
    static HAIR: LazyLock<Regex> = LazyLock::new(|| re(&ATTR));

    /// `wp_kses_attr_parse`: the element's front (`<a `), its attributes (each with its
    /// trailing space) and its back (`/>`, `>`), or `None` for a closing tag or an element
    /// KSES cannot read.
    pub(super) fn attr_parse(element: &str) -> Option<(&str, Vec<&str>, &str)> {
        let m = ELEMENT.captures(element)?;
        if m.get(2).is_some_and(|g| !g.as_str().is_empty()) {
            return None;
        }
        let front_end = m.get(3)?.end();
        let attr = m.get(4)?;
        let mut attr_text = attr.as_str();
        let back_start = match XHTML_SLASH.find(attr_text) {
            Some(slash) => {
                attr_text = &attr_text[..slash.start()];
                attr.start() + slash.start()
            }
            None => attr.end(),
        };
        let attributes = if attr_text.is_empty() {
            Vec::new()
        } else if HAIR_VALID.is_match(attr_text) {
            HAIR.find_iter(attr_text).map(|m| m.as_str()).collect()
        } else {
            return None;
        };
        Some((&element[..front_end], attributes, &element[back_start..]))
    }

    /// Attributes every element may have in posts (`_wp_add_global_attributes`).
    const GLOBAL: &[&str] = &[
        "aria-controls",
        "aria-current",
        "aria-describedby",
        "aria-details",
        "aria-expanded",
        "aria-hidden",
        "aria-label",
        "aria-labelledby",
        "aria-live",
        "class",
        "data-*",
        "dir",
        "hidden",
        "id",
        "lang",
        "style",
        "title",
        "role",
        "xml:lang",
    ];

    /// The attributes KSES allows in posts, for the common elements.
    fn allowed(element: &str, name: &str) -> bool {
        let specific: &[&str] = match element {
            "a" => &[
                "href",
                "rel",
                "rev",
                "name",
                "target",
                "download",
                "hreflang",
                "media",
                "type",
                "referrerpolicy",
            ],
            "img" => &[
                "alt", "align", "border", "height", "hspace", "loading", "longdesc", "vspace",
                "src", "usemap", "width", "decoding", "srcset", "sizes",
            ],
            "div" | "p" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => &["align"],
            "blockquote" | "q" => &["cite"],
            "td" | "th" => &[
                "abbr", "align", "axis", "bgcolor", "char", "charoff", "colspan", "headers",
                "height", "nowrap", "rowspan", "scope", "valign", "width",
            ],
            "table" => &[
                "align",
                "bgcolor",
                "border",
                "cellpadding",
                "cellspacing",
                "rules",
                "summary",
                "width",
            ],
            "span" | "figure" | "figcaption" | "section" | "article" | "aside" | "header"
            | "footer" | "nav" | "ul" | "ol" | "li" | "em" | "strong" | "b" | "i" | "code"
            | "pre" | "small" | "sub" | "sup" | "br" | "hr" => &[],
            "audio" | "video" => &[
                "autoplay", "controls", "loop", "muted", "preload", "src", "poster", "height",
                "width",
            ],
            "source" => &["src", "type"],
            _ => return false,
        };
        specific.contains(&name)
            || GLOBAL.contains(&name)
            || (name.starts_with("data-") && name.len() > 5)
    }

    const URI_ATTRIBUTES: &[&str] = &[
        "action",
        "archive",
        "background",
        "cite",
        "classid",
        "codebase",
        "data",
        "formaction",
        "href",
        "icon",
        "longdesc",
        "manifest",
        "poster",
        "profile",
        "src",
        "usemap",
        "xmlns",
    ];
    const PROTOCOLS: &[&str] = &[
        "http", "https", "ftp", "ftps", "mailto", "news", "irc", "irc6", "ircs", "gopher", "nntp",
        "feed", "telnet", "mms", "rtsp", "sms", "svn", "tel", "fax", "xmpp", "webcal", "urn",
    ];

    /// `wp_kses_one_attr`: the attribute as KSES would keep it in a post, or `""`.
    pub(super) fn one_attr(attr: &str, element: &str) -> String {
        let attr = attr.replace('\0', "");
        let lead_len = attr.len() - attr.trim_start_matches(is_space).len();
        let trimmed = attr[lead_len..].trim_end_matches(is_space);
        let lead = &attr[..lead_len];
        let trail = &attr[lead_len + trimmed.len()..];
        static EQUALS: LazyLock<Regex> = LazyLock::new(|| re(r"\s*=\s*"));
        let mut split = EQUALS.splitn(trimmed, 2);
        let name = split.next().unwrap_or("");
        let (attr, value) = match split.next() {
            Some(value) => {
                let quote = value.chars().next();
                let (quote, value) = match quote {
                    Some(q @ ('"' | '\'')) => {
                        if value.len() < 2 || !value.ends_with(q) {
                            return String::new();
                        }
                        (q, &value[1..value.len() - 1])
                    }
                    _ => ('"', value),
                };
                let mut value = esc_attr(value);
                if URI_ATTRIBUTES.contains(&name.to_ascii_lowercase().as_str()) {
                    value = bad_protocol(&value);
                }
                (format!("{name}={quote}{value}{quote}"), value)
            }
            None => (name.to_owned(), String::new()),
        };
        let lower = name.to_ascii_lowercase();
        if !allowed(element, &lower) {
            return String::new();
        }
        if lower == "style" && !safe_css(&value) {
            return String::new();
        }
        format!("{lead}{attr}{trail}")
    }

    fn is_space(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ' ')
    }

    /// A style KSES would keep whole: every declaration a property it knows, no `url(`,
    /// `expression`, backslash or comment.
    fn safe_css(style: &str) -> bool {
        const PROPERTIES: &[&str] = &[
            "background-color",
            "border",
            "border-radius",
            "color",
            "font-size",
            "font-style",
            "font-weight",
            "height",
            "margin",
            "padding",
            "text-align",
            "text-decoration",
            "width",
            "max-width",
            "min-width",
            "display",
            "float",
            "clear",
            "vertical-align",
            "line-height",
        ];
        let lower = style.to_ascii_lowercase();
        if lower.contains("url(")
            || lower.contains("expression")
            || lower.contains('\\')
            || lower.contains("/*")
        {
            return false;
        }
        lower
            .split(';')
            .filter(|d| !d.trim().is_empty())
            .all(|declaration| {
                declaration
                    .split_once(':')
                    .is_some_and(|(property, _)| PROPERTIES.contains(&property.trim()))
            })
    }

    /// `esc_attr`: `<`, `>`, `"`, `'` and bare `&` as entities (entities already there kept).
    fn esc_attr(value: &str) -> String {
        static ENTITY: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^&(?:[A-Za-z][A-Za-z0-9]{0,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
                .unwrap_or_else(|e| unreachable!("{e}"))
        });
        let mut out = String::with_capacity(value.len());
        for (i, c) in value.char_indices() {
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#039;"),
                '&' if !ENTITY.is_match(&value[i..]) => out.push_str("&amp;"),
                c => out.push(c),
            }
        }
        out
    }

    /// `wp_kses_bad_protocol`: a scheme not in WordPress's allowed protocols removed, up to
    /// six times; `""` if it still changes after that.
    pub(super) fn bad_protocol(value: &str) -> String {
        if value.starts_with("https://") || value.starts_with("http://") {
            return value.to_owned();
        }
        static COLON: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"(?i):|&#0*58;|&#x0*3a;|&colon;").unwrap_or_else(|e| unreachable!("{e}"))
        });
        let mut content = value.to_owned();
        for _ in 0..6 {
            let before = content.clone();
            let mut parts = COLON.splitn(&before, 2);
            let scheme = parts.next().unwrap_or("");
            if let Some(rest) = parts.next()
                && !scheme.contains("/?")
            {
                let clean: String = scheme
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && *c != '\0')
                    .collect::<String>()
                    .to_ascii_lowercase();
                let rest = rest.trim();
                content = if PROTOCOLS.contains(&clean.as_str()) {
                    format!("{clean}:{rest}")
                } else {
                    rest.to_owned()
                };
            }
            if content == before {
                return content;
            }
        }
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_named_positional_and_quoted() {
        let atts = parse_atts(r#" abc="foo" def=123 'q x' https://wordpress.org"#);
        let pairs: Vec<(&str, &str)> = atts.iter().collect();
        assert_eq!(
            pairs,
            vec![
                ("abc", "foo"),
                ("def", "123"),
                ("0", "q x"),
                ("1", "https://wordpress.org")
            ]
        );
        assert_eq!(stripcslashes(r"a\nb\\c\x41"), "a\nb\\cA");
    }

    #[test]
    fn unsafe_protocols_are_removed_from_urls() {
        assert_eq!(kses::bad_protocol("badhttp://x/"), "//x/");
        assert_eq!(kses::bad_protocol("javascript:alert(1)"), "alert(1)");
        assert_eq!(kses::bad_protocol("mailto:a@b"), "mailto:a@b");
    }
}
