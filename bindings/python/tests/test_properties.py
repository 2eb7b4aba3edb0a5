"""Hypothesis properties: round trips, queries against a plain Python oracle, cursor partitions."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import broadsheet
from conftest import EXAMPLE

BASE = broadsheet.load(EXAMPLE)
TAGS = [(t.id, t.slug) for t in BASE.terms("post_tag")]
AUTHORS = [(a.id, a.slug) for a in BASE.authors()]
NEW_YORK = timezone(timedelta(hours=-5))

titles = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40
)


@st.composite
def new_posts(draw: st.DrawFn) -> list[broadsheet.Post]:
    count = draw(st.integers(min_value=0, max_value=12))
    posts = []
    for i in range(count):
        tags = draw(st.lists(st.sampled_from(TAGS), max_size=4, unique=True))
        authors = draw(st.lists(st.sampled_from(AUTHORS), min_size=1, max_size=2, unique=True))
        when = draw(
            st.one_of(
                st.none(),
                st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2025, 12, 31)).map(
                    lambda d: d.replace(microsecond=0, tzinfo=NEW_YORK)
                ),
            )
        )
        posts.append(
            broadsheet.Post(
                id=1000 + i,
                title=draw(titles),
                slug=f"generated-{i}",
                status=draw(st.sampled_from(["published", "draft", "private", "pending"])),
                sticky=draw(st.booleans()),
                authors=[a for a, _ in authors],
                terms=[t for t, _ in tags],
                published=when,
                content=draw(titles),
            )
        )
    return posts


def archive_with(posts: list[broadsheet.Post]) -> broadsheet.Archive:
    archive = broadsheet.load(EXAMPLE)
    for post in posts:
        archive.add_post(post)
    return archive


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(new_posts(), st.sampled_from(["json", "jsonl", "wxr"]))
def test_save_and_load_round_trip(posts: list[broadsheet.Post], fmt: str) -> None:
    archive = archive_with(posts)
    again = broadsheet.load(archive.to_bytes(fmt))
    if fmt == "wxr":
        # WXR adds attachment items for media; the posts of kind post come back as they were.
        before = {p.id: p for p in archive.posts() if p.kind == "post"}
        after = {p.id: p for p in again.posts() if p.kind == "post"}
        assert before.keys() == after.keys()
        for key, post in before.items():
            assert (after[key].title, after[key].status, after[key].terms) == (post.title, post.status, post.terms)
            assert after[key].published == post.published
    else:
        assert again.posts() == archive.posts()
        assert again.authors() == archive.authors()
        assert again.all_comments() == archive.all_comments()


def oracle(
    archive: broadsheet.Archive, tag: str | None, author: str | None, year: int | None
) -> list[int]:
    """The anonymous tag/author/year archive, as a plain filter and sort over the owner's posts."""
    tag_id = {slug: i for i, slug in TAGS}.get(tag) if tag else None
    author_id = {slug: i for i, slug in AUTHORS}.get(author) if author else None
    found = []
    for post in archive.posts():
        if post.kind != "post" or post.status != "published":
            continue
        if tag is not None and tag_id not in post.terms:
            continue
        if author is not None and author_id not in post.authors:
            continue
        if year is not None and (post.published is None or post.published.year != year):
            continue
        # An undated post sorts below every dated one (newest first: last).
        key = (1, post.published.timestamp()) if post.published is not None else (0, 0.0)
        found.append((key, post.id))
    found.sort(reverse=True)
    return [post_id for _, post_id in found]


@SETTINGS
@given(
    new_posts(),
    st.one_of(st.none(), st.sampled_from([slug for _, slug in TAGS])),
    st.one_of(st.none(), st.sampled_from([slug for _, slug in AUTHORS])),
    st.one_of(st.none(), st.integers(min_value=2005, max_value=2025)),
    st.booleans(),
)
def test_query_equals_a_plain_python_filter(
    posts: list[broadsheet.Post], tag: str | None, author: str | None, year: int | None, as_string: bool
) -> None:
    archive = archive_with(posts)
    expected = oracle(archive, tag, author, year)
    if as_string:
        parts = []
        if tag:
            parts.append(f"tag:{tag}")
        if author:
            parts.append(f"author:{author}")
        if year:
            parts.append(f"published_at:>='{year}-01-01'+published_at:<'{year + 1}-01-01'")
        page = archive.query("+".join(parts) or None, per_page=1000)
    else:
        page = archive.query(tag=tag, author=author, year=year, per_page=1000)
    assert [p.id for p in page] == expected
    assert page.total == len(expected)


@SETTINGS
@given(
    new_posts(),
    st.one_of(st.none(), st.sampled_from([slug for _, slug in TAGS])),
    st.integers(min_value=1, max_value=7),
    st.sampled_from(["-published", "published:asc", "title", "slug", "-comment_count"]),
    st.sampled_from(["anonymous", "editor"]),
)
def test_cursors_partition_every_result(
    posts: list[broadsheet.Post], tag: str | None, per_page: int, order: str, viewer: str
) -> None:
    archive = archive_with(posts)
    everything = [p.id for p in archive.query(tag=tag, order=order, viewer=viewer, per_page=10_000)]
    walked: list[int] = []
    cursor: str | None = None
    while True:
        page = archive.query(tag=tag, order=order, viewer=viewer, per_page=per_page, cursor=cursor)
        assert len(page) <= per_page
        walked += [p.id for p in page]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert walked == everything
    assert len(set(walked)) == len(walked)
    numbered: list[int] = []
    for number in range(1, archive.query(tag=tag, viewer=viewer, per_page=per_page).total_pages + 1):
        numbered += [p.id for p in archive.query(tag=tag, order=order, viewer=viewer, per_page=per_page, page=number)]
    assert numbered == everything
    assert archive.count(tag=tag, viewer=viewer) == len(everything)
