"""The add tab's proposed events: tick to accept, edit kind and title; only ticked ones are saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from typing import Any, Final

import streamlit as st

from .article_view import md_escape
from .events import EventKind
from .extract import ProposedEvent, propose
from .gazetteer import Gazetteer
from .linker import Mention
from .load import Dataset
from .user_events import accepted_records, save_events, short_title

EVENTS_SHOWN = 50  # the list stays bounded whatever the article; the rest are not saved
QUOTE_CHARS = 300
KINDS = [k.value for k in EventKind]
KEEP: Final = "page"  # as in ui_add: values survive while the tab is closed


def proposals(text: str, ds: Dataset, published: Any, found: Sequence[Mention]) -> list[ProposedEvent]:
    """The events :func:`regionmap.extract.propose` finds, from the mentions already linked."""
    return propose(text, published, index=ds.actors, mentions=found).events


def row_key(n: int, i: int) -> str:
    """The accept checkbox of proposal ``i`` of draft ``n`` (its kind and title add ``_kind``/``_title``)."""
    return f"rm_ev_{n}_{i}"


def _set_all(keys: list[str], value: bool) -> None:
    for k in keys:
        st.session_state[k] = value


def _place_name(ds: Dataset, gaz: Gazetteer, fid: str) -> str:
    if fid in ds.features.index:
        return str(ds.features.at[fid, "name"])
    entry = gaz.entries.get(fid)
    return entry.name if entry else fid


def _label(ds: Dataset, gaz: Gazetteer, p: ProposedEvent) -> str:
    where = ", ".join(_place_name(ds, gaz, f) for f in p.places[:4]) + ("…" if len(p.places) > 4 else "")
    who = ", ".join(ds.actors.records[a].name if a in ds.actors.records else a for a in p.actors[:4])
    parts = [p.kind.value, f"{p.date.label()} ({p.date.precision.value})", where, who]
    if p.status.value != "reported":
        parts.append(p.status.value)
    return " · ".join(x for x in parts if x)


def events_section(ds: Dataset, gaz: Gazetteer, props: list[ProposedEvent], n: int) -> None:
    """The list of proposals with an accept box each, "Accept all" and "Dismiss all"."""
    if not props:
        st.caption("No events proposed: no sentence has a date together with a place or an actor.")
        return
    shown = props[:EVENTS_SHOWN]
    keys = [row_key(n, i) for i in range(len(shown))]
    st.markdown(f"**Proposed events** ({len(props):,}): tick the ones to keep; the others are dismissed.")
    if len(props) > len(shown):
        st.caption(
            f"The first {len(shown):,} of {len(props):,} proposals are listed; the rest are not saved."
        )
    c1, c2, _ = st.columns([1, 1, 3])
    c1.button("Accept all", key=f"rm_ev_all_{n}", on_click=_set_all, args=(keys, True))
    c2.button("Dismiss all", key=f"rm_ev_none_{n}", on_click=_set_all, args=(keys, False))
    for key, p in zip(keys, shown, strict=True):
        st.checkbox(md_escape(_label(ds, gaz, p)), key=key, value=False)
        quote = " ".join(p.text[p.start : p.end].split())
        quote = quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1] + "…"
        st.html(f'<div class="rm-sub rm-ev-quote" dir="auto">{escape(quote)}</div>')
        if st.session_state.get(key):
            a, b = st.columns([1, 3])
            a.selectbox("Kind", KINDS, index=KINDS.index(p.kind.value), key=f"{key}_kind", persist_state=KEEP)
            s0, e0 = p.passages[0]
            b.text_input("Title", value=short_title(p.text[s0:e0]), key=f"{key}_title", persist_state=KEEP)


def chosen(props: list[ProposedEvent], n: int) -> list[tuple[ProposedEvent, str | None, str | None]]:
    """The ticked proposals with the kind and title the user gave them."""
    out = []
    for i, p in enumerate(props[:EVENTS_SHOWN]):
        key = row_key(n, i)
        if st.session_state.get(key):
            out.append((p, st.session_state.get(f"{key}_kind"), st.session_state.get(f"{key}_title")))
    return out


def save_chosen(
    root: Any,
    ds: Dataset,
    aid: str,
    props: list[ProposedEvent],
    n: int,
    links: list[dict],
    published: dt.date,
) -> int:
    """Save the accepted events of the article just saved as ``aid``; returns how many.

    Places the saved article does not map (a name the user unlinked) are dropped from the events.
    """
    picked = chosen(props, n)
    if not picked:
        return 0
    places = set(ds.features.index) | {lk["feature"] for lk in links}
    save_events(root, aid, accepted_records(picked, aid, set(ds.actors.records), places, published))
    return len(picked)
