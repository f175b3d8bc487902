"""Server time of the dashboard over a synthetic corpus (10k articles, their contacts and claims).

Usage: python scripts/bench_web.py [--articles 10000] [--runs 5]
Fills a temporary SQLite database (migrated with the real migrations, so FTS triggers and
indexes are those of production), then times requests through the ASGI app in-process.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RU = ["Vladimir Putin", "Sergei Lavrov", "Nikolai Patrushev", "Sergei Shoigu", "Mikhail Mishustin",
      "Andrei Belousov", "Sergei Naryshkin", "Alexander Novak", "Maria Zakharova", "Dmitry Medvedev"]
IR = ["Ebrahim Raisi", "Ali Khamenei", "Hossein Amir-Abdollahian", "Ali Shamkhani", "Mohammad Bagheri",
      "Ali Akbar Ahmadian", "Masoud Pezeshkian", "Abbas Araghchi", "Mohammad Eslami", "Ali Bagheri Kani"]
TOPICS = ["drones", "nuclear", "economy", "energy", "sanctions", "security", "military", "transport",
          "ukraine-war", "treaty", "multilateral", "counterterrorism"]
KINDS = ["meeting", "call", "visit", "talks", "summit"]
OUTLETS = ["Reuters", "AFP", "Le Monde", "RFI", "RT France", "France 24", "Le Figaro", None]
CLAIM_KINDS = ["statement", "allegation", "denial", "admission", "report"]
SENTENCES = [
    "{a} s'est entretenu avec son homologue {b} à {place}, selon un communiqué officiel.",
    "Les deux responsables ont évoqué la coopération en matière de {topic} et de sécurité régionale.",
    "Washington accuse Téhéran de livrer des drones à Moscou, ce que l'Iran dément.",
    "Le Kremlin a qualifié ces échanges de « constructifs » et promis de nouvelles rencontres.",
    "Selon des sources diplomatiques, un accord sur le corridor de transport nord-sud serait proche.",
    "Kiev affirme que des centaines de drones iraniens ont été utilisés contre ses infrastructures.",
]
PLACES = ["Téhéran", "Moscou", "Saint-Pétersbourg", "Achgabat", "Astana", "Kazan"]


def fill(db: Path, n_articles: int, seed: int = 7) -> dict:
    """Write the synthetic corpus with plain SQL (fast), through the migrated schema."""
    rng = random.Random(seed)
    connection = sqlite3.connect(db)
    cursor = connection.cursor()
    actors = RU + IR
    for index, name in enumerate(actors, start=1):
        country = "RU" if name in RU else "IR"
        key = name.lower().split()[-1].replace("-", "")
        alias = f'["{name}", "{name.split()[-1]}"]'
        cursor.execute("INSERT INTO actor (id, key, name, country, kind, aliases, roles, in_gazetteer) "
                       "VALUES (?, ?, ?, ?, 'person', ?, '[]', 1)", (index, key, name, country, alias))
    for slug in TOPICS:
        cursor.execute("INSERT INTO topic (slug, label, description) VALUES (?, ?, '')",
                       (slug, slug.replace("-", " ").capitalize()))
    start = date(2015, 1, 1)
    articles, contacts, sources, participants, contact_topics, claims = [], [], [], [], [], []
    contact_id = claim_id = 0
    for article_id in range(1, n_articles + 1):
        a, b = rng.choice(RU), rng.choice(IR)
        topic = rng.choice(TOPICS)
        text = " ".join(s.format(a=a, b=b, place=rng.choice(PLACES), topic=topic)
                        for s in rng.sample(SENTENCES, 5)) * 3
        day = start + timedelta(days=rng.randrange(3800))
        articles.append((article_id, f"{article_id:064x}", text, f"a{article_id}.txt",
                         f"Article {article_id}: {a} et {b}", rng.choice(OUTLETS), day.isoformat(),
                         "day", day.isoformat()))
        if article_id % 5 and contact_id and rng.random() < 0.25:
            cid = rng.randrange(1, contact_id + 1)  # another report of an earlier contact
        else:
            contact_id += 1
            cid = contact_id
            precision = rng.choices(["day", "month", "year", "unknown"], [80, 12, 3, 5])[0]
            when = {"day": day.isoformat(), "month": day.isoformat()[:7], "year": day.isoformat()[:4],
                    "unknown": None}[precision]
            sort = None if when is None else (when + "-01-01")[:10] if precision != "month" else when + "-01"
            contacts.append([cid, rng.choice(KINDS), when, precision, sort, rng.choice(PLACES), 0])
            people = {actors.index(a) + 1, actors.index(b) + 1}
            if rng.random() < 0.2:
                people.add(rng.randrange(1, len(actors) + 1))
            participants += [(cid, p, "RU" if p <= len(RU) else "IR") for p in people]
            contact_topics += [(cid, t) for t in {topic, rng.choice(TOPICS)}]
        quote = text[:60]
        sources.append((cid, article_id, 0, 60, quote))
        for _ in range(3):
            claim_id += 1
            offset = rng.randrange(0, len(text) - 80)
            claims.append((claim_id, article_id, offset, offset + 80, text[offset:offset + 80],
                           rng.choice(CLAIM_KINDS)))
    cursor.executemany(
        "INSERT INTO article (id, sha256, text, origin, origin_kind, content_type, title, outlet, "
        "language, published, published_precision, published_source, published_reason, "
        "published_sort, ingested_at) VALUES (?, ?, ?, ?, 'file', 'text/plain', ?, ?, 'fr', ?, ?, "
        "'header', '', ?, '2025-01-01 00:00:00')", articles)
    counts: dict[int, set[int]] = {}
    for cid, aid, *_rest in sources:
        counts.setdefault(cid, set()).add(aid)
    for row in contacts:
        row[6] = len(counts.get(row[0], ()))
    cursor.executemany(
        "INSERT INTO contact (id, kind, date, date_precision, date_reason, date_sort, location, "
        "conflicts, source_count, created_at) VALUES (?, ?, ?, ?, 'synthetic', ?, ?, '{}', ?, "
        "'2025-01-01 00:00:00')", contacts)
    cursor.executemany("INSERT INTO contactparticipant (contact_id, actor_id, country) VALUES (?, ?, ?)",
                       participants)
    cursor.executemany("INSERT INTO contacttopic (contact_id, topic_slug) VALUES (?, ?)", contact_topics)
    cursor.executemany("INSERT INTO contactsource (contact_id, article_id, start, \"end\", quote, "
                       "date_precision, date_reason) VALUES (?, ?, ?, ?, ?, 'unknown', '')", sources)
    cursor.executemany("INSERT INTO claim (id, article_id, start, \"end\", text, kind, hedged, "
                       "date_precision, date_reason) VALUES (?, ?, ?, ?, ?, ?, 0, 'unknown', '')", claims)
    connection.commit()
    cursor.execute("ANALYZE")
    connection.close()
    return {"articles": n_articles, "contacts": contact_id, "claims": claim_id}


def timed(client, url: str, runs: int, headers: dict | None = None,
          status: int = 200, before=None) -> tuple[float, float, int, int]:
    """(median ms, max ms, body bytes, bytes on the wire) over ``runs`` requests after a warm-up;
    ``before`` runs ahead of each timed request (untimed)."""
    client.get(url, headers=headers)
    times, size, wire = [], 0, 0
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == status, (url, response.status_code)
        size, wire = len(response.content), response.num_bytes_downloaded
    return statistics.median(times), max(times), size, wire


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        url = f"sqlite:///{db}"
        os.environ.update({"DATABASE_URL": url, "LIAISON_SEED_ON_START": "false"})
        from fastapi.testclient import TestClient

        from app.settings import get_settings
        from app.storage.migrate import upgrade
        from app.web.app import create_app

        upgrade(url)
        started = time.perf_counter()
        sizes = fill(db, args.articles)
        print(f"corpus: {sizes['articles']} articles, {sizes['contacts']} contacts, "
              f"{sizes['claims']} claims (filled in {time.perf_counter() - started:.1f} s)")
        views = [
            ("timeline, no filter", "/", None),
            ("timeline, htmx fragment", "/", {"HX-Request": "true"}),
            ("chart data (timeline.json)", "/timeline.json", None),
            ("actor filter (Putin)", "/?actor=putin", None),
            ("topic + corroborated", "/?topic=drones&corroborated=1", None),
            ("full-text + date range", "/?q=corridor&date_from=2020&date_to=2022-06", None),
            ("chart data, text + dates", "/timeline.json?q=corridor&date_from=2020&date_to=2022-06",
             None),
            ("API page, actor pair", "/api/contacts?actor=putin&actor=raisi", None),
        ]
        with TestClient(create_app(get_settings())) as client:
            print(f"{'view':28} {'median ms':>10} {'max ms':>8} {'bytes':>10} {'wire':>10}")
            for label, path, headers in views:
                median, worst, size, wire = timed(client, path, args.runs, headers)
                print(f"{label:28} {median:10.0f} {worst:8.0f} {size:10d} {wire:10d}")
            from app.web.routes import timeline as timeline_routes

            for label, path in (("chart data, built (no cache)", "/timeline.json"),
                                ("chart data, text, built", "/timeline.json?q=corridor&date_from=2020"
                                                            "&date_to=2022-06")):
                median, worst, size, wire = timed(client, path, args.runs,
                                                  before=timeline_routes._figure_cache.clear)
                print(f"{label:28} {median:10.0f} {worst:8.0f} {size:10d} {wire:10d}")
            etag = client.get("/timeline.json").headers["etag"]
            median, worst, size, wire = timed(client, "/timeline.json", args.runs,
                                              {"If-None-Match": etag}, status=304)
            print(f"{'chart data, revalidated 304':28} {median:10.0f} {worst:8.0f} {size:10d} {wire:10d}")


if __name__ == "__main__":
    main()
