//! Checks of posts and pages: fields, references, dates, slugs.

use super::*;

impl Validator<'_> {
    pub(super) fn check_posts(&mut self) {
        let site = self.site;
        let mut slugs: HashMap<(&PostKind, Option<PostId>, String), usize> =
            HashMap::with_capacity(site.posts.len());
        for (i, post) in site.posts.iter().enumerate() {
            let owner = || describe_post(post);
            let field = |name: &'static str| move || format!("posts[{i}].{name}");
            let public = is_published_like(&post.status);
            let listed = matches!(post.kind, PostKind::Post | PostKind::Page);

            if public && listed && is_blank(&post.title) {
                self.issue(
                    codes::POST_TITLE_EMPTY,
                    format!("posts[{i}].title"),
                    format!(
                        "{} is {} but has no title (WordPress allows it); archives and feeds \
                         would show an empty heading: give it a title",
                        owner(),
                        post.status
                    ),
                );
            }
            if public && listed && post.authors.is_empty() {
                self.issue(
                    codes::POST_AUTHOR_MISSING,
                    format!("posts[{i}].authors"),
                    format!(
                        "{} is {} but has no author; it would read \"Posted on ... by\" and \
                         nothing: credit an author",
                        owner(),
                        post.status
                    ),
                );
            }
            if public && post.published.is_none() {
                self.issue(
                    codes::POST_DATE_MISSING,
                    format!("posts[{i}].published"),
                    format!(
                        "{} is {} but has no date; date archives and feeds cannot place it: set \
                         its date",
                        owner(),
                        post.status
                    ),
                );
            }

            self.check_post_references(i, post);
            self.check_post_dates(i, post);

            self.check_text(&field("title"), &owner, &post.title, Limit::Title);
            self.check_text(&field("content"), &owner, &post.content, Limit::Text);
            self.check_optional_text(
                &field("excerpt"),
                &owner,
                post.excerpt.as_deref(),
                Limit::Text,
            );
            self.check_optional_text(
                &field("format"),
                &owner,
                post.format.as_deref(),
                Limit::Name,
            );
            if let Some(guid) = &post.guid
                && guid.len() > self.options.max_url_bytes
            {
                let max = self.options.max_url_bytes;
                self.issue(
                    codes::TEXT_TOO_LONG,
                    format!("posts[{i}].guid"),
                    format!(
                        "{}: the GUID is {} bytes, more than the limit of {max}; shorten it",
                        owner(),
                        guid.len()
                    ),
                );
            }
            if let Some(slug) = &post.slug {
                self.check_slug(&field("slug"), &owner, slug);
                if has_address(&post.status) && post.kind.has_public_address() {
                    let scope = (post.kind == PostKind::Page)
                        .then_some(post.parent)
                        .flatten();
                    match slugs.entry((&post.kind, scope, slug.as_str().to_lowercase())) {
                        Entry::Vacant(slot) => {
                            slot.insert(i);
                        }
                        Entry::Occupied(first) => {
                            let first = *first.get();
                            self.issue(
                                codes::POST_SLUG_DUPLICATE,
                                format!("posts[{i}].slug"),
                                format!(
                                    "{} has the same slug as {} (posts[{first}]), both of kind {}; \
                                     they would share an address: change one slug",
                                    owner(),
                                    site.posts
                                        .get(first)
                                        .map(|x| describe_post(x))
                                        .unwrap_or_default(),
                                    post.kind
                                ),
                            );
                        }
                    }
                }
            }
            self.check_invalid_fields("post", &|| format!("posts[{i}]"), &owner, &post.meta);
        }
    }

    pub(super) fn check_post_references(&mut self, i: usize, post: &Post) {
        let owner = || describe_post(post);
        let mut seen_authors: HashMap<AuthorId, usize> = HashMap::new();
        for (k, author) in post.authors.iter().enumerate() {
            if !self.authors.contains_key(author) {
                self.issue(
                    codes::POST_AUTHOR_DANGLING,
                    format!("posts[{i}].authors[{k}]"),
                    format!(
                        "{} credits {author}, which the site does not have; add that author or \
                         remove the credit",
                        owner()
                    ),
                );
            }
            if let Some(first) = seen_authors.insert(*author, k) {
                self.issue(
                    codes::POST_AUTHOR_DUPLICATE,
                    format!("posts[{i}].authors[{k}]"),
                    format!(
                        "{} credits {author} twice (also at authors[{first}]); remove the repeat",
                        owner()
                    ),
                );
            }
        }
        let mut seen_terms: HashMap<TermId, usize> = HashMap::new();
        for (k, term) in post.terms.iter().enumerate() {
            if !self.terms.contains_key(term) {
                self.issue(
                    codes::POST_TERM_DANGLING,
                    format!("posts[{i}].terms[{k}]"),
                    format!(
                        "{} has {term}, which the site does not have; add that term or remove it \
                         from the post",
                        owner()
                    ),
                );
            }
            if let Some(first) = seen_terms.insert(*term, k) {
                self.issue(
                    codes::POST_TERM_DUPLICATE,
                    format!("posts[{i}].terms[{k}]"),
                    format!(
                        "{} lists {term} twice (also at terms[{first}]); remove the repeat",
                        owner()
                    ),
                );
            }
        }
        if let Some(parent) = post.parent
            && !self.posts.contains_key(&parent)
        {
            self.issue(
                codes::POST_PARENT_DANGLING,
                format!("posts[{i}].parent"),
                format!(
                    "{} has the parent {parent}, which the site does not have; add it or remove \
                     the parent",
                    owner()
                ),
            );
        }
        if let Some(media) = post.featured_media
            && !self.media.contains_key(&media)
        {
            self.issue(
                codes::POST_FEATURED_MEDIA_DANGLING,
                format!("posts[{i}].featured_media"),
                format!(
                    "{} features {media}, which the site does not have; add that media item or \
                     remove the featured image",
                    owner()
                ),
            );
        }
    }

    pub(super) fn check_post_dates(&mut self, i: usize, post: &Post) {
        let owner = || describe_post(post);
        if post.status == PostStatus::Scheduled
            && let (Some(now), Some(published)) = (self.options.now, post.published)
            && published.utc() <= now
        {
            self.issue(
                codes::POST_SCHEDULED_NOT_FUTURE,
                format!("posts[{i}].published"),
                format!(
                    "{} is scheduled for {published}, which is not after now ({}); publish it \
                     (its schedule was missed) or move its date into the future",
                    owner(),
                    now.to_rfc3339()
                ),
            );
        }
        if post.status != PostStatus::Scheduled
            && let (Some(published), Some(modified)) = (post.published, post.modified)
            && modified.utc() < published.utc()
        {
            self.issue(
                codes::POST_MODIFIED_BEFORE_PUBLISHED,
                format!("posts[{i}].modified"),
                format!(
                    "{} was modified at {modified}, before it was published at {published}; \
                     harmless when the post was scheduled, otherwise correct one of the dates",
                    owner()
                ),
            );
        }
    }

    // ---- comments ------------------------------------------------------------------------
}
