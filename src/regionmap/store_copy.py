"""Copy a saved corpus from one store to another (files to PostgreSQL and back), losslessly."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from .ingest import IngestError
from .store_checks import title_key

if TYPE_CHECKING:
    from .storage import CorpusStore


@dataclasses.dataclass
class CopyReport:
    """What :func:`copy_corpus` did: counts, one line per record skipped and per error."""

    articles: int = 0
    events: int = 0
    actors: bool = False
    skipped: list[str] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)

    def summary(self) -> str:
        """``copied N articles, M events records; K skipped (already there)`` (and the errors, if any)."""
        line = f"copied {self.articles} articles, {self.events} events records"
        if self.actors:
            line += " and the actors record"
        line += f"; {len(self.skipped)} skipped (already there)"
        return line + (f"; {len(self.errors)} errors" if self.errors else "")


def _readable(rec: Any) -> tuple[dict[str, Any], str, dict[str, Any] | None]:
    """An article record's metadata, text and links, or :class:`IngestError` naming what is unreadable."""
    if isinstance(rec.meta, Exception) or not isinstance(rec.meta, dict):
        raise IngestError(f"its metadata cannot be read ({rec.meta})")
    if rec.text is None:
        raise IngestError("its text is missing")
    try:
        text = rec.text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise IngestError(f"its text is not UTF-8 ({exc})") from None
    if isinstance(rec.links, Exception) or not isinstance(rec.links, (dict, type(None))):
        raise IngestError(f"its links cannot be read ({rec.links})")
    return rec.meta, text, rec.links


_EXTRA_EVENT_KEYS = ("roles", "actor_links", "review")


def _copy_events(source: CorpusStore, target: CorpusStore, copied: set[str], present: set[str],
                 report: CopyReport) -> None:  # fmt: skip
    for where, data in source.event_files():
        if (
            isinstance(data, Exception)
            or not isinstance(data, dict)
            or not isinstance(data.get("article"), str)
        ):
            report.errors.append(f"{where}: the events record cannot be read ({data})")
            continue
        aid, events = data["article"], data.get("events") or []
        extra = [k for k in _EXTRA_EVENT_KEYS if data.get(k)]
        if aid not in copied and aid not in present:
            continue  # its article was not copied: that is reported already
        if extra:
            report.errors.append(f"{where}: its {', '.join(extra)} cannot be copied (the store interface "
                                 "writes events only); not copied")  # fmt: skip
            continue
        if not events:
            continue
        try:
            if aid in present:
                current = target.read_events(aid).get("events") or []
                if current == events:
                    continue
                if current:
                    report.skipped.append(f"{where}: the target has other events for {aid} already")
                    continue
            target.save_events(aid, events)
        except (IngestError, OSError, ValueError) as exc:
            report.errors.append(f"{where}: {exc}")
            continue
        report.events += 1


def _copy_actors(source: CorpusStore, target: CorpusStore, report: CopyReport) -> None:
    found = source.actor_file()
    if found is None:
        return
    where, data = found
    if isinstance(data, Exception) or not isinstance(data, dict):
        report.errors.append(f"{where}: the actors record cannot be read ({data})")
        return
    there = target.actor_file()
    if there is not None:
        if there[1] != data:
            report.skipped.append(f"{where}: the target has its own actors record; not replaced")
        return
    try:
        target.save_actors(data)
    except (IngestError, OSError, ValueError) as exc:
        report.errors.append(f"{where}: {exc}")
        return
    report.actors = True


def copy_corpus(source: CorpusStore, target: CorpusStore, progress: bool = False) -> CopyReport:
    """Copy every saved article, events record and the actors record from ``source`` into ``target``.

    Articles keep their ids, metadata, links and review lists
    (:meth:`~regionmap.storage.CorpusStore.import_article`). An article whose id or title the
    target has already is skipped (one line each) and the rest copied; its events are added
    only when the target has none for it, so an interrupted copy can be run again.

    Parameters
    ----------
    source, target
        Any two stores (files to a database, a database to files).
    progress
        Show a ``tqdm`` progress bar on stderr.

    Returns
    -------
    CopyReport
        Counts, and one line per record skipped or not copied.
    """
    from tqdm import tqdm

    report = CopyReport()
    ids = set(target.article_ids())
    titles = {title_key(t) for t in target.titles()}
    copied: set[str] = set()
    present: set[str] = set()
    for rec in tqdm(source.articles(), disable=not progress, unit="article", desc="copy", leave=False):
        try:
            meta, text, links = _readable(rec)
            title = meta.get("title")
            if rec.id in ids:
                report.skipped.append(f"{rec.id}: the target has an article with this id already")
                present.add(rec.id)
                continue
            if isinstance(title, str) and title_key(title) in titles:
                report.skipped.append(f"{rec.id}: the target has an article titled {title!r} already")
                continue
            target.import_article(meta, text, links)
        except (IngestError, OSError, ValueError) as exc:
            report.errors.append(f"{rec.where}: {exc}")
            continue
        copied.add(rec.id)
        ids.add(rec.id)
        if isinstance(title, str):
            titles.add(title_key(title))
        report.articles += 1
    _copy_events(source, target, copied, present, report)
    _copy_actors(source, target, report)
    return report
