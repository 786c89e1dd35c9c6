"""Curated events of the source article, and the validators of events/*.json and actors.json."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import SEED, edit_json

from regionmap.cli import main
from regionmap.load import load_dataset
from regionmap.timeline import feature_span

D = dt.date
EVENTS = f"events/{SEED}.json"


def _event(data: dict, eid: str) -> dict:
    return next(e for e in data["events"] if e["id"] == eid)


def test_curated_events_load_without_problems(ds):
    assert ds.problems == ()
    mine = [e for e in ds.events if e.article == SEED]
    assert len(mine) >= 10
    assert len({e.id for e in mine}) == len(mine)


@pytest.mark.parametrize(
    ("eid", "kind", "start", "end", "precision", "places", "actors"),
    [
        ("ev-apn-opening", "talks", D(2020, 9, 12), D(2020, 9, 12), "day", {"place-doha"}, {"taliban"}),
        ("ev-regional-meetings", "meeting", D(2020, 9, 17), D(2020, 9, 18), "day", {"place-dushanbe"}, set()),
        ("ev-atmar-rahmon", "meeting", D(2020, 9, 18), D(2020, 9, 18), "day", {"place-dushanbe"},
         {"mohammad-haneef-atmar", "emomali-rahmon"}),
        ("ev-spa-agreed", "agreement", D(2020, 9, 18), D(2020, 9, 18), "day", set(), set()),
        ("ev-khalilzad-visit", "visit", D(2020, 10, 2), D(2020, 10, 4), "day", {"place-dushanbe"},
         {"zalmay-khalilzad", "emomali-rahmon", "sirojidin-muhriddin", "ramazon-rahimzoda", "saymumin-yatimov",
          "sherali-mirzo"}),
        ("ev-publication", "publication", D(2020, 10, 30), D(2020, 10, 30), "day", set(), {"austin-clayton"}),
        ("ev-electricity-pressed", "talks", D(2020, 9, 1), D(2020, 9, 30), "month", set(), set()),
    ],
)  # fmt: skip
def test_the_issue_events_have_their_dates_and_precision(
    ds, eid, kind, start, end, precision, places, actors
):
    ev = next(e for e in ds.events if e.id == eid)
    assert ev.kind.value == kind
    assert (ev.date.start, ev.date.end, ev.date.precision.value) == (start, end, precision)
    assert places <= set(ev.places)
    assert actors <= set(ev.actors)


def test_every_passage_is_verbatim_and_in_the_body(ds):
    art = ds.articles[SEED]
    for ev in ds.events:
        for p in ev.passages:
            assert art.text[p.start : p.end] == p.quote
            assert (
                art.meta.body.start <= p.start
                and p.end <= art.meta.body.end
                or ev.kind.value == "publication"
            )


def test_events_agree_with_the_features_that_stand_for_them(ds):
    # the diplomacy features already carry dates: an event tied to one overlaps the feature's dates
    for ev in ds.events:
        for fid in ev.features:
            span = feature_span(ds.features.at[fid, "start"], ds.features.at[fid, "end"])
            if span is not None and ev.date is not None:
                assert ev.date.start <= span.end and span.start <= ev.date.end, (ev.id, fid)


def test_undated_events_say_why(ds):
    undated = [e for e in ds.events if e.date is None]
    assert undated and all(e.note for e in undated)


def test_events_are_sorted_by_date_undated_last(ds):
    keys = [(e.date is None, e.date.start if e.date else D.max) for e in ds.events]
    assert keys == sorted(keys)


# each case breaks one thing in a copy of data/ and expects exactly the one problem line
CASES = {
    "end before start": (
        lambda d: _event(d, "ev-regional-meetings")["date"].update(start="2020-09-19"),
        "ev-regional-meetings: date: end 2020-09-18 is before start 2020-09-19",
    ),
    "bad date": (
        lambda d: _event(d, "ev-apn-opening")["date"].update(start="2020-02-30"),
        "ev-apn-opening: date.start: date '2020-02-30' is not ISO 8601",
    ),
    "precision inconsistent": (
        lambda d: _event(d, "ev-electricity-pressed")["date"].update(start="2020-09-17"),
        "month precision needs whole months",
    ),
    "passage past the text end": (
        lambda d: _event(d, "ev-publication")["passages"][0].update(start=5000, end=5012),
        "ev-publication passage #1: span 5000..5012 runs past the end of the article (4990 chars)",
    ),
    "quote mismatch": (
        lambda d: _event(d, "ev-publication")["passages"][0].update(quote="Oct 31, 2020"),
        "ev-publication passage #1: quote 'Oct 31, 2020' does not match the text at 173..185 ('Oct 30, 2020')",
    ),
    "unknown feature id": (
        lambda d: _event(d, "ev-apn-opening")["places"].append("place-atlantis"),
        "ev-apn-opening: places: unknown feature id 'place-atlantis'",
    ),
    "unknown actor id": (
        lambda d: _event(d, "ev-apn-opening")["actors"].append("hamid-karzai"),
        "ev-apn-opening: actors: unknown actor id 'hamid-karzai' (not in actors.json)",
    ),
    "duplicate event id": (
        lambda d: d["events"].append({**_event(d, "ev-apn-opening")}),
        "ev-apn-opening: duplicate event id",
    ),
    "event id of a feature": (
        lambda d: _event(d, "ev-apn-opening").update(id="event-apn-doha"),
        "event-apn-doha: event id is also a feature id",
    ),
    "unknown kind": (
        lambda d: _event(d, "ev-apn-opening").update(kind="party"),
        "ev-apn-opening: kind: Input should be 'meeting'",
    ),
    "no passage": (
        lambda d: _event(d, "ev-apn-opening").update(passages=[]),
        "ev-apn-opening: passages: List should have at least 1 item",
    ),
    "later event not planned": (
        lambda d: _event(d, "ev-apn-opening")["date"].update(start="2020-11-12", end="2020-11-12"),
        "ev-apn-opening: date 2020-11-12 is after the article's date 2020-10-30; a later event can only be planned",
    ),
    "role of an unknown actor": (
        lambda d: d["roles"][0].update(actor="nobody"),
        "role #1 (nobody): unknown actor id 'nobody' (not in actors.json)",
    ),
    "role dated after the article": (
        lambda d: d["roles"][0].update(as_of="2021-01-01"),
        "as_of 2021-01-01 is after the article's date 2020-10-30",
    ),
    "actor link past the end": (
        lambda d: d["actor_links"][0].update(start=4985, end=4995),
        "span 4985..4995 runs past the end of the article (4990 chars)",
    ),
    "unknown article": (
        lambda d: d.update(article="999_nothing"),
        "unknown article '999_nothing'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_a_broken_event_file_gives_one_clear_line(data_copy, case, capsys):
    breaker, expected = CASES[case]
    edit_json(data_copy / EVENTS, breaker)
    problems = [str(p) for p in load_dataset(data_copy).problems]
    assert len(problems) == 1, problems
    assert expected in problems[0]
    assert problems[0].startswith(str(data_copy / EVENTS))
    assert main(["validate", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


ACTOR_CASES = {
    "duplicate actor id": (
        lambda d: d["actors"].append({"id": "taliban", "name": "Taliban again", "kind": "group"}),
        "taliban: duplicate actor id",
    ),
    "unknown actor feature": (
        lambda d: d["actors"][0].update(feature="country-xyz"),
        "zalmay-khalilzad: feature: unknown feature id 'country-xyz'",
    ),
    "bad actor kind": (
        lambda d: d["actors"][0].update(kind="wizard"),
        "zalmay-khalilzad: kind: Input should be 'person'",
    ),
}


@pytest.mark.parametrize("case", list(ACTOR_CASES))
def test_a_broken_actor_index_is_reported(data_copy, case):
    breaker, expected = ACTOR_CASES[case]
    edit_json(data_copy / "actors.json", breaker)
    problems = [str(p) for p in load_dataset(data_copy).problems]
    assert any(expected in p for p in problems), problems
    assert all(p.startswith(str(data_copy)) for p in problems)


def test_broken_json_is_one_line(data_copy):
    (data_copy / EVENTS).write_text("{ not json", encoding="utf-8")
    problems = [str(p) for p in load_dataset(data_copy).problems]
    assert len(problems) == 1 and "broken JSON at line 1" in problems[0]


def test_a_broken_feature_is_not_reported_twice(data_copy):
    # the feature's own problem is reported; the events that name it just lose the reference
    def breaker(d):
        next(f for f in d["features"] if f["id"] == "event-apn-doha")["properties"]["start"] = "12/09/2020"

    edit_json(data_copy / "features/diplomacy.geojson", breaker)
    ds = load_dataset(data_copy)
    assert len(ds.problems) == 1
    ev = next(e for e in ds.events if e.id == "ev-apn-opening")
    assert "event-apn-doha" not in ev.features


def test_data_without_events_is_fine(data_copy):
    (data_copy / EVENTS).unlink()
    (data_copy / "actors.json").unlink()
    ds = load_dataset(data_copy)
    assert ds.problems == () and ds.events == () and len(ds.actors) == 0


def test_cli_prints_an_articles_events(capsys):
    assert main(["events", "--article", SEED]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(rows) >= 10
    keys = {"kind", "date_start", "date_end", "precision", "places", "actors", "quote", "start", "end"}
    assert all(keys <= set(r) for r in rows)
    visit = next(r for r in rows if r["id"] == "ev-khalilzad-visit")
    assert (visit["date_start"], visit["date_end"], visit["precision"]) == ("2020-10-02", "2020-10-04", "day")
    assert [r["precision"] for r in rows if r["date_start"] is None] == ["undated"] * 3


def test_cli_unknown_article_is_one_line(capsys):
    assert main(["events", "--article", "nope"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("unknown article 'nope'")
