//! The validator: its indexes, and the checks every field of a kind shares (texts, slugs,
//! URLs, values kept raw in meta).

use super::*;

/// Which limit a text field has.
#[derive(Clone, Copy)]
pub(super) enum Limit {
    Title,
    Name,
    Text,
}

pub(super) struct Validator<'a> {
    pub(super) site: &'a SiteRefs<'a>,
    pub(super) options: &'a ValidationOptions,
    pub(super) report: Report,
    /// Id to index of the first entity with that id.
    pub(super) authors: HashMap<AuthorId, usize>,
    pub(super) terms: HashMap<TermId, usize>,
    pub(super) posts: HashMap<PostId, usize>,
    pub(super) comments: HashMap<CommentId, usize>,
    pub(super) media: HashMap<MediaId, usize>,
}

/// Builds the id index of one kind, reporting every id seen before.
pub(super) fn index_ids<Id: Hash + Eq + Copy + fmt::Display, T>(
    report: &mut Report,
    items: &[&T],
    id_of: impl Fn(&T) -> Id,
    describe: impl Fn(&T) -> String,
    collection: &str,
    code: IssueCode,
) -> HashMap<Id, usize> {
    let mut index = HashMap::with_capacity(items.len());
    for (i, item) in items.iter().copied().enumerate() {
        match index.entry(id_of(item)) {
            Entry::Vacant(slot) => {
                slot.insert(i);
            }
            Entry::Occupied(first) => push(
                report,
                code,
                format!("{collection}[{i}].id"),
                format!(
                    "{} has the same id as {collection}[{}]; ids must be unique, so references to \
                     {} reach only the first; give one of them a new id",
                    describe(item),
                    first.get(),
                    id_of(item)
                ),
            ),
        }
    }
    index
}

pub(super) fn push(report: &mut Report, code: IssueCode, path: String, message: String) {
    report.push(&code, path, message);
}

impl Validator<'_> {
    pub(super) fn issue(&mut self, code: IssueCode, path: String, message: String) {
        push(&mut self.report, code, path, message);
    }

    pub(super) fn index(&mut self) {
        let site = self.site;
        let report = &mut self.report;
        self.authors = index_ids(
            report,
            &site.authors,
            |a| a.id,
            describe_author,
            "authors",
            codes::AUTHOR_ID_DUPLICATE,
        );
        self.terms = index_ids(
            report,
            &site.terms,
            |t| t.id,
            describe_term,
            "terms",
            codes::TERM_ID_DUPLICATE,
        );
        self.posts = index_ids(
            report,
            &site.posts,
            |p| p.id,
            describe_post,
            "posts",
            codes::POST_ID_DUPLICATE,
        );
        self.comments = index_ids(
            report,
            &site.comments,
            |c| c.id,
            describe_comment,
            "comments",
            codes::COMMENT_ID_DUPLICATE,
        );
        self.media = index_ids(
            report,
            &site.media,
            |m| m.id,
            describe_media,
            "media",
            codes::MEDIA_ID_DUPLICATE,
        );
    }

    // ---- generic value checks -------------------------------------------------------------

    pub(super) fn limit(&self, limit: Limit) -> usize {
        match limit {
            Limit::Title => self.options.max_title_bytes,
            Limit::Name => self.options.max_name_bytes,
            Limit::Text => self.options.max_text_bytes,
        }
    }

    /// Control characters and length of a text field. `path` is built only when reporting.
    pub(super) fn check_text(
        &mut self,
        path: &dyn Fn() -> String,
        owner: &dyn Fn() -> String,
        text: &str,
        limit: Limit,
    ) {
        let max = self.limit(limit);
        if text.len() > max {
            self.issue(
                codes::TEXT_TOO_LONG,
                path(),
                format!(
                    "{}: this field is {} bytes, more than the limit of {max}; shorten it (or \
                     raise the limit in ValidationOptions)",
                    owner(),
                    text.len()
                ),
            );
        }
        let (c0, c1) = find_controls(text);
        if let Some(found) = c0 {
            self.issue(
                codes::TEXT_CONTROL_CHARACTER,
                path(),
                format!(
                    "{}: this field contains the control character {} at byte {} ({} in all); XML \
                     (WXR, RSS, Atom) cannot carry it: remove it",
                    owner(),
                    found.describe(),
                    found.at,
                    found.count
                ),
            );
        }
        if let Some(found) = c1 {
            self.issue(
                codes::TEXT_C1_CONTROL,
                path(),
                format!(
                    "{}: this field contains the invisible control character {} at byte {} ({} in \
                     all), usually text decoded as Latin-1 that was Windows-1252; re-decode or \
                     remove it",
                    owner(),
                    found.describe(),
                    found.at,
                    found.count
                ),
            );
        }
    }

    pub(super) fn check_optional_text(
        &mut self,
        path: &dyn Fn() -> String,
        owner: &dyn Fn() -> String,
        text: Option<&str>,
        limit: Limit,
    ) {
        if let Some(text) = text {
            self.check_text(path, owner, text, limit);
        }
    }

    pub(super) fn check_slug(
        &mut self,
        path: &dyn Fn() -> String,
        owner: &dyn Fn() -> String,
        slug: &Slug,
    ) {
        let max = self.options.max_slug_bytes;
        let len = slug.as_str().len();
        if len > max {
            self.issue(
                codes::SLUG_TOO_LONG,
                path(),
                format!(
                    "{}: the slug is {len} bytes, more than the limit of {max} (WordPress's slug \
                     columns hold 200); shorten it",
                    owner()
                ),
            );
        }
    }

    pub(super) fn check_url(
        &mut self,
        path: &dyn Fn() -> String,
        owner: &dyn Fn() -> String,
        url: &Url,
    ) {
        if url.is_script_scheme() {
            self.issue(
                codes::URL_SCHEME_SCRIPT,
                path(),
                format!(
                    "{}: the URL {} uses the {}: scheme, which runs script when followed; replace \
                     it with an http(s) URL or remove it",
                    owner(),
                    quote(url.as_str()),
                    url.scheme()
                ),
            );
        } else if !url.is_web() {
            self.issue(
                codes::URL_SCHEME_NOT_WEB,
                path(),
                format!(
                    "{}: the URL {} is not a web address ({}:); it is kept, but pages and feeds \
                     will not link to it",
                    owner(),
                    quote(url.as_str()),
                    url.scheme()
                ),
            );
        }
        let max = self.options.max_url_bytes;
        let len = url.as_str().len();
        if len > max {
            self.issue(
                codes::TEXT_TOO_LONG,
                path(),
                format!(
                    "{}: the URL is {len} bytes, more than the limit of {max}; shorten it",
                    owner()
                ),
            );
        }
    }

    /// Raw values of typed fields that failed to parse, kept in meta by lenient imports.
    pub(super) fn check_invalid_fields(
        &mut self,
        entity: &str,
        prefix: &dyn Fn() -> String,
        owner: &dyn Fn() -> String,
        meta: &Meta,
    ) {
        for (k, entry) in meta.iter().enumerate() {
            let Some(field) = entry.key.strip_prefix(INVALID_FIELD_PREFIX) else {
                continue;
            };
            let code = invalid_field_code(entity, field);
            let path = if code == codes::FIELD_INVALID {
                join_path(&prefix(), &format!("meta[{k}]"))
            } else {
                join_path(&prefix(), field)
            };
            self.issue(
                code,
                path,
                format!(
                    "{}: {} could not be parsed as the {}; the raw value is kept in meta under {}: \
                     correct it, set the field and remove that entry",
                    owner(),
                    quote(&entry.value),
                    field_label(field),
                    quote(&entry.key)
                ),
            );
        }
    }

    // ---- site ----------------------------------------------------------------------------
}
