"""The PostgreSQL/PostGIS store: one database a team shares, every write one transaction."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import pg_schema
from .ingest import IngestError, article_id
from .storage import ArticleRecord, Passage
from .store import NOTE
from .store_checks import (
    article_meta,
    check_article_id,
    check_import,
    checked_events,
    checked_save,
    decided,
    short,
    spans_of_names,
    title_key,
)

if TYPE_CHECKING:
    from .ingest import ArticleInput

__all__ = ["PgStore", "import_curated"]

POOL_MAX = 4
_BUMP = """UPDATE store_version
    SET token = greatest(token + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)"""
_LINK_COLUMNS = 'article, position, feature, kind, quote, start, "end"'
_USER = "origin = 'user'"


def _json(value: Any) -> Any:
    from psycopg.types.json import Jsonb

    return Jsonb(value)


def _meta_order(meta: dict[str, Any]) -> dict[str, Any]:
    # jsonb keeps no key order: give the metadata back in the model's order, as the file store writes it
    from .model import ArticleMeta

    order = [k for k in ArticleMeta.model_fields if k in meta]
    return {**{k: meta[k] for k in order}, **meta}


class PgStore:
    """Saved articles, links, events and actors in a PostgreSQL database with the regionmap schema.

    Implements :class:`~regionmap.storage.CorpusStore`. Titles are unique through a UNIQUE
    constraint on their :func:`~regionmap.store_checks.title_key`; every write bumps
    ``store_version`` in its own transaction, so :meth:`version` is one tiny SELECT. Spatial
    questions run in PostGIS over the places :func:`import_curated` loaded.

    Parameters
    ----------
    url
        A ``postgresql://`` URL of a database that ``regionmap db init`` prepared.

    Raises
    ------
    IngestError
        If the server cannot be reached or the database has no regionmap schema.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = pg_schema.where(url)
        with pg_schema.connect(url, autocommit=True) as conn:
            if pg_schema.applied(conn) is None:
                raise pg_schema.no_schema(url)
        self._pool: Any = None
        self._pool_lock = threading.Lock()

    # ------------------------------------------------------------------ connections

    @contextlib.contextmanager
    def _conn(self) -> Iterator[Any]:
        import psycopg
        from psycopg_pool import ConnectionPool, PoolTimeout

        with self._pool_lock:
            if self._pool is None:  # opened on first use: a store made and never read costs no connections
                self._pool = ConnectionPool(self.url, min_size=1, max_size=POOL_MAX, open=True,
                                            kwargs={"autocommit": True}, name="regionmap")  # fmt: skip
        try:
            with self._pool.connection() as conn:
                yield conn
        except PoolTimeout as exc:
            raise IngestError(f"cannot connect to {self.location}: {exc}; is the server running?") from None
        except psycopg.OperationalError as exc:
            raise IngestError(f"{self.location}: {pg_schema.first_line(exc)}") from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[Any]:
        # the version row's lock serialises writers; taken first, so a free id stays free until commit
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute(_BUMP)
            yield cur

    def close(self) -> None:
        """Close the connection pool (a later call opens a new one)."""
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()
                self._pool = None

    def _where(self, table: str, key: str) -> str:
        return f"{self.location} {table}/{key}"

    # ------------------------------------------------------------------ reading

    def version(self) -> str:
        """The write counter of the database: changes on every write, one tiny SELECT."""
        with self._conn() as conn:
            return f"pg:{conn.execute('SELECT token FROM store_version').fetchone()[0]}"

    def article_ids(self) -> list[str]:
        with self._conn() as conn:
            return [r[0] for r in conn.execute(f"SELECT id FROM articles WHERE {_USER} ORDER BY id")]

    def titles(self) -> list[str]:
        with self._conn() as conn:
            return [r[0] for r in conn.execute(f"SELECT title FROM articles WHERE {_USER} ORDER BY id")]

    def _record(
        self, aid: str, meta: Any, text: str, review: Any, links: list[dict[str, Any]]
    ) -> ArticleRecord:
        record: dict[str, Any] = {"article": aid, "links": links}
        if review:
            record["review"] = review
        return ArticleRecord(
            aid, _meta_order(meta), text.encode("utf-8"), record, self._where("articles", aid)
        )

    def articles(self) -> Iterator[ArticleRecord]:
        """Every saved article with its links: two streamed queries in one snapshot, merged by id."""
        with self._conn() as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            arts = conn.cursor(name="regionmap_articles")
            links = conn.cursor(name="regionmap_links")
            arts.itersize = links.itersize = 500
            arts.execute(f"SELECT a.id, a.meta, a.text, r.review FROM articles a "
                         f"LEFT JOIN reviews r ON r.article = a.id WHERE {_USER} ORDER BY a.id")  # fmt: skip
            links.execute(f"SELECT l.article, l.feature, l.kind, l.quote, l.start, l.\"end\" FROM links l "
                          f"JOIN articles a ON a.id = l.article WHERE {_USER} ORDER BY l.article, l.position")  # fmt: skip
            pending = next(links, None)
            for aid, meta, text, review in arts:
                own = []
                while pending is not None and pending[0] == aid:
                    _, feature, kind, quote, start, end = pending
                    own.append({"feature": feature, "kind": kind, "quote": quote, "start": start, "end": end})
                    pending = next(links, None)
                yield self._record(aid, meta, text, review, own)

    def _links_of(self, cur: Any, aid: str) -> list[dict[str, Any]]:
        cur.execute('SELECT feature, kind, quote, start, "end" FROM links WHERE article = %s ORDER BY position',
                    (aid,))  # fmt: skip
        return [
            {"feature": f, "kind": k, "quote": q, "start": s, "end": e} for f, k, q, s, e in cur.fetchall()
        ]

    def _row(self, cur: Any, aid: str, lock: bool = False) -> tuple[Any, str, Any]:
        check_article_id(aid)
        cur.execute(f"SELECT a.meta, a.text, r.review FROM articles a LEFT JOIN reviews r ON r.article = a.id "
                    f"WHERE a.id = %s AND {_USER}" + (" FOR UPDATE OF a" if lock else ""), (aid,))  # fmt: skip
        row = cur.fetchone()
        if row is None:
            raise IngestError(f"there is no saved article {aid!r}")
        return row

    def article(self, article_id: str) -> ArticleRecord:
        with self._conn() as conn, conn.transaction(), conn.cursor() as cur:
            meta, text, review = self._row(cur, article_id)
            return self._record(article_id, meta, text, review, self._links_of(cur, article_id))

    def leftovers(self) -> list[str]:
        """Nothing: a transaction that did not commit leaves nothing behind."""
        return []

    def recover(self) -> list[str]:
        """Nothing to remove (see :meth:`leftovers`)."""
        return []

    # ------------------------------------------------------------------ writing

    def _put_links(self, cur: Any, aid: str, links: list[dict[str, Any]], review: Any) -> None:
        cur.execute("DELETE FROM links WHERE article = %s", (aid,))
        with cur.copy(f"COPY links ({_LINK_COLUMNS}) FROM STDIN") as copy:
            for i, lk in enumerate(links):
                copy.write_row((aid, i, lk["feature"], lk["kind"], lk["quote"], lk["start"], lk["end"]))
        if review:
            cur.execute("INSERT INTO reviews VALUES (%s, %s) ON CONFLICT (article) DO UPDATE SET review = "
                        "excluded.review", (aid, _json(list(review))))  # fmt: skip
        else:
            cur.execute("DELETE FROM reviews WHERE article = %s", (aid,))

    def _insert(self, cur: Any, meta: Any, text: str, record: dict[str, Any]) -> None:
        import psycopg

        m = meta.model_dump(mode="json")
        try:
            with cur.connection.transaction():  # a savepoint: the caller may try another id
                cur.execute("INSERT INTO articles (id, title, title_key, published, meta, text) "
                            "VALUES (%s, %s, %s, %s, %s, %s)",
                            (meta.id, meta.title, title_key(meta.title), meta.published, _json(m), text))  # fmt: skip
        except psycopg.errors.UniqueViolation as exc:
            if exc.diag.constraint_name == "articles_title_key_key":
                raise IngestError(f"an article titled {short(meta.title, 80)} already exists") from None
            raise
        except psycopg.DataError as exc:  # e.g. a NUL character, which PostgreSQL text cannot hold
            raise IngestError(f"the article cannot be stored: {pg_schema.first_line(exc)}") from None
        self._put_links(cur, meta.id, record["links"], record.get("review"))

    def save(
        self,
        inp: ArticleInput,
        text: str,
        links: list[dict[str, Any]],
        existing_titles: Iterable[str] = (),
        *,
        review: list[dict[str, Any]] | None = None,
    ) -> str:
        """Save an article with its links in one transaction; see :meth:`regionmap.store.UserStore.save`.

        Returns
        -------
        str
            The new article's id (suffixed ``-2``, ``-3``... if another article has its id).

        Raises
        ------
        IngestError
            If the title is taken (here or in ``existing_titles``) or the text or a link is bad.
        """
        _, record = checked_save(text, links, review)
        key = title_key(inp.title)
        if key in {title_key(t) for t in existing_titles if isinstance(t, str)}:
            raise IngestError(f"an article titled {short(inp.title, 80)} already exists")
        base = article_id(inp.title, text)
        with self._write() as cur:
            cur.execute(
                "SELECT id FROM articles WHERE id = %s OR id LIKE %s", (base, base.replace("_", r"\_") + "-%")
            )
            taken = {r[0] for r in cur.fetchall()}
            aid, n = base, 1
            while aid in taken:  # as the file store's _free_id: keep both rather than overwrite
                n += 1
                aid = f"{base}-{n}"
            meta = article_meta(inp, aid, text, NOTE)
            self._insert(cur, meta, text, record)
            return aid

    def update_links(
        self, article_id: str, links: list[dict[str, Any]], review: list[dict[str, Any]] | None = None
    ) -> None:
        """Replace an article's links (and its undecided mentions unless ``review`` is None)."""
        with self._write() as cur:
            self._relink(cur, article_id, links, review)

    def _relink(self, cur: Any, aid: str, links: list[dict[str, Any]], review: Any) -> None:
        _, text, stored_review = self._row(cur, aid, lock=True)
        _, record = checked_save(text, links, (stored_review or []) if review is None else review)
        self._put_links(cur, aid, record["links"], record.get("review"))

    def _current(self, cur: Any, aid: str) -> dict[str, Any]:
        _, _, review = self._row(cur, aid, lock=True)  # FOR UPDATE: concurrent decisions queue up
        return {"links": self._links_of(cur, aid), "review": review or []}

    def decide(self, article_id: str, decisions: dict[tuple[int, int], str | None]) -> None:
        """Settle undecided mentions by span, reading the stored links under a row lock."""
        with self._write() as cur:
            links, review = decided(self._current(cur, article_id), decisions)
            self._relink(cur, article_id, links, review)

    def decide_by_name(self, article_id: str, decisions: dict[str, str | None]) -> int:
        """Settle every undecided mention of each name; returns how many were settled."""
        with self._write() as cur:
            current = self._current(cur, article_id)
            spans = spans_of_names(current, decisions)
            links, review = decided(current, spans)
            self._relink(cur, article_id, links, review)
            return len(spans)

    # ------------------------------------------------------------------ events and actors

    def event_files(self) -> Iterator[tuple[str, Any]]:
        with self._conn() as conn:
            rows = conn.execute("SELECT article, record FROM events ORDER BY article").fetchall()
        for aid, record in rows:
            yield self._where("events", aid), record

    def _events_of(self, cur: Any, aid: str) -> dict[str, Any] | None:
        from pydantic import ValidationError

        from .events import EventFile

        cur.execute("SELECT record FROM events WHERE article = %s", (aid,))
        row = cur.fetchone()
        if row is None:
            return None
        try:
            EventFile.model_validate(row[0])
        except ValidationError as exc:
            raise IngestError(f"the events of {aid} are not sound: {exc.errors()[0]['msg']}") from None
        return dict(row[0])

    def read_events(self, article_id: str) -> dict[str, Any]:
        """An article's events record (empty lists when it has none)."""
        check_article_id(article_id)
        with self._conn() as conn, conn.cursor() as cur:
            return self._events_of(cur, article_id) or {"article": article_id, "events": []}

    def save_events(self, article_id: str, events: list[dict[str, Any]]) -> None:
        """Replace an article's accepted events, keeping its roles, actor links and review lists."""
        from .events import EventFile

        events = list(events)
        with self._write() as cur:
            meta, text, _ = self._row(cur, article_id, lock=True)
            checked_events(article_id, events, text, meta.get("published"))
            old = self._events_of(cur, article_id) or {}
            data = {**old, "article": article_id, "events": events}
            EventFile.model_validate(data)
            cur.execute("INSERT INTO events VALUES (%s, %s) ON CONFLICT (article) DO UPDATE SET record = "
                        "excluded.record", (article_id, _json(data)))  # fmt: skip

    def actor_file(self) -> tuple[str, Any] | None:
        with self._conn() as conn:
            row = conn.execute("SELECT record FROM actors WHERE id = 1").fetchone()
        return None if row is None else (f"{self.location} actors", row[0])

    def save_actors(self, record: dict[str, Any]) -> None:
        from pydantic import ValidationError

        from .events import ActorFile

        try:
            ActorFile.model_validate(record)
        except ValidationError as exc:
            raise IngestError(f"the actors record is not sound: {exc.errors()[0]['msg']}") from None
        with self._write() as cur:
            cur.execute("INSERT INTO actors VALUES (1, %s) ON CONFLICT (id) DO UPDATE SET record = excluded.record",
                        (_json(record),))  # fmt: skip

    def import_article(self, meta: dict[str, Any], text: str, links: dict[str, Any] | None) -> str:
        """Store an article exactly as another store held it; refuses an id or a title already here."""
        import psycopg

        rec = check_import(meta, text, links)
        try:
            with self._write() as cur:
                self._insert(cur, rec.meta, text, rec.links)
        except psycopg.errors.UniqueViolation:
            raise IngestError(f"there is an article {rec.meta.id!r} already") from None
        return str(rec.meta.id)

    # ------------------------------------------------------------------ questions of time and place

    def articles_between(self, start: dt.date, end: dt.date) -> list[str]:
        with self._conn() as conn:
            rows = conn.execute(f"SELECT id FROM articles WHERE {_USER} AND published BETWEEN %s AND %s "
                                "ORDER BY id", (start, end))  # fmt: skip
            return [r[0] for r in rows]

    def features_at(self, lon: float, lat: float) -> list[str]:
        """Places of the corpus at the point: curated features and gazetteer places a saved article links."""
        with self._conn() as conn:
            rows = conn.execute("SELECT p.id FROM places p WHERE ST_Intersects(p.geom, ST_SetSRID("
                                "ST_Point(%s, %s), 4326)) AND (p.curated OR EXISTS (SELECT 1 FROM links l "
                                "WHERE l.feature = p.id)) ORDER BY p.id", (float(lon), float(lat)))  # fmt: skip
            return [r[0] for r in rows]

    def passages_within(
        self, feature_id: str, km: float, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[Passage]:
        """Links of curated and saved articles to places within ``km`` (geodesic) of a place.

        Raises
        ------
        IngestError
            If there is no place ``feature_id`` (run ``regionmap db import-curated``).
        """
        from .spatial import PASSAGES_SQL

        with self._conn() as conn:
            if conn.execute("SELECT 1 FROM places WHERE id = %s", (feature_id,)).fetchone() is None:
                raise IngestError(f"there is no place {feature_id!r} in {self.location}")
            rows = conn.execute(PASSAGES_SQL, {"f": feature_id, "m": float(km) * 1000, "s": start, "e": end})
            return [Passage(*r) for r in rows]


def import_curated(url_or_store: str | PgStore, data_dir: Path | str) -> dict[str, int]:
    """Load the curated data into the database: places, articles and links; replaces an earlier import.

    Parameters
    ----------
    url_or_store
        The database URL, or a :class:`PgStore`.
    data_dir
        The curated data directory (``data/``).

    Returns
    -------
    dict
        How many curated features, gazetteer places, curated articles and links were imported.
    """
    from .spatial import curated_rows

    store = url_or_store if isinstance(url_or_store, PgStore) else PgStore(url_or_store)
    places, articles, links = curated_rows(data_dir)
    with store._write() as cur:
        cur.execute("DELETE FROM curated_links; DELETE FROM curated_articles; DELETE FROM places")
        with cur.copy("COPY places (id, name, layer, curated, geom) FROM STDIN") as copy:
            for row in places:
                copy.write_row(row)
        with cur.copy("COPY curated_articles (id, title, published) FROM STDIN") as copy:
            for row in articles:
                copy.write_row(row)
        with cur.copy(f"COPY curated_links ({_LINK_COLUMNS}) FROM STDIN") as copy:
            for row in links:
                copy.write_row(row)
    if store is not url_or_store:
        store.close()
    n_curated = sum(1 for p in places if p[3])
    return {"features": n_curated, "gazetteer places": len(places) - n_curated, "articles": len(articles),
            "links": len(links)}  # fmt: skip
