"""One builder of stored statements for the bot tests: an official's words on one topic."""

from __future__ import annotations

from datetime import date

from rules.records import DatePrecision, Stance, Statement


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
) -> Statement:
    """``who`` said ``words`` on ``day``, holding ``position`` on ``topic`` (None: no position).

    Each (who, day) is one article unless ``article_id`` says otherwise; ``site`` gives the
    statement a URL under it (None: no URL); ``precision`` is how much of ``day`` the
    article gave (a month only, say).
    """
    return Statement(
        article_id=article_id or f"{who}-{day}",
        source=source,
        kind="direct",
        text=words,
        start=0,
        end=len(words),
        speaker=who,
        speaker_id=who,
        speaker_mention=None,
        cue="said",
        date=day,
        date_precision=precision,
        topics=(topic,),
        stances=(Stance(topic, position, 0.8, cues),) if position else (),
        url=f"{site}/{who}/{day}" if site else None,
    )
