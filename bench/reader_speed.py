"""Time the reader and the card: article HTML by mentions, sentence splitting, a card's first page, search.

Run from the project root (prints one line per figure, medians of a few runs):

    .venv/bin/python bench/reader_speed.py

Generated data only (no network, nothing written outside a temporary directory).
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from regionmap.article_html import article_html
from regionmap.card_html import links_by_feature, passages_html
from regionmap.load import load_dataset
from regionmap.model import Article, ArticleMeta, Link
from regionmap.search import build_index, search_features, search_passages
from regionmap.sentences import _sentences, sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = "000_fdd9b0092077d752"


def median_s(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def big_article(n: int) -> tuple[Article, list[Link]]:
    text = "Kabul " * n
    meta = ArticleMeta(
        id="big", title="t", publisher="p", published="2024-01-01", body={"start": 0, "end": len(text)}
    )
    links = [
        Link(feature="place-kabul", quote="Kabul", start=6 * i, end=6 * i + 5, article="big")
        for i in range(n)
    ]
    return Article(meta=meta, text=text), links


def generated(root: Path, n: int) -> Path:
    shutil.copytree(ROOT / "data", root)
    text, links = "", []
    for i in range(n):
        s = f"Officials met in Dushanbe on the {i}th day to discuss the border."
        links.append({"feature": "place-dushanbe", "kind": "passage", "quote": s, "start": len(text),
                      "end": len(text) + len(s)})  # fmt: skip
        text += s + (" \n\n" if i % 10 == 9 else " ")
    (root / "articles" / "gen.txt").write_text(text, encoding="utf-8")
    meta = {"id": "gen", "title": "Generated", "publisher": "Test", "published": "2030-01-01",
            "body": {"start": 0, "end": len(text)}}  # fmt: skip
    (root / "articles" / "gen.json").write_text(json.dumps(meta), encoding="utf-8")
    (root / "links" / "gen.json").write_text(json.dumps({"article": "gen", "links": links}), encoding="utf-8")
    return root


def _card_app():
    import os

    import streamlit as st

    from regionmap.load import load_dataset
    from regionmap.ui_card import card
    from regionmap.ui_state import ARTICLE, LAYERS

    @st.cache_resource
    def data(root):
        return load_dataset(root)

    ds = data(os.environ["REGIONMAP_DATA"])
    st.session_state.setdefault(ARTICLE, "gen")
    st.session_state.setdefault(LAYERS, ["places"])
    card(ds, "place-dushanbe")


def card_render_s(root: Path) -> float:
    import os

    from streamlit.testing.v1 import AppTest

    os.environ["REGIONMAP_DATA"] = str(root)
    at = AppTest.from_function(_card_app, default_timeout=60)
    at.run()
    return median_s(at.run, 5)


def main() -> int:
    print("article_html (reader HTML), one mention every 6 characters:")
    for n in (2_000, 4_000, 8_000, 16_000, 77_672):
        art, links = big_article(n)
        t = median_s(lambda art=art, links=links: article_html(art, links, {"place-kabul": "places"}))
        print(f"  {n:>6} mentions ({len(art.text) / 1e6:.2f} MB): {t * 1000:8.1f} ms")
    ds = load_dataset(ROOT / "data")
    seed = ds.articles[SEED]
    layer_of = ds.features["layer"].to_dict()
    print(
        f"  seed article ({len(ds.links)} links): {median_s(lambda: article_html(seed, ds.links, layer_of)) * 1000:.1f} ms"
    )

    print("sentence boundaries (sentencex + abbreviation fixes):")
    big = seed.text * 400
    two_mb = Article(meta=ArticleMeta(id="two", title="t", publisher="p", published="2024-01-01",
                                      body={"start": 0, "end": len(big)}), text=big)  # fmt: skip
    _sentences.cache_clear()
    print(
        f"  seed, first call: {median_s(lambda: (_sentences.cache_clear(), sentences(seed)), 5) * 1000:.2f} ms"
    )
    sentences(seed)
    print(f"  seed, cached: {median_s(lambda: sentences(seed), 5) * 1e6:.1f} µs")
    t = median_s(lambda: (_sentences.cache_clear(), sentences(two_mb)), 3)
    print(f"  {len(two_mb.text) / 1e6:.1f} MB text, first call: {t * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        gen = load_dataset(generated(Path(tmp) / "data", 4000))
        links = links_by_feature(gen.links)["place-dushanbe"]
        t = median_s(lambda: passages_html(links, gen.articles, "#222", "gen"), 5)
        print(f"card first page, {len(links)} passages: {t * 1000:.1f} ms (pure builder)")
        t = median_s(lambda: passages_html(links, gen.articles, "#222", "gen", limit=len(links)), 1)
        print(f"card with every passage at once (what paging avoids): {t * 1000:.0f} ms")
        print(f"card server render (AppTest run of ui_card.card), {len(links)} passages: "
              f"{card_render_s(Path(tmp) / 'data') * 1000:.0f} ms (median of 5 reruns)")  # fmt: skip

    f = ds.features
    index = build_index(zip(f.index, f["name"], f["aliases"], strict=True), ds.links)
    for q in ("CASA", "Jowzjan", "opium"):
        t = median_s(lambda q=q: (search_features(index, q), search_passages(index, q)), 5)
        first = (search_features(index, q) or [None])[0]
        print(f"search {q!r}: {t * 1000:.2f} ms, first feature hit {first.feature if first else None}, "
              f"{len(search_passages(index, q))} passage hit(s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
