#!/usr/bin/env python
"""The corpus store at 100, 1,000 and 10,000 saved articles: files against PostgreSQL/PostGIS.

    python bench/storage.py [--sizes 100,1000] [--stores files,postgresql] [--database URL]
                            [--apptest] [--clicks 20] [--json OUT]

For each store and each size (cumulative: the articles of the previous size stay) it
generates the missing articles as ``.txt`` files (``bench/gen_corpus.py``'s seeded prose, nine
in ten naming Tajikistan, the title as the first line, the date as the file's mtime) and
ingests them with ``regionmap.bulk.ingest_folder`` (workers=2, the path of ``regionmap
ingest``). Then, in a fresh process per size: ``store.version()`` (median of 2,000 calls),
``load_corpus(data, store=…)`` cold (first call) and warm (median of 3), the card of the
feature most saved articles link (header and first page of passages, as ``ui_card.card``
builds them; median of 5) and that process's RSS; with ``--apptest``, in another fresh process,
the app's first run and the rerun after a map click (``streamlit.testing`` AppTest, on_change
path as in ``bench/benchmark.py``) with ``$REGIONMAP_DATABASE_URL`` or ``$REGIONMAP_USERDATA``
set, and that process's RSS (the app's).
For PostgreSQL it starts a throw-away server (initdb in a temporary folder, run as
``postgres`` when root) unless ``--database`` names an empty database, and reports the
server's RSS and PSS (shared buffers count once in PSS). It reports and does not assert.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
sys.path.insert(0, str(ROOT / "bench"))
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

PG_BIN = Path(os.environ.get("REGIONMAP_PG_BIN", "/usr/lib/postgresql/15/bin"))
BUDGETS = {  # at 10,000 articles on PostgreSQL
    "ingest": (">=", 20.0),
    "rerun": ("<=", 150.0),
    "card": ("<=", 300.0),
    "rss": ("<=", 600.0),
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the articles


def write_articles(folder: Path, start: int, stop: int, seed: int = 0) -> None:
    """Articles ``start`` .. ``stop - 1`` as ``.txt`` files: title line, then gen_corpus prose."""
    from gen_corpus import PUBLISHERS, TOPICS, article_text, sentence_pool

    pool = sentence_pool()
    tajik = [s for s in pool if "Tajikistan" in s]
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, stop):
        rng = random.Random(f"{seed}-{i}")
        text = article_text(rng, pool, tajik)
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        title = f"Brief {i:05d}: {rng.choice(TOPICS)} in Central Asia"
        path = folder / f"{i // 1000:02d}" / f"brief-{i:05d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(f"{title}\n\n{text}", encoding="utf-8")
        (path.parent / f"{path.name}.json").write_text(
            json.dumps({"publisher": rng.choice(PUBLISHERS), "date": day.isoformat()}), encoding="utf-8"
        )


# --------------------------------------------------------------------------- a throw-away PostgreSQL


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(cmd: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@contextlib.contextmanager
def pg_server(base: Path) -> Iterator[tuple[str, Path]]:
    """A PostgreSQL server on 127.0.0.1 with an empty database ``bench``: ``(url, data folder)``."""
    pgdata = base / "pgdata"
    pgdata.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(pgdata, "postgres")
    port = _free_port()
    run = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    subprocess.run(_as_postgres([str(PG_BIN / "initdb"), "-D", str(pgdata), "-U", "postgres", "--auth=trust",
                                 "-E", "UTF8", "--locale=C.UTF-8"]), check=True, **run)  # fmt: skip
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -k {base} -c fsync=on -c shared_buffers=128MB"
    subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(pgdata), "-o", opts, "-w", "-l",
                                 str(base / "server.log"), "start"]), check=True, **run)  # fmt: skip
    try:
        subprocess.run([str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "bench"],
                       check=True, **run)  # fmt: skip
        yield f"postgresql://postgres@127.0.0.1:{port}/bench", pgdata
    finally:
        subprocess.run(_as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "stop"]),
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip


def _kib(pid: int, path: str, name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/{path}").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def pg_memory(pgdata: Path) -> dict[str, float]:
    """RSS and PSS (MB) of the postmaster and its children."""
    import benchmark

    pid = int((pgdata / "postmaster.pid").read_text().split()[0])
    tree = benchmark.rss_kib(pid)
    children = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    pss = sum(_kib(p, "smaps_rollup", "Pss") for p in [pid, *children])
    return {"rss": tree["rss"] / 1024, "pss": pss / 1024, "processes": tree["processes"]}


# --------------------------------------------------------------------------- the probe (a fresh process)


def probe(database: str | None, user: str | None, mode: str, clicks: int) -> dict:
    """Figures of one store in this (fresh) process: ``data`` (load, version, card) or ``app`` (AppTest)."""
    import statistics

    if mode == "app":  # alone in its process: its RSS is the app's, not the app's plus this probe's dataset
        try:
            out = _apptest(clicks)
        except Exception as exc:  # noqa: BLE001 - the other figures still count
            return {"apptest_error": f"{type(exc).__name__}: {exc}"}
        out["rss_mb"] = _kib(os.getpid(), "status", "VmRSS") / 1024
        out["hwm_mb"] = _kib(os.getpid(), "status", "VmHWM") / 1024
        return out

    import geopandas  # noqa: F401 - imported before the clock starts, as the app has it

    from regionmap.card_html import card_header_html, links_by_feature, passages_html
    from regionmap.corpus import load_corpus
    from regionmap.storage import open_store
    from regionmap.style import LAYER_COLOURS
    from regionmap.ui_card import PAGE_SIZE, _links_shown

    out: dict = {}
    store = open_store(database, user, DATA)
    t0 = time.perf_counter()
    ds = load_corpus(DATA, store=store)
    out["load_cold_s"] = time.perf_counter() - t0
    warm = []
    for _ in range(3):
        t0 = time.perf_counter()
        load_corpus(DATA, store=store)
        warm.append(time.perf_counter() - t0)
    out["load_warm_s"] = statistics.median(warm)
    out["articles"] = len(ds.user_articles)
    out["problems"] = len(ds.problems)
    ts = []
    for _ in range(2000):
        t0 = time.perf_counter_ns()
        store.version()
        ts.append(time.perf_counter_ns() - t0)
    out["version_us"] = statistics.median(ts) / 1000
    counts: dict[str, int] = {}
    for lk in ds.links:
        if lk.article in ds.user_articles:
            counts[lk.feature] = counts.get(lk.feature, 0) + 1
    fid = max(counts, key=lambda f: counts[f]) if counts else "country-tjk"
    card = []
    for _ in range(5):
        t0 = time.perf_counter()
        row = ds.features.loc[fid]
        links = _links_shown(ds, fid)
        own = links_by_feature(ds.links).get(fid, [])
        html = card_header_html(row, ds.sources[row["source"]], own, None, actors=False)
        page = passages_html(links, ds.articles, LAYER_COLOURS[row["layer"]], None, PAGE_SIZE)
        card.append((time.perf_counter() - t0) * 1000)
    out["card_feature"] = fid
    out["card_links"] = page.total
    out["card_articles"] = len({lk.article for lk in links})
    out["card_ms"] = statistics.median(card)
    out["card_html_kb"] = (len(html) + len(page.html)) / 1024
    out["data_rss_mb"] = _kib(os.getpid(), "status", "VmRSS") / 1024
    return out


def _apptest(clicks: int) -> dict:
    """The app's first run and its rerun after a map click (on_change path), as bench/benchmark.py does."""
    import statistics

    import benchmark
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.testing.v1 import AppTest

    t0 = time.perf_counter()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    first = (time.perf_counter() - t0) * 1000
    if at.exception:
        raise RuntimeError(f"the app raised: {at.exception[0].message}")
    times, cards = [], 0
    for i in range(1, clicks + 1):
        fid = benchmark.CLICK_FIDS[i % len(benchmark.CLICK_FIDS)]
        ws = at._tree.get_widget_states()
        ws.widgets.append(WidgetState(id=benchmark._bridge_elem(at).proto.id,
                                      json_value=json.dumps(benchmark._click_value(fid, i))))  # fmt: skip
        t0 = time.perf_counter()
        at._run(ws)
        times.append((time.perf_counter() - t0) * 1000)
        cards += any(f'data-feature="{fid}"' in getattr(h.proto, "body", "") for h in at.get("html"))
    return {"app_first_ms": first, "rerun_ms": statistics.median(times), "rerun_p90_ms": sorted(times)[int(0.9 * len(times))],
            "rerun_cards": cards, "clicks": clicks}  # fmt: skip


def run_probe(database: str | None, user: Path | None, mode: str, clicks: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    env.pop("REGIONMAP_DATABASE_URL", None)
    if database:
        env["REGIONMAP_DATABASE_URL"] = database
    if user:
        env["REGIONMAP_USERDATA"] = str(user)
    arg = json.dumps({"database": database, "user": str(user) if user else None, "mode": mode,
                      "clicks": clicks})  # fmt: skip
    res = subprocess.run([sys.executable, __file__, "--probe", arg], check=False, env=env, cwd=ROOT, capture_output=True,
                         text=True, timeout=3600)  # fmt: skip
    if res.returncode != 0:
        raise RuntimeError(f"probe failed: {res.stderr.strip().splitlines()[-1:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- one store, every size


def bench_store(kind: str, sizes: list[int], base: Path, database: str | None, apptest: bool,
                clicks: int) -> list[dict]:  # fmt: skip
    from regionmap import pg_schema
    from regionmap.bulk import ingest_folder
    from regionmap.storage import open_store

    rows: list[dict] = []
    with contextlib.ExitStack() as stack:
        pgdata = None
        user: Path | None = None
        url: str | None = None
        if kind == "postgresql":
            if database:
                url = database
            else:
                url, pgdata = stack.enter_context(pg_server(base / "pg"))
            pg_schema.init(url)
            from regionmap.store_pg import import_curated

            t0 = time.perf_counter()
            try:
                import_curated(url, DATA)
                log(f"{kind}: curated data imported in {time.perf_counter() - t0:.1f} s")
            except Exception as exc:  # noqa: BLE001 - the store's spatial side is optional here
                log(f"{kind}: import-curated failed ({type(exc).__name__}: {exc}); going on without")
        else:
            user = base / "userdata"
        store = open_store(url, user, DATA)
        done = 0
        for size in sizes:
            folder = base / f"in-{kind}-{size}"
            write_articles(folder, done, size)
            log(f"{kind}: ingesting {size - done} articles (to {size})")
            rep = ingest_folder(folder, store, DATA, workers=2, progress=False)
            shutil.rmtree(folder)
            if rep.errors:
                log(f"{kind}: {len(rep.errors)} ingest errors, first: {rep.errors[0]}")
            row = {"store": kind, "size": size, "ingested": len(rep.saved), "ingest_s": rep.seconds,
                   "ingest_per_s": rep.rate, "ingest_errors": len(rep.errors)}  # fmt: skip
            done = size
            log(f"{kind} {size}: {rep.summary()}; probing")
            row.update(run_probe(url, user, "data", clicks))
            if apptest:
                row.update(run_probe(url, user, "app", clicks))
            if pgdata is not None:
                mem = pg_memory(pgdata)
                row["pg_rss_mb"], row["pg_pss_mb"] = mem["rss"], mem["pss"]
                row["pg_db_mb"] = _db_size(url)
            elif user is not None:
                row["files_mb"] = sum(p.stat().st_size for p in user.rglob("*") if p.is_file()) / 2**20
            rows.append(row)
            log(
                f"{kind} {size}: {json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in row.items()})}"
            )
    return rows


def _db_size(url: str) -> float:
    from regionmap.pg_schema import connect

    with connect(url) as conn:
        return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 2**20


# --------------------------------------------------------------------------- the table

COLUMNS = [  # (key, header, format, budget key)
    ("ingest_per_s", "ingest art/s", "{:.1f}", "ingest"),
    ("version_us", "version() µs", "{:.1f}", None),
    ("load_cold_s", "load_corpus cold s", "{:.2f}", None),
    ("load_warm_s", "load_corpus warm s", "{:.2f}", None),
    ("card_ms", "card ms", "{:.1f}", "card"),
    ("app_first_ms", "app first run ms", "{:.0f}", None),
    ("rerun_ms", "rerun median ms", "{:.0f}", "rerun"),
    ("data_rss_mb", "data-probe RSS MB", "{:.0f}", None),
    ("rss_mb", "app RSS MB", "{:.0f}", "rss"),
    ("pg_rss_mb", "PG RSS / PSS MB", "{:.0f}", None),
    ("pg_db_mb", "PG database MB", "{:.0f}", None),
    ("files_mb", "files MB", "{:.1f}", None),
]


def table(rows: list[dict]) -> str:
    cols = [c for c in COLUMNS if any(c[0] in r for r in rows)]
    head = "| store | articles | " + " | ".join(c[1] for c in cols) + " |"
    lines = [head, "|---|---:|" + "---:|" * len(cols)]
    for r in rows:
        cells = []
        for key, _, fmt, budget in cols:
            if key not in r:
                cells.append("—")
                continue
            cell = fmt.format(r[key])
            if key == "pg_rss_mb":
                cell += " / " + fmt.format(r["pg_pss_mb"])
            if budget and r["store"] == "postgresql" and r["size"] >= 10000:
                op, limit = BUDGETS[budget]
                ok = r[key] >= limit if op == ">=" else r[key] <= limit
                cell += f" ({'ok' if ok else 'OVER'} {op} {limit:g})"
            cells.append(cell)
        lines.append(f"| {r['store']} | {r['articles']:,} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("card: " + "; ".join(f"{r['store']} {r['size']}: {r['card_feature']} ({r['card_links']} links in "
                                      f"{r['card_articles']} articles)" for r in rows))  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="100,1000", help="cumulative corpus sizes (default: 100,1000)")
    ap.add_argument("--stores", default="files,postgresql")
    ap.add_argument("--database", help="an empty PostgreSQL database to use instead of a throw-away server")
    ap.add_argument("--apptest", action="store_true", help="also the app's first run and rerun after a click")
    ap.add_argument("--clicks", type=int, default=20)
    ap.add_argument("--json", type=Path, help="also write every figure as JSON")
    ap.add_argument("--probe", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.probe:
        p = json.loads(args.probe)
        print(json.dumps(probe(p["database"], p["user"], p["mode"], p["clicks"])))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(","))
    t_start, load0 = time.time(), os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="rm-bench-storage-") as tmp:
        base = Path(tmp)
        os.chmod(base, 0o755)
        for kind in args.stores.split(","):
            (base / kind).mkdir()
            rows += bench_store(kind, sizes, base / kind, args.database, args.apptest, args.clicks)
    meta = {"when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
            "python": platform.python_version(), "seconds": round(time.time() - t_start),
            "load_before": load0, "load_after": os.getloadavg()}  # fmt: skip
    print(table(rows))
    print(f"\n{meta['when']}, {meta['cpus']} CPUs, Python {meta['python']}, {meta['seconds']} s; load average "
          f"{load0[0]:.1f} -> {meta['load_after'][0]:.1f}")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps({"meta": meta, "rows": rows}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
