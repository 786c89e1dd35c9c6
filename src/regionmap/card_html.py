"""Pure HTML builders for the feature card: its facts, and its passages grouped by article, one page at a time.

Everything from the data or an article is escaped here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from .model import Article, Link, LinkKind
from .names import LINEAR_KINDS, article_spellings, display_name, plain_kind
from .sentences import Context, context
from .style import LAYER_COLOURS, LAYER_LABELS

PAGE_SIZE = 20
_INDEX: dict[int, tuple[tuple[Link, ...], dict[str, list[Link]]]] = {}


def links_by_feature(links: tuple[Link, ...]) -> dict[str, list[Link]]:
    """Links per feature in link order, built once per links tuple (a card needs its own in O(1))."""
    hit = _INDEX.get(id(links))
    if hit is not None and hit[0] is links:
        return hit[1]
    out: dict[str, list[Link]] = {}
    for lk in links:
        out.setdefault(lk.feature, []).append(lk)
    if len(_INDEX) >= 4:
        _INDEX.clear()
    _INDEX[id(links)] = (links, out)
    return out


def context_html(ctx: Context, colour: str) -> str:
    """A quote in its sentence, the quote marked."""
    return (
        f'<blockquote class="rm-q">{escape(ctx.before)}<mark style="--c:{colour}">{escape(ctx.quote)}</mark>'
        f"{escape(ctx.after)}</blockquote>"
    )


def _dates(row: Any) -> str | None:
    start, end = row["start"], row["end"]
    if not start:
        return None
    return f"{start} – {end}" if end and end != start else str(start)


def _country_of(fid: str) -> str | None:
    # gazetteer ids of first-level divisions carry the ISO 3166-1 alpha-2 code: "adm1-tj-su"
    parts = fid.split("-")
    return parts[1].upper() if len(parts) > 2 and parts[0] == "adm1" else None


# features named as places: the article's own spelling may lead. Projects, routes, events and
# agreements keep the curated, descriptive name
_PLACE_LAYERS = {"regions", "provinces", "places"}


def shown_name(row: Any, links: Sequence[Link], article: str | None) -> tuple[str, list[str]]:
    """The name to show (the article's own spelling first) and the other spellings, stored name first.

    The article's spelling leads for places only, and only when it is another spelling
    of the name, not a form built on it ("Central Asian" for Central Asia). A country is
    always shown by its short name: its aliases are demonyms ("Tajik") or long official forms.
    """
    fid = str(row["id"])
    name = str(row["name"])
    spelling = None
    if row["layer"] in _PLACE_LAYERS:
        spellings = article_spellings(links)
        spelling = spellings.get((article or "", fid)) or next(iter(spellings.values()), None)
    if spelling:
        a, b = spelling.casefold(), name.casefold()
        if a != b and (a.startswith(b) or b.startswith(a)):
            spelling = None  # an adjective or a shortening of the name, not another spelling
    demonyms = list(row.get("demonyms") or [])
    shown, also = display_name(name, spelling, demonyms)
    rest = [a for a in (row["aliases"] or []) if a != shown and a not in also]
    return shown, also + rest


def precision_text(row: Any) -> str:
    """Precision in words; a river or a range drawn as one point says so."""
    if row.geometry is not None and row.geometry.geom_type == "Point" and row["kind"] in LINEAR_KINDS:
        return "approximate point"
    return str(row["precision"])


def card_header_html(row: Any, source: Any, links: Sequence[Link] = (), article: str | None = None) -> str:
    """Name, kind, status, precision, dates, actors, description and geometry source of a feature.

    Parameters
    ----------
    row
        The feature's row of ``Dataset.features``.
    source
        Its geometry :class:`~regionmap.model.Source`.
    links
        The feature's links: the article's spelling of its name comes from them.
    article
        The open article, whose spelling wins.
    """
    layer = row["layer"]
    colour = LAYER_COLOURS[layer]
    name, also = shown_name(row, links, article)
    facts: list[tuple[str, str]] = [
        ("Layer", LAYER_LABELS[layer]),
        ("Kind", plain_kind(row["kind"], _country_of(str(row["id"])))),
        ("Status", row["status"]),
        ("Precision", precision_text(row)),
    ]
    if dates := _dates(row):
        facts.append(("Dates", dates))
    if also:
        facts.append(("Also written", ", ".join(also[:10]) + (" …" if len(also) > 10 else "")))
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
        f'<h3 class="rm-title">{escape(name)}</h3>{desc}<dl class="rm-facts">{dl}</dl>'
        f"{actors}{note}{src}{refs}</div>"
    )


def group_by_article(links: Sequence[Link]) -> dict[str, list[Link]]:
    """Links grouped by article, passages before mentions, each in text order."""
    out: dict[str, list[Link]] = {}
    for lk in sorted(links, key=lambda lk: (lk.kind != LinkKind.PASSAGE, lk.start)):
        out.setdefault(lk.article, []).append(lk)
    return out


@dataclass(frozen=True)
class PassagePage:
    """One page of a card's passages: the HTML, how many quotes it shows and how many there are."""

    html: str
    shown: int
    total: int


def _pick(fid: str, label: str, tip: str) -> str:
    return (
        f'<a class="rm-pick" href="#" role="button" data-sel="{escape(fid)}" title="{escape(tip)}">'
        f"{escape(label)}</a>"
    )


def related_html(title: str, items: Sequence[tuple[str, str, str]]) -> str:
    """A line of features to select: ``(feature id, label, kind)``."""
    if not items:
        return ""
    picks = " · ".join(f"{_pick(fid, label, f'{label} ({kind})')} <small>{escape(kind)}</small>"
                       for fid, label, kind in items)  # fmt: skip
    return f'<div class="rm-rel"><span class="rm-rel-t">{escape(title)}</span> {picks}</div>'


def _quote(art: Article, lk: Link, colour: str) -> str:
    where = "passage" if lk.kind == LinkKind.PASSAGE else "mention"
    go = (
        f'<a class="rm-go" href="#" role="button" data-a="{escape(art.id)}" data-l="{escape(lk.key)}" '
        f'title="Show this {where} in the article">↧ in the article</a>'
    )
    body = context_html(context(art, lk), colour).removeprefix('<blockquote class="rm-q">')
    return f'<blockquote class="rm-q" data-l="{escape(lk.key)}">{body.removesuffix("</blockquote>")}{go}</blockquote>'


def passages_html(
    links: Sequence[Link],
    articles: Mapping[str, Article],
    colour: str,
    open_article: str | None,
    limit: int = PAGE_SIZE,
) -> PassagePage:
    """The first ``limit`` quotes of a card, grouped by article, the open article first.

    Only the quotes shown are cut from their text, so the cost depends on ``limit``, not
    on how many passages the feature has. Within an article passages come before
    mentions by name, which fold away under a disclosure when there are passages.
    """
    groups = group_by_article([lk for lk in links if lk.article in articles])
    order = sorted(
        groups,
        key=lambda a: (a != open_article, -articles[a].meta.published.toordinal(), a),
    )
    total = sum(len(v) for v in groups.values())
    left = limit
    out: list[str] = []
    for aid in order:
        if left <= 0:
            break
        art, lks = articles[aid], groups[aid]
        passages = [lk for lk in lks if lk.kind == LinkKind.PASSAGE]
        mentions = [lk for lk in lks if lk.kind == LinkKind.MENTION]
        show_p = passages[:left]
        left -= len(show_p)
        show_m = mentions[: max(left, 0)]
        left -= len(show_m)
        counts = []
        if passages:
            counts.append(f"{len(passages)} passage(s)")
        if mentions:
            counts.append(f"{len(mentions)} mention(s)")
        head = (
            f'<div class="rm-sub"><b>{" and ".join(counts)} in</b> {escape(art.meta.title)} '
            f"({art.meta.published.isoformat()})" + (" · open" if aid == open_article else "") + "</div>"
        )
        quotes = "".join(_quote(art, lk, colour) for lk in show_p)
        if show_m:
            inner = "".join(_quote(art, lk, colour) for lk in show_m)
            opened = "" if passages else " open"
            quotes += (
                f'<details class="rm-mentions"{opened}><summary>{len(mentions)} mention(s) by name'
                + (f" (first {len(show_m)})" if len(show_m) < len(mentions) else "")
                + f"</summary>{inner}</details>"
            )
        out.append(f'<section class="rm-group" data-article="{escape(aid)}">{head}{quotes}</section>')
    return PassagePage("".join(out), min(limit, total), total)


CARD_CSS = """
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
.rm-q mark{background:color-mix(in srgb,var(--c) 28%,white);padding:0 .1rem;border-radius:2px;color:inherit}
.rm-go{font-size:.75rem;margin-left:.4rem;white-space:nowrap;color:#0b62a4;text-decoration:none}
.rm-go:hover,.rm-pick:hover{text-decoration:underline}
.rm-pick{color:#0b62a4;text-decoration:none;font-weight:600}
.rm-rel{font-size:.85rem;margin:.2rem 0 .4rem}.rm-rel-t{color:#666}.rm-rel small{color:#777}
.rm-mentions summary{font-size:.82rem;color:#444;cursor:pointer;margin:.2rem 0}
.rm-group{margin-bottom:.5rem}
.rm-meta .rm-atitle{font-weight:600;font-size:1.05rem}.rm-meta .rm-byline{color:#555;font-size:.85rem}
"""
