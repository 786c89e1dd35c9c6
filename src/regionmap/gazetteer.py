"""The regional gazetteer: curated map features plus data/gazetteer/*.json, as one name index."""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # geopandas is slow to import; the CLI links from a cached gazetteer without it
    import geopandas as gpd

from . import safejson

# the region and its neighbours: a place there gets a higher prior (linker) and spelling variants
REGION_COUNTRIES = {
    "AFG", "TJK", "UZB", "KGZ", "KAZ", "TKM", "PAK", "IRN", "CHN", "RUS", "IND", "AZE", "GEO", "ARM", "MNG",
}  # fmt: skip
# map layers whose features are places; events, formats and agreements are not
PLACE_LAYERS = ("countries", "regions", "provinces", "places", "energy", "trafficking")
GAZETTEER_FILES = ("countries", "adm1", "geonames", "extra")
# a name's words and the separators between them ("Sher Khan Bandar", "Mazar-e Sharif")
SEPARATED = re.compile(r"([ \-])")
EZAFE = {"e": "i", "i": "e"}
# "Aral Sea" is also "the Aral", "Naryn River" "the Naryn river": the short form only counts with such context
GENERIC_TAIL = re.compile(
    r"^(.+?) (?:Sea|River|Reservoir|Mountains|Range|Valley|Desert|Dam|Canal|Gorge|Glacier)$"
)
GENERIC_HEAD = re.compile(r"^Lake (.+)$")
# "Tashkent Region" is also "the Tashkent region", "Balkan velayat": the short form counts only with such a word
REGION_TAIL = re.compile(r"^(\S+) (?:Region|Province|Oblast|Velayat|Welayaty|Viloyati)$")
DISTRICT_TAIL = re.compile(r"^(\S+) District$")  # "Vanch district", "Darvoz district"
SHORTENED = {
    "water",
    "river",
    "mountains",
    "valley",
    "infrastructure",
    "desert",
}  # Persian ezafe, written either way ("Pul-e Khumri", "Pul-i-Khumri")


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
    admin1: str | None = None  # GeoNames first-level division ("TJ.01"), shared by a region and its places
    seat: str | None = None  # a region's administrative centre (an entry id)

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        # pickled as a plain tuple of values: the linker cache loads thousands of entries at start-up
        return (Entry, tuple(getattr(self, f) for f in ENTRY_FIELDS))


ENTRY_FIELDS = tuple(Entry.__dataclass_fields__)


def normalise(surface: str) -> str:
    """The matching key: lower case, typographic apostrophes straightened; same length."""
    low = lower_same_length(surface)
    return low.replace("’", "'").replace("‘", "'") if "’" in low or "‘" in low else low


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
    written: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # key -> spellings as written in the data

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
        from .linker_rules import rules

        stop = rules().stop_forms
        for key in [k for k in forms if k in stop]:
            del forms[key], written[key]
        for e in self.entries.values():
            tail_re = {"adm1": REGION_TAIL, "district": DISTRICT_TAIL}.get(e.type)
            if e.type not in SHORTENED and tail_re is None:
                continue
            for n in (e.name, *e.aliases):
                m = tail_re.match(n) if tail_re else GENERIC_TAIL.match(n) or GENERIC_HEAD.match(n)
                if m and len(m.group(1)) >= 3 and normalise(m.group(1)) not in stop:
                    key = normalise(m.group(1))
                    if not any(eid == e.id for eid, _ in forms[key]):
                        forms[key].append((e.id, "short"))
                    written[key].add(m.group(1))
        # hyphen and spacing variants of every multi-word name ("Sher Khan-Bandar", "Sherkhan Bandar",
        # "Nur Sultan"); a variant never takes a spelling that already names another place
        real = {
            k for k, v in forms.items() if any(kind != "short" for _, kind in v)
        }  # a short form is no name
        common = rules().common
        dari = {e.id for e in self.entries.values() if e.type == "adm1" and e.country == "AFG"}
        dari |= {self.entries[e].seat for e in dari if self.entries[e].seat}  # type: ignore[misc]
        for e in self.entries.values():
            if e.type == "city" and e.country not in REGION_COUNTRIES:
                continue  # a city far away is written as GeoNames writes it
            for n in (e.name, *e.aliases):
                n = n.strip()
                vs = spelling_variants(n) if " " in n or "-" in n else []
                vs += romanisation_variants(n, e.country, e.id in dari)
                for v in vs:
                    key = normalise(v)
                    if (
                        key in stop
                        or key in common
                        or (key in real and not any(eid == e.id for eid, _ in forms[key]))
                    ):
                        continue
                    if not any(eid == e.id for eid, _ in forms[key]):
                        forms[key].append((e.id, "variant"))
                    written[key].add(v)
        self.forms = dict(forms)
        self.written = {
            k: tuple(sorted(v)) for k, v in written.items()
        }  # tuples: a cached gazetteer loads faster

    def by_geonames(self) -> dict[int, str]:
        return {e.geonames_id: e.id for e in self.entries.values() if e.geonames_id}


def spelling_variants(name: str) -> list[str]:
    """The same name with each space or hyphen written as the other, or left out between two words of
    three letters or more, and a Persian ezafe written "e" or "i" (at most three separators)."""
    parts = SEPARATED.split(name)
    words, seps = parts[0::2], parts[1::2]
    if not seps or len(seps) > 3 or not all(words):
        return []
    choices = [[w, EZAFE[w]] if w in EZAFE and 0 < i < len(words) - 1 else [w] for i, w in enumerate(words)]
    out = set()
    for ws in itertools.product(*choices):
        # every separator a space or a hyphen ("Sher Khan-Bandar", "Nur Sultan") ...
        for combo in itertools.product(" -", repeat=len(seps)):
            out.add(ws[0] + "".join(sep + w for sep, w in zip(combo, ws[1:])))
        # ... or one of them left out between two words of three letters or more ("Sherkhan Bandar")
        for i in range(len(seps)):
            a, b = ws[i], ws[i + 1]
            if len(a.split("-")[-1]) >= 3 and len(b) >= 3 and a[-1:].isalpha() and b.isalpha():
                pieces = [ws[0]]
                for j, (sep, w) in enumerate(zip(seps, ws[1:])):
                    pieces.append(w[:1].lower() + w[1:] if j == i else sep + w)
                out.add("".join(pieces))
    out.discard(name)
    return sorted(out)


# romanisations of one name that English texts mix: the Uzbek and Tajik q for k, the Russian adjective
# ending -yy or -iy for -y or -i (BGN/PCGN against popular spelling), an apostrophe for an ayn or a
# hamza left out ("Qo'qon", "Bulung'ur"); Dari leaves short vowels unwritten, so English spellings
# of an Afghan province differ in them (Kunduz, Kondoz; Logar, Lugar) and double a long one (Ghaznee)
Q_FOR_K = {"AFG", "TJK", "UZB", "KGZ", "KAZ", "TKM"}
SOVIET = Q_FOR_K - {"AFG"} | {"RUS", "AZE", "ARM", "GEO", "UKR", "BLR", "MDA", "EST", "LVA", "LTU"}
DARI_VOWELS = {
    "a": ("e", "u", "aa"),
    "e": ("a", "i", "ee"),
    "i": ("e", "ee"),
    "o": ("u", "oo"),
    "u": ("o", "oo"),
}
LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z' -]*")


def romanisation_variants(name: str, country: str | None, dari: bool = False) -> list[str]:
    """Other romanisations of ``name`` (see above); ``dari`` for Afghan provinces and their seats:
    each vowel changed once ("Logar": "Lugar", "Loger"; "Ghazni": "Ghaznee")."""
    if not LATIN_NAME.fullmatch(name):
        return []
    out = set()
    if "'" in name:
        out.add(name.replace("'", ""))
    if country in Q_FOR_K and "q" in name.lower():
        out.add(name.replace("q", "k").replace("Q", "K"))
    if country in SOVIET:
        out.add(re.sub(r"(?<=[iy])y\b", "", name))  # "Krasnyy": "Krasny"; "Navoiy": "Navoi"
    if dari and len(name) >= 5 and " " not in name:
        for i, ch in enumerate(name):
            for alt in DARI_VOWELS.get(ch.lower(), ()):
                if ch.isupper():
                    alt = alt.capitalize()
                out.add(name[:i] + alt + name[i + 1 :])
    out.discard(name)
    return sorted(v for v in out if len(v) >= 4)


def representative_point(geom: Any) -> tuple[float, float]:
    """(lat, lon) inside the shape; for a shape across the antimeridian (Russia, Fiji, the USA with
    the Aleutians), inside its largest part, so the point never lands on the far side of the globe."""
    minx, _, maxx, _ = geom.bounds
    if maxx - minx > 180 and hasattr(geom, "geoms"):
        parts = [p for p in geom.geoms if p.bounds[2] - p.bounds[0] < 180]
        geom = max(parts or list(geom.geoms), key=lambda p: p.area)
    pt = geom.representative_point()
    return pt.y, pt.x


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
        admin1=raw.get("admin1"),
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
        lat, lon = representative_point(row.geometry)
        kind = {"countries": "country", "provinces": "adm1", "regions": "region"}.get(
            row["layer"], row["kind"]
        )
        out[fid] = Entry(
            id=fid, name=row["name"], type=kind, lat=lat, lon=lon, aliases=tuple(row["aliases"]),
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
    folded_facts: dict[str, dict[str, Any]] = defaultdict(dict)
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
                # a feature drawn as a city point takes the GeoNames population and division of its town
                facts = folded_facts[target]
                facts["population"] = max(facts.get("population", 0), e.population)
                if e.admin1:
                    facts.setdefault("admin1", e.admin1)
            elif e.id not in entries:
                entries[e.id] = e
    for fid in set(folded) | set(folded_demonyms):
        e = entries[fid]
        aliases = tuple(dict.fromkeys((*e.aliases, *sorted(folded[fid] - {e.name}))))
        facts = {k: v for k, v in folded_facts[fid].items() if not getattr(e, k)}
        entries[fid] = replace(e, aliases=aliases, demonyms=tuple(sorted(folded_demonyms[fid])), **facts)
    _add_seats(Path(data_dir) / "gazetteer" / "seats.json", entries, problems)
    gaz = Gazetteer(entries)
    from .gazetteer_names import attach_names  # Russian, Dari/Persian and Latin names (names.csv)

    attach_names(gaz, data_dir, problems)
    return gaz


def _add_seats(path: Path, entries: dict[str, Entry], problems: list[str] | None) -> None:
    # each region's administrative centre and GeoNames division (tools/build_gazetteer.py writes them)
    if not path.exists():
        return
    by_gn = {e.geonames_id: e.id for e in entries.values() if e.geonames_id}
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        for row in rows:
            region, seat = row["id"], row.get("seat") or ""
            if region not in entries:
                continue
            if seat.startswith("gn-") and seat[3:].isdigit():
                seat = by_gn.get(int(seat[3:]), seat)
            e = entries[region]
            seat_entry = entries.get(seat)
            entries[region] = replace(
                e, seat=seat_entry.id if seat_entry else None, admin1=row.get("admin1"),
                country=e.country or (seat_entry.country if seat_entry else None),
            )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        if problems is not None:
            problems.append(f"{path}: unreadable seats file: {exc}")
