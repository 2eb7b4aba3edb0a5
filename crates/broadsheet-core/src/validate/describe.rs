//! How messages and paths name things: entities, quoted values, field labels, control
//! characters.

use super::*;

/// The code for a raw value kept under `INVALID_FIELD_PREFIX + field` on an entity.
pub(super) fn invalid_field_code(entity: &str, field: &str) -> IssueCode {
    match (entity, field) {
        ("site", "url") => codes::SITE_URL_INVALID,
        ("site", "time_zone") => codes::SITE_TIME_ZONE_INVALID,
        ("post", "slug") => codes::POST_SLUG_INVALID,
        ("post", "published") => codes::POST_PUBLISHED_INVALID,
        ("post", "modified") => codes::POST_MODIFIED_INVALID,
        ("author", "slug") => codes::AUTHOR_SLUG_INVALID,
        ("author", "email") => codes::AUTHOR_EMAIL_INVALID,
        ("author", "url") => codes::AUTHOR_URL_INVALID,
        ("author", "avatar") => codes::AUTHOR_AVATAR_INVALID,
        ("term", "slug") => codes::TERM_SLUG_INVALID,
        ("comment", "author_email") => codes::COMMENT_AUTHOR_EMAIL_INVALID,
        ("comment", "author_url") => codes::COMMENT_AUTHOR_URL_INVALID,
        ("comment", "date") => codes::COMMENT_DATE_INVALID,
        ("media", "url") => codes::MEDIA_URL_INVALID,
        _ => codes::FIELD_INVALID,
    }
}

pub(super) fn field_label(field: &str) -> String {
    match field {
        "email" | "author_email" => "e-mail address".into(),
        "url" | "author_url" => "URL".into(),
        "avatar" => "avatar URL".into(),
        "slug" => "slug".into(),
        "published" => "publication date".into(),
        "modified" => "modification date".into(),
        "date" => "date".into(),
        "time_zone" => "time zone".into(),
        other => format!("field {}", quote(other)),
    }
}

pub(super) fn join_path(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_owned()
    } else {
        format!("{prefix}.{field}")
    }
}

/// Published, privately published or scheduled: statuses whose items readers see (or will).
pub(super) fn is_published_like(status: &PostStatus) -> bool {
    matches!(
        status,
        PostStatus::Published | PostStatus::Private | PostStatus::Scheduled
    )
}

/// Whether a post's slug is its address. WordPress gives drafts, pending posts, trashed posts
/// and auto-drafts no unique slug, so those may share slugs.
pub(super) fn has_address(status: &PostStatus) -> bool {
    match status {
        PostStatus::Draft | PostStatus::Pending | PostStatus::Trash => false,
        PostStatus::Other(name) => name != "auto-draft",
        _ => true,
    }
}

pub(super) fn is_blank(text: &str) -> bool {
    text.chars().all(char::is_whitespace)
}

/// How many characters of a title or value a message quotes.
pub(super) const QUOTED_CHARS: usize = 60;

/// A value quoted for a message: escaped, and cut at `QUOTED_CHARS` characters.
pub(super) fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() {
        format!("{head:?}...")
    } else {
        format!("{head:?}")
    }
}

/// A value cut at `QUOTED_CHARS` characters, for text that needs no escaping (slugs).
pub(super) fn short(text: &str) -> String {
    let mut chars = text.chars();
    let mut head: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() {
        head.push_str("...");
    }
    head
}

pub(super) fn describe_post(post: &Post) -> String {
    let slug = post
        .slug
        .as_ref()
        .map_or_else(|| "no slug".to_owned(), |slug| short(slug.as_str()));
    let kind = match &post.kind {
        PostKind::Post => String::new(),
        other => format!("{other} "),
    };
    if is_blank(&post.title) {
        format!("{kind}{} ({slug})", post.id)
    } else {
        format!("{kind}{} {} ({slug})", post.id, quote(&post.title))
    }
}

pub(super) fn describe_author(author: &Author) -> String {
    if is_blank(&author.display_name) {
        format!("{} ({})", author.id, short(author.slug.as_str()))
    } else {
        format!(
            "{} {} ({})",
            author.id,
            quote(&author.display_name),
            short(author.slug.as_str())
        )
    }
}

pub(super) fn describe_term(term: &Term) -> String {
    let taxonomy = match &term.taxonomy {
        Taxonomy::Tag => "tag",
        Taxonomy::Category => "category",
        Taxonomy::Other(name) => name,
    };
    if is_blank(&term.name) {
        format!("{taxonomy} {} ({})", term.id, short(term.slug.as_str()))
    } else {
        format!(
            "{taxonomy} {} {} ({})",
            term.id,
            quote(&term.name),
            short(term.slug.as_str())
        )
    }
}

pub(super) fn describe_comment(comment: &Comment) -> String {
    if is_blank(&comment.author_name) {
        format!("{} on {}", comment.id, comment.post)
    } else {
        format!(
            "{} by {} on {}",
            comment.id,
            quote(&comment.author_name),
            comment.post
        )
    }
}

pub(super) fn describe_media(media: &Media) -> String {
    format!("{} ({})", media.id, quote(media.url.as_str()))
}

/// The first control character of one class found in a text, and how many there are.
pub(super) struct Control {
    pub(super) found: char,
    pub(super) at: usize,
    pub(super) count: usize,
}

impl Control {
    pub(super) fn describe(&self) -> String {
        format!("U+{:04X}", u32::from(self.found))
    }
}

/// C0 controls other than tab, LF and CR; and DEL plus C1 controls.
pub(super) fn find_controls(text: &str) -> (Option<Control>, Option<Control>) {
    let mut c0: Option<Control> = None;
    let mut c1: Option<Control> = None;
    // Fast path: every control character is in U+0000..=U+009F, whose UTF-8 starts with a byte
    // below 0x20, 0x7F or 0xC2.
    if !text
        .bytes()
        .any(|b| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2)
    {
        return (None, None);
    }
    for (at, ch) in text.char_indices() {
        let slot = match ch {
            '\t' | '\n' | '\r' => continue,
            '\u{0}'..='\u{1f}' => &mut c0,
            '\u{7f}'..='\u{9f}' => &mut c1,
            _ => continue,
        };
        match slot {
            Some(control) => control.count += 1,
            None => {
                *slot = Some(Control {
                    found: ch,
                    at,
                    count: 1,
                });
            }
        }
    }
    (c0, c1)
}
