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

/// A comment and its replies (built with an explicit stack: threads can be deep).
fn node_json(root: &CommentNode) -> Value {
    fn shallow(node: &CommentNode) -> Value {
        json!({
            "id": node.comment.id.0,
            "author": node.comment.author_name,
            "date": node.comment.date.map(|d| d.to_rfc3339()),
            "content": node.comment.content,
            "replies": [],
        })
    }
    // Post-order: children are finished before their parent takes them.
    let mut done: Vec<Value> = Vec::new();
    let mut stack: Vec<(&CommentNode, bool)> = vec![(root, false)];
    while let Some((node, expanded)) = stack.pop() {
        if expanded {
            let mut value = shallow(node);
            let replies = done.split_off(done.len() - node.replies.len());
            value["replies"] = Value::Array(replies);
            done.push(value);
        } else {
            stack.push((node, true));
            for reply in node.replies.iter().rev() {
                stack.push((reply, false));
            }
        }
    }
    done.pop().unwrap_or(Value::Null)
}
