#!/usr/bin/env python
"""Generate N saved articles of realistic text into a user data directory, as the app saves them.

    python bench/gen_corpus.py OUT_DIR N [--seed 0]

Each article is 18-36 sentences drawn (seeded) from the project's hand-written evaluation
articles (``tests/eval*/articles``: policy and news prose about the region), in paragraphs;
nine in ten include a sentence that names Tajikistan, so one feature is mentioned by most
articles. The text is linked with the project's linker and saved with
``regionmap.store.UserStore.save`` exactly as the "Add an article" tab does: mentions with a
feature become links, unresolved ones stay in the review list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

TOPICS = ["border security", "water and energy", "trade corridors", "drug trafficking", "diplomacy",
          "militant groups", "migration", "railways", "hydropower", "regional summits"]  # fmt: skip
PUBLISHERS = [
    "Regional Security Monitor",
    "Steppe Review",
    "Pamir Wire",
    "Amu Darya Observer",
    "Caspian Notes",
]
_SENT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"])")


def sentence_pool() -> list[str]:
    """Body sentences of the evaluation articles (headers and bylines dropped)."""
    pool: list[str] = []
    for path in sorted(ROOT.glob("tests/eval*/articles/*.txt")):
        for para in path.read_text(encoding="utf-8").split("\n\n"):
            para = " ".join(para.split())
            if len(para) < 120:  # headlines, bylines, datelines
                continue
            pool.extend(s for s in _SENT.split(para) if 40 <= len(s) <= 400)
    return pool


def article_text(rng: random.Random, pool: list[str], tajik: list[str]) -> str:
    n = rng.randint(18, 36)
    sents = rng.sample(pool, n)
    if rng.random() < 0.9 and not any("Tajikistan" in s for s in sents):
        sents[rng.randrange(n)] = rng.choice(tajik)
    paras, i = [], 0
    while i < n:
        k = rng.randint(2, 5)
        paras.append(" ".join(sents[i : i + k]))
        i += k
    return "\n\n".join(paras) + "\n"


def generate(out: Path, n: int, seed: int = 0, start: int = 0) -> float:
    """Save articles ``start`` .. ``n - 1`` into ``out``; returns seconds taken."""
    from regionmap.gazetteer import build_gazetteer
    from regionmap.ingest import article_input, check_text
    from regionmap.linker import Linker
    from regionmap.load import load_dataset
    from regionmap.store import UserStore, mention_link

    t0 = time.perf_counter()
    data = ROOT / "data"
    linker = Linker(build_gazetteer(data, load_dataset(data).features))
    pool = sentence_pool()
    tajik = [s for s in pool if "Tajikistan" in s]
    store = UserStore(out)
    for i in range(start, n):
        rng = random.Random(f"{seed}-{i}")
        text = check_text(article_text(rng, pool, tajik))
        links, review = [], []
        for m in linker.link(text):
            if m.feature_id:
                links.append(mention_link(m.feature_id, m.surface, m.start, m.end))
            else:
                review.append({"start": m.start, "end": m.end, "surface": m.surface, "feature_id": None})
        day = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(6 * 365))
        inp = article_input(title=f"Brief {i:04d}: {rng.choice(TOPICS)} in Central Asia",
                            publisher=rng.choice(PUBLISHERS), date=day.isoformat())  # fmt: skip
        store.save(inp, text, links, review=review)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    secs = generate(args.out, args.n, args.seed)
    print(f"{args.n} articles in {args.out} ({secs:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
