"""The page on a PostgreSQL corpus: saved there, read from there, one line when the database is down."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest
from test_app import card_feature, click, quotes

sys.path.insert(0, str(Path(__file__).parent))
from pg_server import pg_server, pg_url  # noqa: F401  (fixtures)

from regionmap.ingest import article_input
from regionmap.store_checks import mention_link

TEXT = "Officials met in Termez on Monday to discuss the bridge to Hairatan.\n"


def _app(monkeypatch, url: str) -> AppTest:
    monkeypatch.setenv("REGIONMAP_DATABASE_URL", url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def test_an_unreachable_database_is_one_line_and_the_curated_map_stays(monkeypatch):
    # port 1 on loopback: nothing listens there, the connection is refused at once
    at = _app(monkeypatch, "postgresql://nobody:secret@127.0.0.1:1/regionmap")
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "showing the curated data only" in errors[0]
    assert "secret" not in errors[0] and "Traceback" not in errors[0]
    assert [e for e in at.get("component_instance") if e.proto.component_name.endswith("st_folium")]


def test_an_article_saved_in_the_database_is_on_the_page_and_its_card(monkeypatch, pg_url):  # noqa: F811
    from regionmap.store_pg import PgStore

    store = PgStore(pg_url)
    start = TEXT.index("Termez")
    aid = store.save(
        article_input(title="Bridge talks", publisher="Test Wire", date="2024-05-06"),
        TEXT,
        [mention_link("gn-1215957", "Termez", start, start + 6)],
    )
    at = _app(monkeypatch, pg_url)
    assert not at.error, [e.value for e in at.error]
    assert any("Bridge talks" in label for label in at.selectbox(key="rm_article").options)
    at.selectbox(key="rm_article").set_value(aid).run()
    at = click(at, "gn-1215957", 1)
    assert card_feature(at) == "gn-1215957"
    assert "Officials met in Termez" in quotes(at)


def test_a_save_from_another_server_shows_on_the_next_run(monkeypatch, pg_url):  # noqa: F811
    # the page's cache key is the store's version: a write by another process changes it
    from regionmap.store_pg import PgStore

    at = _app(monkeypatch, pg_url)
    before = set(at.selectbox(key="rm_article").options)
    aid = PgStore(pg_url).save(article_input(title="Later", publisher="W", date="2024-05-07"), TEXT, [])
    at.run()
    (new,) = set(at.selectbox(key="rm_article").options) - before
    assert "Later" in new and aid.startswith("later-")


@pytest.mark.parametrize("url", ["mysql://x@localhost/db", "postgresql://nobody@127.0.0.1:1/x"])
def test_the_cli_names_a_bad_database_in_one_line(url, capsys, tmp_path):
    from regionmap.cli import main

    code = main(["validate", "--database", url])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1 and "Traceback" not in err[0], err


def test_a_large_corpus_lists_the_newest_articles_and_finds_the_rest(monkeypatch, tmp_path):
    # 205 saved articles: the picker lists the 200 newest, the find box reaches the others
    from regionmap.store import UserStore
    from regionmap.ui_sidebar import PICKER_MAX

    store = UserStore(tmp_path / "user")
    for i in range(PICKER_MAX + 5):
        day = f"2023-{1 + i // 28:02d}-{1 + i % 28:02d}"
        store.save(article_input(title=f"Brief {i:03d} on Termez", publisher="W", date=day), TEXT, [])
    monkeypatch.setenv("REGIONMAP_USERDATA", str(tmp_path / "user"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    options = at.selectbox(key="rm_article").options
    # the open article (the curated one, older than every brief) stays first; then the 200 newest
    assert len(options) == PICKER_MAX + 1 and "Brief 204" in options[1]
    assert not any("Brief 000 " in o for o in options)
    at.text_input(key="rm_article_find").input("brief 000").run()
    options = at.selectbox(key="rm_article").options
    assert any("Brief 000 on Termez" in o for o in options) and len(options) <= 2  # it and the open article
