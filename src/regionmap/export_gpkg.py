"""GeoPackage export: a table per layer, attribute tables, and their relations (OGC related tables).

Feature and attribute tables are written by pyogrio (GDAL). The relations are then
declared with the GeoPackage Related Tables Extension (OGC 18-000): GDAL (3.6+) reports
them as relationships and QGIS offers them as layer relations. Every table also carries
the text keys (``feature_id``, ``article_id``, ``source_id``, ``event_id``) that join it
to the others, for tools that ignore the extension.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the test extra
import pyogrio  # type: ignore[import-untyped]

from .export import GENERATOR, geonames_id
from .export_filter import ACTOR_COLUMNS, EVENT_COLUMNS, LAYER_ORDER, Selection

RTE_NAME = "gpkg_related_tables"
RTE_DEFINITION = "http://docs.opengeospatial.org/is/18-000/18-000.html"

FEATURE_COLUMNS = ("feature_id", "name", "aliases", "layer", "kind", "precision", "status", "start_date",
                   "end_date", "actors", "source_id", "source_title", "source_publisher", "source_licence",
                   "source_url", "references", "description", "note", "geonames_id", "n_passages")  # fmt: skip
PASSAGE_COLUMNS = (
    "passage_id",
    "feature_id",
    "layer",
    "article_id",
    "article_title",
    "kind",
    "quote",
    "start",
    "end",
)
ARTICLE_COLUMNS = ("article_id", "title", "author", "publisher", "published", "url", "language", "sha256",
                   "body_start", "body_end", "text")  # fmt: skip
SOURCE_COLUMNS = ("source_id", "title", "publisher", "licence", "url", "note")
INT_COLUMNS = {"geonames_id", "n_passages", "start", "end", "body_start", "body_end"}


def _frame(rows: list[dict[str, Any]], columns: tuple[str, ...]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    for col in columns:
        # typed columns even when empty, so an empty table has the same schema as a full one
        df[col] = df[col].astype("Int64") if col in INT_COLUMNS else df[col].astype(object)
    return df


def _names(actors: Any) -> str:
    return "; ".join(a["name"] for a in actors or ())


def layer_frame(sel: Selection, layer: str, n_links: dict[str, int]) -> gpd.GeoDataFrame:
    """One layer's features with their source and licence, as a table row each."""
    sub = sel.features[sel.features["layer"] == layer]
    rows = []
    for fid, r in sub.iterrows():
        src = sel.sources.get(r["source"])
        rows.append({
            "feature_id": fid, "name": r["name"], "aliases": "; ".join(r["aliases"] or ()), "layer": layer,
            "kind": r["kind"], "precision": r["precision"], "status": r["status"], "start_date": r["start"],
            "end_date": r["end"], "actors": _names(r["actors"]), "source_id": r["source"],
            "source_title": src.title if src else None, "source_publisher": src.publisher if src else None,
            "source_licence": src.licence if src else None, "source_url": src.url if src else None,
            "references": "; ".join(r["references"] or ()), "description": r["description"], "note": r["note"],
            "geonames_id": geonames_id(r["geonames_id"]), "n_passages": n_links.get(str(fid), 0),
        })  # fmt: skip
    df = _frame(rows, FEATURE_COLUMNS)
    return gpd.GeoDataFrame(df, geometry=list(sub.geometry), crs="EPSG:4326")


def tables(sel: Selection) -> dict[str, pd.DataFrame]:
    """Every table of the GeoPackage by name: the layers, then the attribute tables."""
    n_links: dict[str, int] = {}
    for lk in sel.links:
        n_links[lk.feature] = n_links.get(lk.feature, 0) + 1
    layers = sel.view.layers if sel.view.layers is not None else LAYER_ORDER
    out: dict[str, pd.DataFrame] = {layer: layer_frame(sel, layer, n_links) for layer in layers}
    layer_of = sel.features["layer"].to_dict()
    out["passages"] = _frame(
        [
            {"passage_id": lk.key, "feature_id": lk.feature, "layer": layer_of.get(lk.feature),
             "article_id": lk.article, "article_title": sel.articles[lk.article].meta.title, "kind": lk.kind.value,
             "quote": lk.quote, "start": lk.start, "end": lk.end}
            for lk in sel.links
        ],
        PASSAGE_COLUMNS,
    )  # fmt: skip
    out["articles"] = _frame(
        [
            {"article_id": a.id, "title": a.meta.title, "author": a.meta.author, "publisher": a.meta.publisher,
             "published": a.meta.published.isoformat(), "url": a.meta.url, "language": a.meta.language,
             "sha256": a.meta.sha256, "body_start": a.meta.body.start, "body_end": a.meta.body.end, "text": a.text}
            for a in sel.articles.values()
        ],
        ARTICLE_COLUMNS,
    )  # fmt: skip
    out["sources"] = _frame(
        [{"source_id": s.id, "title": s.title, "publisher": s.publisher, "licence": s.licence, "url": s.url,
          "note": s.note} for s in sel.sources.values()],
        SOURCE_COLUMNS,
    )  # fmt: skip
    out["events"] = _frame(list(sel.events), EVENT_COLUMNS)
    out["actors"] = _frame(list(sel.actors), ACTOR_COLUMNS)
    return out


def _relate(con: sqlite3.Connection, base: str, related: str, pairs: list[tuple[int, int]]) -> None:
    mapping = f"{base}_{related}"
    con.execute(f'CREATE TABLE "{mapping}" (base_id INTEGER NOT NULL, related_id INTEGER NOT NULL)')
    con.executemany(f'INSERT INTO "{mapping}" VALUES (?, ?)', pairs)
    con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)",
                (mapping, mapping, f"which rows of {related} belong to which rows of {base}"))  # fmt: skip
    con.execute("INSERT INTO gpkgext_relations (base_table_name, base_primary_column, related_table_name, "
                "related_primary_column, relation_name, mapping_table_name) VALUES (?, 'fid', ?, 'fid', 'attributes', ?)",
                (base, related, mapping))  # fmt: skip
    con.execute(
        "INSERT INTO gpkg_extensions VALUES (?, NULL, ?, ?, 'read-write')",
        (mapping, RTE_NAME, RTE_DEFINITION),
    )


def _fids(con: sqlite3.Connection, table: str, key: str) -> dict[str, int]:
    return {k: fid for fid, k in con.execute(f'SELECT fid, "{key}" FROM "{table}"')}


def add_relations(path: Path, sel: Selection, layers: list[str]) -> None:
    """Declare layer → passages and articles → passages with the Related Tables Extension."""
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(
                "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
                "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
                "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))"
            )
            con.execute(
                "CREATE TABLE gpkgext_relations (id INTEGER PRIMARY KEY AUTOINCREMENT, base_table_name TEXT NOT NULL, "
                "base_primary_column TEXT NOT NULL DEFAULT 'id', related_table_name TEXT NOT NULL, "
                "related_primary_column TEXT NOT NULL DEFAULT 'id', relation_name TEXT NOT NULL, "
                "mapping_table_name TEXT NOT NULL UNIQUE)"
            )
            con.execute("INSERT INTO gpkg_extensions VALUES ('gpkgext_relations', NULL, ?, ?, 'read-write')",
                        (RTE_NAME, RTE_DEFINITION))  # fmt: skip
            passages = _fids(con, "passages", "passage_id")
            for layer in layers:
                feats = _fids(con, layer, "feature_id")
                _relate(con, layer, "passages", [(feats[lk.feature], passages[lk.key]) for lk in sel.links
                                                 if lk.feature in feats])  # fmt: skip
            arts = _fids(con, "articles", "article_id")
            _relate(con, "articles", "passages", [(arts[lk.article], passages[lk.key]) for lk in sel.links])
            con.execute("UPDATE gpkg_contents SET description = ? WHERE table_name NOT LIKE '%\\_passages' ESCAPE '\\'",
                        (f"{GENERATOR} export ({sel.view.describe()}); geometry sources and licences in 'sources'",))  # fmt: skip
    finally:
        con.close()


def write_gpkg(sel: Selection, path: Path) -> dict[str, int]:
    """Write ``sel`` to a new GeoPackage at ``path``; returns the row count of every table."""
    counts: dict[str, int] = {}
    layers: list[str] = []
    for name, df in tables(sel).items():
        if isinstance(df, gpd.GeoDataFrame):
            layers.append(name)
            # mixed Polygon/MultiPolygon (or points and lines in one layer) become one declared type
            kinds = {t.removeprefix("Multi") for t in df.geom_type.dropna()}
            one = len(kinds) == 1
            gtype = f"Multi{next(iter(kinds))}" if one else "Unknown"
            pyogrio.write_dataframe(df, path, layer=name, driver="GPKG", promote_to_multi=one,
                                    geometry_type=gtype, layer_options={"FID": "fid"})  # fmt: skip
        else:
            pyogrio.write_dataframe(df, path, layer=name, driver="GPKG")
        counts[name] = len(df)
    add_relations(Path(path), sel, layers)
    return counts
