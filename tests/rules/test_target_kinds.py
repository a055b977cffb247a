"""A target goes by other names of its kind: a payment levied by fee, charge, toll or tax,
a law by bill or requirement (rules.target_words). The topics and sentences are our own:
an invented bridge toll on the Wexmoor crossing and an invented youth curfew law."""

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
def test_target_kinds_a_fee_or_charge_names_a_toll(text: str, expected: str) -> None:
    assert position(READER, text, "bridge-toll") == expected


def test_target_kinds_another_payment_is_not_the_target() -> None:
    text = "the parking fee at the ferry terminal was daylight robbery"
    assert position(READER, text, "bridge-toll") is None


LAW_TOPICS = yaml.safe_load(
    """
topics:
  - id: curfew-law
    match: [curfew law, youth curfew]
    targets: [curfew law]
    positions:
      - id: enact
        label: pass the curfew law
        attitude: support
      - id: reject
        label: reject the curfew law
        attitude: oppose
    opposed: [[enact, reject]]
"""
)
LAW_READER = reader_for(LAW_TOPICS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "the council would not drop the curfew requirement, whatever the youth clubs said",
            "enact",
        ),
        ("she would vote against the curfew bill at every stage", "reject"),
    ],
)
def test_target_kinds_a_law_goes_by_bill_or_requirement(text: str, expected: str) -> None:
    assert position(LAW_READER, text, "curfew-law") == expected
