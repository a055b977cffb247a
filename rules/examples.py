"""``stancewatch rules test``: each topic's ``examples:`` read and checked against their position.

An example is a statement text and the position it should get on its topic (or null: none).
Each text is read as one statement made in an article about the topic, by whatever reads
positions (``StanceReader.position_of`` in use; any function of text and topic id here, so
this module stays free of spaCy). A failure is reported where the example is written,
``path:line: topics[0].examples[3]: expected refuse, got engage (evidence: ...)``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from rules import messages
from rules.loader import Located
from rules.model import Example, Topic
from rules.records import Stance
from rules.yamlfile import Problem

PositionReader = Callable[[str, str], Stance | None]


@dataclass(frozen=True)
class ExampleResult:
    """One example, the stance it was read with, and where it is written."""

    topic: Located[Topic]
    index: int
    got: Stance | None

    @property
    def example(self) -> Example:
        return self.topic.item.examples[self.index]

    @property
    def passed(self) -> bool:
        return (self.got.position if self.got else None) == self.example.position

    def failure(self) -> Problem:
        """The ``path:line: key.path: expected ..., got ...`` problem of a failed example."""
        got = messages.NO_POSITION if self.got is None else self.got.position
        message = messages.EXAMPLE_FAILED.format(
            expected=self.example.position or messages.NO_POSITION, got=got
        )
        if self.got is not None and self.got.evidence:
            evidence = ", ".join(repr(words) for words in self.got.evidence)
            message += messages.EXAMPLE_EVIDENCE.format(evidence=evidence)
        return self.topic.doc.problem((*self.topic.loc, "examples", self.index), message)


@dataclass(frozen=True)
class TopicTally:
    topic: str
    passed: int
    failed: int

    def __str__(self) -> str:
        if not self.passed + self.failed:
            return messages.TALLY_NO_EXAMPLES.format(topic=self.topic)
        return messages.TALLY.format(topic=self.topic, passed=self.passed, failed=self.failed)


def run_examples(
    topics: Mapping[str, Located[Topic]],
    read: PositionReader,
    only: Collection[str] = (),
) -> list[ExampleResult]:
    """Every example of every topic (of the topics in ``only``, when given), in file order."""
    return [
        ExampleResult(at, i, read(example.text, topic_id))
        for topic_id, at in topics.items()
        if not only or topic_id in only
        for i, example in enumerate(at.item.examples)
    ]


def tally(
    topics: Mapping[str, Located[Topic]],
    results: Collection[ExampleResult],
    only: Collection[str] = (),
) -> list[TopicTally]:
    """Passed and failed examples per topic, topics in configuration order."""
    return [
        TopicTally(
            topic_id,
            sum(r.passed for r in results if r.topic.item.id == topic_id),
            sum(not r.passed for r in results if r.topic.item.id == topic_id),
        )
        for topic_id in topics
        if not only or topic_id in only
    ]
