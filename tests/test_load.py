"""The loader on the project's data: everything the issue lists is there, placed sanely."""

from __future__ import annotations

import pytest
from shapely.geometry import Point

from regionmap.model import Layer

REQUIRED = {
    "countries": ["country-afg", "country-tjk", "country-usa", "country-qat", "country-pak", "country-uzb",
                  "country-chn", "country-kaz", "country-rus", "country-kgz", "country-tkm"],
    "regions": ["region-central-asia", "region-eastern-europe"],
    "provinces": ["province-jawzjan"],
    "places": ["place-dushanbe", "place-doha", "place-washington"],
    "energy": ["energy-casa-1000-ac", "energy-casa-1000-hvdc", "energy-sangtuda-converter",
               "energy-kabul-converter", "energy-nowshera-converter", "energy-tjk-afg-supply"],
    "trafficking": ["route-northern-route", "road-jawzjan-uzbekistan", "road-jawzjan-tajikistan"],
    "security": ["security-is-jawzjan", "security-shafiev-network", "security-dushanbe-plots"],
    "diplomacy": ["event-apn-doha", "event-dushanbe-regional-meetings", "event-atmar-rahmon",
                  "event-khalilzad-visit", "diplomacy-c5plus1"],
    "partnerships": ["partnership-tjk-chn", "partnership-tjk-kaz", "partnership-tjk-rus",
                     "partnership-tjk-uzb", "partnership-tjk-afg"],
}  # fmt: skip


def test_data_is_sound(ds):
    assert ds.problems == ()


@pytest.mark.parametrize("layer", list(REQUIRED))
def test_required_features_present(ds, layer):
    for fid in REQUIRED[layer]:
        assert fid in ds.features.index, fid
        assert ds.features.loc[fid, "layer"] == layer


def test_every_layer_has_features(ds):
    assert set(ds.features["layer"]) == {layer.value for layer in Layer}


def test_all_afghan_provinces_kept_as_context(ds):
    prov = ds.features[ds.features.layer == "provinces"]
    assert len(prov) == 34
    assert set(ds.features.loc["province-jawzjan", "aliases"]) >= {"Jowzjan", "Jozjan"}


def test_every_feature_is_honest_about_itself(ds):
    f = ds.features
    assert f["precision"].isin(["exact", "approximate", "schematic"]).all()
    assert f["status"].notna().all() and f["source"].isin(list(ds.sources)).all()
    assert f.geometry.is_valid.all() and not f.geometry.is_empty.any()
    minx, miny, maxx, maxy = f.total_bounds
    assert -180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90
    # a line drawn through a few known waypoints can't claim to be exact
    lines = f[f.geom_type.isin(["LineString", "MultiLineString"])]
    assert (lines["precision"] == "schematic").all()


def test_dates_are_iso_strings(ds):
    visit = ds.features.loc["event-khalilzad-visit"]
    assert (visit["start"], visit["end"]) == ("2020-10-02", "2020-10-04")
    assert ds.features.loc["event-apn-doha", "start"] == "2020-09-12"
    assert ds.features.loc["event-atmar-rahmon", "start"] == "2020-09-18"
    assert {a["name"] for a in visit["actors"]} >= {"Zalmay Khalilzad", "Emomali Rahmon"}


# GeoNames coordinates typed in here independently of the data files
@pytest.mark.parametrize(
    "feature, lat, lon",
    [
        ("province-jawzjan", 36.66757, 65.7529),  # Sheberghan, capital of Jawzjan
        ("country-tjk", 38.53575, 68.77905),  # Dushanbe
        ("country-qat", 25.28545, 51.53096),  # Doha
        ("country-afg", 34.52813, 69.17233),  # Kabul
        ("region-central-asia", 41.26465, 69.21627),  # Tashkent
        ("region-eastern-europe", 50.45466, 30.5238),  # Kyiv
        ("country-usa", 38.89511, -77.03637),  # Washington
    ],
)
def test_polygons_contain_known_places(ds, feature, lat, lon):
    assert ds.features.loc[feature].geometry.contains(Point(lon, lat))


def test_regions_exclude_what_the_article_names_apart(ds):
    ee = ds.features.loc["region-eastern-europe"].geometry
    assert not ee.contains(Point(37.61781, 55.75204))  # Moscow: the article lists Russia separately


def test_neighbouring_provinces_share_borders_without_gaps(ds):
    prov = ds.features[ds.features.layer == "provinces"].geometry
    union = prov.union_all()
    # a coverage simplified together leaves no slivers: the union has no holes
    polys = getattr(union, "geoms", [union])
    assert sum(len(p.interiors) for p in polys) == 0


def test_article_copied_verbatim_with_body_span(ds):
    art = ds.articles["000_fdd9b0092077d752"]
    assert art.meta.published.isoformat() == "2020-10-30"
    assert art.meta.author == "Austin Clayton" and art.meta.publisher == "Caspian Policy Center"
    assert art.body.startswith("U.S. Envoy Visits Dushanbe")
    assert art.body.endswith("would be signed.")
    assert "Caspian Policy Center" not in art.body and "Related Articles" not in art.body
