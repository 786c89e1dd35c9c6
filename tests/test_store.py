"""The user store: saved articles load like curated ones, saves are atomic and safe across processes."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from pathlib import Path

import pytest
from conftest import DATA, SEED

from regionmap.ingest import IngestError, article_id, article_input, check_text
from regionmap.load import _Collector, check_links, load_article
from regionmap.store import UserStore, default_user_dir

FEATURES = {"country-afg", "country-tjk", "place-dushanbe"}
TEXT = "Envoy in Dushanbe\n\nThe envoy flew from Afghanistan to Dushanbe on Friday.\n"


def links_for(text: str) -> list[dict]:
    out = []
    for feature, word in (("place-dushanbe", "Dushanbe"), ("country-afg", "Afghanistan")):
        start = text.find(word)
        out.append({"feature": feature, "quote": word, "start": start, "end": start + len(word)})
    return out


def inp(title: str, **extra):
    return article_input(title=title, publisher="Test Desk", date="2021-03-04", **extra)


def files_of(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def load_all(root: Path):
    """Load the store the way load_dataset loads data/, insisting on no problems."""
    col = _Collector()
    articles = {}
    for meta_path in sorted((root / "articles").glob("*.json")):
        art = load_article(meta_path, col)
        assert art is not None, col.problems
        articles[art.id] = art
    links = []
    for path in sorted((root / "links").glob("*.json")):
        links += check_links(path, col.read_json(path), articles, FEATURES, col)
    assert col.problems == []
    assert not list(root.rglob("*.tmp"))
    return articles, links


def test_save_then_load(tmp_path):
    store = UserStore(tmp_path / "u")
    aid = store.save(
        inp("Envoy in Dushanbe", author="A. Writer", url="https://example.org/x"), TEXT, links_for(TEXT)
    )
    assert aid == article_id("Envoy in Dushanbe", TEXT)
    articles, links = load_all(store.root)
    art = articles[aid]
    assert art.text == TEXT and art.body == TEXT
    m = art.meta
    assert (m.title, m.author, m.publisher, m.published.isoformat(), m.url, m.language) == (
        "Envoy in Dushanbe", "A. Writer", "Test Desk", "2021-03-04", "https://example.org/x", "en",
    )  # fmt: skip
    assert m.sha256 == hashlib.sha256(TEXT.encode()).hexdigest()
    assert [(lk.feature, lk.quote, lk.kind.value) for lk in links] == [
        ("place-dushanbe", "Dushanbe", "mention"), ("country-afg", "Afghanistan", "mention"),
    ]  # fmt: skip
    assert store.titles() == ["Envoy in Dushanbe"] and store.article_ids() == [aid]
    stored = json.loads((store.root / "links" / f"{aid}.json").read_text(encoding="utf-8"))
    assert stored["article"] == aid and set(stored["links"][0]) == {
        "feature",
        "kind",
        "quote",
        "start",
        "end",
    }


def test_empty_store(tmp_path):
    store = UserStore(tmp_path / "none")
    assert store.titles() == [] and store.article_ids() == []
    assert not store.root.exists()


@pytest.mark.parametrize("title", ["Envoy in Dushanbe", "  envoy   IN dushanbe ", "ENVOY\u00a0in Dushanbe"])
def test_duplicate_title_rejected(tmp_path, title):
    store = UserStore(tmp_path)
    store.save(inp("Envoy in Dushanbe"), TEXT, [])
    before = files_of(tmp_path)
    with pytest.raises(IngestError, match="already exists"):
        store.save(inp(title), TEXT + "more\n", [])
    assert files_of(tmp_path) == before


def test_duplicate_of_curated_title_rejected(tmp_path):
    curated = json.loads((DATA / "articles" / f"{SEED}.json").read_text(encoding="utf-8"))["title"]
    store = UserStore(tmp_path)
    with pytest.raises(IngestError, match="already exists"):
        store.save(inp(curated.upper()), TEXT, [], existing_titles=[curated])
    assert files_of(tmp_path) == {}


BAD_LINKS = [
    ({"feature": "country-afg", "quote": "Afghanistan", "start": 0, "end": 11}, "does not match"),
    ({"feature": "country-afg", "quote": "x", "start": 5000, "end": 5001}, "outside the text"),
    ({"feature": "", "quote": "Envoy", "start": 0, "end": 5}, "no feature"),
    ({"feature": "country-afg", "quote": "Envoy", "start": 0, "end": 5, "kind": "about"}, "kind"),
    ({"feature": "country-afg", "quote": "E", "start": False, "end": 1}, "whole numbers"),
    ({"feature": "country-afg", "quote": "", "start": 0, "end": 5}, "no quote"),
    ("country-afg", "must be a dict"),
]


@pytest.mark.parametrize(("bad", "words"), BAD_LINKS)
def test_bad_link_rejects_the_save(tmp_path, bad, words):
    store = UserStore(tmp_path)
    with pytest.raises(IngestError, match="link #3") as exc:
        store.save(inp("Envoy in Dushanbe"), TEXT, [*links_for(TEXT), bad])
    assert words in str(exc.value)
    assert files_of(tmp_path) == {} and store.article_ids() == []


def test_failure_midway_removes_what_was_written(tmp_path):
    store = UserStore(tmp_path)
    aid = article_id("Envoy in Dushanbe", TEXT)
    # a directory where the links file belongs makes the second of the three writes fail
    (tmp_path / "links" / f"{aid}.json").mkdir(parents=True)
    with pytest.raises(OSError):
        store.save(inp("Envoy in Dushanbe"), TEXT, links_for(TEXT))
    assert files_of(tmp_path) == {} and store.article_ids() == []


def test_text_must_be_normalised(tmp_path):
    with pytest.raises(IngestError, match="check_text"):
        UserStore(tmp_path).save(inp("Windows text"), "a\r\nb", [])
    assert files_of(tmp_path) == {}


def test_same_text_under_similar_titles_gets_a_fresh_id(tmp_path):
    store = UserStore(tmp_path)
    first = store.save(inp("Envoy: visits"), TEXT, [])
    second = store.save(inp("Envoy visits!"), TEXT, links_for(TEXT))
    assert first == article_id("Envoy visits!", TEXT) and second == f"{first}-2"
    articles, links = load_all(tmp_path)
    assert set(articles) == {first, second} and {lk.article for lk in links} == {second}


def _save_many(root: str, tag: str, barrier) -> None:
    store = UserStore(Path(root))
    barrier.wait()
    for i in range(10):
        text = check_text(f"Report {tag}-{i}\n\nTalks in Dushanbe about Afghanistan.\n")
        store.save(inp(f"Report {tag} number {i}"), text, links_for(text))


def _save_one(root: str, text: str, barrier, results) -> None:
    barrier.wait()
    try:
        results.put(("ok", UserStore(Path(root)).save(inp("The same title"), text, [])))
    except IngestError as exc:
        results.put(("error", str(exc)))


def _run(ctx, target, argsets) -> None:
    procs = [ctx.Process(target=target, args=args) for args in argsets]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * len(procs)


def test_two_processes_save_concurrently(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(2)
    _run(ctx, _save_many, [(str(tmp_path), "a", barrier), (str(tmp_path), "b", barrier)])
    articles, links = load_all(tmp_path)
    assert len(articles) == 20 and len(links) == 40
    assert sorted(UserStore(tmp_path).titles()) == sorted(
        f"Report {t} number {i}" for t in "ab" for i in range(10)
    )


def test_two_processes_race_for_one_title(tmp_path):
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    _run(ctx, _save_one, [(str(tmp_path), f"Version {n} of the text.\n", barrier, results) for n in (1, 2)])
    outcome = sorted(results.get(timeout=10) for _ in range(2))
    assert [o[0] for o in outcome] == ["error", "ok"]
    assert "already exists" in outcome[0][1]
    assert UserStore(tmp_path).article_ids() == [outcome[1][1]]
    load_all(tmp_path)


def test_update_links(tmp_path):
    store = UserStore(tmp_path)
    aid = store.save(inp("Envoy in Dushanbe"), TEXT, links_for(TEXT)[:1])
    path = tmp_path / "links" / f"{aid}.json"
    new = [
        *links_for(TEXT),
        {"feature": "country-tjk", "kind": "passage", "quote": "Envoy", "start": 0, "end": 5},
    ]
    store.update_links(aid, new)
    _, links = load_all(tmp_path)
    assert [lk.feature for lk in links] == ["place-dushanbe", "country-afg", "country-tjk"]
    before = path.read_bytes()
    with pytest.raises(IngestError, match="link #1"):
        store.update_links(aid, [{"feature": "country-afg", "quote": "nope", "start": 0, "end": 4}])
    assert path.read_bytes() == before
    store.update_links(aid, [])
    assert json.loads(path.read_text(encoding="utf-8")) == {"article": aid, "links": []}
    for bad_id in ("no-such-article", "../articles/x"):
        with pytest.raises(IngestError):
            store.update_links(bad_id, [])
    assert not list(tmp_path.rglob("*.tmp"))


def test_review_list_is_kept_until_replaced(tmp_path):
    store = UserStore(tmp_path)
    pending = [{"start": 0, "end": 5, "surface": "Envoy", "feature_id": None, "candidates": []}]
    aid = store.save(inp("Envoy in Dushanbe"), TEXT, links_for(TEXT)[:1], review=pending)
    path = tmp_path / "links" / f"{aid}.json"
    assert json.loads(path.read_text(encoding="utf-8"))["review"] == pending
    load_all(tmp_path)
    store.update_links(aid, links_for(TEXT))
    assert json.loads(path.read_text(encoding="utf-8"))["review"] == pending
    store.update_links(aid, links_for(TEXT), review=[])
    assert "review" not in json.loads(path.read_text(encoding="utf-8"))
    with pytest.raises(IngestError, match="review"):
        store.update_links(aid, [], review=[{"when": object()}])
    with pytest.raises(IngestError, match="review"):
        store.save(inp("Another one"), TEXT, [], review=["not a dict"])
    assert store.article_ids() == [aid]


def test_default_user_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("REGIONMAP_USERDATA", raising=False)
    monkeypatch.chdir(tmp_path)
    assert default_user_dir() == tmp_path / "userdata"
    monkeypatch.setenv("REGIONMAP_USERDATA", str(tmp_path / "elsewhere"))
    assert default_user_dir() == tmp_path / "elsewhere"


def test_curated_data_untouched(tmp_path, monkeypatch):
    before = files_of(DATA)
    with pytest.raises(ValueError, match="curated"):
        UserStore(DATA)
    monkeypatch.setenv("REGIONMAP_USERDATA", str(tmp_path / "user"))
    store = UserStore(default_user_dir())
    aid = store.save(inp("Envoy in Dushanbe"), TEXT, links_for(TEXT))
    store.update_links(aid, [])
    with pytest.raises(IngestError):
        store.save(inp("envoy in dushanbe"), TEXT, [])
    assert files_of(DATA) == before
    assert (tmp_path / "user" / "articles" / f"{aid}.txt").is_file()
