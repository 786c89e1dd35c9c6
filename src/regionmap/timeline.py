"""Pure data for the timeline, the date filter and the actor index (no streamlit here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the test extra

from .actors import ActorIndex
from .datespan import DatePrecision, DateSpan
from .events import EventRecord
from .model import Article

UNDATED = "undated"
NO_ACTOR = "(no actor)"
COLUMNS = [
    "id", "type", "label", "row", "start", "end", "end_exclusive", "precision", "date_label", "dated",
    "status", "kind", "article", "places", "features", "actors",
]  # fmt: skip


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def feature_span(start: Any, end: Any) -> DateSpan | None:
    """The dates of a feature (``start``/``end`` properties) as a day-precision span.

    A feature with only a start (a meeting, an agreement reached) is dated on that day; with
    only an end, on that day; with neither it is undated (None).
    """
    s, e = _date(start), _date(end)
    if s is None and e is None:
        return None
    s = s or e
    e = e or s
    assert s is not None and e is not None
    return DateSpan(start=s, end=e, precision=DatePrecision.DAY)


def span_of(item: Any) -> DateSpan | None:
    """The date span of an event, a span, a timeline record or a feature row; None if undated."""
    if item is None or isinstance(item, DateSpan):
        return item
    if isinstance(item, EventRecord):
        return item.date
    get = item.get if isinstance(item, Mapping) else (lambda k, d=None: getattr(item, k, d))
    if get("precision") == UNDATED:
        return None
    return feature_span(get("start"), get("end"))


def in_range(item: Any, start: dt.date | str | None, end: dt.date | str | None) -> bool:
    """Whether an item belongs in the range ``start``..``end`` (inclusive; None is open).

    An item is in range when its span overlaps the range: an event of month precision counts
    from the first to the last day of its month. Undated items are always in range: the map
    keeps them and says "undated".
    """
    span = span_of(item)
    if span is None:
        return True
    lo, hi = _date(start), _date(end)
    return (hi is None or span.start <= hi) and (lo is None or span.end >= lo)


def filter_events(
    events: Iterable[EventRecord], start: dt.date | str | None, end: dt.date | str | None
) -> list[EventRecord]:
    """The events in range, undated ones included."""
    return [ev for ev in events if in_range(ev, start, end)]


def feature_mask(features: pd.DataFrame, start: dt.date | str | None, end: dt.date | str | None) -> pd.Series:
    """True for each feature row in range (undated rows included), indexed like ``features``."""
    return pd.Series(
        [in_range(feature_span(s, e), start, end) for s, e in zip(features["start"], features["end"])],
        index=features.index,
        dtype=bool,
    )


def _record(
    item_type: str, iid: str, label: str, row: str, span: DateSpan | None, **extra: Any
) -> dict[str, Any]:
    return {
        "id": iid, "type": item_type, "label": label, "row": row,
        "start": span.start.isoformat() if span else None,
        "end": span.end.isoformat() if span else None,
        # Vega-Lite bars run from x to x2: a day is one day wide, a month the whole month
        "end_exclusive": (span.end + dt.timedelta(days=1)).isoformat() if span else None,
        "precision": span.precision.value if span else UNDATED,
        "date_label": span.label() if span else UNDATED, "dated": span is not None, **extra,
    }  # fmt: skip


def _feature_actor_ids(names: Iterable[Any], index: ActorIndex | None) -> list[str]:
    out = []
    for a in names or ():
        name = a.get("name") if isinstance(a, Mapping) else getattr(a, "name", a)
        if isinstance(name, str) and name:
            out.append((index.resolve(name) if index else None) or name)
    return out


def timeline_records(
    events: Iterable[EventRecord],
    features: pd.DataFrame | None = None,
    index: ActorIndex | None = None,
    *,
    by: Literal["layer", "actor"] = "layer",
    include_undated: bool = True,
) -> list[dict[str, Any]]:
    """One record per event and dated feature, ready for a Vega-Lite chart.

    Parameters
    ----------
    events
        Event records (e.g. ``Dataset.events``).
    features
        The feature frame (``Dataset.features``); its dated features join the timeline.
    index
        The actor index: feature actors given by name are shown under the actor's id.
    by
        ``"layer"``: one row per map layer, events in the row ``events``; ``"actor"``: one row per
        actor, an item with several actors repeated in each of their rows.
    include_undated
        Keep undated events (``dated`` False, ``precision`` "undated") for lists beside the chart;
        undated features are never included.

    Returns
    -------
    list of dict
        Keys ``COLUMNS``; dates as ISO strings (``end`` inclusive, ``end_exclusive`` for bars).
    """
    base: list[dict[str, Any]] = []
    for ev in events:
        if ev.date is None and not include_undated:
            continue
        base.append(_record("event", ev.id, ev.title, "events", ev.date, status=ev.status.value,
                            kind=ev.kind.value, article=ev.article, places=list(ev.places),
                            features=list(ev.features), actors=list(ev.actors)))  # fmt: skip
    if features is not None and len(features):
        for fid, f in features.iterrows():
            span = feature_span(f.get("start"), f.get("end"))
            if span is None:
                continue
            base.append(_record("feature", str(fid), f["name"], f["layer"], span, status=f["status"],
                                kind=f["kind"], article=None, places=[str(fid)], features=[str(fid)],
                                actors=_feature_actor_ids(f.get("actors"), index)))  # fmt: skip
    if by == "layer":
        return base
    out = []
    for rec in base:
        for actor in rec["actors"] or [NO_ACTOR]:
            row = index.records[actor].name if index and actor in index.records else actor
            out.append({**rec, "row": row})
    return out


def timeline_frame(events: Iterable[EventRecord], features: pd.DataFrame | None = None,
                   index: ActorIndex | None = None, **kwargs: Any) -> pd.DataFrame:  # fmt: skip
    """:func:`timeline_records` as a DataFrame with the columns ``COLUMNS`` (also when empty)."""
    return pd.DataFrame(timeline_records(events, features, index, **kwargs), columns=COLUMNS)


def publication_markers(
    articles: Mapping[str, Article], ids: Iterable[str] | None = None
) -> list[dict[str, Any]]:
    """One marker per article: ``article``, ``title``, ``date`` (ISO), in date order."""
    keep = set(ids) if ids is not None else None
    rows = [
        {"article": a.id, "title": a.meta.title, "date": a.meta.published.isoformat()}
        for a in articles.values()
        if keep is None or a.id in keep
    ]
    return sorted(rows, key=lambda r: (r["date"], r["article"]))


def date_bounds(records: Iterable[Mapping[str, Any]], markers: Iterable[Mapping[str, Any]] = ()) -> tuple[dt.date, dt.date] | None:  # fmt: skip
    """The first and last day of the dated records and markers: the date filter's range."""
    days = [_date(r[k]) for r in records if r.get("dated") for k in ("start", "end")]
    days += [_date(m["date"]) for m in markers]
    found = [d for d in days if d is not None]
    return (min(found), max(found)) if found else None


# --------------------------------------------------------------------------- the actor index tab


def actor_rows(index: ActorIndex, events: Iterable[EventRecord]) -> list[dict[str, Any]]:
    """One row per actor: latest role and affiliation (with its date), counts of events and passages."""
    evs = list(events)
    out = []
    for aid, rec in index.records.items():
        roles = index.roles_of(aid)
        links = index.links_of(aid)
        mine = [ev for ev in evs if aid in ev.actors]
        out.append({
            "id": aid, "name": rec.name, "kind": rec.kind.value,
            "role": roles[0].role if roles else None, "affiliation": roles[0].affiliation if roles else None,
            "as_of": roles[0].as_of.isoformat() if roles else None,
            "events": len(mine), "passages": len(links) + sum(len(ev.passages) for ev in mine),
            "articles": sorted({lk.article for lk in links} | {ev.article for ev in mine}),
            "aliases": list(rec.aliases),
        })  # fmt: skip
    return sorted(out, key=lambda r: (-r["events"], -r["passages"], r["name"]))


def actor_focus(index: ActorIndex, events: Iterable[EventRecord], actor_id: str) -> dict[str, Any]:
    """What choosing an actor highlights: features on the map, spans in each article, their events.

    Returns
    -------
    dict
        ``features``: ids (their events' places and features, and the actor's own feature);
        ``spans``: article id -> sorted ``(start, end)`` of mentions and passages;
        ``events``: ids of their events in date order.
    """
    mine = [ev for ev in events if actor_id in ev.actors]
    feats: dict[str, None] = {}
    rec = index.records.get(actor_id)
    if rec and rec.feature:
        feats[rec.feature] = None
    for ev in mine:
        feats.update(dict.fromkeys([*ev.places, *ev.features]))
    spans: dict[str, set[tuple[int, int]]] = {}
    for lk in index.links_of(actor_id):
        spans.setdefault(lk.article, set()).add((lk.start, lk.end))
    for r in index.roles_of(actor_id):
        spans.setdefault(r.article, set()).add((r.start, r.end))
    return {
        "features": list(feats),
        "spans": {a: sorted(s) for a, s in sorted(spans.items())},
        "events": [ev.id for ev in mine],
    }


def actors_for_feature(
    index: ActorIndex,
    events: Iterable[EventRecord],
    feature_id: str,
    feature_actors: Iterable[Any] = (),
    *,
    via_places: bool = False,
) -> list[str]:
    """Actor ids tied to a feature: the events it stands for (or, with ``via_places``, took place at),
    the actor whose own feature it is, and the feature's ``actors`` names found in the index."""
    out: dict[str, None] = {}
    for ev in events:
        if feature_id in ev.features or (via_places and feature_id in ev.places):
            out.update(dict.fromkeys(ev.actors))
    out.update(dict.fromkeys(a for a, r in index.records.items() if r.feature == feature_id))
    out.update(dict.fromkeys(a for a in _feature_actor_ids(feature_actors, index) if a in index.records))
    return list(out)
