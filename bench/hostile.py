#!/usr/bin/env python
"""Costs of hostile and oversized input (issue 8): parsing guards and what one page sends.

    python bench/hostile.py [--only parse,page] [--userdata DIR]

parse  seconds to refuse 1.98 MB of nested <div>s, to read a wide 2 MB page, to read the
       largest curated GeoJSON with and without the depth guard, and to refuse 2 MB of
       nested JSON brackets (median of 3 each)
page   bytes and elements one AppTest run sends (protobuf sizes, what goes over the websocket),
       the map tab and the add tab, with a user data directory holding one article with
       200 undecided mentions (100 x "Kabul", 100 unknown district names) unless --userdata
       is given; also the selectbox options shipped

Run it on another checkout with ``PYTHONPATH=<checkout>/src REGIONMAP_APP=<checkout>/app.py`` to
compare (the page section only uses names both versions have). It reports; it does not assert.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APP = Path(os.environ.get("REGIONMAP_APP", ROOT / "app.py"))


def _median_time(fn, n: int = 3) -> tuple[float, str]:
    times, outcome = [], ""
    for _ in range(n):
        t0 = time.perf_counter()
        try:
            fn()
            outcome = "read"
        except Exception as exc:  # noqa: BLE001 -- the outcome is reported
            outcome = f"refused: {str(exc)[:70]}"
        times.append(time.perf_counter() - t0)
    return statistics.median(times), outcome


def bench_parse() -> None:
    from regionmap.ingest import read_upload

    nested = ("<p>Kabul</p>" + "<div>" * 396_000).encode()
    wide = ("<div>Kabul and Herat</div>" * 80_000).encode()[: 2 * 2**20]
    world = (ROOT / "data/geo/world.geojson").read_text(encoding="utf-8")
    deep = "[" * 1_000_000 + "]" * 1_000_000
    rows = [
        (f"HTML, {len(nested) / 1e6:.2f} MB of nested <div>s", lambda: read_upload("deep.html", nested)),
        (
            f"HTML, {len(wide) / 1e6:.2f} MB of sibling <div>s (the 2 MiB limit)",
            lambda: read_upload("wide.html", wide),
        ),
        ("JSON, world.geojson with json.loads (no guard)", lambda: json.loads(world)),
    ]
    try:
        from regionmap import safejson

        rows += [
            ("JSON, world.geojson with safejson.loads (depth guard)", lambda: safejson.loads(world)),
            (
                f"JSON, {len(deep) / 1e6:.1f} MB of nested brackets, safejson.loads",
                lambda: safejson.loads(deep),
            ),
        ]
    except ImportError:
        rows.append(
            (f"JSON, {len(deep) / 1e6:.1f} MB of nested brackets, json.loads", lambda: json.loads(deep))
        )
    print("| input | seconds (median of 3) | outcome |\n|---|---:|---|")
    for label, fn in rows:
        sec, outcome = _median_time(fn)
        print(f"| {label} | {sec:.3f} | {outcome} |")


def _page_bytes(at) -> tuple[int, int]:
    total = count = 0
    todo = [at._tree]
    while todo:
        node = todo.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
            count += 1
        todo.extend(getattr(node, "children", {}).values())
    return total, count


def _user_dir(tmp: Path) -> Path:
    from regionmap.cli import main

    names = [
        f"Zar{a}{b}{c}ak" for a, b, c in itertools.islice(itertools.product("aeiou", "bdgkm", "lnrst"), 100)
    ]
    text = "Kabul " * 100 + "\n\n" + " ".join(f"Refugees reached {n} district." for n in names) + "\n"
    src = tmp / "two-hundred.txt"
    src.write_text(text, encoding="utf-8")
    user = tmp / "user"
    main(["add", str(src), "--title", "Two hundred", "--publisher", "W", "--date", "2030-01-01", "--userdata",
          str(user)])  # fmt: skip
    return user


def bench_page(userdata: str | None) -> None:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory(prefix="rm-hostile-") as tmp:
        user = Path(userdata) if userdata else _user_dir(Path(tmp))
        os.environ["REGIONMAP_USERDATA"] = str(user)
        at = AppTest.from_file(str(APP), default_timeout=300)
        t0 = time.perf_counter()
        at.run()
        first = time.perf_counter() - t0
        rows = []

        def measure(label: str) -> None:
            t0 = time.perf_counter()
            at.run()
            sec = time.perf_counter() - t0
            b, n = _page_bytes(at)
            opts = sum(len(s.proto.options) for s in at.selectbox)
            rows.append(f"| {label} | {b:,} | {n:,} | {len(at.selectbox)} | {opts:,} | {sec:.2f} |")

        measure("whole page as every visitor gets it (map tab open)")
        if "rm_view" in at.session_state:
            at.session_state["rm_view"] = "Add an article"  # lazy tabs: open the add tab
            measure("whole page, add tab open")
        print(f"user data: {user}; first run {first:.1f} s; exceptions: {list(at.exception) or 'none'}")
        print("| view | bytes sent | elements | selectboxes | selectbox options | rerun s |")
        print("|---|---:|---:|---:|---:|---:|")
        print("\n".join(rows))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", default="parse,page", help="comma-separated: parse, page")
    ap.add_argument("--userdata", help="user data directory for the page section")
    args = ap.parse_args(argv)
    print(f"regionmap hostile-input costs · {APP} · load avg {os.getloadavg()[0]:.2f}")
    only = set(args.only.split(","))
    if "parse" in only:
        bench_parse()
    if "page" in only:
        bench_page(args.userdata)
    return 0


if __name__ == "__main__":
    sys.exit(main())
