"""The comparison engine: new statements against what was said before.

Pure functions: handed a new statement, the earlier statements on its topics and the
configuration, they return findings. Each alert rule ``type`` names an evaluator in
``EVALUATORS``; the loader accepts exactly the names registered in
``rules.registry.RULE_TYPES``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rules.config import Config
from rules.model import AlertRule, Topic
from rules.records import Finding, Stance, Statement
from rules.registry import Registry


@dataclass(frozen=True)
class Positioned:
    """A statement together with its stance on the topic being judged."""

    statement: Statement
    stance: Stance

    @property
    def official(self) -> str:
        assert self.statement.speaker_id is not None
        return self.statement.speaker_id

    @property
    def day(self) -> date | None:
        return self.statement.date


Evaluator = Callable[[Positioned, Sequence[Positioned], AlertRule, Topic, Config], list[Finding]]
EVALUATORS: Registry[Evaluator] = Registry("rule type")


def evaluate(new: Statement, history: Iterable[Statement], config: Config) -> list[Finding]:
    """Findings that ``new`` gives rise to, judged against ``history`` (any order)."""
    findings: list[Finding] = []
    if new.speaker_id is None:
        return findings
    earlier = [s for s in history if s.id != new.id and s.speaker_id is not None]
    for rule in config.rules:
        if not rule.enabled:
            continue
        evaluator = EVALUATORS.get(rule.type)
        for stance in new.stances:
            topic = config.topic(stance.topic)
            if topic is None or not _rule_covers(rule, stance, new.speaker_id):
                continue
            others = [
                Positioned(s, st)
                for s in earlier
                if (st := s.stance_on(topic.id)) is not None
                and st.confidence >= rule.min_confidence
            ]
            findings.extend(evaluator(Positioned(new, stance), others, rule, topic, config))
    return findings


def _rule_covers(rule: AlertRule, stance: Stance, official: str) -> bool:
    if stance.confidence < rule.min_confidence:
        return False
    if rule.topics and stance.topic not in rule.topics:
        return False
    return not (rule.scope == "official" and rule.officials and official not in rule.officials)


def _days_apart(a: date | None, b: date | None) -> int:
    if a is None or b is None:
        return 0
    return abs((a - b).days)


def _order(p: Positioned) -> tuple[date, int]:
    return (p.day or date.min, p.statement.start)


def _finding(
    kind: str, rule: AlertRule, topic: Topic, sides: Sequence[Positioned], *, reversal: bool = False
) -> Finding:
    ordered = sorted(sides, key=_order)
    latest = {p.official: p.stance.position for p in ordered}
    return Finding(
        type=kind,  # type: ignore[arg-type]
        rule_id=rule.id,
        topic=topic.id,
        officials=tuple(sorted(latest)),
        positions=tuple(sorted(latest.items())),
        statements=tuple(p.statement for p in ordered),
        confidence=round(min(p.stance.confidence for p in ordered), 2),
        channels=tuple(rule.channels),
        window_days=rule.window_days,
        reversal=reversal,
    )


def shift(
    new: Positioned, others: Sequence[Positioned], rule: AlertRule, topic: Topic, config: Config
) -> list[Finding]:
    """The official's position differs from the one just before or just after it in time.

    Articles arrive out of order ("last month he said ..."), so the new statement is
    placed in the official's timeline and compared with both neighbours.
    """
    own = sorted(
        (
            p
            for p in others
            if p.official == new.official and _days_apart(p.day, new.day) <= rule.window_days
        ),
        key=_order,
    )
    before = [p for p in own if _order(p) <= _order(new)]
    after = [p for p in own if _order(p) > _order(new)]
    findings = []
    for neighbour in (before[-1] if before else None, after[0] if after else None):
        if neighbour is not None and neighbour.stance.position != new.stance.position:
            reversal = topic.opposes(neighbour.stance.position, new.stance.position)
            findings.append(_finding("shift", rule, topic, [neighbour, new], reversal=reversal))
    return findings


def contradiction(
    new: Positioned, others: Sequence[Positioned], rule: AlertRule, topic: Topic, config: Config
) -> list[Finding]:
    """Another official in scope holds the opposed position within the window.

    What another official "holds" is their latest statement up to the new one (or, for
    a statement reported late, their first one after it), so someone who has since
    changed their mind is judged by what they said last.
    """
    by_official: dict[str, list[Positioned]] = {}
    for p in others:
        if p.official != new.official and _days_apart(p.day, new.day) <= rule.window_days:
            by_official.setdefault(p.official, []).append(p)
    findings = []
    for _official, statements in sorted(by_official.items()):
        held = _held_at(statements, new)
        if not topic.opposes(held.stance.position, new.stance.position):
            continue
        if _in_scope(rule, config, new, held):
            findings.append(_finding("contradiction", rule, topic, [held, new]))
    return findings


def _held_at(statements: Sequence[Positioned], new: Positioned) -> Positioned:
    ordered = sorted(statements, key=_order)
    before = [p for p in ordered if _order(p) <= _order(new)]
    return before[-1] if before else ordered[0]


def _in_scope(rule: AlertRule, config: Config, new: Positioned, held: Positioned) -> bool:
    """Whether a rule compares these two officials.

    Group scope uses dated membership: each official must belong to a shared group
    when they spoke, and the other one still on the day of the new statement, so
    words said before joining a team, or by someone who has left it, never contradict it.
    """
    if rule.officials and not {new.official, held.official} <= set(rule.officials):
        return False
    if rule.scope == "any":
        return True
    if rule.scope == "official":
        return bool(rule.officials)
    first, second = config.official(new.official), config.official(held.official)
    if first is None or second is None:
        return False
    shared = first.groups_on(new.day) & second.groups_on(held.day) & second.groups_on(new.day)
    if rule.groups:
        shared &= set(rule.groups)
    return bool(shared)


EVALUATORS.register("shift", shift)
EVALUATORS.register("contradiction", contradiction)
