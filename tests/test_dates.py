"""Date expressions: found in running text and normalised against the publication date, with precision."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SEED
from pydantic import ValidationError

from regionmap.dates import DateSpan, find_dates, normalise

D = dt.date
PUB = D(2020, 10, 30)  # a Friday: the source article's date

# expression -> (start, end, precision, part); the anchor is PUB unless the case says otherwise
CASES = {
    # absolute days
    "Oct 30, 2020": (D(2020, 10, 30), D(2020, 10, 30), "day", None),
    "September 17, 2020": (D(2020, 9, 17), D(2020, 9, 17), "day", None),
    "17 September 2020": (D(2020, 9, 17), D(2020, 9, 17), "day", None),
    "the 12th of September": (D(2020, 9, 12), D(2020, 9, 12), "day", None),
    "Sept. 12": (D(2020, 9, 12), D(2020, 9, 12), "day", None),
    "2020-09-12": (D(2020, 9, 12), D(2020, 9, 12), "day", None),
    "Thursday, September 17": (D(2020, 9, 17), D(2020, 9, 17), "day", None),
    "on October 2": (D(2020, 10, 2), D(2020, 10, 2), "day", None),
    # a day without a year: the latest one not after the anchor (the text reports the past)
    "on November 3": (D(2019, 11, 3), D(2019, 11, 3), "day", None),
    # ranges of days
    "September 17–18": (D(2020, 9, 17), D(2020, 9, 18), "day", None),
    "September 17 and 18": (D(2020, 9, 17), D(2020, 9, 18), "day", None),
    "17 and 18 September": (D(2020, 9, 17), D(2020, 9, 18), "day", None),
    "17-18 September 2019": (D(2019, 9, 17), D(2019, 9, 18), "day", None),
    "from 30 September to 2 October": (D(2020, 9, 30), D(2020, 10, 2), "day", None),
    "between March 3 and March 5": (D(2020, 3, 3), D(2020, 3, 5), "day", None),
    "over three days from 2 October": (D(2020, 10, 2), D(2020, 10, 4), "day", None),
    "a three-day visit starting October 2": (D(2020, 10, 2), D(2020, 10, 4), "day", None),
    # months
    "in September": (D(2020, 9, 1), D(2020, 9, 30), "month", None),
    "in December": (D(2019, 12, 1), D(2019, 12, 31), "month", None),
    "September 2019": (D(2019, 9, 1), D(2019, 9, 30), "month", None),
    "last month": (D(2020, 9, 1), D(2020, 9, 30), "month", None),
    "next month": (D(2020, 11, 1), D(2020, 11, 30), "month", None),
    "between March and May 2020": (D(2020, 3, 1), D(2020, 5, 31), "month", None),
    "in late July": (D(2020, 7, 21), D(2020, 7, 31), "month", "late"),
    "mid-September": (D(2020, 9, 11), D(2020, 9, 20), "month", "mid"),
    "the end of February": (D(2020, 2, 21), D(2020, 2, 29), "month", "late"),
    "later this month": (D(2020, 10, 30), D(2020, 10, 31), "month", "later"),
    # years
    "in 2019": (D(2019, 1, 1), D(2019, 12, 31), "year", None),
    "since 2001": (D(2001, 1, 1), D(2001, 12, 31), "year", None),
    "last year": (D(2019, 1, 1), D(2019, 12, 31), "year", None),
    "Last month the envoy left": (D(2020, 9, 1), D(2020, 9, 30), "month", None),
    "Since 2015 a road has run": (D(2015, 1, 1), D(2015, 12, 31), "year", None),
    "earlier this year": (D(2020, 1, 1), D(2020, 10, 30), "year", "earlier"),
    "early 2019": (D(2019, 1, 1), D(2019, 4, 30), "year", "early"),
    "mid-2019": (D(2019, 5, 1), D(2019, 8, 31), "year", "mid"),
    "from 2015 to 2019": (D(2015, 1, 1), D(2019, 12, 31), "year", None),
    "2015–17": (D(2015, 1, 1), D(2017, 12, 31), "year", None),
    "the 1990s": (D(1990, 1, 1), D(1999, 12, 31), "year", None),
    "the late 1990s": (D(1997, 1, 1), D(1999, 12, 31), "year", None),
    # relative days and weeks
    "on Friday": (D(2020, 10, 30), D(2020, 10, 30), "day", None),
    "on Tuesday": (D(2020, 10, 27), D(2020, 10, 27), "day", None),
    "last Friday": (D(2020, 10, 23), D(2020, 10, 23), "day", None),
    "next Tuesday": (D(2020, 11, 3), D(2020, 11, 3), "day", None),
    "yesterday": (D(2020, 10, 29), D(2020, 10, 29), "day", None),
    "three days ago": (D(2020, 10, 27), D(2020, 10, 27), "day", None),
    "last week": (D(2020, 10, 19), D(2020, 10, 25), "week", None),
    "two weeks ago": (D(2020, 10, 12), D(2020, 10, 18), "week", None),
}


@pytest.mark.parametrize("expr", list(CASES))
def test_expression_is_normalised_with_its_precision(expr):
    start, end, precision, part = CASES[expr]
    span = normalise(expr, PUB)
    assert span is not None, expr
    assert (span.start, span.end, span.precision.value, span.part) == (start, end, precision, part)


def test_at_least_thirty_expressions_relative_and_absolute():
    assert len(CASES) >= 30
    relative = [e for e in CASES if find_dates(e, PUB)[0].relative]
    assert len(relative) >= 10 and len(CASES) - len(relative) >= 10


@pytest.mark.parametrize(
    ("expr", "anchor", "start"),
    [
        ("on Friday", D(2020, 10, 28), D(2020, 10, 23)),  # a Wednesday: last Friday
        ("in December", D(2021, 1, 15), D(2020, 12, 1)),
        ("last month", D(2021, 1, 15), D(2020, 12, 1)),
        ("yesterday", D(2021, 3, 1), D(2021, 2, 28)),
        ("September 17–18", D(2021, 10, 1), D(2021, 9, 17)),
    ],
)
def test_the_article_date_is_the_anchor(expr, anchor, start):
    assert normalise(expr, anchor).start == start


def test_future_tense_reads_dates_forward():
    (d,) = find_dates("The ministers will meet in December.", PUB)
    assert (d.span.start, d.span.end) == (D(2020, 12, 1), D(2020, 12, 31))
    (d,) = find_dates("The envoy will arrive on Tuesday.", PUB)
    assert d.span.start == D(2020, 11, 3)


@pytest.mark.parametrize(
    "text",
    [
        "over 2000 fighters",
        "May I ask",
        "February 30",
        "the 200 fighters",
        "He had 2019 reasons",
        "a month after",
    ],
)
def test_not_dates(text):
    assert find_dates(text, PUB) == []


def test_two_days_joined_by_and_are_two_dates():
    found = find_dates("on 3 and 10 May", PUB)
    assert [(d.text, d.span.start) for d in found] == [("3", D(2020, 5, 3)), ("10 May", D(2020, 5, 10))]


def test_offsets_point_at_the_words_in_the_source_article(ds):
    text = ds.articles[SEED].text
    found = find_dates(text, PUB)
    assert all(text[d.start : d.end] == d.text for d in found)
    by_text = {d.text: d.span for d in found}
    assert by_text["September 17 and 18"].label() == "17–18 Sep 2020"
    # "beginning on October 2 ... Over the course of three days": the visit is a range
    assert (by_text["October 2"].start, by_text["October 2"].end) == (D(2020, 10, 2), D(2020, 10, 4))
    assert by_text["Over the course of three days"].end == D(2020, 10, 4)
    assert by_text["September"].precision.value == "month"  # "In the September meetings"
    assert by_text["Oct 30, 2020"].start == PUB


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"start": "2020-09-18", "end": "2020-09-17"}, "end 2020-09-17 is before start 2020-09-18"),
        ({"start": "2020-02-30", "end": "2020-03-01"}, "not ISO 8601"),
        ({"start": "18/09/2020", "end": "2020-09-18"}, "not ISO 8601"),
        (
            {"start": "2020-09-05", "end": "2020-09-30", "precision": "month"},
            "should be 2020-09-01..2020-09-30",
        ),
        (
            {"start": "2020-01-01", "end": "2020-06-30", "precision": "year"},
            "should be 2020-01-01..2020-12-31",
        ),
        (
            {"start": "2020-10-20", "end": "2020-10-25", "precision": "week"},
            "should be 2020-10-19..2020-10-25",
        ),
        (
            {"start": "2020-09-01", "end": "2020-09-30", "precision": "day", "part": "late"},
            "needs month or year",
        ),
        (
            {"start": "2020-07-01", "end": "2020-07-31", "precision": "month", "part": "late"},
            "is 2020-07-21..2020-07-31",
        ),
    ],
)
def test_inconsistent_spans_are_refused_with_one_clear_message(raw, message):
    with pytest.raises(ValidationError) as exc:
        DateSpan.model_validate(raw)
    assert message in str(exc.value)


def test_labels():
    assert DateSpan(start=D(2020, 9, 1), end=D(2020, 9, 30), precision="month").label() == "Sep 2020"
    assert DateSpan(start=D(2020, 9, 30), end=D(2020, 10, 2)).label() == "30 Sep 2020–2 Oct 2020"
    assert DateSpan(start=D(2020, 7, 21), end=D(2020, 7, 31), precision="month", part="late").label() == (
        "late Jul 2020"
    )
