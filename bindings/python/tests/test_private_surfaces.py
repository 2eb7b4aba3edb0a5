"""Private data never reaches the anonymous viewer through the Python bindings.

The fixture ``tests/private/markers.json`` holds the marker ``privmark`` in every piece of private
data (hidden posts of every status, terms used only by them, a password, protected content and
its comments, pending, spam and trashed comments, e-mails; commenters' IPs are 203.0.113.x).
Every public call — queries (search, orders, statuses and kinds asked for, cursors), counts,
date archives, the tag cloud, threads, comments, adjacent and related posts, feeds and stats —
is walked value by value and must hold no marker.
"""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import broadsheet

FIXTURE = Path(__file__).resolve().parents[3] / "tests" / "private" / "markers.json"
MARKERS = ("privmark", "203.0.113.")


def texts(value: Any, depth: int = 0) -> Iterator[str]:
    """Every string a result holds: its own, its items', its public properties'."""
    if depth > 12 or value is None or isinstance(value, (bool, int, float, datetime)):
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, bytes):
        yield value.decode("utf-8", "replace")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from texts(item, depth + 1)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from texts(item, depth + 1)
    else:
        if hasattr(value, "__iter__") and not isinstance(value, type):
            for item in value:
                yield from texts(item, depth + 1)
        for name in dir(value):
            if name.startswith("_"):
                continue
            attribute = getattr(value, name)
            if callable(attribute):
                continue
            yield from texts(attribute, depth + 1)


def leaks(label: str, value: Any) -> list[str]:
    found = []
    for text in texts(value):
        lower = text.lower()
        for marker in MARKERS:
            if marker in lower:
                found.append(f"{label}: {text[:120]!r}")
    return found


def test_the_fixture_holds_markers_the_owner_sees() -> None:
    archive = broadsheet.load(FIXTURE)
    assert leaks("editor", archive.query(status="draft", viewer="editor", per_page=100))
    assert leaks("editor thread", archive.thread(1, viewer="editor"))


def test_no_public_call_returns_private_data() -> None:
    archive = broadsheet.load(FIXTURE)
    problems: list[str] = []

    def check(label: str, value: Any) -> Any:
        problems.extend(leaks(label, value))
        return value

    page = check("query", archive.query(per_page=100))
    assert [p.title for p in page] == ["Public third", "Protected post", "Public second", "Public first"]
    check("search", archive.query(search="kyrgyzstan", per_page=100))
    check("search words", archive.query(search="content words", per_page=100))
    check("title filter", archive.query("title:~'title'", per_page=100))
    for status in ["draft", "private", "scheduled", "trash", "pending", "any"]:
        try:
            check(f"status {status}", archive.query(status=status, per_page=100))
        except broadsheet.BroadsheetError as error:
            check(f"status {status} error", str(error))
    check("pages", archive.query(kind="page", per_page=100))
    check("author bob", archive.query(author="bob", per_page=100))
    check("january", archive.query(year=2013, month=1, per_page=100))
    check("2099", archive.query(year=2099, per_page=100))
    for order in ["-published", "title", "comment_count"]:
        check(f"order {order}", archive.query(order=order, per_page=100))
        cursor = None
        seen = 0
        while True:
            part = check(f"cursor page {order}", archive.query(order=order, per_page=1, cursor=cursor))
            seen += len(part)
            cursor = part.next_cursor
            if cursor is None:
                break
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            check(f"cursor {order}", raw)
            assert seen <= 4
        assert seen == 4
    for status in ["draft", "any"]:
        try:
            check(f"count {status}", str(archive.count(status=status)))
        except broadsheet.BroadsheetError as error:
            check("count error", str(error))
    assert archive.count() == 4
    for by in ("year", "month", "day"):
        dates = check(f"dates {by}", archive.dates(by))
        assert sum(d.count for d in dates) == 4
    check("cloud", archive.tag_cloud(number=0))
    check("categories", archive.tag_cloud("category", number=0))
    calls: list[tuple[str, Callable[[int], Any]]] = [
        ("thread", archive.thread),
        ("comments", archive.comments),
        ("adjacent", archive.adjacent),
        ("adjacent by tag", lambda post: archive.adjacent(post, same_term="post_tag")),
        ("related", archive.related),
    ]
    for post in range(1, 11):
        for call, function in calls:
            try:
                check(f"{call} {post}", function(post))
            except broadsheet.BroadsheetError as error:
                check(f"{call} {post} error", str(error))
    for form in ("atom", "rss", "json"):
        check(f"feed {form}", archive.feed(form, number=100, full=True))
    check("feed of drafts", archive.feed("rss", filter="status:draft", full=True))
    check("stats", archive.stats())
    thread = archive.thread(1)
    assert [node.comment.content for node in thread.nodes] == ["<p>A public comment.</p>"]
    assert problems == [], "\n".join(problems)
