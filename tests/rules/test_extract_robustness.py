"""Text that is not clean news (unpaired quotation marks, markup, very long pages, names
from many languages) never crashes extraction; at worst a statement is missed. Every
example is invented."""

from __future__ import annotations

from pathlib import Path

import pytest

import rules.extract
from rules.config import Config
from rules.extract import Extractor, without_markup
from tests.rules.reading import read


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(Config(base_dir=Path(".")))


def spoken(extractor: Extractor, text: str) -> list[tuple[str | None, str]]:
    return [(s.speaker, s.text) for s in read(extractor, text)]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # A quotation never closed at the end of its paragraph.
        (
            'Ana Roe said the quay would close. "We are not done, she said.\n\n'
            "Tomas Wren said the tram would run late.",
            "the tram would run late",
        ),
        # A closing mark with no opening one.
        (
            'Ana Roe said the quay would close." The board met later.\n\n'
            "Tomas Wren said the tram would run late.",
            "the tram would run late",
        ),
        # Three marks in one paragraph.
        (
            'Ana Roe said the fees would stay. "We are not done," she said. "The dredging '
            "starts soon.\n\nTomas Wren said the tram would run late.",
            "the fees would stay",
        ),
    ],
)
def test_extract_odd_quotation_marks_keep_the_statements_around_them(
    extractor: Extractor, text: str, kept: str
) -> None:
    found = spoken(extractor, text)
    assert any(kept in words and speaker for speaker, words in found), found


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        (
            "<p>Mayor Ilse Morrow said the tram would run until midnight.</p><br/>",
            "Ilse Morrow",
            "the tram would run until midnight",
        ),
        (
            '<div class="caption">Photo: Harbour Board</div><p>"We will not back down," '
            "said Tomas Wren.</p>",
            "Tomas Wren",
            "We will not back down",
        ),
        (
            "<p>&ldquo;We are ready,&rdquo; said Ana Roe.</p><!-- advert --><p>More later.</p>",
            "Ana Roe",
            "We are ready",
        ),
    ],
)
def test_extract_html_remnants_are_no_part_of_names_or_words(
    extractor: Extractor, text: str, speaker: str, content: str
) -> None:
    assert spoken(extractor, text) == [(speaker, content)]


def test_extract_without_markup_keeps_every_offset() -> None:
    text = "<p>Roe said &quot;no&quot; &amp; left.</p> a < b & c"
    cleaned = without_markup(text)
    assert len(cleaned) == len(text)
    assert cleaned.split() == ["Roe", "said", '"', 'no"', "&", "left.", "a", "<", "b", "&", "c"]


def test_extract_long_article_reads_every_paragraph(extractor: Extractor) -> None:
    speakers = ["Ana Roe", "Dana Vell", "Ilse Morrow"]
    paragraphs = [
        f'{speakers[i % 3]} spoke at hearing {i}. "Berth {i} will stay open," she said.'
        for i in range(90)
    ]
    found = spoken(extractor, "\n\n".join(paragraphs))
    assert [speaker for speaker, _ in found] == [speakers[i % 3] for i in range(90)]


def test_extract_overlong_text_is_read_up_to_a_paragraph_break(
    extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past the limit a text is cut, not refused; past spaCy's own limit it would raise.
    paragraph = "Ana Roe said the quay would stay open until {}."
    text = "\n\n".join(paragraph.format(i) for i in range(60))
    monkeypatch.setattr(rules.extract, "ARTICLE_CHARACTERS", 1000)
    monkeypatch.setattr(extractor.nlp, "max_length", 800)
    found = spoken(extractor, text)
    assert found[0] == ("Ana Roe", "the quay would stay open until 0")
    assert 10 < len(found) < 60


@pytest.mark.parametrize(
    ("name", "pronoun"),
    [
        ("Ana van der Berg", "she"),
        ("Khalid al-Rashid", "he"),
        ("Omar bin Saleh", "he"),
        ("José María de la Cruz", "he"),
        ("Luiz Inácio da Silva", "he"),
        ("Zoë Nowak-Ørsted", "she"),
        ("Søren Kierkegård-Ødegaard", "he"),
        ("Aoife Ní Bhriain", "she"),
    ],
)
def test_extract_names_with_diacritics_and_particles_are_whole_speakers(
    extractor: Extractor, name: str, pronoun: str
) -> None:
    text = f'{name} said the levee would hold. "We have checked it twice," {pronoun} said.'
    assert [speaker for speaker, _ in spoken(extractor, text)] == [name, name]
