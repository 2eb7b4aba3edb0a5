//! `broadsheet thread`: a post's comment tree.

use crate::cli::OutputArgs;
use crate::error::CliError;
use crate::loaded;
use broadsheet::thread::ThreadOptions;
use std::path::PathBuf;
use std::process::ExitCode;

/// The words a comment shows in the text output unless `--full` is given.
pub const SHORT_WORDS: usize = 40;

/// Runs the command.
pub fn run(
    paths: &[PathBuf],
    post: &str,
    viewer: &str,
    full: bool,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let loaded = loaded::load(paths, quiet)?;
    let viewer = loaded.snapshot.viewer(viewer)?;
    let found = loaded
        .snapshot
        .find_post(post)
        .and_then(|found| loaded.snapshot.post_view(found.id, viewer))
        .ok_or_else(|| {
            CliError::Usage(format!(
                "no post {post:?} (by id or slug) that this viewer may see"
            ))
        })?;
    let thread = loaded
        .snapshot
        .comment_thread(found.id(), &ThreadOptions::default().with_viewer(viewer));
    if output.json {
        super::emit_json(&thread.nodes)?;
    } else {
        let mut out = super::Out::default();
        out.line(format_args!(
            "{} ({})",
            broadsheet::text::strip_html(found.title()),
            super::listing::count(thread.total as u64, ("comment", "comments"))
        ));
        let editor = viewer == broadsheet::Viewer::Editor;
        for node in thread.flatten() {
            let mut about: Vec<String> = Vec::new();
            if let Some(date) = node.comment.date() {
                about.push(date.local_date().to_string());
            }
            // Editors moderate: they see each comment's status.
            if editor {
                about.push(node.comment.status().as_str().to_owned());
            }
            let text = broadsheet::text::strip_html(node.comment.content());
            let text = if full {
                text
            } else {
                broadsheet::excerpt::trim_words(&text, SHORT_WORDS, " […]")
            };
            out.line(format_args!(
                "{}- {} ({}): {text}",
                "  ".repeat(node.depth + 1),
                broadsheet::text::strip_html(node.comment.author_name()),
                about.join(", ")
            ));
        }
        super::emit_out(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
