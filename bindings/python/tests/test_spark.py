"""A dataset of several sites read back by Spark in local mode (pyspark; needs Java 17).

Installing pyspark (a 400 MB sdist) and starting Spark take several minutes on a cold machine, so
scripts/test-python runs this under CI=true or with BROADSHEET_TEST_SPARK=1 (then a missing
pyspark is a failure, not a skip), and skips it, saying so, on a developer's machine otherwise."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import broadsheet
from conftest import EXAMPLE

if os.environ.get("BROADSHEET_TEST_SPARK") != "1":
    pytest.skip("Spark test is opt-in: BROADSHEET_TEST_SPARK=1 scripts/test-python", allow_module_level=True)

import pyspark.sql as pyspark_sql  # noqa: E402 - only when asked for


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    session = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .appName("broadsheet-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .getOrCreate()
    )
    yield session
    session.stop()


def test_spark_reads_the_dataset(tmp_path: Path, data: Path, spark: Any) -> None:
    archives = {
        "wlp": broadsheet.load(EXAMPLE),
        "small-export": broadsheet.load(data / "wxr/wordpress-importer/small-export.xml"),
        "co-authors": broadsheet.load(data / "wxr/tryghost-migrate/co-authors-plus.xml"),
    }
    for site, archive in archives.items():
        archive.to_parquet(tmp_path, site=site)
    posts = spark.read.parquet(str(tmp_path / "table=posts"))
    assert "site" in posts.columns
    counts = {row["site"]: row["count"] for row in posts.groupBy("site").count().collect()}
    comments = spark.read.parquet(str(tmp_path / "table=comments"))
    comment_counts = {row["site"]: row["count"] for row in comments.groupBy("site").count().collect()}
    for site, archive in archives.items():
        stats = archive.stats()
        assert counts[site] == sum(sum(s.values()) for s in stats["items"].values()), site
        assert comment_counts.get(site, 0) == stats["comments"]["total"], site
