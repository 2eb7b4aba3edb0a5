"""Loading: sources, formats, options, progress and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

import broadsheet
from conftest import DEFECTIVE, EXAMPLE


def test_load_path_str_and_bytes_agree() -> None:
    by_path = broadsheet.load(EXAMPLE)
    by_str = broadsheet.load(str(EXAMPLE))
    by_bytes = broadsheet.load(EXAMPLE.read_bytes())
    assert len(by_path) == len(by_str) == len(by_bytes) == 12
    assert by_path.posts() == by_bytes.posts() == by_str.posts()
    assert by_path.source_format == by_bytes.source_format == "broadsheet-json-1"


def test_site_settings(archive: broadsheet.Archive) -> None:
    settings = archive.settings
    assert isinstance(settings, broadsheet.SiteSettings)
    assert settings.title == "Women's Learning Partnership"
    assert settings.url == "https://blog.example.org"
    assert settings.time_zone == "America/New_York"
    assert repr(settings).startswith("SiteSettings(title=")
    assert not hasattr(settings, "meta"), "site meta may hold private settings"


def test_clean_report_and_defective_report() -> None:
    assert not broadsheet.load(EXAMPLE).report.has_errors
    report = broadsheet.load(DEFECTIVE).report
    assert report.has_errors
    codes = {issue.code for issue in report.errors}
    assert "post.author.missing" in codes
    assert "term.name.empty" in codes
    for issue in report:
        assert issue.severity in ("error", "warning")
        assert issue.path
        assert issue.message
    assert len(report) == len(report.errors) + len(report.warnings)


def test_strict_load_of_defective_data_raises_validation_error() -> None:
    with pytest.raises(broadsheet.ValidationError) as caught:
        broadsheet.load(DEFECTIVE, strict=True)
    issues = caught.value.issues
    assert any(issue.code == "post.author.missing" for issue in issues)
    assert isinstance(caught.value, ValueError)


def test_missing_file_is_file_not_found(tmp_path: Path) -> None:
    missing = tmp_path / "nope.xml"
    with pytest.raises(FileNotFoundError) as caught:
        broadsheet.load(missing)
    assert caught.value.filename == str(missing)


def test_unknown_format_is_parse_error() -> None:
    with pytest.raises(broadsheet.ParseError) as caught:
        broadsheet.load(b"hello, this is not an export")
    assert isinstance(caught.value, broadsheet.BroadsheetError)


def test_forced_format_must_match(archive: broadsheet.Archive) -> None:
    assert len(broadsheet.load(EXAMPLE, format="json")) == 12
    with pytest.raises(broadsheet.ParseError):
        broadsheet.load(EXAMPLE, format="wxr")
    with pytest.raises(broadsheet.BroadsheetError):
        broadsheet.load(EXAMPLE, format="docx")  # type: ignore[arg-type]


def test_max_bytes() -> None:
    with pytest.raises(broadsheet.BroadsheetError, match="limit"):
        broadsheet.load(EXAMPLE, max_bytes=100)


def test_progress_is_called_and_reaches_the_total() -> None:
    calls: list[tuple[int, int | None]] = []
    broadsheet.load(EXAMPLE, progress=lambda done, total: calls.append((done, total)))
    assert calls, "progress was never called"
    done, total = calls[-1]
    assert total == EXAMPLE.stat().st_size
    assert done == total


def test_an_exception_in_progress_propagates() -> None:
    def boom(done: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        broadsheet.load(EXAMPLE, progress=boom)


def test_malformed_wxr_is_located(data: Path) -> None:
    with pytest.raises(broadsheet.ParseError) as caught:
        broadsheet.load(data / "wxr/wordpress-importer/malformed.xml")
    assert caught.value.line is not None
    assert caught.value.line >= 1


def test_crazy_cdata_strict_refused_lenient_recovers(data: Path) -> None:
    path = data / "wxr/wordpress-importer/crazy-cdata.xml"
    with pytest.raises(broadsheet.ParseError):
        broadsheet.load(path, strict=True)
    lenient = broadsheet.load(path)
    assert lenient.report.issues


def test_small_export_counts(data: Path) -> None:
    archive = broadsheet.load(data / "wxr/wordpress-importer/small-export.xml")
    stats = archive.stats()
    assert stats["format"].startswith("wxr-1.1")
    assert stats["authors"] == 3
    assert stats["terms"]["category"] == 30
    assert stats["terms"]["post_tag"] == 3
    assert stats["items"]["post"] == {"published": 5, "private": 1}
    assert stats["items"]["page"] == {"published": 4, "draft": 1}
    assert stats["comments"]["total"] == 1
    assert len(archive) == 11


def test_kinds_keeps_only_those_kinds(data: Path) -> None:
    path = data / "wxr/wordpress-importer/small-export.xml"
    pages = broadsheet.load(path, kinds=["page"])
    assert len(pages) == 5
    assert {post.kind for post in pages.posts()} == {"page"}
    # Nothing is dropped silently: the items left out are reported.
    assert any("left out" in issue.message for issue in pages.report.warnings)


def test_every_conformance_file_loads_or_fails_cleanly(data: Path) -> None:
    files = sorted((data / "wxr").rglob("*.xml")) + sorted((data / "ghost").glob("*.json"))
    assert len(files) > 30
    loaded = 0
    for path in files:
        try:
            archive = broadsheet.load(path)
        except broadsheet.ParseError as error:
            assert str(error), path
            continue
        loaded += 1
        stats = archive.stats()
        assert sum(sum(by_status.values()) for by_status in stats["items"].values()) == len(archive)
    assert loaded > 25


def test_ghost_export(data: Path) -> None:
    archive = broadsheet.load(data / "ghost/default_export.ghost-2.9.0.json")
    assert archive.source_format.startswith("ghost")
    page = archive.query(tag="getting-started", per_page=100)
    assert page.total == 7
    assert all("getting-started" in post.tags for post in page)


def big_export(directory: Path, posts: int = 3000) -> Path:
    """A WXR export of several megabytes: the example site plus many long posts."""
    archive = broadsheet.load(EXAMPLE)
    body = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 40 + "</p>"
    for i in range(posts):
        archive.add_post(broadsheet.Post(id=10_000 + i, title=f"Post {i}", slug=f"post-{i}", authors=[1], content=body))
    path = directory / "big.xml"
    archive.save(path)
    return path


def test_ctrl_c_during_a_load_raises_keyboard_interrupt_and_stops_early(tmp_path: Path) -> None:
    import signal

    path = big_export(tmp_path)
    size = path.stat().st_size
    assert size > 5_000_000
    seen: list[int] = []

    def interrupt(done: int, total: int | None) -> None:
        seen.append(done)
        if len(seen) == 1:
            signal.raise_signal(signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        broadsheet.load(path, progress=interrupt)
    # The import was cancelled: it never reported reaching the end.
    assert max(seen) < size
    # Nothing is left half-built: the same file loads completely afterwards.
    assert broadsheet.load(path).count() == 12 + 3000


AUTHOR_WXR = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>S</title><link>https://example.org</link><wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login>jdoe</wp:author_login>
<wp:author_display_name>Jane Doe</wp:author_display_name></wp:author>
</channel></rss>"""


def test_author_slugs_come_from_the_login_or_the_display_name() -> None:
    by_login = broadsheet.load(AUTHOR_WXR)
    by_name = broadsheet.load(AUTHOR_WXR, author_slugs="display-name")
    assert [a.slug for a in by_login.authors()] == ["jdoe"]
    assert [a.slug for a in by_name.authors()] == ["jane-doe"]
    with pytest.raises(broadsheet.BroadsheetError, match="display-name"):
        broadsheet.load(AUTHOR_WXR, author_slugs="nickname")  # type: ignore[arg-type]


def _split_in_two(tmp_path: Path) -> list[Path]:
    """The example site as two native JSON files, each with the settings, authors and terms and
    half of the posts (with their comments), as a split export's parts are."""
    import json

    whole = json.loads(EXAMPLE.read_bytes())
    site = whole["site"]
    paths = []
    for index, (low, high) in enumerate([(1, 6), (7, 1_000_000)]):
        part = json.loads(json.dumps(whole))
        part["site"]["posts"] = [p for p in site["posts"] if low <= p["id"] <= high]
        part["site"]["comments"] = [c for c in site["comments"] if low <= c["post"] <= high]
        path = tmp_path / f"site.{index:03}.json"
        path.write_text(json.dumps(part))
        paths.append(path)
    return paths


def test_several_paths_load_as_one_site(tmp_path: Path) -> None:
    parts = _split_in_two(tmp_path)
    whole = broadsheet.load(EXAMPLE)
    for source in (parts, [str(p) for p in parts], tuple(parts)):
        joined = broadsheet.load(source)
        assert len(joined) == len(whole) == 12
        assert joined.posts() == whole.posts()
        assert joined.all_comments() == whole.all_comments()
        assert [p.id for p in joined.query(tag="kyrgyzstan", per_page=50)] == [
            p.id for p in whole.query(tag="kyrgyzstan", per_page=50)
        ]
        assert [(d.year, d.month, d.count) for d in joined.dates()] == [
            (d.year, d.month, d.count) for d in whole.dates()
        ]
        assert [(e.slug, e.count) for e in joined.tag_cloud()] == [
            (e.slug, e.count) for e in whole.tag_cloud()
        ]
        assert joined.stats() == whole.stats()
    # One part alone is only half the site.
    assert len(broadsheet.load(parts[:1])) == 6
    # A part that cannot be read is named, as one file is.
    with pytest.raises(FileNotFoundError) as caught:
        broadsheet.load([parts[0], tmp_path / "site.002.json"])
    assert "site.002.json" in str(caught.value)
    with pytest.raises(broadsheet.BroadsheetError):
        broadsheet.load([])
