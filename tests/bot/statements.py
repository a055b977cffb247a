"""The bot tests' builders: an official's words on one topic, and the finding they make."""

from __future__ import annotations

from datetime import date

from rules.records import DatePrecision, Finding, FindingType, Stance, Statement


def said(
    who: str,
    day: date | None,
    position: str | None,
    words: str,
    *,
    topic: str,
    cues: tuple[str, ...] = ("cue",),
    source: str = "Coastal Courier",
    site: str | None = "https://courier.example",
    article_id: str | None = None,
    precision: DatePrecision = "day",
    speaker: str | None = None,
    confidence: float = 0.8,
    negated: bool = False,
) -> Statement:
    """``who`` said ``words`` on ``day``, holding ``position`` on ``topic`` (None: no position).

    Each (who, day) is one article unless ``article_id`` says otherwise; ``site`` gives the
    statement a URL under it (None: no URL); ``precision`` is how much of ``day`` the
    article gave (a month only, say). ``speaker`` is the name as the article wrote it (None:
    ``who``), which need not be the configured name; ``confidence`` and ``negated`` are the
    stance's.
    """
    return Statement(
        article_id=article_id or f"{who}-{day}",
        source=source,
        kind="direct",
        text=words,
        start=0,
        end=len(words),
        speaker=speaker or who,
        speaker_id=who,
        speaker_mention=None,
        cue="said",
        date=day,
        date_precision=precision,
        topics=(topic,),
        stances=(Stance(topic, position, confidence, cues, negated),) if position else (),
        url=f"{site}/{who}/{day}" if site else None,
    )


def finding(
    *statements: Statement,
    type: FindingType = "contradiction",
    rule_id: str = "harbour-one-voice",
    channels: tuple[str, ...] = ("#alerts",),
    window_days: int = 60,
) -> Finding:
    """What ``rule_id`` makes of ``statements`` (all on one topic, each with a position).

    Each speaker counts with the position of their last statement given, as a rule that
    looks at the newest words would count them; the officials are those speakers.
    """
    positions = {s.speaker_id or "": s.stances[0].position for s in statements}
    return Finding(
        type=type,
        rule_id=rule_id,
        topic=statements[0].topics[0],
        officials=tuple(sorted(positions)),
        positions=tuple(sorted(positions.items())),
        statements=statements,
        confidence=0.7,
        channels=channels,
        window_days=window_days,
    )
