//! The site plan: every page the site has (listings, posts, pages) and its path, known before
//! anything is written, so that pages link only to pages that exist.

use super::*;

/// Which archive a listing is.
#[derive(Debug, Clone)]
pub(super) enum ListingKind {
    Home,
    Tag(TermId),
    Author(AuthorId),
    Month(i32, u32),
}

/// A paginated archive: its first page's path, its query and its number of pages.
#[derive(Debug, Clone)]
pub(super) struct Listing {
    pub(super) kind: ListingKind,
    pub(super) path: PagePath,
    pub(super) query: Query,
    pub(super) pages: u64,
}

/// One file to write.
#[derive(Debug, Clone, Copy)]
pub(super) enum Job {
    List { listing: usize, page: u64 },
    Post(PostId),
}

/// The site's plan: every page's path, known before anything is written, so that pages link
/// only to pages that exist.
pub(super) struct SitePlan<'a> {
    pub(super) snapshot: &'a Snapshot,
    pub(super) base: Query,
    pub(super) per_page: u64,
    pub(super) listings: Vec<Listing>,
    pub(super) tag_pages: HashMap<TermId, PagePath>,
    pub(super) author_pages: HashMap<AuthorId, PagePath>,
    pub(super) month_pages: HashMap<(i32, u32), PagePath>,
    pub(super) post_pages: HashMap<PostId, PagePath>,
    pub(super) posts: Vec<PostId>,
    pub(super) cloud: Vec<CloudEntry>,
    pub(super) cloud_unit: String,
    pub(super) months: Vec<(i32, u32, u64)>,
    /// The sidebar's cloud and months, by page depth (links depend on nothing else).
    pub(super) sidebars: RefCell<HashMap<usize, (Value, Value)>>,
    /// Each post's sanitised content, lead and excerpt (a post shows on many pages).
    pub(super) sanitised: RefCell<HashMap<PostId, Sanitised>>,
    /// WordPress's core shortcodes, galleries reading the site's media.
    pub(super) shortcodes: crate::content::Shortcodes,
}

/// A post's HTML as WordPress displays it, after the public HTML policy.
#[derive(Clone)]
pub(super) struct Sanitised {
    /// The whole content (a single post's page).
    pub(super) content: Option<Value>,
    /// The explicit excerpt.
    pub(super) lead: Option<Value>,
    /// The library's summary excerpt (plain words).
    pub(super) excerpt: Option<Value>,
    /// What list pages show: the explicit excerpt, else the content before `<!--more-->`,
    /// else the whole content.
    pub(super) summary: Option<Value>,
    /// Whether the summary is shorter than the post (a "Continue reading" link).
    pub(super) more: bool,
}

impl<'a> SitePlan<'a> {
    /// The path a job writes (`None` for a post the plan does not hold).
    pub(super) fn path_of(&self, job: Job) -> Option<PagePath> {
        match job {
            Job::List { listing, page } => Some(self.listings.get(listing)?.path.paged(page)),
            Job::Post(id) => self.post_pages.get(&id).cloned(),
        }
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
        add(
            &mut listings,
            &mut taken,
            ListingKind::Home,
            home,
            base.clone(),
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
                base.clone().tag(&slug),
            )?;
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
                base.clone().authors(&[&slug]),
            )?;
        }

        let months: Vec<(i32, u32, u64)> = snapshot
            .date_archive(DateGranularity::Month, &base, viewer)?
            .into_iter()
            .filter_map(|date| date.month.map(|month| (date.year, month, date.count)))
            .collect();
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
            let path = PagePath::from_permalink(&structure.path(site, post))
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
        let cloud_options = CloudOptions::default();
        let cloud = snapshot.tag_cloud(&base, &Taxonomy::Tag, &cloud_options, viewer)?;
        Ok(SitePlan {
            snapshot,
            base,
            per_page,
            listings,
            tag_pages,
            author_pages,
            month_pages,
            post_pages,
            posts,
            cloud,
            cloud_unit: cloud_options.unit,
            months,
            sidebars: RefCell::new(HashMap::new()),
            sanitised: RefCell::new(HashMap::new()),
            shortcodes,
        })
    }
}
