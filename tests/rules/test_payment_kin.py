"""A payment target goes by the other names of a payment levied: fee, charge, toll, tax
(rules.target_words). The topic and sentences are our own: an invented bridge toll on
the Wexmoor crossing."""

from __future__ import annotations

import pytest
import yaml

from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: bridge-toll
    match: [bridge toll, Wexmoor crossing]
    targets: [bridge toll]
    positions:
      - id: keep
        label: keep the bridge toll
        attitude: support
      - id: scrap
        label: scrap the bridge toll
        attitude: oppose
    opposed: [[keep, scrap]]
"""
)
READER = reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the bridge fee was daylight robbery", "scrap"),
        ("the bridge charge would stay in place to pay for the repairs", "keep"),
    ],
)
def test_payment_kin_a_fee_or_charge_names_a_toll(text: str, expected: str) -> None:
    assert position(READER, text, "bridge-toll") == expected


def test_payment_kin_another_payment_is_not_the_target() -> None:
    text = "the parking fee at the ferry terminal was daylight robbery"
    assert position(READER, text, "bridge-toll") is None
