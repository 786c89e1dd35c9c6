"""Events proposed when an article is added: accepted ones become records of the user's data, nothing else is saved."""

from __future__ import annotations

import datetime as dt
import functools
import json

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest
from test_add_article import open_add_tab
from timeline_helpers import chart_items, event_card, pick

from regionmap.cli import main
from regionmap.corpus import load_corpus
from regionmap.events import check_dataset
from regionmap.extract import propose
from regionmap.ingest import IngestError, article_input
from regionmap.linker_cache import load_linker
from regionmap.store import UserStore, mention_link
from regionmap.user_events import accepted_records, events_path, id_prefix, save_events, short_title

DATA = ROOT / "data"
HELDOUT = ROOT / "tests" / "eval_heldout" / "articles" / "enclaves-batken-isfara.txt"
HOSTILE = "<script>alert(1)</script> **water** [deal](javascript:alert(1))"
TWO = f"""Border talks

On 12 March 2024 officials of Tajikistan and Kyrgyzstan met in Dushanbe to discuss the frontier.

On 20 March 2024 the ministers signed a {HOSTILE} in Bishkek.
"""


@functools.cache
def _curated():
    return load_corpus(DATA), load_linker(DATA)


def _saved(user, text=TWO, title="Border talks"):
    """An article saved the way `regionmap add` saves it, with the proposals for it."""
    ds, linker = _curated()
    mentions = linker.link(text)
    links = [
        mention_link(m.feature_id, m.surface, m.start, m.end)
        for m in mentions
        if m.feature_id and not m.needs_review
    ]
    inp = article_input(title=title, publisher="Wire", date="2024-04-02")
    aid = UserStore(user).save(inp, text, links)
    return ds, aid, links, propose(text, dt.date(2024, 4, 2), index=ds.actors, mentions=mentions).events


def test_accepted_proposals_round_trip_through_the_validator(tmp_path):
    user = tmp_path / "user"
    ds, aid, links, props = _saved(user)
    assert [p.kind.value for p in props] == ["meeting", "agreement"]
    places = set(ds.features.index) | {lk["feature"] for lk in links}
    records = accepted_records([(p, None, None) for p in props], aid, set(ds.actors.records), places)
    save_events(user, aid, records)
    full = load_corpus(DATA, user)
    events, _, problems = check_dataset(user, full.articles, full.features.index, base=full.actors)
    assert problems == ()
    assert [e.model_dump(mode="json", exclude={"article"}, exclude_none=True) for e in events] == records
    first, second = events
    assert first.id == f"{id_prefix(aid)}-1" and first.date.start == dt.date(2024, 3, 12)
    assert first.date.precision.value == "day" and first.places == ["place-dushanbe"]
    # a known actor is listed by id; a name outside the index goes to the note, never to actors
    assert first.actors == ["government-of-tajikistan"] and "Kyrgyzstan" in first.note
    assert TWO[first.passages[0].start : first.passages[0].end] == first.passages[0].quote
    assert second.kind.value == "agreement" and second.places  # Bishkek, a gazetteer place the links map
    # and the corpus the app and the CLI load carries them
    assert {e.id for e in full.events if e.article == aid} == {first.id, second.id}
    assert full.problems == ()


def test_a_record_that_does_not_quote_the_text_is_refused_and_nothing_written(tmp_path):
    user = tmp_path / "user"
    ds, aid, _, props = _saved(user)
    (rec,) = accepted_records([(props[0], "visit", "  Edited\n title ")], aid, set(ds.actors.records))
    assert rec["kind"] == "visit" and rec["title"] == "Edited title"
    bad = {**rec, "passages": [{**rec["passages"][0], "start": rec["passages"][0]["start"] + 1}]}
    with pytest.raises(IngestError, match="not the text"):
        save_events(user, aid, [bad])
    with pytest.raises(IngestError, match="no saved article"):
        save_events(user, "not-saved-here", [rec])
    assert not events_path(user, aid).exists()
    save_events(user, aid, [rec])
    assert json.loads(events_path(user, aid).read_text(encoding="utf-8"))["events"] == [rec]
    assert not list((user / "events").glob(".*.tmp"))


def test_short_title_is_one_line_and_bounded():
    assert short_title("Talks\n  began.") == "Talks began"
    long = "word " * 60
    t = short_title(long)
    assert len(t) <= 90 and t.endswith("…") and "\n" not in t


def _add(tmp_path, *extra):
    user = tmp_path / "user"
    args = ["add", str(HELDOUT), "--title", "Enclaves", "--publisher", "Wire", "--date", "2024-05-01",
            "--userdata", str(user), *extra]  # fmt: skip
    assert main(args) == 0
    (aid,) = [p.stem for p in (user / "articles").glob("*.json")]
    return user, aid


def test_cli_add_saves_proposed_events_only_when_all_are_accepted(tmp_path, capsys):
    user, aid = _add(tmp_path / "a", "--accept-events")
    out = capsys.readouterr().out
    saved = json.loads(events_path(user, aid).read_text(encoding="utf-8"))["events"]
    assert len(saved) >= 3 and f"{len(saved)} proposed event(s) accepted" in out
    assert main(["events", "--article", aid, "--userdata", str(user)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert sorted(r["id"] for r in rows) == sorted(e["id"] for e in saved)
    text = HELDOUT.read_text(encoding="utf-8")
    for r in rows:
        assert r["article"] == aid and text[r["start"] : r["end"]] == r["quote"]
        assert r["precision"] in {"day", "week", "month", "year"}
    assert main(["validate", "--userdata", str(user)]) == 0
    assert "OK" in capsys.readouterr().out
    # without the flag, the same article saves no event and says how to accept them
    user2, aid2 = _add(tmp_path / "b")
    out = capsys.readouterr().out
    assert f"{len(saved)} event(s) proposed, none saved" in out and "--accept-events" in out
    assert not (user2 / "events").exists()
    assert main(["events", "--article", aid2, "--userdata", str(user2)]) == 0
    assert capsys.readouterr().out == ""


def _draft(monkeypatch, tmp_path) -> AppTest:
    monkeypatch.setenv("REGIONMAP_USERDATA", str(tmp_path / "user"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    open_add_tab(at)
    at.radio(key="rm_add_mode").set_value("Paste text").run()
    at.text_area(key="rm_add_text").input(TWO)
    at.text_input(key="rm_add_title").input("Border talks")
    at.text_input(key="rm_add_publisher").input("Wire")
    at.text_input(key="rm_add_date").input("2024-04-02")
    at.button(key="rm_add_go").click().run()
    assert not at.exception, at.exception
    return at


def _boxes(at: AppTest):
    return [c for c in at.checkbox if c.key and c.key.startswith("rm_ev_")]


def test_app_saves_only_the_accepted_event_and_the_timeline_shows_it(monkeypatch, tmp_path):
    at = _draft(monkeypatch, tmp_path)
    boxes = _boxes(at)
    assert len(boxes) == 2 and not any(b.value for b in boxes)  # nothing accepted by default
    assert "meeting" in boxes[0].label and r"12 Mar 2024 \(day\)" in boxes[0].label
    boxes[1].check().run()  # accept the agreement, leave the meeting dismissed
    at.selectbox(key=f"{boxes[1].key}_kind").set_value("talks")
    at.text_input(key=f"{boxes[1].key}_title").input("Water deal signed in Bishkek").run()
    at.button(key="rm_add_save").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    user = tmp_path / "user"
    (aid,) = [p.stem for p in (user / "articles").glob("*.json")]
    ds = load_corpus(DATA, user)
    assert ds.problems == ()
    (ev,) = [e for e in ds.events if e.article == aid]
    assert (ev.kind.value, ev.title, ev.date.start) == (
        "talks",
        "Water deal signed in Bishkek",
        dt.date(2024, 3, 20),
    )
    at.run()  # the saved article opens on the map: its event is on the timeline and opens its card
    assert not at.exception, at.exception
    assert ev.id in {r.get("id") for r in chart_items(at)}
    pick(at, ev.id)
    assert event_card(at) == ev.id


def test_app_accept_all_and_hostile_sentences_are_escaped(monkeypatch, tmp_path):
    at = _draft(monkeypatch, tmp_path)
    quotes = [h.value for h in at.html if "rm-ev-quote" in h.value]
    assert len(quotes) == 2
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in quotes[1] and "<script" not in quotes[1]
    for b in _boxes(at):  # labels are Markdown: nothing of the text becomes a link or bold
        assert "<script" not in b.label and "](javascript" not in b.label
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("rm_ev_all_"))).click().run()
    assert all(b.value for b in _boxes(at))
    title = at.text_input(key=f"{_boxes(at)[1].key}_title").value
    assert HOSTILE[:20] in title  # a text box shows the words as they are, not as markup
    at.button(key="rm_add_save").click().run()
    assert not at.exception, at.exception
    user = tmp_path / "user"
    (path,) = (user / "events").glob("*.json")
    assert len(json.loads(path.read_text(encoding="utf-8"))["events"]) == 2


def test_every_proposal_of_the_eval_articles_accepted_passes_the_validator(tmp_path):
    from regionmap.extract_eval import timing_text

    user = tmp_path / "user"
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests").glob("eval*/articles/*.txt"))]
    later = "Officials allegedly will meet in Dushanbe on 5 May 2024, a ministry said.\n"
    n_saved = 0
    for i, text in enumerate([*texts, timing_text(), later]):
        ds, aid, links, props = _saved(user, text, title=f"eval text {i}")
        places = set(ds.features.index) | {lk["feature"] for lk in links}
        recs = accepted_records(
            [(p, None, None) for p in props], aid, set(ds.actors.records), places, dt.date(2024, 4, 2)
        )
        if recs:
            save_events(user, aid, recs)
            n_saved += len(recs)
    full = load_corpus(DATA, user)
    assert full.problems == ()
    assert n_saved >= 40 and len([e for e in full.events if e.article in full.user_articles]) == n_saved
    # a sentence dated after its article is planned, whatever else it says (the validator's rule)
    (ev,) = [e for e in full.events if e.passages[0].quote.startswith("Officials allegedly")]
    assert ev.status.value == "planned"


def test_app_lists_at_most_fifty_proposals_and_says_so(monkeypatch, tmp_path):
    days = [dt.date(2023, 1, 1) + dt.timedelta(days=3 * i) for i in range(60)]
    text = "Diary\n\n" + "\n\n".join(f"On {d.day} {d:%B %Y} officials met in Dushanbe." for d in days) + "\n"
    monkeypatch.setenv("REGIONMAP_USERDATA", str(tmp_path / "user"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    open_add_tab(at)
    at.radio(key="rm_add_mode").set_value("Paste text").run()
    at.text_area(key="rm_add_text").input(text)
    at.text_input(key="rm_add_title").input("Diary")
    at.text_input(key="rm_add_publisher").input("Wire")
    at.text_input(key="rm_add_date").input("2024-04-02")
    at.button(key="rm_add_go").click().run()
    assert not at.exception, at.exception
    assert len(_boxes(at)) == 50
    assert any("first 50 of 60 proposals" in c.value for c in at.caption)
    at.button(key=next(b.key for b in at.button if b.key and b.key.startswith("rm_ev_all_"))).click().run()
    at.button(key="rm_add_save").click().run()
    assert not at.exception, at.exception
    (path,) = (tmp_path / "user" / "events").glob("*.json")
    assert len(json.loads(path.read_text(encoding="utf-8"))["events"]) == 50
