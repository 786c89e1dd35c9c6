#!/usr/bin/env python3
"""Validate the gold annotations of the place-name linking evaluation set.

Usage:  python tests/eval/check_gold.py [EVAL_DIR]

Checks, for every gold/<slug>.json:
  * the article file exists and every mention's text[start:end] == surface
    (text = the article decoded as UTF-8 with newlines kept as they are);
  * mentions are sorted by start and do not overlap;
  * lat is in [-90, 90] and lon in [-180, 180];
  * ids follow the id scheme (see README.md);
  * one id always carries the same name and coordinates across all files;
  * optional "hard_negatives" spans match the text and overlap no mention;
  * every article has a gold file and every gold file has an article;
  * optional mention fields, when present: "type" is one of TYPES and the same for
    every mention of an id, "demonym" is true or false, "lemma" is a non-empty string
    (used by tests/eval_ru and tests/eval_fa; the English sets do not carry them).
Exits with status 1 if anything is wrong.  No project imports.
"""

import json
import os
import re
import sys

# AGCHO ADM1_EN names (afg_admbnda_adm1_agcho_20180522), slugified:
# lower-case, every run of non-alphanumerics replaced by "-".
AFG_PROVINCES = {
    "badakhshan",
    "badghis",
    "baghlan",
    "balkh",
    "bamyan",
    "daykundi",
    "farah",
    "faryab",
    "ghazni",
    "ghor",
    "hilmand",
    "hirat",
    "jawzjan",
    "kabul",
    "kandahar",
    "kapisa",
    "khost",
    "kunar",
    "kunduz",
    "laghman",
    "logar",
    "maidan-wardak",
    "nangarhar",
    "nimroz",
    "nuristan",
    "paktika",
    "paktya",
    "panjsher",
    "parwan",
    "samangan",
    "sar-e-pul",
    "takhar",
    "uruzgan",
    "zabul",
}

SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
ID_PATTERNS = [
    re.compile(r"country-[a-z]{3}"),
    re.compile(rf"province-({SLUG})"),
    re.compile(r"adm1-[a-z]{2}-[a-z0-9]{1,3}"),
    re.compile(r"gn-[1-9][0-9]*"),
    re.compile(rf"(?:region|river|road|route|energy|dam|mountains|corridor|other)-{SLUG}"),
]
MENTION_KEYS = {"start", "end", "surface", "id", "name", "lat", "lon"}
# optional "type" of a mention (tests/eval_ru, tests/eval_fa)
TYPES = {
    "country",
    "adm1",
    "city",
    "region",
    "river",
    "mountains",
    "water",
    "pass",
    "crossing",
    "road",
    "route",
    "infrastructure",
    "valley",
    "corridor",
    "district",
    "continent",
    "historical",
}


def id_ok(i):
    for p in ID_PATTERNS:
        m = p.fullmatch(i)
        if m:
            if i.startswith("province-"):
                return m.group(1) in AFG_PROVINCES
            return True
    return False


def optional_field_errors(m, seen_type, where):
    """Errors in the optional fields type, demonym and lemma of one mention."""
    errs = []
    if "type" in m:
        if m["type"] not in TYPES:
            errs.append(f"type {m['type']!r} is not one of {sorted(TYPES)}")
        elif m["id"] in seen_type and seen_type[m["id"]][0] != m["type"]:
            errs.append(
                "id {} has type {!r} here but {!r} in {}".format(m["id"], m["type"], *seen_type[m["id"]])
            )
        seen_type.setdefault(m["id"], (m["type"], where))
    if "demonym" in m and not isinstance(m["demonym"], bool):
        errs.append(f"demonym should be true or false, got {m['demonym']!r}")
    if "lemma" in m and not (isinstance(m["lemma"], str) and m["lemma"].strip()):
        errs.append(f"lemma should be a non-empty string, got {m['lemma']!r}")
    return errs


def check(eval_dir):
    errors = []
    art_dir = os.path.join(eval_dir, "articles")
    gold_dir = os.path.join(eval_dir, "gold")
    arts = {f[:-4] for f in os.listdir(art_dir) if f.endswith(".txt")}
    golds = {f[:-5] for f in os.listdir(gold_dir) if f.endswith(".json")}
    for s in sorted(arts - golds):
        errors.append(f"article without gold file: {s}.txt")
    for s in sorted(golds - arts):
        errors.append(f"gold file without article: {s}.json")

    seen = {}  # id -> (name, lat, lon, where)
    seen_type = {}  # id -> (type, where), for mentions that carry a type
    counts = {}
    for slug in sorted(golds & arts):
        where = f"gold/{slug}.json"
        try:
            with open(os.path.join(gold_dir, slug + ".json"), encoding="utf-8") as f:
                gold = json.load(f)
        except (OSError, ValueError) as e:
            errors.append(f"{where}: cannot read JSON: {e}")
            continue
        if gold.get("article") != slug + ".txt":
            errors.append(
                "{}: 'article' should be {!r}, got {!r}".format(where, slug + ".txt", gold.get("article"))
            )
        with open(os.path.join(art_dir, slug + ".txt"), encoding="utf-8", newline="") as f:
            text = f.read()
        mentions = gold.get("mentions")
        if not isinstance(mentions, list):
            errors.append(f"{where}: 'mentions' missing or not a list")
            continue
        prev_end, prev_start = -1, -1
        for k, m in enumerate(mentions):
            tag = f"{where} mention #{k}"
            if not isinstance(m, dict) or not MENTION_KEYS <= set(m):
                errors.append(f"{tag}: needs keys {sorted(MENTION_KEYS)}")
                continue
            st, en = m["start"], m["end"]
            if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text)):
                errors.append(f"{tag}: bad offsets {st!r}..{en!r}")
                continue
            if text[st:en] != m["surface"]:
                errors.append(f"{tag}: text[{st}:{en}]={text[st:en]!r} != surface {m['surface']!r}")
            if st < prev_start:
                errors.append(f"{tag}: not sorted by start")
            if st < prev_end:
                errors.append(f"{tag}: overlaps the previous mention")
            prev_start, prev_end = st, max(prev_end, en)
            lat, lon = m["lat"], m["lon"]
            if not (isinstance(lat, (int, float)) and -90 <= lat <= 90):
                errors.append(f"{tag}: lat out of range: {lat!r}")
            if not (isinstance(lon, (int, float)) and -180 <= lon <= 180):
                errors.append(f"{tag}: lon out of range: {lon!r}")
            if not isinstance(m["id"], str) or not id_ok(m["id"]):
                errors.append("{}: id does not match the scheme: {!r}".format(tag, m["id"]))
            key = (m["name"], lat, lon)
            if m["id"] in seen and seen[m["id"]][:3] != key:
                errors.append(
                    "{}: id {} has name/coords {!r} here but {!r} in {}".format(
                        tag, m["id"], key, seen[m["id"]][:3], seen[m["id"]][3]
                    )
                )
            seen.setdefault(m["id"], key + (where,))
            errors.extend(f"{tag}: {e}" for e in optional_field_errors(m, seen_type, where))
        spans = [(m["start"], m["end"]) for m in mentions if isinstance(m, dict) and "start" in m]
        for k, h in enumerate(gold.get("hard_negatives", [])):
            tag = f"{where} hard_negative #{k}"
            st, en = h.get("start"), h.get("end")
            if not (isinstance(st, int) and isinstance(en, int) and 0 <= st < en <= len(text)):
                errors.append(f"{tag}: bad offsets")
                continue
            if text[st:en] != h.get("surface"):
                errors.append(f"{tag}: text[{st}:{en}]={text[st:en]!r} != surface {h.get('surface')!r}")
            if any(st < e and s < en for s, e in spans):
                errors.append(f"{tag}: overlaps a mention")
        counts[slug] = (len(mentions), len(gold.get("hard_negatives", [])))
    return errors, counts, seen


def main():
    eval_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    errors, counts, seen = check(eval_dir)
    for slug, (n, h) in sorted(counts.items()):
        print(f"{slug:32s} {n:4d} mentions  {h:2d} hard negatives")
    print(
        f"total: {sum(n for n, _ in counts.values())} mentions, {len(seen)} distinct ids, {len(counts)} articles"
    )
    for e in errors:
        print("ERROR:", e)
    if errors:
        print(f"{len(errors)} error(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
