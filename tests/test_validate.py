"""`regionmap validate` on broken copies of the data: one clear line per problem, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import SEED, edit_json

from regionmap.cli import main


def run(capsys, data_dir):
    code = main(["validate", str(data_dir)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_sound_data_passes_with_summary(capsys, data_copy):
    code, out, err = run(capsys, data_copy)
    assert code == 0 and err == ""
    assert "76 features" in out and "provinces      34" in out and out.rstrip().endswith("OK")
    assert len(out.splitlines()) <= 24  # one screen


def _feature(data, fid):
    return next(f for f in data["features"] if f["id"] == fid)


CASES = {
    "broken json": (
        "features/places.geojson",
        lambda p: p.write_text(p.read_text(encoding="utf-8")[:-40], encoding="utf-8"),
        ["features/places.geojson: broken JSON at line"],
    ),
    "missing field": (
        "features/energy.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "energy-kabul-converter")["properties"].pop("precision")),
        ["features/energy.geojson: energy-kabul-converter: properties.precision: Field required"],
    ),
    "bad enum": (
        "features/energy.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "energy-kabul-converter")["properties"].update(status="rumoured")),
        ["energy-kabul-converter: properties.status: Input should be"],
    ),
    "duplicate id": (
        "features/security.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "security-dushanbe-plots").update(id="place-dushanbe")),
        ["features/security.geojson: place-dushanbe: duplicate id (also in"],
    ),
    "self-intersecting geometry": (
        "features/places.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "place-doha").update(geometry={
            "type": "Polygon", "coordinates": [[[51, 25], [52, 26], [52, 25], [51, 26], [51, 25]]]})),
        ["features/places.geojson: place-doha: invalid geometry: Self-intersection"],
    ),
    "malformed geometry": (
        "features/places.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "place-doha").update(geometry={"type": "Point", "coordinates": []})),
        ["features/places.geojson: place-doha:"],
    ),
    "out of range (lat, lon swapped)": (
        "features/places.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "place-washington").update(
            geometry={"type": "Point", "coordinates": [38.9, -277.0]})),
        ["features/places.geojson: place-washington: coordinates out of range"],
    ),
    "quote does not match": (
        f"links/{SEED}.json",
        lambda p: edit_json(p, lambda d: d["links"][3].update(quote="Tashkent")),
        [f"links/{SEED}.json: link #4", "quote 'Tashkent' does not match the text at"],
    ),
    "link to unknown feature": (
        f"links/{SEED}.json",
        lambda p: edit_json(p, lambda d: d["links"][0].update(feature="place-atlantis")),
        [f"links/{SEED}.json: link #1 (place-atlantis): links to unknown feature 'place-atlantis'"],
    ),
    "date not ISO 8601": (
        "features/diplomacy.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "event-apn-doha")["properties"].update(start="12/09/2020")),
        ["features/diplomacy.geojson: event-apn-doha: properties.start: date '12/09/2020' is not ISO 8601"],
    ),
    "date as a number": (
        "features/diplomacy.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "event-apn-doha")["properties"].update(start=1599868800)),
        ["event-apn-doha: properties.start: date must be an ISO 8601 string"],
    ),
    "end before start": (
        "features/diplomacy.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "event-khalilzad-visit")["properties"].update(end="2020-10-01")),
        ["event-khalilzad-visit: properties: end 2020-10-01 is before start 2020-10-02"],
    ),
    "unknown geometry key": (
        "features/provinces.geojson",
        lambda p: edit_json(p, lambda d: _feature(d, "province-jawzjan")["properties"]["geometry_ref"].update(keys=["AF99"])),
        ["province-jawzjan: geometry_ref: no key 'AF99' in geo/afg_adm1.geojson"],
    ),
    "article text edited": (
        f"articles/{SEED}.txt",
        lambda p: p.write_text(p.read_text(encoding="utf-8").replace("Jawzjan", "Jowzjan"), encoding="utf-8"),
        [f"articles/{SEED}.txt: {SEED}: text differs from the recorded sha256"],
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", list(CASES))
def test_broken_copy_is_reported(capsys, data_copy, case):
    rel, breaker, expected = CASES[case]
    breaker(data_copy / rel)
    code, _out, err = run(capsys, data_copy)
    assert code == 1
    assert "Traceback" not in err
    for fragment in expected:
        assert any(fragment in line for line in err.splitlines()), (fragment, err)
    # every problem line names the file it is about
    problem_lines = err.splitlines()[:-1]
    assert problem_lines and all(line.startswith(str(data_copy)) for line in problem_lines)


def test_several_problems_each_get_a_line(capsys, data_copy):
    for case in ("missing field", "date not ISO 8601", "link to unknown feature"):
        rel, breaker, _ = CASES[case]
        breaker(data_copy / rel)
    code, _, err = run(capsys, data_copy)
    assert code == 1
    assert err.splitlines()[-1] == f"3 problem(s) in {data_copy}"


def test_command_line_never_shows_a_traceback(data_copy):
    (data_copy / "sources.json").write_bytes(b"\xff\xfe not json")
    proc = subprocess.run([sys.executable, "-m", "regionmap.cli", "validate", str(data_copy)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert proc.returncode == 1
    assert "sources.json: not UTF-8 text" in proc.stderr
    assert "Traceback" not in proc.stderr
