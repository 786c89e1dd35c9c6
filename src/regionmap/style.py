"""Colours, line styles and the legend: how layer, status and precision look on the map."""

from __future__ import annotations

from html import escape

from .model import Layer, Precision, Status

LAYER_LABELS: dict[str, str] = {
    Layer.COUNTRIES: "Countries",
    Layer.REGIONS: "Regions",
    Layer.PROVINCES: "Afghan provinces",
    Layer.ENERGY: "Energy",
    Layer.TRAFFICKING: "Trafficking routes",
    Layer.SECURITY: "Security",
    Layer.DIPLOMACY: "Diplomacy",
    Layer.PARTNERSHIPS: "Partnerships",
    Layer.PLACES: "Places",
}

# Okabe-Ito based, distinguishable for the common colour-vision deficiencies
LAYER_COLOURS: dict[str, str] = {
    Layer.COUNTRIES: "#4d4d4d",
    Layer.REGIONS: "#7b5ea7",
    Layer.PROVINCES: "#8c6d31",
    Layer.ENERGY: "#e69f00",
    Layer.TRAFFICKING: "#d55e00",
    Layer.SECURITY: "#cc1f1f",
    Layer.DIPLOMACY: "#0072b2",
    Layer.PARTNERSHIPS: "#009e73",
    Layer.PLACES: "#222222",
}

STATUS_DASH: dict[str, str | None] = {
    Status.EXISTING: None,
    Status.REPORTED: None,
    Status.PLANNED: "10 6",
    Status.SUSPENDED: "2 6",
    Status.ALLEGED: "1 4",
    Status.NOT_STATED: None,
}
STATUS_NOTES: dict[str, str] = {
    Status.EXISTING: "exists",
    Status.REPORTED: "reported by the source",
    Status.PLANNED: "planned or under construction (dashed)",
    Status.SUSPENDED: "stopped, may resume (dotted)",
    Status.ALLEGED: "alleged, unconfirmed (fine dots)",
    Status.NOT_STATED: "a gazetteer place; no source states its status",
}
PRECISION_OPACITY: dict[str, float] = {
    Precision.EXACT: 0.95,
    Precision.APPROXIMATE: 0.75,
    Precision.SCHEMATIC: 0.5,
}
PRECISION_NOTES: dict[str, str] = {
    Precision.EXACT: "boundary or point as published by the geometry source",
    Precision.APPROXIMATE: "location known to a town or province, not the exact site (lighter)",
    Precision.SCHEMATIC: "shows what is connected, not the true course (translucent)",
}
SELECTED_COLOUR = "#ffd400"


def feature_style(layer: str, status: str, precision: str, geom_type: str, linked: bool) -> dict:
    """Leaflet path options for one feature."""
    colour = LAYER_COLOURS[layer]
    opacity = PRECISION_OPACITY[precision]
    style: dict = {"color": colour, "opacity": opacity, "className": f"rm-f rm-layer-{layer}"}
    dash = STATUS_DASH[status]
    if dash:
        style["dashArray"] = dash
    if geom_type.endswith("Polygon"):
        # context-only polygons stay faint so the linked ones stand out
        fill = {Layer.COUNTRIES.value: 0.10, Layer.REGIONS.value: 0.12}.get(layer, 0.30 if linked else 0.04)
        style |= {
            "weight": 2.0 if linked else 0.8,
            "fillColor": colour,
            "fillOpacity": round(fill * opacity, 3),
        }
        if layer == Layer.SECURITY:
            # drawn over a province with the same outline: hatch-like dashed edge, no fill, so a
            # click inside still reaches the province (the card lists both)
            style |= {"weight": 4, "fill": False, "dashArray": style.get("dashArray") or "6 4"}
    elif geom_type.endswith("LineString"):
        style |= {"weight": 3.5 if precision != Precision.SCHEMATIC else 3.0}
    else:  # points, drawn as circle markers
        style |= {"weight": 2, "radius": 7, "fillColor": colour, "fillOpacity": round(0.8 * opacity, 3)}
    return style


def _swatch(colour: str, dash: str | None, opacity: float = 0.95) -> str:
    # a CSS border, not SVG: st.html sanitises SVG away
    border = "solid" if not dash else ("dashed" if dash.startswith("10") else "dotted")
    return f'<span class="rm-sw" style="border-top:3px {border} {colour};opacity:{opacity}"></span>'


def legend_html() -> str:
    """The legend: each layer's colour, then what dashes and transparency mean."""
    rows = [
        f"<li>{_swatch(LAYER_COLOURS[layer], None)} {escape(label)}</li>"
        for layer, label in LAYER_LABELS.items()
    ]
    status = [
        f"<li>{_swatch('#444', STATUS_DASH[s])} <b>{escape(s)}</b>: {escape(STATUS_NOTES[s])}</li>"
        for s in STATUS_NOTES
    ]
    precision = [
        f"<li>{_swatch('#444', None, PRECISION_OPACITY[p])} <b>{escape(p)}</b>: {escape(PRECISION_NOTES[p])}</li>"
        for p in PRECISION_NOTES
    ]
    return (
        '<div class="rm-legend"><style>.rm-legend ul{list-style:none;padding-left:0;margin:0 0 .5rem}'
        ".rm-legend li{font-size:.82rem;margin:.1rem 0}"
        ".rm-sw{display:inline-block;width:30px;height:0;vertical-align:middle;margin-right:.35rem}"
        ".rm-legend h4{font-size:.85rem;margin:.4rem 0 .2rem}</style>"
        f"<h4>Layers</h4><ul>{''.join(rows)}</ul>"
        f"<h4>Status (line style)</h4><ul>{''.join(status)}</ul>"
        f"<h4>Precision (transparency)</h4><ul>{''.join(precision)}</ul></div>"
    )
