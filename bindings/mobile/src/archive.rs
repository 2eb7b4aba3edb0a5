//! The `Archive` object: one site, indexed, shared by every thread of the app.

use crate::engine::{self, OpenSettings};
use crate::error::{Result, guard};
use crate::query::{Query, Viewer, engine_viewer};
use crate::records::{
    Author, CloudEntry, Comment, CommentThread, CommentView, DateBucket, Issue, Media, Page, Post,
    PostView, SiteSettings, Stats, Term,
};
use broadsheet::{self as core, BuildMode, PostKind, Snapshot};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

/// How to open an input. Every field has a default: `OpenOptions()` detects the format and
/// opens leniently.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OpenOptions {
    /// The format (`wxr`, `ghost`, `json`, `jsonl`); detected from the content when none.
    #[uniffi(default)]
    pub format: Option<String>,
    /// Refuse malformed input and invalid data (lenient keeps the data and reports).
    #[uniffi(default)]
    pub strict: bool,
    /// Keep only items of these kinds (`post`, `page`...); every kind when empty.
    #[uniffi(default)]
    pub kinds: Vec<String>,
    /// Refuse input larger than this many bytes.
    #[uniffi(default)]
    pub max_bytes: Option<u64>,
}

impl OpenOptions {
    fn settings(self) -> Result<OpenSettings> {
        Ok(OpenSettings {
            format: self
                .format
                .as_deref()
                .map(engine::parse_format)
                .transpose()?,
            mode: if self.strict {
                BuildMode::Strict
            } else {
                BuildMode::Lenient
            },
            kinds: (!self.kinds.is_empty()).then(|| {
                self.kinds
                    .iter()
                    .map(|k| PostKind::from(k.as_str()))
                    .collect()
            }),
            max_bytes: self.max_bytes,
        })
    }
}

/// Granularity of a date archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum DateGranularity {
    /// One bucket per year.
    Year,
    /// One bucket per month.
    Month,
    /// One bucket per day.
    Day,
}

/// How to build a tag cloud; the defaults are WordPress's `wp_tag_cloud`.
#[derive(Debug, Clone, PartialEq, uniffi::Record)]
pub struct CloudOptions {
    /// The taxonomy (`post_tag`, `category`...).
    #[uniffi(default = "post_tag")]
    pub taxonomy: String,
    /// Font size of the least used term.
    #[uniffi(default = 8.0)]
    pub smallest: f64,
    /// Font size of the most used term.
    #[uniffi(default = 22.0)]
    pub largest: f64,
    /// CSS unit of the sizes.
    #[uniffi(default = "pt")]
    pub unit: String,
    /// How many of the most used terms to show; 0 shows all.
    #[uniffi(default = 45)]
    pub number: u32,
    /// Order by post count instead of by name.
    #[uniffi(default)]
    pub by_count: bool,
    /// Descending order.
    #[uniffi(default)]
    pub descending: bool,
}

/// How to build a comment thread; the defaults are WordPress's.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ThreadOptions {
    /// Who is reading; none for the public.
    #[uniffi(default)]
    pub viewer: Option<Viewer>,
    /// How many levels comments nest; 0 for no limit.
    #[uniffi(default = 5)]
    pub max_depth: u32,
    /// Newest top-level comments first.
    #[uniffi(default)]
    pub newest_first: bool,
    /// 1-based page of top-level comments.
    #[uniffi(default = 1)]
    pub page: u32,
    /// Top-level comments per page; 0 puts all on page 1.
    #[uniffi(default)]
    pub per_page: u32,
}

/// A feed format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum FeedFormat {
    /// RSS 2.0.
    Rss,
    /// Atom 1.0.
    Atom,
    /// JSON Feed 1.1.
    JsonFeed,
}

/// The posts published just before and just after a post.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AdjacentPosts {
    /// The closest older post.
    pub previous: Option<PostView>,
    /// The closest newer post.
    pub next: Option<PostView>,
}

/// A post related to another, with the number of terms they share.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct RelatedPost {
    /// The post.
    pub post: PostView,
    /// Terms (of any taxonomy) both have.
    pub shared_terms: u64,
}

/// One site, indexed: queries, aggregates, validation, export and edits.
///
/// Thread-safe and shared: every method may be called from any thread at any time. Readers
/// see one consistent version each call (an edit is seen whole or not at all); edits are
/// applied one at a time.
#[derive(uniffi::Object)]
pub struct Archive {
    inner: RwLock<Arc<core::Archive>>,
    writer: Mutex<()>,
    import_report: core::Report,
    build_report: core::Report,
    format: String,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl Archive {
    fn from_opened(opened: engine::Opened) -> Arc<Self> {
        Arc::new(Self {
            inner: RwLock::new(Arc::new(opened.archive)),
            writer: Mutex::new(()),
            import_report: opened.import_report,
            build_report: opened.build_report,
            format: opened.format,
        })
    }

    fn current(&self) -> Arc<core::Archive> {
        self.inner
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn snapshot(&self) -> Arc<Snapshot> {
        self.current().snapshot()
    }

    /// Runs one edit while holding the writer lock.
    fn edit<T>(&self, edit: impl FnOnce(&core::Archive) -> Result<T>) -> Result<T> {
        guard(|| {
            let _writing = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
            edit(&self.current())
        })
    }
}

#[uniffi::export]
impl Archive {
    /// Opens a file in any format Broadsheet reads (WXR, Ghost JSON, native JSON or JSON
    /// Lines), detected from its content unless `options` names one.
    #[uniffi::constructor]
    pub fn open(path: String, options: OpenOptions) -> Result<Arc<Self>> {
        guard(|| {
            let opened = engine::open_path(Path::new(&path), options.settings()?)?;
            Ok(Self::from_opened(opened))
        })
    }

    /// Opens bytes in any format Broadsheet reads.
    #[uniffi::constructor]
    pub fn open_bytes(bytes: Vec<u8>, options: OpenOptions) -> Result<Arc<Self>> {
        guard(|| {
            let opened = engine::open_bytes(&bytes, options.settings()?)?;
            Ok(Self::from_opened(opened))
        })
    }

    /// An empty archive with these settings.
    #[uniffi::constructor]
    pub fn create(settings: SiteSettings) -> Result<Arc<Self>> {
        guard(|| {
            let mut site = core::Site::new("");
            settings.apply(&mut site)?;
            Ok(Self::from_opened(engine::Opened {
                archive: core::Archive::from_snapshot(Snapshot::from_site(site)),
                import_report: core::Report::new(),
                build_report: core::Report::new(),
                format: String::new(),
            }))
        })
    }

    /// The format and version the archive was opened from (`wxr-1.2`); empty when created.
    pub fn format(&self) -> String {
        self.format.clone()
    }

    /// What opening found: import recoveries and validation issues, in order.
    pub fn open_issues(&self) -> Vec<Issue> {
        let issues = self.import_report.issues.iter();
        issues
            .chain(&self.build_report.issues)
            .map(Issue::from)
            .collect()
    }

    /// The site's settings.
    pub fn settings(&self) -> Result<SiteSettings> {
        guard(|| Ok(SiteSettings::from(self.snapshot().info())))
    }

    /// The number of posts of every kind and status.
    pub fn post_count(&self) -> u64 {
        self.snapshot().post_count() as u64
    }

    /// A post's full model (private fields included), by id.
    pub fn post(&self, id: u64) -> Option<Post> {
        self.snapshot().post(core::PostId(id)).map(Post::from)
    }

    /// A post as `viewer` may see it; none when it does not exist or is not visible.
    pub fn post_view(&self, id: u64, viewer: Option<Viewer>) -> Result<Option<PostView>> {
        guard(|| {
            let snapshot = self.snapshot();
            Ok(snapshot
                .post_view(core::PostId(id), engine_viewer(viewer))
                .map(|view| PostView::of(&view, &snapshot)))
        })
    }

    /// An author by id.
    pub fn author(&self, id: u64) -> Option<Author> {
        self.snapshot().author(core::AuthorId(id)).map(Author::from)
    }

    /// An author by slug.
    pub fn author_by_slug(&self, slug: String) -> Option<Author> {
        self.snapshot().author_by_slug(&slug).map(Author::from)
    }

    /// A term by id.
    pub fn term(&self, id: u64) -> Option<Term> {
        self.snapshot().term(core::TermId(id)).map(Term::from)
    }

    /// A term by taxonomy (`post_tag`, `category`...) and slug.
    pub fn term_by_slug(&self, taxonomy: String, slug: String) -> Option<Term> {
        self.snapshot()
            .term_by_slug(&core::Taxonomy::from(taxonomy), &slug)
            .map(Term::from)
    }

    /// A comment's full model (private fields included), by id.
    pub fn comment(&self, id: u64) -> Option<Comment> {
        self.snapshot()
            .comment(core::CommentId(id))
            .map(Comment::from)
    }

    /// A media item by id.
    pub fn media(&self, id: u64) -> Option<Media> {
        self.snapshot()
            .media_item(core::MediaId(id))
            .map(Media::from)
    }

    /// Answers a query: one page of posts with the total and the cursor to go on.
    pub fn query(&self, query: Query) -> Result<Page> {
        guard(|| {
            let (engine_query, context) = query.to_engine()?;
            let snapshot = self.snapshot();
            let page = snapshot.query(&engine_query, context)?;
            Ok(Page::of(&page, &snapshot))
        })
    }

    /// Answers a filter string (`tag:kyrgyzstan+published_at:>'2013-01-01'`) for the public,
    /// newest first, with this pagination (page 1 of 10 when none).
    pub fn query_filter(
        &self,
        filter: String,
        pagination: Option<crate::query::Pagination>,
    ) -> Result<Page> {
        self.query(Query {
            filter,
            pagination,
            ..Query::default()
        })
    }

    /// The number of posts a query matches (its pagination is ignored).
    pub fn count(&self, query: Query) -> Result<u64> {
        guard(|| {
            let (engine_query, context) = query.to_engine()?;
            Ok(self.snapshot().count(&engine_query, context)?)
        })
    }

    /// Posts per year, month or day of the site's local calendar, newest first, of the posts
    /// a query matches.
    pub fn date_archive(
        &self,
        granularity: DateGranularity,
        query: Query,
    ) -> Result<Vec<DateBucket>> {
        guard(|| {
            let (engine_query, context) = query.to_engine()?;
            let granularity = match granularity {
                DateGranularity::Year => core::archive::DateGranularity::Year,
                DateGranularity::Month => core::archive::DateGranularity::Month,
                DateGranularity::Day => core::archive::DateGranularity::Day,
            };
            Ok(self
                .snapshot()
                .date_archive(granularity, &engine_query, context)?
                .iter()
                .map(DateBucket::from)
                .collect())
        })
    }

    /// The tag cloud of the published posts a query matches.
    pub fn tag_cloud(&self, query: Query, options: CloudOptions) -> Result<Vec<CloudEntry>> {
        guard(|| {
            let (engine_query, context) = query.to_engine()?;
            let engine_options = core::cloud::CloudOptions {
                smallest: options.smallest,
                largest: options.largest,
                unit: options.unit.clone(),
                number: options.number as usize,
                order_by: if options.by_count {
                    core::cloud::CloudOrder::Count
                } else {
                    core::cloud::CloudOrder::Name
                },
                descending: options.descending,
            };
            let taxonomy = core::Taxonomy::from(options.taxonomy.as_str());
            Ok(self
                .snapshot()
                .tag_cloud(&engine_query, &taxonomy, &engine_options, context)?
                .iter()
                .map(|entry| CloudEntry {
                    term: entry.term.0,
                    slug: entry.slug.clone(),
                    name: entry.name.clone(),
                    count: entry.count,
                    size: entry.size,
                    css_font_size: entry.css_font_size(&options.unit),
                })
                .collect())
        })
    }

    /// A post's comments as `viewer` may see them, oldest first, in a flat list.
    pub fn comments(&self, post: u64, viewer: Option<Viewer>) -> Result<Vec<CommentView>> {
        guard(|| {
            let viewer = engine_viewer(viewer);
            Ok(self
                .snapshot()
                .comments(core::PostId(post), viewer)
                .iter()
                .map(CommentView::from)
                .collect())
        })
    }

    /// A post's comment thread as a viewer may see it.
    pub fn comment_thread(&self, post: u64, options: ThreadOptions) -> Result<CommentThread> {
        guard(|| {
            let engine_options = core::thread::ThreadOptions {
                viewer: engine_viewer(options.viewer),
                max_depth: (options.max_depth > 0).then_some(options.max_depth as usize),
                newest_first: options.newest_first,
                page: options.page as usize,
                per_page: (options.per_page > 0).then_some(options.per_page as usize),
            };
            Ok(CommentThread::from(
                &self
                    .snapshot()
                    .comment_thread(core::PostId(post), &engine_options),
            ))
        })
    }

    /// The posts just before and after a post among those a query matches; with
    /// `same_taxonomy` (`category`...), only posts sharing a term of it.
    pub fn adjacent(
        &self,
        post: u64,
        query: Query,
        same_taxonomy: Option<String>,
    ) -> Result<AdjacentPosts> {
        guard(|| {
            let (engine_query, context) = query.to_engine()?;
            let snapshot = self.snapshot();
            let taxonomy = same_taxonomy.map(core::Taxonomy::from);
            let found = snapshot.adjacent(
                core::PostId(post),
                &engine_query,
                taxonomy.as_ref(),
                context,
            )?;
            Ok(AdjacentPosts {
                previous: found.previous.as_ref().map(|v| PostView::of(v, &snapshot)),
                next: found.next.as_ref().map(|v| PostView::of(v, &snapshot)),
            })
        })
    }

    /// Up to `limit` posts sharing the most terms with a post, among those a query matches.
    pub fn related(&self, post: u64, query: Query, limit: u32) -> Result<Vec<RelatedPost>> {
        guard(|| {
            let (engine_query, context) = query.to_engine()?;
            let snapshot = self.snapshot();
            Ok(snapshot
                .related(core::PostId(post), &engine_query, limit as usize, context)?
                .iter()
                .map(|related| RelatedPost {
                    post: PostView::of(&related.post, &snapshot),
                    shared_terms: related.shared_terms,
                })
                .collect())
        })
    }

    /// A feed of the public posts a query matches (its page), with excerpts or full content.
    pub fn feed(&self, format: FeedFormat, query: Query, full_content: bool) -> Result<String> {
        use broadsheet::formats::feed;
        guard(|| {
            let (engine_query, _) = query.to_engine()?;
            let format = match format {
                FeedFormat::Rss => feed::FeedFormat::Rss,
                FeedFormat::Atom => feed::FeedFormat::Atom,
                FeedFormat::JsonFeed => feed::FeedFormat::JsonFeed,
            };
            let content = if full_content {
                feed::FeedContent::Full
            } else {
                feed::FeedContent::Excerpt
            };
            engine::feed(&self.snapshot(), &engine_query, format, content)
        })
    }

    /// What the archive holds, as `broadsheet stats` shows it.
    pub fn stats(&self) -> Result<Stats> {
        guard(|| {
            Ok(engine::stats(
                &self.snapshot(),
                &self.import_report,
                &self.format,
            ))
        })
    }

    /// Validates the whole archive: every issue, each with its severity, code and path.
    pub fn validate(&self) -> Result<Vec<Issue>> {
        guard(|| {
            Ok(engine::validate(&self.snapshot())
                .issues
                .iter()
                .map(Issue::from)
                .collect())
        })
    }

    /// Saves the archive to a file, atomically, in a format (`wxr`, `ghost`, `json`,
    /// `jsonl`).
    pub fn save(&self, path: String, format: String) -> Result<()> {
        guard(|| {
            let format = engine::parse_format(&format)?;
            engine::save(&self.snapshot(), Path::new(&path), format)
        })
    }

    /// The archive in a format, as bytes.
    pub fn export_bytes(&self, format: String) -> Result<Vec<u8>> {
        guard(|| engine::to_bytes(&self.snapshot(), engine::parse_format(&format)?))
    }

    /// Inserts a post (its id must be new).
    pub fn insert_post(&self, post: Post) -> Result<()> {
        self.edit(|archive| Ok(archive.insert_post(post.try_into()?)?))
    }

    /// Replaces a post (its id must exist).
    pub fn update_post(&self, post: Post) -> Result<()> {
        self.edit(|archive| Ok(archive.update_post(post.try_into()?)?))
    }

    /// Deletes a post and its comments; returns the post.
    pub fn delete_post(&self, id: u64) -> Result<Post> {
        self.edit(|archive| Ok(Post::from(&archive.delete_post(core::PostId(id))?)))
    }

    /// Inserts a comment (its id must be new).
    pub fn insert_comment(&self, comment: Comment) -> Result<()> {
        self.edit(|archive| Ok(archive.insert_comment(comment.try_into()?)?))
    }

    /// Replaces a comment (its id must exist).
    pub fn update_comment(&self, comment: Comment) -> Result<()> {
        self.edit(|archive| Ok(archive.update_comment(comment.try_into()?)?))
    }

    /// Deletes a comment; returns it.
    pub fn delete_comment(&self, id: u64) -> Result<Comment> {
        self.edit(|archive| Ok(Comment::from(&archive.delete_comment(core::CommentId(id))?)))
    }

    /// Inserts a term (its id must be new).
    pub fn insert_term(&self, term: Term) -> Result<()> {
        self.edit(|archive| Ok(archive.insert_term(term.try_into()?)?))
    }

    /// Replaces a term (its id must exist).
    pub fn update_term(&self, term: Term) -> Result<()> {
        self.edit(|archive| Ok(archive.update_term(term.try_into()?)?))
    }

    /// Deletes a term, removes it from every post and gives its children its parent.
    pub fn delete_term(&self, id: u64) -> Result<Term> {
        self.edit(|archive| Ok(Term::from(&archive.delete_term(core::TermId(id))?)))
    }

    /// Inserts an author (its id must be new).
    pub fn insert_author(&self, author: Author) -> Result<()> {
        self.edit(|archive| Ok(archive.insert_author(author.try_into()?)?))
    }

    /// Replaces an author (its id must exist).
    pub fn update_author(&self, author: Author) -> Result<()> {
        self.edit(|archive| Ok(archive.update_author(author.try_into()?)?))
    }

    /// Deletes an author and removes them from every post's author list.
    pub fn delete_author(&self, id: u64) -> Result<Author> {
        self.edit(|archive| Ok(Author::from(&archive.delete_author(core::AuthorId(id))?)))
    }

    /// Inserts a media item (its id must be new).
    pub fn insert_media(&self, media: Media) -> Result<()> {
        self.edit(|archive| engine::edit_media(archive, media.try_into()?, true))
    }

    /// Replaces a media item (its id must exist).
    pub fn update_media(&self, media: Media) -> Result<()> {
        self.edit(|archive| engine::edit_media(archive, media.try_into()?, false))
    }

    /// Deletes a media item; returns it.
    pub fn delete_media(&self, id: u64) -> Result<Media> {
        self.edit(|archive| {
            let media = archive.edit(|editor| editor.delete_media(core::MediaId(id)))?;
            Ok(Media::from(&media))
        })
    }

    /// Replaces the site's settings (title, URL, time zone...).
    pub fn update_settings(&self, settings: SiteSettings) -> Result<()> {
        guard(|| {
            let _writing = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
            let next = engine::with_settings(&self.snapshot(), settings)?;
            *self.inner.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
            Ok(())
        })
    }
}
