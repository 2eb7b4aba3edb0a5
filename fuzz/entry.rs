//! The fuzzing entry points, shared by the cargo-fuzz targets (`fuzz/fuzz_targets/*.rs`, nightly)
//! and the stable replay of the seed corpus and every crash input (`tests/fuzz_replay.rs`), so a
//! regression runs through exactly the code the fuzzer ran.
//!
//! Each entry point takes arbitrary bytes and must neither panic nor break the invariant it
//! asserts; a broken invariant is a panic, which libFuzzer records as a crash.

#![allow(dead_code)]

use broadsheet::formats::{Format, ImportOptions, open_bytes};
use broadsheet::{BuildMode, Query, Slug, SlugStyle, Viewer, slugify};

/// A target's entry point: it takes the fuzzer's bytes and panics on a broken invariant.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `fuzz_targets/` file and its corpus directory.
pub const TARGETS: &[(&str, Target)] = &[
    ("wxr", wxr),
    ("ghost", ghost),
    ("json", json),
    ("jsonl", jsonl),
    ("filter", filter),
    ("slugify", slugify_target),
    ("text", text),
    ("sanitise", sanitise),
];

/// Inputs larger than this are skipped: the fuzzer looks for crashes and broken invariants,
/// not for the size-driven hangs that the limit tests cover.
pub const MAX_INPUT: usize = 64 * 1024;

/// Opens `bytes` as `format` in both modes, and on success asks the anonymous and the editor's
/// view for the first page and exports the archive to native JSON, which must read back.
fn open_format(bytes: &[u8], format: Format) {
    if bytes.len() > MAX_INPUT {
        return;
    }
    for mode in [BuildMode::Lenient, BuildMode::Strict] {
        let options = ImportOptions::default()
            .with_mode(mode)
            .with_format(Some(format));
        let Ok(opened) = open_bytes(bytes, options) else {
            continue;
        };
        let snapshot = opened.archive.snapshot();
        for viewer in [Viewer::Anonymous, Viewer::Editor] {
            let _ = snapshot.query(&Query::new(), viewer);
        }
        let json = broadsheet::formats::json::to_string(&*snapshot);
        if let Err(error) = broadsheet::formats::json::from_str(&json) {
            panic!(
                "an opened {format:?} input exports native JSON that does not read back: {error}"
            );
        }
    }
}

/// The WXR reader (WordPress eXtended RSS).
pub fn wxr(bytes: &[u8]) {
    open_format(bytes, Format::Wxr);
}

/// The Ghost JSON reader.
pub fn ghost(bytes: &[u8]) {
    open_format(bytes, Format::Ghost);
}

/// Broadsheet's native JSON document.
pub fn json(bytes: &[u8]) {
    open_format(bytes, Format::Json);
}

/// Broadsheet JSON Lines.
pub fn jsonl(bytes: &[u8]) {
    open_format(bytes, Format::JsonLines);
}

/// Filter strings: a string that parses prints as a filter string that parses to the same
/// filter; an error renders its caret line without panicking.
pub fn filter(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if text.len() > 4096 {
        return;
    }
    match broadsheet::parse_filter(text) {
        Ok(filter) => {
            let printed = broadsheet::filter_string::to_filter_string(&filter);
            match broadsheet::parse_filter(&printed) {
                Ok(again) => assert_eq!(
                    again.normalized(),
                    filter.normalized(),
                    "{text:?} printed as {printed:?} parses to another filter"
                ),
                Err(error) => {
                    panic!("{text:?} printed as {printed:?}, which does not parse: {error}")
                }
            }
        }
        Err(error) => {
            let _ = error.render(text);
        }
    }
}

/// `slugify` in both styles: idempotent, and a non-empty result is a valid slug.
pub fn slugify_target(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if text.len() > 4096 {
        return;
    }
    for style in [SlugStyle::WordPress, SlugStyle::Ascii] {
        let once = slugify(&text, style);
        assert_eq!(
            slugify(&once, style),
            once,
            "slugify({text:?}, {style:?}) is not idempotent"
        );
        if !once.is_empty() {
            assert!(
                Slug::parse(&once).is_ok(),
                "slugify({text:?}, {style:?}) = {once:?} is not a slug"
            );
        }
    }
}

/// HTML to text, excerpts, word counts, reading time and the text search: no panics, and
/// stripped text holds no tag.
pub fn text(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if text.len() > MAX_INPUT {
        return;
    }
    // The first line is the explicit excerpt (may be empty), the rest the content.
    let (explicit, content) = text.split_once('\n').unwrap_or(("", &text));
    let stripped = broadsheet::text::strip_html(content);
    let _ =
        broadsheet::excerpt::excerpt_of((!explicit.is_empty()).then_some(explicit), content, 55);
    let _ = broadsheet::excerpt::trim_words(&stripped, 10, "...");
    let _ = broadsheet::excerpt::word_count(&stripped);
    let _ = broadsheet::excerpt::reading_time(content);
    let _ = broadsheet::text::fold(&stripped);
    let query = broadsheet::text::SearchQuery::parse(explicit);
    let _ = query.score(explicit, explicit, content);
}

/// The public HTML policy: whatever goes in, no script, frame, style element, event handler or
/// script URL comes out, and sanitising again changes nothing that matters for safety.
pub fn sanitise(bytes: &[u8]) {
    let html = String::from_utf8_lossy(bytes);
    if html.len() > MAX_INPUT {
        return;
    }
    let clean = broadsheet::formats::sanitise::sanitise_html(&html);
    if let Some(problem) = active_markup(&clean) {
        panic!("sanitise_html({html:?}) = {clean:?} keeps active markup: {problem}");
    }
    let twice = broadsheet::formats::sanitise::sanitise_html(&clean);
    if let Some(problem) = active_markup(&twice) {
        panic!("sanitising {clean:?} again gives {twice:?}, active markup: {problem}");
    }
}

/// The attributes of a tag (`tag` without its closing `>`) that have a value: each name (the
/// word before an `=` outside quotes) with what follows the `=`, up to its closing quote, or
/// up to white space when unquoted.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut found = Vec::new();
    let mut chars = tag.char_indices().peekable();
    let mut name_start = 0;
    while let Some((at, c)) = chars.next() {
        match c {
            '"' | '\'' => {
                // A quote outside a value (malformed): skip to its pair.
                for (_, d) in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
            }
            c if c.is_ascii_whitespace() || c == '/' => name_start = at + 1,
            '=' => {
                let name = tag[name_start..at].trim();
                while chars.peek().is_some_and(|(_, d)| d.is_ascii_whitespace()) {
                    chars.next();
                }
                let Some(&(start, first)) = chars.peek() else {
                    break;
                };
                let mut end = tag.len();
                if first == '"' || first == '\'' {
                    chars.next();
                    for (at, d) in chars.by_ref() {
                        if d == first {
                            end = at;
                            break;
                        }
                    }
                    found.push((name, &tag[start + 1..end]));
                } else {
                    while let Some(&(at, d)) = chars.peek() {
                        if d.is_ascii_whitespace() {
                            end = at;
                            break;
                        }
                        chars.next();
                    }
                    found.push((name, &tag[start..end]));
                }
                name_start = end + 1;
            }
            _ => {}
        }
    }
    found
}

/// Attributes whose value a browser loads or follows as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "background",
    "poster",
    "data",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "codebase",
    "manifest",
    "ping",
    "icon",
    "srcset",
    "usemap",
];

/// A cheap, conservative check of sanitised HTML: tags and attributes that execute. Text
/// content never holds `<` unescaped after sanitising, so a `<script` is a tag.
pub fn active_markup(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    for tag in [
        "<script", "<iframe", "<style", "<object", "<embed", "<svg", "<math", "<form", "<base",
        "<meta", "<link",
    ] {
        if lower.contains(tag) {
            return Some(format!("element {tag}>"));
        }
    }
    // Inside any tag: no event handler attribute and no script URL.
    let mut rest = lower.as_str();
    while let Some(start) = rest.find('<') {
        let after = &rest[start..];
        let end = after.find('>').unwrap_or(after.len());
        let tag = &after[..end];
        // Attribute names only: quoted values (`href="x onerror=y"`) are blanked out.
        let mut quote = None;
        let names: String = tag
            .chars()
            .map(|c| match quote {
                Some(q) if c == q => {
                    quote = None;
                    c
                }
                Some(_) => 'x',
                None => {
                    if c == '"' || c == '\'' {
                        quote = Some(c);
                    }
                    c
                }
            })
            .collect();
        let tag_names = names.as_str();
        for (index, _) in tag_names.match_indices(" on") {
            let name: String = tag_names[index + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            if tag_names[index + 1 + name.len()..]
                .trim_start()
                .starts_with('=')
            {
                return Some(format!("attribute {name} in {tag}>"));
            }
        }
        for (name, value) in attributes(tag) {
            if !URL_ATTRIBUTES.contains(&name) {
                continue;
            }
            // As the URL standard parses it: leading and trailing C0 controls and spaces
            // removed, and every tab and newline anywhere (another control character inside
            // the scheme makes it no scheme: a relative URL).
            let scheme: String = value
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .take(11)
                .collect();
            for bad in ["javascript:", "vbscript:", "data:"] {
                if scheme.starts_with(bad) {
                    return Some(format!("{bad} URL in {tag}>"));
                }
            }
        }
        rest = &after[end.min(after.len())..];
        if rest.is_empty() {
            break;
        }
        rest = &rest[1..];
    }
    None
}
