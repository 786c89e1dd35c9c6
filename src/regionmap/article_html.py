"""The reader's HTML: the article with clickable mentions and passages, in time linear in its links.

Everything that comes from the article is escaped here; callers may put the result
straight into the page. Overlapping links are cut into segments, so the markup never
needs to cross-nest.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any, NamedTuple

from .layout import MdLayout, is_markdown, markdown_layout, regions
from .model import Article, Link, LinkKind
from .style import LAYER_COLOURS, LAYER_LABELS

_CHROME = {"header": "Page header", "footer": "Page footer"}
_STYLE_ORDER = {"strong": 0, "em": 1, "s": 2, "code": 3}  # outermost first
PASSAGE_TIP = "Passage: click to select what it speaks of (click again for the next)"
# plain text: each line its own block whose direction its first letters decide (Persian right to
# left, English and Russian left to right, a mixed sentence by the bidi algorithm); every chunk
# of the sweep below is self-contained, so a block can end between any two of them
PARA_OPEN = '<div class="rm-para" dir="auto">'
PARA_BREAK = "</div>" + PARA_OPEN

ACTOR_TIP = "Actor: click to highlight everything tied to them"


class Span(NamedTuple):
    """A span of the text that is not a place link: an actor's mention or passage, or an event's passage.

    ``item`` is the actor or event id; ``key`` the span's own key (the reader scrolls to it);
    ``kind`` is ``"a"`` (actor mention), ``"p"`` (passage about an actor) or ``"e"`` (event passage).
    """

    start: int
    end: int
    item: str
    key: str = ""
    kind: str = "e"


def event_passage_key(event_id: str, i: int) -> str:
    """The key of an event's ``i``-th passage: ``data-ep`` in the reader, ``data-l`` in the card."""
    return f"{event_id}~{i}"


def actor_link_key(link: Any) -> str:
    """The key of an actor's link (an ``ActorLink``): ``data-ep`` in the reader, ``data-l`` in the card."""
    return f"a~{link.article}-{link.start}-{link.end}-{link.actor}"


def actor_spans(links: Iterable) -> list[Span]:
    """Actor links (``ActorLink``) for the reader: mentions are marked, passages wrapped."""
    return [Span(lk.start, lk.end, lk.actor, actor_link_key(lk), "a" if lk.kind == LinkKind.MENTION else "p")
            for lk in links]  # fmt: skip


def event_spans(events: Iterable) -> list[Span]:
    """Every passage of every event, keyed by :func:`event_passage_key`."""
    return [Span(p.start, p.end, ev.id, event_passage_key(ev.id, i))
            for ev in events for i, p in enumerate(ev.passages)]  # fmt: skip


def _ids(spans: Iterable[Span]) -> str:
    return escape(" ".join(dict.fromkeys(sp.item for sp in spans)))


def _keys(spans: Iterable[Span]) -> str:
    return escape(" ".join(sp.key for sp in spans))


def _span_tags(on: dict[Span, None]) -> tuple[str, str, str]:
    """Opening tags for the actor mark, the event span and the actor-passage span over a segment."""
    ment = sorted((sp for sp in on if sp.kind == "a"), key=lambda s: (s.end - s.start, s.item))
    evs = sorted((sp for sp in on if sp.kind == "e"), key=lambda s: (s.start, s.key))
    about = sorted((sp for sp in on if sp.kind == "p"), key=lambda s: (s.start, s.key))
    # the innermost actor first: a click on "Emomali Rahmon" inside "Office of ... Rahmon" picks him
    a_tag = (f'<mark class="rm-a" data-a="{_ids(ment)}" data-ep="{_keys(ment)}" title="{ACTOR_TIP}" '
             'tabindex="0" role="button">') if ment else ""  # fmt: skip
    e_tag = f'<span class="rm-e" data-e="{_ids(evs)}" data-ep="{_keys(evs)}">' if evs else ""
    p_tag = f'<span class="rm-ap" data-ap="{_ids(about)}" data-ep="{_keys(about)}">' if about else ""
    return a_tag, e_tag, p_tag


def passage_order(inside: Iterable[Link]) -> dict[str, tuple]:
    """For each passage link, how early its feature comes when the passage is clicked.

    A feature the passage names (a mention of it lies inside) is reached through its
    name already, so the passage offers first what it grounds without naming it (a
    route, an event), the more specific (fewer passages) before the general.
    """
    inside = list(inside)
    mentions: dict[tuple[str, str], list[int]] = defaultdict(list)
    passages: dict[str, int] = defaultdict(int)
    for lk in inside:
        if lk.kind == LinkKind.MENTION:
            mentions[lk.article, lk.feature].append(lk.start)
        else:
            passages[lk.feature] += 1
    for starts in mentions.values():
        starts.sort()
    out = {}
    for lk in inside:
        if lk.kind != LinkKind.PASSAGE:
            continue
        starts = mentions.get((lk.article, lk.feature), [])
        i = bisect.bisect_left(starts, lk.start)
        named = i < len(starts) and starts[i] < lk.end
        out[lk.key] = (named, passages[lk.feature], lk.feature)
    return out


def _render(
    text: str,
    a: int,
    b: int,
    links: list[Link],
    layer_of: dict[str, str],
    order: dict[str, tuple],
    md: MdLayout | None,
    actors: Sequence[Span] = (),
    events: Sequence[Span] = (),
) -> str:
    """``text[a:b]`` with its links (and actor mentions and event passages) marked, one sweep over the
    sorted cut points."""
    # each link's key and opening tag are built once, not once per segment it covers
    opens: dict[int, list[tuple[str, Link]]] = defaultdict(list)
    closes: dict[int, list[tuple[str, Link]]] = defaultdict(list)
    for lk in links:
        item = (lk.key, lk)
        opens[lk.start].append(item)
        closes[lk.end].append(item)
    tips = {layer: escape(f"{label}: click to show on the map") for layer, label in LAYER_LABELS.items()}
    mark_open: dict[str, str] = {}
    # actor mentions and event passages: same sweep, their own markup (outside the place marks)
    x_open: dict[int, list[tuple[str, Span]]] = defaultdict(list)
    x_close: dict[int, list[tuple[str, Span]]] = defaultdict(list)
    for spans in (actors, events):
        for sp in spans:
            if a <= sp.start < sp.end <= b:
                x_open[sp.start].append(("", sp))
                x_close[sp.end].append(("", sp))
    cuts = {a, b, *opens, *closes, *x_open, *x_close}
    shown_at: dict[int, bool] = {}
    style_on: dict[int, list[str]] = defaultdict(list)
    style_off: dict[int, list[str]] = defaultdict(list)
    markers: dict[int, list[str]] = defaultdict(list)
    if md is not None:
        # ranges that touch keep the position between them shown
        for _, e in md.shown:
            shown_at[e] = False
        for s, _ in md.shown:
            shown_at[s] = True
        for s, e, tag in md.styles:
            style_on[s].append(tag)
            style_off[e].append(tag)
        for pos, html in md.markers:
            markers[pos].append(html)
        cuts |= {p for p in (*shown_at, *style_on, *style_off, *markers) if a <= p <= b}
    paras: set[int] = set()
    if md is None:  # a new line starts a new paragraph block
        paras = {i + 1 for i in _newlines(text, a, b) if i + 1 < b}
        cuts |= paras
    points = sorted(p for p in cuts if a <= p <= b)
    mentions: dict[str, Link] = {}
    passages: dict[str, Link] = {}
    styles: dict[str, int] = defaultdict(int)
    shown = md is None
    p_attr = ""
    p_dirty = False
    inner: Link | None = None
    inner_key = ""
    on_x: dict[Span, None] = {}
    a_open = e_open = p_open = ""
    x_dirty = False
    out: list[str] = []
    for idx, pos in enumerate(points):
        m_dirty = False
        for _, sp in x_close.get(pos, ()):
            on_x.pop(sp, None)
            x_dirty = True
        for _, sp in x_open.get(pos, ()):
            on_x[sp] = None
            x_dirty = True
        if x_dirty:
            x_dirty = False
            a_open, e_open, p_open = _span_tags(on_x)
        for key, lk in closes.get(pos, ()):
            if lk.kind == LinkKind.MENTION:
                m_dirty |= mentions.pop(key, None) is not None
            else:
                p_dirty |= passages.pop(key, None) is not None
        starts_passage = False
        for key, lk in opens.get(pos, ()):
            if lk.kind == LinkKind.MENTION:
                mentions[key] = lk
                m_dirty = True
            else:
                passages[key] = lk
                p_dirty = starts_passage = True
        if m_dirty:
            # the innermost mention wins: "Afghanistan" inside "Afghanistan Peace Negotiations"
            if mentions:
                inner_key, inner = min(
                    mentions.items(), key=lambda kv: (kv[1].end - kv[1].start, kv[1].feature)
                )
            else:
                inner = None
        if md is not None:
            for tag in style_off.get(pos, ()):
                styles[tag] -= 1
            for tag in style_on.get(pos, ()):
                styles[tag] += 1
            if pos in shown_at:
                shown = shown_at[pos]
            out.extend(markers.get(pos, ()))
        if pos in paras:
            out.append(PARA_BREAK)
        if idx + 1 == len(points):
            break
        nxt = points[idx + 1]
        if not shown or nxt <= pos:
            continue
        chunk = escape(text[pos:nxt])
        if md is not None and any(styles.values()):
            for style in sorted(
                (t for t, n in styles.items() if n > 0), key=lambda t: _STYLE_ORDER.get(t, 9), reverse=True
            ):
                chunk = f"<{style}>{chunk}</{style}>"
        if inner is not None:
            key = inner_key
            opening = mark_open.get(key)
            if opening is None:
                layer = layer_of[inner.feature]
                opening = mark_open[key] = (
                    f'<mark class="rm-m" data-f="{escape(inner.feature)}" data-l="{escape(key)}" '
                    f'style="--c:{LAYER_COLOURS[layer]}" title="{tips.get(layer, "")}" tabindex="0" role="button">'
                )
            chunk = f"{opening}{chunk}</mark>"
        if a_open:
            chunk = f"{a_open}{chunk}</mark>"
        if e_open:
            chunk = f"{e_open}{chunk}</span>"
        if p_open:
            chunk = f"{p_open}{chunk}</span>"
        if passages:
            if p_dirty:
                ranked = sorted(passages.values(), key=lambda lk: order[lk.key])
                keys = " ".join(escape(lk.key) for lk in ranked)
                feats = " ".join(escape(lk.feature) for lk in ranked)
                p_attr = f'class="rm-p" data-p="{keys}" data-pf="{feats}" title="{PASSAGE_TIP}"'
                p_dirty = False
            focus = ' tabindex="0" role="button"' if starts_passage else ""
            chunk = f"<span {p_attr}{focus}>{chunk}</span>"
        out.append(chunk)
    return "".join(out)


def _newlines(text: str, a: int, b: int) -> list[int]:
    out, i = [], text.find("\n", a, b)
    while i >= 0:
        out.append(i)
        i = text.find("\n", i + 1, b)
    return out


def article_html(
    article: Article,
    links: Iterable[Link],
    layer_of: dict[str, str],
    actors: Iterable[Span] = (),
    events: Iterable[Span] = (),
) -> str:
    """The article with every mention marked in its layer's colour and every passage clickable.

    Mentions become ``<mark data-f=FEATURE data-l=LINK>``; text under passage links is
    wrapped in ``<span data-p="LINK ..." data-pf="FEATURE ...">`` (aligned lists, the
    feature a click selects first) so the page can select, scroll to and flash a
    passage. The page header and footer (site chrome kept verbatim in the data) are
    shown collapsed; Markdown bodies are shown as headings, paragraphs and lists with
    the text itself unchanged. Cost is linear in the links (plus sorting them).

    Parameters
    ----------
    article
        The article with its metadata (body, header, footer spans and format).
    links
        Any links; those of other articles or of features missing from ``layer_of`` are skipped.
    layer_of
        Feature id to layer, for the colours.
    actors
        Actor links (:func:`actor_spans`) of this article: mentions marked ``<mark class="rm-a"
        data-a="ACTOR ...">`` (the innermost actor first, outside any place mark), passages about an
        actor wrapped in ``<span class="rm-ap" data-ap="ACTOR ...">``; both carry ``data-ep`` keys.
    events
        Event passages (:func:`event_spans`) of this article: wrapped in ``<span class="rm-e"
        data-e="EVENT ..." data-ep="KEY ...">`` so the reader can highlight and scroll to them.
    """
    text = article.text
    n = len(text)
    inside = [
        lk
        for lk in links
        if lk.article == article.id and lk.feature in layer_of and 0 <= lk.start < lk.end <= n
    ]
    order = passage_order(inside)
    a_spans = [sp for sp in actors if 0 <= sp.start < sp.end <= n]
    e_spans = [sp for sp in events if 0 <= sp.start < sp.end <= n]
    parts = []
    for reg in regions(article):
        mine = [lk for lk in inside if reg.start <= lk.start and lk.end <= reg.end]
        md = (
            markdown_layout(text, reg.start, reg.end) if reg.kind == "body" and is_markdown(article) else None
        )
        inner = _render(text, reg.start, reg.end, mine, layer_of, order, md, a_spans, e_spans)
        if md is None:
            inner = f"{PARA_OPEN}{inner}</div>"
        if reg.kind == "body":
            cls = "rm-md" if md is not None else "rm-text"
            parts.append(f'<div class="{cls}" data-region="body">{inner}</div>')
        elif text[reg.start : reg.end].strip():
            parts.append(
                f'<details class="rm-chrome" data-region="{reg.kind}"><summary>{_CHROME[reg.kind]}</summary>'
                f'<div class="rm-text">{inner}</div></details>'
            )
    return f'<div class="rm-body" data-article="{escape(article.id)}">{"".join(parts)}</div>'
