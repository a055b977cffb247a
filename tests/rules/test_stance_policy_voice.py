"""Classes of statement that argue a position without an attitude word, or that state
a view which is not the speaker's: a rule laid on everyone, arguing questions, a thing
set aside for another, the harm an act would do, and a body's own view. Sentences of our
own on topics of our own (a tram line, a levy on plastic, a residency card for renting,
a grain pact with the invented Orvane, night flights, a seal hunt)."""

from __future__ import annotations

import pytest
import yaml

from rules.stance import StanceReader
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: tram-line
    match: [tram line, tramway, tram]
    targets: [tram line, tramway, tram]
    positions:
      - id: build
        label: build the Westgate tram line
        attitude: support
      - id: cancel
        label: cancel the tram line
        attitude: oppose
    opposed: [[build, cancel]]
  - id: plastic-levy
    match: [plastic levy, levy on plastic]
    targets: [levy, plastic levy]
    positions:
      - id: levy
        label: charge a levy on plastic packaging
        attitude: support
      - id: no-levy
        label: no levy on plastic packaging
        attitude: oppose
    opposed: [[levy, no-levy]]
  - id: residency-card
    match: [residency card, residence card]
    targets: [residency card, residence card, card requirement]
    positions:
      - id: require
        label: require a residency card to rent a flat
        attitude: support
      - id: repeal
        label: repeal the residency card rule
        attitude: oppose
    opposed: [[require, repeal]]
  - id: orvane-pact
    match: [Orvane, Orvane pact, grain pact]
    targets: [pact, grain pact, agreement]
    positions:
      - id: sign
        label: sign the grain pact with Orvane
        attitude: support
      - id: refuse
        label: refuse the pact or hold off until changed
        attitude: [oppose, conditional]
    opposed: [[sign, refuse]]
  - id: night-flights
    match: [night flights, night flying]
    targets: [night flights, night flying]
    positions:
      - id: allow
        label: allow night flights at Brackwell airport
        attitude: support
      - id: ban
        label: ban night flights
        attitude: oppose
    opposed: [[allow, ban]]
  - id: seal-hunt
    match: [seal hunt, seals]
    targets: [seal hunt]
    positions:
      - id: allow
        label: allow the spring seal hunt on the Farrow coast
        attitude: support
      - id: ban
        label: ban the seal hunt
        attitude: oppose
    opposed: [[allow, ban]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        (
            "From next April every tenant in the city will show a residency card before"
            " signing a lease.",
            "residency-card",
            "require",
        ),
        # what everyone will do of their own accord, or think, is still theirs
        ("Every tenant will tell you the residency card is a nuisance.", "residency-card", None),
        ("Tenants will hate the residency card.", "residency-card", None),
    ],
)
def test_stance_a_rule_laid_on_everyone_is_the_policy(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        (
            "Who is going to sleep in Ferrow when night flights land every twenty minutes?",
            "night-flights",
            "ban",
        ),
        (
            "If night flights go ahead, who is going to get any sleep in Ferrow?",
            "night-flights",
            "ban",
        ),
        (
            "If we scrap the plastic levy, who will pay to clean the beaches?",
            "plastic-levy",
            "levy",
        ),
        (
            "If the council builds the tram line, what shopkeeper on Mill Street will survive"
            " the roadworks?",
            "tram-line",
            "cancel",
        ),
        ("If we don't sign the grain pact, who is going to buy our wheat?", "orvane-pact", "sign"),
        # a condition on a question that asks for a fact argues nothing
        (
            "If the tram line opens in May, when will the buses change their routes?",
            "tram-line",
            None,
        ),
        ("If the levy on plastic comes in, who collects it?", "plastic-levy", None),
    ],
)
def test_stance_a_question_expecting_nobody_argues_against_its_condition(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("Is it really the council's job to put a levy on plastic?", "plastic-levy", "no-levy"),
        ("It is not the council's job to put a levy on plastic.", "plastic-levy", "no-levy"),
        ("It is our job to build the tram line, and we will.", "tram-line", "build"),
        ("Whose job is it to collect the plastic levy?", "plastic-levy", None),
    ],
)
def test_stance_whose_job_an_act_is(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        (
            "Walking away from the Orvane pact now would leave our farmers stranded with"
            " unsold grain.",
            "orvane-pact",
            "sign",
        ),
        (
            "Walking away from the pact would leave our trawlers tied up in port.",
            "orvane-pact",
            "sign",
        ),
        (
            "Cancelling the tram line would leave Westgate without a decent way into town.",
            "tram-line",
            "build",
        ),
        ("The plastic levy would leave families worse off.", "plastic-levy", "no-levy"),
        ("A plastic levy solves a problem that does not exist.", "plastic-levy", "no-levy"),
        # what a thing leaves behind that nobody minds, or "leave" of a journey
        ("The plastic levy would leave our beaches cleaner.", "plastic-levy", "levy"),
        ("The tram line will leave from the station every ten minutes.", "tram-line", None),
    ],
)
def test_stance_the_harm_an_act_would_do(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        (
            "The minister will send parliament a bill making the tram line a national project.",
            "tram-line",
            "build",
        ),
        (
            "We will table a bill making the residency card compulsory for every tenant.",
            "residency-card",
            "require",
        ),
        ("We will not table a night flights bill this year.", "night-flights", "ban"),
        # a bill only thought of, or someone else's
        ("I would table a night flights bill if the airport asked for one.", "night-flights", None),
        ("The opposition will table a night flights bill next week.", "night-flights", None),
    ],
)
def test_stance_a_bill_the_speaker_will_table(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("Our chamber will take the plastic levy to court.", "plastic-levy", "no-levy"),
        (
            "I will resist the residency card bill in committee, and if it passes I will take it"
            " to court.",
            "residency-card",
            "repeal",
        ),
    ],
)
def test_stance_taking_it_to_court(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        (
            "We will sign nothing until Orvane opens its ports to our barley.",
            "orvane-pact",
            "refuse",
        ),
        ("We won't sign anything with Orvane this year.", "orvane-pact", "refuse"),
    ],
)
def test_stance_the_labels_act_refused_outright(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("We will not be bound by the grain pact.", "orvane-pact", "refuse"),
        (
            "Those quotas came out of nowhere, and we will not be bound by them.",
            "orvane-pact",
            "refuse",
        ),
        ("We will abide by the grain pact.", "orvane-pact", "sign"),
        ("Farmers in the north were bound by the old quotas for a decade.", "orvane-pact", None),
    ],
)
def test_stance_bound_by_it(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("A tram line is not how you fix congestion in Westgate.", "tram-line", "cancel"),
        ("The tram line is how we fix the traffic on Mill Road.", "tram-line", "build"),
        ("How we fix the plastic levy is a matter for the treasury.", "plastic-levy", None),
    ],
)
def test_stance_named_as_the_remedy(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("We will lay the last stretch of the tram line next spring.", "tram-line", "build"),
        ("We are going to get the rest of that tram line up by May.", "tram-line", "build"),
    ],
)
def test_stance_a_commitment_on_part_of_the_target(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("Our boats will hunt seals off Farrow again from March.", "seal-hunt", "allow"),
        ("Why should anyone still be allowed to hunt seals in 2027?", "seal-hunt", "ban"),
        # the act's verb with no thing of the target's, or the thing with no act
        ("We will hunt for a compromise with the fishermen.", "seal-hunt", None),
        ("The seals we counted last spring were healthy.", "seal-hunt", None),
    ],
)
def test_stance_a_target_said_as_its_act(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected
