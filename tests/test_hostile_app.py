"""One bad article must not take the page down (issue 8, case 1): bounded review, one decision per name,
candidates only on demand, the add tab built only when opened, and bounded page size."""

from __future__ import annotations

import itertools
import json

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from regionmap import ingest
from regionmap.cli import main
from regionmap.ingest import article_input, check_text
from regionmap.limits import MAX_MENTIONS, REVIEW_PAGE
from regionmap.review import MAX_CANDIDATES
from regionmap.store import UserStore
from regionmap.ui_add import name_key

NAMES = [f"Zar{a}{b}{c}ak" for a, b, c in itertools.islice(itertools.product("aeiou", "bdgkm", "lnrst"), 120)]
# one name 2,000 times (every one for review: Panj the river or the town) and 120 unknown districts
MANY = "Panj " * 2000 + "\n\n" + " ".join(f"Refugees reached {n} district." for n in NAMES) + "\n"


def page_bytes(at: AppTest) -> int:
    """Bytes of every element the run sent (protobuf sizes: what goes over the websocket)."""
    total, todo = 0, [at._tree]
    while todo:
        node = todo.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
        todo.extend(getattr(node, "children", {}).values())
    return total


def option_count(at: AppTest) -> int:
    return sum(len(s.options) for s in at.selectbox)


def start(monkeypatch, user, **query) -> AppTest:
    monkeypatch.setenv("REGIONMAP_USERDATA", str(user))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def open_add(at: AppTest) -> AppTest:
    at.session_state["rm_view"] = "Add an article"
    at.run()
    assert not at.exception, at.exception
    return at


def add_file(tmp_path, user, text: str, title: str, date: str = "2030-01-01") -> int:
    p = tmp_path / f"{title}.txt"
    p.write_text(text, encoding="utf-8")
    return main(
        ["add", str(p), "--title", title, "--publisher", "W", "--date", date, "--userdata", str(user)]
    )


def test_issue8_1_kabul_8534_rejected_in_the_app_with_one_message(monkeypatch, tmp_path):
    user = tmp_path / "user"
    at = open_add(start(monkeypatch, user))
    at.radio(key="rm_add_mode").set_value("Paste text").run()
    at.text_area(key="rm_add_text").input("Kabul " * 8534)
    at.text_input(key="rm_add_title").input("Kabul")
    at.text_input(key="rm_add_publisher").input("W")
    at.text_input(key="rm_add_date").input("2030-01-01")
    at.button(key="rm_add_go").click().run()
    assert not at.exception, at.exception
    assert len(at.error) == 1
    assert (
        f"the text has 8,534 place mentions; the limit is {MAX_MENTIONS:,} per article" in at.error[0].value
    )
    assert not any(b.key == "rm_add_save" for b in at.button)  # nothing to save
    assert not (user / "articles").exists() or not any((user / "articles").iterdir())


def test_issue8_1_an_oversized_article_already_saved_does_not_take_the_page_down(monkeypatch, tmp_path):
    # "Kabul " x 8,534 saved by a version without the limit; a shared link opens it for everyone
    user = tmp_path / "user"
    monkeypatch.setattr(ingest, "MAX_MENTIONS", 10**6)
    assert add_file(tmp_path, user, "Kabul " * 8534, "Kabul") == 0
    monkeypatch.undo()
    (aid,) = [p.stem for p in (user / "articles").glob("*.json")]
    at = start(monkeypatch, user, article=aid)
    assert at.session_state["rm_article"] == aid
    assert "8,534 links and mentions to decide; the limit is 5,000" in at.code[0].value
    assert any(e.proto.component_name.endswith("st_folium") for e in at.get("component_instance"))
    assert page_bytes(at) < 2_500_000  # the map itself is ~1 MB
    at = open_add(at)
    assert page_bytes(at) < 300_000 and option_count(at) < 400


def test_issue8_1_review_is_paged_and_decided_by_name(monkeypatch, tmp_path):
    user = tmp_path / "user"
    assert add_file(tmp_path, user, MANY, "Many names") == 0
    (aid,) = [p.stem for p in (user / "articles").glob("*.json")]
    at = start(monkeypatch, user)
    assert page_bytes(at) < 2_500_000
    # the add tab did not run: no review widget exists until it is opened
    assert not [s for s in at.selectbox if s.key and s.key.startswith("rm_rev_")]
    at = open_add(at)
    rows = [s for s in at.selectbox if s.key and s.key.startswith(f"rm_rev_{aid}_")]
    assert len(rows) == REVIEW_PAGE  # 121 names, 2,120 mentions: the first page of names
    assert any("Names 1–50 of 121" in c.value for c in at.caption)
    assert all(len(s.options) <= 1 + MAX_CANDIDATES for s in rows)  # ranked candidates only
    assert page_bytes(at) < 400_000 and option_count(at) < 1000
    panj = at.selectbox(key=f"rm_rev_{aid}_{name_key('Panj')}")
    assert panj.options[1:] == ["Panj (river)", "Panj (town, TJK)"]
    panj.set_value("gn-1220750").run()  # the town, for all 2,000 occurrences
    # a choice on the first page survives turning to the last
    at.session_state[f"rm_rev_page_{aid}"] = 3
    at.run()
    assert any("Names 101–121 of 121" in c.value for c in at.caption)
    last = at.selectbox(key=f"rm_rev_{aid}_{name_key(NAMES[-1])}")
    last.set_value("—").run()
    at.button(key=f"rm_rev_save_{aid}").click().run()
    assert not at.exception, at.exception
    data = json.loads((user / "links" / f"{aid}.json").read_text(encoding="utf-8"))
    assert sum(lk["feature"] == "gn-1220750" for lk in data["links"]) == 2000
    assert len(data["review"]) == 119 and NAMES[-1] not in {r["surface"] for r in data["review"]}


def test_issue8_1_draft_review_decides_by_name_and_pages(monkeypatch, tmp_path):
    user = tmp_path / "user"
    at = open_add(start(monkeypatch, user))
    at.radio(key="rm_add_mode").set_value("Paste text").run()
    at.text_area(key="rm_add_text").input(MANY)
    at.text_input(key="rm_add_title").input("Draft of many names")
    at.text_input(key="rm_add_publisher").input("W")
    at.text_input(key="rm_add_date").input("2030-01-01")
    at.button(key="rm_add_go").click().run()
    assert not at.exception, at.exception
    n = at.session_state["rm_draft"]["n"]
    rows = [s for s in at.selectbox if s.key and s.key.startswith(f"rm_fix_{n}_")]
    assert len(rows) == REVIEW_PAGE and page_bytes(at) < 600_000
    # the preview is built only when its expander is opened
    assert "preview" not in at.session_state["rm_draft"]
    at.selectbox(key=f"rm_fix_{n}_{name_key('Panj')}").set_value("river-panj").run()
    at.selectbox(key=f"rm_fix_{n}_{name_key(NAMES[0])}").set_value("—").run()
    at.button(key="rm_add_save").click().run()
    assert not at.exception, at.exception
    (aid,) = [p.stem for p in (user / "articles").glob("*.json")]
    data = json.loads((user / "links" / f"{aid}.json").read_text(encoding="utf-8"))
    assert [lk["feature"] for lk in data["links"]] == ["river-panj"] * 2000
    assert len(data["review"]) == 119  # not decided yet: kept for later


def test_issue8_1_store_keeps_one_decision_per_name(tmp_path):
    text = check_text("Kabul and Kabul again, then Herat.\n")
    review = [{"start": s, "end": s + 5, "surface": "Kabul", "feature_id": None, "candidates": []}
              for s in (0, 10)] + [{"start": 28, "end": 33, "surface": "Herat", "feature_id": None}]  # fmt: skip
    store = UserStore(tmp_path)
    aid = store.save(article_input(title="K", publisher="W", date="2030-01-01"), text, [], review=review)
    assert store.decide_by_name(aid, {"Kabul": "province-kabul"}) == 2
    data = json.loads((tmp_path / "links" / f"{aid}.json").read_text(encoding="utf-8"))
    assert [(lk["feature"], lk["start"]) for lk in data["links"]] == [
        ("province-kabul", 0),
        ("province-kabul", 10),
    ]
    assert [r["surface"] for r in data["review"]] == ["Herat"]


@pytest.mark.parametrize(
    "query, first", [("Mazar", "Mazār-e Sharīf"), ("kabul", "Kabul"), ("Dushanbe", "Dushanbe")]
)
def test_gazetteer_search_on_demand(query, first):
    from regionmap.gazetteer import build_gazetteer
    from regionmap.load import load_dataset
    from regionmap.review import GazetteerSearch

    ds = load_dataset(ROOT / "data")
    gaz = build_gazetteer(ROOT / "data", ds.features)
    hits = GazetteerSearch(gaz)(query)
    assert 1 <= len(hits) <= 20 and gaz.entries[hits[0]].name.startswith(first)
    assert GazetteerSearch(gaz)("k") == []  # one letter is not a search
