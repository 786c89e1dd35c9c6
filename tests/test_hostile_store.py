"""Crash-safe saves (issue 8, case 7): saves killed with SIGKILL at every stage leave the store old or new.

Each save runs in a subprocess whose ``os.fsync`` is slowed (and announced on stdout), so the
test can kill it while a given file is being written, or after a random delay.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DATA, ROOT

from regionmap.corpus import load_corpus
from regionmap.ingest import article_id, article_input, check_text
from regionmap.store import UserStore

FSYNC_SECONDS = 0.04
CHILD = r"""
import os, sys, time
real_fsync = os.fsync
def slow_fsync(fd):
    print("fsync", flush=True)
    time.sleep(float(sys.argv[4]))
    real_fsync(fd)
os.fsync = slow_fsync
from pathlib import Path
from regionmap.ingest import article_input, check_text
from regionmap.store import UserStore
store = UserStore(Path(sys.argv[1]))
mode, n = sys.argv[2], sys.argv[3]
print("ready", flush=True)
sys.stdin.readline()
if mode == "save":
    text = check_text(f"Report {n}\n\nTalks in Dushanbe about Afghanistan.\n")
    links = [{"feature": "place-dushanbe", "quote": "Dushanbe", "start": text.index("Dushanbe"),
              "end": text.index("Dushanbe") + 8}]
    review = [{"start": text.index("Afghanistan"), "end": text.index("Afghanistan") + 11, "surface": "Afghanistan",
               "feature_id": "country-afg", "candidates": []}]
    store.save(article_input(title=f"Report {n}", publisher="W", date="2024-01-01"), text, links, review=review)
else:
    store.decide(n, {(int(sys.argv[5]), int(sys.argv[6])): "country-afg"})
print("done", flush=True)
"""


def _text(n: int) -> str:
    return check_text(f"Report {n}\n\nTalks in Dushanbe about Afghanistan.\n")


def _child(user: Path, mode: str, n: str, *extra: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, str(user), mode, n, str(FSYNC_SECONDS), *extra],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT)  # fmt: skip
    assert proc.stdout.readline().strip() == "ready"
    return proc


def _kill(proc: subprocess.Popen, *, after_fsyncs: int | None = None, delay: float | None = None) -> bool:
    """Start the child's work and SIGKILL it; True if it finished first."""
    proc.stdin.write("go\n")
    proc.stdin.flush()
    finished = False
    if after_fsyncs is not None:
        seen = 0
        while seen < after_fsyncs:
            line = proc.stdout.readline().strip()
            if line == "done" or not line:
                finished = True
                break
            seen += line == "fsync"
    else:
        time.sleep(delay or 0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    proc.stdout.close()
    proc.stdin.close()
    return finished


def _assert_sound(user: Path, published: set[str]) -> set[str]:
    """The store holds ``published`` and maybe one more complete article; loading shows no problem."""
    ds = load_corpus(DATA, user)
    assert ds.problems == (), [str(p) for p in ds.problems]
    now = set(ds.user_articles)
    assert published <= now and len(now - published) <= 1
    for aid in (a for a in now if a.startswith("report-")):  # complete: text, links and review
        stored = json.loads((user / "links" / f"{aid}.json").read_text(encoding="utf-8"))
        assert [lk["feature"] for lk in stored["links"]] == ["place-dushanbe"]
        assert [r["surface"] for r in stored["review"]] == ["Afghanistan"]
        assert [lk.feature for lk in ds.links if lk.article == aid] == ["place-dushanbe"]
    return now


def test_issue8_7_saves_killed_at_every_stage_leave_old_or_new(tmp_path):
    user = tmp_path / "user"
    UserStore(user).save(article_input(title="Seed", publisher="W", date="2024-01-01"), _text(0), [])
    published = {article_id("Seed", _text(0))}
    rng = random.Random(8)
    # a save makes 3 file fsyncs and 2 directory fsyncs: kill during each, then at random moments
    plan = [("fsyncs", k) for k in range(1, 6)] + [("delay", rng.uniform(0, 0.35)) for _ in range(10)]
    outcomes, leftovers_seen = [], 0
    for n, (how, value) in enumerate(plan, start=1):
        proc = _child(user, "save", str(n))
        kw = {"after_fsyncs": int(value)} if how == "fsyncs" else {"delay": value}
        _kill(proc, **kw)
        leftovers_seen += bool(UserStore(user).leftovers())
        now = _assert_sound(user, published)
        outcomes.append("new" if now != published else "old")
        assert now - published <= {article_id(f"Report {n}", _text(n))}
        published = now
    assert "old" in outcomes and "new" in outcomes and leftovers_seen, outcomes
    # the next save clears what the killed ones left behind
    store = UserStore(user)
    store.save(article_input(title="After", publisher="W", date="2024-01-02"), _text(99), [])
    assert store.leftovers() == [] and not list(user.rglob("*.tmp"))
    _assert_sound(user, published | {article_id("After", _text(99))})


def test_issue8_7_decisions_killed_midway_are_all_or_nothing(tmp_path):
    user = tmp_path / "user"
    store = UserStore(user)
    text = _text(1)
    start = text.index("Afghanistan")
    review = [
        {"start": start, "end": start + 11, "surface": "Afghanistan", "feature_id": None, "candidates": []}
    ]
    aid = store.save(article_input(title="Decide", publisher="W", date="2024-01-01"), text, [], review=review)
    path = user / "links" / f"{aid}.json"
    old = path.read_bytes()
    results = set()
    for k in (1, 2):  # the links file's fsync, then the directory's
        proc = _child(user, "decide", aid, str(start), str(start + 11))
        _kill(proc, after_fsyncs=k)
        data = json.loads(path.read_text(encoding="utf-8"))
        assert path.read_bytes() == old or (
            data.get("review", []) == [] and data["links"][0]["quote"] == "Afghanistan"
        )
        results.add(path.read_bytes() == old)
        assert load_corpus(DATA, user).problems == ()
        path.write_bytes(old)
    assert results == {True, False}


@pytest.mark.parametrize("leftover", ["links", "text", "tmp"])
def test_leftovers_of_an_interrupted_save_show_no_banner(tmp_path, leftover):
    user = tmp_path / "user"
    store = UserStore(user)
    store.save(article_input(title="Kept", publisher="W", date="2024-01-01"), _text(0), [])
    name = {"links": "links/ghost-1234abcd.json", "text": "articles/ghost-1234abcd.txt",
            "tmp": "articles/.ghost-1234abcd.json.x1y2.tmp"}[leftover]  # fmt: skip
    (user / name).write_text('{"article": "ghost-1234abcd", "links": []}', encoding="utf-8")
    assert load_corpus(DATA, user).problems == ()
    assert [Path(p).name for p in store.leftovers()] == [Path(name).name]
    assert store.recover() == [str(user / name)] and not (user / name).exists()
