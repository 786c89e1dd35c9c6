"""Round trip: the GeoJSON export of every layer, turned back into a data directory, passes `regionmap validate`."""

from __future__ import annotations

import json

import shapely
from conftest import DATA
from export_helpers import make_user_dir

from regionmap.cli import main
from regionmap.corpus import load_corpus
from regionmap.load import load_dataset


def test_geojson_export_back_to_a_valid_data_directory(tmp_path, capsys):
    user = make_user_dir(tmp_path)
    out = tmp_path / "all.geojson"
    assert main(["export", "geojson", str(out), "--userdata", str(user)]) == 0
    back = tmp_path / "back"
    assert main(["import-geojson", str(out), str(back)]) == 0
    capsys.readouterr()
    assert main(["validate", str(back)]) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.rstrip().endswith("OK")

    before = load_corpus(DATA, user)
    after = load_dataset(back)
    assert after.problems == ()
    assert set(after.features.index) == set(before.features.index)  # the saved article's gazetteer places too
    assert {(lk.article, lk.feature, lk.kind, lk.start, lk.end, lk.quote) for lk in after.links} == {
        (lk.article, lk.feature, lk.kind, lk.start, lk.end, lk.quote) for lk in before.links
    }
    for aid, art in before.articles.items():
        assert after.articles[aid].text == art.text and after.articles[aid].meta == art.meta
    for fid in ("province-jawzjan", "country-usa", "energy-casa-1000-ac"):
        a, b = after.features.loc[fid], before.features.loc[fid]
        assert shapely.equals(a.geometry, b.geometry), fid
        for col in ("name", "precision", "status", "source", "start", "end", "actors", "geonames_id"):
            assert a[col] == b[col], (fid, col)
    assert after.sources["agcho-ocha"] == before.sources["agcho-ocha"]


def test_import_refuses_what_is_not_an_export(tmp_path, capsys):
    plain = tmp_path / "plain.geojson"
    plain.write_text(json.dumps({"type": "FeatureCollection", "features": []}), encoding="utf-8")
    assert main(["import-geojson", str(plain), str(tmp_path / "d")]) == 1
    err = capsys.readouterr().err
    assert "only a regionmap GeoJSON export" in err and len(err.strip().splitlines()) == 1
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("keep me", encoding="utf-8")
    out = tmp_path / "e.geojson"
    assert main(["export", "geojson", str(out)]) == 0
    capsys.readouterr()
    assert main(["import-geojson", str(out), str(tmp_path / "full")]) == 1
    assert "is not empty" in capsys.readouterr().err
    assert (tmp_path / "full" / "x").read_text(encoding="utf-8") == "keep me"
