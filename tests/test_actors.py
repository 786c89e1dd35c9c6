"""The actor index (curated for the source article) and finding actors in any text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import SEED

from regionmap.actors import ActorIndex, ActorRecord, find_actors

NAMED = [
    "zalmay-khalilzad", "emomali-rahmon", "sirojidin-muhriddin", "ramazon-rahimzoda", "saymumin-yatimov",
    "sherali-mirzo", "mohammad-haneef-atmar", "sayvaly-shafiev", "taliban", "islamic-state", "cia",
]  # fmt: skip


def test_index_holds_everyone_the_brief_names(ds):
    assert set(NAMED) <= set(ds.actors.records)


@pytest.mark.parametrize(
    ("spelling", "actor"),
    [("Sirojidin Muhriddin", "sirojidin-muhriddin"), ("Sirojiddin Muhriddin", "sirojidin-muhriddin"),
     ("sirojiddin  muhriddin", "sirojidin-muhriddin"), ("Rahmon", "emomali-rahmon"),
     ("Hanif Atmar", "mohammad-haneef-atmar"), ("ISIS", "islamic-state"), ("Central Intelligence Agency", "cia")],
)  # fmt: skip
def test_aliases_and_spellings_resolve(ds, spelling, actor):
    assert ds.actors.resolve(spelling) == actor


def test_roles_are_dated_by_their_article(ds):
    (role, *_) = ds.actors.roles_of("sirojidin-muhriddin")
    assert (role.role, role.affiliation, role.article, role.as_of) == (
        "Minister of Foreign Affairs", "Tajikistan", SEED, dt.date(2020, 10, 30),
    )  # fmt: skip
    text = ds.articles[SEED].text
    for r in ds.actors.roles:
        assert text[r.start : r.end] == r.quote


def test_every_actor_has_a_passage_and_every_name_is_linked(ds):
    text = ds.articles[SEED].text
    linked = {lk.actor for lk in ds.actors.links}
    named_in_events = {a for e in ds.events for a in e.actors}
    for aid in ds.actors.records:
        assert aid in linked or aid in named_in_events, aid
    for lk in ds.actors.links:
        assert text[lk.start : lk.end] == lk.quote
    # every whole-word occurrence of a surname in the body is a mention
    body = ds.articles[SEED].meta.body
    for name, aid in [
        ("Rahmon", "emomali-rahmon"),
        ("Atmar", "mohammad-haneef-atmar"),
        ("Khalilzad", "zalmay-khalilzad"),
    ]:
        spans = {(m.start(), m.end()) for m in re.finditer(rf"\b{name}\b", text[: body.end])}
        got = {
            (lk.start, lk.end)
            for lk in ds.actors.links_of(aid)
            if lk.quote.endswith(name) and lk.kind == "mention"
        }
        assert {e for s, e in spans} <= {e for s, e in got}, name


def test_for_article_and_unknown_article(ds):
    sub = ds.actors.for_article(SEED)
    assert set(NAMED) <= set(sub.records)
    assert len(ds.actors.for_article("nothing")) == 0


def _one(found, name):
    return next(a for a in found if a.name == name)


def test_title_before_the_name():
    text = "Minister of Foreign Affairs Jane Doe said the talks would go on."
    (a,) = find_actors(text)
    assert (a.surface, a.actor_id, a.role) == ("Jane Doe", None, "Minister of Foreign Affairs")


def test_country_before_the_title_is_the_affiliation():
    text = "Uzbek President Shavkat Mirziyoyev met the delegation."
    (a,) = find_actors(text, places=[(0, 5, "Uzbekistan")])
    assert (a.name, a.role, a.affiliation, a.phrase_start) == (
        "Shavkat Mirziyoyev",
        "President",
        "Uzbekistan",
        0,
    )


def test_a_place_inside_a_title_is_not_part_of_the_name():
    text = "Special Representative for Afghanistan Reconciliation Zalmay Khalilzad arrived."
    (a,) = find_actors(text, places=[(27, 38, "Afghanistan")])
    assert a.name == "Zalmay Khalilzad"
    assert a.role == "Special Representative for Afghanistan Reconciliation"


def test_apposition_after_the_name():
    (a,) = find_actors("Ali Karimov, the head of the Border Troops, said patrols were doubled.")
    assert (a.name, a.role) == ("Ali Karimov", "head of the Border Troops")


def test_envoy_then_name_and_surname_later():
    text = (
        "The U.S. special envoy for the region, Daniel Whitcomb, travelled to Tashkent. Whitcomb said little."
    )
    found = find_actors(text)
    people = [a for a in found if a.kind == "person"]
    assert [a.surface for a in people] == ["Daniel Whitcomb", "Whitcomb"]
    assert {a.name for a in people} == {"Daniel Whitcomb"}
    assert "envoy" in people[0].role


def test_a_title_with_the_surname_only_joins_the_full_name():
    found = find_actors("Tajik President Emomali Rahmon spoke. Later President Rahmon left.")
    assert [a.name for a in found] == ["Emomali Rahmon", "Emomali Rahmon"]


def test_led_by_and_byline():
    text = "By Malika Rustamova\n\nOne cell was led by Sayvaly Shafiev of Tajikistan."
    found = find_actors(text, places=[(60, 70, "Tajikistan")])
    assert (found[0].name, found[0].role) == ("Malika Rustamova", "author")
    assert (found[1].name, found[1].role, found[1].affiliation) == ("Sayvaly Shafiev", "leader", "Tajikistan")


def test_headlines_in_title_case_name_nobody():
    assert find_actors("U.S. Envoy Visits Dushanbe As Part of Afghan Peace Process\n\nText.") == []


def test_organisations():
    found = find_actors("The Collective Security Treaty Organization met. The Asian Development Bank agreed.")
    assert [(a.surface, a.kind) for a in found] == [
        ("Collective Security Treaty Organization", "organisation"),
        ("Asian Development Bank", "organisation"),
    ]


def test_known_spellings_come_from_the_index(ds):
    text = "Sirojiddin Muhriddin met Hanif Atmar; the Taliban and ISIS were not there."
    found = find_actors(text, ds.actors)
    assert [a.actor_id for a in found] == [
        "sirojidin-muhriddin",
        "mohammad-haneef-atmar",
        "taliban",
        "islamic-state",
    ]


def test_a_spelling_shared_by_two_actors_is_left_open():
    idx = ActorIndex({
        "a-smith": ActorRecord(id="a-smith", name="Anna Smith", kind="person", aliases=["Smith"]),
        "b-smith": ActorRecord(id="b-smith", name="Bob Smith", kind="person", aliases=["Smith"]),
    })  # fmt: skip
    (a,) = find_actors("Smith said so.", idx)
    assert a.actor_id is None
    assert idx.resolve("Smith") is None and idx.resolve("bob smith") == "b-smith"


def test_nothing_in_plain_text():
    assert find_actors("The river rose in the spring and the road was closed.") == []
