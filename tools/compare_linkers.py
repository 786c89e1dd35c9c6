"""Score the linker of an earlier git revision and the current one with today's strict scorer.

Run from the project root:

    python tools/compare_linkers.py --before 813221c [EVAL_DIR ...]

The linker and gazetteer code (``src/regionmap/linker.py``, ``gazetteer.py``) and the whole ``data/``
directory of the revision are read with ``git show``/``git archive`` into a temporary folder and
imported as a package of their own; both linkers are then scored by ``regionmap.evaluate`` as it is
now (exact span, exact entity, within 161 km; town resolved to region is wrong). Default sets: every
``tests/eval`` and ``tests/eval_*`` with ``gold/``.
"""

from __future__ import annotations

import argparse
import importlib
import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from regionmap.evaluate import EvalError, Scorer, evaluate_set, find_sets, pooled, report
from regionmap.linker_cache import build_linker
from regionmap.load import load_dataset


def linker_at(rev: str, tmp: Path):
    """The linker (over its own gazetteer data) as it was at ``rev``."""
    pkg = tmp / "regionmap_at_rev"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    for name in ("linker.py", "gazetteer.py"):
        src = subprocess.run(["git", "show", f"{rev}:src/regionmap/{name}"], cwd=ROOT, check=True,
                             capture_output=True).stdout  # fmt: skip
        (pkg / name).write_bytes(src)
    tar = subprocess.run(["git", "archive", rev, "data"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tar)) as t:
        t.extractall(tmp, filter="data")
    sys.path.insert(0, str(tmp))
    gaz = importlib.import_module("regionmap_at_rev.gazetteer")
    lk = importlib.import_module("regionmap_at_rev.linker")
    data = tmp / "data"
    return lk.Linker(gaz.build_gazetteer(data, load_dataset(data).features))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--before", required=True, help="git revision of the earlier linker")
    ap.add_argument("eval_dirs", nargs="*", type=Path)
    args = ap.parse_args(argv)
    dirs = args.eval_dirs or find_sets()
    with tempfile.TemporaryDirectory() as tmp:
        try:
            before = linker_at(args.before, Path(tmp))
        except subprocess.CalledProcessError as exc:
            print(f"cannot read revision {args.before}: {exc.stderr.decode().strip()}", file=sys.stderr)
            return 2
        after = build_linker(ROOT / "data")
        try:
            rows = []
            for label, linker in ((f"before ({args.before})", before), ("after (working tree)", after)):
                scorer = Scorer(linker.gaz)
                results = [evaluate_set(d, linker, scorer) for d in dirs]
                print(f"######## {label}")
                print(report(results, per_article=False))
                print()
                rows.append((label, results))
        except EvalError as exc:
            print(exc, file=sys.stderr)
            return 2
    print("######## strict figures, before -> after")
    print(f"{'set':28s} {'P':>13s} {'R':>13s} {'exact':>13s} {'≤161 km':>13s}")
    names = [r.name for r in rows[0][1]] + ["pooled"]
    for i, name in enumerate(names):
        cells = []
        for key in ("precision", "recall", "exact_rate", "near_rate"):
            vals = []
            for _, results in rows:
                sc = pooled(results)[0] if name == "pooled" else results[i].total
                v = getattr(sc, key)
                vals.append("  —  " if v is None else f"{v:.3f}")
            cells.append(f"{vals[0]} → {vals[1]}")
        print(f"{name:28s} " + " ".join(f"{c:>13s}" for c in cells))
        for label, key in (("  without demonyms", "without_demonyms"), ("  demonyms only", "demonyms")):
            if name != "pooled" and getattr(rows[1][1][i], key) is not None:
                cells = []
                for k in ("precision", "recall", "exact_rate", "near_rate"):
                    vals = []
                    for _, results in rows:
                        sc = getattr(results[i], key)
                        v = getattr(sc, k) if sc is not None else None
                        vals.append("  —  " if v is None else f"{v:.3f}")
                    cells.append(f"{vals[0]} → {vals[1]}")
                print(f"{label:28s} " + " ".join(f"{c:>13s}" for c in cells))
    return 0


if __name__ == "__main__":
    sys.exit(main())
