"""A date as a text states it: a span of days with its precision (day, week, month, year)."""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import field_validator, model_validator

from .model import _iso_date, _Strict


class DatePrecision(StrEnum):
    """The unit in which the text states a date: its bounds are whole units."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


# early/mid/late: a third of the month (1–10, 11–20, 21–end) or of the year (Jan–Apr, May–Aug, Sep–Dec);
# earlier/later: the part of the period before or after the anchor ("earlier this year")
Part = Literal["early", "mid", "late", "earlier", "later"]
THIRDS = ("early", "mid", "late")


def period(day: dt.date, precision: DatePrecision) -> tuple[dt.date, dt.date]:
    """The first and last day of the unit of ``precision`` holding ``day`` (weeks run Monday–Sunday)."""
    if precision == DatePrecision.DAY:
        return day, day
    if precision == DatePrecision.WEEK:
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if precision == DatePrecision.MONTH:
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
    return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)


def third(day: dt.date, precision: DatePrecision, part: str) -> tuple[dt.date, dt.date]:
    """The early, mid or late third of the month or year holding ``day``."""
    i = THIRDS.index(part)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(day.year, day.month)[1]
        return day.replace(day=1 + 10 * i), day.replace(day=(10, 20, last)[i])
    start = dt.date(day.year, 1 + 4 * i, 1)
    return start, period(dt.date(day.year, 4 + 4 * i, 1), DatePrecision.MONTH)[1]


class DateSpan(_Strict):
    """When something happened: ``start``..``end`` inclusive, stated to ``precision``.

    A single day has ``start == end``; "17–18 September" is a day-precision range; "September 2020"
    is ``2020-09-01..2020-09-30`` at month precision, never a made-up day.
    """

    start: dt.date
    end: dt.date
    precision: DatePrecision = DatePrecision.DAY
    part: Part | None = None
    note: str | None = None

    _dates = field_validator("start", "end", mode="before")(_iso_date)

    @model_validator(mode="after")
    def _consistent(self) -> DateSpan:
        problem = span_problem(self.start, self.end, self.precision, self.part)
        if problem:
            raise ValueError(problem)
        return self

    @property
    def is_range(self) -> bool:
        return self.start != self.end

    def label(self) -> str:
        """Short human text: "2 Oct 2020", "17–18 Sep 2020", "Sep 2020", "late Jul 2020", "2019"."""
        s, e = self.start, self.end
        if self.precision == DatePrecision.YEAR:
            text = str(s.year) if s.year == e.year else f"{s.year}–{e.year}"
        elif self.precision == DatePrecision.MONTH:
            text = f"{s:%b %Y}" if (s.year, s.month) == (e.year, e.month) else f"{s:%b %Y}–{e:%b %Y}"
        elif self.precision == DatePrecision.WEEK:
            text = f"week of {s.day} {s:%b %Y}" if (e - s).days == 6 else f"{_day(s)}–{_day(e)}"
        elif not self.is_range:
            text = _day(s)
        elif (s.year, s.month) == (e.year, e.month):
            text = f"{s.day}–{e.day} {s:%b %Y}"
        else:
            text = f"{_day(s)}–{_day(e)}"
        if self.part in THIRDS:
            text = f"{self.part} {text}"
        elif self.part:
            text = f"{text} ({self.part} part)"
        return text


def _day(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def span_problem(start: dt.date, end: dt.date, precision: DatePrecision, part: str | None) -> str | None:
    """Why a span is inconsistent with its precision, or None if it is sound."""
    if end < start:
        return f"end {end} is before start {start}"
    if part is not None and precision in (DatePrecision.DAY, DatePrecision.WEEK):
        return f"part {part!r} needs month or year precision, not {precision.value}"
    if part in THIRDS:
        if (start, end) != third(start, precision, part):
            want = third(start, precision, part)
            return f"{part} {precision.value} of {start} is {want[0]}..{want[1]}, not {start}..{end}"
        return None
    first, _ = period(start, precision)
    _, last = period(end, precision)
    if part == "earlier":
        if start != first or end > period(start, precision)[1]:
            return f"'earlier' runs from the start of the {precision.value} to a day in it ({start}..{end})"
        return None
    if part == "later":
        if end != period(start, precision)[1]:
            return f"'later' runs from a day of the {precision.value} to its end ({start}..{end})"
        return None
    if precision != DatePrecision.DAY and (start != first or end != last):
        return (
            f"{precision.value} precision needs whole {precision.value}s: {start}..{end} "
            f"should be {first}..{last}"
        )
    return None
