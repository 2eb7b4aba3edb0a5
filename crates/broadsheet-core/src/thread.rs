//! Comment threads: the comments of one post as a tree, as a reader (or an editor) sees them.
//!
//! [`build_thread`] follows WordPress's threaded comments:
//!
//! - **Visibility.** The public ([`Viewer::Anonymous`]) and authors ([`Viewer::Author`]) see
//!   approved comments only; an editor ([`Viewer::Editor`]) sees every comment except those in
//!   the trash (pending and spam included, to moderate them).
//! - **Repair, never loss.** A reply whose parent the viewer cannot see (pending, spam, trash),
//!   whose parent is not among the comments given (missing, or on another post), or which
//!   replies to itself, is shown at top level. When parents form a cycle, the oldest comment of
//!   the cycle becomes top level and the others stay replies. Every visible comment appears
//!   exactly once. All walks are iterative: no input can overflow the stack or loop forever.
//! - **Depth limit.** With `max_depth` `Some(n)` (WordPress's default is 5), comments nest at
//!   most `n` levels (depths `0..n`); replies below the deepest level are shown at that level,
//!   right after the comment they reply to (and its earlier replies), as WordPress's comment
//!   walker does. `Some(1)` gives a flat list; `None` nests without limit.
//! - **Order.** Oldest first by default; `newest_first` reverses the order of top-level threads
//!   (WordPress's "newer comments at the top"), while replies always read oldest first. Equal
//!   dates are ordered by comment id; comments without a date come before dated ones.
//! - **Pagination.** Pages hold `per_page` top-level threads, each with all its replies, as
//!   WordPress paginates threaded comments; `None` puts every thread on page 1.
//!
//! ```
//! use broadsheet_core::thread::{ThreadOptions, build_thread};
//! use broadsheet_core::{Comment, CommentId, CommentStatus, PostId};
//! use std::sync::Arc;
//!
//! let mut comments = vec![
//!     Comment::new(CommentId(1), PostId(7), "Asel", "Thank you!"),
//!     Comment::new(CommentId(2), PostId(7), "Maria", "Agreed."),
//!     Comment::new(CommentId(3), PostId(7), "Spammer", "Buy now"),
//! ];
//! comments[1].parent = Some(CommentId(1));
//! comments[2].status = CommentStatus::Spam;
//! let comments: Vec<Arc<Comment>> = comments.into_iter().map(Arc::new).collect();
//!
//! let thread = build_thread(&comments, &ThreadOptions::default());
//! assert_eq!(thread.total, 2);
//! assert_eq!(thread.nodes.len(), 1);
//! assert_eq!(thread.nodes[0].replies[0].comment.author_name(), "Maria");
//! assert_eq!(thread.nodes[0].replies[0].depth, 1);
//! ```

use crate::comment::{Comment, CommentView};
use crate::ids::CommentId;
use crate::query::Viewer;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// WordPress's default `thread_comments_depth`.
pub const DEFAULT_MAX_DEPTH: usize = 5;

/// How to build a [`Thread`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ThreadOptions {
    /// Who is reading: decides which comments are visible (see the [module docs](self)).
    pub viewer: Viewer,
    /// How many levels comments nest (`Some(5)` by default, as in WordPress); `Some(0)` is
    /// taken as `Some(1)`, a flat list; `None` nests without limit.
    pub max_depth: Option<usize>,
    /// Newest top-level threads first (replies stay oldest first).
    pub newest_first: bool,
    /// The 1-based page of top-level threads; 0 is taken as 1.
    pub page: usize,
    /// Top-level threads per page; `None` (or `Some(0)`) puts all of them on page 1.
    pub per_page: Option<usize>,
}

impl ThreadOptions {
    /// These options with [`ThreadOptions::viewer`] replaced.
    #[must_use]
    pub fn with_viewer(mut self, viewer: Viewer) -> Self {
        self.viewer = viewer;
        self
    }

    /// These options with [`ThreadOptions::max_depth`] replaced.
    #[must_use]
    pub fn with_max_depth(mut self, max_depth: Option<usize>) -> Self {
        self.max_depth = max_depth;
        self
    }

    /// These options with [`ThreadOptions::newest_first`] replaced.
    #[must_use]
    pub fn with_newest_first(mut self, newest_first: bool) -> Self {
        self.newest_first = newest_first;
        self
    }

    /// These options with [`ThreadOptions::page`] replaced.
    #[must_use]
    pub fn with_page(mut self, page: usize) -> Self {
        self.page = page;
        self
    }

    /// These options with [`ThreadOptions::per_page`] replaced.
    #[must_use]
    pub fn with_per_page(mut self, per_page: Option<usize>) -> Self {
        self.per_page = per_page;
        self
    }
}

impl Default for ThreadOptions {
    /// The public's view, 5 levels deep, oldest first, everything on page 1.
    fn default() -> Self {
        Self {
            viewer: Viewer::Anonymous,
            max_depth: Some(DEFAULT_MAX_DEPTH),
            newest_first: false,
            page: 1,
            per_page: None,
        }
    }
}

/// A comment in a [`Thread`], with the replies shown beneath it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommentNode {
    /// The comment, with `parent` set to the comment it is shown as a reply to (`None` at top
    /// level, including a reply whose parent is hidden, missing or on a cycle). Its fields sit
    /// at the node's top level in the serde form (`id`, `author`, `date`, `content`...).
    #[serde(flatten)]
    pub comment: CommentView,
    /// Nesting level: 0 for top level; never `max_depth` or more.
    pub depth: usize,
    /// Replies, oldest first (including, at the deepest level, replies to replies).
    pub replies: Vec<CommentNode>,
}

impl Drop for CommentNode {
    /// Drops the tree iteratively, so that a very deep thread (`max_depth: None`) cannot
    /// overflow the stack.
    fn drop(&mut self) {
        let mut stack = std::mem::take(&mut self.replies);
        while let Some(mut node) = stack.pop() {
            stack.append(&mut node.replies);
        }
    }
}

/// One page of a post's comments as a tree, with totals.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Thread {
    /// The top-level comments of the page, each with its replies.
    pub nodes: Vec<CommentNode>,
    /// Top-level threads on all pages (after repair of hidden, missing and cyclic parents).
    pub top_level_total: usize,
    /// Comments visible to the viewer, on all pages.
    pub total: usize,
    /// Number of pages of top-level threads; 0 when there is no visible comment.
    pub pages: usize,
}

impl Thread {
    /// The comments of the page in reading order (each comment, then its replies), without
    /// recursion.
    pub fn flatten(&self) -> Vec<&CommentNode> {
        let mut out = Vec::new();
        let mut stack: Vec<&CommentNode> = self.nodes.iter().rev().collect();
        while let Some(node) = stack.pop() {
            out.push(node);
            stack.extend(node.replies.iter().rev());
        }
        out
    }
}

/// The depth of the deepest reply chain among `comments` (a comment without a parent has depth
/// 1; 0 when there are none), whatever their status and post. A parent that is not among them
/// counts as the top; a cycle is cut where it closes. Linear in the number of comments, however
/// long the chains.
pub fn max_comment_depth<'a>(comments: impl IntoIterator<Item = &'a Comment>) -> usize {
    let parents: HashMap<CommentId, Option<CommentId>> =
        comments.into_iter().map(|c| (c.id, c.parent)).collect();
    let mut depth_of: HashMap<CommentId, usize> = HashMap::with_capacity(parents.len());
    let mut deepest = 0;
    let mut chain = Vec::new();
    let mut on_chain: HashSet<CommentId> = HashSet::new();
    for (&id, &parent) in &parents {
        if depth_of.contains_key(&id) {
            continue;
        }
        // Walk up until a known depth, the top, or a comment seen on this walk (a cycle).
        chain.clear();
        on_chain.clear();
        chain.push(id);
        on_chain.insert(id);
        let mut base = 0;
        let mut current = parent;
        while let Some(up) = current {
            if let Some(&known) = depth_of.get(&up) {
                base = known;
                break;
            }
            if !parents.contains_key(&up) || !on_chain.insert(up) {
                break;
            }
            chain.push(up);
            current = parents.get(&up).copied().flatten();
        }
        for (steps, id) in chain.iter().rev().enumerate() {
            let depth = base + steps + 1;
            depth_of.entry(*id).or_insert(depth);
            deepest = deepest.max(depth);
        }
    }
    deepest
}

/// Builds the thread of one post's comments as `options.viewer` sees it.
///
/// `comments` should be the comments of one post; a reply to a comment that is not among them
/// is shown at top level. See the [module docs](self) for the rules. The thread's views share
/// the comments given (no text is copied), which is why they are given in an [`Arc`].
pub fn build_thread<'a>(
    comments: impl IntoIterator<Item = &'a Arc<Comment>>,
    options: &ThreadOptions,
) -> Thread {
    let mut visible: Vec<&Arc<Comment>> = comments
        .into_iter()
        .filter(|c| options.viewer.can_see_comment(c.status))
        .collect();
    // Oldest first; undated first; ties by id. Indices below are positions in this order.
    visible.sort_by_key(|c| (c.date, c.id));
    let n = visible.len();

    // Each id's position (the first, for an id given twice), found by binary search.
    let mut index: Vec<(CommentId, usize)> = visible
        .iter()
        .enumerate()
        .map(|(i, comment)| (comment.id, i))
        .collect();
    index.sort_unstable();
    index.dedup_by_key(|(id, _)| *id);
    let position = |id: CommentId| {
        index
            .binary_search_by_key(&id, |&(id, _)| id)
            .ok()
            .map(|at| index[at].1)
    };
    let mut parent: Vec<Option<usize>> = visible
        .iter()
        .enumerate()
        .map(|(i, c)| c.parent.and_then(position).filter(|&p| p != i))
        .collect();
    break_cycles(&mut parent);

    let (children, mut roots) = Children::of(&parent);
    if options.newest_first {
        roots.reverse();
    }

    let top_level_total = roots.len();
    let per_page = options.per_page.filter(|&p| p > 0);
    let pages = match per_page {
        _ if top_level_total == 0 => 0,
        None => 1,
        Some(per_page) => top_level_total.div_ceil(per_page),
    };
    let page = options.page.max(1);
    let page_roots: &[usize] = match per_page {
        None if page == 1 => &roots,
        None => &[],
        Some(per_page) => {
            let start = (page - 1).saturating_mul(per_page).min(top_level_total);
            let end = start.saturating_add(per_page).min(top_level_total);
            &roots[start..end]
        }
    };

    let max_depth = options.max_depth.map(|d| d.max(1));
    let nodes = layout(&visible, &parent, &children, page_roots, max_depth);
    Thread {
        nodes,
        top_level_total,
        total: n,
        pages,
    }
}

/// Makes the parent links acyclic: on each cycle, the oldest member (lowest index) loses its
/// parent. Iterative; each comment is walked once.
fn break_cycles(parent: &mut [Option<usize>]) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        OnPath,
        Done,
    }
    let mut state = vec![State::New; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        path.clear();
        let mut current = start;
        while state[current] == State::New {
            state[current] = State::OnPath;
            path.push(current);
            let Some(next) = parent[current] else { break };
            if state[next] == State::OnPath {
                let from = path.iter().position(|&p| p == next).unwrap_or(0);
                if let Some(&oldest) = path[from..].iter().min() {
                    parent[oldest] = None;
                }
                break;
            }
            current = next;
        }
        for &p in &path {
            state[p] = State::Done;
        }
    }
}

/// The children of every item of a forest given by parent links, in one buffer (not a
/// vector per item): each item's children in increasing order.
struct Children {
    /// Where the children of item `i` start in `items`, and `items.len()` last.
    starts: Vec<usize>,
    items: Vec<usize>,
}

impl Children {
    /// The children of each item, and the items without a parent (in increasing order).
    fn of(parent: &[Option<usize>]) -> (Children, Vec<usize>) {
        let mut starts = vec![0; parent.len() + 1];
        let mut roots = Vec::new();
        for (i, p) in parent.iter().enumerate() {
            match p {
                Some(p) => starts[p + 1] += 1,
                None => roots.push(i),
            }
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        let mut items = vec![0; parent.len() - roots.len()];
        for (i, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                items[next[*p]] = i;
                next[*p] += 1;
            }
        }
        (Children { starts, items }, roots)
    }

    /// The children of item `i`.
    fn of_parent(&self, i: usize) -> &[usize] {
        &self.items[self.starts[i]..self.starts[i + 1]]
    }
}

/// Lays out the threads of `roots` with the depth limit and builds the nested nodes, without
/// recursion.
fn layout(
    visible: &[&Arc<Comment>],
    parent: &[Option<usize>],
    children: &Children,
    roots: &[usize],
    max_depth: Option<usize>,
) -> Vec<CommentNode> {
    // Slots in reading order: (comment index, depth, display parent slot).
    let mut slots: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut stack: Vec<(usize, usize, Option<usize>)> =
        roots.iter().rev().map(|&r| (r, 0, None)).collect();
    while let Some((comment, depth, display_parent)) = stack.pop() {
        let slot = slots.len();
        slots.push((comment, depth, display_parent));
        let (child_depth, child_parent) = if max_depth.is_none_or(|m| depth + 1 < m) {
            (depth + 1, Some(slot))
        } else {
            (depth, display_parent)
        };
        stack.extend(
            children
                .of_parent(comment)
                .iter()
                .rev()
                .map(|&c| (c, child_depth, child_parent)),
        );
    }

    let display_parents: Vec<Option<usize>> = slots.iter().map(|&(_, _, p)| p).collect();
    let (display_children, top) = Children::of(&display_parents);
    // Every slot's display children come after it, so building from the end finds them ready.
    let mut built: Vec<Option<CommentNode>> = Vec::with_capacity(slots.len());
    built.resize_with(slots.len(), || None);
    for slot in (0..slots.len()).rev() {
        let (comment, depth, display_parent) = slots[slot];
        let replies = display_children
            .of_parent(slot)
            .iter()
            .filter_map(|&c| built[c].take())
            .collect();
        let public =
            CommentView::new(visible[comment]).shown_under(parent[comment].map(|p| visible[p].id));
        debug_assert!(display_parent.is_none() || public.parent().is_some());
        built[slot] = Some(CommentNode {
            comment: public,
            depth,
            replies,
        });
    }
    top.iter().filter_map(|&slot| built[slot].take()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comment::CommentStatus;
    use crate::time::Timestamp;
    use crate::{AuthorId, Email, PostId, SiteTimeZone};
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    fn at(minute: u32) -> Option<Timestamp> {
        let utc = Utc.with_ymd_and_hms(2013, 5, 30, 12, minute, 0).single()?;
        Some(Timestamp::from_utc(utc, &SiteTimeZone::utc()))
    }

    /// A comment `id` written at minute `minute`, replying to `parent` (0 for none).
    fn c(id: u64, parent: u64, minute: u32) -> Comment {
        let mut comment = Comment::new(CommentId(id), PostId(1), format!("c{id}"), "text");
        comment.parent = (parent != 0).then_some(CommentId(parent));
        comment.date = at(minute);
        comment
    }

    /// A comment replying to `parent` (none at top level), undated: what depth is counted from.
    fn reply(id: u64, parent: Option<u64>) -> Comment {
        let mut comment = Comment::new(CommentId(id), PostId(1), "a", "b");
        comment.parent = parent.map(CommentId);
        comment
    }

    #[test]
    fn depth_counts_levels_and_survives_cycles() {
        assert_eq!(max_comment_depth(&[]), 0);
        let mut comments = vec![reply(3, Some(2)), reply(1, None), reply(2, Some(1))];
        assert_eq!(max_comment_depth(&comments), 3);
        comments.push(reply(8, Some(9)));
        comments.push(reply(9, Some(8)));
        comments.push(reply(10, Some(77)));
        assert_eq!(max_comment_depth(&comments), 3);
    }

    #[test]
    fn depth_of_a_long_reply_chain() {
        // Newest first, so that every walk starts at the bottom of the chain.
        let comments: Vec<Comment> = (1..=50_000)
            .rev()
            .map(|id| reply(id, (id > 1).then(|| id - 1)))
            .collect();
        assert_eq!(max_comment_depth(&comments), 50_000);
    }

    /// The layout as `(id, depth)` in reading order.
    fn shape(thread: &Thread) -> Vec<(u64, usize)> {
        thread
            .flatten()
            .iter()
            .map(|n| (n.comment.id().0, n.depth))
            .collect()
    }

    /// The comments as `build_thread` takes them.
    fn shared(comments: &[Comment]) -> Vec<Arc<Comment>> {
        comments.iter().cloned().map(Arc::new).collect()
    }

    fn opts() -> ThreadOptions {
        ThreadOptions::default()
    }

    #[test]
    fn replies_nest_under_their_parents_oldest_first() {
        let comments = [c(1, 0, 1), c(2, 1, 3), c(3, 1, 2), c(4, 0, 4), c(5, 3, 5)];
        let thread = build_thread(&shared(&comments), &opts());
        assert_eq!(shape(&thread), [(1, 0), (3, 1), (5, 2), (2, 1), (4, 0)]);
        assert_eq!(
            (thread.total, thread.top_level_total, thread.pages),
            (5, 2, 1)
        );
        assert_eq!(
            thread.nodes[0].replies[0].comment.parent(),
            Some(CommentId(1))
        );
    }

    #[test]
    fn the_public_sees_approved_comments_only_and_editors_all_but_trash() {
        let mut comments = vec![c(1, 0, 1), c(2, 1, 2), c(3, 2, 3), c(4, 0, 4), c(5, 0, 5)];
        comments[1].status = CommentStatus::Pending;
        comments[3].status = CommentStatus::Spam;
        comments[4].status = CommentStatus::Trash;
        let public = build_thread(&shared(&comments), &opts());
        // Comment 3's parent is pending: it is shown at top level, not lost.
        assert_eq!(shape(&public), [(1, 0), (3, 0)]);
        assert_eq!(public.flatten()[1].comment.parent(), None);
        let author = ThreadOptions {
            viewer: Viewer::Author { id: AuthorId(1) },
            ..opts()
        };
        assert_eq!(
            shape(&build_thread(&shared(&comments), &author)),
            [(1, 0), (3, 0)]
        );
        let editor = ThreadOptions {
            viewer: Viewer::Editor,
            ..opts()
        };
        let thread = build_thread(&shared(&comments), &editor);
        assert_eq!(shape(&thread), [(1, 0), (2, 1), (3, 2), (4, 0)]);
        assert_eq!(thread.total, 4);
        assert_eq!(thread.flatten()[1].comment.status(), CommentStatus::Pending);
    }

    #[test]
    fn missing_self_and_cyclic_parents_are_repaired() {
        // 2 replies to a comment that is not there; 3 replies to itself;
        // 4 -> 5 -> 6 -> 4 is a cycle, and 7 replies to 5.
        let comments = [
            c(2, 99, 2),
            c(3, 3, 3),
            c(4, 6, 4),
            c(5, 4, 5),
            c(6, 5, 6),
            c(7, 5, 7),
        ];
        let thread = build_thread(&shared(&comments), &opts());
        assert_eq!(
            shape(&thread),
            [(2, 0), (3, 0), (4, 0), (5, 1), (6, 2), (7, 2)]
        );
        assert_eq!(thread.top_level_total, 3);
    }

    #[test]
    fn replies_below_the_depth_limit_attach_at_the_deepest_level() {
        // A chain 1 > 2 > 3 > 4 > 5, and 6 replying to 3 after 4 was written.
        let comments = [
            c(1, 0, 1),
            c(2, 1, 2),
            c(3, 2, 3),
            c(4, 3, 4),
            c(5, 4, 5),
            c(6, 3, 6),
        ];
        let three = ThreadOptions {
            max_depth: Some(3),
            ..opts()
        };
        let thread = build_thread(&shared(&comments), &three);
        // As WordPress's walker: 4, its reply 5, then 6 follow 3 at depth 2.
        assert_eq!(
            shape(&thread),
            [(1, 0), (2, 1), (3, 2), (4, 2), (5, 2), (6, 2)]
        );
        let level_two = &thread.nodes[0].replies[0];
        assert_eq!(level_two.replies.len(), 4);
        assert!(level_two.replies.iter().all(|r| r.replies.is_empty()));
        // The real parent is kept for display ("in reply to").
        assert_eq!(level_two.replies[2].comment.parent(), Some(CommentId(4)));

        let flat = ThreadOptions {
            max_depth: Some(1),
            ..opts()
        };
        let thread = build_thread(&shared(&comments), &flat);
        assert_eq!(thread.nodes.len(), 6);
        assert!(thread.nodes.iter().all(|n| n.depth == 0));
        assert_eq!(thread.top_level_total, 1);
        let zero = ThreadOptions {
            max_depth: Some(0),
            ..opts()
        };
        assert_eq!(
            shape(&build_thread(&shared(&comments), &zero)),
            shape(&thread)
        );
        let unlimited = ThreadOptions {
            max_depth: None,
            ..opts()
        };
        assert_eq!(
            shape(&build_thread(&shared(&comments), &unlimited)),
            [(1, 0), (2, 1), (3, 2), (4, 3), (5, 4), (6, 3)]
        );
    }

    #[test]
    fn newest_first_reverses_threads_but_not_replies() {
        let comments = [c(1, 0, 1), c(2, 0, 2), c(3, 1, 3), c(4, 1, 4)];
        let newest = ThreadOptions {
            newest_first: true,
            ..opts()
        };
        assert_eq!(
            shape(&build_thread(&shared(&comments), &newest)),
            [(2, 0), (1, 0), (3, 1), (4, 1)]
        );
    }

    #[test]
    fn equal_dates_are_ordered_by_id_and_undated_comments_come_first() {
        let mut undated = c(9, 0, 0);
        undated.date = None;
        let comments = [c(5, 0, 1), c(3, 0, 1), c(4, 0, 0), undated];
        assert_eq!(
            shape(&build_thread(&shared(&comments), &opts())),
            [(9, 0), (4, 0), (3, 0), (5, 0)]
        );
    }

    #[test]
    fn pages_hold_top_level_threads_with_their_replies() {
        let comments = [
            c(1, 0, 1),
            c(2, 0, 2),
            c(3, 0, 3),
            c(4, 3, 4),
            c(5, 0, 5),
            c(6, 0, 6),
        ];
        let page = |page, per_page| {
            let options = ThreadOptions {
                page,
                per_page,
                ..opts()
            };
            build_thread(&shared(&comments), &options)
        };
        let second = page(2, Some(2));
        assert_eq!(shape(&second), [(3, 0), (4, 1), (5, 0)]);
        assert_eq!(
            (second.pages, second.top_level_total, second.total),
            (3, 5, 6)
        );
        assert_eq!(shape(&page(3, Some(2))), [(6, 0)]);
        assert!(page(4, Some(2)).nodes.is_empty());
        assert_eq!(shape(&page(0, Some(2))), shape(&page(1, Some(2))));
        assert_eq!(page(1, None).pages, 1);
        assert_eq!(page(1, Some(0)).nodes.len(), 5);
        assert!(page(2, None).nodes.is_empty());
        assert_eq!(page(usize::MAX, Some(usize::MAX)).nodes.len(), 0);
        let empty = build_thread(&shared(&[]), &opts());
        assert_eq!((empty.pages, empty.total, empty.top_level_total), (0, 0, 0));
    }

    #[test]
    fn private_data_is_not_in_public_comments() {
        let mut comment = c(1, 0, 1);
        comment.author_email = Some(Email::parse("secret@example.org").unwrap());
        comment.author_ip = Some("192.0.2.1".into());
        let thread = build_thread(&shared(&[comment]), &opts());
        let json = serde_json::to_string(&thread).unwrap();
        assert!(!json.contains("secret@example.org"));
        assert!(!json.contains("192.0.2.1"));
        assert!(json.contains("\"author\":\"c1\""));
        let debug = format!("{thread:?}");
        assert!(!debug.contains("secret@example.org") && !debug.contains("192.0.2.1"));
        assert!(debug.contains("author: \"c1\""));
    }

    #[test]
    fn a_very_deep_chain_neither_overflows_nor_loops() {
        let n = 100_000u64;
        let comments: Vec<Comment> = (1..=n)
            .map(|i| {
                let mut comment = Comment::new(CommentId(i), PostId(1), "a", "b");
                comment.parent = Some(CommentId(if i == 1 { n } else { i - 1 }));
                comment
            })
            .collect();
        let options = ThreadOptions {
            max_depth: None,
            ..opts()
        };
        let thread = build_thread(&shared(&comments), &options);
        let flat = thread.flatten();
        assert_eq!(flat.len(), n as usize);
        assert_eq!(flat.last().map(|node| node.depth), Some(n as usize - 1));
        drop(thread);
    }

    fn arbitrary_comments() -> impl Strategy<Value = Vec<Comment>> {
        prop::collection::vec((0u64..25, 0u32..25, 0u8..4), 0..25).prop_map(|raw| {
            raw.into_iter()
                .enumerate()
                .map(|(i, (parent, minute, status))| {
                    let mut comment = c(i as u64 + 1, parent, minute);
                    comment.status = match status {
                        0 => CommentStatus::Pending,
                        1 => CommentStatus::Spam,
                        2 => CommentStatus::Trash,
                        _ => CommentStatus::Approved,
                    };
                    comment
                })
                .collect()
        })
    }

    proptest! {
        #![proptest_config(crate::testing::proptest_config(256))]
        #[test]
        fn pages_partition_the_visible_comments(
            comments in arbitrary_comments(),
            editor in any::<bool>(),
            max_depth in proptest::option::of(0usize..5),
            newest_first in any::<bool>(),
            per_page in proptest::option::of(1usize..5),
        ) {
            let viewer = if editor { Viewer::Editor } else { Viewer::Anonymous };
            let base = ThreadOptions { viewer, max_depth, newest_first, page: 1, per_page };
            let first = build_thread(&shared(&comments), &base);
            let mut seen = Vec::new();
            for page in 1..=first.pages + 1 {
                let thread = build_thread(&shared(&comments), &ThreadOptions { page, ..base.clone() });
                prop_assert_eq!(thread.total, first.total);
                prop_assert_eq!(thread.pages, first.pages);
                if page > first.pages {
                    prop_assert!(thread.nodes.is_empty());
                }
                let top_level = thread.nodes.iter().filter(|n| n.comment.parent().is_none()).count();
                prop_assert!(top_level <= per_page.unwrap_or(usize::MAX));
                let limit = max_depth.map_or(usize::MAX, |m| m.max(1));
                let mut stack: Vec<(&CommentNode, usize)> =
                    thread.nodes.iter().map(|n| (n, 0)).collect();
                while let Some((node, depth)) = stack.pop() {
                    prop_assert_eq!(node.depth, depth);
                    prop_assert!(node.depth < limit);
                    prop_assert!(viewer.can_see_comment(node.comment.status()));
                    stack.extend(node.replies.iter().map(|r| (r, depth + 1)));
                }
                seen.extend(thread.flatten().iter().map(|n| n.comment.id()));
            }
            let mut expected: Vec<CommentId> = comments
                .iter()
                .filter(|c| viewer.can_see_comment(c.status))
                .map(|c| c.id)
                .collect();
            prop_assert_eq!(seen.len(), expected.len());
            seen.sort();
            expected.sort();
            prop_assert_eq!(seen, expected);
        }
    }
}
