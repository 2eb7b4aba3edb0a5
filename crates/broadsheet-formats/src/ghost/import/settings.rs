//! The `settings` table and the site's extension object.

use super::{Importer, Object};
use crate::codes;
use crate::ghost::keys::{self, carry};
use broadsheet_core::permalink::{PERMALINK_STRUCTURE_KEY, PermalinkStructure};
use broadsheet_core::{Site, SiteTimeZone, Url};
use serde_json::Value;

/// The site's permalink structure from Ghost's `permalinks` setting (Ghost 0.x and 1.x:
/// `/:slug/`, `/:year/:month/:day/:slug/`), or Ghost's own default `/:slug/` (Ghost 2+ routes
/// posts there unless its `routes.yaml` says otherwise). A structure the site already holds
/// (written by Broadsheet) stands.
pub(super) fn adopt_permalinks(site: &mut Site) {
    let setting = format!("{}permalinks", keys::SETTING);
    let structure = match site.settings.meta.get(PERMALINK_STRUCTURE_KEY) {
        Some(own) => own.to_owned(),
        None => site
            .settings
            .meta
            .get(&setting)
            .and_then(ghost_structure)
            .unwrap_or_else(|| "/%postname%/".to_owned()),
    };
    if let Ok(structure) = PermalinkStructure::parse(&structure) {
        site.set_permalink_structure(&structure);
    }
}

/// A Ghost permalink setting in WordPress's structure tags (`/:year/:slug/` ->
/// `/%year%/%postname%/`); `None` when it uses a token WordPress has no tag for.
pub(crate) fn ghost_structure(setting: &str) -> Option<String> {
    let mut out = String::new();
    for (i, segment) in setting.trim().split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        match segment.strip_prefix(':') {
            Some(token) => out.push_str(match token {
                "slug" => "%postname%",
                "year" => "%year%",
                "month" => "%monthnum%",
                "day" => "%day%",
                "id" => "%post_id%",
                "author" => "%author%",
                _ => return None,
            }),
            None if segment.contains(['%', ':']) => return None,
            None => out.push_str(segment),
        }
    }
    Some(out)
}

impl Importer {
    pub(super) fn settings(&mut self, data: &Object, site: &mut Site) {
        let (mut title, mut description, mut zone) = (false, false, false);
        let mut invalid_zone = None;
        for (index, row) in self.table(data, "settings") {
            let json_path = format!("{}.settings[{index}]", self.base);
            let Some(key) = row.get("key").and_then(Value::as_str) else {
                self.push(
                    &codes::GHOST_SETTING_INVALID,
                    "site",
                    json_path,
                    "a settings row has no string `key`".into(),
                );
                continue;
            };
            let value = row.get("value").unwrap_or(&Value::Null);
            let value_path = format!("{json_path}.value");
            match key {
                "title" if !title && !value.is_null() => {
                    title = true;
                    site.settings.title = self
                        .text(value, "title", &value_path, "setting title")
                        .unwrap_or_default();
                }
                "description" if !description && !value.is_null() => {
                    description = true;
                    site.settings.description = self
                        .text(value, "description", &value_path, "setting description")
                        .unwrap_or_default();
                }
                "active_timezone" if !zone && !value.is_null() => {
                    zone = true;
                    let text = self
                        .text(value, "time_zone", &value_path, "setting active_timezone")
                        .unwrap_or_default();
                    match SiteTimeZone::parse(&text) {
                        Ok(parsed) => site.settings.time_zone = parsed,
                        Err(error) => {
                            self.push(
                                &codes::GHOST_SETTING_TIMEZONE_INVALID,
                                "time_zone",
                                value_path,
                                format!("{error}; the site stays in UTC"),
                            );
                            invalid_zone = Some(text);
                        }
                    }
                }
                "locale" | "default_locale"
                    if site.settings.language.is_none() && !value.is_null() =>
                {
                    site.settings.language =
                        self.text(value, "language", &value_path, "setting locale");
                }
                secret if keys::SECRET_SETTINGS.contains(&secret) => self.secrets += 1,
                _ => carry(&mut site.settings.meta, keys::SETTING, key, value),
            }
        }
        self.zone = site.settings.time_zone;
        if let Some(raw) = invalid_zone {
            site.settings.meta.push_invalid("active_timezone", raw);
        }
    }

    pub(super) fn site_ext(&mut self, ext: &Value, json_path: &str, site: &mut Site) {
        let mut url = None;
        let meta = self.ext(ext, "site", json_path, |key, value| match (key, value) {
            ("url", Value::String(text)) => {
                url = Url::parse(text).ok();
                url.is_some()
            }
            _ => false,
        });
        if url.is_some() {
            site.settings.url = url;
        }
        site.settings.meta.0.extend(meta.0);
    }
}

#[cfg(test)]
mod tests {
    use super::ghost_structure;

    #[test]
    fn ghost_permalink_settings_become_structures() {
        assert_eq!(ghost_structure("/:slug/").as_deref(), Some("/%postname%/"));
        assert_eq!(
            ghost_structure("/:year/:month/:day/:slug/").as_deref(),
            Some("/%year%/%monthnum%/%day%/%postname%/")
        );
        assert_eq!(
            ghost_structure("/blog/:id/").as_deref(),
            Some("/blog/%post_id%/")
        );
        assert_eq!(ghost_structure("/:primary_tag/:slug/"), None);
    }
}
