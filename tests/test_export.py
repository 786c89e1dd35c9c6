"""`regionmap export geojson`: RFC 7946 (WGS84, winding, no crs, bbox), provenance, the user's articles, errors."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from conftest import DATA, SEED
from export_helpers import HOSTILE_TITLE, coords, in_bbox, make_user_dir
from shapely.geometry import shape

from regionmap.cli import main
from regionmap.export_geojson import bbox

PROPS = {"id", "name", "aliases", "layer", "kind", "precision", "status", "start", "end", "actors", "source",
         "passages", "references", "description", "note", "geonames_id"}  # fmt: skip


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("geojson") / "all.geojson"
    assert main(["export", "geojson", str(out)]) == 0
    return out


def test_rfc7946_collection(exported, ds):
    fc = json.loads(exported.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and "crs" not in fc  # section 4: no crs member
    assert len(fc["features"]) == len(ds.features)
    ids = [f["id"] for f in fc["features"]]
    assert len(set(ids)) == len(ids)
    for f in fc["features"]:
        assert PROPS <= set(f["properties"]), f["id"]
        assert f["properties"]["id"] == f["id"] and "crs" not in f
        g = shape(f["geometry"])
        assert g.is_valid, f["id"]
        for x, y in coords(f["geometry"]):
            assert -180 <= x <= 180 and -90 <= y <= 90
            assert in_bbox(f["bbox"], x, y), f["id"]
            assert in_bbox(fc["bbox"], x, y), f["id"]
        for poly in shapely.get_parts(g):
            if poly.geom_type == "Polygon":  # section 3.1.6: exterior counter-clockwise, holes clockwise
                assert poly.exterior.is_ccw and all(not r.is_ccw for r in poly.interiors), f["id"]


def test_reread_by_geopandas(exported, ds):
    gdf = gpd.read_file(exported)
    assert gdf.crs.to_epsg() == 4326 and len(gdf) == len(ds.features)
    assert set(gdf["layer"]) == set(ds.features["layer"])
    assert gdf.geometry.is_valid.all()
    # coordinate order is longitude, latitude: compare with the gazetteer's named lat/lon fields
    gaz = {e["id"]: e for e in json.loads((DATA / "gazetteer" / "geonames.json").read_text(encoding="utf-8"))}
    dushanbe = gaz[f"gn-{int(ds.features.loc['place-dushanbe', 'geonames_id'])}"]
    pt = gdf.set_index("id").loc["place-dushanbe"].geometry
    assert pt.x == pytest.approx(dushanbe["lon"], abs=1e-3) and pt.y == pytest.approx(
        dushanbe["lat"], abs=1e-3
    )


def test_bbox_crosses_the_antimeridian():
    # RFC 7946 section 5.2's own example: points in Fiji either side of 180 degrees
    fiji = [shapely.Point(177.0, -20.0), shapely.Point(-178.0, -16.0)]
    assert bbox(fiji) == [177.0, -20.0, -178.0, -16.0]
    assert bbox([shapely.box(60, 29, 75, 38)]) == [60.0, 29.0, 75.0, 38.0]  # no crossing: plain bounds
    assert bbox([]) is None


def test_a_country_across_the_antimeridian_gets_west_greater_than_east(exported):
    feats = {f["id"]: f for f in json.loads(exported.read_text(encoding="utf-8"))["features"]}
    west, _, east, _ = feats["country-usa"]["bbox"]  # the Aleutians reach past 180 degrees
    assert west > east and west > 170 and east < -60


def test_carries_passages_and_sources(exported, ds):
    fc = json.loads(exported.read_text(encoding="utf-8"))
    feats = {f["id"]: f["properties"] for f in fc["features"]}
    text = ds.articles[SEED].text
    assert any("Jawzjan province" in p["quote"] for p in feats["province-jawzjan"]["passages"])
    for props in feats.values():
        for p in props["passages"]:
            assert text[p["start"] : p["end"]] == p["quote"]
            assert p["article_title"] == ds.articles[SEED].meta.title
    assert feats["event-khalilzad-visit"]["start"] == "2020-10-02"
    assert "strictly for humanitarian purposes" in feats["province-jawzjan"]["source"]["licence"]
    assert feats["place-dushanbe"]["source"]["licence"] == "CC BY 4.0"
    assert {a["name"] for a in feats["event-khalilzad-visit"]["actors"]} >= {"Zalmay Khalilzad"}
    meta = fc["regionmap"]
    art = next(a for a in meta["articles"] if a["id"] == SEED)
    assert art["publisher"] == "Caspian Policy Center" and art["published"] == "2020-10-30"
    assert art["title"] and "url" in art and art["text"] == text
    assert [e["event_id"] for e in meta["events"]] == [e.id for e in ds.events] and isinstance(
        meta["actors"], list
    )
    visit = next(e for e in meta["events"] if e["event_id"] == "ev-khalilzad-visit")
    assert (visit["date"], visit["end_date"], visit["precision"]) == ("2020-10-02", "2020-10-04", "day")


def test_includes_the_users_saved_articles(tmp_path, capsys):
    user = make_user_dir(tmp_path)
    capsys.readouterr()
    out = tmp_path / "all.geojson"
    assert main(["export", "geojson", str(out), "--userdata", str(user)]) == 0
    fc = json.loads(out.read_text(encoding="utf-8"))
    titles = {a["title"] for a in fc["regionmap"]["articles"]}
    assert HOSTILE_TITLE in titles
    passages = [
        p for f in fc["features"] for p in f["properties"]["passages"] if p["article_title"] == HOSTILE_TITLE
    ]
    assert {p["quote"] for p in passages} >= {"Dushanbe", "Kunduz"}


def test_view_filters_from_the_cli(tmp_path):
    out = tmp_path / "x.geojson"
    assert main(["export", "geojson", str(out), "--layers", "diplomacy,places", "--from", "2020-10-01",
                 "--to", "2020-10-31"]) == 0  # fmt: skip
    ids = {f["id"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]}
    # Doha talks (from 12 Sep, open-ended) still run in October; the September meetings ended on the 18th
    assert {"event-khalilzad-visit", "event-apn-doha", "place-dushanbe"} <= ids
    assert "event-dushanbe-regional-meetings" not in ids and not any(i.startswith("country-") for i in ids)


def test_empty_selection_is_a_valid_empty_collection(tmp_path):
    out = tmp_path / "none.geojson"
    assert main(["export", "geojson", str(out), "--layers", ""]) == 0
    fc = json.loads(out.read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["features"] == [] and "bbox" not in fc
    assert gpd.read_file(out).empty


def test_refuses_broken_data(tmp_path, data_copy, capsys):
    (data_copy / "features" / "places.geojson").write_text("{", encoding="utf-8")
    out = tmp_path / "x.geojson"
    assert main(["export", "geojson", str(out), "--data", str(data_copy)]) == 1
    assert not out.exists()
    assert "not exported" in capsys.readouterr().err


@pytest.mark.parametrize(
    "args, message",
    [
        (["kml", "{out}"], "unknown format 'kml'"),
        (["geojson", "{out}", "--layers", "roads"], "unknown layer 'roads'"),
        (["geojson", "{out}", "--article", "nope"], "unknown article 'nope'"),
        (["geojson", "{out}", "--from", "2020-13-01"], "--from '2020-13-01' is not a date"),
        (["csv", "{out}", "--from", "2021-01-01", "--to", "2020-01-01"], "is before --from"),
        (["html", "{tmp}/no/such/dir/x.html"], "cannot write"),
        (["gpkg", "{tmp}"], "is a directory"),
    ],
)
def test_bad_requests_are_one_line(tmp_path, capsys, args, message):
    out = tmp_path / "x.out"
    argv = ["export", *(a.format(out=out, tmp=tmp_path) for a in args)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not out.exists()


@pytest.mark.parametrize("fmt", ["gpkg", "html", "csv"])
def test_unwritable_place_is_one_line(capsys, fmt):
    # /proc takes no new files, even from root (who may write anywhere else)
    if not Path("/proc/self").is_dir():
        pytest.skip("needs Linux /proc")
    assert main(["export", fmt, f"/proc/regionmap-test.{fmt}"]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
