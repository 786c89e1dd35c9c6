"""The seed article's passage links against an independent hand annotation (tests/eval/gold/seed.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SEED

GOLD = json.loads((Path(__file__).parent / "eval" / "gold" / "seed.json").read_text(encoding="utf-8"))
# the gold set names the CASA-1000 project, a feature whose parts are its two sections
PROJECT_PARTS = {"energy-casa-1000": {"energy-casa-1000", "energy-casa-1000-ac", "energy-casa-1000-hvdc"}}


def right_features(ds, gold_id: str) -> set[str]:
    if gold_id.startswith("gn-"):
        gid = int(gold_id[3:])
        return {fid for fid, v in ds.features["geonames_id"].items() if v == gid}
    return PROJECT_PARTS.get(gold_id, {gold_id})


def body_mentions(ds):
    art = ds.articles[SEED]
    b = art.meta.body
    return [m for m in GOLD["mentions"] if b.start <= m["start"] and m["end"] <= b.end]


def test_gold_matches_our_copy_of_the_article(ds):
    text = ds.articles[SEED].text
    for m in GOLD["mentions"]:
        assert text[m["start"] : m["end"]] == m["surface"]


def test_every_mention_in_the_body_is_inside_a_link_of_the_right_feature(ds):
    missed = []
    for m in body_mentions(ds):
        ok = right_features(ds, m["id"])
        assert ok, f"gold id {m['id']} has no feature"
        if not any(lk.feature in ok and lk.start <= m["start"] and m["end"] <= lk.end for lk in ds.links):
            missed.append((m["surface"], m["start"], m["id"]))
    assert missed == []
    assert len(body_mentions(ds)) >= 80


def test_demonyms_and_possessives_are_covered(ds):
    surfaces = {m["surface"] for m in body_mentions(ds)}
    assert {"Tajik", "Tajikistani", "Afghan", "Central Asians"} <= surfaces
    text = ds.articles[SEED].text
    poss = [lk for lk in ds.links if lk.feature == "country-afg" and text[lk.end : lk.end + 2] == "’s"]
    assert poss, "Afghanistan’s is linked"


def test_publisher_name_is_not_a_place_mention(ds):
    text = ds.articles[SEED].text
    for neg in GOLD["hard_negatives"]:
        assert not any(lk.start < neg["end"] and neg["start"] < lk.end for lk in ds.links), neg
    assert "Caspian" not in {lk.quote for lk in ds.links}
    assert text.index("Caspian Policy Center") < ds.articles[SEED].meta.body.start


@pytest.mark.parametrize("kind", ["mention", "passage"])
def test_every_link_quote_matches_the_text(ds, kind):
    text = ds.articles[SEED].text
    links = [lk for lk in ds.links if lk.kind == kind]
    assert links
    for lk in links:
        assert text[lk.start : lk.end] == lk.quote
