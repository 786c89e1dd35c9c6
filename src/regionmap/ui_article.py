"""The article view: a Streamlit v2 component whose highlighted names report clicks back."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

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

// Highlight the selection and scroll to the focused passage. Called by the small state
// component below, so a selection never re-sends the article's HTML.
function applyState(root, st) {
  if (!root || !st || root.dataset.key !== st.article) return;
  root.querySelectorAll('.rm-sel').forEach((e) => e.classList.remove('rm-sel'));
  if (st.selected) {
    root.querySelectorAll('mark[data-f]').forEach((e) => {
      if (e.dataset.f === st.selected) e.classList.add('rm-sel');
    });
    root.querySelectorAll('span[data-pf]').forEach((e) => {
      if (e.dataset.pf.split(' ').includes(st.selected)) e.classList.add('rm-sel');
    });
  }
  if (st.focus && root.dataset.focus !== st.focus) {
    root.dataset.focus = st.focus;
    const f = CSS.escape(st.focus);
    const hits = root.querySelectorAll('[data-p~="' + f + '"], [data-l="' + f + '"]');
    if (hits.length) {
      scrollWithin(hits[0]);
      hits.forEach((e) => { e.classList.remove('rm-flash'); void e.offsetWidth; e.classList.add('rm-flash'); });
    }
  }
}

export default function ({ data, parentElement, setStateValue }) {
  let root = parentElement.querySelector('.rm-article');
  if (!root) {
    root = document.createElement('div');
    root.className = 'rm-article';
    parentElement.appendChild(root);
  }
  if (root.dataset.key !== data.article) {
    root.innerHTML = data.html;
    root.dataset.key = data.article;
    root.dataset.focus = '';
  }
  root.onclick = (ev) => {
    const m = ev.target.closest('mark[data-f]');
    if (!m) return;
    setStateValue('choice', { feature: m.dataset.f, link: m.dataset.l, n: Date.now() });
  };
  root.onkeydown = (ev) => {
    if ((ev.key === 'Enter' || ev.key === ' ') && ev.target.matches('mark[data-f]')) {
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
.rm-body { white-space: pre-wrap; }
mark.rm-m {
  background: color-mix(in srgb, var(--c) 22%, white);
  border-bottom: 2px solid var(--c);
  padding: 0 1px; border-radius: 2px; cursor: pointer; color: inherit;
}
mark.rm-m:hover, mark.rm-m:focus { background: color-mix(in srgb, var(--c) 45%, white); outline: none; }
mark.rm-m.rm-sel { background: #ffe45c; border-bottom-color: #000; }
span.rm-p.rm-sel { background: #fff7c2; }
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


def article_view(
    *,
    key: str,
    html: str,
    article: str,
    selected: str | None,
    focus: str | None,
    on_choice: Callable[[], None],
):
    """Mount the article; returns the component result whose ``choice`` is the last clicked mention."""
    result = _COMPONENT(
        key=key,
        data={"html": html, "article": article},
        default={"choice": None},
        on_choice_change=on_choice,
        height="content",
    )
    _STATE(key=f"{key}_state", data={"article": article, "selected": selected, "focus": focus})
    return result
