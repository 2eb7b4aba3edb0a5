//! Posts and pages, and the `posts_meta` table.

use super::fields::{blank_post, id_text, sorted, truthy};
use super::{Importer, Object, PostExtra, Posts};
use crate::codes;
use crate::ghost::keys::{self, carry};
use crate::import::ImportOptions;
use broadsheet_core::{Meta, PostId, PostKind, PostStatus, Site, Slug, Timestamp};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

impl Importer {
    pub(super) fn posts(
        &mut self,
        data: &Object,
        site: &mut Site,
        options: &ImportOptions<'_>,
    ) -> Posts {
        let mut posts = Posts {
            by_id: HashMap::new(),
            skipped_ids: HashSet::new(),
            skipped: BTreeMap::new(),
            extras: Vec::new(),
        };
        for (index, row) in self.table(data, "posts") {
            let json_path = format!("{}.posts[{index}]", self.base);
            let source_id = row.get("id").and_then(id_text);
            let kind = match row.get("type").and_then(Value::as_str) {
                Some(kind) if !kind.is_empty() => PostKind::from(kind),
                _ if row.get("page").is_some_and(truthy) => PostKind::Page,
                _ => PostKind::Post,
            };
            if let Some(kinds) = &options.kinds
                && !kinds.contains(&kind)
            {
                *posts.skipped.entry(kind.to_string()).or_default() += 1;
                if let Some(source) = source_id {
                    posts.skipped_ids.insert(source);
                }
                continue;
            }
            let at = site.posts.len();
            let path = format!("posts[{at}]");
            let what = match &source_id {
                Some(source) => format!("post {source:?}"),
                None => format!("post #{index}"),
            };
            let mut post = blank_post(PostId(at as u64 + 1));
            post.kind = kind;
            post.source_id = source_id.clone();
            let mut extra = PostExtra {
                what: what.clone(),
                json_path: json_path.clone(),
                author_id: None,
                created_by: None,
                parent: None,
                ext_meta: Meta::new(),
            };
            let mut status = None;
            let mut html_missing = true;
            let mut slug_reported = false;
            let mut ext = None;
            for (key, value) in sorted(row) {
                let value_path = format!("{json_path}.{key}");
                let field_path = format!("{path}.{key}");
                match key {
                    "id" | "type" | "page" => {}
                    "title" => {
                        post.title = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "slug" => {
                        let text = self.text(value, &field_path, &value_path, &what);
                        match text.as_deref() {
                            None | Some("") => {}
                            Some(text) => match Slug::parse(text) {
                                Ok(slug) => post.slug = Some(slug),
                                Err(error) => {
                                    self.push(
                                        &codes::GHOST_POST_SLUG_INVALID,
                                        field_path,
                                        value_path,
                                        format!("{what}: {error}"),
                                    );
                                    post.meta.push_invalid("slug", text);
                                    slug_reported = true;
                                }
                            },
                        }
                    }
                    "html" => {
                        html_missing = value.is_null();
                        post.content = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "custom_excerpt" => {
                        post.excerpt = self.text(value, &field_path, &value_path, &what);
                    }
                    "status" => {
                        status = self
                            .text(value, &field_path, &value_path, &what)
                            .filter(|status| !status.is_empty())
                            .map(PostStatus::from);
                    }
                    "featured" => post.sticky = truthy(value),
                    "published_at" => {
                        post.published = self
                            .date(value, key, &mut post.meta, &field_path, &value_path, &what)
                            .map(|instant| Timestamp::from_utc(instant, &self.zone));
                    }
                    "updated_at" => {
                        post.modified = self
                            .date(value, key, &mut post.meta, &field_path, &value_path, &what)
                            .map(|instant| Timestamp::from_utc(instant, &self.zone));
                    }
                    "author_id" => extra.author_id = id_text(value),
                    "broadsheet" => ext = Some((value, value_path)),
                    date_field if keys::DATE_FIELDS.contains(&date_field) => {
                        self.carry_date(
                            value,
                            key,
                            &mut post.meta,
                            &field_path,
                            &value_path,
                            &what,
                        );
                    }
                    _ => {
                        if key == "created_by" {
                            extra.created_by = id_text(value);
                        }
                        carry(&mut post.meta, keys::GHOST, key, value);
                    }
                }
            }
            match status {
                Some(status) => post.status = status,
                None => self.push(
                    &codes::GHOST_POST_STATUS_MISSING,
                    format!("{path}.status"),
                    json_path.clone(),
                    format!("{what} has no status; imported as a draft"),
                ),
            }
            if post.slug.is_none() && !slug_reported {
                self.push(
                    &codes::GHOST_POST_SLUG_MISSING,
                    format!("{path}.slug"),
                    json_path.clone(),
                    format!("{what} has no slug"),
                );
            }
            let has_source = |name: &str| {
                post.meta
                    .get(&format!("{}{name}", keys::GHOST))
                    .is_some_and(|text| !text.is_empty())
            };
            if html_missing && (has_source("mobiledoc") || has_source("lexical")) {
                self.push(
                    &codes::GHOST_POST_HTML_MISSING,
                    format!("{path}.content"),
                    format!("{json_path}.html"),
                    format!("{what} has mobiledoc or lexical but no html; its content is empty"),
                );
            }
            if let Some((ext, ext_path)) = ext {
                let mut parent = None;
                extra.ext_meta = self.ext(ext, &path, &ext_path, |key, value| {
                    match (key, value) {
                        ("password", Value::String(text)) => post.password = Some(text.clone()),
                        ("menu_order", Value::Number(number)) if number.is_i64() => {
                            post.menu_order = number.as_i64().unwrap_or_default();
                        }
                        ("format", Value::String(text)) => post.format = Some(text.clone()),
                        ("comments_open", Value::Bool(open)) => post.comments_open = *open,
                        ("pings_open", Value::Bool(open)) => post.pings_open = *open,
                        ("guid", Value::String(text)) => post.guid = Some(text.clone()),
                        ("parent", value) if id_text(value).is_some() => parent = id_text(value),
                        _ => return false,
                    }
                    true
                });
                extra.parent = parent;
            }
            match &source_id {
                Some(source) if posts.by_id.contains_key(source) => self.push(
                    &codes::GHOST_POST_ID_DUPLICATE,
                    path,
                    format!("{json_path}.id"),
                    format!("{what} appears twice; links go to the first"),
                ),
                Some(source) => {
                    posts.by_id.insert(source.clone(), at);
                }
                None => self.push(
                    &codes::GHOST_POST_ID_MISSING,
                    path,
                    json_path,
                    format!("{what} has no id; nothing can link to it"),
                ),
            }
            site.posts.push(post);
            posts.extras.push(extra);
        }
        posts
    }

    pub(super) fn posts_meta(&mut self, data: &Object, site: &mut Site, posts: &Posts) {
        for (index, row) in self.table(data, "posts_meta") {
            let json_path = format!("{}.posts_meta[{index}]", self.base);
            let Some(at) = self.link_post(
                row,
                "posts_meta",
                &json_path,
                &posts.by_id,
                &posts.skipped_ids,
            ) else {
                continue;
            };
            for (key, value) in sorted(row) {
                if key != "id" && key != "post_id" {
                    carry(&mut site.posts[at].meta, keys::POSTS_META, key, value);
                }
            }
        }
    }
}
