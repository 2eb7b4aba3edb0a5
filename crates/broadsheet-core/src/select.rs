//! Choosing part of a site to write, as `wp export` does: items of some kinds, some statuses,
//! matching a filter, published in a date range. Comments follow their post; media follow
//! the item they are attached to; authors, terms and settings are all kept (an export names
//! them once, whichever items it holds).

use crate::archive::{QueryError, Snapshot};
use crate::ids::PostId;
use crate::post::{PostKind, PostStatus};
use crate::query::{Filter, Predicate, Query, Viewer};
use crate::site::Site;
use chrono::NaiveDate;
use std::collections::HashSet;

/// What to keep. The default keeps everything.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selection {
    /// Items of these kinds (empty: every kind).
    pub kinds: Vec<PostKind>,
    /// Items in these statuses (empty: every status).
    pub statuses: Vec<PostStatus>,
    /// Items the filter matches (the query model's filter, every kind and status unless the
    /// filter names some).
    pub filter: Option<Filter>,
    /// Items published on or after this local date (items without a date are left out).
    pub since: Option<NaiveDate>,
    /// Items published on or before this local date (items without a date are left out).
    pub until: Option<NaiveDate>,
}

/// What a selection left out, for the report of a conversion.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Unselected {
    /// Items left out.
    pub posts: usize,
    /// Comments on items left out.
    pub comments: usize,
    /// Media attached to items left out.
    pub media: usize,
}

impl Selection {
    /// Whether the selection keeps everything.
    pub fn is_everything(&self) -> bool {
        *self == Selection::default()
    }

    /// The part of `site` the selection keeps, and counts of what it left out. A filter that
    /// cannot run (a month of 13) is an error.
    pub fn apply(&self, mut site: Site) -> Result<(Site, Unselected), QueryError> {
        if self.is_everything() {
            return Ok((site, Unselected::default()));
        }
        let matching = match &self.filter {
            Some(filter) => Some(filter_matches(&site, filter)?),
            None => None,
        };
        let keep = |post: &crate::post::Post| {
            (self.kinds.is_empty() || self.kinds.contains(&post.kind))
                && (self.statuses.is_empty() || self.statuses.contains(&post.status))
                && matching.as_ref().is_none_or(|ids| ids.contains(&post.id))
                && (self.since.is_none() && self.until.is_none()
                    || post.published.is_some_and(|time| {
                        let day = time.local_date();
                        self.since.is_none_or(|since| day >= since)
                            && self.until.is_none_or(|until| day <= until)
                    }))
        };
        let before = (site.posts.len(), site.comments.len(), site.media.len());
        site.posts.retain(|post| keep(post));
        let kept: HashSet<PostId> = site.posts.iter().map(|post| post.id).collect();
        site.comments.retain(|comment| kept.contains(&comment.post));
        site.media
            .retain(|media| media.attached_to.is_none_or(|id| kept.contains(&id)));
        let unselected = Unselected {
            posts: before.0 - site.posts.len(),
            comments: before.1 - site.comments.len(),
            media: before.2 - site.media.len(),
        };
        Ok((site, unselected))
    }
}

/// The ids of every item the filter matches, as an editor sees them, of every kind and status
/// unless the filter names some.
fn filter_matches(site: &Site, filter: &Filter) -> Result<HashSet<PostId>, QueryError> {
    let mut kinds: Vec<PostKind> = site.posts.iter().map(|p| p.kind.clone()).collect();
    kinds.sort();
    kinds.dedup();
    let mut statuses: Vec<PostStatus> = site.posts.iter().map(|p| p.status.clone()).collect();
    statuses.sort();
    statuses.dedup();
    let mut query = Query::new().filter_expr(filter.clone());
    if !filter.mentions(&mut |p| matches!(p, Predicate::Kind { .. })) {
        query = query.kinds(kinds);
    }
    if !filter.mentions(&mut |p| matches!(p, Predicate::Status { .. })) {
        query = query.statuses(statuses);
    }
    let count = site.posts.len() as u64;
    let snapshot = Snapshot::from_site(site.clone());
    let page = snapshot.query(&query.offset(0, count.max(1)), Viewer::Editor)?;
    Ok(page
        .posts
        .iter()
        .map(crate::archive::PostView::id)
        .collect())
}
