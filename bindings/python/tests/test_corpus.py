"""The shared query corpus (tests/corpus/queries.json): every case gives the answer the Rust
tests expect, through the Python keywords."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

import broadsheet
from conftest import ROOT

CORPUS = ROOT / "tests" / "corpus" / "queries.json"
DOCUMENT: dict[str, Any] = json.loads(CORPUS.read_text(encoding="utf-8"))
CASES: list[dict[str, Any]] = DOCUMENT["cases"]


@cache
def dataset(name: str) -> broadsheet.Archive:
    return broadsheet.load(ROOT / DOCUMENT["datasets"][name])


def keywords(params: dict[str, Any]) -> dict[str, Any]:
    """The corpus's QueryParams as `query` keywords (empty lists and nulls are the defaults)."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if value is None or value == [] or (key == "sticky_first" and value is False):
            continue
        out[key] = value
    return out


def test_the_corpus_is_not_empty() -> None:
    kinds = {case["kind"] for case in CASES}
    assert kinds == {"query", "dates", "cloud"}
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_corpus_case(case: dict[str, Any]) -> None:
    archive = dataset(case["dataset"])
    expect = case["expect"]
    params = keywords(case["params"])
    viewer = case["viewer"]
    if case["kind"] == "query":
        filter_text = params.pop("filter", None)
        page = archive.query(filter_text, viewer=viewer, **params)
        assert [post.id for post in page] == expect["ids"]
        assert page.total == expect["total"]
        assert page.total_pages == expect["total_pages"]
        assert archive.count(
            filter_text,
            viewer=viewer,
            **{k: v for k, v in params.items() if k not in {"order", "sticky_first", "page", "per_page", "cursor"}},
        ) == expect["total"]
        if "walk" in expect:
            walk_params = {k: v for k, v in params.items() if k not in {"page", "cursor"}}
            pages: list[list[int]] = []
            cursor: str | None = None
            while True:
                step = archive.query(filter_text, viewer=viewer, cursor=cursor, **walk_params)
                if len(step):
                    pages.append([post.id for post in step])
                cursor = step.next_cursor
                if cursor is None:
                    break
            assert pages == expect["walk"]
    elif case["kind"] == "dates":
        filtering = {k: v for k, v in params.items() if k not in {"order", "sticky_first", "page", "per_page", "cursor"}}
        rows = archive.dates(by=case["by"], viewer=viewer, **filtering)
        assert [[d.year, d.month or 0, d.day or 0, d.count] for d in rows] == expect["dates"]
    else:
        entries = archive.tag_cloud(number=case["number"], order=case["order"], viewer=viewer)
        assert [[e.slug, e.count] for e in entries] == expect["cloud"]
