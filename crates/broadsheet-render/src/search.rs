//! The search page: `search/index.html`, whose script filters the site's search index, and
//! the index itself, `search/index.json` (the same data, for other tools).
//!
//! The index lists the posts and pages the public sees on the rendered site, newest first:
//! never a draft, pending, private, scheduled or trashed post, and never a password-protected
//! one (not even its title). Each entry holds its title, its link (relative to the `search/`
//! directory), its date, its excerpt as plain text (the library's summary excerpt: the
//! explicit excerpt, or the first 55 words of the first page of the content), its tags' names,
//! and `text`: the title, excerpt and tags folded as the library's search folds them
//! ([`broadsheet::text::fold`]), which the page's script matches the query's folded words
//! against.
//!
//! The page embeds the index in a `<script type="application/json">` element with `<`, `>` and
//! `&` written as `\u003c`, `\u003e` and `\u0026` (in `index.json` too), so no title or
//! excerpt can end the element or open markup; the script (`search.js`, a built-in template file) reads it with
//! `JSON.parse` and writes results with `textContent` only. The page therefore works straight
//! from the disk, where a browser refuses to fetch `index.json`.

use super::*;
use serde_json::json;

/// The search page's path, `search/index.html`.
pub(super) fn search_path() -> PagePath {
    PagePath::dir(vec!["search".into()])
}

impl SitePlan<'_> {
    /// The search index as JSON: an object with `entries`, newest first.
    pub(super) fn search_index(&self) -> String {
        let snapshot = self.snapshot;
        let here = search_path();
        let mut views: Vec<PostView> = self
            .posts
            .iter()
            .chain(self.pages.iter())
            .filter_map(|id| snapshot.post_view(*id, Viewer::Anonymous))
            // A protected post shows no content to the public; its entry would show nothing
            // either, so it has none.
            .filter(|view| view.content().is_some())
            .collect();
        views.sort_by(|a, b| b.published().cmp(&a.published()).then(a.id().cmp(&b.id())));
        let entries: Vec<serde_json::Value> = views
            .iter()
            .filter_map(|view| {
                let path = self.post_pages.get(&view.id())?;
                let title = strip_html(view.title());
                let excerpt = strip_html(&snapshot.summary(view).excerpt);
                let tags: Vec<String> = view
                    .terms()
                    .iter()
                    .filter_map(|id| snapshot.term(*id))
                    .filter(|term| term.taxonomy == Taxonomy::Tag)
                    .map(|term| strip_html(&term.name))
                    .collect();
                let text =
                    broadsheet::text::fold(&format!("{title}\n{excerpt}\n{}", tags.join("\n")));
                Some(json!({
                    "title": title,
                    "url": path.href_from(&here),
                    "date": view.published().map(crate::pages::display_date),
                    "datetime": view.published().map(|time| time.to_rfc3339()),
                    "excerpt": excerpt,
                    "tags": tags,
                    "text": text,
                }))
            })
            .collect();
        json!({ "entries": entries }).to_string()
    }

    /// The search page's variables: the index embedded (escaped for a `<script>` element)
    /// and the number of entries.
    pub(super) fn search_page(&self) -> (PagePath, &'static str, Value) {
        let here = search_path();
        let index = self.search_index();
        let mut vars = self.common(&here, "Search");
        vars.insert(
            "search".to_owned(),
            context! {
                index => Value::from_safe_string(escape_json_for_html(&index)),
                index_url => Value::from_safe_string("index.json".to_owned()),
                script => Value::from_safe_string(
                    PagePath::home().with_file("search.js").href_from(&here),
                ),
            },
        );
        (here, "search.html", Value::from(vars))
    }
}

/// JSON made safe inside an HTML `<script>` element: `<`, `>` and `&` as JSON's `\u003c`,
/// `\u003e` and `\u0026` (the same string once parsed), and the line separators U+2028 and
/// U+2029 as `\u2028`, `\u2029`.
pub fn escape_json_for_html(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaped_json_holds_no_markup_and_parses_to_the_same_value() {
        let value = json!({"title": "</script><script>alert(1)</script> & <!-- \u{2028}"});
        let escaped = escape_json_for_html(&value.to_string());
        assert!(!escaped.contains(['<', '>', '&', '\u{2028}']), "{escaped}");
        let back: serde_json::Value = serde_json::from_str(&escaped).expect("still JSON");
        assert_eq!(back, value);
    }
}
