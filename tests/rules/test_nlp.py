"""The spaCy pipeline loader, and the blank fallback when no trained pipeline is installed."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from rules import nlp
from rules.extract import Extractor
from rules.loader import load_config
from watchers.article import Article

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def no_trained_pipeline(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    nlp.load_pipeline.cache_clear()
    monkeypatch.setattr(nlp, "_load_trained", lambda: None)
    yield
    nlp.load_pipeline.cache_clear()


def test_nlp_trained_pipeline_forces_configured_names_to_person() -> None:
    pipeline = nlp.load_pipeline(("Dana Okafor",))
    assert "entity_ruler" in pipeline.pipe_names
    assert pipeline.pipe_names.index("entity_ruler") < pipeline.pipe_names.index("ner")
    doc = pipeline("Dana Okafor spoke in Lagos on Friday.")
    assert ("Dana Okafor", "PERSON") in [(e.text, e.label_) for e in doc.ents]


def test_nlp_paragraph_break_starts_a_sentence() -> None:
    doc = nlp.load_pipeline(())("A caption without a full stop\n\nThe minister spoke at length.")
    starts = [s.text.strip() for s in doc.sents]
    assert "The minister spoke at length." in starts


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            '"We are glad," Okafor wrote on X. "The ferry stays."',
            ['"We are glad," Okafor wrote on X.', '"The ferry stays."'],
        ),
        (
            'The deal was signed in the U.S. "It is done," Okafor said.',
            ["The deal was signed in the U.S.", '"It is done," Okafor said.'],
        ),
        ('He met John F. "Jack" Kennedy there.', ['He met John F. "Jack" Kennedy there.']),
    ],
    ids=["platform", "country", "initial-in-a-name"],
)
def test_nlp_stop_kept_with_a_capital_still_ends_before_a_quotation(
    text: str, sentences: list[str]
) -> None:
    doc = nlp.load_pipeline(())(text)
    assert [s.text.strip() for s in doc.sents] == sentences


def test_nlp_blank_fallback_warns_once_and_still_finds_quotes(
    no_trained_pipeline: None, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="rules.nlp")
    config = load_config(ROOT / "config")
    extractor = Extractor(config)
    Extractor(config)  # a second extractor reuses the pipeline: no second warning
    warnings = [r for r in caplog.records if "blank pipeline" in r.getMessage()]
    assert len(warnings) == 1
    text = (
        "Diplomats met again on Monday.\n\n"
        '"We are ready to talk to the North at any time," Rex Tillerson said.\n\n'
        '"Nothing has changed," he added.'
    )
    statements = extractor.extract(
        Article(id="a", source="a", text=text, published=date(2017, 12, 13))
    )
    assert [(s.speaker_id, s.kind) for s in statements] == [("tillerson", "direct")] * 2
    assert statements[0].text == "We are ready to talk to the North at any time"
    assert not nlp.is_parsed(extractor.nlp("A sentence."))


def _people(text: str) -> list[str]:
    return [e.text for e in nlp.blank_pipeline()(text).ents if e.label_ == "PERSON"]


def test_nlp_blank_names_marks_titled_multiword_and_particle_names() -> None:
    text = (
        "Gov. Elliot Brand met Ana van der Berg and Jean-Paul Okonkwo-Reyes at the quay. "
        "Later Mr. Quist spoke."
    )
    assert _people(text) == ["Elliot Brand", "Ana van der Berg", "Jean-Paul Okonkwo-Reyes", "Quist"]


def test_nlp_blank_names_skips_places_organisations_and_sentence_openers() -> None:
    text = (
        "The Harbour Authority met in Port Talbot on Monday. "
        "Meanwhile the Fisheries Department stayed silent. "
        "But Ines Duarte spoke, and Duarte said more."
    )
    assert _people(text) == ["Ines Duarte", "Duarte"]


def test_nlp_blank_names_keeps_configured_names_and_stays_out_of_trained_pipeline() -> None:
    blank = nlp.blank_pipeline(("Harbour Master",))
    assert [e.text for e in blank("The Harbour Master spoke.").ents] == ["Harbour Master"]
    assert "stancewatch_names" not in nlp.load_pipeline(()).pipe_names


def test_nlp_blank_pipeline_tokens_stand_alone_in_the_tree(no_trained_pipeline: None) -> None:
    # "It’s" and "Ky." come from the tokenizer's special cases, whose cached tokens
    # carried stale tree edges into the doc: walking their children crashed spaCy.
    doc = nlp.load_pipeline(())("It’s late, the senator from Ky., said. What’s next?")
    assert [(t.left_edge.i, t.right_edge.i) for t in doc] == [(t.i, t.i) for t in doc]
    assert all(not list(t.children) for t in doc)
