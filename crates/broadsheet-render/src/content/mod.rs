//! Post content as WordPress displays it (its `the_content` filters): `wpautop` paragraphs for
//! classic content, then WordPress's core shortcodes expanded (`[caption]` as a `figure` with
//! its `figcaption`, `[gallery]` from the site's media, `[embed]`, `[audio]` and `[video]` as
//! links) or removed (`[playlist]`). Block content (`<!-- wp:` markup) gets no `wpautop`, as
//! in WordPress.
//!
//! The output is authored HTML still: the renderer sanitises it afterwards
//! (`broadsheet::formats::sanitise`), so the shortcodes' output needs no trust.

mod html_split;
mod shortcodes;
mod wpautop;

pub use shortcodes::{Atts, Handler, Shortcodes, parse_atts};
pub use wpautop::wpautop;

use std::collections::HashMap;
use std::sync::Arc;

/// Whether content is made of blocks (the block editor's `<!-- wp:` comments), which
/// WordPress does not pass through `wpautop`.
pub fn is_block_content(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// Content before its `<!--more-->` tag (the "teaser"), and whether there was such a tag.
///
/// ```
/// use broadsheet_render::content::split_more;
/// assert_eq!(split_more("Intro<!--more-->Rest"), ("Intro", true));
/// assert_eq!(split_more("All"), ("All", false));
/// ```
pub fn split_more(content: &str) -> (&str, bool) {
    match content.find("<!--more") {
        Some(at) => (&content[..at], true),
        None => (content, false),
    }
}

/// Content as a single post shows it: the `<!--more-->` tag becomes WordPress's
/// `<span id="more-ID"></span>` anchor, then [`display`].
pub fn display_full(content: &str, post_id: u64, shortcodes: &Shortcodes) -> String {
    let (teaser, more) = split_more(content);
    if !more {
        return display(content, shortcodes);
    }
    let rest = &content[teaser.len()..];
    let rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
    display(
        &format!("{teaser}<span id=\"more-{post_id}\"></span>{rest}"),
        shortcodes,
    )
}

/// WordPress's `the_content` filters that shape HTML: `wpautop` (classic content only),
/// `shortcode_unautop`, `do_shortcode`.
pub fn display(content: &str, shortcodes: &Shortcodes) -> String {
    let html = if is_block_content(content) {
        content.to_owned()
    } else {
        wpautop(content, true)
    };
    let html = shortcodes.shortcode_unautop(&html);
    shortcodes.do_shortcode(&html, false)
}

/// An image a `[gallery]` can show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GalleryImage {
    /// The image's address.
    pub url: String,
    /// Its alternative text.
    pub alt: String,
    /// Its caption (HTML).
    pub caption: String,
}

/// WordPress's core shortcodes: `caption` and `wp_caption` (`img_caption_shortcode`, as a
/// `figure` when `html5`, WordPress's `<div class="wp-caption">` otherwise), `gallery` (the
/// images of its `ids` found in `gallery`, nothing when none is), `embed` (a link to the
/// address), `audio` and `video` (a link to the file), `playlist` (removed).
pub fn core_shortcodes(html5: bool, gallery: HashMap<u64, GalleryImage>) -> Shortcodes {
    let mut codes = Shortcodes::new();
    codes.register("wp_caption", move |atts, content, _, codes| {
        caption(atts, content.unwrap_or(""), html5, codes)
    });
    codes.register("caption", move |atts, content, _, codes| {
        caption(atts, content.unwrap_or(""), html5, codes)
    });
    let gallery = Arc::new(gallery);
    codes.register("gallery", move |atts, _, _, _| gallery_html(atts, &gallery));
    codes.register("playlist", |_, _, _, _| String::new());
    codes.register("audio", |atts, _, tag, _| media_link(atts, tag));
    codes.register("video", |atts, _, tag, _| media_link(atts, tag));
    codes.register("embed", |atts, content, _, _| {
        let url = content.map(str::trim).filter(|u| !u.is_empty()).or(atts.get("src"));
        match url.filter(|u| is_web(u)) {
            Some(url) => format!(
                "<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\"><a href=\"{0}\">{0}</a></div></figure>",
                escape_html(url)
            ),
            None => String::new(),
        }
    });
    codes
}

fn is_web(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// HTML-escapes text for an element or a double-quoted attribute (WordPress's `escape_html`).
pub(crate) use broadsheet::formats::sanitise::escape_html;

/// `sanitize_html_class`: only `A-Za-z0-9_-` kept (percent-encoded octets dropped).
fn sanitize_html_class(class: &str) -> String {
    let mut out = String::new();
    let bytes = class.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            i += 3;
            continue;
        }
        if bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-') {
            out.push(char::from(bytes[i]));
        }
        i += 1;
    }
    out
}

/// PHP's `(int)` of a string: its leading integer, 0 when there is none.
fn php_int(text: &str) -> i64 {
    let text = text.trim_start();
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let end = digits
        .bytes()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(digits.len());
    digits[..end].parse::<i64>().map_or(0, |n| sign * n)
}

/// `img_caption_shortcode`.
fn caption(atts: &Atts, content: &str, html5: bool, codes: &Shortcodes) -> String {
    let mut content = content.to_owned();
    let mut caption_text = atts.get("caption").map(str::to_owned);
    if caption_text.is_none() {
        // New style: the caption follows the image (and its link) inside the shortcode.
        if let Some((image, rest)) = split_caption_image(&content) {
            caption_text = Some(rest.trim().to_owned());
            content = image;
        }
    }
    let caption_text = caption_text.unwrap_or_default();
    let width = php_int(atts.get("width").unwrap_or(""));
    if width < 1 || caption_text.is_empty() {
        return content;
    }
    let id = sanitize_html_class(atts.get("id").unwrap_or(""));
    let mut caption_id = sanitize_html_class(atts.get("caption_id").unwrap_or(""));
    if caption_id.is_empty() && !id.is_empty() {
        caption_id = format!("caption-{}", id.replace('_', "-"));
    }
    let id_attr = if id.is_empty() {
        String::new()
    } else {
        format!("id=\"{}\" ", escape_html(&id))
    };
    let (caption_id_attr, describedby) = if caption_id.is_empty() {
        (String::new(), String::new())
    } else {
        (
            format!("id=\"{}\" ", escape_html(&caption_id)),
            format!("aria-describedby=\"{}\" ", escape_html(&caption_id)),
        )
    };
    let align = atts.get("align").unwrap_or("alignnone");
    let class = format!("wp-caption {align} {}", atts.get("class").unwrap_or(""));
    let class = escape_html(class.trim());
    let caption_width = if html5 { width } else { width + 10 };
    let style = if caption_width != 0 {
        format!("style=\"width: {caption_width}px\" ")
    } else {
        String::new()
    };
    let inner = codes.do_shortcode(&content, false);
    if html5 {
        format!(
            "<figure {id_attr}{describedby}{style}class=\"{class}\">{inner}<figcaption {caption_id_attr}class=\"wp-caption-text\">{caption_text}</figcaption></figure>"
        )
    } else {
        format!(
            "<div {id_attr}{style}class=\"{class}\">{inner}<p {caption_id_attr}class=\"wp-caption-text\">{caption_text}</p></div>"
        )
    }
}

/// `#((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)#is`: the image (with its link) and what
/// follows it.
fn split_caption_image(content: &str) -> Option<(String, String)> {
    use regex::Regex;
    use std::sync::LazyLock;
    static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?is)((?:<a [^>]+>[\t\n\x0B\x0C\r ]*)?<img [^>]+>(?:[\t\n\x0B\x0C\r ]*</a>)?)(.*)",
        )
        .unwrap_or_else(|e| unreachable!("{e}"))
    });
    let m = IMAGE.captures(content)?;
    Some((m[1].to_owned(), m[2].to_owned()))
}

/// `[gallery ids="1,2,3" columns="3"]` as a grid of the images found.
fn gallery_html(atts: &Atts, images: &HashMap<u64, GalleryImage>) -> String {
    let ids = atts.get("ids").or(atts.get("include")).unwrap_or("");
    let found: Vec<&GalleryImage> = ids
        .split(',')
        .filter_map(|id| id.trim().parse::<u64>().ok())
        .filter_map(|id| images.get(&id))
        .collect();
    if found.is_empty() {
        return String::new();
    }
    let columns = php_int(atts.get("columns").unwrap_or("3")).clamp(1, 9);
    let mut html = format!("<div class=\"gallery gallery-columns-{columns}\">");
    for image in found {
        html.push_str(&format!(
            "<figure class=\"gallery-item\"><a href=\"{0}\"><img src=\"{0}\" alt=\"{1}\"></a>",
            escape_html(&image.url),
            escape_html(&image.alt)
        ));
        if !image.caption.trim().is_empty() {
            html.push_str(&format!(
                "<figcaption class=\"wp-caption-text gallery-caption\">{}</figcaption>",
                image.caption
            ));
        }
        html.push_str("</figure>");
    }
    html.push_str("</div>");
    html
}

/// `[audio src="..."]` / `[video mp4="..."]` as a link to the file (nothing without one).
fn media_link(atts: &Atts, tag: &str) -> String {
    const KEYS: &[&str] = &[
        "src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac", "mp4", "m4v", "webm", "ogv",
        "wmv", "flv", "mov",
    ];
    let Some(url) = KEYS.iter().filter_map(|k| atts.get(k)).find(|u| is_web(u)) else {
        return String::new();
    };
    let name = url
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or(url);
    format!(
        "<figure class=\"wp-block-{tag}\"><a href=\"{}\">{} ({tag})</a></figure>",
        escape_html(url),
        escape_html(name)
    )
}

/// WordPress's `wp_trim_words`: tags stripped (`<script>` and `<style>` with their content),
/// then the first `num_words` words kept (characters, for languages WordPress counts by
/// character, when `by_characters`), `more` appended when something was cut.
///
/// ```
/// use broadsheet_render::content::wp_trim_words;
/// assert_eq!(wp_trim_words("One <b>two</b> three", 2, "&hellip;", false), "One two&hellip;");
/// ```
pub fn wp_trim_words(text: &str, num_words: usize, more: &str, by_characters: bool) -> String {
    let text = wp_strip_all_tags(text);
    let is_space = |c: char| matches!(c, '\n' | '\r' | '\t' | ' ');
    if by_characters {
        let collapsed: Vec<&str> = text.split(is_space).filter(|w| !w.is_empty()).collect();
        let collapsed = collapsed.join(" ");
        let chars: Vec<char> = collapsed.chars().take(num_words + 1).collect();
        if chars.len() > num_words {
            return chars[..num_words].iter().collect::<String>() + more;
        }
        return chars.into_iter().collect();
    }
    // preg_split with a limit of num_words + 1: the last piece keeps the rest of the text.
    let mut words: Vec<&str> = Vec::new();
    let mut rest = text.trim_start_matches(is_space);
    while !rest.is_empty() {
        if words.len() == num_words {
            words.push(rest);
            break;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        words.push(&rest[..end]);
        rest = rest[end..].trim_start_matches(is_space);
    }
    if words.len() > num_words {
        words.pop();
        words.join(" ") + more
    } else {
        words.join(" ")
    }
}

/// `wp_strip_all_tags`: `<script>`/`<style>` elements with their content removed, then every
/// tag and comment (PHP's `strip_tags`), then the ends trimmed.
fn wp_strip_all_tags(text: &str) -> String {
    use regex::Regex;
    use std::sync::LazyLock;
    static SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?is)<script[^>]*?>.*?</script>|<style[^>]*?>.*?</style>")
            .unwrap_or_else(|e| unreachable!("{e}"))
    });
    let text = SCRIPT.replace_all(text, "");
    let mut out = String::with_capacity(text.len());
    for (is_element, piece) in html_split::split_html(&text) {
        if !is_element {
            out.push_str(piece);
        }
    }
    out.trim_matches([' ', '\t', '\n', '\r', '\0', '\x0B'])
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes() -> Shortcodes {
        let mut images = HashMap::new();
        images.insert(
            7,
            GalleryImage {
                url: "https://example.org/a.jpg".into(),
                alt: "A".into(),
                caption: "First".into(),
            },
        );
        core_shortcodes(true, images)
    }

    #[test]
    fn a_caption_becomes_a_figure_with_its_caption() {
        let html = display(
            "[caption id=\"attachment_5\" align=\"aligncenter\" width=\"300\"]<img src=\"https://example.org/b.jpg\" alt=\"\" /> A bridge[/caption]\n\nAfter.",
            &codes(),
        );
        assert!(
            html.starts_with("<figure id=\"attachment_5\" aria-describedby=\"caption-attachment-5\" style=\"width: 300px\" class=\"wp-caption aligncenter\"><img src=\"https://example.org/b.jpg\" alt=\"\" /><figcaption id=\"caption-attachment-5\" class=\"wp-caption-text\">A bridge</figcaption></figure>"),
            "{html}"
        );
        assert!(html.contains("<p>After.</p>"), "{html}");
    }

    #[test]
    fn galleries_embeds_and_media_expand_or_vanish() {
        let codes = codes();
        let html = display("[gallery ids=\"7,8\"]", &codes);
        assert!(
            html.contains("<img src=\"https://example.org/a.jpg\" alt=\"A\">"),
            "{html}"
        );
        assert!(html.contains("First"), "{html}");
        assert_eq!(display("[gallery ids=\"99\"]", &codes).trim(), "");
        let html = display("[embed]https://youtu.be/x[/embed]", &codes);
        assert!(html.contains("<a href=\"https://youtu.be/x\">"), "{html}");
        assert_eq!(
            display("[embed]javascript:alert(1)[/embed]", &codes).trim(),
            ""
        );
        let html = display("[audio mp3=\"https://example.org/s.mp3\"][/audio]", &codes);
        assert!(
            html.contains("href=\"https://example.org/s.mp3\""),
            "{html}"
        );
        assert_eq!(display("[playlist ids=\"1\"]", &codes).trim(), "");
        assert_eq!(display("[video]", &codes).trim(), "");
    }

    #[test]
    fn block_content_gets_no_paragraphs_and_more_splits_the_teaser() {
        let codes = codes();
        let blocks = "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->";
        assert_eq!(display(blocks, &codes), blocks);
        let full = display_full("Intro\n<!--more-->\nRest", 4, &codes);
        assert!(full.contains("<span id=\"more-4\"></span>"), "{full}");
        assert!(!full.contains("<!--more"), "{full}");
    }
}
