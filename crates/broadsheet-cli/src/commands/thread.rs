//! `broadsheet thread`: a post's comment tree.

use crate::cli::OutputArgs;
use crate::error::CliError;
use crate::loaded;
use broadsheet::thread::ThreadOptions;
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    path: &Path,
    post: &str,
    viewer: &str,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let loaded = loaded::load(path, quiet)?;
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
    let thread = loaded.snapshot.comment_thread(
        found.id(),
        &ThreadOptions {
            viewer,
            ..ThreadOptions::default()
        },
    );
    if output.json {
        super::emit_json(&thread.nodes)?;
    } else {
        let mut out = super::Out::default();
        out.line(format_args!(
            "{} ({} comments)",
            found.title(),
            thread.total
        ));
        for node in thread.flatten() {
            let date = node
                .comment
                .date
                .map(|d| d.local_date().to_string())
                .unwrap_or_default();
            let text = broadsheet::text::strip_html(&node.comment.content);
            out.line(format_args!(
                "{}- {} ({date}): {text}",
                "  ".repeat(node.depth + 1),
                node.comment.author_name
            ));
        }
        super::emit_out(out)?;
    }
    Ok(ExitCode::SUCCESS)
}
