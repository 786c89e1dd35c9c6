"""Undecided mentions grouped by name (one decision per distinct surface) and a gazetteer search on demand."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .gazetteer import Gazetteer, normalise
from .limits import SEARCH_RESULTS
from .names import plain_kind

# the linker ranks a handful; more would be noise in a choice list
MAX_CANDIDATES = 8


@dataclass
class NameGroup:
    """Every occurrence of one surface form, decided together."""

    surface: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    proposed: str | None = None  # the linker's pick
    candidates: list[str] = field(default_factory=list)  # ranked, best first
    scores: dict[str, float] = field(default_factory=dict, repr=False)

    @property
    def first(self) -> tuple[int, int]:
        return self.spans[0]


def group_by_name(mentions: Iterable[Mapping[str, Any]]) -> list[NameGroup]:
    """Group mentions (``{start, end, surface, feature_id, candidates}``) by surface, in text order.

    A group's candidates are the union of its occurrences' ranked candidates, by best score;
    the linker's most frequent pick comes first.
    """
    groups: dict[str, NameGroup] = {}
    picks: dict[str, dict[str, int]] = {}
    for m in mentions:
        surface = m["surface"]
        g = groups.get(surface)
        if g is None:
            g = groups[surface] = NameGroup(surface)
            picks[surface] = {}
        g.spans.append((m["start"], m["end"]))
        if fid := m.get("feature_id"):
            picks[surface][fid] = picks[surface].get(fid, 0) + 1
        for c in m.get("candidates") or ():
            fid, score = c.get("feature_id"), c.get("score", 0.0)
            if isinstance(fid, str):
                s = float(score) if isinstance(score, int | float) else 0.0
                g.scores[fid] = max(g.scores.get(fid, s), s)
    for surface, g in groups.items():
        if picks[surface]:
            g.proposed = max(picks[surface], key=lambda f: picks[surface][f])
        ranked = sorted(g.scores, key=lambda f: -g.scores[f])
        if g.proposed and g.proposed not in ranked:
            ranked.insert(0, g.proposed)
        g.candidates = ranked[:MAX_CANDIDATES]
    return list(groups.values())


def entry_label(gaz: Gazetteer, eid: str) -> str:
    """``"Kabul (town, AFG)"``: the entry's name, its kind in plain words and its country."""
    e = gaz.entries.get(eid)
    if e is None:
        return eid
    where = f", {e.country}" if e.country and e.type != "country" else ""
    return f"{e.name} ({plain_kind(e.type, e.country)}{where})"


class GazetteerSearch:
    """Names and spellings of every gazetteer entry, searched when the user types (never shipped whole)."""

    def __init__(self, gaz: Gazetteer) -> None:
        rows = []
        for eid, e in gaz.entries.items():
            names = tuple(dict.fromkeys(normalise(n) for n in (e.name, *e.aliases) if n))
            rows.append((names, -e.population, e.name, eid))
        self._rows = sorted(rows, key=lambda r: (r[1], r[2]))  # big places first

    def __call__(self, query: str, limit: int = SEARCH_RESULTS) -> list[str]:
        """Entry ids whose name or a spelling matches ``query``: exact, then prefix, then inside a word."""
        q = normalise(" ".join(str(query).split()))
        if len(q) < 2:
            return []
        buckets: tuple[list[str], list[str], list[str]] = ([], [], [])
        for names, _, _, eid in self._rows:
            if q in names:
                buckets[0].append(eid)
            elif any(n.startswith(q) for n in names):
                buckets[1].append(eid)
            elif len(buckets[2]) < limit and any(q in n for n in names):
                buckets[2].append(eid)
            if len(buckets[0]) + len(buckets[1]) >= limit:
                break
        return [*buckets[0], *buckets[1], *buckets[2]][:limit]
