"""People and organisations: the actor index, their dated roles, and finding them in any text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from .model import FEATURE_ID, LinkKind, _iso_date, _Strict


class ActorKind(StrEnum):
    """What an actor is: a person, an organisation, a state's government, or a looser group."""

    PERSON = "person"
    ORGANISATION = "organisation"
    GOVERNMENT = "government"
    GROUP = "group"


class ActorRecord(_Strict):
    """One entry of ``data/actors.json``: who the actor is, and every spelling of the name."""

    id: Annotated[str, Field(pattern=FEATURE_ID)]
    name: Annotated[str, Field(min_length=1)]
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    feature: str | None = None  # the map feature that stands for the actor (a government's country)
    note: str | None = None
    references: list[str] = Field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


class Passage(_Strict):
    """A span of an article's text with its exact words (checked against the text on loading)."""

    quote: Annotated[str, Field(min_length=1)]
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> Passage:
        if self.end <= self.start:
            raise ValueError(f"end {self.end} must be after start {self.start}")
        return self


class RoleRecord(Passage):
    """A role as one article states it at its date ("Minister of Foreign Affairs", Tajikistan, 2020-10-30)."""

    actor: str
    role: Annotated[str, Field(min_length=1)]
    affiliation: str | None = None
    as_of: dt.date
    article: str = ""

    _dates = field_validator("as_of", mode="before")(_iso_date)


class ActorLink(Passage):
    """An actor tied to a span of an article: a *mention* names them, a *passage* is about them."""

    actor: str
    kind: LinkKind = LinkKind.MENTION
    article: str = ""


@dataclass(frozen=True)
class ActorIndex:
    """Every known actor with the roles and links the articles give them."""

    records: dict[str, ActorRecord] = field(default_factory=dict)
    roles: tuple[RoleRecord, ...] = ()
    links: tuple[ActorLink, ...] = ()

    def __len__(self) -> int:
        return len(self.records)

    def __iter__(self) -> Iterator[ActorRecord]:
        """The actor records, in index order (what a loop over ``Dataset.actors`` sees)."""
        return iter(self.records.values())

    def roles_of(self, actor_id: str) -> list[RoleRecord]:
        """The actor's roles, the most recent statement first."""
        return sorted((r for r in self.roles if r.actor == actor_id), key=lambda r: r.as_of, reverse=True)

    def links_of(self, actor_id: str, article: str | None = None) -> list[ActorLink]:
        """The actor's links in text order, optionally of one article only."""
        return [
            lk for lk in self.links if lk.actor == actor_id and (article is None or lk.article == article)
        ]

    def forms(self) -> dict[str, list[str]]:
        """Every spelling of every actor (as written, case kept) -> the actor ids it may name."""
        out: dict[str, list[str]] = {}
        for rec in self.records.values():
            for n in rec.names:
                ids = out.setdefault(n.strip(), [])
                if rec.id not in ids:
                    ids.append(rec.id)
        return out

    def resolve(self, name: str) -> str | None:
        """The id of the one actor a name (any spelling, case ignored) stands for, else None."""
        key = _fold(name)
        ids = {i for n, ids in self.forms().items() if _fold(n) == key for i in ids}
        return ids.pop() if len(ids) == 1 else None

    def for_article(self, article: str) -> ActorIndex:
        """Only the actors an article mentions, with that article's roles and links."""
        links = tuple(lk for lk in self.links if lk.article == article)
        roles = tuple(r for r in self.roles if r.article == article)
        ids = {lk.actor for lk in links} | {r.actor for r in roles}
        return ActorIndex({k: v for k, v in self.records.items() if k in ids}, roles, links)


def _fold(s: str) -> str:
    return " ".join(s.replace("’", "'").split()).casefold()


# --------------------------------------------------------------------------- finding actors in text

# heads of titles; the name follows the title ("Minister of Foreign Affairs Sirojidin Muhriddin")
TITLE_HEADS = (
    r"(?:Vice\s+President|President|Prime\s+Minister|(?:Foreign|Defen[cs]e|Interior|Finance|Energy|Economy|"
    r"Trade|Justice)\s+Minister|Minister|Secretary(?:-General|\s+General|\s+of\s+State)?|Ambassador|"
    r"Special\s+(?:Representative|Envoy)|Envoy|[Ee]nvoy|Chairman|Chairwoman|Chairperson|Chair|Director(?:-General)?|"
    r"Governor|Mayor|Commander|Speaker|Spokes(?:man|woman|person)|[Ss]pokes(?:man|woman|person)|Senator|King|Emir|"
    r"Sheikh|Chief|Deputy|Adviser|Advisor|Head|Leader|(?:Colonel|Lieutenant|Major|Brigadier)-General|General)"
)
TITLE_RX = re.compile(rf"(?<![\w-])(?P<acting>Acting\s+|acting\s+)?(?P<head>{TITLE_HEADS})(?![\w-])")
# words of titles and offices, never part of a person's name
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "ministry", "secretary", "general", "ambassador", "special",
    "representative", "envoy", "chairman", "chairwoman", "chairperson", "chair", "director", "governor",
    "mayor", "commander", "speaker", "spokesman", "spokeswoman", "spokesperson", "senator", "king", "emir",
    "sheikh", "chief", "deputy", "adviser", "advisor", "head", "leader", "colonel", "lieutenant", "major",
    "brigadier", "colonel-general", "lieutenant-general", "major-general", "acting", "foreign", "affairs",
    "interior", "defense", "defence", "finance", "energy", "economy", "trade", "justice", "state", "committee",
    "national", "security", "council", "office", "agency", "service", "services", "department", "internal",
    "reconciliation", "emergency", "situations", "health", "education", "transport", "industry", "water",
    "resources", "development", "agriculture", "labor", "labour", "migration", "culture", "republic",
    "federal", "central", "bank", "intelligence", "the", "of", "for", "and", "on", "to", "first", "executive",
    "government", "administration", "assembly", "staff", "forces", "army", "embassy", "parliament", "ministers",
}  # fmt: skip
# last words of an organisation's name
ORG_TAILS = {
    "ministry", "committee", "council", "commission", "agency", "bank", "organisation", "organization", "front",
    "movement", "party", "army", "forces", "police", "guard", "fund", "institute", "center", "centre",
    "corporation", "company", "network", "security", "affairs", "office", "service", "services", "department",
    "endowment", "foundation", "association", "union", "alliance", "coalition",
}  # fmt: skip
CONNECT = {"of", "the", "for", "and", "on", "to"}
NAME_TOKEN = re.compile(r"[^\W\d_][\w’'.-]*|\S")
APPOSITION = re.compile(
    r"(?P<name>(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+),\s+(?:the\s+|a\s+|an\s+)?(?P<role>(?:head|chairman|leader|"
    r"director|chief|founder|spokes(?:man|woman|person)|commander|minister|president|secretary(?:-general)?|"
    r"governor|mayor|envoy|ambassador)\b[^,.;]{0,80}?)(?=[,.;]|\s+(?:said|says|told|who|and)\b)"
)
LED_BY = re.compile(
    r"\b(?P<verb>headed|led|founded|run)\s+by\s+(?P<name>(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)"
)
TITLE_APPOS = re.compile(
    r"[^,.;\n]{0,60}?(?P<comma>,)\s+(?P<name>(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)(?=[,.;])"
)
BYLINE = re.compile(r"^(?:By|Author:?)\s*(?P<name>(?:[A-Z][\w’'-]+\s+){0,3}[A-Z][\w’'-]+)\s*$", re.MULTILINE)
ORG_HEAD = (
    r"(?:Ministry|Office|Committee|Council|Commission|Agency|Bank|Organi[sz]ation|Services?|Department|Front|"
    r"Movement|Party|Army|Forces|Police|Guard|Fund|Institute|Center|Centre|Corporation|Company|Network|Endowment|Foundation|Association|Union|Alliance|Coalition)"
)
ORG_RX = re.compile(
    rf"\b(?P<org>(?:[A-Z][\w’'-]+\s+){{0,4}}{ORG_HEAD}(?:\s+(?:of|for|on)\s+(?:the\s+)?"
    rf"(?:[A-Z][\w’'-]+(?:\s+(?:and|of)\s+|\s+)?){{1,5}})?)"
)
RANKS = {"colonel-general", "lieutenant-general", "major-general", "general", "colonel", "ambassador", "acting",
         "and", "of", "for", "on", "the"}  # fmt: skip


@dataclass(frozen=True)
class ActorMention:
    """An actor named in a text: a known actor (``actor_id``) or a proposal for review."""

    start: int
    end: int
    surface: str
    actor_id: str | None
    name: str
    kind: str = ActorKind.PERSON.value
    role: str | None = None
    affiliation: str | None = None
    phrase_start: int | None = None  # where the title and its affiliation begin ("Tajik President ...")

    @property
    def key(self) -> str:
        """The actor id, or the proposed name: what an event lists as its actor."""
        return self.actor_id or self.name

    def to_json(self) -> dict:
        return {
            "start": self.start, "end": self.end, "surface": self.surface, "actor": self.actor_id,
            "name": self.name, "kind": self.kind, "role": self.role, "affiliation": self.affiliation,
        }  # fmt: skip


def _overlaps(s: int, e: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(s < b and a < e for a, b in spans)


def _name_after_title(text: str, pos: int, places: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The person's name at the end of the capitalised run that starts at ``pos`` (after a title head)."""
    run: list[tuple[int, int]] = []
    for m in NAME_TOKEN.finditer(text, pos, min(len(text), pos + 160)):
        tok = m.group()
        if "\n" in text[run[-1][1] if run else pos : m.start()]:
            break  # a name never runs on to the next line
        if tok.lower() in CONNECT or (tok[:1].isupper() and tok[:1].isalpha()):
            run.append(m.span())
            continue
        break
    # the name: the trailing capitalised tokens that are neither title words nor places
    name: list[tuple[int, int]] = []
    for s, e in reversed(run):
        tok = text[s:e].rstrip(".")
        if tok.lower() in TITLE_WORDS or _overlaps(s, e, places) or not tok[:1].isupper():
            break
        name.insert(0, (s, e))
    name = name[-4:]
    if not name:
        return None
    s, e = name[0][0], name[-1][1]
    while e > s and text[e - 1] in ".’'":  # a sentence-final full stop, a possessive
        e -= 1
    return s, e


def _headlines(text: str) -> list[tuple[int, int]]:
    """Lines written in title case (most words capitalised): headlines, where every word looks like a name."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in line.split() if w[:1].isalpha()]
        ends = line.rstrip()[-1:] in '.!?:;"”’)'  # a headline has no closing full stop
        if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words) and not ends:
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _affiliation(
    text: str, head_start: int, places: Sequence[tuple[int, int, str]]
) -> tuple[str, int] | None:
    """The place named just before a title ("Tajik President", "Afghanistan’s Acting Foreign Minister")."""
    for s, e, name in reversed(places):
        if e <= head_start:
            gap = text[e:head_start]
            if re.fullmatch(r"(?:’s|'s)?\s+(?:(?:Acting|acting|former|Former|new|then)\s+)?", gap):
                return name, s
            return None
    return None


def find_actors(
    text: str, index: ActorIndex | None = None, places: Sequence[tuple[int, int, str]] = ()
) -> list[ActorMention]:
    """Actors named in ``text``: known spellings from the index, then names after titles and in bylines.

    Parameters
    ----------
    text
        Any text; offsets are ``str`` indices into it.
    index
        Known actors; every spelling matches whole words, case kept. Unknown names become proposals
        (``actor_id`` None) with the role and affiliation the text gives them.
    places
        Place mentions as ``(start, end, place name)``: a place is never part of a person's name and
        a place just before a title is the title's affiliation.

    Returns
    -------
    list of ActorMention
        In text order, not overlapping.
    """
    index = index or ActorIndex()
    place_spans = [(s, e) for s, e, _ in places]
    cands: list[tuple[int, int, str | None, str | None, ActorKind, int]] = []  # names the patterns find
    heads = _headlines(text)
    for m in TITLE_RX.finditer(text):
        if _overlaps(m.start(), m.end(), heads):
            continue
        span = _name_after_title(text, m.end(), place_spans)
        role_end = span[0] if span else m.end()
        if span is None:  # "the U.S. special envoy for the region, Daniel Whitcomb, travelled"
            ap = TITLE_APPOS.match(text, m.end())
            if ap is None or _overlaps(*ap.span("name"), place_spans):
                continue
            span, role_end = ap.span("name"), ap.start("comma")
        role = " ".join(text[m.start() : role_end].split()).rstrip(" ,")
        found = _affiliation(text, m.start(), places)
        cands.append(
            (*span, role, found[0] if found else None, ActorKind.PERSON, found[1] if found else m.start())
        )
    for m in APPOSITION.finditer(text):
        s, e = m.span("name")
        if text[s:e].split()[0].lower() not in TITLE_WORDS and not _overlaps(s, e, place_spans):
            cands.append((s, e, " ".join(m.group("role").split()), None, ActorKind.PERSON, s))
    for m in LED_BY.finditer(text):
        s, e = m.span("name")
        after = re.match(r"\s+of\s+", text[e:])
        aff = next((n for ps, _, n in places if after and ps == e + after.end()), None)
        role = {"headed": "head", "led": "leader", "founded": "founder", "run": "head"}[m.group("verb")]
        cands.append((s, e, role, aff, ActorKind.PERSON, m.start()))
    for m in BYLINE.finditer(text):
        cands.append((*m.span("name"), "author", None, ActorKind.PERSON, m.start()))
    people = [(s, e) for s, e, *_ in cands]
    for m in ORG_RX.finditer(text):
        s, e = m.span("org")
        if text.startswith(("The ", "the "), s):
            s += 4
        # an office's name stops where a person's name begins ("... National Security Colonel-General Saymumin")
        e = min([ps for ps, pe in people if s < ps < e] + [e])
        toks = list(re.finditer(r"\S+", text[s:e]))
        while toks and toks[-1].group().lower() in RANKS:
            toks.pop()
        if toks and any(t.group().lower() in ORG_TAILS for t in toks):
            e = s + toks[-1].end()
            if any((a, b) == (s, e) for a, b in place_spans):
                continue
            cands.append((s, e, None, None, ActorKind.ORGANISATION, s))
    out: list[ActorMention] = []
    taken: list[tuple[int, int]] = []

    def add(m: ActorMention) -> None:
        if not _overlaps(m.start, m.end, taken):
            out.append(m)
            taken.append((m.start, m.end))

    def role_at(s: int, e: int) -> tuple[str | None, str | None, int | None]:
        return next(
            ((r, a, p) for cs, ce, r, a, _, p in cands if cs < e and s < ce and (r or a)), (None, None, None)
        )

    forms = index.forms()
    if forms:
        rx = re.compile(
            r"(?<![\w-])(?:"
            + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
            + r")(?![\w-])"
        )
        for m in rx.finditer(text):
            ids = forms[m.group()]
            rec = index.records[ids[0]]
            c_role, c_aff, c_phrase = role_at(*m.span())
            add(ActorMention(m.start(), m.end(), m.group(), ids[0] if len(ids) == 1 else None, rec.name,
                             rec.kind.value, c_role, c_aff, c_phrase))  # fmt: skip
    proposed: dict[str, ActorMention] = {}
    for s, e, c_role, c_aff, kind, c_phrase in sorted(cands, key=lambda c: (c[0], -c[1])):
        surface = text[s:e]
        known = index.resolve(surface)
        if known:
            rec = index.records[known]
            add(ActorMention(s, e, surface, known, rec.name, rec.kind.value, c_role, c_aff, c_phrase))
            continue
        prev = proposed.get(surface)
        mention = ActorMention(s, e, surface, None, surface, kind.value, c_role or (prev.role if prev else None),
                               c_aff or (prev.affiliation if prev else None), c_phrase)  # fmt: skip
        proposed.setdefault(surface, mention)
        add(mention)
    # a proposed person named elsewhere by the surname alone ("President Rahmon", "Whitcomb said")
    surnames = {p.name.split()[-1]: p for p in proposed.values() if p.kind == "person" and " " in p.name}
    if surnames:
        out = [
            dataclasses.replace(a, name=surnames[a.name].name, role=a.role or surnames[a.name].role)
            if a.actor_id is None and a.name in surnames else a
            for a in out
        ]  # fmt: skip
        rx = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, surnames)) + r")(?![\w-])")
        for m in rx.finditer(text):
            p = surnames[m.group()]
            add(ActorMention(m.start(), m.end(), m.group(), None, p.name, p.kind, p.role, p.affiliation))
    out.sort(key=lambda a: a.start)
    return out
