#!/usr/bin/env python
"""Size and build time of each export for the source article, and the standalone HTML's load time from disk.

    python bench/exports.py [--runs N] [--article ID] [--json OUT]

1. For the view "all layers, the source article" (``--article``, default the Caspian Policy
   Center article), each format is built ``--runs`` times through ``regionmap.export.build``
   (what the app's Download buttons and ``regionmap export`` run): bytes, median and max
   build time. The dataset is loaded once, outside the timing.
2. The standalone HTML is written to a temporary file and opened from ``file://`` in Debian's
   Chromium (headless, every non-file request aborted), ``--runs`` fresh browser contexts:
   load time = ``performance.now()`` (milliseconds since navigation start) in the first
   animation frame after every layer is added to the map, as the page records it in
   ``window.rmDrawn``; also the ``load`` event and the number of SVG paths drawn.

Reports, does not assert; exit status 0 whatever the figures are. Other processes on the
machine make the times noisy: say so when quoting them.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # browser.py: Chromium path and launch arguments
if str(ROOT / "src") not in sys.path:
    sys.path.insert(1, str(ROOT / "src"))

from regionmap.corpus import load_corpus
from regionmap.export import build
from regionmap.export_filter import make_view, select

SEED = "000_fdd9b0092077d752"
FORMATS = ["geojson", "gpkg", "csv", "events-csv", "annotations", "html"]


def sizes(article: str, runs: int) -> tuple[list[dict], bytes]:
    ds = load_corpus(ROOT / "data", None)
    sel = select(ds, make_view(ds, article=article))
    rows, html = [], b""
    for fmt in FORMATS:
        times, data = [], b""
        for _ in range(runs):
            t0 = time.perf_counter()
            data = build(fmt, sel)
            times.append((time.perf_counter() - t0) * 1000)
        rows.append({"format": fmt, "bytes": len(data), "build_ms_median": statistics.median(times),
                     "build_ms_max": max(times)})  # fmt: skip
        if fmt == "html":
            html = data
    print(f"view: {sel.view.describe()} — {len(sel.features)} features, {len(sel.links)} links")
    return rows, html


def load_times(html: bytes, runs: int) -> list[dict]:
    from browser import CHROMIUM, CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    out = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        path = Path(tmp) / "map.html"
        path.write_bytes(html)
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for i in range(runs + 1):  # the first run warms the browser's caches of its own binaries
            ctx = b.new_context(viewport={"width": 1400, "height": 900})
            page = ctx.new_page()
            refused: list[str] = []

            def route(r, refused=refused):
                if r.request.url.startswith("file:"):
                    return r.continue_()
                refused.append(r.request.url)
                return r.abort()

            page.route("**/*", route)
            page.goto(path.as_uri())
            page.wait_for_function("document.body.dataset.ready === '1'", timeout=60000)
            drawn = page.evaluate("window.rmDrawn")
            loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            paths = page.evaluate("document.querySelectorAll('#rm-map path').length")
            if i:
                out.append({"drawn_ms": drawn, "load_event_ms": loaded, "paths": paths, "refused": refused})
            ctx.close()
        b.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--article", default=SEED)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    rows, html = sizes(args.article, args.runs)
    print(
        f"\n{'format':<12} {'bytes':>10} {'kB':>8} {'build ms (median / max of ' + str(args.runs) + ')':>34}"
    )
    for r in rows:
        print(f"{r['format']:<12} {r['bytes']:>10} {r['bytes'] / 1024:>8.1f} "
              f"{r['build_ms_median']:>20.1f} / {r['build_ms_max']:.1f}")  # fmt: skip
    loads = load_times(html, args.runs)
    drawn = [r["drawn_ms"] for r in loads]
    print(
        f"\nstandalone HTML from file:// in headless Chromium, {args.runs} fresh contexts (after one warm-up):"
    )
    print(f"  navigation start -> features drawn: median {statistics.median(drawn):.0f} ms, "
          f"min {min(drawn):.0f}, max {max(drawn):.0f}")  # fmt: skip
    print(f"  load event: median {statistics.median(r['load_event_ms'] for r in loads):.0f} ms; "
          f"SVG paths drawn: {loads[0]['paths']}; network requests attempted: "
          f"{sum(len(r['refused']) for r in loads)}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"sizes": rows, "html_load": loads}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
