"""What an act is for is not what is said of the one who does it: "the quarry would tear
up the moor to keep the kilns burning" says nothing for the quarry by "keep".

The topic and sentences are our own (an invented quarry on Haddon moor).
"""

from __future__ import annotations

import pytest
import yaml

from rules.stance import StanceReader
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: haddon-quarry
    match: [quarry, Haddon moor]
    targets: [quarry, Haddon quarry]
    positions:
      - id: open
        label: open the Haddon quarry
        attitude: support
      - id: refuse
        label: refuse the Haddon quarry
        attitude: oppose
    opposed: [[open, refuse]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the purpose clause ("to keep ...") is the quarry's aim, not the speaker's view
        (
            "the quarry would wreck the moor for ever to keep the kilns in the city burning",
            "refuse",
        ),
        ("the quarry would fill three lorries an hour to keep the builders supplied", None),
        # an infinitive of the subject's own fate still says it
        ("the quarry is here to stay", "open"),
    ],
)
def test_attitude_purposes_an_acts_aim_is_not_said_of_its_subject(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "haddon-quarry") == expected
