"""Measure the linker against hand-annotated articles: precision, recall, resolution accuracy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Self

from .gazetteer import Gazetteer, distance_km
from .linker import Linker, Mention

# the gold set names the CASA-1000 project; the map draws its two sections
EQUIVALENT = {"energy-casa-1000": {"energy-casa-1000-ac", "energy-casa-1000-hvdc"}}
RESOLVE_KM = 50.0


@dataclass
class Score:
    """Counts for one article or a whole set."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    resolved_right: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def accuracy(self) -> float:
        return self.resolved_right / self.matched if self.matched else 1.0

    def __iadd__(self, other: Score) -> Self:
        for k in ("gold", "predicted", "matched", "resolved_right"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self


def _right_place(m: Mention, g: dict, by_gn: dict[int, str]) -> bool:
    if m.feature_id is None or m.lat is None or m.lon is None:
        return False
    gold_id = g["id"]
    ok = EQUIVALENT.get(gold_id, {gold_id})
    if gold_id.startswith("gn-") and int(gold_id[3:]) in by_gn:
        ok = ok | {by_gn[int(gold_id[3:])]}
    if m.feature_id in ok:
        return True
    return distance_km(m.lat, m.lon, g["lat"], g["lon"]) <= RESOLVE_KM


def score_article(
    mentions: list[Mention], gold: list[dict], gaz: Gazetteer, errors: list | None = None
) -> Score:
    """Exact-span matching: a prediction counts only if its start and end equal a gold mention's."""
    by_gn = gaz.by_geonames()
    gold_spans = {(g["start"], g["end"]): g for g in gold}
    sc = Score(gold=len(gold), predicted=len(mentions))
    for m in mentions:
        g = gold_spans.get((m.start, m.end))
        if g is None:
            if errors is not None:
                errors.append(("false positive", m.surface, m.start, m.feature_id))
            continue
        sc.matched += 1
        if _right_place(m, g, by_gn):
            sc.resolved_right += 1
        elif errors is not None:
            errors.append(("wrong place", m.surface, m.start, f"{m.feature_id} != {g['id']}"))
    if errors is not None:
        found = {(m.start, m.end) for m in mentions}
        errors.extend(
            ("missed", g["surface"], g["start"], g["id"]) for g in gold if (g["start"], g["end"]) not in found
        )
    return sc


def evaluate(eval_dir: Path | str, linker: Linker) -> tuple[Score, dict[str, Score], list]:
    """Run the linker over ``eval_dir/articles/*.txt`` and score it against ``eval_dir/gold``."""
    eval_dir = Path(eval_dir)
    total, per = Score(), {}
    errors: list[tuple] = []
    for gold_path in sorted((eval_dir / "gold").glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = (eval_dir / "articles" / gold["article"]).read_text(encoding="utf-8")
        errs: list = []
        sc = score_article(linker.link(text), gold["mentions"], linker.gaz, errs)
        per[gold_path.stem] = sc
        total += sc
        errors.extend((gold_path.stem, *e) for e in errs)
    return total, per, errors


def report(total: Score, per: dict[str, Score]) -> str:
    lines = [f"{'article':32s} {'gold':>5s} {'pred':>5s} {'P':>6s} {'R':>6s} {'acc':>6s}"]
    for name, sc in [*per.items(), ("TOTAL", total)]:
        lines.append(
            f"{name:32s} {sc.gold:5d} {sc.predicted:5d} {sc.precision:6.3f} {sc.recall:6.3f} {sc.accuracy:6.3f}"
        )
    return "\n".join(lines)
