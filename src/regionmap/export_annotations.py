"""W3C Web Annotation export (JSON-LD): each link an Annotation on the article's text."""

from __future__ import annotations

import json
import uuid
from typing import Any

import shapely

from .export import geonames_id as as_geonames_id
from .export_filter import Selection
from .export_geojson import bbox, geometry
from .model import Article, Link, LinkKind
from .style import LAYER_LABELS

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
AFFIX = 32  # characters of prefix and suffix, as Hypothesis and Recogito record them
GEONAMES = "https://sws.geonames.org/{}/"
GENERATOR = {"type": "Software", "name": "regionmap"}
MOTIVATION = {LinkKind.MENTION: "identifying", LinkKind.PASSAGE: "linking"}


def _urn(*parts: str) -> str:
    # stable: the same link gets the same id in every export
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'regionmap:' + ':'.join(parts))}"


def target_source(art: Article) -> str:
    """The article's URL when it has one, else a URN of its text's SHA-256 (the exact text the offsets count in)."""
    m = art.meta
    if m.url and m.url.startswith(("http://", "https://")):
        return m.url
    if m.sha256:
        return f"urn:sha256:{m.sha256}"
    return f"urn:regionmap:article:{m.id}"


def feature_iri(fid: str, geonames_id: Any) -> str:
    """The feature's GeoNames URI when it has a GeoNames id, else a regionmap URN."""
    gid = as_geonames_id(geonames_id)
    return GEONAMES.format(gid) if gid else f"urn:regionmap:feature:{fid}"


def description(sel: Selection, fid: str) -> dict[str, Any]:
    """A small GeoJSON Feature for the body: points and lines as drawn, areas as a point inside and a bbox."""
    row = sel.features.loc[fid]
    g = row.geometry
    src = sel.sources.get(row["source"])
    props: dict[str, Any] = {
        "name": row["name"], "layer": row["layer"], "kind": row["kind"], "precision": row["precision"],
        "status": row["status"], "start": row["start"], "end": row["end"],
        "source": src.title if src else row["source"], "licence": src.licence if src else None,
    }  # fmt: skip
    feat: dict[str, Any] = {"type": "Feature", "id": fid}
    if g.geom_type.endswith("Polygon"):
        # a province outline in every annotation would make the file a hundred times larger
        feat["bbox"] = bbox([g])
        feat["geometry"] = shapely.geometry.mapping(g.representative_point())
        props["geometry"] = "a point inside the area; the outline is in the GeoJSON and GeoPackage exports"
    else:
        feat["geometry"] = geometry(g)
    feat["properties"] = props
    return feat


def annotation(sel: Selection, lk: Link) -> dict[str, Any]:
    """One link as an Annotation: the feature as body, the article span as target."""
    art = sel.articles[lk.article]
    row = sel.features.loc[lk.feature]
    text = art.text
    return {
        "id": _urn("link", lk.key),
        "type": "Annotation",
        "motivation": MOTIVATION[lk.kind],
        "generator": GENERATOR,
        "body": [
            {
                "type": "SpecificResource",
                "purpose": "identifying",
                "source": feature_iri(lk.feature, row["geonames_id"]),
            },
            {
                "type": "TextualBody",
                "purpose": "tagging",
                "value": LAYER_LABELS.get(row["layer"], row["layer"]),
            },
            {
                "type": "TextualBody",
                "purpose": "describing",
                "format": "application/geo+json",
                "value": json.dumps(description(sel, lk.feature), ensure_ascii=False),
            },
        ],
        "target": {
            "source": target_source(art),
            "selector": [
                {
                    "type": "TextQuoteSelector",
                    "exact": lk.quote,
                    "prefix": text[max(0, lk.start - AFFIX) : lk.start],
                    "suffix": text[lk.end : lk.end + AFFIX],
                },
                {"type": "TextPositionSelector", "start": lk.start, "end": lk.end},
            ],
        },
    }


def collection(sel: Selection) -> dict[str, Any]:
    """An AnnotationCollection with every link of the selection on its first (and only) page.

    An empty selection is a collection with ``total`` 0 and no page.
    """
    items = [annotation(sel, lk) for lk in sel.links]
    titles = "; ".join(a.meta.title for a in sel.articles.values())
    cid = _urn("collection", sel.view.describe(), *sorted(sel.articles))
    out: dict[str, Any] = {
        "@context": CONTEXT,
        "id": cid,
        "type": "AnnotationCollection",
        "label": f"regionmap: places and passages in {titles or 'no article'} ({sel.view.describe()})",
        "total": len(items),
    }
    if items:
        out["first"] = {
            "id": cid + "-page-1",
            "type": "AnnotationPage",
            "partOf": cid,
            "startIndex": 0,
            "items": items,
        }
    return out


def annotations_bytes(sel: Selection) -> bytes:
    return json.dumps(collection(sel), ensure_ascii=False, indent=1).encode("utf-8")
