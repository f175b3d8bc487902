"""The timeline page, its htmx fragments, facets, search and the API/CSV twins (TestClient)."""

from __future__ import annotations

import csv
import io
import json
import re

from sqlalchemy import event
from sqlmodel import Session

from app.storage.db import get_engine
from app.storage.migrate import upgrade

from . import factories

HTMX = {"HX-Request": "true"}


def listed_contact_ids(html: str) -> set[int]:
    """Ids of the contacts in the paged list of a timeline page or fragment."""
    return {int(i) for i in re.findall(r'class="contact-row" data-contact-id="(\d+)"', html)}


def undated_section(html: str) -> str:
    return html.split('id="undated"', 1)[1].split("</section>", 1)[0]


def figure_url(html: str) -> str:
    """The chart data URL the timeline page (or fragment) points its chart at."""
    raw = re.search(r'id="timeline-chart"[^>]*data-figure-src="([^"]*)"', html).group(1)
    return raw.replace("&amp;", "&")


def figure_of(client, path: str) -> dict:
    """The figure the browser would draw for the timeline at ``path`` (fetched as it does)."""
    response = client.get(figure_url(client.get(path).text))
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    return response.json()


def hover_of(trace: dict, index: int) -> str:
    """The hover text Plotly shows for one point: the trace template filled with its customdata."""
    parts = trace["customdata"][index]
    return re.sub(r"%\{customdata\[(\d)\]\}", lambda m: str(parts[int(m.group(1))]),
                  trace["hovertemplate"])


def test_timeline_lists_every_contact_newest_first_with_undated_last(client, corpus):
    html = client.get("/").text
    rows = re.findall(r'class="contact-row" data-contact-id="(\d+)"', html)
    assert [int(r) for r in rows] == [corpus["meeting"].id, corpus["call"].id, corpus["visit"].id]
    assert "Sergei Shoigu" in undated_section(html)
    assert "Nikolai Patrushev" not in undated_section(html)


def test_chart_never_puts_an_undated_contact_on_the_time_axis(client, corpus):
    figure = figure_of(client, "/")
    plotted = [point[0] for trace in figure["data"] for point in trace.get("customdata", [])]
    assert sorted(plotted) == sorted([corpus["meeting"].id, corpus["call"].id])
    assert corpus["visit"].id not in plotted


def test_month_precision_is_drawn_as_a_span_and_marked_approximate(client, corpus):
    figure = figure_of(client, "/")
    span = next(t for t in figure["data"] if t["name"] == "approximate date (span)")
    assert span["x"][:2] == ["2022-11-01", "2022-11-30"]
    call = next(t for t in figure["data"] if t["name"] == "call (approximate)")
    assert call["marker"]["symbol"] == "circle-open"
    assert "month precision" in hover_of(call, 0)


def test_marker_size_grows_with_sources_and_hover_names_participants(client, corpus):
    figure = figure_of(client, "/")
    meeting = next(t for t in figure["data"] if t["name"] == "meeting")
    call = next(t for t in figure["data"] if t["name"] == "call (approximate)")
    assert meeting["marker"]["size"][0] > call["marker"]["size"][0]
    hover = hover_of(meeting, 0)
    assert "2022-11-09" in hover and "Tehran" in hover and "Ebrahim Raisi" in hover and "2 sources" in hover


def test_pair_lanes_group_by_counterparts(client, corpus):
    figure = figure_of(client, "/?lane=pair")
    lanes = set(figure["layout"]["yaxis"]["ticktext"])
    assert lanes == {"Patrushev – Raisi, Shamkhani", "Putin – Raisi"}


def test_contacts_on_the_same_lane_and_day_do_not_hide_each_other(migrated_db, client, corpus):
    with Session(get_engine(migrated_db), expire_on_commit=False) as session:
        art = factories.article(session, "Poutine a rencontré Raïssi puis Khamenei.", outlet="Fil")
        khamenei = factories.actor(session, "khamenei", "Ali Khamenei", "IR")
        for person in (corpus["raisi"], khamenei):
            factories.contact(session, "meeting", [corpus["putin"], person], [(art, "Poutine a rencontré")],
                              date="2022-07-19", precision="day")
        session.commit()
    figure = figure_of(client, "/?date_from=2022-07-19&date_to=2022-07-19")
    meeting = next(t for t in figure["data"] if t["name"] == "meeting")
    assert len(meeting["y"]) == 2 and meeting["y"][0] != meeting["y"][1]


def test_page_points_its_chart_at_the_same_filter_and_inlines_no_figure(client, corpus):
    html = client.get("/?actor=putin&lane=pair&page=1").text
    assert figure_url(html) == "/timeline.json?actor=putin&lane=pair"
    assert "data-figure=" not in html.split('id="timeline-chart"', 1)[1].split(">", 1)[0]
    fragment = client.get("/?kind=call", headers=HTMX).text
    assert figure_url(fragment) == "/timeline.json?kind=call"


def test_chart_data_follows_the_filter(client, corpus):
    figure = figure_of(client, "/?actor=putin")
    plotted = [point[0] for trace in figure["data"] for point in trace.get("customdata", [])]
    assert plotted == [corpus["call"].id]


def test_chart_data_is_revalidated_with_an_etag_that_changes_with_the_data(migrated_db, client, corpus):
    first = client.get("/timeline.json")
    etag = first.headers["etag"]
    assert "no-cache" in first.headers["cache-control"]
    assert client.get("/timeline.json", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/timeline.json?kind=call", headers={"If-None-Match": etag}).status_code == 200
    with Session(get_engine(migrated_db), expire_on_commit=False) as session:
        art = factories.article(session, "Lavrov a appelé Abdollahian.", outlet="Fil")
        lavrov = factories.actor(session, "lavrov", "Sergei Lavrov", "RU")
        factories.contact(session, "call", [lavrov, corpus["raisi"]], [(art, "Lavrov a appelé")],
                          date="2023-02-01", precision="day")
        session.commit()
    again = client.get("/timeline.json", headers={"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["etag"] != etag
    assert "Sergei Lavrov" in json.dumps(again.json())


def test_hover_text_is_escaped_markup(migrated_db, client, corpus):
    with Session(get_engine(migrated_db), expire_on_commit=False) as session:
        art = factories.article(session, "Un envoyé a rencontré Raïssi.", outlet="Fil")
        odd = factories.actor(session, "odd", "<a href=x>Envoy</a>", "RU")
        factories.contact(session, "meeting", [odd, corpus["raisi"]], [(art, "Un envoyé a rencontré")],
                          date="2023-03-01", precision="day")
        session.commit()
    figure = figure_of(client, "/?actor=odd")
    hover = hover_of(next(t for t in figure["data"] if t["name"] == "meeting"), 0)
    assert "&lt;a href=x&gt;Envoy&lt;/a&gt;" in hover and "<a " not in hover


def test_typed_alias_resolves_to_the_actor_and_the_url_carries_it(client, corpus):
    response = client.get("/?who=Poutine")
    assert response.url.path == "/" and response.url.query == b"actor=putin"
    assert listed_contact_ids(response.text) == {corpus["call"].id}


def test_accented_alias_typed_without_accents_resolves(client, corpus):
    response = client.get("/?who=choigou")
    assert response.url.query == b"actor=shoigu"


def test_a_single_partial_match_is_taken(client, corpus):
    response = client.get("/?who=Shamk")
    assert response.url.query == b"actor=shamkhani"


def test_ambiguous_name_offers_the_candidates_instead_of_guessing(client, corpus):
    html = client.get("/?who=sh").text  # Shoigu, Shamkhani and others of the gazetteer
    assert "Several actors match “sh”" in html
    assert 'href="/?actor=shoigu"' in html and 'href="/?actor=shamkhani"' in html
    assert listed_contact_ids(html) == set()  # nothing rather than everything


def test_unknown_actor_name_says_so_and_shows_nothing(client, corpus):
    html = client.get("/?who=Zorglub").text
    assert "No actor is called “Zorglub”" in html
    assert 'class="field-error"' in html.split('id="facet-actor"', 1)[1].split("</fieldset>", 1)[0]
    assert listed_contact_ids(html) == set()
    assert 'id="total">0<' in html


def test_non_canonical_plain_get_redirects_to_the_canonical_url(client, corpus):
    response = client.get("/?q=&date_from=&actor=patrushev&lane=kind", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/?actor=patrushev"


def test_several_actors_must_all_take_part(client, corpus):
    assert listed_contact_ids(client.get("/?actor=raisi").text) == {corpus["meeting"].id, corpus["call"].id}
    assert listed_contact_ids(client.get("/?actor=raisi&actor=putin").text) == {corpus["call"].id}


def test_facets_filter_the_list(client, corpus):
    assert listed_contact_ids(client.get("/?topic=economy&topic=drones").text) == {
        corpus["call"].id, corpus["meeting"].id}
    assert listed_contact_ids(client.get("/?kind=visit").text) == {corpus["visit"].id}
    assert listed_contact_ids(client.get("/?outlet=Hebdo").text) == {corpus["meeting"].id, corpus["call"].id}
    assert listed_contact_ids(client.get("/?outlet=Agence").text) == {corpus["meeting"].id}
    assert listed_contact_ids(client.get("/?corroborated=1").text) == {corpus["meeting"].id}
    assert listed_contact_ids(client.get("/?country=IR").text) == {
        corpus["meeting"].id, corpus["call"].id, corpus["visit"].id}


def test_date_range_uses_overlap_for_months_and_drops_undated(client, corpus):
    assert listed_contact_ids(client.get("/?date_from=2022-11-20").text) == {corpus["call"].id}
    assert listed_contact_ids(client.get("/?date_to=2022-11-05").text) == {corpus["call"].id}
    assert listed_contact_ids(client.get("/?date_from=2022&date_to=2022").text) == {
        corpus["meeting"].id, corpus["call"].id}
    assert listed_contact_ids(client.get("/?date_from=2023").text) == set()


def facet_count(html: str, name: str, value: str) -> int:
    match = re.search(rf'name="{name}" value="{re.escape(value)}"[^>]*> [^<]*<span class="count">(\d+)</span>'
                      rf'|name="{name}" value="{re.escape(value)}"[^>]*> <span class="swatch[^"]*"></span>[^<]*'
                      rf'<span class="count">(\d+)</span>', html)
    assert match, f"no option {name}={value}"
    return int(match.group(1) or match.group(2))


def test_facet_counts_follow_the_selection(client, corpus):
    everything = client.get("/").text
    assert facet_count(everything, "actor", "raisi") == 2
    assert facet_count(everything, "kind", "meeting") == 1
    assert facet_count(everything, "topic", "security") == 2
    narrowed = client.get("/?actor=raisi").text
    assert facet_count(narrowed, "topic", "security") == 1
    assert facet_count(narrowed, "actor", "putin") == 1
    assert 'value="shoigu"' not in narrowed
    # Counts of an any-of facet ignore that facet's own choice: other kinds stay reachable.
    assert facet_count(client.get("/?kind=call").text, "kind", "meeting") == 1


def test_htmx_request_gets_only_the_changing_blocks(client, corpus):
    response = client.get("/?actor=putin", headers=HTMX)
    body = response.text
    assert "<html" not in body and "<header" not in body
    assert body.lstrip().startswith('<section id="results"')
    assert '<div id="facets" class="facets" hx-swap-oob="true">' in body
    assert listed_contact_ids(body) == {corpus["call"].id}
    assert response.headers["HX-Push-Url"] == "/?actor=putin"


def test_htmx_alias_lookup_pushes_the_canonical_url(client, corpus):
    response = client.get("/?who=Poutine&q=&date_from=", headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == "/?actor=putin"


def test_history_restore_gets_the_whole_page(client, corpus):
    response = client.get("/?actor=putin", headers={**HTMX, "HX-History-Restore-Request": "true"})
    assert "<html" in response.text


def test_full_page_form_works_without_javascript(client, corpus):
    html = client.get("/").text
    form = re.search(r'<form id="filters"[^>]*>', html).group(0)
    assert 'action="/"' in form and 'method="get"' in form
    for name in ("q", "who", "actor", "topic", "kind", "country", "outlet", "date_from", "date_to",
                 "corroborated", "lane"):
        assert f'name="{name}"' in html


def test_every_filter_input_has_a_label(client, corpus):
    html = client.get("/").text
    for input_id in re.findall(r'<input id="([^"]+)"', html):
        assert f'for="{input_id}"' in html, input_id


def test_search_is_accent_insensitive(client, corpus):
    for query in ("Choigou", "choïgou", "CHOIGOU"):
        assert listed_contact_ids(client.get("/", params={"q": query}).text) == {corpus["visit"].id}, query


def test_search_covers_claim_text_and_treats_operators_as_words(client, corpus):
    assert listed_contact_ids(client.get("/", params={"q": "dement", "scope": "article"}).text) \
        == {corpus["meeting"].id}
    assert client.get("/", params={"q": 'drones" OR NEAR(*'}).status_code == 200
    assert listed_contact_ids(client.get("/", params={"q": "zzzunknownword"}).text) == set()


def test_search_index_follows_later_writes(client, corpus, migrated_db):
    with Session(get_engine(migrated_db)) as session:
        article = session.get(type(corpus["third"]), corpus["third"].id)
        article.text = article.text.replace("Choïgou", "Choïgou Kalachnikov")
        session.add(article)
        session.commit()
    assert listed_contact_ids(client.get("/?q=kalachnikov&scope=article").text) == {corpus["visit"].id}


def test_api_returns_the_same_contacts_as_the_page(client, corpus):
    data = client.get("/api/contacts?actor=raisi").json()
    assert data["filter"] == "actor=raisi"
    assert {c["id"] for c in data["contacts"]} == listed_contact_ids(client.get("/?actor=raisi").text)
    call = next(c for c in data["contacts"] if c["id"] == corpus["call"].id)
    assert call["date"] == "2022-11" and call["date_precision"] == "month"
    assert {p["key"] for p in call["participants"]} == {"putin", "raisi"}


def test_csv_export_uses_the_filter(client, corpus):
    response = client.get("/export/contacts.csv?corroborated=1")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(r["id"]) for r in rows] == [corpus["meeting"].id]
    assert rows[0]["date"] == "2022-11-09" and "Ali Shamkhani" in rows[0]["participants"]


def test_list_pages_hold_fifty_contacts(migrated_db, client, corpus):
    with Session(get_engine(migrated_db), expire_on_commit=False) as session:
        art = factories.article(session, "Lavrov a téléphoné à Abdollahian. " * 2, outlet="Fil")
        lavrov = factories.actor(session, "lavrov", "Sergei Lavrov", "RU")
        abdollahian = factories.actor(session, "abdollahian", "Hossein Amir-Abdollahian", "IR")
        for day in range(1, 61):
            factories.contact(session, "call", [lavrov, abdollahian],
                              [(art, "Lavrov a téléphoné à Abdollahian.")],
                              date=f"2023-{1 + day // 28:02d}-{1 + day % 28:02d}", precision="day")
        session.commit()
    first = client.get("/?actor=lavrov").text
    second = client.get("/?actor=lavrov&page=2").text
    assert len(listed_contact_ids(first)) == 50 and len(listed_contact_ids(second)) == 10
    assert not listed_contact_ids(first) & listed_contact_ids(second)
    assert 'href="/?actor=lavrov&amp;page=2"' in first


def test_timeline_query_count_does_not_grow_with_contacts(migrated_db, client, corpus):
    def statements_for(url: str) -> int:
        seen = []
        engine = get_engine(migrated_db)
        listener = lambda *args: seen.append(1)  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    def add_contacts(days: range) -> None:
        # Every write moves the data version: each count below is of a page computed afresh.
        with Session(get_engine(migrated_db), expire_on_commit=False) as session:
            art = factories.article(session, f"Rencontre entre deux délégations ({days[0]}).", outlet="Fil")
            a = factories.actor(session, f"a{days[0]}", "Igor Volkov", "RU")
            b = factories.actor(session, f"b{days[0]}", "Reza Karimi", "IR")
            for day in days:
                factories.contact(session, "meeting", [a, b], [(art, "Rencontre")],
                                  date=f"2021-03-{day:02d}", precision="day")
            session.commit()

    add_contacts(range(1, 2))
    before = statements_for("/")
    add_contacts(range(2, 29))
    assert statements_for("/") == before


def test_migration_upgrade_is_idempotent(migrated_db):
    upgrade(migrated_db)


def test_active_filters_are_listed_with_labels_and_removable(client, corpus):
    html = client.get("/?topic=economy&actor=putin").text
    assert "topic: Economy ×" in html and "actor: Vladimir Putin ×" in html
    assert 'href="/?topic=economy"' in html  # removing the actor keeps the topic
