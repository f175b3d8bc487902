"""Server time of the dashboard over HTTP on loopback, on a realistic synthetic corpus.

Usage:
  python scripts/bench_web.py --articles 100000 --db /some/dir/bench-100k.db [--runs 15] [--json]
  DATABASE_URL=postgresql+psycopg://... python scripts/bench_web.py --articles 100000

The database is built once by the generator of ``bench_corpus.py`` (reused when the file, or
the PostgreSQL database, already holds that many articles), then ``liaison serve`` runs on a
free loopback port and every view is requested ``--runs`` times after a warm-up. With
``--compare DB`` the same views are timed on a second (smaller) corpus and the growth ratio is
printed. ``--json`` prints one object: ``{"views": {NAME: {"p50_ms", "p95_ms", "bytes"}}}``
(bytes as sent, gzip accepted). Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_corpus import COMMON_WORD, RARE_WORD  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_corpus(url: str, articles: int) -> None:
    """Build the corpus at ``url`` unless it already holds ``articles`` articles."""
    from bench_corpus import fill
    from sqlalchemy import inspect

    from app.storage.db import get_engine
    from app.storage.migrate import upgrade

    engine = get_engine(url)
    if "article" in inspect(engine).get_table_names():
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM article")).scalar_one()
        if stored == articles:
            return  # left at its revision: the server being measured migrates what it needs
    upgrade(url)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM article")).scalar_one()
    if stored:
        sys.exit(f"{url} holds {stored} articles, not {articles}: give another --db")
    started = time.perf_counter()
    counts = fill(url, articles)
    print(f"built {url}: {counts} in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def landmarks(url: str) -> dict:
    """Ids the views need: the most frequent actor, a busy contact and article, a topic."""
    from app.storage.db import get_engine

    with get_engine(url).connect() as connection:
        def one(sql: str):
            return connection.execute(text(sql)).first()

        actor_id, actor_key = one(
            "SELECT actor.id, actor.key FROM contactparticipant JOIN actor ON actor.id = actor_id "
            "GROUP BY actor.id, actor.key ORDER BY count(*) DESC LIMIT 1")
        second_key = one(
            "SELECT actor.key FROM contactparticipant JOIN actor ON actor.id = actor_id "
            "GROUP BY actor.id, actor.key ORDER BY count(*) DESC LIMIT 1 OFFSET 1")[0]
        mid_actor = one(
            "SELECT actor.id, actor.key FROM contactparticipant JOIN actor ON actor.id = actor_id "
            "GROUP BY actor.id, actor.key ORDER BY count(*) DESC LIMIT 1 OFFSET 30")
        contact_id = one("SELECT contact_id FROM contactsource GROUP BY contact_id "
                         "ORDER BY count(*) DESC, contact_id LIMIT 1")[0]
        article_id = one("SELECT article_id FROM contactsource GROUP BY article_id "
                         "ORDER BY count(*) DESC, article_id LIMIT 1")[0]
        topic = one("SELECT topic_slug FROM contacttopic GROUP BY topic_slug "
                    "ORDER BY count(*) DESC LIMIT 1")[0]
    return {"actor_id": actor_id, "actor": actor_key, "actor2": second_key,
            "mid_actor_id": mid_actor[0], "mid_actor": mid_actor[1], "contact_id": contact_id,
            "article_id": article_id, "topic": topic}


def views(marks: dict) -> list[tuple[str, str, dict]]:
    """(name, path, extra headers) of every page and fragment timed."""
    htmx = {"HX-Request": "true"}
    return [
        ("timeline", "/", {}),
        ("timeline_fragment", "/", htmx),
        ("timeline_page_40", "/?page=40", htmx),
        # After a write (a new data version): facets counted afresh, nothing kept.
        ("timeline_fresh", "/", {"x-bench-fresh": "1"}),
        ("actor_filter_fresh", f"/?actor={marks['mid_actor']}", {"x-bench-fresh": "1"}),
        ("actor_filter", f"/?actor={marks['actor']}", {}),
        ("actor_pair_filter", f"/?actor={marks['actor']}&actor={marks['actor2']}", htmx),
        ("topic_filter", f"/?topic={marks['topic']}", {}),
        ("country_outlet_filter", "/?country=TR&outlet=Outlet+03", htmx),
        ("dates_corroborated", "/?date_from=2022&date_to=2023-06&corroborated=1", htmx),
        ("search_common", f"/?q={COMMON_WORD}", {}),
        ("search_rare", f"/?q={RARE_WORD}", htmx),
        ("search_actor", f"/?q={marks['actor']}", htmx),  # the busiest actor, every spelling
        ("chart", "/timeline.json", {}),
        ("chart_actor", f"/timeline.json?actor={marks['actor']}", {}),
        ("chart_search", f"/timeline.json?q={COMMON_WORD}", {}),
        ("chart_fresh", "/timeline.json", {"x-bench-fresh": "1"}),
        ("chart_actor_fresh", f"/timeline.json?actor={marks['mid_actor']}", {"x-bench-fresh": "1"}),
        ("chart_pair_lanes_fresh", "/timeline.json?lane=pair", {"x-bench-fresh": "1"}),
        ("actor_page", f"/actors/{marks['actor_id']}", {}),
        ("actor_page_mid", f"/actors/{marks['mid_actor_id']}", {}),
        ("actors", "/actors", {}),
        ("topic_page", f"/topics/{marks['topic']}", {}),
        ("topics", "/topics", {}),
        ("articles", "/articles", {}),
        ("articles_page_500", "/articles?page=500", {}),
        ("contact", f"/contacts/{marks['contact_id']}", {}),
        ("article", f"/articles/{marks['article_id']}", {}),
        ("api_contacts", f"/api/contacts?actor={marks['actor']}&page=3", {}),
        ("csv_actor_pair", f"/export/contacts.csv?actor={marks['actor']}&actor={marks['actor2']}", {}),
    ]


def touch(url: str) -> None:
    """A real write (a new actor of no contact), so every cache keyed by the data goes stale."""
    from app.storage.db import get_engine

    with get_engine(url).begin() as connection:
        stamp = time.time_ns()
        connection.execute(text(
            "INSERT INTO actor (key, name, country, kind, aliases, roles, in_gazetteer) "
            "VALUES (:key, :name, NULL, 'person', '[]', '[]', false)"),
            {"key": f"bench:{stamp}", "name": f"Bench {stamp}"})


def untouch(url: str) -> None:
    from app.storage.db import get_engine

    with get_engine(url).begin() as connection:
        connection.execute(text("DELETE FROM actor WHERE key LIKE 'bench:%'"))


class Server:
    """``liaison serve`` on a free loopback port, stopped on exit."""

    def __init__(self, url: str, workers: int = 1, source: Path = ROOT) -> None:
        self.port = free_port()
        # ``source``: another checkout of the app to serve (to compare two versions).
        env = {**os.environ, "DATABASE_URL": url, "LIAISON_SEED_ON_START": "false",
               "PYTHONPATH": str(source)}
        # The server's log goes to the file named by BENCH_SERVER_LOG, if any.
        log_path = os.environ.get("BENCH_SERVER_LOG")
        self.log = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from app.cli import main; main()", "serve",
             "--port", str(self.port), "--workers", str(workers)], cwd=source, env=env,
            stdout=self.log, stderr=self.log)
        self.base = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError("server exited at start")
            time.sleep(0.3)
        raise RuntimeError("server did not start")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.log is not subprocess.DEVNULL:
            self.log.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(url: str, runs: int, only: set[str] | None = None, source: Path = ROOT) -> dict:
    marks = landmarks(url)
    results: dict[str, dict] = {}
    with Server(url, source=source) as server, httpx.Client(
            base_url=server.base, timeout=120, headers={"Accept-Encoding": "gzip"},
            limits=httpx.Limits(keepalive_expiry=4)) as client:  # before the server's 5 s
        for name, path, headers in views(marks):
            if only and name not in only:
                continue
            fresh = headers.pop("x-bench-fresh", None)
            client.get(path, headers=headers)  # warm-up
            times, size = [], 0
            for _ in range(runs):
                if fresh:
                    touch(url)
                started = time.perf_counter()
                response = client.get(path, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{path}: HTTP {response.status_code}")
                size = response.num_bytes_downloaded
            results[name] = {"p50_ms": round(statistics.median(times), 1),
                             "p95_ms": round(percentile(times, 0.95), 1), "bytes": size}
            print(f"  {name:24} p50 {results[name]['p50_ms']:8.1f} ms  p95 "
                  f"{results[name]['p95_ms']:8.1f} ms  {size:9d} B", file=sys.stderr)
    untouch(url)
    return results


def sqlite_url(path: str) -> str:
    return f"sqlite:///{Path(path).resolve()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", help="SQLite file to build or reuse (default: bench-N.db here)")
    parser.add_argument("--compare", metavar="DB",
                        help="a smaller corpus's SQLite file (or URL): print the growth ratio to it")
    parser.add_argument("--compare-articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--only", help="comma-separated view names")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--source", type=Path, default=ROOT,
                        help="checkout of the app to serve (default: this one)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    env_url = os.environ.get("DATABASE_URL", "")
    url = env_url if env_url.startswith("postgresql") else sqlite_url(
        args.db or f"bench-{args.articles}.db")
    ensure_corpus(url, args.articles)
    if args.build_only:
        return
    only = set(args.only.split(",")) if args.only else None
    print(f"{args.articles} articles: {url.split('@')[-1]}", file=sys.stderr)
    results = measure(url, args.runs, only, args.source)
    output: dict = {"articles": args.articles, "views": results}
    if args.compare:
        small = args.compare if "://" in args.compare else sqlite_url(args.compare)
        ensure_corpus(small, args.compare_articles)
        print(f"{args.compare_articles} articles: {small.split('@')[-1]}", file=sys.stderr)
        baseline = measure(small, args.runs, only, args.source)
        output["baseline"] = {"articles": args.compare_articles, "views": baseline}
        output["growth_p50"] = {name: round(results[name]["p50_ms"] / max(baseline[name]["p50_ms"], 0.1), 1)
                                for name in results if name in baseline}
    if args.json:
        print(json.dumps(output))
    else:
        print_table(output)


def print_table(output: dict) -> None:
    base = output.get("baseline", {}).get("views", {})
    print(f"{'view':24} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9} {'growth':>7}")
    for name, row in output["views"].items():
        growth = output.get("growth_p50", {}).get(name)
        print(f"{name:24} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row['bytes']:9d} "
              f"{(str(growth) + '×') if growth is not None else '':>7}"
              + (f"   (at {output['baseline']['articles']}: {base[name]['p50_ms']:.1f} ms)"
                 if name in base else ""))


if __name__ == "__main__":
    main()
