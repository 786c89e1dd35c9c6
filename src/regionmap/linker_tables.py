"""Plain-text tables: the kind of place a column header or a caption names for the cells under it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .linker_rules import Rules

TABLE_RULE = re.compile(r"[\s|:+=-]+")  # a separator row: "-----|-----", "|:---|---:|"


@dataclass(frozen=True)
class Cell:
    """A table cell whose column header (or the table's caption) says what its names are."""

    start: int
    end: int
    types: frozenset[str]
    level: str | None
    organisation: bool  # the column lists companies or agencies ("Company | Based in")


def _header_kind(words: list[str], r: Rules) -> tuple[frozenset[str], str | None, bool]:
    types: set[str] = set()
    levels = set()
    for w in words:
        if w in r.type_words:
            t, lv = r.type_words[w]
            types |= t
            levels.add(lv)
    org = not types and any(w in r.apposition for w in words)
    return frozenset(types), levels.pop() if len(levels) == 1 else None, org


def table_cells(text: str, r: Rules) -> list[Cell]:
    """The cells of plain-text tables (two or more consecutive lines cut by "|") whose column
    header names a kind of place ("Province | Wheat", "Country or region") or an organisation
    ("Company"); when no header does, a caption line "Table N ... by province" above the table
    names the kind of every cell. Sorted by start."""
    if "|" not in text:
        return []
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    out: list[Cell] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and "|" in lines[j][1]:
            j += 1
        if j - i < 2:
            i = j + 1
            continue
        block = [(p, ln) for p, ln in lines[i:j] if not TABLE_RULE.fullmatch(ln)]
        out.extend(_block_cells(block, _caption(lines, i), r))
        i = j
    return out


def _caption(lines: list[tuple[int, str]], first: int) -> str:
    # the nearest non-blank line above the table, if it is a caption ("Table 2 ...")
    for k in range(first - 1, max(first - 3, -1), -1):
        line = lines[k][1].strip()
        if line:
            return line if line.lower().startswith(("table ", "table:")) else ""
    return ""


def _cells_of(pos: int, line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for piece in line.split("|"):
        s = start + len(piece) - len(piece.lstrip())
        e = start + len(piece.rstrip())
        spans.append((pos + s, pos + max(s, e)))
        start += len(piece) + 1
    return spans


def _block_cells(block: list[tuple[int, str]], caption: str, r: Rules) -> list[Cell]:
    if len(block) < 2:
        return []
    head = block[0][1]
    heads = [_header_kind(re.findall(r"[a-z]+", h.lower()), r) for h in head.split("|")]
    if not any(t or org for t, _, org in heads):
        cap = _header_kind(re.findall(r"[a-z]+", caption.lower()), r)
        if not cap[0]:
            return []
        heads = [cap] * max(ln.count("|") + 1 for _, ln in block)
    out = []
    for pos, line in block[1:]:
        for k, (s, e) in enumerate(_cells_of(pos, line)):
            if k < len(heads) and e > s and (heads[k][0] or heads[k][2]):
                out.append(Cell(s, e, heads[k][0], heads[k][1], heads[k][2]))
    return out
