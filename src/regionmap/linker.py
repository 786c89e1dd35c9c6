"""Find place mentions in any text with one Aho-Corasick pass and resolve them against the gazetteer."""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import asdict, dataclass, field

import ahocorasick

from .gazetteer import Entry, Gazetteer, normalise

CONFIDENT = 0.75  # below this a resolution goes to review
REGION_COUNTRIES = {
    "AFG", "TJK", "UZB", "KGZ", "KAZ", "TKM", "PAK", "IRN", "CHN", "RUS", "IND", "AZE", "GEO", "ARM", "MNG",
}  # fmt: skip
TYPE_PRIOR = {"country": 3.0, "adm1": 2.2, "region": 2.4, "river": 2.0, "mountains": 2.0, "water": 2.0,
              "route": 2.0, "road": 2.0, "crossing": 1.8, "infrastructure": 1.8, "valley": 1.8, "corridor": 1.8,
              "pass": 1.8, "district": 1.4, "city": 1.0}  # fmt: skip
# Words that end (or start) the name of an organisation or publication: a place
# name inside such a name ("Caspian Policy Center", "Kabul University") is not a mention.
ORG_WORDS = {
    "center", "centre", "company", "corporation", "forum", "university", "brief", "review", "watch", "sherkat",
    "bank", "union", "organisation", "organization", "institute", "commission", "council", "foundation",
    "fund", "agency", "times", "news", "post", "journal", "gazette", "tribune", "radio", "television",
    "airlines", "airways", "holdings", "ltd", "llc", "inc", "party", "movement", "association", "society",
    "academy", "college", "programme", "network", "daily", "weekly", "monitor", "telegraph", "herald",
}  # fmt: skip
ORG_HEADS = {"radio", "university", "bank", "institute", "academy", "college", "barqi"}
CONNECTORS = {"of", "for", "and", "the", "&", "on", "de", "da", "-", "/"}
# a demonym used for a people rather than the state ("ethnic Tajiks", "Uzbek communities")
ETHNIC_BEFORE = {"ethnic"}
ETHNIC_AFTER = {"community", "communities", "minority", "minorities", "strongman", "warlord", "diaspora"}
TYPE_WORDS = {
    "province": {"adm1"}, "provinces": {"adm1"}, "region": {"adm1", "region"}, "oblast": {"adm1"},
    "velayat": {"adm1"}, "district": {"district", "adm1"}, "city": {"city"}, "town": {"city"},
    "river": {"river"}, "valley": {"valley"}, "pass": {"pass"}, "dam": {"infrastructure"},
}  # fmt: skip
GOVERNMENT_CUES = re.compile(
    r"\b(envoy|envoys|official|officials|government|administration|embassy|ambassador|minister|talks|"
    r"policy|diplomat|diplomats|says|said|insists|sanctions|state department|white house)\b",
    re.IGNORECASE,
)
UNRESOLVED = re.compile(
    r"\b((?:[A-Z][a-z’'-]+\s){0,2}[A-Z][a-z’'-]+)\s(province|district|river|valley|pass|crossing)\b"
)
TOKEN = re.compile(r"[^\s]+")
# capitalised at the start of a sentence, never the start of a place name
NOT_NAMES = {"the", "this", "that", "these", "those", "each", "every", "which", "its", "their", "our", "one",
             "a", "an", "another", "same", "neighbouring", "neighboring", "northern", "southern", "eastern",
             "western", "central", "border", "local", "remote", "mountainous", "whole", "entire"}  # fmt: skip


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


class Linker:
    """A reusable linker over one gazetteer (build once, link many texts)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer
        self.automaton = ahocorasick.Automaton()
        for key in gazetteer.forms:
            self.automaton.add_word(key, key)
        self.automaton.make_automaton()
        # acronyms ("US", "KP", "GBAO") must match in capitals: "us" is a pronoun; "u.s." in a
        # lower-case headline is still the country, so dotted forms are exempt
        self.exact_case = {
            k: w for k, w in gazetteer.written.items() if k.isalpha() and len(k) <= 5 and all(s.isupper() for s in w)
        }  # fmt: skip

    # -- finding -------------------------------------------------------------------------------
    def _raw_matches(self, text: str, low: str) -> list[tuple[int, int, str]]:
        n = len(low)
        found = []
        for end_idx, key in self.automaton.iter(low):
            start, end = end_idx - len(key) + 1, end_idx + 1
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

    @staticmethod
    def _neighbours(text: str, start: int, end: int, k: int = 4) -> tuple[list[str], list[str]]:
        left = [m.group() for m in TOKEN.finditer(text[max(0, start - 80) : start])][-k:]
        right = [m.group() for m in TOKEN.finditer(text[end : end + 80])][:k]
        return left, right

    def _in_org_name(self, text: str, start: int, end: int) -> bool:
        left, right = self._neighbours(text, start, end)
        # the capitalised run to the right, stopping at punctuation
        for tok in right:
            word = tok.strip('.,;:!?"()“”').lower()
            if word in ORG_WORDS and tok[:1].isupper():
                return True
            if not (tok[:1].isupper() or word in CONNECTORS) or tok[-1:] in '.,;:!?)"”':
                break
        for tok in reversed(left):
            word = tok.strip('.,;:!?"()“”').lower()
            if tok[-1:] in '.,;:!?)"”':
                break
            if tok[:1].isupper() and (word in ORG_HEADS or (word == "state" and left[-2:-1] == ["Islamic"])):
                return True
            if not (tok[:1].isupper() or word in CONNECTORS):
                break
        return False

    def _ethnic(self, text: str, start: int, end: int) -> bool:
        left, right = self._neighbours(text, start, end, 2)
        before = left[-1].lower() if left else ""
        after = [t.strip(".,;:").lower() for t in right]
        return (
            before in ETHNIC_BEFORE
            or (after[:1] and after[0] in ETHNIC_AFTER)
            or (len(after) >= 3 and after[0] == "and" and after[2] in ETHNIC_AFTER)
        )

    def _names_a_people(self, key: str, cands: list[tuple[str, str]]) -> bool:
        # a demonym, or a country's adjective kept among its aliases ("Tajiks", "Uzbek")
        return all(
            kind == "demonym" or (self.gaz.entries[eid].type == "country" and key != normalise(self.gaz.entries[eid].name)
                                  and key[:1].isalpha() and key.isalpha())
            for eid, kind in cands
        )  # fmt: skip

    # -- resolving -----------------------------------------------------------------------------
    def _score(self, e: Entry, kind: str, ctx: dict) -> float:
        s = TYPE_PRIOR.get(e.type, 1.2)
        if e.population:
            s += math.log10(e.population + 1) / 6
        if e.country in REGION_COUNTRIES or e.is_feature or (e.country is None and e.type != "city"):
            s += 1.0
        if ctx["key"] == normalise(e.name):  # named by its own name, not an alias
            s += 0.5
        if ctx["after_the"] and e.type in (
            "river",
            "water",
            "mountains",
            "region",
            "valley",
            "corridor",
            "route",
        ):
            s += 2.0  # "the Panj" is the river, "Panj" the town
        if e.country and e.country in ctx["countries"]:
            s += 0.8
        if e.is_feature:
            s += 0.3
        if ctx["type_word"] and e.type in ctx["type_word"]:
            s += 3.0
        if ctx["government"] and e.type == "city" and e.population >= 300_000:
            s += 1.0
        if kind == "demonym" and e.type != "country":
            s -= 0.5
        return s

    def link(self, text: str) -> list[Mention]:
        """Every place mention in ``text``, in order; unresolved ones have ``feature_id`` None.

        Parameters
        ----------
        text
            Any text; offsets in the result are Python ``str`` indices into it.
        """
        low = normalise(text)
        lower_lines = self._lower_lines(text)
        raw = [m for m in self._raw_matches(text, low) if self._case_ok(text, *m, lower_lines)]
        raw.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        chosen, last_end = [], -1
        for s, e, key in raw:  # leftmost-longest, no overlaps
            if s >= last_end:
                chosen.append((s, e, key))
                last_end = e
        chosen = [m for m in chosen if not self._in_org_name(text, m[0], m[1])]
        forms = self.gaz.forms
        # countries named without ambiguity steer the rest of the document
        doc_countries = set()
        for _, _, key in chosen:
            cands = forms[key]
            if len(cands) == 1:
                only = self.gaz.entries[cands[0][0]]
                doc_countries.add(only.country or (only.id[8:].upper() if only.type == "country" else None))
        out: list[Mention] = []
        for s, e, key in chosen:
            cands = forms[key]
            if self._names_a_people(key, cands) and self._ethnic(text, s, e):
                continue
            left, right = self._neighbours(text, s, e, 1)
            type_word = TYPE_WORDS.get(right[0].strip(".,;:").lower(), set()) if right else set()
            ctx = {"countries": doc_countries, "type_word": type_word, "key": key,
                   "after_the": bool(left) and left[-1].lower() == "the",
                   "government": len(cands) > 1
                   and bool(GOVERNMENT_CUES.search(text, max(0, s - 120), min(len(text), e + 120)))}  # fmt: skip
            scored = sorted(
                ((self._score(self.gaz.entries[eid], kind, ctx), eid) for eid, kind in cands), reverse=True
            )
            best_score, best = scored[0]
            entry = self.gaz.entries[best]
            margin = best_score - scored[1][0] if len(scored) > 1 else 3.0
            confidence = 1 / (1 + math.exp(-1.5 * margin))
            candidates: tuple[Candidate, ...] = ()
            if margin < 0.6:
                candidates = tuple(
                    Candidate(
                        eid,
                        self.gaz.entries[eid].name,
                        self.gaz.entries[eid].lat,
                        self.gaz.entries[eid].lon,
                        sc,
                    )
                    for sc, eid in scored[:5]
                )
            out.append(
                Mention(s, e, text[s:e], entry.id, entry.name, entry.lat, entry.lon, confidence, candidates)
            )
        starts = [m.start for m in out]  # sorted: out follows the text
        ends = [m.end for m in out]
        for m in UNRESOLVED.finditer(text):
            s, e = m.span(1)
            if m.group(1).split()[0].lower() in NOT_NAMES:
                continue
            i = bisect.bisect_left(starts, e)  # mentions starting before e; the last of them may overlap
            overlaps = i > 0 and ends[i - 1] > s
            if not overlaps and not self._in_org_name(text, s, e):
                out.append(Mention(s, e, text[s:e], None, None, None, None, 0.0))
        out.sort(key=lambda m: m.start)
        return out
