"""The regional gazetteer: curated map features plus data/gazetteer/*.json, as one name index."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd

from . import safejson

# map layers whose features are places; events, formats and agreements are not
PLACE_LAYERS = ("countries", "regions", "provinces", "places", "energy", "trafficking")
GAZETTEER_FILES = ("countries", "adm1", "geonames", "extra")
# GeoNames has places called March, May or Mission; in running text these are never them
STOP_FORMS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mission", "president", "union", "republic", "state", "independence", "victory", "friendship",
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """A named place the linker can resolve a mention to."""

    id: str
    name: str
    type: str
    lat: float
    lon: float
    country: str | None = None
    population: int = 0
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    source: str = ""
    geometry_ref: dict | None = None
    is_feature: bool = False  # a curated map feature (drawn on the map as it is)
    geonames_id: int | None = None


def normalise(surface: str) -> str:
    """The matching key: lower case, typographic apostrophes straightened; same length."""
    return lower_same_length(surface).replace("’", "'").replace("‘", "'")


def lower_same_length(text: str) -> str:
    # str.lower() can lengthen a string ('İ' becomes two code points), which would shift offsets
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(lc := c.lower()) != 1 else lc for c in text)


@dataclass
class Gazetteer:
    """Entries by id and, for every surface form, the entries it may name."""

    entries: dict[str, Entry]
    forms: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key -> [(entry id, form kind)]
    written: dict[str, set[str]] = field(default_factory=dict)  # key -> spellings as written in the data

    def __post_init__(self) -> None:
        forms: dict[str, list[tuple[str, str]]] = defaultdict(list)
        written: dict[str, set[str]] = defaultdict(set)
        for e in self.entries.values():
            for kind, names in (("name", (e.name,)), ("alias", e.aliases), ("demonym", e.demonyms)):
                for n in names:
                    n = n.strip()
                    if len(n) < 2:
                        continue
                    key = normalise(n)
                    if (e.id, kind) not in forms[key] and not any(eid == e.id for eid, _ in forms[key]):
                        forms[key].append((e.id, kind))
                    written[key].add(n)
        # "Datka substation" when "Datka" is already a name of the same entry: keep the short form,
        # so a mention spans the name and not the generic word after it
        for key, ws in list(written.items()):
            for w in ws:
                head, _, tail = w.rpartition(" ")
                if head and tail.islower() and normalise(head) in forms:
                    same = {eid for eid, _ in forms[normalise(head)]}
                    forms[key] = [(eid, k) for eid, k in forms[key] if eid not in same]
            if not forms[key]:
                del forms[key], written[key]
        for key in [k for k in forms if k in STOP_FORMS]:
            del forms[key], written[key]
        self.forms = dict(forms)
        self.written = dict(written)

    def by_geonames(self) -> dict[int, str]:
        return {e.geonames_id: e.id for e in self.entries.values() if e.geonames_id}


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


def _entry(raw: dict[str, Any]) -> Entry:
    return Entry(
        id=raw["id"],
        name=raw["name"],
        type=raw.get("type") or "place",
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        country=raw.get("country"),
        population=int(raw.get("population") or 0),
        aliases=tuple(raw.get("aliases") or ()),
        demonyms=tuple(raw.get("demonyms") or ()),
        source=raw.get("source") or "",
        geometry_ref=raw.get("geometry_ref"),
        geonames_id=int(raw["id"][3:]) if raw["id"].startswith("gn-") else raw.get("geonames_id"),
    )


def entry_from_json(raw: Any) -> Entry:
    """One entry of ``data/gazetteer/*.json``; ValueError (naming the field) if the linker cannot use it."""
    if not isinstance(raw, dict):
        raise ValueError("an entry must be an object")
    for name in ("id", "name"):
        if not isinstance(raw.get(name), str) or not raw[name].strip():
            raise ValueError(f"{name} must be a non-empty string")
    try:
        e = _entry(raw)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{type(exc).__name__}: {exc}") from None
    # a NaN point makes Leaflet drop the whole layer it is drawn in ("Invalid LatLng")
    if not (math.isfinite(e.lat) and math.isfinite(e.lon) and -90 <= e.lat <= 90 and -180 <= e.lon <= 180):
        raise ValueError(f"lat/lon ({raw.get('lat')!r}, {raw.get('lon')!r}) is not a point on Earth")
    return e


def _feature_entries(features: gpd.GeoDataFrame) -> dict[str, Entry]:
    out = {}
    for fid, row in features[features["layer"].isin(PLACE_LAYERS)].iterrows():
        pt = row.geometry.representative_point()
        kind = {"countries": "country", "provinces": "adm1", "regions": "region"}.get(
            row["layer"], row["kind"]
        )
        out[fid] = Entry(
            id=fid, name=row["name"], type=kind, lat=pt.y, lon=pt.x, aliases=tuple(row["aliases"]),
            source=row["source"], is_feature=True, geonames_id=row["geonames_id"],
        )  # fmt: skip
    return out


def build_gazetteer(
    data_dir: Path | str, features: gpd.GeoDataFrame, problems: list[str] | None = None
) -> Gazetteer:
    """Merge the curated features with ``data/gazetteer/*.json``.

    A gazetteer entry that is also a curated feature (same id, or same GeoNames id)
    is folded into the feature, which keeps its id so links land on the map.
    """
    entries = _feature_entries(features)
    by_gn = {e.geonames_id: fid for fid, e in entries.items() if e.geonames_id}
    folded: dict[str, set[str]] = defaultdict(set)
    folded_demonyms: dict[str, set[str]] = defaultdict(set)
    for name in GAZETTEER_FILES:
        path = Path(data_dir) / "gazetteer" / f"{name}.json"
        if not path.exists():
            continue
        try:
            rows = safejson.read(path)
        except (OSError, ValueError) as exc:  # safejson.JsonError is a ValueError
            if problems is not None:
                problems.append(f"{path}: unreadable gazetteer file: {exc}")
            continue
        for raw in rows if isinstance(rows, list) else ():
            try:
                e = entry_from_json(raw)
            except ValueError as exc:
                if problems is not None:
                    problems.append(
                        f"{path}: {raw.get('id', '?') if isinstance(raw, dict) else '?'}: bad entry ({exc})"
                    )
                continue
            target = e.id if e.id in entries and entries[e.id].is_feature else by_gn.get(e.geonames_id or -1)
            if target:
                folded[target].update((e.name, *e.aliases))
                folded_demonyms[target].update(e.demonyms)
            elif e.id not in entries:
                entries[e.id] = e
    for fid in set(folded) | set(folded_demonyms):
        e = entries[fid]
        aliases = tuple(dict.fromkeys((*e.aliases, *sorted(folded[fid] - {e.name}))))
        entries[fid] = Entry(
            **{**e.__dict__, "aliases": aliases, "demonyms": tuple(sorted(folded_demonyms[fid]))}
        )
    return Gazetteer(entries)
