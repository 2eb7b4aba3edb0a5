//! Checks of comments.

use super::*;

impl Validator<'_> {
    pub(super) fn check_comments(&mut self) {
        let site = self.site;
        for (i, comment) in site.comments.iter().enumerate() {
            let owner = || describe_comment(comment);
            let field = |name: &'static str| move || format!("comments[{i}].{name}");
            let post = self
                .posts
                .get(&comment.post)
                .and_then(|&p| site.posts.get(p));
            match post {
                None => self.issue(
                    codes::COMMENT_POST_DANGLING,
                    format!("comments[{i}].post"),
                    format!(
                        "{}: the site has no {}; add the post or delete the comment",
                        owner(),
                        comment.post
                    ),
                ),
                Some(post) => {
                    if let (Some(date), Some(published)) = (comment.date, post.published)
                        && date.utc() < published.utc()
                    {
                        self.issue(
                            codes::COMMENT_DATE_BEFORE_POST,
                            format!("comments[{i}].date"),
                            format!(
                                "{} is dated {date}, before {} was published at {published}; \
                                 check both dates",
                                owner(),
                                describe_post(post)
                            ),
                        );
                    }
                }
            }
            if let Some(parent_id) = comment.parent {
                let parent = self
                    .comments
                    .get(&parent_id)
                    .and_then(|&p| site.comments.get(p).map(|c| (p, c)));
                match parent {
                    None => self.issue(
                        codes::COMMENT_PARENT_DANGLING,
                        format!("comments[{i}].parent"),
                        format!(
                            "{} replies to {parent_id}, which the site does not have; add it or \
                             make the comment top-level",
                            owner()
                        ),
                    ),
                    // A comment that is its own parent is reported as a cycle.
                    Some((p, _)) if p == i => {}
                    Some((p, parent)) => {
                        if parent.post != comment.post {
                            self.issue(
                                codes::COMMENT_PARENT_OTHER_POST,
                                format!("comments[{i}].parent"),
                                format!(
                                    "{} replies to {} (comments[{p}]), which is on {}; a reply \
                                     must be on its parent's post: fix the post or the parent",
                                    owner(),
                                    parent.id,
                                    parent.post
                                ),
                            );
                        }
                        if let (Some(date), Some(parent_date)) = (comment.date, parent.date)
                            && date.utc() < parent_date.utc()
                        {
                            self.issue(
                                codes::COMMENT_DATE_BEFORE_PARENT,
                                format!("comments[{i}].date"),
                                format!(
                                    "{} is dated {date}, before the comment it replies to ({}, \
                                     {parent_date}); check both dates",
                                    owner(),
                                    parent.id
                                ),
                            );
                        }
                    }
                }
            }
            if let Some(user) = comment.user
                && !self.authors.contains_key(&user)
            {
                self.issue(
                    codes::COMMENT_USER_DANGLING,
                    format!("comments[{i}].user"),
                    format!(
                        "{} names the account {user}, which the site does not have; add that \
                         author or remove the user",
                        owner()
                    ),
                );
            }
            self.check_text(
                &field("author_name"),
                &owner,
                &comment.author_name,
                Limit::Name,
            );
            self.check_optional_text(
                &field("author_ip"),
                &owner,
                comment.author_ip.as_deref(),
                Limit::Name,
            );
            self.check_text(&field("content"), &owner, &comment.content, Limit::Text);
            if let Some(url) = &comment.author_url {
                self.check_url(&field("author_url"), &owner, url);
            }
            self.check_invalid_fields(
                "comment",
                &|| format!("comments[{i}]"),
                &owner,
                &comment.meta,
            );
        }
    }

    // ---- media ---------------------------------------------------------------------------
}
