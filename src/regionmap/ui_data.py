"""Cached data for the page: the corpus, the linker, and map layers and HTML derived from them."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from . import mapview
from .article_view import article_html
from .corpus import load_corpus
from .gazetteer import Gazetteer, build_gazetteer
from .linker import Linker
from .load import Dataset, load_dataset
from .model import Article, Link
from .paths import default_data_dir
from .store import default_user_dir


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
def layer_parts(_ds: Dataset, key: int) -> dict[str, dict]:
    return {layer: mapview.frozen_layer(_ds, layer) for layer in mapview.LAYER_ORDER}


@st.cache_resource(max_entries=4)
def base_layer(_ds: Dataset, key: int) -> tuple[str, list]:
    return mapview.frozen(
        mapview.base_geojson(_ds.geo.get("world", {"type": "FeatureCollection", "features": []}))
    )


@st.cache_resource(max_entries=16)
def cached_article_html(_ds: Dataset, key: int, article_id: str) -> str:
    layer_of = _ds.features["layer"].to_dict()
    return article_html(_ds.articles[article_id], _ds.links, layer_of)


@st.cache_resource(max_entries=4, show_spinner=False)
def draft_article_html(
    _article: Article, _links: tuple[Link, ...], _layer_of: dict[str, str], key: int
) -> str:
    """The add panel's preview: the reader's own builder, cached by a key of the draft (text and links)."""
    return article_html(_article, _links, _layer_of)


@st.cache_resource(max_entries=4)
def search_labels(_ds: Dataset, key: int) -> dict[str, str]:
    # aliases in the label: the box filters on it, so "Jowzjan" finds Jawzjan
    return {
        fid: f"{row['name']} · {row['kind']}"
        + (f" ({', '.join(row['aliases'][:6])})" if row["aliases"] else "")
        for fid, row in _ds.features.sort_values("name").iterrows()
    }
