"""The actor index beside the article: who, in what role, in how many events and passages; choosing one highlights them."""

from __future__ import annotations

from typing import Any

import pandas as pd  # type: ignore[import-untyped]  # no pandas-stubs in the test extra
import pyarrow as pa  # type: ignore[import-untyped]
import streamlit as st

from .article_html import actor_link_key
from .card_html import actor_head_html, actor_passages_html, event_pick, related_html
from .load import Dataset
from .names import plain_kind
from .timeline import actor_focus, actor_rows
from .ui_card import card_body
from .ui_state import ACTOR, ARTICLE, choose_actor, rerun

ACTOR_N = "rm_actor_n"  # the last actor click in the article that was acted on
TABLE_N = "rm_actor_table_n"
CARD_KEY = "rm_actor_card"
COLUMNS = {"name": "Actor", "kind": "Kind", "role": "Role (latest)", "affiliation": "Affiliation",
           "as_of": "Role as of", "events": "Events", "passages": "Passages", "n_articles": "Articles"}  # fmt: skip


_COLUMN_CONFIG = {
    "Actor": st.column_config.TextColumn(width="medium", pinned=True),
    "Kind": st.column_config.TextColumn(width="small"),
    "Role (latest)": st.column_config.TextColumn(
        width="large", help="As the latest article states it, at its date"
    ),
    "Affiliation": st.column_config.TextColumn(width="small"),
    "Role as of": st.column_config.TextColumn(
        width="small", help="The date of the article that states the role"
    ),
    "Events": st.column_config.NumberColumn(width="small"),
    "Passages": st.column_config.NumberColumn(
        width="small", help="Passages and mentions, events' passages included"
    ),
    "Articles": st.column_config.NumberColumn(width="small"),
}


@st.cache_resource(max_entries=4)
def index_rows(_ds: Dataset, key: int) -> list[dict[str, Any]]:
    """The actor index of every article, most events first (read-only)."""
    rows = actor_rows(_ds.actors, _ds.events)
    for r in rows:
        r["n_articles"] = len(r["articles"])
    return rows


@st.cache_resource(max_entries=4)
def _frame(_ds: Dataset, key: int) -> pa.Table:
    # an Arrow table: Streamlit only serialises it on each run, no pandas conversion
    rows = index_rows(_ds, key)
    frame = pd.DataFrame(
        [{label: r[k] for k, label in COLUMNS.items()} for r in rows], columns=list(COLUMNS.values())
    )
    return pa.Table.from_pandas(frame, preserve_index=False)


@st.cache_resource(max_entries=64)
def actor_features(_ds: Dataset, key: int, aid: str | None) -> list[str]:
    """The features choosing ``aid`` rings on the map: their events' places and features, their own feature."""
    if aid is None or aid not in _ds.actors.records:
        return []
    return [f for f in actor_focus(_ds.actors, _ds.events, aid)["features"] if f in _ds.features.index]


def _table_key() -> str:
    return f"rm_actor_table_{st.session_state.get(TABLE_N, 0)}"


def _rows_of(value: Any) -> list[int]:
    sel = value.get("selection") if isinstance(value, dict) else getattr(value, "selection", None)
    rows = sel.get("rows") if isinstance(sel, dict) else getattr(sel, "rows", None)
    return [r for r in rows if isinstance(r, int)] if isinstance(rows, list) else []


def _on_table(ds: Dataset, key: int, table: str) -> None:
    rows = index_rows(ds, key)
    chosen = [i for i in _rows_of(st.session_state.get(table)) if 0 <= i < len(rows)]
    choose_actor(rows[chosen[0]]["id"] if chosen else None)


def actor_panel(ds: Dataset, key: int) -> None:
    """The index as a table (a click on a row chooses the actor) and the chosen actor's card."""
    rows = index_rows(ds, key)
    if not rows:
        st.caption("No actors are recorded for these articles yet.")
        return
    aid = st.session_state.get(ACTOR)
    pos = next((i for i, r in enumerate(rows) if r["id"] == aid), None)
    shown = _rows_of(st.session_state.get(_table_key()))
    if (shown[0] if shown else None) != pos:
        # chosen elsewhere (the article, a card, the link): draw the table afresh with that row selected
        st.session_state[TABLE_N] = st.session_state.get(TABLE_N, 0) + 1
    table = _table_key()
    n_art = len({a for r in rows for a in r["articles"]})
    st.caption(
        f"{len(rows)} actors in {n_art} article(s). Choose one to ring their events' places on the map and "
        "mark their mentions in the article. Roles are as each article states them at its date."
    )
    st.dataframe(
        _frame(ds, key), key=table, on_select=lambda: _on_table(ds, key, table), selection_mode="single-row",
        selection_default={"selection": {"rows": [pos]}} if pos is not None else None, hide_index=True,
        height=min(36 + 35 * len(rows), 320), width="stretch", column_config=_COLUMN_CONFIG, placeholder="—",
    )  # fmt: skip
    if aid in ds.actors.records:
        actor_card(ds, key, aid)
        if st.button("Clear the actor", key="rm_actor_clear"):
            choose_actor(None)
            rerun()


def actor_card(ds: Dataset, key: int, aid: str) -> None:
    """The chosen actor's card: roles by article and date, their events, their passages grouped by article."""
    index = ds.actors
    rec = index.records[aid]
    titles = {a: art.meta.title for a, art in ds.articles.items()}
    st.html(actor_head_html(rec, index.roles_of(aid), titles))
    mine = [ev for ev in ds.events if aid in ev.actors]
    parts = []
    if rec.feature and rec.feature in ds.features.index:
        row = ds.features.loc[rec.feature]
        parts.append(
            related_html("On the map as", [(rec.feature, str(row["name"]), plain_kind(row["kind"]))])
        )
    if mine:
        picks = " · ".join(
            f"{event_pick(ev.id, ev.title)} <small>{ev.date.label() if ev.date else 'undated'}</small>"
            for ev in mine
        )
        parts.append(f'<div class="rm-rel"><span class="rm-rel-t">{len(mine)} event(s):</span> {picks}</div>')
    links = index.links_of(aid)
    page = actor_passages_html(links, ds.articles, actor_link_key, st.session_state.get(ARTICLE))
    if page.shown < page.total:
        parts.append(
            f'<div class="rm-sub">The first {page.shown} of {page.total} passages and mentions</div>'
        )
    card_body(ds, CARD_KEY, "".join(parts) + page.html, f"actor:{aid}")
