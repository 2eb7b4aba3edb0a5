//! Users and roles, and the slugs users and tags share.

use super::fields::{id_text, sorted};
use super::{Importer, Object};
use crate::codes;
use crate::ghost::keys::{self, carry};
use crate::import::fallback_slug;
use broadsheet_core::{Author, AuthorId, Email, IssueCode, Meta, Site, Slug, Url};
use serde_json::Value;
use std::collections::HashMap;

impl Importer {
    /// Role names by Ghost role id.
    pub(super) fn roles(&mut self, data: &Object) -> HashMap<String, String> {
        let mut roles = HashMap::new();
        for (_, row) in self.table(data, "roles") {
            if let (Some(id), Some(name)) = (
                row.get("id").and_then(id_text),
                row.get("name").and_then(Value::as_str),
            ) {
                roles.entry(id).or_insert_with(|| name.to_owned());
            }
        }
        roles
    }

    pub(super) fn users(
        &mut self,
        data: &Object,
        site: &mut Site,
        roles: &HashMap<String, String>,
    ) -> HashMap<String, AuthorId> {
        // Role names per Ghost user id, in `roles_users` order.
        let mut user_roles: HashMap<String, Vec<String>> = HashMap::new();
        let mut role_rows = Vec::new();
        for (index, row) in self.table(data, "roles_users") {
            let json_path = format!("{}.roles_users[{index}]", self.base);
            let user = row.get("user_id").and_then(id_text);
            let role = row
                .get("role_id")
                .and_then(id_text)
                .and_then(|id| roles.get(&id));
            match (user, role) {
                (Some(user), Some(role)) => {
                    user_roles
                        .entry(user.clone())
                        .or_default()
                        .push(role.clone());
                    role_rows.push((user, json_path));
                }
                _ => self.push(
                    &codes::GHOST_LINK_ROLE_MISSING,
                    "authors",
                    json_path,
                    "a `roles_users` row names no known role or no user".into(),
                ),
            }
        }

        let mut by_id = HashMap::new();
        for (index, row) in self.table(data, "users") {
            let json_path = format!("{}.users[{index}]", self.base);
            let at = site.authors.len();
            let path = format!("authors[{at}]");
            let id = AuthorId(at as u64 + 1);
            let source_id = row.get("id").and_then(id_text);
            let what = match &source_id {
                Some(source) => format!("user {source:?}"),
                None => format!("user #{index}"),
            };
            let mut author = Author::new(id, fallback_slug("ghost-user", id.0), "");
            author.source_id = source_id.clone();
            let mut ext = None;
            for (key, value) in sorted(row) {
                let value_path = format!("{json_path}.{key}");
                let field_path = format!("{path}.{key}");
                match key {
                    "id" => {}
                    "name" => {
                        author.display_name = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "slug" => {
                        if let Some(slug) = self.slug(
                            value,
                            &mut author.meta,
                            &codes::GHOST_USER_SLUG_INVALID,
                            &field_path,
                            &value_path,
                            &what,
                        ) {
                            author.slug = slug;
                        }
                    }
                    "email" => {
                        let Some(text) = self.text(value, &field_path, &value_path, &what) else {
                            continue;
                        };
                        match Email::parse(&text) {
                            Ok(email) => author.email = Some(email),
                            Err(error) => {
                                self.push(
                                    &codes::GHOST_USER_EMAIL_INVALID,
                                    field_path,
                                    value_path,
                                    format!("{what}: {error}"),
                                );
                                author.meta.push_invalid("email", text);
                            }
                        }
                    }
                    "bio" => {
                        author.bio = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "website" => {
                        let Some(text) = self.text(value, &field_path, &value_path, &what) else {
                            continue;
                        };
                        if text.is_empty() {
                            continue;
                        }
                        match Url::parse(&text) {
                            Ok(url) => author.url = Some(url),
                            Err(error) => {
                                self.push(
                                    &codes::GHOST_USER_WEBSITE_INVALID,
                                    field_path,
                                    value_path,
                                    format!("{what}: {error}"),
                                );
                                author.meta.push_invalid("website", text);
                            }
                        }
                    }
                    "profile_image" => match value.as_str().map(Url::parse) {
                        Some(Ok(url)) => author.avatar = Some(url),
                        // Relative (`/content/images/...`) and `__GHOST_URL__` images stay
                        // in meta: they are normal in Ghost, not errors.
                        _ => carry(&mut author.meta, keys::GHOST, key, value),
                    },
                    secret if keys::SECRET_USER_FIELDS.contains(&secret) => {
                        if !value.is_null() {
                            self.secrets += 1;
                        }
                    }
                    "broadsheet" => ext = Some((value, value_path)),
                    date_field if keys::DATE_FIELDS.contains(&date_field) => self.carry_date(
                        value,
                        key,
                        &mut author.meta,
                        &field_path,
                        &value_path,
                        &what,
                    ),
                    _ => carry(&mut author.meta, keys::GHOST, key, value),
                }
            }
            if let Some(source) = &source_id {
                if by_id.contains_key(source) {
                    self.push(
                        &codes::GHOST_USER_ID_DUPLICATE,
                        path.clone(),
                        format!("{json_path}.id"),
                        format!("{what} appears twice; links go to the first"),
                    );
                } else {
                    by_id.insert(source.clone(), id);
                    for role in user_roles.get(source).into_iter().flatten() {
                        author.meta.push(keys::ROLE, role.clone());
                    }
                }
            } else {
                self.push(
                    &codes::GHOST_USER_ID_MISSING,
                    path.clone(),
                    json_path.clone(),
                    format!("{what} has no id; nothing can link to it"),
                );
            }
            if let Some((ext, ext_path)) = ext {
                let meta = self.ext(ext, &path, &ext_path, |key, value| {
                    match (key, value) {
                        ("login", Value::String(text)) => author.login = Some(text.clone()),
                        ("first_name", Value::String(text)) => {
                            author.first_name = Some(text.clone());
                        }
                        ("last_name", Value::String(text)) => author.last_name = Some(text.clone()),
                        ("guest", Value::Bool(guest)) => author.guest = *guest,
                        _ => return false,
                    }
                    true
                });
                author.meta.0.extend(meta.0);
            }
            site.authors.push(author);
        }
        for (user, json_path) in role_rows {
            if !by_id.contains_key(&user) {
                self.push(
                    &codes::GHOST_LINK_ROLE_MISSING,
                    "authors",
                    json_path,
                    format!("a `roles_users` row names user {user:?}, which does not exist"),
                );
            }
        }
        by_id
    }

    /// A required slug (tags and users): `None` keeps the stand-in slug, with the raw text in
    /// meta and an error.
    pub(super) fn slug(
        &mut self,
        value: &Value,
        meta: &mut Meta,
        code: &IssueCode,
        path: &str,
        json_path: &str,
        what: &str,
    ) -> Option<Slug> {
        let text = self.text(value, path, json_path, what).unwrap_or_default();
        match Slug::parse(&text) {
            Ok(slug) => Some(slug),
            Err(error) => {
                self.push(
                    code,
                    path,
                    json_path.to_owned(),
                    format!("{what}: {error}; a stand-in slug is used"),
                );
                meta.push_invalid("slug", text);
                None
            }
        }
    }
}
