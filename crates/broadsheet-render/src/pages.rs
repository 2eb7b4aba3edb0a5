//! What each template is given: the values of listing pages, post pages, the sidebar and the
//! comments, built from the snapshot's public-safe views.

use super::*;

impl<'a> SitePlan<'a> {
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
                    name => strip_html(&entry.name),
                    slug => entry.slug.clone(),
                    count => entry.count,
                    size => entry.size,
                    font_size => entry.css_font_size(&self.cloud_unit),
                    url => self.tag_pages.get(&entry.term).map(href),
                }
            })
            .collect();
        let months: Vec<Value> = self
            .months
            .iter()
            .map(|&(year, month, count)| {
                context! {
                    year => year,
                    month => month,
                    name => month_name(year, month),
                    count => count,
                    url => self.month_pages.get(&(year, month)).map(href),
                }
            })
            .collect();
        (Value::from(cloud), Value::from(months))
    }

    /// The variables every page gets.
    pub(super) fn common(&self, here: &PagePath, title: &str) -> BTreeMap<String, Value> {
        let info = self.snapshot().info();
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
            .map(|post| self.post_value(post, &here))
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
                strip_html(&snapshot.info().title),
                None,
                Value::UNDEFINED,
            ),
            ListingKind::Tag(id) => {
                let term = snapshot.term(*id);
                let name = term.map(|t| strip_html(&t.name)).unwrap_or_default();
                let value = context! {
                    id => id.0,
                    name => name.clone(),
                    slug => term.map(|t| t.slug.to_string()),
                    description => term.map(|t| sanitised(&t.description)),
                    count => result.total,
                    url => href(listing.path.clone()),
                };
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
        };
        let mut vars = self.common(&here, &title);
        vars.insert("posts".to_owned(), Value::from(posts));
        vars.insert("pagination".to_owned(), pagination);
        if let Some(key) = key {
            vars.insert(key.to_owned(), value);
        }
        Ok((here, template, Value::from(vars)))
    }

    pub(super) fn post_page(
        &self,
        id: PostId,
    ) -> Result<Option<(PagePath, &'static str, Value)>, RenderError> {
        let snapshot = self.snapshot();
        let (Some(here), Some(post)) = (
            self.post_pages.get(&id),
            snapshot.post_view(id, Viewer::Anonymous),
        ) else {
            return Ok(None);
        };
        let comments: Vec<Value> = if post.content().is_some() {
            snapshot
                .comment_thread(id, &ThreadOptions::default())
                .nodes
                .iter()
                .map(comment_value)
                .collect()
        } else {
            Vec::new()
        };
        let adjacent = snapshot.adjacent(id, &self.base, None, Viewer::Anonymous)?;
        let link = |view: Option<PostView>| {
            view.and_then(|view| {
                let path = self.post_pages.get(&view.id())?;
                Some(context! {
                    title => strip_html(view.title()),
                    url => Value::from_safe_string(path.href_from(here)),
                })
            })
        };
        let mut vars = self.common(here, &strip_html(post.title()));
        vars.insert("post".to_owned(), self.post_value(&post, here));
        vars.insert("comments".to_owned(), Value::from(comments));
        vars.insert("previous".to_owned(), Value::from(link(adjacent.previous)));
        vars.insert("next".to_owned(), Value::from(link(adjacent.next)));
        Ok(Some((here.clone(), "post.html", Value::from(vars))))
    }

    /// A post as templates see it, with links relative to `here`.
    pub(super) fn post_value(&self, post: &PostView, here: &PagePath) -> Value {
        let snapshot = self.snapshot();
        let href = |path: &PagePath| Value::from_safe_string(path.href_from(here));
        let terms = |taxonomy: Taxonomy| -> Vec<Value> {
            post.terms()
                .iter()
                .filter_map(|id| snapshot.term(*id))
                .filter(|term| term.taxonomy == taxonomy)
                .map(|term| {
                    context! {
                        name => strip_html(&term.name),
                        slug => term.slug.to_string(),
                        url => self.tag_pages.get(&term.id).filter(|_| taxonomy == Taxonomy::Tag).map(href),
                    }
                })
                .collect()
        };
        let authors: Vec<Value> = post
            .authors()
            .iter()
            .filter_map(|id| snapshot.author(*id))
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
                let (teaser, has_more) = content.map_or(("", false), crate::content::split_more);
                let full = content
                    .map(|c| sanitised(&crate::content::display_full(c, post.id().0, codes)));
                let (summary, more) = match (&lead, content) {
                    (Some(lead), Some(_)) => (Some(lead.clone()), true),
                    (_, Some(_)) if has_more => (
                        Some(sanitised(&crate::content::display(teaser, codes))),
                        true,
                    ),
                    _ => (full.clone(), false),
                };
                Sanitised {
                    content: full,
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
            date => post.published().map(display_date),
            datetime => post.published().map(|time| time.to_rfc3339()),
            authors => authors,
            tags => terms(Taxonomy::Tag),
            categories => terms(Taxonomy::Category),
            protected => post.content().is_none(),
            content => sanitised.content,
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

/// A comment and its replies as templates see them. Threads are at most
/// [`broadsheet::thread::DEFAULT_MAX_DEPTH`] deep, so the recursion is bounded.
pub(super) fn comment_value(node: &CommentNode) -> Value {
    let comment = &node.comment;
    context! {
        id => comment.id.0,
        author => strip_html(&comment.author_name),
        author_url => comment.author_url.as_ref().and_then(web_url),
        date => comment.date.map(display_date),
        datetime => comment.date.map(|time| time.to_rfc3339()),
        content => sanitised(&comment.content),
        depth => node.depth,
        replies => node.replies.iter().map(comment_value).collect::<Vec<_>>(),
    }
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
