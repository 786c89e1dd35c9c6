"""Timeline data, the date filter at its edges, and the actor index's view data."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED

from regionmap.datespan import DateSpan
from regionmap.timeline import (
    COLUMNS,
    UNDATED,
    actor_focus,
    actor_rows,
    actors_for_feature,
    date_bounds,
    feature_mask,
    feature_span,
    filter_events,
    in_range,
    publication_markers,
    timeline_frame,
    timeline_records,
)

D = dt.date
SEPT = DateSpan(start=D(2020, 9, 1), end=D(2020, 9, 30), precision="month")
RANGE = DateSpan(start=D(2020, 9, 17), end=D(2020, 9, 18))
DAY = DateSpan(start=D(2020, 10, 2), end=D(2020, 10, 2))


@pytest.mark.parametrize(
    ("item", "lo", "hi", "inside"),
    [
        (DAY, D(2020, 10, 2), D(2020, 10, 2), True),  # both edges on the day
        (DAY, D(2020, 10, 3), None, False),  # the day before the range
        (DAY, None, D(2020, 10, 1), False),  # the day after the range
        (DAY, None, None, True),
        (RANGE, D(2020, 9, 18), D(2020, 9, 30), True),  # overlaps on its last day
        (RANGE, D(2020, 9, 19), D(2020, 9, 30), False),
        (RANGE, D(2020, 9, 1), D(2020, 9, 17), True),  # overlaps on its first day
        (SEPT, D(2020, 9, 30), D(2020, 10, 31), True),  # a month event overlaps on its last day
        (SEPT, D(2020, 10, 1), D(2020, 10, 31), False),
        (SEPT, D(2020, 8, 1), D(2020, 9, 1), True),
        (SEPT, D(2020, 8, 1), D(2020, 8, 31), False),
        (SEPT, D(2020, 9, 12), D(2020, 9, 12), True),  # a day inside the month
        (None, D(2021, 1, 1), D(2021, 1, 2), True),  # undated stays visible
        ({"start": "2020-09-17", "end": "2020-09-18", "precision": "day"}, "2020-09-18", "2020-09-18", True),
        ({"start": None, "end": None, "precision": UNDATED}, "2020-01-01", "2020-01-02", True),
    ],
)
def test_in_range_at_edges_and_precisions(item, lo, hi, inside):
    assert in_range(item, lo, hi) is inside


def test_feature_dates():
    assert feature_span(None, None) is None
    assert feature_span("2020-09-18", None) == DateSpan(start=D(2020, 9, 18), end=D(2020, 9, 18))
    assert feature_span("2020-10-02", "2020-10-04").end == D(2020, 10, 4)


def test_feature_mask_keeps_undated_features(ds):
    mask = feature_mask(ds.features, D(2020, 10, 1), D(2020, 10, 31))
    assert mask["event-khalilzad-visit"] and not mask["event-apn-doha"] and not mask["event-atmar-rahmon"]
    undated = ds.features["start"].isna() & ds.features["end"].isna()
    assert mask[undated].all() and undated.sum() > 50
    assert feature_mask(ds.features, None, None).all()


def test_filter_events(ds):
    october = {e.id for e in filter_events(ds.events, "2020-10-01", "2020-10-31")}
    assert {"ev-khalilzad-visit", "ev-publication"} <= october
    assert "ev-regional-meetings" not in october
    assert {"ev-rahmon-statement", "ev-shafiev-recruitment", "ev-dushanbe-plots"} <= october  # undated
    september_end = {e.id for e in filter_events(ds.events, "2020-09-30", "2020-09-30")}
    assert "ev-electricity-pressed" in september_end  # month precision: overlaps


def test_timeline_records_by_layer(ds):
    recs = timeline_records(ds.events, ds.features, ds.actors)
    by_id = {r["id"]: r for r in recs}
    assert set(COLUMNS) == set(recs[0])
    visit = by_id["ev-khalilzad-visit"]
    assert (visit["start"], visit["end"], visit["end_exclusive"], visit["row"]) == (
        "2020-10-02", "2020-10-04", "2020-10-05", "events",
    )  # fmt: skip
    month = by_id["ev-electricity-pressed"]
    assert (month["start"], month["end_exclusive"], month["precision"], month["date_label"]) == (
        "2020-09-01", "2020-10-01", "month", "Sep 2020",
    )  # fmt: skip
    # dated features join with their layer as the row; undated features do not
    assert by_id["event-apn-doha"]["row"] == "diplomacy" and by_id["event-apn-doha"]["type"] == "feature"
    assert by_id["partnership-tjk-afg"]["start"] == "2020-09-18"
    assert "country-tjk" not in by_id
    undated = [r for r in recs if not r["dated"]]
    assert {r["precision"] for r in undated} == {UNDATED} and len(undated) == 3
    assert all(r["type"] == "event" for r in undated)
    assert not [r for r in timeline_records(ds.events, include_undated=False) if not r["dated"]]


def test_the_five_issue_events_are_on_the_timeline(ds):
    rows = {r["id"]: (r["start"], r["end"], r["precision"]) for r in timeline_records(ds.events)}
    assert rows["ev-apn-opening"] == ("2020-09-12", "2020-09-12", "day")
    assert rows["ev-regional-meetings"] == ("2020-09-17", "2020-09-18", "day")
    assert rows["ev-atmar-rahmon"] == ("2020-09-18", "2020-09-18", "day")
    assert rows["ev-khalilzad-visit"] == ("2020-10-02", "2020-10-04", "day")
    assert rows["ev-publication"] == ("2020-10-30", "2020-10-30", "day")


def test_timeline_by_actor_repeats_items_per_actor(ds):
    recs = timeline_records(ds.events, ds.features, ds.actors, by="actor")
    visit_rows = sorted(r["row"] for r in recs if r["id"] == "ev-khalilzad-visit")
    assert len(visit_rows) == 6 and "Zalmay Khalilzad" in visit_rows and "Sherali Mirzo" in visit_rows
    # a feature's actors given by name are found in the index
    apn = {r["row"] for r in recs if r["id"] == "event-apn-doha"}
    assert apn == {"Government of Afghanistan", "Taliban"}


def test_frame_has_the_columns_even_when_empty():
    df = timeline_frame([])
    assert list(df.columns) == COLUMNS and len(df) == 0


def test_publication_markers_and_bounds(ds):
    markers = publication_markers(ds.articles)
    assert markers == [{"article": SEED, "title": ds.articles[SEED].meta.title, "date": "2020-10-30"}]
    assert date_bounds(timeline_records(ds.events), markers) == (D(2020, 9, 1), D(2020, 10, 30))
    assert date_bounds([]) is None


def test_actor_rows(ds):
    rows = {r["id"]: r for r in actor_rows(ds.actors, ds.events)}
    r = rows["emomali-rahmon"]
    assert (r["role"], r["affiliation"], r["as_of"]) == ("President", "Tajikistan", "2020-10-30")
    assert r["events"] == 3 and r["passages"] >= 10 and r["articles"] == [SEED]
    assert rows["cia"]["events"] == 0 and rows["cia"]["passages"] == 2


def test_actor_focus_highlights_places_and_mentions(ds):
    f = actor_focus(ds.actors, ds.events, "mohammad-haneef-atmar")
    assert set(f["features"]) >= {"place-dushanbe", "event-atmar-rahmon"}
    spans = f["spans"][SEED]
    text = ds.articles[SEED].text
    assert {text[s:e] for s, e in spans} >= {"Mohammad Haneef Atmar", "Atmar"}
    assert f["events"] == ["ev-atmar-rahmon"]
    gov = actor_focus(ds.actors, ds.events, "government-of-tajikistan")
    assert gov["features"][0] == "country-tjk"
    assert actor_focus(ds.actors, ds.events, "nobody") == {"features": [], "spans": {}, "events": []}


def test_actors_for_a_feature(ds):
    got = actors_for_feature(ds.actors, ds.events, "event-khalilzad-visit")
    assert got[0] == "zalmay-khalilzad" and "sherali-mirzo" in got
    tjk = ds.features.loc["security-dushanbe-plots"]
    assert actors_for_feature(ds.actors, ds.events, "security-dushanbe-plots", tjk["actors"]) == [
        "sayvaly-shafiev", "tajik-security-services",
    ]  # fmt: skip
    assert actors_for_feature(ds.actors, ds.events, "country-tjk") == ["government-of-tajikistan"]
    assert len(actors_for_feature(ds.actors, ds.events, "country-tjk", via_places=True)) > 3
