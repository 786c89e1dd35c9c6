"""HTML to readable text, linear in the page: nesting and time are bounded before and while parsing."""

from __future__ import annotations

import re
import time
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from .limits import HTML_SECONDS, MAX_HTML_DEPTH

_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math", "canvas", "audio", "video", "head", "nav", "footer", "form", "button", "select", "textarea"}  # fmt: skip
# elements that stand apart as paragraphs (a blank line around them) and those that only break the line
_PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article", "header", "main", "aside", "table", "ul", "ol", "dl", "figure", "hr", "address", "details", "fieldset"}  # fmt: skip
_LINE = {
    "div",
    "li",
    "br",
    "tr",
    "dt",
    "dd",
    "figcaption",
    "caption",
    "summary",
    "legend",
    "center",
    "option",
}


# for the nesting estimate: comments, raw-text elements whose content is not markup, and tags
_HTML_INERT = re.compile(
    r"<!--.*?(?:-->|$)|<(script|style|textarea|title|xmp|noembed|noframes|plaintext)\b[^>]*>.*?(?:</\1\s*>|$)",
    re.DOTALL | re.IGNORECASE,
)
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^>]*?(/?)>")
# elements with no end tag, or whose end tag may be left out (the next one closes them)
_NO_NESTING = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
    "param", "keygen", "frame", "basefont", "bgsound", "image", "p", "li", "dt", "dd", "tr", "td", "th",
    "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "rtc",
    "html", "head", "body",
}  # fmt: skip


class HtmlTooComplex(ValueError):
    """The page nests too deeply or takes too long to read; the message says which."""


def html_nesting_estimate(html: str) -> int:
    """An upper estimate of how deeply the elements of ``html`` nest, without parsing it.

    Linear in the length. Void elements and those whose end tag may be left out
    (``p``, ``li``, ``td`` …) do not count; an unclosed ``<b>`` does, since the parser
    keeps it open (and re-opens misnested ones), which is what makes parsing slow.
    """
    depth = deepest = 0
    for m in _HTML_TAG.finditer(_HTML_INERT.sub("", html)):
        closing, tag, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        if tag in _NO_NESTING or selfclose:
            continue
        if closing:
            depth = max(depth - 1, 0)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def html_to_text(html: str) -> str:
    """Readable text of an HTML page: no markup, scripts, styles, navigation, forms or footers.

    Block elements become line breaks and paragraphs are separated by a blank line; runs of
    spaces are collapsed (except in ``<pre>``) and entities decoded. The work is linear in
    the page: a page nested deeper than :data:`~regionmap.limits.MAX_HTML_DEPTH` elements
    (where HTML parsing turns quadratic) or taking over
    :data:`~regionmap.limits.HTML_SECONDS` is refused.

    Parameters
    ----------
    html
        The page's markup.

    Returns
    -------
    str
        Plain text, possibly empty.

    Raises
    ------
    HtmlTooComplex
        If the page nests too deeply or takes too long.
    """
    too_deep = HtmlTooComplex(
        f"the page is nested deeper than {MAX_HTML_DEPTH} elements; save it as text (.txt) and try again"
    )
    if html_nesting_estimate(html) > MAX_HTML_DEPTH:
        raise too_deep
    deadline = time.monotonic() + HTML_SECONDS
    root = LexborHTMLParser(html).root
    if root is None:
        return ""
    # pieces: ("txt", s), ("pre", s) or a break of 1 (new line) or 2 (blank line);
    # an explicit stack rather than recursion, since pages can nest deeper than Python's limit;
    # it holds (node, depth) to visit and (tag name, break) to note on leaving an element
    pieces: list[tuple[str, str] | int] = []
    stack: list[tuple[Any, int]] = [(root, 0)]
    pre_depth = steps = 0
    while stack:
        node, depth = stack.pop()
        steps += 1
        if steps % 4096 == 0 and time.monotonic() > deadline:
            raise HtmlTooComplex(
                f"the page took over {HTML_SECONDS:g} s to read; save it as text (.txt) and try again"
            )
        if isinstance(node, str):  # leaving an element
            pre_depth -= node == "pre"
            pieces.append(depth if depth else ("txt", " "))
            continue
        if depth > MAX_HTML_DEPTH:  # the estimate is a heuristic; this is the tree itself
            raise too_deep
        tag = node.tag
        if tag == "-text":
            pieces.append(("pre" if pre_depth else "txt", node.text_content or ""))
            continue
        if not node.is_element_node or tag in _SKIP:
            continue
        brk = 2 if tag in _PARAGRAPH else 1 if tag in _LINE else 0
        if brk or tag in ("td", "th"):
            pieces.append(brk if brk else ("txt", " "))
            stack.append((tag, brk))
        pre_depth += tag == "pre"
        stack.extend((child, depth + 1) for child in reversed(list(node.iter(include_text=True))))
    out: list[str] = []
    gap, block = 0, []
    for piece in [*pieces, 2]:
        if not isinstance(piece, int):
            block.append(piece)
            continue
        if text := _block_text(block):
            out += ["\n" * max(gap, 1), text] if out else [text]
            gap = 0
        gap, block = max(gap, piece), []
    return "".join(out)


def _block_text(parts: list[tuple[str, str]]) -> str:
    if any(kind == "pre" for kind, _ in parts):
        raw = "".join(s if kind == "pre" else re.sub(r"\s+", " ", s) for kind, s in parts)
        lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip("\n")
    return re.sub(r"[\s\u00a0]+", " ", "".join(s for _, s in parts)).strip()
