"""A linker built once and kept on disk, keyed by the content hash of the gazetteer's inputs and code."""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .linker import Linker

FORMAT = 1  # bump when the pickled layout changes in a way the code hash would not show
CODE = (
    "gazetteer.py",
    "linker.py",
    "linker_rules.py",
    "linker_people.py",
    "linker_tables.py",
    "linker_cache.py",
)
# the multilingual linker: its code, its names file and the analysers' data versions
LANG_CODE = ("linker_lang.py", "gazetteer_names.py", "morph_ru.py", "text_fa.py", "lang.py")
LANG_PACKAGES = ("pymorphy3", "pymorphy3-dicts-ru", "snowballstemmer", "hazm-normalizer")


def cache_dir() -> Path:
    """``$REGIONMAP_CACHE``, else ``$XDG_CACHE_HOME/regionmap``, else ``~/.cache/regionmap``."""
    env = os.environ.get("REGIONMAP_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "regionmap"


def content_key(data_dir: Path | str) -> str:
    """sha256 of every file the gazetteer is built from, and of the code that builds and links with it."""
    data_dir = Path(data_dir)
    h = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    files = sorted((data_dir / "gazetteer").glob("*.json")) + sorted(
        (data_dir / "features").glob("*.geojson")
    )
    here = Path(__file__).resolve().parent
    files += [here / name for name in CODE + LANG_CODE if (here / name).exists()]
    files += sorted((data_dir / "gazetteer").glob("names.csv"))
    from .linker_rules import rule_files

    files += rule_files()
    for p in files:
        h.update(p.name.encode() + b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    with contextlib.suppress(ImportError):
        import importlib.metadata

        h.update(importlib.metadata.version("pyahocorasick").encode())
        for pkg in LANG_PACKAGES:
            h.update(importlib.metadata.version(pkg).encode())
    return h.hexdigest()


def load_linker(data_dir: Path | str, directory: Path | None = None) -> Linker:
    """The linker for ``data_dir``: from the cache when its key matches, else built and cached.

    Parameters
    ----------
    data_dir
        The curated data directory (``data/``).
    directory
        Where cached linkers live; default :func:`cache_dir`. An unwritable cache is not an error.
    """
    directory = cache_dir() if directory is None else directory
    key = content_key(data_dir)
    path = directory / f"linker-{key[:24]}.pickle"
    with contextlib.suppress(
        OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError
    ):
        with path.open("rb") as f:
            data = f.read()
        gc.disable()  # a quarter of a million small objects: collection passes would double the load time
        try:
            stored_key, linker = pickle.loads(data)
        finally:
            gc.enable()
        if stored_key == key:
            return linker
    linker = build_linker(data_dir)
    with contextlib.suppress(OSError, pickle.PicklingError):
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".linker-", dir=directory)
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump((key, linker), f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        for old in directory.glob("linker-*.pickle"):  # older versions of the data or code
            if old != path:
                with contextlib.suppress(OSError):
                    old.unlink()
    return linker


def build_linker(data_dir: Path | str) -> Linker:
    """A fresh linker over the curated features and ``data/gazetteer`` (no cache)."""
    from .gazetteer import build_gazetteer
    from .linker import Linker
    from .load import load_dataset

    ds = load_dataset(data_dir)
    return Linker(build_gazetteer(data_dir, ds.features))
