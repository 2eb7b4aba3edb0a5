//! The resolving half of the importer: raw WXR records to a [`Site`].
//!
//! Identifiers are assigned here (the file's own when they are usable, fresh ones after the
//! largest otherwise), references are resolved (authors by login, terms by taxonomy and slug,
//! parents by the file's ids), and every value the model cannot hold is kept in meta under a
//! reserved `wxr:` key or [`broadsheet_core::INVALID_FIELD_PREFIX`] so that export gives it back.

mod authors;
mod comments;
mod dates;
mod ids;
mod items;
mod terms;

use super::keys;
use super::reader::{Issues, RawDocument};
use crate::codes;
use broadsheet_core::{AuthorId, Site, TermId, Url};
use ids::{IdPool, non_empty};
use std::collections::HashMap;

pub(crate) use dates::{WP_DATE, ZERO_DATE, derived_pub_date};
pub(crate) use terms::parents_first;

struct Builder {
    issues: Issues,
    site: Site,
    /// Term ids by taxonomy name and slug.
    terms_by_slug: HashMap<String, HashMap<String, TermId>>,
    /// Term ids by taxonomy name and name (for WXR 1.0 categories without a nicename).
    terms_by_name: HashMap<String, HashMap<String, TermId>>,
    term_ids: IdPool,
    /// Position of each term in `site.terms`.
    term_index: HashMap<TermId, usize>,
    authors_by_login: HashMap<String, AuthorId>,
    authors_by_slug: HashMap<String, AuthorId>,
    authors_by_source: HashMap<String, AuthorId>,
    author_ids: IdPool,
}

/// Builds the site from what the reader found.
pub(crate) fn build(
    doc: RawDocument,
    issues: Issues,
    author_slugs: crate::AuthorSlugs,
) -> (Site, Issues) {
    let mut builder = Builder {
        issues,
        site: Site::default(),
        terms_by_slug: HashMap::new(),
        terms_by_name: HashMap::new(),
        term_ids: IdPool::new(),
        term_index: HashMap::new(),
        authors_by_login: HashMap::new(),
        authors_by_slug: HashMap::new(),
        authors_by_source: HashMap::new(),
        author_ids: IdPool::new(),
    };
    for (kind, count, loc) in &doc.skipped {
        builder.issues.push(
&codes::WXR_ITEM_FILTERED,
            format!("channel.item[post_type={kind}]"),
            format!("{count} item(s) of kind {kind:?} were left out, as the import options asked (the first is here)"),
            *loc,
        );
    }
    let RawDocument {
        channel,
        authors,
        terms,
        items,
        ..
    } = doc;
    builder.channel(channel);
    builder.authors(authors, author_slugs);
    builder.terms(terms);
    builder.items(items);
    builder.site.terms = parents_first(std::mem::take(&mut builder.site.terms));
    // An item's <link> is its permalink: the site's structure is the one that reproduces the
    // links, and an item no structure reproduces keeps its own.
    let links: Vec<(broadsheet_core::PostId, String)> = builder
        .site
        .posts
        .iter()
        .filter_map(|post| {
            post.meta
                .get(keys::LINK)
                .map(|link| (post.id, link.to_owned()))
        })
        .collect();
    builder.site.adopt_links(&links);
    (builder.site, builder.issues)
}

impl Builder {
    fn channel(&mut self, channel: super::reader::RawChannel) {
        let site = &mut self.site;
        site.settings.title = channel.title.unwrap_or_default();
        if let Some(link) = non_empty(channel.link) {
            match Url::parse(link.trim()) {
                Ok(url) if url.as_str() == link => site.settings.url = Some(url),
                _ => {
                    self.issues.push(
                        &codes::WXR_SITE_URL_INVALID,
                        "site.url",
                        format!(
                            "the channel link {link:?} is not an absolute URL; it was kept as text"
                        ),
                        channel.link_loc,
                    );
                    site.settings.meta.push_invalid("url", link);
                }
            }
        }
        site.settings.description = channel.description.unwrap_or_default();
        site.settings.language = non_empty(channel.language);
        let keep = [
            (keys::PUB_DATE, channel.pub_date),
            (keys::GENERATOR, channel.generator),
            (keys::BASE_SITE_URL, channel.base_site_url),
            (keys::BASE_BLOG_URL, channel.base_blog_url),
        ];
        for (key, value) in keep {
            if let Some(value) = value {
                site.settings.meta.push(key, value);
            }
        }
    }
}
