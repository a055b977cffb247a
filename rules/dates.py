"""When a statement was made: dates written near the attribution, read against the article date."""

from __future__ import annotations

import re
from datetime import date, timedelta

from rules.records import DatePrecision

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_ABBR = {m[:3]: i + 1 for i, m in enumerate(MONTHS)}
_EXPLICIT = re.compile(
    r"\b(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+(?P<day>\d{1,2})\b"
    r"|\b(?P<day2>\d{1,2})\s+(?P<month2>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
)


def resolve_date(phrase: str, published: date | None) -> tuple[date, DatePrecision] | None:
    """Resolves "on Saturday", "yesterday", "last month", "Sept. 30" against ``published``.

    A weekday means the latest such day on or before publication, as news uses it.
    Returns None for phrases that do not fix a day or month ("in recent weeks").
    """
    if published is None:
        return None
    text = phrase.lower()
    if "yesterday" in text:
        return published - timedelta(days=1), "day"
    if re.search(r"\b(today|this morning|this afternoon|tonight|earlier today)\b", text):
        return published, "day"
    for number, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", text):
            back = (published.weekday() - number) % 7
            if "last" in text and back == 0:
                back = 7
            return published - timedelta(days=back), "day"
    if re.search(r"\blast month\b", text):
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), "month"
    if re.search(r"\blast week\b", text):
        return published - timedelta(days=7), "day"
    if re.search(r"\blast year\b", text):
        return date(published.year - 1, 1, 1), "month"
    match = _EXPLICIT.search(text)
    if match:
        month_word = match.group("month") or match.group("month2")
        month = _MONTH_ABBR[month_word[:3]]
        day = int(match.group("day") or match.group("day2"))
        year = published.year
        try:
            found = date(year, month, day)
        except ValueError:
            return None
        if found > published + timedelta(days=1):
            try:
                found = found.replace(year=year - 1)
            except ValueError:  # 29 February of a year before a leap year
                return None
        return found, "day"
    for number, name in enumerate(MONTHS, start=1):
        if re.search(rf"\b(in|since|during|early|late|mid-?)\s+{name}\b", text):
            year = published.year if number <= published.month else published.year - 1
            return date(year, number, 1), "month"
    return None


def format_date(day: date | None, precision: DatePrecision) -> str | None:
    """YYYY-MM-DD; a month-precision date is given as the first of its month."""
    if day is None:
        return None
    return day.replace(day=1).isoformat() if precision == "month" else day.isoformat()


_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
_DURATION = re.compile(r"\b(?P<count>\d{1,3}|[a-z]+)\s+(?P<unit>day|week|month|year)s?\b")


def shift_by(phrase: str, anchor: date, earlier: bool) -> tuple[date, DatePrecision] | None:
    """The day ``phrase`` ("two months", "a week", "3 days") before (``earlier``) or after
    ``anchor``. Months and years are counted in calendar months and only fix the month."""
    match = _DURATION.search(phrase.lower())
    if match is None:
        return None
    word = match.group("count")
    count = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    if count is None:
        return None
    sign = -1 if earlier else 1
    unit = match.group("unit")
    if unit in ("day", "week"):
        return anchor + timedelta(days=sign * count * (7 if unit == "week" else 1)), "day"
    months = sign * count * (12 if unit == "year" else 1)
    index = anchor.year * 12 + anchor.month - 1 + months
    return date(index // 12, index % 12 + 1, 1), "month"
