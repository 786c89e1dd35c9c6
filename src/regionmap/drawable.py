"""What the map can draw: geometry types and finite coordinates in range (shared by the loaders)."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

# what the map draws (mapview.layer_geojson); a GeometryCollection has no style or pane there
DRAWABLE = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")


def drawable_problem(g: Any) -> str | None:
    """Why the map cannot draw shapely geometry ``g`` (type, emptiness, coordinates), or None."""
    if g.geom_type not in DRAWABLE:
        return f"geometry type {g.geom_type} cannot be drawn; use one of {', '.join(DRAWABLE)}"
    if g.is_empty:
        return "geometry is empty"
    if not np.isfinite(shapely.get_coordinates(g)).all():
        return "coordinates must be finite numbers (found NaN or infinity)"
    minx, miny, maxx, maxy = g.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        return (f"coordinates out of range (bounds {minx}, {miny}, {maxx}, {maxy}); "
                "GeoJSON wants [longitude, latitude] in WGS84")  # fmt: skip
    return None
