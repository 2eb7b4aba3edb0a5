//! Every code the importers and the command report, in one table: WXR (`wxr.*`, listed in
//! `docs/formats/wxr.md`), Ghost (`ghost.*`, `docs/formats/ghost.md`), and what every format
//! shares (`import.*`, `input.*`, `docs/formats/import.md`).
//!
//! Import codes follow the core's grammar with the format first:
//! `<format>.<entity>[.<field>].<problem>` (`wxr.term.slug.invalid`, `ghost.post.id.missing`).
//! A test checks this table against those pages both ways, and that every code literal in this
//! crate's and the command's sources is declared here.

use broadsheet_core::IssueCode;
use broadsheet_core::Severity::{Error, Warning};

/// Lenient mode recovered malformed XML (bare `&`, undefined entity, character reference that names no code point, raw `]]>` in CDATA, malformed attribute) (warning).
pub const WXR_XML_RECOVERED: IssueCode = IssueCode {
    id: "wxr.xml.recovered",
    severity: Warning,
    meaning: "lenient mode recovered malformed XML (bare `&`, undefined entity, character reference that names no code point, raw `]]>` in CDATA, malformed attribute)",
};

/// Lenient mode replaced characters XML 1.0 cannot carry (C0 controls, U+FFFE, U+FFFF, surrogates; literal or by reference) by U+FFFD, in text, an attribute value or an element name (warning).
pub const WXR_XML_CHAR_REPLACED: IssueCode = IssueCode {
    id: "wxr.xml.char.replaced",
    severity: Warning,
    meaning: "lenient mode replaced characters XML 1.0 cannot carry (C0 controls, U+FFFE, U+FFFF, surrogates; literal or by reference) by U+FFFD, in text, an attribute value or an element name",
};

/// A `<!DOCTYPE>` was skipped; its entities are not expanded (warning).
pub const WXR_XML_DOCTYPE_IGNORED: IssueCode = IssueCode {
    id: "wxr.xml.doctype.ignored",
    severity: Warning,
    meaning: "a `<!DOCTYPE>` was skipped; its entities are not expanded",
};

/// Elements that are not WXR where they appear were skipped (one issue per element name, with the count and the first location) (warning).
pub const WXR_ELEMENT_IGNORED: IssueCode = IssueCode {
    id: "wxr.element.ignored",
    severity: Warning,
    meaning: "elements that are not WXR where they appear were skipped (one issue per element name, with the count and the first location)",
};

/// Items of a kind left out by `ImportOptions::kinds` (count per kind) (warning).
pub const WXR_ITEM_FILTERED: IssueCode = IssueCode {
    id: "wxr.item.filtered",
    severity: Warning,
    meaning: "items of a kind left out by `ImportOptions::kinds` (count per kind)",
};

/// The channel `link` is not an absolute URL (kept as text) (error).
pub const WXR_SITE_URL_INVALID: IssueCode = IssueCode {
    id: "wxr.site.url.invalid",
    severity: Error,
    meaning: "the channel `link` is not an absolute URL (kept as text)",
};

/// A `wp:author` without login (warning).
pub const WXR_AUTHOR_LOGIN_MISSING: IssueCode = IssueCode {
    id: "wxr.author.login.missing",
    severity: Warning,
    meaning: "a `wp:author` without login",
};

/// An author e-mail that is not an address (kept as text) (error).
pub const WXR_AUTHOR_EMAIL_INVALID: IssueCode = IssueCode {
    id: "wxr.author.email.invalid",
    severity: Error,
    meaning: "an author e-mail that is not an address (kept as text)",
};

/// Two authors with the same login; posts name the first (warning).
pub const WXR_AUTHOR_LOGIN_DUPLICATE: IssueCode = IssueCode {
    id: "wxr.author.login.duplicate",
    severity: Warning,
    meaning: "two authors with the same login; posts name the first",
};

/// A `dc:creator` that is not a declared author; the author was created (warning).
pub const WXR_AUTHOR_UNKNOWN: IssueCode = IssueCode {
    id: "wxr.author.unknown",
    severity: Warning,
    meaning: "a `dc:creator` that is not a declared author; the author was created",
};

/// Two terms with the same id; the second got a new id (warning).
pub const WXR_TERM_ID_DUPLICATE: IssueCode = IssueCode {
    id: "wxr.term.id.duplicate",
    severity: Warning,
    meaning: "two terms with the same id; the second got a new id",
};

/// A `wp:term_id` that is not a positive integer (given a new id; the text kept in `wxr:invalid_id` for export) (warning).
pub const WXR_TERM_ID_INVALID: IssueCode = IssueCode {
    id: "wxr.term.id.invalid",
    severity: Warning,
    meaning: "a `wp:term_id` that is not a positive integer (given a new id; the text kept in `wxr:invalid_id` for export)",
};

/// A `wp:author_id` that is not a positive integer (given a new id; the text kept in `wxr:invalid_id` for export) (warning).
pub const WXR_AUTHOR_ID_INVALID: IssueCode = IssueCode {
    id: "wxr.author.id.invalid",
    severity: Warning,
    meaning: "a `wp:author_id` that is not a positive integer (given a new id; the text kept in `wxr:invalid_id` for export)",
};

/// A `wp:term` without taxonomy (read as a category) (warning).
pub const WXR_TERM_TAXONOMY_MISSING: IssueCode = IssueCode {
    id: "wxr.term.taxonomy.missing",
    severity: Warning,
    meaning: "a `wp:term` without taxonomy (read as a category)",
};

/// A term slug that is empty or not a slug; a slug-safe one is used, the original kept (warning).
pub const WXR_TERM_SLUG_INVALID: IssueCode = IssueCode {
    id: "wxr.term.slug.invalid",
    severity: Warning,
    meaning: "a term slug that is empty or not a slug; a slug-safe one is used, the original kept",
};

/// Two terms of one taxonomy with the same slug; items name the first (warning).
pub const WXR_TERM_SLUG_DUPLICATE: IssueCode = IssueCode {
    id: "wxr.term.slug.duplicate",
    severity: Warning,
    meaning: "two terms of one taxonomy with the same slug; items name the first",
};

/// A term parent that names no term of its taxonomy (kept for export) (warning).
pub const WXR_TERM_PARENT_UNKNOWN: IssueCode = IssueCode {
    id: "wxr.term.parent.unknown",
    severity: Warning,
    meaning: "a term parent that names no term of its taxonomy (kept for export)",
};

/// A term an item uses but the channel does not declare; it was created (warning).
pub const WXR_TERM_UNDECLARED: IssueCode = IssueCode {
    id: "wxr.term.undeclared",
    severity: Warning,
    meaning: "a term an item uses but the channel does not declare; it was created",
};

/// An item without `wp:post_id` (given a new id) (warning).
pub const WXR_ITEM_ID_MISSING: IssueCode = IssueCode {
    id: "wxr.item.id.missing",
    severity: Warning,
    meaning: "an item without `wp:post_id` (given a new id)",
};

/// An item whose `wp:post_id` another item has (given a new id; its original is its source id) (warning).
pub const WXR_ITEM_ID_DUPLICATE: IssueCode = IssueCode {
    id: "wxr.item.id.duplicate",
    severity: Warning,
    meaning: "an item whose `wp:post_id` another item has (given a new id; its original is its source id)",
};

/// A `wp:post_id` that is not a positive integer (given a new id) (warning).
pub const WXR_ITEM_ID_INVALID: IssueCode = IssueCode {
    id: "wxr.item.id.invalid",
    severity: Warning,
    meaning: "a `wp:post_id` that is not a positive integer (given a new id)",
};

/// A `wp:post_name` that is not a slug (kept for export; the post has no slug) (warning).
pub const WXR_ITEM_SLUG_INVALID: IssueCode = IssueCode {
    id: "wxr.item.slug.invalid",
    severity: Warning,
    meaning: "a `wp:post_name` that is not a slug (kept for export; the post has no slug)",
};

/// A `wp:menu_order` that is not an integer (kept for export) (warning).
pub const WXR_ITEM_MENU_ORDER_INVALID: IssueCode = IssueCode {
    id: "wxr.item.menu_order.invalid",
    severity: Warning,
    meaning: "a `wp:menu_order` that is not an integer (kept for export)",
};

/// A `wp:post_parent` that names no item of the file (kept for export) (warning).
pub const WXR_ITEM_PARENT_UNKNOWN: IssueCode = IssueCode {
    id: "wxr.item.parent.unknown",
    severity: Warning,
    meaning: "a `wp:post_parent` that names no item of the file (kept for export)",
};

/// A post, modification or comment date that is not a date (kept for export) (error).
pub const WXR_DATE_INVALID: IssueCode = IssueCode {
    id: "wxr.date.invalid",
    severity: Error,
    meaning: "a post, modification or comment date that is not a date (kept for export)",
};

/// Two comments with the same id; the second got a new id (warning).
pub const WXR_COMMENT_ID_DUPLICATE: IssueCode = IssueCode {
    id: "wxr.comment.id.duplicate",
    severity: Warning,
    meaning: "two comments with the same id; the second got a new id",
};

/// A `wp:comment_id` that is not a positive integer (given a new id; the text kept in `wxr:invalid_id` for export) (warning).
pub const WXR_COMMENT_ID_INVALID: IssueCode = IssueCode {
    id: "wxr.comment.id.invalid",
    severity: Warning,
    meaning: "a `wp:comment_id` that is not a positive integer (given a new id; the text kept in `wxr:invalid_id` for export)",
};

/// A commenter e-mail that is not an address (kept as text) (error).
pub const WXR_COMMENT_EMAIL_INVALID: IssueCode = IssueCode {
    id: "wxr.comment.email.invalid",
    severity: Error,
    meaning: "a commenter e-mail that is not an address (kept as text)",
};

/// A commenter URL that is not an absolute URL (kept as text) (error).
pub const WXR_COMMENT_URL_INVALID: IssueCode = IssueCode {
    id: "wxr.comment.url.invalid",
    severity: Error,
    meaning: "a commenter URL that is not an absolute URL (kept as text)",
};

/// A `comment_approved` that is not `1`, `0`, `spam` or `trash` (pending; kept for export) (warning).
pub const WXR_COMMENT_STATUS_UNKNOWN: IssueCode = IssueCode {
    id: "wxr.comment.status.unknown",
    severity: Warning,
    meaning: "a `comment_approved` that is not `1`, `0`, `spam` or `trash` (pending; kept for export)",
};

/// A `comment_parent` that names no comment of the file (kept for export) (warning).
pub const WXR_COMMENT_PARENT_UNKNOWN: IssueCode = IssueCode {
    id: "wxr.comment.parent.unknown",
    severity: Warning,
    meaning: "a `comment_parent` that names no comment of the file (kept for export)",
};

/// `meta.version` is missing or not a string or number (error).
pub const GHOST_VERSION_MISSING: IssueCode = IssueCode {
    id: "ghost.version.missing",
    severity: Error,
    meaning: "`meta.version` is missing or not a string or number",
};

/// `db` holds more than one export; only `db[0]` is read (warning).
pub const GHOST_DB_EXTRA: IssueCode = IssueCode {
    id: "ghost.db.extra",
    severity: Warning,
    meaning: "`db` holds more than one export; only `db[0]` is read",
};

/// A table is not an array, or a row is not an object (error).
pub const GHOST_TABLE_INVALID: IssueCode = IssueCode {
    id: "ghost.table.invalid",
    severity: Error,
    meaning: "a table is not an array, or a row is not an object",
};

/// Non-empty tables with no place in the model (members, permissions, ...), with row counts (warning).
pub const GHOST_TABLE_IGNORED: IssueCode = IssueCode {
    id: "ghost.table.ignored",
    severity: Warning,
    meaning: "non-empty tables with no place in the model (members, permissions, ...), with row counts",
};

/// Password hashes, access tokens and secret settings were not imported (count) (warning).
pub const GHOST_SECRET_DROPPED: IssueCode = IssueCode {
    id: "ghost.secret.dropped",
    severity: Warning,
    meaning: "password hashes, access tokens and secret settings were not imported (count)",
};

/// A text field held a number or boolean; its JSON text was used (warning).
pub const GHOST_FIELD_TYPE: IssueCode = IssueCode {
    id: "ghost.field.type",
    severity: Warning,
    meaning: "a text field held a number or boolean; its JSON text was used",
};

/// A date could not be parsed; its raw text is kept in meta `broadsheet:invalid:<field>` (error).
pub const GHOST_DATE_INVALID: IssueCode = IssueCode {
    id: "ghost.date.invalid",
    severity: Error,
    meaning: "a date could not be parsed; its raw text is kept in meta `broadsheet:invalid:<field>`",
};

/// A settings row without a string `key` (warning).
pub const GHOST_SETTING_INVALID: IssueCode = IssueCode {
    id: "ghost.setting.invalid",
    severity: Warning,
    meaning: "a settings row without a string `key`",
};

/// `active_timezone` is not an IANA zone or offset; the site stays in UTC (error).
pub const GHOST_SETTING_TIMEZONE_INVALID: IssueCode = IssueCode {
    id: "ghost.setting.timezone.invalid",
    severity: Error,
    meaning: "`active_timezone` is not an IANA zone or offset; the site stays in UTC",
};

/// A `broadsheet` extension object is malformed; the malformed parts are ignored (warning).
pub const GHOST_BROADSHEET_INVALID: IssueCode = IssueCode {
    id: "ghost.broadsheet.invalid",
    severity: Warning,
    meaning: "a `broadsheet` extension object is malformed; the malformed parts are ignored",
};

/// A post has no `id`; nothing can link to it (error).
pub const GHOST_POST_ID_MISSING: IssueCode = IssueCode {
    id: "ghost.post.id.missing",
    severity: Error,
    meaning: "a post has no `id`; nothing can link to it",
};

/// Two posts share an id; links go to the first (error).
pub const GHOST_POST_ID_DUPLICATE: IssueCode = IssueCode {
    id: "ghost.post.id.duplicate",
    severity: Error,
    meaning: "two posts share an id; links go to the first",
};

/// A post has no `status`; it is imported as a draft (warning).
pub const GHOST_POST_STATUS_MISSING: IssueCode = IssueCode {
    id: "ghost.post.status.missing",
    severity: Warning,
    meaning: "a post has no `status`; it is imported as a draft",
};

/// A post has no slug (warning).
pub const GHOST_POST_SLUG_MISSING: IssueCode = IssueCode {
    id: "ghost.post.slug.missing",
    severity: Warning,
    meaning: "a post has no slug",
};

/// A post slug is not a slug; kept in meta `broadsheet:invalid:slug` (error).
pub const GHOST_POST_SLUG_INVALID: IssueCode = IssueCode {
    id: "ghost.post.slug.invalid",
    severity: Error,
    meaning: "a post slug is not a slug; kept in meta `broadsheet:invalid:slug`",
};

/// A post has mobiledoc or lexical but no html; its content is empty (warning).
pub const GHOST_POST_HTML_MISSING: IssueCode = IssueCode {
    id: "ghost.post.html.missing",
    severity: Warning,
    meaning: "a post has mobiledoc or lexical but no html; its content is empty",
};

/// Legacy `author_id` is not the primary author in `posts_authors` (posts_authors wins) (warning).
pub const GHOST_POST_AUTHOR_ID_MISMATCH: IssueCode = IssueCode {
    id: "ghost.post.author_id.mismatch",
    severity: Warning,
    meaning: "legacy `author_id` is not the primary author in `posts_authors` (posts_authors wins)",
};

/// A post has no author in `posts_authors`, `author_id` or `created_by` (warning).
pub const GHOST_POST_AUTHOR_MISSING: IssueCode = IssueCode {
    id: "ghost.post.author.missing",
    severity: Warning,
    meaning: "a post has no author in `posts_authors`, `author_id` or `created_by`",
};

/// The `broadsheet.parent` of a post names no post (warning).
pub const GHOST_POST_PARENT_MISSING: IssueCode = IssueCode {
    id: "ghost.post.parent.missing",
    severity: Warning,
    meaning: "the `broadsheet.parent` of a post names no post",
};

/// Items of a kind left out by `ImportOptions::kinds`, with their count (warning).
pub const GHOST_KIND_SKIPPED: IssueCode = IssueCode {
    id: "ghost.kind.skipped",
    severity: Warning,
    meaning: "items of a kind left out by `ImportOptions::kinds`, with their count",
};

/// A tag has no `id`; nothing can link to it (error).
pub const GHOST_TAG_ID_MISSING: IssueCode = IssueCode {
    id: "ghost.tag.id.missing",
    severity: Error,
    meaning: "a tag has no `id`; nothing can link to it",
};

/// Two tags share an id; links go to the first (error).
pub const GHOST_TAG_ID_DUPLICATE: IssueCode = IssueCode {
    id: "ghost.tag.id.duplicate",
    severity: Error,
    meaning: "two tags share an id; links go to the first",
};

/// A tag slug is missing or not a slug; a `ghost-tag-<n>` slug stands in and the raw text is kept in meta (error).
pub const GHOST_TAG_SLUG_INVALID: IssueCode = IssueCode {
    id: "ghost.tag.slug.invalid",
    severity: Error,
    meaning: "a tag slug is missing or not a slug; a `ghost-tag-<n>` slug stands in and the raw text is kept in meta",
};

/// A tag with the same taxonomy and slug as an earlier one was collapsed into it; its links were re-pointed (warning).
pub const GHOST_TAG_DUPLICATE: IssueCode = IssueCode {
    id: "ghost.tag.duplicate",
    severity: Warning,
    meaning: "a tag with the same taxonomy and slug as an earlier one was collapsed into it; its links were re-pointed",
};

/// The `broadsheet.parent` of a tag names no tag (warning).
pub const GHOST_TAG_PARENT_MISSING: IssueCode = IssueCode {
    id: "ghost.tag.parent.missing",
    severity: Warning,
    meaning: "the `broadsheet.parent` of a tag names no tag",
};

/// A user has no `id`; nothing can link to it (error).
pub const GHOST_USER_ID_MISSING: IssueCode = IssueCode {
    id: "ghost.user.id.missing",
    severity: Error,
    meaning: "a user has no `id`; nothing can link to it",
};

/// Two users share an id; links go to the first (error).
pub const GHOST_USER_ID_DUPLICATE: IssueCode = IssueCode {
    id: "ghost.user.id.duplicate",
    severity: Error,
    meaning: "two users share an id; links go to the first",
};

/// A user slug is missing or not a slug; a `ghost-user-<n>` slug stands in and the raw text is kept in meta (error).
pub const GHOST_USER_SLUG_INVALID: IssueCode = IssueCode {
    id: "ghost.user.slug.invalid",
    severity: Error,
    meaning: "a user slug is missing or not a slug; a `ghost-user-<n>` slug stands in and the raw text is kept in meta",
};

/// A user e-mail is not an address; kept in meta `broadsheet:invalid:email` (error).
pub const GHOST_USER_EMAIL_INVALID: IssueCode = IssueCode {
    id: "ghost.user.email.invalid",
    severity: Error,
    meaning: "a user e-mail is not an address; kept in meta `broadsheet:invalid:email`",
};

/// A user website is not an absolute URL; kept in meta `broadsheet:invalid:website` (error).
pub const GHOST_USER_WEBSITE_INVALID: IssueCode = IssueCode {
    id: "ghost.user.website.invalid",
    severity: Error,
    meaning: "a user website is not an absolute URL; kept in meta `broadsheet:invalid:website`",
};

/// A `posts_tags`/`posts_authors`/`posts_meta` row names no post (warning).
pub const GHOST_LINK_POST_MISSING: IssueCode = IssueCode {
    id: "ghost.link.post.missing",
    severity: Warning,
    meaning: "a `posts_tags`/`posts_authors`/`posts_meta` row names no post",
};

/// A `posts_tags` row names no tag (error).
pub const GHOST_LINK_TAG_MISSING: IssueCode = IssueCode {
    id: "ghost.link.tag.missing",
    severity: Error,
    meaning: "a `posts_tags` row names no tag",
};

/// A `posts_authors` row (or `author_id`) names no user (error).
pub const GHOST_LINK_AUTHOR_MISSING: IssueCode = IssueCode {
    id: "ghost.link.author.missing",
    severity: Error,
    meaning: "a `posts_authors` row (or `author_id`) names no user",
};

/// A `roles_users` row names no role or no user (warning).
pub const GHOST_LINK_ROLE_MISSING: IssueCode = IssueCode {
    id: "ghost.link.role.missing",
    severity: Warning,
    meaning: "a `roles_users` row names no role or no user",
};

/// A post is linked to the same tag or author twice (often after a tag collapse); the later link is dropped (warning).
pub const GHOST_LINK_DUPLICATE: IssueCode = IssueCode {
    id: "ghost.link.duplicate",
    severity: Warning,
    meaning: "a post is linked to the same tag or author twice (often after a tag collapse); the later link is dropped",
};

/// Items of kinds `ImportOptions::kinds` leaves out, and the comments on them, were not imported (count) (warning).
pub const IMPORT_KIND_SKIPPED: IssueCode = IssueCode {
    id: "import.kind.skipped",
    severity: Warning,
    meaning: "items of kinds `ImportOptions::kinds` leaves out, and the comments on them, were not imported (count)",
};

/// More issues of one code than `Limits::max_issues_per_code` were found; they are counted, not listed (one per code, with the count) (warning).
pub const IMPORT_ISSUES_TRUNCATED: IssueCode = IssueCode {
    id: "import.issues.truncated",
    severity: Warning,
    meaning: "more issues of one code than `Limits::max_issues_per_code` were found; they are counted, not listed (one per code, with the count)",
};

/// Several input files read as one site hold the same entity with different content; the first copy is kept (warning).
pub const IMPORT_MERGE_CONFLICT: IssueCode = IssueCode {
    id: "import.merge.conflict",
    severity: Warning,
    meaning: "several input files read as one site hold the same entity with different content; the first copy is kept",
};

/// Several input files read as one site give one id to different entities (an item of one part and an attachment of another); the later one is kept under a new id (warning).
pub const IMPORT_MERGE_ID_COLLISION: IssueCode = IssueCode {
    id: "import.merge.id.collision",
    severity: Warning,
    meaning: "several input files read as one site give one id to different entities; the later one is kept under a new id, with every reference to it in its file",
};

/// The input could not be parsed at all (`broadsheet validate` reports it with its location instead of failing) (error).
pub const INPUT_SYNTAX_INVALID: IssueCode = IssueCode {
    id: "input.syntax.invalid",
    severity: Error,
    meaning: "the input could not be parsed at all (`broadsheet validate` reports it with its location instead of failing)",
};

/// Every import code, in the order the documentation lists them.
pub const ALL: &[IssueCode] = &[
    WXR_XML_RECOVERED,
    WXR_XML_CHAR_REPLACED,
    WXR_XML_DOCTYPE_IGNORED,
    WXR_ELEMENT_IGNORED,
    WXR_ITEM_FILTERED,
    WXR_SITE_URL_INVALID,
    WXR_AUTHOR_LOGIN_MISSING,
    WXR_AUTHOR_EMAIL_INVALID,
    WXR_AUTHOR_LOGIN_DUPLICATE,
    WXR_AUTHOR_UNKNOWN,
    WXR_TERM_ID_DUPLICATE,
    WXR_TERM_ID_INVALID,
    WXR_AUTHOR_ID_INVALID,
    WXR_TERM_TAXONOMY_MISSING,
    WXR_TERM_SLUG_INVALID,
    WXR_TERM_SLUG_DUPLICATE,
    WXR_TERM_PARENT_UNKNOWN,
    WXR_TERM_UNDECLARED,
    WXR_ITEM_ID_MISSING,
    WXR_ITEM_ID_DUPLICATE,
    WXR_ITEM_ID_INVALID,
    WXR_ITEM_SLUG_INVALID,
    WXR_ITEM_MENU_ORDER_INVALID,
    WXR_ITEM_PARENT_UNKNOWN,
    WXR_DATE_INVALID,
    WXR_COMMENT_ID_DUPLICATE,
    WXR_COMMENT_ID_INVALID,
    WXR_COMMENT_EMAIL_INVALID,
    WXR_COMMENT_URL_INVALID,
    WXR_COMMENT_STATUS_UNKNOWN,
    WXR_COMMENT_PARENT_UNKNOWN,
    GHOST_VERSION_MISSING,
    GHOST_DB_EXTRA,
    GHOST_TABLE_INVALID,
    GHOST_TABLE_IGNORED,
    GHOST_SECRET_DROPPED,
    GHOST_FIELD_TYPE,
    GHOST_DATE_INVALID,
    GHOST_SETTING_INVALID,
    GHOST_SETTING_TIMEZONE_INVALID,
    GHOST_BROADSHEET_INVALID,
    GHOST_POST_ID_MISSING,
    GHOST_POST_ID_DUPLICATE,
    GHOST_POST_STATUS_MISSING,
    GHOST_POST_SLUG_MISSING,
    GHOST_POST_SLUG_INVALID,
    GHOST_POST_HTML_MISSING,
    GHOST_POST_AUTHOR_ID_MISMATCH,
    GHOST_POST_AUTHOR_MISSING,
    GHOST_POST_PARENT_MISSING,
    GHOST_KIND_SKIPPED,
    GHOST_TAG_ID_MISSING,
    GHOST_TAG_ID_DUPLICATE,
    GHOST_TAG_SLUG_INVALID,
    GHOST_TAG_DUPLICATE,
    GHOST_TAG_PARENT_MISSING,
    GHOST_USER_ID_MISSING,
    GHOST_USER_ID_DUPLICATE,
    GHOST_USER_SLUG_INVALID,
    GHOST_USER_EMAIL_INVALID,
    GHOST_USER_WEBSITE_INVALID,
    GHOST_LINK_POST_MISSING,
    GHOST_LINK_TAG_MISSING,
    GHOST_LINK_AUTHOR_MISSING,
    GHOST_LINK_ROLE_MISSING,
    GHOST_LINK_DUPLICATE,
    IMPORT_KIND_SKIPPED,
    IMPORT_ISSUES_TRUNCATED,
    IMPORT_MERGE_CONFLICT,
    IMPORT_MERGE_ID_COLLISION,
    INPUT_SYNTAX_INVALID,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    const DOCS: &[&str] = &["wxr.md", "ghost.md", "import.md"];

    fn doc(name: &str) -> String {
        let path = format!("{}/../../docs/formats/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"))
    }

    /// (code, severity, meaning) of every row of the docs' code tables.
    fn documented() -> Vec<(String, String, String)> {
        let mut rows = Vec::new();
        for name in DOCS {
            for line in doc(name).lines() {
                let cells: Vec<&str> = line.split(" | ").collect();
                let Some(code) = cells[0]
                    .strip_prefix("| `")
                    .and_then(|c| c.strip_suffix('`'))
                else {
                    continue;
                };
                if cells.len() >= 3 && IssueCode::is_well_formed(code) {
                    let meaning = cells[2..].join(" | ");
                    let meaning = meaning.trim_end().trim_end_matches('|').trim_end();
                    rows.push((
                        code.to_owned(),
                        cells[1].to_owned(),
                        meaning.replace("\\|", "|"),
                    ));
                }
            }
        }
        rows
    }

    #[test]
    fn the_table_is_the_documentation() {
        let rows = documented();
        for code in ALL {
            let found: Vec<_> = rows.iter().filter(|row| row.0 == code.id).collect();
            assert_eq!(
                found.len(),
                1,
                "{code} should have one row in docs/formats/"
            );
            let severity = match code.severity {
                Error => "error",
                Warning => "warning",
            };
            assert_eq!(found[0].1, severity, "the severity of {code}");
            assert_eq!(found[0].2, code.meaning, "the meaning of {code}");
        }
        let declared: HashSet<&str> = ALL.iter().map(|code| code.id).collect();
        for (code, ..) in &rows {
            assert!(
                declared.contains(code.as_str()),
                "{code} is documented but not declared"
            );
        }
        assert_eq!(declared.len(), ALL.len(), "a code is declared twice");
    }

    #[test]
    fn codes_follow_the_grammar() {
        for code in ALL {
            assert!(IssueCode::is_well_formed(code.id), "{code}");
            assert!(!code.meaning.is_empty(), "{code}");
        }
    }

    /// Every code is reported through its constant, so a report entry takes its severity from
    /// this table: no code appears as a string literal in the importers' or the command's
    /// sources (outside this file), and every declared code is emitted somewhere.
    #[test]
    fn every_code_is_emitted_through_its_constant() {
        let roots = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/src"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/../broadsheet-cli/src"),
        ];
        let mut files = Vec::new();
        let mut dirs: Vec<std::path::PathBuf> = roots.iter().map(Into::into).collect();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("codes.rs")
                {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 10, "the source scan found too few files");
        let mut used = HashSet::new();
        for file in files {
            let source = std::fs::read_to_string(&file).unwrap();
            // Only the code above the white-box tests counts as emitting.
            let code_part = source.split("#[cfg(test)]").next().unwrap_or_default();
            for code in ALL {
                let constant = code.id.replace('.', "_").to_ascii_uppercase();
                if code_part.contains(&format!("codes::{constant}")) {
                    used.insert(code.id);
                }
                assert!(
                    !code_part.contains(&format!("\"{}\"", code.id)),
                    "{} reports {code} as a string literal; use codes::{constant}",
                    file.display()
                );
            }
        }
        for code in ALL {
            assert!(
                used.contains(code.id),
                "{code} is declared but never emitted"
            );
        }
    }
}
