//! The static site `broadsheet render` writes: home, tag, author, monthly and post pages, as
//! the public sees the archive, from templates (see `docs/cli.md`, section `render`).
//!
//! Everything shown comes from the archive's anonymous view (published posts, approved
//! comments; a password-protected post shows its title and no content). Titles and names are
//! plain text the templates escape; post content, excerpts, comments, term descriptions and
//! author bios pass through ammonia before they reach a template, and only then are marked
//! safe.

mod paths;
mod templates;

pub use paths::{PagePath, safe_segment};
pub use templates::PAGE_TEMPLATES;

use crate::error::CliError;
use crate::input;
use crate::loaded::{self, Loaded};
use broadsheet::archive::{DateGranularity, PostView};
use broadsheet::cloud::{CloudEntry, CloudOptions};
use broadsheet::permalink::PermalinkStructure;
use broadsheet::text::strip_html;
use broadsheet::thread::{CommentNode, ThreadOptions};
use broadsheet::{AuthorId, PostId, Query, Snapshot, Taxonomy, TermId, Timestamp, Viewer};

use minijinja::context;
use minijinja::value::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What to render, and where.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The output directory (created when missing; files in it are overwritten).
    pub out: PathBuf,
    /// Only these tags' archives, and only posts with at least one of them (all when empty).
    pub tags: Vec<String>,
    /// A directory whose templates replace the built-in ones of the same name.
    pub templates: Option<PathBuf>,
    /// Posts per archive page.
    pub per_page: u64,
    /// No progress bar.
    pub quiet: bool,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Number of pages (files) written.
    pub pages: usize,
}

/// Which archive a listing is.
#[derive(Debug, Clone)]
enum ListingKind {
    Home,
    Tag(TermId),
    Author(AuthorId),
    Month(i32, u32),
}

/// A paginated archive: its first page's path, its query and its number of pages.
#[derive(Debug, Clone)]
struct Listing {
    kind: ListingKind,
    path: PagePath,
    query: Query,
    pages: u64,
}

/// One file to write.
#[derive(Debug, Clone, Copy)]
enum Job {
    List { listing: usize, page: u64 },
    Post(PostId),
}

/// The site's plan: every page's path, known before anything is written, so that pages link
/// only to pages that exist.
struct Plan<'a> {
    loaded: &'a Loaded,
    base: Query,
    per_page: u64,
    listings: Vec<Listing>,
    tag_pages: HashMap<TermId, PagePath>,
    author_pages: HashMap<AuthorId, PagePath>,
    month_pages: HashMap<(i32, u32), PagePath>,
    post_pages: HashMap<PostId, PagePath>,
    posts: Vec<PostId>,
    cloud: Vec<CloudEntry>,
    cloud_unit: String,
    months: Vec<(i32, u32, u64)>,
    /// The sidebar's cloud and months, by page depth (links depend on nothing else).
    sidebars: RefCell<HashMap<usize, (Value, Value)>>,
    /// Each post's sanitised content, lead and excerpt (a post shows on many pages).
    sanitised: RefCell<HashMap<PostId, Sanitised>>,
}

/// A post's HTML after ammonia.
#[derive(Clone)]
struct Sanitised {
    content: Option<Value>,
    lead: Option<Value>,
    excerpt: Option<Value>,
}

/// Renders the site into `options.out`.
pub fn render(loaded: &Loaded, options: &RenderOptions) -> Result<Rendered, CliError> {
    if options.per_page == 0 {
        return Err(CliError::Usage("--per-page must be at least 1".into()));
    }
    if let Some(dir) = &options.templates
        && !dir.is_dir()
    {
        return Err(CliError::Output(format!(
            "--templates {}: not a readable directory",
            dir.display()
        )));
    }
    let env = templates::environment(options.templates.clone());
    for name in PAGE_TEMPLATES {
        env.get_template(name)
            .map_err(|error| template_error(name, &error))?;
    }
    let plan = Plan::new(loaded, options)?;
    std::fs::create_dir_all(&options.out).map_err(|error| {
        CliError::Output(format!(
            "cannot create output directory {}: {error}",
            options.out.display()
        ))
    })?;

    let mut jobs: Vec<Job> = Vec::new();
    for (index, listing) in plan.listings.iter().enumerate() {
        jobs.extend((1..=listing.pages).map(|page| Job::List {
            listing: index,
            page,
        }));
    }
    jobs.extend(plan.posts.iter().map(|id| Job::Post(*id)));

    let bar = input::progress_bar(
        options.quiet,
        jobs.len() as u64,
        "{spinner} rendering {pos}/{len} pages [{bar:30}] {eta} left",
    );
    let mut written = 0;
    for job in &jobs {
        let (path, template, context) = match *job {
            Job::List { listing, page } => plan.listing_page(listing, page)?,
            Job::Post(id) => match plan.post_page(id)? {
                Some(page) => page,
                None => continue,
            },
        };
        let html = env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|error| template_error(template, &error))?;
        write_page(&options.out, &path, &html)?;
        written += 1;
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(Rendered { pages: written })
}

fn template_error(name: &str, error: &minijinja::Error) -> CliError {
    let mut message = format!("template {name}: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    CliError::Output(message)
}

/// Writes a page: its directories are created, the file is written beside its final name and
/// renamed over it, so a reader never sees half a page.
fn write_page(out: &Path, page: &PagePath, html: &str) -> Result<(), CliError> {
    let path = page.to_path(out);
    let fail = |error: std::io::Error| {
        CliError::Output(format!("cannot write {}: {error}", path.display()))
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut temporary = path.clone().into_os_string();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, html).map_err(fail)?;
    std::fs::rename(&temporary, &path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        fail(error)
    })
}

/// Claims a path for a page; a path already taken gets `-<id>` (then `-<id>-2`, ...) added.
fn claim(taken: &mut HashSet<PagePath>, path: PagePath, id: u64) -> PagePath {
    if taken.insert(path.clone()) {
        return path;
    }
    let mut n = 1u64;
    loop {
        let suffix = if n == 1 {
            format!("-{id}")
        } else {
            format!("-{id}-{n}")
        };
        let candidate = path.with_suffix(&suffix);
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

impl<'a> Plan<'a> {
    fn new(loaded: &'a Loaded, options: &RenderOptions) -> Result<Self, CliError> {
        let snapshot = &loaded.snapshot;
        let viewer = Viewer::Anonymous;
        let mut named: Vec<&str> = Vec::new();
        for slug in &options.tags {
            if snapshot.term_by_slug(&Taxonomy::Tag, slug).is_none() {
                return Err(CliError::Usage(format!(
                    "--tag {slug}: no tag with this slug"
                )));
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
        let pages_of = |query: &Query| -> Result<u64, CliError> {
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
         -> Result<(), CliError> {
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

        let cloud_options = CloudOptions::default();
        let cloud = snapshot.tag_cloud(&base, &Taxonomy::Tag, &cloud_options, viewer)?;
        Ok(Plan {
            loaded,
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
        })
    }

    fn snapshot(&self) -> &Snapshot {
        &self.loaded.snapshot
    }

    /// The tag cloud and the monthly archive, linked from a page.
    fn sidebar(&self, here: &PagePath) -> (Value, Value) {
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
                    name => loaded::month_name(year, month),
                    count => count,
                    url => self.month_pages.get(&(year, month)).map(href),
                }
            })
            .collect();
        (Value::from(cloud), Value::from(months))
    }

    /// The variables every page gets.
    fn common(&self, here: &PagePath, title: &str) -> BTreeMap<String, Value> {
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
                url => info.url.as_ref().map(|url| url.as_str().to_owned()),
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

    fn listing_page(
        &self,
        index: usize,
        page: u64,
    ) -> Result<(PagePath, &'static str, Value), CliError> {
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
                    description => term.map(|t| sanitized(&t.description)),
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
                    bio => author.map(|a| sanitized(&a.bio)),
                    website => author.and_then(|a| a.url.as_ref()).and_then(|url| web_url(url.as_str())),
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
                let name = loaded::month_name(*year, *month);
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

    fn post_page(&self, id: PostId) -> Result<Option<(PagePath, &'static str, Value)>, CliError> {
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
    fn post_value(&self, post: &PostView, here: &PagePath) -> Value {
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
                Sanitised {
                    content: content.map(sanitized),
                    lead: post
                        .excerpt()
                        .filter(|e| !e.trim().is_empty())
                        .map(sanitized),
                    // The library's summary: the same excerpt `query --json` and the bindings show.
                    excerpt: content.map(|_| sanitized(&snapshot.summary(post).excerpt)),
                }
            })
            .clone();
        context! {
            id => post.id().0,
            title => strip_html(post.title()),
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
            comment_count => post.comment_count(),
            comments_open => post.comments_open(),
            sticky => post.sticky(),
        }
    }
}

/// A comment and its replies as templates see them. Threads are at most
/// [`broadsheet::thread::DEFAULT_MAX_DEPTH`] deep, so the recursion is bounded.
fn comment_value(node: &CommentNode) -> Value {
    let comment = &node.comment;
    context! {
        id => comment.id.0,
        author => strip_html(&comment.author_name),
        author_url => comment.author_url.as_ref().and_then(|url| web_url(url.as_str())),
        date => comment.date.map(display_date),
        datetime => comment.date.map(|time| time.to_rfc3339()),
        content => sanitized(&comment.content),
        depth => node.depth,
        replies => node.replies.iter().map(comment_value).collect::<Vec<_>>(),
    }
}

/// HTML through ammonia, then marked safe for the templates.
fn sanitized(html: &str) -> Value {
    Value::from_safe_string(ammonia::clean(html))
}

/// A URL a page may link to: http and https only.
fn web_url(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")).then(|| url.trim().to_owned())
}

/// "30 May 2013", in the site's calendar.
fn display_date(time: Timestamp) -> String {
    time.local_date().format("%d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls_are_linked() {
        assert_eq!(
            web_url("https://example.org/").as_deref(),
            Some("https://example.org/")
        );
        assert_eq!(web_url("javascript:alert(1)"), None);
        assert_eq!(web_url("data:text/html,x"), None);
    }

    #[test]
    fn sanitising_drops_scripts_and_handlers() {
        let clean = sanitized(r#"<p onclick="steal()">Hi<script>alert(1)</script></p>"#);
        let text = clean.to_string();
        assert!(!text.contains("script"), "{text}");
        assert!(!text.contains("onclick"), "{text}");
        assert!(text.contains("<p>Hi</p>"), "{text}");
    }

    #[test]
    fn claimed_paths_are_told_apart() {
        let mut taken = HashSet::new();
        let path = PagePath::dir(vec!["tag".into(), "osh".into()]);
        assert_eq!(claim(&mut taken, path.clone(), 7), path);
        assert_eq!(
            claim(&mut taken, path.clone(), 7).to_string(),
            "tag/osh-7/index.html"
        );
        assert_eq!(
            claim(&mut taken, path, 7).to_string(),
            "tag/osh-7-2/index.html"
        );
    }
}
