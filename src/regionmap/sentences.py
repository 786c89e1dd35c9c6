"""Sentence boundaries from sentencex (abbreviations never end a sentence), cached per text; quote contexts.

sentencex (Wikimedia, MIT, a Rust core: a 1 MB text in about 15 ms) knows the common
abbreviations ("U.S.", "Dr.", "No.", "Gen."). Two kinds it misses are mended here: a
compound of abbreviations it knows ("Col.-Gen.", "Lt.-Col.") and the title abbreviations
listed with their sources in ``abbreviations.tsv`` ("Amb.").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import sentencex

from .layout import is_markdown, markdown_layout, region_of, regions, visible
from .model import Article, Link

# characters either side of a quote beyond which a sentence is cut with "…"
MAX_SIDE = 600
_LANG = "en"
_SPACE = " \t\n\r\f\v\xa0\u2009\u202f"


@lru_cache(maxsize=1)
def _extra_abbreviations() -> frozenset[str]:
    rows = resources.files("regionmap").joinpath("abbreviations.tsv").read_text(encoding="utf-8").splitlines()
    return frozenset(r.split("\t", 1)[0] for r in rows[1:] if r.strip())


@lru_cache(maxsize=512)
def _is_abbreviation(word: str) -> bool:
    """True if ``word.`` never ends a sentence before a name (sentencex's own list or ours)."""
    if word in _extra_abbreviations():
        return True
    return len(list(sentencex.segment(_LANG, f"They met {word}. Rahmon in Dushanbe."))) == 1


_COMPOUND = re.compile(r"^(?:[A-Z][a-z]{1,4}\.-)+[A-Z][a-z]{1,4}\.$")


def _no_break_after(sentence: str) -> bool:
    """A sentence ending in an abbreviation compound ("Col.-Gen.") or a listed title ("Amb.")."""
    words = sentence.rsplit(None, 1)
    if not words:
        return False
    token = words[-1].lstrip("(“\"'‘[")
    if _COMPOUND.match(token):
        return all(_is_abbreviation(p) for p in token[:-1].split(".-"))
    return token.endswith(".") and token[:-1] in _extra_abbreviations()


def _segment(text: str, a: int, b: int) -> list[int]:
    """Sentence starts (first non-space character) in ``text[a:b]``."""
    starts: list[int] = []
    merge = False
    for s in sentencex.get_sentence_boundaries(_LANG, text[a:b]):
        chunk = s["text"]
        lead = len(chunk) - len(chunk.lstrip(_SPACE))
        if lead == len(chunk):  # a paragraph break
            merge = False
            continue
        if not merge:
            starts.append(a + s["start_index"] + lead)
        merge = _no_break_after(chunk)
    return starts


@dataclass(frozen=True)
class Sentences:
    """Sorted sentence starts of one text; a sentence runs to the next start (or its block's end)."""

    starts: tuple[int, ...]
    stops: tuple[int, ...]  # block ends: no sentence runs past one

    def start_of(self, pos: int) -> int | None:
        """Start of the sentence holding ``pos`` (None before the first sentence)."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.starts[i] if i >= 0 else None

    def end_of(self, pos: int, limit: int) -> int:
        """End of the sentence holding ``pos``: the next start or block end, at most ``limit``."""
        i = bisect.bisect_right(self.starts, pos)
        nxt = self.starts[i] if i < len(self.starts) else limit
        j = bisect.bisect_right(self.stops, pos)
        stop = self.stops[j] if j < len(self.stops) else limit
        return min(nxt, stop, limit)


@lru_cache(maxsize=64)
def _sentences(text: str, blocks: tuple[tuple[int, int], ...]) -> Sentences:
    starts: list[int] = []
    for a, b in blocks:
        starts.extend(_segment(text, a, b))
    return Sentences(tuple(sorted(set(starts))), tuple(sorted({b for _, b in blocks})))


_BLANK_LINE = re.compile(r"\n\s*\n")


def text_spans(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a plain text, whitespace trimmed; a blank line always ends a sentence.

    The same segmentation as the reader's and the cards' (sentencex and the abbreviation mends
    above), for text that is not a saved article, such as the event extractor's input.
    """
    blocks, pos = [], 0
    for m in _BLANK_LINE.finditer(text):
        blocks.append((pos, m.start()))
        pos = m.end()
    blocks.append((pos, len(text)))
    out: list[tuple[int, int]] = []
    for a, b in blocks:
        starts = _segment(text, a, b)
        for s, nxt in zip(starts, [*starts[1:], b], strict=True):
            e = nxt
            while e > s and text[e - 1] in _SPACE:
                e -= 1
            if e > s:
                out.append((s, e))
    return out


def sentences(article: Article) -> Sentences:
    """The article's sentences, segmented once per text (each region, or Markdown block, apart)."""
    parts: list[tuple[int, int]] = []
    for r in regions(article):
        if r.kind == "body" and is_markdown(article):
            parts.extend(markdown_layout(article.text, r.start, r.end).blocks)
        elif r.end > r.start:
            parts.append((r.start, r.end))
    return _sentences(article.text, tuple(parts))


@dataclass(frozen=True)
class Context:
    """A quote with the text around it, from the start of its sentence to the end of it."""

    before: str
    quote: str
    after: str
    start: int = 0  # where ``before`` starts in the text (after any "…")
    cut: bool = False  # the sentence was longer than the limit and ``before`` starts mid-sentence
    end: int = 0  # where ``after`` ends in the text


def context(article: Article, link: Link, limit: int = MAX_SIDE) -> Context:
    """The whole sentence (or sentences) around a link, cut with "…" only past ``limit`` characters."""
    text = article.text
    reg = region_of(article, link.start)
    r0, r1 = (reg.start, reg.end) if reg else (0, len(text))
    sents = sentences(article)
    s0 = sents.start_of(link.start)
    lo = s0 if s0 is not None and s0 >= r0 else r0
    cut = False
    if link.start - lo > limit:
        lo = link.start - limit
        while lo < link.start and not text[lo - 1].isspace():  # to a word start
            lo += 1
        cut = True
    hi = sents.end_of(max(link.start, link.end - 1), r1)
    cut_after = False
    if hi - link.end > limit:
        hi = link.end + limit
        while hi > link.end and not text[hi].isspace():
            hi -= 1
        cut_after = True
    before = text[lo : link.start]
    after = text[link.end : hi].rstrip(_SPACE)
    end = link.end + len(after)
    if reg is not None and reg.kind == "body" and is_markdown(article):  # the words, not the markup
        lay = markdown_layout(text, reg.start, reg.end)
        before, after = visible(text, lay, lo, link.start), visible(text, lay, link.end, end).rstrip(_SPACE)
    if cut:
        before = "…" + before
    if cut_after and after:
        after += "…"
    return Context(before, text[link.start : link.end], after, lo, cut, end)


def starts_sentence(article: Article, pos: int) -> bool:
    """True if a sentence of the article starts at ``pos``."""
    s = sentences(article)
    i = bisect.bisect_left(s.starts, pos)
    return i < len(s.starts) and s.starts[i] == pos


def context_problems(article: Article, links: list[Link]) -> list[tuple[Link, str]]:
    """Links whose card context would not start at a sentence start, with the reason."""
    out = []
    for lk in links:
        ctx = context(article, lk)
        if ctx.cut:
            out.append((lk, f"its sentence starts more than {MAX_SIDE} characters before the quote"))
        elif not starts_sentence(article, ctx.start):
            out.append((lk, f"its context starts mid-sentence at {ctx.start}"))
    return out
