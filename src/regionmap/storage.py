"""One storage interface for the saved corpus: the file store by default, PostgreSQL/PostGIS for a team."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .ingest import ArticleInput

DATABASE_ENV = "REGIONMAP_DATABASE_URL"


@dataclasses.dataclass(frozen=True)
class ArticleRecord:
    """A saved article as the store holds it: unchecked, so the reader can name what is wrong.

    ``meta`` is the metadata as JSON (:class:`regionmap.model.ArticleMeta`), ``text`` the verbatim
    UTF-8 bytes (None when missing), ``links`` the link record ``{"article", "links", "review"}``
    (None when there is none) and ``where`` names the record in messages (a path or a table row).
    """

    id: str
    meta: Any
    text: bytes | None
    links: Any
    where: str
    text_size: int | None = None
    """The text's size in bytes when ``text`` was cut at the size limit (so the message can say it)."""


@dataclasses.dataclass(frozen=True)
class Passage:
    """A linked span of an article, answered by a spatial question, with its distance in km."""

    article: str
    feature: str
    start: int
    end: int
    quote: str
    published: dt.date
    distance_km: float


@runtime_checkable
class CorpusStore(Protocol):
    """What every store of saved articles offers; the app, the CLI, exports and evaluation use only this.

    Writes are atomic (a reader sees an article with all its links or not at all) and every
    write changes :meth:`version`. Records are checked by whoever links and saves them
    (:func:`regionmap.store.check_link_list`, :class:`regionmap.events.EventRecord`); reading
    returns them as stored so the loader can report what is unsound.
    """

    location: str
    """Where the corpus lives, for messages (a folder, or a database URL without its password)."""

    def version(self) -> str:
        """A cheap value that changes on every write: the cache key of everything read from the store."""
        ...

    def article_ids(self) -> list[str]:
        """Ids of the published articles, sorted."""
        ...

    def titles(self) -> list[str]:
        """Titles of the published articles, in id order."""
        ...

    def articles(self) -> Iterator[ArticleRecord]:
        """Every published article with its links, in id order."""
        ...

    def article(self, article_id: str) -> ArticleRecord:
        """One article; raises :class:`regionmap.ingest.IngestError` if it is not saved."""
        ...

    def save(
        self,
        inp: ArticleInput,
        text: str,
        links: list[dict[str, Any]],
        existing_titles: Iterable[str] = (),
        *,
        review: list[dict[str, Any]] | None = None,
    ) -> str:
        """Save an article with its links in one transaction; returns its id (title unique per corpus)."""
        ...

    def update_links(
        self, article_id: str, links: list[dict[str, Any]], review: list[dict[str, Any]] | None = None
    ) -> None:
        """Replace an article's links (and its undecided mentions unless ``review`` is None)."""
        ...

    def decide(self, article_id: str, decisions: dict[tuple[int, int], str | None]) -> None:
        """Settle undecided mentions by span: feature id, or None for "not a place"."""
        ...

    def decide_by_name(self, article_id: str, decisions: dict[str, str | None]) -> int:
        """Settle every undecided mention of a name; returns how many mentions were settled."""
        ...

    def event_files(self) -> Iterator[tuple[str, Any]]:
        """``(where, events record)`` per article with events, as :class:`regionmap.events.EventFile` JSON."""
        ...

    def read_events(self, article_id: str) -> dict[str, Any]:
        """An article's events record (empty lists when it has none)."""
        ...

    def save_events(self, article_id: str, events: list[dict[str, Any]]) -> None:
        """Replace an article's accepted events, keeping its roles, actor links and review lists."""
        ...

    def actor_file(self) -> tuple[str, Any] | None:
        """``(where, actors record)`` of the users' own actors, or None."""
        ...

    def save_actors(self, record: dict[str, Any]) -> None:
        """Replace the users' own actors record (``actors.json``'s content), checked as :class:`ActorFile`."""
        ...

    def import_article(self, meta: dict[str, Any], text: str, links: dict[str, Any] | None) -> str:
        """Store an article exactly as another store held it (id, metadata, links and review kept).

        For moving a corpus between stores; the metadata is checked as
        :class:`regionmap.model.ArticleMeta`, its sha256 against the text, the links against the
        text. Refuses an id or a title the store has already.
        """
        ...

    def leftovers(self) -> list[str]:
        """What interrupted saves left behind (nothing for a transactional store)."""
        ...

    def recover(self) -> list[str]:
        """Remove :meth:`leftovers`; returns what went."""
        ...

    def articles_between(self, start: dt.date, end: dt.date) -> list[str]:
        """Ids of the saved articles published from ``start`` to ``end`` inclusive, sorted."""
        ...

    def features_at(self, lon: float, lat: float) -> list[str]:
        """Ids of the places whose geometry contains or touches the point, sorted."""
        ...

    def passages_within(
        self, feature_id: str, km: float, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[Passage]:
        """Linked passages of every article (curated and saved) within ``km`` of a place.

        Distances are geodesic (WGS 84) between the geometries; ``start``/``end`` bound the
        article's publication date. Sorted by distance, then article and offset.
        """
        ...


def database_url(explicit: str | None = None) -> str | None:
    """The database URL given on the command line, else ``$REGIONMAP_DATABASE_URL``, else None."""
    url = explicit or os.environ.get(DATABASE_ENV) or None
    return url.strip() if url else None


def redact(url: str) -> str:
    """The URL without its password, fit for a message."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def open_store(
    database: str | None = None, user_dir: Path | str | None = None, data_dir: Path | str | None = None
) -> CorpusStore:
    """The store the configuration names: PostgreSQL when a database URL is given or set, else files.

    Parameters
    ----------
    database
        A ``postgresql://`` URL (``--database``); default ``$REGIONMAP_DATABASE_URL``.
    user_dir
        The file store's folder; default :func:`regionmap.store.default_user_dir`.
    data_dir
        The curated data, which the file store's spatial questions also cover.

    Raises
    ------
    regionmap.ingest.IngestError
        If the URL is not a PostgreSQL URL, or the database cannot be reached or has no schema
        (one line saying so and what to run).
    """
    from .ingest import IngestError

    url = database_url(database)
    if url:
        if not url.startswith(("postgresql://", "postgres://")):
            raise IngestError(f"{redact(url)} is not a PostgreSQL URL (postgresql://user@host/dbname)")
        from .store_pg import PgStore

        return PgStore(url)
    from .store import UserStore, default_user_dir

    return UserStore(user_dir or default_user_dir(), data_dir=data_dir)
