//! The redirect map of a migration: every post, page, term archive and author archive's URL on
//! the old site and on the new one, written as CSV, an nginx `map` or Apache rules.
//!
//! Entities are matched by what survives a migration: items by kind and slug (pages by their
//! path of slugs), terms by taxonomy and slug (or by slug alone, since Ghost turns categories
//! into tags), authors by slug. Only addresses the public can reach are listed (published
//! posts and pages, terms, authors); an entity whose URL did not change needs no redirect;
//! one with no counterpart on the new site is listed in [`RedirectMap::unmatched`].
//!
//! ```
//! use broadsheet_core::{Post, PostId, Site, Slug, Timestamp, Url};
//! use broadsheet_core::permalink::PermalinkStructure;
//! use broadsheet_formats::redirects::{RedirectFormat, redirect_map};
//!
//! let mut old = Site::new("Blog");
//! old.settings.url = Some(Url::parse("https://old.example.org").unwrap());
//! let mut post = Post::new(PostId(1), "Hello", Slug::parse("hello").unwrap());
//! post.published = Some(Timestamp::parse_rfc3339("2013-05-30T12:00:00Z").unwrap());
//! old.posts.push(post);
//! let mut new = old.clone();
//! new.settings.url = Some(Url::parse("https://new.example.org").unwrap());
//! new.set_permalink_structure(&PermalinkStructure::parse("/%postname%/").unwrap());
//!
//! let map = redirect_map(&old, &new);
//! assert_eq!(map.redirects[0].from, "https://old.example.org/2013/05/30/hello/");
//! assert_eq!(map.redirects[0].to, "https://new.example.org/hello/");
//! assert!(map.render(RedirectFormat::Nginx).contains("/2013/05/30/hello/ https://new.example.org/hello/;"));
//! ```

use broadsheet_core::permalink::PermalinkStructure;
use broadsheet_core::{PostKind, PostStatus, SiteData, Taxonomy};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::str::FromStr;

/// One redirect: the old URL and the new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// What the URL is of: `post`, `page`, `category`, `post_tag`, `author`...
    pub what: String,
    /// The old absolute URL (relative when the old site has no URL).
    pub from: String,
    /// The new absolute URL.
    pub to: String,
}

/// Every redirect, and the old URLs with no counterpart on the new site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RedirectMap {
    /// The redirects, posts and pages first, then terms, then authors.
    pub redirects: Vec<Redirect>,
    /// Old URLs of entities the new site does not have.
    pub unmatched: Vec<String>,
}

/// How to write a redirect map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectFormat {
    /// `from,to` lines with a header (RFC 4180 quoting).
    Csv,
    /// An nginx `map $request_uri $redirect_to { ... }` block.
    Nginx,
    /// Apache `RedirectMatch 301` rules (`RewriteRule`s for `?p=ID` links).
    Apache,
}

impl FromStr for RedirectFormat {
    type Err = String;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "csv" => Ok(Self::Csv),
            "nginx" => Ok(Self::Nginx),
            "apache" => Ok(Self::Apache),
            other => Err(format!(
                "unknown redirect format {other:?}: use csv, nginx or apache"
            )),
        }
    }
}

/// The redirects from `old`'s addresses to `new`'s (see the module's description).
pub fn redirect_map(old: &dyn SiteData, new: &dyn SiteData) -> RedirectMap {
    let old_structure = PermalinkStructure::of(old);
    let new_structure = PermalinkStructure::of(new);
    let mut map = RedirectMap::default();
    let mut add = |what: &str, from: String, to: Option<String>| match to {
        Some(to) if to != from => map.redirects.push(Redirect {
            what: what.to_owned(),
            from,
            to,
        }),
        Some(_) => {}
        None => map.unmatched.push(from),
    };

    let public = |kind: &PostKind, status: &PostStatus| {
        *status == PostStatus::Published && kind.has_public_address()
    };
    let mut new_posts: HashMap<(&str, &str), &broadsheet_core::Post> = HashMap::new();
    for post in new.posts() {
        if let Some(slug) = &post.slug
            && public(&post.kind, &post.status)
        {
            new_posts
                .entry((post.kind.as_str(), slug.as_str()))
                .or_insert(post);
        }
    }
    for post in old.posts() {
        let Some(slug) = &post.slug else { continue };
        if !public(&post.kind, &post.status) {
            continue;
        }
        let to = new_posts
            .get(&(post.kind.as_str(), slug.as_str()))
            .map(|target| new_structure.permalink(new, target));
        add(post.kind.as_str(), old_structure.permalink(old, post), to);
    }

    let mut by_taxonomy: HashMap<(&Taxonomy, &str), &broadsheet_core::Term> = HashMap::new();
    let mut by_slug: HashMap<&str, &broadsheet_core::Term> = HashMap::new();
    for term in new.terms() {
        by_taxonomy
            .entry((&term.taxonomy, term.slug.as_str()))
            .or_insert(term);
        by_slug.entry(term.slug.as_str()).or_insert(term);
    }
    for term in old.terms() {
        if !matches!(term.taxonomy, Taxonomy::Tag | Taxonomy::Category)
            && matches!(
                term.taxonomy.as_str(),
                "nav_menu" | "post_format" | "wp_theme"
            )
        {
            continue;
        }
        let target = by_taxonomy
            .get(&(&term.taxonomy, term.slug.as_str()))
            .or_else(|| by_slug.get(term.slug.as_str()));
        let to = target.map(|target| new_structure.term_link(new, target));
        add(
            term.taxonomy.as_str(),
            old_structure.term_link(old, term),
            to,
        );
    }

    let new_authors: HashMap<&str, &broadsheet_core::Author> =
        new.authors().map(|a| (a.slug.as_str(), a)).collect();
    for author in old.authors() {
        let to = new_authors
            .get(author.slug.as_str())
            .map(|target| new_structure.author_link(new, target));
        add("author", old_structure.author_link(old, author), to);
    }
    map
}

impl RedirectMap {
    /// The map written in `format`.
    pub fn render(&self, format: RedirectFormat) -> String {
        let mut out = String::new();
        match format {
            RedirectFormat::Csv => {
                out.push_str("from,to,what\n");
                for r in &self.redirects {
                    let _ = writeln!(out, "{},{},{}", csv(&r.from), csv(&r.to), csv(&r.what));
                }
            }
            RedirectFormat::Nginx => {
                out.push_str(
                    "# In the server block: if ($redirect_to) { return 301 $redirect_to; }\n",
                );
                out.push_str("map $request_uri $redirect_to {\n");
                for r in &self.redirects {
                    let _ = writeln!(out, "    {} {};", nginx(&path_of(&r.from)), nginx(&r.to));
                }
                out.push_str("}\n");
            }
            RedirectFormat::Apache => {
                out.push_str("# In .htaccess or the virtual host (mod_alias, mod_rewrite).\n");
                let mut rewrite = false;
                for r in &self.redirects {
                    let path = path_of(&r.from);
                    if let Some((path, query)) = path.split_once('?') {
                        if !rewrite {
                            out.push_str("RewriteEngine On\n");
                            rewrite = true;
                        }
                        let _ = writeln!(
                            out,
                            "RewriteCond %{{QUERY_STRING}} ^{}$\nRewriteRule ^{}$ \"{}\" [R=301,L,QSD]",
                            regex(query),
                            regex(path.trim_start_matches('/')),
                            r.to.replace('"', "%22")
                        );
                    } else {
                        let trimmed = path.trim_end_matches('/');
                        let _ = writeln!(
                            out,
                            "RedirectMatch 301 \"^{}/?$\" \"{}\"",
                            regex(trimmed),
                            r.to.replace('"', "%22")
                        );
                    }
                }
            }
        }
        out
    }
}

/// The path and query of a URL (`https://example.org/a/?p=1` -> `/a/?p=1`).
fn path_of(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(at) => rest[at..].to_owned(),
            None => "/".to_owned(),
        },
        None => url.to_owned(),
    }
}

fn csv(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// nginx strings: quoted when they hold spaces, quotes, `;` or braces.
fn nginx(text: &str) -> String {
    if text.contains([' ', '"', ';', '{', '}', '\'', '\\', '$']) || text.is_empty() {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text.to_owned()
    }
}

/// Escapes a literal for a PCRE pattern.
fn regex(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\.^$|?*+()[]{}\"".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use broadsheet_core::{
        Author, AuthorId, Post, PostId, Site, Slug, Term, TermId, Timestamp, Url,
    };

    fn site(url: &str) -> Site {
        let mut site = Site::new("Blog");
        site.settings.url = Some(Url::parse(url).unwrap());
        site.authors
            .push(Author::new(AuthorId(1), Slug::parse("ann").unwrap(), "Ann"));
        site.terms.push(Term::new(
            TermId(1),
            Taxonomy::Category,
            "News",
            Slug::parse("news").unwrap(),
        ));
        let mut post = Post::new(PostId(12), "Hello", Slug::parse("hello").unwrap());
        post.published = Some(Timestamp::parse_rfc3339("2013-05-30T12:00:00Z").unwrap());
        post.authors.push(AuthorId(1));
        post.terms.push(TermId(1));
        site.posts.push(post);
        let mut draft = Post::new(PostId(13), "Draft", Slug::parse("draft").unwrap());
        draft.status = PostStatus::Draft;
        site.posts.push(draft);
        site
    }

    #[test]
    fn every_public_address_maps_to_its_counterpart() {
        let mut old = site("https://old.example.org");
        old.set_permalink_structure(&PermalinkStructure::plain());
        let mut new = site("https://new.example.org");
        new.set_permalink_structure(&PermalinkStructure::parse("/%postname%/").unwrap());
        // Ghost: the category is a tag now.
        new.terms[0].taxonomy = Taxonomy::Tag;
        let map = redirect_map(&old, &new);
        let pairs: Vec<(&str, &str)> = map
            .redirects
            .iter()
            .map(|r| (r.from.as_str(), r.to.as_str()))
            .collect();
        assert_eq!(
            pairs,
            [
                (
                    "https://old.example.org/?p=12",
                    "https://new.example.org/hello/"
                ),
                (
                    "https://old.example.org/?cat=1",
                    "https://new.example.org/tag/news/"
                ),
                (
                    "https://old.example.org/?author=1",
                    "https://new.example.org/author/ann/"
                ),
            ]
        );
        assert!(map.unmatched.is_empty());

        let apache = map.render(RedirectFormat::Apache);
        assert!(apache.contains("RewriteCond %{QUERY_STRING} ^p=12$\nRewriteRule ^$ \"https://new.example.org/hello/\" [R=301,L,QSD]"), "{apache}");
        let nginx = map.render(RedirectFormat::Nginx);
        assert!(
            nginx.contains("    /?p=12 https://new.example.org/hello/;\n"),
            "{nginx}"
        );
        let csv = map.render(RedirectFormat::Csv);
        assert_eq!(csv.lines().count(), 4);
        assert!(csv.starts_with(
            "from,to,what\nhttps://old.example.org/?p=12,https://new.example.org/hello/,post\n"
        ));
    }

    #[test]
    fn unchanged_addresses_need_no_redirect_and_missing_ones_are_listed() {
        let old = site("https://example.org");
        let mut new = site("https://example.org");
        assert!(redirect_map(&old, &new).redirects.is_empty());
        new.posts.clear();
        let map = redirect_map(&old, &new);
        assert_eq!(map.unmatched, ["https://example.org/2013/05/30/hello/"]);
        let apache = RedirectMap {
            redirects: vec![Redirect {
                what: "post".into(),
                from: "https://example.org/2013/05/30/a.b/".into(),
                to: "https://example.org/a-b/".into(),
            }],
            unmatched: vec![],
        }
        .render(RedirectFormat::Apache);
        assert!(
            apache.contains(
                "RedirectMatch 301 \"^/2013/05/30/a\\.b/?$\" \"https://example.org/a-b/\""
            ),
            "{apache}"
        );
    }
}
