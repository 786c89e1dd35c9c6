"""The timeline, the date filter and the actor index in Chromium: what the map and the reader really do."""

from __future__ import annotations

import os
import re
import time
from urllib.parse import parse_qs, urlparse

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, LEAFLET_MAP, map_frame, streamlit_server

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

# ids of the features drawn on the map (rings and labels excluded), and of the rings of one kind
ON_MAP = f"""() => {{ const m = {LEAFLET_MAP}, out = {{}};
  m.eachLayer(l => {{ const p = l.feature && l.feature.properties;
    if (p && p.id && l.options && l.options.interactive !== false) out[p.id] = true; }});
  return Object.keys(out); }}"""
RINGS = f"""(cls) => {{ const m = {LEAFLET_MAP}, out = {{}};
  m.eachLayer(l => {{ if (l.options && l.options.className === cls && l.feature) out[l.feature.properties.id] = true; }});
  return Object.keys(out).sort(); }}"""


@pytest.fixture(scope="module")
def server():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does this)")
    with streamlit_server() as (url, _proc):
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1000})
    pg = ctx.new_page()
    pg.foreign = []
    pg.on(
        "request",
        lambda r: pg.foreign.append(r.url) if not r.url.startswith((server, "data:", "blob:")) else None,
    )
    yield pg
    ctx.close()


def _open(page, server, query: str = ""):
    page.goto(server + "/" + query)
    frame = map_frame(page)
    frame.wait_for_function(
        "() => window.RM && document.querySelectorAll('.rm-lbl-on').length > 0", timeout=20000
    )
    return frame


def _query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlparse(page.url).query).items()}


def _wait(page, test, timeout: float = 15, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if test():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out waiting for {what}")


def test_date_filter_hides_a_dated_feature_and_brings_it_back(page, server):
    frame = _open(page, server)
    visit = "event-khalilzad-visit"  # a diplomacy point dated 2–4 October 2020
    assert visit in frame.evaluate(ON_MAP) and "place-dushanbe" in frame.evaluate(ON_MAP)
    end = page.locator('.st-key-rm_timeline_box input[type=range][aria-label$="end"]')
    end.focus()
    for _ in range(29):  # 30 Oct -> 1 Oct, a day a key
        page.keyboard.press("ArrowLeft")
    _wait(page, lambda: _query(page).get("to") == "2020-10-01", what="to=2020-10-01 in the URL")
    _wait(page, lambda: visit not in frame.evaluate(ON_MAP), what="the visit to leave the map")
    on_map = frame.evaluate(ON_MAP)
    assert "place-dushanbe" in on_map and "country-tjk" in on_map  # undated features stay
    assert "event-atmar-rahmon" in on_map  # 18 September is in range
    # an undated feature's tooltip says it is kept whatever the dates
    assert frame.evaluate(f"""() => {{ const m = {LEAFLET_MAP}; let t = null;
      m.eachLayer(l => {{ if (!t && l.feature && l.feature.properties.id === 'place-dushanbe' && l._rmTip) t = l._rmTip; }});
      return t && t.textContent.includes('undated: shown whatever the dates'); }}""")
    # the timeline drops the bar too
    khalilzad = page.locator('.st-key-rm_timeline_box path[aria-label^="Khalilzad"]')
    _wait(page, lambda: khalilzad.count() == 0, what="the visit's bars to leave the timeline")
    end.focus()
    page.keyboard.press("End")
    _wait(page, lambda: "to" not in _query(page), what="the URL without to=")
    _wait(page, lambda: visit in frame.evaluate(ON_MAP), what="the visit to come back")
    # the chart redraws after the map does: wait for its bar rather than look once
    _wait(page, lambda: khalilzad.count() >= 1, what="the visit's bars to come back to the timeline")
    assert page.foreign == []


def test_a_click_on_the_timeline_selects_the_event(page, server):
    frame = _open(page, server)
    bar = page.locator('.st-key-rm_timeline_box path[aria-label^="Atmar meets President Rahmon"]').first
    bar.scroll_into_view_if_needed()
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    _wait(page, lambda: _query(page).get("event") == "ev-atmar-rahmon", what="event= in the URL")
    _wait(
        page,
        lambda: page.locator('.rm-card[data-event="ev-atmar-rahmon"]').count() == 1,
        what="the event card",
    )
    assert "18 Sep 2020" in page.locator('.rm-card[data-event="ev-atmar-rahmon"]').inner_text()
    # the map rings the event's places, the reader marks its passages
    _wait(page, lambda: frame.evaluate(RINGS, "rm-selected") == ["event-atmar-rahmon", "place-dushanbe"],
          what="the halo on the event's places")  # fmt: skip
    _wait(page, lambda: page.locator('span.rm-e.rm-sel[data-e~="ev-atmar-rahmon"]').count() > 0,
          what="the event's passages marked in the article")  # fmt: skip
    assert page.foreign == []


def test_an_actor_chosen_in_the_article_is_ringed_on_the_map(page, server):
    frame = _open(page, server)
    mark = page.locator('mark.rm-a[data-a^="sayvaly-shafiev"]').first
    mark.scroll_into_view_if_needed()
    mark.click()
    _wait(page, lambda: _query(page).get("actor") == "sayvaly-shafiev", what="actor= in the URL")
    _wait(page, lambda: "place-dushanbe" in frame.evaluate(RINGS, "rm-actor"), what="the actor's ring")
    rings = frame.evaluate(RINGS, "rm-actor")
    assert {"security-shafiev-network", "security-dushanbe-plots"} <= set(rings)
    # every mention of him is marked in the second style; the index shows him chosen
    _wait(page, lambda: page.locator("mark.rm-a.rm-asel").count() > 0, what="his mentions marked")
    marked = page.locator("mark.rm-a.rm-asel").all_inner_texts()
    assert {"Sayvaly Shafiev", "Shafiev"} <= {re.sub(r"\s+", " ", t) for t in marked}
    page.get_by_role("tab", name="Actors").click()
    _wait(
        page,
        lambda: page.locator('.rm-card[data-actor="sayvaly-shafiev"]').count() == 1,
        what="the actor card",
    )
    assert page.foreign == []


def test_the_url_carries_dates_and_actor_into_a_fresh_page(page, server):
    frame = _open(page, server, "?from=2020-10-05&actor=zalmay-khalilzad")
    assert "event-khalilzad-visit" not in frame.evaluate(ON_MAP)
    _wait(page, lambda: "country-tjk" in frame.evaluate(RINGS, "rm-actor"), what="Khalilzad's ring")
    q = _query(page)
    assert q.get("from") == "2020-10-05" and q.get("actor") == "zalmay-khalilzad"
