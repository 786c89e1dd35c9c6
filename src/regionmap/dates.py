"""Find date expressions in a text and normalise them against its publication date."""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass

from .datespan import THIRDS, DatePrecision, DateSpan, period, third

__all__ = ["THIRDS", "DateMention", "DatePrecision", "DateSpan", "find_dates", "normalise"]

MONTHS = {
    m.lower(): i for i, m in enumerate(calendar.month_name) if m
} | {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
     "nov": 11, "dec": 12}  # fmt: skip
MON = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
WDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
DAYN = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
TO = r"\s*(?:-|–|—|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*"
AND = r"\s+(?:and|&)\s+"
NUM_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
NUM = r"(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# a single calendar date or month, written any of the usual ways; (?i) is never set: months are capitalised
DATE1 = (
    rf"(?:{WDAY},?\s+)?(?:(?P<m1>{MON})\s+(?P<d1>{DAYN})(?:,?\s+(?P<y1>{YEAR}))?"
    rf"|(?:the\s+)?(?P<d2>{DAYN})\s+(?:of\s+)?(?P<m2>{MON})(?:,?\s+(?P<y2>{YEAR}))?"
    rf"|(?P<iso>{YEAR}-[01]\d-[0-3]\d))(?![\w-])"
)
# a number of things, not a year: "by 2000 fighters"
UNITS = (
    r"(?:people|persons|fighters|troops|soldiers|men|women|children|families|households|refugees|migrants|"
    r"tons|tonnes|kg|km|kilometres|kilometers|metres|meters|miles|dollars|euros|wagons|trucks|vehicles)\b"
)
PATTERNS: list[tuple[str, str]] = [
    # "September 17–18", "September 17 and 18, 2020"
    ("mdd", rf"(?P<m>{MON})\s+(?P<a>{DAYN})(?P<sep>{TO}|{AND})(?P<b>{DAYN})(?:,?\s+(?P<y>{YEAR}))?(?![\w-])"),
    # "17–18 September", "17 and 18 September 2020"
    (
        "ddm",
        rf"(?P<a>{DAYN})(?P<sep>{TO}|{AND})(?P<b>{DAYN})\s+(?:of\s+)?(?P<m>{MON})(?:,?\s+(?P<y>{YEAR}))?\b",
    ),
    # "from 30 September to 2 October", "between March 3 and March 5"
    (
        "range",
        (
            rf"(?:(?P<lead>from|between)\s+)?(?P<x>{DATE1.replace('?P<', '?P<x')})(?P<sep>{TO}|{AND})"
            rf"(?P<y>{DATE1.replace('?P<', '?P<y')})"
        ),
    ),
    # "between March and May 2020", "from 2015 to 2019"
    (
        "mrange",
        rf"(?:(?P<lead>from|between)\s+)?(?P<ma>{MON})(?P<sep>{TO}|{AND})(?P<mb>{MON})(?:,?\s+(?P<y>{YEAR}))?\b",
    ),
    (
        "yrange",
        rf"(?:(?P<lead>from|between)\s+)?(?P<ya>{YEAR})(?P<sep>{TO}|{AND})(?P<yb>{YEAR}|\d\d)\b(?!\s*(?:%|per))",
    ),
    ("day", DATE1),
    # "in late July", "mid-September 2020", "early 2019", "the end of September"
    (
        "part",
        (
            r"(?P<q>early|mid|late|[Ee]arly|[Mm]id|[Ll]ate|the\s+(?:beginning|start|middle|end)\s+of)[\s-]+"
            rf"(?:(?P<m>{MON})(?:,?\s+(?P<y>{YEAR}))?|(?P<yy>{YEAR}))\b"
        ),
    ),
    ("decade", r"(?:the\s+)?(?:(?P<q>early|mid|late)[\s-]+)?(?P<dec>(?:19|20)\d0)[’']?s\b"),
    ("monthyear", rf"(?P<m>{MON}),?\s+(?P<y>{YEAR})\b"),
    (
        "month",
        (
            r"(?:\b(?P<cue>[Ii]n|of|[Ss]ince|[Uu]ntil|by|[Dd]uring|[Ff]rom|[Ll]ast|[Nn]ext|[Tt]his|[Bb]efore|"
            rf"[Aa]fter|through|the)\s+)?(?P<m>{MON})(?!\s*\d)(?![\w-])"
        ),
    ),
    ("relpart", r"\b(?P<q>earlier|later)\s+this\s+(?P<u>week|month|year)\b"),
    (
        "rel",
        (
            # "today" is left out: in analysis it mostly means "nowadays" ("which today runs a line")
            r"\b(?P<rel>(?:[Ll]ast|[Tt]his|[Nn]ext|[Pp]ast)\s+(?:week|month|year)|[Yy]esterday|[Tt]omorrow|"
            rf"{NUM}\s+(?:day|week|month|year)s?\s+ago)\b"
        ),
    ),
    ("wday", rf"(?:\b(?P<cue>last|next|this|on)\s+)?(?P<w>{WDAY})\b"),
    # a bare year only after a cue word: "over 2000 fighters" is a number
    (
        "year",
        (
            r"\b(?P<cue>[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Dd]uring|of|[Ff]rom|[Bb]efore|[Aa]fter|through|year)\s+"
            rf"(?P<y>{YEAR})\b(?![\d,.]\d)(?!\s*(?:%|per\b))(?!\s+{UNITS})"
        ),
    ),
]
COMPILED = [(k, re.compile(p)) for k, p in PATTERNS]
# "over (the course of) three days", "a three-day visit", "for two weeks"
DURATION = re.compile(
    rf"\b(?:(?:over|for|during)\s+(?:the\s+(?:course\s+of\s+|next\s+|following\s+)?)?(?P<n>{NUM})\s+"
    rf"(?P<u>day|week)s?|(?P<n2>{NUM}|\d+)-(?P<u2>day|week)\b)",
    re.IGNORECASE,
)
STARTS = re.compile(r"\b(?:beginning|starting|from|began|begins|commencing|opened|opening)\s+(?:on\s+)?$")
FUTURE = re.compile(
    r"\b(?:will|shall|plans?\s+to|is\s+to|are\s+to|is\s+due|are\s+due|scheduled|expected\s+to|upcoming|"
    r"next|intends?\s+to|would)\b"
)
QUAL = {"beginning": "early", "start": "early", "middle": "mid", "end": "late"}


@dataclass(frozen=True)
class DateMention:
    """A date expression in a text and the span it stands for."""

    start: int
    end: int
    text: str
    span: DateSpan
    relative: bool = False  # resolved against the anchor (publication) date


@functools.lru_cache(maxsize=64)
def _parser(base: dt.date, prefer: str):
    from dateparser.date import DateDataParser  # imported on first use: ~0.1 s

    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "PREFER_DATES_FROM": prefer,
                  "RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"},
    )  # fmt: skip


def _parse(expr: str, base: dt.date, future: bool) -> tuple[dt.date, DatePrecision] | None:
    """One expression through dateparser: the date and the period it names."""
    data = _parser(base, "future" if future else "past").get_date_data(expr)
    if data.date_obj is None:
        return None
    prec = {"day": DatePrecision.DAY, "week": DatePrecision.WEEK, "month": DatePrecision.MONTH,
            "year": DatePrecision.YEAR}.get(data.period or "day", DatePrecision.DAY)  # fmt: skip
    return data.date_obj.date(), prec


def _month(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def _day_of(m: str, d: str, y: str | None, base: dt.date, future: bool) -> dt.date | None:
    # the year, when missing, is the one dateparser picks around the anchor (past unless future tense)
    expr = f"{calendar.month_name[_month(m)]} {int(d.rstrip('stndrh'))}" + (f", {y}" if y else "")
    got = _parse(expr, base, future)
    return None if got is None else got[0]


def _single(gd: dict[str, str | None], prefix: str, base: dt.date, future: bool) -> dt.date | None:
    if gd.get(prefix + "iso"):
        try:
            return dt.date.fromisoformat(str(gd[prefix + "iso"]))
        except ValueError:
            return None
    for n in ("1", "2"):
        m, d, y = gd.get(f"{prefix}m{n}"), gd.get(f"{prefix}d{n}"), gd.get(f"{prefix}y{n}")
        if m and d:
            return _day_of(m, d, y, base, future)
    return None


def _month_span(month: int, year: int | None, base: dt.date, future: bool) -> tuple[dt.date, dt.date]:
    if year is None:  # the nearest such month on the side of the anchor the tense points to
        year = base.year
        if future and month < base.month:
            year += 1
        elif not future and month > base.month:
            year -= 1
    return period(dt.date(year, month, 1), DatePrecision.MONTH)


def _span(kind: str, m: re.Match, base: dt.date, future: bool) -> DateSpan | None:
    g = m.groupdict()
    day, month, year = DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR
    if kind in ("mdd", "ddm"):
        a, b = int(g["a"].rstrip("stndrh")), int(g["b"].rstrip("stndrh"))
        if b <= a or ("and" in g["sep"] and b != a + 1):  # "3 and 10 May" are two days, not a range
            return None
        s, e = _day_of(g["m"], str(a), g["y"], base, future), _day_of(g["m"], str(b), g["y"], base, future)
        return DateSpan(start=s, end=e, precision=day) if s and e and e >= s else None
    if kind == "range":
        if "and" in g["sep"] and g["lead"] != "between":
            return None
        s, e = _single(g, "x", base, future), _single(g, "y", base, future)
        if (
            s
            and e
            and not (g.get("xy1") or g.get("xy2"))
            and e.year != s.year
            and (g.get("yy1") or g.get("yy2"))
        ):
            s = s.replace(year=e.year)  # "30 September to 2 October 2020": the year is stated once
        if s and e and s > e and not (g.get("xy1") or g.get("xy2")):
            s = s.replace(year=e.year - 1)
        return DateSpan(start=s, end=e, precision=day) if s and e and e >= s else None
    if kind == "mrange":
        if "and" in g["sep"] and g["lead"] != "between":
            return None
        y = int(g["y"]) if g["y"] else None
        s, e = (
            _month_span(_month(g["ma"]), y, base, future)[0],
            _month_span(_month(g["mb"]), y, base, future)[1],
        )
        if s > e:
            s = s.replace(year=s.year - 1)
        return DateSpan(start=s, end=e, precision=month)
    if kind == "yrange":
        if "and" in g["sep"] and g["lead"] != "between":
            return None
        ya, yb = int(g["ya"]), int(g["yb"])
        if yb < 100:
            yb += ya // 100 * 100
        return DateSpan(start=dt.date(ya, 1, 1), end=dt.date(yb, 12, 31), precision=year) if yb > ya else None
    if kind == "day":
        d = _single(g, "", base, future)
        return DateSpan(start=d, end=d, precision=day) if d else None
    if kind == "part":
        q = g["q"].lower()
        q = QUAL.get(q.split()[1], q) if q.startswith("the") else q
        if g["yy"]:
            s, e = third(dt.date(int(g["yy"]), 1, 1), year, q)
            return DateSpan(start=s, end=e, precision=year, part=q)
        ms, _ = _month_span(_month(g["m"]), int(g["y"]) if g["y"] else None, base, future)
        s, e = third(ms, month, q)
        return DateSpan(start=s, end=e, precision=month, part=q)
    if kind == "decade":
        d0 = int(g["dec"])
        lo, hi = {None: (0, 9), "early": (0, 3), "mid": (4, 6), "late": (7, 9)}[g["q"]]
        return DateSpan(start=dt.date(d0 + lo, 1, 1), end=dt.date(d0 + hi, 12, 31), precision=year)
    if kind == "monthyear":
        s, e = _month_span(_month(g["m"]), int(g["y"]), base, future)
        return DateSpan(start=s, end=e, precision=month)
    if kind == "month":
        # "May" and "March" are also words; alone they count as months only after a cue
        if g["m"] in ("May", "March", "Mar", "Jan", "Jun", "Dec") and not g["cue"]:
            return None
        cue = (g["cue"] or "").lower()
        s, e = _month_span(_month(g["m"]), None, base, cue == "next" or (future and cue != "last"))
        return DateSpan(start=s, end=e, precision=month)
    if kind == "relpart":
        unit = DatePrecision(g["u"])
        first, last = period(base, unit)
        if g["q"] == "earlier":
            return DateSpan(start=first, end=base, precision=unit, part="earlier")
        return DateSpan(start=base, end=last, precision=unit, part="later")
    if kind == "rel":
        got = _parse(g["rel"], base, future)
        if got is None:
            return None
        s, e = period(got[0], got[1])
        return DateSpan(start=s, end=e, precision=got[1])
    if kind == "wday":
        target = list(calendar.day_name).index(g["w"])
        cue = g["cue"]
        ahead = cue == "next" or (cue != "last" and future)
        # the nearest such weekday on the tense's side of the anchor; the anchor's own weekday is the anchor
        delta = (target - base.weekday()) % 7 if ahead else -((base.weekday() - target) % 7)
        if cue == "next" and delta == 0:
            delta = 7
        if cue == "last" and delta == 0:
            delta = -7
        d = base + dt.timedelta(days=delta)
        return DateSpan(start=d, end=d, precision=day)
    if kind == "year":
        y = int(g["y"])
        return DateSpan(start=dt.date(y, 1, 1), end=dt.date(y, 12, 31), precision=year)
    return None


RELATIVE_KINDS = {"rel", "relpart", "wday"}
KEEP_CUES = {"last", "next", "this"}
YEAR_RX = re.compile(YEAR)


def _durations(text: str, out: list[DateMention], base: dt.date) -> list[DateMention]:
    """Spell out "over three days" after a start date ("beginning on October 2") as a range."""
    result = list(out)
    for dm in DURATION.finditer(text):
        n_text = (dm.group("n") or dm.group("n2")).lower()
        n = int(n_text) if n_text.isdigit() else NUM_WORDS.get(n_text, 0)
        unit = (dm.group("u") or dm.group("u2")).lower()
        if not n or any(d.start <= dm.start() < d.end for d in result):
            continue
        days = n * (7 if unit == "week" else 1)
        # the anchor: the nearest single day before (or just after) the duration, within 300 characters
        before = [
            (i, d) for i, d in enumerate(result)
            if d.end <= dm.start() and dm.start() - d.end < 300 and not d.span.is_range
            and d.span.precision == DatePrecision.DAY
        ]  # fmt: skip
        after = [
            (i, d) for i, d in enumerate(result)
            if 0 <= d.start - dm.end() < 40 and not d.span.is_range and d.span.precision == DatePrecision.DAY
            and STARTS.search(text[dm.end() : d.start])
        ]  # fmt: skip
        if after:
            i, anchor = after[0]
        elif before and STARTS.search(text[max(0, before[-1][1].start - 30) : before[-1][1].start]):
            i, anchor = before[-1]
        else:
            continue
        s = anchor.span.start
        span = DateSpan(start=s, end=s + dt.timedelta(days=days - 1), precision=DatePrecision.DAY)
        result[i] = DateMention(anchor.start, anchor.end, anchor.text, span, anchor.relative)
        result.append(DateMention(dm.start(), dm.end(), dm.group(), span, anchor.relative))
    return sorted(result, key=lambda d: d.start)


def find_dates(
    text: str, published: dt.date | None, *, sentences: list[tuple[int, int]] | None = None
) -> list[DateMention]:
    """Every date expression in ``text``, normalised against the publication date.

    Parameters
    ----------
    text
        Any text; offsets in the result are ``str`` indices into it.
    published
        The anchor for relative dates ("last month", "on Friday") and for dates without a year;
        today if None.
    sentences
        Sentence spans; a sentence in the future tense ("will meet on Friday") reads dates forward.

    Returns
    -------
    list of DateMention
        In text order, not overlapping; the longest expression wins where two would overlap.
    """
    base = published or dt.date.today()
    spans = sentences or [(0, len(text))]
    starts = [s for s, _ in spans]
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in COMPILED:
        for m in rx.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            i = max(0, _bisect(starts, s))
            future = bool(FUTURE.search(text, spans[i][0], spans[i][1])) if sentences else bool(
                FUTURE.search(text, max(0, s - 120), min(len(text), e + 40))
            )  # fmt: skip
            try:
                span = _span(kind, m, base, future)
            except ValueError:  # "February 30": not a date
                span = None
            if span is None:
                if kind in ("mdd", "ddm") and "and" in m.group("sep"):
                    found.extend(_two_days(kind, m, base, future))  # "3 and 10 May": two days
                    taken.append((s, e))
                continue
            if kind in ("month", "year") and m.group("cue") and m.group("cue").lower() not in KEEP_CUES:
                s = m.start(kind[0])  # the cue is a preposition, not part of the date
            taken.append((s, e))
            relative = kind in RELATIVE_KINDS or not YEAR_RX.search(m.group())
            found.append(DateMention(s, e, text[s:e], span, relative))
    found.sort(key=lambda d: d.start)
    return _durations(text, found, base)


def _two_days(kind: str, m: re.Match, base: dt.date, future: bool) -> list[DateMention]:
    out = []
    for g in ("a", "b"):
        d = _day_of(m.group("m"), m.group(g), m.group("y"), base, future)
        if d is None:
            return []
        # each day's words: the number, and the month (and year) where it is written beside it
        if (kind == "mdd") == (g == "a"):
            s, e = (m.start("m"), m.end(g)) if kind == "mdd" else (m.start(g), m.end())
        else:
            s, e = m.span(g)
        out.append(DateMention(s, e, m.string[s:e], DateSpan(start=d, end=d), not m.group("y")))
    return out


def _bisect(starts: list[int], pos: int) -> int:
    return bisect.bisect_right(starts, pos) - 1


def normalise(expression: str, published: dt.date) -> DateSpan | None:
    """The span of one date expression (the longest found in it), or None if it holds none."""
    found = find_dates(expression, published)
    if not found:
        return None
    return max(found, key=lambda d: d.end - d.start).span
