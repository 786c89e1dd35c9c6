"""The search box: names, aliases and passage text, ranked; a hit selects its feature (and shows the passage)."""

from __future__ import annotations

import streamlit as st

from .article_html import passage_order
from .article_view import md_escape
from .card_html import links_by_feature, shown_name
from .gazetteer_names import feature_names
from .load import Dataset
from .names import plain_kind
from .search import SearchIndex, build_index, search_features, search_passages
from .ui_state import ARTICLE, open_article, select

SEARCH_Q = "rm_search_q"


def _gn(v: object) -> int | None:
    # a feature's GeoNames id (NaN or None when it has none)
    try:
        return int(v)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return None


_LABEL = 44


@st.cache_resource(max_entries=4)
def _index(_ds: Dataset, key: int) -> tuple[SearchIndex, dict[str, tuple]]:
    feats = _ds.features
    # Russian and Dari/Persian names too (data/gazetteer/names.csv): "Кабул", "کابل" find Kabul
    other = feature_names(_ds.root, {fid: _gn(g) for fid, g in feats["geonames_id"].items()})
    aliases = [[*a, *other.get(fid, ())] for fid, a in feats["aliases"].items()]
    index = build_index(zip(feats.index, feats["name"], aliases, strict=True), _ds.links)
    return index, passage_order(_ds.links)


@st.cache_resource(max_entries=16)
def _in_article(_ds: Dataset, key: int, article: str | None) -> frozenset[str]:
    return frozenset(lk.feature for lk in _ds.links if lk.article == article)


def _short(text: str, n: int = _LABEL) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _name(ds: Dataset, fid: str) -> str:
    row = ds.features.loc[fid]
    return shown_name(row, links_by_feature(ds.links).get(fid, ()), st.session_state.get(ARTICLE))[0]


def _choose(ds: Dataset, fid: str, article: str | None, link: str | None) -> None:
    if article is not None and article != st.session_state.get(ARTICLE):
        open_article(article, link)
    select(ds, fid, focus=link)


def search_box(ds: Dataset, key: int) -> None:
    """The box and its ranked hits: features by name (with their kind), then passages that hold the words."""
    q = st.text_input(
        "Find a place, feature or word",
        key=SEARCH_Q,
        placeholder="e.g. Jowzjan, CASA, opium",
        help="Searches names, other spellings and the text of the passages; press Enter.",
    )
    if not q or not q.strip():
        return
    index, order = _index(ds, key)
    aid = st.session_state.get(ARTICLE)
    feats = [
        h
        for h in search_features(index, q, boost=_in_article(ds, key, aid))
        if h.feature in ds.features.index
    ]
    passages = search_passages(index, q, open_article=aid, order=order)
    if not feats and not passages:
        st.caption(f"Nothing found for “{md_escape(q.strip()[:80])}”.")
        return
    for h in feats:
        name, kind = _name(ds, h.feature), plain_kind(ds.features.loc[h.feature, "kind"])
        also = (
            f" (written “{h.matched}”)" if h.matched not in (name, ds.features.loc[h.feature, "name"]) else ""
        )
        st.button(
            md_escape(f"{_short(name)} · {kind}"),
            key=f"rm_hit_{h.feature}",
            help=md_escape(f"{name}{also} — {kind}"),
            on_click=_choose,
            args=(ds, h.feature, None, None),
            width="stretch",
        )
    if passages:
        st.caption(f"In the text ({len(passages)} passage(s)):")
    for i, p in enumerate(passages):
        st.caption(
            md_escape(
                f"“{p.snippet}”" + ("" if p.article == aid else f" — {ds.articles[p.article].meta.title}")
            )
        )
        seen: set[str] = set()
        for fid, lk in zip(p.features, p.keys, strict=True):
            if fid in seen or fid not in ds.features.index or len(seen) >= 6:
                continue
            seen.add(fid)
            name, kind = _name(ds, fid), plain_kind(ds.features.loc[fid, "kind"])
            st.button(
                md_escape(f"→ {_short(name)} · {kind}"),
                key=f"rm_hitp_{i}_{fid}",
                help=md_escape(f"{name} — {kind}; shows the passage in the article"),
                on_click=_choose,
                args=(ds, fid, p.article, lk),
                width="stretch",
            )
