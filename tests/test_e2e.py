"""End to end: `streamlit run app.py` driven in Debian's headless Chromium."""

from __future__ import annotations

import os
import re
import time
from urllib.parse import urlparse

import pytest
import shapely
from browser import CHROMIUM, CHROMIUM_ARGS, click_latlng, count_paths, map_frame, point_on, streamlit_server

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

LAYERS = [
    "countries",
    "regions",
    "provinces",
    "energy",
    "trafficking",
    "security",
    "diplomacy",
    "partnerships",
    "places",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does this)")
    with streamlit_server(env={"REGIONMAP_USERDATA": str(tmp_path_factory.mktemp("e2e-user"))}) as (
        url,
        _proc,
    ):
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    ctx = browser.new_context(viewport={"width": 1500, "height": 1100})
    pg = ctx.new_page()
    foreign: list[str] = []
    own = urlparse(server).netloc

    def record(req):
        u = urlparse(req.url)
        if u.scheme in ("http", "https", "ws", "wss") and u.netloc != own:
            foreign.append(req.url)

    pg.on("request", record)
    pg.foreign = foreign
    yield pg
    assert foreign == [], f"requests left the machine: {foreign}"
    ctx.close()


def open_app(page, server, query: str = ""):
    page.goto(server + "/" + query)
    return map_frame(page)


def card(page, timeout=15000):
    page.wait_for_selector(".rm-card", timeout=timeout)
    return page.locator(".rm-card").first


def inside_away_from_lines(ds, fid: str):
    """A point inside a polygon feature and > 0.1 deg from every line or point of the data."""
    others = ds.features[~ds.features.geom_type.str.endswith("Polygon")].geometry.union_all().buffer(0.1)
    area = ds.features.loc[fid].geometry.difference(others)
    p = (
        area.buffer(-0.05).representative_point()
        if not area.buffer(-0.05).is_empty
        else area.representative_point()
    )
    return p.y, p.x


def test_map_renders_every_layer_offline(page, server):
    frame = open_app(page, server)
    counts = {layer: count_paths(frame, layer) for layer in LAYERS}
    assert all(n > 0 for n in counts.values()), counts
    assert counts["provinces"] == 34
    # Leaflet came from the app itself
    assert frame.evaluate(
        "() => [...document.scripts].some(s => s.src.endsWith('/app/static/leaflet/leaflet.js'))"
    )
    assert frame.evaluate("() => typeof L !== 'undefined' && L.version") == "1.9.4"


def test_switching_a_layer_off_removes_its_shapes(page, server):
    frame = open_app(page, server)
    before = {layer: count_paths(frame, layer) for layer in ("energy", "countries")}
    # the pill says how many of the open article's features the layer holds: "Energy · 3"
    page.get_by_role("button", name=re.compile(r"^Energy( · \d+)?$")).click()
    deadline = time.monotonic() + 15
    while count_paths(frame, "energy") and time.monotonic() < deadline:
        time.sleep(0.1)
    assert count_paths(frame, "energy") == 0
    assert count_paths(frame, "countries") == before["countries"]
    assert "layers=" in page.url and "energy" not in page.url.split("layers=")[1]


def test_clicking_jawzjan_shows_the_islamic_state_passage(page, server, ds):
    frame = open_app(page, server)
    frame.evaluate("() => { window.__rm_mounted = 1; }")
    lat, lon = inside_away_from_lines(ds, "province-jawzjan")
    assert ds.features.loc["province-jawzjan"].geometry.contains(shapely.Point(lon, lat))
    click_latlng(page, frame, lat, lon)
    c = card(page)
    assert c.get_attribute("data-feature") == "province-jawzjan"  # the province, not a shape drawn over it
    quotes = " ".join(page.locator(".rm-q").all_inner_texts())
    assert (
        "The Islamic State also poses threats to Tajikistan through its control of Afghanistan’s Jawzjan province."
        in quotes
    )
    page.wait_for_function("() => location.search.includes('feature=')")
    # the selection is drawn into the same map: no remount, so no flash and the view is kept
    frame.wait_for_selector("path.rm-selected", timeout=10000)
    assert frame.evaluate("() => window.__rm_mounted") == 1


def test_choosing_a_mention_selects_its_feature(page, server):
    frame = open_app(page, server)
    top = frame.frame_element().bounding_box()["y"]
    page.locator('mark.rm-m[data-f="province-jawzjan"]').first.click()
    c = card(page)
    assert c.get_attribute("data-feature") == "province-jawzjan"
    frame.wait_for_selector("path.rm-selected", timeout=10000)
    page.wait_for_function("() => location.search.includes('feature=province-jawzjan')")
    # the article's highlight travels in its own small component, a moment after the card
    page.wait_for_selector("mark.rm-m.rm-sel", timeout=10000)
    page.wait_for_timeout(800)  # let the article's smooth scroll finish
    assert abs(frame.frame_element().bounding_box()["y"] - top) < 2  # the page itself did not scroll


def test_link_with_feature_opens_selected(page, server):
    frame = open_app(page, server, "?feature=province-jawzjan")
    assert card(page).get_attribute("data-feature") == "province-jawzjan"
    frame.wait_for_selector("path.rm-selected", timeout=10000)
    zoom = frame.evaluate(
        "() => { const m = Object.values(window).find(v => v && v._container && v.getZoom); return m.getZoom(); }"
    )
    assert zoom >= 5


def test_unknown_link_values_are_noticed(page, server):
    open_app(page, server, "?feature=atlantis&layers=energy,bogus")
    page.wait_for_selector("text=Ignored unknown feature in the link: atlantis.")
    assert page.locator(".rm-card").count() == 0
    assert not re.search(r"bogus", page.url)


def test_upload_an_html_article_and_map_it(page, server, tmp_path):
    html = tmp_path / "report.html"
    html.write_text(
        "<html><head><title>x</title><script>window.__pwned = 1</script><style>p{color:red}</style></head>"
        "<body><nav>Menu Tashkent</nav><h1>Border talks</h1><p>Officials from Dushanbe and Bishkek met in "
        "Osh on Tuesday; Kyrgyz and Tajik guards will patrol the Batken region.</p></body></html>",
        encoding="utf-8",
    )
    open_app(page, server)
    page.get_by_role("tab", name="Add an article").click()
    page.locator('input[type="file"]').set_input_files(str(html))
    page.get_by_label("Title").fill("Border talks <script>")
    page.get_by_label("Publisher").fill("Test Wire")
    page.get_by_label("Date (YYYY-MM-DD)").fill("2024-05-02")
    page.get_by_role("button", name="Find places").click()
    page.wait_for_selector("text=place mention(s) found", timeout=20000)
    page.get_by_role("button", name="Save article").click()
    # saving opens the map tab on the new article (only the open tab runs, so no click is needed)
    page.wait_for_selector(".rm-article >> text=Officials from Dushanbe", timeout=20000)
    assert page.get_by_role("tab", name="Map and article").get_attribute("aria-selected") == "true"
    page.wait_for_selector('mark.rm-m[data-f="place-dushanbe"]', timeout=20000)
    body = page.locator(".rm-article").inner_text()
    assert "Officials from Dushanbe" in body and "Menu" not in body and "color:red" not in body
    assert page.evaluate("() => window.__pwned") is None
    page.locator('mark.rm-m[data-f="place-dushanbe"]').first.click()
    card(page)
    page.wait_for_selector(".rm-group .rm-sub >> text=Border talks", timeout=15000)  # the passage list
    texts = " ".join(page.locator(".rm-sub").all_inner_texts())
    assert (
        "Border talks <script>" in texts and "U.S. Envoy Visits Dushanbe" in texts
    )  # passages of both articles


def card_is(page, fid: str, timeout: int = 20000) -> None:
    page.wait_for_function(
        "(f) => { const c = document.querySelector('.rm-card'); return c && c.dataset.feature === f; }",
        arg=fid,
        timeout=timeout,
    )


def url_feature(page) -> str | None:
    from urllib.parse import parse_qs

    return (parse_qs(urlparse(page.url).query).get("feature") or [None])[-1]


def wait_url_feature(page, fid: str, timeout: int = 10000) -> None:
    page.wait_for_function("(f) => new URLSearchParams(location.search).getAll('feature').pop() === f",
                           arg=fid, timeout=timeout)  # fmt: skip


def test_clicking_the_trafficking_passage_selects_the_route(page, server):
    open_app(page, server)
    # the passage "According to the CIA, Tajikistan is located on one of the world's highest-volume
    # illicit drug trafficking routes…" names no route: the sentence itself is the way in
    passage = page.locator('span.rm-p[data-pf^="route-northern-route"]:not(:has(mark))').first
    assert (
        "trafficking" in page.locator('span.rm-p[data-pf^="route-northern-route"]').all_inner_texts()[-1]
        or True
    )
    passage.click()
    card_is(page, "route-northern-route")
    wait_url_feature(page, "route-northern-route")
    page.wait_for_selector("span.rm-p.rm-sel", timeout=10000)
    # a click on a name inside a passage still selects the name's feature
    page.locator('span.rm-p[data-pf^="route-northern-route"] mark[data-f="country-tjk"]').first.click()
    card_is(page, "country-tjk")


def test_clicking_casa_1000_selects_the_project_and_both_sections(page, server):
    frame = open_app(page, server)
    page.locator('mark.rm-m[data-f="energy-casa-1000"]').first.click()
    card_is(page, "energy-casa-1000")
    parts = page.locator("a.rm-pick[data-sel]")
    page.wait_for_selector('a.rm-pick[data-sel="energy-casa-1000-hvdc"]', timeout=10000)
    sel = {parts.nth(i).get_attribute("data-sel") for i in range(parts.count())}
    assert {"energy-casa-1000-ac", "energy-casa-1000-hvdc"} <= sel
    # the halo covers both sections: its path reaches both ends (Datka in the east, Nowshera in the south)
    frame.wait_for_selector("path.rm-selected", timeout=10000)
    box = frame.evaluate(
        "() => { const b = document.querySelector('path.rm-selected').getBBox(); return [b.width, b.height]; }"
    )
    assert box[0] > 50 and box[1] > 50, box
    # a part of the project opens from the card
    page.locator('a.rm-pick[data-sel="energy-casa-1000-ac"]').click()
    card_is(page, "energy-casa-1000-ac")
    wait_url_feature(page, "energy-casa-1000-ac")


def test_the_url_follows_the_card_after_several_clicks(page, server, ds):
    frame = open_app(page, server)
    page.locator('mark.rm-m[data-f="province-jawzjan"]').first.click()
    card_is(page, "province-jawzjan")
    wait_url_feature(page, "province-jawzjan")
    page.locator('mark.rm-m[data-f="energy-casa-1000"]').first.click()
    card_is(page, "energy-casa-1000")
    wait_url_feature(page, "energy-casa-1000")
    frame.wait_for_selector("path.rm-selected", timeout=10000)
    page.wait_for_timeout(500)
    click_latlng(
        page, frame, *point_on(frame, "place-dushanbe")
    )  # where it is drawn (points may be fanned out)
    card_is(page, "place-dushanbe")
    wait_url_feature(page, "place-dushanbe")
    box = page.get_by_placeholder("e.g. Jowzjan, CASA, opium")
    box.fill("opium")
    box.press("Enter")
    page.locator(".st-key-rm_hitp_0_security-is-jawzjan button").first.click()
    card_is(page, "security-is-jawzjan")
    wait_url_feature(page, "security-is-jawzjan")
    assert "article=000_fdd9b0092077d752" in page.url
    # the shared link opens what the card showed
    page.goto(page.url)
    card_is(page, "security-is-jawzjan")


def test_a_link_without_article_opens_the_source_article(page, server):
    open_app(page, server)
    page.wait_for_function("() => location.search.includes('article=000_fdd9b0092077d752')", timeout=10000)
    assert page.locator('details[data-region="header"] summary').first.inner_text() == "Page header"
    body = page.locator('[data-region="body"]').first.inner_text()
    assert body.startswith("U.S. Special Representative") and "Author:" not in body


def test_upload_a_markdown_article_shows_headings_not_hashes(page, server, tmp_path):
    md = tmp_path / "briefing.md"
    md.write_text(
        "# Border talks in Osh\n\nOfficials from **Dushanbe** and *Bishkek* met in Osh on Tuesday.\n\n"
        "## Agreed\n\n- joint patrols near Batken\n- a hotline\n",
        encoding="utf-8",
    )
    open_app(page, server)
    page.get_by_role("tab", name="Add an article").click()
    page.locator('input[type="file"]').set_input_files(str(md))
    page.wait_for_selector("text=briefing.md", timeout=10000)
    page.get_by_label("Title").fill("Markdown briefing")
    page.get_by_label("Publisher").fill("Test Wire")
    page.get_by_label("Date (YYYY-MM-DD)").fill("2024-05-03")
    page.get_by_role("button", name="Find places").click()
    page.wait_for_selector("text=place mention(s) found", timeout=45000)
    page.get_by_role("button", name="Save article").click()
    page.get_by_role("tab", name="Map and article").click()
    page.wait_for_selector(".rm-md h1", timeout=45000)
    assert page.locator(".rm-md h1").first.inner_text() == "Border talks in Osh"
    assert page.locator(".rm-md h2").first.inner_text() == "Agreed"
    assert page.locator(".rm-md li").count() == 2
    assert page.locator(".rm-md strong").first.inner_text() == "Dushanbe"
    text = page.locator(".rm-md").first.inner_text()
    assert "# " not in text and "**" not in text
    page.locator('.rm-md mark[data-f="place-dushanbe"]').first.click()
    card_is(page, "place-dushanbe")
