"""The review API and forms through the app (local mode: the single local user edits)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from web import factories

from app.settings import get_settings
from app.storage.db import get_engine
from app.storage.models import ContactSource, ReviewEvent
from app.web.app import create_app


@pytest.fixture
def corpus(migrated_db: str) -> dict:
    with Session(get_engine(migrated_db), expire_on_commit=False) as session:
        return factories.sample_corpus(session)


@pytest.fixture
def client(corpus: dict) -> Iterator[TestClient]:
    with TestClient(create_app(get_settings()), follow_redirects=False) as test_client:
        token = test_client.get("/").text.split('name="csrf-token" content="')[1].split('"')[0]
        test_client.headers["X-CSRF-Token"] = token
        yield test_client


def test_confirm_then_revert_is_recorded_in_the_history(client: TestClient, corpus: dict) -> None:
    contact_id = corpus["meeting"].id
    answer = client.post(f"/api/contacts/{contact_id}/review", json={"status": "confirmed", "note": "checked"})
    assert answer.status_code == 200, answer.text
    review = answer.json()["review"]
    assert (review["status"], review["by"], review["note"]) == ("confirmed", "local", "checked")
    detail = client.get(f"/api/contacts/{contact_id}").json()
    [event] = detail["history"]
    assert (event["action"], event["before"]["review_status"], event["after"]["review_status"]) == (
        "review", "unreviewed", "confirmed")
    assert client.post(f"/api/history/{event['id']}/revert").status_code == 201
    detail = client.get(f"/api/contacts/{contact_id}").json()
    assert detail["review"]["status"] == "unreviewed"
    assert [e["action"] for e in detail["history"]] == ["review", "revert"]
    assert detail["history"][1]["reverts"] == event["id"]


def test_an_edit_locks_the_date_and_says_who_set_it(client: TestClient, corpus: dict) -> None:
    contact_id = corpus["call"].id
    answer = client.patch(f"/api/contacts/{contact_id}", json={
        "date": "2022-11-18", "date_precision": "day", "kind": "call", "location": "Moscow",
        "participants": [corpus["putin"].id, corpus["raisi"].id], "topics": ["drones"],
        "note": "the Kremlin readout gives the day"})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["date"], body["date_precision"], body["location"]) == ("2022-11-18", "day", "Moscow")
    assert body["date_reason"] == "set by local: the Kremlin readout gives the day"
    assert body["review"]["status"] == "edited" and "date" in body["review"]["locked"]
    assert body["topics"] == ["drones"]


@pytest.mark.parametrize(("change", "message"), [
    ({"date": "2022-02-30", "date_precision": "day"}, "not a real date"),
    ({"date": "2022-11", "date_precision": "day"}, "a day date"),
    ({"kind": "dinner"}, "kind must be one of"),
    ({"topics": ["no-such-topic"]}, "no topic"),
    ({"colour": "red"}, "unknown field"),
])
def test_a_bad_edit_is_refused_and_changes_nothing(client: TestClient, corpus: dict, change: dict,
                                                    message: str) -> None:
    contact_id = corpus["call"].id
    before = client.get(f"/api/contacts/{contact_id}").json()
    answer = client.patch(f"/api/contacts/{contact_id}", json=change)
    assert answer.status_code == 400 and message in answer.json()["detail"]
    assert client.get(f"/api/contacts/{contact_id}").json() == before


def test_add_from_a_passage_stores_its_exact_quote(client: TestClient, corpus: dict) -> None:
    article = corpus["second"]
    quote = "Vladimir Poutine s'est entretenu par téléphone"
    start = factories.TEXT_SECOND.index(quote)
    answer = client.post("/api/contacts", json={
        "article_id": article.id, "start": start, "end": start + len(quote), "quote": quote,
        "kind": "call", "participants": [corpus["putin"].id], "new_participants": ["Ebrahim Raïssi"]})
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["sources"][0]["quote"] == quote == factories.TEXT_SECOND[start:start + len(quote)]
    assert body["review"]["status"] == "confirmed" and body["review"]["origin"] == "analyst"
    assert {p["name"] for p in body["participants"]} == {"Vladimir Putin", "Ebrahim Raisi"}
    wrong = client.post("/api/contacts", json={"article_id": article.id, "start": start, "end": start + 5,
                                               "quote": "Téhéran"})
    assert wrong.status_code == 400 and "not the article's text" in wrong.json()["detail"]
    outside = client.post("/api/contacts", json={"article_id": article.id, "start": 5, "end": 10**6})
    assert outside.status_code == 400


def test_merged_contacts_redirect_and_a_merge_can_be_undone(client: TestClient, corpus: dict) -> None:
    meeting, visit = corpus["meeting"].id, corpus["visit"].id
    answer = client.post(f"/api/contacts/{visit}/merge", json={"into": meeting})
    assert answer.status_code == 200 and answer.json()["source_count"] == 3
    page = client.get(f"/contacts/{visit}")
    assert page.status_code == 301 and page.headers["location"] == f"/contacts/{meeting}"
    assert client.get(f"/api/contacts/{visit}").status_code == 308
    assert client.post(f"/api/contacts/{visit}/review", json={"status": "confirmed"}).status_code == 409
    merge_event = [e for e in client.get(f"/api/contacts/{meeting}").json()["history"] if e["action"] == "merge"][0]
    assert client.post(f"/api/history/{merge_event['id']}/revert").status_code == 201
    assert client.get(f"/contacts/{visit}").status_code == 200
    restored = client.get(f"/api/contacts/{meeting}").json()
    assert restored["source_count"] == 2
    assert "Sergei Shoigu" not in {p["name"] for p in restored["participants"]}


def test_split_takes_a_source_off_into_its_own_contact(client: TestClient, corpus: dict, migrated_db: str) -> None:
    meeting = corpus["meeting"].id
    with Session(get_engine(migrated_db)) as session:
        second = session.exec(select(ContactSource).where(ContactSource.contact_id == meeting,
                                                          ContactSource.article_id == corpus["second"].id)).one()
    answer = client.post(f"/api/contacts/{meeting}/split", json={"source_id": second.id})
    assert answer.status_code == 201, answer.text
    fresh = answer.json()
    assert [s["id"] for s in fresh["sources"]] == [second.id] and fresh["id"] != meeting
    assert client.get(f"/api/contacts/{meeting}").json()["source_count"] == 1
    again = client.post(f"/api/contacts/{meeting}/split", json={"source_id": second.id})
    assert again.status_code == 404


def test_rejected_contacts_are_hidden_unless_asked_for(client: TestClient, corpus: dict) -> None:
    visit = corpus["visit"].id
    client.post(f"/api/contacts/{visit}/review", json={"status": "rejected", "note": "not Russia–Iran"})
    client.post(f"/api/contacts/{corpus['call'].id}/review", json={"status": "confirmed"})
    ids = {c["id"] for c in client.get("/api/contacts").json()["contacts"]}
    assert visit not in ids and corpus["meeting"].id in ids
    rejected = client.get("/api/contacts?review=rejected").json()["contacts"]
    assert [(c["id"], c["review"]["status"]) for c in rejected] == [(visit, "rejected")]
    confirmed = client.get("/api/contacts?review=confirmed").json()["contacts"]
    assert [c["id"] for c in confirmed] == [corpus["call"].id]
    csv = client.get("/export/contacts.csv?review=confirmed").text.splitlines()
    assert "review_status" in csv[0] and ",confirmed,local," in csv[1]
    page = client.get("/").text
    assert 'id="facet-review"' in page and "Confirmed only" in page
    counts = {a["key"]: a["contacts"] for a in client.get("/api/actors").json()}
    shown = client.get("/api/contacts").json()["contacts"]
    assert counts == dict(Counter(p["key"] for c in shown for p in c["participants"]))


def test_an_unknown_review_status_is_refused_not_ignored(client: TestClient, corpus: dict) -> None:
    answer = client.get("/api/contacts?review=approved")
    assert answer.status_code == 400 and "review" in answer.json()["detail"]
    assert "not a review status" in client.get("/?review=approved").text
    claims = client.get("/api/claims?review=confirmed")
    assert claims.status_code == 400 and "applies to contacts only" in claims.json()["detail"]


def test_claims_are_reviewed_edited_and_added(client: TestClient, corpus: dict) -> None:
    denial = corpus["denial"].id
    assert client.post(f"/api/claims/{denial}/review", json={"status": "rejected", "note": "a quote"}).json()[
        "review"]["status"] == "rejected"
    edited = client.patch(f"/api/claims/{denial}", json={"hedged": True, "kind": "denial", "speaker": "Téhéran"})
    assert edited.status_code == 200 and edited.json()["hedged"] is True
    text = factories.TEXT_TEHRAN
    quote = "Kiev accuse Moscou"
    added = client.post("/api/claims", json={"article_id": corpus["first"].id, "start": text.index(quote),
                                             "end": text.index(quote) + len(quote), "kind": "allegation",
                                             "speaker": "Kiev"})
    assert added.status_code == 201 and added.json()["text"] == quote
    assert client.get(f"/claims/{added.json()['id']}").status_code == 200
    assert [e["action"] for e in client.get(f"/api/claims/{denial}").json()["history"]] == ["review", "edit"]


def test_forms_on_the_pages_review_and_show_the_history(client: TestClient, corpus: dict) -> None:
    contact_id = corpus["call"].id
    token = client.headers["X-CSRF-Token"]
    del client.headers["X-CSRF-Token"]
    refused = client.post(f"/contacts/{contact_id}/review", data={"status": "confirmed"})
    assert refused.status_code == 403  # a browser write without its CSRF token
    answer = client.post(f"/contacts/{contact_id}/review",
                         data={"status": "rejected", "note": "a recalled call", "csrf_token": token})
    assert answer.status_code == 303
    page = client.get(f"/contacts/{contact_id}").text
    assert "a recalled call" in page and 'action="/history/' in page and "st-rejected" in page
    queue = client.get("/review").text
    assert f'data-id="{corpus["meeting"].id}"' in queue and f'data-id="{contact_id}"' not in queue


def test_an_alias_added_by_an_analyst_is_recorded(client: TestClient, corpus: dict, migrated_db: str) -> None:
    shoigu = corpus["shoigu"].id
    assert client.post(f"/api/actors/{shoigu}/aliases", json={"alias": "Choigu"}).status_code == 201
    assert client.post(f"/api/actors/{shoigu}/aliases", json={"alias": "Choigu"}).status_code == 400
    with Session(get_engine(migrated_db)) as session:
        event = session.exec(select(ReviewEvent).where(ReviewEvent.target == "actor")).one()
        assert event.after["aliases"][-1] == "Choigu"


def test_the_edit_form_records_only_what_changed(client: TestClient, corpus: dict) -> None:
    contact_id = corpus["meeting"].id
    token = client.headers["X-CSRF-Token"]
    page = client.post(f"/contacts/{contact_id}/edit", data={
        "csrf_token": token, "date": "2022-11-09", "date_precision": "day", "kind": "meeting",
        "location": "Isfahan", "topics_sent": "1", "topics": ["security", "drones"], "note": "wrong city"})
    assert page.status_code == 303
    detail = client.get(f"/api/contacts/{contact_id}").json()
    assert detail["location"] == "Isfahan" and detail["review"]["locked"] == ["location"]
    assert detail["date_reason"] == "mercredi before the 9 November dateline"
    same = client.patch(f"/api/contacts/{contact_id}", json={"location": "Isfahan"})
    assert same.status_code == 400 and "nothing to change" in same.json()["detail"]
