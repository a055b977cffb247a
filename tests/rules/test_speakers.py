"""What a draft's speaker token stands for (rules/speakers.py). Invented examples."""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.config import Config
from rules.extract import Extractor
from rules.model import Official
from tests.rules.reading import one_with, read


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(
        Config(base_dir=Path("."), officials=(Official(id="hale", name="Tom Hale"),), topics=())
    )


def speaker_of(extractor: Extractor, text: str, content: str) -> str | None:
    return one_with(read(extractor, text), content).speaker


def test_speakers_they_stands_for_the_plural_subject_before(extractor: Extractor) -> None:
    text = (
        "Dock workers walked out at dawn on Monday.\n\n"
        "They said the port would stay shut until the pay talks resumed."
    )
    assert speaker_of(extractor, text, "port would stay shut") == "Dock workers"


def test_speakers_they_without_a_group_before_stays_unresolved(extractor: Extractor) -> None:
    text = "The minister left early. They said the port would stay shut until Friday."
    assert speaker_of(extractor, text, "port would stay shut") is None


def test_speakers_description_beside_a_name_stands_for_the_name(extractor: Extractor) -> None:
    text = (
        "The plan has few friends in the village, among them Colin Marsh, a retired ferry "
        "captain who told the council that the wind farm would ruin the view."
    )
    assert speaker_of(extractor, text, "wind farm would ruin") == "Colin Marsh"


def test_speakers_two_roles_joined_by_and_describe_one_speaker(extractor: Extractor) -> None:
    text = (
        "On Friday the former governor of Maine and current Green presidential nominee "
        "said the fishing quotas were unfair."
    )
    assert (
        speaker_of(extractor, text, "fishing quotas were unfair")
        == "the former governor of Maine and current Green presidential nominee"
    )


def test_speakers_and_before_another_person_ends_the_description(extractor: Extractor) -> None:
    text = "The harbour master and the council leader said the quay would be rebuilt."
    assert speaker_of(extractor, text, "quay would be rebuilt") == "The harbour master"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "The harbour campaign is seeking to contrast its plan with what they call the "
            "mayor’s “ferry fantasy.”",
            "ferry fantasy",
            "The harbour campaign",
        ),
        (
            "The Harbour Campaign met on Monday. They said the ferry would run all summer.",
            "ferry would run",
            "The Harbour Campaign",
        ),
    ],
    ids=["same-sentence", "sentence-before"],
)
def test_speakers_they_without_a_plural_before_is_the_organisation(
    extractor: Extractor, text: str, content: str, speaker: str
) -> None:
    assert speaker_of(extractor, text, content) == speaker


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "The quay plan has few friends in the port. Those close to the mayor say it will "
            "be dropped by May.",
            "dropped by May",
            "Those close to the mayor",
        ),
        (
            "The ferry crews met on Monday, many of whom say the new timetable is unsafe.",
            "timetable is unsafe",
            "many of whom",
        ),
    ],
    ids=["those-close-to", "many-of-whom"],
)
def test_speakers_unnamed_people_keep_their_description(
    extractor: Extractor, text: str, content: str, speaker: str
) -> None:
    assert speaker_of(extractor, text, content) == speaker


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "To settle the dispute, reporters turned to the Harbour Authority which reported "
            "“forty ship arrivals” in the month.",
            "forty ship arrivals",
            "the Harbour Authority",
        ),
        (
            "A member of the port board who said the ferry was “a floating ruin” has resigned.",
            "floating ruin",
            "A member of the port board",
        ),
    ],
    ids=["clause-hung-elsewhere", "member-of-the-board"],
)
def test_speakers_relative_pronoun_stands_for_the_noun_it_follows(
    extractor: Extractor, text: str, content: str, speaker: str
) -> None:
    assert speaker_of(extractor, text, content) == speaker


def test_speakers_relative_pronoun_after_a_time_stands_for_the_noun_it_hangs_on(
    extractor: Extractor,
) -> None:
    # The letter says it, and its writer with it; not "Friday afternoon".
    text = (
        "Tom Hale released a letter from his doctor Friday afternoon that says he is "
        "“fit to serve”."
    )
    assert [s.speaker for s in read(extractor, text)] == ["his doctor"]


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "The harbour board issued a statement calling the closure “a betrayal of the town.”",
            "betrayal",
            "The harbour board",
        ),
        (
            "The vote prompted Tom Hale to make a remark that described the quay as “a ruin.”",
            "a ruin",
            "Tom Hale",
        ),
        (
            "Tom Hale arrived late. His statement calling the plan “reckless” angered the council.",
            "reckless",
            "Tom Hale",
        ),
        (
            "The council published a letter from Tom Hale urging ministers to “save the ferry.”",
            "save the ferry",
            "Tom Hale",
        ),
    ],
    ids=["issued-a-statement", "made-a-remark", "his-statement", "letter-from"],
)
def test_speakers_a_statement_reports_through_its_maker(
    extractor: Extractor, text: str, content: str, speaker: str
) -> None:
    assert speaker_of(extractor, text, content) == speaker


@pytest.fixture(scope="module")
def with_sources() -> Extractor:
    sources = Official(
        id="quay-source",
        name="Harbour office (unnamed)",
        kind="anonymous",
        aliases=(
            "a person close to the talks",
            "an official briefed on the dredging plan",
            "someone familiar with the budget",
            "a harbour official who asked not to be named",
            "an aide to the harbour master",
        ),
    )
    return Extractor(
        Config(base_dir=Path("."), officials=(Official(id="hale", name="Tom Hale"), sources))
    )


@pytest.mark.parametrize(
    ("text", "description"),
    [
        (
            "According to a person close to the talks, the port has asked the county for "
            "$4 million in dredging grants.",
            "a person close to the talks",
        ),
        (
            "An official briefed on the dredging plan said the quay would close in May.",
            "An official briefed on the dredging plan",
        ),
        (
            "Someone familiar with the budget said the ferry fares would rise in the spring.",
            "Someone familiar with the budget",
        ),
        (
            "A harbour official who asked not to be named said the night crossing would end.",
            "A harbour official who asked not to be named",
        ),
        (
            # An aside set off by commas links, but is no part of the description.
            "A harbour official, who asked not to be named, said the night crossing would end.",
            "A harbour official",
        ),
        (
            "An aide to the harbour master told reporters the pier would be sold.",
            "An aide to the harbour master",
        ),
    ],
    ids=["close-to", "briefed-on", "familiar-with", "asked-not-to-be-named", "aside", "aide-to"],
)
def test_speakers_unnamed_source_keeps_its_post_modifier_and_links(
    with_sources: Extractor, text: str, description: str
) -> None:
    statements = read(with_sources, text)
    assert [(s.speaker, s.speaker_id) for s in statements] == [(description, "quay-source")]


def test_speakers_unnamed_source_with_another_description_is_not_linked(
    with_sources: Extractor,
) -> None:
    # Configured: "close to the talks"; written: "close to the mayor".
    statements = read(with_sources, "A person close to the mayor said the quay would close.")
    assert [(s.speaker, s.speaker_id) for s in statements] == [
        ("A person close to the mayor", None)
    ]


def test_speakers_relative_clause_that_reports_is_no_description(extractor: Extractor) -> None:
    text = "A harbour official who said the quay would close in May was wrong, Hale said."
    statements = read(extractor, text)
    assert ("A harbour official", None) in [(s.speaker, s.speaker_id) for s in statements]


def test_speakers_the_official_with_an_aside_is_the_official_named_before(
    extractor: Extractor,
) -> None:
    text = (
        "A senior harbour official met the ferry crews on Monday.\n\n"
        "The official, who spoke on condition of anonymity, said the night crossing would end."
    )
    assert speaker_of(extractor, text, "night crossing") == "A senior harbour official"


@pytest.mark.parametrize(
    "text",
    [
        "A harbour official in an email said the night crossing would end.",
        "A harbour official at the time said the night crossing would end.",
    ],
    ids=["channel", "time"],
)
def test_speakers_how_or_when_a_source_spoke_is_no_part_of_its_description(
    extractor: Extractor, text: str
) -> None:
    assert speaker_of(extractor, text, "night crossing") == "A harbour official"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "The largest opposition party, the Harbour League, said the quay sale was rushed.",
            "quay sale was rushed",
            "the Harbour League",
        ),
        (
            "Shoppers on the pier were split. One, a retired welder, said the market "
            "should stay open.",
            "market should stay open",
            "a retired welder",
        ),
    ],
    ids=["body-named-beside", "one-described-beside"],
)
def test_speakers_what_stands_beside_a_bare_description_says_who(
    extractor: Extractor, text: str, content: str, speaker: str
) -> None:
    assert speaker_of(extractor, text, content) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "A plan to widen the ring road has been dropped after its cost tripled, the "
            "transport minister has admitted.\n\n"
            "Mr Piotr Zielinski told the assembly on Tuesday that the estimate had gone from "
            "£80m to £240m.",
            "Piotr Zielinski",
        ),
        (
            "Workers at the quay last week. Photograph: Jan Berg\n\n"
            "The main road bridge will close for a year, the roads minister said on Monday.\n\n"
            "Repairs start in June.\n\n"
            "Karin Lindqvist, the minister, told reporters that the repairs could not wait.",
            "Karin Lindqvist",
        ),
    ],
    ids=["named-opening-the-next-paragraph", "named-later-with-the-role"],
)
def test_speakers_a_role_in_the_lead_is_the_person_named_after_it(
    extractor: Extractor, text: str, speaker: str
) -> None:
    content = "cost tripled" if "ring road" in text else "close for a year"
    assert speaker_of(extractor, text, content) == speaker


@pytest.mark.parametrize(
    "text",
    [
        # Someone else, with a role of their own, answers the lead.
        "The harbour will close for a month, the port director said on Monday.\n\n"
        "Senator Ida Moreau said the closure was a disgrace.",
        # The role points back to the person named before it.
        "Ida Moreau, the port director, visited the quay.\n\n"
        "The harbour will close for a month, the port director said on Monday.\n\n"
        "Senator Ana Ruiz said the closure was a disgrace.",
    ],
    ids=["another-role", "named-before"],
)
def test_speakers_a_lead_role_is_not_whoever_speaks_next(extractor: Extractor, text: str) -> None:
    speaker = speaker_of(extractor, text, "close for a month")
    assert speaker in ("the port director", "Ida Moreau")
    assert speaker != "Ana Ruiz"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "The ministry's plan is set out in a draft budget, seen by this agency, which says "
            "spending on roads will fall.",
            "spending on roads will fall",
            "a draft budget",
        ),
        (
            "The cuts appear in an internal audit, obtained by the Courier, which warns that "
            "three depots will shut.",
            "three depots will shut",
            "an internal audit",
        ),
    ],
    ids=["seen-by", "obtained-by"],
)
def test_speakers_the_outlet_that_saw_a_document_is_not_its_speaker(
    extractor: Extractor, text: str, content: str, speaker: str
) -> None:
    assert speaker_of(extractor, text, content) == speaker


def test_speakers_she_after_an_unnamed_person_who_spoke_is_that_person(
    extractor: Extractor,
) -> None:
    text = (
        "Neighbours were split. One, a retired nurse who asked not to be named, said she "
        'would move away. "The smell never leaves," she said.'
    )
    assert speaker_of(extractor, text, "smell never leaves") == (
        "a retired nurse who asked not to be named"
    )


def test_speakers_an_unnamed_person_gives_way_to_a_named_one_in_the_paragraph(
    extractor: Extractor,
) -> None:
    text = (
        "Tom Hale spoke first. Later a local farmer told the meeting the road was a danger. "
        '"It floods every spring," he said.'
    )
    assert speaker_of(extractor, text, "floods every spring") == "Tom Hale"


def test_speakers_the_one_who_did_more_than_see_a_document_may_speak(
    extractor: Extractor,
) -> None:
    text = (
        "The operator paid a fine imposed by the harbour board, which argued that it had "
        "ignored three warnings."
    )
    assert speaker_of(extractor, text, "ignored three warnings") == "the harbour board"


def test_speakers_words_characterised_inside_ones_own_report_are_one_statement(
    extractor: Extractor,
) -> None:
    text = (
        "Ana Ruiz said she admired the crews for enduring what she called a "
        '"war of attrition" with the port owners.'
    )
    statements = read(extractor, text)
    assert [(s.speaker, "war of attrition" in s.text) for s in statements] == [("Ana Ruiz", True)]


@pytest.mark.parametrize(
    ("text", "inner"),
    [
        (
            'Tom Hale said Ana Ruiz had described the quay as "a disgrace" last year.',
            "Ana Ruiz",
        ),
        (
            "Ana Ruiz said the videos do not show the dock, which she said was closed at the time.",
            "Ana Ruiz",
        ),
    ],
    ids=["someone-else-characterises", "a-clause-reported-inside"],
)
def test_speakers_a_report_inside_a_report_stays_its_own(
    extractor: Extractor, text: str, inner: str
) -> None:
    statements = read(extractor, text)
    assert len(statements) == 2
    assert statements[-1].speaker == inner
