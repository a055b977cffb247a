"""Reported speech and characterising verbs, on sentences of our own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rules.config import Config
from rules.extract import Extractor
from rules.model import Official
from rules.records import Statement
from tests.rules.reading import read

OFFICIALS = (
    Official(id="okafor", name="Dana Okafor", pronoun="she", aliases=["Okafor"]),
    Official(id="ferreira", name="Luis Ferreira", pronoun="he", aliases=["Ferreira"]),
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path("."), officials=OFFICIALS))


def extract(extractor: Extractor, text: str) -> list[Statement]:
    return read(extractor, text, date(2024, 3, 6))


def by_text(statements: list[Statement], words: str) -> Statement:
    found = [s for s in statements if words in s.text]
    assert found, [s.text for s in statements]
    return found[0]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('Okafor called the fuel levy "a tax on the sick" on Monday.', "a tax on the sick"),
        ('Okafor described the harbour plan as "reckless" and "unfunded".', "reckless"),
        ('Okafor blasted the port authority for its "shameful" silence.', "shameful"),
        ('Okafor blamed the board for the "slow death" of the quay.', "slow death"),
    ],
    ids=["called", "described-as", "blasted", "blamed"],
)
def test_reported_characterising_verb_with_a_quote_is_a_mixed_statement(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), said)
    assert statement.speaker_id == "okafor"
    assert statement.kind == "mixed"
    assert statement.cue is not None
    assert statement.text.split()[0] not in ("Okafor", "called", "described", "blasted")


def test_reported_characterising_verb_without_a_quote_says_nothing(extractor: Extractor) -> None:
    assert extract(extractor, "Okafor praised the nurses of the northern wards on Monday.") == []


def test_reported_subject_inside_the_quote_is_not_the_speaker(extractor: Extractor) -> None:
    text = (
        "Ferreira spoke at the harbour.\n\n"
        "“My answer, that was a mistake,” the port authority chairman said in an interview."
    )
    statement = by_text(extract(extractor, text), "that was a mistake")
    assert statement.speaker is not None
    assert "chairman" in statement.speaker.lower()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Ferreira said after the meeting he would not accept the levy in its current form.",
            "he would not accept the levy",
        ),
        (
            '"That was absurd," Ferreira said, adding he would never vote for the levy.',
            "he would never vote for the levy",
        ),
        ("Ferreira joked that the harbour board ranks fourth in a two-way race.", "ranks fourth"),
        ("Okafor urged the port authority to reopen the northern quay.", "to reopen"),
    ],
    ids=["clause-hung-as-adverbial", "adding-bare-clause", "joked-that", "urged-to"],
)
def test_reported_clause_without_quotes_is_a_statement(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), said)
    assert statement.kind == "indirect"
    assert statement.speaker_id in ("okafor", "ferreira")
    assert statement.cue is not None


def test_reported_adverbial_clause_with_a_condition_is_not_what_was_said(
    extractor: Extractor,
) -> None:
    text = "Ferreira said nothing if the board met."
    assert not any("the board met" in s.text for s in extract(extractor, text))


def test_reported_clause_after_the_verb_wins_over_narration_before_it(
    extractor: Extractor,
) -> None:
    text = "It is an unlikely turn; Okafor says the ward will reopen later this week."
    statement = by_text(extract(extractor, text), "the ward will reopen")
    assert "unlikely" not in statement.text


def test_reported_second_report_in_one_sentence_is_its_own_statement(
    extractor: Extractor,
) -> None:
    text = (
        'Ferreira said the island was "firmly opposed" to the levy and warned the board '
        "to drop it before the vote."
    )
    statements = extract(extractor, text)
    first = by_text(statements, "firmly opposed")
    second = by_text(statements, "to drop it")
    assert "warned" not in first.text
    assert first.speaker_id == second.speaker_id == "ferreira"


def test_reported_quote_before_the_verb_is_not_joined_to_a_later_clause(
    extractor: Extractor,
) -> None:
    text = (
        "The hearing ran late.\n\n"
        "“You should resign. You should pay it back,” Okafor told Ferreira, after he admitted "
        "under her questioning he had not been held to account."
    )
    statement = by_text(extract(extractor, text), "You should resign")
    assert statement.speaker_id == "okafor"
    assert "held to account" not in statement.text


def test_reported_told_someone_to_act_is_a_statement(extractor: Extractor) -> None:
    text = "Okafor, who knew the vote would fail, told her aides to find a way around the board."
    statement = by_text(extract(extractor, text), "to find a way")
    assert statement.speaker_id == "okafor"


def test_reported_second_report_after_a_quoted_phrase_keeps_the_speaker(
    extractor: Extractor,
) -> None:
    text = (
        'Ferreira said the levy was "the fairest tax this island can raise" and promised '
        "that the northern ward would stay open."
    )
    statement = by_text(extract(extractor, text), "the northern ward would stay open")
    assert statement.speaker_id == "ferreira"
    assert statement.cue == "promised"


def test_reported_report_of_a_report_gives_the_position_to_the_reported_speaker() -> None:
    from rules.model import Position, Topic

    clinics = Topic(
        id="clinics",
        name="Rural clinics",
        match=["clinic"],
        positions=[
            Position(id="expand", cues=["open new clinics"]),
            Position(id="shrink", cues=["close clinics"]),
        ],
        opposed=[["expand", "shrink"]],
    )
    extractor = Extractor(Config(base_dir=Path("."), officials=OFFICIALS, topics=(clinics,)))
    text = "Ferreira said Okafor had told the cabinet that the board would close clinics in May."
    statements = extract(extractor, text)
    inner = next(s for s in statements if s.cue == "told")
    assert inner.speaker_id == "okafor"
    assert inner.text.startswith("the board would close clinics")
    assert inner.stance_on("clinics") is not None
    outer = [s for s in statements if s.speaker_id == "ferreira"]
    assert all(s.stance_on("clinics") is None for s in outer), outer


def test_reported_by_saying_takes_the_subject_of_the_verb_it_explains(
    extractor: Extractor,
) -> None:
    text = 'Okafor went on the radio on Tuesday and began by saying she would "never" close a ward.'
    statement = by_text(extract(extractor, text), "close a ward")
    assert statement.speaker_id == "okafor"


def test_reported_not_inside_the_quote_does_not_cancel_the_statement(
    extractor: Extractor,
) -> None:
    text = '"Are we ready for the vote? Probably not," Okafor said on Monday.'
    statement = by_text(extract(extractor, text), "Probably not")
    assert statement.speaker_id == "okafor"


def test_reported_continued_and_reads_introduce_quotes(extractor: Extractor) -> None:
    text = (
        '"The ward stays open," Okafor said.\n\n'
        'She continued, "And the night clinic will open in May."\n\n'
        "Nobody continued the work on the quay."
    )
    statements = extract(extractor, text)
    statement = by_text(statements, "night clinic")
    assert statement.speaker_id == "okafor"
    assert not any("quay" in s.text for s in statements)


def test_reported_boasted_is_a_reporting_verb(extractor: Extractor) -> None:
    text = "Ferreira boasted that the harbour had never been busier."
    statement = by_text(extract(extractor, text), "never been busier")
    assert statement.speaker_id == "ferreira"


def test_reported_polls_and_documents_are_not_speakers(extractor: Extractor) -> None:
    text = (
        "A harbour poll shows support for the quay has fallen.\n\n"
        "The report said the quay would cost twice the estimate.\n\n"
        'A letter from the board notes that the ferry is "at risk."\n\n'
        "Okafor said the quay would be finished in May."
    )
    statements = extract(extractor, text)
    assert [s.speaker_id for s in statements] == ["okafor"], [s.speaker for s in statements]


def test_reported_document_of_a_configured_source_is_kept() -> None:
    board = Official(
        id="board", name="Harbour Board", kind="institution", aliases=["harbour board"]
    )
    extractor = Extractor(Config(base_dir=Path("."), officials=(*OFFICIALS, board)))
    statements = extract(extractor, "A harbour board report said the quay would cost more.")
    assert [s.speaker_id for s in statements] == ["board"]
