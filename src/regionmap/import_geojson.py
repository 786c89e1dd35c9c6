"""Turn a regionmap GeoJSON export back into a data directory (``regionmap import-geojson``).

The export carries everything a data directory holds for the features it contains:
geometry as drawn, properties, geometry sources, the articles with their verbatim text
and the passages as quote + offsets. This writes them in the layout of ``data/`` so that
``regionmap validate`` can check the export and a colleague can map it. Geometry comes
back literal (no ``geometry_ref``), so ``geo/`` holds empty collections; ``gazetteer/`` holds
empty files and a note (an export carries no place-name index).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .export_geojson import FOREIGN_MEMBER
from .gazetteer import GAZETTEER_FILES
from .load import GEO_DATASETS
from .model import FeatureProps

PROPS = tuple(f for f in FeatureProps.model_fields if f != "geometry_ref")


GAZETTEER_NOTE = """# gazetteer/ (empty)

This directory was made by `regionmap import-geojson` from a GeoJSON export. The export carries the
mapped features, their sources and passages, not the linker's place-name index, so these files are
empty lists: the map opens and `regionmap validate` checks the data, but linking a new article here
finds only the features above. Copy `data/gazetteer/*.json` from a regionmap checkout to link with
the full gazetteer.
"""


class NotAnExport(ValueError):
    """The file is not a regionmap GeoJSON export, said in one line."""


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def to_data_dir(fc: Any, out: Path) -> dict[str, int]:
    """Write the export ``fc`` (a parsed FeatureCollection) as a data directory at ``out``.

    ``out`` must not exist yet or be empty. Returns counts of features, articles and links.
    Raises :class:`NotAnExport` when ``fc`` lacks what a data directory needs.
    """
    if (
        not isinstance(fc, dict)
        or fc.get("type") != "FeatureCollection"
        or not isinstance(fc.get("features"), list)
    ):
        raise NotAnExport("not a GeoJSON FeatureCollection")
    meta = fc.get(FOREIGN_MEMBER)
    if not isinstance(meta, dict) or not isinstance(meta.get("sources"), dict):
        raise NotAnExport(
            f"no '{FOREIGN_MEMBER}' member: only a regionmap GeoJSON export can become a data directory"
        )
    arts = meta.get("articles") or []
    if any(not isinstance(a, dict) or "text" not in a for a in arts):
        raise NotAnExport("an article in the export has no text")
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise NotAnExport(f"{out} is not empty")
    by_layer: dict[str, list[dict[str, Any]]] = {}
    links: dict[str, list[dict[str, Any]]] = {a["id"]: [] for a in arts}
    for f in fc["features"]:
        p = f.get("properties") or {}
        props = {k: p[k] for k in PROPS if k in p and p[k] not in (None, [])}
        props["source"] = p["source"]["id"] if isinstance(p.get("source"), dict) else p.get("source")
        by_layer.setdefault(str(p.get("layer")), []).append(
            {"type": "Feature", "id": f.get("id"), "geometry": f.get("geometry"), "properties": props}
        )
        for q in p.get("passages") or []:
            links.setdefault(q["article"], []).append(
                {
                    "feature": f.get("id"),
                    "kind": q["kind"],
                    "quote": q["quote"],
                    "start": q["start"],
                    "end": q["end"],
                }
            )
    for layer, feats in by_layer.items():
        _dump(out / "features" / f"{layer}.geojson", {"type": "FeatureCollection", "features": feats})
    (out / "features").mkdir(parents=True, exist_ok=True)
    _dump(
        out / "sources.json",
        {sid: {k: v for k, v in s.items() if k != "id"} for sid, s in meta["sources"].items()},
    )
    for name in GEO_DATASETS:
        _dump(out / "geo" / f"{name}.geojson", {"type": "FeatureCollection", "features": []})
    # the export carries the mapped features, not the place-name index the linker reads: the
    # directory gets empty gazetteer files, so it validates and maps, and says how to link with it
    for name in GAZETTEER_FILES:
        _dump(out / "gazetteer" / f"{name}.json", [])
    (out / "gazetteer" / "README.md").write_text(GAZETTEER_NOTE, encoding="utf-8")
    (out / "articles").mkdir(parents=True, exist_ok=True)
    for a in arts:
        rec = {k: v for k, v in a.items() if k != "text" and v is not None}
        (out / "articles" / f"{a['id']}.txt").write_bytes(a["text"].encode("utf-8"))
        _dump(out / "articles" / f"{a['id']}.json", rec)
    (out / "links").mkdir(parents=True, exist_ok=True)
    for aid, lks in links.items():
        lks.sort(key=lambda lk: (lk["start"], -lk["end"], lk["feature"]))
        _dump(out / "links" / f"{aid}.json", {"article": aid, "links": lks})
    return {"features": len(fc["features"]), "articles": len(arts), "links": sum(map(len, links.values()))}
