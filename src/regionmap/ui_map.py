"""The map and the article side by side, in one fragment so a click reruns only them.

The map element is the same run after run (every layer is in it, built once per dataset), so
Streamlit sends it once and a cache reference afterwards. What changes travels through the
map bridge: a tiny component in the page that posts two small messages into the map iframe
(selection and article focus, see :mod:`regionmap.map_control`) and reports map clicks at
once, instead of after streamlit-folium's 250 ms debounce.
"""

from __future__ import annotations

from html import escape

import streamlit as st
from streamlit_folium import st_folium

from . import map_base, map_control
from .article_view import article_meta_html
from .load import Dataset
from .map_layers import feature_bounds
from .ui_actors import ACTOR_N, actor_features, actor_panel
from .ui_article import article_view, reader_html
from .ui_card import card, event_card
from .ui_state import (
    ACTOR,
    ARTICLE,
    ARTICLE_VIEW,
    CHOICE_N,
    CLICK_AT,
    CLICKS,
    EVENT,
    FOCUS,
    LAYERS,
    MAP,
    SEL,
    choose_actor,
    event_of,
    rerun,
    select,
)
from .ui_timeline import date_range, hidden_features, renew_if_stale, stale_pick, timeline

MAP_HEIGHT = 560  # px when the page cannot tell (AppTest); the page's CSS sizes it from the window
ONLY = "rm_only_article"
TEXT_TAB = "rm_text_tab"
BRIDGE_SEL, BRIDGE_CTX = "rm_map_sel", "rm_map_ctx"

PAGE_CSS = """<style>
iframe[title="streamlit_folium.st_folium"]{height:calc(100vh - 300px) !important;min-height:420px}
.st-key-rm_article_box{height:calc(100vh - 265px) !important;min-height:480px}
.st-key-rm_map_sel,.st-key-rm_map_ctx,.st-key-rm_article_view_state{display:none}
.rm-sum{font-size:.85rem;color:#444;margin:-.3rem 0 .2rem}
</style>"""

# Runs in the page (not in an iframe): forwards the messages to the map iframe and the map's
# clicks back to Streamlit. Same-origin postMessage only.
_BRIDGE_JS = """
export default function ({ data, setStateValue }) {
  const B = window.__rmMapBridge || (window.__rmMapBridge = { msgs: {}, set: null, listening: false });
  B.msgs[data.kind] = data.msg;
  if (data.kind === 'sel') B.set = setStateValue;
  const send = (w) => { try { w.postMessage({ rm: 'apply', msgs: B.msgs }, location.origin); } catch (e) {} };
  if (!B.listening) {
    B.listening = true;
    window.addEventListener('message', (ev) => {
      const d = ev.data;
      if (ev.origin !== location.origin || !d || typeof d.rm !== 'string') return;
      if (d.rm === 'ready' && ev.source) send(ev.source);
      else if (d.rm === 'click' && B.set && d.click && typeof d.click.id === 'string') B.set('click', d.click);
    });
  }
  document.querySelectorAll('iframe[title="streamlit_folium.st_folium"]').forEach((f) => send(f.contentWindow));
}
"""
_BRIDGE = st.components.v2.component("regionmap_map_bridge", html="<span></span>", js=_BRIDGE_JS)


@st.cache_resource(max_entries=4)
def map_parts(_ds: Dataset, key: int) -> tuple[map_base.Frozen, dict[str, dict[str, map_base.Frozen]]]:
    """The base land and every layer, frozen once per dataset (keyed by its content key)."""
    world = _ds.geo.get("world", {"type": "FeatureCollection", "features": []})
    return map_base.frozen(map_base.base_geojson(world)), map_base.frozen_layers(_ds)


@st.cache_resource(max_entries=64)
def _focus(_ds: Dataset, key: int, aid: str | None) -> map_control.ArticleFocus:
    return map_control.article_focus(_ds, aid)


@st.cache_resource(max_entries=64)
def _article_msg(_ds: Dataset, key: int, aid: str | None, only: bool) -> dict:
    return map_control.article_message(_ds, _focus(_ds, key, aid), only)


def focus(ds: Dataset, key: int) -> map_control.ArticleFocus:
    """The open article's focus (features, labels, counts per layer), cached per dataset and article."""
    return _focus(ds, key, st.session_state.get(ARTICLE))


def _apply_click(ds: Dataset, value) -> bool:
    """Select what the map bridge says was clicked; True if this changed the selection."""
    click = (value or {}).get("click") if isinstance(value, dict) else getattr(value, "click", None)
    if not isinstance(click, dict) or click.get("n") == st.session_state.get(CLICKS):
        return False
    st.session_state[CLICKS] = click.get("n")
    fid = click.get("id")
    lat, lng = click.get("lat"), click.get("lng")
    at = (float(lat), float(lng)) if isinstance(lat, int | float) and isinstance(lng, int | float) else None
    if isinstance(fid, str) and fid in ds.features.index and fid != st.session_state.get(SEL):
        select(ds, fid, click_at=at)
        return True
    st.session_state[CLICK_AT] = at  # the same feature clicked at another spot
    return False


def _on_click(ds: Dataset) -> None:
    _apply_click(ds, st.session_state.get(BRIDGE_SEL))


def _apply_article_choice(ds: Dataset, value) -> bool:
    choice = (value or {}).get("choice") if isinstance(value, dict) else getattr(value, "choice", None)
    if not isinstance(choice, dict) or choice.get("n") == st.session_state.get(CHOICE_N):
        return False
    st.session_state[CHOICE_N] = choice.get("n")
    fid = choice.get("feature")
    if isinstance(fid, str) and fid in ds.features.index:
        select(ds, fid, focus=choice.get("link"))
        return True
    return False


def _on_article_choice(ds: Dataset) -> None:
    _apply_article_choice(ds, st.session_state.get(ARTICLE_VIEW))


def _on_article_actor(ds: Dataset) -> None:
    _apply_article_actor(ds, st.session_state.get(ARTICLE_VIEW))


def _apply_article_actor(ds: Dataset, value) -> bool:
    """Choose the actor whose mention was clicked in the article; True if this changed the choice."""
    pick = (value or {}).get("actor") if isinstance(value, dict) else getattr(value, "actor", None)
    if not isinstance(pick, dict) or pick.get("n") == st.session_state.get(ACTOR_N):
        return False
    st.session_state[ACTOR_N] = pick.get("n")
    aid = pick.get("actor")
    if isinstance(aid, str) and aid in ds.actors.records and aid != st.session_state.get(ACTOR):
        choose_actor(aid)
        return True
    return False


def _dates_words() -> str | None:
    d0, d1 = date_range()
    if d0 is None and d1 is None:
        return None
    return f"{d0.isoformat() if d0 else '…'} to {d1.isoformat() if d1 else '…'}"


def _selection_msg(ds: Dataset, key: int) -> dict:
    sel = st.session_state.get(SEL)
    ev = event_of(ds, st.session_state.get(EVENT))
    actor = st.session_state.get(ACTOR)
    hl = actor_features(ds, key, actor) if actor in ds.actors.records else []
    halo = None
    fit = fkey = None
    # fit the view to a selection from the article, the search, the card, the timeline or a link; a
    # map click leaves the view where the user is looking
    if ev is not None:
        halo = map_control.event_features(ds, ev)
        fit, fkey = feature_bounds(ds, map_control.in_region(ds, halo)), f"event:{ev.id}"
    elif sel is not None and sel in ds.features.index and st.session_state.get(CLICK_AT) is None:
        fit, fkey = feature_bounds(ds, [sel]), f"{sel}|{st.session_state.get(FOCUS)}"
    elif sel is None and hl:
        fit, fkey = feature_bounds(ds, map_control.in_region(ds, hl)), f"actor:{actor}"
    return map_control.selection_message(
        st.session_state[LAYERS], sel, fit, fkey, halo=halo,
        hidden=hidden_features(ds, key, *date_range()), highlight=hl, dates=_dates_words(),
    )  # fmt: skip


def map_view(ds: Dataset, key: int) -> None:
    """The map, its bridge, the header line and the instant panel (drawn by map.js)."""
    base, layers = map_parts(ds, key)
    st.html(PAGE_CSS + f'<div class="rm-sum">{escape(map_control.summary_line(ds, focus(ds, key)))}</div>')
    st_folium(map_base.base_map(base, layers, version=str(key)), key=MAP, height=MAP_HEIGHT, use_container_width=True,
              returned_objects=[])  # fmt: skip
    value = _BRIDGE(key=BRIDGE_SEL, data={"kind": "sel", "msg": _selection_msg(ds, key)}, default={"click": None},
                    on_click_change=lambda: _on_click(ds))  # fmt: skip
    if _apply_click(ds, value):  # AppTest and first-run path; the browser goes through the callback
        rerun()


def map_tab(ds: Dataset, key: int) -> None:
    """The map and the article (a fragment), then the timeline and date filter (a whole-page widget).

    The map comes first so that it is on screen at a glance; the timeline, outside the fragment,
    is not sent again on a map click.
    """
    renew_if_stale()  # before the fragment: a chart left with an old pick is drawn afresh below
    map_and_article(ds, key)
    # the open article's message (its features, labels, first passages: ~8 KB) changes only with the
    # article or the focus toggle, which rerun the whole page: outside the fragment, a map click
    # does not send it again
    aid = st.session_state.get(ARTICLE)
    _BRIDGE(
        key=BRIDGE_CTX,
        data={"kind": "ctx", "msg": _article_msg(ds, key, aid, bool(st.session_state.get(ONLY)))},
    )
    timeline(ds, key)


@st.fragment
def map_and_article(ds: Dataset, key: int) -> None:
    if stale_pick():  # the timeline shows a bar the selection has left: redraw it with the page
        st.rerun()
    col_map, col_text = st.columns([3, 2], gap="medium")
    with col_map:
        map_view(ds, key)
        if event_of(ds, st.session_state.get(EVENT)) is not None:
            event_card(ds, st.session_state[EVENT])
        elif st.session_state.get(SEL):
            card(ds, st.session_state[SEL])
        else:
            st.info(
                "Click a feature on the map, a highlighted name in the article, an event on the timeline, "
                "or search in the sidebar."
            )
    with col_text:
        # the index is built only while its tab is open: a map click then sends no table
        tab_text, tab_actors = st.tabs(["Article", "Actors"], key=TEXT_TAB, on_change="rerun")
        with tab_text:
            _reader(ds, key)  # always drawn: the reader keeps its marks and scroll while the index is open
        with tab_actors:
            if tab_actors.open:
                actor_panel(ds, key)


def _reader(ds: Dataset, key: int) -> None:
    aid = st.session_state.get(ARTICLE)
    if aid not in ds.articles:
        st.warning("No article could be loaded.")
        return
    st.html(article_meta_html(ds.articles[aid]))
    with st.container(height=MAP_HEIGHT + 120, border=True, key="rm_article_box"):
        value = article_view(
            key=ARTICLE_VIEW,
            html=reader_html(ds, key, aid),
            article=aid,
            selected=st.session_state.get(SEL),
            focus=st.session_state.get(FOCUS),
            on_choice=lambda: _on_article_choice(ds),
            event=st.session_state.get(EVENT),
            actor=st.session_state.get(ACTOR),
            on_actor=lambda: _on_article_actor(ds),
        )
    # AppTest and first-run path; the browser goes through the callbacks
    if _apply_article_choice(ds, value) | _apply_article_actor(ds, value):
        rerun()
