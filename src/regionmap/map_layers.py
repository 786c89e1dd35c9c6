"""Each layer's features as GeoJSON with what the map shows without asking the server: style, label, first passage."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import shapely

from .article_view import context, group_by_article
from .load import Dataset
from .model import Layer, Link, Precision
from .names import article_spellings, display_name, plain_kind
from .style import feature_style

LAYER_ORDER = [layer.value for layer in Layer]
QUOTE_LIMIT = 320  # characters of the first passage carried by a feature for the instant panel


def demonyms_of(name: str, spelling: str | None, kind: str | None = None) -> list[str]:
    """Spellings that name the people, not the place: never a label.

    A short prefix of the name ("Tajik" for Tajikistan) is one; so is any other single word for a
    country ("Russian", "Chinese", "American"): the linker keeps countries' adjectives among
    their aliases, and a country's name of one word is its name itself.
    """
    if not spelling or spelling == name:
        return []
    if len(spelling) < len(name) and name.startswith(spelling):
        return [spelling]
    if kind == "country" and spelling.replace("-", "").isalpha():
        return [spelling]
    return []


def geom_class(geom_type: str) -> str:
    return geom_type.removeprefix("Multi")


def label_point(geom: Any) -> list[float]:
    """``[lat, lon]`` where a label sits: a polygon's pole of inaccessibility (largest part), a
    line's midpoint (longest part), a point itself."""
    parts = list(shapely.get_parts(geom))
    if geom.geom_type.endswith("Polygon"):
        part = max(parts, key=lambda p: p.area)
        tol = max(0.01, (part.bounds[2] - part.bounds[0]) / 200)
        p = shapely.get_point(shapely.maximum_inscribed_circle(part, tol), 0)
    elif geom.geom_type.endswith("LineString"):
        part = max(parts, key=lambda p: p.length)
        p = part.interpolate(0.5, normalized=True)
    else:
        p = parts[0]
    return [round(p.y, 4), round(p.x, 4)]


def dates_text(start: Any, end: Any) -> str:
    if not start:
        return ""
    return f"{start} – {end}" if end and end != start else str(start)


# Kinds that are lines or areas in the world but points here: no open river or range geometry is in
# the repository yet (no registry package ships Natural Earth's centre-lines), so the map says so.
LINE_KINDS = {"river", "mountain range", "valley", "sea or lake", "corridor"}


def _tip(row: Any) -> str:
    kind = plain_kind(row["kind"])
    tip = f"{kind} · {row['status']} · {row['precision']}"
    if kind in LINE_KINDS and row.geometry.geom_type.endswith("Point"):
        tip += " · drawn as an approximate point"
    if d := dates_text(row["start"], row["end"]):
        tip += f" · {d}"
    if row["precision"] == Precision.SCHEMATIC:
        tip += " — schematic: not the true course"
    elif row["precision"] == Precision.APPROXIMATE:
        tip += " — approximate location"
    return tip


def first_passages(ds: Dataset) -> dict[str, tuple[str, str, str | None]]:
    """For each linked feature: the first passage the card shows (its sentence), that article's title,
    and the spelling that article uses for the feature (None when it only describes it).

    One sentence per feature, whatever the number of articles: it travels with the layer
    so the map can show it the moment the feature is clicked.
    """
    by_feature: dict[str, list[Link]] = defaultdict(list)
    for lk in ds.links:
        by_feature[lk.feature].append(lk)
    out = {}
    for fid, links in by_feature.items():
        groups = group_by_article(links)
        aid, first = next(iter(groups.items()))
        art = ds.articles.get(aid)
        if art is None:
            continue
        spelling = article_spellings(first).get((aid, fid))
        out[fid] = (passage_text(art, first[0]), art.meta.title, spelling)
    return out


def passage_text(art: Any, link: Link) -> str:
    ctx = context(art, link)
    text = " ".join((ctx.before + ctx.quote + ctx.after).split())
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1].rstrip() + "…"


def layer_geojson(
    ds: Dataset, layer: str, passages: dict[str, tuple[str, str, str | None]] | None = None
) -> dict[str, dict[str, Any]]:
    """One layer's features as GeoJSON, split by geometry class, with display properties only.

    Returns
    -------
    dict
        ``{"Polygon"|"LineString"|"Point": FeatureCollection}``; every feature carries ``id``,
        ``name``, ``layer``, ``kind`` (plain words), ``status``, ``precision``, ``tip``, a Leaflet
        ``style``, a label point ``lp`` and, when an article links it, its first passage ``q``
        with the article's title ``qa``.
    """
    passages = first_passages(ds) if passages is None else passages
    sub = ds.features[ds.features["layer"] == layer]
    # a project (CASA-1000) is drawn as its parts; each part names it, so selecting the project
    # rings them all (its own geometry, their union, still serves fit and "features at a spot")
    sub = sub[~sub.index.isin(set(ds.features["part_of"].dropna()))]
    out: dict[str, dict[str, Any]] = {}
    for fid, row in sub.iterrows():
        gclass = geom_class(row.geometry.geom_type)
        props: dict[str, Any] = {
            "id": fid,
            "name": row["name"],
            "layer": layer,
            "kind": plain_kind(row["kind"]),
            "status": row["status"],
            "precision": row["precision"],
            "dates": dates_text(row["start"], row["end"]),
            "tip": _tip(row),
            "style": feature_style(layer, row["status"], row["precision"], gclass),
            "lp": label_point(row.geometry),
        }
        if row.get("part_of"):
            props["po"] = row["part_of"]
        if fid in passages:
            props["q"], props["qa"], spelling = passages[fid]
            shown = display_name(row["name"], spelling, demonyms_of(row["name"], spelling, row.get("kind")))[
                0
            ]
            if shown != row["name"]:
                props["sp"] = shown  # "Termez" where the gazetteer says "Tirmiz"
        # Leaflet hands a click on one point of a MultiPoint over without the feature's
        # properties, so each point becomes a feature of its own carrying the same id
        geoms = shapely.get_parts(row.geometry) if row.geometry.geom_type == "MultiPoint" else [row.geometry]
        fc = out.setdefault(gclass, {"type": "FeatureCollection", "features": []})
        for g in geoms:
            fc["features"].append(
                {"type": "Feature", "id": fid, "properties": props, "geometry": shapely.geometry.mapping(g)}
            )
    return out


def pane_for(layer: str, gclass: str) -> str:
    """Regions lie under countries and provinces, so a click inside a country finds the country."""
    if gclass == "Polygon":
        return {"regions": "rm-regions", "security": "rm-hot"}.get(layer, "rm-areas")
    return {"LineString": "rm-lines", "Point": "rm-points"}[gclass]


def features_at(
    ds: Dataset, lat: float, lon: float, layers: list[str], tolerance_deg: float = 0.05
) -> list[str]:
    """Ids of the features of ``layers`` under a map click: overlapping areas, lines and points nearby.

    A click reaches only the shape drawn on top; this lists the others so the card can offer them.
    """
    pt = shapely.Point(lon, lat)
    f = ds.features[ds.features["layer"].isin(layers)]
    hits = f[f.geometry.intersects(pt.buffer(tolerance_deg))]
    # smallest first: the province before the country before the region (square degrees
    # are good enough to order by)
    return list(hits.assign(_a=shapely.area(hits.geometry.values)).sort_values("_a").index)


def feature_bounds(ds: Dataset, fids: list[str]) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of some features, None if there are none."""
    geoms = [ds.features.loc[f].geometry for f in fids if f in ds.features.index]
    if not geoms:
        return None
    minx, miny, maxx, maxy = (float(v) for v in shapely.total_bounds(geoms))
    return [[round(miny, 4), round(minx, 4)], [round(maxy, 4), round(maxx, 4)]]
