"""The view to export (layers, dates, actors, article) and the one pure filter the app and the CLI share."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np

from .load import Dataset
from .model import Article, Layer, Link, Source

LAYER_ORDER: tuple[str, ...] = tuple(layer.value for layer in Layer)

# Columns of the events and actors tables. The empty case writes them too, so a file made
# today has the same shape as one made once the data has events.
EVENT_COLUMNS = ("event_id", "date", "end_date", "kind", "title", "feature_ids", "actors", "article_id",
                 "quote", "start", "end", "precision", "status", "source")  # fmt: skip
ACTOR_COLUMNS = ("actor_id", "name", "role", "affiliation", "feature_id", "event_id")


class ExportError(ValueError):
    """A request the export cannot honour, as one line naming the problem."""


@dataclass(frozen=True)
class ExportView:
    """What to export: ``None`` means no restriction on that axis.

    ``layers`` keeps features of these layers (an empty tuple keeps none); ``date_from`` and
    ``date_to`` keep dated features whose ``start``–``end`` overlaps the range (undated
    features such as countries and provinces are timeless and always kept; a missing ``end``
    means still in effect); ``actors`` keeps features and events naming one of these actors
    (case is ignored); ``article`` keeps passages of that article only; ``linked_only``
    drops features that no kept passage mentions.
    """

    layers: tuple[str, ...] | None = None
    article: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actors: tuple[str, ...] | None = None
    linked_only: bool = False

    def describe(self) -> str:
        """The view in words, for file headers and the HTML page."""
        if self.layers is None or tuple(self.layers) == LAYER_ORDER:
            parts = ["all layers"]
        else:
            parts = [f"layers: {', '.join(self.layers) if self.layers else 'none'}"]
        parts.append(f"article {self.article}" if self.article else "all articles")
        if self.date_from or self.date_to:
            parts.append(f"dates {self.date_from or '…'} to {self.date_to or '…'}")
        if self.actors:
            parts.append(f"actors: {', '.join(self.actors)}")
        if self.linked_only:
            parts.append("only features the passages mention")
        return "; ".join(parts)

    def as_json(self) -> dict[str, Any]:
        return {
            "layers": list(self.layers) if self.layers is not None else None,
            "article": self.article,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "actors": list(self.actors) if self.actors is not None else None,
            "linked_only": self.linked_only,
        }


@dataclass(frozen=True)
class Selection:
    """The part of a dataset a view keeps, with everything its exports need for provenance.

    ``features`` is a subset of ``Dataset.features``; ``links`` are the kept features'
    passages and mentions in the kept articles, in article order; ``sources`` are the
    geometry sources of the kept features; ``events`` and ``actors`` are flat rows with
    :data:`EVENT_COLUMNS` and :data:`ACTOR_COLUMNS`.
    """

    view: ExportView
    features: gpd.GeoDataFrame
    links: tuple[Link, ...]
    articles: dict[str, Article]
    sources: dict[str, Source]
    events: tuple[dict[str, Any], ...] = ()
    actors: tuple[dict[str, Any], ...] = ()
    geo: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def links_by_feature(self) -> dict[str, list[Link]]:
        out: dict[str, list[Link]] = {}
        for lk in self.links:
            out.setdefault(lk.feature, []).append(lk)
        return out


def parse_date(value: str | None, what: str) -> dt.date | None:
    """``YYYY-MM-DD`` or None; anything else is an :class:`ExportError` naming ``what``."""
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ExportError(f"{what} {value!r} is not a date (YYYY-MM-DD)") from None


def make_view(
    ds: Dataset,
    *,
    layers: Sequence[str] | str | None = None,
    article: str | None = None,
    date_from: str | dt.date | None = None,
    date_to: str | dt.date | None = None,
    actors: Sequence[str] | None = None,
    linked_only: bool = False,
) -> ExportView:
    """Check a request against the dataset and build its :class:`ExportView`.

    ``layers`` may be a comma-separated string (the CLI's ``--layers a,b``; ``""`` is no
    layer). Raises :class:`ExportError` with one line for an unknown layer or article, a bad
    date, or a range that ends before it starts.
    """
    chosen: tuple[str, ...] | None = None
    if layers is not None:
        asked = [v.strip() for v in layers.split(",")] if isinstance(layers, str) else list(layers)
        asked = [v for v in asked if v]
        unknown = [v for v in asked if v not in LAYER_ORDER]
        if unknown:
            raise ExportError(
                f"unknown layer {', '.join(map(repr, unknown))}: choose from {', '.join(LAYER_ORDER)}"
            )
        chosen = tuple(v for v in LAYER_ORDER if v in asked)
    if article is not None and article not in ds.articles:
        known = sorted(ds.articles)
        hint = ", ".join(known[:5]) + (f" and {len(known) - 5} more" if len(known) > 5 else "")
        raise ExportError(f"unknown article {article!r}: the data has {hint or 'no articles'}")
    d0 = date_from if isinstance(date_from, dt.date) else parse_date(date_from, "--from")
    d1 = date_to if isinstance(date_to, dt.date) else parse_date(date_to, "--to")
    if d0 and d1 and d1 < d0:
        raise ExportError(f"--to {d1} is before --from {d0}")
    names = tuple(a.strip() for a in actors if a.strip()) if actors is not None else None
    return ExportView(chosen, article, d0, d1, names, linked_only)


def _day(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def in_range(start: Any, end: Any, d0: dt.date | None, d1: dt.date | None) -> bool:
    """Whether ``[start, end]`` overlaps ``[d0, d1]``; undated is timeless, a missing end is open."""
    s = _day(start)
    if s is None or (d0 is None and d1 is None):
        return True
    e = _day(end)
    return (d1 is None or s <= d1) and (d0 is None or e is None or e >= d0)


def _names(actors: Iterable[Any]) -> set[str]:
    out = set()
    for a in actors or ():
        name = a.get("name") if isinstance(a, Mapping) else getattr(a, "name", a)
        if isinstance(name, str):
            out.add(name.casefold())
    return out


# --- events and actors: the one adapter to point at the real records when they land -------------


def _as_dict(rec: Any) -> dict[str, Any]:
    if isinstance(rec, str):  # an actor given by name only
        return {"name": rec}
    if hasattr(rec, "to_json"):  # events.EventRecord: flat, ISO dates in date_start/date_end
        return rec.to_json()
    if hasattr(rec, "model_dump"):
        return rec.model_dump(mode="json")
    if isinstance(rec, Mapping):
        return dict(rec)
    return dict(vars(rec))


def _joined(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return "; ".join(
            str(v.get("name") or v.get("id")) if isinstance(v, Mapping) else str(getattr(v, "name", v))
            for v in value
        )
    return str(value)


def event_row(rec: Any) -> dict[str, Any]:
    """One event record (pydantic model, dataclass or dict) as a flat :data:`EVENT_COLUMNS` row."""
    d = _as_dict(rec)
    place = d.get("feature_ids") or d.get("features") or d.get("places") or d.get("feature") or d.get("place")
    return {
        "event_id": str(d.get("id") or d.get("event_id") or ""),
        "date": str(d.get("date") or d.get("date_start") or d.get("start_date") or d.get("when") or "")
        or None,
        "end_date": str(d.get("end_date") or d.get("date_end") or d.get("until") or "") or None,
        "kind": d.get("kind") or d.get("type"),
        "title": d.get("title") or d.get("name") or d.get("summary"),
        "feature_ids": _joined(place),
        "actors": _joined(d.get("actors")),
        "article_id": d.get("article") or d.get("article_id"),
        "quote": d.get("quote"),
        "start": d.get("start") if isinstance(d.get("start"), int) else None,
        "end": d.get("end") if isinstance(d.get("end"), int) else None,
        "precision": d.get("precision"),
        "status": d.get("status"),
        "source": d.get("source"),
    }


def actor_row(rec: Any, *, feature_id: str | None = None, event_id: str | None = None) -> dict[str, Any]:
    """An actor (record, feature actor or dict) as a flat :data:`ACTOR_COLUMNS` row."""
    d = _as_dict(rec)
    name = str(d.get("name") or "")
    return {
        "actor_id": str(d.get("id") or d.get("actor_id") or slug(name)),
        "name": name,
        "role": d.get("role") or d.get("kind"),
        "affiliation": d.get("affiliation"),
        "feature_id": feature_id,
        "event_id": event_id,
    }


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "actor"


def _event_actors(rec: Any, names: Mapping[str, str] | None = None) -> list[Any]:
    acts = _as_dict(rec).get("actors") or []
    acts = list(acts) if isinstance(acts, list | tuple) else []
    # events name their actors by id (events.EventRecord): the index gives their names
    return [{"id": a, "name": names[a]} if isinstance(a, str) and names and a in names else a for a in acts]


# -------------------------------------------------------------------------------------------------


def select(ds: Dataset, view: ExportView) -> Selection:
    """Apply ``view`` to ``ds``: the features, links, articles, sources, events and actors kept.

    Pure (no I/O); the same function serves the app's Download section and ``regionmap export``.
    """
    f = ds.features
    keep = f["layer"].isin(view.layers) if view.layers is not None else f["layer"].notna()
    if view.date_from or view.date_to:
        dated = [
            in_range(s, e, view.date_from, view.date_to) for s, e in zip(f["start"], f["end"], strict=True)
        ]
        keep &= np.array(dated, dtype=bool)
    wanted = {a.casefold() for a in view.actors} if view.actors else None
    if wanted is not None:
        keep &= np.array([bool(_names(acts) & wanted) for acts in f["actors"]], dtype=bool)
    feats = f[keep]
    articles = {view.article: ds.articles[view.article]} if view.article else dict(ds.articles)
    links = tuple(lk for lk in ds.links if lk.article in articles and lk.feature in feats.index)
    if view.linked_only:
        feats = feats[feats.index.isin({lk.feature for lk in links})]
    sources = {sid: ds.sources[sid] for sid in dict.fromkeys(feats["source"]) if sid in ds.sources}
    names = {str(d.get("id")): str(d.get("name")) for d in map(_as_dict, getattr(ds, "actors", ()) or ())}
    events = []
    for rec in getattr(ds, "events", ()) or ():
        row = event_row(rec)
        # an event is an occurrence: without an end date it lasted its day (a feature without one is ongoing)
        if not in_range(row["date"], row["end_date"] or row["date"], view.date_from, view.date_to):
            continue
        if view.article and row["article_id"] and row["article_id"] != view.article:
            continue
        if wanted is not None and not (_names(_event_actors(rec, names)) & wanted):
            continue
        events.append(row)
    actors: list[dict[str, Any]] = [actor_row(a) for a in getattr(ds, "actors", ()) or ()]
    if wanted is not None:
        actors = [a for a in actors if a["name"].casefold() in wanted]
    for fid, acts in feats["actors"].items():
        actors.extend(actor_row(a, feature_id=str(fid)) for a in acts or ())
    kept_events = {e["event_id"] for e in events}
    for rec in getattr(ds, "events", ()) or ():
        eid = event_row(rec)["event_id"]
        if eid in kept_events:
            actors.extend(actor_row(a, event_id=eid) for a in _event_actors(rec, names))
    return Selection(view, feats, links, articles, sources, tuple(events), tuple(actors), ds.geo)
