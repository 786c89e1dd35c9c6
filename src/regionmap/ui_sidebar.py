"""The sidebar: article picker, layer pills with the open article's counts, focus toggle, search box, legend."""

from __future__ import annotations

import streamlit as st

from . import mapview
from .load import Dataset
from .state import layers_param
from .style import LAYER_LABELS, legend_html
from .ui_article import article_help, article_label
from .ui_map import ONLY, focus
from .ui_search import search_box
from .ui_state import ARTICLE, FOCUS, LAYERS


def _on_layers() -> None:
    value = layers_param(st.session_state[LAYERS], mapview.LAYER_ORDER)
    if value is None:
        st.query_params.pop("layers", None)
    else:
        st.query_params["layers"] = value


def _on_article() -> None:
    st.query_params["article"] = st.session_state[ARTICLE]
    st.session_state[FOCUS] = None


def newest_first(ds: Dataset) -> list[str]:
    return sorted(ds.articles, key=lambda a: (ds.articles[a].meta.published, a), reverse=True)


PICKER_MAX = 200  # articles listed in the picker at once; a team corpus holds thousands
ARTICLE_FIND = "rm_article_find"


@st.cache_resource(max_entries=32, show_spinner=False)
def picker_options(_ds: Dataset, key: int, words: str) -> tuple[list[str], int]:
    """The newest :data:`PICKER_MAX` articles whose label holds every word of ``words``, and how many match.

    A selectbox of 10,000 titles costs every rerun its labels and sends them all to the browser;
    the find box narrows a large corpus instead (by title words or date, e.g. "Termez 2024-05").
    """
    order, labels = _picker(_ds, key)
    wanted = words.casefold().split()
    hits = [a for a in order if all(w in labels[a].casefold() for w in wanted)] if wanted else order
    return hits[:PICKER_MAX], len(hits)


@st.cache_resource(max_entries=4, show_spinner=False)
def _picker(_ds: Dataset, key: int) -> tuple[list[str], dict[str, str]]:
    # sorted and labelled once per dataset: with 10,000 articles this was 55 ms of every rerun
    order = newest_first(_ds)
    return order, {a: article_label(_ds.articles[a].meta) for a in order}


def _pill_label(layer: str, counts: dict[str, int]) -> str:
    n = counts.get(layer)
    return f"{LAYER_LABELS.get(layer, layer)} · {n}" if n else LAYER_LABELS.get(layer, layer)


def layer_pills(ds: Dataset, key: int) -> None:
    """Layer pills that say how many of the open article's features each layer holds, and the focus toggle."""
    counts = focus(ds, key).by_layer
    st.pills("Layers", mapview.LAYER_ORDER, selection_mode="multi", key=LAYERS,
             format_func=lambda v: _pill_label(v, counts), on_change=_on_layers,
             help="The number is how many of the open article's features the layer holds.")  # fmt: skip
    st.segmented_control("Show", [False, True], key=ONLY, default=False, selection_mode="single",
                         format_func=lambda v: "this article only" if v else "all articles",
                         help="All articles: the open article's features in full colour, the others faded.")  # fmt: skip


def sidebar(ds: Dataset, key: int) -> None:
    with st.sidebar:
        order, labels = _picker(ds, key)
        if st.session_state.get(ARTICLE) not in ds.articles and order:
            st.session_state[ARTICLE] = order[0]
        if len(order) > PICKER_MAX:
            words = st.text_input(
                "Find an article", key=ARTICLE_FIND, placeholder="words of its title, or its date"
            )
            order, hits = picker_options(ds, key, words or "")
            current = st.session_state.get(ARTICLE)
            if current in ds.articles and current not in order:  # the open article stays choosable
                order = [current, *order]
            st.caption(f"{min(hits, PICKER_MAX):,} of {hits:,} matching articles listed, newest first"
                       if words else f"The {PICKER_MAX:,} newest of {len(labels):,} articles; find older ones above")  # fmt: skip
        st.selectbox(
            "Article", order, key=ARTICLE, format_func=labels.__getitem__,
            help=article_help(ds.articles.get(st.session_state.get(ARTICLE) or "")), on_change=_on_article,
        )  # fmt: skip
        layer_pills(ds, key)
        search_box(ds, key)
        with st.expander("Legend", expanded=True):
            st.html(legend_html())
        st.caption(
            "Offline map from Natural Earth (public domain) country shapes; boundaries are de facto and some are "
            "disputed. Afghan provinces: AGCHO / OCHA, for humanitarian use only. Places: GeoNames (CC BY 4.0)."
        )
