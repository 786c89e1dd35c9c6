"""Where an article's parts lie in its text: page header, body, footer, and Markdown block structure.

Offsets always index the stored text, which stays verbatim: Markdown is never
turned into other text, only split into ranges that are shown, ranges that are
markup (``# ``, ``**``, ``- ``) and the blocks and styles around them.
"""

from __future__ import annotations

import bisect
import html as _html
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .model import Article


@dataclass(frozen=True)
class Region:
    """A part of the article: ``kind`` is "header", "body" or "footer"."""

    kind: str
    start: int
    end: int


def regions(article: Article) -> list[Region]:
    """The page header, the body shown to the reader and the page footer, in text order.

    The shown body starts after the header and ends before the footer, so a title,
    byline and date that the metadata already gives are not repeated as body text.
    """
    m, n = article.meta, len(article.text)
    b0, b1 = m.body.start, min(m.body.end, n)
    out = []
    header = getattr(m, "header", None)
    footer = getattr(m, "footer", None)
    if header is not None and header.end <= n:
        out.append(Region("header", header.start, header.end))
        b0 = max(b0, header.end)
    if footer is not None and footer.start < n:
        b1 = min(b1, footer.start)
    out.append(Region("body", b0, max(b0, b1)))
    if footer is not None and footer.start < n:
        out.append(Region("footer", footer.start, min(footer.end, n)))
    return out


def region_of(article: Article, pos: int) -> Region | None:
    """The region holding character ``pos``."""
    return next((r for r in regions(article) if r.start <= pos < r.end), None)


def is_markdown(article: Article) -> bool:
    return getattr(article.meta, "format", "text") == "markdown"


@dataclass
class MdLayout:
    """A Markdown text as ranges of its own characters.

    ``shown`` are the sorted, disjoint ranges the reader sees (all else is markup);
    ``styles`` are ``(start, end, tag)`` for em, strong and code; ``markers`` are
    ``(pos, html)`` block tags to put before the character at ``pos``; ``blocks`` are
    the text ranges of headings, paragraphs, list items and code, for sentence splitting.
    """

    shown: list[tuple[int, int]] = field(default_factory=list)
    styles: list[tuple[int, int, str]] = field(default_factory=list)
    markers: list[tuple[int, str]] = field(default_factory=list)
    blocks: list[tuple[int, int]] = field(default_factory=list)


def visible(text: str, lay: MdLayout, a: int, b: int) -> str:
    """The characters of ``text[a:b]`` the reader shows (Markdown markup left out)."""
    starts = [s for s, _ in lay.shown]
    i = max(bisect.bisect_right(starts, a) - 1, 0)
    out = []
    while i < len(lay.shown) and lay.shown[i][0] < b:
        s, e = lay.shown[i]
        if e > a:
            out.append(text[max(s, a) : min(e, b)])
        i += 1
    return "".join(out)


_MD = MarkdownIt("commonmark", {"html": False})
# block tokens turned into the reader's own tags; every tag written here is fixed text
_BLOCK_TAGS = {
    "heading": None, "paragraph": "p", "bullet_list": "ul", "ordered_list": "ol",
    "list_item": "li", "blockquote": "blockquote",
}  # fmt: skip
_STYLE_TAGS = {"em": "em", "strong": "strong", "s": "s"}


class _Misaligned(Exception):
    """The tokens do not line up with the source: show that block verbatim."""


def _skip_destination(c: str, i: int) -> int:
    """Past ``(url "title")`` or ``[ref]`` after a link's text; ``i`` is just after the ``]``."""
    if c.startswith("(", i):
        depth, j = 0, i
        while j < len(c):
            ch = c[j]
            if ch == "\\":
                j += 2
                continue
            if ch == "(":
                depth += 1
            elif ch == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        raise _Misaligned
    if c.startswith("[", i):
        j = c.find("]", i)
        if j < 0:
            raise _Misaligned
        return j + 1
    return i


def _align_text(c: str, i: int, t: str, shown: list[tuple[int, int]]) -> int:
    """Match token text ``t`` at ``c[i:]``, allowing backslash escapes and entities in the source."""
    if c.startswith(t, i):
        shown.append((i, i + len(t)))
        return i + len(t)
    k = 0
    while k < len(t):
        entity = ""
        if c.startswith("&", i) and (semi := c.find(";", i, i + 12)) > 0:
            entity = c[i : semi + 1]
            decoded = _html.unescape(entity)
            if decoded == entity or not t.startswith(decoded, k):
                entity = ""
        if entity:
            shown.append((i, i + len(entity)))  # the entity is shown as written
            i, k = i + len(entity), k + len(decoded)
        elif i < len(c) and c[i] == t[k]:
            shown.append((i, i + 1))
            i, k = i + 1, k + 1
        elif c.startswith("\\", i) and i + 1 < len(c) and c[i + 1] == t[k]:
            shown.append((i + 1, i + 2))  # the backslash is markup
            i, k = i + 2, k + 1
        else:
            raise _Misaligned
    return i


def _inline(
    c: str, children: list[Token]
) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]], list[int]]:
    """Shown ranges, styles and hard breaks of one inline token, in offsets into its content ``c``."""
    shown: list[tuple[int, int]] = []
    styles: list[tuple[int, int, str]] = []
    breaks: list[int] = []
    open_at: dict[str, list[int]] = {}
    i = 0

    def expect(s: str) -> None:
        nonlocal i
        if not c.startswith(s, i):
            raise _Misaligned
        i += len(s)

    for tok in children:
        t = tok.type
        if t == "text":
            i = _align_text(c, i, tok.content, shown)
        elif t in ("softbreak", "hardbreak"):
            j = c.find("\n", i)
            if j < 0:
                raise _Misaligned
            shown.append((j, j + 1))
            if t == "hardbreak":
                breaks.append(j)
            i = j + 1
        elif t.endswith("_open") and t[:-5] in _STYLE_TAGS:
            expect(tok.markup)
            open_at.setdefault(t[:-5], []).append(i)
        elif t.endswith("_close") and t[:-6] in _STYLE_TAGS:
            name = t[:-6]
            if not open_at.get(name):
                raise _Misaligned
            styles.append((open_at[name].pop(), i, _STYLE_TAGS[name]))
            expect(tok.markup)
        elif t == "code_inline":
            expect(tok.markup)
            while c.startswith((" ", "\n"), i) and not c.startswith(tok.content, i):
                i += 1
            start = i
            i = _align_text(c, i, tok.content, shown)
            styles.append((start, i, "code"))
            while c.startswith((" ", "\n"), i):
                i += 1
            expect(tok.markup)
        elif t == "link_open":
            expect("<" if tok.markup == "autolink" else "[")
        elif t == "link_close":
            if tok.markup == "autolink":
                expect(">")
            else:
                expect("]")
                i = _skip_destination(c, i)
        elif t == "image":
            expect("![")
            i = _align_text(c, i, tok.content, shown) if tok.content else i
            expect("]")
            i = _skip_destination(c, i)
        else:  # html is disabled; anything else unexpected is shown verbatim
            raise _Misaligned
    return shown, styles, breaks


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted ranges with touching or overlapping ones joined (fewer cuts for the renderer)."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _line_starts(text: str) -> list[int]:
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


@lru_cache(maxsize=16)
def markdown_layout(text: str, start: int = 0, end: int | None = None) -> MdLayout:
    """The Markdown structure of ``text[start:end]`` as ranges of ``text`` (cached per text).

    Parameters
    ----------
    text
        The whole stored article text.
    start, end
        The range to lay out (the shown body).

    Returns
    -------
    MdLayout
        A block whose tokens do not line up with its source is shown verbatim (markup
        characters included), never dropped.
    """
    end = len(text) if end is None else end
    src = text[start:end]
    lines = _line_starts(src)
    nlines = len(lines)

    def line_pos(k: int) -> int:
        return start + (lines[k] if k < nlines else len(src))

    def line_end(k: int) -> int:  # position of the line's "\n" (or the end)
        return start + (lines[k + 1] - 1 if k + 1 < nlines else len(src))

    out = MdLayout()
    stack: list[tuple[str, int]] = []  # (close html, end position)
    for tok in _MD.parse(src):
        kind = tok.type
        base = kind.removesuffix("_open").removesuffix("_close")
        if kind.endswith("_open") and base in _BLOCK_TAGS:
            tag = tok.tag if base == "heading" else _BLOCK_TAGS[base]
            assert tok.map is not None
            l0, l1 = tok.map
            hidden = base == "paragraph" and tok.hidden  # paragraphs of a tight list
            if not hidden:
                out.markers.append((line_pos(l0), f'<{tag} class="rm-md-{tag}">'))
            stack.append(("" if hidden else f"</{tag}>", line_end(l1 - 1)))
        elif kind.endswith("_close") and base in _BLOCK_TAGS:
            close, pos = stack.pop()
            if close:
                out.markers.append((pos, close))
        elif kind == "inline" and tok.map is not None:
            _lay_inline(out, tok, src, start, lines, line_pos, line_end)
        elif kind in ("code_block", "fence") and tok.map is not None:
            l0, l1 = tok.map
            if kind == "fence":
                l0 += 1  # the opening fence line
                if l1 - 1 > l0 and src[lines[l1 - 1] :].lstrip().startswith(tok.markup[:3]):
                    l1 -= 1  # the closing fence line, when there is one
            if l1 > l0:
                a, b = line_pos(l0), line_end(l1 - 1)
                out.markers.append((a, '<pre class="rm-md-pre">'))
                out.shown.append((a, b))
                out.blocks.append((a, b))
                out.markers.append((b, "</pre>"))
        elif kind == "hr" and tok.map is not None:
            out.markers.append((line_pos(tok.map[0]), '<hr class="rm-md-hr">'))
    out.shown = _merged(out.shown)
    out.markers.sort(key=lambda m: m[0])  # stable: same-position tags keep token order
    return out


def _lay_inline(
    out: MdLayout, tok: Token, src: str, start: int, lines: list[int], line_pos, line_end
) -> None:
    assert tok.map is not None
    l0, l1 = tok.map
    content = tok.content
    clines = content.split("\n")
    # where each content line starts in the text, and where it starts in the content
    src_at: list[int] = []
    c_at: list[int] = []
    ci = 0
    ok = len(clines) <= l1 - l0
    for j, cl in enumerate(clines):
        if not ok:
            break
        k = l0 + j
        row = src[lines[k] : (lines[k + 1] - 1 if k + 1 < len(lines) else len(src))]
        pos = row.find(cl) if cl else len(row.rstrip())
        if pos < 0:
            ok = False
            break
        src_at.append(start + lines[k] + pos)
        c_at.append(ci)
        ci += len(cl) + 1
    if not ok:  # show the block's lines as they are
        a, b = line_pos(l0), line_end(l1 - 1)
        out.shown.append((a, b))
        out.blocks.append((a, b))
        return
    try:
        shown, styles, breaks = _inline(content, tok.children or [])
    except _Misaligned:
        shown, styles, breaks = [(0, len(content))], [], []

    def to_src(u: int) -> int:
        j = bisect.bisect_right(c_at, u) - 1
        return src_at[j] + (u - c_at[j])

    for u, v in shown:
        # a shown range never spans a line break of the content except the break itself,
        # which is the text's own "\n" (line prefixes such as "> " stay markup)
        j = bisect.bisect_right(c_at, u) - 1
        while u < v:
            line_stop = c_at[j] + len(clines[j])
            if u == line_stop:  # the "\n" between content lines
                nl = line_end(l0 + j)
                out.shown.append((nl, nl + 1))
                u += 1
                j += 1
                continue
            w = min(v, line_stop)
            out.shown.append((to_src(u), to_src(w)))
            u = w
    for u, v, tag in styles:
        out.styles.append((to_src(u), to_src(v), tag))
    for u in breaks:
        out.markers.append((line_end(l0 + bisect.bisect_right(c_at, u) - 1), "<br>"))
    if content:
        out.blocks.append((to_src(0), to_src(len(content))))
