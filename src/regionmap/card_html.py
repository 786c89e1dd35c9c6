"""Pure HTML builders for the feature card: its facts, and its passages grouped by article, one page at a time.

Everything from the data or an article is escaped here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from .memo import memo
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
        f'<blockquote class="rm-q" dir="auto">{escape(ctx.before)}<mark style="--c:{colour}">{escape(ctx.quote)}</mark>'
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
        spellings = memo("spellings", (links,), lambda: article_spellings(links))
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


def card_header_html(
    row: Any,
    source: Any,
    links: Sequence[Link] = (),
    article: str | None = None,
    *,
    actors: bool = True,
    undated_note: bool = False,
) -> str:
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
    actors
        List the feature's own ``actors`` here; False when the card lists them elsewhere
        (:func:`actors_html`, with links to the actor index).
    undated_note
        A date filter is set: a feature without dates says it is shown as undated.
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
    elif undated_note:
        facts.append(("Dates", "undated: shown whatever the date filter"))
    if also:
        facts.append(("Also written", ", ".join(also[:10]) + (" …" if len(also) > 10 else "")))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in facts)
    actors_block = ""
    if actors and row["actors"]:
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
        actors_block = f'<div class="rm-sub">Actors</div><ul class="rm-actors">{items}</ul>'
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
        f"{actors_block}{note}{src}{refs}</div>"
    )


def links_by_article(links: tuple[Link, ...]) -> dict[str, list[Link]]:
    """Links per article in link order, built once per links tuple."""

    def build() -> dict[str, list[Link]]:
        out: dict[str, list[Link]] = {}
        for lk in links:
            out.setdefault(lk.article, []).append(lk)
        return out

    return memo("by-article", (links,), build)


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
    body = context_html(context(art, lk), colour).removeprefix('<blockquote class="rm-q" dir="auto">')
    return f'<blockquote class="rm-q" dir="auto" data-l="{escape(lk.key)}">{body.removesuffix("</blockquote>")}{go}</blockquote>'


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
    groups = memo("groups", (links, articles),
                  lambda: group_by_article([lk for lk in links if lk.article in articles]))  # fmt: skip
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


# --------------------------------------------------------------------------- actors and events


@dataclass(frozen=True)
class ActorItem:
    """An actor as a card lists it: ``actor`` None for a name the actor index does not hold."""

    actor: str | None
    name: str
    role: str | None = None
    affiliation: str | None = None
    as_of: str | None = None  # the date of the article that states the role (ISO)


def role_text(item: ActorItem) -> str:
    """ "President (Tajikistan), as of 30 Oct 2020": the role as an article states it at its date."""
    out = item.role or ""
    if item.affiliation and item.affiliation != item.name:
        out += f" ({item.affiliation})" if out else item.affiliation
    if out and item.as_of:
        day = _iso_day(item.as_of)
        out += f", as of {day}"
    return out


def _iso_day(iso: str) -> str:
    d = dt.date.fromisoformat(iso[:10])
    return f"{d.day} {d:%b %Y}"


def actor_pick(actor: str, label: str) -> str:
    """A link that chooses an actor (the card's component reports it as ``actor``)."""
    return (f'<a class="rm-pick" href="#" role="button" data-actor="{escape(actor)}" '
            f'title="Highlight {escape(label)} on the map and in the article">{escape(label)}</a>')  # fmt: skip


def event_pick(event: str, label: str) -> str:
    """A link that selects an event (the card's component reports it as ``event``)."""
    return (f'<a class="rm-pick" href="#" role="button" data-event="{escape(event)}" '
            f'title="Select this event">{escape(label)}</a>')  # fmt: skip


def actors_html(items: Sequence[ActorItem], title: str = "Actors") -> str:
    """The actors tied to a feature or an event, each a link to choose them, with the role stated."""
    if not items:
        return ""
    lis = []
    for it in items:
        name = actor_pick(it.actor, it.name) if it.actor else f"<b>{escape(it.name)}</b>"
        role = role_text(it)
        lis.append(f"<li>{name}" + (f" — {escape(role)}" if role else "") + "</li>")
    return f'<div class="rm-sub">{escape(title)}</div><ul class="rm-actors">{"".join(lis)}</ul>'


def event_header_html(ev: Any, article_title: str | None, colour: str = "#0072B2") -> str:
    """An event's card head: title, kind, date (as precise as the text), status, the article it is from."""
    date = ev.date
    facts: list[tuple[str, str]] = [("Kind", ev.kind.value)]
    if date is None:
        facts.append(("Date", "undated: the article gives no date"))
    else:
        facts.append(("Date", date.label()))
        facts.append(("Precision", f"{date.precision.value}" + (f" ({date.part})" if date.part else "")))
        if date.note:
            facts.append(("Date note", date.note))
    facts.append(("Status", ev.status.value))
    if article_title:
        facts.append(("From", article_title))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in facts)
    note = f'<p class="rm-note">⚠ {escape(ev.note)}</p>' if ev.note else ""
    return (
        f'<div class="rm-card" style="--c:{colour}" data-event="{escape(ev.id)}">'
        f'<div class="rm-sub">Event</div><h3 class="rm-title">{escape(ev.title)}</h3>'
        f'<dl class="rm-facts">{dl}</dl>{note}</div>'
    )


def _span_quote(art: Article, start: int, end: int, key: str, colour: str, what: str) -> str:
    lk = Link(
        feature="_", kind=LinkKind.PASSAGE, quote=art.text[start:end], start=start, end=end, article=art.id
    )
    go = (
        f'<a class="rm-go" href="#" role="button" data-a="{escape(art.id)}" data-l="{escape(key)}" '
        f'title="Show this {what} in the article">↧ in the article</a>'
    )
    body = context_html(context(art, lk), colour).removeprefix('<blockquote class="rm-q" dir="auto">')
    return f'<blockquote class="rm-q" dir="auto" data-l="{escape(key)}">{body.removesuffix("</blockquote>")}{go}</blockquote>'


def event_passages_html(ev: Any, art: Article | None, colour: str, keys: Sequence[str]) -> str:
    """The passages that state an event, each in its sentence with a link to it in the article."""
    if art is None:
        return ""
    quotes = "".join(
        _span_quote(art, p.start, p.end, k, colour, "passage") for p, k in zip(ev.passages, keys, strict=True)
    )
    head = (f'<div class="rm-sub"><b>{len(ev.passages)} passage(s) in</b> {escape(art.meta.title)} '
            f"({art.meta.published.isoformat()})</div>")  # fmt: skip
    return f'<section class="rm-group" data-article="{escape(art.id)}">{head}{quotes}</section>'


def actor_head_html(rec: Any, roles: Sequence[Any], titles: Mapping[str, str]) -> str:
    """An actor's card head: name, kind, other spellings, and every role as each article states it."""
    facts: list[tuple[str, str]] = [("Kind", rec.kind.value)]
    if rec.aliases:
        facts.append(("Also written", ", ".join(rec.aliases[:10]) + (" …" if len(rec.aliases) > 10 else "")))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(str(v))}</dd>" for k, v in facts)
    lis = "".join(
        f"<li>{escape(r.role)}" + (f" ({escape(r.affiliation)})" if r.affiliation else "")
        + f' <small>as of {escape(_iso_day(r.as_of.isoformat()))} in “{escape(titles.get(r.article, r.article))}”</small></li>'
        for r in roles
    )  # fmt: skip
    roles_block = (
        f'<div class="rm-sub">Roles, as the articles state them</div><ul class="rm-actors">{lis}</ul>'
        if lis
        else ""
    )
    note = f'<p class="rm-desc">{escape(rec.note)}</p>' if rec.note else ""
    refs = (
        '<p class="rm-src">Facts: ' + "; ".join(escape(r) for r in rec.references) + "</p>"
        if rec.references
        else ""
    )
    return (
        f'<div class="rm-card" style="--c:#7a3e9d" data-actor="{escape(rec.id)}">'
        f'<div class="rm-sub">Actor</div><h3 class="rm-title">{escape(rec.name)}</h3>{note}'
        f'<dl class="rm-facts">{dl}</dl>{roles_block}{refs}</div>'
    )


def actor_passages_html(links: Sequence[Any], articles: Mapping[str, Article], key_of: Callable[[Any], str],
                        open_article: str | None, limit: int = PAGE_SIZE) -> PassagePage:  # fmt: skip
    """An actor's passages and mentions grouped by article (the open one first), passages before mentions."""
    groups: dict[str, list[Any]] = {}
    for lk in sorted(links, key=lambda lk: (lk.kind != LinkKind.PASSAGE, lk.start)):
        if lk.article in articles:
            groups.setdefault(lk.article, []).append(lk)
    order = sorted(groups, key=lambda a: (a != open_article, -articles[a].meta.published.toordinal(), a))
    total = sum(len(v) for v in groups.values())
    left, out = limit, []
    for aid in order:
        if left <= 0:
            break
        art, lks = articles[aid], groups[aid][:left]
        left -= len(lks)
        n_p = sum(lk.kind == LinkKind.PASSAGE for lk in groups[aid])
        n_m = len(groups[aid]) - n_p
        counts = " and ".join(
            c for c in (f"{n_p} passage(s)" if n_p else "", f"{n_m} mention(s)" if n_m else "") if c
        )
        head = (f'<div class="rm-sub"><b>{counts} in</b> {escape(art.meta.title)} ({art.meta.published.isoformat()})'
                + (" · open" if aid == open_article else "") + "</div>")  # fmt: skip
        quotes = "".join(
            _span_quote(
                art,
                lk.start,
                lk.end,
                key_of(lk),
                "#7a3e9d",
                "passage" if lk.kind == LinkKind.PASSAGE else "mention",
            )
            for lk in lks
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
