"""The general stance layer: positions from the words that govern a topic's target.

The topics and sentences are our own; none of the sentences contains a cue of its
topic unless the test is about cues.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rules.model import Topic, TopicsFile
from rules.nlp import load_pipeline
from rules.records import Stance
from rules.stance import StanceReader

TOPICS = yaml.safe_load(
    """
topics:
  - id: congestion-charge
    match: [congestion charge, Orlen]
    targets: [congestion charge, charge]
    positions:
      - id: keep
        attitude: support
        cues: [low emission zone]
      - id: scrap
        attitude: oppose
        cues: [war on motorists]
    opposed: [[keep, scrap]]
  - id: veland-talks
    match: [Veland, Velandian]
    targets: [talks, negotiations, dialogue, meeting]
    positions:
      - id: engage
        attitude: support
      - id: refuse
        attitude: [oppose, conditional]
    opposed: [[engage, refuse]]
  - id: nurse-pay
    match: [nurses' pay, pay rise]
    targets: [pay, pay rise]
    positions:
      - id: raise
        attitude: support
      - id: hold
        attitude: oppose
    opposed: [[raise, hold]]
  - id: tram-line
    match: [tram line, tram extension]
    targets: [tram line, tram extension]
    positions:
      - id: build
        attitude: support
      - id: stop
        attitude: oppose
    opposed: [[build, stop]]
  - id: port-sale
    match: [Harbour Board, port sale]
    targets: [sale, privatisation]
    positions:
      - id: sell
        attitude: support
      - id: keep-public
        attitude: oppose
    opposed: [[sell, keep-public]]
"""
)
STANCE_SET = Path(__file__).resolve().parents[1] / "data" / "stance"


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    return load_pipeline()


@pytest.fixture(scope="module")
def reader(nlp) -> StanceReader:  # type: ignore[no-untyped-def]
    return StanceReader(TopicsFile.model_validate(TOPICS).topics, nlp)


def position(reader: StanceReader, text: str, topic: str = "congestion-charge") -> str | None:
    stance = reader.position_of(text, topic)
    return stance.position if stance else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We welcome the congestion charge.", "keep"),
        ("The council will scrap the congestion charge next spring.", "scrap"),
        ("I do not support the charge.", "scrap"),
        ("We are not ruling out a congestion charge.", "keep"),
        ("The charge is a reckless raid on drivers.", "scrap"),
        ("The congestion charge is a sensible idea.", "keep"),
        ("Scrapping the charge would be a mistake.", "keep"),
        ("I am against extending the charge.", "scrap"),
        ("The charge works, and we will keep it.", "keep"),
        ("My support for the charge has never wavered.", "keep"),
        ("Our opposition to the charge has not changed.", "scrap"),
        ("I don't think the charge is pointless.", "keep"),
        ("the mayor would press ahead with the charge", "keep"),
        ("The charge is off the table.", "scrap"),
    ],
    ids=[
        "support-verb",
        "oppose-verb",
        "negated-support",
        "double-negation",
        "adjective-on-noun",
        "adjective-on-idea",
        "judged-act",
        "against-an-act",
        "pronoun",
        "subject-of-an-event",
        "subject-of-an-event-negated",
        "negation-above",
        "particle-verb",
        "idiom",
    ],
)
def test_attitude_gives_the_position(reader: StanceReader, text: str, expected: str) -> None:
    assert position(reader, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The city would lose shoppers if the charge were scrapped.",
        "Critics say the charge is unfair.",
        "The charge was scrapped in 2019.",
        "Revenue from the charge reached nine million last year.",
        "The committee will discuss the charge in March.",
        "Three councillors want the charge scrapped by spring.",
        "Most shopkeepers on the high street back the charge.",
        "The case for a low emission zone will be debated in March.",
        "Air in the old town has been cleaner since the charge began.",
        # A passive done by someone else, and an indirect question.
        "The charge was first proposed by the previous council.",
        "The mayor asked whether the charge was working.",
        "Whether the charge stays is a matter for the voters.",
        # The other party's people, and allies, act for themselves.
        "Allies urged the council to keep the charge.",
        # "tram stop" misparsed as a clause "the tram stop(s) elsewhere" under "find": a
        # clause with its own subject says nothing of what "find" takes.
        "The council would find the charge income for the cycle lanes and the tram stop elsewhere.",
        # A clause saying what a place or a time is like.
        "Shoppers have moved to the suburbs, where the charge was scrapped.",
        "We remember the winter when the charge was abolished.",
    ],
    ids=[
        "if-clause",
        "others-view",
        "dated-past-fact",
        "plain-fact",
        "procedure",
        "counted-group",
        "quantified-group",
        "cue-as-subject-of-procedure",
        "time-clause",
        "passive-by-others",
        "indirect-question",
        "whether-subject",
        "allies",
        "clause-under-characterising-verb",
        "where-clause",
        "when-clause",
    ],
)
def test_attitude_none_for_facts_and_others(reader: StanceReader, text: str) -> None:
    assert position(reader, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Talks with Veland must wait until the shelling stops.", "refuse"),
        ("We will not talk until they stop shelling.", "refuse"),
        ("Talks with Veland would be a waste of time.", "refuse"),
        ("We will not negotiate with Veland.", "refuse"),
        ("We are ready to sit down for talks with Veland.", "engage"),
        ("Veland has shown no interest in dialogue.", None),
        ("Veland's foreign minister rejected the talks as a stunt.", None),
        ("The talks will be chaired by Norway.", None),
        ("We will not be pushed by Veland into talks we do not want.", "refuse"),
    ],
    ids=[
        "must-wait",
        "not-until",
        "waste",
        "word-family",
        "ready",
        "counterpart-fact",
        "counterpart-possessive",
        "passive-agent",
        "passive-on-us",
    ],
)
def test_attitude_conditional_and_counterpart(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "veland-talks") == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # "lift" raises an amount and removes a restriction.
        ("We will lift the congestion charge in June.", "congestion-charge", "scrap"),
        ("the board wanted the charge lifted before the election", "congestion-charge", "scrap"),
        ("We will lift nurses' pay by five per cent.", "nurse-pay", "raise"),
        # General words of judgement, of continuing and of easing, not topic words.
        (
            "Dropping the charge would be an affront to every asthmatic child.",
            "congestion-charge",
            "keep",
        ),
        ("A charge at this level is daylight robbery.", "congestion-charge", "scrap"),
        (
            "The charge will stay in place for as long as the air is dirty.",
            "congestion-charge",
            "keep",
        ),
        ("There will be no easing of the charge this year.", "congestion-charge", "keep"),
        ("We will not be deterred from completing the charge scheme.", "congestion-charge", "keep"),
        # Each verb coordinated in the predicate judges the subject.
        (
            "Dropping the charge would cheer the lobbyists and betray our children.",
            "congestion-charge",
            "keep",
        ),
        # A characterising verb's complement says what the speaker thinks of its object.
        ("the mayor called the charge a cynical tax grab", "congestion-charge", "scrap"),
        ("She described demands for a charge as a distraction.", "congestion-charge", "scrap"),
        ("I find the charge perfectly reasonable.", "congestion-charge", "keep"),
        # "not only" adds; it does not deny.
        ("The charge is not only fair, it is overdue.", "congestion-charge", "keep"),
        # A date on the act judged is not the date of the judgement.
        ("It was a mistake to drop the charge last winter.", "congestion-charge", "keep"),
        # What is said of the topic's other party is not its doing.
        ("The Harbour Board is not for sale.", "port-sale", "keep-public"),
        ("The Harbour Board has opposed the sale from the start.", "port-sale", None),
        # A verb that denies its clause, negated, asserts it.
        ("I have never hidden that I want the charge.", "congestion-charge", "keep"),
        # A date inside the subject is not the time of the clause.
        ("The four-day charge trial had been a success.", "congestion-charge", "keep"),
        # Idioms of a verb, its object and a preposition, and nouns read with their modifier.
        ("We must not turn our backs on the charge.", "congestion-charge", "keep"),
        ("The council pulled the plug on the charge.", "congestion-charge", "scrap"),
        ("We will give the green light to the charge in May.", "congestion-charge", "keep"),
        # A coordinated verb without a subject of its own says its xcomp of the subject.
        ("The charge has done its job and will be allowed to lapse.", "congestion-charge", "scrap"),
        # An amount the target changes is its effect, not the speaker's attitude.
        ("The charge has cut traffic by a third.", "congestion-charge", None),
        ("The charge would raise prices in the old town.", "congestion-charge", None),
        # A passive commitment, and a refusal with a negated "can".
        ("Talks cannot be held until the shelling stops.", "veland-talks", "refuse"),
        ("The charge will not be renewed in May.", "congestion-charge", "scrap"),
        # "make X adjective": the adjective says what the speaker wants X to be.
        ("We are making the charge permanent from Monday.", "congestion-charge", "keep"),
        # The head noun of a target of several words, pointed at: "the extension".
        ("The extension is a waste of money.", "tram-line", "stop"),
        ("An extension of the school day would be welcome.", "tram-line", None),
        # A participle on the target describes it; it takes no side.
        ("The inspectors will visit the proposed tram line in June.", "tram-line", None),
        # A short word family by inflection: the target "meeting" finds "meet".
        ("We are ready to meet the Velandian envoy tomorrow.", "veland-talks", "engage"),
        # What the target has or deserves: "has my full support", "has no place".
        ("The charge has my full support.", "congestion-charge", "keep"),
        ("The charge has no place in a modern city.", "congestion-charge", "scrap"),
        ("The charge has done more harm than good.", "congestion-charge", "scrap"),
        # Verbs that say something only of their subject, bare.
        ("The charge must go.", "congestion-charge", "scrap"),
        ("Let me be clear: the charge stays.", "congestion-charge", "keep"),
        ("The charge is here to stay.", "congestion-charge", "keep"),
        ("The charge application will go through the usual process.", "congestion-charge", None),
        # An intensifying adjective leaves the judgement to its noun.
        ("The charge has been a complete failure.", "congestion-charge", "scrap"),
        # "no reason to", "no need to" deny the act.
        ("I see no reason to keep the charge.", "congestion-charge", "scrap"),
        ("I have made no secret of my support for the charge.", "congestion-charge", "keep"),
        # Phrasal verbs and nouns of retreat, reconsidering, standing behind.
        ("We will not back down on the charge.", "congestion-charge", "keep"),
        ("I would urge the council to think again about the charge.", "congestion-charge", "scrap"),
        ("I stand firmly behind the charge.", "congestion-charge", "keep"),
        ("We will do away with the charge.", "congestion-charge", "scrap"),
        ("Getting rid of the charge is my first priority.", "congestion-charge", "scrap"),
        ("I have serious reservations about the charge.", "congestion-charge", "scrap"),
        ("The charge was a step in the right direction.", "congestion-charge", "keep"),
        # An idiom after another preposition.
        ("The charge is not up for negotiation.", "congestion-charge", "keep"),
        ("Dialogue with Veland is not on the agenda.", "veland-talks", "refuse"),
        # "only" on the main verb makes a once-clause a condition.
        ("Talks can only begin once the troops have withdrawn.", "veland-talks", "refuse"),
        # An attitude held by people the speaker describes counts only through what the
        # speaker says of them.
        ("Those who call for talks with Veland are naive.", "veland-talks", "refuse"),
        ("Opponents of the charge are simply wrong.", "congestion-charge", "keep"),
        ("Supporters of the charge say it has cleaned the air.", "congestion-charge", None),
        (
            "Anyone who backs the charge should try parking in the old town.",
            "congestion-charge",
            None,
        ),
        # A dated past event is news, even when it carries out an act.
        ("The council voted to keep the charge on Tuesday.", "congestion-charge", None),
        ("We cannot afford to lose the charge.", "congestion-charge", "keep"),
        # A noun between two prepositions, with the verb before it and its negations.
        ("The government will not stand in the way of a fair pay rise.", "nurse-pay", "raise"),
        ("Nobody here will stand in the way of the tram extension.", "tram-line", "build"),
        ("I am not convinced the sale is in the public interest.", "port-sale", "keep-public"),
        # What the target does, when that is good or bad in itself; a figure is neither.
        ("The sale makes sense for taxpayers.", "port-sale", "sell"),
        ("The tram extension would cost 400 million pounds.", "tram-line", None),
        # Idiomatic nouns read with their modifier.
        ("The tram extension is a white elephant.", "tram-line", "stop"),
        # Doubting a clause denies it; "nothing" denies the adjective on it.
        ("I doubt the charge will ever work.", "congestion-charge", "scrap"),
        ("There is nothing wrong with the charge.", "congestion-charge", "keep"),
        ("Frankly, the charge is a con.", "congestion-charge", "scrap"),
        # Under a procedure the act is not decided; a decision settles it.
        ("We are considering scrapping the charge.", "congestion-charge", None),
        ("The council has decided to scrap the charge.", "congestion-charge", "scrap"),
        # ", not X" is about X.
        ("We want talks, not war.", "veland-talks", "engage"),
        # "unless" makes a condition of a refusal, not of a stand.
        ("We will keep the charge unless the courts strike it down.", "congestion-charge", "keep"),
        ("There will be no talks unless the shelling stops.", "veland-talks", "refuse"),
        # "before" sets a deadline for a stand and a condition for a refusal.
        ("We will hold talks before the winter sets in.", "veland-talks", "engage"),
        ("There will be no talks before the prisoners are home.", "veland-talks", "refuse"),
        # What the speaker says of the thing the target is: "something I have supported".
        ("The charge is something I have always supported.", "congestion-charge", "keep"),
        ("The charge is something we will never accept.", "congestion-charge", "scrap"),
        # An attitude noun predicated of the speaker is the speaker's own.
        ("I was never a fan of the charge.", "congestion-charge", "scrap"),
    ],
    ids=[
        "lift-restriction",
        "lift-restriction-passive",
        "lift-amount",
        "judgement-noun",
        "judgement-idiom",
        "continuing",
        "easing-denied",
        "deterred-negated",
        "coordinated-predicate",
        "called-x-y",
        "described-x-as-y",
        "find-x-adjective",
        "not-only",
        "dated-act-judged-now",
        "counterpart-state",
        "counterpart-act",
        "never-hidden",
        "date-in-subject",
        "turn-back-on",
        "pull-plug-on",
        "green-light",
        "coordinated-xcomp",
        "effect-cut",
        "effect-raise",
        "passive-refusal-until",
        "passive-commitment",
        "make-x-adjective",
        "pointed-head-noun",
        "unpointed-head-noun",
        "participle-describes",
        "short-family",
        "has-support",
        "has-no-place",
        "more-harm-than-good",
        "must-go",
        "stays",
        "here-to-stay",
        "goes-through-no-view",
        "intensifier",
        "no-reason-to",
        "no-secret-of",
        "not-back-down",
        "think-again",
        "stand-behind",
        "do-away-with",
        "get-rid-of",
        "reservations",
        "right-direction",
        "nested-idiom",
        "not-on-the-agenda",
        "only-on-main-verb",
        "those-who",
        "opponents-of",
        "supporters-say",
        "anyone-who",
        "dated-vote",
        "cannot-afford-to-lose",
        "stand-in-the-way-negated",
        "nobody-stands-in-the-way",
        "public-interest",
        "makes-sense",
        "a-figure",
        "white-elephant",
        "doubt-denies",
        "nothing-wrong",
        "a-con",
        "considering",
        "decided",
        "contrastive-not",
        "stand-unless",
        "refusal-unless",
        "deadline-before",
        "refusal-before",
        "something-i-supported",
        "something-we-never-accept",
        "never-a-fan",
    ],
)
def test_attitude_general_word_classes(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


def test_attitude_hedge_and_double_negation_lower_the_confidence(reader: StanceReader) -> None:
    plain = reader.position_of("We support the charge.", "congestion-charge")
    hedged = reader.position_of("We might support the charge.", "congestion-charge")
    double = reader.position_of("We are not ruling out the charge.", "congestion-charge")
    assert plain is not None and hedged is not None and double is not None
    assert hedged.confidence < plain.confidence
    assert double.confidence < plain.confidence


def test_attitude_evidence_names_the_deciding_words(reader: StanceReader) -> None:
    stance = reader.position_of("We are not ruling out the charge.", "congestion-charge")
    assert stance is not None
    assert any("ruling out" in e and e.startswith("not:") for e in stance.evidence)
    assert stance.negated


def test_attitude_flips_a_cue_governed_by_an_opposing_word(reader: StanceReader) -> None:
    assert position(reader, "We back a low emission zone.") == "keep"
    assert position(reader, "We oppose a low emission zone.") == "scrap"


def test_attitude_keeps_a_cue_after_a_date_introduced_by_by(reader: StanceReader) -> None:
    """ "finished by March" names a date, not someone else doing the finishing."""
    text = "the study should be finished by March and that no low emission zone would be approved"
    assert position(reader, text) == "scrap"


def test_attitude_drops_a_cue_in_someone_elses_view(reader: StanceReader) -> None:
    assert position(reader, "Critics say a low emission zone is coming.") is None


def test_attitude_cues_alone_without_the_general_layer(nlp) -> None:  # type: ignore[no-untyped-def]
    topics = TopicsFile.model_validate(TOPICS).topics
    cues_only = StanceReader(topics, nlp, general=False)
    assert cues_only.position_of("We welcome the congestion charge.", "congestion-charge") is None
    stance = cues_only.position_of("We want a low emission zone.", "congestion-charge")
    assert stance is not None and stance.position == "keep"


def test_attitude_a_topic_without_attitudes_uses_its_cues_only(nlp) -> None:  # type: ignore[no-untyped-def]
    raw = yaml.safe_load(yaml.safe_dump(TOPICS))
    for position_ in raw["topics"][0]["positions"]:
        position_.pop("attitude")
    reader = StanceReader(TopicsFile.model_validate(raw).topics, nlp)
    assert reader.position_of("We welcome the congestion charge.", "congestion-charge") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A question that argues means the opposite of what it asks about.
        ("Why would we let a congestion charge empty our high street?", "scrap"),
        ("But why should shoppers pay a charge just to drive into town?", "scrap"),
        ("Who actually gains from the congestion charge? Not the shopkeepers.", "scrap"),
        ("What has the congestion charge ever done for the high street?", "scrap"),
        ("How can anyone defend a charge that hits nurses on night shifts?", "scrap"),
        ("What is the point of a congestion charge that nobody enforces?", "scrap"),
        ("Why would anyone want to scrap the congestion charge now?", "keep"),
        ("What is the harm in keeping the congestion charge for a year?", "keep"),
        # An intent denied: "no intention of", "no appetite for".
        ("I have no intention of scrapping the congestion charge.", "keep"),
        ("There is no appetite in this council for the congestion charge.", "scrap"),
        ("Putting a charge on drivers is the last thing this town needs.", "scrap"),
        ("We will stand by the congestion charge and have no plans to water it down.", "keep"),
        # A yes-no question that presses argues; one that asks gives nothing.
        ("Do we really want a congestion charge that empties the high street?", "scrap"),
        ("Are we seriously going to scrap the congestion charge now?", "keep"),
        ("Shouldn't we keep the congestion charge for another year?", "keep"),
        # "foolish enough" already judges the act: the question does not turn it again
        ("Who would be foolish enough to scrap the congestion charge this winter?", "keep"),
        ("Who would be daft enough to keep the congestion charge as it is?", "scrap"),
    ],
)
def test_attitude_rhetorical_questions_and_denied_intent(
    reader: StanceReader, text: str, expected: str
) -> None:
    assert position(reader, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "How many drivers paid the congestion charge in March?",
        "When will the council publish its review of the congestion charge?",  # asks
        "Who drew up the congestion charge?",  # a question of fact
        "Which streets will the congestion charge cover?",
        "Do you support the congestion charge?",
        "Will the council keep the congestion charge?",
        "Will the council bring in a low emission zone?",
        "What has the council done for drivers since the congestion charge began?",
        # A report on something is about it, not for or against it.
        "The auditor will report on the cost of the congestion charge in May.",
    ],
)
def test_attitude_questions_that_ask_give_no_position(reader: StanceReader, text: str) -> None:
    assert position(reader, text) is None


def _labelled(part: str) -> list[Topic]:
    return [
        topic
        for path in sorted((STANCE_SET / part).glob("*.yaml"))
        for topic in TopicsFile.model_validate(
            yaml.safe_load(path.read_text(encoding="utf-8"))
        ).topics
    ]


def _position_name(stance: Stance | None) -> str | None:
    return stance.position if stance else None


@pytest.mark.parametrize(
    ("part", "size", "floor"),
    [
        ("dev", 150, 0.83),
        # dev2 and dev3: four topics each, configured and labelled before the layer was
        # run on them (blind first scores 0.635 and 0.635); the floors sit just under
        # today's figures.
        ("dev2", 90, 0.93),
        ("dev3", 90, 0.80),
        # dev4: news-style reported speech, written blind (first score 0.490).
        ("dev4", 90, 0.55),
    ],
)
def test_attitude_labelled_set_accuracy(nlp, part: str, size: int, floor: float) -> None:  # type: ignore[no-untyped-def]
    """Our labelled sets (tests/data/stance): the general layer must carry most of them,
    and must rarely give the opposed position (that is what makes a false alert)."""
    topics = _labelled(part)
    results = {}
    for general in (False, True):
        reader = StanceReader(topics, nlp, general=general)
        results[general] = [
            (example.position, _position_name(reader.position_of(example.text, topic.id)), topic)
            for topic in topics
            for example in topic.examples
        ]
    total = len(results[True])
    assert total >= size
    right = sum(expected == got for expected, got, _ in results[True])
    right_cues_only = sum(expected == got for expected, got, _ in results[False])
    opposed = sum(
        got is not None and expected is not None and topic.opposes(got, expected)
        for expected, got, topic in results[True]
    )
    assert right / total >= floor
    assert right - right_cues_only >= 0.3 * total
    assert opposed / total <= 0.05


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The new council should revoke the congestion charge on day one.", "scrap"),
        ("We will uphold the charge against every legal challenge.", "keep"),
        ("The charge is a half-baked, shameful tax on the poor.", "scrap"),
        ("The charge is a bold and commendable step.", "keep"),
        ("Councillors ought to torpedo the charge before it starts.", "scrap"),
        ("We are proud to safeguard the charge for the next decade.", "keep"),
    ],
    ids=["revoke", "uphold", "half-baked", "commendable", "torpedo", "safeguard"],
)
def test_attitude_more_general_words(reader: StanceReader, text: str, expected: str) -> None:
    assert position(reader, text) == expected


def test_attitude_a_without_phrase_keeps_its_words_to_itself(reader: StanceReader) -> None:
    """What sits in "without ..." is what the act leaves out: the act above does not
    govern it, so a cue in there is not turned round by the act."""
    text = (
        "Scrapping the charge without saying how a low emission zone would be paid for is reckless."
    )
    assert position(reader, text) == "keep"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The charge was right in May and it is right now.", "keep"),
        ("The charge is wrong now.", "scrap"),
        # "right" as an intensifier of a place, or "be" helping another verb.
        ("The charge is right there in the budget.", None),
        ("The charge is right now being reviewed.", None),
    ],
    ids=["right-now", "wrong-now", "right-there", "auxiliary"],
)
def test_attitude_verdict_the_parser_reads_as_an_adverb(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text) == expected
