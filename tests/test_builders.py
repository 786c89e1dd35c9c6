"""Pure builders: data to folium layers, article HTML, cards, URL state."""

from __future__ import annotations

import html
import json
import re

import folium
import pytest
from shapely.geometry import Point, shape

from regionmap import mapview
from regionmap.article_view import article_html, card_header_html, context
from regionmap.model import Article, ArticleMeta, Link, LinkKind
from regionmap.state import layers_param, map_click, parse_query

SEED = "000_fdd9b0092077d752"


def _text_of(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_layer_geojson_carries_ids_styles_and_every_feature(ds):
    for layer in mapview.LAYER_ORDER:
        parts = mapview.layer_geojson(ds, layer)
        ids = {f["properties"]["id"] for fc in parts.values() for f in fc["features"]}
        projects = set(ds.features["part_of"].dropna())  # drawn as their parts
        assert ids == set(ds.features.index[ds.features.layer == layer]) - projects
        for gclass, fc in parts.items():
            for f in fc["features"]:
                assert f["geometry"]["type"].removeprefix("Multi") == gclass
                assert f["properties"]["style"]["className"] == f"rm-f rm-layer-{layer}"


def test_multipoint_is_split_so_each_point_keeps_its_properties(ds):
    pts = mapview.layer_geojson(ds, "diplomacy")["Point"]["features"]
    c5 = [f for f in pts if f["id"] == "diplomacy-c5plus1"]
    assert len(c5) == 6 and all(f["geometry"]["type"] == "Point" for f in c5)


def test_status_and_precision_show_in_the_style(ds):
    energy = {
        f["id"]: f["properties"]
        for fc in mapview.layer_geojson(ds, "energy").values()
        for f in fc["features"]
    }
    planned = energy["energy-casa-1000-hvdc"]
    assert planned["style"]["dashArray"]  # planned = dashed
    assert "schematic" in planned["tip"]
    assert energy["energy-nowshera-converter"]["style"]["opacity"] > planned["style"]["opacity"]


def test_base_map_is_offline_and_stable(ds):
    base = mapview.frozen(mapview.base_geojson(ds.geo["world"]))
    layers = mapview.frozen_layers(ds)
    m1, m2 = mapview.base_map(base, layers), mapview.base_map(base, layers)
    assert m1.default_js == [
        ("leaflet", "/app/static/leaflet/leaflet.js"),
        ("regionmap", "/app/static/regionmap/map.js"),
    ]
    assert folium.Map().default_js != m1.default_js  # the class default is left alone
    page = m1.get_root().render()
    assert not re.search(r"https?://", page.replace("http://www.w3.org", ""))
    assert all(f'RM.addLayer("{layer}"' in page for layer in mapview.LAYER_ORDER)
    # the map's script is the same run after run (apart from folium's random names)
    strip = lambda m: re.sub(r"_[0-9a-f]{32}", "", m.get_root().render())
    assert strip(mapview.base_map(base, layers)) == strip(m2)


def test_frozen_json_cannot_close_the_script_tag():
    text = mapview.script_json({"name": "</script><script>alert('x')</script> & co"})
    assert "</script>" not in text and "<" not in text and "'" not in text
    import json as _json

    assert _json.loads(text)["name"] == "</script><script>alert('x')</script> & co"


def test_messages_are_small_and_carry_the_selection(ds):
    layers = ["provinces", "security"]
    bounds = mapview.feature_bounds(ds, ["province-jawzjan"])
    msg = mapview.selection_message(layers, "province-jawzjan", bounds, "k1")
    assert msg == {"layers": layers, "selected": "province-jawzjan", "fit": bounds, "fitKey": "k1"}
    assert len(json.dumps(msg)) < 300
    (s_, w), (n, e) = bounds
    assert 35.5 < s_ < n < 38 and 64.5 < w < e < 67.0  # Jawzjan
    assert mapview.selection_message(layers, None, None, "k")["fitKey"] is None
    assert mapview.feature_bounds(ds, ["no-such-feature"]) is None


def test_article_message_labels_in_the_articles_spelling(ds):
    focus = mapview.article_focus(ds, SEED)
    msg = mapview.article_message(ds, focus, only_article=False)
    assert msg["article"] == SEED and msg["fitKey"] == f"article:{SEED}"
    f = msg["f"]
    assert f["province-jawzjan"][0] == "Jawzjan" and f["country-tjk"][0] == "Tajikistan"  # not "Tajik"
    assert all(len(label) <= 26 for label, _, _ in f.values())
    assert f["province-jawzjan"][2] == 1  # named in the text: labelled on the map
    assert sum(focus.by_layer.values()) == len(f) == len(focus.counts)
    assert "Jawzjan province" in msg["q"]["province-jawzjan"]
    # the fit stays in the region: Washington and Doha do not zoom the map out to the world
    (s_, w), (n, e) = msg["fit"]
    assert s_ >= 10 and n <= 60 and w >= 20 and e <= 110
    assert "places and features on" in mapview.summary_line(ds, focus)
    empty = mapview.article_focus(ds, "no-such-article")
    assert empty.counts == {} and mapview.article_message(ds, empty, True)["fit"] is None


def test_a_countrys_adjective_never_labels_it():
    from regionmap.map_layers import demonyms_of

    # "Russian" is longer than "Russia", "Chinese" is no prefix of "China": a country's one-word
    # form other than its name is its adjective
    assert demonyms_of("Russia", "Russian", "country") == ["Russian"]
    assert demonyms_of("China", "Chinese", "country") == ["Chinese"]
    assert demonyms_of("Tajikistan", "Tajik") == ["Tajik"]
    # another spelling of a town, or a country's longer official form, is a name
    assert demonyms_of("Tirmiz", "Termez", "town") == []
    assert demonyms_of("Kyrgyzstan", "Kyrgyz Republic", "country") == []
    assert demonyms_of("Russia", "Russia", "country") == []


def test_features_carry_label_point_and_first_passage(ds):
    feats = {
        f["id"]: f["properties"]
        for fc in mapview.layer_geojson(ds, "provinces").values()
        for f in fc["features"]
    }
    jz = feats["province-jawzjan"]
    lat, lon = jz["lp"]
    assert ds.features.loc["province-jawzjan"].geometry.contains(Point(lon, lat))
    assert jz["kind"] == "province" and "Jawzjan" in jz["q"] and jz["qa"].startswith("U.S. Envoy")
    assert "q" not in feats["province-badakhshan"]  # no article links it: nothing to quote


def _region_text(markup: str, region: str) -> str:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    node = HTMLParser(markup).css_first(f'[data-region="{region}"]')
    assert node is not None, region
    inner = node.css_first(".rm-text") if node.tag == "details" else node
    return inner.text(deep=True)


def test_article_html_keeps_every_character_and_marks_every_mention(ds):
    art = ds.articles[SEED]
    layer_of = ds.features["layer"].to_dict()
    out = article_html(art, ds.links, layer_of)
    m = art.meta
    # the body shown starts at the first sentence; title, byline and date are in the folded page header
    assert _region_text(out, "body") == art.text[m.header.end : m.footer.start]
    assert _region_text(out, "body").startswith("U.S. Special Representative")
    assert _region_text(out, "header") == art.text[m.header.start : m.header.end]
    assert _region_text(out, "footer") == art.text[m.footer.start : m.footer.end]
    assert '<details class="rm-chrome" data-region="header"><summary>Page header</summary>' in out
    marks = re.findall(r'<mark class="rm-m" data-f="([^"]+)" data-l="([^"]+)"', out)
    by_key = {lk.key: lk for lk in ds.links}
    # every mentioned span has a mark, nested ones ("Afghanistan" in "Afghanistan Peace Negotiations") too
    marked = {(by_key[k].start, by_key[k].end) for _, k in marks}
    assert marked == {(lk.start, lk.end) for lk in ds.links if lk.kind == LinkKind.MENTION}
    assert ("country-afg" in {f for f, _ in marks}) and ("province-jawzjan" in {f for f, _ in marks})
    # "CASA-1000" names the project, which stands for both sections
    marked_features = {f for f, _ in marks}
    assert "energy-casa-1000" in marked_features and "energy-casa-1000-ac" not in marked_features


def _hostile_article() -> Article:
    text = 'Head\n<script>alert("x")</script> & Dushanbe <img src=x onerror=alert(1)> end.'
    meta = ArticleMeta(id="evil", title="<b>Evil</b>", publisher="P & Q", published="2024-01-01",
                       body={"start": 5, "end": len(text)})  # fmt: skip
    return Article(meta=meta, text=text)


def test_article_html_escapes_hostile_text():
    art = _hostile_article()
    start = art.text.index("Dushanbe")
    lk = Link(feature="place-dushanbe", quote="Dushanbe", start=start, end=start + 8, article="evil")
    out = article_html(art, [lk], {"place-dushanbe": "places"})
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "&lt;img src=x onerror=alert(1)&gt;" in out
    assert _text_of(out) == art.body


def test_card_escapes_names_and_notes(ds):
    row = ds.features.loc["place-doha"].copy()
    row["name"] = '<img src=x onerror="alert(1)">'
    row["note"] = "<script>x</script>"
    row["actors"] = [{"name": "<b>A</b>", "role": "r&d", "affiliation": None}]
    out = card_header_html(row, ds.sources["geonames"])
    assert "<img" not in out and "<script>" not in out and "<b>A</b>" not in out
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out and "r&amp;d" in out


def test_context_is_the_sentence(ds):
    art = ds.articles[SEED]
    jz = next(lk for lk in ds.links_for("province-jawzjan") if lk.kind == LinkKind.MENTION)
    ctx = context(art, jz)
    assert (ctx.before + ctx.quote + ctx.after) == (
        "The Islamic State also poses threats to Tajikistan through its control of Afghanistan’s Jawzjan province."
    )


def test_parse_query_drops_unknowns_with_notices():
    layers = ["countries", "energy", "security"]
    v = parse_query({"layers": ["energy,bogus"], "feature": ["nope"]}, layers, {"a"})
    assert v.layers == ("energy",) and v.feature is None
    assert any("bogus" in n for n in v.notices) and any("nope" in n for n in v.notices)
    assert parse_query({}, layers, {"a"}).layers == tuple(layers)
    assert parse_query({"feature": "a"}, layers, {"a"}).feature == "a"
    assert parse_query({"layers": ""}, layers, set()).layers == ()
    assert (
        layers_param(layers, layers) is None
        and layers_param(["security", "countries"], layers) == "countries,security"
    )


@pytest.mark.parametrize(
    "value, expected",
    [
        (None, (None, None)),
        ({}, (None, None)),
        ({"last_object_clicked_count": 3, "last_active_drawing": {"properties": {"id": "x"}}}, ("x", 3)),
        ({"last_object_clicked_count": "3", "last_active_drawing": "junk"}, (None, None)),
        ({"last_object_clicked_count": 2, "last_active_drawing": {"id": "y", "properties": None}}, ("y", 2)),
    ],
)
def test_map_click_tolerates_whatever_comes_back(value, expected):
    click = map_click(value)
    assert (click.feature_id, click.count) == expected


def test_every_point_feature_lies_in_its_country(ds):
    # a coordinate typed with lat and lon swapped would land far away
    checks = {"place-dushanbe": "country-tjk", "place-doha": "country-qat", "energy-nowshera-converter": "country-pak",
              "energy-datka-substation": "country-kgz", "energy-kabul-converter": "country-afg"}  # fmt: skip
    for fid, cid in checks.items():
        assert ds.features.loc[cid].geometry.buffer(0.05).contains(ds.features.loc[fid].geometry), fid
    assert shape({"type": "Point", "coordinates": [0, 0]}).equals(Point(0, 0))


@pytest.mark.skipif(not __import__("shutil").which("node"), reason="node is not installed")
def test_generated_map_script_is_valid_javascript(ds, tmp_path):
    import subprocess
    from pathlib import Path

    m = mapview.base_map(mapview.frozen(mapview.base_geojson(ds.geo["world"])), mapview.frozen_layers(ds))
    page = m.get_root().render()
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    js = tmp_path / "map.js"
    js.write_text("\n".join(scripts), encoding="utf-8")
    static = Path(__file__).resolve().parents[1] / "static" / "regionmap" / "map.js"
    for path in (js, static):
        proc = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True, check=False)
        assert proc.returncode == 0, proc.stderr[:500]


def test_context_keeps_the_closing_quote():
    text = 'He said "Kabul will join the talks." Then he left.'
    meta = ArticleMeta(
        id="q", title="q", publisher="p", published="2024-01-01", body={"start": 0, "end": len(text)}
    )
    art = Article(meta=meta, text=text)
    s = text.index("Kabul")
    ctx = context(art, Link(feature="x", quote="Kabul", start=s, end=s + 5))
    assert ctx.before + ctx.quote + ctx.after == 'He said "Kabul will join the talks."'


def test_every_status_looks_different_and_not_stated_is_accepted():
    from regionmap.style import STATUS_NOTES, feature_style, legend_html

    for geom in ("LineString", "Point", "Polygon"):
        looks = {
            s: tuple(sorted((k, str(v)) for k, v in feature_style("energy", s, "exact", geom).items()))
            for s in STATUS_NOTES
        }
        if geom == "Polygon":  # areas carry status on their outline only where it is dashed
            looks = {s: v for s, v in looks.items() if s not in ("existing", "not stated")}
        assert len(set(looks.values())) == len(looks), geom
    assert "not stated" in legend_html() and "reported" in legend_html()
    # layers differ by more than colour: point shapes and line patterns
    shapes = {feature_style(layer, "existing", "exact", "Point")["shape"] for layer in mapview.LAYER_ORDER}
    assert {"circle", "square", "diamond", "triangle", "cross"} <= shapes
    assert feature_style("trafficking", "existing", "exact", "LineString")["dashArray"]
    assert "dashArray" not in feature_style("energy", "existing", "exact", "LineString")
