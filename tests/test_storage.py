"""One suite for every CorpusStore: the file store and PostgreSQL/PostGIS must behave alike."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import multiprocessing
from pathlib import Path

import pytest
from conftest import DATA
from pg_server import free_port, pg_curated_template, pg_curated_url, pg_server, pg_url  # noqa: F401

from regionmap import pg_schema
from regionmap.corpus import load_corpus
from regionmap.ingest import IngestError, article_id, article_input
from regionmap.storage import CorpusStore
from regionmap.store import UserStore, mention_link

TEXT = "Envoy in Dushanbe\n\nThe envoy flew from Afghanistan to Dushanbe on Friday, then to Kabul.\n"
KINDS = ["files", "postgresql"]


def span(text: str, word: str) -> tuple[int, int]:
    start = text.index(word)
    return start, start + len(word)


def links_for(text: str) -> list[dict]:
    return [mention_link(f, w, *span(text, w)) for f, w in (("place-dushanbe", "Dushanbe"), ("country-afg", "Afghanistan"))]  # fmt: skip


def review_for(text: str) -> list[dict]:
    start, end = span(text, "Kabul")
    return [{"surface": "Kabul", "start": start, "end": end, "candidates": ["province-kabul"], "note": "ü"}]


def inp(title: str, date: str = "2021-03-04"):
    return article_input(title=title, publisher="Test Desk", date=date)


_OPEN: list = []


def open_kind(kind: str, location: str) -> CorpusStore:
    if kind == "files":
        return UserStore(location, data_dir=DATA)
    from regionmap.store_pg import PgStore

    _OPEN.append(PgStore(location))
    return _OPEN[-1]


@pytest.fixture(autouse=True)
def _close_pools():
    # a pool left to the garbage collector may be collected in its own worker thread, which cannot join itself
    yield
    while _OPEN:
        _OPEN.pop().close()


@pytest.fixture(params=KINDS)
def kind(request) -> str:
    return request.param


@pytest.fixture
def location(kind, tmp_path, request) -> str:
    return str(tmp_path / "user") if kind == "files" else request.getfixturevalue("pg_curated_url")


@pytest.fixture
def store(kind, location) -> CorpusStore:
    return open_kind(kind, location)


def test_save_and_read_back_exactly(store):
    review = review_for(TEXT)
    aid = store.save(inp("Envoy in Dushanbe"), TEXT, links_for(TEXT), review=review)
    assert aid == article_id("Envoy in Dushanbe", TEXT)
    rec = store.article(aid)
    assert rec.text == TEXT.encode() and rec.id == aid
    assert rec.links == {"article": aid, "links": links_for(TEXT), "review": review}
    assert list(rec.links) == ["article", "links", "review"]
    m = rec.meta
    assert (m["id"], m["title"], m["published"], m["publisher"], m["body"]) == (
        aid, "Envoy in Dushanbe", "2021-03-04", "Test Desk", {"start": 0, "end": len(TEXT)})  # fmt: skip
    assert list(m)[:2] == ["id", "title"]
    (listed,) = store.articles()
    assert listed == rec
    assert store.article_ids() == [aid] and store.titles() == ["Envoy in Dushanbe"]
    plain = store.save(inp("No review"), TEXT + "x\n", [])
    assert store.article(plain).links == {"article": plain, "links": []}
    with pytest.raises(IngestError, match="no saved article"):
        store.article("missing-article")


@pytest.mark.parametrize("same", ["Envoy in Dushanbe", "  ENVOY   in  dushanbe ", "Ｅｎｖｏｙ in Dushanbe"])
def test_titles_are_unique_ignoring_case_spacing_and_compatibility_forms(store, same):
    store.save(inp("Envoy in Dushanbe"), TEXT, [])
    before = store.version()
    with pytest.raises(IngestError, match="already exists"):
        store.save(inp(same), TEXT + "other\n", [])
    with pytest.raises(IngestError, match="already exists"):
        store.save(inp("Curated one"), TEXT, [], existing_titles=["curated  ONE"])
    assert len(store.article_ids()) == 1 and store.version() == before


def test_same_text_under_similar_titles_gets_a_suffixed_id(store):
    first = store.save(inp("Envoy: visits"), TEXT, [])
    second = store.save(inp("Envoy visits!"), TEXT, links_for(TEXT))
    third = store.save(inp("Envoy visits?"), TEXT, [])
    assert first == article_id("Envoy visits!", TEXT) and second == f"{first}-2" and third == f"{first}-3"
    assert store.article_ids() == sorted([first, second, third])
    assert store.article(second).links["links"] == links_for(TEXT)


def test_update_links_and_decisions(store):
    text = TEXT + "Kabul and Kabul again.\n"
    k1, k2 = span(text, "Kabul"), (text.rindex("Kabul"), text.rindex("Kabul") + 5)
    mid = (text.index("Kabul", k1[1]), text.index("Kabul", k1[1]) + 5)
    review = [{"surface": "Kabul", "start": s, "end": e} for s, e in (k1, mid, k2)]
    review.append({"surface": "Friday", "start": span(text, "Friday")[0], "end": span(text, "Friday")[1]})
    aid = store.save(inp("Decisions"), text, links_for(text)[:1], review=review)
    store.update_links(aid, links_for(text))  # review kept
    assert store.article(aid).links == {"article": aid, "links": links_for(text), "review": review}
    store.decide(aid, {k1: "province-kabul"})
    rec = store.article(aid).links
    assert rec["links"] == [*links_for(text), mention_link("province-kabul", "Kabul", *k1)]
    assert rec["review"] == review[1:]
    assert store.decide_by_name(aid, {"Kabul": None}) == 2
    assert store.article(aid).links["review"] == review[3:]
    assert store.decide_by_name(aid, {"Friday": "place-dushanbe"}) == 1
    assert "review" not in store.article(aid).links
    with pytest.raises(IngestError, match="does not match"):
        store.update_links(aid, [mention_link("country-afg", "Nowhere", 0, 7)])
    assert len(store.article(aid).links["links"]) == 4
    with pytest.raises(IngestError, match="no saved article"):
        store.update_links("missing", [])


def event(aid: str, n: int = 1, **extra) -> dict:
    start, end = span(TEXT, "The envoy flew")
    return {"id": f"ev-{aid[:12].lower()}-{n}", "kind": "visit", "title": "Envoy visits",
            "passages": [{"quote": "The envoy flew", "start": start, "end": end}], **extra}  # fmt: skip


def plant_roles(store, aid: str, roles: list[dict]) -> None:
    """Give an article's events record roles, as a tool would (the stores take only events)."""
    record = {**store.read_events(aid), "roles": roles}
    if isinstance(store, UserStore):
        (store.events_dir / f"{aid}.json").write_text(json.dumps(record), encoding="utf-8")
    else:
        import psycopg

        with psycopg.connect(store.url, autocommit=True) as conn:
            conn.execute("UPDATE events SET record = %s WHERE article = %s", (json.dumps(record), aid))


def test_events_saved_read_replaced_keeping_roles(store):
    aid = store.save(inp("Envoy in Dushanbe"), TEXT, links_for(TEXT))
    assert store.read_events(aid) == {"article": aid, "events": []} and list(store.event_files()) == []
    store.save_events(aid, [event(aid)])
    roles = [{"actor": "someone", "role": "host", "events": [event(aid)["id"]]}]
    plant_roles(store, aid, roles)
    store.save_events(aid, [event(aid, 2, places=["place-dushanbe"])])
    got = store.read_events(aid)
    assert got["events"] == [event(aid, 2, places=["place-dushanbe"])] and got["roles"] == roles
    ((where, record),) = store.event_files()
    assert record == got and aid in where
    before = store.version()
    bad = event(aid, 3)
    bad["passages"][0]["start"] += 1
    for events, match in (([bad], "not the text"), ([event(aid), event(aid)], "same id"),
                          ([{**event(aid), "kind": "party"}], "cannot be recorded"),
                          ([event(aid, date={"start": "2022-01-01", "end": "2022-01-01", "precision": "day"})],
                           "only be planned")):  # fmt: skip
        with pytest.raises(IngestError, match=match):
            store.save_events(aid, events)
    with pytest.raises(IngestError, match="no saved article"):
        store.save_events("not-saved-here", [event(aid)])
    assert store.read_events(aid) == got and store.version() == before


def test_actors_saved_and_read(store):
    assert store.actor_file() is None
    record = {"actors": [{"id": "envoy-x", "name": "Envoy X", "kind": "person"}]}
    store.save_actors(record)
    where, got = store.actor_file()
    assert got == record and where
    with pytest.raises(IngestError, match="not sound"):
        store.save_actors({"actors": 3})
    assert store.actor_file()[1] == record


def test_import_article_keeps_id_meta_and_links(store, tmp_path):
    source = UserStore(tmp_path / "source")
    aid = source.save(inp("Envoy in Dushanbe"), TEXT, links_for(TEXT), review=review_for(TEXT))
    rec = source.article(aid)
    assert store.import_article(rec.meta, TEXT, rec.links) == aid
    got = store.article(aid)
    assert (got.meta, got.text, got.links) == (rec.meta, rec.text, rec.links)
    with pytest.raises(IngestError, match="already"):
        store.import_article(rec.meta, TEXT, rec.links)
    other = {**rec.meta, "id": "other-id"}
    with pytest.raises(IngestError, match="already exists"):
        store.import_article(other, TEXT, {**rec.links, "article": "other-id"})
    with pytest.raises(IngestError, match="sha256"):
        store.import_article({**rec.meta, "id": "third"}, TEXT + "x", None)
    assert store.article_ids() == [aid]


def test_version_changes_on_every_write_and_only_then(store):
    seen = [store.version()]

    def changed():
        v = store.version()
        assert v not in seen and store.version() == v
        seen.append(v)

    aid = store.save(inp("Envoy in Dushanbe"), TEXT, links_for(TEXT), review=review_for(TEXT))
    changed()
    store.update_links(aid, links_for(TEXT))
    changed()
    store.decide(aid, {span(TEXT, "Kabul"): None})
    changed()
    store.save_events(aid, [event(aid)])
    changed()
    store.save_actors({"actors": []})
    changed()
    list(store.articles()), store.article(aid), store.titles(), store.read_events(aid)
    assert store.version() == seen[-1]


def test_articles_between_publication_dates(store):
    a = store.save(inp("One", "2020-01-01"), TEXT, [])
    b = store.save(inp("Two", "2020-06-15"), TEXT + "b\n", [])
    c = store.save(inp("Three", "2021-01-01"), TEXT + "c\n", [])
    assert store.articles_between(dt.date(2020, 1, 1), dt.date(2020, 12, 31)) == sorted([a, b])
    assert store.articles_between(dt.date(2020, 6, 15), dt.date(2021, 1, 1)) == sorted([b, c])
    assert store.articles_between(dt.date(2019, 1, 1), dt.date(2019, 12, 31)) == []


def fill(store) -> list[str]:
    """The same saved corpus in any store: two articles, links to curated and gazetteer places, events."""
    text2 = "Talks in Termez\n\nOfficials met in Termez, near Dushanbe, and spoke of Uzbekistan.\n"
    a = store.save(inp("Envoy in Dushanbe", "2021-03-04"), TEXT, links_for(TEXT), review=review_for(TEXT))
    b = store.save(inp("Talks in Termez", "2022-05-06"), text2,
                   [mention_link("road-jawzjan-uzbekistan", "Termez", *span(text2, "Termez")),
                    mention_link("country-uzb", "Uzbekistan", *span(text2, "Uzbekistan")),
                    mention_link("place-dushanbe", "Dushanbe", *span(text2, "Dushanbe"))])  # fmt: skip
    store.save_events(a, [event(a, places=["place-dushanbe"])])
    return [a, b]


def test_load_corpus_reads_both_stores_alike(tmp_path, pg_curated_url):  # noqa: F811
    stores = [open_kind("files", str(tmp_path / "user")), open_kind("postgresql", pg_curated_url)]
    loaded = []
    for st in stores:
        fill(st)
        ds = load_corpus(DATA, store=st)
        assert ds.problems == ()
        loaded.append(ds)
    files, pg = loaded
    assert files.user_articles == pg.user_articles and len(files.user_articles) == 2
    dump = lambda ds: {a: (x.meta.model_dump(), x.text) for a, x in ds.articles.items()}
    assert dump(files) == dump(pg)
    assert files.links == pg.links and files.review == pg.review and files.events == pg.events
    assert list(files.features.index) == list(pg.features.index)


def test_features_at_and_passages_within_agree(tmp_path, pg_curated_url):  # noqa: F811
    stores = [open_kind("files", str(tmp_path / "user")), open_kind("postgresql", pg_curated_url)]
    answers = []
    for st in stores:
        fill(st)
        termez = st.features_at(67.278, 37.224)
        assert {"country-uzb", "region-central-asia"} <= set(termez)
        assert st.features_at(0.0, -60.0) == []
        near = st.passages_within("place-dushanbe", 50)
        wide = st.passages_within("road-jawzjan-uzbekistan", 300, start=dt.date(2021, 1, 1))
        with pytest.raises(IngestError, match="no place"):
            st.passages_within("no-such-place", 10)
        answers.append((termez, near, wide))
    (t1, n1, w1), (t2, n2, w2) = answers
    assert t1 == t2
    for a, b in ((n1, n2), (w1, w2)):
        assert a and [(p.article, p.feature, p.start, p.end, p.quote, p.published) for p in a] == [
            (p.article, p.feature, p.start, p.end, p.quote, p.published) for p in b]  # fmt: skip
        for p, q in zip(a, b, strict=True):
            assert p.distance_km == pytest.approx(q.distance_km, rel=0.01, abs=0.01)
    assert {p.feature for p in n1} >= {"place-dushanbe"} and all(p.distance_km <= 50 for p in n1)
    assert all(p.published >= dt.date(2021, 1, 1) for p in w1)
    assert all(x.distance_km <= y.distance_km for x, y in itertools.pairwise(w1))


# ---------------------------------------------------------------------------------------- concurrency


def _save_all(kind: str, location: str, titles: list[str]) -> list[str]:
    """Save one article per title (in another process); what happened to each."""
    store = open_kind(kind, location)
    out = []
    for title in titles:
        text = f"{title}\n\nThe envoy flew to Dushanbe.\n"
        try:
            store.save(
                inp(title), text, [mention_link("place-dushanbe", "Dushanbe", *span(text, "Dushanbe"))]
            )
            out.append("saved")
        except IngestError as exc:
            out.append("refused" if "already exists" in str(exc) else f"IngestError: {exc}")
        except Exception as exc:  # noqa: BLE001 - anything else is a bug the test must show
            out.append(f"{type(exc).__name__}: {exc}")
    if hasattr(store, "close"):
        store.close()
    return out


def test_two_processes_save_at_once(kind, location):
    if kind == "files":
        Path(location).mkdir(parents=True)
    ctx = multiprocessing.get_context("spawn")
    distinct = [[f"Article {p}-{i}" for i in range(50)] for p in "ab"]
    same = [f"Shared title {i}" for i in range(10)]
    with ctx.Pool(2) as pool:
        first = pool.starmap(_save_all, [(kind, location, titles) for titles in distinct])
        second = pool.starmap(_save_all, [(kind, location, same), (kind, location, same[::-1])])
    assert first == [["saved"] * 50] * 2
    outcomes = second[0] + second[1]
    assert outcomes.count("saved") == 10 and outcomes.count("refused") == 10, outcomes
    store = open_kind(kind, location)
    titles = store.titles()
    assert len(titles) == 110 and sorted(set(titles)) == sorted([*distinct[0], *distinct[1], *same])
    assert len(list(store.articles())) == 110


# ---------------------------------------------------------------------------------------- schema


def test_schema_init_is_idempotent_and_status_counts(pg_url, pg_server):  # noqa: F811
    assert pg_schema.init(pg_url) == [] and pg_schema.upgrade(pg_url) == []
    st = pg_schema.status(pg_url)
    assert st["applied"] == sorted(pg_schema.migrations()) and st["pending"] == []
    assert st["counts"]["articles"] == 0 and st["postgis_version"].startswith("3")
    empty = pg_server.create_database()
    for fn in (pg_schema.upgrade, pg_schema.status):
        with pytest.raises(IngestError, match="has no regionmap schema: run 'regionmap db init'"):
            fn(empty)
    from regionmap.store_pg import PgStore

    with pytest.raises(IngestError, match="no regionmap schema"):
        PgStore(empty)
    closed = f"postgresql://nobody:secret@127.0.0.1:{free_port()}/none"
    with pytest.raises(
        IngestError, match=r"cannot connect to postgresql://nobody:\*\*\*@.*is the server running"
    ):
        pg_schema.status(closed)
    assert pg_schema.init(empty) == sorted(pg_schema.migrations())


def test_two_servers_initialising_at_once(pg_server):  # noqa: F811
    url = pg_server.create_database()
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        results = pool.map(pg_schema.init, [url, url])
    assert sorted(results) == [[], sorted(pg_schema.migrations())]
