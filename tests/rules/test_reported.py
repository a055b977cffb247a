"""Reported speech and characterising verbs, on sentences of our own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.tokens import Doc

from rules.config import Config
from rules.extract import Extractor
from rules.model import Official
from rules.quotes import find_quotes
from rules.quoting import attach_quotes
from rules.records import Statement
from rules.report_speakers import subject_of
from rules.reported import reported_clauses
from tests.rules.parsing import Row, hand_parsed
from tests.rules.reading import read

OFFICIALS = (
    Official(id="okafor", name="Dana Okafor", pronoun="she", aliases=["Okafor"]),
    Official(id="ferreira", name="Luis Ferreira", pronoun="he", aliases=["Ferreira"]),
)


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path("."), officials=OFFICIALS))


def extract(extractor: Extractor, text: str) -> list[Statement]:
    return read(extractor, text, date(2024, 3, 6))


def by_text(statements: list[Statement], words: str) -> Statement:
    found = [s for s in statements if words in s.text]
    assert found, [s.text for s in statements]
    return found[0]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('Okafor called the fuel levy "a tax on the sick" on Monday.', "a tax on the sick"),
        ('Okafor described the harbour plan as "reckless" and "unfunded".', "reckless"),
        ('Okafor blasted the port authority for its "shameful" silence.', "shameful"),
        ('Okafor blamed the board for the "slow death" of the quay.', "slow death"),
    ],
    ids=["called", "described-as", "blasted", "blamed"],
)
def test_reported_characterising_verb_with_a_quote_is_a_mixed_statement(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), said)
    assert statement.speaker_id == "okafor"
    assert statement.kind == "mixed"
    assert statement.cue is not None
    assert statement.text.split()[0] not in ("Okafor", "called", "described", "blasted")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('Okafor has spent weeks hammering Ferreira as a "reckless gambler".', "reckless gambler"),
        ('Since June, Okafor has gone after the board as a "club of cowards."', "club of cowards"),
        ('Okafor openly admires the harbour master as a "true public servant."', "public servant"),
    ],
    ids=["object-as", "preposition-object-as", "praise-as"],
)
def test_reported_casting_someone_as_quoted_words_is_a_mixed_statement(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), said)
    assert statement.speaker_id == "okafor"
    assert statement.kind == "mixed"


@pytest.mark.parametrize(
    "text",
    [
        'Okafor worked as a "fixer" for the port before the election.',  # casts nobody
        "Okafor has spent weeks hammering Ferreira as a reckless gambler.",  # nothing quoted
    ],
    ids=["no-object", "no-quote"],
)
def test_reported_casting_without_someone_or_quoted_words_says_nothing(
    extractor: Extractor, text: str
) -> None:
    assert extract(extractor, text) == []


def test_reported_quote_of_a_clause_inside_the_as_phrase_is_not_cast(
    extractor: Extractor,
) -> None:
    text = 'Okafor raised the levy as a warning to what Ferreira called "a reckless plan."'
    assert [s.speaker_id for s in extract(extractor, text)] == ["ferreira"]


def test_reported_characterising_verb_without_a_quote_says_nothing(extractor: Extractor) -> None:
    assert extract(extractor, "Okafor praised the nurses of the northern wards on Monday.") == []


def test_reported_subject_inside_the_quote_is_not_the_speaker(extractor: Extractor) -> None:
    text = (
        "Ferreira spoke at the harbour.\n\n"
        "“My answer, that was a mistake,” the port authority chairman said in an interview."
    )
    statement = by_text(extract(extractor, text), "that was a mistake")
    assert statement.speaker is not None
    # Not "My answer" (the subject the parser finds inside the quotation): the chairman.
    assert statement.speaker.endswith("chairman")
    assert "chairman" in statement.speaker.lower()


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Ferreira said after the meeting he would not accept the levy in its current form.",
            "he would not accept the levy",
        ),
        (
            '"That was absurd," Ferreira said, adding he would never vote for the levy.',
            "he would never vote for the levy",
        ),
        ("Ferreira joked that the harbour board ranks fourth in a two-way race.", "ranks fourth"),
        ("Okafor urged the port authority to reopen the northern quay.", "to reopen"),
    ],
    ids=["clause-hung-as-adverbial", "adding-bare-clause", "joked-that", "urged-to"],
)
def test_reported_clause_without_quotes_is_a_statement(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), said)
    assert statement.kind == "indirect"
    assert statement.speaker_id in ("okafor", "ferreira")
    assert statement.cue is not None


def test_reported_adverbial_clause_with_a_condition_is_not_what_was_said(
    extractor: Extractor,
) -> None:
    text = "Ferreira said nothing if the board met."
    assert not any("the board met" in s.text for s in extract(extractor, text))


def test_reported_clause_after_the_verb_wins_over_narration_before_it(
    extractor: Extractor,
) -> None:
    text = "It is an unlikely turn; Okafor says the ward will reopen later this week."
    statement = by_text(extract(extractor, text), "the ward will reopen")
    assert "unlikely" not in statement.text


def test_reported_second_report_in_one_sentence_is_its_own_statement(
    extractor: Extractor,
) -> None:
    text = (
        'Ferreira said the island was "firmly opposed" to the levy and warned the board '
        "to drop it before the vote."
    )
    statements = extract(extractor, text)
    first = by_text(statements, "firmly opposed")
    second = by_text(statements, "to drop it")
    assert "warned" not in first.text
    assert first.speaker_id == second.speaker_id == "ferreira"


def test_reported_quote_before_the_verb_is_not_joined_to_a_later_clause(
    extractor: Extractor,
) -> None:
    text = (
        "The hearing ran late.\n\n"
        "“You should resign. You should pay it back,” Okafor told Ferreira, after he admitted "
        "under her questioning he had not been held to account."
    )
    statement = by_text(extract(extractor, text), "You should resign")
    assert statement.speaker_id == "okafor"
    assert "held to account" not in statement.text


def test_reported_told_someone_to_act_is_a_statement(extractor: Extractor) -> None:
    text = "Okafor, who knew the vote would fail, told her aides to find a way around the board."
    statement = by_text(extract(extractor, text), "to find a way")
    assert statement.speaker_id == "okafor"


def test_reported_second_report_after_a_quoted_phrase_keeps_the_speaker(
    extractor: Extractor,
) -> None:
    text = (
        'Ferreira said the levy was "the fairest tax this island can raise" and promised '
        "that the northern ward would stay open."
    )
    statement = by_text(extract(extractor, text), "the northern ward would stay open")
    assert statement.speaker_id == "ferreira"
    assert statement.cue == "promised"


def test_reported_report_of_a_report_gives_the_position_to_the_reported_speaker() -> None:
    from rules.model import Position, Topic

    clinics = Topic(
        id="clinics",
        name="Rural clinics",
        match=["clinic"],
        positions=[
            Position(id="expand", cues=["open new clinics"]),
            Position(id="shrink", cues=["close clinics"]),
        ],
        opposed=[["expand", "shrink"]],
    )
    extractor = Extractor(Config(base_dir=Path("."), officials=OFFICIALS, topics=(clinics,)))
    text = "Ferreira said Okafor had told the cabinet that the board would close clinics in May."
    statements = extract(extractor, text)
    inner = next(s for s in statements if s.cue == "told")
    assert inner.speaker_id == "okafor"
    assert inner.text.startswith("the board would close clinics")
    assert inner.stance_on("clinics") is not None
    outer = [s for s in statements if s.speaker_id == "ferreira"]
    assert all(s.stance_on("clinics") is None for s in outer), outer


def test_reported_by_saying_takes_the_subject_of_the_verb_it_explains(
    extractor: Extractor,
) -> None:
    text = 'Okafor went on the radio on Tuesday and began by saying she would "never" close a ward.'
    statement = by_text(extract(extractor, text), "close a ward")
    assert statement.speaker_id == "okafor"


def test_reported_not_inside_the_quote_does_not_cancel_the_statement(
    extractor: Extractor,
) -> None:
    text = '"Are we ready for the vote? Probably not," Okafor said on Monday.'
    statement = by_text(extract(extractor, text), "Probably not")
    assert statement.speaker_id == "okafor"


def test_reported_continued_and_reads_introduce_quotes(extractor: Extractor) -> None:
    text = (
        '"The ward stays open," Okafor said.\n\n'
        'She continued, "And the night clinic will open in May."\n\n'
        "Nobody continued the work on the quay."
    )
    statements = extract(extractor, text)
    statement = by_text(statements, "night clinic")
    assert statement.speaker_id == "okafor"
    assert not any("quay" in s.text for s in statements)


def test_reported_boasted_is_a_reporting_verb(extractor: Extractor) -> None:
    text = "Ferreira boasted that the harbour had never been busier."
    statement = by_text(extract(extractor, text), "never been busier")
    assert statement.speaker_id == "ferreira"


def test_reported_polls_and_documents_are_not_speakers(extractor: Extractor) -> None:
    text = (
        "A harbour poll shows support for the quay has fallen.\n\n"
        "The report said the quay would cost twice the estimate.\n\n"
        'A letter from the board notes that the ferry is "at risk."\n\n'
        "Okafor said the quay would be finished in May."
    )
    statements = extract(extractor, text)
    assert [s.speaker_id for s in statements] == ["okafor"], [s.speaker for s in statements]


def test_reported_document_of_a_configured_source_is_kept() -> None:
    board = Official(
        id="board", name="Harbour Board", kind="institution", aliases=["harbour board"]
    )
    extractor = Extractor(Config(base_dir=Path("."), officials=(*OFFICIALS, board)))
    statements = extract(extractor, "A harbour board report said the quay would cost more.")
    assert [s.speaker_id for s in statements] == ["board"]


# --- speakers the parser hides: hand-parsed sentences ------------------------------


def speaker_token(doc: Doc, verb: str) -> str | None:
    token = next(t for t in doc if t.text == verb)
    speaker = subject_of(token, find_quotes(doc.text))
    return speaker.text if speaker is not None else None


def test_reported_name_before_an_apposition_speaks_when_the_subject_is_quoted() -> None:
    # The parser takes the quoted show title for the subject and hangs the name on a
    # word of the quotation.
    text = "“It is a rift,” Quist, a harbour surrogate, said on “Dock and Friends.”"
    rows = [
        ("“", "PUNCT", "punct", 2),
        ("It", "PRON", "nsubj", 2),
        ("is", "AUX", "ccomp", 13),
        ("a", "DET", "det", 4),
        ("rift", "NOUN", "attr", 2),
        (",", "PUNCT", "punct", 4),
        ("”", "PUNCT", "punct", 7),
        ("Quist", "PROPN", "appos", 4),
        (",", "PUNCT", "punct", 7),
        ("a", "DET", "det", 11),
        ("harbour", "NOUN", "compound", 11),
        ("surrogate", "NOUN", "appos", 7),
        (",", "PUNCT", "punct", 13),
        ("said", "VERB", "ROOT", 13),
        ("on", "ADP", "prep", 13),
        ("“", "PUNCT", "punct", 16),
        ("Dock", "PROPN", "nsubj", 13),
        ("and", "CCONJ", "cc", 16),
        ("Friends", "PROPN", "conj", 16),
        (".", "PUNCT", "punct", 13),
        ("”", "PUNCT", "punct", 13),
    ]
    assert speaker_token(hand_parsed(text, rows), "said") == "Quist"


def test_reported_name_before_an_apposition_speaks_when_the_parser_found_no_subject() -> None:
    # The parser reads the name as one more place of the opening phrase.
    text = "In Leeds, Mara Quist, the director of the trust, told a student that it was sound."
    rows = [
        ("In", "ADP", "prep", 12),
        ("Leeds", "PROPN", "pobj", 0),
        (",", "PUNCT", "punct", 1),
        ("Mara", "PROPN", "compound", 4),
        ("Quist", "PROPN", "conj", 1),
        (",", "PUNCT", "punct", 4),
        ("the", "DET", "det", 7),
        ("director", "NOUN", "appos", 4),
        ("of", "ADP", "prep", 7),
        ("the", "DET", "det", 10),
        ("trust", "NOUN", "pobj", 8),
        (",", "PUNCT", "punct", 4),
        ("told", "VERB", "ROOT", 12),
        ("a", "DET", "det", 14),
        ("student", "NOUN", "dobj", 12),
        ("that", "SCONJ", "mark", 17),
        ("it", "PRON", "nsubj", 17),
        ("was", "AUX", "ccomp", 12),
        ("sound", "ADJ", "acomp", 17),
        (".", "PUNCT", "punct", 12),
    ]
    assert speaker_token(hand_parsed(text, rows), "told") == "Quist"


@pytest.mark.parametrize(
    ("text", "rows", "verb", "speaker"),
    [
        (
            # "suggesting" hung on the verb of the quotation that follows it
            "“Look at it,” Ostby said, suggesting a question: “Do you think it can wait?”",
            [
                ("“", "PUNCT", "punct", 1),
                ("Look", "VERB", "ccomp", 7),
                ("at", "ADP", "prep", 1),
                ("it", "PRON", "pobj", 2),
                (",", "PUNCT", "punct", 1),
                ("”", "PUNCT", "punct", 7),
                ("Ostby", "PROPN", "nsubj", 7),
                ("said", "VERB", "ROOT", 7),
                (",", "PUNCT", "punct", 7),
                ("suggesting", "VERB", "advcl", 16),
                ("a", "DET", "det", 11),
                ("question", "NOUN", "dobj", 9),
                (":", "PUNCT", "punct", 16),
                ("“", "PUNCT", "punct", 16),
                ("Do", "AUX", "aux", 16),
                ("you", "PRON", "nsubj", 16),
                ("think", "VERB", "ccomp", 7),
                ("it", "PRON", "nsubj", 19),
                ("can", "AUX", "aux", 19),
                ("wait", "VERB", "ccomp", 16),
                ("?", "PUNCT", "punct", 16),
                ("”", "PUNCT", "punct", 7),
            ],
            "suggesting",
            "Ostby",
        ),
        (
            # "said" joined to the quoted verb, the name read as its object
            "“We will win,” police chief Ana Roe said Monday.",
            [
                ("“", "PUNCT", "punct", 3),
                ("We", "PRON", "nsubj", 3),
                ("will", "AUX", "aux", 3),
                ("win", "VERB", "ROOT", 3),
                (",", "PUNCT", "punct", 3),
                ("”", "PUNCT", "punct", 3),
                ("police", "NOUN", "compound", 7),
                ("chief", "PROPN", "npadvmod", 3),
                ("Ana", "PROPN", "compound", 9),
                ("Roe", "PROPN", "appos", 7),
                ("said", "VERB", "conj", 3),
                ("Monday", "PROPN", "npadvmod", 10),
                (".", "PUNCT", "punct", 3),
            ],
            "said",
            "Roe",
        ),
    ],
    ids=["participle-on-the-quote", "verb-joined-to-the-quote"],
)
def test_reported_verb_hung_on_the_quotation_takes_a_speaker_outside_it(
    text: str, rows: list[Row], verb: str, speaker: str
) -> None:
    assert speaker_token(hand_parsed(text, rows), verb) == speaker


@pytest.mark.parametrize(
    ("text", "said", "speaker"),
    [
        (
            "When Okafor noted that the port has not paid any levy ― as was true for the years "
            "its books were made public ― Ferreira boasted, “That makes us smart.”",
            "That makes us smart",
            "Ferreira",
        ),
        (
            "The anthem “Grey Harbour” was written by Lena Farr after the storm.",
            "Grey",
            "Lena Farr",
        ),
        (
            "The tax code has grown longer every year. Said Ostby: “The bridge will be paid for "
            "by tolls.”",
            "paid for by tolls",
            "Ostby",
        ),
        (
            "The spot concludes with footage of Ostby saying during the hearing last week, "
            "“Nobody pays for the bridge but the tolls.”",
            "Nobody pays",
            "Ostby",
        ),
        (
            "The new ad uses footage of Ana Ruiz asking, “Why is the ferry not running, you "
            "might ask?”",
            "ferry not running",
            "Ana Ruiz",
        ),
        (
            "Okafor tweeted in the early hours that the board was “useless” and encouraged "
            "voters to “throw them out.”",
            "throw them out",
            "Okafor",
        ),
        (
            "Prime Minister Ana Ruiz said this week that the island would formally declare its "
            "intention to leave the union by March and suggested that it would quit the "
            "fishing pact.",
            "quit the fishing pact",
            "Ana Ruiz",
        ),
        (
            "THE HARBOUR Back when he ran the port, Mr. Kerr said that he considered debt a "
            "last resort.",
            "last resort",
            "Kerr",
        ),
    ],
    ids=[
        "dash-read-as-subject",
        "passive-agent",
        "said-first",
        "footage-of-x-saying",
        "footage-of-x-asking",
        "and-urged",
        "and-suggested-after-a-reported-declare",
        "section-heading-read-as-subject",
    ],
)
def test_reported_speaker_is_the_one_who_speaks_in_the_sentence(
    extractor: Extractor, text: str, said: str, speaker: str
) -> None:
    statements = extract(extractor, text)
    assert {s.speaker for s in statements if said in s.text} == {speaker}


def test_reported_passive_reporting_verb_names_the_hearer_not_the_speaker(
    extractor: Extractor,
) -> None:
    statements = extract(extractor, "The harbour aide was told that the ferry would stop in May.")
    assert all(s.speaker != "The harbour aide" for s in statements)


def test_reported_relative_clause_on_the_hearer_leaves_the_last_clause_to_the_teller(
    extractor: Extractor,
) -> None:
    text = (
        "In a debate this week in Leeds, Mara Quist, the director of the River Trust, sharply "
        "told a student who suggested that people may stay home that “staying home is not a "
        "plan.”"
    )
    statements = extract(extractor, text)
    told = by_text(statements, "staying home is not a plan")
    suggested = by_text(statements, "people may stay home")
    assert told.speaker == "Mara Quist"
    assert (suggested.speaker, suggested.text) == ("a student", "people may stay home")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Ruth Ostby is stressing the need to protect the harbour from “constant flooding” "
            "from the north.",
            "the need to protect the harbour from “constant flooding” from the north",
        ),
        (
            "Ostby proclaimed a goal of “Zero Waste by 2030.” She told the crowd that the bins "
            "would be emptied daily.",
            "a goal of “Zero Waste by 2030.”",
        ),
    ],
    ids=["is-stressing", "proclaimed"],
)
def test_reported_reporting_verb_with_a_quoted_object_says_the_object(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), "“")
    assert (statement.text, statement.kind) == (said, "mixed")


def test_reported_quote_closed_by_a_comma_belongs_to_the_verb_after_it() -> None:
    # The parser makes the sentence's main clause the complement of "cited", inside
    # the subject's relative clause.
    text = "The gaps she cited are “the fees,” the Post reported."
    rows = [
        ("The", "DET", "det", 1),
        ("gaps", "NOUN", "nsubj", 12),
        ("she", "PRON", "nsubj", 3),
        ("cited", "VERB", "relcl", 1),
        ("are", "AUX", "ccomp", 3),
        ("“", "PUNCT", "punct", 4),
        ("the", "DET", "det", 7),
        ("fees", "NOUN", "attr", 4),
        (",", "PUNCT", "punct", 12),
        ("”", "PUNCT", "punct", 12),
        ("the", "DET", "det", 11),
        ("Post", "PROPN", "nsubj", 12),
        ("reported", "VERB", "ROOT", 12),
        (".", "PUNCT", "punct", 12),
    ]
    doc = hand_parsed(text, rows)
    quotes = find_quotes(text)
    drafts = attach_quotes(doc, quotes, reported_clauses(doc, quotes))
    owners = [(str(d.verb), str(d.speaker_token)) for d in drafts if d.quotes]
    assert owners == [("reported", "Post")]


def test_reported_quote_after_a_colon_is_all_the_verb_after_it_reports() -> None:
    # The parser hangs the sentence that introduces the quotation inside it.
    text = "Roe scolded him: “You failed,” she said."
    rows = [
        ("Roe", "PROPN", "nsubj", 1),
        ("scolded", "VERB", "ccomp", 6),
        ("him", "PRON", "dobj", 1),
        (":", "PUNCT", "punct", 6),
        ("“", "PUNCT", "punct", 6),
        ("You", "PRON", "nsubj", 6),
        ("failed", "VERB", "ccomp", 10),
        (",", "PUNCT", "punct", 10),
        ("”", "PUNCT", "punct", 10),
        ("she", "PRON", "nsubj", 10),
        ("said", "VERB", "ROOT", 10),
        (".", "PUNCT", "punct", 10),
    ]
    doc = hand_parsed(text, rows)
    drafts = reported_clauses(doc, find_quotes(text))
    said = next(d for d in drafts if d.verb is not None and d.verb.text == "said")
    assert [text[s:e] for s, e in said.fragments] == ["You failed"]


def test_reported_verb_the_lemmatizer_misreads_is_still_a_cue(extractor: Extractor) -> None:
    # The lemmatizer reads "rated" as "rat".
    text = "The Tide Checker rated 32% of the mayor’s claims as “false” in its latest review."
    statement = by_text(extract(extractor, text), "false")
    assert (statement.speaker, statement.cue) == ("The Tide Checker", "rated")


def test_reported_according_to_opening_the_sentence_reports_what_follows_the_comma(
    extractor: Extractor,
) -> None:
    text = (
        "According to conservative radio host Ana Ruiz, the move reeks of “panic” and desperation."
    )
    statement = by_text(extract(extractor, text), "panic")
    assert statement.text == "the move reeks of “panic” and desperation"
    assert statement.speaker is not None and statement.speaker.endswith("Ana Ruiz")


def test_reported_too_early_to_tell_reports_nothing(extractor: Extractor) -> None:
    text = (
        "At a press conference, Okafor also said that it was too early to tell whether the "
        "fire was set, and there was “no evidence” yet of a crime."
    )
    statements = extract(extractor, text)
    assert [s.cue for s in statements] == ["said"], [(s.cue, s.text) for s in statements]


def test_reported_second_clause_hung_on_the_verb_is_more_of_what_was_said() -> None:
    text = "Roe said Kerr has “respect” for the port and his quay remark was a joke."
    rows = [
        ("Roe", "PROPN", "nsubj", 1),
        ("said", "VERB", "ROOT", 1),
        ("Kerr", "PROPN", "nsubj", 3),
        ("has", "VERB", "ccomp", 1),
        ("“", "PUNCT", "punct", 5),
        ("respect", "NOUN", "dobj", 3),
        ("”", "PUNCT", "punct", 5),
        ("for", "ADP", "prep", 5),
        ("the", "DET", "det", 9),
        ("port", "NOUN", "pobj", 7),
        ("and", "CCONJ", "cc", 9),
        ("his", "PRON", "poss", 13),
        ("quay", "NOUN", "compound", 13),
        ("remark", "NOUN", "conj", 9),
        ("was", "AUX", "ccomp", 1),
        ("a", "DET", "det", 16),
        ("joke", "NOUN", "attr", 14),
        (".", "PUNCT", "punct", 1),
    ]
    doc = hand_parsed(text, rows)
    said = next(d for d in reported_clauses(doc, find_quotes(text)) if str(d.verb) == "said")
    assert [text[s:e] for s, e in said.fragments] == [
        "Kerr has “respect” for the port and his quay remark was a joke"
    ]


def test_reported_participle_opening_the_sentence_takes_the_main_subject(
    extractor: Extractor,
) -> None:
    text = "Bemoaning the “phony” cuts to the ferry budget, the mayor accused the board of lying."
    statement = by_text(extract(extractor, text), "phony")
    assert (statement.speaker, statement.text) == (
        "the mayor",
        "the “phony” cuts to the ferry budget",
    )


@pytest.mark.parametrize(
    ("text", "said", "speaker_id", "kind"),
    [
        (
            "Reporters pressed on Okafor's claim that the clinics had lost “millions” last year.",
            "the clinics had lost “millions” last year",
            "okafor",
            "mixed",
        ),
        (
            "A warning by Luis Ferreira that the pier was unsafe went unheeded.",
            "the pier was unsafe",
            "ferreira",
            "indirect",
        ),
        (
            "Voters still remember Okafor's promise to rebuild every rural clinic.",
            "to rebuild every rural clinic",
            "okafor",
            "indirect",
        ),
    ],
    ids=["claim-that", "warning-by", "promise-to"],
)
def test_reported_noun_for_a_statement_reports_its_clause(
    extractor: Extractor, text: str, said: str, speaker_id: str, kind: str
) -> None:
    statement = by_text(extract(extractor, text), said)
    assert (statement.text, statement.speaker_id, statement.kind) == (said, speaker_id, kind)


@pytest.mark.parametrize(
    "text",
    [
        "Okafor's claim that was dropped on Monday is back.",
        "The claim that the clinics had lost money went unanswered.",
        "Okafor made a promise that nobody believed.",
    ],
    ids=["relative-clause", "no-owner", "promise-relative"],
)
def test_reported_noun_without_owner_or_content_reports_nothing(
    extractor: Extractor, text: str
) -> None:
    assert extract(extractor, text) == []


def test_reported_claim_repeated_by_its_owner_is_one_statement(extractor: Extractor) -> None:
    statements = extract(
        extractor, "Okafor repeated her claim that the clinics had lost “millions” last year."
    )
    assert [(s.text, s.cue, s.speaker_id) for s in statements] == [
        ("the clinics had lost “millions” last year", "repeated", "okafor")
    ]


def test_reported_quoted_claim_belongs_to_its_owner_not_the_mocker(extractor: Extractor) -> None:
    statements = extract(
        extractor, "Ferreira mocked Okafor's claim that the clinics had lost “millions”."
    )
    assert [(s.text, s.speaker_id) for s in statements] == [
        ("the clinics had lost “millions”", "okafor")
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Ferreira claimed that closing the clinics was wise, although he again refused to "
            "publish the figures.",
            "closing the clinics was wise",
        ),
        (
            "Ferreira said the clinics would close, although the ferries would keep running.",
            "the clinics would close, although the ferries would keep running",
        ),
    ],
    ids=["aside-about-the-speaker", "part-of-what-was-said"],
)
def test_reported_concessive_aside_about_the_speaker_is_narration(
    extractor: Extractor, text: str, said: str
) -> None:
    assert by_text(extract(extractor, text), said.split(",")[0]).text == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Okafor said on Friday that she would vote for the ferry subsidy, the only member "
            "of the council's finance committee to do so.",
            "she would vote for the ferry subsidy",
        ),
        (
            "Ferreira said he would keep the night buses, a sharp reversal for a mayor who "
            "had promised cuts.",
            "he would keep the night buses",
        ),
        (
            "Okafor said the city would sell the depot, a move that will anger the unions.",
            "the city would sell the depot",
        ),
        (
            "Ferreira said the clinics would stay open, three weeks after he had called them "
            "a waste of money.",
            "the clinics would stay open",
        ),
        # Not the writer's: an object named twice, and a condition without a time distance.
        (
            "Okafor said she would fund the clinics, the ones on the coast.",
            "she would fund the clinics, the ones on the coast",
        ),
        (
            "Ferreira said the clinics would reopen after the inspectors had left.",
            "the clinics would reopen after the inspectors had left",
        ),
    ],
    ids=[
        "first-to-do-so",
        "reversal-for",
        "a-move-that",
        "weeks-after",
        "object-named-again",
        "after-without-distance",
    ],
)
def test_reported_writers_tail_after_the_clause_is_not_what_was_said(
    extractor: Extractor, text: str, said: str
) -> None:
    assert by_text(extract(extractor, text), said.split(",")[0]).text == said


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "The appeals court ruled that the harbour levy was unlawful.",
            "the harbour levy was unlawful",
        ),
        ("Ferreira ruled out “any new clinic closures” on Monday.", "“any new clinic closures”"),
    ],
    ids=["ruled-that", "ruled-out-a-quote"],
)
def test_reported_ruling_reports_its_clause_not_its_particle(
    extractor: Extractor, text: str, said: str
) -> None:
    assert by_text(extract(extractor, text), said.strip("“”")).text.startswith(said)


def test_reported_ruling_out_without_quotation_reports_nothing(extractor: Extractor) -> None:
    assert extract(extractor, "Ferreira ruled out new clinic closures on Monday.") == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "The clinics, Okafor said on Monday, would stay open all summer.",
            "The clinics would stay open all summer",
        ),
        (
            "These nurses, Okafor explained earlier in the hearing, were “well-paid,” earning "
            "twice the regional wage.",
            "These nurses were “well-paid,” earning twice the regional wage",
        ),
    ],
    ids=["said-on-monday", "mixed-quote-after"],
)
def test_reported_attribution_inside_the_sentence_reports_both_sides(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), said.split()[1])
    assert (statement.text, statement.speaker_id) == (said, "okafor")
    # The offsets span the words on both sides: from the sentence's first words (before
    # the attribution's comma, so without "Okafor") to the last reported word.
    span = text[statement.start : statement.end]
    assert span.split(",")[0] == text.split(",")[0]
    assert "Okafor" not in span.split(",")[0]
    assert span.endswith(said.split()[-1])


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("Okafor launched a program called “Fresh Start” on Monday.", []),
        ("The pills sat in a box labeled “urgent” on the top shelf.", []),
        ("Ferreira backed a scheme dubbed “the clinic lifeline” by locals.", ["locals"]),
    ],
    ids=["called", "labeled", "dubbed-by"],
)
def test_reported_participle_naming_a_thing_is_no_statement(
    extractor: Extractor, text: str, speakers: list[str]
) -> None:
    assert [s.speaker for s in extract(extractor, text)] == speakers


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "In the port last week, Okafor told a meeting of ferry captains that few people "
            "understood the cost of the strike.",
            "few people understood the cost of the strike",
        ),
        (
            "Okafor told the captains who met her that the clinics would stay open.",
            "the clinics would stay open",
        ),
    ],
    ids=["that-clause-read-as-relative", "hung-on-the-hearers-relative-verb"],
)
def test_reported_told_clause_the_parser_hung_on_the_hearers(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), said)
    assert (statement.text, statement.cue, statement.speaker_id) == (said, "told", "okafor")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            'Okafor said there remains a "significant gap in pay," when it comes to how many '
            "nurses work at night.",
            'there remains a "significant gap in pay," when it comes to how many nurses work at '
            "night",
        ),
        ('Okafor said the levy was "dead," as she left the room.', 'the levy was "dead,"'),
    ],
    ids=["clause-after-the-quote", "narration-about-the-speaker"],
)
def test_reported_words_after_a_quote_closed_by_a_comma(
    extractor: Extractor, text: str, said: str
) -> None:
    assert by_text(extract(extractor, text), said[:12]).text == said


def test_reported_clause_ends_before_a_second_speaker_quoted_in_it(extractor: Extractor) -> None:
    text = (
        "Okafor said the northern wards would close in May, and when asked about the cost, "
        'Ferreira replied, "The treasury will find the money."'
    )
    statements = extract(extractor, text)
    okafor = by_text(statements, "northern wards")
    assert okafor.speaker_id == "okafor"
    assert okafor.text == "the northern wards would close in May"
    assert by_text(statements, "treasury").speaker_id == "ferreira"


def test_reported_clause_does_not_end_in_a_conjunction(extractor: Extractor) -> None:
    text = "Okafor said the wards would close and Ferreira said nothing about the cost."
    okafor = by_text(extract(extractor, text), "wards")
    assert okafor.speaker_id == "okafor"
    assert okafor.text.split()[-1] not in ("and", "but", "or")


def _aside_rows(subject_dep: str, subject_head: int) -> list[Row]:
    # "asked" read as a clause of "said" (tagged as a past tense), the place's
    # apposition right before "said": the verb itself has no subject.
    return [
        ("Mara", "PROPN", "compound", 1),
        ("Quist", "PROPN", subject_dep, subject_head),
        (",", "PUNCT", "punct", 1),
        ("asked", "VERB", "ccomp", 13),
        ("about", "ADP", "prep", 3),
        ("fares", "NOUN", "pobj", 4),
        ("in", "ADP", "prep", 5),
        ("Dunmore", "PROPN", "pobj", 6),
        (",", "PUNCT", "punct", 7),
        ("the", "DET", "det", 11),
        ("county", "NOUN", "compound", 11),
        ("seat", "NOUN", "appos", 7),
        (",", "PUNCT", "punct", 13),
        ("said", "VERB", "ROOT", 13),
        ("they", "PRON", "nsubj", 16),
        ("would", "AUX", "aux", 16),
        ("rise", "VERB", "ccomp", 13),
        (".", "PUNCT", "punct", 13),
    ]


@pytest.mark.parametrize(
    ("subject_dep", "subject_head"),
    [("nsubj", 3), ("dep", 13)],
    ids=["aside-has-the-subject", "aside-has-no-subject"],
)
def test_reported_participial_aside_between_subject_and_verb_names_no_speaker(
    subject_dep: str, subject_head: int
) -> None:
    text = "Mara Quist, asked about fares in Dunmore, the county seat, said they would rise."
    rows = _aside_rows(subject_dep, subject_head)
    assert speaker_token(hand_parsed(text, rows), "said") == "Quist"


@pytest.mark.parametrize(
    "text",
    [
        "Dana Okafor, asked about the ferry at a fundraiser in Brackwater, the county seat, "
        "said her office would look at the timetable once the port sent it.",
        "Governor Dana Okafor, speaking at a rally in Dunmore on Friday, said the tolls "
        "would be frozen for a year.",
        "Okafor, interviewed on a morning show in Millbrook, the state capital, said the "
        "quay would reopen in June.",
    ],
    ids=["asked-about", "speaking-in", "interviewed-on"],
)
def test_reported_participial_aside_keeps_the_subject_as_speaker(
    extractor: Extractor, text: str
) -> None:
    statements = extract(extractor, text)
    assert [s.speaker_id for s in statements] == ["okafor"], [
        (s.speaker, s.text) for s in statements
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Okafor dropped her pledge to rebuild every rural clinic.",
        "Ferreira abandoned his promise to cut the fuel levy.",
        "Okafor broke her vow to keep the night ferry running.",
        "Ferreira walked back his pledge to close the old pier.",
        "Okafor retreated from her promise to hire more nurses.",
        "Ferreira has backed away from his pledge to sell the state ferries by 2030.",
    ],
    ids=["dropped", "abandoned", "broke", "walked-back", "retreated-from", "backed-away-from"],
)
def test_reported_promise_given_up_is_no_statement(extractor: Extractor, text: str) -> None:
    assert extract(extractor, text) == []


def test_reported_promise_kept_is_still_a_statement(extractor: Extractor) -> None:
    # The control for the test above: the same noun under a verb that does not give it up.
    statements = extract(extractor, "Ferreira repeated his promise to cut the fuel levy.")
    assert [(s.text, s.speaker_id) for s in statements] == [("to cut the fuel levy", "ferreira")]


@pytest.mark.parametrize(
    ("text", "kept", "left"),
    [
        (
            "Okafor said the new quay would put the port on a sounder footing, allowing "
            "trawlers to land their catch at low tide.",
            "allowing trawlers to land",
            None,
        ),
        (
            "Ferreira said the ferry fares were fair, arguing that diesel had doubled.",
            "the ferry fares were fair",
            "arguing",
        ),
    ],
    ids=["participle-goes-on", "participle-reports-again"],
)
def test_reported_trailing_participle_is_said_unless_it_reports_again(
    extractor: Extractor, text: str, kept: str, left: str | None
) -> None:
    statement = by_text(extract(extractor, text), kept)
    assert statement.kind == "indirect"
    if left is not None:
        assert left not in statement.text


@pytest.mark.parametrize(
    "text",
    [
        "The harbour board's office said in a statement that the pier would reopen in May.",
        "Okafor told the Gazette in an interview on Monday that the pier would reopen in May.",
        "Ferreira said in a letter to the council that the pier would reopen in May.",
    ],
    ids=["statement", "interview", "letter"],
)
def test_reported_clause_hung_on_the_channel_is_what_was_said(
    extractor: Extractor, text: str
) -> None:
    statement = by_text(extract(extractor, text), "the pier would reopen in May")
    assert statement.text == "the pier would reopen in May"
    assert statement.speaker is not None


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "Ferreira denied the reports of a secret ferry deal.",
            "the reports of a secret ferry deal",
        ),
        ("The port board acknowledged a shortfall, which it blamed on fuel.", "a shortfall"),
        (
            "Okafor announced a review of the harbour dues on Monday.",
            "a review of the harbour dues",
        ),
    ],
    ids=["denied", "aside-after-comma", "announced"],
)
def test_reported_object_of_a_reporting_verb_is_what_was_said(
    extractor: Extractor, text: str, said: str
) -> None:
    statement = by_text(extract(extractor, text), said)
    assert statement.text == said
    assert statement.kind == "indirect"


def test_reported_object_of_a_verb_of_doing_is_nothing_said(extractor: Extractor) -> None:
    assert extract(extractor, "Okafor visited the harbour and inspected the cranes.") == []


def test_reported_saying_after_an_adverb_is_said_by_the_verbs_subject(
    extractor: Extractor,
) -> None:
    text = (
        "Ferreira has refused to discuss the ferry contract, aside from saying he wants "
        "a local operator."
    )
    assert by_text(extract(extractor, text), "he wants a local operator").speaker_id == "ferreira"


def test_reported_colon_ending_a_paragraph_introduces_an_unmarked_paragraph(
    extractor: Extractor,
) -> None:
    text = (
        "Okafor added:\n\nThe harbour will stay open all winter. Nobody will lose a job.\n\n"
        "The plan's cost has three parts:\n\nThe quay, the cranes and the sheds."
    )
    statements = extract(extractor, text)
    introduced = by_text(statements, "harbour will stay open")
    assert introduced.speaker_id == "okafor"
    assert introduced.text == "The harbour will stay open all winter. Nobody will lose a job."
    assert not any("cranes" in s.text for s in statements)


def test_reported_participle_on_a_nouns_infinitive_is_said_by_the_clause_subject() -> None:
    # The parser hangs "telling" on "to sell", which has no subject of its own.
    text = "Ferreira broke with the board over its plan to sell the line, telling crews it paid."
    rows: list[Row] = [
        ("Ferreira", "PROPN", "nsubj", 1),
        ("broke", "VERB", "ROOT", 1),
        ("with", "ADP", "prep", 1),
        ("the", "DET", "det", 4),
        ("board", "NOUN", "pobj", 2),
        ("over", "ADP", "prep", 1),
        ("its", "PRON", "poss", 7),
        ("plan", "NOUN", "pobj", 5),
        ("to", "PART", "aux", 9),
        ("sell", "VERB", "acl", 7),
        ("the", "DET", "det", 11),
        ("line", "NOUN", "dobj", 9),
        (",", "PUNCT", "punct", 9),
        ("telling", "VERB", "advcl", 9),
        ("crews", "NOUN", "dobj", 13),
        ("it", "PRON", "nsubj", 16),
        ("paid", "VERB", "ccomp", 13),
        (".", "PUNCT", "punct", 1),
    ]
    assert speaker_token(hand_parsed(text, rows), "telling") == "Ferreira"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            'Dana Okafor wrote on Facebook: "Great news for the crews at the north quay. '
            'The dues stay where they are."',
            "Great news for the crews at the north quay. The dues stay where they are.",
        ),
        (
            'Okafor told the rally on Friday: "Shame on the board for ignoring the crews."',
            "Shame on the board for ignoring the crews.",
        ),
        (
            'Dana Okafor wrote on her blog: "Bravo to the harbour board for standing by them."',
            "Bravo to the harbour board for standing by them.",
        ),
    ],
    ids=["platform", "hearer", "blog"],
)
def test_reported_colon_before_a_quote_ends_the_attribution(
    extractor: Extractor, text: str, said: str
) -> None:
    # The parser takes the quotation for the verb's object, after the channel or hearer.
    statement = by_text(extract(extractor, text), said)
    assert statement.speaker_id == "okafor"
    assert statement.text == said
    assert statement.kind == "direct"


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            "Ana Ruiz pledged to freeze and then gradually cut the port fees.",
            "to freeze and then gradually cut the port fees",
        ),
        (
            "Ana Ruiz vowed to meet and in some cases exceed the targets without new taxes.",
            "to meet and in some cases exceed the targets without new taxes",
        ),
        (
            "Ana Ruiz urged the board to warn the operator or even directly declare it bankrupt.",
            "to warn the operator or even directly declare it bankrupt",
        ),
    ],
    ids=["hung-on-the-reporting-verb", "read-as-present-tense", "a-reporting-verb-shares-it"],
)
def test_reported_a_verb_sharing_the_infinitives_to_is_more_of_it(
    extractor: Extractor, text: str, content: str
) -> None:
    statements = read(extractor, text)
    assert [s.text for s in statements] == [content]


def test_reported_a_verb_of_its_own_after_an_infinitive_is_not_part_of_it(
    extractor: Extractor,
) -> None:
    statements = read(extractor, "Ana Ruiz pledged to resign and left the room.")
    assert [s.text for s in statements] == ["to resign"]
