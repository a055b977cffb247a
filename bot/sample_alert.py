"""The alert ``stancewatch send-test-alert`` sends to check a chat set-up end to end.

Its statements carry the text a hostile article could: mass mentions, a role and a user
mention in Discord's and Slack's syntax, and markdown. A correct set-up shows them as
plain words and notifies nobody.
"""

from __future__ import annotations

from datetime import date, datetime

from bot.alerts import Alert, alert_id, evidence_order
from rules.records import Stance, Statement

SAMPLE_TOPIC = "stancewatch-test"
SAMPLE_RULE = "send-test-alert"
HOSTILE_TEXT = (
    "@everyone @here <@&123456789012345678> <!channel> <!here> <@U123> "
    "**bold** _leaning_ ~~struck~~ `code` > quoted & <b>tags</b>"
)


def sample_alert(now: datetime, channel: str) -> Alert:
    """A contradiction between two made-up officials, to be delivered to ``channel``."""
    talks = _said(
        "sample-a",
        "Avery Sample (sample official)",
        f"We are ready to talk, and I want {HOSTILE_TEXT} to hear it.",
        "for",
        date(2020, 1, 2),
    )
    no_talks = _said(
        "sample-b",
        "Blair Sample (sample official)",
        "Talking now would be a waste of time.",
        "against",
        date(2020, 1, 3),
    )
    statements = evidence_order((talks, no_talks))
    key = ("contradiction", SAMPLE_TOPIC, ("sample-a", "sample-b"))
    return Alert(
        id=alert_id(key, now, [s.id for s in statements]),
        type="contradiction",
        rule_id=SAMPLE_RULE,
        topic=SAMPLE_TOPIC,
        officials=key[2],
        positions=(("sample-a", "for"), ("sample-b", "against")),
        statement_ids=tuple(s.id for s in statements),
        statements=statements,
        confidence=0.9,
        channels=(channel,),
        first_fired_at=now,
        updated_at=now,
        revision=0,
        window_days=30,
        due_at=now,
    )


def _said(official: str, name: str, text: str, position: str, day: date) -> Statement:
    return Statement(
        article_id=f"stancewatch-test-{official}",
        source="stancewatch test alert",
        kind="direct",
        text=text,
        start=0,
        end=len(text),
        speaker=name,
        speaker_id=official,
        speaker_mention=None,
        cue="said",
        date=day,
        topics=(SAMPLE_TOPIC,),
        stances=(Stance(SAMPLE_TOPIC, position, 0.9, ("talk",)),),
        url="https://example.org/stancewatch-test-alert",
    )
