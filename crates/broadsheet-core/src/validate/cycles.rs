//! Parent cycles: comment threads, term trees and page trees, walked iteratively.

use super::*;

impl Validator<'_> {
    pub(super) fn check_cycles(&mut self) {
        let site = self.site;

        let parents: Vec<Option<usize>> = site
            .terms
            .iter()
            .map(|t| t.parent.and_then(|p| self.terms.get(&p).copied()))
            .collect();
        for cycle in find_cycles(&parents) {
            let ids: Vec<String> = cycle
                .iter()
                .filter_map(|&t| site.terms.get(t))
                .map(|t| t.id.to_string())
                .collect();
            let Some((at, term)) = first_of(&cycle, &site.terms) else {
                continue;
            };
            self.issue(
                codes::TERM_PARENT_CYCLE,
                format!("terms[{at}].parent"),
                format!(
                    "{} {}; a term cannot be its own ancestor: break the chain by clearing one \
                     parent",
                    describe_term(term),
                    cycle_text(&ids)
                ),
            );
        }

        let parents: Vec<Option<usize>> = site
            .posts
            .iter()
            .map(|p| p.parent.and_then(|p| self.posts.get(&p).copied()))
            .collect();
        for cycle in find_cycles(&parents) {
            let ids: Vec<String> = cycle
                .iter()
                .filter_map(|&p| site.posts.get(p))
                .map(|p| p.id.to_string())
                .collect();
            let Some((at, post)) = first_of(&cycle, &site.posts) else {
                continue;
            };
            self.issue(
                codes::POST_PARENT_CYCLE,
                format!("posts[{at}].parent"),
                format!(
                    "{} {}; a post cannot be its own ancestor: break the chain by clearing one \
                     parent",
                    describe_post(post),
                    cycle_text(&ids)
                ),
            );
        }

        let parents: Vec<Option<usize>> = site
            .comments
            .iter()
            .map(|c| c.parent.and_then(|p| self.comments.get(&p).copied()))
            .collect();
        for cycle in find_cycles(&parents) {
            let ids: Vec<String> = cycle
                .iter()
                .filter_map(|&c| site.comments.get(c))
                .map(|c| c.id.to_string())
                .collect();
            let Some((at, comment)) = first_of(&cycle, &site.comments) else {
                continue;
            };
            self.issue(
                codes::COMMENT_PARENT_CYCLE,
                format!("comments[{at}].parent"),
                format!(
                    "{} {}; a thread must end at a top-level comment: make one of them top-level",
                    describe_comment(comment),
                    cycle_text(&ids)
                ),
            );
        }
    }
}

/// Every cycle in a parent forest given as `parents[i] = Some(index of i's parent)`; each cycle
/// is listed once, its members in parent order starting where the walk entered it. Iterative
/// and O(n); out-of-range parents count as none.
pub(super) fn find_cycles(parents: &[Option<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = parents.len();
    // `walk[i]` is the start index of the walk that first reached `i`.
    let mut walk = vec![UNSEEN; n];
    let mut cycles = Vec::new();
    let mut path = Vec::new();
    for start in 0..n {
        if walk[start] != UNSEEN {
            continue;
        }
        path.clear();
        let mut current = start;
        loop {
            match walk.get(current).copied() {
                Some(UNSEEN) => {
                    walk[current] = start;
                    path.push(current);
                    match parents.get(current).copied().flatten() {
                        Some(parent) if parent < n => current = parent,
                        _ => break,
                    }
                }
                Some(w) if w == start => {
                    if let Some(pos) = path.iter().position(|&x| x == current) {
                        cycles.push(path[pos..].to_vec());
                    }
                    break;
                }
                _ => break,
            }
        }
    }
    cycles
}

/// The member of a cycle with the smallest index (where the cycle is reported).
pub(super) fn first_of<'a, T>(cycle: &[usize], items: &'a [T]) -> Option<(usize, &'a T)> {
    let at = cycle.iter().copied().min()?;
    items.get(at).map(|item| (at, item))
}

/// How many members of a cycle a message lists.
pub(super) const CYCLE_SHOWN: usize = 10;

pub(super) fn cycle_text(ids: &[String]) -> String {
    match ids {
        [only] => format!("is its own parent ({only} -> {only})"),
        _ => {
            let mut text = ids
                .iter()
                .take(CYCLE_SHOWN)
                .cloned()
                .collect::<Vec<_>>()
                .join(" -> ");
            if ids.len() > CYCLE_SHOWN {
                text.push_str(&format!(" -> ... ({} in all)", ids.len()));
            }
            if let Some(first) = ids.first() {
                text.push_str(&format!(" -> {first}"));
            }
            format!("is in a parent cycle: {text}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_cycles_lists_each_cycle_once() {
        // 0 -> 1 -> 2 -> 1 (tail 0), 3 -> 3, 4 -> 5 -> none, 6 -> out of range.
        let parents = [Some(1), Some(2), Some(1), Some(3), Some(5), None, Some(99)];
        let cycles = find_cycles(&parents);
        assert_eq!(cycles, vec![vec![1, 2], vec![3]]);
        assert!(find_cycles(&[]).is_empty());
    }
}
