"""Many analysts at once: concurrent clients over HTTP on loopback, for a bounded time.

Usage: python scripts/bench_load.py --db bench-100000.db [--clients 50] [--seconds 60]
       [--workers 2] [--pause 2.0] [--warmup 5] [--json]

Serves the database with ``liaison serve --workers N`` and runs CLIENTS clients, each requesting
one view of the mix (timeline, filtered timeline, its htmx fragment, chart data, a contact, an
article) then pausing a random time (exponential, PAUSE seconds on average), until SECONDS have
passed. Prints requests per second, errors, p50/p95/p99 latency overall and per view, and the
slowest requests with when they came. Before the clock starts, WARMUP seconds of single
requests let every worker finish starting (``--warmup 0`` measures a cold start).
Figures only: nothing is asserted. The corpus is built by ``bench_web.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_web import Server, landmarks, percentile, sqlite_url  # noqa: E402


def mix(url: str, seed: int = 11) -> list[tuple[str, str, dict, float]]:
    """(view, path, headers, weight): what analysts open, with varied filters."""
    marks = landmarks(url)
    from sqlalchemy import text

    from app.storage.db import get_engine

    with get_engine(url).connect() as connection:
        actors = list(connection.execute(text(
            "SELECT actor.key FROM contactparticipant JOIN actor ON actor.id = actor_id "
            "GROUP BY actor.key ORDER BY count(*) DESC LIMIT 60")).scalars())
        contacts = list(connection.execute(text(
            "SELECT id FROM contact ORDER BY id DESC LIMIT 2000")).scalars())
        articles = list(connection.execute(text(
            "SELECT id FROM article ORDER BY id DESC LIMIT 2000")).scalars())
        topics = list(connection.execute(text("SELECT slug FROM topic")).scalars())
    rng = random.Random(seed)
    htmx = {"HX-Request": "true"}
    views: list[tuple[str, str, dict, float]] = [("timeline", "/", {}, 3),
                                                 ("chart", "/timeline.json", {}, 2)]
    for _ in range(40):
        actor, topic = rng.choice(actors), rng.choice(topics)
        views += [
            ("filtered", f"/?actor={actor}", {}, 0.1),
            ("filtered", f"/?topic={topic}&page={rng.randint(1, 5)}", htmx, 0.1),
            ("chart_filtered", f"/timeline.json?actor={actor}", {}, 0.05),
            ("contact", f"/contacts/{rng.choice(contacts)}", {}, 0.1),
            ("article", f"/articles/{rng.choice(articles)}", {}, 0.05),
        ]
    views.append(("actor_page", f"/actors/{marks['mid_actor_id']}", {}, 0.5))
    return views


failures: list[str] = []  # "reason path" of every failed request


async def client(base: str, views, deadline: float, pause: float, seed: int, results: list) -> None:
    rng = random.Random(seed)
    weights = [v[3] for v in views]
    # Idle connections are dropped before the server's 5 s keep-alive ends (as browsers do),
    # so a request never races the server closing its connection.
    async with httpx.AsyncClient(base_url=base, timeout=30, headers={"Accept-Encoding": "gzip"},
                                 limits=httpx.Limits(keepalive_expiry=4)) as http:
        await asyncio.sleep(rng.uniform(0, pause))  # clients do not all start at once
        while time.monotonic() < deadline:
            name, path, headers, _weight = rng.choices(views, weights=weights)[0]
            started = time.perf_counter()
            try:
                response = await http.get(path, headers=headers)
                ok = response.status_code == 200
                why = f"HTTP {response.status_code}"
            except httpx.HTTPError as error:
                ok, why = False, type(error).__name__
            results.append((name, (time.perf_counter() - started) * 1000, ok,
                            round(time.monotonic() - deadline, 1), path))
            if not ok:
                failures.append(f"{why} {path}")
            await asyncio.sleep(min(rng.expovariate(1 / pause), max(0.0, deadline - time.monotonic())))


async def run(base: str, views, clients: int, seconds: float, pause: float) -> tuple[list, float]:
    results: list = []
    started = time.monotonic()
    await asyncio.gather(*(client(base, views, started + seconds, pause, i, results)
                           for i in range(clients)))
    return results, time.monotonic() - started


def warm_up(base: str, seconds: float) -> None:
    """Requests before the clock starts, one at a time, each on a new connection (so each
    worker process gets some): the measured minute is a running server's, not its start.
    Only the unfiltered views: every filter of the mix is still new when the clock starts."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in ("/", "/timeline.json"):
            with httpx.Client(base_url=base, timeout=60) as http:
                http.get(path)


def summary(results: list, elapsed: float) -> dict:
    def figures(rows) -> dict:
        times = [row[1] for row in rows]
        return {"requests": len(rows), "errors": sum(1 for row in rows if not row[2]),
                "p50_ms": round(percentile(times, 0.5), 1), "p95_ms": round(percentile(times, 0.95), 1),
                "p99_ms": round(percentile(times, 0.99), 1)}

    out = {"seconds": round(elapsed, 1), "requests_per_s": round(len(results) / elapsed, 1),
           "overall": figures(results), "views": {}, "failures": failures[:20],
           # When the slowest requests came (seconds before the end) and what they asked for.
           "slowest": [{"ms": round(ms, 1), "at_s": round(elapsed + at, 1), "path": path}
                       for _n, ms, _ok, at, path in sorted(results, key=lambda r: -r[1])[:10]]}
    for name in sorted({r[0] for r in results}):
        out["views"][name] = figures([r for r in results if r[0] == name])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="SQLite file built by bench_web.py (or DATABASE_URL)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pause", type=float, default=2.0, help="mean pause between requests (s)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--warmup", type=float, default=5.0,
                        help="seconds of single requests before the measured run (0: a cold start)")
    parser.add_argument("--source", type=Path, default=ROOT,
                        help="checkout of the app to serve (default: this one)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    env_url = os.environ.get("DATABASE_URL", "")
    url = env_url if env_url.startswith("postgresql") else sqlite_url(args.db)
    views = mix(url)
    with Server(url, workers=args.workers, source=args.source) as server:
        warm_up(server.base, args.warmup)
        results, elapsed = asyncio.run(run(server.base, views, args.clients, args.seconds, args.pause))
    out = summary(results, elapsed)
    if args.json:
        print(json.dumps(out))
        return
    print(f"{args.clients} clients, {out['seconds']} s, --workers {args.workers}, "
          f"{args.warmup:g} s warm-up: {out['requests_per_s']} requests/s")
    print(f"{'view':16} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, row in [("overall", out["overall"]), *out["views"].items()]:
        print(f"{name:16} {row['requests']:8d} {row['errors']:6d} {row['p50_ms']:8.1f} "
              f"{row['p95_ms']:8.1f} {row['p99_ms']:8.1f}")
    print("slowest requests (seconds into the run):")
    for slow in out["slowest"]:
        print(f"  {slow['ms']:8.1f} ms at {slow['at_s']:5.1f} s  {slow['path']}")
    for failure in out["failures"]:
        print(f"failed: {failure}")


if __name__ == "__main__":
    main()
