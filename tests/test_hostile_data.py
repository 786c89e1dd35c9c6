"""Hostile data (issue 8, cases 4, 5 and 9): what validate passes the app can draw; what it fails the app
names and skips, serving the rest; no traceback from any JSON the app reads."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DATA, ROOT, SEED, edit_json
from streamlit.testing.v1 import AppTest

from regionmap.cli import main
from regionmap.corpus import load_corpus
from regionmap.ingest import article_input
from regionmap.load import load_dataset
from regionmap.mapview import layer_geojson
from regionmap.safejson import MAX_DEPTH
from regionmap.store import UserStore

DEEP = '{"type": "FeatureCollection", "features": [' + "[" * 200_000 + "]" * 200_000 + "]}"
KUHSAN, ZURMAT = "gn-1120483", "gn-1120543"  # two Afghan towns of data/gazetteer/geonames.json


def validate(capsys, *args) -> tuple[int, str, str]:
    code = main(["validate", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "regionmap.cli", *map(str, args)], capture_output=True,
                          text=True, check=False, cwd=ROOT)  # fmt: skip


def app(monkeypatch, data_dir: Path, user: Path | None = None) -> AppTest:
    monkeypatch.setenv("REGIONMAP_DATA", str(data_dir))
    if user is not None:
        monkeypatch.setenv("REGIONMAP_USERDATA", str(user))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def map_args(at: AppTest) -> dict:
    (elem,) = [e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")]
    return json.loads(elem.proto.json_args)


def problems_listing(at: AppTest) -> str:
    assert at.error and "problem(s)" in at.error[0].value
    return at.code[0].value


def _feature(data, fid):
    return next(f for f in data["features"] if f["id"] == fid)


# ---------------------------------------------------------------- 4: geometry the map can draw

UNDRAWABLE = {
    "GeometryCollection": ({"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [51.5, 25.3]}]},
                           "geometry type GeometryCollection cannot be drawn"),
    "NaN coordinate": ({"type": "Point", "coordinates": [float("nan"), 25.3]}, "coordinates must be finite"),
    "infinite coordinate": ({"type": "Point", "coordinates": [float("inf"), 25.3]}, "coordinates must be finite"),
    "unknown type": ({"type": "Circle", "coordinates": [51.5, 25.3]}, "geometry type Circle cannot be drawn"),
    "geometry not an object": ([51.5, 25.3], "geometry"),
}  # fmt: skip


@pytest.mark.parametrize("case", list(UNDRAWABLE))
def test_issue8_4_undrawable_geometry_fails_validate(capsys, data_copy, case):
    geometry, words = UNDRAWABLE[case]
    edit_json(
        data_copy / "features/places.geojson", lambda d: _feature(d, "place-doha").update(geometry=geometry)
    )
    code, _, err = validate(capsys, data_copy)
    assert code == 1 and "Traceback" not in err
    assert any(line.startswith(f"{data_copy}/features/places.geojson: place-doha") and words in line
               for line in err.splitlines()), err  # fmt: skip


def test_issue8_4_geometry_collection_app_names_it_and_draws_the_rest(monkeypatch, data_copy):
    geometry, _ = UNDRAWABLE["GeometryCollection"]
    edit_json(
        data_copy / "features/places.geojson", lambda d: _feature(d, "place-doha").update(geometry=geometry)
    )
    at = app(monkeypatch, data_copy)
    assert "place-doha: geometry type GeometryCollection cannot be drawn" in problems_listing(at)
    fg = map_args(at)["html"]
    assert "place-dushanbe" in fg and "place-washington" in fg and "place-doha" not in fg


def test_issue8_4_world_shape_with_nan_is_skipped_not_drawn(capsys, data_copy):
    def poison(d):
        d["features"][0]["geometry"]["coordinates"][0][3] = [float("nan"), 1.0]

    edit_json(data_copy / "geo/world.geojson", poison)
    code, _, err = validate(capsys, data_copy)
    assert code == 1 and "geo/world.geojson: ZWE: coordinates must be finite" in err
    ds = load_dataset(data_copy)
    assert "ZWE" not in json.dumps([f["properties"] for f in ds.geo["world"]["features"]])
    assert len(ds.geo["world"]["features"]) > 200


def _gazetteer_article(user: Path) -> str:
    text = "Refugees reached Kuhsān and then Zurmat.\n"
    links = [{"feature": fid, "quote": w, "start": text.index(w), "end": text.index(w) + len(w)}
             for fid, w in ((KUHSAN, "Kuhsān"), (ZURMAT, "Zurmat"))]  # fmt: skip
    return UserStore(user).save(article_input(title="Towns", publisher="W", date="2030-01-01"), text, links)


def _poison_kuhsan(data_dir: Path, value: float = float("nan")) -> None:
    path = data_dir / "gazetteer/geonames.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    next(r for r in rows if r["id"] == KUHSAN)["lat"] = value
    path.write_text(json.dumps(rows), encoding="utf-8")  # json writes NaN, as a careless tool would


@pytest.mark.parametrize("value", [float("nan"), 91.0, float("inf")])
def test_issue8_4_gazetteer_entry_with_bad_coordinates_reported_and_skipped(capsys, data_copy, value):
    _poison_kuhsan(data_copy, value)
    code, _, err = validate(capsys, data_copy)
    assert code == 1 and "Traceback" not in err
    assert f"gazetteer/geonames.json: {KUHSAN}: bad entry, skipped: lat/lon" in err
    assert len(err.strip().splitlines()) == 2  # the entry, and the count


def test_issue8_4_nan_gazetteer_entry_leaves_the_places_layer_drawn(monkeypatch, tmp_path, data_copy):
    user = tmp_path / "user"
    _gazetteer_article(user)
    _poison_kuhsan(data_copy)
    ds = load_corpus(data_copy, user)
    assert KUHSAN not in ds.features.index and ZURMAT in ds.features.index
    assert any(KUHSAN in str(p) for p in ds.problems)
    places = layer_geojson(ds, "places")["Point"]
    assert "NaN" not in json.dumps(places) and ZURMAT in {f["id"] for f in places["features"]}
    at = app(monkeypatch, data_copy, user)
    assert "bad entry, skipped: lat/lon (nan" in problems_listing(at)
    args = map_args(at)
    assert "NaN" not in args["html"] and ZURMAT in args["html"]
    # the feature still draws and opens a card: no ValueError traceback on click (as map.js reports one)
    at.session_state["rm_map_sel"] = {"click": {"id": ZURMAT, "n": 1}}
    at.run()
    assert not at.exception, at.exception
    assert any(f'data-feature="{ZURMAT}"' in h.value for h in at.html)


def test_what_validate_passes_the_app_draws(data_copy, ds):
    # every geometry of the sound data is drawable and finite, so the map builder never fails
    for layer in ds.features["layer"].unique():
        assert "NaN" not in json.dumps(layer_geojson(ds, layer))
    assert set(ds.features.geom_type) <= {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon",
                                          "MultiPolygon"}  # fmt: skip


# ---------------------------------------------------------------- 5: no tracebacks from the loader


def test_issue8_5_properties_null_in_a_features_file(capsys, data_copy):
    edit_json(
        data_copy / "features/places.geojson", lambda d: _feature(d, "place-doha").update(properties=None)
    )
    code, _, err = validate(capsys, data_copy)
    assert code == 1 and "Traceback" not in err
    assert "features/places.geojson: place-doha: properties: Input should be a valid dictionary" in err


def test_issue8_5_properties_null_in_a_geo_file(capsys, data_copy, monkeypatch):
    edit_json(data_copy / "geo/world.geojson", lambda d: d["features"][0].update(properties=None))
    edit_json(data_copy / "geo/afg_adm1.geojson", lambda d: d["features"][0].update(properties=None))
    code, _, err = validate(capsys, data_copy)
    assert code == 1 and "Traceback" not in err
    assert "geo/world.geojson: feature #1: properties: must be an object" in err
    assert "geo/afg_adm1.geojson: feature #1: properties: must be an object" in err
    app(monkeypatch, data_copy)  # and the page is served


@pytest.mark.parametrize("rel", ["features/energy.geojson", "sources.json", "gazetteer/extra.json",
                                 f"articles/{SEED}.json", f"links/{SEED}.json", "geo/countries.geojson"])  # fmt: skip
def test_issue8_5_deeply_nested_json_anywhere_is_one_line(data_copy, rel):
    (data_copy / rel).write_text(DEEP, encoding="utf-8")
    proc = cli("validate", data_copy)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr and "RecursionError" not in proc.stderr
    assert f"{data_copy / rel}: nested deeper than {MAX_DEPTH} levels" in proc.stderr


def test_issue8_5_deep_user_links_file_does_not_break_the_page(monkeypatch, tmp_path, capsys):
    user = tmp_path / "user"
    aid = _gazetteer_article(user)
    other = UserStore(user).save(article_input(title="Second", publisher="W", date="2030-01-02"),
                                 "Talks in Dushanbe.\n", [{"feature": "place-dushanbe", "quote": "Dushanbe",
                                                           "start": 9, "end": 17}])  # fmt: skip
    (user / "links" / f"{aid}.json").write_text(DEEP, encoding="utf-8")
    ds = load_corpus(DATA, user)
    assert [str(p) for p in ds.problems] == [
        f"{user}/links/{aid}.json: nested deeper than {MAX_DEPTH} levels"
    ]
    assert aid in ds.articles and any(lk.article == other for lk in ds.links)
    at = app(monkeypatch, DATA, user)
    assert f"{aid}.json: nested deeper than {MAX_DEPTH} levels" in problems_listing(at)
    assert "rm-layer-provinces" in map_args(at)["html"]
    # the store refuses to build on it, with a message
    code, _, err = validate(capsys, DATA, "--userdata", user)
    assert code == 1 and "nested deeper" in err


def test_issue8_5_huge_json_is_refused_by_size(tmp_path):
    from regionmap.safejson import JsonError, read

    p = tmp_path / "big.json"
    p.write_text("[" + "1," * 600_000 + "1]", encoding="utf-8")
    with pytest.raises(JsonError, match=r"file is 1\.1 MB; the limit is 1 MB"):
        read(p, max_bytes=2**20)


# ---------------------------------------------------------------- 9: problems named


def test_issue8_9_truncated_geonames_is_named(capsys, monkeypatch, data_copy):
    path = data_copy / "gazetteer/geonames.json"
    raw = path.read_bytes()
    path.write_bytes(raw[: len(raw) // 2])
    code, _, err = validate(capsys, data_copy)
    assert code == 1 and f"{path}: broken JSON at line" in err
    at = app(monkeypatch, data_copy)
    assert "geonames.json: broken JSON" in problems_listing(at)


def test_issue8_9_missing_features_folder_is_named_once(capsys, data_copy):
    shutil.rmtree(data_copy / "features")
    code, _, err = validate(capsys, data_copy)
    assert code == 1
    assert f"{data_copy}/features/: folder is missing" in err
    assert "unknown feature" not in err and len(err.strip().splitlines()) == 2


@pytest.mark.parametrize("folder", ["geo", "gazetteer", "articles", "links"])
def test_issue8_9_every_missing_folder_is_named(capsys, data_copy, folder):
    shutil.rmtree(data_copy / folder)
    code, _, err = validate(capsys, data_copy)
    assert code == 1 and f"{data_copy}/{folder}/: folder is missing" in err and "Traceback" not in err


def test_stray_files_are_named(capsys, data_copy):
    (data_copy / "features/roads.json").write_text("{}", encoding="utf-8")
    (data_copy / f"articles/{SEED}.json").rename(data_copy / "articles/moved.json.bak")
    code, _, err = validate(capsys, data_copy)
    assert code == 1
    assert "features/roads.json: unexpected file: the app reads only *.geojson in features/" in err
    assert f"articles/{SEED}.txt: article text without its metadata" in err


def test_issue8_9_validate_checks_a_user_directory(capsys, tmp_path):
    user = tmp_path / "user"
    aid = _gazetteer_article(user)
    code, out, err = validate(capsys, DATA, "--userdata", user)
    assert code == 0 and "user data in" in out and "1 saved article(s)" in out
    edit_json(user / "links" / f"{aid}.json", lambda d: d["links"][0].update(quote="Kabul"))
    code, _, err = validate(capsys, DATA, "--userdata", user)
    assert code == 1 and f"{user}/links/{aid}.json: link #1 ({KUHSAN}): quote 'Kabul' does not match" in err
    code, _, err = validate(capsys, DATA, "--userdata", tmp_path / "nowhere")
    assert code == 1 and "user data directory not found" in err


def test_issue8_9_validate_checks_the_configured_user_directory(capsys, tmp_path, monkeypatch):
    user = tmp_path / "configured"
    aid = _gazetteer_article(user)
    (user / "articles" / f"{aid}.txt").write_text("edited", encoding="utf-8")
    monkeypatch.setenv("REGIONMAP_USERDATA", str(user))
    code, _, err = validate(capsys, DATA)
    assert code == 1 and "text differs from the recorded sha256" in err and str(user) in err.splitlines()[-1]


def test_problem_listing_on_the_page_is_bounded(monkeypatch, tmp_path):
    # a user's links file with a thousand bad links: named, but the page lists the first 200
    user = tmp_path / "user"
    aid = _gazetteer_article(user)
    text = (user / "articles" / f"{aid}.txt").read_text(encoding="utf-8")
    start = text.index("Zurmat")
    bad = [{"feature": f"place-atlantis-{i}", "kind": "mention", "quote": "Zurmat", "start": start,
            "end": start + 6} for i in range(1000)]  # fmt: skip
    edit_json(user / "links" / f"{aid}.json", lambda d: d.update(links=bad))
    assert len(load_corpus(DATA, user).problems) == 1000
    at = app(monkeypatch, DATA, user)
    listing = problems_listing(at)
    assert "1000 problem(s)" in at.error[0].value
    assert len(listing.splitlines()) == 201 and "… and 800 more: run `regionmap validate`" in listing


def test_oversized_user_files_are_named_not_read(tmp_path):
    user = tmp_path / "user"
    aid = _gazetteer_article(user)
    other = _gazetteer_article_titled(user, "Big links")
    with open(user / "links" / f"{other}.json", "w", encoding="utf-8") as fh:
        fh.write('{"article": "x", "links": [' + ",".join(["0"] * 9_000_000) + "]}")
    with open(user / "articles" / f"{aid}.txt", "ab") as fh:
        fh.truncate(3 * 2**20)
    problems = [str(p) for p in load_corpus(DATA, user).problems]
    assert f"{user}/articles/{aid}.txt: {aid}: article text is 3.0 MB; the limit is 2 MB" in problems
    assert any(
        p.startswith(f"{user}/links/{other}.json: file is 17.2 MB; the limit is 16 MB") for p in problems
    )


def _gazetteer_article_titled(user: Path, title: str) -> str:
    text = "Talks in Dushanbe.\n"
    link = {"feature": "place-dushanbe", "quote": "Dushanbe", "start": 9, "end": 17}
    return UserStore(user).save(article_input(title=title, publisher="W", date="2030-01-03"), text, [link])
