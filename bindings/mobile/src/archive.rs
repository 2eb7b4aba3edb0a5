//! The `Archive` object: one site, indexed, shared by every thread of the app.

use crate::error::{BroadsheetError, Result, guard};
use crate::query::{Query, Viewer, engine_viewer};
use crate::records::{
    Author, CloudEntry, Comment, CommentThread, CommentView, DateBucket, Issue, Media, Page, Post,
    PostView, SiteSettings, Stats, Term,
};
use broadsheet::formats::{self, Format, ImportOptions, SourceFormat};
use broadsheet::{self as core, BuildMode, PostKind, Snapshot};
use std::ops::ControlFlow;
use std::path::Path;
use std::sync::Arc;

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
    /// Make authors' public slugs from their display names when the source gives none (a
    /// WordPress export carries logins, which some sites keep secret); from the login when false.
    #[uniffi(default)]
    pub author_slugs_from_names: bool,
}

/// Told how far opening has got; returning `false` cancels it (a cancel button), and opening
/// then fails with [`BroadsheetError::Cancelled`] and returns nothing half-built.
#[uniffi::export(with_foreign)]
pub trait OpenProgress: Send + Sync {
    /// `done` bytes of `total` (when known) have been read. Return `true` to go on.
    fn on_progress(&self, done: u64, total: Option<u64>) -> bool;
}

impl OpenOptions {
    fn engine(self, progress: Option<Arc<dyn OpenProgress>>) -> Result<ImportOptions<'static>> {
        let format = self.format.as_deref().map(format_name).transpose()?;
        Ok(ImportOptions::default()
            .with_mode(if self.strict {
                BuildMode::Strict
            } else {
                BuildMode::Lenient
            })
            .with_kinds((!self.kinds.is_empty()).then(|| {
                self.kinds
                    .iter()
                    .map(|k| PostKind::from(k.as_str()))
                    .collect()
            }))
            .with_max_bytes(self.max_bytes)
            .with_progress(progress.map(|progress| {
                Box::new(move |done, total| {
                    if progress.on_progress(done, total) {
                        ControlFlow::Continue(())
                    } else {
                        ControlFlow::Break(())
                    }
                }) as formats::ProgressCallback<'static>
            }))
            // The mobile API reports bytes only; phases are not exposed (yet).
            .with_phase(None)
            .with_author_slugs(if self.author_slugs_from_names {
                formats::import::AuthorSlugs::DisplayName
            } else {
                formats::import::AuthorSlugs::Login
            })
            .with_format(format))
    }
}

fn format_name(name: &str) -> Result<Format> {
    name.parse()
        .map_err(|reason: String| BroadsheetError::UnknownFormat { reason })
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
    inner: core::Archive,
    import_report: core::Report,
    build_report: core::Report,
    format: SourceFormat,
}

impl std::fmt::Debug for Archive {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Archive")
            .field("format", &self.format)
            .finish_non_exhaustive()
    }
}

impl Archive {
    fn from_opened(opened: formats::Opened) -> Arc<Self> {
        Arc::new(Self {
            inner: opened.archive,
            import_report: opened.import_report,
            build_report: opened.build_report,
            format: opened.format,
        })
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.inner.snapshot()
    }

    /// Runs an edit, strictly (dangling references refused) or leniently (kept and reported).
    fn edit(
        &self,
        lenient: bool,
        edit: impl FnOnce(&mut core::archive::Editor<'_>) -> Result<(), core::archive::EditError>,
    ) -> Result<Vec<Issue>> {
        guard(|| {
            if lenient {
                let ((), report) = self.inner.edit_lenient(edit)?;
                Ok(report.issues.iter().map(Issue::from).collect())
            } else {
                self.inner.edit(edit)?;
                Ok(Vec::new())
            }
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
            let opened = formats::open_path(Path::new(&path), options.engine(None)?)?;
            Ok(Self::from_opened(opened))
        })
    }

    /// Opens a file like [`Archive::open`], telling `progress` how far it has got; `progress`
    /// can cancel.
    #[uniffi::constructor]
    pub fn open_with_progress(
        path: String,
        options: OpenOptions,
        progress: Arc<dyn OpenProgress>,
    ) -> Result<Arc<Self>> {
        guard(|| {
            let opened = formats::open_path(Path::new(&path), options.engine(Some(progress))?)?;
            Ok(Self::from_opened(opened))
        })
    }

    /// Opens several files as one site (the parts of a split WordPress.com export,
    /// `site.000.xml`, `site.001.xml`...), each in any format [`Archive::open`] reads; parts are
    /// joined in order, as `broadsheet_formats::open_paths` joins them for the command and
    /// Python. An unreadable part is an `Io` error naming it.
    #[uniffi::constructor]
    pub fn open_paths(paths: Vec<String>, options: OpenOptions) -> Result<Arc<Self>> {
        guard(|| {
            if paths.is_empty() {
                return Err(BroadsheetError::UnknownFormat {
                    reason: "no input file was given".to_owned(),
                });
            }
            let opened = formats::open_paths(&paths, options.engine(None)?)?;
            Ok(Self::from_opened(opened))
        })
    }

    /// Opens bytes in any format Broadsheet reads.
    #[uniffi::constructor]
    pub fn open_bytes(bytes: Vec<u8>, options: OpenOptions) -> Result<Arc<Self>> {
        guard(|| {
            let opened = formats::open_bytes(&bytes, options.engine(None)?)?;
            Ok(Self::from_opened(opened))
        })
    }

    /// An empty archive with these settings.
    #[uniffi::constructor]
    pub fn create(settings: SiteSettings) -> Result<Arc<Self>> {
        guard(|| {
            let archive = core::Archive::from_snapshot(Snapshot::default());
            let info = settings.into_core()?;
            archive.edit(|editor| {
                editor.set_settings(info);
                Ok(())
            })?;
            Ok(Arc::new(Self {
                inner: archive,
                import_report: core::Report::new(),
                build_report: core::Report::new(),
                format: SourceFormat {
                    family: String::new(),
                    version: String::new(),
                },
            }))
        })
    }

    /// The format and version the archive was opened from (`wxr-1.2`); empty when created.
    pub fn format(&self) -> String {
        if self.format.family.is_empty() {
            String::new()
        } else {
            self.format.to_string()
        }
    }

    /// What opening found: import recoveries, then validation issues, one issue per root
    /// cause (`broadsheet_formats::combine_reports`, as `broadsheet validate` and Python's
    /// `archive.report` give them): a value the importer could not read and validation
    /// reports again is one issue, the validation's, with the importer's line and column.
    pub fn open_issues(&self) -> Vec<Issue> {
        formats::combine_reports(self.import_report.clone(), self.build_report.clone())
            .issues
            .iter()
            .map(Issue::from)
            .collect()
    }

    /// The site's settings.
    pub fn settings(&self) -> Result<SiteSettings> {
        guard(|| Ok(SiteSettings::from(self.snapshot().settings())))
    }

    /// The number of posts of every kind and status.
    pub fn post_count(&self) -> Result<u64> {
        guard(|| Ok(self.snapshot().post_count() as u64))
    }

    /// A post's full model (private fields included), by id.
    pub fn post(&self, id: u64) -> Result<Option<Post>> {
        guard(|| Ok(self.snapshot().post(core::PostId(id)).map(Post::from)))
    }

    /// The post a user names, full model (private fields included): by id when the text is a
    /// number and such a post exists, otherwise by slug (the lowest id when several share it).
    pub fn find_post(&self, id_or_slug: String) -> Result<Option<Post>> {
        guard(|| Ok(self.snapshot().find_post(&id_or_slug).map(Post::from)))
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
    pub fn author(&self, id: u64) -> Result<Option<Author>> {
        guard(|| Ok(self.snapshot().author(core::AuthorId(id)).map(Author::from)))
    }

    /// An author by slug.
    pub fn author_by_slug(&self, slug: String) -> Result<Option<Author>> {
        guard(|| Ok(self.snapshot().author_by_slug(&slug).map(Author::from)))
    }

    /// A term by id.
    pub fn term(&self, id: u64) -> Result<Option<Term>> {
        guard(|| Ok(self.snapshot().term(core::TermId(id)).map(Term::from)))
    }

    /// A term by taxonomy (`post_tag`, `category`...) and slug.
    pub fn term_by_slug(&self, taxonomy: String, slug: String) -> Result<Option<Term>> {
        guard(|| {
            Ok(self
                .snapshot()
                .term_by_slug(&core::Taxonomy::from(taxonomy), &slug)
                .map(Term::from))
        })
    }

    /// A comment's full model (private fields included), by id.
    pub fn comment(&self, id: u64) -> Result<Option<Comment>> {
        guard(|| {
            Ok(self
                .snapshot()
                .comment(core::CommentId(id))
                .map(Comment::from))
        })
    }

    /// A media item by id.
    pub fn media(&self, id: u64) -> Result<Option<Media>> {
        guard(|| {
            Ok(self
                .snapshot()
                .media_item(core::MediaId(id))
                .map(Media::from))
        })
    }

    /// Answers a query: one page of posts with the total and the cursor to go on.
    pub fn query(&self, query: Query) -> Result<Page> {
        guard(|| {
            let snapshot = self.snapshot();
            let (engine_query, context) = query.to_engine_on(&snapshot)?;
            let page = snapshot.query(&engine_query, context)?;
            Ok(Page::of(&page, &snapshot))
        })
    }

    /// Answers a filter string (`tag:kyrgyzstan+published_at:>'2013-01-01'`) for the public:
    /// the first page of 10, newest first. Anything more is a [`Query`].
    pub fn query_filter(&self, filter: String) -> Result<Page> {
        self.query(Query {
            filter: Some(filter),
            ..Query::default()
        })
    }

    /// The number of posts a query matches (its pagination is ignored).
    pub fn count(&self, query: Query) -> Result<u64> {
        guard(|| {
            let snapshot = self.snapshot();
            let (engine_query, context) = query.to_engine_on(&snapshot)?;
            Ok(snapshot.count(&engine_query, context)?)
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
            let snapshot = self.snapshot();
            let (engine_query, context) = query.to_engine_on(&snapshot)?;
            let granularity = match granularity {
                DateGranularity::Year => core::archive::DateGranularity::Year,
                DateGranularity::Month => core::archive::DateGranularity::Month,
                DateGranularity::Day => core::archive::DateGranularity::Day,
            };
            Ok(snapshot
                .date_archive(granularity, &engine_query, context)?
                .iter()
                .map(DateBucket::from)
                .collect())
        })
    }

    /// The tag cloud of the published posts a query matches.
    pub fn tag_cloud(&self, query: Query, options: CloudOptions) -> Result<Vec<CloudEntry>> {
        guard(|| {
            let snapshot = self.snapshot();
            let (engine_query, context) = query.to_engine_on(&snapshot)?;
            let engine_options = core::cloud::CloudOptions::default()
                .with_smallest(options.smallest)
                .with_largest(options.largest)
                .with_unit(options.unit.clone())
                .with_number(options.number as usize)
                .with_order_by(if options.by_count {
                    core::cloud::CloudOrder::Count
                } else {
                    core::cloud::CloudOrder::Name
                })
                .with_descending(options.descending);
            let taxonomy = core::Taxonomy::from(options.taxonomy.as_str());
            Ok(snapshot
                .tag_cloud(&engine_query, &taxonomy, &engine_options, context)?
                .iter()
                .map(|entry| CloudEntry {
                    term: entry.term.id().0,
                    slug: entry.term.slug().to_owned(),
                    name: entry.term.name().to_owned(),
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
                .post_comments(core::PostId(post), viewer)
                .iter()
                .map(CommentView::from)
                .collect())
        })
    }

    /// A post's comment thread as a viewer may see it.
    pub fn comment_thread(&self, post: u64, options: ThreadOptions) -> Result<CommentThread> {
        guard(|| {
            let engine_options = core::thread::ThreadOptions::default()
                .with_viewer(engine_viewer(options.viewer))
                .with_max_depth((options.max_depth > 0).then_some(options.max_depth as usize))
                .with_newest_first(options.newest_first)
                .with_page(options.page as usize)
                .with_per_page((options.per_page > 0).then_some(options.per_page as usize));
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
            let snapshot = self.snapshot();
            let (engine_query, context) = query.to_engine_on(&snapshot)?;
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
            let snapshot = self.snapshot();
            let (engine_query, context) = query.to_engine_on(&snapshot)?;
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
        guard(|| {
            let snapshot = self.snapshot();
            let (engine_query, _) = query.to_engine_on(&snapshot)?;
            feed(&snapshot, &engine_query, format, full_content)
        })
    }

    /// What the archive holds, as `broadsheet stats` shows it; its warnings and errors are
    /// what opening found (import and validation).
    pub fn stats(&self) -> Result<Stats> {
        guard(|| {
            let report =
                formats::combine_reports(self.import_report.clone(), self.build_report.clone());
            let snapshot = self.snapshot();
            Ok(Stats::from(&formats::Stats::compute(
                &*snapshot,
                &report,
                &self.format,
            )))
        })
    }

    /// Validates the archive as it is now (after any edits), as `broadsheet validate` reports
    /// a file: what opening recovered, then every validation issue of the current content, each
    /// with its severity, code and path, one issue per root cause
    /// (`broadsheet_formats::combine_reports`: an issue validation finds again in a value the
    /// importer could not read keeps the importer's line and column).
    pub fn validate(&self) -> Result<Vec<Issue>> {
        guard(|| {
            let snapshot = self.snapshot();
            let current = core::validate(snapshot.as_ref(), &core::ValidationOptions::default());
            Ok(
                formats::combine_reports(self.import_report.clone(), current)
                    .issues
                    .iter()
                    .map(Issue::from)
                    .collect(),
            )
        })
    }

    /// Saves the archive to a file, atomically, in a format (`wxr`, `ghost`, `json`,
    /// `jsonl`).
    pub fn save(&self, path: String, format: String) -> Result<()> {
        guard(|| {
            let format = format_name(&format)?;
            Ok(formats::save(&*self.snapshot(), Path::new(&path), format)?)
        })
    }

    /// The archive in a format, as bytes.
    pub fn export_bytes(&self, format: String) -> Result<Vec<u8>> {
        guard(|| Ok(formats::to_bytes(&*self.snapshot(), format_name(&format)?)?))
    }

    /// Inserts a post (its id must be new). A lenient edit keeps references to missing
    /// authors, terms or parents and returns them as issues; a strict one refuses them.
    #[uniffi::method(default(lenient = false))]
    pub fn insert_post(&self, post: Post, lenient: bool) -> Result<Vec<Issue>> {
        let post = post.try_into()?;
        self.edit(lenient, |e| e.insert_post(post))
    }

    /// Replaces a post (its id must exist); lenient as for [`Archive::insert_post`].
    #[uniffi::method(default(lenient = false))]
    pub fn update_post(&self, post: Post, lenient: bool) -> Result<Vec<Issue>> {
        let post = post.try_into()?;
        self.edit(lenient, |e| e.update_post(post))
    }

    /// Deletes a post and its comments; returns the post.
    pub fn delete_post(&self, id: u64) -> Result<Post> {
        guard(|| {
            Ok(Post::from(
                &self.inner.edit(|e| e.delete_post(core::PostId(id)))?,
            ))
        })
    }

    /// Inserts a comment (its id must be new); lenient as for [`Archive::insert_post`].
    #[uniffi::method(default(lenient = false))]
    pub fn insert_comment(&self, comment: Comment, lenient: bool) -> Result<Vec<Issue>> {
        let comment = comment.try_into()?;
        self.edit(lenient, |e| e.insert_comment(comment))
    }

    /// Replaces a comment (its id must exist); lenient as for [`Archive::insert_post`].
    #[uniffi::method(default(lenient = false))]
    pub fn update_comment(&self, comment: Comment, lenient: bool) -> Result<Vec<Issue>> {
        let comment = comment.try_into()?;
        self.edit(lenient, |e| e.update_comment(comment))
    }

    /// Deletes a comment; returns it.
    pub fn delete_comment(&self, id: u64) -> Result<Comment> {
        guard(|| {
            Ok(Comment::from(
                &self.inner.edit(|e| e.delete_comment(core::CommentId(id)))?,
            ))
        })
    }

    /// Inserts a term (its id must be new); lenient as for [`Archive::insert_post`].
    #[uniffi::method(default(lenient = false))]
    pub fn insert_term(&self, term: Term, lenient: bool) -> Result<Vec<Issue>> {
        let term = term.try_into()?;
        self.edit(lenient, |e| e.insert_term(term))
    }

    /// Replaces a term (its id must exist); lenient as for [`Archive::insert_post`].
    #[uniffi::method(default(lenient = false))]
    pub fn update_term(&self, term: Term, lenient: bool) -> Result<Vec<Issue>> {
        let term = term.try_into()?;
        self.edit(lenient, |e| e.update_term(term))
    }

    /// Deletes a term, removes it from every post and gives its children its parent.
    pub fn delete_term(&self, id: u64) -> Result<Term> {
        guard(|| {
            Ok(Term::from(
                &self.inner.edit(|e| e.delete_term(core::TermId(id)))?,
            ))
        })
    }

    /// Inserts an author (its id must be new).
    pub fn insert_author(&self, author: Author) -> Result<()> {
        let author = author.try_into()?;
        self.edit(false, |e| e.insert_author(author)).map(drop)
    }

    /// Replaces an author (its id must exist).
    pub fn update_author(&self, author: Author) -> Result<()> {
        let author = author.try_into()?;
        self.edit(false, |e| e.update_author(author)).map(drop)
    }

    /// Deletes an author and removes them from every post's author list.
    pub fn delete_author(&self, id: u64) -> Result<Author> {
        guard(|| {
            Ok(Author::from(
                &self.inner.edit(|e| e.delete_author(core::AuthorId(id)))?,
            ))
        })
    }

    /// Inserts a media item (its id must be new); lenient as for [`Archive::insert_post`].
    #[uniffi::method(default(lenient = false))]
    pub fn insert_media(&self, media: Media, lenient: bool) -> Result<Vec<Issue>> {
        let media = media.try_into()?;
        self.edit(lenient, |e| e.insert_media(media))
    }

    /// Replaces a media item (its id must exist); lenient as for [`Archive::insert_post`].
    #[uniffi::method(default(lenient = false))]
    pub fn update_media(&self, media: Media, lenient: bool) -> Result<Vec<Issue>> {
        let media = media.try_into()?;
        self.edit(lenient, |e| e.update_media(media))
    }

    /// Deletes a media item; returns it.
    pub fn delete_media(&self, id: u64) -> Result<Media> {
        guard(|| {
            Ok(Media::from(
                &self.inner.edit(|e| e.delete_media(core::MediaId(id)))?,
            ))
        })
    }

    /// Replaces the site's settings (title, URL, time zone...).
    pub fn update_settings(&self, settings: SiteSettings) -> Result<()> {
        let info = settings.into_core()?;
        self.edit(false, |e| {
            e.set_settings(info);
            Ok(())
        })
        .map(drop)
    }
}

/// A feed of a query's public posts.
#[cfg(feature = "feeds")]
fn feed(
    snapshot: &Snapshot,
    query: &core::Query,
    format: FeedFormat,
    full_content: bool,
) -> Result<String> {
    use broadsheet::formats::feed;
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
    let items = feed::query_items(snapshot, query, content)?;
    let channel = feed::FeedChannel::for_site(snapshot, format).with_updated_from(&items);
    Ok(feed::render_feed(format, &channel, &items))
}

/// Feeds are left out of this build.
#[cfg(not(feature = "feeds"))]
fn feed(_: &Snapshot, _: &core::Query, _: FeedFormat, _: bool) -> Result<String> {
    Err(BroadsheetError::Export {
        reason: "feed support is not built into this library (Cargo feature `feeds` of broadsheet-mobile)".into(),
        path: None,
    })
}
