"""The naive peer: what a competent user would write with the same stack, for the side-by-side benchmark.

Folium layers from ``regionmap export geojson`` (one ``folium.GeoJson`` per layer with a
tooltip), a layer control, ``st_folium`` with its defaults, and the clicked feature's
passages below the map. The one change from folium's defaults is Leaflet from the app's
own static files instead of a CDN: without it the map cannot load on an offline machine.

    PEER_GEOJSON=export.geojson streamlit run peer_app.py   (bench/compare.py does this)
"""

from __future__ import annotations

import json
import os

import folium
import streamlit as st
from streamlit_folium import st_folium

COLOURS = {"countries": "#4d4d4d", "regions": "#7b5ea7", "provinces": "#8c6d31", "energy": "#e69f00",
           "trafficking": "#d55e00", "security": "#cc1f1f", "diplomacy": "#0072b2",
           "partnerships": "#009e73", "places": "#222222"}  # fmt: skip

st.set_page_config(page_title="peer", layout="wide")


@st.cache_data
def load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


fc = load(os.environ["PEER_GEOJSON"])
m = folium.Map(location=[39, 66], zoom_start=4, tiles=None)
m.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
m.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
for layer, colour in COLOURS.items():
    feats = [f for f in fc["features"] if f["properties"]["layer"] == layer]
    folium.GeoJson(
        {"type": "FeatureCollection", "features": feats},
        name=layer,
        style_function=lambda _f, c=colour: {"color": c, "weight": 2, "fillOpacity": 0.1},
        marker=folium.CircleMarker(radius=6, fill=True),
        tooltip=folium.GeoJsonTooltip(fields=["name", "kind", "status"]),
    ).add_to(m)
folium.LayerControl().add_to(m)

left, right = st.columns([3, 2])
with left:
    out = st_folium(m, width=900, height=600)
with right:
    drawing = (out or {}).get("last_active_drawing") or {}
    props = drawing.get("properties") or {}
    if props:
        st.subheader(props["name"])
        st.write(f"{props['kind']} · {props['status']} · {props['precision']}")
        passages = props.get("passages") or []
        st.caption(f"{len(passages)} passage(s) about {props['name']}")
        for p in passages:
            st.text(p["quote"])
    else:
        st.info("Click a feature on the map.")
