"""Who a pronoun or a name in a news article stands for (rules/mentions.py).

Every example is invented: harbour masters, wind farms, a port strike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rules.config import Config
from rules.extract import Extractor
from rules.given_names import given_name_gender
from rules.linking import OfficialIndex
from rules.mentions import MentionIndex
from rules.model import Official
from rules.records import Statement
from tests.rules.parsing import hand_parsed
from tests.rules.reading import one_with, read

OFFICIALS = (Official(id="ferreira", name="Luis Ferreira", pronoun="he", aliases=["Ferreira"]),)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path("."), officials=OFFICIALS, topics=()))


def statement_with(extractor: Extractor, text: str, content: str) -> Statement:
    return one_with(read(extractor, text), content)


def test_mentions_given_name_decides_he_or_she(extractor: Extractor) -> None:
    text = (
        "Harbour master Peter Vance and Fiona Lindqvist met the fishing crews on Monday.\n\n"
        '"The quotas will not be cut this year," she said.'
    )
    statement = statement_with(extractor, text, "quotas will not be cut")
    assert statement.speaker == "Fiona Lindqvist"


def test_mentions_plural_and_collective_nouns_are_not_he_or_she(extractor: Extractor) -> None:
    text = (
        "Councillor Aled Rhys met the dock workers on Friday.\n\n"
        "Union officials walked out of the talks an hour later.\n\n"
        '"The strike goes on until the owners come back to the table," he said.'
    )
    statement = statement_with(extractor, text, "strike goes on")
    assert statement.speaker == "Aled Rhys"


def test_mentions_he_said_continues_the_last_speaker(extractor: Extractor) -> None:
    text = (
        '"We expect the first turbines next spring," said Mark Ellison, the project director.\n\n'
        "The scheme was first proposed by Ian Poole in 2015.\n\n"
        '"It has taken far too long," he said.'
    )
    statement = statement_with(extractor, text, "taken far too long")
    assert statement.speaker == "Mark Ellison"


def test_mentions_she_said_carries_her_gender_along_the_article(extractor: Extractor) -> None:
    text = (
        "Okonkwo-Baines told the inquiry the ferry had been overloaded.\n\n"
        '"Nobody checked the manifest," she said.\n\n'
        "Ports minister Tom Hale visited the terminal on Thursday.\n\n"
        '"We will publish every inspection report," he said.\n\n'
        "Okonkwo-Baines was not convinced.\n\n"
        '"Reports are not inspections," she said.'
    )
    statement = statement_with(extractor, text, "Reports are not inspections")
    assert statement.speaker is not None and "Okonkwo-Baines" in statement.speaker


def test_mentions_given_name_before_a_configured_surname_is_another_person(
    extractor: Extractor,
) -> None:
    text = "Marta Ferreira said the fishing fleet would stay in port until the weekend."
    statement = statement_with(extractor, text, "fishing fleet")
    assert statement.speaker_id is None
    assert statement.speaker == "Marta Ferreira"


def test_mentions_headline_words_are_not_part_of_a_name(extractor: Extractor) -> None:
    text = (
        "Costa Warns Port Strike Could Last Weeks In Northern Harbours.\n\n"
        "Dock workers walked out on Monday.\n\n"
        '"The strike could last for weeks," Mr. Costa said.'
    )
    statement = statement_with(extractor, text, "strike could last")
    assert statement.speaker == "Costa"


def test_mentions_title_words_before_a_given_name_are_not_the_name(
    extractor: Extractor,
) -> None:
    text = (
        "The council criticised former Miss Universe Alicia Moreno on Tuesday.\n\n"
        "Former Miss Universe Alicia Moreno said the wind farm would spoil the bay."
    )
    statement = statement_with(extractor, text, "wind farm would spoil")
    assert statement.speaker == "Alicia Moreno"


def test_mentions_word_glued_before_a_given_name_goes_when_the_article_omits_it(
    extractor: Extractor,
) -> None:
    text = (
        "Union leaders met Furious Fiona Lindqvist on Friday, "
        "but Fiona Lindqvist said the fishing quotas would stay."
    )
    statement = statement_with(extractor, text, "fishing quotas would stay")
    assert statement.speaker == "Fiona Lindqvist"


def test_mentions_mr_is_not_a_fuller_name_given_to_a_woman(extractor: Extractor) -> None:
    text = (
        "Maria Costa opened the new harbour wall in May.\n\n"
        "Her husband spoke later.\n\n"
        '"The wall will hold for a century," Mr. Costa said.'
    )
    statement = statement_with(extractor, text, "wall will hold")
    assert statement.speaker == "Costa"


def test_mentions_person_introduced_after_the_last_speaker_goes_on_speaking(
    extractor: Extractor,
) -> None:
    text = (
        '"Prices keep falling," said Tom Baird, a trawler owner.\n\n'
        "The catch has shrunk for years, which worries Colin Marsh, chairman of the "
        "fishermen's association in Hull.\n\n"
        '"We cannot go on like this," he said.'
    )
    statement = statement_with(extractor, text, "cannot go on like this")
    assert statement.speaker == "Colin Marsh"


def test_mentions_surname_misspelt_by_one_letter_is_the_named_person(
    extractor: Extractor,
) -> None:
    text = (
        "Two ferry workers, Joanna Whitcombe and Dev Patel, joined the picket in Dover.\n\n"
        'Whitcome said the strike was about safety. "Nobody wants to be out here," she said.'
    )
    statement = statement_with(extractor, text, "strike was about safety")
    assert statement.speaker == "Joanna Whitcombe"


def test_mentions_the_president_is_not_the_vice_president_named_last(
    extractor: Extractor,
) -> None:
    text = (
        "President Tom Hale and Vice President Ana Ruiz toured the flooded port on Monday.\n\n"
        '"The quay will be rebuilt by winter," the president said.'
    )
    statement = statement_with(extractor, text, "quay will be rebuilt")
    assert statement.speaker == "Tom Hale"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Robin Hale described Maria Duarte as a “danger” after she attacked the harbour "
            "police for their “blind spots.”",
            "blind spots",
        ),
        (
            "Robin Hale met Maria Duarte at the quay before she told reporters that the ferry "
            "would stop.",
            "the ferry would stop",
        ),
    ],
    ids=["characterised", "reported"],
)
def test_mentions_pronoun_takes_the_person_of_its_gender_in_its_own_sentence(
    extractor: Extractor, text: str, content: str
) -> None:
    # "Robin" says neither "he" nor "she"; "Maria" says "she".
    assert statement_with(extractor, text, content).speaker == "Maria Duarte"


def test_mentions_given_name_the_recogniser_took_for_a_product_is_part_of_the_name() -> None:
    text = "In an essay, Ivka Marsh said the ferry would stop."
    rows = [
        ("In", "ADP", "prep", 6),
        ("an", "DET", "det", 2),
        ("essay", "NOUN", "pobj", 0),
        (",", "PUNCT", "punct", 6),
        ("Ivka", "PROPN", "compound", 5),
        ("Marsh", "PROPN", "nsubj", 6),
        ("said", "VERB", "ROOT", 6),
        ("the", "DET", "det", 8),
        ("ferry", "NOUN", "nsubj", 10),
        ("would", "AUX", "aux", 10),
        ("stop", "VERB", "ccomp", 6),
        (".", "PUNCT", "punct", 6),
    ]
    doc = hand_parsed(text, rows, ents={"Ivka": "PRODUCT", "Marsh": "PERSON"})
    mentions = MentionIndex(doc, OfficialIndex(()), None)
    assert [m.text for m in mentions.mentions if m.kind == "name"] == ["Ivka Marsh"]


def test_mentions_title_written_with_an_unrecognised_name_is_its_role(
    extractor: Extractor,
) -> None:
    text = (
        "Mayor Ana Ruiz said the harbour fair would open in May.\n\n"
        "The fishing crews were not so sure.\n\n"
        "The mayor said the ferry would run all summer."
    )
    assert statement_with(extractor, text, "run all summer").speaker == "Ana Ruiz"


def test_mentions_long_quotation_does_not_end_the_pronoun_chain(extractor: Extractor) -> None:
    text = (
        "Helen Carter filmed the ferry from the quay on Monday.\n\n"
        "“Stop it,” she says. “Stop it now. It is too late. Nobody can stop it. Please. "
        "Stop it.”\n\n"
        "She then urges the crew to turn the ferry back."
    )
    assert statement_with(extractor, text, "turn the ferry back").speaker == "Helen Carter"


def test_mentions_doer_of_a_with_clause_goes_on_speaking(extractor: Extractor) -> None:
    text = (
        "The levy would cost the ports dearly, said Karen Holm, an economist.\n\n"
        "It has become the issue of the race, with Anna Berg — who wants the levy gone — "
        "lambasting the plan.\n\n"
        "“It is a tax on every crate we land,” she said."
    )
    assert statement_with(extractor, text, "tax on every crate").speaker == "Anna Berg"


@pytest.mark.parametrize(
    ("text", "content", "speaker"),
    [
        (
            "Councillor Gwen Arlott met the ferry union's leader, Tomasz Wrobel, on Monday.\n\n"
            '"We will sail on Friday," he said.',
            "sail on Friday",
            "Tomasz Wrobel",
        ),
        (
            "Harbour master Ian Poole backed the dredging plan. His deputy, Nneka Obi, "
            'disagreed. "It will silt up again by spring," she said.',
            "silt up again",
            "Nneka Obi",
        ),
    ],
    ids=["object", "subject"],
)
def test_mentions_role_with_a_name_beside_it_is_that_person(
    extractor: Extractor, text: str, content: str, speaker: str
) -> None:
    # "the union's leader, Tomasz Wrobel": a later "he" is the named man, not the bare role.
    assert statement_with(extractor, text, content).speaker == speaker


@pytest.mark.parametrize(
    ("given", "gender"),
    [("kwabena", "he"), ("oskar", "he"), ("tomasz", "he"), ("priya", "she"), ("mette", "she")],
)
def test_mentions_given_names_beyond_english_have_a_gender(given: str, gender: str) -> None:
    assert given_name_gender(given) == gender


def test_mentions_he_or_she_follows_the_gender_of_names_beyond_english(
    extractor: Extractor,
) -> None:
    text = (
        "Sigrid Aas met Kwabena Owusu at the pier on Friday. He said the trawlers would "
        "sail at dawn. She said the quota talks had failed."
    )
    statements = read(extractor, text)
    assert one_with(statements, "trawlers would sail").speaker == "Kwabena Owusu"
    assert one_with(statements, "quota talks had failed").speaker == "Sigrid Aas"


def test_mentions_pronoun_in_an_opening_clause_is_the_main_clause_subject(
    extractor: Extractor,
) -> None:
    # Nobody is named before "she": the subject of the main clause after it is she.
    text = (
        "While she conceded the pier was unsafe, Harbour master Ines Varga said it would stay open."
    )
    statement = statement_with(extractor, text, "pier was unsafe")
    assert statement.speaker == "Ines Varga"


def test_mentions_pronoun_in_an_opening_clause_keeps_its_gender(extractor: Extractor) -> None:
    # "he" cannot be Ines Varga: the man named before is still the one.
    text = (
        "Tomasz Wrobel toured the pier on Monday. While he admitted the cranes were old, "
        "Ines Varga said they would be replaced."
    )
    assert statement_with(extractor, text, "cranes were old").speaker == "Tomasz Wrobel"


@pytest.mark.parametrize(
    ("given", "gender"), [("josé", "he"), ("hélène", "she"), ("søren", "he"), ("inés", "she")]
)
def test_mentions_given_names_are_known_with_their_accents(given: str, gender: str) -> None:
    assert given_name_gender(given) == gender


def test_mentions_double_barrelled_surname_is_one_name(extractor: Extractor) -> None:
    text = (
        "The plan drew a sharp reply from Solveig Brekke-Lund, the head of the fishers' "
        "union.\n\nBrekke-Lund argued that the new quotas would empty the harbour."
    )
    assert statement_with(extractor, text, "empty the harbour").speaker == "Solveig Brekke-Lund"


def test_mentions_role_noun_pointing_back_keeps_the_gender_of_its_name(
    extractor: Extractor,
) -> None:
    # "The minister" is Tomasz Wrobel; the "she" after the next quote is not him.
    text = (
        '"The border stays open," said the trade minister, Tomasz Wrobel. The minister said '
        'more trucks were waiting.\n\n"Every day costs us a harvest," Kaja Nilsen told '
        "growers on Saturday. She said cooperatives were dumping produce."
    )
    assert statement_with(extractor, text, "dumping produce").speaker == "Kaja Nilsen"


def test_mentions_accented_given_name_tells_he_from_she(extractor: Extractor) -> None:
    # "José" is a man: the "she" after the quote is the woman named just before.
    text = (
        "Fisheries Minister José Ibarra said the quotas would be cut.\n\n"
        "The cut drew a sharp reply from Hélène Roux, who chairs the growers' council. "
        'In a statement, she said: "The coast decides nothing, and pays for everything."'
    )
    assert statement_with(extractor, text, "pays for everything").speaker == "Hélène Roux"


def test_mentions_honorific_makes_an_unfamiliar_name_a_person(extractor: Extractor) -> None:
    text = (
        "The pier plan was shelved, the harbours minister admitted.\n\n"
        "Ms Eithne Ó Dálaigh told councillors on Wednesday that the cost had doubled.\n\n"
        "'I will not pretend the numbers are fine,' she said."
    )
    assert statement_with(extractor, text, "numbers are fine").speaker == "Eithne Ó Dálaigh"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Prices at the cooperative have collapsed, growers say.\n\n"
            '"We cannot sell below cost," Diallo told the council. He said the cooperative '
            "would close in May.",
            "Diallo",
        ),
        (
            "Google said the outage was caused by a faulty update. It said the cooperative "
            "would close in May.",
            "Google",
        ),
    ],
    ids=["he-makes-a-person", "it-stays-an-organisation"],
)
def test_mentions_a_one_word_organisation_taken_up_by_he_is_a_surname(
    extractor: Extractor, text: str, speaker: str
) -> None:
    assert statement_with(extractor, text, "close in May").speaker == speaker


def test_mentions_the_reporter_is_not_who_she_said_stands_for(extractor: Extractor) -> None:
    text = (
        "Reporter Lena Ortiz met Grace Mwangi at her shop in the market. She said sales had "
        "halved since the levy was introduced."
    )
    assert statement_with(extractor, text, "sales had halved").speaker == "Grace Mwangi"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Councillor Maren Holt said the ferry would run all winter.", "Maren Holt"),
        ("Alderwoman Priya Ostrand said the market would move to the quay.", "Priya Ostrand"),
        ("Lt. Col. Ivo Brand told reporters the drill was postponed.", "Ivo Brand"),
        ("Bishop Anselm Korda said the parish would merge with its neighbour.", "Anselm Korda"),
        ("Imam Yusuf Adeyemi said the mosque would open its doors to all.", "Yusuf Adeyemi"),
        ("Provost Cyrus Lenz said the library would stay open late.", "Cyrus Lenz"),
        ("MP Fenna Olsson said the ferry subsidy must stay.", "Fenna Olsson"),
        ("Earl Ray Tomblin said the ferry subsidy must stay.", "Earl Ray Tomblin"),
    ],
)
def test_mentions_speaker_name_is_shown_without_its_title(
    extractor: Extractor, text: str, speaker: str
) -> None:
    assert [s.speaker for s in read(extractor, text)] == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A title before a given name and a surname makes a person of an unfamiliar name.
        (
            'Councillor Maren Holt rebuked the board: "The budget is a mess," she said.',
            "Maren Holt",
        ),
        (
            'Councillor Maren Holt rebuked the board. "The budget is a mess," she said.',
            "Maren Holt",
        ),
        # Without a title: a full name that the next "she" takes up.
        ('Maren Holt rebuked the board. "The budget is a mess," she said.', "Maren Holt"),
    ],
)
def test_mentions_titled_or_taken_up_name_is_a_person_whatever_the_recogniser_says(
    extractor: Extractor, text: str, speaker: str
) -> None:
    assert statement_with(extractor, text, "budget is a mess").speaker == speaker


def test_mentions_organisation_taken_up_as_it_stays_an_organisation(
    extractor: Extractor,
) -> None:
    text = 'Orla Quay Holdings cut its prices. "We are ready," it said.'
    assert statement_with(extractor, text, "We are ready").speaker == "Orla Quay Holdings"
