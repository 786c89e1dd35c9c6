"""Pure builders from data to folium: the offline base map, one group per layer, the selection."""

from __future__ import annotations

import math
from typing import Any

import folium
import shapely
from folium.map import CustomPane
from folium.utilities import JsCode

from .load import Dataset
from .model import Layer, Precision
from .style import SELECTED_COLOUR, feature_style

STATIC_PREFIX = "/app/static"
HOME_CENTER = (39.0, 66.0)
HOME_ZOOM = 4
ATTRIBUTION = "Natural Earth (de facto boundaries) · AGCHO/OCHA · GeoNames"
# panes keep areas under lines under points, whatever layer they belong to
PANES = {"Polygon": ("rm-areas", 410), "LineString": ("rm-lines", 420), "Point": ("rm-points", 430)}

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
  }
}
"""
)


def _geom_class(geom_type: str) -> str:
    return geom_type.removeprefix("Multi")


def _tip(row: Any) -> str:
    tip = f"{row['kind']} · {row['status']} · {row['precision']}"
    if row["start"]:
        tip += f" · {row['start']}" + (f" – {row['end']}" if row["end"] and row["end"] != row["start"] else "")
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
            fc["features"].append({"type": "Feature", "id": fid, "properties": props, "geometry": shapely.geometry.mapping(g)})
    return out


def base_map(base: dict[str, Any], static_prefix: str = STATIC_PREFIX) -> folium.Map:
    """The map that never changes between reruns: offline base, panes, vendored Leaflet.

    ``base`` is the output of :func:`base_geojson`.

    Keeping this identical across reruns is what stops streamlit-folium from
    remounting the map (which would flash and lose the user's pan and zoom).
    """
    m = folium.Map(location=HOME_CENTER, zoom_start=HOME_ZOOM, tiles=None, min_zoom=2, max_zoom=11,
                   world_copy_jump=True, control_scale=True)  # fmt: skip
    # per instance, so other maps in the process keep folium's defaults
    m.default_js = [("leaflet", f"{static_prefix}/leaflet/leaflet.js")]
    m.default_css = [("leaflet_css", f"{static_prefix}/leaflet/leaflet.css")]
    m.get_root().header.add_child(
        folium.Element("<style>.leaflet-container{background:#cfe2ec}.leaflet-tooltip{max-width:320px;white-space:normal}</style>")
    )
    for name, z in PANES.values():
        CustomPane(name, z_index=z).add_to(m)
    folium.GeoJson(base, name="base", interactive=False, attribution=ATTRIBUTION, smooth_factor=1.5).add_to(m)
    return m


def base_geojson(world: dict[str, Any]) -> dict[str, Any]:
    """Natural Earth countries as land with thin borders, properties reduced to a style."""
    style = {"color": "#9c9486", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1, "opacity": 1}
    feats = [{"type": "Feature", "properties": {"style": style}, "geometry": f["geometry"]} for f in world["features"]]
    return {"type": "FeatureCollection", "features": feats}


def feature_group(layer: str, parts: dict[str, dict[str, Any]]) -> folium.FeatureGroup:
    """A toggleable group for one layer; clicking a feature returns it with its properties."""
    fg = folium.FeatureGroup(name=f"rm-{layer}")
    for gclass, fc in parts.items():
        pane = PANES[gclass][0]
        kwargs: dict[str, Any] = {"pane": pane, "on_each_feature": ON_EACH_FEATURE}
        if gclass == "Point":
            # folium.Marker would drop the properties; a GeoJSON point keeps them for the click
            kwargs["marker"] = folium.CircleMarker(radius=7, pane=pane)
        folium.GeoJson(fc, name=f"rm-{layer}-{gclass}", **kwargs).add_to(fg)
    return fg


def selection_group(ds: Dataset, feature_id: str | None) -> folium.FeatureGroup:
    """A halo around the selected feature; not interactive, so clicks reach the feature below."""
    fg = folium.FeatureGroup(name="rm-selection")
    if feature_id is None or feature_id not in ds.features.index:
        return fg
    geom = ds.features.loc[feature_id].geometry
    gclass = _geom_class(geom.geom_type)
    style = {"color": SELECTED_COLOUR, "weight": 7, "opacity": 0.9, "fill": False, "className": "rm-selected",
             "radius": 13}  # fmt: skip
    fc = {"type": "Feature", "id": feature_id, "properties": {"id": feature_id, "style": style},
          "geometry": shapely.geometry.mapping(geom)}  # fmt: skip
    kwargs: dict[str, Any] = {"interactive": False, "pane": PANES[gclass][0]}
    if gclass == "Point":
        kwargs["marker"] = folium.CircleMarker(radius=13, pane=PANES[gclass][0], interactive=False)
    folium.GeoJson(fc, name="rm-selection-shape", **kwargs).add_to(fg)
    return fg


def view_for(bounds: tuple[float, float, float, float], size_px: tuple[int, int] = (760, 620)) -> tuple[list[float], int]:
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
