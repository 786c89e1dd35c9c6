"""GeoPackage, CSV and W3C Web Annotation exports: re-read by pyogrio, pandas and the W3C model's rules."""

from __future__ import annotations

import dataclasses
import io
import json
import shutil
import sqlite3
import subprocess
import zipfile
from collections import Counter

import pandas as pd
import pyogrio
import pytest
from conftest import SEED, edit_json

from regionmap.cli import main
from regionmap.corpus import load_corpus
from regionmap.export import build, export_view
from regionmap.export_csv import EVENTS_COLUMNS, MENTION_COLUMNS
from regionmap.export_filter import LAYER_ORDER, ExportView
from regionmap.export_gpkg import RTE_NAME


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    out = tmp_path_factory.mktemp("gpkg") / "all.gpkg"
    assert main(["export", "gpkg", str(out)]) == 0
    return out


def test_gpkg_layers_tables_and_row_counts(gpkg, ds):
    layers = {name: gtype for name, gtype in pyogrio.list_layers(gpkg)}
    per_layer = ds.features["layer"].value_counts().to_dict()
    for layer in LAYER_ORDER:
        assert layers[layer] is not None, layer  # a spatial table
        info = pyogrio.read_info(gpkg, layer=layer)
        assert info["features"] == per_layer.get(layer, 0), layer
        assert info["crs"] == "EPSG:4326"
    for table in ("passages", "articles", "sources", "events", "actors"):
        assert layers[table] is None, table  # attribute tables, no geometry
    assert pyogrio.read_info(gpkg, layer="passages")["features"] == len(ds.links)
    assert pyogrio.read_info(gpkg, layer="articles")["features"] == len(ds.articles)
    assert pyogrio.read_info(gpkg, layer="sources")["features"] == ds.features["source"].nunique()
    sel = export_view(ds)
    assert pyogrio.read_info(gpkg, layer="events")["features"] == len(ds.events) == len(sel.events)
    assert (
        pyogrio.read_info(gpkg, layer="actors")["features"]
        == len(sel.actors)
        == (
            sum(len(a) for a in ds.features["actors"])
            + len(ds.actors)
            + sum(len(e.actors) for e in ds.events)
        )
    )
    jz = pyogrio.read_dataframe(gpkg, layer="provinces").set_index("feature_id").loc["province-jawzjan"]
    assert "strictly for humanitarian purposes" in jz["source_licence"] and jz["precision"] == "exact"
    assert jz["n_passages"] == len(ds.links_for("province-jawzjan"))
    arts = pyogrio.read_dataframe(gpkg, layer="articles")
    assert (
        arts.loc[0, "text"] == ds.articles[SEED].text and arts.loc[0, "publisher"] == "Caspian Policy Center"
    )


def test_gpkg_passages_quote_their_article(gpkg, ds):
    p = pyogrio.read_dataframe(gpkg, layer="passages")
    text = ds.articles[SEED].text
    assert all(text[s:e] == q for s, e, q in zip(p["start"], p["end"], p["quote"], strict=True))
    assert set(p["feature_id"]) <= set(ds.features.index)


def test_gpkg_related_tables_are_consistent(gpkg, ds):
    con = sqlite3.connect(gpkg)
    try:
        rels = con.execute("SELECT base_table_name, related_table_name, relation_name, mapping_table_name "
                           "FROM gpkgext_relations").fetchall()  # fmt: skip
        assert {(b, r) for b, r, _, _ in rels} == {
            *((layer, "passages") for layer in LAYER_ORDER),
            ("articles", "passages"),
        }
        exts = {(t, e) for t, e in con.execute("SELECT table_name, extension_name FROM gpkg_extensions")}
        assert ("gpkgext_relations", RTE_NAME) in exts
        per_layer = Counter(ds.features.loc[lk.feature, "layer"] for lk in ds.links)
        for base, _, kind, mapping in rels:
            assert kind == "attributes" and (mapping, RTE_NAME) in exts
            assert con.execute(
                "SELECT data_type FROM gpkg_contents WHERE table_name = ?", (mapping,)
            ).fetchone() == ("attributes",)
            # every mapping row joins a base row to a passage about it
            key = "feature_id" if base != "articles" else "article_id"
            rows = con.execute(
                f'SELECT b."{key}", p."{key}" FROM "{mapping}" m JOIN "{base}" b ON b.fid = m.base_id '
                "JOIN passages p ON p.fid = m.related_id"
            ).fetchall()
            assert rows and all(a == b for a, b in rows), mapping
            assert len(rows) == (len(ds.links) if base == "articles" else per_layer[base]), mapping
    finally:
        con.close()


SYSTEM_PY = shutil.which("python3", path="/usr/bin")


def test_gdal_reports_the_relationships(gpkg):
    # Debian's python3-gdal exposes GDAL's relationship API, which pyogrio does not
    probe = "from osgeo import gdal; print(gdal.__version__)"
    if (
        not SYSTEM_PY
        or subprocess.run([SYSTEM_PY, "-c", probe], capture_output=True, check=False).returncode != 0
    ):
        pytest.skip("python3-gdal (GDAL's Python bindings) not installed")
    code = (
        "import sys, json; from osgeo import gdal; gdal.UseExceptions(); ds = gdal.OpenEx(sys.argv[1], gdal.OF_VECTOR);"
        "print(json.dumps([[ds.GetRelationship(n).GetLeftTableName(), ds.GetRelationship(n).GetRightTableName()]"
        " for n in ds.GetRelationshipNames()]))"
    )
    res = subprocess.run([SYSTEM_PY, "-c", code, str(gpkg)], capture_output=True, text=True, check=True)
    pairs = {tuple(p) for p in json.loads(res.stdout)}
    assert ("provinces", "passages") in pairs and ("articles", "passages") in pairs and len(pairs) == 10


def test_csv_mentions_reread_by_pandas(tmp_path, ds):
    out = tmp_path / "m.csv"
    assert main(["export", "csv", str(out)]) == 0
    df = pd.read_csv(out, keep_default_na=False)
    assert tuple(df.columns) == MENTION_COLUMNS and len(df) == len(ds.links)
    text = ds.articles[SEED].text
    assert all(text[s:e] == q for s, e, q in zip(df["start"], df["end"], df["quote"], strict=True))
    dush = df[df["place_id"] == "place-dushanbe"].iloc[0]
    assert dush["lat"] == pytest.approx(38.53575) and dush["lon"] == pytest.approx(68.77905)
    assert dush["coordinate"] == "point" and dush["licence"] == "CC BY 4.0"
    visit = df[df["place_id"] == "event-khalilzad-visit"].iloc[0]
    assert visit["date"] == "2020-10-02/2020-10-04" and "Zalmay Khalilzad" in visit["actors"]
    assert set(df["article_published"]) == {"2020-10-30"} and set(df["link_kind"]) == {"mention", "passage"}
    jz = df[df["place_id"] == "province-jawzjan"].iloc[0]
    assert jz["coordinate"] == "a point inside the area" and "humanitarian" in jz["licence"]
    events = pd.read_csv(tmp_path / "m-events.csv")
    assert tuple(events.columns) == EVENTS_COLUMNS and len(events) == len(ds.events)


def test_csv_with_bom_for_spreadsheets(tmp_path, ds):
    out = tmp_path / "m.csv"
    assert main(["export", "csv", str(out), "--bom"]) == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert out.read_text(encoding="utf-8").startswith("\ufeffdate,")  # a BOM, then the header
    df = pd.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert tuple(df.columns) == MENTION_COLUMNS and len(df) == len(ds.links)
    assert "Tajikistan" in set(df["place_name"])


def test_csv_zip_holds_both_tables(tmp_path, ds):
    out = tmp_path / "all.zip"
    assert main(["export", "csv", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == ["events.csv", "mentions.csv"]
        assert len(pd.read_csv(io.BytesIO(z.read("mentions.csv")))) == len(ds.links)
        assert tuple(pd.read_csv(io.BytesIO(z.read("events.csv"))).columns) == EVENTS_COLUMNS


def test_csv_formula_guard_only_in_the_spreadsheet_variant(data_copy):
    edit_json(data_copy / "articles" / f"{SEED}.json", lambda m: m.update(title='=HYPERLINK("http://x","y")'))
    sel = export_view(load_corpus(data_copy, None))
    plain = pd.read_csv(io.BytesIO(build("csv", sel)), keep_default_na=False)
    sheet = pd.read_csv(io.BytesIO(build("csv", sel, bom=True)), encoding="utf-8-sig", keep_default_na=False)
    assert set(plain["article_title"]) == {'=HYPERLINK("http://x","y")'}  # exact data
    assert set(sheet["article_title"]) == {'\'=HYPERLINK("http://x","y")'}  # not run as a formula
    assert sheet["lon"].dtype.kind == "f"  # numbers are left alone


@pytest.fixture(scope="module")
def annotations(tmp_path_factory):
    out = tmp_path_factory.mktemp("anno") / "a.jsonld"
    assert main(["export", "annotations", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_annotation_collection_shape(annotations, ds):
    c = annotations
    assert c["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert c["type"] == "AnnotationCollection" and c["id"].startswith("urn:uuid:") and c["label"]
    page = c["first"]
    assert page["type"] == "AnnotationPage" and page["partOf"] == c["id"] and page["startIndex"] == 0
    items = page["items"]
    assert c["total"] == len(items) == len(ds.links)
    assert len({a["id"] for a in items}) == len(items)
    for a in items:
        assert a["type"] == "Annotation" and a["id"].startswith("urn:uuid:")
        assert a["motivation"] in {"identifying", "linking"}
        assert isinstance(a["body"], list) and a["body"] and "target" in a
        for b in a["body"]:
            assert b["type"] in {"SpecificResource", "TextualBody"}
            assert (b["type"] == "SpecificResource") == ("source" in b) and (b["type"] == "TextualBody") == (
                "value" in b
            )


def test_annotation_bodies_identify_the_feature(annotations, ds):
    for a in annotations["first"]["items"]:
        ident = [b for b in a["body"] if b.get("purpose") == "identifying"]
        desc = [b for b in a["body"] if b.get("purpose") == "describing"]
        assert len(ident) == 1 and len(desc) == 1
        feat = json.loads(desc[0]["value"])
        assert desc[0]["format"] == "application/geo+json" and feat["type"] == "Feature"
        row = ds.features.loc[feat["id"]]
        gid = row["geonames_id"]
        expected = f"https://sws.geonames.org/{int(gid)}/" if gid else f"urn:regionmap:feature:{feat['id']}"
        assert ident[0]["source"] == expected
        assert feat["properties"]["licence"] == ds.sources[row["source"]].licence
    dushanbe = [
        a
        for a in annotations["first"]["items"]
        if a["body"][0]["source"] == "https://sws.geonames.org/1221874/"
    ]
    assert dushanbe and all(
        a["motivation"] == "identifying"
        for a in dushanbe
        if a["target"]["selector"][0]["exact"] == "Dushanbe"
    )


def test_every_quote_selector_matches_the_position_selector(annotations, ds):
    art = ds.articles[SEED]
    for a in annotations["first"]["items"]:
        t = a["target"]
        assert t["source"] == f"urn:sha256:{art.meta.sha256}"  # the seed has no URL
        sel = {s["type"]: s for s in t["selector"]}
        q, p = sel["TextQuoteSelector"], sel["TextPositionSelector"]
        assert art.text[p["start"] : p["end"]] == q["exact"]
        assert art.text[p["start"] - len(q["prefix"]) : p["start"]] == q["prefix"]
        assert art.text[p["end"] : p["end"] + len(q["suffix"])] == q["suffix"]


def test_empty_selection_is_a_valid_file_in_every_format(tmp_path, ds):
    sel = export_view(dataclasses.replace(ds, events=()), ExportView(layers=()))
    fc = json.loads(build("geojson", sel))
    assert fc["type"] == "FeatureCollection" and fc["features"] == []
    path = tmp_path / "e.gpkg"
    path.write_bytes(build("gpkg", sel))
    names = {n for n, _ in pyogrio.list_layers(path)}
    assert {"passages", "events", "actors", "articles", "sources"} <= names
    assert pyogrio.read_info(path, layer="passages")["features"] == 0
    assert pd.read_csv(io.BytesIO(build("csv", sel))).empty
    assert pd.read_csv(io.BytesIO(build("events-csv", sel))).empty
    anno = json.loads(build("annotations", sel))
    assert anno["type"] == "AnnotationCollection" and anno["total"] == 0 and "first" not in anno
    html = build("html", sel).decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="rm-data"' in html
