"""One archive queried from many threads while another thread edits."""

from __future__ import annotations

import threading
from pathlib import Path
from datetime import datetime, timedelta, timezone

import broadsheet
from broadsheet import Post


def test_readers_see_whole_snapshots_while_a_writer_edits(archive: broadsheet.Archive) -> None:
    tag_ids = [t.id for t in archive.terms("post_tag") if t.slug == "kyrgyzstan"]
    base = archive.count(tag="kyrgyzstan")
    added = 200
    errors: list[BaseException] = []
    done = threading.Event()
    observed: list[int] = []

    def writer() -> None:
        try:
            for i in range(added):
                archive.add_post(
                    Post(
                        id=1000 + i,
                        title=f"Post {i}",
                        slug=f"post-{i}",
                        authors=[1],
                        terms=tag_ids,
                        published=datetime(2020, 1, 1, tzinfo=timezone(timedelta(hours=-5)))
                        + timedelta(hours=i),
                    )
                )
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            done.set()

    def reader() -> None:
        try:
            while not done.is_set():
                page = archive.query(tag="kyrgyzstan", per_page=100)
                # A page is consistent with one snapshot: its total matches the posts it could list.
                assert base <= page.total <= base + added
                assert len(page) == min(100, page.total)
                ids = [p.id for p in page]
                assert len(ids) == len(set(ids))
                observed.append(page.total)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    readers = [threading.Thread(target=reader) for _ in range(8)]
    for thread in readers:
        thread.start()
    write = threading.Thread(target=writer)
    write.start()
    write.join(timeout=120)
    for thread in readers:
        thread.join(timeout=120)
    assert not errors, errors
    assert archive.count(tag="kyrgyzstan") == base + added
    assert observed, "the readers never ran"


def test_a_load_releases_the_gil(tmp_path: Path) -> None:
    import time

    from test_load import big_export

    path = big_export(tmp_path, posts=3000)
    loader = threading.Thread(target=broadsheet.load, args=(path,))
    started = time.perf_counter()
    loader.start()
    last = started
    longest_gap = 0.0
    while loader.is_alive():
        now = time.perf_counter()
        longest_gap = max(longest_gap, now - last)
        last = now
    loader.join()
    duration = time.perf_counter() - started
    # With the GIL held for the whole import, this thread would stall for all of it; released,
    # it keeps running while Rust parses (gaps are the interpreter's switch interval and the
    # progress reports).
    assert duration > 0.05, duration
    assert longest_gap < duration / 2, (longest_gap, duration)


def test_a_panic_becomes_internal_error() -> None:
    import pytest

    with pytest.raises(broadsheet.InternalError, match="boom"):
        broadsheet._native._panic_for_tests("boom")
    assert issubclass(broadsheet.InternalError, broadsheet.BroadsheetError)
    # The interpreter and the module carry on.
    assert broadsheet.slugify("Still here") == "still-here"
