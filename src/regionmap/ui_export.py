"""The Download section: what is on screen, in every export format, built only when asked for."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import streamlit as st

from .article_view import md_escape
from .export import FORMATS, build
from .export_filter import ExportError, ExportView, Selection, make_view, select
from .load import Dataset
from .ui_state import ACTOR, ARTICLE, DATE_FROM, DATE_TO, LAYERS

SCOPE, LINKED, BOM = "rm_export_scope", "rm_export_linked", "rm_export_bom"
THIS, ALL = "This article", "All articles"
BUTTONS = {"geojson": "GeoJSON", "gpkg": "GeoPackage", "csv": "CSV: mentions", "events-csv": "CSV: events",
           "annotations": "Web Annotations (JSON-LD)", "html": "Offline HTML map"}  # fmt: skip
_MAX = 12  # built files kept per server process


@st.cache_resource
def _built() -> tuple[OrderedDict, threading.Lock]:
    # shared by the download callables, which Streamlit runs on another thread
    return OrderedDict(), threading.Lock()


def current_view(ds: Dataset) -> ExportView:
    """The page's view: its layers, article (or every article), the timeline's date range and the chosen actor.

    The actor is passed by name with its other spellings: the export matches features' and
    events' actors by name.
    """
    state = st.session_state
    article = state.get(ARTICLE) if state.get(SCOPE, THIS) == THIS else None
    rec = ds.actors.records.get(state.get(ACTOR) or "")
    try:
        return make_view(
            ds,
            layers=list(state.get(LAYERS) or ()),
            article=article if article in ds.articles else None,
            date_from=state.get(DATE_FROM),
            date_to=state.get(DATE_TO),
            actors=rec.names if rec else None,
            linked_only=bool(state.get(LINKED)),
        )
    except ExportError:  # a filter widget holding something odd: export the layers and article only
        return ExportView(tuple(state.get(LAYERS) or ()), article if article in ds.articles else None)


def lazy_export(ds: Dataset, key: int, view: ExportView, fmt: str, bom: bool) -> Callable[[], bytes]:
    """A callable for ``st.download_button``: builds the file on click, once per dataset, view and format."""

    def make() -> bytes:
        cache, lock = _built()
        k = (key, view, fmt, bom)
        with lock:
            if k in cache:
                cache.move_to_end(k)
                return cache[k]
        data = build(fmt, select(ds, view), bom=bom)
        with lock:
            cache[k] = data
            while len(cache) > _MAX:
                cache.popitem(last=False)
        return data

    return make


def _file_name(view: ExportView, fmt: str) -> str:
    stem = f"regionmap-{view.article or 'all-articles'}"
    if fmt == "events-csv":
        return f"{stem}-events.csv"
    if fmt == "csv":
        return f"{stem}-mentions.csv"
    return stem + FORMATS[fmt].suffix


@st.cache_resource(max_entries=8, show_spinner=False)
def _selection(_ds: Dataset, key: int, view: ExportView) -> Selection:
    # the caption's counts scan every link: once per dataset and view, not on every rerun
    return select(_ds, view)


def download_section(ds: Dataset, key: int) -> None:
    """The sidebar's Download expander: one button per format for the view on screen."""
    with st.sidebar, st.expander("Download", expanded=False):
        st.radio("Passages from", [THIS, ALL], key=SCOPE, horizontal=True)
        st.checkbox("Only features the passages mention", key=LINKED)
        view = current_view(ds)
        sel = _selection(ds, key, view)
        words = view.describe()
        if view.article:  # the title, not the id, on screen
            words = words.replace(f"article {view.article}", f"“{ds.articles[view.article].meta.title}”")
        if view.actors:  # the actor's name, not every spelling it is matched by
            words = words.replace(
                f"actors: {', '.join(view.actors)}", f"actor: {view.actors[0]} (any spelling)"
            )
        counts = (f"{len(sel.features)} features, {len(sel.links)} passages and mentions, "
                  f"{len(sel.articles)} article(s), {len(sel.events)} events")  # fmt: skip
        st.caption(md_escape(f"{counts} — {words}"))
        bom = st.checkbox("CSV with a BOM (for Excel)", key=BOM)
        for fmt, label in BUTTONS.items():
            mime = "text/csv" if fmt == "events-csv" else FORMATS[fmt].mime
            help_ = (
                "Events, one row each (only the header while the data has none)"
                if fmt == "events-csv"
                else FORMATS[fmt].label
            )
            st.download_button(
                label, data=lazy_export(ds, key, view, fmt, bom), file_name=_file_name(view, fmt), mime=mime,
                help=help_, on_click="ignore", key=f"rm_dl_{fmt}", width="stretch",
            )  # fmt: skip
        st.caption(
            "Every file carries the article's title, publisher, date and URL, and for each feature its "
            "geometry source and licence (AGCHO/OCHA provinces: humanitarian use only), precision, status "
            "and passages with their offsets."
        )
