//! Throughput of WXR import on a large generated export (about 40 MB).
//!
//! Run with `cargo bench --bench wxr_import`. The archive is generated in memory from a fixed
//! seed, shaped like a real WordPress export: authors, categories with a hierarchy, tags, posts
//! and pages with HTML content in CDATA, post meta, categories and threaded comments.

use broadsheet::formats::{ImportOptions, wxr};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::fmt::Write;
use std::hint::black_box;

/// A small deterministic generator (xorshift), so that every run imports the same bytes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "women",
    "rights",
    "learning",
    "partnership",
    "kyrgyzstan",
    "bishkek",
    "action",
    "day",
    "leadership",
    "training",
    "community",
    "report",
    "violence",
    "education",
    "policy",
    "law",
    "family",
    "network",
    "регион",
    "жумабаева",
    "équité",
    "participation",
    "campaign",
    "youth",
];

fn words(rng: &mut Rng, n: u64, out: &mut String) {
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
}

/// Generates a WXR 1.2 export of roughly `target` bytes.
pub fn generate(target: usize, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let mut xml = String::with_capacity(target + (1 << 20));
    xml.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<rss version=\"2.0\"\n",
        "\txmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\"\n",
        "\txmlns:content=\"http://purl.org/rss/1.0/modules/content/\"\n",
        "\txmlns:wfw=\"http://wellformedweb.org/CommentAPI/\"\n",
        "\txmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n",
        "\txmlns:wp=\"http://wordpress.org/export/1.2/\"\n>\n<channel>\n",
        "\t<title>Generated &amp; large</title>\n\t<link>https://example.org</link>\n",
        "\t<description>Benchmark archive</description>\n\t<language>en-US</language>\n",
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n",
        "\t<wp:base_site_url>https://example.org</wp:base_site_url>\n",
    ));
    let authors = 40;
    for a in 1..=authors {
        let _ = writeln!(
            xml,
            "\t<wp:author><wp:author_id>{a}</wp:author_id><wp:author_login><![CDATA[author{a}]]></wp:author_login><wp:author_email><![CDATA[author{a}@example.org]]></wp:author_email><wp:author_display_name><![CDATA[Author {a}]]></wp:author_display_name><wp:author_first_name><![CDATA[First{a}]]></wp:author_first_name><wp:author_last_name><![CDATA[Last{a}]]></wp:author_last_name></wp:author>"
        );
    }
    let categories = 60;
    for c in 1..=categories {
        let parent = if c > 10 {
            format!("cat-{}", 1 + (c % 10))
        } else {
            String::new()
        };
        let _ = writeln!(
            xml,
            "\t<wp:category><wp:term_id>{c}</wp:term_id><wp:category_nicename><![CDATA[cat-{c}]]></wp:category_nicename><wp:category_parent><![CDATA[{parent}]]></wp:category_parent><wp:cat_name><![CDATA[Category {c}]]></wp:cat_name></wp:category>"
        );
    }
    let tags = 400;
    for t in 1..=tags {
        let _ = writeln!(
            xml,
            "\t<wp:tag><wp:term_id>{}</wp:term_id><wp:tag_slug><![CDATA[tag-{t}]]></wp:tag_slug><wp:tag_name><![CDATA[Tag {t}]]></wp:tag_name></wp:tag>",
            1000 + t
        );
    }
    let mut post = 0u64;
    let mut comment = 0u64;
    let mut text = String::new();
    while xml.len() < target {
        post += 1;
        let kind = if post.is_multiple_of(10) {
            "page"
        } else {
            "post"
        };
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let year = 2005 + rng.below(19);
        let hour = rng.below(24);
        let date = format!("{year}-{month:02}-{day:02} {hour:02}:30:00");
        let gmt_hour = (hour + 6) % 24;
        let gmt = format!("{year}-{month:02}-{day:02} {gmt_hour:02}:30:00");
        text.clear();
        let n = 3 + rng.below(6);
        words(&mut rng, n, &mut text);
        let title = text.clone();
        let _ = write!(
            xml,
            "\t<item>\n\t\t<title>{title}</title>\n\t\t<link>https://example.org/?p={post}</link>\n\t\t<pubDate>Mon, 01 Jan 2001 00:00:00 +0000</pubDate>\n\t\t<dc:creator><![CDATA[author{}]]></dc:creator>\n\t\t<guid isPermaLink=\"false\">https://example.org/?p={post}</guid>\n\t\t<description></description>\n\t\t<content:encoded><![CDATA[",
            1 + rng.below(authors)
        );
        let paragraphs = 3 + rng.below(8);
        for _ in 0..paragraphs {
            xml.push_str("<p>");
            let n = 40 + rng.below(80);
            words(&mut rng, n, &mut xml);
            xml.push_str(" <a href=\"https://example.org/a?b=1&c=2\">link</a></p>\n\n");
        }
        let _ = write!(
            xml,
            "]]></content:encoded>\n\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n\t\t<wp:post_id>{post}</wp:post_id>\n\t\t<wp:post_date><![CDATA[{date}]]></wp:post_date>\n\t\t<wp:post_date_gmt><![CDATA[{gmt}]]></wp:post_date_gmt>\n\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n\t\t<wp:ping_status><![CDATA[open]]></wp:ping_status>\n\t\t<wp:post_name><![CDATA[post-{post}]]></wp:post_name>\n\t\t<wp:status><![CDATA[publish]]></wp:status>\n\t\t<wp:post_parent>0</wp:post_parent>\n\t\t<wp:menu_order>0</wp:menu_order>\n\t\t<wp:post_type><![CDATA[{kind}]]></wp:post_type>\n\t\t<wp:post_password><![CDATA[]]></wp:post_password>\n\t\t<wp:is_sticky>0</wp:is_sticky>\n"
        );
        let category = 1 + rng.below(categories);
        let _ = writeln!(
            xml,
            "\t\t<category domain=\"category\" nicename=\"cat-{category}\"><![CDATA[Category {category}]]></category>"
        );
        for _ in 0..rng.below(5) {
            let tag = 1 + rng.below(tags);
            let _ = writeln!(
                xml,
                "\t\t<category domain=\"post_tag\" nicename=\"tag-{tag}\"><![CDATA[Tag {tag}]]></category>"
            );
        }
        let _ = writeln!(
            xml,
            "\t\t<wp:postmeta>\n\t\t\t<wp:meta_key><![CDATA[_edit_last]]></wp:meta_key>\n\t\t\t<wp:meta_value><![CDATA[{}]]></wp:meta_value>\n\t\t</wp:postmeta>",
            1 + rng.below(authors)
        );
        let first_comment = comment + 1;
        for _ in 0..rng.below(4) {
            comment += 1;
            let parent = if comment > first_comment && rng.below(2) == 0 {
                first_comment
            } else {
                0
            };
            let _ = write!(
                xml,
                "\t\t<wp:comment>\n\t\t\t<wp:comment_id>{comment}</wp:comment_id>\n\t\t\t<wp:comment_author><![CDATA[Reader {comment}]]></wp:comment_author>\n\t\t\t<wp:comment_author_email><![CDATA[reader{comment}@example.net]]></wp:comment_author_email>\n\t\t\t<wp:comment_author_url>https://reader.example.net/</wp:comment_author_url>\n\t\t\t<wp:comment_author_IP><![CDATA[192.0.2.1]]></wp:comment_author_IP>\n\t\t\t<wp:comment_date><![CDATA[{date}]]></wp:comment_date>\n\t\t\t<wp:comment_date_gmt><![CDATA[{gmt}]]></wp:comment_date_gmt>\n\t\t\t<wp:comment_content><![CDATA["
            );
            let n = 10 + rng.below(40);
            words(&mut rng, n, &mut xml);
            let _ = write!(
                xml,
                "]]></wp:comment_content>\n\t\t\t<wp:comment_approved><![CDATA[1]]></wp:comment_approved>\n\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n\t\t</wp:comment>\n"
            );
        }
        xml.push_str("\t</item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    xml
}

fn bench(c: &mut Criterion) {
    let xml = generate(40 << 20, 0x5eed);
    let check =
        wxr::import_str(&xml, ImportOptions::default()).expect("the generated archive imports");
    assert!(check.report.is_empty(), "{}", check.report);
    // The data is the shape the benchmark names: about 40 MB of posts, pages and threaded
    // comments by 40 authors in 60 categories and 400 tags.
    assert!(
        (40 << 20..41 << 20).contains(&xml.len()),
        "{} bytes, not about 40 MB",
        xml.len()
    );
    let site = &check.site;
    assert_eq!(site.authors.len(), 40, "authors");
    let in_taxonomy =
        |t: &broadsheet::Taxonomy| site.terms.iter().filter(|x| &x.taxonomy == t).count();
    assert_eq!(
        in_taxonomy(&broadsheet::Taxonomy::Category),
        60,
        "categories"
    );
    assert_eq!(in_taxonomy(&broadsheet::Taxonomy::Tag), 400, "tags");
    assert_eq!(
        site.posts.len(),
        xml.matches("<item>").count(),
        "every item is a post"
    );
    assert!(site.posts.len() > 2_000, "{} posts", site.posts.len());
    assert_eq!(
        site.comments.len(),
        xml.matches("<wp:comment>").count(),
        "every comment"
    );
    assert!(
        site.comments.len() > site.posts.len(),
        "{} comments",
        site.comments.len()
    );
    assert!(
        site.comments.iter().any(|c| c.parent.is_some()),
        "threaded comments"
    );
    let mut group = c.benchmark_group("wxr_import");
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.sample_size(10);
    // Baseline: quick-xml alone, resolving namespaces and touching every event.
    group.bench_function("quick_xml_events_40MB", |b| {
        b.iter(|| {
            let mut reader = quick_xml::NsReader::from_str(black_box(&xml));
            let mut bytes = 0usize;
            loop {
                let at = reader.buffer_position();
                match reader.read_resolved_event() {
                    Ok((_, quick_xml::events::Event::Eof)) => break,
                    // A baseline that stopped early would make the importer look slow.
                    Err(error) => panic!("the baseline parser failed after byte {at}: {error}"),
                    Ok((_, quick_xml::events::Event::CData(c))) => bytes += c.len(),
                    Ok((_, quick_xml::events::Event::Text(t))) => bytes += t.len(),
                    Ok(_) => bytes += 1,
                }
            }
            black_box(bytes)
        });
    });
    // The site is dropped outside the timed part: freeing it is not importing.
    group.bench_function("import_str_40MB", |b| {
        b.iter_with_large_drop(|| wxr::import_str(black_box(&xml), ImportOptions::default()));
    });
    group.bench_function("import_reader_40MB", |b| {
        b.iter_with_large_drop(|| {
            wxr::import_reader(black_box(xml.as_bytes()), ImportOptions::default())
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
