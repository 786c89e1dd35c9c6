"""The Dari/Persian gold set is well formed, up to date with its annotation, and spans whole words."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

ZWNJ = "\u200c"

HERE = Path(__file__).resolve().parent
GOLD = sorted((HERE / "gold").glob("*.json"))


def _word_char(c: str) -> bool:
    return c.isalnum() or c == ZWNJ or unicodedata.category(c) == "Mn"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False)


def test_check_gold_accepts_the_set():
    proc = _run(str(HERE.parent / "eval" / "check_gold.py"), str(HERE))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_gold_files_match_the_annotation_and_nothing_is_left_to_review():
    proc = _run(str(HERE / "build_gold.py"), "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "to review: 0" in proc.stdout


@pytest.mark.parametrize("path", GOLD, ids=lambda p: p.stem)
def test_spans_are_whole_words_with_type_and_lemma(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = (HERE / "articles" / gold["article"]).read_text(encoding="utf-8")
    assert 400 <= len(text.split()) <= 800
    assert len(gold["mentions"]) >= 50
    for m in gold["mentions"]:
        s, e = m["start"], m["end"]
        assert text[s:e] == m["surface"]
        # a ZWNJ or a diacritic does not end a word: "افغان" is not a mention inside "افغان‌ها"
        assert s == 0 or not _word_char(text[s - 1]), m
        assert e == len(text) or not _word_char(text[e]), m
        assert m["type"] and m["lemma"], m
        assert m.get("demonym", False) in (True, False)
