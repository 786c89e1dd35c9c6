"""The article view: a Streamlit v2 component whose highlighted names and passages report clicks back."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from .article_html import actor_spans, article_html, event_spans
from .article_view import md_escape
from .load import Dataset
from .model import Article, ArticleMeta

# The HTML arrives as data (already escaped by article_view.article_html) so the
# component itself never changes and is never remounted.
_JS = """
// Scroll only the article's own box: scrollIntoView would also scroll the page and move
// the map under the user's pointer.
function scrollWithin(el) {
  let p = el.parentElement || el.getRootNode().host;
  while (p && p !== document.body) {
    const oy = getComputedStyle(p).overflowY;
    if ((oy === 'auto' || oy === 'scroll') && p.scrollHeight > p.clientHeight) break;
    p = p.parentElement || (p.getRootNode && p.getRootNode().host) || null;
  }
  if (!p || p === document.body) return;
  const r = el.getBoundingClientRect(), pr = p.getBoundingClientRect();
  p.scrollTo({ top: p.scrollTop + (r.top - pr.top) - p.clientHeight / 2, behavior: 'smooth' });
}

// Scroll once the box is on screen: the reader may sit in a tab that is not shown yet.
function scrollWhenShown(root, el) {
  if (root.offsetParent !== null || !window.IntersectionObserver) { scrollWithin(el); return; }
  if (root._rmWait) root._rmWait.disconnect();
  const io = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    io.disconnect();
    root._rmWait = null;
    if (el.isConnected) scrollWithin(el);
  });
  root._rmWait = io;
  io.observe(root);
}

// Highlight the selection (a feature or an event) and the chosen actor, and scroll to the
// focused passage or the actor's first mention. Called by the small state component below,
// so a selection never re-sends the article's HTML.
function applyState(root, st) {
  if (!root || !st || root.dataset.article !== st.article) return;
  root.querySelectorAll('.rm-sel').forEach((e) => e.classList.remove('rm-sel'));
  root.querySelectorAll('.rm-asel').forEach((e) => e.classList.remove('rm-asel'));
  if (st.selected) {
    root.querySelectorAll('mark[data-f]').forEach((e) => {
      if (e.dataset.f === st.selected) e.classList.add('rm-sel');
    });
    root.querySelectorAll('span[data-pf]').forEach((e) => {
      if (e.dataset.pf.split(' ').includes(st.selected)) e.classList.add('rm-sel');
    });
  }
  if (st.event) {
    root.querySelectorAll('span[data-e]').forEach((e) => {
      if (e.dataset.e.split(' ').includes(st.event)) e.classList.add('rm-sel');
    });
  }
  let first = null;
  if (st.actor) {
    root.querySelectorAll('mark[data-a]').forEach((e) => {
      if (e.dataset.a.split(' ').includes(st.actor)) { e.classList.add('rm-asel'); first = first || e; }
    });
    root.querySelectorAll('span[data-ap]').forEach((e) => {
      if (e.dataset.ap.split(' ').includes(st.actor)) e.classList.add('rm-asel');
    });
  }
  if (st.focus && root.dataset.focus !== st.focus) {
    root.dataset.focus = st.focus;
    const f = CSS.escape(st.focus);
    const hits = root.querySelectorAll('[data-p~="' + f + '"], [data-l="' + f + '"], [data-ep~="' + f + '"]');
    if (hits.length) {
      const fold = hits[0].closest('details');
      if (fold && !fold.open) fold.open = true;  // a passage in the page header or footer
      scrollWhenShown(root, hits[0]);
      hits.forEach((e) => { e.classList.remove('rm-flash'); void e.offsetWidth; e.classList.add('rm-flash'); });
    }
  } else if ((st.actor || '') !== (root.dataset.actor || '') && first) {
    const fold = first.closest('details');
    if (fold && !fold.open) fold.open = true;
    scrollWhenShown(root, first);
  }
  root.dataset.actor = st.actor || '';
}

export default function ({ data, parentElement, setStateValue }) {
  let root = parentElement.querySelector('.rm-article');
  if (!root) {
    root = document.createElement('div');
    root.className = 'rm-article';
    parentElement.appendChild(root);
  }
  if (root.dataset.key !== data.version) {
    root.innerHTML = data.html;
    root.dataset.key = data.version;
    root.dataset.article = data.article;
    root.dataset.focus = '';
  }
  root.onclick = (ev) => {
    const m = ev.target.closest('mark[data-f]');
    if (m) {
      setStateValue('choice', { feature: m.dataset.f, link: m.dataset.l, n: Date.now() });
      return;
    }
    const a = ev.target.closest('mark[data-a]');
    if (a) {
      setStateValue('actor', { actor: a.dataset.a.split(' ')[0], n: Date.now() });
      return;
    }
    // a passage without a name under the click: select what it grounds; a second click on
    // the same passage goes on to the next feature it grounds. Selecting text to copy is not a click.
    const p = ev.target.closest('span[data-pf]');
    if (!p || String(window.getSelection ? window.getSelection() : '').length) return;
    const selected = ((window.__rmArticleView || {}).state || {}).selected;
    const feats = p.dataset.pf.split(' '), keys = p.dataset.p.split(' ');
    const at = feats.indexOf(selected);
    let i = at < 0 ? 0 : (at + 1) % feats.length;
    while (i !== at && at >= 0 && feats[i] === selected) i = (i + 1) % feats.length;
    setStateValue('choice', { feature: feats[i], link: keys[i], n: Date.now() });
  };
  root.onkeydown = (ev) => {
    if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.matches('mark[data-f], mark[data-a], span[data-pf][tabindex]')) {
      ev.preventDefault();
      ev.target.click();
    }
  };
  const shared = window.__rmArticleView || (window.__rmArticleView = {});
  shared.root = root;
  shared.apply = applyState;
  applyState(root, shared.state);
}
"""

_CSS = """
.rm-article { font-size: 0.97rem; line-height: 1.6; }
.rm-text { white-space: pre-wrap; }
.rm-md { white-space: normal; }
.rm-para, .rm-md p, .rm-md li, .rm-md h1, .rm-md h2, .rm-md h3, .rm-md h4, .rm-md h5, .rm-md h6,
.rm-md blockquote { unicode-bidi: plaintext; text-align: start; }
.rm-md h1, .rm-md h2, .rm-md h3, .rm-md h4, .rm-md h5, .rm-md h6 { line-height: 1.3; margin: .8rem 0 .4rem; }
.rm-md h1 { font-size: 1.35rem; } .rm-md h2 { font-size: 1.2rem; } .rm-md h3 { font-size: 1.08rem; }
.rm-md h4, .rm-md h5, .rm-md h6 { font-size: 1rem; }
.rm-md p { margin: 0 0 .7rem; } .rm-md ul, .rm-md ol { margin: 0 0 .7rem; padding-left: 1.4rem; }
.rm-md blockquote { margin: 0 0 .7rem; padding-left: .8rem; border-left: 3px solid #ccc; color: #333; }
.rm-md pre { white-space: pre-wrap; background: #f5f5f5; padding: .4rem .6rem; border-radius: 4px; }
.rm-md code { background: #f3f3f3; padding: 0 .15rem; border-radius: 3px; }
details.rm-chrome { margin: .2rem 0 .6rem; color: #555; font-size: .88rem; }
details.rm-chrome summary { cursor: pointer; color: #666; font-size: .8rem; letter-spacing: .02em; }
details.rm-chrome[open] { border-left: 3px solid #ddd; padding-left: .5rem; }
mark.rm-m {
  background: color-mix(in srgb, var(--c) 22%, white);
  border-bottom: 2px solid var(--c);
  padding: 0 1px; border-radius: 2px; cursor: pointer; color: inherit;
}
mark.rm-m:hover, mark.rm-m:focus { background: color-mix(in srgb, var(--c) 45%, white); outline: none; }
mark.rm-m.rm-sel { background: #ffe45c; border-bottom-color: #000; }
span.rm-p { cursor: pointer; }
span.rm-p:hover { background: #f1eefa; }
span.rm-p:focus { outline: 1px dotted #888; }
span.rm-p.rm-sel { background: #fff7c2; }
mark.rm-a {
  background: none; color: inherit; cursor: pointer; padding: 0;
  text-decoration: underline dotted #7a3e9d; text-decoration-thickness: 2px; text-underline-offset: 3px;
}
mark.rm-a:hover, mark.rm-a:focus { background: #f1e6f7; outline: none; }
mark.rm-a.rm-asel { background: #e4cdf2; text-decoration-style: solid; box-shadow: 0 0 0 1px #7a3e9d; border-radius: 2px; }
span.rm-ap.rm-asel { background: #f6eefa; }
span.rm-e.rm-sel { background: #dcecf9; }
.rm-flash { animation: rm-flash 1.6s ease-out 1; }
@keyframes rm-flash { 0% { background: #ffb000; } 100% { background: inherit; } }
"""

_COMPONENT = st.components.v2.component(
    "regionmap_article", html="<div class='rm-article'></div>", css=_CSS, js=_JS
)

# The selection and the passage to scroll to, in a component of their own: a click then
# sends a few bytes instead of the whole article again.
_STATE_JS = """
export default function ({ data }) {
  const shared = window.__rmArticleView || (window.__rmArticleView = {});
  shared.state = data;
  if (shared.apply && shared.root && shared.root.isConnected) shared.apply(shared.root, data);
}
"""
_STATE = st.components.v2.component("regionmap_article_state", html="<span></span>", js=_STATE_JS)


@st.cache_resource(max_entries=16)
def reader_html(_ds: Dataset, key: int, article_id: str) -> str:
    """The reader's HTML of one article: place links, actor mentions and event passages (cached per dataset)."""
    layer_of = _ds.features["layer"].to_dict()
    actors = actor_spans(lk for lk in _ds.actors.links if lk.article == article_id)
    events = event_spans(ev for ev in _ds.events if ev.article == article_id)
    return article_html(_ds.articles[article_id], _ds.links, layer_of, actors, events)


def article_view(
    *,
    key: str,
    html: str,
    article: str,
    selected: str | None,
    focus: str | None,
    on_choice: Callable[[], None],
    event: str | None = None,
    actor: str | None = None,
    on_actor: Callable[[], None] | None = None,
):
    """Mount the article; returns the component result whose ``choice`` is the last clicked mention
    of a place and ``actor`` the last clicked mention of an actor.

    ``event`` highlights the selected event's passages; ``actor`` the chosen actor's mentions
    (the reader scrolls to the first when the actor changes and no passage is in focus).
    """
    result = _COMPONENT(
        key=key,
        # the same article with other links (a reload) must be drawn anew: the version says when
        data={"html": html, "article": article, "version": f"{article}:{len(html)}:{hash(html)}"},
        default={"choice": None, "actor": None},
        on_choice_change=on_choice,
        on_actor_change=on_actor or (lambda: None),
        height="content",
    )
    _STATE(key=f"{key}_state", data={"article": article, "selected": selected, "focus": focus,
                                     "event": event, "actor": actor})  # fmt: skip
    return result


def article_label(meta: ArticleMeta) -> str:
    """The picker's label: the whole title and the date (the publisher is in :func:`article_help`)."""
    # the title in a bidi isolate: a Persian title must not turn the date around ("01-05-2023")
    return f"\u2068{meta.title}\u2069 · {meta.published.isoformat()}"


def article_help(article: Article | None) -> str | None:
    """The picker's tooltip: the open article's full title, author, publisher and date."""
    if article is None:
        return None
    m = article.meta
    by = f" by {m.author}" if m.author else ""
    return md_escape(f"{m.title}{by} — {m.publisher}, {m.published.isoformat()}")
