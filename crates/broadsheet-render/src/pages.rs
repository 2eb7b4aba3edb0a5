//! What each template is given: the values of listing pages, post pages, the sidebar and the
//! comments, built from the snapshot's public-safe views.

use super::{
    BTreeMap, CommentNode, HashSet, ListingKind, PagePath, PostId, PostView, RenderError,
    Sanitised, SitePlan, Snapshot, Taxonomy, TermId, ThreadOptions, Timestamp, Value, Viewer,
    context, day_name, month_name, strip_html,
};

impl SitePlan<'_> {
    pub(super) fn snapshot(&self) -> &Snapshot {
        self.snapshot
    }

    /// The tag cloud and the monthly archive, linked from a page.
    pub(super) fn sidebar(&self, here: &PagePath) -> (Value, Value) {
        let href = |path: &PagePath| Value::from_safe_string(path.href_from(here));
        let cloud: Vec<Value> = self
            .cloud
            .iter()
            .map(|entry| {
                context! {
                    name => strip_html(entry.term.name()),
                    slug => entry.term.slug(),
                    count => entry.count,
                    size => entry.size,
                    font_size => entry.css_font_size(&self.cloud_unit),
                    url => self.tag_pages.get(&entry.term.id()).map(href),
                }
            })
            .collect();
        let months: Vec<Value> = self
            .months
            .iter()
            .take(SIDEBAR_MONTHS)
            .map(|&(year, month, count)| {
                context! {
                    year => year,
                    month => month,
                    name => month_name(year, month),
                    count => count,
                    url => self.month_pages.get(&(year, month)).map(href),
                    year_url => self.year_pages.get(&year).map(href),
                }
            })
            .collect();
        (Value::from(cloud), Value::from(months))
    }

    /// The variables every page gets.
    pub(super) fn common(&self, here: &PagePath, title: &str) -> BTreeMap<String, Value> {
        let info = self.snapshot().settings();
        let href = |path: &PagePath| Value::from_safe_string(path.href_from(here));
        let (cloud, months) = self
            .sidebars
            .borrow_mut()
            .entry(here.depth())
            .or_insert_with(|| self.sidebar(here))
            .clone();
        let mut vars = BTreeMap::new();
        vars.insert(
            "site".to_owned(),
            context! {
                title => strip_html(&info.title),
                description => strip_html(&info.description),
                language => info.language.clone(),
                url => info.url.as_ref().and_then(web_url),
                home => href(&PagePath::home()),
            },
        );
        vars.insert(
            "root".to_owned(),
            Value::from_safe_string("../".repeat(here.depth())),
        );
        vars.insert("page_path".to_owned(), Value::from(here.to_string()));
        vars.insert("title".to_owned(), Value::from(title));
        vars.insert("cloud".to_owned(), cloud);
        vars.insert(
            "feed".to_owned(),
            Value::from_safe_string(PagePath::home().with_file("feed.xml").href_from(here)),
        );
        let pages: Vec<Value> = self
            .top_pages
            .iter()
            .take(MENU_PAGES)
            .filter_map(|id| {
                let path = self.post_pages.get(id)?;
                let page = self.snapshot().post(*id)?;
                Some(context! {
                    title => strip_html(&page.title),
                    url => href(path),
                })
            })
            .collect();
        vars.insert("pages".to_owned(), Value::from(pages));
        let categories: Vec<Value> = self
            .categories
            .iter()
            .take(SIDEBAR_CATEGORIES)
            .filter_map(|(id, depth)| {
                let term = self.snapshot().term(*id)?;
                Some(context! {
                    name => strip_html(&term.name),
                    depth => *depth,
                    url => self.category_pages.get(id).map(href),
                })
            })
            .collect();
        vars.insert("categories".to_owned(), Value::from(categories));
        vars.insert("months".to_owned(), months);
        vars.insert(
            "generator".to_owned(),
            Value::from(concat!("Broadsheet ", env!("CARGO_PKG_VERSION"))),
        );
        vars
    }

    pub(super) fn listing_page(
        &self,
        index: usize,
        page: u64,
    ) -> Result<(PagePath, &'static str, Value), RenderError> {
        let listing = &self.listings[index];
        let here = listing.path.paged(page);
        let result = self.snapshot().query(
            &listing.query.clone().page(page, self.per_page),
            Viewer::Anonymous,
        )?;
        let posts: Vec<Value> = result
            .posts
            .iter()
            .map(|post| self.post_value(post, &here, 0))
            .collect();
        let href = |path: PagePath| Value::from_safe_string(path.href_from(&here));
        let pagination = context! {
            page => page,
            total_pages => listing.pages,
            total => result.total,
            per_page => self.per_page,
            newer => (page > 1).then(|| href(listing.path.paged(page - 1))),
            older => (page < listing.pages).then(|| href(listing.path.paged(page + 1))),
        };
        let snapshot = self.snapshot();
        let (template, title, key, value) = match &listing.kind {
            ListingKind::Home => (
                "index.html",
                strip_html(&snapshot.settings().title),
                None,
                Value::UNDEFINED,
            ),
            ListingKind::Tag(id) => {
                let (name, value) =
                    term_value(snapshot, *id, result.total, href(listing.path.clone()));
                (
                    "tag.html",
                    format!("Tag Archive | \"{name}\""),
                    Some("tag"),
                    value,
                )
            }
            ListingKind::Author(id) => {
                let author = snapshot.author(*id);
                let name = author
                    .map(|a| strip_html(&a.display_name))
                    .unwrap_or_default();
                let value = context! {
                    id => id.0,
                    name => name.clone(),
                    slug => author.map(|a| a.slug.to_string()),
                    bio => author.map(|a| sanitised(&a.bio)),
                    website => author.and_then(|a| a.url.as_ref()).and_then(web_url),
                    count => result.total,
                    url => href(listing.path.clone()),
                };
                (
                    "author.html",
                    format!("Author Archive | {name}"),
                    Some("author"),
                    value,
                )
            }
            ListingKind::Category(id) => {
                let (name, value) =
                    term_value(snapshot, *id, result.total, href(listing.path.clone()));
                (
                    "category.html",
                    format!("Category Archive | {name}"),
                    Some("category"),
                    value,
                )
            }
            ListingKind::Year(year) => {
                let value = context! {
                    year => *year,
                    name => format!("{year}"),
                    count => result.total,
                    url => href(listing.path.clone()),
                };
                (
                    "year.html",
                    format!("Yearly Archive | {year}"),
                    Some("year"),
                    value,
                )
            }
            ListingKind::Month(year, month) => {
                let name = month_name(*year, *month);
                let value = context! {
                    year => *year,
                    month => *month,
                    name => name.clone(),
                    count => result.total,
                    url => href(listing.path.clone()),
                };
                (
                    "month.html",
                    format!("Monthly Archive | {name}"),
                    Some("month"),
                    value,
                )
            }
            ListingKind::Day(year, month, day) => {
                let name = day_name(*year, *month, *day);
                let value = context! {
                    year => *year,
                    month => *month,
                    day => *day,
                    name => name.clone(),
                    count => result.total,
                    url => href(listing.path.clone()),
                    month_name => month_name(*year, *month),
                    month_url => self.month_pages.get(&(*year, *month)).map(|p| href(p.clone())),
                };
                (
                    "day.html",
                    format!("Daily Archive | {name}"),
                    Some("day"),
                    value,
                )
            }
        };
        let mut vars = self.common(&here, &title);
        vars.insert(
            "feed".to_owned(),
            Value::from_safe_string(listing.path.with_file("feed.xml").href_from(&here)),
        );
        vars.insert("posts".to_owned(), Value::from(posts));
        vars.insert("pagination".to_owned(), pagination);
        if let Some(key) = key {
            vars.insert(key.to_owned(), value);
        }
        Ok((here, template, Value::from(vars)))
    }

    /// Page `part` (1 for the post's own page) of a post or page.
    pub(super) fn post_page(
        &self,
        id: PostId,
        part: usize,
    ) -> Result<Option<(PagePath, &'static str, Value)>, RenderError> {
        let snapshot = self.snapshot();
        let (Some(here), Some(post)) = (
            self.part_path(id, part),
            snapshot.post_view(id, Viewer::Anonymous),
        ) else {
            return Ok(None);
        };
        let is_page = *post.kind() == broadsheet::PostKind::Page;
        // The comments are on the first page only (the others link to them): a post split
        // into many pages does not repeat its thread on each.
        let comments: Vec<Value> = if post.content().is_some() && part == 1 {
            snapshot
                .comment_thread(id, &ThreadOptions::default())
                .nodes
                .iter()
                .map(comment_value)
                .collect()
        } else {
            Vec::new()
        };
        let link_to = |id: PostId| {
            let view = snapshot.post_view(id, Viewer::Anonymous)?;
            let path = self.post_pages.get(&id)?;
            Some(context! {
                title => strip_html(view.title()),
                url => Value::from_safe_string(path.href_from(here)),
            })
        };
        let (previous, next) = if is_page {
            (None, None)
        } else {
            let adjacent = snapshot.adjacent(id, &self.base, None, Viewer::Anonymous)?;
            (
                adjacent.previous.and_then(|view| link_to(view.id())),
                adjacent.next.and_then(|view| link_to(view.id())),
            )
        };
        let title = match part {
            1 => strip_html(post.title()),
            n => format!("{} – Page {n}", strip_html(post.title())),
        };
        let mut vars = self.common(here, &title);
        vars.insert("post".to_owned(), self.post_value(&post, here, part));
        vars.insert(
            "canonical".to_owned(),
            Value::from(self.permalinks.get(&post.id()).cloned()),
        );
        vars.insert("comments".to_owned(), Value::from(comments));
        vars.insert("previous".to_owned(), Value::from(previous));
        vars.insert("next".to_owned(), Value::from(next));
        if is_page {
            // The page's ancestors, nearest last, and its children.
            let mut ancestors = Vec::new();
            let mut seen = HashSet::from([id]);
            let mut current = snapshot.post(id).and_then(|p| p.parent);
            while let Some(parent) = current {
                if ancestors.len() == 16 || !seen.insert(parent) {
                    break;
                }
                match link_to(parent) {
                    Some(link) => ancestors.push(link),
                    None => break,
                }
                current = snapshot.post(parent).and_then(|p| p.parent);
            }
            ancestors.reverse();
            let children: Vec<Value> = self
                .children
                .get(&id)
                .into_iter()
                .flatten()
                .filter_map(|child| link_to(*child))
                .collect();
            vars.insert("ancestors".to_owned(), Value::from(ancestors));
            vars.insert("children".to_owned(), Value::from(children));
            return Ok(Some((here.clone(), "page.html", Value::from(vars))));
        }
        Ok(Some((here.clone(), "post.html", Value::from(vars))))
    }

    /// The authors, tags and categories a list page names of `post`, from the cache (found on
    /// the first page that lists the post).
    fn listed(&self, post: &PostView) -> std::rc::Rc<crate::site_plan::Listed> {
        let mut cache = self.listed.borrow_mut();
        let listed = cache.entry(post.id()).or_insert_with(|| {
            let snapshot = self.snapshot();
            let mut listed = crate::site_plan::Listed {
                authors: Vec::new(),
                author_count: 0,
                tags: Vec::new(),
                tag_count: 0,
                categories: Vec::new(),
                category_count: 0,
            };
            for author in post.authors().iter().filter_map(|id| snapshot.author(*id)) {
                listed.author_count += 1;
                if listed.authors.len() < LIST_TERMS {
                    listed.authors.push(author.id);
                }
            }
            for term in post.terms().iter().filter_map(|id| snapshot.term(*id)) {
                let (ids, count) = match term.taxonomy {
                    Taxonomy::Tag => (&mut listed.tags, &mut listed.tag_count),
                    Taxonomy::Category => (&mut listed.categories, &mut listed.category_count),
                    Taxonomy::Other(_) => continue,
                };
                *count += 1;
                if ids.len() < LIST_TERMS {
                    ids.push(term.id);
                }
            }
            std::rc::Rc::new(listed)
        });
        listed.clone()
    }

    /// A post as templates see it, with links relative to `here`: on its own page `part`
    /// (1 and up, with that page's content and the links to its pages), or on a list page
    /// (`part` 0), where at most [`LIST_TERMS`] authors, tags and categories each are listed
    /// (`authors_more`, `tags_more` and `categories_more` count the others), so that a page's
    /// size does not grow with the number of authors or terms of a post that every one of
    /// their archives lists.
    pub(super) fn post_value(&self, post: &PostView, here: &PagePath, part: usize) -> Value {
        let full = part > 0;
        let snapshot = self.snapshot();
        let href = |path: &PagePath| Value::from_safe_string(path.href_from(here));
        let term_value = |term: &broadsheet::Term| {
            let page = match term.taxonomy {
                Taxonomy::Tag => self.tag_pages.get(&term.id),
                Taxonomy::Category => self.category_pages.get(&term.id),
                Taxonomy::Other(_) => None,
            };
            context! {
                name => strip_html(&term.name),
                slug => term.slug.to_string(),
                url => page.map(href),
            }
        };
        let terms = |taxonomy: Taxonomy| -> (Vec<Value>, usize) {
            if full {
                let all = post
                    .terms()
                    .iter()
                    .filter_map(|id| snapshot.term(*id))
                    .filter(|term| term.taxonomy == taxonomy)
                    .map(term_value)
                    .collect();
                return (all, 0);
            }
            let listed = self.listed(post);
            let (ids, count) = match taxonomy {
                Taxonomy::Tag => (&listed.tags, listed.tag_count),
                _ => (&listed.categories, listed.category_count),
            };
            let shown: Vec<Value> = ids
                .iter()
                .filter_map(|id| snapshot.term(*id))
                .map(term_value)
                .collect();
            let more = count - shown.len();
            (shown, more)
        };
        let (tags, tags_more) = terms(Taxonomy::Tag);
        let (categories, categories_more) = terms(Taxonomy::Category);
        let featured_image = post
            .featured_media()
            .and_then(|id| snapshot.media_item(id))
            .filter(|media| media.url.is_web())
            .map(|media| {
                context! {
                    url => media.url.as_str().to_owned(),
                    alt => strip_html(&media.alt_text),
                    width => media.width,
                    height => media.height,
                }
            });
        let (credited, authors_more): (Vec<_>, usize) = if full {
            let all = post.authors().iter().filter_map(|id| snapshot.author(*id));
            (all.collect(), 0)
        } else {
            let listed = self.listed(post);
            let named: Vec<_> = listed
                .authors
                .iter()
                .filter_map(|id| snapshot.author(*id))
                .collect();
            let more = listed.author_count - named.len();
            (named, more)
        };
        let authors: Vec<Value> = credited
            .into_iter()
            .map(|author| {
                context! {
                    name => strip_html(&author.display_name),
                    slug => author.slug.to_string(),
                    url => self.author_pages.get(&author.id).map(href),
                }
            })
            .collect();
        let sanitised = self
            .sanitised
            .borrow_mut()
            .entry(post.id())
            .or_insert_with(|| {
                let content = post.content();
                let codes = &self.shortcodes;
                let lead = post
                    .excerpt()
                    .filter(|e| !e.trim().is_empty())
                    .map(|e| sanitised(&crate::content::display(e, codes)));
                let pages: std::rc::Rc<[String]> = content
                    .map(broadsheet::excerpt::content_pages)
                    .unwrap_or_default()
                    .into();
                let first = pages.first().map_or("", String::as_str);
                let (teaser, has_more) = crate::content::split_more(first);
                let full = content
                    .map(|_| sanitised(&crate::content::display_full(first, post.id().0, codes)));
                let (summary, more) = match (&lead, content) {
                    (Some(lead), Some(_)) => (Some(lead.clone()), true),
                    (_, Some(_)) if has_more || pages.len() > 1 => (
                        Some(sanitised(&crate::content::display(teaser, codes))),
                        true,
                    ),
                    _ => (full.clone(), false),
                };
                Sanitised {
                    content: full,
                    pages,
                    lead,
                    // The library's summary: the same excerpt `query --json` and the bindings show.
                    excerpt: content.map(|_| sanitised(&snapshot.summary(post).excerpt)),
                    summary,
                    more,
                }
            })
            .clone();
        context! {
            id => post.id().0,
            title => strip_html(post.title()),
            title_html => Value::from_safe_string(broadsheet::formats::sanitise::sanitise_inline_html(post.title()).trim().to_owned()),
            slug => post.slug().map(str::to_owned),
            url => self.post_pages.get(&post.id()).map(href),
            permalink => self.permalinks.get(&post.id()).cloned(),
            date => post.published().map(display_date),
            day_url => post.published().and_then(|time| {
                let date = time.local_date();
                use chrono::Datelike;
                self.day_pages.get(&(date.year(), date.month(), date.day())).map(href)
            }),
            datetime => post.published().map(|time| time.to_rfc3339()),
            authors => authors,
            authors_more => authors_more,
            tags => tags,
            tags_more => tags_more,
            categories => categories,
            categories_more => categories_more,
            featured_image => featured_image,
            protected => post.content().is_none(),
            content => match part {
                0 | 1 => sanitised.content,
                n => sanitised.pages.get(n - 1).map(|text| {
                    crate::pages::sanitised(&crate::content::display_full(text, post.id().0, &self.shortcodes))
                }),
            },
            part => part.max(1),
            parts => sanitised.pages.len().max(1),
            page_links => if full { self.page_links(post.id(), part, here) } else { Value::from(()) },
            first_url => self.post_pages.get(&post.id()).map(href),
            lead => sanitised.lead,
            excerpt => sanitised.excerpt,
            summary => sanitised.summary,
            more => sanitised.more,
            comment_count => post.comment_count(),
            comments_open => post.comments_open(),
            sticky => post.sticky(),
        }
    }
}

/// How many top-level pages the header's menu lists.
pub(super) const MENU_PAGES: usize = 12;

/// How many categories the sidebar lists.
pub(super) const SIDEBAR_CATEGORIES: usize = 50;

/// How many months the sidebar lists (the newest; the years link to the others).
pub(super) const SIDEBAR_MONTHS: usize = 24;

/// How many tags (and categories) a post lists on list pages.
pub(super) const LIST_TERMS: usize = 12;

/// A comment and its replies as templates see them. Threads are at most
/// [`broadsheet::thread::DEFAULT_MAX_DEPTH`] deep, so the recursion is bounded.
pub(super) fn comment_value(node: &CommentNode) -> Value {
    let comment = &node.comment;
    context! {
        id => comment.id().0,
        author => strip_html(comment.author_name()),
        author_url => comment.author_url().and_then(web_url),
        date => comment.date().map(display_date),
        datetime => comment.date().map(|time| time.to_rfc3339()),
        content => sanitised(comment.content()),
        depth => node.depth,
        replies => node.replies.iter().map(comment_value).collect::<Vec<_>>(),
    }
}

/// A tag's or category's archive header: its plain-text name, and the values its template
/// gets (name, slug, sanitised description, the number of posts, the archive's link).
fn term_value(snapshot: &Snapshot, id: TermId, count: u64, url: Value) -> (String, Value) {
    let term = snapshot.term(id);
    let name = term.map(|t| strip_html(&t.name)).unwrap_or_default();
    let value = context! {
        id => id.0,
        name => name.clone(),
        slug => term.map(|t| t.slug.to_string()),
        description => term.map(|t| sanitised(&t.description)),
        count => count,
        url => url,
    };
    (name, value)
}

/// HTML through the library's one public HTML policy, then marked safe for the templates.
pub(super) fn sanitised(html: &str) -> Value {
    Value::from_safe_string(broadsheet::formats::sanitise::sanitise_html(html))
}

/// A URL a page may link to: a web address ([`broadsheet::Url::is_web`]: http and https).
pub(super) fn web_url(url: &broadsheet::Url) -> Option<String> {
    url.is_web().then(|| url.as_str().to_owned())
}

/// "30 May 2013", in the site's calendar.
pub(super) fn display_date(time: Timestamp) -> String {
    time.local_date().format("%d %B %Y").to_string()
}
