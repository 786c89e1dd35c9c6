"""The export view: one pure filter for the app and the CLI, and events/actors when the data has them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import sqlite3

import pandas as pd
import pyogrio
import pytest
from conftest import SEED

from regionmap.export import build, export_view
from regionmap.export_csv import EVENTS_COLUMNS
from regionmap.export_filter import ExportError, ExportView, in_range, make_view, select
from regionmap.load import Dataset


def test_make_view_checks_every_axis(ds):
    v = make_view(ds, layers="places, diplomacy", article=SEED, date_from="2020-10-01", actors=["Taliban"])
    assert v.layers == ("diplomacy", "places")  # drawing order, whatever order they were asked in
    assert v.article == SEED and v.date_from == dt.date(2020, 10, 1) and v.date_to is None
    assert make_view(ds, layers="").layers == ()
    for kwargs, message in [
        ({"layers": "places,roads"}, "unknown layer 'roads'"),
        ({"article": "x"}, "unknown article 'x'"),
        ({"date_from": "30/10/2020"}, "is not a date"),
        ({"date_from": "2020-10-02", "date_to": "2020-10-01"}, "is before"),
    ]:
        with pytest.raises(ExportError, match=message):
            make_view(ds, **kwargs)


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (None, None, True),  # undated: timeless
        ("2020-09-12", None, True),  # open-ended: still in effect in October
        ("2020-09-17", "2020-09-18", False),
        ("2020-10-31", "2020-11-02", True),  # overlaps the last day
        ("2020-11-01", None, False),
    ],
)
def test_date_overlap(start, end, expected):
    assert in_range(start, end, dt.date(2020, 10, 1), dt.date(2020, 10, 31)) is expected


def test_layers_article_and_linked_only(ds):
    sel = select(ds, ExportView(layers=("provinces",), linked_only=True))
    assert set(sel.features["layer"]) == {"provinces"}
    assert (
        set(sel.features.index) == {lk.feature for lk in sel.links}
        and "province-jawzjan" in sel.features.index
    )
    assert len(sel.features) < 34 and set(sel.sources) == {"agcho-ocha"}
    everything = select(ds, ExportView())
    assert len(everything.features) == len(ds.features) and everything.links == ds.links


def test_actor_filter(ds):
    sel = select(ds, make_view(ds, actors=["zalmay khalilzad"]))  # case ignored
    assert "event-khalilzad-visit" in sel.features.index and "country-afg" not in sel.features.index
    assert all(any(a["name"] == "Zalmay Khalilzad" for a in acts) for acts in sel.features["actors"])
    assert {a["feature_id"] for a in sel.actors if a["feature_id"]} == set(sel.features.index)


@dataclasses.dataclass(frozen=True)
class WithEvents(Dataset):
    """The dataset as it will be once events and actors land (records shaped like pydantic dumps)."""

    events: tuple = ()
    actors: tuple = ()


def _with_events(ds) -> WithEvents:
    text = ds.articles[SEED].text
    quote = "made an official visit to Tajikistan beginning on October 2"
    start = text.index(quote)
    events = (
        {"id": "ev-visit", "date": "2020-10-02", "kind": "visit", "title": "Khalilzad arrives in Dushanbe",
         "features": ["place-dushanbe", "country-tjk"], "actors": [{"name": "Zalmay Khalilzad", "role": "envoy"}],
         "article": SEED, "quote": quote, "start": start, "end": start + len(quote)},
        {"id": "ev-doha", "date": "2020-09-12", "kind": "talks", "title": "Talks open in Doha",
         "features": ["event-apn-doha"], "actors": ["Taliban"], "article": SEED},
    )  # fmt: skip
    actors = ({"id": "khalilzad", "name": "Zalmay Khalilzad", "kind": "person"},)
    fields = {
        f.name: getattr(ds, f.name) for f in dataclasses.fields(Dataset) if f.name not in ("events", "actors")
    }
    return WithEvents(**fields, events=events, actors=actors)


def test_events_and_actors_reach_every_format(tmp_path, ds):
    dse = _with_events(ds)
    sel = select(dse, ExportView())
    assert [e["event_id"] for e in sel.events] == ["ev-visit", "ev-doha"]
    ev = pd.read_csv(io.BytesIO(build("events-csv", sel)), keep_default_na=False)
    assert tuple(ev.columns) == EVENTS_COLUMNS and len(ev) == 2
    row = ev.set_index("event_id").loc["ev-visit"]
    assert row["feature_ids"] == "place-dushanbe; country-tjk" and row["actors"] == "Zalmay Khalilzad"
    assert ds.articles[SEED].text[int(row["start"]) : int(row["end"])] == row["quote"]
    assert row["article_title"] == ds.articles[SEED].meta.title
    fc = json.loads(build("geojson", sel))
    assert [e["event_id"] for e in fc["regionmap"]["events"]] == ["ev-visit", "ev-doha"]
    path = tmp_path / "e.gpkg"
    path.write_bytes(build("gpkg", sel))
    assert pyogrio.read_info(path, layer="events")["features"] == 2
    actors = pyogrio.read_dataframe(path, layer="actors")
    assert set(actors[actors["event_id"] == "ev-doha"]["name"]) == {"Taliban"}
    assert "khalilzad" in set(actors["actor_id"])  # the actor registry itself
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM events WHERE event_id = 'ev-visit'").fetchone() == (1,)
    con.close()


def test_events_follow_dates_and_actors(ds):
    dse = _with_events(ds)
    october = select(dse, make_view(dse, date_from="2020-10-01", date_to="2020-10-31"))
    assert [e["event_id"] for e in october.events] == ["ev-visit"]
    taliban = select(dse, make_view(dse, actors=["Taliban"]))
    assert [e["event_id"] for e in taliban.events] == ["ev-doha"]


def test_without_events_the_tables_are_still_there(ds):
    sel = export_view(dataclasses.replace(ds, events=()))
    assert sel.events == ()
    assert tuple(pd.read_csv(io.BytesIO(build("events-csv", sel))).columns) == EVENTS_COLUMNS
