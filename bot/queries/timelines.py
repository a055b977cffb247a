"""``/timeline``: every statement of one official, oldest first, with the changes of
position marked and a summary per topic."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.queries.evidence import Evidence, evidence_of, standing
from bot.queries.formatting import counted, format_date, iso_date, source_and_url
from bot.queries.lookup import lookup_official, lookup_topic, position_label, topic_display_name
from bot.store.abc import Store
from rules.config import Config
from rules.records import DatePrecision, StatementKind


@dataclass(frozen=True)
class Reading:
    """How one statement reads on one topic, and whether that changed the official's position.

    ``changed_from`` is the official's previous position on the topic when this dated
    statement takes another one; undated statements cannot be placed in time, so they
    never mark a change.
    """

    topic_id: str
    topic_name: str
    position: str | None
    position_label: str | None
    cues: tuple[str, ...]
    negated: bool
    confidence: float | None
    changed_from: str | None = None


@dataclass(frozen=True)
class TimelineEntry:
    """One statement of the official, with its reading on each topic it is about."""

    statement_id: str
    date: date | None
    date_precision: DatePrecision
    text: str
    source: str
    url: str | None
    kind: StatementKind
    readings: tuple[Reading, ...]

    @property
    def changes(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.readings if r.changed_from is not None)


@dataclass(frozen=True)
class TopicSummary:
    """One topic the official has spoken on: how often, where they stand now, how often
    they changed position."""

    topic_id: str
    topic_name: str
    statements: int
    position: str | None
    position_label: str | None
    consistent_since: date | None
    changes: int
    first: date | None
    last: date | None


@dataclass(frozen=True)
class Timeline:
    official_id: str
    official_name: str
    topic_id: str | None
    topic_name: str | None
    entries: tuple[TimelineEntry, ...]
    topics: tuple[TopicSummary, ...]

    @property
    def changes(self) -> int:
        return sum(len(e.changes) for e in self.entries)


def timeline(
    store: Store, config: Config, official_id: str, topic_id: str | None = None
) -> Timeline:
    """Every statement of ``official_id`` on ``topic_id`` (on any topic when None), oldest
    first, with its position on each topic and the changes of position marked."""
    official = lookup_official(config, official_id)
    topic = lookup_topic(config, topic_id) if topic_id is not None else None
    statements = store.statements_by(official.id, topic.id if topic is not None else None)
    held: dict[str, str] = {}  # topic -> the position of the newest dated statement so far
    entries = []
    per_topic: dict[str, list[Evidence]] = {}
    for statement in statements:
        topic_ids = [topic.id] if topic is not None else list(statement.all_topics)
        if not topic_ids:
            continue  # words on no topic at all say nothing about positions
        readings = []
        for tid in topic_ids:
            e = evidence_of(statement, tid)
            per_topic.setdefault(tid, []).append(e)
            changed_from = None
            if e.position is not None and e.date is not None:
                before = held.get(tid)
                if before is not None and before != e.position:
                    changed_from = before
                held[tid] = e.position
            configured = config.topic(tid)
            readings.append(
                Reading(
                    topic_id=tid,
                    topic_name=topic_display_name(configured, tid),
                    position=e.position,
                    position_label=position_label(configured, e.position),
                    cues=e.cues,
                    negated=e.negated,
                    confidence=e.confidence,
                    changed_from=changed_from,
                )
            )
        entries.append(
            TimelineEntry(
                statement_id=statement.id,
                date=statement.date,
                date_precision=statement.date_precision,
                text=statement.text,
                source=statement.source,
                url=statement.url,
                kind=statement.kind,
                readings=tuple(readings),
            )
        )
    summaries = [
        _topic_summary(config, tid, per_topic[tid], entries)
        for tid in _config_order(config, per_topic)
    ]
    return Timeline(
        official_id=official.id,
        official_name=official.name,
        topic_id=topic.id if topic is not None else None,
        topic_name=topic_display_name(topic, topic.id) if topic is not None else None,
        entries=tuple(entries),
        topics=tuple(summaries),
    )


def _config_order(config: Config, topic_ids: Iterable[str]) -> list[str]:
    """Configured topics in topics.yaml order, then any no longer configured, by id."""
    wanted = set(topic_ids)
    known = [t.id for t in config.topics if t.id in wanted]
    return known + sorted(wanted - set(known))


def _topic_summary(
    config: Config, topic_id: str, evidence: Sequence[Evidence], entries: Sequence[TimelineEntry]
) -> TopicSummary:
    configured = config.topic(topic_id)
    _, position, since = standing(evidence)
    dates = [e.date for e in evidence if e.date is not None]
    changes = sum(1 for entry in entries for r in entry.changes if r.topic_id == topic_id)
    return TopicSummary(
        topic_id=topic_id,
        topic_name=topic_display_name(configured, topic_id),
        statements=len(evidence),
        position=position,
        position_label=position_label(configured, position),
        consistent_since=since,
        changes=changes,
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
    )


def timeline_to_json(t: Timeline) -> dict[str, Any]:
    """The timeline as plain JSON types."""
    return {
        "official": t.official_id,
        "official_name": t.official_name,
        "topic": t.topic_id,
        "topic_name": t.topic_name,
        "changes": t.changes,
        "topics": [
            {
                "topic": s.topic_id,
                "topic_name": s.topic_name,
                "statements": s.statements,
                "position": s.position,
                "position_label": s.position_label,
                "consistent_since": iso_date(s.consistent_since),
                "changes": s.changes,
                "first": iso_date(s.first),
                "last": iso_date(s.last),
            }
            for s in t.topics
        ],
        "statements": [
            {
                "id": e.statement_id,
                "date": iso_date(e.date),
                "date_precision": e.date_precision,
                "text": e.text,
                "source": e.source,
                "url": e.url,
                "kind": e.kind,
                "positions": [
                    {
                        "topic": r.topic_id,
                        "position": r.position,
                        "cues": list(r.cues),
                        "negated": r.negated,
                        "confidence": r.confidence,
                        "changed_from": r.changed_from,
                    }
                    for r in e.readings
                ],
            }
            for e in t.entries
        ],
    }


def reading_text(r: Reading, *, with_topic: bool, none: str = "-") -> str:
    """``support``, ``harbour-tax: support``, ``oppose → support`` for a change, ``none``
    when the statement takes no position on the topic."""
    position = r.position or none
    if r.changed_from is not None:
        position = f"{r.changed_from} → {position}"
    return f"{r.topic_id}: {position}" if with_topic else position


def render_timeline_text(t: Timeline) -> str:
    """The timeline for a terminal: the topics, then every statement, oldest first."""
    on = f" on {t.topic_name}" if t.topic_name is not None else ""
    lines = [f"{t.official_name} ({t.official_id}): timeline{on}"]
    if not t.entries:
        lines.append(empty_timeline_text(t))
        return "\n".join(lines)
    lines.append(timeline_summary(t))
    lines.append("")
    lines.append("Topics:")
    for s in t.topics:
        lines.append(f"  {topic_summary_text(s)}")
    lines.append("")
    lines.append("Statements, oldest first (→ marks a change of position):")
    with_topic = t.topic_id is None
    for e in t.entries:
        readings = "; ".join(reading_text(r, with_topic=with_topic) for r in e.readings)
        where = source_and_url(e.source, e.url)
        lines.append(f"  {format_date(e.date, e.date_precision):<10}  {readings}")
        lines.append(f"  {'':<10}  “{e.text}” ({e.kind}; {where})")
    return "\n".join(lines)


def timeline_summary(t: Timeline) -> str:
    """One line: how many statements on how many topics, over which dates, how many changes."""
    count = len(t.entries)
    topics = "" if t.topic_id is not None else f" on {counted(len(t.topics), 'topic')}"
    dates = [e.date for e in t.entries if e.date is not None]
    span = f", {format_date(min(dates))} to {format_date(max(dates))}" if dates else ""
    changes = f"{counted(t.changes, 'change')} of position"
    return f"{counted(count, 'statement')}{topics}{span}; {changes}."


def topic_summary_text(s: TopicSummary) -> str:
    """``Harbour tax (harbour-tax): support (for the levy) since 2024-02-01 · 5 statements ·
    1 change``."""
    if s.position is None:
        stand = "no position"
    else:
        label = f" ({s.position_label})" if s.position_label else ""
        since = f" since {format_date(s.consistent_since)}" if s.consistent_since else ""
        stand = f"{s.position}{label}{since}"
    counts = counted(s.statements, "statement")
    changes = counted(s.changes, "change")
    return f"{s.topic_name} ({s.topic_id}): {stand} · {counts} · {changes}"


def empty_timeline_text(t: Timeline) -> str:
    """``No statements of Ada Quill on Harbour tax are stored.``"""
    if t.topic_id is not None:
        return f"No statements of {t.official_name} on {t.topic_name} are stored."
    return f"No statements of {t.official_name} on any topic are stored."
