#!/usr/bin/env python3
"""Build gold/<slug>.json for the held-out articles from the hand annotation below.

Usage:  python tests/eval_heldout/build_gold.py

The annotation is written as an ordered list of (surface, id) per article. Offsets are
found by scanning the article left to right for whole-word occurrences of each surface,
so text[start:end] == surface by construction. Names and coordinates of ids that also
occur in tests/eval are taken from tests/eval/gold so both sets agree. At the end the
script lists every whole-word occurrence of a known surface that is covered neither by
a mention nor by a hard negative, for review. Standard library only.
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
EVAL = os.path.join(os.path.dirname(HERE), "eval")

# id -> (name, lat, lon) for ids new in this set (sources and precision: README.md)
NEW_IDS = {
    "adm1-uz-xo": ("Khorezm Region", 41.4, 60.8),
    "adm1-uz-qa": ("Kashkadarya Region", 38.8, 66.2),
    "adm1-tm-l": ("Lebap Region", 39.3, 63.3),
    "adm1-pk-ba": ("Balochistan", 28.5, 65.1),
    "adm1-kg-b": ("Batken Region", 39.85, 70.8),
    "adm1-us-ga": ("Georgia (U.S. state)", 32.75, -83.5),
    "province-logar": ("Logar", 34.013, 69.168),
    "gn-601294": ("Nukus", 42.45861, 59.60576),
    "gn-1513604": ("Khiva", 41.38555, 60.36408),
    "gn-601734": ("Daşoguz (Dashoguz)", 41.83625, 59.96661),
    "gn-1216311": ("Qarshi (Karshi)", 38.86056, 65.78905),
    "gn-1217662": ("Bukhara", 39.77026, 64.43069),
    "gn-1219649": ("Türkmenabat (Chardzhou)", 39.07328, 63.57861),
    "gn-1174872": ("Karachi", 24.8608, 67.0104),
    "gn-1177446": ("Gwadar", 25.12163, 62.32541),
    "gn-4221552": ("Savannah", 32.08354, -81.09983),
    "gn-1172451": ("Lahore", 31.558, 74.35071),
    "gn-1528735": ("Batken", 40.0604, 70.81929),
    "gn-1220164": ("Vorukh", 39.85125, 70.58012),
    "gn-1514896": ("Isfara", 40.12649, 70.62526),
    "gn-1216189": ("Shohimardon (Shakhimardan)", 39.98322, 71.80512),
    "gn-1514019": ("Fergana", 40.38421, 71.78432),
    "river-syr-darya": ("Syr Darya", 41.25, 67.97),
    "other-hindu-kush": ("Hindu Kush", 35.6, 70.0),
    "other-karakum-desert": ("Karakum Desert", 39.0, 60.0),
    "other-kyzylkum-desert": ("Kyzylkum Desert", 42.0, 64.0),
    "other-tuyamuyun-reservoir": ("Tuyamuyun Reservoir", 41.3, 61.3),
    "other-lake-sarez": ("Lake Sarez", 38.25, 72.75),
    "other-murghab-river-pamir": ("Murghab River (Pamir, upper Bartang)", 38.2, 73.4),
    "other-usoi-dam": ("Usoi Dam", 38.27, 72.6),
    "other-bartang-river": ("Bartang River", 38.05, 72.05),
    "other-arabian-sea": ("Arabian Sea", 15.0, 65.0),
    "other-friendship-bridge-termez": (
        "Afghanistan–Uzbekistan Friendship Bridge (Termez–Hairatan)",
        37.23,
        67.4,
    ),
    "other-trans-afghan-railway": (
        "Trans-Afghan Railway (planned Termez–Mazar-i-Sharif–Kabul–Peshawar)",
        35.6,
        68.1,
    ),
    "other-torkham": ("Torkham border crossing", 34.117, 71.083),
    "other-khyber-pass": ("Khyber Pass", 34.076, 71.204),
    "other-torugart-pass": ("Torugart Pass", 40.55, 75.4),
    "other-irkeshtam": ("Irkeshtam border crossing", 39.683, 73.917),
    "other-lake-issyk-kul": ("Lake Issyk-Kul", 42.42, 77.25),
    "other-kok-tash": ("Kok-Tash (village, Batken district)", 39.96, 70.6),
    "other-sokh": ("Sokh (Uzbek exclave)", 39.95, 71.12),
    "other-isfara-river": ("Isfara River", 39.95, 70.6),
}

AFG, UZB, TKM, TJK, KGZ = "country-afg", "country-uzb", "country-tkm", "country-tjk", "country-kgz"
KAZ, PAK, CHN, RUS, USA = "country-kaz", "country-pak", "country-chn", "country-rus", "country-usa"
AMU, PANJ, CA, ARAL = "river-amu-darya", "river-panj", "region-central-asia", "other-aral-sea"
KABUL, TERMEZ, TASHKENT, ASHGABAT = "gn-1138958", "gn-1215957", "gn-1512569", "gn-162183"
MOSCOW, BEIJING, WASHINGTON, BISHKEK = "gn-524901", "gn-1816670", "gn-4140963", "gn-1528675"
OSH, KHUJAND, ANDIJAN, JALALABAD, KASHGAR = (
    "gn-1527534",
    "gn-1514879",
    "gn-1514588",
    "gn-1528249",
    "gn-1280849",
)
HAIRATAN, HINDUKUSH = "other-hairatan", "other-hindu-kush"
ORG = "place name inside an organisation/publication name"
PERSON = "person name"
ETHNIC = "ethnic group (not the country or its people/government)"
LANGUAGE = "language name (not the country or its people/government)"

ARTICLES = {
    "water-amu-darya-downstream": {
        "mentions": [
            # lower-case headline and title
            ("amu darya", AMU),
            ("uzbek", UZB),
            ("turkmen", TKM),
            ("afghan", AFG),
            ("Amu Darya", AMU),
            ("Uzbek", UZB),
            ("Turkmen", TKM),
            ("Afghan", AFG),
            ("NUKUS", "gn-601294"),
            ("Uzbekistan", UZB),
            ("Nukus", "gn-601294"),
            ("Karakalpakstan", "adm1-uz-qr"),
            ("Amu Darya", AMU),
            ("Pamirs", "mountains-pamir"),
            ("Hindu Kush", HINDUKUSH),
            ("Tajik", TJK),
            ("Afghan", AFG),
            ("Panj", PANJ),
            ("Afghanistan", AFG),
            ("Uzbekistan", UZB),
            ("Turkmenistan", TKM),
            ("Karakum", "other-karakum-desert"),
            ("Kyzylkum", "other-kyzylkum-desert"),
            ("Aral Sea", ARAL),
            ("Syr Darya", "river-syr-darya"),
            ("Aral", ARAL),
            ("Kazakhstan", KAZ),
            ("Amu Darya", AMU),
            ("Amu Darya", AMU),
            ("Moscow", MOSCOW),
            ("Central Asian", CA),
            ("Afghanistan", AFG),
            ("Kabul", KABUL),
            ("Qosh Tepa", "other-qosh-tepa-canal"),
            ("Afghan", AFG),
            ("Balkh", "province-balkh"),
            ("Jowzjan", "province-jawzjan"),
            ("Uzbek", UZB),
            ("Afghan", AFG),
            ("Termez", TERMEZ),
            ("Kabul", KABUL),
            ("Turkmen", TKM),
            ("Ashgabat", ASHGABAT),
            ("Khorezm", "adm1-uz-xo"),
            ("Xorazm", "adm1-uz-xo"),
            ("Khiva", "gn-1513604"),
            ("Turkmenistan", TKM),
            ("Dashoguz", "adm1-tm-d"),
            ("Daşoguz", "gn-601734"),
            ("Uzbek", UZB),
            ("Turkmen", TKM),
            ("Tuyamuyun", "other-tuyamuyun-reservoir"),
            ("Amu Darya", AMU),
            ("Qarshi", "gn-1216311"),
            ("Kashkadarya", "adm1-uz-qa"),
            ("Buxoro", "gn-1217662"),
            ("Bukhara", "gn-1217662"),
            ("Bukhara", "gn-1217662"),
            ("Karshi", "gn-1216311"),
            ("Turkmen", TKM),
            ("Türkmenabat", "gn-1219649"),
            ("Chardzhou", "gn-1219649"),
            ("Russian", RUS),
            ("Ashgabat", ASHGABAT),
            ("Uzbekistan", UZB),
            ("Lebap", "adm1-tm-l"),
            ("Turkmenabat", "gn-1219649"),
            ("Lake Sarez", "other-lake-sarez"),
            ("Murghab", "other-murghab-river-pamir"),
            ("Usoi", "other-usoi-dam"),
            ("Tajikistan", TJK),
            ("Gorno-Badakhshan Autonomous Region", "adm1-tj-gb"),
            ("Bartang", "other-bartang-river"),
            ("Panj", PANJ),
            ("Amu Darya", AMU),
            ("Termez", TERMEZ),
            ("Dushanbe", "gn-1221874"),
            ("Tashkent", TASHKENT),
            ("Turkmen", TKM),
            ("Afghan", AFG),
            ("Kerki", "gn-1219002"),
            ("Hairatan", HAIRATAN),
            ("Ashgabat", ASHGABAT),
            ("Nukus", "gn-601294"),
            ("Kazakhstan", KAZ),
            ("Aral", ARAL),
            # related coverage
            ("Karakalpakstan", "adm1-uz-qr"),
            ("Tashkent", TASHKENT),
            ("Khorezm", "adm1-uz-xo"),
        ],
        "hard_negatives": [
            ("Aral", ORG),
            ("Tashkentov", PERSON),
            ("Uzbek", LANGUAGE),
            ("Bukhara", ORG),
            ("Tashkentov", PERSON),
        ],
    },
    "rail-trans-afghan-corridors": {
        "mentions": [
            ("hindu kush", HINDUKUSH),
            ("tashkent", TASHKENT),
            ("arabian sea", "other-arabian-sea"),
            ("Hindu Kush", HINDUKUSH),
            ("Tashkent", TASHKENT),
            ("Arabian Sea", "other-arabian-sea"),
            ("TERMEZ", TERMEZ),
            ("Uzbekistan", UZB),
            ("Termez", TERMEZ),
            ("Kazakh", KAZ),
            ("Uzbek", UZB),
            ("Friendship Bridge", "other-friendship-bridge-termez"),
            ("Hairatan", HAIRATAN),
            ("Afghan", AFG),
            ("Amu Darya", AMU),
            ("Mazar-i-Sharif", "gn-1133616"),
            ("Afghanistan", AFG),
            ("Tashkent", TASHKENT),
            ("Hindu Kush", HINDUKUSH),
            ("Kabul", KABUL),
            ("Logar", "province-logar"),
            ("Pakistani", PAK),
            ("Peshawar", "gn-1168197"),
            ("Trans-Afghan Railway", "other-trans-afghan-railway"),
            ("Tashkent", TASHKENT),
            ("Karachi", "gn-1174872"),
            ("Gwadar", "gn-1177446"),
            ("Uzbekistan", UZB),
            ("Afghanistan", AFG),
            ("Pakistan", PAK),
            ("Tashkent", TASHKENT),
            ("Afghan", AFG),
            ("Torkham", "other-torkham"),
            ("Khyber Pass", "other-khyber-pass"),
            ("Kabul", KABUL),
            ("Islamabad", "gn-1176615"),
            ("Uzbek", UZB),
            ("Tashkent", TASHKENT),
            ("Karachi", "gn-1174872"),
            ("Torkham", "other-torkham"),
            ("Pakistani", PAK),
            ("Peshawar", "gn-1168197"),
            ("Central Asian", CA),
            ("China", CHN),
            ("Gwadar", "gn-1177446"),
            ("Balochistan", "adm1-pk-ba"),
            ("Chinese", CHN),
            ("Kashgar", KASHGAR),
            ("Beijing", BEIJING),
            ("Afghan", AFG),
            ("Gwadar", "gn-1177446"),
            ("Central Asia", CA),
            ("Russia", RUS),
            ("Iran", "country-irn"),
            ("Chinese", CHN),
            ("China", CHN),
            ("Kyrgyzstan", KGZ),
            ("Uzbekistan", UZB),
            ("China", CHN),
            ("Kyrgyzstan", KGZ),
            ("Uzbekistan", UZB),
            ("Kashgar", KASHGAR),
            ("Torugart", "other-torugart-pass"),
            ("Kyrgyz", KGZ),
            ("Jalal-Abad", JALALABAD),
            ("Fergana Valley", "other-fergana-valley"),
            ("Andijan", ANDIJAN),
            ("Bishkek", BISHKEK),
            ("Lake Issyk-Kul", "other-lake-issyk-kul"),
            ("Jalal-Abad", JALALABAD),
            ("Kyrgyz", KGZ),
            ("Irkeshtam", "other-irkeshtam"),
            ("Kashgar", KASHGAR),
            ("Osh", OSH),
            ("Chinese", CHN),
            ("Uzbekistan", UZB),
            ("Kyrgyz", KGZ),
            ("Osh", OSH),
            ("Andijan", ANDIJAN),
            ("Türkiye", "country-tur"),
            ("Georgia", "country-geo"),
            ("Caspian", "other-caspian-sea"),
            ("Savannah", "gn-4221552"),
            ("Georgia", "adm1-us-ga"),
            ("Kyrgyzstan", KGZ),
            ("American", USA),
            ("Central Asian", CA),
            ("Termez", TERMEZ),
            ("Kabul", KABUL),
            ("Kabul", KABUL),
            ("Islamabad", "gn-1176615"),
            # related coverage
            ("Hairatan", HAIRATAN),
            ("Lahore", "gn-1172451"),
        ],
        "hard_negatives": [
            ("Karakoram", ORG),
            ("Pakistan", ORG),
            ("China", ORG),
            ("Pakistan", ORG),
            ("Kyrgyz", ORG),
            ("Uzbekistan", ORG),
        ],
    },
    "enclaves-batken-isfara": {
        "mentions": [
            ("batken", "gn-1528735"),
            ("isfara", "gn-1514896"),
            ("Batken", "gn-1528735"),
            ("Isfara", "gn-1514896"),
            ("Osh", OSH),
            ("BATKEN", "gn-1528735"),
            ("Kyrgyzstan", KGZ),
            ("Kok-Tash", "other-kok-tash"),
            ("Turkish", "country-tur"),
            ("Kok-Tash", "other-kok-tash"),
            ("Vorukh", "gn-1220164"),
            ("Tajik", TJK),
            ("Kyrgyz", KGZ),
            ("Batken", "adm1-kg-b"),
            ("Isfara", "other-isfara-river"),
            ("Kyrgyz", KGZ),
            ("Tajik", TJK),
            ("Kyrgyz", KGZ),
            ("Osh", "adm1-kg-o"),
            ("Fergana Valley", "other-fergana-valley"),
            ("Uzbekistan", UZB),
            ("Sokh", "other-sokh"),
            ("Kyrgyzstan", KGZ),
            ("Batken", "adm1-kg-b"),
            ("Uzbek", UZB),
            ("Shakhimardan", "gn-1216189"),
            ("Fergana", "gn-1514019"),
            ("Batken", "gn-1528735"),
            ("Osh", OSH),
            ("Uzbek", UZB),
            ("Isfara", "gn-1514896"),
            ("Khujand", KHUJAND),
            ("Tajikistan", TJK),
            ("Sughd", "adm1-tj-su"),
            ("Kyrgyz", KGZ),
            ("Kyrgyzstan", KGZ),
            ("Tajikistan", TJK),
            ("Bishkek", BISHKEK),
            ("Uzbek", UZB),
            ("Khujand", KHUJAND),
            ("Isfara", "gn-1514896"),
            ("Batken", "gn-1528735"),
            ("Osh", OSH),
            ("Khujand", KHUJAND),
            ("Kyrgyz", KGZ),
            ("Kok-Tash", "other-kok-tash"),
            ("Tajik", TJK),
            ("Vorukh", "gn-1220164"),
            ("Kyrgyz", KGZ),
            ("Moscow", MOSCOW),
            ("Russian", RUS),
            ("Russia", RUS),
            ("Samarkand", "gn-1216265"),
            ("Chinese", CHN),
            ("Beijing", BEIJING),
            ("Washington", WASHINGTON),
            ("U.S.", USA),
            ("Bishkek", BISHKEK),
            ("Batken", "gn-1528735"),
            ("Moscow", MOSCOW),
            ("Beijing", BEIJING),
            ("Washington", WASHINGTON),
            ("Kyrgyz", KGZ),
            ("Dushanbe", "gn-1221874"),
            ("Tajik", TJK),
            ("Tashkent", TASHKENT),
            ("Uzbekistan", UZB),
            ("Vorukh", "gn-1220164"),
            ("Isfara", "other-isfara-river"),
            ("Tajik", TJK),
            ("Vorukh", "gn-1220164"),
            ("Kok-Tash", "other-kok-tash"),
            # further reading
            ("Osh", OSH),
            ("Sokh", "other-sokh"),
        ],
        "hard_negatives": [
            ("FERGANA", ORG),
            ("Tajik", ETHNIC),
            ("Shanghai", ORG),
        ],
    },
}


def load_registry():
    reg = {}
    gold_dir = os.path.join(EVAL, "gold")
    for f in sorted(os.listdir(gold_dir)):
        if f.endswith(".json"):
            with open(os.path.join(gold_dir, f), encoding="utf-8") as fh:
                for m in json.load(fh)["mentions"]:
                    reg.setdefault(m["id"], (m["name"], m["lat"], m["lon"]))
    for k, v in NEW_IDS.items():
        if k in reg and reg[k] != v:
            sys.exit(f"id {k} differs from tests/eval: {v!r} vs {reg[k]!r}")
        reg[k] = v
    return reg


def word_at(text, i, s):
    """True if text[i:i+len(s)] == s and it is not part of a longer word."""
    if text[i : i + len(s)] != s:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(s)] if i + len(s) < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def find_next(text, s, pos):
    while True:
        i = text.find(s, pos)
        if i < 0:
            return -1
        if word_at(text, i, s):
            return i
        pos = i + 1


def build(slug, ann, reg):
    path = os.path.join(HERE, "articles", slug + ".txt")
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    mentions, pos = [], 0
    for surface, mid in ann["mentions"]:
        i = find_next(text, surface, pos)
        if i < 0:
            sys.exit(f"{slug}: {surface!r} not found after offset {pos}")
        name, lat, lon = reg[mid]
        mentions.append(
            {
                "start": i,
                "end": i + len(surface),
                "surface": surface,
                "id": mid,
                "name": name,
                "lat": lat,
                "lon": lon,
            }
        )
        pos = i + len(surface)
    # hard negatives are located in their own left-to-right pass, skipping mention spans
    spans = [(m["start"], m["end"]) for m in mentions]
    negs, pos = [], 0
    for surface, reason in ann["hard_negatives"]:
        while True:
            i = find_next(text, surface, pos)
            if i < 0:
                sys.exit(f"{slug}: hard negative {surface!r} not found after {pos}")
            pos = i + len(surface)
            if not any(i < e and s < i + len(surface) for s, e in spans):
                break
        negs.append({"start": i, "end": i + len(surface), "surface": surface, "reason": reason})
    return text, mentions, negs


def dump(slug, mentions, negs):
    lines = ['{{"article": {},'.format(json.dumps(slug + ".txt")), ' "mentions": [']
    lines.append(",\n".join("  " + json.dumps(m, ensure_ascii=False) for m in mentions))
    lines.append(" ],")
    lines.append(' "hard_negatives": [')
    lines.append(",\n".join("  " + json.dumps(h, ensure_ascii=False) for h in negs))
    lines.append(" ]}")
    with open(os.path.join(HERE, "gold", slug + ".json"), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def review(slug, text, mentions, negs, all_surfaces):
    """Print whole-word occurrences of any known surface that nothing covers."""
    covered = [(m["start"], m["end"]) for m in mentions] + [(h["start"], h["end"]) for h in negs]
    missed = []
    for s in sorted(all_surfaces, key=len, reverse=True):
        pos = 0
        while True:
            i = find_next(text, s, pos)
            if i < 0:
                break
            pos = i + 1
            if not any(a <= i and i + len(s) <= b for a, b in covered):
                missed.append((i, s))
                covered.append((i, i + len(s)))
    for i, s in sorted(missed):
        print(
            f"  UNCOVERED {slug} @{i} {s!r}: ...{text[max(0, i - 40) : i + len(s) + 40]}...".replace(
                "\n", " "
            )
        )
    return len(missed)


def main():
    reg = load_registry()
    surfaces = set()
    for ann in ARTICLES.values():
        surfaces |= {s for s, _ in ann["mentions"]} | {s for s, _ in ann["hard_negatives"]}
    surfaces |= {s.lower() for s in surfaces} | {s.upper() for s in surfaces}
    surfaces |= {
        "Afghanistan",
        "Tajikistan",
        "Kyrgyzstan",
        "Uzbekistan",
        "Turkmenistan",
        "Kazakhstan",
        "Pakistan",
        "China",
        "Russia",
        "Asia",
        "Asian",
        "Soviet",
        "European",
        "Europe",
        "Syr Darya",
        "Karakalpak",
        "Uzbeks",
        "Tajiks",
    }
    n_missed = 0
    for slug, ann in ARTICLES.items():
        text, mentions, negs = build(slug, ann, reg)
        dump(slug, mentions, negs)
        n_missed += review(slug, text, mentions, negs, surfaces)
        print(
            f"{slug:30s} {len(mentions):3d} mentions {len({m['id'] for m in mentions}):2d} ids "
            f"{len(negs):2d} hard negatives"
        )
    print(f"uncovered occurrences to review: {n_missed}")


if __name__ == "__main__":
    main()
