"""The identity memo behind the card's per-feature indexes: computed once per object, never stale."""

from regionmap import memo as memo_mod
from regionmap.card_html import links_by_article
from regionmap.model import Link, LinkKind


def _links(n: int) -> tuple[Link, ...]:
    return tuple(
        Link(
            feature=f"f{i % 3}",
            kind=LinkKind.MENTION,
            quote="Termez",
            start=i * 10,
            end=i * 10 + 6,
            article=f"a{i % 2}",
        )
        for i in range(n)
    )


def test_memo_builds_once_per_identity_and_not_for_an_equal_copy() -> None:
    calls = []
    a, b = [1, 2], [1, 2]
    assert memo_mod.memo("t", (a,), lambda: calls.append("a") or "A") == "A"
    assert memo_mod.memo("t", (a,), lambda: calls.append("a2") or "B") == "A"
    assert memo_mod.memo("t", (b,), lambda: calls.append("b") or "C") == "C"  # equal but another object
    assert calls == ["a", "b"]


def test_memo_evicts_least_recently_used_and_keeps_a_hot_entry() -> None:
    hot = object()
    memo_mod.memo("hot", (hot,), lambda: 1)
    for i in range(memo_mod._SIZE * 2):
        memo_mod.memo("hot", (hot,), lambda: 2)  # touched every time: stays
        memo_mod.memo("cold", (object(),), lambda i=i: i)
    assert memo_mod.memo("hot", (hot,), lambda: 3) == 1
    assert len(memo_mod._MEMO) <= memo_mod._SIZE


def test_links_by_article_groups_in_link_order_and_follows_a_new_corpus() -> None:
    links = _links(6)
    by = links_by_article(links)
    assert [lk.start for lk in by["a0"]] == [0, 20, 40] and [lk.start for lk in by["a1"]] == [10, 30, 50]
    more = _links(8)  # a new corpus after a write: a new tuple, a new index
    assert len(links_by_article(more)["a1"]) == 4


def test_a_cards_focused_passage_is_found_from_its_key_for_every_curated_link(ds) -> None:
    from regionmap.ui_card import _focused

    links = [lk for lk in ds.links if lk.feature in ds.features.index]
    assert len(links) > 100
    for lk in links:
        assert _focused(ds, lk.feature, lk.key) == lk
    lk = links[0]
    assert _focused(ds, lk.feature, lk.key.replace(lk.article, "no-such-article")) is None
    assert _focused(ds, "another-feature", lk.key) is None and _focused(ds, lk.feature, None) is None
