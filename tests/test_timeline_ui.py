"""The timeline in the page: its chart data, a click selecting an event, the date filter on the map, the URL."""

from __future__ import annotations

import datetime as dt
import itertools
import re

import altair as alt
import pytest
from conftest import ROOT, SEED
from second_article import AID as SECOND
from second_article import write_second_article
from streamlit.testing.v1 import AppTest
from timeline_helpers import bridge, chart_items, component, event_card, notices, param, pick

from regionmap.article_html import actor_spans, article_html, event_spans
from regionmap.card_html import event_header_html
from regionmap.map_control import events_phrase, selection_message
from regionmap.state import NOTICE_MAX, parse_time_and_people
from regionmap.timeline import date_bounds, publication_markers, timeline_records
from regionmap.timeline_chart import chart_rows, chart_spec, charted, marker_rows, pack_lanes

D = dt.date
APP = str(ROOT / "app.py")


def start(monkeypatch, data_dir=None, **query) -> AppTest:
    if data_dir is not None:
        monkeypatch.setenv("REGIONMAP_DATA", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def _rows(ds, by="layer", d0=None, d1=None, selected=None):
    recs = timeline_records(ds.events, ds.features, ds.actors, by=by)
    bounds = date_bounds(recs, publication_markers(ds.articles))
    return chart_rows(recs, by, d0, d1, bounds, selected)


# --------------------------------------------------------------------------- the chart's data (pure)


def test_the_issue_events_are_bars_with_honest_dates(ds):
    rows, _, domain = _rows(ds)
    by_id = {r["id"]: r for r in rows}
    # the five events of the issue: day, a two-day range, the same day three times, a three-day visit
    want = {
        "ev-apn-opening": ("2020-09-12", "2020-09-13", "day", "12 Sep 2020"),
        "ev-regional-meetings": ("2020-09-17", "2020-09-19", "day", "17–18 Sep 2020"),
        "ev-atmar-rahmon": ("2020-09-18", "2020-09-19", "day", "18 Sep 2020"),
        "ev-spa-agreed": ("2020-09-18", "2020-09-19", "day", "18 Sep 2020"),
        "ev-khalilzad-visit": ("2020-10-02", "2020-10-05", "day", "2–4 Oct 2020"),
    }
    for eid, (start, end_excl, precision, label) in want.items():
        r = by_id[eid]
        assert (r["start"], r["end_exclusive"], r["precision"], r["date_label"]) == (
            start,
            end_excl,
            precision,
            label,
        )
    # a month-precision event is a bar over the whole month, labelled with the month, never a day
    month = by_id["ev-electricity-pressed"]
    assert (month["start"], month["end_exclusive"], month["precision"]) == (
        "2020-09-01",
        "2020-10-01",
        "month",
    )
    assert month["label"].endswith("· Sep 2020") and "month only" in month["precision_text"]
    # undated events are not bars; the publication is the dashed rule, not a bar
    assert "ev-rahmon-statement" not in by_id and "ev-publication" not in by_id
    assert marker_rows(publication_markers(ds.articles), domain) == [
        {"date": "2020-10-30", "title": ds.articles[SEED].meta.title, "label": "published 30 Oct 2020"}
    ]
    # the dated diplomacy features are bars too, in their layer's row
    assert by_id["event-khalilzad-visit"]["row"] == "diplomacy"
    assert domain == (D(2020, 8, 30), D(2020, 11, 2))


def test_lanes_never_put_two_items_on_top_of_each_other(ds):
    for by in ("layer", "actor"):
        rows, order, domain = _rows(ds, by)
        recs = [r for r in charted(timeline_records(ds.events, ds.features, ds.actors, by=by))]
        assert len(rows) == len(recs)
        # the same record twice in a row and a lane would mean an overlap; the packing's own spans
        # (bar plus label, from pack_lanes) must be disjoint within each lane
        placed = pack_lanes(recs, domain)
        lanes: dict[str, list[tuple[str, str]]] = {}
        for r, (lane, _) in zip(recs, placed, strict=True):
            lanes.setdefault(f"{r['row']}|{lane}", []).append((r["start"], r["end_exclusive"]))
        for spans in lanes.values():
            spans.sort()
            for (_, e0), (s1, _) in itertools.pairwise(spans):
                assert e0 <= s1, spans
        assert set(order) >= {r["lane"] for r in rows}
        assert order[0].startswith("events|" if by == "layer" else "")


def test_the_spec_is_valid_vega_lite_and_selects_by_id(ds):
    rows, order, domain = _rows(ds, selected="ev-atmar-rahmon")
    spec = chart_spec(rows, order, marker_rows(publication_markers(ds.articles), domain), domain)
    alt.LayerChart.from_dict(spec)  # validates against the Vega-Lite schema Altair ships
    assert spec["params"] == [{"name": "pick", "select": {"type": "point", "clear": "dblclick", "fields": ["id"],
                                                           "on": "click"}, "views": ["items_view"]}]  # fmt: skip
    assert spec["layer"][0]["name"] == "items_view"
    assert "https://" not in str({k: v for k, v in spec.items() if k != "$schema"})
    assert next(r for r in rows if r["id"] == "ev-atmar-rahmon")["sw"] > next(r for r in rows if r["id"] == "ev-spa-agreed")["sw"]  # fmt: skip


@pytest.mark.parametrize(
    ("d0", "d1", "inside", "outside"),
    [
        # the last day of a two-day range: the range is in, the next day's events are not
        (None, D(2020, 9, 17), {"ev-regional-meetings", "ev-electricity-pressed", "ev-apn-opening"},
         {"ev-atmar-rahmon", "ev-khalilzad-visit"}),
        # a month-precision event counts while its month overlaps the range
        (D(2020, 9, 30), None, {"ev-electricity-pressed", "ev-khalilzad-visit"}, {"ev-atmar-rahmon"}),
        (D(2020, 10, 1), None, {"ev-khalilzad-visit"}, {"ev-electricity-pressed"}),
        # the last day of the visit keeps it; the day after drops it
        (D(2020, 10, 4), None, {"ev-khalilzad-visit"}, set()),
        (D(2020, 10, 5), None, set(), {"ev-khalilzad-visit", "event-khalilzad-visit"}),
        (D(2020, 9, 18), D(2020, 9, 18), {"ev-atmar-rahmon", "ev-regional-meetings", "ev-electricity-pressed",
                                           "partnership-tjk-afg"}, {"ev-apn-opening"}),
    ],
)  # fmt: skip
def test_the_chart_keeps_what_overlaps_the_range(ds, d0, d1, inside, outside):
    rows, _, domain = _rows(ds, d0=d0, d1=d1)
    ids = {r["id"] for r in rows}
    assert inside <= ids and not (outside & ids), ids
    if d0:
        assert domain[0] == d0 - dt.timedelta(days=2)  # the axis follows the range


def test_events_phrase_for_the_summary_line(ds):
    assert events_phrase(ds, SEED) == "11 events, Sep 2020 – 30 Oct 2020 (3 undated)"
    assert events_phrase(ds, "nope") is None


def test_selection_message_stays_small_and_carries_the_filters():
    plain = selection_message(["places"], "place-doha", None, None)
    assert set(plain) == {"layers", "selected", "fit", "fitKey"}
    full = selection_message(["places"], None, [[1, 2], [3, 4]], "event:x", halo=["a", "b"], hidden=["c"],
                             highlight=["d"], dates="2020-09-01 to …")  # fmt: skip
    assert full["halo"] == ["a", "b"] and full["hide"] == ["c"] and full["hl"] == ["d"] and full["dates"]


# --------------------------------------------------------------------------- URL values (pure)


@pytest.mark.parametrize(
    ("params", "want", "noticed"),
    [
        ({"from": "2020-09-17", "to": "2020-10-04"}, (D(2020, 9, 17), D(2020, 10, 4)), ()),
        ({"from": "2020-9-17"}, (None, None), ("from=2020-9-17",)),
        ({"to": "20201004"}, (None, None), ("to=20201004",)),  # ISO basic form: not the URL's format
        ({"from": "2020-02-30"}, (None, None), ("from=2020-02-30",)),
        ({"from": "2020-10-04", "to": "2020-09-17"}, (None, None), ("before",)),
        ({"from": "x" * 300}, (None, None), ("from=",)),
    ],
)
def test_dates_in_the_url(params, want, noticed):
    view = parse_time_and_people(params)
    assert (view.date_from, view.date_to) == want
    assert len(view.notices) == len(noticed)
    for note, part in zip(view.notices, noticed, strict=True):
        assert part in note and len(note) <= NOTICE_MAX


def test_actor_and_event_in_the_url():
    view = parse_time_and_people(
        {"actor": "zalmay-khalilzad", "event": "ev-x"}, {"zalmay-khalilzad"}, {"ev-x"}
    )
    assert (view.actor, view.event, view.notices) == ("zalmay-khalilzad", "ev-x", ())
    bad = parse_time_and_people({"actor": "<b>" + "y" * 200, "event": "nope"}, {"a"}, {"ev-x"})
    assert bad.actor is None and bad.event is None and len(bad.notices) == 2
    assert all(len(n) <= NOTICE_MAX for n in bad.notices)


# --------------------------------------------------------------------------- HTML builders (pure)


def test_reader_marks_event_passages_and_actor_mentions_keeping_every_character(ds):
    art = ds.articles[SEED]
    mine_ev = [ev for ev in ds.events if ev.article == SEED]
    mine_lk = [lk for lk in ds.actors.links if lk.article == SEED]
    html = article_html(
        art, ds.links, ds.features["layer"].to_dict(), actor_spans(mine_lk), event_spans(mine_ev)
    )
    import html as h

    body = re.sub(r"<summary>.*?</summary>", "", html)
    assert h.unescape(re.sub(r"<[^>]+>", "", body)) == art.text
    assert 'data-e="ev-atmar-rahmon"' in html and 'data-ep="ev-atmar-rahmon~0"' in html
    # the innermost actor first: "Emomali Rahmon" inside "Office of Tajik President Emomali Rahmon"
    assert 'data-a="emomali-rahmon office-of-the-president-of-tajikistan"' in html
    assert html.count('class="rm-a"') >= 30
    # a place named inside an actor's mention stays clickable as a place, the actor's mark around it
    assert re.search(
        r'<mark class="rm-a" data-a="government-of-tajikistan"[^>]*><mark class="rm-m" data-f="country-tjk"',
        html,
    )
    # passages about an actor are wrapped, so their card can scroll to them
    assert 'data-ap="cia"' in html


def test_reader_escapes_hostile_spans(ds):
    from regionmap.article_html import Span
    from regionmap.model import Article, ArticleMeta

    text = "Mr <script>x</script> met & left."
    meta = ArticleMeta(
        id="t", title="t", publisher="p", published="2020-01-01", body={"start": 0, "end": len(text)}
    )
    art = Article(meta=meta, text=text)
    out = article_html(
        art, [], {}, [Span(3, 21, 'a"><img onerror=1>', 'k"x', "a")], [Span(0, 5, "ev<", "ev<~0")]
    )
    import html as h

    assert "<script>" not in out and "<img" not in out and "cript&gt;x&lt;/script&gt;" in out
    assert h.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert 'data-a="a&quot;&gt;&lt;img onerror=1&gt;"' in out and 'data-e="ev&lt;"' in out


def test_event_card_head_says_how_precise_the_date_is(ds):
    month = next(ev for ev in ds.events if ev.id == "ev-electricity-pressed")
    html = event_header_html(month, ds.articles[SEED].meta.title)
    assert "<dd>Sep 2020</dd>" in html and "<dd>month</dd>" in html and "<dd>reported</dd>" in html
    undated = next(ev for ev in ds.events if ev.id == "ev-dushanbe-plots")
    html = event_header_html(undated, None)
    assert "undated" in html and "<dd>alleged</dd>" in html


# --------------------------------------------------------------------------- the page (AppTest)


def test_timeline_click_selects_the_event_everywhere(monkeypatch):
    at = start(monkeypatch)
    items = {r["id"]: r for r in chart_items(at)}
    assert {
        "ev-apn-opening",
        "ev-regional-meetings",
        "ev-atmar-rahmon",
        "ev-spa-agreed",
        "ev-khalilzad-visit",
    } <= set(items)
    pick(at, "ev-khalilzad-visit")
    # the card shows the event with its date, precision, places, actors and passages
    assert event_card(at) == "ev-khalilzad-visit"
    head = next(h.value for h in at.html if 'data-event="ev-khalilzad-visit"' in h.value)
    assert "2–4 Oct 2020" in head and "<dd>day</dd>" in head and "inferred" in head
    card = component(at, "regionmap_passages")["html"]
    assert 'data-sel="place-dushanbe"' in card and 'data-actor="zalmay-khalilzad"' in card
    assert card.count('class="rm-q"') == 3 and 'data-l="ev-khalilzad-visit~0"' in card
    # the map rings the event's places and fits them; the reader scrolls to its first passage
    sel = bridge(at, "sel")
    assert (
        sel["halo"] == ["event-khalilzad-visit", "place-dushanbe", "country-tjk"] and sel["selected"] is None
    )
    assert sel["fitKey"] == "event:ev-khalilzad-visit" and sel["fit"]
    (s_, w), (n, e) = sel["fit"]  # Dushanbe, not the whole of Tajikistan
    assert abs(s_ - 38.56) < 0.1 and abs(n - 38.56) < 0.1 and abs(w - 68.77) < 0.1 and abs(e - 68.77) < 0.1
    state = component(at, "regionmap_article_state")
    assert state["event"] == "ev-khalilzad-visit" and state["focus"] == "ev-khalilzad-visit~0"
    assert param(at, "event") == "ev-khalilzad-visit" and param(at, "feature") is None
    # the chart outlines the selected bar
    assert {r["id"]: r["sw"] for r in chart_items(at)}["ev-khalilzad-visit"] > 1


def test_timeline_click_on_a_dated_feature_selects_the_feature(monkeypatch):
    at = pick(start(monkeypatch), "event-atmar-rahmon")
    assert at.session_state["rm_sel"] == "event-atmar-rahmon" and event_card(at) is None
    assert param(at, "feature") == "event-atmar-rahmon" and param(at, "event") is None


def test_a_map_click_after_a_timeline_click_resets_the_chart_so_the_bar_can_be_clicked_again(monkeypatch):
    at = pick(start(monkeypatch), "ev-atmar-rahmon")
    old = at.get("vega_lite_chart")[0].proto.id
    at.session_state["rm_map_sel"] = {"click": {"id": "place-doha", "n": 1}}
    at.run()
    assert at.session_state["rm_sel"] == "place-doha" and at.session_state["rm_event"] is None
    assert at.get("vega_lite_chart")[0].proto.id != old  # a fresh chart without the stale pick
    pick(at, "ev-atmar-rahmon")
    assert event_card(at) == "ev-atmar-rahmon"


def test_undated_events_are_listed_and_selectable(monkeypatch):
    at = start(monkeypatch)
    at.button(key="rm_undated_ev-dushanbe-plots").click().run()
    assert event_card(at) == "ev-dushanbe-plots"
    assert bridge(at, "sel")["halo"] == ["security-dushanbe-plots", "place-dushanbe"]


def _slider(at):
    return at.slider(key="rm_tl_dates")


def test_date_filter_at_edge_dates_hides_dated_features_on_the_map(monkeypatch):
    at = start(monkeypatch)
    assert _slider(at).value == (D(2020, 9, 1), D(2020, 10, 30)) and "hide" not in bridge(at, "sel")
    # to the last day of the visit: everything is still there
    _slider(at).set_value((D(2020, 9, 1), D(2020, 10, 4))).run()
    assert "event-khalilzad-visit" not in bridge(at, "sel").get("hide", [])
    assert param(at, "to") == "2020-10-04" and param(at, "from") is None
    # the day after: the visit's feature leaves the map, undated features stay
    _slider(at).set_value((D(2020, 10, 5), D(2020, 10, 30))).run()
    sel = bridge(at, "sel")
    assert "event-khalilzad-visit" in sel["hide"] and "event-atmar-rahmon" in sel["hide"]
    assert "place-dushanbe" not in sel["hide"] and "country-tjk" not in sel["hide"]
    assert sel["dates"] == "2020-10-05 to …"
    assert param(at, "from") == "2020-10-05" and param(at, "to") is None
    assert chart_items(at) == []  # nothing dated from 5 to 30 October but the publication (a rule)
    # a month-precision event counts while its month overlaps: 30 September keeps it
    _slider(at).set_value((D(2020, 9, 30), D(2020, 10, 30))).run()
    ids = {r["id"] for r in chart_items(at)}
    assert "ev-electricity-pressed" in ids and "ev-atmar-rahmon" not in ids
    # back to the whole range: nothing hidden, the URL clean again
    _slider(at).set_value((D(2020, 9, 1), D(2020, 10, 30))).run()
    assert "hide" not in bridge(at, "sel") and param(at, "from") is None and param(at, "to") is None


def test_undated_features_say_so_in_the_card_while_a_filter_is_set(monkeypatch):
    at = start(monkeypatch, feature="place-dushanbe", **{"from": "2020-10-05"})
    head = next(h.value for h in at.html if 'data-feature="place-dushanbe"' in h.value)
    assert "undated: shown whatever the date filter" in head
    at = start(monkeypatch, feature="place-dushanbe")
    head = next(h.value for h in at.html if 'data-feature="place-dushanbe"' in h.value)
    assert "undated" not in head


def test_the_url_restores_dates_actor_and_event(monkeypatch):
    at = start(monkeypatch, **{"from": "2020-09-17", "to": "2020-09-18", "event": "ev-atmar-rahmon",
                               "actor": "emomali-rahmon"})  # fmt: skip
    assert _slider(at).value == (D(2020, 9, 17), D(2020, 9, 18))
    assert event_card(at) == "ev-atmar-rahmon" and at.session_state["rm_actor"] == "emomali-rahmon"
    sel = bridge(at, "sel")
    assert "event-khalilzad-visit" in sel["hide"] and "event-apn-doha" in sel["hide"]
    assert "place-dushanbe" in sel["hl"]
    for name, value in (("from", "2020-09-17"), ("to", "2020-09-18"), ("event", "ev-atmar-rahmon"),
                        ("actor", "emomali-rahmon"), ("article", SEED)):  # fmt: skip
        assert param(at, name) == value, name


def test_bad_url_values_are_dropped_with_a_short_notice(monkeypatch):
    at = start(
        monkeypatch, **{"from": "yesterday", "to": "2020-13-01", "actor": "nobody", "event": "ev-none"}
    )
    notes = notices(at)
    assert len(notes) == 4 and all(len(n) <= NOTICE_MAX + 2 for n in notes), notes
    assert _slider(at).value == (D(2020, 9, 1), D(2020, 10, 30)) and at.session_state["rm_actor"] is None
    for name in ("from", "to", "actor", "event"):
        assert param(at, name) is None


def test_a_range_beyond_the_data_stretches_the_slider(monkeypatch):
    at = start(monkeypatch, **{"from": "2019-01-01"})
    assert _slider(at).value == (D(2019, 1, 1), D(2020, 10, 30))
    assert param(at, "from") == "2019-01-01"


def test_download_follows_the_date_filter(monkeypatch):
    at = start(monkeypatch, **{"from": "2020-10-05"})
    caption = next(c.value for c in at.caption if "features," in c.value).replace("\\", "")
    assert "dates 2020-10-05 to …" in caption


def test_rows_by_actor_repeat_items_but_count_them_once(monkeypatch):
    at = start(monkeypatch)
    at.button_group(key="rm_tl_rows").set_value("actor").run()
    rows = chart_items(at)
    assert sum(r["id"] == "ev-khalilzad-visit" for r in rows) == 6  # Khalilzad and the five he met
    assert {r["row"] for r in rows if r["id"] == "ev-atmar-rahmon"} == {
        "Mohammad Haneef Atmar",
        "Emomali Rahmon",
    }
    caption = next(c.value for c in at.caption if "dated events and map features" in c.value)
    assert caption.startswith("12 of 12 ")


def test_summary_line_counts_the_events(monkeypatch):
    at = start(monkeypatch)
    line = next(h.value for h in at.html if "rm-sum" in h.value)
    assert "11 events, Sep 2020 – 30 Oct 2020 (3 undated)" in line


def test_events_of_every_article_join_the_timeline(monkeypatch, data_copy):
    write_second_article(data_copy)
    at = start(monkeypatch, data_dir=data_copy)
    ids = {r["id"]: r for r in chart_items(at)}
    assert "ev-doha-agreement" in ids and "ev-khalilzad-visit" in ids
    assert ids["ev-doha-agreement"]["article"] == "Khalilzad and the Taliban sign in Doha"
    assert _slider(at).value[0] == D(2020, 2, 29)  # the range starts at the other article's event
    # a click on another article's event opens that article, scrolled to the passage
    pick(at, "ev-doha-agreement")
    assert event_card(at) == "ev-doha-agreement"
    assert at.session_state["rm_article"] == SECOND and param(at, "article") == SECOND
    assert component(at, "regionmap_article_state")["focus"] == "ev-doha-agreement~0"
