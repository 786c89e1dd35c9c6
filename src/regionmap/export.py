"""Export the dataset as one RFC 7946 GeoJSON FeatureCollection."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import shapely

from .load import Dataset
from .store import write_atomic


def feature_collection(ds: Dataset) -> dict[str, Any]:
    """Every feature with its properties, source and linked passages.

    Polygons are wound counter-clockwise (RFC 7946 section 3.1.6); coordinates are
    WGS84 longitude, latitude as stored.
    """
    by_feature: dict[str, list[dict[str, Any]]] = {}
    for lk in ds.links:
        by_feature.setdefault(lk.feature, []).append(
            {
                "article": lk.article,
                "kind": lk.kind.value,
                "quote": lk.quote,
                "start": lk.start,
                "end": lk.end,
            }
        )
    feats = []
    for fid, row in ds.features.iterrows():
        src = ds.sources[row["source"]]
        geom = shapely.orient_polygons(row.geometry)
        props = {
            "id": fid,
            "name": row["name"],
            "aliases": list(row["aliases"]),
            "layer": row["layer"],
            "kind": row["kind"],
            "precision": row["precision"],
            "status": row["status"],
            "start": row["start"],
            "end": row["end"],
            "actors": list(row["actors"]),
            "source": {
                "id": src.id,
                "title": src.title,
                "publisher": src.publisher,
                "licence": src.licence,
                "url": src.url,
            },
            "references": list(row["references"]),
            "description": row["description"],
            "note": row["note"],
            "passages": by_feature.get(fid, []),
        }
        feats.append(
            {"type": "Feature", "id": fid, "geometry": shapely.geometry.mapping(geom), "properties": props}
        )
    return {"type": "FeatureCollection", "features": feats}


def write_geojson(ds: Dataset, out: Path) -> int:
    """Write the collection atomically; returns the number of features."""
    fc = feature_collection(ds)
    write_atomic(Path(out), json.dumps(fc, ensure_ascii=False).encode("utf-8"))
    return len(fc["features"])
