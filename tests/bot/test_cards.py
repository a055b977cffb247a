from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import cast

import pytest

from bot.alerts import Alert
from bot.cards import MAX_WORDS, Card, alert_card, notice_card, stance_card
from bot.queries import Evidence, Opponent, StanceReport
from rules.config import Config
from rules.model import Official, Position, Topic
from rules.records import DatePrecision, FindingType, Severity, Stance, Statement

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
TOPIC = "harbour-tax"


def config() -> Config:
    return Config(
        base_dir=Path("."),
        officials=(
            Official(id="ada", name="Ada Quill", groups=["harbour-council"]),
            Official(id="bo", name="Bo Marsh", groups=["harbour-council"]),
        ),
        topics=(
            Topic(
                id=TOPIC,
                name="Harbour tax",
                match=["levy"],
                positions=[
                    Position(id="support", label="for the new levy"),
                    Position(id="oppose", label="against the new levy"),
                ],
                opposed=[["support", "oppose"]],
            ),
        ),
    )


def said(
    who: str,
    day: date | None,
    position: str | None,
    words: str,
    cues: tuple[str, ...] = (),
    precision: DatePrecision = "day",
) -> Statement:
    stances = (Stance(TOPIC, position, 0.8, cues),) if position else ()
    return Statement(
        article_id=f"{who}-{day}",
        source="Harbour Gazette",
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
        stances=stances,
        url=f"https://gazette.example/{who}/{day}",
    )


def alert(
    kind: str,
    statements: tuple[Statement, ...],
    positions: dict[str, str],
    revision: int = 0,
    severity: Severity = "medium",
) -> Alert:
    return Alert(
        id="A1b2c3d4",
        type=cast(FindingType, kind),
        severity=severity,
        rule_id="harbour-one-voice",
        topic=TOPIC,
        officials=tuple(sorted(positions)),
        positions=tuple(sorted(positions.items())),
        statement_ids=tuple(s.id for s in statements),
        statements=statements,
        confidence=0.82,
        channels=("#alerts",),
        first_fired_at=NOW,
        updated_at=NOW,
        revision=revision,
        window_days=30,
    )


def everything(card: Card) -> str:
    parts = [card.title, card.text, card.footer or "", card.url or ""]
    parts += [f"{f.name}\n{f.value}" for f in card.fields]
    parts += [f"{link.label} {link.url}" for link in card.links]
    return "\n".join(parts)


ADA_OLD = said("ada", date(2024, 1, 5), "support", "We will find the money somehow.", ("money",))
ADA = said("ada", date(2024, 2, 1), "support", "I back the levy for the dredging.", ("back",))
BO = said(
    "bo", date(2024, 1, 1), "oppose", "No levy on our boats.", ("no levy",), precision="month"
)


def test_cards_contradiction_shows_both_sides_with_words_and_positions() -> None:
    card = alert_card(
        alert("contradiction", (BO, ADA_OLD, ADA), {"ada": "support", "bo": "oppose"}), config()
    )
    text = everything(card)
    assert card.kind == "contradiction" and card.color == "red"
    assert card.title == "Contradiction on Harbour tax: Ada Quill vs Bo Marsh"
    sides = {f.name: f.value for f in card.fields}
    assert ADA.text in sides["Ada Quill · support"] and "2024-02-01" in sides["Ada Quill · support"]
    assert ADA.url in sides["Ada Quill · support"]  # type: ignore[operator]
    assert BO.text in sides["Bo Marsh · oppose"] and "Jan 2024" in sides["Bo Marsh · oppose"]
    assert "Ada Quill: support (for the new levy)" in sides["Positions"]
    assert "Bo Marsh: oppose (against the new levy)" in sides["Positions"]
    assert sides["Rule"] == "harbour-one-voice · severity medium · confidence 82%"
    assert "“back”" in sides["Deciding words"] and "“no levy”" in sides["Deciding words"]
    assert ADA_OLD.text not in text  # each side shows its newest statement
    assert "A1b2c3d4" in (card.footer or "")


def test_cards_first_position_names_the_official_position_and_severity() -> None:
    card = alert_card(
        alert("first_position", (ADA,), {"ada": "support"}, severity="high"), config()
    )
    assert card.kind == "first_position"
    assert card.title == "First position on Harbour tax: Ada Quill, support"
    assert "for the first time" in card.text
    fields = {f.name: f.value for f in card.fields}
    assert ADA.text in fields["Ada Quill · support"]
    assert "support (for the new levy)" in fields["Position"]
    assert "severity high" in fields["Rule"]
    assert "“back”" in fields["Deciding words"]


def test_cards_update_is_marked_as_an_update() -> None:
    card = alert_card(
        alert("contradiction", (BO, ADA), {"ada": "support", "bo": "oppose"}, revision=2), config()
    )
    assert card.title.startswith("Update: Contradiction on Harbour tax")
    assert "revision 2" in card.text


def test_cards_shift_shows_before_and_after() -> None:
    turned = said(
        "ada", date(2024, 3, 1), "oppose", "I can no longer support the levy.", ("no longer",)
    )
    card = alert_card(alert("shift", (ADA_OLD, ADA, turned), {"ada": "oppose"}), config())
    fields = {f.name: f.value for f in card.fields}
    assert card.kind == "shift" and card.color == "orange"
    assert card.title == "Shift on Harbour tax: Ada Quill, support → oppose"
    assert ADA.text in fields["Before · support"]
    assert turned.text in fields["After · oppose"]
    assert "After: oppose (against the new levy)" in fields["Positions"]


def test_cards_fall_back_to_ids_without_config_and_shorten_long_words() -> None:
    long_words = "levy " * 200
    card = alert_card(
        alert(
            "contradiction",
            (said("bo", None, "oppose", long_words), ADA),
            {"ada": "support", "bo": "oppose"},
        )
    )
    assert card.title == "Contradiction on harbour-tax: ada vs bo"
    side = next(f.value for f in card.fields if f.name.startswith("bo"))
    quote = side.splitlines()[0]
    assert len(quote) <= MAX_WORDS + 2 and quote.endswith("…”")
    assert "undated" in side


def _evidence(day: date, position: str | None, words: str) -> Evidence:
    return Evidence(
        statement_id=words[:8],
        date=day,
        date_precision="day",
        text=words,
        source="Harbour Gazette",
        url=None,
        kind="direct",
        position=position,
        cues=(),
        negated=False,
    )


@pytest.mark.parametrize("count", [2, 14])
def test_cards_stance_card_shows_position_evidence_and_opponents(count: int) -> None:
    evidence = tuple(
        _evidence(date(2024, 1, 1 + i), "support", f"statement number {i}") for i in range(count)
    )
    bo = _evidence(date(2024, 1, 20), "oppose", "No levy on our boats.")
    report = StanceReport(
        official_id="ada",
        official_name="Ada Quill",
        topic_id=TOPIC,
        topic_name="Harbour tax",
        position="support",
        position_label="for the new levy",
        consistent_since=date(2024, 1, 1),
        latest=evidence[-1],
        evidence=evidence,
        contradicted_by=(Opponent("bo", "Bo Marsh", "oppose", "against the new levy", bo),),
    )
    card = stance_card(report)
    assert card.title == "Ada Quill on Harbour tax"
    assert "support (for the new levy), consistent since 2024-01-01" in card.text
    assert evidence[-1].text in everything(card)
    assert len(card.fields) <= 11
    assert card.fields[-1].name == "Contradicted by Bo Marsh · oppose"
    assert bo.text in card.fields[-1].value
    assert ("Showing the latest" in card.text) == (count > 10)


def test_cards_notice_card() -> None:
    card = notice_card("Unknown official", "did you mean 'ada'?", error=True)
    assert (card.kind, card.color, card.text) == ("error", "red", "did you mean 'ada'?")


def test_cards_are_frozen() -> None:
    card = notice_card("t", "x")
    with pytest.raises(AttributeError):
        card.title = "changed"  # type: ignore[misc]
    assert replace(card, title="changed").title == "changed"


def test_cards_stance_card_says_compactly_why() -> None:
    decided = replace(
        _evidence(date(2024, 1, 2), "support", "We back the levy."),
        cues=("back the levy",),
        confidence=0.85,
    )
    silent = _evidence(date(2024, 1, 3), None, "The quay needs lamps.")
    report = StanceReport(
        official_id="ada",
        official_name="Ada Quill",
        topic_id=TOPIC,
        topic_name="Harbour tax",
        position="support",
        position_label=None,
        consistent_since=date(2024, 1, 2),
        latest=decided,
        evidence=(decided, silent),
        contradicted_by=(),
    )
    card = stance_card(report)
    assert "Why: the newest statement with a position (2024-01-02) reads support" in card.text
    first, second = card.fields
    assert first.value.endswith("decided by “back the levy” (confidence 0.85)")
    assert "decided by" not in second.value
