"""The feature card under the map: facts, sources, passages by article, features at the same spot."""

from __future__ import annotations

from html import escape

import streamlit as st

from . import mapview
from .article_view import card_header_html, context, context_html, group_by_article, md_escape
from .load import Dataset
from .model import LinkKind
from .style import LAYER_COLOURS
from .ui_state import ARTICLE, CLICK_AT, FOCUS, LAYERS, rerun, select


def card(ds: Dataset, fid: str) -> None:
    row = ds.features.loc[fid]
    st.html(card_header_html(row, ds.sources[row["source"]]))
    colour = LAYER_COLOURS[row["layer"]]
    groups = group_by_article(ds.links_for(fid))
    if not groups:
        st.caption("No article passage links to this feature; it is shown as context.")
    for aid, links in groups.items():
        art = ds.articles[aid]
        st.html(f'<div class="rm-sub"><b>{len(links)} passage(s) in</b> {escape(art.meta.title)} '
                f"({art.meta.published.isoformat()})</div>")  # fmt: skip
        passages = [lk for lk in links if lk.kind == LinkKind.PASSAGE]
        mentions = [lk for lk in links if lk.kind == LinkKind.MENTION]
        for lk in passages:
            _quote(art, lk, colour)
        box = st.expander(f"{len(mentions)} mention(s) by name", expanded=not passages) if mentions else None
        if box:
            with box:
                for lk in mentions:
                    _quote(art, lk, colour)
    _also_here(ds, fid)
    if st.button("Clear selection", key="rm_clear"):
        select(ds, None)
        rerun()


def _also_here(ds: Dataset, fid: str) -> None:
    at = st.session_state.get(CLICK_AT)
    if not at:
        return
    others = [o for o in mapview.features_at(ds, at[0], at[1], st.session_state[LAYERS]) if o != fid][:8]
    if not others:
        return
    st.caption("Also at the spot you clicked:")
    cols = st.columns(min(len(others), 4))
    for i, other in enumerate(others):
        cols[i % len(cols)].button(
            md_escape(ds.features.loc[other, "name"]),
            key=f"rm_also_{other}",
            on_click=_pick,
            args=(ds, other),
        )


def _pick(ds: Dataset, fid: str) -> None:
    select(ds, fid, click_at=st.session_state.get(CLICK_AT))  # the same spot: keep offering the others


def _quote(art, lk, colour: str) -> None:
    c1, c2 = st.columns([8, 1], vertical_alignment="center")
    with c1:
        st.html(context_html(context(art, lk), colour))
    with c2:
        st.button(
            "↧",
            key=f"rm_go_{lk.key}",
            help="Show this passage in the article",
            on_click=_go,
            args=(art.id, lk.key),
        )


def _go(article_id: str, link_key: str) -> None:
    st.session_state[ARTICLE] = article_id
    st.session_state[FOCUS] = link_key
    st.query_params["article"] = article_id
