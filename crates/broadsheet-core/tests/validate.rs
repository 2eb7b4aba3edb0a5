//! Validation through the public API: every code on a site built to show it, and the clean
//! site that shows none.

use broadsheet_core::*;
use std::collections::HashSet;

fn slug(text: &str) -> Slug {
    Slug::parse(text).unwrap()
}

fn at(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap()
}

fn url(text: &str) -> Url {
    Url::parse(text).unwrap()
}

fn draft(id: u64, slug_text: &str) -> Post {
    let mut post = Post::new(PostId(id), "", slug(slug_text));
    post.status = PostStatus::Draft;
    post
}

/// A site with no issues at all: two authors, two tags, a category tree, posts, pages, a draft,
/// a scheduled post, a comment thread and a featured image.
///
/// Indexes: authors 0-1; terms 0-3 (tags 0-1, categories 2-3, 3 a child of 2); posts 0-5
/// (0-1 posts, 2 page, 3 child page of 2, 4 draft, 5 scheduled for 2030); comments 0-2
/// (1 replies to 0, both on post 0; 2 on post 1); media 0.
fn clean_site() -> Site {
    let mut site = Site::new("Women's Learning Partnership");
    site.settings.url = Some(url("https://learningpartnership.org"));

    let mut wlp = Author::new(AuthorId(1), slug("wlp"), "WLP");
    wlp.email = Some(Email::parse("editor@learningpartnership.org").unwrap());
    wlp.url = Some(url("https://learningpartnership.org/about"));
    site.authors.push(wlp);
    let mut guest = Author::new(AuthorId(2), slug("anna"), "Anna Jumabaevа");
    guest.guest = true;
    guest.bio = "Anna is a lawyer in Bishkek.\n\nShe writes on women's rights.".into();
    site.authors.push(guest);

    site.terms.push(Term::new(
        TermId(1),
        Taxonomy::Tag,
        "Kyrgyzstan",
        slug("kyrgyzstan"),
    ));
    site.terms.push(Term::new(
        TermId(2),
        Taxonomy::Tag,
        "Women's rights",
        slug("womens-rights"),
    ));
    site.terms.push(Term::new(
        TermId(3),
        Taxonomy::Category,
        "News",
        slug("news"),
    ));
    let mut child = Term::new(
        TermId(4),
        Taxonomy::Category,
        "Central Asia",
        slug("central-asia"),
    );
    child.parent = Some(TermId(3));
    site.terms.push(child);

    let mut p1 = Post::new(PostId(1), "Day of Action", slug("day-of-action"));
    p1.authors.push(AuthorId(1));
    p1.terms.extend([TermId(1), TermId(3)]);
    p1.content = "<p>Posted from Bishkek.</p>\r\n<p>\tSecond paragraph.</p>".into();
    p1.published = Some(at("2013-05-30T10:00:00+06:00"));
    p1.modified = Some(at("2013-05-31T09:00:00+06:00"));
    p1.featured_media = Some(MediaId(1));
    site.posts.push(p1);

    let mut p2 = Post::new(PostId(2), "Жумабаева on the law", slug("jumabaeva-law"));
    p2.authors.extend([AuthorId(2), AuthorId(1)]);
    p2.terms.extend([TermId(2), TermId(4)]);
    p2.published = Some(at("2013-06-01T12:00:00+06:00"));
    p2.password = Some("secret\u{1}".into());
    site.posts.push(p2);

    let mut about = Post::new(PostId(3), "About", slug("about"));
    about.kind = PostKind::Page;
    about.authors.push(AuthorId(1));
    about.published = Some(at("2012-01-01T00:00:00Z"));
    site.posts.push(about);

    let mut team = Post::new(PostId(4), "Team", slug("team"));
    team.kind = PostKind::Page;
    team.parent = Some(PostId(3));
    team.authors.push(AuthorId(1));
    team.published = Some(at("2012-01-02T00:00:00Z"));
    site.posts.push(team);

    site.posts.push(draft(5, "untitled"));

    let mut scheduled = Post::new(PostId(6), "Next year", slug("next-year"));
    scheduled.status = PostStatus::Scheduled;
    scheduled.authors.push(AuthorId(2));
    scheduled.published = Some(at("2030-01-01T00:00:00Z"));
    scheduled.modified = Some(at("2029-12-01T00:00:00Z"));
    site.posts.push(scheduled);

    let mut c1 = Comment::new(CommentId(1), PostId(1), "Ann", "Thank you!");
    c1.date = Some(at("2013-05-30T12:00:00+06:00"));
    c1.author_url = Some(url("http://example.org/ann"));
    site.comments.push(c1);
    let mut c2 = Comment::new(CommentId(2), PostId(1), "WLP", "You are welcome.");
    c2.parent = Some(CommentId(1));
    c2.user = Some(AuthorId(1));
    c2.date = Some(at("2013-05-30T13:00:00+06:00"));
    site.comments.push(c2);
    let mut c3 = Comment::new(CommentId(3), PostId(2), "Bek", "Pending review");
    c3.status = CommentStatus::Pending;
    c3.date = Some(at("2013-06-02T12:00:00+06:00"));
    site.comments.push(c3);

    let mut photo = Media::new(MediaId(1), url("https://example.org/photo.jpg"));
    photo.attached_to = Some(PostId(1));
    photo.alt_text = "Women marching".into();
    site.media.push(photo);
    site
}

fn options_at(now: &str) -> ValidationOptions {
    ValidationOptions::default().with_now(Some(at(now).utc()))
}

#[test]
fn a_clean_site_has_an_empty_report() {
    let report = validate(&clean_site(), &options_at("2020-01-01T00:00:00Z"));
    assert!(report.is_empty(), "{report}");
    let report = validate(&clean_site(), &ValidationOptions::default());
    assert!(report.is_empty(), "{report}");
    assert!(validate(&Site::new("Empty"), &ValidationOptions::default()).is_empty());
}

/// One case per code: a change to the clean site that triggers exactly that one issue.
struct Case {
    code: &'static str,
    severity: Severity,
    path: &'static str,
    change: fn(&mut Site),
    options: fn() -> ValidationOptions,
}

fn defaults() -> ValidationOptions {
    ValidationOptions::default()
}

use Severity::{Error as E, Warning as W};

fn cases() -> Vec<Case> {
    let case = |code: IssueCode, severity, path, change| Case {
        code: code.id,
        severity,
        path,
        change,
        options: defaults,
    };
    vec![
        case(codes::POST_ID_DUPLICATE, E, "posts[6].id", |s| {
            s.posts.push(draft(1, "another"));
        }),
        case(codes::AUTHOR_ID_DUPLICATE, E, "authors[2].id", |s| {
            s.authors
                .push(Author::new(AuthorId(1), slug("other"), "Other"));
        }),
        case(codes::TERM_ID_DUPLICATE, E, "terms[4].id", |s| {
            s.terms
                .push(Term::new(TermId(1), Taxonomy::Tag, "Other", slug("other")));
        }),
        case(codes::COMMENT_ID_DUPLICATE, E, "comments[3].id", |s| {
            s.comments
                .push(Comment::new(CommentId(1), PostId(1), "Zed", "Again"));
        }),
        case(codes::MEDIA_ID_DUPLICATE, E, "media[1].id", |s| {
            s.media
                .push(Media::new(MediaId(1), url("https://example.org/b.png")));
        }),
        case(codes::SITE_TITLE_EMPTY, W, "title", |s| {
            s.settings.title = " ".into();
        }),
        case(codes::POST_TITLE_EMPTY, W, "posts[0].title", |s| {
            s.posts[0].title = " \t\u{a0}".into();
        }),
        case(codes::TERM_NAME_EMPTY, E, "terms[0].name", |s| {
            s.terms[0].name = String::new();
        }),
        case(
            codes::AUTHOR_DISPLAY_NAME_EMPTY,
            E,
            "authors[1].display_name",
            |s| s.authors[1].display_name = "  ".into(),
        ),
        case(codes::POST_AUTHOR_MISSING, E, "posts[0].authors", |s| {
            s.posts[0].authors.clear();
        }),
        case(codes::POST_DATE_MISSING, E, "posts[1].published", |s| {
            s.posts[1].published = None;
        }),
        case(
            codes::POST_AUTHOR_DUPLICATE,
            W,
            "posts[0].authors[1]",
            |s| s.posts[0].authors.push(AuthorId(1)),
        ),
        case(codes::POST_TERM_DUPLICATE, W, "posts[0].terms[2]", |s| {
            s.posts[0].terms.push(TermId(1));
        }),
        case(codes::POST_SLUG_DUPLICATE, E, "posts[1].slug", |s| {
            s.posts[1].slug = Some(slug("Day-Of-Action"));
        }),
        case(codes::TERM_SLUG_DUPLICATE, E, "terms[1].slug", |s| {
            s.terms[1].slug = slug("kyrgyzstan");
        }),
        case(codes::AUTHOR_SLUG_DUPLICATE, E, "authors[1].slug", |s| {
            s.authors[1].slug = slug("wlp");
        }),
        case(codes::POST_AUTHOR_DANGLING, E, "posts[1].authors[1]", |s| {
            s.posts[1].authors[1] = AuthorId(99);
        }),
        case(codes::POST_TERM_DANGLING, E, "posts[0].terms[2]", |s| {
            s.posts[0].terms.push(TermId(99));
        }),
        case(codes::POST_PARENT_DANGLING, E, "posts[3].parent", |s| {
            s.posts[3].parent = Some(PostId(99));
        }),
        case(
            codes::POST_FEATURED_MEDIA_DANGLING,
            E,
            "posts[1].featured_media",
            |s| s.posts[1].featured_media = Some(MediaId(99)),
        ),
        case(codes::POST_PARENT_CYCLE, E, "posts[2].parent", |s| {
            s.posts[2].parent = Some(PostId(4));
        }),
        case(codes::COMMENT_POST_DANGLING, E, "comments[2].post", |s| {
            s.comments[2].post = PostId(99);
        }),
        case(
            codes::COMMENT_PARENT_DANGLING,
            E,
            "comments[2].parent",
            |s| s.comments[2].parent = Some(CommentId(99)),
        ),
        case(codes::COMMENT_USER_DANGLING, E, "comments[0].user", |s| {
            s.comments[0].user = Some(AuthorId(99));
        }),
        case(
            codes::COMMENT_PARENT_OTHER_POST,
            E,
            "comments[2].parent",
            |s| s.comments[2].parent = Some(CommentId(1)),
        ),
        case(codes::COMMENT_PARENT_CYCLE, E, "comments[2].parent", |s| {
            s.comments[2].parent = Some(CommentId(3));
        }),
        case(codes::TERM_PARENT_DANGLING, E, "terms[3].parent", |s| {
            s.terms[3].parent = Some(TermId(99));
        }),
        case(
            codes::TERM_PARENT_FLAT_TAXONOMY,
            E,
            "terms[1].parent",
            |s| s.terms[1].parent = Some(TermId(1)),
        ),
        case(
            codes::TERM_PARENT_OTHER_TAXONOMY,
            E,
            "terms[3].parent",
            |s| s.terms[3].parent = Some(TermId(1)),
        ),
        case(codes::TERM_PARENT_CYCLE, E, "terms[2].parent", |s| {
            s.terms[2].parent = Some(TermId(4));
        }),
        case(
            codes::MEDIA_ATTACHED_TO_DANGLING,
            E,
            "media[0].attached_to",
            |s| s.media[0].attached_to = Some(PostId(99)),
        ),
        Case {
            code: codes::POST_SCHEDULED_NOT_FUTURE.id,
            severity: E,
            path: "posts[5].published",
            change: |_| {},
            options: || options_at("2030-01-01T00:00:00Z"),
        },
        case(
            codes::POST_MODIFIED_BEFORE_PUBLISHED,
            W,
            "posts[0].modified",
            |s| s.posts[0].modified = Some(at("2013-05-30T09:59:59+06:00")),
        ),
        case(
            codes::COMMENT_DATE_BEFORE_POST,
            W,
            "comments[2].date",
            |s| s.comments[2].date = Some(at("2013-05-31T12:00:00+06:00")),
        ),
        case(
            codes::COMMENT_DATE_BEFORE_PARENT,
            W,
            "comments[1].date",
            |s| s.comments[1].date = Some(at("2013-05-30T11:00:00+06:00")),
        ),
        case(codes::SITE_URL_INVALID, E, "url", |s| {
            s.settings.url = None;
            s.settings
                .meta
                .push_invalid("url", "learningpartnership org");
        }),
        case(codes::SITE_TIME_ZONE_INVALID, E, "time_zone", |s| {
            s.settings.meta.push_invalid("time_zone", "Mars/Olympus");
        }),
        case(codes::POST_SLUG_INVALID, E, "posts[4].slug", |s| {
            s.posts[4].slug = None;
            s.posts[4].meta.push_invalid("slug", "two words");
        }),
        case(
            codes::POST_PUBLISHED_INVALID,
            E,
            "posts[4].published",
            |s| {
                s.posts[4]
                    .meta
                    .push_invalid("published", "0000-00-00 00:00:00");
            },
        ),
        case(codes::POST_MODIFIED_INVALID, E, "posts[0].modified", |s| {
            s.posts[0].modified = None;
            s.posts[0].meta.push_invalid("modified", "yesterday");
        }),
        case(codes::AUTHOR_SLUG_INVALID, E, "authors[0].slug", |s| {
            s.authors[0].meta.push_invalid("slug", "w l p");
        }),
        case(codes::AUTHOR_EMAIL_INVALID, E, "authors[0].email", |s| {
            s.authors[0].email = None;
            s.authors[0].meta.push_invalid("email", "editor at wlp");
        }),
        case(codes::AUTHOR_URL_INVALID, E, "authors[0].url", |s| {
            s.authors[0].url = None;
            s.authors[0].meta.push_invalid("url", "www.wlp");
        }),
        case(codes::AUTHOR_AVATAR_INVALID, E, "authors[1].avatar", |s| {
            s.authors[1].meta.push_invalid("avatar", "//cdn/avatar.png");
        }),
        case(codes::TERM_SLUG_INVALID, E, "terms[2].slug", |s| {
            s.terms[2].meta.push_invalid("slug", "news/world");
        }),
        case(
            codes::COMMENT_AUTHOR_EMAIL_INVALID,
            E,
            "comments[0].author_email",
            |s| s.comments[0].meta.push_invalid("author_email", "ann@"),
        ),
        case(
            codes::COMMENT_AUTHOR_URL_INVALID,
            E,
            "comments[0].author_url",
            |s| {
                s.comments[0].author_url = None;
                s.comments[0].meta.push_invalid("author_url", "ann.example");
            },
        ),
        case(codes::COMMENT_DATE_INVALID, E, "comments[1].date", |s| {
            s.comments[1].date = None;
            s.comments[1].meta.push_invalid("date", "30/05/2013");
        }),
        case(codes::MEDIA_URL_INVALID, E, "media[0].url", |s| {
            s.media[0].meta.push_invalid("url", "photo.jpg");
        }),
        case(codes::FIELD_INVALID, E, "posts[0].meta[1]", |s| {
            s.posts[0].meta.push("_edit_last", "1");
            s.posts[0].meta.push_invalid("colour", "not a colour");
        }),
        case(codes::URL_SCHEME_SCRIPT, E, "authors[0].url", |s| {
            s.authors[0].url = Some(url("JavaScript:alert(1)"));
        }),
        case(
            codes::URL_SCHEME_NOT_WEB,
            W,
            "comments[0].author_url",
            |s| s.comments[0].author_url = Some(url("mailto:ann@example.org")),
        ),
        case(codes::TEXT_CONTROL_CHARACTER, E, "posts[0].title", |s| {
            s.posts[0].title = "Day\u{0}of Action".into();
        }),
        case(codes::TEXT_C1_CONTROL, W, "comments[0].content", |s| {
            s.comments[0].content = "It\u{92}s great".into();
        }),
        case(codes::TEXT_TOO_LONG, E, "terms[0].name", |s| {
            s.terms[0].name = "к".repeat(126);
        }),
        case(codes::SLUG_TOO_LONG, E, "posts[0].slug", |s| {
            s.posts[0].slug = Some(slug(&"a".repeat(201)));
        }),
    ]
}

#[test]
fn every_code_is_triggered_alone_with_its_severity_and_path() {
    for case in cases() {
        let mut site = clean_site();
        (case.change)(&mut site);
        let report = validate(&site, &(case.options)());
        assert_eq!(
            report.issues.len(),
            1,
            "{}: expected exactly one issue, got:\n{report}",
            case.code
        );
        let issue = &report.issues[0];
        assert_eq!(issue.code, case.code, "{report}");
        assert_eq!(issue.severity, case.severity, "{}", case.code);
        assert_eq!(codes::severity(case.code), Some(case.severity));
        assert_eq!(issue.path, case.path, "{}", case.code);
        assert!(
            issue.message.len() > 20,
            "{}: message too terse: {}",
            case.code,
            issue.message
        );
    }
}

#[test]
fn the_cases_cover_every_code_and_codes_are_unique() {
    let all: Vec<&str> = codes::ALL.iter().map(|code| code.id).collect();
    let unique: HashSet<&str> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "a code is listed twice in ALL");
    let covered: HashSet<&str> = cases().iter().map(|case| case.code).collect();
    let missing: Vec<&&str> = all.iter().filter(|c| !covered.contains(**c)).collect();
    assert!(missing.is_empty(), "codes without a test case: {missing:?}");
    assert_eq!(covered.len(), cases().len(), "two cases test the same code");
    for code in codes::ALL {
        assert!(
            IssueCode::is_well_formed(code.id),
            "{code} does not follow <entity>.<field>.<problem>"
        );
        assert!(!code.meaning.is_empty());
    }
}

#[test]
fn docs_document_every_code_with_its_severity() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/validation.md");
    let docs = std::fs::read_to_string(path).expect("docs/validation.md must exist");
    for code in codes::ALL {
        let severity = code.severity;
        let quoted = format!("`{}`", code.id);
        // A table row whose first cell is the code and whose second is its severity.
        let rows: Vec<Vec<&str>> = docs
            .lines()
            .filter(|line| line.starts_with('|'))
            .map(|line| line.split('|').map(str::trim).collect())
            .filter(|cells: &Vec<&str>| cells.get(1) == Some(&quoted.as_str()))
            .collect();
        assert_eq!(
            rows.len(),
            1,
            "docs/validation.md should have exactly one table row for {quoted}"
        );
        let word = match severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        assert_eq!(
            rows[0].get(2).copied(),
            Some(word),
            "the row for {quoted} should give the severity {word}"
        );
        assert!(
            rows[0]
                .iter()
                .skip(3)
                .filter(|cell| !cell.is_empty())
                .count()
                >= 3,
            "the row for {quoted} should say what triggers it, its path and how to fix it"
        );
    }
    // And the other way: every code the doc's tables list is in the table.
    let known: HashSet<&str> = codes::ALL.iter().map(|code| code.id).collect();
    for line in docs.lines().filter(|line| line.starts_with("| `")) {
        let first = line.split('|').nth(1).unwrap_or_default().trim();
        let id = first.trim_matches('`');
        if IssueCode::is_well_formed(id) && !line.contains("| default |") {
            assert!(
                known.contains(id),
                "docs/validation.md lists `{id}`, which codes::ALL does not declare"
            );
        }
    }
}

#[test]
fn reports_every_issue_not_just_the_first() {
    let mut site = clean_site();
    site.terms[0].name = String::new();
    site.terms[1].name = " ".into();
    site.posts[0].authors.clear();
    site.posts[1].authors.clear();
    site.posts[1].terms.push(TermId(42));
    site.comments[1].parent = Some(CommentId(77));
    site.media[0].caption = "\u{85}".into();
    let report = validate(&site, &ValidationOptions::default());
    let found: Vec<(&str, &str)> = report
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (codes::TERM_NAME_EMPTY.id, "terms[0].name"),
            (codes::TERM_NAME_EMPTY.id, "terms[1].name"),
            (codes::POST_AUTHOR_MISSING.id, "posts[0].authors"),
            (codes::POST_AUTHOR_MISSING.id, "posts[1].authors"),
            (codes::POST_TERM_DANGLING.id, "posts[1].terms[2]"),
            (codes::COMMENT_PARENT_DANGLING.id, "comments[1].parent"),
            (codes::TEXT_C1_CONTROL.id, "media[0].caption"),
        ]
    );
    assert_eq!(report.errors().count(), 6);
    assert_eq!(report.warnings().count(), 1);
}

/// The seed page's defects: "Tags: , , ," and "Posted on 30 May 2013 by".
#[test]
fn the_seed_pages_defects_are_caught() {
    let mut site = Site::new("Women's Learning Partnership");
    site.authors
        .push(Author::new(AuthorId(1), slug("wlp"), "WLP"));
    site.terms.push(Term::new(
        TermId(10),
        Taxonomy::Tag,
        "kyrgyzstan",
        slug("kyrgyzstan"),
    ));
    for (id, s) in [(11, "tag-11"), (12, "tag-12"), (13, "tag-13")] {
        site.terms
            .push(Term::new(TermId(id), Taxonomy::Tag, "", slug(s)));
    }
    let mut post = Post::new(PostId(1), "Kyrgyz Women Rally", slug("kyrgyz-women-rally"));
    post.published = Some(at("2013-05-30T10:00:00+06:00"));
    post.terms
        .extend([TermId(10), TermId(11), TermId(12), TermId(13)]);
    site.posts.push(post);
    let mut credited = Post::new(PostId(2), "Credited", slug("credited"));
    credited.published = Some(at("2013-05-29T10:00:00+06:00"));
    credited.authors.push(AuthorId(1));
    site.posts.push(credited);

    let report = validate(&site, &ValidationOptions::default());
    let empty: Vec<&str> = report
        .issues
        .iter()
        .filter(|i| i.code == codes::TERM_NAME_EMPTY)
        .map(|i| i.path.as_str())
        .collect();
    assert_eq!(empty, ["terms[1].name", "terms[2].name", "terms[3].name"]);
    let missing: Vec<&broadsheet_core::Issue> = report
        .issues
        .iter()
        .filter(|i| i.code == codes::POST_AUTHOR_MISSING)
        .collect();
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].path, "posts[0].authors");
    assert_eq!(missing[0].severity, Severity::Error);
    // The message names the post so that a person can find it.
    assert!(
        missing[0].message.contains("post#1"),
        "{}",
        missing[0].message
    );
    assert!(missing[0].message.contains("Kyrgyz Women Rally"));
    assert!(missing[0].message.contains("kyrgyz-women-rally"));
    let term_message = &report.issues[0].message;
    assert!(term_message.contains("term#11") && term_message.contains("tag-11"));
    assert_eq!(report.issues.len(), 4, "{report}");
}

#[test]
fn comment_cycles_terminate_and_are_reported_once() {
    let mut site = clean_site();
    // 1 -> 2 -> 1, with comment 3 hanging off the cycle (on the same post).
    site.comments[0].parent = Some(CommentId(2));
    site.comments[0].date = None;
    site.comments[2].post = PostId(1);
    site.comments[2].parent = Some(CommentId(2));
    let report = validate(&site, &ValidationOptions::default());
    let cycles: Vec<_> = report
        .issues
        .iter()
        .filter(|i| i.code == codes::COMMENT_PARENT_CYCLE)
        .collect();
    assert_eq!(cycles.len(), 1, "{report}");
    assert_eq!(cycles[0].path, "comments[0].parent");
    assert!(
        cycles[0]
            .message
            .contains("comment#1 -> comment#2 -> comment#1"),
        "{}",
        cycles[0].message
    );
    assert_eq!(report.issues.len(), 1, "{report}");
}

#[test]
fn huge_comment_cycles_and_deep_threads_are_safe() {
    const N: u64 = 200_000;
    let mut site = Site::new("Big");
    let mut post = Post::new(PostId(1), "Thread", slug("thread"));
    post.authors.push(AuthorId(1));
    post.published = Some(at("2013-01-01T00:00:00Z"));
    site.posts.push(post);
    site.authors.push(Author::new(AuthorId(1), slug("a"), "A"));
    // A thread N deep: comment i replies to comment i - 1.
    for id in 1..=N {
        let mut comment = Comment::new(CommentId(id), PostId(1), "x", "y");
        comment.parent = (id > 1).then(|| CommentId(id - 1));
        site.comments.push(comment);
    }
    assert!(validate(&site, &ValidationOptions::default()).is_empty());
    // Close it into one cycle of N comments.
    site.comments[0].parent = Some(CommentId(N));
    let report = validate(&site, &ValidationOptions::default());
    assert_eq!(report.issues.len(), 1, "{report}");
    assert_eq!(report.issues[0].code, codes::COMMENT_PARENT_CYCLE);
    assert_eq!(report.issues[0].path, "comments[0].parent");
    assert!(report.issues[0].message.contains("(200000 in all)"));
}

#[test]
fn category_cycles_terminate_including_self_parents() {
    let mut site = clean_site();
    let mut looped = Term::new(TermId(5), Taxonomy::Category, "Loop", slug("loop"));
    looped.parent = Some(TermId(5));
    site.terms.push(looped);
    // A long chain of categories closing into a cycle: 100 -> 101 -> ... -> 50_099 -> 100.
    let first = 100u64;
    let count = 50_000u64;
    for id in first..first + count {
        let mut term = Term::new(
            TermId(id),
            Taxonomy::Category,
            format!("C{id}"),
            slug(&format!("c{id}")),
        );
        let next = if id + 1 == first + count {
            first
        } else {
            id + 1
        };
        term.parent = Some(TermId(next));
        site.terms.push(term);
    }
    let report = validate(&site, &ValidationOptions::default());
    let cycles: Vec<_> = report
        .issues
        .iter()
        .filter(|i| i.code == codes::TERM_PARENT_CYCLE)
        .collect();
    assert_eq!(cycles.len(), 2, "{report}");
    assert_eq!(cycles[0].path, "terms[4].parent");
    assert!(cycles[0].message.contains("is its own parent"));
    assert_eq!(cycles[1].path, "terms[5].parent");
    assert_eq!(report.issues.len(), 2);
}

#[test]
fn duplicate_ids_resolve_references_to_the_first_and_do_not_panic() {
    let mut site = clean_site();
    let mut twin = Comment::new(CommentId(2), PostId(2), "Twin", "Same id");
    twin.parent = Some(CommentId(2));
    site.comments.push(twin);
    let report = validate(&site, &ValidationOptions::default());
    let codes_found: Vec<&str> = report.issues.iter().map(|i| i.code.as_str()).collect();
    // The twin's parent resolves to comments[1] (on post 1): a reply on another post, and not
    // a self-cycle.
    assert_eq!(
        codes_found,
        [
            codes::COMMENT_ID_DUPLICATE,
            codes::COMMENT_PARENT_OTHER_POST
        ],
        "{report}"
    );
    assert!(report.issues[0].message.contains("comments[1]"));
}

#[test]
fn scheduled_posts_are_checked_only_when_now_is_given() {
    let mut site = clean_site();
    site.posts[5].published = Some(at("2001-01-01T00:00:00Z"));
    site.posts[5].modified = None;
    assert!(validate(&site, &ValidationOptions::default()).is_empty());
    let report = validate(&site, &options_at("2020-01-01T00:00:00Z"));
    assert_eq!(report.issues.len(), 1);
    assert_eq!(report.issues[0].code, codes::POST_SCHEDULED_NOT_FUTURE);
    // Strictly after: equal to now is not in the future.
    site.posts[5].published = Some(at("2020-01-01T06:00:00+06:00"));
    let report = validate(&site, &options_at("2020-01-01T00:00:00Z"));
    assert_eq!(report.issues.len(), 1);
    let report = validate(&site, &options_at("2019-12-31T23:59:59Z"));
    assert!(report.is_empty(), "{report}");
}

#[test]
fn slugs_may_repeat_where_they_are_not_addresses() {
    let mut site = clean_site();
    // Drafts do not have their addresses yet.
    site.posts.push(draft(7, "untitled"));
    // A page of the same slug under another parent, and a page sharing a post's slug.
    let mut other_team = Post::new(PostId(8), "Team", slug("team"));
    other_team.kind = PostKind::Page;
    other_team.authors.push(AuthorId(1));
    other_team.published = Some(at("2012-01-03T00:00:00Z"));
    let mut page = other_team.clone();
    page.id = PostId(9);
    page.slug = Some(slug("day-of-action"));
    site.posts.extend([other_team, page]);
    // A category with a tag's slug.
    site.terms.push(Term::new(
        TermId(5),
        Taxonomy::Category,
        "Kyrgyzstan",
        slug("kyrgyzstan"),
    ));
    let report = validate(&site, &ValidationOptions::default());
    assert!(report.is_empty(), "{report}");
    // The same page slug under the same parent is a duplicate.
    site.posts[7].parent = Some(PostId(3));
    let report = validate(&site, &ValidationOptions::default());
    assert_eq!(report.issues.len(), 1, "{report}");
    assert_eq!(report.issues[0].path, "posts[7].slug");
}

#[test]
fn kinds_without_a_public_address_may_share_slugs() {
    let mut site = clean_site();
    let base = site.posts.len();
    for (i, kind) in [
        "nav_menu_item",
        "nav_menu_item",
        "wp_global_styles",
        "wp_global_styles",
    ]
    .into_iter()
    .enumerate()
    {
        let mut item = Post::new(PostId(100 + i as u64), "", slug(&format!("{kind}-1")));
        item.kind = PostKind::Other(kind.into());
        item.authors.push(AuthorId(1));
        item.published = Some(at("2012-01-03T00:00:00Z"));
        site.posts.push(item);
    }
    let report = validate(&site, &ValidationOptions::default());
    assert!(report.is_empty(), "{report}");
    // A custom kind the site publishes is still checked.
    for post in &mut site.posts[base..] {
        post.kind = PostKind::Other("customcpt".into());
    }
    let report = validate(&site, &ValidationOptions::default());
    let codes: Vec<_> = report.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(
        codes,
        ["post.slug.duplicate", "post.slug.duplicate"],
        "{report}"
    );
    assert!(!PostKind::Other("revision".into()).has_public_address());
    assert!(!PostKind::Other("wp_navigation".into()).has_public_address());
    assert!(PostKind::Attachment.has_public_address());
}

#[test]
fn an_untitled_published_post_is_a_warning() {
    let mut site = clean_site();
    site.posts[0].title = "  ".into();
    let report = validate(&site, &ValidationOptions::default());
    assert!(!report.has_errors(), "{report}");
    assert_eq!(report.warnings().count(), 1, "{report}");
    assert!(build(site, BuildMode::Strict, &ValidationOptions::default()).is_ok());
}

#[test]
fn limits_follow_the_options() {
    let mut site = clean_site();
    site.posts[0].slug = Some(slug(&"a".repeat(200)));
    site.posts[0].title = "t".repeat(1_000);
    site.terms[0].name = "n".repeat(250);
    assert!(validate(&site, &ValidationOptions::default()).is_empty());
    let tight = ValidationOptions::default()
        .with_max_slug_bytes(10)
        .with_max_title_bytes(10)
        .with_max_name_bytes(10)
        .with_max_text_bytes(10)
        .with_max_url_bytes(10);
    let report = validate(&site, &tight);
    let paths: HashSet<&str> = report.issues.iter().map(|i| i.path.as_str()).collect();
    for path in [
        "posts[0].slug",
        "posts[0].title",
        "terms[0].name",
        "posts[0].content",
        "authors[1].bio",
        "media[0].url",
        "url",
    ] {
        assert!(paths.contains(path), "{path} not reported:\n{report}");
    }
}

#[test]
fn control_characters_are_reported_once_per_field_with_a_count() {
    let mut site = clean_site();
    site.posts[0].content = "a\u{1}b\u{2}c\u{7f}\n\t\r".into();
    let report = validate(&site, &ValidationOptions::default());
    let found: Vec<(&str, Severity)> = report
        .issues
        .iter()
        .map(|i| (i.code.as_str(), i.severity))
        .collect();
    assert_eq!(
        found,
        [
            (codes::TEXT_CONTROL_CHARACTER.id, Severity::Error),
            (codes::TEXT_C1_CONTROL.id, Severity::Warning)
        ]
    );
    assert!(
        report.issues[0]
            .message
            .contains("U+0001 at byte 1 (2 in all)")
    );
    assert!(report.issues[1].message.contains("U+007F"));
    // Passwords are private data and never checked.
    assert!(site.posts[1].password.as_deref().unwrap().contains('\u{1}'));
}

#[test]
fn strict_build_refuses_errors_and_lenient_keeps_the_data() {
    let options = ValidationOptions::default();
    let clean = build(clean_site(), BuildMode::Strict, &options).unwrap();
    assert!(clean.report.is_empty());
    assert_eq!(clean.site, clean_site());

    // Warnings alone pass strict building and are handed back.
    let mut warned = clean_site();
    warned.posts[0].terms.push(TermId(1));
    let built = build(warned.clone(), BuildMode::Strict, &options).unwrap();
    assert_eq!(built.report.warnings().count(), 1);
    assert_eq!(built.site, warned);

    let mut broken = clean_site();
    for term in &mut broken.terms {
        term.name.clear();
    }
    broken.posts[0].authors.clear();
    broken.posts[0].terms.push(TermId(1));
    let error = build(broken.clone(), BuildMode::Strict, &options).unwrap_err();
    assert_eq!(error.report.errors().count(), 5);
    assert_eq!(error.report.warnings().count(), 1);
    let text = error.to_string();
    assert!(
        text.starts_with("the site has 5 error(s) and 1 warning(s)"),
        "{text}"
    );
    assert!(
        text.contains("error[term.name.empty] terms[0].name"),
        "{text}"
    );
    assert!(
        text.contains("error[post.author.missing] posts[0].authors"),
        "{text}"
    );

    let lenient = build(broken.clone(), BuildMode::Lenient, &options).unwrap();
    assert_eq!(lenient.site, broken);
    assert_eq!(lenient.report, error.report);
}

#[test]
fn invalid_site_message_summarises_many_errors() {
    let mut site = clean_site();
    for i in 0..8u64 {
        site.terms.push(Term::new(
            TermId(100 + i),
            Taxonomy::Tag,
            "",
            slug(&format!("t{i}")),
        ));
    }
    let error = build(site, BuildMode::Strict, &ValidationOptions::default()).unwrap_err();
    let text = error.to_string();
    // A summary line, the first five errors, and how many more there are.
    assert_eq!(text.lines().count(), 1 + 5 + 1, "{text}");
    assert!(text.ends_with("... and 3 more error(s)"), "{text}");
}

#[test]
fn messages_escape_and_shorten_what_they_quote() {
    let mut site = clean_site();
    site.posts[0].title = format!("{}\u{0}", "x".repeat(500));
    site.posts[0].slug = Some(slug(&"s".repeat(1_000)));
    let report = validate(&site, &ValidationOptions::default());
    let found: Vec<&str> = report.issues.iter().map(|i| i.code.as_str()).collect();
    assert_eq!(found, [codes::TEXT_CONTROL_CHARACTER, codes::SLUG_TOO_LONG]);
    for issue in &report.issues {
        assert!(issue.message.len() < 400, "{}", issue.message);
        assert!(!issue.message.contains('\u{0}'));
        assert!(issue.message.contains(&"s".repeat(60)));
        assert!(!issue.message.contains(&"s".repeat(61)));
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Small id ranges so that duplicates, dangling references and cycles are common.
    fn small_site() -> impl Strategy<Value = Site> {
        let ids = 0u64..6;
        let text = prop::sample::select(vec!["", " ", "Ok", "a\u{0}b", "\u{92}", "Жумабаева"]);
        let post = (
            ids.clone(),
            text.clone(),
            prop::option::of(ids.clone()),
            prop::collection::vec(ids.clone(), 0..3),
            prop::collection::vec(ids.clone(), 0..3),
            0u8..4,
            prop::option::of(0i64..3),
        );
        let comment = (
            ids.clone(),
            ids.clone(),
            prop::option::of(ids.clone()),
            prop::option::of(0i64..3),
        );
        let term = (
            ids.clone(),
            text.clone(),
            prop::option::of(ids.clone()),
            any::<bool>(),
        );
        (
            prop::collection::vec(post, 0..8),
            prop::collection::vec(comment, 0..10),
            prop::collection::vec(term, 0..8),
            prop::collection::vec((ids.clone(), text), 0..4),
        )
            .prop_map(|(posts, comments, terms, authors)| {
                let day = |d: i64| {
                    Timestamp::parse_rfc3339(&format!("2013-05-{:02}T10:00:00Z", 10 + d)).unwrap()
                };
                let mut site = Site::new("P");
                for (id, name) in authors {
                    site.authors
                        .push(Author::new(AuthorId(id), slug(&format!("a{id}")), name));
                }
                for (id, name, parent, tag) in terms {
                    let taxonomy = if tag {
                        Taxonomy::Tag
                    } else {
                        Taxonomy::Category
                    };
                    let mut term = Term::new(TermId(id), taxonomy, name, slug(&format!("t{id}")));
                    term.parent = parent.map(TermId);
                    site.terms.push(term);
                }
                for (id, title, parent, authors, terms, status, date) in posts {
                    let mut post = Post::new(PostId(id), title, slug(&format!("p{id}")));
                    post.parent = parent.map(PostId);
                    post.authors = authors.into_iter().map(AuthorId).collect();
                    post.terms = terms.into_iter().map(TermId).collect();
                    post.status = match status {
                        0 => PostStatus::Draft,
                        1 => PostStatus::Scheduled,
                        2 => PostStatus::Published,
                        _ => PostStatus::Other("inherit".into()),
                    };
                    post.published = date.map(day);
                    site.posts.push(post);
                }
                for (id, post, parent, date) in comments {
                    let mut comment = Comment::new(CommentId(id), PostId(post), "c", "t");
                    comment.parent = parent.map(CommentId);
                    comment.date = date.map(day);
                    site.comments.push(comment);
                }
                site
            })
    }

    proptest! {
        #![proptest_config(broadsheet_core::testing::proptest_config(256))]

        #[test]
        fn validation_never_panics_is_deterministic_and_uses_known_codes(site in small_site()) {
            let options = options_at("2013-05-11T00:00:00Z");
            let report = validate(&site, &options);
            prop_assert_eq!(&report, &validate(&site, &options));
            for issue in &report.issues {
                prop_assert_eq!(codes::severity(&issue.code), Some(issue.severity));
                prop_assert!(!issue.path.is_empty());
            }
            // Strict building refuses exactly the reports with errors.
            let strict = build(site.clone(), BuildMode::Strict, &options);
            prop_assert_eq!(strict.is_err(), report.has_errors());
        }

        #[test]
        fn every_dangling_comment_parent_is_reported(site in small_site()) {
            let report = validate(&site, &ValidationOptions::default());
            let ids: HashSet<CommentId> = site.comments.iter().map(|c| c.id).collect();
            for (i, comment) in site.comments.iter().enumerate() {
                if let Some(parent) = comment.parent {
                    let path = format!("comments[{i}].parent");
                    let reported = report.issues.iter().any(|issue| {
                        issue.code == codes::COMMENT_PARENT_DANGLING && issue.path == path
                    });
                    prop_assert_eq!(reported, !ids.contains(&parent));
                }
            }
        }
    }
}

#[test]
fn messages_name_the_entity_so_a_person_can_find_it() {
    let mut site = clean_site();
    site.posts[2].title.clear();
    site.terms[2].name.clear();
    site.comments[2].post = PostId(99);
    let report = validate(&site, &ValidationOptions::default());
    let messages: Vec<&str> = report.issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{report}");
    assert!(
        messages[0].starts_with("category term#3 (news) has no name, so lists"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with("page post#3 (about) is published but has no title"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].starts_with("comment#3 by \"Bek\" on post#99: the site has no post#99"),
        "{}",
        messages[2]
    );
}
