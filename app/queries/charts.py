"""Plotly figures as plain dicts (JSON-ready; the browser draws them from a data attribute or
from the timeline's JSON endpoint).

Dates keep their precision: a day is a point; a month or year is drawn as a span over the period
with a hollow marker in its middle, and the hover says "month precision". Undated contacts are
never put on the time axis; the page lists them in their own section.
"""

from __future__ import annotations

import calendar
from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from html import escape

from app.extraction.textfold import strip_bidi
from app.queries.timeline import OTHER_PAIRS, Bucket, ContactRow

# Okabe-Ito palette: distinguishable with the common colour-vision deficiencies.
KIND_COLOURS = {
    "meeting": "#0072B2", "call": "#E69F00", "visit": "#009E73", "talks": "#CC79A7",
    "summit": "#D55E00", "letter": "#56B4E9", "other": "#6b6b6b",
}
FALLBACK_COLOURS = ["#000000", "#F0E442", "#999999"]
PRECISION_WORDS = {"day": "", "month": "month precision", "year": "year precision"}


def kind_colour(kind: str) -> str:
    if kind in KIND_COLOURS:
        return KIND_COLOURS[kind]
    return FALLBACK_COLOURS[sum(map(ord, kind)) % len(FALLBACK_COLOURS)]


@lru_cache(maxsize=8192)
def date_span(date: str, precision: str) -> tuple[str, str, str]:
    """(start, middle, end) days of a dated contact, as ISO strings."""
    parts = date.split("-")
    year = int(parts[0])
    if precision == "month" and len(parts) >= 2:
        month = int(parts[1])
        last = calendar.monthrange(year, month)[1]
        return f"{year:04d}-{month:02d}-01", f"{year:04d}-{month:02d}-15", f"{year:04d}-{month:02d}-{last:02d}"
    if precision == "year" or len(parts) == 1:
        return f"{year:04d}-01-01", f"{year:04d}-07-01", f"{year:04d}-12-31"
    return date, date, date


def sources_label(count: int) -> str:
    return f"{count} source" + ("s" if count != 1 else "")


def hover_template(kind: str, precision: str) -> str:
    """What a trace's points share (kind, precision) written once; each point's customdata is
    [id, date, " · place" or "", names, "n sources"], already HTML-escaped."""
    words = PRECISION_WORDS.get(precision, "")
    return ("<b>%{customdata[1]}</b>" + (f" ({words})" if words else "")
            + f"<br>{escape(kind)}%{{customdata[2]}}<br>%{{customdata[3]}}<br>%{{customdata[4]}}"
            + "<extra></extra>")


def label(text: str) -> str:
    """A string Plotly may draw (tick, bar, legend or hover text): Plotly reads tags such as
    <span style> in every label, so each is HTML-escaped, and bidi controls are dropped."""
    return escape(strip_bidi(text))


def hover_parts(row: ContactRow, escaped: dict[str, str]) -> list:
    """[id, date, " · place", names, "n sources"] of one point; ``escaped`` memoises the
    escaping of the strings that thousands of points share."""
    def once(value: str) -> str:
        if value not in escaped:
            escaped[value] = label(value)
        return escaped[value]

    return [row.id, once(row.date or "undated"),
            " · " + once(row.location) if row.location else "",
            once(row.names or "(no named participant)"), sources_label(row.source_count)]


def lane_of(row: ContactRow, lane: str) -> str:
    return row.pair_label if lane == "pair" else row.kind


def marker_size(source_count: int) -> int:
    return 10 + 5 * (min(max(source_count, 1), 5) - 1)


def _offset(rank: int) -> float:
    """Vertical nudge of the n-th contact sharing a lane and a date, so none hides another."""
    if rank == 0:
        return 0.0
    step = 0.16 * ((rank + 1) // 2)
    return min(step, 0.4) * (1 if rank % 2 else -1)


MIN_PAD_DAYS = 16  # at least a month of axis around the data, whatever its spread


def axis_range(rows: list[ContactRow]) -> list[str]:
    """The time axis: from the first day to the last one any dated contact could be, padded
    (a single contact gets a month around it, never sub-millisecond ticks)."""
    return padded_range([date_span(r.date, r.date_precision) for r in rows])


def padded_range(spans: list[tuple[str, str, str]]) -> list[str]:
    """The axis over (start, middle, end) spans, padded as ``axis_range`` says."""
    first = date.fromisoformat(min(s[0] for s in spans))
    last = date.fromisoformat(max(s[2] for s in spans))
    pad = timedelta(days=max(MIN_PAD_DAYS, (last - first).days // 20))
    return [(first - pad).isoformat(), (last + pad).isoformat()]


def empty_figure(message: str, *, compact: bool = False) -> dict:
    """No axes at all (not an empty year 2000): a sentence saying why and what to do."""
    return {"data": [], "layout": {
        "height": 160 if compact else 200, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "xaxis": {"visible": False}, "yaxis": {"visible": False},
        "annotations": [{"text": escape(message), "showarrow": False, "xref": "paper",
                         "yref": "paper", "x": 0.5, "y": 0.5, "font": {"size": 14, "color": "#555"}}],
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#1b1b1b"}}}


def timeline_figure(rows: list[ContactRow], lane: str = "kind", *, compact: bool = False,
                    empty_message: str = "No dated contact to place on the time axis.") -> dict:
    """A scatter timeline: x = date, one lane per kind or counterpart pair, colour = kind.

    Lanes are numbered rows labelled with their name; contacts on the same lane and day are
    nudged apart vertically instead of being drawn on top of each other.
    """
    dated = [r for r in rows if r.date and r.date_precision != "unknown"]
    if not dated:
        return empty_figure(empty_message, compact=compact)
    lane_name = {r.id: lane_of(r, lane) for r in dated}
    middle = {r.id: date_span(r.date, r.date_precision)[1] for r in dated}
    lanes = sorted(set(lane_name.values()), reverse=True)
    lane_index = {name: i for i, name in enumerate(lanes)}
    seen: Counter = Counter()
    position: dict[int, float] = {}
    for row in sorted(dated, key=lambda r: r.id):
        spot = (lane_name[row.id], middle[row.id])
        position[row.id] = lane_index[spot[0]] + _offset(seen[spot])
        seen[spot] += 1
    traces: list[dict] = []
    spans_x: list[str | None] = []
    spans_y: list[float | None] = []
    by_kind: dict[tuple[str, bool], list[ContactRow]] = {}
    for row in dated:
        approximate = row.date_precision in ("month", "year")
        by_kind.setdefault((row.kind, approximate), []).append(row)
        if approximate:
            start, _mid, end = date_span(row.date, row.date_precision)
            spans_x += [start, end, None]
            spans_y += [position[row.id]] * 2 + [None]
    if spans_x:
        traces.append({"type": "scatter", "mode": "lines", "x": spans_x, "y": spans_y,
                       "name": "approximate date (span)", "hoverinfo": "skip",
                       "line": {"color": "rgba(90,90,90,0.45)", "width": 8}})
    escaped_names: dict[str, str] = {}
    for (kind, approximate), group in sorted(by_kind.items()):
        colour = kind_colour(kind)
        # A month and a year span are both "approximate"; split them so the hover says which.
        for precision in sorted({r.date_precision for r in group}):
            members = [r for r in group if r.date_precision == precision]
            traces.append(_marker_trace(kind, approximate, precision, members, middle, position,
                                        escaped_names, colour, first=precision == min(
                                            r.date_precision for r in group)))
    return {"data": traces, "layout": lanes_layout(lanes, axis_range(dated), compact=compact)}


def lanes_layout(lanes: list[str], x_range: list[str], *, compact: bool = False) -> dict:
    """The layout of a timeline: a date axis over ``x_range``, one labelled row per lane."""
    return {
        "height": max(220 if compact else 280, 90 + 40 * len(lanes)),
        # Legend above the plot: below it, it collides with the axis labels on narrow screens.
        "margin": {"l": 10, "r": 10, "t": 10 if compact else 40, "b": 30},
        "xaxis": {"type": "date", "gridcolor": "#e4e4e4", "range": x_range},
        "yaxis": {"tickmode": "array", "tickvals": list(range(len(lanes))),
                  "ticktext": [label(name) for name in lanes],
                  "range": [-0.6, max(len(lanes) - 0.4, 0.6)], "zeroline": False,
                  "automargin": True, "gridcolor": "#eeeeee", "fixedrange": True},
        "hovermode": "closest",
        "showlegend": not compact,
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#1b1b1b"},
    }


def _marker_trace(kind: str, approximate: bool, precision: str, group: list[ContactRow],
                  middle: dict, position: dict, escaped_names: dict, colour: str,
                  first: bool) -> dict:
    """One scatter trace: the contacts of one kind and date precision."""
    return {
        "type": "scatter", "mode": "markers",
        "name": label(f"{kind} (approximate)" if approximate else kind),
        "legendgroup": kind, "showlegend": first,
        "x": [middle[r.id] for r in group],
        "y": [position[r.id] for r in group],
        "customdata": [hover_parts(r, escaped_names) for r in group],
        "hovertemplate": hover_template(kind, precision),
        "marker": {"size": [marker_size(r.source_count) for r in group], "color": colour,
                   "symbol": "circle-open" if approximate else "circle",
                   "line": {"width": 2.5 if approximate else 1,
                            "color": colour if approximate else "#ffffff"},
                   "opacity": 0.9},
    }


def counterparts_figure(counts: list[tuple[str, int]]) -> dict:
    """Horizontal bars: how many contacts with each counterpart."""
    counts = sorted(counts, key=lambda item: (item[1], item[0]))
    return {
        "data": [{"type": "bar", "orientation": "h", "x": [c for _n, c in counts],
                  "y": [label(n) for n, _c in counts], "marker": {"color": "#0072B2"},
                  "hovertemplate": "%{y}: %{x} contact(s)<extra></extra>"}],
        "layout": {"height": max(160, 50 + 28 * len(counts)),
                   "margin": {"l": 10, "r": 10, "t": 10, "b": 30},
                   "xaxis": {"dtick": 1, "title": {"text": "Contacts"}},
                   "yaxis": {"automargin": True}, "bargap": 0.45,
                   "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
                   "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#1b1b1b"}},
    }


def kind_counts(rows: list[ContactRow]) -> Counter:
    return Counter(r.kind for r in rows)


# Above this many dated contacts the timeline draws one marker per lane, kind and month
# (its size the number of contacts) instead of one per contact.
AGGREGATE_ABOVE = 1500


def bucket_span(period: str) -> tuple[str, str, str]:
    """(start, middle, end) of a "YYYY-MM" or "YYYY" period."""
    return date_span(period, "month" if len(period) == 7 else "year")


def aggregate_size(count: int, largest: int) -> float:
    """Marker area grows with the count; the largest bucket is 40 px wide."""
    return round(6 + 34 * (count / max(largest, 1)) ** 0.5, 1)


def aggregate_figure(buckets: list[Bucket], lane: str, list_url, *, compact: bool = False) -> dict:
    """The timeline with one marker per lane, kind and period: x = the period's middle, size =
    how many contacts; hollow for year-precision periods. Pair lanes come folded (the busiest
    pairs, then ``OTHER_PAIRS``) from ``pair_buckets``. ``list_url(bucket)`` is where a
    click leads (the list of those contacts)."""
    if not buckets:
        return empty_figure("No dated contact to place on the time axis.", compact=compact)
    lanes = sorted({b.lane for b in buckets}, reverse=True)
    if OTHER_PAIRS in lanes:  # the merged lane goes at the bottom
        lanes.remove(OTHER_PAIRS)
        lanes.insert(0, OTHER_PAIRS)
    lane_index = {name: i for i, name in enumerate(lanes)}
    kinds = sorted({b.kind for b in buckets})
    # Kinds sharing a lane and period are nudged apart instead of hiding each other.
    nudge = {kind: (i - (len(kinds) - 1) / 2) * min(0.12, 0.8 / max(len(kinds), 1))
             for i, kind in enumerate(kinds)} if lane == "pair" else dict.fromkeys(kinds, 0.0)
    largest = max((b.count for b in buckets), default=1)
    traces = []
    for kind in kinds:
        for yearly in (False, True):
            group = [b for b in buckets if b.kind == kind and (len(b.period) == 4) == yearly]
            if not group:
                continue
            colour = kind_colour(kind)
            traces.append({
                "type": "scatter", "mode": "markers",
                "name": label(f"{kind} (year only)" if yearly else kind), "legendgroup": kind,
                "showlegend": not yearly or not any(len(b.period) == 7 and b.kind == kind
                                                    for b in buckets),
                "x": [bucket_span(b.period)[1] for b in group],
                "y": [lane_index[b.lane] + nudge[kind] for b in group],
                "customdata": [[list_url(b), escape(b.period), label(b.lane), b.count]
                               for b in group],
                "hovertemplate": ("<b>%{customdata[1]}</b><br>%{customdata[2]}<br>"
                                  f"%{{customdata[3]}} {label(kind)}"
                                  + (" (year only)" if yearly else "")
                                  + "<br>click to list them<extra></extra>"),
                "marker": {"size": [aggregate_size(b.count, largest) for b in group],
                           "color": colour, "symbol": "circle-open" if yearly else "circle",
                           "line": {"width": 2 if yearly else 0.5,
                                    "color": colour if yearly else "#ffffff"},
                           "opacity": 0.8},
            })
    layout = lanes_layout(lanes, padded_range([bucket_span(b.period) for b in buckets]),
                          compact=compact)
    layout["meta"] = {"aggregated": True, "note": AGGREGATE_NOTE}
    return {"data": traces, "layout": layout}


# What the page says under an aggregated chart (its markers are counts, not contacts).
AGGREGATE_NOTE = ("Each marker stands for the contacts of one kind in one month (hollow: dated only "
                  "to the year); its size is how many. Click a marker to list them.")
