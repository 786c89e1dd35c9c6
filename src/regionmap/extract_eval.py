"""Score the event extractor against the curated events, and time it on a 20 KB text.

    python -m regionmap.extract_eval [--data DIR] [--article ID] [--errors] [--heldout tests/eval_events]

A proposal *matches* a curated event of the same article when (1) both are dated and their date
ranges overlap (inclusive, at any precision), and (2) one of the proposal's sentences overlaps one
of the event's passages by at least one character. Precision = proposals that match some curated
event / all proposals; recall = curated events matched by some proposal / curated events, given
over the dated curated events (the extractor proposes dated events only) and over all of them.
Among matched pairs (each proposal paired with the curated event its sentences overlap most) the
report also gives how often the kind and the exact dates agree.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from .actors import ActorIndex
from .events import EventRecord
from .extract import ProposedEvent, propose
from .paths import PROJECT_ROOT, default_data_dir

SEED = "000_fdd9b0092077d752"
TIMING_CHARS = 20_000


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def matches(p: ProposedEvent, c: EventRecord) -> int:
    """Characters of text the two share if their dates overlap; 0 if they do not match."""
    if c.date is None or p.date.end < c.date.start or c.date.end < p.date.start:
        return 0
    return max(_overlap(ps, (q.start, q.end)) for ps in p.passages for q in c.passages)


def _same_dates(p: ProposedEvent, c: EventRecord) -> bool:
    return c.date is not None and (p.date.start, p.date.end) == (c.date.start, c.date.end)


def score(proposals: list[ProposedEvent], curated: list[EventRecord]) -> dict[str, Any]:
    """Precision, recall and agreement of the proposals against the curated events (see the module doc)."""
    pairs = []
    for p in proposals:
        best = max(((matches(p, c), i) for i, c in enumerate(curated)), default=(0, -1))
        pairs.append((p, curated[best[1]] if best[0] else None))
    matched = {id(c) for _, c in pairs if c is not None}
    dated = [c for c in curated if c.date is not None]
    good = [(p, c) for p, c in pairs if c is not None]

    def ratio(n: int, d: int) -> float | None:
        return n / d if d else None  # an empty set is no score, never a perfect one

    return {
        "proposals": len(proposals),
        "curated": len(curated),
        "curated_dated": len(dated),
        "precision": ratio(len(good), len(proposals)),
        "recall_dated": ratio(sum(id(c) in matched for c in dated), len(dated)),
        "recall_all": ratio(len(matched), len(curated)),
        "kind_agreement": ratio(sum(p.kind == c.kind for p, c in good), len(good)),
        "exact_dates": ratio(sum(_same_dates(p, c) for p, c in good), len(good)),
        "pairs": pairs,
        "missed": [c for c in curated if id(c) not in matched],
    }


def timing_text(limit: int = TIMING_CHARS) -> str:
    """At least 20 KB of article text: the evaluation articles one after another, cut at a paragraph."""
    parts = []
    for folder in ("tests/eval/articles", "tests/eval_heldout/articles"):
        parts += [p.read_text(encoding="utf-8") for p in sorted((PROJECT_ROOT / folder).glob("*.txt"))]
    text = "\n\n".join(parts)
    while len(text) < 2 * limit:
        text += "\n\n" + text
    cut = text.find("\n\n", limit)
    return text[:cut]


def load_gold(path: Path) -> tuple[str, dt.date, list[EventRecord]]:
    """One held-out gold file: the article's text, its anchor date, and the events (quotes located)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    raw = (PROJECT_ROOT / data["article"]).read_bytes()
    if hashlib.sha256(raw).hexdigest() != data["sha256"]:
        raise SystemExit(f"{path}: {data['article']} changed since it was annotated")
    text = raw.decode("utf-8")
    events = []
    for ev in data["events"]:
        passages = []
        for p in ev["passages"]:
            if text.count(p["quote"]) != 1:
                raise SystemExit(f"{path}: {ev['id']}: the quote must occur exactly once: {p['quote']!r}")
            start = text.index(p["quote"])
            passages.append({"quote": p["quote"], "start": start, "end": start + len(p["quote"])})
        events.append(EventRecord.model_validate({**ev, "passages": passages, "article": path.stem}))
    return text, dt.date.fromisoformat(data["published"]), events


def _heldout(folder: Path, linker: Any, index: ActorIndex, errors: bool) -> None:
    props: list[ProposedEvent] = []
    gold: list[EventRecord] = []
    print(
        f"\nheld-out set {folder} (annotated before the extractor first ran on it; two grammar fixes came after: see its README)"
    )
    for path in sorted((folder / "gold").glob("*.json")):
        text, published, events = load_gold(path)
        found = propose(text, published, linker, index).events
        r = score(found, events)
        print(f"  {path.stem}: proposals {r['proposals']}  precision {_fmt(r['precision'])}  "
              f"recall {_fmt(r['recall_dated'])} of {r['curated_dated']} dated, {_fmt(r['recall_all'])} of "
              f"{r['curated']}")  # fmt: skip
        if errors:
            _errors(r)
        # one pool: offsets of different articles must not meet, so each article's are moved apart
        shift = len(props) and 10_000_000 * (1 + len(gold))
        props += [_shifted(p, shift) for p in found]
        gold += [e.model_copy(update={"passages": [q.model_copy(update={"start": q.start + shift,
                  "end": q.end + shift}) for q in e.passages]}) for e in events]  # fmt: skip
    r = score(props, gold)
    print(f"  all: proposals {r['proposals']}  precision {_fmt(r['precision'])}  recall {_fmt(r['recall_dated'])} "
          f"of {r['curated_dated']} dated, {_fmt(r['recall_all'])} of {r['curated']}  "
          f"kind agreement {_fmt(r['kind_agreement'])}  exact dates {_fmt(r['exact_dates'])}")  # fmt: skip


def _shifted(p: ProposedEvent, shift: int) -> ProposedEvent:
    q = dataclasses.replace(p, passages=[(a + shift, b + shift) for a, b in p.passages])
    q.text = " " * shift + p.text if shift else p.text  # keeps quotes printable; only offsets matter
    return q


def _errors(r: dict[str, Any]) -> None:
    for p, c in r["pairs"]:
        print(f"    {'OK  ' if c else 'FP  '}{p.kind.value:10s} {p.date.label():18s} "
              f"{(c.id if c else '-'):24s} {p.text[p.start : p.end][:70]!r}")  # fmt: skip
    for c in r["missed"]:
        print(f"    MISS {c.kind.value:10s} {c.date.label() if c.date else 'undated':18s} {c.id}")


def _fmt(x: float | None) -> str:
    return "n/a (empty set)" if x is None else f"{x:.2f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m regionmap.extract_eval", description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=default_data_dir())
    ap.add_argument("--article", default=SEED)
    ap.add_argument("--errors", action="store_true", help="list every proposal and every missed event")
    ap.add_argument("--heldout", type=Path, help="also score a held-out gold folder (e.g. tests/eval_events)")
    args = ap.parse_args(argv)

    from .gazetteer import build_gazetteer
    from .linker import Linker
    from .load import load_dataset

    t0 = time.perf_counter()
    ds = load_dataset(args.data)
    linker = Linker(build_gazetteer(args.data, ds.features))
    setup = time.perf_counter() - t0
    art = ds.articles.get(args.article)
    if art is None:
        print(f"unknown article {args.article!r}", file=sys.stderr)
        return 1
    curated = [e for e in ds.events if e.article == args.article]
    print(f"article {art.id} ({art.meta.published}): {len(curated)} curated events, "
          f"{sum(e.date is not None for e in curated)} dated")  # fmt: skip
    print("match = date ranges overlap AND a proposal sentence overlaps a curated passage")
    mentions = linker.link(art.text)
    for label, index in (("title patterns only (no actor index)", ActorIndex()),
                         ("with the curated actor index (built from this article: optimistic)", ds.actors)):  # fmt: skip
        for carry in (True, False):
            found = propose(art.text, art.meta.published, index=index, mentions=mentions, carry_dates=carry)
            r = score(found.events, curated)
            print(f"\n{label}; paragraph dates {'on' if carry else 'off'}")
            print(f"  proposals {r['proposals']}  precision {_fmt(r['precision'])}  "
                  f"recall {_fmt(r['recall_dated'])} of dated, {_fmt(r['recall_all'])} of all  "
                  f"kind agreement {_fmt(r['kind_agreement'])}  exact dates {_fmt(r['exact_dates'])}")  # fmt: skip
            if args.errors and carry:
                _errors(r)

    if args.heldout:
        _heldout(args.heldout, linker, ds.actors, args.errors)

    text = timing_text()
    runs = []
    for _ in range(6):
        t = time.perf_counter()
        found = propose(text, art.meta.published, linker, ds.actors)
        runs.append(time.perf_counter() - t)
    first = runs[0]
    t = time.perf_counter()
    linker.link(text)
    link_only = time.perf_counter() - t
    print(f"\ntiming on {len(text.encode('utf-8')):,} bytes ({len(found.sentences)} sentences, "
          f"{len(found.dates)} dates, {len(found.events)} proposals):")  # fmt: skip
    print(f"  link + extract: first call {first * 1000:.0f} ms (imports dateparser), "
          f"then median {statistics.median(runs[1:]) * 1000:.0f} ms, max {max(runs[1:]) * 1000:.0f} ms; "
          f"budget 1000 ms")  # fmt: skip
    print(
        f"  of which place linking {link_only * 1000:.0f} ms; loading data + gazetteer once {setup * 1000:.0f} ms"
    )
    _time_add(text, art.meta.published, linker, ds)
    return 0


def _time_add(text: str, published: dt.date, linker: Any, ds: Any, runs: int = 5) -> None:
    """The whole add with every proposal accepted: link, extract, save the article, save its events."""
    import tempfile

    from .ingest import article_input
    from .store import UserStore, mention_link
    from .user_events import accepted_records, save_events

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        store = UserStore(tmp)
        for i in range(runs):
            t = time.perf_counter()
            mentions = linker.link(text)
            links = [mention_link(m.feature_id, m.surface, m.start, m.end) for m in mentions
                     if m.feature_id and not m.needs_review]  # fmt: skip
            found = propose(text, published, index=ds.actors, mentions=mentions).events
            inp = article_input(title=f"timing {i}", publisher="bench", date=published.isoformat())
            aid = store.save(inp, text, links)
            places = set(ds.features.index) | {lk["feature"] for lk in links}
            save_events(
                store,
                aid,
                accepted_records(
                    [(p, None, None) for p in found], aid, set(ds.actors.records), places, published
                ),
            )
            times.append(time.perf_counter() - t)
    print(f"  add with every proposal accepted (link + extract + save article + save {len(found)} events): "
          f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms of {runs}; budget 1000 ms")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
