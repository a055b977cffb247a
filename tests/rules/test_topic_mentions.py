"""Plans named by whose they are (rules.topic_mentions). The topic and sentences are our
own: an invented harbour ferry subsidy in Port Kessing."""

from __future__ import annotations

import pytest
import yaml

from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: ferry-subsidy
    match: [ferry subsidy, ferry]
    targets: [ferry subsidy]
    positions:
      - id: fund
        label: keep the ferry subsidy
        attitude: support
      - id: cut
        label: end the ferry subsidy
        attitude: oppose
    opposed: [[fund, cut]]
"""
)
READER = reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the harbourmaster's scheme was a waste of public money and the board should reject it",
            "cut",
        ),
        ("her proposal deserved the council's full support", "fund"),
        ("Councillor Brannock's plan should be scrapped at the first vote", "cut"),
    ],
)
def test_topic_mentions_a_plan_named_by_its_owner_is_the_target(text: str, expected: str) -> None:
    assert position(READER, text, "ferry-subsidy") == expected


def test_topic_mentions_an_owned_plan_for_something_else_is_not_the_target() -> None:
    text = "the harbourmaster's plan for a new car park was a waste of public money"
    assert position(READER, text, "ferry-subsidy") is None
