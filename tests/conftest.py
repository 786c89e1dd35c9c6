"""Shared fixtures: the project's data, loaded once, and throw-away copies to break."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from regionmap.load import load_dataset

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SEED = "000_fdd9b0092077d752"


@pytest.fixture(scope="session")
def _private_cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _private_user_dir(tmp_path_factory, monkeypatch, _private_cache_dir):
    # tests never see (or write to) a developer's own saved articles, nor to their linker cache,
    # even when REGIONMAP_USERDATA is set in the environment: always a fresh private directory
    monkeypatch.setenv("REGIONMAP_USERDATA", str(tmp_path_factory.mktemp("userdata")))
    monkeypatch.setenv("REGIONMAP_CACHE", str(_private_cache_dir))
    # nor a database named in the developer's environment: a test that wants one starts its own
    monkeypatch.delenv("REGIONMAP_DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def ds():
    return load_dataset(DATA)


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    return dst


def edit_json(path: Path, fn) -> None:
    """Let ``fn`` change the parsed JSON file in place and write it back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
