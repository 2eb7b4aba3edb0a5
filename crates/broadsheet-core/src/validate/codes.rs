//! The stable codes [`validate`](super::validate) reports, each an [`IssueCode`] documented in
//! `docs/validation.md` (a test checks the table against the page both ways).
//!
//! Every code follows `<entity>.<field>.<problem>`: `post.author.missing` for a check particular
//! to one field, `value.<kind>.<problem>` (`value.text.too_long`, `value.url.script_scheme`) for
//! a check applied to every field of a kind; the issue's path says which field.

use crate::report::IssueCode;
use crate::report::Severity::{self, Error, Warning};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Two posts share an id.
pub const POST_ID_DUPLICATE: IssueCode = IssueCode {
    id: "post.id.duplicate",
    severity: Error,
    meaning: "two posts share an id",
};
/// Two authors share an id.
pub const AUTHOR_ID_DUPLICATE: IssueCode = IssueCode {
    id: "author.id.duplicate",
    severity: Error,
    meaning: "two authors share an id",
};
/// Two terms share an id.
pub const TERM_ID_DUPLICATE: IssueCode = IssueCode {
    id: "term.id.duplicate",
    severity: Error,
    meaning: "two terms share an id",
};
/// Two comments share an id.
pub const COMMENT_ID_DUPLICATE: IssueCode = IssueCode {
    id: "comment.id.duplicate",
    severity: Error,
    meaning: "two comments share an id",
};
/// Two media items share an id.
pub const MEDIA_ID_DUPLICATE: IssueCode = IssueCode {
    id: "media.id.duplicate",
    severity: Error,
    meaning: "two media items share an id",
};

/// The site has no title.
pub const SITE_TITLE_EMPTY: IssueCode = IssueCode {
    id: "site.title.empty",
    severity: Warning,
    meaning: "the site has no title",
};
/// A published post or page has an empty or blank title.
pub const POST_TITLE_EMPTY: IssueCode = IssueCode {
    id: "post.title.empty",
    severity: Warning,
    meaning: "a published, private or scheduled post or page has an empty or blank title",
};
/// A term has an empty or blank name.
pub const TERM_NAME_EMPTY: IssueCode = IssueCode {
    id: "term.name.empty",
    severity: Error,
    meaning: "a term has an empty or blank name",
};
/// An author has an empty or blank display name.
pub const AUTHOR_DISPLAY_NAME_EMPTY: IssueCode = IssueCode {
    id: "author.display_name.empty",
    severity: Error,
    meaning: "an author has an empty or blank display name",
};

/// A published post or page has no author.
pub const POST_AUTHOR_MISSING: IssueCode = IssueCode {
    id: "post.author.missing",
    severity: Error,
    meaning: "a published, private or scheduled post or page has no author",
};
/// A published or scheduled post has no date.
pub const POST_DATE_MISSING: IssueCode = IssueCode {
    id: "post.date.missing",
    severity: Error,
    meaning: "a published, private or scheduled post has no date",
};
/// A post lists the same author twice.
pub const POST_AUTHOR_DUPLICATE: IssueCode = IssueCode {
    id: "post.author.duplicate",
    severity: Warning,
    meaning: "a post lists the same author twice",
};
/// A post lists the same term twice.
pub const POST_TERM_DUPLICATE: IssueCode = IssueCode {
    id: "post.term.duplicate",
    severity: Warning,
    meaning: "a post lists the same term twice",
};

/// Two posts of one kind (pages: under one parent) share a slug.
pub const POST_SLUG_DUPLICATE: IssueCode = IssueCode {
    id: "post.slug.duplicate",
    severity: Error,
    meaning: "two posts of one kind (pages: under one parent) share a slug",
};
/// Two terms of one taxonomy share a slug.
pub const TERM_SLUG_DUPLICATE: IssueCode = IssueCode {
    id: "term.slug.duplicate",
    severity: Error,
    meaning: "two terms of one taxonomy share a slug",
};
/// Two authors share a slug.
pub const AUTHOR_SLUG_DUPLICATE: IssueCode = IssueCode {
    id: "author.slug.duplicate",
    severity: Error,
    meaning: "two authors share a slug",
};

/// A post credits an author the site does not have.
pub const POST_AUTHOR_DANGLING: IssueCode = IssueCode {
    id: "post.author.dangling",
    severity: Error,
    meaning: "a post credits an author the site does not have",
};
/// A post has a term the site does not have.
pub const POST_TERM_DANGLING: IssueCode = IssueCode {
    id: "post.term.dangling",
    severity: Error,
    meaning: "a post has a term the site does not have",
};
/// A post's parent is not a post of the site.
pub const POST_PARENT_DANGLING: IssueCode = IssueCode {
    id: "post.parent.dangling",
    severity: Error,
    meaning: "a post's parent is not a post of the site",
};
/// A post's featured media is not a media item of the site.
pub const POST_FEATURED_MEDIA_DANGLING: IssueCode = IssueCode {
    id: "post.featured_media.dangling",
    severity: Error,
    meaning: "a post's featured media is not a media item of the site",
};
/// A post's parent chain comes back to the post.
pub const POST_PARENT_CYCLE: IssueCode = IssueCode {
    id: "post.parent.cycle",
    severity: Error,
    meaning: "a post's parent chain comes back to the post",
};
/// A comment is on a post the site does not have.
pub const COMMENT_POST_DANGLING: IssueCode = IssueCode {
    id: "comment.post.dangling",
    severity: Error,
    meaning: "a comment is on a post the site does not have",
};
/// A comment replies to a comment the site does not have.
pub const COMMENT_PARENT_DANGLING: IssueCode = IssueCode {
    id: "comment.parent.dangling",
    severity: Error,
    meaning: "a comment replies to a comment the site does not have",
};
/// A comment's user is not an author of the site.
pub const COMMENT_USER_DANGLING: IssueCode = IssueCode {
    id: "comment.user.dangling",
    severity: Error,
    meaning: "a comment's user is not an author of the site",
};
/// A comment replies to a comment on another post.
pub const COMMENT_PARENT_OTHER_POST: IssueCode = IssueCode {
    id: "comment.parent.other_post",
    severity: Error,
    meaning: "a comment replies to a comment on another post",
};
/// A comment thread's parent chain comes back to the comment.
pub const COMMENT_PARENT_CYCLE: IssueCode = IssueCode {
    id: "comment.parent.cycle",
    severity: Error,
    meaning: "a comment thread's parent chain comes back to the comment",
};
/// A term's parent is not a term of the site.
pub const TERM_PARENT_DANGLING: IssueCode = IssueCode {
    id: "term.parent.dangling",
    severity: Error,
    meaning: "a term's parent is not a term of the site",
};
/// A term of a flat taxonomy (a tag) has a parent.
pub const TERM_PARENT_FLAT_TAXONOMY: IssueCode = IssueCode {
    id: "term.parent.flat_taxonomy",
    severity: Error,
    meaning: "a term of a flat taxonomy (a tag) has a parent",
};
/// A term's parent belongs to another taxonomy.
pub const TERM_PARENT_OTHER_TAXONOMY: IssueCode = IssueCode {
    id: "term.parent.other_taxonomy",
    severity: Error,
    meaning: "a term's parent belongs to another taxonomy",
};
/// A term's parent chain comes back to the term.
pub const TERM_PARENT_CYCLE: IssueCode = IssueCode {
    id: "term.parent.cycle",
    severity: Error,
    meaning: "a term's parent chain comes back to the term",
};
/// A media item is attached to a post the site does not have.
pub const MEDIA_ATTACHED_TO_DANGLING: IssueCode = IssueCode {
    id: "media.attached_to.dangling",
    severity: Error,
    meaning: "a media item is attached to a post the site does not have",
};

/// A scheduled post's date is not after the `now` given in the options.
pub const POST_SCHEDULED_NOT_FUTURE: IssueCode = IssueCode {
    id: "post.scheduled.not_future",
    severity: Error,
    meaning: "a scheduled post's date is not after the `now` given in the options",
};
/// A post was modified before it was published.
pub const POST_MODIFIED_BEFORE_PUBLISHED: IssueCode = IssueCode {
    id: "post.modified.before_published",
    severity: Warning,
    meaning: "a post was modified before it was published",
};
/// A comment is dated before its post was published.
pub const COMMENT_DATE_BEFORE_POST: IssueCode = IssueCode {
    id: "comment.date.before_post",
    severity: Warning,
    meaning: "a comment is dated before its post was published",
};
/// A reply is dated before the comment it replies to.
pub const COMMENT_DATE_BEFORE_PARENT: IssueCode = IssueCode {
    id: "comment.date.before_parent",
    severity: Warning,
    meaning: "a reply is dated before the comment it replies to",
};

/// The site's URL could not be parsed (raw value kept in meta).
pub const SITE_URL_INVALID: IssueCode = IssueCode {
    id: "site.url.invalid",
    severity: Error,
    meaning: "the site's URL could not be parsed",
};
/// The site's time zone could not be parsed (raw value kept in meta).
pub const SITE_TIME_ZONE_INVALID: IssueCode = IssueCode {
    id: "site.time_zone.invalid",
    severity: Error,
    meaning: "the site's time zone could not be parsed",
};
/// A post's slug could not be parsed (raw value kept in meta).
pub const POST_SLUG_INVALID: IssueCode = IssueCode {
    id: "post.slug.invalid",
    severity: Error,
    meaning: "a post's slug could not be parsed",
};
/// A post's publication date could not be parsed (raw value kept in meta).
pub const POST_PUBLISHED_INVALID: IssueCode = IssueCode {
    id: "post.published.invalid",
    severity: Error,
    meaning: "a post's publication date could not be parsed",
};
/// A post's modification date could not be parsed (raw value kept in meta).
pub const POST_MODIFIED_INVALID: IssueCode = IssueCode {
    id: "post.modified.invalid",
    severity: Error,
    meaning: "a post's modification date could not be parsed",
};
/// An author's slug could not be parsed (raw value kept in meta).
pub const AUTHOR_SLUG_INVALID: IssueCode = IssueCode {
    id: "author.slug.invalid",
    severity: Error,
    meaning: "an author's slug could not be parsed",
};
/// An author's e-mail address could not be parsed (raw value kept in meta).
pub const AUTHOR_EMAIL_INVALID: IssueCode = IssueCode {
    id: "author.email.invalid",
    severity: Error,
    meaning: "an author's e-mail address could not be parsed",
};
/// An author's URL could not be parsed (raw value kept in meta).
pub const AUTHOR_URL_INVALID: IssueCode = IssueCode {
    id: "author.url.invalid",
    severity: Error,
    meaning: "an author's URL could not be parsed",
};
/// An author's avatar URL could not be parsed (raw value kept in meta).
pub const AUTHOR_AVATAR_INVALID: IssueCode = IssueCode {
    id: "author.avatar.invalid",
    severity: Error,
    meaning: "an author's avatar URL could not be parsed",
};
/// A term's slug could not be parsed (raw value kept in meta).
pub const TERM_SLUG_INVALID: IssueCode = IssueCode {
    id: "term.slug.invalid",
    severity: Error,
    meaning: "a term's slug could not be parsed",
};
/// A commenter's e-mail address could not be parsed (raw value kept in meta).
pub const COMMENT_AUTHOR_EMAIL_INVALID: IssueCode = IssueCode {
    id: "comment.author_email.invalid",
    severity: Error,
    meaning: "a commenter's e-mail address could not be parsed",
};
/// A commenter's URL could not be parsed (raw value kept in meta).
pub const COMMENT_AUTHOR_URL_INVALID: IssueCode = IssueCode {
    id: "comment.author_url.invalid",
    severity: Error,
    meaning: "a commenter's URL could not be parsed",
};
/// A comment's date could not be parsed (raw value kept in meta).
pub const COMMENT_DATE_INVALID: IssueCode = IssueCode {
    id: "comment.date.invalid",
    severity: Error,
    meaning: "a comment's date could not be parsed",
};
/// A media item's URL could not be parsed (raw value kept in meta).
pub const MEDIA_URL_INVALID: IssueCode = IssueCode {
    id: "media.url.invalid",
    severity: Error,
    meaning: "a media item's URL could not be parsed",
};
/// A field without a specific code could not be parsed (raw value kept in meta).
pub const FIELD_INVALID: IssueCode = IssueCode {
    id: "value.field.invalid",
    severity: Error,
    meaning: "a field without a specific code could not be parsed",
};

/// A URL whose scheme can run script (`javascript:`, `vbscript:`, `data:`).
pub const URL_SCHEME_SCRIPT: IssueCode = IssueCode {
    id: "value.url.script_scheme",
    severity: Error,
    meaning: "a URL's scheme can run script (javascript:, vbscript:, data:)",
};
/// A URL that is not a web address (`mailto:`, `ftp:`...): kept, but never written as a link.
pub const URL_SCHEME_NOT_WEB: IssueCode = IssueCode {
    id: "value.url.not_web",
    severity: Warning,
    meaning: "a URL is not a web address (mailto:, ftp:...): it is kept but never becomes a link",
};
/// A text contains a C0 control character other than tab, line feed and carriage return.
pub const TEXT_CONTROL_CHARACTER: IssueCode = IssueCode {
    id: "value.text.control_character",
    severity: Error,
    meaning: "a text contains a C0 control character other than tab, line feed and carriage return",
};
/// A text contains DEL or a C1 control character (U+007F to U+009F).
pub const TEXT_C1_CONTROL: IssueCode = IssueCode {
    id: "value.text.c1_control",
    severity: Warning,
    meaning: "a text contains DEL or a C1 control character (U+007F to U+009F)",
};
/// A text is longer than its limit.
pub const TEXT_TOO_LONG: IssueCode = IssueCode {
    id: "value.text.too_long",
    severity: Error,
    meaning: "a text is longer than its limit",
};
/// A slug is longer than `max_slug_bytes`.
pub const SLUG_TOO_LONG: IssueCode = IssueCode {
    id: "value.slug.too_long",
    severity: Error,
    meaning: "a slug is longer than max_slug_bytes",
};

/// Every code of whole-site validation, in the order `docs/validation.md` lists them.
pub const ALL: &[IssueCode] = &[
    POST_ID_DUPLICATE,
    AUTHOR_ID_DUPLICATE,
    TERM_ID_DUPLICATE,
    COMMENT_ID_DUPLICATE,
    MEDIA_ID_DUPLICATE,
    SITE_TITLE_EMPTY,
    POST_TITLE_EMPTY,
    TERM_NAME_EMPTY,
    AUTHOR_DISPLAY_NAME_EMPTY,
    POST_AUTHOR_MISSING,
    POST_DATE_MISSING,
    POST_AUTHOR_DUPLICATE,
    POST_TERM_DUPLICATE,
    POST_SLUG_DUPLICATE,
    TERM_SLUG_DUPLICATE,
    AUTHOR_SLUG_DUPLICATE,
    POST_AUTHOR_DANGLING,
    POST_TERM_DANGLING,
    POST_PARENT_DANGLING,
    POST_FEATURED_MEDIA_DANGLING,
    POST_PARENT_CYCLE,
    COMMENT_POST_DANGLING,
    COMMENT_PARENT_DANGLING,
    COMMENT_USER_DANGLING,
    COMMENT_PARENT_OTHER_POST,
    COMMENT_PARENT_CYCLE,
    TERM_PARENT_DANGLING,
    TERM_PARENT_FLAT_TAXONOMY,
    TERM_PARENT_OTHER_TAXONOMY,
    TERM_PARENT_CYCLE,
    MEDIA_ATTACHED_TO_DANGLING,
    POST_SCHEDULED_NOT_FUTURE,
    POST_MODIFIED_BEFORE_PUBLISHED,
    COMMENT_DATE_BEFORE_POST,
    COMMENT_DATE_BEFORE_PARENT,
    SITE_URL_INVALID,
    SITE_TIME_ZONE_INVALID,
    POST_SLUG_INVALID,
    POST_PUBLISHED_INVALID,
    POST_MODIFIED_INVALID,
    AUTHOR_SLUG_INVALID,
    AUTHOR_EMAIL_INVALID,
    AUTHOR_URL_INVALID,
    AUTHOR_AVATAR_INVALID,
    TERM_SLUG_INVALID,
    COMMENT_AUTHOR_EMAIL_INVALID,
    COMMENT_AUTHOR_URL_INVALID,
    COMMENT_DATE_INVALID,
    MEDIA_URL_INVALID,
    FIELD_INVALID,
    URL_SCHEME_SCRIPT,
    URL_SCHEME_NOT_WEB,
    TEXT_CONTROL_CHARACTER,
    TEXT_C1_CONTROL,
    TEXT_TOO_LONG,
    SLUG_TOO_LONG,
];

/// The severity of a code, `None` for a code not in [`ALL`].
pub fn severity(code: &str) -> Option<Severity> {
    severities().get(code).copied()
}

fn severities() -> &'static HashMap<&'static str, Severity> {
    static MAP: OnceLock<HashMap<&'static str, Severity>> = OnceLock::new();
    MAP.get_or_init(|| ALL.iter().map(|code| (code.id, code.severity)).collect())
}
