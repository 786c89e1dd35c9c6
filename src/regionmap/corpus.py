"""The curated data plus the user's saved articles, as one dataset for the map."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import Point, shape

from .drawable import drawable_problem
from .gazetteer import Entry, Gazetteer, build_gazetteer
from .limits import MAX_MENTIONS, USER_JSON_BYTES
from .load import (
    Dataset,
    _Collector,
    check_links,
    feature_frame,
    link_order,
    load_article,
    load_dataset,
)
from .model import Layer, Precision, Status
from .names import LINEAR_KINDS, plain_kind

SOURCE_OF = {"natural-earth": "natural-earth", "geonames": "geonames", "iso-3166-2 (pycountry)": "iso-3166-2",
             "regionmap-curated": "regionmap-gazetteer"}  # fmt: skip


def gazetteer_feature(entry: Entry, geo: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A map feature for a gazetteer entry that a saved article mentions."""
    geometry = None
    ref = entry.geometry_ref
    if ref and ref.get("dataset") in geo:
        by_key = {f["properties"].get("key"): f["geometry"] for f in geo[ref["dataset"]]["features"]}
        parts = [shape(by_key[k]) for k in ref.get("keys", []) if k in by_key]
        if parts:
            geometry = parts[0] if len(parts) == 1 else gpd.GeoSeries(parts).union_all()
    is_country = entry.type == "country" and geometry is not None
    exact = is_country or entry.type == "city"
    # a river, a range or a sea is a line or an area: as one point it is only approximate
    note = None if exact else "Drawn as one representative point."
    if entry.type in LINEAR_KINDS and geometry is None:
        note = f"Approximate point: the {plain_kind(entry.type)} is drawn as one point, not as its course or extent."
    return {
        "id": entry.id,
        "name": entry.name,
        "aliases": list(entry.aliases) + list(entry.demonyms),
        "layer": Layer.COUNTRIES.value if is_country else Layer.PLACES.value,
        "kind": entry.type,
        "precision": (Precision.EXACT if exact else Precision.APPROXIMATE).value,
        # the gazetteer says where a place is, not whether it stands, is planned or gone
        "status": (Status.EXISTING if is_country else Status.NOT_STATED).value,
        "start": None, "end": None, "actors": [],
        "source": SOURCE_OF.get(entry.source, "regionmap-gazetteer"),
        "references": [],
        "description": f"{entry.type} from the regional gazetteer, mentioned in a saved article.",
        "note": note,
        "geonames_id": entry.geonames_id,
        "demonyms": list(entry.demonyms),
        "geometry": geometry if geometry is not None else Point(entry.lon, entry.lat),
    }  # fmt: skip


def _review_items(path: Path, data: dict, text: str, col: _Collector) -> tuple[dict[str, Any], ...]:
    """The link file's undecided mentions that still point at their words; the rest are reported."""
    raw = data.get("review")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        col.add(path, "review: must be a list")
        return ()
    out = []
    for i, r in enumerate(raw):
        ok = (
            isinstance(r, dict) and isinstance(r.get("start"), int) and isinstance(r.get("end"), int)
            and isinstance(r.get("surface"), str) and text[r["start"] : r["end"]] == r["surface"]
        )  # fmt: skip
        if not ok:
            col.add(path, "is not a mention of the article's text", f"review #{i + 1}")
            continue
        raw_cands = r.get("candidates")
        cands = [
            c
            for c in (raw_cands if isinstance(raw_cands, list) else [])
            if isinstance(c, dict) and isinstance(c.get("feature_id"), str)
        ]
        out.append({**r, "candidates": cands})
    return tuple(out)


def _load_places(
    root: Path | str, user_dir: Path | str | None = None, gazetteer: Gazetteer | None = None
) -> Dataset:
    """Load ``root`` (curated, checked) and the articles saved in ``user_dir``.

    Saved links may name any gazetteer entry; those entries join the map as features.
    Problems in the user directory are listed like the curated data's and skip only
    the file concerned.
    """
    ds = load_dataset(root)
    udir = Path(user_dir) if user_dir else None
    if udir is None or not (udir / "articles").is_dir():
        return ds
    col = _Collector()
    articles = dict(ds.articles)
    mine: set[str] = set()
    for meta_path in sorted((udir / "articles").glob("*.json")):
        art = load_article(meta_path, col)
        if art is None:
            continue
        if art.id in articles:
            col.add(meta_path, "article id is already taken", art.id)
            continue
        articles[art.id] = art
        mine.add(art.id)
    link_paths = sorted((udir / "links").glob("*.json"))
    if not link_paths:
        return dataclasses.replace(ds, articles=articles, user_articles=frozenset(mine),
                                   problems=ds.problems + tuple(col.problems))  # fmt: skip
    published = {p.stem for p in (udir / "articles").glob("*.json")}
    # a links file of no published article is what a save killed before its last rename leaves:
    # not a problem to show, and the store removes it on its next save (UserStore.recover)
    link_paths = [p for p in link_paths if p.stem in published]
    gaz = gazetteer or build_gazetteer(root, ds.features)
    known = set(ds.features.index) | set(gaz.entries)
    user_links, review = [], {}
    for path in link_paths:
        data = col.read_json(path, max_bytes=USER_JSON_BYTES)
        if data is None:
            continue
        if not isinstance(data, dict) or data.get("article") not in mine:
            col.add(path, "links a saved article only; this one names none")
            continue
        n = len(data["links"]) if isinstance(data.get("links"), list) else 0
        n += len(data["review"]) if isinstance(data.get("review"), list) else 0
        if n > MAX_MENTIONS:
            col.add(path, f"{n:,} links and mentions to decide; the limit is {MAX_MENTIONS:,} per article "
                    "(the article is shown without them)")  # fmt: skip
            continue
        user_links.extend(check_links(path, data, articles, known, col))
        review[data["article"]] = _review_items(path, data, articles[data["article"]].text, col)
    rows, undrawable = [], set()
    for fid in sorted({lk.feature for lk in user_links} - set(ds.features.index)):
        row = gazetteer_feature(gaz.entries[fid], ds.geo)
        if problem := drawable_problem(row["geometry"]):  # one bad entry must not blank its layer
            col.add(Path(root) / "gazetteer", f"cannot be drawn, its links are skipped: {problem}", fid)
            undrawable.add(fid)
        else:
            rows.append(row)
    user_links = [lk for lk in user_links if lk.feature not in undrawable]
    features = feature_frame([*ds.features.to_dict("records"), *rows]) if rows else ds.features
    links = sorted((*ds.links, *user_links), key=link_order)
    return dataclasses.replace(
        ds, features=features, articles=articles, links=tuple(links), review=review,
        user_articles=frozenset(mine), problems=ds.problems + tuple(col.problems),
    )  # fmt: skip


# --------------------------------------------------------------------------- events of saved articles (issue 11)


def load_corpus(
    root: Path | str, user_dir: Path | str | None = None, gazetteer: Gazetteer | None = None
) -> Dataset:
    """Load ``root`` (curated, checked) and the articles saved in ``user_dir``, with their events.

    Saved links may name any gazetteer entry; those entries join the map as features.
    The events users accepted (``user_dir/events/*.json``) and their actors (``actors.json``)
    join the curated ones. Problems in the user directory are listed like the curated data's
    and skip only the record concerned.
    """
    ds = _load_places(root, user_dir, gazetteer)
    udir = Path(user_dir) if user_dir else None
    if udir is None or not ((udir / "events").is_dir() or (udir / "actors.json").exists()):
        return ds
    from .events import check_dataset, event_order

    events, actors, problems = check_dataset(udir, ds.articles, ds.features.index, base=ds.actors)
    return dataclasses.replace(ds, events=tuple(sorted((*ds.events, *events), key=event_order)),
                               actors=actors, problems=ds.problems + problems)  # fmt: skip
