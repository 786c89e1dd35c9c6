"""Derive the committed geodata in data/geo/ from the raw sources in ../shared/geodata/.

Run from the project root:

    python tools/build_geodata.py [--shared ../shared] [--out data/geo]

What it does, and why:

* Natural Earth 4.1.0 countries (1:50m, TopoJSON from the world-atlas npm package).
  Three polygons (Russia, Fiji, Antarctica) cross the antimeridian and come out of
  TopoJSON self-intersecting; they are repaired with ``make_valid`` keeping only the
  polygonal parts.
* Shapes are simplified *as a coverage* (``shapely.coverage_simplify``) so neighbours
  keep sharing exactly the same edges (no slivers or gaps), then snapped to a grid
  (``set_precision``) so the GeoJSON carries no false precision.
* The base map is drawn from ``world.geojson`` (the countries are the land); the
  separate Natural Earth land layer adds nothing visible and would cost payload.
* ``world.geojson``: every country, coarse (0.1 deg tolerance, 0.01 deg grid, islands
  under 0.05 sq deg dropped) -- the offline base map and the fallback geometry for
  countries far from the region (e.g. the United States).
* ``countries.geojson``: countries intersecting the region of interest
  (lon 10..130, lat 0..62), finer (0.02 deg tolerance, 0.001 deg grid).
* ``afg_adm1.geojson``: the 34 AGCHO/OCHA provinces of Afghanistan (2018-05-22),
  simplified as a coverage at 0.005 deg, 0.001 deg grid.

ISO 3166-1 alpha-3 codes are added from ``pycountry`` by the numeric id that
Natural Earth/world-atlas carries; the five shapes without a numeric id get the
Natural Earth convention (Kosovo = XKX, others keep no code and an ``ne-`` key).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pycountry
import shapely
from shapely.geometry import MultiPolygon, box

ROI = box(10.0, 0.0, 130.0, 62.0)
NO_NUMERIC = {"Kosovo": "XKX"}


def polygonal(geom):
    """Repair a geometry and keep only its polygon parts."""
    geom = shapely.make_valid(geom)
    parts = [
        q
        for p in shapely.get_parts(geom)
        if p.geom_type in ("Polygon", "MultiPolygon")
        for q in shapely.get_parts(p)
    ]
    return MultiPolygon(parts) if len(parts) > 1 else parts[0]


def drop_specks(geom, min_area: float):
    parts = [p for p in shapely.get_parts(geom) if p.area >= min_area]
    if not parts:  # keep the largest piece of a small island state
        parts = [max(shapely.get_parts(geom), key=lambda p: p.area)]
    return MultiPolygon(parts) if len(parts) > 1 else parts[0]


def simplify_coverage(geoms, tolerance: float, grid: float):
    out = shapely.coverage_simplify(np.asarray(geoms, dtype=object), tolerance)
    out = shapely.set_precision(out, grid)
    bad = ~shapely.is_valid(out)
    out[bad] = [polygonal(g) for g in out[bad]]
    return out


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def iso_codes(numeric, name):
    if isinstance(numeric, str) and numeric.isdigit():
        c = pycountry.countries.get(numeric=numeric.zfill(3))
        if c is not None:
            return c.alpha_3, numeric.zfill(3)
    return NO_NUMERIC.get(name), None


def write(gdf: gpd.GeoDataFrame, path: Path) -> int:
    fc = json.loads(gdf.to_json(drop_id=True))
    fc.pop("bbox", None)
    text = json.dumps(fc, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return len(text) + 1


def countries(shared: Path) -> gpd.GeoDataFrame:
    raw = gpd.read_file(shared / "geodata/natural-earth/countries-50m.topo.json", layer="countries")
    raw = raw.set_crs("EPSG:4326", allow_override=True)
    raw["geometry"] = [polygonal(g) for g in raw.geometry]
    codes = [iso_codes(i, n) for i, n in zip(raw["id"], raw["name"])]
    raw["iso_a3"] = [a for a, _ in codes]
    raw["iso_n3"] = [n for _, n in codes]
    raw["key"] = [a if isinstance(a, str) else "ne-" + slug(n) for a, n in zip(raw["iso_a3"], raw["name"])]
    return raw[["key", "iso_a3", "iso_n3", "name", "geometry"]]


def write_manifest(out: Path, names: list[str]) -> dict:
    """MANIFEST.json: the size in bytes (as stored, UTF-8) and the sha256 of each file."""
    manifest = {}
    for name in names:
        data = (out / name).read_bytes()
        manifest[name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, default=Path("data/geo"))
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    sizes = {}

    world = countries(args.shared)
    coarse = world.copy()
    coarse["geometry"] = simplify_coverage(coarse.geometry.values, 0.1, 0.01)
    coarse["geometry"] = [drop_specks(g, 0.05) for g in coarse.geometry]
    sizes["world.geojson"] = write(coarse, args.out / "world.geojson")

    fine = world[world.intersects(ROI)].copy()
    fine["geometry"] = simplify_coverage(fine.geometry.values, 0.02, 0.001)
    fine["geometry"] = [drop_specks(g, 0.001) for g in fine.geometry]
    sizes["countries.geojson"] = write(fine, args.out / "countries.geojson")

    zip_path = args.shared / "geodata/afghanistan-adm1/afg_admbnda_adm1_agcho_20180522.zip"
    adm1 = gpd.read_file(f"zip://{zip_path}")
    adm1 = adm1.rename(columns={"ADM1_PCODE": "key", "ADM1_EN": "name", "ADM1_DA": "name_da"})
    adm1 = adm1[["key", "name", "name_da", "geometry"]].sort_values("key").reset_index(drop=True)
    adm1["geometry"] = simplify_coverage(adm1.geometry.values, 0.005, 0.001)
    sizes["afg_adm1.geojson"] = write(adm1, args.out / "afg_adm1.geojson")

    write_manifest(args.out, list(sizes))
    for name, info in json.loads((args.out / "MANIFEST.json").read_text()).items():
        print(f"{name:20s} {info['bytes'] / 1024:8.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
