"""The map's public names in one place (the builders live in map_base, map_layers and map_control)."""

from __future__ import annotations

from .map_base import (
    ATTRIBUTION,
    HOME_CENTER,
    HOME_ZOOM,
    PANES,
    STATIC_PREFIX,
    FrozenGeoJson,
    base_geojson,
    base_map,
    frozen,
    frozen_layers,
    script_json,
)
from .map_control import ArticleFocus, article_focus, article_message, selection_message, summary_line
from .map_layers import LAYER_ORDER, feature_bounds, features_at, label_point, layer_geojson, pane_for


def frozen_layer(ds, layer: str) -> dict[str, tuple[str, list]]:
    """:func:`layer_geojson` frozen per geometry class, ready for :func:`base_map`."""
    return {gclass: frozen(fc) for gclass, fc in layer_geojson(ds, layer).items()}


__all__ = [
    "ATTRIBUTION", "HOME_CENTER", "HOME_ZOOM", "LAYER_ORDER", "PANES", "STATIC_PREFIX", "ArticleFocus",
    "FrozenGeoJson", "article_focus", "article_message", "base_geojson", "base_map", "feature_bounds",
    "features_at", "frozen", "frozen_layer", "frozen_layers", "label_point", "layer_geojson", "pane_for", "script_json",
    "selection_message", "summary_line",
]  # fmt: skip
