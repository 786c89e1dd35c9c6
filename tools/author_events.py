"""Fill in the offsets of an article's hand-written event file and add its actor mentions.

    python tools/author_events.py data/events/000_fdd9b0092077d752.json

The file is written by hand: events, roles and actor links with their exact ``quote``. This
script finds each quote in the article and records ``start``/``end``: a quote must occur
exactly once, or carry ``"occurrence": n`` (1-based), which is removed once resolved. It then
adds a ``mention`` actor link for every whole-word, case-sensitive occurrence in the article's
body of an actor's name or alias from ``actors.json`` (the longest name wins where two overlap),
keeping the hand-written links. ``regionmap validate`` checks the result against the text.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def locate(text: str, obj: dict, where: str) -> None:
    if "start" in obj and "end" in obj:
        return
    quote = obj["quote"]
    hits = [m.start() for m in re.finditer(re.escape(quote), text)]
    n = obj.pop("occurrence", None)
    if not hits:
        raise SystemExit(f"{where}: quote not in the article: {quote!r}")
    if n is None and len(hits) > 1:
        raise SystemExit(f'{where}: quote occurs {len(hits)} times; add "occurrence": {quote!r}')
    start = hits[(n or 1) - 1]
    obj["start"], obj["end"] = start, start + len(quote)


def mentions(text: str, body: tuple[int, int], actors: list[dict]) -> list[dict]:
    forms = {}
    for a in actors:
        for name in [a["name"], *a.get("aliases", [])]:
            forms.setdefault(name, a["id"])
    rx = re.compile(
        r"(?<![\w-])(?:"
        + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
        + r")(?![\w-])"
    )
    return [
        {"actor": forms[m.group()], "kind": "mention", "quote": m.group(), "start": m.start(), "end": m.end()}
        for m in rx.finditer(text, *body)
    ]


def main(path: str) -> None:
    p = Path(path)
    data = json.loads(p.read_text(encoding="utf-8"))
    meta_path = ROOT / "data" / "articles" / f"{data['article']}.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    text = meta_path.with_suffix(".txt").read_text(encoding="utf-8")
    for ev in data["events"]:
        for i, ps in enumerate(ev["passages"]):
            locate(text, ps, f"{ev['id']} passage #{i + 1}")
    for i, r in enumerate(data.get("roles", [])):
        locate(text, r, f"role #{i + 1} ({r['actor']})")
    links = data.get("actor_links", [])
    for i, lk in enumerate(links):
        locate(text, lk, f"actor link #{i + 1} ({lk['actor']})")
    actors = json.loads((ROOT / "data" / "actors.json").read_text(encoding="utf-8"))["actors"]
    have = {(lk["actor"], lk["start"], lk["end"]) for lk in links}
    for m in mentions(text, (meta["body"]["start"], meta["body"]["end"]), actors):
        if (m["actor"], m["start"], m["end"]) not in have:
            links.append(m)
    links.sort(key=lambda lk: (lk["start"], -lk["end"], lk["actor"]))
    data["actor_links"] = links
    p.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{p}: {len(data['events'])} events, {len(data.get('roles', []))} roles, {len(links)} actor links")


if __name__ == "__main__":
    main(sys.argv[1])
