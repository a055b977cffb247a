from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml

from watchers.text import clean_text, guess_title, html_to_text, parse_date_line


def _kept(raw: str, line: str) -> bool:
    """``line`` of ``raw`` survives clean_text unchanged, at the same offset."""
    start = raw.index(line)
    return clean_text(raw)[start : start + len(line)] == line


def _blanked(raw: str, line: str) -> bool:
    start = raw.index(line)
    return clean_text(raw)[start : start + len(line)].strip() == ""


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "Headline\n\nA sentence.\n",
        " date 2020-01-05 Headline only\r\n\r\nA sentence.\r\n",
        "\ufeffHeadline\nText.",
        "Line one\n\n\n   \nLine one\nLast line without newline",
    ],
)
def test_text_clean_text_keeps_length_and_newlines(raw: str) -> None:
    cleaned = clean_text(raw)
    assert len(cleaned) == len(raw)
    assert [m.start() for m in re.finditer("[\r\n]", cleaned)] == [
        m.start() for m in re.finditer("[\r\n]", raw)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Minister signals new approach to the border dispute",  # headline
        "The minister speaks to reporters in the capital",  # caption
        "Please use a modern browser to watch this clip",
        "15 moments from the summit",
        "READ MORE: The minister's plan, explained.",
        "Image: The minister arrives at the summit.",
        "Related: Five things to know about the summit.",
        "Source: A wire agency.",
        "Watch: The full press conference.",
        "Advertisement",
        "Sign up for our morning briefing.",
        "Follow us on social media.",
        "Why are summits getting shorter?",  # a teaser link phrased as a question
        "这是一条广告信息。",  # spam in another script, even with a full stop
    ],
)
def test_text_clean_text_blanks_furniture(line: str) -> None:
    raw = f"The talks resumed on Monday, officials said.\n\n{line}\n\nBoth sides agreed to meet."
    assert _blanked(raw, line)
    assert _kept(raw, "The talks resumed on Monday, officials said.")
    assert _kept(raw, "Both sides agreed to meet.")


def test_text_clean_text_blanks_repeats_of_an_earlier_line() -> None:
    raw = "Watch the video below\n\nThe mayor said the plan was ready.\n\nWatch the video below\n"
    cleaned = clean_text(raw)
    assert "Watch the video below" not in cleaned
    repeat_start = raw.rindex("Watch")
    assert cleaned[repeat_start:].strip() == ""


@pytest.mark.parametrize(
    "line",
    [
        "The mayor said the plan was ready.",
        "Is the plan ready, the mayor asked, or is it not?",
        "Nobody expected it!",
        '"We are ready," the mayor said.',
        'The mayor called the plan "ready."',
        'The plan is "ready"',  # ends in a closing quote mark
        "The mayor said the plan was “ready”",
        "The mayor’s aide added: “It is.”",
        "The aide said the plan is done (for now).",
        "“The ferry must keep running.” ― Ana Lopes",  # a quotation signed with a dash
        '"Nobody asked the island." -- Tomas Brill, a fisherman',
        "“The ferry runs again on Monday.“",  # closed with an opening mark by mistake
        "“The harbour stays open all winter.‘",
        "‘The pier is safe now.“)",
    ],
)
def test_text_clean_text_keeps_sentences(line: str) -> None:
    raw = f"Some headline\n\n{line}\n\nAnother sentence."
    assert _kept(raw, line)


def test_text_clean_text_keeps_a_quotation_over_two_paragraphs() -> None:
    first = 'She said: "The first part of the answer is long. It goes on.'
    second = '"And the second part closes the quotation."'
    raw = f"{first}\n\n{second}"
    assert clean_text(raw) == raw


def test_text_clean_text_keeps_a_colon_line_that_introduces_a_quotation() -> None:
    raw = 'The envoy told reporters:\n\n"We will return next week."\n'
    assert clean_text(raw) == raw


def test_text_clean_text_keeps_a_sentence_broken_over_lines() -> None:
    raw = "The envoy said the talks\nwould resume next week.\n\nCaption under a photo\nNext line.\n"
    cleaned = clean_text(raw)
    assert _kept(raw, "The envoy said the talks")
    assert "Caption under a photo" not in cleaned


def test_text_clean_text_blanks_the_date_marker_and_keeps_the_rest_of_the_line() -> None:
    raw = " date 2019-03-04 The envoy arrived on Sunday, officials said.\n\nMore text here."
    cleaned = clean_text(raw)
    assert cleaned.startswith(" " * len(" date 2019-03-04 "))
    assert _kept(raw, "The envoy arrived on Sunday, officials said.")


def test_text_clean_text_blanks_a_headline_after_the_date_marker() -> None:
    raw = " date 2019-03-04 Envoy arrives for talks\n\nThe envoy arrived on Sunday."
    assert clean_text(raw).split("\n")[0].strip() == ""


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" date 2017-10-02 Rest of the line.", date(2017, 10, 2)),
        ("date 2017-10-02\nText.", date(2017, 10, 2)),
        ("\ufeff date 2021-02-28", date(2021, 2, 28)),
        (" date 2017-13-40 Bad month.", None),
        ("Text first.\n date 2017-10-02", None),
        (" dated 2017-10-02", None),
        (" date 2017-10-02x", None),
        ("", None),
    ],
)
def test_text_parse_date_line(raw: str, expected: date | None) -> None:
    assert parse_date_line(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Envoy arrives for talks\n\nThe envoy arrived.", "Envoy arrives for talks"),
        (
            "广告广告广告\n\nEnvoy arrives for talks\n\nThe envoy arrived.",
            "Envoy arrives for talks",
        ),
        (" date 2019-03-04 Envoy arrives for talks\n\nText.", "Envoy arrives for talks"),
        (" date 2019-03-04 The envoy arrived on Sunday.\n\nText.", None),
        ("\n\nThe envoy arrived on Sunday.", None),
        ("READ MORE: Other story\n\nText.", None),
        ("", None),
    ],
)
def test_text_guess_title(raw: str, expected: str | None) -> None:
    assert guess_title(raw) == expected


def test_text_html_to_text_fragment_paragraphs() -> None:
    html = (
        "<p>First &amp; foremost, the envoy spoke.</p><script>var x = 'no';</script>"
        "<style>p { color: red }</style><div>Second <b>bold</b> paragraph.</div>"
        "<ul><li>One item</li><li>Two item</li></ul><!-- a comment -->tail text."
    )
    assert html_to_text(html) == (
        "First & foremost, the envoy spoke.\n\nSecond bold paragraph.\n\n"
        "One item\n\nTwo item\n\ntail text."
    )


def test_text_html_to_text_line_breaks() -> None:
    assert html_to_text("One<br>two<br><br>Three") == "One\ntwo\n\nThree"


def test_text_html_to_text_plain_text_input() -> None:
    assert html_to_text("Tom &amp; Jerry.\n\nSecond\nline.") == "Tom & Jerry.\n\nSecond line."


def test_text_html_to_text_whole_page_keeps_the_article_only() -> None:
    story = " ".join(["The envoy said the talks would go on for as long as they had to."] * 3)
    page = f"""<!DOCTYPE html><html><head><title>T</title><script>track()</script></head>
    <body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
    <article><h1>Envoy stays</h1><p>{story}</p><p>{story.upper()}</p></article>
    <footer>Contact us | Terms of use</footer></body></html>"""
    text = html_to_text(page)
    assert story in text
    assert "\n\n" in text
    assert "track()" not in text
    assert "Terms of use" not in text


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "\x00<p>nul\x01</p>",
        "<p>\ud800 lone surrogate</p>",
        "<?xml version='1.0' encoding='utf-8'?><p>x</p>",
        "<<<>>>",
        "<p",
        "<html></html>",
        "a < b > c",
    ],
)
def test_text_html_to_text_survives_odd_input(html: str) -> None:
    assert isinstance(html_to_text(html), str)


# --- the seed articles (read from ../shared at run time, never copied here) -------------

_SENTENCE_END = re.compile(r"""[.!"”'’]\s*$""")


@pytest.fixture(scope="module")
def seeds(shared_path: Callable[[str], Path]) -> dict[str, str]:
    folder = shared_path("seeds")
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}


@pytest.fixture(scope="module")
def junk_lines(shared_path: Callable[[str], Path]) -> dict[str, list[str]]:
    gold = yaml.safe_load(shared_path("gold/seeds.yaml").read_text(encoding="utf-8"))
    return dict(gold["junk_lines"])


def test_text_clean_text_seed_files_keep_length(seeds: dict[str, str]) -> None:
    assert seeds
    for raw in seeds.values():
        cleaned = clean_text(raw)
        assert len(cleaned) == len(raw)
        assert cleaned.count("\n") == raw.count("\n")


def test_text_clean_text_seed_files_blank_every_junk_line(
    seeds: dict[str, str], junk_lines: dict[str, list[str]]
) -> None:
    assert junk_lines
    for name, lines in junk_lines.items():
        cleaned = clean_text(seeds[name])
        for line in lines:
            assert line not in cleaned, f"{name}: junk line kept: {line!r}"


def test_text_clean_text_seed_files_keep_sentences(seeds: dict[str, str]) -> None:
    for name, raw in seeds.items():
        cleaned = clean_text(raw)
        body = re.sub(r"\A date \d{4}-\d{2}-\d{2} ", "", raw)
        for line in body.splitlines():
            text = line.strip()
            # A sentence: final . ! or quote mark, and no "LABEL:" prefix.
            if _SENTENCE_END.search(text) and ":" not in text[:12]:
                assert text in cleaned, f"{name}: sentence lost: {text[:60]!r}"
