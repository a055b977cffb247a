"""Hand-made statements, findings and alerts for the Slack adapter's tests (our own words)."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import UTC, date, datetime

from bot.alerts import Alert
from rules.records import Statement
from tests.bot.adapters.levy import finding as levy_finding
from tests.bot.adapters.levy import on_levy

__all__ = ["HOSTILE", "NOW", "contradiction", "finding", "said"]

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)

# What a hostile or careless article might put inside a quote.
HOSTILE = (
    "<!channel> <!here> <@U123> <#C999|general> <!subteam^S1> the Q&A is over, "
    "*bold* _x_ ~y~ `code` <https://evil.example|click>"
)


finding = functools.partial(levy_finding, channels=("slack:C0ALERTS",))


def said(article: str, who: str, position: str, day: date, words: str | None = None) -> Statement:
    text = words or (
        "the harbour levy will pass" if position == "support" else "the harbour levy is dead"
    )
    statement = on_levy(who, day, position, text, article_id=article)
    return replace(statement, url=f"https://news.example/{article}")


def contradiction(first_words: str | None = None) -> Alert:
    """An alert as the store would hold it, for tests that only render."""
    ada = said("a1", "ada", "support", date(2024, 1, 10), first_words)
    bo = said("a2", "bo", "oppose", date(2024, 1, 12))
    return Alert(
        id="c0ffee12",
        type="contradiction",
        rule_id="harbour-one-voice",
        topic="harbour-tax",
        officials=("ada", "bo"),
        positions=(("ada", "support"), ("bo", "oppose")),
        statement_ids=(ada.id, bo.id),
        statements=(ada, bo),
        confidence=0.7,
        channels=("slack:C0ALERTS",),
        first_fired_at=NOW,
        updated_at=NOW,
        revision=0,
        window_days=60,
    )
