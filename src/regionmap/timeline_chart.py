"""The timeline's Vega-Lite chart: its lanes, its rows of data and its spec (built once with Altair; no Streamlit)."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt

from .datespan import DatePrecision
from .model import Layer
from .timeline import NO_ACTOR, in_range
from .timeline import _date as as_date

LANE_PX = 19  # height of one lane
PLOT_PX = 700  # the plot's width the lanes are packed for (3/4 of the page at 1500 px, the y labels aside)
LABEL_CHARS = 30  # a label names the item; the tooltip and the card give the rest
CHAR_PX = 6.3  # mean width of a character of the 11 px label font
PAD_DAYS = 2  # days of margin on each side of the dates shown
SEP = "|"  # between a row's name and its lane number in the y field

# Okabe-Ito, as the map: the finer the precision the darker the bar
PRECISION_COLOURS = {
    DatePrecision.DAY.value: "#0072B2",
    DatePrecision.WEEK.value: "#009E73",
    DatePrecision.MONTH.value: "#56B4E9",
    DatePrecision.YEAR.value: "#CC79A7",
}
PRECISION_WORDS = {
    DatePrecision.DAY.value: "day: the text gives the day",
    DatePrecision.WEEK.value: "week: the text gives the week only",
    DatePrecision.MONTH.value: "month: the text gives the month only",
    DatePrecision.YEAR.value: "year: the text gives the year only",
}


def _short(text: str, n: int = LABEL_CHARS) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def item_label(rec: Mapping[str, Any]) -> str:
    """The words beside a bar: its title, and its date when the text gives no day ("… · Sep 2020")."""
    if rec["precision"] != DatePrecision.DAY.value:
        return f"{_short(rec['label'], LABEL_CHARS - len(rec['date_label']) - 3)} · {rec['date_label']}"
    return _short(rec["label"])


def row_order(records: Iterable[Mapping[str, Any]], by: str) -> list[str]:
    """Rows top to bottom: events, then the map's layers in legend order; actors by first date, then name."""
    rows = list(dict.fromkeys(r["row"] for r in records))
    if by == "layer":
        rank = {name: i for i, name in enumerate(["events", *(layer.value for layer in Layer)])}
        return sorted(rows, key=lambda r: (rank.get(r, len(rank)), r))
    first: dict[str, str] = {}
    for r in records:
        first[r["row"]] = min(first.get(r["row"], r["start"]), r["start"])
    return sorted(rows, key=lambda r: (r == NO_ACTOR, first[r], r))


def pack_lanes(
    records: Sequence[Mapping[str, Any]], domain: tuple[dt.date, dt.date], width_px: int = PLOT_PX
) -> list[tuple[int, str]]:
    """A lane and a label side for each record within its row, so that no bar or label overlaps another.

    A record takes its days plus the width of its label (at ``width_px`` for the ``domain``): the
    label inside a bar long enough to hold it, else after the bar, or before it when it would run
    past the right edge. Records go, by where
    they begin, to the first lane of their row that is free by then (greedy interval packing).
    """
    days = max(1, (domain[1] - domain[0]).days)
    per_day = width_px / days
    spans = []
    for i, r in enumerate(records):
        s, e = as_date(r["start"]), as_date(r["end_exclusive"])
        assert s is not None and e is not None
        x0 = float(max((s - domain[0]).days, 0))
        x1 = float(min(max((e - domain[0]).days, x0), days))
        label = (len(item_label(r)) * CHAR_PX + 10) / per_day
        if x1 - x0 >= label:  # a long bar (a month, a range) holds its own label
            side, a, b = "inside", x0, x1
        elif x1 + label <= days or x0 - label < 0:
            side, a, b = "right", x0, x1 + label
        else:
            side, a, b = "left", x0 - label, x1
        spans.append((r["row"], a, b, r["id"], i, side))
    lane_ends: dict[str, list[float]] = {}
    out: list[tuple[int, str]] = [(0, "right")] * len(records)
    for row, a, b, _, i, side in sorted(spans):
        ends = lane_ends.setdefault(row, [])
        lane = next((k for k, end in enumerate(ends) if end <= a), len(ends))
        if lane == len(ends):
            ends.append(b)
        else:
            ends[lane] = b
        out[i] = (lane, side)
    return out


def charted(records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The records the chart draws as bars: the dated ones, but not an article's own publication,
    which is the dashed rule of :func:`marker_rows`."""
    return [r for r in records if r["dated"] and not (r["type"] == "event" and r["kind"] == "publication")]


def chart_rows(
    records: Iterable[Mapping[str, Any]],
    by: str,
    date_from: dt.date | None,
    date_to: dt.date | None,
    bounds: tuple[dt.date, dt.date],
    selected: str | None = None,
    article_titles: Mapping[str, str] | None = None,
) -> tuple[list[dict[str, Any]], list[str], tuple[dt.date, dt.date]]:
    """The chart's data: the dated records in the date range, each in its lane, and the y order.

    Parameters
    ----------
    records
        :func:`regionmap.timeline.timeline_records` (undated ones are left out here).
    by
        ``"layer"`` or ``"actor"``: the rows the records were made for.
    date_from, date_to
        The date filter (None: open at that end); a record is kept when its span overlaps it.
    bounds
        The first and last day of every dated record and publication: the range shown without a filter.
    selected
        The id of the selected event or feature, drawn with a heavier outline.
    article_titles
        Article id -> title, for the tooltips.

    Returns
    -------
    rows, lane_order, domain
        Rows as plain dicts (ISO dates), the y values top to bottom, and the dates the x axis spans.
    """
    lo, hi = date_from or bounds[0], date_to or bounds[1]
    domain = (lo - dt.timedelta(days=PAD_DAYS), hi + dt.timedelta(days=PAD_DAYS + 1))
    kept = [r for r in charted(records) if in_range(r, date_from, date_to)]
    placed = pack_lanes(kept, domain)
    lanes = [lane for lane, _ in placed]
    titles = article_titles or {}
    rows = []
    for r, (lane, side) in zip(kept, placed, strict=True):
        what = "event" if r["type"] == "event" else f"map feature ({r['row'] if by == 'layer' else 'dated'})"
        rows.append({
            "id": r["id"], "type": r["type"], "row": r["row"], "lane": f"{r['row'].replace(SEP, '/')}{SEP}{lane}",
            "start": r["start"], "end_exclusive": r["end_exclusive"], "label": item_label(r), "title": r["label"],
            # where the bar is drawn: its days cut to the dates shown (the tooltip keeps the true dates)
            "x0": max(r["start"], domain[0].isoformat()), "x1": min(r["end_exclusive"], domain[1].isoformat()),
            "tx": min(r["end_exclusive"], domain[1].isoformat()) if side == "right" else max(r["start"], domain[0].isoformat()),
            "date_label": r["date_label"], "precision": r["precision"],
            "precision_text": PRECISION_WORDS.get(r["precision"], r["precision"]), "status": r["status"],
            "kind": r["kind"], "what": what, "article": titles.get(r["article"] or "", ""),
            "sw": 2.6 if r["id"] == selected else 0.6, "side": side,
            "aria": f"{r['label']}, {r['date_label']} ({r['precision']} precision), {what}",
        })  # fmt: skip
    order = []
    for row in row_order(kept, by):
        n = 1 + max(lane for r, lane in zip(kept, lanes, strict=True) if r["row"] == row)
        order += [f"{row.replace(SEP, '/')}{SEP}{k}" for k in range(n)]
    return rows, order, domain


def marker_rows(
    markers: Iterable[Mapping[str, Any]], domain: tuple[dt.date, dt.date]
) -> list[dict[str, Any]]:
    """Publication dates inside the domain, as rule data: ``date``, ``title``, ``label``."""
    out = []
    for m in markers:
        day = dt.date.fromisoformat(m["date"])
        if domain[0] <= day <= domain[1]:
            out.append({"date": m["date"], "title": m["title"], "label": f"published {day.day} {day:%b %Y}"})
    return out


@functools.cache
def skeleton() -> dict[str, Any]:
    """The chart without its data, domain and row order, built with Altair once per process.

    Building and validating it costs ~100 ms; :func:`chart_spec` fills in the rest in microseconds.
    """
    # No explicit domain: in a layered chart the Vega-Lite Streamlit ships warns of a conflict with
    # itself. The bars are cut to the dates shown and two invisible ticks mark the ends instead.
    shared = alt.Scale(type="utc")
    # the label format is set per domain (chart_spec); "format" with "formatType: utc" is ignored by the
    # Vega-Lite Streamlit ships, a labelExpr with utcFormat is not
    axis = alt.Axis(labelExpr="utcFormat(datum.value, '%-d %b %Y')", title=None, labelOverlap=True, grid=True)
    label_expr = f"split(datum.label, '{SEP}')[1] == '0' ? split(datum.label, '{SEP}')[0] : ''"
    y = alt.Y("lane:N", sort=["?"], title=None,
              axis=alt.Axis(labelExpr=label_expr, ticks=False, domain=False, labelLimit=170, labelFontWeight="bold"))  # fmt: skip
    items = alt.Chart(alt.Data(name="items"))
    pick = alt.selection_point(name="pick", fields=["id"], on="click", clear="dblclick", empty=False)
    colours = alt.Scale(domain=list(PRECISION_COLOURS), range=list(PRECISION_COLOURS.values()))
    bars = items.mark_bar(height=LANE_PX - 8, cornerRadius=2, clip=True, stroke="#1a1a1a", cursor="pointer").encode(
        x=alt.X("x0:T", scale=shared, axis=axis),
        x2="x1:T",
        y=y,
        color=alt.Color("precision:N", scale=colours, legend=alt.Legend(title="Date given to the", orient="top",
                                                                  description="Colour: how precise the date is")),
        # the bar just clicked at once (the chart's own selection), else the page's selection (``sw``)
        strokeWidth=alt.condition(pick, alt.value(2.6), alt.StrokeWidth("sw:Q", scale=None)),
        description="aria:N",  # what a screen reader says for a bar, instead of every field
        tooltip=[
            alt.Tooltip("title:N", title="what"), alt.Tooltip("date_label:N", title="when"),
            alt.Tooltip("precision_text:N", title="precision"), alt.Tooltip("status:N"),
            alt.Tooltip("kind:N"), alt.Tooltip("what:N", title="shown as"), alt.Tooltip("article:N"),
        ],
    ).add_params(pick)  # fmt: skip
    text: dict[str, Any] = {"baseline": "middle", "fontSize": 11, "clip": True, "color": "#222"}
    # one text layer: after the bar, or before it near the right edge (pack_lanes decides); an empty
    # filtered layer would make Vega-Lite warn of an infinite extent
    labels = items.mark_text(
        align=alt.expr("datum.side == 'left' ? 'right' : 'left'"),
        dx=alt.expr("datum.side == 'left' ? -4 : datum.side == 'inside' ? 5 : 4"),
        **text,
    ).encode(x=alt.X("tx:T", scale=shared, axis=axis), y=y, text="label:N")
    pubs = alt.Chart(alt.Data(name="markers"))
    rule = pubs.mark_rule(strokeDash=[5, 3], color="#555", strokeWidth=1.5).encode(
        x=alt.X("date:T", scale=shared, axis=axis),
        tooltip=[alt.Tooltip("title:N", title="article"), alt.Tooltip("label:N", title="date")],
    )
    # upright beside the rule, reading upwards from the bottom: it crosses no bar label
    rule_text = pubs.mark_text(
        align="left", baseline="bottom", angle=270, dx=4, dy=-3, fontSize=10, color="#444"
    ).encode(x=alt.X("date:T", scale=shared, axis=axis), y=alt.value(alt.expr("height")), text="label:N")
    ends = (
        alt.Chart(alt.Data(name="ends")).mark_tick(opacity=0).encode(x=alt.X("x:T", scale=shared, axis=axis))
    )
    chart = (
        alt.layer(bars, labels, rule, rule_text, ends)
        .properties(height=alt.Step(LANE_PX))
        .configure_view(stroke=None)
        .configure_axisY(labelPadding=6)
    )
    spec = chart.to_dict()
    spec["autosize"] = {"type": "fit-x", "contains": "padding"}  # as wide as the page, as tall as its lanes
    # Altair names views by a per-process counter: one fixed name keeps the spec (and its hash) stable
    old = spec["layer"][0]["name"]
    spec["layer"][0]["name"] = "items_view"
    for param in spec.get("params", []):
        param["views"] = ["items_view" if v == old else v for v in param.get("views", [])]
    return spec


def chart_spec(
    rows: list[dict[str, Any]],
    lane_order: list[str],
    markers: list[dict[str, Any]],
    domain: tuple[dt.date, dt.date],
) -> dict[str, Any]:
    """The Vega-Lite spec: a bar per item (from its first day to the day after its last, so a day is one
    day wide and a month the whole month), its label, a dashed rule at each publication date.

    A click on a bar selects it (the point selection ``pick`` on the field ``id``). Dates are UTC
    throughout, so a day is drawn on its own day wherever the reader is. The spec shares its
    unchanged parts with :func:`skeleton`: treat it as read-only.
    """
    base = skeleton()
    weekly = (domain[1] - domain[0]).days < 120
    layers = []
    for layer in base["layer"]:
        enc = dict(layer["encoding"])
        x = enc.get("x")
        if isinstance(x, dict) and isinstance(x.get("axis"), dict):
            fmt = "%-d %b" if weekly else "%b %Y"
            axis = {**x["axis"], "labelExpr": f"utcFormat(datum.value, '{fmt}')"}
            if weekly:
                axis["tickCount"] = {"interval": "week", "step": 1}
            enc["x"] = {**x, "axis": axis}  # a copy: the skeleton is shared
        if isinstance(enc.get("y"), dict) and "sort" in enc["y"]:
            enc["y"] = {**enc["y"], "sort": list(lane_order)}
        layers.append({**layer, "encoding": enc})
    ends = [{"x": domain[0].isoformat()}, {"x": domain[1].isoformat()}]
    return {**base, "layer": layers, "datasets": {"items": rows, "markers": markers, "ends": ends}}
