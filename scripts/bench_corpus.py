"""A realistic synthetic corpus for the web benchmarks, written into a migrated database.

Shape (per 100,000 articles): about 80,000 contacts reported by one to a dozen articles, a few
hundred actors whose frequency is long-tailed (a handful of leaders in most contacts, hundreds
seen once or twice), dates spread over 2012-2025 at day, month, year or no precision, forty
outlets, noise spans, two or three claims per article with speakers and actors, and a varied
vocabulary in which a common word ("coopération") is in about a third of the articles and a
rare one ("Bouchehr") in about one in two hundred. ``ingested_at`` is spread over three years.
One contact in twelve is hidden from the default views (rejected, or a possible contact); a few
are confirmed or edited.

Rows are written with SQLAlchemy Core through the real migrated schema (so FTS triggers and
indexes are production's), on SQLite or PostgreSQL alike.
"""

from __future__ import annotations

import hashlib
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import yaml
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Engine

ROOT = Path(__file__).resolve().parent.parent

COMMON_WORD, COMMON_SHARE = "coopération", 0.33
MEDIUM_WORD, MEDIUM_SHARE = "corridor", 0.06
RARE_WORD, RARE_SHARE = "Bouchehr", 0.005
KINDS = ["meeting", "call", "visit", "talks", "signing", "other"]  # the extraction's kinds
KIND_WEIGHTS = [40, 25, 15, 12, 5, 3]
# Analyst review: most contacts unreviewed, some checked, and the hidden ones the default views
# leave out (rejected contacts, possible contacts the extraction was unsure of).
REVIEW = ["unreviewed", "confirmed", "edited", "rejected", "suggested"]
REVIEW_WEIGHTS = [86, 5, 1, 2, 6]
CLAIM_KINDS = ["statement", "allegation", "denial", "admission", "report"]
PLACES = ["Téhéran", "Moscou", "Saint-Pétersbourg", "Achgabat", "Astana", "Kazan", "Sotchi",
          "Bakou", "Douchanbé", "Erevan", "Pékin", "Doha", "Ankara", "Samarcande", "Minsk"]
THIRD_COUNTRIES = ["TR", "CN", "SY", "AZ", "AM", "KZ", "BY", "QA", "IN", "TJ"]
NOISE_LABELS = ["cookie banner", "newsletter", "caption", "related links"]
FILLER = ("le la les des du de un une et à en pour dans sur avec par au aux que qui est a ont "
          "sont été il elle ils selon lors entre deux pays russe iranien ministre président "
          "ministère affaires étrangères accord relations sécurité région économique projet "
          "Moscou Téhéran Kremlin gouvernement responsables visite rencontre échanges sanctions "
          "gaz pétrole énergie nucléaire programme occidentaux Washington Union européenne "
          "guerre Ukraine militaire défense armée drones missiles livraisons commerce transport "
          "banque rouble rial paiements investissements projets infrastructure port chemin fer "
          "frontière Caspienne sommet communiqué déclaration agence presse officiel porte-parole "
          "semaine mois année dernier prochain nouveau nouvelle grande important politique "
          "diplomatique stratégique partenariat traité signature négociations discussions "
          "questions internationales situation crise conflit Syrie Israël Golfe OPEP BRICS OCS "
          "analystes experts observateurs source diplomatique conseiller adjoint délégation").split()
SYLLABLES = ["ka", "ri", "mo", "te", "lan", "sor", "vi", "ne", "pa", "dou", "char", "mi", "ro",
             "zan", "bel", "fi", "go", "tra", "ven", "lu", "quo", "ser", "din", "pol", "ta"]


def _zipf_weights(n: int, exponent: float = 1.1) -> list[float]:
    return [1 / (rank ** exponent) for rank in range(1, n + 1)]


def _vocabulary(rng: random.Random) -> tuple[list[str], list[float]]:
    """Common French words first, then a long tail of invented words (Zipf frequencies)."""
    tail = {"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(20000)}
    words = FILLER + sorted(tail - set(FILLER))
    return words, _zipf_weights(len(words), 1.0)


def _actors(rng: random.Random) -> list[dict]:
    """Gazetteer actors, then invented named ones up to about 400, most frequent first."""
    entries = yaml.safe_load((ROOT / "app" / "data" / "actors.yaml").read_text(encoding="utf-8"))
    actors = [{"key": e["key"], "name": e["name"], "country": e.get("country"),
               "kind": e.get("kind", "person"), "aliases": list(e.get("aliases", [])),
               "in_gazetteer": True} for e in entries]
    rng.shuffle(actors)
    # Leaders of both sides come first so they lead the long tail, as in the press.
    # Persons before institutions and countries.
    actors.sort(key=lambda a: (a["key"] not in {"putin", "raisi", "lavrov", "araghchi",
                                                "pezeshkian", "khamenei", "shoigu"},
                               a["kind"] != "person"))
    first = ["Ali", "Mohammad", "Reza", "Hassan", "Sergueï", "Dmitri", "Igor", "Oleg", "Mehdi",
             "Alexandre", "Hossein", "Nikolaï", "Saeed", "Viktor", "Javad", "Andreï"]
    last = ["Karimi", "Volkov", "Rahimi", "Sokolov", "Hosseini", "Morozov", "Jafari", "Popov",
            "Mousavi", "Lebedev", "Rezaei", "Kozlov", "Ahmadi", "Novikov", "Moradi", "Orlov",
            "Sadeghi", "Pavlov", "Ghasemi", "Egorov", "Bagheri", "Fedorov", "Nouri", "Zaitsev"]
    seen = {a["name"] for a in actors}
    while len(actors) < 400:
        name = f"{rng.choice(first)} {rng.choice(last)}"
        if name in seen:
            continue
        seen.add(name)
        russian = name.split()[1].endswith(("ov", "ev"))
        country = "RU" if russian else "IR"
        if rng.random() < 0.1:
            country = rng.choice(THIRD_COUNTRIES)
        key = "ner:" + name.lower()
        actors.append({"key": key, "name": name, "country": country, "kind": "person",
                       "aliases": [name], "in_gazetteer": False})
    return actors


def _day(rng: random.Random) -> date:
    # More contacts in recent years, as the press reports them.
    year = rng.choices(range(2012, 2026), weights=[1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 6, 7, 8, 7])[0]
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


class Corpus:
    """Builds rows for ``n`` articles; ``write`` inserts them in chunks."""

    def __init__(self, n_articles: int, seed: int = 7) -> None:
        self.n = n_articles
        self.rng = random.Random(seed)
        self.words, self.word_weights = _vocabulary(self.rng)
        self.word_cum = _cumulative(self.word_weights)
        self.actors = _actors(self.rng)
        self.actor_cum = _cumulative(_zipf_weights(len(self.actors), 1.05))
        self.outlets = [f"Outlet {i:02d}" for i in range(1, 41)]
        self.outlet_cum = _cumulative(_zipf_weights(40, 0.9))
        self.topics = [e["slug"] for e in yaml.safe_load(
            (ROOT / "app" / "data" / "topics.yaml").read_text(encoding="utf-8"))
            if isinstance(e, dict) and e.get("slug")]
        self.topic_cum = _cumulative(_zipf_weights(len(self.topics), 0.7))
        self.review_rng = random.Random(seed + 1)  # its own stream: the rest stays as it was

    def _words(self, count: int) -> str:
        return " ".join(self.rng.choices(self.words, cum_weights=self.word_cum, k=count))

    def _actor_index(self) -> int:
        return self.rng.choices(range(len(self.actors)), cum_weights=self.actor_cum)[0]

    def _sides(self) -> list[int]:
        """Two to four participants, one of each side at least (third countries sometimes)."""
        chosen: list[int] = []
        want = self.rng.choices([2, 3, 4], weights=[78, 17, 5])[0]
        countries: set[str | None] = set()
        tries = 0
        while len(chosen) < want and tries < 50:
            tries += 1
            index = self._actor_index()
            country = self.actors[index]["country"]
            if index in chosen or (len(chosen) == 1 and country in countries):
                continue
            chosen.append(index)
            countries.add(country)
        return chosen

    def rows(self):
        """Yield (table, row) pairs in insertion order (ids are assigned here)."""
        rng = self.rng
        for i, actor in enumerate(self.actors, start=1):
            yield "actor", {"id": i, "key": actor["key"], "name": actor["name"],
                            "country": actor["country"], "kind": actor["kind"],
                            "aliases": actor["aliases"], "roles": [],
                            "in_gazetteer": actor["in_gazetteer"]}
        for slug in self.topics:
            yield "topic", {"slug": slug, "label": slug.replace("-", " ").capitalize(),
                            "description": ""}
        contacts: list[dict] = []
        claim_id = 0
        start_ingest = datetime(2023, 1, 1, tzinfo=UTC)
        for article_id in range(1, self.n + 1):
            day = _day(rng)
            reported: list[dict] = []
            how_many = rng.choices([0, 1, 2, 3], weights=[28, 52, 16, 4])[0]
            for _ in range(how_many):
                if contacts and rng.random() < 0.2:
                    # Another report of a recent contact (most re-reports are close in time).
                    contact = contacts[max(0, len(contacts) - 1 - int(rng.expovariate(1 / 300)))]
                else:
                    contact = self._new_contact(len(contacts) + 1, day)
                    contacts.append(contact)
                    yield from self._contact_rows(contact)
                if contact not in reported:
                    reported.append(contact)
            paragraphs, spans = self._article_text(reported, day)
            body = "\n\n".join(paragraphs)
            outlet = None if rng.random() < 0.08 else self.outlets[
                rng.choices(range(40), cum_weights=self.outlet_cum)[0]]
            names = [self.actors[p]["name"] for c in reported for p in c["people"]][:2]
            title = (f"{' et '.join(names)} : {self._words(6)}" if names
                     else self._words(8).capitalize())
            text = f"{title}\n{outlet or ''} - {day.isoformat()}\n\n{body}\n"
            offset = len(f"{title}\n{outlet or ''} - {day.isoformat()}\n\n")
            yield "article", {
                "id": article_id, "sha256": hashlib.sha256(f"{article_id}:{text}".encode()).hexdigest(),
                "text": text, "origin": f"a{article_id:06d}.txt", "origin_kind": "file",
                "content_type": "text/plain", "title": title, "outlet": outlet, "language": "fr",
                "published": day.isoformat(), "published_precision": "day",
                "published_source": "header", "published_reason": "",
                "published_sort": day.isoformat(),
                "ingested_at": start_ingest + timedelta(seconds=rng.randrange(3 * 365 * 86400)),
            }
            for contact, (start, end) in spans:
                start, end = start + offset, end + offset
                yield "contactsource", {
                    "contact_id": contact["id"], "article_id": article_id, "start": start,
                    "end": end, "quote": text[start:end], "date": contact["date"],
                    "date_precision": contact["date_precision"], "date_reason": "",
                    "location": contact["location"], "kind": contact["kind"]}
            if rng.random() < 0.6:
                start = rng.randrange(offset, len(text) - 120)
                yield "noisespan", {"article_id": article_id, "start": start, "end": start + 100,
                                    "label": rng.choice(NOISE_LABELS)}
            for _ in range(rng.choices([0, 1, 2, 3, 4], weights=[15, 25, 30, 20, 10])[0]):
                claim_id += 1
                yield from self._claim_rows(claim_id, article_id, text, offset, day)
        for contact in contacts:
            yield "contact_count", contact

    def _new_contact(self, contact_id: int, day: date) -> dict:
        rng = self.rng
        precision = rng.choices(["day", "month", "year", "unknown"], weights=[70, 12, 5, 13])[0]
        iso = day.isoformat()
        value = {"day": iso, "month": iso[:7], "year": iso[:4], "unknown": None}[precision]
        sort = {"day": iso, "month": iso[:7] + "-01", "year": iso[:4] + "-01-01",
                "unknown": None}[precision]
        return {"id": contact_id, "kind": rng.choices(KINDS, weights=KIND_WEIGHTS)[0],
                "date": value, "date_precision": precision, "date_sort": sort,
                "location": rng.choice(PLACES) if rng.random() < 0.7 else None,
                "people": self._sides(), "articles": set(),
                "review_status": self.review_rng.choices(REVIEW, weights=REVIEW_WEIGHTS)[0]}

    def _contact_rows(self, contact: dict):
        rng = self.rng
        for index in contact["people"]:
            actor = self.actors[index]
            yield "contactparticipant", {
                "contact_id": contact["id"], "actor_id": index + 1,
                "role": None, "country": actor["country"] if rng.random() < 0.7 else None}
        for slug in {self.topics[rng.choices(range(len(self.topics)), cum_weights=self.topic_cum)[0]]
                     for _ in range(rng.choices([0, 1, 2, 3], weights=[15, 45, 30, 10])[0])}:
            yield "contacttopic", {"contact_id": contact["id"], "topic_slug": slug}

    def _article_text(self, reported: list[dict], day: date) -> tuple[list[str], list]:
        """Paragraphs of filler with one sentence per reported contact; (contact, span) pairs."""
        rng = self.rng
        paragraphs: list[str] = []
        spans = []
        length = 0
        extra = [w for w, share in ((COMMON_WORD, COMMON_SHARE), (MEDIUM_WORD, MEDIUM_SHARE),
                                    (RARE_WORD, RARE_SHARE)) if rng.random() < share]
        for index in range(rng.randint(4, 9)):
            sentence = self._words(rng.randint(25, 60)).capitalize() + "."
            if extra and index == 1:
                sentence = sentence[:-1] + " " + " ".join(extra) + "."
            if index < len(reported):
                contact = reported[index]
                names = [self.actors[p]["name"] for p in contact["people"]]
                lead = (f"{names[0]} a rencontré {', '.join(names[1:])}"
                        + (f" à {contact['location']}" if contact["location"] else "") + ".")
                start = length
                paragraphs.append(lead + " " + sentence)
                spans.append((contact, (start, start + len(lead))))
            else:
                paragraphs.append(sentence)
            length += len(paragraphs[-1]) + 2
        return paragraphs, spans

    def _claim_rows(self, claim_id: int, article_id: int, text: str, offset: int, day: date):
        rng = self.rng
        start = rng.randrange(offset, len(text) - 100)
        end = start + rng.randint(40, 95)
        speaker = self._actor_index() if rng.random() < 0.5 else None
        dated = rng.random() < 0.6
        yield "claim", {
            "id": claim_id, "article_id": article_id, "start": start, "end": end,
            "text": text[start:end], "kind": rng.choice(CLAIM_KINDS),
            "attributed_to": self.actors[speaker]["name"] if speaker is not None else
            rng.choice([None, "des sources diplomatiques", "un responsable"]),
            "attributed_actor_id": speaker + 1 if speaker is not None else None,
            "hedged": rng.random() < 0.3, "date": day.isoformat() if dated else None,
            "date_precision": "day" if dated else "unknown", "date_reason": "",
            "date_sort": day.isoformat() if dated else None}
        for index in {self._actor_index() for _ in range(rng.randint(0, 2))}:
            yield "claimactor", {"claim_id": claim_id, "actor_id": index + 1}
        if rng.random() < 0.5:
            slug = self.topics[rng.choices(range(len(self.topics)), cum_weights=self.topic_cum)[0]]
            yield "claimtopic", {"claim_id": claim_id, "topic_slug": slug}


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for weight in weights:
        total += weight
        out.append(total)
    return out


ORDER = ["actor", "topic", "article", "noisespan", "contact", "contactparticipant",
         "contacttopic", "contactsource", "claim", "claimactor", "claimtopic"]


def fill(url: str, n_articles: int, seed: int = 7) -> dict:
    """Migrate ``url`` and write the corpus into it; ANALYZE at the end."""
    from app.storage.db import get_engine
    from app.storage.migrate import upgrade

    upgrade(url)
    engine = get_engine(url)
    counts = _write_all(engine, n_articles, seed)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":  # ids were given: move the sequences past them
            for table in ("actor", "article", "noisespan", "contact", "contactparticipant",
                          "contactsource", "claim"):
                connection.execute(sql_text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"))
        connection.execute(sql_text("ANALYZE"))
    return counts


def _write_all(engine: Engine, n_articles: int, seed: int) -> dict:
    """Contacts are only complete (source counts) once every article is generated, so rows are
    collected per table and contacts are inserted before the rows that point at them."""
    from app.storage.models import SQLModel

    tables = SQLModel.metadata.tables
    corpus = Corpus(n_articles, seed)
    rows: dict[str, list[dict]] = {name: [] for name in ORDER}
    contact_records: list[dict] = []
    for table, row in corpus.rows():
        if table == "contact_count":
            contact_records.append(row)
        else:
            rows[table].append(row)
    reporters: dict[int, set[int]] = {}
    for source in rows["contactsource"]:
        reporters.setdefault(source["contact_id"], set()).add(source["article_id"])
    created = datetime(2023, 1, 1, tzinfo=UTC)
    rows["contact"] = [{
        "id": c["id"], "kind": c["kind"], "date": c["date"], "date_precision": c["date_precision"],
        "date_reason": "synthetic", "date_sort": c["date_sort"], "location": c["location"],
        "conflicts": {}, "source_count": len(reporters.get(c["id"], ())),
        "review_status": c["review_status"],
        "created_at": created + timedelta(minutes=c["id"])} for c in contact_records]
    counts = {}
    with engine.begin() as connection:
        for name in ORDER:
            for start in range(0, len(rows[name]), 20000):
                connection.execute(tables[name].insert(), rows[name][start:start + 20000])
            counts[name] = len(rows[name])
    return counts
