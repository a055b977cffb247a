"""Reading a test article through an extractor: one place for the helpers the rules tests share."""

from __future__ import annotations

from datetime import date

from rules.extract import Extractor
from rules.records import Statement
from watchers.article import Article

PUBLISHED = date(2024, 5, 2)


def read(extractor: Extractor, text: str, published: date | None = PUBLISHED) -> list[Statement]:
    """The statements of ``text`` read as one article published on ``published``."""
    return extractor.extract(Article(id="t", source="test", text=text, published=published))


def one_with(statements: list[Statement], content: str) -> Statement:
    """The only statement whose words contain ``content``."""
    found = [s for s in statements if content in s.text]
    assert len(found) == 1, [(s.text, s.speaker) for s in found]
    return found[0]
