"""``regionmap ingest`` into files and PostgreSQL, ``regionmap db …``, and lossless copies between the stores."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from conftest import ROOT

from regionmap.cli import main
from regionmap.corpus import load_corpus
from regionmap.events import EventFile
from regionmap.store import UserStore

DATA = ROOT / "data"
NO_DB = "regionmap db: no database: give --database postgresql://… or set REGIONMAP_DATABASE_URL"
UNREACHABLE = "postgresql://nobody@127.0.0.1:1/x"

ARTICLES = {
    "termez.txt": (
        "Termez river port handles more Afghan cargo\n\n"
        "Traffic through the river port at Termez rose sharply this spring, officials in Uzbekistan said. "
        "Trucks crossing the Friendship Bridge toward Hairatan carried fuel and flour to Mazar-i-Sharif.\n\n"
        "Customs officers in Termez said the new scanners cut waiting times to under a day.\n"
    ),
    "kabul.md": (
        "# Kabul traders look north\n\n"
        "Merchants in **Kabul** say the road to Mazar-i-Sharif is busier than at any time in the past "
        "decade. Many now send goods on to Termez rather than through Pakistan.\n"
    ),
    "khorog.html": (
        "<html><head><title>Khorog</title></head><body><h1>Khorog market reopens after repairs</h1>"
        "<p>The bazaar in Khorog reopened on Monday after months of repairs. Traders from Dushanbe "
        "arrived by the Pamir Highway with flour and cement.</p></body></html>"
    ),
    "dushanbe.txt": (
        "Border talks\n\n"
        "On 12 March 2024 officials of Tajikistan and Kyrgyzstan met in Dushanbe to discuss the frontier.\n\n"
        "On 20 March 2024 the ministers signed a water agreement in Bishkek.\n"
    ),
    "north/mazar.txt": (
        "Mazar-i-Sharif prepares for the new year\n\n"
        "Crowds gathered at the Blue Mosque in Mazar-i-Sharif, and visitors came from Kabul and Kunduz. "
        "Hotels in the city reported few empty rooms.\n"
    ),
    "north/kunduz.markdown": (
        "Kunduz farmers count the cost of the dry winter\n\n"
        "Wheat farmers around Kunduz say the harvest will be the smallest in years. Some have moved "
        "to Kabul to look for work; others cross to Tajikistan through Sherkhan Bandar.\n"
    ),
}
SIDECAR = {"title": "Tajik and Kyrgyz officials meet in Dushanbe", "publisher": "Pamir Wire",
           "date": "2024-04-02", "author": "A. Reporter", "url": "https://example.org/border-talks"}  # fmt: skip
ACTORS = {
    "actors": [{"id": "test-analyst", "name": "Test Analyst", "kind": "person", "aliases": ["Analyst"]}]
}


def write_folder(folder: Path) -> Path:
    """The six articles (one HTML, two Markdown, one with a sidecar), dated 2024-05-01 by mtime."""
    for name, text in ARTICLES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        stamp = dt.datetime(2024, 5, 1, 12).timestamp()
        os.utime(path, (stamp, stamp))
    (folder / "dushanbe.txt.json").write_text(json.dumps(SIDECAR), encoding="utf-8")
    return folder


def ingest(folder: Path, *where: str) -> int:
    return main(["ingest", str(folder), "--workers", "2", "--quiet", "--data", str(DATA), *where])


def records(store) -> dict:
    """Everything a store holds of the saved corpus, as JSON, for comparing two stores."""
    arts = {r.id: {"meta": r.meta, "text": r.text, "links": r.links} for r in store.articles()}
    events = {
        d["article"]: EventFile.model_validate(d).model_dump(mode="json") for _, d in store.event_files()
    }
    found = store.actor_file()
    return {"articles": arts, "events": events, "actors": found[1] if found else None}


def add_events(store) -> str:
    """Save the proposed events of the Dushanbe article, as ``regionmap add --accept-events`` does."""
    from regionmap.extract import propose
    from regionmap.linker_cache import load_linker
    from regionmap.user_events import accepted_records, save_events

    ds = load_corpus(DATA, store=store)
    (aid,) = [a for a, art in ds.articles.items() if art.meta.title == SIDECAR["title"]]
    art = ds.articles[aid]
    mentions = load_linker(DATA).link(art.text)
    found = propose(art.text, art.meta.published, index=ds.actors, mentions=mentions).events
    places = set(ds.features.index)
    records_ = accepted_records([(p, None, None) for p in found], aid, set(ds.actors.records), places,
                                art.meta.published)  # fmt: skip
    assert len(records_) == 2
    save_events(store, aid, records_)
    return aid


# --------------------------------------------------------------------------- files


def test_ingest_a_folder_into_files_then_again(tmp_path, capsys):
    folder, user = write_folder(tmp_path / "in"), tmp_path / "user"
    assert ingest(folder, "--userdata", str(user)) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ingested 6 new, 0 already saved, 0 errors in "), out
    assert err == ""
    ds = load_corpus(DATA, user)
    assert ds.problems == ()
    mine = {ds.articles[a].meta.title: ds.articles[a] for a in ds.user_articles}
    assert sorted(mine) == sorted([
        "Termez river port handles more Afghan cargo", "Kabul traders look north",
        "Khorog market reopens after repairs", SIDECAR["title"], "Mazar-i-Sharif prepares for the new year",
        "Kunduz farmers count the cost of the dry winter",
    ])  # fmt: skip
    side = mine[SIDECAR["title"]].meta
    assert (side.publisher, side.published, side.author, side.url) == (
        "Pamir Wire", dt.date(2024, 4, 2), "A. Reporter", "https://example.org/border-talks")  # fmt: skip
    termez = mine["Termez river port handles more Afghan cargo"].meta
    assert termez.publisher == "Unknown publisher" and termez.published == dt.date(2024, 5, 1)
    assert mine["Kabul traders look north"].meta.format == "markdown"
    assert "<h1>" not in mine["Khorog market reopens after repairs"].text
    linked: dict[str, set[tuple[str, str]]] = {}  # title: (quote, feature name)
    for lk in ds.links:
        if lk.article in ds.user_articles:
            pair = (lk.quote, ds.features.loc[lk.feature, "name"])
            linked.setdefault(ds.articles[lk.article].meta.title, set()).add(pair)
    assert ("Termez", "Tirmiz") in linked["Termez river port handles more Afghan cargo"]
    assert ("Khorog", "Khorugh") in linked["Khorog market reopens after repairs"]
    assert ("Dushanbe", "Dushanbe") in linked["Khorog market reopens after repairs"]
    assert {("Kabul", "Kabul"), ("Mazar-i-Sharif", "Mazār-e Sharīf")} <= linked["Kabul traders look north"]
    assert ("Dushanbe", "Dushanbe") in linked[SIDECAR["title"]]
    assert ("Kunduz", "Kunduz") in linked["Kunduz farmers count the cost of the dry winter"]

    assert ingest(folder, "--userdata", str(user)) == 0
    out, err = capsys.readouterr()
    assert out.startswith("ingested 0 new, 6 already saved, 0 errors in "), out
    assert len(UserStore(user).article_ids()) == 6
    # the same text under another name, and a title already saved, are "already saved" too
    again = tmp_path / "again"
    again.mkdir()
    (again / "copy.txt").write_text(ARTICLES["termez.txt"], encoding="utf-8")
    (again / "retitled.txt").write_text(
        "Kabul traders LOOK  north\n\nOther words entirely.\n", encoding="utf-8"
    )
    assert ingest(again, "--userdata", str(user), "--workers", "1") == 0
    assert capsys.readouterr().out.startswith("ingested 0 new, 2 already saved, 0 errors")


def test_a_bad_file_is_one_error_line_and_the_others_are_saved(tmp_path, capsys):
    folder, user = write_folder(tmp_path / "in"), tmp_path / "user"
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "notes.json").write_text("{}", encoding="utf-8")  # not an article type: ignored
    assert ingest(folder, "--userdata", str(user)) == 1
    out, err = capsys.readouterr()
    assert out.startswith("ingested 6 new, 0 already saved, 1 errors in "), out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(folder / "broken.txt") + ": ")
    assert "binary" in lines[0]
    assert len(UserStore(user).article_ids()) == 6


def test_ingest_refuses_a_missing_folder_and_a_bad_date(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "nowhere"), "--userdata", str(tmp_path / "u")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["ingest", str(tmp_path), "--date", "2024-13-01", "--userdata", str(tmp_path / "u")]) == 2
    assert "is not a date" in capsys.readouterr().err


def test_db_without_a_database_is_one_line(monkeypatch, capsys):
    monkeypatch.delenv("REGIONMAP_DATABASE_URL", raising=False)
    for cmd in (["db", "status"], ["db", "init"], ["db", "export-files", "somewhere"]):
        assert main(cmd) == 2
        out, err = capsys.readouterr()
        assert (out, err) == ("", NO_DB + "\n")


def test_db_status_on_an_unreachable_server_is_one_line(monkeypatch, capsys):
    monkeypatch.delenv("REGIONMAP_DATABASE_URL", raising=False)
    assert main(["db", "status", "--database", UNREACHABLE]) == 1
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1, err
    assert err.startswith("regionmap db status: ") and "Traceback" not in err
    monkeypatch.setenv("REGIONMAP_DATABASE_URL", UNREACHABLE)
    assert main(["ingest", str(Path(__file__).parent / "eval" / "articles"), "--quiet"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


# --------------------------------------------------------------------------- PostgreSQL

from pg_server import pg_server, pg_url  # noqa: F401 - fixtures


def test_db_init_twice_then_status(pg_server, capsys):  # noqa: F811 - the fixture
    url = pg_server.create_database()
    assert main(["db", "upgrade", "--database", url]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "no regionmap schema: run 'regionmap db init'" in err
    assert main(["db", "init", "--database", url]) == 0
    assert capsys.readouterr().out.startswith("applied migration(s) 1 to postgresql://")
    assert main(["db", "init", "--database", url]) == 0
    assert "the schema is up to date, nothing to apply" in capsys.readouterr().out
    assert main(["db", "upgrade", "--database", url]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["db", "status", "--database", url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[:2] == ["applied migrations: 1", "pending migrations: none"]
    assert "articles: 0" in lines and any(s.startswith("postgis version: 3") for s in lines)


def test_import_curated_then_ingest_into_postgresql(pg_url, tmp_path, capsys, monkeypatch):  # noqa: F811
    from regionmap.store_pg import PgStore

    assert main(["db", "import-curated", "--data", str(DATA), "--database", pg_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith("imported ") and f"from {DATA} in " in out
    folder = write_folder(tmp_path / "in")
    monkeypatch.setenv("REGIONMAP_DATABASE_URL", pg_url)  # the URL from the environment
    assert ingest(folder) == 0
    assert capsys.readouterr().out.startswith("ingested 6 new, 0 already saved, 0 errors")
    assert ingest(folder) == 0
    assert capsys.readouterr().out.startswith("ingested 0 new, 6 already saved, 0 errors")
    assert main(["db", "status"]) == 0
    assert "articles: 6" in capsys.readouterr().out.splitlines()
    with contextlib.closing(PgStore(pg_url)) as store:
        ds = load_corpus(DATA, store=store)
    assert ds.problems == () and len(ds.user_articles) == 6
    termez = [a for a in ds.user_articles if ds.articles[a].meta.title.startswith("Termez")]
    pairs = {(lk.quote, ds.features.loc[lk.feature, "name"]) for lk in ds.links if lk.article in termez}
    assert ("Termez", "Tirmiz") in pairs
    # nothing was written to the file store meanwhile
    assert not (Path(os.environ["REGIONMAP_USERDATA"]) / "articles").exists()


def test_files_to_db_to_files_to_db_to_files_is_lossless(pg_server, tmp_path, capsys):  # noqa: F811
    from regionmap import pg_schema
    from regionmap.store_pg import PgStore

    a = tmp_path / "a"
    assert ingest(write_folder(tmp_path / "in"), "--userdata", str(a)) == 0
    add_events(UserStore(a))
    UserStore(a).save_actors(ACTORS)
    original = records(UserStore(a))
    assert len(original["articles"]) == 6 and len(original["events"]) == 1 and original["actors"] == ACTORS
    assert any(r["links"].get("review") for r in original["articles"].values())  # review lists travel too
    capsys.readouterr()

    db1, db2 = pg_server.create_database(), pg_server.create_database()
    for url in (db1, db2):
        pg_schema.init(url)
    assert main(["db", "import-files", str(a), "--database", db1]) == 0
    out, err = capsys.readouterr()
    assert out == "copied 6 articles, 1 events records and the actors record; 0 skipped (already there)\n"
    assert err == ""
    assert main(["db", "export-files", str(tmp_path / "b"), "--database", db1]) == 0
    assert capsys.readouterr().out.startswith("copied 6 articles, 1 events records and the actors record;")
    assert records(UserStore(tmp_path / "b")) == original
    assert main(["db", "import-files", str(tmp_path / "b"), "--database", db2]) == 0
    with contextlib.closing(PgStore(db1)) as one, contextlib.closing(PgStore(db2)) as two:
        assert records(two) == records(one)
    assert main(["db", "export-files", str(tmp_path / "c"), "--database", db2]) == 0
    assert records(UserStore(tmp_path / "c")) == original
    capsys.readouterr()

    # again into a store that has them: one line per article, no error, nothing changed
    assert main(["db", "export-files", str(tmp_path / "c"), "--database", db2]) == 0
    out, err = capsys.readouterr()
    assert out == "copied 0 articles, 0 events records; 6 skipped (already there)\n"
    assert len(err.splitlines()) == 6 and all(s.startswith("skipped ") for s in err.splitlines())
    assert records(UserStore(tmp_path / "c")) == original


def test_a_broken_record_is_one_error_and_the_rest_is_copied(pg_url, tmp_path, capsys):  # noqa: F811
    from regionmap.store_pg import PgStore

    a = tmp_path / "a"
    assert ingest(write_folder(tmp_path / "in"), "--userdata", str(a)) == 0
    (broken,) = (a / "articles").glob("kabul-*.json")
    broken.write_text("{not json", encoding="utf-8")
    capsys.readouterr()
    assert main(["db", "import-files", str(a), "--database", pg_url]) == 1
    out, err = capsys.readouterr()
    assert out == "copied 5 articles, 0 events records; 0 skipped (already there); 1 errors\n"
    assert err.count("\n") == 1 and err.startswith(str(broken))
    with contextlib.closing(PgStore(pg_url)) as store:
        assert len(store.article_ids()) == 5
    # a target with another article of the same title: that one is skipped, the others copied
    b = tmp_path / "b"
    (b / "x").mkdir(parents=True)
    other = "Termez river port handles more Afghan cargo\n\nA different text.\n"
    (b / "x" / "other.txt").write_text(other, encoding="utf-8")
    assert ingest(b / "x", "--userdata", str(b)) == 0
    capsys.readouterr()
    assert main(["db", "export-files", str(b), "--database", pg_url]) == 0
    out, err = capsys.readouterr()
    assert out == "copied 4 articles, 0 events records; 1 skipped (already there)\n"
    assert err.count("\n") == 1 and "titled 'Termez river port handles more Afghan cargo' already" in err
    assert len(UserStore(b).article_ids()) == 5
    assert main(["db", "import-files", str(tmp_path / "nowhere"), "--database", pg_url]) == 2
    assert "holds no saved articles" in capsys.readouterr().err


def test_near_lists_the_passages_around_a_place_nearest_first(tmp_path, capsys):
    user = tmp_path / "user"
    assert ingest(write_folder(tmp_path / "in"), "--userdata", str(user)) == 0
    capsys.readouterr()
    where = ["--userdata", str(user), "--data", str(DATA)]
    assert main(["near", "Termez", "--km", "50", *where]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # Termez's passages (3 in two articles) and Hairatan's across the river; nothing from Kabul or Khorog
    quotes = {r["quote"] for r in rows}
    assert "Termez" in quotes and not quotes & {"Kabul", "Khorog", "Dushanbe", "Kunduz"}
    assert [r["distance_km"] for r in rows] == sorted(r["distance_km"] for r in rows)
    assert all(r["distance_km"] <= 50 for r in rows)
    # a date range that holds no article gives nothing; a name not in the gazetteer is one line
    assert main(["near", "Termez", "--km", "50", "--to", "2020-01-01", *where]) == 0
    assert capsys.readouterr().out == ""
    assert main(["near", "Xyzzyville", "--km", "50", *where]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no place called 'Xyzzyville'" in err[0]
