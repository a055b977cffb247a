"""Changed minds and conceded views in news-style reported speech (rules.changed_minds,
rules.conceded_views). The topics and sentences are our own: an invented tram tunnel in
Marlow Cross and an invented fishing quota bill."""

from __future__ import annotations

import pytest
import yaml

from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: tram-tunnel
    match: [tram tunnel, tunnel]
    targets: [tram tunnel, tunnel]
    positions:
      - id: dig
        label: build the tram tunnel
        attitude: support
      - id: drop
        label: drop the tram tunnel
        attitude: oppose
    opposed: [[dig, drop]]
  - id: quota-bill
    match: [quota bill, fishing quota]
    targets: [quota bill, bill]
    positions:
      - id: pass
        label: pass the quota bill
        attitude: support
      - id: block
        label: block the quota bill
        attitude: oppose
    opposed: [[pass, block]]
"""
)
READER = reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        (
            "the councillor had backed the tunnel last year, but the cost overruns changed"
            " her view and she would now vote against it",
            "tram-tunnel",
            "drop",
        ),
        (
            "he was opposed to the quota bill at first but the skippers persuaded him, and"
            " he would vote for it on Thursday",
            "quota-bill",
            "pass",
        ),
        (
            "she had initially rejected the bill, but after the amendments she would support it",
            "quota-bill",
            "pass",
        ),
    ],
)
def test_changed_minds_later_view_decides(text: str, topic: str, expected: str) -> None:
    assert position(READER, text, topic) == expected


def test_changed_minds_a_past_view_alone_still_counts() -> None:
    # Nothing later takes it back: the only view read is the one given.
    text = "the minister had always supported the tunnel and saw no reason to change course"
    assert position(READER, text, "tram-tunnel") == "dig"


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        (
            "the mayor would press on with the tunnel and wanted the diggers in by spring,"
            " despite the campaign against it",
            "tram-tunnel",
            "dig",
        ),
        (
            "the senator would vote for the quota bill in spite of the protests against it by the"
            " trawler owners",
            "quota-bill",
            "pass",
        ),
    ],
)
def test_conceded_views_opposition_conceded_is_not_the_speakers(
    text: str, topic: str, expected: str
) -> None:
    assert position(READER, text, topic) == expected
