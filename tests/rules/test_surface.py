"""Quotations and their speakers without a parser: the blank pipeline's surface patterns."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.config import Config
from rules.extract import Extractor
from rules.nlp import blank_pipeline, is_parsed
from rules.records import Statement
from tests.rules.reading import read
from watchers.files import read_article_file

ARTICLES = Path(__file__).resolve().parents[1] / "data" / "articles"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path("."), officials=()), nlp=blank_pipeline())


def extract(extractor: Extractor, text: str) -> list[Statement]:
    return read(extractor, text)


def speakers(statements: list[Statement]) -> list[tuple[str | None, str]]:
    return [(s.speaker, s.text) for s in statements]


def test_surface_name_after_or_before_said(extractor: Extractor) -> None:
    text = (
        "Dockers walked out at dawn.\n\n"
        '"The cranes will stay idle until the contract is signed," Marta Kowalczyk said.\n\n'
        '"We have offered more than the union asked," said Gov. Elliot Brand.\n'
    )
    assert speakers(extract(extractor, text)) == [
        ("Marta Kowalczyk", "The cranes will stay idle until the contract is signed"),
        ("Elliot Brand", "We have offered more than the union asked"),
    ]


def test_surface_pronoun_takes_the_nearest_earlier_named_person(extractor: Extractor) -> None:
    text = (
        "Harbour master Ines Duarte met the dockers on the quay.\n\n"
        '"Nobody loads a ship here until this is settled," she said.\n'
    )
    assert [s.speaker for s in extract(extractor, text)] == ["Ines Duarte"]


def test_surface_surname_alone_is_the_full_name(extractor: Extractor) -> None:
    text = (
        "Fisheries minister Alan Byrne visited the harbour on Tuesday.\n\n"
        '"The quota is fair to every boat," Byrne said.\n'
    )
    assert [s.speaker for s in extract(extractor, text)] == ["Alan Byrne"]


def test_surface_split_quote_is_one_statement(extractor: Extractor) -> None:
    text = '"The quotas are fair," Mr. Rui Santos said, "and the whole fleet knows it."\n'
    statements = extract(extractor, text)
    assert len(statements) == 1
    assert statements[0].speaker == "Rui Santos"
    assert statements[0].kind == "direct"
    assert text[statements[0].start : statements[0].end].endswith("knows it.")


def test_surface_colon_introduces_a_quote(extractor: Extractor) -> None:
    text = 'Sen. Nora Whitfield told reporters: "Wind farms belong offshore."\n'
    assert speakers(extract(extractor, text)) == [("Nora Whitfield", "Wind farms belong offshore.")]


def test_surface_partly_quoted_statement_starts_after_the_verb(extractor: Extractor) -> None:
    text = 'Rui Santos said the new quota was "a death sentence" for small boats.\n'
    statements = extract(extractor, text)
    assert [(s.speaker, s.kind) for s in statements] == [("Rui Santos", "mixed")]
    assert statements[0].text.startswith("the new quota was")
    assert statements[0].text.endswith("for small boats")


def test_surface_names_with_particles_and_hyphens(extractor: Extractor) -> None:
    text = (
        '"The turbines are too close to the shore," said Ana van der Berg.\n\n'
        '"They are not," Jean-Paul Okonkwo-Reyes said.\n'
    )
    assert [s.speaker for s in extract(extractor, text)] == [
        "Ana van der Berg",
        "Jean-Paul Okonkwo-Reyes",
    ]


def test_surface_description_speaker(extractor: Extractor) -> None:
    text = '"The strike costs the port a million a day," a spokeswoman for the operator said.\n'
    assert [s.speaker for s in extract(extractor, text)] == ["a spokeswoman for the operator"]


def test_surface_blank_extractor_reads_our_articles_without_crashing(
    extractor: Extractor,
) -> None:
    # spaCy crashes on the tree of an unparsed doc: every rule must keep off it.
    paths = sorted(ARTICLES.glob("**/*.txt"))
    assert len(paths) >= 6
    for path in paths:
        article = read_article_file(path)
        assert not is_parsed(extractor.nlp(article.text))
        statements = extractor.extract(article)
        assert all(s.start < s.end for s in statements)
    assert any(s.speaker for p in paths for s in extractor.extract(read_article_file(p)))


def test_surface_reporting_verb_is_the_first_lower_case_one(extractor: Extractor) -> None:
    text = (
        'Rui Santos says the minister\'s late-night tweets about quotas were "plainly wrong."\n\n'
        'Nora Whitfield said the United States fleet "will not fish here again."\n'
    )
    assert [s.speaker for s in extract(extractor, text)] == ["Rui Santos", "Nora Whitfield"]


def test_surface_description_with_adjectives_and_party_label(extractor: Extractor) -> None:
    text = (
        '"The levy is unfair," the former harbour commissioner said.\n\n'
        'Rep. Kai Olsen (D-Maine) said the ban was "long overdue" for the fleet.\n'
    )
    assert [s.speaker for s in extract(extractor, text)] == [
        "the former harbour commissioner",
        "Kai Olsen",
    ]


def test_surface_pronoun_skips_possessives_and_names_of_the_other_gender(
    extractor: Extractor,
) -> None:
    text = (
        "Mr. Tomas Vidal, the union's negotiator, met Ms. Carla Roos on the quay.\n\n"
        "After Mr. Piet Dekker's figures came out, Vidal said the offer ignored overtime.\n\n"
        '"We will stay out until the overtime is paid," he said.\n'
    )
    assert [s.speaker for s in extract(extractor, text)] == ["Tomas Vidal"]
