//! Checks of the site's settings, authors, terms and media.

use super::*;

impl Validator<'_> {
    pub(super) fn check_site(&mut self) {
        let site = self.site;
        let owner = || "the site".to_owned();
        if is_blank(site.title) {
            self.issue(
                codes::SITE_TITLE_EMPTY,
                "title".into(),
                "the site has no title; feeds and page titles will be empty: set one".into(),
            );
        }
        self.check_text(&|| "title".into(), &owner, site.title, Limit::Title);
        self.check_text(
            &|| "description".into(),
            &owner,
            site.description,
            Limit::Text,
        );
        self.check_optional_text(&|| "language".into(), &owner, site.language, Limit::Name);
        if let Some(url) = &site.url {
            self.check_url(&|| "url".into(), &owner, url);
        }
        self.check_invalid_fields("site", &String::new, &owner, site.meta);
    }

    // ---- authors -------------------------------------------------------------------------

    pub(super) fn check_authors(&mut self) {
        let site = self.site;
        let mut slugs: HashMap<String, usize> = HashMap::with_capacity(site.authors.len());
        for (i, author) in site.authors.iter().enumerate() {
            let owner = || describe_author(author);
            if is_blank(&author.display_name) {
                self.issue(
                    codes::AUTHOR_DISPLAY_NAME_EMPTY,
                    format!("authors[{i}].display_name"),
                    format!(
                        "{} has no display name; bylines would read \"by\" and nothing: set one",
                        owner()
                    ),
                );
            }
            let field = |name: &'static str| move || format!("authors[{i}].{name}");
            self.check_text(
                &field("display_name"),
                &owner,
                &author.display_name,
                Limit::Name,
            );
            self.check_optional_text(
                &field("login"),
                &owner,
                author.login.as_deref(),
                Limit::Name,
            );
            self.check_optional_text(
                &field("first_name"),
                &owner,
                author.first_name.as_deref(),
                Limit::Name,
            );
            self.check_optional_text(
                &field("last_name"),
                &owner,
                author.last_name.as_deref(),
                Limit::Name,
            );
            self.check_text(&field("bio"), &owner, &author.bio, Limit::Text);
            self.check_slug(&field("slug"), &owner, &author.slug);
            if let Some(url) = &author.url {
                self.check_url(&field("url"), &owner, url);
            }
            if let Some(url) = &author.avatar {
                self.check_url(&field("avatar"), &owner, url);
            }
            match slugs.entry(author.slug.as_str().to_lowercase()) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(first) => {
                    let first = *first.get();
                    self.issue(
                        codes::AUTHOR_SLUG_DUPLICATE,
                        format!("authors[{i}].slug"),
                        format!(
                            "{} has the same slug as {} (authors[{first}]); author archives need \
                             distinct slugs: change one",
                            owner(),
                            site.authors
                                .get(first)
                                .map(|x| describe_author(x))
                                .unwrap_or_default()
                        ),
                    );
                }
            }
            self.check_invalid_fields("author", &|| format!("authors[{i}]"), &owner, &author.meta);
        }
    }

    // ---- terms ---------------------------------------------------------------------------

    pub(super) fn check_terms(&mut self) {
        let site = self.site;
        let mut slugs: HashMap<(&Taxonomy, String), usize> =
            HashMap::with_capacity(site.terms.len());
        for (i, term) in site.terms.iter().enumerate() {
            let owner = || describe_term(term);
            if is_blank(&term.name) {
                self.issue(
                    codes::TERM_NAME_EMPTY,
                    format!("terms[{i}].name"),
                    format!(
                        "{} has no name, so lists of its terms show an empty entry \
                         (\"Tags: , ,\"): name it or delete it",
                        owner()
                    ),
                );
            }
            let field = |name: &'static str| move || format!("terms[{i}].{name}");
            self.check_text(&field("name"), &owner, &term.name, Limit::Name);
            self.check_text(
                &field("description"),
                &owner,
                &term.description,
                Limit::Text,
            );
            self.check_slug(&field("slug"), &owner, &term.slug);
            match slugs.entry((&term.taxonomy, term.slug.as_str().to_lowercase())) {
                Entry::Vacant(slot) => {
                    slot.insert(i);
                }
                Entry::Occupied(first) => {
                    let first = *first.get();
                    self.issue(
                        codes::TERM_SLUG_DUPLICATE,
                        format!("terms[{i}].slug"),
                        format!(
                            "{} has the same slug as {} (terms[{first}]) in taxonomy {}; archives \
                             need distinct slugs: merge the terms or change one slug",
                            owner(),
                            site.terms
                                .get(first)
                                .map(|x| describe_term(x))
                                .unwrap_or_default(),
                            term.taxonomy
                        ),
                    );
                }
            }
            if let Some(parent) = term.parent {
                let path = format!("terms[{i}].parent");
                if !term.taxonomy.is_hierarchical() {
                    self.issue(
                        codes::TERM_PARENT_FLAT_TAXONOMY,
                        path.clone(),
                        format!(
                            "{} is in the flat taxonomy {} but has the parent {parent}; remove the \
                             parent",
                            owner(),
                            term.taxonomy
                        ),
                    );
                }
                match self.terms.get(&parent).and_then(|&p| site.terms.get(p)) {
                    None => self.issue(
                        codes::TERM_PARENT_DANGLING,
                        path,
                        format!(
                            "{} has the parent {parent}, which the site does not have; add that \
                             term or remove the parent",
                            owner()
                        ),
                    ),
                    Some(parent_term) if parent_term.taxonomy != term.taxonomy => self.issue(
                        codes::TERM_PARENT_OTHER_TAXONOMY,
                        path,
                        format!(
                            "{} has the parent {}, which is in taxonomy {}, not {}; pick a parent \
                             of the same taxonomy",
                            owner(),
                            describe_term(parent_term),
                            parent_term.taxonomy,
                            term.taxonomy
                        ),
                    ),
                    Some(_) => {}
                }
            }
            self.check_invalid_fields("term", &|| format!("terms[{i}]"), &owner, &term.meta);
        }
    }

    // ---- posts ---------------------------------------------------------------------------

    pub(super) fn check_media(&mut self) {
        let site = self.site;
        for (i, media) in site.media.iter().enumerate() {
            let owner = || describe_media(media);
            let field = |name: &'static str| move || format!("media[{i}].{name}");
            if let Some(post) = media.attached_to
                && !self.posts.contains_key(&post)
            {
                self.issue(
                    codes::MEDIA_ATTACHED_TO_DANGLING,
                    format!("media[{i}].attached_to"),
                    format!(
                        "{} is attached to {post}, which the site does not have; add the post or \
                         detach the file",
                        owner()
                    ),
                );
            }
            self.check_url(&field("url"), &owner, &media.url);
            self.check_text(&field("title"), &owner, &media.title, Limit::Title);
            self.check_text(&field("alt_text"), &owner, &media.alt_text, Limit::Title);
            self.check_text(&field("caption"), &owner, &media.caption, Limit::Text);
            self.check_optional_text(
                &field("mime_type"),
                &owner,
                media.mime_type.as_deref(),
                Limit::Name,
            );
            self.check_invalid_fields("media", &|| format!("media[{i}]"), &owner, &media.meta);
        }
    }

    // ---- cycles --------------------------------------------------------------------------
}
