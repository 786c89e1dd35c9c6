"""The linker's rules for people named like places: titles, given name and surname, bylines, appositions, speakers."""

from __future__ import annotations

from .linker_rules import (
    CLOSING,
    FUNCTION_WORDS,
    HONORIFICS,
    NAME_TOKEN,
    OPENING,
    PREPOSITIONS,
    Around,
    Rules,
    is_cap,
    word,
)


def is_person(
    a: Around, r: Rules, surface: str, known: set[str], town: bool = True, small_town: bool = False
) -> bool:
    """A person's name that is also a place: a title before ("President X", "Mr X"), or a one-word place
    name that is a given name before a capitalised surname ("Farah Ahmadi"), or a surname after a
    given name ("Aidos Kunduz said")."""
    glued = bool(a.prefix) and not a.prefix.endswith((":", "(", "“", '"', "‘"))  # "Trans-", not "Author:"
    prev = word(a.left[-1]).lower().rstrip(".") if a.left and not a.prefix else ""
    if prev in r.titles and is_cap(a.left[-1]):
        # "President X", "Mr X"; a capitalised "General" opening a sentence may be an adjective
        sentence_start = len(a.left) == 1 or a.left[-2][-1:] in '.!?:"”'
        if not sentence_start or prev in HONORIFICS or a.left[-1].endswith("."):
            return True
    before_prev = word(a.left[-2]).lower() if len(a.left) > 1 else ""
    after_place_word = prev in PREPOSITIONS and not (prev in ("and", "or") and _after_a_person(a, known))
    if not glued and not after_place_word and _person_apposition(a, r, known, town):
        return True  # "Darya Khan, a shopkeeper", "Georgia Mendes, a Brazilian engineer", "X, who"
    if not glued and not after_place_word and small_town and _speaker(a, r):
        return True  # '"We wait," Vahdat says.'
    if not town or " " in surface or glued or (a.title_case and not _byline(a)):
        return False  # given names and surnames are town names, seldom a country's
    if after_place_word or before_prev in PREPOSITIONS and not is_cap(a.left[-1]):
        return False  # "in Kabul Taliban fighters": a place
    blocked = r.not_surnames
    if not a.tail and a.right and a.right[0][:1] not in OPENING:
        nxt = a.right[0].rstrip(CLOSING)
        w = word(nxt)
        if NAME_TOKEN.fullmatch(w) and w.lower() not in blocked and w.lower() not in known:
            return True
        if NAME_TOKEN.fullmatch(w) and w.lower() in known and w.lower() not in blocked and surname_like(w):
            return True
    if a.left and (a.tail[:1] in ("", ",") or a.tail.startswith(("'s", "’s"))) and prev:
        tok = a.left[-1]
        w = word(tok)
        ends_run = a.tail or not a.right or not is_cap(a.right[0])
        if (ends_run and tok[-1:] not in CLOSING and NAME_TOKEN.fullmatch(w) and prev not in blocked
                and prev not in known and prev not in PREPOSITIONS and before_prev not in r.titles):  # fmt: skip
            return True
    return False


def _byline(a: Around) -> bool:
    """ "By Gulshan Nazarova" on a line of its own: a byline names a person even in capitals."""
    return len(a.left) == 1 and a.left[0] in ("By", "by", "BY") and a.line.strip().startswith(a.left[0])


def _after_a_person(a: Around, known: set[str]) -> bool:
    """ "Dilnoza Yusupova and X": the name before "and" is a person's surname, not a place."""
    if len(a.left) < 2:
        return False
    w = word(a.left[-2])
    return bool(NAME_TOKEN.fullmatch(w)) and a.left[-2][-1:] not in CLOSING and w.lower() not in known


def _person_apposition(a: Around, r: Rules, known: set[str], town: bool) -> bool:
    """A name described as a person by what follows its comma: "X, who runs a bakery", "X, a taxi
    driver"; for a country's name only after a surname ("Georgia Mendes, a Brazilian engineer")."""
    if a.tail == ",":
        if not town:
            return False
        rest = a.right
    elif not a.tail and a.right and a.right[0].endswith(","):
        w = word(a.right[0])
        if not NAME_TOKEN.fullmatch(w) or w.lower() in known or w.lower() in r.not_surnames:
            return False
        rest = a.right[1:]
    else:
        return False
    if not rest:
        return False
    first = word(rest[0]).lower()
    if first == "who" and not rest[0][-1:] in CLOSING:
        return True
    if first not in ("a", "an", "the", "his", "her", "their"):
        return False
    for tok in rest[1:5]:
        w = word(tok).lower()
        if w in r.person_nouns:
            return True
        if not w or w in FUNCTION_WORDS or w in PREPOSITIONS or w in r.type_words or tok[-1:] in CLOSING:
            return False
    return False


def _speaker(a: Around, r: Rules) -> bool:
    """A village's name right before a reporting verb is a speaker: '"...," Razzakov says.'"""
    return not a.tail and bool(a.right) and word(a.right[0]).lower() in r.reporting


SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "zoda", "zada", "zade", "yar", "ullah", "uddin", "ova", "ayev",
                   "iyev", "bekov", "i", "y")  # fmt: skip


def surname_like(w: str) -> bool:
    """A surname of the region's shapes (Nazarov, Rahimzoda, Ahmadi) that happens to be a place too."""
    return w.lower().endswith(SURNAME_ENDINGS) and len(w) >= 5
