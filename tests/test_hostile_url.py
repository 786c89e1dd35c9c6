"""Hostile links (issue 8, case 10): bounded notices, bad layer names dropped, the first valid feature wins."""

from __future__ import annotations

import json

from conftest import ROOT
from streamlit.testing.v1 import AppTest

from regionmap.mapview import LAYER_ORDER
from regionmap.state import parse_query

FEATURES = {"place-dushanbe", "province-jawzjan"}


def test_issue8_10_notice_shows_at_most_80_characters():
    caption = "A" * 100_000
    view = parse_query({"feature": [caption], "layers": ["B" * 5000]}, LAYER_ORDER, FEATURES)
    assert len(view.notices) == 2
    for notice in view.notices:
        assert len(notice) < 160 and "…" in notice and "A" * 80 not in notice and "B" * 80 not in notice
    assert "A" * 79 + "…" in view.notices[1]


def test_issue8_10_many_bad_values_make_one_notice():
    view = parse_query({"feature": [",".join(f"x{i}" for i in range(20_000))]}, LAYER_ORDER, FEATURES)
    assert len(view.notices) == 1 and len(view.notices[0]) < 160 and view.feature is None


def test_issue8_10_bogus_layers_only_shows_every_layer_with_a_notice():
    view = parse_query({"layers": ["bogus"]}, LAYER_ORDER, FEATURES)
    assert view.layers == tuple(LAYER_ORDER)
    assert view.notices == ("Ignored unknown layer(s) in the link: bogus; showing every layer.",)


def test_issue8_10_bad_layer_names_dropped_good_ones_kept():
    view = parse_query({"layers": ["energy,bogus", "places"]}, LAYER_ORDER, FEATURES)
    assert view.layers == ("energy", "places") and "bogus" in view.notices[0]
    # an empty value is a deliberate "no layers" (the user switched them all off)
    assert parse_query({"layers": [""]}, LAYER_ORDER, FEATURES).layers == ()


def test_issue8_10_first_valid_feature_wins():
    view = parse_query({"feature": ["atlantis", "place-dushanbe", "province-jawzjan"]}, LAYER_ORDER, FEATURES)
    assert view.feature == "place-dushanbe"
    assert view.notices == ("Ignored unknown feature in the link: atlantis.",)
    assert parse_query({"article": ["nope", "a1"]}, LAYER_ORDER, FEATURES, ["a1"]).article == "a1"


def _app(query: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def test_issue8_10_in_the_app():
    at = _app({"feature": ["atlantis", "place-dushanbe"], "layers": "bogus"})
    assert at.session_state["rm_sel"] == "place-dushanbe"
    assert at.session_state["rm_layers"] == list(LAYER_ORDER)
    (elem,) = [e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")]
    assert all(f"rm-layer-{layer}" in json.loads(elem.proto.json_args)["html"] for layer in LAYER_ORDER)
    notes = [c.value for c in at.caption if "Ignored" in c.value]
    assert len(notes) == 2 and all(len(n) < 200 for n in notes)
    at = _app({"feature": "<b>" * 30_000})
    assert max(len(c.value) for c in at.caption if "Ignored" in c.value) < 400  # escaped, then still short
