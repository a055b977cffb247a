"""A contraction's negation reads the same whether the apostrophe is straight or
typographic ("don't" / "don’t"), as news sites set it. spaCy splits both off as a "n't"
token; the word lists must know both spellings.

The topic and sentences are our own (an invented pier toll).
"""

from __future__ import annotations

import pytest
import yaml

from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: pier-toll
    match: [pier toll, toll]
    targets: [pier toll, toll]
    positions:
      - id: abolish
        label: abolish the pier toll
        attitude: oppose
      - id: keep
        label: keep the pier toll
        attitude: support
    opposed: [[abolish, keep]]
"""
)
READER = reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We don't want the pier toll a day longer.", "abolish"),
        ("Keeping the pier toll isn't only fair, it is overdue.", "keep"),
        ("Shouldn't the pier toll go, now the pier is paid for?", "abolish"),
        ("The council won't scrap the pier toll.", "keep"),
        ("I can't support the pier toll.", "abolish"),
    ],
)
def test_stance_apostrophes_a_typographic_contraction_reads_as_a_straight_one(
    text: str, expected: str
) -> None:
    curly = text.replace("'", "’")
    assert (position(READER, text, "pier-toll"), position(READER, curly, "pier-toll")) == (
        expected,
        expected,
    )
