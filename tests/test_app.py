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


def component_data(at: AppTest, name: str) -> dict | None:
    """The data sent to one of the project's own components ("regionmap_article", "regionmap_passages")."""
    for e in at.get("bidi_component"):
        if e.proto.component_name.endswith(name):
            return json.loads(e.proto.json)
    return None


def card_list_html(at: AppTest) -> str:
    """The HTML of the card's passage list (one component for all its quotes)."""
    data = component_data(at, "regionmap_passages")
    return data["html"] if data else ""


def quotes(at: AppTest) -> str:
    """The text of the card's quotes, tags removed."""
    html = "\n".join([*(h.value for h in at.html if 'class="rm-q"' in h.value), card_list_html(at)])
    return re.sub(r"<[^>]+>", "", html)


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
    also = {b.key: b for b in at.button if b.key and b.key.startswith("rm_also_")}
    assert "rm_also_security-is-jawzjan" in also and "rm_also_country-afg" in also
    # labels are short; the full name is in the tooltip
    is_jz = also["rm_also_security-is-jawzjan"]
    assert len(is_jz.label) <= 28 and "Islamic State presence in Jawzjan" in is_jz.help
    assert also["rm_also_country-afg"].label == "Afghanistan"
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


def search(at: AppTest, query: str) -> dict:
    at.text_input(key="rm_search_q").input(query).run()
    assert not at.exception, at.exception
    return {b.key: b for b in at.button if b.key and b.key.startswith("rm_hit")}


def test_search_finds_aliases(monkeypatch):
    at = start(monkeypatch)
    hits = search(at, "Jowzjan")
    first = next(iter(hits.values()))
    assert first.key == "rm_hit_province-jawzjan" and first.label.startswith("Jawzjan · province")
    first.click().run()
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


def _param(at: AppTest, name: str):
    value = at.query_params.get(name)
    return value[-1] if isinstance(value, list) else value


def choose(at: AppTest, fid: str, link: str, n: int) -> AppTest:
    """A click on a name or a passage in the article (what the reader component reports)."""
    at.session_state["rm_article_view"] = {"choice": {"feature": fid, "link": link, "n": n}}
    at.run()
    assert not at.exception, at.exception
    return at


def test_a_link_without_article_opens_the_source_article_not_the_newest(monkeypatch, tmp_path):
    import os

    from regionmap.cli import main

    art = tmp_path / "new.txt"
    art.write_text("Officials in Dushanbe met on Monday.\n", encoding="utf-8")
    user = os.environ["REGIONMAP_USERDATA"]
    assert main(["add", str(art), "--title", "Newer", "--publisher", "P", "--date", "2030-01-01",
                 "--userdata", user]) == 0  # fmt: skip
    at = start(monkeypatch)
    assert at.session_state["rm_article"] == SEED
    assert _param(at, "article") == SEED  # the URL always names the article
    assert any("Caspian Policy Center" in h.value for h in at.html)


def test_the_url_names_the_card_after_every_kind_of_click(monkeypatch):
    at = start(monkeypatch)
    steps = []
    choose(at, "province-jawzjan", f"{SEED}-3434-3441-province-jawzjan", 1)
    steps.append(("province-jawzjan", card_feature(at), _param(at, "feature")))
    casa = next(lk for lk in load_links() if lk["quote"] == "CASA-1000")
    choose(at, "energy-casa-1000", f"{SEED}-{casa['start']}-{casa['end']}-energy-casa-1000", 2)
    steps.append(("energy-casa-1000", card_feature(at), _param(at, "feature")))
    click(at, "place-doha", 7)
    steps.append(("place-doha", card_feature(at), _param(at, "feature")))
    search(at, "opium")["rm_hitp_0_province-jawzjan"].click().run()
    steps.append(("province-jawzjan", card_feature(at), _param(at, "feature")))
    at.session_state["rm_card_view"] = {"pick": {"feature": "security-is-jawzjan", "n": 99}}
    at.run()
    steps.append(("security-is-jawzjan", card_feature(at), _param(at, "feature")))
    for want, shown, in_url in steps:
        assert shown == want and in_url == want, steps
    assert _param(at, "article") == SEED


def load_links() -> list[dict]:
    return json.loads((ROOT / "data" / "links" / f"{SEED}.json").read_text(encoding="utf-8"))["links"]


def test_casa_1000_selects_the_project_and_the_card_lists_both_sections(monkeypatch):
    at = start(monkeypatch)
    casa = next(lk for lk in load_links() if lk["quote"] == "CASA-1000")
    choose(at, "energy-casa-1000", f"{SEED}-{casa['start']}-{casa['end']}-energy-casa-1000", 1)
    assert card_feature(at) == "energy-casa-1000"
    listing = card_list_html(at)
    for part in ("energy-casa-1000-ac", "energy-casa-1000-hvdc"):
        assert f'data-sel="{part}"' in listing
    assert "Datka–Khujand" in listing and "Sangtuda–Kabul–Nowshera" in listing
    # the map selects the project: map.js rings every layer whose feature is part of it, and the
    # view fits the project's geometry (both sections)
    sel = bridge(at, "sel")
    assert sel["selected"] == "energy-casa-1000" and sel["fit"]
    west, east = sel["fit"][0][1], sel["fit"][1][1]
    assert west < 69.2 and east > 71.5  # from Kabul/Nowshera to Datka
    # a section's card leads back to the project and shows the project's passage
    at.session_state["rm_card_view"] = {"pick": {"feature": "energy-casa-1000-hvdc", "n": 5}}
    at.run()
    assert card_feature(at) == "energy-casa-1000-hvdc"
    assert 'data-sel="energy-casa-1000"' in card_list_html(at)
    assert "including the CASA-1000 power transmission line" in quotes(at)


def test_a_passage_click_selects_what_it_grounds(monkeypatch):
    at = start(monkeypatch)
    route = next(lk for lk in load_links() if lk["feature"] == "route-northern-route")
    choose(at, "route-northern-route", f"{SEED}-{route['start']}-{route['end']}-route-northern-route", 1)
    assert card_feature(at) == "route-northern-route"
    assert at.session_state["rm_focus"].endswith("route-northern-route")


def test_search_opium_selects_the_feature_and_shows_the_passage(monkeypatch):
    at = start(monkeypatch)
    hits = search(at, "opium")
    assert "rm_hitp_0_province-jawzjan" in hits and "· province" in hits["rm_hitp_0_province-jawzjan"].label
    hits["rm_hitp_0_province-jawzjan"].click().run()
    assert card_feature(at) == "province-jawzjan"
    focus = at.session_state["rm_focus"]
    assert focus.startswith(f"{SEED}-3464-") and focus.endswith("-province-jawzjan")
    # the reader is told where to scroll
    assert component_data(at, "regionmap_article_state")["focus"] == focus


def test_search_casa_lists_the_project_first_with_its_kind(monkeypatch):
    at = start(monkeypatch)
    hits = list(search(at, "CASA").values())
    assert (
        hits[0].key == "rm_hit_energy-casa-1000"
        and hits[0].label.replace("\\", "") == "CASA-1000 · power transmission project"
    )


def test_card_link_shows_the_passage_in_its_article(monkeypatch):
    at = click(start(monkeypatch), "province-jawzjan", 1)
    key = re.search(
        r'class="rm-go" href="#" role="button" data-a="([^"]+)" data-l="([^"]+)"', card_list_html(at)
    )
    at.session_state["rm_card_view"] = {"go": {"article": key.group(1), "link": key.group(2), "n": 3}}
    at.run()
    assert not at.exception
    assert at.session_state["rm_focus"] == key.group(2)
    assert component_data(at, "regionmap_article_state")["focus"] == key.group(2)


def test_reader_header_shows_title_byline_once_and_body_starts_at_the_text(monkeypatch):
    at = start(monkeypatch)
    html = component_data(at, "regionmap_article")["html"]
    body = re.search(r'data-region="body">(.*?)</div><details', html, flags=re.DOTALL).group(1)
    assert re.sub(r"<[^>]+>", "", body).startswith("U.S. Special Representative")
    meta = [h.value for h in at.html if 'class="rm-meta"' in h.value]
    assert len(meta) == 1 and "Austin Clayton" in meta[0] and "2020-10-30" in meta[0]
