//! Feed channels and items from model values, with only what an anonymous reader may see.

use super::{FeedCategory, FeedChannel, FeedFormat, FeedItem, FeedPerson, latest};
use crate::sanitise::sanitise_html;
use broadsheet_core::excerpt;
use broadsheet_core::permalink::PermalinkStructure;
use broadsheet_core::text::strip_html;
use broadsheet_core::{
    Author, Post, Query, QueryError, SiteData, Snapshot, Taxonomy, Term, Viewer,
};

/// How much of each post a feed carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FeedContent {
    /// The excerpt only (RSS `description`, Atom `summary`, JSON Feed `summary`).
    #[default]
    Excerpt,
    /// The excerpt and the full content (RSS `content:encoded`, Atom `content`, JSON Feed
    /// `content_html`).
    Full,
}

/// Builds the feed item of a post, public-safe.
///
/// - `id`: the post's GUID when it has one, else its permalink; `link`: the permalink under
///   the site's permalink structure.
/// - `authors`: display names (the slug when the name is blank) with the author's website,
///   or the author archive when the website is missing or is not a web page (`mailto:`,
///   `javascript:`). Never an e-mail address or a login.
/// - `categories`: the post's categories and tags, in the post's order (slug as term, name
///   as label, taxonomy as domain); other taxonomies are left out.
/// - `summary`: the post's excerpt (HTML) when it has one, else the core excerpt of the
///   content; `content` (with [`FeedContent::Full`]): the content. Both through
///   [`sanitise_html`]: no script, event handler or `javascript:` link reaches a feed reader.
/// - `title`: the post's title made plain text ([`strip_html`]: tags removed, entities
///   decoded), as WordPress's `the_title_rss` strips tags; feeds write it as text.
/// - A password-protected post keeps its title and link and loses its summary and content.
///   The password itself never appears.
///
/// The item is built whatever the post's status: choosing which posts belong in a feed (the
/// anonymous view of a query) is the caller's work.
pub fn feed_item(site: &dyn SiteData, post: &Post, content: FeedContent) -> FeedItem {
    let structure = PermalinkStructure::of(site);
    let link = structure.permalink(site, post);
    let id = post
        .guid
        .as_deref()
        .map(str::trim)
        .filter(|guid| !guid.is_empty())
        .map_or_else(|| link.clone(), str::to_owned);
    let authors = post
        .authors
        .iter()
        .filter_map(|id| site.author(*id))
        .map(|author| person(site, &structure, author))
        .collect();
    let categories = post
        .terms
        .iter()
        .filter_map(|id| site.term(*id))
        .filter(|term| matches!(term.taxonomy, Taxonomy::Tag | Taxonomy::Category))
        .map(|term| FeedCategory {
            term: term.slug.to_string(),
            label: term.name.clone(),
            domain: Some(term.taxonomy.as_str().to_owned()),
        })
        .collect();
    let protected = post.is_password_protected();
    // Authored HTML goes through the one public HTML policy (no script, no handlers).
    let summary = (!protected).then(|| match post.excerpt.as_deref() {
        Some(explicit) if !explicit.trim().is_empty() => sanitise_html(explicit),
        _ => crate::sanitise::escape_html(&excerpt::excerpt(post)),
    });
    // The first page of a post split by `<!--nextpage-->`, as WordPress's feeds show it.
    let body = (!protected && content == FeedContent::Full).then(|| {
        let pages = broadsheet_core::excerpt::content_pages(&post.content);
        sanitise_html(pages.first().map_or("", String::as_str))
    });
    FeedItem {
        id,
        title: strip_html(&post.title),
        link,
        published: post.published,
        modified: post.modified,
        authors,
        categories,
        summary,
        content: body,
    }
}

fn person(site: &dyn SiteData, structure: &PermalinkStructure, author: &Author) -> FeedPerson {
    let name = if author.display_name.trim().is_empty() {
        author.slug.to_string()
    } else {
        author.display_name.clone()
    };
    let website = author
        .url
        .as_ref()
        .filter(|url| url.is_web())
        .map(std::string::ToString::to_string);
    FeedPerson {
        name,
        url: Some(website.unwrap_or_else(|| structure.author_link(site, author))),
    }
}

/// The feed URL of a page: `<page>feed/` (RSS), `<page>feed/atom/`, `<page>feed/json/`, or
/// `?feed=rss2` added to a plain link.
fn feed_url(page: &str, plain: bool, format: FeedFormat) -> String {
    let name = format.wordpress_name();
    if plain {
        let separator = if page.contains('?') { '&' } else { '?' };
        return format!("{page}{separator}feed={name}");
    }
    let base = page.trim_end_matches('/');
    match format {
        FeedFormat::Rss => format!("{base}/feed/"),
        _ => format!("{base}/feed/{name}/"),
    }
}

impl FeedChannel {
    /// The site feed: the site's title, tagline, language and home page, with the feed URL
    /// WordPress uses for `format` (`/feed/`, `/feed/atom/`, `/feed/json/`, or `?feed=`).
    pub fn for_site(site: &dyn SiteData, format: FeedFormat) -> Self {
        let plain = PermalinkStructure::of(site).is_plain();
        let link = PermalinkStructure::home(site);
        Self::of_page(site, site.title().to_owned(), link, plain, format)
    }

    /// The feed of a term archive (`/tag/<slug>/feed/`), titled "Site » Term".
    pub fn for_term(site: &dyn SiteData, term: &Term, format: FeedFormat) -> Self {
        let structure = PermalinkStructure::of(site);
        let link = structure.term_link(site, term);
        let title = format!("{} » {}", site.title(), term.name);
        Self::of_page(site, title, link, structure.is_plain(), format)
    }

    /// The feed of an author archive (`/author/<slug>/feed/`), titled "Site » Name".
    pub fn for_author(site: &dyn SiteData, author: &Author, format: FeedFormat) -> Self {
        let structure = PermalinkStructure::of(site);
        let link = structure.author_link(site, author);
        let title = format!(
            "{} » {}",
            site.title(),
            person(site, &structure, author).name
        );
        Self::of_page(site, title, link, structure.is_plain(), format)
    }

    /// The feed of the page at `link`: the site's tagline and language, and the feed URL
    /// WordPress gives that page (its id too).
    fn of_page(
        site: &dyn SiteData,
        title: String,
        link: String,
        plain: bool,
        format: FeedFormat,
    ) -> Self {
        let self_link = feed_url(&link, plain, format);
        FeedChannel {
            title,
            description: site.description().to_owned(),
            language: site.language().map(str::to_owned),
            id: Some(self_link.clone()),
            self_link: Some(self_link),
            link,
            updated: None,
        }
    }

    /// Sets `updated` to the latest date among the items (modification, else publication).
    #[must_use]
    pub fn with_updated_from(mut self, items: &[FeedItem]) -> Self {
        self.updated = latest(items);
        self
    }
}

/// The items of a query's feed: `query` run on `snapshot` for an anonymous reader (feeds are
/// always the public view, whatever the query asks), one item per post of the resulting page,
/// in order, with links, terms and authors from the same snapshot.
///
/// ```
/// use broadsheet_core::{Query, Snapshot};
/// use broadsheet_formats::feed::{FeedChannel, FeedContent, FeedFormat, query_items, render_feed};
/// # let site = broadsheet_core::Site::new("Blog");
/// let snapshot = Snapshot::from_site(site);
/// let items = query_items(&snapshot, &Query::new().tag("kyrgyzstan"), FeedContent::Excerpt)?;
/// let channel = FeedChannel::for_site(&snapshot, FeedFormat::Rss).with_updated_from(&items);
/// let rss = render_feed(FeedFormat::Rss, &channel, &items);
/// assert!(rss.starts_with("<?xml"));
/// # Ok::<(), broadsheet_core::QueryError>(())
/// ```
pub fn query_items(
    snapshot: &Snapshot,
    query: &Query,
    content: FeedContent,
) -> Result<Vec<FeedItem>, QueryError> {
    let page = snapshot.query(query, Viewer::Anonymous)?;
    Ok(page
        .posts
        .iter()
        .filter_map(|view| snapshot.post(view.id()))
        .map(|post| feed_item(snapshot, post, content))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_core::Site;
    use broadsheet_core::{AuthorId, Email, PostId, Slug, TermId, Timestamp, Url};

    fn slug(text: &str) -> Slug {
        Slug::parse(text).unwrap()
    }

    #[test]
    fn summary_is_the_escaped_excerpt() {
        let site = Site::new("Blog");
        let mut post = Post::new(PostId(1), "T", slug("t"));
        post.content = (0..80).map(|i| format!("w{i} ")).collect();
        let summary = feed_item(&site, &post, FeedContent::Excerpt)
            .summary
            .unwrap();
        assert!(summary.starts_with("w0 w1 "));
        assert!(summary.ends_with("w54 […]"), "{summary}");
        post.content = "<p>fish &amp; <b>chips</b></p>".into();
        let item = feed_item(&site, &post, FeedContent::Excerpt);
        assert_eq!(item.summary.as_deref(), Some("fish &amp; chips"));
        assert_eq!(item.content, None);
    }

    #[test]
    fn items_are_public_safe() {
        let mut site = Site::new("Blog");
        site.settings.url = Some(Url::parse("https://blog.example.org").unwrap());
        let mut author = Author::new(AuthorId(1), slug("ann"), "Ann");
        author.email = Some(Email::parse("ann@example.org").unwrap());
        author.url = Some(Url::parse("mailto:ann@example.org").unwrap());
        author.login = Some("ann-login".into());
        site.authors.push(author);
        site.terms.push(Term::new(
            TermId(1),
            Taxonomy::Other("post_format".into()),
            "Aside",
            slug("post-format-aside"),
        ));
        site.terms
            .push(Term::new(TermId(2), Taxonomy::Tag, "K", slug("k")));
        let mut post = Post::new(PostId(1), "Secret", slug("secret"));
        post.published = Some(Timestamp::parse_rfc3339("2013-05-30T10:00:00+06:00").unwrap());
        post.authors.push(AuthorId(1));
        post.terms = vec![TermId(1), TermId(2)];
        post.password = Some("hunter2".into());
        post.content = "<p>hidden</p>".into();
        post.excerpt = Some("hidden excerpt".into());
        let item = feed_item(&site, &post, FeedContent::Full);
        assert_eq!(item.title, "Secret");
        assert_eq!(item.link, "https://blog.example.org/2013/05/30/secret/");
        assert_eq!(item.id, item.link);
        assert_eq!(item.summary, None);
        assert_eq!(item.content, None);
        assert_eq!(
            item.authors,
            [FeedPerson {
                name: "Ann".into(),
                url: Some("https://blog.example.org/author/ann/".into())
            }]
        );
        assert_eq!(item.categories.len(), 1);
        assert_eq!(item.categories[0].term, "k");
        assert_eq!(item.categories[0].domain.as_deref(), Some("post_tag"));

        post.password = None;
        post.guid = Some("http://blog.example.org/?p=1".into());
        let item = feed_item(&site, &post, FeedContent::Excerpt);
        assert_eq!(item.id, "http://blog.example.org/?p=1");
        assert_eq!(item.summary.as_deref(), Some("hidden excerpt"));
        assert_eq!(item.content, None);
        post.excerpt = None;
        post.content = "<p>a < b</p>".into();
        let item = feed_item(&site, &post, FeedContent::Full);
        assert_eq!(item.summary.as_deref(), Some("a &lt; b"));
        // Content passes the public HTML policy, which also normalises the stray `<`.
        assert_eq!(item.content.as_deref(), Some("<p>a &lt; b</p>"));
        // A post split by `<!--nextpage-->` gives its first page, as WordPress's feeds do.
        post.content = "<p>Page one</p>\n<!--nextpage-->\n<p>Page two</p>".into();
        let item = feed_item(&site, &post, FeedContent::Full);
        assert_eq!(item.content.as_deref(), Some("<p>Page one</p>"));
        assert_eq!(item.summary.as_deref(), Some("Page one"));
    }

    #[test]
    fn channels_link_to_wordpress_feed_urls() {
        let mut site = Site::new("Blog");
        site.settings.url = Some(Url::parse("https://blog.example.org").unwrap());
        let tag = Term::new(TermId(1), Taxonomy::Tag, "Kyrgyzstan", slug("kyrgyzstan"));
        let author = Author::new(AuthorId(1), slug("wlp"), "WLP");
        let channel = FeedChannel::for_site(&site, FeedFormat::Rss);
        assert_eq!(channel.link, "https://blog.example.org/");
        assert_eq!(
            channel.self_link.as_deref(),
            Some("https://blog.example.org/feed/")
        );
        let channel = FeedChannel::for_term(&site, &tag, FeedFormat::Atom);
        assert_eq!(channel.title, "Blog » Kyrgyzstan");
        assert_eq!(
            channel.self_link.as_deref(),
            Some("https://blog.example.org/tag/kyrgyzstan/feed/atom/")
        );
        let channel = FeedChannel::for_author(&site, &author, FeedFormat::JsonFeed);
        assert_eq!(
            channel.self_link.as_deref(),
            Some("https://blog.example.org/author/wlp/feed/json/")
        );
        site.set_permalink_structure(&PermalinkStructure::plain());
        let channel = FeedChannel::for_term(&site, &tag, FeedFormat::Rss);
        assert_eq!(
            channel.self_link.as_deref(),
            Some("https://blog.example.org/?tag=kyrgyzstan&feed=rss2")
        );
        let channel = FeedChannel::for_site(&site, FeedFormat::Atom);
        assert_eq!(
            channel.self_link.as_deref(),
            Some("https://blog.example.org/?feed=atom")
        );
    }
}
