"""What a target would do, said in the words of one side's cues, takes that side.

The topic and sentences are our own (an invented tidal barrage on the Corve estuary).
"""

from __future__ import annotations

import pytest
import yaml

from rules.cue_effects import cue_effects
from rules.model import TopicsFile
from rules.nlp import load_pipeline
from rules.stance import StanceReader
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: corve-barrage
    match: [barrage, tidal barrage, Corve estuary]
    targets: [barrage, tidal barrage]
    positions:
      - id: build
        label: build the Corve tidal barrage
        attitude: support
        cues: [cheap tidal electricity, jobs for the port]
      - id: stop
        label: do not build the Corve barrage
        attitude: oppose
        cues: [save the mudflats, kill the wading birds]
    opposed: [[build, stop]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


def test_cue_effects_nouns_of_each_sides_cues_but_not_the_topics_own_words() -> None:
    topic = TopicsFile.model_validate(TOPICS).topics[0]
    effects = cue_effects(load_pipeline(), topic)
    assert effects["electricity"] == "support"
    assert effects["mudflat"] == "oppose"
    assert "barrage" not in effects


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the barrage would supply electricity to forty thousand homes", "build"),
        ("the barrage would bring three hundred jobs to the port of Corve", "build"),
        ("the tidal barrage would bury the mudflats under a metre of silt", "stop"),
        # a denied effect, or an effect with an attitude word of its own, is not this
        ("the barrage would not produce much electricity", None),
    ],
)
def test_cue_effects_a_predicted_effect_named_by_a_cue_takes_its_side(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "corve-barrage") == expected


def test_cue_effects_a_fact_about_the_target_is_no_prediction(reader: StanceReader) -> None:
    assert (
        position(reader, "the barrage supplied electricity to the port in 1990", "corve-barrage")
        is None
    )
