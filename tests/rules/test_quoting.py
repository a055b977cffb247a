"""Which attribution a quotation belongs to, read through the whole extraction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rules.config import Config
from rules.extract import Extractor
from rules.model import Official
from rules.records import Statement
from tests.rules.reading import one_with, read

# Fictional officials.
OFFICIALS = (
    Official(
        id="brenner",
        name="Hal Brenner",
        pronoun="he",
        aliases=["Brenner", "Mr Brenner"],
    ),
    Official(
        id="lund",
        name="Kari Lund",
        pronoun="she",
        aliases=["Lund", "Ms Lund"],
    ),
)
FRIDAY = date(2024, 5, 10)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path("."), officials=OFFICIALS, topics=()))


def extract(extractor: Extractor, text: str) -> list[Statement]:
    return read(extractor, text, FRIDAY)


def covered(text: str, statement: Statement) -> str:
    return text[statement.start : statement.end]


@pytest.mark.parametrize(
    "text",
    [
        '"The quotas are a disgrace," Hal Brenner said. "We will fight them in every port."',
        '"The quotas are a disgrace," Hal Brenner said, "and we will fight them in every port."',
        "“The quotas are a disgrace,” Hal Brenner said on Friday. “We will fight them in every "
        "port. Nobody will sign.”",
        'Hal Brenner said: "The quotas are a disgrace." "We will fight them in every port."',
    ],
    ids=["full-stop", "comma", "curly-two-sentences", "colon"],
)
def test_quoting_quotes_sharing_one_attribution_are_one_statement(
    extractor: Extractor, text: str
) -> None:
    statements = extract(extractor, text)
    assert len(statements) == 1, [s.text for s in statements]
    statement = statements[0]
    assert statement.speaker_id == "brenner"
    assert statement.kind == "direct"
    assert "quotas are a disgrace" in statement.text
    assert "fight them in every port" in statement.text
    assert "every port" in covered(text, statement)


@pytest.mark.parametrize(
    "text",
    [
        '"The quotas are a disgrace," Hal Brenner, a senior adviser to the coastal caucus and '
        'a former trawler skipper, said on Friday. "We will fight them in every port."',
        '"The quotas are a disgrace," Hal Brenner, a senior adviser to the coastal caucus, said '
        "Friday morning on Channel Four’s “Harbour Watch.” “We will fight them in every port.”",
    ],
    ids=["long-attribution", "quoted-title-in-attribution"],
)
def test_quoting_long_attribution_still_joins_the_split_quote(
    extractor: Extractor, text: str
) -> None:
    statements = extract(extractor, text)
    assert len(statements) == 1, [s.text for s in statements]
    statement = statements[0]
    assert statement.speaker_id == "brenner"
    assert statement.text.startswith("The quotas are a disgrace")
    assert statement.text.endswith("We will fight them in every port.")


def test_quoting_another_attribution_ends_the_run(extractor: Extractor) -> None:
    text = (
        '"The quotas are a disgrace," Hal Brenner said. "They are fair," Kari Lund replied. '
        '"Every stock is recovering."'
    )
    statements = extract(extractor, text)
    by_speaker = {s.speaker_id: s for s in statements}
    assert set(by_speaker) == {"brenner", "lund"}, [s.text for s in statements]
    assert "recovering" not in by_speaker["brenner"].text
    assert "recovering" in " ".join(s.text for s in statements if s.speaker_id == "lund")


def test_quoting_colon_paragraph_owns_the_quote_paragraph_after_it(
    extractor: Extractor,
) -> None:
    text = (
        "Kari Lund spoke at the harbour on Friday.\n\n"
        "Hal Brenner, standing beside her, told reporters:\n\n"
        '"We will fight the quotas in every port."\n'
    )
    statements = extract(extractor, text)
    assert len(statements) == 1, [s.text for s in statements]
    assert statements[0].speaker_id == "brenner"
    assert statements[0].text == "We will fight the quotas in every port."


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            "“The port strike has to end now. We are losing ships.” ― Kari Lund\n"
            "“Nobody asked the dockers what they think.”― Hal Brenner.\n",
            ["lund", "brenner"],
        ),
        ('"The wind farm will pay for the new school." — Kari Lund, 41, a teacher\n', ["lund"]),
        ('"The wind farm will pay for the new school." - Hal Brenner\n', ["brenner"]),
    ],
    ids=["horizontal-bar", "em-dash-with-description", "hyphen"],
)
def test_quoting_quote_signed_with_a_dash_is_said_by_the_name(
    extractor: Extractor, text: str, speakers: list[str]
) -> None:
    statements = extract(extractor, text)
    assert [s.speaker_id for s in statements] == speakers, [s.text for s in statements]
    assert all(s.kind == "direct" for s in statements)
    assert all(s.cue in ("―", "—", "-") for s in statements)


def test_quoting_dash_inside_narration_is_no_signature(extractor: Extractor) -> None:
    text = (
        'Hal Brenner said the quotas were "a disgrace" - Kari Lund disagreed with him on '
        "every point and told the committee so at length on Friday afternoon in the town hall.\n"
    )
    assert all(s.cue not in ("―", "—", "-") for s in extract(extractor, text))


def test_quoting_transcript_labels_give_each_turn_its_speaker(extractor: Extractor) -> None:
    text = (
        "Hal Brenner questioned Kari Lund about the port strike on his radio show.\n\n"
        '"BRENNER: Will the port reopen on Monday?\n\n'
        '"LUND: It will. The dockers agreed to the offer.\n\n'
        '"We have a deal on pay and on hours now.\n\n'
        '"(CROSSTALK)\n\n'
        '"BRENNER: Thank you, minister.\n'
    )
    turns = [(s.speaker, s.text) for s in extract(extractor, text) if s.cue == ":"]
    assert [(str(speaker).lower(), words) for speaker, words in turns] == [
        ("brenner", "Will the port reopen on Monday?"),
        (
            "lund",
            "It will. The dockers agreed to the offer. We have a deal on pay and on hours now.",
        ),
        ("brenner", "Thank you, minister."),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Ms. Lund: The fishing fleet will get its quota back next spring.\n",
        "LUND: The fishing fleet will get its quota back next spring.\n",
    ],
    ids=["honorific", "capitals"],
)
def test_quoting_speaker_label_without_marks(extractor: Extractor, text: str) -> None:
    statement = next(s for s in extract(extractor, text) if s.cue == ":")
    assert "Lund" in str(statement.speaker) or "LUND" in str(statement.speaker)
    assert statement.text == "The fishing fleet will get its quota back next spring."


@pytest.mark.parametrize(
    "text",
    [
        "UPDATE: The port reopened on Monday after the dockers agreed.\n",
        "The deal has one condition: the dockers must agree by Monday.\n",
    ],
    ids=["furniture", "colon-in-prose"],
)
def test_quoting_capitals_before_a_colon_are_not_always_a_speaker(
    extractor: Extractor, text: str
) -> None:
    assert all(s.cue != ":" for s in extract(extractor, text))


@pytest.mark.parametrize(
    ("text", "speaker_id", "words"),
    [
        (
            'Kari Lund scolded the harbour board: "You have failed the dockers."',
            "lund",
            "You have failed the dockers.",
        ),
        (
            "Hal Brenner put it bluntly: “The strike is over.”",
            "brenner",
            "The strike is over.",
        ),
    ],
    ids=["scolded", "put-it-bluntly"],
)
def test_quoting_colon_after_a_non_speech_verb_gives_the_subject(
    extractor: Extractor, text: str, speaker_id: str, words: str
) -> None:
    statements = extract(extractor, text)
    assert [(s.speaker_id, s.text) for s in statements] == [(speaker_id, words)]


def test_quoting_colon_before_a_phrase_in_prose_is_no_attribution(extractor: Extractor) -> None:
    text = 'Kari Lund said the wind farm plan has one goal: "zero waste" by the end of 2030.'
    statements = extract(extractor, text)
    assert all(s.cue == "said" for s in statements), [(s.cue, s.text) for s in statements]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "On Monday, Ana Ruiz made the following remark:\n\n"
            "“The ferry will run until the bridge is paid for.”",
            "Ana Ruiz",
        ),
        (
            "The bias shows in how the council rated this statement by Ana Ruiz in June:\n\n"
            "“The ferry will run until the bridge is paid for.”",
            "Ana Ruiz",
        ),
    ],
    ids=["made-the-following-remark", "statement-by"],
)
def test_quoting_colon_ending_the_paragraph_before_introduces_the_quote(
    extractor: Extractor, text: str, speaker: str
) -> None:
    statements = extract(extractor, text)
    assert [(s.speaker, s.text) for s in statements] == [
        (speaker, "The ferry will run until the bridge is paid for.")
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The port vote is on Friday.\n\n“We will not move the ferry terminal.” That was "
            "the view of Senator Ana Ruiz on Monday.",
            "Ana Ruiz",
        ),
        (
            "The port vote is on Friday.\n\n“We will not move the ferry terminal.”\n\n"
            "The words came from Ana Ruiz, who chairs the harbour board.",
            "Ana Ruiz",
        ),
        (
            "Mayor Ana Ruiz said the harbour fair would open in May.\n\n"
            "“We will not move the ferry terminal.”\n\nThose were the words of the mayor.",
            "Ana Ruiz",
        ),
    ],
    ids=["view-of", "words-came-from-next-paragraph", "role-named-before"],
)
def test_quoting_speaker_named_only_in_the_next_sentence(
    extractor: Extractor, text: str, speaker: str
) -> None:
    statement = one_with(extract(extractor, text), "ferry terminal")
    assert (statement.speaker, statement.kind) == (speaker, "direct")


@pytest.mark.parametrize(
    "after",
    [
        "That is wrong, Ana Ruiz said on Monday.",
        "This post was updated with a comment from Ana Ruiz.",
        "That was the plan of the board before Ana Ruiz came.",
    ],
    ids=["own-report", "this-picks-a-noun", "nobody-owns-it"],
)
def test_quoting_next_sentence_that_does_not_point_back_names_no_speaker(
    extractor: Extractor, after: str
) -> None:
    text = f"The port vote is on Friday.\n\n“We will not move the ferry terminal.”\n\n{after}"
    statements = extract(extractor, text)
    assert all("ferry terminal" not in s.text for s in statements), statements


def test_quoting_a_second_reporting_verb_takes_the_quote_after_it(extractor: Extractor) -> None:
    text = (
        "“Bring the boats home,” Kari Lund sings to the mayor before asking him, "
        "“Who will pay for the harbour?”"
    )
    sung = one_with(extract(extractor, text), "boats home")
    asked = one_with(extract(extractor, text), "Who will pay")
    assert (sung.text, sung.cue, sung.speaker_id) == ("Bring the boats home", "sings", "lund")
    assert (asked.cue, asked.speaker_id) == ("asking", "lund")


def test_quoting_a_verb_without_an_object_after_a_quote_attributes_it(
    extractor: Extractor,
) -> None:
    text = "“Save our ferry,” the crowd chanted outside the town hall."
    statement = one_with(extract(extractor, text), "Save our ferry")
    assert (statement.speaker, statement.cue) == ("the crowd", "chanted")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            "“The quotas are a disgrace,” Hal Brenner said.\n\n‘A Port in Decline.’\n\n"
            "The harbour lost half its trade in a decade.",
            [],
        ),
        (
            "“The quotas are a disgrace,” Hal Brenner said.\n\n“We will fight them.”\n\n"
            "The harbour lost half its trade in a decade.",
            ["We will fight them."],
        ),
    ],
    ids=["title-case-heading", "sentence-quote"],
)
def test_quoting_a_quoted_subheading_is_no_statement(
    extractor: Extractor, text: str, kept: list[str]
) -> None:
    later = [s.text for s in extract(extractor, text) if "disgrace" not in s.text]
    assert later == kept


def test_quoting_split_quotation_leaves_out_its_attribution(extractor: Extractor) -> None:
    text = "“The quotas,” Hal Brenner said on Friday, “are a disgrace to every port.”"
    statement = one_with(extract(extractor, text), "disgrace")
    assert "Brenner" not in statement.text
    assert statement.text.startswith("The quotas")
    assert statement.text.endswith("are a disgrace to every port.")


@pytest.mark.parametrize(
    ("text", "quoted", "reported"),
    [
        (
            '"The nets are empty," Brenner said. "The quotas did that." '
            "Brenner added that the fleet would stay in port.",
            "The quotas did that",
            "the fleet would stay in port",
        ),
        (
            '"The harbour is finished." Kari Lund said the dredgers had left for good.',
            "The harbour is finished",
            "the dredgers had left for good",
        ),
    ],
    ids=["carried-on", "named-after"],
)
def test_quoting_quote_ending_its_sentence_is_no_half_of_the_next_report(
    extractor: Extractor, text: str, quoted: str, reported: str
) -> None:
    statements = extract(extractor, text)
    quote = one_with(statements, quoted)
    report = one_with(statements, reported)
    assert quote is not report
    assert quote.kind == "direct" and report.kind == "indirect"
    assert quote.speaker_id == report.speaker_id
    assert report.speaker_id is not None


def test_quoting_signature_keeps_a_double_barrelled_surname(extractor: Extractor) -> None:
    text = '"Fixing piers is hard. Promising them is easy." - Marit Solheim-Dahl (@MaritSD)'
    assert one_with(extract(extractor, text), "Fixing piers").speaker == "Marit Solheim-Dahl"


def test_quoting_sentence_naming_the_speaker_outranks_the_speaker_before(
    extractor: Extractor,
) -> None:
    text = (
        '"The ferry will run," Brenner said. "Every week without it costs us a harvest." '
        "The warning came from Nadia Karimova, who heads the growers' union."
    )
    assert one_with(extract(extractor, text), "costs us a harvest").speaker == "Nadia Karimova"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Lund said the pier had been closed without warning.\n\n"
            '"Nobody asked the harbour. Nobody asked us.\n\n'
            '"We will reopen it ourselves if we have to."',
            "lund",
        ),
        (
            "Lund said the pier had been closed without warning. The council disagreed.\n\n"
            '"We will reopen it ourselves if we have to."',
            None,
        ),
    ],
    ids=["runs-on", "narration-between"],
)
def test_quoting_quote_paragraph_after_a_report_goes_on_with_its_speaker(
    extractor: Extractor, text: str, speaker: str | None
) -> None:
    found = [s for s in extract(extractor, text) if "reopen it ourselves" in s.text]
    assert [s.speaker_id for s in found] == ([speaker] if speaker else [])


@pytest.mark.parametrize(
    ("between", "joined"),
    [
        ("citing the missing invoices from the harbour board", False),
        ("going on to compare the harbour board with the port authority", False),
        ("smiling", True),
        ("speaking at the town hall in Vesterby", True),
    ],
    ids=["citing-an-object", "going-on-to-compare", "manner", "place"],
)
def test_quoting_participle_reporting_something_new_ends_the_run(
    extractor: Extractor, between: str, joined: bool
) -> None:
    text = (
        f'"The audit is three months late," Ms Lund said, {between}. '
        '"We asked for the accounts twice and heard nothing."'
    )
    later = one_with(extract(extractor, text), "asked for the accounts")
    assert later.speaker_id == "lund"
    assert ("audit is three months late" in later.text) is joined
