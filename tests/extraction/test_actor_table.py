"""Table tests for actor mentions: aliases, titles on a date, apposition, "M. X", references."""

from __future__ import annotations

from functools import lru_cache

import pytest

from app.extraction.actors import get_actor_finder
from app.extraction.gazetteer import get_gazetteer
from app.extraction.nlp import get_nlp

# (sentence, date, expected [(kind, name or None, country)] in order)
CASES = [
    ("Sergueï Choïgou a parlé.", "2023-09-19", [("person", "Sergei Shoigu", "RU")]),
    ("M. Choïgou a parlé.", "2023-09-19", [("person", "Sergei Shoigu", "RU")]),
    ("Le ministre russe de la Défense a parlé.", "2023-09-19", [("person", "Sergei Shoigu", "RU")]),
    ("Le ministre russe de la Défense a parlé.", "2024-09-19", [("person", "Andrei Belousov", "RU")]),
    ("Le président iranien a parlé.", "2022-11-09", [("person", "Ebrahim Raisi", "IR")]),
    ("Le président iranien a parlé.", "2025-01-17", [("person", "Masoud Pezeshkian", "IR")]),
    ("Le président iranien Ebrahim Raïssi a parlé.", "2022-11-09", [("person", "Ebrahim Raisi", "IR")]),
    ("Le chef de la sécurité russe Nikolai Patrushev a parlé.", "2022-11-09", [("person", "Nikolai Patrushev", "RU")]),
    ("Le dirigeant russe a parlé.", "2022-07-19", [("person", "Vladimir Putin", "RU")]),
    ("Le chef d'état-major des forces armées iraniennes, le général de division Mohammad Bagheri, a parlé.",
     "2023-09-19", [("person", "Mohammad Bagheri", "IR")]),
    ("Son homologue iranien, Ali Shamkhani, a parlé.", "2022-11-09", [("person", "Ali Shamkhani", "IR")]),
    ("Lavrov a reçu son homologue iranien.", "2024-12-16", [("person", "Sergei Lavrov", "RU"), ("counterpart", None, "IR")]),
    ("Les deux hommes ont parlé.", "2024-12-16", [("pair", None, None)]),
    ("Le vice-ministre iranien des Affaires étrangères Mehdi Safari a parlé.", "2024-04-03", [("person", "Mehdi Safari", "IR")]),
    ("Téhéran a reçu Patrouchev.", "2022-11-09", [("country", "Iran", "IR"), ("person", "Nikolai Patrushev", "RU")]),
]


@lru_cache(maxsize=1)
def _docs():
    return list(get_nlp().pipe([s for s, _, _ in CASES]))


@pytest.mark.parametrize("index", range(len(CASES)), ids=[c[0][:40] for c in CASES])
def test_actor_table(index):
    text, date, expected = CASES[index]
    doc = _docs()[index]
    sent = doc[:]
    mentions = get_gazetteer().find_mentions(text)
    refs = get_actor_finder().find(text, sent, mentions, date)
    assert [(r.kind, r.name, r.country) for r in refs] == expected


def test_role_follows_the_date():
    finder = get_actor_finder()
    entry = get_gazetteer().actors["shoigu"]
    assert finder.role_on(entry, "2023-09-19") == "Minister of Defence of Russia"
    assert finder.role_on(entry, "2024-09-19") == "Secretary of the Security Council of Russia"
