//! Records: the value types as Kotlin data classes and Swift structs, and their conversions
//! to and from the engine's types. Ids cross as `u64`; kinds, statuses and taxonomies as
//! their names (`post`, `published`, `post_tag`), so that names a source used and Broadsheet
//! does not know are kept.

use crate::error::{BroadsheetError, Result};
use broadsheet::{self as core, Email, Slug, Url};

/// An instant together with the site's offset at that instant.
///
/// `epoch_seconds` and `offset_seconds` are the value; the other fields are derived from them
/// for display (the local calendar of the site, which "Posted on" and date archives use) and
/// are ignored when a record is given back to the library. Build one with
/// [`timestamp_from_rfc3339`](crate::timestamp_from_rfc3339).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    pub epoch_seconds: i64,
    /// The site's offset from UTC at that instant, in seconds (east positive).
    pub offset_seconds: i32,
    /// RFC 3339 with the site's offset (`2013-05-30T10:00:00+06:00`).
    pub rfc3339: String,
    /// The local calendar date (`2013-05-30`).
    pub local_date: String,
    /// Local year.
    pub year: i32,
    /// Local month, 1-12.
    pub month: u32,
    /// Local day of the month, 1-31.
    pub day: u32,
}

impl From<core::Timestamp> for Timestamp {
    fn from(time: core::Timestamp) -> Self {
        use chrono::Datelike;
        let date = time.local_date();
        Self {
            epoch_seconds: time.utc().timestamp(),
            offset_seconds: time.offset_seconds(),
            rfc3339: time.to_rfc3339(),
            local_date: date.format("%Y-%m-%d").to_string(),
            year: date.year(),
            month: date.month(),
            day: date.day(),
        }
    }
}

impl TryFrom<Timestamp> for core::Timestamp {
    type Error = BroadsheetError;
    fn try_from(time: Timestamp) -> Result<Self> {
        let offset = chrono::FixedOffset::east_opt(time.offset_seconds)
            .ok_or_else(|| BroadsheetError::value("timestamp.offset_seconds", "out of range"))?;
        let instant = chrono::DateTime::from_timestamp(time.epoch_seconds, 0)
            .ok_or_else(|| BroadsheetError::value("timestamp.epoch_seconds", "out of range"))?;
        Ok(core::Timestamp::new(instant.with_timezone(&offset)))
    }
}

fn timestamp(time: Option<Timestamp>) -> Result<Option<core::Timestamp>> {
    time.map(core::Timestamp::try_from).transpose()
}

/// One ordered key/value pair of meta, carried verbatim.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MetaEntry {
    /// The key.
    pub key: String,
    /// The value.
    pub value: String,
}

fn meta_out(meta: &core::Meta) -> Vec<MetaEntry> {
    meta.iter()
        .map(|entry| MetaEntry {
            key: entry.key.clone(),
            value: entry.value.clone(),
        })
        .collect()
}

fn meta_in(entries: Vec<MetaEntry>) -> core::Meta {
    let mut meta = core::Meta::new();
    for entry in entries {
        meta.push(entry.key, entry.value);
    }
    meta
}

fn slug(field: &str, text: &str) -> Result<Slug> {
    Slug::parse(text).map_err(|e| BroadsheetError::value(field, e))
}

fn url(field: &str, text: Option<String>) -> Result<Option<Url>> {
    text.map(|t| Url::parse(&t).map_err(|e| BroadsheetError::value(field, e)))
        .transpose()
}

fn email(field: &str, text: Option<String>) -> Result<Option<Email>> {
    text.map(|t| Email::parse(&t).map_err(|e| BroadsheetError::value(field, e)))
        .transpose()
}

fn text<T: AsRef<str>>(value: &Option<T>) -> Option<String> {
    value.as_ref().map(|v| v.as_ref().to_owned())
}

/// A post, page, attachment or item of another kind: the full model, private fields
/// included (for the app that owns the archive; results for a viewer are [`PostView`]s).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Post {
    /// The id.
    pub id: u64,
    /// The identifier the source format gave (a WXR `post_id`, a Ghost ObjectId).
    pub source_id: Option<String>,
    /// `post`, `page`, `attachment` or another name a source used.
    pub kind: String,
    /// `draft`, `pending`, `private`, `published`, `scheduled`, `trash` (WordPress's `publish`
    /// and `future` are read as `published` and `scheduled`) or another name.
    pub status: String,
    /// Title.
    pub title: String,
    /// URL slug; drafts may have none.
    pub slug: Option<String>,
    /// Body (HTML).
    pub content: String,
    /// Hand-written excerpt.
    pub excerpt: Option<String>,
    /// Author ids, primary first.
    pub authors: Vec<u64>,
    /// Term ids (tags, categories, other taxonomies).
    pub terms: Vec<u64>,
    /// Pinned to the front page.
    pub sticky: bool,
    /// Password protecting the content (private: never in public results).
    pub password: Option<String>,
    /// Parent post (pages, attachments).
    pub parent: Option<u64>,
    /// Order among siblings.
    pub menu_order: i64,
    /// Post format (`aside`, `gallery`...).
    pub format: Option<String>,
    /// Featured image.
    pub featured_media: Option<u64>,
    /// New comments accepted.
    pub comments_open: bool,
    /// Pingbacks and trackbacks accepted.
    pub pings_open: bool,
    /// When it was (or will be) published; drafts may have none.
    pub published: Option<Timestamp>,
    /// When it was last modified.
    pub modified: Option<Timestamp>,
    /// WordPress's globally unique identifier.
    pub guid: Option<String>,
    /// Post meta, in order.
    pub meta: Vec<MetaEntry>,
}

impl From<&core::Post> for Post {
    fn from(post: &core::Post) -> Self {
        Self {
            id: post.id.0,
            source_id: post.source_id.clone(),
            kind: post.kind.to_string(),
            status: post.status.to_string(),
            title: post.title.clone(),
            slug: text(&post.slug),
            content: post.content.clone(),
            excerpt: post.excerpt.clone(),
            authors: post.authors.iter().map(|id| id.0).collect(),
            terms: post.terms.iter().map(|id| id.0).collect(),
            sticky: post.sticky,
            password: post.password.clone(),
            parent: post.parent.map(|id| id.0),
            menu_order: post.menu_order,
            format: post.format.clone(),
            featured_media: post.featured_media.map(|id| id.0),
            comments_open: post.comments_open,
            pings_open: post.pings_open,
            published: post.published.map(Timestamp::from),
            modified: post.modified.map(Timestamp::from),
            guid: post.guid.clone(),
            meta: meta_out(&post.meta),
        }
    }
}

impl TryFrom<Post> for core::Post {
    type Error = BroadsheetError;
    fn try_from(post: Post) -> Result<Self> {
        let slug_value = post
            .slug
            .as_deref()
            .map(|s| slug("post.slug", s))
            .transpose()?;
        let mut out = core::Post::new(core::PostId(post.id), post.title, Slug::parse("x")?);
        out.slug = slug_value;
        out.source_id = post.source_id;
        out.kind = core::PostKind::from(post.kind);
        out.status = core::PostStatus::from_user(&post.status);
        out.content = post.content;
        out.excerpt = post.excerpt;
        out.authors = post.authors.into_iter().map(core::AuthorId).collect();
        out.terms = post.terms.into_iter().map(core::TermId).collect();
        out.sticky = post.sticky;
        out.password = post.password;
        out.parent = post.parent.map(core::PostId);
        out.menu_order = post.menu_order;
        out.format = post.format;
        out.featured_media = post.featured_media.map(core::MediaId);
        out.comments_open = post.comments_open;
        out.pings_open = post.pings_open;
        out.published = timestamp(post.published)?;
        out.modified = timestamp(post.modified)?;
        out.guid = post.guid;
        out.meta = meta_in(post.meta);
        Ok(out)
    }
}

/// An author (guest authors are authors with `guest` set and usually no login).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Author {
    /// The id.
    pub id: u64,
    /// The identifier the source format gave.
    pub source_id: Option<String>,
    /// Login name (private).
    pub login: Option<String>,
    /// URL slug of the author archive.
    pub slug: String,
    /// Name shown on posts.
    pub display_name: String,
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// E-mail address (private).
    pub email: Option<String>,
    /// Personal website.
    pub url: Option<String>,
    /// Biography.
    pub bio: String,
    /// Avatar image.
    pub avatar: Option<String>,
    /// A guest author without an account.
    pub guest: bool,
    /// Author meta, in order.
    pub meta: Vec<MetaEntry>,
}

impl From<&core::Author> for Author {
    fn from(author: &core::Author) -> Self {
        Self {
            id: author.id.0,
            source_id: author.source_id.clone(),
            login: author.login.clone(),
            slug: author.slug.as_str().to_owned(),
            display_name: author.display_name.clone(),
            first_name: author.first_name.clone(),
            last_name: author.last_name.clone(),
            email: text(&author.email),
            url: text(&author.url),
            bio: author.bio.clone(),
            avatar: text(&author.avatar),
            guest: author.guest,
            meta: meta_out(&author.meta),
        }
    }
}

impl TryFrom<Author> for core::Author {
    type Error = BroadsheetError;
    fn try_from(author: Author) -> Result<Self> {
        let mut out = core::Author::new(
            core::AuthorId(author.id),
            slug("author.slug", &author.slug)?,
            author.display_name,
        );
        out.source_id = author.source_id;
        out.login = author.login;
        out.first_name = author.first_name;
        out.last_name = author.last_name;
        out.email = email("author.email", author.email)?;
        out.url = url("author.url", author.url)?;
        out.bio = author.bio;
        out.avatar = url("author.avatar", author.avatar)?;
        out.guest = author.guest;
        out.meta = meta_in(author.meta);
        Ok(out)
    }
}

/// A term: a tag, a category or a term of another taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Term {
    /// The id.
    pub id: u64,
    /// The identifier the source format gave.
    pub source_id: Option<String>,
    /// `post_tag`, `category` or another taxonomy's name.
    pub taxonomy: String,
    /// Name shown.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Description.
    pub description: String,
    /// Parent term (hierarchical taxonomies).
    pub parent: Option<u64>,
    /// Term meta, in order.
    pub meta: Vec<MetaEntry>,
}

impl From<&core::Term> for Term {
    fn from(term: &core::Term) -> Self {
        Self {
            id: term.id.0,
            source_id: term.source_id.clone(),
            taxonomy: term.taxonomy.to_string(),
            name: term.name.clone(),
            slug: term.slug.as_str().to_owned(),
            description: term.description.clone(),
            parent: term.parent.map(|id| id.0),
            meta: meta_out(&term.meta),
        }
    }
}

impl TryFrom<Term> for core::Term {
    type Error = BroadsheetError;
    fn try_from(term: Term) -> Result<Self> {
        let mut out = core::Term::new(
            core::TermId(term.id),
            core::Taxonomy::from(term.taxonomy),
            term.name,
            slug("term.slug", &term.slug)?,
        );
        out.source_id = term.source_id;
        out.description = term.description;
        out.parent = term.parent.map(core::TermId);
        out.meta = meta_in(term.meta);
        Ok(out)
    }
}

/// A comment, pingback or trackback: the full model, private fields included.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Comment {
    /// The id.
    pub id: u64,
    /// The identifier the source format gave.
    pub source_id: Option<String>,
    /// The post commented on.
    pub post: u64,
    /// The comment replied to.
    pub parent: Option<u64>,
    /// Name the commenter gave.
    pub author_name: String,
    /// Commenter's e-mail (private).
    pub author_email: Option<String>,
    /// Commenter's website.
    pub author_url: Option<String>,
    /// Commenter's IP address (private).
    pub author_ip: Option<String>,
    /// The commenter's account, when logged in.
    pub user: Option<u64>,
    /// The text (HTML).
    pub content: String,
    /// When it was written.
    pub date: Option<Timestamp>,
    /// `pending`, `approved`, `spam` or `trash`.
    pub status: String,
    /// `comment`, `pingback`, `trackback` or another name.
    pub kind: String,
    /// Comment meta, in order.
    pub meta: Vec<MetaEntry>,
}

impl From<&core::Comment> for Comment {
    fn from(comment: &core::Comment) -> Self {
        Self {
            id: comment.id.0,
            source_id: comment.source_id.clone(),
            post: comment.post.0,
            parent: comment.parent.map(|id| id.0),
            author_name: comment.author_name.clone(),
            author_email: text(&comment.author_email),
            author_url: text(&comment.author_url),
            author_ip: comment.author_ip.clone(),
            user: comment.user.map(|id| id.0),
            content: comment.content.clone(),
            date: comment.date.map(Timestamp::from),
            status: comment.status.as_str().to_owned(),
            kind: comment.kind.to_string(),
            meta: meta_out(&comment.meta),
        }
    }
}

/// Parses a comment status name.
pub(crate) fn comment_status(name: &str) -> Result<core::CommentStatus> {
    use core::CommentStatus::*;
    [Pending, Approved, Spam, Trash]
        .into_iter()
        .find(|status| status.as_str() == name)
        .ok_or_else(|| {
            BroadsheetError::value(
                "comment.status",
                format!("{name:?} is not pending, approved, spam or trash"),
            )
        })
}

impl TryFrom<Comment> for core::Comment {
    type Error = BroadsheetError;
    fn try_from(comment: Comment) -> Result<Self> {
        let mut out = core::Comment::new(
            core::CommentId(comment.id),
            core::PostId(comment.post),
            comment.author_name,
            comment.content,
        );
        out.source_id = comment.source_id;
        out.parent = comment.parent.map(core::CommentId);
        out.author_email = email("comment.author_email", comment.author_email)?;
        out.author_url = url("comment.author_url", comment.author_url)?;
        out.author_ip = comment.author_ip;
        out.user = comment.user.map(core::AuthorId);
        out.date = timestamp(comment.date)?;
        out.status = comment_status(&comment.status)?;
        out.kind = core::CommentKind::from(comment.kind);
        out.meta = meta_in(comment.meta);
        Ok(out)
    }
}

/// A media item (an image or another file).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Media {
    /// The id.
    pub id: u64,
    /// The identifier the source format gave.
    pub source_id: Option<String>,
    /// Where the file is.
    pub url: String,
    /// Title.
    pub title: String,
    /// Alternative text.
    pub alt_text: String,
    /// Caption.
    pub caption: String,
    /// MIME type.
    pub mime_type: Option<String>,
    /// Width in pixels.
    pub width: Option<u32>,
    /// Height in pixels.
    pub height: Option<u32>,
    /// The post it belongs to.
    pub attached_to: Option<u64>,
    /// Media meta, in order.
    pub meta: Vec<MetaEntry>,
}

impl From<&core::Media> for Media {
    fn from(media: &core::Media) -> Self {
        Self {
            id: media.id.0,
            source_id: media.source_id.clone(),
            url: media.url.as_str().to_owned(),
            title: media.title.clone(),
            alt_text: media.alt_text.clone(),
            caption: media.caption.clone(),
            mime_type: media.mime_type.clone(),
            width: media.width,
            height: media.height,
            attached_to: media.attached_to.map(|id| id.0),
            meta: meta_out(&media.meta),
        }
    }
}

impl TryFrom<Media> for core::Media {
    type Error = BroadsheetError;
    fn try_from(media: Media) -> Result<Self> {
        let link = Url::parse(&media.url).map_err(|e| BroadsheetError::value("media.url", e))?;
        let mut out = core::Media::new(core::MediaId(media.id), link);
        out.source_id = media.source_id;
        out.title = media.title;
        out.alt_text = media.alt_text;
        out.caption = media.caption;
        out.mime_type = media.mime_type;
        out.width = media.width;
        out.height = media.height;
        out.attached_to = media.attached_to.map(core::PostId);
        out.meta = meta_in(media.meta);
        Ok(out)
    }
}

/// The site's settings.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct SiteSettings {
    /// Site title.
    pub title: String,
    /// Home URL.
    pub url: Option<String>,
    /// Tagline.
    pub description: String,
    /// Language (BCP 47).
    pub language: Option<String>,
    /// The time zone of the site's calendar: an IANA name (`Asia/Bishkek`) or an offset
    /// (`+06:00`, `UTC`).
    pub time_zone: String,
    /// Site meta, in order.
    pub meta: Vec<MetaEntry>,
}

impl From<&core::SiteSettings> for SiteSettings {
    fn from(info: &core::SiteSettings) -> Self {
        Self {
            title: info.title.clone(),
            url: text(&info.url),
            description: info.description.clone(),
            language: info.language.clone(),
            time_zone: info.time_zone.to_string(),
            meta: meta_out(&info.meta),
        }
    }
}

impl SiteSettings {
    /// The engine's site settings.
    pub(crate) fn into_core(self) -> Result<core::SiteSettings> {
        Ok(core::SiteSettings {
            title: self.title,
            url: url("site.url", self.url)?,
            description: self.description,
            language: self.language,
            time_zone: core::SiteTimeZone::parse(&self.time_zone)
                .map_err(|e| BroadsheetError::value("site.time_zone", e))?,
            meta: meta_in(self.meta),
        })
    }
}

/// An author as results show them: no e-mail, login or meta.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AuthorSummary {
    /// The id.
    pub id: u64,
    /// URL slug of the author archive.
    pub slug: String,
    /// Name shown on posts.
    pub display_name: String,
    /// A guest author without an account.
    pub guest: bool,
}

impl From<&core::Author> for AuthorSummary {
    fn from(author: &core::Author) -> Self {
        Self {
            id: author.id.0,
            slug: author.slug.as_str().to_owned(),
            display_name: author.display_name.clone(),
            guest: author.guest,
        }
    }
}

/// A term as results show it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TermSummary {
    /// The id.
    pub id: u64,
    /// `post_tag`, `category` or another taxonomy's name.
    pub taxonomy: String,
    /// Name shown.
    pub name: String,
    /// URL slug.
    pub slug: String,
}

impl From<&core::Term> for TermSummary {
    fn from(term: &core::Term) -> Self {
        Self {
            id: term.id.0,
            taxonomy: term.taxonomy.to_string(),
            name: term.name.clone(),
            slug: term.slug.as_str().to_owned(),
        }
    }
}

/// A post as a viewer may see it in a result: public-safe (no password, no private fields;
/// a protected post shows no content), with its authors and terms resolved.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PostView {
    /// The id.
    pub id: u64,
    /// `post`, `page`, `attachment` or another name.
    pub kind: String,
    /// `published`, `draft`...
    pub status: String,
    /// Title.
    pub title: String,
    /// URL slug.
    pub slug: Option<String>,
    /// Body (HTML); none when password-protected.
    pub content: Option<String>,
    /// The excerpt a list shows: the hand-written one, or the start of the text (WordPress's
    /// rules); empty when password-protected.
    pub excerpt: String,
    /// Minutes to read the text.
    pub reading_minutes: u64,
    /// The post's link on the site (its permalink structure, the site's local calendar).
    pub permalink: String,
    /// Whether the post has a password.
    pub password_protected: bool,
    /// Authors, primary first.
    pub authors: Vec<AuthorSummary>,
    /// Terms (tags, categories, others), in the post's order.
    pub terms: Vec<TermSummary>,
    /// Pinned to the front page.
    pub sticky: bool,
    /// Parent post.
    pub parent: Option<u64>,
    /// Featured image.
    pub featured_media: Option<u64>,
    /// New comments accepted.
    pub comments_open: bool,
    /// Publication time (local calendar of the site in `year`, `month`, `day`).
    pub published: Option<Timestamp>,
    /// Last modification.
    pub modified: Option<Timestamp>,
    /// Comments this viewer may see (approved ones for the public).
    pub comment_count: u64,
    /// Search relevance, when the query searched.
    pub relevance: Option<u32>,
}

impl PostView {
    /// A view's record: the engine's summary (excerpt, reading time, permalink), with author
    /// and term ids resolved in `snapshot`.
    pub(crate) fn of(view: &core::archive::PostView, snapshot: &core::Snapshot) -> Self {
        let summary = snapshot.summary(view);
        Self {
            id: view.id().0,
            kind: view.kind().to_string(),
            status: view.status().to_string(),
            title: summary.title,
            slug: summary.slug,
            content: view.content().map(str::to_owned),
            excerpt: summary.excerpt,
            reading_minutes: summary.reading_minutes,
            permalink: summary.permalink,
            password_protected: summary.password_protected,
            authors: view
                .authors()
                .iter()
                .filter_map(|id| snapshot.author(*id))
                .map(AuthorSummary::from)
                .collect(),
            terms: view
                .terms()
                .iter()
                .filter_map(|id| snapshot.term(*id))
                .map(TermSummary::from)
                .collect(),
            sticky: summary.sticky,
            parent: view.parent().map(|id| id.0),
            featured_media: view.featured_media().map(|id| id.0),
            comments_open: view.comments_open(),
            published: summary.published.map(Timestamp::from),
            modified: summary.modified.map(Timestamp::from),
            comment_count: summary.comment_count,
            relevance: view.relevance(),
        }
    }
}

/// A comment as a viewer may see it: no e-mail, IP or meta.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CommentView {
    /// The id.
    pub id: u64,
    /// The post commented on.
    pub post: u64,
    /// The comment it is shown as a reply to (none at top level).
    pub parent: Option<u64>,
    /// Name the commenter gave.
    pub author_name: String,
    /// Commenter's website.
    pub author_url: Option<String>,
    /// The commenter's account, when logged in.
    pub user: Option<u64>,
    /// The text (HTML).
    pub content: String,
    /// When it was written.
    pub date: Option<Timestamp>,
    /// Moderation status (always `approved` for the public).
    pub status: String,
    /// `comment`, `pingback`, `trackback` or another name.
    pub kind: String,
}

impl From<&core::archive::CommentView> for CommentView {
    fn from(comment: &core::archive::CommentView) -> Self {
        Self {
            id: comment.id().0,
            post: comment.post().0,
            parent: comment.parent().map(|id| id.0),
            author_name: comment.author_name().to_owned(),
            author_url: comment.author_url().map(ToString::to_string),
            user: comment.user().map(|id| id.0),
            content: comment.content().to_owned(),
            date: comment.date().map(Timestamp::from),
            status: comment.status().as_str().to_owned(),
            kind: comment.kind().to_string(),
        }
    }
}

/// One page of a query's result.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Page {
    /// The posts on this page.
    pub posts: Vec<PostView>,
    /// Posts matching the query in all.
    pub total: u64,
    /// Pages in all.
    pub total_pages: u64,
    /// This page's number (1-based).
    pub page: u64,
    /// Posts per page.
    pub per_page: u64,
    /// The cursor that continues after this page (none on the last page).
    pub next_cursor: Option<String>,
}

impl Page {
    pub(crate) fn of(page: &core::Page, snapshot: &core::Snapshot) -> Self {
        Self {
            posts: page
                .posts
                .iter()
                .map(|view| PostView::of(view, snapshot))
                .collect(),
            total: page.total,
            total_pages: page.total_pages,
            page: page.page,
            per_page: page.per_page,
            next_cursor: page.next_cursor.clone(),
        }
    }
}

/// One entry of a date archive, on the site's local calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Record)]
pub struct DateBucket {
    /// Year.
    pub year: i32,
    /// Month (1-12), for month and day archives.
    pub month: Option<u32>,
    /// Day of the month, for day archives.
    pub day: Option<u32>,
    /// Number of posts.
    pub count: u64,
}

impl From<&core::archive::DateCount> for DateBucket {
    fn from(entry: &core::archive::DateCount) -> Self {
        Self {
            year: entry.year,
            month: entry.month,
            day: entry.day,
            count: entry.count,
        }
    }
}

/// A term in a tag cloud, with its size.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CloudEntry {
    /// The term's id.
    pub term: u64,
    /// Its slug.
    pub slug: String,
    /// Its name.
    pub name: String,
    /// Number of posts it is on.
    pub count: u64,
    /// Font size between the options' smallest and largest, not rounded.
    pub size: f64,
    /// The size as a CSS length in the options' unit (`13.676pt`).
    pub css_font_size: String,
}

/// One comment of a thread, in display order: a thread is a flat list where each node says
/// how deep it is shown (0 at top level), so a list view can indent it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CommentNode {
    /// The comment.
    pub comment: CommentView,
    /// Nesting depth, 0 at top level.
    pub depth: u32,
    /// Replies shown under it (direct ones).
    pub replies: u32,
}

/// A post's comment thread as a viewer may see it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CommentThread {
    /// The comments of the page asked for, in display order (each reply after its parent).
    pub nodes: Vec<CommentNode>,
    /// Top-level comments in all pages.
    pub top_level_total: u64,
    /// Visible comments in all pages.
    pub total: u64,
    /// Pages of top-level comments.
    pub pages: u64,
}

impl From<&core::thread::Thread> for CommentThread {
    fn from(thread: &core::thread::Thread) -> Self {
        Self {
            nodes: thread
                .flatten()
                .into_iter()
                .map(|node| CommentNode {
                    comment: CommentView::from(&node.comment),
                    depth: node.depth as u32,
                    replies: node.replies.len() as u32,
                })
                .collect(),
            top_level_total: thread.top_level_total as u64,
            total: thread.total as u64,
            pages: thread.pages as u64,
        }
    }
}

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Severity {
    /// Something is wrong: strict building refuses it.
    Error,
    /// Something is suspicious but usable.
    Warning,
}

/// One problem found by validation or import.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Issue {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable code (`post.author.missing`), documented in docs/validation.md.
    pub code: String,
    /// Path of the offending value in the site (`posts[12].authors`).
    pub path: String,
    /// What is wrong, for a person.
    pub message: String,
    /// The file, for issues found while importing.
    pub file: Option<String>,
    /// 1-based line in the source file.
    pub line: Option<u64>,
    /// 1-based column in the source file.
    pub column: Option<u64>,
}

impl From<&core::Issue> for Issue {
    fn from(issue: &core::Issue) -> Self {
        let location = issue.location.clone().unwrap_or_default();
        Self {
            severity: match issue.severity {
                core::Severity::Error => Severity::Error,
                core::Severity::Warning => Severity::Warning,
            },
            code: issue.code.clone(),
            path: issue.path.clone(),
            message: issue.message.clone(),
            file: location.file,
            line: location.line,
            column: location.column,
        }
    }
}

/// A count under a name (`post_tag` 40, `approved` 12).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NamedCount {
    /// The name.
    pub name: String,
    /// The count.
    pub count: u64,
}

/// Items of one kind and status.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KindStatusCount {
    /// `post`, `page`, `attachment`...
    pub kind: String,
    /// `published`, `draft`...
    pub status: String,
    /// Number of items.
    pub count: u64,
}

/// What an archive holds: the numbers of `broadsheet stats`.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Stats {
    /// The source format and version (`wxr 1.2`), as opened.
    pub format: String,
    /// Items per kind and status.
    pub items: Vec<KindStatusCount>,
    /// Number of authors.
    pub authors: u64,
    /// Terms per taxonomy.
    pub terms: Vec<NamedCount>,
    /// Number of comments.
    pub comments: u64,
    /// Comments per status; every known status is present.
    pub comments_by_status: Vec<NamedCount>,
    /// The deepest reply chain (1 for a top-level comment, 0 without comments).
    pub max_comment_depth: u64,
    /// Sticky posts.
    pub sticky: u64,
    /// Warnings found by opening (import and validation).
    pub warnings: u64,
    /// Errors found by opening (import and validation).
    pub errors: u64,
}

impl From<&broadsheet::formats::Stats> for Stats {
    fn from(stats: &broadsheet::formats::Stats) -> Self {
        let named = |map: &std::collections::BTreeMap<String, usize>| {
            map.iter()
                .map(|(name, count)| NamedCount {
                    name: name.clone(),
                    count: *count as u64,
                })
                .collect()
        };
        Self {
            format: stats.format.clone(),
            items: stats
                .items
                .iter()
                .flat_map(|(kind, statuses)| {
                    statuses.iter().map(move |(status, count)| KindStatusCount {
                        kind: kind.clone(),
                        status: status.clone(),
                        count: *count as u64,
                    })
                })
                .collect(),
            authors: stats.authors as u64,
            terms: named(&stats.terms),
            comments: stats.comments.total as u64,
            comments_by_status: named(&stats.comments.by_status),
            max_comment_depth: stats.comments.max_depth as u64,
            sticky: stats.sticky as u64,
            warnings: stats.warnings as u64,
            errors: stats.errors as u64,
        }
    }
}
