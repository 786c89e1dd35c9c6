"""The Streamlit dashboard: controls, map, feature card and linked article."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException
from streamlit_folium import st_folium

from . import mapview
from .article_view import (
    PAGE_CSS,
    article_html,
    article_meta_html,
    card_header_html,
    context,
    context_html,
    group_by_article,
    md_escape,
)
from .corpus import load_corpus
from .gazetteer import Gazetteer, build_gazetteer
from .linker import Linker
from .load import Dataset, load_dataset
from .model import LinkKind
from .paths import default_data_dir
from .state import layers_param, map_click, parse_query
from .store import UserStore, default_user_dir
from .style import LAYER_COLOURS, LAYER_LABELS, legend_html
from .ui_add import add_article_panel, review_panel
from .ui_article import article_view

SEL, FOCUS, LAYERS, SEARCH, ARTICLE = "rm_sel", "rm_focus", "rm_layers", "rm_search", "rm_article"
MAP, CLICKS, CHOICE_N, NOTICES = "rm_map", "rm_clicks", "rm_choice_n", "rm_notices"
NEXT_ARTICLE = "rm_next_article"
MAP_HEIGHT = 560
RETURNED = ["last_active_drawing", "last_object_clicked_count", "last_object_clicked"]
CLICK_AT = "rm_click_at"


def _signature(root: Path) -> tuple:
    """Sizes and mtimes of the data files: the cache key that notices edits."""
    sig = []
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.startswith("."):  # the store's lock and half-written temporary files
                continue
            try:
                st_ = os.stat(os.path.join(dirpath, name))
            except FileNotFoundError:  # renamed away by a save in another session
                continue
            sig.append((dirpath, name, st_.st_size, st_.st_mtime_ns))
    return tuple(sorted(sig))


@st.cache_resource(show_spinner="Loading the gazetteer…", max_entries=2)
def _gazetteer(root: str, sig_key: int) -> tuple[Gazetteer, Linker]:
    gaz = build_gazetteer(root, load_dataset(root).features)
    return gaz, Linker(gaz)


@st.cache_resource(show_spinner="Loading data…", max_entries=4)
def _dataset(root: str, user: str, sig_key: int) -> Dataset:
    if (Path(user) / "links").is_dir():
        gaz, _ = _gazetteer(root, hash(_signature(Path(root))))
        return load_corpus(root, user, gazetteer=gaz)
    return load_corpus(root, user)


def dataset() -> tuple[Dataset, int]:
    """The curated data plus the user's saved articles (reloaded when a file changes), and its cache key."""
    root, user = default_data_dir(), default_user_dir()
    key = hash((str(root), str(user), _signature(root), _signature(user)))
    return _dataset(str(root), str(user), key), key


def linker() -> tuple[Gazetteer, Linker]:
    root = default_data_dir()
    return _gazetteer(str(root), hash(_signature(root)))


# Cached per dataset: GeoJSON dicts and HTML strings, never folium objects.
@st.cache_resource(max_entries=4)
def _layer_parts(_ds: Dataset, key: int) -> dict[str, dict]:
    return {layer: mapview.frozen_layer(_ds, layer) for layer in mapview.LAYER_ORDER}


@st.cache_resource(max_entries=4)
def _base(_ds: Dataset, key: int) -> tuple[str, list]:
    return mapview.frozen(
        mapview.base_geojson(_ds.geo.get("world", {"type": "FeatureCollection", "features": []}))
    )


@st.cache_resource(max_entries=16)
def _article_html(_ds: Dataset, key: int, article_id: str) -> str:
    layer_of = _ds.features["layer"].to_dict()
    return article_html(_ds.articles[article_id], _ds.links, layer_of)


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
    _apply_article_choice(ds, st.session_state.get("rm_article_view"))


def _init_from_url(ds: Dataset) -> None:
    if st.session_state.get("rm_init"):
        return
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    view = parse_query(params, mapview.LAYER_ORDER, ds.features.index, sorted(ds.articles))
    st.session_state[LAYERS] = list(view.layers)
    st.session_state[ARTICLE] = view.article or next(iter(_newest_first(ds)), None)
    st.session_state[NOTICES] = list(view.notices)
    st.session_state[SEL] = None
    if view.feature:
        select(ds, view.feature)
    # rewrite the URL in canonical form, without what was ignored
    for name, value in (("layers", layers_param(view.layers, mapview.LAYER_ORDER)),
                        ("feature", view.feature), ("article", view.article)):  # fmt: skip
        if value is None:
            st.query_params.pop(name, None)
        else:
            st.query_params[name] = value
    st.session_state["rm_init"] = True


def _on_layers() -> None:
    value = layers_param(st.session_state[LAYERS], mapview.LAYER_ORDER)
    if value is None:
        st.query_params.pop("layers", None)
    else:
        st.query_params["layers"] = value


def _on_search(ds: Dataset) -> None:
    if st.session_state.get(SEARCH):
        select(ds, st.session_state[SEARCH])
    st.session_state[SEARCH] = None  # the box is a finder, the selection lives in SEL


def _on_article() -> None:
    st.query_params["article"] = st.session_state[ARTICLE]
    st.session_state[FOCUS] = None


def _newest_first(ds: Dataset) -> list[str]:
    return sorted(ds.articles, key=lambda a: (ds.articles[a].meta.published, a), reverse=True)


def _article_label(ds: Dataset, aid: str) -> str:
    m = ds.articles[aid].meta
    return f"{m.title} · {m.publisher} · {m.published.isoformat()}"


@st.cache_resource(max_entries=4)
def _search_labels(_ds: Dataset, key: int) -> dict[str, str]:
    # aliases in the label: the box filters on it, so "Jowzjan" finds Jawzjan
    return {
        fid: f"{row['name']} · {row['kind']}"
        + (f" ({', '.join(row['aliases'][:6])})" if row["aliases"] else "")
        for fid, row in _ds.features.sort_values("name").iterrows()
    }


def _sidebar(ds: Dataset, key: int) -> None:
    with st.sidebar:
        order = _newest_first(ds)
        if st.session_state.get(ARTICLE) not in ds.articles and order:
            st.session_state[ARTICLE] = order[0]
        st.selectbox(
            "Article", order, key=ARTICLE, format_func=lambda a: _article_label(ds, a), on_change=_on_article
        )
        st.pills("Layers", mapview.LAYER_ORDER, selection_mode="multi", key=LAYERS,
                 format_func=lambda v: LAYER_LABELS.get(v, v), on_change=_on_layers)  # fmt: skip
        labels = _search_labels(ds, key)
        st.selectbox("Find a place or feature", list(labels), index=None, key=SEARCH, format_func=lambda v: labels.get(v, v),
                     placeholder="Type a name, e.g. Jowzjan", on_change=_on_search, args=(ds,))  # fmt: skip
        with st.expander("Legend", expanded=True):
            st.html(legend_html())
        st.caption(
            "Offline map from Natural Earth (public domain) country shapes; boundaries are de facto and some are "
            "disputed. Afghan provinces: AGCHO / OCHA, for humanitarian use only. Places: GeoNames (CC BY 4.0)."
        )


def _card(ds: Dataset, fid: str) -> None:
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
        _rerun()


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


def _rerun() -> None:
    """Rerun just the map-and-article fragment when we are in one, else the page."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # a full run, not a fragment rerun
        st.rerun()


@st.fragment
def _main(ds: Dataset, key: int) -> None:
    parts = _layer_parts(ds, key)
    base = _base(ds, key)
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
            _rerun()
        if st.session_state.get(SEL):
            _card(ds, st.session_state[SEL])
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
                    key="rm_article_view",
                    html=_article_html(ds, key, aid),
                    article=aid,
                    selected=st.session_state.get(SEL),
                    focus=st.session_state.get(FOCUS),
                    on_choice=lambda: _on_article_choice(ds),
                )
            if _apply_article_choice(ds, value):
                _rerun()
        else:
            st.warning("No article could be loaded.")


def main() -> None:
    """Render the whole page."""
    st.set_page_config(page_title="regionmap", layout="wide", initial_sidebar_state="expanded")
    st.html(PAGE_CSS)
    ds, key = dataset()
    _init_from_url(ds)
    if (nxt := st.session_state.pop(NEXT_ARTICLE, None)) in ds.articles:
        st.session_state[ARTICLE] = nxt
    st.markdown("#### regionmap · Central Asia & Afghanistan, from the article to the map")
    for notice in st.session_state.get(NOTICES, []):
        st.caption(f"⚠ {md_escape(notice)}")
    if ds.problems:
        st.error(
            f"The data in {md_escape(str(ds.root))} has {len(ds.problems)} problem(s); showing what could be loaded."
        )
        with st.expander("What is wrong"):
            st.code("\n".join(map(str, ds.problems)), language=None)
    _sidebar(ds, key)
    tab_map, tab_add = st.tabs(["Map and article", "Add an article"])
    with tab_map:
        _main(ds, key)
    with tab_add:
        try:
            store = UserStore(default_user_dir())
        except ValueError as exc:  # pointed at the curated data
            st.error(md_escape(str(exc)))
            return
        gaz, lk = linker()
        add_article_panel(ds, gaz, lk, store, on_saved=_saved)
        review_panel(ds, gaz, store, on_saved=_saved)


def _saved(aid: str) -> None:
    # the article picker is already drawn in this run; it takes the new value on the next
    st.session_state[NEXT_ARTICLE] = aid
    st.session_state[SEL] = None
    st.query_params["article"] = aid
    st.query_params.pop("feature", None)
    st.toast("Saved. The article is now in the article picker.")
    st.rerun()
