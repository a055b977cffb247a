"""Reported speech and characterising verbs, on sentences of our own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rules.config import Config
from rules.extract import Extractor
from rules.model import Official
from rules.records import Statement
from watchers.article import Article

OFFICIALS = (
    Official(id="okafor", name="Dana Okafor", pronoun="she", aliases=["Okafor"]),
    Official(id="ferreira", name="Luis Ferreira", pronoun="he", aliases=["Ferreira"]),
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path("."), officials=OFFICIALS))


def extract(extractor: Extractor, text: str) -> list[Statement]:
    article = Article(id="t", source="t", text=text, published=date(2024, 3, 6))
    return extractor.extract(article)


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
    ],
    ids=["called", "described-as", "blasted"],
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
    assert not any(s.text == "the board met" for s in extract(extractor, text))
