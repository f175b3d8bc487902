"""Actors list, sortable lists, the breadcrumb back to the filtered timeline, chart axes and
empty states."""

from __future__ import annotations

import re
from datetime import date

import pytest

from app.queries.charts import axis_range, timeline_figure
from app.queries.timeline import ContactRow

from .test_timeline import figure_of, listed_contact_ids


def row(id_: int, day: str | None, precision: str = "day") -> ContactRow:
    return ContactRow(id=id_, kind="meeting", date=day, date_precision=precision if day else "unknown",
                      date_sort=day, location=None, source_count=1)


def days(axis: list[str]) -> int:
    return (date.fromisoformat(axis[1]) - date.fromisoformat(axis[0])).days


@pytest.mark.parametrize("rows, at_least", [
    ([row(1, "2023-05-04")], 30),
    ([row(1, "2023-05-04"), row(2, "2023-05-05")], 30),
    ([row(1, "2023-05", "month")], 60),
    ([row(1, "2019-01-01"), row(2, "2024-12-31")], 6 * 365),
])
def test_the_time_axis_covers_the_data_with_at_least_a_month_around_it(rows, at_least):
    axis = axis_range(rows)
    assert days(axis) >= at_least
    assert axis[0] < min(r.date for r in rows) and axis[1] > max(r.date for r in rows)
    assert timeline_figure(rows)["layout"]["xaxis"]["range"] == axis


def test_no_dated_contact_gives_no_axis_but_a_sentence():
    figure = timeline_figure([row(1, None)], empty_message="Nothing dated <here>.")
    assert figure["data"] == []
    assert figure["layout"]["xaxis"] == {"visible": False}
    assert figure["layout"]["annotations"][0]["text"] == "Nothing dated &lt;here&gt;."


def test_timeline_chart_says_why_it_is_empty(client, corpus):
    figure = figure_of(client, "/?date_from=1990&date_to=1991")
    assert "No contact matches these filters" in figure["layout"]["annotations"][0]["text"]
    undated_only = figure_of(client, "/?actor=shoigu")
    assert "1 contact matches but none has a known date" in undated_only["layout"]["annotations"][0]["text"]
    one = figure_of(client, "/?kind=meeting")
    assert days(one["layout"]["xaxis"]["range"]) >= 30


def test_actors_list_shows_role_country_name_count_and_last_contact(client, corpus):
    html = client.get("/actors").text
    raisi = re.search(r'<tr><td><a href="/actors/\d+">Ebrahim Raisi</a></td>.*?</tr>', html, re.S).group(0)
    assert "Iran" in raisi and '<td class="num">2</td>' in raisi and "2022-11-09" in raisi
    putin = re.search(r'Vladimir Putin</a></td>.*?</tr>', html, re.S).group(0)
    assert "President of Russia" in putin and "Russia" in putin
    assert re.search(r'Sergei Shoigu</a></td>.*?undated only', html, re.S)


def test_actors_list_search_by_any_spelling_and_sorting(client, corpus):
    assert re.findall(r'<a href="/actors/\d+">([^<]+)</a></td>', client.get("/actors?q=choigou").text) \
        == ["Sergei Shoigu"]
    by_count = re.findall(r'<a href="/actors/\d+">([^<]+)</a></td>',
                          client.get("/actors?sort=contacts").text)
    assert by_count[0] == "Ebrahim Raisi"
    by_last = re.findall(r'<a href="/actors/\d+">([^<]+)</a></td>', client.get("/actors?sort=last").text)
    assert by_last[-1] in {"Mohammad Bagheri", "Sergei Shoigu"}  # only an undated contact
    assert 'data-field="sort"' in client.get("/actors?sort=height").text


@pytest.mark.parametrize("sort, first", [("oldest", "call"), ("sources", "meeting"), ("kind", "call")])
def test_the_timeline_list_sorts(client, corpus, sort, first):
    html = client.get(f"/?sort={sort}").text
    ids = [int(i) for i in re.findall(r'class="contact-row" data-contact-id="(\d+)"', html)]
    assert ids[0] == corpus[first].id and set(ids) == listed_contact_ids(client.get("/").text)
    assert '<strong aria-current="true">' in html


def test_the_breadcrumb_returns_to_the_filtered_timeline(client, corpus):
    html = client.get("/?actor=raisi&kind=meeting").text
    link = f'/contacts/{corpus["meeting"].id}?back=actor%3Draisi%26kind%3Dmeeting'
    assert f'href="{link}"' in html
    contact = client.get(link).text
    assert '<a href="/?actor=raisi&amp;kind=meeting">Timeline (your filters)</a>' in contact
    hostile = client.get(f'/contacts/{corpus["meeting"].id}?back=%22%3E%3Cscript%3E').text
    assert "<script>" not in hostile.split("</head>", 1)[1]


def test_actor_chart_is_fetched_for_dated_contacts_and_explained_without_them(client, corpus):
    html = client.get(f"/actors/{corpus['putin'].id}").text
    src = re.search(r'id="actor-chart"[^>]*data-figure-src="([^"]*)"', html).group(1).replace("&amp;", "&")
    figure = client.get(src).json()
    assert figure["data"] and "annotations" not in figure["layout"]  # compact=1 is no filter value
    assert figure["layout"]["showlegend"] is False
    undated_only = client.get(f"/actors/{corpus['shoigu'].id}").text
    chart = re.search(r'<div id="actor-chart"[^>]*>', undated_only).group(0)
    assert "data-figure-src" not in chart and "No dated contact" in chart


def test_actor_page_and_api_say_an_invalid_page_is_invalid(client, corpus):
    html = client.get(f"/actors/{corpus['putin'].id}?page=%C2%B2").text
    assert 'class="field-error" role="alert" data-field="page"' in html
    assert client.get(f"/api/actors/{corpus['putin'].id}?page=0").status_code == 400
    detail = client.get(f"/api/actors/{corpus['putin'].id}").json()
    assert detail["page"] == 1 and detail["contacts_total"] == len(detail["contacts"]) > 0
