"""Checks of a curated data directory as a whole: its folders, stray files and the gazetteer files."""

from __future__ import annotations

from pathlib import Path

from .gazetteer import GAZETTEER_FILES, entry_from_json
from .load import _Collector

# the folders of a curated data directory and, where anything else is surely a mistake (a features
# file saved as .json is silently not drawn), the only files the app reads there; geo/ and
# gazetteer/ also hold build inputs and notes
FOLDERS: dict[str, tuple[str, ...] | None] = {
    "features": ("*.geojson",), "geo": None, "articles": ("*.json", "*.txt"), "links": ("*.json",),
    "gazetteer": None,
}  # fmt: skip


def check_folders(root: Path, col: _Collector) -> set[str]:
    """Name every missing folder of a curated data directory and every file the app would not read.

    Returns the names of the missing folders.
    """
    missing = set()
    for name, patterns in FOLDERS.items():
        folder = root / name
        if not folder.is_dir():
            col.add(f"{folder}/", "folder is missing")
            missing.add(name)
            continue
        if patterns is None:
            continue
        for path in sorted(folder.iterdir()):
            if path.name.startswith(".") or path.suffix.lower() == ".md":  # hidden files and notes
                continue
            if path.is_dir() or not any(path.match(p) for p in patterns):
                col.add(path, f"unexpected {'folder' if path.is_dir() else 'file'}: "
                        f"the app reads only {', '.join(patterns)} in {name}/")  # fmt: skip
    return missing


def check_gazetteer(root: Path, col: _Collector) -> int:
    """Check ``gazetteer/*.json`` entry by entry, as :func:`regionmap.gazetteer.build_gazetteer` reads them.

    Unreadable files and entries the linker would skip (no id or name, coordinates that are
    not finite or out of range) are noted. Returns the number of sound entries.
    """
    sound = 0
    for name in GAZETTEER_FILES:
        path = root / "gazetteer" / f"{name}.json"
        rows = col.read_json(path)
        if rows is None:
            continue
        if not isinstance(rows, list):
            col.add(path, "must be a list of gazetteer entries")
            continue
        for i, raw in enumerate(rows):
            try:
                entry_from_json(raw)
                sound += 1
            except ValueError as exc:
                rid = raw.get("id") if isinstance(raw, dict) else None
                col.add(path, f"bad entry, skipped: {exc}", str(rid) if rid else f"entry #{i + 1}")
    return sound
