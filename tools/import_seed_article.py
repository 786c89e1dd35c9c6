"""Copy the seed article verbatim into data/articles/ and write its metadata.

Run from the project root:

    python tools/import_seed_article.py [--shared ../shared]

The text is copied byte for byte (its SHA-256 is recorded and checked by
``regionmap validate``). The body span starts at the proper-case title and ends
with the last sentence before "Related Articles": the masthead ("CPC - Caspian
Policy Center"), the lower-case title line and the "Related Articles" footer are
page chrome. Offsets are Python ``str`` indices (Unicode code points) into the
UTF-8 decoded text, newlines kept as they are.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from pathlib import Path

ARTICLE_ID = "000_fdd9b0092077d752"
TITLE = "U.S. Envoy Visits Dushanbe As Part of Afghan Peace Process"
LAST_SENTENCE = "neither party specified when the document would be signed."
DATELINE = "Oct 30, 2020"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=Path("../shared"))
    ap.add_argument("--out", type=Path, default=Path("data/articles"))
    args = ap.parse_args(argv)
    src = args.shared / "articles" / f"{ARTICLE_ID}.txt"
    args.out.mkdir(parents=True, exist_ok=True)
    dst = args.out / f"{ARTICLE_ID}.txt"
    shutil.copyfile(src, dst)
    raw = dst.read_bytes()
    text = raw.decode("utf-8")
    # the proper-case title, not the lower-case copy in the site header
    start = text.index("\n" + TITLE + "\n") + 1
    end = text.index(LAST_SENTENCE) + len(LAST_SENTENCE)
    # the reader shows the page's own header (masthead, title lines, byline, date) and its
    # "Related Articles" footer collapsed; the body it shows starts at the first sentence
    lead = text.index("\n\n", text.index("\n" + DATELINE + "\n")) + 2
    meta = {
        "id": ARTICLE_ID,
        "title": TITLE,
        "author": "Austin Clayton",
        "publisher": "Caspian Policy Center",
        "published": "2020-10-30",
        "url": None,
        "language": "en",
        "sha256": hashlib.sha256(raw).hexdigest(),
        "body": {"start": start, "end": end},
        "note": "Copied verbatim from the project's shared source folder; page chrome "
        "(masthead, lower-case title line, Related Articles footer) lies outside the body span. "
        "The header span (masthead, title, byline, date) and the footer span are shown collapsed.",
        "header": {"start": 0, "end": lead},
        "footer": {"start": end, "end": len(text)},
    }
    (args.out / f"{ARTICLE_ID}.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print(f"{dst}: {len(raw)} bytes, body {start}..{end}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
