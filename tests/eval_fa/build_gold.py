#!/usr/bin/env python3
"""Build gold/<slug>.json for the Dari/Persian articles from the hand annotation in annotation.py.

Usage:  python tests/eval_fa/build_gold.py [--check]

The annotation (annotation.py) is an ordered table of "surface | id | lemma | d" lines per
article, written by reading the text; nothing here runs or imports the linker. Offsets are
found by scanning the article left to right for whole-word occurrences of each surface, so
text[start:end] == surface by construction. A word ends at a space, a punctuation mark,
a hyphen or a dash; a zero-width non-joiner (U+200C) and combining marks (harakat) do
not end a word, so "افغانستان" never matches inside "افغانستان‌ها" or "افغانستانی".

Names and coordinates of ids that also occur in tests/eval, tests/eval_heldout or
tests/eval_ru are taken from their gold files, so all sets agree; new ids are in
annotation.NEW_IDS.

Review: at the end the script lists, per article,
  * occurrences of any annotated surface covered by nothing, after folding Arabic Yeh and
    Kaf (ي ى ك) to the Persian letters and trying the surface with its ZWNJs removed or
    turned into spaces;
  * words that contain a name stem (افغان, تاجیک, کابل, ...) once folded, covered by
    nothing and not in annotation.REVIEWED.
With --check it exits with status 1 if anything is listed or a gold file would change.
Standard library only; no project imports.
"""

import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import annotation  # the hand annotation lives next to this script

TYPE_BY_PREFIX = {
    "country": "country",
    "province": "adm1",
    "adm1": "adm1",
    "gn": "city",
    "region": "region",
    "river": "river",
    "mountains": "mountains",
    "road": "road",
    "route": "route",
    "corridor": "corridor",
    "energy": "infrastructure",
    "dam": "infrastructure",
}
TYPES = {
    "road",
    "route",
    "country",
    "adm1",
    "city",
    "region",
    "river",
    "mountains",
    "water",
    "pass",
    "crossing",
    "infrastructure",
    "valley",
    "corridor",
    "district",
    "continent",
    "historical",
}
ZWNJ = "\u200c"
FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})  # same length: offsets stay valid
STEMS = re.compile(
    "افغان|تاجیک|ازبک|ترکمن|قزاق|قرقیز|ایران|پاکستان|چین|روس|هند|آمریکا|ترکیه|اروپا|آسیا"
    "|کابل|هرات|بلخ|مزار|شبرغان|جوزجان|فاریاب|بدخشان|تخار|کندز|بغلان|دوشنبه|تاشکند|ترمذ"
    "|حیرتان|آمو|پنج|خراسان|هیرمند|مشهد|تهران|ختلان|پامیر|واخان|عشق|سالنگ|خاروغ|کولاب"
)


def load_registry():
    """id -> (name, lat, lon) from the English gold sets, completed by the new ids."""
    reg = {}
    for sub in ("eval", "eval_heldout", "eval_ru"):
        gold_dir = os.path.join(TESTS, sub, "gold")
        for f in sorted(os.listdir(gold_dir)):
            if f.endswith(".json"):
                with open(os.path.join(gold_dir, f), encoding="utf-8") as fh:
                    for m in json.load(fh)["mentions"]:
                        reg.setdefault(m["id"], (m["name"], m["lat"], m["lon"]))
    for k, v in annotation.NEW_IDS.items():
        if k in reg:
            sys.exit(f"id {k} is already in the English sets as {reg[k]!r}; drop it from NEW_IDS")
        reg[k] = v[:3]
    return reg


def type_of(mid):
    if mid in annotation.NEW_IDS and len(annotation.NEW_IDS[mid]) > 3:
        return annotation.NEW_IDS[mid][3]
    if mid in annotation.OTHER_TYPES:
        return annotation.OTHER_TYPES[mid]
    t = TYPE_BY_PREFIX.get(mid.split("-", 1)[0])
    if t is None:
        sys.exit(f"no type for {mid}: add it to OTHER_TYPES")
    return t


def is_word_char(c):
    return c.isalnum() or c == ZWNJ or unicodedata.category(c) == "Mn"


def word_at(text, i, s):
    """True if text[i:i+len(s)] == s and it is not part of a longer word."""
    if text[i : i + len(s)] != s:
        return False
    before = text[i - 1] if i > 0 else " "
    after = text[i + len(s)] if i + len(s) < len(text) else " "
    return not is_word_char(before) and not is_word_char(after)


def find_next(text, s, pos):
    while True:
        i = text.find(s, pos)
        if i < 0:
            return -1
        if word_at(text, i, s):
            return i
        pos = i + 1


def parse(block):
    """'surface | id | lemma | d' lines -> list of (surface, id, lemma, demonym).

    A line 'surface | !KEY' is a hard negative in its place in the text order, with the
    reason annotation.REASONS[KEY]; it is returned as (surface, None, reason, False).
    """
    rows = []
    for line in block.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("|")]
        if parts[1].startswith("!"):
            rows.append((parts[0], None, annotation.REASONS[parts[1][1:]], False))
            continue
        surface, mid = parts[0], annotation.ALIASES.get(parts[1], parts[1])
        lemma = parts[2] if len(parts) > 2 and parts[2] else surface
        flags = parts[3] if len(parts) > 3 else ""
        if flags not in ("", "d"):
            sys.exit(f"bad flag {flags!r} in line {line!r}")
        rows.append((surface, mid, lemma, flags == "d"))
    return rows


def build(slug, ann, reg):
    path = os.path.join(HERE, "articles", slug + ".txt")
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    mentions, inline_negs, pos = [], [], 0
    for surface, mid, lemma, dem in parse(ann["mentions"]):
        i = find_next(text, surface, pos)
        if i < 0:
            sys.exit(f"{slug}: {surface!r} not found after offset {pos} ({text[pos : pos + 60]!r})")
        if mid is None:  # a hard negative placed in text order
            inline_negs.append({"start": i, "end": i + len(surface), "surface": surface, "reason": lemma})
            pos = i + len(surface)
            continue
        if mid not in reg:
            sys.exit(f"{slug}: unknown id {mid} for {surface!r}")
        name, lat, lon = reg[mid]
        m = {
            "start": i,
            "end": i + len(surface),
            "surface": surface,
            "id": mid,
            "name": name,
            "lat": lat,
            "lon": lon,
            "type": type_of(mid),
            "lemma": lemma,
        }
        if dem:
            m["demonym"] = True
        mentions.append(m)
        pos = i + len(surface)
    # a hard negative is the first occurrence of its surface that no mention and no
    # earlier hard negative covers, so the list need not be in text order
    spans = [(m["start"], m["end"]) for m in mentions] + [(h["start"], h["end"]) for h in inline_negs]
    negs = inline_negs
    for surface, reason in ann["hard_negatives"]:
        pos = 0
        while True:
            i = find_next(text, surface, pos)
            if i < 0:
                sys.exit(f"{slug}: hard negative {surface!r} not found (or all occurrences used)")
            pos = i + len(surface)
            if not any(i < e and s < i + len(surface) for s, e in spans):
                break
        spans.append((i, i + len(surface)))
        negs.append({"start": i, "end": i + len(surface), "surface": surface, "reason": reason})
    negs.sort(key=lambda h: h["start"])
    return text, mentions, negs


def render(slug, mentions, negs):
    lines = ['{{"article": {},'.format(json.dumps(slug + ".txt")), ' "mentions": [']
    lines.append(",\n".join("  " + json.dumps(m, ensure_ascii=False) for m in mentions))
    lines.append(" ],")
    lines.append(' "hard_negatives": [')
    lines.append(",\n".join("  " + json.dumps(h, ensure_ascii=False) for h in negs))
    lines.append(" ]}")
    return "\n".join(lines) + "\n"


def review(slug, text, mentions, negs, all_surfaces):
    """List what nothing covers: known surfaces (in any letter and ZWNJ variant), name stems."""
    covered = [(m["start"], m["end"]) for m in mentions] + [(h["start"], h["end"]) for h in negs]
    folded = text.translate(FOLD)
    found = []

    def uncovered(i, j):
        return not any(a <= i and j <= b for a, b in covered)

    variants = set()
    for s in all_surfaces:
        f = s.translate(FOLD)
        variants |= {f, f.replace(ZWNJ, ""), f.replace(ZWNJ, " ")}
    for s in sorted(variants, key=len, reverse=True):
        pos = 0
        while (i := find_next(folded, s, pos)) >= 0:
            pos = i + 1
            if uncovered(i, i + len(s)):
                found.append((i, text[i : i + len(s)], "known surface"))
                covered.append((i, i + len(s)))
    for w in re.finditer(r"[^\W\d_]+(?:[\u200c\u064b-\u065f\u0670][^\W\d_]*)*", text):
        word, i, j = w.group(), w.start(), w.end()
        if not uncovered(i, j) or word.translate(FOLD) in annotation.REVIEWED:
            continue
        if STEMS.search(word.translate(FOLD).replace(ZWNJ, "")):
            found.append((i, word, "name stem"))
    for i, s, why in sorted(found):
        ctx = text[max(0, i - 40) : i + len(s) + 40].replace("\n", " ")
        print(f"  REVIEW {slug} @{i} {s!r} ({why}): ...{ctx}...")
    return len(found)


def pair_half(text, m):
    """True if the mention is one half of a hyphen or dash pair ("خواف-هرات")."""
    return (
        text[m["end"] : m["end"] + 1] in "-–"
        and m["end"] < len(text)
        or (m["start"] > 0 and text[m["start"] - 1] in "-–")
    )


def affixed(m):
    """True if the word carries an attached suffix, prefix or ezafe ("افغان‌ها", "بکابل")."""
    s, lemma = (x.translate(FOLD).replace(ZWNJ, "") for x in (m["surface"], m["lemma"]))
    return s != lemma and lemma in s


def phenomena(text, mentions, negs):
    """Counts of the span phenomena the README table reports."""
    return {
        "Arabic Yeh/Kaf (ي ك)": sum(any(c in "يكى" for c in m["surface"]) for m in mentions),
        "ZWNJ inside": sum(ZWNJ in m["surface"] for m in mentions),
        "attached suffix/prefix/ezafe": sum(affixed(m) for m in mentions),
        "multi-word": sum(" " in m["surface"] for m in mentions),
        "hyphen/dash pair halves": sum(pair_half(text, m) for m in mentions),
        "hard negatives": len(negs),
    }


def main():
    check = "--check" in sys.argv[1:]
    reg = load_registry()
    surfaces = set()
    parsed = {slug: parse(ann["mentions"]) for slug, ann in annotation.ARTICLES.items()}
    for slug, rows in parsed.items():
        surfaces |= {s for s, *_ in rows} | {s for s, _ in annotation.ARTICLES[slug]["hard_negatives"]}
    n_review = n_changed = 0
    stats = {}
    all_ids = set()
    by_type = {}
    for slug, ann in annotation.ARTICLES.items():
        text, mentions, negs = build(slug, ann, reg)
        for m in mentions:
            assert m["type"] in TYPES, m
        out = render(slug, mentions, negs)
        path = os.path.join(HERE, "gold", slug + ".json")
        old = None
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                old = f.read()
        if old != out:
            n_changed += 1
            if check:
                print(f"  STALE gold/{slug}.json (rerun without --check)")
            else:
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write(out)
        n_review += review(slug, text, mentions, negs, surfaces)
        words = len(text.split())
        dem = sum(1 for m in mentions if m.get("demonym"))
        all_ids |= {m["id"] for m in mentions}
        for m in mentions:
            by_type[m["type"]] = by_type.get(m["type"], 0) + 1
        stats[slug] = phenomena(text, mentions, negs)
        print(
            f"{slug:32s} {words:4d} words {len(mentions):3d} mentions {dem:3d} demonym "
            f"{len({m['id'] for m in mentions}):3d} ids {len(negs):2d} hard negatives"
        )
    for slug, st in stats.items():
        print(f"{slug:32s} " + ", ".join(f"{k}: {v}" for k, v in st.items()))
    print(
        "mentions by type: "
        + ", ".join(f"{k} {v}" for k, v in sorted(by_type.items(), key=lambda kv: -kv[1]))
    )
    print(f"distinct ids: {len(all_ids)} ({len(all_ids & set(annotation.NEW_IDS))} new in this set)")
    print(f"to review: {n_review}")
    if check and (n_review or n_changed):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
