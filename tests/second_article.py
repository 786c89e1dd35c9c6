"""A second curated article, with its own event, roles and actor links, written into a copy of data/."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

AID = "001_doha_agreement"
TEXT = (
    "U.S. Special Representative Zalmay Khalilzad signed an agreement with the Taliban in Doha on "
    "February 29, 2020.\n\nThe Taliban promised to talk with the Afghan government.\n"
)


def _span(text: str, quote: str, nth: int = 0) -> dict:
    start = -1
    for _ in range(nth + 1):
        start = text.index(quote, start + 1)
    return {"quote": quote, "start": start, "end": start + len(quote)}


def write_second_article(data: Path) -> str:
    """Add :data:`AID` to the data directory ``data`` (a copy of data/); returns its id."""
    meta = {
        "id": AID, "title": "Khalilzad and the Taliban sign in Doha", "author": "A. Tester",
        "publisher": "Test Wire", "published": "2020-03-01", "url": None, "language": "en",
        "sha256": hashlib.sha256(TEXT.encode("utf-8")).hexdigest(),
        "body": {"start": 0, "end": len(TEXT)},
    }  # fmt: skip
    (data / "articles" / f"{AID}.json").write_text(json.dumps(meta), encoding="utf-8")
    (data / "articles" / f"{AID}.txt").write_text(TEXT, encoding="utf-8")
    links = [{"feature": "place-doha", "kind": "mention", **_span(TEXT, "Doha")}]
    (data / "links" / f"{AID}.json").write_text(
        json.dumps({"article": AID, "links": links}), encoding="utf-8"
    )
    sentence = TEXT.split("\n")[0]
    events = {
        "article": AID,
        "events": [{
            "id": "ev-doha-agreement", "kind": "agreement", "title": "U.S.–Taliban agreement signed in Doha",
            "date": {"start": "2020-02-29", "end": "2020-02-29", "precision": "day"},
            "places": ["place-doha"], "actors": ["zalmay-khalilzad", "taliban"],
            "passages": [_span(TEXT, sentence)],
        }],
        "roles": [{"actor": "zalmay-khalilzad", "role": "Special Representative", "affiliation": "United States",
                   **_span(TEXT, "U.S. Special Representative Zalmay Khalilzad")}],
        "actor_links": [
            {"actor": "zalmay-khalilzad", "kind": "mention", **_span(TEXT, "Zalmay Khalilzad")},
            {"actor": "taliban", "kind": "mention", **_span(TEXT, "Taliban")},
            {"actor": "taliban", "kind": "mention", **_span(TEXT, "Taliban", 1)},
        ],
    }  # fmt: skip
    (data / "events" / f"{AID}.json").write_text(json.dumps(events), encoding="utf-8")
    return AID
