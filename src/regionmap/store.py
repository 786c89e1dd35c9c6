"""The user's own articles and links, kept apart from the curated data in the same layout."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import filelock
from pydantic import ValidationError

from . import safejson
from .ingest import ARTICLE_ID, ArticleInput, IngestError, article_id, check_mentions, check_text
from .lang import detect
from .model import ArticleMeta, LinkKind
from .paths import PROJECT_ROOT, default_data_dir

LOCK_TIMEOUT = 10.0
NOTE = "Added by a user through regionmap."


def default_user_dir() -> Path:
    """``$REGIONMAP_USERDATA`` if set, else ``./userdata`` (ignored by git)."""
    env = os.environ.get("REGIONMAP_USERDATA")
    return Path(env) if env else Path.cwd() / "userdata"


def title_key(title: str) -> str:
    """What two titles must share to count as the same.

    Compatibility forms (NFKC: fullwidth letters, ligatures, NFD accents), format characters
    (Unicode category Cf: zero-width spaces, joiners, bidi controls), case and spacing are ignored.
    """
    t = "".join(c for c in unicodedata.normalize("NFKC", title) if unicodedata.category(c) != "Cf")
    return " ".join(unicodedata.normalize("NFKC", t.casefold()).split())


def mention_link(feature: str, quote: str, start: int, end: int) -> dict[str, Any]:
    """A mention link in the stored form."""
    return {"feature": feature, "kind": "mention", "quote": quote, "start": start, "end": end}


def _short(s: str, limit: int = 60) -> str:
    return repr(s if len(s) <= limit else s[: limit - 1] + "…")


def _fsync_dir(path: Path) -> None:
    # makes the rename itself durable; directories cannot be opened on Windows
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never half of one."""
    # the temporary name ends in .tmp, so globs for *.json / *.txt never see a half-written file
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _json_bytes(data: Any, indent: int) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=indent) + "\n").encode("utf-8")


def check_link_list(text: str, links: Any) -> list[dict[str, Any]]:
    """Check links against the text and return them in the stored form.

    Parameters
    ----------
    text
        The article's text.
    links
        Dicts with ``feature``, ``quote``, ``start``, ``end`` and optionally ``kind``
        (``"mention"`` or ``"passage"``, default ``"mention"``); other keys are dropped.

    Returns
    -------
    list of dict
        ``{"feature", "kind", "quote", "start", "end"}`` for each link, in the given order.

    Raises
    ------
    IngestError
        Naming the first bad link.
    """
    if not isinstance(links, (list, tuple)):
        raise IngestError(f"links must be a list, not {type(links).__name__}")
    out = []
    for i, raw in enumerate(links):
        item = f"link #{i + 1}"
        if not isinstance(raw, dict):
            raise IngestError(f"{item} must be a dict, not {type(raw).__name__}")
        feature, quote = raw.get("feature"), raw.get("quote")
        if not isinstance(feature, str) or not feature.strip():
            raise IngestError(f"{item} has no feature")
        item = f"{item} ({feature})"
        kind = raw.get("kind", LinkKind.MENTION.value)
        if kind not in {k.value for k in LinkKind}:
            raise IngestError(f"{item}: kind must be 'mention' or 'passage', not {kind!r}")
        start, end = raw.get("start"), raw.get("end")
        # bool is an int subclass, but True as an offset is surely a mistake
        if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
            raise IngestError(f"{item}: start and end must be whole numbers")
        if not isinstance(quote, str) or not quote:
            raise IngestError(f"{item} has no quote")
        assert isinstance(start, int) and isinstance(end, int)  # checked just above; tells mypy
        if not 0 <= start < end <= len(text):
            raise IngestError(f"{item}: span {start}..{end} is outside the text ({len(text)} characters)")
        if text[start:end] != quote:
            raise IngestError(
                f"{item}: quote {_short(quote)} does not match the text at {start}..{end} "
                f"({_short(text[start:end])})"
            )
        out.append({"feature": feature, "kind": str(kind), "quote": quote, "start": start, "end": end})
    return out


def _link_file(aid: str, links: list[dict[str, Any]], review: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"article": aid, "links": links}
    if review:
        if not isinstance(review, (list, tuple)) or not all(isinstance(r, dict) for r in review):
            raise IngestError("review must be a list of dicts")
        try:
            json.dumps(review)
        except (TypeError, ValueError, RecursionError) as exc:
            raise IngestError(f"review cannot be stored as JSON ({exc})") from None
        out["review"] = list(review)
    return out


def _read_links(path: Path) -> dict[str, Any]:
    try:
        data = safejson.read(path)
    except (OSError, safejson.JsonError) as exc:
        raise IngestError(f"the links file {path.name} cannot be read ({exc})") from None
    if not isinstance(data, dict):
        raise IngestError(f"the links file {path.name} does not hold an object")
    return data


class UserStore:
    """Articles saved by users, in ``root`` laid out like ``data/`` (``articles/``, ``links/``).

    Every change happens under a file lock, so several processes may share one root.

    A save writes the text, then the links, then the metadata, each by an atomic rename;
    the metadata's rename publishes the article (readers list articles by their metadata).
    A save killed before that leaves only unpublished files: loaders ignore them and the
    next change to the store removes them (:meth:`recover`).

    Parameters
    ----------
    root
        The user data directory; created on the first save. It may not be the curated ``data/``.
    """

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        curated = [PROJECT_ROOT / "data", default_data_dir()]
        if any(self.root.resolve() == c.resolve() for c in curated):
            raise ValueError(f"{self.root} holds the curated data; user articles go elsewhere")
        self.articles_dir = self.root / "articles"
        self.links_dir = self.root / "links"
        self._lock: filelock.FileLock | None = None

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

    def article_ids(self) -> list[str]:
        """Ids of the saved articles (those whose metadata is written), sorted."""
        return sorted(p.stem for p in self.articles_dir.glob("*.json"))

    def titles(self) -> list[str]:
        """Titles of the saved articles, in id order; unreadable metadata is skipped."""
        out = []
        for aid in self.article_ids():
            try:
                title = safejson.read(self.articles_dir / f"{aid}.json")["title"]
            except (OSError, safejson.JsonError, KeyError, TypeError):
                continue
            if isinstance(title, str):
                out.append(title)
        return out

    def leftovers(self) -> list[Path]:
        """Files of saves that were interrupted before they were published.

        Temporary files, texts without metadata and link files of no published article.
        Only safe to delete under the lock (a save in progress looks the same).
        """
        published = {p.stem for p in self.articles_dir.glob("*.json")}
        out = [p for d in (self.articles_dir, self.links_dir) for p in d.glob(".*.tmp")]
        out += [p for p in self.articles_dir.glob("*.txt") if p.stem not in published]
        out += [p for p in self.links_dir.glob("*.json") if p.stem not in published]
        return sorted(out)

    def recover(self) -> list[Path]:
        """Remove the leftovers of interrupted saves (see :meth:`leftovers`); returns what went."""
        if not self.root.is_dir():
            return []
        with self._locked():
            gone = self.leftovers()
            for path in gone:
                with contextlib.suppress(OSError):
                    path.unlink()
            return gone

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
            Links into ``text`` (see :func:`check_link_list`).
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
        if check_text(text) != text:
            raise IngestError("the text must come from read_upload or check_text (newlines not normalised)")
        check_mentions(len(links) + len(review or ()))
        stored_links = check_link_list(text, links)
        link_file = _link_file("", stored_links, review)
        key = title_key(inp.title)
        outside = {title_key(t) for t in existing_titles if isinstance(t, str)}
        with self._locked():
            self.recover()  # the lock is re-entrant
            if key in outside or key in {title_key(t) for t in self.titles()}:
                raise IngestError(f"an article titled {_short(inp.title, 80)} already exists")
            aid = self._free_id(article_id(inp.title, text))
            raw = text.encode("utf-8")
            try:
                meta = ArticleMeta(
                    id=aid, title=inp.title, author=inp.author, publisher=inp.publisher,
                    published=inp.date, url=inp.url, language=inp.language or detect(text),
                    sha256=hashlib.sha256(raw).hexdigest(), body={"start": 0, "end": len(text)}, note=NOTE,
                    format=inp.format,
                )  # fmt: skip
            except ValidationError as exc:
                raise IngestError(f"cannot build the article's metadata: {exc.errors()[0]['msg']}") from None
            files = [
                (self.articles_dir / f"{aid}.txt", raw),
                (self.links_dir / f"{aid}.json", _json_bytes({**link_file, "article": aid}, 1)),
                # metadata last: a reader that finds it also finds the text and links
                (self.articles_dir / f"{aid}.json", _json_bytes(meta.model_dump(mode="json"), 2)),
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
            _fsync_dir(self.articles_dir)
            _fsync_dir(self.links_dir)
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
            The complete new list of links (see :func:`check_link_list`).
        review
            The mentions still to decide; None keeps the stored list.

        Raises
        ------
        IngestError
            If the article is not in this store, a link is bad or the store stays locked;
            the old links are then kept.
        """
        if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
            raise IngestError(f"{article_id!r} is not an article id")
        with self._locked():
            meta_path = self.articles_dir / f"{article_id}.json"
            if not meta_path.exists():
                raise IngestError(f"there is no saved article {article_id!r}")
            try:
                text = meta_path.with_suffix(".txt").read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise IngestError(f"the text of article {article_id!r} cannot be read ({exc})") from None
            path = self.links_dir / f"{article_id}.json"
            if review is None:
                try:
                    review = _read_links(path).get("review", [])
                except IngestError:
                    review = []
            check_mentions(len(links) + len(review or ()))
            data = _json_bytes(_link_file(article_id, check_link_list(text, links), review), 1)
            write_atomic(path, data)
            _fsync_dir(self.links_dir)

    def decide(self, article_id: str, decisions: dict[tuple[int, int], str | None]) -> None:
        """Settle undecided mentions: ``{(start, end): feature id, or None for "not a place"}``.

        Reads the stored file under the lock and changes only the decided mentions, so
        decisions made at the same time in another session, and links the app could not
        show, are kept.
        """
        if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
            raise IngestError(f"{article_id!r} is not an article id")
        with self._locked():
            current = _read_links(self.links_dir / f"{article_id}.json")
            links = list(current.get("links") or [])
            review = []
            for r in current.get("review") or []:
                span = (r.get("start"), r.get("end")) if isinstance(r, dict) else None
                if span not in decisions:
                    review.append(r)
                elif fid := decisions[span]:
                    links.append(mention_link(fid, r["surface"], *span))
            self.update_links(article_id, links, review=review)  # the lock is re-entrant

    def decide_by_name(self, article_id: str, decisions: dict[str, str | None]) -> int:
        """Settle every undecided mention of a name at once: ``{surface: feature id or None}``.

        One decision per distinct surface, applied to all its occurrences; returns how many
        mentions were settled. Like :meth:`decide`, it reads the stored file under the lock.
        """
        if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
            raise IngestError(f"{article_id!r} is not an article id")
        with self._locked():
            current = _read_links(self.links_dir / f"{article_id}.json")
            spans = {
                (r["start"], r["end"]): decisions[r["surface"]]
                for r in current.get("review") or []
                if isinstance(r, dict) and isinstance(r.get("surface"), str) and r["surface"] in decisions
            }
            self.decide(article_id, spans)
            return len(spans)
