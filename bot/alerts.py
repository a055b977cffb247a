"""Alerts: a Finding made durable, deduplicated per (type, topic, officials) within a window.

The rules engine may report the same conflict again on every new article. The AlertBook turns
that stream of findings into one alert per conflict that is *updated* (revision + 1) while new
evidence keeps arriving within the rule's window, and a fresh alert once the window has passed.
Every first firing or update enqueues one outbox delivery per channel, in the same transaction
as the alert itself, so an alert is never stored without the messages that announce it.

A rule's ``cooldown_hours`` spaces out the updates: an update inside the cooldown is recorded at
once but its deliveries are due only when the cooldown has passed, and further updates in the
meantime join that same slot. The outbox posts only the newest revision of an alert, so the
evidence of the whole cooldown goes out as one update.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from bot.subscriptions import subscribed_channels
from rules.records import SEVERITIES, Finding, FindingType, Severity, Statement

if TYPE_CHECKING:
    from bot.store.abc import Store, Subscription
    from rules.config import Config

AlertKey = tuple[str, str, tuple[str, ...]]


@dataclass(frozen=True)
class Alert:
    """One finding, as announced (revision 0) and updated since.

    ``due_at`` is when the current revision's messages are due: ``updated_at``, or later
    while a cooldown holds an update back (None for alerts stored before cooldowns existed).
    """

    id: str
    type: FindingType
    rule_id: str
    topic: str
    officials: tuple[str, ...]
    positions: tuple[tuple[str, str], ...]
    statement_ids: tuple[str, ...]
    statements: tuple[Statement, ...]
    confidence: float
    channels: tuple[str, ...]
    first_fired_at: datetime
    updated_at: datetime
    revision: int
    window_days: int
    reversal: bool = False
    severity: Severity = "medium"
    due_at: datetime | None = None

    @property
    def key(self) -> AlertKey:
        return (self.type, self.topic, self.officials)

    @property
    def position_map(self) -> dict[str, str]:
        return dict(self.positions)

    @property
    def latest_evidence(self) -> date | None:
        """The newest statement date; the dedup window is measured from it."""
        return latest_date(self.statements)


@dataclass(frozen=True)
class AlertEvent:
    """What ``AlertBook.record`` did: a new alert, or an update bringing ``new_statements``."""

    alert: Alert
    updated: bool
    new_statements: tuple[Statement, ...]


def latest_date(statements: Iterable[Statement]) -> date | None:
    dates = [s.date for s in statements if s.date is not None]
    return max(dates) if dates else None


def key_string(key: AlertKey) -> str:
    """A flat, stable form of an alert key, for storage and indexing."""
    kind, topic, officials = key
    return "|".join((kind, topic, ",".join(officials)))


def alert_id(key: AlertKey, first_fired_at: datetime, statement_ids: Iterable[str]) -> str:
    """A short id users can type, stable for the same first firing.

    The first statements are part of the hash because a replay with a fixed clock can fire two
    alerts of one key at the same instant (evidence years apart, so outside each other's window).
    """
    raw = "\x1f".join((key_string(key), as_utc(first_fired_at).isoformat(), *sorted(statement_ids)))
    return "A" + hashlib.sha256(raw.encode()).hexdigest()[:8]


def evidence_order(statements: Iterable[Statement]) -> tuple[Statement, ...]:
    """Dated statements by date, undated ones last; ties keep their given order."""
    return tuple(sorted(statements, key=lambda s: (s.date is None, s.date or date.min)))


class AlertBook:
    """Records findings as alerts in a store, deduplicating by key and window.

    ``default_channels`` (the settings' ``default_channels``) is used for findings whose rule
    names no channels. Channels subscribed to the finding's topic, one of its officials or
    one of their groups (``/subscribe``; ``config`` gives the dated group memberships) get
    it as well.
    """

    def __init__(
        self,
        store: Store,
        default_channels: Sequence[str] = (),
        *,
        config: Config | None = None,
    ) -> None:
        self._store = store
        self._default_channels = tuple(default_channels)
        self._config = config

    def _channels(self, finding: Finding, subscriptions: Sequence[Subscription]) -> tuple[str, ...]:
        subscribed = subscribed_channels(subscriptions, finding, self._config)
        return tuple(dict.fromkeys((*(finding.channels or self._default_channels), *subscribed)))

    def record(self, finding: Finding, now: datetime) -> AlertEvent | None:
        """Create or update the alert for ``finding``; None when it adds nothing new."""
        return self._record(finding, now, self._store.subscriptions())

    def record_all(
        self, findings: Iterable[Finding], clock: Callable[[], datetime]
    ) -> list[AlertEvent]:
        """``record`` each of one article's findings, at the clock's time as each is recorded,
        and return the events of those that added something.

        The subscriptions are read once for the batch, not per finding: a ``/subscribe``
        made meanwhile counts from the next batch, that is the next article.
        """
        subscriptions = self._store.subscriptions()
        return [
            event
            for finding in findings
            if (event := self._record(finding, clock(), subscriptions)) is not None
        ]

    def _record(
        self, finding: Finding, now: datetime, subscriptions: Sequence[Subscription]
    ) -> AlertEvent | None:
        now = as_utc(now)
        newest = latest_date(finding.statements)
        since = newest - timedelta(days=finding.window_days) if newest is not None else None
        existing = self._store.find_alert(finding.key, latest_evidence_since=since)
        channels = self._channels(finding, subscriptions)
        if existing is None:
            alert = _new_alert(finding, now, channels)
            self._store.save_alert(alert, deliver_to=alert.channels)
            return AlertEvent(alert=alert, updated=False, new_statements=alert.statements)

        known = set(existing.statement_ids)
        fresh = _unique(s for s in finding.statements if s.id not in known)
        if not fresh:
            return None
        statements = evidence_order((*existing.statements, *fresh))
        due = update_due(existing, now, finding.cooldown_hours, posted=self._posted(existing))
        alert = replace(
            existing,
            rule_id=finding.rule_id,
            # Positions and confidence describe the conflict as it stands now: the newest wins.
            positions=tuple(sorted({**existing.position_map, **finding.position_map}.items())),
            statement_ids=tuple(s.id for s in statements),
            statements=statements,
            confidence=finding.confidence,
            # Channels that already carry the alert keep getting its updates.
            channels=tuple(dict.fromkeys((*existing.channels, *channels))),
            updated_at=now,
            revision=existing.revision + 1,
            window_days=finding.window_days,
            reversal=existing.reversal or finding.reversal,
            # Two rules can find the same conflict: the alert matters as much as the graver.
            severity=max(existing.severity, finding.severity, key=SEVERITIES.index),
            due_at=due,
        )
        self._store.save_alert(alert, deliver_to=alert.channels)
        return AlertEvent(alert=alert, updated=True, new_statements=fresh)

    def _posted(self, alert: Alert) -> bool:
        """Whether the alert's current revision has gone out to any channel yet."""
        return any(
            d.revision == alert.revision and d.status == "delivered"
            for d in self._store.list_deliveries(alert.id)
        )


def update_due(existing: Alert, now: datetime, cooldown_hours: float, *, posted: bool) -> datetime:
    """When an update recorded at ``now`` may be posted.

    Without a cooldown: at once. With one, the cooldown runs from when the previous
    revision was due, if that revision has been ``posted``. If it has not gone out yet
    (held back by the cooldown, or recorded in the same poll), the update joins it: the
    outbox posts only the newest revision, so both go out together as one message, and
    a first announcement is never held back.
    """
    if cooldown_hours <= 0:
        return now
    previous = as_utc(existing.due_at or existing.updated_at)
    if not posted:
        return max(now, previous)
    return max(now, previous + timedelta(hours=cooldown_hours))


def _new_alert(finding: Finding, now: datetime, channels: Sequence[str]) -> Alert:
    statements = evidence_order(_unique(finding.statements))
    ids = tuple(s.id for s in statements)
    return Alert(
        id=alert_id(finding.key, now, ids),
        type=finding.type,
        rule_id=finding.rule_id,
        topic=finding.topic,
        officials=finding.officials,
        positions=tuple(sorted(finding.position_map.items())),
        statement_ids=ids,
        statements=statements,
        confidence=finding.confidence,
        channels=tuple(dict.fromkeys(channels)),
        first_fired_at=now,
        updated_at=now,
        revision=0,
        window_days=finding.window_days,
        reversal=finding.reversal,
        severity=finding.severity,
        due_at=now,
    )


def _unique(statements: Iterable[Statement]) -> tuple[Statement, ...]:
    """First occurrence of each statement id, in the given order."""
    seen: dict[str, Statement] = {}
    for statement in statements:
        seen.setdefault(statement.id, statement)
    return tuple(seen.values())


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC already (what the store assumes too)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
