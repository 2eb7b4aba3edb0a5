//! The built-in templates and the `--templates DIR` overrides.

use minijinja::{Environment, Error, ErrorKind};
use std::path::{Component, Path, PathBuf};

/// The built-in templates, by name. A file of the same name in `--templates DIR` replaces one.
pub const BUILTIN: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("sidebar.html", include_str!("../templates/sidebar.html")),
    ("archive.html", include_str!("../templates/archive.html")),
    (
        "post_summary.html",
        include_str!("../templates/post_summary.html"),
    ),
    (
        "pagination.html",
        include_str!("../templates/pagination.html"),
    ),
    ("comments.html", include_str!("../templates/comments.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("tag.html", include_str!("../templates/tag.html")),
    ("author.html", include_str!("../templates/author.html")),
    ("month.html", include_str!("../templates/month.html")),
    ("day.html", include_str!("../templates/day.html")),
    ("post.html", include_str!("../templates/post.html")),
    ("page.html", include_str!("../templates/page.html")),
    ("category.html", include_str!("../templates/category.html")),
    ("year.html", include_str!("../templates/year.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("style.css", include_str!("../templates/style.css")),
    ("search.js", include_str!("../templates/search.js")),
];

/// The templates pages are rendered from (the others are included or extended by them).
pub const PAGE_TEMPLATES: &[&str] = &[
    "index.html",
    "tag.html",
    "author.html",
    "month.html",
    "day.html",
    "post.html",
    "page.html",
    "category.html",
    "year.html",
    "search.html",
];

/// The template environment: HTML autoescaping for `.html` (and `.htm`, `.xml`) templates,
/// templates from `overrides` first, then the built-in ones.
pub fn environment(overrides: Option<PathBuf>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(minijinja::default_auto_escape_callback);
    env.set_loader(move |name| raw_source(overrides.as_deref(), name));
    env
}

/// A template's text: the file of that name in `overrides` when there is one, else the
/// built-in one (`None` when neither exists).
pub(crate) fn raw_source(overrides: Option<&Path>, name: &str) -> Result<Option<String>, Error> {
    if let Some(dir) = overrides
        && let Some(relative) = relative_name(name)
    {
        let path = dir.join(relative);
        match std::fs::read_to_string(&path) {
            Ok(source) => return Ok(Some(source)),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => {
                return Err(Error::new(
                    ErrorKind::InvalidOperation,
                    format!("cannot read template {}: {error}", path.display()),
                ));
            }
        }
    }
    Ok(BUILTIN
        .iter()
        .find(|(builtin, _)| *builtin == name)
        .map(|(_, source)| (*source).to_owned()))
}

/// Writes every built-in template into `dir` (created when missing), for editing and use
/// with [`crate::RenderOptions::templates`]; returns the files written. Existing files of the
/// same names are replaced.
pub fn dump_templates(dir: &Path) -> Result<Vec<PathBuf>, crate::RenderError> {
    std::fs::create_dir_all(dir).map_err(crate::io_error(dir))?;
    let mut written = Vec::new();
    for (name, source) in BUILTIN {
        let path = dir.join(name);
        std::fs::write(&path, source).map_err(crate::io_error(&path))?;
        written.push(path);
    }
    Ok(written)
}

/// A template name as a path under the override directory: relative, with no `..`.
fn relative_name(name: &str) -> Option<&Path> {
    let path = Path::new(name);
    path.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_names_stay_inside_the_directory() {
        assert!(relative_name("post.html").is_some());
        assert!(relative_name("partials/post.html").is_some());
        assert!(relative_name("../post.html").is_none());
        assert!(relative_name("/etc/passwd").is_none());
    }

    #[test]
    fn dumped_templates_are_the_built_in_ones() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let written = dump_templates(&dir.path().join("t")).expect("dumped");
        assert_eq!(written.len(), BUILTIN.len());
        for (name, source) in BUILTIN {
            let text = std::fs::read_to_string(dir.path().join("t").join(name)).expect("read");
            assert_eq!(&text, source, "{name}");
        }
    }

    #[test]
    fn every_page_template_is_built_in_and_compiles() {
        let env = environment(None);
        for name in PAGE_TEMPLATES {
            assert!(
                env.get_template(name).is_ok(),
                "{name}: {:?}",
                env.get_template(name).err()
            );
        }
    }
}
