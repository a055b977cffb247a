from __future__ import annotations

import pytest

from rules.quotes import Quote, find_quotes


def inner(text: str, quote: Quote) -> list[str]:
    """The text of each fragment, read from the original string by its offsets."""
    return [text[start:end] for start, end in quote.fragments]


@pytest.mark.parametrize(
    "text",
    [
        'Ms Varga said "the bridge opens in May" at the launch.',
        "Ms Varga said “the bridge opens in May” at the launch.",
        "Ms Varga said „the bridge opens in May“ at the launch.",
        'Ms Varga said “the bridge opens in May" at the launch.',
        'Ms Varga said "the bridge opens in May” at the launch.',
    ],
    ids=["straight", "curly", "low-opening", "curly-then-straight", "straight-then-curly"],
)
def test_quotes_straight_curly_and_mixed_marks(text: str) -> None:
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert inner(text, quotes[0]) == ["the bridge opens in May"]
    assert quotes[0].text(text) == "the bridge opens in May"
    assert not quotes[0].single


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Ms Varga said "we are late" and "we are sorry" in one breath.',
            ["we are late", "we are sorry"],
        ),
        ("“First,” he said. “Second,” he added.", ["First,", "Second,"]),
        # A stray closing mark cannot open a quote.
        ("Nothing ” here, then “something” there.", ["something"]),
    ],
)
def test_quotes_several_in_one_paragraph(text: str, expected: list[str]) -> None:
    assert [q.text(text) for q in find_quotes(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        '"The ferry will keep running all winter\n"and the fares will not rise," Mr Pell said.',
        "“The ferry will keep running all winter\n“and the fares will not rise,” Mr Pell said.",
        '"The ferry will keep running all winter\n\n"and the fares will not rise," Mr Pell said.',
    ],
    ids=["straight", "curly", "blank-line-between"],
)
def test_quotes_over_two_paragraphs_is_one_quote(text: str) -> None:
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert inner(text, quotes[0]) == [
        "The ferry will keep running all winter",
        "and the fares will not rise,",
    ]
    assert quotes[0].text(text) == (
        "The ferry will keep running all winter and the fares will not rise,"
    )


def test_quotes_two_closed_paragraphs_are_two_quotes() -> None:
    text = "“The ferry runs.”\n“The fares hold.”"
    assert [inner(text, q) for q in find_quotes(text)] == [["The ferry runs."], ["The fares hold."]]


def test_quotes_over_three_paragraphs_is_one_quote() -> None:
    text = '"The ferry runs.\n\n"The fares hold.\n\n"The pier gets repaired," Mr Pell said.'
    quotes = find_quotes(text)
    assert [inner(text, q) for q in quotes] == [
        ["The ferry runs.", "The fares hold.", "The pier gets repaired,"]
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An unclosed quote ends with its paragraph; the next paragraph opens no mark.
        (
            'Mr Pell said "the ferry will run all winter\nThe harbour was quiet.',
            ["the ferry will run all winter"],
        ),
        # ... and the next paragraph's own quotes are read afresh.
        (
            'Mr Pell said "the ferry will run\nMs Varga said "the bridge opens" later.',
            ["the ferry will run", "the bridge opens"],
        ),
        # An odd number of marks in one paragraph: the last quote runs to its end.
        ('He listed "one" and "two" and "three', ["one", "two", "three"]),
        # Trailing spaces are not part of an unclosed quote.
        ('He said "it is done   \nNext.', ["it is done"]),
    ],
)
def test_quotes_odd_marks_close_at_paragraph_end(text: str, expected: list[str]) -> None:
    quotes = find_quotes(text)
    assert [inner(text, q) for q in quotes] == [[e] for e in expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr Pell called the deal 'a fair price' on Friday.", ["a fair price"]),
        ("Mr Pell called the deal ‘a fair price’ on Friday.", ["a fair price"]),
        ("Mr Pell said he doesn't know and won't guess.", []),
        ("The minister's aide and the ministers' drivers left.", []),
        ("She called it 'a start', didn't she?", ["a start"]),
        (
            "The mayor's office called the plan 'a reset' and the council's view 'late'.",
            ["a reset", "late"],
        ),
    ],
    ids=["straight", "curly", "contractions", "possessives", "quote-then-contraction", "mixed"],
)
def test_quotes_single_marks_vs_apostrophes(text: str, expected: list[str]) -> None:
    quotes = find_quotes(text)
    assert [q.text(text) for q in quotes] == expected
    assert all(q.single for q in quotes)


def test_quotes_single_marks_inside_a_double_quote_are_not_separate() -> None:
    text = "\"He called it 'a mess',\" Ms Varga said."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert not quotes[0].single
    assert quotes[0].text(text) == "He called it 'a mess',"


@pytest.mark.parametrize(
    "text",
    [
        "Intro line.\n\nMs Varga said “the bridge opens in May” and left.\n“Done,” she said.",
        'x\n"Open quote over\n"two lines," he said. Then \'a word\' more.',
        "Über-long prefix — with dashes… and “curly” marks.",
    ],
)
def test_quotes_offsets_index_the_original_text(text: str) -> None:
    quotes = find_quotes(text)
    assert quotes
    for quote in quotes:
        for start, end in quote.fragments:
            assert 0 <= start < end <= len(text)
            before = text[start - 1]
            # Each fragment starts right after a mark or is the start of a paragraph.
            assert before in "\"“„«'‘" or before == "\n"
        assert quote.text(text) == " ".join(text[s:e].strip() for s, e in quote.fragments)
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


def test_quotes_empty_quote_is_dropped() -> None:
    assert find_quotes('He said "" and left.') == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("”Fisheries need rules.” ― Kari Lund", ["Fisheries need rules."]),
        ("Intro.\n”Fisheries need rules,” she said.", ["Fisheries need rules,"]),
        ("He called the deal ”fair” and left.", ["fair"]),
    ],
    ids=["paragraph-start", "after-a-newline", "after-a-space"],
)
def test_quotes_closing_mark_typed_as_opening_mark_opens(text: str, expected: list[str]) -> None:
    assert [q.text(text) for q in find_quotes(text)] == expected


def test_quotes_open_quote_over_four_paragraphs_ends_where_no_mark_carries_it() -> None:
    text = (
        "“The ferry runs.\n“The fares hold.\n“The pier gets repaired.\n"
        "The harbour master left early.\n“Done,” she said."
    )
    assert [inner(text, q) for q in find_quotes(text)] == [
        ["The ferry runs.", "The fares hold.", "The pier gets repaired."],
        ["Done,"],
    ]


def test_quotes_paired_apostrophes_are_double_marks() -> None:
    text = "She paused. ''It is more tinkering at the edges,'' said Ana Lopes. ''Not reform.''"
    found = [q.text(text) for q in find_quotes(text)]
    assert found == ["It is more tinkering at the edges,", "Not reform."]


def test_quotes_paired_apostrophes_keep_offsets() -> None:
    from rules.quotes import paired_apostrophes_as_marks

    text = "''Yes,'' he said, and ``no.''"
    marked = paired_apostrophes_as_marks(text)
    assert len(marked) == len(text)
    assert [text[q.start : q.end] for q in find_quotes(text)] == ["Yes,", "no."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“I would rather live in what he calls “hell” than in his town.” ― Ana Ruiz",
            ["I would rather live in what he calls “hell” than in his town.", "hell"],
        ),
        # One closing mark after the second opening one: the first lost its own.
        (
            "“The ferry is late. “We are tired of it,” the crew said.",
            ["The ferry is late. ", "We are tired of it,"],
        ),
        # A quotation opened with a straight mark closes with one, curly marks inside.
        (
            '"I will read you the question: “Do you trust the board?” Forty said yes." He left.',
            [
                "I will read you the question: “Do you trust the board?” Forty said yes.",
                "Do you trust the board?",
            ],
        ),
        (
            '"The ferry is late. “We are tired of it," the crew said.',
            ["The ferry is late. ", "We are tired of it,"],
        ),
    ],
    ids=["nested", "first-lost-its-closing-mark", "curly-inside-straight", "straight-lost"],
)
def test_quotes_quotation_inside_a_quotation_with_the_same_marks(
    text: str, expected: list[str]
) -> None:
    assert [text[q.start : q.end] for q in find_quotes(text)] == expected


def test_quotes_single_marked_quote_takes_apostrophes_and_runs_over_paragraphs() -> None:
    text = (
        "'We won't pretend the figures are fine,' Ms Varga said. 'The dredging would eat "
        "next year's budget.\n\n'And the islands' ferry would go with it.'"
    )
    quotes = find_quotes(text)
    assert [q.text(text) for q in quotes] == [
        "We won't pretend the figures are fine,",
        "The dredging would eat next year's budget. And the islands' ferry would go with it.",
    ]
    assert all(q.single for q in quotes)


def test_quotes_double_marks_inside_single_marked_quotes_are_part_of_them() -> None:
    text = (
        "'They were promised a berth,' he said. "
        "'Now I must tell them \"sorry, it was a joke\".' The talks ended on 'a sour note'."
    )
    assert [q.text(text) for q in find_quotes(text)] == [
        "They were promised a berth,",
        'Now I must tell them "sorry, it was a joke".',
        "a sour note",
    ]
