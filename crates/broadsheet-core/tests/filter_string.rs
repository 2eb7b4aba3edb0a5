//! Tests of filter strings through the public API: the documented examples, errors, round
//! trips and properties.

use broadsheet_core::filter_string::*;
use broadsheet_core::query::*;
use broadsheet_core::*;
use chrono::{FixedOffset, NaiveDate, NaiveTime, TimeZone};
use proptest::prelude::*;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

fn p(predicate: Predicate) -> Filter {
    Filter::Predicate(predicate)
}

fn terms(taxonomy: Taxonomy, slugs: &[&str], mode: Match, descendants: bool) -> Filter {
    p(Predicate::Terms {
        taxonomy,
        terms: slugs.iter().map(|s| TermRef::Slug((*s).into())).collect(),
        mode,
        descendants,
    })
}

fn tag(slug: &str) -> Filter {
    terms(Taxonomy::Tag, &[slug], Match::Any, true)
}

fn author(slug: &str) -> Filter {
    p(Predicate::Authors {
        authors: vec![AuthorRef::Slug(slug.into())],
    })
}

fn not(filter: Filter) -> Filter {
    Filter::Not(Box::new(filter))
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn parse(input: &str) -> Filter {
    parse_filter(input).unwrap_or_else(|e| panic!("{input:?} did not parse:\n{}", e.render(input)))
}

// ---------------------------------------------------------------------------------------------
// The examples of the issue, with the exact filters they give.

#[test]
fn issue_example_single_tag() {
    assert_eq!(parse("tag:kyrgyzstan"), tag("kyrgyzstan"));
}

#[test]
fn issue_example_tag_list_is_any() {
    assert_eq!(
        parse("tags:[a,b]"),
        terms(Taxonomy::Tag, &["a", "b"], Match::Any, true)
    );
}

#[test]
fn issue_example_plus_is_and() {
    assert_eq!(parse("tag:a+tag:b"), Filter::And(vec![tag("a"), tag("b")]));
}

#[test]
fn issue_example_negation_both_spellings() {
    assert_eq!(parse("-tag:x"), not(tag("x")));
    assert_eq!(parse("tag:-x"), not(tag("x")));
    assert_eq!(
        parse("tags:-[x,y]"),
        not(terms(Taxonomy::Tag, &["x", "y"], Match::Any, true))
    );
}

#[test]
fn issue_example_author() {
    assert_eq!(parse("author:slug"), author("slug"));
}

#[test]
fn issue_example_status() {
    assert_eq!(
        parse("status:published"),
        p(Predicate::Status {
            statuses: vec![PostStatus::Published]
        })
    );
}

#[test]
fn issue_example_published_after_date() {
    assert_eq!(
        parse("published_at:>'2013-01-01'"),
        p(Predicate::Date {
            field: DateField::Published,
            comparison: Comparison::Gt,
            value: DateValue::Date(date(2013, 1, 1)),
        })
    );
}

#[test]
fn issue_example_relative_date() {
    assert_eq!(
        parse("published_at:>=now-30d"),
        p(Predicate::Date {
            field: DateField::Published,
            comparison: Comparison::Ge,
            value: DateValue::Relative {
                amount: -30,
                unit: TimeUnit::Days
            },
        })
    );
}

#[test]
fn issue_example_title_contains() {
    assert_eq!(
        parse("title:~'women'"),
        p(Predicate::Title {
            matching: TextMatch::Contains,
            text: "women".into()
        })
    );
}

#[test]
fn issue_example_grouping() {
    assert_eq!(
        parse("(tag:a,tag:b)+author:c"),
        Filter::And(vec![Filter::Or(vec![tag("a"), tag("b")]), author("c")])
    );
}

#[test]
fn seed_blog_example() {
    assert_eq!(
        parse("tag:kyrgyzstan+published_at:>'2013-01-01'"),
        Filter::And(vec![
            tag("kyrgyzstan"),
            p(Predicate::Date {
                field: DateField::Published,
                comparison: Comparison::Gt,
                value: DateValue::Date(date(2013, 1, 1)),
            })
        ])
    );
}

// ---------------------------------------------------------------------------------------------
// Every key.

#[test]
fn every_key_parses_to_its_predicate() {
    let cases: Vec<(&str, Filter)> = vec![
        (
            "category:news",
            terms(Taxonomy::Category, &["news"], Match::Any, true),
        ),
        (
            "categories:[news,arts]",
            terms(Taxonomy::Category, &["news", "arts"], Match::Any, true),
        ),
        (
            "category.exact:news",
            terms(Taxonomy::Category, &["news"], Match::Any, false),
        ),
        (
            "tags.all:[a,b]",
            terms(Taxonomy::Tag, &["a", "b"], Match::All, true),
        ),
        (
            "categories.all.exact:[a,b]",
            terms(Taxonomy::Category, &["a", "b"], Match::All, false),
        ),
        ("tags.slug:a", tag("a")),
        (
            "taxonomy.genre:jazz",
            terms(Taxonomy::Other("genre".into()), &["jazz"], Match::Any, true),
        ),
        (
            "taxonomy.'my genre':jazz",
            terms(
                Taxonomy::Other("my genre".into()),
                &["jazz"],
                Match::Any,
                true,
            ),
        ),
        ("taxonomy.post_tag:x", tag("x")),
        (
            "tags.id:[1,2]",
            p(Predicate::Terms {
                taxonomy: Taxonomy::Tag,
                terms: vec![TermRef::Id(TermId(1)), TermRef::Id(TermId(2))],
                mode: Match::Any,
                descendants: true,
            }),
        ),
        (
            "authors:[a,b]",
            p(Predicate::Authors {
                authors: vec![AuthorRef::Slug("a".into()), AuthorRef::Slug("b".into())],
            }),
        ),
        (
            "author.id:7",
            p(Predicate::Authors {
                authors: vec![AuthorRef::Id(AuthorId(7))],
            }),
        ),
        (
            "status:[publish,future,draft,inherit]",
            p(Predicate::Status {
                statuses: vec![
                    PostStatus::Published,
                    PostStatus::Scheduled,
                    PostStatus::Draft,
                    PostStatus::Other("inherit".into()),
                ],
            }),
        ),
        (
            "type:page",
            p(Predicate::Kind {
                kinds: vec![PostKind::Page],
            }),
        ),
        (
            "kind:[post,nav_menu_item]",
            p(Predicate::Kind {
                kinds: vec![PostKind::Post, PostKind::Other("nav_menu_item".into())],
            }),
        ),
        (
            "updated_at:<='2013-05-30T10:00:00+06:00'",
            p(Predicate::Date {
                field: DateField::Modified,
                comparison: Comparison::Le,
                value: DateValue::Instant(Timestamp::new(
                    FixedOffset::east_opt(6 * 3600)
                        .unwrap()
                        .with_ymd_and_hms(2013, 5, 30, 10, 0, 0)
                        .unwrap(),
                )),
            }),
        ),
        (
            "published_at:'2013-05-30 10:15'",
            p(Predicate::Date {
                field: DateField::Published,
                comparison: Comparison::Eq,
                value: DateValue::LocalDateTime(
                    date(2013, 5, 30).and_time(NaiveTime::from_hms_opt(10, 15, 0).unwrap()),
                ),
            }),
        ),
        (
            "published_at:<now+2w",
            p(Predicate::Date {
                field: DateField::Published,
                comparison: Comparison::Lt,
                value: DateValue::Relative {
                    amount: 2,
                    unit: TimeUnit::Weeks,
                },
            }),
        ),
        (
            "published_at:<now",
            p(Predicate::Date {
                field: DateField::Published,
                comparison: Comparison::Lt,
                value: DateValue::Relative {
                    amount: 0,
                    unit: TimeUnit::Seconds,
                },
            }),
        ),
        ("year:2013", p(Predicate::Year { year: 2013 })),
        ("year:'-44'", p(Predicate::Year { year: -44 })),
        ("month:5", p(Predicate::Month { month: 5 })),
        ("day:30", p(Predicate::Day { day: 30 })),
        ("featured:true", p(Predicate::Sticky { sticky: true })),
        ("sticky:False", p(Predicate::Sticky { sticky: false })),
        (
            "comment_count:>=5",
            p(Predicate::CommentCount {
                comparison: Comparison::Ge,
                count: 5,
            }),
        ),
        (
            "comment_count:0",
            p(Predicate::CommentCount {
                comparison: Comparison::Eq,
                count: 0,
            }),
        ),
        (
            "protected:true",
            p(Predicate::PasswordProtected { protected: true }),
        ),
        (
            "password:false",
            p(Predicate::PasswordProtected { protected: false }),
        ),
        (
            "title:~^'Day'",
            p(Predicate::Title {
                matching: TextMatch::StartsWith,
                text: "Day".into(),
            }),
        ),
        (
            "title:~$'Action'",
            p(Predicate::Title {
                matching: TextMatch::EndsWith,
                text: "Action".into(),
            }),
        ),
        (
            "title:'It\\'s \\\\ here'",
            p(Predicate::Title {
                matching: TextMatch::Equals,
                text: "It's \\ here".into(),
            }),
        ),
        (
            "title:-~'draft'",
            not(p(Predicate::Title {
                matching: TextMatch::Contains,
                text: "draft".into(),
            })),
        ),
        (
            "slug:[a,'b c']",
            p(Predicate::Slug {
                slugs: vec!["a".into(), "b c".into()],
            }),
        ),
        (
            "slug:''",
            p(Predicate::Slug {
                slugs: vec![String::new()],
            }),
        ),
        ("slug:[]", p(Predicate::Slug { slugs: vec![] })),
        (
            "id:[1,2,3]",
            p(Predicate::Id {
                ids: vec![PostId(1), PostId(2), PostId(3)],
            }),
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(parse(input), expected, "{input}");
    }
}

#[test]
fn quotes_only_protect_characters() {
    assert_eq!(parse("tag:'kyrgyzstan'"), parse("tag:kyrgyzstan"));
    assert_eq!(
        parse("published_at:>2013-01-01"),
        parse("published_at:>'2013-01-01'")
    );
    assert_eq!(parse("tag:a\\+b"), tag("a+b"));
    assert_eq!(parse("tag:true"), tag("true"));
    assert_eq!(parse("tag:null"), tag("null"));
    // `now+5d` is one value only where it looks like a relative time.
    assert_eq!(
        parse("tag:now+tag:b"),
        Filter::And(vec![tag("now"), tag("b")])
    );
}

#[test]
fn whitespace_between_tokens_is_ignored() {
    assert_eq!(
        parse("  ( tag : a ,  tag:b )\t+ author: c "),
        parse("(tag:a,tag:b)+author:c")
    );
    assert_eq!(parse("tags:[ a , b ]"), parse("tags:[a,b]"));
}

#[test]
fn and_binds_tighter_than_or() {
    assert_eq!(
        parse("tag:a,tag:b+tag:c"),
        Filter::Or(vec![tag("a"), Filter::And(vec![tag("b"), tag("c")])])
    );
}

#[test]
fn groups_flatten_and_negate() {
    assert_eq!(
        parse("tag:a+(tag:b+tag:c)"),
        Filter::And(vec![tag("a"), tag("b"), tag("c")])
    );
    assert_eq!(parse("((tag:a))"), tag("a"));
    assert_eq!(
        parse("-(tag:a,tag:b)"),
        not(Filter::Or(vec![tag("a"), tag("b")]))
    );
    assert_eq!(parse("--tag:a"), not(not(tag("a"))));
    assert_eq!(parse(""), Filter::And(vec![]));
    assert_eq!(parse("   "), Filter::And(vec![]));
    assert_eq!(parse("()"), Filter::And(vec![]));
    assert_eq!(parse("-()"), not(Filter::And(vec![])));
    assert_eq!(parse("tag:a+()"), tag("a"));
}

// ---------------------------------------------------------------------------------------------
// Errors.

fn error(input: &str) -> FilterError {
    match parse_filter(input) {
        Ok(filter) => panic!("{input:?} parsed as {filter:?}"),
        Err(error) => error,
    }
}

#[test]
fn missing_value_error_matches_the_issue() {
    let e = error("published_at:");
    assert_eq!((e.position, e.column), (13, 14));
    assert_eq!(
        e.to_string(),
        "at character 14: expected a value after ':', found end of input"
    );
    let e = error("tag:kyrgyzstan+published_at:>");
    assert_eq!(e.position, 29);
    assert_eq!(e.expected, "a value after '>'");
}

#[test]
fn unclosed_quote_points_at_the_end_and_names_the_opening() {
    let e = error("tag:'kyrgyzstan");
    assert_eq!(e.position, 15);
    assert_eq!(e.found, "end of input");
    assert_eq!(
        e.expected,
        "a closing ' for the text that starts at character 5"
    );
    let e = error("title:~'ends with a backslash\\");
    assert_eq!(e.position, 30);
}

#[test]
fn unknown_key_points_at_the_key() {
    let e = error("tag:a+tga:news");
    assert_eq!(e.position, 6);
    assert_eq!(e.found, "unknown key 'tga'");
    assert!(
        e.expected.starts_with("a key (tag, tags,"),
        "{}",
        e.expected
    );
    let e = error("kyrgyzstan");
    assert_eq!(e.position, 0);
}

#[test]
fn unbalanced_parentheses() {
    let e = error("(tag:a,tag:b");
    assert_eq!(e.position, 12);
    assert_eq!(e.expected, "')' to close the '(' at character 1");
    assert_eq!(e.found, "end of input");

    let e = error("tag:a)");
    assert_eq!(e.position, 5);
    assert_eq!(e.found, "')' with no matching '('");

    let e = error("(tag:a tag:b)");
    assert_eq!(e.position, 7);
    assert_eq!(
        e.expected,
        "'+', ',' or ')' to close the '(' at character 1"
    );
    assert_eq!(e.found, "'t'");
}

#[test]
fn bad_dates_point_at_the_value() {
    let e = error("published_at:>'2013-13-01'");
    assert_eq!(e.position, 14);
    assert_eq!(e.found, "'2013-13-01'");
    assert!(
        e.expected.starts_with("a date (2013-01-01)"),
        "{}",
        e.expected
    );
    assert_eq!(error("published_at:>now-30x").position, 14);
    assert_eq!(
        error("published_at:>now-99999999999999999999d").position,
        14
    );
    assert_eq!(error("updated_at:yesterday").position, 11);
}

#[test]
fn other_errors_say_where_and_what() {
    let e = error("tag:>a");
    assert_eq!(e.position, 4);
    assert_eq!(e.expected, "a value or a list like [a,b] after 'tag:'");
    assert_eq!(e.found, "'>', which 'tag' does not support");

    let e = error("tag:a+");
    assert_eq!((e.position, e.found.as_str()), (6, "end of input"));
    assert_eq!(e.expected, "a condition (like tag:news), '(' or '-'");

    let e = error("tags:[a,b");
    assert_eq!(
        (e.position, e.expected.as_str()),
        (9, "',' or ']' to close the '[' at character 6")
    );

    assert_eq!(error("tag:\"a\"").position, 4);
    assert_eq!(error("tag:--a").position, 5);
    assert_eq!(error("tag.foo:a").position, 4);
    assert_eq!(error("tag.id.slug:a").position, 7);
    assert_eq!(error("status.x:draft").position, 6);
    let e = error("taxonomy:x");
    assert_eq!(
        (e.position, e.found.as_str()),
        (8, "'taxonomy' without a name")
    );
    assert_eq!(error("tag.:x").position, 4);
    assert_eq!(error("tag").expected, "':' after the key 'tag'");
    assert_eq!(error("month:13").position, 6);
    assert_eq!(error("day:0").position, 4);
    assert_eq!(error("year:twenty").position, 5);
    assert_eq!(error("featured:yes").position, 9);
    assert_eq!(error("id:[1,x]").position, 6);
    assert_eq!(error("tag.id:x").position, 7);
    assert_eq!(error("comment_count:~5").position, 14);
    assert_eq!(error("title:[a]").position, 6);
    assert_eq!(error("tag:a\\").position, 6);
    assert_eq!(error("+tag:a").position, 0);
}

#[test]
fn positions_count_characters_not_bytes() {
    let e = error("title:'женщины'+tga:x");
    assert_eq!(e.position, 16);
    assert_eq!(
        e.render("title:'женщины'+tga:x").lines().nth(1),
        Some("                ^")
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let input = "(".repeat(10_000);
    let e = error(&input);
    assert_eq!(e.position, MAX_NESTING);
    let input = format!("{}tag:a", "-".repeat(10_000));
    assert_eq!(error(&input).position, MAX_NESTING);
    // Just within the limit is fine.
    let input = format!(
        "{}tag:a{}",
        "(".repeat(MAX_NESTING),
        ")".repeat(MAX_NESTING)
    );
    assert_eq!(parse(&input), tag("a"));
}

#[test]
fn render_puts_a_caret_under_the_offending_character() {
    let input = "tag:a+\tpublished_at:>'2013-13-01'";
    let e = error(input);
    assert_eq!(
        e.render(input),
        "tag:a+ published_at:>'2013-13-01'\n                     ^\n".to_owned() + &e.to_string()
    );
}

// ---------------------------------------------------------------------------------------------
// Printing and round trips.

#[test]
fn canonical_strings_print_as_themselves() {
    for input in [
        "",
        "tag:kyrgyzstan",
        "tags:[a,b]",
        "tag:a+tag:b",
        "-tag:x",
        "author:slug",
        "status:published",
        "published_at:>'2013-01-01'",
        "published_at:>=now-30d",
        "published_at:<now+2w",
        "published_at:<=now",
        "title:~'women'",
        "(tag:a,tag:b)+author:c",
        "tag:kyrgyzstan+published_at:>'2013-01-01'",
        "tag:a,(tag:b+tag:c)",
        "-(tag:a,tag:b)",
        "--tag:a",
        "-()",
        "tag:a,()",
        "categories.exact.all:[a,b]",
        "taxonomy.genre:jazz",
        "taxonomy.'my genre':'rock & roll'",
        "tags.id:[1,2]",
        "author.id:7",
        "authors:[]",
        "status:[scheduled,draft]",
        "type:page",
        "updated_at:'2013-05-30T10:00:00+06:00'",
        "updated_at:'2013-05-30T10:00:00.250'",
        "year:2013+month:5+day:30",
        "year:'-44'",
        "featured:false",
        "comment_count:>5",
        "protected:true",
        "title:'It\\'s'",
        "title:~^'a'+title:~$'b'",
        "slug:[a,'b c','-x','']",
        "id:[]",
        "tag:'now+5d'",
    ] {
        assert_eq!(parse(input).to_string(), input, "{input}");
    }
}

#[test]
fn synonyms_print_canonically() {
    for (input, canonical) in [
        ("tag:-x", "-tag:x"),
        ("tags:a", "tag:a"),
        ("tag:[a]", "tag:a"),
        ("tags.slug:[a,b]", "tags:[a,b]"),
        ("status:publish", "status:published"),
        ("status:[future]", "status:scheduled"),
        ("kind:post", "type:post"),
        ("sticky:TRUE", "featured:true"),
        ("password_protected:false", "protected:false"),
        ("taxonomy.category:news", "category:news"),
        ("title:women", "title:'women'"),
        ("published_at:2013-01-01", "published_at:'2013-01-01'"),
        (
            "published_at:'2013-01-01 10:00'",
            "published_at:'2013-01-01T10:00:00'",
        ),
        (
            "published_at:'2013-01-01T10:00:00Z'",
            "published_at:'2013-01-01T10:00:00+00:00'",
        ),
        ("published_at:now-0d", "published_at:now+0d"),
        ("tag:'plain'", "tag:plain"),
        ("tag:a+(tag:b+(tag:c))", "tag:a+tag:b+tag:c"),
        ("(tag:a,tag:b),tag:c", "tag:a,tag:b,tag:c"),
        ("title:-~'x'", "-title:~'x'"),
    ] {
        assert_eq!(parse(input).to_string(), canonical, "{input}");
    }
}

#[test]
fn normalisation_of_filters_only_the_api_can_build() {
    assert_eq!(Filter::Or(vec![]).to_string(), "-()");
    assert_eq!(Filter::Or(vec![]).normalized(), not(Filter::And(vec![])));
    assert_eq!(Filter::And(vec![tag("a")]).normalized(), tag("a"));
    assert_eq!(
        Filter::And(vec![
            Filter::And(vec![]),
            Filter::Or(vec![tag("a"), Filter::Or(vec![])])
        ])
        .normalized(),
        tag("a")
    );
    let mixed = p(Predicate::Terms {
        taxonomy: Taxonomy::Other("category".into()),
        terms: vec![TermRef::Slug("news".into()), TermRef::Id(TermId(3))],
        mode: Match::All,
        descendants: false,
    });
    assert_eq!(
        mixed.to_string(),
        "category.exact.all:news+category.id.exact.all:3"
    );
    let mixed = p(Predicate::Authors {
        authors: vec![AuthorRef::Id(AuthorId(3)), AuthorRef::Slug("a".into())],
    });
    assert_eq!(mixed.to_string(), "author:a,author.id:3");
    assert_eq!(
        p(Predicate::Status {
            statuses: vec![PostStatus::Other("future".into())]
        })
        .normalized(),
        p(Predicate::Status {
            statuses: vec![PostStatus::Scheduled]
        })
    );
}

#[test]
fn queries_take_filter_strings() {
    let query = Query::new()
        .with_filter_string("tag:kyrgyzstan+published_at:>'2013-01-01'")
        .unwrap();
    let built = Query::new()
        .tag("kyrgyzstan")
        .published_after(DateValue::Date(date(2013, 1, 1)), Bound::Exclusive);
    assert_eq!(query, built);
    assert_eq!(
        query.filter_string(),
        "tag:kyrgyzstan+published_at:>'2013-01-01'"
    );
    assert_eq!(Query::new().filter_string(), "");
    let again = Query::new()
        .with_filter_string(&query.filter_string())
        .unwrap();
    assert_eq!(again, query);
    assert_eq!("tag:a".parse::<Filter>(), Ok(tag("a")));
    assert!("tag:".parse::<Filter>().is_err());
}

#[test]
fn extreme_values_round_trip() {
    for filter in [
        p(Predicate::Year { year: i32::MIN }),
        p(Predicate::Year { year: i32::MAX }),
        p(Predicate::CommentCount {
            comparison: Comparison::Lt,
            count: u64::MAX,
        }),
        p(Predicate::Id {
            ids: vec![PostId(u64::MAX)],
        }),
        p(Predicate::Date {
            field: DateField::Published,
            comparison: Comparison::Ge,
            value: DateValue::Relative {
                amount: i64::MIN,
                unit: TimeUnit::Years,
            },
        }),
        p(Predicate::Date {
            field: DateField::Published,
            comparison: Comparison::Ge,
            value: DateValue::Relative {
                amount: i64::MAX,
                unit: TimeUnit::Months,
            },
        }),
        p(Predicate::Date {
            field: DateField::Modified,
            comparison: Comparison::Eq,
            value: DateValue::Date(date(1, 1, 1)),
        }),
        p(Predicate::Title {
            matching: TextMatch::Equals,
            text: "'\\\n\t\u{0}".into(),
        }),
        terms(Taxonomy::Other(String::new()), &[""], Match::Any, true),
    ] {
        let printed = filter.to_string();
        assert_eq!(parse_filter(&printed), Ok(filter.clone()), "{printed}");
    }
}

// ---------------------------------------------------------------------------------------------
// Properties.

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9][a-z0-9-]{0,7}",
        "[-~'\"\\\\ +,()\\[\\]<>=:.a#now0-9]{0,6}",
        proptest::collection::vec(any::<char>(), 0..6).prop_map(String::from_iter),
    ]
}

fn taxonomy() -> impl Strategy<Value = Taxonomy> {
    prop_oneof![
        Just(Taxonomy::Tag),
        Just(Taxonomy::Category),
        text().prop_map(Taxonomy::Other),
    ]
}

fn status() -> impl Strategy<Value = PostStatus> {
    prop_oneof![
        Just(PostStatus::Draft),
        Just(PostStatus::Pending),
        Just(PostStatus::Private),
        Just(PostStatus::Published),
        Just(PostStatus::Scheduled),
        Just(PostStatus::Trash),
        prop_oneof![
            Just("publish".to_owned()),
            Just("future".to_owned()),
            text()
        ]
        .prop_map(PostStatus::Other),
    ]
}

fn kind() -> impl Strategy<Value = PostKind> {
    prop_oneof![
        Just(PostKind::Post),
        Just(PostKind::Page),
        Just(PostKind::Attachment),
        text().prop_map(PostKind::Other),
    ]
}

fn comparison() -> impl Strategy<Value = Comparison> {
    prop_oneof![
        Just(Comparison::Eq),
        Just(Comparison::Lt),
        Just(Comparison::Le),
        Just(Comparison::Gt),
        Just(Comparison::Ge),
    ]
}

fn unit() -> impl Strategy<Value = TimeUnit> {
    prop_oneof![
        Just(TimeUnit::Seconds),
        Just(TimeUnit::Minutes),
        Just(TimeUnit::Hours),
        Just(TimeUnit::Days),
        Just(TimeUnit::Weeks),
        Just(TimeUnit::Months),
        Just(TimeUnit::Years),
    ]
}

/// Dates and times the printer writes exactly: years 1 to 9999 (chrono writes others with a
/// sign), no leap seconds, offsets in whole minutes (RFC 3339 has no offset seconds).
fn date_value() -> impl Strategy<Value = DateValue> {
    let day = (1i32..=9999, 1u32..=366)
        .prop_filter_map("valid ordinal", |(y, o)| NaiveDate::from_yo_opt(y, o));
    let time = (
        0u32..24,
        0u32..60,
        0u32..60,
        prop_oneof![Just(0u32), 0u32..1_000_000_000],
    )
        .prop_map(|(h, m, s, n)| NaiveTime::from_hms_nano_opt(h, m, s, n).unwrap());
    prop_oneof![
        day.clone().prop_map(DateValue::Date),
        (day.clone(), time.clone()).prop_map(|(d, t)| DateValue::LocalDateTime(d.and_time(t))),
        (day, time, -1439i32..=1439).prop_filter_map("representable instant", |(d, t, m)| {
            let offset = FixedOffset::east_opt(m * 60)?;
            offset
                .from_local_datetime(&d.and_time(t))
                .single()
                .map(|dt| DateValue::Instant(Timestamp::new(dt)))
        }),
        (any::<i64>(), unit()).prop_map(|(amount, unit)| DateValue::Relative { amount, unit }),
    ]
}

fn predicate() -> impl Strategy<Value = Predicate> {
    let term_ref = prop_oneof![
        text().prop_map(TermRef::Slug),
        any::<u64>().prop_map(|n| TermRef::Id(TermId(n)))
    ];
    let author_ref = prop_oneof![
        text().prop_map(AuthorRef::Slug),
        any::<u64>().prop_map(|n| AuthorRef::Id(AuthorId(n)))
    ];
    let matching = prop_oneof![
        Just(TextMatch::Contains),
        Just(TextMatch::StartsWith),
        Just(TextMatch::EndsWith),
        Just(TextMatch::Equals),
    ];
    let list = |n| 0..n;
    prop_oneof![
        (
            taxonomy(),
            proptest::collection::vec(term_ref, list(4)),
            prop_oneof![Just(Match::Any), Just(Match::All)],
            any::<bool>()
        )
            .prop_map(|(taxonomy, terms, mode, descendants)| Predicate::Terms {
                taxonomy,
                terms,
                mode,
                descendants
            }),
        proptest::collection::vec(author_ref, list(4))
            .prop_map(|authors| Predicate::Authors { authors }),
        proptest::collection::vec(status(), list(4))
            .prop_map(|statuses| Predicate::Status { statuses }),
        proptest::collection::vec(kind(), list(4)).prop_map(|kinds| Predicate::Kind { kinds }),
        any::<i32>().prop_map(|year| Predicate::Year { year }),
        (1u32..=12).prop_map(|month| Predicate::Month { month }),
        (1u32..=31).prop_map(|day| Predicate::Day { day }),
        (
            prop_oneof![Just(DateField::Published), Just(DateField::Modified)],
            comparison(),
            date_value()
        )
            .prop_map(|(field, comparison, value)| Predicate::Date {
                field,
                comparison,
                value
            }),
        any::<bool>().prop_map(|sticky| Predicate::Sticky { sticky }),
        (comparison(), any::<u64>())
            .prop_map(|(comparison, count)| Predicate::CommentCount { comparison, count }),
        any::<bool>().prop_map(|protected| Predicate::PasswordProtected { protected }),
        (matching, text()).prop_map(|(matching, text)| Predicate::Title { matching, text }),
        proptest::collection::vec(text(), list(4)).prop_map(|slugs| Predicate::Slug { slugs }),
        proptest::collection::vec(any::<u64>(), list(4)).prop_map(|ids| Predicate::Id {
            ids: ids.into_iter().map(PostId).collect()
        }),
    ]
}

/// Any filter the Rust API can build with representable values (see [`date_value`] and the
/// month and day ranges): including nested and empty `And`s and `Or`s, one-part groups,
/// mixed slug-and-id lists and synonyms, which the printer normalises.
fn filter() -> impl Strategy<Value = Filter> {
    predicate()
        .prop_map(Filter::Predicate)
        .prop_recursive(4, 40, 5, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Filter::And),
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Filter::Or),
                inner.prop_map(|f| Filter::Not(Box::new(f))),
            ]
        })
}

/// Strings made of the language's pieces (whole conditions, operators, stray characters), so
/// that many of them parse and the rest fail in many different places.
fn token_soup() -> impl Strategy<Value = String> {
    let condition = prop_oneof![
        Just("tag:a"),
        Just("tags:[a,'b c']"),
        Just("tag:-x"),
        Just("category.exact:news"),
        Just("tags.all:[a,b]"),
        Just("author.id:5"),
        Just("authors:[]"),
        Just("status:publish"),
        Just("status:[draft,future]"),
        Just("type:page"),
        Just("published_at:>'2013-01-01'"),
        Just("published_at:>=now-30d"),
        Just("updated_at:<now+1M"),
        Just("updated_at:now"),
        Just("published_at:'2013-05-30T10:00:00+06:00'"),
        Just("title:~'women'"),
        Just("title:-~^'x'"),
        Just("title:~$'\\'"),
        Just("comment_count:>=5"),
        Just("year:2013"),
        Just("month:5"),
        Just("day:30"),
        Just("featured:true"),
        Just("protected:false"),
        Just("taxonomy.'x y':z"),
        Just("slug:'-a'"),
        Just("id:[1,2]"),
        Just("tag:'q\\'t'"),
    ];
    let condition = condition.boxed();
    let piece = prop_oneof![
        6 => condition.clone(),
        3 => prop_oneof![Just("+"), Just(",")],
        2 => prop_oneof![Just("("), Just(")"), Just("-"), Just(" "), Just("()")],
        1 => prop_oneof![
            Just("tag:"), Just("title:"), Just("a"), Just("5"), Just("'"), Just("\\"),
            Just("["), Just("]"), Just(">"), Just("~"), Just("."), Just(":"), Just("now-3x"),
            Just("'2013-13-01'"), Just("tga:"), Just("\""),
        ],
    ];
    let soup = proptest::collection::vec(piece, 0..10).prop_map(|pieces| pieces.concat());
    // Mostly well-formed: conditions with optional '(' '-' before, ')' after, joined by '+' or
    // ','; parentheses are not always balanced.
    let prefix = prop_oneof![4 => Just(""), 1 => Just("("), 1 => Just("-"), 1 => Just(" -(")];
    let suffix = prop_oneof![4 => Just(""), 1 => Just(")"), 1 => Just(" ")];
    let separator = prop_oneof![Just("+"), Just(","), Just(" , "), Just("+-")];
    let structured = proptest::collection::vec((prefix, condition, suffix, separator), 1..6)
        .prop_map(|parts| {
            let mut out = String::new();
            for (i, (prefix, condition, suffix, separator)) in parts.iter().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                out.push_str(prefix);
                out.push_str(condition);
                out.push_str(suffix);
            }
            out
        });
    prop_oneof![soup, structured]
}

/// Evaluates a filter with every predicate decided by `oracle`.
fn eval(filter: &Filter, oracle: &dyn Fn(&Predicate) -> bool) -> bool {
    match filter {
        Filter::And(parts) => parts.iter().all(|p| eval(p, oracle)),
        Filter::Or(parts) => parts.iter().any(|p| eval(p, oracle)),
        Filter::Not(inner) => !eval(inner, oracle),
        Filter::Predicate(predicate) => oracle(predicate),
    }
}

proptest! {
    #![proptest_config(broadsheet_core::testing::proptest_config(512))]

    #[test]
    fn arbitrary_strings_never_panic(input in any::<String>()) {
        let _ = parse_filter(&input).map_err(|e| e.render(&input));
    }

    #[test]
    fn filter_string_to_query_to_string_to_query_is_stable(
        input in prop_oneof![token_soup(), "[-a-z:+,()\\[\\]'~^$<>=. 0-9\\\\]{0,30}"]
    ) {
        match parse_filter(&input) {
            Ok(filter) => {
                prop_assert_eq!(&filter.normalized(), &filter);
                let printed = filter.to_string();
                let again = parse_filter(&printed);
                prop_assert_eq!(again.as_ref(), Ok(&filter), "{:?} printed as {:?}", input, printed);
                prop_assert_eq!(again.map(|f| f.to_string()), Ok(printed));
            }
            Err(error) => {
                prop_assert!(error.position <= input.chars().count());
                prop_assert_eq!(error.column, error.position + 1);
                let rendered = error.render(&input);
                prop_assert_eq!(rendered.lines().count(), 3);
            }
        }
    }

    #[test]
    fn printed_filters_parse_to_their_normal_form(filter in filter()) {
        let normal = filter.normalized();
        prop_assert_eq!(&normal.normalized(), &normal, "normalisation is idempotent");
        let printed = filter.to_string();
        let parsed = parse_filter(&printed);
        prop_assert_eq!(parsed.as_ref(), Ok(&normal), "printed as {:?}", printed);
        prop_assert_eq!(normal.to_string(), printed);
    }

    #[test]
    fn normalisation_keeps_the_meaning(filter in filter(), seed in any::<u64>()) {
        // Atomic (normalised) predicates are decided by a hash; a predicate that normalises
        // into several is decided by evaluating what it normalises into.
        let atomic = move |p: &Predicate| {
            let mut hasher = DefaultHasher::new();
            seed.hash(&mut hasher);
            p.hash(&mut hasher);
            hasher.finish().is_multiple_of(2)
        };
        let original = |p: &Predicate| eval(&Filter::Predicate(p.clone()).normalized(), &atomic);
        prop_assert_eq!(eval(&filter, &original), eval(&filter.normalized(), &atomic));
    }
}

// ---------------------------------------------------------------------------------------------
// The documentation's examples and error table (docs/queries.md, "Filter strings").

fn docs() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/queries.md");
    std::fs::read_to_string(path).expect("docs/queries.md exists")
}

/// The rows of the Markdown table that follows `heading_line`, split into cells.
fn table_after(doc: &str, heading_line: &str) -> Vec<Vec<String>> {
    let start = doc.find(heading_line).expect("heading present");
    doc[start..]
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_owned())
                .collect()
        })
        .collect()
}

#[test]
fn documented_examples_parse_and_print_back() {
    let doc = docs();
    let rows = table_after(&doc, "### Examples");
    assert!(rows.len() >= 20);
    for row in rows {
        for input in row[0].split("` or `") {
            let filter = parse(input);
            assert_eq!(parse(&filter.to_string()), filter, "{input}");
        }
    }
}

#[test]
fn documented_errors_are_the_errors() {
    let doc = docs();
    let rows = table_after(&doc, "Some errors:");
    assert!(rows.len() >= 10);
    for row in rows {
        let e = error(&row[0]);
        assert_eq!(e.position.to_string(), row[1], "{}", row[0]);
        // A cell may shorten a long expectation with '…'.
        let expected = row[2]
            .split('…')
            .next()
            .unwrap_or_default()
            .trim_end_matches(", ");
        assert!(
            e.expected.starts_with(expected),
            "{}: {} vs {}",
            row[0],
            e.expected,
            row[2]
        );
        assert_eq!(e.found, row[3], "{}", row[0]);
    }
}

#[test]
fn documented_rendering_is_the_rendering() {
    let doc = docs();
    let input = "tag:kyrgyzstan+published_at:>'2013-13-01'";
    let rendered = error(input).render(input);
    assert!(doc.contains(&rendered), "docs should show:\n{rendered}");
}

#[test]
fn documented_rust_example_holds() {
    let from_string = Query::new()
        .with_filter_string("tag:kyrgyzstan+published_at:>'2013-01-01'")
        .unwrap();
    let built = Query::new()
        .tag("kyrgyzstan")
        .published_after(DateValue::Date(date(2013, 1, 1)), Bound::Exclusive);
    assert_eq!(from_string, built);
    assert_eq!(
        built.filter_string(),
        "tag:kyrgyzstan+published_at:>'2013-01-01'"
    );
}
