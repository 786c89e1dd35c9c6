"""Load and check a data directory: features, derived geometry, sources, articles, links."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import shapely
from pydantic import BaseModel, ValidationError
from shapely.geometry import shape
from shapely.validation import explain_validity

from . import safejson
from .drawable import DRAWABLE, drawable_problem
from .limits import MAX_TEXT_BYTES
from .model import Article, ArticleMeta, FeatureRecord, Link, LinkFile, LinkKind, LinkRecord, Source

if TYPE_CHECKING:  # events.py imports this module
    from .actors import ActorIndex
    from .events import EventRecord

GEO_DATASETS = ("world", "countries", "afg_adm1")
FEATURE_COLUMNS = [
    "name", "aliases", "layer", "kind", "precision", "status", "start", "end",
    "actors", "source", "references", "description", "note", "geonames_id", "part_of", "demonyms",
]  # fmt: skip


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located by file and (where known) feature."""

    path: str
    message: str
    item: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.item}: {self.message}" if self.item else f"{self.path}: {self.message}"


@dataclass(frozen=True)
class Dataset:
    """Everything the map needs, as loaded from one data directory.

    ``features`` is a GeoDataFrame indexed by feature id with dates as ISO strings
    (never Timestamps, which folium cannot serialise). ``problems`` lists what was
    skipped; a dataset with problems still holds every sound record.
    """

    root: Path
    features: gpd.GeoDataFrame
    sources: dict[str, Source]
    articles: dict[str, Article]
    links: tuple[Link, ...]
    geo: dict[str, dict[str, Any]] = field(repr=False)
    problems: tuple[Problem, ...] = ()
    review: dict[str, tuple[dict[str, Any], ...]] = field(default_factory=dict, repr=False)
    user_articles: frozenset[str] = frozenset()
    events: tuple[EventRecord, ...] = ()
    actors: ActorIndex = field(default_factory=lambda: _empty_actors(), repr=False)

    def links_for(self, feature_id: str) -> list[Link]:
        """Links of one feature, in article order."""
        return [lk for lk in self.links if lk.feature == feature_id]


def _empty_actors() -> ActorIndex:
    from .actors import ActorIndex

    return ActorIndex()


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path | str, message: str, item: str | None = None) -> None:
        self.problems.append(Problem(str(path), message, item))

    def read_json(self, path: Path, max_bytes: int = safejson.MAX_BYTES) -> Any:
        """The file's JSON, or None with the problem noted (size and nesting are bounded)."""
        try:
            return safejson.read(path, max_bytes=max_bytes)
        except FileNotFoundError:
            self.add(path, "file is missing")
        except safejson.JsonError as exc:
            self.add(path, str(exc))
        return None

    def parse(self, model: type[BaseModel], data: Any, path: Path | str, item: str | None) -> Any:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                where = ".".join(str(p) for p in err["loc"])
                msg = err["msg"].removeprefix("Value error, ")
                self.add(path, f"{where}: {msg}" if where else msg, item)
        return None


def _shape(geom: Any, col: _Collector, path: Path, item: str | None):
    if not isinstance(geom, dict):
        col.add(path, "geometry must be a GeoJSON geometry object", item)
        return None
    if geom.get("type") == "GeometryCollection" or (
        isinstance(geom.get("type"), str) and geom["type"] not in DRAWABLE
    ):
        col.add(
            path, f"geometry type {geom.get('type')} cannot be drawn; use one of {', '.join(DRAWABLE)}", item
        )
        return None
    try:
        with np.errstate(invalid="ignore"):  # NaN coordinates are reported below, not warned about
            return shape(geom)
    except Exception as exc:  # noqa: BLE001 -- shapely raises several unrelated types for malformed GeoJSON
        col.add(path, f"invalid GeoJSON geometry: {exc}", item)
        return None


def _check_geometry(geom: dict[str, Any], col: _Collector, path: Path, item: str):
    g = _shape(geom, col, path, item)
    if g is None:
        return None
    if problem := drawable_problem(g):
        col.add(path, problem, item)
        return None
    if not g.is_valid:
        col.add(path, f"invalid geometry: {explain_validity(g)}", item)
        return None
    return g


def _load_geo(root: Path, col: _Collector) -> tuple[dict[str, dict], dict[str, dict[str, Any]]]:
    raw: dict[str, dict] = {}
    index: dict[str, dict[str, Any]] = {}
    for name in GEO_DATASETS:
        path = root / "geo" / f"{name}.geojson"
        data = col.read_json(path)
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            if data is not None:
                col.add(path, "not a GeoJSON FeatureCollection")
            continue
        sound = []
        for i, f in enumerate(data["features"]):
            props = f.get("properties") if isinstance(f, dict) else None
            item = (
                str(props.get("key")) if isinstance(props, dict) and props.get("key") else f"feature #{i + 1}"
            )
            if not isinstance(props, dict):
                col.add(path, "properties: must be an object", item)
                continue
            # the base map draws every world shape as it is; the others are checked when a feature uses them
            if name == "world":
                g = _shape(f.get("geometry"), col, path, item)
                if g is None:
                    continue
                if problem := drawable_problem(g):
                    col.add(path, problem, item)
                    continue
            sound.append(f)
        raw[name] = {**data, "features": sound}
        index[name] = {
            f["properties"]["key"]: f["geometry"]
            for f in sound
            if isinstance(f["properties"].get("key"), str)
        }
    return raw, index


def _load_features(root: Path, geo: dict[str, dict[str, Any]], sources: dict, col: _Collector):
    rows: list[dict[str, Any]] = []
    seen: dict[str, Path] = {}
    broken: set[str] = set()  # ids present but unsound: their links are not reported again
    for path in sorted((root / "features").glob("*.geojson")):
        data = col.read_json(path)
        if data is None:
            continue
        if not isinstance(data, dict) or not isinstance(data.get("features"), list):
            col.add(path, "not a GeoJSON FeatureCollection")
            continue
        for i, raw in enumerate(data["features"]):
            item = (
                raw.get("id")
                if isinstance(raw, dict) and isinstance(raw.get("id"), str)
                else f"feature #{i + 1}"
            )
            broken.add(str(item))
            rec: FeatureRecord | None = col.parse(FeatureRecord, raw, path, item)
            if rec is None:
                continue
            if rec.id in seen:
                col.add(path, f"duplicate id (also in {seen[rec.id]})", rec.id)
                continue
            p = rec.properties
            if p.source not in sources:
                col.add(path, f"unknown source {p.source!r} (not in sources.json)", rec.id)
                continue
            if rec.geometry is not None:
                g = _check_geometry(rec.geometry, col, path, rec.id)
            else:
                g = _resolve_ref(p.geometry_ref, geo, col, path, rec.id)
            if g is None:
                continue
            seen[rec.id] = path
            broken.discard(rec.id)
            row = p.model_dump(mode="json", exclude={"geometry_ref"})
            rows.append({"id": rec.id, **row, "geometry": g})
    ids = {r["id"] for r in rows}
    for r in rows:
        if r.get("part_of") is not None and (r["part_of"] not in ids or r["part_of"] == r["id"]):
            col.add(seen[r["id"]], f"part_of names no other feature: {r['part_of']!r}", r["id"])
    return feature_frame(rows), broken


def feature_frame(rows: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """Feature rows as a GeoDataFrame indexed by id, missing values as None (not NaN)."""
    gdf = gpd.GeoDataFrame(
        rows, columns=["id", *FEATURE_COLUMNS, "geometry"], geometry="geometry", crs="EPSG:4326"
    )
    for col in FEATURE_COLUMNS:  # pandas turns a missing value into NaN; the model says None
        gdf[col] = gdf[col].astype(object).where(gdf[col].notna(), None)
    return gdf.set_index("id", drop=False)


def link_order(link: Link) -> tuple:
    """Links by article, then position, the longer of two links starting together first."""
    return (link.article, link.start, -link.end)


def _resolve_ref(ref, geo, col: _Collector, path: Path, item: str):
    table = geo.get(ref.dataset)
    if table is None:
        col.add(path, f"geometry_ref: dataset {ref.dataset!r} is not loaded", item)
        return None
    missing = [k for k in ref.keys if k not in table]
    if missing:
        col.add(
            path, f"geometry_ref: no key {', '.join(map(repr, missing))} in geo/{ref.dataset}.geojson", item
        )
        return None
    parts = [_check_geometry(table[k], col, path, f"{item} ({ref.dataset}:{k})") for k in ref.keys]
    if any(p is None for p in parts):
        return None
    return parts[0] if len(parts) == 1 else shapely.union_all(parts)


def _load_sources(root: Path, col: _Collector) -> dict[str, Source]:
    path = root / "sources.json"
    data = col.read_json(path)
    if not isinstance(data, dict):
        if data is not None:
            col.add(path, "must be an object mapping source id to source")
        return {}
    out = {}
    for sid, rec in data.items():
        src = col.parse(Source, {"id": sid, **rec} if isinstance(rec, dict) else rec, path, sid)
        if src is not None:
            out[sid] = src
    return out


def load_article(meta_path: Path, col: _Collector | None = None) -> Article | None:
    """Read ``<id>.json`` and its ``<id>.txt``; None (with problems noted) if unsound."""
    col = col or _Collector()
    meta_data = col.read_json(meta_path)
    if meta_data is None:
        return None
    txt = meta_path.with_suffix(".txt")
    try:
        if (size := txt.stat().st_size) > MAX_TEXT_BYTES:  # what the store would never have written
            meta = col.parse(ArticleMeta, meta_data, meta_path, None)
            if meta is not None:
                col.add(txt, f"article text is {size / 2**20:.1f} MB; the limit is {MAX_TEXT_BYTES // 2**20} MB",
                        meta.id)  # fmt: skip
            return None
        raw: bytes | None = txt.read_bytes()
    except FileNotFoundError:
        raw = None
    return check_article(meta_data, raw, str(meta_path), str(txt), col)


def check_article(
    meta_data: Any, raw: bytes | None, where: str, text_where: str, col: _Collector, size: int | None = None
) -> Article | None:
    """An article from its metadata (as JSON) and verbatim bytes; None (with problems noted) if unsound.

    ``where`` and ``text_where`` name the metadata and the text in problems (paths, or a
    database row).
    """
    meta: ArticleMeta | None = col.parse(ArticleMeta, meta_data, where, None)
    if meta is None:
        return None
    if raw is None:
        col.add(text_where, "article text is missing", meta.id)
        return None
    if (size := max(size or 0, len(raw))) > MAX_TEXT_BYTES:
        col.add(text_where, f"article text is {size / 2**20:.1f} MB; the limit is {MAX_TEXT_BYTES // 2**20} MB",
                meta.id)  # fmt: skip
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        col.add(text_where, f"not UTF-8 text ({exc.reason} at byte {exc.start})", meta.id)
        return None
    if meta.sha256 and hashlib.sha256(raw).hexdigest() != meta.sha256:
        col.add(text_where, "text differs from the recorded sha256 (the copy must stay verbatim)", meta.id)
        return None
    for name, span in (("body", meta.body), ("header", meta.header), ("footer", meta.footer)):
        if span is not None and span.end > len(text):
            col.add(
                where, f"{name} span {span.start}..{span.end} runs past the text ({len(text)} chars)", meta.id
            )
            return None
    return Article(meta=meta, text=text)


_KINDS = {k.value: k for k in LinkKind}
# offsets repeat across links (each below the text limit's few hundred thousand, most below 65,536):
# one shared int object each instead of two fresh 28-byte ints per link, 37 MB at 750,000 links
_OFFSETS = tuple(range(1 << 16))


def _shared(n: int) -> int:
    return _OFFSETS[n] if 0 <= n < 65536 else n


_LINK_KEYS = {"feature", "kind", "quote", "start", "end"}


def _fast_link(raw: Any, article: str) -> Link | None:
    """The link if ``raw`` has exactly the stored form and sound values, else None (then validated)."""
    if not isinstance(raw, dict) or not raw.keys() <= _LINK_KEYS:
        return None
    feature, quote, start, end = raw.get("feature"), raw.get("quote"), raw.get("start"), raw.get("end")
    kind = _KINDS.get(raw.get("kind", "mention"))
    if (
        kind is None or type(feature) is not str or type(quote) is not str or not quote
        or type(start) is not int or type(end) is not int or start < 0 or end < 0
    ):  # fmt: skip
        return None
    # feature ids and quotes repeat across thousands of links ("Afghanistan" 50,000 times): one string each
    return Link(sys.intern(feature), sys.intern(quote), _shared(start), _shared(end), kind, article)


def check_links(
    path: Path | str,
    data: Any,
    articles: dict[str, Article],
    feature_ids: Iterable[str],
    col: _Collector,
    skip: AbstractSet[str] = frozenset(),
) -> list[Link]:
    """Parse one link file's content and check every quote against its article."""
    lf: LinkFile | None = col.parse(LinkFile, data, path, None)
    if lf is None:
        return []
    art = articles.get(lf.article)
    if art is None:
        col.add(path, f"unknown article {lf.article!r}")
        return []
    known = feature_ids if isinstance(feature_ids, (set, frozenset)) else set(feature_ids)
    out = []
    aid = sys.intern(lf.article)
    text = art.text
    for i, raw in enumerate(lf.links):
        link = _fast_link(raw, aid)
        if link is None:  # not the plain shape the stores write: the model names what is wrong
            item = f"link #{i + 1}" + (f" ({raw.get('feature')})" if isinstance(raw, dict) else "")
            rec: LinkRecord | None = col.parse(
                LinkRecord, {**raw, "article": lf.article} if isinstance(raw, dict) else raw, path, item
            )
            if rec is None:
                continue
            link = Link(rec.feature, rec.quote, rec.start, rec.end, rec.kind, rec.article)
        item = f"link #{i + 1} ({link.feature})"
        if link.feature in skip:
            continue
        if link.feature not in known:
            col.add(path, f"links to unknown feature {link.feature!r}", item)
        elif link.end <= link.start or link.end > len(text):
            col.add(path, f"span {link.start}..{link.end} is outside the article ({len(text)} chars)", item)
        elif text[link.start : link.end] != link.quote:
            col.add(path, f"quote {link.quote!r} does not match the text at {link.start}..{link.end} "
                    f"({text[link.start:link.end]!r})", item)  # fmt: skip
        else:
            out.append(link)
    return out


def _check_contexts(
    path: Path | str, links: list[Link], articles: dict[str, Article], col: _Collector
) -> None:
    """A card shows each quote from the start of its sentence: report a curated quote where it cannot."""
    from .sentences import context_problems  # the segmenter loads only when there are links

    for aid in sorted({lk.article for lk in links}):
        mine = [lk for lk in links if lk.article == aid]
        for lk, why in context_problems(articles[aid], mine):
            col.add(path, f"quote {lk.quote[:60]!r} at {lk.start}: {why}", lk.feature)


def load_dataset(root: Path | str) -> Dataset:
    """Load a data directory, keeping every sound record and listing the problems.

    Parameters
    ----------
    root
        A directory laid out like the project's ``data/``.

    Returns
    -------
    Dataset
        ``problems`` is empty when the data is sound.
    """
    root = Path(root)
    col = _Collector()
    if not root.is_dir():
        col.add(root, "data directory not found")
        return Dataset(root, feature_frame([]), {}, {}, (), {}, tuple(col.problems))
    from .datadir import check_folders, check_gazetteer  # they use _Collector, defined here

    missing = check_folders(root, col)
    sources = _load_sources(root, col)
    raw_geo, geo = _load_geo(root, col) if "geo" not in missing else ({}, {})
    features, broken = _load_features(root, geo, sources, col)
    articles: dict[str, Article] = {}
    for meta_path in sorted((root / "articles").glob("*.json")):
        art = load_article(meta_path, col)
        if art is not None:
            articles[art.id] = art
    for txt in sorted((root / "articles").glob("*.txt")):
        if not txt.with_suffix(".json").exists():
            col.add(txt, f"article text without its metadata ({txt.stem}.json)")
    links: list[Link] = []
    # with no features every link is unknown: the missing folder is the one problem to name
    for path in sorted((root / "links").glob("*.json")) if "features" not in missing else ():
        data = col.read_json(path)
        if data is not None:
            found = check_links(path, data, articles, features.index, col, skip=broken)
            _check_contexts(path, found, articles, col)
            links.extend(found)
    links.sort(key=link_order)
    if "gazetteer" not in missing:
        check_gazetteer(root, col)
    from .events import check_dataset  # events and actors: data/events/*.json, data/actors.json

    # with no features every event's place is unknown: the missing folder is the one problem to name
    if "features" in missing:
        return Dataset(root, features, sources, articles, tuple(links), raw_geo, tuple(col.problems))
    events, actors, ev_problems = check_dataset(root, articles, features.index, skip=broken)
    return Dataset(root, features, sources, articles, tuple(links), raw_geo, tuple(col.problems) + ev_problems,
                   events=events, actors=actors)  # fmt: skip
