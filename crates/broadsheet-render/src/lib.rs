//! The static site of a blog archive as the public sees it: home, archives and post pages,
//! from MiniJinja templates (see `docs/cli.md`, section `render`, for the templates and their
//! variables, and `docs/ARCHITECTURE.md` for the design).
//!
//! Everything shown comes from the archive's anonymous view (published posts, approved
//! comments; a password-protected post shows its title and no content). Titles and names are
//! plain text the templates escape; post content, excerpts, comments, term descriptions and
//! author bios pass through the library's public HTML policy (`formats::sanitise`, ammonia)
//! before they reach a template, and only then are marked safe.
//!
//! ```no_run
//! use broadsheet_render::{RenderOptions, Renderer};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let opened = broadsheet::formats::open_path(std::path::Path::new("site.json"), Default::default())?;
//! let snapshot = opened.archive.snapshot();
//! let renderer = Renderer::new(&snapshot, &RenderOptions::default())?;
//! let home: Option<String> = renderer.render_page("index.html")?;
//! renderer.write_to(std::path::Path::new("public"), &mut |_done, _total| {})?;
//! # let _ = home; Ok(()) }
//! ```

pub mod content;
mod pages;
mod parts;
mod paths;
mod search;
mod site_plan;
mod templates;

pub use paths::{PagePath, safe_segment};
pub use search::escape_json_for_html;
pub use templates::{BUILTIN, PAGE_TEMPLATES, dump_templates};

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
use std::fmt;
use std::path::{Path, PathBuf};

use site_plan::{Job, ListingKind, Sanitised, SitePlan};

/// What to render. `#[non_exhaustive]`: start from [`RenderOptions::default`] and set fields
/// (`let mut o = RenderOptions::default(); o.per_page = 20;`).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RenderOptions {
    /// Only these tags' archives, and only posts with at least one of them (all when empty).
    pub tags: Vec<String>,
    /// A directory whose templates replace the built-in ones of the same name.
    pub templates: Option<PathBuf>,
    /// Posts per archive page (at least 1).
    pub per_page: u64,
    /// Permission bits (Unix, `0o644`) every file written gets before it is moved into the
    /// output directory; `None` leaves them as the operating system creates them (0666 less
    /// the umask). Directories are not changed. Ignored off Unix.
    pub mode: Option<u32>,
}

impl Default for RenderOptions {
    /// The whole site, the built-in templates, ten posts per archive page.
    fn default() -> Self {
        Self {
            tags: Vec::new(),
            templates: None,
            per_page: 10,
            mode: None,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Number of files written (pages and their assets).
    pub pages: usize,
}

/// Why a site could not be rendered. Nothing is left half-written in the output directory
/// whichever it is.
#[derive(Debug)]
#[non_exhaustive]
pub enum RenderError {
    /// `per_page` is 0.
    PerPage,
    /// `mode` has bits above `0o7777`.
    Mode(u32),
    /// A tag named in [`RenderOptions::tags`] has no tag with this slug.
    UnknownTag(String),
    /// The templates directory is missing or not a directory.
    TemplatesDir(PathBuf),
    /// A template does not compile, or failed while a page was rendered: its name and the
    /// error with its causes (line numbers included).
    Template {
        /// The template's name (`post.html`).
        name: String,
        /// What went wrong, with every cause.
        message: String,
    },
    /// The archive refused a query (a month out of range).
    Query(broadsheet::QueryError),
    /// A file or directory could not be written or created.
    Io {
        /// The path concerned.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
}

impl RenderError {
    /// Whether the caller asked for something impossible (as opposed to a template or I/O
    /// failure): a command maps it to a usage error.
    pub fn is_usage(&self) -> bool {
        matches!(
            self,
            RenderError::PerPage
                | RenderError::Mode(_)
                | RenderError::UnknownTag(_)
                | RenderError::Query(_)
        )
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderError::PerPage => f.write_str("--per-page must be at least 1"),
            RenderError::Mode(mode) => {
                write!(f, "--mode {mode:o}: a mode is at most 7777 (octal)")
            }
            RenderError::UnknownTag(slug) => write!(f, "--tag {slug}: no tag with this slug"),
            RenderError::TemplatesDir(dir) => {
                write!(f, "--templates {}: not a readable directory", dir.display())
            }
            RenderError::Template { name, message } => write!(f, "template {name}: {message}"),
            RenderError::Query(error) => write!(f, "{error}"),
            RenderError::Io { path, error } => {
                write!(f, "cannot write {}: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for RenderError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RenderError::Query(error) => Some(error),
            RenderError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}

impl From<broadsheet::QueryError> for RenderError {
    fn from(error: broadsheet::QueryError) -> Self {
        RenderError::Query(error)
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RenderError + '_ {
    move |error| RenderError::Io {
        path: path.to_path_buf(),
        error,
    }
}

/// A site ready to render: the templates compiled and every page's path known (so that pages
/// link only to pages that exist). Rendering a page reads the snapshot; nothing is written
/// until [`Renderer::write_to`].
pub struct Renderer<'a> {
    env: minijinja::Environment<'static>,
    templates: Option<PathBuf>,
    mode: Option<u32>,
    plan: SitePlan<'a>,
}

impl<'a> Renderer<'a> {
    /// Checks the options, compiles every page template (a broken one is an error naming it)
    /// and plans the site of `snapshot` as the anonymous public sees it.
    pub fn new(snapshot: &'a Snapshot, options: &RenderOptions) -> Result<Self, RenderError> {
        if options.per_page == 0 {
            return Err(RenderError::PerPage);
        }
        if let Some(mode) = options.mode.filter(|mode| *mode > 0o7777) {
            return Err(RenderError::Mode(mode));
        }
        if let Some(dir) = &options.templates
            && !dir.is_dir()
        {
            return Err(RenderError::TemplatesDir(dir.clone()));
        }
        let env = templates::environment(options.templates.clone());
        for name in PAGE_TEMPLATES {
            env.get_template(name)
                .map_err(|error| template_error(name, &error))?;
        }
        let plan = SitePlan::new(snapshot, options)?;
        Ok(Self {
            env,
            templates: options.templates.clone(),
            mode: options.mode,
            plan,
        })
    }

    /// Every page of the site, in the order [`Renderer::write_to`] writes them: archives
    /// (each of their pages), then posts.
    pub fn pages(&self) -> Vec<PagePath> {
        self.jobs()
            .into_iter()
            .filter_map(|job| self.plan.path_of(job))
            .collect()
    }

    /// The HTML of the page at `path` (`index.html`, `tag/osh/index.html`,
    /// `2013/05/30/day-of-action/index.html`), or `None` when the site has no such page.
    pub fn render_page(&self, path: &str) -> Result<Option<String>, RenderError> {
        let wanted = path.trim_start_matches('/');
        for job in self.jobs() {
            if self
                .plan
                .path_of(job)
                .is_some_and(|page| page.to_string() == wanted)
            {
                return Ok(self.render_job(job)?.map(|(_, html)| html));
            }
        }
        Ok(None)
    }

    /// The HTML of a post's page, or `None` when the public cannot see the post (or it is
    /// outside the tags rendered).
    pub fn render_post(&self, id: PostId) -> Result<Option<String>, RenderError> {
        Ok(self.render_job(Job::Post(id))?.map(|(_, html)| html))
    }

    /// Renders every page into `out`, calling `progress(done, total)` after each.
    ///
    /// Pages are rendered into a temporary directory beside `out` (created when missing), and
    /// moved into place only when every page has rendered: a template that fails at run time
    /// leaves `out` as it was. Files already in `out` are kept unless a page replaces them.
    pub fn write_to(
        &self,
        out: &Path,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Rendered, RenderError> {
        let staging = Staging::beside(out)?;
        let jobs = self.jobs();
        let mut written = 0;
        for (done, job) in jobs.iter().enumerate() {
            if let Some((path, html)) = self.render_job(*job)? {
                write_file(&path.to_path(staging.path()), html.as_bytes(), self.mode)?;
                written += 1;
            }
            progress(done + 1, jobs.len());
        }
        staging.publish(out)?;
        Ok(Rendered { pages: written })
    }

    fn jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = Vec::new();
        for (index, listing) in self.plan.listings.iter().enumerate() {
            jobs.extend((1..=listing.pages).map(|page| Job::List {
                listing: index,
                page,
            }));
        }
        for id in self.plan.posts.iter().chain(self.plan.pages.iter()) {
            jobs.push(Job::Post(*id));
            let parts = self.plan.parts.get(id).map_or(0, Vec::len);
            jobs.extend((2..parts + 2).map(|n| Job::PostPart(*id, n)));
        }
        jobs.extend((0..self.plan.listings.len()).map(Job::Feed));
        jobs.push(Job::Search);
        jobs.push(Job::SearchIndex);
        jobs.push(Job::Asset("search.js"));
        jobs.push(Job::Asset("style.css"));
        jobs
    }

    fn render_job(&self, job: Job) -> Result<Option<(PagePath, String)>, RenderError> {
        let (path, template, context) = match job {
            Job::List { listing, page } => self.plan.listing_page(listing, page)?,
            Job::Post(id) => match self.plan.post_page(id, 1)? {
                Some(page) => page,
                None => return Ok(None),
            },
            Job::PostPart(id, n) => match self.plan.post_page(id, n)? {
                Some(page) => page,
                None => return Ok(None),
            },
            Job::Feed(listing) => return self.plan.feed(listing).map(Some),
            Job::Search => self.plan.search_page(),
            Job::SearchIndex => {
                let path = search::search_path().with_file("index.json");
                let json = escape_json_for_html(&self.plan.search_index());
                return Ok(Some((path, json)));
            }
            Job::Asset(name) => {
                let text = templates::raw_source(self.templates.as_deref(), name)
                    .map_err(|error| template_error(name, &error))?
                    .unwrap_or_default();
                return Ok(Some((PagePath::home().with_file(name), text)));
            }
        };
        let html = self
            .env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|error| template_error(template, &error))?;
        Ok(Some((path, html)))
    }
}

/// Renders the site of `snapshot` into `out` (see [`Renderer::write_to`]).
pub fn render_site(
    snapshot: &Snapshot,
    out: &Path,
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
    Renderer::new(snapshot, options)?.write_to(out, &mut |_, _| {})
}

fn template_error(name: &str, error: &minijinja::Error) -> RenderError {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    RenderError::Template {
        name: name.to_owned(),
        message,
    }
}

/// Writes a file, creating its directories, and gives it the permission bits `mode`.
fn write_file(path: &Path, bytes: &[u8], mode: Option<u32>) -> Result<(), RenderError> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_error(parent))?;
    }
    std::fs::write(path, bytes).map_err(io_error(path))?;
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            .map_err(io_error(path))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    Ok(())
}

/// A temporary directory beside the output directory, removed when dropped unless published.
struct Staging {
    dir: PathBuf,
}

impl Staging {
    fn beside(out: &Path) -> Result<Self, RenderError> {
        let parent = match out.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent).map_err(io_error(out))?;
        let name = out
            .file_name()
            .map_or_else(|| "site".to_owned(), |n| n.to_string_lossy().into_owned());
        remove_abandoned(&parent, &name);
        let mut n = 0u32;
        loop {
            let dir = parent.join(format!(".{name}.render-{}-{n}", std::process::id()));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(Self { dir }),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => {
                    n += 1;
                }
                Err(error) => return Err(io_error(out)(error)),
            }
        }
    }

    fn path(&self) -> &Path {
        &self.dir
    }

    /// Moves the rendered files into `out`: the whole directory at once when `out` does not
    /// exist, otherwise file by file (each a rename on one file system).
    fn publish(self, out: &Path) -> Result<(), RenderError> {
        if !out.exists() {
            return std::fs::rename(&self.dir, out).map_err(io_error(out));
        }
        let mut stack = vec![PathBuf::new()];
        while let Some(relative) = stack.pop() {
            let from = self.dir.join(&relative);
            let to = out.join(&relative);
            if !to.is_dir() {
                std::fs::create_dir_all(&to).map_err(io_error(&to))?;
            }
            for entry in std::fs::read_dir(&from).map_err(io_error(&from))? {
                let entry = entry.map_err(io_error(&from))?;
                let name = relative.join(entry.file_name());
                if entry.file_type().map_err(io_error(&from))?.is_dir() {
                    stack.push(name);
                } else {
                    let target = out.join(&name);
                    std::fs::rename(entry.path(), &target).map_err(io_error(&target))?;
                }
            }
        }
        Ok(())
    }
}

/// Removes the staging directories of renders into `parent/name` whose process is gone (killed
/// before it could clean up), so that repeated interrupted renders do not fill the disk. Only
/// where a process's liveness can be told (`/proc` on Linux); elsewhere nothing is removed.
/// Best effort: a directory that cannot be read or removed is left.
fn remove_abandoned(parent: &Path, name: &str) {
    let proc = Path::new("/proc");
    if !cfg!(target_os = "linux") || !proc.join("self").exists() {
        return;
    }
    let prefix = format!(".{name}.render-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, n)| n.parse::<u32>().ok().and(pid.parse::<u32>().ok()))
        else {
            continue;
        };
        if !proc.join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
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

/// A day's name in English: "30 May 2013" (`2013-05-30` if there is no such day).
pub fn day_name(year: i32, month: u32, day: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, day).map_or_else(
        || format!("{year:04}-{month:02}-{day:02}"),
        |date| date.format("%-d %B %Y").to_string(),
    )
}

/// A month's name in English: "May 2013" (`2013-05` if there is no such month).
pub fn month_name(year: i32, month: u32) -> String {
    chrono::NaiveDate::from_ymd_opt(year, month, 1).map_or_else(
        || format!("{year:04}-{month:02}"),
        |date| date.format("%B %Y").to_string(),
    )
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
