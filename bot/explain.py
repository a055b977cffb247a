"""Why an alert fired: ``stancewatch explain ALERT_ID``.

A platform-free query, like ``bot.queries.stance``: it gathers the rule (as configured now),
the topic and its opposed positions, every statement of the alert with the words that decided
its position, and the pairs of statements that conflict. The CLI prints the record in full;
``bot.cards.explanation_card`` makes a Card of it for chat.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bot.alerts import Alert, evidence_order
from bot.queries import format_date, official_display_name, position_label, topic_display_name
from bot.store.abc import Store
from rules.config import Config
from rules.model import AlertRule, Topic
from rules.records import DatePrecision, Statement, StatementKind
from watchers.errors import StancewatchError

RECENT_IDS = 5  # alert ids an "unknown alert" error lists
HOW_TO_FIND_IDS = (
    "  alert ids are on every alert card (its last line reads 'alert A1b2c3d4 · revision 0 ...'),\n"
    '  in the line `stancewatch replay` prints per article, under "id" in `replay --json`,\n'
    "  and in `stancewatch replay --rules-only`; a unique prefix of an id is enough"
)


class UnknownAlertError(StancewatchError):
    """An alert id (or prefix) that names no alert, or more than one, in the store."""

    def __init__(self, wanted: str, candidates: Sequence[Alert], *, ambiguous: bool) -> None:
        self.wanted = wanted
        self.candidates = tuple(candidates)
        self.ambiguous = ambiguous
        if ambiguous:
            listed = candidates[:10]
            ids = ", ".join(a.id for a in listed) + (", ..." if len(candidates) > 10 else "")
            message = f"alert id prefix {wanted!r} matches {len(candidates)} alerts ({ids}); "
            message += "type more of the id"
        else:
            message = f"no alert {wanted!r} in the store\n{HOW_TO_FIND_IDS}\n"
            close = difflib.get_close_matches(wanted, [a.id for a in candidates], n=3, cutoff=0.6)
            recent = [a.id for a in candidates[-RECENT_IDS:]]
            if close:
                message += "  did you mean " + " or ".join(repr(c) for c in close) + "?"
            elif recent:
                message += "  the newest alerts in this store: " + ", ".join(reversed(recent))
            else:
                # The usual way here: `replay` without --db works in a temporary store.
                message += (
                    "  this store holds no alerts (give `replay` and `explain` the same --db)"
                )
        super().__init__(message)


@dataclass(frozen=True)
class RuleExplained:
    """The rule an alert names, as the configuration has it now.

    ``parameters`` are every field of the rule but ``id`` and ``type``, in the model's order;
    ``defaults`` names those the YAML leaves out. A rule that is gone from the configuration
    has no parameters, and ``notes`` say what the alert itself recorded.
    """

    id: str
    in_config: bool
    type: str
    parameters: tuple[tuple[str, Any], ...]
    defaults: frozenset[str]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class ExplainedStatement:
    """One statement of the alert and how its position on the alert's topic was read."""

    statement_id: str
    date: date | None
    date_precision: DatePrecision
    speaker: str | None
    speaker_id: str | None
    speaker_name: str
    source: str
    outlet: str | None
    title: str | None
    url: str | None
    kind: StatementKind
    text: str
    position: str | None
    position_label: str | None
    confidence: float | None
    evidence: tuple[str, ...]
    negated: bool

    @property
    def when(self) -> str:
        return format_date(self.date, self.date_precision)


@dataclass(frozen=True)
class Conflict:
    """Two statements of the alert that disagree: ``newer`` judged against ``older``."""

    newer: ExplainedStatement
    older: ExplainedStatement
    opposed: bool
    shared_groups: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Explanation:
    alert_id: str
    type: str
    revision: int
    first_fired_at: datetime
    updated_at: datetime
    confidence: float
    window_days: int
    reversal: bool
    channels: tuple[str, ...]
    topic_id: str
    topic_name: str
    topic_in_config: bool
    opposed: tuple[tuple[str, str], ...]
    positions: tuple[tuple[str, str, str, str | None], ...]  # official id, name, position, label
    rule: RuleExplained
    statements: tuple[ExplainedStatement, ...]
    conflicts: tuple[Conflict, ...]
    summary: str


def find_alert(store: Store, wanted: str) -> Alert:
    """The alert whose id is ``wanted`` or, failing that, the only one it is a prefix of."""
    wanted = wanted.strip()
    exact = store.get_alert(wanted) if wanted else None
    if exact is not None:
        return exact
    alerts = store.list_alerts()
    matches = [a for a in alerts if wanted and a.id.lower().startswith(wanted.lower())]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UnknownAlertError(wanted, matches, ambiguous=True)
    raise UnknownAlertError(wanted, alerts, ambiguous=False)


def explain(store: Store, config: Config, alert_id: str) -> Explanation:
    """Why the alert ``alert_id`` (or an unambiguous prefix of it) fired."""
    alert = find_alert(store, alert_id)
    topic = config.topic(alert.topic)
    statements = tuple(
        _explained(store, config, topic, alert.topic, s) for s in evidence_order(alert.statements)
    )
    rule = _rule(config, alert)
    conflicts: list[Conflict] = []
    if alert.type == "contradiction":
        conflicts = _contradictions(config, topic, alert.topic, statements)
    elif alert.type == "shift":
        conflicts = _shifts(topic, alert.topic, statements)
    positions = tuple(
        (
            official,
            official_display_name(config, official),
            position,
            position_label(topic, position),
        )
        for official, position in alert.positions
    )
    topic_name = topic_display_name(topic, alert.topic)
    return Explanation(
        alert_id=alert.id,
        type=alert.type,
        revision=alert.revision,
        first_fired_at=alert.first_fired_at,
        updated_at=alert.updated_at,
        confidence=alert.confidence,
        window_days=alert.window_days,
        reversal=alert.reversal,
        channels=alert.channels,
        topic_id=alert.topic,
        topic_name=topic_name,
        topic_in_config=topic is not None,
        opposed=tuple((a, b) for a, b in topic.opposed) if topic is not None else (),
        positions=positions,
        rule=rule,
        statements=statements,
        conflicts=tuple(conflicts),
        summary=_summary(alert, topic_name, positions, conflicts),
    )


# --- the rule -----------------------------------------------------------------------------


def _rule(config: Config, alert: Alert) -> RuleExplained:
    rule = next((r for r in config.rules if r.id == alert.rule_id), None)
    if rule is None:
        return RuleExplained(
            id=alert.rule_id,
            in_config=False,
            type=alert.type,
            parameters=(),
            defaults=frozenset(),
            notes=(
                f"rule {alert.rule_id!r} is no longer in the configuration; when the alert "
                f"fired it had window_days {alert.window_days} and channels "
                f"{', '.join(alert.channels) or 'none'}",
            ),
        )
    return RuleExplained(
        id=rule.id,
        in_config=True,
        type=rule.type,
        parameters=tuple(_parameters(rule)),
        defaults=frozenset(name for name, _ in _parameters(rule)) - rule.model_fields_set,
        notes=tuple(_rule_notes(rule, alert)),
    )


def _parameters(rule: AlertRule) -> list[tuple[str, Any]]:
    # by_alias keeps the YAML spelling of any aliased key (as "from"/"to" are elsewhere).
    dumped = rule.model_dump(mode="json", by_alias=True)
    return [(name, value) for name, value in dumped.items() if name not in ("id", "type")]


def _rule_notes(rule: AlertRule, alert: Alert) -> list[str]:
    notes = []
    if not rule.enabled:
        notes.append("the rule is disabled now: it fires no new alerts")
    if rule.type != alert.type:
        notes.append(f"the rule's type is {rule.type} now; the alert is a {alert.type}")
    if rule.window_days != alert.window_days:
        notes.append(
            f"the alert was recorded with window_days {alert.window_days}; "
            f"the rule says {rule.window_days} now"
        )
    return notes


# --- statements and conflicts -------------------------------------------------------------


def _explained(
    store: Store, config: Config, topic: Topic | None, topic_id: str, statement: Statement
) -> ExplainedStatement:
    stance = statement.stance_on(topic_id)
    article = store.get_article(statement.article_id)
    position = stance.position if stance is not None else None
    return ExplainedStatement(
        statement_id=statement.id,
        date=statement.date,
        date_precision=statement.date_precision,
        speaker=statement.speaker,
        speaker_id=statement.speaker_id,
        speaker_name=(
            official_display_name(config, statement.speaker_id)
            if statement.speaker_id
            else statement.speaker or "unknown speaker"
        ),
        source=statement.source,
        outlet=article.source if article is not None else None,
        title=article.title if article is not None else None,
        url=statement.url,
        kind=statement.kind,
        text=statement.text,
        position=position,
        position_label=position_label(topic, position),
        confidence=stance.confidence if stance is not None else None,
        evidence=stance.evidence if stance is not None else (),
        negated=stance.negated if stance is not None else False,
    )


def _contradictions(
    config: Config, topic: Topic | None, topic_id: str, statements: Sequence[ExplainedStatement]
) -> list[Conflict]:
    """Each statement against what every other official held at the time, as the engine
    judges a new statement: their latest statement up to it."""
    positioned = [s for s in statements if s.position is not None and s.speaker_id]
    # Keyed by what the line says: several statements of one day with one position against
    # the same held position are one conflict to a reader.
    conflicts: dict[str, Conflict] = {}
    for i, newer in enumerate(positioned):
        held: dict[str, ExplainedStatement] = {}
        for older in positioned[:i]:
            if older.speaker_id != newer.speaker_id:
                assert older.speaker_id is not None
                held[older.speaker_id] = older
        for older in held.values():
            if newer.position != older.position:
                conflict = _conflict(config, topic, topic_id, newer, older)
                conflicts.setdefault(conflict.text, conflict)
    return list(conflicts.values())


def _shifts(
    topic: Topic | None, topic_id: str, statements: Sequence[ExplainedStatement]
) -> list[Conflict]:
    """Each change of position of one official, from one statement to their next."""
    conflicts = []
    last: dict[str, ExplainedStatement] = {}
    for newer in statements:
        if newer.position is None or newer.speaker_id is None:
            continue
        older = last.get(newer.speaker_id)
        if older is not None and older.position != newer.position:
            conflicts.append(_conflict(None, topic, topic_id, newer, older))
        last[newer.speaker_id] = newer
    return conflicts


def _conflict(
    config: Config | None,
    topic: Topic | None,
    topic_id: str,
    newer: ExplainedStatement,
    older: ExplainedStatement,
) -> Conflict:
    assert newer.position is not None and older.position is not None
    opposed = topic is not None and topic.opposes(newer.position, older.position)
    text = (
        f"{newer.speaker_id}: {newer.position} ({newer.when}) vs "
        f"{older.speaker_id}: {older.position} ({older.when}), "
    )
    if topic is None:
        text += f"topic {topic_id} is no longer in the configuration"
    elif opposed:
        text += f"opposed in topic {topic_id}"
    else:
        text += f"not an opposed pair in topic {topic_id} as configured now"
    shared: tuple[str, ...] = ()
    if config is not None and newer.speaker_id and older.speaker_id:
        shared = _shared_groups(config, newer, older)
        if shared:
            text += f"; both in {', '.join(shared)} then"
    return Conflict(newer=newer, older=older, opposed=opposed, shared_groups=shared, text=text)


def _shared_groups(
    config: Config, newer: ExplainedStatement, older: ExplainedStatement
) -> tuple[str, ...]:
    """Groups both belonged to, each when they spoke (the dated membership the engine uses)."""
    first = config.official(newer.speaker_id or "")
    second = config.official(older.speaker_id or "")
    if first is None or second is None:
        return ()
    shared = first.groups_on(newer.date) & second.groups_on(older.date)
    return tuple(sorted(shared & second.groups_on(newer.date)))


def _summary(
    alert: Alert,
    topic_name: str,
    positions: Sequence[tuple[str, str, str, str | None]],
    conflicts: Sequence[Conflict],
) -> str:
    rule = f"Rule {alert.rule_id} ({alert.type})"
    within = f"within {alert.window_days} days"
    who = " and ".join(f"{name} ({position})" for _, name, position, _ in positions)
    if alert.type == "contradiction":
        return f"{rule} fired because {who} took opposed positions on {topic_name} {within}."
    if alert.type != "shift":  # a rule type with no pair to compare
        return f"{rule} fired on {topic_name}: {who}."
    if not conflicts:
        return f"{rule} fired on {topic_name}; no change of position is left in its statements."
    last = conflicts[-1]
    reversal = ", a reversal" if alert.reversal else ""
    return (
        f"{rule} fired because {last.newer.speaker_name} moved from {last.older.position} "
        f"to {last.newer.position} on {topic_name} {within}{reversal}."
    )


# --- output -------------------------------------------------------------------------------


def explanation_to_json(e: Explanation) -> dict[str, Any]:
    """The explanation as plain JSON types."""
    return {
        "id": e.alert_id,
        "type": e.type,
        "revision": e.revision,
        "first_fired_at": e.first_fired_at.isoformat(),
        "updated_at": e.updated_at.isoformat(),
        "confidence": e.confidence,
        "window_days": e.window_days,
        "reversal": e.reversal,
        "channels": list(e.channels),
        "summary": e.summary,
        "rule": {
            "id": e.rule.id,
            "in_config": e.rule.in_config,
            "type": e.rule.type,
            "parameters": dict(e.rule.parameters),
            "defaults": sorted(e.rule.defaults),
            "notes": list(e.rule.notes),
        },
        "topic": {
            "id": e.topic_id,
            "name": e.topic_name,
            "in_config": e.topic_in_config,
            "opposed": [list(pair) for pair in e.opposed],
        },
        "positions": [
            {"official": o, "name": n, "position": p, "label": label}
            for o, n, p, label in e.positions
        ],
        "statements": [_statement_json(s) for s in e.statements],
        "conflicts": [
            {"newer": c.newer.statement_id, "older": c.older.statement_id, "text": c.text}
            for c in e.conflicts
        ],
    }


def _statement_json(s: ExplainedStatement) -> dict[str, Any]:
    return {
        "id": s.statement_id,
        "date": None if s.date is None else s.date.isoformat(),
        "date_precision": s.date_precision,
        "speaker": s.speaker,
        "speaker_id": s.speaker_id,
        "speaker_name": s.speaker_name,
        "source": s.source,
        "outlet": s.outlet,
        "title": s.title,
        "url": s.url,
        "kind": s.kind,
        "text": s.text,
        "position": s.position,
        "position_label": s.position_label,
        "confidence": s.confidence,
        "evidence": list(s.evidence),
        "negated": s.negated,
    }


def render_explanation_text(e: Explanation) -> str:
    """The explanation for a terminal: every statement in full, oldest first."""
    lines = [f"Alert {e.alert_id}: {e.type} on {e.topic_name} ({e.topic_id})", e.summary, ""]
    lines.append(f"Rule: {e.rule.id} (type {e.rule.type})")
    for name, value in e.rule.parameters:
        default = "  (default)" if name in e.rule.defaults else ""
        lines.append(f"  {name}: {_value(value)}{default}")
    lines += [f"  note: {note}" for note in e.rule.notes]
    lines.append("")
    if e.topic_in_config:
        pairs = "; ".join(f"{a} vs {b}" for a, b in e.opposed) or "none"
        lines.append(f"Topic: {e.topic_name} ({e.topic_id}), opposed positions: {pairs}")
    else:
        lines.append(f"Topic: {e.topic_id} is no longer in the configuration")
    for _official, name, position, label in e.positions:
        lines.append(f"  {name}: {position}" + (f" ({label})" if label else ""))
    lines.append("")
    lines.append(
        f"Statements, oldest first ({len(e.statements)}; alert revision {e.revision}, "
        f"first fired {e.first_fired_at:%Y-%m-%d %H:%M} UTC):"
    )
    for s in e.statements:
        title = f"“{s.title}”" if s.title else None
        where = " · ".join(x for x in (title, s.outlet, s.url or s.source) if x)
        lines.append(f"  {s.when}  {s.speaker_name} ({s.speaker_id or 'not linked'}), {s.kind}")
        lines.append(f"      “{s.text}”")
        lines.append(f"      from {where}")
        lines.append(f"      {_decided(s)}")
    if e.type in ("contradiction", "shift"):
        lines.append("")
        lines.append(
            "Why they conflict:" if e.conflicts else "Why they conflict: no pair found now"
        )
        lines += [f"  {c.text}" for c in e.conflicts]
    return "\n".join(lines)


def _decided(s: ExplainedStatement) -> str:
    if s.position is None:
        return "position: none on this topic"
    words = ", ".join(f"“{w}”" for w in s.evidence) or "no words recorded"
    negated = " (negated)" if s.negated else ""
    confidence = f"{s.confidence:.2f}" if s.confidence is not None else "?"
    return f"position: {s.position}, confidence {confidence}, decided by {words}{negated}"


def _value(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) if value else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
