"""``regionmap db …`` and ``regionmap ingest``: the database's schema, moving corpora, bulk ingest."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .paths import default_data_dir

if TYPE_CHECKING:
    from .storage import CorpusStore

NO_DATABASE = "regionmap db: no database: give --database postgresql://… or set REGIONMAP_DATABASE_URL"
DB_HELP = "a postgresql:// URL (default: $REGIONMAP_DATABASE_URL)"


class _Refused(Exception):
    """A one-line message and an exit status."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 300 else text[:299] + "…"


def _db_errors() -> tuple[type[BaseException], ...]:
    """What a database command reports in one line: the store's messages and the driver's errors."""
    from .ingest import IngestError

    errors: list[type[BaseException]] = [IngestError, OSError]
    try:
        import psycopg

        errors.append(psycopg.Error)
    except ImportError:
        pass
    return tuple(errors)


def _url(args: argparse.Namespace) -> str:
    from .storage import database_url, redact

    url = database_url(args.database)
    if not url:
        raise _Refused(NO_DATABASE, 2)
    if not url.startswith(("postgresql://", "postgres://")):
        raise _Refused(
            f"regionmap db: {redact(url)} is not a PostgreSQL URL (postgresql://user@host/dbname)", 2
        )
    return url


def _run(args: argparse.Namespace, what: str, fn: Any) -> int:
    """Run ``fn()``; a refusal, a store message or a driver error is one line on stderr."""
    try:
        return int(fn())
    except BrokenPipeError:
        # the reader went away (`regionmap near … | head`): stop quietly, as Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except _Refused as exc:
        print(str(exc), file=sys.stderr)
        return exc.code
    except _db_errors() as exc:
        print(f"regionmap {what}: {_one_line(exc)}", file=sys.stderr)
        return 1


def _numbers(values: Any) -> str:
    return ", ".join(map(str, values)) if values else "none"


# --------------------------------------------------------------------------- db init | upgrade | status


def cmd_db_schema(args: argparse.Namespace) -> int:
    """``db init`` and ``db upgrade``: apply the pending migrations, say which."""

    def go() -> int:
        url = _url(args)  # before the import: no database, no driver needed
        from . import pg_schema
        from .storage import redact

        applied = (pg_schema.init if args.db_command == "init" else pg_schema.upgrade)(url)
        if applied:
            print(f"applied migration(s) {_numbers(applied)} to {redact(url)}")
        else:
            print(f"{redact(url)}: the schema is up to date, nothing to apply")
        return 0

    return _run(args, f"db {args.db_command}", go)


def status_lines(status: dict[str, Any]) -> list[str]:
    """``pg_schema.status`` as lines: ``applied migrations: 1, 2``, ``pending migrations: none``, counts."""
    out = []
    for key, value in status.items():
        label = key.replace("_", " ")
        if key in ("applied", "pending"):
            label += " migrations"
        if isinstance(value, dict):
            out += [f"{k}: {v}" for k, v in value.items()]
        elif isinstance(value, (list, tuple, set)):
            out.append(f"{label}: {_numbers(value)}")
        else:
            out.append(f"{label}: {value}")
    return out


def cmd_db_status(args: argparse.Namespace) -> int:
    def go() -> int:
        url = _url(args)
        from . import pg_schema

        print("\n".join(status_lines(pg_schema.status(url))))
        return 0

    return _run(args, "db status", go)


def cmd_db_import_curated(args: argparse.Namespace) -> int:
    def go() -> int:
        url = _url(args)
        from .store_pg import import_curated

        t0 = time.perf_counter()
        counts = import_curated(url, args.data)
        secs = time.perf_counter() - t0
        shown = ", ".join(f"{v} {k}" for k, v in counts.items()) or "nothing"
        print(f"imported {shown} from {args.data} in {secs:.1f} s")
        return 0

    return _run(args, "db import-curated", go)


# --------------------------------------------------------------------------- db export-files | import-files


def _close(*stores: Any) -> None:
    """Close the stores that hold connections (a database's pool); files have nothing to close."""
    for store in stores:
        close = getattr(store, "close", None)
        if callable(close):
            close()


def _copy(source: CorpusStore, target: CorpusStore) -> int:
    from .store_copy import copy_corpus

    try:
        report = copy_corpus(source, target, progress=sys.stderr.isatty())
    finally:
        _close(source, target)
    for line in report.skipped:
        print(f"skipped {line}", file=sys.stderr)
    for line in report.errors:
        print(line, file=sys.stderr)
    print(report.summary())
    return 1 if report.errors else 0


def cmd_db_export_files(args: argparse.Namespace) -> int:
    def go() -> int:
        url = _url(args)
        from .store import UserStore
        from .store_pg import PgStore

        try:
            target = UserStore(args.dir)
        except ValueError as exc:  # the curated data folder
            raise _Refused(f"regionmap db export-files: {exc}", 2) from None
        return _copy(PgStore(url), target)

    return _run(args, "db export-files", go)


def cmd_db_import_files(args: argparse.Namespace) -> int:
    def go() -> int:
        url = _url(args)
        from .store import UserStore
        from .store_pg import PgStore

        if not (args.dir / "articles").is_dir():
            raise _Refused(f"regionmap db import-files: {args.dir} holds no saved articles (no articles/)", 2)
        return _copy(UserStore(args.dir), PgStore(url))

    return _run(args, "db import-files", go)


# --------------------------------------------------------------------------- ingest


def cmd_ingest(args: argparse.Namespace) -> int:
    from .bulk import ingest_folder
    from .storage import open_store
    from .store import default_user_dir

    if not args.folder.is_dir():
        print(f"regionmap ingest: {args.folder} is not a folder", file=sys.stderr)
        return 2
    if args.workers < 1:
        print("regionmap ingest: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.date is not None:
        import datetime as dt

        try:
            dt.date.fromisoformat(args.date)
        except ValueError:
            print(f"regionmap ingest: --date {args.date!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2

    def go() -> int:
        store = open_store(args.database, args.userdata or default_user_dir(), args.data)
        try:
            report = ingest_folder(args.folder, store, args.data, workers=args.workers, publisher=args.publisher,
                                   date=args.date, progress=not args.quiet and sys.stderr.isatty())  # fmt: skip
        finally:
            _close(store)
        for path, message in report.errors:
            print(f"{path}: {message}", file=sys.stderr)
        print(report.summary())
        return 1 if report.errors else 0

    return _run(args, "ingest", go)


# --------------------------------------------------------------------------- near: passages around a place


def _place_id(name: str, data: Path) -> str:
    """A feature id as given, else the place the linker reads in ``name`` ("Termez" → its GeoNames id)."""
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*[a-z0-9]", name):
        return name
    from .linker_cache import load_linker

    found = [m for m in load_linker(data).link(name) if m.feature_id]
    if not found:
        raise _Refused(f"regionmap near: no place called {name!r} in the gazetteer", 2)
    return str(found[0].feature_id)


def cmd_near(args: argparse.Namespace) -> int:
    """``near PLACE --km N``: every linked passage within N km of a place, nearest first, as JSON lines."""

    def go() -> int:
        import datetime as dt

        from .storage import open_store

        try:
            start = dt.date.fromisoformat(args.date_from) if args.date_from else None
            end = dt.date.fromisoformat(args.date_to) if args.date_to else None
        except ValueError as exc:
            raise _Refused(f"regionmap near: {exc} (dates are YYYY-MM-DD)", 2) from None
        if not args.km > 0:
            raise _Refused("regionmap near: --km must be a positive distance", 2)
        fid = _place_id(args.place, args.data)
        store = open_store(args.database, args.userdata, args.data)
        for p in store.passages_within(fid, args.km, start, end):
            row = {"article": p.article, "feature": p.feature, "quote": p.quote, "start": p.start, "end": p.end,
                   "published": p.published.isoformat(), "distance_km": round(p.distance_km, 2)}  # fmt: skip
            print(json.dumps(row, ensure_ascii=False))
        return 0

    return _run(args, "near", go)


def add_parsers(sub: argparse._SubParsersAction) -> None:
    """Add ``db init|upgrade|status|import-curated|export-files|import-files`` and ``ingest``."""
    from .bulk import DEFAULT_PUBLISHER, default_workers

    db = sub.add_parser("db", help="the PostgreSQL store: schema, curated data, copies to and from files")
    dbs = db.add_subparsers(dest="db_command", required=True)
    for name, helptext in (("init", "create the schema (idempotent)"),
                           ("upgrade", "apply the migrations not applied yet")):  # fmt: skip
        p = dbs.add_parser(name, help=helptext)
        p.add_argument("--database", default=None, help=DB_HELP)
        p.set_defaults(func=cmd_db_schema)
    p = dbs.add_parser("status", help="applied and pending migrations, and row counts, one per line")
    p.add_argument("--database", default=None, help=DB_HELP)
    p.set_defaults(func=cmd_db_status)
    p = dbs.add_parser(
        "import-curated", help="load the curated data (features, geometry, articles) into the database"
    )
    p.add_argument("--data", type=Path, default=default_data_dir())
    p.add_argument("--database", default=None, help=DB_HELP)
    p.set_defaults(func=cmd_db_import_curated)
    for name, func, helptext in (
        ("export-files", cmd_db_export_files, "copy the database's saved articles, events and actors into a file store DIR"),
        ("import-files", cmd_db_import_files, "copy a file store DIR's saved articles, events and actors into the database"),
    ):  # fmt: skip
        p = dbs.add_parser(name, help=helptext)
        p.add_argument("dir", type=Path, metavar="DIR")
        p.add_argument("--database", default=None, help=DB_HELP)
        p.set_defaults(func=func)

    ing = sub.add_parser(
        "ingest",
        help="link and save every .txt/.md/.markdown/.html/.htm file of a folder (recursively)",
        description="Link and save every article file under DIR, in file order. The title is the file's first "
        "non-empty line unless a sidecar <file>.json gives {title, publisher, date, author, url}. A file whose "
        "title or text is saved already is counted as already saved, so running it again adds nothing.",
    )
    ing.add_argument("folder", type=Path, metavar="DIR")
    ing.add_argument("--workers", type=int, default=default_workers(),
                     help=f"linking processes (default: {default_workers()})")  # fmt: skip
    ing.add_argument("--publisher", default=None,
                     help=f'for files without a sidecar <file>.json naming one (default: "{DEFAULT_PUBLISHER}")')  # fmt: skip
    ing.add_argument("--date", default=None,
                     help="publication date YYYY-MM-DD for files without a sidecar date (default: the file's "
                          "modification date)")  # fmt: skip
    ing.add_argument("--database", default=None,
                     help="a postgresql:// URL: save there instead of the user data folder "
                          "(default: $REGIONMAP_DATABASE_URL)")  # fmt: skip
    ing.add_argument("--userdata", type=Path, default=None,
                     help="the file store (default: $REGIONMAP_USERDATA or ./userdata)")  # fmt: skip
    ing.add_argument("--data", type=Path, default=default_data_dir())
    ing.add_argument("--quiet", action="store_true", help="no progress bar")
    ing.set_defaults(func=cmd_ingest)

    near = sub.add_parser(
        "near", help="every linked passage within N km of a place, nearest first, as JSON lines"
    )
    near.add_argument("place", help='a feature id (place-dushanbe) or a place name ("Termez")')
    near.add_argument("--km", type=float, required=True)
    near.add_argument("--from", dest="date_from", metavar="YYYY-MM-DD", help="articles published on or after")
    near.add_argument("--to", dest="date_to", metavar="YYYY-MM-DD", help="articles published on or before")
    near.add_argument("--database", default=None, help=DB_HELP)
    near.add_argument(
        "--userdata", type=Path, default=None, help="the file store (default: $REGIONMAP_USERDATA)"
    )
    near.add_argument("--data", type=Path, default=default_data_dir())
    near.set_defaults(func=cmd_near)
