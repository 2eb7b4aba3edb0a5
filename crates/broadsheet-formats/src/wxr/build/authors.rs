//! Authors: `wp:author` declarations, the slugs they get, and the `dc:creator` and co-author
//! names items give.

use super::Builder;
use super::ids::{IdOutcome, non_empty, sanitise_slug, source_id, split_id};
use crate::codes;
use crate::import::fallback_slug;
use crate::wxr::keys;
use crate::wxr::position::Loc;
use crate::wxr::reader::RawAuthor;
use broadsheet_core::{Author, AuthorId, Email, Slug};

impl Builder {
    /// An author's public slug: the `wp:author_nicename` Broadsheet wrote, else the login or the
    /// display name as `author_slugs` says (a display-name slug is made unique among the
    /// authors so far), else the other one; `None` when nothing makes a slug.
    pub(super) fn author_slug(
        &self,
        nicename: Option<&str>,
        login: Option<&str>,
        display: Option<&str>,
        author_slugs: crate::AuthorSlugs,
    ) -> Option<Slug> {
        if let Some(slug) = nicename.and_then(|text| Slug::parse(text).ok()) {
            return Some(slug);
        }
        let from_login =
            || login.and_then(|text| Slug::parse(text).ok().or_else(|| sanitise_slug(text)));
        let from_display = || {
            let base = display
                .map(|name| broadsheet_core::slugify(name, broadsheet_core::SlugStyle::WordPress))
                .and_then(|text| Slug::parse(&text).ok())?;
            Some(broadsheet_core::unique_slug(&base, |candidate| {
                self.authors_by_slug.contains_key(candidate)
            }))
        };
        match author_slugs {
            crate::AuthorSlugs::Login => from_login().or_else(|| {
                display.and_then(|text| Slug::parse(text).ok().or_else(|| sanitise_slug(text)))
            }),
            crate::AuthorSlugs::DisplayName => from_display().or_else(from_login),
        }
    }

    pub(super) fn authors(&mut self, authors: Vec<RawAuthor>, author_slugs: crate::AuthorSlugs) {
        let claims: Vec<IdOutcome> = authors
            .iter()
            .map(|a| self.author_ids.claim(a.id.as_deref()))
            .collect();
        for (index, (raw, claim)) in authors.into_iter().zip(claims).enumerate() {
            let path = format!("authors[{index}]");
            let id = match claim {
                IdOutcome::Kept(n) => n,
                IdOutcome::Invalid => {
                    self.issues.push(
&codes::WXR_AUTHOR_ID_INVALID,
                        path.clone(),
                        "wp:author_id is not a positive integer; the author was given a new id and the text kept for export",
                        raw.loc,
                    );
                    self.author_ids.fresh()
                }
                _ => self.author_ids.fresh(),
            };
            let id = AuthorId(id);
            let login = non_empty(raw.login);
            let display = non_empty(raw.display_name);
            let slug = self
                .author_slug(
                    non_empty(raw.nicename).as_deref(),
                    login.as_deref(),
                    display.as_deref(),
                    author_slugs,
                )
                .unwrap_or_else(|| fallback_slug("author", id.0));
            if login.is_none() {
                self.issues.push(
                    &codes::WXR_AUTHOR_LOGIN_MISSING,
                    path.clone(),
                    "this author has no wp:author_login; posts cannot name it",
                    raw.loc,
                );
            }
            let mut author = Author::new(
                id,
                slug,
                display
                    .clone()
                    .or_else(|| login.clone())
                    .unwrap_or_default(),
            );
            let (source, invalid_id) = split_id(&raw.id);
            author.source_id = source;
            author.first_name = non_empty(raw.first_name);
            author.last_name = non_empty(raw.last_name);
            if let Some(email) = non_empty(raw.email) {
                match Email::parse(&email) {
                    Ok(email) => author.email = Some(email),
                    Err(error) => {
                        self.issues.push(
                            &codes::WXR_AUTHOR_EMAIL_INVALID,
                            format!("{path}.email"),
                            format!("{error}; the text was kept"),
                            raw.loc,
                        );
                        author.meta.push_invalid("email", email);
                    }
                }
            }
            if display.is_none() {
                // WordPress shows the login when there is no display name: keep that it was absent.
                author.meta.push(keys::NO_DISPLAY_NAME, "1");
            }
            if login.is_none() {
                author.meta.push(keys::NO_LOGIN, "1");
            }
            // Comments name authors by this text (`wp:comment_user_id`), valid or not.
            if let Some(text) = source_id(&raw.id) {
                self.authors_by_source.entry(text).or_insert(id);
            }
            if let Some(text) = invalid_id {
                author.meta.push(keys::INVALID_ID, text);
            }
            if let Some(login) = &login {
                if self.authors_by_login.contains_key(login) {
                    self.issues.push(
                        &codes::WXR_AUTHOR_LOGIN_DUPLICATE,
                        path.clone(),
                        format!("login {login:?} is declared twice; posts name the first"),
                        raw.loc,
                    );
                } else {
                    self.authors_by_login.insert(login.clone(), id);
                }
            }
            author.login = login;
            self.authors_by_slug
                .entry(author.slug.as_str().to_owned())
                .or_insert(id);
            self.site.authors.push(author);
        }
    }

    pub(super) fn author_for_creator(&mut self, login: &str, path: &str, loc: Loc) -> AuthorId {
        if let Some(&id) = self.authors_by_login.get(login) {
            return id;
        }
        let id = AuthorId(self.author_ids.fresh());
        let slug = Slug::parse(login)
            .ok()
            .or_else(|| sanitise_slug(login))
            .unwrap_or_else(|| fallback_slug("author", id.0));
        self.issues.push(
            &codes::WXR_AUTHOR_UNKNOWN,
            format!("{path}.creator"),
            format!(
                "dc:creator {login:?} is not a declared wp:author; an author was created for it"
            ),
            loc,
        );
        let mut author = Author::new(id, slug, login);
        author.login = Some(login.to_owned());
        author.meta.push(keys::UNDECLARED, "1");
        self.authors_by_login.insert(login.to_owned(), id);
        self.authors_by_slug
            .entry(author.slug.as_str().to_owned())
            .or_insert(id);
        self.site.authors.push(author);
        id
    }

    pub(super) fn co_author(&self, nicename: &str) -> Option<AuthorId> {
        self.authors_by_login
            .get(nicename)
            .or_else(|| {
                nicename
                    .strip_prefix("cap-")
                    .and_then(|login| self.authors_by_login.get(login))
            })
            .or_else(|| self.authors_by_slug.get(nicename))
            .copied()
    }
}
