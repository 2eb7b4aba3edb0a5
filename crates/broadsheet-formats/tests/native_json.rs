//! Native JSON and JSON Lines: lossless round trips, located errors, atomic saves.

use broadsheet_core::{
    Author, AuthorId, Comment, CommentId, CommentKind, CommentStatus, Media, MediaId, Meta, Post,
    PostId, PostKind, PostStatus, Site, SiteTimeZone, Slug, Taxonomy, Term, TermId, Timestamp,
};
use broadsheet_formats::jsonl::{self, Entity, Reader};
use broadsheet_formats::{ImportError, JsonError, json};
use std::io::{self, Read};
use support::{slug, time, url};

mod support;

fn meta(pairs: &[(&str, &str)]) -> Meta {
    pairs.iter().copied().collect()
}

/// A site in which every optional field is set somewhere, with unusual kinds, statuses and
/// taxonomies, text in several scripts and timestamps at several offsets.
fn every_field_site() -> Site {
    let mut site = Site::new("Women’s Learning Partnership — «Блог» \"quoted\" \\ slash");
    site.settings.url = Some(url("https://example.org/blog"));
    site.settings.description = "Tagline with <b>markup</b> &amp; entities\nand a newline".into();
    site.settings.language = Some("en-US".into());
    site.settings.time_zone = SiteTimeZone::parse("Asia/Bishkek").unwrap();
    site.settings.meta = meta(&[("blogname", "WLP"), ("blogname", "repeated key"), ("", "")]);

    let mut guest = Author::new(
        AuthorId(2),
        slug("gulbarchyn-jumabaeva"),
        "Gulbarchyn Jumabaevа",
    );
    guest.source_id = Some("guest-author-17".into());
    guest.login = Some("gjumabaeva".into());
    guest.first_name = Some("Gulbarchyn".into());
    guest.last_name = Some("Jumabaevа".into());
    guest.email = Some("gulbarchyn@example.org".parse().unwrap());
    guest.url = Some(url("https://example.org/~g"));
    guest.bio = "<p>Works with WLP Kyrgyzstan.</p>".into();
    guest.avatar = Some(url("https://example.org/avatars/g.png"));
    guest.guest = true;
    guest.meta = meta(&[
        ("wp_user_level", "0"),
        ("broadsheet:invalid:email", "not@@an address"),
    ]);
    site.authors = vec![
        Author::new(AuthorId(1), slug("wlp"), "WLP"),
        guest,
        Author::new(AuthorId(3), slug("%d0%b6%d1%83"), "Жу"),
    ];

    let mut category = Term::new(TermId(10), Taxonomy::Category, "Blog", slug("blog"));
    category.source_id = Some("cat-10".into());
    category.description = "All <em>posts</em>".into();
    category.meta = meta(&[("colour", "red")]);
    let mut child = Term::new(TermId(11), Taxonomy::Category, "News", slug("news"));
    child.parent = Some(TermId(10));
    site.terms = vec![
        Term::new(TermId(1), Taxonomy::Tag, "Kyrgyzstan", slug("kyrgyzstan")),
        Term::new(TermId(2), Taxonomy::Tag, "", slug("tag-2")),
        Term::new(TermId(3), Taxonomy::Tag, "Жумабаева", slug("жумабаева")),
        category,
        child,
        Term::new(
            TermId(12),
            Taxonomy::Other("post_format".into()),
            "Gallery",
            slug("post-format-gallery"),
        ),
    ];

    let mut media = Media::new(MediaId(5), url("https://example.org/uploads/DSCF3702.jpg"));
    media.source_id = Some("77".into());
    media.title = "DSCF3702".into();
    media.alt_text = "Activists with banners".into();
    media.caption = "<i>Bishkek</i>, 30 May".into();
    media.mime_type = Some("image/jpeg".into());
    media.width = Some(4000);
    media.height = Some(u32::MAX);
    media.attached_to = Some(PostId(100));
    media.meta = meta(&[("_wp_attachment_metadata", "a:1:{s:5:\"width\";i:4000;}")]);
    site.media = vec![media, Media::new(MediaId(6), url("http://example.org"))];

    let mut full = Post::new(
        PostId(100),
        "Day of Action: Let’s stop violence! 🚫 <b>now</b>",
        slug("day-of-action"),
    );
    full.source_id = Some("wp-100".into());
    full.kind = PostKind::Other("custom_cpt".into());
    full.status = PostStatus::Other("inherit".into());
    full.content = "<p>Line one\r\nLine two\t\u{0}\u{7f} \u{200b}</p>".into();
    full.excerpt = Some(String::new());
    full.authors = vec![AuthorId(2), AuthorId(1)];
    full.terms = vec![TermId(12), TermId(1), TermId(2), TermId(10)];
    full.sticky = true;
    full.password = Some("secret".into());
    full.parent = Some(PostId(101));
    full.menu_order = -3;
    full.format = Some("gallery".into());
    full.featured_media = Some(MediaId(5));
    full.comments_open = false;
    full.pings_open = false;
    full.published = Some(time("2013-05-30T21:30:00-04:00"));
    full.modified = Some(time("2013-05-31T07:30:00.123+06:00"));
    full.guid = Some("https://example.org/?p=100".into());
    full.meta = meta(&[("_edit_lock", "1369958400:1"), ("_edit_lock", "again")]);

    let mut draft = Post::new(PostId(101), "", slug("x"));
    draft.slug = None;
    draft.kind = PostKind::Page;
    draft.status = PostStatus::Draft;
    let mut scheduled = Post::new(PostId(102), "Scheduled", slug("scheduled"));
    scheduled.status = PostStatus::Scheduled;
    scheduled.kind = PostKind::Attachment;
    scheduled.published = Some(time("2030-01-01T00:00:00Z"));
    site.posts = vec![full, draft, scheduled];

    let mut reply = Comment::new(
        CommentId(2),
        PostId(100),
        "Ainura",
        "Спасибо! <a href=\"x\">x</a>",
    );
    reply.source_id = Some("c2".into());
    reply.parent = Some(CommentId(1));
    reply.author_email = Some("ainura@example.org".parse().unwrap());
    reply.author_url = Some(url("https://example.org/ainura"));
    reply.author_ip = Some("2001:db8::1".into());
    reply.user = Some(AuthorId(2));
    reply.date = Some(time("2013-06-01T10:15:00+05:45"));
    reply.status = CommentStatus::Spam;
    reply.kind = CommentKind::Other("review".into());
    reply.meta = meta(&[("akismet_result", "true")]);
    let mut pingback = Comment::new(CommentId(1), PostId(100), "", "");
    pingback.kind = CommentKind::Pingback;
    pingback.status = CommentStatus::Pending;
    site.comments = vec![pingback, reply];
    site
}

#[test]
fn json_round_trip_is_identity() {
    let site = every_field_site();
    let text = json::to_string(&site);
    let back = json::from_str(&text).unwrap();
    assert_eq!(back, site);
    // The text is stable too: writing what was read gives the same bytes.
    assert_eq!(json::to_string(&back), text);
    assert!(text.starts_with("{\n  \"format\": \"broadsheet\",\n  \"version\": 1,\n  \"site\": {"));
    assert!(text.ends_with("}\n"));
    // The Cyrillic "а" at the end of the name survives as itself.
    assert!(text.contains("\"display_name\": \"Gulbarchyn Jumabaevа\""));
}

#[test]
fn json_reads_from_readers_and_bytes() {
    let site = every_field_site();
    let text = json::to_string(&site);
    assert_eq!(json::from_reader(text.as_bytes()).unwrap(), site);
    assert_eq!(json::from_slice(text.as_bytes()).unwrap(), site);
    let mut written = Vec::new();
    json::to_writer(&site, &mut written).unwrap();
    assert_eq!(written, text.as_bytes());
}

#[test]
fn jsonl_round_trip_is_identity() {
    let site = every_field_site();
    let text = jsonl::to_string(&site);
    let entities = site.authors.len()
        + site.terms.len()
        + site.posts.len()
        + site.comments.len()
        + site.media.len();
    assert_eq!(text.lines().count(), 1 + entities);
    assert!(
        text.lines()
            .skip(1)
            .all(|line| line.starts_with("{\"type\":\""))
    );
    let back = jsonl::read(text.as_bytes()).unwrap();
    assert_eq!(back, site);
    assert_eq!(jsonl::to_string(&back), text);
}

#[test]
fn jsonl_lines_are_the_native_json_objects() {
    let site = every_field_site();
    let document: serde_json::Value = serde_json::from_str(&json::to_string(&site)).unwrap();
    let mut lines = jsonl::to_string(&site);
    lines.pop();
    for line in lines.lines().skip(1) {
        let mut object: serde_json::Value = serde_json::from_str(line).unwrap();
        let kind = object["type"].as_str().unwrap().to_owned();
        object.as_object_mut().unwrap().remove("type");
        let list = match kind.as_str() {
            "media" => "media".to_owned(),
            other => format!("{other}s"),
        };
        let in_document = document["site"][&list].as_array().unwrap();
        assert!(in_document.contains(&object), "{line} not in site.{list}");
    }
}

#[test]
fn jsonl_reader_yields_entities_in_file_order() {
    let site = every_field_site();
    let text = jsonl::to_string(&site);
    let reader = Reader::new(text.as_bytes()).unwrap();
    assert_eq!(reader.settings().title, site.settings.title);
    assert_eq!(reader.settings().meta, site.settings.meta);
    let types: Vec<&str> = reader.map(|e| e.unwrap().type_name()).collect();
    let expected: Vec<&str> = [
        ("author", 3),
        ("term", 6),
        ("media", 2),
        ("post", 3),
        ("comment", 2),
    ]
    .iter()
    .flat_map(|&(name, count)| std::iter::repeat_n(name, count))
    .collect();
    assert_eq!(types, expected);
}

/// A reader that serves `text`, then fails: entities before the failure must come out first.
struct FailsAfter<'a> {
    text: &'a [u8],
}

impl Read for FailsAfter<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.text.is_empty() {
            return Err(io::Error::other("disk on fire"));
        }
        self.text.read(buf)
    }
}

#[test]
fn jsonl_reader_streams_and_stops_after_an_io_error() {
    let site = every_field_site();
    let text = jsonl::to_string(&site);
    let first_three: String = text.lines().take(3).map(|l| format!("{l}\n")).collect();
    let input = io::BufReader::with_capacity(
        16,
        FailsAfter {
            text: first_three.as_bytes(),
        },
    );
    let mut reader = Reader::new(input).unwrap();
    assert!(matches!(reader.next(), Some(Ok(Entity::Author(a))) if a.id == AuthorId(1)));
    assert!(matches!(reader.next(), Some(Ok(Entity::Author(a))) if a.id == AuthorId(2)));
    let error = reader.next().unwrap().unwrap_err();
    assert!(matches!(error, JsonError::Io { .. }), "{error}");
    assert!(reader.next().is_none());
}

fn line_and_column_of(text: &str, needle: &str, extra: usize) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"))
        + extra;
    let line = text[..at].matches('\n').count() as u64 + 1;
    let column = (at - text[..at].rfind('\n').map_or(0, |n| n + 1)) as u64 + 1;
    (line, column)
}

fn invalid(error: &JsonError) -> (Option<u64>, Option<u64>, Option<String>, String) {
    match error {
        JsonError::Invalid { location, message } => (
            location.line,
            location.column,
            location.json_path.clone(),
            message.clone(),
        ),
        _ => panic!("expected a syntax error, got {error}"),
    }
}

#[test]
fn bad_slug_names_line_column_and_path() {
    let text = json::to_string(&every_field_site())
        .replace("\"slug\": \"scheduled\"", "\"slug\": \"two words\"");
    let error = json::from_str(&text).unwrap_err();
    let (line, column, path, message) = invalid(&error);
    // serde_json points at the value's closing quote.
    let (bad_line, quote_column) = line_and_column_of(&text, "\"two words\"", "\"two words".len());
    assert_eq!(line, Some(bad_line));
    assert_eq!(column, Some(quote_column));
    assert_eq!(path.as_deref(), Some("site.posts[2].slug"));
    assert!(
        message.starts_with("a slug cannot contain ' '"),
        "{message}"
    );
    assert_eq!(
        error.to_string(),
        format!("line {bad_line}, column {quote_column}, at site.posts[2].slug: {message}")
    );
}

#[test]
fn bad_timestamp_names_its_path() {
    let text = json::to_string(&every_field_site())
        .replace("\"2013-05-30T21:30:00-04:00\"", "\"2013-05-30 21:30\"");
    let error = json::from_str(&text).unwrap_err();
    let (line, _, path, message) = invalid(&error);
    assert_eq!(
        line,
        Some(line_and_column_of(&text, "2013-05-30 21:30", 0).0)
    );
    assert_eq!(path.as_deref(), Some("site.posts[0].published"));
    assert!(
        message.contains("is not an RFC 3339 timestamp"),
        "{message}"
    );
}

#[test]
fn missing_field_names_the_object() {
    let mut site = every_field_site();
    site.posts.truncate(1);
    let text = json::to_string(&site).replace("\"status\": \"inherit\",\n", "");
    let error = json::from_str(&text).unwrap_err();
    let (line, _, path, message) = invalid(&error);
    assert_eq!(path.as_deref(), Some("site.posts[0]"));
    assert_eq!(message, "missing field `status`");
    // Reported where the post's object ends.
    let post_start = text.find("\"posts\": [").unwrap();
    let end = post_start + text[post_start..].find("\n      }").unwrap();
    assert_eq!(line, Some(text[..end].matches('\n').count() as u64 + 2));
}

#[test]
fn unknown_version_is_refused_even_after_the_site() {
    let text = json::to_string(&Site::new("x")).replace("\"version\": 1", "\"version\": 2");
    let error = json::from_str(&text).unwrap_err();
    let (line, _, path, message) = invalid(&error);
    assert_eq!(path.as_deref(), Some("version"));
    assert_eq!(line, Some(3));
    assert!(message.contains("unsupported version 2"), "{message}");
    assert!(message.contains("reads version 1"), "{message}");

    // A newer file might put the version last and use fields this version lacks: the version
    // is still what is reported.
    let later = r#"{"format": "broadsheet", "site": {"title": "x", "new_field": 1}, "version": 3}"#;
    let (_, _, path, message) = invalid(&json::from_str(later).unwrap_err());
    assert_eq!(path.as_deref(), Some("version"));
    assert!(message.contains("unsupported version 3"), "{message}");
}

#[test]
fn envelope_fields_are_checked() {
    let missing = r#"{"format": "broadsheet", "site": {"title": "x"}}"#;
    assert_eq!(
        invalid(&json::from_str(missing).unwrap_err()).3,
        "missing field `version`"
    );

    let extra = r#"{"format": "broadsheet", "version": 1, "site": {"title": "x"}, "extra": true}"#;
    let message = invalid(&json::from_str(extra).unwrap_err()).3;
    assert!(message.starts_with("unknown field `extra`"), "{message}");

    let other = r#"{"format": "wordpress", "version": 1, "site": {"title": "x"}}"#;
    let (_, _, path, message) = invalid(&json::from_str(other).unwrap_err());
    assert_eq!(path.as_deref(), Some("format"));
    assert!(message.contains("\"wordpress\""), "{message}");

    let bare_site = serde_json::to_string(&Site::new("x")).unwrap();
    assert!(json::from_str(&bare_site).is_err());

    let jsonl_text = jsonl::to_string(&Site::new("x"));
    let message = invalid(&json::from_str(&jsonl_text).unwrap_err()).3;
    assert!(message.contains("read it with jsonl"), "{message}");
    let json_text = json::to_string(&Site::new("x")).replace('\n', "");
    let message = invalid(&jsonl::read(json_text.as_bytes()).unwrap_err()).3;
    assert!(message.contains("read it with json"), "{message}");
}

#[test]
fn unknown_fields_inside_the_site_are_errors() {
    let text =
        json::to_string(&every_field_site()).replacen("\"excerpt\": \"\"", "\"excrept\": \"\"", 1);
    let error = json::from_str(&text).unwrap_err();
    let (line, column, path, message) = invalid(&error);
    assert_eq!(path.as_deref(), Some("site.posts[0].excrept"));
    assert_eq!(message.split(':').next(), Some("unknown field `excrept`"));
    // Reported at the field's colon.
    let expected = line_and_column_of(&text, "\"excrept\":", "\"excrept\"".len());
    assert_eq!((line, column), (Some(expected.0), Some(expected.1)));
}

#[test]
fn truncated_file_is_an_error_at_its_end() {
    let text = json::to_string(&every_field_site());
    let cut = &text[..text.len() / 2];
    let error = json::from_str(cut).unwrap_err();
    let (line, _, path, message) = invalid(&error);
    assert_eq!(line, Some(cut.matches('\n').count() as u64 + 1));
    assert!(path.is_some());
    assert!(message.contains("EOF while parsing"), "{message}");
    assert!(message.contains("truncated"), "{message}");
    assert!(json::from_str("").is_err());
}

#[test]
fn trailing_text_and_malformed_json_are_errors() {
    let text = json::to_string(&Site::new("x")) + "{}";
    let (line, column, _, message) = invalid(&json::from_str(&text).unwrap_err());
    assert!(message.starts_with("trailing characters"), "{message}");
    assert_eq!(
        (line, column),
        (Some(text.matches('\n').count() as u64 + 1), Some(1))
    );

    let (line, column, _, _) =
        invalid(&json::from_str("{\"format\": \"broadsheet\",\n  \"version\": 1,,").unwrap_err());
    // serde_json points at the offending character: the second comma.
    assert_eq!((line, column), (Some(2), Some(16)));
}

#[test]
fn errors_convert_to_import_errors() {
    let error = json::from_str(r#"{"format": "broadsheet", "version": 1, "site": {"title": 5}}"#)
        .unwrap_err()
        .with_file("site.json");
    let expected_location = error.location();
    let text = error.to_string();
    assert!(text.starts_with("site.json, line 1, column "), "{text}");
    match ImportError::from(error) {
        ImportError::Syntax { location, message } => {
            assert_eq!(location, expected_location);
            assert_eq!(location.json_path.as_deref(), Some("site.title"));
            assert!(
                message.starts_with("invalid type: integer `5`"),
                "{message}"
            );
        }
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

#[test]
fn save_then_load_leaves_only_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.json");
    let site = every_field_site();
    broadsheet_formats::save(&site, &path, broadsheet_formats::Format::Json).unwrap();
    broadsheet_formats::save(&site, &path, broadsheet_formats::Format::Json).unwrap();
    assert_eq!(json::load(&path).unwrap(), site);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        json::to_string(&site)
    );

    let lines = dir.path().join("site.jsonl");
    broadsheet_formats::save(&site, &lines, broadsheet_formats::Format::JsonLines).unwrap();
    assert_eq!(jsonl::load(&lines).unwrap(), site);

    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["site.json", "site.jsonl"]);
}

#[cfg(unix)]
#[test]
fn save_keeps_the_permissions_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("site.json");
    broadsheet_formats::save(&Site::new("new"), &path, broadsheet_formats::Format::Json).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600, "a new file is private");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    broadsheet_formats::save(&Site::new("again"), &path, broadsheet_formats::Format::Json).unwrap();
    assert_eq!(mode(&path), 0o644);
    assert_eq!(json::load(&path).unwrap().settings.title, "again");
}

#[test]
fn failed_saves_leave_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-dir").join("site.json");
    let error =
        broadsheet_formats::save(&Site::new("x"), &missing, broadsheet_formats::Format::Json)
            .unwrap_err();
    assert!(
        matches!(&error, broadsheet_formats::ExportError::Io { path, .. } if path.ends_with("site.json"))
    );
    assert!(!missing.exists());

    // The rename fails (the target is a non-empty directory) after the text was written: the
    // directory and its contents stay, and the temporary file is gone.
    let target = dir.path().join("site.json");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "kept").unwrap();
    assert!(
        broadsheet_formats::save(
            &every_field_site(),
            &target,
            broadsheet_formats::Format::Json
        )
        .is_err()
    );
    assert_eq!(
        std::fs::read_to_string(target.join("keep.txt")).unwrap(),
        "kept"
    );
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(names.len(), 1, "only the directory remains");
}

#[test]
fn load_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(
        &path,
        "{\"format\": \"broadsheet\",\n\"version\": 1, \"site\": [",
    )
    .unwrap();
    let error = json::load(&path).unwrap_err();
    assert_eq!(error.location().file, Some(path.display().to_string()));
    assert!(
        error
            .to_string()
            .starts_with(&format!("{}, line 2", path.display()))
    );
    let error = json::load(dir.path().join("absent.json")).unwrap_err();
    assert!(matches!(error, JsonError::Io { .. }));
    assert!(error.to_string().contains("absent.json"), "{error}");

    let lines = dir.path().join("broken.jsonl");
    let mut text = jsonl::to_string(&every_field_site());
    text.push_str("{\"type\": \"post\"\n");
    std::fs::write(&lines, &text).unwrap();
    let error = jsonl::load(&lines).unwrap_err();
    assert_eq!(error.location().file, Some(lines.display().to_string()));
    assert_eq!(error.location().line, Some(text.lines().count() as u64));
}

fn jsonl_with(site: &Site, lines: &[&str]) -> String {
    let mut text = jsonl::to_string(site);
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    text
}

#[test]
fn jsonl_errors_name_the_line_and_the_path_within_it() {
    let site = Site::new("x");
    let text = jsonl_with(
        &site,
        &[
            r#"{"type":"term","id":1,"taxonomy":"post_tag","name":"K","slug":"kyrgyzstan"}"#,
            "",
            r#"{"type":"post","id":1,"kind":"post","status":"published","title":"T","slug":"a b","sticky":true}"#,
            r#"{"type":"tag","id":2}"#,
            r#"{"type":"author","id":2,"slug":"b","display_name":"B","nickname":"x"}"#,
            r#"{"id":3,"slug":"c"}"#,
            r#"{"type":"term","id":4,"taxonomy":"post_tag","name":"L","slug":"l"}"#,
            r#"{"type":"comment","id":9,"post":1,"status":"approved"#,
        ],
    );
    let mut reader = Reader::new(text.as_bytes()).unwrap();
    assert!(matches!(reader.next(), Some(Ok(Entity::Term(_)))));
    assert_eq!(reader.line_number(), 2);

    // Line 3 is blank; line 4 has the bad slug.
    let (line, column, path, message) = invalid(&reader.next().unwrap().unwrap_err());
    assert_eq!(line, Some(4));
    assert_eq!(path.as_deref(), Some("slug"));
    let bad = text.lines().nth(3).unwrap();
    // serde_json places the error just after the value: at its closing quote.
    assert_eq!(column, Some(bad.find("a b\"").unwrap() as u64 + 4));
    assert!(
        message.starts_with("a slug cannot contain ' '"),
        "{message}"
    );

    let (line, _, path, message) = invalid(&reader.next().unwrap().unwrap_err());
    assert_eq!((line, path.as_deref()), (Some(5), Some("type")));
    assert!(message.starts_with("unknown variant `tag`"), "{message}");

    let (line, _, path, message) = invalid(&reader.next().unwrap().unwrap_err());
    assert_eq!((line, path.as_deref()), (Some(6), Some("nickname")));
    assert!(message.starts_with("unknown field `nickname`"), "{message}");

    let (line, _, _, message) = invalid(&reader.next().unwrap().unwrap_err());
    assert_eq!(line, Some(7));
    assert_eq!(message, "missing field `type`");

    // Reading goes on after bad lines.
    assert!(matches!(reader.next(), Some(Ok(Entity::Term(t))) if t.id == TermId(4)));

    // A truncated last line.
    let (line, _, _, message) = invalid(&reader.next().unwrap().unwrap_err());
    assert_eq!(line, Some(9));
    assert!(message.contains("truncated"), "{message}");
    assert!(reader.next().is_none());

    // Reading a whole site stops at the first error.
    assert_eq!(
        invalid(&jsonl::read(text.as_bytes()).unwrap_err()).0,
        Some(4)
    );
}

#[test]
fn jsonl_header_is_checked() {
    let error = Reader::new(&b""[..]).err().unwrap();
    assert!(invalid(&error).3.starts_with("empty input"));

    let header = r#"{"format":"broadsheet-jsonl","version":9,"site":{"title":"x"}}"#;
    let (line, _, path, message) = invalid(&Reader::new(header.as_bytes()).err().unwrap());
    assert_eq!((line, path.as_deref()), (Some(1), Some("version")));
    assert!(message.contains("unsupported version 9"), "{message}");

    let header = r#"{"format":"broadsheet-jsonl","version":1,"site":{"title":"x","posts":[]}}"#;
    let (_, _, path, message) = invalid(&Reader::new(header.as_bytes()).err().unwrap());
    assert_eq!(path.as_deref(), Some("site.posts"));
    assert!(message.starts_with("unknown field `posts`"), "{message}");

    let header =
        "\n\r\n{\"format\":\"broadsheet-jsonl\",\"version\":1,\"site\":{\"title\":\"x\"}}\r\n";
    let reader = Reader::new(header.as_bytes()).unwrap();
    assert_eq!(reader.line_number(), 3);
    assert_eq!(reader.into_site().unwrap(), Site::new("x"));
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn timestamp() -> impl Strategy<Value = Timestamp> {
        (
            0i64..4_102_444_800,
            -(14 * 60)..=(14 * 60i32),
            0u32..1_000_000_000,
        )
            .prop_map(|(seconds, offset_minutes, nanos)| {
                let offset = chrono::FixedOffset::east_opt(offset_minutes * 60).unwrap();
                let utc = chrono::DateTime::from_timestamp(seconds, nanos).unwrap();
                Timestamp::new(utc.with_timezone(&offset))
            })
    }

    fn name() -> impl Strategy<Value = String> {
        "\\PC{1,12}"
    }

    fn slug() -> impl Strategy<Value = Slug> {
        "[^\\s/?#\\p{Cc}]{1,16}".prop_map(|text| Slug::parse(&text).unwrap())
    }

    fn meta() -> impl Strategy<Value = Meta> {
        proptest::collection::vec((any::<String>(), any::<String>()), 0..3)
            .prop_map(|pairs| pairs.into_iter().collect())
    }

    prop_compose! {
        fn post()(
            id in any::<u64>(), title in any::<String>(), slug in proptest::option::of(slug()),
            content in any::<String>(), excerpt in proptest::option::of(any::<String>()),
            kind in name(), status in name(), terms in proptest::collection::vec(any::<u64>(), 0..4),
            published in proptest::option::of(timestamp()), modified in proptest::option::of(timestamp()),
            menu_order in any::<i64>(), sticky in any::<bool>(), meta in meta(),
        ) -> Post {
            let mut post = Post::new(PostId(id), title, Slug::parse("x").unwrap());
            post.slug = slug;
            post.content = content;
            post.excerpt = excerpt;
            post.kind = PostKind::from(kind);
            post.status = PostStatus::from(status);
            post.terms = terms.into_iter().map(TermId).collect();
            post.published = published;
            post.modified = modified;
            post.menu_order = menu_order;
            post.sticky = sticky;
            post.meta = meta;
            post
        }
    }

    prop_compose! {
        fn term()(id in any::<u64>(), taxonomy in name(), name in any::<String>(), slug in slug(),
                  parent in proptest::option::of(any::<u64>()), meta in meta()) -> Term {
            let mut term = Term::new(TermId(id), Taxonomy::from(taxonomy), name, slug);
            term.parent = parent.map(TermId);
            term.meta = meta;
            term
        }
    }

    prop_compose! {
        fn site()(title in any::<String>(), posts in proptest::collection::vec(post(), 0..4),
                  terms in proptest::collection::vec(term(), 0..4), meta in meta(),
                  comment_date in proptest::option::of(timestamp()), author in name()) -> Site {
            let mut site = Site::new(title);
            site.posts = posts;
            site.terms = terms;
            site.settings.meta = meta;
            site.authors.push(Author::new(AuthorId(1), Slug::parse("a").unwrap(), author.clone()));
            let mut comment = Comment::new(CommentId(1), PostId(1), author, "text");
            comment.date = comment_date;
            site.comments.push(comment);
            site
        }
    }

    proptest! {
        #![proptest_config(broadsheet_core::testing::proptest_config(64))]

        #[test]
        fn json_round_trips_any_site(site in site()) {
            prop_assert_eq!(json::from_str(&json::to_string(&site)).unwrap(), site);
        }

        #[test]
        fn jsonl_round_trips_any_site(site in site()) {
            prop_assert_eq!(jsonl::read(jsonl::to_string(&site).as_bytes()).unwrap(), site);
        }

        /// JSON can carry every character: NUL and the other control characters in any string
        /// survive both native formats unchanged (the JSON writers escape them as `\u0000`...).
        #[test]
        fn control_characters_in_any_string_survive(site in site(), seed in any::<u64>()) {
            let (site, changed) = support::with_controls(&site, seed);
            prop_assert!(changed >= 3, "only {} strings changed", changed);
            prop_assert_eq!(&json::from_str(&json::to_string(&site)).unwrap(), &site);
            let lines = jsonl::to_string(&site);
            prop_assert!(!lines.contains('\0'), "a raw NUL in JSON Lines");
            prop_assert_eq!(jsonl::read(lines.as_bytes()).unwrap(), site);
        }
    }
}

#[test]
fn every_field_site_uses_every_field() {
    // Guard against the fixture silently losing coverage: every optional field is set somewhere.
    let site = every_field_site();
    let value = serde_json::to_value(&site).unwrap();
    let keys = |list: &str| -> std::collections::BTreeSet<String> {
        value[list]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|item| item.as_object().unwrap().keys().cloned())
            .collect()
    };
    assert_eq!(keys("posts").len(), 22, "{:?}", keys("posts"));
    assert_eq!(keys("authors").len(), 13, "{:?}", keys("authors"));
    assert_eq!(keys("terms").len(), 8, "{:?}", keys("terms"));
    assert_eq!(keys("comments").len(), 14, "{:?}", keys("comments"));
    assert_eq!(keys("media").len(), 11, "{:?}", keys("media"));
    assert_eq!(value.as_object().unwrap().len(), 11);
}

#[test]
fn the_documented_example_reads() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/formats/json.md");
    let doc = std::fs::read_to_string(path).unwrap();
    let section = &doc[doc.find("\n## Example\n").unwrap()..];
    let start = section.find("```json\n").unwrap() + "```json\n".len();
    let end = start + section[start..].find("\n```").unwrap();
    let site = json::from_str(&section[start..end]).unwrap_or_else(|e| panic!("docs example: {e}"));
    let post = &site.posts[0];
    assert_eq!(
        post.published.unwrap().local_date().to_string(),
        "2013-05-30"
    );
    assert_eq!(
        post.published.unwrap().utc().date_naive().to_string(),
        "2013-05-31"
    );
    assert_eq!(
        site.author(post.authors[0]).unwrap().display_name,
        "Gulbarchyn Jumabaevа"
    );
}

#[test]
fn a_byte_order_mark_is_skipped_in_json_and_json_lines() {
    use broadsheet_formats::{Format, ImportOptions, load_bytes, to_bytes};
    let site = broadsheet_core::Site::new("With a BOM");
    for format in [Format::Json, Format::JsonLines] {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(to_bytes(&site, format).unwrap());
        let loaded = load_bytes(&bytes, ImportOptions::default()).unwrap();
        assert_eq!(loaded.site, site, "{format}");
        let forced =
            load_bytes(&bytes, ImportOptions::default().with_format(Some(format))).unwrap();
        assert_eq!(forced.site, site, "{format}");
    }
}
