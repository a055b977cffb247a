from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rules.config import Config
from rules.extract import Extractor
from rules.model import Official, Position, Role, Topic
from rules.records import Statement
from tests.rules.reading import read

# Fictional officials; surnames are aliases, as in the shipped officials.yaml.
OFFICIALS = (
    Official(
        id="okafor",
        name="Dana Okafor",
        pronoun="she",
        aliases=["Okafor", "Ms Okafor"],
        roles=[Role(title="health minister")],
        groups=["cabinet"],
    ),
    Official(
        id="ferreira",
        name="Luis Ferreira",
        pronoun="he",
        aliases=["Ferreira", "Mr Ferreira"],
        roles=[Role(title="finance minister")],
        groups=["cabinet"],
    ),
    # No aliases at all: only the full name is configured.
    Official(id="brill", name="Tomas Brill", pronoun="he"),
    Official(
        id="ministry",
        name="Health ministry (unnamed officials)",
        kind="anonymous",
        aliases=["ministry official"],
        groups=["cabinet"],
    ),
)
CLINICS = Topic(
    id="clinics",
    name="Rural clinics",
    match=["clinic"],
    positions=[
        Position(id="expand", cues=["open new clinics", "build more clinics"]),
        Position(id="shrink", cues=["close clinics", "shut the clinics"]),
    ],
    opposed=[["expand", "shrink"]],
)
WEDNESDAY = date(2024, 3, 6)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path("."), officials=OFFICIALS, topics=(CLINICS,)))


def extract(extractor: Extractor, text: str, published: date | None = WEDNESDAY) -> list[Statement]:
    return read(extractor, text, published)


def only(statements: list[Statement]) -> Statement:
    assert len(statements) == 1, [s.text for s in statements]
    return statements[0]


# --- attribution forms ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker_id", "kind", "content"),
    [
        (
            '"We will open new clinics in every district," Okafor said.',
            "okafor",
            "direct",
            "We will open new clinics in every district",
        ),
        (
            '"The budget cannot stretch that far," said Mr Ferreira.',
            "ferreira",
            "direct",
            "The budget cannot stretch that far",
        ),
        (
            "“Every district gets a nurse,” Ms Okafor said.",
            "okafor",
            "direct",
            "Every district gets a nurse",
        ),
    ],
    ids=["direct", "inverted", "curly-marks"],
)
def test_extract_direct_quote(
    extractor: Extractor, text: str, speaker_id: str, kind: str, content: str
) -> None:
    statement = only(extract(extractor, text))
    assert statement.speaker_id == speaker_id
    assert statement.kind == kind
    assert statement.cue == "said"
    assert statement.text.rstrip(",") == content
    assert content in text[statement.start : statement.end]
    assert statement.speaker_mention is not None
    start, end = statement.speaker_mention
    assert "Okafor" in text[start:end] or "Ferreira" in text[start:end]


@pytest.mark.parametrize(
    ("text", "speaker_id", "cue", "clause"),
    [
        (
            "Luis Ferreira told reporters that the treasury would close clinics in the north "
            "before the summer.",
            "ferreira",
            "told reporters",
            "the treasury would close clinics in the north before the summer",
        ),
        (
            "According to Dana Okafor, the government will open new clinics next year.",
            "okafor",
            "according to",
            "the government will open new clinics next year",
        ),
        (
            "Okafor said the waiting lists had grown for three years.",
            "okafor",
            "said",
            "the waiting lists had grown for three years",
        ),
    ],
    ids=["told-reporters", "according-to", "said-without-that"],
)
def test_extract_reported_speech(
    extractor: Extractor, text: str, speaker_id: str, cue: str, clause: str
) -> None:
    statement = only(extract(extractor, text))
    assert statement.kind == "indirect"
    assert statement.speaker_id == speaker_id
    assert statement.cue == cue
    assert statement.text == clause
    assert text[statement.start : statement.end] == clause


def test_extract_split_quote_is_one_statement(extractor: Extractor) -> None:
    text = (
        "Dana Okafor toured a hospital in the east on Tuesday.\n"
        '"We will open new clinics," she said, "and we will staff them properly."\n'
    )
    statement = only(extract(extractor, text))
    assert statement.speaker_id == "okafor"
    assert statement.kind == "direct"
    assert statement.text == "We will open new clinics, and we will staff them properly."
    covered = text[statement.start : statement.end]
    assert covered.startswith("We will open new clinics")
    assert covered.endswith("staff them properly.")
    # The pronoun is the mention the attribution rests on.
    assert statement.speaker_mention is not None
    assert text[slice(*statement.speaker_mention)] == "she"


def test_extract_unattributed_quote_paragraph_continues_the_speaker(
    extractor: Extractor,
) -> None:
    text = (
        '"Every region will get its share of the money," Dana Okafor said.\n'
        '"Nobody will be left behind by this plan."\n'
    )
    first, second = extract(extractor, text)
    assert first.speaker_id == second.speaker_id == "okafor"
    assert second.text == "Nobody will be left behind by this plan."
    assert second.kind == "direct"
    assert text[second.start : second.end] == "Nobody will be left behind by this plan."


# --- who is speaking ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker_id", "content"),
    [
        # The male subject of the sentence before, not the woman named in its object.
        (
            "Luis Ferreira thanked Dana Okafor for her patience.\n"
            '"We must close clinics that stand empty," he said.',
            "ferreira",
            "We must close clinics that stand empty",
        ),
        (
            'Luis Ferreira met Dana Okafor and her deputy on Tuesday. "Some wards will '
            'have to merge," he said.',
            "ferreira",
            "Some wards will have to merge",
        ),
        (
            "Health Minister Dana Okafor visited a hospital in the north.\n"
            "The minister said the government would open new clinics.",
            "okafor",
            "the government would open new clinics",
        ),
        (
            "Dana Okafor, the health minister, visited a hospital in the north.\n"
            "The minister said the nurses would get a pay rise.",
            "okafor",
            "the nurses would get a pay rise",
        ),
        (
            "A senior ministry official, who asked not to be named, said the government "
            "would close clinics in the east.",
            "ministry",
            "the government would close clinics in the east",
        ),
    ],
    ids=["he-said", "he-said-same-line", "the-minister", "the-minister-appositive", "anonymous"],
)
def test_extract_speaker_resolution(
    extractor: Extractor, text: str, speaker_id: str, content: str
) -> None:
    statements = extract(extractor, text)
    statement = only([s for s in statements if content in s.text])
    assert statement.speaker_id == speaker_id
    assert all(s.speaker_id == speaker_id for s in statements)


def test_extract_anonymous_source_keeps_its_description(extractor: Extractor) -> None:
    text = (
        "A senior ministry official, who asked not to be named, said the government "
        "would close clinics in the east."
    )
    statement = only(extract(extractor, text))
    assert statement.speaker == "A senior ministry official"
    assert statement.speaker_mention == (0, len("A senior ministry official"))


def test_extract_surname_after_full_name_links_the_official(extractor: Extractor) -> None:
    text = "Tomas Brill opened the debate. Brill said the plan would open new clinics."
    statement = only(extract(extractor, text))
    assert statement.speaker_id == "brill"


# --- what is not a statement ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ferreira declined to comment.",
        "Okafor declined to comment on the clinics.",
        "Heavy rain closed roads across the north on Tuesday.\nTraffic was slow.",
        "A reporter asked Ferreira whether he would resign over the clinics.",
        "",
    ],
    ids=["declined", "declined-on-topic", "no-speech", "question-reported", "empty"],
)
def test_extract_nothing_said(extractor: Extractor, text: str) -> None:
    assert extract(extractor, text) == []


def test_extract_journalist_question_is_not_an_officials_statement(
    extractor: Extractor,
) -> None:
    text = '"Will you resign?" a reporter asked Ferreira.\nFerreira left without answering.'
    statements = extract(extractor, text)
    assert all(s.speaker_id is None for s in statements)
    assert all(s.speaker != "Ferreira" for s in statements)


# --- stance -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "evidence", "negated"),
    [
        ("Okafor said the government would open new clinics.", "expand", "open new clinics", False),
        ("Ferreira said the ministry must close clinics.", "shrink", "close clinics", False),
        (
            "Okafor said she does not want to close clinics.",
            "expand",
            "not: close clinics",
            True,
        ),
        (
            "Ferreira said the treasury would never build more clinics.",
            "shrink",
            "not: build more clinics",
            True,
        ),
    ],
    ids=["cue", "other-cue", "negated", "never"],
)
def test_extract_stance_from_cues(
    extractor: Extractor, text: str, position: str, evidence: str, negated: bool
) -> None:
    statement = only(extract(extractor, text))
    assert statement.topics == ("clinics",)
    stance = statement.stance_on("clinics")
    assert stance is not None
    assert stance.position == position
    assert stance.evidence == (evidence,)
    assert stance.negated is negated
    assert 0.5 <= stance.confidence < 1


@pytest.mark.parametrize(
    "text",
    [
        "Ferreira said the region would be poorer if the government decided to close clinics.",
        "Okafor said the country would suffer unless it chose to build more clinics.",
    ],
    ids=["if", "unless"],
)
def test_extract_cue_inside_condition_gives_no_position(extractor: Extractor, text: str) -> None:
    statement = only(extract(extractor, text))
    assert statement.topics == ("clinics",)
    assert statement.stances == ()


def test_extract_no_topic_no_stance(extractor: Extractor) -> None:
    statement = only(extract(extractor, "Okafor said the weather had been kind."))
    assert statement.topics == ()
    assert statement.stances == ()


def test_extract_and_continues_the_previous_position(extractor: Extractor) -> None:
    text = (
        '"We will open new clinics," Okafor said.\n'
        '"And nobody will wait for a doctor again," she added.\n'
    )
    first, second = extract(extractor, text)
    assert first.stance_on("clinics") is not None
    assert second.speaker_id == "okafor"
    stance = second.stance_on("clinics")
    assert stance is not None
    assert stance.position == "expand"
    # The evidence says the position came from the statement before, and which cue.
    assert any("continues" in e for e in stance.evidence)
    assert any("open new clinics" in e for e in stance.evidence)
    assert stance.confidence < first.stances[0].confidence
    assert "clinics" in second.topics


@pytest.mark.parametrize(
    ("asked", "inherits"),
    [
        ("Asked whether the health board chief should resign, she said:", False),
        ("When a reporter asked her about the board chief, she said:", False),
        ("Later she said:", True),
    ],
    ids=["asked-whether", "asked-about", "no-question"],
)
def test_extract_that_answering_a_question_inherits_nothing(
    extractor: Extractor, asked: str, inherits: bool
) -> None:
    # "that" points at the question put to the speaker, not at her statement before it.
    text = f'"We will open new clinics," Okafor said.\n\n{asked} "That is not for me to say."\n'
    first, second = extract(extractor, text)
    assert first.stance_on("clinics") is not None
    assert second.speaker_id == "okafor"
    assert (second.stance_on("clinics") is not None) is inherits


def test_extract_and_by_another_speaker_inherits_nothing(extractor: Extractor) -> None:
    text = (
        '"We will open new clinics," Okafor said.\n'
        '"And the bill will land on my desk," Ferreira said.\n'
    )
    _first, second = extract(extractor, text)
    assert second.speaker_id == "ferreira"
    assert second.stances == ()


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Ferreira said on Monday that the ministry would close clinics.", date(2024, 3, 4), "day"),
        ("Okafor said yesterday that the nurses were tired.", date(2024, 3, 5), "day"),
        ("Okafor said last month that the nurses were tired.", date(2024, 2, 1), "month"),
        (
            "Ferreira told reporters on Sept. 30 that the ministry would close clinics.",
            date(2023, 9, 30),
            "day",
        ),
        # Nothing dates it: the day of publication.
        ("Okafor said the nurses were tired.", WEDNESDAY, "day"),
    ],
)
def test_extract_relative_dates(
    extractor: Extractor, text: str, expected: date, precision: str
) -> None:
    statement = only(extract(extractor, text))
    assert (statement.date, statement.date_precision) == (expected, precision)


def test_extract_later_statement_by_same_speaker_inherits_the_date(extractor: Extractor) -> None:
    text = (
        "Luis Ferreira said on Monday that the ministry would close clinics.\n"
        "He also warned that some hospitals would merge.\n"
    )
    first, second = extract(extractor, text)
    assert second.speaker_id == "ferreira"
    assert first.date == second.date == date(2024, 3, 4)


def test_extract_undated_article_gives_undated_statements(extractor: Extractor) -> None:
    statement = only(extract(extractor, "Okafor said on Monday that the nurses were tired.", None))
    assert statement.date is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("“We will open new clinics,” Okafor said.", "We will open new clinics"),
        (
            "Okafor said the levy was “a tax on the sick”.",
            "the levy was “a tax on the sick”",
        ),
        (
            "Okafor said the clinics were “open to all.” Ferreira left.",
            "the clinics were “open to all.”",
        ),
    ],
    ids=["whole-quote", "mark-after-the-clause", "full-stop-inside"],
)
def test_extract_statement_text_keeps_only_paired_quotation_marks(
    extractor: Extractor, text: str, words: str
) -> None:
    assert only(extract(extractor, text)).text == words


# --- joint speakers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker_id", "co_speakers"),
    [
        (
            "Dana Okafor and Luis Ferreira said the clinics in the north would stay open.",
            "okafor",
            (("Luis Ferreira", "ferreira"),),
        ),
        (
            '"No ward will close this winter," Okafor and Ferreira said on Tuesday.',
            "okafor",
            (("Ferreira", "ferreira"),),  # the name as the article gives it
        ),
        (
            "Ferreira, Okafor and Tomas Brill, all members of the cabinet, said the clinics "
            "needed more nurses.",
            "ferreira",
            (("Okafor", "okafor"), ("Tomas Brill", "brill")),
        ),
        (
            "Okafor and a ministry spokesman told reporters that the wards were full.",
            "okafor",
            (),  # only names join the speaker: a description is someone else's business
        ),
    ],
    ids=["named", "quotation", "three-with-apposition", "name-and-description"],
)
def test_extract_joint_speakers_are_kept_beside_the_first(
    extractor: Extractor, text: str, speaker_id: str, co_speakers: tuple[tuple[str, str], ...]
) -> None:
    statement = only(extract(extractor, text))
    assert statement.speaker_id == speaker_id
    assert statement.co_speakers == co_speakers


def test_extract_joint_speakers_include_unconfigured_names(extractor: Extractor) -> None:
    text = (
        "Nurses marched in the capital on Monday.\n\n"
        "Marta Veldkamp and Joost Annan, who lead the nurses' union, said the wards were "
        "understaffed.\n\n"
        '"We cannot go on like this," Veldkamp and Annan said.'
    )
    statements = extract(extractor, text)
    assert [s.speaker for s in statements] == ["Marta Veldkamp", "Marta Veldkamp"]
    assert [s.co_speakers for s in statements] == [(("Joost Annan", None),)] * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A reporting participle takes the time of the verb it hangs from (Monday 4 March).
        (
            "Luis Ferreira shelved the ferry plan on Monday night, telling the council that "
            "the ministry would close clinics instead.",
            date(2024, 3, 4),
        ),
        (
            "Dana Okafor left the cabinet meeting early on Monday, saying that the nurses "
            "were tired.",
            date(2024, 3, 4),
        ),
    ],
    ids=["telling", "saying"],
)
def test_extract_reporting_participle_takes_the_date_of_its_verb(
    extractor: Extractor, text: str, expected: date
) -> None:
    statement = only(extract(extractor, text))
    assert (statement.date, statement.date_precision) == (expected, "day")


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        # "N units after" an event measured from publication (6 March 2024).
        (
            "The U-turn came three months after Luis Ferreira opened the bridge in Tula, "
            "where he told voters that the ministry would close clinics.",
            date(2023, 12, 1),
            "month",
        ),
        (
            "Tomas Brill resigned on Monday, a week after Dana Okafor told the board that "
            "the nurses were tired.",
            date(2024, 2, 26),
            "day",
        ),
        # A "where" clause of an event dated by its own earlier time expression.
        (
            "Luis Ferreira spoke at a rally in Tula in January, where he told voters that "
            "the ministry would close clinics.",
            date(2024, 1, 1),
            "month",
        ),
    ],
    ids=["months-after-where", "week-after", "where-in-january"],
)
def test_extract_speech_inside_an_earlier_event_takes_its_date(
    extractor: Extractor, text: str, expected: date, precision: str
) -> None:
    statement = only(extract(extractor, text))
    assert (statement.date, statement.date_precision) == (expected, precision)


def test_extract_present_reporting_in_a_where_clause_keeps_the_day_of_publication(
    extractor: Extractor,
) -> None:
    text = (
        "Luis Ferreira holds a rally in Tula every January, where he tells voters that "
        "the ministry will close clinics."
    )
    assert only(extract(extractor, text)).date == WEDNESDAY


def test_extract_days_after_an_undated_event_are_not_counted_from_publication(
    extractor: Extractor,
) -> None:
    # The resignation may have come the day before publication: a day count from
    # publication would be a guess, so the statement keeps the day of publication.
    text = "The resignation came a day after Dana Okafor told the board that the nurses were tired."
    assert only(extract(extractor, text)).date == WEDNESDAY


@pytest.mark.parametrize(
    "dateline",
    ["SKARVIK, Nordland — ", "PORT ELLEN (Wire) - ", "AL-QASR, Tarsa (Gulf News) ― "],
)
def test_extract_dateline_is_neither_speaker_nor_words(extractor: Extractor, dateline: str) -> None:
    text = (
        f"{dateline}The fisheries minister, Gro Vatne, confirmed on Tuesday that the "
        "cannery would close by June."
    )
    (statement,) = read(extractor, text, date(2024, 3, 6))
    assert statement.speaker == "Gro Vatne"
    assert statement.text == "the cannery would close by June"
    assert "—" not in statement.text and "-" not in statement.text


@pytest.mark.parametrize(
    "text",
    [
        # Odd numbers of marks of every kind, in one paragraph and across paragraphs.
        'Okafor said: "The pier is "safe. ”And yet“ she said, "no.\n\n" "\n\n”',
        "'' `` '' Okafor said ''the levy'' is `` ''",
        # HTML left in the text by a careless scrape.
        '<p>Okafor said the levy was "unfair".</p><br/>&quot;No,&quot; she said.<tweet a="b">x',
        # Names and words beyond English, other scripts, zero-width and CRLF.
        "Ní Bhriain said\u200b the quay was «fermé».\r\n\r\n«Нет», сказал Петренко. قال الوزير",
        # A dateline with nothing after it, a lone dash, a lone colon.
        "SKARVIK, Nordland — \n\n—\n\n:",
        "",
    ],
    ids=["odd-marks", "paired-apostrophes", "html", "scripts", "furniture", "empty"],
)
def test_extract_never_fails_on_ragged_text(extractor: Extractor, text: str) -> None:
    for statement in read(extractor, text, date(2024, 3, 6)):
        assert 0 <= statement.start < statement.end <= len(text)
        assert statement.text.strip()


def test_extract_reads_a_long_article_whole(extractor: Extractor) -> None:
    paragraph = (
        'Dana Okafor said the ferry would run all winter. "The island needs it," she said.\n\n'
    )
    text = paragraph * 400  # about 35,000 characters
    statements = read(extractor, text, date(2024, 3, 6))
    assert len(statements) == 800
    assert {s.speaker_id for s in statements} == {"okafor"}


@pytest.mark.parametrize(
    "text",
    [
        "The harbour master, Dana Okafor, who took office on 12 January, said the pier was safe.",
        "Dana Okafor, who was appointed in January, said the pier was safe.",
    ],
    ids=["relative-clause-on-the-apposition", "relative-clause-on-the-name"],
)
def test_extract_time_in_a_clause_about_the_speaker_does_not_date_the_saying(
    extractor: Extractor, text: str
) -> None:
    assert only(extract(extractor, text)).date == WEDNESDAY


def test_extract_time_of_what_the_speaker_was_doing_dates_the_saying(
    extractor: Extractor,
) -> None:
    text = "Dana Okafor, visiting the harbour on Monday, said the pier was safe."
    assert only(extract(extractor, text)).date == date(2024, 3, 4)
