"""Polling figures: a feed of N entries served on loopback, polled into a temporary database.

Usage: python scripts/bench_sources.py [--entries 40]
Prints the first poll (fetch, relevance, extraction, storage per entry), an unchanged poll
(one conditional request answered 304) and relevance decisions per second.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RELEVANT = ("Le ministre russe {ru} a rencontré {day} à Téhéran son homologue iranien pour parler du "
            "corridor Nord-Sud (dépêche numéro {n}), a indiqué la diplomatie iranienne.")
OTHER = "Le conseil municipal de Lyon a voté {day} le budget des transports (dépêche numéro {n})."
RUSSIANS = ["Sergueï Lavrov", "Alexandre Novak", "Sergueï Choïgou", "Mikhaïl Michoustine"]
DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]


def site(entries: int) -> tuple[ThreadingHTTPServer, dict[str, bytes]]:
    pages: dict[str, bytes] = {}
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)  # type: ignore[arg-type]
    base = f"http://127.0.0.1:{server.server_address[1]}"
    items = []
    for n in range(entries):
        text = (RELEVANT if n % 2 == 0 else OTHER).format(ru=RUSSIANS[n % 4], day=DAYS[n % 5], n=n)
        pages[f"/p/{n}"] = f"<html><body><article><p>{text}</p></article></body></html>".encode()
        items.append(f"<item><guid isPermaLink='false'>e{n}</guid><title>Dépêche {n}</title>"
                     f"<link>{base}/p/{n}</link></item>")
    pages["/rss"] = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Banc</title>"
                     + "".join(items) + "</channel></rss>").encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/rss" and self.headers.get("If-None-Match") == '"1"':
                self.send_response(304)
                self.end_headers()
                return
            body = pages[self.path]
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml" if self.path == "/rss" else "text/html")
            self.send_header("ETag", '"1"')
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server.RequestHandlerClass = Handler
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=40)
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    os.environ.update(DATABASE_URL=f"sqlite:///{folder}/bench.db", LIAISON_FETCH_ALLOW_PRIVATE="1",
                      LIAISON_FETCH_HOST_DELAY="0", LIAISON_SEED_ON_START="false")
    from app.extraction.pipeline import extract_documents
    from app.sources.fetch import Fetcher
    from app.sources.poll import PollReport, poll_all
    from app.sources.relevance import get_relevance
    from app.sources.store import add_source
    from app.storage.db import session_scope
    from app.storage.migrate import upgrade

    server, pages = site(args.entries)
    upgrade(os.environ["DATABASE_URL"])
    extract_documents([("warm-up", "Le président russe a reçu son homologue iranien.")])  # load spaCy first
    with session_scope() as session:
        add_source(session, "feed", f"http://127.0.0.1:{server.server_address[1]}/rss")
    for label in ("first poll", "unchanged poll"):
        report = PollReport()
        start = time.perf_counter()
        with Fetcher() as fetcher:
            poll_all("bench", fetcher, report)
        elapsed = time.perf_counter() - start
        worked = len(report.outcomes)
        per = f", {elapsed / worked * 1000:.0f} ms per entry" if worked else ""
        print(f"{label}: {elapsed:.2f} s for {worked} entries ({report.summary}){per}")
    texts = [page.decode() for path, page in pages.items() if path != "/rss"]
    relevance = get_relevance()
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for text in texts:
            relevance.decide(text)
    elapsed = time.perf_counter() - start
    print(f"relevance: {rounds * len(texts) / elapsed:,.0f} decisions/s on {len(texts)} short pages")
    server.shutdown()


if __name__ == "__main__":
    main()
