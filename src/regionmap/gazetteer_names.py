"""The gazetteer's Russian, Dari/Persian and Latin-transliterated names (data/gazetteer/names.csv)."""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .gazetteer import Gazetteer

NAMES_FILE = "names.csv"
LANGS = ("ru", "fa")
KINDS = {"name", "alias", "demonym"}


def names_path(data_dir: Path | str) -> Path:
    return Path(data_dir) / "gazetteer" / NAMES_FILE


def read_names(data_dir: Path | str, problems: list[str] | None = None) -> list[dict[str, str]]:
    """The rows of ``names.csv`` (``id, lang, name, kind, source``); bad rows go to ``problems``."""
    path = names_path(data_dir)
    if not path.exists():
        return []
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        if problems is not None:
            problems.append(f"{path}: unreadable names file: {exc}")
        return []
    good = []
    for i, r in enumerate(rows, start=2):
        if not (
            r.get("id") and r.get("name") and r.get("lang") and r.get("kind") in KINDS and r.get("source")
        ):
            if problems is not None:
                problems.append(
                    f"{path}:{i}: a name needs id, lang, name, kind (name/alias/demonym) and source"
                )
            continue
        good.append(r)
    return good


def attach_names(gaz: Gazetteer, data_dir: Path | str, problems: list[str] | None = None) -> None:
    """Give ``gaz`` its names in other languages: ``gaz.names[lang][entry id] = [(name, kind)]``.

    Latin transliterations (``latn``) become English aliases of their entry when no entry has
    that spelling yet. A ``gn-*`` id folded into a map feature lands on the feature.
    """
    from .gazetteer import normalise

    by_gn = gaz.by_geonames()
    names: dict[str, dict[str, list[tuple[str, str]]]] = {lang: defaultdict(list) for lang in LANGS}
    latin: dict[str, list[str]] = defaultdict(list)
    for r in read_names(data_dir, problems):
        eid = r["id"]
        if eid not in gaz.entries and eid.startswith("gn-") and eid[3:].isdigit():
            eid = by_gn.get(int(eid[3:]), eid)
        if eid not in gaz.entries:
            continue  # an entry this data directory does not have (a smaller test gazetteer)
        if r["lang"] == "latn":
            if normalise(r["name"]) not in gaz.forms:
                latin[eid].append(r["name"])
        elif r["lang"] in names:
            names[r["lang"]][eid].append((r["name"], r["kind"]))
    if latin:
        for eid, extra in latin.items():
            e = gaz.entries[eid]
            gaz.entries[eid] = replace(e, aliases=(*e.aliases, *extra))
        gaz.__post_init__()  # re-index the English forms with the new aliases
    gaz.names = {lang: dict(v) for lang, v in names.items()}  # type: ignore[attr-defined]


def names_of(gaz: Gazetteer, eid: str) -> list[str]:
    """Every Russian and Persian name of an entry (for search)."""
    out: list[str] = []
    for by_id in getattr(gaz, "names", {}).values():
        out += [n for n, _ in by_id.get(eid, ())]
    return out


def feature_names(data_dir: Path | str, geonames_of: dict[str, int | None]) -> dict[str, list[str]]:
    """Russian and Persian names of map features, read straight from ``names.csv`` (no linker).

    Parameters
    ----------
    data_dir
        The data directory (``data/``).
    geonames_of
        Feature id to its GeoNames id, if any: a town's names are listed under ``gn-<id>``.
    """
    by_gn = {f"gn-{g}": fid for fid, g in geonames_of.items() if g}
    out: dict[str, list[str]] = defaultdict(list)
    for r in read_names(data_dir):
        fid = r["id"] if r["id"] in geonames_of else by_gn.get(r["id"])
        if fid and r["lang"] in LANGS:
            out[fid].append(r["name"])
    return dict(out)
