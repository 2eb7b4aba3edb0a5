//! Comments: `wp:comment` records, their ids, parents, authors and status.

use super::Builder;
use super::dates::date_pair;
use super::ids::{non_empty, split_id};
use crate::codes;
use crate::wxr::keys;
use crate::wxr::reader::RawComment;
use broadsheet_core::{
    Comment, CommentId, CommentKind, CommentStatus, Email, Meta, PostId, SiteTimeZone, Url,
};
use std::collections::HashMap;

impl Builder {
    pub(super) fn comment(
        &mut self,
        raw: RawComment,
        id: CommentId,
        post: PostId,
        by_source: &HashMap<String, CommentId>,
        zone: &SiteTimeZone,
    ) {
        let path = format!(
            "item[post_id={}].comment[comment_id={}]",
            post.0,
            raw.id.as_deref().unwrap_or("").trim()
        );
        let loc = raw.loc;
        let mut comment = Comment::new(
            id,
            post,
            raw.author.unwrap_or_default(),
            raw.content.unwrap_or_default(),
        );
        let (source, invalid_id) = split_id(&raw.id);
        comment.source_id = source;
        let mut tail = Meta::new();
        match invalid_id {
            Some(text) => tail.push(keys::INVALID_ID, text),
            None if comment.source_id.is_none() => tail.push(keys::NO_COMMENT_ID, "1"),
            None => {}
        }
        if let Some(email) = non_empty(raw.author_email) {
            match Email::parse(&email) {
                Ok(email) => comment.author_email = Some(email),
                Err(error) => {
                    self.issues.push(
                        &codes::WXR_COMMENT_EMAIL_INVALID,
                        format!("{path}.author_email"),
                        format!("{error}; the text was kept"),
                        loc,
                    );
                    tail.push_invalid("author_email", email);
                }
            }
        }
        if let Some(url) = non_empty(raw.author_url) {
            match Url::parse(&url) {
                Ok(url) => comment.author_url = Some(url),
                Err(error) => {
                    self.issues.push(
                        &codes::WXR_COMMENT_URL_INVALID,
                        format!("{path}.author_url"),
                        format!("{error}; the text was kept"),
                        loc,
                    );
                    tail.push_invalid("author_url", url);
                }
            }
        }
        comment.author_ip = non_empty(raw.author_ip);
        match date_pair(
            raw.date.as_deref(),
            raw.date_gmt.as_deref(),
            zone,
            "comment_date",
            &mut tail,
        ) {
            Ok(date) => comment.date = date,
            Err(why) => self.issues.push(
                &codes::WXR_DATE_INVALID,
                format!("{path}.date"),
                format!("{why}; the text was kept"),
                loc,
            ),
        }
        comment.status = match raw.approved.as_deref().map(str::trim) {
            None | Some("1") => CommentStatus::Approved,
            Some("0") => CommentStatus::Pending,
            Some("spam") => CommentStatus::Spam,
            Some("trash") => CommentStatus::Trash,
            Some("post-trashed") => {
                tail.push(keys::COMMENT_APPROVED, "post-trashed");
                CommentStatus::Trash
            }
            Some(other) => {
                self.issues.push(
&codes::WXR_COMMENT_STATUS_UNKNOWN,
                    format!("{path}.status"),
                    format!("comment_approved {other:?} is not 1, 0, spam or trash; the comment is pending and the value was kept for export"),
                    loc,
                );
                tail.push(keys::COMMENT_APPROVED, other);
                CommentStatus::Pending
            }
        };
        comment.kind = match raw.kind.as_deref().map(str::trim) {
            None | Some("" | "comment") => CommentKind::Comment,
            Some(other) => CommentKind::from(other),
        };
        if let Some(parent) = raw
            .parent
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "0")
        {
            match by_source.get(parent) {
                Some(&parent_id) if parent_id != id => comment.parent = Some(parent_id),
                _ => {
                    self.issues.push(
&codes::WXR_COMMENT_PARENT_UNKNOWN,
                        format!("{path}.parent"),
                        format!("comment_parent {parent} is not a comment of this file; it was kept for export"),
                        loc,
                    );
                    tail.push(keys::COMMENT_PARENT, parent);
                }
            }
        }
        if let Some(user) = raw
            .user_id
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty() && *u != "0")
        {
            match self.authors_by_source.get(user) {
                Some(&author) => comment.user = Some(author),
                None => tail.push(keys::COMMENT_USER_ID, user),
            }
        }
        for (key, value) in raw.meta {
            comment.meta.push(key, value);
        }
        comment.meta.0.extend(tail.0);
        self.site.comments.push(comment);
    }
}
