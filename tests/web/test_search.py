"""Search knows the gazetteer (every spelling of an actor or place) and its scope; invalid or
unresolvable filters are errors next to their field, honoured (nothing shown), and a 400 with a
one-line reason for the API and the exports."""

from __future__ import annotations

import pytest

from app.queries.filters import MAX_VALUES

from .test_timeline import listed_contact_ids


def found(client, **params) -> set[int]:
    return listed_contact_ids(client.get("/", params=params).text)


@pytest.mark.parametrize("typed", ["Shoigu", "shoigu", "Sergei Shoigu", "Choïgou", "choigou",
                                   "Sergueï Choïgou"])
def test_any_spelling_of_an_actor_finds_his_contact(client, corpus, typed):
    assert found(client, q=typed) == {corpus["visit"].id}


def test_contact_scope_keeps_to_the_contacts_own_evidence(client, corpus):
    # The second article names Patrouchev, but its call is between Putin and Raisi.
    assert found(client, q="Patrushev") == {corpus["meeting"].id}
    assert found(client, q="Patrushev", scope="article") == {corpus["meeting"].id, corpus["call"].id}


def test_a_place_is_found_by_its_english_name_as_location_or_in_the_evidence(client, corpus):
    assert found(client, q="Tehran") == {corpus["meeting"].id, corpus["visit"].id}
    assert found(client, q="Tehran", scope="article") == {
        corpus["meeting"].id, corpus["call"].id, corpus["visit"].id}


def test_every_term_must_match_and_free_words_match_as_prefixes(client, corpus):
    assert found(client, q="Shoigu Bagheri") == {corpus["visit"].id}
    assert found(client, q="Shoigu Raisi") == set()
    assert found(client, q="armé") == {corpus["visit"].id}  # "armées"


def test_claim_text_counts_for_a_contact_only_where_it_overlaps_the_evidence(client, corpus):
    assert found(client, q="dement") == set()
    assert found(client, q="dement", scope="article") == {corpus["meeting"].id}


def test_a_gazetteer_actor_without_contacts_is_a_valid_empty_choice(client, corpus):
    response = client.get("/?who=Lavrov")
    assert response.url.query == b"actor=lavrov"
    assert "No actor" not in response.text and 'class="field-error"' not in response.text
    assert listed_contact_ids(response.text) == set()
    data = client.get("/api/contacts?actor=lavrov").json()
    assert data["total"] == 0 and data["contacts"] == []


@pytest.mark.parametrize("path, reason", [
    ("/api/contacts?who=Zzzqx", "who: No actor is called “Zzzqx”"),
    ("/export/contacts.csv?actor=zzzqx", "actor: No actor has the key “zzzqx”"),
    ("/api/contacts?date_from=2022-13-45", "date_from: “2022-13-45” is not a real date"),
    ("/api/contacts?date_from=2023&date_to=2022", "date_to: the range ends (2022) before it starts (2023)"),
    ("/api/contacts?page=-1", "page: page must be a whole number from 1 to 100,000 (got “-1”)"),
    ("/api/contacts?page=" + "9" * 30, "page: page must be a whole number"),
    ("/api/contacts?topic=nowhere", "topic: No topic is called “nowhere”"),
    ("/api/contacts?kind=lunch", "kind: “lunch” is not a kind of contact"),
    ("/api/contacts?speaker=putin", "speaker: “speaker” applies to claims only"),
    ("/export/contacts.csv?colour=red", "colour: unknown parameter “colour”"),
])
def test_machines_get_a_400_with_a_one_line_reason(client, corpus, path, reason):
    response = client.get(path)
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert detail.startswith(reason) and "\n" not in detail


@pytest.mark.parametrize("query, field", [
    ("actor=zzzqx", "actor"),
    ("date_from=2022-13-45", "date_from"),
    ("date_from=2024&date_to=2023", "date_to"),
    ("page=%C2%B2", "page"),
    ("topic=nowhere", "topic"),
])
def test_pages_show_the_error_and_honour_it_with_nothing(client, corpus, query, field):
    html = client.get(f"/?{query}").text
    assert f'class="field-error" role="alert" data-field="{field}"' in html
    assert listed_contact_ids(html) == set() and 'id="total">0<' in html
    assert "Matching the filters" not in html and "cannot be honoured" in html


def test_repeated_values_cost_one_value_and_too_many_distinct_ones_are_refused(client, corpus):
    repeated = "&".join(["actor=raisi"] * 1000)
    data = client.get(f"/api/contacts?{repeated}").json()
    assert data["filter"] == "actor=raisi" and data["total"] == 2
    many = "&".join(f"actor=a{i}" for i in range(MAX_VALUES + 1))
    response = client.get(f"/api/contacts?{many}")
    assert response.status_code == 400
    assert f"at most {MAX_VALUES} values" in response.json()["detail"]
