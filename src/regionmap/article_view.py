"""Text for the page: Markdown escaping, the article's header line, the page CSS; the builders, re-exported.

The article HTML lives in :mod:`regionmap.article_html`, the card's in
:mod:`regionmap.card_html`, sentences and quote contexts in :mod:`regionmap.sentences`.
"""

from __future__ import annotations

import re
from html import escape

from .article_html import article_html
from .card_html import CARD_CSS, card_header_html, context_html, group_by_article
from .model import Article
from .sentences import Context, context

__all__ = [
    "PAGE_CSS", "Context", "article_html", "article_meta_html", "card_header_html", "context",
    "context_html", "group_by_article", "md_escape",
]  # fmt: skip

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~&])")


def md_escape(text: str) -> str:
    """Text for Streamlit's markdown (st.error, st.caption, labels): every markup character escaped.

    ``html.escape`` is not enough there: ``[x](javascript:…)``, ``**``, ``$…$`` and
    ``:emoji:`` are markdown, not HTML.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def article_meta_html(article: Article) -> str:
    """Title, author, publisher and date of an article, once, above its text."""
    m = article.meta
    by = f"{escape(m.author)} · " if m.author else ""
    link = (
        f' · <a href="{escape(m.url)}" rel="noopener noreferrer">source</a>'
        if m.url and m.url.startswith(("http://", "https://"))
        else ""
    )
    return (
        f'<div class="rm-meta"><div class="rm-atitle">{escape(m.title)}</div>'
        f'<div class="rm-byline">{by}{escape(m.publisher)} · {escape(m.published.isoformat())}{link}</div></div>'
    )


PAGE_CSS = f"<style>{CARD_CSS}</style>"
