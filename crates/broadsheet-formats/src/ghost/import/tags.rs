//! Tags, with duplicates collapsed into the first.

use super::fields::{id_text, sorted};
use super::{Duplicate, Importer, Object};
use crate::codes;
use crate::ghost::keys::{self, carry};
use crate::import::fallback_slug;
use broadsheet_core::{Site, Taxonomy, Term, TermId};
use serde_json::Value;
use std::collections::HashMap;

impl Importer {
    pub(super) fn tags(
        &mut self,
        data: &Object,
        site: &mut Site,
    ) -> (HashMap<String, TermId>, Vec<Duplicate>) {
        let mut by_id = HashMap::new();
        let mut by_slug: HashMap<(Taxonomy, String), usize> = HashMap::new();
        let mut duplicates = Vec::new();
        let mut parents = Vec::new();
        for (index, row) in self.table(data, "tags") {
            let json_path = format!("{}.tags[{index}]", self.base);
            let at = site.terms.len();
            let path = format!("terms[{at}]");
            let id = TermId(at as u64 + 1);
            let source_id = row.get("id").and_then(id_text);
            let what = match &source_id {
                Some(source) => format!("tag {source:?}"),
                None => format!("tag #{index}"),
            };
            let mut term = Term::new(id, Taxonomy::Tag, "", fallback_slug("ghost-tag", id.0));
            term.source_id = source_id.clone();
            // Ghost marks `#tags` internal; old exports have no `visibility` field.
            let internal = row
                .get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| name.starts_with('#'))
                && !row.contains_key("visibility");
            let mut fields = sorted(row);
            let internal_value = Value::String("internal".into());
            if internal {
                fields.push(("visibility", &internal_value));
                fields.sort_by_key(|(key, _)| *key);
            }
            let mut raw_slug = None;
            let mut ext = None;
            for (key, value) in fields {
                let value_path = format!("{json_path}.{key}");
                let field_path = format!("{path}.{key}");
                match key {
                    "id" => {}
                    "name" => {
                        term.name = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "slug" => {
                        raw_slug = value.as_str().map(str::to_owned);
                        if let Some(slug) = self.slug(
                            value,
                            &mut term.meta,
                            &codes::GHOST_TAG_SLUG_INVALID,
                            &field_path,
                            &value_path,
                            &what,
                        ) {
                            term.slug = slug;
                        }
                    }
                    "description" => {
                        term.description = self
                            .text(value, &field_path, &value_path, &what)
                            .unwrap_or_default();
                    }
                    "broadsheet" => ext = Some((value, value_path)),
                    date_field if keys::DATE_FIELDS.contains(&date_field) => {
                        self.carry_date(
                            value,
                            key,
                            &mut term.meta,
                            &field_path,
                            &value_path,
                            &what,
                        );
                    }
                    _ => carry(&mut term.meta, keys::GHOST, key, value),
                }
            }
            if !row.contains_key("slug") {
                self.push(
                    &codes::GHOST_TAG_SLUG_INVALID,
                    format!("{path}.slug"),
                    json_path.clone(),
                    format!("{what} has no slug; a stand-in slug is used"),
                );
            }
            let mut parent = None;
            if let Some((ext, ext_path)) = ext {
                let meta = self.ext(ext, &path, &ext_path, |key, value| {
                    match (key, value) {
                        ("taxonomy", Value::String(name)) if !name.is_empty() => {
                            term.taxonomy = Taxonomy::from(name.as_str());
                        }
                        ("parent", value) if id_text(value).is_some() => parent = id_text(value),
                        _ => return false,
                    }
                    true
                });
                term.meta.0.extend(meta.0);
            }

            let slug_key = (
                term.taxonomy.clone(),
                raw_slug.unwrap_or_else(|| term.slug.as_str().to_owned()),
            );
            if let Some(&kept) = by_slug.get(&slug_key) {
                let kept_term: &Term = &site.terms[kept];
                let mut differences = Vec::new();
                if kept_term.name != term.name {
                    differences.push(format!("name {:?}", term.name));
                }
                if kept_term.description != term.description {
                    differences.push("description".to_owned());
                }
                for entry in term.meta.iter() {
                    if kept_term.meta.get(&entry.key) != Some(entry.value.as_str()) {
                        let field = entry.key.strip_prefix(keys::GHOST).unwrap_or(&entry.key);
                        let field = field.strip_prefix(keys::JSON).unwrap_or(field);
                        differences.push(format!("`{field}`"));
                    }
                }
                let differing = if differences.is_empty() {
                    String::new()
                } else {
                    format!(" (its differing {} dropped)", differences.join(", "))
                };
                let kept_what = kept_term.source_id.as_deref().map_or_else(
                    || format!("terms[{kept}]"),
                    |source| format!("tag {source:?}"),
                );
                if let Some(source) = &source_id {
                    by_id.entry(source.clone()).or_insert(kept_term.id);
                }
                duplicates.push(Duplicate {
                    ghost_id: source_id.clone().unwrap_or_default(),
                    site_path: format!("terms[{kept}]"),
                    json_path,
                    message: format!(
                        "{what} has the same slug {:?} as {kept_what} and was collapsed into it{differing}",
                        slug_key.1
                    ),
                });
                continue;
            }
            by_slug.insert(slug_key, at);
            match &source_id {
                Some(source) if by_id.contains_key(source) => self.push(
                    &codes::GHOST_TAG_ID_DUPLICATE,
                    path.clone(),
                    format!("{json_path}.id"),
                    format!("{what} appears twice; links go to the first"),
                ),
                Some(source) => {
                    by_id.insert(source.clone(), id);
                }
                None => self.push(
                    &codes::GHOST_TAG_ID_MISSING,
                    path.clone(),
                    json_path.clone(),
                    format!("{what} has no id; nothing can link to it"),
                ),
            }
            if let Some(parent) = parent {
                parents.push((at, parent, json_path));
            }
            site.terms.push(term);
        }
        for (at, parent, json_path) in parents {
            match by_id.get(&parent) {
                Some(&found) => site.terms[at].parent = Some(found),
                None => self.push(
                    &codes::GHOST_TAG_PARENT_MISSING,
                    format!("terms[{at}].parent"),
                    format!("{json_path}.broadsheet.parent"),
                    format!("parent {parent:?} names no tag"),
                ),
            }
        }
        (by_id, duplicates)
    }
}

#[cfg(test)]
mod tests {
    use super::super::run;
    use crate::import::{ImportOptions, Imported};
    use broadsheet_core::{Issue, Site, Taxonomy};
    use serde_json::{Value, json};

    fn import(value: Value) -> Imported {
        run(&value.to_string(), ImportOptions::default(), None).expect("imports")
    }

    fn slugs(site: &Site, post: usize) -> Vec<&str> {
        site.posts[post]
            .terms
            .iter()
            .map(|id| site.term(*id).expect("term exists").slug.as_str())
            .collect()
    }

    #[test]
    fn duplicate_tags_collapse_into_the_first_with_links_repointed() {
        let imported = import(json!({"meta": {"version": "003"}, "data": {
            "tags": [
                {"id": 1, "name": "News", "slug": "news"},
                {"id": 2, "name": "Other", "slug": "other"},
                {"id": 3, "name": "News!", "slug": "news", "description": "d"},
            ],
            "posts": [
                {"id": 10, "title": "A", "slug": "a", "status": "published"},
                {"id": 11, "title": "B", "slug": "b", "status": "published"},
            ],
            "posts_tags": [
                {"post_id": 10, "tag_id": 3},
                {"post_id": 10, "tag_id": 2},
                {"post_id": 11, "tag_id": 1},
                {"post_id": 11, "tag_id": 3},
            ],
        }}));
        let site = &imported.site;
        assert_eq!(site.terms.len(), 2);
        assert_eq!(site.terms[0].name, "News");
        assert_eq!(site.terms[0].description, "");
        // Post A's first tag was the duplicate: now the kept tag, still first.
        assert_eq!(slugs(site, 0), ["news", "other"]);
        // Post B had both: one link remains.
        assert_eq!(slugs(site, 1), ["news"]);

        let duplicate: Vec<&Issue> = imported
            .report
            .issues
            .iter()
            .filter(|issue| issue.code == "ghost.tag.duplicate")
            .collect();
        assert_eq!(duplicate.len(), 1);
        let issue = duplicate[0];
        assert_eq!(issue.path, "terms[0]");
        assert_eq!(
            issue.location.as_ref().and_then(|l| l.json_path.as_deref()),
            Some("data.tags[2]")
        );
        assert!(
            issue
                .message
                .starts_with("tag \"3\" has the same slug \"news\" as tag \"1\"")
        );
        assert!(
            issue.message.contains("name \"News!\""),
            "{}",
            issue.message
        );
        assert!(issue.message.contains("description"), "{}", issue.message);
        assert!(
            issue.message.ends_with("2 link(s) re-pointed"),
            "{}",
            issue.message
        );
        let dropped: Vec<&Issue> = imported
            .report
            .issues
            .iter()
            .filter(|issue| issue.code == "ghost.link.duplicate")
            .collect();
        assert_eq!(dropped.len(), 1);
        assert_eq!(dropped[0].path, "posts[1].terms");
    }

    #[test]
    fn same_slug_in_different_taxonomies_is_not_a_duplicate() {
        let imported = import(json!({"db": [{"meta": {"version": "5.0.0"}, "data": {
            "tags": [
                {"id": "a", "name": "News", "slug": "news"},
                {"id": "b", "name": "News", "slug": "news", "broadsheet": {"taxonomy": "category"}},
            ],
        }}]}));
        assert_eq!(imported.site.terms.len(), 2);
        assert_eq!(imported.site.terms[1].taxonomy, Taxonomy::Category);
        assert!(imported.report.is_empty(), "{}", imported.report);
    }

    #[test]
    fn unique_tags_are_left_alone() {
        let imported = import(json!({"meta": {"version": "003"}, "data": {
            "tags": [{"id": 1, "name": "A", "slug": "a"}, {"id": 2, "name": "B", "slug": "b"}],
        }}));
        assert_eq!(imported.site.terms.len(), 2);
        assert!(imported.report.is_empty(), "{}", imported.report);
    }
}
