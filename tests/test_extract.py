"""Proposed events for new texts: date + place/actor per sentence, kinds, status, CLI, score, speed."""

from __future__ import annotations

import datetime as dt
import json
import statistics
import time

import pytest
from conftest import DATA, SEED

from regionmap.cli import main
from regionmap.extract import propose, sentences
from regionmap.extract_eval import score, timing_text
from regionmap.gazetteer import build_gazetteer
from regionmap.linker import Linker

PUB = dt.date(2020, 10, 30)


@pytest.fixture(scope="module")
def linker(ds):
    return Linker(build_gazetteer(DATA, ds.features))


def _one(text, linker, **kw):
    found = propose(text, kw.pop("published", PUB), linker, **kw)
    assert len(found.events) == 1, [e.to_json() for e in found.events]
    return found.events[0]


def test_a_sentence_with_a_date_and_a_place_is_an_event(linker):
    ev = _one("On 12 March 2021, the ministers met in Dushanbe.", linker)
    assert (ev.kind.value, ev.date.start, ev.date.precision.value) == ("meeting", dt.date(2021, 3, 12), "day")
    assert ev.places == ["place-dushanbe"]
    assert ev.text[ev.start : ev.end] == "On 12 March 2021, the ministers met in Dushanbe."


def test_no_place_and_no_actor_no_event(linker):
    assert propose("On 12 March 2021, nothing much happened.", PUB, linker).events == []
    assert propose("The ministers met in Dushanbe.", PUB, linker).events == []  # no date


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Talks dragged on, and on 3 May the two sides signed a treaty in Dushanbe.", "agreement"),
        ("On 2 June gunmen attacked a border post in Darvaz.", "attack"),
        ("Police seized 200 kg of heroin in Khorog on 5 April.", "seizure"),
        ("The envoy visited Kabul in July.", "visit"),
        ("Negotiations in Doha began on September 12.", "talks"),
        ("Officials in Tashkent said on Tuesday that the border would stay shut.", "statement"),
        ("Floods reached Termez on 4 May.", "other"),
    ],
)
def test_kind_from_the_cue_nearest_the_date(linker, text, kind):
    assert _one(text, linker).kind.value == kind


def test_status_planned_and_alleged(linker):
    assert _one("The presidents will meet in Tashkent in December.", linker).status.value == "planned"
    assert _one("In March, officials in Kabul allegedly met envoys.", linker).status.value == "alleged"
    assert _one("The presidents met in Tashkent in March.", linker).status.value == "reported"


def test_a_dateline_is_the_publication(linker):
    found = propose("Title Here\n\nOct 30, 2020\n\nText follows in Dushanbe.", PUB, linker)
    (ev,) = found.events
    assert (ev.kind.value, ev.date.start) == ("publication", PUB)


def test_paragraph_date_carries_to_the_event_sentences(linker):
    text = (
        "On 18 September, officials held talks. Foreign Minister John Roe met President Jane Poe in Dushanbe.\n\n"
        "Foreign Minister John Roe met President Jane Poe again."
    )
    found = propose(text, PUB, linker)
    (ev,) = found.events
    assert (ev.kind.value, ev.date.start, ev.date_from) == ("meeting", dt.date(2020, 9, 18), "paragraph")
    assert ev.actors == ["John Roe", "Jane Poe"]
    assert propose(text, PUB, linker, carry_dates=False).events == []


def test_a_visit_over_several_days_is_one_event(linker):
    text = (
        "Ambassador Zalmay Khalilzad visited Dushanbe beginning on October 2. "
        "Over the course of three days, Khalilzad met President Rahmon."
    )
    (ev,) = propose(text, PUB, linker).events
    assert (ev.kind.value, ev.date.start, ev.date.end) == (
        "visit",
        dt.date(2020, 10, 2),
        dt.date(2020, 10, 4),
    )
    assert len(ev.passages) == 2
    assert {"Zalmay Khalilzad", "Rahmon"} <= set(ev.actors)


def test_countries_that_act_are_actors_and_known_actors_have_ids(linker, ds):
    text = "Afghanistan and Tajikistan agreed on 18 September to prepare a partnership agreement."
    assert _one(text, linker).actors == ["Afghanistan", "Tajikistan"]
    assert _one(text, linker, index=ds.actors).actors == [
        "government-of-afghanistan",
        "government-of-tajikistan",
    ]


def test_an_affiliation_is_not_a_venue(linker):
    ev = _one("On 3 May, Uzbek President Shavkat Mirziyoyev spoke in Dushanbe.", linker)
    assert ev.places == ["place-dushanbe"]
    assert ev.actors == ["Shavkat Mirziyoyev"]


def test_sentences_never_cross_a_blank_line_and_are_trimmed():
    text = "Headline without stop\n\n  First one. Second one.  \n\nLast"
    assert [text[s:e] for s, e in sentences(text)] == [
        "Headline without stop",
        "First one.",
        "Second one.",
        "Last",
    ]


def test_new_actors_are_proposed_once_with_their_mentions(linker):
    text = "Minister of Energy Jane Doe visited Kabul on 3 May. Doe said the line was ready."
    found = propose(text, PUB, linker)
    (new,) = found.new_actors()
    assert (new["name"], new["role"], len(new["mentions"])) == ("Jane Doe", "Minister of Energy", 2)


def test_source_article_without_the_curated_events(ds, linker):
    # the extractor never sees data/events; its proposals are scored against them
    art = ds.articles[SEED]
    curated = [e for e in ds.events if e.article == SEED]
    r = score(propose(art.text, art.meta.published, linker).events, curated)
    assert r["proposals"] >= 5
    assert r["precision"] >= 0.8
    assert r["recall_dated"] >= 0.75
    for eid in ("ev-apn-opening", "ev-regional-meetings", "ev-khalilzad-visit", "ev-publication"):
        assert eid not in {c.id for c in r["missed"]}


def test_score_of_nothing_is_no_score(ds):
    r = score([], [e for e in ds.events if e.article == SEED])
    assert r["precision"] is None and r["recall_dated"] == 0.0
    r = score([], [])
    assert r["precision"] is None and r["recall_dated"] is None


def test_score_needs_both_date_overlap_and_sentence_overlap(ds, linker):
    art = ds.articles[SEED]
    curated = [e for e in ds.events if e.id == "ev-regional-meetings"]
    (ev,) = propose("Meetings in Dushanbe were held on September 17 and 18.", PUB, linker).events
    assert score([ev], curated)["precision"] == 0.0  # same dates, other text
    i = art.text.index("Meetings between officials")
    (ev,) = [e for e in propose(art.text, PUB, linker).events if e.start == i]
    assert score([ev], curated)["precision"] == 1.0
    shifted = propose(art.text, dt.date(2021, 10, 30), linker).events  # same text, dates a year later
    assert score([e for e in shifted if e.start == i], curated)["precision"] == 0.0


def test_cli_events_for_a_file(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text(
        "Khalilzad visited Dushanbe on 2 October.\n\nOn Friday the ministers met in Kabul.", encoding="utf-8"
    )
    assert main(["events", str(f), "--published", "2020-10-30"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    keys = ["kind", "date_start", "date_end", "precision", "places", "actors", "quote", "start", "end"]
    assert all(set(keys) <= set(r) for r in rows)
    assert [(r["kind"], r["date_start"], r["date_end"], r["precision"]) for r in rows] == [
        ("visit", "2020-10-02", "2020-10-02", "day"),
        ("meeting", "2020-10-30", "2020-10-30", "day"),
    ]
    text = f.read_text(encoding="utf-8")
    assert all(text[r["start"] : r["end"]] == r["quote"] for r in rows)
    assert rows[0]["places"] == ["place-dushanbe"] and rows[0]["actors"] == ["zalmay-khalilzad"]


def test_cli_events_errors_are_one_line(tmp_path, capsys):
    assert main(["events", str(tmp_path / "missing.txt"), "--published", "2020-10-30"]) == 1
    assert main(["events", str(tmp_path / "x.txt"), "--published", "30/10/2020"]) == 2
    assert main(["events"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and "Traceback" not in "".join(err)
    assert "cannot read" in err[0] and "is not a date" in err[1]


def test_cli_without_published_says_today_is_the_anchor(tmp_path, capsys):
    f = tmp_path / "a.txt"
    f.write_text("Nothing dated here.", encoding="utf-8")
    assert main(["events", str(f)]) == 0
    assert "against today" in capsys.readouterr().err


def test_cli_actors(capsys):
    assert main(["actors", "--article", SEED]) == 0
    rows = {r["id"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["sirojidin-muhriddin"]["role"] == "Minister of Foreign Affairs"
    assert "Sirojiddin Muhriddin" in rows["sirojidin-muhriddin"]["aliases"]
    assert rows["emomali-rahmon"]["events"] >= 3 and rows["emomali-rahmon"]["mentions"] >= 5
    assert rows["government-of-tajikistan"]["feature"] == "country-tjk"


def test_twenty_kb_under_one_second(linker, ds):
    text = timing_text()
    assert len(text.encode("utf-8")) >= 20_000
    propose(text, PUB, linker, ds.actors)  # warm: lazy imports
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        found = propose(text, PUB, linker, ds.actors)
        runs.append(time.perf_counter() - t)
    assert found.events
    assert statistics.median(runs) < 1.0


def test_event_sentences_are_the_readers_sentences():
    # one segmenter for the page and the extractor: a title abbreviation does not end a sentence,
    # a blank line always does
    from regionmap.extract import sentences

    text = "Amb. Khalilzad met Col.-Gen. Yatimov on 3 October in Dushanbe. Talks went on\n\nNext day he left."
    spans = [text[s:e] for s, e in sentences(text)]
    assert spans == [
        "Amb. Khalilzad met Col.-Gen. Yatimov on 3 October in Dushanbe.",
        "Talks went on",
        "Next day he left.",
    ]
