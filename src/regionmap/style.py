"""Colours, line dashes, point shapes and the legend: how layer, status and precision look on the map.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies); as
colour alone does not survive greyscale printing, each layer also differs in lightness,
line dash or point shape.
"""

from __future__ import annotations

from html import escape

from .model import Layer, Precision

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

# Okabe & Ito (2008), "Color Universal Design"; countries a neutral grey (context).
LAYER_COLOURS: dict[str, str] = {
    Layer.COUNTRIES: "#595959",
    Layer.REGIONS: "#cc79a7",  # reddish purple
    Layer.PROVINCES: "#56b4e9",  # sky blue
    Layer.ENERGY: "#e69f00",  # orange
    Layer.TRAFFICKING: "#d55e00",  # vermillion
    Layer.SECURITY: "#000000",  # black: the darkest, for the most serious
    Layer.DIPLOMACY: "#0072b2",  # blue
    Layer.PARTNERSHIPS: "#009e73",  # bluish green
    Layer.PLACES: "#3d3d3d",
}
# the layer's own line pattern (status dashes replace it where the status has one)
LAYER_DASH: dict[str, str | None] = {
    Layer.COUNTRIES: None,
    Layer.REGIONS: "8 4",
    Layer.PROVINCES: None,
    Layer.ENERGY: None,
    Layer.TRAFFICKING: "12 4 2 4",  # dash-dot: a route, not a wire
    Layer.SECURITY: "6 3",
    Layer.DIPLOMACY: None,
    Layer.PARTNERSHIPS: None,
    Layer.PLACES: None,
}
LAYER_SHAPE: dict[str, str] = {
    Layer.COUNTRIES: "circle",
    Layer.REGIONS: "circle",
    Layer.PROVINCES: "circle",
    Layer.ENERGY: "square",
    Layer.TRAFFICKING: "triangle",
    Layer.SECURITY: "cross",
    Layer.DIPLOMACY: "diamond",
    Layer.PARTNERSHIPS: "triangle",
    Layer.PLACES: "circle",
}

# Status: the line's dash (lines and outlines) and how full a point is drawn.
# Keyed by the status value, "not stated" included (gazetteer places whose status no source gives).
STATUS_DASH: dict[str, str | None] = {
    "existing": None,
    "reported": "16 5",
    "planned": "8 6",
    "suspended": "2 6",
    "alleged": "1 4",
    "not stated": None,
}
# a point's rim is short: its own, shorter dashes
POINT_DASH: dict[str, str | None] = {"planned": "4 2", "suspended": "1 3", "alleged": "1 1.5"}
STATUS_FILL: dict[str, float] = {
    "existing": 0.85,
    "reported": 0.45,
    "planned": 0.0,
    "suspended": 0.0,
    "alleged": 0.0,
    "not stated": -1,  # white fill, coloured rim
}
STATUS_NOTES: dict[str, str] = {
    "existing": "exists (solid line, filled point)",
    "reported": "reported by the source, not confirmed elsewhere (long dashes, half-filled point)",
    "planned": "planned or under construction (dashed, hollow point)",
    "suspended": "stopped, may resume (dotted, hollow point)",
    "alleged": "alleged, unconfirmed (fine dots, hollow point)",
    "not stated": "no source gives its status (thin line, white point)",
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


def feature_style(layer: str, status: str, precision: str, geom_type: str, linked: bool = True) -> dict:
    """Leaflet path options for one feature (the map fades what the open article does not mention)."""
    colour = LAYER_COLOURS[layer]
    opacity = PRECISION_OPACITY.get(precision, 0.75)
    style: dict = {"color": colour, "opacity": opacity, "className": f"rm-f rm-layer-{layer}"}
    dash = STATUS_DASH.get(status) or LAYER_DASH[layer]
    if dash:
        style["dashArray"] = dash
    thin = status == "not stated"
    if geom_type.endswith("Polygon"):
        fill = {Layer.COUNTRIES.value: 0.0, Layer.REGIONS.value: 0.06, Layer.PROVINCES.value: 0.10}.get(
            layer, 0.25
        )
        style |= {"weight": 1.2 if layer == Layer.COUNTRIES else 1.6, "fillColor": colour,
                  "fillOpacity": round(fill * opacity, 3)}  # fmt: skip
        if layer == Layer.SECURITY:
            # drawn over a province with the same outline: a heavy dashed edge and no fill, so a
            # click inside still reaches the province (the card lists both)
            style |= {"weight": 3.5, "fill": False, "dashArray": style.get("dashArray") or "6 3"}
    elif geom_type.endswith("LineString"):
        style |= {"weight": 2.0 if thin else (3.5 if precision != Precision.SCHEMATIC else 3.0)}
        if layer == Layer.PARTNERSHIPS:
            style["weight"] = 2.5  # thinner than energy lines of similar lightness
    else:  # points: shaped markers; the fill says the status
        fill = STATUS_FILL.get(status, 0.85)
        style |= {"weight": 1.5 if thin else 2, "radius": 6 if layer == Layer.PLACES else 7,
                  "shape": LAYER_SHAPE[layer], "fillColor": "#ffffff" if fill < 0 else colour,
                  "fillOpacity": 1.0 if fill < 0 else round(max(fill, 0.0) * opacity, 3)}  # fmt: skip
        if fill == 0.0:
            style["fillColor"], style["fillOpacity"] = "#ffffff", 0.6
        if POINT_DASH.get(status):
            style["dashArray"] = POINT_DASH[status]
        else:
            style.pop("dashArray", None)
    return style


def _dash_css(colour: str, dash: str | None, width: int = 3) -> str:
    # a gradient reproduces any SVG dash pattern; st.html sanitises SVG away
    if not dash:
        return f"background:{colour};height:{width}px"
    stops, pos, on = [], 0, True
    for part in dash.split():
        n = int(float(part))
        stops.append(f"{colour if on else 'transparent'} {pos}px {pos + n}px")
        pos, on = pos + n, not on
    if len(dash.split()) % 2:  # an odd pattern repeats with on/off swapped, as in SVG
        stops.append(f"transparent {pos}px {pos + int(float(dash.split()[0]))}px")
    return f"background:repeating-linear-gradient(90deg,{','.join(stops)});height:{width}px"


def _line(colour: str, dash: str | None, opacity: float = 0.95, width: int = 3) -> str:
    return f'<span class="rm-sw" style="{_dash_css(colour, dash, width)};opacity:{opacity}"></span>'


def _point(colour: str, shape: str, fill: str | None = None) -> str:
    fill = fill or colour
    return f'<span class="rm-pt rm-pt-{shape}" style="--c:{colour};--f:{fill}"></span>'


def _layer_symbol(layer: str) -> str:
    colour = LAYER_COLOURS[layer]
    if layer in (Layer.COUNTRIES, Layer.REGIONS, Layer.PROVINCES):
        area = f'<span class="rm-area" style="--c:{colour}"></span>'
        return area + (_line(colour, LAYER_DASH[layer], width=2) if LAYER_DASH[layer] else "")
    if layer == Layer.PLACES:
        return _point(colour, "circle")
    line = _line(colour, LAYER_DASH[layer])
    return line + _point(colour, LAYER_SHAPE[layer])


LEGEND_CSS = """<style>
.rm-legend ul{list-style:none;padding-left:0;margin:0 0 .5rem}
.rm-legend li{font-size:.82rem;margin:.15rem 0;display:flex;align-items:center;gap:.35rem}
.rm-sym{display:inline-flex;align-items:center;gap:3px;min-width:52px}
.rm-sw{display:inline-block;width:30px}
.rm-area{display:inline-block;width:14px;height:10px;border:1.5px solid var(--c);
  background:color-mix(in srgb,var(--c) 18%,transparent)}
.rm-pt{display:inline-block;width:10px;height:10px;border:2px solid var(--c);background:var(--f)}
.rm-pt-circle{border-radius:50%}
.rm-pt-diamond{transform:rotate(45deg) scale(.85)}
.rm-pt-triangle{width:0;height:0;border:none;border-left:6px solid transparent;border-right:6px solid transparent;
  border-bottom:11px solid var(--c);background:none}
.rm-pt-cross{border:none;background:linear-gradient(var(--c),var(--c)) center/3px 100% no-repeat,
  linear-gradient(var(--c),var(--c)) center/100% 3px no-repeat}
.rm-legend h4{font-size:.85rem;margin:.4rem 0 .2rem}
</style>"""


def legend_html() -> str:
    """The legend: each layer's colour, line and point shape, then what status and transparency look like."""
    rows = [
        f'<li><span class="rm-sym">{_layer_symbol(layer)}</span>{escape(label)}</li>'
        for layer, label in LAYER_LABELS.items()
    ]
    status = []
    for s, note in STATUS_NOTES.items():
        fill = STATUS_FILL[s]
        pfill = "#fff" if fill <= 0 else f"color-mix(in srgb,#444 {int(fill * 100)}%,white)"
        sym = _line("#444", STATUS_DASH[s], width=2 if s == "not stated" else 3) + _point(
            "#444", "circle", pfill
        )
        status.append(
            f'<li><span class="rm-sym">{sym}</span><span><b>{escape(s)}</b>: {escape(note)}</span></li>'
        )
    precision = [
        f'<li><span class="rm-sym">{_line("#444", None, PRECISION_OPACITY[p])}</span>'
        f"<span><b>{escape(p)}</b>: {escape(PRECISION_NOTES[p])}</span></li>"
        for p in PRECISION_NOTES
    ]
    return (
        f'<div class="rm-legend">{LEGEND_CSS}'
        f"<h4>Layers</h4><ul>{''.join(rows)}</ul>"
        f"<h4>Status (line dash, point fill)</h4><ul>{''.join(status)}</ul>"
        f"<h4>Precision (transparency)</h4><ul>{''.join(precision)}</ul>"
        "<h4>Focus</h4><ul><li>Features of the open article in full colour, the others faded; "
        "a yellow halo marks the selection.</li></ul></div>"
    )
