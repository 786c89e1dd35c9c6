"""Where the curated data and the static assets live."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def default_data_dir() -> Path:
    """``$REGIONMAP_DATA`` if set, else the project's ``data/`` (or ``./data``)."""
    env = os.environ.get("REGIONMAP_DATA")
    if env:
        return Path(env)
    bundled = PROJECT_ROOT / "data"
    return bundled if bundled.is_dir() else Path("data")
