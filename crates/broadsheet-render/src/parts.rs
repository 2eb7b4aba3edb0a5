//! Posts split into pages by `<!--nextpage-->`, as WordPress shows them: page 1 at the
//! post's path, page `n` at `<path>/<n>/` (WordPress's `/slug/2/`), each with the links to its
//! pages ("Pages: 1 2 3", WordPress's `wp_link_pages`). List pages, the excerpt and feeds show
//! the first page ([`broadsheet::excerpt::content_pages`]).
//!
//! A post of many pages links, from each, to the first and last page and to the
//! [`LINK_WINDOW`] pages on either side of it (gaps shown as `…`), so that the links written
//! stay proportional to the number of pages, not to its square.

use super::*;

/// How many pages on either side of the current one are linked.
pub(super) const LINK_WINDOW: usize = 3;

impl SitePlan<'_> {
    /// The path of page `part` (1 and up) of a post.
    pub(super) fn part_path(&self, id: PostId, part: usize) -> Option<&PagePath> {
        match part {
            0 => None,
            1 => self.post_pages.get(&id),
            n => self.parts.get(&id)?.get(n - 2),
        }
    }

    /// The links to a post's pages from its page `part`: each with `number`, `url` (none for
    /// the current page) and `gap` (true for a `…` between two linked pages). Empty for a post
    /// of one page.
    pub(super) fn page_links(&self, id: PostId, part: usize, here: &PagePath) -> Value {
        let count = self.parts.get(&id).map_or(1, |parts| parts.len() + 1);
        if count < 2 {
            return Value::from(Vec::<Value>::new());
        }
        let mut links = Vec::new();
        let mut last_shown = 0;
        for n in shown_numbers(part, count) {
            if n > last_shown + 1 {
                links.push(context! { gap => true });
            }
            last_shown = n;
            let url = if n == part {
                None
            } else {
                self.part_path(id, n)
                    .map(|path| Value::from_safe_string(path.href_from(here)))
            };
            links.push(context! { number => n, url => url, gap => false });
        }
        Value::from(links)
    }
}

/// The page numbers linked from page `current` of `count`: the first, the last, and
/// [`LINK_WINDOW`] on either side of the current one, in order.
fn shown_numbers(current: usize, count: usize) -> Vec<usize> {
    let low = current.saturating_sub(LINK_WINDOW).max(1);
    let high = (current + LINK_WINDOW).min(count);
    let mut numbers = vec![1];
    numbers.extend((low..=high).filter(|n| *n != 1 && *n != count));
    if count > 1 {
        numbers.push(count);
    }
    numbers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_pages_are_all_linked_and_many_get_a_window() {
        assert_eq!(shown_numbers(1, 3), [1, 2, 3]);
        assert_eq!(shown_numbers(2, 2), [1, 2]);
        assert_eq!(shown_numbers(1, 100), [1, 2, 3, 4, 100]);
        assert_eq!(shown_numbers(50, 100), [1, 47, 48, 49, 50, 51, 52, 53, 100]);
        assert_eq!(shown_numbers(100, 100), [1, 97, 98, 99, 100]);
    }
}
