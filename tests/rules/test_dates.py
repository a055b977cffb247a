from __future__ import annotations

from datetime import date

import pytest

from rules.dates import format_date, resolve_date, shift_by

WEDNESDAY = date(2024, 3, 6)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("on Monday", date(2024, 3, 4)),
        ("on Tuesday", date(2024, 3, 5)),
        ("on Wednesday", date(2024, 3, 6)),  # the same weekday is the day itself
        ("on Thursday", date(2024, 2, 29)),  # never a day after publication
        ("on Sunday", date(2024, 3, 3)),
        ("last Wednesday", date(2024, 2, 28)),  # "last" skips the day itself
        ("late on Friday night", date(2024, 3, 1)),
    ],
)
def test_dates_weekday_is_latest_on_or_before_publication(phrase: str, expected: date) -> None:
    assert resolve_date(phrase, WEDNESDAY) == (expected, "day")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("yesterday", (date(2024, 3, 5), "day")),
        ("Yesterday afternoon", (date(2024, 3, 5), "day")),
        ("earlier today", (date(2024, 3, 6), "day")),
        ("last week", (date(2024, 2, 28), "day")),
        ("last month", (date(2024, 2, 1), "month")),
    ],
)
def test_dates_relative_words(phrase: str, expected: tuple[date, str]) -> None:
    assert resolve_date(phrase, WEDNESDAY) == expected


def test_dates_last_month_in_january_is_december_of_the_year_before() -> None:
    assert resolve_date("last month", date(2025, 1, 14)) == (date(2024, 12, 1), "month")


@pytest.mark.parametrize(
    ("phrase", "published", "expected"),
    [
        ("Sept. 30", date(2019, 10, 2), date(2019, 9, 30)),
        ("on Sept. 30", date(2019, 9, 30), date(2019, 9, 30)),
        ("3 March", date(2024, 3, 6), date(2024, 3, 3)),
        ("on 3 March", date(2024, 3, 6), date(2024, 3, 3)),
        ("Oct 12", date(2021, 11, 1), date(2021, 10, 12)),
        ("June 4", date(2021, 6, 5), date(2021, 6, 4)),
        # A date later in the year than publication was last year's.
        ("Sept. 30", date(2020, 1, 8), date(2019, 9, 30)),
        ("30 December", date(2022, 1, 3), date(2021, 12, 30)),
        ("3 March", date(2024, 3, 1), date(2023, 3, 3)),
        # A day after publication is allowed for (time zones).
        ("March 7", date(2024, 3, 6), date(2024, 3, 7)),
    ],
)
def test_dates_explicit_day_with_year_rollover(
    phrase: str, published: date, expected: date
) -> None:
    assert resolve_date(phrase, published) == (expected, "day")


@pytest.mark.parametrize(
    "phrase",
    ["in recent weeks", "over the years", "soon", "at the weekend rally", "Feb. 30"],
)
def test_dates_vague_or_impossible_phrase_is_none(phrase: str) -> None:
    assert resolve_date(phrase, WEDNESDAY) is None


def test_dates_nothing_without_publication_date() -> None:
    assert resolve_date("on Monday", None) is None
    assert resolve_date("yesterday", None) is None


def test_dates_leap_day_rolled_into_a_non_leap_year_is_none() -> None:
    assert resolve_date("Feb. 29", date(2024, 1, 10)) is None


@pytest.mark.parametrize(
    ("day", "precision", "expected"),
    [
        (date(2024, 2, 17), "month", "2024-02-01"),
        (date(2024, 2, 1), "month", "2024-02-01"),
        (date(2024, 2, 17), "day", "2024-02-17"),
        (None, "month", None),
        (None, "day", None),
    ],
)
def test_dates_format_date(day: date | None, precision: str, expected: str | None) -> None:
    assert format_date(day, precision) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("phrase", "earlier", "expected"),
    [
        ("two months", True, (date(2024, 1, 1), "month")),
        ("a week", True, (date(2024, 2, 28), "day")),
        ("3 days", False, (date(2024, 3, 9), "day")),
        ("one year", True, (date(2023, 3, 1), "month")),
        ("five months", True, (date(2023, 10, 1), "month")),  # across a year
        ("some time", True, None),
        ("many weeks", True, None),
    ],
)
def test_dates_shift_by_a_distance(
    phrase: str, earlier: bool, expected: tuple[date, str] | None
) -> None:
    assert shift_by(phrase, WEDNESDAY, earlier) == expected
