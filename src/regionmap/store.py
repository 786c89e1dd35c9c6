"""The file store: the user's own articles, links and events in a folder laid out like ``data/``."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import filelock

from . import safejson
from .fsio import fsync_dir, json_bytes, write_atomic
from .ingest import IngestError, article_id
from .limits import MAX_TEXT_BYTES, USER_JSON_BYTES
from .paths import PROJECT_ROOT, default_data_dir
from .storage import ArticleRecord
from .store_checks import (
    article_meta,
    check_article_id,
    check_link_list,
    checked_save,
    decided,
    mention_link,
    short,
    spans_of_names,
    title_key,
)
from .store_records import FileRecords

if TYPE_CHECKING:
    from .ingest import ArticleInput

__all__ = ["FileStore", "UserStore", "check_link_list", "default_user_dir", "mention_link", "title_key",
           "write_atomic"]  # fmt: skip

LOCK_TIMEOUT = 10.0
NOTE = "Added by a user through regionmap."
VERSION_FILE = ".version"
_fsync_dir = fsync_dir  # older name, kept for callers outside the package


def default_user_dir() -> Path:
    """``$REGIONMAP_USERDATA`` if set, else ``./userdata`` (ignored by git)."""
    env = os.environ.get("REGIONMAP_USERDATA")
    return Path(env) if env else Path.cwd() / "userdata"


def _read_links(path: Path) -> dict[str, Any]:
    try:
        data = safejson.read(path)
    except (OSError, safejson.JsonError) as exc:
        raise IngestError(f"the links file {path.name} cannot be read ({exc})") from None
    if not isinstance(data, dict):
        raise IngestError(f"the links file {path.name} does not hold an object")
    return data


class UserStore(FileRecords):
    """Articles saved by users, in ``root`` laid out like ``data/`` (``articles/``, ``links/``, ``events/``).

    The embedded default :class:`~regionmap.storage.CorpusStore`. Every change happens under a
    file lock, so several processes may share one root, and bumps ``root/.version``, so
    :meth:`version` costs one small read whatever the corpus size.

    A save writes the text, then the links, then the metadata, each by an atomic rename;
    the metadata's rename publishes the article (readers list articles by their metadata).
    A save killed before that leaves only unpublished files: loaders ignore them and the
    next change to the store removes them (:meth:`recover`).

    Parameters
    ----------
    root
        The user data directory; created on the first save. It may not be the curated ``data/``.
    data_dir
        The curated data, which :meth:`passages_within` and :meth:`features_at` also cover;
        default :func:`regionmap.paths.default_data_dir`.
    """

    def __init__(self, root: Path | str, data_dir: Path | str | None = None) -> None:
        self.root = Path(root)
        curated = [PROJECT_ROOT / "data", default_data_dir()]
        if any(self.root.resolve() == c.resolve() for c in curated):
            raise ValueError(f"{self.root} holds the curated data; user articles go elsewhere")
        self.location = str(self.root)
        self.data_dir = Path(data_dir) if data_dir else default_data_dir()
        self.articles_dir = self.root / "articles"
        self.links_dir = self.root / "links"
        self.events_dir = self.root / "events"
        self._lock: filelock.FileLock | None = None
        self._spatial: Any = None
        self._titles: dict[str, tuple[tuple[int, int], Any]] = {}

    # ------------------------------------------------------------------ locking and version

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.articles_dir.mkdir(parents=True, exist_ok=True)
        self.links_dir.mkdir(parents=True, exist_ok=True)
        # one lock object per store: it counts re-entries, a second object on the same file would wait on us
        self._lock = self._lock or filelock.FileLock(self.root / ".lock", timeout=LOCK_TIMEOUT)
        try:
            with self._lock:
                yield
        except filelock.Timeout:
            raise IngestError(
                f"the user data folder is busy (locked for over {LOCK_TIMEOUT:g} s); try again"
            ) from None

    def _bump(self) -> None:
        # under the lock: a fresh token, so two writers can never leave the same version behind
        write_atomic(self.root / VERSION_FILE, uuid.uuid4().hex.encode("ascii"))

    def version(self) -> str:
        """The token the last write left in ``root/.version``, with the folders' modification times.

        The token changes on every write through the store; the four ``stat`` calls also notice
        a file added, removed or renamed by hand (an editor's save, a copied-in article). O(1).
        """
        try:
            token = (self.root / VERSION_FILE).read_text("ascii").strip() or "0"
        except (OSError, UnicodeDecodeError):
            token = "0"
        stamps = []
        for path in (self.articles_dir, self.links_dir, self.events_dir, self.root / "actors.json"):
            try:
                stamps.append(str(path.stat().st_mtime_ns))
            except OSError:
                stamps.append("-")
        return ".".join([token, *stamps])

    # ------------------------------------------------------------------ reading

    def article_ids(self) -> list[str]:
        """Ids of the saved articles (those whose metadata is written), sorted."""
        return sorted(p.stem for p in self.articles_dir.glob("*.json"))

    def titles(self) -> list[str]:
        """Titles of the saved articles, in id order; unreadable metadata is skipped."""
        # each metadata file is read once and remembered by its size and mtime: a save checks the
        # titles, and re-reading 10,000 files for every save made bulk ingest O(n^2)
        out, seen = [], {}
        for path in sorted(self.articles_dir.glob("*.json")):
            try:
                st_ = path.stat()
            except OSError:
                continue
            stamp = (st_.st_size, st_.st_mtime_ns)
            cached = self._titles.get(path.stem)
            if cached is not None and cached[0] == stamp:
                title = cached[1]
            else:
                try:
                    title = safejson.read(path)["title"]
                except (OSError, safejson.JsonError, KeyError, TypeError):
                    continue
            seen[path.stem] = (stamp, title)
            if isinstance(title, str):
                out.append(title)
        self._titles = seen
        return out

    def _record(self, aid: str) -> ArticleRecord:
        meta_path = self.articles_dir / f"{aid}.json"
        try:
            meta = safejson.read(meta_path)
        except (OSError, safejson.JsonError) as exc:
            meta = exc  # the loader names it
        text: bytes | None = None
        size = None
        try:
            with open(meta_path.with_suffix(".txt"), "rb") as fh:
                # never more than the limit and one byte: an oversized text is named by its size, not read
                size = os.fstat(fh.fileno()).st_size
                text = fh.read(MAX_TEXT_BYTES + 1)
        except OSError:
            pass
        link_path = self.links_dir / f"{aid}.json"
        links: Any = None
        if link_path.exists():
            try:
                links = safejson.read(link_path, max_bytes=USER_JSON_BYTES)
            except (OSError, safejson.JsonError) as exc:
                links = exc
        return ArticleRecord(aid, meta, text, links, str(meta_path), size)

    def articles(self) -> Iterator[ArticleRecord]:
        """Every published article with its links; a value that could not be read is the exception."""
        for aid in self.article_ids():
            yield self._record(aid)

    def article(self, article_id: str) -> ArticleRecord:
        check_article_id(article_id)
        if not (self.articles_dir / f"{article_id}.json").exists():
            raise IngestError(f"there is no saved article {article_id!r}")
        return self._record(article_id)

    def _text_of(self, article_id: str) -> str:
        meta_path = self.articles_dir / f"{article_id}.json"
        if not meta_path.exists():
            raise IngestError(f"there is no saved article {article_id!r}")
        try:
            return meta_path.with_suffix(".txt").read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise IngestError(f"the text of article {article_id!r} cannot be read ({exc})") from None

    def leftovers(self) -> list[str]:
        """Files of saves that were interrupted before they were published.

        Temporary files, texts without metadata and link files of no published article.
        Only safe to delete under the lock (a save in progress looks the same).
        """
        published = {p.stem for p in self.articles_dir.glob("*.json")}
        dirs = (self.root, self.articles_dir, self.links_dir, self.events_dir)
        out = [p for d in dirs for p in d.glob(".*.tmp")]
        out += [p for p in self.articles_dir.glob("*.txt") if p.stem not in published]
        out += [p for p in self.links_dir.glob("*.json") if p.stem not in published]
        return sorted(str(p) for p in out)

    def recover(self) -> list[str]:
        """Remove the leftovers of interrupted saves (see :meth:`leftovers`); returns what went."""
        if not self.root.is_dir():
            return []
        with self._locked():
            gone = self.leftovers()
            for path in gone:
                with contextlib.suppress(OSError):
                    os.unlink(path)
            return gone

    # ------------------------------------------------------------------ writing

    def save(
        self,
        inp: ArticleInput,
        text: str,
        links: list[dict[str, Any]],
        existing_titles: Iterable[str] = (),
        *,
        review: list[dict[str, Any]] | None = None,
    ) -> str:
        """Save an article's text, metadata and links.

        Parameters
        ----------
        inp
            The checked article details (see :func:`regionmap.ingest.article_input`).
        text
            The article text as returned by ``read_upload`` or ``check_text``.
        links
            Links into ``text`` (see :func:`regionmap.store_checks.check_link_list`).
        existing_titles
            Titles saved elsewhere (the curated data); compared ignoring case and spacing,
            as are the titles already in this store.
        review
            Mentions a person still has to decide, kept as the link file's ``review`` list.

        Returns
        -------
        str
            The new article's id.

        Raises
        ------
        IngestError
            If the title is taken, the text or a link is bad, or the store stays locked.
            Nothing is left behind by a failed save.
        """
        _, record = checked_save(text, links, review)
        key = title_key(inp.title)
        outside = {title_key(t) for t in existing_titles if isinstance(t, str)}
        with self._locked():
            self.recover()  # the lock is re-entrant
            if key in outside or key in {title_key(t) for t in self.titles()}:
                raise IngestError(f"an article titled {short(inp.title, 80)} already exists")
            aid = self._free_id(article_id(inp.title, text))
            meta = article_meta(inp, aid, text, NOTE)
            files = [
                (self.articles_dir / f"{aid}.txt", text.encode("utf-8")),
                (self.links_dir / f"{aid}.json", json_bytes({**record, "article": aid}, 1)),
                # metadata last: a reader that finds it also finds the text and links
                (self.articles_dir / f"{aid}.json", json_bytes(meta.model_dump(mode="json"), 2)),
            ]
            written: list[Path] = []
            try:
                for path, data in files:
                    write_atomic(path, data)
                    written.append(path)
            except BaseException:
                for path in reversed(written):
                    with contextlib.suppress(OSError):
                        path.unlink()
                raise
            fsync_dir(self.articles_dir)
            fsync_dir(self.links_dir)
            self._bump()
            return aid

    def _free_id(self, aid: str) -> str:
        # a clash needs the same title slug and text hash prefix, so it is almost surely the same
        # text under a title that differs in punctuation; keep both rather than overwrite
        candidate, n = aid, 1
        while (self.articles_dir / f"{candidate}.json").exists():
            n += 1
            candidate = f"{aid}-{n}"
        return candidate

    def update_links(
        self, article_id: str, links: list[dict[str, Any]], review: list[dict[str, Any]] | None = None
    ) -> None:
        """Replace a saved article's links, for instance after fixing an unresolved mention.

        Parameters
        ----------
        article_id
            The id returned by :meth:`save`.
        links
            The complete new list of links (see :func:`regionmap.store_checks.check_link_list`).
        review
            The mentions still to decide; None keeps the stored list.

        Raises
        ------
        IngestError
            If the article is not in this store, a link is bad or the store stays locked;
            the old links are then kept.
        """
        check_article_id(article_id)
        with self._locked():
            text = self._text_of(article_id)
            path = self.links_dir / f"{article_id}.json"
            if review is None:
                try:
                    review = _read_links(path).get("review", [])
                except IngestError:
                    review = []
            _, record = checked_save(text, links, review)
            write_atomic(path, json_bytes({**record, "article": article_id}, 1))
            fsync_dir(self.links_dir)
            self._bump()

    def decide(self, article_id: str, decisions: dict[tuple[int, int], str | None]) -> None:
        """Settle undecided mentions: ``{(start, end): feature id, or None for "not a place"}``.

        Reads the stored file under the lock and changes only the decided mentions, so
        decisions made at the same time in another session, and links the app could not
        show, are kept.
        """
        check_article_id(article_id)
        with self._locked():
            links, review = decided(_read_links(self.links_dir / f"{article_id}.json"), decisions)
            self.update_links(article_id, links, review=review)  # the lock is re-entrant

    def decide_by_name(self, article_id: str, decisions: dict[str, str | None]) -> int:
        """Settle every undecided mention of a name at once: ``{surface: feature id or None}``.

        One decision per distinct surface, applied to all its occurrences; returns how many
        mentions were settled. Like :meth:`decide`, it reads the stored file under the lock.
        """
        check_article_id(article_id)
        with self._locked():
            spans = spans_of_names(_read_links(self.links_dir / f"{article_id}.json"), decisions)
            self.decide(article_id, spans)
            return len(spans)


FileStore = UserStore
"""The embedded default store's name in the storage interface."""
