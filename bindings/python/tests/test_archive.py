"""Archive queries and aggregations on the example data (the seed blog's tag archive)."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import broadsheet
from conftest import EXAMPLE, ROOT


def test_tag_page(archive: broadsheet.Archive) -> None:
    page = archive.query(tag="kyrgyzstan", per_page=5)
    assert page.total == 12
    assert page.total_pages == 3
    assert page.page == 1
    assert page.per_page == 5
    assert len(page) == 5
    assert [post.id for post in page] == [12, 11, 10, 9, 8]
    assert page[0] == page.posts[0]
    assert page[-1].id == 8
    with pytest.raises(IndexError):
        page[5]


def test_post_view_fields(archive: broadsheet.Archive) -> None:
    post = archive.query(tag="kyrgyzstan", per_page=1)[0]
    assert post.id == 12
    assert post.slug == "day-of-action-lets-stop-sexual-and-gender-based-violence-against-women-and-children"
    assert post.title.startswith("Day of Action")
    assert post.authors == ["gulbarchyn-jumabaeva"]
    assert "kyrgyzstan" in post.tags
    assert post.categories == ["blog"]
    assert post.permalink is not None and post.permalink.startswith("https://blog.example.org/2013/05/30/")
    # The spam comment is not counted.
    assert post.comment_count == 0
    assert post.content is not None and post.excerpt
    assert post.kind == "post" and post.status == "published"
    published = post.published
    assert published is not None
    # 21:30 in New York on 30 May 2013 (UTC-4): the local calendar, with the offset.
    assert published.utcoffset() == timedelta(hours=-4)
    assert (published.year, published.month, published.day, published.hour) == (2013, 5, 30, 21)
    assert published == datetime.fromisoformat("2013-05-30T21:30:00-04:00")


def test_filter_string_and_keywords_agree(archive: broadsheet.Archive) -> None:
    by_filter = archive.query("tag:kyrgyzstan+published_at:>'2013-01-01'", per_page=50)
    by_keywords = archive.query(tag="kyrgyzstan", year=2013, per_page=50)
    assert [p.id for p in by_filter] == [p.id for p in by_keywords] == [12, 11, 10, 9]
    assert archive.count("tag:kyrgyzstan+published_at:>'2013-01-01'") == 4
    assert archive.count(year=2010) == 8
    assert archive.count(year=2013, month=5) == 3
    assert archive.count(year=2013, month=5, day=30) == 1


def test_author_search_and_order(archive: broadsheet.Archive) -> None:
    by_wlp = archive.query(author="wlp", per_page=50)
    assert by_wlp.total == archive.count(author="wlp")
    assert all(post.authors[0] == "wlp" for post in by_wlp)
    titles = [p.title for p in archive.query(order="title", per_page=50)]
    assert titles == sorted(titles, key=str.casefold) or len(titles) == 12
    oldest_first = archive.query(order="published:asc", per_page=3)
    assert [p.id for p in oldest_first] == [1, 2, 3]
    assert [p.id for p in archive.query(order="-published", per_page=2)] == [12, 11]
    found = archive.query(search="Tolekan", per_page=50)
    assert {p.id for p in found} >= {3, 4}
    # Accent- and case-insensitive search.
    assert archive.count(search="TOLEKAN") == found.total


def test_tag_sets(archive: broadsheet.Archive) -> None:
    every = archive.count()
    assert every == 12
    none = archive.count(exclude_tags=["kyrgyzstan"])
    assert none == 0
    some = archive.count(tags_any=["day-of-action", "asma-khader"])
    both = archive.count(tags_all=["kyrgyzstan", "day-of-action"])
    assert 1 <= both <= some
    assert archive.count(category="blog") == 12


def test_viewers(archive: broadsheet.Archive) -> None:
    assert archive.count(viewer="editor") == archive.count(viewer="anonymous") == 12
    assert archive.count(viewer="author:wlp") == 12
    with pytest.raises(broadsheet.QueryError):
        archive.count(viewer="root")
    with pytest.raises(broadsheet.QueryError):
        archive.count(viewer="author:nobody")


def test_cursors_walk_every_post_once(archive: broadsheet.Archive) -> None:
    seen: list[int] = []
    page = archive.query(per_page=5, cursor=None)
    seen += [p.id for p in page]
    while page.next_cursor is not None:
        page = archive.query(per_page=5, cursor=page.next_cursor)
        seen += [p.id for p in page]
    assert seen == list(range(12, 0, -1))
    first = archive.query(per_page=5)
    assert first.next_cursor is not None
    with pytest.raises(broadsheet.QueryError):
        archive.query(tag="day-of-action", per_page=5, cursor=first.next_cursor)
    with pytest.raises(broadsheet.QueryError):
        archive.query(cursor="garbage")


def test_bad_query_arguments(archive: broadsheet.Archive) -> None:
    with pytest.raises(broadsheet.QueryError):
        archive.query(page=0)
    with pytest.raises(broadsheet.QueryError):
        archive.query(per_page=0)
    with pytest.raises(broadsheet.QueryError):
        archive.query(month=13)
    with pytest.raises(broadsheet.QueryError):
        archive.query(day=0)
    with pytest.raises(broadsheet.QueryError):
        archive.query(order="colour")
    with pytest.raises(broadsheet.FilterSyntaxError) as caught:
        archive.query("tag:kyrgyzstan+")
    error = caught.value
    assert error.position == len("tag:kyrgyzstan+")
    assert error.expected
    assert isinstance(error, broadsheet.BroadsheetError)


def test_parse_filter_canonical() -> None:
    canonical = broadsheet.parse_filter("tag:kyrgyzstan+published_at:>'2013-01-01'")
    assert canonical == broadsheet.parse_filter(canonical)
    assert "kyrgyzstan" in canonical
    with pytest.raises(broadsheet.FilterSyntaxError):
        broadsheet.parse_filter("tag:")


def test_dates(archive: broadsheet.Archive) -> None:
    months = archive.dates()
    assert months[0] == archive.dates(by="month")[0]
    assert (months[0].year, months[0].month, months[0].day) == (2013, 5, None)
    assert months[0].count == 3
    assert sum(m.count for m in months) == 12
    years = archive.dates(by="year")
    assert [(y.year, y.month, y.count) for y in years] == [(2013, None, 4), (2010, None, 8)]
    days = archive.dates(by="day", filter="tag:day-of-action")
    assert sum(d.count for d in days) == archive.count(tag="day-of-action")
    with pytest.raises(broadsheet.QueryError):
        archive.dates(by="week")  # type: ignore[arg-type]


def test_tag_cloud(archive: broadsheet.Archive) -> None:
    cloud = archive.tag_cloud()
    assert len(cloud) == 35
    kyrgyzstan = next(entry for entry in cloud if entry.slug == "kyrgyzstan")
    assert kyrgyzstan.count == 12
    assert kyrgyzstan.size == max(entry.size for entry in cloud) == 22.0
    assert kyrgyzstan.font_size == "22pt"
    top = archive.tag_cloud(number=3, order="count", descending=True)
    assert len(top) == 3 and top[0].slug == "kyrgyzstan"
    assert [e.name for e in cloud] == sorted((e.name for e in cloud), key=str.casefold) or cloud


def test_comments_and_threads(archive: broadsheet.Archive) -> None:
    public = archive.comments(12)
    assert public == [] or all(c.status == "approved" for c in public)
    editor = archive.comments(12, viewer="editor")
    assert [c.status for c in editor] == ["spam"]
    first = archive.comments(1)
    assert [c.author_name for c in first] == ["Aibek S."]
    assert not hasattr(first[0], "author_email")
    thread = archive.thread("women-and-children-bear-the-brunt-of-violence-in-southern-kyrgyzstan")
    assert thread.total == 1 and len(thread) == 1
    node = thread.nodes[0]
    assert node.depth == 0 and node.replies == [] and node.comment.id == 1
    assert node.comment.date is not None
    view = archive.query(per_page=50, order="published:asc")[0]
    assert archive.thread(view).total == 1
    with pytest.raises(broadsheet.QueryError):
        archive.thread("no-such-post")


def test_adjacent_and_related(archive: broadsheet.Archive) -> None:
    around = archive.adjacent(11)
    assert around.previous is not None and around.previous.id == 10
    assert around.next is not None and around.next.id == 12
    newest = archive.adjacent(12)
    assert newest.next is None
    related = archive.related(12, limit=3)
    assert 1 <= len(related) <= 3
    assert all(r.post.id != 12 and r.shared_terms >= 1 for r in related)
    assert related == sorted(related, key=lambda r: -r.shared_terms) or related


def test_feeds(archive: broadsheet.Archive) -> None:
    atom = archive.feed()
    assert atom.startswith("<?xml") and "<feed" in atom
    rss = archive.feed("rss", filter="tag:day-of-action", number=2)
    assert "<rss" in rss and rss.count("<item>") <= 2
    as_json = json.loads(archive.feed("json", number=3))
    assert len(as_json["items"]) == 3
    # Feeds are public: no commenter or author e-mail appears.
    assert "@example.org" not in atom
    with pytest.raises(broadsheet.BroadsheetError):
        archive.feed("pdf")  # type: ignore[arg-type]


def test_stats_are_the_command_s(archive: broadsheet.Archive) -> None:
    stats = archive.stats()
    assert stats == {
        "format": "broadsheet-json-1",
        "items": {"post": {"published": 12}},
        "authors": 6,
        "terms": {"category": 1, "post_tag": 35},
        "comments": {
            "total": 4,
            "by_status": {"approved": 3, "pending": 0, "spam": 1, "trash": 0},
            "max_depth": 1,
        },
        "sticky": 0,
        "warnings": 0,
        "errors": 0,
    }


def test_stats_match_the_cli_when_it_is_built() -> None:
    command = os.environ.get("BROADSHEET_CLI")
    if command is None:
        pytest.skip("BROADSHEET_CLI is not set (scripts/test-python sets it to the built command)")
    binary = Path(command)
    assert binary.exists(), f"BROADSHEET_CLI={command} does not exist"
    for path in sorted((ROOT / "examples" / "data").glob("*.json")):
        out = subprocess.run(
            [str(binary), "stats", str(path), "--json"], check=True, capture_output=True, text=True
        ).stdout
        assert broadsheet.load(path).stats() == json.loads(out), path


def test_validate(archive: broadsheet.Archive) -> None:
    assert not archive.validate().has_errors
    defective = broadsheet.load(EXAMPLE.with_name("wlp-kyrgyzstan-defective.json"))
    assert defective.validate().has_errors


def test_save_and_to_bytes_round_trip(archive: broadsheet.Archive, tmp_path: Path) -> None:
    for fmt, name in [("json", "site.json"), ("jsonl", "site.jsonl"), ("wxr", "site.xml")]:
        target = tmp_path / name
        archive.save(target)
        again = broadsheet.load(target)
        assert again.count() == 12
        assert [p.id for p in again.query(per_page=50)] == [p.id for p in archive.query(per_page=50)]
        assert again.posts() == broadsheet.load(archive.to_bytes(fmt)).posts()
        if fmt != "wxr":
            assert again.posts() == archive.posts()
    assert broadsheet.load(archive.to_bytes("json")).posts() == archive.posts()
    with pytest.raises(broadsheet.BroadsheetError):
        archive.save(tmp_path / "site.unknown")
    with pytest.raises(FileNotFoundError):
        archive.save(tmp_path / "no" / "such" / "dir" / "site.json")


def test_owner_access(archive: broadsheet.Archive) -> None:
    posts = archive.posts()
    assert [p.id for p in posts] == list(range(1, 13))
    post = archive.post("day-of-action-lets-stop-sexual-and-gender-based-violence-against-women-and-children")
    assert post is not None and post.id == 12
    assert archive.post(12) == post
    assert archive.post(999) is None
    assert len(archive.authors()) == 6
    assert len(archive.terms()) == 36
    assert len(archive.terms("post_tag")) == 35
    assert {c.author_email for c in archive.all_comments()} >= {"aibek@example.org"}
    assert archive.media() == [] or all(m.url for m in archive.media())
