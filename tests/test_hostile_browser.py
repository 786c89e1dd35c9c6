"""In Chromium (issue 8, case 1): with a huge review list saved as the newest article, every visitor still
gets a map, in a bounded number of websocket messages and bytes; the add tab shows one page of names."""

from __future__ import annotations

import os

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, map_frame, streamlit_server
from conftest import ROOT
from test_hostile_app import MANY, add_file

from regionmap import ingest

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def user(tmp_path_factory):
    user = tmp_path_factory.mktemp("hostile-user")
    tmp = tmp_path_factory.mktemp("hostile-files")
    assert add_file(tmp, user, MANY, "Many names", date="2030-01-01") == 0
    # the issue's reproduction, saved by a version without the limit, as the newest article
    mp = pytest.MonkeyPatch()
    mp.setattr(ingest, "MAX_MENTIONS", 10**6)
    assert add_file(tmp, user, "Kabul " * 8534, "Kabul", date="2030-02-01") == 0
    mp.undo()
    return user


def test_issue8_1_newest_huge_article_still_gets_a_map(user, tmp_path):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium")
    with (
        streamlit_server(env={"REGIONMAP_USERDATA": str(user)}) as (url, _proc),
        sync_api.sync_playwright() as p,
    ):
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1100})
        frames = {"n": 0, "bytes": 0}

        def on_ws(ws):
            def count(payload):
                frames["n"] += 1
                frames["bytes"] += len(payload)

            ws.on("framereceived", count)

        page.on("websocket", on_ws)
        page.goto(url)
        frame = map_frame(page, timeout=60)
        assert frame.evaluate("() => document.querySelectorAll('path.rm-f').length") > 50
        page.wait_for_selector("text=The data in", timeout=20000)  # the oversized article is named
        assert page.locator("[data-testid=stConnectionStatus]").count() == 0 or "not connected" not in (
            page.content().lower()
        )
        loaded = dict(frames)
        assert loaded["n"] < 300 and loaded["bytes"] < 5_000_000, loaded
        page.get_by_role("tab", name="Add an article").click()
        page.wait_for_selector("text=Saved articles with mentions to decide", timeout=30000)
        page.wait_for_selector("text=Names 1–50 of 121", timeout=30000)
        assert page.locator('[data-testid="stSelectbox"]').count() <= 50 + 3
        page.screenshot(path=str(ROOT / ".pytest_cache" / "hostile-add-tab.png"), full_page=False)
        # one message per element: a page of 50 names is ~7 elements a name (the issue saw ~22,000)
        assert frames["n"] - loaded["n"] < 600 and frames["bytes"] - loaded["bytes"] < 2_000_000, frames
        browser.close()
