//! A port of WordPress's `wpautop` (wp-includes/formatting.php, 6.8): blank lines become
//! paragraphs, single newlines `<br />`, never inside `<pre>`, `<script>`, `<style>`, `<svg>`
//! or `<math>`, and never around block-level elements.
//!
//! Each step is WordPress's, in WordPress's order; the patterns are WordPress's, run with the
//! `regex` crate (linear time) where they need no look-around or back-reference, and by hand
//! where they do. `\s` means PCRE's ASCII whitespace, as in PHP without the `u` flag.

use super::html_split::split_html;
use regex::{Captures, Regex};
use std::sync::LazyLock;

/// PCRE's `\s` without the `u` flag.
const S: &str = r"[\t\n\x0B\x0C\r ]";

/// WordPress's `$allblocks`.
const ALLBLOCKS: &str = "(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)";

fn re(pattern: &str) -> Regex {
    let pattern = pattern.replace(r"\s", S).replace("ALLBLOCKS", ALLBLOCKS);
    Regex::new(&pattern).unwrap_or_else(|error| unreachable!("a fixed pattern: {error}"))
}

macro_rules! pattern {
    ($name:ident, $text:expr) => {
        static $name: LazyLock<Regex> = LazyLock::new(|| re($text));
    };
}

pattern!(MULTIPLE_BR, r"<br\s*/?>\s*<br\s*/?>");
pattern!(BLOCK_OPEN, r"(<ALLBLOCKS[\s/>])");
pattern!(BLOCK_CLOSE, r"(</ALLBLOCKS>)");
pattern!(HR, r"(<hr\s*?/?>)");
pattern!(OPTION_BEFORE, r"\s*<option");
pattern!(OPTION_AFTER, r"</option>\s*");
pattern!(OBJECT_OPEN, r"(<object[^>]*>)\s*");
pattern!(OBJECT_CLOSE, r"\s*</object>");
pattern!(PARAM_EMBED, r"\s*(</?(?:param|embed)[^>]*>)\s*");
pattern!(MEDIA_OPEN, r"([<\[](?:audio|video)[^>\]]*[>\]])\s*");
pattern!(MEDIA_CLOSE, r"\s*([<\[]/(?:audio|video)[>\]])");
pattern!(SOURCE_TRACK, r"\s*(<(?:source|track)[^>]*>)\s*");
pattern!(FIGCAPTION_OPEN, r"\s*(<figcaption[^>]*>)");
pattern!(FIGCAPTION_CLOSE, r"</figcaption>\s*");
pattern!(MANY_NEWLINES, "\n\n+");
pattern!(PARAGRAPH_SPLIT, r"\n\s*\n");
pattern!(EMPTY_P, r"<p>\s*</p>");
pattern!(UNCLOSED_P, r"<p>([^<]+)</(div|address|form)>");
pattern!(WRAPPED_BLOCK, r"<p>\s*(</?ALLBLOCKS[^>]*>)\s*</p>");
pattern!(WRAPPED_LI, r"<p>(<li.+?)</p>");
pattern!(P_BLOCKQUOTE, r"(?i)<p><blockquote([^>]*)>");
pattern!(P_BEFORE_BLOCK, r"<p>\s*(</?ALLBLOCKS[^>]*>)");
pattern!(P_AFTER_BLOCK, r"(</?ALLBLOCKS[^>]*>)\s*</p>");
pattern!(BR_AFTER_BLOCK, r"(</?ALLBLOCKS[^>]*>)\s*<br />");
pattern!(
    BR_BEFORE_BLOCK,
    r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)"
);

/// WordPress's `wpautop($text, $br)`: paragraphs for blank lines, and with `br` a `<br />`
/// for every other newline outside block markup.
///
/// ```
/// use broadsheet_render::content::wpautop;
/// assert_eq!(wpautop("One\ntwo\n\nThree", true), "<p>One<br />\ntwo</p>\n<p>Three</p>\n");
/// ```
pub fn wpautop(text: &str, br: bool) -> String {
    if php_trim(text).is_empty() {
        return String::new();
    }
    let mut text = format!("{text}\n");

    // <pre> elements are set aside and put back at the end.
    let mut pre_tags: Vec<(String, String)> = Vec::new();
    if text.contains("<pre") {
        let parts: Vec<&str> = text.split("</pre>").collect();
        let (last, parts) = parts.split_last().unwrap_or((&"", &[]));
        let mut rebuilt = String::with_capacity(text.len());
        for part in parts {
            let Some(start) = part.find("<pre") else {
                rebuilt.push_str(part);
                continue;
            };
            let name = format!("<pre wp-pre-tag-{}></pre>", pre_tags.len());
            pre_tags.push((name.clone(), format!("{}</pre>", &part[start..])));
            rebuilt.push_str(&part[..start]);
            rebuilt.push_str(&name);
        }
        rebuilt.push_str(last);
        text = rebuilt;
    }

    let text = MULTIPLE_BR.replace_all(&text, "\n\n");
    let text = BLOCK_OPEN.replace_all(&text, "\n\n$1");
    let text = BLOCK_CLOSE.replace_all(&text, "$1\n\n");
    let text = HR.replace_all(&text, "$1\n\n");
    let text = text.replace("\r\n", "\n").replace('\r', "\n");

    // Newlines inside tags and comments become placeholders.
    let mut text = replace_in_html_tags(&text, "\n", " <!-- wpnl --> ");

    if text.contains("<option") {
        text = OPTION_BEFORE.replace_all(&text, "<option").into_owned();
        text = OPTION_AFTER.replace_all(&text, "</option>").into_owned();
    }
    if text.contains("</object>") {
        text = OBJECT_OPEN.replace_all(&text, "$1").into_owned();
        text = OBJECT_CLOSE.replace_all(&text, "</object>").into_owned();
        text = PARAM_EMBED.replace_all(&text, "$1").into_owned();
    }
    if text.contains("<source") || text.contains("<track") {
        text = MEDIA_OPEN.replace_all(&text, "$1").into_owned();
        text = MEDIA_CLOSE.replace_all(&text, "$1").into_owned();
        text = SOURCE_TRACK.replace_all(&text, "$1").into_owned();
    }
    if text.contains("<figcaption") {
        text = FIGCAPTION_OPEN.replace_all(&text, "$1").into_owned();
        text = FIGCAPTION_CLOSE
            .replace_all(&text, "</figcaption>")
            .into_owned();
    }
    let text = MANY_NEWLINES.replace_all(&text, "\n\n");

    let mut rebuilt = String::with_capacity(text.len() + 64);
    for paragraph in PARAGRAPH_SPLIT.split(&text).filter(|p| !p.is_empty()) {
        rebuilt.push_str("<p>");
        rebuilt.push_str(paragraph.trim_matches('\n'));
        rebuilt.push_str("</p>\n");
    }

    let text = EMPTY_P.replace_all(&rebuilt, "");
    let text = UNCLOSED_P.replace_all(&text, "<p>$1</p></$2>");
    let text = WRAPPED_BLOCK.replace_all(&text, "$1");
    let text = WRAPPED_LI.replace_all(&text, "$1");
    let text = P_BLOCKQUOTE.replace_all(&text, "<blockquote$1><p>");
    let text = text.replace("</blockquote></p>", "</p></blockquote>");
    let text = P_BEFORE_BLOCK.replace_all(&text, "$1");
    let mut text = P_AFTER_BLOCK.replace_all(&text, "$1").into_owned();

    if br {
        text = preserve_newlines(&text);
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />");
        text = newlines_to_br(&text);
        text = text.replace("<WPPreserveNewline />", "\n");
    }

    let text = BR_AFTER_BLOCK.replace_all(&text, "$1");
    let text = BR_BEFORE_BLOCK.replace_all(&text, "$1");
    let mut text = strip_final_newline_before_p(&text);

    if !pre_tags.is_empty() {
        text = replace_placeholders(&text, &pre_tags);
    }
    if text.contains("<!-- wpnl -->") {
        text = text
            .replace(" <!-- wpnl --> ", "\n")
            .replace("<!-- wpnl -->", "\n");
    }
    text
}

/// PHP's `trim` characters.
fn php_trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B'])
}

/// WordPress's `wp_replace_in_html_tags` with one needle: replaces `needle` inside tags and
/// comments only.
pub(crate) fn replace_in_html_tags(text: &str, needle: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (is_tag, piece) in split_html(text) {
        if is_tag && piece.contains(needle) {
            out.push_str(&piece.replace(needle, replacement));
        } else {
            out.push_str(piece);
        }
    }
    out
}

/// `preg_replace_callback('/<(script|style|svg|math).*?<\/\1>/s', ...)`: newlines inside those
/// elements become `<WPPreserveNewline />`.
fn preserve_newlines(text: &str) -> String {
    const NAMES: [&str; 4] = ["script", "style", "svg", "math"];
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    // The next closing tag of each name at or after a position, found once per name and
    // reused while the search moves forward (the scan stays linear).
    let mut next_close: [Option<Option<usize>>; 4] = [None; 4];
    while let Some(offset) = text[at..].find('<') {
        let start = at + offset;
        let rest = &text[start + 1..];
        let Some(index) = NAMES.iter().position(|name| rest.starts_with(name)) else {
            at = start + 1;
            continue;
        };
        let name = NAMES[index];
        let closing = format!("</{name}>");
        let from = start + 1 + name.len();
        let cached = match next_close[index] {
            Some(Some(position)) if position >= from => Some(position),
            Some(None) => None,
            _ => {
                let found = text[from..].find(&closing).map(|p| p + from);
                next_close[index] = Some(found);
                found
            }
        };
        let Some(close) = cached else {
            at = start + 1;
            continue;
        };
        let end = close + closing.len();
        out.push_str(&text[copied..start]);
        out.push_str(&text[start..end].replace('\n', "<WPPreserveNewline />"));
        copied = end;
        at = end;
    }
    out.push_str(&text[copied..]);
    out
}

/// `preg_replace('|(?<!<br />)\s*\n|', "<br />\n", $text)`, with PCRE's leftmost, greedy,
/// backtracking semantics, in one pass.
fn newlines_to_br(text: &str) -> String {
    let bytes = text.as_bytes();
    let is_space = |b: u8| matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ');
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut copied = 0;
    let mut p = 0;
    // The end of the current run of whitespace and the last newline in it.
    let mut run_end = 0;
    let mut last_newline: Option<usize> = None;
    while p < bytes.len() {
        if !is_space(bytes[p]) {
            p += 1;
            continue;
        }
        if p >= run_end {
            run_end = p;
            last_newline = None;
            while run_end < bytes.len() && is_space(bytes[run_end]) {
                if bytes[run_end] == b'\n' {
                    last_newline = Some(run_end);
                }
                run_end += 1;
            }
        }
        match last_newline {
            Some(newline) if newline >= p && !text[..p].ends_with("<br />") => {
                out.push_str(&text[copied..p]);
                out.push_str("<br />\n");
                copied = newline + 1;
                p = newline + 1;
            }
            Some(newline) if newline >= p => p += 1,
            _ => p = run_end,
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// `preg_replace("|\n</p>$|", '</p>', $text)`: `$` also matches before a final newline.
fn strip_final_newline_before_p(text: &str) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let newline = &text[body.len()..];
    if let Some(head) = body.strip_suffix("\n</p>") {
        return format!("{head}</p>{newline}");
    }
    if let Some(head) = text.strip_suffix("\n</p>") {
        return format!("{head}</p>");
    }
    text.to_owned()
}

/// `str_replace(array_keys($pairs), array_values($pairs), $text)`: each placeholder in turn.
fn replace_placeholders(text: &str, pairs: &[(String, String)]) -> String {
    // Placeholders are distinct and appear once each, in order; one pass suffices.
    static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| re(r"<pre wp-pre-tag-([0-9]+)></pre>"));
    PLACEHOLDER
        .replace_all(text, |captures: &Captures| {
            let index: usize = captures[1].parse().unwrap_or(usize::MAX);
            pairs
                .get(index)
                .map_or_else(|| captures[0].to_owned(), |(_, original)| original.clone())
        })
        .into_owned()
}
