"""Command line: ``regionmap validate``, ``regionmap export geojson``."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from .load import Dataset, load_dataset
from .paths import default_data_dir


def summary(ds: Dataset) -> str:
    """A one-screen account of a sound dataset."""
    f = ds.features
    lines = [f"{len(f)} features in {ds.root}"]
    for layer, n in f["layer"].value_counts().sort_index().items():
        lines.append(f"  {layer:13s} {n:3d}")
    kinds = Counter(lk.kind.value for lk in ds.links)
    linked = {lk.feature for lk in ds.links}
    lines.append(f"{len(ds.articles)} article(s), {len(ds.links)} links "
                 f"({kinds['mention']} mentions, {kinds['passage']} passages)")  # fmt: skip
    lines.append(f"{len(linked)} features linked to a passage; {len(f) - len(linked)} are context only")
    for col in ("precision", "status"):
        counts = ", ".join(f"{k} {v}" for k, v in f[col].value_counts().sort_index().items())
        lines.append(f"{col}: {counts}")
    lines.append(f"{len(ds.sources)} geometry sources: {', '.join(sorted(ds.sources))}")
    return "\n".join(lines)


def cmd_validate(args: argparse.Namespace) -> int:
    ds = load_dataset(args.data_dir)
    if ds.problems:
        for p in ds.problems:
            print(p, file=sys.stderr)
        print(f"{len(ds.problems)} problem(s) in {args.data_dir}", file=sys.stderr)
        return 1
    print(summary(ds))
    print("OK")
    return 0


def cmd_export_geojson(args: argparse.Namespace) -> int:
    from .export import write_geojson

    ds = load_dataset(args.data)
    if ds.problems:
        for p in ds.problems:
            print(p, file=sys.stderr)
        print(f"not exported: {len(ds.problems)} problem(s) in {args.data}; run 'regionmap validate'", file=sys.stderr)
        return 1
    try:
        n = write_geojson(ds, args.out)
    except OSError as exc:
        print(f"{args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"{args.out}: {n} features")
    return 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="regionmap", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a data directory; exit 1 with one line per problem")
    v.add_argument("data_dir", nargs="?", type=Path, default=default_data_dir())
    v.set_defaults(func=cmd_validate)
    ex = sub.add_parser("export", help="export the data")
    exs = ex.add_subparsers(dest="format", required=True)
    g = exs.add_parser("geojson", help="one RFC 7946 FeatureCollection of every feature")
    g.add_argument("out", type=Path)
    g.add_argument("--data", type=Path, default=default_data_dir())
    g.set_defaults(func=cmd_export_geojson)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
