"""Session keys and the one way to change the selection (card, halo, article and URL together)."""

from __future__ import annotations

import streamlit as st
from streamlit.errors import StreamlitAPIException

from .article_html import event_passage_key
from .card_html import links_by_article
from .events import EventRecord
from .load import Dataset

SEL, FOCUS, LAYERS, SEARCH, ARTICLE = "rm_sel", "rm_focus", "rm_layers", "rm_search", "rm_article"
MAP, CLICKS, CHOICE_N, NOTICES = "rm_map", "rm_clicks", "rm_choice_n", "rm_notices"
NEXT_ARTICLE = "rm_next_article"
CLICK_AT = "rm_click_at"
ARTICLE_VIEW = "rm_article_view"
CARD_PAGE = "rm_card_page"  # (feature id, quotes shown) of the card's passage list
CARD_VIEW = "rm_card_view"  # the card's passage list component
CARD_N = "rm_card_n"
# time and people: the selected event (instead of a feature), the chosen actor, the date range
# (None: open at that end); ui_export reads the same keys for the Download section
EVENT, ACTOR = "rm_event", "rm_actor"
DATE_FROM, DATE_TO = "rm_date_from", "rm_date_to"


def default_article(ds: Dataset) -> str | None:
    """The article a link without ``article=`` opens: the curated source article, never the newest upload.

    The curated articles ship with the data; of several, the first by id. Without any,
    the newest saved article.
    """
    curated = sorted(a for a in ds.articles if a not in ds.user_articles)
    if curated:
        return curated[0]
    newest = sorted(ds.articles, key=lambda a: (ds.articles[a].meta.published, a), reverse=True)
    return newest[0] if newest else None


def sync_url() -> None:
    """Make the URL name what the page shows: the open article and the feature on the card.

    Called after every change of selection and whenever the card is drawn, so a link
    copied at any moment opens the same view, however the selection was made. The event,
    the chosen actor and the date range (``from``/``to``) are kept the same way.
    """
    state = st.session_state
    d0, d1 = state.get(DATE_FROM), state.get(DATE_TO)
    for name, value in (
        ("article", state.get(ARTICLE)), ("feature", state.get(SEL)), ("event", state.get(EVENT)),
        ("actor", state.get(ACTOR)), ("from", d0.isoformat() if d0 else None),
        ("to", d1.isoformat() if d1 else None),
    ):  # fmt: skip
        if value is None:
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value or len(st.query_params.get_all(name)) != 1:
            st.query_params[name] = value


def open_article(article_id: str, focus: str | None = None) -> bool:
    """Show ``article_id`` in the reader, scrolled to the link ``focus`` if given.

    Returns False when the article picker is already drawn in this run (a click handled
    in the script, not in a callback): the article then opens on the next run, which the
    caller must ask for.
    """
    st.session_state[FOCUS] = focus
    try:
        st.session_state[ARTICLE] = article_id
    except StreamlitAPIException:  # the picker's widget exists already in this run
        st.session_state[NEXT_ARTICLE] = article_id
        st.query_params["article"] = article_id
        return False
    sync_url()
    return True


def select(
    ds: Dataset, fid: str | None, focus: str | None = None, click_at: tuple[float, float] | None = None
) -> None:
    """Make ``fid`` the selected feature everywhere: card, map halo, article and URL.

    Parameters
    ----------
    ds
        The loaded data.
    fid
        The feature to select; None clears the selection.
    focus
        The key of the link to scroll the article to; by default the feature's first
        link in the open article.
    click_at
        The map position when the selection came from a map click; the card then offers
        the other features at that spot.
    """
    st.session_state[SEL] = fid
    st.session_state[EVENT] = None
    st.session_state[CLICK_AT] = click_at
    if fid is None:
        st.session_state[FOCUS] = None
        sync_url()
        return
    if focus is None:  # from the map or the search box: show where the article speaks of it
        art = st.session_state.get(ARTICLE)
        first = next((lk for lk in links_by_article(ds.links).get(art or "", ()) if lk.feature == fid), None)
        focus = first.key if first else None
    st.session_state[FOCUS] = focus
    sync_url()


def event_of(ds: Dataset, eid: str | None) -> EventRecord | None:
    """The event with id ``eid``, or None."""
    return next((ev for ev in ds.events if ev.id == eid), None) if eid else None


def select_event(ds: Dataset, eid: str | None, focus: str | None = None) -> bool:
    """Make the event ``eid`` the selection: the card shows it, the map rings its places, the article
    scrolls to its first passage (``focus``: another of its passages). None clears the selection.

    Returns False when the event's article had to be opened but the article picker is already
    drawn in this run: the caller must rerun the whole page (see :func:`open_article`).
    """
    ev = event_of(ds, eid)
    if ev is None:
        select(ds, None)
        return True
    st.session_state[SEL] = None
    st.session_state[EVENT] = ev.id
    st.session_state[CLICK_AT] = None
    focus = focus or event_passage_key(ev.id, 0)
    done = True
    if ev.article in ds.articles and ev.article != st.session_state.get(ARTICLE):
        done = open_article(ev.article, focus)
    else:
        st.session_state[FOCUS] = focus
    sync_url()
    return done


def choose_actor(aid: str | None) -> None:
    """Highlight ``aid``'s events' places on the map and their mentions in the article (None: no actor)."""
    st.session_state[ACTOR] = aid
    sync_url()


def rerun() -> None:
    """Rerun just the map-and-article fragment when we are in one, else the page."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:  # a full run, not a fragment rerun
        st.rerun()
