"""Sources are named title · outlet · date wherever they are listed, and every count has one
definition used everywhere, fresh after each ingest."""

from __future__ import annotations

import re

import pytest
from sqlmodel import Session

from app.queries.sources import cut, derived_title, url_outlet
from app.storage.db import get_engine

from . import factories
from .test_pages import csrf_token


@pytest.mark.parametrize("text, title", [
    ("(.)\n\n12 mars (Agence) - Le chef de la diplomatie iranienne a atterri à Moscou. Il y restera.",
     "Le chef de la diplomatie iranienne a atterri à Moscou"),
    ("MOSCOU, 4 mai (Presse) – Les deux ministres se sont parlé par téléphone. Rien n'a filtré.",
     "Les deux ministres se sont parlé par téléphone"),
    (" date 2023-04 Accord gazier entre Moscou et Téhéran\n\nLe texte suit.",
     "Accord gazier entre Moscou et Téhéran"),
    ("Le vice-ministre iranien de l'Économie, arrivé lundi dans la capitale russe après une escale, "
     "doit rencontrer plusieurs responsables du secteur bancaire et des transports. La suite.",
     "Le vice-ministre iranien de l'Économie, arrivé lundi dans la capitale russe après une…"),
])
def test_a_title_is_derived_from_the_first_line_or_sentence_cut_at_a_word(text, title):
    assert derived_title(text) == title


def test_cut_keeps_short_text_and_cuts_long_text_at_a_word():
    assert cut("Deux mots") == "Deux mots"
    assert cut("un " * 40, 20) == "un un un un un un…"


@pytest.mark.parametrize("origin, outlet", [
    ("https://www.exemple-presse.fr/monde/article-1", "exemple-presse.fr"),
    ("http://journal.example.org/a?b=1", "journal.example.org"),
    ("article.txt", None), ("pasted", None),
])
def test_outlet_falls_back_to_the_domain_of_the_url(origin, outlet):
    assert url_outlet(origin) == outlet


def test_a_pasted_text_is_named_as_the_analyst_named_it(client, corpus, migrated_db):
    with Session(get_engine(migrated_db)) as session:
        named = factories.article(session, "Le texte collé commence ici. Suite.", origin="Note du 3 mai",
                                  origin_kind="pasted")
        unnamed = factories.article(session, "Un autre texte collé sans nom. Suite.", origin="pasted",
                                    origin_kind="pasted")
        session.commit()
        named_id, unnamed_id = named.id, unnamed.id
    assert "<h1>Note du 3 mai</h1>" in client.get(f"/articles/{named_id}").text
    assert '<h1 class="derived-title">Un autre texte collé sans nom</h1>' in \
        client.get(f"/articles/{unnamed_id}").text


def test_sources_are_listed_by_title_outlet_and_date_never_by_file_name(client, corpus, migrated_db):
    with Session(get_engine(migrated_db)) as session:
        untitled = factories.article(
            session, "Téhéran, 2 juin (Agence) - Le président iranien a reçu un émissaire russe. Suite.",
            origin="depeche-0042.txt", published="2023-06-02", published_precision="day")
        fetched = factories.article(session, "Un ministre russe est à Téhéran pour deux jours.",
                                    origin="https://www.exemple-presse.fr/monde/1", origin_kind="url")
        session.commit()
        untitled_id, fetched_id = untitled.id, fetched.id
    listing = client.get("/articles").text
    assert "depeche-0042.txt" not in listing and "(no title found)" not in listing
    assert "Le président iranien a reçu un émissaire russe" in listing
    assert "exemple-presse.fr" in listing
    page = client.get(f"/articles/{untitled_id}").text
    assert "<h1 class=\"derived-title\">Le président iranien a reçu un émissaire russe</h1>" in page
    assert "exemple-presse.fr" in client.get(f"/articles/{fetched_id}").text
    contact = client.get(f"/contacts/{corpus['meeting'].id}").text
    assert "outlet unknown" not in contact
    assert re.search(r'Patrouchev à Téhéran</a> · <span class="outlet">Agence</span> · '
                     r'<span class="published">2022-11-09</span>', contact)


def test_a_contact_counts_its_sources_in_articles_and_says_how_many_mentions(client, corpus, migrated_db):
    with Session(get_engine(migrated_db)) as session:
        meeting = corpus["meeting"]
        second = corpus["first"]
        factories.add_source(session, meeting.id, second, "Ebrahim Raïssi et avec Ali Shamkhani")
        session.commit()
    html = client.get(f"/contacts/{corpus['meeting'].id}").text
    assert "<dt>Sources</dt><dd>2 articles" in html
    assert re.search(r'Sources <span class="count">2</span> <span class="hint">3 mentions in 2 articles', html)
    side = client.get(f"/articles/{corpus['first'].id}").text.split('class="side-panel"', 1)[1]
    assert re.search(r'Contacts <span class="count">1</span>', side)
    assert "2 mentions here" in side


PASTED = ("date 2024-10-11 Sergueï Lavrov a reçu jeudi à Moscou le ministre iranien des Affaires "
          "étrangères Abbas Araghchi pour parler des livraisons de céréales.")


def test_counts_are_fresh_in_the_response_to_an_ingest_and_it_says_what_was_found(client, corpus):
    assert "3 articles · 3 contacts" in client.get("/articles").text
    response = client.post("/articles/paste", data={"text": PASTED, "title": "",
                                                    "csrf_token": csrf_token(client)},
                           headers={"HX-Request": "true"})
    assert response.headers["X-Liaison-Ingest"] == "ok"
    body = response.text
    assert "outcome-ingested" in body
    # The page's count and footer are swapped out of band with fresh figures.
    assert '<span class="count" id="article-total" hx-swap-oob="true">4</span>' in body
    assert re.search(r'<span id="site-counts" hx-swap-oob="true">4 articles · 4 contacts</span>', body)
    found = re.search(r'Found <strong>(\d+) contacts?</strong> and\s*<a href="/articles/(\d+)#claims">'
                      r'<strong>(\d+) claims?', body)
    assert found and found.group(1) == "1"
    assert re.search(r'<a href="/contacts/\d+"><span class="kind k-\w+">\w+</span> Sergei Lavrov', body)


def test_a_failed_ingest_does_not_ask_to_clear_the_form(client, corpus):
    response = client.post("/articles/paste", data={"text": " ", "csrf_token": csrf_token(client)},
                           headers={"HX-Request": "true"})
    assert response.headers["X-Liaison-Ingest"] == "failed"


@pytest.mark.parametrize("page", ["%C2%B2", "9" * 30, "-1", "abc"])
def test_an_invalid_page_number_is_an_error_not_a_crash(client, corpus, page):
    for path in ("/articles", "/topics/security"):
        response = client.get(f"{path}?page={page}")
        assert response.status_code == 200, path
        assert 'class="field-error" role="alert" data-field="page"' in response.text, path
