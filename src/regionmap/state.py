"""View state in the URL and the map component's reply, as typed values (no Streamlit here)."""

from __future__ import annotations

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
