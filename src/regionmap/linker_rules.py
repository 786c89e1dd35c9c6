"""The linker's rules for classes of text, with their vocabularies read from data/gazetteer/rules/*.csv."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .paths import PROJECT_ROOT

RULES_DIR = PROJECT_ROOT / "data" / "gazetteer" / "rules"
STOPWORDS = PROJECT_ROOT / "data" / "gazetteer" / "curated" / "stopwords.csv"
CONNECTORS = {"of", "for", "and", "the", "&", "on", "de", "da", "-", "/", "al", "el"}
PUNCT = '.,;:!?"()“”[]'
CLOSING = '.,;:!?)"”]'
OPENING = "([{“‘"  # a bracket opens an aside: a name never runs into one ("NAVOI (Steppe Courier) -")
HONORIFICS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sir",
    "dame",
    "sheikh",
    "mullah",
    "haji",
    "president",
    "king",
    "queen",
}
FUNCTION_WORDS = {"a", "an", "the", "of", "and", "in", "on", "to", "for", "at", "by", "with", "from", "as", "or",
                  "but", "vs", "vs.", "via", "into", "over", "after", "amid", "is", "are", "be"}  # fmt: skip
SEPARATORS = {"—", "–", "-", "|", "·", "•", ":", "/"}
POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
NAME_TOKEN = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Za-z]+)*")  # Ahmadi, O'Neil, Al-Rashid
# after a name at a line start: ", Kyrgyzstan —", " (Reuters) —", ", Oct. 30 -": a dateline names a town
DATELINE_TAIL = re.compile(r"(?:,\s*[^,—–\n]{1,40}?)?\s*(?:\([^)\n]{1,30}\)\s*)?(?:[—–]|\s-\s|--)")
# the prepositions of place before a name: "in Kabul Taliban fighters" is a place, never a person
PREPOSITIONS = {"in", "at", "from", "to", "near", "of", "across", "through", "into", "toward", "towards", "between",
                "via", "around", "outside", "inside", "beyond", "over", "under", "along", "and", "or", "with"}  # fmt: skip


def _rows(name: str) -> list[dict[str, str]]:
    with (RULES_DIR / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@dataclass(frozen=True)
class Rules:
    """The vocabularies of every rule class (one CSV each, with a source column)."""

    org_heads: dict[str, frozenset[str]]  # head noun -> words that must come just before it (empty: any)
    headline_heads: frozenset[str]  # heads that still mark a name in a Title Case headline
    org_left: dict[str, str]  # noun that opens an institution's name -> condition
    apposition: frozenset[str]
    titles: frozenset[str]
    roles: frozenset[str]
    type_words: dict[str, tuple[frozenset[str], str | None]]  # generic word -> (entry types, level)
    before: dict[tuple[str, str], str]  # ("city", "of") -> level
    stop_forms: frozenset[str]
    not_names: frozenset[str]
    ethnic_before: frozenset[str]
    ethnic_after: frozenset[str]
    language_before: frozenset[str]
    language_after: frozenset[str]
    language_tail: frozenset[str]
    government: re.Pattern[str]
    common: frozenset[str]  # common English words (never a surname)
    polities: frozenset[str] = frozenset()  # "Khanate of X": a state named after its capital
    person_nouns: frozenset[str] = frozenset()  # "X, a taxi driver": the apposition of a person
    reporting: frozenset[str] = frozenset()  # "X says": a speaker

    @cached_property
    def not_surnames(self) -> frozenset[str]:
        return (
            frozenset(self.org_heads) | self.roles | self.titles | frozenset(self.type_words) | self.stop_forms
            | self.not_names | self.common | self.apposition
        )  # fmt: skip

    @cached_property
    def not_openers(self) -> frozenset[str]:
        """Words that never start a place's name: determiners, common words, titles, prepositions."""
        return self.not_names | self.common | self.titles | frozenset(PREPOSITIONS)


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules' vocabularies, read once."""
    head_rows = _rows("org_heads.csv")
    heads = {r["word"]: frozenset(a for a in r.get("after", "").split("|") if a) for r in head_rows}
    ethnic = _rows("ethnic_cues.csv")
    lang = _rows("language_cues.csv")
    gov = [re.escape(r["words"]) for r in _rows("government_cues.csv")]
    roles = frozenset(r["word"] for r in _rows("role_words.csv"))
    common: set[str] = set()
    if STOPWORDS.exists():
        with STOPWORDS.open(encoding="utf-8", newline="") as f:
            common = {r["word"] for r in csv.DictReader(f)}
    return Rules(
        org_heads=heads,
        # in a Title Case headline every word has a capital: only a head that is not an ordinary
        # word ("Airways", "University", not "Power") still says the words before it are a name
        headline_heads=frozenset(
            r["word"]
            for r in head_rows
            if r["kind"] not in ("sector", "programme") and r["word"] not in common
        ),
        org_left={r["word"]: r["condition"] for r in _rows("org_left_heads.csv")},
        apposition=frozenset(r["word"] for r in _rows("org_apposition.csv")),
        titles=frozenset(r["word"].rstrip(".") for r in _rows("person_titles.csv")),
        roles=roles,
        type_words={
            r["word"]: (frozenset(r["types"].split("|")), r["level"] or None) for r in _rows("type_words.csv")
        },
        before={tuple(r["words"].split()[:2]): r["level"] for r in _rows("context_before.csv")},  # type: ignore[misc]
        stop_forms=frozenset(r["form"] for r in _rows("stop_forms.csv")),
        not_names=frozenset(r["word"] for r in _rows("not_names.csv")),
        ethnic_before=frozenset(r["word"] for r in ethnic if r["position"] == "before"),
        ethnic_after=frozenset(r["word"] for r in ethnic if r["position"] == "after"),
        language_before=frozenset(r["word"] for r in lang if r["position"] == "before"),
        language_after=frozenset(r["word"] for r in lang if r["position"] == "after"),
        language_tail=frozenset(r["word"] for r in lang if r["position"] == "tail"),
        government=re.compile(r"\b(" + "|".join(gov) + r")\b", re.IGNORECASE),
        common=frozenset(common),
        person_nouns=frozenset(r["word"] for r in _rows("person_nouns.csv")) | roles,
        reporting=frozenset(r["word"] for r in _rows("reporting_verbs.csv")),
        polities=frozenset(r["word"] for r in _rows("polity_words.csv")),
    )


def rule_files() -> list[Path]:
    """The data files the rules read (part of the linker cache key)."""
    return sorted(RULES_DIR.glob("*.csv")) + ([STOPWORDS] if STOPWORDS.exists() else [])


# -- tokens around a mention -------------------------------------------------------------------


STRIP = PUNCT + "‘’'"


@lru_cache(maxsize=65536)
def word(tok: str) -> str:
    """A token without surrounding punctuation or a possessive ending."""
    w = tok.strip(STRIP)
    if w.endswith(("s", "'", "’")) and ("'" in w or "’" in w):
        w = POSSESSIVE.sub("", w)
    return w.strip(PUNCT)


@lru_cache(maxsize=65536)
def is_cap(tok: str) -> bool:
    w = tok.lstrip(PUNCT + "‘'")
    return w[:1].isupper()


@dataclass(frozen=True)
class Around:
    """The tokens on the mention's line: what is glued to it and the words either side."""

    prefix: str  # glued before the mention ("Trans-", "(")
    tail: str  # glued after it ("’s", ",", "-based")
    left: list[str]  # whole tokens before, nearest last
    right: list[str]  # whole tokens after, nearest first
    line_start: bool  # nothing but spaces between the line start and the mention
    text: str  # the whole text (a reference, not a copy) and where the mention's line starts and ends
    ls: int
    le: int
    after: str  # the rest of the line (a window)

    @property
    def line(self) -> str:
        return self.text[self.ls : self.le]

    @cached_property
    def title_case(self) -> bool:
        return title_case_line(self.line)

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Around:
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le < 0 else le
        # a window of the line is enough for every rule; a paragraph can be a very long line
        before, after = text[max(ls, start - 240) : start], text[end : min(le, end + 240)]
        btoks, atoks = before.split(), after.split()
        prefix = btoks.pop() if before and not before[-1].isspace() else ""
        tail = atoks.pop(0) if after and not after[0].isspace() else ""
        left, right = btoks[-8:], atoks[:8]
        return cls(prefix, tail, left, right, start - ls <= 240 and not before.strip(), text, ls, le, after)


@lru_cache(maxsize=2048)
def title_case_line(line: str) -> bool:
    """A headline in Title Case: every word but the short function words has a capital, so capitals
    say nothing about names ("Batken and Isfara Count the Cost of a Border War")."""
    ws = [w for w in line.split() if w[:1].isalpha()]
    return len(ws) >= 3 and all(w[:1].isupper() or w in FUNCTION_WORDS for w in ws) and not line.isupper()


# -- organisations and publications ------------------------------------------------------------


def _right_run(a: Around) -> list[str]:
    """The capitalised words that follow the mention in one name (connectors allowed inside)."""
    return _right_run_to_end(a)[0]


def _right_run_to_end(a: Around) -> tuple[list[str], bool]:
    """The run, and whether it fills the rest of its line or of a line segment ("… Center", "… WATCH —")."""
    run = []
    if a.tail[:1] in ("-", "–") and is_cap(a.tail[1:]) and a.tail[-1:] not in CLOSING:
        run.append(word(a.tail[1:]))  # "China–Pakistan Economic Corridor"
    elif a.tail:
        return [], False
    to_end = True
    for i, tok in enumerate(a.right):
        w = word(tok)
        if tok in SEPARATORS:
            return _trim(run), True  # "Samarkand Policy Group - Quarterly Outlook": the segment ends
        if not w or tok[:1] in OPENING or not (is_cap(tok) or w.lower() in CONNECTORS):
            to_end = False
            break
        run.append(w)
        if tok[-1:] in CLOSING or POSSESSIVE.search(tok.rstrip(CLOSING)):
            to_end = tok[-1:] == ":" or i == len(a.right) - 1
            break
    return _trim(run), to_end and len(a.right) < 8


def _trim(run: list[str]) -> list[str]:
    while run and run[-1].lower() in CONNECTORS:
        run.pop()
    return run


def _left_run(a: Around) -> list[str]:
    """The capitalised words before the mention in one name, nearest last."""
    if a.prefix:
        return []
    run: list[str] = []
    for tok in reversed(a.left):
        if tok[-1:] in CLOSING:
            break
        w = word(tok)
        if not w or not (is_cap(tok) or w.lower() in CONNECTORS):
            break
        run.insert(0, w)
    while run and run[0].lower() in CONNECTORS:
        run.pop(0)
    return run


def in_organisation(a: Around, r: Rules) -> bool:
    """The place is part of an organisation's or publication's name: "Uzbekistan Railways", "TAJIK
    ENERGY BULLETIN", "Caspian Policy Center", "University of Central Asia", "Islamic State Khorasan"."""
    right, to_end = _right_run_to_end(a)
    if any(w.lower() in r.roles for w in right):
        return False  # a role: "Tajik Energy Minister" names the country
    if right and a.title_case:
        # a headline sentence: "Uzbekistan Airways Adds Cargo Flights" (a masthead line such as
        # "CPC - Caspian Policy Center" or "CENTRAL ASIA WATCH — Notes" ends with its head: below)
        if right[0].lower() in r.headline_heads:
            return True
        if not to_end:
            return False
        short = 3  # a masthead's name is short: "Bishkek Welcomes Water Security Forum" is a headline
    else:
        short = len(right)
    # the head noun ends the name, comes before "of" ("Institute of Transport"), or ends the first of
    # two names joined by "and" ("Kabul University and ...")
    ends = [
        i
        for i, w in enumerate(right)
        if i < short and (i == len(right) - 1 or right[i + 1].lower() in ("and", "&", "of", "for"))
    ]
    for i in ends:
        need = r.org_heads.get(right[i].lower())
        if need is not None and (not need or (i > 0 and right[i - 1].lower() in need)):
            return True
    left = _left_run(a)
    for i, w in enumerate(left):
        cond = r.org_left.get(w.lower())
        if cond == "head" and is_cap(w):
            return True
        if (
            cond == "opens-of"
            and i == 0
            and len(left) >= 3
            and left[-1] == "of"
            and left[1].lower() not in r.type_words
            and all(is_cap(x) or x.lower() in CONNECTORS for x in left)
        ):
            return True  # "National Statistics Committee of X"
        if (
            cond == "after-adjective"
            and i > 0
            and is_cap(left[i - 1])
            and left[i - 1].lower() not in CONNECTORS
        ):
            return True
    return False


def polity_start(text: str, start: int, a: Around, r: Rules) -> int | None:
    """Where "Khanate of" starts before a name ("the Khanate of X", "the Emirate of X"): a historical
    state named after its capital or region, not the town itself; None if no such words."""
    if a.prefix or len(a.left) < 2 or word(a.left[-1]) != "of" or a.left[-2][-1:] in CLOSING:
        return None
    head = a.left[-2]
    if not is_cap(head) or word(head).lower() not in r.polities:
        return None
    return text.rindex(head, 0, start)


def in_route_compound(a: Around) -> bool:
    """ "Trans-Afghan Railway", "Trans-Caspian Pipeline": the place is part of the route's name."""
    return a.prefix.lower().endswith("trans-") and bool(a.right) and is_cap(a.right[0]) and not a.tail


def by_apposition(text: str, start: int, end: int, a: Around, r: Rules) -> bool:
    """A name that a comma and a description call an organisation: "Barqi X, the state power
    company"; "the national utility, Da X Breshna Sherkat"."""
    left, right = _left_run(a), _right_run(a)
    if a.tail[:1] in ("-", "–"):
        right = []  # a hyphenated pair of places ("the operator, X-Y line") is no organisation's name
    # the capitalised words just before the mention, glued into its name ("Da" in "Da X Breshna Sherkat")
    before = a.left
    k = len(before)
    while k > 0 and is_cap(before[k - 1]) and before[k - 1][-1:] not in CLOSING:
        k -= 1
    glued = before[k:]
    glued_left = bool(glued) and word(glued[-1]).lower() not in r.not_openers
    if not (left or right or glued_left):
        return False  # the place alone: "Bishkek, the Kyrgyz capital"
    # where the whole name ends and starts in the text
    after = text[end : end + 300]
    for w in right:
        after = after[after.find(w) + len(w) :]
    m = re.match(r"\s*,\s+(?:the|a|an|its|their|our)\s+((?:[\w'’-]+\s+){0,5}?[\w'’-]+)\s*[,.;)]", after)
    if m and any(word(t).lower() in r.apposition for t in m.group(1).split()):
        return True
    # "the national utility, Da X Breshna Sherkat": a description, a comma, then the name
    return (
        k > 0
        and before[k - 1].endswith(",")
        and word(before[k - 1]).lower() in r.apposition
        and bool(glued or right)
    )


# -- peoples and languages ---------------------------------------------------------------------


def ethnic_use(a: Around, r: Rules) -> bool:
    """A demonym for an ethnic group: "ethnic Tajiks", "Uzbek communities", "the Uzbek and Turkmen
    minorities"."""
    before = word(a.left[-1]).lower() if a.left else ""
    after = [word(t).lower() for t in a.right[:3]]
    return (
        before in r.ethnic_before
        or (not a.tail and after[:1] != [] and after[0] in r.ethnic_after)
        or (len(after) >= 3 and after[0] in ("and", "or") and after[2] in r.ethnic_after)
    )


# verbs whose object is a language ("speak Tajik", "learning Kazakh"), not a people or a state
LANGUAGE_VERBS = {"speak", "speaks", "spoke", "spoken", "speaking", "taught", "learn", "learns", "learning", "learned",
                  "learnt", "study", "studies", "studying", "studied", "teach", "teaches", "teaching"}  # fmt: skip


def language_use(a: Around, r: Rules) -> bool:
    """A demonym for a language: "spelled in Uzbek", "speak Tajik", "the Kyrgyz language"."""
    if a.tail[:1] in ("-", "–") and a.tail[1:].lower() in r.language_tail:
        return True  # "Kyrgyz-speaking", "Kazakh-language media"
    left = [word(t).lower() for t in a.left[-3:]]
    if left[-1:] == ["in"] and any(w in r.language_before for w in left[:-1]):
        return True
    if left[-1:] and left[-1] in r.language_before and left[-1] not in ("name", "word", "called"):
        return left[-1] in LANGUAGE_VERBS
    return not a.tail and bool(a.right) and word(a.right[0]).lower() in r.language_after


# -- town or region ----------------------------------------------------------------------------


def context_types(a: Around, r: Rules) -> tuple[frozenset[str], str | None]:
    """The kind of place the words around a name say it is: entry types it favours and a level
    (``town``/``region``), from "Sughd province", "the provinces of Kunduz and Takhar", "city of X",
    "X-based", a dateline "X, Country —"."""
    if a.tail.lower() in ("-based", "–based"):
        return frozenset({"city"}), "town"
    if a.line_start and DATELINE_TAIL.match(a.after):
        return frozenset({"city"}), "town"
    if not a.tail or a.tail in (",",):
        # "Kunduz and Takhar provinces", "Sughd province"
        for tok in a.right[:6]:
            w = word(tok).lower()
            # capitals say nothing in a Title Case headline ("Kandahar Province Opens New Clinics")
            if w in r.type_words and (not is_cap(tok) or a.title_case or tok.isupper()):
                return r.type_words[w]
            if not (is_cap(tok) or w in ("and", "or", "")) or tok[-1:] in ".;:":
                break
            if a.tail == ",":
                break
    # "the provinces of Kunduz and Takhar", "the city of Osh"
    toks = [word(t).lower() for t in a.left]
    i = len(toks)
    while i > 0 and (toks[i - 1] in ("and", "or", "") or (is_cap(a.left[i - 1]) and len(toks) - i < 6)):
        if a.left[i - 1][-1:] in ".;:":
            break
        i -= 1
    if i >= 2 and (toks[i - 2], toks[i - 1]) in r.before:
        level = r.before[(toks[i - 2], toks[i - 1])]
        types = {"town": {"city"}, "region": {"adm1", "region"}, "district": {"district", "city"}}[level]
        return frozenset(types), level if level != "district" else None
    return frozenset(), None
