"""The general stance layer finds a topic's target in words the topic does not list.

The topics and sentences are our own, and none contains a cue of its topic.
"""

from __future__ import annotations

import pytest
import yaml

from rules.model import TopicsFile
from rules.nlp import load_pipeline
from rules.stance import StanceReader, relatives

TOPICS = yaml.safe_load(
    """
topics:
  - id: ferry-sale
    match: [Island Ferries, ferry sale]
    targets: [sale, privatisation]
    positions:
      - id: sell
        attitude: support
      - id: keep-public
        attitude: oppose
    opposed: [[sell, keep-public]]
  - id: harbour-expansion
    match: [Kelby harbour]
    targets: [expansion]
    positions:
      - id: expand
        attitude: support
      - id: stop
        attitude: oppose
    opposed: [[expand, stop]]
  - id: fuel-tax
    match: [fuel taxation]
    targets: [taxation]
    positions:
      - id: raise
        attitude: support
      - id: cut
        attitude: oppose
    opposed: [[raise, cut]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return StanceReader(TopicsFile.model_validate(TOPICS).topics, load_pipeline())


def position(reader: StanceReader, text: str, topic: str) -> str | None:
    stance = reader.position_of(text, topic)
    return stance.position if stance else None


@pytest.mark.parametrize(
    ("word", "relative"),
    [
        ("sale", "sell"),
        ("expansion", "expand"),
        ("expand", "expansion"),
        ("taxation", "tax"),
        ("reduction", "reduce"),
        ("closure", "close"),
        ("privatisation", "privatization"),
        ("privatise", "privatize"),
    ],
)
def test_stance_relatives_of_a_word(word: str, relative: str) -> None:
    assert relative in relatives(word)


def test_stance_relatives_keep_short_roots_apart() -> None:
    assert "de" not in relatives("deal")


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("The cabinet intends to sell the ferry operator.", "ferry-sale", "sell"),
        ("We will never sell the ferries while I am minister.", "ferry-sale", "keep-public"),
        ("We are determined to expand the harbour soon.", "harbour-expansion", "expand"),
        ("I will not tax drivers any further this year.", "fuel-tax", "cut"),
        # A relative in a fact still gives nothing.
        ("The ferries sold 40,000 tickets in June.", "ferry-sale", None),
    ],
    ids=["irregular-verb", "irregular-negated", "nsion-verb", "ation-verb", "fact"],
)
def test_stance_target_found_by_its_relatives(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected
