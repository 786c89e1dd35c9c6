"""The actor index in the page: choosing an actor rings their places on the map and marks their mentions in the
article; the feature card lists the actors tied to it; an actor's card groups passages by article."""

from __future__ import annotations

from conftest import ROOT, SEED
from second_article import AID as SECOND
from second_article import write_second_article
from streamlit.testing.v1 import AppTest
from timeline_helpers import bridge, choose_row, component, param, table

from regionmap.card_html import ActorItem, actors_html, role_text

APP = str(ROOT / "app.py")


def start(monkeypatch, data_dir=None, **query) -> AppTest:
    if data_dir is not None:
        monkeypatch.setenv("REGIONMAP_DATA", str(data_dir))
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    at.session_state["rm_text_tab"] = "Actors"  # the index is drawn only while its tab is open
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_index_is_built_only_while_its_tab_is_open(monkeypatch):
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert len(at.get("dataframe")) == 0  # a map click sends no table
    at.session_state["rm_text_tab"] = "Actors"
    at.run()
    assert len(at.get("dataframe")) == 1
    # the reader stays drawn under the other tab, with its marks
    assert component(at, "regionmap_article") is not None


def _row_of(at: AppTest, name: str) -> int:
    import pyarrow as pa

    frame = pa.ipc.open_stream(table(at).proto.arrow_data.data).read_all().to_pandas()
    return list(frame["Actor"]).index(name)


def _actor_card(at: AppTest) -> str:
    return next(h.value for h in at.html if 'class="rm-card"' in h.value and "data-actor=" in h.value)


def test_the_index_lists_role_affiliation_and_counts(monkeypatch):
    import pyarrow as pa

    at = start(monkeypatch)
    frame = pa.ipc.open_stream(table(at).proto.arrow_data.data).read_all().to_pandas()
    assert list(frame.columns) == ["Actor", "Kind", "Role (latest)", "Affiliation", "Role as of", "Events",
                                   "Passages", "Articles"]  # fmt: skip
    rahmon = frame[frame["Actor"] == "Emomali Rahmon"].iloc[0]
    assert (rahmon["Role (latest)"], rahmon["Affiliation"], rahmon["Role as of"]) == (
        "President", "Tajikistan", "2020-10-30")  # fmt: skip
    assert rahmon["Events"] == 3 and rahmon["Passages"] >= 10
    assert len(frame) == 20


def test_choosing_an_actor_rings_their_places_and_marks_their_mentions(monkeypatch):
    at = start(monkeypatch)
    choose_row(at, _row_of(at, "Zalmay Khalilzad"))
    assert at.session_state["rm_actor"] == "zalmay-khalilzad" and param(at, "actor") == "zalmay-khalilzad"
    sel = bridge(at, "sel")
    # their event's features and places; nothing is selected, the view fits their places in the region
    assert set(sel["hl"]) == {"event-khalilzad-visit", "place-dushanbe", "country-tjk"}
    assert sel["selected"] is None and sel["fitKey"] == "actor:zalmay-khalilzad"
    # the reader marks their mentions (second highlight style) and scrolls to the first
    assert component(at, "regionmap_article_state")["actor"] == "zalmay-khalilzad"
    html = component(at, "regionmap_article")["html"]
    assert html.count('data-a="zalmay-khalilzad"') >= 4  # Envoy, Zalmay Khalilzad, Khalilzad ×2
    # the actor's card: roles as the article states them at its date, their event, their passages
    card = _actor_card(at)
    assert "Special Representative for Afghanistan Reconciliation" in card and "as of 30 Oct 2020" in card
    body = component(at, "regionmap_passages", "rm_actor_card")["html"]
    assert 'data-event="ev-khalilzad-visit"' in body and "1 passage(s) and 4 mention(s)" in body
    # deselecting the row clears the actor
    choose_row(at, None)
    assert (
        at.session_state["rm_actor"] is None and "hl" not in bridge(at, "sel") and param(at, "actor") is None
    )


def test_a_click_on_an_actor_mention_in_the_article_chooses_them(monkeypatch):
    at = start(monkeypatch)
    at.session_state["rm_article_view"] = {"choice": None, "actor": {"actor": "sayvaly-shafiev", "n": 5}}
    at.run()
    assert not at.exception
    assert at.session_state["rm_actor"] == "sayvaly-shafiev"
    assert set(bridge(at, "sel")["hl"]) >= {
        "security-shafiev-network",
        "security-dushanbe-plots",
        "place-dushanbe",
    }
    # the index shows them chosen (a fresh table with their row selected)
    import json

    assert json.loads(table(at).proto.selection_default)["selection"]["rows"] == [
        _row_of(at, "Sayvaly Shafiev")
    ]


def test_the_feature_card_lists_the_actors_tied_to_the_feature(monkeypatch):
    at = start(monkeypatch, feature="event-khalilzad-visit")
    body = component(at, "regionmap_passages", "rm_card_view")["html"]
    for aid in ("zalmay-khalilzad", "emomali-rahmon", "sirojidin-muhriddin", "sherali-mirzo"):
        assert f'data-actor="{aid}"' in body
    assert "President (Tajikistan), as of 30 Oct 2020" in body
    assert 'data-event="ev-khalilzad-visit"' in body  # the events it stands for, to select
    # a country's card names the government that stands for it
    at = start(monkeypatch, feature="country-tjk")
    assert (
        'data-actor="government-of-tajikistan"' in component(at, "regionmap_passages", "rm_card_view")["html"]
    )


def test_an_actor_chosen_in_a_card_is_highlighted(monkeypatch):
    at = start(monkeypatch, feature="event-khalilzad-visit")
    at.session_state["rm_card_view"] = {"actor": {"actor": "emomali-rahmon", "n": 7}}
    at.run()
    assert not at.exception
    assert at.session_state["rm_actor"] == "emomali-rahmon"
    assert at.session_state["rm_sel"] == "event-khalilzad-visit"  # the selection stays
    assert "event-atmar-rahmon" in bridge(at, "sel")["hl"]


def test_download_follows_the_chosen_actor(monkeypatch):
    at = start(monkeypatch, actor="zalmay-khalilzad")
    caption = next(c.value for c in at.caption if "features," in c.value).replace("\\", "")
    assert "actor: Zalmay Khalilzad (any spelling)" in caption
    assert "1 events" in caption  # the visit only


def test_an_actors_card_groups_passages_by_article(monkeypatch, data_copy):
    write_second_article(data_copy)
    at = start(monkeypatch, data_dir=data_copy, actor="zalmay-khalilzad")
    body = component(at, "regionmap_passages", "rm_actor_card")["html"]
    groups = body.split('<section class="rm-group" data-article="')[1:]
    assert [g.split('"', 1)[0] for g in groups] == [SEED, SECOND]  # the open article first
    assert "Khalilzad and the Taliban sign in Doha" in groups[1]
    assert body.count("data-event=") == 2
    card = _actor_card(at)
    assert "as of 1 Mar 2020" in card and "as of 30 Oct 2020" in card  # a role per article, dated
    import pyarrow as pa

    frame = pa.ipc.open_stream(table(at).proto.arrow_data.data).read_all().to_pandas()
    assert frame[frame["Actor"] == "Zalmay Khalilzad"].iloc[0]["Articles"] == 2


def test_actor_list_html_escapes_and_links_only_known_actors():
    html = actors_html([ActorItem("a-1", "<b>A</b>", "r&d", "X", "2020-10-30"), ActorItem(None, "Kabul <i>")])
    assert (
        'data-actor="a-1"' in html
        and "&lt;b&gt;A&lt;/b&gt;" in html
        and "r&amp;d (X), as of 30 Oct 2020" in html
    )
    assert "<b>Kabul &lt;i&gt;</b>" in html and html.count("data-actor=") == 1
    assert role_text(ActorItem("x", "Tajikistan", None, "Tajikistan")) == ""
