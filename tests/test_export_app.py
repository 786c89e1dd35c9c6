"""The app's Download section: built from what is on screen, generated only when a button is clicked."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, map_frame, streamlit_server
from conftest import ROOT, SEED
from streamlit.testing.v1 import AppTest

from regionmap import export, ui_export
from regionmap.export_filter import ExportView
from regionmap.ui_export import BUTTONS

APP = str(ROOT / "app.py")


def _caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "features," in c.value)


def test_section_offers_every_format_without_building_any(monkeypatch, ds):
    built = []
    monkeypatch.setattr(ui_export, "build", lambda *a, **k: built.append(a[0]) or export.build(*a, **k))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == list(BUTTONS.values())
    assert all(b.proto.deferred_file_id for b in buttons)  # generated on click, not on every rerun
    assert built == []
    assert f"{len(ds.features)} features" in _caption(at) and "U.S. Envoy Visits Dushanbe" in _caption(
        at
    ).replace("\\", "")
    at.sidebar.radio[0].set_value("All articles").run()
    assert "all articles" in _caption(at)


def test_section_follows_the_layer_pills(monkeypatch):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["layers"] = "provinces,places"
    at.run()
    assert not at.exception
    assert "37 features" in _caption(at) and "layers\\: provinces, places" in _caption(at)


def test_a_built_file_is_kept_for_the_same_view(monkeypatch, ds):
    built = []
    monkeypatch.setattr(ui_export, "build", lambda *a, **k: built.append(a[0]) or export.build(*a, **k))
    view = ExportView(layers=("places",), article=SEED)
    first = ui_export.lazy_export(ds, 1, view, "geojson", False)()
    again = ui_export.lazy_export(ds, 1, view, "geojson", False)()
    other = ui_export.lazy_export(ds, 1, ExportView(layers=("energy",)), "geojson", False)()
    assert first == again != other and built == ["geojson", "geojson"]
    assert {f["properties"]["layer"] for f in json.loads(first)["features"]} == {"places"}


@pytest.mark.browser
def test_download_is_what_is_on_screen(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing")
    with (
        streamlit_server(env={"REGIONMAP_USERDATA": str(tmp_path / "user")}) as (url, _proc),
        sync_api.sync_playwright() as p,
    ):
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = b.new_context(viewport={"width": 1500, "height": 1100}, accept_downloads=True).new_page()
        page.goto(url + "/?layers=energy,places")
        map_frame(page)
        page.get_by_text("Download", exact=True).click()
        with page.expect_download(timeout=30000) as dl:
            page.get_by_role("button", name="GeoJSON").click()
        fc = json.loads(Path(dl.value.path()).read_text(encoding="utf-8"))
        assert dl.value.suggested_filename == f"regionmap-{SEED}.geojson"
        assert {f["properties"]["layer"] for f in fc["features"]} == {"energy", "places"}
        assert fc["regionmap"]["view"]["article"] == SEED
        with page.expect_download(timeout=30000) as dl:
            page.get_by_role("button", name="Offline HTML map").click()
        html = Path(dl.value.path()).read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>") and "rm-layer-energy" in html
        b.close()
