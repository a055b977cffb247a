"""One statement as evidence of a stance, and where a run of evidence leaves an official:
the newest position, and since when it is held. Shared by /stance, /timeline and /compare."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from bot.queries.formatting import iso_date
from rules.records import DatePrecision, Statement, StatementKind

T = TypeVar("T")


@dataclass(frozen=True)
class Evidence:
    """One statement as evidence of a stance."""

    statement_id: str
    date: date | None
    date_precision: DatePrecision
    text: str
    source: str
    url: str | None
    kind: StatementKind
    position: str | None
    cues: tuple[str, ...]
    negated: bool
    confidence: float | None = None


def evidence_of(statement: Statement, topic: str) -> Evidence:
    stance_ = statement.stance_on(topic)
    return Evidence(
        statement_id=statement.id,
        date=statement.date,
        date_precision=statement.date_precision,
        text=statement.text,
        source=statement.source,
        url=statement.url,
        kind=statement.kind,
        position=None if stance_ is None else stance_.position,
        cues=() if stance_ is None else stance_.evidence,
        negated=False if stance_ is None else stance_.negated,
        confidence=None if stance_ is None else stance_.confidence,
    )


def newest_dated(items: Sequence[T], day: Callable[[T], date | None]) -> T | None:
    """The last dated item of a time-ordered sequence; the last undated one if none is dated.

    Undated statements sort last, but that says nothing about when they were made, so they
    must not stand for the newest word when a dated one exists.
    """
    dated = [item for item in items if day(item) is not None]
    pool = dated or items
    return pool[-1] if pool else None


def latest_positioned(evidence: Sequence[Evidence]) -> Evidence | None:
    return newest_dated([e for e in evidence if e.position is not None], lambda e: e.date)


def standing(evidence: Sequence[Evidence]) -> tuple[Evidence | None, str | None, date | None]:
    """The newest statement with a position, that position, and since when it is held."""
    latest = latest_positioned(evidence)
    position = latest.position if latest is not None else None
    return latest, position, _consistent_since(evidence, position)


def _consistent_since(evidence: Sequence[Evidence], position: str | None) -> date | None:
    """Date of the earliest statement of the unbroken run of ``position`` up to the latest."""
    if position is None:
        return None
    since: date | None = None
    for e in reversed([e for e in evidence if e.position is not None and e.date is not None]):
        if e.position != position:
            break
        since = e.date
    return since


def deciding_words(e: Evidence) -> str:
    """The cue words and confidence of one statement's position, e.g. “ready to talk” (0.85)."""
    if e.position is None:
        return "no position on this topic"
    words = ", ".join(f"“{cue}”" for cue in e.cues) or "no recorded words"
    negated = ", negated" if e.negated else ""
    confidence = f" (confidence {e.confidence:.2f})" if e.confidence is not None else ""
    return f"{words}{negated}{confidence}"


def evidence_json(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.statement_id,
        "date": iso_date(e.date),
        "date_precision": e.date_precision,
        "text": e.text,
        "source": e.source,
        "url": e.url,
        "position": e.position,
        "kind": e.kind,
        "cues": list(e.cues),
        "negated": e.negated,
    }
