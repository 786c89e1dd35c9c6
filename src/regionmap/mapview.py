"""Pure builders from data to folium: the offline base map, one group per layer, the selection."""

from __future__ import annotations

import json
import math
from typing import Any

import folium
import shapely
from branca.element import Element, Figure, MacroElement
from folium.map import CustomPane
from folium.utilities import JsCode
from jinja2 import Template

from .load import Dataset
from .model import Layer, Precision
from .style import SELECTED_COLOUR, feature_style

STATIC_PREFIX = "/app/static"
HOME_CENTER = (39.0, 66.0)
HOME_ZOOM = 4
ATTRIBUTION = "Natural Earth (de facto boundaries) · AGCHO/OCHA · GeoNames"
# panes keep areas under lines under points, whatever layer they belong to
PANES = {
    "Regions": ("rm-regions", 405), "Polygon": ("rm-areas", 410), "Hot": ("rm-hot", 415),
    "LineString": ("rm-lines", 420), "Point": ("rm-points", 430), "Top": ("rm-top", 440),
}  # fmt: skip
MAP_CSS = "<style>.leaflet-container{background:#cfe2ec}.leaflet-tooltip{min-width:180px;max-width:320px;white-space:normal}</style>"

# Tooltip text goes in through textContent: names from articles or data never become markup.
ON_EACH_FEATURE = JsCode(
    """
function(feature, layer) {
  var p = feature.properties, el = document.createElement('div'), b = document.createElement('b');
  b.textContent = p.name; el.appendChild(b);
  var s = document.createElement('div'); s.style.fontSize = '11px'; s.textContent = p.tip; el.appendChild(s);
  layer.bindTooltip(el, {sticky: true});
  if (layer.setStyle) {
    var w = p.style.weight || 2;
    layer.on('mouseover', function() { layer.setStyle({weight: w + 2}); });
    layer.on('mouseout', function() { layer.setStyle({weight: w}); });
    // instant feedback; the server redraws the selection halo a moment later
    layer.on('click', function() { layer.setStyle({color: '#ffd400', weight: w + 4}); });
  }
}
"""
)


def script_json(data: Any) -> str:
    """JSON safe to put inside a <script>, escaped as Jinja's ``tojson`` does."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
    )  # fmt: skip


class FrozenGeoJson(MacroElement):
    """A Leaflet GeoJSON layer from JSON text and bounds computed once, reused every rerun.

    folium.GeoJson re-serialises its data on every render and streamlit-folium walks
    every coordinate for the map's bounds on every rerun: ~200 ms per click for the
    world base layer alone. Styles travel in ``properties.style``; points become
    circle markers so that a click returns the feature with its properties.
    """

    _template = Template(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.geoJson(null, {
  pane: {{ this.pane|tojson }},
  interactive: {{ this.interactive|tojson }},
  attribution: {{ this.attribution|tojson }},
  style: function(f) { return f.properties.style || {}; },
  pointToLayer: function(f, latlng) {
    var o = Object.assign({}, f.properties.style || {}, {pane: {{ this.pane|tojson }}, interactive: {{ this.interactive|tojson }}});
    return L.circleMarker(latlng, o);
  },
  {% if this.on_each_feature %}onEachFeature: {{ this.on_each_feature.js_code }},{% endif %}
});
{{ this.get_name() }}.addData({{ this.data_json }});
{{ this.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, data_json: str, bounds: list[list[float | None]], *, pane: str = "overlayPane",
                 interactive: bool = True, attribution: str | None = None, on_each_feature: JsCode | None = None,
                 name: str | None = None) -> None:  # fmt: skip
        super().__init__()
        self._name = "FrozenGeoJson"  # becomes the JS variable name: must stay an identifier
        self.layer_name = name or self.get_name()
        self.data_json = data_json
        self._bounds = bounds
        self.pane, self.interactive, self.attribution = pane, interactive, attribution
        self.on_each_feature = on_each_feature

    def _get_self_bounds(self) -> list[list[float | None]]:
        return self._bounds

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]  # MacroElement.render returns None too
        # MacroElement.render wraps the rendered script in a new Element, which compiles it
        # as a Jinja template: ~15 ms per 100 kB of GeoJSON on every rerun. Add it as is.
        root = self.get_root()
        assert isinstance(root, Figure)
        root.script.add_child(_Raw(self._template.module.script(self, kwargs)), name=self.get_name())


class _Raw(Element):
    """Already-rendered text, never parsed as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def frozen(data: dict[str, Any], bounds: tuple[float, float, float, float] | None = None) -> tuple[str, list]:
    """The JSON text and ``[[south, west], [north, east]]`` of a FeatureCollection, for :class:`FrozenGeoJson`."""
    if bounds is None and data["features"]:
        bounds = tuple(
            shapely.total_bounds([shapely.geometry.shape(f["geometry"]) for f in data["features"]])
        )
    if bounds is None:
        return script_json(data), [[None, None], [None, None]]
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    return script_json(data), [[miny, minx], [maxy, maxx]]


def _geom_class(geom_type: str) -> str:
    return geom_type.removeprefix("Multi")


def _tip(row: Any) -> str:
    tip = f"{row['kind']} · {row['status']} · {row['precision']}"
    if row["start"]:
        tip += f" · {row['start']}" + (
            f" – {row['end']}" if row["end"] and row["end"] != row["start"] else ""
        )
    if row["precision"] == Precision.SCHEMATIC:
        tip += " — schematic: not the true course"
    elif row["precision"] == Precision.APPROXIMATE:
        tip += " — approximate location"
    return tip


def layer_geojson(ds: Dataset, layer: str) -> dict[str, dict[str, Any]]:
    """One layer's features as GeoJSON, split by geometry class, with display properties only.

    Returns
    -------
    dict
        ``{"Polygon"|"LineString"|"Point": FeatureCollection}``; every feature carries
        ``id``, ``name``, ``layer``, ``tip`` and a Leaflet ``style``.
    """
    linked = {lk.feature for lk in ds.links}
    sub = ds.features[ds.features["layer"] == layer]
    # a project is drawn as its parts (its geometry, their union, still serves the halo)
    sub = sub[~sub.index.isin(set(ds.features["part_of"].dropna()))]
    out: dict[str, dict[str, Any]] = {}
    for fid, row in sub.iterrows():
        gclass = _geom_class(row.geometry.geom_type)
        props = {
            "id": fid,
            "name": row["name"],
            "layer": layer,
            "tip": _tip(row),
            "style": feature_style(layer, row["status"], row["precision"], gclass, fid in linked),
        }
        # Leaflet hands a click on one point of a MultiPoint over without the feature's
        # properties, so each point becomes a feature of its own carrying the same id
        geoms = shapely.get_parts(row.geometry) if row.geometry.geom_type == "MultiPoint" else [row.geometry]
        fc = out.setdefault(gclass, {"type": "FeatureCollection", "features": []})
        for g in geoms:
            fc["features"].append(
                {"type": "Feature", "id": fid, "properties": props, "geometry": shapely.geometry.mapping(g)}
            )
    return out


def base_map(base: tuple[str, list], static_prefix: str = STATIC_PREFIX) -> folium.Map:
    """The map that never changes between reruns: offline base, panes, vendored Leaflet.

    ``base`` is :func:`frozen` of :func:`base_geojson`. Keeping this identical across
    reruns is what stops streamlit-folium from remounting the map (which would flash
    and lose the user's pan and zoom).
    """
    m = folium.Map(location=HOME_CENTER, zoom_start=HOME_ZOOM, tiles=None, min_zoom=2, max_zoom=11,
                   world_copy_jump=True, control_scale=True)  # fmt: skip
    # per instance, so other maps in the process keep folium's defaults
    m.default_js = [("leaflet", f"{static_prefix}/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{static_prefix}/leaflet/leaflet.css")]
    root = m.get_root()
    assert isinstance(root, Figure)
    root.header.add_child(folium.Element(MAP_CSS))
    for name, z in PANES.values():
        CustomPane(name, z_index=z).add_to(m)
    FrozenGeoJson(*base, name="base", interactive=False, attribution=ATTRIBUTION).add_to(m)
    return m


def base_geojson(world: dict[str, Any]) -> dict[str, Any]:
    """Natural Earth countries as land with thin borders, properties reduced to a style."""
    style = {"color": "#9c9486", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1, "opacity": 1}
    feats = [
        {"type": "Feature", "properties": {"style": style}, "geometry": f["geometry"]}
        for f in world["features"]
    ]
    return {"type": "FeatureCollection", "features": feats}


def pane_for(layer: str, gclass: str) -> str:
    """Regions lie under countries and provinces, so a click inside a country finds the country."""
    if gclass == "Polygon":
        return {"regions": "rm-regions", "security": "rm-hot"}.get(layer, "rm-areas")
    return PANES[gclass][0]


def frozen_layer(ds: Dataset, layer: str) -> dict[str, tuple[str, list]]:
    """:func:`layer_geojson` frozen per geometry class, ready for :func:`feature_group`."""
    return {gclass: frozen(fc) for gclass, fc in layer_geojson(ds, layer).items()}


def feature_group(layer: str, parts: dict[str, tuple[str, list]]) -> folium.FeatureGroup:
    """A toggleable group for one layer; clicking a feature returns it with its properties."""
    fg = folium.FeatureGroup(name=f"rm-{layer}")
    for gclass, (data_json, bounds) in parts.items():
        FrozenGeoJson(data_json, bounds, pane=pane_for(layer, gclass), on_each_feature=ON_EACH_FEATURE,
                      name=f"rm-{layer}-{gclass}").add_to(fg)  # fmt: skip
    return fg


def selection_group(ds: Dataset, feature_id: str | None) -> folium.FeatureGroup:
    """A halo around the selected feature; not interactive, so clicks reach the feature below."""
    fg = folium.FeatureGroup(name="rm-selection")
    if feature_id is None or feature_id not in ds.features.index:
        return fg
    geom = ds.features.loc[feature_id].geometry
    style = {"color": SELECTED_COLOUR, "weight": 7, "opacity": 0.9, "fill": False, "className": "rm-selected",
             "radius": 13}  # fmt: skip
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": feature_id, "style": style}, "geometry": shapely.geometry.mapping(geom)}]}  # fmt: skip
    FrozenGeoJson(
        *frozen(fc, geom.bounds), pane="rm-top", interactive=False, name="rm-selection-shape"
    ).add_to(fg)
    return fg


def features_at(
    ds: Dataset, lat: float, lon: float, layers: list[str], tolerance_deg: float = 0.05
) -> list[str]:
    """Ids of the features of ``layers`` under a map click: overlapping areas, lines and points nearby.

    A click reaches only the shape drawn on top; this lists the others so the card can offer them.
    """
    pt = shapely.Point(lon, lat)
    f = ds.features[ds.features["layer"].isin(layers)]
    hits = f[f.geometry.intersects(pt.buffer(tolerance_deg))]
    # smallest first: the province before the country before the region (square degrees
    # are good enough to order by)
    return list(hits.assign(_a=shapely.area(hits.geometry.values)).sort_values("_a").index)


def view_for(
    bounds: tuple[float, float, float, float], size_px: tuple[int, int] = (760, 620)
) -> tuple[list[float], int]:
    """Centre ``[lat, lon]`` and a Web Mercator zoom that fits ``(minx, miny, maxx, maxy)``."""
    minx, miny, maxx, maxy = bounds
    centre = [round((miny + maxy) / 2, 4), round((minx + maxx) / 2, 4)]

    def merc(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(maxx - minx, 1e-6) / 360.0
    lat_span = max(merc(maxy) - merc(miny), 1e-6) / (2 * math.pi)
    zoom = min(math.log2(size_px[0] / 256 / lon_span), math.log2(size_px[1] / 256 / lat_span))
    # points get a regional view: the base map is generalised to kilometres
    return centre, int(max(2, min(6, math.floor(zoom - 0.3))))


LAYER_ORDER = [layer.value for layer in Layer]
