"""Read JSON with a size and nesting-depth guard: a hostile file gets one message, never a RecursionError."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

# GeoJSON needs 8 levels (collection, features, feature, geometry, 4 for a MultiPolygon) and
# link files 5; 64 leaves room for any honest file and keeps every later step (pydantic,
# shapely, json.dumps) far from Python's recursion limit
MAX_DEPTH = 64
# the largest curated file is under 1 MB and a user's link file for 5,000 mentions about 3 MB
MAX_BYTES = 64 * 2**20

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


class JsonError(ValueError):
    """One sentence saying why a JSON text cannot be read."""


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in ``text`` (brackets inside strings do not count).

    Linear in the length of the text, without parsing it; for broken JSON it is the deepest
    run of unclosed brackets.
    """
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text)).encode("ascii")
    if not brackets:
        return 0
    b = np.frombuffer(brackets, dtype=np.uint8)
    steps = np.where((b == ord("[")) | (b == ord("{")), 1, -1).astype(np.int32)
    return int(np.cumsum(steps).max())


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """``json.loads`` that refuses to nest deeper than ``max_depth`` levels.

    Raises
    ------
    JsonError
        ``"nested deeper than 64 levels"`` or ``"broken JSON at line L column C: …"``.
    """
    if nesting_depth(text) > max_depth:
        raise JsonError(f"nested deeper than {max_depth} levels")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonError(f"broken JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    except RecursionError:  # cannot happen below the depth limit; kept so that none ever escapes
        raise JsonError(f"nested deeper than {max_depth} levels") from None


def read(path: Path | str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH) -> Any:
    """Read a UTF-8 JSON file, at most ``max_bytes`` long and ``max_depth`` levels deep.

    Raises
    ------
    FileNotFoundError
        If there is no such file (callers name that case themselves).
    JsonError
        For anything else: too large, not UTF-8, not a file, broken or too deeply nested JSON.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise JsonError(f"file is {size / 2**20:.1f} MB; the limit is {max_bytes / 2**20:g} MB")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise
    except IsADirectoryError:
        raise JsonError("is a folder, not a file") from None
    except OSError as exc:
        raise JsonError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return loads(text.removeprefix("\ufeff"), max_depth=max_depth)
