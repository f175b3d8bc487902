"""Chart labels: Plotly reads tags in tick, bar, legend and hover text, so every label drawn
from data is escaped, and bidi controls are dropped from names."""

from __future__ import annotations

import json

from sqlmodel import Session

from app.queries.charts import counterparts_figure, timeline_figure
from app.queries.timeline import ContactRow, ParticipantRow
from app.storage.db import get_engine
from app.storage.repository import upsert_actor

MARKUP = '<span style="font-size:60px">Ali</span>'
BIDI = "Ali\u202eivad\u202c Rezaei"


def _row(names: list[tuple[str, str]]) -> ContactRow:
    return ContactRow(id=1, kind="meeting", date="2024-03-14", date_precision="day",
                      date_sort="2024-03-14", location="<b>Moscou</b>", source_count=1,
                      participants=[ParticipantRow(i, f"k{i}", n, c, None)
                                    for i, (n, c) in enumerate(names)])


def _assert_inert(strings: list[str]) -> None:
    for text in strings:
        assert "<span" not in text and "<b>" not in text, text
        assert "\u202e" not in text and "\u202c" not in text, text


def test_counterpart_bars_escape_names() -> None:
    figure = counterparts_figure([(MARKUP, 3), (BIDI, 1)])
    labels = figure["data"][0]["y"]
    _assert_inert(labels)
    assert "&lt;span style=&quot;font-size:60px&quot;&gt;Ali&lt;/span&gt;" in labels
    assert "Aliivad Rezaei" in labels


def test_timeline_lanes_and_hover_escape_names() -> None:
    figure = timeline_figure([_row([(MARKUP, "IR"), (BIDI, "RU")])], "pair")
    ticks = figure["layout"]["yaxis"]["ticktext"]
    _assert_inert(ticks)
    assert any("&lt;span" in tick for tick in ticks)
    hover = [part for trace in figure["data"] for point in trace.get("customdata", [])
             for part in point if isinstance(part, str)]
    _assert_inert(hover)
    assert "<span" not in json.dumps(figure)


def test_stored_actor_names_lose_bidi_controls(migrated_db: str) -> None:
    with Session(get_engine(migrated_db)) as session:
        actor = upsert_actor(session, BIDI)
        assert actor.name == "Aliivad Rezaei"
        assert actor.aliases == ["Aliivad Rezaei"]
