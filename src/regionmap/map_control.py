"""The small messages that drive the map: which layers, what is selected, what to fit, which article is open.

Two messages, so a click re-sends only the small one:

* the *selection* message (changes with every selection and layer toggle): a few hundred bytes;
* the *article* message (changes when another article is opened or the focus toggle flips):
  the article's features with their label in its own spelling, mention counts, the first
  passage of each (for the instant card head) and the bounds to fit.

``static/regionmap/map.js`` applies them inside the map; see :mod:`regionmap.ui_map`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .article_view import group_by_article
from .load import Dataset
from .map_layers import demonyms_of, feature_bounds, passage_text
from .model import Layer
from .names import article_spellings, display_name
from .style import LAYER_LABELS

# The view an article is fitted to: the dashboard's region. Far places the article names
# (Washington, Doha) stay on the map, faded in, reachable by panning.
REGION_BOX = (20.0, 10.0, 110.0, 60.0)  # min lon, min lat, max lon, max lat
CONTEXT_LAYERS = {Layer.COUNTRIES.value, Layer.REGIONS.value}

# Hook for the header line: functions (dataset, article id) -> a phrase or None, e.g. the
# events helper adds "4 events, 2019-03 – 2021-08". Appended phrases follow the places.
SUMMARY_EXTRAS: list[Callable[[Dataset, str], str | None]] = []


@dataclass(frozen=True)
class ArticleFocus:
    """What one article puts on the map."""

    article: str
    counts: dict[str, int]  # feature id -> links from this article
    labels: dict[str, str]  # feature id -> the name to draw, in the article's spelling
    by_layer: dict[str, int] = field(default_factory=dict)  # layer -> features of this article
    named: frozenset[str] = frozenset()  # features the article names (a mention), not only describes
    bounds: list[list[float]] | None = None


LABEL_MAX = 26  # characters: a map label names, the card describes


def _label(name: str, spelling: str | None, kind: str | None = None) -> str:
    shown = display_name(name, spelling, demonyms_of(name, spelling, kind))[0]
    if len(shown) > LABEL_MAX:  # a descriptive name ("Road link Jawzjan – Kabul (…)"): its head
        head = shown.split(" (")[0]
        shown = head if len(head) <= LABEL_MAX else head[: LABEL_MAX - 1].rstrip() + "…"
    return shown


def article_focus(ds: Dataset, aid: str | None) -> ArticleFocus:
    """The open article's features, labels, per-layer counts and the bounds to fit (region only)."""
    if aid is None or aid not in ds.articles:
        return ArticleFocus(article=aid or "", counts={}, labels={})
    mine = [lk for lk in ds.links if lk.article == aid and lk.feature in ds.features.index]
    spell = article_spellings(mine)
    counts = Counter(lk.feature for lk in mine)
    # a project is drawn as its parts: the article's mentions of it count for each part, and the
    # project's name labels its first part
    part_of = ds.features["part_of"].dropna()
    for project in set(part_of) & set(counts):
        n = counts.pop(project)
        parts = sorted(part_of[part_of == project].index)
        for part in parts:
            counts[part] += n
        if (aid, project) in spell:
            spell.setdefault((aid, parts[0]), spell[(aid, project)])
    names = ds.features["name"]
    kinds = ds.features["kind"]
    labels = {fid: _label(names[fid], spell.get((aid, fid)), kinds[fid]) for fid in counts}
    layers = ds.features.loc[list(counts), "layer"] if counts else []
    by_layer = dict(Counter(layers))
    minx, miny, maxx, maxy = REGION_BOX
    near = []
    for fid in counts:
        if ds.features.at[fid, "layer"] in CONTEXT_LAYERS:
            continue
        x0, y0, x1, y1 = ds.features.at[fid, "geometry"].bounds
        if x0 >= minx and x1 <= maxx and y0 >= miny and y1 <= maxy:
            near.append(fid)
    bounds = feature_bounds(
        ds, near or [f for f in counts if ds.features.at[f, "layer"] not in CONTEXT_LAYERS]
    )
    named = frozenset(fid for fid in counts if (aid, fid) in spell)
    return ArticleFocus(aid, dict(counts), labels, by_layer=by_layer, named=named, bounds=bounds)


def article_message(ds: Dataset, focus: ArticleFocus, only_article: bool) -> dict[str, Any]:
    """The article message: ``{"article", "f": {id: [label, count, named]}, "q": {id: passage}, "fit", "fitKey", "only"}``."""
    art = ds.articles.get(focus.article)
    quotes: dict[str, str] = {}
    if art is not None:
        mine = [lk for lk in ds.links if lk.article == focus.article and lk.feature in focus.counts]
        by_feature: dict[str, list] = {}
        for lk in mine:
            by_feature.setdefault(lk.feature, []).append(lk)
        for fid, links in by_feature.items():
            first = next(iter(group_by_article(links).values()))[0]
            quotes[fid] = passage_text(art, first)
    return {
        "article": focus.article,
        "title": art.meta.title if art else "",
        "f": {fid: [focus.labels[fid], n, int(fid in focus.named)] for fid, n in focus.counts.items()},
        "q": quotes,
        "fit": focus.bounds,
        "fitKey": f"article:{focus.article}" if focus.bounds else None,
        "only": bool(only_article),
    }


def selection_message(
    layers: Iterable[str],
    selected: str | None,
    fit: list[list[float]] | None,
    fit_key: str | None,
    *,
    halo: Iterable[str] | None = None,
    hidden: Iterable[str] = (),
    highlight: Iterable[str] = (),
    dates: str | None = None,
) -> dict[str, Any]:
    """The selection message: visible layers, the selection, a view to fit (None: keep the view), and
    the time and people filters.

    Parameters
    ----------
    layers, selected, fit, fit_key
        The layers shown, the selected feature, the bounds to fit and the key that says when they
        are new (the map fits a key once).
    halo
        The features to ring instead of ``selected``: an event's places and the features that
        stand for it.
    hidden
        Dated features outside the date filter: not drawn (undated features stay).
    highlight
        The chosen actor's features (their events' places), drawn with a second, violet ring.
    dates
        The date filter in words while one is set: tooltips of undated features then say "undated".

    The last four keys (``halo``, ``hide``, ``hl``, ``dates``) are left out when empty.
    """
    msg: dict[str, Any] = {"layers": list(layers), "selected": selected, "fit": fit,
                           "fitKey": fit_key if fit else None}  # fmt: skip
    # the time and people parts only when set: the message stays a few hundred bytes
    extra = {"halo": list(halo) if halo is not None else None, "hide": list(hidden), "hl": list(highlight),
             "dates": dates}  # fmt: skip
    msg.update((k, v) for k, v in extra.items() if v)
    return msg


def in_region(ds: Dataset, fids: Iterable[str]) -> list[str]:
    """Of some features, those to fit the view to: the ones inside the region box, leaving out countries
    and regions when anything smaller is there (a visit to Dushanbe fits Dushanbe, not Tajikistan)."""
    ids = [f for f in dict.fromkeys(fids) if f in ds.features.index]
    small = [f for f in ids if ds.features.at[f, "layer"] not in CONTEXT_LAYERS] or ids
    minx, miny, maxx, maxy = REGION_BOX
    near = []
    for fid in small:
        x0, y0, x1, y1 = ds.features.at[fid, "geometry"].bounds
        if x0 >= minx and x1 <= maxx and y0 >= miny and y1 <= maxy:
            near.append(fid)
    return near or small


def event_features(ds: Dataset, event: Any) -> list[str]:
    """The features an event puts on the map: those that stand for it, then where it happened."""
    return [f for f in dict.fromkeys([*event.features, *event.places]) if f in ds.features.index]


def events_phrase(ds: Dataset, aid: str) -> str | None:
    """The header's phrase about an article's events: "11 events, Sep 2020 – 30 Oct 2020 (3 undated)"."""
    mine = [ev for ev in getattr(ds, "events", ()) if ev.article == aid]
    if not mine:
        return None
    dated = [ev for ev in mine if ev.date is not None]
    words = f"{len(mine)} event{'s' if len(mine) != 1 else ''}"
    if dated:
        first = min(dated, key=lambda ev: (ev.date.start, ev.date.end))
        last = max(dated, key=lambda ev: (ev.date.end, ev.date.start))
        a, b = first.date.label(), last.date.label()
        words += f", {a}" if first is last or a == b else f", {a} – {b}"
    if len(dated) < len(mine):
        words += f" ({len(mine) - len(dated)} undated)"
    return words


def summary_line(ds: Dataset, focus: ArticleFocus) -> str:
    """One line about the open article: places and features, the layers it touches, then any hooked phrases."""
    if not focus.counts:
        return "This article puts nothing on the map."
    n = len(focus.counts)
    layers = ", ".join(
        f"{LAYER_LABELS.get(layer, layer).lower()} {k}"
        for layer, k in sorted(focus.by_layer.items(), key=lambda kv: -kv[1])
    )
    k = len(focus.by_layer)
    parts = [f"{n} place{'s' if n != 1 else ''} and features on {k} layer{'s' if k != 1 else ''} ({layers})"]
    for extra in SUMMARY_EXTRAS:
        phrase = extra(ds, focus.article)
        if phrase:
            parts.append(phrase)
    return "This article: " + "; ".join(parts) + "."


SUMMARY_EXTRAS.append(events_phrase)
