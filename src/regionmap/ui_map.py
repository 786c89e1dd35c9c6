"""The map and the article side by side, in one fragment so a click reruns only them."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from . import mapview
from .article_view import article_meta_html
from .load import Dataset
from .state import map_click
from .ui_article import article_view
from .ui_card import card
from .ui_data import base_layer, cached_article_html, layer_parts
from .ui_state import (
    ARTICLE,
    ARTICLE_VIEW,
    CHOICE_N,
    CLICK_AT,
    CLICKS,
    FOCUS,
    LAYERS,
    MAP,
    SEL,
    rerun,
    select,
)

MAP_HEIGHT = 560
RETURNED = ["last_active_drawing", "last_object_clicked_count", "last_object_clicked"]


def _apply_map_value(ds: Dataset, value) -> bool:
    """Select what the map says was clicked; True if this changed the selection."""
    click = map_click(value)
    if click.count is None or click.count == st.session_state.get(CLICKS):
        return False
    st.session_state[CLICKS] = click.count
    at = (click.lat, click.lon) if click.lat is not None and click.lon is not None else None
    if (
        click.feature_id
        and click.feature_id in ds.features.index
        and click.feature_id != st.session_state.get(SEL)
    ):
        select(ds, click.feature_id, click_at=at)
        return True
    st.session_state[CLICK_AT] = at  # the same feature clicked at another spot
    return False


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


@st.fragment
def map_and_article(ds: Dataset, key: int) -> None:
    parts = layer_parts(ds, key)
    base = base_layer(ds, key)
    col_map, col_text = st.columns([3, 2], gap="medium")
    with col_map:
        sel = st.session_state.get(SEL)
        groups = [
            mapview.feature_group(layer, parts[layer])
            for layer in st.session_state[LAYERS]
            if parts.get(layer)
        ]
        groups.append(mapview.selection_group(ds, sel))
        center = zoom = None
        if sel is not None:
            center, zoom = mapview.view_for(ds.features.loc[sel].geometry.bounds)
        value = st_folium(
            mapview.base_map(base), key=MAP, height=MAP_HEIGHT, use_container_width=True,
            feature_group_to_add=groups, center=center, zoom=zoom, returned_objects=RETURNED,
            on_change=lambda: _apply_map_value(ds, st.session_state.get(MAP)),
        )  # fmt: skip
        if _apply_map_value(ds, value):  # AppTest and first-run path; the browser goes through on_change
            rerun()
        if st.session_state.get(SEL):
            card(ds, st.session_state[SEL])
        else:
            st.info(
                "Click a feature on the map, a highlighted name in the article, or search in the sidebar."
            )
    with col_text:
        aid = st.session_state.get(ARTICLE)
        if aid in ds.articles:
            st.html(article_meta_html(ds.articles[aid]))
            with st.container(height=MAP_HEIGHT + 120, border=True):
                value = article_view(
                    key=ARTICLE_VIEW,
                    html=cached_article_html(ds, key, aid),
                    article=aid,
                    selected=st.session_state.get(SEL),
                    focus=st.session_state.get(FOCUS),
                    on_choice=lambda: _on_article_choice(ds),
                )
            if _apply_article_choice(ds, value):
                rerun()
        else:
            st.warning("No article could be loaded.")
