"""Link Russian and Dari/Persian text: words matched to the gazetteer's names by their lemmas and stems."""

from __future__ import annotations

import bisect
import csv
import itertools
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from . import morph_ru, text_fa
from .linker_rules import RULES_DIR, Around

if TYPE_CHECKING:
    from .gazetteer import Gazetteer
    from .linker import Linker, Mention

FOREIGN = ("ru", "fa")
PREFIX = "\x00"  # foreign form keys in Gazetteer.forms start with it: no text has it, the English automaton skips it
END = ""  # the trie's key for the form keys a path ends with
HEAD = 3  # letters of a word checked before it is analysed at all
# between two words of one name: spaces or a hyphen, never a comma or a line break
JOIN = re.compile(r"[ \t\u00a0\u200c]{1,3}|[ ]?[-‐‑][ ]?")
LIST_GLUE = re.compile(r"\s*(?:,|،|,?\s+(?:и|или|а также)|،?\s*(?:و|یا))\s+")
QUOTES_OPEN, QUOTES_CLOSE = '«"“„', '»"”“'
MODULES: dict[str, Any] = {"ru": morph_ru, "fa": text_fa}
LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Cue:
    word: str
    position: str  # before | after
    role: str  # type | title | organisation | not-place
    types: frozenset[str]
    level: str | None


@lru_cache(maxsize=4)
def cues(lang: str) -> dict[tuple[str, str], Cue]:
    """``(position, word) -> cue`` from ``data/gazetteer/rules/cues_<lang>.csv``."""
    path = RULES_DIR / f"cues_{lang}.csv"
    out: dict[tuple[str, str], Cue] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            w = morph_ru.plain(r["word"]) if lang == "ru" else text_fa.key(r["word"])
            types = frozenset(t for t in r["types"].split("|") if t)
            out[(r["position"], w)] = Cue(w, r["position"], r["role"], types, r["level"] or None)
    return out


@dataclass
class ForeignIndex:
    """The names of one language as a trie over word keys."""

    lang: str
    trie: dict[str, Any] = field(default_factory=dict)
    heads: set[str] = field(default_factory=set)
    upper: set[str] = field(default_factory=set)  # form keys written with a capital (the text must have one)
    caps: set[str] = field(default_factory=set)  # form keys written all in capitals (ГБАО, СССР)

    def add(self, token_keys: list[tuple[str, ...]], fkey: str) -> None:
        for path in itertools.product(*token_keys):
            node = self.trie
            for k in path:
                node = node.setdefault(k, {})
            ends = node.setdefault(END, [])
            if fkey not in ends:
                ends.append(fkey)
        for k in token_keys[0]:
            self.heads.add(k.lstrip("~")[:HEAD])


EZAFE_RU = re.compile(r"([А-Яа-яЁё]{3,})и-([А-ЯЁ][а-яё]+)|([А-Яа-яЁё]{3,})-и-([А-ЯЁ][а-яё]+)")


def ezafe_variants(name: str) -> list[str]:
    """A Persian ezafe transliterated either way: "Мазари-Шариф" and "Мазар-и-Шариф", "Пули-Хумри"
    and "Пул-и-Хумри"."""
    out = []
    for m in EZAFE_RU.finditer(name):
        if m.group(1):
            out.append(name[: m.start()] + f"{m.group(1)}-и-{m.group(2)}" + name[m.end() :])
        else:
            out.append(name[: m.start()] + f"{m.group(3)}и-{m.group(4)}" + name[m.end() :])
    return out


def form_key(lang: str, written: str) -> str:
    return f"{PREFIX}{lang}:{MODULES[lang].key(written)}"


def _name_token_keys(lang: str, word: str) -> tuple[str, ...]:
    if lang == "ru":
        return morph_ru.candidates(word)
    return (text_fa.fold(word).replace(text_fa.ZWNJ, ""),)


def build_indexes(gaz: Gazetteer) -> dict[str, ForeignIndex]:
    """One index per language from ``gaz.names``; their form keys are added to ``gaz.forms``."""
    out = {}
    names = getattr(gaz, "names", {})
    for lang in FOREIGN:
        idx = ForeignIndex(lang)
        mod = MODULES[lang]
        generic = {w for (pos, w), c in cues(lang).items() if c.role == "type"}
        for eid, rows in sorted(names.get(lang, {}).items()):
            for name, kind in rows:
                toks = [w for _, _, w in mod.words(name)]
                if not toks:
                    continue
                variants = [(toks, kind, name)]
                # a generic word is left out of a span ("Сугдийской области" → "Сугдийской", "ولایت
                # جوزجان" → "جوزجان"): the name without it is indexed as a short form
                head = name.rsplit(" ", 1)[0]
                if (lang == "ru" and len(toks) > 1 and morph_ru.lemma(toks[-1]) in generic and " " not in head
                        and (toks[-1].islower() or toks[-1].isupper())):  # fmt: skip
                    # "Сугдийская область", "Нурекская ГЭС"; a longer official name stays whole
                    # ("Горно-Бадахшанская автономная область")
                    variants = [(toks[:-1], "short" if kind != "demonym" else kind, head)]
                if lang == "ru":
                    variants += [(vt, vk, v) for vt0, vk, w in list(variants) for v in ezafe_variants(w)
                                 if (vt := [t for _, _, t in morph_ru.words(v)]) and vt != vt0]  # fmt: skip
                if (lang == "fa" and len(toks) > 1 and text_fa.key(toks[0]) in generic
                        and gaz.entries[eid].type != "country" and text_fa.key(toks[1]) not in generic):  # fmt: skip
                    # "دریای پنج", "بندر چابهار": the generic word before is left out of the span
                    short = "short" if gaz.entries[eid].type != "city" else kind
                    variants = [(toks[1:], short, " ".join(toks[1:]))]
                if lang == "fa" and len(toks) > 1:  # "مزار شریف" is also written "مزارشریف"
                    variants.append((["".join(toks)], kind, "".join(toks)))
                for vt, vk, written in variants:
                    fkey = form_key(lang, written)
                    forms = gaz.forms.setdefault(fkey, [])
                    if not any(e == eid for e, _ in forms):
                        forms.append((eid, vk))
                    gaz.written[fkey] = tuple(sorted({*gaz.written.get(fkey, ()), written}))
                    if lang == "ru" and written[:1].isupper():
                        idx.upper.add(fkey)
                    if lang == "ru" and written.isupper() and len(written) <= 6:
                        idx.caps.add(fkey)
                    idx.add([_name_token_keys(lang, t) for t in vt], fkey)
        out[lang] = idx
    return out


@dataclass
class _Match:
    i: int  # first and last word
    j: int
    fkeys: list[str]
    depth: int  # how far the first word's key is from the word as written (0: itself)


def _matches(idx: ForeignIndex, text: str, toks: list[tuple[int, int, str]]) -> list[_Match]:
    mod = MODULES[idx.lang]
    heads = idx.heads
    out: list[_Match] = []
    n = len(toks)
    i = 0
    while i < n:
        _s, _e, w = toks[i]
        low = w.lower() if idx.lang == "ru" else text_fa.fold(w).replace(text_fa.ZWNJ, "")
        if low[:HEAD] not in heads and low[1 : HEAD + 1] not in heads:
            i += 1
            continue
        best: _Match | None = None
        stack = [(idx.trie, i, 0)]
        while stack:
            node, j, depth = stack.pop()
            if j >= n or (j > i and not JOIN.fullmatch(text[toks[j - 1][1] : toks[j][0]])):
                continue
            for d, k in enumerate(mod.candidates(toks[j][2])):
                child = node.get(k)
                if child is None:
                    continue
                dd = depth if j > i else d
                if END in child and (best is None or j > best.j or (j == best.j and dd < best.depth)):
                    best = _Match(i, j, child[END], dd)
                if len(child) > (END in child):
                    stack.append((child, j + 1, dd))
        if best is None:
            i += 1
            continue
        out.append(best)
        i = best.j + 1
    return out


def _prev_word(text: str, s: int) -> str:
    before = text[max(0, s - 40) : s].rstrip()
    return before.rsplit(None, 1)[-1] if before else ""


def _next_word(text: str, e: int) -> str:
    m = re.match(r"\s*(\S+)", text[e : e + 60])
    return m.group(1) if m else ""


def _next_listed(text: str, e: int) -> str:
    """The word listed after ``e`` ("узбеки, таджики" → "таджики"; "узбеки и таджики" → "таджики")."""
    m = re.match(LIST_GLUE.pattern + r"(\w+)", text[e : e + 60])
    return m.group(1) if m else ""


def _prev_listed(text: str, s: int) -> str:
    m = re.search(r"(\w+)" + LIST_GLUE.pattern + "$", text[max(0, s - 60) : s])
    return m.group(1) if m else ""


def _sentence_start(text: str, s: int) -> bool:
    before = text[max(0, s - 80) : s].rstrip(' «"“(\u00a0')
    return not before or before[-1] in ".!?\n:—–-" or before.endswith("\n")


def _word_key(lang: str, tok: str) -> tuple[str, ...]:
    tok = tok.strip(".,;:!?()«»\"“”'’،؛؟")
    if not tok:
        return ()
    if lang == "ru":
        return (morph_ru.plain(tok), morph_ru.lemma(tok))
    return text_fa.candidates(tok)


def _cue(lang: str, position: str, tok: str) -> Cue | None:
    table = cues(lang)
    for k in _word_key(lang, tok):
        c = table.get((position, k))
        if c is not None:
            return c
    return None


class _ForeignFound:
    """What the English linker's resolution needs of a mention (the fields of ``linker._Found``)."""

    def __init__(self, start: int, end: int, key: str) -> None:
        self.start, self.end, self.key = start, end, key
        self.ctx: dict[str, Any] = {}
        self.around: Around | None = None
        self.cell = None  # table cells are read in English text only
        self.prev: tuple[int, str] | None = None


def link_foreign(linker: Linker, text: str, lang: str) -> list[Mention]:
    """Every place mention of a Russian or Dari/Persian ``text``: the names in its script, and the
    Latin-script names the English linker finds in it ("CASA-1000", "Sputnik")."""
    from .linker import Mention

    idx = linker.foreign[lang]
    gaz = linker.gaz
    toks = MODULES[lang].words(text)
    found: list[_ForeignFound] = []
    for m in _matches(idx, text, toks):
        s, e = toks[m.i][0], toks[m.j][1]
        fkeys = [k for k in m.fkeys if _case_ok(idx, text[s:e], k)]
        if not fkeys:
            continue
        fkey = max(fkeys, key=lambda k: len(gaz.forms[k]))
        if _not_a_place(linker, lang, text, s, e, fkey, toks, m):
            continue
        found.append(_ForeignFound(s, e, fkey))
    doc_countries: set[str | None] = set()
    for f in found:
        cands = gaz.forms[f.key]
        if len(cands) == 1:
            only = gaz.entries[cands[0][0]]
            doc_countries.add(only.country or (only.id[8:].upper() if only.type == "country" else None))
    for n, f in enumerate(found):
        nxt = found[n + 1] if n + 1 < len(found) else None
        f.around = Around.of(text, f.start, f.end)
        f.ctx = linker._context(f, nxt, text, doc_countries, [])  # type: ignore[arg-type]
        types, level = _context_types(lang, text, f)
        f.ctx["types"], f.ctx["level"] = types, level
        f.around = None
    _list_votes(linker, found, text)
    out = [linker._mention(text, f) for f in found]  # type: ignore[arg-type]
    # Latin-script names in the text ("CASA-1000", "Central Asia"): the English linker's
    starts, ends = [m.start for m in out], [m.end for m in out]  # sorted: found follows the text
    for em in linker.link(text, lang="en"):
        if not LATIN.search(em.surface):
            continue
        k = bisect.bisect_left(starts, em.end)  # mentions starting before its end; the last may overlap
        if k == 0 or ends[k - 1] <= em.start:
            out.append(em)
    out.sort(key=lambda m: m.start)
    return [m for m in out if isinstance(m, Mention)]


def _case_ok(idx: ForeignIndex, surface: str, fkey: str) -> bool:
    if idx.lang != "ru":
        return True
    if fkey in idx.caps:
        return surface.isupper()
    return fkey not in idx.upper or surface[:1].isupper()


def _not_a_place(
    linker: Linker, lang: str, text: str, s: int, e: int, fkey: str, toks: list, m: _Match
) -> bool:
    gaz = linker.gaz
    kinds = {k for _, k in gaz.forms[fkey]}
    prev, nxt = _prev_word(text, s), _next_word(text, e)
    before, after = text[s - 1 : s], text[e : e + 1]
    c = _cue(lang, "before", prev) if prev and not before.strip() else None
    if c is not None and c.role in ("organisation", "not-place"):
        return True
    # a town's or country's name alone in quotation marks is a title: an outlet, a company («Фергана»)
    if (
        before
        and before in QUOTES_OPEN
        and after
        and after in QUOTES_CLOSE
        and {gaz.entries[eid].type for eid, _ in gaz.forms[fkey]} <= {"city", "country", "adm1", "region"}
    ):
        return True
    if lang != "ru":
        return False
    surface = text[s:e]
    if "demonym" not in kinds:
        # a surname after a given name ("Шухрат Кабулов")
        if prev and not before.strip() and morph_ru.is_given_name(prev.strip('«"(')):
            return True
        # inside an organisation's name: capitalised words glued on both sides that are neither
        # titles nor places ("Да Афганистан Брешна Ширкат"), or a Latin brand before it ("Sputnik
        # Таджикистан")
        p = prev.strip('«"(')
        left = (p[:1].isupper() and not before.strip() and not p.isupper() and prev[-1:] not in ".,;:!?»\""
                and not _sentence_start(text, s - len(prev) - 1) and _cue(lang, "before", p) is None
                and not _is_name(linker, lang, p))  # fmt: skip
        q = nxt.rstrip('.,;:!?»")')
        right = (q[:1].isupper() and not after.strip() and not q.isupper() and nxt[:1] not in "«\"("
                 and not _is_name(linker, lang, q) and _cue(lang, "after", q) is None)  # fmt: skip
        if (left and right) or (left and re.fullmatch(r"[A-Z][A-Za-z]+", p)):
            return True
    elif "plur" in morph_ru.tags(surface) and "NOUN" in morph_ru.tags(surface):
        # peoples listed together are ethnic groups ("узбеки, таджики и туркмены"), not countries
        for o in (_next_listed(text, e), _prev_listed(text, s)):
            if o and {"NOUN", "plur"} <= morph_ru.tags(o) and _is_name(linker, lang, o, demonym=True):
                return True
    return False


def _is_name(linker: Linker, lang: str, word: str, demonym: bool = False) -> bool:
    """Whether a single word is one of the index's names (or, with ``demonym``, a demonym)."""
    idx = linker.foreign[lang]
    for k in MODULES[lang].candidates(word):
        node = idx.trie.get(k)
        if node and END in node:
            if not demonym:
                return True
            if any(kind == "demonym" for fk in node[END] for _, kind in linker.gaz.forms[fk]):
                return True
    return False


def _context_types(lang: str, text: str, f: _ForeignFound) -> tuple[frozenset[str], str | None]:
    """The kind of place the generic word next to a mention says it is ("Сугдийской области",
    "реки Пяндж", "ولایت جوزجان")."""
    prev, nxt = _prev_word(text, f.start), _next_word(text, f.end)
    gap_before = text[f.start - len(prev) - 2 : f.start]
    for position, word, gap in (("after", nxt, text[f.end : f.end + 2]), ("before", prev, gap_before)):
        if not word or any(ch in ",.;:!?،؛\n" for ch in gap.strip()):
            continue
        c = _cue(lang, position, word)
        if c is not None and c.role == "type":
            return c.types, c.level
    return frozenset(), None


def _list_votes(linker: Linker, found: list[_ForeignFound], text: str) -> None:
    # a name that may be a town or a region takes the level of the names listed with it
    gaz = linker.gaz
    for _ in range(2):  # twice, so a level spreads along "провинции Кундуз, Баглан и Балх"
        for i, f in enumerate(found):
            kinds = {gaz.entries[eid].type for eid, _ in gaz.forms[f.key]}
            if f.ctx["level"] or not (kinds & {"city"} and kinds & {"adm1", "region"}):
                continue
            votes = set()
            for j in (i - 1, i + 1):
                if 0 <= j < len(found):
                    a, b = (found[j], f) if j < i else (f, found[j])
                    if LIST_GLUE.fullmatch(text[a.end : b.start]) and found[j].ctx.get("level"):
                        votes.add(found[j].ctx["level"])
            if len(votes) == 1:
                level = votes.pop()
                f.ctx["level"] = level
                f.ctx["types"] = frozenset({"city"} if level == "town" else {"adm1", "region"})
