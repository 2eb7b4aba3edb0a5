//! A command that guides its user (issue 14): unknown names answered with suggestions, the
//! `authors` and `terms` listings, `--format` and `--fields` on every listing, readable tables,
//! threads for moderators, `--mode`.

mod common;

use common::{array, broadsheet, int, json, native_site, wlp};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The example data plus what the example lacks: a draft by an author who has nothing else
/// (`ghost-writer`), a page, a published post whose title holds entities and markup, with a
/// pending comment by a name with an entity and an approved comment of 60 words.
fn guide_site(dir: &Path) -> PathBuf {
    let mut value: Value = serde_json::from_str(&std::fs::read_to_string(wlp()).unwrap()).unwrap();
    let site = &mut value["site"];
    site["authors"].as_array_mut().unwrap().push(json!({
        "id": 7, "slug": "ghost-writer", "display_name": "Ghost Writer", "guest": true
    }));
    let posts = site["posts"].as_array_mut().unwrap();
    posts.push(json!({
        "id": 50, "kind": "post", "status": "draft", "title": "Unfinished notes",
        "slug": "unfinished-notes", "content": "<p>Later.</p>", "authors": [7], "terms": [16]
    }));
    posts.push(json!({
        "id": 51, "kind": "page", "status": "published", "title": "About us",
        "slug": "about", "content": "<p>About.</p>", "authors": [1],
        "published": "2013-01-01T10:00:00-05:00"
    }));
    posts.push(json!({
        "id": 52, "kind": "post", "status": "published",
        "title": "Tom &amp; Jerry <em>live</em>", "slug": "tom-and-jerry",
        "content": "<p>Cartoons.</p>", "authors": [1], "terms": [1],
        "published": "2013-06-01T10:00:00-04:00"
    }));
    let long: Vec<String> = (1..=60).map(|n| format!("word{n}")).collect();
    let comments = site["comments"].as_array_mut().unwrap();
    comments.push(json!({
        "id": 200, "post": 52, "author_name": "O&#8217;Brien", "author_email": "o@example.org",
        "content": "<p>Is this <b>moderated</b>?</p>", "date": "2013-06-02T10:00:00-04:00",
        "status": "pending", "kind": "comment"
    }));
    comments.push(json!({
        "id": 201, "post": 52, "author_name": "Reader &amp; Friend", "author_email": "r@example.org",
        "content": format!("<p>{}</p>", long.join(" ")), "date": "2013-06-03T10:00:00-04:00",
        "status": "approved", "kind": "comment"
    }));
    let file = dir.join("guide.json");
    std::fs::write(&file, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    file
}

fn run(args: &[&str]) -> common::Run {
    broadsheet(args)
}

/// Exit 2, nothing on stdout, and stderr holding every piece.
fn usage_error(args: &[&str], pieces: &[&str]) {
    let out = run(args);
    out.expect_code(2);
    assert!(out.stdout.is_empty(), "{args:?} printed {}", out.stdout);
    for piece in pieces {
        assert!(
            out.stderr.contains(piece),
            "{args:?}: {piece:?} not in {}",
            out.stderr
        );
    }
}

#[test]
fn unknown_names_are_usage_errors_that_offer_the_closest_name() {
    let file = wlp();
    let f = file.to_str().unwrap();
    usage_error(
        &["query", f, "--tag", "Kyrgyzstan"],
        &[
            r#"there is no tag "Kyrgyzstan""#,
            r#"did you mean "kyrgyzstan"?"#,
        ],
    );
    usage_error(
        &["query", f, "--tag", "kyrgystan"],
        &[r#"did you mean "kyrgyzstan"?"#],
    );
    // Authors by slug or by display name.
    usage_error(
        &["query", f, "--author", "Saida Arifkhanova"],
        &[
            r#"there is no author "Saida Arifkhanova""#,
            r#""saida-arifkhanova""#,
        ],
    );
    usage_error(
        &["query", f, "--author", "saida"],
        &[r#""saida-arifkhanova""#],
    );
    usage_error(
        &["query", f, "--viewer", "author:tolekan"],
        &[r#"did you mean "tolekan-ismailova"?"#],
    );
    usage_error(
        &["query", f, "--kind", "pots"],
        &[r#"there is no kind "pots""#, r#""post""#],
    );
    usage_error(
        &["query", f, "--status", "drafts"],
        &[r#"did you mean "draft"?"#],
    );
    usage_error(
        &["query", f, "--status", "publised"],
        &[r#"did you mean "published"?"#],
    );
    // Names inside filter strings, on every command that takes one.
    usage_error(
        &["query", f, "--filter", "tag:Osh"],
        &[r#"did you mean "osh"?"#],
    );
    usage_error(
        &["dates", f, "--filter", "tag:osh,author:wlpp"],
        &[r#"did you mean "wlp"?"#],
    );
    usage_error(
        &["feed", f, "--filter", "tag:OSH"],
        &[r#"did you mean "osh"?"#],
    );
    usage_error(
        &["query", f, "--filter", "category:blogs"],
        &[r#"there is no category "blogs"; did you mean "blog"?"#],
    );
    // Taxonomies.
    usage_error(
        &["cloud", f, "--taxonomy", "post_tags"],
        &[r#"there is no taxonomy "post_tags"; did you mean "post_tag"?"#],
    );
    usage_error(
        &["terms", f, "--taxonomy", "categry"],
        &[r#"did you mean "category"?"#],
    );
    // Nothing close: no "did you mean", but what is accepted.
    let out = run(&["query", f, "--kind", "zzzzzz"]);
    out.expect_code(2);
    assert!(!out.stderr.contains("did you mean"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("expected post, page, attachment or any"),
        "{}",
        out.stderr
    );
    // Known names still work.
    run(&[
        "query",
        f,
        "--tag",
        "kyrgyzstan",
        "--author",
        "saida-arifkhanova",
    ])
    .expect_code(0);
}

#[test]
fn tag_and_category_are_aliases_of_post_tag_and_category() {
    let file = wlp();
    let f = file.to_str().unwrap();
    for (alias, name) in [
        ("tag", "post_tag"),
        ("tags", "post_tag"),
        ("category", "category"),
    ] {
        assert_eq!(
            json(["cloud", f, "--taxonomy", alias]),
            json(["cloud", f, "--taxonomy", name])
        );
        let terms = json(["terms", f, "--taxonomy", alias]);
        assert!(!array(&terms, "terms").is_empty());
        assert!(
            array(&terms, "terms").iter().all(|t| t["taxonomy"] == name),
            "{terms}"
        );
    }
}

#[test]
fn any_is_every_status_and_every_kind() {
    let dir = tempfile::tempdir().unwrap();
    let file = guide_site(dir.path());
    let f = file.to_str().unwrap();
    let ids = |args: &[&str]| -> Vec<u64> {
        let mut all = vec!["query", f, "--per-page", "100", "--json"];
        all.extend_from_slice(args);
        let page = broadsheet(&all).expect_code(0).json();
        let mut ids: Vec<u64> = array(&page["posts"], "posts")
            .iter()
            .map(|p| int(&p["id"], "id"))
            .collect();
        ids.sort_unstable();
        ids
    };
    let editor_all = ids(&["--viewer", "editor", "--kind", "any", "--status", "any"]);
    assert!(
        editor_all.contains(&50) && editor_all.contains(&51),
        "{editor_all:?}"
    );
    assert_eq!(editor_all.len(), 15);
    // The public: `any` status is still what the public may see.
    let public = ids(&["--status", "any"]);
    assert_eq!(public, ids(&[]));
    assert!(!public.contains(&50));
    let public_any_kind = ids(&["--kind", "any"]);
    assert_eq!(public_any_kind.len(), public.len() + 1, "the page is added");
    assert_eq!(
        ids(&["--filter", "kind:any+status:any", "--viewer", "editor"]),
        editor_all
    );
}

#[test]
fn drafts_for_the_public_say_why_nothing_shows() {
    let dir = tempfile::tempdir().unwrap();
    let file = guide_site(dir.path());
    let f = file.to_str().unwrap();
    let public = run(&["query", f, "--status", "draft"]);
    public.expect_code(0);
    public.expect_stdout_contains("no posts");
    public
        .expect_stderr_contains("published posts only")
        .expect_stderr_contains("editor");
    let as_json = run(&["query", f, "--status", "draft", "--json"]);
    assert_eq!(as_json.expect_code(0).json()["total"], 0);
    as_json.expect_stderr_contains("editor");
    let editor = run(&[
        "query", f, "--status", "draft", "--viewer", "editor", "--format", "ids",
    ]);
    assert_eq!(editor.expect_code(0).stdout, "50\n");
    assert!(editor.stderr.is_empty(), "{}", editor.stderr);
    // An empty result for another reason says nothing of drafts.
    let none = run(&["query", f, "--year", "1999"]);
    assert!(none.expect_code(0).stderr.is_empty(), "{}", none.stderr);
}

/// Published posts of kind post per author and per term, from the file itself.
fn public_counts(site: &Value) -> (BTreeMap<u64, u64>, BTreeMap<u64, u64>) {
    let (mut authors, mut terms) = (BTreeMap::new(), BTreeMap::new());
    for post in array(&site["posts"], "posts") {
        if post["status"] != "published" || post["kind"] != "post" {
            continue;
        }
        for author in array(&post["authors"], "authors") {
            *authors.entry(int(author, "author")).or_insert(0) += 1;
        }
        for term in post["terms"].as_array().into_iter().flatten() {
            *terms.entry(int(term, "term")).or_insert(0) += 1;
        }
    }
    (authors, terms)
}

#[test]
fn authors_lists_slugs_names_and_the_viewers_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = guide_site(dir.path());
    let f = file.to_str().unwrap();
    let site = native_site(&file);
    let (counts, _) = public_counts(&site);
    let public = json(["authors", f]);
    let rows = array(&public, "authors");
    // The public knows the authors of published posts only: not the ghost writer.
    assert_eq!(rows.len(), counts.len());
    for row in rows {
        let id = int(&row["id"], "id");
        assert_eq!(int(&row["count"], "count"), counts[&id], "{row}");
        let author = array(&site["authors"], "authors")
            .iter()
            .find(|a| a["id"] == id)
            .unwrap();
        assert_eq!(row["slug"], author["slug"]);
        assert_eq!(row["name"], author["display_name"]);
        assert!(
            row.get("email").is_none() && row.get("login").is_none(),
            "{row}"
        );
    }
    let editor = json(["authors", f, "--viewer", "editor"]);
    let ghost = array(&editor, "authors")
        .iter()
        .find(|a| a["slug"] == "ghost-writer")
        .unwrap();
    assert_eq!(
        (ghost["count"].clone(), ghost["guest"].clone()),
        (json!(1), json!(true))
    );

    let table = run(&["authors", f]);
    let lines: Vec<&str> = table.expect_code(0).stdout.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["id", "slug", "name", "count"]
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("saida-arifkhanova") && l.contains("Saida Arifkhanova"))
    );
    assert_eq!(*lines.last().unwrap(), "6 authors");
}

#[test]
fn terms_lists_every_term_with_public_counts() {
    let dir = tempfile::tempdir().unwrap();
    let file = guide_site(dir.path());
    let f = file.to_str().unwrap();
    let site = native_site(&file);
    let (_, counts) = public_counts(&site);
    let all = json(["terms", f]);
    let rows = array(&all, "terms");
    assert_eq!(rows.len(), array(&site["terms"], "terms").len());
    for row in rows {
        let id = int(&row["id"], "id");
        assert_eq!(
            int(&row["count"], "count"),
            counts.get(&id).copied().unwrap_or(0),
            "{row}"
        );
    }
    // The draft's tag (16, kyrgyzstan) counts it for an editor only.
    let count_of = |value: &Value| {
        array(value, "terms")
            .iter()
            .find(|t| t["id"] == 16)
            .map(|t| int(&t["count"], "count"))
            .unwrap()
    };
    let editor = json(["terms", f, "--viewer", "editor", "--taxonomy", "tag"]);
    assert_eq!(count_of(&editor), count_of(&all) + 1);
    let categories = run(&["terms", f, "--taxonomy", "category"]);
    let lines: Vec<&str> = categories.expect_code(0).stdout.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["id", "taxonomy", "slug", "name", "count"]
    );
    assert_eq!(
        lines[1].split_whitespace().collect::<Vec<_>>(),
        ["1", "category", "blog", "Blog", "13"]
    );
    assert_eq!(*lines.last().unwrap(), "1 term");
}

#[test]
fn every_listing_speaks_table_json_csv_ids_and_count_with_fields() {
    let file = wlp();
    let f = file.to_str().unwrap();
    for (command, extra, id_field, fields) in [
        (
            "query",
            vec!["--per-page", "5"],
            Some("id"),
            "id,title,comment_count",
        ),
        ("authors", vec![], Some("id"), "slug,count"),
        (
            "terms",
            vec!["--taxonomy", "tag"],
            Some("id"),
            "slug,name,count",
        ),
        ("dates", vec!["--by", "year"], None, "period,count"),
        (
            "cloud",
            vec!["--number", "4"],
            Some("term"),
            "slug,count,font_size",
        ),
    ] {
        let args = |more: &[&str]| -> Vec<String> {
            let mut all: Vec<String> = vec![command.into(), f.into()];
            all.extend(extra.iter().map(std::string::ToString::to_string));
            all.extend(more.iter().map(std::string::ToString::to_string));
            all
        };
        let full = broadsheet(args(&["--json"])).expect_code(0).json();
        assert_eq!(
            broadsheet(args(&["--format", "json"]))
                .expect_code(0)
                .json(),
            full,
            "{command}"
        );
        let rows: Vec<Value> = match command {
            "query" => array(&full["posts"], "posts").clone(),
            _ => array(&full, command).clone(),
        };
        let names: Vec<&str> = fields.split(',').collect();
        // JSON with --fields: those keys, in that order.
        let picked = broadsheet(args(&["--format", "json", "--fields", fields]));
        picked.expect_code(0);
        let picked_rows: Vec<Value> = match command {
            "query" => array(&picked.json()["posts"], "posts").clone(),
            _ => array(&picked.json(), command).clone(),
        };
        assert_eq!(picked_rows.len(), rows.len(), "{command}");
        let first_keys: Vec<&str> = picked
            .stdout
            .lines()
            .skip_while(|l| !l.contains(&format!("\"{}\"", names[0])))
            .take(names.len())
            .map(|l| l.trim().split('"').nth(1).unwrap())
            .collect();
        assert_eq!(first_keys, names, "{command}: {}", picked.stdout);
        // CSV: a header, then one record a row.
        let csv = broadsheet(args(&["--format", "csv", "--fields", fields]));
        csv.expect_code(0);
        let lines: Vec<&str> = csv.stdout.lines().collect();
        assert_eq!(lines[0], fields, "{command}");
        assert_eq!(lines.len(), rows.len() + 1, "{command}: {}", csv.stdout);
        // count
        let count = broadsheet(args(&["--format", "count"]));
        count.expect_code(0);
        let expected = if command == "query" {
            full["total"].as_u64().unwrap()
        } else {
            rows.len() as u64
        };
        assert_eq!(count.stdout, format!("{expected}\n"), "{command}");
        // ids
        let ids = broadsheet(args(&["--format", "ids"]));
        if let Some(field) = id_field {
            let want: Vec<String> = rows.iter().map(|r| r[field].to_string()).collect();
            assert_eq!(
                ids.expect_code(0).stdout,
                format!("{}\n", want.join(" ")),
                "{command}"
            );
        } else {
            ids.expect_code(2);
            ids.expect_stderr_contains("no ids");
        }
        // A table with the fields named as its header.
        let table = broadsheet(args(&["--fields", fields]));
        table.expect_code(0);
        assert_eq!(
            table
                .stdout
                .lines()
                .next()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>(),
            names,
            "{command}"
        );
        // Unknown fields, and --json with --format, are usage errors.
        let wrong = format!("{},nmae", names[0]);
        let bad = broadsheet(args(&["--fields", &wrong]));
        bad.expect_code(2);
        bad.expect_stderr_contains(r#"there is no field "nmae""#);
        broadsheet(args(&["--json", "--format", "csv"])).expect_code(2);
    }
}

#[test]
fn csv_quotes_what_needs_quoting() {
    let file = wlp();
    let out = run(&[
        "query",
        file.to_str().unwrap(),
        "--tag",
        "day-of-action",
        "--format",
        "csv",
        "--fields",
        "id,title,tag_names",
    ]);
    let lines: Vec<&str> = out.expect_code(0).stdout.lines().collect();
    assert_eq!(
        lines[1],
        r#"12,Day of Action: Let’s stop sexual and gender-based violence against women and children!,"children’s rights, day of action, gender-based violence, kyrgyzstan, violence against women, wlp kyrgyzstan""#
    );
}

#[test]
fn tables_have_headers_plurals_and_titles_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = guide_site(dir.path());
    let f = file.to_str().unwrap();
    let out = run(&["query", f, "--per-page", "1"]);
    let lines: Vec<&str> = out.expect_code(0).stdout.lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        ["id", "date", "title", "author_names", "comment_count"]
    );
    assert!(lines[1].contains("Tom & Jerry live"), "{}", out.stdout);
    assert!(
        !out.stdout.contains("&amp;") && !out.stdout.contains("<em>"),
        "{}",
        out.stdout
    );
    out.expect_stdout_contains("page 1 of 13, 13 posts in all");
    // JSON keeps the title as stored.
    let page = json(["query", f, "--per-page", "1"]);
    assert_eq!(page["posts"][0]["title"], "Tom &amp; Jerry <em>live</em>");
    // One post, one page: singular.
    let one = run(&["query", f, "--tag", "asma-khader"]);
    assert!(
        one.expect_code(0)
            .stdout
            .contains("page 1 of 1, 1 post in all"),
        "{}",
        one.stdout
    );
    let thread = run(&["thread", f, "5"]);
    assert!(
        thread
            .expect_code(0)
            .stdout
            .starts_with("Peace and Justice in Kyrgyzstan: A Voice from Uzbekistan (1 comment)\n"),
        "{}",
        thread.stdout
    );
    let dates = run(&["dates", f, "--by", "year", "--filter", "tag:asma-khader"]);
    assert!(
        dates
            .expect_code(0)
            .stdout
            .ends_with("\n1 post in 1 year\n"),
        "{}",
        dates.stdout
    );
}

#[test]
fn a_page_past_the_end_says_so() {
    let file = wlp();
    let f = file.to_str().unwrap();
    let table = run(&["query", f, "--page", "9"]);
    assert!(
        table
            .expect_code(0)
            .stdout
            .contains("page 9 is past the end: 12 posts in all, on 2 pages"),
        "{}",
        table.stdout
    );
    let as_json = run(&["query", f, "--page", "9", "--json"]);
    assert_eq!(as_json.expect_code(0).json()["posts"], json!([]));
    as_json.expect_stderr_contains("page 9 is past the end");
    // The last page is not past the end.
    let last = run(&["query", f, "--page", "2"]);
    assert!(!last.expect_code(0).stdout.contains("past the end"));
}

#[test]
fn thread_shows_editors_statuses_decoded_names_and_short_bodies() {
    let dir = tempfile::tempdir().unwrap();
    let file = guide_site(dir.path());
    let f = file.to_str().unwrap();
    let public = run(&["thread", f, "tom-and-jerry"]);
    public.expect_code(0);
    let text = public.stdout.clone();
    assert!(text.starts_with("Tom & Jerry live (1 comment)\n"), "{text}");
    assert!(
        text.contains("- Reader & Friend (2013-06-03): word1 word2"),
        "{text}"
    );
    assert!(
        text.contains("word40 […]") && !text.contains("word41"),
        "{text}"
    );
    assert!(
        !text.contains("approved") && !text.contains("Brien"),
        "{text}"
    );
    let editor = run(&["thread", f, "tom-and-jerry", "--viewer", "editor", "--full"]);
    editor.expect_code(0);
    let text = editor.stdout.clone();
    assert!(
        text.starts_with("Tom & Jerry live (2 comments)\n"),
        "{text}"
    );
    assert!(
        text.contains("- O’Brien (2013-06-02, pending): Is this moderated?"),
        "{text}"
    );
    assert!(
        text.contains("- Reader & Friend (2013-06-03, approved): word1"),
        "{text}"
    );
    assert!(text.contains("word60\n") && !text.contains("[…]"), "{text}");
}

#[test]
fn cloud_smallest_above_largest_is_a_usage_error() {
    let file = wlp();
    usage_error(
        &[
            "cloud",
            file.to_str().unwrap(),
            "--smallest",
            "30",
            "--largest",
            "10",
        ],
        &["--smallest"],
    );
    run(&[
        "cloud",
        file.to_str().unwrap(),
        "--smallest",
        "10",
        "--largest",
        "10",
    ])
    .expect_code(0);
}

#[cfg(unix)]
#[test]
fn mode_chooses_the_permissions_of_new_files() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let f = wlp();
    let f = f.to_str().unwrap();
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o7777;
    // By default a converted site is its owner's only: it holds e-mails and IPs.
    let private = dir.path().join("private.json");
    run(&["convert", f, private.to_str().unwrap(), "-q"]).expect_code(0);
    assert_eq!(mode(&private), 0o600);
    let shared = dir.path().join("shared.xml");
    run(&[
        "convert",
        f,
        shared.to_str().unwrap(),
        "--mode",
        "644",
        "-q",
    ])
    .expect_code(0);
    assert_eq!(mode(&shared), 0o644);
    // A replaced file takes the mode asked for too.
    run(&[
        "convert",
        f,
        shared.to_str().unwrap(),
        "--mode",
        "0640",
        "-q",
    ])
    .expect_code(0);
    assert_eq!(mode(&shared), 0o640);
    let dataset = dir.path().join("dataset");
    run(&[
        "tables",
        f,
        "--out",
        dataset.to_str().unwrap(),
        "--mode",
        "600",
        "-q",
    ])
    .expect_code(0);
    let part = dataset.join("table=posts/site=wlp-kyrgyzstan/part-0.parquet");
    assert_eq!(mode(&part), 0o600);
    let bad = dir.path().join("bad.json");
    usage_error(
        &["convert", f, bad.to_str().unwrap(), "--mode", "rw-r--r--"],
        &["octal"],
    );
    assert!(!bad.exists());
}
