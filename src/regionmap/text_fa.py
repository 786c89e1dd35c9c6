"""Persian/Dari words for matching: letter variants folded and diacritics dropped by hazm's normaliser."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

ZWNJ = "\u200c"
TATWEEL = "\u0640"
# a word ends at a space, a punctuation mark, a hyphen or a dash, never at a ZWNJ or a diacritic
WORD = re.compile(r"[^\s\-‐‑‒–—―/\\()«»\[\]{}<>\"'“”‘’.,;:!?،؛؟…*|+=]+")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
# attached prepositions written joined to the next word ("بکابل" for "به کابل"); hazm has no
# prefix stemmer for nouns, so the one the script writes attached is named here
PREFIXES = ("ب",)


@lru_cache(maxsize=1)
def _hazm() -> tuple[Any, dict[int, str], tuple[str, ...]]:
    # hazm's own Normalizer (the hazm-normalizer fork: hazm's full package pins numpy 1.24 and
    # pulls gensim, fasttext and scikit-learn); only its length-preserving letter table and its
    # diacritics and special-character removal are used, so every word keeps its span
    from hazm_normalizer import Normalizer, Stemmer

    n = Normalizer(
        correct_spacing=False, decrease_repeated_chars=False, persian_style=False, persian_numbers=True,
        unicodes_replacement=False, seperate_mi=False,
    )  # fmt: skip
    table = {ord(a): b for a, b in zip(n.translation_src, n.translation_dst)}
    table.update({ord(a): b for a, b in zip(n.number_translation_src, n.number_translation_dst)})
    return n, table, tuple(Stemmer().ends)


def has_arabic_script(text: str) -> bool:
    """Whether ``text`` has a letter of the Arabic script."""
    return ARABIC_SCRIPT.search(text) is not None


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The word with Arabic letter variants as Persian ones (ي→ی, ك→ک), Latin digits as Persian,
    diacritics, superscripts and tatweel removed; ZWNJs kept."""
    n, table, _ = _hazm()
    out = n.remove_specials_chars(n.remove_diacritics(word.translate(table)))
    return out.replace(TATWEEL, "")


def key(text: str) -> str:
    """The matching key of a word or name: folded, ZWNJs removed, words separated by one space."""
    return " ".join(fold(w).replace(ZWNJ, "") for w in WORD.findall(text))


def words(text: str) -> list[tuple[int, int, str]]:
    """Every word of ``text`` with its span (Python ``str`` offsets into ``text``)."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


@lru_cache(maxsize=65536)
def candidates(word: str) -> tuple[str, ...]:
    """Keys a written word may stand for, the word itself first: with the suffixes hazm's stemmer
    knows taken off one at a time ("افغان‌ها" → "افغان", "آسیای" → "آسیا", "ترکیه‌ای" → "ترکیه"), and
    without an attached preposition ("بکابل" → "کابل")."""
    _, _, ends = _hazm()
    f = fold(word)
    out: list[str] = [f.replace(ZWNJ, "")] if len(f) < 2 else []  # "و" in "سیستان و بلوچستان"
    frontier = [f]
    for _depth in range(3):
        nxt = []
        for w in frontier:
            k = w.replace(ZWNJ, "")
            if len(k) >= 2 and k not in out:
                out.append(k)
            nxt += [w[: -len(e)] for e in ends if w.endswith(e) and len(w) - len(e) >= 2]
        frontier = nxt
    for w in frontier:
        k = w.replace(ZWNJ, "")
        if len(k) >= 2 and k not in out:
            out.append(k)
    for p in PREFIXES:
        if f.startswith(p) and len(f) - len(p) >= 3 and not f.startswith(p + ZWNJ):
            out += [c for c in candidates(f[len(p) :]) if c not in out]
    return tuple(out)
