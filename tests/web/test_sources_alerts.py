"""The Sources page, the Atom feed of every timeline view, and "new since your last visit"."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import feedparser
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.auth.users import create_user
from app.sources import store
from app.sources.listing import Item
from app.storage.db import get_engine, session_scope
from app.storage.models import Contact, Source, SourceEntry, TimelineVisit

from . import factories

A = "{http://www.w3.org/2005/Atom}"
_CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf(client: TestClient, path: str = "/sources") -> str:
    return _CSRF.search(client.get(path).text).group(1)  # type: ignore[union-attr]


def atom(client: TestClient, query: str = "") -> ET.Element:
    response = client.get("/feed.atom" + (f"?{query}" if query else ""))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entry_contact_ids(feed: ET.Element) -> list[int]:
    return [int(e.find(f"{A}link").get("href").rsplit("/", 1)[1]) for e in feed.findall(f"{A}entry")]  # type: ignore[union-attr]


# ---------------------------------------------------------------- Atom


def test_the_feed_has_every_required_atom_element(client: TestClient, corpus: dict) -> None:
    feed = atom(client)
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{A}{tag}") is not None, tag
    assert feed.find(f"{A}link[@rel='self']").get("href") == "http://testserver/feed.atom"  # type: ignore[union-attr]
    entries = feed.findall(f"{A}entry")
    assert len(entries) == 3
    for entry in entries:
        for tag in ("id", "title", "updated", "summary"):
            assert (entry.findtext(f"{A}{tag}") or "").strip(), tag
        link = entry.find(f"{A}link[@rel='alternate']")
        assert link is not None and re.fullmatch(r"http://testserver/contacts/\d+", link.get("href", ""))
    # Newest arrival first.
    assert entry_contact_ids(feed) == [corpus["visit"].id, corpus["call"].id, corpus["meeting"].id]
    titles = [e.findtext(f"{A}title") for e in entries]
    assert "call · 2022-11 (month only) · Putin – Raisi" in titles


def test_a_feed_reader_reads_it_without_complaint(client: TestClient, corpus: dict) -> None:
    parsed = feedparser.parse(client.get("/feed.atom?topic=security").content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert {e.link for e in parsed.entries} == {f"http://testserver/contacts/{corpus['meeting'].id}",
                                               f"http://testserver/contacts/{corpus['visit'].id}"}


def test_the_feed_honours_the_timeline_filter(client: TestClient, corpus: dict) -> None:
    for query in ("actor=putin", "kind=meeting&kind=visit", "topic=drones", "date_from=2022-11&date_to=2022-11",
                  "corroborated=1", "outlet=Hebdo", "country=IR&kind=call", "who=Poutine"):
        api = client.get(f"/api/contacts?{query}").json()
        assert sorted(entry_contact_ids(atom(client, query))) == sorted(c["id"] for c in api["contacts"]), query
    assert entry_contact_ids(atom(client, "actor=putin")) == [corpus["call"].id]
    feed = atom(client, "actor=putin&page=3")  # paging is not part of a subscription
    assert feed.find(f"{A}link[@rel='self']").get("href") == "http://testserver/feed.atom?actor=putin"  # type: ignore[union-attr]
    assert feed.findtext(f"{A}title") == "Liaison · Contacts · actor: putin"


def test_markup_in_names_stays_text(client: TestClient, migrated_db: str) -> None:
    with Session(get_engine(migrated_db)) as session:
        art = factories.article(session, "Une rencontre a eu lieu entre deux délégations.")
        odd = factories.actor(session, "odd", "<b>Ali</b> & «Co»", "IR")
        other = factories.actor(session, "other", "Ivan ]]> Petrov", "RU")
        factories.contact(session, "meeting", [odd, other], [(art, "Une rencontre a eu lieu")])
        session.commit()
    feed = atom(client, "actor=odd")
    assert "<b>Ali</b> & «Co»" in feed.findall(f"{A}entry")[0].findtext(f"{A}summary")  # type: ignore[operator]


def test_an_unchanged_view_answers_304_to_a_polling_reader(client: TestClient, corpus: dict,
                                                           migrated_db: str) -> None:
    first = client.get("/feed.atom?actor=putin")
    etag = first.headers["etag"]
    assert client.get("/feed.atom?actor=putin", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/feed.atom?actor=raisi", headers={"If-None-Match": etag}).status_code == 200
    with Session(get_engine(migrated_db)) as session:  # a new contact of the view changes it
        art = factories.article(session, "Vladimir Poutine a appelé Ebrahim Raïssi.")
        putin = session.get(type(corpus["putin"]), corpus["putin"].id)
        raisi = session.get(type(corpus["raisi"]), corpus["raisi"].id)
        factories.contact(session, "call", [putin, raisi], [(art, "Vladimir Poutine a appelé Ebrahim Raïssi")])
        session.commit()
    again = client.get("/feed.atom?actor=putin", headers={"If-None-Match": etag})
    assert again.status_code == 200 and len(entry_contact_ids(ET.fromstring(again.content))) == 2


def test_an_empty_view_is_a_valid_empty_feed(client: TestClient) -> None:
    feed = atom(client, "date_from=1990&date_to=1991")
    assert feed.findall(f"{A}entry") == [] and feed.findtext(f"{A}updated")


def test_a_filter_that_cannot_be_honoured_is_a_400_not_an_empty_feed(client: TestClient) -> None:
    response = client.get("/feed.atom?actor=nobody-at-all")
    assert response.status_code == 400


def test_the_timeline_links_its_feed(client: TestClient) -> None:
    page = client.get("/?kind=call").text
    assert 'href="/feed.atom?kind=call"' in page
    assert 'rel="alternate" type="application/atom+xml"' in page


# ---------------------------------------------------------------- new since the last visit


def sign_in(client: TestClient, name: str, password: str) -> None:
    token = csrf(client, "/login")
    response = client.post("/login", data={"name": name, "password": password, "csrf_token": token, "next": "/"},
                           follow_redirects=False)
    assert response.status_code == 303


def marked(page: str) -> set[int]:
    rows = re.findall(r'<tr class="contact-row" data-contact-id="(\d+)">(.*?)</tr>', page, flags=re.S)
    return {int(contact_id) for contact_id, cells in rows if "new-mark" in cells}


def test_contacts_that_arrived_since_the_last_visit_are_marked(client: TestClient, corpus: dict,
                                                               migrated_db: str) -> None:
    with session_scope(migrated_db) as session:
        user = create_user(session, "nadia", "a-long-enough-password", "viewer")
        user_id = user.id
    sign_in(client, "nadia", "a-long-enough-password")
    first = client.get("/").text
    assert marked(first) == set() and "new-mark" not in first  # a first visit marks nothing

    # Two hours later a contact arrives, then Nadia comes back (the clock is turned back
    # instead: her visit and the contacts she saw happened hours ago).
    with session_scope(migrated_db) as session:
        for contact in session.exec(select(Contact)).all():
            contact.created_at -= timedelta(hours=3)
            session.add(contact)
        visit = session.get(TimelineVisit, user_id)
        visit.seen_at -= timedelta(hours=2)  # type: ignore[union-attr]
        session.add(visit)
    with Session(get_engine(migrated_db)) as session:
        art = factories.article(session, "Vladimir Poutine a reçu Ebrahim Raïssi au Kremlin.")
        putin = session.get(type(corpus["putin"]), corpus["putin"].id)
        raisi = session.get(type(corpus["raisi"]), corpus["raisi"].id)
        fresh = factories.contact(session, "meeting", [putin, raisi], [(art, "Vladimir Poutine a reçu Ebrahim Raïssi")],
                                  date="2022-11-10", precision="day")
        session.commit()
        fresh_id = fresh.id
    back = client.get("/").text
    assert marked(back) == {fresh_id}
    assert "1 new on this page since your last visit" in back
    # Browsing on (filters, reloads) within the same visit keeps the marks.
    assert marked(client.get("/?actor=putin").text) == {fresh_id}
    assert marked(client.get("/").text) == {fresh_id}


def test_no_marks_without_an_account(client: TestClient) -> None:
    assert "new-mark" not in client.get("/").text  # local mode: nobody to remember


# ---------------------------------------------------------------- Sources page


def test_an_editor_adds_a_feed_and_sees_its_health(client: TestClient) -> None:
    assert "No source yet." in client.get("/sources").text
    response = client.post("/sources", data={"kind": "feed", "location": "https://presse.example/rss",
                                             "name": "La Presse", "every": "15", "terms": "Bouchehr, corridor",
                                             "csrf_token": csrf(client)}, follow_redirects=False)
    assert response.status_code == 303
    page = client.get("/sources").text
    assert "La Presse" in page and "never polled" in page and "every 15 min" in page


def test_a_bad_source_is_refused_with_its_reason(client: TestClient) -> None:
    response = client.post("/sources", data={"kind": "feed", "location": "presse.example/rss",
                                             "csrf_token": csrf(client)})
    assert response.status_code == 400
    assert "a feed is an http(s) URL" in response.text
    assert 'value="presse.example/rss"' in response.text  # the form keeps what was typed


def test_folders_on_the_web_only_under_the_watch_root(client: TestClient, tmp_path: Path) -> None:
    response = client.post("/sources", data={"kind": "folder", "location": str(tmp_path),
                                             "csrf_token": csrf(client)})
    assert response.status_code == 400 and "LIAISON_WATCH_ROOT" in response.text


def _source_with_decisions(url: str) -> tuple[int, dict[str, int]]:
    with Session(get_engine(url), expire_on_commit=False) as session:
        source = store.add_source(session, "feed", "https://presse.example/rss", name="La Presse")
        session.commit()
        store.record_items(session, source, [Item(key=k, url=f"https://presse.example/{k}", title=f"Titre {k}")
                                             for k in ("kept", "skipped", "failed")])
        ids = {e.key: e.id for e in session.exec(select(SourceEntry)).all()}
        for key, reason in (("kept", "names Russia (Poutine) and Iran (Téhéran)"),
                            ("skipped", "names Iran (Téhéran) but not Russia"),
                            ("failed", "unreachable (HTTP 500)")):
            entry = session.get(SourceEntry, ids[key])
            store.finish_entry(session, entry, key, reason)  # type: ignore[arg-type]
        source.failures, source.last_error = 2, "unreachable (HTTP 503)"
        session.add(source)
        session.commit()
        return source.id, ids  # type: ignore[return-value]


def test_each_entry_shows_its_decision_and_a_skipped_one_can_be_forced_in(client: TestClient,
                                                                          migrated_db: str) -> None:
    source_id, ids = _source_with_decisions(migrated_db)
    listing = client.get("/sources").text
    assert "failing (2×)" in listing and "unreachable (HTTP 503)" in listing
    page = client.get(f"/sources/{source_id}").text
    assert "names Iran (Téhéran) but not Russia" in page and "unreachable (HTTP 500)" in page
    assert page.count("Ingest anyway") == 2  # the skipped and the failed one
    only_skipped = client.get(f"/sources/{source_id}?status=skipped").text
    assert "Titre skipped" in only_skipped and "Titre kept" not in only_skipped
    response = client.post(f"/sources/entries/{ids['skipped']}/force", data={"csrf_token": csrf(client)},
                           follow_redirects=False)
    assert response.status_code == 303
    with Session(get_engine(migrated_db)) as session:
        assert session.get(SourceEntry, ids["skipped"]).status == "forced"  # type: ignore[union-attr]


def test_poll_soon_pause_resume_and_remove(client: TestClient, migrated_db: str) -> None:
    source_id, _ = _source_with_decisions(migrated_db)
    token = csrf(client)
    assert client.post(f"/sources/{source_id}/poll", data={"csrf_token": token}).status_code == 200
    assert client.post(f"/sources/{source_id}/pause", data={"csrf_token": token}).status_code == 200
    page = client.get("/sources").text
    assert "paused" in page and "Resume" in page and "Poll soon" not in page
    with Session(get_engine(migrated_db)) as session:  # a paused source is no worker's to take
        assert store.claim_source(session, "w", 600, due_only=False) is None
    assert client.post(f"/sources/{source_id}/resume", data={"csrf_token": token}).status_code == 200
    with Session(get_engine(migrated_db)) as session:
        assert store.claim_source(session, "w", 600) == source_id  # due again at once
        store.finish_poll(session, session.get(Source, source_id), "w", None)  # type: ignore[arg-type]
    assert client.post(f"/sources/{source_id}/remove", data={"csrf_token": token}).status_code == 200
    with Session(get_engine(migrated_db)) as session:
        assert session.exec(select(Source)).all() == [] and session.exec(select(SourceEntry)).all() == []
    assert client.post("/sources/999999/remove", data={"csrf_token": token}).status_code == 404
