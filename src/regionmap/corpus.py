"""The curated data plus the user's saved articles, as one dataset for the map."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import Point, shape

from .drawable import drawable_problem
from .gazetteer import Entry, Gazetteer, build_gazetteer
from .limits import MAX_MENTIONS
from .load import (
    Dataset,
    _Collector,
    check_article,
    check_links,
    feature_frame,
    link_order,
    load_dataset,
)
from .model import Layer, Precision, Status
from .names import LINEAR_KINDS, plain_kind
from .storage import ArticleRecord, CorpusStore

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


def _review_items(where: str, data: dict, text: str, col: _Collector) -> tuple[dict[str, Any], ...]:
    """The link record's undecided mentions that still point at their words; the rest are reported."""
    raw = data.get("review")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        col.add(where, "review: must be a list")
        return ()
    out = []
    for i, r in enumerate(raw):
        ok = (
            isinstance(r, dict) and isinstance(r.get("start"), int) and isinstance(r.get("end"), int)
            and isinstance(r.get("surface"), str) and text[r["start"] : r["end"]] == r["surface"]
        )  # fmt: skip
        if not ok:
            col.add(where, "is not a mention of the article's text", f"review #{i + 1}")
            continue
        raw_cands = r.get("candidates")
        cands = [
            c
            for c in (raw_cands if isinstance(raw_cands, list) else [])
            if isinstance(c, dict) and isinstance(c.get("feature_id"), str)
        ]
        out.append(_shared_json({**r, "candidates": cands}))
    return tuple(out)


def _shared_json(value: Any) -> Any:
    """``value`` with its strings interned: each article's review repeats the same keys, feature ids
    and names ("Afghanistan", "feature_id"), 14 MB of duplicates at 10,000 saved articles."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, dict):
        return {sys.intern(k) if isinstance(k, str) else k: _shared_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shared_json(v) for v in value]
    return value


def _links_where(rec: ArticleRecord) -> str:
    # the file store's link file sits in links/ beside articles/; a database names its row
    path = Path(rec.where)
    return (
        str(path.parent.parent / "links" / path.name)
        if path.parent.name == "articles"
        else f"{rec.where} links"
    )


def _text_where(rec: ArticleRecord) -> str:
    path = Path(rec.where)
    return str(path.with_suffix(".txt")) if path.suffix == ".json" else f"{rec.where} text"


def _store_of(user_dir: Path | str | None, store: CorpusStore | None, root: Path | str) -> CorpusStore | None:
    if store is not None:
        return store
    if user_dir is None or not (Path(user_dir) / "articles").is_dir():
        return None
    from .store import UserStore

    return UserStore(user_dir, data_dir=root)


def _check_record(
    where: str,
    data: Any,
    aid: str,
    articles: dict,
    known: set[str],
    col: _Collector,
    out: list,
    review: dict[str, tuple[dict[str, Any], ...]],
) -> None:
    """Check one saved article's link record, adding its sound links to ``out`` and its review list."""
    if isinstance(data, Exception):
        col.add(where, str(data))
        return
    if not isinstance(data, dict) or data.get("article") not in articles:
        col.add(where, "links a saved article only; this one names none")
        return
    if data["article"] != aid:
        col.add(where, f"names article {data['article']!r}, not its own {aid!r}")
        return
    n = len(data["links"]) if isinstance(data.get("links"), list) else 0
    n += len(data["review"]) if isinstance(data.get("review"), list) else 0
    if n > MAX_MENTIONS:
        col.add(where, f"{n:,} links and mentions to decide; the limit is {MAX_MENTIONS:,} per article "
                "(the article is shown without them)")  # fmt: skip
        return
    out.extend(check_links(where, data, articles, known, col))
    review[aid] = _review_items(where, data, articles[aid].text, col)


def _load_places(root: Path | str, store: CorpusStore | None, gazetteer: Gazetteer | None = None) -> Dataset:
    """Load ``root`` (curated, checked) and the articles saved in ``store``.

    Saved links may name any gazetteer entry; those entries join the map as features.
    Problems in the store are listed like the curated data's and skip only the record concerned.
    """
    ds = load_dataset(root)
    if store is None:
        return ds
    col = _Collector()
    articles = dict(ds.articles)
    mine: set[str] = set()
    user_links: list = []
    review: dict[str, tuple[dict[str, Any], ...]] = {}
    gaz, known = gazetteer, None
    # each article's links are checked as it streams past and their raw rows dropped at once: held
    # until the end, 750,000 row dicts at 10,000 articles cost more memory than the corpus itself
    for rec in store.articles():
        if isinstance(rec.meta, Exception):
            col.add(rec.where, str(rec.meta))
            continue
        art = check_article(rec.meta, rec.text, rec.where, _text_where(rec), col, rec.text_size)
        if art is None:
            continue
        if art.id in articles:
            col.add(rec.where, "article id is already taken", art.id)
            continue
        articles[art.id] = art
        mine.add(art.id)
        if rec.links is None:
            continue
        if known is None:
            gaz = gaz or build_gazetteer(root, ds.features)
            known = set(ds.features.index) | set(gaz.entries)
        _check_record(_links_where(rec), rec.links, art.id, articles, known, col, user_links, review)
    if known is None and not mine:
        return dataclasses.replace(ds, problems=ds.problems + tuple(col.problems))
    rows, undrawable = [], set()
    for fid in sorted({lk.feature for lk in user_links} - set(ds.features.index)):
        assert gaz is not None  # links were read
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


def load_corpus(
    root: Path | str,
    user_dir: Path | str | None = None,
    gazetteer: Gazetteer | None = None,
    store: CorpusStore | None = None,
) -> Dataset:
    """Load ``root`` (curated, checked) and the saved articles, with their events.

    Parameters
    ----------
    root
        The curated data directory.
    user_dir
        A file store's folder; ignored when ``store`` is given.
    gazetteer
        The gazetteer of ``root``, if already built (saved links may name any of its entries;
        those entries join the map as features).
    store
        The store to read the saved articles, links, events and actors from.

    Returns
    -------
    Dataset
        Problems in the store are listed like the curated data's and skip only the record concerned.
    """
    st = _store_of(user_dir, store, root)
    ds = _load_places(root, st, gazetteer)
    if st is None:
        return ds
    event_files = list(st.event_files())
    actor_file = st.actor_file()
    if not event_files and actor_file is None:
        return ds
    from .events import check_records, event_order

    events, actors, problems = check_records(event_files, actor_file, ds.articles, ds.features.index,
                                             base=ds.actors)  # fmt: skip
    return dataclasses.replace(ds, events=tuple(sorted((*ds.events, *events), key=event_order)),
                               actors=actors, problems=ds.problems + problems)  # fmt: skip
