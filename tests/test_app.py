"""The Streamlit page under `streamlit.testing.v1.AppTest`, the map component fed a simulated click."""

from __future__ import annotations

import json
import re

from conftest import ROOT, SEED, edit_json
from streamlit.testing.v1 import AppTest

APP = str(ROOT / "app.py")


def start(monkeypatch, data_dir=None, **query) -> AppTest:
    if data_dir is not None:
        monkeypatch.setenv("REGIONMAP_DATA", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def map_element(at: AppTest):
    elems = [e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")]
    assert len(elems) == 1
    return elems[0]


def map_args(at: AppTest) -> dict:
    return json.loads(map_element(at).proto.json_args)


def bridge(at: AppTest, kind: str) -> dict:
    """The message the map bridge posts into the map: ``sel`` (selection, layers) or ``ctx`` (article)."""
    elems = [e for e in at.get("bidi_component") if e.proto.component_name == "regionmap_map_bridge"]
    msgs = {json.loads(e.proto.json)["kind"]: json.loads(e.proto.json)["msg"] for e in elems}
    return msgs[kind]


def click(at: AppTest, fid: str, count: int, where: tuple[float, float] | None = None) -> AppTest:
    """A map click as map.js reports it through the bridge."""
    value: dict = {"id": fid, "n": count}
    if where:
        value |= {"lat": where[0], "lng": where[1]}
    at.session_state["rm_map_sel"] = {"click": value}
    at.run()
    assert not at.exception, at.exception
    return at


def card_feature(at: AppTest) -> str | None:
    for h in at.html:
        if 'class="rm-card"' in h.value:
            return h.value.split('data-feature="', 1)[1].split('"', 1)[0]
    return None


def quotes(at: AppTest) -> str:
    """The text of the card's quotes, tags removed."""
    return re.sub(r"<[^>]+>", "", "\n".join(h.value for h in at.html if 'class="rm-q"' in h.value))


def test_default_page(monkeypatch):
    at = start(monkeypatch)
    args = map_args(at)
    assert args["js_links"] == ["/app/static/leaflet/leaflet.js", "/app/static/regionmap/map.js"]
    assert args["css_links"] == ["/app/static/leaflet/leaflet.css", "/app/static/regionmap/map.css"]
    # clicks come back through the map bridge: streamlit-folium itself never reruns the script
    assert args["returned_objects"] == []
    assert args["feature_group"] is None and args["center"] is None and args["zoom"] is None
    for layer in (
        "countries",
        "regions",
        "provinces",
        "energy",
        "trafficking",
        "security",
        "diplomacy",
        "partnerships",
    ):
        assert f"rm-layer-{layer}" in args["html"]  # the layer's data block
        assert f'RM.addLayer("{layer}"' in args["script"]
    assert "https://" not in args["script"] + args["header"] + args["html"]
    assert len(args["script"]) < 20_000  # code only: streamlit-folium's per-run regexes stay cheap
    assert len(json.dumps(args)) < 1.5e6  # README speed budget: map payload < 1.5 MB
    assert bridge(at, "sel")["layers"] == [
        "countries", "regions", "provinces", "energy", "trafficking", "security", "diplomacy", "partnerships",
        "places",
    ]  # fmt: skip
    assert card_feature(at) is None
    assert any("Caspian Policy Center" in h.value and "2020-10-30" in h.value for h in at.html)


def test_click_on_map_opens_card_with_passages(monkeypatch):
    at = start(monkeypatch)
    before = map_element(at).proto.json_args
    at = click(at, "province-jawzjan", 1, where=(36.9, 65.9))
    assert card_feature(at) == "province-jawzjan"
    assert "control of Afghanistan’s Jawzjan province" in quotes(at)
    assert at.query_params["feature"] in ("province-jawzjan", ["province-jawzjan"])
    sel = bridge(at, "sel")
    assert sel["selected"] == "province-jawzjan"
    assert sel["fit"] is None  # a map click keeps the view where the user is looking
    assert map_element(at).proto.json_args == before  # the map itself is not sent again


def test_card_offers_the_other_features_under_the_click(monkeypatch):
    at = click(start(monkeypatch), "province-jawzjan", 1, where=(36.9, 65.9))
    also = [b.label for b in at.button if b.key and b.key.startswith("rm_also_")]
    assert "Islamic State presence in Jawzjan" in also and "Afghanistan" in also
    at.button(key="rm_also_security-is-jawzjan").click().run()
    assert card_feature(at) == "security-is-jawzjan"


def test_same_click_count_does_not_reselect(monkeypatch):
    at = click(start(monkeypatch), "place-doha", 5)
    at.session_state["rm_sel"] = "country-tjk"  # selected elsewhere meanwhile
    at = click(at, "place-doha", 5)  # the component re-sends its last value on a rerun
    assert card_feature(at) == "country-tjk"


def test_choosing_a_mention_selects_its_feature(monkeypatch):
    at = start(monkeypatch)
    link = f"{SEED}-1031-1035-place-doha"
    at.session_state["rm_article_view"] = {"choice": {"feature": "place-doha", "link": link, "n": 1}}
    at.run()
    assert not at.exception
    assert card_feature(at) == "place-doha"
    assert at.session_state["rm_focus"] == link
    sel = bridge(at, "sel")
    assert sel["selected"] == "place-doha" and sel["fitKey"]
    (s_, w), (n, e) = sel["fit"]  # brought into view: Doha is at 25.29 N, 51.53 E
    assert (
        abs(s_ - 25.29) < 0.05 and abs(n - 25.29) < 0.05 and abs(w - 51.53) < 0.05 and abs(e - 51.53) < 0.05
    )


def test_search_finds_aliases(monkeypatch):
    at = start(monkeypatch)
    box = at.selectbox(key="rm_search")
    assert any("Jowzjan" in label and label.startswith("Jawzjan") for label in box.options)
    box.select("province-jawzjan").run()
    assert card_feature(at) == "province-jawzjan"


def test_url_state_restores_layers_and_feature(monkeypatch):
    at = start(monkeypatch, feature="province-jawzjan", layers="provinces,security")
    assert card_feature(at) == "province-jawzjan"
    assert bridge(at, "sel")["layers"] == ["provinces", "security"]
    assert at.session_state["rm_layers"] == ["provinces", "security"]


def test_unknown_url_values_are_ignored_with_a_notice(monkeypatch):
    at = start(monkeypatch, feature="atlantis", layers="energy,bogus")
    notes = " ".join(c.value for c in at.caption)
    assert "atlantis" in notes and "bogus" in notes
    assert card_feature(at) is None
    assert at.session_state["rm_layers"] == ["energy"]


def test_hostile_url_values_are_shown_as_text(monkeypatch):
    at = start(monkeypatch, feature="[x](javascript:alert(1))<img src=x onerror=alert(2)>")
    notes = " ".join(c.value for c in at.caption)
    assert "\\[x\\]\\(javascript\\:alert\\(1\\)\\)" in notes and "\\<img" in notes
    assert card_feature(at) is None


def test_layer_toggle_is_a_message_not_a_new_map(monkeypatch):
    at = start(monkeypatch)
    before = map_element(at).proto.json_args
    at.session_state["rm_layers"] = ["countries"]
    at.run()
    assert bridge(at, "sel")["layers"] == ["countries"]
    assert map_element(at).proto.json_args == before


def test_bad_data_shows_the_problems_and_serves_the_rest(monkeypatch, data_copy):
    edit_json(
        data_copy / "features" / "energy.geojson", lambda d: d["features"][0]["properties"].pop("status")
    )
    (data_copy / "features" / "places.geojson").write_text("{ not json", encoding="utf-8")
    at = start(monkeypatch, data_dir=data_copy)
    assert at.error and "problem(s)" in at.error[0].value
    listing = at.code[0].value
    assert "places.geojson: broken JSON" in listing and "properties.status: Field required" in listing
    html = map_args(at)["html"]
    assert "rm-layer-provinces" in html and "place-dushanbe" not in html


def test_missing_data_dir_is_a_message_not_a_traceback(monkeypatch, tmp_path):
    at = start(monkeypatch, data_dir=tmp_path / "nowhere")
    assert at.error and "problem" in at.error[0].value
    assert "data directory not found" in at.code[0].value
