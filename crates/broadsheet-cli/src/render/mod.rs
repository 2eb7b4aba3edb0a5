//! The static site `broadsheet render` writes: home, tag, author, monthly and post pages, as
//! the public sees the archive, from templates (see `docs/cli.md`, section `render`).
//!
//! Everything shown comes from the archive's anonymous view (published posts, approved
//! comments; a password-protected post shows its title and no content). Titles and names are
//! plain text the templates escape; post content, excerpts, comments, term descriptions and
//! author bios pass through the library's public HTML policy (`formats::sanitise`, ammonia)
//! before they reach a template, and only then are marked safe.

mod pages;
mod paths;
mod site_plan;
mod templates;

pub use paths::{PagePath, safe_segment};
pub use templates::PAGE_TEMPLATES;

use crate::error::CliError;
use crate::input;
use crate::loaded::{self, Loaded};
use broadsheet::archive::{DateGranularity, PostView};
use broadsheet::cloud::{CloudEntry, CloudOptions};
use broadsheet::permalink::PermalinkStructure;
use broadsheet::text::strip_html;
use broadsheet::thread::{CommentNode, ThreadOptions};
use broadsheet::{AuthorId, PostId, Query, Snapshot, Taxonomy, TermId, Timestamp, Viewer};

use minijinja::context;
use minijinja::value::Value;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use site_plan::*;

/// What to render, and where.
#[derive(Debug, Clone)]
pub struct RenderOptions {
    /// The output directory (created when missing; files in it are overwritten).
    pub out: PathBuf,
    /// Only these tags' archives, and only posts with at least one of them (all when empty).
    pub tags: Vec<String>,
    /// A directory whose templates replace the built-in ones of the same name.
    pub templates: Option<PathBuf>,
    /// Posts per archive page.
    pub per_page: u64,
    /// No progress bar.
    pub quiet: bool,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Number of pages (files) written.
    pub pages: usize,
}

/// Renders the site into `options.out`.
pub fn render(loaded: &Loaded, options: &RenderOptions) -> Result<Rendered, CliError> {
    if options.per_page == 0 {
        return Err(CliError::Usage("--per-page must be at least 1".into()));
    }
    if let Some(dir) = &options.templates
        && !dir.is_dir()
    {
        return Err(CliError::Output(format!(
            "--templates {}: not a readable directory",
            dir.display()
        )));
    }
    let env = templates::environment(options.templates.clone());
    for name in PAGE_TEMPLATES {
        env.get_template(name)
            .map_err(|error| template_error(name, &error))?;
    }
    let plan = SitePlan::new(loaded, options)?;
    std::fs::create_dir_all(&options.out).map_err(|error| {
        CliError::Output(format!(
            "cannot create output directory {}: {error}",
            options.out.display()
        ))
    })?;

    let mut jobs: Vec<Job> = Vec::new();
    for (index, listing) in plan.listings.iter().enumerate() {
        jobs.extend((1..=listing.pages).map(|page| Job::List {
            listing: index,
            page,
        }));
    }
    jobs.extend(plan.posts.iter().map(|id| Job::Post(*id)));

    let bar = input::progress_bar(
        options.quiet,
        jobs.len() as u64,
        "{spinner} rendering {pos}/{len} pages [{bar:30}] {eta} left",
    );
    let mut written = 0;
    for job in &jobs {
        let (path, template, context) = match *job {
            Job::List { listing, page } => plan.listing_page(listing, page)?,
            Job::Post(id) => match plan.post_page(id)? {
                Some(page) => page,
                None => continue,
            },
        };
        let html = env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|error| template_error(template, &error))?;
        write_page(&options.out, &path, &html)?;
        written += 1;
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(Rendered { pages: written })
}

fn template_error(name: &str, error: &minijinja::Error) -> CliError {
    let mut message = format!("template {name}: {error}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    CliError::Output(message)
}

/// Writes a page: its directories are created, the file is written beside its final name and
/// renamed over it, so a reader never sees half a page.
fn write_page(out: &Path, page: &PagePath, html: &str) -> Result<(), CliError> {
    let path = page.to_path(out);
    let fail = |error: std::io::Error| {
        CliError::Output(format!("cannot write {}: {error}", path.display()))
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let mut temporary = path.clone().into_os_string();
    temporary.push(format!(".{}.tmp", std::process::id()));
    let temporary = PathBuf::from(temporary);
    std::fs::write(&temporary, html).map_err(fail)?;
    std::fs::rename(&temporary, &path).map_err(|error| {
        let _ = std::fs::remove_file(&temporary);
        fail(error)
    })
}

/// Claims a path for a page; a path already taken gets `-<id>` (then `-<id>-2`, ...) added.
fn claim(taken: &mut HashSet<PagePath>, path: PagePath, id: u64) -> PagePath {
    if taken.insert(path.clone()) {
        return path;
    }
    let mut n = 1u64;
    loop {
        let suffix = if n == 1 {
            format!("-{id}")
        } else {
            format!("-{id}-{n}")
        };
        let candidate = path.with_suffix(&suffix);
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::pages::{sanitised, web_url};
    use super::*;

    #[test]
    fn only_web_urls_are_linked() {
        let url = |text: &str| broadsheet::Url::parse(text).unwrap();
        assert_eq!(
            web_url(&url("https://example.org/")).as_deref(),
            Some("https://example.org/")
        );
        assert_eq!(web_url(&url("javascript:alert(1)")), None);
        assert_eq!(web_url(&url("data:text/html,x")), None);
    }

    #[test]
    fn sanitising_drops_scripts_and_handlers() {
        let clean = sanitised(r#"<p onclick="steal()">Hi<script>alert(1)</script></p>"#);
        let text = clean.to_string();
        assert!(!text.contains("script"), "{text}");
        assert!(!text.contains("onclick"), "{text}");
        assert!(text.contains("<p>Hi</p>"), "{text}");
    }

    #[test]
    fn claimed_paths_are_told_apart() {
        let mut taken = HashSet::new();
        let path = PagePath::dir(vec!["tag".into(), "osh".into()]);
        assert_eq!(claim(&mut taken, path.clone(), 7), path);
        assert_eq!(
            claim(&mut taken, path.clone(), 7).to_string(),
            "tag/osh-7/index.html"
        );
        assert_eq!(
            claim(&mut taken, path, 7).to_string(),
            "tag/osh-7-2/index.html"
        );
    }
}
