//! The site plan: every page the site has (listings, posts, pages) and its path, known before
//! anything is written, so that pages link only to pages that exist.

use super::{
    AuthorId, CloudEntry, CloudOptions, DateGranularity, HashMap, HashSet, PagePath,
    PermalinkStructure, PostId, PostView, Query, RefCell, RenderError, RenderOptions, Snapshot,
    Taxonomy, TermId, Value, Viewer, claim, day_name, month_name, safe_segment, strip_html,
};
use broadsheet::query::{AuthorRef, Match, Predicate, TermRef};

/// Which archive a listing is.
#[derive(Debug, Clone)]
pub(super) enum ListingKind {
    Home,
    Tag(TermId),
    Category(TermId),
    Year(i32),
    Author(AuthorId),
    Month(i32, u32),
    Day(i32, u32, u32),
}

/// A paginated archive: its first page's path, its query and its number of pages.
#[derive(Debug, Clone)]
pub(super) struct Listing {
    pub(super) kind: ListingKind,
    pub(super) path: PagePath,
    pub(super) query: Query,
    pub(super) pages: u64,
}

/// The most ancestors a category's path names (deeper ones are left out of the path).
const MAX_CATEGORY_DEPTH: usize = 16;

/// The most ancestors a page's path names.
const MAX_PAGE_DEPTH: usize = 16;

/// The most terms, and the most authors, one item of an archive's feed names.
const FEED_NAMES: usize = 24;

/// One file to write.
#[derive(Debug, Clone, Copy)]
pub(super) enum Job {
    List {
        listing: usize,
        page: u64,
    },
    Post(PostId),
    /// Page `n` (2 and up) of a post split by `<!--nextpage-->`.
    PostPart(PostId, usize),
    /// The RSS feed of a listing's first page, `feed.xml` beside it.
    Feed(usize),
    /// The search page, `search/index.html`, with the index embedded.
    Search,
    /// The search index, `search/index.json`.
    SearchIndex,
    /// A file copied from the templates as it is, at the root (`style.css`, `search.js`; from
    /// the templates directory when it has one).
    Asset(&'static str),
}

/// The site's plan: every page's path, known before anything is written, so that pages link
/// only to pages that exist.
pub(super) struct SitePlan<'a> {
    pub(super) snapshot: &'a Snapshot,
    pub(super) base: Query,
    pub(super) per_page: u64,
    pub(super) listings: Vec<Listing>,
    pub(super) tag_pages: HashMap<TermId, PagePath>,
    pub(super) category_pages: HashMap<TermId, PagePath>,
    pub(super) author_pages: HashMap<AuthorId, PagePath>,
    pub(super) month_pages: HashMap<(i32, u32), PagePath>,
    /// Each day with a published post: `yyyy/mm/dd/`, as WordPress's day archives.
    pub(super) day_pages: HashMap<(i32, u32, u32), PagePath>,
    pub(super) year_pages: HashMap<i32, PagePath>,
    /// Published pages (kind `page`), by id, and the top-level ones in menu order.
    pub(super) pages: Vec<PostId>,
    pub(super) top_pages: Vec<PostId>,
    /// Each published page's published children, in menu order.
    pub(super) children: HashMap<PostId, Vec<PostId>>,
    /// The categories with posts, in name order, with their depth in the hierarchy.
    pub(super) categories: Vec<(TermId, usize)>,
    pub(super) post_pages: HashMap<PostId, PagePath>,
    /// The paths of pages 2 and up of each post split by `<!--nextpage-->`.
    pub(super) parts: HashMap<PostId, Vec<PagePath>>,
    /// Each rendered post's and page's public address, absolute (the site's URL and its
    /// permalink, or its own link on another host), when it is an http(s) URL: the page's
    /// canonical link; HTML-escaped, ready for an attribute.
    pub(super) permalinks: HashMap<PostId, Value>,
    pub(super) posts: Vec<PostId>,
    pub(super) cloud: Vec<CloudEntry>,
    pub(super) cloud_unit: String,
    pub(super) months: Vec<(i32, u32, u64)>,
    /// The sidebar's cloud and months, by page depth (links depend on nothing else).
    pub(super) sidebars: RefCell<HashMap<usize, (Value, Value)>>,
    /// Each post's sanitised content, lead and excerpt (a post shows on many pages).
    pub(super) sanitised: RefCell<HashMap<PostId, Sanitised>>,
    /// The authors, tags and categories list pages name of each post, found once: a post
    /// with 100,000 tags is on 100,000 tag pages, which must not each walk its terms.
    pub(super) listed: RefCell<HashMap<PostId, std::rc::Rc<Listed>>>,
    /// WordPress's core shortcodes, galleries reading the site's media.
    pub(super) shortcodes: crate::content::Shortcodes,
}

/// The first authors, tags and categories a list page names of a post, and how many of each
/// it has.
pub(super) struct Listed {
    /// The first authors, at most `LIST_TERMS`, in the post's order.
    pub(super) authors: Vec<AuthorId>,
    /// All the post's authors.
    pub(super) author_count: usize,
    /// The first tags, at most `LIST_TERMS`, in the post's order.
    pub(super) tags: Vec<TermId>,
    /// All the post's tags.
    pub(super) tag_count: usize,
    /// The first categories, at most `LIST_TERMS`.
    pub(super) categories: Vec<TermId>,
    /// All the post's categories.
    pub(super) category_count: usize,
}

/// A post's HTML as WordPress displays it, after the public HTML policy.
#[derive(Clone)]
pub(super) struct Sanitised {
    /// The content of the post's first page, as displayed (a single post's page).
    pub(super) content: Option<Value>,
    /// The content's pages, split at `<!--nextpage-->`, as written (one when unsplit).
    pub(super) pages: std::rc::Rc<[String]>,
    /// The explicit excerpt.
    pub(super) lead: Option<Value>,
    /// The library's summary excerpt (plain words).
    pub(super) excerpt: Option<Value>,
    /// What list pages show: the explicit excerpt, else the content before `<!--more-->`,
    /// else the whole content.
    pub(super) summary: Option<Value>,
    /// Whether the summary is shorter than the post (a "Continue reading" link): an explicit
    /// excerpt, a `<!--more-->` tag or more than one page.
    pub(super) more: bool,
}

impl<'a> SitePlan<'a> {
    /// The path a job writes (`None` for a post the plan does not hold).
    pub(super) fn path_of(&self, job: Job) -> Option<PagePath> {
        match job {
            Job::List { listing, page } => Some(self.listings.get(listing)?.path.paged(page)),
            Job::Post(id) => self.post_pages.get(&id).cloned(),
            Job::PostPart(id, n) => self.parts.get(&id)?.get(n.checked_sub(2)?).cloned(),
            Job::Feed(listing) => Some(self.listings.get(listing)?.path.with_file("feed.xml")),
            Job::Search => Some(crate::search::search_path()),
            Job::SearchIndex => Some(crate::search::search_path().with_file("index.json")),
            Job::Asset(name) => Some(PagePath::home().with_file(name)),
        }
    }

    /// The RSS feed of a listing: its newest posts (a page's worth), excerpts only, every HTML
    /// field through the library's sanitiser.
    pub(super) fn feed(&self, listing: usize) -> Result<(PagePath, String), RenderError> {
        use broadsheet::formats::feed::{
            FeedChannel, FeedContent, FeedFormat, feed_item, render_feed,
        };
        let listing = &self.listings[listing];
        let snapshot = self.snapshot;
        let query = listing.query.clone().page(1, self.per_page);
        // Each item names at most FEED_NAMES terms and as many authors: an archive's feed
        // stays the same size however many terms and authors its posts have (a post with
        // 4,000 tags is in 4,000 feeds).
        let items: Vec<_> = snapshot
            .query(&query, Viewer::Anonymous)?
            .posts
            .iter()
            .filter_map(|view| snapshot.post(view.id()))
            .map(|post| {
                if post.terms.len() <= FEED_NAMES && post.authors.len() <= FEED_NAMES {
                    return feed_item(snapshot, post, FeedContent::Excerpt);
                }
                let mut fewer = post.clone();
                fewer.terms.truncate(FEED_NAMES);
                fewer.authors.truncate(FEED_NAMES);
                feed_item(snapshot, &fewer, FeedContent::Excerpt)
            })
            .collect();
        let format = FeedFormat::Rss;
        let mut channel = match &listing.kind {
            ListingKind::Tag(id) | ListingKind::Category(id) => match snapshot.term(*id) {
                Some(term) => FeedChannel::for_term(snapshot, term, format),
                None => FeedChannel::for_site(snapshot, format),
            },
            ListingKind::Author(id) => match snapshot.author(*id) {
                Some(author) => FeedChannel::for_author(snapshot, author, format),
                None => FeedChannel::for_site(snapshot, format),
            },
            ListingKind::Year(year) => {
                let mut channel = FeedChannel::for_site(snapshot, format);
                channel.title = format!("{} » {year}", channel.title);
                channel
            }
            ListingKind::Month(year, month) => {
                let mut channel = FeedChannel::for_site(snapshot, format);
                channel.title = format!("{} » {}", channel.title, month_name(*year, *month));
                channel
            }
            ListingKind::Day(year, month, day) => {
                let mut channel = FeedChannel::for_site(snapshot, format);
                channel.title = format!("{} » {}", channel.title, day_name(*year, *month, *day));
                channel
            }
            ListingKind::Home => FeedChannel::for_site(snapshot, format),
        };
        channel = channel.with_updated_from(&items);
        Ok((
            listing.path.with_file("feed.xml"),
            render_feed(format, &channel, &items),
        ))
    }

    pub(super) fn new(
        snapshot: &'a Snapshot,
        options: &RenderOptions,
    ) -> Result<Self, RenderError> {
        let viewer = Viewer::Anonymous;
        let mut named: Vec<&str> = Vec::new();
        for slug in &options.tags {
            if snapshot.term_by_slug(&Taxonomy::Tag, slug).is_none() {
                return Err(RenderError::UnknownTag(slug.clone()));
            }
            if !named.contains(&slug.as_str()) {
                named.push(slug);
            }
        }
        let base = if named.is_empty() {
            Query::new()
        } else {
            Query::new().any_tags(&named)
        };
        let per_page = options.per_page;
        let pages_of = |query: &Query| -> Result<u64, RenderError> {
            let count = snapshot.count(query, viewer)?;
            Ok(count.div_ceil(per_page).max(1))
        };
        let mut taken: HashSet<PagePath> = HashSet::new();
        let mut listings: Vec<Listing> = Vec::new();
        let add = |listings: &mut Vec<Listing>,
                   taken: &mut HashSet<PagePath>,
                   kind: ListingKind,
                   path: PagePath,
                   query: Query|
         -> Result<(), RenderError> {
            let pages = pages_of(&query)?;
            for page in 2..=pages {
                taken.insert(path.paged(page));
            }
            listings.push(Listing {
                kind,
                path,
                query,
                pages,
            });
            Ok(())
        };

        let home = PagePath::home();
        taken.insert(home.clone());
        taken.insert(crate::search::search_path());
        add(
            &mut listings,
            &mut taken,
            ListingKind::Home,
            home,
            base.clone().sticky_first(),
        )?;

        // Tags: the named ones, or every tag with a published post.
        let mut tags: Vec<(TermId, String)> = if named.is_empty() {
            snapshot
                .term_counts(&Taxonomy::Tag, &base, viewer)?
                .into_iter()
                .map(|count| (count.term.id(), count.term.slug().to_owned()))
                .collect()
        } else {
            named
                .iter()
                .filter_map(|slug| snapshot.term_by_slug(&Taxonomy::Tag, slug))
                .map(|term| (term.id, term.slug.to_string()))
                .collect()
        };
        tags.sort();
        let mut tag_pages = HashMap::new();
        for (id, slug) in tags {
            let segment = safe_segment(&slug).unwrap_or_else(|| format!("tag-{}", id.0));
            let path = claim(&mut taken, PagePath::dir(vec!["tag".into(), segment]), id.0);
            tag_pages.insert(id, path.clone());
            add(
                &mut listings,
                &mut taken,
                ListingKind::Tag(id),
                path,
                base.clone().filter(Predicate::Terms {
                    taxonomy: Taxonomy::Tag,
                    terms: vec![TermRef::Id(id)],
                    mode: Match::Any,
                    descendants: false,
                }),
            )?;
        }

        // Categories with a published post, at their place in the hierarchy
        // (`category/parent/child/`), each listing its own and its descendants' posts.
        let mut category_pages = HashMap::new();
        let mut categories: Vec<(TermId, usize)> = Vec::new();
        if named.is_empty() {
            let mut ids: Vec<TermId> = snapshot
                .term_counts(&Taxonomy::Category, &base, viewer)?
                .into_iter()
                .map(|count| count.term.id())
                .collect();
            ids.sort();
            for id in ids {
                let Some(term) = snapshot.term(id) else {
                    continue;
                };
                let mut segments = Vec::new();
                let mut seen = HashSet::new();
                let mut current = Some(term);
                // At most MAX_CATEGORY_DEPTH ancestors are walked (a cycle stops the walk).
                while let Some(term) = current {
                    if segments.len() == MAX_CATEGORY_DEPTH || !seen.insert(term.id) {
                        break;
                    }
                    segments.push(
                        safe_segment(term.slug.as_str())
                            .unwrap_or_else(|| format!("category-{}", term.id.0)),
                    );
                    current = term.parent.and_then(|parent| snapshot.term(parent));
                }
                let depth = segments.len() - 1;
                segments.push("category".into());
                segments.reverse();
                let path = claim(&mut taken, PagePath::dir(segments), id.0);
                category_pages.insert(id, path.clone());
                categories.push((id, depth));
                add(
                    &mut listings,
                    &mut taken,
                    ListingKind::Category(id),
                    path,
                    base.clone().filter(Predicate::Terms {
                        taxonomy: Taxonomy::Category,
                        terms: vec![TermRef::Id(id)],
                        mode: Match::Any,
                        descendants: true,
                    }),
                )?;
            }
            categories.sort_by_cached_key(|(id, _)| category_pages.get(id).cloned());
        }

        let mut authors: Vec<AuthorId> = snapshot
            .author_counts(&base, viewer)?
            .into_iter()
            .map(|count| count.author)
            .collect();
        authors.sort();
        let mut author_pages = HashMap::new();
        for id in authors {
            let Some(author) = snapshot.author(id) else {
                continue;
            };
            let slug = author.slug.to_string();
            let segment = safe_segment(&slug).unwrap_or_else(|| format!("author-{}", id.0));
            let path = claim(
                &mut taken,
                PagePath::dir(vec!["author".into(), segment]),
                id.0,
            );
            author_pages.insert(id, path.clone());
            add(
                &mut listings,
                &mut taken,
                ListingKind::Author(id),
                path,
                base.clone().filter(Predicate::Authors {
                    authors: vec![AuthorRef::Id(id)],
                }),
            )?;
        }

        let months: Vec<(i32, u32, u64)> = snapshot
            .date_archive(DateGranularity::Month, &base, viewer)?
            .into_iter()
            .filter_map(|date| date.month.map(|month| (date.year, month, date.count)))
            .collect();
        let mut year_pages = HashMap::new();
        for year in snapshot
            .date_archive(DateGranularity::Year, &base, viewer)?
            .into_iter()
            .map(|date| date.year)
        {
            let path = claim(&mut taken, PagePath::dir(vec![format!("{year:04}")]), 0);
            year_pages.insert(year, path.clone());
            add(
                &mut listings,
                &mut taken,
                ListingKind::Year(year),
                path,
                base.clone().year(year),
            )?;
        }
        let mut month_pages = HashMap::new();
        for &(year, month, _) in &months {
            let path = claim(
                &mut taken,
                PagePath::dir(vec![format!("{year:04}"), format!("{month:02}")]),
                0,
            );
            month_pages.insert((year, month), path.clone());
            add(
                &mut listings,
                &mut taken,
                ListingKind::Month(year, month),
                path,
                base.clone().year(year).month(month),
            )?;
        }

        // Day archives come before the posts, whose default permalinks live under them
        // (`2013/05/30/<slug>/`).
        let mut day_pages = HashMap::new();
        for date in snapshot.date_archive(DateGranularity::Day, &base, viewer)? {
            let (Some(month), Some(day)) = (date.month, date.day) else {
                continue;
            };
            let year = date.year;
            let path = claim(
                &mut taken,
                PagePath::dir(vec![
                    format!("{year:04}"),
                    format!("{month:02}"),
                    format!("{day:02}"),
                ]),
                0,
            );
            day_pages.insert((year, month, day), path.clone());
            add(
                &mut listings,
                &mut taken,
                ListingKind::Day(year, month, day),
                path,
                base.clone().year(year).month(month).day(day),
            )?;
        }

        // Every post the listings show, at its permalink.
        let total = snapshot.count(&base, viewer)?;
        let mut posts: Vec<PostId> = Vec::new();
        if total > 0 {
            let page = snapshot.query(&base.clone().page(1, total), viewer)?;
            posts.extend(page.posts.iter().map(PostView::id));
        }
        posts.sort();
        let site: &Snapshot = snapshot;
        let structure = PermalinkStructure::of(site);
        let mut post_pages = HashMap::new();
        for id in &posts {
            let Some(post) = snapshot.post(*id) else {
                continue;
            };
            // An own link on another host (a WXR `<link>` outside the site's URL that no
            // structure reproduces: a post first published elsewhere, a site that moved) is
            // where the post's original lives, not a path here: the page goes where the
            // structure puts the post's slug, and the link is its canonical address.
            let link = structure.path(site, post);
            let local = if link.starts_with('/') {
                link
            } else {
                structure.structure_path(site, post)
            };
            let path = PagePath::from_permalink(&local)
                .or_else(|| {
                    let date = post.published?.local_date();
                    let slug = safe_segment(post.slug.as_ref()?.as_str())?;
                    Some(PagePath::dir(vec![
                        date.format("%Y").to_string(),
                        date.format("%m").to_string(),
                        date.format("%d").to_string(),
                        slug,
                    ]))
                })
                .unwrap_or_else(|| PagePath::dir(vec!["p".into(), id.0.to_string()]));
            post_pages.insert(*id, claim(&mut taken, path, id.0));
        }

        let mut gallery = HashMap::new();
        for media in broadsheet::SiteData::media(snapshot) {
            gallery.insert(
                media.id.0,
                crate::content::GalleryImage {
                    url: media.url.as_str().to_owned(),
                    alt: strip_html(&media.alt_text),
                    caption: media.caption.clone(),
                },
            );
        }
        let shortcodes = crate::content::core_shortcodes(true, gallery);
        // Published pages, nested under their parents (`about/team/`).
        let page_query = Query::new().kinds([broadsheet::PostKind::Page]);
        let page_total = snapshot.count(&page_query, viewer)?;
        let mut pages: Vec<PostId> = Vec::new();
        if named.is_empty() && page_total > 0 {
            let found = snapshot.query(&page_query.clone().page(1, page_total), viewer)?;
            pages.extend(found.posts.iter().map(PostView::id));
        }
        pages.sort();
        let page_set: HashSet<PostId> = pages.iter().copied().collect();
        let mut children: HashMap<PostId, Vec<PostId>> = HashMap::new();
        let mut top_pages = Vec::new();
        for id in &pages {
            let Some(page) = snapshot.post(*id) else {
                continue;
            };
            match page.parent.filter(|parent| page_set.contains(parent)) {
                Some(parent) => children.entry(parent).or_default().push(*id),
                None => top_pages.push(*id),
            }
            let mut segments = Vec::new();
            let mut seen = HashSet::new();
            let mut current = Some(page);
            while let Some(page) = current {
                if segments.len() == MAX_PAGE_DEPTH || !seen.insert(page.id) {
                    break;
                }
                segments.push(
                    page.slug
                        .as_ref()
                        .and_then(|slug| safe_segment(slug.as_str()))
                        .unwrap_or_else(|| format!("page-{}", page.id.0)),
                );
                current = page
                    .parent
                    .filter(|parent| page_set.contains(parent))
                    .and_then(|parent| snapshot.post(parent));
            }
            segments.reverse();
            post_pages.insert(*id, claim(&mut taken, PagePath::dir(segments), id.0));
        }
        // Pages 2 and up of posts split by `<!--nextpage-->` (what the public sees: a
        // protected post has one page).
        let mut parts = HashMap::new();
        let mut split: Vec<PostId> = post_pages.keys().copied().collect();
        split.sort();
        for id in split {
            let Some(count) = snapshot
                .post_view(id, viewer)
                .and_then(|view| {
                    view.content()
                        .map(|c| broadsheet::excerpt::content_pages(c).len())
                })
                .filter(|count| *count > 1)
            else {
                continue;
            };
            let first = post_pages[&id].clone();
            let paths: Vec<PagePath> = (2..=count)
                .map(|n| claim(&mut taken, first.part(n), id.0))
                .collect();
            parts.insert(id, paths);
        }
        let menu_order = |id: &PostId| {
            snapshot
                .post(*id)
                .map(|p| (p.menu_order, p.title.clone()))
                .unwrap_or_default()
        };
        top_pages.sort_by_cached_key(menu_order);
        for list in children.values_mut() {
            list.sort_by_cached_key(menu_order);
        }

        let cloud_options = CloudOptions::default();
        let cloud = snapshot.tag_cloud(&base, &Taxonomy::Tag, &cloud_options, viewer)?;
        let permalinks = posts
            .iter()
            .chain(&pages)
            .filter_map(|id| {
                let post = snapshot.post(*id)?;
                let link = structure.permalink(site, post);
                let url = broadsheet::Url::parse(&link).ok()?;
                // Escaped here and marked safe, so that the link reads as written (templates
                // would escape its `/` too).
                crate::pages::web_url(&url).map(|url| {
                    (
                        *id,
                        Value::from_safe_string(crate::content::escape_html(&url)),
                    )
                })
            })
            .collect();
        Ok(SitePlan {
            snapshot,
            permalinks,
            base,
            per_page,
            listings,
            tag_pages,
            category_pages,
            year_pages,
            pages,
            top_pages,
            children,
            categories,
            author_pages,
            month_pages,
            day_pages,
            post_pages,
            parts,
            posts,
            cloud,
            cloud_unit: cloud_options.unit,
            months,
            sidebars: RefCell::new(HashMap::new()),
            sanitised: RefCell::new(HashMap::new()),
            listed: RefCell::new(HashMap::new()),
            shortcodes,
        })
    }
}
