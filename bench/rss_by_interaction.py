"""Server RSS after each kind of interaction in turn: 16 map clicks, then 16 mention clicks, then 16 layer toggles.

    .venv/bin/python bench/rss_by_interaction.py

Uses the same browser session and interactions as ``bench/benchmark.py`` section 5; reports, never
asserts. Where ``benchmark.py`` gives one RSS figure after 50 mixed interactions, this says which
kind of interaction the growth follows.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from benchmark import TOGGLE_LAYERS, VIEWPORT, Session, click_points, find_map, rss_kib, settle
from browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from playwright.sync_api import sync_playwright


def main() -> None:
    with streamlit_server() as (url, proc), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context(viewport=VIEWPORT).new_page()
        page.goto(url, wait_until="commit")
        find_map(page)
        settle(page)
        sess = Session(page, click_points())
        print(f"after the first load: {rss_kib(proc.pid)['rss'] // 1024} MB")
        for kind in ("map click", "mention click", "layer toggle"):
            for i in range(16):
                if kind == "map click":
                    sess.map_click()
                elif kind == "mention click":
                    sess.mention_click()
                else:
                    sess.toggle_layer(TOGGLE_LAYERS[(i // 2) % len(TOGGLE_LAYERS)])
            page.wait_for_timeout(800)
            print(f"after 16 × {kind}: {rss_kib(proc.pid)['rss'] // 1024} MB")
        if sess.failures:
            print("failures:", "; ".join(sess.failures[:5]))


if __name__ == "__main__":
    main()
