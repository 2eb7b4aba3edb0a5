//! Writing a [`Site`] as a Ghost 5.x-style export.

use super::date;
use super::keys::{self, uncarry};
use broadsheet_core::{INVALID_FIELD_PREFIX, Meta, SiteData, Taxonomy, Timestamp};
use serde_json::{Map, Value, json};
use std::collections::{HashMap, HashSet};
use std::hash::Hash;

type Object = Map<String, Value>;

/// Fields the importer reads into typed fields (or drops): meta never overrides them.
const POST_RESERVED: &[&str] = &[
    "id",
    "title",
    "slug",
    "html",
    "custom_excerpt",
    "status",
    "type",
    "page",
    "featured",
    "published_at",
    "updated_at",
    "author_id",
    keys::EXT,
];
const USER_RESERVED: &[&str] = &[
    "id",
    "name",
    "slug",
    "email",
    "bio",
    "website",
    "password",
    "ghost_auth_access_token",
    keys::EXT,
];
const TAG_RESERVED: &[&str] = &["id", "name", "slug", "description", keys::EXT];

/// Fields whose raw text the importer keeps under `broadsheet:invalid:<field>`.
const POST_INVALID: &[&str] = &["slug"];
const USER_INVALID: &[&str] = &["slug", "email", "website"];
const TAG_INVALID: &[&str] = &["slug"];

/// Gives every row of one table a unique Ghost id: its source id when it has one not taken,
/// otherwise a generated 24-hex-digit id that no source id uses.
struct Ids {
    reserved: HashSet<String>,
    used: HashSet<String>,
    next: u64,
}

impl Ids {
    fn new<'a>(sources: impl Iterator<Item = Option<&'a str>>) -> Self {
        Self {
            reserved: sources.flatten().map(str::to_owned).collect(),
            used: HashSet::new(),
            next: 1,
        }
    }

    fn assign(&mut self, source: Option<&str>) -> String {
        if let Some(source) = source
            && !source.is_empty()
            && self.used.insert(source.to_owned())
        {
            return source.to_owned();
        }
        self.fresh()
    }

    fn fresh(&mut self) -> String {
        loop {
            let id = format!("{:024x}", self.next);
            self.next += 1;
            if !self.reserved.contains(&id) && self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Ghost ids for a table's rows, in order (see [`Ids`]), and the id of each model id (its first
/// row's).
fn assign_all<'a, K: Copy + Eq + Hash>(
    rows: impl Iterator<Item = (K, Option<&'a str>)>,
) -> (Vec<String>, HashMap<K, String>) {
    let rows: Vec<(K, Option<&'a str>)> = rows.collect();
    let mut ids = Ids::new(rows.iter().map(|(_, source)| *source));
    let mut by_key = HashMap::new();
    let assigned = rows
        .into_iter()
        .map(|(key, source)| {
            let id = ids.assign(source);
            by_key.entry(key).or_insert_with(|| id.clone());
            id
        })
        .collect();
    (assigned, by_key)
}

/// A string, or `null` when there is none.
fn string_or_null(value: Option<&impl std::fmt::Display>) -> Value {
    value.map_or(Value::Null, |value| Value::String(value.to_string()))
}

fn stamp(time: &Option<Timestamp>) -> Value {
    time.as_ref()
        .map_or(Value::Null, |time| Value::String(date::format(time.utc())))
}

fn text_or_null(text: &str) -> Value {
    if text.is_empty() {
        Value::Null
    } else {
        Value::String(text.to_owned())
    }
}

fn is_unset(row: &Object, field: &str) -> bool {
    row.get(field).is_none_or(Value::is_null)
}

/// Writes meta entries back as Ghost fields; `special` takes entries first. Returns the
/// entries that have no Ghost field, for the `broadsheet` extension.
fn write_meta(
    row: &mut Object,
    meta: &Meta,
    reserved: &[&str],
    invalid: &[&str],
    mut special: impl FnMut(&str, &str) -> bool,
) -> Vec<Value> {
    let mut rest = Vec::new();
    for entry in meta.iter() {
        let (key, value) = (entry.key.as_str(), entry.value.as_str());
        if special(key, value) {
            continue;
        }
        if let Some(field) = key.strip_prefix(INVALID_FIELD_PREFIX)
            && (invalid.contains(&field) || keys::DATE_FIELDS.contains(&field))
            && is_unset(row, field)
        {
            row.insert(field.to_owned(), Value::String(value.to_owned()));
            continue;
        }
        if let Some((field, parsed)) = uncarry(keys::GHOST, key, value)
            && !reserved.contains(&field.as_str())
            && is_unset(row, &field)
        {
            row.insert(field, parsed);
            continue;
        }
        rest.push(json!({"key": key, "value": value}));
    }
    rest
}

/// Adds the `broadsheet` extension object to a row when it has anything in it.
fn put_ext(row: &mut Object, mut ext: Object, meta: Vec<Value>) {
    if !meta.is_empty() {
        ext.insert("meta".into(), Value::Array(meta));
    }
    if !ext.is_empty() {
        row.insert(keys::EXT.into(), Value::Object(ext));
    }
}

pub(crate) fn run(site: &dyn SiteData) -> Value {
    // Users, with their roles.
    let (user_assigned, author_ghost) =
        assign_all(site.authors().map(|a| (a.id, a.source_id.as_deref())));
    let mut role_ids = Ids::new(std::iter::empty());
    let mut roles: Vec<(String, String)> = Vec::new();
    let mut link_ids = Ids::new(std::iter::empty());
    let mut roles_users = Vec::new();
    let mut users = Vec::new();
    for (author, id) in site.authors().zip(user_assigned) {
        let mut row = Object::new();
        row.insert("id".into(), Value::String(id.clone()));
        row.insert("name".into(), Value::String(author.display_name.clone()));
        if author
            .meta
            .invalid_fields()
            .all(|(field, _)| field != "slug")
        {
            row.insert("slug".into(), Value::String(author.slug.to_string()));
        }
        row.insert("email".into(), string_or_null(author.email.as_ref()));
        row.insert("bio".into(), text_or_null(&author.bio));
        row.insert("website".into(), string_or_null(author.url.as_ref()));
        row.insert(
            "profile_image".into(),
            string_or_null(author.avatar.as_ref()),
        );
        let meta = write_meta(
            &mut row,
            &author.meta,
            USER_RESERVED,
            USER_INVALID,
            |key, value| {
                if key != keys::ROLE {
                    return false;
                }
                let role = if let Some((role, _)) = roles.iter().find(|(_, name)| name == value) {
                    role.clone()
                } else {
                    let role = role_ids.fresh();
                    roles.push((role.clone(), value.to_owned()));
                    role
                };
                roles_users.push(json!({"id": link_ids.fresh(), "role_id": role, "user_id": id}));
                true
            },
        );
        let mut ext = Object::new();
        if let Some(login) = &author.login {
            ext.insert("login".into(), Value::String(login.clone()));
        }
        if let Some(first) = &author.first_name {
            ext.insert("first_name".into(), Value::String(first.clone()));
        }
        if let Some(last) = &author.last_name {
            ext.insert("last_name".into(), Value::String(last.clone()));
        }
        if author.guest {
            ext.insert("guest".into(), Value::Bool(true));
        }
        put_ext(&mut row, ext, meta);
        users.push(Value::Object(row));
    }

    // Tags (terms of every taxonomy; other taxonomies are named in the extension).
    let (tag_assigned, term_ghost) =
        assign_all(site.terms().map(|t| (t.id, t.source_id.as_deref())));
    let mut tags = Vec::new();
    for (term, id) in site.terms().zip(tag_assigned) {
        let mut row = Object::new();
        row.insert("id".into(), Value::String(id));
        row.insert("name".into(), Value::String(term.name.clone()));
        if term.meta.invalid_fields().all(|(field, _)| field != "slug") {
            row.insert("slug".into(), Value::String(term.slug.to_string()));
        }
        row.insert("description".into(), text_or_null(&term.description));
        let meta = write_meta(&mut row, &term.meta, TAG_RESERVED, TAG_INVALID, |_, _| {
            false
        });
        // An explicit `null` stops import from inferring `internal` from a `#` name: the
        // term had no visibility.
        if term.name.starts_with('#') {
            row.entry("visibility").or_insert(Value::Null);
        }
        let mut ext = Object::new();
        if term.taxonomy != Taxonomy::Tag {
            ext.insert(
                "taxonomy".into(),
                Value::String(term.taxonomy.as_str().to_owned()),
            );
        }
        if let Some(parent) = term.parent.and_then(|parent| term_ghost.get(&parent)) {
            ext.insert("parent".into(), Value::String(parent.clone()));
        }
        put_ext(&mut row, ext, meta);
        tags.push(Value::Object(row));
    }

    // Posts, with their links and posts_meta rows.
    let (assigned, post_ghost) = assign_all(site.posts().map(|p| (p.id, p.source_id.as_deref())));
    let mut posts = Vec::new();
    let mut posts_meta = Vec::new();
    let mut posts_tags = Vec::new();
    let mut posts_authors = Vec::new();
    for (post, id) in site.posts().zip(assigned) {
        let mut row = Object::new();
        row.insert("id".into(), Value::String(id.clone()));
        row.insert("title".into(), Value::String(post.title.clone()));
        row.insert("slug".into(), string_or_null(post.slug.as_ref()));
        row.insert("html".into(), Value::String(post.content.clone()));
        row.insert("type".into(), Value::String(post.kind.as_str().to_owned()));
        row.insert(
            "status".into(),
            Value::String(post.status.as_str().to_owned()),
        );
        row.insert("featured".into(), Value::Bool(post.sticky));
        row.insert(
            "custom_excerpt".into(),
            post.excerpt.clone().map_or(Value::Null, Value::String),
        );
        row.insert("published_at".into(), stamp(&post.published));
        row.insert("updated_at".into(), stamp(&post.modified));
        let mut meta_row = Object::new();
        let meta = write_meta(
            &mut row,
            &post.meta,
            POST_RESERVED,
            POST_INVALID,
            |key, value| match uncarry(keys::POSTS_META, key, value) {
                Some((field, parsed))
                    if field != "id" && field != "post_id" && !meta_row.contains_key(&field) =>
                {
                    meta_row.insert(field, parsed);
                    true
                }
                _ => false,
            },
        );
        if !meta_row.is_empty() {
            meta_row.insert("id".into(), Value::String(link_ids.fresh()));
            meta_row.insert("post_id".into(), Value::String(id.clone()));
            posts_meta.push(Value::Object(meta_row));
        }
        let mut ext = Object::new();
        if let Some(password) = &post.password {
            ext.insert("password".into(), Value::String(password.clone()));
        }
        if post.menu_order != 0 {
            ext.insert("menu_order".into(), Value::from(post.menu_order));
        }
        if let Some(format) = &post.format {
            ext.insert("format".into(), Value::String(format.clone()));
        }
        if !post.comments_open {
            ext.insert("comments_open".into(), Value::Bool(false));
        }
        if !post.pings_open {
            ext.insert("pings_open".into(), Value::Bool(false));
        }
        if let Some(guid) = &post.guid {
            ext.insert("guid".into(), Value::String(guid.clone()));
        }
        if let Some(parent) = post.parent.and_then(|parent| post_ghost.get(&parent)) {
            ext.insert("parent".into(), Value::String(parent.clone()));
        }
        put_ext(&mut row, ext, meta);
        posts.push(Value::Object(row));

        for (order, tag) in post
            .terms
            .iter()
            .filter_map(|term| term_ghost.get(term))
            .enumerate()
        {
            posts_tags.push(json!({
                "id": link_ids.fresh(), "post_id": id, "tag_id": tag, "sort_order": order,
            }));
        }
        for (order, user) in post
            .authors
            .iter()
            .filter_map(|author| author_ghost.get(author))
            .enumerate()
        {
            posts_authors.push(json!({
                "id": link_ids.fresh(), "post_id": id, "author_id": user, "sort_order": order,
            }));
        }
    }

    // Settings.
    let mut settings = Vec::new();
    let mut setting = |key: &str, value: Value| {
        settings.push(json!({"id": link_ids.fresh(), "key": key, "value": value}));
    };
    setting("title", Value::String(site.title().to_owned()));
    setting("description", Value::String(site.description().to_owned()));
    let invalid_zone = site
        .site_meta()
        .invalid_fields()
        .find(|(field, _)| *field == "active_timezone")
        .map(|(_, raw)| raw.to_owned());
    setting(
        "active_timezone",
        Value::String(invalid_zone.unwrap_or_else(|| site.time_zone().to_string())),
    );
    if let Some(language) = site.language() {
        setting("locale", Value::String(language.to_owned()));
    }
    let mut zone_written = false;
    let mut site_meta = Vec::new();
    for entry in site.site_meta().iter() {
        let (key, value) = (entry.key.as_str(), entry.value.as_str());
        if let Some((field, parsed)) = uncarry(keys::SETTING, key, value) {
            setting(&field, parsed);
        } else if key == format!("{INVALID_FIELD_PREFIX}active_timezone") && !zone_written {
            zone_written = true;
        } else {
            site_meta.push(json!({"key": key, "value": value}));
        }
    }

    let mut meta = Object::new();
    meta.insert(
        "version".into(),
        Value::String(super::EXPORT_VERSION.into()),
    );
    let mut site_ext = Object::new();
    if let Some(url) = site.url() {
        site_ext.insert("url".into(), Value::String(url.to_string()));
    }
    put_ext(&mut meta, site_ext, site_meta);

    let roles: Vec<Value> = roles
        .into_iter()
        .map(|(id, name)| json!({"id": id, "name": name}))
        .collect();
    json!({
        "db": [{
            "meta": meta,
            "data": {
                "posts": posts,
                "posts_meta": posts_meta,
                "tags": tags,
                "posts_tags": posts_tags,
                "users": users,
                "posts_authors": posts_authors,
                "roles": roles,
                "roles_users": roles_users,
                "settings": settings,
            }
        }]
    })
}
