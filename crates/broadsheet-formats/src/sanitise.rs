//! The one HTML policy for public output: what feeds and rendered pages keep of authored HTML.
//!
//! [`sanitise_html`] runs ammonia's default policy: formatting, links, images, lists, tables and
//! the like survive; `<script>`, `<style>`, event handlers (`onerror=`), `<svg>`/`<math>`
//! payloads, and `javascript:`/`data:` URLs do not, and links get `rel="noopener noreferrer"`.
//! Every HTML field of every feed and every page the renderer writes goes through it.

/// Authored HTML made safe to publish (see the module docs).
///
/// ```
/// use broadsheet_formats::sanitise::sanitise_html;
/// let clean = sanitise_html(r#"<p onclick="x()">Hi<script>alert(1)</script><img src="a.png" onerror="y()"></p>"#);
/// assert_eq!(clean, r#"<p>Hi<img src="a.png"></p>"#);
/// ```
pub fn sanitise_html(html: &str) -> String {
    ammonia::clean(html)
}
