"""Pure HTML builders for the article with highlighted mentions and for the feature card.

Everything that comes from an article or from the data is escaped here; callers
may put the result straight into the page.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from .model import Article, Link, LinkKind
from .style import LAYER_COLOURS, LAYER_LABELS

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$:~&])")


def md_escape(text: str) -> str:
    """Text for Streamlit's markdown (st.error, st.caption, labels): every markup character escaped.

    ``html.escape`` is not enough there: ``[x](javascript:…)``, ``**``, ``$…$`` and
    ``:emoji:`` are markdown, not HTML.
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


_SENTENCE_END = re.compile(r"[.!?]['’\")\]]?\s+|\n\s*\n")


def article_html(article: Article, links: Iterable[Link], layer_of: dict[str, str]) -> str:
    """The article body with every mention marked in its layer's colour.

    Mentions become ``<mark data-f=FEATURE data-l=LINK>`` (clickable); text under
    passage links is wrapped in ``<span data-p="LINK ...">`` so the page can
    scroll to and flash a passage. Overlapping links are cut into segments, so
    the markup never needs to cross-nest.
    """
    text = article.text
    b0, b1 = article.meta.body.start, article.meta.body.end
    inside = [
        lk
        for lk in links
        if lk.article == article.id and lk.feature in layer_of and b0 <= lk.start < lk.end <= b1
    ]
    cuts = sorted({b0, b1, *(lk.start for lk in inside), *(lk.end for lk in inside)})
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        chunk = escape(text[a:b])
        covering = [lk for lk in inside if lk.start <= a and b <= lk.end]
        mentions = [lk for lk in covering if lk.kind == LinkKind.MENTION]
        passages = [lk for lk in covering if lk.kind == LinkKind.PASSAGE]
        if mentions:
            # the innermost mention wins: "Afghanistan" inside "Afghanistan Peace Negotiations"
            m = min(mentions, key=lambda lk: (lk.end - lk.start, lk.feature))
            colour = LAYER_COLOURS[layer_of[m.feature]]
            chunk = (
                f'<mark class="rm-m" data-f="{escape(m.feature)}" data-l="{escape(m.key)}" '
                f'style="--c:{colour}" title="{escape(_tip(m, layer_of))}" tabindex="0" role="button">{chunk}</mark>'
            )
        if passages:
            keys = " ".join(escape(lk.key) for lk in passages)
            feats = " ".join(sorted({escape(lk.feature) for lk in passages}))
            chunk = f'<span class="rm-p" data-p="{keys}" data-pf="{feats}">{chunk}</span>'
        out.append(chunk)
    return f'<div class="rm-body" data-article="{escape(article.id)}">{"".join(out)}</div>'


def _tip(link: Link, layer_of: dict[str, str]) -> str:
    return f"{LAYER_LABELS.get(layer_of[link.feature], '')}: click to show on the map"


@dataclass(frozen=True)
class Context:
    """A quote with the text around it, cut at sentence or paragraph limits."""

    before: str
    quote: str
    after: str


def context(article: Article, link: Link, limit: int = 220) -> Context:
    """The sentence (or up to ``limit`` characters each side) around a link."""
    text = article.text
    b0, b1 = article.meta.body.start, article.meta.body.end
    lo = max(b0, link.start - limit)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, link.start)]
    lo = ends[-1] if ends else lo
    hi = min(b1, link.end + limit)
    m = _SENTENCE_END.search(text, link.end, hi)
    hi = m.end() if m else hi  # keep the full stop and any closing quote
    before = text[lo : link.start].lstrip()
    after = text[link.end : hi].rstrip()
    if lo > b0 and not ends and before:
        before = "…" + before
    if hi < b1 and not m and after:
        after += "…"
    return Context(before, text[link.start : link.end], after)


def context_html(ctx: Context, colour: str) -> str:
    return (
        f'<blockquote class="rm-q">{escape(ctx.before)}<mark style="--c:{colour}">{escape(ctx.quote)}</mark>'
        f"{escape(ctx.after)}</blockquote>"
    )


def _dates(row: Any) -> str | None:
    start, end = row["start"], row["end"]
    if not start:
        return None
    return f"{start} – {end}" if end and end != start else str(start)


def card_header_html(row: Any, source: Any) -> str:
    """Name, kind, status, precision, dates, actors, description and geometry source of a feature."""
    layer = row["layer"]
    colour = LAYER_COLOURS[layer]
    facts: list[tuple[str, str]] = [
        ("Layer", LAYER_LABELS[layer]),
        ("Kind", row["kind"]),
        ("Status", row["status"]),
        ("Precision", row["precision"]),
    ]
    if dates := _dates(row):
        facts.append(("Dates", dates))
    if row["aliases"]:
        facts.append(("Also written", ", ".join(row["aliases"])))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in facts)
    actors = ""
    if row["actors"]:
        items = "".join(
            f"<li><b>{escape(a['name'])}</b>"
            + (f", {escape(a['role'])}" if a.get("role") else "")
            + (
                f" ({escape(a['affiliation'])})"
                if a.get("affiliation") and a["affiliation"] != a["name"]
                else ""
            )
            + "</li>"
            for a in row["actors"]
        )
        actors = f'<div class="rm-sub">Actors</div><ul class="rm-actors">{items}</ul>'
    desc = f'<p class="rm-desc">{escape(row["description"])}</p>' if row["description"] else ""
    note = f'<p class="rm-note">⚠ {escape(row["note"])}</p>' if row["note"] else ""
    src = (
        f'<p class="rm-src">Geometry: {escape(source.title)} — {escape(source.publisher)}; '
        f"licence: {escape(source.licence)}</p>"
    )
    refs = ""
    if row["references"]:
        refs = '<p class="rm-src">Facts: ' + "; ".join(escape(r) for r in row["references"]) + "</p>"
    return (
        f'<div class="rm-card" style="--c:{colour}" data-feature="{escape(row["id"])}">'
        f'<h3 class="rm-title">{escape(row["name"])}</h3>{desc}<dl class="rm-facts">{dl}</dl>'
        f"{actors}{note}{src}{refs}</div>"
    )


def article_meta_html(article: Article) -> str:
    """Title, author, publisher and date of an article."""
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


def group_by_article(links: Sequence[Link]) -> dict[str, list[Link]]:
    """Links grouped by article, passages before mentions, each in text order."""
    out: dict[str, list[Link]] = {}
    for lk in sorted(links, key=lambda lk: (lk.kind != LinkKind.PASSAGE, lk.start)):
        out.setdefault(lk.article, []).append(lk)
    return out


PAGE_CSS = """
<style>
.rm-card{border-left:5px solid var(--c);padding:.2rem .8rem;margin-bottom:.4rem}
.rm-title{margin:.1rem 0 .3rem;font-size:1.25rem}
.rm-facts{display:grid;grid-template-columns:max-content 1fr;gap:.05rem .8rem;font-size:.85rem;margin:.3rem 0}
.rm-facts dt{color:#666}.rm-facts dd{margin:0}
.rm-sub{font-size:.8rem;color:#666;margin-top:.3rem}
.rm-actors{margin:.1rem 0 .3rem 1rem;font-size:.85rem;padding:0}
.rm-note{font-size:.82rem;color:#7a4b00;background:#fff6e0;padding:.25rem .4rem;border-radius:4px}
.rm-src{font-size:.75rem;color:#555;margin:.2rem 0}
.rm-desc{margin:.2rem 0 .4rem}
.rm-q{margin:.2rem 0 .1rem;padding:.2rem .6rem;border-left:3px solid #ccc;font-size:.9rem;color:#222}
.rm-q mark{background:color-mix(in srgb,var(--c) 28%,white);padding:0 .1rem;border-radius:2px}
.rm-meta .rm-atitle{font-weight:600;font-size:1.05rem}.rm-meta .rm-byline{color:#555;font-size:.85rem}
</style>
"""
