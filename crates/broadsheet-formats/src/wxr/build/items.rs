//! Items: posts, pages, attachments and every other kind, with their dates, status, terms
//! and meta.

use super::Builder;
use super::dates::{date_pair, derived_pub_date};
use super::ids::{IdOutcome, IdPool, is_wxr_id, non_empty, source_id};
use crate::codes;
use crate::wxr::keys;
use crate::wxr::reader::{RawComment, RawItem};
use broadsheet_core::{CommentId, Meta, Post, PostId, PostKind, PostStatus, SiteTimeZone, Slug};
use std::collections::HashMap;

impl Builder {
    pub(super) fn items(&mut self, items: Vec<RawItem>) {
        let zone = self.site.settings.time_zone;
        let mut post_ids = IdPool::new();
        let claims: Vec<IdOutcome> = items
            .iter()
            .map(|i| post_ids.claim(i.post_id.as_deref()))
            .collect();
        let mut ids = Vec::with_capacity(items.len());
        let mut by_source: HashMap<String, PostId> = HashMap::new();
        for (item, claim) in items.iter().zip(claims) {
            let id = match claim {
                IdOutcome::Kept(n) => n,
                IdOutcome::Missing => {
                    self.issues.push(
                        &codes::WXR_ITEM_ID_MISSING,
                        item_path(item),
                        "this item has no wp:post_id; it was given a new id",
                        item.loc,
                    );
                    post_ids.fresh()
                }
                IdOutcome::Duplicate => {
                    self.issues.push(
&codes::WXR_ITEM_ID_DUPLICATE,
                        item_path(item),
                        "another item has the same wp:post_id; this one was kept with a new id (its original id stays its source id)",
                        item.loc,
                    );
                    post_ids.fresh()
                }
                IdOutcome::Invalid => {
                    self.issues.push(
                        &codes::WXR_ITEM_ID_INVALID,
                        item_path(item),
                        "wp:post_id is not a positive integer; the item was given a new id",
                        item.loc,
                    );
                    post_ids.fresh()
                }
            };
            if let Some(source) = source_id(&item.post_id) {
                by_source.entry(source).or_insert(PostId(id));
            }
            ids.push(PostId(id));
        }
        // Comment ids are global in WordPress.
        let mut comment_ids = IdPool::new();
        let mut comment_claims = Vec::new();
        for item in &items {
            for comment in &item.comments {
                comment_claims.push(comment_ids.claim(comment.id.as_deref()));
            }
        }
        let mut comment_by_source: HashMap<String, CommentId> = HashMap::new();
        let mut claims = comment_claims.into_iter();
        let mut comment_id_list = Vec::new();
        for item in &items {
            for comment in &item.comments {
                let id = match claims.next() {
                    Some(IdOutcome::Kept(n)) => n,
                    Some(IdOutcome::Duplicate) => {
                        self.issues.push(
&codes::WXR_COMMENT_ID_DUPLICATE,
                            format!("{}.comment[comment_id={}]", item_path(item), comment.id.as_deref().unwrap_or("").trim()),
                            "another comment has the same wp:comment_id; this one was kept with a new id",
                            comment.loc,
                        );
                        comment_ids.fresh()
                    }
                    Some(IdOutcome::Invalid) => {
                        self.issues.push(
&codes::WXR_COMMENT_ID_INVALID,
                            format!("{}.comment[comment_id={}]", item_path(item), comment.id.as_deref().unwrap_or("").trim()),
                            "wp:comment_id is not a positive integer; the comment was given a new id and the text kept for export",
                            comment.loc,
                        );
                        comment_ids.fresh()
                    }
                    _ => comment_ids.fresh(),
                };
                if let Some(source) = source_id(&comment.id) {
                    comment_by_source.entry(source).or_insert(CommentId(id));
                }
                comment_id_list.push(CommentId(id));
            }
        }
        let mut comment_id_iter = comment_id_list.into_iter();
        self.site.posts.reserve(items.len());
        for (item, id) in items.into_iter().zip(ids) {
            let comments = self.post(item, id, &by_source, &zone);
            for raw in comments {
                let Some(comment_id) = comment_id_iter.next() else {
                    break;
                };
                self.comment(raw, comment_id, id, &comment_by_source, &zone);
            }
        }
    }

    pub(super) fn post(
        &mut self,
        item: RawItem,
        id: PostId,
        by_source: &HashMap<String, PostId>,
        zone: &SiteTimeZone,
    ) -> Vec<RawComment> {
        let path = item_path(&item);
        let loc = item.loc;
        let RawItem {
            title,
            link,
            pub_date,
            creator,
            creator_loc,
            guid,
            guid_is_permalink,
            description,
            content,
            excerpt,
            post_id,
            post_date,
            post_date_gmt,
            post_modified,
            post_modified_gmt,
            comment_status,
            ping_status,
            post_name,
            status,
            post_parent,
            menu_order,
            post_type,
            post_password,
            is_sticky,
            attachment_url,
            categories,
            meta,
            comments,
            ..
        } = item;
        let kind = post_type
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map_or(PostKind::Post, PostKind::from);
        let status = match status.as_deref().map(str::trim) {
            None | Some("") => PostStatus::Draft,
            Some("publish") => PostStatus::Published,
            Some("future") => PostStatus::Scheduled,
            Some(other) => PostStatus::from(other),
        };
        let mut tail = Meta::new();
        let slug = match non_empty(post_name) {
            None => None,
            Some(raw) => match Slug::parse(&raw) {
                Ok(slug) => Some(slug),
                Err(error) => {
                    self.issues.push(
&codes::WXR_ITEM_SLUG_INVALID,
                        format!("{path}.slug"),
                        format!("{error} ({raw:?}); the item has no slug and the original was kept for export"),
                        loc,
                    );
                    tail.push_invalid("slug", raw);
                    None
                }
            },
        };
        let mut post = Post {
            source_id: source_id(&post_id).filter(|raw| is_wxr_id(raw)),
            kind,
            status,
            title: title.unwrap_or_default(),
            slug,
            content: content.unwrap_or_default(),
            excerpt: non_empty(excerpt),
            password: non_empty(post_password),
            guid: non_empty(guid),
            ..Post::untitled(id)
        };
        for (key, value) in meta {
            post.meta.push(key, value);
        }
        match source_id(&post_id) {
            None => tail.push(keys::NO_POST_ID, "1"),
            // Reported as `wxr.item.id.invalid`; kept so that export writes it back.
            Some(raw) if !is_wxr_id(&raw) => tail.push(keys::INVALID_POST_ID, raw),
            Some(_) => {}
        }
        match date_pair(
            post_date.as_deref(),
            post_date_gmt.as_deref(),
            zone,
            "post_date",
            &mut tail,
        ) {
            Ok(date) => post.published = date,
            Err(why) => self.issues.push(
                &codes::WXR_DATE_INVALID,
                format!("{path}.published"),
                format!("{why}; the text was kept"),
                loc,
            ),
        }
        match date_pair(
            post_modified.as_deref(),
            post_modified_gmt.as_deref(),
            zone,
            "post_modified",
            &mut tail,
        ) {
            Ok(date) => post.modified = date,
            Err(why) => self.issues.push(
                &codes::WXR_DATE_INVALID,
                format!("{path}.modified"),
                format!("{why}; the text was kept"),
                loc,
            ),
        }
        if post_modified.is_some() && post.modified.is_none() {
            tail.push(keys::HAS_MODIFIED, "1");
        }
        for (flag, raw, key) in [
            (
                &mut post.comments_open,
                comment_status,
                keys::COMMENT_STATUS,
            ),
            (&mut post.pings_open, ping_status, keys::PING_STATUS),
        ] {
            match raw.as_deref().map(str::trim) {
                None | Some("open") => *flag = true,
                Some("closed") => *flag = false,
                Some(other) => {
                    *flag = false;
                    tail.push(key, other);
                }
            }
        }
        if let Some(raw) = menu_order.filter(|m| !m.is_empty()) {
            if let Ok(order) = raw.trim().parse::<i64>() {
                post.menu_order = order;
            } else {
                self.issues.push(
                    &codes::WXR_ITEM_MENU_ORDER_INVALID,
                    format!("{path}.menu_order"),
                    format!("menu_order {raw:?} is not an integer; it was kept for export"),
                    loc,
                );
                tail.push_invalid("menu_order", raw);
            }
        }
        post.sticky = is_sticky
            .as_deref()
            .map(str::trim)
            .and_then(|s| s.parse::<i64>().ok())
            .is_some_and(|n| n != 0);
        if let Some(parent) = post_parent
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "0")
        {
            match by_source.get(parent) {
                Some(&parent_id) if parent_id != id => post.parent = Some(parent_id),
                _ => {
                    self.issues.push(
&codes::WXR_ITEM_PARENT_UNKNOWN,
                        format!("{path}.parent"),
                        format!("post_parent {parent} is not an item of this file; it was kept for export"),
                        loc,
                    );
                    tail.push(keys::POST_PARENT, parent);
                }
            }
        }
        // Authors: the creator first, then co-authors (Co-Authors Plus `author` terms).
        if let Some(login) = creator.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            let author = self.author_for_creator(login, &path, creator_loc);
            post.authors.push(author);
        }
        self.categories(&mut post, categories, &path);
        if let Some(link) = link {
            tail.push(keys::LINK, link);
        }
        if let Some(raw) = pub_date
            && derived_pub_date(post.published.as_ref()).as_deref() != Some(raw.trim())
        {
            tail.push(keys::PUB_DATE, raw);
        }
        if let Some(description) = non_empty(description) {
            tail.push(keys::DESCRIPTION, description);
        }
        if let Some(value) = guid_is_permalink
            && value != "false"
        {
            tail.push(keys::GUID_IS_PERMALINK, value);
        }
        if let Some(url) = attachment_url {
            tail.push(keys::ATTACHMENT_URL, url);
        }
        post.meta.0.extend(tail.0);
        self.site.posts.push(post);
        comments
    }
}

pub(super) fn item_path(item: &RawItem) -> String {
    match item.post_id.as_deref().map(str::trim) {
        Some(id) if !id.is_empty() => format!("item[post_id={id}]"),
        _ => format!("item[line={}]", item.loc.line),
    }
}
