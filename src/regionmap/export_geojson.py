"""GeoJSON export (RFC 7946): WGS84, counter-clockwise exteriors, no crs, antimeridian-safe bbox."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from .export import feature_properties, provenance
from .export_filter import Selection

FOREIGN_MEMBER = "regionmap"  # RFC 7946 section 6.1: provenance travels as a foreign member


def _lon_intervals(geoms: Iterable[BaseGeometry]) -> list[tuple[float, float, float, float]]:
    out = []
    for g in geoms:
        for part in shapely.get_parts(g):
            if not part.is_empty:
                out.append(tuple(float(v) for v in part.bounds))
    return out  # type: ignore[return-value]


def bbox(geoms: Iterable[BaseGeometry]) -> list[float] | None:
    """``[west, south, east, north]`` of the smallest longitude arc that covers every part.

    Geometries that cross the antimeridian are cut there (RFC 7946 section 3.1.9), so a
    plain min/max would claim the whole globe for Fiji or Chukotka. The arc is the circle
    minus its largest gap between parts; when that gap is not the one at 180° the box
    crosses the antimeridian and ``west > east`` (section 5.2).
    """
    parts = _lon_intervals(geoms)
    if not parts:
        return None
    south = min(p[1] for p in parts)
    north = max(p[3] for p in parts)
    merged: list[list[float]] = []
    for x0, _, x1, _ in sorted(parts):
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    # the gap across the antimeridian, from the last interval's east edge round to the first's west
    best_gap = (merged[0][0] + 360.0) - merged[-1][1]
    west, east = merged[0][0], merged[-1][1]
    for (_, a1), (b0, _) in itertools.pairwise(merged):
        if b0 - a1 > best_gap:
            best_gap, west, east = b0 - a1, b0, a1
    return [west, south, east, north]


def geometry(geom: BaseGeometry) -> dict[str, Any]:
    """RFC 7946 geometry: exterior rings counter-clockwise, holes clockwise (section 3.1.6)."""
    return shapely.geometry.mapping(shapely.orient_polygons(geom))


def feature_collection(sel: Selection) -> dict[str, Any]:
    """The selection as one FeatureCollection, each feature with its sources and passages.

    Coordinates are WGS84 longitude, latitude as stored (never rounded further);
    provenance (the view, the articles with their text, the geometry sources, events
    and actors) is in the ``regionmap`` foreign member.
    """
    by_feature = sel.links_by_feature()
    feats = []
    for fid, row in sel.features.iterrows():
        feat: dict[str, Any] = {"type": "Feature", "id": fid}
        if box := bbox([row.geometry]):
            feat["bbox"] = box
        feat["geometry"] = geometry(row.geometry)
        feat["properties"] = feature_properties(sel, str(fid), row, by_feature.get(str(fid), []))
        feats.append(feat)
    fc: dict[str, Any] = {"type": "FeatureCollection"}
    if box := bbox(sel.features.geometry):
        fc["bbox"] = box
    fc["features"] = feats
    fc[FOREIGN_MEMBER] = provenance(sel, with_text=True)
    return fc


def geojson_bytes(sel: Selection) -> bytes:
    """:func:`feature_collection` as UTF-8 JSON."""
    return json.dumps(feature_collection(sel), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
