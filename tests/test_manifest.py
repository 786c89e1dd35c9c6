"""data/geo/MANIFEST.json records every geometry file's real size in bytes and its sha256."""

from __future__ import annotations

import hashlib
import json

from conftest import DATA


def test_manifest_matches_the_files_byte_for_byte():
    geo = DATA / "geo"
    manifest = json.loads((geo / "MANIFEST.json").read_text(encoding="utf-8"))
    on_disk = {p.name for p in geo.glob("*.geojson")}
    assert set(manifest) == on_disk
    for name, info in manifest.items():
        data = (geo / name).read_bytes()
        assert info["bytes"] == len(data), name
        assert info["sha256"] == hashlib.sha256(data).hexdigest(), name
