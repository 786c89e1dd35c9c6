"""``regionmap export FORMAT OUT`` and ``regionmap import-geojson``: the parsers and their commands."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .paths import default_data_dir

EPILOG = """CSV: OUT ending in .zip gets mentions.csv and events.csv in one zip; any other OUT gets the
mentions, and the events go beside it as <stem>-events.csv. Undated features (countries,
provinces) are kept by --from/--to; a feature without an end date is taken to be still in effect."""


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def cmd_export(args: argparse.Namespace) -> int:
    from .cli import _report_problems
    from .corpus import load_corpus
    from .export import FORMATS, write
    from .export_filter import ExportError, make_view, select

    fmt = args.format.lower()
    if fmt not in FORMATS:
        return _fail(f"unknown format {args.format!r}: choose {', '.join(FORMATS)}")
    out: Path = args.out
    if out.is_dir():
        return _fail(
            f"{out}: is a directory; give a file name, e.g. {out / ('export' + FORMATS[fmt].suffix)}"
        )
    if not out.parent.is_dir():
        return _fail(f"{out}: cannot write: the directory {out.parent} does not exist")
    from .storage import database_url, open_store

    if database_url(args.database):
        store = open_store(args.database, data_dir=args.data)
        ds, where = load_corpus(args.data, store=store), f"{args.data} and {store.location}"
    else:
        ds = load_corpus(args.data, args.userdata)
        where = f"{args.data}" + (
            f" and {args.userdata}" if args.userdata and Path(args.userdata).is_dir() else ""
        )
    if _report_problems(ds, f"not exported: {{n}} problem(s) in {where}; run 'regionmap validate'"):
        return 1
    try:
        view = make_view(ds, layers=args.layers, article=args.article, date_from=args.date_from,
                         date_to=args.date_to, actors=args.actor, linked_only=args.linked_only)  # fmt: skip
    except ExportError as exc:
        return _fail(str(exc))
    sel = select(ds, view)
    try:
        written = write(fmt, sel, out, bom=args.bom)
    except OSError as exc:
        return _fail(f"{out}: cannot write: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 -- GDAL raises its own error types for an unwritable GeoPackage
        return _fail(f"{out}: cannot write: {exc}")
    n_art = len(sel.articles)
    for path in written:
        print(f"{path}: {path.stat().st_size} bytes")
    print(f"{len(sel.features)} features, {len(sel.links)} passages and mentions, {n_art} article(s), "
          f"{len(sel.events)} events ({view.describe()})")  # fmt: skip
    return 0


def cmd_import_geojson(args: argparse.Namespace) -> int:
    from .import_geojson import NotAnExport, to_data_dir

    try:
        fc = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as exc:
        return _fail(f"{args.file}: cannot read: {exc.strerror or exc}")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _fail(f"{args.file}: not a JSON file ({exc})")
    try:
        n = to_data_dir(fc, args.out)
    except NotAnExport as exc:
        return _fail(f"{args.file}: {exc}")
    except OSError as exc:
        return _fail(f"{args.out}: cannot write: {exc.strerror or exc}")
    print(f"{args.out}: {n['features']} features, {n['articles']} article(s), {n['links']} links; "
          f"check it with: regionmap validate {args.out}")  # fmt: skip
    return 0


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``export`` and ``import-geojson`` to the ``regionmap`` command."""
    from .store import default_user_dir

    ex = sub.add_parser("export", help="export the current view: geojson, gpkg, csv, annotations or html",
                        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    # a plain string, not choices=: an unknown format gets one line, not argparse's usage block
    ex.add_argument("format", metavar="FORMAT", help="geojson, gpkg, csv, annotations or html")
    ex.add_argument("out", type=Path, metavar="OUT")
    ex.add_argument("--layers", help="comma-separated layers, e.g. provinces,energy (default: all)")
    ex.add_argument("--article", help="only this article's passages (default: all articles)")
    ex.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="features dated on or after")
    ex.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="features dated on or before")
    ex.add_argument(
        "--actor", action="append", help="only features and events naming this actor (repeatable)"
    )
    ex.add_argument("--linked-only", action="store_true", help="drop features no exported passage mentions")
    ex.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM for spreadsheets")
    ex.add_argument("--userdata", type=Path, default=default_user_dir(),
                    help="saved articles to include (default: $REGIONMAP_USERDATA or ./userdata)")  # fmt: skip
    ex.add_argument("--data", type=Path, default=default_data_dir())
    ex.add_argument("--database", default=None,
                    help="a postgresql:// URL: export its saved articles (default: $REGIONMAP_DATABASE_URL)")  # fmt: skip
    ex.set_defaults(func=cmd_export)
    im = sub.add_parser("import-geojson", help="turn a regionmap GeoJSON export into a data directory")
    im.add_argument("file", type=Path)
    im.add_argument("out", type=Path, help="a new (or empty) directory")
    im.set_defaults(func=cmd_import_geojson)
