"""Questions of place over a loaded corpus: features at a point, linked passages within a distance."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .ingest import IngestError
from .storage import Passage

if TYPE_CHECKING:
    from .load import Dataset
    from .storage import CorpusStore

# a degree of latitude is 110.57 km at the equator, 111.69 km at the poles: prefilter generously
_KM_PER_DEGREE = 110.0

# PostGIS's answer to passages_within (store_pg), kept beside the file store's so the two read alike:
# geography distances are geodesic on WGS 84, as CorpusIndex.passages_within approximates
PASSAGES_SQL = """
WITH q AS (SELECT geom::geography AS g FROM places WHERE id = %(f)s),
near AS (
    SELECT p.id, ST_Distance(p.geom::geography, q.g) / 1000.0 AS km
    FROM places p, q WHERE ST_DWithin(p.geom::geography, q.g, %(m)s)
),
passages AS (
    SELECT l.article, l.feature, l.start, l."end", l.quote, a.published
    FROM links l JOIN articles a ON a.id = l.article WHERE a.origin = 'user'
    UNION ALL
    SELECT l.article, l.feature, l.start, l."end", l.quote, a.published
    FROM curated_links l JOIN curated_articles a ON a.id = l.article
)
SELECT s.article, s.feature, s.start, s."end", s.quote, s.published, near.km
FROM near JOIN passages s ON s.feature = near.id
WHERE (%(s)s::date IS NULL OR s.published >= %(s)s::date) AND (%(e)s::date IS NULL OR s.published <= %(e)s::date)
ORDER BY near.km, s.article, s.start, s."end", s.feature
"""


def _aeqd(lon: float, lat: float) -> Any:
    """A transform from WGS 84 to metres of an azimuthal equidistant projection centred on the point."""
    from pyproj import CRS, Transformer

    crs = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")
    return Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _project(geom: Any, transformer: Any) -> Any:
    import numpy as np
    import shapely

    def fn(coords: Any) -> Any:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, fn)


@dataclasses.dataclass
class CorpusIndex:
    """The features of a corpus in an STRtree, with their links and the articles' publication dates.

    ``version`` is the store version it was built from (the file store rebuilds it when that changes).
    """

    version: str
    ids: list[str]
    geoms: list[Any]
    links: dict[str, list[Any]]  # feature id -> its links (regionmap.model.Link)
    published: dict[str, dt.date]
    tree: Any = dataclasses.field(repr=False, default=None)

    def __post_init__(self) -> None:
        from shapely import STRtree

        self.tree = STRtree(self.geoms)
        self.position = {fid: i for i, fid in enumerate(self.ids)}

    @classmethod
    def from_dataset(cls, ds: Dataset, version: str) -> CorpusIndex:
        """Index a loaded dataset's features (WGS 84), links and article dates."""
        ids, geoms = [], []
        for fid, geom in ds.features.geometry.items():
            if geom is not None and not geom.is_empty:
                ids.append(str(fid))
                geoms.append(geom)
        links: dict[str, list[Any]] = {}
        for lk in ds.links:
            links.setdefault(lk.feature, []).append(lk)
        published = {aid: art.meta.published for aid, art in ds.articles.items()}
        return cls(version, ids, geoms, links, published)

    @classmethod
    def from_files(cls, data_dir: Path | str, store: CorpusStore, version: str) -> CorpusIndex:
        """Index the curated data with the articles saved in ``store`` (as :func:`load_corpus` loads them)."""
        from .corpus import load_corpus

        return cls.from_dataset(load_corpus(data_dir, store=store), version)

    def features_at(self, lon: float, lat: float) -> list[str]:
        """Ids of the features whose geometry contains or touches the point, sorted."""
        from shapely.geometry import Point

        hits = self.tree.query(Point(float(lon), float(lat)), predicate="intersects")
        return sorted(self.ids[i] for i in hits)

    def within(self, feature_id: str, km: float) -> dict[str, float]:
        """``{feature id: geodesic distance in km}`` of every feature within ``km`` of a feature.

        An STRtree query by a box of degrees wide enough at the latitude, then exact distances in
        an azimuthal equidistant projection centred on the feature (geodesic from its centre,
        within a fraction of a percent elsewhere at regional scales).
        """
        from shapely.geometry import box

        if feature_id not in self.position:
            raise IngestError(f"there is no place {feature_id!r} in the corpus")
        place = self.geoms[self.position[feature_id]]
        minx, miny, maxx, maxy = place.bounds
        dlat = km / _KM_PER_DEGREE + 0.01
        top = min(max(abs(miny - dlat), abs(maxy + dlat)), 89.9)
        dlon = min(dlat / math.cos(math.radians(top)), 360.0)
        candidates = self.tree.query(box(minx - dlon, miny - dlat, maxx + dlon, maxy + dlat))
        centre = place.representative_point()
        tr = _aeqd(centre.x, centre.y)
        here = _project(place, tr)
        out = {}
        for i in candidates:
            metres = here.distance(_project(self.geoms[i], tr))
            if metres <= km * 1000:
                out[self.ids[i]] = metres / 1000
        return out

    def passages_within(
        self, feature_id: str, km: float, start: dt.date | None = None, end: dt.date | None = None
    ) -> list[Passage]:
        """Links of features within ``km`` of a place, of articles published in ``start..end``.

        Sorted by distance, then article, offset and feature.
        """
        out = []
        for fid, dist in self.within(feature_id, km).items():
            for lk in self.links.get(fid, ()):
                published = self.published.get(lk.article)
                if published is None or (start and published < start) or (end and published > end):
                    continue
                out.append(Passage(lk.article, lk.feature, lk.start, lk.end, lk.quote, published, dist))
        return sorted(out, key=lambda p: (p.distance_km, p.article, p.start, p.end, p.feature))


def _ewkb(geom: Any) -> str:
    import shapely

    return str(shapely.to_wkb(shapely.set_srid(geom, 4326), hex=True, include_srid=True))


def curated_rows(data_dir: Path | str) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Rows of ``places``, ``curated_articles`` and ``curated_links`` for the curated data.

    Places are the curated features and every gazetteer entry that is not one (drawn as
    :func:`regionmap.corpus.gazetteer_feature` draws it for the map), geometries as hex EWKB.
    """
    from .corpus import gazetteer_feature
    from .drawable import drawable_problem
    from .gazetteer import build_gazetteer
    from .load import load_dataset

    ds = load_dataset(data_dir)
    places = [
        (str(fid), str(row["name"]), str(row["layer"]), True, _ewkb(row["geometry"]))
        for fid, row in ds.features.iterrows()
        if row["geometry"] is not None and not row["geometry"].is_empty
    ]
    # gazetteer_feature indexes a whole dataset per call: hand it only the features an entry names
    by_key = {name: {f["properties"].get("key"): f for f in d["features"]} for name, d in ds.geo.items()}
    for eid, entry in build_gazetteer(data_dir, ds.features).entries.items():
        if eid in ds.features.index:
            continue
        ref = entry.geometry_ref or {}
        keyed = by_key.get(str(ref.get("dataset")), {})
        geo = (
            {ref["dataset"]: {"features": [keyed[k] for k in ref.get("keys", []) if k in keyed]}}
            if keyed
            else {}
        )
        row = gazetteer_feature(entry, geo)
        if drawable_problem(row["geometry"]) is None:  # as the loader, which skips what it cannot draw
            places.append((eid, row["name"], row["layer"], False, _ewkb(row["geometry"])))
    articles = [(aid, art.meta.title, art.meta.published) for aid, art in ds.articles.items()]
    positions: dict[str, int] = {}
    links = []
    for lk in ds.links:
        n = positions[lk.article] = positions.get(lk.article, -1) + 1
        links.append((lk.article, n, lk.feature, lk.kind.value, lk.quote, lk.start, lk.end))
    return places, articles, links
