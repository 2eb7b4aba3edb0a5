//! XSS end to end: the payloads of `tests/xss/payloads.txt` (OWASP's filter-evasion cheat sheet,
//! PortSwigger's and html5sec's lists: script tags, event handlers, `javascript:`/`data:`/
//! `vbscript:` URLs, SVG and MathML, CSS expressions, encoded, split and mixed-case variants,
//! attribute breakouts, comment and CDATA tricks) go into every field a reader sees — titles,
//! content, excerpts, author names, bios and websites, term names and descriptions, media
//! captions, comment bodies, commenters' names and websites, the site's title, description and
//! URL — and through the real command (`broadsheet render`, `broadsheet feed` in its three
//! formats). Every written HTML page and every HTML field of every feed is parsed with an HTML5
//! parser (html5ever, through `scraper`): no executable element, no event-handler attribute, no
//! script URL, no script in CSS survives.
//!
//! With Chromium installed (`CHROMIUM` names the binary, or `chromium` on PATH) the rendered
//! pages are also loaded headless (see `rendered_pages_run_no_script_in_chromium`); in CI a
//! missing browser fails that test unless `BROADSHEET_SKIP_BROWSER=1`.

mod common;
#[path = "../../broadsheet-render/tests/support/chromium.rs"]
mod support_chromium;
use support_chromium::{chromium_for_test, dump_dom};
#[path = "../../broadsheet-render/tests/support/files.rs"]
mod support_files;
use support_files::files;

use common::broadsheet;
use scraper::{ElementRef, Html, Node};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const PAYLOADS: &str = include_str!("../../../tests/xss/payloads.txt");

fn payloads() -> Vec<&'static str> {
    let list: Vec<&str> = PAYLOADS.lines().filter(|l| !l.is_empty()).collect();
    assert!(list.len() >= 100, "only {} payloads", list.len());
    list
}

/// URLs meant to run script, in the spellings that parse as URLs (the model's URL fields hold
/// only parseable URLs).
fn hostile_urls() -> Vec<String> {
    let mut urls: Vec<String> = [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(document.domain)",
        "javascript://example.org/%0Aalert(1)",
        "java\tscript:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "data:text/html,<script>alert(1)</script>",
        "https://ok.example/\"><script>alert(1)</script>",
        "https://ok.example/?q='onmouseover='alert(1)",
        "https://ok.example/#\" onclick=\"alert(1)",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    urls.extend(payloads().into_iter().map(String::from));
    urls.retain(|url| broadsheet::Url::parse(url).is_ok());
    assert!(urls.len() >= 8, "too few hostile URLs parse: {urls:?}");
    urls
}

/// A site where every public field holds a payload: one published post per payload (title,
/// content, excerpt), an author, a tag and a category, media and two comments per payload, and
/// the site's settings made of payloads too.
fn hostile_site() -> Value {
    let payloads = payloads();
    let urls = hostile_urls();
    let mut authors = Vec::new();
    let mut terms = Vec::new();
    let mut posts = Vec::new();
    let mut comments = Vec::new();
    let mut media = Vec::new();
    for (i, payload) in payloads.iter().enumerate() {
        let n = i as u64 + 1;
        let url = &urls[i % urls.len()];
        authors.push(json!({
            "id": n, "slug": format!("author-{n}"), "display_name": payload,
            "first_name": payload, "last_name": payload,
            "bio": format!("<p>bio {n}</p>{payload}"), "url": url, "avatar": url, "guest": false
        }));
        terms.push(json!({
            "id": 2 * n - 1, "taxonomy": "post_tag", "name": payload, "slug": format!("tag-{n}"),
            "description": format!("<p>tag {n}</p>{payload}")
        }));
        terms.push(json!({
            "id": 2 * n, "taxonomy": "category", "name": payload, "slug": format!("cat-{n}"),
            "description": payload
        }));
        media.push(json!({
            "id": n, "url": format!("https://media.example/{n}.png"), "title": payload,
            "alt_text": payload, "caption": payload, "mime_type": "image/png", "attached_to": n
        }));
        let day = 1 + (i % 28);
        let month = 1 + (i / 28) % 12;
        posts.push(json!({
            "id": n, "kind": "post", "status": "published", "title": payload,
            "slug": format!("post-{n}"),
            "content": format!("<p>content {n}</p>{payload}<p>after</p>"),
            "excerpt": payload, "authors": [n], "terms": [2 * n - 1, 2 * n],
            "featured_media": n,
            "published": format!("2013-{month:02}-{day:02}T10:00:00+00:00")
        }));
        comments.push(json!({
            "id": 2 * n - 1, "post": n, "author_name": payload, "author_url": url,
            "content": payload, "date": format!("2013-{month:02}-{day:02}T11:00:00+00:00"),
            "status": "approved", "kind": "comment"
        }));
        comments.push(json!({
            "id": 2 * n, "post": n, "parent": 2 * n - 1, "author_name": format!("reply {n}"),
            "content": format!("<p>reply</p>{payload}"),
            "date": format!("2013-{month:02}-{day:02}T12:00:00+00:00"),
            "status": "approved", "kind": "comment"
        }));
    }
    let settings_text = payloads[..40].join(" ");
    json!({
        "format": "broadsheet",
        "version": 1,
        "site": {
            "title": settings_text,
            "description": payloads[40..80].join(" "),
            "url": urls[0],
            "language": "en\"><script>alert(1)</script>",
            "time_zone": "UTC",
            "authors": authors, "terms": terms, "posts": posts, "comments": comments, "media": media
        }
    })
}

/// Attributes whose value is a URL a browser may load or navigate to.
const URL_ATTRIBUTES: &[&str] = &[
    "href",
    "src",
    "action",
    "formaction",
    "background",
    "poster",
    "data",
    "codebase",
    "cite",
    "longdesc",
    "dynsrc",
    "lowsrc",
    "srcset",
    "xlink:href",
    "ping",
    "manifest",
    "icon",
];

/// Elements that run script, load other documents or change how the page is interpreted.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "svg",
    "math", "link", "template", "noscript", "xml", "import", "portal", "isindex", "input",
    "button", "textarea", "select", "keygen", "video", "audio", "source", "layer", "bgsound",
];

/// A URL as a browser reads its scheme: ASCII whitespace and controls removed, lower case.
fn scheme_of(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Every active thing an HTML document or fragment holds, described; `page_style` allows the
/// one `<style>` element and the `<meta charset>` of the built-in layout (in `<head>`).
fn active_markup(html: &Html, page_style: bool) -> Vec<String> {
    let mut found = Vec::new();
    for node in html.tree.nodes() {
        let Node::Element(element) = node.value() else {
            continue;
        };
        let name = element.name().to_ascii_lowercase();
        let in_head = node
            .ancestors()
            .any(|a| matches!(a.value(), Node::Element(e) if e.name() == "head"));
        // The layout's head links the archive's feed (`rel="alternate"`, which loads nothing),
        // a post's canonical address (`rel="canonical"`, which loads nothing either)
        // and the theme's own stylesheet, `style.css` beside the pages; every href is checked
        // below like every URL, and the stylesheet must be the theme's relative one.
        let feed_link = page_style
            && in_head
            && name == "link"
            && match element.attr("rel").map(str::to_ascii_lowercase).as_deref() {
                Some("alternate" | "canonical") => true,
                Some("stylesheet") => element
                    .attr("href")
                    .is_some_and(|href| href.ends_with("style.css") && !href.contains(':')),
                _ => false,
            };
        // The layout's search form (in the site's header, sending `q` to the search page)
        // with its field and button; the search page's index, a JSON data island (which runs
        // nothing, and must parse as JSON whole: a payload that ended it would leave a
        // fragment), and the theme's own `search.js` beside the pages.
        let in_search_form = node.ancestors().any(|a| {
            matches!(a.value(), Node::Element(e) if e.name() == "form" && is_layout_search_form(ElementRef::wrap(a)))
        });
        let layout_search = page_style
            && match name.as_str() {
                "form" => is_layout_search_form(ElementRef::wrap(node)),
                "input" => in_search_form && element.attr("type") == Some("search"),
                "button" => in_search_form && element.attr("type") == Some("submit"),
                "script" => {
                    let text = ElementRef::wrap(node)
                        .map(|e| e.text().collect::<String>())
                        .unwrap_or_default();
                    match element.attr("type") {
                        Some("application/json") => {
                            element.attr("src").is_none()
                                && serde_json::from_str::<Value>(&text).is_ok()
                        }
                        None => {
                            text.is_empty()
                                && element.attr("src").is_some_and(|src| {
                                    src.ends_with("search.js") && !src.contains(':')
                                })
                        }
                        _ => false,
                    }
                }
                _ => false,
            };
        if ACTIVE_ELEMENTS.contains(&name.as_str()) && !feed_link && !layout_search {
            found.push(format!("<{name}> element"));
        }
        if name == "style" && !(page_style && in_head) {
            found.push("<style> element outside the layout's head".into());
        }
        if name == "style" {
            let css = ElementRef::wrap(node)
                .map(|e| e.text().collect::<String>())
                .unwrap_or_default();
            check_css(&css, "<style>", &mut found);
        }
        if name == "meta" && (!page_style || element.attr("http-equiv").is_some()) {
            found.push(format!(
                "<meta> element {:?}",
                element.attrs().collect::<Vec<_>>()
            ));
        }
        for (attribute, value) in element.attrs() {
            let attribute = attribute.to_ascii_lowercase();
            if attribute.starts_with("on") {
                found.push(format!("event handler {attribute}={value:?} on <{name}>"));
            }
            if attribute == "srcdoc" {
                found.push(format!("srcdoc on <{name}>"));
            }
            if URL_ATTRIBUTES.contains(&attribute.as_str()) || attribute.ends_with(":href") {
                let url = scheme_of(value);
                for scheme in ["javascript:", "vbscript:", "data:", "livescript:", "mocha:"] {
                    if url.starts_with(scheme) || url.contains(&format!(",{scheme}")) {
                        found.push(format!("{attribute}={value:?} on <{name}>"));
                    }
                }
            }
            if attribute == "style" {
                check_css(value, &format!("style on <{name}>"), &mut found);
            }
        }
    }
    found
}

/// The layout's search form: in the site's header, a GET to the site's own search page.
fn is_layout_search_form(form: Option<ElementRef>) -> bool {
    let Some(form) = form else { return false };
    let element = form.value();
    let in_header = form.ancestors().any(|a| {
        matches!(a.value(), Node::Element(e) if e.name() == "header" && e.attr("class") == Some("site-header"))
    });
    in_header
        && element.attr("role") == Some("search")
        && element.attr("method") == Some("get")
        && element
            .attr("action")
            .is_some_and(|action| action.ends_with("search/index.html") && !action.contains(':'))
}

fn check_css(css: &str, place: &str, found: &mut Vec<String>) {
    // What a browser reads: CSS escapes (`\65 xpression`, `\e`) and comments undone,
    // whitespace removed, lower case.
    let mut decoded = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            decoded.push(c);
            continue;
        }
        let mut hex = String::new();
        while hex.len() < 6 && chars.peek().is_some_and(char::is_ascii_hexdigit) {
            hex.push(chars.next().unwrap_or_default());
        }
        if hex.is_empty() {
            decoded.extend(chars.next());
        } else {
            if chars.peek().is_some_and(char::is_ascii_whitespace) {
                chars.next();
            }
            decoded.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
        }
    }
    let mut folded = String::new();
    let mut rest = decoded.as_str();
    while let Some(start) = rest.find("/*") {
        folded.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    folded.push_str(rest);
    let folded: String = folded
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    for bad in [
        "expression(",
        "javascript:",
        "vbscript:",
        "behavior:",
        "-moz-binding",
        "@import",
        "url(data:",
        "url('data:",
        "url(\"data:",
    ] {
        if folded.contains(bad) {
            found.push(format!("{bad} in {place}: {css:?}"));
        }
    }
}

/// Every file a render wrote, in path order (so failures read the same on every run).
fn all_files_sorted(dir: &Path) -> Vec<PathBuf> {
    let mut found = files(dir);
    found.sort();
    found
}

struct Rendered {
    _dir: tempfile::TempDir,
    out: PathBuf,
    site: PathBuf,
}

fn render_hostile_site() -> Rendered {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let site = dir.path().join("hostile.json");
    std::fs::write(&site, serde_json::to_string(&hostile_site()).unwrap()).unwrap();
    let out = dir.path().join("public");
    broadsheet([
        "render".as_ref(),
        site.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
        "--quiet".as_ref(),
    ])
    .expect_code(0);
    Rendered {
        _dir: dir,
        out,
        site,
    }
}

#[test]
fn no_payload_survives_as_active_markup_in_rendered_pages() {
    let rendered = render_hostile_site();
    let files = all_files_sorted(&rendered.out);
    // Home pages, one page per post, per tag, per author, per month: the payloads reached
    // every kind of page.
    assert!(
        files.len() > 3 * payloads().len(),
        "only {} files",
        files.len()
    );
    let mut problems = Vec::new();
    let mut posts_with_comments = 0;
    for file in &files {
        // Each archive's RSS feed (`feed.xml`) is a feed, which the feed test checks; the
        // theme's `style.css` and `search.js` hold no site data; `search/index.json` is data
        // (the search page embeds it, and is checked as a page).
        if file.file_name().is_some_and(|name| {
            ["feed.xml", "style.css", "search.js", "index.json"]
                .iter()
                .any(|n| name == *n)
        }) {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            file.extension().is_some_and(|e| e == "html"),
            "{} written",
            file.display()
        );
        let html = Html::parse_document(&text);
        for problem in active_markup(&html, true) {
            problems.push(format!(
                "{}: {problem}",
                file.strip_prefix(&rendered.out).unwrap().display()
            ));
        }
        if text.contains("reply</p>") || text.contains("<p>reply</p>") {
            posts_with_comments += 1;
        }
    }
    // The payloads' harmless parts are shown, so the check looked at rendered content.
    assert!(
        posts_with_comments >= payloads().len(),
        "comments were not rendered"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// Parses a feed document and returns the text of every element (text, references and CDATA
/// joined, XML-unescaped) and of every attribute, each with its element's name.
fn xml_texts(xml: &str) -> Vec<(String, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut text = String::new();
    let flush = |stack: &Vec<String>, text: &mut String, out: &mut Vec<(String, String)>| {
        if !text.trim().is_empty() {
            out.push((
                stack.last().cloned().unwrap_or_default(),
                std::mem::take(text),
            ));
        }
        text.clear();
    };
    loop {
        match reader.read_event().expect("the feed is well-formed XML") {
            Event::Start(start) | Event::Empty(start) => {
                flush(&stack, &mut text, &mut out);
                let name = start.name().as_ref().to_owned();
                for attribute in start.attributes() {
                    let attribute = attribute.expect("a well-formed attribute");
                    let key = attribute.key.as_ref().to_owned();
                    let value = attribute
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("an attribute value");
                    out.push((format!("{name}@{key}"), value.into_owned()));
                }
                let kind = start
                    .attributes()
                    .flatten()
                    .find(|a| a.key.as_ref() == "type")
                    .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok())
                    .map(|v| format!("[{v}]"))
                    .unwrap_or_default();
                let parent = stack
                    .last()
                    .map(|p| p.split('[').next().unwrap_or("").to_owned());
                stack.push(match parent {
                    Some(parent) => format!("{parent}/{name}{kind}"),
                    None => format!("{name}{kind}"),
                });
            }
            Event::End(_) => {
                flush(&stack, &mut text, &mut out);
                stack.pop();
            }
            Event::Text(part) => text.push_str(&part.xml10_content()),
            Event::CData(part) => text.push_str(&part.xml10_content()),
            Event::GeneralRef(reference) => {
                let name: &str = &reference;
                let c = match name {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => reference
                        .resolve_char_ref()
                        .expect("a character reference")
                        .unwrap_or_else(|| panic!("undefined entity &{name};")),
                };
                text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn feed(site: &Path, format: &str) -> String {
    let run = broadsheet([
        "feed".as_ref(),
        site.as_os_str(),
        "--format".as_ref(),
        format.as_ref(),
        "--full".as_ref(),
        "--number".as_ref(),
        "1000".as_ref(),
        // The hostile site's own URL is a payload, not a web address; a feed needs one.
        "--site-url".as_ref(),
        "https://example.org".as_ref(),
    ]);
    run.expect_code(0);
    run.stdout
}

/// Checks one feed field: HTML fields are parsed as HTML fragments, URL fields must not hold a
/// script URL, and plain-text fields are left to the reader's escaping.
fn check_field(
    kind: &str,
    place: &str,
    value: &str,
    html: bool,
    url: bool,
    problems: &mut Vec<String>,
) {
    if html {
        for problem in active_markup(&Html::parse_fragment(value), false) {
            problems.push(format!("{kind} {place}: {problem}"));
        }
    }
    if url {
        let scheme = scheme_of(value);
        for bad in ["javascript:", "vbscript:", "data:"] {
            if scheme.starts_with(bad) {
                problems.push(format!("{kind} {place}: URL {value:?}"));
            }
        }
    }
}

#[test]
fn no_payload_survives_as_active_markup_in_any_feed_format() {
    let rendered = render_hostile_site();
    let mut problems = Vec::new();
    let mut html_fields = 0;

    // RSS 2.0: description and content:encoded are HTML; links and enclosures are URLs.
    let rss = feed(&rendered.site, "rss");
    for (place, value) in xml_texts(&rss) {
        // The item's description and content are HTML; the channel's description and every
        // title are plain text (RSS Best Practices Profile), written XML-escaped.
        let html = place.ends_with("/item/description") || place.ends_with("/item/content:encoded");
        html_fields += usize::from(place.ends_with("/item/content:encoded"));
        let leaf = place.rsplit('/').next().unwrap_or_default();
        let url = matches!(leaf, "link" | "comments" | "docs" | "url")
            || place.ends_with("@href")
            || place.ends_with("@url");
        check_field("rss", &place, &value, html, url, &mut problems);
    }

    // Atom 1.0: text constructs whose type is html (or any content and summary, which this
    // writer writes as html) are HTML; hrefs and URIs are URLs.
    let atom = feed(&rendered.site, "atom");
    for (place, value) in xml_texts(&atom) {
        // Text constructs typed html or xhtml are HTML; text ones are plain text.
        let leaf = place.rsplit('/').next().unwrap_or_default();
        let html = leaf.ends_with("[html]") || leaf.ends_with("[xhtml]");
        html_fields += usize::from(html && leaf.starts_with("content"));
        let url = matches!(leaf, "uri" | "id" | "icon" | "logo")
            || place.ends_with("@href")
            || place.ends_with("@uri");
        check_field("atom", &place, &value, html, url, &mut problems);
    }
    // An Atom title written as html would be HTML: this writer writes text titles.
    assert!(
        !atom.contains("<title type=\"html\""),
        "Atom titles are text constructs"
    );

    // JSON Feed 1.1: content_html is HTML; every *url field is a URL.
    let json: Value = serde_json::from_str(&feed(&rendered.site, "json")).expect("JSON Feed");
    let mut stack = vec![(String::new(), &json)];
    while let Some((place, value)) = stack.pop() {
        match value {
            Value::Object(map) => stack.extend(map.iter().map(|(k, v)| (k.clone(), v))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (place.clone(), v))),
            Value::String(text) => {
                let html = place == "content_html";
                html_fields += usize::from(html);
                // JSON Feed's title and summary are plain text by the specification.
                let url = place.ends_with("url")
                    || place == "avatar"
                    || place == "icon"
                    || place == "favicon";
                check_field("json", &place, text, html, url, &mut problems);
            }
            _ => {}
        }
    }
    // Every post's content reached each of the three feeds.
    assert!(
        html_fields >= 3 * payloads().len(),
        "only {html_fields} HTML fields"
    );
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_checker_finds_live_markup() {
    // The checks above are worth what this one proves: each kind of live markup is caught.
    for live in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" java&#x09;script:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<svg><a>x</a></svg>",
        "<div style=\"width: exp\\72 ession(alert(1))\">x</div>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<iframe srcdoc=\"x\"></iframe>",
        "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    ] {
        assert!(
            !active_markup(&Html::parse_fragment(live), false).is_empty(),
            "{live} passed"
        );
    }
    for safe in [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:alert(1)</p>",
        "<a href=\"https://example.org/javascript:\" rel=\"noopener\">x</a>",
    ] {
        assert!(
            active_markup(&Html::parse_fragment(safe), false).is_empty(),
            "{safe} refused"
        );
    }
}

/// The layout's search form, index and script are allowed only as the layout writes them.
#[test]
fn the_checker_allows_the_search_page_only_as_the_layout_writes_it() {
    let page = |header: &str, main: &str| {
        format!(
            "<!DOCTYPE html><html><head><title>t</title></head><body><header class=\"site-header\">{header}</header><main>{main}</main></body></html>"
        )
    };
    let form = "<form role=\"search\" method=\"get\" action=\"../search/index.html\"><input type=\"search\" name=\"q\"><button type=\"submit\">Search</button></form>";
    let data = "<script type=\"application/json\" id=\"search-index\">{\"entries\":[]}</script><script src=\"../search.js\" defer></script>";
    let allowed = page(form, data);
    assert_eq!(
        active_markup(&Html::parse_document(&allowed), true),
        Vec::<String>::new()
    );
    for live in [
        page("", form),
        page(&form.replace("get", "post"), ""),
        page(
            &form.replace(
                "../search/index.html",
                "https://evil.example/search/index.html",
            ),
            "",
        ),
        page(&form.replace("type=\"search\"", "type=\"hidden\""), ""),
        page(
            form,
            "<script type=\"application/json\">{\"a\": </script><script>alert(1)</script>",
        ),
        page(
            form,
            "<script type=\"application/json\">{\"a\": 1}</script><p>x</p><script>alert(1)</script>",
        ),
        page(
            form,
            "<script src=\"https://evil.example/search.js\"></script>",
        ),
        page(form, "<script src=\"../search.js\">alert(1)</script>"),
        page(
            form,
            "<script type=\"module\" src=\"../search.js\"></script>",
        ),
    ] {
        assert!(
            !active_markup(&Html::parse_document(&live), true).is_empty(),
            "not caught: {live}"
        );
    }
}

/// Loads rendered pages in headless Chromium, when one is available, and asserts that no
/// script ran. Five payloads write `XSS-RAN` into the document (spelled `'XSS'+'-RAN'` in the
/// payload, so the marker appears only if the code runs); Chromium dumps the DOM after running
/// the page (`--dump-dom`, with a virtual-time budget for `onerror` and `onload` to fire), and
/// the dump must hold no marker and, parsed again, no active markup.
#[test]
fn rendered_pages_run_no_script_in_chromium() {
    let Some(chromium) = chromium_for_test() else {
        return;
    };
    let rendered = render_hostile_site();
    let mut problems = Vec::new();
    let markers: Vec<usize> = payloads()
        .iter()
        .enumerate()
        .filter(|(_, p)| p.contains("'XSS'+'-RAN'"))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(markers.len() >= 5);
    let mut pages: Vec<PathBuf> = markers
        .iter()
        .map(|n| rendered.out.join(format!("tag/tag-{n}/index.html")))
        .collect();
    pages.push(rendered.out.join("index.html"));
    // The search page, its script listing results whose titles are payloads.
    let search = rendered.out.join("search/index.html");
    pages.push(PathBuf::from(format!(
        "file://{}?q=alert",
        search.display()
    )));
    for file in &pages {
        let dom = dump_dom(&chromium, file);
        assert!(
            dom.contains("<body"),
            "chromium printed no DOM for {}",
            file.display()
        );
        if dom.contains("XSS-RAN") {
            problems.push(format!("{}: a payload ran", file.display()));
        }
        for problem in active_markup(&Html::parse_document(&dom), true) {
            problems.push(format!("{}: {problem}", file.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
