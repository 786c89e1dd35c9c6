"""Session keys and the one way to change the selection (card, halo, article and URL together)."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from .load import Dataset

SEL, FOCUS, LAYERS, SEARCH, ARTICLE = "rm_sel", "rm_focus", "rm_layers", "rm_search", "rm_article"
MAP, CLICKS, CHOICE_N, NOTICES = "rm_map", "rm_clicks", "rm_choice_n", "rm_notices"
NEXT_ARTICLE = "rm_next_article"
CLICK_AT = "rm_click_at"
ARTICLE_VIEW = "rm_article_view"


def select(
    ds: Dataset, fid: str | None, focus: str | None = None, click_at: tuple[float, float] | None = None
) -> None:
    """Make ``fid`` the selected feature everywhere: card, map halo, article and URL.

    ``click_at`` is the map position when the selection came from a map click; the card
    then offers the other features at that spot.
    """
    st.session_state[SEL] = fid
    st.session_state[CLICK_AT] = click_at
    if fid is None:
        st.session_state[FOCUS] = None
        st.query_params.pop("feature", None)
        return
    if focus is None:  # from the map or the search box: show where the article speaks of it
        art = st.session_state.get(ARTICLE)
        first = next((lk for lk in ds.links_for(fid) if lk.article == art), None)
        focus = first.key if first else None
    st.session_state[FOCUS] = focus
    st.query_params["feature"] = fid


def rerun() -> None:
    """Rerun just the map-and-article fragment when we are in one, else the page."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # a full run, not a fragment rerun
        st.rerun()
