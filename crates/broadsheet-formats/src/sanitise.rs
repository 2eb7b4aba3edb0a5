//! The one HTML policy for public output: what feeds and rendered pages keep of authored HTML.
//!
//! [`sanitise_html`] runs ammonia's default policy: formatting, links, images, lists, tables and
//! the like survive; `<script>`, `<style>`, event handlers (`onerror=`), `<svg>`/`<math>`
//! payloads, and `javascript:`/`data:` URLs do not, and links get `rel="noopener noreferrer"`.
//! Every HTML field of every feed and every page the renderer writes goes through it.
//!
//! One addition to ammonia's defaults: the `class` attribute, keeping only the class names
//! WordPress writes for alignment, captions, galleries, image sizes and blocks
//! ([`is_wordpress_class`]: `alignleft`, `aligncenter`, `wp-caption`, `wp-block-*`, `size-*`,
//! `wp-image-*`...), so that themes can style them; every other class name is dropped, and
//! an attribute left empty is removed.

use std::borrow::Cow;
use std::sync::LazyLock;

/// Class names kept as they are.
const CLASSES: &[&str] = &[
    "alignleft",
    "alignright",
    "aligncenter",
    "alignnone",
    "alignwide",
    "alignfull",
    "wp-caption",
    "wp-caption-text",
    "gallery",
    "gallery-item",
    "gallery-icon",
    "gallery-caption",
    "screen-reader-text",
    "more-link",
];

/// Prefixes of the class names kept (followed by at least one more character).
const PREFIXES: &[&str] = &[
    "wp-block-",
    "wp-image-",
    "wp-embed",
    "wp-element-",
    "size-",
    "attachment-",
    "gallery-columns-",
    "has-text-align-",
    "has-",
    "is-style-",
    "is-layout-",
    "is-type-",
    "is-provider-",
];

/// Whether a class name is one WordPress writes for alignment, captions, galleries, image
/// sizes or blocks, and made only of `A-Za-z0-9_-`.
///
/// ```
/// use broadsheet_formats::sanitise::is_wordpress_class;
/// assert!(is_wordpress_class("aligncenter"));
/// assert!(is_wordpress_class("wp-block-image"));
/// assert!(!is_wordpress_class("evil"));
/// assert!(!is_wordpress_class("wp-block-\"x"));
/// ```
pub fn is_wordpress_class(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && (CLASSES.contains(&name)
            || PREFIXES
                .iter()
                .any(|prefix| name.len() > prefix.len() && name.starts_with(prefix)))
}

static POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_generic_attributes(["class"])
        .attribute_filter(|_element, attribute, value| {
            if attribute != "class" {
                return Some(Cow::Borrowed(value));
            }
            let kept: Vec<&str> = value
                .split_ascii_whitespace()
                .filter(|name| is_wordpress_class(name))
                .collect();
            (!kept.is_empty()).then(|| Cow::Owned(kept.join(" ")))
        });
    builder
});

/// Escapes text for an HTML element or a double-quoted attribute as WordPress's `esc_html`
/// does: `&`, `<`, `>`, `"` and `'` (as `&#039;`) become references, nothing else changes.
/// Feeds and the renderer write every plain-text value through it.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#039;"),
            c => out.push(c),
        }
    }
    out
}

/// Authored HTML made safe to publish (see the module docs).
///
/// ```
/// use broadsheet_formats::sanitise::sanitise_html;
/// let clean = sanitise_html(r#"<p onclick="x()">Hi<script>alert(1)</script><img src="a.png" onerror="y()"></p>"#);
/// assert_eq!(clean, r#"<p>Hi<img src="a.png"></p>"#);
/// let figure = sanitise_html(r#"<figure class="wp-caption aligncenter evil"><img class="x" src="a.png"></figure>"#);
/// assert_eq!(figure, r#"<figure class="wp-caption aligncenter"><img src="a.png"></figure>"#);
/// ```
pub fn sanitise_html(html: &str) -> String {
    POLICY.clean(&bounded(html)).to_string()
}

/// How deep elements may nest before the sanitiser sees them; deeper opening and closing tags
/// are dropped (their text is kept).
pub const MAX_NESTING: usize = 256;

/// How many `&` one run of text may hold before the sanitiser sees it; longer runs are cut
/// into several text nodes by an empty `<span></span>`.
const MAX_AMPERSANDS_PER_RUN: usize = 256;

/// Elements whose end tag HTML lets authors leave out: they are not counted as nesting.
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rp", "rt", "rtc", "rb",
];

/// Void elements: no end tag, no nesting.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen",
];

/// Keeps the HTML parser's work linear in the input: the HTML parsing algorithm looks down the
/// stack of open elements at every start tag (quadratic in nesting depth), and html5ever
/// appends each character reference to its text node one by one (quadratic in the `&` of one
/// text node). So tags nested deeper than [`MAX_NESTING`] are dropped (their text kept), and
/// every [`MAX_AMPERSANDS_PER_RUN`] ampersands of one text run an empty `<span></span>` starts
/// a new text node. One pass; ordinary content comes back unchanged.
fn bounded(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut depth = 0usize;
    let mut ampersands = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'&' => {
                ampersands += 1;
                if ampersands > MAX_AMPERSANDS_PER_RUN {
                    let buffer = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
                    buffer.push_str(&html[copied..i]);
                    buffer.push_str("<span></span>");
                    copied = i;
                    ampersands = 1;
                }
                i += 1;
            }
            b'<' => {
                ampersands = 0;
                let rest = &html[i..];
                if let Some(comment) = rest.strip_prefix("<!--") {
                    i = comment.find("-->").map_or(bytes.len(), |p| i + 4 + p + 3);
                    continue;
                }
                let closing = rest.as_bytes().get(1) == Some(&b'/');
                let name_start = i + 1 + usize::from(closing);
                let name_len = bytes[name_start..]
                    .iter()
                    .take_while(|b| b.is_ascii_alphanumeric())
                    .count();
                if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
                    i += 1;
                    continue;
                }
                let end = rest.find('>').map_or(bytes.len(), |p| i + p + 1);
                let name = html[name_start..name_start + name_len].to_ascii_lowercase();
                let counted = !VOID.contains(&name.as_str())
                    && !OPTIONAL_END.contains(&name.as_str())
                    && !html[i..end].ends_with("/>");
                let mut drop = false;
                if counted {
                    if closing {
                        drop = depth > MAX_NESTING;
                        depth = depth.saturating_sub(1);
                    } else {
                        depth += 1;
                        drop = depth > MAX_NESTING;
                    }
                }
                if drop {
                    let buffer = out.get_or_insert_with(|| String::with_capacity(html.len()));
                    buffer.push_str(&html[copied..i]);
                    copied = end;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    match out {
        Some(mut buffer) => {
            buffer.push_str(&html[copied..]);
            Cow::Owned(buffer)
        }
        None => Cow::Borrowed(html),
    }
}

static INLINE_POLICY: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::empty();
    builder.tags(
        [
            "em", "strong", "b", "i", "u", "code", "kbd", "sub", "sup", "small", "mark", "s",
            "del", "ins", "abbr", "q", "cite", "span", "br",
        ]
        .into_iter()
        .collect(),
    );
    builder
});

/// A title, a name or another line of text as HTML with its safe inline markup (`<em>`,
/// `<strong>`, `<code>`, `<sub>`, `<sup>`...) kept and everything else removed: no
/// attributes, no links, no block elements; text and entities stay escaped.
///
/// ```
/// use broadsheet_formats::sanitise::sanitise_inline_html;
/// assert_eq!(sanitise_inline_html("H<sub>2</sub>O &amp; <em>you</em><script>x()</script>"), "H<sub>2</sub>O &amp; <em>you</em>");
/// assert_eq!(sanitise_inline_html(r#"<a href="x" onclick="y()">link</a>"#), "link");
/// ```
pub fn sanitise_inline_html(html: &str) -> String {
    INLINE_POLICY.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_cut_and_long_ampersand_runs_are_split() {
        let deep = "<div>".repeat(MAX_NESTING + 10) + "x" + &"</div>".repeat(MAX_NESTING + 10);
        let cut = bounded(&deep);
        assert_eq!(cut.matches("<div>").count(), MAX_NESTING);
        assert_eq!(cut.matches("</div>").count(), MAX_NESTING);
        assert!(cut.contains('x'));
        let many = "&amp;".repeat(600);
        let split = bounded(&many);
        assert_eq!(split.matches("<span></span>").count(), 2);
        assert_eq!(split.replace("<span></span>", ""), many);
        // Ordinary content is untouched, unclosed paragraphs and list items included.
        let plain = "<p>a &amp; b<ul><li>one<li>two</ul>".repeat(300);
        assert!(matches!(bounded(&plain), Cow::Borrowed(_)));
        assert_eq!(sanitise_html(&deep).matches("<div>").count(), MAX_NESTING);
    }
}
