//! Excerpts and reading time.
//!
//! An excerpt follows WordPress's `wp_trim_excerpt`: the explicit excerpt when the author wrote
//! one; otherwise the content (only what stands before `<!--more-->`, and only its first page
//! before `<!--nextpage-->`), with WordPress's core shortcodes and every HTML tag removed,
//! trimmed to 55 words with " […]" appended when something was cut. Chinese and Japanese text,
//! which has no spaces between words, is counted character by character, as WordPress does
//! for those languages.
//!
//! Reading time follows Ghost's `reading_time` helper: 275 words a minute, plus 12 seconds for
//! the first image, 11 for the second and so on, never less than 3 seconds an image. Chinese
//! and Japanese characters are read at 500 characters a minute.
//!
//! ```
//! use broadsheet_core::excerpt::{excerpt_of, reading_minutes};
//!
//! let content = "<p>Dear sister! I want to share my impressions.</p><!--more--><p>The rest.</p>";
//! assert_eq!(excerpt_of(None, content, 55), "Dear sister! I want to share my impressions.");
//! assert_eq!(excerpt_of(None, content, 3), "Dear sister! I […]");
//! assert_eq!(excerpt_of(Some("<em>Written</em> by hand"), content, 55), "Written by hand");
//! assert_eq!(reading_minutes(&"word ".repeat(550)), 2);
//! ```

use crate::post::Post;
use crate::text::strip_html;
use std::time::Duration;

/// Words in an excerpt made from the content (WordPress's `excerpt_length`).
pub const EXCERPT_WORDS: usize = 55;
/// Appended to an excerpt that was cut short (WordPress's `excerpt_more`, ` [&hellip;]`).
pub const EXCERPT_MORE: &str = " […]";
/// Reading speed for text written with spaces between words (Ghost's figure).
pub const WORDS_PER_MINUTE: u64 = 275;
/// Reading speed for Chinese and Japanese text, counted in characters.
pub const CJK_CHARACTERS_PER_MINUTE: u64 = 500;

/// WordPress core's shortcodes, removed (with what they enclose) from content before an excerpt
/// is made, as `strip_shortcodes` does for registered shortcodes. Other bracketed text is
/// kept: without a registry there is no telling a shortcode from prose.
const SHORTCODES: &[&str] = &[
    "caption",
    "wp_caption",
    "gallery",
    "playlist",
    "audio",
    "video",
    "embed",
];

/// The excerpt of a post: [`excerpt_of`] its explicit excerpt and content, with
/// [`EXCERPT_WORDS`] words.
///
/// A password-protected post has no excerpt (an empty string), whatever it holds: nothing of
/// protected content, nor the excerpt written for it, is given out, as WordPress shows none.
pub fn excerpt(post: &Post) -> String {
    if post.is_password_protected() {
        return String::new();
    }
    excerpt_of(post.excerpt.as_deref(), &post.content, EXCERPT_WORDS)
}

/// An excerpt from an explicit excerpt and the content (both HTML), in plain text.
///
/// - When `explicit` has any text once its tags are stripped, that text, whole (no trimming,
///   as WordPress shows an explicit excerpt whole).
/// - Otherwise the content: its first page (before `<!--nextpage-->`), what stands before
///   `<!--more-->` if there is such a tag, WordPress's core shortcodes (`[caption]`,
///   `[gallery]`, `[embed]`, `[audio]`, `[video]`, `[playlist]`) removed with what they
///   enclose, tags stripped and entities decoded ([`strip_html`]), then [`trim_words`] to
///   `words` words with [`EXCERPT_MORE`] appended only when something was cut.
pub fn excerpt_of(explicit: Option<&str>, content: &str, words: usize) -> String {
    if let Some(explicit) = explicit {
        let text = strip_html(explicit);
        if !text.is_empty() {
            return text;
        }
    }
    let pages;
    let mut teaser = content;
    if content.contains("<!--nextpage-->") {
        pages = content_pages(content);
        teaser = pages.first().map_or("", String::as_str);
    }
    if let Some(at) = teaser.find("<!--more") {
        teaser = &teaser[..at];
    }
    let plain = strip_html(&strip_shortcodes(teaser));
    trim_words(&plain, words, EXCERPT_MORE)
}

/// The pages of a post's content, split at `<!--nextpage-->` as WordPress splits them
/// (`WP_Query::generate_postdata`): line breaks next to each tag are dropped with it, the block
/// editor's `<!-- wp:nextpage -->` delimiters are removed, a tag at the very start is ignored.
/// Content without the tag is one page. A post's list entry, excerpt and feed item show the
/// first page, as WordPress's do.
///
/// ```
/// use broadsheet_core::excerpt::content_pages;
/// assert_eq!(content_pages("One\n<!--nextpage-->\nTwo"), ["One", "Two"]);
/// assert_eq!(content_pages("<!--nextpage-->One<!--nextpage-->Two"), ["One", "Two"]);
/// assert_eq!(content_pages("All"), ["All"]);
/// ```
pub fn content_pages(content: &str) -> Vec<String> {
    const TAG: &str = "<!--nextpage-->";
    if !content.contains(TAG) {
        return vec![content.to_owned()];
    }
    let content = content
        .replace("\n<!--nextpage-->\n", TAG)
        .replace("\n<!--nextpage-->", TAG)
        .replace("<!--nextpage-->\n", TAG)
        .replace("<!-- wp:nextpage -->", "")
        .replace("<!-- /wp:nextpage -->", "");
    let content = content.strip_prefix(TAG).unwrap_or(&content);
    content.split(TAG).map(str::to_owned).collect()
}

/// Trims plain text to `words` words, appending `more` only when something was cut
/// (WordPress's `wp_trim_words`, without its tag stripping: strip tags first with
/// [`strip_html`]).
///
/// Words are separated by whitespace; a Chinese or Japanese character (Han, kana, CJK
/// punctuation, full-width forms) is a word by itself. Whitespace in the result is collapsed
/// to single spaces, and characters that were written without a space between them stay
/// joined. With `words == 0`, any text gives just `more` without its leading whitespace.
///
/// ```
/// use broadsheet_core::excerpt::trim_words;
/// assert_eq!(trim_words("one  two\nthree four", 3, "…"), "one two three…");
/// assert_eq!(trim_words("one two", 3, "…"), "one two");
/// assert_eq!(trim_words("我想分享我的感受。", 4, " […]"), "我想分享 […]");
/// ```
pub fn trim_words(text: &str, words: usize, more: &str) -> String {
    let tokens = tokens(text);
    if tokens.len() <= words {
        return join(&tokens);
    }
    if words == 0 {
        return more.trim_start().to_owned();
    }
    let mut out = join(&tokens[..words]);
    out.push_str(more);
    out
}

/// The number of words in plain text, counted as [`trim_words`] counts them.
pub fn word_count(text: &str) -> usize {
    tokens(text).len()
}

/// The estimated time to read HTML content.
///
/// Words (runs of non-space characters holding a letter or digit) are read at
/// [`WORDS_PER_MINUTE`], Chinese and Japanese characters at [`CJK_CHARACTERS_PER_MINUTE`];
/// each `<img>` adds 12 seconds for the first, 11 for the second, down to 3 seconds for the
/// tenth and every later one (Ghost's rule). Tags are not read; `alt` text is not counted.
///
/// ```
/// use broadsheet_core::excerpt::reading_time;
/// use std::time::Duration;
/// assert_eq!(reading_time(&"word ".repeat(275)), Duration::from_secs(60));
/// assert_eq!(reading_time("<img src=a.jpg><img src=b.jpg>"), Duration::from_secs(23));
/// ```
pub fn reading_time(content: &str) -> Duration {
    let plain = strip_html(content);
    let mut words: u64 = 0;
    let mut characters: u64 = 0;
    for token in tokens(&plain) {
        if token.cjk {
            if token.text.chars().any(char::is_alphanumeric) {
                characters += 1;
            }
        } else if token.text.chars().any(char::is_alphanumeric) {
            words += 1;
        }
    }
    let images = image_count(content);
    let image_seconds: u64 = (0..images).map(|i| 12u64.saturating_sub(i).max(3)).sum();
    let millis = words.saturating_mul(60_000) / WORDS_PER_MINUTE
        + characters.saturating_mul(60_000) / CJK_CHARACTERS_PER_MINUTE
        + image_seconds.saturating_mul(1000);
    Duration::from_millis(millis)
}

/// [`reading_time`] in whole minutes, rounded to the nearest as Ghost does, and at least 1 for
/// content with anything to read or look at; 0 only for content with no words and no images.
///
/// ```
/// use broadsheet_core::excerpt::reading_minutes;
/// assert_eq!(reading_minutes(""), 0);
/// assert_eq!(reading_minutes("Short."), 1);
/// assert_eq!(reading_minutes(&"word ".repeat(1000)), 4); // 3.6 minutes
/// ```
pub fn reading_minutes(content: &str) -> u64 {
    let millis = reading_time(content).as_millis();
    if millis == 0 {
        return 0;
    }
    let minutes = (millis + 30_000) / 60_000;
    u64::try_from(minutes).unwrap_or(u64::MAX).max(1)
}

/// How many `<img>` tags the HTML holds.
fn image_count(html: &str) -> u64 {
    let lower = html.to_ascii_lowercase();
    lower
        .match_indices("<img")
        .filter(|(at, m)| {
            lower[at + m.len()..]
                .chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || c == '/' || c == '>')
        })
        .count() as u64
}

/// A word (or one CJK character) and whether whitespace preceded it.
struct Token<'a> {
    text: &'a str,
    space_before: bool,
    cjk: bool,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    let mut word_space_before = false;
    let mut pending_space = false;
    for (at, c) in text.char_indices() {
        let ends_word = c.is_whitespace() || is_cjk(c);
        if ends_word && let Some(start) = word_start.take() {
            out.push(Token {
                text: &text[start..at],
                space_before: word_space_before,
                cjk: false,
            });
            pending_space = false;
        }
        if c.is_whitespace() {
            pending_space = true;
        } else if is_cjk(c) {
            out.push(Token {
                text: &text[at..at + c.len_utf8()],
                space_before: pending_space,
                cjk: true,
            });
            pending_space = false;
        } else if word_start.is_none() {
            word_start = Some(at);
            word_space_before = pending_space;
            pending_space = false;
        }
    }
    if let Some(start) = word_start {
        out.push(Token {
            text: &text[start..],
            space_before: word_space_before,
            cjk: false,
        });
    }
    out
}

fn join(tokens: &[Token<'_>]) -> String {
    let mut out = String::new();
    for (i, token) in tokens.iter().enumerate() {
        if i > 0 && token.space_before {
            out.push(' ');
        }
        out.push_str(token.text);
    }
    out
}

/// Chinese and Japanese characters, counted one by one. Korean is written with spaces and is
/// counted in words.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}' // CJK radicals, Kangxi radicals
        | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation
        | '\u{3040}'..='\u{30FF}' // Hiragana, Katakana
        | '\u{3100}'..='\u{312F}' // Bopomofo
        | '\u{3190}'..='\u{31FF}' // Kanbun, Bopomofo extended, CJK strokes, Katakana extension
        | '\u{3400}'..='\u{4DBF}' // CJK extension A
        | '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
        | '\u{F900}'..='\u{FAFF}' // CJK compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}' // Half-width and full-width forms
        | '\u{20000}'..='\u{3FFFF}' // CJK extensions B and later
    ) && !c.is_whitespace()
}

/// Removes WordPress core shortcodes (see [`SHORTCODES`]): `[name ...]...[/name]` whole, or a
/// lone `[name ...]`, `[name/]`. An escaped `[[name]]` is left as it is.
fn strip_shortcodes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let boundary = after[name_len..]
            .chars()
            .next()
            .is_some_and(|c| c == ']' || c == '/' || c.is_whitespace());
        let escaped = if open == 0 {
            out.ends_with('[')
        } else {
            rest[..open].ends_with('[')
        };
        if !boundary || escaped || !SHORTCODES.contains(&name) {
            out.push_str(&rest[..=open]);
            rest = after;
            continue;
        }
        out.push_str(&rest[..open]);
        let Some(close) = after.find(']') else {
            // An opening bracket never closed: not a shortcode after all.
            out.push_str(&rest[open..]);
            return out;
        };
        let tag = &after[..close];
        let mut next = &after[close + 1..];
        if !tag.ends_with('/') {
            let end_tag = format!("[/{name}]");
            if let Some(end) = next.find(&end_tag) {
                next = &next[end + end_tag.len()..];
            }
        }
        rest = next;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PostId, Slug};
    use proptest::prelude::*;

    fn post(content: &str, excerpt: Option<&str>) -> Post {
        let mut post = Post::new(PostId(1), "T", Slug::parse("t").unwrap());
        post.content = content.to_owned();
        post.excerpt = excerpt.map(str::to_owned);
        post
    }

    #[test]
    fn long_content_is_trimmed_to_55_words_with_more_text() {
        let words: Vec<String> = (1..=60).map(|i| format!("w{i}")).collect();
        let content = format!("<p>{}</p>", words.join(" "));
        let expected = format!("{} […]", words[..55].join(" "));
        assert_eq!(excerpt(&post(&content, None)), expected);
        let exactly = format!("<p>{}</p>", words[..55].join(" "));
        assert_eq!(excerpt(&post(&exactly, None)), words[..55].join(" "));
    }

    #[test]
    fn explicit_excerpt_wins_unless_blank() {
        assert_eq!(
            excerpt(&post("Body text", Some("Hand <b>made</b> &amp; kept"))),
            "Hand made & kept"
        );
        assert_eq!(
            excerpt(&post("Body text", Some("  <p> </p> "))),
            "Body text"
        );
        assert_eq!(excerpt(&post("Body text", Some(""))), "Body text");
        let long = "word ".repeat(80);
        assert_eq!(excerpt_of(Some(&long), "", 55), long.trim());
    }

    /// WordPress's `Tests_Query_SetupPostdata` cases for `<!--nextpage-->`.
    #[test]
    fn content_splits_into_pages_as_wordpress_splits_it() {
        assert_eq!(
            content_pages("Page 0<!--nextpage-->Page 1<!--nextpage-->Page 2<!--nextpage-->Page 3"),
            ["Page 0", "Page 1", "Page 2", "Page 3"]
        );
        assert_eq!(
            content_pages("<!--nextpage-->Page 1<!--nextpage-->Page 2<!--nextpage-->Page 3"),
            ["Page 1", "Page 2", "Page 3"]
        );
        assert_eq!(
            content_pages(
                "Page 0\n<!--nextpage-->\nPage 1\nhas a line break\n<!--nextpage-->Page 2<!--nextpage-->\n\nPage 3"
            ),
            ["Page 0", "Page 1\nhas a line break", "Page 2", "\nPage 3"]
        );
        assert_eq!(
            content_pages(
                "<!-- wp:paragraph --><p>A</p><!-- /wp:paragraph -->\n<!-- wp:nextpage -->\n<!--nextpage-->\n<!-- /wp:nextpage -->\n<!-- wp:paragraph --><p>B</p><!-- /wp:paragraph -->"
            )
            .len(),
            2
        );
        // The excerpt of content that starts with the tag is its first page.
        assert_eq!(
            excerpt(&post(
                "<!--nextpage-->Page one<!--nextpage-->Page two",
                None
            )),
            "Page one"
        );
    }

    #[test]
    fn more_and_nextpage_tags_cut_the_content() {
        assert_eq!(
            excerpt(&post("Intro <b>here</b>.<!--more Read on-->Hidden", None)),
            "Intro here."
        );
        assert_eq!(
            excerpt(&post(
                "<!-- wp:paragraph --><p>Block intro</p><!-- /wp:paragraph -->\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more --><p>Rest</p>",
                None
            )),
            "Block intro"
        );
        assert_eq!(
            excerpt(&post("Page one<!--nextpage-->Page two", None)),
            "Page one"
        );
        // A long teaser is still trimmed.
        let teaser = "word ".repeat(60);
        assert_eq!(
            excerpt_of(None, &format!("{teaser}<!--more-->"), 55),
            format!("{} […]", "word ".repeat(55).trim())
        );
    }

    #[test]
    fn core_shortcodes_are_removed_with_their_content() {
        let content = r#"[caption id="attachment_1" align="alignnone"]<img src="x.jpg"> DSCF3702[/caption]WLP Kyrgyzstan [gallery ids="1,2"] rallied [embed]https://example.org/v[/embed] today [not-a-shortcode] [[caption]]"#;
        assert_eq!(
            excerpt(&post(content, None)),
            "WLP Kyrgyzstan rallied today [not-a-shortcode] [[caption]]"
        );
        assert_eq!(strip_shortcodes("[audio src=a.mp3 /]x"), "x");
        assert_eq!(
            strip_shortcodes("[video unterminated"),
            "[video unterminated"
        );
        assert_eq!(
            strip_shortcodes("[captionless] [caption"),
            "[captionless] [caption"
        );
    }

    #[test]
    fn protected_posts_have_no_excerpt() {
        let mut p = post("Secret body", Some("Secret excerpt"));
        p.password = Some("pw".into());
        assert_eq!(excerpt(&p), "");
        p.password = Some(String::new());
        assert_eq!(excerpt(&p), "Secret excerpt");
    }

    #[test]
    fn cjk_is_counted_by_characters() {
        let text = "我想分享我在哈萨克斯坦参加培训的感受。";
        let chars = text.chars().count();
        assert_eq!(word_count(text), chars);
        assert_eq!(excerpt_of(None, text, 5), "我想分享我 […]");
        assert_eq!(excerpt_of(None, text, 55), text);
        // Mixed text keeps its spaces where it had them.
        assert_eq!(trim_words("WLP 培训 in Shymkent", 4, "…"), "WLP 培训 in…");
        assert_eq!(word_count("WLP培训"), 3);
        // Korean is written with spaces and counted in words.
        assert_eq!(word_count("여성 지도자 훈련"), 3);
    }

    #[test]
    fn trim_words_edge_cases() {
        assert_eq!(trim_words("", 55, " […]"), "");
        assert_eq!(trim_words("a b", 0, " […]"), "[…]");
        assert_eq!(trim_words("   ", 0, " […]"), "");
        assert_eq!(trim_words(" a\t\nb ", 5, "…"), "a b");
    }

    #[test]
    fn reading_time_follows_ghost() {
        assert_eq!(reading_time(""), Duration::ZERO);
        assert_eq!(reading_time(&"word ".repeat(550)), Duration::from_secs(120));
        // Punctuation alone is not a word; tags and alt text are not read.
        assert_eq!(
            reading_time("— | <img alt='many words here' src=x>"),
            Duration::from_secs(12)
        );
        // Images: 12 + 11 + ... + 4 (nine images) + 3 + 3 for the tenth and eleventh.
        let images = "<IMG src=x />".repeat(11);
        assert_eq!(
            reading_time(&images),
            Duration::from_secs((4..=12).sum::<u64>() + 3 + 3)
        );
        // `<imgx>` and `<image>` are not images.
        assert_eq!(reading_time("<imgx><image>"), Duration::ZERO);
        // 500 CJK characters a minute.
        assert_eq!(reading_time(&"字".repeat(250)), Duration::from_secs(30));
        assert_eq!(reading_minutes(&"word ".repeat(275 * 3)), 3);
        assert_eq!(reading_minutes("<img src=x>"), 1);
    }

    proptest! {
        #![proptest_config(crate::testing::proptest_config(256))]
        #[test]
        fn trimmed_text_never_exceeds_the_word_limit(
            text in "[a-z 字。\\n]{0,200}",
            words in 0usize..30,
        ) {
            let trimmed = trim_words(&text, words, " […]");
            let total = word_count(&text);
            if total <= words {
                prop_assert!(!trimmed.ends_with("[…]"));
                prop_assert_eq!(word_count(&trimmed), total);
            } else {
                let body = trimmed.strip_suffix("[…]").unwrap_or(&trimmed);
                prop_assert_eq!(word_count(body), words);
            }
        }

        #[test]
        fn excerpts_and_reading_time_never_panic(
            explicit in proptest::option::of(any::<String>()),
            content in any::<String>(),
            words in 0usize..100,
        ) {
            let _ = excerpt_of(explicit.as_deref(), &content, words);
            let _ = reading_minutes(&content);
            let _ = strip_shortcodes(&content);
        }

        #[test]
        fn shortcode_like_input_never_panics(content in "[\\[\\]/a-z =\"]{0,60}") {
            let _ = excerpt_of(None, &content, 55);
        }
    }
}
