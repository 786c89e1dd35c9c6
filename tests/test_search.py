"""Search over names, aliases and passage text: ranked, the feature kind beside each hit."""

from __future__ import annotations

from conftest import SEED

from regionmap.article_html import passage_order
from regionmap.search import build_index, fold, search_features, search_passages


def _index(ds):
    f = ds.features
    return build_index(zip(f.index, f["name"], f["aliases"], strict=True), ds.links)


def test_casa_finds_the_project_first(ds):
    hits = search_features(_index(ds), "CASA")
    assert hits[0].feature == "energy-casa-1000"
    assert "country-usa" not in [h.feature for h in hits[:3]]


def test_aliases_and_typos_find_the_feature(ds):
    idx = _index(ds)
    assert search_features(idx, "Jowzjan")[0].feature == "province-jawzjan"
    assert search_features(idx, "jawzjan")[0].feature == "province-jawzjan"
    assert search_features(idx, "Jowzjon")[0].feature == "province-jawzjan"  # a typo
    assert search_features(idx, "northern route")[0].feature == "route-northern-route"


def test_opium_finds_the_passages_and_their_features(ds):
    idx = _index(ds)
    hits = search_passages(idx, "opium", open_article=SEED, order=passage_order(ds.links))
    assert len(hits) == 1
    h = hits[0]
    assert "opium poppies" in h.snippet and h.article == SEED
    assert {"province-jawzjan", "security-is-jawzjan", "road-jawzjan-kabul"} <= set(h.features)
    # the most specific thing the sentence grounds comes first: one of the roads it speaks of
    assert h.features[0].startswith("road-jawzjan-")
    assert all(k.endswith(f) for k, f in zip(h.keys, h.features, strict=True))
    # several words must all be there, each at a word start
    assert search_passages(idx, "opiate production") and not search_passages(idx, "piate")
    assert search_passages(idx, "trafficking routes")[0].features[0] == "route-northern-route"


def test_the_open_articles_features_rank_first_among_equals(ds):
    idx = _index(ds)
    # "Kabul": the province and the converter station both start with the word
    plain = [h.feature for h in search_features(idx, "Kabul")]
    boosted = [h.feature for h in search_features(idx, "Kabul", boost={"energy-kabul-converter"})]
    assert set(plain[:2]) == set(boosted[:2]) or boosted.index("energy-kabul-converter") < plain.index(
        "energy-kabul-converter"
    )


def test_fold_drops_accents_and_case():
    assert fold("Mazār-e Sharīf") == "mazar-e sharif" and fold("Afghanistan’s") == "afghanistan's"


def test_short_or_empty_queries_find_nothing(ds):
    idx = _index(ds)
    assert search_features(idx, " ") == [] and search_features(idx, "a") == []
    assert search_passages(idx, "op") == []
