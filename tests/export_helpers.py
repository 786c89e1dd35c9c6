"""Shared by the export tests: a user data directory with one saved article whose title is hostile."""

from __future__ import annotations

from pathlib import Path

from regionmap.cli import main

HOSTILE_TITLE = "<img src=x onerror=\"document.title='pwned';window.__pwned=1\">Power </script> talks"
HOSTILE_PUBLISHER = "Test <b>Wire</b> & Co"
USER_ARTICLE = """kabul power cut talks

Officials in Dushanbe said on Monday that Tajik electricity exports to Afghanistan would resume in May.
The Sangtuda plant and the line through Kunduz province will carry the power; Uzbekistan's grid
operator was not consulted. Analysts at the Caspian Policy Center expect Kabul to sign.
"""


def make_user_dir(root: Path) -> Path:
    """Save :data:`USER_ARTICLE` with the hostile title through ``regionmap add``."""
    src = root / "power.txt"
    src.write_text(USER_ARTICLE, encoding="utf-8")
    user = root / "userdata"
    args = ["add", str(src), "--title", HOSTILE_TITLE, "--publisher", HOSTILE_PUBLISHER, "--date", "2024-04-02",
            "--userdata", str(user)]  # fmt: skip
    assert main(args) == 0
    return user


def coords(geometry: dict) -> list[tuple[float, float]]:
    """Every position of a GeoJSON geometry."""
    out: list[tuple[float, float]] = []

    def walk(c):
        if isinstance(c[0], int | float):
            out.append((c[0], c[1]))
        else:
            for x in c:
                walk(x)

    walk(geometry["coordinates"])
    return out


def in_bbox(box: list[float], x: float, y: float) -> bool:
    """RFC 7946 section 5.2: west > east means the box crosses the antimeridian."""
    west, south, east, north = box
    inside_lon = west <= x <= east if west <= east else (x >= west or x <= east)
    return inside_lon and south <= y <= north
