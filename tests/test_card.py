"""The feature card: honest names and kinds, projects and their parts, passages paged by article, speed."""

from __future__ import annotations

import json
import re
import time

import pytest
from conftest import SEED
from shapely.geometry import Point
from streamlit.testing.v1 import AppTest

from regionmap.card_html import PAGE_SIZE, card_header_html, links_by_feature, passages_html
from regionmap.corpus import gazetteer_feature, load_corpus
from regionmap.gazetteer import Entry
from regionmap.load import feature_frame, load_dataset
from regionmap.model import Link

N_PASSAGES = 4000


def _facts(html: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]*)</dd>", html))


def test_card_uses_the_articles_spelling_and_plain_kinds(ds):
    entry = Entry(id="gn-1215957", name="Tirmiz", type="city", lat=37.22, lon=67.28, country="UZB",
                  aliases=("Termez", "Termiz"), source="geonames", geonames_id=1215957)  # fmt: skip
    row = feature_frame([gazetteer_feature(entry, ds.geo)]).iloc[0]
    links = [Link(feature="gn-1215957", quote="Termez", start=0, end=6, article="a")] * 2
    html = card_header_html(row, ds.sources["geonames"], links, "a")
    assert '<h3 class="rm-title">Termez</h3>' in html
    facts = _facts(html)
    assert facts["Also written"].startswith("Tirmiz")
    assert facts["Kind"] == "town" and facts["Status"] == "not stated"


def test_a_demonym_never_names_a_country(ds):
    row = ds.features.loc["country-tjk"]
    links = [Link(feature="country-tjk", quote="Tajik", start=i, end=i + 5, article="a") for i in range(5)]
    assert '<h3 class="rm-title">Tajikistan</h3>' in card_header_html(
        row, ds.sources[row["source"]], links, "a"
    )


@pytest.mark.parametrize(
    "kind, note",
    [("river", "approximate point"), ("mountains", "approximate point"), ("city", "exact")],
)
def test_a_river_or_range_drawn_as_a_point_says_so(ds, kind, note):
    entry = Entry(id="x-amu", name="Amu Darya", type=kind, lat=37.1, lon=65.7, source="regionmap-curated")
    feat = gazetteer_feature(entry, ds.geo)
    assert isinstance(feat["geometry"], Point)
    assert feat["status"] == "not stated"
    row = feature_frame([feat]).iloc[0]
    facts = _facts(card_header_html(row, ds.sources["regionmap-gazetteer"]))
    assert facts["Precision"] == note
    if note == "approximate point":
        assert "Approximate point" in feat["note"]
    assert facts["Kind"] in ("river", "mountain range", "town")


def test_curated_records_keep_their_status(ds):
    assert ds.features.loc["energy-casa-1000", "status"] == "planned"
    assert ds.features.loc["place-dushanbe", "status"] == "existing"


def test_the_project_stands_for_its_sections(ds):
    f = ds.features
    parts = set(f.index[f["part_of"] == "energy-casa-1000"])
    assert parts == {"energy-casa-1000-ac", "energy-casa-1000-hvdc"}
    union = f.loc["energy-casa-1000"].geometry
    for p in parts:
        assert union.buffer(1e-9).contains(f.loc[p].geometry)
    mention = next(lk for lk in ds.links if lk.quote == "CASA-1000")
    assert mention.feature == "energy-casa-1000"


def test_validator_names_a_part_of_that_names_nothing(data_copy):
    path = data_copy / "features" / "energy.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    next(x for x in data["features"] if x["id"] == "energy-casa-1000-ac")["properties"]["part_of"] = (
        "energy-nope"
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    msgs = [str(p) for p in load_dataset(data_copy).problems]
    assert any("energy-casa-1000-ac" in m and "part_of names no other feature" in m for m in msgs), msgs


def _generated(tmp_path, n: int = N_PASSAGES):
    """A copy of the data plus one curated article with ``n`` passages about Dushanbe."""
    import shutil

    from conftest import DATA

    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    sentence = "Officials met in Dushanbe on the {i}th day to discuss the border. "
    text, links = "", []
    for i in range(n):
        s = sentence.format(i=i)
        links.append({"feature": "place-dushanbe", "kind": "passage", "quote": s.strip(),
                      "start": len(text), "end": len(text) + len(s.strip())})  # fmt: skip
        text += s + ("\n\n" if i % 10 == 9 else "")
    (root / "articles" / "gen.txt").write_text(text, encoding="utf-8")
    meta = {"id": "gen", "title": "Generated", "publisher": "Test", "published": "2030-01-01",
            "body": {"start": 0, "end": len(text)}}  # fmt: skip
    (root / "articles" / "gen.json").write_text(json.dumps(meta), encoding="utf-8")
    (root / "links" / "gen.json").write_text(json.dumps({"article": "gen", "links": links}), encoding="utf-8")
    return root


def test_card_pages_its_passages_open_article_first(tmp_path):
    ds = load_dataset(_generated(tmp_path, 300))
    assert ds.problems == ()
    links = links_by_feature(ds.links)["place-dushanbe"]
    page = passages_html(links, ds.articles, "#222", SEED)
    assert page.shown == PAGE_SIZE and page.total == len(links) > 300
    assert page.html.count('<blockquote class="rm-q"') == PAGE_SIZE
    # the open article's group comes first, with all its quotes before the generated one's
    groups = re.findall(r'<section class="rm-group" data-article="([^"]+)"', page.html)
    assert groups[0] == SEED and groups[1] == "gen"
    more = passages_html(links, ds.articles, "#222", SEED, limit=2 * PAGE_SIZE)
    assert more.html.count('<blockquote class="rm-q"') == 2 * PAGE_SIZE
    # with the generated article open, its passages lead
    assert (
        re.findall(r'data-article="([^"]+)"', passages_html(links, ds.articles, "#222", "gen").html)[0]
        == "gen"
    )


def test_first_page_of_4000_passages_is_fast(tmp_path):
    ds = load_dataset(_generated(tmp_path))
    links = links_by_feature(ds.links)["place-dushanbe"]
    assert len(links) > N_PASSAGES
    t0 = time.perf_counter()
    page = passages_html(links, ds.articles, "#222", "gen")
    took = time.perf_counter() - t0
    assert page.shown == PAGE_SIZE and page.total == len(links)
    assert took < 0.1, f"first page took {took * 1000:.0f} ms"


def _card_app():
    import os

    import streamlit as st

    from regionmap.load import load_dataset
    from regionmap.ui_card import card
    from regionmap.ui_state import ARTICLE, LAYERS

    @st.cache_resource
    def data(root):
        return load_dataset(root)

    ds = data(os.environ["REGIONMAP_DATA"])
    st.session_state.setdefault(ARTICLE, "gen")
    st.session_state.setdefault(LAYERS, ["places"])
    card(ds, "place-dushanbe")


def test_card_server_render_with_4000_passages_is_under_300_ms(tmp_path, monkeypatch):
    import sys

    monkeypatch.setenv("REGIONMAP_DATA", str(_generated(tmp_path)))
    # AppTest.from_function leaves a temporary script as __main__, which breaks later spawned processes
    monkeypatch.setitem(sys.modules, "__main__", sys.modules["__main__"])
    at = AppTest.from_function(_card_app, default_timeout=60)
    at.run()  # loads and caches the data
    assert not at.exception, at.exception
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
    assert not at.exception
    more = [b for b in at.button if b.key == "rm_more"]
    assert more and re.search(r"\(20 of 4,00\d shown\)", more[0].label), more
    assert min(times) < 0.3, f"card render {min(times) * 1000:.0f} ms"
    # "more" shows the next page
    more[0].click().run()
    data = next(e for e in at.get("bidi_component") if e.proto.component_name.endswith("regionmap_passages"))
    assert json.loads(data.proto.json)["html"].count('<blockquote class="rm-q"') == 2 * PAGE_SIZE


def test_saved_articles_gazetteer_places_are_not_stated(tmp_path):
    from regionmap.cli import main

    art = tmp_path / "a.txt"
    art.write_text("Officials in Termez and on the Amu Darya met on Monday.\n", encoding="utf-8")
    user = tmp_path / "user"
    assert main(["add", str(art), "--title", "T", "--publisher", "P", "--date", "2024-01-02",
                 "--userdata", str(user)]) == 0  # fmt: skip
    from conftest import DATA

    ds = load_corpus(DATA, user)
    extra = ds.features[~ds.features.index.isin(load_dataset(DATA).features.index)]
    assert len(extra) and set(extra["status"]) == {"not stated"}


def test_an_adjective_or_a_descriptive_name_is_not_taken_from_the_article(ds):
    index = links_by_feature(ds.links)
    for fid, name in [("region-central-asia", "Central Asia"),  # the article says "Central Asian" too
                      ("partnership-tjk-afg", "Strategic partnership Tajikistan – Afghanistan"),
                      ("event-apn-doha", "Afghanistan Peace Negotiations open in Doha")]:  # fmt: skip
        row = ds.features.loc[fid]
        html = card_header_html(row, ds.sources[row["source"]], index[fid], SEED)
        assert f'<h3 class="rm-title">{name}</h3>' in html, fid
