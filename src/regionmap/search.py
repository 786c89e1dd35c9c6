"""Ranked search over feature names, aliases and passage text (no Streamlit here).

Names rank by how well they match (exact, then prefix, then a word of the name, then
rapidfuzz's typo-tolerant score); passages match on whole words of the query. Among equal
matches the features of the open article come first, then the better grounded.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from . import text_fa
from .model import Link, LinkKind

_FUZZY_CUTOFF = 82


def fold(text: str) -> str:
    """Matching form: case-folded, accents and apostrophe styles dropped ("Mazār" finds "Mazar");
    Arabic letter variants, diacritics and ZWNJ as hazm's normaliser folds them ("كابل" finds
    "کابل"), and "ё" as "е"."""
    if text_fa.has_arabic_script(text):
        text = text_fa.key(text)
    text = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'").replace("ё", "е"))
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@dataclass(frozen=True)
class FeatureHit:
    """A feature whose name or alias matches; ``matched`` is the form that did."""

    feature: str
    matched: str
    score: float


@dataclass(frozen=True)
class PassageHit:
    """A passage whose text holds the query, with the features it grounds (best first)."""

    article: str
    start: int
    end: int
    keys: tuple[str, ...]  # link keys, aligned with ``features``
    features: tuple[str, ...]
    snippet: str


@dataclass(frozen=True)
class SearchIndex:
    """Folded names per feature and the passages to scan, built once per dataset."""

    names: tuple[tuple[str, str, str], ...]  # (folded form, form as written, feature id)
    passages: tuple[
        tuple[str, str, int, int, tuple[Link, ...]], ...
    ]  # (folded text, article, start, end, links)
    weight: Mapping[str, int]  # links per feature, a tie-breaker


def build_index(features: Iterable[tuple[str, str, Sequence[str]]], links: Sequence[Link]) -> SearchIndex:
    """Index ``(feature id, name, aliases)`` and the passage links.

    Passages that share one span (one sentence grounding several features) are one entry.
    """
    names = []
    for fid, name, aliases in features:
        for form in dict.fromkeys([name, *aliases]):
            if form and form.strip():
                names.append((fold(form), form, fid))
    spans: dict[tuple[str, int, int], list[Link]] = {}
    for lk in links:
        if lk.kind == LinkKind.PASSAGE:
            spans.setdefault((lk.article, lk.start, lk.end), []).append(lk)
    passages = tuple((fold(lks[0].quote), a, s, e, tuple(lks)) for (a, s, e), lks in sorted(spans.items()))
    return SearchIndex(tuple(names), passages, Counter(lk.feature for lk in links))


def _name_score(q: str, form: str) -> float:
    if form == q:
        return 100.0
    if form.startswith(q):
        return 92.0 - min(len(form) - len(q), 40) / 10
    words = re.split(r"[\s\-–/,()]+", form)
    if any(w.startswith(q) for w in words if w):
        return 85.0 - min(len(form), 80) / 20
    if q in form:
        return 75.0
    return 0.0


def search_features(
    index: SearchIndex, query: str, boost: Iterable[str] = (), limit: int = 8
) -> list[FeatureHit]:
    """Features whose name or alias matches ``query``, best first.

    Parameters
    ----------
    index
        From :func:`build_index`.
    query
        What the user typed.
    boost
        Feature ids of the open article: among equal matches they come first.
    limit
        At most this many hits.
    """
    q = fold(query.strip())
    if len(q) < 2:
        return []
    best: dict[str, FeatureHit] = {}
    for form, written, fid in index.names:
        sc = _name_score(q, form)
        if sc and (fid not in best or sc > best[fid].score):
            best[fid] = FeatureHit(fid, written, sc)
    if len(best) < limit and len(q) >= 4:  # typos: "Jowzjon", "Tashkant"
        forms = [f for f, _, _ in index.names]
        for _, sc, i in process.extract(
            q, forms, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=_FUZZY_CUTOFF
        ):
            _, written, fid = index.names[i]
            sc = 60.0 * sc / 100
            if fid not in best:
                best[fid] = FeatureHit(fid, written, sc)
    mine = set(boost)
    ranked = sorted(
        best.values(),
        key=lambda h: (
            -h.score,
            h.feature not in mine,
            -index.weight.get(h.feature, 0),
            len(h.matched),
            h.feature,
        ),
    )
    return ranked[:limit]


def search_passages(
    index: SearchIndex, query: str, open_article: str | None = None, order: Mapping[str, tuple] | None = None,
    limit: int = 8,
) -> list[PassageHit]:  # fmt: skip
    """Passages holding every word of ``query`` (each at a word start), the open article's first.

    ``order`` ranks a passage's features (the one to select first comes first); by default
    the less grounded (more specific) feature leads.
    """
    words = [w for w in re.split(r"\s+", fold(query.strip())) if w]
    if not words or len("".join(words)) < 3:
        return []
    pats = [re.compile(r"(?<!\w)" + re.escape(w)) for w in words]
    hits = []
    for text, aid, s, e, lks in index.passages:
        if all(p.search(text) for p in pats):
            hits.append((aid != open_article, aid, s, e, lks, text))
    hits.sort(key=lambda h: h[:4])
    out = []
    for _, aid, s, e, lks, text in hits[:limit]:
        ranked = sorted(lks, key=(lambda lk: order.get(lk.key, (9,))) if order else (lambda lk: (index.weight.get(lk.feature, 0), lk.feature)))  # fmt: skip
        m = pats[0].search(text)
        at = m.start() if m else 0
        quote = lks[0].quote
        lo = max(0, at - 40)
        snippet = ("…" if lo else "") + quote[lo : at + 60].strip() + ("…" if at + 60 < len(quote) else "")
        out.append(
            PassageHit(aid, s, e, tuple(lk.key for lk in ranked), tuple(lk.feature for lk in ranked), snippet)
        )
    return out
