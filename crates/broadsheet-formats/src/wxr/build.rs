//! The resolving half of the importer: raw WXR records to a [`Site`].
//!
//! Identifiers are assigned here (the file's own when they are usable, fresh ones after the
//! largest otherwise), references are resolved (authors by login, terms by taxonomy and slug,
//! parents by the file's ids), and every value the model cannot hold is kept in meta under a
//! reserved `wxr:` key or [`broadsheet_core::INVALID_FIELD_PREFIX`] so that export gives it back.

use super::keys;
use super::position::Loc;
use super::reader::{
    Issues, RawAuthor, RawCategory, RawComment, RawDocument, RawItem, RawTerm, TermElement,
};
use crate::import::fallback_slug;
use broadsheet_core::{
    Author, AuthorId, Comment, CommentId, CommentKind, CommentStatus, Email, Meta, Post, PostId,
    PostKind, PostStatus, Severity, Site, SiteTimeZone, Slug, Taxonomy, Term, TermId, Timestamp,
    Url,
};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use std::collections::{HashMap, HashSet};

/// The WordPress date format (`2011-01-18 07:40:14`).
pub(crate) const WP_DATE: &str = "%Y-%m-%d %H:%M:%S";
/// WordPress's "no date".
pub(crate) const ZERO_DATE: &str = "0000-00-00 00:00:00";

/// Assigns numeric ids: the file's own when they are positive and unused, fresh ones after the
/// largest otherwise.
struct IdPool {
    used: HashSet<u64>,
    next: u64,
}

enum IdOutcome {
    Kept(u64),
    Missing,
    Duplicate,
    Invalid,
}

impl IdPool {
    fn new() -> Self {
        Self {
            used: HashSet::new(),
            next: 1,
        }
    }

    fn claim(&mut self, raw: Option<&str>) -> IdOutcome {
        let Some(raw) = raw.map(str::trim).filter(|r| !r.is_empty()) else {
            return IdOutcome::Missing;
        };
        match raw.parse::<u64>() {
            Ok(0) | Err(_) => IdOutcome::Invalid,
            Ok(n) => {
                if self.used.insert(n) {
                    self.next = self.next.max(n.saturating_add(1));
                    IdOutcome::Kept(n)
                } else {
                    IdOutcome::Duplicate
                }
            }
        }
    }

    fn fresh(&mut self) -> u64 {
        while self.used.contains(&self.next) {
            self.next += 1;
        }
        let id = self.next;
        self.used.insert(id);
        self.next += 1;
        id
    }
}

fn non_empty(value: Option<String>) -> Option<String> {
    value.filter(|v| !v.is_empty())
}

/// Whether an identifier is one WXR can hold: a positive integer.
fn is_wxr_id(raw: &str) -> bool {
    matches!(raw.parse::<u64>(), Ok(n) if n > 0)
}

/// An id as read split by what WXR can hold: (`source_id`, raw text kept under
/// `keys::INVALID_ID`). An id that is not a positive integer is no source id, but its text is
/// kept so that export writes it back.
fn split_id(raw: &Option<String>) -> (Option<String>, Option<String>) {
    match source_id(raw) {
        Some(id) if is_wxr_id(&id) => (Some(id), None),
        Some(id) => (None, Some(id)),
        None => (None, None),
    }
}

fn source_id(raw: &Option<String>) -> Option<String> {
    raw.as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
}

/// Makes a slug out of text that is not one: lower case, whitespace runs to `-`, characters
/// slugs never hold dropped.
pub(crate) fn sanitize_slug(text: &str) -> Option<Slug> {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.trim().chars() {
        if c.is_whitespace() || matches!(c, '/' | '?' | '#') {
            if !dash && !out.is_empty() {
                out.push('-');
                dash = true;
            }
        } else if !c.is_control() {
            out.extend(c.to_lowercase());
            dash = false;
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    Slug::parse(&out).ok()
}

/// How a WordPress date field reads.
enum WpDate {
    /// Missing, empty or `0000-00-00 00:00:00`.
    Zero,
    /// A date.
    Date(NaiveDateTime),
    /// Not a date.
    Invalid,
}

fn wp_date(raw: Option<&str>) -> WpDate {
    let Some(text) = raw.map(str::trim) else {
        return WpDate::Zero;
    };
    if text.is_empty() || text == ZERO_DATE {
        return WpDate::Zero;
    }
    if let Some(date) = fast_wp_date(text.as_bytes()) {
        return WpDate::Date(date);
    }
    match NaiveDateTime::parse_from_str(text, WP_DATE) {
        Ok(date) => WpDate::Date(date),
        Err(_) => WpDate::Invalid,
    }
}

/// `YYYY-MM-DD HH:MM:SS` without going through a format string (the common case).
fn fast_wp_date(b: &[u8]) -> Option<NaiveDateTime> {
    if b.len() != 19
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b' '
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b[range].iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    date.and_hms_opt(num(11..13)?, num(14..16)?, num(17..19)?)
}

/// Reads a local/GMT date pair. Values the model cannot hold go to `tail` under
/// `wxr:{field}` / `wxr:{field}_gmt` (a missing half) or the invalid prefix (unparseable text).
fn date_pair(
    local_raw: Option<&str>,
    gmt_raw: Option<&str>,
    zone: &SiteTimeZone,
    field: &str,
    tail: &mut Meta,
) -> Result<Option<Timestamp>, String> {
    let local = wp_date(local_raw);
    let gmt = wp_date(gmt_raw);
    let invalid = |tail: &mut Meta, why: String| {
        if let Some(raw) = local_raw {
            tail.push_invalid(field, raw);
        }
        if let Some(raw) = gmt_raw {
            tail.push_invalid(&format!("{field}_gmt"), raw);
        }
        Err(why)
    };
    match (local, gmt) {
        (WpDate::Zero, WpDate::Zero) => Ok(None),
        (WpDate::Date(local), WpDate::Date(gmt)) => match Timestamp::from_local_and_utc(local, gmt)
        {
            Some(timestamp) => Ok(Some(timestamp)),
            None => invalid(
                tail,
                format!("{field} {local} and {field}_gmt {gmt} are more than a day apart"),
            ),
        },
        (WpDate::Date(local), WpDate::Zero) => match Timestamp::from_local(local, zone) {
            Ok(timestamp) => {
                tail.push(
                    format!("{}{field}_gmt", keys::PREFIX),
                    gmt_raw.unwrap_or(ZERO_DATE),
                );
                Ok(Some(timestamp))
            }
            Err(error) => invalid(tail, error.to_string()),
        },
        (WpDate::Zero, WpDate::Date(gmt)) => {
            tail.push(
                format!("{}{field}", keys::PREFIX),
                local_raw.unwrap_or(ZERO_DATE),
            );
            Ok(Some(Timestamp::from_utc(gmt.and_utc(), zone)))
        }
        _ => invalid(
            tail,
            format!(
                "{field} {:?} / {field}_gmt {:?} is not a date like 2011-01-18 07:40:14",
                local_raw.unwrap_or(""),
                gmt_raw.unwrap_or("")
            ),
        ),
    }
}

/// The RSS `pubDate` WordPress derives from a post's GMT date.
pub(crate) fn derived_pub_date(published: Option<&Timestamp>) -> Option<String> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    published.map(|t| {
        let utc = t.utc();
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} +0000",
            DAYS[utc.weekday().num_days_from_monday() as usize],
            utc.day(),
            MONTHS[utc.month0() as usize],
            utc.year(),
            utc.hour(),
            utc.minute(),
            utc.second()
        )
    })
}

struct Builder {
    issues: Issues,
    site: Site,
    /// Term ids by taxonomy name and slug.
    terms_by_slug: HashMap<String, HashMap<String, TermId>>,
    /// Term ids by taxonomy name and name (for WXR 1.0 categories without a nicename).
    terms_by_name: HashMap<String, HashMap<String, TermId>>,
    term_ids: IdPool,
    /// Position of each term in `site.terms`.
    term_index: HashMap<TermId, usize>,
    authors_by_login: HashMap<String, AuthorId>,
    authors_by_slug: HashMap<String, AuthorId>,
    authors_by_source: HashMap<String, AuthorId>,
    author_ids: IdPool,
}

/// Builds the site from what the reader found.
pub(crate) fn build(
    doc: RawDocument,
    issues: Issues,
    author_slugs: crate::AuthorSlugs,
) -> (Site, Issues) {
    let mut builder = Builder {
        issues,
        site: Site::default(),
        terms_by_slug: HashMap::new(),
        terms_by_name: HashMap::new(),
        term_ids: IdPool::new(),
        term_index: HashMap::new(),
        authors_by_login: HashMap::new(),
        authors_by_slug: HashMap::new(),
        authors_by_source: HashMap::new(),
        author_ids: IdPool::new(),
    };
    for (kind, count, loc) in &doc.skipped {
        builder.issues.push(
            Severity::Warning,
            "wxr.item.filtered",
            format!("channel.item[post_type={kind}]"),
            format!("{count} item(s) of kind {kind:?} were left out, as the import options asked (the first is here)"),
            *loc,
        );
    }
    let RawDocument {
        channel,
        authors,
        terms,
        items,
        ..
    } = doc;
    builder.channel(channel);
    builder.authors(authors, author_slugs);
    builder.terms(terms);
    builder.items(items);
    builder.site.terms = parents_first(std::mem::take(&mut builder.site.terms));
    (builder.site, builder.issues)
}

/// Orders terms so that every parent comes before its children, moving only the terms that
/// must move (WordPress's importer looks parents up as it goes).
pub(crate) fn parents_first(terms: Vec<Term>) -> Vec<Term> {
    let index: HashMap<TermId, usize> = terms.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    if !terms.iter().enumerate().any(|(i, term)| {
        term.parent
            .and_then(|p| index.get(&p))
            .is_some_and(|&p| p > i)
    }) {
        return terms;
    }
    let mut placed = vec![false; terms.len()];
    let mut order: Vec<usize> = Vec::with_capacity(terms.len());
    for start in 0..terms.len() {
        // Walk up to the highest unplaced ancestor, then place the chain top-down.
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            // `placed` is set on the walk: a chain that loops back on itself stops there.
            if placed[i] {
                break;
            }
            placed[i] = true;
            chain.push(i);
            at = terms[i].parent.and_then(|p| index.get(&p).copied());
        }
        order.extend(chain.iter().rev().copied());
    }
    let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

impl Builder {
    fn channel(&mut self, channel: super::reader::RawChannel) {
        let site = &mut self.site;
        site.title = channel.title.unwrap_or_default();
        if let Some(link) = non_empty(channel.link) {
            match Url::parse(link.trim()) {
                Ok(url) if url.as_str() == link => site.url = Some(url),
                _ => {
                    self.issues.push(
                        Severity::Error,
                        "wxr.site.url.invalid",
                        "site.url",
                        format!(
                            "the channel link {link:?} is not an absolute URL; it was kept as text"
                        ),
                        channel.link_loc,
                    );
                    site.meta.push_invalid("url", link);
                }
            }
        }
        site.description = channel.description.unwrap_or_default();
        site.language = non_empty(channel.language);
        let keep = [
            (keys::PUB_DATE, channel.pub_date),
            (keys::GENERATOR, channel.generator),
            (keys::BASE_SITE_URL, channel.base_site_url),
            (keys::BASE_BLOG_URL, channel.base_blog_url),
        ];
        for (key, value) in keep {
            if let Some(value) = value {
                site.meta.push(key, value);
            }
        }
    }

    /// An author's public slug: the `wp:author_nicename` Broadsheet wrote, else the login or the
    /// display name as `author_slugs` says (a display-name slug is made unique among the
    /// authors so far), else the other one; `None` when nothing makes a slug.
    fn author_slug(
        &self,
        nicename: Option<&str>,
        login: Option<&str>,
        display: Option<&str>,
        author_slugs: crate::AuthorSlugs,
    ) -> Option<Slug> {
        if let Some(slug) = nicename.and_then(|text| Slug::parse(text).ok()) {
            return Some(slug);
        }
        let from_login =
            || login.and_then(|text| Slug::parse(text).ok().or_else(|| sanitize_slug(text)));
        let from_display = || {
            let base = display
                .map(|name| broadsheet_core::slugify(name, broadsheet_core::SlugStyle::WordPress))
                .and_then(|text| Slug::parse(&text).ok())?;
            Some(broadsheet_core::unique_slug(&base, |candidate| {
                self.authors_by_slug.contains_key(candidate)
            }))
        };
        match author_slugs {
            crate::AuthorSlugs::Login => from_login().or_else(|| {
                display.and_then(|text| Slug::parse(text).ok().or_else(|| sanitize_slug(text)))
            }),
            crate::AuthorSlugs::DisplayName => from_display().or_else(from_login),
        }
    }

    fn authors(&mut self, authors: Vec<RawAuthor>, author_slugs: crate::AuthorSlugs) {
        let claims: Vec<IdOutcome> = authors
            .iter()
            .map(|a| self.author_ids.claim(a.id.as_deref()))
            .collect();
        for (index, (raw, claim)) in authors.into_iter().zip(claims).enumerate() {
            let path = format!("authors[{index}]");
            let id = match claim {
                IdOutcome::Kept(n) => n,
                IdOutcome::Invalid => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.author.id.invalid",
                        path.clone(),
                        "wp:author_id is not a positive integer; the author was given a new id and the text kept for export",
                        raw.loc,
                    );
                    self.author_ids.fresh()
                }
                _ => self.author_ids.fresh(),
            };
            let id = AuthorId(id);
            let login = non_empty(raw.login);
            let display = non_empty(raw.display_name);
            let slug = self
                .author_slug(
                    non_empty(raw.nicename).as_deref(),
                    login.as_deref(),
                    display.as_deref(),
                    author_slugs,
                )
                .unwrap_or_else(|| fallback_slug("author", id.0));
            if login.is_none() {
                self.issues.push(
                    Severity::Warning,
                    "wxr.author.login.missing",
                    path.clone(),
                    "this author has no wp:author_login; posts cannot name it",
                    raw.loc,
                );
            }
            let mut author = Author::new(
                id,
                slug,
                display
                    .clone()
                    .or_else(|| login.clone())
                    .unwrap_or_default(),
            );
            let (source, invalid_id) = split_id(&raw.id);
            author.source_id = source;
            author.first_name = non_empty(raw.first_name);
            author.last_name = non_empty(raw.last_name);
            if let Some(email) = non_empty(raw.email) {
                match Email::parse(&email) {
                    Ok(email) => author.email = Some(email),
                    Err(error) => {
                        self.issues.push(
                            Severity::Error,
                            "wxr.author.email.invalid",
                            format!("{path}.email"),
                            format!("{error}; the text was kept"),
                            raw.loc,
                        );
                        author.meta.push_invalid("email", email);
                    }
                }
            }
            if display.is_none() {
                // WordPress shows the login when there is no display name: keep that it was absent.
                author.meta.push(keys::NO_DISPLAY_NAME, "1");
            }
            if login.is_none() {
                author.meta.push(keys::NO_LOGIN, "1");
            }
            // Comments name authors by this text (`wp:comment_user_id`), valid or not.
            if let Some(text) = source_id(&raw.id) {
                self.authors_by_source.entry(text).or_insert(id);
            }
            if let Some(text) = invalid_id {
                author.meta.push(keys::INVALID_ID, text);
            }
            if let Some(login) = &login {
                if self.authors_by_login.contains_key(login) {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.author.login.duplicate",
                        path.clone(),
                        format!("login {login:?} is declared twice; posts name the first"),
                        raw.loc,
                    );
                } else {
                    self.authors_by_login.insert(login.clone(), id);
                }
            }
            author.login = login;
            self.authors_by_slug
                .entry(author.slug.as_str().to_owned())
                .or_insert(id);
            self.site.authors.push(author);
        }
    }

    fn terms(&mut self, terms: Vec<RawTerm>) {
        let claims: Vec<IdOutcome> = terms
            .iter()
            .map(|t| self.term_ids.claim(t.id.as_deref()))
            .collect();
        let mut parents = Vec::with_capacity(terms.len());
        for (index, (raw, claim)) in terms.into_iter().zip(claims).enumerate() {
            let path = format!("terms[{index}]");
            let id = match claim {
                IdOutcome::Kept(n) => n,
                IdOutcome::Duplicate => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.term.id.duplicate",
                        path.clone(),
                        format!(
                            "term id {} is used twice; this term got a new id",
                            raw.id.as_deref().unwrap_or("").trim()
                        ),
                        raw.loc,
                    );
                    self.term_ids.fresh()
                }
                IdOutcome::Invalid => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.term.id.invalid",
                        path.clone(),
                        "wp:term_id is not a positive integer; the term was given a new id and the text kept for export",
                        raw.loc,
                    );
                    self.term_ids.fresh()
                }
                _ => self.term_ids.fresh(),
            };
            let id = TermId(id);
            let taxonomy = match raw.element {
                TermElement::Category => Taxonomy::Category,
                TermElement::Tag => Taxonomy::Tag,
                TermElement::Term => {
                    let name = raw.taxonomy.unwrap_or_default();
                    if name.is_empty() {
                        self.issues.push(
                            Severity::Warning,
                            "wxr.term.taxonomy.missing",
                            path.clone(),
                            "this wp:term has no wp:term_taxonomy; it was read as a category",
                            raw.loc,
                        );
                        Taxonomy::Category
                    } else {
                        Taxonomy::from(name)
                    }
                }
            };
            let name = raw.name.unwrap_or_default();
            let raw_slug = raw.slug.unwrap_or_default();
            let mut meta = Meta::new();
            for (key, value) in raw.meta {
                meta.push(key, value);
            }
            let slug = match Slug::parse(&raw_slug) {
                Ok(slug) => slug,
                Err(error) => {
                    let slug = sanitize_slug(&raw_slug)
                        .or_else(|| sanitize_slug(&name))
                        .unwrap_or_else(|| fallback_slug("term", id.0));
                    self.issues.push(
                        Severity::Warning,
                        "wxr.term.slug.invalid",
                        format!("{path}.slug"),
                        format!("{error} ({raw_slug:?}); the term was given the slug {slug:?} and the original kept for export"),
                        raw.loc,
                    );
                    meta.push_invalid("slug", raw_slug.clone());
                    slug
                }
            };
            let mut term = Term::new(id, taxonomy.clone(), name, slug);
            let (source, invalid_id) = split_id(&raw.id);
            term.source_id = source;
            term.description = raw.description.unwrap_or_default();
            if let Some(text) = invalid_id {
                meta.push(keys::INVALID_ID, text);
            }
            term.meta = meta;
            let by_slug = self
                .terms_by_slug
                .entry(taxonomy.as_str().to_owned())
                .or_default();
            if by_slug.contains_key(term.slug.as_str()) {
                self.issues.push(
                    Severity::Warning,
                    "wxr.term.slug.duplicate",
                    path.clone(),
                    format!(
                        "{} {:?} is declared twice; items name the first",
                        taxonomy.as_str(),
                        term.slug.as_str()
                    ),
                    raw.loc,
                );
            } else {
                by_slug.insert(term.slug.as_str().to_owned(), id);
            }
            if !raw_slug.is_empty() && raw_slug != term.slug.as_str() {
                by_slug.entry(raw_slug).or_insert(id);
            }
            self.terms_by_name
                .entry(taxonomy.as_str().to_owned())
                .or_default()
                .entry(term.name.clone())
                .or_insert(id);
            parents.push((
                raw.parent.filter(|p| !p.is_empty() && p != "0"),
                raw.loc,
                path,
            ));
            self.term_index.insert(id, self.site.terms.len());
            self.site.terms.push(term);
        }
        for (index, (parent, loc, path)) in parents.into_iter().enumerate() {
            let Some(parent) = parent else { continue };
            let taxonomy = self.site.terms[index].taxonomy.as_str().to_owned();
            let found = self
                .terms_by_slug
                .get(&taxonomy)
                .and_then(|m| m.get(&parent))
                .copied()
                .filter(|&p| p != self.site.terms[index].id);
            let term = &mut self.site.terms[index];
            match found {
                Some(parent_id) => term.parent = Some(parent_id),
                None => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.term.parent.unknown",
                        format!("{path}.parent"),
                        format!("parent {parent:?} is not a declared {taxonomy} slug; it was kept for export"),
                        loc,
                    );
                    term.meta.push(keys::TERM_PARENT, parent);
                }
            }
        }
    }

    fn items(&mut self, items: Vec<RawItem>) {
        let zone = self.site.time_zone;
        let mut post_ids = IdPool::new();
        let claims: Vec<IdOutcome> = items
            .iter()
            .map(|i| post_ids.claim(i.post_id.as_deref()))
            .collect();
        let mut ids = Vec::with_capacity(items.len());
        let mut by_source: HashMap<String, PostId> = HashMap::new();
        for (item, claim) in items.iter().zip(claims) {
            let id = match claim {
                IdOutcome::Kept(n) => n,
                IdOutcome::Missing => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.item.id.missing",
                        item_path(item),
                        "this item has no wp:post_id; it was given a new id",
                        item.loc,
                    );
                    post_ids.fresh()
                }
                IdOutcome::Duplicate => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.item.id.duplicate",
                        item_path(item),
                        "another item has the same wp:post_id; this one was kept with a new id (its original id stays its source id)",
                        item.loc,
                    );
                    post_ids.fresh()
                }
                IdOutcome::Invalid => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.item.id.invalid",
                        item_path(item),
                        "wp:post_id is not a positive integer; the item was given a new id",
                        item.loc,
                    );
                    post_ids.fresh()
                }
            };
            if let Some(source) = source_id(&item.post_id) {
                by_source.entry(source).or_insert(PostId(id));
            }
            ids.push(PostId(id));
        }
        // Comment ids are global in WordPress.
        let mut comment_ids = IdPool::new();
        let mut comment_claims = Vec::new();
        for item in &items {
            for comment in &item.comments {
                comment_claims.push(comment_ids.claim(comment.id.as_deref()));
            }
        }
        let mut comment_by_source: HashMap<String, CommentId> = HashMap::new();
        let mut claims = comment_claims.into_iter();
        let mut comment_id_list = Vec::new();
        for item in &items {
            for comment in &item.comments {
                let id = match claims.next() {
                    Some(IdOutcome::Kept(n)) => n,
                    Some(IdOutcome::Duplicate) => {
                        self.issues.push(
                            Severity::Warning,
                            "wxr.comment.id.duplicate",
                            format!("{}.comment[comment_id={}]", item_path(item), comment.id.as_deref().unwrap_or("").trim()),
                            "another comment has the same wp:comment_id; this one was kept with a new id",
                            comment.loc,
                        );
                        comment_ids.fresh()
                    }
                    Some(IdOutcome::Invalid) => {
                        self.issues.push(
                            Severity::Warning,
                            "wxr.comment.id.invalid",
                            format!("{}.comment[comment_id={}]", item_path(item), comment.id.as_deref().unwrap_or("").trim()),
                            "wp:comment_id is not a positive integer; the comment was given a new id and the text kept for export",
                            comment.loc,
                        );
                        comment_ids.fresh()
                    }
                    _ => comment_ids.fresh(),
                };
                if let Some(source) = source_id(&comment.id) {
                    comment_by_source.entry(source).or_insert(CommentId(id));
                }
                comment_id_list.push(CommentId(id));
            }
        }
        let mut comment_id_iter = comment_id_list.into_iter();
        self.site.posts.reserve(items.len());
        for (item, id) in items.into_iter().zip(ids) {
            let comments = self.post(item, id, &by_source, &zone);
            for raw in comments {
                let Some(comment_id) = comment_id_iter.next() else {
                    break;
                };
                self.comment(raw, comment_id, id, &comment_by_source, &zone);
            }
        }
    }

    fn post(
        &mut self,
        item: RawItem,
        id: PostId,
        by_source: &HashMap<String, PostId>,
        zone: &SiteTimeZone,
    ) -> Vec<RawComment> {
        let path = item_path(&item);
        let loc = item.loc;
        let RawItem {
            title,
            link,
            pub_date,
            creator,
            creator_loc,
            guid,
            guid_is_permalink,
            description,
            content,
            excerpt,
            post_id,
            post_date,
            post_date_gmt,
            post_modified,
            post_modified_gmt,
            comment_status,
            ping_status,
            post_name,
            status,
            post_parent,
            menu_order,
            post_type,
            post_password,
            is_sticky,
            attachment_url,
            categories,
            meta,
            comments,
            ..
        } = item;
        let kind = post_type
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(PostKind::from)
            .unwrap_or(PostKind::Post);
        let status = match status.as_deref().map(str::trim) {
            None | Some("") => PostStatus::Draft,
            Some("publish") => PostStatus::Published,
            Some("future") => PostStatus::Scheduled,
            Some(other) => PostStatus::from(other),
        };
        let mut tail = Meta::new();
        let slug = match non_empty(post_name) {
            None => None,
            Some(raw) => match Slug::parse(&raw) {
                Ok(slug) => Some(slug),
                Err(error) => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.item.slug.invalid",
                        format!("{path}.slug"),
                        format!("{error} ({raw:?}); the item has no slug and the original was kept for export"),
                        loc,
                    );
                    tail.push_invalid("slug", raw);
                    None
                }
            },
        };
        let mut post = Post {
            id,
            source_id: source_id(&post_id).filter(|raw| is_wxr_id(raw)),
            kind,
            status,
            title: title.unwrap_or_default(),
            slug,
            content: content.unwrap_or_default(),
            excerpt: non_empty(excerpt),
            authors: Vec::new(),
            terms: Vec::new(),
            sticky: false,
            password: non_empty(post_password),
            parent: None,
            menu_order: 0,
            format: None,
            featured_media: None,
            comments_open: true,
            pings_open: true,
            published: None,
            modified: None,
            guid: non_empty(guid),
            meta: Meta::new(),
        };
        for (key, value) in meta {
            post.meta.push(key, value);
        }
        match source_id(&post_id) {
            None => tail.push(keys::NO_POST_ID, "1"),
            // Reported as `wxr.item.id.invalid`; kept so that export writes it back.
            Some(raw) if !is_wxr_id(&raw) => tail.push(keys::INVALID_POST_ID, raw),
            Some(_) => {}
        }
        match date_pair(
            post_date.as_deref(),
            post_date_gmt.as_deref(),
            zone,
            "post_date",
            &mut tail,
        ) {
            Ok(date) => post.published = date,
            Err(why) => self.issues.push(
                Severity::Error,
                "wxr.date.invalid",
                format!("{path}.published"),
                format!("{why}; the text was kept"),
                loc,
            ),
        }
        match date_pair(
            post_modified.as_deref(),
            post_modified_gmt.as_deref(),
            zone,
            "post_modified",
            &mut tail,
        ) {
            Ok(date) => post.modified = date,
            Err(why) => self.issues.push(
                Severity::Error,
                "wxr.date.invalid",
                format!("{path}.modified"),
                format!("{why}; the text was kept"),
                loc,
            ),
        }
        if post_modified.is_some() && post.modified.is_none() {
            tail.push(keys::HAS_MODIFIED, "1");
        }
        for (flag, raw, key) in [
            (
                &mut post.comments_open,
                comment_status,
                keys::COMMENT_STATUS,
            ),
            (&mut post.pings_open, ping_status, keys::PING_STATUS),
        ] {
            match raw.as_deref().map(str::trim) {
                None | Some("open") => *flag = true,
                Some("closed") => *flag = false,
                Some(other) => {
                    *flag = false;
                    tail.push(key, other);
                }
            }
        }
        if let Some(raw) = menu_order.filter(|m| !m.is_empty()) {
            match raw.trim().parse::<i64>() {
                Ok(order) => post.menu_order = order,
                Err(_) => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.item.menu_order.invalid",
                        format!("{path}.menu_order"),
                        format!("menu_order {raw:?} is not an integer; it was kept for export"),
                        loc,
                    );
                    tail.push_invalid("menu_order", raw);
                }
            }
        }
        post.sticky = is_sticky
            .as_deref()
            .map(str::trim)
            .and_then(|s| s.parse::<i64>().ok())
            .is_some_and(|n| n != 0);
        if let Some(parent) = post_parent
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "0")
        {
            match by_source.get(parent) {
                Some(&parent_id) if parent_id != id => post.parent = Some(parent_id),
                _ => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.item.parent.unknown",
                        format!("{path}.parent"),
                        format!("post_parent {parent} is not an item of this file; it was kept for export"),
                        loc,
                    );
                    tail.push(keys::POST_PARENT, parent);
                }
            }
        }
        // Authors: the creator first, then co-authors (Co-Authors Plus `author` terms).
        if let Some(login) = creator.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            let author = self.author_for_creator(login, &path, creator_loc);
            post.authors.push(author);
        }
        self.categories(&mut post, categories, &path);
        if let Some(link) = link {
            tail.push(keys::LINK, link);
        }
        if let Some(raw) = pub_date
            && derived_pub_date(post.published.as_ref()).as_deref() != Some(raw.trim())
        {
            tail.push(keys::PUB_DATE, raw);
        }
        if let Some(description) = non_empty(description) {
            tail.push(keys::DESCRIPTION, description);
        }
        if let Some(value) = guid_is_permalink
            && value != "false"
        {
            tail.push(keys::GUID_IS_PERMALINK, value);
        }
        if let Some(url) = attachment_url {
            tail.push(keys::ATTACHMENT_URL, url);
        }
        post.meta.0.extend(tail.0);
        self.site.posts.push(post);
        comments
    }

    fn term(&self, id: TermId) -> Option<&Term> {
        self.term_index.get(&id).map(|&i| &self.site.terms[i])
    }

    fn author_for_creator(&mut self, login: &str, path: &str, loc: Loc) -> AuthorId {
        if let Some(&id) = self.authors_by_login.get(login) {
            return id;
        }
        let id = AuthorId(self.author_ids.fresh());
        let slug = Slug::parse(login)
            .ok()
            .or_else(|| sanitize_slug(login))
            .unwrap_or_else(|| fallback_slug("author", id.0));
        self.issues.push(
            Severity::Warning,
            "wxr.author.unknown",
            format!("{path}.creator"),
            format!(
                "dc:creator {login:?} is not a declared wp:author; an author was created for it"
            ),
            loc,
        );
        let mut author = Author::new(id, slug, login);
        author.login = Some(login.to_owned());
        author.meta.push(keys::UNDECLARED, "1");
        self.authors_by_login.insert(login.to_owned(), id);
        self.authors_by_slug
            .entry(author.slug.as_str().to_owned())
            .or_insert(id);
        self.site.authors.push(author);
        id
    }

    fn co_author(&self, nicename: &str) -> Option<AuthorId> {
        self.authors_by_login
            .get(nicename)
            .or_else(|| {
                nicename
                    .strip_prefix("cap-")
                    .and_then(|login| self.authors_by_login.get(login))
            })
            .or_else(|| self.authors_by_slug.get(nicename))
            .copied()
    }

    fn categories(&mut self, post: &mut Post, categories: Vec<RawCategory>, path: &str) {
        // What the post already links, so that an item with N categories costs N look-ups,
        // not N² comparisons: terms, co-authors, and (taxonomy, name) of its terms.
        let mut linked_terms: HashSet<TermId> = post.terms.iter().copied().collect();
        let mut linked_authors: HashSet<AuthorId> = post.authors.iter().copied().collect();
        let mut linked_names: HashSet<(String, String)> = post
            .terms
            .iter()
            .filter_map(|t| self.term(*t))
            .map(|term| (term.taxonomy.as_str().to_owned(), term.name.clone()))
            .collect();
        for (index, category) in categories.into_iter().enumerate() {
            let taxonomy = match category.domain.as_deref().map(str::trim) {
                None | Some("") => Taxonomy::Category,
                Some("tag") => Taxonomy::Tag,
                Some(domain) => Taxonomy::from(domain),
            };
            let nicename_owned = category
                .nicename
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            let nicename = nicename_owned.as_deref();
            let tax_name = taxonomy.as_str().to_owned();
            if tax_name == "author"
                && let Some(nicename) = nicename
                && let Some(author) = self.co_author(nicename)
            {
                if linked_authors.insert(author) {
                    post.authors.push(author);
                }
                // Keep a declared `author` term too, for export.
                if let Some(&term) = self
                    .terms_by_slug
                    .get("author")
                    .and_then(|m| m.get(nicename))
                    && linked_terms.insert(term)
                {
                    post.terms.push(term);
                    if let Some(term) = self.term(term) {
                        linked_names.insert((term.taxonomy.as_str().to_owned(), term.name.clone()));
                    }
                }
                continue;
            }
            let found = match nicename {
                Some(slug) => self
                    .terms_by_slug
                    .get(&tax_name)
                    .and_then(|m| m.get(slug))
                    .copied(),
                None => {
                    // WXR 1.0: a category named only by its text.
                    if linked_names.contains(&(tax_name.clone(), category.name.clone())) {
                        continue;
                    }
                    self.terms_by_name
                        .get(&tax_name)
                        .and_then(|m| m.get(&category.name))
                        .copied()
                }
            };
            let term = match found {
                Some(term) => term,
                None => self.undeclared_term(taxonomy, nicename, category, path, index),
            };
            if nicename.is_some()
                && let Some(&at) = self.term_index.get(&term)
            {
                // Named by slug after all: the term is no longer known by name only.
                let meta = &mut self.site.terms[at].meta;
                meta.0.retain(|e| e.key != keys::NO_NICENAME);
            }
            if linked_terms.insert(term) {
                post.terms.push(term);
                if let Some(term) = self.term(term) {
                    linked_names.insert((term.taxonomy.as_str().to_owned(), term.name.clone()));
                }
            }
        }
        if post.format.is_none() {
            for term in &post.terms {
                if let Some(term) = self.term(*term)
                    && term.taxonomy.as_str() == "post_format"
                    && let Some(format) = term.slug.as_str().strip_prefix("post-format-")
                {
                    post.format = Some(format.to_owned());
                    break;
                }
            }
        }
    }

    fn undeclared_term(
        &mut self,
        taxonomy: Taxonomy,
        nicename: Option<&str>,
        category: RawCategory,
        path: &str,
        index: usize,
    ) -> TermId {
        let id = TermId(self.term_ids.fresh());
        let mut meta = Meta::new();
        meta.push(keys::UNDECLARED, "1");
        let slug = match nicename {
            Some(raw) => match Slug::parse(raw) {
                Ok(slug) => slug,
                Err(_) => {
                    meta.push_invalid("slug", raw);
                    sanitize_slug(raw).unwrap_or_else(|| fallback_slug("term", id.0))
                }
            },
            None => {
                meta.push(keys::NO_NICENAME, "1");
                sanitize_slug(&category.name).unwrap_or_else(|| fallback_slug("term", id.0))
            }
        };
        self.issues.push(
            Severity::Warning,
            "wxr.term.undeclared",
            format!("{path}.category[{index}]"),
            format!(
                "{} {:?} ({:?}) is used but not declared in the channel; it was created",
                taxonomy.as_str(),
                nicename.unwrap_or(slug.as_str()),
                category.name
            ),
            category.loc,
        );
        let tax_name = taxonomy.as_str().to_owned();
        let by_slug = self.terms_by_slug.entry(tax_name.clone()).or_default();
        by_slug.entry(slug.as_str().to_owned()).or_insert(id);
        if let Some(raw) = nicename {
            by_slug.entry(raw.to_owned()).or_insert(id);
        }
        self.terms_by_name
            .entry(tax_name)
            .or_default()
            .entry(category.name.clone())
            .or_insert(id);
        let mut term = Term::new(id, taxonomy, category.name, slug);
        term.meta = meta;
        self.term_index.insert(id, self.site.terms.len());
        self.site.terms.push(term);
        id
    }

    fn comment(
        &mut self,
        raw: RawComment,
        id: CommentId,
        post: PostId,
        by_source: &HashMap<String, CommentId>,
        zone: &SiteTimeZone,
    ) {
        let path = format!(
            "item[post_id={}].comment[comment_id={}]",
            post.0,
            raw.id.as_deref().unwrap_or("").trim()
        );
        let loc = raw.loc;
        let mut comment = Comment::new(
            id,
            post,
            raw.author.unwrap_or_default(),
            raw.content.unwrap_or_default(),
        );
        let (source, invalid_id) = split_id(&raw.id);
        comment.source_id = source;
        let mut tail = Meta::new();
        match invalid_id {
            Some(text) => tail.push(keys::INVALID_ID, text),
            None if comment.source_id.is_none() => tail.push(keys::NO_COMMENT_ID, "1"),
            None => {}
        }
        if let Some(email) = non_empty(raw.author_email) {
            match Email::parse(&email) {
                Ok(email) => comment.author_email = Some(email),
                Err(error) => {
                    self.issues.push(
                        Severity::Error,
                        "wxr.comment.email.invalid",
                        format!("{path}.author_email"),
                        format!("{error}; the text was kept"),
                        loc,
                    );
                    tail.push_invalid("author_email", email);
                }
            }
        }
        if let Some(url) = non_empty(raw.author_url) {
            match Url::parse(&url) {
                Ok(url) => comment.author_url = Some(url),
                Err(error) => {
                    self.issues.push(
                        Severity::Error,
                        "wxr.comment.url.invalid",
                        format!("{path}.author_url"),
                        format!("{error}; the text was kept"),
                        loc,
                    );
                    tail.push_invalid("author_url", url);
                }
            }
        }
        comment.author_ip = non_empty(raw.author_ip);
        match date_pair(
            raw.date.as_deref(),
            raw.date_gmt.as_deref(),
            zone,
            "comment_date",
            &mut tail,
        ) {
            Ok(date) => comment.date = date,
            Err(why) => self.issues.push(
                Severity::Error,
                "wxr.date.invalid",
                format!("{path}.date"),
                format!("{why}; the text was kept"),
                loc,
            ),
        }
        comment.status = match raw.approved.as_deref().map(str::trim) {
            None | Some("1") => CommentStatus::Approved,
            Some("0") => CommentStatus::Pending,
            Some("spam") => CommentStatus::Spam,
            Some("trash") => CommentStatus::Trash,
            Some("post-trashed") => {
                tail.push(keys::COMMENT_APPROVED, "post-trashed");
                CommentStatus::Trash
            }
            Some(other) => {
                self.issues.push(
                    Severity::Warning,
                    "wxr.comment.status.unknown",
                    format!("{path}.status"),
                    format!("comment_approved {other:?} is not 1, 0, spam or trash; the comment is pending and the value was kept for export"),
                    loc,
                );
                tail.push(keys::COMMENT_APPROVED, other);
                CommentStatus::Pending
            }
        };
        comment.kind = match raw.kind.as_deref().map(str::trim) {
            None | Some("") | Some("comment") => CommentKind::Comment,
            Some(other) => CommentKind::from(other),
        };
        if let Some(parent) = raw
            .parent
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "0")
        {
            match by_source.get(parent) {
                Some(&parent_id) if parent_id != id => comment.parent = Some(parent_id),
                _ => {
                    self.issues.push(
                        Severity::Warning,
                        "wxr.comment.parent.unknown",
                        format!("{path}.parent"),
                        format!("comment_parent {parent} is not a comment of this file; it was kept for export"),
                        loc,
                    );
                    tail.push(keys::COMMENT_PARENT, parent);
                }
            }
        }
        if let Some(user) = raw
            .user_id
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty() && *u != "0")
        {
            match self.authors_by_source.get(user) {
                Some(&author) => comment.user = Some(author),
                None => tail.push(keys::COMMENT_USER_ID, user),
            }
        }
        for (key, value) in raw.meta {
            comment.meta.push(key, value);
        }
        comment.meta.0.extend(tail.0);
        self.site.comments.push(comment);
    }
}

fn item_path(item: &RawItem) -> String {
    match item.post_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => format!("item[post_id={id}]"),
        _ => format!("item[line={}]", item.loc.line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_made_safe() {
        assert_eq!(
            sanitize_slug("Company News").unwrap().as_str(),
            "company-news"
        );
        assert_eq!(sanitize_slug("  a / b?c  ").unwrap().as_str(), "a-b-c");
        assert!(sanitize_slug(" \t ").is_none());
    }

    #[test]
    fn wordpress_dates() {
        assert!(matches!(wp_date(Some("0000-00-00 00:00:00")), WpDate::Zero));
        assert!(matches!(wp_date(None), WpDate::Zero));
        assert!(matches!(
            wp_date(Some("2013-02-30 10:00:00")),
            WpDate::Invalid
        ));
        match wp_date(Some(" 2013-01-18 18:26:05 ")) {
            WpDate::Date(date) => assert_eq!(date.to_string(), "2013-01-18 18:26:05"),
            _ => panic!("a date"),
        }
        // The fast path and chrono agree.
        let text = "1999-12-31 23:59:59";
        assert_eq!(
            fast_wp_date(text.as_bytes()),
            NaiveDateTime::parse_from_str(text, WP_DATE).ok()
        );
        let utc = NaiveDateTime::parse_from_str("2013-01-19 02:26:00", WP_DATE).unwrap();
        let local = NaiveDateTime::parse_from_str("2013-01-18 18:26:00", WP_DATE).unwrap();
        let stamp = Timestamp::from_local_and_utc(local, utc).unwrap();
        assert_eq!(
            derived_pub_date(Some(&stamp)).unwrap(),
            "Sat, 19 Jan 2013 02:26:00 +0000"
        );
    }

    #[test]
    fn parents_move_before_children_only_when_needed() {
        let slug = |s: &str| Slug::parse(s).unwrap();
        let mut child = Term::new(TermId(1), Taxonomy::Category, "c", slug("c"));
        child.parent = Some(TermId(3));
        let other = Term::new(TermId(2), Taxonomy::Tag, "o", slug("o"));
        let mut middle = Term::new(TermId(3), Taxonomy::Category, "m", slug("m"));
        middle.parent = Some(TermId(4));
        let root = Term::new(TermId(4), Taxonomy::Category, "r", slug("r"));
        let ordered = parents_first(vec![child, other.clone(), middle, root]);
        let ids: Vec<u64> = ordered.iter().map(|t| t.id.0).collect();
        assert_eq!(ids, [4, 3, 1, 2]);
        // Already in order: unchanged.
        let again = parents_first(ordered.clone());
        assert_eq!(again, ordered);
        // A cycle does not loop.
        let mut a = Term::new(TermId(1), Taxonomy::Category, "a", slug("a"));
        a.parent = Some(TermId(2));
        let mut b = Term::new(TermId(2), Taxonomy::Category, "b", slug("b"));
        b.parent = Some(TermId(1));
        assert_eq!(parents_first(vec![a, b]).len(), 2);
    }

    #[test]
    fn id_pool_keeps_file_ids_and_fills_after_the_largest() {
        let mut pool = IdPool::new();
        assert!(matches!(pool.claim(Some(" 7 ")), IdOutcome::Kept(7)));
        assert!(matches!(pool.claim(Some("7")), IdOutcome::Duplicate));
        assert!(matches!(pool.claim(Some("-3")), IdOutcome::Invalid));
        assert!(matches!(pool.claim(Some("0")), IdOutcome::Invalid));
        assert!(matches!(pool.claim(None), IdOutcome::Missing));
        assert!(matches!(pool.claim(Some("2")), IdOutcome::Kept(2)));
        assert_eq!(pool.fresh(), 8);
        assert_eq!(pool.fresh(), 9);
    }
}
