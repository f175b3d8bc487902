"""Server time of the read-side views added for search, claims and downloads, over the synthetic
corpus of ``bench_web.py`` (real migrations, FTS triggers and indexes).

Usage: python scripts/bench_read.py [--articles 10000] [--runs 5]
Prints median and worst milliseconds and body bytes per view, requests through the ASGI app.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

VIEWS = [
    ("search, a word", "/?q=corridor"),
    ("search, an actor's English name", "/?q=Shoigu"),
    ("search, a place, whole articles", "/?q=Tehran&scope=article"),
    ("search, repeated actor x400", "/?" + "&".join(["actor=putin"] * 400)),
    ("invalid filter (nothing shown)", "/?date_from=2022-13-45"),
    ("claims view", "/claims"),
    ("claims, kind + text", "/claims?kind=denial&q=drones"),
    ("API claims page", "/api/claims?kind=allegation"),
    ("actors list", "/actors?sort=contacts"),
    ("CSV, one actor, every row", "/export/contacts.csv?actor=putin"),
    ("JSON, claims, every row", "/export/claims.json?kind=denial"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        url = f"sqlite:///{db}"
        os.environ.update({"DATABASE_URL": url, "LIAISON_SEED_ON_START": "false"})
        from bench_web import fill, timed
        from fastapi.testclient import TestClient

        from app.settings import get_settings
        from app.storage.migrate import upgrade
        from app.web.app import create_app

        upgrade(url)
        started = time.perf_counter()
        sizes = fill(db, args.articles)
        print(f"corpus: {sizes['articles']} articles, {sizes['contacts']} contacts, "
              f"{sizes['claims']} claims (filled in {time.perf_counter() - started:.1f} s)")
        with TestClient(create_app(get_settings()), follow_redirects=True) as client:
            print(f"{'view':34} {'median ms':>10} {'max ms':>8} {'bytes':>10}")
            for label, path in VIEWS:
                median, worst, size, _wire = timed(client, path, args.runs)
                print(f"{label:34} {median:10.0f} {worst:8.0f} {size:10d}")


if __name__ == "__main__":
    main()
