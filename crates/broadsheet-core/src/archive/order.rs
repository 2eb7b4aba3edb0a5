//! Orders: a sort key per post, compared in the query's direction, ties broken by id.

use super::index::Entry;
use crate::ids::PostId;
use crate::query::{Order, OrderKey, StickyPlacement};
use crate::text::fold;
use std::cmp::Ordering;

/// The value a post is ordered by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Value {
    /// An instant (seconds, nanoseconds); missing dates are the smallest.
    Time(i64, u32),
    /// Folded text.
    Text(String),
    /// A number.
    Number(u64),
}

/// Where a post is in an order.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct SortKey {
    /// 0 for sticky posts when they go first, else 0 for every post; smaller groups first.
    pub(crate) group: u8,
    pub(crate) value: Value,
    pub(crate) id: PostId,
}

/// An order made concrete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sorter {
    pub(crate) key: OrderKey,
    pub(crate) descending: bool,
    pub(crate) sticky_first: bool,
}

impl Sorter {
    /// Relevance without a search text falls back to publication date.
    pub(crate) fn new(order: Order, sticky: StickyPlacement, searching: bool) -> Self {
        let key = match order.key {
            OrderKey::Relevance if !searching => OrderKey::Published,
            key => key,
        };
        Self {
            key,
            descending: order.descending,
            sticky_first: sticky == StickyPlacement::FirstOnFirstPage,
        }
    }

    /// Whether the order is publication order with no sticky group (the order of the lists).
    pub(crate) fn is_list_order(&self) -> bool {
        self.key == OrderKey::Published && !self.sticky_first
    }

    /// The key of a post.
    pub(crate) fn key(&self, entry: &Entry, relevance: Option<u32>) -> SortKey {
        let post = &entry.post;
        let time = |t: Option<&crate::time::Timestamp>| match t {
            Some(t) => {
                let utc = t.utc();
                Value::Time(utc.timestamp(), utc.timestamp_subsec_nanos())
            }
            None => Value::Time(i64::MIN, 0),
        };
        let value = match self.key {
            OrderKey::Published => time(post.published.as_ref()),
            OrderKey::Modified => time(post.modified.as_ref()),
            OrderKey::Title => Value::Text(fold(&post.title)),
            OrderKey::Slug => Value::Text(
                post.slug
                    .as_ref()
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
            ),
            OrderKey::CommentCount => Value::Number(entry.approved_comments),
            OrderKey::Relevance => Value::Number(u64::from(relevance.unwrap_or(0))),
            OrderKey::Random { seed } => Value::Number(shuffle(seed, post.id.0)),
        };
        SortKey {
            group: u8::from(self.sticky_first && !post.sticky),
            value,
            id: post.id,
        }
    }

    /// Compares two keys in this order.
    pub(crate) fn compare(&self, a: &SortKey, b: &SortKey) -> Ordering {
        a.group.cmp(&b.group).then_with(|| {
            let ordering = a.value.cmp(&b.value).then(a.id.cmp(&b.id));
            if self.descending {
                ordering.reverse()
            } else {
                ordering
            }
        })
    }
}

/// A seeded permutation of ids (SplitMix64 finaliser).
pub(crate) fn shuffle(seed: u64, id: u64) -> u64 {
    let mut z = seed ^ id.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
