"""The reporting lexicon: verbs and nouns of saying, on sentences of our own about invented
officials (none of them configured)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.config import Config
from rules.extract import Extractor
from tests.rules.reading import read


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path(".")))


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        ("Odile Brant observed that the ferry had never run on time.", "Odile Brant", "ferry"),
        ("Odile Brant estimated that the repairs would cost twice as much.", "Odile Brant", "cost"),
        ("Tobias Wren wondered whether the council had read the report.", "Tobias Wren", "read"),
        ("Ilse Morrow proposed that the harbour fees be frozen.", "Ilse Morrow", "fees"),
        ("Ilse Morrow proposed to freeze the harbour fees.", "Ilse Morrow", "freeze"),
        ("Bram Tiller protested that the vote had been rushed.", "Bram Tiller", "rushed"),
        ("Dana Vell forecast that the river would flood by March.", "Dana Vell", "flood"),
        ("Dana Vell mused that the old mill might make a library.", "Dana Vell", "mill"),
        ("Piet Lanz hinted that he might stand for the council.", "Piet Lanz", "stand"),
        ("Dana Vell recommended that the board delay the vote.", "Dana Vell", "delay"),
        ("Bram Tiller speculated that the tender had been rigged.", "Bram Tiller", "rigged"),
        ('"Not again," Piet Lanz sighed.', "Piet Lanz", "Not again"),
        ('"That is nonsense," Ilse Morrow scoffed.', "Ilse Morrow", "nonsense"),
    ],
)
def test_cues_verbs_of_saying_and_stated_belief_report_a_statement(
    extractor: Extractor, text: str, speaker: str, content: str
) -> None:
    statements = read(extractor, text)
    assert [(s.speaker, content in s.text) for s in statements] == [(speaker, True)]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Odile Brant's assessment that the quay was unsafe alarmed the board.", "quay"),
        ("Odile Brant's proposal to close the quay was rejected.", "close the quay"),
        ("Piet Lanz's complaint that the buses were late went unanswered.", "buses"),
        ("Piet Lanz's denial that he had seen the letter surprised nobody.", "letter"),
        ("Dana Vell's forecast that prices would fall proved wrong.", "prices"),
    ],
)
def test_cues_speech_nouns_report_their_content_clause(
    extractor: Extractor, text: str, content: str
) -> None:
    statements = read(extractor, text)
    assert any(content in s.text and s.speaker for s in statements), [
        (s.speaker, s.text) for s in statements
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The study showed a fall in hospital admissions.",
        "The survey found that most riders wanted later buses.",
        "The report estimated the cost at ten million euros.",
        "The inspectors observed a crack in the harbour wall.",
        "Residents protested outside the town hall on Monday.",
    ],
)
def test_cues_events_and_findings_are_not_statements(extractor: Extractor, text: str) -> None:
    assert read(extractor, text) == []


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # The parser labels "Nguyễn" a negation of "said"; it must not read as "did not say".
        ("Nguyễn Thị Lan said the ferry would resume night crossings.", "Nguyễn Thị Lan"),
        ("Nguyen Thi Lan said the ferry would resume night crossings.", "Nguyen Thi Lan"),
    ],
)
def test_cues_a_name_the_parser_takes_for_a_negation_still_speaks(
    extractor: Extractor, text: str, speaker: str
) -> None:
    assert [s.speaker for s in read(extractor, text)] == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        "Odile Brant did not say when the ferry would resume its night crossings.",
        "Odile Brant would never say whether the quay was safe.",
        # A typographic apostrophe, as most news sites set it.
        "Odile Brant didn’t say when the ferry would resume its night crossings.",
        "Odile Brant hasn’t said whether the quay was safe.",
    ],
)
def test_cues_a_negated_verb_of_saying_is_no_statement(extractor: Extractor, text: str) -> None:
    assert read(extractor, text) == []
