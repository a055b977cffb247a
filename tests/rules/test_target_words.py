"""A target named by another noun of its kind (rules.target_words): "the emissions goal"
for "emissions target", "a treaty" for "agreement". Sentences and topics of our own."""

from __future__ import annotations

import pytest
import yaml

from rules.nlp import load_pipeline
from rules.stance import StanceReader
from rules.target_words import kin_mentions, kin_targets
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: emissions-target
    match: [emissions target, net zero]
    targets: [emissions target, net zero]
    positions:
      - id: keep
        label: keep the 2040 emissions target
        attitude: support
      - id: drop
        label: drop or delay the emissions target
        attitude: oppose
    opposed: [[keep, drop]]
  - id: water-pact
    match: [Lurano, water agreement]
    targets: [water agreement, agreement]
    positions:
      - id: sign
        label: sign the water agreement with Lurano
        attitude: support
      - id: refuse
        label: refuse the agreement
        attitude: oppose
    opposed: [[sign, refuse]]
  - id: curfew-law
    match: [curfew law, youth curfew]
    targets: [curfew law, youth curfew]
    positions:
      - id: pass
        label: pass the curfew law
        attitude: support
      - id: block
        label: block the curfew law
        attitude: oppose
    opposed: [[pass, block]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # a target of several words, its head swapped, its own modifier kept
        (
            "We stand by the emissions goal, whatever the cost.",
            "emissions-target",
            "keep",
        ),
        ("We will scrap the curfew rule on our first day in office.", "curfew-law", "block"),
        ("I fully support the curfew regulation.", "curfew-law", "pass"),
        # a target of one word goes by its kin alone
        ("We are ready to put our name to a treaty with Lurano this spring.", "water-pact", "sign"),
        ("This pact would be a disaster for our farmers.", "water-pact", "refuse"),
        # another rule of the same kind, with a modifier of its own, is not the target
        ("I fully support the parking rule.", "curfew-law", None),
        ("We will scrap the planning regulation next year.", "curfew-law", None),
        # the guards still hold: a fact, and others' view
        ("The curfew rule was passed in 2019.", "curfew-law", None),
        ("Critics say the emissions goal is a fantasy.", "emissions-target", None),
    ],
)
def test_target_words_kin_of_a_target_is_the_target(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


def test_target_words_kin_keeps_a_modifier_of_the_target() -> None:
    nlp = load_pipeline()
    kins = kin_targets(nlp, ["curfew law"])
    named = [" ".join(t.text for t in m) for m in kin_mentions(kins, list(nlp("the curfew rule")))]
    assert named == ["curfew rule"]
    assert kin_mentions(kins, list(nlp("the traffic rule"))) == []


def test_target_words_no_kin_for_a_head_of_no_known_kind() -> None:
    assert kin_targets(load_pipeline(), ["four-day week", "talks"]) == []


LABELLED = yaml.safe_load(
    """
topics:
  - id: class-sizes
    match: [class size cap, class sizes]
    targets: [class size cap]
    positions:
      - id: cap
        label: bring in statutory limits on class sizes
        attitude: support
      - id: no-cap
        label: leave class sizes to the schools
        attitude: oppose
    opposed: [[cap, no-cap]]
"""
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the label acts on, named with one of its modifiers, is the target
        ("Every primary school needs a statutory limit, and it needs one now.", "cap"),
        ("A statutory ceiling would be a bureaucratic disaster for head teachers.", "no-cap"),
        # the same noun with none of the label's modifiers is another thing
        ("Every primary school needs a budget limit.", None),
    ],
)
def test_target_words_what_a_label_acts_on_is_a_target(text: str, expected: str | None) -> None:
    assert position(reader_for(LABELLED), text, "class-sizes") == expected


SOLD = yaml.safe_load(
    """
topics:
  - id: bus-sale
    match: [Vellby Buses, bus sale]
    targets: [sale]
    positions:
      - id: sell
        label: sell the bus company to a private operator
        attitude: support
      - id: keep-public
        label: keep the bus company in council hands
        attitude: oppose
    opposed: [[sell, keep-public]]
"""
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the object of a label's verb is read as that act, not as the thing: keeping
        # the company is against the sale, though "keep" is for what it keeps
        ("We will keep the ownership of the bus company with the council.", "keep-public"),
        ("We will keep the bus company in council hands.", "keep-public"),
    ],
)
def test_target_words_a_label_verbs_object_is_its_act(text: str, expected: str) -> None:
    assert position(reader_for(SOLD), text, "bus-sale") == expected
