"""Reading statements against hand-written topics: the helpers the stance tests share."""

from __future__ import annotations

from rules.model import TopicsFile
from rules.nlp import load_pipeline
from rules.stance import StanceReader


def reader_for(topics: object) -> StanceReader:
    """A stance reader for ``topics`` (a parsed topics file) on the shared pipeline."""
    return StanceReader(TopicsFile.model_validate(topics).topics, load_pipeline())


def position(reader: StanceReader, text: str, topic: str) -> str | None:
    """The position ``text`` takes on ``topic``, or None."""
    stance = reader.position_of(text, topic)
    return stance.position if stance else None
