"""The PostgreSQL schema: numbered SQL migrations shipped with the package, applied once each."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from importlib import resources
from typing import Any

from .ingest import IngestError
from .storage import redact

# any constant shared by every regionmap server: the migrations of one database run one at a time
LOCK_KEY = 0x7265676D6170  # "regmap"
CONNECT_TIMEOUT = 10
_NAME = re.compile(r"^(\d+)_[\w-]+\.sql$")
_TRACKING = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"""


def migrations() -> dict[int, str]:
    """The shipped migrations, ``{version: SQL}`` in version order (from ``regionmap/sql/NNN_*.sql``)."""
    out = {}
    for entry in resources.files("regionmap").joinpath("sql").iterdir():
        if m := _NAME.match(entry.name):
            out[int(m.group(1))] = entry.read_text(encoding="utf-8")
    return dict(sorted(out.items()))


def where(url: str) -> str:
    """The URL as messages name it: without password or query (``postgresql://user@host/db``)."""
    return redact(url).split("?", 1)[0]


@contextlib.contextmanager
def connect(url: str, **kwargs: Any) -> Iterator[Any]:
    """A psycopg connection, or :class:`IngestError` in one line when the server cannot be reached."""
    try:
        import psycopg
    except ImportError:
        raise IngestError(
            "PostgreSQL needs psycopg: pip install 'regionmap[db]' (psycopg[binary], psycopg-pool)"
        ) from None
    try:
        conn = psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, **kwargs)
    except psycopg.Error as exc:
        raise IngestError(
            f"cannot connect to {where(url)}: {first_line(exc)}; is the server running?"
        ) from None
    with conn:
        yield conn


def first_line(exc: BaseException) -> str:
    """The first non-empty line of an error's message (libpq's are several lines long)."""
    lines = [s.strip() for s in str(exc).splitlines() if s.strip()]
    return lines[0] if lines else type(exc).__name__


def applied(conn: Any) -> list[int] | None:
    """Versions applied to the connected database, or None when it has no regionmap schema."""
    row = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not row[0]:
        return None
    return [v for (v,) in conn.execute("SELECT version FROM schema_migrations ORDER BY version")]


def no_schema(url: str) -> IngestError:
    """The error for a database that was never initialised."""
    return IngestError(f"{where(url)} has no regionmap schema: run 'regionmap db init'")


def _apply(url: str, require_schema: bool) -> list[int]:
    done: list[int] = []
    with connect(url, autocommit=True) as conn:
        if require_schema and applied(conn) is None:
            raise no_schema(url)
        for version, sql in migrations().items():
            # one transaction per migration, under a lock: a second server upgrading at the same
            # time waits, then sees the version recorded and skips it
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
                conn.execute(_TRACKING)
                if conn.execute("SELECT 1 FROM schema_migrations WHERE version = %s", (version,)).fetchone():
                    continue
                import psycopg

                try:
                    conn.execute(sql.encode("utf-8"))  # bytes: several statements, no parameters
                except psycopg.Error as exc:
                    raise IngestError(
                        f"migration {version} failed on {where(url)}: {first_line(exc)}"
                    ) from None
                conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
            done.append(version)
    return done


def init(url: str) -> list[int]:
    """Create the schema (and the postgis extension) in an existing database; idempotent.

    Parameters
    ----------
    url
        A ``postgresql://`` URL.

    Returns
    -------
    list of int
        The migrations applied now (empty when the schema was already up to date).

    Raises
    ------
    IngestError
        If the server cannot be reached or a migration fails (which then leaves no trace).
    """
    return _apply(url, require_schema=False)


def upgrade(url: str) -> list[int]:
    """Apply the migrations a database initialised by an older regionmap lacks.

    Returns
    -------
    list of int
        The migrations applied now.

    Raises
    ------
    IngestError
        If the server cannot be reached or the database has no regionmap schema.
    """
    return _apply(url, require_schema=True)


def status(url: str) -> dict[str, Any]:
    """What a database holds: applied and pending migrations, row counts, the PostGIS version.

    Returns
    -------
    dict
        ``{"applied": [...], "pending": [...], "counts": {"articles": n, ...}, "postgis_version": str}``.

    Raises
    ------
    IngestError
        If the server cannot be reached or the database has no regionmap schema.
    """
    with connect(url, autocommit=True) as conn:
        done = applied(conn)
        if done is None:
            raise no_schema(url)
        tables = {"articles": "articles", "links": "links", "events": "events", "places": "places",
                  "curated articles": "curated_articles", "curated links": "curated_links"}  # fmt: skip
        counts = {
            label: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for label, t in tables.items()
        }
        postgis = conn.execute("SELECT postgis_lib_version()").fetchone()[0]
    return {
        "applied": done,
        "pending": [v for v in migrations() if v not in done],
        "counts": counts,
        "postgis_version": postgis,
    }
