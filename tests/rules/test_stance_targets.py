"""The general stance layer finds a topic's target in words the topic does not list.

The topics and sentences are our own, and none contains a cue of its topic.
"""

from __future__ import annotations

import pytest
import yaml

from rules.nlp import load_pipeline
from rules.phrases import lemmatise, match_phrase
from rules.stance import StanceReader, _label_actions, relatives
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: ferry-sale
    match: [Island Ferries, ferry sale]
    targets: [sale, privatisation]
    positions:
      - id: sell
        label: sell Island Ferries to a private operator
        attitude: support
      - id: keep-public
        label: keep the ferry company in public hands
        attitude: oppose
    opposed: [[sell, keep-public]]
  - id: harbour-expansion
    match: [Kelby harbour]
    targets: [expansion]
    positions:
      - id: expand
        attitude: support
      - id: stop
        attitude: oppose
    opposed: [[expand, stop]]
  - id: bridge-toll
    match: [Tarn bridge toll]
    positions:
      - id: keep
        cues: [keep the toll]
      - id: end
        cues: [end the toll]
    opposed: [[keep, end]]
  - id: fuel-tax
    match: [fuel taxation]
    targets: [taxation]
    positions:
      - id: raise
        attitude: support
      - id: cut
        attitude: oppose
    opposed: [[raise, cut]]
  - id: hemp-crop
    match: [hemp]
    targets: [hemp as farm crop]
    positions:
      - id: allow
        attitude: support
      - id: forbid
        attitude: oppose
    opposed: [[allow, forbid]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


@pytest.mark.parametrize(
    ("word", "relative"),
    [
        ("sale", "sell"),
        ("expansion", "expand"),
        ("expand", "expansion"),
        ("taxation", "tax"),
        ("reduction", "reduce"),
        ("closure", "close"),
        ("privatisation", "privatization"),
        ("privatise", "privatize"),
    ],
)
def test_stance_relatives_of_a_word(word: str, relative: str) -> None:
    assert relative in relatives(word)


def test_stance_relatives_keep_short_roots_apart() -> None:
    assert "de" not in relatives("deal")


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("The cabinet intends to sell the ferry operator.", "ferry-sale", "sell"),
        ("We will never sell the ferries while I am minister.", "ferry-sale", "keep-public"),
        ("We are determined to expand the harbour soon.", "harbour-expansion", "expand"),
        ("I will not tax drivers any further this year.", "fuel-tax", "cut"),
        # A relative in a fact still gives nothing.
        ("The ferries sold 40,000 tickets in June.", "ferry-sale", None),
    ],
    ids=["irregular-verb", "irregular-negated", "nsion-verb", "ation-verb", "fact"],
)
def test_stance_target_found_by_its_relatives(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We plan to sell a minority share in Island Ferries next spring.", "sell"),
        ("Keeping Island Ferries under state control would be a costly error.", "sell"),
        ("The government will never sell Island Ferries.", "keep-public"),
        ("We will keep the ownership of the ferry company with the state.", "keep-public"),
        # The label's verb with another object, and the act as a fact, give nothing.
        ("Island Ferries sold a record number of tickets this summer.", None),
        ("We plan to keep the winter timetable.", None),
    ],
    ids=[
        "act-with-object-naming",
        "act-judged",
        "act-refused",
        "act-on-a-noun-of-the-object",
        "act-as-fact",
        "other-object",
    ],
)
def test_stance_the_act_a_label_names(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "ferry-sale") == expected


@pytest.mark.parametrize(
    ("label", "acts"),
    [
        ("sell Island Ferries to a private operator", [("sell", None)]),
        ("bring in or keep a toll on the bridge", [("bring", "in"), ("keep", None)]),
        ("against raising the toll", []),
        ("no toll; scrap the one there is", []),
    ],
)
def test_stance_label_acts(label: str, acts: list[tuple[str, str | None]]) -> None:
    found = _label_actions(load_pipeline(), "p", label)
    assert [(a.verb, a.particle) for a in found] == acts


def test_stance_cue_matches_with_another_article(reader: StanceReader) -> None:
    assert position(reader, "We will keep this toll for now.", "bridge-toll") == "keep"
    assert position(reader, "It is time to end a toll nobody likes.", "bridge-toll") == "end"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will never agree to it, whatever the cabinet says.", "cut"),
        ("I fully support the proposal and will vote for it.", "raise"),
        ("This scheme is a cynical raid on drivers.", "cut"),
        # Something else is named: "it" and the plan stand for that, not the topic.
        ("The proposal for a new bypass will be published in May.", None),
        ("Drivers paid more last year, and they felt it.", None),
    ],
    ids=["pronoun", "plan-noun", "plan-noun-judged", "plan-of-something-else", "fact"],
)
def test_stance_words_that_stand_for_the_target(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "fuel-tax") == expected


def test_stance_it_stands_for_the_target_only_when_acted_on_with_a_side(
    reader: StanceReader,
) -> None:
    assert position(reader, "Lower prices would help to calm it.", "fuel-tax") is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The Orsa wind farm has a future, and we will back it.", True),
        ("The Orsa wind farms have a future.", True),
        # A single plural word is often a word of its own: "talks" is no "talk".
        ("I will talk to the harbour board on Monday.", False),
    ],
    ids=["singular-of-a-plural-phrase", "plural-as-written", "single-word"],
)
def test_stance_a_plural_match_term_also_names_one(text: str, found: bool) -> None:
    reader = reader_for(
        yaml.safe_load(
            """
topics:
  - id: offshore-wind
    match: [wind farms, talks]
    targets: [wind farm]
    positions:
      - {id: build, attitude: support}
      - {id: stop, attitude: oppose}
    opposed: [[build, stop]]
"""
        )
    )
    topics, _stances = reader.read(reader.nlp(text), [(0, len(text))], article_topics=set())
    assert ("offshore-wind" in topics) is found


FARES = yaml.safe_load(
    """
topics:
  - id: bus-fares
    match: [bus fare, bus fares]
    targets: [lower fare, reduced fare, 1 euro fare, fare cut]
    positions:
      - {id: cut, attitude: support}
      - {id: keep, attitude: oppose}
    opposed: [[cut, keep]]
"""
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fare stays where it is.", "keep"),
        ("We will keep the fare as it is.", "keep"),
        # The parser reads "fare stays" as one noun, with "The" on "stays".
        ("The 2 euro fare stays, and my job is to run the buses on time.", "keep"),
        # What is said of the fare as it is says nothing clear of cutting it.
        ("The fare is far too high.", None),
        ("We support a lower fare.", "cut"),
    ],
    ids=["stays", "kept", "stays-read-as-noun", "judged", "the-change-itself"],
)
def test_stance_head_that_every_target_changes_is_the_thing_as_it_is(
    text: str, expected: str | None
) -> None:
    assert position(reader_for(FARES), text, "bus-fares") == expected


SHALE = yaml.safe_load(
    """
topics:
  - id: shale
    match: [fracking, shale gas]
    targets: [fracking, shale drilling]
    positions:
      - {id: allow, label: allow fracking, attitude: support}
      - {id: forbid, label: "forbid fracking (a ban or a moratorium)", attitude: oppose}
    opposed: [[allow, forbid]]
"""
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ban will go ahead as planned.", "forbid"),
        ("We will scrap the moratorium next year.", "allow"),
        # An act noun that names what it acts on is about that thing.
        ("The ban on plastic bags is popular.", None),
    ],
    ids=["ban-goes-ahead", "moratorium-scrapped", "ban-on-something-else"],
)
def test_stance_act_noun_pointed_at_stands_for_the_act_on_the_target(
    text: str, expected: str | None
) -> None:
    assert position(reader_for(SHALE), text, "shale") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will never declare hemp a farm crop.", "forbid"),
        # Without a verb that makes it so, the two words are not the target.
        ("Hemp growers want a farm crop subsidy.", None),
    ],
    ids=["declare-x-y", "no-casting-verb"],
)
def test_stance_target_x_as_y_is_found_in_make_x_y(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "hemp-crop") == expected


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a law making hemp a farm crop", True),
        ("they named hemp their farm crop of the year", True),
        ("hemp and a farm crop", False),
    ],
    ids=["making-x-y", "named-their-x-y", "no-casting-verb"],
)
def test_stance_x_as_y_phrase_matches_after_a_casting_verb(text: str, found: bool) -> None:
    nlp = load_pipeline()
    phrase = lemmatise(nlp, "hemp as farm crop")
    assert bool(match_phrase(phrase, [t for t in nlp(text) if not t.is_punct])) is found
