"""Find place mentions in any text with one Aho-Corasick pass and resolve them against the gazetteer."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import asdict, dataclass, field
from typing import Any

import ahocorasick

from .gazetteer import REGION_COUNTRIES, Entry, Gazetteer, normalise
from .lang import detect
from .linker_lang import FOREIGN, PREFIX, build_indexes, link_foreign
from .linker_people import is_person
from .linker_rules import (
    Around,
    by_apposition,
    context_types,
    ethnic_use,
    in_organisation,
    in_route_compound,
    language_use,
    polity_start,
    rules,
    word,
)
from .linker_tables import Cell, table_cells

CONFIDENT = 0.75  # below this a resolution goes to review
# prior weight of each kind of place before any context (a city's grows with its population)
TYPE_PRIOR = {"country": 3.0, "adm1": 2.2, "region": 2.4, "river": 2.0, "mountains": 2.0, "water": 2.0,
              "route": 2.0, "road": 2.0, "crossing": 1.8, "infrastructure": 1.8, "valley": 1.8, "corridor": 1.8,
              "pass": 1.8, "district": 1.4, "city": 1.0, "continent": 2.4, "historical": 2.0, "desert": 2.0}  # fmt: skip
AFTER_THE = {
    "river",
    "water",
    "mountains",
    "region",
    "valley",
    "corridor",
    "route",
    "desert",
}  # "the Panj" is the river, "the Karakum" the desert
TOWN, REGION = {"city"}, {"adm1", "region"}
# a town can share its name with a valley, a pass or a gorge, but is never a river, a lake or a range
PHYSICAL = {"river", "water", "mountains", "desert"}
NONE: frozenset[str] = frozenset()
# a name not in the gazetteer followed by a generic word: listed unresolved, for a person to decide.
# A lower-case generic word stays out of the span ("Zarbadakh district"); a capitalised one is part of it.
GENERIC_LOWER = "province|district|river|valley|pass|crossing|reservoir|dam|lake|canal|desert|gorge|glacier|enclave|exclave"
GENERIC_CAP = "River|Valley|Pass|Reservoir|Dam|Lake|Canal|Desert|Gorge|Glacier|Railway|Highway|Pipeline|Bridge|Tunnel|Sea|Range|Mountains"
NAME_WORD = r"(?:Trans-)?[A-Z][a-z’'-]+"
UNRESOLVED = re.compile(rf"\b((?:{NAME_WORD}\s){{0,2}}{NAME_WORD})\s({GENERIC_LOWER})\b")
UNRESOLVED_CAP = re.compile(
    rf"\b((?:{NAME_WORD}\s){{0,2}}{NAME_WORD}\s(?:{GENERIC_CAP}))\b|\b(Lake\s{NAME_WORD})\b"
)
LIST_GLUE = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+")
# "Andkhoy (Faryab)", "Qaisar and Almar districts (Faryab)": a name alone in brackets after a place
IN_BRACKETS = re.compile(r"(?:\s+[a-z]+)?\s*\(")
NOT_LOCAL = {"country", "adm1", "region", "continent", "historical"}
ON = re.compile(r",?\s+on\s+(?:the\s+)?")
WATER = frozenset({"water", "river"})


@dataclass(frozen=True)
class Candidate:
    """One place a mention may mean, with the score the linker gave it."""

    feature_id: str
    name: str
    lat: float
    lon: float
    score: float


@dataclass(frozen=True)
class Mention:
    """A place mention: its span, what it resolved to, how sure the linker is."""

    start: int
    end: int
    surface: str
    feature_id: str | None
    name: str | None
    lat: float | None
    lon: float | None
    confidence: float
    candidates: tuple[Candidate, ...] = field(default=())

    @property
    def needs_review(self) -> bool:
        """Unresolved, ambiguous or unsure: a person should decide before it is saved as a link."""
        return self.feature_id is None or bool(self.candidates) or self.confidence < CONFIDENT

    def to_json(self) -> dict:
        out = asdict(self)
        out["lat"] = None if self.lat is None else round(self.lat, 5)
        out["lon"] = None if self.lon is None else round(self.lon, 5)
        out["confidence"] = round(self.confidence, 3)
        if self.candidates:
            out["candidates"] = [{**asdict(c), "score": round(c.score, 3)} for c in self.candidates]
        else:
            out.pop("candidates")
        return out


@dataclass
class _Found:
    start: int
    end: int
    key: str
    around: Around
    ctx: dict[str, Any]
    cell: Cell | None = None
    prev: tuple[int, str] | None = None  # the end and key of the mention before it


class Linker:
    """A reusable linker over one gazetteer (build once, link many texts)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        # Russian and Dari/Persian names (linker_lang): their form keys start with PREFIX, not text
        self.foreign = build_indexes(gazetteer)
        self.automaton = ahocorasick.Automaton()
        for key in gazetteer.forms:
            if key[:1] != PREFIX:
                self.automaton.add_word(key, len(key))  # the key is the matched text itself
        self.automaton.make_automaton()
        # acronyms ("US", "KP", "GBAO") must match in capitals: "us" is a pronoun; "u.s." in a
        # lower-case headline is still the country, so dotted forms are exempt
        self.exact_case = {
            k: w for k, w in gazetteer.written.items() if k.isalpha() and len(k) <= 5 and all(s.isupper() for s in w)
        }  # fmt: skip
        self.known = {k for k in gazetteer.forms if " " not in k and k[:1] != PREFIX}

    # -- finding -------------------------------------------------------------------------------
    def _raw_matches(self, low: str) -> list[tuple[int, int, str]]:
        n = len(low)
        found = []
        for end_idx, length in self.automaton.iter(low):
            start, end = end_idx - length + 1, end_idx + 1
            key = low[start:end]
            if start > 0 and (low[start - 1].isalnum() or (low[start - 1] == "." and key[0].isalnum())):
                continue
            if end < n and low[end].isalnum():
                continue
            found.append((start, end, key))
        return found

    def _case_ok(self, text: str, start: int, end: int, key: str, lower_lines: set[int]) -> bool:
        surface = text[start:end]
        if key in self.exact_case:
            return surface in self.exact_case[key]
        if text.rfind("\n", 0, start) in lower_lines:  # a headline written all in lower case
            return True
        # each word capitalised as the gazetteer writes it: "Khatlon Region" is a name,
        # "Khatlon region" is the name "Khatlon" and a common noun
        words = surface.split()
        return any(
            len(ws := w.split()) == len(words)
            and all(a[:1].isupper() == b[:1].isupper() or a.isupper() for a, b in zip(words, ws))
            for w in self.gaz.written[key]
        )

    @staticmethod
    def _lower_lines(text: str) -> set[int]:
        # positions of the newline before each line that has letters but no capitals (a headline in lower case)
        out, pos = set(), -1
        for line in text.split("\n"):
            if any(c.isalpha() for c in line) and not any(c.isupper() for c in line):
                out.add(pos)
            pos += len(line) + 1
        return out

    def _names_a_people(self, key: str) -> bool:
        # a demonym, or a country's adjective kept among its aliases ("Tajiks", "Uzbek")
        return all(
            kind == "demonym" or (self.gaz.entries[eid].type == "country" and key != normalise(self.gaz.entries[eid].name)
                                  and key[:1].isalpha() and key.isalpha())
            for eid, kind in self.gaz.forms[key]
        )  # fmt: skip

    def names_a_people(self, surface: str) -> bool:
        """Whether ``surface`` is only ever a demonym or a country's adjective."""
        key = normalise(surface)
        return key in self.gaz.forms and self._names_a_people(key)

    def _not_a_place(self, text: str, s: int, e: int, key: str, a: Around) -> str | None:
        """Why a match is not a place mention (``organisation``, ``people``, ``person``), or None."""
        r = rules()
        if in_organisation(a, r) or in_route_compound(a) or by_apposition(text, s, e, a, r):
            return "organisation"
        if self._names_a_people(key):
            return "people" if ethnic_use(a, r) or language_use(a, r) else None
        cands = [self.gaz.entries[eid] for eid, _ in self.gaz.forms[key]]
        town = any(c.type in ("city", "district") for c in cands)
        # a place that never speaks for its government: no country, region or city of 100,000
        small = all(c.type in ("city", "district") and c.population < 100_000 for c in cands)
        if is_person(a, r, text[s:e], self.known, town, small):
            return "person"
        return None

    # -- resolving -----------------------------------------------------------------------------
    def _score(self, e: Entry, kind: str, ctx: dict) -> float:
        s = TYPE_PRIOR.get(e.type, 1.2)
        if e.population:
            s += math.log10(e.population + 1) / 6
        if e.type == "city" and e.population > 100_000:
            # a village of a thousand never outweighs a city of a million without context
            s += 0.75 * (math.log10(e.population) - 5)
        if e.country in REGION_COUNTRIES or e.is_feature or (e.country is None and e.type != "city"):
            s += 1.0
        if ctx["key"] == normalise(e.name):  # named by its own name, not an alias
            s += 0.5
        if ctx["after_the"] and e.type in AFTER_THE:
            s += 2.0
        if e.country and e.country in ctx["countries"]:
            s += 0.8
        if e.is_feature:
            s += 0.3
        if ctx["types"] and e.type in ctx["types"]:
            s += 3.0
        if ctx["government"] and e.type == "city" and e.population >= 300_000:
            s += 1.0
        if kind == "demonym" and e.type != "country":
            s -= 0.5
        if kind == "variant":
            s -= 0.3
        if kind == "short" and not ((ctx["after_the"] and e.type in AFTER_THE) or e.type in ctx["types"]):
            s -= 2.5  # "Aral" is the sea only as "the Aral" or "Aral sea"; "Tashkent" the region only as "the Tashkent region"
        if e.id in ctx["steer_admin1"] or (e.admin1 and e.admin1 in ctx["steer_admin1"]):
            s += 3.0
        elif e.country and e.country in ctx["steer_country"]:
            s += 2.0
        if e.id in ctx["seats"] and (not ctx["types"] or "city" in ctx["types"]):
            s += 2.5  # "Osh", "in Osh", "OSH, Kyrgyzstan —": the seat city, not the region named after it
        if e.id in ctx["holds_namesake"] and (not ctx["types"] or ctx["types"] & REGION):
            s += 1.5  # "Balkh": the province, not the smaller town of that name inside it
        return s

    def _context(self, f: _Found, nxt: _Found | None, text: str, doc_countries: set, gov: list[int]) -> dict:
        forms = self.gaz.forms[f.key]
        a = f.around
        types, level = context_types(a, rules())
        if not types and f.cell is not None:  # a cell of a table's "Province" column
            types, level = f.cell.types, f.cell.level
        if not types and f.prev is not None and self._locates(f, nxt, text):
            types, level = frozenset(REGION), "region"
        if not types and f.prev is not None and self._on_water(f, text):
            types = WATER
        ctx: dict[str, Any] = {
            "countries": doc_countries, "types": types, "level": level, "key": f.key, "after_the": False,
            "government": False, "steer_admin1": NONE, "steer_country": NONE, "seats": NONE, "holds_namesake": NONE,
        }  # fmt: skip
        if len(forms) == 1:
            return ctx  # one candidate: only the kind of place the words around it name matters
        cands = [self.gaz.entries[eid] for eid, _ in forms]
        ctx["after_the"] = self._after_the(a)
        i = bisect.bisect_left(gov, f.start - 120)
        ctx["government"] = i < len(gov) and gov[i] <= f.end + 120
        if nxt is not None and (
            re.fullmatch(r",\s*", text[f.end : nxt.start])
            or (IN_BRACKETS.fullmatch(text[f.end : nxt.start]) and text[nxt.end : nxt.end + 1] == ")")
        ):  # "X, GBAO", "X, Afghanistan", "X (Kunduz)"
            ys = [self.gaz.entries[eid] for eid, _ in self.gaz.forms[nxt.key]]
            ctx["steer_admin1"] = {y.admin1 for y in ys if y.type == "adm1" and y.admin1}
            ctx["steer_country"] = {y.country or y.id[8:].upper() for y in ys if y.type == "country"}
        by_id = {c.id: c for c in cands}
        regions = [c for c in cands if c.type in REGION]
        if regions:
            ctx["seats"] = {c.seat for c in regions if c.seat in by_id}
            ctx["holds_namesake"] = {
                c.id for c in regions if c.admin1
                and any(t.type == "city" and t.admin1 == c.admin1 and t.id != c.seat for t in cands)
            }  # fmt: skip
        return ctx

    def _locates(self, f: _Found, nxt: _Found | None, text: str) -> bool:
        """The region a place lies in, written after it: "Andkhoy (Faryab)", "Imam Sahib, Kunduz"
        (not the next name of a list: "Kabul, Herat and Kandahar")."""
        assert f.prev is not None
        prev_end, prev_key = f.prev
        gap = text[prev_end : f.start]
        regions = [self.gaz.entries[eid] for eid, _ in self.gaz.forms[f.key]]
        regions = [r for r in regions if r.type in REGION]
        if not regions:
            return False
        local = [self.gaz.entries[eid] for eid, _ in self.gaz.forms[prev_key]]
        local = [t for t in local if t.type not in NOT_LOCAL]
        if not local:
            return False
        if IN_BRACKETS.fullmatch(gap) and text[f.end : f.end + 1] == ")":
            return True
        if not re.fullmatch(r",\s*", gap) or (
            nxt is not None and LIST_GLUE.fullmatch(text[f.end : nxt.start])
        ):
            return False
        return any(
            (t.admin1 and t.admin1 == r.admin1) or (not t.admin1 and t.country and t.country == r.country)
            for t in local
            for r in regions
        )

    def _on_water(self, f: _Found, text: str) -> bool:
        """ "Cholpon-Ata on Issyk-Kul", "Kerki on the Amu Darya": a town lies on a lake or a river."""
        assert f.prev is not None
        prev_end, prev_key = f.prev
        if not ON.fullmatch(text[prev_end : f.start]):
            return False
        return any(self.gaz.entries[eid].type in TOWN for eid, _ in self.gaz.forms[prev_key])

    @staticmethod
    def _after_the(a: Around) -> bool:
        # "the Panj", "the northern Aral", "the upper Amu Darya"
        if a.prefix:
            return False
        left = [word(t).lower() for t in a.left[-3:]]
        not_names = rules().not_names
        while left and left[-1] in not_names and left[-1] not in ("the", "a", "an"):
            left.pop()
        return left[-1:] == ["the"]

    def _rank(self, f: _Found) -> list[tuple[float, str]]:
        return sorted(
            ((self._score(self.gaz.entries[eid], kind, f.ctx), eid) for eid, kind in self.gaz.forms[f.key]),
            reverse=True,
        )

    def _level_of(self, f: _Found) -> str | None:
        """The one level all of a mention's candidates share, if any (for lists: "Kunduz and Takhar")."""
        types = {self.gaz.entries[eid].type for eid, kind in self.gaz.forms[f.key] if kind != "short"}
        if types <= REGION | {"district"} and types & {"adm1"}:
            return "region"
        if types == TOWN:
            return "town"
        return None

    def _list_votes(self, found: list[_Found], text: str) -> None:
        # the names of one list are of one kind ("Logar, Kabul and Paktika"): a name that may be a
        # town or a region takes the level the other names of its list have
        chain: list[_Found] = []
        for i, f in enumerate(found):
            chain.append(f)
            glued = i + 1 < len(found) and LIST_GLUE.fullmatch(text[f.end : found[i + 1].start])
            if not glued:
                if len(chain) > 1:
                    self._vote(chain)
                chain = []

    def _vote(self, chain: list[_Found]) -> None:
        hints = {}
        for f in chain:
            kinds = {self.gaz.entries[eid].type for eid, _ in self.gaz.forms[f.key]}
            both = bool(kinds & TOWN and kinds & REGION)
            # its own words ("Kunduz city"), one level for all its candidates, or a region whose
            # namesake town is not its seat ("Balkh" is the province)
            hint = (
                f.ctx["level"]
                or self._level_of(f)
                or ("region" if both and f.ctx["holds_namesake"] else None)
            )
            hints[id(f)] = (hint, both)
        votes = {h for h, _ in hints.values() if h}
        if len(votes) != 1:
            return
        lv = votes.pop()
        for f in chain:
            if hints[id(f)][1] and not f.ctx["level"]:
                f.ctx["level"] = lv
                f.ctx["types"] = frozenset(TOWN if lv == "town" else REGION)

    def link(self, text: str, lang: str | None = None) -> list[Mention]:
        """Every place mention in ``text``, in order; unresolved ones have ``feature_id`` None.

        Parameters
        ----------
        text
            Any text; offsets in the result are Python ``str`` indices into it.
        lang
            ``en``, ``ru`` or ``fa`` (Dari/Persian); None: detected (:func:`regionmap.lang.detect`).
        """
        if lang is None:
            lang = detect(text)
        if lang in FOREIGN:
            return link_foreign(self, text, lang)
        low = normalise(text)
        lower_lines = self._lower_lines(text)
        raw = [m for m in self._raw_matches(low) if self._case_ok(text, *m, lower_lines)]
        raw.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        found: list[_Found] = []
        last_end = -1
        # countries named without ambiguity steer the rest of the document (filled while reading)
        doc_countries: set[str | None] = set()
        gov = [m.start() for m in rules().government.finditer(text)]
        cells = table_cells(text, rules())
        polities: list[tuple[int, int]] = []
        cell_starts = [c.start for c in cells]
        for s, e, key in raw:  # leftmost-longest, no overlaps
            if s < last_end:
                continue
            a = Around.of(text, s, e)
            last_end = e
            cell = None
            if cells and (k := bisect.bisect_right(cell_starts, s) - 1) >= 0 and e <= cells[k].end:
                cell = cells[k]
                if cell.organisation:
                    continue  # a "Company" column: the names are organisations'
            why = self._not_a_place(text, s, e, key, a)
            if why is None and (p := polity_start(text, s, a, rules())) is not None and self._no_country(key):
                polities.append((p, e))  # "the Khanate of X" the gazetteer lacks: listed, unresolved
                continue
            if why == "person" and not a.tail and a.right:
                last_end = text.index(a.right[0], e) + len(a.right[0])  # the surname is no place either
            if why is not None:
                continue
            f = _Found(s, e, key, a, {}, cell, (found[-1].end, found[-1].key) if found else None)
            if found:  # the previous mention's context needs this one ("X, GBAO"); then its words can go
                self._close(found[-1], f, text, doc_countries, gov)
            found.append(f)
            cands = self.gaz.forms[key]
            if len(cands) == 1:
                only = self.gaz.entries[cands[0][0]]
                doc_countries.add(only.country or (only.id[8:].upper() if only.type == "country" else None))
        if found:
            self._close(found[-1], None, text, doc_countries, gov)
        self._list_votes(found, text)
        out = [self._mention(text, f) for f in found]
        self._add_unresolved(text, out, polities)
        return out

    def _no_country(self, key: str) -> bool:
        return all(self.gaz.entries[eid].type != "country" for eid, _ in self.gaz.forms[key])

    def _close(self, f: _Found, nxt: _Found | None, text: str, doc_countries: set, gov: list[int]) -> None:
        f.ctx = self._context(f, nxt, text, doc_countries, gov)
        f.around = None  # type: ignore[assignment]  # memory: a long text has a quarter of a million mentions

    def _mention(self, text: str, f: _Found) -> Mention:
        scored = self._rank(f)
        types = f.ctx["types"]
        if (types & PHYSICAL and not any(self.gaz.entries[eid].type in types for _, eid in scored)
                and not self._names_a_people(f.key)):  # fmt: skip
            # "the Isfara river" when the gazetteer knows only the town: the river, unknown here
            cands = tuple(self._candidate(eid, sc) for sc, eid in scored[:5])
            return Mention(f.start, f.end, text[f.start : f.end], None, None, None, None, 0.0, cands)
        best_score, best = scored[0]
        entry = self.gaz.entries[best]
        margin = best_score - scored[1][0] if len(scored) > 1 else 3.0
        confidence = 1 / (1 + math.exp(-1.5 * margin))
        candidates: tuple[Candidate, ...] = ()
        if margin < 0.6:
            candidates = tuple(self._candidate(eid, sc) for sc, eid in scored[:5])
        return Mention(
            f.start, f.end, text[f.start : f.end], entry.id, entry.name, entry.lat, entry.lon, confidence, candidates
        )  # fmt: skip

    def _candidate(self, eid: str, score: float) -> Candidate:
        e = self.gaz.entries[eid]
        return Candidate(eid, e.name, e.lat, e.lon, score)

    def _add_unresolved(self, text: str, out: list[Mention], polities: list[tuple[int, int]]) -> None:
        r = rules()
        starts = [m.start for m in out]  # sorted: out follows the text
        ends = [m.end for m in out]
        spans = [m.span(1) for m in UNRESOLVED.finditer(text)]
        spans += [m.span(1) if m.group(1) else m.span(2) for m in UNRESOLVED_CAP.finditer(text)]
        spans += polities
        added: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            words = text[s:e].split()
            while len(words) > 1 and words[0].lower() in r.not_openers:
                s = text.index(words[1], s + len(words[0]))  # "The Trans-Afghan Railway": the name only
                words.pop(0)
            if words[0].lower() in r.not_openers or len(words) == 1 and e - s < 3:
                continue
            if any(w.lower() in r.org_heads or w.lower() in r.roles for w in words[:-1]):
                continue  # "Economic Corridor", "Energy Minister": not a place's name
            i = bisect.bisect_left(starts, e)  # mentions starting before e; the last of them may overlap
            if (i > 0 and ends[i - 1] > s) or any(a < e and s < b for a, b in added):
                continue
            if in_organisation(Around.of(text, s, e), r):
                continue
            added.append((s, e))
            out.append(Mention(s, e, text[s:e], None, None, None, None, 0.0))
        out.sort(key=lambda m: m.start)
