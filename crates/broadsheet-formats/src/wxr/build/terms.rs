//! Terms: `wp:category`, `wp:tag` and `wp:term` declarations, the categories an item names
//! (declared or not), and parents before children.

use super::Builder;
use super::ids::{IdOutcome, sanitise_slug, split_id};
use crate::codes;
use crate::import::fallback_slug;
use crate::wxr::keys;
use crate::wxr::reader::{RawCategory, RawTerm, TermElement};
use broadsheet_core::{AuthorId, Meta, Post, Slug, Taxonomy, Term, TermId};
use std::collections::{HashMap, HashSet};

/// Orders terms so that every parent comes before its children, moving only the terms that
/// must move (WordPress's importer looks parents up as it goes).
pub(crate) fn parents_first(terms: Vec<Term>) -> Vec<Term> {
    let index: HashMap<TermId, usize> = terms.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
    if !terms.iter().enumerate().any(|(i, term)| {
        term.parent
            .and_then(|p| index.get(&p))
            .is_some_and(|&p| p > i)
    }) {
        return terms;
    }
    let mut placed = vec![false; terms.len()];
    let mut order: Vec<usize> = Vec::with_capacity(terms.len());
    for start in 0..terms.len() {
        // Walk up to the highest unplaced ancestor, then place the chain top-down.
        let mut chain = Vec::new();
        let mut at = Some(start);
        while let Some(i) = at {
            // `placed` is set on the walk: a chain that loops back on itself stops there.
            if placed[i] {
                break;
            }
            placed[i] = true;
            chain.push(i);
            at = terms[i].parent.and_then(|p| index.get(&p).copied());
        }
        order.extend(chain.iter().rev().copied());
    }
    let mut slots: Vec<Option<Term>> = terms.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// WordPress writes a category (and a tag) twice: as `wp:category` and again as `wp:term`
/// with the same taxonomy, id and slug. Those declarations are one term: the later ones are
/// folded into the first (filling fields it lacks, adding meta it does not have), without an
/// issue, since this is how every WordPress export looks.
pub(crate) fn same_terms_once(terms: Vec<RawTerm>) -> Vec<RawTerm> {
    fn taxonomy(raw: &RawTerm) -> String {
        match raw.element {
            TermElement::Category => "category".to_owned(),
            TermElement::Tag => "post_tag".to_owned(),
            TermElement::Term => raw.taxonomy.as_deref().unwrap_or("").trim().to_owned(),
        }
    }
    let trimmed = |text: &Option<String>| text.as_deref().unwrap_or("").trim().to_owned();
    let mut first: HashMap<(String, String, String), usize> = HashMap::new();
    let mut kept: Vec<RawTerm> = Vec::with_capacity(terms.len());
    for raw in terms {
        let id = trimmed(&raw.id);
        let key = (taxonomy(&raw), id.clone(), trimmed(&raw.slug));
        if id.is_empty() || key.0.is_empty() {
            kept.push(raw);
            continue;
        }
        if let Some(&at) = first.get(&key) {
            let earlier = &mut kept[at];
            let empty =
                |value: &Option<String>| value.as_deref().is_none_or(|v| v.trim().is_empty());
            if empty(&earlier.name) && !empty(&raw.name) {
                earlier.name = raw.name;
            }
            if empty(&earlier.description) && !empty(&raw.description) {
                earlier.description = raw.description;
            }
            if empty(&earlier.parent) && !empty(&raw.parent) {
                earlier.parent = raw.parent;
            }
            for entry in raw.meta {
                if !earlier.meta.contains(&entry) {
                    earlier.meta.push(entry);
                }
            }
        } else {
            first.insert(key, kept.len());
            kept.push(raw);
        }
    }
    kept
}

impl Builder {
    pub(super) fn terms(&mut self, terms: Vec<RawTerm>) {
        let terms = same_terms_once(terms);
        let claims: Vec<IdOutcome> = terms
            .iter()
            .map(|t| self.term_ids.claim(t.id.as_deref()))
            .collect();
        let mut parents = Vec::with_capacity(terms.len());
        for (index, (raw, claim)) in terms.into_iter().zip(claims).enumerate() {
            let path = format!("terms[{index}]");
            let id = match claim {
                IdOutcome::Kept(n) => n,
                IdOutcome::Duplicate => {
                    self.issues.push(
                        &codes::WXR_TERM_ID_DUPLICATE,
                        path.clone(),
                        format!(
                            "term id {} is used twice; this term got a new id",
                            raw.id.as_deref().unwrap_or("").trim()
                        ),
                        raw.loc,
                    );
                    self.term_ids.fresh()
                }
                IdOutcome::Invalid => {
                    self.issues.push(
&codes::WXR_TERM_ID_INVALID,
                        path.clone(),
                        "wp:term_id is not a positive integer; the term was given a new id and the text kept for export",
                        raw.loc,
                    );
                    self.term_ids.fresh()
                }
                IdOutcome::Missing => self.term_ids.fresh(),
            };
            let id = TermId(id);
            let taxonomy = match raw.element {
                TermElement::Category => Taxonomy::Category,
                TermElement::Tag => Taxonomy::Tag,
                TermElement::Term => {
                    let name = raw.taxonomy.unwrap_or_default();
                    if name.is_empty() {
                        self.issues.push(
                            &codes::WXR_TERM_TAXONOMY_MISSING,
                            path.clone(),
                            "this wp:term has no wp:term_taxonomy; it was read as a category",
                            raw.loc,
                        );
                        Taxonomy::Category
                    } else {
                        Taxonomy::from(name)
                    }
                }
            };
            let name = raw.name.unwrap_or_default();
            let raw_slug = raw.slug.unwrap_or_default();
            let mut meta = Meta::new();
            for (key, value) in raw.meta {
                meta.push(key, value);
            }
            let slug = match Slug::parse(&raw_slug) {
                Ok(slug) => slug,
                Err(error) => {
                    let slug = sanitise_slug(&raw_slug)
                        .or_else(|| sanitise_slug(&name))
                        .unwrap_or_else(|| fallback_slug("term", id.0));
                    self.issues.push(
&codes::WXR_TERM_SLUG_INVALID,
                        format!("{path}.slug"),
                        format!("{error} ({raw_slug:?}); the term was given the slug {slug:?} and the original kept for export"),
                        raw.loc,
                    );
                    meta.push_invalid("slug", raw_slug.clone());
                    slug
                }
            };
            let mut term = Term::new(id, taxonomy.clone(), name, slug);
            let (source, invalid_id) = split_id(&raw.id);
            term.source_id = source;
            term.description = raw.description.unwrap_or_default();
            if let Some(text) = invalid_id {
                meta.push(keys::INVALID_ID, text);
            }
            term.meta = meta;
            let by_slug = self
                .terms_by_slug
                .entry(taxonomy.as_str().to_owned())
                .or_default();
            if by_slug.contains_key(term.slug.as_str()) {
                self.issues.push(
                    &codes::WXR_TERM_SLUG_DUPLICATE,
                    path.clone(),
                    format!(
                        "{} {:?} is declared twice; items name the first",
                        taxonomy.as_str(),
                        term.slug.as_str()
                    ),
                    raw.loc,
                );
            } else {
                by_slug.insert(term.slug.as_str().to_owned(), id);
            }
            if !raw_slug.is_empty() && raw_slug != term.slug.as_str() {
                by_slug.entry(raw_slug).or_insert(id);
            }
            self.terms_by_name
                .entry(taxonomy.as_str().to_owned())
                .or_default()
                .entry(term.name.clone())
                .or_insert(id);
            parents.push((
                raw.parent.filter(|p| !p.is_empty() && p != "0"),
                raw.loc,
                path,
            ));
            self.term_index.insert(id, self.site.terms.len());
            self.site.terms.push(term);
        }
        for (index, (parent, loc, path)) in parents.into_iter().enumerate() {
            let Some(parent) = parent else { continue };
            let taxonomy = self.site.terms[index].taxonomy.as_str().to_owned();
            let found = self
                .terms_by_slug
                .get(&taxonomy)
                .and_then(|m| m.get(&parent))
                .copied()
                .filter(|&p| p != self.site.terms[index].id);
            let term = &mut self.site.terms[index];
            if let Some(parent_id) = found {
                term.parent = Some(parent_id);
            } else {
                self.issues.push(
            &codes::WXR_TERM_PARENT_UNKNOWN,
                                    format!("{path}.parent"),
                                    format!("parent {parent:?} is not a declared {taxonomy} slug; it was kept for export"),
                                    loc,
                                );
                term.meta.push(keys::TERM_PARENT, parent);
            }
        }
    }

    pub(super) fn term(&self, id: TermId) -> Option<&Term> {
        self.term_index.get(&id).map(|&i| &self.site.terms[i])
    }

    pub(super) fn categories(&mut self, post: &mut Post, categories: Vec<RawCategory>, path: &str) {
        // What the post already links, so that an item with N categories costs N look-ups,
        // not N² comparisons: terms, co-authors, and (taxonomy, name) of its terms.
        let mut linked_terms: HashSet<TermId> = post.terms.iter().copied().collect();
        let mut linked_authors: HashSet<AuthorId> = post.authors.iter().copied().collect();
        let mut linked_names: HashSet<(String, String)> = post
            .terms
            .iter()
            .filter_map(|t| self.term(*t))
            .map(|term| (term.taxonomy.as_str().to_owned(), term.name.clone()))
            .collect();
        for (index, category) in categories.into_iter().enumerate() {
            let taxonomy = match category.domain.as_deref().map(str::trim) {
                None | Some("") => Taxonomy::Category,
                Some("tag") => Taxonomy::Tag,
                Some(domain) => Taxonomy::from(domain),
            };
            let nicename_owned = category
                .nicename
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned);
            let nicename = nicename_owned.as_deref();
            let tax_name = taxonomy.as_str().to_owned();
            if tax_name == "author"
                && let Some(nicename) = nicename
                && let Some(author) = self.co_author(nicename)
            {
                if linked_authors.insert(author) {
                    post.authors.push(author);
                }
                // Keep a declared `author` term too, for export.
                if let Some(&term) = self
                    .terms_by_slug
                    .get("author")
                    .and_then(|m| m.get(nicename))
                    && linked_terms.insert(term)
                {
                    post.terms.push(term);
                    if let Some(term) = self.term(term) {
                        linked_names.insert((term.taxonomy.as_str().to_owned(), term.name.clone()));
                    }
                }
                continue;
            }
            let found = if let Some(slug) = nicename {
                self.terms_by_slug
                    .get(&tax_name)
                    .and_then(|m| m.get(slug))
                    .copied()
            } else {
                // WXR 1.0: a category named only by its text.
                if linked_names.contains(&(tax_name.clone(), category.name.clone())) {
                    continue;
                }
                self.terms_by_name
                    .get(&tax_name)
                    .and_then(|m| m.get(&category.name))
                    .copied()
            };
            let term = match found {
                Some(term) => term,
                None => self.undeclared_term(taxonomy, nicename, category, path, index),
            };
            if nicename.is_some()
                && let Some(&at) = self.term_index.get(&term)
            {
                // Named by slug after all: the term is no longer known by name only.
                let meta = &mut self.site.terms[at].meta;
                meta.0.retain(|e| e.key != keys::NO_NICENAME);
            }
            if linked_terms.insert(term) {
                post.terms.push(term);
                if let Some(term) = self.term(term) {
                    linked_names.insert((term.taxonomy.as_str().to_owned(), term.name.clone()));
                }
            }
        }
        if post.format.is_none() {
            for term in &post.terms {
                if let Some(term) = self.term(*term)
                    && term.taxonomy.as_str() == "post_format"
                    && let Some(format) = term.slug.as_str().strip_prefix("post-format-")
                {
                    post.format = Some(format.to_owned());
                    break;
                }
            }
        }
    }

    pub(super) fn undeclared_term(
        &mut self,
        taxonomy: Taxonomy,
        nicename: Option<&str>,
        category: RawCategory,
        path: &str,
        index: usize,
    ) -> TermId {
        let id = TermId(self.term_ids.fresh());
        let mut meta = Meta::new();
        meta.push(keys::UNDECLARED, "1");
        let slug = if let Some(raw) = nicename {
            if let Ok(slug) = Slug::parse(raw) {
                slug
            } else {
                meta.push_invalid("slug", raw);
                sanitise_slug(raw).unwrap_or_else(|| fallback_slug("term", id.0))
            }
        } else {
            meta.push(keys::NO_NICENAME, "1");
            sanitise_slug(&category.name).unwrap_or_else(|| fallback_slug("term", id.0))
        };
        self.issues.push(
            &codes::WXR_TERM_UNDECLARED,
            format!("{path}.category[{index}]"),
            format!(
                "{} {:?} ({:?}) is used but not declared in the channel; it was created",
                taxonomy.as_str(),
                nicename.unwrap_or(slug.as_str()),
                category.name
            ),
            category.loc,
        );
        let tax_name = taxonomy.as_str().to_owned();
        let by_slug = self.terms_by_slug.entry(tax_name.clone()).or_default();
        by_slug.entry(slug.as_str().to_owned()).or_insert(id);
        if let Some(raw) = nicename {
            by_slug.entry(raw.to_owned()).or_insert(id);
        }
        self.terms_by_name
            .entry(tax_name)
            .or_default()
            .entry(category.name.clone())
            .or_insert(id);
        let mut term = Term::new(id, taxonomy, category.name, slug);
        term.meta = meta;
        self.term_index.insert(id, self.site.terms.len());
        self.site.terms.push(term);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_move_before_children_only_when_needed() {
        let slug = |s: &str| Slug::parse(s).unwrap();
        let mut child = Term::new(TermId(1), Taxonomy::Category, "c", slug("c"));
        child.parent = Some(TermId(3));
        let other = Term::new(TermId(2), Taxonomy::Tag, "o", slug("o"));
        let mut middle = Term::new(TermId(3), Taxonomy::Category, "m", slug("m"));
        middle.parent = Some(TermId(4));
        let root = Term::new(TermId(4), Taxonomy::Category, "r", slug("r"));
        let ordered = parents_first(vec![child, other.clone(), middle, root]);
        let ids: Vec<u64> = ordered.iter().map(|t| t.id.0).collect();
        assert_eq!(ids, [4, 3, 1, 2]);
        // Already in order: unchanged.
        let again = parents_first(ordered.clone());
        assert_eq!(again, ordered);
        // A cycle does not loop.
        let mut a = Term::new(TermId(1), Taxonomy::Category, "a", slug("a"));
        a.parent = Some(TermId(2));
        let mut b = Term::new(TermId(2), Taxonomy::Category, "b", slug("b"));
        b.parent = Some(TermId(1));
        assert_eq!(parents_first(vec![a, b]).len(), 2);
    }
}
