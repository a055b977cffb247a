"""Domain records produced by ``rules``: statements, their stances, and findings."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

StatementKind = Literal["direct", "mixed", "indirect"]
DatePrecision = Literal["day", "month"]
FindingType = Literal["shift", "contradiction", "first_position"]
Severity = Literal["low", "medium", "high", "critical"]
SEVERITIES: tuple[Severity, ...] = ("low", "medium", "high", "critical")  # in rising order


# The most confident a stance can be; a rule asking for more can never fire.
MAX_CONFIDENCE = 0.99


@dataclass(frozen=True)
class Stance:
    """A statement's position on one topic, and the words that decided it."""

    topic: str
    position: str
    confidence: float
    evidence: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class Statement:
    """Words attributed to a speaker in one article.

    ``start``/``end`` are offsets of the content in the article text;
    ``speaker_mention`` is the span the attribution rests on (may be a pronoun).
    """

    article_id: str
    source: str
    kind: StatementKind
    text: str
    start: int
    end: int
    speaker: str | None
    speaker_id: str | None
    speaker_mention: tuple[int, int] | None
    cue: str | None
    date: date | None
    date_precision: DatePrecision = "day"
    topics: tuple[str, ...] = ()
    stances: tuple[Stance, ...] = ()
    url: str | None = None
    # Who said it together with ``speaker`` ("Okafor and Ferreira said ..."): each as
    # (display name, official id or None), in the order the text names them. The first
    # speaker stays in ``speaker`` so a joint statement is filed once, under its id.
    co_speakers: tuple[tuple[str, str | None], ...] = ()
    # Set on the copy of a joint statement filed for a co-speaker (see ``per_speaker``):
    # the id of the statement as extracted, which the copy's own id is derived from.
    joint_of: str | None = None

    @property
    def id(self) -> str:
        if self.joint_of is not None:
            raw = f"{self.joint_of}\x1f{self.speaker_id or self.speaker or ''}"
        else:
            raw = f"{self.article_id}\x1f{self.start}\x1f{self.end}"
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def per_speaker(self) -> tuple[Statement, ...]:
        """The statement as filed: once for its speaker, and once more for each configured
        official among its co-speakers ("Okafor and Ferreira said ..." counts for both),
        each copy under an id derived from this one and naming the others as co-speakers."""
        if self.joint_of is not None:
            return (self,)
        speakers = ((self.speaker, self.speaker_id), *self.co_speakers)
        copies = [self]
        filed = {self.speaker_id}
        for name, official_id in self.co_speakers:
            if official_id is None or official_id in filed:
                continue
            filed.add(official_id)
            others = tuple(
                (n, o) for n, o in speakers if (n, o) != (name, official_id) and n is not None
            )
            copies.append(
                replace(
                    self,
                    speaker=name,
                    speaker_id=official_id,
                    speaker_mention=None,
                    co_speakers=others,
                    joint_of=self.id,
                )
            )
        return tuple(copies)

    @property
    def all_topics(self) -> tuple[str, ...]:
        """The topics the statement is about: those it lists, then any it only has a stance on."""
        return tuple(dict.fromkeys((*self.topics, *(s.topic for s in self.stances))))

    def stance_on(self, topic: str) -> Stance | None:
        for stance in self.stances:
            if stance.topic == topic:
                return stance
        return None


@dataclass(frozen=True)
class Finding:
    """Something an alert rule noticed, with the statements that justify it.

    ``officials`` is sorted so that the same pair always gives the same key.
    ``positions`` pairs each official id with the position that counted.
    ``severity``, ``cooldown_hours`` and ``channels`` are the rule's, carried to the alert.
    """

    type: FindingType
    rule_id: str
    topic: str
    officials: tuple[str, ...]
    positions: tuple[tuple[str, str], ...]
    statements: tuple[Statement, ...]
    confidence: float
    channels: tuple[str, ...]
    window_days: int
    reversal: bool = False
    severity: Severity = "medium"
    cooldown_hours: float = 0

    @property
    def key(self) -> tuple[str, str, tuple[str, ...]]:
        return (self.type, self.topic, self.officials)

    @property
    def position_map(self) -> dict[str, str]:
        return dict(self.positions)
