//! Permalinks: the public URL of a post, a page, a term archive and an author archive, built
//! from the site's permalink structure the way WordPress builds them.
//!
//! A [`PermalinkStructure`] is parsed from WordPress's structure tags
//! (`/%year%/%monthnum%/%day%/%postname%/`, the default). An empty structure is WordPress's
//! "plain" setting: `?p=123`. Dates use the site's local calendar
//! ([`Timestamp::local_date`](crate::Timestamp::local_date)), so a post published at
//! 02:00 UTC on 31 May on a site in New York lives under `/2013/05/30/`.
//!
//! A site keeps its structure in [`SiteSettings::meta`](crate::SiteSettings::meta) under [`PERMALINK_STRUCTURE_KEY`]
//! (WordPress's option name); [`PermalinkStructure::of`] reads it (from a `Site` or a
//! `Snapshot`), falling back to
//! [`DEFAULT_PERMALINK_STRUCTURE`]. The optional keys [`TAG_BASE_KEY`] and
//! [`CATEGORY_BASE_KEY`] change the `tag` and `category` prefixes of term archives, as
//! WordPress's options of the same names do.
//!
//! ```
//! use broadsheet_core::permalink::PermalinkStructure;
//! use broadsheet_core::{Post, PostId, Site, SiteTimeZone, Slug, Timestamp, Url};
//!
//! let mut site = Site::new("Blog");
//! site.settings.url = Some(Url::parse("https://blog.example.org").unwrap());
//! site.settings.time_zone = SiteTimeZone::parse("America/New_York").unwrap();
//! let mut post = Post::new(PostId(7), "Day of Action", Slug::parse("day-of-action").unwrap());
//! let utc = Timestamp::parse_rfc3339("2013-05-31T02:00:00Z").unwrap().utc();
//! post.published = Some(Timestamp::from_utc(utc, &site.settings.time_zone));
//!
//! let structure = PermalinkStructure::of(&site);
//! assert_eq!(
//!     structure.permalink(&site, &post),
//!     "https://blog.example.org/2013/05/30/day-of-action/"
//! );
//! let plain = PermalinkStructure::parse("").unwrap();
//! assert_eq!(plain.permalink(&site, &post), "https://blog.example.org/?p=7");
//! ```

use crate::author::Author;
use crate::ids::PostId;
use crate::post::{Post, PostKind, PostStatus};
use crate::site::Site;
use crate::site_data::SiteData;
use crate::term::{Taxonomy, Term};
use chrono::{Datelike, Timelike};
use std::collections::HashSet;
use std::fmt;
use thiserror::Error;

/// WordPress's default "day and name" structure.
pub const DEFAULT_PERMALINK_STRUCTURE: &str = "/%year%/%monthnum%/%day%/%postname%/";

/// The [`SiteSettings::meta`](crate::SiteSettings::meta) key holding the site's permalink structure (WordPress's option name). An
/// empty value means plain links (`?p=123`); no entry means [`DEFAULT_PERMALINK_STRUCTURE`].
pub const PERMALINK_STRUCTURE_KEY: &str = "permalink_structure";

/// The [`SiteSettings::meta`](crate::SiteSettings::meta) key holding the prefix of tag archives (default `tag`).
pub const TAG_BASE_KEY: &str = "tag_base";

/// The [`SiteSettings::meta`](crate::SiteSettings::meta) key holding the prefix of category archives (default `category`).
pub const CATEGORY_BASE_KEY: &str = "category_base";

/// The post [`Meta`](crate::Meta) key holding an item's own link, kept by an importer when
/// no structure reproduces the link the source gave (a path relative to the site's home, or
/// an absolute URL on another host). [`PermalinkStructure::path`] returns it as it is.
/// Writers leave `broadsheet:` keys out of their output.
pub const OWN_LINK_KEY: &str = "broadsheet:link";

/// The slug WordPress gives its default category, used for `%category%` when a post has none.
pub const DEFAULT_CATEGORY_SLUG: &str = "uncategorized";

/// Why a permalink structure could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum PermalinkError {
    /// A `%tag%` that WordPress does not define.
    #[error(
        "unknown permalink tag %{tag}% at byte {at}: the tags are %year% %monthnum% %day% %hour% %minute% %second% %post_id% %postname% %category% %author%"
    )]
    UnknownTag {
        /// The tag's name, without the `%` signs.
        tag: String,
        /// Byte offset of its opening `%`.
        at: usize,
    },
    /// A `%` that opens a tag which is never closed.
    #[error("unclosed permalink tag at byte {at}: a tag is written %name%")]
    UnclosedTag {
        /// Byte offset of the opening `%`.
        at: usize,
    },
    /// The structure contains a character a URL path cannot hold as written.
    #[error("permalink structure contains {found:?} at byte {at}: a structure is a URL path")]
    Character {
        /// The character.
        found: char,
        /// Its byte offset.
        at: usize,
    },
}

/// A structure tag: a part of a post's permalink filled from the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PermalinkTag {
    /// `%year%`: four-digit local year.
    Year,
    /// `%monthnum%`: two-digit local month.
    MonthNum,
    /// `%day%`: two-digit local day of the month.
    Day,
    /// `%hour%`: two-digit local hour.
    Hour,
    /// `%minute%`: two-digit minute.
    Minute,
    /// `%second%`: two-digit second.
    Second,
    /// `%post_id%`: the post's numeric id.
    PostId,
    /// `%postname%`: the post's slug.
    PostName,
    /// `%category%`: the slug path (`parent/child`) of the post's first category.
    Category,
    /// `%author%`: the slug of the post's primary author.
    Author,
}

impl PermalinkTag {
    /// Every tag.
    pub const ALL: [PermalinkTag; 10] = [
        Self::Year,
        Self::MonthNum,
        Self::Day,
        Self::Hour,
        Self::Minute,
        Self::Second,
        Self::PostId,
        Self::PostName,
        Self::Category,
        Self::Author,
    ];

    /// The tag's name as written between `%` signs.
    pub fn name(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::MonthNum => "monthnum",
            Self::Day => "day",
            Self::Hour => "hour",
            Self::Minute => "minute",
            Self::Second => "second",
            Self::PostId => "post_id",
            Self::PostName => "postname",
            Self::Category => "category",
            Self::Author => "author",
        }
    }

    /// The tag with this name (without `%` signs).
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|tag| tag.name() == name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Tag(PermalinkTag),
}

/// A parsed permalink structure: literal path text and [`PermalinkTag`]s, or the plain
/// (`?p=123`) setting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PermalinkStructure {
    text: String,
    segments: Vec<Segment>,
}

impl Default for PermalinkStructure {
    fn default() -> Self {
        Self::parse(DEFAULT_PERMALINK_STRUCTURE).expect("the default structure parses")
    }
}

impl fmt::Display for PermalinkStructure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for PermalinkStructure {
    type Err = PermalinkError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl PermalinkStructure {
    /// A site's permalink structure: the site meta's `permalink_structure` entry (empty means
    /// plain links), or the default structure when there is none or it does not parse.
    pub fn of(site: &dyn SiteData) -> Self {
        site.site_meta()
            .get(PERMALINK_STRUCTURE_KEY)
            .and_then(|text| PermalinkStructure::parse(text).ok())
            .unwrap_or_default()
    }

    /// Parses a structure. Empty (or blank) text is the plain setting. A structure that does
    /// not start with `/` gets one, as WordPress's settings screen adds it.
    ///
    /// ```
    /// use broadsheet_core::permalink::{PermalinkError, PermalinkStructure};
    /// assert!(PermalinkStructure::parse("/%year%/%postname%/").is_ok());
    /// assert!(PermalinkStructure::parse("").unwrap().is_plain());
    /// assert_eq!(
    ///     PermalinkStructure::parse("/%year%/%slug%/"),
    ///     Err(PermalinkError::UnknownTag { tag: "slug".into(), at: 8 })
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Self, PermalinkError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Ok(Self::plain());
        }
        // Offsets in errors refer to `text` as given.
        let lead = text.len() - text.trim_start().len();
        if let Some((at, found)) = trimmed
            .char_indices()
            .find(|&(_, c)| c.is_whitespace() || c.is_control() || c == '?' || c == '#')
        {
            return Err(PermalinkError::Character {
                found,
                at: at + lead,
            });
        }
        let mut segments = Vec::new();
        let mut literal = String::new();
        if !trimmed.starts_with('/') {
            literal.push('/');
        }
        let mut rest = trimmed;
        let mut offset = lead;
        while let Some(open) = rest.find('%') {
            literal.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('%') else {
                return Err(PermalinkError::UnclosedTag { at: offset + open });
            };
            let name = &after[..close];
            let Some(tag) = PermalinkTag::from_name(name) else {
                return Err(PermalinkError::UnknownTag {
                    tag: name.to_owned(),
                    at: offset + open,
                });
            };
            if !literal.is_empty() {
                segments.push(Segment::Literal(std::mem::take(&mut literal)));
            }
            segments.push(Segment::Tag(tag));
            let consumed = open + 1 + close + 1;
            rest = &rest[consumed..];
            offset += consumed;
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            segments.push(Segment::Literal(literal));
        }
        Ok(Self {
            text: text.to_owned(),
            segments,
        })
    }

    /// The plain setting: every post at `?p=<id>`.
    pub fn plain() -> Self {
        Self {
            text: String::new(),
            segments: Vec::new(),
        }
    }

    /// Whether this is the plain setting.
    pub fn is_plain(&self) -> bool {
        self.segments.is_empty()
    }

    /// The structure as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The tags the structure uses, in order.
    pub fn tags(&self) -> impl Iterator<Item = PermalinkTag> + '_ {
        self.segments.iter().filter_map(|segment| match segment {
            Segment::Tag(tag) => Some(*tag),
            Segment::Literal(_) => None,
        })
    }

    /// Whether links end with `/` (WordPress adds a trailing slash to page, term and author
    /// links when the structure ends with one).
    pub fn trailing_slash(&self) -> bool {
        match self.segments.last() {
            Some(Segment::Literal(text)) => text.ends_with('/'),
            _ => false,
        }
    }

    /// The static prefix of the structure before its first tag, up to its last `/`
    /// (`/blog/` for `/blog/%year%/%postname%/`); WordPress puts term and author archives
    /// under it.
    pub fn front(&self) -> String {
        match self.segments.first() {
            Some(Segment::Literal(text)) if self.segments.len() > 1 => {
                let end = text.rfind('/').map_or(0, |i| i + 1);
                let front = &text[..end];
                if front.is_empty() {
                    "/".to_owned()
                } else {
                    front.to_owned()
                }
            }
            Some(Segment::Literal(text)) => {
                // A structure without tags: its whole text up to the last '/'.
                let end = text.rfind('/').map_or(0, |i| i + 1);
                if end == 0 {
                    "/".to_owned()
                } else {
                    text[..end].to_owned()
                }
            }
            _ => "/".to_owned(),
        }
    }

    /// The post's link relative to the site's home: a path (`/2013/05/30/hello/`) or a query
    /// (`/?p=12`).
    ///
    /// Posts use the structure; pages use `/<parent>/<slug>/`; attachments sit under their
    /// parent's link; other kinds use `/<kind>/<slug>/`. Plain links (`/?p=<id>`,
    /// `/?page_id=<id>`, `/?attachment_id=<id>`) are used with the plain structure, for posts
    /// without a slug, for drafts, pending and scheduled posts (as WordPress does, since
    /// their slug may still change), and when a tag cannot be filled (no date for `%year%`,
    /// no author for `%author%`).
    ///
    /// An item holding an own link ([`OWN_LINK_KEY`], kept by an importer where no structure
    /// reproduces the source's link) has that link.
    pub fn path(&self, site: &dyn SiteData, post: &Post) -> String {
        if let Some(own) = own_link(post) {
            return own;
        }
        self.structure_path(site, post)
    }

    /// The post's link under this structure alone, ignoring any own link it holds (an
    /// attachment under a parent that holds one sits under that link).
    pub fn structure_path(&self, site: &dyn SiteData, post: &Post) -> String {
        // Attachments sit under their parent's link, which may be another attachment's: the
        // chain is climbed without recursion (each post once, a loop stops where it closes),
        // then the slugs are appended in one string, so a chain N long costs O(N).
        let mut seen = HashSet::new();
        let mut pending: Vec<&Post> = Vec::new();
        let mut current = post;
        let mut path = loop {
            seen.insert(current.id);
            match self.own_path(site, current, &seen) {
                OwnPath::Done(path) => break path,
                OwnPath::Under(parent) => {
                    pending.push(current);
                    // A parent with a link of its own is the base of the chain below it.
                    if let Some(own) = own_link(parent) {
                        break own;
                    }
                    current = parent;
                }
            }
        };
        if pending.is_empty() {
            return path;
        }
        if path.contains('?') {
            // Under a plain link every attachment of the chain has a plain link too.
            return plain_post_path(post);
        }
        let slash = if self.trailing_slash() { "/" } else { "" };
        for attachment in pending.iter().rev() {
            let slug = attachment.slug.as_ref().map_or("", |slug| slug.as_str());
            path.truncate(path.trim_end_matches('/').len());
            path.push('/');
            path.push_str(slug);
            path.push_str(slash);
        }
        path
    }

    /// A post's link when it does not depend on a parent's; for an attachment with a parent
    /// (not yet in `seen`), that parent.
    fn own_path<'s>(
        &self,
        site: &'s dyn SiteData,
        post: &Post,
        seen: &HashSet<PostId>,
    ) -> OwnPath<'s> {
        let plain = || OwnPath::Done(plain_post_path(post));
        if self.is_plain() {
            return plain();
        }
        if matches!(
            post.status,
            PostStatus::Draft | PostStatus::Pending | PostStatus::Scheduled
        ) {
            return plain();
        }
        let Some(slug) = post.slug.as_ref() else {
            return plain();
        };
        let slash = if self.trailing_slash() { "/" } else { "" };
        match &post.kind {
            PostKind::Post => self.fill(site, post).map_or_else(plain, OwnPath::Done),
            PostKind::Page => match page_path(site, post) {
                Some(path) => OwnPath::Done(format!("/{path}{slash}")),
                None => plain(),
            },
            PostKind::Attachment => match post
                .parent
                .filter(|id| !seen.contains(id))
                .and_then(|id| site.post(id))
            {
                Some(parent) => OwnPath::Under(parent),
                None => OwnPath::Done(format!("/{slug}{slash}")),
            },
            PostKind::Other(kind) => OwnPath::Done(format!("/{kind}/{slug}{slash}")),
        }
    }

    fn fill(&self, site: &dyn SiteData, post: &Post) -> Option<String> {
        let mut out = String::new();
        let date = || post.published.map(|time| time.naive_local());
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Tag(tag) => {
                    let value = match tag {
                        PermalinkTag::Year => format!("{:04}", date()?.year()),
                        PermalinkTag::MonthNum => format!("{:02}", date()?.month()),
                        PermalinkTag::Day => format!("{:02}", date()?.day()),
                        PermalinkTag::Hour => format!("{:02}", date()?.hour()),
                        PermalinkTag::Minute => format!("{:02}", date()?.minute()),
                        PermalinkTag::Second => format!("{:02}", date()?.second()),
                        PermalinkTag::PostId => post.id.get().to_string(),
                        PermalinkTag::PostName => post.slug.as_ref()?.to_string(),
                        PermalinkTag::Category => post
                            .terms
                            .iter()
                            .filter_map(|id| site.term(*id))
                            .find(|term| term.taxonomy == Taxonomy::Category)
                            .map_or_else(
                                || DEFAULT_CATEGORY_SLUG.to_owned(),
                                |term| term_slug_path(site, term),
                            ),
                        PermalinkTag::Author => site
                            .author(post.primary_author()?)?
                            .slug
                            .as_str()
                            .to_owned(),
                    };
                    out.push_str(&value);
                }
            }
        }
        Some(out)
    }

    /// The post's absolute permalink (`https://example.org/2013/05/30/hello/`), or the
    /// relative [`path`](Self::path) when the site has no URL.
    pub fn permalink(&self, site: &dyn SiteData, post: &Post) -> String {
        absolute(site, &self.path(site, post))
    }

    /// The archive link of a term, relative to the site's home: `/tag/<slug>/`,
    /// `/category/<parent>/<child>/`, `/<taxonomy>/<slug>/` for other taxonomies; with the
    /// plain structure `/?tag=<slug>`, `/?cat=<id>`, `/?<taxonomy>=<slug>`.
    pub fn term_path(&self, site: &dyn SiteData, term: &Term) -> String {
        if self.is_plain() {
            return match &term.taxonomy {
                Taxonomy::Tag => format!("/?tag={}", query_value(term.slug.as_str())),
                Taxonomy::Category => format!("/?cat={}", term.id.get()),
                Taxonomy::Other(name) => {
                    format!(
                        "/?{}={}",
                        query_value(name),
                        query_value(term.slug.as_str())
                    )
                }
            };
        }
        let base = match &term.taxonomy {
            Taxonomy::Tag => base_setting(site, TAG_BASE_KEY, "tag"),
            Taxonomy::Category => base_setting(site, CATEGORY_BASE_KEY, "category"),
            Taxonomy::Other(name) => name.clone(),
        };
        let path = if term.taxonomy.is_hierarchical() {
            term_slug_path(site, term)
        } else {
            term.slug.as_str().to_owned()
        };
        let slash = if self.trailing_slash() { "/" } else { "" };
        format!("{}{base}/{path}{slash}", self.front())
    }

    /// The term archive's absolute URL (relative when the site has no URL).
    pub fn term_link(&self, site: &dyn SiteData, term: &Term) -> String {
        absolute(site, &self.term_path(site, term))
    }

    /// The author archive link relative to the site's home: `/author/<slug>/`, or
    /// `/?author=<id>` with the plain structure.
    pub fn author_path(&self, author: &Author) -> String {
        if self.is_plain() {
            return format!("/?author={}", author.id.get());
        }
        let slash = if self.trailing_slash() { "/" } else { "" };
        format!("{}author/{}{slash}", self.front(), author.slug)
    }

    /// The author archive's absolute URL (relative when the site has no URL).
    pub fn author_link(&self, site: &dyn SiteData, author: &Author) -> String {
        absolute(site, &self.author_path(author))
    }

    /// The site's home: its URL with a trailing `/`, or `/` when it has none.
    pub fn home(site: &dyn SiteData) -> String {
        absolute(site, "/")
    }
}

impl Site {
    /// Stores a permalink structure in [`SiteSettings::meta`](crate::SiteSettings::meta), replacing any earlier entry.
    pub fn set_permalink_structure(&mut self, structure: &PermalinkStructure) {
        self.settings
            .meta
            .0
            .retain(|entry| entry.key != PERMALINK_STRUCTURE_KEY);
        self.settings
            .meta
            .push(PERMALINK_STRUCTURE_KEY, structure.as_str());
    }

    /// Records the links a source gave its items (`(post, link)` pairs, absolute URLs as a
    /// WXR `<link>` holds them): infers the structure that reproduces most of them
    /// ([`PermalinkStructure::infer`]), stores it in the settings, and keeps an item's own
    /// link ([`OWN_LINK_KEY`]) wherever the structure does not reproduce it, so that every
    /// permalink printed for the item equals the source's link. Returns the structure chosen,
    /// or `None` when no structure reproduces any link (the settings are then left as they
    /// are, and every linked item keeps its own link).
    pub fn adopt_links(&mut self, links: &[(PostId, String)]) -> Option<PermalinkStructure> {
        let home = self
            .settings
            .url
            .as_ref()
            .filter(|u| u.is_web())
            .map(|u| u.as_str().trim_end_matches('/').to_owned());
        let relative = |link: &str| -> Option<String> {
            let home = home.as_deref()?;
            let rest = link.strip_prefix(home)?;
            if rest.is_empty() {
                Some("/".to_owned())
            } else if rest.starts_with('/') {
                Some(rest.to_owned())
            } else {
                None
            }
        };
        let paths: Vec<(PostId, String)> = links
            .iter()
            .filter(|(_, link)| !link.trim().is_empty())
            .map(|(id, link)| {
                (
                    *id,
                    relative(link.trim()).unwrap_or_else(|| link.trim().to_owned()),
                )
            })
            .collect();
        if paths.is_empty() {
            return None;
        }
        // Every id is looked up through an index of the site: a scan per lookup would make
        // this quadratic in the number of posts.
        let indexed = crate::site_data::IndexedSite::new(self);
        let inferred = PermalinkStructure::infer(&indexed, &paths);
        let structure = inferred
            .clone()
            // No structure reproduces any link: the settings stay, each item keeps its own.
            .unwrap_or_else(|| PermalinkStructure::of(self));
        let wanted: std::collections::HashMap<PostId, &str> = paths
            .iter()
            .map(|(id, path)| (*id, path.as_str()))
            .collect();
        // Own links first, so that an attachment under a post with an own link sees it.
        let mut own = Vec::new();
        for (index, post) in self.posts.iter().enumerate() {
            if let Some(path) = wanted.get(&post.id)
                && structure.structure_path(&indexed, post) != *path
            {
                own.push((index, (*path).to_owned()));
            }
        }
        drop(indexed);
        if let Some(structure) = &inferred {
            self.set_permalink_structure(structure);
        }
        for post in &mut self.posts {
            post.meta.0.retain(|entry| entry.key != OWN_LINK_KEY);
        }
        for (index, path) in own {
            self.posts[index].meta.push(OWN_LINK_KEY, path);
        }
        inferred
    }

    /// Applies what a user says about the site's addresses over what its file says: a new
    /// site URL, and a new permalink structure (which drops the own links an importer kept,
    /// since they described the old structure).
    pub fn override_addresses(&mut self, overrides: &AddressOverrides) {
        if let Some(url) = &overrides.site_url {
            self.settings.url = Some(url.clone());
        }
        if let Some(structure) = &overrides.permalink_structure {
            self.set_permalink_structure(structure);
            for post in &mut self.posts {
                post.meta.0.retain(|entry| entry.key != OWN_LINK_KEY);
            }
        }
    }
}

/// A site URL and a permalink structure given by a user (`--site-url`,
/// `--permalink-structure`), overriding what a file says; see [`Site::override_addresses`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressOverrides {
    /// The site's URL (its home).
    pub site_url: Option<crate::values::Url>,
    /// The permalink structure of posts.
    pub permalink_structure: Option<PermalinkStructure>,
}

impl AddressOverrides {
    /// Whether nothing is overridden.
    pub fn is_empty(&self) -> bool {
        self.site_url.is_none() && self.permalink_structure.is_none()
    }
}

impl PermalinkStructure {
    /// The structure that reproduces most of the given links (`(post, path)` pairs, paths
    /// relative to the site's home such as `/2013/05/30/hello/`), among WordPress's common
    /// structures and those read off the links of the site's published posts (a segment equal
    /// to the post's slug is `%postname%`, its id `%post_id%`, its local year, month or day
    /// `%year%`, `%monthnum%`, `%day%`, its first category `%category%`, its author
    /// `%author%`). Ties go to the earlier candidate (WordPress's default first). `None` when
    /// no link is given or no candidate reproduces any post's link.
    pub fn infer(site: &dyn SiteData, paths: &[(PostId, String)]) -> Option<PermalinkStructure> {
        const COMMON: [&str; 8] = [
            DEFAULT_PERMALINK_STRUCTURE,
            "/%year%/%monthnum%/%postname%/",
            "/%postname%/",
            "/archives/%post_id%",
            "/%category%/%postname%/",
            "/%year%/%postname%/",
            "/index.php/%year%/%monthnum%/%day%/%postname%/",
            "",
        ];
        if paths.is_empty() {
            return None;
        }
        let mut candidates: Vec<String> = COMMON.iter().map(|s| (*s).to_owned()).collect();
        for (id, path) in paths {
            let Some(post) = site.post(*id) else { continue };
            if post.kind != PostKind::Post || post.status != PostStatus::Published {
                continue;
            }
            if let Some(text) = read_structure(site, post, path)
                && !candidates.contains(&text)
            {
                candidates.push(text);
            }
            if candidates.len() > 64 {
                break;
            }
        }
        // Candidates are scored on the links of published items that have an address (a draft
        // or a menu item has a `?p=` link under every structure), on a sample, so that
        // inference stays linear in the site's size.
        let addressed: Vec<&(PostId, String)> = paths
            .iter()
            .filter(|(id, _)| {
                site.post(*id).is_some_and(|post| {
                    post.status == PostStatus::Published && post.kind.has_public_address()
                })
            })
            .take(INFERENCE_SAMPLE)
            .collect();
        let sample: Vec<&(PostId, String)> = if addressed.is_empty() {
            paths.iter().take(INFERENCE_SAMPLE).collect()
        } else {
            addressed
        };
        let mut best: Option<(usize, PermalinkStructure)> = None;
        for text in candidates {
            let Ok(structure) = PermalinkStructure::parse(&text) else {
                continue;
            };
            let hits = sample
                .iter()
                .filter(|(id, path)| {
                    site.post(*id)
                        .is_some_and(|post| structure.structure_path(site, post) == *path)
                })
                .count();
            if hits > 0 && best.as_ref().is_none_or(|(most, _)| hits > *most) {
                best = Some((hits, structure));
            }
        }
        best.map(|(_, structure)| structure)
    }
}

/// How many links [`PermalinkStructure::infer`] scores each candidate structure on.
const INFERENCE_SAMPLE: usize = 2000;

/// The structure a post's link path shows, segment by segment; `None` when no segment is the
/// post's slug or id (the link says nothing about a structure).
fn read_structure(site: &dyn SiteData, post: &Post, path: &str) -> Option<String> {
    if !path.starts_with('/') || path.contains('?') {
        return None;
    }
    let date = post.published.map(|time| time.naive_local());
    let slug = post.slug.as_ref().map(super::values::Slug::as_str);
    let category = post
        .terms
        .iter()
        .filter_map(|id| site.term(*id))
        .find(|term| term.taxonomy == Taxonomy::Category)
        .map(|term| term_slug_path(site, term));
    let author = post
        .primary_author()
        .and_then(|id| site.author(id))
        .map(|a| a.slug.as_str().to_owned());
    let mut out = String::new();
    let mut named = false;
    let mut month_used = false;
    let mut rest = &path[1..];
    if let Some(category) = category.as_deref()
        && category.contains('/')
        && let Some(after) = rest.strip_prefix(category)
        && (after.is_empty() || after.starts_with('/'))
    {
        out.push_str("/%category%");
        rest = after.strip_prefix('/').unwrap_or(after);
        if after.is_empty() {
            return None;
        }
    }
    let trailing = rest.ends_with('/');
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    for segment in rest.split('/') {
        out.push('/');
        let (stem, suffix) = match segment.rsplit_once('.') {
            Some((stem, ext))
                if !ext.is_empty() && ext.chars().all(|c| c.is_ascii_alphanumeric()) =>
            {
                (stem, &segment[stem.len()..])
            }
            _ => (segment, ""),
        };
        let tag = if Some(stem) == slug && !stem.is_empty() {
            named = true;
            Some("%postname%")
        } else if stem == post.id.get().to_string() {
            named = true;
            Some("%post_id%")
        } else if date.is_some_and(|d| stem == format!("{:04}", d.year())) {
            Some("%year%")
        } else if !month_used && date.is_some_and(|d| stem == format!("{:02}", d.month())) {
            month_used = true;
            Some("%monthnum%")
        } else if date.is_some_and(|d| stem == format!("{:02}", d.day())) {
            Some("%day%")
        } else if category.as_deref() == Some(stem) {
            Some("%category%")
        } else if author.as_deref() == Some(stem) {
            Some("%author%")
        } else {
            None
        };
        match tag {
            Some(tag) => {
                out.push_str(tag);
                out.push_str(suffix);
            }
            None => out.push_str(segment),
        }
    }
    if trailing {
        out.push('/');
    }
    named.then_some(out)
}

/// The post's absolute permalink under the site's own structure.
pub fn permalink(site: &dyn SiteData, post: &Post) -> String {
    PermalinkStructure::of(site).permalink(site, post)
}

/// The term archive's absolute URL under the site's own structure.
pub fn term_link(site: &dyn SiteData, term: &Term) -> String {
    PermalinkStructure::of(site).term_link(site, term)
}

/// The author archive's absolute URL under the site's own structure.
pub fn author_link(site: &dyn SiteData, author: &Author) -> String {
    PermalinkStructure::of(site).author_link(site, author)
}

/// Joins a path to the site's URL; keeps the path when the site has none, or when its URL is
/// not a web address (a `javascript:` site URL must never prefix every link of a site).
fn absolute(site: &dyn SiteData, path: &str) -> String {
    if !path.starts_with('/') {
        // An own link on another host (or an already absolute one).
        return path.to_owned();
    }
    match site.url().filter(|url| url.is_web()) {
        Some(url) => format!("{}{path}", url.as_str().trim_end_matches('/')),
        None => path.to_owned(),
    }
}

/// One step of [`PermalinkStructure::path`].
enum OwnPath<'s> {
    /// The post's link.
    Done(String),
    /// An attachment's link is its parent's link and its slug.
    Under(&'s Post),
}

fn plain_post_path(post: &Post) -> String {
    let key = match post.kind {
        PostKind::Page => "page_id",
        PostKind::Attachment => "attachment_id",
        _ => "p",
    };
    format!("/?{key}={}", post.id.get())
}

/// The page's slug under its ancestors' slugs (`about/team`), or `None` when the page or an
/// ancestor has no slug or the ancestry loops.
fn page_path(site: &dyn SiteData, page: &Post) -> Option<String> {
    let mut parts = vec![page.slug.as_ref()?.as_str()];
    let mut seen = HashSet::from([page.id]);
    let mut current = page;
    while let Some(parent_id) = current.parent {
        if !seen.insert(parent_id) {
            return None;
        }
        let Some(parent) = site.post(parent_id) else {
            break;
        };
        if parent.kind != PostKind::Page {
            break;
        }
        parts.push(parent.slug.as_ref()?.as_str());
        current = parent;
    }
    parts.reverse();
    Some(parts.join("/"))
}

/// The term's slug under its ancestors' slugs (`parent/child`); a loop stops the climb.
fn term_slug_path(site: &dyn SiteData, term: &Term) -> String {
    let mut parts = vec![term.slug.as_str()];
    let mut seen = HashSet::from([term.id]);
    let mut current = term;
    while let Some(parent_id) = current.parent {
        if !seen.insert(parent_id) {
            break;
        }
        let Some(parent) = site.term(parent_id) else {
            break;
        };
        if parent.taxonomy != term.taxonomy {
            break;
        }
        parts.push(parent.slug.as_str());
        current = parent;
    }
    parts.reverse();
    parts.join("/")
}

fn base_setting(site: &dyn SiteData, key: &str, default: &str) -> String {
    let value = site
        .site_meta()
        .get(key)
        .map(|v| v.trim().trim_matches('/'));
    match value {
        Some(v) if !v.is_empty() && !v.contains(['?', '#']) && !v.contains(char::is_whitespace) => {
            v.to_owned()
        }
        _ => default.to_owned(),
    }
}

/// Escapes the characters that would end or change a query value.
fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("%26"),
            '+' => out.push_str("%2B"),
            '=' => out.push_str("%3D"),
            _ => out.push(c),
        }
    }
    out
}

/// `docs/permalinks.md`'s example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../../../docs/permalinks.md")]
struct PermalinkDocs;

/// The link an importer kept for a post no structure reproduces ([`OWN_LINK_KEY`]), if any.
fn own_link(post: &Post) -> Option<String> {
    post.meta
        .get(OWN_LINK_KEY)
        .filter(|own| !own.is_empty())
        .map(std::string::ToString::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{AuthorId, TermId};
    use crate::time::{SiteTimeZone, Timestamp};
    use crate::values::{Slug, Url};

    fn slug(text: &str) -> Slug {
        Slug::parse(text).unwrap()
    }

    fn site(zone: &str) -> Site {
        let mut site = Site::new("Blog");
        site.settings.url = Some(Url::parse("https://blog.example.org/").unwrap());
        site.settings.time_zone = SiteTimeZone::parse(zone).unwrap();
        site
    }

    fn post_at(site: &Site, id: u64, name: &str, utc: &str) -> Post {
        let mut post = Post::new(PostId(id), "Title", slug(name));
        let instant = Timestamp::parse_rfc3339(utc).unwrap().utc();
        post.published = Some(Timestamp::from_utc(instant, &site.settings.time_zone));
        post
    }

    #[test]
    fn seed_case_uses_the_local_calendar() {
        let site = site("America/New_York");
        let post = post_at(&site, 1, "day-of-action", "2013-05-31T02:00:00Z");
        assert_eq!(
            permalink(&site, &post),
            "https://blog.example.org/2013/05/30/day-of-action/"
        );
        // The same instant on a UTC site is on the 31st.
        let utc_site = self::site("UTC");
        let post = post_at(&utc_site, 1, "day-of-action", "2013-05-31T02:00:00Z");
        assert_eq!(
            permalink(&utc_site, &post),
            "https://blog.example.org/2013/05/31/day-of-action/"
        );
    }

    #[test]
    fn every_tag_fills() {
        let mut site = site("+06:00");
        site.authors
            .push(Author::new(AuthorId(3), slug("aida"), "Aida"));
        let mut parent = Term::new(TermId(1), Taxonomy::Category, "News", slug("news"));
        parent.parent = None;
        let mut child = Term::new(TermId(2), Taxonomy::Category, "Asia", slug("asia"));
        child.parent = Some(TermId(1));
        site.terms.push(parent);
        site.terms.push(child);
        site.terms
            .push(Term::new(TermId(3), Taxonomy::Tag, "K", slug("k")));
        let mut post = post_at(&site, 42, "hello", "2013-01-02T21:04:05Z");
        post.authors.push(AuthorId(3));
        post.terms = vec![TermId(3), TermId(2)];
        let structure = PermalinkStructure::parse(
            "/%category%/%author%/%year%-%monthnum%-%day%T%hour%:%minute%:%second%/%post_id%-%postname%",
        )
        .unwrap();
        assert_eq!(
            structure.path(&site, &post),
            "/news/asia/aida/2013-01-03T03:04:05/42-hello"
        );
        assert!(!structure.trailing_slash());
        assert_eq!(structure.tags().count(), 10);
    }

    #[test]
    fn unknown_and_unclosed_tags_are_errors_with_positions() {
        assert_eq!(
            PermalinkStructure::parse("/%year%/%slug%/").unwrap_err(),
            PermalinkError::UnknownTag {
                tag: "slug".into(),
                at: 8
            }
        );
        let error = PermalinkStructure::parse("/%year%/%postname").unwrap_err();
        assert_eq!(error, PermalinkError::UnclosedTag { at: 8 });
        assert!(error.to_string().contains("byte 8"));
        let unknown = PermalinkStructure::parse("/%Year%/").unwrap_err();
        assert!(unknown.to_string().contains("%Year%"), "{unknown}");
        assert_eq!(
            PermalinkStructure::parse("/a b/%postname%/").unwrap_err(),
            PermalinkError::Character { found: ' ', at: 2 }
        );
    }

    #[test]
    fn plain_structure_and_missing_parts_use_query_links() {
        let mut site = site("UTC");
        site.settings.meta.push(PERMALINK_STRUCTURE_KEY, "");
        let mut post = post_at(&site, 123, "hello", "2013-01-02T00:00:00Z");
        assert!(PermalinkStructure::of(&site).is_plain());
        assert_eq!(permalink(&site, &post), "https://blog.example.org/?p=123");
        post.kind = PostKind::Page;
        assert_eq!(
            permalink(&site, &post),
            "https://blog.example.org/?page_id=123"
        );

        let default = PermalinkStructure::default();
        let mut no_slug = post_at(&site, 9, "x", "2013-01-02T00:00:00Z");
        no_slug.slug = None;
        assert_eq!(default.path(&site, &no_slug), "/?p=9");
        let mut undated = post_at(&site, 10, "x", "2013-01-02T00:00:00Z");
        undated.published = None;
        assert_eq!(default.path(&site, &undated), "/?p=10");
        let mut draft = post_at(&site, 11, "x", "2013-01-02T00:00:00Z");
        draft.status = PostStatus::Draft;
        assert_eq!(default.path(&site, &draft), "/?p=11");
        // %author% without an author cannot be filled.
        let by_author = PermalinkStructure::parse("/%author%/%postname%/").unwrap();
        assert_eq!(by_author.path(&site, &undated), "/?p=10");
    }

    #[test]
    fn site_structure_falls_back_to_the_default() {
        let mut site = site("UTC");
        assert_eq!(PermalinkStructure::of(&site), PermalinkStructure::default());
        site.settings
            .meta
            .push(PERMALINK_STRUCTURE_KEY, "/%bogus%/");
        assert_eq!(PermalinkStructure::of(&site), PermalinkStructure::default());
        let custom = PermalinkStructure::parse("/archives/%post_id%").unwrap();
        site.set_permalink_structure(&custom);
        assert_eq!(
            site.settings.meta.get_all(PERMALINK_STRUCTURE_KEY).count(),
            1
        );
        assert_eq!(PermalinkStructure::of(&site), custom);
        let post = post_at(&site, 5, "x", "2013-01-02T00:00:00Z");
        assert_eq!(
            permalink(&site, &post),
            "https://blog.example.org/archives/5"
        );
    }

    #[test]
    fn pages_nest_under_parent_pages() {
        let mut site = site("UTC");
        let mut about = post_at(&site, 1, "about", "2013-01-02T00:00:00Z");
        about.kind = PostKind::Page;
        let mut team = post_at(&site, 2, "team", "2013-01-02T00:00:00Z");
        team.kind = PostKind::Page;
        team.parent = Some(PostId(1));
        site.posts.push(about);
        site.posts.push(team.clone());
        assert_eq!(
            permalink(&site, &team),
            "https://blog.example.org/about/team/"
        );
        // A loop in the ancestry falls back to a plain link instead of looping.
        site.posts[0].parent = Some(PostId(2));
        let team = site.posts[1].clone();
        assert_eq!(
            permalink(&site, &team),
            "https://blog.example.org/?page_id=2"
        );
    }

    #[test]
    fn attachments_sit_under_their_parent() {
        let mut site = site("UTC");
        site.posts
            .push(post_at(&site, 1, "hello", "2013-01-02T00:00:00Z"));
        let mut photo = post_at(&site, 2, "photo", "2013-01-02T00:00:00Z");
        photo.kind = PostKind::Attachment;
        photo.parent = Some(PostId(1));
        assert_eq!(
            PermalinkStructure::default().path(&site, &photo),
            "/2013/01/02/hello/photo/"
        );
        photo.parent = Some(PostId(2));
        assert_eq!(PermalinkStructure::default().path(&site, &photo), "/photo/");
    }

    #[test]
    fn relative_without_a_site_url() {
        let mut site = site("UTC");
        site.settings.url = None;
        let post = post_at(&site, 1, "hello", "2013-01-02T00:00:00Z");
        assert_eq!(permalink(&site, &post), "/2013/01/02/hello/");
        assert_eq!(PermalinkStructure::home(&site), "/");
    }

    #[test]
    fn term_and_author_links() {
        let mut site = site("UTC");
        let parent = Term::new(TermId(1), Taxonomy::Category, "News", slug("news"));
        let mut child = Term::new(TermId(2), Taxonomy::Category, "Asia", slug("asia"));
        child.parent = Some(TermId(1));
        let tag = Term::new(TermId(3), Taxonomy::Tag, "Kyrgyzstan", slug("kyrgyzstan"));
        let genre = Term::new(
            TermId(4),
            Taxonomy::Other("genre".into()),
            "Jazz",
            slug("jazz"),
        );
        site.terms
            .extend([parent, child.clone(), tag.clone(), genre.clone()]);
        let author = Author::new(AuthorId(1), slug("wlp"), "WLP");
        assert_eq!(
            term_link(&site, &tag),
            "https://blog.example.org/tag/kyrgyzstan/"
        );
        assert_eq!(
            term_link(&site, &child),
            "https://blog.example.org/category/news/asia/"
        );
        assert_eq!(
            term_link(&site, &genre),
            "https://blog.example.org/genre/jazz/"
        );
        assert_eq!(
            author_link(&site, &author),
            "https://blog.example.org/author/wlp/"
        );

        site.settings.meta.push(TAG_BASE_KEY, "/topics/");
        site.set_permalink_structure(&PermalinkStructure::parse("/blog/%postname%").unwrap());
        assert_eq!(
            term_link(&site, &tag),
            "https://blog.example.org/blog/topics/kyrgyzstan"
        );
        assert_eq!(
            author_link(&site, &author),
            "https://blog.example.org/blog/author/wlp"
        );

        site.set_permalink_structure(&PermalinkStructure::plain());
        assert_eq!(
            term_link(&site, &tag),
            "https://blog.example.org/?tag=kyrgyzstan"
        );
        assert_eq!(term_link(&site, &child), "https://blog.example.org/?cat=2");
        assert_eq!(
            author_link(&site, &author),
            "https://blog.example.org/?author=1"
        );
    }

    #[test]
    fn links_give_the_structure_and_unmatched_items_keep_their_own() {
        let mut site = site("UTC");
        let mut links = Vec::new();
        for (id, name, day) in [(1, "one", "01"), (2, "two", "02"), (3, "three", "03")] {
            let post = post_at(&site, id, name, &format!("2013-05-{day}T12:00:00Z"));
            site.posts.push(post);
            links.push((
                PostId(id),
                format!("https://blog.example.org/2013/05/{name}/"),
            ));
        }
        // One item's link follows no structure (a redirect plugin, an old import).
        links[2].1 = "https://blog.example.org/legacy/three.html".into();
        // A draft's link is a query under any structure.
        let mut draft = post_at(&site, 4, "four", "2013-05-04T12:00:00Z");
        draft.status = PostStatus::Draft;
        site.posts.push(draft);
        links.push((PostId(4), "https://blog.example.org/?p=4".into()));

        let structure = site.adopt_links(&links).unwrap();
        assert_eq!(structure.as_str(), "/%year%/%monthnum%/%postname%/");
        assert_eq!(PermalinkStructure::of(&site), structure);
        for (id, link) in &links {
            assert_eq!(&permalink(&site, site.post(*id).unwrap()), link);
        }
        let own: Vec<u64> = site
            .posts
            .iter()
            .filter(|p| p.meta.get(OWN_LINK_KEY).is_some())
            .map(|p| p.id.get())
            .collect();
        assert_eq!(own, [3]);
        // Adopting again gives the same settings and own links, once.
        site.adopt_links(&links);
        assert_eq!(site.posts[2].meta.get_all(OWN_LINK_KEY).count(), 1);
        assert_eq!(
            site.settings.meta.get_all(PERMALINK_STRUCTURE_KEY).count(),
            1
        );

        // A link on another host stays absolute.
        let mut other = site.clone();
        other.adopt_links(&[(PostId(1), "https://elsewhere.example/one".into())]);
        assert_eq!(
            permalink(&other, &other.posts[0]),
            "https://elsewhere.example/one"
        );

        // What a user says wins: a new URL moves own links with it; a new structure drops them.
        site.override_addresses(&AddressOverrides {
            site_url: Some(Url::parse("https://new.example.org").unwrap()),
            permalink_structure: None,
        });
        assert_eq!(
            permalink(&site, &site.posts[2]),
            "https://new.example.org/legacy/three.html"
        );
        site.override_addresses(&AddressOverrides {
            site_url: None,
            permalink_structure: Some(PermalinkStructure::parse("/%postname%/").unwrap()),
        });
        assert_eq!(
            permalink(&site, &site.posts[2]),
            "https://new.example.org/three/"
        );
        assert!(site.adopt_links(&[]).is_none());
    }

    #[test]
    fn inference_reads_dates_ids_and_categories_off_links() {
        let mut site = site("UTC");
        site.terms.push(Term::new(
            crate::ids::TermId(9),
            Taxonomy::Category,
            "News",
            slug("news"),
        ));
        let mut post = post_at(&site, 77, "may-day", "2013-05-05T12:00:00Z");
        post.terms.push(crate::ids::TermId(9));
        site.posts.push(post);
        let structure = PermalinkStructure::infer(
            &site,
            &[(PostId(77), "/news/2013/05/05/77-x/may-day.html".into())],
        )
        .unwrap();
        assert_eq!(
            structure.as_str(),
            "/%category%/%year%/%monthnum%/%day%/77-x/%postname%.html"
        );
        assert!(PermalinkStructure::infer(&site, &[]).is_none());
    }

    #[test]
    fn structure_without_leading_slash_gets_one() {
        let structure = PermalinkStructure::parse("%year%/%postname%/").unwrap();
        let site = site("UTC");
        let post = post_at(&site, 1, "hello", "2013-01-02T00:00:00Z");
        assert_eq!(structure.path(&site, &post), "/2013/hello/");
        assert_eq!(structure.as_str(), "%year%/%postname%/");
        assert_eq!(structure.front(), "/");
    }
}
