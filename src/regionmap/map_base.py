"""The map built once per dataset: offline base, every layer, and the script that applies messages to it.

The folium objects are pure and rebuilt each run from cached JSON text; what they render is
identical run after run, so Streamlit sends the map once and only a cache reference
afterwards. Selection, layer toggles, focus and labels arrive as small messages that
``static/regionmap/map.js`` applies inside the map (see :mod:`regionmap.map_control`).
"""

from __future__ import annotations

import json
from typing import Any

import folium
import shapely
from branca.element import Element, Figure, MacroElement
from folium.map import CustomPane
from jinja2 import Template

from .map_layers import LAYER_ORDER, pane_for

STATIC_PREFIX = "/app/static"
HOME_CENTER = (39.0, 66.0)
HOME_ZOOM = 4
ATTRIBUTION = "Natural Earth · AGCHO/OCHA · GeoNames"
# panes keep areas under lines under points under labels, whatever layer they belong to
PANES = {
    "Regions": ("rm-regions", 405), "Polygon": ("rm-areas", 410), "Hot": ("rm-hot", 415),
    "LineString": ("rm-lines", 420), "Point": ("rm-points", 430), "Top": ("rm-top", 440),
    "Labels": ("rm-labels", 450),
}  # fmt: skip
Frozen = tuple[str, list]


def script_json(data: Any) -> str:
    """JSON safe to put inside a <script>, escaped as Jinja's ``tojson`` does."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
    )  # fmt: skip


class FrozenGeoJson(MacroElement):
    """A Leaflet GeoJSON layer from JSON text and bounds computed once, reused every rerun.

    folium.GeoJson re-serialises its data on every render and streamlit-folium walks
    every coordinate for the map's bounds on every rerun. A layer with ``rm_layer`` is handed
    to ``RM.addLayer`` (map.js decides when it is shown); without, to ``RM.addBase`` (always
    shown). map.js adds them once it knows the first view, so the map is drawn only once.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = RM.geoJson({{ this.pane|tojson }}, {{ this.interactive|tojson }}, {{ this.attribution|tojson }});
{{ this.get_name() }}.addData(RM.data({{ this.data_id|tojson }}));
{% if this.rm_layer %}RM.addLayer({{ this.rm_layer|tojson }}, {{ this.get_name() }});
{% else %}RM.addBase({{ this.get_name() }});{% endif %}
{% endmacro %}
"""
    )

    def __init__(self, data_json: str, bounds: list[list[float | None]], *, pane: str = "overlayPane",
                 interactive: bool = True, attribution: str | None = None, rm_layer: str | None = None,
                 name: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self._name = "FrozenGeoJson"  # becomes the JS variable name: must stay an identifier
        self.layer_name = name or self.get_name()
        self.data_json = data_json
        self._bounds = bounds
        self.pane, self.interactive, self.attribution, self.rm_layer = (
            pane,
            interactive,
            attribution,
            rm_layer,
        )

    def _get_self_bounds(self) -> list[list[float | None]]:
        return self._bounds

    @property
    def data_id(self) -> str:
        return f"rm-data-{self.layer_name}"

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # MacroElement.render returns None too
        # The GeoJSON goes into the page as a JSON data block, not into the script:
        # streamlit-folium runs several regular expressions and a dedent over the whole
        # script on every rerun (~100 ms for 1 MB), while the HTML passes through one.
        # MacroElement.render would also compile the rendered script as a Jinja template.
        root = self.get_root()
        assert isinstance(root, Figure)
        root.script.add_child(_Raw(self._template.module.script(self, kwargs)), name=self.get_name())
        block = f'<script type="application/json" id="{self.data_id}">{self.data_json}</script>'
        root.html.add_child(_Raw(block), name=f"{self.get_name()}_data")


class MapInit(MacroElement):
    """``RM.init(map, cfg)``: after every layer is registered, map.js takes over the map.

    ``cfg`` carries the data's version: the script, hence streamlit-folium's key, changes
    with the data, so a new dataset remounts the map instead of keeping stale layers.
    """

    _template = Template(
        "{% macro script(this, kwargs) %}RM.init({{ this._parent.get_name() }}, {{ this.cfg }});{% endmacro %}"
    )

    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        self._name = "MapInit"
        self.cfg = script_json(cfg)


class _Raw(Element):
    """Already-rendered text, never parsed as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def frozen(data: dict[str, Any], bounds: tuple[float, float, float, float] | None = None) -> Frozen:
    """The JSON text and ``[[south, west], [north, east]]`` of a FeatureCollection, for :class:`FrozenGeoJson`."""
    if bounds is None and data["features"]:
        bounds = tuple(
            shapely.total_bounds([shapely.geometry.shape(f["geometry"]) for f in data["features"]])
        )
    if bounds is None:
        return script_json(data), [[None, None], [None, None]]
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    return script_json(data), [[miny, minx], [maxy, maxx]]


def base_geojson(world: dict[str, Any]) -> dict[str, Any]:
    """Natural Earth countries as land with thin borders, properties reduced to a style."""
    style = {"color": "#b5ad9f", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1, "opacity": 1}
    feats = [
        {"type": "Feature", "properties": {"style": style}, "geometry": f["geometry"]}
        for f in world["features"]
    ]
    return {"type": "FeatureCollection", "features": feats}


def base_map(
    base: Frozen,
    layers: dict[str, dict[str, Frozen]] | None = None,
    extra: dict[str, Frozen] | None = None,
    static_prefix: str = STATIC_PREFIX,
    version: str = "",
) -> folium.Map:
    """The whole map: offline land, every layer (hidden or shown by messages), map.js.

    Parameters
    ----------
    base
        :func:`frozen` of :func:`base_geojson`.
    layers
        ``{layer: {geometry class: frozen FeatureCollection}}`` (see :func:`regionmap.map_layers.layer_geojson`).
    extra
        Non-interactive context layers drawn under the features (e.g. rivers), by name.
    version
        A key of the data (the dataset's content key): part of the script, see :class:`MapInit`.
    """
    m = folium.Map(location=HOME_CENTER, zoom_start=HOME_ZOOM, tiles=None, min_zoom=2, max_zoom=11,
                   world_copy_jump=True, control_scale=True, zoom_snap=0.25)  # fmt: skip
    # per instance, so other maps in the process keep folium's defaults
    m.default_js = [("leaflet", f"{static_prefix}/leaflet/leaflet.js"),
                    ("regionmap", f"{static_prefix}/regionmap/map.js")]  # fmt: skip
    m.default_css = [("leaflet_css", f"{static_prefix}/leaflet/leaflet.css"),
                     ("regionmap_css", f"{static_prefix}/regionmap/map.css")]  # fmt: skip
    for name, z in PANES.values():
        CustomPane(name, z_index=z).add_to(m)  # no pointer events: only the paths take clicks
    FrozenGeoJson(*base, name="base", interactive=False, attribution=ATTRIBUTION).add_to(m)
    for name, part in (extra or {}).items():
        FrozenGeoJson(*part, pane="rm-regions", interactive=False, name=f"rm-ctx-{name}").add_to(m)
    for layer in LAYER_ORDER:
        for gclass, (data_json, bounds) in (layers or {}).get(layer, {}).items():
            FrozenGeoJson(data_json, bounds, pane=pane_for(layer, gclass), rm_layer=layer,
                          name=f"rm-{layer}-{gclass}").add_to(m)  # fmt: skip
    MapInit({"layers": LAYER_ORDER, "version": version}).add_to(m)
    return m


def frozen_layers(ds: Any) -> dict[str, dict[str, Frozen]]:
    """Every layer of a dataset, frozen per geometry class (first passages computed once)."""
    from .map_layers import first_passages, layer_geojson

    passages = first_passages(ds)
    return {
        layer: {gclass: frozen(fc) for gclass, fc in layer_geojson(ds, layer, passages).items()}
        for layer in LAYER_ORDER
    }
