#!/usr/bin/env python
"""Concurrent sessions against one dashboard server: click -> card latency and server memory.

    python bench/load.py [--sessions 1,5,10,20] [--clicks 6] [--think 0.5] [--json OUT]

Starts ``streamlit run app.py`` on a free loopback port (``tests/browser.py``), then for each
session count N opens N headless Chromium pages (contexts of one browser), waits until every
page shows a clickable map, and lets all N click at once: alternately a highlighted mention in
the article and a province or country on the map (points from ``bench/benchmark.py``), each
click waiting for its feature's card (``.rm-card[data-feature=…]``) before the next. It reports
click -> card p50/p95/max per N, the server's CPU time per click (page loads excluded) and its
RSS (process tree) after each N. The browsers run on the same machine: on few cores their
rendering, not the server, sets most of the latency, which the CPU column separates. Everything
stays on 127.0.0.1; a request to any other host is counted and reported. It reports and does
not assert (exit 0), except that it stops at ``--max-sessions`` (default 40) to stay bounded.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # browser.py: the server and Chromium settings
sys.path.insert(0, str(ROOT / "bench"))  # benchmark.py: click points, Leaflet probes, RSS
if str(ROOT / "src") not in sys.path:
    sys.path.insert(2, str(ROOT / "src"))

import benchmark
from browser import CHROMIUM, CHROMIUM_ARGS, streamlit_server

VIEWPORT = {"width": 1400, "height": 1000}
MAX_SESSIONS = 40


def pct(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``; NaN if empty."""
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


async def find_map(page, timeout: float):
    """The Leaflet frame of ``page`` once a feature path is drawn."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame is page.main_frame:
                continue
            with contextlib.suppress(Exception):  # frames come and go while Streamlit renders
                if await frame.evaluate(benchmark.READY_JS):
                    return frame
        await asyncio.sleep(0.05)
    raise TimeoutError("no map with features appeared")


class Session:
    """One page on the dashboard, clicking mentions and map features in turn."""

    def __init__(self, page, points: dict[str, tuple[float, float]], timeout: float) -> None:
        self.page, self.points, self.timeout = page, points, timeout
        self.selected: str | None = None
        self.latencies: list[tuple[str, float]] = []  # (kind, seconds)
        self.failures: list[str] = []
        self._n = 0

    async def _wait_card(self, fid: str, t0: float, kind: str) -> None:
        try:
            await self.page.wait_for_selector(
                f'.rm-card[data-feature="{fid}"]', state="attached", timeout=self.timeout * 1000
            )
        except Exception as exc:  # noqa: BLE001 -- counted, the run goes on
            self.failures.append(f"{kind} {fid}: {type(exc).__name__}")
            return
        self.latencies.append((kind, time.perf_counter() - t0))
        self.selected = fid

    async def mention_click(self) -> None:
        marks = self.page.locator("mark[data-f]")
        fids = [f for f in dict.fromkeys(await marks.evaluate_all("els => els.map(e => e.dataset.f)"))
                if f != self.selected]  # fmt: skip
        if not fids:  # an article without links (e.g. all of it still to review): click the map instead
            await self.map_click()
            return
        fid = fids[self._n % len(fids)]
        mark = self.page.locator(f'mark[data-f="{fid}"]').first
        await mark.scroll_into_view_if_needed(timeout=self.timeout * 1000)
        t0 = time.perf_counter()
        await mark.click(timeout=self.timeout * 1000)
        await self._wait_card(fid, t0, "mention")

    async def map_click(self) -> None:
        targets = list(self.points)
        for i in range(len(targets)):
            lat, lon = self.points[targets[(self._n + i) % len(targets)]]
            frame = await find_map(self.page, self.timeout)
            box = await (await frame.frame_element()).bounding_box()
            if box and (box["y"] < 0 or box["y"] + box["height"] > VIEWPORT["height"]):
                await (await frame.frame_element()).scroll_into_view_if_needed()
                await asyncio.sleep(0.3)
                box = await (await frame.frame_element()).bounding_box()
            hit = await frame.evaluate(benchmark.HIT_JS, [lat, lon, 10])
            if not hit["inside"] or hit["zoom"] < benchmark.MIN_CLICK_ZOOM:  # pan first, untimed
                await frame.evaluate(benchmark.PAN_JS, [lat, lon, benchmark.MIN_CLICK_ZOOM])
                await asyncio.sleep(0.5)
                hit = await frame.evaluate(benchmark.HIT_JS, [lat, lon, 10])
            fid = hit["id"]
            if not fid or fid == self.selected or not box:
                continue
            x, y = await frame.evaluate(
                f"([lat, lon]) => {{ const m = {benchmark_map()}; const p = m.latLngToContainerPoint([lat, lon]);"
                " const r = m.getContainer().getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }",
                [lat, lon],
            )
            t0 = time.perf_counter()
            await self.page.mouse.click(box["x"] + x, box["y"] + y)
            await self._wait_card(fid, t0, "map")
            return
        self.failures.append("map: no target with a new feature on top")

    async def run(self, clicks: int, think: float) -> None:
        for _ in range(clicks):
            try:
                await (self.mention_click() if self._n % 2 == 0 else self.map_click())
            except Exception as exc:  # noqa: BLE001 -- a detached frame, a timeout: counted
                self.failures.append(f"click #{self._n + 1}: {type(exc).__name__}: {str(exc)[:80]}")
            self._n += 1
            await asyncio.sleep(think)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (the server runs every session in it)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def benchmark_map() -> str:
    return "Object.values(window).find(v => v && v._container && v.latLngToContainerPoint && v.getZoom)"


async def one_round(
    browser, url: str, n: int, clicks: int, think: float, timeout: float, points, on_request, pid
):
    contexts = [await browser.new_context(viewport=VIEWPORT) for _ in range(n)]
    try:
        pages = []
        for ctx in contexts:
            ctx.on("request", on_request)
            pages.append(await ctx.new_page())
        t0 = time.perf_counter()
        await asyncio.gather(*(p.goto(url, wait_until="commit") for p in pages))
        maps = await asyncio.gather(*(find_map(p, timeout * 2) for p in pages), return_exceptions=True)
        ready = time.perf_counter() - t0
        await asyncio.sleep(1)  # let the last page loads finish on the server
        # a page that never showed a map is reported (pages_ready) and does not click
        sessions = [
            Session(p, points, timeout)
            for p, m in zip(pages, maps, strict=True)
            if not isinstance(m, BaseException)
        ]
        t1, cpu0 = time.perf_counter(), cpu_seconds(pid)
        await asyncio.gather(*(s.run(clicks, think) for s in sessions))
        return sessions, ready, time.perf_counter() - t1, cpu_seconds(pid) - cpu0
    finally:
        for ctx in contexts:
            with contextlib.suppress(Exception):
                await ctx.close()


async def main_async(args) -> dict:
    from playwright.async_api import async_playwright

    counts = [int(v) for v in args.sessions.split(",")]
    if max(counts) > args.max_sessions:
        raise SystemExit(f"at most {args.max_sessions} sessions (--max-sessions)")
    points = benchmark.click_points()
    rows, foreign = [], []
    with (
        tempfile.TemporaryDirectory(prefix="rm-load-") as user,
        streamlit_server(env={"REGIONMAP_USERDATA": args.userdata or user}) as (url, proc),
    ):
        origin = urlsplit(url)

        def on_request(req) -> None:
            u = urlsplit(req.url)
            if u.scheme in ("http", "https", "ws", "wss") and (u.hostname, u.port) != (
                origin.hostname,
                origin.port,
            ):
                foreign.append(req.url)

        rss_idle = benchmark.rss_kib(proc.pid)
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for n in counts:
                print(f"{n} session(s) …", file=sys.stderr, flush=True)
                load0 = os.getloadavg()[0]
                sessions, ready, wall, cpu = await one_round(
                    browser, url, n, args.clicks, args.think, args.timeout, points, on_request, proc.pid
                )
                await asyncio.sleep(1)
                rss = benchmark.rss_kib(proc.pid)
                lat = [s for sess in sessions for _, s in sess.latencies]
                by_kind = {
                    k: [s for sess in sessions for kk, s in sess.latencies if kk == k]
                    for k in ("map", "mention")
                }
                rows.append({
                    "sessions": n, "pages_ready": len(sessions), "clicks": len(lat), "asked": n * args.clicks,
                    "failures": [f for s in sessions for f in s.failures],
                    "p50_ms": pct(lat, 50) * 1000, "p95_ms": pct(lat, 95) * 1000, "max_ms": max(lat, default=float("nan")) * 1000,
                    "map_p50_ms": pct(by_kind["map"], 50) * 1000, "mention_p50_ms": pct(by_kind["mention"], 50) * 1000,
                    "over_20s": sum(s > 20 for s in lat), "ready_s": ready, "wall_s": wall,
                    "server_cpu_s": cpu, "server_cpu_ms_per_click": cpu * 1000 / max(len(lat), 1),
                    "rss_mb": rss["rss"] / 1024, "hwm_mb": rss["hwm"] / 1024,
                    "loadavg": (load0, os.getloadavg()[0]), "samples_s": lat,
                })  # fmt: skip
            await browser.close()
    return {"rows": rows, "rss_idle_mb": rss_idle["rss"] / 1024, "foreign_requests": foreign}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--sessions", default="1,5,10,20", help="comma-separated session counts (default 1,5,10,20)"
    )
    ap.add_argument("--clicks", type=int, default=6, help="clicks per session (default 6)")
    ap.add_argument("--think", type=float, default=0.5, help="seconds between a card and the next click")
    ap.add_argument("--timeout", type=float, default=60, help="seconds to wait for one card (default 60)")
    ap.add_argument("--max-sessions", type=int, default=MAX_SESSIONS, help=argparse.SUPPRESS)
    ap.add_argument("--userdata", help="a user data directory to serve (default: an empty temporary one)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures and raw samples as JSON")
    args = ap.parse_args(argv)
    if not os.path.exists(CHROMIUM):
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium)")
    meta = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "python": platform.python_version(), "loadavg_start": os.getloadavg(), "args": vars(args)}  # fmt: skip
    t0 = time.perf_counter()
    out = asyncio.run(main_async(args))
    meta["wall_s"] = round(time.perf_counter() - t0, 1)
    meta["loadavg_end"] = os.getloadavg()
    print(f"regionmap load test · {meta['date']} · {meta['cpus']} CPUs · Python {meta['python']} · "
          f"{args.clicks} clicks per session, {args.think:g} s think time · took {meta['wall_s']} s · "
          f"load avg {meta['loadavg_start'][0]:.2f} -> {meta['loadavg_end'][0]:.2f}")  # fmt: skip
    print(f"server RSS before any page: {out['rss_idle_mb']:.0f} MB")
    print("| sessions | clicks done | p50 ms | p95 ms | max ms | > 20 s | map p50 | mention p50 | "
          "pages with a map, s to all | server CPU ms per click | server RSS MB (peak) | load avg |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for r in out["rows"]:
        print(f"| {r['sessions']} | {r['clicks']}/{r['asked']} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} | "
              f"{r['max_ms']:.0f} | {r['over_20s']} | {r['map_p50_ms']:.0f} | {r['mention_p50_ms']:.0f} | "
              f"{r['pages_ready']}/{r['sessions']} in {r['ready_s']:.1f} | {r['server_cpu_ms_per_click']:.0f} | {r['rss_mb']:.0f} ({r['hwm_mb']:.0f}) | "
              f"{r['loadavg'][0]:.1f} -> {r['loadavg'][1]:.1f} |")  # fmt: skip
    for r in out["rows"]:
        if r["failures"]:
            print(f"{r['sessions']} sessions, failures: " + "; ".join(r["failures"][:8]))
    print(f"requests to other hosts: {len(out['foreign_requests'])}")
    if args.json:
        path = Path(args.json)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"meta": meta, **out}, indent=2, default=str), encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
