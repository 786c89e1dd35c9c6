"""Events a user accepted for a saved article: proposals made records, kept in ``<userdata>/events/``."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from .events import EventKind, EventRecord
from .ingest import IngestError
from .model import Status
from .storage import CorpusStore
from .store import UserStore

if TYPE_CHECKING:
    from .extract import ProposedEvent

TITLE_CHARS = 90


def id_prefix(article_id: str) -> str:
    """``ev-<article-id-short>``: event ids of one article share it, and stay valid feature-style ids."""
    slug = re.sub(r"[^a-z0-9]+", "-", article_id.lower()).strip("-") or "article"
    if len(slug) > 32:  # the article id ends in its text's hash: keep a readable head and a hash of the whole
        slug = slug[:22].rstrip("-") + "-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:8]
    return f"ev-{slug}"


def short_title(sentence: str, limit: int = TITLE_CHARS) -> str:
    """The sentence on one line, cut at a word before ``limit`` characters (with an ellipsis)."""
    flat = " ".join(sentence.split())
    if len(flat) <= limit:
        return flat.rstrip(".") or flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:–-") + "…"


def event_record(
    proposal: ProposedEvent,
    article_id: str,
    n: int,
    actor_ids: Collection[str],
    place_ids: Collection[str] | None = None,
    *,
    kind: EventKind | str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
) -> dict[str, Any]:
    """An accepted proposal in the form of an ``events/<article>.json`` event.

    Parameters
    ----------
    proposal
        What :func:`regionmap.extract.propose` found.
    article_id
        The saved article's id; the event's id is ``<id_prefix>-<n>``.
    n
        The event's number within the article (1, 2, …).
    actor_ids
        Ids of the actor index. A proposed actor that is not one of them (a name found by a
        title pattern) is not listed as an actor: an event may only name indexed actors, so
        such names are kept in the event's ``note`` for the reader.
    place_ids
        Feature ids the saved article's map has; places outside it (a name the user unlinked)
        are dropped. None keeps every place.
    kind, title
        The reviewer's edits; default the proposal's kind and its first sentence, shortened.
    published
        The article's date: an event after it can only be planned (as the validator requires),
        whatever else the sentence says ("allegedly will").

    Returns
    -------
    dict
        A checked event (:class:`~regionmap.events.EventRecord`) as JSON, without ``article``.
    """
    text = proposal.text
    actors = [a for a in proposal.actors if a in actor_ids]
    unknown = [a for a in proposal.actors if a not in actor_ids]
    places = [p for p in proposal.places if place_ids is None or p in place_ids]
    s0, e0 = proposal.passages[0]
    raw = {
        "id": f"{id_prefix(article_id)}-{n}",
        "kind": str(kind or proposal.kind),
        "title": " ".join((title or "").split()) or short_title(text[s0:e0]),
        "date": proposal.date.model_dump(mode="json", exclude_none=True),
        "places": places,
        "actors": actors,
        "status": (
            Status.PLANNED if published and proposal.date.start > published else proposal.status
        ).value,
        "passages": [{"quote": text[s:e], "start": s, "end": e} for s, e in proposal.passages],
    }
    notes = ["Proposed by the event extractor and accepted by a user."]
    if unknown:
        notes.append("Also named, not in the actor index: " + "; ".join(unknown) + ".")
    raw["note"] = " ".join(notes)
    try:
        rec = EventRecord.model_validate(raw)
    except ValidationError as exc:
        raise IngestError(f"event {n} cannot be recorded: {exc.errors()[0]['msg']}") from None
    return rec.model_dump(mode="json", exclude={"article"}, exclude_none=True)


def events_path(root: Path | str, article_id: str) -> Path:
    """``<root>/events/<article_id>.json``: where the file store keeps an article's events."""
    return Path(root) / "events" / f"{article_id}.json"


def _store(root: Path | str | CorpusStore) -> CorpusStore:
    return root if isinstance(root, CorpusStore) else UserStore(root)


def save_events(root: Path | str | CorpusStore, article_id: str, events: Iterable[dict[str, Any]]) -> None:
    """Write a saved article's accepted events, replacing the events stored before.

    The record's ``roles``, ``actor_links`` and ``review`` are kept; the store writes it in
    one atomic step (see :meth:`regionmap.storage.CorpusStore.save_events`).

    Parameters
    ----------
    root
        The store holding the article, or the user data directory of a file store.
    article_id
        A published article of that store.
    events
        Event records as :func:`event_record` makes them.

    Raises
    ------
    IngestError
        If the article is not saved there, an event is not a sound record, a quote is not the
        article's text at its offsets, or the store stays locked. Nothing is written then.
    """
    _store(root).save_events(article_id, list(events))


def read_event_file(root: Path | str | CorpusStore, article_id: str) -> dict[str, Any]:
    """The stored events record of an article as a dict (empty lists when there is none).

    Raises
    ------
    IngestError
        If the record exists but cannot be read or is not an events file.
    """
    return _store(root).read_events(article_id)


def accepted_records(
    proposals: Iterable[tuple[ProposedEvent, EventKind | str | None, str | None]],
    article_id: str,
    actor_ids: Collection[str],
    place_ids: Collection[str] | None = None,
    published: dt.date | None = None,
) -> list[dict[str, Any]]:
    """Records for the accepted proposals, numbered 1, 2, … in the given order.

    Each item is ``(proposal, kind, title)`` with the reviewer's edits (None: the proposal's).
    """
    return [
        event_record(p, article_id, i, actor_ids, place_ids, kind=kind, title=title, published=published)
        for i, (p, kind, title) in enumerate(proposals, start=1)
    ]
