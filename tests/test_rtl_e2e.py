"""A Dari/Persian article in Chromium: shown right to left, its highlighted names select their feature."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser import CHROMIUM, CHROMIUM_ARGS, map_frame, streamlit_server

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip("playwright.sync_api")

# written for this test (not from an evaluation set): Persian lines, one with a Latin name inside,
# and one English line that must stay left to right
PERSIAN = (
    "بازار مرزی در ولایت بدخشان پس از سه ماه دوباره باز شد و تاجران از فیض‌آباد آمدند.\n\n"
    "مقام‌های محلی گفتند که خط برق CASA-1000 از تاجیکستان تا كابل در سال آینده تکمیل می‌شود.\n\n"
    "Officials in Badakhshan confirmed the reopening.\n"
)
SHOTS = Path(os.environ.get("REGIONMAP_SHOTS", "/tmp/regionmap-shots"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A private user dir with the Persian article saved as the app saves one (language detected)."""
    from conftest import DATA

    from regionmap.gazetteer import build_gazetteer
    from regionmap.ingest import article_input, check_text
    from regionmap.linker import Linker
    from regionmap.load import load_dataset
    from regionmap.store import UserStore, mention_link

    user = tmp_path_factory.mktemp("rtl-user")
    ds = load_dataset(DATA)
    linker = Linker(build_gazetteer(DATA, ds.features))
    text = check_text(PERSIAN)
    mentions = linker.link(text)
    on_map = set(ds.features.index)
    links = [
        mention_link(m.feature_id, m.surface, m.start, m.end) for m in mentions if m.feature_id in on_map
    ]
    inp = article_input(title="بازگشایی بازار مرزی بدخشان", publisher="Test Wire", date="2024-05-02")
    store = UserStore(user)
    aid = store.save(inp, text, links)
    return user, aid, {m.surface: m.feature_id for m in mentions}


@pytest.fixture(scope="module")
def server(corpus):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does this)")
    with streamlit_server(env={"REGIONMAP_USERDATA": str(corpus[0])}) as (url, _proc):
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_the_persian_article_was_linked_and_stored_as_persian(corpus):
    import json

    user, aid, ids = corpus
    assert ids["بدخشان"] == "province-badakhshan"
    assert ids["تاجیکستان"] == "country-tjk"
    assert ids["CASA-1000"].startswith("energy-casa-1000")
    meta = json.loads((Path(user) / "articles" / f"{aid}.json").read_text(encoding="utf-8"))
    assert meta["language"] == "fa"


def test_persian_lines_read_right_to_left_and_a_name_selects_its_feature(browser, server, corpus):
    _, aid, _ = corpus
    ctx = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = ctx.new_page()
    page.goto(f"{server}/?article={aid}")
    frame = map_frame(page)
    mark = page.locator('mark.rm-m[data-f="province-badakhshan"]').first
    mark.wait_for(timeout=20000)
    # each line is its own block, its direction taken from its first letters
    dirs = page.locator(".rm-text .rm-para").evaluate_all(
        """ps => ps.filter(p => p.textContent.trim())
                   .map(p => [getComputedStyle(p).direction, p.textContent.trim().slice(0, 12)])"""
    )
    assert [d for d, _ in dirs] == ["rtl", "rtl", "ltr"], dirs
    # the highlight sits on the right-hand side of its line (the line starts at the right)
    para = page.locator(".rm-text .rm-para").first.bounding_box()
    box = mark.bounding_box()
    assert box["x"] + box["width"] / 2 > para["x"] + para["width"] / 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "rtl-reader.png"))
    mark.click()
    frame.wait_for_selector("path.rm-selected", timeout=10000)
    page.wait_for_selector(".rm-card", timeout=15000)
    assert page.locator(".rm-card").first.get_attribute("data-feature") == "province-badakhshan"
    page.wait_for_function("() => location.search.includes('feature=province-badakhshan')")
    page.wait_for_selector("mark.rm-m.rm-sel", timeout=10000)
    page.screenshot(path=str(SHOTS / "rtl-selected.png"))
    ctx.close()
