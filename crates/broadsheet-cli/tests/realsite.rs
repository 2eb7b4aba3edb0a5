//! The command on real sites (issue 13): validate's views, convert's selection, splitting and
//! targets, redirects, and addresses given on the command line.

mod common;

use common::{broadsheet, conformance, example, json, wlp};
use serde_json::Value;
use std::path::PathBuf;

fn s(path: &std::path::Path) -> &str {
    path.to_str().unwrap()
}

#[test]
fn validate_summarises_and_filters_a_long_report() {
    let file = example("wlp-kyrgyzstan-defective.json");
    let full = broadsheet(["validate", s(&file), "--json"]);
    full.expect_code(1);
    let full = full.json();
    let errors = full["errors"].as_array().unwrap().len();
    assert!(errors > 10);

    let summary = broadsheet(["validate", s(&file), "--summary", "--json"]);
    summary.expect_code(1);
    let summary = summary.json();
    let counted: u64 = summary["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["count"].as_u64().unwrap())
        .sum();
    let warnings = full["warnings"].as_array().unwrap().len();
    assert_eq!(counted as usize, errors + warnings);
    assert_eq!(summary["errors"], errors);

    let text = broadsheet(["validate", s(&file), "--summary"]);
    text.expect_code(1);
    let first = text.stdout.lines().next().unwrap();
    let code = first.split_whitespace().last().unwrap().to_owned();
    assert!(code.contains('.'), "{first}");
    assert!(text.stdout.lines().count() < 20, "{}", text.stdout);

    // One code only: every line shown has it; the exit code still counts every error.
    let only = broadsheet(["validate", s(&file), "--code", &code]);
    only.expect_code(1);
    let shown: Vec<&str> = only
        .stdout
        .lines()
        .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
        .collect();
    assert!(!shown.is_empty());
    assert!(
        shown.iter().all(|l| l.contains(&format!("[{code}]"))),
        "{shown:?}"
    );
    only.expect_stdout_contains(" issue(s) shown");
    let family = broadsheet(["validate", s(&file), "--code", "post.*", "--json"]).json();
    for issue in family["errors"].as_array().unwrap() {
        assert!(issue["code"].as_str().unwrap().starts_with("post."));
    }
    let errors_only = broadsheet(["validate", s(&file), "--errors-only"]);
    assert!(!errors_only.stdout.contains("warning["));
}

#[test]
fn convert_selects_splits_and_reads_the_parts_back_as_one_site() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("posts.json");
    broadsheet([
        "convert",
        s(&wlp()),
        s(&out),
        "--kind",
        "post",
        "--status",
        "published",
        "--since",
        "2013-01-01",
        "--until",
        "2013-05-31",
    ])
    .expect_code(0);
    let stats = json(["stats", s(&out)]);
    let selected = stats["items"]["post"]["published"].as_u64().unwrap();
    assert!(selected > 0 && selected < 12, "{stats}");
    let all = json(["query", s(&wlp()), "--per-page", "50"]);
    let in_range = all["posts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            let date = p["published"].as_str().unwrap_or("");
            ("2013-01-01".."2013-06-01").contains(&date)
        })
        .count();
    assert_eq!(selected as usize, in_range);

    // --filter, as a query selects.
    let tagged = dir.path().join("osh.json");
    broadsheet(["convert", s(&wlp()), s(&tagged), "--filter", "tag:osh"]).expect_code(0);
    let osh = json(["query", s(&wlp()), "--tag", "osh"]);
    let stats = json(["stats", s(&tagged)]);
    assert_eq!(stats["items"]["post"]["published"], osh["total"]);

    // Split into parts of at most 20 KB, WordPress.com's way; the parts read back as one.
    let split = dir.path().join("site.xml");
    let run = broadsheet(["convert", s(&wlp()), s(&split), "--max-file-size", "20KB"]);
    run.expect_code(0);
    let mut parts: Vec<PathBuf> = (0..100)
        .map(|i| dir.path().join(format!("site.{i:03}.xml")))
        .take_while(|p| p.exists())
        .collect();
    assert!(parts.len() >= 2, "{}", run.stderr);
    for part in &parts {
        let size = std::fs::metadata(part).unwrap().len();
        let items = json(["stats", s(part)])["items"]["post"]["published"]
            .as_u64()
            .unwrap_or(0);
        assert!(
            size <= 20 * 1024 || items <= 1,
            "{}: {size} bytes",
            part.display()
        );
    }
    let joined = dir.path().join("joined.json");
    let mut args: Vec<String> = vec!["convert".into()];
    args.extend(parts.iter().map(|p| p.display().to_string()));
    args.push(joined.display().to_string());
    broadsheet(&args).expect_code(0);
    let before = json(["stats", s(&wlp())]);
    let after = json(["stats", s(&joined)]);
    assert_eq!(after["items"]["post"], before["items"]["post"]);
    assert_eq!(after["comments"], before["comments"]);
    assert_eq!(after["authors"], before["authors"]);
    // validate takes the parts too.
    parts.insert(0, "validate".into());
    broadsheet(parts.iter().map(|p| p.as_os_str())).expect_code(0);

    broadsheet([
        "convert",
        s(&wlp()),
        "-",
        "--to",
        "wxr",
        "--max-file-size",
        "1MB",
    ])
    .expect_code(2);
    broadsheet(["convert", s(&wlp()), s(&split), "--max-file-size", "lots"]).expect_code(2);
    broadsheet(["convert", s(&wlp()), s(&split), "--since", "May 2013"]).expect_code(2);
}

#[test]
#[cfg_attr(
    not(conformance_data),
    ignore = "conformance data not found: set BROADSHEET_CONFORMANCE_DATA"
)]
fn convert_to_ghost_counts_what_it_leaves_out() {
    let Some(file) = conformance("wxr/wordpress-importer/small-export.xml") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("small.ghost.json");
    let run = broadsheet(["convert", s(&file), s(&out)]);
    run.expect_code(0);
    run.expect_stderr_contains("not written to ghost");
    run.expect_stderr_contains("1 comments");
    run.expect_stderr_contains("post formats (post_format terms)");
    run.expect_stderr_contains("categories written as tags");
    let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let data = &written["db"][0]["data"];
    for post in data["posts"].as_array().unwrap() {
        assert!(post.get("broadsheet").is_none(), "{post}");
        assert!(["published", "draft", "scheduled"].contains(&post["status"].as_str().unwrap()));
    }
}

#[test]
fn redirects_map_old_addresses_to_new_ones() {
    let file = wlp();
    let csv = broadsheet([
        "redirects",
        s(&file),
        s(&file),
        "--to-site-url",
        "https://new.example.org",
        "--to-permalink-structure",
        "/%postname%/",
    ]);
    csv.expect_code(0);
    let lines: Vec<&str> = csv.stdout.lines().collect();
    assert_eq!(lines[0], "from,to,what");
    let stats = json(["stats", s(&file)]);
    let published = stats["items"]["post"]["published"].as_u64().unwrap();
    let posts = lines.iter().filter(|l| l.ends_with(",post")).count() as u64;
    assert_eq!(posts, published);
    assert!(lines.iter().any(|l| l.ends_with(",author")));
    assert!(lines.iter().any(|l| l.ends_with(",post_tag")));
    for line in &lines[1..] {
        let mut cells = line.split(',');
        let (from, to) = (cells.next().unwrap(), cells.next().unwrap());
        assert!(from.starts_with("https://blog.example.org/"), "{line}");
        assert!(to.starts_with("https://new.example.org/"), "{line}");
    }

    let nginx = broadsheet([
        "redirects",
        s(&file),
        s(&file),
        "--to-site-url",
        "https://new.example.org",
        "--format",
        "nginx",
    ]);
    nginx.expect_code(0);
    nginx.expect_stdout_contains("map $request_uri $redirect_to {");
    assert_eq!(nginx.stdout.matches(";\n").count(), lines.len() - 1);
    let apache = broadsheet([
        "redirects",
        s(&file),
        s(&file),
        "--to-permalink-structure",
        "",
        "--format",
        "apache",
    ]);
    apache.expect_code(0);
    apache.expect_stdout_contains("RedirectMatch 301 \"^/");
    apache.expect_stdout_contains("?p=");
    broadsheet(["redirects", s(&file), s(&file), "--format", "iis"]).expect_code(2);
    broadsheet(["redirects", s(&file), s(&file), "--to-site-url", "ftp://x"]).expect_code(2);
}

#[test]
fn query_prints_links_under_the_addresses_given() {
    let run = json([
        "query",
        s(&wlp()),
        "--site-url",
        "https://mirror.example.net/blog",
        "--permalink-structure",
        "/%postname%/",
    ]);
    for post in run["posts"].as_array().unwrap() {
        let link = post["permalink"].as_str().unwrap();
        let slug = post["slug"].as_str().unwrap();
        assert_eq!(link, format!("https://mirror.example.net/blog/{slug}/"));
    }
    broadsheet(["query", s(&wlp()), "--permalink-structure", "/%slug%/"]).expect_code(2);
}

/// Runs `args` with the input `files` in place of `FILE` (every other argument as given) and
/// returns the run.
fn with_input(command: &str, files: &[PathBuf], rest: &[&str]) -> common::Run {
    let mut args: Vec<String> = vec![command.into()];
    args.extend(files.iter().map(|p| p.display().to_string()));
    args.extend(rest.iter().map(|s| (*s).to_owned()));
    broadsheet(&args)
}

/// The files of a directory, relative to it, with their contents.
fn tree(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path.strip_prefix(dir).unwrap().display().to_string();
                files.insert(name, std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

#[test]
fn a_split_export_answers_every_command_as_the_whole_file_does() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole.xml");
    broadsheet(["convert", s(&wlp()), s(&whole)]).expect_code(0);
    broadsheet([
        "convert",
        s(&whole),
        s(&dir.path().join("site.xml")),
        "--max-file-size",
        "20KB",
    ])
    .expect_code(0);
    let parts: Vec<PathBuf> = (0..100)
        .map(|i| dir.path().join(format!("site.{i:03}.xml")))
        .take_while(|p| p.exists())
        .collect();
    assert!(parts.len() >= 3, "{parts:?}");
    let one = [whole.clone()];

    // The same output, on stdout, from the whole file and from its parts.
    let same = |command: &str, rest: &[&str]| {
        let a = with_input(command, &one, rest);
        let b = with_input(command, &parts, rest);
        a.expect_code(0);
        b.expect_code(0);
        assert_eq!(a.stdout, b.stdout, "{command} {rest:?}: {}", b.stderr);
        assert!(!a.stdout.trim().is_empty(), "{command} {rest:?}");
        a.stdout
    };
    same("stats", &["--json"]);
    let page = same(
        "query",
        &["--tag", "kyrgyzstan", "--per-page", "50", "--json"],
    );
    assert!(page.contains("\"total\": 12"), "{page}");
    same(
        "query",
        &[
            "--search", "violence", "--viewer", "editor", "--format", "csv",
        ],
    );
    same("dates", &["--by", "day", "--json"]);
    same("cloud", &["--number", "0", "--json"]);
    same("authors", &["--viewer", "editor", "--json"]);
    same("terms", &["--json"]);
    // Post 5's comment is in a later part than the first.
    let thread = same("thread", &["5", "--json"]);
    assert!(thread.contains("Dilnoza"), "{thread}");
    same("feed", &["--format", "atom", "--full"]);
    same("validate", &["--json"]);
    same(
        "redirects",
        &[s(&wlp()), "--to-permalink-structure", "/%postname%/"],
    );

    // Names are checked against the joined site, with the same suggestions.
    let unknown = with_input("query", &parts, &["--tag", "Kyrgyzstan"]);
    unknown.expect_code(2);
    unknown.expect_stderr_contains("did you mean \"kyrgyzstan\"");

    // render writes the same pages.
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    with_input("render", &one, &["--out", s(&a), "-q"]).expect_code(0);
    with_input("render", &parts, &["--out", s(&b), "-q"]).expect_code(0);
    let (a, b) = (tree(&a), tree(&b));
    assert!(a.len() > 20, "{} files", a.len());
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in &a {
        assert!(b[name] == *bytes, "{name} differs");
    }

    // redirects: the old site in parts, the new one too (after --to).
    let mut args: Vec<String> = vec!["redirects".into()];
    args.extend(parts.iter().map(|p| p.display().to_string()));
    args.push("--to".into());
    args.extend(parts.iter().map(|p| p.display().to_string()));
    args.extend(["--to-permalink-structure".into(), "/%postname%/".into()]);
    let split = broadsheet(&args);
    split.expect_code(0);
    let whole_map = broadsheet([
        "redirects",
        s(&whole),
        s(&whole),
        "--to-permalink-structure",
        "/%postname%/",
    ]);
    assert_eq!(split.stdout, whole_map.stdout);
    assert!(split.stdout.lines().count() > 12, "{}", split.stdout);

    // tables: the parts are one site, named after the whole.
    let dataset = dir.path().join("dataset");
    with_input("tables", &parts, &["--out", s(&dataset), "-q"]).expect_code(0);
    let sites: Vec<String> = std::fs::read_dir(dataset.join("table=posts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(sites, ["site=site"]);

    // Standard input is one whole input, never a part.
    let mixed = broadsheet(["stats", "-", s(&parts[0])]);
    mixed.expect_code(2);
    mixed.expect_stderr_contains("standard input");
    // A part that cannot be read is named, as for one file.
    let missing = dir.path().join("site.999.xml");
    let run = with_input("query", &[parts[0].clone(), missing.clone()], &[]);
    run.expect_code(3);
    run.expect_stderr_contains("site.999.xml");
}
