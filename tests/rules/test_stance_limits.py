"""Holding a thing down: "cap" and "limit" done to a target are against it, and a cap
is neither side of a topic about ending a thing.

The topics and sentences are our own (invented apprenticeship grants and a pier toll).
"""

from __future__ import annotations

import pytest
import yaml

from rules.stance import StanceReader
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: apprentice-grants
    match: [apprenticeship grant, grant scheme, apprentices]
    targets: [apprenticeship grants, grant scheme]
    positions:
      - id: expand
        label: keep or expand the apprenticeship grants
        attitude: support
      - id: shrink
        label: cut or end the apprenticeship grants
        attitude: oppose
    opposed: [[expand, shrink]]
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


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we will cap the grant scheme at two hundred places", "shrink"),
        ("the treasury should limit the apprenticeship grants to the coastal towns", "shrink"),
        # the harm of a plan to cap it is said against the cap, so for the grants
        (
            "the council's plan to cap the grant scheme at two hundred places would slam "
            "the door on thousands of school leavers",
            "expand",
        ),
    ],
)
def test_stance_limits_cap_or_limit_done_to_the_target_is_against_it(
    reader: StanceReader, text: str, expected: str
) -> None:
    assert position(reader, text, "apprentice-grants") == expected


def test_stance_limits_a_cap_is_no_side_of_a_topic_about_ending_a_thing(
    reader: StanceReader,
) -> None:
    assert position(reader, "we will cap the pier toll at one pound", "pier-toll") is None
