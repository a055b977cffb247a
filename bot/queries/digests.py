"""``/alerts``: the alerts fired or updated in the last days, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from bot.alerts import Alert, as_utc
from bot.queries.errors import QueryError
from bot.queries.formatting import counted, format_date, format_moment, iso_date
from bot.queries.lookup import (
    lookup_topic,
    official_display_name,
    position_label,
    topic_display_name,
)
from bot.store.abc import Store
from rules.config import Config

MAX_DIGEST_DAYS = 365


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
                "latest_evidence": iso_date(a.latest_evidence),
            }
            for a in d.alerts
        ],
    }


def _days(days: int) -> str:
    return "day" if days == 1 else f"{days} days"
