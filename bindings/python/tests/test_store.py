"""The durable store (`.broadsheet`): opened by `load`, written back on every edit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import broadsheet
from conftest import EXAMPLE


def test_edits_of_an_opened_store_persist_across_reopening(tmp_path: Path) -> None:
    path = tmp_path / "site.broadsheet"
    broadsheet.load(EXAMPLE).save(path)
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"

    archive = broadsheet.load(path)
    assert archive.source_format.startswith("broadsheet-store")
    tag = [t.id for t in archive.terms("post_tag") if t.slug == "kyrgyzstan"]
    before = archive.count(tag="kyrgyzstan")
    archive.add_post(broadsheet.Post(id=500, title="Stored", slug="stored", authors=[1], terms=tag, status="published"))
    first = archive.post(1)
    assert first is not None
    archive.update_post(first.replace(title="Renamed in a store"))
    removed = archive.post(2)
    assert removed is not None
    removed_was_tagged = any(t in removed.terms for t in tag)
    archive.remove_post(2)
    expected = before + 1 - int(removed_was_tagged)
    assert archive.count(tag="kyrgyzstan") == expected
    del archive

    again = broadsheet.load(path)
    assert again.count(tag="kyrgyzstan") == expected
    stored = again.post(500)
    assert stored is not None and stored.title == "Stored"
    renamed = again.post(1)
    assert renamed is not None and renamed.title == "Renamed in a store"
    assert again.post(2) is None
    # Any SQL tool reads it.
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT title FROM posts WHERE id = 500").fetchone() == ("Stored",)


def test_a_failed_commit_raises_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "site.broadsheet"
    broadsheet.load(EXAMPLE).save(path)
    archive = broadsheet.load(path)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TRIGGER refuse BEFORE INSERT ON posts BEGIN SELECT RAISE(ABORT, 'injected'); END")
    with pytest.raises(broadsheet.EditError, match="injected"):
        archive.add_post(broadsheet.Post(id=501, title="Lost", slug="lost", authors=[1]))
    assert archive.post(501) is None


def test_a_store_in_memory_loads() -> None:
    archive = broadsheet.load(EXAMPLE)
    again = broadsheet.load(archive.to_bytes("store"))
    assert again.posts() == archive.posts()
