"""The Filter: parsing a query string, rendering it back, and its date bounds."""

from __future__ import annotations

import pytest

from app.queries.filters import Filter, date_lower_bound, date_upper_bound


@pytest.mark.parametrize("query", [
    "",
    "actor=putin",
    "actor=putin&actor=raisi&topic=drones&kind=call&kind=visit",
    "country=IR&outlet=Reuters&date_from=2022-07&date_to=2023&corroborated=1",
    "q=Cho%C3%AFgou+drones&lane=pair&page=3",
])
def test_round_trip_is_identity(query):
    parsed = Filter.from_query(query)
    assert parsed.to_query() == query
    assert Filter.from_query(parsed.to_query()) == parsed


@pytest.mark.parametrize("query, expected", [
    ("date_from=9%20novembre&date_to=2022-13-45x", Filter()),
    ("page=-4", Filter()),
    ("page=abc", Filter()),
    ("lane=sideways", Filter()),
    ("corroborated=off", Filter()),
    ("actor=putin&actor=putin&actor=", Filter(actor=("putin",))),
    ("q=%20%20", Filter()),
])
def test_malformed_values_are_ignored(query, expected):
    assert Filter.from_query(query) == expected


def test_empty_form_fields_give_the_same_filter_as_no_fields():
    submitted = "q=&who=&date_from=&date_to=&actor=putin&lane=kind"
    assert Filter.from_query(submitted) == Filter(actor=("putin",))


def test_toggled_adds_and_removes_and_resets_the_page():
    f = Filter(topic=("drones",), page=4)
    assert f.toggled("topic", "nuclear").topic == ("drones", "nuclear")
    assert f.toggled("topic", "drones").topic == ()
    assert f.toggled("topic", "nuclear").page == 1


def test_without_clears_one_facet_only():
    f = Filter(kind=("call",), topic=("drones",))
    assert f.without("kind") == Filter(topic=("drones",))


@pytest.mark.parametrize("value, lower, upper", [
    ("2022", "2022-01-01", "2022-12-31"),
    ("2022-11", "2022-11-01", "2022-11-31"),
    ("2022-11-09", "2022-11-09", "2022-11-09"),
])
def test_date_bounds_cover_the_whole_period(value, lower, upper):
    assert date_lower_bound(value) == lower
    assert date_upper_bound(value) == upper
