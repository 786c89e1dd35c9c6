"""Propose events for any text: each sentence with a date and a place or actor, its kind from verb cues."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .actors import ActorIndex, ActorMention, find_actors
from .dates import DateMention, DatePrecision, DateSpan, find_dates
from .events import EventKind
from .model import Status
from .sentences import text_spans

if TYPE_CHECKING:
    from .linker import Linker, Mention

# verb and noun cues of each kind; the cue nearest the date expression decides (ties: this order)
KIND_CUES: list[tuple[EventKind, re.Pattern[str]]] = [
    (EventKind.ATTACK, re.compile(r"\b(?:attack(?:s|ed)?|killed|kills?|bomb(?:s|ed|ing|ings)?|explosions?|"
                                  r"assaults?|shelling|ambush(?:ed)?|clash(?:es|ed)?)\b", re.IGNORECASE)),
    (EventKind.SEIZURE, re.compile(r"\b(?:seiz(?:e|ed|es|ing|ure|ures)|confiscat\w+|intercept(?:ed|s)?)\b", re.IGNORECASE)),
    (EventKind.AGREEMENT, re.compile(r"\b(?:sign(?:s|ed|ing)?|agreed|agrees?|agreements?|accords?|memorandum|"
                                     r"deals?|treaty|ratif\w+)\b", re.IGNORECASE)),
    (EventKind.VISIT, re.compile(r"\b(?:visit(?:s|ed|ing)?|trips?|travell?(?:ed|ing)|toured|tours?)\b", re.IGNORECASE)),
    (EventKind.MEETING, re.compile(r"\b(?:met|meet(?:s|ing|ings)?|hosted|hosts?|summits?|conferences?)\b", re.IGNORECASE)),
    (EventKind.TALKS, re.compile(r"\b(?:talks|negotiat\w+|discuss(?:ed|es|ions?)?|consultations?|dialogue|"
                                 r"pressed|urged)\b", re.IGNORECASE)),
    (EventKind.STATEMENT, re.compile(r"\b(?:said|says|say|stated|statements?|announced?|announcements?|noted|"
                                     r"declared|told|pledged|warned|claimed)\b", re.IGNORECASE)),
]  # fmt: skip
ALLEGED = re.compile(r"\b(?:alleged(?:ly)?|accused|suspected|linked\s+to|claimed)\b", re.IGNORECASE)
FUTURE = re.compile(
    r"\b(?:will|shall|plans?\s+to|is\s+to|are\s+to|due\s+to|scheduled|expected\s+to|upcoming)\b"
)
MERGEABLE = {EventKind.VISIT, EventKind.MEETING, EventKind.TALKS}


@dataclass
class ProposedEvent:
    """An event the extractor proposes for review, with the sentence(s) that state it."""

    kind: EventKind
    date: DateSpan
    date_text: str
    places: list[str]
    actors: list[str]
    passages: list[tuple[int, int]]
    text: str = field(repr=False)
    status: Status = Status.REPORTED
    date_from: str = "sentence"  # or "paragraph": the date is the paragraph's, stated in an earlier sentence
    places_to_review: list[str] = field(default_factory=list)  # the linker's best guess for ambiguous places

    @property
    def start(self) -> int:
        return self.passages[0][0]

    @property
    def end(self) -> int:
        return self.passages[-1][1]

    def to_json(self) -> dict[str, Any]:
        """The JSON line of ``regionmap events FILE``."""
        s, e = self.start, self.end
        return {
            "kind": self.kind.value, "date_start": self.date.start.isoformat(),
            "date_end": self.date.end.isoformat(), "precision": self.date.precision.value,
            "part": self.date.part, "date_text": self.date_text, "date_from": self.date_from,
            "status": self.status.value, "places": self.places, "places_to_review": self.places_to_review,
            "actors": self.actors,
            "quote": self.text[s:e], "start": s, "end": e, "passages": [list(p) for p in self.passages],
        }  # fmt: skip


@dataclass
class Proposals:
    """What the extractor found in one text."""

    events: list[ProposedEvent]
    actors: list[ActorMention]
    dates: list[DateMention]
    sentences: list[tuple[int, int]]

    def new_actors(self) -> list[dict[str, Any]]:
        """Actors not in the index, once each, with every span that names them: to review."""
        out: dict[str, dict[str, Any]] = {}
        for a in self.actors:
            if a.actor_id is None:
                rec = out.setdefault(a.name, {"name": a.name, "kind": a.kind, "role": a.role,
                                              "affiliation": a.affiliation, "mentions": []})  # fmt: skip
                rec["role"] = rec["role"] or a.role
                rec["affiliation"] = rec["affiliation"] or a.affiliation
                rec["mentions"].append([a.start, a.end])
        return list(out.values())


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans, whitespace trimmed, as the reader segments them (:func:`sentences.text_spans`)."""
    return text_spans(text)


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def _kind(text: str, s: int, e: int, date: DateMention) -> EventKind:
    best: tuple[int, int, EventKind] | None = None
    for rank, (kind, rx) in enumerate(KIND_CUES):
        for m in rx.finditer(text, s, e):
            dist = max(0, date.start - m.end(), m.start() - date.end)
            if best is None or (dist, rank) < best[:2]:
                best = (dist, rank, kind)
    return best[2] if best else EventKind.OTHER


def _status(sentence: str, date: DateSpan, published: dt.date) -> Status:
    if ALLEGED.search(sentence):
        return Status.ALLEGED
    if date.start > published or (FUTURE.search(sentence) and date.end >= published):
        return Status.PLANNED
    return Status.REPORTED


def _in(s: int, e: int, a: int, b: int) -> bool:
    return a <= s and e <= b


def propose(
    text: str,
    published: dt.date | None,
    linker: Linker | None = None,
    index: ActorIndex | None = None,
    *,
    mentions: Sequence[Mention] | None = None,
    carry_dates: bool = True,
) -> Proposals:
    """Propose events, actors and dates for a text; nothing is saved.

    Parameters
    ----------
    text
        The article's text; offsets are ``str`` indices into it.
    published
        The publication date: the anchor of relative dates. Today if None.
    linker, mentions
        Place mentions come from ``mentions`` if given, else from ``linker.link(text)``; with
        neither, events are proposed from actors alone.
    index
        Known actors; names found by title patterns are proposed as new actors.
    carry_dates
        A sentence without a date that states an event (a cue word and an actor) takes the date
        of an earlier sentence of its paragraph ("On September 18, ... . X met Y ...").

    Returns
    -------
    Proposals
        Events in text order; adjacent sentences with the same dates and a shared actor or place
        are one event when both are visits, meetings or talks.
    """
    published = published or dt.date.today()
    sents = sentences(text)
    places_found = list(mentions) if mentions is not None else (linker.link(text) if linker else [])
    resolved = [(m.start, m.end, m.feature_id, m.name or m.surface, m.needs_review) for m in places_found
                if m.feature_id]  # fmt: skip
    places = [(s, e, f, n) for s, e, f, n, unsure in resolved if not unsure]
    # an ambiguous place ("Kabul": city or province?) still makes a sentence an event; its best
    # guess is listed apart, for the reviewer to decide
    unsure_places = [(s, e, f) for s, e, f, _, unsure in resolved if unsure]
    actors = find_actors(text, index, [(s, e, n) for s, e, _, n, _ in resolved])
    actors = sorted(actors + _acting_places(text, places, actors, index), key=lambda a: a.start)
    dates = find_dates(text, published, sentences=sents)
    # a place inside an actor's title is an affiliation ("Tajik President"), not where something happened
    phrases = [(a.phrase_start if a.phrase_start is not None else a.start, a.end) for a in actors]
    venue = [p for p in places if not any(s <= p[0] and p[1] <= e for s, e in phrases)]
    unsure_venue = [p for p in unsure_places if not any(s <= p[0] and p[1] <= e for s, e in phrases)]
    paras = _paragraph_starts(text)
    events: list[ProposedEvent] = []
    last_date: tuple[int, DateMention] | None = None  # (paragraph, date) of the latest dated sentence
    for s, e in sents:
        para = max(i for i, p in enumerate(paras) if p <= s)
        ds = [d for d in dates if _in(d.start, d.end, s, e)]
        ps = list(dict.fromkeys(fid for a, b, fid, _ in venue if _in(a, b, s, e)))
        ur = [f for f in dict.fromkeys(f for a, b, f in unsure_venue if _in(a, b, s, e)) if f not in ps]
        acts = list(dict.fromkeys(a.key for a in actors if _in(a.start, a.end, s, e)))
        sentence = text[s:e]
        if ds and all(_in(d.start, d.end, s, e) for d in ds) and sentence == " ".join(d.text for d in ds):
            # a dateline: a line that is only a date
            kind = EventKind.PUBLICATION if ds[0].span.start == published else EventKind.OTHER
            events.append(ProposedEvent(kind, ds[0].span, ds[0].text, [], [], [(s, e)], text))
            last_date = (para, ds[0])
            continue
        if not ds and carry_dates and last_date and last_date[0] == para and acts:
            kind = _kind(text, s, e, last_date[1])
            if kind != EventKind.OTHER and last_date[1].span.precision == DatePrecision.DAY:
                d = last_date[1]
                events.append(ProposedEvent(kind, d.span, d.text, ps, acts, [(s, e)], text,
                                            _status(sentence, d.span, published), "paragraph", ur))  # fmt: skip
            continue
        if ds:
            last_date = (para, ds[-1])
        if not (ps or acts or ur):
            continue
        seen: set[tuple[dt.date, dt.date]] = set()
        for d in ds:
            if (d.span.start, d.span.end) in seen:  # "beginning on October 2 ... over three days": one range
                continue
            seen.add((d.span.start, d.span.end))
            events.append(ProposedEvent(_kind(text, s, e, d), d.span, d.text, ps, acts, [(s, e)], text,
                                        _status(sentence, d.span, published), places_to_review=ur))  # fmt: skip
    return Proposals(_merge(events, sents), actors, dates, sents)


# a place that is the subject of an event verb acts: "Afghanistan and Tajikistan agreed", "Russia said"
ACTS = re.compile(
    r"\s+(?:\w+ly\s+)?(?:agreed|signed|said|says|announced|stated|met|hosted|pledged|warned|urged|pressed|"
    r"discussed|declared|seized|attacked|launched|accused|denied|rejected|ratified)\b"
)


def _acting_places(text: str, places: list[tuple[int, int, str, str]], actors: list[ActorMention],
                   index: ActorIndex | None) -> list[ActorMention]:  # fmt: skip
    govs = {r.feature: r for r in (index.records.values() if index else ()) if r.feature}
    out: list[ActorMention] = []
    for i, (s, e, fid, name) in enumerate(places):
        group = [(s, e, fid, name)]
        nxt = places[i + 1] if i + 1 < len(places) else None
        if nxt and re.fullmatch(r",?\s+and\s+", text[e : nxt[0]]):
            group.append(nxt)
            e = nxt[1]
        if not ACTS.match(text, e) or any(a.start < e and s < a.end for a in actors):
            continue
        for ps, pe, pid, pname in group:
            rec = govs.get(pid)
            out.append(ActorMention(ps, pe, text[ps:pe], rec.id if rec else None, rec.name if rec else pname,
                                    "government"))  # fmt: skip
    # "Afghanistan and Tajikistan agreed": the first place's pair is found twice
    return list({(a.start, a.end): a for a in out}.values())


def _merge(events: list[ProposedEvent], sents: list[tuple[int, int]]) -> list[ProposedEvent]:
    order = {sp: i for i, sp in enumerate(sents)}
    out: list[ProposedEvent] = []
    for ev in events:
        prev = out[-1] if out else None
        if (
            prev is not None
            and order.get(ev.passages[0], -9) - order.get(prev.passages[-1], -9) == 1
            and (prev.date.start, prev.date.end) == (ev.date.start, ev.date.end)
            and (set(prev.actors) & set(ev.actors) or set(prev.places) & set(ev.places))
            and (prev.kind == ev.kind or {prev.kind, ev.kind} <= MERGEABLE)
        ):
            prev.passages.append(ev.passages[0])
            prev.places = list(dict.fromkeys(prev.places + ev.places))
            prev.places_to_review = [
                f for f in dict.fromkeys(prev.places_to_review + ev.places_to_review) if f not in prev.places
            ]
            prev.actors = list(dict.fromkeys(prev.actors + ev.actors))
            continue
        out.append(ev)
    return out


if __name__ == "__main__":  # python -m regionmap.extract --evaluate [--heldout DIR] [--errors]
    import sys

    from .extract_eval import main

    sys.exit(main([a for a in sys.argv[1:] if a != "--evaluate"]))
