#!/usr/bin/env python
"""Where the server's time goes on a rerun: cProfile of AppTest reruns, attributed to the page's parts.

    python bench/profile_click.py [--clicks 20] [--userdata DIR] [--top 15]

Two kinds of rerun are profiled, each ``--clicks`` times after a warm-up:

* **map click**: a click value sent as the st_folium widget state (its ``on_change`` runs first,
  as behind a real click). In the browser a click reruns only the ``map_and_article`` fragment;
  AppTest always runs the whole script, so the parts outside the fragment are listed apart.
* **full rerun**: the layer pills changed (what any sidebar control, the article picker or a
  tab switch costs).

For each, milliseconds per rerun spent in: the dataset cache key (directory walk), the sidebar,
the map fragment and, inside it, the map builders, ``st_folium``'s rendering, the card and
the article; and the add tab (its form, review lists and linker). ``--userdata`` serves a user
data directory (for instance one with a long review list) instead of an empty one.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = Path(os.environ.get("REGIONMAP_APP", ROOT / "app.py"))
FIDS = ["province-jawzjan", "place-dushanbe", "country-tjk", "energy-casa-1000-hvdc"]

# (label, file suffix, function name): cumulative time of that function per rerun
PARTS = [
    ("whole script (ui.main)", "regionmap/ui.py", "main"),
    ("  dataset() cache key and lookup", "regionmap/ui_data.py", "dataset"),
    ("    of which the directory walk (_signature)", "regionmap/ui_data.py", "_signature"),
    ("  sidebar", "regionmap/ui_sidebar.py", "sidebar"),
    ("  map and article fragment", "regionmap/ui_map.py", "map_and_article"),
    ("    base map built (mapview.base_map)", "regionmap/mapview.py", "base_map"),
    ("    layer groups built (mapview.feature_group)", "regionmap/mapview.py", "feature_group"),
    ("    selection halo (mapview.selection_group)", "regionmap/mapview.py", "selection_group"),
    ("    st_folium (renders map and groups to HTML/JS)", "streamlit_folium/__init__.py", "st_folium"),
    ("    card", "regionmap/ui_card.py", "card"),
    ("    article view", "regionmap/ui_article.py", "article_view"),
    ("  add tab: form and draft (add_article_panel)", "regionmap/ui_add.py", "add_article_panel"),
    ("  add tab: saved review lists (review_panel)", "regionmap/ui_add.py", "review_panel"),
    ("  add tab: gazetteer and linker lookup", "regionmap/ui_data.py", "linker"),
]


def _cumulative(stats: pstats.Stats, suffix: str, func: str) -> float:
    total = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if name == func and filename.replace("\\", "/").endswith(suffix):
            total += ct
    return total


def _map_elem(at):
    return next(e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium"))


def profile(kind: str, clicks: int, top: int) -> tuple[dict[str, float], float, list[str]]:
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.runtime.scriptrunner import script_runner as srm
    from streamlit.testing.v1 import AppTest

    prof, active = cProfile.Profile(), [False]
    orig = srm.ScriptRunner._run_script

    def run_script(self, rerun_data):
        if not active[0]:
            return orig(self, rerun_data)
        prof.enable()
        try:
            return orig(self, rerun_data)
        finally:
            prof.disable()

    srm.ScriptRunner._run_script = run_script
    walls = []
    try:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.run()
        layers = list(at.session_state["rm_layers"])
        for i in range(clicks + 2):
            active[0] = i >= 2  # two warm-up reruns fill the caches
            t0 = time.perf_counter()
            if kind == "click":
                ws = at._tree.get_widget_states()
                value = {"last_active_drawing": {"type": "Feature", "properties": {"id": FIDS[i % len(FIDS)]}},
                         "last_object_clicked_count": i + 1}  # fmt: skip
                ws.widgets.append(WidgetState(id=_map_elem(at).proto.id, json_value=json.dumps(value)))
                at._run(ws)
            else:
                at.session_state["rm_layers"] = layers[:-1] if i % 2 else layers
                at.run()
            if i >= 2:
                walls.append(time.perf_counter() - t0)
            assert not at.exception, at.exception
    finally:
        srm.ScriptRunner._run_script = orig
    stats = pstats.Stats(prof)
    parts = {label: _cumulative(stats, suffix, func) * 1000 / clicks for label, suffix, func in PARTS}
    lines = []
    import io

    s = io.StringIO()
    pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(
        r"regionmap/|streamlit_folium/|folium/", top
    )
    lines = [ln for ln in s.getvalue().splitlines() if ln.strip() and "function calls" not in ln]
    walls.sort()
    return parts, walls[len(walls) // 2] * 1000, lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clicks", type=int, default=20, help="profiled reruns of each kind (default 20)")
    ap.add_argument("--userdata", help="user data directory to serve (default: an empty temporary one)")
    ap.add_argument("--top", type=int, default=0, help="also print the top N functions by cumulative time")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rm-prof-") as tmp:
        os.environ["REGIONMAP_USERDATA"] = args.userdata or tmp
        print(f"regionmap rerun profile · {APP} · user data {os.environ['REGIONMAP_USERDATA']} · "
              f"{args.clicks} reruns each · load avg {os.getloadavg()[0]:.2f}")  # fmt: skip
        results = {kind: profile(kind, args.clicks, args.top) for kind in ("click", "full")}
    print("| part of the rerun (ms per rerun, cProfile cumulative) | map click | full rerun (layer toggle) |")
    print("|---|---:|---:|")
    for label, _, _ in PARTS:
        a, b = results["click"][0][label], results["full"][0][label]
        print(f"| {label.replace('  ', '&nbsp;&nbsp;')} | {a:.1f} | {b:.1f} |")
    print(
        f"| wall time per rerun, median (AppTest, profiler on) | {results['click'][1]:.0f} | {results['full'][1]:.0f} |"
    )
    if args.top:
        for kind, (_, _, lines) in results.items():
            print(f"\n--- top {args.top} by cumulative time, {kind} ---")
            print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
