"""The timeline under the map: the date filter, rows by layer or by actor, the chart (a click selects), undated events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from .article_view import md_escape
from .datespan import DateSpan
from .load import Dataset
from .timeline import date_bounds, feature_mask, publication_markers, timeline_records
from .timeline_chart import chart_rows, chart_spec, charted, marker_rows
from .ui_state import ARTICLE, DATE_FROM, DATE_TO, EVENT, SEL, select, select_event, sync_url

ROWS, SLIDER, CHART_N = "rm_tl_rows", "rm_tl_dates", "rm_tl_n"
FULL = "rm_tl_full_rerun"  # an event of another article was chosen: the sidebar's picker must follow
ROW_CHOICES = {"layer": "by layer", "actor": "by actor"}


@st.cache_resource(max_entries=8)
def records(_ds: Dataset, key: int, by: str) -> list[dict[str, Any]]:
    """Every event and dated feature of every article, for one row mode (read-only)."""
    return timeline_records(_ds.events, _ds.features, _ds.actors, by="actor" if by == "actor" else "layer")


@st.cache_resource(max_entries=4)
def bounds(_ds: Dataset, key: int) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the dated records and publications: the slider's ends."""
    return date_bounds(records(_ds, key, "layer"), publication_markers(_ds.articles))


@st.cache_resource(max_entries=32)
def _spec(_ds: Dataset, key: int, by: str, d0: dt.date | None, d1: dt.date | None) -> tuple[dict, int]:
    span = bounds(_ds, key)
    assert span is not None
    titles = {a: art.meta.title for a, art in _ds.articles.items()}
    rows, order, domain = chart_rows(records(_ds, key, by), by, d0, d1, span, None, titles)
    markers = marker_rows(publication_markers(_ds.articles), domain)
    # by actor an item is drawn once per actor: count items, not bars
    return chart_spec(rows, order, markers, domain), len({r["id"] for r in rows})


@st.cache_resource(max_entries=16)
def hidden_features(_ds: Dataset, key: int, d0: dt.date | None, d1: dt.date | None) -> list[str]:
    """The dated features outside the date range: the map hides them (undated ones stay)."""
    if d0 is None and d1 is None:
        return []
    mask = feature_mask(_ds.features, d0, d1)
    return sorted(str(f) for f in mask.index[~mask])


def date_range() -> tuple[dt.date | None, dt.date | None]:
    """The date filter: (from, to), None where open."""
    return st.session_state.get(DATE_FROM), st.session_state.get(DATE_TO)


def with_selection(spec: dict, selected: str | None) -> dict:
    """The cached spec with the selected item's bar outlined (copies only the rows)."""
    items = spec["datasets"]["items"]
    if not any(r["id"] == selected for r in items):
        return spec
    rows = [{**r, "sw": 2.6} if r["id"] == selected else r for r in items]
    return {**spec, "datasets": {**spec["datasets"], "items": rows}}


@st.cache_resource(max_entries=64)
def _spec_to_send(_ds: Dataset, key: int, by: str, d0: dt.date | None, d1: dt.date | None,
                  selected: str | None) -> dict:  # fmt: skip
    """The spec with its datasets already in Arrow, as Streamlit would convert them on every run.

    Streamlit passes datasets given as bytes through untouched; converting ~20 rows costs ~5 ms a
    run, which a click need not pay twice for the same view.
    """
    from streamlit.dataframe_util import convert_anything_to_arrow_bytes

    spec = with_selection(_spec(_ds, key, by, d0, d1)[0], selected)
    return {**spec, "datasets": {k: convert_anything_to_arrow_bytes(v) for k, v in spec["datasets"].items()}}


def _on_dates(lo: dt.date, hi: dt.date) -> None:
    value = st.session_state.get(SLIDER)
    if not isinstance(value, tuple | list) or len(value) != 2:
        return
    d0, d1 = value
    st.session_state[DATE_FROM] = d0 if d0 > lo else None
    st.session_state[DATE_TO] = d1 if d1 < hi else None
    sync_url()


def _chart_key() -> str:
    return f"rm_timeline_{st.session_state.get(ROWS) or 'layer'}_{st.session_state.get(CHART_N, 0)}"


def picked(value: Any) -> str | None:
    """The id a chart selection names (``{"selection": {"pick": [{"id": ...}]}}``), or None."""
    sel = value.get("selection") if isinstance(value, dict) else getattr(value, "selection", None)
    pick = sel.get("pick") if isinstance(sel, dict) else getattr(sel, "pick", None)
    if isinstance(pick, list) and pick and isinstance(pick[0], dict) and isinstance(pick[0].get("id"), str):
        return pick[0]["id"]
    return None


def apply_pick(ds: Dataset, iid: str | None) -> bool:
    """Select the event or feature a timeline click names; True if it was one."""
    if iid is None:
        return False
    if any(ev.id == iid for ev in ds.events):
        if not select_event(ds, iid):
            st.session_state[FULL] = True
        return True
    if iid in ds.features.index:
        select(ds, iid)
        return True
    return False


def _on_pick(ds: Dataset, key: str) -> None:
    apply_pick(ds, picked(st.session_state.get(key)))


def summary(ds: Dataset, key: int, shown: int, pubs: int = 0) -> str:
    """ "5 of 13 dated items from 17 Sep 2020 to 30 Oct 2020; 3 events undated" for the caption."""
    total = len(charted(records(ds, key, "layer")))
    d0, d1 = date_range()
    span = bounds(ds, key)
    assert span is not None
    lo, hi = d0 or span[0], d1 or span[1]
    rng = DateSpan(start=lo, end=hi).label()
    return (f"{shown} of {total} dated events and map features · {rng}" + ("" if d0 or d1 else " (all dates)")
            + ("; dashed line: the article's publication" if pubs else ""))  # fmt: skip


def stale_pick() -> bool:
    """Whether the chart still shows a bar picked before the page's selection moved on.

    The timeline is outside the map fragment, so a map click does not redraw it; the map fragment
    asks for a whole-page run when this is True, and the chart is then drawn afresh (a click on the
    same bar must select it again).
    """
    iid = picked(st.session_state.get(_chart_key()))
    return iid is not None and iid not in (st.session_state.get(EVENT), st.session_state.get(SEL))


def renew_if_stale() -> None:
    """Give the chart a new key when it shows a stale pick, so it is drawn afresh this run.

    Called on every whole-page run before the map fragment, whose :func:`stale_pick` check would
    otherwise ask for the page again and again.
    """
    if stale_pick():
        st.session_state[CHART_N] = st.session_state.get(CHART_N, 0) + 1


def timeline(ds: Dataset, key: int) -> None:
    """The date filter and the timeline chart under the map; undated events as buttons beside it.

    Drawn outside the map fragment: a map click sends none of it again. A click on a bar, the
    slider or an undated event reruns the page, so the map, the card and the article follow.
    """
    span = bounds(ds, key)
    if span is None:
        st.caption("No article here gives a date for an event or a feature: there is no timeline to draw.")
        return
    lo, hi = span
    d0, d1 = date_range()
    # the ends stretch to a range a link asks for, beyond the data's dates
    lo, hi = min(lo, d0 or lo), max(hi, d1 or hi)
    if hi <= lo:
        hi = lo + dt.timedelta(days=1)
    want = (d0 or lo, d1 or hi)
    if st.session_state.get(SLIDER) != want:
        st.session_state[SLIDER] = want
    selected = st.session_state.get(EVENT) or st.session_state.get(SEL)
    renew_if_stale()
    ckey = _chart_key()
    with st.expander("Timeline and date filter", expanded=True), st.container(key="rm_timeline_box"):
        c_ctl, c_chart = st.columns([1, 3], gap="medium")
        with c_ctl:
            st.slider(
                "Dates", min_value=lo, max_value=hi, step=dt.timedelta(days=1), format="D MMM YYYY", key=SLIDER,
                on_change=_on_dates, args=(lo, hi),
                help="Shows the events and dated features whose dates overlap the range, on the map and here. "
                "An event known to the month counts if its month overlaps. Undated features stay on the map.",
            )  # fmt: skip
            st.segmented_control("Rows", list(ROW_CHOICES), key=ROWS, default="layer",
                                 format_func=lambda v: ROW_CHOICES[v], required=True)  # fmt: skip
            by = st.session_state.get(ROWS) or "layer"
            spec, shown = _spec(ds, key, by, d0, d1)
            pubs = len(spec["datasets"]["markers"])
            st.caption(
                md_escape(summary(ds, key, shown, pubs)) + (" · click a bar to select it" if shown else "")
            )
            _undated(ds)
        with c_chart:
            if shown:
                st.vega_lite_chart(
                    _spec_to_send(ds, key, by, d0, d1, selected), key=ckey, on_select=lambda: _on_pick(ds, ckey),
                    selection_mode="pick", width="stretch", theme=None,
                    alt="Timeline of the articles' events and dated map features",
                )  # fmt: skip
    if st.session_state.pop(FULL, False):
        st.rerun()


def _undated(ds: Dataset) -> None:
    aid = st.session_state.get(ARTICLE)
    undated = [ev for ev in ds.events if ev.date is None and ev.article == aid]
    if not undated:
        return
    st.caption(f"{len(undated)} event(s) the article gives no date for:")
    for ev in undated:
        label = ev.title if len(ev.title) <= 48 else ev.title[:47].rstrip() + "…"
        st.button(
            md_escape(label), key=f"rm_undated_{ev.id}", help=md_escape(f"{ev.title} ({ev.kind.value}, undated)"),
            on_click=_pick_event, args=(ds, ev.id), type="tertiary",
        )  # fmt: skip


def _pick_event(ds: Dataset, eid: str) -> None:
    if not select_event(ds, eid):
        st.session_state[FULL] = True
