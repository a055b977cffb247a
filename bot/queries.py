"""Platform-free questions about the store: ``/stance``, ``/timeline``, ``/compare``, ``/alerts``.

Adapters and the CLI call these and only render the answer, so every front end says the same:
``bot.cards`` makes a Card of each answer, the ``render_*_text`` functions print it for a
terminal and the ``*_to_json`` functions give it to scripts.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypeVar

from bot.alerts import Alert, as_utc
from bot.store.abc import Store
from rules.config import Config
from rules.model import Official, Topic
from rules.records import DatePrecision, Statement, StatementKind
from watchers.errors import StancewatchError

T = TypeVar("T")

MAX_CHOICES = 25  # Discord's and Slack's limit on autocomplete options
MAX_DIGEST_DAYS = 365


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


class QueryError(StancewatchError, ValueError):
    """A question that cannot be answered as asked (a day count out of range, an official
    compared with themselves). Both a StancewatchError and a ValueError, so a caller that
    catches either turns it into a plain message."""


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
    official = lookup_official(config, official_id)
    topic = lookup_topic(config, topic_id)
    evidence = tuple(_evidence(s, topic.id) for s in store.statements_by(official.id, topic.id))
    latest, position, since = _standing(evidence)
    return StanceReport(
        official_id=official.id,
        official_name=official.name,
        topic_id=topic.id,
        topic_name=topic_display_name(topic, topic.id),
        position=position,
        position_label=position_label(topic, position),
        consistent_since=since,
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
    return choices_among(((o.id, o.name) for o in config.officials), partial)


def topic_choices(config: Config, partial: str) -> list[tuple[str, str]]:
    """(id, name) of topics whose id or name contains ``partial``, for autocomplete."""
    return choices_among(((t.id, t.name or t.id) for t in config.topics), partial)


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
            f"; {counted(len(agreeing), 'statement')} hold it since "
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
        where = source_and_url(e.source, e.url)
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


def source_and_url(source: str, url: str | None) -> str:
    """``Coastal Courier https://...``; the source alone when the URL is missing or is the
    source (feeds without an outlet name give the page as the source)."""
    return f"{source} {url}" if url and url != source else source


def counted(count: int, noun: str) -> str:
    """``1 statement``, ``3 statements``: a count with its noun, plural unless one."""
    return f"{count} {noun}{'s' * (count != 1)}"


def format_date(day: date | None, precision: DatePrecision = "day") -> str:
    if day is None:
        return "undated"
    return day.strftime("%b %Y") if precision == "month" else day.isoformat()


# --- /timeline ----------------------------------------------------------------------------


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
        topic_ids = [topic.id] if topic is not None else _topics_of(statement)
        if not topic_ids:
            continue  # words on no topic at all say nothing about positions
        readings = []
        for tid in topic_ids:
            e = _evidence(statement, tid)
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


def _topics_of(statement: Statement) -> list[str]:
    """The topics a statement is about: those it lists, then any it only has a stance on."""
    return list(dict.fromkeys([*statement.topics, *(s.topic for s in statement.stances)]))


def _config_order(config: Config, topic_ids: Iterable[str]) -> list[str]:
    """Configured topics in topics.yaml order, then any no longer configured, by id."""
    wanted = set(topic_ids)
    known = [t.id for t in config.topics if t.id in wanted]
    return known + sorted(wanted - set(known))


def _topic_summary(
    config: Config, topic_id: str, evidence: Sequence[Evidence], entries: Sequence[TimelineEntry]
) -> TopicSummary:
    configured = config.topic(topic_id)
    _, position, since = _standing(evidence)
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
                "consistent_since": _iso(s.consistent_since),
                "changes": s.changes,
                "first": _iso(s.first),
                "last": _iso(s.last),
            }
            for s in t.topics
        ],
        "statements": [
            {
                "id": e.statement_id,
                "date": _iso(e.date),
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


# --- /compare -----------------------------------------------------------------------------

Relation = Literal["opposed", "agree", "differ", "one_unknown", "both_unknown"]


@dataclass(frozen=True)
class Side:
    """One official's current position on the compared topic, and the statement it rests on."""

    official_id: str
    official_name: str
    position: str | None
    position_label: str | None
    consistent_since: date | None
    latest: Evidence | None
    statements: int


@dataclass(frozen=True)
class Comparison:
    """Two officials on one topic.

    ``shared_groups`` are (id, name) of the groups both belonged to on ``shared_on``, the
    date of the newer of the two statements the positions rest on (dated membership, as
    the contradiction rules judge it). With no dated statement on either side,
    ``shared_on`` is None and the groups are those they ever shared.
    """

    topic_id: str
    topic_name: str
    first: Side
    second: Side
    relation: Relation
    shared_on: date | None
    shared_groups: tuple[tuple[str, str], ...]


def compare(
    store: Store, config: Config, first_id: str, second_id: str, topic_id: str
) -> Comparison:
    """Where two officials stand on a topic, whether that is opposed, and what group they share."""
    first = lookup_official(config, first_id)
    second = lookup_official(config, second_id)
    topic = lookup_topic(config, topic_id)
    if first.id == second.id:
        raise QueryError(f"compare needs two different officials; both are {first.id!r}")
    sides = [_side(store, topic, o) for o in (first, second)]
    a, b = sides
    dates = [s.latest.date for s in sides if s.latest is not None and s.latest.date is not None]
    shared_on = max(dates) if dates else None
    shared = first.groups_on(shared_on) & second.groups_on(shared_on)
    group_names = {g.id: g.name or g.id for g in config.groups}
    return Comparison(
        topic_id=topic.id,
        topic_name=topic_display_name(topic, topic.id),
        first=a,
        second=b,
        relation=_relation(topic, a.position, b.position),
        shared_on=shared_on,
        shared_groups=tuple((g, group_names.get(g, g)) for g in sorted(shared)),
    )


def _side(store: Store, topic: Topic, official: Official) -> Side:
    evidence = [_evidence(s, topic.id) for s in store.statements_by(official.id, topic.id)]
    latest, position, since = _standing(evidence)
    return Side(
        official_id=official.id,
        official_name=official.name,
        position=position,
        position_label=position_label(topic, position),
        consistent_since=since,
        latest=latest,
        statements=len(evidence),
    )


def _relation(topic: Topic, a: str | None, b: str | None) -> Relation:
    if a is None and b is None:
        return "both_unknown"
    if a is None or b is None:
        return "one_unknown"
    if a == b:
        return "agree"
    return "opposed" if topic.opposes(a, b) else "differ"


def comparison_summary(c: Comparison) -> str:
    """One sentence on how the two positions relate."""
    a, b = c.first, c.second
    if c.relation == "both_unknown":
        return (
            f"Neither {a.official_name} nor {b.official_name} has a position on "
            f"{c.topic_name} recorded."
        )
    if c.relation == "one_unknown":
        known, unknown = (a, b) if a.position is not None else (b, a)
        return (
            f"Only {known.official_name} has a position on {c.topic_name} recorded "
            f"({known.position}); {unknown.official_name} has none."
        )
    who = f"{a.official_name} ({a.position}) and {b.official_name} ({b.position})"
    if c.relation == "agree":
        return f"{who} agree on {c.topic_name}."
    if c.relation == "opposed":
        return f"{who} hold opposed positions on {c.topic_name}."
    return f"{who} differ on {c.topic_name}, but the topic does not count the two as opposed."


def shared_groups_text(c: Comparison) -> str:
    """Which groups the two shared when the newer position was taken, in one sentence."""
    names = ", ".join(name for _, name in c.shared_groups)
    if c.shared_on is None:
        if not c.shared_groups:
            return "They share no group."
        return f"They share {names} (no dated statement to check the membership dates on)."
    day = format_date(c.shared_on)
    if not c.shared_groups:
        return f"They shared no group on {day}."
    return f"Both were in {names} on {day}."


def render_comparison_text(c: Comparison) -> str:
    """The comparison for a terminal: the verdict, each side with its evidence, the groups."""
    lines = [
        f"{c.first.official_name} ({c.first.official_id}) vs "
        f"{c.second.official_name} ({c.second.official_id}) on {c.topic_name}",
        comparison_summary(c),
        shared_groups_text(c),
    ]
    for side in (c.first, c.second):
        lines.append("")
        lines.append(f"{side.official_name}: {_side_position(side)}")
        e = side.latest
        if e is not None:
            where = source_and_url(e.source, e.url)
            lines.append(
                f"  {format_date(e.date, e.date_precision)}  “{e.text}” ({e.kind}; {where})"
            )
            lines.append(f"  decided by: {deciding_words(e)}")
    return "\n".join(lines)


def _side_position(side: Side) -> str:
    statements = f"{counted(side.statements, 'statement')} on the topic"
    if side.position is None:
        return f"no position recorded ({statements})"
    label = f" ({side.position_label})" if side.position_label else ""
    since = f", since {format_date(side.consistent_since)}" if side.consistent_since else ""
    return f"{side.position}{label}{since} ({statements})"


def comparison_to_json(c: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON types."""

    def side(s: Side) -> dict[str, Any]:
        return {
            "official": s.official_id,
            "name": s.official_name,
            "position": s.position,
            "position_label": s.position_label,
            "consistent_since": _iso(s.consistent_since),
            "statements": s.statements,
            "latest": None if s.latest is None else _evidence_json(s.latest),
        }

    return {
        "topic": c.topic_id,
        "topic_name": c.topic_name,
        "first": side(c.first),
        "second": side(c.second),
        "relation": c.relation,
        "opposed": c.relation == "opposed",
        "shared_on": _iso(c.shared_on),
        "shared_groups": [g for g, _ in c.shared_groups],
    }


# --- /alerts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlertLine:
    """One alert of a digest. ``positions`` are (official id, name, position or None, label)
    in the alert's order of officials."""

    alert_id: str
    type: str
    rule_id: str
    topic_id: str
    topic_name: str
    positions: tuple[tuple[str, str, str | None, str | None], ...]
    revision: int
    severity: str
    first_fired_at: datetime
    updated_at: datetime
    statements: int
    latest_evidence: date | None


@dataclass(frozen=True)
class AlertDigest:
    """The alerts updated in the ``days`` before ``now`` (on one topic), newest first."""

    topic_id: str | None
    topic_name: str | None
    days: int
    since: datetime
    now: datetime
    alerts: tuple[AlertLine, ...]


def recent_alerts(
    store: Store, config: Config, *, topic_id: str | None = None, days: int = 7, now: datetime
) -> AlertDigest:
    """Alerts fired or updated within ``days`` (1 to 365) of ``now``, newest first."""
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DIGEST_DAYS:
        raise QueryError(f"days must be a whole number from 1 to {MAX_DIGEST_DAYS}, not {days!r}")
    topic = lookup_topic(config, topic_id) if topic_id is not None else None
    now = as_utc(now)
    since = now - timedelta(days=days)
    alerts = store.list_alerts(topic.id if topic is not None else None, since)
    newest_first = sorted(
        alerts, key=lambda a: (as_utc(a.updated_at), as_utc(a.first_fired_at), a.id), reverse=True
    )
    return AlertDigest(
        topic_id=topic.id if topic is not None else None,
        topic_name=topic_display_name(topic, topic.id) if topic is not None else None,
        days=days,
        since=since,
        now=now,
        alerts=tuple(_alert_line(config, a) for a in newest_first),
    )


def _alert_line(config: Config, alert: Alert) -> AlertLine:
    topic = config.topic(alert.topic)
    positions = alert.position_map
    return AlertLine(
        alert_id=alert.id,
        type=alert.type,
        rule_id=alert.rule_id,
        topic_id=alert.topic,
        topic_name=topic_display_name(topic, alert.topic),
        positions=tuple(
            (
                o,
                official_display_name(config, o),
                positions.get(o),
                position_label(topic, positions.get(o)),
            )
            for o in alert.officials
        ),
        revision=alert.revision,
        severity=alert.severity,
        first_fired_at=as_utc(alert.first_fired_at),
        updated_at=as_utc(alert.updated_at),
        statements=len(alert.statements),
        latest_evidence=alert.latest_evidence,
    )


def digest_heading(d: AlertDigest) -> str:
    """``Alerts on Harbour tax in the last 7 days``."""
    on = f" on {d.topic_name}" if d.topic_name is not None else ""
    return f"Alerts{on} in the last {_days(d.days)}"


def empty_digest_text(d: AlertDigest) -> str:
    """``No alerts on harbour-tax in the last 7 days.``, and what to try instead."""
    on = f" on {d.topic_id}" if d.topic_id is not None else ""
    text = f"No alerts{on} in the last {_days(d.days)}."
    if d.days < MAX_DIGEST_DAYS:
        text += f" Ask for more days (up to {MAX_DIGEST_DAYS}) to look further back."
    return text


def alert_line_positions(line: AlertLine) -> str:
    """``Ada Quill: support · Bo Marsh: oppose``."""
    return " · ".join(
        f"{name}: {position or 'no position'}" for _, name, position, _ in line.positions
    )


def format_moment(moment: datetime) -> str:
    return f"{as_utc(moment):%Y-%m-%d %H:%M} UTC"


def render_digest_text(d: AlertDigest) -> str:
    """The digest for a terminal: one block per alert, newest first."""
    lines = [f"{digest_heading(d)} (since {format_moment(d.since)})"]
    if not d.alerts:
        lines.append(empty_digest_text(d))
        return "\n".join(lines)
    count = len(d.alerts)
    lines.append(f"{counted(count, 'alert')}, newest first:")
    for a in d.alerts:
        lines.append("")
        lines.append(
            f"  {a.alert_id}  {a.type:<14} {a.topic_id}  severity {a.severity}  "
            f"revision {a.revision}  updated {format_moment(a.updated_at)}"
        )
        lines.append(f"    {alert_line_positions(a)}")
        lines.append(
            f"    rule {a.rule_id} · {counted(a.statements, 'statement')}, "
            f"newest {format_date(a.latest_evidence)} · `stancewatch explain {a.alert_id}` says why"
        )
    return "\n".join(lines)


def digest_to_json(d: AlertDigest) -> dict[str, Any]:
    """The digest as plain JSON types."""
    return {
        "topic": d.topic_id,
        "days": d.days,
        "since": d.since.isoformat(),
        "now": d.now.isoformat(),
        "alerts": [
            {
                "id": a.alert_id,
                "type": a.type,
                "rule": a.rule_id,
                "topic": a.topic_id,
                "topic_name": a.topic_name,
                "officials": [o for o, _, _, _ in a.positions],
                "names": {o: name for o, name, _, _ in a.positions},
                "positions": {o: p for o, _, p, _ in a.positions if p is not None},
                "revision": a.revision,
                "severity": a.severity,
                "first_fired_at": a.first_fired_at.isoformat(),
                "updated_at": a.updated_at.isoformat(),
                "statements": a.statements,
                "latest_evidence": _iso(a.latest_evidence),
            }
            for a in d.alerts
        ],
    }


def _days(days: int) -> str:
    return "day" if days == 1 else f"{days} days"


# --- helpers ------------------------------------------------------------------------------


def lookup_official(config: Config, official_id: str) -> Official:
    """The configured official of that id; UnknownIdError (with suggestions) otherwise."""
    official = config.official(official_id)
    if official is None:
        raise UnknownIdError("official", official_id, [o.id for o in config.officials])
    return official


def lookup_topic(config: Config, topic_id: str) -> Topic:
    """The configured topic of that id; UnknownIdError (with suggestions) otherwise."""
    topic = config.topic(topic_id)
    if topic is None:
        raise UnknownIdError("topic", topic_id, [t.id for t in config.topics])
    return topic


def topic_display_name(topic: Topic | None, topic_id: str) -> str:
    """The topic's name, its id when it has none, ``topic_id`` when it is no longer configured."""
    return (topic.name or topic.id) if topic is not None else topic_id


def official_display_name(config: Config | None, official_id: str) -> str:
    """The official's name; ``official_id`` when there is no such official (any more)."""
    official = config.official(official_id) if config else None
    return official.name if official is not None else official_id


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


def _standing(evidence: Sequence[Evidence]) -> tuple[Evidence | None, str | None, date | None]:
    """The newest statement with a position, that position, and since when it is held."""
    latest = _latest_positioned(evidence)
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


def choices_among(items: Iterable[tuple[str, str]], partial: str) -> list[tuple[str, str]]:
    """The (id, name) pairs whose id or name contains ``partial``, at most MAX_CHOICES."""
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
