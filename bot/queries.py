"""Platform-free questions about the store: ``/stance <official> <topic>`` and its helpers.

Adapters and the CLI call these and only render the answer, so every front end says the same.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from bot.store.abc import Store
from rules.config import Config
from rules.model import Official, Topic
from rules.records import DatePrecision, Statement, StatementKind
from watchers.errors import StancewatchError

T = TypeVar("T")

MAX_CHOICES = 25  # Discord's and Slack's limit on autocomplete options


class UnknownIdError(StancewatchError):
    """A query named an official or topic id the configuration does not have."""

    def __init__(self, kind: str, value: str, known: Sequence[str]) -> None:
        self.kind = kind
        self.value = value
        self.suggestions = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
        if self.suggestions:
            hint = "did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        elif known:
            listed = ", ".join(sorted(known)[:10]) + (", ..." if len(known) > 10 else "")
            hint = f"known {kind}s: {listed}"
        else:
            hint = f"the configuration lists no {kind}s"
        super().__init__(f"unknown {kind} {value!r}; {hint}")


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


@dataclass(frozen=True)
class Opponent:
    """An official of a shared group whose latest position opposes the reported one."""

    official_id: str
    name: str
    position: str
    position_label: str | None
    latest: Evidence


@dataclass(frozen=True)
class StanceReport:
    official_id: str
    official_name: str
    topic_id: str
    topic_name: str
    position: str | None
    position_label: str | None
    consistent_since: date | None
    latest: Evidence | None
    evidence: tuple[Evidence, ...]
    contradicted_by: tuple[Opponent, ...]


def stance(store: Store, config: Config, official_id: str, topic_id: str) -> StanceReport:
    """Where ``official_id`` stands on ``topic_id``, since when, on what evidence, against whom."""
    official = _official(config, official_id)
    topic = _topic(config, topic_id)
    evidence = tuple(_evidence(s, topic.id) for s in store.statements_by(official.id, topic.id))
    latest = _latest_positioned(evidence)
    position = latest.position if latest is not None else None
    return StanceReport(
        official_id=official.id,
        official_name=official.name,
        topic_id=topic.id,
        topic_name=topic.name or topic.id,
        position=position,
        position_label=position_label(topic, position),
        consistent_since=_consistent_since(evidence, position),
        latest=latest,
        evidence=evidence,
        contradicted_by=_opponents(store, config, official, topic, latest),
    )


def position_label(topic: Topic | None, position: str | None) -> str | None:
    if topic is None or position is None:
        return None
    return next((p.label for p in topic.positions if p.id == position), None)


def official_choices(config: Config, partial: str) -> list[tuple[str, str]]:
    """(id, name) of officials whose id or name contains ``partial``, for autocomplete."""
    return _choices(((o.id, o.name) for o in config.officials), partial)


def topic_choices(config: Config, partial: str) -> list[tuple[str, str]]:
    """(id, name) of topics whose id or name contains ``partial``, for autocomplete."""
    return _choices(((t.id, t.name or t.id) for t in config.topics), partial)


def report_to_json(report: StanceReport, *, why: bool = False) -> dict[str, Any]:
    """The report as plain JSON types, with keys that stay stable for scripts.

    ``why`` adds ``basis`` (the sentence of ``stance_basis``) and each evidence item's
    ``confidence``; without it the keys are exactly those scripts already read.
    """
    data: dict[str, Any] = {
        "official": report.official_id,
        "official_name": report.official_name,
        "topic": report.topic_id,
        "topic_name": report.topic_name,
        "position": report.position,
        "position_label": report.position_label,
        "consistent_since": _iso(report.consistent_since),
        "latest": None if report.latest is None else _evidence_json(report.latest),
        "evidence": [_evidence_json(e) for e in report.evidence],
        "contradicted_by": [
            {
                "official": o.official_id,
                "name": o.name,
                "position": o.position,
                "date": _iso(o.latest.date),
                "text": o.latest.text,
                "source": o.latest.source,
                "url": o.latest.url,
            }
            for o in report.contradicted_by
        ],
    }
    if why:
        data["basis"] = stance_basis(report)
        for item, e in zip(data["evidence"], report.evidence, strict=True):
            item["confidence"] = e.confidence
    return data


def stance_basis(report: StanceReport) -> str:
    """Why the current position is what it is, in one sentence."""
    latest = report.latest
    if latest is None or report.position is None:
        return (
            f"none of the {len(report.evidence)} statements takes a position on {report.topic_id}"
            if report.evidence
            else f"no statements of {report.official_id} on {report.topic_id} are stored"
        )
    positioned = [e for e in report.evidence if e.position is not None]
    agreeing = [
        e
        for e in positioned
        if e.position == report.position
        and report.consistent_since is not None
        and e.date is not None
        and e.date >= report.consistent_since
    ]
    other = sorted({e.position for e in positioned if e.position not in (None, report.position)})
    basis = (
        f"the newest statement with a position ({format_date(latest.date, latest.date_precision)}) "
        f"reads {report.position} from {deciding_words(latest)}"
    )
    if report.consistent_since is not None:
        basis += (
            f"; {len(agreeing)} statement{'s' * (len(agreeing) != 1)} hold it since "
            f"{format_date(report.consistent_since)}"
        )
    if other:
        basis += f"; other statements hold {', '.join(str(p) for p in other)}"
    return basis


def deciding_words(e: Evidence) -> str:
    """The cue words and confidence of one statement's position, e.g. “ready to talk” (0.85)."""
    if e.position is None:
        return "no position on this topic"
    words = ", ".join(f"“{cue}”" for cue in e.cues) or "no recorded words"
    negated = ", negated" if e.negated else ""
    confidence = f" (confidence {e.confidence:.2f})" if e.confidence is not None else ""
    return f"{words}{negated}{confidence}"


def render_report_text(report: StanceReport, *, why: bool = False) -> str:
    """The report as plain text for a terminal: every statement, in full.

    ``why`` adds the basis of the position, and under every statement the words that decided
    its position with their confidence (or that it takes none).
    """
    lines = [f"{report.official_name} ({report.official_id}) on {report.topic_name}"]
    if report.position is None:
        lines.append("Position: none recorded")
    else:
        label = f" ({report.position_label})" if report.position_label else ""
        since = format_date(report.consistent_since) if report.consistent_since else "unknown"
        lines.append(f"Position: {report.position}{label}, consistent since {since}")
    if why:
        lines.append(f"Why: {stance_basis(report)}")
    lines.append("")
    lines.append("Evidence, oldest first:" if report.evidence else "Evidence: no statements")
    for e in report.evidence:
        where = f"{e.source} {e.url}" if e.url and e.url != e.source else e.source
        lines.append(
            f"  {format_date(e.date, e.date_precision):<10}  {e.position or '-':<10}  "
            f"“{e.text}” ({e.kind}; {where})"
        )
        if why:
            lines.append(f"  {'':<10}  {'':<10}  decided by: {deciding_words(e)}")
        elif e.cues:
            negated = ", negated" if e.negated else ""
            lines.append(f"  {'':<10}  {'':<10}  cues: {', '.join(e.cues)}{negated}")
    if report.contradicted_by:
        lines.append("")
        lines.append("Contradicted by:")
        for o in report.contradicted_by:
            e = o.latest
            lines.append(
                f"  {o.name} ({o.official_id}): {o.position}, "
                f"{format_date(e.date, e.date_precision)} “{e.text}” ({e.source})"
            )
            if why:
                lines.append(f"    decided by: {deciding_words(e)}")
    return "\n".join(lines)


def format_date(day: date | None, precision: DatePrecision = "day") -> str:
    if day is None:
        return "undated"
    return day.strftime("%b %Y") if precision == "month" else day.isoformat()


# --- helpers ------------------------------------------------------------------------------


def _official(config: Config, official_id: str) -> Official:
    official = config.official(official_id)
    if official is None:
        raise UnknownIdError("official", official_id, [o.id for o in config.officials])
    return official


def _topic(config: Config, topic_id: str) -> Topic:
    topic = config.topic(topic_id)
    if topic is None:
        raise UnknownIdError("topic", topic_id, [t.id for t in config.topics])
    return topic


def _evidence(statement: Statement, topic: str) -> Evidence:
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


def _latest_positioned(evidence: Sequence[Evidence]) -> Evidence | None:
    return newest_dated([e for e in evidence if e.position is not None], lambda e: e.date)


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


def _opponents(
    store: Store, config: Config, official: Official, topic: Topic, latest: Evidence | None
) -> tuple[Opponent, ...]:
    if latest is None or latest.position is None:
        return ()
    day = latest.date
    groups = official.groups_on(day)
    peers = [o for o in config.officials if o.id != official.id and o.groups_on(day) & groups]
    if not peers:
        return ()
    by_speaker: dict[str, list[Evidence]] = {}
    for statement in store.statements_on(topic.id, officials=[p.id for p in peers]):
        if statement.speaker_id is not None:
            by_speaker.setdefault(statement.speaker_id, []).append(_evidence(statement, topic.id))
    opponents = []
    for peer in peers:  # configuration order, so the answer reads the same every time
        theirs = _latest_positioned(by_speaker.get(peer.id, []))
        if theirs is None or theirs.position is None:
            continue
        if topic.opposes(latest.position, theirs.position):
            opponents.append(
                Opponent(
                    official_id=peer.id,
                    name=peer.name,
                    position=theirs.position,
                    position_label=position_label(topic, theirs.position),
                    latest=theirs,
                )
            )
    return tuple(opponents)


def _choices(items: Iterable[tuple[str, str]], partial: str) -> list[tuple[str, str]]:
    needle = partial.strip().lower()
    found = [(i, n) for i, n in items if needle in i.lower() or needle in n.lower()]
    return found[:MAX_CHOICES]


def _evidence_json(e: Evidence) -> dict[str, Any]:
    return {
        "id": e.statement_id,
        "date": _iso(e.date),
        "date_precision": e.date_precision,
        "text": e.text,
        "source": e.source,
        "url": e.url,
        "position": e.position,
        "kind": e.kind,
        "cues": list(e.cues),
        "negated": e.negated,
    }


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()
