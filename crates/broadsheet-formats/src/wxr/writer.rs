//! WXR 1.2 export, in the layout WordPress's exporter writes and its importer reads.

use super::build::{WP_DATE, ZERO_DATE, derived_pub_date};
use super::keys;
use crate::xml_chars::{REPLACEMENT, is_xml_char, replace_forbidden};
use broadsheet_core::{
    AuthorId, Comment, CommentKind, CommentStatus, INVALID_FIELD_PREFIX, Meta, PostId, PostStatus,
    SiteData, Taxonomy, Term, TermId, Timestamp,
};
use std::collections::{HashMap, HashSet};
use std::io::{self, BufWriter, Write};

/// Writes a site as WXR 1.2.
///
/// Values the importer kept under reserved `wxr:` meta keys (see [`super::keys`]) and raw
/// values of invalid fields go back where they came from. Text goes into CDATA sections (a
/// `]]>` inside is split); text holding a carriage return is escaped instead so that it survives
/// XML's line-end normalisation. Characters XML 1.0 cannot carry (most C0 controls) are written
/// as U+FFFD.
pub fn export(site: &dyn SiteData, out: impl Write) -> io::Result<()> {
    let mut w = Writer {
        out: BufWriter::with_capacity(64 * 1024, out),
    };
    w.document(site)?;
    w.out.flush()
}

/// [`REPLACEMENT`] as text, for the escaping loop.
const REPLACEMENT_STR: &str = "\u{FFFD}";
const _: () = assert!(REPLACEMENT as u32 == 0xFFFD);

struct Writer<W: Write> {
    out: BufWriter<W>,
}

/// The id WXR gets: the source id when it is an integer, the model id otherwise.
fn wxr_id(source: Option<&str>, id: u64) -> String {
    match source.map(str::trim) {
        Some(s) if s.parse::<i64>().is_ok() => s.to_owned(),
        _ => id.to_string(),
    }
}

/// The id written for an entity: the text an invalid id had (`keys::INVALID_ID`), else
/// [`wxr_id`].
fn written_id(meta: &Meta, source: Option<&str>, id: u64) -> String {
    match meta.get(keys::INVALID_ID) {
        Some(text) => text.to_owned(),
        None => wxr_id(source, id),
    }
}

/// Whether an entity had an id in its source (valid or kept as text).
fn has_id(meta: &Meta, source: Option<&str>) -> bool {
    source.is_some() || meta.get(keys::INVALID_ID).is_some()
}

fn is_reserved(key: &str) -> bool {
    key.starts_with(keys::PREFIX)
        || key.starts_with(INVALID_FIELD_PREFIX)
        || key == broadsheet_core::permalink::OWN_LINK_KEY
}

fn invalid<'a>(meta: &'a Meta, field: &str) -> Option<&'a str> {
    meta.invalid_fields()
        .find(|(f, _)| *f == field)
        .map(|(_, raw)| raw)
}

fn format_local(t: &Timestamp) -> String {
    t.naive_local().format(WP_DATE).to_string()
}

fn format_gmt(t: &Timestamp) -> String {
    t.utc().naive_utc().format(WP_DATE).to_string()
}

/// The local and GMT texts of a date, with what the importer kept.
fn date_texts(date: Option<&Timestamp>, meta: &Meta, field: &str) -> (String, String) {
    let gmt_field = format!("{field}_gmt");
    let kept = |name: &str| {
        meta.get(&format!("{}{name}", keys::PREFIX))
            .map(str::to_owned)
    };
    match date {
        Some(t) => (
            kept(field).unwrap_or_else(|| format_local(t)),
            kept(&gmt_field).unwrap_or_else(|| format_gmt(t)),
        ),
        None => (
            invalid(meta, field).unwrap_or(ZERO_DATE).to_owned(),
            invalid(meta, &gmt_field).unwrap_or(ZERO_DATE).to_owned(),
        ),
    }
}

fn term_slug(term: &Term) -> &str {
    invalid(&term.meta, "slug").unwrap_or(term.slug.as_str())
}

impl<W: Write> Writer<W> {
    /// Writes text as CDATA, or escaped when it holds a carriage return.
    fn text(&mut self, value: &str) -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        let clean = replace_forbidden(value);
        if clean.contains('\r') {
            return self.escaped(&clean, false);
        }
        self.out.write_all(b"<![CDATA[")?;
        let mut rest: &str = &clean;
        while let Some(at) = rest.find("]]>") {
            self.out.write_all(&rest.as_bytes()[..at])?;
            self.out.write_all(b"]]]]><![CDATA[>")?;
            rest = &rest[at + 3..];
        }
        self.out.write_all(rest.as_bytes())?;
        self.out.write_all(b"]]>")
    }

    /// Writes escaped text (attribute values also escape quotes and whitespace controls).
    fn escaped(&mut self, value: &str, attribute: bool) -> io::Result<()> {
        let mut start = 0;
        for (i, c) in value.char_indices() {
            let replacement: Option<&str> = match c {
                '&' => Some("&amp;"),
                '<' => Some("&lt;"),
                '>' => Some("&gt;"),
                '\r' => Some("&#13;"),
                '"' if attribute => Some("&quot;"),
                '\n' if attribute => Some("&#10;"),
                '\t' if attribute => Some("&#9;"),
                c if !is_xml_char(c) => Some(REPLACEMENT_STR),
                _ => None,
            };
            if let Some(replacement) = replacement {
                self.out.write_all(&value.as_bytes()[start..i])?;
                self.out.write_all(replacement.as_bytes())?;
                start = i + c.len_utf8();
            }
        }
        self.out.write_all(&value.as_bytes()[start..])
    }

    /// `<name>text</name>` on its own line.
    fn field(&mut self, indent: &str, name: &str, value: &str) -> io::Result<()> {
        write!(self.out, "{indent}<{name}>")?;
        self.text(value)?;
        writeln!(self.out, "</{name}>")
    }

    /// `<name>value</name>` inside a line: text (CDATA) or plain (escaped).
    fn inline(&mut self, name: &str, value: &str, text: bool) -> io::Result<()> {
        write!(self.out, "<{name}>")?;
        if text {
            self.text(value)?;
        } else {
            self.escaped(value, false)?;
        }
        write!(self.out, "</{name}>")
    }

    /// `<name>value</name>` for values that never need escaping (numbers, dates, names).
    fn plain(&mut self, indent: &str, name: &str, value: &str) -> io::Result<()> {
        write!(self.out, "{indent}<{name}>")?;
        self.escaped(value, false)?;
        writeln!(self.out, "</{name}>")
    }

    fn meta(&mut self, indent: &str, element: &str, meta: &Meta) -> io::Result<()> {
        for entry in meta.iter().filter(|e| !is_reserved(&e.key)) {
            writeln!(self.out, "{indent}<wp:{element}>")?;
            self.field(&format!("{indent}\t"), "wp:meta_key", &entry.key)?;
            self.field(&format!("{indent}\t"), "wp:meta_value", &entry.value)?;
            writeln!(self.out, "{indent}</wp:{element}>")?;
        }
        Ok(())
    }

    fn document(&mut self, site: &dyn SiteData) -> io::Result<()> {
        self.out.write_all(
            concat!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n",
                "<!-- This is a WordPress eXtended RSS file written by Broadsheet. -->\n",
                "<rss version=\"2.0\"\n",
                "\txmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n",
                "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n",
                "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n",
                "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n",
                "\txmlns:wp=\"http://wordpress.org/export/1.2/\"\n",
                ">\n\n<channel>\n"
            )
            .as_bytes(),
        )?;
        self.field("\t", "title", site.title())?;
        if let Some(link) = site
            .url()
            .map(broadsheet_core::Url::as_str)
            .or_else(|| invalid(site.site_meta(), "url"))
        {
            self.field("\t", "link", link)?;
        }
        self.field("\t", "description", site.description())?;
        if let Some(date) = site.site_meta().get(keys::PUB_DATE) {
            self.field("\t", "pubDate", date)?;
        }
        if let Some(language) = site.language() {
            self.field("\t", "language", language)?;
        }
        self.plain("\t", "wp:wxr_version", super::EXPORT_VERSION)?;
        if let Some(url) = site.site_meta().get(keys::BASE_SITE_URL) {
            self.field("\t", "wp:base_site_url", url)?;
        }
        if let Some(url) = site.site_meta().get(keys::BASE_BLOG_URL) {
            self.field("\t", "wp:base_blog_url", url)?;
        }
        writeln!(self.out)?;

        let author_ids: HashMap<AuthorId, String> = site
            .authors()
            .map(|a| (a.id, written_id(&a.meta, a.source_id.as_deref(), a.id.0)))
            .collect();
        for author in site.authors() {
            if author.meta.get(keys::UNDECLARED).is_some() {
                continue;
            }
            // One line per author, as WordPress writes them (its regex parser needs that).
            self.out.write_all(b"\t<wp:author>")?;
            if has_id(&author.meta, author.source_id.as_deref()) {
                self.inline("wp:author_id", &author_ids[&author.id], false)?;
            }
            // An author without a login writes its slug, so that its posts can name it; one
            // read from a WXR author with no login (`wxr:no_login`) writes it empty again.
            let login = if author.meta.get(keys::NO_LOGIN).is_some() {
                ""
            } else {
                author.login.as_deref().unwrap_or(author.slug.as_str())
            };
            self.inline("wp:author_login", login, true)?;
            // WXR has no public slug: write it when it is not the login, so that a round trip
            // never makes a (possibly secret) login the author's public slug.
            if author.slug.as_str() != login {
                self.inline("wp:author_nicename", author.slug.as_str(), true)?;
            }
            let email = author
                .email
                .as_ref()
                .map(broadsheet_core::Email::as_str)
                .or_else(|| invalid(&author.meta, "email"))
                .unwrap_or("");
            self.inline("wp:author_email", email, true)?;
            let display = if author.meta.get(keys::NO_DISPLAY_NAME).is_some() {
                ""
            } else {
                author.display_name.as_str()
            };
            self.inline("wp:author_display_name", display, true)?;
            let first = author.first_name.as_deref().unwrap_or("");
            self.inline("wp:author_first_name", first, true)?;
            let last = author.last_name.as_deref().unwrap_or("");
            self.inline("wp:author_last_name", last, true)?;
            self.out.write_all(b"</wp:author>\n")?;
        }

        let terms: HashMap<TermId, &Term> = site.terms().map(|t| (t.id, t)).collect();
        for term in site.terms() {
            if term.meta.get(keys::UNDECLARED).is_some() {
                continue;
            }
            self.term(term, &terms)?;
        }
        if let Some(generator) = site.site_meta().get(keys::GENERATOR) {
            self.field("\t", "generator", generator)?;
        }
        writeln!(self.out)?;

        let post_ids: HashMap<PostId, String> = site
            .posts()
            .map(|p| {
                let id = match p.meta.get(keys::INVALID_POST_ID) {
                    Some(raw) => raw.to_owned(),
                    None => wxr_id(p.source_id.as_deref(), p.id.0),
                };
                (p.id, id)
            })
            .collect();
        let comment_ids: HashMap<_, String> = site
            .comments()
            .map(|c| (c.id, written_id(&c.meta, c.source_id.as_deref(), c.id.0)))
            .collect();
        let mut comments: HashMap<PostId, Vec<&Comment>> = HashMap::new();
        for comment in site.comments() {
            comments.entry(comment.post).or_default().push(comment);
        }
        let mut next_media_id = post_ids
            .values()
            .filter_map(|id| id.parse::<i64>().ok())
            .max()
            .unwrap_or(0)
            .max(0)
            + 1;
        // A media item with an integer source id no item uses keeps it (the parts of a split
        // export number media once for all parts); the others follow the largest item id.
        let mut taken: std::collections::HashSet<i64> = post_ids
            .values()
            .filter_map(|id| id.parse::<i64>().ok())
            .collect();
        let media_ids: HashMap<_, i64> = site
            .media()
            .map(|m| {
                let own = m
                    .source_id
                    .as_deref()
                    .and_then(|s| s.trim().parse::<i64>().ok())
                    .filter(|id| *id > 0 && !taken.contains(id));
                let id = if let Some(id) = own {
                    id
                } else {
                    while taken.contains(&next_media_id) {
                        next_media_id += 1;
                    }
                    next_media_id
                };
                taken.insert(id);
                (m.id, id)
            })
            .collect();
        let ctx = Ctx {
            site,
            terms: &terms,
            author_ids: &author_ids,
            post_ids: &post_ids,
            comment_ids: &comment_ids,
            media_ids: &media_ids,
        };
        for post in site.posts() {
            let list = comments.get(&post.id).map_or(&[][..], Vec::as_slice);
            self.item(post, list, &ctx)?;
        }
        for media in site.media() {
            self.media(media, &ctx)?;
        }
        self.out.write_all(b"</channel>\n</rss>\n")
    }

    fn term(&mut self, term: &Term, terms: &HashMap<TermId, &Term>) -> io::Result<()> {
        let id = written_id(&term.meta, term.source_id.as_deref(), term.id.0);
        let parent = term
            .parent
            .and_then(|p| terms.get(&p))
            .map(|p| term_slug(p))
            .or_else(|| term.meta.get(keys::TERM_PARENT))
            .unwrap_or("");
        let (element, slug_el, parent_el, name_el, description_el) = match &term.taxonomy {
            Taxonomy::Category => (
                "wp:category",
                "wp:category_nicename",
                "wp:category_parent",
                "wp:cat_name",
                "wp:category_description",
            ),
            Taxonomy::Tag if parent.is_empty() => (
                "wp:tag",
                "wp:tag_slug",
                "",
                "wp:tag_name",
                "wp:tag_description",
            ),
            _ => (
                "wp:term",
                "wp:term_slug",
                "wp:term_parent",
                "wp:term_name",
                "wp:term_description",
            ),
        };
        writeln!(self.out, "\t<{element}>")?;
        if has_id(&term.meta, term.source_id.as_deref()) {
            self.plain("\t\t", "wp:term_id", &id)?;
        }
        if element == "wp:term" {
            self.field("\t\t", "wp:term_taxonomy", term.taxonomy.as_str())?;
        }
        self.field("\t\t", slug_el, term_slug(term))?;
        if !parent_el.is_empty() {
            self.field("\t\t", parent_el, parent)?;
        }
        self.field("\t\t", name_el, &term.name)?;
        if !term.description.is_empty() {
            self.field("\t\t", description_el, &term.description)?;
        }
        self.meta("\t\t", "termmeta", &term.meta)?;
        writeln!(self.out, "\t</{element}>")
    }

    fn item(
        &mut self,
        post: &broadsheet_core::Post,
        comments: &[&Comment],
        ctx: &Ctx<'_>,
    ) -> io::Result<()> {
        let meta = &post.meta;
        self.out.write_all(b"\t<item>\n")?;
        self.field("\t\t", "title", &post.title)?;
        if let Some(link) = meta.get(keys::LINK) {
            self.field("\t\t", "link", link)?;
        }
        let pub_date = meta
            .get(keys::PUB_DATE)
            .map(str::to_owned)
            .or_else(|| derived_pub_date(post.published.as_ref()));
        if let Some(date) = pub_date {
            self.field("\t\t", "pubDate", &date)?;
        }
        let creator = post
            .authors
            .first()
            .and_then(|a| ctx.site.author(*a))
            .map_or("", |a| a.login.as_deref().unwrap_or(a.slug.as_str()));
        self.field("\t\t", "dc:creator", creator)?;
        if let Some(guid) = &post.guid {
            let permalink = meta.get(keys::GUID_IS_PERMALINK).unwrap_or("false");
            self.out.write_all(b"\t\t<guid isPermaLink=\"")?;
            self.escaped(permalink, true)?;
            self.out.write_all(b"\">")?;
            self.text(guid)?;
            self.out.write_all(b"</guid>\n")?;
        }
        self.field(
            "\t\t",
            "description",
            meta.get(keys::DESCRIPTION).unwrap_or(""),
        )?;
        self.field("\t\t", "content:encoded", &post.content)?;
        self.field(
            "\t\t",
            "excerpt:encoded",
            post.excerpt.as_deref().unwrap_or(""),
        )?;
        if meta.get(keys::NO_POST_ID).is_none() {
            self.plain("\t\t", "wp:post_id", &ctx.post_ids[&post.id])?;
        }
        let (local, gmt) = date_texts(post.published.as_ref(), meta, "post_date");
        self.field("\t\t", "wp:post_date", &local)?;
        self.field("\t\t", "wp:post_date_gmt", &gmt)?;
        if post.modified.is_some()
            || meta.get(keys::HAS_MODIFIED).is_some()
            || invalid(meta, "post_modified").is_some()
            || invalid(meta, "post_modified_gmt").is_some()
        {
            let (local, gmt) = date_texts(post.modified.as_ref(), meta, "post_modified");
            self.field("\t\t", "wp:post_modified", &local)?;
            self.field("\t\t", "wp:post_modified_gmt", &gmt)?;
        }
        let open = |flag: bool| if flag { "open" } else { "closed" };
        let comment_status = meta
            .get(keys::COMMENT_STATUS)
            .unwrap_or(open(post.comments_open));
        self.field("\t\t", "wp:comment_status", comment_status)?;
        let ping_status = meta.get(keys::PING_STATUS).unwrap_or(open(post.pings_open));
        self.field("\t\t", "wp:ping_status", ping_status)?;
        let slug = post
            .slug
            .as_ref()
            .map(broadsheet_core::Slug::as_str)
            .or_else(|| invalid(meta, "slug"))
            .unwrap_or("");
        self.field("\t\t", "wp:post_name", slug)?;
        let status = match &post.status {
            PostStatus::Published => "publish",
            PostStatus::Scheduled => "future",
            other => other.as_str(),
        };
        self.field("\t\t", "wp:status", status)?;
        let parent = post
            .parent
            .and_then(|p| ctx.post_ids.get(&p).map(String::as_str))
            .or_else(|| meta.get(keys::POST_PARENT))
            .unwrap_or("0");
        self.plain("\t\t", "wp:post_parent", parent)?;
        match invalid(meta, "menu_order") {
            Some(raw) => self.field("\t\t", "wp:menu_order", raw)?,
            None => self.plain("\t\t", "wp:menu_order", &post.menu_order.to_string())?,
        }
        self.field("\t\t", "wp:post_type", post.kind.as_str())?;
        self.field(
            "\t\t",
            "wp:post_password",
            post.password.as_deref().unwrap_or(""),
        )?;
        self.plain("\t\t", "wp:is_sticky", if post.sticky { "1" } else { "0" })?;
        if let Some(url) = meta.get(keys::ATTACHMENT_URL) {
            self.field("\t\t", "wp:attachment_url", url)?;
        }
        self.categories(post, ctx)?;
        self.meta("\t\t", "postmeta", meta)?;
        if let Some(media) = post.featured_media.and_then(|m| ctx.media_ids.get(&m))
            && meta.get("_thumbnail_id").is_none()
        {
            let mut thumbnail = Meta::new();
            thumbnail.push("_thumbnail_id", media.to_string());
            self.meta("\t\t", "postmeta", &thumbnail)?;
        }
        for comment in comments {
            self.comment(comment, ctx)?;
        }
        self.out.write_all(b"\t</item>\n")
    }

    fn category(&mut self, domain: &str, nicename: Option<&str>, name: &str) -> io::Result<()> {
        self.out.write_all(b"\t\t<category domain=\"")?;
        self.escaped(domain, true)?;
        self.out.write_all(b"\"")?;
        if let Some(nicename) = nicename {
            self.out.write_all(b" nicename=\"")?;
            self.escaped(nicename, true)?;
            self.out.write_all(b"\"")?;
        }
        self.out.write_all(b">")?;
        self.text(name)?;
        self.out.write_all(b"</category>\n")
    }

    fn categories(&mut self, post: &broadsheet_core::Post, ctx: &Ctx<'_>) -> io::Result<()> {
        let mut author_terms: HashSet<&str> = HashSet::new();
        let mut has_format = false;
        for id in &post.terms {
            let Some(term) = ctx.terms.get(id) else {
                continue;
            };
            // Items name declared terms by their valid slug (what WordPress stores); a term that
            // is not declared is named as the source named it.
            let nicename = if term.meta.get(keys::NO_NICENAME).is_some() {
                None
            } else if term.meta.get(keys::UNDECLARED).is_some() {
                Some(term_slug(term))
            } else {
                Some(term.slug.as_str())
            };
            match term.taxonomy.as_str() {
                "author" => {
                    author_terms.insert(term_slug(term));
                }
                "post_format" => has_format = true,
                _ => {}
            }
            self.category(term.taxonomy.as_str(), nicename, &term.name)?;
        }
        // Several authors: every one as a Co-Authors Plus term (the plugin lists the terms, and
        // falls back to dc:creator only when there are none).
        let co_authors = if post.authors.len() > 1 {
            &post.authors[..]
        } else {
            &[]
        };
        for author in co_authors {
            let Some(author) = ctx.site.author(*author) else {
                continue;
            };
            let login = author.login.as_deref().unwrap_or(author.slug.as_str());
            let covered = author_terms.contains(login)
                || author_terms.contains(author.slug.as_str())
                || author_terms.contains(format!("cap-{login}").as_str());
            if !covered {
                self.category("author", Some(login), &author.display_name)?;
            }
        }
        if let Some(format) = &post.format
            && !has_format
        {
            self.category(
                "post_format",
                Some(&format!("post-format-{format}")),
                format,
            )?;
        }
        Ok(())
    }

    fn comment(&mut self, comment: &Comment, ctx: &Ctx<'_>) -> io::Result<()> {
        let meta = &comment.meta;
        let indent = "\t\t\t";
        self.out.write_all(b"\t\t<wp:comment>\n")?;
        if meta.get(keys::NO_COMMENT_ID).is_none() {
            self.plain(indent, "wp:comment_id", &ctx.comment_ids[&comment.id])?;
        }
        self.field(indent, "wp:comment_author", &comment.author_name)?;
        let email = comment
            .author_email
            .as_ref()
            .map(broadsheet_core::Email::as_str)
            .or_else(|| invalid(meta, "author_email"))
            .unwrap_or("");
        self.field(indent, "wp:comment_author_email", email)?;
        let url = comment
            .author_url
            .as_ref()
            .map(broadsheet_core::Url::as_str)
            .or_else(|| invalid(meta, "author_url"))
            .unwrap_or("");
        self.field(indent, "wp:comment_author_url", url)?;
        self.field(
            indent,
            "wp:comment_author_IP",
            comment.author_ip.as_deref().unwrap_or(""),
        )?;
        let (local, gmt) = date_texts(comment.date.as_ref(), meta, "comment_date");
        self.field(indent, "wp:comment_date", &local)?;
        self.field(indent, "wp:comment_date_gmt", &gmt)?;
        self.field(indent, "wp:comment_content", &comment.content)?;
        let approved = meta
            .get(keys::COMMENT_APPROVED)
            .unwrap_or(match comment.status {
                CommentStatus::Approved => "1",
                CommentStatus::Pending => "0",
                CommentStatus::Spam => "spam",
                CommentStatus::Trash => "trash",
            });
        self.field(indent, "wp:comment_approved", approved)?;
        let kind = match &comment.kind {
            CommentKind::Comment => "comment",
            other => other.as_str(),
        };
        self.field(indent, "wp:comment_type", kind)?;
        let parent = comment
            .parent
            .and_then(|p| ctx.comment_ids.get(&p).map(String::as_str))
            .or_else(|| meta.get(keys::COMMENT_PARENT))
            .unwrap_or("0");
        self.plain(indent, "wp:comment_parent", parent)?;
        let user = comment
            .user
            .and_then(|u| ctx.author_ids.get(&u).map(String::as_str))
            .or_else(|| meta.get(keys::COMMENT_USER_ID))
            .unwrap_or("0");
        self.plain(indent, "wp:comment_user_id", user)?;
        self.meta(indent, "commentmeta", meta)?;
        self.out.write_all(b"\t\t</wp:comment>\n")
    }

    fn media(&mut self, media: &broadsheet_core::Media, ctx: &Ctx<'_>) -> io::Result<()> {
        self.out.write_all(b"\t<item>\n")?;
        self.field("\t\t", "title", &media.title)?;
        self.field("\t\t", "dc:creator", "")?;
        self.field("\t\t", "description", "")?;
        self.field("\t\t", "content:encoded", "")?;
        self.field("\t\t", "excerpt:encoded", &media.caption)?;
        self.plain("\t\t", "wp:post_id", &ctx.media_ids[&media.id].to_string())?;
        self.field("\t\t", "wp:post_date", ZERO_DATE)?;
        self.field("\t\t", "wp:post_date_gmt", ZERO_DATE)?;
        self.field("\t\t", "wp:comment_status", "closed")?;
        self.field("\t\t", "wp:ping_status", "closed")?;
        self.field("\t\t", "wp:status", "inherit")?;
        let parent = media
            .attached_to
            .and_then(|p| ctx.post_ids.get(&p).map(String::as_str))
            .unwrap_or("0");
        self.plain("\t\t", "wp:post_parent", parent)?;
        self.field("\t\t", "wp:post_type", "attachment")?;
        self.field("\t\t", "wp:attachment_url", media.url.as_str())?;
        let mut meta = Meta::new();
        if !media.alt_text.is_empty() {
            meta.push("_wp_attachment_image_alt", media.alt_text.clone());
        }
        meta.0.extend(media.meta.iter().cloned());
        self.meta("\t\t", "postmeta", &meta)?;
        self.out.write_all(b"\t</item>\n")
    }
}

struct Ctx<'a> {
    site: &'a dyn SiteData,
    terms: &'a HashMap<TermId, &'a Term>,
    author_ids: &'a HashMap<AuthorId, String>,
    post_ids: &'a HashMap<PostId, String>,
    comment_ids: &'a HashMap<broadsheet_core::CommentId, String>,
    media_ids: &'a HashMap<broadsheet_core::MediaId, i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut Writer<&mut Vec<u8>>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        {
            let mut w = Writer {
                out: BufWriter::new(&mut out),
            };
            f(&mut w).unwrap();
            w.out.flush().unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn cdata_splits_terminators_and_escapes_carriage_returns() {
        assert_eq!(
            written(|w| w.text("a]]>b")),
            "<![CDATA[a]]]]><![CDATA[>b]]>"
        );
        assert_eq!(written(|w| w.text("")), "");
        assert_eq!(written(|w| w.text("<p>&</p>")), "<![CDATA[<p>&</p>]]>");
        assert_eq!(written(|w| w.text("a\r\nb<")), "a&#13;\nb&lt;");
        assert_eq!(written(|w| w.text("bell\u{7}")), "<![CDATA[bell\u{FFFD}]]>");
        assert_eq!(written(|w| w.escaped("a\"b\n", true)), "a&quot;b&#10;");
    }

    #[test]
    fn ids_prefer_integer_source_ids() {
        assert_eq!(wxr_id(Some("-19091979"), 3), "-19091979");
        assert_eq!(wxr_id(Some("5b2f0c"), 3), "3");
        assert_eq!(wxr_id(None, 3), "3");
    }
}
