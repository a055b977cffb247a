"""``/stance``: where one official stands on one topic, since when, on what evidence, and
which officials of a shared group say the opposite."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.queries.evidence import (
    Evidence,
    deciding_words,
    evidence_json,
    evidence_of,
    latest_positioned,
    standing,
)
from bot.queries.formatting import counted, format_date, iso_date, source_and_url
from bot.queries.lookup import lookup_official, lookup_topic, position_label, topic_display_name
from bot.store.abc import Store
from rules.config import Config
from rules.model import Official, Topic
from rules.records import Statement


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


@dataclass(frozen=True)
class StanceRead:
    """What ``/stance`` reads from the store, read once for the report and its chart alike.

    ``peers`` are the officials who ever shared a group with ``official`` (configuration
    order), ``peer_statements`` their statements on the topic: a superset of what either
    answer needs, since the report asks who shared a group on one day and the chart on
    each day it draws.
    """

    official: Official
    topic: Topic
    statements: tuple[Statement, ...]
    peers: tuple[Official, ...]
    peer_statements: tuple[Statement, ...]


def read_stance(store: Store, config: Config, official_id: str, topic_id: str) -> StanceRead:
    """The statements ``/stance`` answers from; UnknownIdError for an unknown id."""
    official = lookup_official(config, official_id)
    topic = lookup_topic(config, topic_id)
    ever = {m.group for m in official.memberships}
    peers = tuple(
        o
        for o in config.officials
        if o.id != official.id and any(m.group in ever for m in o.memberships)
    )
    return StanceRead(
        official=official,
        topic=topic,
        statements=tuple(store.statements_by(official.id, topic.id)),
        peers=peers,
        peer_statements=(
            tuple(store.statements_on(topic.id, officials=[p.id for p in peers])) if peers else ()
        ),
    )


def stance(store: Store, config: Config, official_id: str, topic_id: str) -> StanceReport:
    """Where ``official_id`` stands on ``topic_id``, since when, on what evidence, against whom."""
    return stance_report(read_stance(store, config, official_id, topic_id))


def stance_report(read: StanceRead) -> StanceReport:
    """The report on statements already read (``read_stance``)."""
    official, topic = read.official, read.topic
    evidence = tuple(evidence_of(s, topic.id) for s in read.statements)
    latest, position, since = standing(evidence)
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
        contradicted_by=_opponents(read, latest),
    )


def _opponents(read: StanceRead, latest: Evidence | None) -> tuple[Opponent, ...]:
    if latest is None or latest.position is None:
        return ()
    official, topic = read.official, read.topic
    day = latest.date
    groups = official.groups_on(day)
    # Sharing a group on the day implies having ever shared one: these are among read.peers.
    peers = [o for o in read.peers if o.groups_on(day) & groups]
    if not peers:
        return ()
    by_speaker: dict[str, list[Evidence]] = {}
    for statement in read.peer_statements:
        if statement.speaker_id is not None:
            by_speaker.setdefault(statement.speaker_id, []).append(evidence_of(statement, topic.id))
    opponents = []
    for peer in peers:  # configuration order, so the answer reads the same every time
        theirs = latest_positioned(by_speaker.get(peer.id, []))
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
        "consistent_since": iso_date(report.consistent_since),
        "latest": None if report.latest is None else evidence_json(report.latest),
        "evidence": [evidence_json(e) for e in report.evidence],
        "contradicted_by": [
            {
                "official": o.official_id,
                "name": o.name,
                "position": o.position,
                "date": iso_date(o.latest.date),
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
