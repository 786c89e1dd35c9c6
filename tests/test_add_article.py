"""Bringing a new article: CLI `link` and `add`, the app's add flow, and the corpus across articles."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from regionmap.cli import main
from regionmap.corpus import load_corpus
from regionmap.ui_add import name_key


def open_add_tab(at: AppTest) -> AppTest:
    """The add tab runs only when opened (lazy tabs)."""
    at.session_state["rm_view"] = "Add an article"
    at.run()
    assert not at.exception, at.exception
    return at


ARTICLE = """kabul power cut talks

Officials in Dushanbe said on Monday that Tajik electricity exports to Afghanistan would resume in May.
The Sangtuda plant and the line through Kunduz province will carry the power; Uzbekistan's grid
operator was not consulted. Analysts at the Caspian Policy Center expect Kabul to sign.
"""


@pytest.fixture
def article_file(tmp_path):
    p = tmp_path / "power.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def test_link_prints_one_json_object_per_mention(article_file, capsys):
    assert main(["link", str(article_file)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    by_surface = {r["surface"]: r for r in rows}
    for r in rows:
        assert ARTICLE[r["start"] : r["end"]] == r["surface"]
        assert set(r) >= {"start", "end", "surface", "feature_id", "name", "lat", "lon", "confidence"}
    assert by_surface["Dushanbe"]["feature_id"] == "place-dushanbe"
    assert by_surface["Tajik"]["feature_id"] == "country-tjk"
    assert by_surface["kabul"]["name"] == "Kabul"  # the lower-case headline
    assert "Caspian" not in by_surface  # inside an organisation's name


@pytest.mark.parametrize(
    "content, message",
    [(b"", "no text"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"), ("caf\xe9".encode("latin-1"), "UTF-8")],
)
def test_link_rejects_bad_files_with_one_line(tmp_path, capsys, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    assert main(["link", str(p)]) == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_add_saves_to_user_dir_and_the_corpus_maps_it(article_file, tmp_path, capsys):
    user = tmp_path / "user"
    args = ["add", str(article_file), "--title", "Power talks", "--publisher", "Test Wire", "--date", "2024-04-02",
            "--userdata", str(user)]  # fmt: skip
    assert main(args) == 0
    assert "saved" in capsys.readouterr().out
    ds = load_corpus(ROOT / "data", user)
    assert ds.problems == ()
    (aid,) = ds.user_articles
    assert ds.articles[aid].meta.title == "Power talks"
    feats = {lk.feature for lk in ds.links if lk.article == aid}
    assert {"place-dushanbe", "country-tjk", "country-afg"} <= feats
    # a card for Dushanbe now has passages from two articles
    assert {lk.article for lk in ds.links_for("place-dushanbe")} == {aid, "000_fdd9b0092077d752"}
    # the same title again is refused and nothing changes
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err
    assert len(list((user / "articles").glob("*.json"))) == 1


def test_add_refuses_a_title_of_the_curated_data(article_file, tmp_path, capsys):
    title = "U.S. Envoy Visits Dushanbe As Part of Afghan Peace Process"
    args = ["add", str(article_file), "--title", title, "--publisher", "X", "--date", "2024-04-02",
            "--userdata", str(tmp_path / "u")]  # fmt: skip
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err


def test_add_rejects_bad_metadata(article_file, tmp_path, capsys):
    args = ["add", str(article_file), "--title", " ", "--publisher", "X", "--date", "12/09/2020",
            "--userdata", str(tmp_path / "u")]  # fmt: skip
    assert main(args) == 1
    err = capsys.readouterr().err
    assert (
        "title" in err
        and "date" in err
        and not (tmp_path / "u" / "articles").exists()
        or not any((tmp_path / "u" / "articles").iterdir())
    )


def test_app_add_flow_saves_and_selects_the_article(monkeypatch, tmp_path):
    monkeypatch.setenv("REGIONMAP_USERDATA", str(tmp_path / "user"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    open_add_tab(at)
    at.radio(key="rm_add_mode").set_value("Paste text").run()
    at.text_area(key="rm_add_text").input(ARTICLE)
    at.text_input(key="rm_add_title").input("<b>Power</b> talks")
    at.text_input(key="rm_add_publisher").input("Test Wire")
    at.text_input(key="rm_add_date").input("2024-04-02")
    at.button(key="rm_add_go").click().run()
    assert not at.exception, at.exception
    assert any("place mention(s) found" in h.value and "&lt;b&gt;Power&lt;/b&gt;" in h.value for h in at.html)
    at.button(key="rm_add_save").click().run()
    assert not at.exception, at.exception
    assert not at.error
    saved = list((tmp_path / "user" / "articles").glob("*.json"))
    assert len(saved) == 1
    at.run()  # the picker takes the new article on the next run, and the map tab opens
    assert at.selectbox(key="rm_article").value == saved[0].stem
    assert at.session_state["rm_view"] == "Map and article"
    assert any("&lt;b&gt;Power&lt;/b&gt; talks" in h.value for h in at.html)


def test_app_add_flow_reports_empty_text(monkeypatch, tmp_path):
    monkeypatch.setenv("REGIONMAP_USERDATA", str(tmp_path / "user"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    open_add_tab(at)
    at.radio(key="rm_add_mode").set_value("Paste text").run()
    at.text_area(key="rm_add_text").input("   \n ")
    at.text_input(key="rm_add_title").input("Empty")
    at.text_input(key="rm_add_publisher").input("X")
    at.text_input(key="rm_add_date").input("2024-04-02")
    at.button(key="rm_add_go").click().run()
    assert at.error and "no text" in at.error[0].value
    assert not (tmp_path / "user" / "articles").exists() or not any(
        (tmp_path / "user" / "articles").iterdir()
    )


def test_unresolved_mention_fixed_in_the_app_is_saved(monkeypatch, tmp_path, capsys):
    user = tmp_path / "user"
    p = tmp_path / "a.txt"
    p.write_text("Refugees reached Zarbadakh district and then Dushanbe.", encoding="utf-8")
    assert main(["add", str(p), "--title", "Zarbadakh", "--publisher", "W", "--date", "2024-01-01",
                 "--userdata", str(user)]) == 0  # fmt: skip
    assert "1 to review" in capsys.readouterr().out
    monkeypatch.setenv("REGIONMAP_USERDATA", str(user))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    open_add_tab(at)
    (aid,) = [a.stem for a in (user / "articles").glob("*.json")]
    key = f"rm_rev_{aid}_{name_key('Zarbadakh')}"
    # no ranked candidate: the gazetteer is searched only when a name is typed
    assert at.selectbox(key=key).options == ["—"]
    at.text_input(key=f"{key}_q").input("Badakh").run()
    box = at.selectbox(key=key)
    assert "Badakhshan (province, AFG)" in box.options and len(box.options) <= 21  # labels of the matches
    box.set_value("province-badakhshan").run()
    at.button(key=f"rm_rev_save_{aid}").click().run()
    assert not at.exception, at.exception
    data = json.loads((user / "links" / f"{aid}.json").read_text(encoding="utf-8"))
    assert data.get("review", []) == []
    assert {
        "feature": "province-badakhshan",
        "kind": "mention",
        "quote": "Zarbadakh",
        "start": 17,
        "end": 26,
    } in data["links"]


def _saved_with_review(tmp_path, capsys) -> tuple:
    user = tmp_path / "user"
    p = tmp_path / "a.txt"
    p.write_text("Refugees reached Zarbadakh district and Qoldar district, then Dushanbe.", encoding="utf-8")
    assert (
        main(
            [
                "add",
                str(p),
                "--title",
                "Two",
                "--publisher",
                "W",
                "--date",
                "2024-01-01",
                "--userdata",
                str(user),
            ]
        )
        == 0
    )
    capsys.readouterr()
    (aid,) = [a.stem for a in (user / "articles").glob("*.json")]
    return user, aid


def test_broken_review_entries_are_problems_not_crashes(tmp_path, capsys):
    user, aid = _saved_with_review(tmp_path, capsys)
    path = user / "links" / f"{aid}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["review"] = None
    path.write_text(json.dumps(data), encoding="utf-8")
    assert [p.message for p in load_corpus(ROOT / "data", user).problems] == [
        "review: Input should be a valid list"
    ]
    data["review"] = [
        {"start": "0", "end": 3, "surface": "Ref"},
        {"start": 17, "end": 26, "surface": "Zarbadakh"},
    ]
    path.write_text(json.dumps(data), encoding="utf-8")
    ds = load_corpus(ROOT / "data", user)
    assert [str(p) for p in ds.problems] == [f"{path}: review #1: is not a mention of the article's text"]
    assert [r["surface"] for r in ds.review[aid]] == ["Zarbadakh"]


def test_decisions_from_two_sessions_are_both_kept(tmp_path, capsys):
    from regionmap.store import UserStore

    user, aid = _saved_with_review(tmp_path, capsys)
    first, second = UserStore(user), UserStore(user)  # two sessions, each deciding one mention
    first.decide(aid, {(17, 26): "province-badakhshan"})
    second.decide(aid, {(40, 46): None})  # "not a place"
    data = json.loads((user / "links" / f"{aid}.json").read_text(encoding="utf-8"))
    assert data.get("review", []) == []
    feats = [lk["feature"] for lk in data["links"]]
    assert "province-badakhshan" in feats and "place-dushanbe" in feats
