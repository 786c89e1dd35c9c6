"""View state in the URL and the map component's reply, as typed values (no Streamlit here)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ViewState:
    """What the URL asks to show, and what in it had to be ignored."""

    layers: tuple[str, ...]
    feature: str | None
    article: str | None
    notices: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    actor: str | None = None
    event: str | None = None


def _values(params: Mapping[str, Any], name: str) -> list[str]:
    raw = params.get(name)
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [v.strip() for item in items for v in str(item).split(",") if v.strip()]


def parse_query(
    params: Mapping[str, Any],
    layers: Sequence[str],
    features: Container[str],
    articles: Sequence[str] = (),
) -> ViewState:
    """Read ``?layers=a,b&feature=id&article=id``; unknown names are dropped with a notice.

    ``params`` maps a name to a value or a list of values (``st.query_params.to_dict()``
    or a dict of ``get_all`` lists). No ``layers`` parameter means every layer.
    """
    notices: list[str] = []
    asked = _values(params, "layers")
    if "layers" in params:
        unknown = [v for v in asked if v not in layers]
        if unknown:
            notices.append(f"Ignored unknown layer(s) in the link: {', '.join(unknown)}.")
        chosen = tuple(v for v in layers if v in asked)
    else:
        chosen = tuple(layers)
    feature = None
    for fid in _values(params, "feature")[:1]:
        if fid in features:
            feature = fid
        else:
            notices.append(f"Ignored unknown feature in the link: {fid}.")
    article = None
    for aid in _values(params, "article")[:1]:
        if aid in articles:
            article = aid
        else:
            notices.append(f"Ignored unknown article in the link: {aid}.")
    return ViewState(chosen, feature, article, tuple(notices))


NOTICE_MAX = 80  # characters: a notice names the problem in one short line
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _clip(value: str, n: int = 24) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


def _notice(text: str) -> str:
    return text if len(text) <= NOTICE_MAX else text[: NOTICE_MAX - 1] + "…"


def _day(params: Mapping[str, Any], name: str, notices: list[str]) -> dt.date | None:
    for raw in _values(params, name)[:1]:
        if _ISO_DAY.fullmatch(raw):
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                pass
        notices.append(_notice(f"Ignored bad date in the link: {name}={_clip(raw)} (use YYYY-MM-DD)."))
    return None


def parse_time_and_people(
    params: Mapping[str, Any], actors: Container[str] = (), events: Container[str] = ()
) -> ViewState:
    """Read ``?from=YYYY-MM-DD&to=YYYY-MM-DD&actor=ID&event=ID``; bad values are dropped with a notice.

    Returns a :class:`ViewState` with only ``date_from``, ``date_to``, ``actor``, ``event`` and
    ``notices`` (each at most :data:`NOTICE_MAX` characters) set. A range that ends before it
    starts is dropped whole: neither end can be trusted.
    """
    notices: list[str] = []
    d0, d1 = _day(params, "from", notices), _day(params, "to", notices)
    if d0 and d1 and d1 < d0:
        notices.append(_notice(f"Ignored the dates in the link: to {d1} is before from {d0}."))
        d0 = d1 = None
    actor = event = None
    for aid in _values(params, "actor")[:1]:
        if aid in actors:
            actor = aid
        else:
            notices.append(_notice(f"Ignored unknown actor in the link: {_clip(aid, 40)}."))
    for eid in _values(params, "event")[:1]:
        if eid in events:
            event = eid
        else:
            notices.append(_notice(f"Ignored unknown event in the link: {_clip(eid, 40)}."))
    return ViewState((), None, None, tuple(notices), d0, d1, actor, event)


def layers_param(chosen: Sequence[str], all_layers: Sequence[str]) -> str | None:
    """The ``layers`` value for the URL; None when every layer is shown (the default)."""
    if list(chosen) == list(all_layers):
        return None
    return ",".join(v for v in all_layers if v in chosen)


@dataclass(frozen=True)
class MapClick:
    """The part of streamlit-folium's reply that matters: which feature, which click."""

    feature_id: str | None
    count: int | None
    lat: float | None = None
    lon: float | None = None


def map_click(value: Mapping[str, Any] | None) -> MapClick:
    """Convert ``st_folium``'s return dict into a :class:`MapClick`, tolerating partial replies."""
    if not isinstance(value, Mapping):
        return MapClick(None, None)
    count = value.get("last_object_clicked_count")
    drawing = value.get("last_active_drawing")
    fid = None
    if isinstance(drawing, Mapping):
        props = drawing.get("properties")
        if isinstance(props, Mapping) and isinstance(props.get("id"), str):
            fid = props["id"]
        elif isinstance(drawing.get("id"), str):
            fid = drawing["id"]
    lat = lon = None
    at = value.get("last_object_clicked")
    if (
        isinstance(at, Mapping)
        and isinstance(at.get("lat"), int | float)
        and isinstance(at.get("lng"), int | float)
    ):
        lat, lon = float(at["lat"]), float(at["lng"])
    return MapClick(fid, count if isinstance(count, int) else None, lat, lon)
