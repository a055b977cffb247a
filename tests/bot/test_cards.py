from __future__ import annotations

import functools
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.alerts import Alert
from bot.cards import (
    MAX_WORDS,
    Card,
    alert_card,
    alerts_card,
    compare_card,
    notice_card,
    stance_card,
    timeline_card,
)
from bot.queries import (
    AlertDigest,
    AlertLine,
    Comparison,
    Evidence,
    Opponent,
    Reading,
    Relation,
    Side,
    StanceReport,
    Timeline,
    TimelineEntry,
    TopicSummary,
)
from rules.config import Config
from rules.model import Official, Position, Topic
from rules.records import FindingType, Severity, Statement
from tests.bot.statements import finding
from tests.bot.statements import said as said_on

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


# Cues are given where a test needs them.
said = functools.partial(
    said_on, topic=TOPIC, cues=(), source="Harbour Gazette", site="https://gazette.example"
)


def alert(
    kind: FindingType,
    statements: tuple[Statement, ...],
    revision: int = 0,
    severity: Severity = "medium",
) -> Alert:
    """The alert the finding of ``statements`` fired: each official at their last position."""
    found = finding(*statements, type=kind)
    return Alert(
        id="A1b2c3d4",
        type=found.type,
        severity=severity,
        rule_id=found.rule_id,
        topic=found.topic,
        officials=found.officials,
        positions=found.positions,
        statement_ids=tuple(s.id for s in statements),
        statements=statements,
        confidence=0.82,
        channels=found.channels,
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


ADA_OLD = said(
    "ada", date(2024, 1, 5), "support", "We will find the money somehow.", cues=("money",)
)
ADA = said("ada", date(2024, 2, 1), "support", "I back the levy for the dredging.", cues=("back",))
BO = said(
    "bo", date(2024, 1, 1), "oppose", "No levy on our boats.", cues=("no levy",), precision="month"
)


def test_cards_contradiction_shows_both_sides_with_words_and_positions() -> None:
    card = alert_card(alert("contradiction", (BO, ADA_OLD, ADA)), config())
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
    card = alert_card(alert("first_position", (ADA,), severity="high"), config())
    assert card.kind == "first_position"
    assert card.title == "First position on Harbour tax: Ada Quill, support"
    assert "for the first time" in card.text
    fields = {f.name: f.value for f in card.fields}
    assert ADA.text in fields["Ada Quill · support"]
    assert "support (for the new levy)" in fields["Position"]
    assert "severity high" in fields["Rule"]
    assert "“back”" in fields["Deciding words"]


def test_cards_update_is_marked_as_an_update() -> None:
    card = alert_card(alert("contradiction", (BO, ADA), revision=2), config())
    assert card.title.startswith("Update: Contradiction on Harbour tax")
    assert "revision 2" in card.text


def test_cards_shift_shows_before_and_after() -> None:
    turned = said(
        "ada", date(2024, 3, 1), "oppose", "I can no longer support the levy.", cues=("no longer",)
    )
    card = alert_card(alert("shift", (ADA_OLD, ADA, turned)), config())
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


# --- timeline, compare and alerts cards -----------------------------------------------------

LONG_URL = "https://gazette.example/" + "section/" * 12 + "a-rather-long-article-slug.html"


def within_platform_limits(card: Card) -> None:
    """Discord's limits (the tightest): 25 fields, 256/1024 per field name/value, 6000 in all."""
    assert len(card.fields) <= 25
    assert all(len(f.name) <= 256 and len(f.value) <= 1024 for f in card.fields)
    total = len(card.title) + len(card.text) + len(card.footer or "")
    total += sum(len(f.name) + len(f.value) for f in card.fields)
    assert total <= 6000
    assert len(card.text) <= 3000  # one Slack text block


def entry(
    day: int, position: str | None, changed_from: str | None = None, words: str = ""
) -> TimelineEntry:
    return TimelineEntry(
        statement_id=f"s{day}",
        date=date(2024, 1, 1) + timedelta(days=day),
        date_precision="day",
        text=words or f"statement of day {day}",
        source="Harbour Gazette",
        url=f"https://gazette.example/{day}",
        kind="direct",
        readings=(Reading(TOPIC, "Harbour tax", position, None, (), False, 0.8, changed_from),),
    )


def ada_timeline(entries: tuple[TimelineEntry, ...], topic: str | None = TOPIC) -> Timeline:
    return Timeline(
        official_id="ada",
        official_name="Ada Quill",
        topic_id=topic,
        topic_name="Harbour tax" if topic else None,
        entries=entries,
        topics=(
            TopicSummary(
                TOPIC,
                "Harbour tax",
                len(entries),
                "support",
                None,
                date(2024, 1, 2),
                1,
                date(2024, 1, 1),
                date(2024, 1, 1),
            ),
        )
        if entries
        else (),
    )


def test_cards_timeline_card_marks_changes_oldest_first() -> None:
    card = timeline_card(
        ada_timeline((entry(0, "oppose"), entry(1, "support", "oppose"), entry(2, None)))
    )
    assert card.kind == "timeline" and card.title == "Ada Quill: timeline on Harbour tax"
    assert [f.name for f in card.fields] == [
        "Position",
        "2024-01-01 · oppose",
        "2024-01-02 · oppose → support",
        "2024-01-03 · no position",
    ]
    assert "Harbour tax (harbour-tax): support since 2024-01-02" in card.fields[0].value
    assert "statement of day 1" in card.fields[2].value
    assert "1 change of position" in card.text and "Showing" not in card.text
    assert card.footer == "/timeline ada harbour-tax"
    assert card.url == "https://gazette.example/2"


def test_cards_timeline_card_of_every_topic_names_the_topic_per_statement() -> None:
    card = timeline_card(ada_timeline((entry(0, "oppose"),), topic=None))
    assert card.title == "Ada Quill: timeline"
    assert [f.name for f in card.fields] == ["Topics", "2024-01-01 · harbour-tax: oppose"]
    assert card.footer == "/timeline ada"


def test_cards_timeline_card_shows_the_newest_and_counts_the_rest() -> None:
    long_words = "The harbour levy, said at length. " * 30
    entries = tuple(
        replace(entry(day, "support", words=long_words), url=LONG_URL) for day in range(37)
    )
    card = timeline_card(ada_timeline(entries))
    within_platform_limits(card)
    shown = card.fields[1:]
    assert shown[-1].name.startswith("2024-02-06")  # day 36, the newest
    assert f"Showing the latest {len(shown)} of 37 statements ({37 - len(shown)} more)." in (
        card.text
    )
    assert 5 <= len(shown) <= 10


def test_cards_timeline_card_when_nothing_is_stored() -> None:
    card = timeline_card(ada_timeline(()))
    assert card.kind == "timeline" and card.fields == ()
    assert card.text == "No statements of Ada Quill on Harbour tax are stored."


def side(official: str, name: str, position: str | None, words: str = "") -> Side:
    latest = _evidence(date(2024, 2, 1), position, words) if position else None
    return Side(official, name, position, None, date(2024, 1, 1) if position else None, latest, 3)


@pytest.mark.parametrize(
    ("relation", "color", "sentence"),
    [
        ("opposed", "red", "Ada Quill (support) and Bo Marsh (oppose) hold opposed positions"),
        ("differ", "orange", "differ on Harbour tax, but the topic does not count"),
    ],
)
def test_cards_compare_card_shows_both_sides_and_the_verdict(
    relation: Relation, color: str, sentence: str
) -> None:
    c = Comparison(
        topic_id=TOPIC,
        topic_name="Harbour tax",
        first=side("ada", "Ada Quill", "support", "We back the levy."),
        second=side("bo", "Bo Marsh", "oppose", "No levy on our boats."),
        relation=relation,
        shared_on=date(2024, 2, 1),
        shared_groups=(("harbour-council", "Harbour council"),),
    )
    card = compare_card(c)
    within_platform_limits(card)
    assert (card.kind, card.color) == ("comparison", color)
    assert card.title == "Ada Quill vs Bo Marsh on Harbour tax"
    assert sentence in card.text
    fields = {f.name: f.value for f in card.fields}
    assert "We back the levy." in fields["Ada Quill · support"]
    assert "No levy on our boats." in fields["Bo Marsh · oppose"]
    assert fields["Groups"] == "Both were in Harbour council on 2024-02-01."
    assert card.footer == "/compare ada bo harbour-tax"


def test_cards_compare_card_when_one_side_has_no_position() -> None:
    c = Comparison(
        topic_id=TOPIC,
        topic_name="Harbour tax",
        first=side("ada", "Ada Quill", "support", "We back the levy."),
        second=side("bo", "Bo Marsh", None),
        relation="one_unknown",
        shared_on=date(2024, 2, 1),
        shared_groups=(),
    )
    card = compare_card(c)
    fields = {f.name: f.value for f in card.fields}
    assert fields["Bo Marsh · no position"] == "None of 3 statements on the topic takes a position."
    assert "Only Ada Quill has a position" in card.text and card.color == "grey"
    assert fields["Groups"] == "They shared no group on 2024-02-01."


def digest(count: int, topic: str | None = TOPIC, days: int = 7) -> AlertDigest:
    lines = tuple(
        AlertLine(
            alert_id=f"A{n:08x}",
            type="contradiction",
            rule_id="harbour-one-voice",
            topic_id=TOPIC,
            topic_name="Harbour tax",
            positions=(
                ("ada", "Ada Quill", "support", None),
                ("bo", "Bo Marsh", "oppose", None),
            ),
            revision=n % 3,
            severity="high",
            first_fired_at=NOW - timedelta(hours=n),
            updated_at=NOW - timedelta(hours=n),
            statements=4,
            latest_evidence=date(2024, 2, 28),
        )
        for n in range(count)  # newest first, as recent_alerts gives them
    )
    return AlertDigest(
        topic_id=topic,
        topic_name="Harbour tax" if topic else None,
        days=days,
        since=NOW - timedelta(days=days),
        now=NOW,
        alerts=lines,
    )


def test_cards_alerts_card_lists_alerts_newest_first() -> None:
    card = alerts_card(digest(3))
    within_platform_limits(card)
    assert card.kind == "alerts" and card.title == "Alerts on Harbour tax in the last 7 days"
    assert [f.name for f in card.fields] == [
        "A00000000 · contradiction · Harbour tax",
        "A00000001 · contradiction · Harbour tax",
        "A00000002 · contradiction · Harbour tax",
    ]
    first = card.fields[0].value
    assert "Ada Quill: support · Bo Marsh: oppose" in first
    assert "severity high · revision 0 · updated 2024-03-01 12:00 UTC" in first
    assert "/why A00000000" in first
    assert card.text.startswith("3 alerts fired or updated since 2024-02-23 12:00 UTC")
    assert card.footer == "/alerts harbour-tax 7"


def test_cards_alerts_card_shows_the_newest_and_says_how_many_more() -> None:
    card = alerts_card(digest(40, topic=None, days=30))
    within_platform_limits(card)
    assert card.title == "Alerts in the last 30 days"
    assert len(card.fields) == 15
    assert card.fields[0].name.startswith("A00000000")  # the newest stays
    assert "Showing the newest 15 of 40 (25 more)" in card.text


@pytest.mark.parametrize(
    ("topic", "days", "text"),
    [
        (TOPIC, 7, "No alerts on harbour-tax in the last 7 days."),
        (None, 1, "No alerts in the last day."),
    ],
)
def test_cards_alerts_card_with_nothing_to_show_is_a_helpful_notice(
    topic: str | None, days: int, text: str
) -> None:
    card = alerts_card(digest(0, topic=topic, days=days))
    assert card.kind == "alerts" and card.color == "grey" and card.fields == ()
    assert card.text.startswith(text)
    assert "up to 365" in card.text


def test_cards_a_source_that_is_its_own_url_shows_once() -> None:
    page = "https://gazette.example/levy-story"
    card = timeline_card(ada_timeline((replace(entry(0, "oppose"), source=page, url=page),)))
    assert card.fields[1].value.count(page) == 1
