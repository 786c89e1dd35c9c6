"""The feature card under the map: facts, parts, passages by article (paged), features at the same spot."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

import streamlit as st

from . import mapview
from .article_html import event_passage_key
from .article_view import md_escape
from .card_html import (
    CARD_CSS,
    PAGE_SIZE,
    ActorItem,
    actors_html,
    card_header_html,
    event_header_html,
    event_passages_html,
    event_pick,
    links_by_article,
    links_by_feature,
    passages_html,
    related_html,
    shown_name,
)
from .load import Dataset
from .memo import memo
from .model import Link, LinkKind
from .names import plain_kind
from .style import LAYER_COLOURS
from .timeline import actors_for_feature
from .ui_state import (
    ARTICLE,
    CARD_N,
    CARD_PAGE,
    CARD_VIEW,
    CLICK_AT,
    DATE_FROM,
    DATE_TO,
    FOCUS,
    LAYERS,
    choose_actor,
    event_of,
    open_article,
    rerun,
    select,
    select_event,
    sync_url,
)

# One element for all the card's quotes: its links report back which passage to show or
# which feature to select, so a page of 20 quotes costs one element, not 60.
_JS = """
export default function ({ data, parentElement, setStateValue }) {
  let root = parentElement.querySelector('.rm-passages');
  if (!root) {
    root = document.createElement('div');
    root.className = 'rm-passages';
    parentElement.appendChild(root);
  }
  if (root.dataset.key !== data.version) {
    root.innerHTML = data.html;
    root.dataset.key = data.version;
  }
  root.onclick = (ev) => {
    const go = ev.target.closest('a[data-l][data-a]');
    const pick = ev.target.closest('a[data-sel]');
    const actor = ev.target.closest('a[data-actor]');
    const event = ev.target.closest('a[data-event]');
    if (!go && !pick && !actor && !event) return;
    ev.preventDefault();
    if (go) setStateValue('go', { article: go.dataset.a, link: go.dataset.l, n: Date.now() });
    else if (pick) setStateValue('pick', { feature: pick.dataset.sel, n: Date.now() });
    else if (actor) setStateValue('actor', { actor: actor.dataset.actor, n: Date.now() });
    else setStateValue('event', { event: event.dataset.event, n: Date.now() });
  };
}
"""

_COMPONENT = st.components.v2.component(
    "regionmap_passages", html="<div class='rm-passages'></div>", css=CARD_CSS, js=_JS
)
_SHORT = 28
_FULL = "rm_card_full_rerun"


def _short(label: str, n: int = _SHORT) -> str:
    return label if len(label) <= n else label[: n - 1].rstrip() + "…"


def _name(ds: Dataset, fid: str) -> str:
    row = ds.features.loc[fid]
    return shown_name(row, links_by_feature(ds.links).get(fid, ()), st.session_state.get(ARTICLE))[0]


def _kind(ds: Dataset, fid: str) -> str:
    return plain_kind(ds.features.loc[fid, "kind"])


def _related(ds: Dataset, fid: str) -> str:
    """The project a feature belongs to, its parts, and the other features of the passage in focus."""
    feats = ds.features
    out = []
    whole = feats.loc[fid, "part_of"]
    if whole in feats.index:
        out.append(related_html("Part of", [(whole, _name(ds, whole), _kind(ds, whole))]))
    parts = [p for p in feats.index[feats["part_of"] == fid]]
    if parts:
        out.append(related_html(f"{len(parts)} part(s):", [(p, _name(ds, p), _kind(ds, p)) for p in parts]))
    focus = st.session_state.get(FOCUS)
    at = _focused(ds, fid, focus)
    if at is not None and at.kind == LinkKind.PASSAGE:
        same = sorted({
            lk.feature for lk in links_by_article(ds.links).get(at.article, ())
            if lk.article == at.article and lk.kind == LinkKind.PASSAGE and (lk.start, lk.end) == (at.start, at.end)
            and lk.feature != fid and lk.feature in feats.index
        })  # fmt: skip
        if same:
            items = [(o, _name(ds, o), _kind(ds, o)) for o in same]
            out.append(related_html("The same passage also speaks of", items))
    return "".join(out)


def _focused(ds: Dataset, fid: str, focus: object) -> Link | None:
    """The feature's link with key ``focus``, looked up among its article's links, not all of the feature's."""
    # a key is "<article>-<start>-<end>-<feature>": with the feature known the rest splits unambiguously
    suffix = f"-{fid}"
    if not isinstance(focus, str) or not focus.endswith(suffix):
        return None
    parts = focus.removesuffix(suffix).rsplit("-", 2)
    if len(parts) != 3:
        return None
    return next((lk for lk in links_by_article(ds.links).get(parts[0], ()) if lk.key == focus), None)


def _links_shown(ds: Dataset, fid: str) -> list[Link]:
    """A feature's links, and for a part of a project those about the whole project too."""
    index = links_by_feature(ds.links)
    whole = ds.features.loc[fid, "part_of"]
    # the same list while the corpus lives, so the card's grouping is derived once per feature
    return memo(f"shown:{fid}:{whole}", (ds.links,),
                lambda: [*index.get(fid, []), *(index.get(whole, []) if whole else [])])  # fmt: skip


def actor_items(ds: Dataset, ids: list[str], named: list | None = None) -> list[ActorItem]:
    """Actors for a card: those the feature names, then the others tied to it, each with their latest
    role as an article states it at its date (else the role the feature gives them)."""
    out: dict[str, ActorItem] = {}
    index = ds.actors
    for a in named or ():  # the feature's own list comes first, in its order
        name = a.get("name") if isinstance(a, dict) else None
        if not name:
            continue
        aid = index.resolve(name)
        out[aid or name] = ActorItem(aid, index.records[aid].name if aid else name, a.get("role"),
                                     a.get("affiliation"))  # fmt: skip
    for aid in ids:
        rec = index.records.get(aid)
        if rec is None:
            continue
        roles = index.roles_of(aid)
        known = out.get(aid)
        if roles:  # the role as an article states it at its date wins over the feature's undated one
            r = roles[0]
            out[aid] = ActorItem(aid, rec.name, r.role, r.affiliation, r.as_of.isoformat())
        elif known is None:
            out[aid] = ActorItem(aid, rec.name)
    return list(out.values())


def card_body(ds: Dataset, key: str, html: str, version: str) -> str | None:
    """The card's clickable part (quotes, features, actors, events) as one component; acts on its clicks."""
    value = _COMPONENT(
        key=key,
        data={"html": html, "version": f"{version}:{len(html)}:{hash(html)}"},
        default={"go": None, "pick": None, "actor": None, "event": None},
        on_go_change=lambda: _on_card_event(ds, key),
        on_pick_change=lambda: _on_card_event(ds, key),
        on_actor_change=lambda: _on_card_event(ds, key),
        on_event_change=lambda: _on_card_event(ds, key),
    )
    # AppTest and first-run path; the browser goes through the callbacks
    done = apply_card_event(ds, value)
    if st.session_state.pop(_FULL, False) or done == "article":
        st.rerun()  # another article: the sidebar's picker must show it too
    if done:
        rerun()
    return done


def _filtering() -> bool:
    return st.session_state.get(DATE_FROM) is not None or st.session_state.get(DATE_TO) is not None


def card(ds: Dataset, fid: str) -> None:
    """The card of ``fid``: header, related features, actors, the first page of passages, "more", the spot's others."""
    sync_url()  # the URL names the feature this card shows, however it was chosen
    row = ds.features.loc[fid]
    links = _links_shown(ds, fid)
    open_aid = st.session_state.get(ARTICLE)
    own = links_by_feature(ds.links).get(fid, [])
    src = ds.sources[row["source"]]
    st.html(card_header_html(row, src, own, open_aid, actors=False, undated_note=_filtering()))
    page = st.session_state.get(CARD_PAGE)
    limit = page[1] if isinstance(page, tuple) and page[0] == fid else PAGE_SIZE
    body = passages_html(links, ds.articles, LAYER_COLOURS[row["layer"]], open_aid, limit)
    tied = actors_for_feature(ds.actors, ds.events, fid, row["actors"] or ())
    actors = actors_html(actor_items(ds, tied, list(row["actors"] or ())))
    related = _related(ds, fid) + actors + _events_of_feature(ds, fid)
    if not body.total:
        st.caption("No article passage links to this feature; it is shown as context.")
    if body.total or related:
        card_body(ds, CARD_VIEW, related + body.html, fid)
    if body.shown < body.total:
        more = min(PAGE_SIZE, body.total - body.shown)
        st.button(
            f"Show {more} more ({body.shown:,} of {body.total:,} shown)",
            key="rm_more",
            on_click=_more,
            args=(fid, body.shown + PAGE_SIZE),
        )
    _also_here(ds, fid)
    if st.button("Clear selection", key="rm_clear"):
        select(ds, None)
        rerun()


def _more(fid: str, n: int) -> None:
    st.session_state[CARD_PAGE] = (fid, n)


def _on_card_event(ds: Dataset, key: str = CARD_VIEW) -> None:
    if apply_card_event(ds, st.session_state.get(key)) == "article":
        st.session_state[_FULL] = True


def apply_card_event(ds: Dataset, value) -> str | None:
    """Act on a click in a card: show a passage, select a feature or an event, choose an actor.

    Returns "article" when another article was opened, "article-focus" when the open one
    scrolls to a passage, "feature", "event" or "actor" for a new choice, None if nothing was new.
    """
    if value is None:
        return None
    get: Callable = value.get if isinstance(value, dict) else lambda k: getattr(value, k, None)
    events = [(name, ev) for name in ("go", "pick", "actor", "event") if isinstance(ev := get(name), dict)]
    fresh = [(name, ev) for name, ev in events if ev.get("n") and ev.get("n") != st.session_state.get(CARD_N)]
    if not fresh:
        return None
    name, ev = max(fresh, key=lambda e: e[1]["n"])
    st.session_state[CARD_N] = ev["n"]
    if name == "go" and ev.get("article") in ds.articles:
        other = ev["article"] != st.session_state.get(ARTICLE)
        open_article(ev["article"], ev.get("link"))
        return "article" if other else "article-focus"
    if name == "pick" and ev.get("feature") in ds.features.index:
        select(ds, ev["feature"])
        return "feature"
    if name == "actor" and ev.get("actor") in ds.actors.records:
        choose_actor(ev["actor"])
        return "actor"
    if name == "event" and event_of(ds, ev.get("event")) is not None:
        return "event" if select_event(ds, ev["event"]) else "article"
    return None


def _events_of_feature(ds: Dataset, fid: str) -> str:
    """The events a feature stands for or that took place there, to select."""
    mine = [ev for ev in ds.events if fid in ev.features or fid in ev.places]
    if not mine:
        return ""
    items = [(ev.id, ev.title, ev.date.label() if ev.date else "undated") for ev in mine[:12]]
    more = f" <small>and {len(mine) - 12} more</small>" if len(mine) > 12 else ""
    picks = " · ".join(
        f"{event_pick(eid, title)} <small>{escape(when)}</small>" for eid, title, when in items
    )
    return f'<div class="rm-rel"><span class="rm-rel-t">Events here:</span> {picks}{more}</div>'


def event_card(ds: Dataset, eid: str) -> None:
    """The card of an event: its date as precise as the text, places, features, actors, status, passages."""
    sync_url()
    ev = event_of(ds, eid)
    if ev is None:
        return
    art = ds.articles.get(ev.article)
    st.html(event_header_html(ev, art.meta.title if art else None))
    feats = ds.features
    places = [(f, _name(ds, f), _kind(ds, f)) for f in ev.places if f in feats.index]
    shown = [(f, _name(ds, f), _kind(ds, f)) for f in ev.features if f in feats.index]
    keys = [event_passage_key(ev.id, i) for i in range(len(ev.passages))]
    html = (
        related_html("Where:", places) + related_html("On the map as:", shown)
        + actors_html(actor_items(ds, list(ev.actors)))
        + event_passages_html(ev, art, "#0072B2", keys)
    )  # fmt: skip
    card_body(ds, CARD_VIEW, html, f"event:{ev.id}")
    if st.button("Clear selection", key="rm_clear_event"):
        select(ds, None)
        rerun()


def _also_here(ds: Dataset, fid: str) -> None:
    at = st.session_state.get(CLICK_AT)
    if not at:
        return
    others = [o for o in mapview.features_at(ds, at[0], at[1], st.session_state[LAYERS]) if o != fid][:8]
    if not others:
        return
    st.caption("Also at the spot you clicked:")
    cols = st.columns(min(len(others), 4))
    for i, other in enumerate(others):
        name = _name(ds, other)
        cols[i % len(cols)].button(
            md_escape(_short(name)),
            key=f"rm_also_{other}",
            help=md_escape(f"{name} ({_kind(ds, other)})"),
            on_click=_pick,
            args=(ds, other),
        )


def _pick(ds: Dataset, fid: str) -> None:
    select(ds, fid, click_at=st.session_state.get(CLICK_AT))  # the same spot: keep offering the others
