"""Rendering from Python: the same static site as ``broadsheet render``, public data only."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

import broadsheet

from conftest import EXAMPLE

FIXTURE = Path(__file__).resolve().parents[3] / "tests" / "private" / "markers.json"


def test_render_site_writes_every_page_and_render_page_gives_one() -> None:
    archive = broadsheet.load(EXAMPLE)
    home = archive.render_page("index.html")
    assert home is not None and "<!DOCTYPE html>" in home
    assert 'action="search/index.html"' in home
    tag = archive.render_page("/tag/kyrgyzstan/index.html")
    assert tag is not None and "Tag Archive" in tag
    assert archive.render_page("no/such/page.html") is None
    assert archive.render_page("index.html", per_page=3) != home


def test_render_site_writes_the_site_into_a_directory(tmp_path: Path) -> None:
    archive = broadsheet.load(EXAMPLE)
    out = tmp_path / "public"
    written = archive.render_site(out, per_page=5)
    files = [p for p in out.rglob("*") if p.is_file()]
    assert written == len(files) > 20
    assert (out / "tag" / "kyrgyzstan" / "page" / "3" / "index.html").is_file()
    index = json.loads((out / "search" / "index.json").read_text(encoding="utf-8"))
    assert len(index["entries"]) > 10
    # Only the tags named.
    only = tmp_path / "osh"
    archive.render_site(only, tags=["osh"])
    assert (only / "tag" / "osh" / "index.html").is_file()
    assert not (only / "tag" / "kyrgyzstan").exists()


@pytest.mark.skipif(os.name != "posix", reason="file modes are Unix's")
def test_mode_sets_the_permissions_of_every_file(tmp_path: Path) -> None:
    out = tmp_path / "public"
    broadsheet.load(EXAMPLE).render_site(out, mode=0o640)
    for path in out.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o640, path


def test_bad_arguments_and_templates_raise_broadsheet_errors(tmp_path: Path) -> None:
    archive = broadsheet.load(EXAMPLE)
    with pytest.raises(broadsheet.BroadsheetError, match="per-page"):
        archive.render_site(tmp_path / "a", per_page=0)
    with pytest.raises(broadsheet.BroadsheetError, match="no-such-tag"):
        archive.render_page("index.html", tags=["no-such-tag"])
    with pytest.raises(broadsheet.BroadsheetError, match="7777"):
        archive.render_site(tmp_path / "b", mode=0o17777)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "post.html").write_text("{% for x in %}", encoding="utf-8")
    with pytest.raises(broadsheet.BroadsheetError, match="post.html"):
        archive.render_site(tmp_path / "c", templates=templates)
    assert not (tmp_path / "c").exists()
    with pytest.raises(broadsheet.BroadsheetError, match="templates"):
        archive.render_page("index.html", templates=tmp_path / "missing")


def test_an_unwritable_directory_raises_os_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    with pytest.raises(OSError):
        broadsheet.load(EXAMPLE).render_site(blocker / "public")


def test_rendered_files_hold_no_private_data(tmp_path: Path) -> None:
    archive = broadsheet.load(FIXTURE)
    out = tmp_path / "public"
    archive.render_site(out)
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8").lower()
            for marker in ("privmark", "203.0.113."):
                assert marker not in text, f"{path}: {marker}"
    index = json.loads((out / "search" / "index.json").read_text(encoding="utf-8"))
    titles = sorted(entry["title"] for entry in index["entries"])
    assert titles == ["Public first", "Public second", "Public third"]
