"""The strict scorer: exact spans, exact entity vs 161 km, town→region, and sets that cannot be scored."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from regionmap.evaluate import EvalError, Scorer, evaluate_set, find_sets, load_set, score_article
from regionmap.gazetteer import Entry, Gazetteer
from regionmap.linker import Mention

ROOT = Path(__file__).resolve().parents[1]


def gaz() -> Gazetteer:
    return Gazetteer(
        {
            "gn-1": Entry("gn-1", "Oshville", "city", 40.0, 72.0, population=300_000, geonames_id=1),
            "adm1-x": Entry("adm1-x", "Oshville Region", "adm1", 40.0, 72.0),
            "gn-2": Entry("gn-2", "Nearby", "city", 40.5, 72.5, geonames_id=2),
            "gn-3": Entry("gn-3", "Far", "city", 45.0, 80.0, geonames_id=3),
            "place-oshville": Entry(
                "place-oshville", "Oshville", "city", 40.0, 72.0, is_feature=True, geonames_id=9
            ),
            "energy-a": Entry("energy-a", "Line A", "power line", 40.0, 70.0),
            "country-xxx": Entry("country-xxx", "Xland", "country", 41.0, 73.0, aliases=("Xlandish",)),
        }
    )


def mention(start, end, fid, g):
    e = g.entries.get(fid) if fid else None
    return Mention(start, end, "x" * (end - start), fid, e and e.name, e and e.lat, e and e.lon, 1.0)


def gold(start, end, id_, lat=40.0, lon=72.0, **kw):
    return {
        "start": start,
        "end": end,
        "surface": "x" * (end - start),
        "id": id_,
        "lat": lat,
        "lon": lon,
        **kw,
    }


def test_exact_near_and_wrong_are_told_apart():
    g = gaz()
    scorer = Scorer(g, {})
    golds = [gold(0, 5, "gn-1"), gold(10, 15, "gn-1"), gold(20, 25, "gn-1"), gold(30, 35, "gn-9")]
    preds = [mention(0, 5, "gn-1", g), mention(10, 15, "gn-2", g), mention(20, 25, "gn-3", g),
             mention(30, 35, "place-oshville", g)]  # fmt: skip
    sc, _, errors = score_article(preds, golds, scorer)
    assert (sc.gold, sc.predicted, sc.matched) == (4, 4, 4)
    assert sc.exact == 2  # same id; a feature that carries the gold's GeoNames id
    assert sc.near == 3  # gn-2 is ~70 km away: near, not exact; gn-3 is far
    kinds = [(e.kind, e.within_km) for e in errors]
    assert kinds == [("wrong place", True), ("wrong place", False)]


def test_a_town_resolved_to_its_region_is_wrong_at_any_distance():
    g = gaz()
    scorer = Scorer(g, {})
    golds = [gold(0, 5, "gn-1"), gold(10, 15, "adm1-x"), gold(20, 25, "gn-1", type="city")]
    preds = [mention(0, 5, "adm1-x", g), mention(10, 15, "gn-1", g), mention(20, 25, "country-xxx", g)]
    sc, _, errors = score_article(preds, golds, scorer)
    assert sc.matched == 3 and sc.exact == 0 and sc.near == 0  # all within 161 km, all wrong
    assert [e.kind for e in errors] == ["town→region", "region→town", "town→region"]


def test_gold_type_overrides_the_gazetteer_type():
    g = gaz()
    scorer = Scorer(g, {})
    # the gold says this mention of a city-typed id is a region: a city prediction is then region→town
    sc, _, errors = score_article([mention(0, 5, "gn-2", g)], [gold(0, 5, "gn-1", type="adm1")], scorer)
    assert sc.near == 0 and errors[0].kind == "region→town"


def test_declared_equivalents_are_exact():
    g = gaz()
    golds = [gold(0, 5, "energy-project", 40.0, 70.0)]
    preds = [mention(0, 5, "energy-a", g)]
    assert score_article(preds, golds, Scorer(g, {}))[0].exact == 0
    assert score_article(preds, golds, Scorer(g, {"energy-project": {"energy-a"}}))[0].exact == 1


def test_spans_must_match_exactly_and_misses_and_false_positives_are_listed():
    g = gaz()
    sc, _, errors = score_article([mention(0, 4, "gn-1", g), mention(50, 55, "gn-2", g)],
                                  [gold(0, 5, "gn-1")], Scorer(g, {}))  # fmt: skip
    assert (sc.matched, sc.precision, sc.recall) == (0, 0.0, 0.0)
    assert sorted(e.kind for e in errors) == ["false positive", "false positive", "missed"]


def test_demonym_mentions_are_counted_apart():
    g = gaz()
    golds = [gold(0, 5, "gn-1"), gold(10, 18, "country-xxx", 41.0, 73.0, demonym=True)]
    preds = [mention(0, 5, "gn-1", g), mention(10, 18, "gn-1", g)]
    every, dem, _ = score_article(preds, golds, Scorer(g, {}))
    assert (every.gold, every.matched, every.exact) == (2, 2, 1)
    assert (dem.gold, dem.matched, dem.exact) == (1, 1, 0)


def test_undefined_ratios_are_none_not_perfect():
    g = gaz()
    sc, _, _ = score_article([], [gold(0, 5, "gn-1")], Scorer(g, {}))
    assert sc.precision is None and sc.recall == 0.0 and sc.exact_rate is None


def write_set(root: Path, mentions, article="a.txt", text="Oshville is here.") -> Path:
    (root / "gold").mkdir(parents=True)
    (root / "articles").mkdir()
    (root / "articles" / "a.txt").write_text(text, encoding="utf-8")
    (root / "gold" / "a.json").write_text(json.dumps({"article": article, "mentions": mentions}))
    return root


def test_sets_that_cannot_be_scored_raise(tmp_path):
    with pytest.raises(EvalError, match="no such evaluation set"):
        load_set(tmp_path / "nope")
    (tmp_path / "nogold").mkdir()
    with pytest.raises(EvalError, match="no gold files"):
        load_set(tmp_path / "nogold")
    with pytest.raises(EvalError, match="no mentions"):
        load_set(write_set(tmp_path / "empty", []))
    with pytest.raises(EvalError, match="missing"):
        load_set(write_set(tmp_path / "lost", [gold(0, 8, "gn-1")], article="gone.txt"))
    bad = write_set(tmp_path / "bad", [gold(0, 8, "gn-1")])
    (bad / "gold" / "a.json").write_text("{not json")
    with pytest.raises(EvalError, match="unreadable gold file"):
        load_set(bad)


class OneLinker:
    def __init__(self, g):
        self.gaz = g

    def link(self, text):
        return [mention(0, 8, "adm1-x", self.gaz)]


def test_evaluate_set_on_files(tmp_path):
    d = write_set(tmp_path / "eval_x", [gold(0, 8, "gn-1")])
    r = evaluate_set(d, OneLinker(gaz()), Scorer(gaz(), {}))
    assert (r.total.precision, r.total.recall, r.total.exact_rate, r.total.near_rate) == (1.0, 1.0, 0.0, 0.0)
    assert [e.kind for e in r.errors] == ["town→region"]
    assert r.without_demonyms is None  # no demonym flags in this gold


def test_default_sets_are_found_from_the_project_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    names = [p.name for p in find_sets()]
    assert names[:2] == ["eval", "eval_heldout"]
    (tmp_path / "eval_new" / "gold").mkdir(parents=True)
    (tmp_path / "eval_new" / "articles").mkdir()
    (tmp_path / "eval_nogold").mkdir()
    (tmp_path / "eval_events" / "gold").mkdir(parents=True)  # scores another tool on other sets' texts
    assert [p.name for p in find_sets(tmp_path)] == ["eval_new"]


def run_cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "regionmap.cli", "evaluate", *args], capture_output=True,
                          text=True, check=False, cwd=cwd)  # fmt: skip


@pytest.mark.parametrize("kind", ["missing", "empty", "no-gold"])
def test_cli_exits_non_zero_with_one_line(tmp_path, kind):
    target = tmp_path / "set"
    if kind == "empty":
        write_set(target, [])
    elif kind == "no-gold":
        (target / "articles").mkdir(parents=True)
    proc = run_cli(str(target))
    assert proc.returncode == 2
    assert proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1
    assert str(target) in proc.stderr and "1.000" not in proc.stderr


def test_cli_scores_every_default_set_and_prints_json(tmp_path):
    proc = run_cli("--json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert {"eval", "eval_heldout"} <= set(out["sets"])
    pooled = out["pooled"]["total"]
    assert pooled["gold"] == sum(s["total"]["gold"] for s in out["sets"].values())
    assert 0 < pooled["exact_rate"] <= pooled["near_rate"] <= 1


def test_cli_errors_are_grouped_by_class():
    proc = run_cli(str(ROOT / "tests" / "eval_heldout"), "--errors", "--brief")
    assert proc.returncode == 0, proc.stderr
    for kind in ("missed", "false positive", "wrong place", "town→region", "region→town"):
        assert f"== {kind}: " in proc.stdout
