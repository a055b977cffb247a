"""Small text and JSON formatting shared by every answer: counts, dates, moments, sources."""

from __future__ import annotations

from datetime import date, datetime

from bot.alerts import as_utc
from rules.records import DatePrecision


def counted(count: int, noun: str) -> str:
    """``1 statement``, ``3 statements``: a count with its noun, plural unless one."""
    return f"{count} {noun}{'s' * (count != 1)}"


def format_date(day: date | None, precision: DatePrecision = "day") -> str:
    if day is None:
        return "undated"
    return day.strftime("%b %Y") if precision == "month" else day.isoformat()


def format_moment(moment: datetime) -> str:
    return f"{as_utc(moment):%Y-%m-%d %H:%M} UTC"


def source_and_url(source: str, url: str | None) -> str:
    """``Coastal Courier https://...``; the source alone when the URL is missing or is the
    source (feeds without an outlet name give the page as the source)."""
    return f"{source} {url}" if url and url != source else source


def iso_date(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
