"""Closing a gap or a loophole mends a fault: said of the target, it is for it, though
"close" alone ends a thing.

The topic and sentences are our own (an invented Brenmoor tax-reporting act).
"""

from __future__ import annotations

import pytest
import yaml

from rules.stance import StanceReader
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: reporting-act
    match: [reporting act, offshore accounts]
    targets: [reporting act, act]
    positions:
      - id: pass
        label: pass the Brenmoor reporting act
        attitude: support
      - id: reject
        label: reject the Brenmoor reporting act
        attitude: oppose
    opposed: [[pass, reject]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the reporting act would close the loophole that lets firms hide profits", "pass"),
        ("the act would finally plug that gap in the tax code", "pass"),
        ("the reporting act would not close a single loophole", "reject"),
        # an end to the act itself is still against it
        ("the next government would close the act down within a year", "reject"),
    ],
)
def test_attitude_mending_closing_a_gap_is_for_what_closes_it(
    reader: StanceReader, text: str, expected: str
) -> None:
    assert position(reader, text, "reporting-act") == expected
