"""Exports of the current view: the provenance every format carries, and one entry point per format.

Formats live in their own modules (``export_geojson``, ``export_gpkg``, ``export_csv``,
``export_annotations``, ``export_html``); :func:`build` and :func:`write` dispatch to them.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .export_filter import ExportView, Selection, select
from .load import Dataset
from .model import Article, Link, Source

GENERATOR = "regionmap"


@dataclass(frozen=True)
class Format:
    """A download: its MIME type, file suffix and what it is, in a few words."""

    mime: str
    suffix: str
    label: str


FORMATS: dict[str, Format] = {
    "geojson": Format("application/geo+json", ".geojson", "GeoJSON (RFC 7946), passages in properties"),
    "gpkg": Format("application/geopackage+sqlite3", ".gpkg", "GeoPackage: a table per layer, passages, events, actors, articles"),
    "csv": Format("text/csv", ".csv", "CSV of mentions (events in a second file)"),
    "annotations": Format("application/ld+json", ".jsonld", "W3C Web Annotations (JSON-LD)"),
    "html": Format("text/html", ".html", "Standalone offline HTML map with the article"),
}  # fmt: skip


def article_record(art: Article, *, with_text: bool = False) -> dict[str, Any]:
    """An article's provenance: title, author, publisher, date, URL, checksum (and its text)."""
    m = art.meta
    # every metadata field (spans of body, page header and footer, format…), so an export can become data again
    rec: dict[str, Any] = m.model_dump(mode="json", exclude={"note"})
    if with_text:
        rec["note"] = m.note
        rec["text"] = art.text
    return rec


def source_record(src: Source) -> dict[str, Any]:
    """A geometry source with its licence (AGCHO/OCHA's humanitarian-use-only note included)."""
    return {"id": src.id, "title": src.title, "publisher": src.publisher, "licence": src.licence,
            "url": src.url, "note": src.note}  # fmt: skip


def passage_record(lk: Link, articles: dict[str, Article]) -> dict[str, Any]:
    """A link as quote + offsets, with the article it comes from (title, publisher, date, URL)."""
    m = articles[lk.article].meta if lk.article in articles else None
    return {
        "article": lk.article, "article_title": m.title if m else None,
        "article_publisher": m.publisher if m else None,
        "article_published": m.published.isoformat() if m else None, "article_url": m.url if m else None,
        "kind": lk.kind.value, "quote": lk.quote, "start": lk.start, "end": lk.end,
    }  # fmt: skip


def feature_properties(sel: Selection, fid: str, row: Any, links: list[Link]) -> dict[str, Any]:
    """Everything known about a feature, with its geometry source and its passages."""
    src = sel.sources.get(row["source"])
    return {
        "id": fid, "name": row["name"], "aliases": list(row["aliases"] or ()), "layer": row["layer"],
        "kind": row["kind"], "precision": row["precision"], "status": row["status"],
        "start": row["start"], "end": row["end"], "actors": [dict(a) for a in row["actors"] or ()],
        "source": source_record(src) if src else {"id": row["source"]},
        "references": list(row["references"] or ()), "description": row["description"], "note": row["note"],
        "geonames_id": geonames_id(row["geonames_id"]), "part_of": row.get("part_of"),
        "demonyms": list(row.get("demonyms") or ()),
        "passages": [passage_record(lk, sel.articles) for lk in links],
    }  # fmt: skip


def geonames_id(value: Any) -> int | None:
    """The GeoNames id as an integer (pandas holds the column as floats when some are missing)."""
    if value is None or math.isnan(float(value)):
        return None
    return int(value)


def provenance(sel: Selection, *, with_text: bool = False) -> dict[str, Any]:
    """What the export was made from: the view, the articles, the geometry sources."""
    return {
        "generator": GENERATOR,
        "view": sel.view.as_json(),
        "view_text": sel.view.describe(),
        "articles": [article_record(a, with_text=with_text) for a in sel.articles.values()],
        "sources": {sid: source_record(s) for sid, s in sel.sources.items()},
        "events": list(sel.events),
        "actors": list(sel.actors),
    }


def build(fmt: str, sel: Selection, *, bom: bool = False) -> bytes:
    """The export of ``sel`` in ``fmt`` (a key of :data:`FORMATS`, or ``"events-csv"``) as bytes.

    ``bom`` puts a UTF-8 byte order mark before the CSV so that spreadsheets read it as UTF-8.
    """
    if fmt == "geojson":
        from .export_geojson import geojson_bytes

        return geojson_bytes(sel)
    if fmt == "gpkg":
        from .export_gpkg import write_gpkg

        with tempfile.TemporaryDirectory(prefix="regionmap-") as tmp:
            path = Path(tmp) / "export.gpkg"
            write_gpkg(sel, path)
            return path.read_bytes()
    if fmt in ("csv", "events-csv"):
        from .export_csv import events_csv, mentions_csv

        return (mentions_csv if fmt == "csv" else events_csv)(sel, bom=bom)
    if fmt == "annotations":
        from .export_annotations import annotations_bytes

        return annotations_bytes(sel)
    if fmt == "html":
        from .export_html import html_bytes

        return html_bytes(sel)
    raise ValueError(f"unknown format {fmt!r}: choose {', '.join(FORMATS)}")


@functools.cache
def _umask() -> int:
    # read once: os.umask can only be read by setting it, which is not thread-safe
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` (readers see the old or the new file), readable as the umask allows.

    ``store.write_atomic`` keeps mkstemp's owner-only mode, right for the user's data
    directory; an export is made to be shared.
    """
    tmp = _writable_temp(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _writable_temp(out: Path) -> Path:
    # created beside the target so that os.replace is atomic; fails early when the place is unwritable
    # (the name still ends in the target's suffix: GDAL warns about a .gpkg not called .gpkg)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=f".tmp{out.suffix}")
    os.close(fd)
    return Path(tmp)


def write(fmt: str, sel: Selection, out: Path, *, bom: bool = False) -> list[Path]:
    """Write the export to ``out`` atomically; returns the files written.

    CSV: ``out`` ending in ``.zip`` gets one zip with ``mentions.csv`` and ``events.csv``;
    any other name gets the mentions, and the events go to the sibling ``<stem>-events.csv``.
    """
    out = Path(out)
    if fmt == "gpkg":
        from .export_gpkg import write_gpkg

        tmp = _writable_temp(out)
        try:
            tmp.unlink()  # GDAL wants to create the file itself
            write_gpkg(sel, tmp)
            os.chmod(tmp, 0o666 & ~_umask())
            os.replace(tmp, out)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return [out]
    if fmt == "csv":
        from .export_csv import csv_zip

        if out.suffix.lower() == ".zip":
            write_atomic(out, csv_zip(sel, bom=bom))
            return [out]
        events = out.with_name(f"{out.stem}-events{out.suffix or '.csv'}")
        write_atomic(out, build("csv", sel, bom=bom))
        write_atomic(events, build("events-csv", sel, bom=bom))
        return [out, events]
    write_atomic(out, build(fmt, sel, bom=bom))
    return [out]


def export_view(ds: Dataset, view: ExportView | None = None) -> Selection:
    """:func:`regionmap.export_filter.select` with every layer and article by default."""
    return select(ds, view or ExportView())
