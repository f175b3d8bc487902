"""The claims view over the same Filter, and exports that match the view: every row, streamed,
named after the filter, with quotes, titles, outlets, URLs and dates; formulas neutralised."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from sqlmodel import Session

from app.storage.db import get_engine
from app.web.routes.exports import safe_cell

from . import factories


def listed_claim_ids(html: str) -> set[int]:
    return {int(i) for i in re.findall(r'class="claim-card" data-claim-id="(\d+)"', html)}


def test_claims_view_lists_every_claim_one_click_from_its_sentence(client, corpus):
    html = client.get("/claims").text
    assert listed_claim_ids(html) == {corpus["accusation"].id, corpus["denial"].id}
    assert f'href="/articles/{corpus["first"].id}#claim-{corpus["denial"].id}"' in html
    assert "Patrouchev à Téhéran</a> · <span class=\"outlet\">Agence</span>" in html
    assert re.search(r'id="facet-kind".*?value="denial".*?<span class="count">1</span>', html, re.S)


@pytest.mark.parametrize("query, expected", [
    ("kind=denial", {"denial"}),
    ("kind=allegation&kind=denial", {"accusation", "denial"}),
    ("speaker=iran", {"denial"}),
    ("actor=iran", {"accusation", "denial"}),
    ("topic=drones", {"accusation", "denial"}),
    ("hedged=1", set()),
    ("hedged=0", {"accusation", "denial"}),
    ("outlet=Agence", {"accusation", "denial"}),
    ("outlet=Hebdo", set()),
    ("q=drones", {"accusation"}),
    ("q=Moscow", {"accusation"}),  # "Moscou" in the claim, found by its English name
    ("q=Patrushev", set()),
    ("q=Patrushev&scope=article", {"accusation", "denial"}),
    ("date_from=2022-11&date_to=2022-11", {"accusation", "denial"}),  # their article's date
    ("date_from=2023", set()),
])
def test_claims_filter(client, corpus, query, expected):
    assert listed_claim_ids(client.get(f"/claims?{query}").text) == {corpus[k].id for k in expected}


@pytest.mark.parametrize("query, field", [
    ("speaker=zzz", "speaker"), ("kind=meeting", "kind"), ("hedged=maybe", "hedged"),
    ("corroborated=1", "corroborated"), ("sort=sources", "sort"),
])
def test_claims_view_shows_and_honours_invalid_filters(client, corpus, query, field):
    html = client.get(f"/claims?{query}").text
    assert f'data-field="{field}"' in html and listed_claim_ids(html) == set()
    assert client.get(f"/export/claims.csv?{query}").status_code == 400


def test_claims_export_matches_the_view(client, corpus):
    response = client.get("/export/claims.csv?topic=drones&kind=denial")
    assert response.headers["content-disposition"] == \
        'attachment; filename="liaison-claims_topic-drones_kind-denial.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["id"]) for r in rows] == [corpus["denial"].id]
    row = rows[0]
    assert row["text"] == "ce que Téhéran dément" and row["speaker"] == "Iran"
    assert row["article_title"] == "Patrouchev à Téhéran" and row["outlet"] == "Agence"
    assert (row["date"], row["date_precision"], row["date_of"]) == ("2022-11-09", "day", "published")
    assert row["url"].endswith(f"/articles/{corpus['first'].id}#claim-{corpus['denial'].id}")
    data = client.get("/export/claims.json?topic=drones&kind=denial").json()
    assert data["filter"] == "topic=drones&kind=denial" and len(data["claims"]) == 1
    assert data["claims"][0]["speaker"] == {"key": "iran", "name": "Iran"}


def test_contacts_export_streams_every_row_not_one_page(client, corpus, migrated_db):
    with Session(get_engine(migrated_db)) as session:
        art = factories.article(session, "Réunion de travail. " * 3, title="Série", outlet="Hebdo")
        raisi = session.get(type(corpus["raisi"]), corpus["raisi"].id)
        for day in range(1, 61):
            factories.contact(session, "talks", [raisi], [(art, "Réunion de travail.")],
                              date=f"2021-{1 + day % 12:02d}-{1 + day % 28:02d}", precision="day")
        session.commit()
    assert client.get("/api/contacts?actor=raisi").json()["total"] == 62
    rows = list(csv.DictReader(io.StringIO(client.get("/export/contacts.csv?actor=raisi").text)))
    assert len(rows) == 62 == len({r["id"] for r in rows})
    assert len(client.get("/export/contacts.json?actor=raisi").json()["contacts"]) == 62


def test_contacts_export_carries_quotes_titles_outlets_and_dates_with_precision(client, corpus):
    response = client.get("/export/contacts.csv?actor=patrushev&lane=pair")
    assert 'filename="liaison-contacts_actor-patrushev.csv"' in response.headers["content-disposition"]
    (row,) = csv.DictReader(io.StringIO(response.text))
    assert (row["date"], row["date_precision"]) == ("2022-11-09", "day")
    assert row["date_reason"] == "mercredi before the 9 November dateline"
    assert row["article_titles"] == "Patrouchev à Téhéran | Moscou et Téhéran"
    assert row["outlets"] == "Agence | Hebdo" and row["source_count"] == "2"
    assert row["quotes"].startswith("s'est entretenu mercredi à Téhéran")
    record = client.get("/export/contacts.json?actor=patrushev").json()["contacts"][0]
    assert record["sources"][0]["quote"] == "s'est entretenu mercredi à Téhéran avec le président iranien Ebrahim Raïssi"
    assert record["sources"][0]["article_url"].endswith(f"/articles/{corpus['first'].id}#src-"
                                                        + record["sources"][0]["article_url"].split("#src-")[1])


@pytest.mark.parametrize("value, cell", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("+33 1", "'+33 1"),
    ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"),
    ("Poutine", "Poutine"), (None, ""), (True, "true"), (3, "3"),
])
def test_formula_looking_cells_are_neutralised(value, cell):
    assert safe_cell(value) == cell


def test_a_hostile_actor_name_reaches_the_csv_inert(client, corpus, migrated_db):
    with Session(get_engine(migrated_db)) as session:
        art = factories.article(session, "Un appel a eu lieu hier soir.", title="=1+1", outlet="@Hebdo")
        person = factories.actor(session, "ner:formula", "=cmd|' /C calc'!A0", "IR")
        factories.contact(session, "call", [person], [(art, "Un appel a eu lieu")])
        session.commit()
    text = client.get("/export/contacts.csv?actor=ner:formula").text
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["participants"] == "'=cmd|' /C calc'!A0"
    assert row["article_titles"] == "'=1+1" and row["outlets"] == "'@Hebdo"
    assert json.loads(client.get("/export/contacts.json?actor=ner:formula").text)[
        "contacts"][0]["participants"][0]["name"] == "=cmd|' /C calc'!A0"
