"""Classes of misreading the general stance layer had, each with sentences of our own on
topics of our own (a bridge toll, a ferry company's sale, a ring road). None contains a
cue of its topic."""

from __future__ import annotations

import pytest
import yaml

from rules.stance import StanceReader
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: toll
    match: [bridge toll, toll]
    targets: [toll, bridge toll]
    positions:
      - id: keep
        label: keep charging the bridge toll
        attitude: support
      - id: scrap
        label: abolish the bridge toll
        attitude: oppose
    opposed: [[keep, scrap]]
  - id: ferry-sale
    match: [Island Ferries, ferry sale]
    targets: [sale, privatisation]
    positions:
      - id: sell
        label: sell Island Ferries to private owners
        attitude: support
      - id: keep-public
        label: keep Island Ferries in public hands
        attitude: oppose
    opposed: [[sell, keep-public]]
  - id: ring-road
    match: [ring road]
    targets: [ring road]
    positions:
      - id: build
        label: build the ring road
        attitude: support
      - id: stop
        label: stop the ring road
        attitude: oppose
    opposed: [[build, stop]]
  - id: timber-duty
    match: [timber duty, duties on timber]
    targets: [duty, duties, timber duty]
    positions:
      - id: impose
        label: put duties on imported timber
        attitude: support
      - id: lift
        label: no duties on timber
        attitude: oppose
    opposed: [[impose, lift]]
  - id: dravia-sanctions
    match: [Dravia, Dravian]
    targets: [sanctions, embargo]
    positions:
      - id: tighten
        label: keep or tighten the sanctions
        attitude: support
        cues: [maximum pressure]
      - id: ease
        label: ease the sanctions
        attitude: oppose
        cues: [quiet diplomacy]
    opposed: [[tighten, ease]]
  - id: card-law
    match: [card law, ID card, identity card]
    targets: [ID card, card law, identity card, ID card law]
    positions:
      - id: require
        label: keep the ID card law
        attitude: support
      - id: repeal
        label: repeal the ID card law
        attitude: oppose
    opposed: [[require, repeal]]
  - id: firework-ban
    match: [fireworks, firework ban, ban on fireworks]
    targets: [ban on fireworks, firework ban, fireworks]
    positions:
      - id: ban
        label: ban private fireworks
        attitude: oppose
      - id: allow
        label: allow private fireworks
        attitude: support
    opposed: [[ban, allow]]
  - id: ostland-treaty
    match: [Ostland, Ostland treaty, treaty]
    targets: [treaty, Ostland treaty, ratification]
    positions:
      - id: ratify
        label: ratify the Ostland treaty
        attitude: support
      - id: reject
        label: reject the treaty or delay it until changed
        attitude: [oppose, conditional]
    opposed: [[ratify, reject]]
  - id: sunday-trading
    match: [Sunday trading, Sunday opening]
    targets: [Sunday trading, Sunday opening, deregulation]
    positions:
      - id: liberalise
        label: let large shops open all day on Sundays
        attitude: support
      - id: restrict
        label: keep the limits on Sunday opening
        attitude: oppose
    opposed: [[liberalise, restrict]]
  - id: dock-pay
    match: [dock workers, dockers' pay]
    targets: [pay, pay rise]
    positions:
      - id: raise
        label: raise dockers' pay
        attitude: support
      - id: hold
        label: hold pay
        attitude: oppose
    opposed: [[raise, hold]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # The parser may tag the attitude verb before an act as its auxiliary.
        ("We oppose scrapping the bridge toll.", "toll", "keep"),
        ("We do not oppose scrapping the toll.", "toll", "scrap"),
        ("We oppose building the ring road.", "ring-road", "stop"),
    ],
    ids=["oppose-aux", "oppose-aux-negated", "oppose-aux-build"],
)
def test_stance_attitude_verb_taken_for_an_auxiliary(
    reader: StanceReader, text: str, topic: str, expected: str
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("I will not come here and promise you that the toll can be abolished.", "toll", "keep"),
        ("I won't stand here and tell you that the toll will go.", "toll", "keep"),
        (
            "I won't go to the valley and promise them the ring road will be built.",
            "ring-road",
            "stop",
        ),
        # A second verb with its own auxiliary is its own clause.
        ("We will not delay the ring road and will build it next year.", "ring-road", "build"),
    ],
    ids=["come-and-promise", "stand-and-tell", "go-and-promise", "own-auxiliary"],
)
def test_stance_negation_over_a_promise(
    reader: StanceReader, text: str, topic: str, expected: str
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We brought in the bridge toll in 2015 and it must stay.", "keep"),
        ("The toll pays for the repairs. It has to go.", "scrap"),
        ("Drivers resent the toll, and it should be scrapped.", "scrap"),
        ("The toll is unfair and I think it should be scrapped.", "scrap"),
        # With no mention of the target, "it" with nothing before it stands for it.
        ("It must stay.", "keep"),
        ("It needs to be scrapped.", "scrap"),
        # An "it" that opens a clause, or stands for something named after the target.
        ("It is important that islanders are heard.", None),
        ("It makes sense to wait.", None),
        ("The council says it should be scrapped.", None),
    ],
    ids=[
        "and-it-must-stay",
        "next-sentence",
        "after-comma",
        "under-think",
        "alone-stay",
        "alone-needs",
        "empty-it-that",
        "empty-it-to",
        "other-noun-before",
    ],
)
def test_stance_it_as_subject_stands_for_the_target(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "toll") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We must sell more tickets to keep the ferries running.", None),
        ("The operator sold record numbers of tickets, and we want to sell more.", None),
        ("We will sell our stake in Island Ferries.", "sell"),
        ("We will not sell Island Ferries.", "keep-public"),
        ("We will sell it to the highest bidder.", "sell"),
    ],
    ids=["more-tickets", "sell-more", "stake", "named", "pronoun"],
)
def test_stance_a_family_verb_on_another_thing_is_not_the_target(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "ferry-sale") == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("The toll needs to be scrapped.", "toll", "scrap"),
        ("The toll deserves to be abolished.", "toll", "scrap"),
        ("The toll needs to stay.", "toll", "keep"),
        ("The toll needs to be reviewed.", "toll", None),
        ("The ring road needs to be built.", "ring-road", "build"),
    ],
    ids=["needs-scrapping", "deserves", "needs-stay", "needs-review", "needs-building"],
)
def test_stance_what_is_to_become_of_the_subject(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        ("The ring road has had its day.", "ring-road", "stop"),
        ("Hands off our toll.", "toll", "keep"),
        ("The ring road is a no-go.", "ring-road", "stop"),
        ("There is no place for the ring road in this valley.", "ring-road", "stop"),
        ("The ring road has no future.", "ring-road", "stop"),
        ("The ring road is a step too far.", "ring-road", "stop"),
        ("The toll goes too far.", "toll", "scrap"),
        ("The ring road is on its last legs.", "ring-road", "stop"),
        ("Over my dead body will the ring road be built.", "ring-road", "stop"),
        ("We will kick the ring road into the long grass.", "ring-road", "stop"),
        ("We make no apology for the ring road.", "ring-road", "build"),
        ("The ring road is not fit for purpose.", "ring-road", "stop"),
        ("It is time to call time on the ring road.", "ring-road", "stop"),
        ("The toll is a sticking plaster.", "toll", "scrap"),
        ("We are fully behind the ring road.", "ring-road", "build"),
        ("The ring road will never happen.", "ring-road", "stop"),
        ("The ring road is a recipe for disaster.", "ring-road", "stop"),
        ("The ring road is in nobody's interest.", "ring-road", "stop"),
        ("We will not rest until the ring road is built.", "ring-road", "build"),
        ("The sale makes no sense.", "ferry-sale", "keep-public"),
        ("The ring road would do no good.", "ring-road", "stop"),
        ("The ring road is here to stay.", "ring-road", "build"),
        ("We cannot afford the ring road.", "ring-road", "stop"),
        ("It's time to end the bridge toll.", "toll", "scrap"),
        ("The case for the ring road is overwhelming.", "ring-road", "build"),
        ("The ring road is not the answer.", "ring-road", "stop"),
        ("We stand by the toll.", "toll", "keep"),
    ],
    ids=[
        "had-its-day",
        "hands-off",
        "no-go",
        "no-place-for",
        "no-future",
        "step-too-far",
        "goes-too-far",
        "last-legs",
        "over-my-dead-body",
        "long-grass",
        "no-apology",
        "not-fit-for-purpose",
        "call-time-on",
        "sticking-plaster",
        "behind",
        "never-happen",
        "recipe-for-disaster",
        "nobodys-interest",
        "not-rest-until",
        "makes-no-sense",
        "no-good",
        "here-to-stay",
        "cannot-afford",
        "time-to-end",
        "case-for",
        "not-the-answer",
        "stand-by",
    ],
)
def test_stance_common_news_phrasings(
    reader: StanceReader, text: str, topic: str, expected: str
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # A semicolon ends a clause, whatever the parser hangs across it.
        (
            "We won't be putting duties on timber; they hurt the builders who buy it.",
            "timber-duty",
            "lift",
        ),
        # An adjective with its preposition after a verb: "go soft on", "get tough on".
        ("We will not go soft on sanctions against Dravia.", "dravia-sanctions", "tighten"),
        ("I am not about to go soft on sanctions against Dravia.", "dravia-sanctions", "tighten"),
        # A reported "had to" is a demand, not a dated event.
        ("The toll had to go up this year.", "toll", "keep"),
        # Money going to a thing is spending on it; its "not" or "no" refuses that.
        ("Not one more pound of public money is going to the ring road.", "ring-road", "stop"),
        ("No more money will go into the ring road.", "ring-road", "stop"),
        ("Half the money went to the ring road in 2019.", "ring-road", None),
        # A verb of harm done by the target; its participle as an adjective is not one.
        ("The ring road would only divide the valley.", "ring-road", "stop"),
        ("Farmers are divided about the ring road.", "ring-road", None),
        # A cue inside a question that argues against an act turns round.
        ("Why would we go back to quiet diplomacy with Dravia?", "dravia-sanctions", "tighten"),
    ],
    ids=[
        "semicolon",
        "go-soft-on",
        "not-about-to",
        "had-to-go-up",
        "not-one-pound",
        "no-more-money",
        "money-fact",
        "harm-verb",
        "divided-adjective",
        "cue-in-argued-question",
    ],
)
def test_stance_clauses_money_and_questions(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # A view held once is not held now.
        ("I no longer support the bridge toll.", "toll", "scrap"),
        ("I used to back the bridge toll.", "toll", "scrap"),
        ("I used to oppose the toll, but now I support it.", "toll", "keep"),
        # Nouns made of attitude verbs, and an attitude to such a noun.
        ("Our rejection of the ring road is final.", "ring-road", "stop"),
        ("The cancellation of the ring road was a blunder.", "ring-road", "build"),
        ("The commission will send its recommendation on the ring road in May.", "ring-road", None),
        ("We will vote against the renewal of the sanctions.", "dravia-sanctions", "ease"),
        ("We are against the lifting of sanctions.", "dravia-sanctions", "tighten"),
        ("We call for the lifting of sanctions.", "dravia-sanctions", "ease"),
        ("We call for the abolition of the toll.", "toll", "scrap"),
        # An act the parser hung on a noun as its adjective.
        (
            "Halting construction of the ring road is the only sensible choice left.",
            "ring-road",
            "stop",
        ),
        # A second judgement with its own article, hung on the first one's phrase.
        (
            "the scrapping of the bridge toll would be a gift to the hauliers and a disaster for "
            "the island",
            "toll",
            "keep",
        ),
        # A hyphenated word the tokenizer split.
        (
            "the repeal of the ID card law was a non-starter while she chaired the committee",
            "card-law",
            "require",
        ),
        # What a target keeps or wants is what it does, not a view of it.
        (
            "The ID card law keeps migrants and the poor away from the clinics, and it has to go.",
            "card-law",
            "repeal",
        ),
        # "stay" with a clause that adds nothing.
        ("the toll would stay exactly where it was, whatever the hauliers said", "toll", "keep"),
        ("The ID card law is not going anywhere.", "card-law", "require"),
        ("the ID card law would stay on the books", "card-law", "require"),
        # Questions that ask for a fact, and reports of others.
        ("Which villages will the ring road pass through?", "ring-road", None),
        (
            "Hauliers and the farmers' union strongly back the ring road, according to a survey.",
            "ring-road",
            None,
        ),
        (
            "About a tenth of patients hold no ID card at all, according to the health board.",
            "card-law",
            None,
        ),
        ("My party will bury the ring road on the day we take office.", "ring-road", "stop"),
        ("Asking patients for an ID card is common sense, not bureaucracy.", "card-law", "require"),
    ],
    ids=[
        "no-longer",
        "used-to",
        "used-to-but-now",
        "rejection-of",
        "cancellation-judged",
        "recommendation-on",
        "against-renewal-of",
        "against-lifting-of",
        "for-lifting-of",
        "for-abolition-of",
        "gerund-as-adjective",
        "second-judgement",
        "non-starter",
        "intent-verb-by-target",
        "stay-where-it-is",
        "not-going-anywhere",
        "on-the-books",
        "which-question",
        "others-and-according-to",
        "according-to",
        "bury",
        "common-sense",
    ],
)
def test_stance_held_views_act_nouns_and_reports(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # Spending on a thing is for it; what is set aside after "rather than" is not.
        ("We should spend the money on the ring road.", "ring-road", "build"),
        (
            "We should spend the money on fixing the bus lanes rather than on a ring road that few "
            "people will ever use.",
            "ring-road",
            "stop",
        ),
        # "it" is most likely the nearest subject before it, and the clause an empty "it"
        # stands for comes after it.
        (
            "This toll gives the council more cash than it has raised in a decade; it deserves to "
            "stay.",
            "toll",
            "keep",
        ),
        ("It is clear that the council needs the money.", "toll", None),
        # An imperative "let" wants what it lets happen.
        ("Let them pay the toll.", "toll", "keep"),
        ("Don't let them keep the toll.", "toll", "scrap"),
        # A meeting's agenda is business, not a view.
        ("The ring road is on the agenda for Thursday's council.", "ring-road", None),
        ("The ring road is not on the agenda.", "ring-road", "stop"),
    ],
    ids=[
        "spend-on",
        "spend-rather-than",
        "it-nearest-subject",
        "it-clause-after",
        "let",
        "dont-let",
        "meeting-agenda",
        "not-on-the-agenda",
    ],
)
def test_stance_spending_pronouns_and_let(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # "they" for a target named in the plural, never for one not named.
        ("We put duties on timber last year, and they must stay.", "timber-duty", "impose"),
        ("The builders hate the duties, and they will vote against us.", "timber-duty", None),
        ("They must be lifted.", "dravia-sanctions", None),
        # A clause with its own subject is not the first clause's doer's.
        (
            "dock workers had waited long enough and their pay had to go up this year",
            "dock-pay",
            "raise",
        ),
        # Part of a group is still the group.
        ("Most of the councillors back the ring road.", "ring-road", None),
        (
            "The opposition wants the ring road built, and several of our allies agree with them.",
            "ring-road",
            None,
        ),
    ],
    ids=["they-plural", "they-people", "they-unnamed", "own-subject", "most-of", "several-of"],
)
def test_stance_plural_pronouns_and_whose_clause(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # "the ban" stands for the act target "ban on fireworks", and is read as the act.
        ("The ban is overdue.", "firework-ban", "ban"),
        ("I oppose the ban.", "firework-ban", "allow"),
        ("We will keep the ban.", "firework-ban", "ban"),
        ("Fireworks should stay legal.", "firework-ban", "allow"),
        # A time after "go" leaves it bare.
        ("the toll would go at the end of the year", "toll", "scrap"),
        ("The toll pays for the ferry, and I will not apologise for it.", "toll", "keep"),
        (
            "The treaty is a bad deal for our farmers and we will vote it down.",
            "ostland-treaty",
            "reject",
        ),
    ],
    ids=[
        "the-ban-overdue",
        "oppose-the-ban",
        "keep-the-ban",
        "stay-legal",
        "go-at-a-time",
        "no-apology",
        "vote-down",
    ],
)
def test_stance_act_heads_and_bare_verbs(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An attitude to a restriction on the target is the other way to the target.
        ("The rules on Sunday trading are outdated and should be scrapped.", "liberalise"),
        ("We will lift the restrictions on Sunday trading.", "liberalise"),
        ("The Sunday trading rules must stay.", "restrict"),
        ("The rules on Sunday trading have served us well.", "restrict"),
        # Not when an act without a side stands between ("changing the rules").
        ("I see no case for changing the Sunday trading rules.", "restrict"),
        ("Liberalising Sunday trading would be a hammer blow to family life.", "restrict"),
        ("Deregulation is the obvious next step.", "liberalise"),
    ],
    ids=[
        "rules-scrapped",
        "lift-restrictions",
        "rules-stay",
        "served-well",
        "changing-rules",
        "hammer-blow",
        "next-step",
    ],
)
def test_stance_restrictions_on_the_target(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "sunday-trading") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An attitude in a "before" clause of a plain main clause waits for it.
        ("The treaty needs changes before we can support it.", "reject"),
        ("We will ratify the treaty before the summer.", "ratify"),
        ("Until the fisheries chapter is fixed, the treaty stays on the shelf.", "reject"),
        ("The treaty sells our farmers down the river.", "reject"),
        # Harm the target does, and effects counted in figures.
        ("The treaty would flood our market with cheap grain.", "reject"),
        ("The treaty will create thousands of jobs.", "ratify"),
        ("The treaty will cost thousands of jobs.", "reject"),
        # A group named in the plural holds its own view; "our members" are the speaker's.
        ("Farmers fear the treaty will flood the market with cheap grain.", None),
        ("Our members back the treaty.", "ratify"),
        # A particle the preposition hangs from.
        ("We should walk away from the treaty.", "reject"),
        ("We will not walk away from the treaty.", "ratify"),
        # "go back on" reneges, though "go on" alone carries on
        ("There can be no going back on the treaty.", "ratify"),
        ("The government should go back on the treaty.", "reject"),
        ("Our government will not go back on the treaty.", "ratify"),
        # An act put forward to be judged counts only by its judgement; the harm it would
        # do is one (rules.consequences).
        ("Walking away from the treaty now would leave our boats tied up in harbour.", "ratify"),
        ("Walking away from the treaty would be madness.", "ratify"),
        ("Voting this treaty down would isolate us.", "ratify"),
    ],
    ids=[
        "before-clause",
        "before-a-date",
        "on-the-shelf",
        "down-the-river",
        "flood",
        "create-thousands-of-jobs",
        "cost-thousands-of-jobs",
        "group-fears",
        "our-members",
        "walk-away-from",
        "not-walk-away-from",
        "no-going-back-on",
        "should-go-back-on",
        "not-go-back-on",
        "act-put-forward-harm",
        "act-put-forward-judged",
        "isolate",
    ],
)
def test_stance_treaty_phrasings(reader: StanceReader, text: str, expected: str | None) -> None:
    assert position(reader, text, "ostland-treaty") == expected


@pytest.mark.parametrize(
    ("text", "topic", "expected"),
    [
        # A plan pointed at after the target is named stands for it.
        ("Ministers announced the ring road yesterday; the plan is reckless.", "ring-road", "stop"),
        (
            "The ring road has been talked about for years, and this scheme deserves our backing.",
            "ring-road",
            "build",
        ),
        # "last" in "the last council" names no time: the agent is someone else.
        (
            "The toll was brought in by the last council, and the policy has failed.",
            "toll",
            "scrap",
        ),
        # What the target does to the place it is in.
        ("The ring road will transform the valley.", "ring-road", "build"),
        ("The ring road will ruin the valley.", "ring-road", "stop"),
        ("There is no money for the ring road.", "ring-road", "stop"),
        ("The ring road belongs in the dustbin of history.", "ring-road", "stop"),
    ],
    ids=["the-plan", "this-scheme", "last-council", "transform", "ruin", "no-money-for", "dustbin"],
)
def test_stance_plans_agents_and_effects(
    reader: StanceReader, text: str, topic: str, expected: str | None
) -> None:
    assert position(reader, text, topic) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # What comes after "than" in "would rather ... than ..." is set aside.
        ("I would rather raise council tax than scrap the toll.", "keep"),
        ("I would sooner resign than keep the toll.", "scrap"),
        ("We would rather scrap the toll than raise council tax.", "scrap"),
    ],
    ids=["rather-than-apart", "sooner-than", "rather-first"],
)
def test_stance_rather_than_apart(reader: StanceReader, text: str, expected: str | None) -> None:
    assert position(reader, text, "toll") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Relief from a thing is less of it.
        (
            "There can be no relief from sanctions while Dravian troops remain on our soil.",
            "tighten",
        ),
        ("We should offer sanctions relief in return for a ceasefire.", "ease"),
        # An act noun put forward to be judged counts only by its judgement.
        ("Sanctions relief would reward aggression.", None),
        # "nothing but" is "only".
        ("The embargo has done nothing but hurt ordinary Dravians.", "ease"),
        # The message sent is judged by its adjective.
        ("Lifting the embargo now would send exactly the wrong message.", "tighten"),
        ("Tightening sanctions would send the right message.", "tighten"),
    ],
    ids=[
        "no-relief-from",
        "offer-relief",
        "relief-put-forward",
        "nothing-but",
        "wrong-message",
        "right-message",
    ],
)
def test_stance_relief_and_messages(reader: StanceReader, text: str, expected: str | None) -> None:
    assert position(reader, text, "dravia-sanctions") == expected


def test_stance_nobody_but_still_denies(reader: StanceReader) -> None:
    assert position(reader, "Nobody but the council wants the toll.", "toll") == "scrap"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A view that depends on something, or holds on a condition, is conditional.
        ("Our support for the treaty depends on the fishing chapter.", "reject"),
        ("The treaty is acceptable on condition that the quotas are revised.", "reject"),
        ("The treaty is acceptable.", "ratify"),
    ],
    ids=["support-depends", "on-condition", "acceptable"],
)
def test_stance_conditions(reader: StanceReader, text: str, expected: str | None) -> None:
    assert position(reader, text, "ostland-treaty") == expected
