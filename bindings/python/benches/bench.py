"""Speed of the Python surface (a benchmark, not a test): query through Python against the same
query timed inside Rust is not possible from here, so this measures the Python call and prints
it beside the Rust criterion figures recorded in docs/benchmarks.md.

Run with a release build of the package (pip install ./bindings/python, then
pip install pyarrow pandas) and: python bindings/python/benches/bench.py [POSTS]
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable

import broadsheet


def generated(posts: int) -> bytes:
    """A Broadsheet JSON document of `posts` published posts over 20 years, 400 tags, 40 authors."""
    rng = random.Random(7)
    authors = [{"id": i, "slug": f"author-{i}", "display_name": f"Author {i}"} for i in range(1, 41)]
    terms = [{"id": i, "taxonomy": "post_tag", "name": f"Tag {i}", "slug": f"tag-{i}"} for i in range(1, 401)]
    start = 1_104_537_600  # 2005-01-01
    span = 20 * 365 * 86_400
    items = []
    for i in range(1, posts + 1):
        when = start + rng.randrange(span)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(when))
        items.append(
            {
                "id": i,
                "kind": "post",
                "status": "published",
                "title": f"Post {i}",
                "slug": f"post-{i}",
                "content": "<p>Lorem ipsum dolor sit amet.</p>",
                "authors": [rng.randrange(1, 41)],
                "terms": sorted({min(400, int(rng.paretovariate(1.2))) for _ in range(3)}),
                "published": stamp,
            }
        )
    site = {"title": "Bench", "time_zone": "UTC", "authors": authors, "terms": terms, "posts": items}
    return json.dumps({"format": "broadsheet", "version": 1, "site": site}).encode()


def best(f: Callable[[], object], repeat: int, number: int) -> float:
    """Best mean seconds per call over `repeat` runs of `number` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for _ in range(number):
            f()
        times.append((time.perf_counter() - started) / number)
    return min(times)


def main() -> None:
    posts = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    started = time.perf_counter()
    data = generated(posts)
    print(f"generated {posts} posts ({len(data) / 1e6:.0f} MB of JSON) in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    archive = broadsheet.load(data)
    print(f"load: {time.perf_counter() - started:.2f} s")
    tag_page = best(lambda: archive.query(tag="tag-1", per_page=10), 5, 2000)
    print(f"query(tag='tag-1', per_page=10): {tag_page * 1e6:.1f} µs")
    count = best(lambda: archive.count(tag="tag-1"), 5, 2000)
    print(f"count(tag='tag-1'): {count * 1e6:.1f} µs")
    table = best(lambda: archive.table("posts"), 3, 1)
    print(f"table('posts') (built in Rust): {table:.2f} s")
    to_arrow = best(lambda: archive.to_arrow("posts"), 3, 1)
    print(f"to_arrow('posts'): {to_arrow:.2f} s")
    to_pandas = best(lambda: archive.to_pandas("posts"), 3, 1)
    print(f"to_pandas('posts'): {to_pandas:.2f} s")


if __name__ == "__main__":
    main()
