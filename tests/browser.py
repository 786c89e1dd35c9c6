"""Helpers for the end-to-end tests: a real `streamlit run app.py` and Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Error as PlaywrightError

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("REGIONMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(env: dict[str, str] | None = None, timeout: float = 60):
    """Run the dashboard on a free loopback port; yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(port),
           "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"]  # fmt: skip
    logs = ROOT / ".pytest_cache"
    with contextlib.ExitStack() as stack:
        log = (
            stack.enter_context(open(logs / f"streamlit-{port}.log", "w"))
            if logs.is_dir()
            else subprocess.DEVNULL
        )
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=log, stderr=subprocess.STDOUT
        )
        stack.callback(_stop, proc)
        yield _wait_healthy(proc, f"http://127.0.0.1:{port}", timeout), proc


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait_healthy(proc: subprocess.Popen, url: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    return url
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit did not start (exit {proc.poll()})")
        time.sleep(0.2)


def map_frame(page, timeout: float = 30, interval: float = 0.1):
    """The component iframe that holds the Leaflet map, once features are drawn (polled every ``interval`` s)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            # frames come and go while Streamlit renders
            with contextlib.suppress(PlaywrightError):
                if frame.evaluate("() => !!document.querySelector('.leaflet-container path.rm-f')"):
                    return frame
        # the sync API learns of new frames only while it is called: wait through it, not time.sleep
        page.wait_for_timeout(interval * 1000)
    raise AssertionError("no map with features appeared")


LEAFLET_MAP = "Object.values(window).find(v => v && v._container && v.latLngToContainerPoint && v.getZoom)"


def click_latlng(page, frame, lat: float, lon: float) -> None:
    """Click the map where Leaflet draws ``(lat, lon)``."""
    x, y = frame.evaluate(
        f"([lat, lon]) => {{ const m = {LEAFLET_MAP}; const p = m.latLngToContainerPoint([lat, lon]);"
        " const r = m.getContainer().getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }",
        [lat, lon],
    )
    box = frame.frame_element().bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def count_paths(frame, layer: str) -> int:
    return frame.evaluate(f"() => document.querySelectorAll('path.rm-layer-{layer}').length")


def point_on(frame, fid: str):
    """A lat/lon where ``fid`` is the shape on top, fitting the map to it first if needed."""
    js = f"""([fid, fit]) => {{ const m = {LEAFLET_MAP}; let t = null;
      m.eachLayer(l => {{ const p = l.feature && l.feature.properties; if (!t && p && p.id === fid && l._path && l.options.interactive !== false) t = l; }});
      if (!t) return null;
      if (fit) m.fitBounds(t.getBounds ? t.getBounds() : L.latLngBounds([t.getLatLng()]), {{animate: false, maxZoom: 7}});
      const r = m.getContainer().getBoundingClientRect(), b = t.getBounds ? t.getBounds() : L.latLngBounds([t.getLatLng()]);
      for (let i = 1; i < 14; i++) for (let j = 1; j < 14; j++) {{
        const ll = L.latLng(b.getSouth() + (b.getNorth() - b.getSouth()) * i / 14, b.getWest() + (b.getEast() - b.getWest()) * j / 14);
        const p = m.latLngToContainerPoint(ll);
        if (p.x < 60 || p.y < 90 || p.x > r.width - 320 || p.y > r.height - 40) continue;
        if (document.elementFromPoint(p.x, p.y) === t._path) return [ll.lat, ll.lng];
      }}
      return null; }}"""
    return frame.evaluate(js, [fid, False]) or frame.evaluate(js, [fid, True])
