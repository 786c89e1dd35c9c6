"""Standalone HTML map: one file with Leaflet, the data and the article, that works from disk offline.

The data travels as JSON in a ``<script type="application/json">`` block (``<``, ``>`` and
``&`` escaped) and is rendered with ``textContent``; the article is the app's own escaped
:func:`regionmap.article_view.article_html`. A Content-Security-Policy allows only the two
inline scripts (by hash), inline styles and ``data:`` images: the page can make no request.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html import escape
from pathlib import Path
from typing import Any

import shapely

from .article_view import article_html, context
from .export import GENERATOR
from .export_filter import LAYER_ORDER, Selection
from .model import Link
from .paths import PROJECT_ROOT

STATIC = PROJECT_ROOT / "static"
HOME = {"center": [39.0, 66.0], "zoom": 4}
# the app's panes: areas under lines under points, regions under countries
PANES = [("rm-base", 300), ("rm-regions", 405), ("rm-areas", 410), ("rm-hot", 415), ("rm-lines", 420),
         ("rm-points", 430)]  # fmt: skip
BASE_STYLE = {"color": "#9c9486", "weight": 0.6, "fillColor": "#f4f1ea", "fillOpacity": 1, "opacity": 1}


def script_json(data: Any) -> str:
    """JSON that cannot end its ``<script>`` block or open a comment: ``<``, ``>``, ``&`` escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def map_style() -> dict[str, Any]:
    """The one place the export takes the map's look from (``regionmap.style``)."""
    from . import style

    return {
        "feature_style": style.feature_style,
        "colours": dict(style.LAYER_COLOURS),
        "labels": dict(style.LAYER_LABELS),
        "selected": style.SELECTED_COLOUR,
        "legend_html": style.legend_html(),
    }


def _pane(layer: str, gclass: str) -> str:
    if gclass == "Polygon":
        return {"regions": "rm-regions", "security": "rm-hot"}.get(layer, "rm-areas")
    return "rm-lines" if gclass == "LineString" else "rm-points"


def _tip(row: Any) -> str:
    tip = f"{row['kind']} · {row['status']} · {row['precision']}"
    if row["start"]:
        tip += f" · {row['start']}" + (
            f" – {row['end']}" if row["end"] and row["end"] != row["start"] else ""
        )
    return tip


def _passage(sel: Selection, lk: Link) -> dict[str, Any]:
    ctx = context(sel.articles[lk.article], lk)
    return {"key": lk.key, "article": lk.article, "kind": lk.kind.value, "before": ctx.before, "quote": ctx.quote,
            "after": ctx.after}  # fmt: skip


def page_data(sel: Selection) -> dict[str, Any]:
    """Everything the page's script draws: layers split by geometry class, sources, articles."""
    look = map_style()
    by_feature = sel.links_by_feature()
    layers = [v for v in LAYER_ORDER if v in set(sel.features["layer"])]
    features: dict[str, list[dict[str, Any]]] = {}
    counts: dict[str, int] = {}
    part_of = sel.features["part_of"].dropna()
    project_ids = set(part_of)
    projects: dict[str, dict[str, Any]] = {}
    for layer in layers:
        parts: dict[str, list[dict[str, Any]]] = {}
        sub = sel.features[sel.features["layer"] == layer]
        counts[layer] = len(sub)
        for fid, row in sub.iterrows():
            gclass = row.geometry.geom_type.removeprefix("Multi")
            is_project = fid in project_ids
            links = by_feature.get(str(fid), [])
            props = {
                "id": fid, "name": row["name"], "layer": layer, "kind": row["kind"], "status": row["status"],
                "precision": row["precision"], "start": row["start"], "end": row["end"],
                "actors": [dict(a) for a in row["actors"] or ()], "description": row["description"],
                "note": row["note"], "source": row["source"], "tip": _tip(row),
                "style": look["feature_style"](layer, row["status"], row["precision"], gclass, bool(links)),
                "passages": [_passage(sel, lk) for lk in links],
            }  # fmt: skip
            if is_project:  # drawn as its parts, as in the app; selecting it rings them all
                projects[str(fid)] = {
                    "props": props,
                    "parts": sorted(map(str, part_of[part_of == fid].index)),
                }
                continue
            geom = shapely.geometry.mapping(shapely.orient_polygons(row.geometry))
            parts.setdefault(gclass, []).append(
                {"type": "Feature", "id": fid, "properties": props, "geometry": geom}
            )
        features[layer] = [
            {"pane": _pane(layer, g), "data": {"type": "FeatureCollection", "features": fs}}
            for g, fs in parts.items()
        ]
    world = sel.geo.get("world", {"features": []})
    base = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"style": BASE_STYLE}, "geometry": f["geometry"]} for f in world["features"]]}  # fmt: skip
    return {
        "generator": GENERATOR,
        "view": sel.view.describe(),
        "home": HOME,
        "fit": False,
        "panes": PANES,
        "selected_colour": look["selected"],
        "layer_labels": look["labels"],
        "layer_colours": look["colours"],
        "layers": [
            {
                "id": v,
                "label": look["labels"].get(v, v),
                "colour": look["colours"].get(v, "#444"),
                "count": counts[v],
            }
            for v in layers
        ],
        "features": features,
        "projects": projects,
        "base": base,
        "sources": {
            sid: {
                "title": s.title,
                "publisher": s.publisher,
                "licence": s.licence,
                "url": s.url,
                "note": s.note,
            }
            for sid, s in sel.sources.items()
        },
        "articles": {
            aid: {
                "title": a.meta.title,
                "author": a.meta.author,
                "publisher": a.meta.publisher,
                "published": a.meta.published.isoformat(),
                "url": a.meta.url,
            }
            for aid, a in sel.articles.items()
        },
    }


def _data_uri_images(css: str, images: Path) -> str:
    def repl(m: re.Match[str]) -> str:
        path = images / m.group(1)
        if not path.is_file():
            return m.group(0)
        return f"url(data:image/png;base64,{base64.b64encode(path.read_bytes()).decode('ascii')})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", repl, css)


def _csp_hash(script: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"
    )


def _articles_html(sel: Selection) -> str:
    layer_of = sel.features["layer"].to_dict()
    out = []
    for aid, art in sel.articles.items():
        out.append(
            f'<section class="rm-article" id="article-{escape(aid)}"><div class="rm-meta" data-meta="{escape(aid)}"></div>'
            f"{article_html(art, sel.links, layer_of)}</section>"
        )
    return "".join(out) or '<p class="rm-none">No article in this export.</p>'


def standalone_html(sel: Selection, static_dir: Path = STATIC) -> str:
    """The whole page as one string."""
    leaflet_js = (static_dir / "leaflet" / "leaflet.js").read_text(encoding="utf-8")
    leaflet_css = _data_uri_images(
        (static_dir / "leaflet" / "leaflet.css").read_text(encoding="utf-8"),
        static_dir / "leaflet" / "images",
    )
    app_js = (static_dir / "export" / "standalone.js").read_text(encoding="utf-8")
    app_css = (static_dir / "export" / "standalone.css").read_text(encoding="utf-8")
    licence = (static_dir / "leaflet" / "LICENSE").read_text(encoding="utf-8")
    csp = (
        f"default-src 'none'; script-src {_csp_hash(leaflet_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    )
    titles = "; ".join(a.meta.title for a in sel.articles.values())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape('regionmap · ' + (titles or 'export'))}</title>"
        f"<style>{leaflet_css}</style><style>{app_css}</style></head><body>"
        '<header id="rm-head"><h1>regionmap · from the article to the map</h1><p id="rm-view"></p></header>'
        '<div id="rm-main"><div id="rm-left"><div id="rm-map"></div><div id="rm-side">'
        '<div id="rm-layers"></div><details><summary>Legend</summary>'
        f"{map_style()['legend_html']}</details>"
        '<details open><summary>Geometry sources and licences</summary><ul id="rm-sources"></ul></details>'
        "<p>Boundaries are de facto and some are disputed. Made with regionmap; map drawn with Leaflet "
        "(BSD 2-Clause).</p></div></div>"
        f'<div id="rm-text">{_articles_html(sel)}</div></div>'
        f'<script type="application/json" id="rm-data">{script_json(page_data(sel))}</script>'
        f"<!-- Leaflet licence:\n{escape(licence).replace('--', '- -')}\n-->"
        f"<script>{leaflet_js}</script><script>{app_js}</script></body></html>\n"
    )


def html_bytes(sel: Selection) -> bytes:
    return standalone_html(sel).encode("utf-8")
