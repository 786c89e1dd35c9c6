"""The standalone HTML map, opened from file:// in headless Chromium with every network request refused."""

from __future__ import annotations

import os

import pytest
import shapely
from browser import CHROMIUM, CHROMIUM_ARGS
from conftest import DATA, SEED
from export_helpers import HOSTILE_PUBLISHER, HOSTILE_TITLE, make_user_dir

from regionmap.cli import main
from regionmap.corpus import load_corpus

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    root = tmp_path_factory.mktemp("html")
    user = make_user_dir(root)
    out = root / "map.html"
    assert main(["export", "html", str(out), "--userdata", str(user)]) == 0
    return out, load_corpus(DATA, user)


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does this)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, exported):
    out, _ = exported
    ctx = browser.new_context(viewport={"width": 1400, "height": 950})
    pg = ctx.new_page()
    requests, refused, problems = [], [], []

    def route(r):
        requests.append(r.request.url)
        if r.request.url.startswith("file:"):
            return r.continue_()
        refused.append(r.request.url)
        return r.abort()

    pg.route("**/*", route)
    pg.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.goto(out.as_uri())
    pg.wait_for_function("document.body.dataset.ready === '1'", timeout=20000)
    yield pg
    assert refused == [], f"the page tried the network: {refused}"
    assert requests == [out.as_uri()], requests  # one file, nothing else (not even file: images)
    assert problems == [], problems  # no script error, no Content-Security-Policy violation
    ctx.close()


def path_count(page, layer: str) -> int:
    return page.evaluate(f"() => document.querySelectorAll('#rm-map path.rm-layer-{layer}').length")


def test_draws_every_layer_from_disk(page, exported):
    _, ds = exported
    for layer, n in ds.features["layer"].value_counts().items():
        assert path_count(page, layer) >= (34 if layer == "provinces" else 1), layer
        assert n >= 1
    assert page.evaluate("() => typeof L !== 'undefined' && L.version") == "1.9.4"
    assert page.evaluate("() => Object.keys(window.regionmap.byId).length") == len(ds.features)


def _click_at(page, lat: float, lon: float, zoom: int = 7) -> None:
    x, y = page.evaluate(
        "([lat, lon, z]) => { const m = window.regionmap.map; m.setView([lat, lon], z, {animate: false});"
        " const p = m.latLngToContainerPoint([lat, lon]); const r = m.getContainer().getBoundingClientRect();"
        " return [p.x + r.left, p.y + r.top]; }",
        [lat, lon, zoom],
    )
    page.mouse.click(x, y)


def _away_from_others(ds, fid: str):
    """A point of ``fid`` more than 0.1 degrees from every other line and point."""
    project = ds.features.loc[fid, "part_of"]
    others = ds.features.drop([fid, project] if project else [fid])
    others = others[~others.geom_type.str.endswith("Polygon")].geometry.union_all().buffer(0.1)
    g = ds.features.loc[fid].geometry
    if g.geom_type.endswith("Polygon"):
        area = g.difference(others)
        inner = area.buffer(-0.05)
        p = (inner if not inner.is_empty else area).representative_point()
    elif g.geom_type.endswith("LineString"):
        free = g.difference(others)
        p = shapely.get_parts(free)[0].interpolate(0.5, normalized=True)
    else:
        p = shapely.get_parts(g)[0]
    return p.y, p.x


def popup(page, fid: str):
    sel = f'.leaflet-popup-content .rm-pop[data-feature="{fid}"]'
    page.wait_for_selector(sel, timeout=5000)
    return page.locator(sel)


@pytest.mark.parametrize("fid", ["province-jawzjan", "place-dushanbe", "energy-casa-1000-ac"])
def test_clicking_a_feature_shows_its_passages_and_source(page, exported, fid):
    _, ds = exported
    _click_at(page, *_away_from_others(ds, fid))
    text = popup(page, fid).inner_text()
    assert ds.features.loc[fid, "name"] in text
    assert ds.sources[ds.features.loc[fid, "source"]].licence in text
    for lk in ds.links_for(fid):
        assert lk.quote.split("\n")[0] in text, lk.quote
    if fid == "province-jawzjan":
        assert "strictly for humanitarian purposes" in text
        assert "control of Afghanistan’s Jawzjan province" in text


def test_clicking_a_feature_scrolls_the_article_to_its_passage(page, exported):
    _, ds = exported
    fid = "province-jawzjan"
    first = next(lk for lk in ds.links if lk.feature == fid)
    before = page.evaluate("() => document.getElementById('rm-text').scrollTop")
    _click_at(page, *_away_from_others(ds, fid))
    page.wait_for_function(f"() => document.body.dataset.focus === {first.key!r}")
    assert page.evaluate("() => document.getElementById('rm-text').scrollTop") > before
    visible = page.evaluate(
        'key => { const e = document.querySelector(`[data-p~="${key}"], [data-l="${key}"]`);'
        " const b = document.getElementById('rm-text').getBoundingClientRect(); const r = e.getBoundingClientRect();"
        " return r.top >= b.top && r.bottom <= b.bottom; }",
        first.key,
    )
    assert visible
    assert page.locator("#rm-text mark.rm-sel").count() >= 1


def test_clicking_a_name_selects_and_zooms_to_it_on_the_map(page):
    page.locator(f'#article-{SEED} mark[data-f="place-dushanbe"]:visible').first.click()
    text = popup(page, "place-dushanbe").inner_text()
    assert "Dushanbe" in text and "GeoNames" in text
    assert page.evaluate("() => document.body.dataset.selected") == "place-dushanbe"
    zoom, lat, lon = page.evaluate(
        "() => { const m = window.regionmap.map, c = m.getCenter(); return [m.getZoom(), c.lat, c.lng]; }"
    )
    assert zoom >= 5 and abs(lat - 38.54) < 1 and abs(lon - 68.78) < 1
    # the popup's own link goes back to the article
    page.locator(".rm-pop-go").first.click()
    page.wait_for_function("() => !!document.body.dataset.focus")


def test_layer_toggle(page):
    assert path_count(page, "energy") > 0
    page.locator('input[data-layer="energy"]').uncheck()
    assert path_count(page, "energy") == 0
    page.locator('input[data-layer="energy"]').check()
    assert path_count(page, "energy") > 0


def test_hostile_title_is_inert(page, exported):
    _, ds = exported
    assert page.evaluate("() => window.__pwned") is None
    assert page.title() != "pwned" and page.evaluate("() => document.querySelectorAll('img').length") == 0
    titles = page.locator(".rm-atitle").all_inner_texts()
    assert HOSTILE_TITLE in titles  # shown as text, as typed
    assert HOSTILE_PUBLISHER in page.locator(".rm-byline").all_inner_texts()[titles.index(HOSTILE_TITLE)]
    # its mentions work like any other: the saved article's Kunduz
    user_aid = next(a for a in ds.user_articles)
    page.locator(f"#article-{user_aid} mark[data-f]").first.click()
    page.wait_for_selector(".leaflet-popup-content .rm-pop")
    assert HOSTILE_TITLE in page.locator(".leaflet-popup-content .rm-pop-art").all_inner_texts()[-1]
