"""`regionmap export geojson`: one RFC 7946 FeatureCollection with passages."""

from __future__ import annotations

import json

import shapely
from shapely.geometry import shape

from regionmap.cli import main

PROPS = {
    "id",
    "name",
    "aliases",
    "layer",
    "kind",
    "precision",
    "status",
    "start",
    "end",
    "actors",
    "source",
    "passages",
}


def test_export_round_trip(tmp_path, ds, capsys):
    out = tmp_path / "all.geojson"
    assert main(["export", "geojson", str(out)]) == 0
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    assert len(fc["features"]) == len(ds.features)
    ids = [f["id"] for f in fc["features"]]
    assert len(set(ids)) == len(ids)
    for f in fc["features"]:
        assert PROPS <= set(f["properties"]), f["id"]
        assert f["properties"]["id"] == f["id"]
        g = shape(f["geometry"])
        assert g.is_valid
        minx, miny, maxx, maxy = g.bounds
        assert -180 <= minx and maxx <= 180 and -90 <= miny and maxy <= 90
        for poly in shapely.get_parts(g):
            if poly.geom_type == "Polygon":  # RFC 7946 3.1.6: exterior rings counter-clockwise
                assert poly.exterior.is_ccw and all(not r.is_ccw for r in poly.interiors)


def test_export_carries_passages_and_sources(tmp_path, ds):
    out = tmp_path / "all.geojson"
    main(["export", "geojson", str(out)])
    feats = {f["id"]: f["properties"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    text = ds.articles["000_fdd9b0092077d752"].text
    jz = feats["province-jawzjan"]
    assert any(
        "control of Afghanistan’s Jawzjan province" in p["quote"] or p["quote"] == "Jawzjan"
        for p in jz["passages"]
    )
    for props in feats.values():
        for p in props["passages"]:
            assert text[p["start"] : p["end"]] == p["quote"]
    assert feats["event-khalilzad-visit"]["start"] == "2020-10-02"
    assert feats["province-jawzjan"]["source"]["licence"].startswith("Humanitarian use only")
    assert feats["place-dushanbe"]["source"]["licence"] == "CC BY 4.0"


def test_export_refuses_broken_data(tmp_path, data_copy, capsys):
    (data_copy / "features" / "places.geojson").write_text("{", encoding="utf-8")
    out = tmp_path / "x.geojson"
    assert main(["export", "geojson", str(out), "--data", str(data_copy)]) == 1
    assert not out.exists()
    assert "not exported" in capsys.readouterr().err


def test_export_to_unwritable_place_is_one_line(tmp_path, capsys):
    assert main(["export", "geojson", str(tmp_path / "no" / "such" / "dir" / "x.geojson")]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err
