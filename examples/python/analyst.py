"""An analyst's walk-through: several blogs' WordPress exports, studied with pandas and DuckDB.

1. Load several WXR exports (the seed blog, written out as WXR first, and the real exports of
   the conformance data when it is present).
2. Posts per month per tag, with pandas.
3. The most active authors, across every blog.
4. All of them as one Hive-partitioned Parquet dataset, queried with DuckDB.

Run it: python examples/python/analyst.py (scripts/test-python does).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

import broadsheet

ROOT = Path(__file__).resolve().parents[2]


def exports(workdir: Path) -> dict[str, Path]:
    """The WXR files to study, by the site name each gets in the dataset."""
    seed = workdir / "wlp.xml"
    broadsheet.load(ROOT / "examples" / "data" / "wlp-kyrgyzstan.json").save(seed)
    found = {"wlp": seed}
    data = Path(os.environ.get("BROADSHEET_CONFORMANCE_DATA", ROOT.parent / "shared" / "data"))
    for name, relative in [
        ("wp-small-export", "wxr/wordpress-importer/small-export.xml"),
        ("ghost-migrate-sample", "wxr/tryghost-migrate/sample-with-alt.xml"),
        ("co-authors", "wxr/tryghost-migrate/co-authors-plus.xml"),
    ]:
        if (data / relative).exists():
            found[name] = data / relative
    return found


def posts_per_month_per_tag(archives: dict[str, broadsheet.Archive]) -> pd.DataFrame:
    """Published posts per local month and tag, every blog together."""
    frames = []
    for site, archive in archives.items():
        posts = archive.to_pandas("posts")
        links = archive.to_pandas("post_terms")
        terms = archive.to_pandas("terms")
        published = posts[(posts["kind"] == "post") & (posts["status"] == "published")]
        tagged = published.merge(links, left_on="id", right_on="post_id").merge(
            terms[terms["taxonomy"] == "post_tag"], left_on="term_id", right_on="id", suffixes=("", "_term")
        )
        tagged["site"] = site
        frames.append(tagged)
    every = pd.concat(frames, ignore_index=True)
    every["month"] = every["published_local"].dt.to_period("M").astype(str)
    counts: pd.DataFrame = every.groupby(["site", "month", "slug_term"]).size().rename("posts").reset_index()
    ordered: pd.DataFrame = counts.sort_values(["posts", "month"], ascending=[False, False])
    return ordered.reset_index(drop=True)


def most_active_authors(archives: dict[str, broadsheet.Archive]) -> pd.DataFrame:
    """Authors by published posts (as primary or co-author), every blog together."""
    frames = []
    for site, archive in archives.items():
        links = archive.to_pandas("post_authors")
        authors = archive.to_pandas("authors")
        posts = archive.to_pandas("posts")
        published = posts[(posts["kind"] == "post") & (posts["status"] == "published")]["id"]
        joined = links[links["post_id"].isin(published)].merge(authors, left_on="author_id", right_on="id")
        joined["site"] = site
        frames.append(joined)
    every = pd.concat(frames, ignore_index=True)
    counts: pd.DataFrame = every.groupby(["site", "display_name"]).size().rename("posts").reset_index()
    ordered: pd.DataFrame = counts.sort_values(["posts", "display_name"], ascending=[False, True])
    return ordered.reset_index(drop=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as temporary:
        workdir = Path(temporary)
        archives = {site: broadsheet.load(path) for site, path in exports(workdir).items()}
        for site, archive in archives.items():
            print(f"{site:24} {archive.source_format:12} {len(archive):4} items, {len(archive.report.errors)} errors")

        print("\nposts per month per tag (top 8)")
        print(posts_per_month_per_tag(archives).head(8).to_string(index=False))

        print("\nmost active authors (top 5)")
        print(most_active_authors(archives).head(5).to_string(index=False))

        dataset = workdir / "dataset"
        for site, archive in archives.items():
            archive.to_parquet(dataset, site=site)
        print(f"\nParquet dataset: {sorted(p.name for p in dataset.iterdir())}")
        rows = duckdb.execute(
            f"""
            select site, count(*) as posts, min(published_local)::date as first, max(published_local)::date as last
            from read_parquet('{dataset}/table=posts/*/*.parquet', hive_partitioning=true)
            where kind = 'post' and status = 'published'
            group by site order by posts desc
            """
        ).fetchall()
        print("published posts per site (DuckDB):")
        for site, posts, first, last in rows:
            print(f"  {site:24} {posts:4}  {first} .. {last}")
            assert posts == archives[site].count(), site


if __name__ == "__main__":
    main()
