"""Tables: Arrow, pandas, Polars, and a Parquet dataset of several sites read back with DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import broadsheet
from conftest import EXAMPLE

TABLES = ["posts", "authors", "terms", "post_terms", "post_authors", "comments", "media"]
PRIVATE = {"email", "login", "author_email", "author_ip", "password"}


def test_every_table_through_the_capsule(archive: broadsheet.Archive) -> None:
    for name in TABLES:
        stream = archive.table(name)
        table = pa.table(stream)
        assert table.num_rows == stream.num_rows == len(stream)
        assert table.column_names == stream.column_names
        assert not PRIVATE & set(table.column_names), name
        # A stream can be read more than once.
        assert pa.table(stream).num_rows == table.num_rows


def test_row_counts_agree_with_stats(archive: broadsheet.Archive) -> None:
    stats = archive.stats()
    assert archive.table("posts").num_rows == len(archive) == 12
    assert archive.table("authors").num_rows == stats["authors"]
    assert archive.table("terms").num_rows == sum(stats["terms"].values())
    assert archive.table("comments").num_rows == stats["comments"]["total"]
    assert archive.table("post_terms").num_rows == sum(len(p.terms) for p in archive.posts())
    assert archive.table("post_authors").num_rows == sum(len(p.authors) for p in archive.posts())
    assert archive.table("media").num_rows == len(archive.media())


def test_columns_and_values(archive: broadsheet.Archive) -> None:
    posts = archive.to_arrow("posts")
    assert posts.schema.field("published").type == pa.timestamp("us", tz="UTC")
    assert posts.schema.field("published_local").type == pa.timestamp("us")
    row = posts.filter(pa.compute.equal(posts["id"], 12)).to_pylist()[0]
    assert row["slug"] == archive.query(per_page=1)[0].slug
    # Local calendar: 21:30 in New York is 01:30 UTC the next day.
    assert str(row["published_local"]) == "2013-05-30 21:30:00"
    assert row["published"].isoformat() == "2013-05-31T01:30:00+00:00"
    assert row["primary_author"] == archive.post(12).authors[0]  # type: ignore[union-attr]


def test_private_columns_only_when_asked(archive: broadsheet.Archive) -> None:
    comments = archive.to_arrow("comments", private=True)
    assert {"author_email", "author_ip"} <= set(comments.column_names)
    assert "aibek@example.org" in comments["author_email"].to_pylist()
    authors = archive.to_arrow("authors", private=True)
    assert {"email", "login"} <= set(authors.column_names)
    assert "password" in archive.to_arrow("posts", private=True).column_names


def test_pandas_and_polars(archive: broadsheet.Archive) -> None:
    frame = archive.to_pandas("posts")
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == 12
    per_year = frame.groupby(frame["published_local"].dt.year).size().to_dict()
    assert per_year == {2010: 8, 2013: 4}
    polars_frame = archive.to_polars("post_terms")
    assert isinstance(polars_frame, pl.DataFrame)
    assert polars_frame.height == archive.table("post_terms").num_rows


def test_duckdb_reads_a_stream(archive: broadsheet.Archive) -> None:
    posts = archive.table("posts")
    assert duckdb.execute("select count(*) from posts").fetchall() == [(12,)]


def test_unknown_table(archive: broadsheet.Archive) -> None:
    with pytest.raises(broadsheet.BroadsheetError, match="unknown table"):
        archive.table("post")


def test_missing_dependency_message(archive: broadsheet.Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import importlib

    real_import = importlib.import_module

    def fake_import(name: str, package: str | None = None) -> Any:
        if name == "polars":
            raise ImportError("No module named 'polars'")
        return real_import(name, package)

    monkeypatch.setattr(importlib, "import_module", fake_import)
    with pytest.raises(ImportError, match=r"pip install 'broadsheet\[polars\]'"):
        archive.to_polars("posts")
    assert builtins is not None


def sites(data: Path | None) -> list[tuple[str, broadsheet.Archive]]:
    found = [("wlp", broadsheet.load(EXAMPLE))]
    found.append(("wlp-defective", broadsheet.load(EXAMPLE.with_name("wlp-kyrgyzstan-defective.json"))))
    if data is not None:
        found.append(("small-export", broadsheet.load(data / "wxr/wordpress-importer/small-export.xml")))
        found.append(("ghost-demo", broadsheet.load(data / "ghost/default_export.ghost-2.9.0.json")))
        found.append(("co-authors", broadsheet.load(data / "wxr/tryghost-migrate/co-authors-plus.xml")))
    return found


def test_dataset_of_several_sites_read_with_duckdb(tmp_path: Path, data: Path) -> None:
    archives = sites(data)
    for name, archive in archives:
        written = archive.to_parquet(tmp_path, site=name)
        assert len(written) == 7
        assert all(path.exists() for path in written)
    assert (tmp_path / "table=posts" / "site=wlp" / "part-0.parquet").exists()

    def counts(table: str) -> dict[str, int]:
        rows = duckdb.execute(
            f"select site, count(*) from read_parquet('{tmp_path}/table={table}/*/*.parquet',"
            " hive_partitioning=true) group by site"
        ).fetchall()
        return {site: n for site, n in rows}

    posts, authors, terms, comments = counts("posts"), counts("authors"), counts("terms"), counts("comments")
    for name, archive in archives:
        stats = archive.stats()
        items = sum(sum(by_status.values()) for by_status in stats["items"].values())
        assert posts.get(name, 0) == items, name
        assert authors.get(name, 0) == stats["authors"], name
        assert terms.get(name, 0) == sum(stats["terms"].values()), name
        assert comments.get(name, 0) == stats["comments"]["total"], name
    # A join across tables and sites: posts per tag for the seed blog.
    top = duckdb.execute(
        f"""
        select t.slug, count(*) as n
        from read_parquet('{tmp_path}/table=post_terms/*/*.parquet', hive_partitioning=true) pt
        join read_parquet('{tmp_path}/table=terms/*/*.parquet', hive_partitioning=true) t
          on t.id = pt.term_id and t.site = pt.site
        where pt.site = 'wlp' and t.taxonomy = 'post_tag'
        group by t.slug order by n desc, t.slug limit 1
        """
    ).fetchall()
    assert top == [("kyrgyzstan", 12)]


def test_rewriting_a_site_replaces_only_its_files(tmp_path: Path, archive: broadsheet.Archive) -> None:
    archive.to_parquet(tmp_path, site="a")
    archive.to_parquet(tmp_path, site="b")
    archive.remove_post(12)
    archive.to_parquet(tmp_path, site="a")
    rows = dict(
        duckdb.execute(
            f"select site, count(*) from read_parquet('{tmp_path}/table=posts/*/*.parquet',"
            " hive_partitioning=true) group by site"
        ).fetchall()
    )
    assert rows == {"a": 11, "b": 12}


def test_default_and_bad_site_names(tmp_path: Path, archive: broadsheet.Archive) -> None:
    written = archive.to_parquet(tmp_path)
    assert written[0] == tmp_path / "table=posts" / "site=womens-learning-partnership" / "part-0.parquet"
    for bad in ["", "..", "a/b", "with space"]:
        with pytest.raises(broadsheet.BroadsheetError, match="partition"):
            archive.to_parquet(tmp_path, site=bad)
