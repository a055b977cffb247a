"""Acts inside targets, cuts that are not removals, what is set aside, and money kept out.

The topics and sentences are our own (an invented harbour levy, bridge toll and arena).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rules.attitude_words import act_word_in
from rules.loader import check_config, load
from rules.stance import StanceReader
from tests.rules.stance_reading import position, reader_for

TOPICS = yaml.safe_load(
    """
topics:
  - id: harbour-levy
    match: [harbour levy, levy]
    targets: [harbour levy, levy]
    positions:
      - id: abolish
        label: abolish the harbour levy
        attitude: oppose
      - id: keep
        label: keep the harbour levy (a lower rate included)
        attitude: support
    opposed: [[abolish, keep]]
  - id: toll-scrapping
    match: [bridge toll, toll]
    targets: [bridge toll, scrap the toll, toll-free crossing]
    positions:
      - id: scrap
        label: scrap the bridge toll
        attitude: support
      - id: keep
        label: keep the bridge toll
        attitude: oppose
    opposed: [[scrap, keep]]
  - id: quarry-ban
    match: [quarry, quarrying]
    targets: [quarrying, ban on quarrying]
    positions:
      - id: ban
        label: ban new quarrying in the valley
        attitude: oppose
      - id: allow
        label: allow new quarries
        attitude: support
    opposed: [[ban, allow]]
  - id: ferry-fare
    match: [ferry fare]
    targets: [ferry fare, fare]
    positions:
      - id: abolish
        label: abolish the ferry fare, or phase it out
        attitude: oppose
      - id: keep
        label: keep a ferry fare (a cut in it included)
        attitude: support
    opposed: [[abolish, keep]]
  - id: arena-grant
    match: [arena, arena grant]
    targets: [grant, public funds, council money]
    positions:
      - id: fund
        label: put council money into the new arena
        attitude: support
      - id: no-grant
        label: no council money for the arena
        attitude: oppose
    opposed: [[fund, no-grant]]
"""
)


@pytest.fixture(scope="module")
def reader() -> StanceReader:
    return reader_for(TOPICS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positions declared of the act ("scrap: support"): the thing is turned round
        ("The bridge toll is unfair and should go.", "scrap"),
        ("We will scrap the bridge toll.", "scrap"),
        ("Scrapping the toll would be a mistake.", "keep"),
        ("I support a toll-free crossing.", "scrap"),
    ],
)
def test_acts_declared_of_the_act(reader: StanceReader, text: str, expected: str) -> None:
    assert position(reader, text, "toll-scrapping") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # positions declared of the thing ("ban: oppose" quarrying): the act is combined
        ("We fully back a ban on quarrying in the valley.", "ban"),
        ("A ban on quarrying would be a disaster for local jobs.", "allow"),
        ("I am against any new quarrying in the valley.", "ban"),
    ],
)
def test_acts_declared_of_the_thing(reader: StanceReader, text: str, expected: str) -> None:
    assert position(reader, text, "quarry-ban") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We will trim the harbour levy rather than abolish it.", "keep"),
        ("We will lower the levy instead of scrapping it.", "keep"),
        # a cut is neither ending the levy nor keeping it as it is
        ("We will cut the harbour levy next year.", None),
        ("I support cutting the levy for small boats.", None),
        ("We will abolish the harbour levy.", "abolish"),
        ("Scrapping the harbour levy would wreck the port's budget.", "keep"),
        ("Abolishing the levy is the centrepiece of our manifesto.", "abolish"),
        ("I support keeping the harbour levy.", "keep"),
        # a denial over a clause: the speaker does not say it, so will not do it
        ("I am not going to stand here and tell you that we can scrap the harbour levy.", "keep"),
        # the first verb's own "not" is not the second's
        ("We will not raise the harbour levy and will abolish it within a year.", "abolish"),
        # the parser may hang "is" under "saying": the act is still what is judged
        ("Scrapping the harbour levy without saying what you would cut is reckless.", "keep"),
    ],
)
def test_acts_cuts_and_what_is_set_aside(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "harbour-levy") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council is putting public funds into this arena.", "fund"),
        ("We will pour council money into the arena.", "fund"),
        ("the council would not put any public funds into a new arena", "no-grant"),
        ("Council money should stay out of this arena.", "no-grant"),
        ("Not a penny of council money will go to the arena.", "no-grant"),
        ("The grant is a good deal for the town.", "fund"),
    ],
)
def test_acts_money_put_in_or_kept_out(reader: StanceReader, text: str, expected: str) -> None:
    assert position(reader, text, "arena-grant") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Getting rid of the levy would be a disaster for the docks.", "keep"),
        ("Dropping the harbour levy would blow a hole in the port's accounts.", "keep"),
        ("Ending the levy is the heart of our programme, and we stand behind it.", "abolish"),
        ("Keeping the levy is the core of our plan.", "keep"),
        # the centre of something other than the speaker's own plan: that noun decides
        ("The harbour levy is the heart of the problem.", "abolish"),
    ],
)
def test_acts_judged_as_acts(reader: StanceReader, text: str, expected: str | None) -> None:
    assert position(reader, text, "harbour-levy") == expected


@pytest.mark.parametrize(
    ("phrase", "word"),
    [
        ("abolish", "abolish"),
        ("scrapping the toll", "scrapping"),
        ("ban on fracking", "ban"),
        ("free tuition", "free"),
        ("toll-free crossing", "free"),
        ("tax on emissions", None),
        ("minimum wage rise", None),
        ("bridge toll", None),
    ],
)
def test_acts_found_in_a_target_by_its_words(phrase: str, word: str | None) -> None:
    assert act_word_in(phrase) == word


def test_acts_rules_check_warns_on_a_target_that_holds_an_act(tmp_path: Path) -> None:
    (tmp_path / "officials.yaml").write_text("officials:\n  - id: ann\n    name: Ann Example\n")
    (tmp_path / "topics.yaml").write_text(
        "topics:\n"
        "  - id: fees\n"
        "    match: [tuition fees]\n"
        "    targets: [tuition fees, abolish]\n"
        "    positions:\n"
        "      - id: abolish\n"
        "        attitude: support\n"
        "      - id: keep\n"
        "        attitude: oppose\n"
        "    opposed: [[abolish, keep]]\n"
    )
    # A warning, not an error: the configuration still loads and runs.
    assert check_config(tmp_path) == []
    warnings = load(tmp_path).warnings
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(f"{tmp_path}/topics.yaml:4: topics[0].targets[1]: "), warnings
    assert "holds the act 'abolish'" in warnings[0]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # both sides said, one of them only half as often: no position rather than a guess
        ("The harbour levy is fair and the levy is sensible, but the levy is a burden.", None),
        ("I back the harbour levy and I welcome the levy, but I would scrap the levy.", None),
        ("I back the harbour levy, I welcome the levy and I will defend the levy.", "keep"),
    ],
)
def test_acts_both_sides_give_no_position(
    reader: StanceReader, text: str, expected: str | None
) -> None:
    assert position(reader, text, "harbour-levy") == expected


def test_acts_a_label_that_allows_a_cut_names_no_act_of_cutting(
    reader: StanceReader,
) -> None:
    assert position(reader, "We will cut the ferry fare for pensioners.", "ferry-fare") is None
    assert position(reader, "We will phase out the ferry fare.", "ferry-fare") == "abolish"


@pytest.mark.parametrize(
    "text",
    [
        "The mayor dropped her plan on Friday, telling the packed meeting of the port board "
        "that she would trim the harbour levy rather than abolish it.",
        "The mayor changed course on Friday, telling the packed meeting of the port board "
        "that she would lower the harbour levy instead of scrapping it.",
    ],
)
def test_acts_set_aside_when_the_statement_hangs_as_a_relative_clause(
    reader: StanceReader, text: str
) -> None:
    """The statement opens at "she"; the parser may make its verb a relative clause of a
    noun before it, and what is set aside is still read."""
    quote = text[text.index("she would") :].rstrip(".")
    start = text.index(quote)
    doc = reader.nlp(text)
    _topics, stances = reader.read(
        doc, [(start, start + len(quote))], article_topics={"harbour-levy"}
    )
    assert [s.position for s in stances if s.topic == "harbour-levy"] == ["keep"]
