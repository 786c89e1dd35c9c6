"""The file store's events, actors, imported articles and spatial questions (a part of :class:`UserStore`)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from . import safejson
from .fsio import fsync_dir, json_bytes, write_atomic
from .ingest import IngestError
from .storage import CorpusStore, Passage
from .store_checks import check_article_id, check_import, checked_events, short, title_key


class FileRecords:
    """Methods of :class:`regionmap.store.UserStore` beyond articles and links."""

    root: Path
    data_dir: Path
    articles_dir: Path
    links_dir: Path
    events_dir: Path
    _spatial: Any

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError

    def _bump(self) -> None:
        raise NotImplementedError

    def _text_of(self, article_id: str) -> str:
        raise NotImplementedError

    def version(self) -> str:
        raise NotImplementedError

    def titles(self) -> list[str]:
        raise NotImplementedError

    def recover(self) -> list[str]:
        raise NotImplementedError

    def articles(self) -> Iterator[Any]:
        raise NotImplementedError

    # ------------------------------------------------------------------ events and actors

    def event_files(self) -> Iterator[tuple[str, Any]]:
        for path in sorted(self.events_dir.glob("*.json")):
            try:
                yield str(path), safejson.read(path)
            except (OSError, safejson.JsonError) as exc:
                yield str(path), exc

    def read_events(self, article_id: str) -> dict[str, Any]:
        """The stored events file of an article as a dict (empty lists when there is none).

        Raises
        ------
        IngestError
            If the file exists but cannot be read or is not an events file.
        """
        from pydantic import ValidationError

        from .events import EventFile

        check_article_id(article_id)
        path = self.events_dir / f"{article_id}.json"
        if not path.exists():
            return {"article": article_id, "events": []}
        try:
            data = safejson.read(path)
            EventFile.model_validate(data)
        except (OSError, safejson.JsonError) as exc:
            raise IngestError(f"the events file {path.name} cannot be read ({exc})") from None
        except ValidationError as exc:
            raise IngestError(f"the events file {path.name} is not sound: {exc.errors()[0]['msg']}") from None
        assert isinstance(data, dict)  # EventFile accepted it
        return data

    def save_events(self, article_id: str, events: list[dict[str, Any]]) -> None:
        """Write a saved article's accepted events, replacing the events stored before.

        The file's ``roles``, ``actor_links`` and ``review`` are kept; the write is one atomic
        rename under the lock.

        Raises
        ------
        IngestError
            If the article is not saved here, an event is not a sound record, a quote is not
            the article's text at its offsets, or the store stays locked. Nothing is written then.
        """
        from .events import EventFile

        check_article_id(article_id)
        events = list(events)
        with self._locked():
            text = self._text_of(article_id)
            try:
                published = safejson.read(self.articles_dir / f"{article_id}.json")["published"]
            except (OSError, safejson.JsonError, KeyError, TypeError) as exc:
                raise IngestError(f"the metadata of article {article_id!r} cannot be read ({exc})") from None
            checked_events(article_id, events, text, published)
            path = self.events_dir / f"{article_id}.json"
            old = self.read_events(article_id) if path.exists() else {}
            data = {**old, "article": article_id, "events": events}
            EventFile.model_validate(data)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, json_bytes(data, 1))
            fsync_dir(path.parent)
            self._bump()

    def actor_file(self) -> tuple[str, Any] | None:
        path = self.root / "actors.json"
        if not path.exists():
            return None
        try:
            return str(path), safejson.read(path)
        except (OSError, safejson.JsonError) as exc:
            return str(path), exc

    def save_actors(self, record: dict[str, Any]) -> None:
        from pydantic import ValidationError

        from .events import ActorFile

        try:
            ActorFile.model_validate(record)
        except ValidationError as exc:
            raise IngestError(f"the actors record is not sound: {exc.errors()[0]['msg']}") from None
        with self._locked():
            write_atomic(self.root / "actors.json", json_bytes(record, 1))
            fsync_dir(self.root)
            self._bump()

    def import_article(self, meta: dict[str, Any], text: str, links: dict[str, Any] | None) -> str:
        rec = check_import(meta, text, links)
        aid = rec.meta.id
        with self._locked():
            self.recover()
            if (self.articles_dir / f"{aid}.json").exists():
                raise IngestError(f"there is an article {aid!r} already")
            if title_key(rec.meta.title) in {title_key(t) for t in self.titles()}:
                raise IngestError(f"an article titled {short(rec.meta.title, 80)} already exists")
            files = [
                (self.articles_dir / f"{aid}.txt", text.encode("utf-8")),
                (self.links_dir / f"{aid}.json", json_bytes(rec.links, 1)),
                (self.articles_dir / f"{aid}.json", json_bytes(rec.meta.model_dump(mode="json"), 2)),
            ]
            for path, data in files:
                write_atomic(path, data)
            fsync_dir(self.articles_dir)
            fsync_dir(self.links_dir)
            self._bump()
            return aid

    # ------------------------------------------------------------------ questions of time and place

    def articles_between(self, start: dt.date, end: dt.date) -> list[str]:
        out = []
        for rec in self.articles():
            try:
                published = dt.date.fromisoformat(rec.meta["published"])
            except (TypeError, KeyError, ValueError):
                continue
            if start <= published <= end:
                out.append(rec.id)
        return out

    def _index(self) -> Any:
        from .spatial import CorpusIndex

        version = self.version()
        if self._spatial is None or self._spatial.version != version:
            self._spatial = CorpusIndex.from_files(self.data_dir, cast("CorpusStore", self), version)
        return self._spatial

    def features_at(self, lon: float, lat: float) -> list[str]:
        return list(self._index().features_at(lon, lat))

    def passages_within(
        self, feature_id: str, km: float, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[Passage]:
        return list(self._index().passages_within(feature_id, km, start, end))
