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
from rules.model import AlertRule, Official, Topic
from rules.records import Finding, FindingType, Stance, Statement
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
            if topic is None or not _rule_covers(rule, stance):
                continue
            here = Positioned(new, stance)
            if not in_view(rule, config, here.official, here.day):
                continue
            others = [
                Positioned(s, st)
                for s in earlier
                if (st := s.stance_on(topic.id)) is not None
                and st.confidence >= rule.min_confidence
            ]
            findings.extend(evaluator(here, others, rule, topic, config))
    return findings


def _rule_covers(rule: AlertRule, stance: Stance) -> bool:
    if stance.confidence < rule.min_confidence:
        return False
    return not (rule.topics and stance.topic not in rule.topics)


def in_view(rule: AlertRule, config: Config, official_id: str, day: date | None) -> bool:
    """Whether a statement by ``official_id`` on ``day`` passes the rule's filters.

    Groups and roles are dated, so the same official is in view on one day and out of it
    on another: words said before joining a team, or after leaving it, are not the team's.
    """
    if rule.officials and official_id not in rule.officials:
        return False
    if not (rule.groups or rule.roles):
        return True
    official = config.official(official_id)
    if official is None:
        return False
    if rule.groups and not official.groups_on(day) & set(rule.groups):
        return False
    return not rule.roles or holds_role(official, rule.roles, day)


def holds_role(official: Official, titles: Sequence[str], day: date | None) -> bool:
    """Whether ``official`` holds one of ``titles`` (a role's title or alias) on ``day``."""
    wanted = {role_key(t) for t in titles}
    return any(
        role.active_on(day) and wanted & {role_key(p) for p in role.phrases}
        for role in official.roles
    )


def role_key(title: str) -> str:
    """Role titles compare without regard to case or spacing: "Secretary of  State"."""
    return " ".join(title.casefold().split())


def _days_apart(a: date | None, b: date | None) -> int:
    if a is None or b is None:
        return 0
    return abs((a - b).days)


def _order(p: Positioned) -> tuple[date, int]:
    return (p.day or date.min, p.statement.start)


def _finding(
    kind: FindingType,
    rule: AlertRule,
    topic: Topic,
    sides: Sequence[Positioned],
    *,
    reversal: bool = False,
) -> Finding:
    ordered = sorted(sides, key=_order)
    latest = {p.official: p.stance.position for p in ordered}
    return Finding(
        type=kind,
        rule_id=rule.id,
        topic=topic.id,
        officials=tuple(sorted(latest)),
        positions=tuple(sorted(latest.items())),
        statements=tuple(p.statement for p in ordered),
        confidence=round(min(p.stance.confidence for p in ordered), 2),
        channels=tuple(rule.channels),
        window_days=rule.window_days,
        reversal=reversal,
        severity=rule.severity,
        cooldown_hours=rule.cooldown_hours,
    )


def shift(
    new: Positioned, others: Sequence[Positioned], rule: AlertRule, topic: Topic, config: Config
) -> list[Finding]:
    """The official's position differs from the one just before or just after it in time.

    Articles arrive out of order ("last month he said ..."), so the new statement is
    placed in the official's timeline and compared with both neighbours. Only statements
    in the rule's view count: a minister's words from before joining the cabinet are not
    a cabinet member's shift. With ``reversal: true`` only a move between opposed
    positions fires.
    """
    own = sorted(
        (
            p
            for p in others
            if p.official == new.official
            and _days_apart(p.day, new.day) <= rule.window_days
            and in_view(rule, config, p.official, p.day)
        ),
        key=_order,
    )
    before = [p for p in own if _order(p) <= _order(new)]
    after = [p for p in own if _order(p) > _order(new)]
    findings = []
    for neighbour in (before[-1] if before else None, after[0] if after else None):
        if neighbour is None or neighbour.stance.position == new.stance.position:
            continue
        reversal = topic.opposes(neighbour.stance.position, new.stance.position)
        if rule.reversal and not reversal:
            continue
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


def first_position(
    new: Positioned, others: Sequence[Positioned], rule: AlertRule, topic: Topic, config: Config
) -> list[Finding]:
    """The official takes a position on the topic for the first time ever.

    "Ever" is the whole stored history, not the rule's window, and statements outside the
    rule's view count too: someone who spoke on the topic before joining a team has a
    position already, and an article reporting an older statement late never makes a
    second "first". ``min_confidence`` still applies: a stance too unsure for the rule is
    no position to it.
    """
    if any(p.official == new.official for p in others):
        return []
    return [_finding("first_position", rule, topic, [new])]


def _held_at(statements: Sequence[Positioned], new: Positioned) -> Positioned:
    ordered = sorted(statements, key=_order)
    before = [p for p in ordered if _order(p) <= _order(new)]
    return before[-1] if before else ordered[0]


def _in_scope(rule: AlertRule, config: Config, new: Positioned, held: Positioned) -> bool:
    """Whether a rule compares these two officials.

    The other official must pass the rule's filters when they spoke and still on the day
    of the new statement, so someone who has left a team (or a role) no longer speaks for
    it. Group scope uses dated membership the same way: each official must belong to a
    shared group when they spoke, and the other one still on the day of the new statement.
    """
    if not (
        in_view(rule, config, held.official, held.day)
        and in_view(rule, config, held.official, new.day)
    ):
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
EVALUATORS.register("first_position", first_position)
