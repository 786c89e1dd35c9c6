"""The Streamlit dashboard: the page, its tabs and the state read from the URL."""

from __future__ import annotations

import streamlit as st

from . import mapview
from .article_view import PAGE_CSS, md_escape
from .ingest import IngestError
from .load import Dataset
from .state import layers_param, parse_query, parse_time_and_people
from .ui_add import add_article_panel, review_panel
from .ui_data import dataset, linker
from .ui_data import store as ui_store
from .ui_export import download_section
from .ui_map import map_tab
from .ui_sidebar import sidebar
from .ui_state import (
    ACTOR,
    ARTICLE,
    DATE_FROM,
    DATE_TO,
    EVENT,
    LAYERS,
    NEXT_ARTICLE,
    NOTICES,
    SEL,
    default_article,
    select,
    select_event,
    sync_url,
)

VIEW, NEXT_VIEW = "rm_view", "rm_next_view"
PROBLEMS_SHOWN = 200
VIEWS = ("Map and article", "Add an article")


def _init_from_url(ds: Dataset) -> None:
    if st.session_state.get("rm_init"):
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    view = parse_query(params, mapview.LAYER_ORDER, ds.features.index, sorted(ds.articles))
    st.session_state[LAYERS] = list(view.layers)
    # a link without an article opens the source article, not whichever upload is newest
    st.session_state[ARTICLE] = view.article or default_article(ds)
    st.session_state[NOTICES] = list(view.notices)
    st.session_state[SEL] = None
    if view.feature:
        select(ds, view.feature)
    _init_time_and_people(ds, params)
    # rewrite the URL in canonical form, without what was ignored, always naming the article
    value = layers_param(view.layers, mapview.LAYER_ORDER)
    if value is None:
        st.query_params.pop("layers", None)
    else:
        st.query_params["layers"] = value
    sync_url()
    st.session_state["rm_init"] = True


def _init_time_and_people(ds: Dataset, params: dict) -> None:
    # issue 11: the date range, the chosen actor and the selected event, from ?from=&to=&actor=&event=
    when = parse_time_and_people(params, ds.actors.records, {ev.id for ev in ds.events})
    st.session_state[NOTICES] = [*st.session_state.get(NOTICES, []), *when.notices]
    st.session_state[DATE_FROM], st.session_state[DATE_TO] = when.date_from, when.date_to
    st.session_state[ACTOR] = when.actor
    st.session_state[EVENT] = None
    if when.event:  # an event in the link is the selection, as a feature would be
        select_event(ds, when.event)


def main() -> None:
    """Render the whole page."""
    st.set_page_config(page_title="regionmap", layout="wide", initial_sidebar_state="expanded")
    st.html(PAGE_CSS)
    ds, key, store_error = dataset()
    _init_from_url(ds)
    if (nxt := st.session_state.pop(NEXT_ARTICLE, None)) in ds.articles:
        st.session_state[ARTICLE] = nxt
    st.markdown("#### regionmap · Central Asia & Afghanistan, from the article to the map")
    if store_error:
        st.error(md_escape(store_error))
    for notice in st.session_state.get(NOTICES, []):
        st.caption(f"⚠ {md_escape(notice)}")
    if ds.problems:
        st.error(
            f"The data in {md_escape(str(ds.root))} has {len(ds.problems)} problem(s); showing what could be loaded."
        )
        with st.expander("What is wrong"):
            # bounded: a user's file with thousands of bad links must not make the page heavy
            shown = "\n".join(str(p)[:500] for p in ds.problems[:PROBLEMS_SHOWN])
            more = len(ds.problems) - PROBLEMS_SHOWN
            st.code(
                shown + (f"\n… and {more:,} more: run `regionmap validate`" if more > 0 else ""),
                language=None,
            )
    sidebar(ds, key)
    download_section(ds, key)
    if (view := st.session_state.pop(NEXT_VIEW, None)) in VIEWS:
        st.session_state[VIEW] = view
    # tabs that track state run only the open tab: the add tab (its form, review lists and
    # linker) costs nothing until someone opens it
    tab_map, tab_add = st.tabs(list(VIEWS), key=VIEW, on_change="rerun")
    with tab_map:
        if tab_map.open is not False:
            map_tab(ds, key)  # the map fragment, then the timeline (issue 11)
    with tab_add:
        if tab_add.open:
            _add_tab(ds)


def _add_tab(ds: Dataset) -> None:
    try:
        store = ui_store()
    except (ValueError, IngestError) as exc:  # pointed at the curated data, or a database that is down
        st.error(md_escape(str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        return
    gaz, lk = linker()
    add_article_panel(ds, gaz, lk, store, on_saved=_saved)
    review_panel(ds, gaz, store, on_saved=_decided)


def _saved(aid: str) -> None:
    # the article picker and the tabs are already drawn in this run; they change on the next
    st.session_state[NEXT_ARTICLE] = aid
    st.session_state[NEXT_VIEW] = VIEWS[0]
    st.session_state[SEL] = None
    st.query_params["article"] = aid
    st.query_params.pop("feature", None)
    st.toast("Saved. The article is open on the map and in the article picker.")
    st.rerun()


def _decided(aid: str) -> None:
    st.toast("Decisions saved.")
    st.rerun()
