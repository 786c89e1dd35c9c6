"""Events a user accepted for a saved article: proposals made records, kept in ``<userdata>/events/``."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from . import safejson
from .events import EventFile, EventKind, EventRecord
from .ingest import ARTICLE_ID, IngestError
from .model import Status
from .store import UserStore, _fsync_dir, write_atomic

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
    """``<root>/events/<article_id>.json``."""
    return Path(root) / "events" / f"{article_id}.json"


def _check_article(article_id: str) -> None:
    if not isinstance(article_id, str) or not ARTICLE_ID.fullmatch(article_id):
        raise IngestError(f"{article_id!r} is not an article id")


def save_events(root: Path | str, article_id: str, events: Iterable[dict[str, Any]]) -> Path:
    """Write a saved article's accepted events, replacing the events stored before.

    The file's ``roles``, ``actor_links`` and ``review`` are kept. The write happens under the
    user store's lock, by a temporary file renamed over the old one (see
    :func:`regionmap.store.write_atomic`), so readers see the old file or the new one.

    Parameters
    ----------
    root
        The user data directory holding the article.
    article_id
        A published article of that directory.
    events
        Event records as :func:`event_record` makes them.

    Returns
    -------
    Path
        The events file.

    Raises
    ------
    IngestError
        If the article is not saved there, an event is not a sound record, a quote is not the
        article's text at its offsets, or the store stays locked. Nothing is written then.
    """
    _check_article(article_id)
    events = list(events)
    try:
        for raw in events:
            EventRecord.model_validate({**raw, "article": article_id})
    except ValidationError as exc:
        raise IngestError(f"an event cannot be recorded: {exc.errors()[0]['msg']}") from None
    ids = [e["id"] for e in events]
    if len(set(ids)) != len(ids):
        raise IngestError("two events have the same id")
    store = UserStore(root)
    path = events_path(store.root, article_id)
    with store._locked():
        meta = store.articles_dir / f"{article_id}.json"
        if not meta.exists():
            raise IngestError(f"there is no saved article {article_id!r}")
        try:
            text = meta.with_suffix(".txt").read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise IngestError(f"the text of article {article_id!r} cannot be read ({exc})") from None
        try:
            published = dt.date.fromisoformat(safejson.read(meta)["published"])
        except (OSError, safejson.JsonError, KeyError, TypeError, ValueError) as exc:
            raise IngestError(f"the metadata of article {article_id!r} cannot be read ({exc})") from None
        for ev in events:
            if (
                ev.get("date")
                and dt.date.fromisoformat(ev["date"]["start"]) > published
                and ev.get("status") != Status.PLANNED
            ):
                raise IngestError(
                    f"event {ev['id']} is after the article's date {published}: it can only be planned"
                )
            for p in ev["passages"]:
                if text[p["start"] : p["end"]] != p["quote"]:
                    raise IngestError(
                        f"event {ev['id']}: the quote at {p['start']}..{p['end']} is not the text's"
                    )
        old = read_event_file(store.root, article_id) if path.exists() else {}
        data = {**old, "article": article_id, "events": events}
        EventFile.model_validate(data)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        _fsync_dir(path.parent)
    return path


def read_event_file(root: Path | str, article_id: str) -> dict[str, Any]:
    """The stored events file of an article as a dict (empty lists when there is none).

    Raises
    ------
    IngestError
        If the file exists but cannot be read or is not an events file.
    """
    _check_article(article_id)
    path = events_path(root, article_id)
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
