"""CSV export: one row per mention or passage, and one per event; UTF-8, optionally with a BOM."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import Any

from shapely.geometry.base import BaseGeometry

from .export_filter import EVENT_COLUMNS, Selection

MENTION_COLUMNS = (
    "date", "precision", "place_id", "place_name", "layer", "kind", "status", "lat", "lon", "coordinate",
    "actors", "quote", "article_id", "article_title", "article_publisher", "article_published", "article_url",
    "start", "end", "link_kind", "geometry_source", "licence",
)  # fmt: skip
EVENTS_COLUMNS = (*EVENT_COLUMNS, "article_title", "article_published")
BOM = "\ufeff"
# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def feature_date(start: Any, end: Any) -> str:
    """The feature's date as ISO 8601: a day, an interval ``start/end``, or empty."""
    if not start:
        return ""
    return f"{start}/{end}" if end and end != start else str(start)


def coordinate(geom: BaseGeometry) -> tuple[float, float, str]:
    """``(lat, lon, what)``: the point itself, or a point on the line or inside the area, said so."""
    kind = geom.geom_type.removeprefix("Multi")
    pt = geom.representative_point()
    what = {"Point": "point" if geom.geom_type == "Point" else "one of the points",
            "LineString": "a point on the line"}.get(kind, "a point inside the area")  # fmt: skip
    # 5 decimals (~1 m) is already finer than any source here
    return round(pt.y, 5), round(pt.x, 5), what


def _cell(value: Any, spreadsheet: bool) -> Any:
    if value is None:
        return ""
    if spreadsheet and isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(columns: Sequence[str], rows: Iterable[dict[str, Any]], bom: bool) -> bytes:
    buf = io.StringIO(newline="")
    if bom:
        buf.write(BOM)
    w = csv.writer(buf, lineterminator="\r\n")  # RFC 4180 line ends
    w.writerow(columns)
    for r in rows:
        w.writerow([_cell(r.get(c), bom) for c in columns])
    return buf.getvalue().encode("utf-8")


def mention_rows(sel: Selection) -> list[dict[str, Any]]:
    """Every kept link with its place, coordinate, article and geometry source."""
    rows = []
    coords = {fid: coordinate(g) for fid, g in sel.features.geometry.items()}
    for lk in sel.links:
        f = sel.features.loc[lk.feature]
        art = sel.articles[lk.article].meta
        src = sel.sources.get(f["source"])
        lat, lon, what = coords[lk.feature]
        rows.append({
            "date": feature_date(f["start"], f["end"]), "precision": f["precision"], "place_id": lk.feature,
            "place_name": f["name"], "layer": f["layer"], "kind": f["kind"], "status": f["status"],
            "lat": lat, "lon": lon, "coordinate": what,
            "actors": "; ".join(a["name"] for a in f["actors"] or ()), "quote": lk.quote, "article_id": art.id,
            "article_title": art.title, "article_publisher": art.publisher,
            "article_published": art.published.isoformat(), "article_url": art.url, "start": lk.start,
            "end": lk.end, "link_kind": lk.kind.value, "geometry_source": src.title if src else f["source"],
            "licence": src.licence if src else None,
        })  # fmt: skip
    return rows


def event_rows(sel: Selection) -> list[dict[str, Any]]:
    rows = []
    for e in sel.events:
        art = sel.articles.get(e.get("article_id") or "")
        rows.append({**e, "article_title": art.meta.title if art else None,
                     "article_published": art.meta.published.isoformat() if art else None})  # fmt: skip
    return rows


def mentions_csv(sel: Selection, *, bom: bool = False) -> bytes:
    """The mentions table. With ``bom`` (for spreadsheets) text cells that a spreadsheet would
    run as a formula get a leading apostrophe; without it every cell is the exact data."""
    return _csv(MENTION_COLUMNS, mention_rows(sel), bom)


def events_csv(sel: Selection, *, bom: bool = False) -> bytes:
    """The events table (its header alone while the data has no events)."""
    return _csv(EVENTS_COLUMNS, event_rows(sel), bom)


def csv_zip(sel: Selection, *, bom: bool = False) -> bytes:
    """``mentions.csv`` and ``events.csv`` in one zip."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in (
            ("mentions.csv", mentions_csv(sel, bom=bom)),
            ("events.csv", events_csv(sel, bom=bom)),
        ):
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))  # same bytes for the same view
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buf.getvalue()
