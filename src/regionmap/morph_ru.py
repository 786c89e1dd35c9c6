"""Russian words for matching: the dictionary forms pymorphy3 gives a word, and its Snowball stem."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# a word: Cyrillic letters (a hyphen splits "таджикско-афганской" and "Джалал-Абадской" in two)
WORD = re.compile(r"[А-Яа-яЁё\u0301]+|(?<=[А-Яа-яЁё]-)[0-9]+")
CYRILLIC = re.compile(r"[А-Яа-яЁё]")
STEM_MIN = 4  # a shorter stem says too little ("Ош", "Мары"): such words match by their lemma only


@lru_cache(maxsize=1)
def _morph() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("russian")


def has_cyrillic(text: str) -> bool:
    """Whether ``text`` has a Cyrillic letter."""
    return CYRILLIC.search(text) is not None


def plain(word: str) -> str:
    """Lower case, "ё" as "е", stress marks dropped (same length but for the marks)."""
    w = word.lower().replace("ё", "е")
    return "".join(c for c in w if not unicodedata.combining(c)) if "\u0301" in w else w


def key(text: str) -> str:
    """The written form of a name as a key: plain words separated by one space."""
    return " ".join(plain(w) for w in WORD.findall(text))


def words(text: str) -> list[tuple[int, int, str]]:
    """Every Cyrillic word of ``text`` with its span (Python ``str`` offsets into ``text``)."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


@lru_cache(maxsize=65536)
def candidates(word: str) -> tuple[str, ...]:
    """Keys an inflected word may stand for: the word itself, each normal form pymorphy3 gives it
    ("Таджикистане" → "таджикистан", "таджикские" → "таджикский") and its Snowball stem, marked
    with "~" ("таджикско" → "~таджикск", the first half of "таджикско-афганской")."""
    w = plain(word)
    out = [w]
    for p in _morph().parse(w):
        nf = p.normal_form.replace("ё", "е")
        if nf not in out:
            out.append(nf)
    stem = _stemmer().stemWord(w)
    if len(stem) >= STEM_MIN:
        out.append("~" + stem)
    return tuple(out)


@lru_cache(maxsize=65536)
def tags(word: str) -> frozenset[str]:
    """The grammemes of the word's most likely parse ("Name", "Surn", "plur", "anim", "NOUN" ...)."""
    p = _morph().parse(plain(word))
    return frozenset(p[0].tag.grammemes) if p else frozenset()


@lru_cache(maxsize=65536)
def lemma(word: str) -> str:
    """The most likely normal form ("области" → "область")."""
    p = _morph().parse(plain(word))
    return p[0].normal_form.replace("ё", "е") if p else plain(word)


@lru_cache(maxsize=65536)
def is_given_name(word: str) -> bool:
    """A capitalised given name or patronymic ("Шухрат", "Далер"): a place after it is a surname."""
    if not word[:1].isupper():
        return False
    return any({"Name", "Patr"} & set(p.tag.grammemes) for p in _morph().parse(plain(word))[:2])
