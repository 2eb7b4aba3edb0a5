//! The streaming half of the importer: XML events to raw WXR records.
//!
//! Elements are matched by namespace URI and local name, never by prefix. Text is gathered
//! only inside the fields the importer knows; everything else is skipped and counted. No DTD is
//! read and no entity other than the five predefined ones and character references is expanded.

use super::position::{Loc, Tracked};
use crate::codes;
use crate::import::{ImportError, ProgressCallback};
use crate::xml_chars::{REPLACEMENT, has_forbidden, is_xml_code_point, replace_forbidden};
use broadsheet_core::{BuildMode, IssueCode, Location};
use quick_xml::NsReader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use std::borrow::Cow;
use std::cell::Cell;
use std::collections::HashMap;
use std::io::BufRead;

/// Namespaces the importer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ns {
    /// No namespace (RSS).
    None,
    /// `http(s)://wordpress.org/export/1.x/`.
    Wp,
    /// `http(s)://wordpress.org/export/1.x/excerpt/`.
    Excerpt,
    /// `http://purl.org/rss/1.0/modules/content/`.
    Content,
    /// `http://purl.org/dc/elements/1.1/`.
    Dc,
    /// Anything else.
    Other,
}

fn classify_ns(uri: &str) -> Ns {
    let rest = uri
        .strip_prefix("http://")
        .or_else(|| uri.strip_prefix("https://"));
    let Some(rest) = rest else {
        return Ns::Other;
    };
    if let Some(version) = rest.strip_prefix("wordpress.org/export/") {
        return match version {
            "1.0/" | "1.1/" | "1.2/" => Ns::Wp,
            "1.0/excerpt/" | "1.1/excerpt/" | "1.2/excerpt/" => Ns::Excerpt,
            _ => Ns::Other,
        };
    }
    match rest {
        "purl.org/rss/1.0/modules/content/" => Ns::Content,
        "purl.org/dc/elements/1.1/" => Ns::Dc,
        _ => Ns::Other,
    }
}

/// A short field value: borrowed for the handful of values WXR repeats on every item
/// (`publish`, `post`, `open`, `0`...), so that they cost no allocation.
pub(crate) type Scalar = Cow<'static, str>;

/// The static copy of a value WXR repeats everywhere.
fn intern(text: &str) -> Option<&'static str> {
    Some(match text {
        "" => "",
        "0" => "0",
        "1" => "1",
        "open" => "open",
        "closed" => "closed",
        "publish" => "publish",
        "draft" => "draft",
        "pending" => "pending",
        "private" => "private",
        "future" => "future",
        "trash" => "trash",
        "inherit" => "inherit",
        "auto-draft" => "auto-draft",
        "post" => "post",
        "page" => "page",
        "attachment" => "attachment",
        "nav_menu_item" => "nav_menu_item",
        "revision" => "revision",
        "comment" => "comment",
        "pingback" => "pingback",
        "trackback" => "trackback",
        "spam" => "spam",
        _ => return None,
    })
}

/// One `<category>` of an item.
#[derive(Debug, Default)]
pub(crate) struct RawCategory {
    pub loc: Loc,
    pub domain: Option<String>,
    pub nicename: Option<String>,
    pub name: String,
}

/// A `wp:author`.
#[derive(Debug, Default)]
pub(crate) struct RawAuthor {
    pub loc: Loc,
    pub id: Option<String>,
    pub login: Option<String>,
    /// `wp:author_nicename`: the public slug (Broadsheet writes it; WordPress does not).
    pub nicename: Option<String>,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

/// Which element declared a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum TermElement {
    /// `wp:category`.
    #[default]
    Category,
    /// `wp:tag`.
    Tag,
    /// `wp:term`.
    Term,
}

/// A `wp:category`, `wp:tag` or `wp:term`.
#[derive(Debug, Default)]
pub(crate) struct RawTerm {
    pub loc: Loc,
    pub element: TermElement,
    pub id: Option<String>,
    pub taxonomy: Option<String>,
    pub slug: Option<String>,
    pub parent: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub meta: Vec<(String, String)>,
}

/// A `wp:comment`.
#[derive(Debug, Default)]
pub(crate) struct RawComment {
    pub loc: Loc,
    pub id: Option<String>,
    pub author: Option<String>,
    pub author_email: Option<String>,
    pub author_url: Option<String>,
    pub author_ip: Option<String>,
    pub date: Option<String>,
    pub date_gmt: Option<String>,
    pub content: Option<String>,
    pub approved: Option<Scalar>,
    pub kind: Option<Scalar>,
    pub parent: Option<Scalar>,
    pub user_id: Option<Scalar>,
    pub meta: Vec<(String, String)>,
}

/// An `<item>`.
#[derive(Debug, Default)]
pub(crate) struct RawItem {
    pub loc: Loc,
    pub title: Option<String>,
    pub link: Option<String>,
    pub pub_date: Option<String>,
    pub creator: Option<String>,
    pub creator_loc: Loc,
    pub guid: Option<String>,
    pub guid_is_permalink: Option<String>,
    pub description: Option<String>,
    pub content: Option<String>,
    pub excerpt: Option<String>,
    pub post_id: Option<String>,
    pub post_date: Option<String>,
    pub post_date_gmt: Option<String>,
    pub post_modified: Option<String>,
    pub post_modified_gmt: Option<String>,
    pub comment_status: Option<Scalar>,
    pub ping_status: Option<Scalar>,
    pub post_name: Option<String>,
    pub status: Option<Scalar>,
    pub post_parent: Option<Scalar>,
    pub menu_order: Option<Scalar>,
    pub post_type: Option<Scalar>,
    pub post_password: Option<String>,
    pub is_sticky: Option<Scalar>,
    pub attachment_url: Option<String>,
    pub categories: Vec<RawCategory>,
    pub meta: Vec<(String, String)>,
    pub comments: Vec<RawComment>,
}

/// The channel's own fields.
#[derive(Debug, Default)]
pub(crate) struct RawChannel {
    pub title: Option<String>,
    pub link: Option<String>,
    pub link_loc: Loc,
    pub description: Option<String>,
    pub language: Option<String>,
    pub pub_date: Option<String>,
    pub generator: Option<String>,
    pub base_site_url: Option<String>,
    pub base_blog_url: Option<String>,
}

/// Everything read from a WXR file, before identifiers are resolved.
#[derive(Debug, Default)]
pub(crate) struct RawDocument {
    pub version: String,
    pub channel: RawChannel,
    pub authors: Vec<RawAuthor>,
    pub terms: Vec<RawTerm>,
    pub items: Vec<RawItem>,
    /// Items left out by the kind filter: (kind, count, first location).
    pub skipped: Vec<(String, u64, Loc)>,
}

/// What each open element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Rss,
    Channel,
    Item,
    Author,
    /// An element that only wraps the current record (`wp:author` inside `wp:wp_author`).
    Wrapper,
    Term,
    TermMeta,
    PostMeta,
    Comment,
    CommentMeta,
    Category,
    Leaf(Field),
    Ignored,
}

/// Fields gathered as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    ChannelTitle,
    ChannelLink,
    ChannelDescription,
    ChannelLanguage,
    ChannelPubDate,
    ChannelGenerator,
    WxrVersion,
    BaseSiteUrl,
    BaseBlogUrl,
    AuthorId,
    AuthorLogin,
    AuthorNicename,
    AuthorEmail,
    AuthorDisplayName,
    AuthorFirstName,
    AuthorLastName,
    TermId,
    TermTaxonomy,
    TermSlug,
    TermParent,
    TermName,
    TermDescription,
    MetaKey,
    MetaValue,
    ItemTitle,
    ItemLink,
    ItemPubDate,
    ItemCreator,
    ItemGuid,
    ItemDescription,
    ItemContent,
    ItemExcerpt,
    PostId,
    PostDate,
    PostDateGmt,
    PostModified,
    PostModifiedGmt,
    CommentStatus,
    PingStatus,
    PostName,
    Status,
    PostParent,
    MenuOrder,
    PostType,
    PostPassword,
    IsSticky,
    AttachmentUrl,
    CategoryName,
    CommentId,
    CommentAuthor,
    CommentAuthorEmail,
    CommentAuthorUrl,
    CommentAuthorIp,
    CommentDate,
    CommentDateGmt,
    CommentContent,
    CommentApproved,
    CommentType,
    CommentParent,
    CommentUserId,
}

fn classify(parent: Node, ns: Ns, local: &str) -> Node {
    use Field::{
        AttachmentUrl, AuthorDisplayName, AuthorEmail, AuthorFirstName, AuthorId, AuthorLastName,
        AuthorLogin, AuthorNicename, BaseBlogUrl, BaseSiteUrl, ChannelDescription,
        ChannelGenerator, ChannelLanguage, ChannelLink, ChannelPubDate, ChannelTitle,
        CommentApproved, CommentAuthor, CommentAuthorEmail, CommentAuthorIp, CommentAuthorUrl,
        CommentContent, CommentDate, CommentDateGmt, CommentId, CommentParent, CommentStatus,
        CommentType, CommentUserId, IsSticky, ItemContent, ItemCreator, ItemDescription,
        ItemExcerpt, ItemGuid, ItemLink, ItemPubDate, ItemTitle, MenuOrder, MetaKey, MetaValue,
        PingStatus, PostDate, PostDateGmt, PostId, PostModified, PostModifiedGmt, PostName,
        PostParent, PostPassword, PostType, Status, TermDescription, TermId, TermName, TermParent,
        TermSlug, TermTaxonomy, WxrVersion,
    };
    let leaf = Node::Leaf;
    match (parent, ns) {
        (Node::Rss, Ns::None) if local == "channel" => Node::Channel,
        (Node::Channel, Ns::None) => match local {
            "title" => leaf(ChannelTitle),
            "link" => leaf(ChannelLink),
            "description" => leaf(ChannelDescription),
            "language" => leaf(ChannelLanguage),
            "pubDate" => leaf(ChannelPubDate),
            "generator" => leaf(ChannelGenerator),
            "item" => Node::Item,
            _ => Node::Ignored,
        },
        (Node::Channel, Ns::Wp) => match local {
            "wxr_version" => leaf(WxrVersion),
            "base_site_url" => leaf(BaseSiteUrl),
            "base_blog_url" => leaf(BaseBlogUrl),
            "author" | "wp_author" => Node::Author,
            "category" | "tag" | "term" => Node::Term,
            _ => Node::Ignored,
        },
        (Node::Author, Ns::Wp) => match local {
            "author" => Node::Wrapper,
            "author_id" => leaf(AuthorId),
            "author_login" => leaf(AuthorLogin),
            "author_nicename" => leaf(AuthorNicename),
            "author_email" => leaf(AuthorEmail),
            "author_display_name" => leaf(AuthorDisplayName),
            "author_first_name" => leaf(AuthorFirstName),
            "author_last_name" => leaf(AuthorLastName),
            _ => Node::Ignored,
        },
        (Node::Term, Ns::Wp) => match local {
            "term_id" => leaf(TermId),
            "term_taxonomy" => leaf(TermTaxonomy),
            "category_nicename" | "tag_slug" | "term_slug" => leaf(TermSlug),
            "category_parent" | "term_parent" => leaf(TermParent),
            "cat_name" | "tag_name" | "term_name" => leaf(TermName),
            "category_description" | "tag_description" | "term_description" => {
                leaf(TermDescription)
            }
            "termmeta" => Node::TermMeta,
            _ => Node::Ignored,
        },
        (Node::TermMeta | Node::PostMeta | Node::CommentMeta, Ns::Wp) => match local {
            "meta_key" => leaf(MetaKey),
            "meta_value" => leaf(MetaValue),
            _ => Node::Ignored,
        },
        (Node::Item, Ns::None) => match local {
            "title" => leaf(ItemTitle),
            "link" => leaf(ItemLink),
            "pubDate" => leaf(ItemPubDate),
            "guid" => leaf(ItemGuid),
            "description" => leaf(ItemDescription),
            "category" => Node::Category,
            _ => Node::Ignored,
        },
        (Node::Item, Ns::Dc) if local == "creator" => leaf(ItemCreator),
        (Node::Item, Ns::Content) if local == "encoded" => leaf(ItemContent),
        (Node::Item, Ns::Excerpt) if local == "encoded" => leaf(ItemExcerpt),
        (Node::Item, Ns::Wp) => match local {
            "post_id" => leaf(PostId),
            "post_date" => leaf(PostDate),
            "post_date_gmt" => leaf(PostDateGmt),
            "post_modified" => leaf(PostModified),
            "post_modified_gmt" => leaf(PostModifiedGmt),
            "comment_status" => leaf(CommentStatus),
            "ping_status" => leaf(PingStatus),
            "post_name" => leaf(PostName),
            "status" => leaf(Status),
            "post_parent" => leaf(PostParent),
            "menu_order" => leaf(MenuOrder),
            "post_type" => leaf(PostType),
            "post_password" => leaf(PostPassword),
            "is_sticky" => leaf(IsSticky),
            "attachment_url" => leaf(AttachmentUrl),
            "postmeta" => Node::PostMeta,
            "comment" => Node::Comment,
            _ => Node::Ignored,
        },
        (Node::Comment, Ns::Wp) => match local {
            "comment_id" => leaf(CommentId),
            "comment_author" => leaf(CommentAuthor),
            "comment_author_email" => leaf(CommentAuthorEmail),
            "comment_author_url" => leaf(CommentAuthorUrl),
            "comment_author_IP" => leaf(CommentAuthorIp),
            "comment_date" => leaf(CommentDate),
            "comment_date_gmt" => leaf(CommentDateGmt),
            "comment_content" => leaf(CommentContent),
            "comment_approved" => leaf(CommentApproved),
            "comment_type" => leaf(CommentType),
            "comment_parent" => leaf(CommentParent),
            "comment_user_id" => leaf(CommentUserId),
            "commentmeta" => Node::CommentMeta,
            _ => Node::Ignored,
        },
        _ => Node::Ignored,
    }
}

/// Reader settings.
pub(crate) struct ParseSettings<'a> {
    pub mode: BuildMode,
    pub file: Option<String>,
    pub kinds: Option<Vec<String>>,
    pub max_bytes: Option<u64>,
    pub limits: crate::import::Limits,
    pub total: Option<u64>,
    pub progress: Option<ProgressCallback<'a>>,
}

/// Issues found while reading, with their file.
pub(crate) struct Issues {
    pub file: Option<String>,
    pub log: crate::import::IssueLog,
}

impl Issues {
    pub(crate) fn location(&self, loc: Loc) -> Location {
        Location {
            file: self.file.clone(),
            line: Some(loc.line),
            column: Some(loc.column),
            json_path: None,
        }
    }

    /// Reports `code` (with its table's severity) at `path`, located at `loc`.
    pub(crate) fn push(
        &mut self,
        code: &IssueCode,
        path: impl Into<String>,
        message: impl Into<String>,
        loc: Loc,
    ) {
        let location = self.location(loc);
        self.log
            .push(broadsheet_core::Issue::new(code, path, message).at(location));
    }
}

/// Progress is reported about every hundredth of the input, and at least every 4 MiB.
fn progress_step(total: Option<u64>) -> u64 {
    total.map_or(1 << 20, |t| (t / 100).clamp(16 << 10, 4 << 20))
}

struct Parser<'a> {
    settings: ParseSettings<'a>,
    issues: Issues,
    doc: RawDocument,
    version: Option<(String, Loc)>,
    channel_end: Option<Loc>,
    stack: Vec<Node>,
    text: String,
    /// Whether the last piece of the current text was a CDATA section.
    last_cdata: bool,
    /// Whether the current field held a CDATA section.
    leaf_cdata: bool,
    /// Whether the current field held text other than whitespace outside CDATA.
    leaf_text: bool,
    /// Byte ranges of whitespace-only text in the current field.
    ws_ranges: Vec<(usize, usize)>,
    item: Option<RawItem>,
    author: Option<RawAuthor>,
    term: Option<RawTerm>,
    comment: Option<RawComment>,
    category: Option<RawCategory>,
    meta_key: Option<String>,
    meta_value: Option<String>,
    unknown: HashMap<String, (u64, Loc)>,
    unknown_order: Vec<String>,
    skipped: HashMap<String, (u64, Loc)>,
    skipped_order: Vec<String>,
    next_progress: u64,
}

/// Turns byte offsets into lines and columns.
pub(crate) trait Locate {
    /// The line and column of byte `offset`.
    fn location(&self, offset: u64) -> Loc;
}

impl<R: BufRead> Locate for Tracked<R> {
    fn location(&self, offset: u64) -> Loc {
        Tracked::location(self, offset)
    }
}

/// Locations in a document held in memory: newlines are counted on demand, from a cursor that
/// moves forward with the parser.
struct StrLocate<'a> {
    text: &'a [u8],
    /// (offset, newlines before it, start of its line).
    cursor: Cell<(u64, u64, u64)>,
}

impl Locate for StrLocate<'_> {
    fn location(&self, offset: u64) -> Loc {
        let offset = offset.min(self.text.len() as u64);
        let (mut at, mut lines, mut line_start) = self.cursor.get();
        if offset < at {
            (at, lines, line_start) = (0, 0, 0);
        }
        let slice = &self.text[at as usize..offset as usize];
        for i in memchr::memchr_iter(b'\n', slice) {
            lines += 1;
            line_start = at + i as u64 + 1;
        }
        at = offset;
        self.cursor.set((at, lines, line_start));
        Loc {
            line: lines + 1,
            column: offset - line_start + 1,
        }
    }
}

/// An offset in the input, located only when an issue needs it.
#[derive(Clone, Copy)]
pub(crate) struct Pos<'a> {
    offset: u64,
    locate: &'a dyn Locate,
}

impl Pos<'_> {
    fn loc(&self) -> Loc {
        self.locate.location(self.offset)
    }
}

/// Where the reader took a piece of text from, for the forbidden-character rule's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Element text or a CDATA section.
    Text,
    /// An attribute value.
    Attribute,
    /// A character or entity reference (`&#0;`, `&#xD800;`, `&\0amp;`).
    Reference,
    /// An element's name.
    Name,
    /// Markup the importer skips (comments, processing instructions, unknown elements' text):
    /// checked in strict mode only.
    Skipped,
}

impl Place {
    fn describe(self) -> &'static str {
        match self {
            Place::Text => "element text",
            Place::Attribute => "an attribute value",
            Place::Reference => "a character or entity reference",
            Place::Name => "an element name",
            Place::Skipped => "text or markup the importer skips",
        }
    }
}

fn namespace(resolved: ResolveResult<'_>) -> Ns {
    match resolved {
        ResolveResult::Unbound => Ns::None,
        ResolveResult::Bound(ns) if ns.0.is_empty() => Ns::None,
        ResolveResult::Bound(ns) => classify_ns(ns.0),
        ResolveResult::Unknown(_) => Ns::Other,
    }
}

fn configure(config: &mut quick_xml::reader::Config, mode: BuildMode) {
    config.allow_dangling_amp = mode == BuildMode::Lenient;
    config.check_end_names = true;
    config.expand_empty_elements = false;
}

/// Reads a WXR document held in memory, borrowing its text.
pub(crate) fn parse_str(
    xml: &str,
    settings: ParseSettings<'_>,
) -> Result<(RawDocument, Issues), ImportError> {
    let mut reader = NsReader::from_str(xml);
    configure(reader.config_mut(), settings.mode);
    let locate = StrLocate {
        text: xml.as_bytes(),
        cursor: Cell::new((0, 0, 0)),
    };
    let mut parser = Parser::new(settings);
    loop {
        let start = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event() {
            Ok((resolved, event)) => (namespace(resolved), event),
            Err(error) => {
                let loc = locate.location(reader.error_position());
                return Err(parser.syntax(loc, format!("malformed XML: {error}")));
            }
        };
        let at = Pos {
            offset: start,
            locate: &locate,
        };
        if parser.event(ns, event, at)? {
            break;
        }
        parser.advance(reader.buffer_position())?;
    }
    parser.done(reader.buffer_position())?;
    parser.finish()
}

/// Reads a WXR document from a reader, streaming.
pub(crate) fn parse<R: BufRead>(
    input: R,
    settings: ParseSettings<'_>,
) -> Result<(RawDocument, Issues), ImportError> {
    let mut reader = NsReader::from_reader(Tracked::new(input));
    configure(reader.config_mut(), settings.mode);
    let mut parser = Parser::new(settings);
    let mut buf = Vec::with_capacity(64 * 1024);
    loop {
        buf.clear();
        let start = reader.buffer_position();
        let (ns, event) = match reader.read_resolved_event_into(&mut buf) {
            Ok((resolved, event)) => (namespace(resolved), event),
            Err(error) => {
                let loc = reader.get_ref().location(reader.error_position());
                return Err(parser.syntax(loc, format!("malformed XML: {error}")));
            }
        };
        if matches!(event, Event::Start(_) | Event::Empty(_)) && parser.stack.len() <= 2 {
            // Issues are located within the current top-level element at most.
            reader.get_mut().mark(start);
        }
        let at = Pos {
            offset: start,
            locate: reader.get_ref(),
        };
        if parser.event(ns, event, at)? {
            break;
        }
        parser.advance(reader.get_ref().consumed())?;
    }
    parser.done(reader.get_ref().consumed())?;
    parser.finish()
}

impl<'s> Parser<'s> {
    fn new(settings: ParseSettings<'s>) -> Self {
        Parser {
            issues: Issues {
                file: settings.file.clone(),
                log: crate::import::IssueLog::new(settings.limits.max_issues_per_code),
            },
            settings,
            doc: RawDocument::default(),
            version: None,
            channel_end: None,
            stack: Vec::with_capacity(16),
            text: String::with_capacity(64 * 1024),
            last_cdata: false,
            leaf_cdata: false,
            leaf_text: false,
            ws_ranges: Vec::new(),
            item: None,
            author: None,
            term: None,
            comment: None,
            category: None,
            meta_key: None,
            meta_value: None,
            unknown: HashMap::new(),
            unknown_order: Vec::new(),
            skipped: HashMap::new(),
            skipped_order: Vec::new(),
            next_progress: 0,
        }
    }

    /// Handles one event; `true` at the end of the document.
    fn event(&mut self, ns: Ns, event: Event<'_>, at: Pos<'_>) -> Result<bool, ImportError> {
        match event {
            Event::Start(element) => self.start(ns, &element, at)?,
            Event::Empty(element) => {
                self.start(ns, &element, at)?;
                self.end(at)?;
            }
            Event::End(_) => self.end(at)?,
            Event::Text(text) => {
                if self.in_leaf() {
                    self.text(&text.xml10_content(), at)?;
                } else {
                    self.skipped(&text, at)?;
                }
            }
            Event::CData(cdata) => {
                if self.in_leaf() {
                    let content = cdata.xml10_content();
                    let content = self.checked_chars(&content, Place::Text, at)?;
                    self.text.push_str(&content);
                    self.last_cdata = true;
                    self.leaf_cdata = true;
                } else {
                    self.skipped(&cdata, at)?;
                }
            }
            Event::GeneralRef(reference) => {
                if self.in_leaf() {
                    self.reference(&reference, at)?;
                }
            }
            Event::DocType(_) => {
                self.issues.push(
&codes::WXR_XML_DOCTYPE_IGNORED,
                    "",
                    "the document type declaration was ignored: no DTD is read and no entity it declares is expanded",
                    at.loc(),
                );
            }
            Event::Eof => {
                if let Some(open) = self.stack.last() {
                    let name = match open {
                        Node::Rss => "<rss>",
                        Node::Channel => "<channel>",
                        Node::Item => "<item>",
                        Node::Author | Node::Wrapper => "<wp:author>",
                        Node::Term => "a term (<wp:category>, <wp:tag> or <wp:term>)",
                        Node::TermMeta => "<wp:termmeta>",
                        Node::PostMeta => "<wp:postmeta>",
                        Node::Comment => "<wp:comment>",
                        Node::CommentMeta => "<wp:commentmeta>",
                        Node::Category => "<category>",
                        Node::Leaf(_) | Node::Ignored => "an element",
                    };
                    return Err(self.syntax(
                        at.loc(),
                        format!("malformed XML: the file ends before {name} is closed"),
                    ));
                }
                return Ok(true);
            }
            Event::Comment(text) => self.skipped(&text, at)?,
            Event::PI(pi) => self.skipped(&pi, at)?,
            Event::Decl(_) => {}
        }
        Ok(false)
    }

    /// Checks the size limit and reports progress after `consumed` bytes.
    fn advance(&mut self, consumed: u64) -> Result<(), ImportError> {
        if let Some(limit) = self.settings.max_bytes
            && consumed > limit
        {
            return Err(ImportError::TooLarge {
                file: self.settings.file.clone(),
                size: consumed,
                limit,
            });
        }
        if consumed >= self.next_progress {
            self.next_progress = consumed + progress_step(self.settings.total);
            let total = self.settings.total;
            crate::import::report_progress(
                self.settings.progress.as_mut(),
                consumed,
                total,
                self.settings.file.as_deref(),
            )?;
        }
        Ok(())
    }

    /// The final progress report.
    fn done(&mut self, consumed: u64) -> Result<(), ImportError> {
        let total = self.settings.total;
        crate::import::report_progress(
            self.settings.progress.as_mut(),
            consumed,
            total.or(Some(consumed)),
            self.settings.file.as_deref(),
        )
    }
}

impl Parser<'_> {
    fn syntax(&self, loc: Loc, message: String) -> ImportError {
        ImportError::Syntax {
            location: self.issues.location(loc),
            message,
        }
    }

    fn in_leaf(&self) -> bool {
        matches!(self.stack.last(), Some(Node::Leaf(_)))
    }

    /// The innermost node that is not a wrapper.
    fn context(&self) -> Option<Node> {
        self.stack
            .iter()
            .rev()
            .find(|node| **node != Node::Wrapper)
            .copied()
    }

    /// Markup the importer does not read: in strict mode it must still be well-formed XML, so
    /// a character XML forbids is refused there too; lenient imports drop it unread.
    fn skipped(&mut self, raw: &str, at: Pos<'_>) -> Result<(), ImportError> {
        if self.settings.mode == BuildMode::Strict && has_forbidden(raw) {
            self.forbidden(Place::Skipped, at)?;
        }
        Ok(())
    }

    fn start(&mut self, ns: Ns, element: &BytesStart<'_>, at: Pos<'_>) -> Result<(), ImportError> {
        let max_depth = self.settings.limits.max_depth;
        if self.stack.len() >= max_depth {
            return Err(ImportError::LimitExceeded(Box::new(
                crate::import::LimitReached {
                    limit: "max_depth",
                    what: "the nesting depth of XML elements".into(),
                    value: self.stack.len() as u64 + 1,
                    max: max_depth as u64,
                    path: String::new(),
                    location: self.issues.location(at.loc()),
                },
            )));
        }
        if has_forbidden(element.name().as_ref()) {
            self.forbidden(Place::Name, at)?;
        } else if self.settings.mode == BuildMode::Strict && has_forbidden(element) {
            // Attributes the importer does not read must be well-formed too.
            self.forbidden(Place::Attribute, at)?;
        }
        let node = match self.context() {
            None => {
                if ns == Ns::None && element.local_name().as_ref() == "rss" {
                    Node::Rss
                } else {
                    Node::Ignored
                }
            }
            Some(Node::Ignored | Node::Leaf(_)) => {
                self.stack.push(Node::Ignored);
                return Ok(());
            }
            Some(parent) => classify(parent, ns, element.local_name().as_ref()),
        };
        match node {
            Node::Ignored => self.note_unknown(element, at),
            Node::Leaf(field) => {
                self.begin_text();
                if field == Field::ItemGuid {
                    if let Some(value) = self.attribute(element, "isPermaLink", at)?
                        && let Some(item) = self.item.as_mut()
                    {
                        item.guid_is_permalink = Some(value);
                    }
                } else if field == Field::ItemCreator
                    && let Some(item) = self.item.as_mut()
                {
                    item.creator_loc = at.loc();
                }
            }
            Node::Item => {
                self.item = Some(RawItem {
                    loc: at.loc(),
                    ..RawItem::default()
                });
            }
            Node::Author => {
                self.author = Some(RawAuthor {
                    loc: at.loc(),
                    ..RawAuthor::default()
                });
            }
            Node::Term => {
                let local = element.local_name();
                let kind = match local.as_ref() {
                    "category" => TermElement::Category,
                    "tag" => TermElement::Tag,
                    _ => TermElement::Term,
                };
                self.term = Some(RawTerm {
                    loc: at.loc(),
                    element: kind,
                    ..RawTerm::default()
                });
            }
            Node::Comment => {
                self.comment = Some(RawComment {
                    loc: at.loc(),
                    ..RawComment::default()
                });
            }
            Node::TermMeta | Node::PostMeta | Node::CommentMeta => {
                self.meta_key = None;
                self.meta_value = None;
            }
            Node::Category => {
                let domain = self.attribute(element, "domain", at)?;
                let nicename = self.attribute(element, "nicename", at)?;
                self.category = Some(RawCategory {
                    loc: at.loc(),
                    domain,
                    nicename,
                    name: String::new(),
                });
                // The category's text is its name: gather it like a leaf.
                self.begin_text();
                self.stack.push(Node::Leaf(Field::CategoryName));
                return Ok(());
            }
            Node::Rss | Node::Channel | Node::Wrapper => {}
        }
        self.stack.push(node);
        Ok(())
    }

    fn begin_text(&mut self) {
        self.text.clear();
        self.last_cdata = false;
        self.leaf_cdata = false;
        self.leaf_text = false;
        self.ws_ranges.clear();
    }

    /// The field's text. Whitespace-only text beside CDATA sections is layout, not content
    /// (`<content:encoded>\n<![CDATA[...]]>\n</content:encoded>`), and is dropped.
    fn take_text(&mut self) -> String {
        // Copy out at the exact size and keep the buffer's capacity for the next field.
        let text = self.text.as_str();
        if !self.leaf_cdata || self.leaf_text || self.ws_ranges.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for &(start, end) in &self.ws_ranges {
            out.push_str(&text[at..start]);
            at = end;
        }
        out.push_str(&text[at..]);
        out
    }

    fn attribute(
        &mut self,
        element: &BytesStart<'_>,
        name: &str,
        at: Pos<'_>,
    ) -> Result<Option<String>, ImportError> {
        for attribute in element.attributes() {
            let attribute = match attribute {
                Ok(attribute) => attribute,
                Err(error) => {
                    if self.settings.mode == BuildMode::Strict {
                        return Err(self.syntax(at.loc(), format!("malformed attribute: {error}")));
                    }
                    self.issues.push(
                        &codes::WXR_XML_RECOVERED,
                        "",
                        format!("a malformed attribute was skipped: {error}"),
                        at.loc(),
                    );
                    continue;
                }
            };
            if attribute.key.as_ref() != name {
                continue;
            }
            return self.attribute_value(&attribute.value, at).map(Some);
        }
        Ok(None)
    }

    /// An attribute's value as XML 1.0 normalises it: line ends, tabs and line feeds become
    /// spaces; entities and character references are expanded by the same rules as in element
    /// text ([`Parser::resolve_reference`]), and characters XML forbids meet the same rule
    /// ([`Parser::checked_chars`]). A bare `&` is an error (strict) or kept (lenient).
    fn attribute_value(&mut self, raw: &str, at: Pos<'_>) -> Result<String, ImportError> {
        let raw = self.checked_chars(raw, Place::Attribute, at)?;
        let mut out = String::with_capacity(raw.len());
        let mut rest: &str = &raw;
        while let Some(i) = rest.find(['&', '\t', '\n', '\r']) {
            out.push_str(&rest[..i]);
            let tail = &rest[i..];
            if let Some(after) = tail.strip_prefix("\r\n") {
                out.push(' ');
                rest = after;
                continue;
            }
            if !tail.starts_with('&') {
                out.push(' ');
                rest = &tail[1..];
                continue;
            }
            let reference = tail[1..]
                .find(';')
                .map(|end| &tail[1..=end])
                .filter(|name| {
                    !name.is_empty() && !name.contains(['&', '"', '\'', ' ', '\t', '\n', '\r'])
                });
            if let Some(name) = reference {
                self.resolve_reference(name, at, &mut out)?;
                rest = &tail[name.len() + 2..];
            } else {
                if self.settings.mode == BuildMode::Strict {
                    return Err(self.syntax(
                        at.loc(),
                        "malformed XML: a bare '&' in an attribute value (write it as &amp;)"
                            .into(),
                    ));
                }
                self.issues.push(
            &codes::WXR_XML_RECOVERED,
                                    "",
                                    "a bare '&' (not an entity reference) in an attribute value was kept as a literal '&'",
                                    at.loc(),
                                );
                out.push('&');
                rest = &tail[1..];
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    fn note_unknown(&mut self, element: &BytesStart<'_>, at: Pos<'_>) {
        let name = element.name();
        // Names were checked in `start`; the report shows them with the same replacement.
        let name = replace_forbidden(name.as_ref());
        if let Some(entry) = self.unknown.get_mut(name.as_ref()) {
            entry.0 += 1;
        } else {
            self.unknown
                .insert(name.clone().into_owned(), (1, at.loc()));
            self.unknown_order.push(name.into_owned());
        }
    }

    /// The one rule for characters XML 1.0 forbids (`crate::xml_chars`), wherever text is taken
    /// from: strict imports refuse the document with a located error; lenient imports replace
    /// each such character by U+FFFD and report `wxr.xml.char.replaced` at the location.
    fn checked_chars<'t>(
        &mut self,
        content: &'t str,
        place: Place,
        at: Pos<'_>,
    ) -> Result<Cow<'t, str>, ImportError> {
        if !has_forbidden(content) {
            return Ok(content.into());
        }
        self.forbidden(place, at)?;
        Ok(replace_forbidden(content))
    }

    /// Applies the rule to one place holding a forbidden character: an error (strict) or a
    /// report entry (lenient; the caller puts U+FFFD in its place).
    fn forbidden(&mut self, place: Place, at: Pos<'_>) -> Result<(), ImportError> {
        let place = place.describe();
        if self.settings.mode == BuildMode::Strict {
            return Err(self.syntax(
                at.loc(),
                format!("malformed XML: {place} holds a character XML does not allow (a control character, U+FFFE, U+FFFF or a surrogate)"),
            ));
        }
        self.issues.push(
&codes::WXR_XML_CHAR_REPLACED,
            "",
            format!("{place} held characters XML does not allow (control characters, U+FFFE, U+FFFF, surrogates); each was replaced by U+FFFD"),
            at.loc(),
        );
        Ok(())
    }

    fn text(&mut self, content: &str, at: Pos<'_>) -> Result<(), ImportError> {
        let loc = || at.loc();
        let checked = self.checked_chars(content, Place::Text, at)?;
        let mut content: &str = &checked;
        if content.contains("]]>") {
            if self.settings.mode == BuildMode::Strict {
                return Err(self.syntax(
                    loc(),
                    "malformed XML: ']]>' outside a CDATA section (a CDATA section cannot contain ']]>'; split it as ']]]]><![CDATA[>')".into(),
                ));
            }
            let message = if self.last_cdata {
                // A CDATA section that contained a raw `]]>`: the parser closed it early.
                // Everything up to the last `]]>` belongs to the section.
                if let Some(end) = content.rfind("]]>") {
                    self.text.push_str("]]>");
                    self.text.push_str(&content[..end]);
                    content = &content[end + 3..];
                }
                "a raw ']]>' closed a CDATA section early; the text after it was kept as part of the section"
            } else {
                "']]>' outside a CDATA section was kept as text"
            };
            self.issues
                .push(&codes::WXR_XML_RECOVERED, "", message, loc());
        }
        if content.contains('&') {
            // Only possible in lenient mode: the parser kept a bare `&` as text.
            self.issues.push(
                &codes::WXR_XML_RECOVERED,
                "",
                "a bare '&' (not an entity reference) was kept as a literal '&'",
                loc(),
            );
        }
        if content
            .bytes()
            .all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            let start = self.text.len();
            self.ws_ranges.push((start, start + content.len()));
        } else {
            self.leaf_text = true;
        }
        self.text.push_str(content);
        self.last_cdata = false;
        Ok(())
    }

    fn reference(&mut self, name: &str, at: Pos<'_>) -> Result<(), ImportError> {
        self.last_cdata = false;
        self.leaf_text = true;
        let mut text = std::mem::take(&mut self.text);
        let resolved = self.resolve_reference(name, at, &mut text);
        self.text = text;
        resolved
    }

    /// Appends what `&name;` stands for, in element text and attribute values alike: the five
    /// predefined entities and character references are expanded; a reference to a character
    /// XML forbids meets [`Parser::checked_chars`]'s rule; an undefined entity or a reference
    /// that names no code point is an error (strict) or kept as written (lenient).
    fn resolve_reference(
        &mut self,
        name: &str,
        at: Pos<'_>,
        out: &mut String,
    ) -> Result<(), ImportError> {
        // The name is text the reader takes too (it is kept when it names nothing).
        let name = self.checked_chars(name, Place::Reference, at)?;
        let name: &str = &name;
        let predefined = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => None,
        };
        if let Some(c) = predefined {
            out.push(c);
            return Ok(());
        }
        if let Some(number) = name.strip_prefix('#') {
            let (digits, radix) = match number.strip_prefix(['x', 'X']) {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            let code = Some(digits)
                .filter(|d| !d.is_empty() && d.chars().all(|c| c.is_digit(radix)))
                .and_then(|d| u32::from_str_radix(d, radix).ok())
                .filter(|&code| code <= 0x10_FFFF);
            if let Some(code) = code {
                if let Some(c) = char::from_u32(code).filter(|_| is_xml_code_point(code)) {
                    out.push(c);
                } else {
                    self.forbidden(Place::Reference, at)?;
                    out.push(REPLACEMENT);
                }
                return Ok(());
            }
            if self.settings.mode == BuildMode::Strict {
                return Err(self.syntax(
                    at.loc(),
                    format!("malformed XML: &{name}; is not a valid character reference"),
                ));
            }
            self.issues.push(
                &codes::WXR_XML_RECOVERED,
                "",
                format!("&{name}; is not a valid character reference; it was kept as text"),
                at.loc(),
            );
        } else {
            if self.settings.mode == BuildMode::Strict {
                return Err(self.syntax(
                    at.loc(),
                    format!("malformed XML: undefined entity &{name}; (WXR declares no entities; no DTD is read)"),
                ));
            }
            self.issues.push(
                &codes::WXR_XML_RECOVERED,
                "",
                format!("undefined entity &{name}; was kept as text"),
                at.loc(),
            );
        }
        out.push('&');
        out.push_str(name);
        out.push(';');
        Ok(())
    }

    fn end(&mut self, at: Pos<'_>) -> Result<(), ImportError> {
        let Some(node) = self.stack.pop() else {
            return Ok(());
        };
        match node {
            Node::Leaf(field) => {
                if self.ws_ranges.is_empty()
                    && let Some(value) = intern(&self.text)
                    && let Some(slot) = self.scalar_slot(field)
                {
                    *slot = Some(Cow::Borrowed(value));
                } else {
                    let value = self.take_text();
                    self.assign(field, value, at);
                }
            }
            Node::Channel => self.channel_end = Some(at.loc()),
            Node::Item => {
                if let Some(item) = self.item.take() {
                    self.finish_item(item);
                }
            }
            Node::Author => {
                if let Some(author) = self.author.take() {
                    self.doc.authors.push(author);
                }
            }
            Node::Term => {
                if let Some(term) = self.term.take() {
                    self.doc.terms.push(term);
                }
            }
            Node::Comment => {
                if let (Some(comment), Some(item)) = (self.comment.take(), self.item.as_mut()) {
                    item.comments.push(comment);
                }
            }
            Node::TermMeta | Node::PostMeta | Node::CommentMeta => {
                let key = self.meta_key.take().unwrap_or_default();
                let value = self.meta_value.take().unwrap_or_default();
                let target = match node {
                    Node::TermMeta => self.term.as_mut().map(|t| &mut t.meta),
                    Node::PostMeta => self.item.as_mut().map(|i| &mut i.meta),
                    _ => self.comment.as_mut().map(|c| &mut c.meta),
                };
                if let Some(target) = target {
                    target.push((key, value));
                }
            }
            Node::Rss | Node::Wrapper | Node::Category | Node::Ignored => {}
        }
        Ok(())
    }

    fn finish_item(&mut self, item: RawItem) {
        if let Some(kinds) = &self.settings.kinds {
            let kind = item
                .post_type
                .as_deref()
                .map(str::trim)
                .filter(|k| !k.is_empty())
                .unwrap_or("post");
            if !kinds.iter().any(|k| k == kind) {
                if let Some((count, _)) = self.skipped.get_mut(kind) {
                    *count += 1;
                } else {
                    self.skipped.insert(kind.to_owned(), (1, item.loc));
                    self.skipped_order.push(kind.to_owned());
                }
                return;
            }
        }
        self.doc.items.push(item);
    }

    /// Where a short field of the current item or comment goes.
    fn scalar_slot(&mut self, field: Field) -> Option<&mut Option<Scalar>> {
        use Field::{
            CommentApproved, CommentParent, CommentStatus, CommentType, CommentUserId, IsSticky,
            MenuOrder, PingStatus, PostParent, PostType, Status,
        };
        if let Some(comment) = self.comment.as_mut() {
            return match field {
                CommentApproved => Some(&mut comment.approved),
                CommentType => Some(&mut comment.kind),
                CommentParent => Some(&mut comment.parent),
                CommentUserId => Some(&mut comment.user_id),
                _ => None,
            };
        }
        let item = self.item.as_mut()?;
        match field {
            CommentStatus => Some(&mut item.comment_status),
            PingStatus => Some(&mut item.ping_status),
            Status => Some(&mut item.status),
            PostParent => Some(&mut item.post_parent),
            MenuOrder => Some(&mut item.menu_order),
            PostType => Some(&mut item.post_type),
            IsSticky => Some(&mut item.is_sticky),
            _ => None,
        }
    }

    fn assign(&mut self, field: Field, value: String, at: Pos<'_>) {
        use Field::{
            BaseBlogUrl, BaseSiteUrl, ChannelDescription, ChannelGenerator, ChannelLanguage,
            ChannelLink, ChannelPubDate, ChannelTitle, MetaKey, MetaValue, WxrVersion,
        };
        let channel = &mut self.doc.channel;
        match field {
            ChannelTitle => channel.title = Some(value),
            ChannelLink => {
                channel.link = Some(value);
                channel.link_loc = at.loc();
            }
            ChannelDescription => channel.description = Some(value),
            ChannelLanguage => channel.language = Some(value),
            ChannelPubDate => channel.pub_date = Some(value),
            ChannelGenerator => channel.generator = Some(value),
            WxrVersion => self.version = Some((trim_xml_space(value), at.loc())),
            BaseSiteUrl => channel.base_site_url = Some(value),
            BaseBlogUrl => channel.base_blog_url = Some(value),
            MetaKey => self.meta_key = Some(value),
            MetaValue => self.meta_value = Some(value),
            _ => self.assign_record(field, value),
        }
    }

    fn assign_record(&mut self, field: Field, value: String) {
        use Field::{
            AttachmentUrl, AuthorDisplayName, AuthorEmail, AuthorFirstName, AuthorId,
            AuthorLastName, AuthorLogin, AuthorNicename, CategoryName, CommentAuthor,
            CommentAuthorEmail, CommentAuthorIp, CommentAuthorUrl, CommentContent, CommentDate,
            CommentDateGmt, CommentId, ItemContent, ItemCreator, ItemDescription, ItemExcerpt,
            ItemGuid, ItemLink, ItemPubDate, ItemTitle, PostDate, PostDateGmt, PostId,
            PostModified, PostModifiedGmt, PostName, PostPassword, TermDescription, TermId,
            TermName, TermParent, TermSlug, TermTaxonomy,
        };
        if let Some(slot) = self.scalar_slot(field) {
            *slot = Some(Cow::Owned(value));
            return;
        }
        if let Some(author) = self.author.as_mut() {
            let slot = match field {
                AuthorId => &mut author.id,
                AuthorLogin => &mut author.login,
                AuthorNicename => &mut author.nicename,
                AuthorEmail => &mut author.email,
                AuthorDisplayName => &mut author.display_name,
                AuthorFirstName => &mut author.first_name,
                AuthorLastName => &mut author.last_name,
                _ => return,
            };
            *slot = Some(trim_xml_space(value));
            return;
        }
        if let Some(term) = self.term.as_mut() {
            match field {
                TermId => term.id = Some(trim_xml_space(value)),
                TermTaxonomy => term.taxonomy = Some(trim_xml_space(value)),
                TermSlug => term.slug = Some(trim_xml_space(value)),
                TermParent => term.parent = Some(trim_xml_space(value)),
                TermName => term.name = Some(value),
                TermDescription => term.description = Some(value),
                _ => {}
            }
            return;
        }
        if let Some(comment) = self.comment.as_mut() {
            let slot = match field {
                CommentId => &mut comment.id,
                CommentAuthor => &mut comment.author,
                CommentAuthorEmail => &mut comment.author_email,
                CommentAuthorUrl => &mut comment.author_url,
                CommentAuthorIp => &mut comment.author_ip,
                CommentDate => &mut comment.date,
                CommentDateGmt => &mut comment.date_gmt,
                CommentContent => &mut comment.content,
                _ => return,
            };
            *slot = Some(value);
            return;
        }
        if field == CategoryName {
            if let (Some(mut category), Some(item)) = (self.category.take(), self.item.as_mut()) {
                category.name = value;
                item.categories.push(category);
            }
            return;
        }
        if let Some(item) = self.item.as_mut() {
            let slot = match field {
                ItemTitle => &mut item.title,
                ItemLink => &mut item.link,
                ItemPubDate => &mut item.pub_date,
                ItemCreator => &mut item.creator,
                ItemGuid => &mut item.guid,
                ItemDescription => &mut item.description,
                ItemContent => &mut item.content,
                ItemExcerpt => &mut item.excerpt,
                PostId => &mut item.post_id,
                PostDate => &mut item.post_date,
                PostDateGmt => &mut item.post_date_gmt,
                PostModified => &mut item.post_modified,
                PostModifiedGmt => &mut item.post_modified_gmt,
                PostName => &mut item.post_name,
                PostPassword => &mut item.post_password,
                AttachmentUrl => &mut item.attachment_url,
                _ => return,
            };
            *slot = Some(value);
        }
    }

    fn finish(mut self) -> Result<(RawDocument, Issues), ImportError> {
        let Some((version, loc)) = self.version.take() else {
            let loc = self.channel_end.unwrap_or_default();
            return Err(self.syntax(
                loc,
                "missing WXR version: the channel has no wp:wxr_version (is this a WordPress export?)"
                    .into(),
            ));
        };
        if !matches!(version.as_str(), "1.0" | "1.1" | "1.2") {
            return Err(self.syntax(
                loc,
                format!("invalid WXR version {version:?}: expected 1.0, 1.1 or 1.2"),
            ));
        }
        self.doc.version = version;
        for name in std::mem::take(&mut self.unknown_order) {
            if let Some((count, loc)) = self.unknown.remove(&name) {
                self.issues.push(
&codes::WXR_ELEMENT_IGNORED,
                    "",
                    format!("{count} <{name}> element(s) are not part of WXR where they appear and were skipped (first here)"),
                    loc,
                );
            }
        }
        for kind in std::mem::take(&mut self.skipped_order) {
            let (count, loc) = self.skipped.remove(&kind).unwrap_or_default();
            self.doc.skipped.push((kind, count, loc));
        }
        Ok((self.doc, self.issues))
    }
}

/// The text without leading and trailing XML white space (space, tab, line feed, carriage
/// return), as PHP's `trim` gives WordPress: other characters Unicode calls white space (a
/// no-break space, NEL) are content.
fn trim_xml_space(value: String) -> String {
    let t = value.trim_matches([' ', '\t', '\n', '\r']);
    if t.len() == value.len() {
        value
    } else {
        t.to_owned()
    }
}
