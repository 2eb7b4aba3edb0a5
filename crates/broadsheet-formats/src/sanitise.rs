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
    POLICY.clean(html).to_string()
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
