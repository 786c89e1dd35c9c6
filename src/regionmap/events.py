"""Events (what happened, when, where, who) and the files that record them: ``events/*.json``, ``actors.json``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field

from .actors import ActorIndex, ActorLink, ActorRecord, Passage, RoleRecord
from .datespan import DateSpan
from .load import Problem, _Collector
from .model import FEATURE_ID, Article, Status, _Strict


class EventKind(StrEnum):
    """What kind of thing happened; ``publication`` is the article itself appearing."""

    MEETING = "meeting"
    VISIT = "visit"
    TALKS = "talks"
    AGREEMENT = "agreement"
    STATEMENT = "statement"
    ATTACK = "attack"
    SEIZURE = "seizure"
    PUBLICATION = "publication"
    OTHER = "other"


class EventRecord(_Strict):
    """One event an article states, with the passages that state it.

    ``places`` are the feature ids of where it happened; ``features`` the map features that stand
    for the event itself (a diplomacy meeting, a planned partnership); ``date`` None means the
    text gives no date.
    """

    id: Annotated[str, Field(pattern=FEATURE_ID)]
    kind: EventKind
    title: Annotated[str, Field(min_length=1)]
    date: DateSpan | None = None
    places: list[str] = Field(default_factory=list)
    features: list[str] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    status: Status = Status.REPORTED
    passages: Annotated[list[Passage], Field(min_length=1)]
    note: str | None = None
    article: str = ""

    def to_json(self) -> dict[str, Any]:
        """The flat form the CLI prints: ISO dates, ids, the first passage."""
        first = self.passages[0]
        return {
            "id": self.id, "article": self.article, "kind": self.kind.value, "title": self.title,
            "date_start": self.date.start.isoformat() if self.date else None,
            "date_end": self.date.end.isoformat() if self.date else None,
            "precision": self.date.precision.value if self.date else "undated",
            "part": self.date.part if self.date else None,
            "status": self.status.value, "places": list(self.places), "features": list(self.features),
            "actors": list(self.actors), "quote": first.quote, "start": first.start, "end": first.end,
            "passages": [p.model_dump() for p in self.passages],
        }  # fmt: skip


class EventFile(_Strict):
    """``events/<article>.json``: an article's events, the roles it gives actors, its actor links."""

    article: str
    events: list[dict[str, Any]] = Field(default_factory=list)
    roles: list[dict[str, Any]] = Field(default_factory=list)
    actor_links: list[dict[str, Any]] = Field(default_factory=list)
    review: list[dict[str, Any]] = Field(
        default_factory=list
    )  # proposals a person still has to accept, edit or dismiss


class ActorFile(_Strict):
    """``actors.json``: the actor index."""

    actors: list[dict[str, Any]]


def _check_passage(p: Passage, art: Article, col: _Collector, path: Path | str, item: str) -> bool:
    if p.end > len(art.text):
        col.add(
            path, f"span {p.start}..{p.end} runs past the end of the article ({len(art.text)} chars)", item
        )
        return False
    if art.text[p.start : p.end] != p.quote:
        col.add(path, f"quote {_short(p.quote)} does not match the text at {p.start}..{p.end} "
                f"({_short(art.text[p.start : p.end])})", item)  # fmt: skip
        return False
    return True


def _short(s: str, limit: int = 60) -> str:
    return repr(s if len(s) <= limit else s[: limit - 1] + "…")


def load_actor_file(
    path: Path, col: _Collector, feature_ids: set[str], skip: AbstractSet[str] = frozenset()
) -> dict[str, ActorRecord]:
    """Read and check ``actors.json``; a missing file is an empty index."""
    if not path.exists():
        return {}
    return check_actor_record(path, col.read_json(path), col, feature_ids, skip)


def check_actor_record(
    path: Path | str, data: Any, col: _Collector, feature_ids: set[str], skip: AbstractSet[str] = frozenset()
) -> dict[str, ActorRecord]:
    """Check an actors record (``actors.json``'s content) as :func:`load_actor_file` does."""
    if data is None:
        return {}
    af: ActorFile | None = col.parse(ActorFile, data, path, None)
    if af is None:
        return {}
    out: dict[str, ActorRecord] = {}
    for i, raw in enumerate(af.actors):
        item = (
            raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"actor #{i + 1}"
        )
        rec: ActorRecord | None = col.parse(ActorRecord, raw, path, str(item))
        if rec is None:
            continue
        if rec.id in out:
            col.add(path, "duplicate actor id", rec.id)
            continue
        if rec.feature in skip:
            rec = rec.model_copy(update={"feature": None})
        if rec.feature is not None and rec.feature not in feature_ids:
            col.add(path, f"feature: unknown feature id {rec.feature!r}", rec.id)
            continue
        out[rec.id] = rec
    return out


def check_event_file(
    path: Path | str,
    data: Any,
    articles: dict[str, Article],
    feature_ids: set[str],
    actors: dict[str, ActorRecord],
    col: _Collector,
    seen: dict[str, Path | str] | None = None,
    skip: AbstractSet[str] = frozenset(),
) -> tuple[list[EventRecord], list[RoleRecord], list[ActorLink]]:
    """Parse one article's event file and check ids, dates and every quote against the article."""
    ef: EventFile | None = col.parse(EventFile, data, path, None)
    if ef is None:
        return [], [], []
    art = articles.get(ef.article)
    if art is None:
        # an article whose own files are unsound is reported there, not again here
        if not (Path(path).parent.parent / "articles" / f"{ef.article}.json").exists():
            col.add(path, f"unknown article {ef.article!r}")
        return [], [], []
    seen = {} if seen is None else seen
    events: list[EventRecord] = []
    for i, raw in enumerate(ef.events):
        item = (
            raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"event #{i + 1}"
        )
        ev: EventRecord | None = col.parse(
            EventRecord, {**raw, "article": ef.article} if isinstance(raw, dict) else raw, path, str(item)
        )
        if ev is None:
            continue
        if skip & {*ev.places, *ev.features}:  # unsound features, reported where they are defined
            update = {k: [f for f in getattr(ev, k) if f not in skip] for k in ("places", "features")}
            ev = ev.model_copy(update=update)
        ok = True
        if ev.id in seen:
            col.add(path, f"duplicate event id (also in {seen[ev.id]})", ev.id)
            ok = False
        elif ev.id in feature_ids:
            col.add(path, "event id is also a feature id", ev.id)
            ok = False
        for key in ("places", "features"):
            for fid in getattr(ev, key):
                if fid not in feature_ids:
                    col.add(path, f"{key}: unknown feature id {fid!r}", ev.id)
                    ok = False
        for aid in ev.actors:
            if aid not in actors:
                col.add(path, f"actors: unknown actor id {aid!r} (not in actors.json)", ev.id)
                ok = False
        for j, p in enumerate(ev.passages):
            ok = _check_passage(p, art, col, path, f"{ev.id} passage #{j + 1}") and ok
        if ev.date and ev.date.start > art.meta.published and ev.status != Status.PLANNED:
            col.add(path, f"date {ev.date.start} is after the article's date {art.meta.published}; "
                    "a later event can only be planned", ev.id)  # fmt: skip
            ok = False
        if ok:
            seen[ev.id] = path
            events.append(ev)
    roles: list[RoleRecord] = []
    for i, raw in enumerate(ef.roles):
        item = f"role #{i + 1}" + (f" ({raw.get('actor')})" if isinstance(raw, dict) else "")
        payload = (
            {"as_of": art.meta.published.isoformat(), **raw, "article": ef.article}
            if isinstance(raw, dict)
            else raw
        )
        role: RoleRecord | None = col.parse(RoleRecord, payload, path, item)
        if role is None:
            continue
        if role.actor not in actors:
            col.add(path, f"unknown actor id {role.actor!r} (not in actors.json)", item)
        elif role.as_of > art.meta.published:
            col.add(path, f"as_of {role.as_of} is after the article's date {art.meta.published}", item)
        elif _check_passage(role, art, col, path, item):
            roles.append(role)
    links: list[ActorLink] = []
    for i, raw in enumerate(ef.actor_links):
        item = f"actor link #{i + 1}" + (f" ({raw.get('actor')})" if isinstance(raw, dict) else "")
        link: ActorLink | None = col.parse(
            ActorLink, {**raw, "article": ef.article} if isinstance(raw, dict) else raw, path, item
        )
        if link is None:
            continue
        if link.actor not in actors:
            col.add(path, f"unknown actor id {link.actor!r} (not in actors.json)", item)
        elif _check_passage(link, art, col, path, item):
            links.append(link)
    return events, roles, links


def check_dataset(
    root: Path | str,
    articles: dict[str, Article],
    feature_ids: Iterable[str],
    base: ActorIndex | None = None,
    skip: AbstractSet[str] = frozenset(),
) -> tuple[tuple[EventRecord, ...], ActorIndex, tuple[Problem, ...]]:
    """Load and check ``actors.json`` and ``events/*.json`` of a data directory.

    Parameters
    ----------
    root
        A directory laid out like ``data/``; both parts are optional.
    articles
        The loaded articles, by id: every quote is checked against its article's text.
    feature_ids
        Ids that ``places``, ``features`` and an actor's ``feature`` may name.
    base
        Actors known already (the curated index, when loading a user directory): its records
        may be named, and its roles and links are kept in the result.
    skip
        Feature ids present in the data but unsound (already reported): references to them are
        dropped without a second problem.

    Returns
    -------
    events, actors, problems
        Events sorted by date (undated last), the actor index with roles and links, and one
        problem per unsound record (which is left out).
    """
    root = Path(root)
    actor_path = root / "actors.json"
    col = _Collector()
    actor_file = (str(actor_path), col.read_json(actor_path)) if actor_path.exists() else None
    files = [(str(p), col.read_json(p)) for p in sorted((root / "events").glob("*.json"))]
    return check_records(files, actor_file, articles, feature_ids, base, skip, col)


def check_records(
    event_files: Iterable[tuple[str, Any]],
    actor_file: tuple[str, Any] | None,
    articles: dict[str, Article],
    feature_ids: Iterable[str],
    base: ActorIndex | None = None,
    skip: AbstractSet[str] = frozenset(),
    col: _Collector | None = None,
) -> tuple[tuple[EventRecord, ...], ActorIndex, tuple[Problem, ...]]:
    """:func:`check_dataset` for records a store returned: ``(where, data)`` pairs.

    A value that is an exception is what could not be read; it becomes the record's problem.
    """
    col = col or _Collector()
    fids = set(feature_ids)
    base = base or ActorIndex()
    own: dict[str, ActorRecord] = {}
    if actor_file is not None:
        where, data = actor_file
        if isinstance(data, Exception):
            col.add(where, str(data))
        else:
            own = check_actor_record(where, data, col, fids, skip)
        for aid in sorted(set(own) & set(base.records)):
            col.add(where, "actor id is already in the curated index", aid)
    actors = {**own, **base.records}
    events: list[EventRecord] = []
    roles: list[RoleRecord] = []
    links: list[ActorLink] = []
    seen: dict[str, Path | str] = {}
    for path, data in event_files:
        if isinstance(data, Exception):
            col.add(path, str(data))
            continue
        if data is None:
            continue
        ev, ro, lk = check_event_file(path, data, articles, fids, actors, col, seen, skip)
        events += ev
        roles += ro
        links += lk
    events.sort(key=event_order)
    links = sorted([*base.links, *links], key=lambda lk: (lk.article, lk.start, -lk.end))
    index = ActorIndex(actors, (*base.roles, *roles), tuple(links))
    return tuple(events), index, tuple(col.problems)


def event_order(ev: EventRecord) -> tuple:
    """Dated events by start then end, undated ones after them in text order."""
    if ev.date is None:
        return (1, dt.date.max, dt.date.max, ev.article, ev.passages[0].start)
    return (0, ev.date.start, ev.date.end, ev.article, ev.passages[0].start)
