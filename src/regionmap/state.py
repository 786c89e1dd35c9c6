"""View state in the URL and the map component's reply, as typed values (no Streamlit here)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .limits import NOTICE_CHARS


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


def shown(value: str, limit: int = NOTICE_CHARS) -> str:
    """At most ``limit`` characters of a value echoed in a notice, with "…" when cut."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


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
        chosen = tuple(v for v in layers if v in asked)
        if unknown and not chosen:  # only bad names: the default view rather than an empty map
            chosen = tuple(layers)
            notices.append(
                f"Ignored unknown layer(s) in the link: {shown(', '.join(unknown))}; showing every layer."
            )
        elif unknown:
            notices.append(f"Ignored unknown layer(s) in the link: {shown(', '.join(unknown))}.")
    else:
        chosen = tuple(layers)
    feature = _first_known(_values(params, "feature"), features, "feature", notices)
    article = _first_known(_values(params, "article"), articles, "article", notices)
    return ViewState(chosen, feature, article, tuple(notices))


def _first_known(values: list[str], known: Container[str], what: str, notices: list[str]) -> str | None:
    # the first value that names something wins; those before it get one notice, later ones are dropped
    found = next((i for i, v in enumerate(values) if v in known), None)
    unknown = values if found is None else values[:found]
    if unknown:
        notices.append(f"Ignored unknown {what} in the link: {shown(', '.join(unknown))}.")
    return None if found is None else values[found]


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
