"""Cached data for the page: the store, the corpus read from it, the linker, and the add panel's preview."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from .article_view import article_html
from .corpus import load_corpus
from .gazetteer import Gazetteer, build_gazetteer
from .linker import Linker
from .load import Dataset, load_dataset
from .model import Article, Link
from .paths import default_data_dir
from .storage import CorpusStore, database_url, open_store
from .store import default_user_dir


def _signature(root: Path) -> tuple:
    """Sizes and mtimes of the curated data files: the cache key that notices edits.

    The curated data is a few dozen files in git, so walking it is cheap and bounded; the
    saved corpus, which grows, is keyed by its store's version instead (O(1)).
    """
    sig = []
    for dirpath, _, files in os.walk(root):
        for name in files:
            if name.startswith("."):
                continue
            try:
                st_ = os.stat(os.path.join(dirpath, name))
            except FileNotFoundError:
                continue
            sig.append((dirpath, name, st_.st_size, st_.st_mtime_ns))
    return tuple(sorted(sig))


@st.cache_resource(show_spinner=False, max_entries=4)
def _store(database: str | None, user: str, root: str) -> CorpusStore:
    return open_store(database, user, root)


def store() -> CorpusStore:
    """The configured store (``$REGIONMAP_DATABASE_URL``, else the file store), opened once per server.

    Raises
    ------
    IngestError
        One line naming what is wrong when the database cannot be used.
    """
    return _store(database_url(), str(default_user_dir()), str(default_data_dir()))


@st.cache_resource(show_spinner="Loading the gazetteer…", max_entries=2)
def _gazetteer(root: str, sig_key: int) -> tuple[Gazetteer, Linker]:
    gaz = build_gazetteer(root, load_dataset(root).features)
    return gaz, Linker(gaz)


@st.cache_resource(show_spinner="Loading data…", max_entries=4)
def _dataset(root: str, location: str, sig_key: int, version: str) -> Dataset:
    st_ = store()
    gaz, _ = _gazetteer(root, sig_key)
    return load_corpus(root, gazetteer=gaz, store=st_)


@st.cache_resource(show_spinner="Loading data…", max_entries=2)
def _curated_only(root: str, sig_key: int) -> Dataset:
    return load_corpus(root)


def dataset() -> tuple[Dataset, int, str | None]:
    """The curated data plus the saved corpus, its cache key, and why the store could not be read.

    The key is the curated files' signature with the store's version, so a rerun costs one
    small read of the store whatever its size. When the store cannot be used (a database that
    is down, say) the curated data is shown with one line saying why.
    """
    root = default_data_dir()
    sig_key = hash(_signature(root))
    try:
        st_ = store()
        version = st_.version()
    except Exception as exc:  # noqa: BLE001 - any store failure becomes the one line the page shows
        return _curated_only(str(root), sig_key), hash((sig_key, "curated")), store_problem(exc)
    key = hash((str(root), st_.location, sig_key, version))
    return _dataset(str(root), st_.location, sig_key, version), key, None


def store_problem(exc: BaseException) -> str:
    """One line for the page: what the store said, without a traceback."""
    first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return f"The saved articles cannot be read ({first[:300]}); showing the curated data only."


def linker() -> tuple[Gazetteer, Linker]:
    root = default_data_dir()
    return _gazetteer(str(root), hash(_signature(root)))


@st.cache_resource(max_entries=4, show_spinner=False)
def draft_article_html(
    _article: Article, _links: tuple[Link, ...], _layer_of: dict[str, str], key: int
) -> str:
    """The add panel's preview: the reader's own builder, cached by a key of the draft (text and links)."""
    return article_html(_article, _links, _layer_of)
