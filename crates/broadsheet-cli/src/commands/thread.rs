//! `broadsheet thread`: a post's comment tree.

use crate::archive;
use crate::cli::{OutputArgs, ViewerArg};
use crate::error::CliError;
use broadsheet::thread::{CommentNode, ThreadOptions};
use serde_json::{Value, json};
use std::path::Path;
use std::process::ExitCode;

/// Runs the command.
pub fn run(
    path: &Path,
    post: &str,
    viewer: ViewerArg,
    output: OutputArgs,
    quiet: bool,
) -> Result<ExitCode, CliError> {
    let loaded = archive::load(path, quiet)?;
    let viewer = archive::viewer(viewer);
    let found = loaded
        .find_post(post)
        .filter(|found| loaded.snapshot.post_view(found.id, viewer).is_some())
        .ok_or_else(|| {
            CliError::Usage(format!(
                "no post {post:?} (by id or slug) that this viewer may see"
            ))
        })?;
    let thread = loaded.snapshot.comment_thread(
        found.id,
        &ThreadOptions {
            viewer,
            ..ThreadOptions::default()
        },
    );
    if output.json {
        let nodes: Vec<Value> = thread.nodes.iter().map(node_json).collect();
        super::emit_json(&nodes)?;
    } else {
        let mut out = super::Out::default();
        out.line(format_args!("{} ({} comments)", found.title, thread.total));
        let mut stack: Vec<&CommentNode> = thread.nodes.iter().rev().collect();
        while let Some(node) = stack.pop() {
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
            stack.extend(node.replies.iter().rev());
        }
        super::emit_out(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A comment and its replies. Threads are at most [`broadsheet::thread::DEFAULT_MAX_DEPTH`]
/// deep (deeper replies attach at the last level), so the recursion is bounded.
fn node_json(node: &CommentNode) -> Value {
    json!({
        "id": node.comment.id.0,
        "author": node.comment.author_name,
        "date": node.comment.date.map(|d| d.to_rfc3339()),
        "content": node.comment.content,
        "replies": node.replies.iter().map(node_json).collect::<Vec<_>>(),
    })
}
